// Boot, after the self-test and the tamper check: the services the application works with, opened once, and
// what the journal says a power cut interrupted (recovery, docs/app-journal-points.md).

import type { Hal } from "../../hal/hal.js";
import { err, ok, type Result } from "../../hal/result.js";
import { Journal } from "../journal/journal.js";
import { OperatorStore } from "../operators/operator-store.js";
import type { Params } from "../params/schema.js";
import { PrinterDriver } from "../printer/printer-driver.js";
import type { MessageId } from "../ui/messages.js";
import type { AppContext } from "./app-context.js";
import { CardVault } from "./card-vault.js";
import { FinancialExchange } from "./financial-exchange.js";
import { HostChannel } from "./host-channel.js";
import { JournalWriter, type JournalReader } from "./journal-writer.js";
import { ManagementMessages } from "./management-messages.js";
import { OfflineUpload } from "./offline-upload.js";
import { ReversalGate } from "./reversal-gate.js";
import { Settlement } from "./settlement.js";

/** Why the terminal cannot work: the not-configured screen says it. */
export type BootFailure = { readonly kind: "journal"; readonly detail: string } | { readonly kind: "operators" };

/** Opens the journal and the operator store and builds the services on them, with loaded parameters. */
export function openContext(hal: Hal, params: Params, passwordIterations: number | undefined): Result<AppContext, BootFailure> {
	const { storage, random, clock, secure } = hal;
	const partition = storage.partition("journal");
	const opened = partition ? Journal.open(partition, storage.crc32) : undefined;
	if (!opened?.ok) return err({ kind: "journal", detail: opened ? opened.error.kind : "no partition" });
	const journal = opened.value.journal;
	const operators = OperatorStore.open(
		storage.records,
		random,
		{ attempts: params.lockoutAttempts, lockoutMs: params.lockoutMs },
		passwordIterations,
		(password, salt, iterations, keyBytes) => secure.passwordHash(password, salt, iterations, keyBytes),
	);
	if (!operators.ok) return err({ kind: "operators" });
	const vault = new CardVault(secure);
	const writer = new JournalWriter(journal);
	const channel = new HostChannel(hal, journal, () => context.params);
	const parts = { channel, journal, writer, vault };
	const gate = new ReversalGate(parts);
	const offline = new OfflineUpload(parts);
	const context: AppContext = {
		hal,
		params,
		journal,
		writer,
		operators: operators.value,
		vault,
		gate,
		printer: new PrinterDriver(hal.printer, clock),
		management: new ManagementMessages(parts, gate),
		financial: new FinancialExchange(parts, gate, offline),
		settlement: new Settlement(parts, gate, offline),
	};
	return ok(context);
}

/** What a power cut interrupted, as the journal says: shown after sign-on, owed work done first. */
export function recoveryNotes(journal: JournalReader): MessageId[] {
	const notes: MessageId[] = [];
	const state = journal.state;
	if (state.reversal) notes.push("recoveryReversal");
	if (state.settlement) notes.push(state.settlement.phase === "uploading" ? "recoveryUpload" : "recoverySettlement");
	const last = journal.txn(journal.counters.lastStan);
	if (last && last.status === "approved" && last.printedCopies === 0 && last.kind !== "preauth-void") notes.push("recoverySlip");
	return notes;
}
