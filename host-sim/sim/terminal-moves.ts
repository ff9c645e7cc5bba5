// Operator moves on a scripted terminal as data (keys, swipes, waits for the terminal), so tests and the
// monkey can run, record and replay them: a sale, a void, a settlement, signing on, back to idle.

import { TEST_CARD_PIN, type TestCardName } from "../cards/test-cards.js";
import type { ScriptedTerminal, SwipeSpec } from "./scripted-terminal.js";

export type Action = { readonly keys: readonly string[] } | { readonly swipe: SwipeSpec } | { readonly settle: true };

const settle: Action = { settle: true };

/** Main menu → sale: amount, swipe, confirm the card, PIN. */
export function saleMove(card: TestCardName, amount: string): Action[] {
	return [
		{ keys: ["ENTER", "1", amount, "ENTER"] },
		{ swipe: { card } },
		{ keys: ["ENTER"] },
		settle,
		{ keys: [TEST_CARD_PIN, "ENTER"] },
		settle,
	];
}

/** Main menu → void of voucher `stan` (supervisor password 123456), confirmed. */
export function voidMove(stan: number): Action[] {
	return [{ keys: ["ENTER", "2", "123456", "ENTER"] }, settle, { keys: [String(stan), "ENTER", "ENTER"] }, settle];
}

/** Main menu → settlement, its totals confirmed. */
export function settlementMove(): Action[] {
	return [{ keys: ["ENTER", "6", "ENTER"] }, settle];
}

/** Operator 01 with password 0000 (the daily sign-in follows). */
export function signOnMove(): Action[] {
	return [{ keys: ["01", "ENTER", "0000", "ENTER"] }, settle];
}

export async function perform(session: ScriptedTerminal, actions: readonly Action[]): Promise<void> {
	for (const action of actions) {
		if ("keys" in action) session.keys(...action.keys);
		else if ("swipe" in action) session.swipe(action.swipe);
		else await session.settle();
	}
}

/** Dismisses notices (ENTER), leaves entry screens (CANCEL) and signs on until the terminal is idle (a few tries). */
export async function toIdle(session: ScriptedTerminal): Promise<void> {
	for (let i = 0; i < 9 && session.terminal.state.kind !== "idle"; i++) {
		await perform(
			session,
			session.terminal.state.kind === "login-operator" ? signOnMove() : [{ keys: [i % 3 === 2 ? "ENTER" : "CANCEL"] }, settle],
		);
	}
}
