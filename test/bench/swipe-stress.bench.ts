// Cashier's swipes and the transition-displacement stress class on XS (issue 16), apart from swipe.bench.ts so
// they can be run without its ~20 min read-rate sweep: an 8x speed change within the swipe with a short lead-in of
// 2–9 clocking zeros on each side, and jitter plus transition displacement (each transition moved, so neighbouring
// intervals err in opposite directions), 5–60 ips. 1000 seeded swipes per track and direction, so a cell's rate
// resolves 0.1 %.

import { bench, type Row } from "../xs/bench.js";
import { percent, readsBack, swipeCases, TRACKS } from "./swipe-cases.js";

const SWIPES_PER_CELL = 1000;

const { below, randomContent, shapeFor } = swipeCases(16);
const change = (i: number, x: number) => (i % 2 === 0 ? x : 1 / x);

const handRows: Row[] = [];
let wrongInHand = 0;
for (const [label, extra] of [
	[
		"8x change, 2–9 clocking zeros, 10 % jitter",
		(i: number) => ({ accel: change(i, 8), jitter: 0.1, leadingZeros: 2 + below(8), trailingZeros: 2 + below(8) }),
	],
	["2.5x change, 12 % jitter, 5 % displacement", (i: number) => ({ accel: change(i, 2.5), jitter: 0.12, displacement: 0.05 })],
	["3x change, 15 % jitter, 5 % displacement", (i: number) => ({ accel: change(i, 3), jitter: 0.15, displacement: 0.05 })],
	["2.5x change, 12 % jitter, 10 % displacement", (i: number) => ({ accel: change(i, 2.5), jitter: 0.12, displacement: 0.1 })],
	["3x change, 15 % jitter, 10 % displacement", (i: number) => ({ accel: change(i, 3), jitter: 0.15, displacement: 0.1 })],
] as const) {
	const row: Record<string, string | number> = { swipes: label };
	for (const track of TRACKS) {
		for (const reverse of [false, true]) {
			let ok = 0;
			for (let i = 0; i < SWIPES_PER_CELL; i++) {
				const shape = { ...shapeFor([5, 10, 20, 40, 60][i % 5]!, 1, 0, reverse, i), ...extra(i >> 1) };
				const outcome = readsBack(track, randomContent(track), shape);
				if (outcome === "ok") ok++;
				else if (outcome === "wrong") wrongInHand++;
			}
			row[`T${track} ${reverse ? "rev" : "fwd"}`] = percent(ok, SWIPES_PER_CELL);
		}
	}
	handRows.push(row);
}
bench.table(`cashier's swipes and stress, % of ${SWIPES_PER_CELL} seeded swipes per cell (5–60 ips)`, handRows);
bench.note(`cashier's swipes and stress: decoded ok but wrong: ${wrongInHand}`);
