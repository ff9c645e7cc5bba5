// Every flow that takes a card, with a chip card (issue 18), in both engines against the in-process acquirer:
// the PBOC debit card inserted and the quick-pass card tapped. A pre-authorisation and a balance inquiry run the
// kernel like the sale (field 55 with the ARQC, which the test recomputes under the card's keys and the acquirer
// verifies, 9C 03 and 31; the inquiry's tap with amount 0 and the PIN after it); a refund, a pre-authorisation void, completion and completion advice read the card
// without a cryptogram (field 22 05x/07x, 23 the PSN, no 55) and go on as with a swipe; the voids by voucher
// take no card. Each result is checked on the wire, in the acquirer's books, in the journal and on the slip.

import { assert } from "../../support/assert.js";
import { signedOnTerminal, type PortableTerminal } from "../../support/portable-terminal.js";
import { lastEntry, lastTxn, sentAfterSignIn, settled, step, tlvObjects, unansweredOnce } from "../../support/terminal-steps.js";
import { expectedAc } from "../../support/virtual-chip.js";
import { toHex as hex } from "../../support/hex.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { virtualTestCard } from "../../../host-sim/chip/virtual-test-cards.js";
import type { WireMessage } from "../../../host-sim/acquirer/wire-decoder.js";
import type { TxnEntry } from "../../../src/journal/journal-entries.js";
import { formatFen } from "../../../src/ui/amount-text.js";
import { maskPan, type Pan } from "../../../src/card/pan.js";

type Entry = "insert" | "tap";

/** The two cards: PBOC debit in the slot (PSN 01), quick-pass in the field (PSN 00). */
const CARD = {
	insert: { profile: "pboc-debit", pan: TEST_CARDS.chip.pan, psn: "01", pin: TEST_CARDS.chip.pin, mode: "05", letter: "/I" },
	tap: { profile: "quickpass", pan: TEST_CARDS.debit.pan, psn: "00", pin: TEST_CARDS.debit.pin, mode: "07", letter: "/C" },
} as const;

/** The objects a PBOC cryptogram covers, in CDOL1 order (JR/T 0025.5; host-sim/acquirer/chip-issuer.ts). */
const AC_TAGS = [0x9f02, 0x9f03, 0x9f1a, 0x95, 0x5f2a, 0x9a, 0x9c, 0x9f37];

/** The card presented at the card step: inserted, or brought into the field (where it stays until taken away). */
function present(t: PortableTerminal, entry: Entry): () => void {
	if (entry === "insert") {
		t.insert({ profile: CARD.insert.profile });
		return () => t.hal.contact!.remove();
	}
	const card = virtualTestCard({ profile: CARD.tap.profile });
	t.hal.contactless!.tap(card);
	return () => t.hal.contactless!.takeAway(card);
}

/** The flow's journal entry, approved, and its request as the acquirer received it (the last). */
async function approvedRequest(t: PortableTerminal): Promise<{ txn: TxnEntry; request: WireMessage }> {
	const txn = await lastTxn(t);
	assert.equal(txn.status, "approved", `response ${txn.responseCode}: ${t.screen()}`);
	return { txn, request: t.acquirer.received.at(-1)! };
}

/** 22 and 23 of a chip card's request: 05x or 07x (x: 1 PIN entered, 2 none), the PSN right-aligned in n3. */
function assertChipEntry(request: WireMessage, entry: Entry, pin: boolean): void {
	assert.equal(request.fields["22"], `${CARD[entry].mode}${pin ? "1" : "2"}`);
	assert.equal(request.fields["23"], CARD[entry].psn.padStart(3, "0"));
}

/** A card read without a cryptogram: the chip's 22 and 23, no field 55. */
function assertReadOnly(request: WireMessage, entry: Entry, pin: boolean): void {
	assertChipEntry(request, entry, pin);
	assert.equal(request.fields["55"], undefined, "no field 55 without a cryptogram");
}

