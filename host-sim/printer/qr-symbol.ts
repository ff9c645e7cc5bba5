// QR code model 2 symbol builder for the printer emulator (ISO/IEC 18004:2015): byte mode, versions 1–10,
// all four error-correction levels, mask chosen by the §7.8.3 penalty. The printer draws GS ( k symbols
// itself; this is that part of the printer. Platform-free.

export type QrLevel = "L" | "M" | "Q" | "H";

export const QR_MAX_VERSION = 10;

// ISO/IEC 18004 Table 9, versions 1–10: error-correction codewords per block, and number of blocks.
const EC_PER_BLOCK: Readonly<Record<QrLevel, readonly number[]>> = {
	L: [7, 10, 15, 20, 26, 18, 20, 24, 30, 18],
	M: [10, 16, 26, 18, 24, 16, 18, 22, 22, 26],
	Q: [13, 22, 18, 26, 18, 24, 18, 22, 20, 24],
	H: [17, 28, 22, 16, 22, 28, 26, 26, 24, 28],
};
const BLOCKS: Readonly<Record<QrLevel, readonly number[]>> = {
	L: [1, 1, 1, 1, 1, 2, 2, 2, 2, 4],
	M: [1, 1, 1, 2, 2, 4, 4, 4, 5, 5],
	Q: [1, 1, 2, 2, 4, 4, 6, 6, 8, 8],
	H: [1, 1, 2, 4, 4, 4, 5, 6, 8, 8],
};
// §7.9.1 Table 12: error-correction level indicator in the format information.
const LEVEL_BITS: Readonly<Record<QrLevel, number>> = { L: 1, M: 0, Q: 3, H: 2 };

export interface QrSymbol {
	readonly version: number;
	readonly size: number;
	/** size × size modules, row-major, 1 = dark. */
	readonly modules: Uint8Array;
}

/** Data modules of a version: the whole symbol minus function patterns and format/version information. */
function rawDataModules(version: number): number {
	let n = (16 * version + 128) * version + 64;
	if (version >= 2) {
		const align = Math.floor(version / 7) + 2;
		n -= (25 * align - 10) * align - 55;
		if (version >= 7) n -= 36;
	}
	return n;
}

function dataCodewords(version: number, level: QrLevel): number {
	return Math.floor(rawDataModules(version) / 8) - EC_PER_BLOCK[level][version - 1]! * BLOCKS[level][version - 1]!;
}

