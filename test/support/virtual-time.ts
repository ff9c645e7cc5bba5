// Runs promise-based code on a VirtualClock: settles pending microtasks, then jumps to the next timer,
// until the promise settles. Works in both engines (XS has no setTimeout, only microtasks).

import type { VirtualClock } from "../../host-sim/hal/virtual-clock.js";

async function flushMicrotasks(): Promise<void> {
	for (let i = 0; i < 2000; i++) await Promise.resolve();
}

/** Resolves with `promise`'s value; fails when nothing is left to wait for or `limitMs` of virtual time pass. */
export async function settle<T>(clock: VirtualClock, promise: Promise<T>, limitMs = 3_600_000): Promise<T> {
	let done = false;
	const tracked = promise.finally(() => {
		done = true;
	});
	tracked.catch(() => undefined);
	const end = clock.monotonicMs() + limitMs;
	for (;;) {
		await flushMicrotasks();
		if (done) return tracked;
		const next = clock.nextDueMs;
		if (next === undefined) throw new Error("deadlock: the promise waits and no timer is pending");
		if (next > end) throw new Error(`not settled within ${limitMs} ms of virtual time`);
		clock.advance(next - clock.monotonicMs());
	}
}
