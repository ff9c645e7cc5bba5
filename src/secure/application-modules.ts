// The modules the application may reach: the platform-free firmware (src/) and the hardware contract (hal/),
// never the secure element's own modules, the device's or a platform module. On the device every module is
// preloaded and the application shares the host's realm, so this is checked on the application's module graph
// when it is linked (test/node/application-graph.test.ts), with run-time code loading stripped from the firmware
// (host-sim/device/linked-strips.ts).
//
// Public API: ModuleRule, applicationModules, resolveSpecifier.

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
