// `posterm emv …` on the public vectors of test/support/emv-vectors.ts (pyemv, the PBOC worked example),
// and its exit codes: 2 for a bad command line, 1 for TLV it cannot decode.
import { strict as assert } from "node:assert";
import { applicationCryptogram } from "../../src/emv/cryptograms.js";
import { iccMasterKey } from "../../src/emv/icc-keys.js";
import { PBOC_EXAMPLE, PBOC_FIELD55_EXAMPLE, PYEMV } from "../support/emv-vectors.js";
import { hex, toHex } from "../support/hex.js";
import { posterm } from "./support/cli-capture.js";

async function emv(...args: string[]): Promise<{ code: number; out: string; err: string; json: unknown }> {
	const run = await posterm("emv", ...args);
	return { ...run, json: run.out ? (JSON.parse(run.out) as unknown) : undefined };
}

/** The key check values the sources print (2 bytes) against the 3 the CLI prints. */
function kcvStartsWith(actual: unknown, printed: string): void {
	assert.equal(typeof actual, "string");
	assert.equal((actual as string).length, 6);
	assert.ok((actual as string).startsWith(printed), `${String(actual)} starts with ${printed}`);
}

const PBOC_CARD = ["--imk", PBOC_EXAMPLE.imkAc, "--pan", PBOC_EXAMPLE.pan, "--psn", PBOC_EXAMPLE.psn];
const SHA_PAD = PYEMV.optionBShaPad;
const SHA_PAD_CARD = ["--imk", PYEMV.imk, "--pan", SHA_PAD.pan, "--psn", SHA_PAD.psn, "--mk-derivation", "b"];

