// Why an online action failed, and what the terminal did about it: the screens name both (failure-text.ts).

import type { SecureError } from "../../hal/secure-element.js";
import type { LinkFailure } from "../host-link/host-link.js";
import type { ReversalReason, Stan } from "../journal/journal-entries.js";
import type { JournalError } from "../journal/journal.js";

/** What the terminal did about a request that got no usable answer. */
export type Aftermath =
	/** Nothing to undo: it never left, or it moves no money (management, inquiry, settlement). */
	| { readonly kind: "none" }
	/** The reversal went out and the host confirmed it. */
	| { readonly kind: "reversed"; readonly reason: ReversalReason }
	/** A reversal is owed (journaled): it goes before the next online message. */
	| { readonly kind: "reversal-owed"; readonly reason: ReversalReason }
	/** An advice (0220) kept unsent: it goes again before settlement. */
	| { readonly kind: "advice-kept" };

/** Why an owed reversal is still owed. */
export type ReversalRefusal =
	/** No valid 0410. */
	| { readonly kind: "link"; readonly failure: LinkFailure }
	/** A 0410 that does not say the host holds the reversal (another code, or unsigned). */
	| { readonly kind: "answer"; readonly code: string; readonly signed: boolean }
	/** The stored 0400 cannot be opened (data key gone or record damaged): it cannot be sent. */
	| { readonly kind: "unreadable" };

export type OnlineFailure =
	/** No valid answer (or none sent: `failure` says which). */
	| { readonly kind: "link"; readonly failure: LinkFailure; readonly after: Aftermath }
	/** The host's answer is matched and MAC-checked but its fields do not parse or disagree with the request. */
	| { readonly kind: "bad-response"; readonly detail: string; readonly after: Aftermath }
	/** A partial approval (39 = 10) the terminal does not accept (parameter partialApproval). */
	| { readonly kind: "partial-refused"; readonly requestedFen: number; readonly approvedFen: number; readonly after: Aftermath }
	/** The host approved and the chip card declined (AAC at the second GENERATE AC) or went away: reversed (06). */
	| { readonly kind: "card-declined"; readonly after: Aftermath }
	/** A reversal is still owed; the new request was not sent. `exhausted`: the automatic retries are used up. */
	| { readonly kind: "reversal-owed"; readonly stan: Stan; readonly exhausted: boolean; readonly why: ReversalRefusal }
	/**
	 * An advice (0220), or a sale the card approved offline (0200, 60.1 36), got no answer before settlement: it
	 * stays unsent, settlement is refused (a refusal by the host does not refuse it: offline-upload.ts).
	 */
	| { readonly kind: "advice-unsent"; readonly stan: Stan }
	| { readonly kind: "journal"; readonly error: JournalError }
	| { readonly kind: "keys"; readonly error: SecureError }
	/** Card data could not be protected or opened (no data key): nothing was sent. */
	| { readonly kind: "vault" };

/** The host answered with a code the terminal treats as a refusal (ISO 8583 field 39 other than approval). */
export interface Declined {
	readonly kind: "declined";
	readonly code: string;
}

export function declined(code: string): Declined {
	return { kind: "declined", code };
}
