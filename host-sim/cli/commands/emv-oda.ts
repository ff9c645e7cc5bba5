// `posterm emv oda`: offline data authentication's recoveries (src/emv/certificates.ts, EMV 4.3 Book 2 §5–6) on
// a card's records, for integrators checking a card's certificates against their CA public keys. The records
// are READ RECORD answers (70 templates, hex); the first `--oda N` of them are the static data to authenticate
// (their template values, as for SFI 1–10), followed by `--aip` when 9F4A lists 82. The CA key is found in the
// `--capk` file by the AID's RID and the card's 8F. Prints the recovered keys and each check's result; exit 1 when
// a check fails (the JSON still printed), exit 2 for a bad command line.
//
// CAPK file: JSON, a list of {"rid":"A000000333","index":"80","modulus":"…","exponent":"03"} (hex).

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type CliIo, CommandError, printJson, UsageError } from "../command.js";
import { hexOption, upperHex as hex } from "../hex-options.js";
import type { Result } from "../../../hal/result.js";
import { recoverIccKey, recoverSignedDynamicData, recoverSignedStaticData } from "../../../src/emv/certificates.js";
import { CardData } from "../../../src/emv/card-data.js";
import { caKeyList, EmvOfflineAuthenticator } from "../../../src/emv/oda.js";
import type { CaPublicKey, OdaFailure } from "../../../src/emv/offline-authentication.js";
import { decodeTlv, tagHex } from "../../../src/emv/tlv.js";

function caKeys(file: string): CaPublicKey[] {
	let json: unknown;
	try {
		json = JSON.parse(readFileSync(file, "utf8")) as unknown;
	} catch (e) {
		throw new CommandError(`cannot read ${file}: ${(e as Error).message}`);
	}
	if (!Array.isArray(json)) throw new CommandError(`${file}: not a JSON list of CA keys`);
	return json.map((k: unknown, i) => {
		const o = (typeof k === "object" && k !== null ? k : {}) as Record<string, unknown>;
		const field = (name: string): Uint8Array => {
			const v = o[name];
			if (typeof v !== "string" || v.length % 2 !== 0 || !/^[0-9A-Fa-f]+$/.test(v))
				throw new CommandError(`${file}: key ${i}: ${name} is not hex`);
			return Uint8Array.from(Buffer.from(v, "hex"));
		};
		const index = field("index");
		if (index.length !== 1) throw new CommandError(`${file}: key ${i}: index is not one byte`);
		return { rid: field("rid"), index: index[0]!, modulus: field("modulus"), exponent: field("exponent") };
	});
}

function failureJson(f: OdaFailure): Record<string, unknown> {
	switch (f.kind) {
		case "missing-data":
			return { kind: f.kind, tags: f.tags.map(tagHex) };
		case "ca-key-unknown":
			return { kind: f.kind, index: hex(Uint8Array.of(f.index)) };
		case "card":
			return { kind: f.kind, error: f.error.kind };
		default:
			return { kind: f.kind, step: f.step, detail: f.detail };
	}
}

interface Check {
	readonly check: string;
	readonly ok: boolean;
	readonly [more: string]: unknown;
}

function check<T>(name: string, r: Result<T, OdaFailure>, shown: (value: T) => Record<string, string>): Check {
	return r.ok ? { check: name, ok: true, ...shown(r.value) } : { check: name, ok: false, failure: failureJson(r.error) };
}

