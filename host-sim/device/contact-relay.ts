// The desktop side of the simulator build's contact reader (device/moddable/sim/relayed-contact-reader.ts): the
// firmware's traced requests (`posterm contact <seq> activate`, `… <seq> apdu <hex>`, `… deactivate`) go to a
// VirtualContactReader holding host-sim's virtual card, and its answers go back as message texts (`<seq> atr …`,
// `<seq> r <hex>`, `<seq> error <kind> …`), as do the slot's `insert` and `remove`. The card and its
// cryptography stay out of the firmware's heap. Platform-free: the device check gives the way in and out.
//
// Public API: ContactRequest, decodeCommandApdu, parseContactRequest, formatContactAnswer, RelayedExchange,
// ContactRelay, cryptogramsOf.

import type { CommandApdu, ResponseApdu } from "../../hal/apdu.js";
import type { Activation, ContactError } from "../../hal/contact-reader.js";
import type { Result } from "../../hal/result.js";
import { encodeCommandApdu } from "../../src/card-reader/apdu-bytes.js";
import { decodeTlv, findTlv } from "../../src/emv/tlv.js";
import { bytesToHex, hexToBytes } from "../../src/factory/hex-text.js";
import type { VirtualCard } from "../chip/virtual-card.js";
import { VirtualContactReader } from "../chip/virtual-contact-reader.js";

export type ContactRequest =
	| { readonly op: "activate"; readonly seq: number }
	| { readonly op: "apdu"; readonly seq: number; readonly command: CommandApdu }
	| { readonly op: "deactivate" };

/** A short command APDU from its bytes (ISO/IEC 7816-4 §5.1: cases 1–4, Le 00 as 256), or undefined. */
export function decodeCommandApdu(bytes: Uint8Array): CommandApdu | undefined {
	if (bytes.length < 4) return undefined;
	const [cla, ins, p1, p2] = bytes as unknown as [number, number, number, number];
	const header = { cla, ins, p1, p2 };
	if (bytes.length === 4) return { ...header, data: new Uint8Array(0) };
	if (bytes.length === 5) return { ...header, data: new Uint8Array(0), le: bytes[4] || 256 };
	const lc = bytes[4]!;
	if (lc === 0 || (bytes.length !== 5 + lc && bytes.length !== 6 + lc)) return undefined;
	const data = bytes.slice(5, 5 + lc);
	return bytes.length === 5 + lc ? { ...header, data } : { ...header, data, le: bytes[5 + lc] || 256 };
}

const LINE = /^posterm contact (?:(\d+) (activate|apdu)(?: ([0-9A-F]+))?|(deactivate))\s*$/;

/** The request in a traced line, or undefined for any other line (a census, a log) or a malformed one. */
export function parseContactRequest(line: string): ContactRequest | undefined {
	const match = LINE.exec(line);
	if (!match) return undefined;
	if (match[4] === "deactivate") return { op: "deactivate" };
	const seq = Number(match[1]);
	if (match[2] === "activate") return match[3] === undefined ? { op: "activate", seq } : undefined;
	const bytes = match[3] === undefined ? undefined : hexToBytes(match[3]);
	const command = bytes && decodeCommandApdu(bytes);
	return command ? { op: "apdu", seq, command } : undefined;
}

function errorText(error: ContactError): string {
	if (error.kind === "atr-invalid") return `atr-invalid ${bytesToHex(error.atr)} ${error.detail}`;
	return "detail" in error ? `${error.kind} ${error.detail}` : error.kind;
}

/** The message text answering request `seq`. */
export function formatContactAnswer(seq: number, result: Result<Activation | ResponseApdu, ContactError>): string {
	if (!result.ok) return `${seq} error ${errorText(result.error)}`;
	const answer = result.value;
	if ("atr" in answer) return `${seq} atr ${bytesToHex(answer.atr)} ${answer.protocol} ${answer.fi} ${answer.di}`;
	return `${seq} r ${bytesToHex(answer.data)}${bytesToHex(Uint8Array.of(answer.sw1, answer.sw2))}`;
}

/** One exchange the firmware made: the command's bytes, and the answer's text without its number (`r <hex>`, `error …`). */
export interface RelayedExchange {
	readonly command: string;
	readonly answer: string;
}

/** Cryptogram types by the two top bits of GENERATE AC's P1 and of the CID (EMV Book 3 Table 12 and §6.5.5.4). */
const AC_TYPES = ["AAC", "TC", "ARQC", "RFU"] as const;

/** The CID of a GENERATE AC answer's data: format 1 (80: CID first) or format 2 (77 with 9F27). */
function cidOf(data: Uint8Array): number | undefined {
	const top = decodeTlv(data);
	const first = top.ok ? top.value[0] : undefined;
	if (first?.tag === 0x80) return first.value[0];
	return first?.tag === 0x77 ? findTlv(first.children ?? [], 0x9f27)?.value[0] : undefined;
}

/**
 * Each GENERATE AC of a session as "<asked>→<given>" ("ARQC→ARQC", "TC→TC"): the type the terminal asked (P1)
 * and the one the card's answer carries, taken from GET RESPONSE when the card held it back behind 61xx (T=0).
 */
export function cryptogramsOf(exchanges: readonly RelayedExchange[]): string[] {
	const out: string[] = [];
	exchanges.forEach(({ command }, i) => {
		if (command.slice(2, 4) !== "AE") return;
		const asked = AC_TYPES[parseInt(command.slice(4, 6), 16) >> 6];
		const answers = exchanges.slice(i, i + 2).map((e) => e.answer);
		const held = answers[0]?.startsWith("r 61") && exchanges[i + 1]?.command.slice(2, 4) === "C0";
		const bytes = hexToBytes((held ? answers[1] : answers[0])?.slice(2) ?? "");
		const cid = bytes && bytes.length > 2 ? cidOf(bytes.subarray(0, bytes.length - 2)) : undefined;
		out.push(`${asked}→${cid === undefined ? "?" : AC_TYPES[cid >> 6]}`);
	});
	return out;
}

export class ContactRelay {
	readonly #reader = new VirtualContactReader();
	readonly #post: (text: string) => void;
	readonly #beforeAnswer: (command: CommandApdu) => Promise<void>;
	/** Every exchange since the relay was made, in order. */
	readonly exchanges: RelayedExchange[] = [];

	/**
	 * `post` takes each message text to the firmware, in order; `beforeAnswer` runs while the firmware waits for
	 * the card's answer to a command (the device check takes a heap census there).
	 */
	constructor(post: (text: string) => void, beforeAnswer: (command: CommandApdu) => Promise<void> = async () => {}) {
		this.#post = post;
		this.#beforeAnswer = beforeAnswer;
	}

	insert(card: VirtualCard): void {
		this.#reader.insert(card);
		this.#post("insert");
	}

	remove(): void {
		this.#reader.remove();
		this.#post("remove");
	}

	/** A traced line of the firmware; true when it was a request of the reader's (answered once the card has). */
	take(line: string): boolean {
		const request = parseContactRequest(line);
		if (request === undefined) return false;
		if (request.op === "deactivate") this.#reader.deactivate();
		else if (request.op === "activate") void this.#reader.activate().then((r) => this.#post(formatContactAnswer(request.seq, r)));
		else
			void this.#beforeAnswer(request.command)
				.then(() => this.#reader.transmit(request.command))
				.then((r) => {
					const answer = formatContactAnswer(request.seq, r);
					this.exchanges.push({
						command: bytesToHex(encodeCommandApdu(request.command)),
						answer: answer.slice(answer.indexOf(" ") + 1),
					});
					this.#post(answer);
				});
		return true;
	}
}
