// TEST KEYS ONLY — never for a terminal that handles real cards.
// The simulator's default key injection: what the factory key-injection facility would load into the
// default terminal, and what the acquirer host simulator holds for it by default. Both sides import
// this one module so that they agree. The DUKPT keys are the public ANSI test keys (X9.24-1:2009 A.4,
// X9.24-3:2017 supplement), so published vectors can be checked against a running simulator.
// Platform-free.
//
// Public API: DEFAULT_TERMINAL_KEYS, DefaultTerminalKeys.

export interface DefaultTerminalKeys {
	/** Terminal master key (double-length TDES), the KEK for UnionPay sign-in field 62. */
	readonly tmk: Uint8Array;
	/** 4-byte UnionPay check value of the TMK (first 4 bytes of TDES(TMK, 0…0)). */
	readonly tmkCheckValue: Uint8Array;
	readonly tdesDukpt: {
		/** Base derivation key (host side only). */
		readonly bdk: Uint8Array;
		/** Initial KSN, counter 0 (10 bytes). */
		readonly initialKsn: Uint8Array;
		/** IPEK = the terminal's injected initial key (16 bytes). */
		readonly ipek: Uint8Array;
	};
	readonly aesDukpt: {
		/** AES-128 base derivation key (host side only). */
		readonly bdk: Uint8Array;
		/** Initial key ID: BDK ID ‖ derivation ID (8 bytes). */
		readonly initialKeyId: Uint8Array;
		/** Initial KSN: IK ID ‖ counter 0 (12 bytes). */
		readonly initialKsn: Uint8Array;
		/** The terminal's injected initial key (16 bytes). */
		readonly initialKey: Uint8Array;
	};
}

function bytes(hex: string): Uint8Array {
	const out = new Uint8Array(hex.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
	return out;
}

/** Fresh copies on each access, so a caller that zeroes its keys cannot damage the defaults. */
export const DEFAULT_TERMINAL_KEYS: DefaultTerminalKeys = {
	get tmk() {
		return bytes("1F2E3D4C5B6A79880718293A4B5C6D7E");
	},
	get tmkCheckValue() {
		return bytes("AB6C17CA");
	},
	get tdesDukpt() {
		return {
			bdk: bytes("0123456789ABCDEFFEDCBA9876543210"),
			initialKsn: bytes("FFFF9876543210E00000"),
			ipek: bytes("6AC292FAA1315B4D858AB3A3D7D5933A"),
		};
	},
	get aesDukpt() {
		return {
			bdk: bytes("FEDCBA9876543210F1F1F1F1F1F1F1F1"),
			initialKeyId: bytes("1234567890123456"),
			initialKsn: bytes("123456789012345600000000"),
			initialKey: bytes("1273671EA26AC29AFA4D1084127652A1"),
		};
	},
};
