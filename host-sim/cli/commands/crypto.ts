// `posterm crypto …`: the firmware's own crypto (src/crypto, src/keys, src/mac, src/pin) at the command
// line, for test keys and vectors. Hex in, upper-case hex out, JSON on stdout; bad input is a clear message
// and exit 2 (usage) or 1 (a check that failed).
//
//   pinblock     ISO 9564-1 block, clear or enciphered (formats 0, 1, 3 under TDES; 4 under AES)
//   dukpt        TDES (X9.24-1) or AES (X9.24-3) DUKPT keys for a KSN, and the PIN block
//   mac          UnionPay ECB MAC, X9.19, ISO 9797-1 algorithms 1 and 3, AES-CMAC
//   kcv          key check value
//   signin-keys  unwrap and check a UnionPay field 62 under a TMK (clear keys only with --reveal)

import { parseArgs } from "node:util";
import { randomFillSync } from "node:crypto";
import { type CliIo, CommandError, printJson, UsageError } from "../command.js";
import { hexOption as bytesOf, upperHex as hex } from "../hex-options.js";
import type { RandomSource } from "../../../hal/random.js";
import { aesCipher, isAesKeyLength } from "../../../src/crypto/aes.js";
import { cmac } from "../../../src/crypto/cmac.js";
import { isDesKeyLength, tdesCipher } from "../../../src/crypto/des.js";
import { aesCheckValue, desCheckValue, sm4CheckValue } from "../../../src/keys/check-value.js";
import {
	aesDukptCounter,
	aesDukptInitialKey,
	aesDukptTransactionKey,
	aesDukptWorkingKey,
	type AesDukptUsage,
} from "../../../src/keys/aes-dukpt.js";
import {
	tdesDukptCounter,
	tdesDukptIpek,
	tdesDukptTransactionKey,
	tdesDukptWorkingKey,
	type TdesDukptVariant,
} from "../../../src/keys/tdes-dukpt.js";
import { unwrapSignInKeys } from "../../../src/keys/unionpay-working-keys.js";
import { cbcMac, retailMac } from "../../../src/mac/cbc-mac.js";
import type { PaddingMethod } from "../../../src/mac/iso9797-padding.js";
import { unionPayMac } from "../../../src/mac/unionpay-mac.js";
import {
	clearPinBlock,
	encryptPinBlock,
	format4PanField,
	format4PinField,
	pinDigitsOf,
	type PinBlockError,
} from "../../../src/pin/pin-block.js";

function pinBlockMessage(error: PinBlockError): string {
	switch (error.kind) {
		case "pin-length":
			return `the PIN must be 4 to 12 digits, got ${error.length}`;
		case "pin-digit":
			return "the PIN must be digits only";
		case "pan":
			return "the PAN must be 1 to 19 digits";
		case "key":
			return "formats 0, 1 and 3 need a DES/TDES key (8, 16 or 24 bytes); format 4 an AES key (16, 24 or 32 bytes)";
		default:
			return `bad PIN block: ${error.kind}`;
	}
}

/** A random source that replays given bytes, then fails loudly: --random must cover the whole fill. */
function replay(bytes: Uint8Array): RandomSource {
	let at = 0;
	return {
		fill(out) {
			if (at + out.length > bytes.length) throw new UsageError(`--random is too short: need more than ${bytes.length} bytes`);
			out.set(bytes.subarray(at, at + out.length));
			at += out.length;
		},
	};
}

const osRandom: RandomSource = { fill: (out) => randomFillSync(out) };

/**
 * --random for formats 1 and 3 gives the fill nibbles themselves (14 − PIN length hex digits; A–F for
 * format 3); for format 4 the 8 random bytes of the PIN field.
 */
function fillSource(format: number, randomHex: string | undefined, pinLength: number): RandomSource {
	if (randomHex === undefined) return osRandom;
	if (format === 4) return replay(bytesOf("random", randomHex, [8]));
	const nibbles = randomHex.toUpperCase();
	const want = 14 - pinLength;
	if (nibbles.length !== want || !/^[0-9A-F]*$/.test(nibbles))
		throw new UsageError(`--random must be ${want} hex digits (the fill nibbles) for a ${pinLength}-digit PIN`);
	if (format === 3 && /[0-9]/.test(nibbles)) throw new UsageError("format 3 fill nibbles must be A-F");
	// The block builder draws one byte per fill nibble: format 1 keeps its low nibble, format 3 maps 0–5 to A–F.
	return replay(Uint8Array.from(nibbles, (c) => (format === 3 ? parseInt(c, 16) - 10 : parseInt(c, 16))));
}

function pinDigits(text: string | undefined): Uint8Array {
	if (text === undefined) throw new UsageError("--pin is required");
	const digits = pinDigitsOf(text);
	if (!digits.ok) throw new UsageError(pinBlockMessage(digits.error));
	return digits.value;
}

function required(option: string, value: string | undefined): string {
	if (value === undefined) throw new UsageError(`--${option} is required`);
	return value;
}

