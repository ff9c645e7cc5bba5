// Contact chip reader ("contact"): the jig's test card inserted (the presence switch), cold reset and its ATR,
// then SELECT of the card's PSE (EMV Book 1 §12.3.2) through the kernel's transport: a 9000 with an FCI template
// (6F) proves the interface, its UART and the protocol engine at the card's own protocol; then the card taken
// out (the switch again). Only the ATR's length, the protocol and the status word are recorded, never card data.

import type { ContactError } from "../../../hal/contact-reader.js";
import { directoryName, selectByName } from "../../emv/commands.js";
import { cardChannel } from "../../emv/transport.js";
import { numberParam, type FactoryTest } from "../factory-test.js";

const FAIL_CODE: Readonly<Record<ContactError["kind"], string>> = {
	"no-card": "NO_CARD",
	removed: "CARD_REMOVED",
	mute: "CARD_MUTE",
	"atr-invalid": "ATR_INVALID",
	"pps-refused": "PPS_REFUSED",
	protocol: "CARD_PROTOCOL",
	"interface-fault": "INTERFACE_FAULT",
	"bad-command": "BAD_COMMAND",
	"not-active": "NOT_ACTIVE",
};

/** The FCI template tag (EMV Book 1 §11.3.4). */
const FCI_TEMPLATE = 0x6f;

export const contactReaderCheck: FactoryTest = {
	id: "contact",
	description:
		"insert the chip test card: presence, ATR, SELECT of its PSE (9000 with an FCI), removal (params.card, params.insertTimeoutMs)",
	params: { card: "string", insertTimeoutMs: "number", removeTimeoutMs: "number" },
	timeoutMs: 120000,
	async run(context) {
		const reader = context.hal.contact;
		const { outcome, params } = context;
		if (reader === undefined) return outcome.fail("NO_READER");
		const card = typeof params.card === "string" ? params.card : "chip test card";
		if (!reader.present) {
			const inserted = await context.waitFor<boolean>(
				(deliver) => {
					const stop = reader.onPresence((present) => present && deliver(true));
					context.action("insert", { card });
					return stop;
				},
				numberParam(params, "insertTimeoutMs", 30000),
			);
			if (context.aborted) return;
			if (inserted === undefined) return outcome.fail("INSERT_TIMEOUT");
		}
		const activation = await reader.activate();
		if (context.aborted) return reader.deactivate();
		if (!activation.ok) {
			reader.deactivate();
			return outcome.fail(FAIL_CODE[activation.error.kind], activation.error.kind);
		}
		const { atr, protocol, fi, di } = activation.value;
		outcome.note("atr_bytes", atr.length, "bytes");
		outcome.note("protocol", protocol === "T=1" ? 1 : 0, "T");
		outcome.note("rate_f_over_d", fi / di, "clocks/etu");
		const answer = await cardChannel(reader, protocol).exchange(selectByName(directoryName("PSE")));
		reader.deactivate();
		if (context.aborted) return;
		if (!answer.ok) {
			const error = answer.error;
			return outcome.fail(
				error.kind === "reader" ? (FAIL_CODE[error.error.kind as ContactError["kind"]] ?? "CARD_PROTOCOL") : "CARD_PROTOCOL",
				"SELECT PSE",
			);
		}
		const { sw1, sw2, data } = answer.value;
		if (!outcome.measure("pse_sw", (sw1 << 8) | sw2, "sw", 0x9000, 0x9000, "PSE_STATUS")) return;
		if (!outcome.measure("pse_fci", data[0] === FCI_TEMPLATE ? 1 : 0, "bool", 1, 1, "PSE_FCI")) return;
		const removed = await context.waitFor<boolean>(
			(deliver) => {
				const stop = reader.onPresence((present) => !present && deliver(true));
				context.action("remove", { card });
				return stop;
			},
			numberParam(params, "removeTimeoutMs", 30000),
		);
		if (context.aborted) return;
		outcome.measure("card_removed", removed === undefined ? 0 : 1, "bool", 1, 1, "REMOVE_TIMEOUT");
	},
};
