// Which part of the repository may import which: the layering the README's layout section draws, as data.
// Each TypeScript file belongs to the longest area prefix that names it; it may import its own area and the
// areas listed for it, nothing else. A folder added under src/ without a rule is itself a violation, so the
// table grows with the code. Checked by test/node/import-boundaries.test.ts (in `npm test`, so in CI).

import ts from "typescript";
import { resolveSpecifier } from "../../src/secure/application-modules.js";

/** A repository area: a top folder ("hal"), a folder of src/ ("src/card") or a root file of src/ ("src/version"). */
type Area = string;

/** The areas below which src/ may never reach, nor hal/. */
const OUTSIDE_FIRMWARE: readonly Area[] = ["device", "host-sim", "test"];

/** The hardware contract and the platform-free leaves every firmware area may use. */
const BASE: readonly Area[] = ["hal"];

/**
 * What each area may import besides itself. src/ areas sit in layers: leaves (crypto, text, time) below the
 * building blocks (keys, mac, pin, card, iso8583, journal, printer…) below the services (secure element,
 * host link, slips, ui) below the two applications (app, factory) and the entry (src/terminal.ts).
 */
export const IMPORT_RULES: Readonly<Record<Area, readonly Area[]>> = {
	hal: [],
	"src/crypto": BASE,
	"src/text": BASE,
	"src/time": BASE,
	"src/qr": BASE,
	"src/keypad": BASE,
	"src/magstripe": BASE,
	"src/printer": BASE,
	"src/keys": [...BASE, "src/crypto"],
	"src/mac": [...BASE, "src/crypto"],
	"src/pin": [...BASE, "src/crypto"],
	"src/emv": [...BASE, "src/crypto", "src/keys", "src/mac"],
	// The card readers' protocol engines (ISO/IEC 7816-3, the PN532's frames) read the ATR with src/emv.
	"src/card-reader": [...BASE, "src/emv"],
	"src/journal": [...BASE, "src/text"],
	"src/card": [...BASE, "src/magstripe", "src/time"],
	"src/operators": [...BASE, "src/crypto", "src/text"],
	// IC parameters (CA keys, AIDs) are BER-TLV records checked with SHA-1, kept for the EMV kernel.
	"src/params": [...BASE, "src/text", "src/crypto", "src/emv"],
	// The message explainer masks card numbers as the card module does.
	"src/iso8583": [...BASE, "src/card"],
	"src/host-link": [...BASE, "src/iso8583"],
	"src/slips": [...BASE, "src/printer", "src/time", "src/card", "src/text"],
	"src/ui": [...BASE, "src/card", "src/qr", "src/text", "src/time"],
	// The secure element's internals: only the device entry and the simulator compose it.
	"src/secure": [...BASE, "src/crypto", "src/keys", "src/mac", "src/pin"],
	// The applications reach the element through the Hal contract (hal/secure-element.ts), never src/secure.
	"src/app": [
		...BASE,
		"src/card",
		"src/crypto",
		"src/emv",
		"src/host-link",
		"src/iso8583",
		"src/journal",
		"src/keys",
		"src/mac",
		"src/magstripe",
		"src/operators",
		"src/params",
		"src/pin",
		"src/printer",
		"src/qr",
		"src/slips",
		"src/text",
		"src/time",
		"src/ui",
		"src/version",
	],
	"src/factory": [
		...BASE,
		"src/crypto",
		"src/emv",
		"src/host-link",
		"src/iso8583",
		"src/journal",
		"src/keypad",
		"src/magstripe",
		"src/printer",
		"src/text",
		"src/time",
		"src/ui",
		"src/version",
	],
	"src/version": [],
	"src/terminal": [...BASE, "src/app"],
	// The two compositions of the Hal: each may use all of the firmware, neither the other.
	device: ["hal", "src"],
	"host-sim": ["hal", "src", "package"],
	test: ["hal", "src", "device", "host-sim", "package"],
};

/** An import that breaks a rule. */
export interface ImportViolation {
	readonly file: string;
	readonly specifier: string;
	readonly reason: string;
}

/** The area of a repository-relative path: the longest IMPORT_RULES key (or top folder) that holds it. */
export function areaOf(path: string): Area | undefined {
	const parts = path.split("/");
	if (parts[0] === "src") return `src/${parts[1].replace(/\.(js|ts)$/, "")}`;
	return parts.length > 1 ? parts[0] : undefined;
}

/** Whether `target` (an area) falls under the allowed area `allowed` ("src" allows every src/ area). */
function within(target: Area, allowed: Area): boolean {
	return target === allowed || (allowed === "src" && target.startsWith("src/"));
}

/** The module specifiers a source text imports or re-exports, `import type` and `import()` included. */
export function importsOf(source: string): string[] {
	return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The violations of IMPORT_RULES among `files` (repository-relative path → source text). */
export function importViolations(files: ReadonlyMap<string, string>): ImportViolation[] {
	const out: ImportViolation[] = [];
	for (const [file, source] of files) {
		const from = areaOf(file);
		if (from === undefined) continue;
		const rule = IMPORT_RULES[from];
		if (rule === undefined) {
			out.push({ file, specifier: "", reason: `${from} has no rule in host-sim/tools/import-rules.ts` });
			continue;
		}
		for (const specifier of importsOf(source)) {
			if (!specifier.startsWith("./") && !specifier.startsWith("../")) {
				// Bare specifiers: Node and npm packages on the desktop, Moddable modules on the device.
				if (from === "device" || rule.includes("package")) continue;
				out.push({ file, specifier, reason: `${from} imports a package or platform module` });
				continue;
			}
			const to = areaOf(resolveSpecifier(specifier, file));
			if (to === undefined || to === from || rule.some((allowed) => within(to, allowed))) continue;
			const outside = OUTSIDE_FIRMWARE.includes(to) && (from === "hal" || from.startsWith("src"));
			out.push({
				file,
				specifier,
				reason: outside ? `${from} reaches ${to} (firmware never imports the platforms)` : `${from} may not import ${to}`,
			});
		}
	}
	return out;
}
