// `posterm sim screenshot --out FILE.png [--board NAME] [--lang zh|en] [--keys "1 2 ENTER"] [--scale N]`:
// boots the terminal on a virtual clock against its own acquirer simulator (a free port of 127.0.0.1, so the
// keys can sign in and transact), presses the keys, each after the terminal has settled, and writes the
// panel as PNG; stdout names the file and shows the screen as text.
// `--gallery DIR` instead writes every example screen (host-sim/sim/screen-gallery.ts) for every board:
// DIR/BOARD-LANG-SCREEN.png, the documentation screenshots (panels narrower than 200 px enlarged 3× more).

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { isKeyCode } from "../../../../hal/keypad.js";
import { panelPixelFormat } from "../../../../hal/board.js";
import { ScreenRenderer } from "../../../../src/ui/render/screen-renderer.js";
import { type CliIo, printJson, UsageError } from "../../command.js";
import { boardNames, DEFAULT_BOARD, loadBoard } from "../../../hal/boards.js";
import { FramebufferDisplay } from "../../../hal/framebuffer-display.js";
import { VIRTUAL_EPOCH_MS } from "../../../hal/virtual-clock.js";
import { AcquirerHost } from "../../../acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../acquirer/acquirer-config.js";
import { ScriptedTerminal } from "../../../sim/scripted-terminal.js";
import { framebufferPng } from "../../../sim/framebuffer-png.js";
import { galleryScreens } from "../../../sim/screen-gallery.js";

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args: [...args],
		options: {
			out: { type: "string" },
			gallery: { type: "string" },
			board: { type: "string", default: DEFAULT_BOARD },
			lang: { type: "string", default: "zh" },
			keys: { type: "string", default: "" },
			scale: { type: "string", default: "1" },
		},
	});
	if (values.lang !== "zh" && values.lang !== "en") throw new UsageError(`--lang must be zh or en, not "${values.lang}"`);
	const scale = Number(values.scale);
	if (!Number.isInteger(scale) || scale < 1 || scale > 8) throw new UsageError("--scale must be 1..8");
	if (values.gallery !== undefined) return writeGallery(values.gallery, scale, io);
	if (values.out === undefined) throw new UsageError("--out FILE.png (or --gallery DIR) is required");
	const keys = values.keys.split(/[\s,]+/).filter((k) => k !== "");
	const unknown = keys.filter((k) => !isKeyCode(k));
	if (unknown.length > 0) throw new UsageError(`unknown keys: ${unknown.join(" ")}`);
	const board = loadBoard(values.board);
	const host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
	const session = new ScriptedTerminal({
		board,
		acquirerHost: "127.0.0.1",
		acquirerPort: host.port,
		params: { language: values.lang },
		startMs: VIRTUAL_EPOCH_MS,
	});
	host.followClock(session.clock);
	try {
		await session.settle();
		for (const key of keys) {
			session.keys(key);
			await session.settle();
		}
		writeFileSync(values.out, framebufferPng(session.hal.display, scale));
		const { width, height, format } = session.hal.display;
		printJson(io, { out: values.out, board: values.board, width, height, format, screen: session.screen() });
	} finally {
		session.stop();
		await host.stop();
	}
	return 0;
}

function writeGallery(dir: string, scale: number, io: CliIo): number {
	mkdirSync(dir, { recursive: true });
	const written: string[] = [];
	for (const name of boardNames()) {
		const { display } = loadBoard(name);
		const format = panelPixelFormat(display.controller);
		for (const language of ["zh", "en"] as const) {
			for (const { name: screenName, screen } of galleryScreens(language)) {
				const panel = new FramebufferDisplay(display.width, display.height, format);
				new ScreenRenderer(panel).draw(screen);
				const file = join(dir, `${name}-${language}-${screenName}.png`);
				writeFileSync(file, framebufferPng(panel, display.width < 200 ? scale * 3 : scale));
				written.push(file);
			}
		}
	}
	printJson(io, { written: written.length, dir });
	return 0;
}
