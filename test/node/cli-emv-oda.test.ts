// `posterm emv oda`: certificate recovery at the command line on emv-tools' public DDA and SDA cards
// (test/support/oda-vectors.ts) under the public test CA keys of test/fixtures/emv/test-capk.json, once as a
// child process of the real executable; a virtual card's records, with and without a fault; the exit codes.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { readRecord } from "../../src/emv/commands.js";
import { PBOC_DEBIT } from "../../host-sim/chip/profiles.js";
import { repoRoot } from "../../host-sim/tools/xs.js";
import { EMV_TOOLS_DDA, EMV_TOOLS_SDA } from "../support/oda-vectors.js";
import { toHex } from "../support/hex.js";
import { virtualCard } from "../support/virtual-chip.js";
import { posterm, postermProcess } from "./support/cli-capture.js";

const CAPK = join(repoRoot, "test/fixtures/emv/test-capk.json");

/** A 70 template around `body` (hex), with the length in short or long form. */
function tlv(tag: string, body: string): string {
	const n = body.length / 2;
	const length = n < 0x80 ? "" : n < 0x100 ? "81" : "82";
	return (
		tag +
		length +
		n
			.toString(16)
			.toUpperCase()
			.padStart(n < 0x100 ? 2 : 4, "0") +
		body
	);
}

const DDA = EMV_TOOLS_DDA;
/** The DDA card's records: its signed objects (the test's static data without the AIP 3900), then the certificates. */
const DDA_RECORDS = [
	tlv("70", DDA.staticData.slice(0, -4)),
	tlv("70", tlv("8F", "05") + tlv("90", DDA.issuerCertificate) + tlv("92", DDA.issuerRemainder) + tlv("9F32", "03")),
	tlv("70", tlv("9F46", DDA.iccCertificate) + tlv("9F47", "03")),
];
const DDA_ARGS = ["--capk", CAPK, "--aid", "A0000000041010", "--date", "150630", "--oda", "1", "--aip", "3900"];

interface Checked {
	issuerKey?: { modulus: string; exponent: string };
	iccKey?: { modulus: string; exponent: string };
	checks: { check: string; ok: boolean; failure?: { kind: string; step?: number }; [more: string]: unknown }[];
}

async function oda(...args: string[]): Promise<{ code: number; err: string; json?: Checked }> {
	const run = await posterm("emv", "oda", ...args);
	return { code: run.code, err: run.err, ...(run.out ? { json: JSON.parse(run.out) as Checked } : {}) };
}

