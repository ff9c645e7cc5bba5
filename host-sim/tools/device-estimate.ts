// From instructions counted on the desktop to milliseconds on the device: the ESP32-S3's Xtensa LX7 at
// 240 MHz. The one place the conversion factor k is stated; README "Measurement basis" gives its sources.

/** The ESP32-S3's CPU clock (ESP32-S3 Series Datasheet: Xtensa LX7 "up to 240 MHz"). */
export const ESP32_S3_CLOCK_HZ = 240_000_000;

/**
 * k: ESP32-S3 CPU cycles per x86-64 instruction that xsnap executes for the same work.
 *
 * Lower bound, compiled C in on-chip memory: CoreMark. The ESP32-S3 Series Datasheet gives 613.86 CoreMark
 * on one core at 240 MHz (2.56 CoreMark/MHz), i.e. 390,625 cycles per CoreMark iteration. EEMBC's CoreMark
 * built here with gcc 12 -O2 (PORT_DIR=linux) runs 337,577 x86-64 instructions per iteration (callgrind,
 * 2,000 minus 1,000 iterations): 390,625 / 337,577 ≈ 1.16 cycles per x86-64 instruction. That covers the
 * longer instruction sequence of a 32-bit RISC core and its CPI with code and data in cache or SRAM.
 *
 * XS is not CoreMark: its interpreter (hundreds of KB of code) executes in place from flash through a
 * 16/32 KB instruction cache, and a terminal's XS heap lives in PSRAM behind a 32/64 KB data cache (ESP32-S3
 * TRM, ICACHE_SIZE_MODE/DCACHE_SIZE_MODE; ESP-IDF "Support for External RAM": PSRAM is mapped through the
 * cache, its virtual addresses shared with flash instructions and rodata). A miss on either goes out over the
 * SPI bus; CoreMark's figure has almost none. We take k = 2, about 1.7 × CoreMark's, so the
 * estimates lean towards too slow; the plausible range is 1.2 (everything hits) to about 3 (heavy misses).
 */
export const CYCLES_PER_X86_INSTRUCTION = 2;

/** Instructions of one operation from those of a loop of `iterations` operations. */
export function instructionsPerOp(loopInstructions: number, iterations: number): number {
	if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`iterations must be ≥ 1, got ${iterations}`);
	return Math.round(loopInstructions / iterations);
}

/** The ESP32-S3 estimate of an operation of `instructions` x86-64 instructions, ms. */
export function esp32s3Ms(instructions: number): number {
	return (instructions * CYCLES_PER_X86_INSTRUCTION * 1000) / ESP32_S3_CLOCK_HZ;
}

export type BudgetVerdict = "within" | "OVER" | "no budget";

/** Whether an estimate meets its budget (a budget is met when the estimate is not above it). */
export function budgetVerdict(estimateMs: number, budgetMs: number | undefined): BudgetVerdict {
	if (budgetMs === undefined) return "no budget";
	return estimateMs <= budgetMs ? "within" : "OVER";
}

/** The columns a device bench's row ends with, as bench.ts prints them: instructions, estimate, budget, verdict. */
export function estimateCells(
	instructionsPerOp: number,
	budgetMs: number | undefined,
): { "instructions/op": number; "ESP32-S3 ms (est.)": number; "budget ms": number | ""; verdict: BudgetVerdict } {
	const estimateMs = esp32s3Ms(instructionsPerOp);
	return {
		"instructions/op": instructionsPerOp,
		"ESP32-S3 ms (est.)": Math.round(estimateMs * 10) / 10,
		"budget ms": budgetMs ?? "",
		verdict: budgetVerdict(estimateMs, budgetMs),
	};
}

/** The instruction total of a callgrind output file (its `summary:` line, or `totals:` when absent). */
export function callgrindInstructions(text: string): number {
	const line = /^summary:\s*(\d+)/m.exec(text) ?? /^totals:\s*(\d+)/m.exec(text);
	if (!line) throw new Error("callgrind output has no summary or totals line");
	return Number(line[1]);
}
