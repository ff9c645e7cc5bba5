import { assert } from "../support/assert.js";
import { isAmbiguous, MatrixScanner, type MatrixScannerOptions, type ScanOutput } from "../../src/keypad/matrix-scanner.js";
import type { KeyCode } from "../../hal/keypad.js";

// The posterm-s3 layout (hal/boards/posterm-s3.json): 5 rows × 4 columns, no diodes.
const MAP: readonly (readonly (KeyCode | null)[])[] = [
	["1", "2", "3", "CANCEL"],
	["4", "5", "6", "CLEAR"],
	["7", "8", "9", "ENTER"],
	[".", "0", "00", "MENU"],
	["F1", "UP", "DOWN", "F2"],
];

const POSITION: { readonly [key: string]: readonly [number, number] } = {};
MAP.forEach((columns, row) =>
	columns.forEach((key, column) => {
		if (key !== null) (POSITION as Record<string, [number, number]>)[key] = [row, column];
	}),
);

/** Drives a scanner with samples every `periodMs`, holding a set of closed keys. */
class Bench {
	readonly scanner: MatrixScanner;
	readonly outputs: ScanOutput[] = [];
	nowMs = 0;
	readonly #periodMs: number;

	constructor(options: Partial<MatrixScannerOptions> = {}, periodMs = 5, closedAtStart: readonly KeyCode[] = []) {
		this.scanner = new MatrixScanner({ map: MAP, diodes: false, ...options });
		this.#periodMs = periodMs;
		this.sample(closedAtStart);
	}

	sample(closed: readonly KeyCode[]): void {
		const rows = new Uint16Array(MAP.length);
		for (const key of closed) {
			const [row, column] = POSITION[key]!;
			rows[row]! |= 1 << column;
		}
		this.outputs.push(...this.scanner.feed({ atMs: this.nowMs, rows }));
		this.nowMs += this.#periodMs;
	}

	/** Samples `closed` until `durationMs` has passed. */
	hold(closed: readonly KeyCode[], durationMs: number): void {
		const end = this.nowMs + durationMs;
		while (this.nowMs < end) this.sample(closed);
	}

	keys(): string[] {
		return this.outputs.flatMap((o) =>
			o.kind === "key" ? [`${o.event.down ? "+" : "-"}${o.event.key}${o.event.repeat ? "*" : ""}`] : [],
		);
	}

	stuck(): string[] {
		return this.outputs.flatMap((o) =>
			o.kind === "stuck" ? [`${o.stuck.key}:${o.stuck.cause}:${o.stuck.cleared ? "cleared" : "found"}`] : [],
		);
	}
}

