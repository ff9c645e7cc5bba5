// The contact reader of the simulator build (hal/contact-reader.ts): Moddable's simulator has no I2C, so the
// card stays on the desktop, where the device check answers with host-sim's virtual card
// (host-sim/device/contact-relay.ts) and the heap census counts only the firmware. Each call goes out as one
// traced line, `posterm contact <seq> activate`, `posterm contact <seq> apdu <hex>` (the command's bytes,
// ISO/IEC 7816-4 short form) or `posterm contact deactivate`; each answer comes back as one message text:
// `<seq> atr <hex> <T=0|T=1> <Fi> <Di>`, `<seq> r <hex>` (data ‖ SW1 SW2), `<seq> error <kind> [<ATR hex> <detail>]`.
// The presence switch is the texts `insert` and `remove`. Platform-free: the line out and the texts in are
// given by the build (chip-readers.ts).
//
// Public API: ContactRequest, ContactAnswer, formatContactRequest, parseContactAnswer, RelayedContactReader.

import type { CommandApdu, ResponseApdu } from "../../../hal/apdu.js";
import type { Activation, ContactError, ContactProtocol, ContactReader } from "../../../hal/contact-reader.js";
import { Listeners } from "../../../hal/listeners.js";
import { err, ok, type Result, type Unsubscribe } from "../../../hal/result.js";
import { decodeResponseApdu, encodeCommandApdu } from "../../../src/card-reader/apdu-bytes.js";
import { bytesToHex, hexToBytes } from "../../../src/factory/hex-text.js";

export type ContactRequest =
	| { readonly op: "activate"; readonly seq: number }
	| { readonly op: "apdu"; readonly seq: number; readonly command: CommandApdu }
	| { readonly op: "deactivate" };

export type ContactAnswer =
	| { readonly kind: "presence"; readonly present: boolean }
	| { readonly kind: "answer"; readonly seq: number; readonly result: Result<Activation | ResponseApdu, ContactError> };

/** The traced line of a request (newline included: one line per trace). */
export function formatContactRequest(request: ContactRequest): string {
	if (request.op === "deactivate") return "posterm contact deactivate\n";
	if (request.op === "activate") return `posterm contact ${request.seq} activate\n`;
	return `posterm contact ${request.seq} apdu ${bytesToHex(encodeCommandApdu(request.command))}\n`;
}

const ERROR_KINDS: readonly ContactError["kind"][] = [
	"no-card",
	"removed",
	"mute",
	"atr-invalid",
	"pps-refused",
	"protocol",
	"interface-fault",
	"bad-command",
	"not-active",
];

function parseError(words: readonly string[]): ContactError | undefined {
	const kind = ERROR_KINDS.find((k) => k === words[0]);
	if (kind === undefined) return undefined;
	if (kind === "atr-invalid") {
		const atr = hexToBytes(words[1] ?? "");
		return atr === undefined ? undefined : { kind, atr, detail: words.slice(2).join(" ") };
	}
	if (kind === "protocol" || kind === "interface-fault" || kind === "bad-command") return { kind, detail: words.slice(1).join(" ") };
	return words.length === 1 ? { kind } : undefined;
}

/** A message text from the desktop side, or undefined when it is not one this reader takes. */
export function parseContactAnswer(text: string): ContactAnswer | undefined {
	if (text === "insert" || text === "remove") return { kind: "presence", present: text === "insert" };
	const words = text.split(" ");
	const seq = Number(words[0]);
	if (words[0] === "" || !Number.isInteger(seq) || seq < 0) return undefined;
	if (words[1] === "atr" && words.length === 6) {
		const atr = hexToBytes(words[2]!);
		const protocol = words[3];
		const fi = Number(words[4]);
		const di = Number(words[5]);
		if (atr === undefined || (protocol !== "T=0" && protocol !== "T=1") || !(fi > 0) || !(di > 0)) return undefined;
		return { kind: "answer", seq, result: ok({ atr, protocol: protocol as ContactProtocol, fi, di }) };
	}
	if (words[1] === "r" && words.length === 3) {
		const bytes = hexToBytes(words[2]!);
		const response = bytes === undefined ? undefined : decodeResponseApdu(bytes);
		return response === undefined ? undefined : { kind: "answer", seq, result: ok(response) };
	}
	if (words[1] === "error") {
		const error = parseError(words.slice(2));
		return error === undefined ? undefined : { kind: "answer", seq, result: err(error) };
	}
	return undefined;
}

/** One call waiting for its answer. */
interface Waiting {
	readonly seq: number;
	readonly resolve: (result: Result<Activation | ResponseApdu, ContactError>) => void;
}

export class RelayedContactReader implements ContactReader {
	readonly #send: (line: string) => void;
	readonly #presence = new Listeners<boolean>();
	#present = false;
	#active = false;
	#closed = false;
	#seq = 0;
	#waiting: Waiting | undefined;

	/** `send` puts a request's line out (trace, in the simulator build); the answers come to `receive`. */
	constructor(send: (line: string) => void) {
		this.#send = send;
	}

	get present(): boolean {
		return this.#present;
	}

	onPresence(handler: (present: boolean) => void): Unsubscribe {
		return this.#presence.add(handler);
	}

	/** A message text from the desktop side; texts that are not this reader's are ignored. */
	receive(text: string): void {
		const answer = parseContactAnswer(text);
		if (answer === undefined || this.#closed) return;
		if (answer.kind === "presence") {
			if (answer.present === this.#present) return;
			this.#present = answer.present;
			// Taken out: the interface cuts the card off, and the exchange under way is lost.
			if (!answer.present) {
				this.#active = false;
				this.#settle(err({ kind: "removed" }));
			}
			this.#presence.emit(answer.present);
			return;
		}
		if (this.#waiting?.seq === answer.seq) this.#settle(answer.result);
	}

	async activate(): Promise<Result<Activation, ContactError>> {
		if (this.#closed) return err({ kind: "not-active" });
		if (!this.#present) return err({ kind: "no-card" });
		const seq = ++this.#seq;
		const answer = await this.#ask(seq, { op: "activate", seq });
		if (!answer.ok) return answer;
		if (!("atr" in answer.value)) return err({ kind: "protocol", detail: "a response where an ATR was expected" });
		this.#active = true;
		return ok(answer.value);
	}

	async transmit(command: CommandApdu): Promise<Result<ResponseApdu, ContactError>> {
		if (this.#closed || !this.#active) return err({ kind: "not-active" });
		const seq = ++this.#seq;
		const answer = await this.#ask(seq, { op: "apdu", seq, command });
		if (!answer.ok) return answer;
		if ("atr" in answer.value) return err({ kind: "protocol", detail: "an ATR where a response was expected" });
		return ok(answer.value);
	}

	deactivate(): void {
		if (!this.#active) return;
		this.#active = false;
		this.#send(formatContactRequest({ op: "deactivate" }));
	}

	close(): void {
		this.deactivate();
		this.#settle(err({ kind: "not-active" }));
		this.#closed = true;
	}

	#ask(seq: number, request: ContactRequest): Promise<Result<Activation | ResponseApdu, ContactError>> {
		// One call at a time, as on the card's single I/O line: a call left waiting is lost.
		this.#settle(err({ kind: "protocol", detail: "superseded" }));
		return new Promise((resolve) => {
			this.#waiting = { seq, resolve };
			this.#send(formatContactRequest(request));
		});
	}

	#settle(result: Result<Activation | ResponseApdu, ContactError>): void {
		const waiting = this.#waiting;
		this.#waiting = undefined;
		waiting?.resolve(result);
	}
}
