import { assert } from "../../support/assert.js";
import { hex } from "../../support/hex.js";
import { explainMessage } from "../../../src/iso8583/message-explain.js";
import { buildSale } from "../../../src/iso8583/requests.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";

describe("ISO 8583 loggable view (PCI)", () => {
	it("masks the PAN to first 6 and last 4, and hides tracks, PIN block, ICC data and keys", () => {
		const card = TEST_CARDS.debit;
		const context = { terminalId: "10000001", merchantId: "898310058120001", batch: 1, operator: "01", readCapability: "2" };
		const sale = buildSale(context, {
			stan: 1,
			card: { entryMode: "contact", pan: card.pan, track2: card.track2, track3: card.track3!, icc: hex("9F2608AABBCCDDEEFF0011") },
			pin: { pinBlock: hex("0123456789ABCDEF"), algorithm: 6, ksn: hex("FFFF9876543210E00001") },
			amount: 100,
		});
		const view = explainMessage(sale);
		const text = JSON.stringify(view);
		assert.equal(view.fields["2"], "622202*********0128");
		assert.equal(view.fields["35"], "[track 2 of 622202*********0128]");
		assert.equal(view.fields["36"], "[track 3 of 622202*********0128]");
		assert.equal(view.fields["52"], "[PIN block, 8 bytes]");
		assert.equal(view.fields["55"], "[ICC data, 11 bytes]");
		assert.equal(view.fields["62"], "[key or terminal data, 10 bytes]");
		assert.equal(view.fields["4"], "000000000100");
		assert.ok(!text.includes(card.pan) && !text.includes("0123456789ABCDEF") && !text.includes("=3012"), text);
	});
});
