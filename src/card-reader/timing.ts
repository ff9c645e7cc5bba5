// The contact interface's timing (ISO/IEC 7816-3): the rate factors F and D of TA1 (Tables 7 and 8), the
// elementary time unit, the answer-to-reset windows (§6.2.2, §8.1), the T=0 waiting time (§10.2) and the T=1
// block and character waiting times (§11.4.3). Times are in ms for the port, rounded up, with 1 ms to spare.
//
// Public API: FI_TABLE, DI_TABLE, rateFactors, baudOf, etuMs, ATR_START_CLOCKS, atrStartMs, initialWaitingMs,
// workWaitingMs, blockWaitingMs, characterWaitingMs, RESET_LOW_CLOCKS.

/** Fi by the high nibble of TA1 (0 where reserved). */
export const FI_TABLE: readonly number[] = [372, 372, 558, 744, 1116, 1488, 1860, 0, 0, 512, 768, 1024, 1536, 2048, 0, 0];
/** Di by the low nibble of TA1 (0 where reserved). */
export const DI_TABLE: readonly number[] = [0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0];

/** Fi and Di of a TA1 byte, or undefined when either is reserved. */
export function rateFactors(ta1: number): { readonly fi: number; readonly di: number } | undefined {
	const fi = FI_TABLE[ta1 >> 4]!;
	const di = DI_TABLE[ta1 & 15]!;
	return fi === 0 || di === 0 ? undefined : { fi, di };
}

/** §7.1: one etu is F / (D × f) seconds, so the bit rate is f × D / F. */
export function baudOf(clockHz: number, fi: number, di: number): number {
	return Math.round((clockHz * di) / fi);
}

export function etuMs(clockHz: number, fi: number, di: number): number {
	return (fi * 1000) / (di * clockHz);
}

function ms(value: number): number {
	return Math.ceil(value) + 1;
}

/** §6.2.2: RST stays low at least 400 clock cycles after CLK starts. */
export const RESET_LOW_CLOCKS = 400;
/** §6.2.2: the ATR starts between 400 and 40 000 clock cycles after RST goes high. */
export const ATR_START_CLOCKS = 40000;

export function atrStartMs(clockHz: number): number {
	return ms((ATR_START_CLOCKS * 1000) / clockHz);
}

/** §8.1: within the ATR, and for the PPS answer, characters start within 9600 etu of the previous one. */
export function initialWaitingMs(clockHz: number): number {
	return ms(9600 * etuMs(clockHz, 372, 1));
}

/** §10.2: at T=0 each character starts within WT = WI × 960 × Fi / f of the previous one (WI from TC2, default 10). */
export function workWaitingMs(clockHz: number, wi: number, fi: number): number {
	return ms((wi * 960 * fi * 1000) / clockHz);
}

/** §11.4.3: BWT = 11 etu + 2^BWI × 960 × 372 / f, times the card's waiting time extension. */
export function blockWaitingMs(clockHz: number, bwi: number, fi: number, di: number, wtx = 1): number {
	return ms((11 * etuMs(clockHz, fi, di) + (2 ** bwi * 960 * 372 * 1000) / clockHz) * wtx);
}

/** §11.4.3: CWT = (11 + 2^CWI) etu between the characters of a block. */
export function characterWaitingMs(clockHz: number, cwi: number, fi: number, di: number): number {
	return ms((11 + 2 ** cwi) * etuMs(clockHz, fi, di));
}
