// The paper strip as a PNG (pngjs): black dots on white, one pixel per dot (8 dots/mm).

import { PNG } from "pngjs";
import type { Paper } from "./paper.js";

/** Encodes the strip, with `marginDots` of white on each side so the edge of the paper shows. */
export function paperPng(paper: Paper, marginDots = 8): Buffer {
	const width = paper.widthDots + marginDots * 2;
	const height = Math.max(1, paper.heightDots + marginDots * 2);
	const png = new PNG({ width, height });
	png.data.fill(255);
	for (let y = 0; y < paper.heightDots; y++) {
		for (let x = 0; x < paper.widthDots; x++) {
			if (!paper.isDot(x, y)) continue;
			const i = ((y + marginDots) * width + x + marginDots) * 4;
			png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
		}
	}
	return PNG.sync.write(png);
}
