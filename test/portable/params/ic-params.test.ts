// The IC parameters (CA public keys, AID parameter sets) as the acquirer's download brings them: records
// round-trip, a CA key whose DF03 is not SHA-1(RID ‖ index ‖ modulus ‖ exponent) (EMV Book 2 §11.2) is
// refused, bad list and record frames are typed errors, and the stored set is replaced in one commit, so a
// power cut at the save leaves the old set whole. Both engines.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { defaultIcParams } from "../../../host-sim/acquirer/ic-param-server.js";
import { TEST_CA_KEYS } from "../../../host-sim/acquirer/test-ca-keys.js";
import { MemoryRecordStore } from "../../../host-sim/hal/memory-storage.js";
import { PowerCut, PowerCutPlan } from "../../../host-sim/hal/power-cut.js";
import { sha1 } from "../../../src/crypto/sha1.js";
import { encodeTlv } from "../../../src/emv/tlv.js";
import {
	entryRequest,
	formatListAnswer,
	listQuery,
	parseEntryRequest,
	parseListAnswer,
	parseListQuery,
	parseRecordAnswer,
} from "../../../src/params/ic-param-lists.js";
import {
	caKeyCheckValue,
	encodeAidRecord,
	encodeCaKeyRecord,
	parseAidRecord,
	parseCaKeyRecord,
} from "../../../src/params/ic-param-records.js";
import { caPublicKeys, findAid, loadIcParameters, saveIcParameters, type IcParameterSet } from "../../../src/params/ic-param-store.js";

const SET = defaultIcParams();
const KEY = SET.caKeys[0]!;