/** Field 55 carries an ARQC that the card's keys give over the data it covers, and 9C is `type`. */
function assertArqc(request: WireMessage, entry: Entry, type: string): void {
	const o = tlvObjects(request.fields["55"]);
	assert.equal(o.get(0x9c), type, `9C in ${request.fields["55"]}`);
	assert.equal(o.get(0x9f27)?.slice(0, 1), "8", "9F27: an ARQC");
	const acData = AC_TAGS.map((tag) => o.get(tag) ?? "000000000000").join("");
	const arqc = expectedAc(CARD[entry].pan, CARD[entry].psn, acData, o.get(0x82)!, o.get(0x9f36)!, o.get(0x9f10)!);
	assert.equal(o.get(0x9f26), arqc, "the ARQC is the card's over the request's data");
}

/** After the result: 请拔卡 for an inserted card (nothing printed yet), the card out, the result notice. */
async function cardOut(t: PortableTerminal, entry: Entry, remove: () => void): Promise<void> {
	if (entry === "insert") {
		await t.until(() => step(t) === "remove-card");
		assert.ok(t.screen().includes("请拔卡"), t.screen());
	}
	remove();
	await t.until(() => t.terminal.state.kind === "notice");
}

/** What the printer has printed since line `from` (the paper's length before the flow). */
function printedSince(t: PortableTerminal, from: number): string {
	return t.printer.paper.lines.slice(from).join("\n");
}

/**
 * A flow with its amount first from the menu (sale ["1"], pre-authorisation ["5", "1"]): the card presented and
 * confirmed, `pin` entered when the card asks for an online PIN (the tap is under the no-CVM limit). Gives the card's
 * removal.
 */
async function kernelFlow(
	t: PortableTerminal,
	entry: Entry,
	menu: readonly string[],
	amount: string,
	pin: string = CARD.insert.pin,
): Promise<() => void> {
	t.keys("ENTER", ...menu, amount, "ENTER");
	const remove = present(t, entry);
	await settled(t, "confirm-card");
	t.keys("ENTER");
	if (entry === "insert") {
		await settled(t, "pin");
		t.keys(pin, "ENTER");
	}
	return remove;
}

/** `kernelFlow` approved: its journal entry; the card out, back at idle. */
async function approved(t: PortableTerminal, entry: Entry, menu: readonly string[], amount: string): Promise<TxnEntry> {
	const remove = await kernelFlow(t, entry, menu, amount);
	const { txn } = await approvedRequest(t);
	await cardOut(t, entry, remove);
	t.keys("ENTER");
	return txn;
}

/** A pre-authorisation of `amount` (预授权), approved. */
function preAuth(t: PortableTerminal, entry: Entry, amount: string): Promise<TxnEntry> {
	return approved(t, entry, ["5", "1"], amount);
}

/** A flow from the menu that reads the card first (`menu` keys, then the supervisor's password when asked). */
async function readCardFlow(t: PortableTerminal, entry: Entry, menu: readonly string[]): Promise<() => void> {
	t.keys("ENTER", ...menu);
	if (step(t) === "supervisor") t.keys("123456", "ENTER");
	assert.equal(step(t), "card", t.screen());
	const remove = present(t, entry);
	await settled(t, "confirm-card");
	assert.ok(t.screen().includes(maskPan(CARD[entry].pan as Pan)), t.screen());
	t.keys("ENTER");
	return remove;
}

/**
 * 余额查询 from the menu: no amount, so the card is presented at once (a tap's GPO with 9F02 = 0), confirmed, then the
 * PIN whatever the no-CVM limit (after a tap the card has left the field: the PIN goes online). Waits for the result:
 * 请拔卡 for an inserted card, the notice for a tap. Gives the card's removal.
 */
async function balanceInquiry(t: PortableTerminal, entry: Entry): Promise<() => void> {
	t.keys("ENTER", "4");
	assert.equal(step(t), "card");
	const remove = present(t, entry);
	await settled(t, "confirm-card");
	t.keys("ENTER");
	await settled(t, "pin");
	t.keys(CARD[entry].pin, "ENTER");
	await t.until(() => (entry === "insert" ? step(t) === "remove-card" : t.terminal.state.kind === "notice"));
	return remove;
}

