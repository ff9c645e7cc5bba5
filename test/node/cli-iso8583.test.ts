// `posterm iso8583 decode|encode`: the stable CLI contract.

import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./support/cli-capture.js";
import { unionPayMac } from "../../host-sim/acquirer/host-crypto.js";

const MAK = "2222222222222222";
// 0200 sale: 3, 4, 11, 22, 25, 35, 41, 42, 49, 60 and a MAC under MAK 2222222222222222 (built below by encode).
const SALE_JSON = {
	tpdu: "6000030000",
	header: "603100310000",
	mti: "0200",
	fields: {
		"3": "000000",
		"4": "000000001234",
		"11": "000042",
		"22": "021",
		"25": "00",
		"35": "6222021234567890128=30121201234222",
		"41": "10000001",
		"42": "898310058120001",
		"49": "156",
		"60": "22000001000",
	},
};

function file(name: string, content: string): string {
	const path = join(mkdtempSync(join(tmpdir(), "posterm-iso8583-")), name);
	writeFileSync(path, content);
	return path;
}

describe("posterm iso8583", () => {
	it("encodes JSON to a frame and decodes it back to the same fields, with a MAC that verifies", async () => {
		const encoded = await runCli(["iso8583", "encode", file("sale.json", JSON.stringify(SALE_JSON)), "--mak", MAK]);
		assert.equal(encoded.code, 0, encoded.stderr);
		const hex = encoded.stdout.trim();
		assert.match(hex, /^[0-9A-F]+$/);
		assert.equal(parseInt(hex.slice(0, 4), 16), hex.length / 2 - 2, "length prefix counts what follows");
		const bytes = Buffer.from(hex, "hex");
		const mac = unionPayMac(Buffer.from(MAK, "hex"), bytes.subarray(13, bytes.length - 8));
		assert.equal(Buffer.from(mac).toString("hex").toUpperCase(), hex.slice(-16), "field 64 is the UnionPay MAC of MTI … field 60");

		const decoded = await runCli(["iso8583", "decode", "-", "--mak", MAK], hex.replace(/(..)/g, "$1 "));
		assert.equal(decoded.code, 0, decoded.stderr);
		const json = JSON.parse(decoded.stdout);
		assert.equal(json.length, hex.length / 2 - 2);
		assert.equal(json.tpdu, "6000030000");
		assert.equal(json.header, "603100310000");
		assert.equal(json.mti, "0200");
		const { "64": field64, ...fields } = json.fields;
		assert.deepEqual(fields, SALE_JSON.fields);
		assert.equal(field64, hex.slice(-16));
		assert.deepEqual(json.mac, { present: true, valid: true });
	});

	it("reports valid:false under another key and valid:null without --mak", async () => {
		const hex = (await runCli(["iso8583", "encode", file("sale.json", JSON.stringify(SALE_JSON)), "--mak", MAK])).stdout.trim();
		const path = file("frame.hex", hex);
		assert.deepEqual(JSON.parse((await runCli(["iso8583", "decode", path, "--mak", "1111111111111111"])).stdout).mac, {
			present: true,
			valid: false,
		});
		assert.deepEqual(JSON.parse((await runCli(["iso8583", "decode", path])).stdout).mac, { present: true, valid: null });
	});

	it("prints binary fields as upper-case hex and text as text, GBK in field 63 as Chinese", async () => {
		const json = {
			...SALE_JSON,
			mti: "0810",
			fields: {
				"11": "000001",
				"39": "00",
				"41": "10000001",
				"62": "00112233445566778899aabbccddeeff0011223344556677",
				"63": "CUP中国银联",
			},
		};
		const hex = (await runCli(["iso8583", "encode", file("m.json", JSON.stringify(json))])).stdout.trim();
		const out = JSON.parse((await runCli(["iso8583", "decode", file("m.hex", hex)])).stdout);
		assert.equal(out.fields["62"], "00112233445566778899AABBCCDDEEFF0011223344556677");
		assert.equal(out.fields["39"], "00");
		assert.equal(out.fields["63"], "CUP中国银联");
		assert.ok(
			hex.endsWith("0011" + Buffer.from("CUP").toString("hex").toUpperCase() + "D6D0B9FAD2F8C1AA"),
			"field 63 travels as 11 GBK bytes",
		);
		assert.deepEqual(out.mac, { present: false, valid: null });
	});

	it("masks the PAN and hides the track with --mask", async () => {
		const hex = (
			await runCli([
				"iso8583",
				"encode",
				file("sale.json", JSON.stringify({ ...SALE_JSON, fields: { ...SALE_JSON.fields, "2": "6222021234567890128" } })),
			])
		).stdout.trim();
		const out = await runCli(["iso8583", "decode", file("m.hex", hex), "--mask"]);
		assert.equal(out.code, 0, out.stderr);
		const json = JSON.parse(out.stdout);
		assert.equal(json.fields["2"], "622202*********0128");
		assert.equal(json.fields["35"], "[track 2 of 622202*********0128]");
		assert.ok(!out.stdout.includes("6222021234567890128"));
	});

	it("names the field and offset of bad input, with a non-zero exit", async () => {
		const hex = (await runCli(["iso8583", "encode", file("sale.json", JSON.stringify(SALE_JSON))])).stdout.trim();
		const broken = hex.slice(0, 46) + "A" + hex.slice(47); // field 3 starts at byte 2 + 5 + 6 + 2 + 8 = 23
		const decoded = await runCli(["iso8583", "decode", file("bad.hex", broken)]);
		assert.equal(decoded.code, 1);
		assert.match(decoded.stderr, /field 3 at offset 23: nibble A is not a digit/);
		const notHex = await runCli(["iso8583", "decode", "-"], "00 1G");
		assert.equal(notHex.code, 1);
		assert.match(notHex.stderr, /character "G" at offset 3 is not hex/);
		const badField = await runCli(["iso8583", "encode", file("b.json", JSON.stringify({ ...SALE_JSON, fields: { "4": "12" } }))]);
		assert.equal(badField.code, 1);
		assert.match(badField.stderr, /field 4 at offset 23: must be 12 digits, got 2/);
		const unknown = await runCli(["iso8583", "encode", file("u.json", JSON.stringify({ ...SALE_JSON, fields: { "5": "1" } }))]);
		assert.match(unknown.stderr, /field 5: the dialect does not use this field/);
		assert.equal((await runCli(["iso8583", "frobnicate"])).code, 2);
	});
});
