// The T=1 block protocol, the terminal's side (ISO/IEC 7816-3 §11; EMV 4.3 Book 1 §9.2.4–9.2.5): the APDU
// goes in I-blocks of at most IFSC bytes chained with M, each acknowledged by an R-block; the answer comes in
// I-blocks, a chained one acknowledged by R(N(R)). An invalid block or none within BWT is answered by an
// R-block asking for it again, a received R-block naming our last I-block makes us send it again; after three
// failed tries the terminal sends S(RESYNCH) (at most three times) and, once answered, sends the APDU again
// from the start, once. The card's S(WTX) stretches the next BWT, S(IFS) sets IFSC; S(ABORT) ends the exchange.
//
// Public API: T1Timing, T1Fault, T1Protocol.

import { err, ok, type Result } from "../../hal/result.js";
import type { CardLine } from "./card-line.js";
import { decodeBlock, encodeBlock, type T1Block } from "./t1-block.js";

export interface T1Timing {
	/** BWT in ms with a waiting time extension of `wtx` (1 when none). */
	blockWaitingMs(wtx: number): number;
	/** CWT in ms. */
	readonly characterWaitingMs: number;
}

export type T1Fault =
	/** Nothing at all came back through every retry: the card is silent. */
	{ readonly kind: "mute" } | { readonly kind: "protocol"; readonly detail: string };

/** §11.6.3 (EMV Book 1 §9.2.5.1): tries of one block before resynchronisation, and of S(RESYNCH). */
const TRIES = 3;
/** The terminal's information field size, asked for once after the ATR (EMV Book 1 §9.2.4.3: 254). */
export const IFSD = 254;

type Received = { readonly block: T1Block } | { readonly invalid: string };

export class T1Protocol {
	readonly #line: CardLine;
	readonly #timing: T1Timing;
	#ifsc: number;
	readonly #initialIfsc: number;
	/** N(S) of our next I-block, and the N(S) we expect on the card's next one. */
	#ns = 0;
	#nr = 0;
	/** Whether any byte came back in the current exchange (a mute card versus a broken one). */
	#heard = false;

	constructor(line: CardLine, timing: T1Timing, ifsc: number) {
		this.#line = line;
		this.#timing = timing;
		this.#ifsc = ifsc;
		this.#initialIfsc = ifsc;
	}

	get ifsc(): number {
		return this.#ifsc;
	}

