// The end-to-end tests' terminal: the scripted terminal (host-sim/sim/scripted-terminal.ts) against an
// acquirer simulator on 127.0.0.1 that follows its virtual clock, and the operator moves those tests share.

import { defaultAcquirerConfig, type AcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { TEST_CARDS, type TestCardName } from "../../../host-sim/cards/test-cards.js";
import { loadBoard } from "../../../host-sim/hal/boards.js";
import { VIRTUAL_EPOCH_MS } from "../../../host-sim/hal/virtual-clock.js";
import { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";

/** A terminal booted on `params` (one slip copy unless they say otherwise), its clock shared with `host`. */
export function terminalOn(
	host: AcquirerHost,
	params: Readonly<Record<string, unknown>> = {},
	startMs = VIRTUAL_EPOCH_MS,
): ScriptedTerminal {
	const session = new ScriptedTerminal({
		board: loadBoard(),
		acquirerHost: "127.0.0.1",
		acquirerPort: host.port,
		params: { slipCopies: 1, ...params },
		startMs,
		passwordIterations: 4,
	});
	host.followClock(session.clock);
	return session;
}

/**
 * A fresh acquirer simulator and a signed-on terminal for each test of the calling `describe` (each test's
 * terminal starts its STANs afresh, which one host would call duplicates, 94); stopped after each test.
 */
export function signedOnEachTest(config: () => AcquirerConfig = defaultAcquirerConfig): { host: AcquirerHost; session: ScriptedTerminal } {
	const rig = {} as { host: AcquirerHost; session: ScriptedTerminal };
	beforeEach(async () => {
		rig.host = await AcquirerHost.start({ config: config(), port: 0 });
		rig.session = terminalOn(rig.host);
		await signOn(rig.session);
	});
	afterEach(async () => {
		rig.session.stop();
		await rig.host.stop();
	});
	return rig;
}

/**
 * The acquirer's default configuration with a PIN UNBLOCK script (72) in its answers to taps of the debit
 * account (the QuickPass cards' PAN): a card that supports issuer update processing is then asked to tap again.
 */
export function tapScriptsConfig(): AcquirerConfig {
	const config = defaultAcquirerConfig();
	const script = { template: 0x72 as const, command: "pin-unblock" as const, entry: "tap" as const };
	return { ...config, accounts: config.accounts.map((a) => (a.pan === TEST_CARDS.debit.pan ? { ...a, scripts: [script] } : a)) };
}

/** Operator 01 signs on; the daily sign-in runs; the terminal is idle. */
export async function signOn(session: ScriptedTerminal): Promise<void> {
	session.keys("01", "ENTER", "0000", "ENTER");
	await session.until(() => session.terminal.state.kind === "idle" || session.terminal.state.kind === "notice", "idle after sign-in");
	if (session.terminal.state.kind === "notice") session.keys("ENTER");
}

/** A sale from the main menu: amount, swipe, confirm, PIN. */
export async function sale(session: ScriptedTerminal, card: TestCardName, amount: string, pin = TEST_CARDS[card].pin): Promise<void> {
	session.keys("ENTER", "1", amount, "ENTER");
	session.swipe({ card });
	session.keys("ENTER");
	await pinPause(session);
	session.keys(pin, "ENTER");
	await session.until(
		() => session.terminal.state.kind === "notice" || session.terminal.state.kind === "needs-sign-in",
		"the sale's result",
	);
}

/** PCI PTS paces PIN entries at least 3 s apart: let virtual time pass so a waiting PIN entry starts. */
export async function pinPause(session: ScriptedTerminal): Promise<void> {
	await new Promise((resolve) => setImmediate(resolve));
	session.clock.advance(3000);
	await new Promise((resolve) => setImmediate(resolve));
}
