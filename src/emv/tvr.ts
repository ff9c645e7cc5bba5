// The Terminal Verification Results (95) and the Transaction Status Information (9B) the kernel builds as it
// goes (EMV 4.3 Book 3 Annex C5 and C6): each bit by name, so code and tests say which one they mean.
//
// Public API: TVR_BITS, TSI_BITS, TvrBit, TsiBit, Verification.

/** Book 3 Annex C5: [byte index, mask] of each TVR bit EMV 4.3 defines. */
export const TVR_BITS = Object.freeze({
	// Byte 1: offline data authentication.
	odaNotPerformed: [0, 0x80],
	sdaFailed: [0, 0x40],
	iccDataMissing: [0, 0x20],
	exceptionFile: [0, 0x10],
	ddaFailed: [0, 0x08],
	cdaFailed: [0, 0x04],
	sdaSelected: [0, 0x02],
	// Byte 2: processing restrictions.
	versionsDiffer: [1, 0x80],
	expired: [1, 0x40],
	notYetEffective: [1, 0x20],
	serviceNotAllowed: [1, 0x10],
	newCard: [1, 0x08],
	// Byte 3: cardholder verification.
	cvmFailed: [2, 0x80],
	unrecognisedCvm: [2, 0x40],
	pinTryLimitExceeded: [2, 0x20],
	pinPadMissing: [2, 0x10],
	pinNotEntered: [2, 0x08],
	onlinePinEntered: [2, 0x04],
	// Byte 4: terminal risk management.
	floorLimitExceeded: [3, 0x80],
	lowerOfflineLimitExceeded: [3, 0x40],
	upperOfflineLimitExceeded: [3, 0x20],
	randomlySelectedOnline: [3, 0x10],
	merchantForcedOnline: [3, 0x08],
	// Byte 5: completion.
	defaultTdolUsed: [4, 0x80],
	issuerAuthenticationFailed: [4, 0x40],
	scriptFailedBeforeFinalAc: [4, 0x20],
	scriptFailedAfterFinalAc: [4, 0x10],
} as const);

/** Book 3 Annex C6: byte 1 of the TSI (byte 2 is RFU). */
export const TSI_BITS = Object.freeze({
	odaPerformed: 0x80,
	cvmPerformed: 0x40,
	cardRiskManagementPerformed: 0x20,
	issuerAuthenticationPerformed: 0x10,
	terminalRiskManagementPerformed: 0x08,
	scriptProcessingPerformed: 0x04,
} as const);

export type TvrBit = keyof typeof TVR_BITS;
export type TsiBit = keyof typeof TSI_BITS;

/** The TVR and TSI of one transaction, both zero at its start (Book 3 §10.1). */
export class Verification {
	readonly tvr = new Uint8Array(5);
	readonly tsi = new Uint8Array(2);

	set(bit: TvrBit): void {
		const [index, mask] = TVR_BITS[bit];
		this.tvr[index]! |= mask;
	}

	has(bit: TvrBit): boolean {
		const [index, mask] = TVR_BITS[bit];
		return (this.tvr[index]! & mask) !== 0;
	}

	done(bit: TsiBit): void {
		this.tsi[0]! |= TSI_BITS[bit];
	}

	isDone(bit: TsiBit): boolean {
		return (this.tsi[0]! & TSI_BITS[bit]) !== 0;
	}

	/** The TVR bits set, by name (for logs and tests). */
	tvrBits(): TvrBit[] {
		return (Object.keys(TVR_BITS) as TvrBit[]).filter((b) => this.has(b));
	}
}
