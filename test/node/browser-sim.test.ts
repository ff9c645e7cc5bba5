// The browser simulator end to end: Debian's Chromium (driven by playwright-core) opens the page served by
// `posterm sim`, clicks keys, types shortcuts, swipes a test card and presses fault buttons. Skipped, with a
// message saying why, when /usr/bin/chromium is not installed (`apt-get install chromium`; .ci/run does).

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { AcquirerHost } from "../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARDS } from "../../host-sim/cards/test-cards.js";
import { loadBoard } from "../../host-sim/hal/boards.js";
import { SimSession } from "../../host-sim/sim/sim-session.js";
import type { KeyCode } from "../../hal/keypad.js";
import { screenText as firmwareScreenText } from "../../src/ui/screen.js";
import { startWebSimulator, type WebSimulator } from "../../host-sim/sim/web/web-server.js";
import { PAGE_FONT_FAMILY } from "../../host-sim/sim/web/page.js";
import { BitmapFont } from "../../src/ui/render/bitmap-font.js";
import { UNIFONT_SUBSET } from "../../src/ui/render/font-data.js";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
	"--headless",
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
];
const WAIT_MS = 10_000;

interface Running {
	readonly session: SimSession;
	readonly web: WebSimulator;
	readonly context: BrowserContext;
	readonly page: Page;
	readonly profile: string;
}

async function open(boardName: string, acquirerPort?: number): Promise<Running> {
	const session = new SimSession(
		loadBoard(boardName),
		"zh",
		acquirerPort === undefined ? undefined : { host: "127.0.0.1", port: acquirerPort },
	);
	const web = await startWebSimulator(session, 0);
	const profile = mkdtempSync(join(tmpdir(), "posterm-chromium-"));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		timeout: 30_000,
	});
	const page = await context.newPage();
	await page.goto(web.url);
	await page.locator("#screen-text", { hasText: "[" }).waitFor({ timeout: WAIT_MS });
	return { session, web, context, page, profile };
}

async function close(running: Running | undefined): Promise<void> {
	if (!running) return;
	await running.context.close();
	await running.web.close();
	running.session.stop();
	rmSync(running.profile, { recursive: true, force: true });
}

const screenText = (page: Page) =>
	page
		.locator("#screen-text")
		.textContent()
		.then((t) => t ?? "");

async function waitForScreen(page: Page, text: string): Promise<void> {
	await page.locator("#screen-text", { hasText: text }).waitFor({ timeout: WAIT_MS });
}

/** The canvas pixels at `points` as RGB565, read back from the browser (the page script runs there). */
async function canvasRgb565(page: Page, points: readonly (readonly [number, number])[]): Promise<number[]> {
	const script = `(() => {
		const ctx = document.getElementById("screen").getContext("2d");
		return ${JSON.stringify(points)}.map(([x, y]) => {
			const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
			return ((r & 0xf8) << 8) | ((g & 0xfc) << 3) | (b >> 3);
		});
	})()`;
	return (await page.evaluate(script)) as number[];
}

/** Waits until the page shows the screen the firmware shows now (the event stream has caught up). */
async function waitForFirmwareScreen(page: Page, session: SimSession): Promise<void> {
	const expected = firmwareScreenText(session.desktop.terminal.screen);
	for (let waited = 0; waited < WAIT_MS && (await screenText(page)) !== expected; waited += 50)
		await new Promise((resolve) => setTimeout(resolve, 50));
	assert.equal(await screenText(page), expected);
}

async function waitForLog(page: Page, text: string): Promise<void> {
	await page.locator("#log", { hasText: text }).waitFor({ timeout: WAIT_MS });
}

