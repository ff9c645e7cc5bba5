// The simulator build's contact reader relayed to the desktop: the firmware's side
// (device/moddable/sim/relayed-contact-reader.ts) formats requests and parses answers, the device check's side
// (host-sim/device/contact-relay.ts) the other way round, over host-sim's virtual card. Each text is checked as
// written, each side parses what the other writes, and a session through both gives what the card gives directly.
import { assert } from "../../support/assert.js";
import { pseAndRecord, referencePseAndRecord } from "../../support/contact-session.js";
import { hex } from "../../support/hex.js";
import { virtualCard } from "../../support/virtual-chip.js";
import type { CommandApdu } from "../../../hal/apdu.js";
import type { ContactError } from "../../../hal/contact-reader.js";
import { err, ok } from "../../../hal/result.js";
import {
	formatContactRequest,
	parseContactAnswer,
	RelayedContactReader,
	type ContactRequest,
} from "../../../device/moddable/sim/relayed-contact-reader.js";
import {
	ContactRelay,
	cryptogramsOf,
	decodeCommandApdu,
	formatContactAnswer,
	parseContactRequest,
} from "../../../host-sim/device/contact-relay.js";
import { PBOC_DEBIT } from "../../../host-sim/chip/profiles.js";
import { encodeCommandApdu } from "../../../src/card-reader/apdu-bytes.js";
import { directoryName, getResponse, readRecord, selectByName } from "../../../src/emv/commands.js";

/** The firmware's reader and the desktop's relay joined, the lines and texts kept in order. */
function joined(): { reader: RelayedContactReader; relay: ContactRelay; lines: string[]; texts: string[] } {
	const lines: string[] = [];
	const texts: string[] = [];
	let relay: ContactRelay | undefined;
	const reader = new RelayedContactReader((line) => {
		lines.push(line);
		relay!.take(line);
	});
	relay = new ContactRelay((text) => {
		texts.push(text);
		reader.receive(text);
	});
	return { reader, relay, lines, texts };
}

const CASES: readonly [string, CommandApdu][] = [
	["case 1", { cla: 0x80, ins: 0xca, p1: 0x9f, p2: 0x36, data: new Uint8Array(0) }],
	["case 2, Le 256 as 00", readRecord(1, 1)],
	["case 2, Le 15", getResponse(15)],
	["case 3", { cla: 0x80, ins: 0xa8, p1: 0, p2: 0, data: hex("8300") }],
	["case 4", selectByName(directoryName("PSE"))],
];

