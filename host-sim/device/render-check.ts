// Builds and runs the render check program (device/moddable/render-check: Moddable's x-cli-lin, with Commodetto's
// Poco): every example screen of host-sim's gallery, in both languages, on both panel classes, drawn by Poco through
// the device's painter and by the JavaScript rasteriser through the device's PixelsOut display, compared pixel for
// pixel in the program; with `measure`, the instructions (callgrind) of a whole-panel draw and of a menu-highlight
// move on each path. Needs $MODDABLE with the SDK's tools on PATH (and valgrind to measure).
//
// `node host-sim/tools/run-ts.js host-sim/device/render-check.ts [--instructions]` prints the frames that differ
// and, with --instructions, the table with the ESP32-S3 estimate (device-estimate.ts).
//
// Public API: RENDER_CHECK_MANIFEST, FrameLine, renderCheckInput, runRenderCheck.

import { join } from "node:path";
import type { PixelFormat } from "../../hal/display.js";
import { galleryScreens } from "../sim/screen-gallery.js";
import { pocoFont, POCO_FONT_SCALES } from "../tools/poco-font.js";
import { esp32s3Ms } from "../tools/device-estimate.js";
import { repoRoot } from "../tools/xs.js";
import { buildCliProgram, runCliProgram, type Measured } from "./cli-program.js";

export const RENDER_CHECK_MANIFEST = "device/moddable/render-check/manifest.json";

export interface FrameLine {
	readonly panel: string;
	readonly screen: string;
	/** Pixels where Poco's frame and the JavaScript rasteriser's differ. */
	readonly differing: number;
}

const PANELS: readonly { width: number; height: number; format: PixelFormat }[] = [
	{ width: 320, height: 240, format: "rgb565" },
	{ width: 128, height: 64, format: "mono1" },
];

export function renderCheckInput(measureLoops?: number): object {
	const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
	const screens = (["zh", "en"] as const).flatMap((language) =>
		galleryScreens(language).map((g) => ({ name: `${language} ${g.name}`, screen: g.screen })),
	);
	const fonts = POCO_FONT_SCALES.map((scale) => {
		const f = pocoFont(scale);
		return { scale, fnt: hex(f.fnt), atlas: hex(f.atlas), atlasWidth: f.atlasWidth };
	});
	return {
		panels: PANELS,
		screens,
		fonts,
		...(measureLoops ? { measure: { loops: measureLoops, whole: "zh amount", menu: "zh menu" } } : {}),
	};
}

export async function runRenderCheck(
	options: { measureLoops?: number } = {},
): Promise<{ frames: FrameLine[]; measured: Measured<{ name: string }>[]; done: boolean; stderr: string }> {
	const binary = await buildCliProgram(RENDER_CHECK_MANIFEST, join(repoRoot, "build/render-check"));
	const run = await runCliProgram(binary, renderCheckInput(options.measureLoops), { callgrind: options.measureLoops !== undefined });
	return { frames: run.lines<FrameLine>("frame"), measured: run.measured<{ name: string }>(), done: run.done, stderr: run.stderr };
}

if (process.argv[1]?.endsWith("render-check.ts")) {
	const instructions = process.argv.includes("--instructions");
	runRenderCheck(instructions ? { measureLoops: 8 } : {}).then(
		(run) => {
			const differ = run.frames.filter((f) => f.differing > 0);
			process.stdout.write(
				`${run.frames.length} frames, ${differ.length} differ${run.done ? "" : " (the program did not finish)"}\n`,
			);
			for (const f of differ) process.stdout.write(`  ${f.panel} ${f.screen}: ${f.differing} pixels\n`);
			for (const m of run.measured)
				process.stdout.write(
					`| ${m.name} | ${m.iterations} | ${m.instructionsPerOp} | ${(Math.round(esp32s3Ms(m.instructionsPerOp) * 10) / 10).toFixed(1)} |\n`,
				);
			if (!run.done) process.stderr.write(run.stderr);
			process.exitCode = run.done && differ.length === 0 ? 0 : 1;
		},
		(error: unknown) => {
			process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}
