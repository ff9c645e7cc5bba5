// Application Protocol Data Units (ISO/IEC 7816-4 §5.1, EMV 4.3 Book 1 §9.4): what a terminal and a chip card
// exchange over either reader. The readers carry them; the case handling of T=0 lives in src/emv/transport.ts.

/** A command APDU: header CLA INS P1 P2, then Lc and data when there are data, then Le when an answer is expected. */
export interface CommandApdu {
	readonly cla: number;
	readonly ins: number;
	readonly p1: number;
	readonly p2: number;
	/** The command data; Lc is its length (1–255), absent when empty. */
	readonly data: Uint8Array;
	/** The number of response bytes expected, 1–256 (256 is sent as 00); undefined: no Le field. */
	readonly le?: number;
}

/** A response APDU: the response data (possibly empty) and the status word SW1 SW2. */
export interface ResponseApdu {
	readonly data: Uint8Array;
	readonly sw1: number;
	readonly sw2: number;
}