describe("browser simulator (Chromium)", function () {
	let running: Running | undefined;

	before(function () {
		if (!existsSync(CHROMIUM)) {
			process.stdout.write(`      skipped: ${CHROMIUM} not found; apt-get install -y chromium to run the browser test\n`);
			this.skip();
		}
	});

	afterEach(async () => {
		await close(running);
		running = undefined;
	});

	for (const board of ["posterm-s3", "posterm-mono"]) {
		it(`shows the panel pixel-exact on ${board}, and passes clicked and typed keys to the firmware`, async () => {
			running = await open(board);
			const { page, session } = running;
			const display = session.desktop.hal.display;
			const keys: KeyCode[] = [];
			session.desktop.hal.keypad.onKey((event) => {
				if (event.down) keys.push(event.key);
			});
			const points: [number, number][] = [];
			for (let y = 0; y < display.height; y += 7) for (let x = 0; x < display.width; x += 5) points.push([x, y]);
			await waitForFirmwareScreen(page, session);
			assert.deepEqual(
				await canvasRgb565(page, points),
				points.map(([x, y]) => display.rgb565At(x, y)),
			);
			await page.locator('.key[data-key="5"]').click();
			await page.locator('.key[data-key="CLEAR"]').click();
			await page.keyboard.press("7");
			await page.keyboard.press("z");
			await page.keyboard.press("Escape");
			await page.keyboard.press("ArrowDown");
			for (let waited = 0; waited < WAIT_MS && keys.length < 6; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
			assert.deepEqual(keys, ["5", "CLEAR", "7", "00", "CANCEL", "DOWN"]);
			await waitForFirmwareScreen(page, session);
			assert.deepEqual(
				await canvasRgb565(page, points),
				points.map(([x, y]) => display.rgb565At(x, y)),
			);
		});
	}

	it("swipes a test card through the card slot and locks the terminal from the tamper button", async () => {
		running = await open("posterm-s3");
		const { page, session } = running;
		const swipes: number[] = [];
		session.desktop.hal.magstripe.onSwipe((swipe) => swipes.push(swipe.kind === "flux" ? swipe.channels.length : -1));
		await page.selectOption("#card", "credit");
		await page.selectOption("#direction", "reverse");
		await page.locator("#swipe").click();
		await waitForLog(page, "swipe credit (625801******8909)");
		assert.deepEqual(swipes, [2], "one flux swipe: tracks 1 and 2 (the credit card has no track 3)");
		await page.locator('[data-fault="tamper"]').click();
		await waitForLog(page, "tamper line tripped");
		assert.equal(session.desktop.hal.power.tamperLine, true);
		assert.equal(session.desktop.hal.secure.tampered, true, "the firmware zeroised its keys");
		await waitForFirmwareScreen(page, session);
	});

	it("grows the paper as the emulator prints, and takes the paper out from the fault button", async () => {
		running = await open("posterm-s3");
		const { page, session } = running;
		const port = session.desktop.hal.printer;
		assert.equal(port.write(new TextEncoder().encode("POSTERM TEST SLIP\n\n\n")), 20);
		const printer = session.desktop.printer;
		const paperOnPage = async () =>
			(await page.evaluate(`(() => {
			const c = document.querySelector("#paper canvas");
			if (!c) return [0, 0, 0];
			const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
			let n = 0;
			for (let i = 0; i < d.length; i += 4) if (d[i] < 128) n++;
			return [c.width, c.height, n];
		})()`)) as number[];
		// The emulator prints at paper speed; the page catches up within a poll period once it stops.
		let inked = await paperOnPage();
		for (let waited = 0; waited < WAIT_MS && !(printer.idle && inked[1] === printer.paper.heightDots && inked[1]! > 0); waited += 100) {
			await new Promise((resolve) => setTimeout(resolve, 100));
			inked = await paperOnPage();
		}
		assert.equal(inked[0], printer.paper.widthDots);
		assert.equal(inked[1], printer.paper.heightDots);
		assert.ok(inked[2]! > 100, `${inked[2]} dark dots on the paper`);
		await page.locator('[data-fault="paper-out"]').click();
		await waitForLog(page, "printer: paper-out");
		assert.equal(session.desktop.printer.online, false);
	});

	it("restarts the terminal on a power cut, the secure element still zeroised after a tamper; the log keeps each line once", async () => {
		running = await open("posterm-s3");
		const { page, session } = running;
		await page.locator('[data-fault="tamper"]').click();
		await waitForLog(page, "tamper line tripped");
		const before = session.desktop;
		await page.locator('[data-fault="power-cut"]').click();
		await waitForLog(page, "boot 2");
		// The stream reconnects too (as after a network hiccup): the recent log it sends again is not shown twice.
		await page.evaluate("(() => { events.close(); events = new EventSource('/events'); events.onmessage = onEvent; })()");
		await page.locator('[data-fault="network-down"]').click();
		await waitForLog(page, "network down");
		const lines = ((await page.locator("#log > div").allTextContents()) as string[]).map((l) => l.replace(/^\S+ /, ""));
		assert.deepEqual(
			lines.filter((l) => /boot 1|tamper line tripped|power cut/.test(l)),
			[
				"sim  boot 1: posterm-s3, 320×240 rgb565",
				"sim  case opened: tamper line tripped",
				"sim  power cut: the terminal restarts from what its storage and secure element held",
			],
		);
		assert.notEqual(session.desktop, before);
		assert.equal(session.desktop.hal.power.tamperLine, false, "a new case: the line is closed again");
		assert.equal(session.desktop.hal.secure.tampered, true, "the element's own store kept the zeroised state");
		await waitForFirmwareScreen(page, session);
	});

	it("draws its Chinese text with the terminal's own font from /font.ttf, glyph for glyph as on the panel", async () => {
		running = await open("posterm-s3");
		const { page } = running;
		const faces = (await page.evaluate(
			`document.fonts.load("16px ${PAGE_FONT_FAMILY}", "取消").then((f) => f.map((face) => face.status))`,
		)) as string[];
		assert.deepEqual(faces, ["loaded"], "Chromium accepted the served font");
		const font = new BitmapFont(UNIFONT_SUBSET);
		const visible = (await page.evaluate("document.body.innerText")) as string;
		const cjk = [...new Set(visible.match(/[\u3000-\u9fff\uff00-\uffef]/g) ?? [])];
		assert.ok(cjk.includes("取") && cjk.includes("确"), cjk.join(""));
		assert.deepEqual(font.missing(cjk.join("")), [], "every Chinese character on the page is in the font");
		for (const ch of ["取", "确", "A"]) {
			const glyph = font.glyph(ch);
			const inked = (await page.evaluate(`(() => {
				const c = document.createElement("canvas");
				c.width = 16; c.height = 16;
				const g = c.getContext("2d");
				g.fillStyle = "#fff"; g.fillRect(0, 0, 16, 16);
				g.fillStyle = "#000"; g.font = "16px ${PAGE_FONT_FAMILY}"; g.textBaseline = "alphabetic";
				g.fillText(${JSON.stringify(ch)}, 0, 14);
				const d = g.getImageData(0, 0, 16, 16).data;
				return Array.from({ length: 256 }, (_, i) => (d[i * 4] < 128 ? 1 : 0));
			})()`)) as number[];
			const expected = Array.from({ length: 256 }, (_, i) => {
				const [x, y] = [i % 16, i >> 4];
				return x < glyph.width ? (glyph.rows[y * (glyph.width >> 3) + (x >> 3)]! >> (7 - (x & 7))) & 1 : 0;
			});
			assert.deepEqual(inked, expected, `glyph of ${ch}`);
		}
	});

	// The sale as the application takes it (test/node/support/terminal-on-host.ts): operator 01 signs on with 0000,
	// the daily sign-in runs against the acquirer simulator on the port the session gives it, then ENTER 1 (sale), swipe,
	// ENTER, amount, ENTER, PIN, ENTER; the merchant copy prints, ENTER, the cardholder copy, the result.
	it("logs in, signs in and sells by clicking keys and swiping a test card: approved screen and printed slip", async () => {
		const host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		try {
			running = await open("posterm-s3", host.port);
			const { page, session } = running;
			// Every screen the page was sent: the approved screen gives way to the slip prompts while printing.
			const shown: string[] = [];
			session.subscribe((event) => (event.type === "screen" ? shown.push(event.text) : undefined));
			const click = async (...keys: string[]) => {
				for (const key of keys) await page.locator(`.key[data-key="${key}"]`).click();
			};
			await click("0", "1", "ENTER", "0", "0", "0", "0", "ENTER");
			await waitForScreen(page, "操作员: 01");
			await click("ENTER", "1");
			await page.selectOption("#card", "debit");
			await page.locator("#swipe").click();
			await click("ENTER");
			for (const digit of "12345") await page.keyboard.press(digit);
			await click("ENTER");
			for (const digit of TEST_CARDS.debit.pin) await page.keyboard.press(digit);
			await click("ENTER");
			// The merchant copy prints first; tear it off (ENTER) and the cardholder copy follows, then the result.
			await waitForScreen(page, "请撕下");
			await page.locator("#paper-status", { hasText: "dot rows" }).waitFor({ timeout: WAIT_MS });
			await click("ENTER");
			await page.locator("#screen-text", { hasText: "交易成功" }).waitFor({ timeout: 3 * WAIT_MS });
			assert.ok((await screenText(page)).includes("123.45"), shown.join("\n----\n"));
			const slip = session.desktop.printer.paper.text();
			assert.match(slip, /签购单/);
			assert.match(slip, /123\.45/);
			assert.ok(!slip.includes(TEST_CARDS.debit.pan), "the slip masks the PAN");
		} finally {
			await host.stop();
		}
	});
});
