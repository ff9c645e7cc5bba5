// The terminal transport layer (EMV 4.3 Book 1 §9.3, ISO/IEC 7816-3 §12.2, ISO/IEC 7816-4 §5.3): gives the
// kernel one call that sends a command APDU and returns its whole response APDU, whatever the protocol.
// At T=0 the card cannot take a command with data and Le at once, and asks for a second command to give
// its data: the transport sends case 4 commands without Le, answers 61xx with GET RESPONSE (Le = xx) and 6Cxx
// by sending the command again with Le = xx, and after a warning (62xx, 63xx, 9xxx other than 9000) to a
// case 4 command fetches the data with GET RESPONSE Le = 00 and keeps the warning (Book 1 §9.3.1.1–9.3.1.3).
// At T=1 and over ISO/IEC 14443-4 the APDU travels whole and the answer is returned as it comes.
//
// Public API: CardLink, CardProtocol, CardChannel, TransportError, cardChannel.

import type { CommandApdu, ResponseApdu } from "../../hal/apdu.js";
import type { ContactError, ContactProtocol } from "../../hal/contact-reader.js";
import type { ContactlessError } from "../../hal/contactless-reader.js";
import { err, ok, type Result } from "../../hal/result.js";
import { concatBytes } from "../crypto/bytes.js";
import { getResponse } from "./commands.js";

/** Either reader, as far as exchanging APDUs goes. */
export interface CardLink {
	transmit(command: CommandApdu): Promise<Result<ResponseApdu, ContactError | ContactlessError>>;
}

export type CardProtocol = ContactProtocol | "ISO 14443-4";

export type TransportError =
	/** The reader failed (card removed, mute, protocol error…): the reader's own error. */
	| { readonly kind: "reader"; readonly error: ContactError | ContactlessError }
	/** The card kept answering 61xx or 6Cxx past MAX_EXCHANGES: a card fault, not an answer. */
	| { readonly kind: "endless-chaining" };

export interface CardChannel {
	readonly protocol: CardProtocol;
	/** Sends the command and returns the card's complete answer. */
	exchange(command: CommandApdu): Promise<Result<ResponseApdu, TransportError>>;
}

/** Far beyond what an EMV response needs (256 bytes per GET RESPONSE); bounds a card that never stops. */
const MAX_EXCHANGES = 16;

function isWarning(sw1: number, sw2: number): boolean {
	return sw1 === 0x62 || sw1 === 0x63 || ((sw1 & 0xf0) === 0x90 && !(sw1 === 0x90 && sw2 === 0x00));
}

async function exchangeT0(link: CardLink, command: CommandApdu): Promise<Result<ResponseApdu, TransportError>> {
	const case4 = command.data.length > 0 && command.le !== undefined;
	// §9.3.1.1: a case 4 C-APDU goes as a case 3 C-TPDU; its data come back through GET RESPONSE.
	let next: CommandApdu = case4 ? { ...command, le: undefined } : command;
	let data: Uint8Array = new Uint8Array(0);
	let warning: { sw1: number; sw2: number } | undefined;
	for (let n = 0; n < MAX_EXCHANGES; n++) {
		const sent = next;
		const r = await link.transmit(sent);
		if (!r.ok) return err({ kind: "reader", error: r.error });
		const { sw1, sw2 } = r.value;
		if (sw1 === 0x61) {
			// §9.3.1.2: more data available, SW2 of them (00 = 256).
			data = concatBytes(data, r.value.data);
			next = getResponse(sw2 === 0 ? 256 : sw2);
		} else if (sw1 === 0x6c) {
			// §9.3.1.2: wrong Le; send the same command again with Le = SW2.
			next = { ...sent, le: sw2 === 0 ? 256 : sw2 };
		} else if (case4 && n === 0 && isWarning(sw1, sw2)) {
			// §9.3.1.3: a warning to the case 4 command itself; its data (if any) come with GET RESPONSE Le = 00.
			warning = { sw1, sw2 };
			next = getResponse(256);
		} else if (warning !== undefined) {
			// The answer to that GET RESPONSE: its data with the warning, or the warning alone if it had none.
			const ok9000 = sw1 === 0x90 && sw2 === 0x00;
			return ok({ data: ok9000 ? concatBytes(data, r.value.data) : data, ...warning });
		} else return ok({ data: concatBytes(data, r.value.data), sw1, sw2 });
	}
	return err({ kind: "endless-chaining" });
}

/** A channel over `link` in `protocol`; at T=0 with the case handling above. */
export function cardChannel(link: CardLink, protocol: CardProtocol): CardChannel {
	return {
		protocol,
		async exchange(command) {
			if (protocol === "T=0") return exchangeT0(link, command);
			const r = await link.transmit(command);
			return r.ok ? r : err({ kind: "reader", error: r.error });
		},
	};
}
