// Reassembles one frame from TCP chunks by its 2-byte big-endian length prefix (the frame of the UnionPay terminal
// specification Q/CUP 006). Memory is bounded by the length the prefix announces (at most 2 + 65 535 bytes).

export class FrameReader {
	#buffer = new Uint8Array(0);
	#filled = 0;
	#needed = -1;

	/**
	 * Adds a chunk; returns the whole frame (prefix included) once complete, else undefined. Bytes after the
	 * frame are ignored: one request has one response.
	 */
	push(chunk: Uint8Array): Uint8Array | undefined {
		if (this.#needed < 0) {
			const header = new Uint8Array(Math.min(2, this.#filled + chunk.length));
			header.set(this.#buffer.subarray(0, this.#filled));
			header.set(chunk.subarray(0, header.length - this.#filled), this.#filled);
			if (header.length < 2) {
				this.#buffer = header;
				this.#filled = header.length;
				return undefined;
			}
			this.#needed = 2 + ((header[0]! << 8) | header[1]!);
			const buffer = new Uint8Array(this.#needed);
			buffer.set(header);
			chunk = chunk.subarray(2 - this.#filled);
			this.#buffer = buffer;
			this.#filled = 2;
		}
		const take = Math.min(chunk.length, this.#needed - this.#filled);
		this.#buffer.set(chunk.subarray(0, take), this.#filled);
		this.#filled += take;
		return this.#filled === this.#needed ? this.#buffer : undefined;
	}
}
