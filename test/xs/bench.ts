// The benchmark API for modules in test/bench/*.bench.ts. They run inside the XS engine (xsnap), where
// `resetMeter()` counts XS's metering units (roughly bytecodes executed: deterministic, unlike time).
// Output lines are read by host-sim/tools/bench.ts.

declare function print(...values: unknown[]): void;
declare function resetMeter(limit: number, interval: number): number;

export interface Measurement {
	readonly name: string;
	readonly iterations: number;
	/** XS meter units per operation. */
	readonly meterPerOp: number;
	/** Wall time per operation on this machine, ms. */
	readonly msPerOp: number;
}

export type Row = Readonly<Record<string, string | number>>;

export interface Bench {
	/** Runs `fn` `iterations` times after one warm-up call and returns the cost per call. */
	measure(name: string, iterations: number, fn: () => void): Measurement;
	/** Prints a table (the Node side aligns the columns). */
	table(title: string, rows: readonly Row[]): void;
	/** Prints one line of text. */
	note(text: string): void;
}

export const bench: Bench = {
	measure(name, iterations, fn) {
		fn();
		resetMeter(0, 0);
		const start = performance.now();
		for (let i = 0; i < iterations; i++) fn();
		const ms = performance.now() - start;
		const meter = resetMeter(0, 0);
		return { name, iterations, meterPerOp: Math.round(meter / iterations), msPerOp: ms / iterations };
	},
	table(title, rows) {
		print(`table\t${JSON.stringify({ title, rows })}`);
	},
	note(text) {
		print(`note\t${text}`);
	},
};

/** Converts measurements into table rows with the usual columns. */
export function measurementRows(measurements: readonly Measurement[]): Row[] {
	return measurements.map((m) => ({
		operation: m.name,
		"XS meter/op": m.meterPerOp,
		"µs/op (XS)": Math.round(m.msPerOp * 1000 * 10) / 10,
		iterations: m.iterations,
	}));
}

declare const performance: { now(): number };
