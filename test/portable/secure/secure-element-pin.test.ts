// The secure element's PIN entry (it owns the keypad while a PIN is typed) and its DUKPT transactions.

import { assert } from "../../support/assert.js";
import { ascii, hex } from "../../support/hex.js";
import { PIK, pinRequest, ref, secureUnit, signIn, typeKeys } from "../../support/secure-unit.js";
import type { KeyEvent } from "../../../hal/keypad.js";
import { tdesCipher } from "../../../src/crypto/des.js";
import { aesCipher } from "../../../src/crypto/aes.js";
import { aesDukptWorkingKey } from "../../../src/keys/aes-dukpt.js";
import { decryptPinBlock } from "../../../src/pin/pin-block.js";
import { placeTdesRegistersAt } from "../../support/exhausted-dukpt.js";
import { MemoryRecordStore } from "../../../host-sim/hal/memory-storage.js";
import { PowerCutPlan } from "../../../host-sim/hal/power-cut.js";

describe("secure element: PIN entry", () => {
	it("takes the digits itself, reports only counts, and returns a format-0 block under the PIK", async () => {
		const { hal } = secureUnit();
		assert.ok(signIn(hal.secure).ok);
		const seen: KeyEvent[] = [];
		hal.keypad.onKey((e) => seen.push(e));
		const session = hal.secure.startPinEntry(pinRequest(ref(hal.secure, "pik", "pin")));
		assert.ok(session.ok);
		const counts: number[] = [];
		session.value.onProgress((n) => counts.push(n));
		typeKeys(hal, ["9", "8", "7", "6", "5", "4", "ENTER"]);
		const result = await session.value.result;
		assert.ok(result.ok);
		assert.deepEqual(counts, [1, 2, 3, 4, 5, 6]);
		assert.equal(seen.length, 0, "the application saw no key during the session");
		assert.equal(result.value.ksn, undefined);
		const pin = decryptPinBlock(tdesCipher(PIK), 0, result.value.pinBlock, "6228480402564890018");
		assert.ok(pin.ok);
		assert.equal(pin.value.join(""), "987654");
		hal.keypad.press("5");
		assert.equal(seen.length, 2, "keys go to the application again after the session");
	});

	it("ignores ENTER below the minimum length and digits beyond the maximum; CLEAR starts over", async () => {
		const { hal } = secureUnit();
		assert.ok(signIn(hal.secure).ok);
		const session = hal.secure.startPinEntry(pinRequest(ref(hal.secure, "pik", "pin"), { minLength: 4, maxLength: 6 }));
		assert.ok(session.ok);
		const counts: number[] = [];
		session.value.onProgress((n) => counts.push(n));
		typeKeys(hal, ["1", "2", "3", "ENTER", "CLEAR", "4", "3", "2", "1", "0", "9", "8", "7", "ENTER"]);
		const result = await session.value.result;
		assert.ok(result.ok);
		assert.deepEqual(counts, [1, 2, 3, 0, 1, 2, 3, 4, 5, 6]);
		const pin = decryptPinBlock(tdesCipher(PIK), 0, result.value.pinBlock, "6228480402564890018");
		assert.ok(pin.ok);
		assert.equal(pin.value.join(""), "432109");
	});

	it("ends as cancel on CANCEL and on session.cancel(), and as bypass only when allowed", async () => {
		const { hal } = secureUnit({ policy: { minIntervalMs: 0 } });
		assert.ok(signIn(hal.secure).ok);
		const pik = ref(hal.secure, "pik", "pin");
		const a = hal.secure.startPinEntry(pinRequest(pik));
		assert.ok(a.ok);
		typeKeys(hal, ["1", "CANCEL"]);
		assert.deepEqual(await a.value.result, { ok: false, error: { kind: "cancel" } });
		const b = hal.secure.startPinEntry(pinRequest(pik));
		assert.ok(b.ok);
		b.value.cancel();
		assert.deepEqual(await b.value.result, { ok: false, error: { kind: "cancel" } });
		const c = hal.secure.startPinEntry(pinRequest(pik, { allowBypass: true }));
		assert.ok(c.ok);
		typeKeys(hal, ["ENTER"]);
		assert.deepEqual(await c.value.result, { ok: false, error: { kind: "bypass" } });
		const d = hal.secure.startPinEntry(pinRequest(pik));
		assert.ok(d.ok);
		typeKeys(hal, ["ENTER", "CANCEL"]);
		assert.deepEqual(
			await d.value.result,
			{ ok: false, error: { kind: "cancel" } },
			"ENTER with no digits does nothing without bypass",
		);
	});

	it("times out after 60 s by default, and after the inter-digit pause", async () => {
		const { hal } = secureUnit({ policy: { interDigitTimeoutMs: 15_000 } });
		assert.ok(signIn(hal.secure).ok);
		const pik = ref(hal.secure, "pik", "pin");
		const whole = hal.secure.startPinEntry(pinRequest(pik));
		assert.ok(whole.ok);
		for (let i = 0; i < 5; i++) {
			hal.clock.advance(10_000);
			hal.keypad.press("1");
		}
		hal.clock.advance(9_999);
		let settled = false;
		void whole.value.result.then(() => (settled = true));
		await Promise.resolve();
		assert.equal(settled, false, "still running at 59.999 s");
		hal.clock.advance(1);
		assert.deepEqual(await whole.value.result, { ok: false, error: { kind: "timeout" } });
		const pause = hal.secure.startPinEntry(pinRequest(pik));
		assert.ok(pause.ok);
		hal.keypad.press("1");
		hal.clock.advance(15_000);
		assert.deepEqual(await pause.value.result, { ok: false, error: { kind: "timeout" } });
		assert.equal(hal.clock.pendingTimers, 0, "no timer left behind");
	});

	it("rate-limits PIN encryptions: a minimum interval and a cap per hour", async () => {
		const { hal } = secureUnit({ policy: { minIntervalMs: 5_000, maxPerHour: 3 } });
		assert.ok(signIn(hal.secure).ok);
		const pik = ref(hal.secure, "pik", "pin");
		const enter = async () => {
			const s = hal.secure.startPinEntry(pinRequest(pik));
			assert.ok(s.ok);
			typeKeys(hal, ["1", "2", "3", "4", "ENTER"]);
			return await s.value.result;
		};
		assert.ok((await enter()).ok);
		hal.clock.advance(1_000);
		assert.deepEqual(await enter(), { ok: false, error: { kind: "rate-limited", retryAfterMs: 4_000 } });
		hal.clock.advance(4_000);
		assert.ok((await enter()).ok);
		hal.clock.advance(5_000);
		assert.ok((await enter()).ok);
		hal.clock.advance(5_000);
		const capped = await enter();
		assert.deepEqual(capped, { ok: false, error: { kind: "rate-limited", retryAfterMs: 3_600_000 - 15_000 } });
		hal.clock.advance(3_600_000 - 15_000);
		assert.ok((await enter()).ok);
	});

	/** One PIN encrypted now: the pacing interval starts. */
	const encryptOnce = async (hal: ReturnType<typeof secureUnit>["hal"], pik: ReturnType<typeof ref<"pin">>) => {
		const first = hal.secure.startPinEntry(pinRequest(pik));
		assert.ok(first.ok);
		typeKeys(hal, ["1", "2", "3", "4", "ENTER"]);
		assert.ok((await first.value.result).ok);
	};

	it("holding for pacing: takes the keys inside the minimum interval and encrypts once it has passed", async () => {
		const { hal } = secureUnit({ policy: { minIntervalMs: 5_000, maxPerHour: 2 } });
		assert.ok(signIn(hal.secure).ok);
		const pik = ref(hal.secure, "pik", "pin");
		await encryptOnce(hal, pik);
		hal.clock.advance(1_000);
		const seen: KeyEvent[] = [];
		hal.keypad.onKey((e) => seen.push(e));
		const held = hal.secure.startPinEntry(pinRequest(pik, { holdForPacing: true }));
		assert.ok(held.ok);
		typeKeys(hal, ["4", "3", "2", "1", "ENTER"]);
		assert.equal(seen.length, 0, "the digits went to the element, not the application");
		assert.equal(held.value.pacing, true);
		let settled = false;
		void held.value.result.then(() => (settled = true));
		hal.clock.advance(3_999);
		await Promise.resolve();
		assert.equal(settled, false, "no encryption before the interval has passed");
		hal.clock.advance(1);
		const result = await held.value.result;
		assert.ok(result.ok);
		const pin = decryptPinBlock(tdesCipher(PIK), 0, result.value.pinBlock, "6228480402564890018");
		assert.ok(pin.ok);
		assert.equal(pin.value.join(""), "4321");
		// The hourly cap is no short wait: it still ends the session at once.
		const capped = hal.secure.startPinEntry(pinRequest(pik, { holdForPacing: true }));
		assert.ok(capped.ok);
		assert.equal((await capped.value.result).ok, false);
	});

	it("holding for pacing: CANCEL during the wait ends the session without an encryption", async () => {
		const { hal } = secureUnit({ policy: { minIntervalMs: 5_000, maxPerHour: 5 } });
		assert.ok(signIn(hal.secure).ok);
		const pik = ref(hal.secure, "pik", "pin");
		await encryptOnce(hal, pik);
		const held = hal.secure.startPinEntry(pinRequest(pik, { holdForPacing: true }));
		assert.ok(held.ok);
		typeKeys(hal, ["4", "3", "2", "1", "ENTER", "CANCEL"]);
		assert.deepEqual(await held.value.result, { ok: false, error: { kind: "cancel" } });
		assert.equal(hal.clock.pendingTimers, 0, "no timer left behind");
	});

	it("refuses a second session, format 2, a format that does not fit the key, and a bad PAN", () => {
		const { hal } = secureUnit();
		assert.ok(signIn(hal.secure).ok);
		const pik = ref(hal.secure, "pik", "pin");
		assert.deepEqual(hal.secure.startPinEntry(pinRequest(pik, { format: 2 })), { ok: false, error: { kind: "format", format: 2 } });
		assert.deepEqual(hal.secure.startPinEntry(pinRequest(pik, { format: 4 })), { ok: false, error: { kind: "format", format: 4 } });
		assert.deepEqual(hal.secure.startPinEntry(pinRequest(ref(hal.secure, "dukpt-aes", "pin"), { format: 0 })), {
			ok: false,
			error: { kind: "format", format: 0 },
		});
		assert.deepEqual(hal.secure.startPinEntry(pinRequest(pik, { pan: "62284804X2564890018" })), { ok: false, error: { kind: "pan" } });
		const first = hal.secure.startPinEntry(pinRequest(pik));
		assert.ok(first.ok);
		assert.deepEqual(hal.secure.startPinEntry(pinRequest(pik)), { ok: false, error: { kind: "busy" } });
		first.value.cancel();
		assert.throws(() => hal.secure.startPinEntry(pinRequest(pik, { minLength: 3 })), RangeError);
	});
});

