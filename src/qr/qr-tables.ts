// QR Code symbol tables for versions 1–10 (ISO/IEC 18004:2015 Table 9 error-correction blocks,
// Annex E alignment-pattern centres).

export type EcLevel = "L" | "M" | "Q" | "H";

export const MAX_VERSION = 10;

/** Format-information error-correction level indicator (§7.9.1 Table 12). */
export const EC_LEVEL_BITS: Readonly<Record<EcLevel, number>> = { L: 0b01, M: 0b00, Q: 0b11, H: 0b10 };

export interface BlockLayout {
	/** Error-correction codewords per block. */
	readonly ecPerBlock: number;
	/** [number of blocks, data codewords per block], shorter blocks first. */
	readonly groups: readonly (readonly [number, number])[];
}

/** Table 9, versions 1–10: per level L, M, Q, H. */
const BLOCKS: readonly (readonly BlockLayout[])[] = [
	[
		{ ecPerBlock: 7, groups: [[1, 19]] },
		{ ecPerBlock: 10, groups: [[1, 16]] },
		{ ecPerBlock: 13, groups: [[1, 13]] },
		{ ecPerBlock: 17, groups: [[1, 9]] },
	],
	[
		{ ecPerBlock: 10, groups: [[1, 34]] },
		{ ecPerBlock: 16, groups: [[1, 28]] },
		{ ecPerBlock: 22, groups: [[1, 22]] },
		{ ecPerBlock: 28, groups: [[1, 16]] },
	],
	[
		{ ecPerBlock: 15, groups: [[1, 55]] },
		{ ecPerBlock: 26, groups: [[1, 44]] },
		{ ecPerBlock: 18, groups: [[2, 17]] },
		{ ecPerBlock: 22, groups: [[2, 13]] },
	],
	[
		{ ecPerBlock: 20, groups: [[1, 80]] },
		{ ecPerBlock: 18, groups: [[2, 32]] },
		{ ecPerBlock: 26, groups: [[2, 24]] },
		{ ecPerBlock: 16, groups: [[4, 9]] },
	],
	[
		{ ecPerBlock: 26, groups: [[1, 108]] },
		{ ecPerBlock: 24, groups: [[2, 43]] },
		{
			ecPerBlock: 18,
			groups: [
				[2, 15],
				[2, 16],
			],
		},
		{
			ecPerBlock: 22,
			groups: [
				[2, 11],
				[2, 12],
			],
		},
	],
	[
		{ ecPerBlock: 18, groups: [[2, 68]] },
		{ ecPerBlock: 16, groups: [[4, 27]] },
		{ ecPerBlock: 24, groups: [[4, 19]] },
		{ ecPerBlock: 28, groups: [[4, 15]] },
	],
	[
		{ ecPerBlock: 20, groups: [[2, 78]] },
		{ ecPerBlock: 18, groups: [[4, 31]] },
		{
			ecPerBlock: 18,
			groups: [
				[2, 14],
				[4, 15],
			],
		},
		{
			ecPerBlock: 26,
			groups: [
				[4, 13],
				[1, 14],
			],
		},
	],
	[
		{ ecPerBlock: 24, groups: [[2, 97]] },
		{
			ecPerBlock: 22,
			groups: [
				[2, 38],
				[2, 39],
			],
		},
		{
			ecPerBlock: 22,
			groups: [
				[4, 18],
				[2, 19],
			],
		},
		{
			ecPerBlock: 26,
			groups: [
				[4, 14],
				[2, 15],
			],
		},
	],
	[
		{ ecPerBlock: 30, groups: [[2, 116]] },
		{
			ecPerBlock: 22,
			groups: [
				[3, 36],
				[2, 37],
			],
		},
		{
			ecPerBlock: 20,
			groups: [
				[4, 16],
				[4, 17],
			],
		},
		{
			ecPerBlock: 24,
			groups: [
				[4, 12],
				[4, 13],
			],
		},
	],
	[
		{
			ecPerBlock: 18,
			groups: [
				[2, 68],
				[2, 69],
			],
		},
		{
			ecPerBlock: 26,
			groups: [
				[4, 43],
				[1, 44],
			],
		},
		{
			ecPerBlock: 24,
			groups: [
				[6, 19],
				[2, 20],
			],
		},
		{
			ecPerBlock: 28,
			groups: [
				[6, 15],
				[2, 16],
			],
		},
	],
];

const LEVEL_INDEX: Readonly<Record<EcLevel, number>> = { L: 0, M: 1, Q: 2, H: 3 };

export function blockLayout(version: number, level: EcLevel): BlockLayout {
	return BLOCKS[version - 1]![LEVEL_INDEX[level]]!;
}

export function dataCodewords(version: number, level: EcLevel): number {
	return blockLayout(version, level).groups.reduce((sum, [count, size]) => sum + count * size, 0);
}

/** Annex E: row/column coordinates of alignment-pattern centres. */
export const ALIGNMENT_CENTRES: readonly (readonly number[])[] = [
	[],
	[6, 18],
	[6, 22],
	[6, 26],
	[6, 30],
	[6, 34],
	[6, 22, 38],
	[6, 24, 42],
	[6, 26, 46],
	[6, 28, 50],
];

export function symbolSize(version: number): number {
	return 17 + 4 * version;
}
