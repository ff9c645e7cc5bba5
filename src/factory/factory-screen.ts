// The permanent "FACTORY MODE / 工厂测试" banner (docs/factory-mode.md §1) with the serial number
// and what the unit is doing, in both languages: the factory floor reads either. Drawn through the screen
// renderer; each draw repaints the whole panel, because a test (the display patterns) may have drawn over it.

import type { Hal } from "../../hal/hal.js";
import { hhmm, localDateTime } from "../time/local-time.js";
import { message, type MessageId } from "../ui/messages.js";
import { ScreenRenderer } from "../ui/render/screen-renderer.js";
import { line, type Screen } from "../ui/screen.js";

const both = (id: MessageId, ...args: (string | number)[]) => `${message(id, "zh", ...args)} ${message(id, "en", ...args)}`;

export type FactoryActivity =
	| { readonly kind: "waiting" }
	| { readonly kind: "running"; readonly test: string }
	| { readonly kind: "result"; readonly test: string; readonly status: string };

export function factoryScreen(hal: Hal, serial: string | undefined, activity: FactoryActivity): Screen {
	const power = hal.power.status();
	const doing =
		activity.kind === "waiting"
			? both("factoryWaiting")
			: activity.kind === "running"
				? both("factoryRunning", activity.test)
				: both("factoryResult", activity.test, activity.status);
	return {
		status: {
			title: both("factoryMode"),
			clock: hhmm(localDateTime(hal.clock.nowMs())),
			batteryPercent: power.batteryPercent,
			signalBars: hal.network.signalBars,
		},
		lines: [
			line(message("factoryMode", "en"), "center", true),
			line(message("factoryMode", "zh"), "center", true),
			line(serial === undefined ? "" : both("factorySerial", serial), "center"),
			line(doing, "center"),
		],
		hints: [],
	};
}

/** Shows the banner; every call repaints the whole panel. */
export function showFactoryScreen(hal: Hal, serial: string | undefined, activity: FactoryActivity): void {
	new ScreenRenderer(hal.display).draw(factoryScreen(hal, serial, activity));
}
