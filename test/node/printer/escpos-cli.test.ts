import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { transactionSlip } from "../../../src/slips/transaction-slip.js";
import { SALE } from "../../support/slip-fixtures.js";
import { posterm } from "../support/cli-capture.js";

describe("posterm escpos render", () => {
	let dir: string;
	before(() => {
		dir = mkdtempSync(join(tmpdir(), "posterm-escpos-"));
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it("prints the text rendering and writes a 384-dot-wide PNG (plus margins)", async () => {
		const bin = join(dir, "sale.bin");
		const png = join(dir, "sale.png");
		writeFileSync(bin, transactionSlip(SALE, { copy: 1 }));
		const r = await posterm("escpos", "render", bin, "--png", png, "--text");
		assert.equal(r.code, 0);
		assert.equal(r.err, "");
		assert.match(r.out, /POS签购单\n\s+POS SALES SLIP\n/);
		assert.match(r.out, /金额\(AMOUNT\):\n\s+RMB 123\.45/);
		const image = PNG.sync.read(readFileSync(png));
		assert.equal(image.width, 384 + 16);
		assert.ok(image.height > 1000);
	});

	it("reports unknown and truncated commands with their byte offsets and still exits 0", async () => {
		const bin = join(dir, "bad.bin");
		writeFileSync(bin, Uint8Array.of(0x41, 0x1b, 0x7f, 0x42, 0x0a, 0x1d, 0x76, 0x30, 0x00, 0x30, 0x00));
		const r = await posterm("escpos", "render", bin);
		assert.equal(r.code, 0);
		assert.equal(r.out, "AB\n");
		assert.equal(
			r.err,
			"offset 1 (0x1): unknown command ESC 0x7F\noffset 5 (0x5): truncated command GS v at end of input: 6 bytes, at least 8 needed\n",
		);
	});

	it("exits 1 when the file cannot be read, 2 on bad arguments", async () => {
		assert.equal((await posterm("escpos", "render", join(dir, "missing.bin"))).code, 1);
		assert.equal((await posterm("escpos", "print", "x.bin")).code, 2);
		assert.equal((await posterm("escpos", "render")).code, 2);
	});
});
