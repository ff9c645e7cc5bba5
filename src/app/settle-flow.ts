// Settlement from the keypad (menu 6, or resumed after sign-on): the online part is the settlement exchange
// (settlement.ts); here the screens around it and the slip after it.

import type { AppControl } from "./app-context.js";
import { failureLines } from "./failure-text.js";
import { printSettlement } from "./receipts.js";

export function settle(app: AppControl, operator: string): void {
	const { journal, settlement } = app.ctx;
	if (journal.counters.signInDay !== app.today() && !journal.state.settlement) {
		return app.notice({ title: app.t("titleSettle"), lines: [app.t("notSignedIn")], ok: false }, "idle");
	}
	app.set({ kind: "busy", title: "titleSettle", text: "processing" });
	void settlement
		.settle(operator, (done, total) => app.set({ kind: "busy", title: "titleSettle", text: "uploading", progress: { done, total } }))
		.then((result) => {
			if (!result.ok)
				return app.notice({ title: app.t("titleSettle"), lines: failureLines(result.error, app.language), ok: false }, "idle");
			printSettlement(app, result.value.summary, result.value.uploaded);
		});
}
