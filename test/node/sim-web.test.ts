// The browser simulator's HTTP side without a browser, and `posterm sim screenshot`.

import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { boardNames, loadBoard } from "../../host-sim/hal/boards.js";
import { galleryScreens } from "../../host-sim/sim/screen-gallery.js";
import { acquirerLogLine } from "../../host-sim/sim/web/acquirer-log-line.js";
import { SimSession, type SimEvent } from "../../host-sim/sim/sim-session.js";
import { startWebSimulator, type WebSimulator } from "../../host-sim/sim/web/web-server.js";
import type { KeyCode } from "../../hal/keypad.js";
import { runCli } from "./support/cli-capture.js";

function call(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Buffer; type: string }> {
	return new Promise((resolve, reject) => {
		const req = request(new URL(path, url), { method, headers: { "content-type": "application/json" } }, (res) => {
			const chunks: Buffer[] = [];
			res.on("data", (c: Buffer) => chunks.push(c));
			res.on("end", () =>
				resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), type: String(res.headers["content-type"] ?? "") }),
			);
		});
		req.on("error", reject);
		req.end(body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body));
	});
}

/** The first `count` events of the stream. */
function firstEvents(url: string, count: number): Promise<SimEvent[]> {
	return new Promise((resolve, reject) => {
		const events: SimEvent[] = [];
		let buffer = "";
		const req = request(new URL("/events", url), (res) => {
			res.setEncoding("utf8");
			res.on("data", (chunk: string) => {
				buffer += chunk;
				let end: number;
				while ((end = buffer.indexOf("\n\n")) >= 0) {
					const message = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					if (message.startsWith("data: ")) events.push(JSON.parse(message.slice(6)) as SimEvent);
					if (events.length === count) {
						req.destroy();
						resolve(events);
						return;
					}
				}
			});
		});
		req.on("error", (e) => (events.length === count ? undefined : reject(e)));
		req.end();
	});
}

