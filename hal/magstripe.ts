// The magnetic-stripe head (ISO/IEC 7811-2 F2F recording; docs/device-magstripe-capture.md). The device captures, per track channel, the time
// between flux transitions; decoding is src/'s job.

import type { Unsubscribe } from "./result.js";

export type TrackNumber = 1 | 2 | 3;

export interface FluxChannel {
	/** The ISO track this channel's head gap sits on, when the board knows it. */
	readonly track?: TrackNumber;
	/** Intervals between successive flux transitions, in µs, in capture order. */
	readonly intervalsUs: Uint32Array;
}

/** One swipe from an analogue head: flux-transition intervals per channel. */
export interface FluxSwipe {
	readonly kind: "flux";
	readonly atMs: number;
	readonly channels: readonly FluxChannel[];
}

export interface BitChannel {
	readonly track?: TrackNumber;
	/** One bit per byte (0 or 1), in the order the reader chip strobed them. */
	readonly bits: Uint8Array;
}

/** One swipe from a reader chip with strobe/data lines: already-separated bits per channel. */
export interface BitSwipe {
	readonly kind: "bits";
	readonly atMs: number;
	readonly channels: readonly BitChannel[];
}

export type Swipe = FluxSwipe | BitSwipe;

export type SwipeError =
	/** The capture ring buffer filled before the swipe ended; the partial swipe is dropped. */
	| { readonly kind: "overflow"; readonly channel: number }
	/** The head reported a hardware fault (no bias, open coil). */
	| { readonly kind: "head-fault"; readonly detail: string };

export interface MagstripeHead {
	/** Called once per swipe, after the idle timeout that marks its end. */
	onSwipe(handler: (swipe: Swipe) => void): Unsubscribe;
	/** Capture failures, reported instead of a swipe. */
	onError(handler: (error: SwipeError) => void): Unsubscribe;
	/** Stops capturing and releases the channels; no swipes or errors follow. */
	close(): void;
}
