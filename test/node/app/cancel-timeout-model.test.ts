// Model-based test of issue 7's "cancel/timeout at every step": the cases are generated from the
// application's own step lists (FLOW_STEPS) and typed tables over its state model (StepKind, MenuName,
// AppState kinds), so a new flow, step, menu or waiting state fails to compile or fails the guards below
// until it is covered. Each case drives the terminal to one waiting screen, presses CANCEL or lets the
// step timeout pass on virtual time, and checks: the screen a cashier expects, nothing sent to the host,
// the journal unchanged (no half-done record, no owed reversal), and that the next sale still works
// (which also proves the secure element let go of the keypad: a PIN session left open answers "busy").

import { strict as assert } from "node:assert";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { FLOW_STEPS, type AppState, type Flow, type MenuName, type StepKind } from "../../../src/app/app-state.js";
import { defaultParams } from "../../../src/params/schema.js";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { pinPause, sale, signOn, terminalOn } from "../support/terminal-on-host.js";

const STEP_TIMEOUT_MS = defaultParams().stepTimeoutMs;
const CANCELLED = "交易取消";
/** The factory passwords (operator-store.ts). */
const ADMIN_PASSWORD = "12345678";
const TIMED_OUT = "操作超时";

/** The keys from idle that open each flow (issue 7 menus: 1–4 main, 5-x pre-auth). */
const FLOW_MENU_KEYS: Readonly<Record<Flow, readonly string[]>> = {
	sale: ["ENTER", "1"],
	void: ["ENTER", "2"],
	refund: ["ENTER", "3"],
	balance: ["ENTER", "4"],
	preauth: ["ENTER", "5", "1"],
	"preauth-void": ["ENTER", "5", "2"],
	completion: ["ENTER", "5", "3"],
	"completion-advice": ["ENTER", "5", "4"],
	"completion-void": ["ENTER", "5", "5"],
};

/** Originals the void flows look up by voucher number, made once online. */
interface Originals {
	saleVoucher: string;
	completionVoucher: string;
	rrn: string;
	authCode: string;
	date: string;
}

/** How a cashier answers each step so the flow moves on (every StepKind: a new one must be added here). */
const ANSWER: Readonly<Record<StepKind, (session: ScriptedTerminal, flow: Flow, o: Originals) => Promise<void> | void>> = {
	supervisor: (session) => session.keys("123456", "ENTER"),
	voucher: (session, flow, o) => session.keys(flow === "void" ? o.saleVoucher : o.completionVoucher, "ENTER"),
	"confirm-original": (session) => session.keys("ENTER"),
	card: (session) => session.swipe({ card: "debit" }),
	expiry: (session) => session.keys("3012", "ENTER"),
	"confirm-card": (session) => session.keys("ENTER"),
	"original-rrn": (session, _flow, o) => session.keys(o.rrn, "ENTER"),
	"original-date": (session, _flow, o) => session.keys(o.date, "ENTER"),
	"auth-code": (session, _flow, o) => session.keys(o.authCode, "ENTER"),
	amount: (session) => session.keys("100", "ENTER"),
	pin: async (session) => {
		await pinPause(session);
		session.keys(TEST_CARDS.debit.pin, "ENTER");
	},
	online: () => assert.fail("a case never goes past its step to online"),
};

/** Steps the flow lists but that are not a screen waiting for the operator. */
const NOT_WAITING: ReadonlySet<StepKind> = new Set(["online"]);

interface TxnCase {
	readonly flow: Flow;
	readonly step: StepKind;
	/** The steps answered before it; `manual` keys the card number instead of swiping. */
	readonly before: readonly StepKind[];
	readonly manual?: boolean;
}

function txnCases(): TxnCase[] {
	const cases: TxnCase[] = [];
	for (const [flow, steps] of Object.entries(FLOW_STEPS) as [Flow, readonly StepKind[]][]) {
		steps.forEach((step, i) => {
			if (!NOT_WAITING.has(step)) cases.push({ flow, step, before: steps.slice(0, i) });
		});
	}
	// The expiry step exists only for a keyed card number (manual entry): once, on a sale.
	cases.push({ flow: "sale", step: "expiry", before: ["amount"], manual: true });
	return cases;
}

