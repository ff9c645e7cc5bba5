import { assert } from "../../support/assert.js";
import { ascii, hex, toHex } from "../../support/hex.js";
import { MAK, PIK, TDK, pinRequest, ref, secureUnit, signIn, typeKeys } from "../../support/secure-unit.js";
import type { KeyRef } from "../../../hal/secure-element.js";
import { DEFAULT_TERMINAL_KEYS } from "../../../host-sim/keys/default-keys.js";
import { tdesCipher } from "../../../src/crypto/des.js";
import { JS_PRIMITIVES } from "../../../src/crypto/primitives.js";
import { unionPayMac } from "../../../src/mac/unionpay-mac.js";
import { wrapSignInKeys } from "../../../src/keys/unionpay-working-keys.js";
import { desCheckValue } from "../../../src/keys/check-value.js";
import { applicationHal } from "../../../src/secure/application-hal.js";
import { PUBLIC_KEY_SET, publicKeySetBytes } from "../../support/public-key-sets.js";
import { PUBLIC_TRACK_EXAMPLE as TRACKS } from "../../support/public-tracks.js";

describe("secure element: keys, separation and sign-in", () => {
	it("passes its self-test with the default test keys injected", () => {
		const { hal } = secureUnit();
		assert.deepEqual(hal.secure.selfTest(), { ok: true, value: undefined });
		assert.equal(hal.secure.tampered, false);
		assert.ok(hal.secure.key("tmk", "kek").ok);
		assert.ok(hal.secure.key("dukpt-tdes", "pin").ok);
		assert.ok(hal.secure.key("dukpt-aes", "mac").ok);
	});

	it("locks every key operation when a known-answer test fails", () => {
		const { hal } = secureUnit({ knownAnswerTests: [{ algorithm: "SM4", run: () => false }] });
		assert.deepEqual(hal.secure.selfTest(), { ok: false, error: { kind: "self-test", algorithm: "SM4" } });
		assert.deepEqual(hal.secure.key("tmk", "kek"), { ok: false, error: { kind: "self-test", algorithm: "SM4" } });
	});

	it("runs its self-test on the primitives it computes with: a 3-key TDES that decrypts in the wrong order locks it", () => {
		// Decryption as D(K3) ∘ E(K2) ∘ D(K1): right only when K3 = K1 (what Moddable's BlockCipher does).
		const misordered = (key: Uint8Array) => {
			const cipher = tdesCipher(key);
			if (key.length !== 24) return cipher;
			const reversed = tdesCipher(Uint8Array.of(...key.subarray(16), ...key.subarray(8, 16), ...key.subarray(0, 8)));
			return { ...cipher, encryptBlock: cipher.encryptBlock.bind(cipher), decryptBlock: reversed.decryptBlock.bind(reversed) };
		};
		const { hal } = secureUnit({ primitives: { ...JS_PRIMITIVES, tdes: misordered } });
		assert.deepEqual(hal.secure.selfTest(), { ok: false, error: { kind: "self-test", algorithm: "TDES 3-key decrypt" } });
		assert.deepEqual(hal.secure.key("tmk", "kek"), { ok: false, error: { kind: "self-test", algorithm: "TDES 3-key decrypt" } });
	});

	it("hashes a password with its primitives through the application Hal (RFC 7914 §11 PBKDF2-HMAC-SHA256)", () => {
		const { hal } = secureUnit();
		const app = applicationHal(hal);
		assert.equal(
			toHex(app.secure.passwordHash(ascii("passwd"), ascii("salt"), 1, 64)),
			"55AC046E56E3089FEC1691C22544B605F94185216DDE0465E68B9D57C20DACBC49CA9CCCF179B645991664B39D77EF317C71B845B1E30BD509112041D3A19783",
		);
		let hashed = 0;
		const counted = secureUnit({ primitives: { ...JS_PRIMITIVES, pbkdf2Sha256: () => new Uint8Array(32).fill(++hashed) } });
		assert.equal(counted.hal.secure.passwordHash(ascii("0000"), ascii("salt"), 600, 32)[0], 1);
		assert.throws(() => hal.secure.passwordHash(ascii("0000"), ascii("salt"), 0, 32), RangeError);
	});

	it("installs the field-62 working keys and MACs under the MAK with the UnionPay MAC", () => {
		const { hal } = secureUnit();
		const refs = signIn(hal.secure);
		assert.ok(refs.ok);
		assert.deepEqual(
			refs.value.map((r) => `${r.slot}:${r.usage}`),
			["pik:pin", "mak:mac", "tdk:data"],
		);
		const data = hex("0200702406C020C09811");
		const mac = hal.secure.mac(ref(hal.secure, "mak", "mac"), data);
		assert.ok(mac.ok);
		assert.deepEqual(mac.value, unionPayMac(tdesCipher(MAK), data));
		assert.deepEqual(hal.secure.verifyMac(ref(hal.secure, "mak", "mac"), data, mac.value), { ok: true, value: true });
		const flipped = mac.value.slice();
		flipped[0]! ^= 1;
		assert.deepEqual(hal.secure.verifyMac(ref(hal.secure, "mak", "mac"), data, flipped), { ok: true, value: false });
	});

	it("signs in with both forms of a single-length MAK (E(K) ‖ 00…00 and E(K ‖ K)) and MACs with K", () => {
		for (const form of ["field62SingleMak", "field62DoubledMak"] as const) {
			const { hal, sim } = secureUnit({ defaultKeys: false });
			const tmk = publicKeySetBytes("tmk");
			assert.ok(sim.injection.injectTmk(tmk, desCheckValue(tmk)).ok);
			const loaded = hal.secure.loadWorkingKeys(ref(hal.secure, "tmk", "kek"), publicKeySetBytes(form));
			assert.ok(loaded.ok, `${form}: ${JSON.stringify(loaded)}`);
			const data = hex("0200702406C020C09811");
			const mac = hal.secure.mac(ref(hal.secure, "mak", "mac"), data);
			assert.ok(mac.ok);
			assert.deepEqual(mac.value, unionPayMac(tdesCipher(hex(PUBLIC_KEY_SET.mak)), data), form);
		}
	});

	it("keeps the old working keys when a new set has a bad check value", () => {
		const { hal } = secureUnit();
		assert.ok(signIn(hal.secure).ok);
		const tmk = ref(hal.secure, "tmk", "kek");
		const bad = wrapSignInKeys(tdesCipher(DEFAULT_TERMINAL_KEYS.tmk), {
			pik: hex("1111111111111111FEDCBA9876543210"),
			mak: hex("3333333333333333"),
			tdk: TDK,
		});
		bad[37]! ^= 0xff; // the MAK's check value
		assert.deepEqual(hal.secure.loadWorkingKeys(tmk, bad), { ok: false, error: { kind: "check-value", slot: "mak" } });
		const data = hex("0200");
		const mac = hal.secure.mac(ref(hal.secure, "mak", "mac"), data);
		assert.ok(mac.ok);
		assert.deepEqual(mac.value, unionPayMac(tdesCipher(MAK), data), "the old MAK is still in force");
	});

	it("encrypts a track under the TDK as the UnionPay rules define: the 8 bytes before the last, in place", () => {
		const { hal } = secureUnit();
		assert.ok(signIn(hal.secure, { pik: PIK, mak: MAK, tdk: hex(TRACKS.tdk) }).ok);
		const tdk = ref(hal.secure, "tdk", "data");
		const packed2 = hex(TRACKS.packed2);
		assert.deepEqual(packed2.subarray(packed2.length - 9, packed2.length - 1), hex(TRACKS.block2), "TDB2 of the published example");
		assert.deepEqual(hal.secure.encryptTrack(tdk, packed2), { ok: true, value: hex(TRACKS.encrypted2) });
		assert.deepEqual(packed2, hex(TRACKS.packed2), "the caller's bytes are not changed");
		const packed3 = hex(TRACKS.encrypted3.replace("D30CA4412AD4D918", TRACKS.block3));
		assert.deepEqual(hal.secure.encryptTrack(tdk, packed3), { ok: true, value: hex(TRACKS.encrypted3) });
		assert.deepEqual(hal.secure.encryptTrack(tdk, new Uint8Array(8)), { ok: false, error: { kind: "data-length", blockSize: 8 } });
		assert.deepEqual(hal.secure.encryptTrack(ref(hal.secure, "device-data", "data"), packed2), {
			ok: false,
			error: { kind: "wrong-usage", slot: "device-data", usage: "data" },
		});
		assert.deepEqual(hal.secure.encryptTrack(ref(hal.secure, "dukpt-tdes", "data"), packed2), {
			ok: false,
			error: { kind: "wrong-usage", slot: "dukpt-tdes", usage: "data" },
		});
	});

	it("refuses a key for a use its slot does not serve, even with a forged reference", () => {
		const { hal } = secureUnit();
		assert.ok(signIn(hal.secure).ok);
		assert.deepEqual(hal.secure.key("pik", "mac"), { ok: false, error: { kind: "wrong-usage", slot: "pik", usage: "mac" } });
		const forged = { slot: "pik", usage: "mac" } as KeyRef<"mac">;
		assert.deepEqual(hal.secure.mac(forged, hex("00")), { ok: false, error: { kind: "wrong-usage", slot: "pik", usage: "mac" } });
		const lying = { slot: "tmk", usage: "data" } as unknown as KeyRef<"data">;
		assert.deepEqual(hal.secure.encryptData(lying, new Uint8Array(8)), {
			ok: false,
			error: { kind: "wrong-usage", slot: "tmk", usage: "data" },
		});
		const mismatched = { slot: "mak", usage: "kek" } as unknown as KeyRef<"mac">;
		assert.equal(hal.secure.mac(mismatched, hex("00")).ok, false, "the reference's usage must be the operation's");
		assert.deepEqual(hal.secure.key("nothing", "pin"), { ok: false, error: { kind: "key-missing", slot: "nothing" } });
	});

	it("encrypts data only under the TDK, in whole blocks", () => {
		const { hal } = secureUnit();
		assert.ok(signIn(hal.secure).ok);
		const tdk = ref(hal.secure, "tdk", "data");
		const data = hex("6228480402564890018D49121200000000000F");
		assert.deepEqual(hal.secure.encryptData(tdk, data), { ok: false, error: { kind: "data-length", blockSize: 8 } });
		const block = hex("6228480402564890");
		const encrypted = hal.secure.encryptData(tdk, block);
		assert.ok(encrypted.ok);
		assert.notDeepEqual(encrypted.value, block);
		assert.deepEqual(hal.secure.decryptData(tdk, encrypted.value), { ok: true, value: block });
	});

	it("keeps its keys out of the application's record store and across a reboot", () => {
		const first = secureUnit();
		assert.ok(signIn(first.hal.secure).ok);
		assert.deepEqual(first.hal.storage.records.names(), []);
		const again = secureUnit({ vault: first.sim.vault });
		const mac = again.hal.secure.mac(ref(again.hal.secure, "mak", "mac"), hex("0200"));
		assert.ok(mac.ok);
		assert.deepEqual(mac.value, unionPayMac(tdesCipher(MAK), hex("0200")));
	});

	it("checks an injected TMK against its check value", () => {
		const { sim } = secureUnit({ defaultKeys: false });
		const tmk = hex("1F2E3D4C5B6A79880718293A4B5C6D7E");
		assert.deepEqual(sim.injection.injectTmk(tmk, hex("00000000")), { ok: false, error: { kind: "check-value", slot: "tmk" } });
		assert.deepEqual(sim.injection.injectTmk(tmk, desCheckValue(tmk)), { ok: true, value: undefined });
		assert.deepEqual(sim.injection.injectTdesDukpt(new Uint8Array(16), hex("FFFF9876543210E00001")).ok, false, "KSN counter must be 0");
	});
});

