// The link to the acquirer: one request, one response, over the HAL network (unionpay-8583.md §1, §11).
//
//   const link = new HostLink({ network, clock, secure }, config);
//   const r = await link.exchange(buildSale(context, input), { mac: makRef });
//   if (r.ok) … r.value.response …  else reversalReasonFor(r.error)
//
// Each exchange connects (connect timeout), sends the framed request with field 64 computed by the secure
// element when a MAC key is given, waits for one frame (response timeout), decodes it, matches it (MTI pair,
// 41, 42, 11) and verifies its MAC. Every failure is a distinct typed outcome, because the application picks
// the reversal reason from it (§8: 98 timeout, 06 network/receive error, A0 MAC or match failure).

import type { Clock } from "../../hal/clock.js";
import type { Connection, NetError, NetworkLink } from "../../hal/network.js";
import { err, ok, type Result } from "../../hal/result.js";
import type { KeyRef, SecureElement, SecureError } from "../../hal/secure-element.js";
import type { CodecError } from "../iso8583/codec-error.js";
import { decodeFrame, encodeFrame, MTI_OFFSET } from "../iso8583/frame-codec.js";
import { isoMessage, textField, type IsoFrame, type IsoMessage, type Tpdu } from "../iso8583/iso-message.js";
import { MAC_FIELD } from "../iso8583/field-dictionary.js";
import type { ReversalReason } from "../iso8583/requests.js";
import { responseMti } from "../iso8583/transaction-matrix.js";
import { FrameReader } from "./frame-reader.js";

export interface HostLinkConfig {
	readonly host: string;
	readonly port: number;
	/** Time allowed for the TCP connection, ms. */
	readonly connectTimeoutMs: number;
	/** Time allowed from the request's send to the whole response frame, ms. */
	readonly responseTimeoutMs: number;
	readonly tpdu: Tpdu;
	/** The 6-byte message header as 12 digits. */
	readonly header: string;
}

export interface HostLinkParts {
	readonly network: NetworkLink;
	readonly clock: Clock;
	readonly secure: SecureElement;
}

export interface ExchangeOptions {
	/** MAC key: field 64 is added to the request and a response MAC is verified (required on approvals). */
	readonly mac?: KeyRef;
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
}

/** §8: the reversal reason a failure calls for; undefined when the request never left the terminal. */
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

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
	return diff === 0;
}

export class HostLink {
	readonly #parts: HostLinkParts;
	readonly #config: HostLinkConfig;

	constructor(parts: HostLinkParts, config: HostLinkConfig) {
		this.#parts = parts;
		this.#config = config;
	}

	/** Sends `request` and returns its matched, verified response, or why not. Never throws on I/O. */
	async exchange(request: IsoMessage, options: ExchangeOptions = {}): Promise<Result<Exchange, LinkFailure>> {
		const framed = this.#frame(request, options.mac);
		if (!framed.ok) return framed;
		const { bytes, sent } = framed.value;
		const connection = await this.#parts.network.connect(this.#config.host, this.#config.port, this.#config.connectTimeoutMs);
		if (!connection.ok) return err({ kind: "connect-failed", error: connection.error });
		try {
			const frame = await this.#roundTrip(connection.value, bytes);
			if (!frame.ok) return frame;
			return this.#accept(sent, frame.value, options.mac);
		} finally {
			connection.value.close();
		}
	}

	/** Encodes the frame; with a MAC key, field 64 = MAC(MTI … last field before 64) from the secure element. */
	#frame(request: IsoMessage, mac: KeyRef | undefined): Result<{ readonly bytes: Uint8Array; readonly sent: IsoMessage }, LinkFailure> {
		const fields = new Map(request.fields);
		if (mac) fields.set(MAC_FIELD, new Uint8Array(MAC_BYTES));
		else fields.delete(MAC_FIELD);
		const frame = encodeFrame({ tpdu: this.#config.tpdu, header: this.#config.header, message: { mti: request.mti, fields } });
		if (!frame.ok) return err({ kind: "bad-request", error: frame.error });
		const bytes = frame.value;
		if (!mac) return ok({ bytes, sent: { mti: request.mti, fields } });
		const code = this.#parts.secure.mac(mac, bytes.subarray(MTI_OFFSET, bytes.length - MAC_BYTES));
		if (!code.ok) return err({ kind: "mac-unavailable", error: code.error });
		bytes.set(code.value.subarray(0, MAC_BYTES), bytes.length - MAC_BYTES);
		fields.set(MAC_FIELD, code.value.slice(0, MAC_BYTES));
		return ok({ bytes, sent: isoMessage(request.mti, fields) });
	}

	#roundTrip(connection: Connection, bytes: Uint8Array): Promise<Result<Uint8Array, LinkFailure>> {
		return new Promise((resolve) => {
			const reader = new FrameReader();
			let settled = false;
			const finish = (result: Result<Uint8Array, LinkFailure>) => {
				if (settled) return;
				settled = true;
				timer.cancel();
				offData();
				offClose();
				resolve(result);
			};
			const timer = this.#parts.clock.after(this.#config.responseTimeoutMs, () => finish(err({ kind: "timeout" })));
			const offData = connection.onData((chunk) => {
				const frame = reader.push(chunk);
				if (frame) finish(ok(frame));
			});
			const offClose = connection.onClose((error) => finish(err({ kind: "closed", error })));
			const sent = connection.send(bytes);
			if (!sent.ok) finish(err({ kind: "send-failed", error: sent.error }));
		});
	}

	#accept(request: IsoMessage, bytes: Uint8Array, mac: KeyRef | undefined): Result<Exchange, LinkFailure> {
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
			const expected = this.#parts.secure.mac(mac, decoded.value.macInput);
			if (!expected.ok || !sameBytes(expected.value.subarray(0, MAC_BYTES), received)) return err({ kind: "mac-invalid", missing: false });
		} else if (mac && textField(response, 39) === "00") {
			return err({ kind: "mac-invalid", missing: true });
		}
		return ok({ request, response, responseFrame: decoded.value.frame });
	}
}
