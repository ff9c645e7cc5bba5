import { assert } from "../support/assert.js";
import { encodeQr, encodeQrNumeric, qrModule, type QrSymbol } from "../../src/qr/qr-encoder.js";
import { formatBits, versionBits } from "../../src/qr/qr-matrix.js";
import { generatorPolynomial, gfMultiply, reedSolomonRemainder } from "../../src/qr/reed-solomon.js";
import { dataCodewords, symbolSize } from "../../src/qr/qr-tables.js";

function hex(bytes: Uint8Array): string {
	let s = "";
	for (const b of bytes) s += (b < 16 ? "0" : "") + b.toString(16).toUpperCase();
	return s;
}

function bytesOf(text: string): Uint8Array {
	return Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
}

function unwrap(result: ReturnType<typeof encodeQr>): QrSymbol {
	if (!result.ok) throw new Error(`encoding failed: ${JSON.stringify(result.error)}`);
	return result.value;
}

const alphaPower = (k: number) => {
	let v = 1;
	for (let i = 0; i < k; i++) v = gfMultiply(v, 2);
	return v;
};

// ISO/IEC 18004 Annex I: "01234567" encoded as version 1-M.
const ANNEX_I_DATA = "10200C566180EC11EC11EC11EC11EC11";
const ANNEX_I_EC = "A524D4C1ED36C7872C55";

describe("QR Code: Reed–Solomon", () => {
	it("builds the degree-7 generator of Annex A: α^87, α^229, α^146, α^149, α^238, α^102, α^21", () => {
		assert.deepEqual([...generatorPolynomial(7)], [87, 229, 146, 149, 238, 102, 21].map(alphaPower));
	});

	it("gives the Annex I error-correction codewords for the 1-M data codewords", () => {
		const data = Uint8Array.from(ANNEX_I_DATA.match(/../g)!.map((h) => parseInt(h, 16)));
		assert.equal(hex(reedSolomonRemainder(data, 10)), ANNEX_I_EC);
	});
});

describe("QR Code: format and version information (BCH)", () => {
	it("computes the 15-bit format information for every level and mask (ISO/IEC 18004 §7.9.1, Annex C)", () => {
		const table: Record<"L" | "M" | "Q" | "H", string[]> = {
			L: [
				"111011111000100",
				"111001011110011",
				"111110110101010",
				"111100010011101",
				"110011000101111",
				"110001100011000",
				"110110001000001",
				"110100101110110",
			],
			M: [
				"101010000010010",
				"101000100100101",
				"101111001111100",
				"101101101001011",
				"100010111111001",
				"100000011001110",
				"100111110010111",
				"100101010100000",
			],
			Q: [
				"011010101011111",
				"011000001101000",
				"011111100110001",
				"011101000000110",
				"010010010110100",
				"010000110000011",
				"010111011011010",
				"010101111101101",
			],
			H: [
				"001011010001001",
				"001001110111110",
				"001110011100111",
				"001100111010000",
				"000011101100010",
				"000001001010101",
				"000110100001100",
				"000100000111011",
			],
		};
		for (const level of ["L", "M", "Q", "H"] as const) {
			for (let mask = 0; mask < 8; mask++)
				assert.equal(formatBits(level, mask).toString(2).padStart(15, "0"), table[level][mask], `${level}${mask}`);
		}
	});

	it("computes the 18-bit version information (ISO/IEC 18004 §7.10, Annex D): 7 → 07C94, 10 → 0A4D3", () => {
		assert.deepEqual([7, 8, 9, 10].map(versionBits), [0x07c94, 0x085bc, 0x09a99, 0x0a4d3]);
	});
});

describe("QR Code: the Annex I symbol (01234567, 1-M)", () => {
	const symbol = unwrap(encodeQrNumeric("01234567", "M"));
	const at = (x: number, y: number) => (qrModule(symbol, x, y) ? 1 : 0);

	it("is version 1 (21×21) with the data and EC codewords of the worked example, and mask 010", () => {
		assert.equal(symbol.size, 21);
		assert.equal(hex(symbol.codewords), ANNEX_I_DATA + ANNEX_I_EC);
		assert.equal(symbol.mask, 2);
	});

	it("has the finder patterns, timing patterns and dark module", () => {
		const finderRow = [
			[1, 1, 1, 1, 1, 1, 1],
			[1, 0, 0, 0, 0, 0, 1],
			[1, 0, 1, 1, 1, 0, 1],
		];
		for (const [ox, oy] of [
			[0, 0],
			[14, 0],
			[0, 14],
		] as const) {
			for (let r = 0; r < 3; r++)
				assert.deepEqual(
					[0, 1, 2, 3, 4, 5, 6].map((c) => at(ox + c, oy + r)),
					finderRow[r],
				);
		}
		assert.deepEqual(
			[8, 9, 10, 11, 12].map((i) => at(i, 6)),
			[1, 0, 1, 0, 1],
		);
		assert.deepEqual(
			[8, 9, 10, 11, 12].map((i) => at(6, i)),
			[1, 0, 1, 0, 1],
		);
		assert.equal(at(8, 13), 1);
	});

	it("carries format information M/010 = 101111001111100 in both copies", () => {
		const expected = "101111001111100";
		// Copy 1, bit 14 first: (0..5, 8), (7, 8), (8, 8), (8, 7), (8, 5..0).
		const first = [0, 1, 2, 3, 4, 5]
			.map((x) => at(x, 8))
			.concat(
				[at(7, 8), at(8, 8), at(8, 7)],
				[5, 4, 3, 2, 1, 0].map((y) => at(8, y)),
			);
		assert.equal(first.join(""), expected);
		// Copy 2: (8, 20..14) for bits 14..8, then (13..20, 8) for bits 7..0.
		const second = [20, 19, 18, 17, 16, 15, 14].map((y) => at(8, y)).concat([13, 14, 15, 16, 17, 18, 19, 20].map((x) => at(x, 8)));
		assert.equal(second.join(""), expected);
	});

	it("places the first codeword 00010000 upward from the bottom right, masked where j mod 3 = 0", () => {
		// Bits 7..0 at (20,20) (19,20) (20,19) (19,19) (20,18) (19,18) (20,17) (19,17); columns 19, 20 are not
		// multiples of 3, so mask 010 leaves them as they are.
		assert.deepEqual(
			[
				[20, 20],
				[19, 20],
				[20, 19],
				[19, 19],
				[20, 18],
				[19, 18],
				[20, 17],
				[19, 17],
			].map(([x, y]) => at(x!, y!)),
			[0, 0, 0, 1, 0, 0, 0, 0],
		);
		// The third codeword 0x0C = 00001100 fills (20..19, 12..9); still unmasked columns.
		assert.deepEqual(
			[
				[20, 12],
				[19, 12],
				[20, 11],
				[19, 11],
				[20, 10],
				[19, 10],
				[20, 9],
				[19, 9],
			].map(([x, y]) => at(x!, y!)),
			[0, 0, 0, 0, 1, 1, 0, 0],
		);
		// The fourth codeword 0x56 = 01010110 turns down into columns 18, 17 at rows 9..12; column 18 is masked.
		assert.deepEqual(
			[
				[18, 9],
				[17, 9],
				[18, 10],
				[17, 10],
				[18, 11],
				[17, 11],
				[18, 12],
				[17, 12],
			].map(([x, y]) => at(x!, y!)),
			[0 ^ 1, 1, 0 ^ 1, 1, 0 ^ 1, 1, 1 ^ 1, 0],
		);
	});
});

