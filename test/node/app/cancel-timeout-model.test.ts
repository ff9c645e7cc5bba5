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
import { pinPause, sale, signOn, startRig, type Rig } from "./terminal-harness.js";

const STEP_TIMEOUT_MS = defaultParams().stepTimeoutMs;
const CANCELLED = "交易取消";
/** The factory passwords (operator-store.ts). */
const ADMIN_PASSWORD = "12345678";
const TIMED_OUT = "操作超时";

/** The keys from idle that open each flow (issue 7 menus: 1–4 main, 5-x pre-auth). */
const FLOW_MENU_KEYS: Readonly<Record<Flow, readonly string[]>> = {
	sale: ["ENTER", "1"], void: ["ENTER", "2"], refund: ["ENTER", "3"], balance: ["ENTER", "4"],
	preauth: ["ENTER", "5", "1"], "preauth-void": ["ENTER", "5", "2"], completion: ["ENTER", "5", "3"], "completion-advice": ["ENTER", "5", "4"], "completion-void": ["ENTER", "5", "5"],
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
const ANSWER: Readonly<Record<StepKind, (rig: Rig, flow: Flow, o: Originals) => Promise<void> | void>> = {
	supervisor: (rig) => rig.keys("123456", "ENTER"),
	voucher: (rig, flow, o) => rig.keys(flow === "void" ? o.saleVoucher : o.completionVoucher, "ENTER"),
	"confirm-original": (rig) => rig.keys("ENTER"),
	card: (rig) => rig.swipe("debit"),
	expiry: (rig) => rig.keys("3012", "ENTER"),
	"confirm-card": (rig) => rig.keys("ENTER"),
	"original-rrn": (rig, _flow, o) => rig.keys(o.rrn, "ENTER"),
	"original-date": (rig, _flow, o) => rig.keys(o.date, "ENTER"),
	"auth-code": (rig, _flow, o) => rig.keys(o.authCode, "ENTER"),
	amount: (rig) => rig.keys("100", "ENTER"),
	pin: async (rig) => {
		await pinPause(rig);
		rig.keys(TEST_CARDS.debit.pin, "ENTER");
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
	cases.push({ flow: "sale", step: "expiry", before: [], manual: true });
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
	{ name: "parameters: a value", keys: ["ENTER", "9", "4", ADMIN_PASSWORD, "ENTER", "1"], kind: "params", cancelTo: "params" },
	{ name: "change password: new", keys: ["ENTER", "9", "3", "1"], kind: "change-password", cancelTo: "operators" },
	{ name: "change password: again", keys: ["ENTER", "9", "3", "1", "1234"], kind: "change-password", cancelTo: "operators" },
	{ name: "add operator: supervisor password", keys: ["ENTER", "9", "3", "2"], kind: "operator-admin", cancelTo: "operators" },
	{ name: "add operator: number", keys: ["ENTER", "9", "3", "2", "123456", "ENTER"], kind: "operator-admin", cancelTo: "operators" },
	{ name: "add operator: password", keys: ["ENTER", "9", "3", "2", "123456", "ENTER", "07", "ENTER"], kind: "operator-admin", cancelTo: "operators" },
	{ name: "add operator: password again", keys: ["ENTER", "9", "3", "2", "123456", "ENTER", "07", "ENTER", "1234", "ENTER"], kind: "operator-admin", cancelTo: "operators" },
	{ name: "delete operator: supervisor password", keys: ["ENTER", "9", "3", "3"], kind: "operator-admin", cancelTo: "operators" },
	{ name: "delete operator: number", keys: ["ENTER", "9", "3", "3", "123456", "ENTER"], kind: "operator-admin", cancelTo: "operators" },
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
	printing: "tear-off between slip copies: its own cases (the printer driver times it out)",
};

type Action = "cancel" | "timeout";
const ACTIONS: readonly Action[] = ["cancel", "timeout"];

describe("cancel and timeout at every waiting step (model-based, issue 7)", () => {
	let rig: Rig;
	let originals: Originals;

	before(async () => {
		rig = await startRig({ manualEntryAllowed: true, slipCopies: 1 });
		await signOn(rig);
		// A sale (void's original, refund's reference) and a pre-auth completed online (completion void's original).
		await sale(rig, "debit", "500");
		const journal = rig.terminal.journal!;
		const sold = journal.txn(journal.counters.lastStan)!;
		rig.keys("ENTER");
		// After the amount: the PIN, the result approved, its record; ENTER back to idle.
		const approved = async (what: string) => {
			await pinPause(rig);
			rig.keys(TEST_CARDS.debit.pin, "ENTER");
			await rig.until(() => rig.terminal.state.kind === "notice", `the ${what}'s result`);
			const txn = journal.txn(journal.counters.lastStan)!;
			assert.equal(txn.status, "approved", rig.text());
			rig.keys("ENTER");
			return txn;
		};
		rig.keys(...FLOW_MENU_KEYS.preauth);
		rig.swipe("debit");
		rig.keys("ENTER", "800", "ENTER");
		const preauth = await approved("pre-auth");
		rig.keys(...FLOW_MENU_KEYS.completion);
		rig.swipe("debit");
		rig.keys("ENTER", preauth.authCode, "ENTER", preauth.hostDate.slice(-4), "ENTER", "800", "ENTER");
		const completion = await approved("completion");
		assert.equal(rig.terminal.state.kind, "idle");
		originals = { saleVoucher: String(sold.stan), completionVoucher: String(completion.stan), rrn: sold.rrn, authCode: preauth.authCode, date: sold.hostDate.slice(-4) };
	});
	after(async () => {
		await rig?.stop();
	});

	// A failed case must not leave the next one stranded: back to idle first.
	beforeEach(() => {
		for (let i = 0; i < 6 && rig.terminal.state.kind !== "idle"; i++) rig.keys(rig.terminal.state.kind === "notice" ? "ENTER" : "CANCEL");
	});

	const requestsIn = () => rig.host.log.entries.filter((e) => e.direction === "in").length;
	const journalSummary = () => {
		const journal = rig.terminal.journal!;
		return JSON.stringify({ counters: journal.counters, reversal: journal.state.reversal ?? null, settlement: journal.state.settlement ?? null, txns: [...journal.state.txns.values()].map((t) => [t.stan, t.kind, t.status, t.amountFen, t.voided ?? false, t.printedCopies]) });
	};
	const menuName = () => (rig.terminal.state.kind === "menu" ? rig.terminal.state.name : rig.terminal.state.kind);

	/** Runs `reach`, takes the action, checks where the terminal went and that nothing moved. */
	async function leave(reach: () => Promise<void>, action: Action, expect: (action: Action) => void): Promise<void> {
		assert.equal(rig.terminal.state.kind, "idle", rig.text());
		const sent = requestsIn();
		const summary = journalSummary();
		await reach();
		if (action === "cancel") rig.keys("CANCEL");
		else rig.clock.advance(STEP_TIMEOUT_MS + 1);
		await rig.until(() => !rig.terminal.busy && rig.terminal.state.kind !== "txn", "the step to be left");
		expect(action);
		assert.equal(requestsIn(), sent, "nothing was sent to the host");
		assert.equal(journalSummary(), summary, "the journal is unchanged: no record, no owed reversal");
		// Back to idle from wherever it went: CANCEL up the menus, any key past a notice.
		for (let i = 0; i < 4 && rig.terminal.state.kind !== "idle"; i++) rig.keys("CANCEL");
		assert.equal(rig.terminal.state.kind, "idle", rig.text());
	}

	function expectNotice(action: Action): void {
		assert.equal(rig.terminal.state.kind, "notice", rig.text());
		assert.ok(rig.text().includes(action === "cancel" ? CANCELLED : TIMED_OUT), rig.text());
	}

	/** 9-4: the slipCopies parameter from the keypad (the list is longer than 9: DOWN to it, ENTER). */
	function setSlipCopies(copies: number): void {
		rig.keys("ENTER", "9", "4", ADMIN_PASSWORD, "ENTER");
		const s = rig.terminal.state;
		const index = s.kind === "menu" ? s.menu.items.findIndex((i) => i.label.startsWith("slipCopies=")) : -1;
		assert.ok(index >= 0, rig.text());
		rig.keys(...Array<string>(index).fill("DOWN"), "ENTER", String(copies), "ENTER");
		assert.ok(rig.text().includes(`slipCopies=${copies}`), rig.text());
		rig.keys("ENTER");
		assert.equal(rig.terminal.state.kind, "idle", rig.text());
	}

	/** The next sale after a left step: approved, one request, nothing owed. */
	async function nextSaleWorks(): Promise<void> {
		const sent = requestsIn();
		await sale(rig, "debit", "1");
		assert.ok(rig.text().includes("交易成功"), rig.text());
		assert.equal(requestsIn(), sent + 1, "the sale alone went online: no reversal was owed");
		rig.keys("ENTER");
	}

	it("covers every step of every flow and every state kind (guard)", () => {
		const cases = txnCases();
		for (const [flow, steps] of Object.entries(FLOW_STEPS) as [Flow, readonly StepKind[]][]) {
			for (const step of steps) assert.ok(NOT_WAITING.has(step) || cases.some((c) => c.flow === flow && c.step === step), `${flow}/${step}`);
		}
		assert.ok(Object.keys(ANSWER).every((step) => NOT_WAITING.has(step as StepKind) || cases.some((c) => c.step === step)), "every step kind is a case somewhere");
		for (const kind of ["menu", "txn", "voucher-lookup", "params", "operator-admin", "change-password", "printing"] as const) assert.ok(STATE_COVERAGE[kind]);
		for (const entry of ENTRY_CASES) assert.ok(STATE_COVERAGE[entry.kind] === "ENTRY_CASES", entry.name);
	});

	for (const c of txnCases()) {
		for (const action of ACTIONS) {
			it(`${c.flow} / ${c.step}${c.manual ? " (keyed card)" : ""}: ${action}`, async () => {
				await leave(async () => {
					rig.keys(...FLOW_MENU_KEYS[c.flow]);
					for (const step of c.before) await ANSWER[step](rig, c.flow, originals);
					if (c.manual) rig.keys(TEST_CARDS.debit.pan, "ENTER");
					// PIN entry starts after the secure element's pacing (PCI PTS).
					if (c.step === "pin") await pinPause(rig);
					const s = rig.terminal.state;
					assert.ok(s.kind === "txn" && s.step.kind === c.step, `at ${c.step}: ${rig.text()}`);
				}, action, expectNotice);
				await nextSaleWorks();
			});
		}
	}

	for (const [name, menu] of Object.entries(MENUS) as [MenuName, (typeof MENUS)[MenuName]][]) {
		for (const action of ACTIONS) {
			it(`menu ${name}: ${action} → ${action === "cancel" ? menu.parent : "idle"}`, async () => {
				await leave(async () => {
					rig.keys(...menu.keys);
					assert.equal(menuName(), name, rig.text());
				}, action, (a) => (a === "cancel" ? assert.equal(menuName(), menu.parent, rig.text()) : expectNotice(a)));
			});
		}
	}

	for (const entry of ENTRY_CASES) {
		for (const action of ACTIONS) {
			it(`${entry.name}: ${action} → ${action === "cancel" ? entry.cancelTo : "idle"}`, async () => {
				await leave(async () => {
					rig.keys(...entry.keys);
					assert.equal(rig.terminal.state.kind, entry.kind, rig.text());
				}, action, (a) => (a === "cancel" ? assert.equal(menuName(), entry.cancelTo, rig.text()) : expectNotice(a)));
			});
		}
	}

	for (const action of ACTIONS) {
		// CANCEL skips the customer copy; left alone, the printer driver prints it after its tear-off timeout.
		it(`tear-off between slip copies: ${action} → ${action === "cancel" ? "second copy skipped" : "second copy printed"}, the sale stays approved`, async () => {
			setSlipCopies(2);
			assert.equal(rig.terminal.state.kind, "idle", rig.text());
			const sent = requestsIn();
			rig.keys(...FLOW_MENU_KEYS.sale);
			rig.swipe("debit");
			rig.keys("ENTER", "2", "ENTER");
			await pinPause(rig);
			rig.keys(TEST_CARDS.debit.pin, "ENTER");
			await rig.until(() => rig.terminal.state.kind === "printing" && rig.terminal.state.tearOff, "the tear-off prompt");
			if (action === "cancel") rig.keys("CANCEL");
			else rig.clock.advance(STEP_TIMEOUT_MS + 1);
			await rig.until(() => rig.terminal.state.kind === "notice", "the result");
			assert.ok(rig.text().includes("交易成功"), rig.text());
			const journal = rig.terminal.journal!;
			const txn = journal.txn(journal.counters.lastStan)!;
			assert.equal(txn.status, "approved");
			assert.equal(txn.printedCopies, action === "cancel" ? 1 : 2, "the printed journal point counts the copies on paper");
			assert.equal(journal.state.reversal, undefined);
			assert.equal(requestsIn(), sent + 1);
			rig.keys("CANCEL");
			assert.equal(rig.terminal.state.kind, "idle");
			setSlipCopies(1);
			await nextSaleWorks();
		});
	}
});

describe("cancel and timeout at a forced change of the factory password", () => {
	let rig: Rig;

	beforeEach(async () => {
		rig = await startRig({ forcePasswordChange: true });
		rig.keys("01", "ENTER", "0000", "ENTER");
		const s = rig.terminal.state;
		assert.ok(s.kind === "change-password" && s.forced, rig.text());
	});
	afterEach(async () => {
		await rig.stop();
	});

	for (const action of ACTIONS) {
		it(`${action} signs the operator off instead of letting the factory password through`, () => {
			rig.keys("1234");
			if (action === "cancel") rig.keys("CANCEL");
			else rig.clock.advance(STEP_TIMEOUT_MS + 1);
			assert.equal(rig.terminal.state.kind, "login-operator", rig.text());
			assert.equal(rig.terminal.operator, undefined);
			assert.equal(rig.terminal.journal!.counters.signInDay, "", "no sign-in ran for a password never changed");
		});
	}
});
