// End-to-end: the firmware's builders and host link against the acquirer simulator over TCP on 127.0.0.1.

import assert from "node:assert/strict";
import { AcquirerHost } from "../../host-sim/acquirer/acquirer-host.js";
import { KEY_SLOTS } from "../../hal/secure-element.js";
import { TEST_CARDS } from "../../host-sim/cards/test-cards.js";
import { reversalReasonFor } from "../../src/host-link/host-link.js";
import { bytesField, textField } from "../../src/iso8583/iso-message.js";
import {
	buildBalanceInquiry,
	buildBatchUpload,
	buildBatchUploadEnd,
	buildEcho,
	buildPreAuth,
	buildPreAuthCompletion,
	buildPreAuthVoid,
	buildRefund,
	buildReversal,
	buildSale,
	buildSaleVoid,
	buildSettlement,
	buildSignOff,
} from "../../src/iso8583/requests.js";
import { parseFinancialResponse, parseSettlementResponse } from "../../src/iso8583/responses.js";
import { EMPTY_TOTALS, type SettlementTotals } from "../../src/iso8583/settlement-fields.js";
import { approved, balanceOf, code, failure, startHost, TerminalSide } from "./support/acquirer-session.js";
import { protectTracks } from "../../src/app/track-protection.js";
import { PBOC_DEBIT, TEST_ISSUER_AC_KEY } from "../../host-sim/chip/profiles.js";
import { tdesCipher } from "../../src/crypto/des.js";
import { generateAc, getProcessingOptions, selectByName } from "../../src/emv/commands.js";
import { iccMasterKey, pbocSessionKey } from "../../src/emv/icc-keys.js";
import { decodeTlv, encodeTlv, findTlv, type Tlv } from "../../src/emv/tlv.js";
import { hex, toHex } from "../support/hex.js";
import { virtualCard } from "../support/virtual-chip.js";

/* Chip sales: the virtual debit card's field 55 for a 2.50 yuan sale, and its ARPC opened. */
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