/** Builds the symbol, or undefined when the data does not fit version 10 at this level. */
export function buildQrSymbol(data: Uint8Array, level: QrLevel): QrSymbol | undefined {
	let version = 1;
	const bitsNeeded = (v: number) => 4 + (v < 10 ? 8 : 16) + data.length * 8;
	while (version <= QR_MAX_VERSION && bitsNeeded(version) > dataCodewords(version, level) * 8) version++;
	if (version > QR_MAX_VERSION) return undefined;
	const capacity = dataCodewords(version, level);
	const bits: number[] = [];
	const put = (value: number, count: number) => {
		for (let i = count - 1; i >= 0; i--) bits.push((value >>> i) & 1);
	};
	put(0b0100, 4); // §7.4.5 byte mode
	put(data.length, version < 10 ? 8 : 16);
	for (const b of data) put(b, 8);
	put(0, Math.min(4, capacity * 8 - bits.length)); // terminator
	while (bits.length % 8 !== 0) bits.push(0);
	const codewords: number[] = [];
	for (let i = 0; i < bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
	for (let pad = 0xec; codewords.length < capacity; pad ^= 0xec ^ 0x11) codewords.push(pad);
	const symbol = new SymbolGrid(version);
	symbol.placeData(interleave(codewords, version, level));
	symbol.applyBestMask(level);
	return { version, size: symbol.size, modules: symbol.modules };
}

/** §7.6: split into blocks, append Reed–Solomon codewords, interleave. */
function interleave(data: number[], version: number, level: QrLevel): number[] {
	const blocks = BLOCKS[level][version - 1]!;
	const ecLength = EC_PER_BLOCK[level][version - 1]!;
	const raw = Math.floor(rawDataModules(version) / 8);
	const shortBlocks = blocks - (raw % blocks);
	const shortLength = Math.floor(raw / blocks) - ecLength;
	const generator = rsGenerator(ecLength);
	const dataBlocks: number[][] = [];
	const ecBlocks: number[][] = [];
	for (let i = 0, at = 0; i < blocks; i++) {
		const length = shortLength + (i < shortBlocks ? 0 : 1);
		const block = data.slice(at, at + length);
		at += length;
		dataBlocks.push(block);
		ecBlocks.push(rsRemainder(block, generator));
	}
	const out: number[] = [];
	for (let i = 0; i <= shortLength; i++) for (const block of dataBlocks) if (i < block.length) out.push(block[i]!);
	for (let i = 0; i < ecLength; i++) for (const block of ecBlocks) out.push(block[i]!);
	return out;
}

/** GF(256) multiply with the QR field polynomial x^8+x^4+x^3+x^2+1 (0x11D). */
function gfMultiply(a: number, b: number): number {
	let product = 0;
	for (let i = 7; i >= 0; i--) {
		product = (product << 1) ^ ((product >>> 7) * 0x11d);
		product ^= ((b >>> i) & 1) * a;
	}
	return product;
}

/** Coefficients of ∏(x − α^i), i = 0…degree−1, highest first without the leading 1. */
function rsGenerator(degree: number): number[] {
	const poly = new Array<number>(degree).fill(0);
	poly[degree - 1] = 1;
	let root = 1;
	for (let i = 0; i < degree; i++) {
		for (let j = 0; j < degree; j++) {
			poly[j] = gfMultiply(poly[j]!, root);
			if (j + 1 < degree) poly[j] ^= poly[j + 1]!;
		}
		root = gfMultiply(root, 2);
	}
	return poly;
}

function rsRemainder(data: number[], generator: number[]): number[] {
	const remainder = new Array<number>(generator.length).fill(0);
	for (const b of data) {
		const factor = b ^ remainder.shift()!;
		remainder.push(0);
		for (let i = 0; i < generator.length; i++) remainder[i] ^= gfMultiply(generator[i]!, factor);
	}
	return remainder;
}

class SymbolGrid {
	readonly version: number;
	readonly size: number;
	modules: Uint8Array;
	readonly #function: Uint8Array;

	constructor(version: number) {
		this.version = version;
		this.size = version * 4 + 17;
		this.modules = new Uint8Array(this.size * this.size);
		this.#function = new Uint8Array(this.size * this.size);
		this.#drawFunctionPatterns();
	}

	#set(x: number, y: number, dark: boolean): void {
		this.modules[y * this.size + x] = dark ? 1 : 0;
		this.#function[y * this.size + x] = 1;
	}

	#drawFunctionPatterns(): void {
		const size = this.size;
		for (let i = 0; i < size; i++) {
			this.#set(6, i, i % 2 === 0); // timing patterns §7.3.4
			this.#set(i, 6, i % 2 === 0);
		}
		this.#finder(3, 3);
		this.#finder(size - 4, 3);
		this.#finder(3, size - 4);
		const positions = this.#alignmentPositions();
		for (const ay of positions) {
			for (const ax of positions) {
				const nearFinder = (ax === 6 && ay === 6) || (ax === 6 && ay === size - 7) || (ax === size - 7 && ay === 6);
				if (!nearFinder) this.#alignment(ax, ay);
			}
		}
		this.#drawFormat(0, 0); // reserve; real bits written with the mask
		if (this.version >= 7) this.#drawVersion();
	}

	#finder(cx: number, cy: number): void {
		for (let dy = -4; dy <= 4; dy++) {
			for (let dx = -4; dx <= 4; dx++) {
				const x = cx + dx;
				const y = cy + dy;
				if (x < 0 || y < 0 || x >= this.size || y >= this.size) continue;
				const ring = Math.max(Math.abs(dx), Math.abs(dy));
				this.#set(x, y, ring !== 2 && ring !== 4);
			}
		}
	}

	#alignment(cx: number, cy: number): void {
		for (let dy = -2; dy <= 2; dy++)
			for (let dx = -2; dx <= 2; dx++) this.#set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
	}

	/** Annex E: centre coordinates of the alignment patterns. */
	#alignmentPositions(): number[] {
		if (this.version === 1) return [];
		const count = Math.floor(this.version / 7) + 2;
		const step = Math.ceil((this.version * 4 + 4) / (count * 2 - 2)) * 2;
		const positions = [6];
		for (let i = count - 2; i >= 0; i--) positions.push(this.size - 7 - i * step);
		return positions;
	}

	/** §7.9: 5 data bits, BCH(15,5) with generator 0x537, masked with 0x5412, in both copies. */
	#drawFormat(levelBits: number, mask: number): void {
		const data = (levelBits << 3) | mask;
		let rem = data;
		for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
		const bits = ((data << 10) | rem) ^ 0x5412;
		const bit = (i: number) => ((bits >>> i) & 1) === 1;
		const size = this.size;
		for (let i = 0; i <= 5; i++) this.#set(8, i, bit(i));
		this.#set(8, 7, bit(6));
		this.#set(8, 8, bit(7));
		this.#set(7, 8, bit(8));
		for (let i = 9; i < 15; i++) this.#set(14 - i, 8, bit(i));
		for (let i = 0; i < 8; i++) this.#set(size - 1 - i, 8, bit(i));
		for (let i = 8; i < 15; i++) this.#set(8, size - 15 + i, bit(i));
		this.#set(8, size - 8, true); // the dark module
	}

	/** §7.10: 6 version bits, BCH(18,6) with generator 0x1F25. */
	#drawVersion(): void {
		let rem = this.version;
		for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
		const bits = (this.version << 12) | rem;
		for (let i = 0; i < 18; i++) {
			const dark = ((bits >>> i) & 1) === 1;
			const a = this.size - 11 + (i % 3);
			const b = Math.floor(i / 3);
			this.#set(a, b, dark);
			this.#set(b, a, dark);
		}
	}

	/** §7.7.3: two-module columns from the bottom right, zigzagging up and down, skipping column 6. */
	placeData(codewords: number[]): void {
		const size = this.size;
		let i = 0;
		for (let right = size - 1; right >= 1; right -= 2) {
			if (right === 6) right = 5;
			for (let vert = 0; vert < size; vert++) {
				for (let j = 0; j < 2; j++) {
					const x = right - j;
					const upward = ((right + 1) & 2) === 0;
					const y = upward ? size - 1 - vert : vert;
					if (this.#function[y * size + x] || i >= codewords.length * 8) continue;
					this.modules[y * size + x] = (codewords[i >>> 3]! >>> (7 - (i & 7))) & 1;
					i++;
				}
			}
		}
	}

	applyBestMask(level: QrLevel): void {
		let best: Uint8Array | undefined;
		let bestPenalty = Infinity;
		const base = this.modules;
		for (let mask = 0; mask < 8; mask++) {
			this.modules = base.slice();
			this.#mask(mask);
			this.#drawFormat(LEVEL_BITS[level], mask);
			const penalty = this.#penalty();
			if (penalty < bestPenalty) {
				bestPenalty = penalty;
				best = this.modules;
			}
		}
		this.modules = best!;
	}

	/** §7.8.2 Table 10 mask conditions (i = row, j = column). */
	#mask(mask: number): void {
		const size = this.size;
		for (let y = 0; y < size; y++) {
			for (let x = 0; x < size; x++) {
				if (this.#function[y * size + x]) continue;
				let invert: boolean;
				switch (mask) {
					case 0:
						invert = (x + y) % 2 === 0;
						break;
					case 1:
						invert = y % 2 === 0;
						break;
					case 2:
						invert = x % 3 === 0;
						break;
					case 3:
						invert = (x + y) % 3 === 0;
						break;
					case 4:
						invert = (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0;
						break;
					case 5:
						invert = ((x * y) % 2) + ((x * y) % 3) === 0;
						break;
					case 6:
						invert = (((x * y) % 2) + ((x * y) % 3)) % 2 === 0;
						break;
					default:
						invert = (((x + y) % 2) + ((x * y) % 3)) % 2 === 0;
				}
				if (invert) this.modules[y * size + x]! ^= 1;
			}
		}
	}

	/** §7.8.3 penalty: runs of ≥ 5, 2×2 blocks, finder-like 1:1:3:1:1 patterns, dark proportion. */
	#penalty(): number {
		const size = this.size;
		const at = (x: number, y: number) => this.modules[y * size + x]!;
		let penalty = 0;
		for (const horizontal of [true, false]) {
			for (let a = 0; a < size; a++) {
				let run = 0;
				let colour = -1;
				let line = "";
				for (let b = 0; b < size; b++) {
					const m = horizontal ? at(b, a) : at(a, b);
					line += m;
					if (m === colour) run++;
					else {
						if (run >= 5) penalty += run - 2;
						colour = m;
						run = 1;
					}
				}
				if (run >= 5) penalty += run - 2;
				const padded = `0000${line}0000`;
				for (let k = padded.indexOf("1011101"); k >= 0; k = padded.indexOf("1011101", k + 1)) {
					if (padded.slice(k - 4, k) === "0000" || padded.slice(k + 7, k + 11) === "0000") penalty += 40;
				}
			}
		}
		let dark = 0;
		for (let y = 0; y < size; y++) {
			for (let x = 0; x < size; x++) {
				const m = at(x, y);
				dark += m;
				if (x + 1 < size && y + 1 < size && m === at(x + 1, y) && m === at(x, y + 1) && m === at(x + 1, y + 1)) penalty += 3;
			}
		}
		const total = size * size;
		penalty += Math.floor(Math.abs(dark * 20 - total * 10) / total) * 10;
		return penalty;
	}
}
