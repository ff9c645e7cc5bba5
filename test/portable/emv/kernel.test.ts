// The start of the kernel (src/emv/selection.ts, processing.ts) against each virtual card and each fault:
// application selection (EMV 4.3 Book 1 §12), GET PROCESSING OPTIONS (Book 3 §10.1) and reading the AFL
// records (Book 3 §10.2), every stop as a typed value.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { expectedAc, inserted, tapped, terminalValues } from "../../support/virtual-chip.js";
import type { CommandApdu, ResponseApdu } from "../../../hal/apdu.js";
import { err, ok } from "../../../hal/result.js";
import type { CardProfileJson } from "../../../host-sim/chip/card-profile.js";
import { PBOC_CREDIT, PBOC_DEBIT, QUICKPASS } from "../../../host-sim/chip/profiles.js";
import { sw } from "../../../src/emv/commands.js";
import { CONTACT_MANDATORY, initiateProcessing, parseAfl, readApplicationData } from "../../../src/emv/processing.js";
import { buildCandidateList, chooseApplication, finalSelect, withoutCandidate, type TerminalAid } from "../../../src/emv/selection.js";
import type { Tag } from "../../../src/emv/tlv.js";
import { cardChannel } from "../../../src/emv/transport.js";

/** The UnionPay debit, credit and quasi-credit AIDs (RID A000000333, PIX 010101/02/03), exact. */
const EXACT: TerminalAid[] = ["A000000333010101", "A000000333010102", "A000000333010103"].map((a) => ({ aid: hex(a), partial: false }));
/** The same RID and product prefix with partial matching allowed (ASI). */
const PARTIAL: TerminalAid[] = [{ aid: hex("A0000003330101"), partial: true }];

const terminal = terminalValues();

function aids(list: { candidates: readonly { aid: Uint8Array }[] }): string[] {
	return list.candidates.map((c) => toHex(c.aid));
}

function withApp(base: CardProfileJson, change: Partial<CardProfileJson["applications"][number]>): CardProfileJson {
	return { ...base, applications: [{ ...base.applications[0]!, ...change }] };
}

