// A chip sale over TCP against `AcquirerHost`: the virtual debit card's ARQC checks at the host and the answer's
// ARPC opens under the card's session key; the bad-arpc fault rule spoils it; a wrong cryptogram is declined A7.

import assert from "node:assert/strict";
import type { AcquirerHost } from "../../host-sim/acquirer/acquirer-host.js";
import { PBOC_DEBIT, TEST_ISSUER_AC_KEY } from "../../host-sim/chip/profiles.js";
import { tdesCipher } from "../../src/crypto/des.js";
import { generateAc, getProcessingOptions, selectByName } from "../../src/emv/commands.js";
import { iccMasterKey, pbocSessionKey } from "../../src/emv/icc-keys.js";
import { decodeTlv, encodeTlv, findTlv, type Tlv } from "../../src/emv/tlv.js";
import { bytesField } from "../../src/iso8583/iso-message.js";
import { buildSale } from "../../src/iso8583/requests.js";
import { hex, toHex } from "../support/hex.js";
import { virtualCard } from "../support/virtual-chip.js";
import { approved, code, startHost, TerminalSide } from "./support/acquirer-session.js";

const PAN = "6226095555000111";
const CDOL1 = "000000000250" + "000000000000" + "0156" + "0000000000" + "0156" + "261207" + "00" + "CAFEBABE";

/** The card's GENERATE AC objects and field 55 for a 2.50 yuan sale. */
function cardField55(): { icc: Uint8Array; arqc: Uint8Array; atc: Uint8Array } {
	const card = virtualCard(PBOC_DEBIT);
	card.answer(selectByName(hex("A000000333010101")));
	const aip = card.answer(getProcessingOptions(new Uint8Array(0))).data.subarray(2, 4);
	const answer = decodeTlv(card.answer(generateAc("ARQC", hex(CDOL1))).data);
	assert.ok(answer.ok);
	const objects: readonly Tlv[] = answer.value[0]!.children!;
	const tags = [0x9f02, 0x9f03, 0x9f1a, 0x95, 0x5f2a, 0x9a, 0x9c, 0x9f37];
	const lengths = [6, 6, 2, 5, 2, 3, 1, 4];
	let at = 0;
	const terminal = tags.map((tag, i) => ({ tag, value: hex(CDOL1.slice(at, (at += lengths[i]! * 2))) }));
	return {
		icc: encodeTlv([...objects, ...terminal, { tag: 0x82, value: aip }]),
		arqc: findTlv(objects, 0x9f26)!.value,
		atc: findTlv(objects, 0x9f36)!.value,
	};
}

function arpcOpened(field55: Uint8Array | undefined, atc: Uint8Array): string {
	assert.ok(field55);
	const tlv = decodeTlv(field55);
	assert.ok(tlv.ok);
	const auth = findTlv(tlv.value, 0x91)!.value;
	const mk = iccMasterKey(hex(TEST_ISSUER_AC_KEY), PAN, "01", "a");
	assert.ok(mk.ok);
	const cipher = tdesCipher(pbocSessionKey(mk.value, atc));
	const out = new Uint8Array(8);
	cipher.decryptBlock(auth, 0, out, 0);
	return toHex(out);
}

const expectedOpen = (arqc: Uint8Array) => toHex(Uint8Array.of(arqc[0]! ^ 0x30, arqc[1]! ^ 0x30, ...arqc.subarray(2)));

describe("acquirer simulator over TCP: chip sales", () => {
	let host: AcquirerHost;
	let terminal: TerminalSide;

	beforeEach(async () => {
		host = await startHost();
		terminal = new TerminalSide(host.port);
		await terminal.signIn();
	});

	afterEach(async () => {
		await host.stop();
	});

	const chipSale = (icc: Uint8Array) =>
		terminal.exchange(
			buildSale(terminal.context, {
				stan: terminal.nextStan(),
				card: { entryMode: "contact", pan: PAN, sequence: "001", icc },
				amount: 250,
			}),
		);

	it("approves the virtual card's sale with an ARPC over its ARQC; the bad-arpc fault sends one that does not open", async () => {
		const good = cardField55();
		const r = await chipSale(good.icc);
		assert.equal(code(r), "00");
		assert.equal(arpcOpened(bytesField(approved(r).response, 55), good.atc), expectedOpen(good.arqc));
		host.inject({ fault: { kind: "bad-arpc" } });
		const next = cardField55();
		const spoiled = await chipSale(next.icc);
		assert.equal(code(spoiled), "00");
		assert.notEqual(arpcOpened(bytesField(approved(spoiled).response, 55), next.atc), expectedOpen(next.arqc));
	});

	it("declines A7 a field 55 whose cryptogram is not the card's", async () => {
		const { icc } = cardField55();
		const forged = icc.slice();
		const at = toHex(forged).indexOf("9F2608") / 2 + 3;
		forged[at]! ^= 0x01;
		assert.equal(code(await chipSale(forged)), "A7");
		assert.match(host.log.entries.at(-1)?.note ?? "", /ARQC does not verify/);
	});
});
