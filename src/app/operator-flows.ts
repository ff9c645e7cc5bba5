// The operator's side of the terminal: sign-on and passwords, the supervisor's acknowledgement of a damaged
// journal, cashier administration, the parameter editor, and the daily sign-in (签到) with the owed work
// that follows it (an owed reversal, an interrupted settlement, recovery notes) before idle.

import { ADMIN_ID, SUPERVISOR_ID, type OperatorError } from "../operators/operator-store.js";
import { saveParams } from "../params/param-store.js";
import { EMPTY_DIGITS } from "../ui/entry/digit-entry.js";
import type { MessageId } from "../ui/messages.js";
import { signedOn, type AppControl } from "./app-context.js";
import type { AppState } from "./app-state.js";
import { failureLines } from "./failure-text.js";
import { keyedValue, paramLine, paramRule } from "./param-texts.js";
import type { Declined, OnlineFailure } from "./online-failure.js";
import { forcedSettlementDue } from "./day-change.js";
import { settle } from "./settle-flow.js";

type StateOf<K extends AppState["kind"]> = Extract<AppState, { kind: K }>;

/** A refused password: the tries left, or locked out. */
export function passwordRefusal(app: AppControl, error: OperatorError): string {
	return error.kind === "wrong-password" ? app.t("passwordWrong", error.triesLeft) : app.t("operatorLocked");
}

/** The supervisor's password acknowledges the journal damage shown at boot; then the sign-on. */
export function acknowledgeDamage(app: AppControl, s: StateOf<"journal-damaged">, password: string): void {
	const checked = app.ctx.operators.verify(SUPERVISOR_ID, password, app.ctx.hal.clock.nowMs());
	if (checked.ok) return app.set({ kind: "login-operator", entry: EMPTY_DIGITS });
	app.set({ ...s, entry: EMPTY_DIGITS, notice: passwordRefusal(app, checked.error) });
}

export function operatorChosen(app: AppControl, id: string): void {
	const op = app.ctx.operators.find(id);
	if (!op) return app.set({ kind: "login-operator", entry: EMPTY_DIGITS, notice: app.t("operatorUnknown") });
	app.set({ kind: "login-password", id, role: op.role, entry: EMPTY_DIGITS });
}

export function passwordEntered(app: AppControl, s: StateOf<"login-password">, password: string): void {
	const checked = app.ctx.operators.verify(s.id, password, app.ctx.hal.clock.nowMs());
	if (!checked.ok) {
		app.errorBeep();
		const e = checked.error;
		if (e.kind === "wrong-password") return app.set({ ...s, entry: EMPTY_DIGITS, notice: passwordRefusal(app, e) });
		return app.set({
			kind: "login-operator",
			entry: EMPTY_DIGITS,
			notice: e.kind === "locked" ? app.t("operatorLocked") : app.t("storageError"),
		});
	}
	app.session.operator = { id: s.id, role: checked.value.role };
	if (checked.value.factoryPassword && app.ctx.params.forcePasswordChange) {
		return app.set({
			kind: "change-password",
			id: s.id,
			role: checked.value.role,
			entry: EMPTY_DIGITS,
			notice: app.t("defaultPasswordMustChange"),
			forced: true,
		});
	}
	afterSignOn(app);
}

/** The new password twice, then stored. */
export function newPassword(app: AppControl, s: StateOf<"change-password">, password: string): void {
	if (s.first === undefined) return app.set({ ...s, first: password, entry: EMPTY_DIGITS, notice: undefined });
	if (s.first !== password) return app.set({ ...s, first: undefined, entry: EMPTY_DIGITS, notice: app.t("passwordMismatch") });
	const changed = app.ctx.operators.setPassword(s.id, password);
	if (!changed.ok) return app.set({ ...s, first: undefined, entry: EMPTY_DIGITS, notice: app.t("storageError") });
	afterSignOn(app);
}

/** 9-4: the administrator's password opens the list; a value is validated by the schema and stored. */
export function paramEntered(app: AppControl, s: StateOf<"params">, digits: string, openList: () => void): void {
	const { ctx } = app;
	if (s.stage === "admin" || s.name === undefined) {
		const checked = ctx.operators.verify(ADMIN_ID, digits, ctx.hal.clock.nowMs());
		if (!checked.ok) return app.set({ ...s, entry: EMPTY_DIGITS, notice: passwordRefusal(app, checked.error) });
		return openList();
	}
	const name = s.name;
	const refuse = (text: string) => {
		app.errorBeep();
		app.set({ ...s, entry: EMPTY_DIGITS, notice: text });
	};
	const value = keyedValue(name, digits);
	// Refused with the rule it breaks; nothing is stored, the editor stays on the parameter.
	if (value === undefined) return refuse(app.t("paramInvalid", paramRule(name, app.t)));
	const saved = saveParams(ctx.hal.storage.records, ctx.params, { [name]: value });
	if (!saved.ok) return refuse(saved.error.kind === "invalid" ? app.t("paramInvalid", paramRule(name, app.t)) : app.t("storageError"));
	ctx.params = saved.value;
	ctx.operators.policy = { attempts: saved.value.lockoutAttempts, lockoutMs: saved.value.lockoutMs };
	app.notice({ title: app.t("menuParams"), lines: [app.t("paramSaved", paramLine(name, saved.value, app.t))], ok: true }, "idle");
}

