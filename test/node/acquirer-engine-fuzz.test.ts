// The acquirer simulator never falls over: random decodable requests for the default terminal (most of them
// MACed with its session key once it has signed in) each get an answer that encodes, without a throw, and
// the books stay consistent (no negative balance or hold).

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { AcquirerEngine } from "../../host-sim/acquirer/acquirer-engine.js";
import { defaultAcquirerConfig, DEFAULT_MERCHANT_ID, DEFAULT_TERMINAL_ID } from "../../host-sim/acquirer/acquirer-config.js";
import { freshBooks } from "../../host-sim/acquirer/acquirer-state.js";
import { decodeWire } from "../../host-sim/acquirer/wire-decoder.js";
import { encodeFrame, MTI_OFFSET } from "../../src/iso8583/frame-codec.js";
import { unionPayMac } from "../../host-sim/acquirer/host-crypto.js";
import { DEFAULT_TPDU, type FieldValue } from "../../src/iso8583/iso-message.js";
import { carriesMac, TRANSACTIONS } from "../../src/iso8583/transaction-matrix.js";
import { TEST_CARDS } from "../../host-sim/cards/test-cards.js";
import { FuzzRandom, randomFrame } from "../../host-sim/tools/iso8583-fuzzer.js";

describe("acquirer simulator under random requests", () => {
	it("answers 20,000 random requests for the signed-in default terminal without throwing", () => {
		const config = defaultAcquirerConfig();
		const books = freshBooks(config);
		const engine = new AcquirerEngine({
			config,
			books,
			now: () => Date.UTC(2026, 10, 21, 2),
			randomBytes: (n) => new Uint8Array(randomBytes(n)),
		});
		const random = new FuzzRandom(5);
		const shapes = Object.values(TRANSACTIONS);
		const cards = Object.values(TEST_CARDS);
		const mtis = ["0800", "0820", "0100", "0200", "0220", "0320", "0400", "0500", "0600"];
		const codes: Record<string, number> = {};
		for (let i = 0; i < 20_000; i++) {
			const base = randomFrame(random);
			const fields = new Map<number, FieldValue>(base.message.fields);
			fields.set(41, DEFAULT_TERMINAL_ID);
			fields.set(42, DEFAULT_MERCHANT_ID);
			fields.set(11, String(i + 1).padStart(6, "0"));
			if (random.below(8) !== 0) fields.set(60, `${String(random.below(30)).padStart(2, "0")}000001000`);
			let mti = mtis[random.below(mtis.length)]!;
			if (random.below(2) === 0) {
				// Shape it like a real transaction so it reaches the business rules.
				const shape = shapes[random.below(shapes.length)]!;
				mti = shape.mti;
				fields.set(3, shape.processingCode);
				fields.set(60, `${shape.typeCode}000001000`);
				fields.set(35, cards[random.below(cards.length)]!.track2);
				fields.delete(2);
				fields.delete(36); // may be TDK ciphertext of the random frame, which 53 no longer announces
				fields.delete(53);
			}
			if (mti === "0800") fields.set(60, `00000001${["001", "003", "004", "999"][random.below(4)]}`);
			const mak = books.terminals[DEFAULT_TERMINAL_ID]!.mak;
			const macced = mak !== undefined && carriesMac(mti) && random.below(4) !== 0;
			if (macced) fields.set(64, new Uint8Array(8));
			const frame = encodeFrame({ ...base, tpdu: DEFAULT_TPDU, message: { mti, fields } });
			assert.ok(frame.ok);
			if (macced)
				frame.value.set(
					unionPayMac(Buffer.from(mak, "hex"), frame.value.subarray(MTI_OFFSET, frame.value.length - 8)),
					frame.value.length - 8,
				);
			const request = decodeWire(frame.value);
			assert.ok(request.ok);
			const answer = engine.handle(request.message, frame.value);
			const code = answer.response.fields.get(39) as string;
			codes[code] = (codes[code] ?? 0) + 1;
			assert.ok(encodeFrame({ tpdu: DEFAULT_TPDU, header: base.header, message: answer.response }).ok, `response to ${mti} encodes`);
		}
		for (const account of Object.values(books.accounts))
			assert.ok(account.heldFen >= 0 && account.balanceFen >= 0, JSON.stringify(account));
		assert.ok(Object.keys(codes).length >= 10, `a spread of answers: ${JSON.stringify(codes)}`);
		assert.ok((codes["00"] ?? 0) > 300, `approvals too: ${JSON.stringify(codes)}`);
	});
});