describe("posterm emv oda", () => {
	it("the executable: emv-tools' DDA card gives its issuer and ICC keys, and the SDAD over the DDOL data checks", async function () {
		this.timeout(180_000);
		const run = await postermProcess([
			"emv",
			"oda",
			...DDA_ARGS,
			"--sdad",
			DDA.signedDynamicData,
			"--dynamic-data",
			DDA.ddolData,
			"--records",
			...DDA_RECORDS,
		]);
		assert.equal(run.code, 0, run.stderr);
		const json = JSON.parse(run.stdout) as Checked;
		assert.deepEqual(json.checks, [
			{
				check: "issuer-certificate",
				ok: true,
				issuerIdentifier: DDA.issuerIdentifier,
				expiry: DDA.issuerExpiry,
				serial: DDA.issuerSerial,
			},
			{ check: "icc-certificate", ok: true, pan: `${DDA.pan}FFFF`, expiry: DDA.iccExpiry, serial: DDA.iccSerial },
			{ check: "signed-dynamic-data", ok: true, iccDynamicData: `08${DDA.iccDynamicNumber}` },
		]);
		// 176 bytes: the certificate's leftmost 140 and the 36-byte remainder 92, upper-case hex.
		assert.equal(json.issuerKey!.modulus.length, 2 * 176);
		assert.ok(json.issuerKey!.modulus.endsWith(DDA.issuerRemainder));
		assert.equal(json.iccKey!.modulus.length, 2 * DDA.iccModulusLength);
	});

	it("emv-tools' SDA card: the issuer key under A000000003/01 and the data authentication code; expired after 12/2009", async () => {
		const sda = EMV_TOOLS_SDA;
		const body = tlv("8F", "01") + tlv("90", sda.issuerCertificate) + tlv("92", sda.issuerRemainder) + tlv("9F32", "03");
		// The test's static data ends in 5C00, itself a TLV object (tag 5C, empty): the whole is one record's value.
		const records = [tlv("70", sda.staticData), tlv("70", body + tlv("93", sda.signedStaticData))];
		const args = ["--capk", CAPK, "--aid", "A0000000031010", "--oda", "1", "--records", ...records];
		const good = await oda(...args, "--date", "091231");
		assert.equal(good.code, 0, JSON.stringify(good.json));
		assert.deepEqual(good.json!.checks, [
			{
				check: "issuer-certificate",
				ok: true,
				issuerIdentifier: sda.issuerIdentifier,
				expiry: sda.issuerExpiry,
				serial: sda.issuerSerial,
			},
			{ check: "signed-static-data", ok: true, dataAuthenticationCode: sda.dataAuthenticationCode },
		]);
		// Signing only the first record's objects but one: the hash differs (step 7), exit 1 with the JSON.
		const fewer = await oda(...args.slice(0, -2), tlv("70", sda.staticData.slice(0, -4)), records[1]!, "--date", "091231");
		assert.equal(fewer.code, 1);
		assert.deepEqual(fewer.json!.checks[1]!.failure, { kind: "signature", step: 7, detail: "hash differs" });
		const late = await oda(...args, "--date", "100101");
		assert.equal(late.code, 1);
		assert.deepEqual(late.json!.checks, [
			{
				check: "issuer-certificate",
				ok: false,
				failure: { kind: "issuer-certificate", step: 9, detail: "expired 1209 (MMYY) before 100101" },
			},
		]);
	});

	it("a virtual card's records: the debit card's keys under the test CA, and its corrupt-certificate fault", async () => {
		for (const [fault, ok] of [[undefined, true] as const, ["corrupt-certificate", false] as const]) {
			const card = virtualCard(PBOC_DEBIT, fault === undefined ? {} : { oda: fault });
			card.answer({ cla: 0, ins: 0xa4, p1: 4, p2: 0, data: Uint8Array.from(Buffer.from("A000000333010101", "hex")) });
			card.answer({ cla: 0x80, ins: 0xa8, p1: 0, p2: 0, data: Uint8Array.of(0x83, 0) });
			// The ODA record (SFI 2 record 1) first, then the others.
			const records = (
				[
					[2, 1],
					[1, 1],
					[2, 2],
					[3, 1],
					[3, 2],
					[3, 3],
				] as const
			).map(([sfi, r]) => toHex(card.answer(readRecord(sfi, r)).data));
			const run = await oda("--capk", CAPK, "--date", "261207", "--oda", "1", "--aip", "7C00", "--records", ...records);
			assert.equal(run.code, ok ? 0 : 1, run.err);
			assert.deepEqual(
				run.json!.checks.map((c) => [c.check, c.ok]),
				ok
					? [
							["issuer-certificate", true],
							["signed-static-data", true],
							["icc-certificate", true],
						]
					: [["issuer-certificate", false]],
			);
		}
	});

	it("exit 2 for a bad command line, 1 for records that are not 70 templates or an unreadable CAPK file", async () => {
		for (const [args, says] of [
			[["--records", "7000"], /--capk FILE is required/],
			[["--capk", CAPK], /--records needs at least one record/],
			[["--capk", CAPK, "--oda", "2", "--records", "7000"], /--oda must be 0 to 1/],
			[["--capk", CAPK, "--sdad", "00", "--records", "7000"], /--sdad \(9F4B\) and --dynamic-data/],
			[["--capk", CAPK, "--date", "2026-12-07", "--records", "7000"], /--date is YYMMDD/],
			[["--capk", CAPK, "--records", "70G0"], /must be hex/],
		] as const) {
			const r = await oda(...args);
			assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
			assert.match(r.err, says);
		}
		const notTemplate = await oda("--capk", CAPK, "--records", "5A0812345678");
		assert.equal(notTemplate.code, 1);
		assert.match(notTemplate.err, /record 1 is not one 70 template/);
		const noFile = await oda("--capk", "/nonexistent/capk.json", "--records", "7000");
		assert.equal(noFile.code, 1);
		assert.match(noFile.err, /cannot read/);
	});
});
