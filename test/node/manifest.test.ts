// The Moddable build must carry every firmware module: mcconfig only compiles and links what the manifests
// list, so a new src/ folder that is not listed builds on the desktop and fails on the device. The manifests
// are one per area (src/, hal/, device/moddable/ and its parts) and one per board
// (device/moddable/boards/<board>/), included from the root manifest.json.

import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { repoRoot } from "../../host-sim/tools/xs.js";
import { boardNames, loadBoard } from "../../host-sim/hal/boards.js";

interface Manifest {
	build?: Record<string, string>;
	include?: string | string[];
	modules?: Record<string, string | string[]>;
	preload?: string | string[];
	config?: Record<string, unknown>;
	defines?: Record<string, Record<string, unknown>>;
	platforms?: Record<string, Manifest>;
}

const boardManifest = (name: string) => join(repoRoot, "device/moddable/boards", name, "manifest.json");

function readManifest(path: string): Manifest {
	return JSON.parse(readFileSync(path, "utf8")) as Manifest;
}

/** Build variables with their defaults (`"NAME ?=": value`, as mcconfig takes them when the shell does not set them). */
function defaults(manifest: Manifest): Map<string, string> {
	return new Map(Object.entries(manifest.build ?? {}).map(([name, value]) => [name.replace(/ \?=$/, ""), value]));
}

/** Module specifiers and preload patterns of a manifest and of the repository's own manifests it includes, on every platform. */
function collect(path: string, modules: Set<string>, preload: Set<string>, variables = defaults(readManifest(path))): void {
	const manifest = readManifest(path);
	const sections = [manifest, ...Object.values(manifest.platforms ?? {})];
	for (const section of sections) {
		for (const key of Object.keys(section.modules ?? {})) if (key !== "~") modules.add(key);
		for (const p of [section.preload ?? []].flat()) preload.add(p);
		for (const inc of [section.include ?? []].flat()) {
			const resolved = inc.replace(/\$\((\w+)\)/g, (whole, name: string) => variables.get(name) ?? whole);
			if (resolved.startsWith("./")) collect(join(dirname(path), resolved), modules, preload, variables);
		}
	}
}

/** A `modules` entry "dir/*" lists the files of one folder (mcmanifest enumerates one directory). */
function listedBy(pattern: string, specifier: string): boolean {
	if (!pattern.endsWith("/*")) return pattern === specifier;
	const dir = pattern.slice(0, -1);
	return specifier.startsWith(dir) && !specifier.slice(dir.length).includes("/");
}

/** A `preload` entry "dir/*" takes every module whose specifier starts with "dir/" (mcconfig filterPreload). */
function preloadedBy(pattern: string, specifier: string): boolean {
	return pattern.endsWith("*") ? specifier.startsWith(pattern.slice(0, -1)) : pattern === specifier;
}

function tsModules(dir: string, skip: (path: string) => boolean): string[] {
	const out: string[] = [];
	for (const name of readdirSync(join(repoRoot, dir))) {
		const path = `${dir}/${name}`;
		if (skip(path)) continue;
		if (statSync(join(repoRoot, path)).isDirectory()) out.push(...tsModules(path, skip));
		else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path.slice(0, -3));
	}
	return out;
}

function notListed(firmware: readonly string[], modules: ReadonlySet<string>): string[] {
	return firmware.filter((m) => ![...modules].some((p) => listedBy(p, m)));
}

describe("manifest.json covers the firmware", () => {
	const modules = new Set<string>();
	const preload = new Set<string>();
	collect(join(repoRoot, "manifest.json"), modules, preload);
	const firmware = [
		...tsModules("src", () => false),
		...tsModules("hal", (p) => p === "hal/boards"),
		// The key-injection station and the check programs (crypto, render, and their command-line host) are their
		// own builds (their folders' manifest.json); the stand-ins of sim/ and diagnostics/none are mapped under the
		// names they stand for.
		...tsModules(
			"device/moddable",
			(p) =>
				p === "device/moddable/sim" ||
				p === "device/moddable/diagnostics" ||
				p === "device/moddable/boards" ||
				p === "device/moddable/key-injection" ||
				p === "device/moddable/crypto-check" ||
				p === "device/moddable/render-check" ||
				p === "device/moddable/cli",
		),
	];

	it("finds the firmware modules to check", () => {
		assert.ok(
			firmware.includes("device/moddable/main") &&
				firmware.includes("hal/hal") &&
				firmware.includes("src/app/app-state") &&
				firmware.length > 50,
			`${firmware.length} modules`,
		);
	});

	it("lists every src/, hal/ and device/moddable module under `modules`", () => {
		const missing = notListed(firmware, modules);
		assert.deepEqual(missing, [], `not in any manifest's modules: ${missing.join(", ")}`);
	});

	it("preloads every src/, hal/ and device/moddable module except the main module", () => {
		const missing = firmware.filter((m) => m !== "device/moddable/main" && ![...preload].some((p) => preloadedBy(p, m)));
		assert.deepEqual(missing, [], `not preloaded: ${missing.join(", ")}`);
	});

	it("reports a folder missing from the manifests (the check can fail)", () => {
		const withoutApp = new Set([...modules].filter((m) => m !== "src/app/*"));
		assert.ok(notListed(firmware, withoutApp).includes("src/app/app-state"));
		assert.equal(listedBy("src/*", "src/app/app-state"), false, "a module folder lists one level");
		assert.equal(preloadedBy("src/*", "src/app/app-state"), true, "a preload pattern is a prefix");
		assert.equal(preloadedBy("src/*", "hal/hal"), false);
	});
});