describe("chip cards in every flow that takes a card (issue 18)", () => {
	for (const entry of ["insert", "tap"] as const) {
		it(`pre-authorisation by ${entry}: 0100 with field 55 (9C 03, ARQC verified), approved, IC data journaled and on the slip`, async () => {
			const t = await signedOnTerminal();
			const txn = await preAuth(t, entry, "1000");
			assert.deepEqual(sentAfterSignIn(t), ["0100"]);
			const request = t.acquirer.received.at(-1)!;
			assert.equal(request.fields["3"], "030000");
			assertChipEntry(request, entry, entry === "insert");
			assertArqc(request, entry, "03");
			// The acquirer holds the amount on the card's account.
			const held = t.acquirer.engine.books.transactions.find((r) => r.stan === txn.stan)!;
			assert.deepEqual([held.kind, held.status, held.amountFen], ["preauth", "approved", 1000]);
			assert.equal(txn.kind, "preauth");
			assert.equal(txn.entryMode, entry);
			const ic = txn.ic!;
			assert.ok(ic, "IC data journaled");
			// Inserted: the TC of the second GENERATE AC; tapped: the GPO's ARQC (JR/T 0025.12), 免密 under the limit.
			assert.equal(ic.cryptogramType, entry === "insert" ? "TC" : "ARQC");
			assert.equal(ic.cvm, entry === "insert" ? "online-pin" : "no-cvm");
			const paper = printedSince(t, 0);
			assert.ok(paper.includes("AUTH") && paper.includes(CARD[entry].letter), paper);
			assert.ok(paper.includes(`${ic.cryptogramType}:${hex(ic.cryptogram)}`) && paper.includes(hex(ic.aid)), paper);
			t.terminal.stop();
		});

		it(`pre-authorisation then its completion with the card by ${entry}: 0200 with 22 ${CARD[entry].mode}x, 23, no field 55; the hold completed`, async () => {
			const t = await signedOnTerminal();
			const auth = await preAuth(t, entry, "1000");
			const printed = t.printer.paper.lines.length;
			const remove = await readCardFlow(t, entry, ["5", "3"]);
			t.keys(auth.authCode, "ENTER", auth.hostDate.slice(-4), "ENTER", "900", "ENTER");
			// The completion's PIN step as for a swipe (pin-policy.ts: bypass allowed), not the kernel's CVM list.
			await settled(t, "pin");
			t.keys(CARD[entry].pin, "ENTER");
			const { txn, request } = await approvedRequest(t);
			assert.deepEqual(sentAfterSignIn(t), ["0100", "0200"]);
			assert.deepEqual([request.fields["3"], request.fields["38"], request.fields["4"]], ["000000", auth.authCode, "000000000900"]);
			assertReadOnly(request, entry, true);
			assert.ok(request.fields["35"] !== undefined && request.fields["2"] === CARD[entry].pan, "57 as track 2, and the PAN");
			const books = t.acquirer.engine.books.transactions;
			assert.equal(books.find((r) => r.stan === auth.stan)!.closedBy, "completion");
			const completed = books.find((r) => r.stan === txn.stan)!;
			assert.deepEqual([completed.kind, completed.pan], ["preauth-completion", CARD[entry].pan]);
			assert.deepEqual([txn.kind, txn.entryMode, txn.ic], ["completion", entry, undefined]);
			await cardOut(t, entry, remove);
			const paper = printedSince(t, printed);
			assert.ok(paper.includes("AUTH COMPLETE") && paper.includes(CARD[entry].letter), paper);
			assert.ok(!paper.includes("TC:") && !paper.includes("ARQC:"), "no IC data without a cryptogram");
			t.terminal.stop();
		});

		it(`pre-authorisation void and completion advice with the card by ${entry}: 0100 200000 and 0220, no field 55`, async () => {
			const t = await signedOnTerminal();
			const voided = await preAuth(t, entry, "700");
			let remove = await readCardFlow(t, entry, ["5", "2"]);
			t.keys(voided.authCode, "ENTER", voided.hostDate.slice(-4), "ENTER", "700", "ENTER");
			const { txn: voidTxn, request } = await approvedRequest(t);
			assert.deepEqual([request.mti, request.fields["3"], request.fields["38"]], ["0100", "200000", voided.authCode]);
			assertReadOnly(request, entry, false);
			assert.deepEqual([voidTxn.kind, voidTxn.entryMode], ["preauth-void", entry]);
			await cardOut(t, entry, remove);
			t.keys("ENTER");
			const advised = await preAuth(t, entry, "500");
			const printed = t.printer.paper.lines.length;
			remove = await readCardFlow(t, entry, ["5", "4"]);
			t.keys(advised.authCode, "ENTER", advised.hostDate.slice(-4), "ENTER", "500", "ENTER");
			const { txn: advice, request: sent } = await approvedRequest(t);
			assert.deepEqual([sent.mti, sent.fields["60"]?.slice(0, 2)], ["0220", "24"]);
			assertReadOnly(sent, entry, false);
			assert.deepEqual(sentAfterSignIn(t), ["0100", "0100", "0100", "0220"]);
			assert.deepEqual([advice.kind, advice.entryMode], ["completion-advice", entry]);
			await cardOut(t, entry, remove);
			const paper = printedSince(t, printed);
			assert.ok(paper.includes("AUTH COMPLETE") && paper.includes(CARD[entry].letter), paper);
			t.terminal.stop();
		});

		it(`a chip sale refunded with the card by ${entry}: 0220 200000 with 22 ${CARD[entry].mode}2, 23, no field 55, the original's 37 and date`, async () => {
			const t = await signedOnTerminal();
			const sale = await approved(t, entry, ["1"], "2000");
			const printed = t.printer.paper.lines.length;
			const remove = await readCardFlow(t, entry, ["3"]);
			t.keys(sale.rrn, "ENTER", sale.hostDate.slice(-4), "ENTER", "800", "ENTER");
			const { txn: refund, request } = await approvedRequest(t);
			assert.deepEqual(sentAfterSignIn(t), ["0200", "0220"]);
			assert.deepEqual([request.fields["3"], request.fields["37"], request.fields["4"]], ["200000", sale.rrn, "000000000800"]);
			assertReadOnly(request, entry, false);
			assert.equal(t.acquirer.engine.books.transactions.find((r) => r.stan === sale.stan)!.refundedFen, 800);
			assert.deepEqual([refund.kind, refund.entryMode, refund.ic], ["refund", entry, undefined]);
			await cardOut(t, entry, remove);
			const paper = printedSince(t, printed);
			assert.ok(paper.includes("REFUND") && paper.includes(CARD[entry].letter) && !paper.includes("TC:"), paper);
			t.terminal.stop();
		});
	}

	it("the card read for a refund may come out before the online step: the refund goes on as a swipe's, no 请拔卡", async () => {
		const t = await signedOnTerminal();
		const sale = await approved(t, "insert", ["1"], "2000");
		const remove = await readCardFlow(t, "insert", ["3"]);
		remove();
		t.keys(sale.rrn, "ENTER", sale.hostDate.slice(-4), "ENTER", "500", "ENTER");
		const { request } = await approvedRequest(t);
		assertReadOnly(request, "insert", false);
		await t.until(() => t.terminal.state.kind === "notice");
		assert.ok(t.screen().includes("交易成功"), t.screen());
		t.terminal.stop();
	});

	for (const entry of ["insert", "tap"] as const) {
		it(`balance inquiry with the card by ${entry}: 0200 310000, field 55 with 9C 31 and the ARQC, the PIN, the balance shown`, async () => {
			const t = await signedOnTerminal();
			const remove = await balanceInquiry(t, entry);
			assert.deepEqual(sentAfterSignIn(t), ["0200"]);
			const request = t.acquirer.received.at(-1)!;
			assert.deepEqual([request.fields["3"], request.fields["4"]], ["310000", undefined]);
			assert.ok(request.fields["52"] !== undefined, "the PIN block");
			assertChipEntry(request, entry, true);
			assertArqc(request, entry, "31");
			assert.equal(tlvObjects(request.fields["55"]).get(0x9f02), "000000000000");
			await cardOut(t, entry, remove);
			const account = t.acquirer.engine.books.accounts[CARD[entry].pan]!;
			assert.ok(t.screen().includes(formatFen(account.balanceFen - account.heldFen)), t.screen());
			assert.equal(t.terminal.journal!.counters.lastStan, 0, "an inquiry is not journaled");
			assert.equal(t.printer.paper.lines.length, 0, "nor printed");
			t.terminal.stop();
		});

		it(`balance inquiry by ${entry} the host does not answer: the failure shown, nothing reversed, nothing journaled`, async () => {
			const t = await signedOnTerminal();
			unansweredOnce(t);
			await cardOut(t, entry, await balanceInquiry(t, entry));
			assert.ok(t.screen().includes("主机应答超时") && !t.screen().includes("冲正"), t.screen());
			assert.deepEqual(sentAfterSignIn(t), [], "the unanswered 0200 is not in the books, and no 0400 follows");
			assert.equal(t.terminal.journal!.counters.lastStan, 0);
			t.terminal.stop();
		});
	}

	it("a pre-authorisation the card declines (wrong ARPC): 卡片拒绝, reversed with the kernel's field 55", async () => {
		const t = await signedOnTerminal();
		t.acquirer.override = { badArpc: true };
		const remove = await kernelFlow(t, "insert", ["5", "1"], "1000");
		await cardOut(t, "insert", remove);
		assert.ok(t.screen().includes("卡片拒绝"), t.screen());
		assert.deepEqual(sentAfterSignIn(t), ["0100", "0400"]);
		const reversal = t.acquirer.received.at(-1)!;
		assert.deepEqual([reversal.fields["3"], reversal.fields["39"], reversal.fields["22"]], ["030000", "06", "051"]);
		assert.deepEqual([...tlvObjects(reversal.fields["55"]).keys()], [0x95, 0x9f1e, 0x9f10, 0x9f36]);
		assert.equal(lastEntry(t).status, "reversed");
		assert.equal(t.acquirer.engine.books.accounts[CARD.insert.pan]!.heldFen, 0, "the hold released");
		t.terminal.stop();
	});

	it("no answer to a chip pre-authorisation: the card told (Z3), reversed (98) with the kernel's field 55", async () => {
		const t = await signedOnTerminal();
		// The 0100 reaches a host that never answers; the reversal after the timeout is answered.
		unansweredOnce(t);
		const remove = await kernelFlow(t, "insert", ["5", "1"], "1000");
		await cardOut(t, "insert", remove);
		assert.deepEqual(sentAfterSignIn(t), ["0400"], "the unanswered 0100 is not in the acquirer's books");
		const reversal = t.acquirer.received.at(-1)!;
		assert.deepEqual([reversal.fields["3"], reversal.fields["39"], reversal.fields["25"]], ["030000", "98", "06"]);
		assert.deepEqual([...tlvObjects(reversal.fields["55"]).keys()], [0x95, 0x9f1e, 0x9f10, 0x9f36]);
		assert.deepEqual([lastEntry(t).kind, lastEntry(t).status], ["preauth", "reversed"]);
		t.terminal.stop();
	});

	it("a wrong PIN on a chip pre-authorisation: 55 ends the card's transaction (密码错误 after 请拔卡), no retry with the spent card", async () => {
		const t = await signedOnTerminal();
		const remove = await kernelFlow(t, "insert", ["5", "1"], "1000", "999999");
		await cardOut(t, "insert", remove);
		assert.ok(t.screen().includes("密码错误"), t.screen());
		assert.deepEqual(sentAfterSignIn(t), ["0100"]);
		assert.deepEqual([lastEntry(t).status, lastEntry(t).responseCode], ["declined", "55"]);
		t.terminal.stop();
	});

	it("a chip sale voided by its voucher: the void takes no card (the original's PAN from the journal, 22 012), approved", async () => {
		const t = await signedOnTerminal();
		const sale = await approved(t, "insert", ["1"], "3000");
		t.keys("ENTER", "2", "123456", "ENTER", String(sale.stan), "ENTER");
		assert.equal(step(t), "confirm-original", t.screen());
		t.keys("ENTER");
		const { request } = await approvedRequest(t);
		assert.deepEqual([request.fields["3"], request.fields["2"], request.fields["22"]], ["200000", CARD.insert.pan, "012"]);
		assert.equal(request.fields["55"], undefined);
		assert.equal(t.terminal.journal!.txn(sale.stan)!.voided, true);
		t.terminal.stop();
	});
});
