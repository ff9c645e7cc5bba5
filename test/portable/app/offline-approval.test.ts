// A chip sale the card approves offline (issue 18), in both engines against the in-process acquirer serving an
// offline floor limit of 500.00 yuan with its AIDs (9F1B, DF19): under it, with offline data authentication
// passed and no PIN entered online (the cashier skips it for a card of a credit BIN; online PIN entered is in
// the action codes' online bits, EMV 4.3 Book 3 §10.7), the card that may approve offline gives a TC at the
// first GENERATE AC (8A Y1). Nothing goes to the host then; the sale is journaled approved with its TC and a
// slip marked 脱机批准 (OFFLINE APPROVED), counted in the batch totals; before the 0500 it goes up (IC offline
// sale: 0200, 3 = 000000, 60.1 = 36, 60.3 = 000, its own STAN, field 55 with the TC and 8A Y1, 63 CUP) and the
// acquirer verifies the TC and books it, so the settlement balances.
// A quick-pass tap under the contactless floor limit likewise (its TC at GPO, fDDA passed, JR/T 0025.12 §7.8).
// Over the floor limit the sale goes online as before, and a pre-authorisation always (inserted or tapped), and
// so does a sale under it whose DDA failed; a card that declines offline (AAC, Z1) ends 卡片拒绝 with nothing
// journaled. The next online request sends owed offline approvals first (at most offlineUploadsPerRequest), and
// is not held up when that upload gets no answer; the acknowledgement's RRN (37, with 00 or 94) is journaled with
// the sale, and a refund names it. A refusal is journaled with its code and never sent again on its own: the
// settlement goes on, its batch upload carries the sale as an IC notification (0320, 60.3 205), the slip lists it.
// Before the upload a refund of it is refused; an offline approval is never voided.

import { assert } from "../../support/assert.js";
import { signedOnTerminal, type PortableTerminal } from "../../support/portable-terminal.js";
import { lastEntry, lastTxn, sentAfterSignIn, settled, step, tlvObjects } from "../../support/terminal-steps.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { parseCardProfile } from "../../../host-sim/chip/card-profile.js";
import { PBOC_DEBIT, testIssuerKeys } from "../../../host-sim/chip/profiles.js";
import { VirtualCard } from "../../../host-sim/chip/virtual-card.js";
import { virtualTestCard } from "../../../host-sim/chip/virtual-test-cards.js";
import { toHex } from "../../support/hex.js";
import type { TxnEntry } from "../../../src/journal/journal-entries.js";
import { decodeWire } from "../../../host-sim/acquirer/wire-decoder.js";

/** The offline floor limit the acquirer serves, fen. */
const FLOOR_LIMIT = 50_000;
/** The PBOC debit card's BIN, taken as a credit BIN so the cashier may skip the PIN (pin-policy.ts). */
const PARAMS = { creditBins: TEST_CARDS.chip.pan.slice(0, 6) };
/** ASCII "Y1" and "Z1" (8A). */
const Y1 = "5931";

async function offlineTerminal(): Promise<PortableTerminal> {
	return signedOnTerminal(PARAMS, { floorLimitFen: FLOOR_LIMIT });
}

/** The PBOC debit card that may approve offline, or declines offline. */
function pbocDebit(offline: "approve" | "decline"): VirtualCard {
	return virtualTestCard({ profile: "pboc-debit", offline });
}

/** A sale (or the flow of `menu`) of `amount` (fen digits) with the PBOC debit card inserted, the PIN skipped (ENTER alone). */
async function insertedSale(t: PortableTerminal, amount: string, card: VirtualCard, menu = ["1"]): Promise<void> {
	t.keys("ENTER", ...menu, amount, "ENTER");
	t.hal.contact!.insert(card);
	await settled(t, "confirm-card");
	t.keys("ENTER");
	await settled(t, "pin");
	t.keys("ENTER");
}

