// The daily sign-in (签到) at several start times of the shared virtual clock: just before and just after local
// midnight in the terminal's zone (utcOffsetMinutes, UTC+8 by default) and mid-day. A cashier who meets the
// sign-in prompt presses a key; every sale is approved, the terminal asks to sign in exactly when the local
// day changes, and the acquirer sees one sign-in per local day. Nothing here reads the wall clock or the
// machine's time zone (TZ): the local dates below are computed from UTC with the parameter's offset.

import { strict as assert } from "node:assert";
import { defaultParams } from "../../../src/params/schema.js";
import { sale, signOn, startRig, type Rig } from "./terminal-harness.js";

const OFFSET_MS = defaultParams().utcOffsetMinutes * 60_000;
const DAY_MS = 86_400_000;

/** UTC ms of a local (UTC+8) date and time. */
const local = (year: number, month: number, day: number, h: number, m: number, s: number) => Date.UTC(year, month - 1, day, h, m, s) - OFFSET_MS;
/** The local calendar day of a UTC ms (a day number, not the machine's zone). */
const localDayOf = (ms: number) => Math.floor((ms + OFFSET_MS) / DAY_MS);

const SIGN_IN_PROMPT = "按任意键签到";

const signInsAtHost = (rig: Rig) => rig.host.log.entries.filter((e) => e.direction === "in" && e.mti === "0800").length;

/** The cashier: a sign-in prompt gets a key (not ENTER: any key signs in), then the terminal is idle. */
async function answerSignInPrompt(rig: Rig): Promise<void> {
	assert.ok(rig.text().includes(SIGN_IN_PROMPT), rig.text());
	rig.keys("5");
	await rig.until(() => rig.terminal.state.kind === "idle", "idle after the new day's sign-in");
}

async function approvedSale(rig: Rig, amount: string): Promise<void> {
	await sale(rig, "debit", amount);
	assert.ok(rig.text().includes("交易成功"), `sale of ${amount} fen: ${rig.text()}`);
	rig.keys("ENTER");
}

const STARTS: readonly [string, number][] = [
	["23:59:30 local, 30 s before midnight", local(2026, 11, 21, 23, 59, 30)],
	["00:00:30 local, just after midnight", local(2026, 11, 22, 0, 0, 30)],
	["12:00:00 local, mid-day", local(2026, 11, 22, 12, 0, 0)],
];

describe("the daily sign-in at local midnight, from several start times", () => {
	for (const [label, startMs] of STARTS) {
		it(`start ${label}: sales across the day change, the prompt exactly on a new day, one sign-in a day`, async () => {
			const rig = await startRig({}, undefined, { startMs });
			try {
				await signOn(rig);
				assert.equal(rig.terminal.state.kind, "idle", rig.text());
				const days = new Set([localDayOf(rig.clock.nowMs())]);
				let signedInDay = localDayOf(rig.clock.nowMs());
				// Sales 40 s apart on the clock: from the first start they straddle midnight.
				for (const amount of ["101", "102", "103"]) {
					rig.clock.advance(40_000);
					const today = localDayOf(rig.clock.nowMs());
					days.add(today);
					assert.equal(rig.text().includes(SIGN_IN_PROMPT), today !== signedInDay, `before the sale of ${amount}: ${rig.text()}`);
					if (today !== signedInDay) {
						await answerSignInPrompt(rig);
						signedInDay = today;
					}
					await approvedSale(rig, amount);
				}
				// Idle until 10 s after the next local midnight: the idle screen turns into the sign-in prompt by itself.
				const nextMidnight = (localDayOf(rig.clock.nowMs()) + 1) * DAY_MS - OFFSET_MS;
				rig.clock.advance(nextMidnight - 20_000 - rig.clock.nowMs());
				assert.equal(rig.terminal.state.kind, "idle", `20 s before midnight: ${rig.text()}`);
				rig.clock.advance(30_000);
				assert.equal(rig.terminal.state.kind, "needs-sign-in", `10 s after midnight: ${rig.text()}`);
				days.add(localDayOf(rig.clock.nowMs()));
				await answerSignInPrompt(rig);
				await approvedSale(rig, "104");
				assert.equal(signInsAtHost(rig), days.size, "one sign-in for each local day");
				assert.deepEqual(rig.host.books.transactions.map((t) => `${t.amountFen} ${t.status}`), ["101 approved", "102 approved", "103 approved", "104 approved"]);
			} finally {
				await rig.stop();
			}
		});
	}
});