	/** One block, or why none valid came: `timeout` when none began within BWT. */
	async #receive(wtx: number): Promise<Received | { readonly timeout: true }> {
		const first = await this.#line.read(this.#timing.blockWaitingMs(wtx));
		if (!first.ok && first.error === "timeout") return { timeout: true };
		this.#heard = true;
		const bytes: number[] = [first.ok ? first.value : 0];
		let broken = !first.ok;
		// Read the prologue, then LEN + 1 more; a character lost or garbled makes the block invalid (§11.6.3).
		while (bytes.length < 3 || bytes.length < bytes[2]! + 4) {
			if (bytes.length === 3 && bytes[2] === 0xff) break;
			const next = await this.#line.read(this.#timing.characterWaitingMs);
			if (!next.ok) {
				if (next.error === "timeout") return { invalid: "character waiting time" };
				broken = true;
				bytes.push(0);
				continue;
			}
			bytes.push(next.value);
		}
		if (broken) return { invalid: "parity" };
		return decodeBlock(Uint8Array.from(bytes));
	}

	async #send(block: T1Block): Promise<Result<void, T1Fault>> {
		const r = await this.#line.write(encodeBlock(block));
		return r.ok ? ok() : err({ kind: "protocol", detail: "transmission" });
	}

	/** EMV Book 1 §9.2.4.3: S(IFS request) with IFSD right after the ATR; the card answers S(IFS response). */
	async negotiateIfsd(): Promise<Result<void, T1Fault>> {
		const request: T1Block = { kind: "S", type: "ifs", response: false, inf: Uint8Array.of(IFSD) };
		this.#heard = false;
		for (let tries = 0; tries < TRIES; tries++) {
			const sent = await this.#send(request);
			if (!sent.ok) return sent;
			const r = await this.#receive(1);
			if ("block" in r && r.block.kind === "S" && r.block.type === "ifs" && r.block.response && r.block.inf[0] === IFSD) return ok();
		}
		return err(this.#heard ? { kind: "protocol", detail: "no S(IFS response)" } : { kind: "mute" });
	}

	/** Sends the APDU's bytes and returns the card's answer's bytes. */
	async exchange(apdu: Uint8Array): Promise<Result<Uint8Array, T1Fault>> {
		this.#heard = false;
		const first = await this.#exchangeOnce(apdu);
		if (first.ok || first.error !== "resynchronised") return first.ok ? first : err(this.#fault(first.error));
		const again = await this.#exchangeOnce(apdu);
		return again.ok ? again : err(this.#fault(again.error === "resynchronised" ? "resynchronisation" : again.error));
	}

	#fault(detail: string): T1Fault {
		return this.#heard ? { kind: "protocol", detail } : { kind: "mute" };
	}

	async #exchangeOnce(apdu: Uint8Array): Promise<Result<Uint8Array, string>> {
		const chunks: Uint8Array[] = [];
		for (let at = 0; at === 0 || at < apdu.length; at += this.#ifsc) chunks.push(apdu.subarray(at, at + this.#ifsc));
		let index = 0;
		const iBlock = (): T1Block => ({ kind: "I", ns: this.#ns, more: index < chunks.length - 1, inf: chunks[index]! });
		let last: T1Block = iBlock();
		/** Our last I-block's N(S): an R-block naming it asks for it again. */
		let lastNs = this.#ns;
		const sendI = async (): Promise<boolean> => {
			last = iBlock();
			lastNs = this.#ns;
			this.#ns ^= 1;
			return (await this.#send(last)).ok;
		};
		if (!(await sendI())) return err("transmission");
		const answer: number[] = [];
		let receiving = false;
		let failures = 0;
		let wtx = 1;
		for (;;) {
			const r = await this.#receive(wtx);
			wtx = 1;
			const block = "block" in r ? r.block : undefined;
			if (block?.kind === "S" && !block.response) {
				// The card's requests are answered whatever else is going on (§11.6.2 rules 3 and 4).
				if (block.type === "abort") return err("the card aborted the chain");
				if (block.type === "wtx") wtx = Math.max(1, block.inf[0]!);
				if (block.type === "ifs") {
					if (block.inf[0]! < 1 || block.inf[0]! > 254) return err("S(IFS) out of range");
					this.#ifsc = block.inf[0]!;
				}
				if (block.type === "resynch") return err("the card asked for resynchronisation");
				if (!(await this.#send({ ...block, response: true }))) return err("transmission");
				continue;
			}
			if (block?.kind === "I" && index === chunks.length - 1 && block.ns === this.#nr) {
				// The card's I-block acknowledges our last one (§11.6.2 rule 2).
				this.#nr ^= 1;
				failures = 0;
				receiving = true;
				for (const b of block.inf) answer.push(b);
				if (!block.more) return ok(Uint8Array.from(answer));
				last = { kind: "R", nr: this.#nr, error: 0 };
				if (!(await this.#send(last)).ok) return err("transmission");
				continue;
			}
			if (block?.kind === "R" && !receiving && block.nr !== lastNs && index < chunks.length - 1) {
				// Our chained block was taken: the next one (§11.6.2 rule 2.2).
				index++;
				failures = 0;
				if (!(await sendI())) return err("transmission");
				continue;
			}
			if (++failures >= TRIES) return this.#resynchronise();
			if (block?.kind === "R" && !receiving && block.nr === lastNs) {
				// Rule 6.2 / 7.2: the card asks for our I-block again.
				if (!(await this.#send(last)).ok) return err("transmission");
				continue;
			}
			// Rule 7.1 (and EMV Book 1 §9.2.5.1): an invalid block or none is answered by R(N(R)) with the error.
			const error = block === undefined && "invalid" in r && (r.invalid === "EDC" || r.invalid === "parity") ? 1 : 2;
			if (receiving && block === undefined) last = { kind: "R", nr: this.#nr, error };
			if (!(await this.#send(receiving ? last : { kind: "R", nr: this.#nr, error })).ok) return err("transmission");
		}
	}

	/** §11.6.3.2: S(RESYNCH request) until answered, then both sequence numbers and IFSC start again. */
	async #resynchronise(): Promise<Result<Uint8Array, string>> {
		for (let tries = 0; tries < TRIES; tries++) {
			if (!(await this.#send({ kind: "S", type: "resynch", response: false, inf: new Uint8Array(0) })).ok) return err("transmission");
			const r = await this.#receive(1);
			if ("block" in r && r.block.kind === "S" && r.block.type === "resynch" && r.block.response) {
				this.#ns = 0;
				this.#nr = 0;
				this.#ifsc = this.#initialIfsc;
				return err("resynchronised");
			}
		}
		return err("no answer to S(RESYNCH)");
	}
}
