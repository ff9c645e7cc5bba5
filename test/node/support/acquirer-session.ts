// The terminal side of end-to-end tests: a HostLink over real TCP to an AcquirerHost on 127.0.0.1, with a
// the simulator's real secure element (default key injection, PIN entry on its keypad), and helpers that
// build requests for the named test cards.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RealClock } from "../../../host-sim/hal/real-clock.js";
import { TcpNetwork } from "../../../host-sim/hal/tcp-network.js";
import { VIRTUAL_EPOCH_MS } from "../../../host-sim/hal/virtual-clock.js";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import type { LogEntry } from "../../../host-sim/acquirer/message-log.js";
import {
	defaultAcquirerConfig,
	DEFAULT_MERCHANT_ID,
	DEFAULT_TERMINAL_ID,
	type AcquirerConfig,
} from "../../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARDS, type TestCardName } from "../../../host-sim/cards/test-cards.js";
import assert from "node:assert/strict";
import type { Result } from "../../../hal/result.js";
import { HostLink, type Exchange, type ExchangeOptions, type LinkFailure } from "../../../src/host-link/host-link.js";
import { DEFAULT_TPDU, textField, type IsoMessage } from "../../../src/iso8583/iso-message.js";
import { encodeFrame } from "../../../src/iso8583/frame-codec.js";
import { checkFrame } from "../../../host-sim/tools/iso8583-fuzzer.js";
import { buildSignIn, type CardRead, type FinancialInput, type TerminalContext } from "../../../src/iso8583/requests.js";
import { parseSignInResponse } from "../../../src/iso8583/responses.js";
import { carriesMac } from "../../../src/iso8583/transaction-matrix.js";
import type { SignInKeySet } from "../../../src/iso8583/sign-in-keys.js";
import { KEY_SLOTS, type EncryptedPin, type KeyRef, type SecureElement } from "../../../hal/secure-element.js";
import type { KeyCode } from "../../../hal/keypad.js";
import { secureUnit, type SecureUnit } from "../../support/secure-unit.js";

export const HEADER = "603100310000";

/** A logged request that signs in (0800 with a key set in 60.3), not a step of the IC parameter download (370–382). */
export const isSignIn = (e: LogEntry): boolean =>
	e.direction === "in" && e.mti === "0800" && ["001", "003", "004"].includes(e.fields?.["60"]?.slice(8, 11) ?? "");

export function tempStateFile(): string {
	return join(mkdtempSync(join(tmpdir(), "posterm-acquirer-")), "state.json");
}

export class TerminalSide {
	readonly unit: SecureUnit = secureUnit();
	readonly secure: SecureElement = this.unit.hal.secure;
	readonly network = new TcpNetwork();
	readonly link: HostLink;
	context: TerminalContext = {
		terminalId: DEFAULT_TERMINAL_ID,
		merchantId: DEFAULT_MERCHANT_ID,
		batch: 0,
		operator: "01",
		readCapability: "2",
	};
	#stan = 0;
	mak: KeyRef<"mac"> | undefined;

	constructor(port: number, responseTimeoutMs = 3000) {
		this.link = new HostLink(
			{ network: this.network, clock: new RealClock(), secure: this.secure },
			{ host: "127.0.0.1", port, connectTimeoutMs: 2000, responseTimeoutMs, tpdu: DEFAULT_TPDU, header: HEADER },
		);
	}

	nextStan(): number {
		this.#stan = (this.#stan % 999999) + 1;
		return this.#stan;
	}

	/** Signs in (key set 003 by default), installs the working keys, adopts the batch. */
	async signIn(keySet: SignInKeySet = "003"): Promise<void> {
		const r = await this.link.exchange(buildSignIn(this.context, this.nextStan(), keySet));
		if (!r.ok) throw new Error(`sign-in failed: ${JSON.stringify(r.error)}`);
		const parsed = parseSignInResponse(r.value.response);
		if (!parsed.ok || !parsed.value.keys) throw new Error(`sign-in refused: ${JSON.stringify(parsed)}`);
		const tmk = this.secure.key(KEY_SLOTS.tmk, "kek");
		if (!tmk.ok) throw new Error("no TMK");
		const refs = this.secure.loadWorkingKeys(tmk.value, r.value.response.fields.get(62) as Uint8Array);
		if (!refs.ok) throw new Error(`key set refused: ${refs.error.kind}`);
		const mak = this.secure.key(KEY_SLOTS.mak, "mac");
		if (!mak.ok) throw new Error("no MAK after sign-in");
		this.mak = mak.value;
		this.context = { ...this.context, batch: parsed.value.batch };
	}