describe("board manifests (device/moddable/boards/<board>/manifest.json)", () => {
	it("the root manifest builds the board POSTERM_BOARD names, posterm-s3 by default", () => {
		const root = readManifest(join(repoRoot, "manifest.json"));
		assert.equal(defaults(root).get("POSTERM_BOARD"), "posterm-s3");
		assert.ok([root.include ?? []].flat().includes("./device/moddable/boards/$(POSTERM_BOARD)/manifest.json"));
	});

	for (const name of boardNames()) {
		it(`${name}: has a manifest that names it as config.board`, () => {
			assert.ok(existsSync(boardManifest(name)), `no ${boardManifest(name)}`);
			assert.equal(readManifest(boardManifest(name)).config?.board, name);
		});
	}

	it("posterm-s3: the esp32 screen driver's pins and the partition table match the board description", () => {
		const board = loadBoard("posterm-s3");
		const esp32 = readManifest(boardManifest("posterm-s3")).platforms!.esp32!;
		const { spi, ili9341 } = esp32.defines!;
		const { display } = board;
		assert.deepEqual(
			[ili9341!.cs_pin, ili9341!.dc_pin, ili9341!.rst_pin, ili9341!.hz, spi!.mosi_pin, spi!.miso_pin, spi!.sck_pin],
			[display.cs, display.dc, display.reset, display.spi.hz, display.spi.mosi, display.spi.miso, display.spi.sclk],
		);
		// The ILI9341 is 240×320 in its own orientation; the board turns it by 90° (MADCTL).
		assert.deepEqual(
			[ili9341!.width, ili9341!.height],
			display.rotation % 180 === 0 ? [display.width, display.height] : [display.height, display.width],
		);
		// Paths starting "./" resolve against the manifest that names them (mcmanifest parseBuild).
		const build = esp32.build!;
		const partitions = join(dirname(boardManifest("posterm-s3")), build.PARTITIONS_FILE!);
		assert.ok(build.PARTITIONS_FILE!.startsWith("./") && build.SDKCONFIGPATH!.startsWith("./"));
		assert.ok(existsSync(join(dirname(boardManifest("posterm-s3")), build.SDKCONFIGPATH!, "sdkconfig.defaults")));
		for (const { name, byteLength } of board.partitions) {
			const row = readFileSync(partitions, "utf8")
				.split("\n")
				.find((line) => line.split(",")[0]!.trim() === name);
			assert.ok(row, `no ${name} partition in ${build.PARTITIONS_FILE}`);
			assert.ok(Number(row.split(",")[4]!.trim()) >= byteLength, `${name} partition smaller than the board's ${byteLength} bytes`);
		}
	});
});

describe("the posterm-s3 esp32 configuration holds what the code claims", () => {
	const dir = dirname(boardManifest("posterm-s3"));
	const rows = readFileSync(join(dir, "partitions.csv"), "utf8")
		.split("\n")
		.filter((line) => line.trim() !== "" && !line.startsWith("#"))
		.map((line) => line.split(",").map((cell) => cell.trim()))
		.map(([name, type, subtype, offset, size, flags]) => ({ name, type, subtype, offset: Number(offset), size: Number(size), flags }));

	it("has partitions that do not overlap and fit 8 MB of flash, apps on 64 KB boundaries", () => {
		const sorted = [...rows].sort((a, b) => a.offset - b.offset);
		for (let i = 1; i < sorted.length; i++)
			assert.ok(
				sorted[i]!.offset >= sorted[i - 1]!.offset + sorted[i - 1]!.size,
				`${sorted[i]!.name} overlaps ${sorted[i - 1]!.name}`,
			);
		assert.ok(sorted.at(-1)!.offset + sorted.at(-1)!.size <= 8 * 1024 * 1024);
		for (const app of rows.filter((r) => r.type === "app")) assert.equal(app.offset % 0x10000, 0, app.name);
	});

	it("keeps the NVS keys in an encrypted nvs_keys partition and turns on flash and NVS encryption", () => {
		const keys = rows.find((r) => r.subtype === "nvs_keys");
		assert.ok(keys && keys.flags === "encrypted" && keys.size === 0x1000 && keys.offset % 0x1000 === 0, JSON.stringify(keys));
		const sdkconfig = readFileSync(join(dir, "sdkconfig", "sdkconfig.defaults"), "utf8").split("\n");
		for (const option of [
			"CONFIG_SECURE_FLASH_ENC_ENABLED",
			"CONFIG_SECURE_FLASH_ENCRYPTION_MODE_DEVELOPMENT",
			"CONFIG_NVS_ENCRYPTION",
			"CONFIG_NVS_SEC_KEY_PROTECT_USING_FLASH_ENC",
		]) {
			assert.ok(sdkconfig.includes(`${option}=y`), option);
		}
	});

	it("puts the debugger on the S3's USB Serial/JTAG (USE_USB 2), so UART0 stays the jig line", () => {
		assert.equal(readManifest(boardManifest("posterm-s3")).platforms?.["esp32"]?.build?.["USE_USB"], "2");
	});
});
