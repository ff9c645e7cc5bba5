// The QR Code module matrix (ISO/IEC 18004:2015 §7.7–7.9): function patterns, codeword placement,
// data masking with the penalty rules, and the BCH-protected format and version information.

import { ALIGNMENT_CENTRES, EC_LEVEL_BITS, symbolSize, type EcLevel } from "./qr-tables.js";

/** §7.9.1: BCH(15,5) with generator x^10+x^8+x^5+x^4+x^2+x+1, then XOR 101010000010010. */
export function formatBits(level: EcLevel, mask: number): number {
	const data = (EC_LEVEL_BITS[level] << 3) | mask;
	let rem = data;
	for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
	return ((data << 10) | (rem & 0x3ff)) ^ 0x5412;
}

/** §7.10: BCH(18,6) with generator x^12+x^11+x^10+x^9+x^8+x^5+x^2+1, versions 7 and up. */
export function versionBits(version: number): number {
	let rem = version;
	for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >> 11) * 0x1f25);
	return (version << 12) | (rem & 0xfff);
}

/** §7.8.2 Table 10: the eight data mask conditions; i is the row, j the column. */
const MASKS: readonly ((i: number, j: number) => boolean)[] = [
	(i, j) => (i + j) % 2 === 0,
	(i) => i % 2 === 0,
	(_i, j) => j % 3 === 0,
	(i, j) => (i + j) % 3 === 0,
	(i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
	(i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
	(i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
	(i, j) => (((i + j) % 2) + ((i * j) % 3)) % 2 === 0,
];

export class QrMatrix {
	readonly size: number;
	readonly version: number;
	/** 1 = dark, row-major. */
	readonly dark: Uint8Array;
	/** 1 where a function pattern (not data) sits. */
	readonly reserved: Uint8Array;

	constructor(version: number) {
		this.version = version;
		this.size = symbolSize(version);
		this.dark = new Uint8Array(this.size * this.size);
		this.reserved = new Uint8Array(this.size * this.size);
		this.#functionPatterns();
	}

	get(x: number, y: number): boolean {
		return this.dark[y * this.size + x] === 1;
	}

	#setFunction(x: number, y: number, dark: boolean): void {
		this.dark[y * this.size + x] = dark ? 1 : 0;
		this.reserved[y * this.size + x] = 1;
	}

	#functionPatterns(): void {
		const n = this.size;
		for (let i = 0; i < n; i++) {
			this.#setFunction(6, i, i % 2 === 0); // §7.3.4 timing patterns
			this.#setFunction(i, 6, i % 2 === 0);
		}
		this.#finder(3, 3);
		this.#finder(n - 4, 3);
		this.#finder(3, n - 4);
		const centres = ALIGNMENT_CENTRES[this.version - 1]!;
		const last = centres.length - 1;
		for (let a = 0; a <= last; a++) {
			for (let b = 0; b <= last; b++) {
				const onFinder = (a === 0 && b === 0) || (a === 0 && b === last) || (a === last && b === 0);
				if (!onFinder) this.#alignment(centres[a]!, centres[b]!);
			}
		}
		this.drawFormat(0); // reserves the format areas; overwritten once the mask is chosen
		if (this.version >= 7) this.#drawVersion();
	}

	/** §7.3.2: 7×7 finder with its one-module light separator. */
	#finder(cx: number, cy: number): void {
		for (let dy = -4; dy <= 4; dy++) {
			for (let dx = -4; dx <= 4; dx++) {
				const x = cx + dx,
					y = cy + dy;
				if (x < 0 || y < 0 || x >= this.size || y >= this.size) continue;
				const d = Math.max(Math.abs(dx), Math.abs(dy));
				this.#setFunction(x, y, d !== 2 && d !== 4);
			}
		}
	}

	/** §7.3.5: 5×5 alignment pattern. */
	#alignment(cx: number, cy: number): void {
		for (let dy = -2; dy <= 2; dy++) {
			for (let dx = -2; dx <= 2; dx++) this.#setFunction(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
		}
	}

	/** §7.9.1 Figure 25: both copies of the 15 format bits (bit 14 first) and the dark module. */
	drawFormat(bits: number): void {
		const n = this.size;
		const bit = (i: number) => ((bits >> i) & 1) === 1;
		for (let i = 0; i <= 5; i++) this.#setFunction(8, i, bit(i));
		this.#setFunction(8, 7, bit(6));
		this.#setFunction(8, 8, bit(7));
		this.#setFunction(7, 8, bit(8));
		for (let i = 9; i < 15; i++) this.#setFunction(14 - i, 8, bit(i));
		for (let i = 0; i < 8; i++) this.#setFunction(n - 1 - i, 8, bit(i));
		for (let i = 8; i < 15; i++) this.#setFunction(8, n - 15 + i, bit(i));
		this.#setFunction(8, n - 8, true);
	}

	/** §7.10 Figure 27: two 6×3 copies of the 18 version bits. */
	#drawVersion(): void {
		const bits = versionBits(this.version);
		for (let i = 0; i < 18; i++) {
			const dark = ((bits >> i) & 1) === 1;
			const a = this.size - 11 + (i % 3),
				b = Math.floor(i / 3);
			this.#setFunction(a, b, dark);
			this.#setFunction(b, a, dark);
		}
	}

	/** §7.7.3: codewords MSB first in two-module columns, upwards then downwards, from the bottom right,
	 *  skipping the vertical timing pattern; remainder bits stay light. */
	placeCodewords(codewords: Uint8Array): void {
		const n = this.size;
		let i = 0;
		for (let right = n - 1; right >= 1; right -= 2) {
			if (right === 6) right = 5;
			const upward = ((right + 1) & 2) === 0;
			for (let v = 0; v < n; v++) {
				const y = upward ? n - 1 - v : v;
				for (let j = 0; j < 2; j++) {
					const x = right - j;
					if (this.reserved[y * n + x]) continue;
					if (i < codewords.length * 8) {
						this.dark[y * n + x] = (codewords[i >> 3]! >> (7 - (i & 7))) & 1;
						i++;
					}
				}
			}
		}
	}

	/** XORs mask `mask` over the data modules (applying it twice undoes it). */
	applyMask(mask: number): void {
		const condition = MASKS[mask]!;
		const n = this.size;
		for (let y = 0; y < n; y++) {
			for (let x = 0; x < n; x++) {
				if (!this.reserved[y * n + x] && condition(y, x)) this.dark[y * n + x] ^= 1;
			}
		}
	}

	/** §7.8.3 Table 11 penalty: N1 = 3 (runs), N2 = 3 (2×2 blocks), N3 = 40 (finder-like), N4 = 10 (balance). */
	penalty(): number {
		const n = this.size,
			dark = this.dark;
		let score = 0;
		for (let line = 0; line < n; line++) {
			score += this.#linePenalty(line * n, 1);
			score += this.#linePenalty(line, n);
		}
		for (let y = 0; y < n - 1; y++) {
			for (let x = 0; x < n - 1; x++) {
				const i = y * n + x,
					c = dark[i];
				if (c === dark[i + 1] && c === dark[i + n] && c === dark[i + n + 1]) score += 3;
			}
		}
		let darkCount = 0;
		for (let i = 0; i < dark.length; i++) darkCount += dark[i]!;
		score += 10 * Math.floor(Math.abs(darkCount * 20 - n * n * 10) / (n * n));
		return score;
	}

	/**
	 * One row (`step` 1) or column (`step` n) from index `start`: runs of five or more (3 + excess), and
	 * 1:1:3:1:1 patterns with four light modules (or the quiet zone) on one side (40).
	 */
	#linePenalty(start: number, step: number): number {
		const n = this.size,
			dark = this.dark;
		const at = (k: number) => dark[start + k * step]!;
		let score = 0,
			run = 1;
		for (let k = 1; k <= n; k++) {
			if (k < n && at(k) === at(k - 1)) run++;
			else {
				if (run >= 5) score += run - 2;
				run = 1;
			}
		}
		const light = (k: number) => k < 0 || k >= n || at(k) === 0;
		for (let k = 0; k + 7 <= n; k++) {
			if (
				at(k) !== 1 ||
				at(k + 1) !== 0 ||
				at(k + 2) !== 1 ||
				at(k + 3) !== 1 ||
				at(k + 4) !== 1 ||
				at(k + 5) !== 0 ||
				at(k + 6) !== 1
			)
				continue;
			const before = light(k - 1) && light(k - 2) && light(k - 3) && light(k - 4);
			const after = light(k + 7) && light(k + 8) && light(k + 9) && light(k + 10);
			if (before || after) score += 40;
		}
		return score;
	}
}
