// The application runs in an XS Compartment (Moddable SDK, documentation/xs/XS Compartment.md: "lightweight
// virtual hosts that evaluate scripts and import modules separately from the real host"), so that nothing but the
// Hal it is handed reaches it: no global beyond the ECMAScript built-ins, and only modules `allowed` accepts —
// each loaded by the host but initialised by the Compartment, its own instance (a table the secure element's copy
// of a module holds cannot be changed from inside). A child Compartment made inside it loads through it, so
// through the same check; `import()` finds no load hook and fails. The built-ins are shared with the host: call
// hardenIntrinsics() first.
//
// Public API: ModuleRule, applicationModules, resolveSpecifier, importInCompartment.

declare class Compartment {
	constructor(options: { resolveHook(specifier: string, referrer: string): string; loadNowHook(specifier: string): { source: string } });
	importNow(specifier: string): unknown;
}

/** Whether the application may load the module of this (resolved) specifier. */
export type ModuleRule = (specifier: string) => boolean;

/** Never the secure element. The device entry and HAL (device/…) are outside src/ and hal/ already. */
const WITHHELD = ["src/secure/"] as const;

/**
 * The application's modules: the platform-free firmware (`src/…`) and the hardware contract (`hal/…`) except
 * WITHHELD, and no platform module (Moddable's `preference`, `flash`, `embedded:…`). `root` is how the engine
 * spells the repository root in a resolved specifier: "" on Moddable ("src/app/terminal-app"), a directory
 * under xsnap (absolute paths).
 */
export function applicationModules(root: string): ModuleRule {
	return (specifier) => {
		if (!specifier.startsWith(root)) return false;
		const path = specifier.slice(root.length);
		// A resolved specifier has no "." or ".." segment; one that does could step out of a directory.
		if (path.split("/").some((segment) => segment === "." || segment === ".." || segment === "")) return false;
		return (path.startsWith("src/") || path.startsWith("hal/")) && !WITHHELD.some((prefix) => path.startsWith(prefix));
	};
}

/**
 * An import specifier resolved against the importing module's: "./" and "../" against its directory, the rest
 * as written (the rule then judges it). One resolution on every engine: Moddable's host resolves dots, xsnap's
 * only joins them.
 */
export function resolveSpecifier(specifier: string, referrer: string): string {
	if (!specifier.startsWith("./") && !specifier.startsWith("../")) return specifier;
	const path = referrer.split("/").slice(0, -1);
	for (const segment of specifier.split("/")) {
		if (segment === "..") path.pop();
		else if (segment !== ".") path.push(segment);
	}
	return path.join("/");
}

/**
 * Imports `entry` (a resolved specifier) into a fresh Compartment that may load only what `allowed` accepts.
 * `hostModule` names the host's module for a resolved specifier: Moddable's host knows "src/terminal" for
 * "src/terminal.js" (mcconfig names modules without extension), xsnap's the path itself.
 */
export function importInCompartment(
	entry: string,
	allowed: ModuleRule,
	hostModule: (specifier: string) => string = (specifier) => specifier,
): unknown {
	const compartment = new Compartment({
		resolveHook: resolveSpecifier,
		loadNowHook(specifier) {
			if (!allowed(specifier)) throw new Error(`the application may not load "${specifier}"`);
			return { source: hostModule(specifier) };
		},
	});
	return compartment.importNow(entry);
}
