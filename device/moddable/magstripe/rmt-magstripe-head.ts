// The device's magnetic head (hal/magstripe.ts) over the native RMT capture (magstripe-capture.c): one
// capture channel per track from the board description; when channels report the end of their swipe, their
// intervals are gathered for a moment and handed out as one FluxSwipe. Decoding is src/'s job.

import type { BoardMagstripe } from "../../../hal/board.js";
import type { Clock, Timer } from "../../../hal/clock.js";
import { Listeners } from "../../../hal/listeners.js";
import type { MagstripeHead, Swipe, SwipeError } from "../../../hal/magstripe.js";
import type { Unsubscribe } from "../../../hal/result.js";
import type { MagstripeCaptureOptions } from "./magstripe-capture.js";

/** What the head needs of the native capture; injected so the simulator build and a test can replace it. */
export interface Capture {
	read(channel: number, intervals: Uint32Array): number;
	close(): void;
}

export interface RmtMagstripeHeadOptions {
	readonly Capture: new (options: MagstripeCaptureOptions) => Capture;
	readonly magstripe: BoardMagstripe;
	readonly clock: Clock;
}

// A track 1 or 3 swipe holds up to ~1,260 transitions (docs/device-magstripe-capture.md); room for long clocking runs and noise.
const CAPACITY = 2048;
// The card leaves every head gap at once, so channels end within a few ms of each other.
const GATHER_MS = 30;

export class RmtMagstripeHead implements MagstripeHead {
	readonly #swipes = new Listeners<Swipe>();
	readonly #errors = new Listeners<SwipeError>();
	readonly #board: BoardMagstripe;
	readonly #clock: Clock;
	readonly #capture: Capture | undefined;
	/** Why the capture could not open (RMT channels taken, no memory): reported to every error handler. */
	readonly #fault: string | undefined;
	#captured: (Uint32Array | undefined)[] = [];
	#overflowed: number | undefined;
	#gathering: Timer | undefined;

	constructor(options: RmtMagstripeHeadOptions) {
		this.#board = options.magstripe;
		this.#clock = options.clock;
		try {
			this.#capture = new options.Capture({
				pins: this.#board.channels.map((c) => c.pin),
				resolutionNs: this.#board.resolutionNs,
				idleUs: this.#board.idleUs,
				capacity: CAPACITY,
				onCapture: (channel) => this.#channelEnded(channel),
			});
		} catch (error) {
			this.#fault = (error as Error).message;
		}
	}

	onSwipe(handler: (swipe: Swipe) => void): Unsubscribe {
		return this.#swipes.add(handler);
	}

	onError(handler: (error: SwipeError) => void): Unsubscribe {
		const fault = this.#fault;
		if (fault !== undefined) this.#clock.after(0, () => handler({ kind: "head-fault", detail: fault }));
		return this.#errors.add(handler);
	}

	close(): void {
		this.#gathering?.cancel();
		this.#capture?.close();
	}

	#channelEnded(channel: number): void {
		// Allocated per read, not kept: 8 KB that idle RAM does not hold between swipes.
		const buffer = new Uint32Array(CAPACITY);
		const count = this.#capture!.read(channel, buffer);
		if (count < 0) this.#overflowed ??= channel;
		else this.#captured[channel] = buffer.slice(0, count);
		this.#gathering ??= this.#clock.after(GATHER_MS, () => this.#swipeEnded());
	}

	#swipeEnded(): void {
		const captured = this.#captured;
		const overflowed = this.#overflowed;
		this.#captured = [];
		this.#overflowed = undefined;
		this.#gathering = undefined;
		if (overflowed !== undefined) {
			this.#errors.emit({ kind: "overflow", channel: overflowed });
			return;
		}
		this.#swipes.emit({
			kind: "flux",
			atMs: this.#clock.monotonicMs(),
			channels: this.#board.channels.map((c, i) => ({ track: c.track, intervalsUs: captured[i] ?? new Uint32Array(0) })),
		});
	}
}
