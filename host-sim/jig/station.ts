// One station pass over one unit (docs/factory-mode.md): handshake, identify, assign the serial number if
// the unit has none, record station and operator, run every test the unit lists in its order (the plan's
// parameters and limits; tests the plan omits are skipped), read back the stored report, lock on PASS
// when the plan says so. Platform-free: the same pass runs against the simulator in both test engines.

import type { Clock } from "../../hal/clock.js";
import type { FactoryReport } from "../../src/factory/factory-report.js";
import { PROTOCOL_VERSION } from "../../src/factory/protocol.js";
import type { TestResult } from "../../src/factory/test-result.js";
import { JigProtocolError, type JigClient, type Message } from "./jig-client.js";
import type { TestPlan } from "./test-plan.js";

/** Whoever answers the unit's manual steps: a person at the station, or the simulator's scripted operator. */
export interface Operator {
	/** The unit asks for an action on it (`step` "press" with `key`, "swipe" with `card`). */
	act(event: Message): void;
	/** The unit asks whether `step` looks right (a display pattern, a beep, an LED, the printed QR code). */
	confirm(event: Message): Promise<{ readonly pass: boolean; readonly observed?: number }>;
	/** Progress for the operator's screen. */
	tell(text: string): void;
}

export interface StationOptions {
	readonly client: JigClient;
	/** The station's clock: report times, and the time the unit's RTC is set to. */
	readonly clock: Clock;
	readonly plan: TestPlan;
	readonly operator: Operator;
	readonly stationId: string;
	readonly operatorName: string;
	/** Assigned when the unit has no serial number yet. */
	readonly serial?: string;
	/** Extra time on top of a test's own timeout before the jig gives up on its reply, ms. */
	readonly replyMarginMs?: number;
}

export interface StationReport {
	readonly station: string;
	readonly operator: string;
	readonly plan: string;
	/** ISO 8601 UTC, from the station's clock. */
	readonly startedAt: string;
	readonly finishedAt: string;
	readonly serial: string;
	/** The unit's INFO reply (identity, firmware, battery). */
	readonly unit: Readonly<Record<string, unknown>>;
	readonly results: readonly TestResult[];
	/** The report the unit stored (REPORT). */
	readonly unitReport: FactoryReport;
	readonly verdict: "PASS" | "FAIL";
	readonly locked: boolean;
}

interface ListedTest {
	readonly id: string;
	readonly timeoutMs: number;
}

export async function runStation(options: StationOptions): Promise<StationReport> {
	const { client, clock, plan, operator } = options;
	const startedAt = new Date(clock.nowMs()).toISOString();
	const hello = await client.request("HELLO");
	if (hello.proto !== PROTOCOL_VERSION)
		throw new JigProtocolError("PROTO_MISMATCH", `unit speaks protocol ${String(hello.proto)}, this jig ${PROTOCOL_VERSION}`);
	let info = identity(await client.request("INFO"));
	let serial = typeof info.serial === "string" ? info.serial : undefined;
	if (serial === undefined) {
		if (options.serial === undefined) throw new JigProtocolError("NO_SERIAL", "the unit has no serial number: give one to assign");
		await client.request("SET_SERIAL", { serial: options.serial });
		info = identity(await client.request("INFO"));
		serial = options.serial;
	}
	operator.tell(`unit ${serial}: ${String(info.model)} rev ${String(info.hw_rev)}, firmware ${String(info.fw)} (${String(info.git)})`);
	await client.request("SET_STATION", { station: options.stationId, operator: options.operatorName });

	const listed = ((await client.request("LIST")).tests ?? []) as ListedTest[];
	const unknown = plan.tests.find((t) => !listed.some((l) => l.id === t.test));
	if (unknown) throw new JigProtocolError("UNKNOWN_TEST", `the plan names ${unknown.test}, which this firmware does not have`);
	const results: TestResult[] = [];
	for (const test of listed) {
		const planned = plan.tests.find((t) => t.test === test.id);
		const params = planned ? paramsFor(test.id, planned.params ?? {}, clock) : { skip: true };
		if (!planned) operator.tell(`${test.id}: skipped by the plan`);
		const reply = await client.request(
			"RUN",
			{ test: test.id, params, limits: planned?.limits ?? {} },
			{
				timeoutMs: test.timeoutMs + (options.replyMarginMs ?? 5000),
				onEvent: (event) => onEvent(client, operator, event),
			},
		);
		const result = reply.result as TestResult;
		results.push(result);
		operator.tell(
			`${test.id}: ${result.status}${result.code === 0 ? "" : ` ${result.code}`}${result.detail ? ` (${result.detail})` : ""}`,
		);
	}
	const unitReport = (await client.request("REPORT")).report as FactoryReport;
	const verdict =
		unitReport.complete && unitReport.verdict === "PASS" && results.every((r) => r.status === "PASS" || r.status === "SKIP")
			? "PASS"
			: "FAIL";
	let locked = false;
	if (verdict === "PASS" && plan.lock === true) {
		await client.request("LOCK");
		locked = true;
	}
	return {
		station: options.stationId,
		operator: options.operatorName,
		plan: plan.name,
		startedAt,
		finishedAt: new Date(clock.nowMs()).toISOString(),
		serial,
		unit: info,
		results,
		unitReport,
		verdict,
		locked,
	};
}

/** The clock test sets the unit's RTC to the station's time unless the plan fixes it. */
function paramsFor(test: string, params: Readonly<Record<string, unknown>>, clock: Clock): Readonly<Record<string, unknown>> {
	return test === "clock" && typeof params.setMs !== "number" ? { ...params, setMs: clock.nowMs() } : params;
}

function onEvent(client: JigClient, operator: Operator, event: Message): void {
	if (event.evt === "action") return operator.act(event);
	if (event.evt === "progress" && typeof event.message === "string") return operator.tell(`${String(event.test)}: ${event.message}`);
	if (event.evt !== "confirm") return;
	void operator.confirm(event).then((answer) =>
		client
			.request("CONFIRM", {
				step: event.step,
				pass: answer.pass,
				...(answer.observed === undefined ? {} : { observed: answer.observed }),
			})
			.catch((error: unknown) => {
				// The test may have timed out meanwhile; its result says so.
				operator.tell(`confirm ${String(event.step)} not taken: ${String(error)}`);
			}),
	);
}

/** INFO without the reply envelope. */
function identity(reply: Message): Message {
	const { id: _id, ok: _ok, ...info } = reply;
	return info;
}
