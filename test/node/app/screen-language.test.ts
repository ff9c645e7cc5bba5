// Chinese screens in Chinese, English screens in English (issue 17 item 7): the same cashier's walk in each
// language — sign-on, every menu, a sale declined 51, a sale whose slip meets paper out, the parameter list
// and a refused value, a card read error, the `.` key, the batch totals, a reprint, settlement, tamper —
// and every screen it shows is checked for text of the other language.

import { strict as assert } from "node:assert";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { screenText, type Screen } from "../../../src/ui/screen.js";
import { PRODUCT_NAME } from "../../../src/version.js";
import { pinPause, signOn, terminalOn } from "../support/terminal-on-host.js";

const MERCHANT = "posterm 测试商户";
/** Names and notations both languages show as they are: the product, a MAC, the date formats, the language key. */
const BOTH = [MERCHANT, PRODUCT_NAME, "MAC", "YYMM", "MMDD", "F1 English", "F1 中文"];

/** Words of the other language on a screen: Latin words on a Chinese one, Chinese characters on an English one. */
function foreignWords(screen: Screen, language: "zh" | "en"): string[] {
	let text = screenText(screen);
	for (const allowed of BOTH) text = text.split(allowed).join(" ");
	return language === "zh" ? (text.match(/[A-Za-z]{2,}/g) ?? []) : (text.match(/[\u3000-\u9fff\uff00-\uffef]+/g) ?? []);
}

async function walk(session: ScriptedTerminal): Promise<void> {
	const menu = (...keys: string[]) => {
		session.keys("ENTER", ...keys);
		session.keys("CANCEL", "CANCEL", "CANCEL");
	};
	await signOn(session);
	for (const keys of [["5"], ["7"], ["8"], ["9"], ["9", "3"]]) menu(...keys);
	// A decline (51), its texts from the message table.
	session.keys("ENTER", "1");
	session.swipe({ card: "no-funds" });
	session.keys("ENTER", "100000", ".", "ENTER");
	await pinPause(session);
	session.keys(TEST_CARDS["no-funds"].pin, "ENTER");
	await session.until(() => session.terminal.state.kind === "notice", "the decline");
	assert.ok(session.screen().includes("51"), session.screen());
	session.keys("ENTER");
	// A card read error, then a sale whose slip meets paper out; CANCEL there.
	session.swipe({ card: { track2: "12=" } });
	session.swipe({ card: "debit" });
	session.keys("ENTER", "800", "ENTER");
	await pinPause(session);
	session.printer.paperOut();
	session.keys(TEST_CARDS.debit.pin, "ENTER");
	await session.until(() => session.terminal.state.kind === "printing" && session.terminal.state.fault !== undefined, "paper out");
	session.keys("CANCEL", "ENTER");
	// The paper warning at the start of the next sale.
	session.keys("ENTER", "1");
	await session.wait(200);
	session.keys("CANCEL", "ENTER");
	session.printer.loadPaper();
	// The parameter list, a yes/no parameter, a refused value, a choice.
	session.keys(
		"ENTER",
		"9",
		"4",
		"12345678",
		"ENTER",
		"1",
		"2",
		"7",
		"ENTER",
		"CANCEL",
		"1",
		"8",
		"CANCEL",
		"CANCEL",
		"CANCEL",
		"CANCEL",
	);
	// Totals, reprint by copy, settlement, then tamper.
	session.keys("ENTER", "8", "2");
	await session.settle();
	session.keys("ENTER", "ENTER", "7", "1", "2");
	await session.settle();
	session.keys("ENTER", "6");
	await session.settle();
	session.keys("ENTER");
	session.hal.power.tamper();
}

describe("every screen in the language of the terminal (issue 17 item 7)", () => {
	for (const language of ["zh", "en"] as const) {
		it(`walks the cashier's screens in ${language} and finds no text of the other language`, async () => {
			const host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
			const session = terminalOn(host, { language });
			const seen = new Map<string, Screen>();
			const off = session.terminal.onScreen((screen) => seen.set(screenText(screen), screen));
			try {
				await walk(session);
			} finally {
				off();
				session.stop();
				await host.stop();
			}
			const titles = new Set([...seen.values()].map((s) => s.status.title));
			assert.ok(seen.size > 60 && titles.size > 12, `a walk through many screens: ${seen.size} screens, ${titles.size} titles`);
			const mixed = [...seen.entries()].flatMap(([text, screen]) => {
				const words = foreignWords(screen, language);
				return words.length > 0 ? [`${words.join(", ")} in:\n${text}`] : [];
			});
			assert.deepEqual(mixed, [], mixed.join("\n\n"));
		});
	}
});
