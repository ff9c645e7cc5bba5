// The terminal against a hostile acquirer (host-sim/hostile): for each way an answer can be forged, mangled
// or lost, the money invariant holds — the terminal approves only what the host approved under a valid MAC,
// and every host approval ends approved in the journal or reversed with the host's signed acknowledgement.
// Each scenario: sign in, one sale the host answers as planned, then honest sales until no reversal is owed.

import { strict as assert } from "node:assert";
import { loadBoard } from "../../../host-sim/hal/boards.js";
import { HostileAcquirer, type PlannedAnswer } from "../../../host-sim/hostile/hostile-acquirer.js";
import { moneyViolations, type HostApproval } from "../../../host-sim/sim/money-invariants.js";
import { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { perform, saleMove, toIdle } from "../../../host-sim/sim/terminal-moves.js";

const EPOCH = Date.UTC(2026, 10, 21, 2, 0, 0);

interface Scenario {
	readonly sales?: readonly PlannedAnswer[];
	readonly reversals?: readonly PlannedAnswer[];
	/** Honest sales before the planned ones (a replay needs an earlier answer). */
	readonly before?: number;
}

interface Outcome {
	readonly host: HostileAcquirer;
	readonly session: ScriptedTerminal;
	/** STANs of the sales the host answered as planned. */
	readonly planned: number[];
}

function approvals(host: HostileAcquirer): HostApproval[] {
	return [...host.ledger.values()]
		.filter((e) => e.debitedFen > 0)
		.map((e) => ({ stan: e.stan, batch: 1, amountFen: e.debitedFen, reversed: e.reversed, signed: e.signedApproval }));
}

async function sale(session: ScriptedTerminal, amount: string): Promise<void> {
	await perform(session, saleMove("debit", amount));
	await toIdle(session);
}

function lastStan(session: ScriptedTerminal): number {
	return session.terminal.journal!.counters.lastStan;
}

const running: { host: HostileAcquirer; session: ScriptedTerminal }[] = [];

async function run(scenario: Scenario): Promise<Outcome> {
	let clock = () => EPOCH;
	const host = await HostileAcquirer.start({ now: () => clock() });
	const session = new ScriptedTerminal({
		board: loadBoard(),
		acquirerHost: "127.0.0.1",
		acquirerPort: host.port,
		params: { slipCopies: 1, trackEncryption: false },
		startMs: EPOCH,
		passwordIterations: 4,
	});
	running.push({ host, session });
	clock = () => session.clock.nowMs();
	await session.settle();
	await toIdle(session);
	assert.equal(session.terminal.state.kind, "idle", `signed in: ${session.screen()}`);
	for (let i = 0; i < (scenario.before ?? 0); i++) await sale(session, "500");
	host.plan("0200", ...(scenario.sales ?? []));
	host.plan("0400", ...(scenario.reversals ?? []));
	const planned: number[] = [];
	for (let i = 0; i < (scenario.sales?.length ?? 1); i++) {
		await sale(session, String(1000 + i));
		planned.push(lastStan(session));
	}
	// Honest sales pass the reversal gate until nothing is owed (bounded).
	for (let i = 0; i < 6 && session.terminal.journal!.state.reversal; i++) await sale(session, "700");
	return { host, session, planned };
}

function assertMoneyKept({ host, session }: Outcome): void {
	const violations = moneyViolations(session.terminal.journal!.state, approvals(host), { owedAllowed: false });
	assert.deepEqual(violations, [], `requests: ${host.requests.map((r) => `${r.mti}/${r.stan}`).join(" ")}`);
	assert.equal(session.terminal.journal!.state.reversal, undefined, "no reversal left owed");
}

/** The planned sale was debited on the host, not approved by the terminal, and reversed with the host's acknowledgement. */
function assertReversed(outcome: Outcome): void {
	assertMoneyKept(outcome);
	for (const stan of outcome.planned) {
		const entry = outcome.host.ledger.get(stan);
		assert.ok(entry, `the host saw sale ${stan}`);
		assert.notEqual(outcome.session.terminal.journal!.txn(stan)?.status, "approved", `sale ${stan} is not approved by the terminal`);
		if (entry.debitedFen > 0) assert.ok(entry.reversed, `sale ${stan} reversed on the host`);
	}
}

afterEach(async () => {
	for (const { host, session } of running.splice(0)) {
		session.stop();
		await host.stop();
	}
});

describe("hostile host: forged, mangled and lost answers keep the money invariant", () => {
	it("an honest host: the sale is approved on both sides", async () => {
		const outcome = await run({});
		assertMoneyKept(outcome);
		assert.equal(outcome.session.terminal.journal!.txn(outcome.planned[0]!)?.status, "approved");
	});

	it("a signed approval 11 is approved", async () => {
		const outcome = await run({ sales: [{ code: "11" }] });
		assertMoneyKept(outcome);
		assert.equal(outcome.session.terminal.journal!.txn(outcome.planned[0]!)?.status, "approved");
	});

	it("an unsigned approval 00 is reversed", async () => assertReversed(await run({ sales: [{ code: "00", sign: "none" }] })));

	for (const code of ["00", "10", "11"]) {
		it(`a wrongly signed approval ${code} is reversed`, async () => assertReversed(await run({ sales: [{ code, sign: "wrong" }] })));
	}

	it("an approval for another terminal (41) is reversed", async () =>
		assertReversed(await run({ sales: [{ fields: { 41: "10000002" } }] })));
	it("an approval for another merchant (42) is reversed", async () =>
		assertReversed(await run({ sales: [{ fields: { 42: "898310058120002" } }] })));
	it("an approval for another STAN is reversed", async () => assertReversed(await run({ sales: [{ fields: { 11: "999999" } }] })));
	it("a replay of the previous sale's signed approval is reversed", async () =>
		assertReversed(await run({ before: 1, sales: [{ replay: true }] })));
	it("an approval dripped a byte at a time past the response timeout is reversed", async () =>
		assertReversed(await run({ sales: [{ delivery: { kind: "drip", everyMs: 20 } }] })));
	it("a connection reset instead of the answer is reversed", async () =>
		assertReversed(await run({ sales: [{ delivery: { kind: "reset" } }] })));
	it("an approval behind an oversize length prefix is reversed", async () =>
		assertReversed(await run({ sales: [{ delivery: { kind: "oversize" } }] })));
	it("an unsigned 0410 00 does not clear the owed reversal", async () =>
		assertReversed(await run({ sales: [{ delivery: { kind: "silent" } }], reversals: [{ sign: "none" }] })));
	it("a wrongly signed 0410 00 does not clear the owed reversal", async () =>
		assertReversed(await run({ sales: [{ delivery: { kind: "silent" } }], reversals: [{ sign: "wrong" }] })));
	it("a 0410 for another STAN does not clear the owed reversal", async () =>
		assertReversed(await run({ sales: [{ delivery: { kind: "silent" } }], reversals: [{ fields: { 11: "999999" } }] })));
});
// answer meaning "the host holds the reversal" clears it, never dropped after the retries) are merged.
describe("hostile host: partial approvals, unsigned 10 and 11, reversal answers that do not confirm (issue 12 items 1–2)", () => {
	for (const code of ["10", "11"]) {
		it(`an unsigned approval ${code} is reversed`, async () => assertReversed(await run({ sales: [{ code, sign: "none" }] })));
	}
	it("a signed partial approval 10 for less is reversed (partial approvals refused by default)", async () =>
		assertReversed(await run({ sales: [{ code: "10", fields: { 4: "000000000400" } }] })));
	it("a signed 0410 answered 96 keeps the reversal owed", async () =>
		assertReversed(await run({ sales: [{ delivery: { kind: "silent" } }], reversals: [{ code: "96" }] })));
	it("an unsigned 0410 answered 96 keeps the reversal owed", async () =>
		assertReversed(await run({ sales: [{ delivery: { kind: "silent" } }], reversals: [{ code: "96", sign: "none" }] })));
	it("an unsigned 0410 answered 25 keeps the reversal owed", async () =>
		assertReversed(await run({ sales: [{ delivery: { kind: "silent" } }], reversals: [{ code: "25", sign: "none" }] })));
	it("a reversal answered wrongly past the retry limit stays owed and is delivered later", async () => {
		assertReversed(
			await run({
				sales: [{ delivery: { kind: "silent" } }],
				reversals: [{ sign: "wrong" }, { sign: "wrong" }, { sign: "wrong" }, { sign: "wrong" }],
			}),
		);
	});
});
