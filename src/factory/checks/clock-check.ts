// The real-time clock: set, read back, and drift against the monotonic clock over a measured interval
// (docs/factory-mode.md §4, "clock": rtc_drift_ppm).

import { numberParam, type FactoryTest } from "../factory-test.js";

/** Read-back tolerance: the set and the read are one call apart. */
const SET_ERROR_MS = 1000;
/** A 32.768 kHz watch crystal is ±20 ppm; ±100 ppm leaves room for temperature and the RC fallback. */
const DRIFT_PPM = 100;
/** Both clocks tick in whole ms: two ticks of quantisation over the interval widen the limit. */
const TICK_MS = 1;

export const clockCheck: FactoryTest = {
	id: "clock",
	description: "set the RTC (params.setMs, UTC ms from the jig), read it back, drift over params.intervalMs",
	params: { setMs: "number", intervalMs: "number" },
	timeoutMs: 15000,
	async run(context) {
		const { clock } = context.hal;
		const { outcome, params } = context;
		const setMs = numberParam(params, "setMs", clock.nowMs());
		clock.setNowMs(setMs);
		outcome.measure("rtc_set_error_ms", Math.abs(clock.nowMs() - setMs), "ms", 0, SET_ERROR_MS, "RTC_SET");
		const intervalMs = Math.max(100, numberParam(params, "intervalMs", 1000));
		const wall0 = clock.nowMs(),
			mono0 = clock.monotonicMs();
		await context.wait(intervalMs);
		if (context.aborted) return;
		const wall = clock.nowMs() - wall0,
			mono = clock.monotonicMs() - mono0;
		outcome.note("interval_ms", mono, "ms");
		const limit = DRIFT_PPM + Math.ceil((2 * TICK_MS * 1e6) / intervalMs);
		outcome.measure("rtc_drift_ppm", mono > 0 ? Math.round(((wall - mono) / mono) * 1e6) : 0, "ppm", -limit, limit, "RTC_DRIFT");
	},
};
