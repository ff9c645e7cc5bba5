// Hex at the test edge (platform-free): vectors are written in hex, the firmware speaks bytes.

export function fromHex(hex: string): Uint8Array {
	const clean = hex.replace(/\s+/g, "");
	if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new RangeError(`not hex: ${hex}`);
	const out = new Uint8Array(clean.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
	return out;
}

export function toHex(bytes: Uint8Array): string {
	let s = "";
	for (const b of bytes) s += (b < 16 ? "0" : "") + b.toString(16).toUpperCase();
	return s;
}
