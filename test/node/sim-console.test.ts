// `posterm sim --tui` as a user runs it: a child process in a pseudo-terminal (util-linux `script` allocates
// it, so stdin is a TTY in raw mode) with its own acquirer simulator: log in, the daily sign-in, a sale with a
// card from the picker, the slip in the paper view, the fault keys. And the acquirer's port: --host-port is
// where the terminal signs in; when another simulator holds 8583 it takes a free port and says so.

import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { DEFAULT_ACQUIRER_PORT } from "../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARDS } from "../../host-sim/cards/test-cards.js";
import { repoRoot } from "../../host-sim/tools/xs.js";
import type { KeyCode } from "../../hal/keypad.js";
import { loadBoard } from "../../host-sim/hal/boards.js";
import { ConsoleSimulator } from "../../host-sim/sim/console-simulator.js";
import { SimSession } from "../../host-sim/sim/sim-session.js";

const WAIT_MS = 30_000;

/** The console in a pseudo-terminal: what it has printed (clear-screen codes split the views) and its keyboard. */
class ConsoleUnderTest {
	readonly child: ChildProcess;
	#output = "";

	constructor(args: readonly string[]) {
		const command = [process.execPath, join(repoRoot, "host-sim/cli/bin.js"), "sim", "--tui", ...args].map((a) => `'${a}'`).join(" ");
		this.child = spawn("script", ["-qfec", command, "/dev/null"], {
			stdio: ["pipe", "pipe", "pipe"],
			env: { ...process.env, TERM: "xterm" },
		});
		this.child.stdout!.on("data", (chunk: Buffer) => (this.#output += chunk.toString("utf8")));
	}

	get output(): string {
		return this.#output;
	}

	/** Waits until the latest view shows `pattern`. */
	async until(pattern: RegExp | string, what = String(pattern)): Promise<string> {
		const deadline = Date.now() + WAIT_MS;
		for (;;) {
			const latest = this.#output.slice(this.#output.lastIndexOf("\x1b[2J\x1b[H"));
			if (typeof pattern === "string" ? latest.includes(pattern) : pattern.test(latest)) return latest;
			if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`never showed ${what}; last view:\n${latest}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	/** Types `keys`, one chunk each (as a person types), waiting for the view after each. */
	async type(...keys: string[]): Promise<void> {
		for (const key of keys) {
			this.child.stdin!.write(key);
			await new Promise((resolve) => setTimeout(resolve, 120));
		}
	}

	exited(): Promise<number | null> {
		return this.child.exitCode !== null
			? Promise.resolve(this.child.exitCode)
			: new Promise((resolve) => this.child.once("exit", resolve));
	}
}

async function holdPort(port: number): Promise<Server | undefined> {
	const server = createServer();
	return new Promise((resolve) => {
		server.once("error", () => resolve(undefined));
		server.listen(port, "127.0.0.1", () => resolve(server));
	});
}

describe("posterm sim --tui (console simulator in a pseudo-terminal)", function () {
	let running: ConsoleUnderTest | undefined;

	before(function () {
		if (spawnSync("script", ["--version"]).status !== 0) {
			process.stdout.write("      skipped: util-linux `script` not found (it provides the pseudo-terminal)\n");
			this.skip();
		}
	});

	afterEach(() => {
		if (running?.child.exitCode === null) running.child.kill("SIGTERM");
		running = undefined;
	});

	it("signs in at its own acquirer on --host-port, sells with a card from the picker and shows the slip on the paper", async () => {
		running = new ConsoleUnderTest(["--host-port", "0"]);
		const tui = running;
		const banner = /acquirer simulator on 127\.0\.0\.1:(\d+)/.exec(await tui.until(/acquirer simulator on 127\.0\.0\.1:\d+/))!;
		assert.notEqual(Number(banner[1]), DEFAULT_ACQUIRER_PORT, "--host-port 0: a free port");
		await tui.until("请输入操作员号");
		await tui.type("0", "1", "\r", "0", "0", "0", "0", "\r");
		// The sign-in reached this terminal's acquirer: its messages are in the console's log.
		await tui.until("← host 0810");
		await tui.until("操作员: 01");
		await tui.type("\r", "1");
		await tui.type("s");
		const picker = await tui.until("swipe which card?");
		assert.match(picker, /1 debit\s+622202\*+0128/);
		await tui.type("1");
		await tui.until("swipe debit (622202*********0128)");
		await tui.type("\r", "1", "2", "3", "4", "5", "\r");
		for (const digit of TEST_CARDS.debit.pin) await tui.type(digit);
		await tui.type("\r");
		await tui.until("请撕下");
		await tui.type("\r");
		await tui.until("交易成功");
		await tui.type("p");
		const paper = await tui.until("p hides");
		assert.match(paper, /签购单/);
		assert.match(paper, /123\.45/);
		assert.ok(!paper.includes(TEST_CARDS.debit.pan), "the slip masks the PAN");
		await tui.type("q");
		assert.equal(await tui.exited(), 0);
	});

	it("when another simulator holds 8583 it takes a free port, says so and signs in there; the fault keys", async () => {
		// 8583 is taken either by this test or by whatever already listens there.
		const blocker = await holdPort(DEFAULT_ACQUIRER_PORT);
		try {
			running = new ConsoleUnderTest(["--board", "posterm-mono", "--lang", "en"]);
			const tui = running;
			const view = await tui.until(/acquirer simulator on 127\.0\.0\.1:\d+/);
			const port = Number(/acquirer simulator on 127\.0\.0\.1:(\d+)/.exec(view)![1]);
			assert.notEqual(port, DEFAULT_ACQUIRER_PORT);
			assert.match(tui.output, new RegExp(`127\\.0\\.0\\.1:${DEFAULT_ACQUIRER_PORT} is taken.*127\\.0\\.0\\.1:${port}`));
			await tui.type("0", "1", "\r", "0", "0", "0", "0", "\r");
			await tui.until("← host 0810");
			// The fault keys, each shown in the status line or the log.
			await tui.until("printer ok · network up");
			await tui.type("n");
			await tui.until("network DOWN");
			await tui.type("n", "o");
			await tui.until("printer PAPER OUT · network up");
			await tui.type("o", "c");
			await tui.until("printer COVER OPEN");
			await tui.type("c", "x");
			await tui.until("boot 2: posterm-mono");
			await tui.type("t");
			await tui.until("tamper line tripped");
			await tui.type("h");
			const help = await tui.until("terminal keys:");
			for (const key of ["Esc=CANCEL", "Backspace=CLEAR", "m=MENU", "F1", "F2", "z=00"]) assert.ok(help.includes(key), key);
			await tui.type("k");
			await tui.until('"k" is no key here');
			await tui.type("\x03");
			assert.equal(await tui.exited(), 0);
		} finally {
			blocker?.close();
		}
	});
});

describe("console simulator keys (in process)", () => {
	let session: SimSession;
	let tui: ConsoleSimulator;
	afterEach(() => {
		tui.close();
		session.stop();
	});

	it("presses the terminal key of every PC key the README lists, xterm's sequences included", () => {
		session = new SimSession(loadBoard("posterm-s3"), "zh");
		tui = new ConsoleSimulator(session);
		const pressed: KeyCode[] = [];
		session.desktop.hal.keypad.onKey((e) => (e.down ? pressed.push(e.key) : undefined));
		assert.equal(tui.input("7z.\r\x7f\x1bm\x1bOP\x1b[12~\x1b[A\x1b[B"), true);
		assert.deepEqual(pressed, ["7", "00", ".", "ENTER", "CLEAR", "CANCEL", "MENU", "F1", "F2", "UP", "DOWN"]);
		assert.equal(tui.input("q"), false, "q quits");
	});

	it("swipes the card picked by number, with the direction and quality chosen in the picker; Esc closes it unswiped", () => {
		session = new SimSession(loadBoard("posterm-s3"), "zh");
		tui = new ConsoleSimulator(session);
		let swipes = 0;
		session.desktop.hal.magstripe.onSwipe(() => swipes++);
		tui.input("s");
		assert.match(tui.view(false), /swipe which card\?[\s\S]*2 credit\s+625801\*+8909/);
		tui.input("\x1b");
		assert.equal(swipes, 0);
		assert.doesNotMatch(tui.view(false), /swipe which card/);
		tui.input("srw2");
		assert.equal(swipes, 1);
		assert.match(tui.view(false), /swipe credit \(625801\*+8909\) 20 ips reverse, worn/);
		tui.input("s9");
		assert.match(tui.view(false), /pick a card 1-7, r, w or Esc/);
	});

	it("w taps a contactless card picked by number, f cycles the tap's faults, w or Esc closes the picker; the help names it", async () => {
		session = new SimSession(loadBoard("posterm-s3"), "zh");
		tui = new ConsoleSimulator(session);
		tui.input("w");
		const picker = tui.view(false);
		assert.match(
			picker,
			/tap which chip card\? \(number; f fault, Esc back\)\n {2}1 quickpass\n {2}2 quickpass-update\n {2}fault none/,
		);
		assert.doesNotMatch(picker, /pboc-debit/, "only the cards with a contactless side");
		tui.input("w");
		assert.doesNotMatch(tui.view(false), /tap which chip card/);
		tui.input("wfff");
		assert.match(tui.view(false), /fault blocked/);
		tui.input("f");
		assert.match(tui.view(false), /fault collision/);
		tui.input("3");
		assert.match(tui.view(false), /pick a card 1-2, f or Esc/);
		tui.input("1");
		assert.match(tui.view(false), /sim {2}tap quickpass \(collision\)/);
		assert.doesNotMatch(tui.view(false), /tap which chip card/);
		// At the operator prompt the field is not polled: both cards leave after the tap's hold.
		const away = await new Promise<string>((resolve) =>
			session.subscribe((e) => (e.type === "log" && e.text.includes("away") ? resolve(e.text) : undefined)),
		);
		assert.equal(away, "quickpass away from the field");
		tui.input("h");
		assert.match(tui.view(false), / {2}w {2}tap a contactless card/);
		assert.match(tui.view(false), /· w tap ·/);
	});
});
