// Properties over random text: the layout never overflows the paper, and whatever the encoder sends the
// independent emulator prints back unchanged (GBK through iconv-lite on the emulator side).

import assert from "node:assert/strict";
import fc from "fast-check";
import { desktopInterpreter } from "../../../host-sim/printer/desktop-printer.js";
import { EscPosEncoder } from "../../../src/printer/escpos-encoder.js";
import { labelValue, PAPER_COLUMNS, textColumns, wrap } from "../../../src/printer/text-layout.js";

/** Printable ASCII, spaces, and GB2312 hanzi and full-width punctuation. */
const slipChar = fc.oneof(
	fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
	fc.constant(" "),
	fc.integer({ min: 0x4e00, max: 0x4fff }).map((c) => String.fromCharCode(c)),
	fc.constantFrom("，", "（", "）", "：", "。", "￥"),
);
const slipText = (maxLength: number) => fc.array(slipChar, { maxLength }).map((chars) => chars.join(""));

describe("printer layout and encoding properties", () => {
	it("wraps any text into lines of at most 32 columns, keeping every non-space character in order", () => {
		fc.assert(
			fc.property(slipText(120), (text) => {
				const lines = wrap(text);
				for (const line of lines) assert.ok(textColumns(line) <= PAPER_COLUMNS, line);
				assert.equal(lines.join("").replace(/ /g, ""), text.replace(/ /g, ""));
			}),
		);
	});

	it("keeps label–value lines within 32 columns with the value's last character at the right edge", () => {
		fc.assert(
			fc.property(
				slipText(40),
				slipText(40).filter((v) => v.trim() !== ""),
				(label, value) => {
					const lines = labelValue(label, value.trim());
					for (const line of lines) assert.ok(textColumns(line) <= PAPER_COLUMNS, line);
					assert.equal(textColumns(lines.at(-1)!), PAPER_COLUMNS);
				},
			),
		);
	});

	it("prints back exactly the lines the encoder sent (GBK round trip through the emulator)", () => {
		fc.assert(
			fc.property(fc.array(slipText(40), { minLength: 1, maxLength: 8 }), (texts) => {
				const lines = texts.flatMap((t) => wrap(t));
				const encoder = new EscPosEncoder().initialise();
				for (const line of lines) encoder.line(line);
				const interpreter = desktopInterpreter();
				interpreter.run(encoder.bytes());
				assert.deepEqual(interpreter.diagnostics, []);
				assert.deepEqual(
					interpreter.paper.lines,
					lines.map((l) => l.trimEnd()),
				);
			}),
			{ numRuns: 60 },
		);
	});
});
