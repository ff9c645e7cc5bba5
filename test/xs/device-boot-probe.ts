// Runs inside xsnap (test/node/application-boundary.test.ts): the device's boot of the application, as
// device/moddable/main.ts does it — built-ins frozen, the application sharing the host's realm (on the device
// every module is preloaded), given the application Hal — with a hostile module standing in for application code.
// `mode` "before" runs the same module handed the raw Hal, on built-ins as they are (the control run). Then, in
// "device" mode, the real terminal boots the same way. Whatever the hostile module reaches it reports; the
// Node side searches it. (xsnap keeps eval and import(), which the device's linker strips: the hostile module
// here can load more code than it could on the device.)

import type { Hal } from "../../hal/hal.js";
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
			const app = (await import(hostile)) as HostileModule;
			app.run(applicationHal(hal), report);
		} else {
			const app = (await import(hostile)) as HostileModule;
			app.run(hal, report);
		}
	});
	let booted = { state: "", screen: "" };
	if (mode === "device") {
		const unit = provisionedUnit();
		const terminal = ((await import(`${root}src/terminal.js`)) as typeof TerminalModule).startTerminal(applicationHal(unit.hal), {
			passwordIterations: 4,
		});
		booted = { state: terminal.state.kind, screen: screenText(terminal.screen) };
		terminal.stop();
	}
	print(`probe\t${JSON.stringify({ error, strings, deviceKey, booted })}`);
}
