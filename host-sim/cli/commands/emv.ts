// `posterm emv …`: the chip-card core of src/emv at the command line, for integrators checking field 55 and
// issuer cryptograms with test keys. Hex in (either case), upper-case hex out, JSON on stdout; a bad command
// line is exit 2, input that cannot be processed (malformed TLV) exit 1.
//
//   tlv decode HEX   the BER-TLV tree with tag names
//   arqc             ICC master key (option A/B) → session key → application cryptogram, as KCVs and the AC
//   arpc             ARPC method 1 or 2 under the session key or the ICC master key
//   read             selection, GPO and the records of a virtual card (emv-read.ts)
//   oda              certificate recovery and signature checks on a card's records (emv-oda.ts)

import { parseArgs } from "node:util";
import { type CliIo, CommandError, printJson, UsageError } from "../command.js";
import { hexOption as bytesOf, upperHex as hex } from "../hex-options.js";
import { applicationCryptogram, arpcMethod1, arpcMethod2, keyCheckValue } from "../../../src/emv/cryptograms.js";
import { atcDiversifier, commonSessionKey, iccMasterKey, type MasterKeyOption, pbocSessionKey } from "../../../src/emv/icc-keys.js";
import { tagInfo } from "../../../src/emv/tags.js";
import { decodeTlv, tagHex, type Tlv, type TlvError } from "../../../src/emv/tlv.js";
import { oda } from "./emv-oda.js";
import { read } from "./emv-read.js";