describe("MatrixScanner", () => {
	describe("debounce", () => {
		it("reports one press and one release for a contact that bounces for 15 ms each way", () => {
			const bench = new Bench();
			for (let i = 0; i < 3; i++) {
				bench.sample(["5"]);
				bench.sample([]);
			}
			bench.hold(["5"], 100);
			for (let i = 0; i < 3; i++) {
				bench.sample([]);
				bench.sample(["5"]);
			}
			bench.hold([], 100);
			assert.deepEqual(bench.keys(), ["+5", "-5"]);
		});

		it("stamps the press when the contact has been steady for the debounce time", () => {
			const bench = new Bench({}, 1);
			bench.sample(["1"]);
			bench.sample([]);
			const closedAt = bench.nowMs;
			bench.hold(["1"], 50);
			const press = bench.outputs.find((o) => o.kind === "key");
			assert.ok(press && press.kind === "key");
			assert.equal(press.event.atMs, closedAt + 20);
		});

		it("ignores a glitch shorter than the debounce time", () => {
			const bench = new Bench();
			bench.hold(["7"], 15);
			bench.hold([], 100);
			assert.deepEqual(bench.keys(), []);
		});

		it("honours a custom debounce time", () => {
			const bench = new Bench({ debounceMs: 40 });
			bench.hold(["7"], 30);
			bench.hold([], 100);
			bench.hold(["8"], 60);
			assert.deepEqual(bench.keys(), ["+8"]);
		});
	});

	describe("ghost keys without diodes", () => {
		it("calls two rows sharing two closed columns ambiguous", () => {
			assert.equal(isAmbiguous(Uint16Array.of(0b0011, 0b0011, 0)), true);
			assert.equal(isAmbiguous(Uint16Array.of(0b0011, 0b0001, 0)), false);
			assert.equal(isAmbiguous(Uint16Array.of(0b0101, 0b0000, 0b0100)), false);
		});

		it("never reports the phantom fourth corner of an L of three keys", () => {
			const bench = new Bench();
			bench.hold(["1"], 40);
			bench.hold(["1", "2"], 40);
			// "1", "2" and "4" closed read as "5" closed too (rows 0 and 1 both see columns 0 and 1).
			bench.hold(["1", "2", "4", "5"], 200);
			bench.hold([], 40);
			assert.deepEqual(bench.keys(), ["+1", "+2", "-1", "-2"]);
		});

		it("ignores a third key while two are down, even if it is not ambiguous", () => {
			const bench = new Bench();
			bench.hold(["1"], 40);
			bench.hold(["1", "6"], 40);
			bench.hold(["1", "6", "ENTER"], 40);
			bench.hold(["1", "ENTER"], 40);
			bench.hold([], 40);
			assert.deepEqual(bench.keys(), ["+1", "+6", "-6", "-1"]);
		});

		it("accepts the ignored key's next press once it was released", () => {
			const bench = new Bench();
			bench.hold(["1", "6"], 40);
			bench.hold(["1", "6", "ENTER"], 40);
			bench.hold([], 40);
			bench.hold(["ENTER"], 40);
			assert.deepEqual(
				bench.keys().filter((k) => k.endsWith("ENTER")),
				["+ENTER"],
			);
		});

		it("reads every key of a rectangle when the board has diodes", () => {
			const bench = new Bench({ diodes: true });
			bench.hold(["1", "2", "4", "5"], 40);
			assert.deepEqual(bench.keys().sort(), ["+1", "+2", "+4", "+5"]);
		});
	});

	describe("auto-repeat", () => {
		it("repeats CLEAR after 500 ms, then every 100 ms", () => {
			const bench = new Bench();
			bench.hold(["CLEAR"], 20 + 500 + 250);
			bench.hold([], 40);
			const times = bench.outputs.flatMap((o) => (o.kind === "key" && o.event.repeat ? [o.event.atMs] : []));
			assert.deepEqual(times, [525, 625, 725]);
			assert.deepEqual(bench.keys(), ["+CLEAR", "+CLEAR*", "+CLEAR*", "+CLEAR*", "-CLEAR"]);
		});

		it("repeats UP and DOWN but not digits or ENTER", () => {
			const bench = new Bench();
			for (const key of ["UP", "DOWN", "5", "ENTER"] as const) {
				bench.hold([key], 700);
				bench.hold([], 40);
			}
			assert.deepEqual(
				bench.keys().filter((k) => k.endsWith("*")),
				["+UP*", "+UP*", "+DOWN*", "+DOWN*"],
			);
		});

		it("stops repeating while a second key is held", () => {
			const bench = new Bench();
			bench.hold(["DOWN"], 300);
			bench.hold(["DOWN", "1"], 600);
			assert.deepEqual(bench.keys(), ["+DOWN", "+1"]);
		});
	});

	describe("stuck keys", () => {
		it("reports a key closed at start instead of pressing it, and clears it on release", () => {
			const bench = new Bench({}, 5, ["ENTER"]);
			bench.hold(["ENTER"], 100);
			bench.hold([], 40);
			bench.hold(["ENTER"], 40);
			assert.deepEqual(bench.stuck(), ["ENTER:down-at-start:found", "ENTER:down-at-start:cleared"]);
			assert.deepEqual(bench.keys(), ["+ENTER"]);
		});

		it("reports a key held longer than the limit and stops its repeat", () => {
			const bench = new Bench({ stuckMs: 2000 });
			bench.hold(["CLEAR"], 3000);
			const repeatsBefore = bench.keys().length;
			bench.hold(["CLEAR"], 1000);
			assert.equal(bench.keys().length, repeatsBefore);
			bench.hold([], 40);
			assert.deepEqual(bench.stuck(), ["CLEAR:held-too-long:found", "CLEAR:held-too-long:cleared"]);
			assert.equal(bench.keys().at(-1), "-CLEAR");
		});

		it("does not let a stuck key block other keys", () => {
			const bench = new Bench({ stuckMs: 1000 }, 5, ["F2"]);
			bench.hold(["F2"], 40);
			bench.hold(["F2", "MENU"], 1100);
			bench.hold(["F2", "MENU", "3"], 40);
			assert.deepEqual(bench.keys(), ["+MENU", "+3"]);
		});
	});

	it("is idle only when every key reads open", () => {
		const bench = new Bench();
		assert.equal(bench.scanner.idle, true);
		bench.sample(["9"]);
		assert.equal(bench.scanner.idle, false);
		bench.hold(["9"], 40);
		bench.hold([], 40);
		assert.equal(bench.scanner.idle, true);
	});
});
