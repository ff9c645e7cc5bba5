// The screen lines for a failed online action: what went wrong (the real cause), then what the terminal did
// about it — a reversal line only when a reversal was really sent or is owed. One place for this decision;
// the texts are in the message table.

import type { LinkFailure } from "../host-link/host-link.js";
import { formatFen } from "../ui/amount-text.js";
import type { Language } from "../text/language.js";
import { message, RESPONSE_TEXTS, type MessageId } from "../ui/messages.js";
import type { Aftermath, Declined, OnlineFailure, ReversalRefusal } from "./online-failure.js";

type Text = readonly [MessageId, ...(string | number)[]];

function linkText(failure: LinkFailure): Text {
	switch (failure.kind) {
		case "connect-failed":
			return ["notSent"];
		case "bad-request":
			return ["linkBadRequest"];
		case "mac-unavailable":
			return ["linkMacUnavailable"];
		case "send-failed":
			return ["linkSendFailed"];
		case "timeout":
			return ["linkTimeout"];
		case "closed":
			return ["linkClosed"];
		case "malformed":
			return ["linkMalformed"];
		case "mismatch":
			return ["linkMismatch", failure.field];
		case "mac-invalid":
			return [failure.missing ? "linkMacMissing" : "linkMacInvalid"];
	}
}

function afterText(after: Aftermath): Text[] {
	switch (after.kind) {
		case "none":
			return [];
		case "reversed":
			return [["afterReversed", after.reason]];
		case "reversal-owed":
			return [["afterReversalOwed", after.reason]];
		case "advice-kept":
			return [["afterAdviceKept"]];
	}
}

function refusalText(why: ReversalRefusal): Text {
	switch (why.kind) {
		case "link":
			return linkText(why.failure);
		case "answer":
			return why.signed ? ["reversalRefusedCode", why.code] : ["reversalUnsigned", why.code];
		case "unreadable":
			return ["reversalUnreadable"];
	}
}

function failureTexts(failure: OnlineFailure | Declined): Text[] {
	switch (failure.kind) {
		case "declined":
			return [["declined", failure.code]];
		case "link":
			return [linkText(failure.failure), ...afterText(failure.after)];
		case "bad-response":
			return [["hostError"], ...afterText(failure.after)];
		case "partial-refused":
			return [["partialRefused", formatFen(failure.approvedFen)], ...afterText(failure.after)];
		case "card-declined":
			return [["cardDeclined"], ...afterText(failure.after)];
		case "reversal-owed":
			return [["reversalOwed"], refusalText(failure.why), ...(failure.exhausted ? [["reversalGivenUp"] as const] : [])];
		case "advice-unsent":
			return [["adviceUnsent"]];
		case "journal":
			return [["storageError"]];
		case "keys":
			return [[keyErrorText(failure.error.kind)]];
		case "vault":
			return [["vaultError"]];
	}
}

/** The lines that say what happened, first the cause. */
export function failureLines(failure: OnlineFailure | Declined, language: Language): string[] {
	return failureTexts(failure).map(([id, ...args]) => message(id, language, ...args));
}

/** A financial decline: the code, then what it means to the cashier, in the screen's language. */
export function declineLines(decline: Declined, language: Language): string[] {
	const meaning = RESPONSE_TEXTS[decline.code]?.[language];
	return [message("declined", language, decline.code), ...(meaning ? [meaning] : [])];
}

/** What a secure-element refusal (SecureError or PinEntryEnd kind) means to the cashier. */
export function keyErrorText(kind: string): MessageId {
	switch (kind) {
		case "key-missing":
		case "no-transaction":
			return "keyMissing";
		case "tampered":
		case "tamper":
			return "keyErased";
		case "exhausted":
			return "keyExhausted";
		default:
			return "keyError";
	}
}
