// Reading the XS linker's output for run-time code loading (host-sim/device/linked-strips.ts), on excerpts
// shaped as xsl writes mc.xs.c; the device check applies it to the real linked firmware.

import { strict as assert } from "node:assert";
import { linkedStrips, loadersKept } from "../../host-sim/device/linked-strips.js";

const table = (callbacks: Record<string, string>) =>
	Object.entries(callbacks)
		.map(([name, callback]) => `\t{ ${callback}, 1, xsID_${name} },`)
		.join("\n");

const STRIPPED = { eval: "fxDeadStrip", Function: "fxDeadStrip", Compartment: "fxDeadStrip", ModuleSource: "fxDeadStrip" };

describe("code loaders left in a linked firmware", () => {
	it("a firmware with every loader and import() dead-stripped keeps none", () => {
		const source = `${table(STRIPPED)}\n\tfxRunImportDeadStrip,\n`;
		assert.deepEqual(linkedStrips(source), { kept: [], importStripped: true });
		assert.deepEqual(loadersKept(linkedStrips(source)), []);
	});

	it("names each loader the linker kept, and a kept import()", () => {
		const source = `${table({ ...STRIPPED, eval: "fx_eval", Compartment: "fx_Compartment" })}\n\tfxRunImport,\n`;
		assert.deepEqual(linkedStrips(source), { kept: ["eval", "Compartment"], importStripped: false });
		assert.deepEqual(loadersKept(linkedStrips(source)), ["eval", "Compartment", "import()"]);
	});

	it("counts a loader as kept when any of its entries is live (the constructor and its prototype's alias)", () => {
		const source = `${table(STRIPPED)}\n\t{ fx_Function, 1, xsID_Function },\n\tfxRunImportDeadStrip,\n`;
		assert.deepEqual(linkedStrips(source).kept, ["Function"]);
	});

	it("refuses a file that is not the linker's output", () => {
		assert.throws(() => linkedStrips("int main(void) { return 0; }"), /not a linker output/);
		assert.throws(() => linkedStrips(table(STRIPPED)), /no import entry/);
	});
});
