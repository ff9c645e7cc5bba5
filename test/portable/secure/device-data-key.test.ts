// The secure element's device data key (cardholder data at rest) and the PIN-search deterrent across a
// reboot: both live in the element's own store.

import { assert } from "../../support/assert.js";
import { hex } from "../../support/hex.js";
import { pinRequest, secureUnit, typeKeys, type SecureUnit } from "../../support/secure-unit.js";
import { KEY_SLOTS, type KeyRef, type SecureElement } from "../../../hal/secure-element.js";
import { DEFAULT_TERMINAL_KEYS } from "../../../host-sim/keys/default-keys.js";
import { tdesCipher } from "../../../src/crypto/des.js";
import { aesCipher } from "../../../src/crypto/aes.js";
import { cbcDecrypt } from "../../../src/crypto/modes.js";
import { wrapSignInKeys } from "../../../src/keys/unionpay-working-keys.js";
import { applicationHal } from "../../../src/secure/application-hal.js";
import { CardVault } from "../../../src/app/card-vault.js";

const CARD = { pan: "6228480402564890018", expiry: "2912" };
const DEVICE_KEY_RECORD = `key.${KEY_SLOTS.deviceData}`;

/** Field 62 for network management code 001 (single-length PIK/MAK), 003 (double PIK) and 004 (with TDK). */
const SIGN_IN_SETS = {
	"001": { pik: hex("1111111111111111"), mak: hex("2222222222222222") },
	"003": { pik: hex("0123456789ABCDEFFEDCBA9876543210"), mak: hex("3333333333333333") },
	"004": { pik: hex("FEDCBA98765432100123456789ABCDEF"), mak: hex("4444444444444444"), tdk: hex("89ABCDEF0123456776543210FEDCBA98") },
} as const;

function signIn(secure: SecureElement, code: keyof typeof SIGN_IN_SETS): void {
	const tmk = secure.key(KEY_SLOTS.tmk, "kek");
	assert.ok(tmk.ok);
	const loaded = secure.loadWorkingKeys(tmk.value, wrapSignInKeys(tdesCipher(DEFAULT_TERMINAL_KEYS.tmk), SIGN_IN_SETS[code]));
	assert.ok(loaded.ok, JSON.stringify(loaded));
	assert.equal(
		loaded.value.some((r) => r.slot === KEY_SLOTS.deviceData),
		false,
		"sign-in does not deliver the device data key",
	);
}

/** The key as the element stored it (the test holds the element's own store; the application never does). */
function storedDeviceKey(unit: SecureUnit): Uint8Array | undefined {
	return unit.sim.vault.get(DEVICE_KEY_RECORD)?.slice(2);
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
	outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
		for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
		return true;
	}
	return false;
}