describe("browser simulator HTTP side", () => {
	let session: SimSession;
	let web: WebSimulator;

	before(async () => {
		session = new SimSession(loadBoard("posterm-mono"), "en");
		web = await startWebSimulator(session, 0);
	});
	after(async () => {
		await web.close();
		session.stop();
	});

	it("listens on 127.0.0.1 and serves the page with a button for every key of the board's keypad", async () => {
		assert.match(web.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
		const page = await call(web.url, "GET", "/");
		assert.equal(page.status, 200);
		const html = page.body.toString("utf8");
		for (const row of session.board.keypad.map)
			for (const key of row) if (key !== null) assert.ok(html.includes(`data-key="${key}"`), key);
		assert.ok(html.includes('width="128" height="64"'));
	});

	it("presses a posted key, and refuses unknown keys, cards and faults with 400", async () => {
		const pressed: KeyCode[] = [];
		const unsubscribe = session.desktop.hal.keypad.onKey((e) => (e.down ? pressed.push(e.key) : undefined));
		assert.equal((await call(web.url, "POST", "/key", { key: "00" })).status, 204);
		assert.deepEqual(pressed, ["00"]);
		unsubscribe();
		assert.equal((await call(web.url, "POST", "/key", { key: "X" })).status, 400);
		assert.equal((await call(web.url, "POST", "/key", "not json")).status, 400);
		assert.equal((await call(web.url, "POST", "/swipe", { card: "gold", ips: 20, quality: "clean" })).status, 400);
		assert.equal((await call(web.url, "POST", "/swipe", { card: "debit", ips: 1000, quality: "clean" })).status, 400);
		assert.equal((await call(web.url, "POST", "/fault", { kind: "flood" })).status, 400);
		assert.equal((await call(web.url, "POST", "/key", "x".repeat(5000))).status, 400);
		assert.equal((await call(web.url, "GET", "/nothing")).status, 404);
	});

	it("swipes a synthesised test card into the head, one channel per track the board reads", async () => {
		const channels: number[][] = [];
		const unsubscribe = session.desktop.hal.magstripe.onSwipe((s) =>
			channels.push(s.kind === "flux" ? s.channels.map((c) => c.track ?? 0) : []),
		);
		assert.equal((await call(web.url, "POST", "/swipe", { card: "debit", ips: 30, reverse: true, quality: "worn" })).status, 204);
		unsubscribe();
		assert.deepEqual(channels, [[2, 3]], "posterm-mono reads tracks 2 and 3");
	});

	it("taps a contactless card from the page's Tap button: in the field until the terminal is done with it or its hold ends; a card or fault a tap cannot have is refused with 400", async () => {
		const html = (await call(web.url, "GET", "/")).body.toString("utf8");
		assert.match(
			html,
			/<button id="insert">Insert ▾<\/button> <button id="remove">Remove ▴<\/button> <button id="tap">Tap ⌁<\/button>/,
		);
		assert.ok(
			html.includes('post("/tap", {') && html.includes('<option value="collision">collision</option>'),
			"the button posts the chosen card and fault",
		);
		const logged: string[] = [];
		const unsubscribe = session.subscribe((e) => (e.type === "log" ? logged.push(e.text) : undefined));
		try {
			const reader = session.desktop.hal.contactless!;
			assert.equal((await call(web.url, "POST", "/tap", { profile: "quickpass", holdMs: 60_000 })).status, 204);
			// The card waits in the field for the terminal: a poll finds and activates it …
			const found = await reader.poll();
			assert.ok(found.ok && Buffer.from(found.value.uid).toString("hex") === "04a1b2c3d4e5f6", JSON.stringify(found));
			assert.deepEqual(logged, ["tap quickpass"]);
			// … and once the terminal is done with it (field off), it leaves without waiting for its hold.
			reader.fieldOff();
			await new Promise((resolve) => setImmediate(resolve));
			assert.deepEqual(logged, ["tap quickpass", "quickpass away from the field"]);
			assert.deepEqual(await reader.poll(), { ok: false, error: { kind: "no-card" } });
			// Two cards collide; not activated, they leave after the hold.
			assert.equal((await call(web.url, "POST", "/tap", { profile: "quickpass", fault: "collision", holdMs: 30 })).status, 204);
			assert.deepEqual(await reader.poll(), { ok: false, error: { kind: "collision", cards: 2 } });
			await new Promise((resolve) => setTimeout(resolve, 80));
			assert.deepEqual(await reader.poll(), { ok: false, error: { kind: "no-card" } });
			for (const [body, says] of [
				[{ profile: "pboc-debit" }, "pboc-debit has no contactless side; a tap takes quickpass"],
				[{ profile: "quickpass", fault: "wrong-atr" }, 'no tap fault named "wrong-atr"'],
				[{ profile: "gold" }, 'no chip profile named "gold"'],
				[{ profile: "quickpass", holdMs: 0 }, "holdMs must be a whole number"],
			] as const) {
				const answer = await call(web.url, "POST", "/tap", body);
				assert.equal(answer.status, 400, JSON.stringify(body));
				assert.ok(answer.body.toString("utf8").includes(says), answer.body.toString("utf8"));
			}
		} finally {
			unsubscribe();
		}
	});

	it("streams the whole panel first, then the screen text; serves the panel as PNG and text", async () => {
		const [frame, screen] = await firstEvents(web.url, 2);
		assert.equal(frame?.type, "frame");
		if (frame?.type !== "frame") return;
		assert.deepEqual(frame.rect, { x: 0, y: 0, w: 128, h: 64 });
		const pixels = Buffer.from(frame.rgb565, "base64");
		assert.equal(pixels.length, 128 * 64 * 2);
		const display = session.desktop.hal.display;
		assert.equal(pixels.readUInt16LE((10 * 128 + 3) * 2), display.rgb565At(3, 10));
		assert.equal(screen?.type, "screen");
		const png = PNG.sync.read((await call(web.url, "GET", "/screen.png")).body);
		assert.deepEqual([png.width, png.height], [128, 64]);
		const text = (await call(web.url, "GET", "/screen.txt")).body.toString("utf8");
		assert.ok(screen?.type === "screen" && text.startsWith(screen.text.split("\n")[0]!), text);
	});

	it("takes the network down and up, and the printer's paper out and back", async () => {
		assert.equal((await call(web.url, "POST", "/fault", { kind: "network-down" })).status, 204);
		assert.equal(session.desktop.network.linkUp, false);
		assert.equal((await call(web.url, "POST", "/fault", { kind: "network-up" })).status, 204);
		assert.equal(session.desktop.network.linkUp, true);
		assert.equal((await call(web.url, "POST", "/fault", { kind: "paper-out" })).status, 204);
		assert.equal(session.desktop.printer.online, false);
		assert.equal((await call(web.url, "POST", "/fault", { kind: "paper-in" })).status, 204);
		assert.equal(session.desktop.printer.online, true);
	});

	it("a power cut ends the old run: its timers never fire and its connection to the host is closed", async () => {
		const server = createServer();
		const peerClosed = new Promise<void>((resolve) => server.on("connection", (socket) => socket.on("close", () => resolve())));
		await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
		try {
			const old = session.desktop;
			const connected = await old.hal.network.connect("127.0.0.1", (server.address() as AddressInfo).port, 2000);
			assert.ok(connected.ok);
			let fired = false;
			old.hal.clock.after(30, () => (fired = true));
			assert.equal((await call(web.url, "POST", "/fault", { kind: "power-cut" })).status, 204);
			assert.notEqual(session.desktop, old);
			const closed = await Promise.race([
				peerClosed.then(() => true),
				new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000)),
			]);
			assert.equal(closed, true, "the cut closed the old run's connection");
			assert.equal(fired, false, "the old run's timer did not fire after the cut");
		} finally {
			server.close();
		}
	});
});

