// How the simulator starts the firmware's application: its stand-in for the device's boot (device/moddable/main.ts), which
// runs the application in an XS Compartment on frozen built-ins with the application Hal. Node has no
// Compartment, and a `node:vm` context is a second realm whose typed arrays and results would have to be
// copied across every HAL call (and is no security mechanism either, per Node's documentation). So the
// simulator keeps one realm: the application gets the application Hal only (no keypad capture port, parts
// it cannot replace), and `posterm sim` freezes the process's built-ins before the firmware starts
// (hardenIntrinsics, in host-sim/cli/commands/sim.ts). Unlike the device, the application here shares module
// instances with the simulated element and could import any Node module: the simulator is a development
// tool, not the boundary. It makes application code that patches a built-in or takes the keypad fail in the
// simulator as it fails on the device.
//
// Public API: startApplication.

import type { Hal } from "../../hal/hal.js";
import { applicationHal } from "../../src/secure/application-hal.js";
import { startTerminal, type Terminal, type TerminalOptions } from "../../src/terminal.js";

export function startApplication(hal: Hal, options?: TerminalOptions): Terminal {
	return startTerminal(applicationHal(hal), options);
}
