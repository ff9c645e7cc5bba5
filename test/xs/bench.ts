// The benchmark API for modules in test/bench/*.bench.ts. They run inside the XS engine (xsnap), where
// `resetMeter()` counts XS's metering units (roughly bytecodes executed: deterministic, unlike time).
// Output lines are read by host-sim/tools/bench.ts.
//
// Every measurement calls resetMeter three times: before the warm-up call, before the timed loop and after
// it. `npm run bench -- --instructions` runs xsnap under callgrind with a dump at each entry to resetMeter,
// so the dump numbered by the third call holds exactly the loop's instructions ("measured" line, `dump`).
// In that mode a global set by the entry (`benchInstructionMeterTarget`) shortens each loop to about that
// many meter units, because valgrind runs some 50 times slower than xsnap alone. `worst` calls resetMeter
// after each of its calls instead, and names the dump of the dearest one.
//
// `stage` measures one step of a scenario that also runs simulated parts (the acquirer, the printer, the
// clock's driver): the work those parts do runs inside `outsideFirmware(...)`, and what they call back into
// the firmware inside `insideFirmware(...)`. Each switch calls resetMeter, so the stage's figure is the sum of
// the firmware's segments alone, and in instruction mode the sum of their dumps (`dumps`).

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

export interface MeasureOptions {
	/** The operation's budget on the device (ESP32-S3 estimate), ms. */
	readonly budgetMs?: number;
}

export interface StageOptions extends MeasureOptions {
	/**
	 * x86-64 instructions measured elsewhere for work the stage ran outside the firmware because the device
	 * does it natively (the native bench's figures), asked for when the stage has run; added to its count in
	 * instruction mode (not to the XS meter).
	 */
	readonly nativeInstructions?: () => number;
}

export type Row = Readonly<Record<string, string | number>>;

/** A stage's measurement and the callgrind dumps of its firmware segments. */
export interface Stage extends Measurement {
	readonly dumps: readonly number[];
	/** Native instructions added to the stage (StageOptions.nativeInstructions). */
	readonly nativeInstructions: number;
}

export interface Bench {
	/** Runs `fn` `iterations` times after one warm-up call and returns the cost per call. */
	measure(name: string, iterations: number, fn: () => void, options?: MeasureOptions): Measurement;
	/**
	 * Runs `call(0)`…`call(calls - 1)` once each and returns the dearest by the XS meter: the operation's
	 * worst case (e.g. the commit that compacts). Its callgrind dump is the one counted.
	 */
	worst(name: string, calls: number, call: (index: number) => void, options?: MeasureOptions): Measurement & { readonly index: number };
	/**
	 * Runs one stage of a scenario once and returns the firmware's cost: the meter from start to end less
	 * what ran inside `outsideFirmware`.
	 */
	stage(name: string, run: () => Promise<void>, options?: StageOptions): Promise<Stage>;
	/** Stages taken together (their meter and, in instruction mode, their dumps summed). */
	total(name: string, stages: readonly Stage[], options?: MeasureOptions): Measurement;
	/**
	 * Marks `calls` single calls of `fn` for the allocation count (host-sim/tools/xs-alloc.ts reads XS's heap
	 * counters at each resetMeter under gdb): a collection first, then each call between two resetMeter calls.
	 * `budgeted`: the key press's budget of issue 15 item 6 applies (≤ 200 slots, ≤ 4 KB a call).
	 */
	allocation(name: string, calls: number, fn: () => void, options?: { readonly budgeted?: boolean }): void;
	/** Prints a table (the Node side aligns the columns). */
	table(title: string, rows: readonly Row[]): void;
	/** Prints one line of text. */
	note(text: string): void;
}

let meterResets = 0;
function resetMeterCounted(): number {
	meterResets++;
	return resetMeter(0, 0);
}

declare function gc(): void;

/** The stage being measured: its firmware meter and dumps so far, and whether the firmware runs now. */
let ledger: { meter: number; dumps: number[]; firmware: boolean } | undefined;

/** Ends the running segment (counted when it was the firmware's) and starts one of the other kind. */
function switchSegment(firmware: boolean): void {
	if (!ledger || ledger.firmware === firmware) return;
	const meter = resetMeterCounted();
	if (ledger.firmware) {
		ledger.meter += meter;
		ledger.dumps.push(meterResets);
	}
	ledger.firmware = firmware;
}

// The switches below keep the bench's own bookkeeping out of the firmware's count: a segment ends with
// resetMeter as the first thing the switch does, and the next firmware segment starts with resetMeter as the
// last thing before the firmware runs again (one entry to resetMeter per switch, as the dumps expect).

