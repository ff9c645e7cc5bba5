// Where a key goes: one case per state, handing it to the entry widget, the menu or the flow that owns the
// state. The F1 language key and the PIN pad's keys never reach here (terminal-app.ts).

import { PASSWORD_LENGTH } from "../operators/operator-store.js";
import { EMPTY_DIGITS, stepDigits } from "../ui/entry/digit-entry.js";
import type { EntryKey } from "../ui/entry/entry-step.js";
import { stepMenu, typedChoice } from "../ui/entry/menu-entry.js";
import { passwordConfig } from "../ui/entry/password-entry.js";
import { signedOn, type AppControl } from "./app-context.js";
import type { AppState, MenuName } from "./app-state.js";
import { OPERATOR_ADMIN_ENTRY, OPERATOR_ID_ENTRY, PARAM_VALUE_ENTRY, VOUCHER_ENTRY } from "./entry-configs.js";
import { entryKey } from "./entry-key.js";
import { flowTitle, MENU_PARENT, menuAction, menuOf, type MenuAction } from "./menus.js";
import {
	acknowledgeDamage,
	management,
	newPassword,
	operatorAdmin,
	operatorChosen,
	paramEntered,
	passwordEntered,
	signIn,
	signOff,
} from "./operator-flows.js";
import {
	askReprintCopy,
	printList,
	printTxn,
	queryList,
	queryTotals,
	reprintLast,
	reprintSettlement,
	reprintTxn,
	txnLines,
} from "./receipts.js";
import { settleConfirmLines } from "./screens.js";
import { confirmSettlement, settle } from "./settle-flow.js";
import { beginTxn, txnKey } from "./txn-flow.js";

type StateOf<K extends AppState["kind"]> = Extract<AppState, { kind: K }>;

/** How long a menu waits for the second digit of a two-digit number (the first alone counts after it). */
const MENU_DIGIT_WAIT_MS = 1500;

export function routeKey(app: AppControl, key: EntryKey): void {
	const s = app.state;
	switch (s.kind) {
		case "self-test":
		case "locked":
		case "not-configured":
		case "busy":
			return;
		case "journal-damaged":
			return entryKey(
				app,
				stepDigits(passwordConfig(PASSWORD_LENGTH.supervisor), s.entry, key),
				(entry) => app.set({ ...s, entry, notice: undefined }),
				(password) => acknowledgeDamage(app, s, password),
				() => app.set({ ...s, entry: EMPTY_DIGITS }),
			);
		case "login-operator":
			return entryKey(
				app,
				stepDigits(OPERATOR_ID_ENTRY, s.entry, key),
				(entry) => app.set({ ...s, entry, notice: undefined }),
				(id) => operatorChosen(app, id),
				() => app.set({ kind: "login-operator", entry: EMPTY_DIGITS }),
			);
		case "login-password":
			return entryKey(
				app,
				stepDigits(passwordConfig(PASSWORD_LENGTH[s.role]), s.entry, key),
				(entry) => app.set({ ...s, entry, notice: undefined }),
				(password) => passwordEntered(app, s, password),
				() => app.set({ kind: "login-operator", entry: EMPTY_DIGITS }),
			);
		case "change-password":
			return entryKey(
				app,
				stepDigits(passwordConfig(PASSWORD_LENGTH[s.role]), s.entry, key),
				(entry) => app.set({ ...s, entry, notice: undefined }),
				(password) => newPassword(app, s, password),
				() => (s.forced ? signOff(app) : openMenu(app, "operators")),
			);
		case "needs-sign-in":
			return signIn(app);
		case "idle":
			if (key.key === "ENTER" || key.key === "MENU") return openMenu(app, "main");
			return;
		case "forced-settlement":
			return confirmSettlement(app, true);
		case "settle-confirm":
			if (key.key === "ENTER") return settle(app, signedOn(app.session).id, s.forced);
			if (key.key === "CANCEL") return s.forced ? app.set({ kind: "forced-settlement" }) : openMenu(app, "main");
			// The layout shows as many lines from `scroll` as fit; the last line is as far as it goes.
			if (key.key === "UP" || key.key === "DOWN") {
				const last = settleConfirmLines(app.ctx, (id, ...args) => app.t(id, ...args)).length - 1;
				return app.set({ ...s, scroll: Math.max(0, Math.min(last, s.scroll + (key.key === "UP" ? -1 : 1))) });
			}
			return;
		case "day-settled":
			if (key.key === "ENTER" && s.closed.length > 0) return printList(app, s.closed, s.closed[0]!.batch);
			return app.set({ kind: "idle" });
		case "menu":
			return menuKey(app, s, key);
		case "txn":
			return txnKey(app, s.draft, s.step, key);
		case "printing":
			if (key.key === "ENTER" && s.tearOff) return app.session.printSession?.nextCopy();
			if (key.key === "CANCEL") return app.session.printSession?.cancel();
			return;
		case "params": {
			const config = s.stage === "admin" ? passwordConfig(PASSWORD_LENGTH.admin) : PARAM_VALUE_ENTRY;
			return entryKey(
				app,
				stepDigits(config, s.entry, key),
				(entry) => app.set({ ...s, entry, notice: undefined }),
				(digits) => paramEntered(app, s, digits, () => openMenu(app, "params")),
				() => openMenu(app, s.stage === "admin" ? "manage" : "params"),
			);
		}
		case "operator-admin":
			return entryKey(
				app,
				stepDigits(OPERATOR_ADMIN_ENTRY[s.stage], s.entry, key),
				(entry) => app.set({ ...s, entry, notice: undefined }),
				(digits) => operatorAdmin(app, s, digits),
				() => openMenu(app, "operators"),
			);
		case "reprint-copy": {
			const step = stepMenu(s.menu, key);
			const txn = app.ctx.journal.txn(s.stan);
			if (step.effect.kind === "changed") return app.set({ ...s, menu: step.state });
			if (step.effect.kind === "back") return openMenu(app, "reprint");
			if (step.effect.kind === "done" && txn) return reprintTxn(app, txn, step.effect.value);
			return;
		}
		case "voucher-lookup":
			return entryKey(
				app,
				stepDigits(VOUCHER_ENTRY, s.entry, key),
				(entry) => app.set({ ...s, entry, notice: undefined }),
				(digits) => voucherFound(app, s, digits),
				() => openMenu(app, s.purpose),
			);
		case "notice":
			if (s.next === "login") return app.set({ kind: "login-operator", entry: EMPTY_DIGITS });
			if (s.next === "needs-sign-in") return app.set({ kind: "needs-sign-in" });
			if (s.next === "reprint-offer" && key.key === "ENTER") {
				const { journal } = app.ctx;
				const last = journal.txn(journal.counters.lastStan);
				if (last) return printTxn(app, last);
			}
			return app.set({ kind: "idle" });
	}
}

