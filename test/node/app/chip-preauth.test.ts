// A chip card's pre-authorisation and its completion end to end (issue 18): the PBOC debit card inserted in the
// scripted terminal, ISO 8583 over TCP to the acquirer simulator on 127.0.0.1, which verifies the pre-auth's
// ARQC and answers with its ARPC; the completion reads the card without a cryptogram. Checked on the host's log
// and books, in the journal and on the slip.

import { strict as assert } from "node:assert";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { decodeTlv } from "../../../src/emv/tlv.js";
import { hexToBytes } from "../../../src/factory/hex-text.js";
import { pinPause, signedOnEachTest } from "../support/terminal-on-host.js";

const PAN = TEST_CARDS.chip.pan;

/** The card inserted at the card step, its number confirmed, the PIN entered when the flow asks for it. */
async function insertAndConfirm(session: ScriptedTerminal): Promise<void> {
	session.insert({ profile: "pboc-debit" });
	await session.settle();
	assert.ok(session.screen().includes("622609******0111"), session.screen());
	session.keys("ENTER");
}

/** 请拔卡 after the result; the card out; the result notice. */
async function removeAfter(session: ScriptedTerminal, what: string): Promise<void> {
	await session.settle();
	assert.ok(session.screen().includes("请拔卡"), `${what}: ${session.screen()}`);
	session.removeCard();
	await session.settle();
	await session.until(() => session.terminal.state.kind === "notice", `${what}'s result`);
	assert.ok(session.screen().includes("交易成功"), session.screen());
}

describe("chip pre-authorisation and completion over TCP to the acquirer simulator", () => {
	const rig = signedOnEachTest();

	it("pre-authorises with the inserted card (0100, 55 with 9C 03, ARPC back), then completes it with the card inserted (0200, 22 05x, 23 001, no 55)", async () => {
		const { session, host } = rig;
		const journal = session.terminal.journal!;
		const balance = host.books.accounts[PAN]!.balanceFen;
		session.keys("ENTER", "5", "1", "2000", "ENTER");
		await insertAndConfirm(session);
		await pinPause(session);
		session.keys(TEST_CARDS.chip.pin, "ENTER");
		await removeAfter(session, "the pre-authorisation");
		const preauth = journal.txn(journal.counters.lastStan)!;
		assert.deepEqual(
			[preauth.kind, preauth.status, preauth.entryMode, preauth.ic?.cryptogramType],
			["preauth", "approved", "insert", "TC"],
		);
		const inbound = () => host.log.entries.filter((e) => e.direction === "in" && e.fields?.["41"] !== undefined);
		const request = inbound().at(-1)!;
		assert.deepEqual([request.mti, request.fields!["22"], request.fields!["23"]], ["0100", "051", "001"]);
		const icc = decodeTlv(hexToBytes(request.fields!["55"] ?? "") ?? new Uint8Array(0));
		assert.ok(icc.ok);
		assert.equal(icc.value.find((o) => o.tag === 0x9c)?.value[0], 0x03, "9C: pre-authorisation");
		const answer = host.log.entries.filter((e) => e.direction === "out" && e.mti === "0110").at(-1)!;
		assert.equal(answer.fields!["39"], "00", answer.note);
		assert.ok(answer.fields!["55"]?.startsWith("91"), "the ARPC in 91");
		assert.equal(host.books.accounts[PAN]!.heldFen, 2000);
		session.keys("ENTER");

		const printed = session.paperLines().length;
		session.keys("ENTER", "5", "3");
		await insertAndConfirm(session);
		session.keys(preauth.authCode, "ENTER", preauth.hostDate.slice(-4), "ENTER", "1800", "ENTER");
		await session.settle();
		assert.ok(session.terminal.state.kind === "txn" && session.terminal.state.step.kind === "pin", session.screen());
		await pinPause(session);
		session.keys(TEST_CARDS.chip.pin, "ENTER");
		await removeAfter(session, "the completion");
		const completion = journal.txn(journal.counters.lastStan)!;
		assert.deepEqual(
			[completion.kind, completion.status, completion.entryMode, completion.ic],
			["completion", "approved", "insert", undefined],
		);
		const sent = inbound().at(-1)!;
		assert.deepEqual([sent.mti, sent.fields!["3"], sent.fields!["22"], sent.fields!["23"]], ["0200", "000000", "051", "001"]);
		assert.equal(sent.fields!["55"], undefined, "no field 55 in a completion");
		assert.equal(sent.fields!["38"], preauth.authCode);
		const books = host.books;
		assert.equal(books.transactions.find((t) => t.stan === preauth.stan)!.closedBy, "completion");
		assert.equal(books.accounts[PAN]!.heldFen, 0);
		assert.equal(books.accounts[PAN]!.balanceFen, balance - 1800);
		const slip = session.paperLines().slice(printed).join("\n");
		assert.ok(slip.includes("AUTH COMPLETE") && slip.includes("/I") && slip.includes("18.00"), slip);
	});
});
