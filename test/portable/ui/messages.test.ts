import { assert } from "../../support/assert.js";
import { MESSAGES, RESPONSE_TEXTS } from "../../../src/ui/messages.js";

/** Terms both languages write alike: the language key's label, protocol names, date-format notations. */
const SHARED_TERMS = ["F1 English", "F1 中文", "MAC", "TPDU", "VIP", "YYMM", "MMDD"];

function withoutShared(text: string): string {
	return SHARED_TERMS.reduce((rest, term) => rest.split(term).join(" "), text);
}

describe("message table (issue 17 item 7)", () => {
	const entries = [
		...Object.entries(MESSAGES),
		...Object.entries(RESPONSE_TEXTS).map(([code, texts]) => [`response ${code}`, texts] as const),
	];

	it("has every text in both languages, none empty", () => {
		for (const [id, texts] of entries) {
			assert.ok(texts.zh.length > 0 && texts.en.length > 0, id);
		}
	});

	it("writes no English word into a Chinese text and no Chinese into an English one", () => {
		const mixed: string[] = [];
		for (const [id, texts] of entries) {
			const latin = withoutShared(texts.zh).match(/[A-Za-z]{2,}/g);
			const chinese = withoutShared(texts.en).match(/[\u3000-\u9fff\uff00-\uffef]/g);
			if (latin) mixed.push(`${id}.zh: ${latin.join(" ")}`);
			if (chinese) mixed.push(`${id}.en: ${chinese.join("")}`);
		}
		assert.deepEqual(mixed, []);
	});
});
