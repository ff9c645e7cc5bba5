// Offline data authentication (src/emv/oda.ts) against the virtual cards, card by card and fault by fault:
// each card selected, GPO and its records read by the kernel's own steps, then SDA, DDA (INTERNAL
// AUTHENTICATE), CDA (GENERATE AC with P1 b5) and the QuickPass card's fDDA; then the faults of card-signer.ts
// (corrupt certificate, expired certificate, unknown CA index, spoilt signature) and missing data.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { expectedAc, inserted, tapped, terminalValues } from "../../support/virtual-chip.js";
import { err } from "../../../hal/result.js";
import type { CardProfileJson } from "../../../host-sim/chip/card-profile.js";
import type { OdaFault } from "../../../host-sim/chip/card-signer.js";
import { PBOC_CREDIT, PBOC_DEBIT, QUICKPASS } from "../../../host-sim/chip/profiles.js";
import { TEST_CA_INDEX, TEST_CA_KEY, TEST_CA_RID } from "../../../host-sim/chip/test-keys.js";
import { sw } from "../../../src/emv/commands.js";
import { buildDolData, parseDol } from "../../../src/emv/dol.js";
import { CardData } from "../../../src/emv/card-data.js";
import { EmvOfflineAuthenticator, caKeyList } from "../../../src/emv/oda.js";
import type { OdaInput, OdaMethod } from "../../../src/emv/offline-authentication.js";
import { CONTACT_MANDATORY, initiateProcessing, readApplicationData } from "../../../src/emv/processing.js";
import { buildCandidateList, finalSelect, type TerminalAid } from "../../../src/emv/selection.js";
import { concatBytes } from "../../../src/crypto/bytes.js";
import { decodeTlv, type Tag } from "../../../src/emv/tlv.js";
import type { CardChannel } from "../../../src/emv/transport.js";

const EXACT: TerminalAid[] = ["A000000333010101", "A000000333010102"].map((a) => ({ aid: hex(a), partial: false }));

function terminal(date = "261207") {
	return terminalValues(new Map([[0x9a, date]]));
}

const TEST_CA = { rid: hex(TEST_CA_RID), index: TEST_CA_INDEX, modulus: hex(TEST_CA_KEY.modulus), exponent: hex(TEST_CA_KEY.exponent) };
const oda = new EmvOfflineAuthenticator({ caKeys: caKeyList([TEST_CA]) });

/** The card selected, processed and read as the kernel does; the ODA input for `method`. */
async function readCard(json: CardProfileJson, method: OdaMethod, fault?: OdaFault, date?: string) {
	const faults = fault === undefined ? {} : { oda: fault };
	const contactless = json === QUICKPASS;
	const { channel } = contactless ? await tapped(json, faults) : await inserted(json, faults);
	const list = await buildCandidateList(channel, contactless ? "PPSE" : "PSE", EXACT);
	assert.ok(list.ok);
	const app = await finalSelect(channel, list.value.candidates[0]!);
	assert.ok(app.ok);
	const source = terminal(date);
	const options = await initiateProcessing(channel, app.value.pdol, source);
	assert.ok(options.ok);
	const read = await readApplicationData(channel, options.value, contactless ? [] : CONTACT_MANDATORY);
	assert.ok(read.ok);
	// Book 3 §10.3: the ODA records, then the AIP because 9F4A lists 82.
	assert.bytes(read.value.data.get(0x9f4a)!, "82");
	const input: OdaInput = {
		method,
		aid: app.value.aid,
		data: read.value.data,
		staticData: concatBytes(...read.value.odaRecords, options.value.aip),
		channel,
		terminal: source,
	};
	const pdolData = app.value.pdol === undefined ? new Uint8Array(0) : buildDolData(value(parseDol(app.value.pdol)), source);
	return { input, channel, pdolData, aip: options.value.aip };
}

function value<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
	if (!r.ok) throw new Error(`unexpected error ${JSON.stringify(r.error)}`);
	return r.value;
}

/** GENERATE AC for an ARQC with CDA (P1 80 | 10) on CDOL1's data; the answer's objects. */
async function generateAcWithCda(channel: CardChannel, cdolData: Uint8Array) {
	const r = value(await channel.exchange({ cla: 0x80, ins: 0xae, p1: 0x90, p2: 0, data: cdolData, le: 256 }));
	assert.equal(sw(r), 0x9000);
	return value(decodeTlv(r.data))[0]!.children!;
}