function oneOf<T extends string>(option: string, value: string | undefined, choices: readonly T[], fallback: T): T {
	if (value === undefined) return fallback;
	if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${option} must be ${choices.join(" or ")}`);
	return value as T;
}

function tlvMessage(e: TlvError): string {
	const at = `at byte ${e.offset}`;
	switch (e.kind) {
		case "truncated":
			return `the data ends inside a ${e.part} field (${at})`;
		case "length-overflow":
			return `a length field longer than 4 bytes, or the reserved FF (${at})`;
		case "indefinite-length":
			return `the indefinite length 80, which EMV does not allow (${at})`;
		case "tag-too-long":
			return `a tag longer than 4 bytes (${at})`;
		case "too-deep":
			return `templates nested more than 16 deep (${at})`;
	}
}

interface TlvJson {
	readonly tag: string;
	readonly name?: string;
	readonly length: number;
	readonly value?: string;
	readonly children?: readonly TlvJson[];
}

function toJson(o: Tlv): TlvJson {
	const name = tagInfo(o.tag)?.name;
	return {
		tag: tagHex(o.tag),
		...(name === undefined ? {} : { name }),
		length: o.value.length,
		...(o.children ? { children: o.children.map(toJson) } : { value: hex(o.value) }),
	};
}

async function tlv(args: string[], io: CliIo): Promise<number> {
	const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
	const [verb, data, ...extra] = positionals;
	if (verb !== "decode") throw new UsageError(verb === undefined ? "which one: tlv decode HEX" : `unknown tlv subcommand "${verb}"`);
	if (data === undefined) throw new UsageError("tlv decode needs the data as HEX");
	if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
	if (data.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(data)) throw new UsageError("the data must be hex (an even number of 0-9, A-F)");
	const decoded = decodeTlv(Uint8Array.from(Buffer.from(data, "hex")));
	if (!decoded.ok) throw new CommandError(`malformed BER-TLV: ${tlvMessage(decoded.error)}`);
	printJson(io, decoded.value.map(toJson));
	return 0;
}

const CARD_OPTIONS = {
	imk: { type: "string" },
	pan: { type: "string" },
	psn: { type: "string" },
	atc: { type: "string" },
	"mk-derivation": { type: "string" },
	session: { type: "string" },
} as const;

/** The ICC master key of --imk, --pan, --psn and --mk-derivation. */
function masterKey(values: { imk?: string; pan?: string; psn?: string; "mk-derivation"?: string }): Uint8Array {
	const imk = bytesOf("imk", values.imk, [16]);
	if (values.pan === undefined) throw new UsageError("--pan is required");
	if (values.psn === undefined) throw new UsageError("--psn is required (00 when the card has no 5F34)");
	const option = oneOf<MasterKeyOption>("mk-derivation", values["mk-derivation"], ["a", "b"], "a");
	const mk = iccMasterKey(imk, values.pan, values.psn, option);
	if (!mk.ok) throw new UsageError(mk.error.kind === "pan" ? "--pan must be 1 to 19 digits" : "--psn must be two digits");
	return mk.value;
}

type SessionDerivation = "common" | "pboc";

function sessionKey(mk: Uint8Array, derivation: SessionDerivation, atcHex: string | undefined): Uint8Array {
	const atc = bytesOf("atc", atcHex, [2]);
	return derivation === "common" ? commonSessionKey(mk, atcDiversifier(atc)) : pbocSessionKey(mk, atc);
}

async function arqc(args: string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({ args, options: { ...CARD_OPTIONS, data: { type: "string" } }, strict: true });
	const session = oneOf("session", values.session, ["common", "pboc", "none"], "common");
	const mk = masterKey(values);
	const data = bytesOf("data", values.data);
	if (session === "none" && values.atc !== undefined) throw new UsageError("--atc has no use with --session none");
	// --session none: the AC is computed under the ICC master key itself, and there is no session key to report.
	const key = session === "none" ? mk : sessionKey(mk, session, values.atc);
	printJson(io, {
		iccMkKcv: hex(keyCheckValue(mk)),
		...(session === "none" ? {} : { sessionKeyKcv: hex(keyCheckValue(key)) }),
		arqc: hex(applicationCryptogram(key, data)),
	});
	return 0;
}

async function arpc(args: string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			...CARD_OPTIONS,
			arqc: { type: "string" },
			arc: { type: "string" },
			key: { type: "string" },
			method: { type: "string" },
			csu: { type: "string" },
			pad: { type: "string" },
		},
		strict: true,
	});
	const keyChoice = oneOf("key", values.key, ["session", "icc-mk"], "session");
	const method = oneOf("method", values.method, ["1", "2"], "1");
	const session = oneOf<SessionDerivation>("session", values.session, ["common", "pboc"], "common");
	if (keyChoice === "icc-mk" && (values.atc !== undefined || values.session !== undefined))
		throw new UsageError("--atc and --session choose the session key: they have no use with --key icc-mk");
	if (method === "1" && (values.csu !== undefined || values.pad !== undefined))
		throw new UsageError("--csu and --pad belong to --method 2");
	if (method === "2" && values.arc !== undefined)
		throw new UsageError("--arc belongs to --method 1 (method 2 carries the answer in --csu)");
	const arqcBytes = bytesOf("arqc", values.arqc, [8]);
	const mk = masterKey(values);
	const key = keyChoice === "icc-mk" ? mk : sessionKey(mk, session, values.atc);
	let out: Uint8Array;
	if (method === "1") out = arpcMethod1(key, arqcBytes, bytesOf("arc", values.arc, [2]));
	else {
		const csu = bytesOf("csu", values.csu, [4]);
		const pad = values.pad === undefined ? undefined : bytesOf("pad", values.pad);
		if (pad && pad.length > 8) throw new UsageError(`--pad must be 0 to 8 bytes, got ${pad.length}`);
		out = arpcMethod2(key, arqcBytes, csu, pad);
	}
	printJson(io, { arpc: hex(out) });
	return 0;
}

const SUBCOMMANDS: Readonly<Record<string, (args: string[], io: CliIo) => Promise<number>>> = { tlv, arqc, arpc, read, oda };

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const [name, ...rest] = args;
	const sub = name === undefined ? undefined : SUBCOMMANDS[name];
	if (!sub) throw new UsageError(name === undefined ? "which one: tlv, arqc, arpc, read or oda" : `unknown subcommand "${name}"`);
	return sub(rest, io);
}
