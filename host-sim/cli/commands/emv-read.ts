// `posterm emv read`: the kernel's first steps (src/emv: application selection, GET PROCESSING OPTIONS, the AFL
// records) against a virtual card of host-sim/chip in a virtual reader, for integrators who want to see what a
// PBOC or QuickPass card answers and what the kernel makes of it. The card is a built-in profile or a JSON file
// (host-sim/chip/card-profile.ts); faults make it misbehave. One JSON line on stdout; a kernel or reader stop
// is exit 1 with its kind on stderr; a bad command line exit 2.

import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type CliIo, CommandError, printJson, UsageError } from "../command.js";
import { hexOption, upperHex as hex } from "../hex-options.js";
import { type CardProfileJson, parseCardProfile } from "../../chip/card-profile.js";
import { CARD_PROFILES, testIssuerKeys } from "../../chip/profiles.js";
import { type CardFaults, VirtualCard } from "../../chip/virtual-card.js";
import { VirtualContactReader } from "../../chip/virtual-contact-reader.js";
import { VirtualContactlessReader } from "../../chip/virtual-contactless-reader.js";
import type { KernelError } from "../../../src/emv/kernel-error.js";
import { CONTACT_MANDATORY, initiateProcessing, readApplicationData } from "../../../src/emv/processing.js";
import { buildCandidateList, chooseApplication, finalSelect } from "../../../src/emv/selection.js";
import { tagHex, type Tag } from "../../../src/emv/tlv.js";
import { cardChannel, type CardChannel } from "../../../src/emv/transport.js";

/** The UnionPay RID and product prefix, partial names allowed: debit, credit and quasi-credit. */
const UNIONPAY = [{ aid: Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01), partial: true }];

function faults(list: readonly string[]): CardFaults {
	const out: { -readonly [K in keyof CardFaults]: CardFaults[K] } = {};
	for (const f of list) {
		const after = /^remove-after=([0-9]+)$/.exec(f);
		if (after) out.removeAfterExchanges = Number(after[1]);
		else if (f === "mute") out.mute = true;
		else if (f === "wrong-atr") out.wrongAtr = true;
		else if (f === "refuse-pps") out.refusePps = true;
		else if (f === "card-blocked") out.cardBlocked = true;
		else if (f === "no-directory") out.noDirectory = true;
		else throw new UsageError(`--fault must be mute, wrong-atr, refuse-pps, card-blocked, no-directory or remove-after=N, got "${f}"`);
	}
	return out;
}

function profileJson(card: string): unknown {
	const builtIn = CARD_PROFILES[card];
	if (builtIn) return builtIn;
	if (!card.endsWith(".json")) throw new UsageError(`--card must be ${Object.keys(CARD_PROFILES).join(", ")} or a FILE.json`);
	try {
		return JSON.parse(readFileSync(card, "utf8")) as unknown;
	} catch (e) {
		throw new CommandError(`cannot read ${card}: ${(e as Error).message}`);
	}
}

function kernelMessage(e: KernelError): string {
	switch (e.kind) {
		case "transport":
			return `${e.step}: ${e.error.kind === "reader" ? `reader error ${e.error.error.kind}` : e.error.kind}`;
		case "status":
			return `${e.step}: status ${e.sw.toString(16).toUpperCase()}`;
		case "malformed":
			return `${e.step}: malformed TLV (${e.error.kind} at byte ${e.error.offset})`;
		case "bad-answer":
			return `${e.step}: ${e.detail}`;
		case "application-blocked":
			return `application ${hex(e.aid)} blocked (6283)`;
		case "afl-invalid":
			return `AFL entry ${e.entry} invalid`;
		case "redundant-data":
			return `${tagHex(e.tag)} read twice`;
		case "missing-data":
			return `mandatory data missing: ${e.tags.map(tagHex).join(" ")}`;
		default:
			return e.kind;
	}
}

