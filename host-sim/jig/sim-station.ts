// `posterm jig --sim`: a simulated unit on real time with its jig line connected, real TCP to an acquirer
// host simulator on 127.0.0.1 for the network echo, and the scripted operator.

import type { BoardDescription } from "../../hal/board.js";
import { AcquirerHost } from "../acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../acquirer/acquirer-config.js";
import { TEST_CARDS, type TestCardName } from "../cards/test-cards.js";
import { nodeRandom } from "../hal/node-random.js";
import { RealClock } from "../hal/real-clock.js";
import { TcpNetwork } from "../hal/tcp-network.js";
import { SimOperator } from "./sim-operator.js";
import { startSimUnit, type SimFaults, type SimUnit } from "./sim-unit.js";
import type { TestPlan } from "./test-plan.js";

export interface SimStation {
	readonly unit: SimUnit<RealClock>;
	readonly operator: SimOperator;
	/** The plan with the network echo pointed at the simulator's acquirer host. */
	readonly plan: TestPlan;
	close(): Promise<void>;
}

export async function startSimStation(
	board: BoardDescription,
	plan: TestPlan,
	options: { faults?: SimFaults; jigDetected?: boolean; log?: (text: string) => void } = {},
): Promise<SimStation> {
	const acquirer = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0, idleTimeoutMs: 10000 });
	const clock = new RealClock();
	const unit = startSimUnit({
		board,
		clock,
		network: new TcpNetwork(),
		random: nodeRandom,
		faults: options.faults ?? {},
		jigDetected: options.jigDetected ?? true,
	});
	const cardName = plan.tests.find((t) => t.test === "msr")?.params?.card;
	const card = TEST_CARDS[(typeof cardName === "string" && cardName in TEST_CARDS ? cardName : "debit") as TestCardName];
	const operator = new SimOperator({
		hal: unit.hal,
		printer: unit.printer,
		card,
		readers: unit.readers,
		...(options.log ? { log: options.log } : {}),
	});
	const tests = plan.tests.map((t) =>
		t.test === "network" ? { ...t, params: { ...t.params, host: "127.0.0.1", port: acquirer.port } } : t,
	);
	return {
		unit,
		operator,
		plan: { ...plan, tests },
		close: async () => {
			await unit.stop();
			await acquirer.stop();
		},
	};
}
