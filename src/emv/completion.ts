// After the host has answered (EMV 4.3 Book 3 §10.9 online processing, §10.10 issuer-to-card script
// processing, §10.11 completion; Book 4 §6.3.7–6.3.9, Annex A5 for the script results; JR/T 0025.5 §7.9–7.11,
// where UnionPay carries the results as DF31): issuer authentication with the ARPC in 91, by EXTERNAL
// AUTHENTICATE when the AIP says the card supports it (else the card takes 91 in CDOL2), the scripts of 71
// before the second GENERATE AC and of 72 after it, each command in an 86.
//
// Public API: HostAnswer, OnlineResult, isApproval, authenticateIssuer, runScripts, ScriptResults.

import type { CommandApdu } from "../../hal/apdu.js";
import { err, ok, type Result } from "../../hal/result.js";
import { concatBytes } from "../crypto/bytes.js";
import { externalAuthenticate, sw } from "./commands.js";
import type { KernelError } from "./kernel-error.js";
import { findTlv, type Tlv } from "./tlv.js";
import type { CardChannel } from "./transport.js";
import type { Verification } from "./tvr.js";

/** What the acquirer's answer gives the kernel (field 39 and field 55's 91, 71, 72). */
export interface HostAnswer {
	/** Field 39, two characters; it is also the authorisation response code 8A the card gets. */
	readonly responseCode: string;
	/** 91: ARPC ‖ ARC (method 1) or ARPC ‖ CSU ‖ proprietary data (method 2). */
	readonly issuerAuthenticationData?: Uint8Array;
	/** The 71 and 72 templates of field 55, in the order received. */
	readonly scripts?: readonly Tlv[];
}

/** The host answered, or no answer could be had (no connection, timeout): Book 3 §10.7's "unable to go online". */
export type OnlineResult = { readonly kind: "answered"; readonly answer: HostAnswer } | { readonly kind: "unable-to-go-online" };

/** Response codes UnionPay counts as approval: 00, 10 (partial amount), 11 (VIP). */
export function isApproval(responseCode: string): boolean {
	return responseCode === "00" || responseCode === "10" || responseCode === "11";
}

/** Book 3 §10.9: EXTERNAL AUTHENTICATE with 91 once; any status but 9000 sets "issuer authentication failed". */
export async function authenticateIssuer(
	channel: CardChannel,
	issuerAuthenticationData: Uint8Array,
	v: Verification,
): Promise<Result<boolean, KernelError>> {
	const r = await channel.exchange(externalAuthenticate(issuerAuthenticationData));
	if (!r.ok) return err({ kind: "transport", step: "EXTERNAL AUTHENTICATE", error: r.error });
	v.done("issuerAuthenticationPerformed");
	if (sw(r.value) === 0x9000) return ok(true);
	v.set("issuerAuthenticationFailed");
	return ok(false);
}

/** A command APDU from an 86's value (ISO/IEC 7816-4 §5.1 cases 1–4); undefined when it is not one. */
function scriptCommand(bytes: Uint8Array): CommandApdu | undefined {
	if (bytes.length < 4) return undefined;
	const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
	const empty = new Uint8Array(0);
	if (bytes.length === 4) return { cla, ins, p1, p2, data: empty };
	if (bytes.length === 5) return { cla, ins, p1, p2, data: empty, le: bytes[4]! || 256 };
	const lc = bytes[4]!;
	if (lc === 0 || bytes.length < 5 + lc || bytes.length > 6 + lc) return undefined;
	const data = bytes.subarray(5, 5 + lc);
	return bytes.length === 6 + lc ? { cla, ins, p1, p2, data, le: bytes[5 + lc]! || 256 } : { cla, ins, p1, p2, data };
}

/**
 * The Issuer Script Results (Book 4 Annex A5), 5 bytes per script: byte 1 b8–b5 the result (0 not performed,
 * 1 failed, 2 performed), b4–b1 the number of the failing command (F from the 15th on), bytes 2–5 9F18.
 */
export class ScriptResults {
	readonly #results: Uint8Array[] = [];

	add(result: 0 | 1 | 2, command: number, id: Uint8Array): void {
		const out = new Uint8Array(5);
		out[0] = (result << 4) | (result === 1 ? Math.min(command, 15) : 0);
		out.set(id.subarray(0, 4), 1);
		this.#results.push(out);
	}

	/** DF31 / 9F5B; undefined when no script came. */
	value(): Uint8Array | undefined {
		return this.#results.length === 0 ? undefined : concatBytes(...this.#results);
	}
}

/**
 * Book 3 §10.10: each script of `tag` (71 or 72), each 86 in order; 90xx, 62xx, 63xx go on, anything else ends
 * that script as failed and sets the TVR's "script processing failed" bit for before or after the final
 * GENERATE AC. A card gone mid-script is a transport error.
 */
export async function runScripts(
	channel: CardChannel,
	scripts: readonly Tlv[],
	tag: 0x71 | 0x72,
	results: ScriptResults,
	v: Verification,
): Promise<Result<void, KernelError>> {
	for (const script of scripts) {
		if (script.tag !== tag) continue;
		v.done("scriptProcessingPerformed");
		const id = findTlv(script.children ?? [], 0x9f18)?.value ?? new Uint8Array(0);
		const commands = (script.children ?? []).filter((c) => c.tag === 0x86);
		let failedAt = 0;
		for (let i = 0; i < commands.length && failedAt === 0; i++) {
			const command = scriptCommand(commands[i]!.value);
			if (command === undefined) {
				failedAt = i + 1;
				break;
			}
			const r = await channel.exchange(command);
			if (!r.ok) return err({ kind: "transport", step: "ISSUER SCRIPT", error: r.error });
			if (r.value.sw1 !== 0x90 && r.value.sw1 !== 0x62 && r.value.sw1 !== 0x63) failedAt = i + 1;
		}
		if (failedAt > 0) v.set(tag === 0x71 ? "scriptFailedBeforeFinalAc" : "scriptFailedAfterFinalAc");
		results.add(failedAt > 0 ? 1 : 2, failedAt, id);
	}
	return ok();
}