describe("IC parameters: records, lists and the stored set", () => {
	it("a CA key's check value is SHA-1 over RID ‖ index ‖ modulus ‖ exponent", () => {
		const k = TEST_CA_KEYS[0];
		assert.equal(toHex(caKeyCheckValue(KEY)), toHex(sha1(hex("A000000333" + "80" + k.modulus + k.exponent))));
		assert.equal(KEY.modulus.length, 144);
	});

	it("CA key and AID records round-trip through their TLV", () => {
		for (const key of SET.caKeys) {
			const back = parseCaKeyRecord(encodeCaKeyRecord(key));
			assert.ok(back.ok);
			assert.deepEqual(back.value, key);
		}
		for (const aid of SET.aids) {
			const back = parseAidRecord(encodeAidRecord(aid));
			assert.ok(back.ok);
			assert.deepEqual(back.value, aid);
		}
		assert.equal(SET.aids[0]!.contactlessCvmLimitFen, 100_000);
	});

	it("refuses a CA key whose modulus or check value changed, a bad exponent, and a record cut short", () => {
		const modulus = KEY.modulus.slice();
		modulus[10]! ^= 1;
		assert.deepEqual(parseCaKeyRecord(encodeCaKeyRecord({ ...KEY, modulus })), {
			ok: false,
			error: { kind: "check-value", rid: "A000000333", index: 0x80 },
		});
		const withExponent = { ...KEY, exponent: Uint8Array.of(5) };
		const five = parseCaKeyRecord(encodeCaKeyRecord({ ...withExponent, checkValue: caKeyCheckValue(withExponent) }));
		assert.ok(!five.ok && five.error.kind === "invalid" && five.error.tag === "DF04");
		const bytes = encodeCaKeyRecord(KEY);
		const cut = parseCaKeyRecord(bytes.subarray(0, bytes.length - 5));
		assert.ok(!cut.ok && cut.error.kind === "malformed");
		const noExpiry = parseCaKeyRecord(
			encodeTlv([
				{ tag: 0x9f06, value: KEY.rid },
				{ tag: 0x9f22, value: Uint8Array.of(0x80) },
			]),
		);
		assert.deepEqual(noExpiry, { ok: false, error: { kind: "missing", tag: "DF05" } });
		const aid = encodeAidRecord({ ...SET.aids[0]!, targetPercent: 50, maxTargetPercent: 20 });
		const target = parseAidRecord(aid);
		assert.ok(!target.ok && target.error.kind === "invalid" && target.error.tag === "DF17");
	});

	it("list answers: status 1 last, 2 more, 0 none; entries cut short or a bad status are typed errors", () => {
		const entries = SET.caKeys.map((k) => ({ kind: "ca-key" as const, rid: k.rid, index: k.index, expiry: k.expiry }));
		const more = parseListAnswer("ca-keys", formatListAnswer(entries.slice(0, 1), true));
		assert.ok(more.ok);
		assert.equal(more.value.more, true);
		assert.deepEqual(more.value.entries, entries.slice(0, 1));
		const none = parseListAnswer("aids", formatListAnswer([], false));
		assert.deepEqual(none, { ok: true, value: { more: false, entries: [] } });
		const answer = formatListAnswer(entries, false);
		assert.equal(answer[0], 0x31);
		const cut = parseListAnswer("ca-keys", answer.subarray(0, answer.length - 11));
		assert.ok(!cut.ok);
		const badStatus = answer.slice();
		badStatus[0] = 0x37;
		assert.ok(!parseListAnswer("ca-keys", badStatus).ok);
		assert.deepEqual(parseListAnswer("aids", undefined), { ok: false, error: { kind: "missing", tag: "62" } });
		assert.equal(toHex(listQuery(0)), "313030");
		assert.equal(parseListQuery(listQuery(3)), 3);
		assert.equal(parseListQuery(hex("3230")), undefined);
		assert.deepEqual(parseEntryRequest(entryRequest(entries[1]!)), { id: KEY.rid, index: 0x81 });
		assert.deepEqual(parseRecordAnswer(hex("30")), { ok: false, error: { kind: "missing", tag: "62" } });
		assert.ok(!parseRecordAnswer(hex("39")).ok);
	});

	it("stores the set in one commit across several records, loads it checked, and serves CaPublicKeys and AIDs", () => {
		const records = new MemoryRecordStore(new PowerCutPlan());
		assert.deepEqual(loadIcParameters(records), { ok: true, value: undefined });
		const big: IcParameterSet = {
			caKeys: [...SET.caKeys, ...SET.caKeys.map((k) => ({ ...k, index: k.index + 2 }))].map((k) => ({
				...k,
				checkValue: caKeyCheckValue(k),
			})),
			aids: SET.aids,
		};
		assert.ok(saveIcParameters(records, big).ok);
		const loaded = loadIcParameters(records);
		assert.ok(loaded.ok && loaded.value);
		assert.deepEqual(loaded.value, big);
		const keys = caPublicKeys(loaded.value);
		assert.equal(keys.find(hex("A000000333"), 0x81)?.modulus.length, 176);
		assert.equal(keys.find(hex("A000000333"), 0x99), undefined);
		assert.equal(keys.find(hex("A000000334"), 0x80), undefined);
		assert.equal(findAid(loaded.value, hex("A000000333010102"))?.tacOnline.length, 5);
		// A smaller set drops the chunks it no longer needs.
		assert.ok(saveIcParameters(records, { caKeys: [KEY], aids: [] }).ok);
		const small = loadIcParameters(records);
		assert.ok(small.ok && small.value);
		assert.equal(small.value.caKeys.length, 1);
		assert.ok(records.names().length <= 2);
	});

	it("a power cut during the save leaves the old set; a damaged record is a typed error, not a half set", () => {
		const plan = new PowerCutPlan(2);
		const records = new MemoryRecordStore(plan);
		assert.ok(saveIcParameters(records, { caKeys: [KEY], aids: [] }).ok);
		assert.throws(() => saveIcParameters(records, SET), PowerCut);
		const rebooted = new MemoryRecordStore(new PowerCutPlan(), records.durable());
		const after = loadIcParameters(rebooted);
		assert.ok(after.ok && after.value);
		assert.deepEqual(after.value, { caKeys: [KEY], aids: [] });
		const chunk = rebooted.get("ic-params.0")!;
		chunk[chunk.length - 30]! ^= 0xff;
		assert.ok(rebooted.set("ic-params.0", chunk).ok && rebooted.commit().ok);
		const damaged = loadIcParameters(rebooted);
		assert.ok(!damaged.ok && damaged.error.kind === "damaged");
	});
});
