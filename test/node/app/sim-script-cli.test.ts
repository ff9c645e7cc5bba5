// `posterm sim script FILE.json` through the CLI dispatcher: the transcript contract and the exit code.

import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { main } from "../../../host-sim/cli/posterm.js";

async function runCli(script: unknown): Promise<{ code: number; out: string; err: string }> {
	const dir = mkdtempSync(join(tmpdir(), "posterm-script-"));
	const file = join(dir, "script.json");
	writeFileSync(file, JSON.stringify(script));
	const stdout = new PassThrough(),
		stderr = new PassThrough();
	let out = "",
		err = "";
	stdout.on("data", (d) => (out += d));
	stderr.on("data", (d) => (err += d));
	const code = await main(["sim", "script", file], { stdout, stderr, stdin: new PassThrough() });
	return { code, out, err };
}

const SIGN_ON = [{ keys: ["01", "ENTER"] }, { keys: "0000" }, { key: "ENTER" }];

describe("posterm sim script", () => {
	it("runs a sale and a reversal after a lost answer, and reports screens, slips, the host's books and the journal", async () => {
		const { code, out } = await runCli({
			params: { slipCopies: 1 },
			steps: [
				...SIGN_ON,
				{ expect: { screen: "按确认键进入菜单" } },
				{ key: "ENTER" },
				{ key: "1" },
				{ keys: "888" },
				{ key: "ENTER" },
				{ swipe: { card: "debit", ips: 25 } },
				{ key: "ENTER" },
				{ keys: "123456" },
				{ key: "ENTER" },
				{ expect: { screen: "交易成功" } },
				{ key: "ENTER" },
				{ host: { fault: "close" } },
				{ key: "ENTER" },
				{ key: "1" },
				{ keys: "999" },
				{ key: "ENTER" },
				{ swipe: { card: "debit", reverse: true } },
				{ key: "ENTER" },
				{ keys: "123456" },
				{ key: "ENTER" },
				{ expect: { screen: "(06)" } },
			],
		});
		assert.equal(code, 0, out);
		const t = JSON.parse(out);
		assert.equal(t.ok, true);
		assert.equal(t.steps.length, 24);
		assert.ok(t.steps[2].screen.includes("操作员: 01"), t.steps[2].screen);
		assert.ok(
			t.slips.some((line: string) => line.includes("8.88")),
			t.slips.join("\n"),
		);
		assert.deepEqual(
			t.host.transactions.map((x: { amountFen: number; status: string }) => [x.amountFen, x.status]),
			[
				[888, "approved"],
				[999, "reversed"],
			],
		);
		assert.equal(t.journal.reversal, null);
		assert.deepEqual(
			t.journal.transactions.map((x: { status: string }) => x.status),
			["approved", "reversed"],
		);
		assert.ok(!out.includes("6222021234560128"), "no full PAN in the transcript");
	});

	it("inserts chip cards: a mute one fails its read, its swipe is then the fallback; a card is taken out (issue 18)", async () => {
		const { code, out } = await runCli({
			params: { slipCopies: 1, fallbackAllowed: true },
			steps: [
				...SIGN_ON,
				{ keys: ["ENTER", "1", "500", "ENTER"] },
				{ insert: { profile: "pboc-debit", fault: "mute" } },
				{ expect: { screen: "芯片读卡失败" } },
				{ remove: true },
				{ swipe: { card: "chip" } },
				{ key: "ENTER" },
				{ keys: ["123456", "ENTER"] },
				{ expect: { screen: "交易成功" } },
				{ key: "ENTER" },
				{ insert: "pboc-credit" },
				{ expect: { screen: "请选择应用" } },
				{ remove: true },
				{ expect: { screen: "卡片已拔出" } },
			],
		});
		assert.equal(code, 0, out);
		const t = JSON.parse(out);
		assert.equal(t.ok, true, out);
		assert.deepEqual(
			t.host.transactions.map((x: { amountFen: number; status: string }) => [x.amountFen, x.status]),
			[[500, "approved"]],
		);
	});

	it("taps the QuickPass card: under the no-CVM limit approved without a PIN, over it with the online PIN; two cards collide; at idle nothing is read", async () => {
		const { code, out } = await runCli({
			params: { slipCopies: 1 },
			steps: [
				...SIGN_ON,
				{ tap: "quickpass" },
				{ expect: { screen: "按确认键进入菜单" } },
				{ keys: ["ENTER", "1", "1000", "ENTER"] },
				{ tap: "quickpass" },
				{ expect: { screen: "622202*********0128" } },
				{ key: "ENTER" },
				{ expect: { screen: "交易成功" } },
				{ key: "ENTER" },
				{ keys: ["ENTER", "1", "150000", "ENTER"] },
				{ tap: { profile: "quickpass", holdMs: 300 } },
				{ key: "ENTER" },
				{ expect: { screen: "请持卡人输入密码" } },
				{ keys: ["123456", "ENTER"] },
				{ expect: { screen: "交易成功" } },
				{ key: "ENTER" },
				{ keys: ["ENTER", "1", "2000", "ENTER"] },
				{ tap: { profile: "quickpass", fault: "collision" } },
				{ expect: { screen: "请只出示一张卡" } },
			],
		});
		assert.equal(code, 0, out);
		const t = JSON.parse(out);
		assert.equal(t.ok, true, out);
		// The tap at idle (the field is not polled without an amount) left after its hold: nothing read.
		assert.ok(t.steps[3].screen.includes("按确认键进入菜单"), t.steps[3].screen);
		// Under the limit the card's confirmation is followed by the result: no PIN step between.
		assert.ok(t.steps[8].screen.includes("交易成功"), t.steps[8].screen);
		assert.deepEqual(
			t.host.transactions.map((x: { amountFen: number; status: string }) => [x.amountFen, x.status]),
			[
				[1000, "approved"],
				[150000, "approved"],
			],
		);
		assert.ok(
			t.slips.some((line: string) => line.includes("NO PIN OR SIGNATURE REQUIRED")),
			t.slips.join("\n"),
		);
	});

	it("exits 1 when an expectation fails, naming it", async () => {
		const { code, out } = await runCli({ steps: [{ expect: { screen: "no such text" } }] });
		assert.equal(code, 1);
		assert.ok(JSON.parse(out).steps[0].failure.includes("no such text"));
	});

	it("reboots on a power cut at a chosen write and recovers the owed reversal", async () => {
		const { code, out } = await runCli({
			params: { slipCopies: 1 },
			steps: [
				...SIGN_ON,
				{ key: "ENTER" },
				{ key: "1" },
				{ keys: "100" },
				{ key: "ENTER" },
				{ swipe: { card: "credit" } },
				{ key: "ENTER" },
				{ keys: "123456" },
				// The next durable write is the "sent" journal point; the one after it records the answer.
				{ power: "cut", atWrite: 2 },
				{ key: "ENTER" },
				{ expect: { screen: "请输入操作员号" } },
				...SIGN_ON,
			],
		});
		assert.equal(code, 0, out);
		const t = JSON.parse(out);
		assert.equal(t.boots, 2);
		assert.equal(t.journal.reversal, null, "the reversal owed from before the cut was sent at sign-in");
		assert.deepEqual(
			t.host.transactions.map((x: { status: string }) => x.status),
			["reversed"],
		);
	});

	it("rejects a malformed script with exit 1 and a message", async () => {
		const dir = mkdtempSync(join(tmpdir(), "posterm-script-"));
		const file = join(dir, "bad.json");
		writeFileSync(file, JSON.stringify({ steps: [{ dance: 1 }] }));
		const stderr = new PassThrough();
		let err = "";
		stderr.on("data", (d) => (err += d));
		const code = await main(["sim", "script", file], { stdout: new PassThrough(), stderr, stdin: new PassThrough() });
		assert.equal(code, 1);
		assert.ok(err.includes("unknown step"), err);
	});

	it("rejects an unknown key, card or parameter before it runs: one line naming it and its rule, no stack trace", async () => {
		const cases: [unknown, string][] = [
			[{ steps: [{ key: "X" }] }, 'step 0: unknown key "X"; keys: 0-9 00 . ENTER CLEAR CANCEL MENU F1 F2 UP DOWN'],
			[{ steps: [{ keys: ["01", "ENTRE"] }] }, 'step 0: unknown key "ENTRE"'],
			[{ steps: [{ swipe: { card: "gold" } }] }, 'step 0: "card" is one of debit, credit'],
			[{ steps: [{ insert: "gold" }] }, "step 0: the chip card is one of pboc-debit, pboc-credit, quickpass"],
			[{ steps: [{ insert: { profile: "pboc-debit", fault: "wet" } }] }, 'step 0: "fault" is one of mute, wrong-atr'],
			[{ steps: [{ tap: "pboc-debit" }] }, "step 0: the tapped card is one of quickpass, quickpass-update (a contactless side)"],
			[
				{ steps: [{ tap: { profile: "quickpass", fault: "wrong-atr" } }] },
				'step 0: a tap\'s "fault" is one of mute, removed, blocked, collision',
			],
			[
				{ steps: [{ tap: { profile: "quickpass", holdMs: -5 } }] },
				'step 0: "holdMs" is a whole number of milliseconds from 1 to 60000',
			],
			[{ params: { stepTimeoutMs: 5 }, steps: [] }, '"params": stepTimeoutMs 5 breaks its rule: 10000..300000'],
			[{ params: { slipCopies: "two" }, steps: [] }, '"params": slipCopies takes a whole number, not "two"'],
			[{ params: { colour: "red" }, steps: [] }, '"params": no parameter named "colour"'],
			[{ board: "nosuch", steps: [] }, '"board": unknown board "nosuch"'],
		];
		for (const [script, says] of cases) {
			const { code, out, err } = await runCli(script);
			assert.equal(code, 1, err);
			assert.equal(out, "", "nothing ran");
			assert.equal(err.trimEnd().split("\n").length, 1, err);
			assert.ok(err.includes(says), err);
		}
	});
});
