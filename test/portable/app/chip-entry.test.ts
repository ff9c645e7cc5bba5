// Insert and tap at the card step (src/app/chip-entry.ts) with the simulator's virtual cards, in both engines: the
// card prompt names the readers, a sale from the menu takes the amount first, a card from idle starts one card
// first, a chip that cannot be read gives 芯片读卡失败 and lets its swipe be the fallback (field 22 = 02) when
// the acquirer allows it, the card's applications are offered to the cardholder, and a card taken out while
// it is read ends the flow with nothing sent; the contactless field is polled only at a card step with the
// amount (in a sale), and two cards in it are a collision. The other flows: chip-flows.test.ts.

import { assert } from "../../support/assert.js";
import { signedOnTerminal, type PortableTerminal } from "../../support/portable-terminal.js";
import { lastTxn, sentAfterSignIn, settled, step, tlvObjects, unansweredOnce } from "../../support/terminal-steps.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { decodeTlv } from "../../../src/emv/tlv.js";
import { hex as fromHex, toHex as hex } from "../../support/hex.js";

const toHexOr = (bytes: Uint8Array | undefined) => (bytes ? hex(bytes) : "none");

/** A sale of 10.00 from the menu with the PBOC debit card inserted, its number confirmed: at the online PIN. */
async function atPinStep(): Promise<PortableTerminal> {
	const t = await signedOnTerminal();
	t.keys("ENTER", "1", "1000", "ENTER");
	t.insert({ profile: "pboc-debit" });
	await settled(t, "confirm-card");
	assert.ok(t.screen().includes("622609******0111"), t.screen());
	t.keys("ENTER");
	await settled(t, "pin");
	return t;
}

