// Settlement from the keypad (menu 6, the forced next-day settlement, or resumed after sign-on): the totals by
// type confirmed (确认/取消), the online part (settlement.ts), the slip after it, and after a forced one the
// closed day's result with the offer of its transaction list.

import { signedOn, type AppControl } from "./app-context.js";
import { failureLines } from "./failure-text.js";
import { printSettlement } from "./receipts.js";

/** Shows the totals to confirm; an interrupted settlement (already sent) resumes at once. */
export function confirmSettlement(app: AppControl, forced: boolean): void {
	if (app.ctx.journal.state.settlement) return settle(app, signedOn(app.session).id, forced);
	if (!forced && !signedInToday(app)) return notSignedIn(app);
	app.set({ kind: "settle-confirm", forced, scroll: 0 });
}

/**
 * Settles now. A forced settlement runs on the earlier day's sign-in (the batch is that day's); any other
 * needs today's sign-in, unless it resumes one already sent.
 */
export function settle(app: AppControl, operator: string, forced = false): void {
	const { journal, settlement } = app.ctx;
	if (!forced && !signedInToday(app) && !journal.state.settlement) return notSignedIn(app);
	app.set({ kind: "busy", title: "titleSettle", text: "processing" });
	void settlement
		.settle(operator, (done, total) => app.set({ kind: "busy", title: "titleSettle", text: "uploading", progress: { done, total } }))
		.then((result) => {
			if (!result.ok)
				return app.notice({ title: app.t("titleSettle"), lines: failureLines(result.error, app.language), ok: false }, "idle");
			printSettlement(app, result.value, forced);
		});
}

function signedInToday(app: AppControl): boolean {
	return app.ctx.journal.counters.signInDay === app.today();
}

function notSignedIn(app: AppControl): void {
	app.notice({ title: app.t("titleSettle"), lines: [app.t("notSignedIn")], ok: false }, "idle");
}
