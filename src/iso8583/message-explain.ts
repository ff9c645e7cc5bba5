// A loggable view of a message (PCI DSS 3.4): every field as text, with the PAN masked to its
// first 6 and last 4 digits, tracks reduced to the masked PAN, and PIN block, ICC data and key material
// replaced by their sizes. Binary fields otherwise as upper-case hex.

import { maskPan } from "../card/pan.js";
import type { IsoMessage } from "./iso-message.js";

const HEX = "0123456789ABCDEF";

function hexOf(bytes: Uint8Array): string {
	let s = "";
	for (const b of bytes) s += HEX[b >> 4]! + HEX[b & 15]!;
	return s;
}

const HIDDEN: Readonly<Record<number, string>> = { 52: "PIN block", 55: "ICC data", 62: "key or terminal data" };

export function explainMessage(message: IsoMessage): { readonly mti: string; readonly fields: Readonly<Record<string, string>> } {
	const fields: Record<string, string> = {};
	for (const [number, value] of [...message.fields].sort((a, b) => a[0] - b[0])) {
		const hidden = HIDDEN[number];
		if (hidden) fields[number] = `[${hidden}, ${value.length} bytes]`;
		else if (number === 2 && typeof value === "string") fields[number] = maskPan(value);
		else if ((number === 35 || number === 36) && typeof value === "string") {
			const pan = number === 36 ? value.slice(2).split("=")[0]! : value.split("=")[0]!;
			fields[number] = `[track ${number === 35 ? 2 : 3} of ${maskPan(pan)}]`;
		} else fields[number] = typeof value === "string" ? value : hexOf(value);
	}
	return { mti: message.mti, fields };
}