function openMenu(app: AppControl, name: MenuName): void {
	app.set({ kind: "menu", name, menu: menuOf(name, app.ctx.params, (id) => app.t(id)) });
}

function menuKey(app: AppControl, s: StateOf<"menu">, key: EntryKey): void {
	const step = stepMenu(s.menu, key);
	switch (step.effect.kind) {
		case "changed": {
			const typed = { ...s, menu: step.state };
			app.set(typed);
			// A digit that starts a longer number waits a moment for the next one, then counts on its own.
			if (step.state.typed !== undefined)
				app.waitThen(MENU_DIGIT_WAIT_MS, () => {
					const chosen = typedChoice(typed.menu);
					const action = chosen === undefined ? undefined : menuAction(s.name, chosen);
					if (action) runMenuAction(app, action);
				});
			return;
		}
		case "back": {
			const parent = MENU_PARENT[s.name];
			return parent === "idle" ? app.set({ kind: "idle" }) : openMenu(app, parent);
		}
		case "done": {
			const action = menuAction(s.name, step.effect.value);
			return action ? runMenuAction(app, action) : undefined;
		}
		default:
			return;
	}
}

function runMenuAction(app: AppControl, action: MenuAction): void {
	const messages = app.ctx.management;
	switch (action.kind) {
		case "txn":
			return beginTxn(app, action.flow);
		case "menu":
			return openMenu(app, action.name);
		case "settle":
			return confirmSettlement(app, false);
		case "query-voucher":
			return app.set({ kind: "voucher-lookup", purpose: "query", entry: EMPTY_DIGITS });
		case "query-totals":
			return queryTotals(app, signedOn(app.session).id);
		case "query-list":
			return queryList(app);
		case "reprint-last":
			return reprintLast(app);
		case "reprint-voucher":
			return app.set({ kind: "voucher-lookup", purpose: "reprint", entry: EMPTY_DIGITS });
		case "reprint-settlement":
			return reprintSettlement(app);
		case "sign-in":
			return signIn(app);
		case "sign-off":
			return management(app, "titleSignOff", (op) => messages.signOff(op), "signOffDone", "needs-sign-in");
		case "echo":
			return management(app, "titleEcho", (op) => messages.echo(op), "echoDone", "idle");
		case "logout":
			return signOff(app);
		case "params-admin":
			return app.set({ kind: "params", stage: "admin", entry: EMPTY_DIGITS });
		case "param":
			return app.set({ kind: "params", stage: "value", name: action.name, entry: EMPTY_DIGITS });
		case "change-password": {
			const { id, role } = signedOn(app.session);
			return app.set({ kind: "change-password", id, role, entry: EMPTY_DIGITS });
		}
		case "operator-admin":
			return app.set({ kind: "operator-admin", action: action.action, stage: "supervisor", entry: EMPTY_DIGITS });
	}
}

/** A voucher number typed at 7-2 (reprint) or 8-1 (query). */
function voucherFound(app: AppControl, s: StateOf<"voucher-lookup">, digits: string): void {
	const txn = app.ctx.journal.txn(Number(digits));
	if (!txn || (s.purpose === "reprint" && txn.status !== "approved"))
		return app.set({ ...s, entry: EMPTY_DIGITS, notice: app.t("originalNotFound") });
	if (s.purpose === "reprint") return askReprintCopy(app, txn);
	app.notice(
		{ title: app.t("menuQueryTxn"), lines: [app.t(flowTitle(txn.kind)), ...txnLines(app, txn)], ok: txn.status === "approved" },
		"idle",
	);
}
