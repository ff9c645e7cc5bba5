import { assert } from "../../support/assert.js";
import { largeLine, line, progressText, screenText, toneLine, type Screen } from "../../../src/ui/screen.js";

const status = { title: "消费", clock: "09:30", batteryPercent: 80, signalBars: 3 };

describe("screen model", () => {
	it("reads as text: title row, lines, menu with the highlight marked, progress, QR, hints", () => {
		const screen: Screen = {
			status,
			lines: [line("请选择"), largeLine("1,234.56"), toneLine("批准", "ok")],
			menu: {
				items: [
					{ key: "1", label: "消费" },
					{ key: "2", label: "撤销" },
				],
				highlight: 1,
			},
			progress: { done: 3, total: 10 },
			qr: "https://example.invalid/pay",
			hints: ["取消 返回", "确认 选择"],
		};
		assert.equal(
			screenText(screen),
			[
				"[消费] 09:30 3/4 80%",
				"请选择",
				"1,234.56",
				"批准",
				"  1.消费",
				"> 2.撤销",
				"[###-------] 3/10",
				"[QR] https://example.invalid/pay",
				"取消 返回  确认 选择",
			].join("\n"),
		);
	});

	it("draws the progress bar in proportion and clamps it", () => {
		assert.equal(progressText({ done: 0, total: 4 }), "[----------] 0/4");
		assert.equal(progressText({ done: 4, total: 4 }), "[##########] 4/4");
		assert.equal(progressText({ done: 9, total: 4 }, 4), "[####] 9/4");
		assert.equal(progressText({ done: 0, total: 0 }, 2), "[--] 0/0");
	});

	it("names a factory test pattern", () => {
		assert.equal(screenText({ status, lines: [], hints: [], pattern: "checkerboard" }), "[消费] 09:30 3/4 80%\n[pattern checkerboard]");
	});
});
