// The boot path with the factory gate in front of the application: decide (factory-entry.ts), then run
// either factory mode or the application. Both the device entry and the simulator boot through here.

import type { Hal } from "../../hal/hal.js";
import { decideBoot, type BootDecision, type EntryOptions } from "./factory-entry.js";
import { FactorySession, type FactoryModeOptions } from "./factory-session.js";

export interface FactoryBoot {
	readonly decision: BootDecision;
	/** The factory session when factory mode was entered. */
	readonly session?: FactorySession;
}

export async function bootWithFactoryGate(
	hal: Hal,
	entry: EntryOptions,
	factory: FactoryModeOptions,
	startApplication: () => void,
): Promise<FactoryBoot> {
	const decision = await decideBoot(hal, entry);
	if (decision.kind === "application") {
		startApplication();
		return { decision };
	}
	const session = new FactorySession(hal, factory);
	session.start();
	return { decision, session };
}
