// The factory jig line (README.md, "Factory test"): the jig UART carrying the factory protocol as text lines,
// and the jig-detect strap sampled once at boot.

import type { Unsubscribe } from "./result.js";

/**
 * Longest line the unit accepts from the jig, in bytes without the newline; a longer one is dropped whole and
 * reported to `onLine`'s `tooLong` (the factory session answers it with LINE_TOO_LONG).
 */
export const JIG_MAX_LINE_BYTES = 4096;

export interface JigPort {
	/** The jig-detect line as sampled at boot: true when a jig held it asserted. */
	readonly detected: boolean;
	/** Sends one line of UTF-8 text; the port appends "\n". `line` must not contain a newline. */
	writeLine(line: string): void;
	/** Each complete line received, decoded, without its "\n" or "\r\n"; `tooLong` for each line over the limit. */
	onLine(handler: (line: string) => void, tooLong?: () => void): Unsubscribe;
	/** Releases the UART; later lines are dropped and none are received. */
	close(): void;
}