describe("acquirer simulator end to end (TCP 127.0.0.1)", () => {
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

	it("signs in with fresh working keys whose check values verify, and gives the batch", async () => {
		const first = host.books.terminals["10000001"]!;
		assert.equal(first.signedIn, true);
		assert.equal(terminal.context.batch, 1);
		const mak1 = first.mak;
		await terminal.signIn();
		assert.notEqual(host.books.terminals["10000001"]!.mak, mak1, "each sign-in issues new keys");
	});

	for (const keySet of ["001", "004"] as const) {
		it(`signs in with key set ${keySet} (${keySet === "001" ? "single-length keys, 24-byte field 62" : "with a TDK, 60-byte field 62"}) and makes a PIN sale under those keys`, async () => {
			await terminal.signIn(keySet);
			assert.equal(host.books.terminals["10000001"]!.pik!.length, keySet === "001" ? 16 : 32);
			assert.equal(host.books.terminals["10000001"]!.tdk !== undefined, keySet === "004");
			assert.equal(
				code(await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 300 }))),
				"00",
			);
		});
	}

	it("decrypts tracks sent under the TDK (53.3 = 1) and approves; the wire carries only the ciphertext", async () => {
		await terminal.signIn("004");
		const swiped = await terminal.swipe("debit");
		const sealed = protectTracks(terminal.secure, swiped.card, true);
		assert.ok(sealed.ok && sealed.value.tracksEncrypted);
		const sent = sealed.value.card;
		assert.notEqual(sent.track2, TEST_CARDS.debit.track2);
		assert.equal(sent.track2!.length, TEST_CARDS.debit.track2.length);
		assert.notEqual(sent.track3, TEST_CARDS.debit.track3);
		const r = await terminal.exchange(buildSale(terminal.context, { ...swiped, card: sent, tracksEncrypted: true, amount: 250 }));
		assert.equal(textField(approved(r).request, 53), "2610000000000000");
		assert.equal(textField(approved(r).request, 35), sent.track2);
		assert.equal(code(r), "00", host.log.entries.at(-1)?.note);
		assert.equal(balanceOf(host, "debit"), 1_000_000 - 250);
		// A changed ciphertext nibble decrypts to another block: refused, nothing more debited.
		const at = sent.track2!.length - 4;
		const tampered = sent.track2!.slice(0, at) + (sent.track2![at] === "A" ? "B" : "A") + sent.track2!.slice(at + 1);
		const again = await terminal.exchange(
			buildSale(terminal.context, {
				...(await terminal.swipe("debit")),
				card: { ...sent, track2: tampered },
				tracksEncrypted: true,
				amount: 250,
			}),
		);
		assert.notEqual(code(again), "00");
		assert.equal(balanceOf(host, "debit"), 1_000_000 - 250);
	});

	it("approves a PIN sale on the debit card, MACs the response and debits the account", async () => {
		const r = await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 12_345 }));
		const response = parseFinancialResponse(approved(r).response);
		assert.ok(response.ok);
		assert.equal(response.value.responseCode, "00");
		assert.equal(response.value.rrn?.length, 12);
		assert.equal(response.value.cardOrganisation?.domestic, true);
		assert.ok(approved(r).response.fields.has(64), "approval carries a MAC the link verified");
		assert.equal(balanceOf(host, "debit"), 1_000_000 - 12_345);
	});

	it("verifies a PIN block under the TDES DUKPT key of the KSN in field 62 (the default terminal's BDK)", async () => {
		const card = TEST_CARDS.debit;
		const swipe = await terminal.swipe("debit", { withPin: false });
		const good = await terminal.enterPin(card.pan, card.pin, KEY_SLOTS.dukptTdes);
		assert.equal(good.ksn?.length, 10);
		const sale = buildSale(terminal.context, { ...swipe, pin: { pinBlock: good.pinBlock, algorithm: 6, ksn: good.ksn! }, amount: 700 });
		assert.equal(code(await terminal.exchange(sale)), "00");
		const wrong = await terminal.enterPin(card.pan, "654321", KEY_SLOTS.dukptTdes);
		const again = buildSale(terminal.context, {
			...(await terminal.swipe("debit", { withPin: false })),
			pin: { pinBlock: wrong.pinBlock, algorithm: 6, ksn: wrong.ksn! },
			amount: 700,
		});
		assert.equal(code(await terminal.exchange(again)), "55");
		assert.equal(balanceOf(host, "debit"), 1_000_000 - 700);
	});

	it("answers a balance inquiry with field 54", async () => {
		const r = await terminal.exchange(buildBalanceInquiry(terminal.context, await terminal.swipe("debit")));
		const response = parseFinancialResponse(approved(r).response);
		assert.ok(response.ok);
		assert.equal(response.value.balance?.amount, 1_000_000);
	});

	it("declines with the issuer's codes: wrong PIN 55 then 75, expired 54, lost 41, no funds 51, swiped chip 45, unknown card 14, zero amount 13", async () => {
		assert.equal(
			code(
				await terminal.exchange(
					buildSale(terminal.context, { ...(await terminal.swipe("credit", { pin: "000000" })), amount: 100 }),
				),
			),
			"55",
		);
		assert.equal(
			code(
				await terminal.exchange(
					buildSale(terminal.context, { ...(await terminal.swipe("credit", { pin: "111111" })), amount: 100 }),
				),
			),
			"55",
		);
		assert.equal(
			code(
				await terminal.exchange(
					buildSale(terminal.context, { ...(await terminal.swipe("credit", { pin: "222222" })), amount: 100 }),
				),
			),
			"75",
		);
		assert.equal(
			code(await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("credit")), amount: 100 }))),
			"75",
			"the right PIN no longer helps",
		);
		assert.equal(
			code(await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("expired")), amount: 100 }))),
			"54",
		);
		assert.equal(code(await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("lost")), amount: 100 }))), "41");
		assert.equal(
			code(await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("no-funds")), amount: 100 }))),
			"51",
		);
		assert.equal(
			code(await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("chip")), amount: 100 }))),
			"45",
			"a swiped chip card without fallback",
		);
		const fallback = await terminal.swipe("chip");
		assert.equal(
			code(
				await terminal.exchange(
					buildSale(terminal.context, { ...fallback, card: { ...fallback.card, fallback: true }, amount: 100 }),
				),
			),
			"00",
			"the same card as a fallback after a chip failure",
		);
		assert.equal(code(await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 0 }))), "13");
		const unknown = await terminal.swipe("debit");
		const track2 = "6222020000000000=30121200000000";
		assert.equal(
			code(
				await terminal.exchange(
					buildSale(terminal.context, { ...unknown, pin: undefined, card: { entryMode: "magstripe", track2 }, amount: 100 }),
				),
			),
			"14",
		);
	});

	it("answers 94 to a repeated STAN and A0 to a request MACed with the wrong key", async () => {
		const sale = buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 500 });
		assert.equal(code(await terminal.exchange(sale)), "00");
		assert.equal(code(await terminal.exchange(sale)), "94");
		const stale = new TerminalSide(host.port);
		await stale.signIn();
		await terminal.signIn(); // the host now holds new keys; the stale terminal MACs with the old MAK
		const r = await stale.exchange(buildSale(stale.context, { ...(await stale.swipe("debit", { withPin: false })), amount: 500 }));
		assert.equal(code(r), "A0");
		assert.equal(approved(r).response.fields.has(64), false, "an A0 answer is not MACed");
	});

	it("voids a sale once (12 the second time), refunds partially up to the original amount", async () => {
		const saleInput = { ...(await terminal.swipe("debit")), amount: 10_000 };
		const sale = parseFinancialResponse(approved(await terminal.exchange(buildSale(terminal.context, saleInput))).response);
		assert.ok(sale.ok);
		const original = {
			amount: 10_000,
			rrn: sale.value.rrn!,
			authCode: sale.value.authCode!,
			batch: terminal.context.batch,
			stan: saleInput.stan,
		};
		assert.equal(
			code(await terminal.exchange(buildSaleVoid(terminal.context, { ...(await terminal.swipe("debit")), original }))),
			"00",
		);
		assert.equal(balanceOf(host, "debit"), 1_000_000);
		assert.equal(
			code(await terminal.exchange(buildSaleVoid(terminal.context, { ...(await terminal.swipe("debit")), original }))),
			"12",
		);

		const second = parseFinancialResponse(
			approved(await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 8_000 }))).response,
		);
		assert.ok(second.ok);
		const refund = async (amount: number) =>
			buildRefund(terminal.context, {
				...(await terminal.swipe("debit", { withPin: false })),
				amount,
				originalRrn: second.value.rrn!,
				originalDate: second.value.date!,
			});
		assert.equal(code(await terminal.exchange(await refund(5_000))), "00");
		assert.equal(code(await terminal.exchange(await refund(3_000))), "00");
		assert.equal(code(await terminal.exchange(await refund(1))), "13");
		assert.equal(balanceOf(host, "debit"), 1_000_000);
	});

	it("holds a pre-authorisation, voids one and completes another", async () => {
		const preauth = async (amount: number) => {
			const r = parseFinancialResponse(
				approved(await terminal.exchange(buildPreAuth(terminal.context, { ...(await terminal.swipe("debit")), amount }))).response,
			);
			assert.ok(r.ok && r.value.responseCode === "00");
			return { authCode: r.value.authCode!, date: r.value.date! };
		};
		const first = await preauth(20_000);
		assert.equal(host.books.accounts[TEST_CARDS.debit.pan]!.heldFen, 20_000);
		assert.equal(
			code(
				await terminal.exchange(
					buildPreAuthVoid(terminal.context, { ...(await terminal.swipe("debit")), amount: 20_000, original: first }),
				),
			),
			"00",
		);
		assert.equal(host.books.accounts[TEST_CARDS.debit.pan]!.heldFen, 0);
		const second = await preauth(30_000);
		assert.equal(
			code(
				await terminal.exchange(
					buildPreAuthCompletion(terminal.context, { ...(await terminal.swipe("debit")), amount: 31_000, original: second }),
				),
			),
			"00",
		);
		assert.equal(host.books.accounts[TEST_CARDS.debit.pan]!.heldFen, 0);
		assert.equal(balanceOf(host, "debit"), 1_000_000 - 31_000);
		assert.equal(
			code(
				await terminal.exchange(
					buildPreAuthCompletion(terminal.context, { ...(await terminal.swipe("debit")), amount: 1_000, original: second }),
				),
			),
			"12",
		);
	});

	it("reverses a sale whose response was lost, idempotently, and refuses its void afterwards", async () => {
		const quick = new TerminalSide(host.port, 300);
		await quick.signIn();
		host.inject({ fault: { kind: "no-response" } });
		const input = { ...(await quick.swipe("debit")), amount: 40_000 };
		const sale = buildSale(quick.context, input);
		const lost = failure(await quick.exchange(sale));
		assert.equal(lost.kind, "timeout");
		assert.equal(balanceOf(host, "debit"), 1_000_000 - 40_000, "the host processed the sale");
		const reversal = buildReversal(sale, reversalReasonFor(lost)!);
		assert.equal(textField(reversal, 39), "98");
		assert.equal(code(await quick.exchange(reversal)), "00");
		assert.equal(balanceOf(host, "debit"), 1_000_000);
		assert.equal(code(await quick.exchange(reversal)), "00", "a second reversal is answered 00");
		assert.equal(balanceOf(host, "debit"), 1_000_000, "and changes nothing");
		const rrn = host.books.transactions.find((t) => t.stan === input.stan)!.rrn;
		const original = { amount: 40_000, rrn, batch: quick.context.batch, stan: input.stan };
		assert.equal(code(await quick.exchange(buildSaleVoid(quick.context, { ...(await quick.swipe("debit")), original }))), "12");
	});

	it("answers 00 to a reversal of a request it never saw", async () => {
		const never = buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 1_000 });
		assert.equal(code(await terminal.exchange(buildReversal(never, "06"))), "00");
		assert.equal(balanceOf(host, "debit"), 1_000_000);
	});

	it("settles balanced when the totals agree and not balanced when they do not, then takes a batch upload", async () => {
		await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 1_000 }));
		await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("foreign")), amount: 2_000 }));
		const totals: SettlementTotals = {
			domestic: { debit: { amount: 1_000, count: 1 }, credit: { amount: 0, count: 0 }, reconciliation: 0 },
			foreign: { debit: { amount: 2_000, count: 1 }, credit: { amount: 0, count: 0 }, reconciliation: 0 },
		};
		const wrong: SettlementTotals = { ...totals, foreign: EMPTY_TOTALS.foreign };
		const notBalanced = parseSettlementResponse(
			approved(await terminal.exchange(buildSettlement(terminal.context, terminal.nextStan(), wrong))).response,
		);
		assert.ok(notBalanced.ok);
		assert.deepEqual([notBalanced.value.totals.domestic.reconciliation, notBalanced.value.totals.foreign.reconciliation], [1, 2]);
		const upload = buildBatchUpload(terminal.context, terminal.nextStan(), [
			{ domestic: false, stan: 3, pan: TEST_CARDS.foreign.pan, amount: 2_000 },
		]);
		assert.equal(code(await terminal.exchange(upload)), "00");
		assert.equal(code(await terminal.exchange(buildBatchUploadEnd(terminal.context, terminal.nextStan(), 1))), "00");
		const balanced = parseSettlementResponse(
			approved(await terminal.exchange(buildSettlement(terminal.context, terminal.nextStan(), totals))).response,
		);
		assert.ok(balanced.ok);
		assert.deepEqual([balanced.value.totals.domestic.reconciliation, balanced.value.totals.foreign.reconciliation], [1, 1]);
		assert.equal(host.books.uploads["10000001/1"], 1);
	});

	it("answers echo and sign-off, then 22 to a sale from the signed-off terminal", async () => {
		assert.equal(code(await terminal.exchange(buildEcho(terminal.context, terminal.nextStan()), {})), "00");
		assert.equal(code(await terminal.exchange(buildSignOff(terminal.context, terminal.nextStan()), {})), "00");
		assert.equal(code(await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 100 }))), "22");
	});

	it("answers 30 to a request without field 60", async () => {
		const echo = buildEcho(terminal.context, terminal.nextStan());
		const fields = new Map(echo.fields);
		fields.delete(60);
		assert.equal(code(await terminal.exchange({ mti: echo.mti, fields }, {})), "30");
	});

	it("answers 97 to an unknown terminal and 03 to a wrong merchant", async () => {
		const other = { ...terminal.context, terminalId: "99999999" };
		assert.equal(code(await terminal.exchange(buildEcho(other, terminal.nextStan()), {})), "97");
		const merchant = { ...terminal.context, merchantId: "898310058129999" };
		assert.equal(code(await terminal.exchange(buildEcho(merchant, terminal.nextStan()), {})), "03");
	});

	it("logs every message decoded, with the PAN masked and no track or PIN block", async () => {
		await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 100 }));
		const entries = host.log.entries.filter((e) => e.mti === "0200");
		assert.equal(entries.length, 1);
		const text = JSON.stringify(host.log.entries);
		assert.ok(!text.includes(TEST_CARDS.debit.pan), "no clear PAN");
		assert.ok(text.includes("622202*********0128"), "masked PAN");
		assert.equal(entries[0]!.fields!["52"], "[PIN block]");
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