describe("ODA against the virtual cards (Book 2 §5–6)", () => {
	it("the debit card: SDA recovers the issuer key and the data authentication code", async () => {
		const { input, aip } = await readCard(PBOC_DEBIT, "SDA");
		assert.equal(toHex(aip), "7C00", "AIP b7 SDA and b6 DDA supported");
		const session = value(await oda.authenticate(input));
		assert.deepEqual(session, { method: "SDA", dataAuthenticationCode: hex("DAC0") });
		// The issuer key is the profile's test key, exponent 65537, recovered from 90 and its remainder 92.
		const issuer = value(oda.issuerKey(input.aid, input.data, hex("261207")));
		assert.equal(toHex(issuer.exponent), "010001");
		assert.equal(toHex(issuer.issuerIdentifier), "622609FF");
		assert.equal(input.data.get(0x92)!.length, 128 - (144 - 36));
	});

	it("the debit card: DDA with INTERNAL AUTHENTICATE over the card's DDOL (9F37), a fresh dynamic number each time", async () => {
		const { input } = await readCard(PBOC_DEBIT, "DDA");
		assert.bytes(input.data.get(0x9f49)!, "9F3704");
		const session = value(await oda.authenticate(input));
		assert.equal(session.method, "DDA");
		assert.equal(session.iccKey!.modulus.length, 96);
		assert.equal(input.data.get(0x9f48)!.length, 96 - (128 - 42), "the ICC key's remainder");
		const other = value(await oda.authenticate({ ...input, terminal: (t) => (t === 0x9f37 ? hex("87654321") : terminal()(t)) }));
		assert.equal(session.iccDynamicNumber!.length, 8);
		assert.notEqual(toHex(other.iccDynamicNumber!), toHex(session.iccDynamicNumber!));
	});

	it("DDA without the card's 9F49: the terminal's default DDOL (9F37 04 unless given); one without 9F37 fails", async () => {
		const { input } = await readCard(PBOC_DEBIT, "DDA");
		const data = new CardData();
		data.add(
			input.data
				.tags()
				.filter((t) => t !== 0x9f49)
				.map((tag) => ({ tag, value: input.data.get(tag)! })),
		);
		assert.equal(value(await oda.authenticate({ ...input, data })).method, "DDA");
		const amountOnly = new EmvOfflineAuthenticator({ caKeys: caKeyList([TEST_CA]), defaultDdol: hex("9F0206") });
		assert.deepEqual(
			await amountOnly.authenticate({ ...input, data }),
			err({ kind: "signature", step: 0, detail: "the DDOL lacks 9F37" }),
		);
	});

	it("the credit card: CDA's keys before GENERATE AC, then the ARQC signed in 9F4B and checked by verifyCda", async () => {
		const { input, channel, pdolData, aip } = await readCard(PBOC_CREDIT, "CDA");
		assert.equal(aip[0]! & 0x01, 0x01, "AIP b1: CDA supported");
		const session = value(await oda.authenticate(input));
		const cdol1 = value(parseDol(input.data.get(0x8c)!));
		const cdolData = buildDolData(cdol1, terminal());
		const answer = await generateAcWithCda(channel, cdolData);
		assert.deepEqual(
			answer.map((o) => o.tag),
			[0x9f27, 0x9f36, 0x9f4b, 0x9f10],
		);
		const result = value(oda.verifyCda({ session, answer, pdolData, cdolData, unpredictableNumber: hex("12345678") }));
		assert.equal(result.cryptogramInformation, 0x80);
		assert.equal(result.cryptogram.length, 8);
		// The cryptogram signed is the ARQC the issuer recomputes from its key over CDOL1's values (test/support).
		const [atc, iad] = [0x9f36, 0x9f10].map((t) => toHex(answer.find((o) => o.tag === t)!.value)) as [string, string];
		assert.bytes(result.cryptogram, expectedAc("6258012345678909", "01", toHex(cdolData), "7D00", atc, iad));
		// Other PDOL data than GPO sent breaks the transaction data hash code.
		assert.deepEqual(
			oda.verifyCda({ session, answer, pdolData: hex("015600000000000000000001"), cdolData, unpredictableNumber: hex("12345678") }),
			err({ kind: "signature", step: 9, detail: "transaction data hash code differs" }),
		);
	});

	it("the credit card: an AAC is never signed: GENERATE AC with P1 10 (AAC, CDA) gives 9F26 and no 9F4B", async () => {
		const { input, channel } = await readCard(PBOC_CREDIT, "CDA");
		const cdolData = buildDolData(value(parseDol(input.data.get(0x8c)!)), terminal());
		const r = value(await channel.exchange({ cla: 0x80, ins: 0xae, p1: 0x10, p2: 0, data: cdolData, le: 256 }));
		const tags = value(decodeTlv(r.data))[0]!.children!.map((o) => o.tag);
		assert.deepEqual(tags, [0x9f27, 0x9f36, 0x9f26, 0x9f10]);
	});

	it("the QuickPass card: fDDA over 9F37 ‖ 9F02 ‖ 5F2A ‖ 9F69 with 9F4B from GPO; its dynamic number is the ATC", async () => {
		const { input } = await readCard(QUICKPASS, "fDDA");
		assert.equal(input.data.get(0x9f69)!.length, 7);
		const session = value(await oda.authenticate(input));
		assert.equal(session.method, "fDDA");
		assert.bytes(session.iccDynamicNumber!, toHex(input.data.get(0x9f36)!));
		// Another amount than the card signed fails the hash.
		const other = await oda.authenticate({ ...input, terminal: (t) => (t === 0x9f02 ? hex("000000000200") : terminal()(t)) });
		assert.deepEqual(other, err({ kind: "signature", step: 7, detail: "hash differs" }));
	});
});