describe("secure element: tamper", () => {
	it("zeroises on the tamper line, ends a session as tamper, and fails every key operation until re-injection", async () => {
		const { hal, sim } = secureUnit();
		assert.ok(signIn(hal.secure).ok);
		const session = hal.secure.startPinEntry(pinRequest(ref(hal.secure, "pik", "pin")));
		assert.ok(session.ok);
		typeKeys(hal, ["1", "2"]);
		hal.power.tamper();
		assert.deepEqual(await session.value.result, { ok: false, error: { kind: "tamper" } });
		assert.equal(hal.secure.tampered, true);
		assert.deepEqual(hal.secure.key("mak", "mac"), { ok: false, error: { kind: "tampered" } });
		assert.deepEqual(hal.secure.mac({ slot: "mak", usage: "mac" }, hex("00")), { ok: false, error: { kind: "tampered" } });
		assert.deepEqual(hal.secure.startDukptTransaction("dukpt-tdes"), { ok: false, error: { kind: "tampered" } });
		assert.deepEqual(sim.vault.names(), ["zeroised"]);
		const keys = DEFAULT_TERMINAL_KEYS;
		assert.ok(sim.injection.injectTmk(keys.tmk, keys.tmkCheckValue).ok);
		assert.equal(hal.secure.tampered, false);
		assert.ok(hal.secure.key("tmk", "kek").ok);
		assert.deepEqual(
			hal.secure.key("mak", "mac"),
			{ ok: false, error: { kind: "key-missing", slot: "mak" } },
			"working keys stay erased",
		);
	});

	it("stays zeroised after a reboot", () => {
		const first = secureUnit();
		first.hal.secure.zeroise();
		const again = secureUnit({ vault: first.sim.vault });
		assert.equal(again.hal.secure.tampered, true);
		assert.deepEqual(again.hal.secure.key("tmk", "kek"), { ok: false, error: { kind: "tampered" } });
	});
});

