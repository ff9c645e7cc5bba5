// Runs inside xsnap (test/node/application-boundary.test.ts): the device's boot of the application, as
// device/moddable/main.ts does it — built-ins frozen, then the application's modules imported into a Compartment that may
// load only the firmware's application modules, given the application Hal — with a hostile module standing
// in for application code. `mode` "before" runs the same module the way device/moddable/main.ts did before: imported by
// the host itself and handed the raw Hal (the control run). Then, in "device" mode, the real terminal boots
// in such a Compartment. Whatever the hostile module reaches it reports; the Node side searches it.

import type { Hal } from "../../hal/hal.js";
import { applicationModules, importInCompartment } from "../../src/secure/application-compartment.js";
import { applicationHal, hardenIntrinsics } from "../../src/secure/application-hal.js";
import type * as TerminalModule from "../../src/terminal.js";
import { screenText } from "../../src/ui/screen.js";
import { provisionedUnit, runHostile } from "../support/provisioned-unit.js";

declare function print(...values: unknown[]): void;

interface HostileModule {
	run(hal: Hal, report: (value: unknown) => void): void;
}

/** `root`: the compiled repository's directory with a trailing slash; `hostile`: the hostile module's path. */
export async function runDeviceBootProbe(root: string, hostile: string, mode: "device" | "before"): Promise<void> {
	const { hal, deviceKey } = provisionedUnit();
	const { error, strings } = await runHostile(hal, async (report) => {
		if (mode === "device") {
			// Moddable device builds have no `harden` (xsnap has): take the path the device takes.
			if (!Reflect.deleteProperty(globalThis, "harden")) throw new Error("cannot remove harden");
			hardenIntrinsics();
			const allowed = applicationModules(root);
			const app = importInCompartment(hostile, (specifier) => specifier === hostile || allowed(specifier)) as HostileModule;
			app.run(applicationHal(hal), report);
		} else {
			const app = (await import(hostile)) as HostileModule;
			app.run(hal, report);
		}
	});
	let booted = { state: "", screen: "" };
	if (mode === "device") {
		const unit = provisionedUnit();
		const terminal = (importInCompartment(`${root}src/terminal.js`, applicationModules(root)) as typeof TerminalModule).startTerminal(
			applicationHal(unit.hal),
			{ passwordIterations: 4 },
		);
		booted = { state: terminal.state.kind, screen: screenText(terminal.screen) };
		terminal.stop();
	}
	print(`probe\t${JSON.stringify({ error, strings, deviceKey, booted })}`);
}