/** Each menu: the keys from idle that open it, and where CANCEL goes (one level up). */
const MENUS: Readonly<Record<MenuName, { readonly keys: readonly string[]; readonly parent: MenuName | "idle" }>> = {
	main: { keys: ["ENTER"], parent: "idle" },
	preauth: { keys: ["ENTER", "5"], parent: "main" },
	reprint: { keys: ["ENTER", "7"], parent: "main" },
	query: { keys: ["ENTER", "8"], parent: "main" },
	manage: { keys: ["ENTER", "9"], parent: "main" },
	operators: { keys: ["ENTER", "9", "3"], parent: "manage" },
	params: { keys: ["ENTER", "9", "4", ADMIN_PASSWORD, "ENTER"], parent: "manage" },
};

/** Entry screens outside the transaction flows: the keys from idle, the state kind, where CANCEL goes. */
interface EntryCase {
	readonly name: string;
	readonly keys: readonly string[];
	readonly kind: AppState["kind"];
	readonly cancelTo: MenuName;
}
const ENTRY_CASES: readonly EntryCase[] = [
	{ name: "reprint by voucher number", keys: ["ENTER", "7", "2"], kind: "voucher-lookup", cancelTo: "reprint" },
	{ name: "query by voucher number", keys: ["ENTER", "8", "1"], kind: "voucher-lookup", cancelTo: "query" },
	{ name: "parameters: administrator password", keys: ["ENTER", "9", "4"], kind: "params", cancelTo: "manage" },
	{ name: "parameters: a value", keys: ["ENTER", "9", "4", ADMIN_PASSWORD, "ENTER", "1", "ENTER"], kind: "params", cancelTo: "params" },
	{ name: "reprint: which copy", keys: ["ENTER", "7", "1"], kind: "reprint-copy", cancelTo: "reprint" },
	{ name: "change password: new", keys: ["ENTER", "9", "3", "1"], kind: "change-password", cancelTo: "operators" },
	{ name: "change password: again", keys: ["ENTER", "9", "3", "1", "1234"], kind: "change-password", cancelTo: "operators" },
	{ name: "add operator: supervisor password", keys: ["ENTER", "9", "3", "2"], kind: "operator-admin", cancelTo: "operators" },
	{ name: "add operator: number", keys: ["ENTER", "9", "3", "2", "123456", "ENTER"], kind: "operator-admin", cancelTo: "operators" },
	{
		name: "add operator: password",
		keys: ["ENTER", "9", "3", "2", "123456", "ENTER", "07", "ENTER"],
		kind: "operator-admin",
		cancelTo: "operators",
	},
	{
		name: "add operator: password again",
		keys: ["ENTER", "9", "3", "2", "123456", "ENTER", "07", "ENTER", "1234", "ENTER"],
		kind: "operator-admin",
		cancelTo: "operators",
	},
	{ name: "delete operator: supervisor password", keys: ["ENTER", "9", "3", "3"], kind: "operator-admin", cancelTo: "operators" },
	{ name: "delete operator: number", keys: ["ENTER", "9", "3", "3", "123456", "ENTER"], kind: "operator-admin", cancelTo: "operators" },
	{ name: "settlement: confirm the totals", keys: ["ENTER", "6"], kind: "settle-confirm", cancelTo: "main" },
];

/**
 * Every state kind and how this test reaches it waiting for the operator (a new kind fails to compile here).
 * States that wait on nothing the cashier does, or come before sign-on, say why they are not cases.
 */
