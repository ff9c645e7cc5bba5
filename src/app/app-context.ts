// What the terminal application works with once it has booted: the services boot opened (boot.ts), the
// signed-on session, and the control the flow modules move the state machine through. Built once at boot;
// before that there is nothing to work with, so no flow module runs.

import type { Hal } from "../../hal/hal.js";
import type { PinEntrySession } from "../../hal/secure-element.js";
import type { OperatorStore, Role } from "../operators/operator-store.js";
import type { Params } from "../params/schema.js";
import type { PrinterDriver, PrintSession } from "../printer/printer-driver.js";
import type { Language } from "../text/language.js";
import type { MessageId } from "../ui/messages.js";
import type { AppState, Notice, NoticeNext } from "./app-state.js";
import type { CardVault } from "./card-vault.js";
import type { FinancialExchange } from "./financial-exchange.js";
import type { JournalReader, JournalWriter } from "./journal-writer.js";
import type { ManagementMessages } from "./management-messages.js";
import type { ReversalGate } from "./reversal-gate.js";
import type { Settlement } from "./settlement.js";

/** The boot-time services. `params` changes only through the parameter editor (menu 9-4). */
export interface AppContext {
	readonly hal: Hal;
	params: Params;
	/** The journal as read; every write goes through `writer`. */
	readonly journal: JournalReader;
	readonly writer: JournalWriter;
	readonly operators: OperatorStore;
	readonly printer: PrinterDriver;
	/** The one card vault: the journal's sealed card data and stored reversals open with it. */
	readonly vault: CardVault;
	/** Online: the owed reversal first, then management, financial and settlement exchanges. */
	readonly gate: ReversalGate;
	readonly management: ManagementMessages;
	readonly financial: FinancialExchange;
	readonly settlement: Settlement;
}

/** What the signed-on session holds between keys. */
export interface Session {
	operator: { readonly id: string; readonly role: Role } | undefined;
	/** Recovery notes from boot, shown after sign-on. */
	recovery: MessageId[];
	/** The secure element's PIN entry while it runs. */
	pinSession: Pick<PinEntrySession, "cancel" | "pacing"> | undefined;
	/** The slip printing now. */
	printSession: PrintSession | undefined;
}

/** The state machine as the flow modules see it: its state, its session, and the moves they may make. */
export interface AppControl {
	readonly ctx: AppContext;
	readonly session: Session;
	readonly state: AppState;
	readonly language: Language;
	set(state: AppState): void;
	/** A result screen; an error one beeps. Any key then goes to `next`. */
	notice(notice: Notice, next: NoticeNext): void;
	t(id: MessageId, ...args: (string | number)[]): string;
	/** The refusal tone. */
	errorBeep(): void;
	/** The terminal's local day, YYYYMMDD (the daily sign-in is for it). */
	today(): string;
	/** Runs `then` after `ms` unless the state changes first. */
	waitThen(ms: number, then: () => void): void;
}

/** The signed-on operator: the flows past sign-on run only with one, so its absence is a bug, not a state. */
export function signedOn(session: Session): { readonly id: string; readonly role: Role } {
	if (!session.operator) throw new Error("no operator is signed on");
	return session.operator;
}
