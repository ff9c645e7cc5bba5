// `posterm iso8583 decode [FILE|-] [--mak HEX] [--mask]` and `posterm iso8583 encode FILE.json [--mak HEX]`.
//
// decode reads the hex of a whole frame (length prefix included; whitespace ignored) and prints
//   {"length":…,"tpdu":"6000030000","header":"…","mti":"0200","fields":{"3":"000000",…},"mac":{"present":…,"valid":…}}
// numeric and track fields as digit strings, binary fields as upper-case hex, text fields as text (GBK in
// field 63 decoded to Chinese); "valid" is null without --mak. --mask prints the loggable view instead
// (PAN first 6 / last 4, tracks, PIN block, ICC data and keys hidden). encode reads that JSON (length and mac ignored) and prints the frame's hex; with --mak
// it computes field 64. Bad input: a message naming the field and offset, exit 1.

import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { parseArgs } from "node:util";
import { type CliIo, CommandError, printJson, UsageError } from "../command.js";
import { describeCodecError } from "../../../src/iso8583/codec-error.js";
import { fieldSpec, MAC_FIELD } from "../../../src/iso8583/field-dictionary.js";
import { decodeFrame, encodeFrame, MTI_OFFSET } from "../../../src/iso8583/frame-codec.js";
import type { FieldValue, IsoFrame } from "../../../src/iso8583/iso-message.js";
import { explainMessage } from "../../../src/iso8583/message-explain.js";
import { unionPayMac } from "../../acquirer/host-crypto.js";

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex").toUpperCase();

/** Field 63 may carry GBK text; the codec holds it one character per byte. */
const isGbk = (number: number) => {
	const format = fieldSpec(number)?.format;
	return format !== undefined && (format.kind === "text" || format.kind === "text-var") && format.charset === "ans-gbk";
};
const fromGbk = (bytes: string) => iconv.decode(Buffer.from(bytes, "latin1"), "gbk");
const toGbk = (text: string) => iconv.encode(text, "gbk").toString("latin1");

function bytesOfHex(text: string, what: string): Uint8Array {
	const clean = text.replace(/\s+/g, "");
	const bad = clean.search(/[^0-9a-fA-F]/);
	if (bad >= 0) throw new CommandError(`${what}: character ${JSON.stringify(clean[bad])} at offset ${bad} is not hex`);
	if (clean.length % 2 !== 0) throw new CommandError(`${what}: odd number of hex digits (${clean.length})`);
	return new Uint8Array(Buffer.from(clean, "hex"));
}

function macKey(hex: string | undefined): Uint8Array | undefined {
	if (hex === undefined) return undefined;
	const key = bytesOfHex(hex, "--mak");
	if (key.length !== 8 && key.length !== 16) throw new UsageError("--mak must be 8 or 16 bytes of hex");
	return key;
}

async function readInput(path: string | undefined, io: CliIo): Promise<string> {
	if (path !== undefined && path !== "-") return readFileSync(path, "utf8");
	const chunks: Buffer[] = [];
	for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
	return Buffer.concat(chunks).toString("utf8");
}

function decode(hex: string, mak: Uint8Array | undefined, mask: boolean, io: CliIo): number {
	const bytes = bytesOfHex(hex, "input");
	const decoded = decodeFrame(bytes);
	if (!decoded.ok) throw new CommandError(describeCodecError(decoded.error));
	const { frame, macInput } = decoded.value;
	const fields: Record<string, string> = {};
	for (const [number, value] of frame.message.fields)
		fields[String(number)] = typeof value !== "string" ? hexOf(value) : isGbk(number) ? fromGbk(value) : value;
	if (mask) Object.assign(fields, explainMessage(frame.message).fields, frame.message.fields.has(63) ? { "63": fields["63"] } : {});
	const mac = frame.message.fields.get(MAC_FIELD);
	const valid = mac instanceof Uint8Array && mak ? hexOf(unionPayMac(mak, macInput)) === hexOf(mac) : null;
	const tpdu = bytes.subarray(2, 7);
	printJson(io, {
		length: bytes.length - 2,
		tpdu: hexOf(tpdu),
		header: frame.header,
		mti: frame.message.mti,
		fields,
		mac: { present: mac !== undefined, valid },
	});
	return 0;
}

function encode(json: string, mak: Uint8Array | undefined, io: CliIo): number {
	let input: { tpdu?: unknown; header?: unknown; mti?: unknown; fields?: unknown };
	try {
		input = JSON.parse(json) as typeof input;
	} catch (error) {
		throw new CommandError(`input is not JSON: ${(error as Error).message}`);
	}
	if (typeof input !== "object" || input === null) throw new CommandError("input must be a JSON object");
	const tpduHex = typeof input.tpdu === "string" ? input.tpdu : "6000030000";
	const tpdu = bytesOfHex(tpduHex, "tpdu");
	if (tpdu.length !== 5 || tpdu[0] !== 0x60) throw new CommandError(`tpdu "${tpduHex}" is not 5 bytes starting with 60`);
	if (typeof input.header !== "string") throw new CommandError('"header" must be a string of 12 hex digits');
	if (typeof input.mti !== "string") throw new CommandError('"mti" must be a string of 4 digits');
	if (typeof input.fields !== "object" || input.fields === null) throw new CommandError('"fields" must be an object');
	const fields = new Map<number, FieldValue>();
	for (const [key, value] of Object.entries(input.fields as Record<string, unknown>)) {
		const number = Number(key);
		const spec = fieldSpec(number);
		if (!spec) throw new CommandError(`field ${key}: the dialect does not use this field`);
		if (typeof value !== "string") throw new CommandError(`field ${key}: value must be a string`);
		const binary = spec.format.kind === "b" || spec.format.kind === "b-var";
		fields.set(number, binary ? bytesOfHex(value, `field ${key}`) : isGbk(number) ? toGbk(value) : value);
	}
	if (mak) fields.set(MAC_FIELD, new Uint8Array(8));
	const frame: IsoFrame = {
		tpdu: { destination: (tpdu[1]! << 8) | tpdu[2]!, source: (tpdu[3]! << 8) | tpdu[4]! },
		header: input.header,
		message: { mti: input.mti, fields },
	};
	const encoded = encodeFrame(frame);
	if (!encoded.ok) throw new CommandError(describeCodecError(encoded.error));
	const bytes = encoded.value;
	if (mak) bytes.set(unionPayMac(mak, bytes.subarray(MTI_OFFSET, bytes.length - 8)), bytes.length - 8);
	io.stdout.write(`${hexOf(bytes)}\n`);
	return 0;
}

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseArgs({
		args: [...args],
		options: { mak: { type: "string" }, mask: { type: "boolean", default: false } },
		allowPositionals: true,
	});
	const [action, file, ...rest] = positionals;
	if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(" ")}`);
	const mak = macKey(values.mak);
	if (action === "decode") return decode(await readInput(file, io), mak, values.mask, io);
	if (action === "encode") {
		if (file === undefined) throw new UsageError("encode needs FILE.json (or - for stdin)");
		return encode(await readInput(file, io), mak, io);
	}
	throw new UsageError('the first argument is "decode" or "encode"');
}
