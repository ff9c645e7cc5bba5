// A journal that lost records beyond repair (issue 12 item 4): the terminal names the loss at boot, needs
// the supervisor, sends no reversal a lost record may have cleared, refuses new transactions and lets the
// batch be settled, after which it works as before.

import { strict as assert } from "node:assert";
import type { FlashPartition } from "../../../hal/storage.js";
import { crc32 } from "../../../src/journal/crc32.js";
import { decodeOps, type JournalOp } from "../../../src/journal/journal-entries.js";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { sale, signOn, terminalOn } from "../support/terminal-on-host.js";

/**
 * Programs to zero (NOR flash only clears bits) the newest journal record whose operations match, found by
 * its framing (A5 type length sequence payload CRC-32); returns its sequence number.
 */
function destroyRecord(partition: FlashPartition, match: (ops: readonly JournalOp[]) => boolean): number {
	const read = partition.read(0, partition.byteLength);
	if (!read.ok) throw new Error("journal unreadable");
	const bytes = read.value;
	let found: { at: number; length: number; seq: number } | undefined;
	for (let at = 0; at + 12 <= bytes.length; at++) {
		if (bytes[at] !== 0xa5 || bytes[at + 1] !== 0x01) continue;
		const end = at + 12 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
		if (end > bytes.length) continue;
		const stored = ((bytes[end - 4]! << 24) | (bytes[end - 3]! << 16) | (bytes[end - 2]! << 8) | bytes[end - 1]!) >>> 0;
		if (crc32(bytes, at, end - 4) !== stored) continue;
		const seq = ((bytes[at + 4]! << 24) | (bytes[at + 5]! << 16) | (bytes[at + 6]! << 8) | bytes[at + 7]!) >>> 0;
		const ops = decodeOps(bytes.slice(at + 8, end - 4));
		if (ops && match(ops) && (!found || seq > found.seq)) found = { at, length: end - at, seq };
	}
	if (!found) throw new Error("no such record");
	assert.ok(partition.write(found.at, new Uint8Array(found.length)).ok);
	return found.seq;
}

const approves = (stan: number) => (ops: readonly JournalOp[]) =>
	ops.some((op) => op.op === "txn" && op.txn.stan === stan && op.txn.status === "approved" && op.txn.printedCopies === 0);

describe("a damaged journal at boot", () => {
	let host: AcquirerHost;
	let session: ScriptedTerminal;
	afterEach(async () => {
		session.stop();
		await host.stop();
	});

	it("names the lost record and the unknown STANs, holds back the reversal it cannot be sure of, needs the supervisor, and refuses sales until the batch is settled", async () => {
		host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		session = terminalOn(host);
		await signOn(session);
		for (const amount of ["100", "200", "300"]) {
			await sale(session, "debit", amount);
			session.keys("ENTER");
		}
		const last = session.terminal.journal!.counters.lastStan;
		// The approval of the last sale (which also cleared its reversal) is lost; its slip record follows.
		const seq = destroyRecord(session.hal.storage.partition("journal")!, approves(last));
		const hostLog = host.log.entries.length;
		session.powerCut();
		assert.equal(session.terminal.state.kind, "journal-damaged");
		const screen = session.screen();
		assert.ok(screen.includes("流水损坏"), screen);
		assert.ok(screen.includes(`记录 ${seq} 丢失`), screen);
		assert.ok(screen.includes("状态不明:"), screen);
		assert.ok(screen.includes(`冲正 ${String(last).padStart(6, "0")} 未发送`), screen);
		assert.equal(session.terminal.journal!.state.reversal, undefined);
		// No key but the supervisor's password leaves the screen.
		session.keys("01", "ENTER");
		assert.equal(session.terminal.state.kind, "journal-damaged");
		session.keys("CANCEL", "999999", "ENTER");
		assert.ok(session.screen().includes("密码错误"), session.screen());
		session.keys("123456", "ENTER");
		assert.equal(session.terminal.state.kind, "login-operator");
		await signOn(session);
		assert.equal(host.log.entries.filter((e, i) => i >= hostLog && e.mti === "0400").length, 0, "no reversal of the completed sale");
		// A new sale is refused until the batch is settled.
		session.keys("ENTER", "1");
		assert.ok(session.screen().includes("流水损坏, 请先结算"), session.screen());
		session.keys("ENTER");
		const batch = session.terminal.journal!.counters.batch;
		session.keys("ENTER", "6", "ENTER");
		await session.until(() => session.terminal.state.kind === "notice", "settlement");
		assert.ok(session.screen().includes("结算完成"), session.screen());
		assert.ok(host.books.settlements.some((s) => s.batch === batch));
		assert.equal(session.terminal.journal!.damage, undefined);
		session.keys("ENTER");
		await sale(session, "debit", "400");
		assert.ok(
			session.screen().includes("交易成功") ||
				session.terminal.journal!.txn(session.terminal.journal!.counters.lastStan)?.status === "approved",
			session.screen(),
		);
	});
});
