// Stand-in for Moddable's `flash` in the desktop simulator: a RAM partition with NOR semantics
// (erase sets 0xFF, write only clears bits). Contents last until the simulator quits.

const SECTOR_BYTES = 4096;
const PARTITION_BYTES = 1024 * 1024;

export default class Flash {
	readonly byteLength = PARTITION_BYTES;
	readonly blockSize = SECTOR_BYTES;
	readonly #bytes = new Uint8Array(PARTITION_BYTES).fill(0xff);

	constructor(_partition: string) {}

	erase(sector: number): void {
		this.#bytes.fill(0xff, sector * SECTOR_BYTES, (sector + 1) * SECTOR_BYTES);
	}

	read(offset: number, byteLength: number): ArrayBuffer {
		return this.#bytes.slice(offset, offset + byteLength).buffer;
	}

	write(offset: number, byteLength: number, buffer: ArrayBufferLike | ArrayBufferView): void {
		const bytes = ArrayBuffer.isView(buffer)
			? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
			: new Uint8Array(buffer);
		for (let i = 0; i < byteLength; i++) this.#bytes[offset + i]! &= bytes[i]!;
	}
}
