// `posterm emv read`: the kernel's selection, GPO and record reading against the virtual cards at the command
// line, a profile from a file, the faults as exit 1, and a bad command line as exit 2.
import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PBOC_DEBIT } from "../../host-sim/chip/profiles.js";
import { expectedAc } from "../support/virtual-chip.js";
import { posterm } from "./support/cli-capture.js";

interface Read {
	card: string;
	interface: string;
	protocol?: string;
	method: string;
	candidates: { aid: string; priority: number; confirmationRequired: boolean }[];
	selected: string;
	aip: string;
	data: Record<string, string>;
	odaRecords: number;
}

async function read(...args: string[]): Promise<{ code: number; err: string; json?: Read }> {
	const run = await posterm("emv", "read", "--date", "261207", "--un", "12345678", ...args);
	return { code: run.code, err: run.err, ...(run.out ? { json: JSON.parse(run.out) as Read } : {}) };
}

describe("posterm emv read", () => {
	it("reads the debit card at T=0 through its PSE", async () => {
		const r = await read("--card", "pboc-debit");
		assert.equal(r.code, 0, r.err);
		assert.deepEqual([r.json!.protocol, r.json!.method, r.json!.selected, r.json!.aip], ["T=0", "PSE", "A000000333010101", "7C00"]);
		assert.equal(r.json!.data["5A"], "6226095555000111");
		assert.equal(r.json!.odaRecords, 1);
	});

	it("takes the credit card's application that needs no confirmation, and lists both", async () => {
		const r = await read("--card", "pboc-credit");
		assert.equal(r.code, 0, r.err);
		assert.deepEqual(
			r.json!.candidates.map((c) => [c.aid, c.confirmationRequired]),
			[
				["A000000333010103", true],
				["A000000333010102", false],
			],
		);
		assert.equal(r.json!.selected, "A000000333010102");
	});

	it("taps the QuickPass card: its ARQC is over the amount, date and UN given", async () => {
		const r = await read("--card", "quickpass", "--contactless", "--amount", "2500");
		assert.equal(r.code, 0, r.err);
		const d = r.json!.data;
		const acData = "000000002500" + "000000000000" + "0156" + "0000000000" + "0156" + "261207" + "00" + "12345678";
		assert.equal(d["9F26"], expectedAc("6222021234567890128", "00", acData, "7C00", d["9F36"]!, d["9F10"]!));
	});

	it("reads a profile from a JSON file", async () => {
		const file = join(mkdtempSync(join(tmpdir(), "posterm-card-")), "card.json");
		writeFileSync(file, JSON.stringify({ ...PBOC_DEBIT, name: "from-file" }));
		const r = await read("--card", file);
		assert.equal(r.code, 0, r.err);
		assert.equal(r.json!.card, "from-file");
		writeFileSync(file, JSON.stringify({ ...PBOC_DEBIT, contact: { atr: "3B", pse: "yes" } }));
		const bad = await read("--card", file);
		assert.deepEqual([bad.code, bad.err.includes("the profile's contact.pse: not a boolean")], [1, true]);
	});

	it("exits 1 naming the stop for each fault, and 2 for a bad command line", async () => {
		const stops: [string[], string][] = [
			[["--fault", "mute"], "activation: mute"],
			[["--fault", "wrong-atr"], "activation: atr-invalid"],
			[["--fault", "card-blocked"], "the kernel stopped: card-blocked"],
			[["--fault", "remove-after=3"], "the kernel stopped: READ RECORD (directory): reader error removed"],
		];
		for (const [args, message] of stops) {
			const r = await read("--card", "pboc-debit", ...args);
			assert.equal(r.code, 1, args.join(" "));
			assert.ok(r.err.includes(message), `${args.join(" ")}: ${r.err}`);
		}
		const other = await read("--card", "quickpass");
		assert.deepEqual([other.code, other.err.includes("quickpass has no contact interface")], [1, true]);
		for (const args of [
			["--card", "nope"],
			["--card", "pboc-debit", "--fault", "melt"],
			["--card", "pboc-debit", "--amount", "1.5"],
			[],
		])
			assert.equal((await read(...args)).code, 2, args.join(" "));
	});
});
