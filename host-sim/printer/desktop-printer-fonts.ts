// Node side of the printer emulator: the GB2312 glyph file, and GBK decoding through iconv-lite (an
// implementation independent of the firmware's table, so slip tests cross-check the encoder).

import iconv from "iconv-lite";
import { readFileSync } from "node:fs";
import type { CjkFont } from "./printer-fonts.js";

const FONT_FILE = new URL("./fonts/unifont-gb2312.bin", import.meta.url);
const RECORD = 34;

let cached: CjkFont | undefined;

/** The 16×16 GB2312 font extracted from GNU Unifont (host-sim/tools/generate-printer-fonts.ts). */
export function gb2312Font(): CjkFont {
	if (cached) return cached;
	const file = readFileSync(FONT_FILE);
	const glyphs = new Map<number, Uint8Array>();
	for (let at = 0; at + RECORD <= file.length; at += RECORD)
		glyphs.set(file.readUInt16BE(at), new Uint8Array(file.subarray(at + 2, at + RECORD)));
	cached = { glyph16: (cp) => glyphs.get(cp) };
	return cached;
}

/** One GBK double-byte code to its character, or undefined when iconv-lite has none. */
export function decodeGbkWithIconv(lead: number, trail: number): string | undefined {
	if (trail < 0x40 || trail === 0x7f || trail === 0xff) return undefined;
	const text = iconv.decode(Buffer.from([lead, trail]), "gbk");
	return text.length === 1 && text !== "\ufffd" ? text : undefined;
}