describe("secure element: the device data key", () => {
	it("is generated inside the element the first time it is asked for: AES-256-CBC, a fresh IV per seal", () => {
		const unit = secureUnit();
		assert.equal(storedDeviceKey(unit), undefined, "no key before it is needed");
		const key = unit.hal.secure.key(KEY_SLOTS.deviceData, "data");
		assert.ok(key.ok);
		assert.deepEqual({ ...key.value }, { slot: KEY_SLOTS.deviceData, usage: "data" }, "a reference, no key bytes");
		const stored = storedDeviceKey(unit)!;
		assert.equal(stored.length, 32);
		assert.equal(unit.hal.storage.records.names().length, 0, "nothing in the application's store");
		const block = hex("6228480402564890018D291200000000");
		const a = unit.hal.secure.encryptData(key.value, block);
		const b = unit.hal.secure.encryptData(key.value, block);
		assert.ok(a.ok && b.ok);
		assert.equal(a.value.length, 32, "IV ‖ one block");
		assert.notDeepEqual(a.value, b.value, "the same PAN seals differently each time");
		assert.deepEqual(cbcDecrypt(aesCipher(stored), a.value.subarray(0, 16), a.value.subarray(16)), block);
		assert.deepEqual(unit.hal.secure.decryptData(key.value, b.value), { ok: true, value: block });
		assert.deepEqual(unit.hal.secure.encryptData(key.value, new Uint8Array(8)), {
			ok: false,
			error: { kind: "data-length", blockSize: 16 },
		});
		assert.deepEqual(unit.hal.secure.decryptData(key.value, new Uint8Array(16)), {
			ok: false,
			error: { kind: "data-length", blockSize: 16 },
		});
		const other = secureUnit({}, 12);
		assert.ok(other.hal.secure.key(KEY_SLOTS.deviceData, "data").ok);
		assert.notDeepEqual(storedDeviceKey(other), stored, "each unit draws its own key from its random source");
	});

	it("serves data encryption only", () => {
		const { hal } = secureUnit();
		assert.ok(hal.secure.key(KEY_SLOTS.deviceData, "data").ok);
		for (const usage of ["pin", "mac", "kek"] as const) {
			assert.deepEqual(hal.secure.key(KEY_SLOTS.deviceData, usage), {
				ok: false,
				error: { kind: "wrong-usage", slot: KEY_SLOTS.deviceData, usage },
			});
		}
		const forged = { slot: KEY_SLOTS.deviceData, usage: "mac" } as KeyRef<"mac">;
		assert.deepEqual(hal.secure.mac(forged, hex("00")), {
			ok: false,
			error: { kind: "wrong-usage", slot: KEY_SLOTS.deviceData, usage: "mac" },
		});
		assert.deepEqual(hal.secure.startPinEntry(pinRequest({ slot: KEY_SLOTS.deviceData, usage: "pin" } as KeyRef<"pin">)), {
			ok: false,
			error: { kind: "wrong-usage", slot: KEY_SLOTS.deviceData, usage: "pin" },
		});
	});

	it("survives sign-ins with 001, 003 and 004 and a reboot: a PAN sealed before them still opens", () => {
		const first = secureUnit();
		const vault = new CardVault(first.hal.secure);
		const sealed = vault.sealCard(CARD);
		assert.ok(sealed.ok);
		const key = storedDeviceKey(first)!;
		for (const code of ["004", "001", "003"] as const) {
			signIn(first.hal.secure, code);
			assert.deepEqual(vault.openCard(sealed.value), { ok: true, value: CARD }, `after a sign-in with ${code}`);
		}
		const again = secureUnit({ vault: first.sim.vault }, 13);
		assert.deepEqual(storedDeviceKey(again), key, "the same key after the reboot");
		signIn(again.hal.secure, "004");
		assert.deepEqual(new CardVault(again.hal.secure).openCard(sealed.value), { ok: true, value: CARD });
	});

	it("seals a 19-digit PAN and expiry in 32 bytes (IV ‖ one block); a changed or cut record opens as damaged", () => {
		const { hal } = secureUnit();
		const vault = new CardVault(hal.secure);
		const sealed = vault.sealCard(CARD);
		assert.ok(sealed.ok);
		assert.equal(sealed.value.length, 32);
		const short = { pan: "622848040256", expiry: "" };
		const sealedShort = vault.sealCard(short);
		assert.ok(sealedShort.ok);
		assert.deepEqual(vault.openCard(sealedShort.value), { ok: true, value: short });
		const flipped = sealed.value.slice();
		flipped[0]! ^= 0x80; // the IV byte over the length prefix
		assert.deepEqual(vault.openCard(flipped), { ok: false, error: { kind: "damaged" } });
		assert.deepEqual(vault.openCard(sealed.value.subarray(0, 16)), { ok: false, error: { kind: "damaged" } });
		assert.throws(() => vault.sealCard({ pan: "62284804025648900181", expiry: "" }), RangeError);
		assert.throws(() => vault.sealCard({ pan: "6228480402564890018", expiry: "301" }), RangeError);
		assert.throws(() => vault.sealCard({ pan: "62284804025", expiry: "3012" }), RangeError);
	});

	it("is never readable through the application Hal", () => {
		const unit = secureUnit();
		const app = applicationHal(unit.hal);
		const vault = new CardVault(app.secure);
		const sealed = vault.sealCard(CARD);
		assert.ok(sealed.ok);
		const key = storedDeviceKey(unit)!;
		assert.deepEqual(Object.keys(app.secure).sort(), [
			"decryptData",
			"encryptData",
			"encryptTrack",
			"key",
			"loadWorkingKeys",
			"mac",
			"passwordHash",
			"selfTest",
			"startDukptTransaction",
			"startPinEntry",
			"tampered",
			"verifyMac",
			"zeroise",
		]);
		const ref = app.secure.key(KEY_SLOTS.deviceData, "data");
		assert.ok(ref.ok);
		assert.deepEqual(Object.keys(ref.value).sort(), ["slot", "usage"]);
		assert.equal(contains(sealed.value, key.subarray(0, 8)), false);
		assert.equal(app.storage.records.names().length, 0);
		assert.equal(app.storage.records.get(DEVICE_KEY_RECORD), undefined);
	});

	it("is erased by tamper: sealed PANs then fail with a typed error, and a new key cannot open them", () => {
		const { hal, sim } = secureUnit();
		const vault = new CardVault(hal.secure);
		const sealed = vault.sealCard(CARD);
		assert.ok(sealed.ok);
		hal.power.tamper();
		assert.equal(sim.vault.get(DEVICE_KEY_RECORD), undefined);
		assert.deepEqual(vault.openCard(sealed.value), { ok: false, error: { kind: "no-data-key", error: { kind: "tampered" } } });
		assert.deepEqual(vault.sealCard(CARD), { ok: false, error: { kind: "no-data-key", error: { kind: "tampered" } } });
		const keys = DEFAULT_TERMINAL_KEYS;
		assert.ok(sim.injection.injectTmk(keys.tmk, keys.tmkCheckValue).ok);
		assert.deepEqual(vault.openCard(sealed.value), { ok: false, error: { kind: "damaged" } }, "sealed under the erased key");
		const fresh = vault.sealCard(CARD);
		assert.ok(fresh.ok);
		assert.deepEqual(vault.openCard(fresh.value), { ok: true, value: CARD }, "a new key after re-injection");
	});
});

