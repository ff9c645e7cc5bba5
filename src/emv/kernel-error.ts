// What can stop the kernel, as values (EMV 4.3 Book 1 §12, Book 3 §10.1–10.2): each kind says what the
// terminal does next, as the comment on it cites.
//
// Public API: KernelError, KernelStep.

import type { Tag, TlvError } from "./tlv.js";
import type { TransportError } from "./transport.js";

/** The command a status or a malformed answer came from. */
export type KernelStep =
	| "SELECT PSE"
	| "SELECT PPSE"
	| "READ RECORD (directory)"
	| "SELECT"
	| "GET PROCESSING OPTIONS"
	| "READ RECORD"
	| "GET DATA"
	| "GENERATE AC"
	| "EXTERNAL AUTHENTICATE"
	| "ISSUER SCRIPT";

export type KernelError =
	/** The reader or the transport failed: the card is gone, mute or broken; terminate. */
	| { readonly kind: "transport"; readonly step: KernelStep; readonly error: TransportError }
	/** 6A81 to SELECT of the PSE/PPSE or an AID: the card is blocked or cannot select; terminate (Book 1 §12.3.2 step 1, §12.3.3). */
	| { readonly kind: "card-blocked" }
	/** No application the card has is one the terminal supports (Book 1 §12.4): terminate (or fall back to magstripe). */
	| { readonly kind: "no-application" }
	/** 6283 to the final SELECT: the application is blocked; remove it from the list and choose again (Book 1 §12.4). */
	| { readonly kind: "application-blocked"; readonly aid: Uint8Array }
	/** 6985 to GET PROCESSING OPTIONS: remove the application and return to selection (Book 3 §10.1). */
	| { readonly kind: "conditions-not-satisfied" }
	/** A status word the step does not accept; terminate. */
	| { readonly kind: "status"; readonly step: KernelStep; readonly sw: number }
	/** The answer's TLV does not decode. */
	| { readonly kind: "malformed"; readonly step: KernelStep; readonly error: TlvError }
	/** The answer decodes but lacks what it must hold or holds it wrongly (Book 1 §11.3.4, Book 3 §6.5.8.4). */
	| { readonly kind: "bad-answer"; readonly step: KernelStep; readonly detail: string }
	/** An AFL entry breaks Book 3 §10.2 (SFI 1–30, first record ≥ 1, last ≥ first, ODA count within the range). */
	| { readonly kind: "afl-invalid"; readonly entry: number }
	/** A primitive data object met twice while reading the card (Book 3 §10.2): terminate. */
	| { readonly kind: "redundant-data"; readonly tag: Tag }
	/** Mandatory data absent after reading (Book 3 §10.2: 5F24, 5A, 8C, 8D for contact): terminate. */
	| { readonly kind: "missing-data"; readonly tags: readonly Tag[] };