describe("the application Hal for a Compartment", () => {
	it("offers the keypad's onKey only, frozen forwarding parts, and the element's frozen facade", () => {
		const { hal } = secureUnit();
		const app = applicationHal(hal);
		assert.deepEqual(Object.keys(app.keypad), ["onKey", "close"]);
		assert.equal("capture" in app.keypad, false);
		for (const part of [app, app.clock, app.keypad, app.storage, app.random, app.secure]) assert.ok(Object.isFrozen(part));
		assert.equal(app.secure, hal.secure);
		hal.clock.advance(1234);
		assert.equal(app.clock.monotonicMs(), 1234, "forwards to the real clock");
		const seen: string[] = [];
		app.keypad.onKey((e) => seen.push(e.key));
		hal.keypad.press("7");
		assert.deepEqual(seen, ["7", "7"]);
	});

	it("cannot close the unit's IO: the application's close() leaves keys and the tamper line working", () => {
		const { hal } = secureUnit();
		const app = applicationHal(hal);
		const seen: string[] = [];
		app.keypad.onKey((e) => seen.push(e.key));
		app.close();
		app.keypad.close();
		app.power.close();
		hal.keypad.press("7");
		assert.deepEqual(seen, ["7", "7"]);
		hal.power.tamper();
		assert.equal(hal.secure.tampered, true, "the element still hears the tamper line");
		hal.close();
		hal.keypad.press("8");
		assert.deepEqual(seen, ["7", "7"], "the unit's own close() stops the keypad");
	});
});