const STATE_COVERAGE: Readonly<Record<AppState["kind"], string>> = {
	"self-test": "boot only: no key is read",
	locked: "terminal locked: no key leaves it",
	"not-configured": "no key leaves it",
	"journal-damaged": "before sign-on: CANCEL clears the supervisor password; only it leaves (journal-damage tests)",
	"login-operator": "before sign-on: CANCEL clears the entry (terminal-boot tests)",
	"login-password": "before sign-on: CANCEL returns to the operator number (terminal-boot tests)",
	"needs-sign-in": "any key starts the sign-in: nothing to cancel",
	busy: "waits on the host: no key is read",
	idle: "the place every case returns to",
	menu: "MENUS",
	txn: "txnCases() from FLOW_STEPS",
	notice: "result screens: CANCEL dismisses to idle in every case",
	"change-password": "ENTRY_CASES",
	"operator-admin": "ENTRY_CASES",
	params: "ENTRY_CASES",
	"voucher-lookup": "ENTRY_CASES",
	"settle-confirm": "ENTRY_CASES",
	"forced-settlement": "any key goes on to the settlement's confirmation: nothing to cancel (reversal-and-day tests)",
	"day-settled": "a forced settlement's result: any key but ENTER dismisses it (reversal-and-day tests)",
	"reprint-copy": "ENTRY_CASES",
	printing: "tear-off between slip copies: its own cases (the printer driver times it out)",
};

type Action = "cancel" | "timeout";
const ACTIONS: readonly Action[] = ["cancel", "timeout"];

