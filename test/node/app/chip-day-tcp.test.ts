// A day of chip flows end to end, once with the card inserted and once tapped (issue 18 item 8): the scripted
// terminal, ISO 8583 over TCP to the acquirer simulator on 127.0.0.1. A sale, its void by voucher, a second
// sale refunded with the card, a pre-authorisation and its completion with the card, a balance inquiry (the
// PIN, 9C 31, the balance shown), then the settlement. The host verifies every cryptogram it is sent (A7
// otherwise) and its books must balance with the terminal's.

import { strict as assert } from "node:assert";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { decodeTlv, findTlv } from "../../../src/emv/tlv.js";
import { bytesToHex, hexToBytes } from "../../../src/factory/hex-text.js";
import type { TxnEntry } from "../../../src/journal/journal-entries.js";
import { formatFen } from "../../../src/ui/amount-text.js";
import { pinPause, signedOnEachTest } from "../support/terminal-on-host.js";
import type { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";

type Entry = "insert" | "tap";

/** The PBOC debit card in the slot (PIN online), the QuickPass card in the field (no CVM under its limit). */
const CARD = {
	insert: { profile: "pboc-debit", pan: TEST_CARDS.chip.pan, pin: TEST_CARDS.chip.pin, mode: "05" },
	tap: { profile: "quickpass", pan: TEST_CARDS.debit.pan, pin: TEST_CARDS.debit.pin, mode: "07" },
} as const;

/** The card presented at the card step and confirmed; an inserted card's PIN entered when asked. */
async function present(session: ScriptedTerminal, entry: Entry, pin: boolean): Promise<void> {
	if (entry === "insert") session.insert({ profile: CARD.insert.profile });
	else await session.tap({ profile: CARD.tap.profile });
	await session.settle();
	assert.ok(session.screen().includes(CARD[entry].pan.slice(0, 6)), session.screen());
	session.keys("ENTER");
	if (pin && entry === "insert") {
		await session.settle();
		await pinPause(session);
		session.keys(CARD.insert.pin, "ENTER");
	}
}

/** The result on screen: 请拔卡 and the card out first for an inserted card. */
async function result(session: ScriptedTerminal, entry: Entry, what: string): Promise<void> {
	await session.settle();
	if (entry === "insert") {
		assert.ok(session.screen().includes("请拔卡"), `${what}: ${session.screen()}`);
		session.removeCard();
		await session.settle();
	}
	await session.until(() => session.terminal.state.kind === "notice", `${what}'s result`);
}

/** The result: 请拔卡 and the card out for an inserted card; 交易成功; back to idle. */
async function succeeded(session: ScriptedTerminal, entry: Entry, what: string): Promise<TxnEntry> {
	await result(session, entry, what);
	assert.ok(session.screen().includes("交易成功"), `${what}: ${session.screen()}`);
	session.keys("ENTER");
	const journal = session.terminal.journal!;
	return journal.txn(journal.counters.lastStan)!;
}

/** The last request the host took and its answer. */
function exchange(host: AcquirerHost, mti: string): { request: Record<string, string>; answer: Record<string, string> } {
	const inbound = host.log.entries.filter((e) => e.direction === "in" && e.mti === mti).at(-1);
	const outbound = host.log.entries.filter((e) => e.direction === "out" && e.mti === `${mti.slice(0, 2)}${Number(mti[2]) + 1}0`).at(-1);
	assert.ok(inbound?.fields && outbound?.fields, `no ${mti} exchange`);
	return { request: inbound.fields as Record<string, string>, answer: outbound.fields as Record<string, string> };
}

/** The cryptogram type (9F27's two high bits) and the 9C of a field 55. */
function cryptogram(field55: string | undefined): { type: number; txnType: string } {
	const tlv = decodeTlv(hexToBytes(field55 ?? "") ?? new Uint8Array(0));
	assert.ok(tlv.ok, `field 55 ${field55}`);
	const cid = findTlv(tlv.value, 0x9f27)?.value[0];
	assert.ok(cid !== undefined, `no 9F27 in ${field55}`);
	return { type: cid & 0xc0, txnType: bytesToHex(findTlv(tlv.value, 0x9c)?.value ?? new Uint8Array(0)) };
}

describe("a day of chip flows over TCP, inserted and tapped (issue 18)", () => {
	const rig = signedOnEachTest();

	for (const entry of ["insert", "tap"] as const) {
		it(`by ${entry}: sale, void, refund with the card, pre-auth and completion with the card, balance inquiry, settlement balanced`, async () => {
			const { session, host } = rig;
			const { pan, mode } = CARD[entry];
			const opening = host.books.accounts[pan]!.balanceFen;

			// Sale of 30.00: an ARQC (9C 00) the host verifies, answered with its ARPC.
			session.keys("ENTER", "1", "3000", "ENTER");
			await present(session, entry, true);
			const voided = await succeeded(session, entry, "the first sale");
			const first = exchange(host, "0200");
			assert.deepEqual([first.request["3"], first.request["22"]!.slice(0, 2), first.answer["39"]], ["000000", mode, "00"]);
			// 60.4: the terminal reads contact and contactless IC (6); 60.5: no fallback (0).
			assert.equal(first.request["60"]!.slice(11, 13), "60", `field 60 ${first.request["60"]}`);
			assert.deepEqual(cryptogram(first.request["55"]), { type: 0x80, txnType: "00" });
			assert.ok(first.answer["55"]?.startsWith("91"), "the ARPC in 91");
			assert.deepEqual([voided.status, voided.entryMode], ["approved", entry]);

			// Its void by voucher (supervisor 123456): no card, 37 of the sale.
			session.keys("ENTER", "2", "123456", "ENTER", String(voided.stan), "ENTER", "ENTER");
			await session.until(() => session.terminal.state.kind === "notice", "the void's result");
			assert.ok(session.screen().includes("交易成功"), session.screen());
			session.keys("ENTER");
			const voidRequest = exchange(host, "0200");
			assert.deepEqual([voidRequest.request["3"], voidRequest.request["37"], voidRequest.answer["39"]], ["200000", voided.rrn, "00"]);
			assert.equal(session.terminal.journal!.txn(voided.stan)!.voided, true);

			// Sale of 20.00, refunded 8.00 with the card read again (no cryptogram, 0220 200000).
			session.keys("ENTER", "1", "2000", "ENTER");
			await present(session, entry, true);
			const sale = await succeeded(session, entry, "the second sale");
			session.keys("ENTER", "3", "123456", "ENTER");
			await present(session, entry, false);
			session.keys(sale.rrn, "ENTER", sale.hostDate.slice(-4), "ENTER", "800", "ENTER");
			const refund = await succeeded(session, entry, "the refund");
			const refundRequest = exchange(host, "0220");
			assert.deepEqual(
				[
					refundRequest.request["3"],
					refundRequest.request["37"],
					refundRequest.request["22"]!.slice(0, 2),
					refundRequest.request["55"],
				],
				["200000", sale.rrn, mode, undefined],
			);
			assert.deepEqual([refund.kind, refund.entryMode], ["refund", entry]);

			// Pre-authorisation of 15.00 (9C 03, online by the TTQ when tapped), completed for 12.00 with the card.
			session.keys("ENTER", "5", "1", "1500", "ENTER");
			await present(session, entry, true);
			const preauth = await succeeded(session, entry, "the pre-authorisation");
			const preauthRequest = exchange(host, "0100");
			assert.deepEqual(cryptogram(preauthRequest.request["55"]), { type: 0x80, txnType: "03" });
			assert.equal(preauthRequest.answer["39"], "00");
			assert.equal(host.books.accounts[pan]!.heldFen, 1500);
			session.keys("ENTER", "5", "3");
			await present(session, entry, false);
			session.keys(preauth.authCode, "ENTER", preauth.hostDate.slice(-4), "ENTER", "1200", "ENTER");
			// The card read without a cryptogram gives no CVM: the completion asks the PIN, as a swipe's does.
			await session.settle();
			assert.ok(session.screen().includes("请持卡人输入密码"), session.screen());
			await pinPause(session);
			session.keys(CARD[entry].pin, "ENTER");
			await succeeded(session, entry, "the completion");
			assert.equal(host.books.accounts[pan]!.heldFen, 0);

			// The host's books: 20.00 − 8.00 + 12.00 taken, the void restored.
			const closing = opening - 2000 + 800 - 1200;
			assert.equal(host.books.accounts[pan]!.balanceFen, closing);

			// Balance inquiry (余额查询): no amount (a tap's GPO with 9F02 = 0), the ARQC with 9C 31 the host verifies,
			// the PIN for either card (after the tap: online), the balance of 54 shown; not journaled, not printed.
			const lastStan = session.terminal.journal!.counters.lastStan;
			session.keys("ENTER", "4");
			await present(session, entry, false);
			await session.settle();
			assert.ok(session.screen().includes("请持卡人输入密码"), session.screen());
			await pinPause(session);
			session.keys(CARD[entry].pin, "ENTER");
			await result(session, entry, "the balance inquiry");
			const inquiry = exchange(host, "0200");
			assert.deepEqual([inquiry.request["3"], inquiry.request["22"], inquiry.answer["39"]], ["310000", `${mode}1`, "00"]);
			assert.ok(inquiry.request["52"] !== undefined && inquiry.answer["54"] !== undefined, "the PIN block, the balance");
			assert.deepEqual(cryptogram(inquiry.request["55"]), { type: 0x80, txnType: "31" });
			assert.ok(session.screen().includes(formatFen(closing)), session.screen());
			assert.equal(session.terminal.journal!.counters.lastStan, lastStan, "an inquiry is not journaled");
			session.keys("ENTER");

			// Nothing declined for a cryptogram.
			assert.equal(
				host.log.entries.filter((e) => e.direction === "out" && e.fields?.["39"] === "A7").length,
				0,
				"no cryptogram refused",
			);

			// Settlement: the terminal's totals are the host's.
			session.keys("ENTER", "6", "ENTER");
			await session.until(() => session.screen().includes("结算完成"), "the settlement");
			assert.deepEqual(host.books.settlements.at(-1)?.balanced, { domestic: true, foreign: true });
		});
	}
});
