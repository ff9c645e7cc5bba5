// Which offline data authentication the kernel performs, and what its outcome sets (EMV 4.3 Book 3 §10.3,
// Annex C5/C6): CDA when card (AIP byte 1 b1) and terminal (9F33 byte 3 b4) both support it, else DDA
// (b6 / b7), else SDA (b7 / b8), else none ("offline data authentication was not performed"). The method
// itself is an OfflineAuthenticator's (src/emv/offline-authentication.ts).
//
// Public API: chooseOdaMethod, staticDataToAuthenticate, performOda.

import { concatBytes } from "../crypto/bytes.js";
import type { CardData } from "./card-data.js";
import type { DolValueSource } from "./dol.js";
import type { OdaMethod, OdaSession, OfflineAuthenticator } from "./offline-authentication.js";
import type { CardChannel } from "./transport.js";
import type { TvrBit, Verification } from "./tvr.js";

/** Book 3 §10.3: the method both sides support, in the order CDA, DDA, SDA; undefined for none. */
export function chooseOdaMethod(aip: Uint8Array, capabilities: Uint8Array): OdaMethod | undefined {
	const card = aip[0]!;
	const terminal = capabilities[2]!;
	if (card & 0x01 && terminal & 0x08) return "CDA";
	if (card & 0x20 && terminal & 0x40) return "DDA";
	if (card & 0x40 && terminal & 0x80) return "SDA";
	return undefined;
}

/**
 * Book 3 §10.3: the ODA records, then the AIP when the static data authentication tag list (9F4A) is 82;
 * a 9F4A naming anything else makes the data unusable (undefined: the method fails).
 */
export function staticDataToAuthenticate(records: readonly Uint8Array[], card: CardData, aip: Uint8Array): Uint8Array | undefined {
	const list = card.get(0x9f4a);
	if (list === undefined || list.length === 0) return concatBytes(...records);
	if (list.length === 1 && list[0] === 0x82) return concatBytes(...records, aip);
	return undefined;
}

const FAILED: Readonly<Record<OdaMethod, TvrBit>> = Object.freeze({
	SDA: "sdaFailed",
	DDA: "ddaFailed",
	CDA: "cdaFailed",
	fDDA: "ddaFailed",
});

export interface OdaRun {
	readonly aid: Uint8Array;
	readonly aip: Uint8Array;
	readonly capabilities: Uint8Array;
	readonly card: CardData;
	readonly records: readonly Uint8Array[];
	readonly channel: CardChannel;
	readonly terminal: DolValueSource;
	/** fDDA for a qPBOC offline approval instead of the contact choice. */
	readonly method?: OdaMethod;
}

/**
 * Book 3 §10.3: performs the chosen method and sets TVR byte 1 and TSI byte 1. The session is returned when
 * authentication succeeded (for CDA: the key recovery, with the signature still to check at GENERATE AC).
 */
export async function performOda(run: OdaRun, authenticator: OfflineAuthenticator, v: Verification): Promise<OdaSession | undefined> {
	const method = run.method ?? chooseOdaMethod(run.aip, run.capabilities);
	if (method === undefined) {
		v.set("odaNotPerformed");
		return undefined;
	}
	if (method === "SDA") v.set("sdaSelected");
	v.done("odaPerformed");
	const staticData = staticDataToAuthenticate(run.records, run.card, run.aip);
	if (staticData === undefined) {
		v.set(FAILED[method]);
		return undefined;
	}
	const result = await authenticator.authenticate({
		method,
		aid: run.aid,
		data: run.card,
		staticData,
		channel: run.channel,
		terminal: run.terminal,
	});
	if (result.ok) return result.value;
	if (result.error.kind === "missing-data") v.set("iccDataMissing");
	v.set(FAILED[method]);
	return undefined;
}
