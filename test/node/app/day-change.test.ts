// The daily sign-in (签到) at several start times of the shared virtual clock: just before and just after local
// midnight in the terminal's zone (utcOffsetMinutes, UTC+8 by default) and mid-day. A cashier who meets the
// sign-in prompt presses a key; every sale is approved, the terminal asks to sign in exactly when the local
// day changes, and the acquirer sees one sign-in per local day. Nothing here reads the wall clock or the
// machine's time zone (TZ): the local dates below are computed from UTC with the parameter's offset.

import { strict as assert } from "node:assert";
import { defaultParams } from "../../../src/params/schema.js";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { sale, signOn, terminalOn } from "../support/terminal-on-host.js";
import { isSignIn } from "../support/acquirer-session.js";

const OFFSET_MS = defaultParams().utcOffsetMinutes * 60_000;
const DAY_MS = 86_400_000;

/** UTC ms of a local (UTC+8) date and time. */
const local = (year: number, month: number, day: number, h: number, m: number, s: number) =>
	Date.UTC(year, month - 1, day, h, m, s) - OFFSET_MS;
/** The local calendar day of a UTC ms (a day number, not the machine's zone). */
const localDayOf = (ms: number) => Math.floor((ms + OFFSET_MS) / DAY_MS);

const SIGN_IN_PROMPT = "按任意键签到";

const signInsAtHost = (host: AcquirerHost) => host.log.entries.filter(isSignIn).length;

/** The cashier: a sign-in prompt gets a key (not ENTER: any key signs in), then the terminal is idle. */
async function answerSignInPrompt(session: ScriptedTerminal): Promise<void> {
	assert.ok(session.screen().includes(SIGN_IN_PROMPT), session.screen());
	session.keys("5");
	await session.until(() => session.terminal.state.kind === "idle", "idle after the new day's sign-in");
}

async function approvedSale(session: ScriptedTerminal, amount: string): Promise<void> {
	await sale(session, "debit", amount);
	assert.ok(session.screen().includes("交易成功"), `sale of ${amount} fen: ${session.screen()}`);
	session.keys("ENTER");
}

const STARTS: readonly [string, number][] = [
	["23:59:30 local, 30 s before midnight", local(2026, 11, 21, 23, 59, 30)],
	["00:00:30 local, just after midnight", local(2026, 11, 22, 0, 0, 30)],
	["12:00:00 local, mid-day", local(2026, 11, 22, 12, 0, 0)],
];

describe("the daily sign-in at local midnight, from several start times", () => {
	for (const [label, startMs] of STARTS) {
		it(`start ${label}: sales across the day change, the prompt exactly on a new day, one sign-in a day`, async () => {
			const host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
			const session = terminalOn(host, {}, startMs);
			try {
				await signOn(session);
				assert.equal(session.terminal.state.kind, "idle", session.screen());
				const days = new Set([localDayOf(session.clock.nowMs())]);
				let signedInDay = localDayOf(session.clock.nowMs());
				// Sales 40 s apart on the clock: from the first start they straddle midnight.
				for (const amount of ["101", "102", "103"]) {
					session.clock.advance(40_000);
					const today = localDayOf(session.clock.nowMs());
					days.add(today);
					assert.equal(
						session.screen().includes(SIGN_IN_PROMPT),
						today !== signedInDay,
						`before the sale of ${amount}: ${session.screen()}`,
					);
					if (today !== signedInDay) {
						await answerSignInPrompt(session);
						signedInDay = today;
					}
					await approvedSale(session, amount);
				}
				// Idle until 10 s after the next local midnight: the idle screen turns into the sign-in prompt by itself.
				const nextMidnight = (localDayOf(session.clock.nowMs()) + 1) * DAY_MS - OFFSET_MS;
				session.clock.advance(nextMidnight - 20_000 - session.clock.nowMs());
				assert.equal(session.terminal.state.kind, "idle", `20 s before midnight: ${session.screen()}`);
				session.clock.advance(30_000);
				assert.equal(session.terminal.state.kind, "needs-sign-in", `10 s after midnight: ${session.screen()}`);
				days.add(localDayOf(session.clock.nowMs()));
				await answerSignInPrompt(session);
				await approvedSale(session, "104");
				assert.equal(signInsAtHost(host), days.size, "one sign-in for each local day");
				assert.deepEqual(
					host.books.transactions.map((t) => `${t.amountFen} ${t.status}`),
					["101 approved", "102 approved", "103 approved", "104 approved"],
				);
			} finally {
				session.stop();
				await host.stop();
			}
		});
	}
});