/** Add or delete a cashier (operator 01–98) under the supervisor's password. */
export function operatorAdmin(app: AppControl, s: StateOf<"operator-admin">, digits: string): void {
	const { operators, hal } = app.ctx;
	const again = (notice: string, stage = s.stage) => app.set({ ...s, stage, entry: EMPTY_DIGITS, notice });
	const done = (text: string) => app.notice({ title: app.t("menuOperators"), lines: [text], ok: true }, "idle");
	switch (s.stage) {
		case "supervisor": {
			const checked = operators.verify(SUPERVISOR_ID, digits, hal.clock.nowMs());
			if (!checked.ok) return again(passwordRefusal(app, checked.error));
			return app.set({ ...s, stage: "id", entry: EMPTY_DIGITS, notice: undefined });
		}
		case "id":
			if (s.action === "delete") {
				const removed = operators.remove(digits);
				return removed.ok ? done(app.t("operatorDeleted", digits)) : again(operatorErrorText(app, removed.error));
			}
			if (operators.find(digits) || digits === SUPERVISOR_ID || digits === ADMIN_ID) return again(app.t("operatorExists"));
			return app.set({ ...s, stage: "password", id: digits, entry: EMPTY_DIGITS, notice: undefined });
		case "password":
			return app.set({ ...s, stage: "confirm", first: digits, entry: EMPTY_DIGITS, notice: undefined });
		case "confirm": {
			if (digits !== s.first || s.id === undefined) return again(app.t("passwordMismatch"), "password");
			const added = operators.add(s.id, digits);
			return added.ok ? done(app.t("operatorAdded", s.id)) : again(operatorErrorText(app, added.error), "id");
		}
	}
}

function operatorErrorText(app: AppControl, error: OperatorError): string {
	switch (error.kind) {
		case "unknown-operator":
			return app.t("operatorUnknown");
		case "protected":
		case "exists":
		case "bad-id":
			return app.t("operatorExists");
		default:
			return app.t("storageError");
	}
}

/** The operator signs off (menu 9-6, or CANCEL at a forced password change): back to the login. */
export function signOff(app: AppControl): void {
	app.session.operator = undefined;
	app.set({ kind: "login-operator", entry: EMPTY_DIGITS });
}

/**
 * After sign-on: the daily sign-in when due — unless an earlier day's batch must be settled first on that
 * day's sign-in (idle then shows the forced settlement) — then what the journal says is owed.
 */
function afterSignOn(app: AppControl): void {
	const { signInDay } = app.ctx.journal.counters;
	const forced = signInDay !== "" && forcedSettlementDue(app.ctx, app.today());
	if (signInDay !== app.today() && !forced) return signIn(app);
	toIdle(app);
}

/** An owed reversal goes out first, then an interrupted settlement resumes, then the recovery notes. */
function toIdle(app: AppControl): void {
	const { journal, gate } = app.ctx;
	if (journal.state.reversal) {
		app.set({ kind: "busy", title: "titleIdle", text: "recoveryReversal" });
		void gate.pass().then((gate) => {
			app.session.recovery = app.session.recovery.filter((id) => id !== "recoveryReversal");
			if (gate.ok) return toIdle(app);
			app.notice({ title: app.t("titleIdle"), lines: failureLines(gate.error, app.language), ok: false }, "idle");
		});
		return;
	}
	if (journal.state.settlement) return settle(app, signedOn(app.session).id);
	const notes = app.session.recovery.splice(0);
	if (notes.length > 0)
		return app.notice(
			{ title: app.t("titleIdle"), lines: notes.map((id) => app.t(id)), ok: true },
			notes.includes("recoverySlip") ? "reprint-offer" : "idle",
		);
	app.set({ kind: "idle" });
}

/** The daily sign-in (0800): the working keys, the host's clock, the batch number. */
export function signIn(app: AppControl): void {
	app.set({ kind: "busy", title: "titleSignIn", text: "connecting" });
	void app.ctx.management.signIn(app.session.operator?.id ?? "01").then((result) => {
		if (result.ok) return toIdle(app);
		app.set({ kind: "needs-sign-in", notice: failureLines(result.error, app.language).join(", ") });
	});
}

/** A management message from menu 9 (sign-off, echo): busy, then what the host said. */
export function management(
	app: AppControl,
	title: MessageId,
	run: (operator: string) => Promise<{ ok: true } | { ok: false; error: OnlineFailure | Declined }>,
	done: MessageId,
	next: "idle" | "needs-sign-in",
): void {
	app.set({ kind: "busy", title, text: "connecting" });
	void run(signedOn(app.session).id).then((result) => {
		if (result.ok) return app.notice({ title: app.t(title), lines: [app.t(done)], ok: true }, next);
		app.notice({ title: app.t(title), lines: failureLines(result.error, app.language), ok: false }, "idle");
	});
}