/** Work of a simulated part (host, printer, the scenario's driver): not counted in a stage. */
export function outsideFirmware<T>(work: () => T): T {
	const stage = ledger;
	if (stage === undefined || !stage.firmware) return work();
	const meter = resetMeter(0, 0);
	meterResets++;
	stage.meter += meter;
	stage.dumps.push(meterResets);
	stage.firmware = false;
	try {
		return work();
	} finally {
		stage.firmware = true;
		meterResets++;
		resetMeter(0, 0);
	}
}

/** Firmware work called from a simulated part (a timer, a reply, a status byte): counted in a stage. */
export function insideFirmware<T>(work: () => T): T {
	const stage = ledger;
	if (stage === undefined || stage.firmware) return work();
	stage.firmware = true;
	meterResets++;
	resetMeter(0, 0);
	try {
		return work();
	} finally {
		const meter = resetMeter(0, 0);
		meterResets++;
		stage.meter += meter;
		stage.dumps.push(meterResets);
		stage.firmware = false;
	}
}

/** The loop's length: the declared count, or in instruction mode about `target` meter units' worth. */
export function loopIterations(declared: number, warmUpMeter: number, target: number | undefined): number {
	if (target === undefined) return declared;
	return Math.max(1, Math.min(declared, Math.ceil(target / Math.max(1, warmUpMeter))));
}

export const bench: Bench = {
	measure(name, declared, fn, options = {}) {
		resetMeterCounted();
		fn();
		const warmUp = resetMeterCounted();
		const target = (globalThis as { benchInstructionMeterTarget?: number }).benchInstructionMeterTarget;
		const iterations = loopIterations(declared, warmUp, target);
		const start = performance.now();
		for (let i = 0; i < iterations; i++) fn();
		const ms = performance.now() - start;
		const meter = resetMeterCounted();
		const meterPerOp = Math.round(meter / iterations);
		print(`measured\t${JSON.stringify({ name, iterations, meterPerOp, dump: meterResets, budgetMs: options.budgetMs })}`);
		return { name, iterations, meterPerOp, msPerOp: ms / iterations };
	},
	worst(name, calls, call, options = {}) {
		let worst = { index: -1, meter: -1, dump: 0, ms: 0 };
		resetMeterCounted();
		for (let index = 0; index < calls; index++) {
			const start = performance.now();
			call(index);
			const ms = performance.now() - start;
			const meter = resetMeterCounted();
			if (meter > worst.meter) worst = { index, meter, dump: meterResets, ms };
		}
		print(
			`measured\t${JSON.stringify({ name, iterations: 1, meterPerOp: worst.meter, dump: worst.dump, budgetMs: options.budgetMs })}`,
		);
		return { name, iterations: 1, meterPerOp: worst.meter, msPerOp: worst.ms, index: worst.index };
	},
	async stage(name, run, options = {}) {
		if (ledger) throw new Error(`stage ${name} inside another stage`);
		resetMeterCounted();
		const firstReset = meterResets;
		const stage = (ledger = { meter: 0, dumps: [], firmware: true });
		const start = performance.now();
		try {
			await run();
			switchSegment(false);
		} finally {
			ledger = undefined;
		}
		const ms = performance.now() - start;
		const nativeInstructions = options.nativeInstructions?.() ?? 0;
		print(
			`measured\t${JSON.stringify({ name, iterations: 1, meterPerOp: stage.meter, dump: stage.dumps[0] ?? 0, dumps: stage.dumps, nativeInstructions, resets: [firstReset, meterResets], budgetMs: options.budgetMs })}`,
		);
		return { name, iterations: 1, meterPerOp: stage.meter, msPerOp: ms, dumps: stage.dumps, nativeInstructions };
	},
	total(name, stages, options = {}) {
		const dumps = stages.flatMap((s) => s.dumps);
		const meterPerOp = stages.reduce((sum, s) => sum + s.meterPerOp, 0);
		const nativeInstructions = stages.reduce((sum, s) => sum + s.nativeInstructions, 0);
		print(
			`measured\t${JSON.stringify({ name, iterations: 1, meterPerOp, dump: dumps[0] ?? 0, dumps, nativeInstructions, budgetMs: options.budgetMs })}`,
		);
		return { name, iterations: 1, meterPerOp, msPerOp: stages.reduce((sum, s) => sum + s.msPerOp, 0) };
	},
	allocation(name, calls, fn, options = {}) {
		gc();
		resetMeterCounted();
		const firstReset = meterResets;
		for (let i = 0; i < calls; i++) {
			fn();
			resetMeterCounted();
		}
		print(`allocation\t${JSON.stringify({ name, calls, firstReset, budgeted: options.budgeted === true })}`);
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
