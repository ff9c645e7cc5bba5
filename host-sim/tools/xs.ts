// The real XS engine for tests and benchmarks: builds Moddable's `xsnap` shell from the sources shipped in
// the @agoric/xsnap package (once, into build/xsnap), compiles the portable code for it, and runs modules.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const xsBuildDir = join(repoRoot, "build/xs");
const xsnapBuildDir = join(repoRoot, "build/xsnap");
const xsnapBinary = join(xsnapBuildDir, "bin/lin/release/xsnap");

export interface ProcessResult {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

/** Runs a command with `input` (if any) on its stdin; stdout/stderr are captured, and also echoed when `echo` is set. */
export function runProcess(
	command: string,
	args: readonly string[],
	options: { cwd?: string; echo?: boolean; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<ProcessResult> {
	return new Promise((resolve, reject) => {
		const env = options.env ? { ...process.env, ...options.env } : process.env;
		const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env, stdio: ["pipe", "pipe", "pipe"] });
		child.stdin.end(options.input);
		let stdout = "";
		let stderr = "";
		child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
			stdout += chunk;
			if (options.echo) process.stdout.write(chunk);
		});
		child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
			stderr += chunk;
			if (options.echo) process.stderr.write(chunk);
		});
		child.on("error", reject);
		child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
	});
}

function xsnapPackageDir(): string {
	const require = createRequire(import.meta.url);
	return dirname(require.resolve("@agoric/xsnap/package.json"));
}

/** Path to the xsnap binary, building it first if this checkout has none (about 15 s on 2 cores). */
export async function ensureXsnap(): Promise<string> {
	if (existsSync(xsnapBinary)) return xsnapBinary;
	const pkg = xsnapPackageDir();
	const makefiles = join(pkg, "xsnap-native/xsnap/makefiles/lin");
	process.stderr.write("building the XS engine (xsnap) from @agoric/xsnap's Moddable sources, once…\n");
	const result = await runProcess(
		"make",
		["-f", "xsnap.mk", "-j2", "GOAL=release", `MODDABLE=${join(pkg, "moddable")}`, `BUILD_DIR=${xsnapBuildDir}`],
		{ cwd: makefiles },
	);
	if (result.code !== 0 || !existsSync(xsnapBinary)) {
		throw new Error(`building xsnap failed (exit ${result.code}):\n${result.stdout}${result.stderr}`);
	}
	return xsnapBinary;
}

/** Compiles the portable tests, benchmarks and what they import to build/xs (ES modules, ES2022). */
export async function compileForXs(): Promise<void> {
	const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
	const result = await runProcess(process.execPath, [tsc, "-p", "test/tsconfig.xs.json"]);
	if (result.code !== 0) throw new Error(`compiling for XS failed:\n${result.stdout}${result.stderr}`);
}

/** The compiled path of a source file under build/xs, relative to `from` (a compiled file), for import(). */
export function compiledImportPath(sourceFile: string, fromCompiled: string): string {
	const compiled = join(xsBuildDir, relative(repoRoot, sourceFile)).replace(/\.ts$/, ".js");
	const path = relative(dirname(fromCompiled), compiled);
	return path.startsWith(".") ? path : `./${path}`;
}

/** Writes a generated entry module under build/xs and returns its path. */
export function writeEntry(name: string, source: string): string {
	const path = join(xsBuildDir, name);
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, source);
	return path;
}

/**
 * Runs an ES module in xsnap. `snapshot` writes the machine's heap snapshot at exit (`xsnap -w`); `under`
 * runs xsnap under another program (e.g. `["valgrind", "--tool=callgrind"]`).
 */
export async function runXsModule(
	entry: string,
	options: { snapshot?: string; echo?: boolean; under?: readonly string[] } = {},
): Promise<ProcessResult> {
	const xsnap = await ensureXsnap();
	const args = options.snapshot ? ["-w", options.snapshot, "-m", entry] : ["-m", entry];
	const [command, ...prefix] = [...(options.under ?? []), xsnap];
	return runProcess(command!, [...prefix, ...args], { echo: options.echo });
}