describe("the simulator build's relayed contact reader (device check)", () => {
	it("writes each request as one traced line, the command in its ISO/IEC 7816-4 bytes", () => {
		assert.equal(formatContactRequest({ op: "activate", seq: 1 }), "posterm contact 1 activate\n");
		assert.equal(
			formatContactRequest({ op: "apdu", seq: 12, command: selectByName(directoryName("PSE")) }),
			"posterm contact 12 apdu 00A404000E315041592E5359532E444446303100\n",
		);
		assert.equal(formatContactRequest({ op: "deactivate" }), "posterm contact deactivate\n");
	});

	for (const [name, command] of CASES)
		it(`parses on the desktop the request the firmware writes: ${name}`, () => {
			assert.deepEqual(decodeCommandApdu(encodeCommandApdu(command)), command);
			const request: ContactRequest = { op: "apdu", seq: 7, command };
			assert.deepEqual(parseContactRequest(formatContactRequest(request)), request);
		});

	it("refuses lines that are not a well-formed request", () => {
		for (const line of [
			"posterm census idle {}",
			"posterm contact activate",
			"posterm contact 3 apdu",
			"posterm contact 3 apdu 00A4",
			"posterm contact 3 apdu 00A404000E3150",
			"posterm contact 3 apdu 00a4040000",
			"posterm contact 3 activate 00",
			"posterm contact x apdu 00B2010C00",
		])
			assert.equal(parseContactRequest(line), undefined, line);
		assert.equal(decodeCommandApdu(hex("00A4040000")) !== undefined, true, "Le 00 alone is case 2");
		assert.equal(decodeCommandApdu(hex("00A40400050102")), undefined, "Lc 5 with 2 data bytes");
	});

	it("writes the answers as texts the firmware parses back", () => {
		const activation = { atr: hex("3B6500002063CBA000"), protocol: "T=0" as const, fi: 372, di: 1 };
		assert.equal(formatContactAnswer(1, ok(activation)), "1 atr 3B6500002063CBA000 T=0 372 1");
		assert.deepEqual(parseContactAnswer("1 atr 3B6500002063CBA000 T=0 372 1"), { kind: "answer", seq: 1, result: ok(activation) });
		const response = { data: hex("6F10"), sw1: 0x90, sw2: 0x00 };
		assert.equal(formatContactAnswer(2, ok(response)), "2 r 6F109000");
		assert.deepEqual(parseContactAnswer("2 r 6F109000"), { kind: "answer", seq: 2, result: ok(response) });
		const errors: ContactError[] = [
			{ kind: "no-card" },
			{ kind: "removed" },
			{ kind: "mute" },
			{ kind: "atr-invalid", atr: hex("3B65"), detail: "truncated TCK" },
			{ kind: "pps-refused" },
			{ kind: "protocol", detail: "parity" },
			{ kind: "interface-fault", detail: "VCC over-current" },
			{ kind: "bad-command", detail: "data and Le at T=0" },
			{ kind: "not-active" },
		];
		for (const error of errors)
			assert.deepEqual(parseContactAnswer(formatContactAnswer(3, err(error))), { kind: "answer", seq: 3, result: err(error) });
		assert.deepEqual(parseContactAnswer("insert"), { kind: "presence", present: true });
		assert.deepEqual(parseContactAnswer("remove"), { kind: "presence", present: false });
		for (const text of ["", "4 r 90", "4 r 9G00", "4 atr 3B T=2 372 1", "4 error lost", "4 error mute now", "x r 9000", "paper"])
			assert.equal(parseContactAnswer(text), undefined, text);
	});

	it("reads the card on the desktop as the card answers directly (SELECT PSE, READ RECORD at T=0)", async () => {
		const { reader, relay, lines, texts } = joined();
		const presence: boolean[] = [];
		reader.onPresence((present) => presence.push(present));
		assert.deepEqual(await reader.activate(), err({ kind: "no-card" }));
		relay.insert(virtualCard(PBOC_DEBIT));
		assert.equal(reader.present, true);
		assert.deepEqual(await pseAndRecord(reader), await referencePseAndRecord(PBOC_DEBIT));
		assert.equal(lines[0], "posterm contact 1 activate\n");
		// At T=0 the card holds the SELECT's answer back behind 61xx; the kernel fetches it with GET RESPONSE.
		assert.ok(lines[1]!.startsWith("posterm contact 2 apdu 00A404000E315041592E5359532E4444463031\n"), lines[1]);
		assert.ok(texts[2]!.startsWith("2 r 61"), texts[2]);
		assert.equal(relay.exchanges.length, lines.length - 1);
		relay.remove();
		assert.deepEqual(presence, [true, false]);
		assert.deepEqual(await reader.transmit(readRecord(1, 1)), err({ kind: "not-active" }));
	});

	it("loses the exchange under way when the card is taken out, and ignores an answer to another request", async () => {
		const lines: string[] = [];
		const reader = new RelayedContactReader((line) => lines.push(line));
		reader.receive("insert");
		const activation = reader.activate();
		reader.receive("1 atr 3B6500002063CBA000 T=0 372 1");
		assert.ok((await activation).ok);
		const pending = reader.transmit(readRecord(1, 1));
		reader.receive("9 r 9000");
		reader.receive("remove");
		assert.deepEqual(await pending, err({ kind: "removed" }));
		assert.equal(reader.present, false);
		reader.receive("insert");
		const again = reader.activate();
		reader.receive("3 r 9000");
		assert.deepEqual(await again, err({ kind: "protocol", detail: "a response where an ATR was expected" }));
		reader.close();
		assert.deepEqual(await reader.activate(), err({ kind: "not-active" }));
		assert.deepEqual(
			lines.map((line) => line.trim()),
			["posterm contact 1 activate", "posterm contact 2 apdu 00B2010C00", "posterm contact 3 activate"],
		);
	});

	it("names each GENERATE AC's cryptogram asked (P1) and given (CID), format 1 or 2, held behind 61xx or not", () => {
		const ac = "0102030405060708";
		assert.deepEqual(
			cryptogramsOf([
				{ command: "00B2010C00", answer: "r 70009000" },
				{ command: "80AE80001D00", answer: "r 610D" },
				{ command: "00C000000D", answer: `r 800B800011${ac}9000` },
				{ command: "80AE40001F00", answer: `r 77149F2701409F36020012${"9F2608" + ac}9000` },
				{ command: "80AE40001F00", answer: `r 800B000013${ac}9000` },
				{ command: "80AE80001D00", answer: "error removed" },
			]),
			["ARQC→ARQC", "TC→TC", "TC→AAC", "ARQC→?"],
		);
	});
});
