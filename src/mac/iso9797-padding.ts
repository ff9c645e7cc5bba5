// ISO/IEC 9797-1:2011 §6.3 padding methods for block-cipher MACs.
//
// Public API: PaddingMethod, padIso9797(data, method, blockSize).

export type PaddingMethod = 1 | 2 | 3;

/**
 * Method 1: zeros to a whole block (none if already whole; an empty message becomes one zero block).
 * Method 2: 0x80 then zeros, always added. Method 3: a block with the length in bits, then method 1.
 */
export function padIso9797(data: Uint8Array, method: PaddingMethod, blockSize: number): Uint8Array {
	if (method === 2) {
		const out = new Uint8Array((Math.floor(data.length / blockSize) + 1) * blockSize);
		out.set(data);
		out[data.length] = 0x80;
		return out;
	}
	const body = Math.max(1, Math.ceil(data.length / blockSize)) * blockSize;
	const prefix = method === 3 ? blockSize : 0;
	const out = new Uint8Array(prefix + body);
	if (method === 3) {
		// Length in bits, big-endian, right-aligned in the first block.
		let bits = data.length * 8;
		for (let i = blockSize - 1; i >= 0 && bits > 0; i--) {
			out[i] = bits % 256;
			bits = Math.floor(bits / 256);
		}
	}
	out.set(data, prefix);
	return out;
}
