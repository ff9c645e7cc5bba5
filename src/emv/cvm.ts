// Cardholder verification from the card's CVM list 8E (EMV 4.3 Book 3 §10.5, Annex C3; Book 4 §6.3.4,
// Annex A4 for the CVM results 9F34; JR/T 0025.5 §7.5). The terminal's PIN is online PIN through the secure
// element, so when the list arrives at an online PIN rule the processing pauses ("online-pin") and the
// terminal flow enters the PIN between steps and says how it went; then the list goes on. Offline PIN is
// not supported by this terminal (9F33 byte 2 b8 and b5 clear), so such a rule fails as unsupported.
//
// Public API: CvmOutcome, CvmStep, PinEntry, CardholderVerification.

import type { CardData } from "./card-data.js";
import type { TerminalParameters, Transaction } from "./terminal-parameters.js";
import type { Verification } from "./tvr.js";

/** What the cardholder did, as the slip and field 22 need it. */
export type CvmOutcome = "online-pin" | "signature" | "no-cvm" | "failed" | "not-performed";

export type CvmStep = { readonly kind: "online-pin" } | { readonly kind: "done"; readonly outcome: CvmOutcome };

/** How online PIN entry went in the terminal's flow. */
export type PinEntry = "entered" | "bypassed" | "pin-pad-not-working";

/** CVM codes, byte 1 b6–b1 (Annex C3 Table C-1). */
const FAIL_CVM = 0x00;
const ONLINE_PIN = 0x02;
const SIGNATURE = 0x1e;
const NO_CVM = 0x1f;
/** Byte 1 b7: apply the next rule if this one fails. */
const APPLY_NEXT = 0x40;

/** 9F33 byte 2 bits each known method needs (Annex A2): 01, 03, 04, 05 are offline PIN methods. */
const NEEDS: ReadonlyMap<number, number> = new Map([
	[FAIL_CVM, 0],
	[0x01, 0x80],
	[ONLINE_PIN, 0x40],
	[0x03, 0x80 | 0x20],
	[0x04, 0x10],
	[0x05, 0x10 | 0x20],
	[SIGNATURE, 0x20],
	[NO_CVM, 0x08],
]);

/** CVM results byte 3 (Book 4 Annex A4). */
const UNKNOWN = 0x00;
const FAILED = 0x01;
const SUCCESSFUL = 0x02;

function amount4(bytes: Uint8Array, at: number): number {
	return ((bytes[at]! << 24) >>> 0) + (bytes[at + 1]! << 16) + (bytes[at + 2]! << 8) + bytes[at + 3]!;
}

export class CardholderVerification {
	/** 9F34: method, condition, result. */
	readonly results = Uint8Array.of(0x3f, 0x00, 0x00);
	readonly #rules: readonly (readonly [number, number])[];
	readonly #x: number;
	readonly #y: number;
	readonly #card: CardData;
	readonly #params: TerminalParameters;
	readonly #txn: Transaction;
	readonly #v: Verification;
	#next = 0;
	#performed = false;
	/** The step last returned: pinEntered applies only while it is "online-pin". */
	#last: CvmStep = { kind: "done", outcome: "not-performed" };

	constructor(card: CardData, params: TerminalParameters, txn: Transaction, v: Verification) {
		this.#card = card;
		this.#params = params;
		this.#txn = txn;
		this.#v = v;
		const list = card.get(0x8e);
		const rules: [number, number][] = [];
		if (list !== undefined && list.length >= 10) for (let i = 8; i + 1 < list.length; i += 2) rules.push([list[i]!, list[i + 1]!]);
		this.#rules = rules;
		this.#x = list !== undefined && list.length >= 8 ? amount4(list, 0) : 0;
		this.#y = list !== undefined && list.length >= 8 ? amount4(list, 4) : 0;
	}

	/** Book 3 §10.5: AIP byte 1 b5 says whether the card supports cardholder verification. */
	start(aip: Uint8Array): CvmStep {
		this.#last = this.#start(aip);
		return this.#last;
	}