describe("cancel and timeout at every waiting step (model-based, issue 7)", () => {
	let host: AcquirerHost;
	let session: ScriptedTerminal;
	let originals: Originals;

	before(async () => {
		host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		session = terminalOn(host, { manualEntryAllowed: true, slipCopies: 1 });
		await signOn(session);
		// A sale (void's original, refund's reference) and a pre-auth completed online (completion void's original).
		await sale(session, "debit", "500");
		const journal = session.terminal.journal!;
		const sold = journal.txn(journal.counters.lastStan)!;
		session.keys("ENTER");
		// After the amount: the PIN, the result approved, its record; ENTER back to idle.
		const approved = async (what: string) => {
			await pinPause(session);
			session.keys(TEST_CARDS.debit.pin, "ENTER");
			await session.until(() => session.terminal.state.kind === "notice", `the ${what}'s result`);
			const txn = journal.txn(journal.counters.lastStan)!;
			assert.equal(txn.status, "approved", session.screen());
			session.keys("ENTER");
			return txn;
		};
		session.keys(...FLOW_MENU_KEYS.preauth);
		session.swipe({ card: "debit" });
		session.keys("ENTER", "800", "ENTER");
		const preauth = await approved("pre-auth");
		session.keys(...FLOW_MENU_KEYS.completion);
		session.swipe({ card: "debit" });
		session.keys("ENTER", preauth.authCode, "ENTER", preauth.hostDate.slice(-4), "ENTER", "800", "ENTER");
		const completion = await approved("completion");
		assert.equal(session.terminal.state.kind, "idle");
		originals = {
			saleVoucher: String(sold.stan),
			completionVoucher: String(completion.stan),
			rrn: sold.rrn,
			authCode: preauth.authCode,
			date: sold.hostDate.slice(-4),
		};
	});
	after(async () => {
		session?.stop();
		await host?.stop();
	});

	// A failed case must not leave the next one stranded: back to idle first.
	beforeEach(() => {
		for (let i = 0; i < 6 && session.terminal.state.kind !== "idle"; i++)
			session.keys(session.terminal.state.kind === "notice" ? "ENTER" : "CANCEL");
	});

	const requestsIn = () => host.log.entries.filter((e) => e.direction === "in").length;
	const journalSummary = () => {
		const journal = session.terminal.journal!;
		return JSON.stringify({
			counters: journal.counters,
			reversal: journal.state.reversal ?? null,
			settlement: journal.state.settlement ?? null,
			txns: [...journal.state.txns.values()].map((t) => [t.stan, t.kind, t.status, t.amountFen, t.voided ?? false, t.printedCopies]),
		});
	};
	const menuName = () => (session.terminal.state.kind === "menu" ? session.terminal.state.name : session.terminal.state.kind);

	/** Runs `reach`, takes the action, checks where the terminal went and that nothing moved. */
	async function leave(reach: () => Promise<void>, action: Action, expect: (action: Action) => void): Promise<void> {
		assert.equal(session.terminal.state.kind, "idle", session.screen());
		const sent = requestsIn();
		const summary = journalSummary();
		await reach();
		if (action === "cancel") session.keys("CANCEL");
		else session.clock.advance(STEP_TIMEOUT_MS + 1);
		await session.until(() => !session.terminal.busy && session.terminal.state.kind !== "txn", "the step to be left");
		expect(action);
		assert.equal(requestsIn(), sent, "nothing was sent to the host");
		assert.equal(journalSummary(), summary, "the journal is unchanged: no record, no owed reversal");
		// Back to idle from wherever it went: CANCEL up the menus, any key past a notice.
		for (let i = 0; i < 4 && session.terminal.state.kind !== "idle"; i++) session.keys("CANCEL");
		assert.equal(session.terminal.state.kind, "idle", session.screen());
	}

	function expectNotice(action: Action): void {
		assert.equal(session.terminal.state.kind, "notice", session.screen());
		assert.ok(session.screen().includes(action === "cancel" ? CANCELLED : TIMED_OUT), session.screen());
	}

	/** 9-4: the slipCopies parameter from the keypad (the list is longer than 9: DOWN to it, ENTER). */
	function setSlipCopies(copies: number): void {
		session.keys("ENTER", "9", "4", ADMIN_PASSWORD, "ENTER");
		const s = session.terminal.state;
		const index = s.kind === "menu" ? s.menu.items.findIndex((i) => i.label.startsWith("签购单联数:")) : -1;
		assert.ok(index >= 0, session.screen());
		session.keys(...Array<string>(index).fill("DOWN"), "ENTER", String(copies), "ENTER");
		assert.ok(session.screen().includes(`签购单联数: ${copies}`), session.screen());
		session.keys("ENTER");
		assert.equal(session.terminal.state.kind, "idle", session.screen());
	}

	/** The next sale after a left step: approved, one request, nothing owed. */
	async function nextSaleWorks(): Promise<void> {
		const sent = requestsIn();
		await sale(session, "debit", "1");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		assert.equal(requestsIn(), sent + 1, "the sale alone went online: no reversal was owed");
		session.keys("ENTER");
	}

	it("covers every step of every flow and every state kind (guard)", () => {
		const cases = txnCases();
		for (const [flow, steps] of Object.entries(FLOW_STEPS) as [Flow, readonly StepKind[]][]) {
			for (const step of steps)
				assert.ok(NOT_WAITING.has(step) || cases.some((c) => c.flow === flow && c.step === step), `${flow}/${step}`);
		}
		assert.ok(
			Object.keys(ANSWER).every((step) => NOT_WAITING.has(step as StepKind) || cases.some((c) => c.step === step)),
			"every step kind is a case somewhere",
		);
		for (const kind of ["menu", "txn", "voucher-lookup", "params", "operator-admin", "change-password", "printing"] as const)
			assert.ok(STATE_COVERAGE[kind]);
		for (const entry of ENTRY_CASES) assert.ok(STATE_COVERAGE[entry.kind] === "ENTRY_CASES", entry.name);
	});

	for (const c of txnCases()) {
		for (const action of ACTIONS) {
			it(`${c.flow} / ${c.step}${c.manual ? " (keyed card)" : ""}: ${action}`, async () => {
				await leave(
					async () => {
						session.keys(...FLOW_MENU_KEYS[c.flow]);
						for (const step of c.before) await ANSWER[step](session, c.flow, originals);
						if (c.manual) session.keys(TEST_CARDS.debit.pan, "ENTER");
						// PIN entry starts after the secure element's pacing (PCI PTS).
						if (c.step === "pin") await pinPause(session);
						const s = session.terminal.state;
						assert.ok(s.kind === "txn" && s.step.kind === c.step, `at ${c.step}: ${session.screen()}`);
					},
					action,
					expectNotice,
				);
				await nextSaleWorks();
			});
		}
	}

	for (const [name, menu] of Object.entries(MENUS) as [MenuName, (typeof MENUS)[MenuName]][]) {
		for (const action of ACTIONS) {
			it(`menu ${name}: ${action} → ${action === "cancel" ? menu.parent : "idle"}`, async () => {
				await leave(
					async () => {
						session.keys(...menu.keys);
						assert.equal(menuName(), name, session.screen());
					},
					action,
					(a) => (a === "cancel" ? assert.equal(menuName(), menu.parent, session.screen()) : expectNotice(a)),
				);
			});
		}
	}

	for (const entry of ENTRY_CASES) {
		for (const action of ACTIONS) {
			it(`${entry.name}: ${action} → ${action === "cancel" ? entry.cancelTo : "idle"}`, async () => {
				await leave(
					async () => {
						session.keys(...entry.keys);
						assert.equal(session.terminal.state.kind, entry.kind, session.screen());
					},
					action,
					(a) => (a === "cancel" ? assert.equal(menuName(), entry.cancelTo, session.screen()) : expectNotice(a)),
				);
			});
		}
	}

	for (const action of ACTIONS) {
		// CANCEL skips the customer copy; left alone, the printer driver prints it after its tear-off timeout.
		it(`tear-off between slip copies: ${action} → ${action === "cancel" ? "second copy skipped" : "second copy printed"}, the sale stays approved`, async () => {
			setSlipCopies(2);
			assert.equal(session.terminal.state.kind, "idle", session.screen());
			const sent = requestsIn();
			session.keys(...FLOW_MENU_KEYS.sale);
			session.swipe({ card: "debit" });
			session.keys("ENTER", "2", "ENTER");
			await pinPause(session);
			session.keys(TEST_CARDS.debit.pin, "ENTER");
			await session.until(() => session.terminal.state.kind === "printing" && session.terminal.state.tearOff, "the tear-off prompt");
			if (action === "cancel") session.keys("CANCEL");
			else session.clock.advance(STEP_TIMEOUT_MS + 1);
			await session.until(() => session.terminal.state.kind === "notice", "the result");
			assert.ok(session.screen().includes("交易成功"), session.screen());
			const journal = session.terminal.journal!;
			const txn = journal.txn(journal.counters.lastStan)!;
			assert.equal(txn.status, "approved");
			assert.equal(txn.printedCopies, action === "cancel" ? 1 : 2, "the printed journal point counts the copies on paper");
			assert.equal(journal.state.reversal, undefined);
			assert.equal(requestsIn(), sent + 1);
			session.keys("CANCEL");
			assert.equal(session.terminal.state.kind, "idle");
			setSlipCopies(1);
			await nextSaleWorks();
		});
	}
});

describe("cancel and timeout at a forced change of the factory password", () => {
	let host: AcquirerHost;
	let session: ScriptedTerminal;

	beforeEach(async () => {
		host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		session = terminalOn(host, { forcePasswordChange: true });
		session.keys("01", "ENTER", "0000", "ENTER");
		const s = session.terminal.state;
		assert.ok(s.kind === "change-password" && s.forced, session.screen());
	});
	afterEach(async () => {
		session.stop();
		await host.stop();
	});

	for (const action of ACTIONS) {
		it(`${action} signs the operator off instead of letting the factory password through`, () => {
			session.keys("1234");
			if (action === "cancel") session.keys("CANCEL");
			else session.clock.advance(STEP_TIMEOUT_MS + 1);
			assert.equal(session.terminal.state.kind, "login-operator", session.screen());
			assert.equal(session.terminal.operator, undefined);
			assert.equal(session.terminal.journal!.counters.signInDay, "", "no sign-in ran for a password never changed");
		});
	}
});