	/** The cardholder types `pin` on the element's keypad; the element returns the format 0 block under `slot`'s key. */
	async enterPin(pan: string, pin: string, slot: string = KEY_SLOTS.pik): Promise<EncryptedPin> {
		const pik = this.secure.key(slot, "pin");
		if (!pik.ok) throw new Error(`no ${slot} key: sign in first`);
		this.unit.hal.clock.advance(3_000); // PCI PTS: PIN entries at least 3 s apart (the element's virtual clock)
		const session = this.secure.startPinEntry({ pan, format: 0, key: pik.value, minLength: 4, maxLength: 12, allowBypass: false });
		if (!session.ok) throw new Error(`PIN entry refused: ${session.error.kind}`);
		for (const key of [...pin.split(""), "ENTER"] as KeyCode[]) this.unit.hal.keypad.press(key);
		const result = await session.value.result;
		if (!result.ok) throw new Error(`PIN entry ended: ${result.error.kind}`);
		return result.value;
	}

	/** A swipe of a named test card, with its PIN (or `pin`) entered on the PIN pad unless `withPin` is false. */
	async swipe(name: TestCardName, options: { withPin?: boolean; pin?: string } = {}): Promise<FinancialInput> {
		const card = TEST_CARDS[name];
		const read: CardRead = { entryMode: "magstripe", track2: card.track2, ...(card.track3 ? { track3: card.track3 } : {}) };
		if (options.withPin === false) return { stan: this.nextStan(), card: read };
		const { pinBlock } = await this.enterPin(card.pan, options.pin ?? card.pin);
		return { stan: this.nextStan(), card: read, pin: { pinBlock, algorithm: 6 } };
	}

	/**
	 * Exchanges `request`, MACed with the session MAK when its message class carries field 64. Both frames of
	 * an answered exchange are also read by the independent decoder, which must agree field for field.
	 */
	async exchange(request: IsoMessage, options: ExchangeOptions = this.mak && carriesMac(request.mti) ? { mac: this.mak } : {}) {
		const result = await this.link.exchange(request, options);
		if (result.ok) {
			for (const frame of [{ tpdu: DEFAULT_TPDU, header: HEADER, message: result.value.request }, result.value.responseFrame]) {
				const bytes = encodeFrame(frame);
				const check = bytes.ok ? checkFrame(bytes.value) : { accepted: false, problem: "does not re-encode" };
				if (!check.accepted || check.problem)
					throw new Error(`${frame.message.mti}: the firmware codec and the oracle disagree: ${check.problem}`);
			}
		}
		return result;
	}
}

export async function startHost(config: AcquirerConfig = defaultAcquirerConfig(), stateFile?: string, port = 0): Promise<AcquirerHost> {
	return AcquirerHost.start({ config, port, idleTimeoutMs: 5000, now: () => VIRTUAL_EPOCH_MS, ...(stateFile ? { stateFile } : {}) });
}

/** The exchange of an answered request (fails the test on a link failure). */
export function approved(r: Result<Exchange, LinkFailure>): Exchange {
	if (!r.ok) assert.fail(`link failure: ${JSON.stringify(r.error)}`);
	return r.value;
}

/** The answer's response code (field 39). */
export function code(r: Result<Exchange, LinkFailure>): string {
	return textField(approved(r).response, 39) ?? "(none)";
}

/** The link failure of a request that must not be answered. */
export function failure(r: Result<Exchange, LinkFailure>): LinkFailure {
	if (r.ok) assert.fail(`expected a link failure, got response ${textField(r.value.response, 39)}`);
	return r.error;
}

/** A test card's balance on the host's books. */
export const balanceOf = (host: AcquirerHost, name: keyof typeof TEST_CARDS) => host.books.accounts[TEST_CARDS[name].pan]!.balanceFen;
