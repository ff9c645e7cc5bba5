// The terminal's states as data (docs/app-states.md): top states, the menus inside idle, and each
// transaction as a draft plus the step it is at. key-routing.ts handles every key and screens.ts composes
// every screen, one case per state.

import type { EncryptedPin } from "../../hal/secure-element.js";
import type { CardData } from "../card/card-data.js";
import type { Candidate } from "../emv/selection.js";
import type { ChipApplication } from "./chip-ic-data.js";
import type { ChipSession } from "./chip-session.js";
import type { TxnEntry } from "../journal/journal-entries.js";
import type { Role } from "../operators/operator-store.js";
import type { ParamName } from "../params/schema.js";
import type { PrinterFault } from "../printer/printer-status.js";
import type { AmountEntryState } from "../ui/entry/amount-entry.js";
import type { DigitEntryState } from "../ui/entry/digit-entry.js";
import type { MessageId } from "../ui/messages.js";
import type { Menu } from "../ui/screen.js";

export type Flow =
	"sale" | "void" | "balance" | "refund" | "preauth" | "preauth-void" | "completion" | "completion-advice" | "completion-void";

export type StepKind =
	| "supervisor"
	| "voucher"
	| "confirm-original"
	| "card"
	| "expiry"
	| "confirm-card"
	| "original-rrn"
	| "original-date"
	| "auth-code"
	| "amount"
	| "pin"
	| "online";

/**
 * The steps of each flow, in order: a cancel or timeout at any step leaves cleanly (the model test walks them).
 * The walk goes to the first step not yet done, so a sale or pre-auth begun by a card at idle (or a card
 * presented during amount entry) takes the card first and the amount after; from the menu the amount comes
 * first, so the contactless field can be armed with it (qPBOC's GPO carries 9F02: JR/T 0025.12).
 */
export const FLOW_STEPS: Readonly<Record<Flow, readonly StepKind[]>> = {
	sale: ["amount", "card", "confirm-card", "pin", "online"],
	balance: ["card", "confirm-card", "pin", "online"],
	void: ["supervisor", "voucher", "confirm-original", "online"],
	// UnionPay Q/CUP 006 退货: the original's reference number (field 37) and date (61.3) identify it; sent
	// as an advice (0220): no PIN, no reversal.
	refund: ["supervisor", "card", "confirm-card", "original-rrn", "original-date", "amount", "online"],
	preauth: ["amount", "card", "confirm-card", "pin", "online"],
	"preauth-void": ["supervisor", "card", "confirm-card", "auth-code", "original-date", "amount", "online"],
	completion: ["card", "confirm-card", "auth-code", "original-date", "amount", "pin", "online"],
	"completion-advice": ["card", "confirm-card", "auth-code", "original-date", "amount", "online"],
	"completion-void": ["supervisor", "voucher", "confirm-original", "online"],
};

/**
 * The flows a chip card goes through the whole kernel in (EMV 4.3 Book 3 §10: GENERATE AC, field 55 with the
 * ARQC, the issuer's answer to the card). The other flows that take a card read it without a cryptogram and go
 * on as with a swipe, field 22 = 05x/07x and 23 the card sequence number.
 */
export const KERNEL_FLOWS: ReadonlySet<Flow> = new Set<Flow>(["sale", "preauth", "balance"]);

export interface DraftCard {
	readonly pan: string;
	readonly expiry: string;
	readonly masked: string;
	readonly entryMode: TxnEntry["entryMode"];
	/** Track data for the request (a chip card's 57 as track 2); erased once the authorisation is done. */
	readonly swiped: CardData | undefined;
	/**
	 * An inserted or tapped card: the application; in the flows the kernel runs (KERNEL_FLOWS) its transaction
	 * under way (chip-session.ts) and field 55, in the others none (the card read for its data, src/emv/card-read.ts).
	 */
	readonly chip?: ChipApplication & { readonly session?: ChipSession; readonly field55?: Uint8Array };
}

export interface Draft {
	readonly flow: Flow;
	readonly card?: DraftCard;
	readonly amountFen?: number;
	readonly original?: TxnEntry;
	readonly pin?: EncryptedPin;
	/** Refund: the original's reference number (37) and MMDD; pre-auth void/completion: 38 and MMDD. */
	readonly originalRrn?: string;
	readonly originalDate?: string;
	readonly authCode?: string;
	/** PIN asked again after response 55. */
	readonly pinRetry?: boolean;
	/** A chip read of this card failed: its swipe is a fallback when the acquirer allows it (fallbackAllowed). */
	readonly chipFailed?: boolean;
	/** The steps passed, in the order taken: the walk goes to the first step not among them, CLEAR back to the last. */
	readonly done?: readonly StepKind[];
}