describe("secure element: the PIN-search deterrent across a reboot", () => {
	const POLICY = { minIntervalMs: 5_000, maxPerHour: 3 };
	const WALL = Date.UTC(2026, 10, 21, 8, 0, 0);

	async function enter(unit: SecureUnit) {
		const pik = unit.hal.secure.key(KEY_SLOTS.pik, "pin");
		assert.ok(pik.ok);
		const s = unit.hal.secure.startPinEntry(pinRequest(pik.value));
		assert.ok(s.ok);
		typeKeys(unit.hal, ["1", "2", "3", "4", "ENTER"]);
		return await s.value.result;
	}

	/** Three PIN encryptions 5 s apart from WALL: the cap is reached at WALL + 10 s. */
	async function reachCap(): Promise<SecureUnit> {
		const unit = secureUnit({ policy: POLICY }, 11, WALL);
		signIn(unit.hal.secure, "003");
		for (let i = 0; i < 3; i++) {
			if (i > 0) unit.hal.clock.advance(5_000);
			assert.ok((await enter(unit)).ok);
		}
		unit.hal.clock.advance(5_000);
		assert.deepEqual(await enter(unit), { ok: false, error: { kind: "rate-limited", retryAfterMs: 3_600_000 - 15_000 } });
		return unit;
	}

	/** A reboot on the same element store, the wall clock at `wallMs` (set by anyone: it must not matter). */
	const reboot = (unit: SecureUnit, wallMs: number, seed = 12) => secureUnit({ vault: unit.sim.vault, policy: POLICY }, seed, wallMs);

	it("is still capped after a reboot: the wait resumes where it stood, time switched off does not count", async () => {
		const first = await reachCap();
		const again = reboot(first, WALL + 60_000);
		assert.deepEqual(await enter(again), { ok: false, error: { kind: "rate-limited", retryAfterMs: 3_600_000 - 10_000 } });
		again.hal.clock.advance(3_600_000 - 10_000 - 1);
		assert.deepEqual(await enter(again), { ok: false, error: { kind: "rate-limited", retryAfterMs: 1 } });
		again.hal.clock.advance(1);
		assert.ok((await enter(again)).ok, "the window moved on");
	});

	it("keeps the minimum interval across a reboot", async () => {
		const first = secureUnit({ policy: POLICY }, 11, WALL);
		signIn(first.hal.secure, "003");
		assert.ok((await enter(first)).ok);
		first.hal.clock.advance(2_000);
		const again = reboot(first, WALL + 2_000);
		assert.deepEqual(await enter(again), { ok: false, error: { kind: "rate-limited", retryAfterMs: 5_000 } });
	});

	for (const [name, shift] of [
		["a day back", -86_400_000],
		["a day forward", 86_400_000],
		["a year forward", 366 * 86_400_000],
	] as const) {
		it(`is not shortened by a wall clock set ${name}, while the unit runs or before a reboot`, async () => {
			const unit = await reachCap();
			unit.hal.clock.setNowMs(WALL + shift);
			assert.deepEqual(await enter(unit), { ok: false, error: { kind: "rate-limited", retryAfterMs: 3_600_000 - 15_000 } });
			assert.deepEqual(await enter(reboot(unit, WALL + shift)), {
				ok: false,
				error: { kind: "rate-limited", retryAfterMs: 3_600_000 - 10_000 },
			});
		});
	}

	it("a wait served while the unit runs is kept across reboots, whatever the clock says", async () => {
		const unit = await reachCap();
		unit.hal.clock.advance(30 * 60_000);
		// Asked during the wait: the element saves its time, so the half hour served survives the reboot.
		assert.deepEqual(await enter(unit), { ok: false, error: { kind: "rate-limited", retryAfterMs: 30 * 60_000 - 15_000 } });
		const again = reboot(unit, WALL - 86_400_000);
		again.hal.clock.advance(10 * 60_000);
		const third = reboot(again, WALL + 86_400_000, 13);
		assert.deepEqual(await enter(third), { ok: false, error: { kind: "rate-limited", retryAfterMs: 30 * 60_000 - 15_000 } });
		third.hal.clock.advance(30 * 60_000 - 15_000);
		assert.ok((await enter(third)).ok);
	});
});
