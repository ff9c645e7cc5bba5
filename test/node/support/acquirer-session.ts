// The terminal side of end-to-end tests: a HostLink over real TCP to an AcquirerHost on 127.0.0.1, with a
// test secure element holding the default TMK, and helpers that build requests for the named test cards.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RealClock } from "../../../host-sim/hal/real-clock.js";
import { SeededRandom } from "../../../host-sim/hal/seeded-random.js";
import { TcpNetwork } from "../../../host-sim/hal/tcp-network.js";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig, DEFAULT_MERCHANT_ID, DEFAULT_TERMINAL_ID, type AcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { DEFAULT_TMK } from "../../../host-sim/acquirer/default-terminal-keys.js";
import { TEST_CARDS, type TestCardName } from "../../../host-sim/cards/test-cards.js";
import { HostLink, type ExchangeOptions } from "../../../src/host-link/host-link.js";
import { DEFAULT_TPDU, type IsoMessage } from "../../../src/iso8583/iso-message.js";
import { buildSignIn, type CardRead, type FinancialInput, type TerminalContext } from "../../../src/iso8583/requests.js";
import { parseSignInResponse } from "../../../src/iso8583/responses.js";
import { carriesMac } from "../../../src/iso8583/transaction-matrix.js";
import type { KeyRef } from "../../../hal/secure-element.js";
import { TestSecureElement } from "../../support/test-secure-element.js";

export const HEADER = "603100310000";

export function tempStateFile(): string {
	return join(mkdtempSync(join(tmpdir(), "posterm-acquirer-")), "state.json");
}

export class TerminalSide {
	readonly secure = new TestSecureElement(DEFAULT_TMK, new SeededRandom(7));
	readonly network = new TcpNetwork();
	readonly link: HostLink;
	context: TerminalContext = { terminalId: DEFAULT_TERMINAL_ID, merchantId: DEFAULT_MERCHANT_ID, batch: 0, operator: "01", readCapability: "2" };
	#stan = 0;
	mak: KeyRef | undefined;

	constructor(port: number, responseTimeoutMs = 3000) {
		this.link = new HostLink({ network: this.network, clock: new RealClock(), secure: this.secure }, { host: "127.0.0.1", port, connectTimeoutMs: 2000, responseTimeoutMs, tpdu: DEFAULT_TPDU, header: HEADER });
	}

	nextStan(): number {
		this.#stan = (this.#stan % 999999) + 1;
		return this.#stan;
	}

	/** Signs in (key set 003), installs the working keys, adopts the batch. */
	async signIn(): Promise<void> {
		const r = await this.link.exchange(buildSignIn(this.context, this.nextStan(), "003"));
		if (!r.ok) throw new Error(`sign-in failed: ${JSON.stringify(r.error)}`);
		const parsed = parseSignInResponse(r.value.response);
		if (!parsed.ok || !parsed.value.keys) throw new Error(`sign-in refused: ${JSON.stringify(parsed)}`);
		const tmk = this.secure.key("tmk", "kek");
		if (!tmk.ok) throw new Error("no TMK");
		const refs = this.secure.loadWorkingKeys(tmk.value, r.value.response.fields.get(62) as Uint8Array);
		if (!refs.ok) throw new Error(`key set refused: ${refs.error.kind}`);
		this.mak = refs.value.find((k) => k.usage === "mac");
		this.context = { ...this.context, batch: parsed.value.batch };
	}

	/** A swipe of a named test card, with its PIN (or `pin`) as a PIN block when `withPin`. */
	swipe(name: TestCardName, options: { withPin?: boolean; pin?: string } = {}): FinancialInput {
		const card = TEST_CARDS[name];
		const read: CardRead = { entryMode: "magstripe", track2: card.track2, ...(card.track3 ? { track3: card.track3 } : {}) };
		const withPin = options.withPin ?? true;
		return { stan: this.nextStan(), card: read, ...(withPin ? { pin: { pinBlock: this.secure.pinBlock(options.pin ?? card.pin, card.pan), algorithm: 6 } } : {}) };
	}

	/** Exchanges `request`, MACed with the session MAK when its message class carries field 64. */
	exchange(request: IsoMessage, options: ExchangeOptions = this.mak && carriesMac(request.mti) ? { mac: this.mak } : {}) {
		return this.link.exchange(request, options);
	}
}

export async function startHost(config: AcquirerConfig = defaultAcquirerConfig(), stateFile?: string, port = 0): Promise<AcquirerHost> {
	return AcquirerHost.start({ config, port, idleTimeoutMs: 5000, ...(stateFile ? { stateFile } : {}) });
}