describe("EMV kernel: application selection (Book 1 §12)", () => {
	it("the debit card: PSE, one candidate, selected without asking, FCI without PDOL", async () => {
		const { channel } = await inserted(PBOC_DEBIT);
		const list = await buildCandidateList(channel, "PSE", EXACT);
		assert.ok(list.ok);
		assert.deepEqual(
			[list.value.method, aids(list.value), list.value.candidates[0]!.label],
			["PSE", ["A000000333010101"], "PBOC DEBIT"],
		);
		const choice = chooseApplication(list.value, true);
		assert.ok(choice.ok && choice.value.kind === "selected");
		const app = await finalSelect(channel, choice.value.candidate);
		assert.ok(app.ok);
		assert.deepEqual([toHex(app.value.aid), app.value.pdol], ["A000000333010101", undefined]);
	});

	it("the credit card: two candidates by priority; the cardholder is asked, or the one needing no confirmation is taken", async () => {
		const { channel } = await inserted(PBOC_CREDIT);
		const list = await buildCandidateList(channel, "PSE", EXACT);
		assert.ok(list.ok);
		assert.deepEqual(aids(list.value), ["A000000333010103", "A000000333010102"]);
		assert.deepEqual(
			list.value.candidates.map((c) => [c.priority, c.confirmationRequired]),
			[
				[1, true],
				[2, false],
			],
		);
		const asked = chooseApplication(list.value, true);
		assert.ok(asked.ok && asked.value.kind === "ask-cardholder");
		assert.equal(asked.value.candidates.length, 2);
		const automatic = chooseApplication(list.value, false);
		assert.ok(automatic.ok && automatic.value.kind === "selected");
		assert.equal(toHex(automatic.value.candidate.aid), "A000000333010102");
		const app = await finalSelect(channel, asked.value.candidates[0]!);
		assert.ok(app.ok);
		assert.equal(toHex(app.value.pdol!), "9F1A025F2A029F0206");
		// Had that application been refused, the other is chosen without asking.
		const again = chooseApplication(withoutCandidate(list.value, app.value.aid), true);
		assert.ok(again.ok && again.value.kind === "selected");
		assert.equal(toHex(again.value.candidate.aid), "A000000333010102");
	});

	it("matches partial names only where the terminal's ASI allows (Book 1 §12.3.1)", async () => {
		const partial = await buildCandidateList((await inserted(PBOC_CREDIT)).channel, "PSE", PARTIAL);
		assert.ok(partial.ok);
		assert.equal(partial.value.candidates.length, 2);
		const exactOnly = await buildCandidateList((await inserted(PBOC_CREDIT)).channel, "PSE", [
			{ aid: hex("A0000003330101"), partial: false },
		]);
		assert.ok(!exactOnly.ok);
		assert.deepEqual(exactOnly.error, { kind: "no-application" });
	});

	it("without a PSE, builds the list from the terminal's AIDs, each occurrence of a partial one (§12.3.3)", async () => {
		const debit = await buildCandidateList((await inserted(PBOC_DEBIT, { noDirectory: true })).channel, "PSE", EXACT);
		assert.ok(debit.ok);
		assert.deepEqual([debit.value.method, aids(debit.value)], ["AID list", ["A000000333010101"]]);
		const credit = await buildCandidateList((await inserted(PBOC_CREDIT, { noDirectory: true })).channel, "PSE", PARTIAL);
		assert.ok(credit.ok);
		assert.deepEqual(aids(credit.value), ["A000000333010103", "A000000333010102"]);
	});

	it("the QuickPass card: PPSE, the highest priority taken without asking", async () => {
		const { channel } = await tapped(QUICKPASS);
		const list = await buildCandidateList(channel, "PPSE", EXACT);
		assert.ok(list.ok);
		assert.deepEqual([list.value.method, aids(list.value)], ["PPSE", ["A000000333010101"]]);
		const choice = chooseApplication(list.value, false);
		assert.ok(choice.ok && choice.value.kind === "selected");
		assert.ok((await finalSelect(channel, choice.value.candidate)).ok);
	});

	it("a blocked card stops selection (6A81); a contactless card without PPSE has no application", async () => {
		assert.deepEqual(
			await buildCandidateList((await inserted(PBOC_DEBIT, { cardBlocked: true })).channel, "PSE", EXACT),
			err({ kind: "card-blocked" }),
		);
		assert.deepEqual(
			await buildCandidateList((await tapped(QUICKPASS, { noDirectory: true })).channel, "PPSE", EXACT),
			err({ kind: "no-application" }),
		);
	});

	it("a blocked application: listed by the PSE but refused at final selection (6283); never listed by AIDs", async () => {
		const blocked = withApp(PBOC_DEBIT, { blocked: true });
		const { channel } = await inserted(blocked);
		const list = await buildCandidateList(channel, "PSE", EXACT);
		assert.ok(list.ok);
		const app = await finalSelect(channel, list.value.candidates[0]!);
		assert.ok(!app.ok && app.error.kind === "application-blocked");
		const left = withoutCandidate(list.value, app.error.aid);
		assert.deepEqual(chooseApplication(left, true), err({ kind: "no-application" }));
		const byAids = await buildCandidateList((await inserted(blocked, { noDirectory: true })).channel, "PSE", EXACT);
		assert.deepEqual(byAids, err({ kind: "no-application" }));
	});

	it("a card pulled out during selection is a transport error naming the step", async () => {
		const { channel } = await inserted(PBOC_DEBIT, { removeAfterExchanges: 2 });
		const list = await buildCandidateList(channel, "PSE", EXACT);
		assert.deepEqual(
			list,
			err({ kind: "transport", step: "READ RECORD (directory)", error: { kind: "reader", error: { kind: "removed" } } }),
		);
	});
});

