// UTF-8 (RFC 3629) for records kept in storage: the ES2022 core has no TextEncoder, and XS builds may omit it.

export function utf8Encode(text: string): Uint8Array {
	const out: number[] = [];
	for (const ch of text) {
		const c = ch.codePointAt(0)!;
		if (c < 0x80) out.push(c);
		else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
		else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
		else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
	}
	return Uint8Array.from(out);
}

/** Decodes UTF-8; undefined when the bytes are not well-formed (a damaged record). */
export function utf8Decode(bytes: Uint8Array): string | undefined {
	let s = "";
	for (let i = 0; i < bytes.length;) {
		const b = bytes[i]!;
		// RFC 3629 §4: lead bytes C2–F4; F8–FF never occur (F5–F7 fail the U+10FFFF check below).
		const need = b < 0x80 ? 0 : b >= 0xf8 ? -1 : b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 ? 1 : -1;
		if (need < 0 || i + need >= bytes.length) return undefined;
		let c = need === 0 ? b : b & (0x3f >> need);
		for (let k = 1; k <= need; k++) {
			const n = bytes[i + k]!;
			if ((n & 0xc0) !== 0x80) return undefined;
			c = (c << 6) | (n & 0x3f);
		}
		// Overlong forms, surrogates and values past U+10FFFF are malformed (RFC 3629 §3).
		if ((need === 2 && (c < 0x800 || (c >= 0xd800 && c < 0xe000))) || (need === 3 && (c < 0x10000 || c > 0x10ffff))) return undefined;
		s += String.fromCodePoint(c);
		i += need + 1;
	}
	return s;
}
