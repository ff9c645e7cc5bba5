// RFC 4648 §4 base64 decoding, for assets embedded as strings (XS has no atob and no Buffer).

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function decodeBase64(text: string): Uint8Array {
	const clean = text.replace(/=+$/, "");
	const out = new Uint8Array((clean.length * 3) >> 2);
	let acc = 0,
		bits = 0,
		o = 0;
	for (let i = 0; i < clean.length; i++) {
		const v = ALPHABET.indexOf(clean[i]!);
		if (v < 0) throw new RangeError(`not base64 at ${i}: ${JSON.stringify(clean[i])}`);
		acc = (acc << 6) | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (acc >> bits) & 0xff;
		}
	}
	return out;
}
