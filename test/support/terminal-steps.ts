// Where a portable terminal (portable-terminal.ts) stands in a transaction, and what it sent: the step, the
// requests after the sign-in, the journal entry of the flow's result. Shared by the chip tests of test/portable/app.

import type { PortableTerminal } from "./portable-terminal.js";
import type { TxnEntry } from "../../src/journal/journal-entries.js";
import { decodeTlv } from "../../src/emv/tlv.js";
import { hex, toHex } from "./hex.js";

/** The transaction step the terminal is at; undefined outside a transaction. */
export function step(t: PortableTerminal): string | undefined {
	const s = t.terminal.state;
	return s.kind === "txn" ? s.step.kind : undefined;
}

/** The requests after the sign-in and its IC parameter download (the last 0800 of them), by MTI. */
export function sentAfterSignIn(t: PortableTerminal): string[] {
	const answered = t.acquirer.answered;
	return answered.slice(answered.lastIndexOf("0800") + 1);
}

/** Waits until the terminal is at step `kind` with nothing under way. */
export async function settled(t: PortableTerminal, kind: string): Promise<void> {
	await t.until(() => step(t) === kind && !t.terminal.busy);
}

/** Waits for the flow's result (or 请拔卡 after it) and gives the journal's last entry. */
export async function lastTxn(t: PortableTerminal): Promise<TxnEntry> {
	await t.until(() => t.terminal.state.kind === "notice" || t.terminal.state.kind === "printing" || step(t) === "remove-card");
	return lastEntry(t);
}

/** A field 55 as the acquirer received it (hex): its data objects, tag → value in hex; empty when absent. */
export function tlvObjects(field: string | undefined): Map<number, string> {
	const tlv = decodeTlv(hex(field ?? ""));
	return new Map(tlv.ok ? tlv.value.map((o) => [o.tag, toHex(o.value)] as const) : []);
}

/** The next request reaches a host that never answers (the terminal times out); the ones after are answered. */
export function unansweredOnce(t: PortableTerminal): void {
	const answering = t.acquirer.script;
	t.acquirer.script = () => {
		t.acquirer.script = answering;
	};
}

/** The journal's last entry. */
export function lastEntry(t: PortableTerminal): TxnEntry {
	const journal = t.terminal.journal!;
	return journal.txn(journal.counters.lastStan)!;
}