/** 请拔卡, the card out, the result notice. */
async function cardOut(t: PortableTerminal): Promise<void> {
	await t.until(() => step(t) === "remove-card");
	t.hal.contact!.remove();
	await t.until(() => t.terminal.state.kind === "notice");
}

/** A terminal with one sale of 123.45 the card approved offline, back at idle: its journal entry. */
async function offlineSale(): Promise<{ t: PortableTerminal; txn: TxnEntry }> {
	const t = await offlineTerminal();
	await insertedSale(t, "12345", pbocDebit("approve"));
	await cardOut(t);
	const txn = lastEntry(t);
	t.keys("ENTER");
	await t.until(() => t.terminal.state.kind === "idle");
	return { t, txn };
}

/** Settlement from idle (menu 6): the terminal's answer screen once it is done. */
async function settle(t: PortableTerminal): Promise<void> {
	t.keys("ENTER", "6", "ENTER");
	await t.until(() => t.terminal.state.kind === "notice" || t.terminal.state.kind === "idle");
}

describe("offline approval of a chip sale under the floor limit (issue 18)", () => {
	it("inserted under the floor limit: TC at the first GENERATE AC, journaled approved (Y1) with nothing sent; the slip says so", async () => {
		const t = await offlineTerminal();
		const paper = t.printer.paper.lines.length;
		await insertedSale(t, "12345", pbocDebit("approve"));
		await cardOut(t);
		assert.deepEqual(sentAfterSignIn(t), [], "nothing went to the host");
		const txn = lastEntry(t);
		assert.equal(txn.kind, "sale");
		assert.equal(txn.status, "approved");
		assert.equal(txn.responseCode, "Y1");
		assert.equal(txn.amountFen, 12345);
		assert.equal(txn.rrn, "", "no reference number from a host");
		assert.equal(txn.authCode, "", "no authorisation code from a host");
		assert.equal(txn.uploaded, false, "owed to the host");
		assert.ok(txn.cardData.length > 0, "the sealed PAN kept for the upload");
		const ic = txn.ic;
		assert.ok(ic, "IC data journaled with the approval");
		assert.equal(ic.cryptogramType, "TC");
		assert.equal(ic.cvm, "signature");
		const upload = tlvObjects(toHex(ic.tcUploadField55));
		assert.equal(upload.get(0x8a), Y1, "8A Y1 in the upload's field 55");
		assert.equal(upload.get(0x9f27)?.slice(0, 1), "4", "9F27: a TC");
		assert.equal(t.terminal.journal!.totals.domestic.debitFen, 12345, "counted in the batch totals");
		assert.ok(t.screen().includes("脱机批准"), t.screen());
		t.keys("ENTER");
		const slip = t.printer.paper.lines.slice(paper).join("\n");
		assert.ok(slip.includes("(OFFLINE APPROVED)"), slip);
		assert.ok(slip.includes(`TC:${toHex(ic.cryptogram)}`), slip);
	});

	it("settlement: the offline sale goes up first (0200, 60.1 36, its TC), the acquirer verifies and books it, balanced", async () => {
		const { t, txn } = await offlineSale();
		await settle(t);
		assert.deepEqual(sentAfterSignIn(t), ["0200", "0500"], "the upload before the 0500; no batch upload after it");
		const [upload, settlement] = t.acquirer.received.slice(-2);
		const f = upload!.fields;
		assert.deepEqual([f["3"], f["60"]?.slice(0, 2), f["60"]?.slice(8, 11)], ["000000", "36", "000"], "IC offline sale");
		assert.equal(f["60"]?.slice(2, 8), String(txn.batch).padStart(6, "0"));
		assert.equal(Number(f["11"]), txn.stan, "the sale's own STAN (voucher number)");
		assert.equal(f["2"], TEST_CARDS.chip.pan);
		assert.equal(f["4"], "000000012345");
		assert.deepEqual([f["22"], f["23"], f["25"], f["49"], f["63"]], ["052", "001", "00", "156", "CUP"]);
		assert.deepEqual([f["35"], f["52"], f["61"]], [undefined, undefined, undefined], "no track, no PIN block, no 61");
		assert.ok(f["64"], "MACed as a financial message");
		const icc = tlvObjects(f["55"]);
		assert.equal(icc.get(0x9f26), toHex(txn.ic!.cryptogram), "the TC the card gave");
		assert.equal(icc.get(0x8a), Y1);
		const booked = t.acquirer.engine.books.transactions.find((b) => b.stan === txn.stan && b.batch === txn.batch);
		assert.ok(booked, "the acquirer booked it");
		assert.equal(booked.kind, "sale");
		assert.equal(booked.amountFen, 12345);
		assert.equal(booked.cryptogram, `TC ${toHex(txn.ic!.cryptogram)}`);
		assert.equal(settlement!.fields["48"]?.slice(0, 15), "000000012345001", "the 0500 counts it");
		const settled = t.acquirer.engine.books.settlements.at(-1);
		assert.deepEqual(settled?.balanced, { domestic: true, foreign: true });
		assert.ok(t.terminal.journal!.counters.batch > txn.batch, "the batch closed");
	});

	it("the upload unacknowledged: the settlement is refused and the sale stays owed; sent again, it is booked once", async () => {
		const { t, txn } = await offlineSale();
		// Every 0320 reaches the host (booked) but no answer comes back.
		const answering = t.acquirer.script;
		t.acquirer.script = (frame) => void t.acquirer.answer(frame);
		await settle(t);
		t.acquirer.script = answering;
		assert.ok(t.screen().includes("离线交易上送失败"), t.screen());
		assert.equal(t.terminal.journal!.txn(txn.stan)?.uploadAnswer, undefined, "still owed");
		assert.equal(t.terminal.journal!.state.settlement, undefined, "no 0500 went out");
		t.keys("ENTER");
		await t.until(() => t.terminal.state.kind === "idle");
		await settle(t);
		const books = t.acquirer.engine.books;
		assert.equal(books.transactions.filter((b) => b.stan === txn.stan && b.batch === txn.batch).length, 1, "booked once");
		assert.deepEqual(books.settlements.at(-1)?.balanced, { domestic: true, foreign: true });
	});

	it("over the floor limit: the same card goes online with its ARQC (0200, field 55), approved by the host", async () => {
		const t = await offlineTerminal();
		await insertedSale(t, "60000", pbocDebit("approve"));
		const txn = await lastTxn(t);
		assert.deepEqual(sentAfterSignIn(t), ["0200"]);
		assert.equal(tlvObjects(t.acquirer.received.at(-1)!.fields["55"]).get(0x9f27)?.slice(0, 1), "8", "an ARQC");
		assert.equal(txn.status, "approved");
		assert.equal(txn.responseCode, "00");
		assert.notEqual(txn.rrn, "");
		await cardOut(t);
		assert.ok(!t.screen().includes("脱机批准"), t.screen());
	});

	it("a card that declines offline under the floor limit (AAC, Z1): 卡片拒绝, nothing journaled, nothing sent", async () => {
		const t = await offlineTerminal();
		const before = t.terminal.journal!.counters.lastStan;
		await insertedSale(t, "12345", pbocDebit("decline"));
		await cardOut(t);
		assert.ok(t.screen().includes("卡片拒绝"), t.screen());
		assert.deepEqual(sentAfterSignIn(t), []);
		assert.equal(t.terminal.journal!.counters.lastStan, before, "no journal entry");
	});

	it("a pre-authorisation under the floor limit goes online all the same: merchant forced online (TVR byte 4 b4), an ARQC", async () => {
		const t = await offlineTerminal();
		await insertedSale(t, "12345", pbocDebit("approve"), ["5", "1"]);
		const txn = await lastTxn(t);
		assert.deepEqual(sentAfterSignIn(t), ["0100"]);
		const icc = tlvObjects(t.acquirer.received.at(-1)!.fields["55"]);
		assert.equal(icc.get(0x9f27)?.slice(0, 1), "8", "an ARQC");
		assert.equal(Number.parseInt(icc.get(0x95)!.slice(6, 8), 16) & 0x08, 0x08, "merchant forced online");
		assert.equal(txn.status, "approved");
		assert.equal(txn.kind, "preauth");
	});

	it("a quick-pass tap under the contactless floor limit: the card's TC at GPO (fDDA passed), no CVM, Y1; uploaded with 22 072 and booked", async () => {
		const t = await offlineTerminal();
		t.keys("ENTER", "1", "12345", "ENTER");
		t.tap({ profile: "quickpass", offline: "approve" });
		await settled(t, "confirm-card");
		t.keys("ENTER");
		await t.until(() => t.terminal.state.kind === "notice");
		assert.deepEqual(sentAfterSignIn(t), [], "nothing went to the host");
		const txn = lastEntry(t);
		assert.equal(txn.entryMode, "tap");
		assert.equal(txn.status, "approved");
		assert.equal(txn.responseCode, "Y1");
		const ic = txn.ic;
		assert.ok(ic);
		assert.equal(ic.cryptogramType, "TC");
		assert.equal(ic.cvm, "no-cvm");
		assert.ok(t.screen().includes("脱机批准"), t.screen());
		t.keys("ENTER");
		await t.until(() => t.terminal.state.kind === "idle");
		await settle(t);
		assert.deepEqual(sentAfterSignIn(t), ["0200", "0500"]);
		const upload = t.acquirer.received.at(-2)!;
		assert.equal(upload.fields["22"], "072", "contactless, no PIN");
		assert.equal(upload.fields["2"], TEST_CARDS.debit.pan);
		const booked = t.acquirer.engine.books.transactions.find((b) => b.stan === txn.stan && b.batch === txn.batch);
		assert.equal(booked?.cryptogram, `TC ${toHex(ic.cryptogram)}`);
		assert.deepEqual(t.acquirer.engine.books.settlements.at(-1)?.balanced, { domestic: true, foreign: true });
	});

	it("a quick-pass pre-authorisation under the contactless floor limit: TTQ online cryptogram required, the card's ARQC online", async () => {
		const t = await offlineTerminal();
		t.keys("ENTER", "5", "1", "12345", "ENTER");
		t.tap({ profile: "quickpass", offline: "approve" });
		await settled(t, "confirm-card");
		t.keys("ENTER");
		const txn = await lastTxn(t);
		assert.deepEqual(sentAfterSignIn(t), ["0100"]);
		const icc = tlvObjects(t.acquirer.received.at(-1)!.fields["55"]);
		assert.equal(icc.get(0x9f27)?.slice(0, 1), "8", "an ARQC");
		assert.equal(txn.kind, "preauth");
		assert.equal(txn.status, "approved");
	});

	it("under the floor limit but DDA failed (a bad signature): TVR byte 1 b4 is in the TAC-online, so an ARQC goes online", async () => {
		const t = await offlineTerminal();
		const profile = parseCardProfile({ ...PBOC_DEBIT, applications: PBOC_DEBIT.applications.map((a) => ({ ...a, offline: true })) });
		assert.ok(profile.ok);
		await insertedSale(t, "12345", new VirtualCard(profile.value, testIssuerKeys(), { oda: "bad-signature" }));
		const txn = await lastTxn(t);
		assert.deepEqual(sentAfterSignIn(t), ["0200"], "no offline approval without offline data authentication");
		const icc = tlvObjects(t.acquirer.received.at(-1)!.fields["55"]);
		assert.equal(icc.get(0x9f27)?.slice(0, 1), "8", "an ARQC");
		assert.equal(Number.parseInt(icc.get(0x95)!.slice(0, 2), 16) & 0x08, 0x08, "DDA failed");
		assert.equal(txn.responseCode, "00");
	});

	it("an offline approval is not voided, before its upload or after it gave a host reference: 脱机交易不能撤销, 请用退货 at the voucher", async () => {
		const { t, txn } = await offlineSale();
		const voidIt = async () => {
			t.keys("ENTER", "2", "123456", "ENTER", String(txn.stan), "ENTER");
			assert.equal(step(t), "voucher", t.screen());
			assert.ok(t.screen().includes("脱机交易不能撤销, 请用退货"), t.screen());
			t.keys("CANCEL");
			await t.until(() => t.terminal.state.kind === "notice");
			t.keys("ENTER");
			await t.until(() => t.terminal.state.kind === "idle");
		};
		await voidIt();
		assert.deepEqual(sentAfterSignIn(t), []);
		await onlineSale(t);
		assert.notEqual(t.terminal.journal!.txn(txn.stan)?.rrn, "", "uploaded, with the host's reference");
		const sent = sentAfterSignIn(t).length;
		await voidIt();
		assert.equal(sentAfterSignIn(t).length, sent, "nothing sent");
		assert.equal(t.terminal.journal!.txn(txn.stan)?.voided, false);
	});

	it("the next online sale sends it first (0200, 60.1 36), then its own 0200: journaled answered with the RRN of the host's answer (37)", async () => {
		const { t, txn } = await offlineSale();
		const online = await onlineSale(t);
		assert.deepEqual(sentAfterSignIn(t), ["0200", "0200"]);
		const upload = t.acquirer.received.at(-2)!;
		assert.equal(upload.fields["60"]?.slice(0, 2), "36");
		const booked = bookedOf(t, txn);
		assert.equal(booked.cryptogram, `TC ${toHex(txn.ic!.cryptogram)}`);
		const after = t.terminal.journal!.txn(txn.stan)!;
		assert.equal(after.uploadAnswer, "00");
		assert.equal(after.uploaded, false, "not in a batch upload");
		assert.equal(t.terminal.journal!.state.reversal, undefined, "the upload left no reversal");
		assert.equal(after.rrn, booked.rrn, "the host's reference journaled");
		assert.match(after.rrn, /^[0-9]{12}$/);
		assert.equal(after.authCode, "", "no 38 from the host: the card approved it");
		assert.equal(after.responseCode, "Y1", "still the card's approval");
		// The voucher query (8-1) shows the reference a refund needs.
		t.keys("ENTER", "8", "1", String(txn.stan), "ENTER");
		await t.until(() => t.terminal.state.kind === "notice");
		assert.ok(t.screen().includes(`参考号: ${after.rrn}`), t.screen());
		t.keys("ENTER");
		await t.until(() => t.terminal.state.kind === "idle");
		assert.equal(online.status, "approved");
		assert.equal(Number(upload.fields["11"]), txn.stan, "the upload carries the offline sale's STAN");
		await settle(t);
		assert.deepEqual(sentAfterSignIn(t), ["0200", "0200", "0500"], "not uploaded again at settlement");
		assert.deepEqual(t.acquirer.engine.books.settlements.at(-1)?.balanced, { domestic: true, foreign: true });
	});

	it("the upload unanswered before an online sale: the sale goes on and is approved; the offline one stays owed, goes at settlement, booked once", async () => {
		const { t, txn } = await offlineSale();
		const online = await withUploadAnswersLost(t, () => onlineSale(t));
		assert.equal(online.status, "approved", "the online sale was not held up");
		assert.equal(t.acquirer.received.at(-2)!.fields["60"]?.slice(0, 2), "36", "the upload was tried first");
		const owed = t.terminal.journal!.txn(txn.stan)!;
		assert.deepEqual([owed.uploadAnswer, owed.rrn], [undefined, ""], "still owed, no reference");
		assert.equal(t.terminal.journal!.state.reversal, undefined, "no reversal for an unanswered upload");
		const booked = bookedOf(t, txn);
		await settle(t);
		assert.deepEqual(sentAfterSignIn(t).slice(-2), ["0200", "0500"], "sent again before the 0500");
		assert.equal(bookedOf(t, txn), booked, "booked once");
		assert.equal(t.terminal.journal!.state.lastSettlement?.batch, txn.batch, "settled");
		assert.deepEqual(t.acquirer.engine.books.settlements.at(-1)?.balanced, { domestic: true, foreign: true });
	});

	it("its answer lost, the next request sends it again: the host already has it (94) and its 37 is journaled, booked once", async () => {
		const { t, txn } = await offlineSale();
		await withUploadAnswersLost(t, () => onlineSale(t));
		const booked = bookedOf(t, txn);
		assert.equal(t.terminal.journal!.txn(txn.stan)!.uploadAnswer, undefined, "owed: no answer came");
		await onlineSale(t);
		const after = t.terminal.journal!.txn(txn.stan)!;
		assert.deepEqual([after.uploadAnswer, after.rrn], ["94", booked.rrn], "the duplicate's answer names the booking");
		assert.equal(bookedOf(t, txn), booked, "booked once");
	});

	it("a refusal (05): journaled with its code, not sent again; the settlement goes on, unbalanced, the batch upload carries it (205), the slip lists it", async () => {
		const { t, txn } = await offlineSale();
		t.acquirer.override = { code: "05" };
		const online = await onlineSale(t);
		assert.equal(online.status, "approved");
		const refused = t.terminal.journal!.txn(txn.stan)!;
		assert.deepEqual([refused.uploadAnswer, refused.rrn, refused.status], ["05", "", "approved"], "refused by the host, kept");
		assert.equal(t.terminal.journal!.totals.domestic.debitFen, 12345 + 60000, "kept in the totals");
		assert.equal(t.terminal.journal!.state.reversal, undefined, "no reversal");
		await onlineSale(t);
		assert.deepEqual(sentAfterSignIn(t), ["0200", "0200", "0200"], "not sent again before the next sale");
		const paper = t.printer.paper.lines.length;
		await settle(t);
		const batchUpload = sentAfterSignIn(t).slice(3);
		assert.equal(batchUpload[0], "0500", "not sent again on its own at settlement");
		const notifications = t.acquirer.received.filter((m) => m.mti === "0320").map((m) => m.fields["60"]?.slice(8, 11));
		assert.deepEqual(notifications, ["205", "203", "203", "207"], "the IC notifications of the unbalanced batch");
		assert.deepEqual(t.acquirer.engine.books.settlements.at(-1)?.balanced, { domestic: false, foreign: true });
		assert.ok(t.terminal.journal!.counters.batch > txn.batch, "settled, the batch closed");
		const slip = t.printer.paper.lines.slice(paper).join("\n");
		// The test printer draws CJK as '#': the English half of the labels, the voucher, the code and the amount.
		assert.ok(slip.includes("(REFUSED BY HOST):"), slip);
		assert.match(slip, new RegExp(`${String(txn.stan).padStart(6, "0")} [^ ]*:05 +RMB 123\\.45`), slip);
		assert.ok(t.screen().includes("脱机交易被主机拒绝 1 笔"), t.screen());
	});

	it("at most offlineUploadsPerRequest owed uploads go before a request (1 by default, 2 set); the rest wait for later requests", async () => {
		for (const [limit, expected] of [
			[undefined, 1],
			[2, 2],
			[0, 0],
		] as const) {
			const t = await signedOnTerminal(
				{ ...PARAMS, ...(limit === undefined ? {} : { offlineUploadsPerRequest: limit }) },
				{ floorLimitFen: FLOOR_LIMIT },
			);
			for (const amount of ["100", "200", "300"]) {
				await insertedSale(t, amount, pbocDebit("approve"));
				await cardOut(t);
				t.keys("ENTER");
				await t.until(() => t.terminal.state.kind === "idle");
			}
			await onlineSale(t);
			const uploads = t.acquirer.received.filter((m) => m.fields["60"]?.startsWith("36"));
			assert.equal(uploads.length, expected, `limit ${limit}`);
			assert.deepEqual(t.terminal.journal!.uploadsOwed.length, 3 - expected, `limit ${limit}: the rest still owed`);
		}
	});

	it("a refund before the upload is refused at the original reference (脱机交易未上送), nothing sent", async () => {
		const { t } = await offlineSale();
		await refundCard(t);
		t.keys("000000000001", "ENTER");
		assert.equal(step(t), "original-rrn", t.screen());
		assert.ok(t.screen().includes("脱机交易未上送, 暂不能退货"), t.screen());
		assert.deepEqual(sentAfterSignIn(t), []);
	});

	it("a refund after the upload names the RRN it gave and the sale's date: 0220 approved, the host's offline sale refunded", async () => {
		const { t, txn } = await offlineSale();
		await onlineSale(t);
		const rrn = t.terminal.journal!.txn(txn.stan)!.rrn;
		// The sale's date as its slip shows it, the card's 9A (YYMMDD).
		const date = tlvObjects(toHex(txn.ic!.tcUploadField55)).get(0x9a)!.slice(2);
		await refundCard(t);
		t.keys(rrn, "ENTER", date, "ENTER", "2000", "ENTER");
		const refund = await lastTxn(t);
		assert.equal(refund.kind, "refund");
		assert.equal(refund.status, "approved", `${refund.responseCode}: ${t.screen()}`);
		const request = t.acquirer.received.at(-1)!;
		assert.deepEqual([request.mti, request.fields["37"]], ["0220", rrn]);
		assert.deepEqual(
			refund.original && [refund.original.stan, refund.original.rrn],
			[txn.stan, rrn],
			"the original found in the journal",
		);
		assert.equal(bookedOf(t, txn).refundedFen, 2000);
	});
});

