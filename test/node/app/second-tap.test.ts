// The second tap of issuer update processing end to end (请再次挥卡, src/emv/issuer-update.ts): the QuickPass
// card that supports it (profile quickpass-update: CTQ byte 2 b7) tapped in the scripted terminal, ISO 8583
// over TCP to the acquirer simulator on 127.0.0.1, configured to send a 72 script (PIN UNBLOCK) with its answers
// to taps; the approval journaled at once with DF31 "not performed", then the card tapped again (its issuer
// authentication and script performed, DF31 20 in the journal and at the TC upload), not tapped within the
// limit (the approval stands, DF31 00), or another card tapped (refused, 非原卡).

import { strict as assert } from "node:assert";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { SECOND_TAP_MS } from "../../../src/app/txn-flow.js";
import { decodeTlv, findTlv } from "../../../src/emv/tlv.js";
import { bytesToHex } from "../../../src/factory/hex-text.js";
import type { TxnEntry } from "../../../src/journal/journal-entries.js";
import { signedOnEachTest, tapScriptsConfig } from "../support/terminal-on-host.js";

function df31(txn: TxnEntry | undefined): string {
	const tlv = decodeTlv(txn?.ic?.tcUploadField55 ?? new Uint8Array(0));
	assert.ok(tlv.ok);
	return bytesToHex(findTlv(tlv.value, 0xdf31)?.value ?? new Uint8Array(0));
}

/** A sale of 8.00 tapped with the update-capable card, confirmed, approved online: 请再次挥卡. */
async function tappedSale(session: ScriptedTerminal): Promise<TxnEntry> {
	session.keys("ENTER", "1", "800", "ENTER");
	await session.tap({ profile: "quickpass-update" });
	session.keys("ENTER");
	await session.settle();
	const s = session.terminal.state;
	assert.ok(s.kind === "txn" && s.step.kind === "tap-again", session.screen());
	assert.ok(session.screen().includes("交易成功") && session.screen().includes("请再次挥卡"), session.screen());
	const journal = session.terminal.journal!;
	const txn = journal.txn(journal.counters.lastStan)!;
	assert.deepEqual([txn.status, txn.entryMode, txn.ic?.cryptogramType], ["approved", "tap", "ARQC"], "journaled before the second tap");
	assert.equal(df31(txn), "0000000001", "the script not performed yet");
	return txn;
}

function slipPrinted(session: ScriptedTerminal): void {
	assert.ok(session.paperLines().join("\n").includes("RMB 8.00"), session.paperLines().join("\n"));
}

async function slipDone(session: ScriptedTerminal): Promise<void> {
	await session.until(() => session.terminal.state.kind === "notice" || session.terminal.state.kind === "idle", "the slip and result");
}

describe("the second tap of issuer update processing over TCP (请再次挥卡)", () => {
	const rig = signedOnEachTest(tapScriptsConfig);

	it("the card tapped again: EXTERNAL AUTHENTICATE and the script run, DF31 20 in the TC upload field 55 journaled; one sale booked", async () => {
		const { session, host } = rig;
		const first = await tappedSale(session);
		const answer = host.log.entries.filter((e) => e.direction === "out" && e.mti === "0210").at(-1)!;
		assert.ok(answer.fields!["55"]?.startsWith("91") && answer.fields!["55"]!.includes("72"), "91 and a 72 script");
		await session.tap({ profile: "quickpass-update" });
		await slipDone(session);
		const txn = session.terminal.journal!.txn(first.stan)!;
		assert.equal(df31(txn), "2000000001");
		assert.equal(txn.ic?.tsi[0], 0x14, "TSI: issuer authentication and script processing performed");
		assert.deepEqual([txn.status, txn.amountFen, txn.rrn], ["approved", 800, first.rrn]);
		assert.equal(host.books.transactions.filter((t) => t.status === "approved").length, 1);
		slipPrinted(session);
	});

	it("no second tap within the limit: the approval stands, its slip prints, DF31 says not performed", async () => {
		const { session } = rig;
		const first = await tappedSale(session);
		await session.wait(SECOND_TAP_MS - 1000);
		assert.ok(session.screen().includes("请再次挥卡"), `still waiting: ${session.screen()}`);
		await session.wait(1000);
		await slipDone(session);
		const txn = session.terminal.journal!.txn(first.stan)!;
		assert.deepEqual([txn.status, df31(txn)], ["approved", "0000000001"]);
		slipPrinted(session);
	});

	it("another card (the QuickPass card of PAN sequence 00) is refused with 非原卡; the right card after it is served", async () => {
		const { session } = rig;
		const first = await tappedSale(session);
		await session.tap({ profile: "quickpass" });
		await session.settle();
		const s = session.terminal.state;
		assert.ok(s.kind === "txn" && s.step.kind === "tap-again", session.screen());
		assert.ok(session.screen().includes("非原卡"), session.screen());
		assert.equal(df31(session.terminal.journal!.txn(first.stan)), "0000000001");
		await session.tap({ profile: "quickpass-update" });
		await slipDone(session);
		assert.equal(df31(session.terminal.journal!.txn(first.stan)), "2000000001");
	});

	it("CANCEL skips the second tap: the approval stands with the script not performed", async () => {
		const { session } = rig;
		const first = await tappedSale(session);
		session.keys("CANCEL");
		await slipDone(session);
		assert.deepEqual(
			[session.terminal.journal!.txn(first.stan)!.status, df31(session.terminal.journal!.txn(first.stan))],
			["approved", "0000000001"],
		);
	});
});
