// Time and timers. src/ never reads Date.now() or calls setTimeout: everything goes through here,
// so the simulator and tests can run on virtual time.

export interface Timer {
	/** Stops the timer; calling it again is harmless. */
	cancel(): void;
}

export interface Clock {
	/** Milliseconds since boot; never goes backwards, unaffected by setting the wall clock. */
	monotonicMs(): number;
	/** Wall-clock time in ms since 1970-01-01T00:00:00Z (UTC). */
	nowMs(): number;
	/** Sets the wall clock, e.g. from the acquirer's sign-in response (fields 12/13). */
	setNowMs(ms: number): void;
	/** Calls `callback` once after `delayMs` (>= 0). */
	after(delayMs: number, callback: () => void): Timer;
	/** Calls `callback` every `periodMs` (> 0) until cancelled. */
	every(periodMs: number, callback: () => void): Timer;
}
