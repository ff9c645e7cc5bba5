// What every online exchange shares: the link to the acquirer (host, port, timeouts, TPDU and header from the
// parameters), the terminal's identity for the request (ISO 8583 fields 41, 42, the batch in 60.2), the MAK
// when the secure element holds one, and the failures of a message that moves no money.

import type { Hal } from "../../hal/hal.js";
import { KEY_SLOTS, type KeyRef } from "../../hal/secure-element.js";
import { HostLink, type LinkFailure } from "../host-link/host-link.js";
import type { TerminalContext } from "../iso8583/requests.js";
import type { Params } from "../params/schema.js";
import type { CardVault } from "./card-vault.js";
import type { JournalReader, JournalWriter } from "./journal-writer.js";
import type { OnlineFailure } from "./online-failure.js";

/** The TPDU parameter, 10 hex digits: ID 60, destination address, source address (UnionPay TPDU header). */
function tpduOf(hex: string): { destination: number; source: number } {
	return { destination: parseInt(hex.slice(2, 6), 16), source: parseInt(hex.slice(6, 10), 16) };
}

export class HostChannel {
	readonly #hal: Hal;
	readonly #journal: JournalReader;
	readonly #params: () => Params;

	constructor(hal: Hal, journal: JournalReader, params: () => Params) {
		this.#hal = hal;
		this.#journal = journal;
		this.#params = params;
	}

	get params(): Params {
		return this.#params();
	}

	get hal(): Hal {
		return this.#hal;
	}

	link(): HostLink {
		const p = this.params;
		const { network, clock, secure } = this.#hal;
		return new HostLink(
			{ network, clock, secure },
			{
				host: p.acquirerHost,
				port: p.acquirerPort,
				connectTimeoutMs: p.connectTimeoutMs,
				responseTimeoutMs: p.responseTimeoutMs,
				tpdu: tpduOf(p.tpdu),
				header: p.header,
			},
		);
	}

	/** The request's terminal fields, in the journal's current batch. */
	context(operator: string): TerminalContext {
		const p = this.params;
		return {
			terminalId: p.terminalId,
			merchantId: p.merchantId,
			batch: this.#journal.counters.batch,
			operator,
			readCapability: this.#readCapability(),
		};
	}

	/** 60.4, what the terminal can read (UnionPay field 60): 6 contactless and contact IC, 5 contact IC, 2 magstripe only. */
	#readCapability(): "2" | "5" | "6" {
		return this.#hal.contactless ? "6" : this.#hal.contact ? "5" : "2";
	}

	/** The MAK by reference, when the element holds one (the link then MACs and checks field 64). */
	mac(): KeyRef<"mac"> | undefined {
		const key = this.#hal.secure.key(KEY_SLOTS.mak, "mac");
		return key.ok ? key.value : undefined;
	}
}

/** A failed exchange of a message that moves no money: nothing to undo. */
export function linkFailure(failure: LinkFailure): OnlineFailure {
	return { kind: "link", failure, after: { kind: "none" } };
}

export function badResponse(detail: string): OnlineFailure {
	return { kind: "bad-response", detail, after: { kind: "none" } };
}

/** What the online modules are built on: the channel, the journal to read and its one writer, the vault. */
export interface OnlineParts {
	readonly channel: HostChannel;
	readonly journal: JournalReader;
	readonly writer: JournalWriter;
	readonly vault: CardVault;
}
