// Magnetic stripe (docs/factory-mode.md §4, "msr"): no spurious swipe at idle, then one swipe
// of the jig's test card. Per expected track: the status code (0 ok, 1 no data, 2 no start sentinel, 3 no
// end sentinel, 4 LRC, 5 parity) and whether the SHA-256 of the track (start to end sentinel) matches the
// plan's hash. The track data itself never leaves this module.

import type { Swipe, SwipeError, TrackNumber } from "../../../hal/magstripe.js";
import { sha256 } from "../../crypto/sha256.js";
import type { TrackStatus } from "../../magstripe/track-decoder.js";
import { decodeSwipe } from "../../magstripe/swipe-decoder.js";
import { utf8Encode } from "../../text/utf8.js";
import { bytesToHex } from "../hex-text.js";
import { numberParam, type FactoryTest } from "../factory-test.js";

/** Verifone-style per-track codes (docs/factory-mode.md §5). */
const TRACK_CODE: Readonly<Record<TrackStatus, number>> = {
	ok: 0,
	"no-data": 1,
	"no-start-sentinel": 2,
	"no-end-sentinel": 3,
	lrc: 4,
	parity: 5,
};
const FAIL_CODE: Readonly<Record<TrackStatus, string>> = {
	ok: "MSR_OK",
	"no-data": "MSR_NO_DATA",
	"no-start-sentinel": "MSR_NO_START_SENTINEL",
	"no-end-sentinel": "MSR_NO_END_SENTINEL",
	lrc: "MSR_LRC",
	parity: "MSR_PARITY",
};

/** The hash the plan carries for a track: SHA-256 of its characters from start to end sentinel, upper-case hex. */
export function trackHash(data: string): string {
	return bytesToHex(sha256(utf8Encode(data)));
}

function expectedHashes(params: Readonly<Record<string, unknown>>): Map<TrackNumber, string> {
	const expect = params.trackHashes;
	const hashes = new Map<TrackNumber, string>();
	if (typeof expect !== "object" || expect === null) return hashes;
	for (const track of [1, 2, 3] as const) {
		const hash = (expect as Record<string, unknown>)[String(track)];
		if (typeof hash === "string") hashes.set(track, hash.toUpperCase());
	}
	return hashes;
}

type Capture = { readonly swipe: Swipe } | { readonly error: SwipeError };

export const msrCheck: FactoryTest = {
	id: "msr",
	description: "no spurious swipe at idle, then the test card: per-track status and hash (params.trackHashes, params.swipeTimeoutMs)",
	params: { card: "string", idleMs: "number", swipeTimeoutMs: "number", trackHashes: "object" },
	timeoutMs: 120000,
	async run(context) {
		const { magstripe } = context.hal;
		const { outcome, params } = context;
		const expected = expectedHashes(params);
		if (expected.size === 0) return outcome.fail("NO_EXPECTED_TRACKS", "params.trackHashes");
		const capture = (deliver: (value: Capture) => void) => {
			const stopSwipes = magstripe.onSwipe((swipe) => deliver({ swipe }));
			const stopErrors = magstripe.onError((error) => deliver({ error }));
			return () => {
				stopSwipes();
				stopErrors();
			};
		};
		const spurious = await context.waitFor(capture, numberParam(params, "idleMs", 300));
		if (context.aborted) return;
		if (!outcome.measure("idle_swipes", spurious === undefined ? 0 : 1, "swipes", 0, 0, "MSR_SPURIOUS")) return;

		const got = await context.waitFor<Capture>(
			(deliver) => {
				const stop = capture(deliver);
				context.action("swipe", { card: typeof params.card === "string" ? params.card : "test card" });
				return stop;
			},
			numberParam(params, "swipeTimeoutMs", 30000),
		);
		if (context.aborted) return;
		if (got === undefined) return outcome.fail("SWIPE_TIMEOUT");
		if ("error" in got) return outcome.fail("MSR_HEAD_FAULT", got.error.kind);
		const read = decodeSwipe(got.swipe);
		const { swipe } = got;
		for (const [track, hash] of expected) {
			const tracks = read.tracks.filter((t) => t.track === track);
			const best = tracks.find((t) => t.status === "ok") ?? tracks[0];
			const status: TrackStatus = best?.status ?? "no-data";
			const channel = best === undefined ? undefined : swipe.channels[best.channel];
			if (channel !== undefined)
				outcome.note(
					`track${track}_edges`,
					"intervalsUs" in channel ? channel.intervalsUs.length : channel.bits.length,
					swipe.kind === "flux" ? "edges" : "bits",
				);
			outcome.measure(`track${track}_status`, TRACK_CODE[status], "code", 0, 0, FAIL_CODE[status], `track ${track}`);
			const match = best?.data !== undefined && trackHash(best.data) === hash;
			outcome.measure(`track${track}_match`, match ? 1 : 0, "bool", 1, 1, "MSR_HASH_MISMATCH", `track ${track}`);
		}
		outcome.note("direction_reverse", read.direction === "reverse" ? 1 : 0, "bool");
	},
};
