// Runs inside xsnap (test/node/secure-element-xs-proofs.test.ts): a signed-in simulated unit, then hostile
// application code evaluated in a Compartment given the application Hal only. Whatever the code can reach
// it hands to `report`; the Node side searches that for key material. With `hardened` false the
// intrinsics are left shared and writable: the control run, where a patched built-in does leak keys.

import { applicationHal, hardenIntrinsics } from "../../src/secure/application-hal.js";
import { provisionedUnit, runHostile } from "../support/provisioned-unit.js";

declare function print(...values: unknown[]): void;
declare class Compartment {
	constructor(options: { globals: Record<string, unknown> });
	evaluate(source: string): unknown;
}

export async function runCompartmentProbe(hostile: string, hardened: boolean): Promise<void> {
	const { hal, deviceKey } = provisionedUnit();
	if (hardened) hardenIntrinsics();
	const { error, strings } = await runHostile(hal, (report) => {
		new Compartment({ globals: { hal: applicationHal(hal), report } }).evaluate(hostile);
	});
	print(`probe\t${JSON.stringify({ evaluationError: error, strings, deviceKey })}`);
}