describe("acquirer log lines on the page", () => {
	it("shows direction, MTI, the masked fields and the note", () => {
		assert.equal(
			acquirerLogLine({
				at: "2026-11-21T01:30:00Z",
				direction: "in",
				mti: "0200",
				fields: { "2": "622202*********0128", "4": "000000012345" },
			}),
			"→ host 0200 2=622202*********0128 4=000000012345",
		);
		assert.equal(
			acquirerLogLine({ at: "2026-11-21T01:30:00Z", direction: "out", mti: "0210", fields: { "39": "00" }, note: "approved" }),
			"← host 0210 39=00 (approved)",
		);
		assert.equal(
			acquirerLogLine({ at: "2026-11-21T01:30:00Z", direction: "in", note: "garbage frame dropped" }),
			"→ host (garbage frame dropped)",
		);
	});
});

describe("posterm sim screenshot", () => {
	let dir: string;
	before(() => {
		dir = mkdtempSync(join(tmpdir(), "posterm-shot-"));
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it("boots, presses the keys and writes the panel as PNG at the given scale", async () => {
		const out = join(dir, "mono.png");
		const run = await runCli(["sim", "screenshot", "--board", "posterm-mono", "--keys", "1 2 F1", "--scale", "2", "--out", out]);
		assert.equal(run.code, 0, run.stderr);
		const { screen, ...file } = JSON.parse(run.stdout) as { screen: string };
		assert.deepEqual(file, { out, board: "posterm-mono", width: 128, height: 64, format: "mono1" });
		assert.equal(typeof screen, "string");
		const png = PNG.sync.read(readFileSync(out));
		assert.deepEqual([png.width, png.height], [256, 128]);
	});

	it("signs in at its own acquirer simulator, so the keys get past the daily sign-in", async () => {
		const out = join(dir, "signed-in.png");
		const run = await runCli(["sim", "screenshot", "--keys", "0 1 ENTER 0 0 0 0 ENTER", "--out", out]);
		assert.equal(run.code, 0, run.stderr);
		const { screen } = JSON.parse(run.stdout) as { screen: string };
		assert.match(screen, /操作员: 01/);
		assert.match(screen, /批次号: 000001/);
		assert.deepEqual([PNG.sync.read(readFileSync(out)).width], [320]);
	});

	it("refuses unknown keys and a missing --out with usage errors", async () => {
		assert.equal((await runCli(["sim", "screenshot", "--out", join(dir, "x.png"), "--keys", "1 PANIC"])).code, 2);
		assert.equal((await runCli(["sim", "screenshot"])).code, 2);
	});

	it("writes every example screen for every board and language with --gallery", async () => {
		const run = await runCli(["sim", "screenshot", "--gallery", join(dir, "gallery")]);
		assert.equal(run.code, 0, run.stderr);
		const expected = boardNames().length * 2 * galleryScreens("zh").length;
		assert.equal(readdirSync(join(dir, "gallery")).length, expected);
		const mono = PNG.sync.read(readFileSync(join(dir, "gallery", "posterm-mono-en-menu.png")));
		assert.deepEqual([mono.width, mono.height], [384, 192], "small panels enlarged 3×");
	});
});

describe("posterm sim (browser simulator command)", () => {
	it("says which port is taken when the acquirer simulator cannot listen, and exits 1", async () => {
		const blocker = createServer();
		await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
		const port = (blocker.address() as AddressInfo).port;
		try {
			const run = await runCli(["sim", "--port", "0", "--host-port", String(port)]);
			assert.equal(run.code, 1);
			assert.match(run.stderr, new RegExp(`127\\.0\\.0\\.1:${port} is taken.*--no-host`));
		} finally {
			await new Promise((resolve) => blocker.close(resolve));
		}
	});

	it("refuses a bad --port with a usage error", async () => {
		assert.equal((await runCli(["sim", "--port", "70000"])).code, 2);
	});
});