	#start(aip: Uint8Array): CvmStep {
		if ((aip[0]! & 0x10) === 0) return { kind: "done", outcome: "not-performed" };
		if (this.#rules.length === 0) {
			// No CVM list, or one without rules: ICC data missing, the TSI bit stays clear.
			this.#v.set("iccDataMissing");
			return { kind: "done", outcome: "not-performed" };
		}
		this.#v.done("cvmPerformed");
		return this.#run();
	}

	/** After "online-pin": how the entry went (Book 3 §10.5.1, Annex C5 byte 3 b5–b3). */
	pinEntered(entry: PinEntry): CvmStep {
		if (this.#last.kind !== "online-pin") return this.#last;
		this.#last = this.#afterPin(entry);
		return this.#last;
	}

	#afterPin(entry: PinEntry): CvmStep {
		const [code, condition] = this.#rules[this.#next - 1]!;
		if (entry === "entered") {
			this.#v.set("onlinePinEntered");
			return this.#succeed(code, condition, UNKNOWN, "online-pin");
		}
		this.#v.set(entry === "bypassed" ? "pinNotEntered" : "pinPadMissing");
		return this.#failed(code, condition);
	}

	#run(): CvmStep {
		while (this.#next < this.#rules.length) {
			const [code, condition] = this.#rules[this.#next++]!;
			const method = code & 0x3f;
			if (!this.#conditionMet(condition, method)) continue;
			const needs = NEEDS.get(method);
			if (needs === undefined) {
				this.#v.set("unrecognisedCvm");
				return this.#failed(code, condition);
			}
			const supported = (this.#params.capabilities[1]! & needs) === needs;
			if (method === FAIL_CVM || !supported) return this.#failed(code, condition);
			if (method === ONLINE_PIN) return { kind: "online-pin" };
			if (method === SIGNATURE) return this.#succeed(code, condition, UNKNOWN, "signature");
			if (method === NO_CVM) return this.#succeed(code, condition, SUCCESSFUL, "no-cvm");
			// An offline PIN method the terminal claims to support but this kernel cannot perform.
			return this.#failed(code, condition);
		}
		// §10.5: the end of the list without success; 3F (no CVM performed) when no rule applied.
		this.#v.set("cvmFailed");
		if (!this.#performed) this.results.set([0x3f, 0x00, FAILED]);
		return { kind: "done", outcome: "failed" };
	}

	#succeed(code: number, condition: number, result: number, outcome: CvmOutcome): CvmStep {
		this.results.set([code, condition, result]);
		return { kind: "done", outcome };
	}

	/** A rule failed: records it, then goes on if b7 says so; otherwise verification failed. */
	#failed(code: number, condition: number): CvmStep {
		this.#performed = true;
		this.results.set([code, condition, FAILED]);
		if (code & APPLY_NEXT) return this.#run();
		this.#v.set("cvmFailed");
		return { kind: "done", outcome: "failed" };
	}

	/** Annex C3 Table C-2; an unknown condition is not satisfied. */
	#conditionMet(condition: number, method: number): boolean {
		const { kind, amount } = this.#txn;
		const cash = kind === "cash";
		switch (condition) {
			case 0x00:
				return true;
			case 0x01:
				return cash && this.#params.atm;
			case 0x02:
				return kind === "goods" || kind === "services";
			case 0x03: {
				const needs = NEEDS.get(method);
				return needs !== undefined && (this.#params.capabilities[1]! & needs) === needs;
			}
			case 0x04:
				return cash && !this.#params.atm;
			case 0x05:
				return kind === "cashback";
		}
		// 06–09: only in the application currency (9F42 = 5F2A).
		const currency = this.#card.get(0x9f42);
		const same = currency !== undefined && currency.length === 2 && currency.every((b, i) => b === this.#params.currencyCode[i]);
		if (!same) return false;
		if (condition === 0x06) return amount < this.#x;
		if (condition === 0x07) return amount > this.#x;
		if (condition === 0x08) return amount < this.#y;
		if (condition === 0x09) return amount > this.#y;
		return false;
	}
}
