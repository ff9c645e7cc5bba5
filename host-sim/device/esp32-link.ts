// The firmware for the ESP32-S3 as far as this machine can take it: mcconfig writes the esp32 makefile, and make
// runs the XS compile and link (xsc, xsl: every module preloaded into mc.xs.c). ESP-IDF cannot be installed
// here, so its checkout is a stand-in (an empty git repository tagged v6.0, which is all the makefile asks of
// it before that point), and the build stops before idf.py. What is read from the link: the code loaders it
// kept (linked-strips.ts), the preloaded heap and the creation values the device boots with.

import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { BoardDescription } from "../../hal/board.js";
import { runProcess } from "../tools/xs.js";
import { fastBuild } from "./fast-build.js";
import { linkedStrips, type LinkedStrips } from "./linked-strips.js";

const PLATFORM = "esp32/esp32s3";

export interface Esp32Link {
	readonly seconds: number;
	readonly strips: LinkedStrips;
	/** Slots, keys and aliases of the preloaded heap (in flash), and the modules in the archive. */
	readonly preloaded: { readonly heapSlots: number; readonly keys: number; readonly aliases: number; readonly scripts: number };
	/** xsCreation as linked: chunk initial/incremental, heap initial/incremental (slots), stack, keys initial/incremental, names, symbols. */
	readonly creation: readonly number[];
}

async function standInIdf(dir: string): Promise<string> {
	if (existsSync(join(dir, ".git"))) return dir;
	mkdirSync(dir, { recursive: true });
	const git = (...args: string[]) =>
		runProcess("git", ["-c", "user.name=posterm", "-c", "user.email=posterm@127.0.0.1", ...args], { cwd: dir });
	for (const args of [
		["init", "-q"],
		["commit", "-q", "--allow-empty", "-m", "ESP-IDF stand-in"],
		["tag", "v6.0"],
	]) {
		const done = await git(...args);
		if (done.code !== 0) throw new Error(`stand-in IDF: git ${args.join(" ")}: ${done.stderr}`);
	}
	return dir;
}

function count(mcXsC: string, name: string): number {
	const found = new RegExp(`#define ${name} (\\d+)`).exec(mcXsC);
	if (!found) throw new Error(`mc.xs.c has no ${name}`);
	return Number(found[1]);
}

/** Builds `board` for esp32/esp32s3 up to the XS link, in `out`. */
export async function linkForEsp32(board: BoardDescription, out: string): Promise<Esp32Link> {
	const started = performance.now();
	const env = { IDF_PATH: await standInIdf(join(out, "idf-stand-in")) };
	const build = join(out, `${board.model}-esp32`);
	await fastBuild({ platform: PLATFORM, out: build, preload: "all", extra: [`board=${board.model}`], makefileOnly: true, env });
	const tmp = join(build, "tmp/esp32/esp32s3/release", basename(build));
	const made = await runProcess(
		"make",
		["-f", join(tmp, "makefile"), "-o", join(tmp, "xsProj-esp32s3/build/config/sdkconfig.h"), join(tmp, "mc.xs.c")],
		{
			cwd: build,
			env,
		},
	);
	if (made.code !== 0) throw new Error(`esp32 XS link failed (exit ${made.code}):\n${(made.stdout + made.stderr).slice(-3000)}`);
	const mcXsC = readFileSync(join(tmp, "mc.xs.c"), "utf8");
	const creation = /\{ ((?:\d+, ){12}\d+)\},\n\t"device\/moddable\/main"/.exec(mcXsC);
	if (!creation) throw new Error("mc.xs.c has no creation for device/moddable/main");
	return {
		seconds: (performance.now() - started) / 1000,
		strips: linkedStrips(mcXsC),
		preloaded: {
			heapSlots: count(mcXsC, "mxHeapCount"),
			keys: count(mcXsC, "mxKeysCount"),
			aliases: count(mcXsC, "mxAliasCount"),
			scripts: count(mcXsC, "mxScriptsCount"),
		},
		creation: creation[1]!.split(", ").map(Number),
	};
}
