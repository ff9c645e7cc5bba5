// Contactless reader ("contactless"): the NFC front end answers on its bus and says what it is (for a PN532,
// GetFirmwareVersion), nothing is in the field at idle, the jig's test card tapped is found alone and
// activated at ISO/IEC 14443-4, SELECT of its PPSE (EMV Book B §3.3) answers 9000 with an FCI, and its
// removal is seen (EMV Book D §9.5). Records the front end's version and the status word, never card data.

import type { ContactlessError } from "../../../hal/contactless-reader.js";
import { directoryName, selectByName } from "../../emv/commands.js";
import { cardChannel } from "../../emv/transport.js";
import { numberParam, type FactoryTest } from "../factory-test.js";

const FAIL_CODE: Readonly<Record<ContactlessError["kind"], string>> = {
	"no-card": "TAP_TIMEOUT",
	collision: "COLLISION",
	"not-iso14443-4": "NOT_ISO14443_4",
	removed: "CARD_REMOVED",
	protocol: "CARD_PROTOCOL",
	"front-end": "FRONT_END",
	"not-active": "NOT_ACTIVE",
};

/** Polling rounds are this far apart while waiting for the card, and for its removal. */
const POLL_MS = 100;

export const contactlessReaderCheck: FactoryTest = {
	id: "contactless",
	description:
		"the NFC front end's identity, an empty field, the tapped test card's PPSE (9000 with an FCI), its removal (params.card, params.chip)",
	params: { card: "string", chip: "string", tapTimeoutMs: "number", removeTimeoutMs: "number" },
	timeoutMs: 120000,
	async run(context) {
		const reader = context.hal.contactless;
		const { outcome, params } = context;
		if (reader === undefined) return outcome.fail("NO_READER");
		const card = typeof params.card === "string" ? params.card : "contactless test card";
		if (reader.frontEnd !== undefined) {
			const id = await reader.frontEnd();
			if (!id.ok) return outcome.fail("FRONT_END", id.error.kind === "front-end" ? id.error.detail : id.error.kind);
			context.progress(`${id.value.chip} firmware ${id.value.firmware}`);
			const [major, minor] = id.value.firmware.split(".").map(Number);
			outcome.note("front_end_firmware", (major ?? 0) * 256 + (minor ?? 0), "version");
			if (typeof params.chip === "string")
				outcome.measure("front_end_match", id.value.chip === params.chip ? 1 : 0, "bool", 1, 1, "FRONT_END_MISMATCH");
		}
		const idle = await reader.poll();
		if (context.aborted) return reader.fieldOff();
		if (!idle.ok && idle.error.kind === "front-end") return outcome.fail("FRONT_END", idle.error.detail);
		const idleCards = idle.ok ? 1 : idle.error.kind === "collision" ? idle.error.cards : 0;
		if (!outcome.measure("idle_cards", idleCards, "cards", 0, 0, "SPURIOUS_CARD")) return reader.fieldOff();

		context.action("tap", { card });
		const deadline = numberParam(params, "tapTimeoutMs", 30000);
		let polled = await reader.poll();
		for (let waited = 0; !polled.ok && polled.error.kind === "no-card" && waited < deadline && !context.aborted; waited += POLL_MS) {
			await context.wait(POLL_MS);
			polled = await reader.poll();
		}
		if (context.aborted) return reader.fieldOff();
		if (!polled.ok) {
			reader.fieldOff();
			return outcome.fail(FAIL_CODE[polled.error.kind], polled.error.kind);
		}
		outcome.note("uid_bytes", polled.value.uid.length, "bytes");
		const answer = await cardChannel(reader, "ISO 14443-4").exchange(selectByName(directoryName("PPSE")));
		if (context.aborted) return reader.fieldOff();
		if (!answer.ok) {
			reader.fieldOff();
			const error = answer.error;
			return outcome.fail(
				error.kind === "reader" ? (FAIL_CODE[error.error.kind as ContactlessError["kind"]] ?? "CARD_PROTOCOL") : "CARD_PROTOCOL",
				"SELECT PPSE",
			);
		}
		const { sw1, sw2, data } = answer.value;
		const good =
			outcome.measure("ppse_sw", (sw1 << 8) | sw2, "sw", 0x9000, 0x9000, "PPSE_STATUS") &&
			outcome.measure("ppse_fci", data[0] === 0x6f ? 1 : 0, "bool", 1, 1, "PPSE_FCI");
		if (!good) return reader.fieldOff();

		context.action("take-away", { card });
		const removeDeadline = numberParam(params, "removeTimeoutMs", 30000);
		let gone = false;
		for (let waited = 0; waited < removeDeadline && !context.aborted; waited += POLL_MS) {
			const r = await reader.removed();
			if (!r.ok) {
				reader.fieldOff();
				return outcome.fail(FAIL_CODE[r.error.kind], "removal");
			}
			if ((gone = r.value)) break;
			await context.wait(POLL_MS);
		}
		reader.fieldOff();
		if (context.aborted) return;
		outcome.measure("card_removed", gone ? 1 : 0, "bool", 1, 1, "REMOVE_TIMEOUT");
	},
};