describe("secure element: DUKPT", () => {
	it("gives the X9.24-1 A.4 PIN blocks and MACs with their KSNs", async () => {
		const { hal } = secureUnit({ policy: { minIntervalMs: 0 } });
		const key = ref(hal.secure, "dukpt-tdes", "pin");
		const expected = [
			{ ksn: "FFFF9876543210E00001", block: "1B9C1845EB993A7A", mac: "9CCC78173FC4FB64", response: "20364223" },
			{ ksn: "FFFF9876543210E00002", block: "10A01C8D02C69107", mac: "F608A9BC", response: "D1FCA6BE" },
		];
		const message = ascii("4012345678909D987");
		for (const step of expected) {
			const session = hal.secure.startPinEntry(pinRequest(key, { pan: "4012345678909" }));
			assert.ok(session.ok);
			typeKeys(hal, ["1", "2", "3", "4", "ENTER"]);
			const result = await session.value.result;
			assert.ok(result.ok);
			assert.bytes(result.value.ksn!, step.ksn);
			assert.bytes(result.value.pinBlock, step.block);
			const mac = hal.secure.mac(ref(hal.secure, "dukpt-tdes", "mac"), message);
			assert.ok(mac.ok);
			assert.bytes(mac.value.subarray(0, step.mac.length / 2), step.mac);
			assert.deepEqual(hal.secure.verifyMac(ref(hal.secure, "dukpt-tdes", "mac"), message, hex(step.response)), {
				ok: true,
				value: true,
			});
		}
		const ksn = hal.secure.startDukptTransaction("dukpt-tdes");
		assert.ok(ksn.ok);
		assert.bytes(ksn.value, "FFFF9876543210E00003");
	});

	it("derives the keys that follow after the transaction's key is out, and a reboot before that goes on with the next key", async () => {
		const { hal, sim } = secureUnit({ policy: { minIntervalMs: 0 } });
		const record = () => sim.vault.get("key.dukpt-tdes")!.length;
		const settled = record();
		const first = hal.secure.startDukptTransaction("dukpt-tdes");
		assert.ok(first.ok);
		assert.bytes(first.value, "FFFF9876543210E00001");
		// Saved with the key marked taken (its counter, 4 bytes more), before the keys that follow are derived.
		assert.equal(record(), settled + 4);
		const rebooted = secureUnit({
			vault: new MemoryRecordStore(new PowerCutPlan(), sim.vault.durable()),
			policy: { minIntervalMs: 0 },
		});
		const session = rebooted.hal.secure.startPinEntry(
			pinRequest(ref(rebooted.hal.secure, "dukpt-tdes", "pin"), { pan: "4012345678909" }),
		);
		assert.ok(session.ok);
		typeKeys(rebooted.hal, ["1", "2", "3", "4", "ENTER"]);
		const result = await session.value.result;
		assert.ok(result.ok);
		assert.bytes(result.value.ksn!, "FFFF9876543210E00002");
		assert.bytes(result.value.pinBlock, "10A01C8D02C69107");
		// The unit that did not reboot settles on the clock's next turn and saves the registers as before.
		hal.clock.advance(0);
		assert.equal(record(), settled);
		const second = hal.secure.startDukptTransaction("dukpt-tdes");
		assert.ok(second.ok);
		assert.bytes(second.value, "FFFF9876543210E00002");
	});

	it("makes AES DUKPT format-4 blocks under the derived PIN key", async () => {
		const { hal } = secureUnit();
		assert.deepEqual(hal.secure.mac(ref(hal.secure, "dukpt-aes", "mac"), hex("00")), {
			ok: false,
			error: { kind: "no-transaction", slot: "dukpt-aes" },
		});
		const session = hal.secure.startPinEntry(pinRequest(ref(hal.secure, "dukpt-aes", "pin"), { format: 4, pan: "4111111111111111" }));
		assert.ok(session.ok);
		typeKeys(hal, ["1", "2", "3", "4", "ENTER"]);
		const result = await session.value.result;
		assert.ok(result.ok);
		assert.bytes(result.value.ksn!, "123456789012345600000001");
		const transactionKey = hex("4F21B565BAD9835E112B6465635EAE44");
		const pinKey = aesDukptWorkingKey(transactionKey, result.value.ksn!, "pin", "aes128");
		const pin = decryptPinBlock(aesCipher(pinKey), 4, result.value.pinBlock, "4111111111111111");
		assert.ok(pin.ok);
		assert.equal(pin.value.join(""), "1234");
		const data = hal.secure.encryptData(ref(hal.secure, "dukpt-aes", "data"), new Uint8Array(32));
		assert.ok(data.ok);
		assert.equal(data.value.length, 32);
	});

	it("stops at an exhausted counter with a typed error", () => {
		const { hal, sim } = secureUnit();
		placeTdesRegistersAt(sim.vault, 0x1ff800);
		const again = secureUnit({ vault: sim.vault });
		const key = ref(again.hal.secure, "dukpt-tdes", "pin");
		const last = again.hal.secure.startDukptTransaction("dukpt-tdes");
		assert.ok(last.ok);
		assert.bytes(last.value, "FFFF9876543210FFF800");
		assert.deepEqual(again.hal.secure.startDukptTransaction("dukpt-tdes"), {
			ok: false,
			error: { kind: "exhausted", slot: "dukpt-tdes" },
		});
		assert.deepEqual(again.hal.secure.startPinEntry(pinRequest(key)), { ok: false, error: { kind: "exhausted", slot: "dukpt-tdes" } });
		assert.equal(hal.secure.tampered, false);
	});
});
