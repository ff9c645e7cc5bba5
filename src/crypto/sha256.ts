// SHA-256 (FIPS 180-4 §6.2). Platform-free; used for operator password hashing (PBKDF2-HMAC-SHA256) and
// anywhere the application needs a digest. Incremental: `update()` any number of times, then `digest()`.

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K = new Uint32Array([
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
	0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
	0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
	0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
	0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

// FIPS 180-4 §5.3.3: initial hash value.
const H0 = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

export const SHA256_BLOCK_BYTES = 64;
export const SHA256_DIGEST_BYTES = 32;

export class Sha256 {
	readonly #h = new Uint32Array(H0);
	readonly #w = new Uint32Array(64);
	readonly #block = new Uint8Array(SHA256_BLOCK_BYTES);
	#blockLength = 0;
	#totalBytes = 0;
	#finished = false;

	/** An independent copy of the running state (HMAC keeps its keyed pads this way). */
	clone(): Sha256 {
		const copy = new Sha256();
		copy.#h.set(this.#h);
		copy.#block.set(this.#block);
		copy.#blockLength = this.#blockLength;
		copy.#totalBytes = this.#totalBytes;
		copy.#finished = this.#finished;
		return copy;
	}

	update(data: Uint8Array): this {
		if (this.#finished) throw new Error("Sha256.update after digest()");
		let i = 0;
		this.#totalBytes += data.length;
		if (this.#blockLength > 0) {
			const take = Math.min(SHA256_BLOCK_BYTES - this.#blockLength, data.length);
			this.#block.set(data.subarray(0, take), this.#blockLength);
			this.#blockLength += take;
			i = take;
			if (this.#blockLength < SHA256_BLOCK_BYTES) return this;
			this.#compress(this.#block, 0);
			this.#blockLength = 0;
		}
		for (; i + SHA256_BLOCK_BYTES <= data.length; i += SHA256_BLOCK_BYTES) this.#compress(data, i);
		if (i < data.length) {
			this.#block.set(data.subarray(i), 0);
			this.#blockLength = data.length - i;
		}
		return this;
	}

	/** Pads (FIPS 180-4 §5.1.1) and returns the 32-byte digest; the instance is then spent. */
	digest(): Uint8Array {
		if (this.#finished) throw new Error("Sha256.digest called twice");
		this.#finished = true;
		const bitsHigh = Math.floor(this.#totalBytes / 0x20000000);
		const bitsLow = (this.#totalBytes * 8) >>> 0;
		const block = this.#block;
		block[this.#blockLength++] = 0x80;
		if (this.#blockLength > 56) {
			block.fill(0, this.#blockLength);
			this.#compress(block, 0);
			this.#blockLength = 0;
		}
		block.fill(0, this.#blockLength, 56);
		const view = new DataView(block.buffer, block.byteOffset, SHA256_BLOCK_BYTES);
		view.setUint32(56, bitsHigh);
		view.setUint32(60, bitsLow);
		this.#compress(block, 0);
		const out = new Uint8Array(SHA256_DIGEST_BYTES);
		const outView = new DataView(out.buffer);
		for (let j = 0; j < 8; j++) outView.setUint32(j * 4, this.#h[j]!);
		return out;
	}

	// FIPS 180-4 §6.2.2
	#compress(data: Uint8Array, offset: number): void {
		const w = this.#w;
		for (let t = 0; t < 16; t++) {
			const p = offset + t * 4;
			w[t] = (data[p]! << 24) | (data[p + 1]! << 16) | (data[p + 2]! << 8) | data[p + 3]!;
		}
		for (let t = 16; t < 64; t++) {
			const x = w[t - 15]!,
				y = w[t - 2]!;
			const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
			const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
			w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
		}
		const h = this.#h;
		let a = h[0]!,
			b = h[1]!,
			c = h[2]!,
			d = h[3]!,
			e = h[4]!,
			f = h[5]!,
			g = h[6]!,
			hh = h[7]!;
		for (let t = 0; t < 64; t++) {
			const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
			const ch = (e & f) ^ (~e & g);
			const t1 = (hh + S1 + ch + K[t]! + w[t]!) | 0;
			const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
			const maj = (a & b) ^ (a & c) ^ (b & c);
			const t2 = (S0 + maj) | 0;
			hh = g;
			g = f;
			f = e;
			e = (d + t1) | 0;
			d = c;
			c = b;
			b = a;
			a = (t1 + t2) | 0;
		}
		h[0] = h[0]! + a;
		h[1] = h[1]! + b;
		h[2] = h[2]! + c;
		h[3] = h[3]! + d;
		h[4] = h[4]! + e;
		h[5] = h[5]! + f;
		h[6] = h[6]! + g;
		h[7] = h[7]! + hh;
	}
}

/** SHA-256 of `data` in one call. */
export function sha256(data: Uint8Array): Uint8Array {
	return new Sha256().update(data).digest();
}
