import { strict as assert } from "node:assert";
import { PassThrough } from "node:stream";
import { main } from "../../host-sim/cli/posterm.js";
import { tdesCipher } from "../../src/crypto/des.js";
import { wrapSignInKeys } from "../../src/keys/unionpay-working-keys.js";
import { CRYPTO_VECTORS } from "../support/crypto-vectors.js";
import { hex, toHex } from "../support/hex.js";

async function crypto(...args: string[]): Promise<{ code: number; out: string; err: string; json: Record<string, unknown> | undefined }> {
	const stdout = new PassThrough(),
		stderr = new PassThrough();
	let out = "",
		err = "";
	stdout.on("data", (c: Buffer) => (out += c.toString()));
	stderr.on("data", (c: Buffer) => (err += c.toString()));
	const code = await main(["crypto", ...args], { stdout, stderr, stdin: new PassThrough() });
	const line = out.trim().split("\n")[0];
	return { code, out, err, json: line ? (JSON.parse(line) as Record<string, unknown>) : undefined };
}

const TMK = "1F2E3D4C5B6A79880718293A4B5C6D7E";

describe("posterm crypto", () => {
	it("pinblock: the clear format-0 blocks of the vectors, and an enciphered format-4 block", async () => {
		for (const v of CRYPTO_VECTORS.pinblock.filter((p) => p.format === 0)) {
			const r = await crypto("pinblock", "--format", "0", "--pin", v.pin!, "--pan", v.pan!);
			assert.equal(r.code, 0, r.err);
			assert.deepEqual(r.json, { format: 0, clear: v.clear });
		}
		const f4 = CRYPTO_VECTORS.pinblock.find((p) => p.enciphered)!;
		const r = await crypto(
			"pinblock",
			"--format",
			"4",
			"--pin",
			f4.pin!,
			"--pan",
			f4.pan!,
			"--key",
			f4.key!,
			"--random",
			f4.randomHalf!,
		);
		assert.deepEqual(r.json, { format: 4, pinBlock: f4.enciphered });
		const clear4 = await crypto(
			"pinblock",
			"--format",
			"4",
			"--pin",
			"1234",
			"--pan",
			"112233445566778899",
			"--random",
			"0000000000000000",
		);
		assert.deepEqual(clear4.json, {
			format: 4,
			pinField: "441234AAAAAAAAAA0000000000000000",
			panField: "61122334455667788990000000000000",
		});
	});

	it("pinblock: fill nibbles from --random for formats 1 and 3, and a TDES-enciphered format 0", async () => {
		assert.deepEqual((await crypto("pinblock", "--format", "1", "--pin", "1234", "--random", "0123456789")).json, {
			format: 1,
			clear: "1412340123456789",
		});
		assert.deepEqual(
			(await crypto("pinblock", "--format", "3", "--pin", "1234", "--pan", "5555555551234567", "--random", "ABCDEFABCD")).json,
			{ format: 3, clear: "341261FE98FD9F9B" },
		);
		const step = CRYPTO_VECTORS.tdesDukpt.sequence[0]!;
		const r = await crypto("pinblock", "--format", "0", "--pin", "1234", "--pan", "4012345678909", "--key", step.pinVariantKey!);
		assert.deepEqual(r.json, { format: 0, pinBlock: step.encryptedPinBlock });
	});

	it("dukpt: the X9.24-1 and X9.24-3 keys and PIN blocks", async () => {
		const t = CRYPTO_VECTORS.tdesDukpt;
		for (const step of t.sequence) {
			const r = await crypto("dukpt", "--bdk", t.bdk, "--ksn", step.ksn, "--pin", t.pin, "--pan", t.pan);
			assert.equal(r.code, 0, r.err);
			assert.equal(r.json!.initialKey, t.ipek);
			assert.equal(r.json!.transactionKey, step.transactionKey);
			assert.equal(r.json!.pinBlock, step.encryptedPinBlock);
		}
		const a = CRYPTO_VECTORS.aesDukpt;
		for (const step of a.sequence) {
			const r = await crypto(
				"dukpt",
				"--aes",
				"--bdk",
				a.bdk,
				"--ksn",
				step.ksn,
				"--pin",
				a.pin,
				"--pan",
				a.pan,
				"--random",
				a.pinFieldRandomHalf,
			);
			assert.equal(r.json!.initialKey, a.initialKey);
			assert.equal(r.json!.transactionKey, step.transactionKey);
			const keys = r.json!.workingKeys as Record<string, string>;
			assert.equal(keys.pin, step.pinKey);
			assert.equal(keys.macGenerate, step.macGenKey);
			assert.equal(keys.dataEncrypt, step.dataEncKey);
			assert.equal(r.json!.pinBlock, step.encryptedPinBlock);
		}
	});

	it("mac: every algorithm on its vector", async () => {
		const cup = CRYPTO_VECTORS.mac[0]!;
		assert.deepEqual((await crypto("mac", "--alg", "cup-ecb", "--key", cup.key, "--data", cup.data!)).json, {
			alg: "cup-ecb",
			mac: cup.macBytes,
			ascii: cup.mac,
		});
		const iso = CRYPTO_VECTORS.mac[1]!;
		const data = toHex(new TextEncoder().encode(iso.dataAscii!));
		for (const [pad, mac] of [
			["1", iso.padding1],
			["2", iso.padding2],
			["3", iso.padding3],
		] as const) {
			assert.equal((await crypto("mac", "--alg", "iso9797-1", "--key", iso.key, "--data", data, "--pad", pad)).json!.mac, mac);
		}
		const key = hex(CRYPTO_VECTORS.tdesDukpt.sequence[0]!.transactionKey);
		key[6]! ^= 0xff;
		key[14]! ^= 0xff;
		const message = toHex(new TextEncoder().encode(CRYPTO_VECTORS.tdesDukpt.macMessageAscii));
		assert.equal(
			(await crypto("mac", "--alg", "x9.19", "--key", toHex(key), "--data", message)).json!.mac,
			CRYPTO_VECTORS.tdesDukpt.sequence[0]!.requestMacFull,
		);
		assert.equal(
			(await crypto("mac", "--alg", "iso9797-3", "--key", toHex(key), "--data", message, "--pad", "1")).json!.mac,
			CRYPTO_VECTORS.tdesDukpt.sequence[0]!.requestMacFull,
		);
		assert.equal(
			(
				await crypto(
					"mac",
					"--alg",
					"cmac",
					"--key",
					"2B7E151628AED2A6ABF7158809CF4F3C",
					"--data",
					"6BC1BEE22E409F96E93D7E117393172A",
				)
			).json!.mac,
			"070A16B46B4D4144F79BDD9DD04A287C",
		);
	});

	it("kcv: 4- and 3-byte TDES check values, AES by CMAC", async () => {
		const v = CRYPTO_VECTORS.kcv[0]!;
		assert.deepEqual((await crypto("kcv", "--key", v.key)).json, {
			alg: "tdes",
			method: "encryption of a zero block",
			kcv: v.kcv4,
			kcv3: v.kcv4.slice(0, 6),
		});
		const aes = await crypto("kcv", "--key", "2B7E151628AED2A6ABF7158809CF4F3C", "--alg", "aes");
		assert.match(String(aes.json!.kcv), /^[0-9A-F]{10}$/);
	});

	it("signin-keys: reports the layout and check values, prints clear keys only with --reveal", async () => {
		const field62 = toHex(
			wrapSignInKeys(tdesCipher(hex(TMK)), {
				pik: hex("0123456789ABCDEFFEDCBA9876543210"),
				mak: hex("2222222222222222"),
				tdk: hex("89ABCDEF0123456776543210FEDCBA98"),
			}),
		);
		const hidden = await crypto("signin-keys", "--tmk", TMK, "--field62", field62);
		assert.equal(hidden.code, 0, hidden.err);
		assert.equal(hidden.json!.layout, "004");
		assert.ok(!hidden.out.includes("0123456789ABCDEFFEDCBA9876543210"), "no clear key without --reveal");
		assert.deepEqual(
			(hidden.json!.keys as { name: string }[]).map((k) => k.name),
			["pik", "mak", "tdk"],
		);
		const shown = await crypto("signin-keys", "--tmk", TMK, "--field62", field62, "--reveal");
		assert.ok(shown.out.includes("0123456789ABCDEFFEDCBA9876543210"));
		const bad = field62.slice(0, 38) + (field62[38] === "0" ? "1" : "0") + field62.slice(39);
		const rejected = await crypto("signin-keys", "--tmk", TMK, "--field62", bad);
		assert.equal(rejected.code, 1);
		assert.deepEqual(rejected.json, { ok: false, failed: "pik", reason: "check value does not match" });
		assert.match(rejected.err, /PIK check value does not match/);
	});

	it("refuses bad input with a clear message and a non-zero exit", async () => {
		const cases: [string[], RegExp][] = [
			[["pinblock", "--format", "0", "--pin", "123", "--pan", "4012345678909"], /PIN must be 4 to 12 digits/],
			[["pinblock", "--format", "2", "--pin", "1234", "--pan", "4012345678909"], /--format must be 0, 1, 3 or 4/],
			[["pinblock", "--format", "0", "--pin", "1234", "--pan", "4012345678909", "--key", "00GG"], /--key must be hex/],
			[
				["pinblock", "--format", "4", "--pin", "1234", "--pan", "4111111111111111", "--key", "0123456789ABCDEF"],
				/--key must be 16, 24, 32 bytes/,
			],
			[["dukpt", "--bdk", "0123456789ABCDEFFEDCBA9876543210", "--ksn", "FFFF9876543210E0"], /--ksn must be 10 bytes/],
			[["mac", "--alg", "x9.19", "--key", "0123456789ABCDEF", "--data", "00"], /--key must be 16 bytes/],
			[["mac", "--alg", "sha", "--key", "00", "--data", "00"], /unknown --alg/],
			[["kcv", "--key", "0123456789ABCDEF", "--alg", "sm4"], /--key must be 16 bytes/],
			[["signin-keys", "--tmk", TMK, "--field62", "00"], /field 62 must be 24, 40 or 60 bytes/],
			[["frobnicate"], /unknown subcommand/],
			[["kcv", "--bogus"], /Unknown option/],
		];
		for (const [args, message] of cases) {
			const r = await crypto(...args);
			assert.notEqual(r.code, 0, args.join(" "));
			assert.match(r.err, message, args.join(" "));
		}
	});
});