export async function oda(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		options: {
			capk: { type: "string" },
			records: { type: "string", multiple: true },
			oda: { type: "string" },
			aip: { type: "string" },
			aid: { type: "string" },
			date: { type: "string" },
			sdad: { type: "string" },
			"dynamic-data": { type: "string" },
		},
		allowPositionals: true,
		strict: true,
	});
	if (values.capk === undefined) throw new UsageError("--capk FILE is required");
	// `--records A B C`: the values after the first come as positionals.
	const recordsHex = [...(values.records ?? []), ...positionals];
	if (recordsHex.length === 0) throw new UsageError("--records needs at least one record as HEX");
	const records = recordsHex.map((r, i) => hexOption(`records (record ${i + 1})`, r));
	const odaCount = values.oda === undefined ? 0 : Number(values.oda);
	if (!Number.isInteger(odaCount) || odaCount < 0 || odaCount > records.length)
		throw new UsageError(`--oda must be 0 to ${records.length} (how many of the records are signed)`);
	const aip = values.aip === undefined ? new Uint8Array(0) : hexOption("aip", values.aip, [2]);
	const aid = hexOption("aid", values.aid ?? "A000000333", [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
	const date = values.date ?? new Date().toISOString().slice(2, 10).replace(/-/g, "");
	if (!/^[0-9]{6}$/.test(date)) throw new UsageError("--date is YYMMDD");
	if ((values.sdad === undefined) !== (values["dynamic-data"] === undefined))
		throw new UsageError("--sdad (9F4B) and --dynamic-data (what it signs: DDOL data, or 9F37 ‖ 9F02 ‖ 5F2A ‖ 9F69) go together");
	const sdad = values.sdad === undefined ? undefined : hexOption("sdad", values.sdad);
	const dynamicData = values["dynamic-data"] === undefined ? undefined : hexOption("dynamic-data", values["dynamic-data"]);

	const data = new CardData();
	const signed: Uint8Array[] = [];
	records.forEach((bytes, i) => {
		const tlv = decodeTlv(bytes);
		const template = tlv.ok && tlv.value.length === 1 ? tlv.value[0] : undefined;
		if (template?.tag !== 0x70) throw new CommandError(`record ${i + 1} is not one 70 template`);
		const again = data.add(template.children ?? []);
		if (again !== undefined) throw new CommandError(`record ${i + 1} repeats ${tagHex(again)}`);
		if (i < odaCount) signed.push(template.value);
	});
	const listsAip = data.get(0x9f4a)?.length === 1 && data.get(0x9f4a)![0] === 0x82;
	const staticData = Buffer.concat([...signed, ...(listsAip ? [aip] : [])]);
	const transactionDate = Uint8Array.from(Buffer.from(date, "hex"));

	const authenticator = new EmvOfflineAuthenticator({ caKeys: caKeyList(caKeys(values.capk)) });
	const checks: Check[] = [];
	const out: Record<string, unknown> = { staticData: hex(staticData) };
	const issuer = authenticator.issuerKey(aid, data, transactionDate);
	checks.push(
		check("issuer-certificate", issuer, (k) => ({
			issuerIdentifier: hex(k.issuerIdentifier),
			expiry: hex(k.expiry),
			serial: hex(k.serial),
		})),
	);
	if (issuer.ok) {
		out.issuerKey = { modulus: hex(issuer.value.modulus), exponent: hex(issuer.value.exponent) };
		const ssad = data.get(0x93);
		if (ssad !== undefined)
			checks.push(
				check("signed-static-data", recoverSignedStaticData(issuer.value, ssad, staticData), (dac) => ({
					dataAuthenticationCode: hex(dac),
				})),
			);
		const [certificate, exponent, pan] = [data.get(0x9f46), data.get(0x9f47), data.get(0x5a)];
		if (certificate !== undefined && exponent !== undefined && pan !== undefined) {
			const icc = recoverIccKey(issuer.value, certificate, data.get(0x9f48), exponent, pan, staticData, transactionDate);
			checks.push(check("icc-certificate", icc, (k) => ({ pan: hex(k.pan), expiry: hex(k.expiry), serial: hex(k.serial) })));
			if (icc.ok) {
				out.iccKey = { modulus: hex(icc.value.modulus), exponent: hex(icc.value.exponent) };
				if (sdad !== undefined && dynamicData !== undefined)
					checks.push(
						check("signed-dynamic-data", recoverSignedDynamicData(icc.value, sdad, dynamicData), (d) => ({
							iccDynamicData: hex(d),
						})),
					);
			}
		}
	}
	printJson(io, { ...out, checks });
	return checks.every((c) => c.ok) ? 0 : 1;
}
