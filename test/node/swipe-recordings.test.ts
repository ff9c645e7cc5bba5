// The WAV fixtures in test/fixtures/magstripe/: each NAME.wav has a NAME.json beside it saying where it came from
// and what `posterm swipe decode` must print for it (card numbers masked). Synthetic ones carry the `posterm swipe
// synth` arguments that made them and are rebuilt byte for byte, so their label is checked, not trusted. A user's
// own recordings join by dropping a WAV and its JSON there (test/fixtures/magstripe/README.md).

import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../../host-sim/tools/xs.js";
import { posterm } from "./support/cli-capture.js";
import { parseWav } from "../../host-sim/magstripe/wav-pcm.js";
import { intervalsFromSignal } from "../../host-sim/magstripe/wav-front-end.js";
import { decodeF2f } from "../../src/magstripe/f2f-decoder.js";
import { fixtureSwipesModule, MODULE } from "../../host-sim/tools/fixture-intervals.js";

interface Sidecar {
	readonly source: "synthetic" | "recorded";
	readonly description: string;
	/** `posterm swipe synth` arguments (without --wav) for a synthetic fixture. */
	readonly synth?: readonly string[];
	/** For a recording: where it came from (repository, commit, path, licence, or the head and card used). */
	readonly provenance?: string;
	/** Bits another decoder printed for the recording (its source named in f2fBitsSource): the F2F layer must recover them. */
	readonly f2fBits?: string;
	readonly f2fBitsSource?: string;
	readonly decode: unknown;
}

const fixtures = join(repoRoot, "test/fixtures/magstripe");
const names = readdirSync(fixtures)
	.filter((f) => f.endsWith(".wav"))
	.map((f) => f.slice(0, -4))
	.sort();

describe("magstripe WAV fixtures (test/fixtures/magstripe)", () => {
	let dir = "";
	before(() => {
		dir = mkdtempSync(join(tmpdir(), "posterm-recordings-"));
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it("has fixtures, each with its sidecar naming its source", () => {
		assert.ok(names.length >= 3);
		for (const name of names) {
			const side = JSON.parse(readFileSync(join(fixtures, `${name}.json`), "utf8")) as Sidecar;
			assert.ok(
				side.source === "synthetic" ? side.synth !== undefined && name.startsWith("synthetic-") : side.provenance !== undefined,
				name,
			);
		}
	});

	it("are in test/support/fixture-swipes.ts as they are now, for the test in both engines", () => {
		assert.ok(
			readFileSync(MODULE, "utf8") === fixtureSwipesModule(),
			"test/support/fixture-swipes.ts is stale: node host-sim/tools/run-ts.js host-sim/tools/fixture-intervals.ts",
		);
	});

	for (const name of names) {
		it(`${name}: decodes as its sidecar says, card numbers masked${name.startsWith("synthetic-") ? ", and is rebuilt byte for byte" : ""}`, async () => {
			const side = JSON.parse(readFileSync(join(fixtures, `${name}.json`), "utf8")) as Sidecar;
			const wav = join(fixtures, `${name}.wav`);
			const run = await posterm("swipe", "decode", wav);
			assert.equal(run.code, 0, run.err);
			assert.deepEqual(JSON.parse(run.out), side.decode);
			const report = JSON.parse(run.out) as { tracks: { data?: string }[]; card: { pan?: string } | null };
			// Where a card number stands (the first long run of digits), the output shows it masked.
			for (const t of report.tracks) if (t.data !== undefined) assert.match(t.data, /^[%;]B?\d{6}\*+\d{4}[=^]/, name);
			if (report.card?.pan !== undefined) assert.match(report.card.pan, /^\d{6}\*+\d{4}$/);
			if (side.f2fBits !== undefined) {
				assert.ok(side.f2fBitsSource !== undefined, "f2fBits without their source");
				const audio = parseWav(new Uint8Array(readFileSync(wav)));
				assert.ok(audio.ok);
				const bits = Array.from(decodeF2f(intervalsFromSignal(audio.value.channels[0]!, audio.value.sampleRate)).bits).join("");
				const reversed = side.f2fBits.split("").reverse().join("");
				assert.ok(bits.includes(side.f2fBits) || bits.includes(reversed), `F2F bits ${bits}`);
			}
			if (side.synth !== undefined) {
				const rebuilt = join(dir, `${name}.wav`);
				const synth = await posterm("swipe", "synth", ...side.synth, "--wav", rebuilt);
				assert.equal(synth.code, 0, synth.err);
				assert.ok(readFileSync(rebuilt).equals(readFileSync(wav)), "the synthetic fixture is not what its arguments make");
				const pan = /\d{12,19}/.exec(side.synth[side.synth.indexOf("--data") + 1]!)![0];
				assert.ok(!run.out.includes(pan), "the full card number in the output");
			}
		});
	}
});
