import { assert } from "../../support/assert.js";
import { drawScreen } from "../../../host-sim/sim/text-screen.js";
import { line } from "../../../src/ui/screen.js";

describe("text screen (--tui)", () => {
	it("draws the menu entries with the highlight marked, the progress bar and the QR payload", () => {
		const text = drawScreen(
			{
				status: { title: "主菜单", clock: "09:30", batteryPercent: 80, signalBars: 4 },
				lines: [line("请选择")],
				menu: {
					items: [
						{ key: "1", label: "消费" },
						{ key: "2", label: "撤销" },
					],
					highlight: 1,
				},
				progress: { done: 1, total: 2 },
				qr: "pay",
				hints: ["确认"],
			},
			false,
			20,
		);
		const body = text
			.split("\n")
			.slice(3, 8)
			.map((row) => row.slice(2, -2).trimEnd());
		assert.deepEqual(body, ["请选择", "  1.消费", "> 2.撤销", "  [#####-----] 1/2", "[QR] pay"]);
	});
});