describe("ODA against the virtual cards: faults", () => {
	it("a corrupt issuer certificate fails SDA, DDA and CDA at the issuer key", async () => {
		for (const method of ["SDA", "DDA", "CDA"] as const) {
			const { input } = await readCard(PBOC_CREDIT, method, "corrupt-certificate");
			const r = await oda.authenticate(input);
			assert.ok(!r.ok && r.error.kind === "issuer-certificate" && r.error.step >= 2 && r.error.step <= 7, method);
		}
	});

	it("an expired issuer certificate: valid through December 2020, so a 2026 date fails step 9 and a 2020 one passes", async () => {
		const { input } = await readCard(PBOC_DEBIT, "DDA", "expired-certificate");
		assert.deepEqual(
			await oda.authenticate(input),
			err({ kind: "issuer-certificate", step: 9, detail: "expired 1220 (MMYY) before 261207" }),
		);
		const in2020 = await readCard(PBOC_DEBIT, "DDA", "expired-certificate", "201231");
		assert.equal(value(await oda.authenticate(in2020.input)).method, "DDA");
	});

	it("an unknown CA index (8F) and a terminal without the RID's keys", async () => {
		const { input } = await readCard(QUICKPASS, "fDDA", "unknown-ca");
		assert.deepEqual(await oda.authenticate(input), err({ kind: "ca-key-unknown", index: TEST_CA_INDEX + 1 }));
		const good = await readCard(QUICKPASS, "fDDA");
		const emptyIndex = new CardData();
		emptyIndex.add(good.input.data.tags().map((tag) => ({ tag, value: tag === 0x8f ? new Uint8Array(0) : good.input.data.get(tag)! })));
		assert.deepEqual(await oda.authenticate({ ...good.input, data: emptyIndex }), err({ kind: "missing-data", tags: [0x8f] }));
		const elsewhere = new EmvOfflineAuthenticator({ caKeys: caKeyList([{ ...TEST_CA, rid: hex("A000000003") }]) });
		assert.deepEqual(await elsewhere.authenticate(good.input), err({ kind: "ca-key-unknown", index: TEST_CA_INDEX }));
	});

	it("a spoilt dynamic signature fails DDA, CDA and fDDA; SDA is untouched by it", async () => {
		const dda = await readCard(PBOC_DEBIT, "DDA", "bad-signature");
		const ddaResult = await oda.authenticate(dda.input);
		assert.ok(!ddaResult.ok && ddaResult.error.kind === "signature", "DDA");
		const sda = await readCard(PBOC_DEBIT, "SDA", "bad-signature");
		assert.ok((await oda.authenticate(sda.input)).ok, "SDA");
		const fdda = await readCard(QUICKPASS, "fDDA", "bad-signature");
		const fddaResult = await oda.authenticate(fdda.input);
		assert.ok(!fddaResult.ok && fddaResult.error.kind === "signature", "fDDA");
		const cda = await readCard(PBOC_CREDIT, "CDA", "bad-signature");
		const session = value(await oda.authenticate(cda.input));
		const cdolData = buildDolData(value(parseDol(cda.input.data.get(0x8c)!)), terminal());
		const answer = await generateAcWithCda(cda.channel, cdolData);
		const r = oda.verifyCda({ session, answer, pdolData: cda.pdolData, cdolData, unpredictableNumber: hex("12345678") });
		assert.ok(!r.ok && r.error.kind === "signature", "CDA");
	});

	it("static data other than the card signed fails the ICC certificate (step 7) and SDA", async () => {
		const { input } = await readCard(PBOC_DEBIT, "DDA");
		const withoutAip = input.staticData.subarray(0, input.staticData.length - 2);
		assert.deepEqual(
			await oda.authenticate({ ...input, staticData: withoutAip }),
			err({ kind: "icc-certificate", step: 7, detail: "hash differs" }),
		);
		assert.deepEqual(
			await oda.authenticate({ ...input, method: "SDA", staticData: withoutAip }),
			err({ kind: "signature", step: 7, detail: "hash differs" }),
		);
	});

	it("the card pulled out before INTERNAL AUTHENTICATE is a card failure naming the step; no 9A fails at once", async () => {
		const { input } = await readCard(PBOC_DEBIT, "DDA");
		const gone: CardChannel = { protocol: "T=0", exchange: async () => err({ kind: "reader", error: { kind: "removed" } }) };
		assert.deepEqual(
			await oda.authenticate({ ...input, channel: gone }),
			err({
				kind: "card",
				error: { kind: "transport", step: "INTERNAL AUTHENTICATE", error: { kind: "reader", error: { kind: "removed" } } },
			}),
		);
		assert.deepEqual(
			await oda.authenticate({ ...input, terminal: () => undefined }),
			err({ kind: "issuer-certificate", step: 9, detail: "no transaction date (9A)" }),
		);
	});
});
