// What the XS linker left of run-time code loading in a linked firmware (mc.xs.c). Everything is preloaded and
// the application shares the host's realm, so the firmware must not be able to load code it was not linked
// with: eval, the Function and Compartment constructors and ModuleSource dead-stripped (their host functions
// replaced by fxDeadStrip, which aborts the machine), and import() replaced by fxRunImportDeadStrip
// (xs/tools/xslStrip.c in the Moddable SDK writes both).

/** Built-ins that would load or compile code at run time. */
export const CODE_LOADERS = ["eval", "Function", "Compartment", "ModuleSource"] as const;

export interface LinkedStrips {
	/** The code loaders the linked firmware still has. */
	readonly kept: readonly string[];
	/** Whether import() is dead-stripped. */
	readonly importStripped: boolean;
}

/** Reads the linker's host-function table (`{ fxDeadStrip, 1, xsID_eval }`) and its import entry. */
export function linkedStrips(mcXsC: string): LinkedStrips {
	const kept = CODE_LOADERS.filter((name) => {
		const entries = [...mcXsC.matchAll(new RegExp(`\\{ (\\w+), \\d+, xsID_${name} \\}`, "g"))].map((m) => m[1]);
		if (entries.length === 0) throw new Error(`mc.xs.c names no host function for ${name}: not a linker output?`);
		return entries.some((callback) => callback !== "fxDeadStrip");
	});
	const importStripped = /^\tfxRunImportDeadStrip,$/m.test(mcXsC);
	if (!importStripped && !/^\tfxRunImport,$/m.test(mcXsC)) throw new Error("mc.xs.c has no import entry: not a linker output?");
	return { kept, importStripped };
}

/** What the firmware can still load code with: the kept loaders, and import() unless stripped. Empty when none. */
export function loadersKept(strips: LinkedStrips): string[] {
	return [...strips.kept, ...(strips.importStripped ? [] : ["import()"])];
}
