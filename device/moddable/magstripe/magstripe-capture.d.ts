export interface MagstripeCaptureOptions {
	/** Comparator GPIO per channel, in channel order (at most 3). */
	readonly pins: readonly number[];
	/** RMT tick, ns (1000: 1 MHz). */
	readonly resolutionNs: number;
	/** A channel's swipe ends after this long without a transition, µs (at most 32,767 ticks). */
	readonly idleUs: number;
	/** Transitions a channel can hold per swipe. */
	readonly capacity: number;
	/** Called on the XS thread when a channel's swipe has ended; `read()` it then. */
	readonly onCapture: (channel: number) => void;
}

/** One RMT receive channel per head track (magstripe-capture.c); one instance at a time. */
export default class MagstripeCapture {
	constructor(options: MagstripeCaptureOptions);
	/** Copies the channel's intervals (µs) into `intervals` and re-arms it; the count, or -1 when the swipe overflowed `capacity`. */
	read(channel: number, intervals: Uint32Array): number;
	close(): void;
}
