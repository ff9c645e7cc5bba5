// The acquirer simulator's engine driven directly, without a network: requests built with the firmware's
// builders, framed with the firmware codec, MACed with the MAK the engine issued at sign-in, read by the
// simulator's own decoder and answered. Platform-free, so acquirer-side tests run in Node and in XS.

import { assert } from "./assert.js";
import {
	defaultAcquirerConfig,
	DEFAULT_MERCHANT_ID,
	DEFAULT_TERMINAL_ID,
	type AcquirerConfig,
} from "../../host-sim/acquirer/acquirer-config.js";
import { AcquirerEngine, type EngineOverride } from "../../host-sim/acquirer/acquirer-engine.js";
import { freshBooks } from "../../host-sim/acquirer/acquirer-state.js";
import { unionPayMac } from "../../host-sim/acquirer/host-crypto.js";
import { hexBytes } from "../../host-sim/acquirer/request-checks.js";
import { decodeWire } from "../../host-sim/acquirer/wire-decoder.js";
import { encodeFrame, MTI_OFFSET } from "../../src/iso8583/frame-codec.js";
import { DEFAULT_TPDU, type IsoMessage } from "../../src/iso8583/iso-message.js";
import { buildSignIn, type TerminalContext } from "../../src/iso8583/requests.js";
import { carriesMac } from "../../src/iso8583/transaction-matrix.js";

/** 2026-12-07 04:00 UTC: a fixed wall clock for the engine's dates. */
const FIXED_NOW = Date.UTC(2026, 11, 7, 4, 0, 0);

export class EngineSession {
	readonly engine: AcquirerEngine;
	context: TerminalContext = {
		terminalId: DEFAULT_TERMINAL_ID,
		merchantId: DEFAULT_MERCHANT_ID,
		batch: 1,
		operator: "01",
		readCapability: "6",
	};
	#stan = 0;

	constructor(readonly config: AcquirerConfig = defaultAcquirerConfig()) {
		let seed = 1;
		this.engine = new AcquirerEngine({
			config,
			books: freshBooks(config),
			now: () => FIXED_NOW,
			randomBytes: (n) => Uint8Array.from({ length: n }, () => (seed = (seed * 48271) % 2147483647) & 0xff),
		});
	}

	nextStan(): number {
		this.#stan++;
		return this.#stan;
	}

	/** The request framed (and MACed when its class carries field 64), then answered by the engine. */
	send(request: IsoMessage, override?: EngineOverride): IsoMessage {
		const mak = this.engine.books.terminals[DEFAULT_TERMINAL_ID]?.mak;
		const fields = new Map(request.fields);
		const mac = carriesMac(request.mti) && mak !== undefined;
		if (mac) fields.set(64, new Uint8Array(8));
		const encoded = encodeFrame({ tpdu: DEFAULT_TPDU, header: "603100310000", message: { mti: request.mti, fields } });
		assert.ok(encoded.ok, "the request encodes");
		const frame = encoded.value;
		if (mac) frame.set(unionPayMac(hexBytes(mak), frame.subarray(MTI_OFFSET, frame.length - 8)), frame.length - 8);
		const decoded = decodeWire(frame);
		assert.ok(decoded.ok, "the simulator decodes the request");
		return this.engine.handle(decoded.message, frame, override).response;
	}

	signIn(): void {
		const answer = this.send(buildSignIn(this.context, this.nextStan(), "003"));
		assert.equal(answer.fields.get(39), "00");
	}
}
