// The contactless reader: an NFC front end (NXP PN532 or PN5180 class, over SPI or I2C) driving the 13.56 MHz
// field for ISO/IEC 14443 Type A and B cards. The driver polls (REQA/WUPA, REQB/WUPB), resolves the
// anticollision loop and selects (ISO/IEC 14443-3), activates ISO/IEC 14443-4 (RATS and ATS for Type A,
// ATTRIB for Type B), and carries APDUs in I-blocks with chaining, WTX and retransmission. EMV Book D
// (contactless communication protocol) decides what the terminal does with what polling finds.

import type { CommandApdu, ResponseApdu } from "./apdu.js";
import type { Result } from "./result.js";

export type ContactlessType = "A" | "B";

/** A card found and activated at ISO/IEC 14443-4. */
export interface ActivatedCard {
	readonly type: ContactlessType;
	/** Type A: the UID of 4, 7 or 10 bytes (ISO/IEC 14443-3 §6.5.4); Type B: the PUPI of 4 bytes. */
	readonly uid: Uint8Array;
	/** Type A: SAK; bit 6 (0x20) set means ISO/IEC 14443-4 compliant. */
	readonly sak?: number;
	/** Type A: the Answer To Select after RATS (TL first); Type B: the ATQB. */
	readonly ats: Uint8Array;
}

export type ContactlessError =
	/** No card answered in the polling time. */
	| { readonly kind: "no-card" }
	/**
	 * More than one card answered (EMV Book D §5.2, ISO/IEC 14443-3 anticollision found several, or Type A and
	 * Type B at once): the terminal asks for one card only.
	 */
	| { readonly kind: "collision"; readonly cards: number }
	/** The card does not do ISO/IEC 14443-4 (SAK bit 6 clear), so it cannot carry APDUs (e.g. a MIFARE Classic). */
	| { readonly kind: "not-iso14443-4" }
	/** The card left the field during an exchange (no answer after the retransmissions of ISO/IEC 14443-4 §7.5.6). */
	| { readonly kind: "removed" }
	/** A frame error (CRC, parity, bad block) beyond recovery. */
	| { readonly kind: "protocol"; readonly detail: string }
	/** The front end did not answer on its bus, or reported a fault (RF field, temperature). */
	| { readonly kind: "front-end"; readonly detail: string }
	/** No card is activated (poll first), or the reader is closed. */
	| { readonly kind: "not-active" };

/** What the NFC front end says it is: the chip and its firmware version. */
export interface FrontEndIdentity {
	readonly chip: string;
	readonly firmware: string;
}

export interface ContactlessReader {
	/**
	 * Field on, one polling round (EMV Book D §5.2: WUPA and WUPB, then anticollision), and, for exactly one
	 * card, its activation (RATS or ATTRIB). Several cards give "collision" and nothing is activated.
	 */
	poll(): Promise<Result<ActivatedCard, ContactlessError>>;
	/** One APDU exchange with the activated card. */
	transmit(command: CommandApdu): Promise<Result<ResponseApdu, ContactlessError>>;
	/**
	 * Removal procedure (EMV Book D §9.5 / ISO/IEC 14443-4 DESELECT then polling): true once no card answers
	 * any more, false while one still does.
	 */
	removed(): Promise<Result<boolean, ContactlessError>>;
	/** The front end's identity, for the factory test (e.g. the PN532's GetFirmwareVersion); optional. */
	frontEnd?(): Promise<Result<FrontEndIdentity, ContactlessError>>;
	/** Field off; the activated card, if any, is lost. */
	fieldOff(): void;
	/** Field off and the bus released; afterwards every call fails as "not-active". */
	close(): void;
}
