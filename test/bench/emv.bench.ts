// Costs of offline data authentication on the XS engine (src/crypto/rsa.ts, src/emv/certificates.ts): one
// certificate recovery with e = 3 and with e = 65537, and the three recoveries of a QuickPass card's fDDA, which
// must fit, with the rest of the card exchange, in the 500 ms a contactless card may stay in the field (issue 18);
// then the tap's kernel and the second tap of issuer update processing, the firmware's side of the exchanges.

import { bench, measurementRows, outsideFirmware } from "../xs/bench.js";
import { EMV_TOOLS_DDA } from "../support/oda-vectors.js";
import { hex } from "../support/hex.js";
import { profile, virtualCard } from "../support/virtual-chip.js";
import { context, issuerAuthentication, PARAMS } from "../support/chip-terminal.js";
import { issuerScriptCommand, scriptSessionKey } from "../../host-sim/chip/issuer-script.js";
import { CardSigner, certificateRecords } from "../../host-sim/chip/card-signer.js";
import { QUICKPASS, QUICKPASS_UPDATE, TEST_ISSUER_MAC_KEY } from "../../host-sim/chip/profiles.js";
import { TEST_CA_INDEX, TEST_CA_KEY, TEST_CA_RID } from "../../host-sim/chip/test-keys.js";
import { CardData } from "../../src/emv/card-data.js";
import { recoverIssuerKey, recoverSignedDynamicData } from "../../src/emv/certificates.js";
import { caKeyList, EmvOfflineAuthenticator } from "../../src/emv/oda.js";
import { concatBytes } from "../../src/crypto/bytes.js";
import { ok } from "../../hal/result.js";
import { startQpboc, type QpbocTransaction } from "../../src/emv/qpboc.js";
import { buildCandidateList, chooseApplication, finalSelect } from "../../src/emv/selection.js";
import { cardChannel, type CardLink } from "../../src/emv/transport.js";

const DDA = EMV_TOOLS_DDA;
const mcCa = { rid: hex(DDA.ca.rid), index: DDA.ca.index, modulus: hex(DDA.ca.modulus), exponent: hex(DDA.ca.exponent) };
const checks = { transactionDate: hex("150630") };
const [certificate, remainder, exponent, pan] = [hex(DDA.issuerCertificate), hex(DDA.issuerRemainder), hex("03"), hex(DDA.pan)];
const issuerE3 = bench.measure(
	"issuer key recovery: 1408-bit CA key, e = 3 (emv-tools' DDA card; Book 2 §6.3)",
	20,
	() => {
		const r = recoverIssuerKey(mcCa, certificate, remainder, exponent, pan, checks);
		if (!r.ok) throw new Error("recovery failed");
	},
	{ budgetMs: 50 },
);

// The QuickPass card as the kernel reads it: certificates (signed here, outside the measurement) and fDDA's 9F4B.
const app = profile(QUICKPASS).applications[0]!;
const data = new CardData();
data.add(certificateRecords(app, "quickpass", undefined).flat());
data.add([...app.records.values()].flat());
const terminal = { un: hex("12345678"), amount: hex("000000000100"), currency: hex("0156") };
const fdda = new CardSigner("quickpass", undefined).fdda(hex("0008"), terminal.un, terminal.amount, terminal.currency);
data.add(fdda);
const staticData = app.aip;
const oda = new EmvOfflineAuthenticator({
	caKeys: caKeyList([
		{ rid: hex(TEST_CA_RID), index: TEST_CA_INDEX, modulus: hex(TEST_CA_KEY.modulus), exponent: hex(TEST_CA_KEY.exponent) },
	]),
});
const aid = hex("A000000333010101");
const date = hex("261207");
const issuer = oda.issuerKey(aid, data, date);
if (!issuer.ok) throw new Error("the QuickPass card's issuer certificate does not recover");

