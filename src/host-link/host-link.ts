// The link to the acquirer: one request, one response, over the HAL network (the UnionPay terminal specification Q/CUP 006).
//
//   const link = new HostLink({ network, clock, secure }, config);
//   const r = await link.exchange(buildSale(context, input), { mac: makRef });
//   if (r.ok) … r.value.response …  else reversalReasonFor(r.error)
//
// Each exchange connects (connect timeout), sends the framed request with field 64 computed by the secure
// element when a MAC key is given, waits for one frame (response timeout), decodes it, matches it (MTI pair,
// 41, 42, 11) and has the secure element verify its MAC (`verifyMac`). Every failure is a distinct typed
// outcome, because the application picks the reversal reason from it (98 timeout, 06 network/receive
// error, A0 MAC or match failure).

import type { Clock } from "../../hal/clock.js";
import type { Connection, NetworkLink } from "../../hal/network.js";
import { err, ok, type Result } from "../../hal/result.js";
import type { KeyRef, SecureElement } from "../../hal/secure-element.js";
import type { IsoMessage, Tpdu } from "../iso8583/iso-message.js";
import { acceptResponse, frameRequest, type Exchange, type LinkFailure } from "./exchange-frames.js";
import { FrameReader } from "./frame-reader.js";

export { reversalReasonFor, type Exchange, type LinkFailure, type MatchField } from "./exchange-frames.js";

export interface HostLinkConfig {
	readonly host: string;
	readonly port: number;
	/** Time allowed for the TCP connection, ms. */
	readonly connectTimeoutMs: number;
	/** Time allowed from the request's send to the whole response frame, ms. */
	readonly responseTimeoutMs: number;
	readonly tpdu: Tpdu;
	/** The 6-byte message header as 12 hex digits. */
	readonly header: string;
}

export interface HostLinkParts {
	readonly network: NetworkLink;
	readonly clock: Clock;
	readonly secure: SecureElement;
}

export interface ExchangeOptions {
	/** MAC key: field 64 is added to the request and a response MAC is verified (required on approvals). */
	readonly mac?: KeyRef<"mac">;
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
		const framed = frameRequest(this.#parts.secure, this.#config, request, options.mac);
		if (!framed.ok) return framed;
		const { bytes, sent } = framed.value;
		const connection = await this.#parts.network.connect(this.#config.host, this.#config.port, this.#config.connectTimeoutMs);
		if (!connection.ok) return err({ kind: "connect-failed", error: connection.error });
		try {
			const frame = await this.#roundTrip(connection.value, bytes);
			if (!frame.ok) return frame;
			return acceptResponse(this.#parts.secure, sent, frame.value, options.mac);
		} finally {
			connection.value.close();
		}
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
}