/** The connection: the contact card activated, or the contactless one polled; reader failures are exit 1. */
async function connect(card: VirtualCard, contactless: boolean): Promise<{ channel: CardChannel; link: Record<string, string> }> {
	if (contactless) {
		const reader = new VirtualContactlessReader();
		reader.tap(card);
		const polled = await reader.poll();
		if (!polled.ok) throw new CommandError(`polling: ${polled.error.kind}`);
		return {
			channel: cardChannel(reader, "ISO 14443-4"),
			link: { interface: "contactless", uid: hex(polled.value.uid), ats: hex(polled.value.ats) },
		};
	}
	const reader = new VirtualContactReader();
	reader.insert(card);
	const active = await reader.activate();
	if (!active.ok) throw new CommandError(`activation: ${active.error.kind}`);
	return {
		channel: cardChannel(reader, active.value.protocol),
		link: { interface: "contact", atr: hex(active.value.atr), protocol: active.value.protocol },
	};
}

export async function read(args: string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			card: { type: "string" },
			contactless: { type: "boolean", default: false },
			amount: { type: "string", default: "1" },
			date: { type: "string" },
			un: { type: "string" },
			fault: { type: "string", multiple: true, default: [] },
		},
		strict: true,
	});
	if (values.card === undefined) throw new UsageError(`--card is required: ${Object.keys(CARD_PROFILES).join(", ")} or a FILE.json`);
	if (!/^[0-9]{1,12}$/.test(values.amount)) throw new UsageError("--amount is in fen, 1 to 12 digits");
	const now = new Date();
	const date =
		values.date ?? [now.getFullYear() % 100, now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, "0")).join("");
	if (!/^[0-9]{6}$/.test(date)) throw new UsageError("--date is YYMMDD");
	const un = values.un === undefined ? Uint8Array.from(randomBytes(4)) : hexOption("un", values.un, [4]);
	const profile = parseCardProfile(profileJson(values.card) as CardProfileJson);
	if (!profile.ok) throw new CommandError(`the profile's ${profile.error.field}: ${profile.error.reason}`);
	const side = values.contactless ? profile.value.contactless : profile.value.contact;
	if (side === undefined)
		throw new CommandError(`${profile.value.name} has no ${values.contactless ? "contactless" : "contact"} interface`);
	const card = new VirtualCard(profile.value, testIssuerKeys(), faults(values.fault));
	const { channel, link } = await connect(card, values.contactless);
	const stop = (e: KernelError): never => {
		throw new CommandError(`the kernel stopped: ${kernelMessage(e)}`);
	};

	const list = await buildCandidateList(channel, values.contactless ? "PPSE" : "PSE", UNIONPAY);
	if (!list.ok) return stop(list.error);
	// No cardholder at the command line: the first candidate that needs no confirmation (Book 1 §12.4).
	const choice = chooseApplication(list.value, false);
	if (!choice.ok) return stop(choice.error);
	const candidate = choice.value.kind === "selected" ? choice.value.candidate : choice.value.candidates[0]!;
	const app = await finalSelect(channel, candidate);
	if (!app.ok) return stop(app.error);
	const terminal = new Map<Tag, Uint8Array>([
		[0x9f66, Uint8Array.of(0x28, 0, 0, 0)],
		[0x9f02, Uint8Array.from(Buffer.from(values.amount.padStart(12, "0"), "hex"))],
		[0x9f1a, Uint8Array.of(0x01, 0x56)],
		[0x5f2a, Uint8Array.of(0x01, 0x56)],
		[0x9a, Uint8Array.from(Buffer.from(date, "hex"))],
		[0x9c, Uint8Array.of(0)],
		[0x9f37, un],
	]);
	const options = await initiateProcessing(channel, app.value.pdol, (tag) => terminal.get(tag));
	if (!options.ok) return stop(options.error);
	const data = await readApplicationData(channel, options.value, values.contactless ? [0x57] : CONTACT_MANDATORY);
	if (!data.ok) return stop(data.error);
	printJson(io, {
		card: profile.value.name,
		...link,
		method: list.value.method,
		candidates: list.value.candidates.map((c) => ({
			aid: hex(c.aid),
			label: c.label,
			priority: c.priority,
			confirmationRequired: c.confirmationRequired,
		})),
		selected: hex(app.value.aid),
		aip: hex(options.value.aip),
		afl: options.value.afl,
		data: Object.fromEntries(data.value.data.tags().map((t) => [tagHex(t), hex(data.value.data.get(t)!)])),
		odaRecords: data.value.odaRecords.length,
	});
	return 0;
}
