// The acquirer simulator without sockets: a scripted network (scripted-network.ts) that hands each frame the terminal sends
// to the acquirer's engine (host-sim/acquirer: its own decoder, real MAC and PIN checks, books) and deliver
// the answer after `replyMs` of the given clock. Platform-free, so a scenario runs whole inside XS. The
// hooks say whose work is running (test/xs/bench.ts counts the firmware's alone): `host` wraps the
// acquirer's, `firmware` the terminal's handlers it calls back.

import type { Clock } from "../../hal/clock.js";
import { defaultAcquirerConfig } from "../../host-sim/acquirer/acquirer-config.js";
import { AcquirerEngine, type EngineOverride } from "../../host-sim/acquirer/acquirer-engine.js";
import { withFloorLimit } from "../../host-sim/acquirer/ic-param-server.js";
import { freshBooks } from "../../host-sim/acquirer/acquirer-state.js";
import { encodeAnswer } from "../../host-sim/acquirer/answer-frame.js";
import { decodeWire, type WireMessage } from "../../host-sim/acquirer/wire-decoder.js";
import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { ScriptedNetwork } from "./scripted-network.js";

export interface InProcessAcquirerOptions {
	/** The clock the answers travel on (virtual time). */
	readonly clock: Clock;
	/** Time from a request to its answer, ms (default 50). */
	readonly replyMs?: number;
	readonly host?: <T>(work: () => T) => T;
	readonly firmware?: <T>(work: () => T) => T;
	/** An offline floor limit served with every AID (fen); default none: every chip sale online. */
	readonly floorLimitFen?: number;
}

const same = <T>(work: () => T): T => work();

export class InProcessAcquirer extends ScriptedNetwork {
	readonly engine: AcquirerEngine;
	/** How the engine answers the next request (e.g. a chip approval with a wrong ARPC); used once. */
	override: EngineOverride | undefined;
	/** Requests answered so far, by MTI. */
	readonly answered: string[] = [];
	/** The same requests as the acquirer decoded them off the wire. */
	readonly received: WireMessage[] = [];

	constructor(options: InProcessAcquirerOptions) {
		super();
		const base = defaultAcquirerConfig();
		const floor = options.floorLimitFen;
		const config = floor === undefined ? base : { ...base, icParams: withFloorLimit(base.icParams, floor) };
		const random = new SeededRandom(8583);
		this.engine = new AcquirerEngine({
			config,
			books: freshBooks(config),
			now: () => options.clock.nowMs(),
			randomBytes: (count) => {
				const bytes = new Uint8Array(count);
				random.fill(bytes);
				return bytes;
			},
		});
		const host = options.host ?? same;
		const firmware = options.firmware ?? same;
		this.script = (frame, peer) =>
			host(() => {
				const reply = this.answer(frame);
				options.clock.after(options.replyMs ?? 50, () => firmware(() => (reply ? peer.push(reply) : peer.close())));
			});
	}

	/** The answer to one request frame, or undefined when the frame does not decode (the host drops it). */
	answer(frame: Uint8Array): Uint8Array | undefined {
		const decoded = decodeWire(frame);
		if (!decoded.ok) return undefined;
		const answer = this.engine.handle(decoded.message, frame, this.override);
		this.override = undefined;
		this.answered.push(decoded.message.mti);
		this.received.push(decoded.message);
		return encodeAnswer(decoded.message, answer);
	}
}