export type Step =
	| { readonly kind: "supervisor"; readonly entry: DigitEntryState; readonly notice?: string }
	| { readonly kind: "voucher"; readonly entry: DigitEntryState; readonly notice?: string }
	| { readonly kind: "confirm-original" }
	| { readonly kind: "card"; readonly notice?: MessageId; readonly manual?: DigitEntryState }
	| { readonly kind: "expiry"; readonly pan: string; readonly entry: DigitEntryState }
	| { readonly kind: "confirm-card" }
	/** An inserted card is being read (activation, application selection): 正在读卡, 请勿拔卡. */
	| { readonly kind: "chip-reading" }
	/** The card's applications for the cardholder to choose (EMV Book 1 §12.4); a number key picks. */
	| { readonly kind: "app-select"; readonly candidates: readonly Candidate[]; readonly choose: (index: number) => void }
	| { readonly kind: "original-rrn" | "original-date" | "auth-code"; readonly entry: DigitEntryState }
	| { readonly kind: "amount"; readonly entry: AmountEntryState }
	| { readonly kind: "pin"; readonly digits: number }
	| { readonly kind: "online" }
	/**
	 * A tap approved online whose answer has data for the card (91, scripts): 请再次挥卡 until `untilMs` (the
	 * HAL clock), the field armed; `busy` while the second tap's commands run (txn-flow.ts askSecondTap).
	 */
	| {
			readonly kind: "tap-again";
			readonly txn: TxnEntry;
			readonly untilMs: number;
			readonly busy?: boolean;
			readonly notice?: MessageId;
	  }
	/** An inserted card's transaction is over: 请拔卡, and `then` once the slot is empty (chip-entry.ts). */
	| { readonly kind: "remove-card"; readonly then: () => void }
	/** The printer answered a fault when the flow began: ENTER goes back to `resume`, CANCEL ends the flow. */
	| { readonly kind: "paper"; readonly fault: PrinterFault; readonly resume: Step };

export type MenuName = "main" | "preauth" | "manage" | "reprint" | "query" | "operators" | "params";

/** What a notice screen says, then where any key goes. */
export interface Notice {
	readonly title: string;
	readonly lines: readonly string[];
	readonly ok: boolean;
}

export type NoticeNext = "idle" | "login" | "needs-sign-in" | "reprint-offer";

export type AppState =
	| { readonly kind: "self-test" }
	| { readonly kind: "locked"; readonly reason: "tamper" | "self-test"; readonly detail: string }
	| { readonly kind: "not-configured"; readonly detail: string }
	/** Replay found journal records lost: the screen names them; the supervisor's password acknowledges it. */
	| { readonly kind: "journal-damaged"; readonly entry: DigitEntryState; readonly notice?: string }
	| { readonly kind: "login-operator"; readonly entry: DigitEntryState; readonly notice?: string }
	| {
			readonly kind: "login-password";
			readonly id: string;
			readonly role: Role;
			readonly entry: DigitEntryState;
			readonly notice?: string;
	  }
	/** `forced`: a factory password must be changed before work (parameter forcePasswordChange); CANCEL signs off. */
	| {
			readonly kind: "change-password";
			readonly id: string;
			readonly role: Role;
			readonly first?: string;
			readonly entry: DigitEntryState;
			readonly notice?: string;
			readonly forced?: boolean;
	  }
	| { readonly kind: "needs-sign-in"; readonly notice?: string }
	| {
			readonly kind: "busy";
			readonly title: MessageId;
			readonly text: MessageId;
			readonly progress?: { readonly done: number; readonly total: number };
	  }
	| { readonly kind: "idle" }
	/** 隔日强制结算: the batch is from an earlier day; any key goes to the settlement, nothing else starts. */
	| { readonly kind: "forced-settlement" }
	/**
	 * The batch's totals by type before the 0500: ENTER settles, CANCEL goes back (to the forced screen when
	 * forced); UP and DOWN page the lines where they do not fit (the 128×64 panel), `scroll` being the first shown.
	 */
	| { readonly kind: "settle-confirm"; readonly forced: boolean; readonly scroll: number }
	/** A forced settlement's result: the closed batch's approved and failed transactions; ENTER prints its list. */
	| { readonly kind: "day-settled"; readonly notice: Notice; readonly closed: readonly TxnEntry[] }
	| { readonly kind: "menu"; readonly name: MenuName; readonly menu: Menu }
	| { readonly kind: "txn"; readonly draft: Draft; readonly step: Step }
	/** `reprint-offer`: ENTER prints the slip a power cut interrupted, any other key goes to idle. */
	| { readonly kind: "notice"; readonly notice: Notice; readonly next: NoticeNext }
	/** Adding or deleting a cashier: the supervisor's password, the operator number, the new password twice. */
	| {
			readonly kind: "operator-admin";
			readonly action: "add" | "delete";
			readonly stage: "supervisor" | "id" | "password" | "confirm";
			readonly id?: string;
			readonly first?: string;
			readonly entry: DigitEntryState;
			readonly notice?: string;
	  }
	/** Parameter editing (9-4): the administrator's password, the parameter from a menu, its new value. */
	| {
			readonly kind: "params";
			readonly stage: "admin" | "value";
			readonly name?: ParamName;
			readonly entry: DigitEntryState;
			readonly notice?: string;
	  }
	/** Reprint: which copy of voucher `stan` (merchant, cardholder, both). */
	| { readonly kind: "reprint-copy"; readonly stan: number; readonly menu: Menu }
	/** A voucher number typed to reprint its slip or show it (query). */
	| { readonly kind: "voucher-lookup"; readonly purpose: "reprint" | "query"; readonly entry: DigitEntryState; readonly notice?: string }
	/** A slip is printing; `tearOff` while it waits for ENTER before the next copy. */
	| {
			readonly kind: "printing";
			readonly title: string;
			readonly copy: number;
			readonly tearOff: boolean;
			readonly fault?: PrinterFault;
	  };

/** The states before boot has opened the services (and "locked", which a tamper reaches at any time). */
export type BootState = Extract<AppState, { readonly kind: "self-test" | "locked" | "not-configured" }>;
