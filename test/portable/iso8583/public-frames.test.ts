// Real acquirer material (issue 12, item 10): public UnionPay frames and the current field-60 layout, read
// by the firmware codec and by the independent decoder (host-sim/acquirer/wire-decoder.ts) field for field.

import { assert } from "../../support/assert.js";
import { hex } from "../../support/hex.js";
import { checkFrame } from "../../../host-sim/tools/iso8583-fuzzer.js";
import { PUBLIC_FRAMES } from "../../support/public-frames.js";
import { decodeFrame, encodeFrame } from "../../../src/iso8583/frame-codec.js";
import { parseField60 } from "../../../src/iso8583/composite-fields.js";
import { DEFAULT_TPDU, isoMessage, textField } from "../../../src/iso8583/iso-message.js";
import { decodeWire } from "../../../host-sim/acquirer/wire-decoder.js";

describe("public UnionPay frames (issue 12 item 10)", () => {
	for (const [name, frameHex] of Object.entries(PUBLIC_FRAMES)) {
		it(`${name}: header 60310031FFF1 and field 59 are read, both decoders agree field for field`, () => {
			const bytes = hex(frameHex);
			const decoded = decodeFrame(bytes);
			assert.ok(decoded.ok, decoded.ok ? "" : JSON.stringify(decoded.error));
			assert.equal(decoded.value.frame.header, "60310031FFF1");
			assert.equal(textField(decoded.value.frame.message, 59), "000001000178");
			assert.deepEqual(parseField60(textField(decoded.value.frame.message, 60)!), {
				ok: true,
				value: { type: "22", batch: 0, networkCode: "000", readCapability: "6", icCondition: "0" },
			});
			assert.deepEqual(checkFrame(bytes), { accepted: true });
		});
	}

	it("a 0200 whose field 60 holds the 19 digits of 60.1–60.8", () => {
		const message = isoMessage("0200", [
			[3, "000000"],
			[4, "000000000100"],
			[11, "000123"],
			[60, "2200012300060100107"],
			[64, new Uint8Array(8)],
		]);
		const frame = encodeFrame({ tpdu: DEFAULT_TPDU, header: "603100310000", message });
		assert.ok(frame.ok);
		const decoded = decodeFrame(frame.value);
		assert.ok(decoded.ok, decoded.ok ? "" : JSON.stringify(decoded.error));
		const f60 = parseField60(textField(decoded.value.frame.message, 60)!);
		assert.ok(f60.ok);
		assert.equal(f60.value.accountType, "001");
		assert.equal(f60.value.reserved, "07");
		assert.deepEqual(checkFrame(frame.value), { accepted: true });
		assert.ok(decodeWire(frame.value).ok);
	});

	it("tracks carry nibbles A–F only when 53.3 says they are encrypted", () => {
		const cipherTrack = "6222021234567890=3012A5C1E9F08B7E2";
		const fields = (security: string) =>
			isoMessage("0200", [
				[3, "000000"],
				[11, "000124"],
				[35, cipherTrack],
				[53, security],
				[64, new Uint8Array(8)],
			]);
		const encrypted = encodeFrame({ tpdu: DEFAULT_TPDU, header: "603100310000", message: fields("2610000000000000") });
		assert.ok(encrypted.ok);
		const decoded = decodeFrame(encrypted.value);
		assert.ok(decoded.ok);
		assert.equal(textField(decoded.value.frame.message, 35), cipherTrack);
		assert.deepEqual(checkFrame(encrypted.value), { accepted: true });

		const clear = encodeFrame({ tpdu: DEFAULT_TPDU, header: "603100310000", message: fields("2600000000000000") });
		assert.equal(clear.ok, false);
		if (!clear.ok) assert.equal(clear.error.part, 35);
		// The same bytes with 53.3 flipped to 0 on the wire are refused by both decoders.
		const flipped = encrypted.value.slice();
		const at = flipped.length - 8 - 8;
		assert.equal(flipped[at], 0x26);
		flipped[at + 1] = 0x00;
		const refused = decodeFrame(flipped);
		assert.equal(refused.ok, false);
		if (!refused.ok) assert.equal(refused.error.part, 35);
		assert.equal(decodeWire(flipped).ok, false);
	});
});