async function pinblock(args: string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			format: { type: "string" },
			pin: { type: "string" },
			pan: { type: "string" },
			key: { type: "string" },
			random: { type: "string" },
		},
		strict: true,
	});
	const format = Number(required("format", values.format));
	if (format !== 0 && format !== 1 && format !== 3 && format !== 4) throw new UsageError("--format must be 0, 1, 3 or 4");
	const pin = pinDigits(values.pin);
	const pan = values.pan ?? "";
	if (format !== 1 && values.pan === undefined) throw new UsageError("--pan is required for formats 0, 3 and 4");
	const random = fillSource(format, values.random, pin.length);
	if (values.key === undefined) {
		if (format === 4) {
			const pinField = format4PinField(pin, random);
			const panField = format4PanField(pan);
			if (!pinField.ok) throw new UsageError(pinBlockMessage(pinField.error));
			if (!panField.ok) throw new UsageError(pinBlockMessage(panField.error));
			printJson(io, { format, pinField: hex(pinField.value), panField: hex(panField.value) });
			return 0;
		}
		const clear = clearPinBlock(format, pin, pan, random);
		if (!clear.ok) throw new UsageError(pinBlockMessage(clear.error));
		printJson(io, { format, clear: hex(clear.value) });
		return 0;
	}
	const key = bytesOf("key", values.key, format === 4 ? [16, 24, 32] : [8, 16, 24]);
	const block = encryptPinBlock(format === 4 ? aesCipher(key) : tdesCipher(key), format, pin, pan, random);
	if (!block.ok) throw new UsageError(pinBlockMessage(block.error));
	printJson(io, { format, pinBlock: hex(block.value) });
	return 0;
}

const TDES_VARIANTS: readonly [string, TdesDukptVariant][] = [
	["pin", "pin"],
	["macRequest", "mac-request"],
	["macResponse", "mac-response"],
	["dataRequest", "data-request"],
	["dataResponse", "data-response"],
];
const AES_USAGES: readonly [string, AesDukptUsage][] = [
	["pin", "pin"],
	["macGenerate", "mac-generate"],
	["macVerify", "mac-verify"],
	["dataEncrypt", "data-encrypt"],
	["dataDecrypt", "data-decrypt"],
];

async function dukpt(args: string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			bdk: { type: "string" },
			ksn: { type: "string" },
			aes: { type: "boolean", default: false },
			pin: { type: "string" },
			pan: { type: "string" },
			random: { type: "string" },
		},
		strict: true,
	});
	if ((values.pin === undefined) !== (values.pan === undefined)) throw new UsageError("--pin and --pan go together");
	const aes = values.aes;
	const bdk = bytesOf("bdk", values.bdk, aes ? [16, 32] : [16]);
	const ksn = bytesOf("ksn", values.ksn, aes ? [12] : [10]);
	const counter = aes ? aesDukptCounter(ksn) : tdesDukptCounter(ksn);
	if (counter === 0) throw new UsageError("the KSN counter is 0: no transaction key exists for it");
	const initialKey = aes ? aesDukptInitialKey(bdk, ksn.subarray(0, 8)) : tdesDukptIpek(bdk, ksn);
	const transactionKey = aes ? aesDukptTransactionKey(initialKey, ksn) : tdesDukptTransactionKey(initialKey, ksn);
	const type = bdk.length === 32 ? "aes256" : "aes128";
	const workingKeys: Record<string, string> = {};
	if (aes) for (const [name, usage] of AES_USAGES) workingKeys[name] = hex(aesDukptWorkingKey(transactionKey, ksn, usage, type));
	else for (const [name, variant] of TDES_VARIANTS) workingKeys[name] = hex(tdesDukptWorkingKey(transactionKey, variant));
	const out: Record<string, unknown> = {
		scheme: aes ? "AES DUKPT (X9.24-3)" : "TDES DUKPT (X9.24-1)",
		ksn: hex(ksn),
		counter,
		initialKey: hex(initialKey),
		transactionKey: hex(transactionKey),
		workingKeys,
	};
	if (values.pin !== undefined) {
		const pin = pinDigits(values.pin);
		const format = aes ? 4 : 0;
		const pinKey = Uint8Array.from(Buffer.from(workingKeys.pin!, "hex"));
		const block = encryptPinBlock(
			aes ? aesCipher(pinKey) : tdesCipher(pinKey),
			format,
			pin,
			values.pan!,
			fillSource(format, values.random, pin.length),
		);
		if (!block.ok) throw new UsageError(pinBlockMessage(block.error));
		out.pinBlockFormat = format;
		out.pinBlock = hex(block.value);
	}
	printJson(io, out);
	return 0;
}

