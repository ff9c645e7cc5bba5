// A working day under power cuts, shared by the power-cut tests: run the day's steps until a cut at a chosen
// durable write reboots the terminal, then recover (sign on, check the journal against the host's approvals,
// settle) and check the books: nothing approved lost, nothing recorded twice, no reversal owed, the settled
// totals equal to the host's.

import { strict as assert } from "node:assert";
import type { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { PowerCut } from "../../../host-sim/hal/power-cut.js";
import { terminalOn } from "./terminal-on-host.js";
import { uploadBooked } from "../../../src/journal/journal-entries.js";

export const TERMINAL_ID = "10000001";

/** In the calling describe: a power cut's rejected promises (the work it broke off) are not failures. */
export function swallowPowerCuts(): void {
	const swallow = (reason: unknown) => {
		if (!(reason instanceof PowerCut)) throw reason;
	};
	before(() => process.on("unhandledRejection", swallow));
	after(() => process.off("unhandledRejection", swallow));
}

/** One step of a day: key presses, a card, a host fault; then the day waits until the terminal settles. */
export type Step = () => void | Promise<void>;

/** Runs the day `script` on a fresh terminal (booted on `params`), with a cut armed at write `cut.atWrite`; stops after a reboot. */
export async function day(
	host: AcquirerHost,
	cut: { atWrite: number; fraction: number } | undefined,
	script: (session: ScriptedTerminal) => Step[],
	params: Readonly<Record<string, unknown>> = {},
): Promise<ScriptedTerminal> {
	const session = terminalOn(host, params);
	await session.settle();
	if (cut) session.armPowerCut(cut.atWrite, cut.fraction);
	const bootsAtStart = session.boots;
	for (const step of script(session)) {
		await step();
		await session.settle();
		if (session.boots !== bootsAtStart) break;
	}
	return session;
}

/**
 * The day cut at every durable write in turn, `fraction` of the cut write's bytes landing, each run on a fresh
 * host from `startHost`, until a run finishes before its cut; `afterCut` recovers and checks the rebooted
 * terminal. Gives how many runs a cut hit.
 */
export async function cutAtEveryWrite(
	startHost: () => Promise<AcquirerHost>,
	fraction: number,
	script: (session: ScriptedTerminal, host: AcquirerHost) => Step[],
	afterCut: (host: AcquirerHost, session: ScriptedTerminal, label: string) => Promise<void>,
	params: Readonly<Record<string, unknown>> = {},
): Promise<number> {
	let cutsHit = 0;
	for (let atWrite = 1; atWrite <= 200; atWrite++) {
		const host = await startHost();
		try {
			const session = await day(host, { atWrite, fraction }, (s) => script(s, host), params);
			if (session.boots === 1) {
				session.stop();
				break; // the day finished before write `atWrite`: every write has been cut once
			}
			cutsHit++;
			await afterCut(host, session, `cut at write ${atWrite}`);
			session.stop();
		} finally {
			await host.stop();
		}
	}
	return cutsHit;
}

/**
 * After a reboot: sign on (the reversal gate and the sign-in run), settle whatever the batch holds. With
 * `host`, before settling: what the host approved in the open batch the journal holds approved (an advice
 * possibly still to be resent), and what the journal holds approved the host approved. `hostOnly` names the
 * STANs of records the test put in the host's books itself; `beforeSettle` runs just before the settlement is keyed.
 */
export async function recover(
	session: ScriptedTerminal,
	host?: AcquirerHost,
	label = "",
	options: { readonly hostOnly?: (stan: number) => boolean; readonly beforeSettle?: () => void } = {},
): Promise<void> {
	for (let i = 0; i < 4 && session.terminal.state.kind !== "idle"; i++) {
		const kind = session.terminal.state.kind;
		if (kind === "login-operator") session.keys("01", "ENTER", "0000", "ENTER");
		else session.keys("ENTER");
		await session.settle();
	}
	assert.equal(session.terminal.state.kind, "idle", session.screen());
	const journal = session.terminal.journal!;
	if (host && !journal.state.settlement) {
		const batch = journal.counters.batch;
		const approvedOnHost = new Set(
			host.books.transactions
				.filter((t) => t.terminalId === TERMINAL_ID && t.batch === batch && t.status === "approved" && !options.hostOnly?.(t.stan))
				.map((t) => t.stan),
		);
		for (const stan of approvedOnHost) {
			const txn = journal.txn(stan);
			const advice = txn?.kind === "refund" || txn?.kind === "completion-advice";
			assert.ok(
				txn?.status === "approved" || (advice && (txn.status === "unsent" || txn.status === "sent")),
				`${label}: host-approved STAN ${stan} is ${txn?.kind} ${txn?.status} in the journal`,
			);
		}
		for (const txn of journal.state.txns.values()) {
			// A sale the card approved offline (39 Y1) reaches the host by its upload before the 0500 (or, refused
			// by the host, by the batch upload after it).
			if (txn.status === "approved" && (txn.responseCode !== "Y1" || txn.uploaded || uploadBooked(txn.uploadAnswer)))
				assert.ok(approvedOnHost.has(txn.stan), `${label}: journal-approved ${txn.kind} ${txn.stan} is approved on the host`);
		}
	}
	options.beforeSettle?.();
	session.keys("ENTER", "6", "ENTER");
	await session.settle();
	assert.ok(session.screen().includes("结算完成"), session.screen());
}

export function checkBooks(host: AcquirerHost, session: ScriptedTerminal, label: string): void {
	const journal = session.terminal.journal!;
	assert.equal(journal.state.reversal, undefined, `${label}: no reversal left owed`);
	assert.equal(journal.state.settlement, undefined, `${label}: settlement finished`);
	const mine = host.books.transactions.filter((t) => t.terminalId === TERMINAL_ID);
	const keys = mine.map((t) => `${t.batch}/${t.stan}`);
	assert.equal(new Set(keys).size, keys.length, `${label}: nothing recorded twice on the host`);
	for (const s of host.books.settlements.filter((x) => x.terminalId === TERMINAL_ID)) {
		const uploaded = host.books.uploads[`${TERMINAL_ID}/${s.batch}`] ?? 0;
		assert.ok((s.balanced.domestic && s.balanced.foreign) || uploaded > 0, `${label}: batch ${s.batch} settled balanced or uploaded`);
	}
	const last = journal.state.lastSettlement!;
	const hostTotals = host.engine.hostTotals(TERMINAL_ID, last.batch);
	assert.deepEqual(
		{
			dd: last.totals.domestic.debitFen,
			dc: last.totals.domestic.creditFen,
			fd: last.totals.foreign.debitFen,
			fc: last.totals.foreign.creditFen,
		},
		{
			dd: hostTotals.domestic.debit.amount,
			dc: hostTotals.domestic.credit.amount,
			fd: hostTotals.foreign.debit.amount,
			fc: hostTotals.foreign.credit.amount,
		},
		`${label}: the settled totals equal the host's`,
	);
}