/** An online sale: the same card over the floor limit (its ARQC), the PIN skipped, 请拔卡; its journal entry. */
async function onlineSale(t: PortableTerminal): Promise<TxnEntry> {
	await insertedSale(t, "60000", pbocDebit("approve"));
	const txn = await lastTxn(t);
	await cardOut(t);
	t.keys("ENTER");
	await t.until(() => t.terminal.state.kind === "idle");
	return txn;
}

/** `run` while each IC offline sale (60.1 36) reaches the host (booked) but its answer is lost; every other request is answered. */
async function withUploadAnswersLost<T>(t: PortableTerminal, run: () => Promise<T>): Promise<T> {
	const answering = t.acquirer.script;
	t.acquirer.script = (frame, peer) => {
		const decoded = decodeWire(frame);
		if (decoded.ok && decoded.message.fields["60"]?.startsWith("36")) return void t.acquirer.answer(frame);
		answering(frame, peer);
	};
	try {
		return await run();
	} finally {
		t.acquirer.script = answering;
	}
}

/** A refund from idle (menu 3, the supervisor's password) with the PBOC card inserted, at the original reference. */
async function refundCard(t: PortableTerminal): Promise<void> {
	t.keys("ENTER", "3", "123456", "ENTER");
	t.hal.contact!.insert(pbocDebit("approve"));
	await settled(t, "confirm-card");
	t.keys("ENTER");
	assert.equal(step(t), "original-rrn", t.screen());
}

/** The acquirer's booking of an offline approval (its batch and STAN). */
function bookedOf(t: PortableTerminal, txn: TxnEntry) {
	const booked = t.acquirer.engine.books.transactions.filter((b) => b.stan === txn.stan && b.batch === txn.batch);
	assert.equal(booked.length, 1, "booked once");
	return booked[0]!;
}
