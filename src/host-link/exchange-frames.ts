// The bytes side of one exchange, without I/O: framing a request with its MAC from the secure element, and
// accepting a response (decode, match MTI pair / 41 / 42 / 11, verify the MAC) (the UnionPay terminal
// specification Q/CUP 006). The host link uses these around the network; the application may use `frameRequest` to
// keep the packed request (e.g. for its reversal record) and the benchmark measures both.
//
// Public API: frameRequest, acceptResponse, reversalReasonFor, LinkFailure, MatchField, Exchange, Framing.

import { err, ok, type Result } from "../../hal/result.js";
import type { KeyRef, SecureElement, SecureError } from "../../hal/secure-element.js";
import type { NetError } from "../../hal/network.js";
import type { CodecError } from "../iso8583/codec-error.js";
import { decodeFrame, encodeFrame, MTI_OFFSET } from "../iso8583/frame-codec.js";
import { isoMessage, textField, type IsoFrame, type IsoMessage, type Tpdu } from "../iso8583/iso-message.js";
import { MAC_FIELD } from "../iso8583/field-dictionary.js";
import type { ReversalReason } from "../iso8583/requests.js";
import { isApproval } from "../iso8583/response-codes.js";
import { responseMti } from "../iso8583/transaction-matrix.js";

/** What goes before the MTI: TPDU and the 6-byte header (12 hex digits). */
export interface Framing {
	readonly tpdu: Tpdu;
	readonly header: string;
}

/** Which response field disagreed with the request. */
export type MatchField = "mti" | "41" | "42" | "11";

export type LinkFailure =
	/** The request does not encode; nothing was sent. */
	| { readonly kind: "bad-request"; readonly error: CodecError }
	/** The secure element refused the request MAC; nothing was sent. */
	| { readonly kind: "mac-unavailable"; readonly error: SecureError }
	/** No connection; nothing was sent. */
	| { readonly kind: "connect-failed"; readonly error: NetError }
	/** The connection refused the bytes; the host may not have them. */
	| { readonly kind: "send-failed"; readonly error: NetError }
	/** Sent; no whole response within the response timeout. */
	| { readonly kind: "timeout" }
	/** Sent; the connection ended before a whole response. */
	| { readonly kind: "closed"; readonly error: NetError }
	/** A response arrived that does not decode. */
	| { readonly kind: "malformed"; readonly error: CodecError }
	/** A response for another request. */
	| { readonly kind: "mismatch"; readonly field: MatchField; readonly expected: string; readonly actual: string }
	/** The response MAC is wrong, or missing on an approval of a MACed request. */
	| { readonly kind: "mac-invalid"; readonly missing: boolean };

export interface Exchange {
	/** The request as sent, field 64 included. */
	readonly request: IsoMessage;
	readonly response: IsoMessage;
	readonly responseFrame: IsoFrame;
	/** The response carried a MAC and the secure element verified it. */
	readonly signed: boolean;
}

/** The reversal reason a failure calls for (Q/CUP 006); undefined when the request never left the terminal. */
export function reversalReasonFor(failure: LinkFailure): ReversalReason | undefined {
	switch (failure.kind) {
		case "bad-request":
		case "mac-unavailable":
		case "connect-failed":
			return undefined;
		case "timeout":
			return "98";
		case "send-failed":
		case "closed":
			return "06";
		case "malformed":
		case "mismatch":
		case "mac-invalid":
			return "A0";
	}
}

const MAC_BYTES = 8;

export interface FramedRequest {
	/** The whole frame, length prefix included. */
	readonly bytes: Uint8Array;
	/** The request as sent, field 64 included. */
	readonly sent: IsoMessage;
}

/** Encodes the frame; with a MAC key, field 64 = MAC(MTI … last field before 64) from the secure element. */
export function frameRequest(
	secure: SecureElement,
	framing: Framing,
	request: IsoMessage,
	mac: KeyRef<"mac"> | undefined,
): Result<FramedRequest, LinkFailure> {
	const fields = new Map(request.fields);
	if (mac) fields.set(MAC_FIELD, new Uint8Array(MAC_BYTES));
	else fields.delete(MAC_FIELD);
	const frame = encodeFrame({ tpdu: framing.tpdu, header: framing.header, message: { mti: request.mti, fields } });
	if (!frame.ok) return err({ kind: "bad-request", error: frame.error });
	const bytes = frame.value;
	if (!mac) return ok({ bytes, sent: { mti: request.mti, fields } });
	const code = secure.mac(mac, bytes.subarray(MTI_OFFSET, bytes.length - MAC_BYTES));
	if (!code.ok) return err({ kind: "mac-unavailable", error: code.error });
	bytes.set(code.value.subarray(0, MAC_BYTES), bytes.length - MAC_BYTES);
	fields.set(MAC_FIELD, code.value.slice(0, MAC_BYTES));
	return ok({ bytes, sent: isoMessage(request.mti, fields) });
}

/**
 * Decodes a response frame and checks it belongs to `request` (as sent) and carries a valid MAC: a MAC is
 * verified whenever present, and required on every approval (class A: 00, 10, 11) of a MACed request, since
 * the terminal acts on those as money moved (Q/CUP 006). A decline may come unsigned
 * (a host cannot MAC an answer to a request it could not verify); `signed` tells the caller which it got.
 */
export function acceptResponse(
	secure: SecureElement,
	request: IsoMessage,
	bytes: Uint8Array,
	mac: KeyRef<"mac"> | undefined,
): Result<Exchange, LinkFailure> {
	const decoded = decodeFrame(bytes);
	if (!decoded.ok) return err({ kind: "malformed", error: decoded.error });
	const response = decoded.value.frame.message;
	const expectedMti = responseMti(request.mti);
	if (response.mti !== expectedMti) return err({ kind: "mismatch", field: "mti", expected: expectedMti, actual: response.mti });
	for (const field of ["41", "42", "11"] as const) {
		const expected = textField(request, Number(field));
		if (expected === undefined) continue;
		const actual = textField(response, Number(field)) ?? "";
		if (actual !== expected) return err({ kind: "mismatch", field, expected, actual });
	}
	const received = response.fields.get(MAC_FIELD);
	if (received instanceof Uint8Array) {
		if (!mac) return err({ kind: "mac-invalid", missing: false });
		const verified = secure.verifyMac(mac, decoded.value.macInput, received);
		if (!verified.ok || !verified.value) return err({ kind: "mac-invalid", missing: false });
	} else if (mac && isApproval(textField(response, 39) ?? "")) {
		return err({ kind: "mac-invalid", missing: true });
	}
	return ok({ request, response, responseFrame: decoded.value.frame, signed: received instanceof Uint8Array });
}