describe("insert and tap at the card step (issue 18)", () => {
	it("asks for the amount first from the menu, then names insert, swipe and tap", async () => {
		const t = await signedOnTerminal();
		assert.ok(t.screen().includes("请插卡或刷卡或挥卡"), t.screen());
		t.keys("ENTER", "1");
		assert.equal(step(t), "amount");
		t.keys("1000", "ENTER");
		assert.equal(step(t), "card");
		assert.ok(t.screen().includes("10.00") && t.screen().includes("请插卡或刷卡或挥卡"), t.screen());
		t.terminal.stop();
	});

	it("a mute chip: 芯片读卡失败, then the chip card's swipe is the fallback and is approved with field 22 = 02 and 60.5 = 1", async () => {
		const t = await signedOnTerminal({ fallbackAllowed: true });
		t.keys("ENTER", "1", "1000", "ENTER");
		t.swipe("chip");
		assert.ok(t.screen().includes("请使用芯片"), `a chip card's swipe goes to the chip first: ${t.screen()}`);
		t.insert({ profile: "pboc-debit", fault: "mute" });
		await settled(t, "card");
		assert.ok(t.screen().includes("芯片读卡失败"), t.screen());
		t.swipe("chip");
		assert.equal(step(t), "confirm-card");
		t.keys("ENTER");
		await settled(t, "pin");
		t.keys(TEST_CARDS.chip.pin, "ENTER");
		const txn = await lastTxn(t);
		assert.equal(txn.status, "approved", `response ${txn.responseCode}`);
		assert.equal(txn.entryMode, "fallback");
		assert.deepEqual(sentAfterSignIn(t), ["0200"]);
		t.terminal.stop();
	});

	it("without fallbackAllowed the swipe after a failed chip read is still refused", async () => {
		const t = await signedOnTerminal();
		t.keys("ENTER", "1", "1000", "ENTER");
		t.insert({ profile: "pboc-debit", fault: "wrong-atr" });
		await settled(t, "card");
		assert.ok(t.screen().includes("芯片读卡失败"), t.screen());
		t.swipe("chip");
		assert.ok(t.screen().includes("请使用芯片"), t.screen());
		assert.deepEqual(sentAfterSignIn(t), [], "nothing sent");
		t.terminal.stop();
	});

	it("a card inserted at idle starts a sale; a card with two applications offers both to the cardholder", async () => {
		const t = await signedOnTerminal();
		t.insert({ profile: "pboc-credit" });
		await settled(t, "app-select");
		const s = t.terminal.state;
		assert.ok(s.kind === "txn" && s.draft.flow === "sale", "a sale begun by the card");
		// By priority (87 b4–b1): QUASI CREDIT 1 (with confirmation), PBOC CREDIT 2.
		assert.ok(t.screen().includes("1 QUASI CREDIT") && t.screen().includes("2 PBOC CREDIT"), t.screen());
		t.keys("CANCEL");
		assert.ok(t.screen().includes("交易取消"), t.screen());
		t.terminal.stop();
	});

	it("a card taken out while it is read ends the flow; a blocked card is named", async () => {
		const t = await signedOnTerminal();
		t.keys("ENTER", "1", "1000", "ENTER");
		t.insert({ profile: "pboc-debit", fault: "removed" });
		await t.until(() => t.terminal.state.kind === "notice");
		assert.ok(t.screen().includes("卡片已拔出"), t.screen());
		t.keys("ENTER");
		t.keys("ENTER", "1", "1000", "ENTER");
		t.insert({ profile: "pboc-debit", fault: "blocked" });
		await t.until(() => t.terminal.state.kind === "notice");
		assert.ok(t.screen().includes("卡片已锁定"), t.screen());
		assert.deepEqual(sentAfterSignIn(t), [], "nothing sent");
		t.terminal.stop();
	});

	it("taps while the card step waits with the amount: two cards are a collision, 请只出示一张卡", async () => {
		const t = await signedOnTerminal();
		t.keys("ENTER", "1", "1000", "ENTER");
		t.tap({ profile: "quickpass" });
		t.tap({ profile: "quickpass" });
		await t.until(() => t.screen().includes("请只出示一张卡"));
		assert.equal(step(t), "card");
		assert.deepEqual(sentAfterSignIn(t), [], "nothing sent");
		t.terminal.stop();
	});

	it("quick-pass under the no-CVM limit (免密免签): polled once the amount is known, no PIN, approved online, journaled as 挥卡", async () => {
		const t = await signedOnTerminal();
		t.tap({ profile: "quickpass" });
		t.keys("ENTER", "1");
		t.clock.advance(2000);
		await t.until(() => !t.terminal.busy);
		assert.equal(step(t), "amount", "a card in the field at the amount step is not read");
		t.keys("1000", "ENTER");
		await settled(t, "confirm-card");
		t.keys("ENTER");
		const txn = await lastTxn(t);
		assert.equal(txn.status, "approved", `response ${txn.responseCode}: ${t.screen()}`);
		assert.equal(txn.entryMode, "tap");
		assert.deepEqual(sentAfterSignIn(t), ["0200"]);
		// qPBOC online: the GPO's ARQC is the final cryptogram, no CVM (免密免签).
		assert.equal(txn.ic?.cryptogramType, "ARQC");
		assert.equal(txn.ic?.cvm, "no-cvm");
		// A tap: no 请拔卡, the slip at once.
		await t.until(() => t.terminal.state.kind === "notice");
		const paper = t.printer.paper.lines.join("\n");
		assert.ok(paper.includes(`ARQC:${toHexOr(txn.ic?.cryptogram)}`) && paper.includes("NO PIN OR SIGNATURE REQUIRED"), paper);
		t.terminal.stop();
	});

	it("quick-pass over the no-CVM limit: the online PIN is asked, then approved", async () => {
		const t = await signedOnTerminal();
		t.keys("ENTER", "1", "150000", "ENTER");
		t.tap({ profile: "quickpass" });
		await settled(t, "confirm-card");
		t.keys("ENTER");
		await settled(t, "pin");
		t.keys(TEST_CARDS.debit.pin, "ENTER");
		assert.equal((await lastTxn(t)).status, "approved", t.screen());
		t.terminal.stop();
	});

	it("a PBOC debit card inserted: online PIN, field 55 with the ARQC verified by the acquirer, approved, journaled as 插卡", async () => {
		const t = await atPinStep();
		t.keys(TEST_CARDS.chip.pin, "ENTER");
		const txn = await lastTxn(t);
		assert.equal(txn.status, "approved", `response ${txn.responseCode}: ${t.screen()}`);
		assert.equal(txn.entryMode, "insert");
		assert.deepEqual(sentAfterSignIn(t), ["0200"]);
		// The IC data, journaled with the approval and read back from flash: the TC of the second GENERATE AC.
		const ic = txn.ic!;
		assert.ok(ic, "IC data journaled");
		assert.equal(hex(ic.aid).slice(0, 10), "A000000333");
		assert.equal(ic.cryptogramType, "TC");
		assert.equal(ic.cvm, "online-pin");
		assert.deepEqual([ic.tvr.length, ic.tsi.length, ic.atc.length, ic.unpredictableNumber.length, ic.aip.length], [5, 2, 2, 4, 2]);
		const upload = decodeTlv(ic.tcUploadField55);
		assert.ok(upload.ok);
		const tags = upload.value.map((o) => o.tag);
		assert.equal(hex(upload.value.find((o) => o.tag === 0x9f26)!.value), hex(ic.cryptogram), "the TC upload carries the TC");
		assert.equal(hex(upload.value.find((o) => o.tag === 0x9f27)!.value), "40");
		assert.ok(!tags.includes(0x57) && !tags.includes(0x5a) && !tags.includes(0x99), "no track 2, PAN or PIN data");
		// 请拔卡 before the slip: nothing printed until the card is out.
		assert.equal(step(t), "remove-card");
		assert.ok(t.screen().includes("请拔卡"), t.screen());
		t.clock.advance(120_000);
		await t.until(() => !t.terminal.busy);
		assert.equal(step(t), "remove-card", "no timeout: the terminal waits for the card");
		assert.ok(!t.printer.paper.lines.join("\n").includes("TC:"), "no slip before the card is out");
		t.hal.contact!.remove();
		// The slip printed through the flow carries the IC data (slip-data-from-journal.ts → transaction-slip.ts).
		await t.until(() => t.terminal.state.kind === "notice");
		const paper = t.printer.paper.lines.join("\n");
		assert.ok(paper.includes(`TC:${hex(ic.cryptogram)}`), paper);
		assert.ok(paper.includes(hex(ic.aid)) && paper.includes(hex(ic.tvr)) && paper.includes(hex(ic.unpredictableNumber)), paper);
		assert.ok(paper.includes(ic.label), paper);
		t.terminal.stop();
	});

	it("host approves, the card declines (wrong ARPC: issuer authentication fails, AAC): 卡片拒绝 and the sale is reversed", async () => {
		const t = await atPinStep();
		t.acquirer.override = { badArpc: true };
		t.keys(TEST_CARDS.chip.pin, "ENTER");
		await t.until(() => step(t) === "remove-card");
		t.hal.contact!.remove();
		await t.until(() => t.terminal.state.kind === "notice");
		assert.ok(t.screen().includes("卡片拒绝"), t.screen());
		const journal = t.terminal.journal!;
		assert.equal(journal.txn(journal.counters.lastStan)!.status, "reversed");
		assert.deepEqual(sentAfterSignIn(t), ["0200", "0400"]);
		// On the wire, the 0400's field 55 is the kernel's reversal list after the card's completion, not the sale's copy.
		const [sale, reversal] = t.acquirer.received.slice(-2);
		const sent = tlvObjects(sale!.fields["55"]);
		const reversed = tlvObjects(reversal!.fields["55"]);
		assert.equal(reversal!.mti, "0400");
		assert.deepEqual([...reversed.keys()], [0x95, 0x9f1e, 0x9f10, 0x9f36], reversal!.fields["55"]);
		assert.ok(sent.has(0x9f26) && !reversed.has(0x9f26), "the sale's cryptogram is not repeated");
		// TVR byte 5 b7: issuer authentication failed, known only after the host's answer (EMV Book 3 Annex C5).
		assert.equal(Number.parseInt(sent.get(0x95)!.slice(8), 16) & 0x40, 0);
		assert.equal(Number.parseInt(reversed.get(0x95)!.slice(8), 16) & 0x40, 0x40);
		t.terminal.stop();
	});

	it("no answer to a chip sale: the card is told (Z3) and the reversal (98) carries the kernel's field 55", async () => {
		const t = await atPinStep();
		// The 0200 reaches a host that never answers; the reversal after the timeout is answered.
		unansweredOnce(t);
		t.keys(TEST_CARDS.chip.pin, "ENTER");
		await t.until(() => step(t) === "remove-card");
		t.hal.contact!.remove();
		await t.until(() => t.terminal.state.kind === "notice");
		assert.deepEqual(sentAfterSignIn(t), ["0400"], "the unanswered 0200 is not in the acquirer's books");
		const reversal = t.acquirer.received.at(-1)!;
		assert.equal(reversal.fields["39"], "98");
		const tlv = decodeTlv(fromHex(reversal.fields["55"] ?? ""));
		assert.ok(tlv.ok);
		assert.deepEqual(
			tlv.value.map((o) => o.tag),
			[0x95, 0x9f1e, 0x9f10, 0x9f36],
		);
		const journal = t.terminal.journal!;
		assert.equal(journal.txn(journal.counters.lastStan)!.status, "reversed");
		t.terminal.stop();
	});

	it("settlement not balanced: the chip sale goes up alone with its TC (0320, 60.3 203), matched by the acquirer", async () => {
		const t = await atPinStep();
		t.keys(TEST_CARDS.chip.pin, "ENTER");
		const txn = await lastTxn(t);
		t.hal.contact!.remove();
		await t.until(() => t.terminal.state.kind === "notice");
		t.keys("ENTER");
		// The host's books lose the approval, so its totals and the terminal's disagree.
		const record = t.acquirer.engine.books.transactions.find((r) => r.stan === txn.stan)!;
		(record as { status: string }).status = "reversed";
		t.keys("ENTER", "6", "ENTER");
		await t.until(() => t.terminal.state.kind === "notice" && !t.terminal.busy);
		assert.ok(t.screen().includes("已批上送 1 笔"), t.screen());
		const uploads = t.acquirer.received.filter((m) => m.mti === "0320");
		assert.deepEqual(
			uploads.map((m) => m.fields["60"]?.slice(8, 11)),
			["203", "207"],
		);
		assert.equal(uploads[0]!.fields["61"], `${String(txn.batch).padStart(6, "0")}${String(txn.stan).padStart(6, "0")}`);
		assert.equal(record.cryptogram, `TC ${hex(txn.ic!.cryptogram)}`, "the acquirer matched the upload to its sale and kept the TC");
		t.terminal.stop();
	});

	it("the card taken out at the PIN step: the flow ends before anything is sent", async () => {
		const t = await atPinStep();
		t.hal.contact!.remove();
		t.keys(TEST_CARDS.chip.pin, "ENTER");
		await t.until(() => t.terminal.state.kind === "notice");
		assert.deepEqual(sentAfterSignIn(t), [], "nothing sent");
		t.terminal.stop();
	});

	it("a card inserted at idle: card first, then the amount (GPO with 0, GENERATE AC with the amount), approved for it", async () => {
		const t = await signedOnTerminal();
		t.insert({ profile: "pboc-debit" });
		await settled(t, "confirm-card");
		t.keys("ENTER");
		assert.equal(step(t), "amount");
		t.keys("2500", "ENTER");
		await settled(t, "pin");
		t.keys(TEST_CARDS.chip.pin, "ENTER");
		const txn = await lastTxn(t);
		assert.equal(txn.status, "approved", `response ${txn.responseCode}`);
		assert.equal(txn.amountFen, 2500);
		t.terminal.stop();
	});
});
