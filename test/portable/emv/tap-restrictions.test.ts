// Processing restrictions of a tap (src/emv/tap-restrictions.ts: Book 3 §10.4's checks, EMV Contactless Book
// C-3 §5.5's actions, the CTQ bits of Book C-7 Annex A), card by card on the virtual QuickPass card with its
// record 1:2 rewritten: a future effective date, an expired one, restrictive usage control (international,
// cash, ATM only), another application version. An offline card under the floor limit answers a TC, whose
// approval the terminal may let stand, send online, decline or refuse for the slot; an online card's ARQC
// goes online with the findings in the TVR (95). The date is the sale's, 2026-12-07.
import { assert } from "../../support/assert.js";
import { fakeAuthenticator, PARAMS, SALE } from "../../support/chip-terminal.js";
import { toHex } from "../../support/hex.js";
import { field55, quickpass, tap, type Record12 } from "../../support/qpboc-tap.js";
import type { TerminalParameters, Transaction } from "../../../src/emv/terminal-parameters.js";

/** Under a 500.00 floor limit the TTQ lets an offline card answer TC. */
const OFFLINE_PARAMS: TerminalParameters = { ...PARAMS, contactless: { ...PARAMS.contactless, floorLimit: 50000 } };

interface Outcome {
	readonly decision: string;
	readonly tvr: string;
	readonly odaAsked: number;
}

/** The tap of an offline (TC) or online (ARQC) card with record 1:2 from `fields`: its decision and TVR. */
async function outcome(
	offline: boolean,
	fields: Record12,
	over: { params?: TerminalParameters; txn?: Transaction } = {},
): Promise<Outcome | string> {
	const auth = fakeAuthenticator();
	const { result } = await tap(quickpass({ offline }, fields), {
		params: over.params ?? OFFLINE_PARAMS,
		txn: over.txn ?? SALE,
		authenticator: auth,
	});
	if (!result.ok) return result.error.kind;
	const d = result.value.decision;
	if (d.kind === "online") return { decision: "online", tvr: field55(d.field55)(0x95), odaAsked: auth.asked.length };
	return { decision: `${d.result.decision} ${d.result.authorisationCode}`, tvr: toHex(d.result.tvr), odaAsked: auth.asked.length };
}

describe("EMV kernel: processing restrictions of a tap (Book 3 §10.4, Book C-3 §5.5)", () => {
	it("an unrestricted card: the TC stands after fDDA (Y1), TVR clean", async () => {
		assert.deepEqual(await outcome(true, {}), { decision: "approved Y1", tvr: "0000000000", odaAsked: 1 });
	});

	it("effective date 2027-01-01 (5F25 in the future): the TC goes online (TVR byte 2 b6); offline-only it is declined", async () => {
		const future = { effective: "270101" };
		assert.deepEqual(await outcome(true, future), { decision: "online", tvr: "0020000000", odaAsked: 0 });
		const offlineOnly = { ...OFFLINE_PARAMS, onlineCapable: false };
		assert.deepEqual(await outcome(true, future, { params: offlineOnly }), {
			decision: "declined Z1",
			tvr: "0020000000",
			odaAsked: 0,
		});
		assert.deepEqual(await outcome(false, future), { decision: "online", tvr: "0020000000", odaAsked: 0 }, "the ARQC carries it");
		assert.deepEqual(await outcome(true, { effective: "261207" }), { decision: "approved Y1", tvr: "0000000000", odaAsked: 1 });
	});

	it("expired 2026-11-30 (5F24): the TC is declined; with CTQ byte 1 b4 it goes online; an ARQC goes online", async () => {
		const expired = { expiry: "261130" };
		assert.deepEqual(await outcome(true, expired), { decision: "declined Z1", tvr: "0040000000", odaAsked: 0 });
		assert.deepEqual(await outcome(true, { ...expired, extra: "9F6C020800" }), {
			decision: "online",
			tvr: "0040000000",
			odaAsked: 0,
		});
		assert.deepEqual(await outcome(false, expired), { decision: "online", tvr: "0040000000", odaAsked: 0 });
		assert.deepEqual(await outcome(true, { expiry: "261207" }), { decision: "approved Y1", tvr: "0000000000", odaAsked: 1 });
	});

	it("usage control for domestic use only (9F07 A900) on a Hong Kong card (5F28 0344): the TC is declined, the ARQC goes online", async () => {
		const hk = { country: "0344", auc: "A900" };
		assert.deepEqual(await outcome(true, hk), { decision: "declined Z1", tvr: "0010000000", odaAsked: 0 });
		assert.deepEqual(await outcome(false, hk), { decision: "online", tvr: "0010000000", odaAsked: 0 });
		assert.deepEqual(await outcome(true, { auc: "A900" }), { decision: "approved Y1", tvr: "0000000000", odaAsked: 1 }, "domestic");
	});

	it("usage control valid at ATMs only (9F07 FE00): the TC is declined at this POS", async () => {
		assert.deepEqual(await outcome(true, { auc: "FE00" }), { decision: "declined Z1", tvr: "0010000000", odaAsked: 0 });
	});

	it("cash the usage control forbids (9F07 3900): the card in the slot when CTQ byte 1 b3 asks, else declined even online", async () => {
		const cash = { txn: { ...SALE, kind: "cash" as const } };
		assert.equal(await outcome(true, { auc: "3900", extra: "9F6C020400" }, cash), "switch-interface");
		assert.equal(await outcome(false, { auc: "3900", extra: "9F6C020400" }, cash), "switch-interface");
		assert.deepEqual(await outcome(false, { auc: "3900" }, cash), { decision: "declined Z1", tvr: "0010000000", odaAsked: 0 });
		assert.deepEqual(
			await outcome(true, { auc: "B900" }, cash),
			{ decision: "approved Y1", tvr: "0000000000", odaAsked: 1 },
			"domestic cash allowed",
		);
	});

	it("another application version (9F08 0020 against the terminal's 0030): the TVR bit, the TC still stands", async () => {
		assert.deepEqual(await outcome(true, { extra: "9F08020020" }), { decision: "approved Y1", tvr: "0080000000", odaAsked: 1 });
	});

	it("fDDA fails on a card whose CTQ byte 1 b5 asks for the contact interface: insert it (the terminal has a slot)", async () => {
		const failing = fakeAuthenticator({ kind: "signature", step: 4, detail: "hash" });
		const { result } = await tap(quickpass({ offline: true }, { extra: "9F6C021000" }), {
			params: OFFLINE_PARAMS,
			authenticator: failing,
		});
		assert.deepEqual(result, { ok: false, error: { kind: "switch-interface" } });
	});
});
