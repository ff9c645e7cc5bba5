// The Answer to Reset (ISO/IEC 7816-3 §8.2, EMV 4.3 Book 1 §8.3): TS, the format byte T0, the interface bytes
// TAi TBi TCi TDi (TDi announces the next group and a protocol T), the historical bytes, and TCK when any
// protocol other than T=0 is offered (the XOR of T0 … TCK is then zero). A reader driver uses it to pick the
// protocol; the kernel never needs more of it.
//
// Public API: Atr, AtrError, parseAtr.

import { err, ok, type Result } from "../../hal/result.js";

export interface Atr {
	/** TS 3B: direct convention; 3F: inverse (§8.1). */
	readonly convention: "direct" | "inverse";
	/** The protocols the TDi bytes offer, in order; T=0 alone when there is no TD1 (§8.2.3). */
	readonly protocols: readonly number[];
	/** TA1 (Fi and Di, §8.3) when present. */
	readonly ta1?: number;
	/** TC1: the extra guard time N (§8.3). */
	readonly extraGuardTime: number;
	readonly historical: Uint8Array;
}

export type AtrError =
	| { readonly kind: "bad-ts"; readonly ts: number }
	| { readonly kind: "truncated" }
	/** Bytes after the end the ATR announces. */
	| { readonly kind: "trailing-bytes" }
	| { readonly kind: "bad-tck" };

export function parseAtr(atr: Uint8Array): Result<Atr, AtrError> {
	if (atr.length < 2) return err({ kind: "truncated" });
	const ts = atr[0]!;
	if (ts !== 0x3b && ts !== 0x3f) return err({ kind: "bad-ts", ts });
	let at = 1;
	let y = atr[at]! >> 4;
	const k = atr[at]! & 0x0f;
	at++;
	const protocols: number[] = [];
	let ta1: number | undefined;
	let tc1 = 0;
	for (let group = 1; ; group++) {
		const present = [1, 2, 4, 8].map((bit) => (y & bit) !== 0);
		const bytes: (number | undefined)[] = [];
		for (const p of present) {
			if (!p) {
				bytes.push(undefined);
				continue;
			}
			if (at >= atr.length) return err({ kind: "truncated" });
			bytes.push(atr[at++]!);
		}
		if (group === 1) {
			ta1 = bytes[0];
			tc1 = bytes[2] ?? 0;
		}
		const td = bytes[3];
		if (td === undefined) break;
		protocols.push(td & 0x0f);
		y = td >> 4;
	}
	if (at + k > atr.length) return err({ kind: "truncated" });
	const historical = atr.slice(at, at + k);
	at += k;
	const tckPresent = protocols.some((t) => t !== 0);
	if (tckPresent) {
		if (at >= atr.length) return err({ kind: "truncated" });
		let x = 0;
		for (let i = 1; i <= at; i++) x ^= atr[i]!;
		if (x !== 0) return err({ kind: "bad-tck" });
		at++;
	}
	if (at !== atr.length) return err({ kind: "trailing-bytes" });
	return ok({
		convention: ts === 0x3b ? "direct" : "inverse",
		protocols: protocols.length === 0 ? [0] : protocols,
		...(ta1 === undefined ? {} : { ta1 }),
		extraGuardTime: tc1,
		historical,
	});
}
