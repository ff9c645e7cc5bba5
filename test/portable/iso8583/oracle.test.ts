// The oracle cross-check (both engines): every message the firmware builds is decoded by the firmware codec
// and by the independent decoder (host-sim/acquirer/wire-decoder.ts), which must agree field for field.

import { assert } from "../../support/assert.js";
import { checkFrame, fuzzDecoder } from "../../../host-sim/tools/iso8583-fuzzer.js";
import { encodeFrame } from "../../../src/iso8583/frame-codec.js";
import { DEFAULT_TPDU, type IsoMessage } from "../../../src/iso8583/iso-message.js";
import * as requests from "../../../src/iso8583/requests.js";
import { decodeWire } from "../../../host-sim/acquirer/wire-decoder.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";

describe("ISO 8583 oracle cross-check of every builder", () => {
	const context: requests.TerminalContext = {
		terminalId: "10000001",
		merchantId: "898310058120001",
		batch: 12,
		operator: "01",
		readCapability: "2",
	};
	const card = TEST_CARDS.debit;
	const input: requests.FinancialInput = {
		stan: 77,
		card: { entryMode: "magstripe", track2: card.track2, track3: card.track3! },
		pin: { pinBlock: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), algorithm: 6 },
	};
	const original = { amount: 500, rrn: "000000000123", authCode: "654321", batch: 12, stan: 70 };
	const preauth = { authCode: "654321", date: "1120" };
	const totals = {
		domestic: { debit: { amount: 500, count: 1 }, credit: { amount: 0, count: 0 }, reconciliation: 0 as const },
		foreign: { debit: { amount: 0, count: 0 }, credit: { amount: 0, count: 0 }, reconciliation: 0 as const },
	};
	const built: Record<string, IsoMessage> = {
		signIn: requests.buildSignIn(context, 1, "004"),
		signOff: requests.buildSignOff(context, 2),
		echo: requests.buildEcho(context, 3),
		sale: requests.buildSale(context, { ...input, amount: 500 }),
		encryptedTrackSale: requests.buildSale(context, {
			...input,
			card: {
				...input.card,
				track2: "6222021234567890123=30BE5A1C0F9E7",
				track3: "996222021234567890123=1561560000000000000003000000214000003012=000000000000=000000000000=00000000CA",
			},
			tracksEncrypted: true,
			amount: 500,
		}),
		manualSale: requests.buildSale(context, { stan: 4, card: { entryMode: "manual", pan: card.pan, expiry: card.expiry }, amount: 1 }),
		chipSale: requests.buildSale(context, {
			stan: 5,
			card: {
				entryMode: "contact",
				pan: TEST_CARDS.chip.pan,
				sequence: "001",
				icc: Uint8Array.of(0x9f, 0x26, 0x08, 1, 2, 3, 4, 5, 6, 7, 8),
			},
			amount: 1,
		}),
		balance: requests.buildBalanceInquiry(context, input),
		saleVoid: requests.buildSaleVoid(context, { ...input, original }),
		refund: requests.buildRefund(context, { ...input, amount: 100, originalRrn: original.rrn, originalDate: "1120" }),
		preAuth: requests.buildPreAuth(context, { ...input, amount: 500 }),
		preAuthVoid: requests.buildPreAuthVoid(context, { ...input, amount: 500, original: preauth }),
		completion: requests.buildPreAuthCompletion(context, { ...input, amount: 500, original: preauth }),
		completionAdvice: requests.buildPreAuthCompletionAdvice(context, { ...input, amount: 500, original: preauth }),
		completionVoid: requests.buildCompletionVoid(context, { ...input, original }),
		reversal: requests.buildReversal(requests.buildSale(context, { ...input, amount: 500 }), "98"),
		settlement: requests.buildSettlement(context, 6, totals),
		batchUpload: requests.buildBatchUpload(context, 7, [{ domestic: true, stan: 77, pan: card.pan, amount: 500 }]),
		batchUploadEnd: requests.buildBatchUploadEnd(context, 8, 1),
		icBatchUpload: requests.buildIcBatchUpload(
			context,
			9,
			{
				pan: TEST_CARDS.chip.pan,
				amount: 500,
				processingCode: "000000",
				entryMode: "contact",
				sequence: "001",
				icc: Uint8Array.of(0x9f, 0x27, 0x01, 0x40),
				batch: 1,
				stan: 5,
			},
			"203",
		),
		icKeyQuery: requests.buildIcDownload(context, 10, "372", Uint8Array.of(0x31, 0x30, 0x30)),
		icParamEnd: requests.buildIcDownload(context, 11, "381"),
	};

	for (const [name, message] of Object.entries(built)) {
		it(`${name}: both decoders agree field for field`, () => {
			const frame = encodeFrame({
				tpdu: DEFAULT_TPDU,
				header: "603100310000",
				message: { mti: message.mti, fields: new Map([...message.fields, [64, new Uint8Array(8)]]) },
			});
			assert.ok(frame.ok);
			assert.deepEqual(checkFrame(frame.value), { accepted: true });
			const oracle = decodeWire(frame.value);
			assert.ok(oracle.ok);
			assert.equal(oracle.message.mti, message.mti);
			assert.equal(Object.keys(oracle.message.fields).length, message.fields.size + 1);
		});
	}
});

describe("ISO 8583 decoder fuzz, short run in both engines", () => {
	it("survives 3,000 mutated and random frames with typed errors, canonical re-encoding and oracle agreement", () => {
		const report = fuzzDecoder(3_000, 8583);
		assert.deepEqual(report.problems, []);
		assert.equal(report.frames, 3_000);
		assert.ok(report.accepted > 100, `accepted ${report.accepted}`);
	});
});
