// T=1 blocks (ISO/IEC 7816-3 §11.3; EMV 4.3 Book 1 §9.2.4): prologue NAD PCB LEN, information field of LEN
// bytes, epilogue LRC (the XOR of every byte before it). PCB tells the block: I-block 0 N(S) M 00000 (M: more
// data follow, chaining), R-block 10 0 N(R) 00 ee (ee: 01 EDC or parity error, 10 other error), S-block
// 11 r tttt (r set in a response; 00000 RESYNCH, 00001 IFS, 00010 ABORT, 00011 WTX).
//
// Public API: T1Block, SKind, encodeBlock, blockPcb, decodeBlock, lrc.

export type SKind = "resynch" | "ifs" | "abort" | "wtx";

export type T1Block =
	| { readonly kind: "I"; readonly ns: number; readonly more: boolean; readonly inf: Uint8Array }
	| { readonly kind: "R"; readonly nr: number; readonly error: 0 | 1 | 2 }
	| { readonly kind: "S"; readonly type: SKind; readonly response: boolean; readonly inf: Uint8Array };

const S_TYPES: readonly SKind[] = ["resynch", "ifs", "abort", "wtx"];
const EMPTY = new Uint8Array(0);

export function lrc(bytes: Uint8Array): number {
	let x = 0;
	for (const b of bytes) x ^= b;
	return x;
}

export function blockPcb(block: T1Block): number {
	switch (block.kind) {
		case "I":
			return (block.ns << 6) | (block.more ? 0x20 : 0);
		case "R":
			return 0x80 | (block.nr << 4) | block.error;
		case "S":
			return 0xc0 | (block.response ? 0x20 : 0) | S_TYPES.indexOf(block.type);
	}
}

/** The block's bytes with NAD 00 (EMV Book 1 §9.2.4.1.1: no node addressing) and its LRC. */
export function encodeBlock(block: T1Block, nad = 0): Uint8Array {
	const inf = block.kind === "R" ? EMPTY : block.inf;
	const out = new Uint8Array(4 + inf.length);
	out[0] = nad;
	out[1] = blockPcb(block);
	out[2] = inf.length;
	out.set(inf, 3);
	out[out.length - 1] = lrc(out.subarray(0, out.length - 1));
	return out;
}

/**
 * A received block, or why it is invalid (§11.6.3: a wrong EDC, a LEN of FF, a PCB of no known kind, an R-block
 * with data, an S-block's INF of the wrong length).
 */
export function decodeBlock(bytes: Uint8Array): { readonly block: T1Block } | { readonly invalid: string } {
	if (bytes.length < 4 || bytes[2] === 0xff || bytes.length !== bytes[2]! + 4) return { invalid: "length" };
	if (lrc(bytes) !== 0) return { invalid: "EDC" };
	const pcb = bytes[1]!;
	const inf = bytes.slice(3, bytes.length - 1);
	if ((pcb & 0x80) === 0) {
		if ((pcb & 0x1f) !== 0) return { invalid: "I-block PCB" };
		return { block: { kind: "I", ns: (pcb >> 6) & 1, more: (pcb & 0x20) !== 0, inf } };
	}
	if ((pcb & 0x40) === 0) {
		const error = pcb & 0x0f;
		if ((pcb & 0x20) !== 0 || error > 2 || inf.length > 0) return { invalid: "R-block" };
		return { block: { kind: "R", nr: (pcb >> 4) & 1, error: error as 0 | 1 | 2 } };
	}
	const type = S_TYPES[pcb & 0x1f];
	if (type === undefined) return { invalid: "S-block PCB" };
	if ((type === "ifs" || type === "wtx") !== (inf.length === 1)) return { invalid: "S-block INF" };
	return { block: { kind: "S", type, response: (pcb & 0x20) !== 0, inf } };
}
