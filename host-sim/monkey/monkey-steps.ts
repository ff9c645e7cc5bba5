// The monkey's steps as plain JSON (so a failing run prints as a replayable file) and their seeded
// generator: random keys, operator moves, good and garbage swipes, acquirer faults, power cuts at a
// random coming storage write, and waits.

import type { KeyCode } from "../../hal/keypad.js";
import { KEY_CODES } from "../../hal/keypad.js";
import type { Fault, FaultRule } from "../acquirer/fault-plan.js";
import type { TestCardName } from "../cards/test-cards.js";
import { SeededRandom } from "../hal/seeded-random.js";

export type MonkeyStep =
	| { readonly do: "key"; readonly key: KeyCode }
	| { readonly do: "sign-on" }
	| { readonly do: "sale"; readonly card: TestCardName; readonly amountFen: number }
	/** Void of the newest transaction (its voucher number read from the journal when the step runs). */
	| { readonly do: "void" }
	| { readonly do: "settle" }
	| { readonly do: "swipe"; readonly card: TestCardName }
	| { readonly do: "garbage"; readonly track2: string; readonly track1?: string }
	| { readonly do: "fault"; readonly rule: FaultRule }
	/** Power fails at the `atWrite`-th durable write from now, `fraction` of its bytes landing. */
	| { readonly do: "cut"; readonly atWrite: number; readonly fraction: number }
	| { readonly do: "wait"; readonly ms: number };

/** Cards the issuer approves, and ones it declines (expired, lost, no funds, chip swiped). */
const GOOD_CARDS: readonly TestCardName[] = ["debit", "credit", "foreign"];
const DECLINED_CARDS: readonly TestCardName[] = ["expired", "lost", "no-funds", "chip"];
const FAULT_MTIS = [undefined, "0200", "0400", "0500", "0800", "0320"] as const;
/** Forced codes are signed by the simulator, so only declines: a forced approval would be the simulator lying. */
const FORCED_CODES = ["05", "12", "51", "55", "96", "A0"];
const FAULTS: readonly ((r: Chooser) => Fault)[] = [
	() => ({ kind: "no-response" }),
	() => ({ kind: "close" }),
	() => ({ kind: "garbage" }),
	() => ({ kind: "bad-mac" }),
	() => ({ kind: "wrong-stan" }),
	(r) => ({ kind: "response-code", code: r.of(FORCED_CODES) }),
];

interface Chooser {
	below(n: number): number;
	of<T>(list: readonly T[]): T;
}

function chooser(seed: number): Chooser {
	const random = new SeededRandom(seed);
	return {
		below: (n) => random.next() % n,
		of: (list) => list[random.next() % list.length]!,
	};
}

/** `count` steps, the same for the same seed. */
export function generateSteps(seed: number, count: number): MonkeyStep[] {
	const r = chooser(seed);
	const steps: MonkeyStep[] = [];
	const weighted: [number, () => MonkeyStep][] = [
		[24, () => ({ do: "key", key: r.of(KEY_CODES) })],
		[5, () => ({ do: "sign-on" })],
		[24, () => ({ do: "sale", card: r.below(5) === 0 ? r.of(DECLINED_CARDS) : r.of(GOOD_CARDS), amountFen: 1 + r.below(50_000) })],
		[5, () => ({ do: "void" })],
		[4, () => ({ do: "settle" })],
		[4, () => ({ do: "swipe", card: r.of([...GOOD_CARDS, ...DECLINED_CARDS]) })],
		[5, () => garbage(r)],
		[12, () => ({ do: "fault", rule: { fault: r.of(FAULTS)(r), ...matchOf(r.of(FAULT_MTIS)) } })],
		[10, () => ({ do: "cut", atWrite: 1 + r.below(12), fraction: r.of([0, 0.5]) })],
		[3, () => ({ do: "wait", ms: r.of([1_000, 30_000, 300_000, 3_600_000]) })],
	];
	const total = weighted.reduce((n, [w]) => n + w, 0);
	while (steps.length < count) {
		let roll = r.below(total);
		const entry = weighted.find(([w]) => (roll -= w) < 0)!;
		steps.push(entry[1]());
	}
	return steps;
}

function matchOf(mti: (typeof FAULT_MTIS)[number]): Pick<FaultRule, "match"> {
	return mti ? { match: { mti } } : {};
}

/** Track 2 of digits and separators in a wrong layout (short, no separator, long), sometimes junk track 1. */
function garbage(r: Chooser): MonkeyStep {
	const length = 1 + r.below(37);
	let track2 = "";
	for (let i = 0; i < length; i++) track2 += r.below(8) === 0 ? "=" : String(r.below(10));
	if (r.below(3) > 0) return { do: "garbage", track2 };
	let track1 = "B";
	// Track 1 characters 0x20–0x5E without the sentinels % and ? (ISO/IEC 7811-2).
	for (let i = 0; i < 1 + r.below(60); i++) track1 += String.fromCharCode(0x20 + r.below(0x3f)).replace(/[%?]/, "X");
	return { do: "garbage", track2, track1 };
}