describe("QR Code: byte mode", () => {
	it("encodes the mode 0100, an 8-bit count and the bytes, then terminator and pad codewords (1-L)", () => {
		const symbol = unwrap(encodeQr(bytesOf("AB"), "L"));
		assert.equal(symbol.version, 1);
		// 0100 00000010 01000001 01000010 0000 → 40 24 14 20, then EC 11 … to 19 data codewords.
		assert.equal(hex(symbol.codewords.subarray(0, 19)), "40241420" + "EC11".repeat(7) + "EC");
	});

	it("chooses the smallest version that holds the data, per level", () => {
		assert.equal(unwrap(encodeQr(new Uint8Array(17), "L")).version, 1);
		assert.equal(unwrap(encodeQr(new Uint8Array(18), "L")).version, 2);
		assert.equal(unwrap(encodeQr(new Uint8Array(7), "H")).version, 1);
		assert.equal(unwrap(encodeQr(new Uint8Array(8), "H")).version, 2);
	});

	it("reaches version 10 with a 16-bit count: 271 bytes at L, 119 at H, and refuses one more", () => {
		const l = unwrap(encodeQr(new Uint8Array(271).fill(0x41), "L"));
		assert.equal(l.version, 10);
		assert.equal(l.size, symbolSize(10));
		assert.equal(l.codewords.length, 346);
		assert.equal(unwrap(encodeQr(new Uint8Array(119), "H")).version, 10);
		const over = encodeQr(new Uint8Array(272), "L");
		assert.deepEqual(over, { ok: false, error: { kind: "too-long", bytes: 272, level: "L" } });
	});

	it("interleaves the blocks of 5-Q (2×15 + 2×16 data codewords)", () => {
		assert.equal(dataCodewords(5, "Q"), 62);
		const data = Uint8Array.from({ length: 60 }, (_, i) => i);
		const symbol = unwrap(encodeQr(data, "Q", { minVersion: 5 }));
		assert.equal(symbol.version, 5);
		assert.equal(symbol.codewords.length, 134);
		// Codeword k ≥ 1 is the low nibble of byte k−2 and the high nibble of byte k−1 (data[i] = i). Blocks start
		// at codewords 0, 15, 30, 46; their first codewords come first, then block 1's second (codeword 1).
		const c = symbol.codewords;
		const cw = (k: number) => (((k - 2) & 0x0f) << 4) | ((k - 1) >> 4);
		assert.deepEqual([c[0], c[1], c[2], c[3], c[4]], [0x43, cw(15), cw(30), cw(46), 0xc0]);
		assert.deepEqual([cw(15), cw(30), cw(46)], [0xd0, 0xc1, 0xc2]);
	});

	it("draws the version information of a version 7 symbol in both 6×3 blocks", () => {
		const symbol = unwrap(encodeQr(new Uint8Array(100), "M", { minVersion: 7 }));
		assert.equal(symbol.version, 7);
		const n = symbol.size;
		let a = 0,
			b = 0;
		for (let i = 0; i < 18; i++) {
			const x = n - 11 + (i % 3),
				y = Math.floor(i / 3);
			if (qrModule(symbol, x, y)) a |= 1 << i;
			if (qrModule(symbol, y, x)) b |= 1 << i;
		}
		assert.equal(a, 0x07c94);
		assert.equal(b, 0x07c94);
	});

	it("uses the forced mask when asked and writes it in the format information", () => {
		for (let mask = 0; mask < 8; mask++) {
			const symbol = unwrap(encodeQr(bytesOf("posterm"), "Q", { mask }));
			assert.equal(symbol.mask, mask);
			let bits = 0;
			for (let i = 0; i < 8; i++) if (qrModule(symbol, symbol.size - 1 - i, 8)) bits |= 1 << i;
			assert.equal(bits, formatBits("Q", mask) & 0xff);
		}
	});
});
