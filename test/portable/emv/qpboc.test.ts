// The quick-pass path (src/emv/qpboc.ts, JR/T 0025.12) against the virtual QuickPass card: the TTQ from the
// terminal's limits, the card's answer to GPO deciding online or offline, fDDA (a fake authenticator: the
// real one is another module's), the no-CVM limit (免密免签) and the contactless transaction limit, and the
// ARQC of field 55 recomputed from field 55's own values under the issuer key.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { fakeAuthenticator, PARAMS, SALE } from "../../support/chip-terminal.js";
import { expectedAc } from "../../support/virtual-chip.js";
import { field55, QP_PAN, quickpass, tap } from "../../support/qpboc-tap.js";
import { QUICKPASS } from "../../../host-sim/chip/profiles.js";
import { getData } from "../../../src/emv/commands.js";
import { contactlessTtq } from "../../../src/emv/qpboc.js";

describe("EMV kernel: quick-pass (qPBOC, JR/T 0025.12)", () => {
	it("the TTQ: online cryptogram required over the contactless floor limit, at amount 0 or forced online, CVM required over the no-CVM limit or with the PIN required", () => {
		const params = { ...PARAMS, contactless: { ...PARAMS.contactless, floorLimit: 50000 } };
		assert.equal(toHex(contactlessTtq(params, { amount: 50000 })), "36000000");
		assert.equal(toHex(contactlessTtq(params, { amount: 50001 })), "36800000");
		assert.equal(toHex(contactlessTtq(params, { amount: 100001 })), "36C00000");
		assert.equal(
			toHex(contactlessTtq(params, { amount: 100, merchantForcedOnline: true })),
			"36800000",
			"forced online under the floor limit",
		);
		assert.equal(toHex(contactlessTtq(params, { amount: 0 })), "36800000", "zero amount: online (Book B §3.1.1.11)");
		// A balance inquiry: amount 0, forced online, the PIN required; signature no longer offered (byte 1 b2).
		assert.equal(toHex(contactlessTtq(params, { amount: 0, merchantForcedOnline: true, pinRequired: true })), "34C00000");
	});

	describe("a balance inquiry (9C 31, amount 0, the PIN required)", () => {
		const BALANCE = { ...SALE, kind: "balance", amount: 0, merchantForcedOnline: true, pinRequired: true } as const;
		const params = { ...PARAMS, contactless: { ...PARAMS.contactless, floorLimit: 50000 } };

		it("an offline-capable card under every limit still answers GPO with an ARQC; online PIN; field 55 with 9C 31, 9F02 0", async () => {
			const { result } = await tap(quickpass({ offline: true }), { params, txn: BALANCE });
			assert.ok(result.ok);
			const t = result.value;
			assert.equal(t.cvm, "online-pin");
			assert.ok(t.decision.kind === "online");
			const get = field55(t.decision.field55);
			assert.deepEqual([get(0x9f27), get(0x9c), get(0x9f02), get(0x9f34)], ["80", "31", "000000000000", "020000"]);
			const acData = [0x9f02, 0x9f03, 0x9f1a, 0x95, 0x5f2a, 0x9a, 0x9c, 0x9f37].map(get).join("");
			assert.equal(get(0x9f26), expectedAc(QP_PAN, "00", acData, "7C00", get(0x9f36), get(0x9f10)));
		});

		it("the CTQ's online PIN is taken; a card asking only a signature fails cardholder verification: declined", async () => {
			const pin = await tap(quickpass({}, { extra: "9F6C028000" }), { params, txn: BALANCE });
			assert.ok(pin.result.ok);
			assert.deepEqual([pin.result.value.cvm, pin.result.value.decision.kind], ["online-pin", "online"]);
			const signature = await tap(quickpass({}, { extra: "9F6C024000" }), { params, txn: BALANCE });
			assert.ok(signature.result.ok && signature.result.value.decision.kind === "offline");
			assert.equal(signature.result.value.cvm, "failed");
			assert.equal(signature.result.value.decision.result.decision, "declined");
		});
	});

	it("1.00 yuan on an online card: ARQC from GPO, no CVM (免密免签), field 55 the issuer can check, approved by the host", async () => {
		const { result } = await tap(QUICKPASS);
		assert.ok(result.ok);
		const t = result.value;
		assert.deepEqual([t.card.entryMode, t.card.pan, t.card.expiry, t.card.psn, t.cvm], ["contactless", QP_PAN, "3012", "00", "no-cvm"]);
		assert.ok(t.decision.kind === "online");
		const get = field55(t.decision.field55);
		assert.deepEqual(
			[get(0x9f27), get(0x9f34), get(0x95), get(0x9f36), get(0x84)],
			["80", "1F0002", "0000000000", "0008", "A000000333010101"],
		);
		const acData = [0x9f02, 0x9f03, 0x9f1a, 0x95, 0x5f2a, 0x9a, 0x9c, 0x9f37].map(get).join("");
		assert.equal(get(0x9f26), expectedAc(QP_PAN, "00", acData, "7C00", "0008", get(0x9f10)));
		const end = t.complete({ kind: "answered", answer: { responseCode: "00" } });
		assert.deepEqual(
			[end.decision, end.cryptogramType, end.authorisationCode, toHex(end.cryptogram)],
			["approved", "ARQC", "00", get(0x9f26)],
		);
		assert.equal(field55(end.tcUploadField55!)(0x8a), "3030");
		const declined = t.complete({ kind: "answered", answer: { responseCode: "05" } });
		assert.deepEqual([declined.decision, declined.tcUploadField55], ["declined", undefined]);
	});

	it("over the no-CVM limit: online PIN (the terminal's choice without a CTQ), or the signature the CTQ asks", async () => {
		const over = { txn: { ...SALE, amount: 150000 } };
		const pin = await tap(QUICKPASS, over);
		assert.ok(pin.result.ok);
		assert.equal(pin.result.value.cvm, "online-pin");
		assert.ok(pin.result.value.decision.kind === "online");
		assert.equal(field55(pin.result.value.decision.field55)(0x9f34), "020000");
		const signature = await tap(quickpass({}, { extra: "9F6C024000" }), over);
		assert.ok(signature.result.ok);
		assert.equal(signature.result.value.cvm, "signature");
	});

	it("over the contactless transaction limit the tap is refused before any command (insert the card)", async () => {
		const { card, result } = await tap(QUICKPASS, { txn: { ...SALE, amount: 500001 } });
		assert.deepEqual(result, { ok: false, error: { kind: "over-contactless-limit", limit: 500000 } });
		const atc = await card.channel.exchange(getData(0x9f36));
		assert.ok(atc.ok);
		assert.equal(toHex(atc.value.data), "9F36020007", "no GPO: the ATC has not moved");
	});

	describe("an offline-capable card under the contactless floor limit", () => {
		const offline = quickpass({ offline: true });
		const params = { ...PARAMS, contactless: { ...PARAMS.contactless, floorLimit: 50000 } };

		it("answers with a TC; fDDA passes: approved offline (Y1)", async () => {
			const auth = fakeAuthenticator();
			const { result } = await tap(offline, { params, authenticator: auth });
			assert.ok(result.ok && result.value.decision.kind === "offline");
			const r = result.value.decision.result;
			assert.deepEqual(
				[r.decision, r.cryptogramType, r.authorisationCode, toHex(r.tvr), toHex(r.tsi)],
				["approved", "TC", "Y1", "0000000000", "8000"],
			);
			assert.deepEqual(auth.asked, ["fDDA"]);
			assert.equal(field55(r.tcUploadField55!)(0x9f27), "40");
		});

		it("fDDA fails: declined (Z1, TVR byte 1 b4); with CTQ byte 1 b6 it goes online instead", async () => {
			const failing = fakeAuthenticator({ kind: "signature", step: 4, detail: "hash" });
			const { result } = await tap(offline, { params, authenticator: failing });
			assert.ok(result.ok && result.value.decision.kind === "offline");
			assert.deepEqual([result.value.decision.result.decision, result.value.decision.result.authorisationCode], ["declined", "Z1"]);
			assert.equal(toHex(result.value.decision.result.tvr), "0800000000");
			const online = await tap(quickpass({ offline: true }, { extra: "9F6C022000" }), { params, authenticator: failing });
			assert.ok(online.result.ok);
			assert.equal(online.result.value.decision.kind, "online");
		});

		it("an expired card, or one in the exception file, is declined offline", async () => {
			const expired = await tap(offline, { params, txn: { ...SALE, date: hex("310101") } });
			assert.ok(expired.result.ok && expired.result.value.decision.kind === "offline");
			assert.deepEqual(
				[expired.result.value.decision.result.decision, toHex(expired.result.value.decision.result.tvr)],
				["declined", "0040000000"],
			);
			const listed = await tap(offline, { params: { ...params, exceptionFile: [QP_PAN] } });
			assert.ok(listed.result.ok && listed.result.value.decision.kind === "offline");
			assert.deepEqual(
				[listed.result.value.decision.result.decision, toHex(listed.result.value.decision.result.tvr)],
				["declined", "1000000000"],
			);
		});
	});

	it("the card taken away while the records are read: a transport error naming READ RECORD", async () => {
		// SELECT PPSE, SELECT the AID, GPO: the fourth exchange finds no card.
		const { result } = await tap(QUICKPASS, {}, { removeAfterExchanges: 3 });
		assert.ok(!result.ok && result.error.kind === "transport");
		assert.equal(result.error.step, "READ RECORD");
	});
});