const iccE65537 = bench.measure(
	"ICC key recovery: 1024-bit issuer key, e = 65537 (the QuickPass card; Book 2 §6.4)",
	20,
	() => {
		if (!oda.iccKey(issuer.value, data, staticData, date).ok) throw new Error("recovery failed");
	},
	{ budgetMs: 50 },
);

const signed = concatBytes(terminal.un, terminal.amount, terminal.currency, data.get(0x9f69)!);
const fddaAll = bench.measure(
	"fDDA of the QuickPass card: issuer key, ICC key, 9F4B (1152-bit e = 3, 1024-bit e = 65537, 768-bit e = 3)",
	10,
	() => {
		const i = oda.issuerKey(aid, data, date);
		if (!i.ok) throw new Error("issuer");
		const icc = oda.iccKey(i.value, data, staticData, date);
		if (!icc.ok) throw new Error("icc");
		if (!recoverSignedDynamicData(icc.value, data.get(0x9f4b)!, signed).ok) throw new Error("fDDA");
	},
	{ budgetMs: 150 },
);

bench.table("offline data authentication", measurementRows([issuerE3, iccE65537, fddaAll]));

// The tap's kernel and the second tap (请再次挥卡) on the virtual QuickPass card that supports issuer update
// processing: the firmware's side only (the card's answers, its cryptogram and script MACs, run outside it;
// the issuer's ARPC and script are made before). The first must leave time for fDDA within the 500 ms a card
// may stay in the field.
const tapCard = virtualCard(QUICKPASS_UPDATE);
const link: CardLink = { transmit: async (command) => ok(outsideFirmware(() => tapCard.answer(command))) };
const channel = cardChannel(link, "ISO 14443-4");
const ctx = context(channel, { params: { ...PARAMS, contactless: { ...PARAMS.contactless, ttq: hex("36008000") } } });
let tap: QpbocTransaction | undefined;
const tapKernel = await bench.stage(
	"tap kernel: PPSE, SELECT, GPO (ARQC), 5 records, restrictions (QuickPass, online)",
	async () => {
		const list = await buildCandidateList(channel, "PPSE", [{ aid: hex("A0000003330101"), partial: true }]);
		const choice = list.ok ? chooseApplication(list.value, false) : list;
		if (!choice.ok || choice.value.kind !== "selected") throw new Error("no application");
		const selected = await finalSelect(channel, choice.value.candidate);
		if (!selected.ok) throw new Error("SELECT");
		const started = await startQpboc(ctx, selected.value);
		if (!started.ok || started.value.decision.kind !== "online") throw new Error("the tap did not go online");
		tap = started.value;
	},
	{ budgetMs: 150 },
);
const decision = tap!.decision;
const arqc = decision.kind === "online" ? decision.arqc : new Uint8Array(0);
const [atc, psn] = [hex("0008"), "01"];
const macKey = scriptSessionKey(hex(TEST_ISSUER_MAC_KEY), tapCard.profile.applications[0]!.pan, psn, atc);
tap!.complete({
	kind: "answered",
	answer: {
		responseCode: "00",
		issuerAuthenticationData: issuerAuthentication(tapCard.profile.applications[0]!.pan, psn, atc, arqc, "00"),
		scripts: [
			{
				tag: 0x72,
				value: new Uint8Array(0),
				children: [
					{ tag: 0x9f18, value: hex("00000001") },
					{ tag: 0x86, value: issuerScriptCommand(macKey, hex("84240000"), atc, arqc, new Uint8Array(0)) },
				],
			},
		],
	},
});
const secondTap = await bench.stage(
	"second tap: SELECT, 5 records (same card?), EXTERNAL AUTHENTICATE, one script (QuickPass)",
	async () => {
		const done = await tap!.secondTap(channel);
		if (!done.ok || done.value.scriptResults?.[0] !== 0x20) throw new Error("the second tap failed");
	},
	{ budgetMs: 150 },
);
bench.table("the tap's exchanges (firmware side)", measurementRows([tapKernel, secondTap]));
