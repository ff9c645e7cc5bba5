// The contact chip reader: an ISO/IEC 7816-3 card slot behind a UART smart-card interface (NXP TDA8035 class:
// presence switch, VCC/RST/CLK sequencing, one I/O line). The driver activates the card, reads the Answer to
// Reset, negotiates the protocol (PPS) and moves bytes at T=0 (characters, procedure bytes) or T=1 (blocks with
// chaining and error recovery). What the commands mean, and the T=0 case handling (61xx, 6Cxx), is src/'s job.

import type { CommandApdu, ResponseApdu } from "./apdu.js";
import type { Result, Unsubscribe } from "./result.js";

/** The transmission protocol in use after activation (ISO/IEC 7816-3 §10 T=0, §11 T=1). */
export type ContactProtocol = "T=0" | "T=1";

/** What activation gives: the ATR bytes as received (TS first, TCK last if present) and the protocol chosen. */
export interface Activation {
	readonly atr: Uint8Array;
	readonly protocol: ContactProtocol;
	/** The Fi/Di pair agreed by PPS (ISO/IEC 7816-3 §9), or the defaults 372/1 when none was made. */
	readonly fi: number;
	readonly di: number;
}

export type ContactError =
	/** No card in the slot (presence switch open). */
	| { readonly kind: "no-card" }
	/** The card was taken out while powered: the interface cut VCC, the exchange is lost. */
	| { readonly kind: "removed" }
	/** No ATR within 40 000 clock cycles of RST, or no answer within the waiting time (ISO/IEC 7816-3 §7.2, §10.2). */
	| { readonly kind: "mute" }
	/** The ATR does not parse or breaks the rules the terminal applies (EMV 4.3 Book 1 §8.3); `atr` as received. */
	| { readonly kind: "atr-invalid"; readonly atr: Uint8Array; readonly detail: string }
	/** The card refused the PPS request or answered it wrongly (ISO/IEC 7816-3 §9.3). */
	| { readonly kind: "pps-refused" }
	/** A parity error repeated past the retry limit (T=0) or a block error beyond recovery (T=1). */
	| { readonly kind: "protocol"; readonly detail: string }
	/** The interface chip reported a fault (over-current on VCC, supply out of range). */
	| { readonly kind: "interface-fault"; readonly detail: string }
	/** The command cannot be sent in this protocol (at T=0: data and Le together, ISO/IEC 7816-3 §12.2). */
	| { readonly kind: "bad-command"; readonly detail: string }
	/** activate() has not succeeded, or the card was deactivated. */
	| { readonly kind: "not-active" };

export interface ContactReader {
	/** Whether a card sits in the slot (the presence switch), powered or not. */
	readonly present: boolean;
	/** Called on each change of presence: true on insertion, false on removal. */
	onPresence(handler: (present: boolean) => void): Unsubscribe;
	/**
	 * Cold reset (ISO/IEC 7816-3 §6.2): VCC, CLK, then RST high; reads the ATR, does PPS when the ATR offers a
	 * faster rate or a protocol other than the first, and gives the result. A second call is a warm reset.
	 */
	activate(): Promise<Result<Activation, ContactError>>;
	/**
	 * One exchange in the active protocol. At T=0 the command is sent as a TPDU: header and P3 = Lc when there
	 * are data, else Le (256 as 00), else 00 (ISO/IEC 7816-3 §12.2); a command with both data and Le fails as
	 * "bad-command". At T=1 the whole APDU travels in I-blocks. The answer is the card's data and status word.
	 */
	transmit(command: CommandApdu): Promise<Result<ResponseApdu, ContactError>>;
	/** Deactivation (ISO/IEC 7816-3 §6.4): RST low, CLK stopped, I/O low, VCC off. Safe to call at any time. */
	deactivate(): void;
	/** Deactivates and releases the UART and pins; afterwards every call fails as "not-active". */
	close(): void;
}