/** Selection done for the card's first (or only) candidate. */
async function selected(json: CardProfileJson, faults = {}, contactless = false) {
	const { channel, card } = contactless ? await tapped(json, faults) : await inserted(json, faults);
	const list = await buildCandidateList(channel, contactless ? "PPSE" : "PSE", EXACT);
	assert.ok(list.ok);
	const app = await finalSelect(channel, list.value.candidates[list.value.candidates.length - 1]!);
	assert.ok(app.ok);
	return { channel, card, app: app.value };
}

describe("EMV kernel: processing options and application data (Book 3 §10.1–10.2)", () => {
	it("the debit card: GPO format 1, the three AFL entries read, the mandatory data there, one ODA record", async () => {
		const { channel, app } = await selected(PBOC_DEBIT);
		const options = await initiateProcessing(channel, app.pdol, terminal);
		assert.ok(options.ok);
		assert.equal(toHex(options.value.aip), "7C00");
		assert.deepEqual(options.value.afl, [
			{ sfi: 1, first: 1, last: 1, odaRecords: 0 },
			{ sfi: 2, first: 1, last: 2, odaRecords: 1 },
			{ sfi: 3, first: 1, last: 3, odaRecords: 0 },
		]);
		const read = await readApplicationData(channel, options.value, CONTACT_MANDATORY);
		assert.ok(read.ok);
		assert.equal(toHex(read.value.data.get(0x5a)!), "6226095555000111");
		assert.equal(toHex(read.value.data.get(0x57)!), "6226095555000111D310620110111095");
		assert.deepEqual(read.value.data.tags().slice(0, 3), [0x57, 0x5f20, 0x5a]);
		assert.equal(read.value.odaRecords.length, 1);
		assert.equal(toHex(read.value.odaRecords[0]!).slice(0, 20), "5A086226095555000111");
	});

	it("the credit card at T=1: GPO format 2 with the PDOL data the terminal built", async () => {
		const { channel, app } = await selected(PBOC_CREDIT);
		assert.equal(toHex(app.aid), "A000000333010102");
		const options = await initiateProcessing(channel, app.pdol, terminal);
		assert.ok(options.ok);
		assert.deepEqual([toHex(options.value.aip), options.value.afl.length, options.value.objects.length], ["7D00", 3, 0]);
		assert.ok((await readApplicationData(channel, options.value, CONTACT_MANDATORY)).ok);
	});

	it("the QuickPass card: the qPBOC ARQC over the PDOL data the terminal built, and its records", async () => {
		const { channel, app } = await selected(QUICKPASS, {}, true);
		const options = await initiateProcessing(channel, app.pdol, terminal);
		assert.ok(options.ok);
		const read = await readApplicationData(channel, options.value, [0x57, 0x5a, 0x5f24]);
		assert.ok(read.ok);
		const acData = [0x9f02, 0x9f03, 0x9f1a, 0x95, 0x5f2a, 0x9a, 0x9c, 0x9f37].map((t) => toHex(terminal(t)!)).join("");
		const iad = toHex(read.value.data.get(0x9f10)!);
		assert.equal(toHex(read.value.data.get(0x9f26)!), expectedAc("6222021234567890128", "00", acData, "7C00", "0008", iad));
	});

	it("a second GPO in the transaction is refused (6985): back to selection", async () => {
		const { channel, app } = await selected(PBOC_DEBIT);
		assert.ok((await initiateProcessing(channel, app.pdol, terminal)).ok);
		assert.deepEqual(await initiateProcessing(channel, app.pdol, terminal), err({ kind: "conditions-not-satisfied" }));
	});

	it("stops on an invalid AFL, a missing mandatory object, a repeated one, a record past the file", async () => {
		const badAfl = await selected(withApp(PBOC_DEBIT, { afl: "00010100" }));
		assert.deepEqual(await initiateProcessing(badAfl.channel, badAfl.app.pdol, terminal), err({ kind: "afl-invalid", entry: 0 }));

		const records = PBOC_DEBIT.applications[0]!.records;
		const noCdol2 = await selected(withApp(PBOC_DEBIT, { records: { ...records, "2:2": "8C039F3704" } }));
		const o1 = await initiateProcessing(noCdol2.channel, noCdol2.app.pdol, terminal);
		assert.ok(o1.ok);
		assert.deepEqual(
			await readApplicationData(noCdol2.channel, o1.value, CONTACT_MANDATORY),
			err({ kind: "missing-data", tags: [0x8d] }),
		);

		const twice = await selected(withApp(PBOC_DEBIT, { records: { ...records, "1:1": records["1:1"] + "5A0162" } }));
		const o2 = await initiateProcessing(twice.channel, twice.app.pdol, terminal);
		assert.ok(o2.ok);
		assert.deepEqual(await readApplicationData(twice.channel, o2.value, CONTACT_MANDATORY), err({ kind: "redundant-data", tag: 0x5a }));

		const short = await selected(withApp(PBOC_DEBIT, { afl: "0801010010010301" }));
		const o3 = await initiateProcessing(short.channel, short.app.pdol, terminal);
		assert.ok(o3.ok);
		assert.deepEqual(
			await readApplicationData(short.channel, o3.value, CONTACT_MANDATORY),
			err({ kind: "status", step: "READ RECORD", sw: 0x6a83 }),
		);
	});

	it("a card pulled out while the records are read, over contact and contactless", async () => {
		const contact = await selected(PBOC_DEBIT, { removeAfterExchanges: 9 });
		const o = await initiateProcessing(contact.channel, contact.app.pdol, terminal);
		assert.ok(o.ok);
		const gone = await readApplicationData(contact.channel, o.value, CONTACT_MANDATORY);
		assert.deepEqual(gone, err({ kind: "transport", step: "READ RECORD", error: { kind: "reader", error: { kind: "removed" } } }));
		const tap = await selected(QUICKPASS, { removeAfterExchanges: 2 }, true);
		assert.deepEqual(
			await initiateProcessing(tap.channel, tap.app.pdol, terminal),
			err({ kind: "transport", step: "GET PROCESSING OPTIONS", error: { kind: "reader", error: { kind: "removed" } } }),
		);
	});

	it("a card that falls silent after selection (no answer within the waiting time)", async () => {
		const { channel, card, app } = await selected(PBOC_DEBIT);
		card.faults = { mute: true };
		assert.deepEqual(
			await initiateProcessing(channel, app.pdol, terminal),
			err({ kind: "transport", step: "GET PROCESSING OPTIONS", error: { kind: "reader", error: { kind: "mute" } } }),
		);
	});

	it("a GPO answer that is neither format is a bad answer", async () => {
		const answers: ResponseApdu[] = [{ data: hex("80017C"), sw1: 0x90, sw2: 0 }];
		const channel = cardChannel({ transmit: async (_c: CommandApdu) => ok(answers.shift()!) }, "T=1");
		const r = await initiateProcessing(channel, undefined, terminal);
		assert.ok(!r.ok && r.error.kind === "bad-answer");
	});
});

describe("AFL (Book 3 §10.2)", () => {
	it("parses entries and refuses SFI 0 or 31, record 0, last before first, too many ODA records, a cut entry", () => {
		assert.deepEqual(
			parseAfl(hex("0801010010010201")),
			ok([
				{ sfi: 1, first: 1, last: 1, odaRecords: 0 },
				{ sfi: 2, first: 1, last: 2, odaRecords: 1 },
			]),
		);
		for (const [afl, entry] of [
			["00010100", 0],
			["F8010100", 0],
			["08000100", 0],
			["0801010008020100", 1],
			["08010203", 0],
			["080101", 0],
		] as const)
			assert.deepEqual(parseAfl(hex(afl)), err({ kind: "afl-invalid", entry }), afl);
		assert.equal(sw({ data: new Uint8Array(0), sw1: 0x6a, sw2: 0x83 }), 0x6a83);
	});
});
