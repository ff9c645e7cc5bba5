// Runs inside xsnap with `-w` (test/node/secure-element-xs-proofs.test.ts): one PIN entry of a 12-digit PIN
// through the simulator's secure element, the digits drawn one at a time from a seeded generator so that
// this module never holds the PIN itself. After the session, a full collection; xsnap then writes the heap
// snapshot that the Node side searches. `retain` keeps a copy of the PIN (ASCII and packed BCD) on purpose:
// the control run, which shows the search does find a PIN that is in the heap.

import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { createSimHal } from "../../host-sim/hal/sim-hal.js";
import { SimSecureElement } from "../../host-sim/hal/secure-element.js";
import { VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { offlineNetwork } from "../../host-sim/hal/offline-network.js";
import { DEFAULT_TERMINAL_KEYS } from "../../host-sim/keys/default-keys.js";
import { tdesCipher } from "../../src/crypto/des.js";
import { wrapSignInKeys } from "../../src/keys/unionpay-working-keys.js";
import type { KeyCode } from "../../hal/keypad.js";
import { TEST_BOARD } from "../support/test-board.js";

declare function print(...values: unknown[]): void;
declare function gc(): void;

const DIGIT_KEYS: readonly KeyCode[] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

export async function runPinHeapProbe(seed: number, retain: boolean): Promise<void> {
	const clock = new VirtualClock(0);
	const hal = createSimHal(TEST_BOARD, {
		clock,
		network: offlineNetwork,
		random: new SeededRandom(1),
		secure: (io) => new SimSecureElement(io).element,
	});
	const tmk = hal.secure.key("tmk", "kek");
	if (!tmk.ok) throw new Error("no TMK");
	const keys = hal.secure.loadWorkingKeys(
		tmk.value,
		wrapSignInKeys(tdesCipher(DEFAULT_TERMINAL_KEYS.tmk), {
			pik: Uint8Array.of(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10),
			mak: Uint8Array.of(0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22),
		}),
	);
	const pik = hal.secure.key("pik", "pin");
	if (!keys.ok || !pik.ok) throw new Error("sign-in failed");
	const session = hal.secure.startPinEntry({
		pan: "6228480402564890018",
		format: 0,
		key: pik.value,
		minLength: 4,
		maxLength: 12,
		allowBypass: false,
	});
	if (!session.ok) throw new Error("no session");
	const digits = new SeededRandom(seed);
	const retained: { ascii: string; bcd: Uint8Array } = { ascii: "", bcd: new Uint8Array(6) };
	for (let i = 0; i < 12; i++) {
		const digit = digits.next() % 10;
		if (retain) {
			retained.ascii += String.fromCharCode(0x30 + digit);
			retained.bcd[i >> 1]! |= i & 1 ? digit : digit << 4;
		}
		hal.keypad.press(DIGIT_KEYS[digit]!);
	}
	hal.keypad.press("ENTER");
	const result = await session.value.result;
	(globalThis as { retained?: unknown }).retained = retain ? retained : undefined;
	gc();
	print(`probe\t${JSON.stringify({ ok: result.ok, pinBlockBytes: result.ok ? result.value.pinBlock.length : 0 })}`);
}
