// Hex at the jig protocol's edge (challenge, MAC): bytes inside the firmware, text on the wire.

export function bytesToHex(bytes: Uint8Array): string {
	let s = "";
	for (const b of bytes) s += (b < 16 ? "0" : "") + b.toString(16).toUpperCase();
	return s;
}

/** undefined unless `text` is an even number of hex digits. */
export function hexToBytes(text: string): Uint8Array | undefined {
	if (text.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(text)) return undefined;
	const out = new Uint8Array(text.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
	return out;
}
