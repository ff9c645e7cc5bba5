import { assert } from "../../support/assert.js";
import { hex } from "../../support/hex.js";
import { tdesCipher } from "../../../src/crypto/des.js";
import { ecbEncrypt } from "../../../src/crypto/modes.js";
import { desCheckValue } from "../../../src/keys/check-value.js";
import { unwrapSignInKeys, wrapSignInKeys } from "../../../src/keys/unionpay-working-keys.js";
import { DEFAULT_TERMINAL_KEYS } from "../../../host-sim/keys/default-keys.js";
import { PUBLIC_KEY_SET, publicKeySetBytes } from "../../support/public-key-sets.js";

const tmk = tdesCipher(hex("1F2E3D4C5B6A79880718293A4B5C6D7E"));
const PIK = hex("0123456789ABCDEFFEDCBA9876543210");
const MAK = hex("2222222222222222");
const TDK = hex("89ABCDEF0123456776543210FEDCBA98");

describe("UnionPay sign-in working keys (field 62)", () => {
	it("unwraps a 60-byte set (code 004): PIK, single-length MAK in a 16-byte slot, TDK", () => {
		const field62 = wrapSignInKeys(tmk, { pik: PIK, mak: MAK, tdk: TDK });
		assert.equal(field62.length, 60);
		const keys = unwrapSignInKeys(tmk, field62);
		assert.ok(keys.ok, JSON.stringify(keys));
		assert.equal(keys.value.layout, "004");
		assert.deepEqual(keys.value.pik, PIK);
		assert.deepEqual(keys.value.mak, MAK);
		assert.deepEqual(keys.value.tdk, TDK);
	});

	it("unwraps a hand-built 40-byte set (code 003) and a 24-byte set (code 001)", () => {
		const mak16 = hex("1111111111111111333333333333333F");
		const field62 = new Uint8Array(40);
		field62.set(ecbEncrypt(tmk, PIK), 0);
		field62.set(desCheckValue(PIK), 16);
		field62.set(ecbEncrypt(tmk, mak16), 20);
		field62.set(desCheckValue(mak16), 36);
		const keys = unwrapSignInKeys(tmk, field62);
		assert.ok(keys.ok);
		assert.equal(keys.value.layout, "003");
		assert.deepEqual(keys.value.mak, mak16);
		assert.equal(keys.value.tdk, undefined);
		const short = unwrapSignInKeys(tmk, wrapSignInKeys(tmk, { pik: hex("0123456789ABCDEF"), mak: MAK }));
		assert.ok(short.ok);
		assert.equal(short.value.layout, "001");
	});

	it("accepts the public code-003 set whose MAK slot is E(K) ‖ 00…00 with the single-DES check value", () => {
		const publicTmk = tdesCipher(publicKeySetBytes("tmk"));
		const keys = unwrapSignInKeys(publicTmk, publicKeySetBytes("field62SingleMak"));
		assert.ok(keys.ok, JSON.stringify(keys));
		assert.equal(keys.value.layout, "003");
		assert.deepEqual(keys.value.pik, hex(PUBLIC_KEY_SET.pik));
		assert.deepEqual(keys.value.mak, hex(PUBLIC_KEY_SET.mak), "a single-length MAK");
		const broken = publicKeySetBytes("field62SingleMak");
		broken[39]! ^= 0x01;
		assert.deepEqual(unwrapSignInKeys(publicTmk, broken), { ok: false, error: { kind: "check-value", key: "mak" } });
	});

	it("accepts the same MAK sent as E(K ‖ K) with the same check value", () => {
		const keys = unwrapSignInKeys(tdesCipher(publicKeySetBytes("tmk")), publicKeySetBytes("field62DoubledMak"));
		assert.ok(keys.ok, JSON.stringify(keys));
		assert.deepEqual(keys.value.mak, hex(PUBLIC_KEY_SET.mak + PUBLIC_KEY_SET.mak));
	});

	it("rejects the whole set when one check value is wrong, naming the key", () => {
		const field62 = wrapSignInKeys(tmk, { pik: PIK, mak: MAK, tdk: TDK });
		field62[59]! ^= 0x01;
		assert.deepEqual(unwrapSignInKeys(tmk, field62), { ok: false, error: { kind: "check-value", key: "tdk" } });
		const other = wrapSignInKeys(tmk, { pik: PIK, mak: MAK });
		other[3]! ^= 0x80;
		assert.deepEqual(unwrapSignInKeys(tmk, other), { ok: false, error: { kind: "check-value", key: "pik" } });
	});

	it("rejects a set under the wrong TMK, equal keys and a bad length", () => {
		const field62 = wrapSignInKeys(tmk, { pik: PIK, mak: MAK });
		const wrongTmk = tdesCipher(hex("1F2E3D4C5B6A79880718293A4B5C6D7C"));
		assert.equal(unwrapSignInKeys(wrongTmk, field62).ok, false);
		assert.deepEqual(unwrapSignInKeys(tmk, wrapSignInKeys(tmk, { pik: PIK, mak: PIK })), { ok: false, error: { kind: "equal-keys" } });
		assert.deepEqual(unwrapSignInKeys(tmk, new Uint8Array(41)), { ok: false, error: { kind: "field62-length", length: 41 } });
	});
});

describe("default test keys of the simulator", () => {
	it("carry a TMK check value that matches the TMK, and fresh copies each time", () => {
		assert.deepEqual(desCheckValue(DEFAULT_TERMINAL_KEYS.tmk), DEFAULT_TERMINAL_KEYS.tmkCheckValue);
		const a = DEFAULT_TERMINAL_KEYS.tmk;
		a.fill(0);
		assert.notDeepEqual(DEFAULT_TERMINAL_KEYS.tmk, a);
	});
});