async function mac(args: string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args,
		options: { alg: { type: "string" }, key: { type: "string" }, data: { type: "string" }, pad: { type: "string" } },
		strict: true,
	});
	const alg = required("alg", values.alg);
	const data = bytesOf("data", values.data);
	const pad = Number(values.pad ?? "1");
	if (pad !== 1 && pad !== 2 && pad !== 3) throw new UsageError("--pad must be 1, 2 or 3");
	if (values.pad !== undefined && alg !== "iso9797-1" && alg !== "iso9797-3")
		throw new UsageError("--pad applies to iso9797-1 and iso9797-3 only");
	switch (alg) {
		case "cup-ecb": {
			const field64 = unionPayMac(tdesCipher(bytesOf("key", values.key, [8, 16, 24])), data);
			printJson(io, { alg, mac: hex(field64), ascii: Buffer.from(field64).toString("latin1") });
			return 0;
		}
		case "x9.19":
		case "iso9797-3": {
			const full = retailMac(bytesOf("key", values.key, [16]), data, alg === "x9.19" ? 1 : (pad as PaddingMethod));
			printJson(io, { alg, mac: hex(full), ...(alg === "iso9797-3" ? { pad } : {}) });
			return 0;
		}
		case "iso9797-1": {
			const key = bytesOf("key", values.key);
			if (!isDesKeyLength(key.length) && !isAesKeyLength(key.length))
				throw new UsageError("--key must be 8, 16 or 24 bytes (DES/TDES) or 32 bytes (AES)");
			const cipher = key.length === 32 ? aesCipher(key) : tdesCipher(key);
			printJson(io, { alg, pad, mac: hex(cbcMac(cipher, data, pad as PaddingMethod)) });
			return 0;
		}
		case "cmac":
			printJson(io, { alg, mac: hex(cmac(aesCipher(bytesOf("key", values.key, [16, 24, 32])), data)) });
			return 0;
		default:
			throw new UsageError(`unknown --alg "${alg}": cup-ecb, x9.19, iso9797-1, iso9797-3 or cmac`);
	}
}

async function kcv(args: string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({ args, options: { key: { type: "string" }, alg: { type: "string" } }, strict: true });
	const key = bytesOf("key", values.key);
	const alg = values.alg ?? (key.length === 8 ? "des" : key.length === 32 ? "aes" : "tdes");
	const lengths: Record<string, readonly number[]> = { des: [8], tdes: [16, 24], aes: [16, 24, 32], sm4: [16] };
	if (!lengths[alg]) throw new UsageError(`unknown --alg "${alg}": des, tdes, aes or sm4`);
	bytesOf("key", values.key, lengths[alg]);
	const value = alg === "aes" ? aesCheckValue(key) : alg === "sm4" ? sm4CheckValue(key, 8) : desCheckValue(key, 8);
	const method = alg === "aes" ? "CMAC of a zero block (X9.24-1:2017)" : "encryption of a zero block";
	printJson(io, { alg, method, kcv: hex(value.subarray(0, alg === "aes" ? 5 : 4)), kcv3: hex(value.subarray(0, 3)) });
	return 0;
}

async function signinKeys(args: string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args,
		options: { tmk: { type: "string" }, field62: { type: "string" }, reveal: { type: "boolean", default: false } },
		strict: true,
	});
	const tmk = bytesOf("tmk", values.tmk, [16, 24]);
	const field62 = bytesOf("field62", values.field62);
	const keys = unwrapSignInKeys(tdesCipher(tmk), field62);
	if (!keys.ok) {
		const e = keys.error;
		if (e.kind === "field62-length")
			throw new CommandError(`field 62 must be 24, 40 or 60 bytes (60.3 codes 001/003/004), got ${e.length}`);
		printJson(io, {
			ok: false,
			...(e.kind === "check-value"
				? { failed: e.key, reason: "check value does not match" }
				: { reason: "PIK, MAK and TDK must differ" }),
		});
		throw new CommandError(
			e.kind === "check-value"
				? `the ${e.key.toUpperCase()} check value does not match: the key set is rejected`
				: "the key set is rejected: PIK, MAK and TDK must differ",
		);
	}
	const set = keys.value;
	const list = [["pik", set.pik], ["mak", set.mak], ...(set.tdk ? [["tdk", set.tdk] as const] : [])] as const;
	printJson(io, {
		ok: true,
		layout: set.layout,
		keys: list.map(([name, key]) => ({
			name,
			bytes: key.length,
			checkValue: hex(desCheckValue(key)),
			...(values.reveal ? { key: hex(key) } : {}),
		})),
		...(values.reveal ? { warning: "clear keys printed because of --reveal: test keys only" } : {}),
	});
	return 0;
}

const SUBCOMMANDS: Readonly<Record<string, (args: string[], io: CliIo) => Promise<number>>> = {
	pinblock,
	dukpt,
	mac,
	kcv,
	"signin-keys": signinKeys,
};

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const [name, ...rest] = args;
	const sub = name === undefined ? undefined : SUBCOMMANDS[name];
	if (!sub)
		throw new UsageError(name === undefined ? "which one: pinblock, dukpt, mac, kcv or signin-keys" : `unknown subcommand "${name}"`);
	// Unknown or malformed options: parseArgs's errors, reported by the dispatcher as usage errors.
	return sub(rest, io);
}