describe("posterm emv", () => {
	it("tlv decode: the PBOC field 55 with tag names, lengths and values, in order", async () => {
		const r = await emv("tlv", "decode", PBOC_FIELD55_EXAMPLE.field55.toLowerCase());
		assert.equal(r.code, 0, r.err);
		const objects = r.json as { tag: string; name?: string; length: number; value?: string }[];
		assert.deepEqual(
			objects.map((o) => [o.tag, o.length, o.value]),
			PBOC_FIELD55_EXAMPLE.objects.map(([tag, value]) => [tag, value.length / 2, value]),
		);
		assert.deepEqual(objects[0], { tag: "9F26", name: "Application Cryptogram", length: 8, value: "5D016C91005E7CC2" });
		assert.equal(objects.find((o) => o.tag === "9F1E")?.name, "Interface Device (IFD) Serial Number");
	});

	it("tlv decode: constructed templates as children, unknown tags without a name, padding skipped", async () => {
		const r = await emv("tlv", "decode", "00770A9F2701809F3602024000DF7F0101FF");
		assert.equal(r.code, 0, r.err);
		assert.deepEqual(r.json, [
			{
				tag: "77",
				name: "Response Message Template Format 2",
				length: 10,
				children: [
					{ tag: "9F27", name: "Cryptogram Information Data", length: 1, value: "80" },
					{ tag: "9F36", name: "Application Transaction Counter (ATC)", length: 2, value: "0240" },
				],
			},
			{ tag: "DF7F", length: 1, value: "01" },
		]);
	});

	it("tlv decode: malformed TLV is exit 1 with what and where; non-hex is exit 2", async () => {
		for (const [data, message] of [
			["9F2608AABB", /ends inside a value field \(at byte 3\)/],
			["70800000", /indefinite length/],
			["9F2685FFFFFFFFFF", /longer than 4 bytes/],
			["9F", /ends inside a tag field \(at byte 0\)/],
		] as const) {
			const r = await emv("tlv", "decode", data);
			assert.equal(r.code, 1, data);
			assert.match(r.err, message);
			assert.equal(r.out, "");
		}
		for (const args of [["tlv", "decode", "9F2"], ["tlv", "decode", "ZZ"], ["tlv", "decode"], ["tlv", "encode", "00"], ["tlv"]]) {
			const r = await emv(...args);
			assert.equal(r.code, 2, args.join(" "));
			assert.match(r.err, /^posterm emv: /);
		}
	});

	it("arqc: the PBOC example with --session pboc, and pyemv's option B vector with the common session key", async () => {
		const p = await emv("arqc", ...PBOC_CARD, "--atc", PBOC_EXAMPLE.atc, "--session", "pboc", "--data", PBOC_EXAMPLE.acData);
		assert.equal(p.code, 0, p.err);
		assert.equal((p.json as { arqc: string }).arqc, PBOC_EXAMPLE.arqc);
		assert.deepEqual(Object.keys(p.json as object), ["iccMkKcv", "sessionKeyKcv", "arqc"]);

		const b = await emv("arqc", ...SHA_PAD_CARD, "--atc", SHA_PAD.atc, "--data", SHA_PAD.acData);
		assert.equal(b.code, 0, b.err);
		const j = b.json as { iccMkKcv: string; sessionKeyKcv: string; arqc: string };
		kcvStartsWith(j.iccMkKcv, SHA_PAD.mkKcv);
		kcvStartsWith(j.sessionKeyKcv, SHA_PAD.skKcv);
		assert.equal(j.arqc, SHA_PAD.arqc);

		const v = PYEMV.visaCvn18;
		const c18 = await emv(
			"arqc",
			"--imk",
			PYEMV.imk,
			"--pan",
			v.pan,
			"--psn",
			v.psn,
			"--mk-derivation",
			"b",
			"--atc",
			v.atc,
			"--data",
			v.acData,
		);
		assert.equal((c18.json as { arqc: string }).arqc, v.arqc);
	});

	it("arqc --session none: the AC under the ICC master key, and no session key KCV", async () => {
		const data = "0000000010000000000000000156";
		const r = await emv("arqc", ...PBOC_CARD, "--session", "none", "--data", data);
		assert.equal(r.code, 0, r.err);
		const mk = iccMasterKey(hex(PBOC_EXAMPLE.imkAc), PBOC_EXAMPLE.pan, PBOC_EXAMPLE.psn, "a");
		assert.ok(mk.ok);
		assert.deepEqual(Object.keys(r.json as object), ["iccMkKcv", "arqc"]);
		assert.equal((r.json as { arqc: string }).arqc, toHex(applicationCryptogram(mk.value, hex(data))));
		const withAtc = await emv("arqc", ...PBOC_CARD, "--session", "none", "--atc", "0001", "--data", data);
		assert.equal(withAtc.code, 2);
	});

	it("arpc method 1 under the PBOC session key and under the ICC master key", async () => {
		const p = await emv(
			"arpc",
			...PBOC_CARD,
			"--atc",
			PBOC_EXAMPLE.atc,
			"--session",
			"pboc",
			"--arqc",
			PBOC_EXAMPLE.arqc,
			"--arc",
			PBOC_EXAMPLE.arc,
		);
		assert.equal(p.code, 0, p.err);
		assert.deepEqual(p.json, { arpc: PBOC_EXAMPLE.arpc });
		const a = PYEMV.acHsm;
		const mk = await emv(
			"arpc",
			"--imk",
			PYEMV.imk,
			"--pan",
			a.pan,
			"--psn",
			a.psn,
			"--key",
			"icc-mk",
			"--arqc",
			a.arqc,
			"--arc",
			"0000",
		);
		assert.deepEqual(mk.json, { arpc: a.arpc1Mk });
	});

	it("arpc method 2 with the common session key, with and without proprietary data", async () => {
		const r = await emv(
			"arpc",
			...SHA_PAD_CARD,
			"--atc",
			SHA_PAD.atc,
			"--arqc",
			SHA_PAD.arqc,
			"--method",
			"2",
			"--csu",
			SHA_PAD.csu,
			"--pad",
			SHA_PAD.proprietary,
		);
		assert.equal(r.code, 0, r.err);
		assert.deepEqual(r.json, { arpc: SHA_PAD.arpc2 });
		const v = PYEMV.visaCvn18;
		const c18 = await emv(
			"arpc",
			...["--imk", PYEMV.imk, "--pan", v.pan, "--psn", v.psn, "--mk-derivation", "b", "--atc", v.atc],
			...["--arqc", v.arqc, "--method", "2", "--csu", "00000000"],
		);
		assert.deepEqual(c18.json, { arpc: v.arpc2 });
	});

	it("a bad command line is exit 2 with the reason on stderr and nothing on stdout", async () => {
		const card = ["--imk", PYEMV.imk, "--pan", "6228480000000000018", "--psn", "01"];
		for (const [args, message] of [
			[["arqc", "--pan", "1234", "--psn", "00", "--atc", "0001", "--data", "00"], /--imk is required/],
			[["arqc", "--imk", "0011", "--pan", "1234", "--psn", "00", "--atc", "0001", "--data", "00"], /--imk must be 16 bytes/],
			[["arqc", ...card.slice(0, 4), "--atc", "0001", "--data", "00"], /--psn is required/],
			[["arqc", ...card.slice(0, 4), "--psn", "1", "--atc", "0001", "--data", "00"], /--psn must be two digits/],
			[
				["arqc", "--imk", PYEMV.imk, "--pan", "6228-4800", "--psn", "01", "--atc", "0001", "--data", "00"],
				/--pan must be 1 to 19 digits/,
			],
			[["arqc", ...card, "--data", "00"], /--atc is required/],
			[["arqc", ...card, "--atc", "001", "--data", "00"], /--atc must be hex/],
			[["arqc", ...card, "--atc", "0001"], /--data is required/],
			[["arqc", ...card, "--atc", "0001", "--data", "00", "--session", "tree"], /--session must be common or pboc or none/],
			[["arqc", ...card, "--atc", "0001", "--data", "00", "--mk-derivation", "c"], /--mk-derivation must be a or b/],
			[["arpc", ...card, "--atc", "0001", "--arqc", "1122334455667788"], /--arc is required/],
			[["arpc", ...card, "--atc", "0001", "--arqc", "11223344", "--arc", "3030"], /--arqc must be 8 bytes/],
			[
				["arpc", ...card, "--atc", "0001", "--arqc", "1122334455667788", "--arc", "3030", "--method", "2"],
				/--arc belongs to --method 1/,
			],
			[["arpc", ...card, "--atc", "0001", "--arqc", "1122334455667788", "--method", "2"], /--csu is required/],
			[
				[
					"arpc",
					...card,
					"--atc",
					"0001",
					"--arqc",
					"1122334455667788",
					"--method",
					"2",
					"--csu",
					"00000000",
					"--pad",
					"00".repeat(9),
				],
				/--pad must be 0 to 8 bytes, got 9/,
			],
			[
				["arpc", ...card, "--atc", "0001", "--arqc", "1122334455667788", "--arc", "3030", "--csu", "00000000"],
				/--csu and --pad belong to --method 2/,
			],
			[
				["arpc", ...card, "--key", "icc-mk", "--session", "pboc", "--arqc", "1122334455667788", "--arc", "3030"],
				/no use with --key icc-mk/,
			],
			[["arpc", ...card, "--arqc", "1122334455667788", "--arc", "3030", "--method", "3"], /--method must be 1 or 2/],
			[["arpc", ...card, "--atc", "0001", "--arqc", "1122334455667788", "--arc", "3030", "--bogus"], /Unknown option '--bogus'/],
			[[], /which one: tlv, arqc, arpc, read or oda/],
		] as const) {
			const r = await emv(...args);
			assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
			assert.match(r.err, message);
			assert.equal(r.out, "");
		}
	});
});
