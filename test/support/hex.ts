// Hex at the test edge: vectors are written as upper-case hex, the code under test works on bytes.

export function hex(text: string): Uint8Array {
	const clean = text.replace(/\s+/g, "");
	if (clean.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(clean)) throw new Error(`bad hex: ${text}`);
	const out = new Uint8Array(clean.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
	return out;
}

export function toHex(bytes: Uint8Array): string {
	let s = "";
	for (const b of bytes) s += (b < 16 ? "0" : "") + b.toString(16).toUpperCase();
	return s;
}

export function ascii(text: string): Uint8Array {
	const out = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
	return out;
}
