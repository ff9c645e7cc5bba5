// Run as its own Node process (test/node/application-boundary.test.ts): the simulator's application boundary.
// `simulator`: built-ins frozen as `posterm sim` freezes them (hardenIntrinsics), the application Hal only;
// `before`: the raw Hal and built-ins as they are (the control run). The hostile code (./hostile-application.ts)
// runs as application code; the customer types a PIN; everything it reached is printed for the test to search.
// Its own process because freezing the built-ins is for the whole process: never in the test runner's.

import { applicationHal, hardenIntrinsics } from "../../../src/secure/application-hal.js";
import type { Hal } from "../../../hal/hal.js";
import { provisionedUnit, runHostile } from "../../support/provisioned-unit.js";
import { HOSTILE } from "./hostile-application.js";

const mode = process.argv[2];
const { hal, deviceKey } = provisionedUnit();
const { error, strings } = await runHostile(hal, (report) => {
	if (mode === "simulator") hardenIntrinsics();
	const application = new Function("hal", "report", HOSTILE) as (hal: Hal, report: (value: unknown) => void) => void;
	application(mode === "simulator" ? applicationHal(hal) : hal, report);
});
process.stdout.write(`probe\t${JSON.stringify({ error, strings, deviceKey })}\n`);
