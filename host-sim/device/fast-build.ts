// The fast device build: one `tsc` over every TypeScript module of the firmware (src/, hal/, device/moddable/),
// the device's Poco fonts (host-sim/tools/poco-font.ts), then mcconfig over the emitted JavaScript. mcconfig
// compiles a TypeScript module with one tsc run per file (minutes for the whole firmware); given JavaScript it
// only runs xsc. The JavaScript tree mirrors the repository (same manifests, same board data), so the manifest
// builds exactly the same modules.
//
// `node host-sim/tools/run-ts.js host-sim/device/fast-build.ts [-p lin] [-o /tmp/mcb] [--preload all|ts-like]
//   [--file-root DIR] [--manifest PATH] [mcconfig arguments…]` needs $MODDABLE and the SDK tools on PATH. The application is
//   named after the -o folder (bin/lin/mc/debug/<name>/mc.so).

import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { writePocoFonts } from "../tools/poco-font.js";
import { repoRoot, runProcess } from "../tools/xs.js";
import { preloadRewrite, type PreloadMode, type PreloadTree } from "./preload-mode.js";

export interface FastBuildOptions {
	/** mcconfig platform, e.g. "lin" or "esp32/esp32s3". */
	readonly platform: string;
	/** Build folder: js/ (the emitted tree), then mcconfig's bin/ and tmp/. */
	readonly out: string;
	readonly preload: PreloadMode;
	/** Further mcconfig arguments (`board=posterm-mono`, `-d` …). */
	readonly extra: readonly string[];
	/** Stop after writing the makefile (mcconfig without -m). */
	readonly makefileOnly?: boolean;
	/** The manifest to build, from the repository root (default manifest.json). */
	readonly manifest?: string;
	/** Folder for Moddable's file and preference modules on a desktop build (default theirs: /tmp/). */
	readonly fileRoot?: string;
	/** Environment for mcconfig beyond this process's (the esp32 build's IDF_PATH). */
	readonly env?: NodeJS.ProcessEnv;
}

/** Folders of the firmware the device build compiles (host-sim and the tests stay out). */
const firmwareRoots = ["src", "hal", "device/moddable"];

async function emitJavaScript(out: string): Promise<void> {
	const js = join(out, "js");
	rmSync(js, { recursive: true, force: true });
	const typings = join(repoRoot, "node_modules/@moddable/typings");
	const tsconfig = {
		compilerOptions: {
			target: "ES2022",
			module: "preserve",
			moduleResolution: "bundler",
			lib: ["ES2022"],
			types: [],
			rootDir: repoRoot,
			outDir: js,
			noCheck: true,
			skipLibCheck: true,
			isolatedModules: true,
			verbatimModuleSyntax: true,
			declaration: false,
			sourceMap: false,
			removeComments: false,
			noEmitOnError: false,
		},
		include: [...firmwareRoots.map((root) => join(repoRoot, root, "**/*.ts")), join(typings, "xs.d.ts"), join(typings, "global.d.ts")],
		exclude: [join(repoRoot, "**/*.d.ts")],
	};
	mkdirSync(out, { recursive: true });
	const path = join(out, "tsconfig.fast.json");
	writeFileSync(path, JSON.stringify(tsconfig, null, "\t"));
	const tsc = await runProcess(join(repoRoot, "node_modules/.bin/tsc"), ["-p", path]);
	if (tsc.code !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
}

/** Every tracked file of the firmware that is not TypeScript source: manifests, C, JavaScript, board data. */
async function copyOtherFiles(out: string, preload: PreloadMode, manifest: string): Promise<void> {
	const listed = await runProcess("git", ["ls-files", "manifest.json", ...firmwareRoots]);
	const built = JSON.parse(readFileSync(join(repoRoot, manifest), "utf8")) as { creation?: { main?: string } };
	const files = listed.stdout.split("\n").filter((file) => file !== "");
	const isSource = (file: string) => file.endsWith(".js") || (file.endsWith(".ts") && !file.endsWith(".d.ts"));
	const top = JSON.parse(readFileSync(join(repoRoot, "manifest.json"), "utf8")) as { creation: { main: string } };
	const tree: PreloadTree = {
		modules: files.filter(isSource).map((file) => file.slice(0, -3)),
		javascript: files.filter((file) => file.endsWith(".js")).map((file) => file.slice(0, -3)),
		mains: [top.creation.main, ...(built.creation?.main ? [built.creation.main] : [])],
	};
	for (const file of files) {
		if (file.endsWith(".ts") && !file.endsWith(".d.ts")) continue;
		const target = join(out, "js", file);
		mkdirSync(dirname(target), { recursive: true });
		if (file.endsWith("manifest.json"))
			writeFileSync(target, preloadRewrite(readFileSync(join(repoRoot, file), "utf8"), preload, tree));
		else cpSync(join(repoRoot, file), target);
	}
}

export async function fastBuild(options: FastBuildOptions): Promise<{ readonly seconds: number; readonly log: string }> {
	const started = performance.now();
	await emitJavaScript(options.out);
	const source = options.manifest ?? "manifest.json";
	await copyOtherFiles(options.out, options.preload, source);
	// The device's Poco fonts, built from the firmware's Unifont subset (device/moddable/manifest.json, "data").
	writePocoFonts(join(options.out, "js/device/moddable/fonts"));
	// The build's own manifest: the repository's, and where a desktop build keeps its files.
	const manifest = join(options.out, "manifest.json");
	writeFileSync(
		manifest,
		JSON.stringify(
			{ include: [`./js/${source}`], ...(options.fileRoot ? { config: { file: { root: `${options.fileRoot}/` } } } : {}) },
			null,
			"\t",
		),
	);
	const args = [...(options.makefileOnly ? [] : ["-m"]), "-p", options.platform, "-o", options.out, ...options.extra, manifest];
	const built = await runProcess("mcconfig", args, { cwd: options.out, ...(options.env ? { env: options.env } : {}) });
	const log = built.stdout + built.stderr;
	if (built.code !== 0) throw new Error(`mcconfig ${args.join(" ")} failed (exit ${built.code}):\n${log}`);
	return { seconds: (performance.now() - started) / 1000, log };
}

function parseArguments(argv: readonly string[]): FastBuildOptions {
	let platform = "lin",
		out = "/tmp/mcb-posterm",
		preload: PreloadMode = "all",
		makefileOnly = false;
	let fileRoot: string | undefined, manifest: string | undefined;
	const extra: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === "-p") platform = argv[++i]!;
		else if (arg === "-o") out = argv[++i]!;
		else if (arg === "--preload") preload = argv[++i] as PreloadMode;
		else if (arg === "--makefile-only") makefileOnly = true;
		else if (arg === "--file-root") fileRoot = argv[++i]!;
		else if (arg === "--manifest") manifest = argv[++i]!;
		else extra.push(arg);
	}
	return { platform, out, preload, extra, makefileOnly, ...(fileRoot ? { fileRoot } : {}), ...(manifest ? { manifest } : {}) };
}

if (process.argv[1]?.endsWith("fast-build.ts")) {
	const options = parseArguments(process.argv.slice(2));
	fastBuild(options).then(
		(result) => process.stdout.write(`${result.log}built ${options.platform} in ${result.seconds.toFixed(1)} s (${options.out})\n`),
		(error: unknown) => {
			process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}
