// What the kernel (src/emv) is told of this terminal and of the transaction at hand: UnionPay terminal
// parameters (EMV 4.3 Book 4 §6.3; an attended online-capable merchant terminal, 9F35 = 22, with online PIN,
// signature and no CVM, SDA/DDA/CDA), the transaction's data objects from the HAL clock and random source, and
// the offline data authentication seam. ODA is the i-oda branch's; until it is merged here the terminal
// declares no ODA method in 9F33, so the kernel selects none and the TVR records "offline data authentication
// was not performed" (byte 1 b8, Book 3 §10.3), a real outcome; the host decides online.

import type { Clock } from "../../hal/clock.js";
import type { RandomSource } from "../../hal/random.js";
import { err } from "../../hal/result.js";
import type { OfflineAuthenticator } from "../emv/offline-authentication.js";
import type { TerminalParameters, Transaction } from "../emv/terminal-parameters.js";
import type { Params } from "../params/schema.js";
import { localDateTime } from "../time/local-time.js";

function bcd(digits: string): Uint8Array {
	const out = new Uint8Array(digits.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = (digits.charCodeAt(2 * i) - 48) * 16 + (digits.charCodeAt(2 * i + 1) - 48);
	return out;
}

function two(n: number): string {
	return String(n).padStart(2, "0");
}

/** The terminal's side: China (0156), CNY, floor limit 0 (every contact sale online), UnionPay's usual action codes. */
export function terminalParameters(params: Params): TerminalParameters {
	return {
		countryCode: Uint8Array.of(0x01, 0x56),
		currencyCode: Uint8Array.of(0x01, 0x56),
		terminalType: 0x22,
		// 9F33: manual key entry, magstripe, IC; online PIN, signature, no CVM; no ODA method until i-oda's
		// authenticator is bound (then byte 3 = C8: SDA, DDA, CDA).
		capabilities: Uint8Array.of(0xe0, 0x68, 0x00),
		additionalCapabilities: Uint8Array.of(0x60, 0x00, 0xf0, 0xa0, 0x01),
		applicationVersion: Uint8Array.of(0x00, 0x30),
		ifdSerial: Uint8Array.from(params.terminalId, (c) => c.charCodeAt(0)),
		onlineCapable: true,
		atm: false,
		floorLimit: 0,
		randomSelection: { threshold: 0, targetPercent: 0, maxTargetPercent: 0 },
		tacDenial: Uint8Array.of(0x00, 0x10, 0x00, 0x00, 0x00),
		tacOnline: Uint8Array.of(0xd8, 0x40, 0x04, 0xf8, 0x00),
		tacDefault: Uint8Array.of(0xd8, 0x40, 0x00, 0xa8, 0x00),
		contactless: {
			ttq: Uint8Array.of(0x36, 0x00, 0x00, 0x00),
			transactionLimit: params.maxAmountFen,
			floorLimit: 0,
			noCvmLimit: 100000,
		},
	};
}

/**
 * A goods sale at the HAL clock's local time with a fresh 9F37. The amount is read when the kernel asks for it:
 * a card inserted before the amount is keyed selects and reads with 0, as Chinese terminals do, and GENERATE AC
 * (CDOL1) carries the amount keyed afterwards.
 */
export function chipTransaction(clock: Clock, random: RandomSource, params: Params, stan: number, amount: () => number): Transaction {
	const t = localDateTime(clock.nowMs(), params.utcOffsetMinutes);
	const unpredictableNumber = new Uint8Array(4);
	random.fill(unpredictableNumber);
	return {
		kind: "goods",
		get amount() {
			return amount();
		},
		otherAmount: 0,
		date: bcd(two(t.year % 100) + two(t.month) + two(t.day)),
		time: bcd(two(t.hour) + two(t.minute) + two(t.second)),
		sequenceCounter: bcd(String(stan % 100000000).padStart(8, "0")),
		unpredictableNumber,
	};
}

/** No CA key held (until i-oda's authenticator and i-acq's downloaded keys are bound); 9F33 asks for no method. */
export const NO_ODA: OfflineAuthenticator = {
	async authenticate(input) {
		return err({ kind: "ca-key-unknown", index: input.data.get(0x8f)?.[0] ?? 0 });
	},
	verifyCda() {
		return err({ kind: "ca-key-unknown", index: 0 });
	},
};
