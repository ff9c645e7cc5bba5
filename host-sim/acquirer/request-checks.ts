// The issuer's checks of a financial request, as the simulated acquirer makes them: encrypted tracks
// opened under the session TDK (53.3 = 1), the card's account and status, and the PIN block of field 52
// (ISO 9564-1 format 0 under the session PIK, or under a DUKPT key of the KSN, ANSI X9.24-1). A failed check
// throws a Decline, which the engine answers with its code.

import { hexToBytes } from "../../src/factory/hex-text.js";
import type { AccountConfig, AcquirerConfig, TerminalConfig } from "./acquirer-config.js";
import type { AcquirerBooks, TerminalBooks } from "./acquirer-state.js";
import { decryptTrack, dukptPinKey, pinFromBlock } from "./host-crypto.js";
import type { WireMessage } from "./wire-decoder.js";

export const hexBytes = (hex: string) => hexToBytes(hex) ?? new Uint8Array(0);

/** A request refused: the response code and the log's note. */
export class Decline {
	constructor(
		readonly code: string,
		readonly note: string,
		/** Fields the answer carries even so (a chip card's field 55). */
		readonly fields: readonly [string, Uint8Array][] = [],
	) {}
}

export const decline = (code: string, note: string): never => {
	throw new Decline(code, note);
};

/** The request with tracks 2 and 3 decrypted under the session TDK when 53.3 = 1 (the MAC covered the ciphertext). */
export function clearTracks(request: WireMessage, books: TerminalBooks): WireMessage {
	const f = request.fields;
	if (f["53"]?.[2] !== "1") return request;
	if (!books.tdk) return decline("99", "tracks encrypted (53.3 = 1) but no TDK was issued at sign-in (60.3 004)");
	const tdk = hexBytes(books.tdk);
	const clear: Record<string, string> = { ...f };
	try {
		for (const field of ["35", "36"]) {
			if (f[field] === undefined) continue;
			const track = decryptTrack(tdk, f[field]!);
			if (track === undefined || !/^[0-9]+=[0-9=]*$/.test(track))
				return decline("30", `field ${field} does not decrypt to track data under the TDK`);
			clear[field] = track;
		}
	} finally {
		tdk.fill(0);
	}
	return { ...request, fields: clear };
}

/** The card's account, refused as the issuer would: unknown, lost, stolen, restricted, PIN tries used, expired, chip swiped. */
export function cardAccount(
	request: WireMessage,
	config: AcquirerConfig,
	books: AcquirerBooks,
	yymm: string,
): { pan: string; account: AccountConfig } {
	const f = request.fields;
	const pan = f["2"] ?? f["35"]?.split("=")[0];
	if (pan === undefined) return decline("30", "no PAN in 2 or 35");
	const account = config.accounts.find((a) => a.pan === pan);
	if (!account) return decline("14", "unknown card number");
	const expiry = f["14"] ?? f["35"]?.split("=")[1]?.slice(0, 4);
	if (account.status === "lost") decline("41", "lost card");
	if (account.status === "stolen") decline("43", "stolen card");
	if (account.status === "restricted") decline("62", "restricted card");
	if (account.status === "blocked") decline("62", "blocked card");
	if (books.accounts[pan]!.pinTriesLeft <= 0) decline("75", "PIN tries exhausted");
	if (account.status === "expired" || account.expiry < yymm || (expiry !== undefined && expiry !== account.expiry))
		decline("54", "expired card");
	// A chip card (service code 2xx/6xx) swiped without a fallback flag in 60.5 must use its chip.
	const serviceCode = f["35"]?.split("=")[1]?.slice(4, 5);
	if (f["22"]?.startsWith("02") && (serviceCode === "2" || serviceCode === "6") && (f["60"]?.[12] ?? "0") === "0")
		decline("45", "chip card swiped without fallback");
	return { pan, account };
}

/**
 * Verifies field 52 against the account's PIN: format 0 under the session PIK, or under the TDES DUKPT
 * PIN key of the KSN in field 62 (10 bytes) when the terminal has a BDK. `required` for balance inquiries.
 */
export function checkPin(
	request: WireMessage,
	terminal: TerminalConfig,
	pan: string,
	account: AccountConfig,
	required: boolean,
	books: AcquirerBooks,
): void {
	const block = request.fields["52"];
	if (block === undefined) {
		if (required) decline("55", "PIN required");
		return;
	}
	const ksn = request.fields["62"];
	let key: Uint8Array;
	if (ksn !== undefined && ksn.length === 20) {
		if (!terminal.dukptBdk) return decline("99", "DUKPT PIN block from a terminal without a BDK");
		key = dukptPinKey(terminal.dukptBdk, hexBytes(ksn));
	} else key = hexBytes(books.terminals[terminal.terminalId]!.pik!);
	const pin = pinFromBlock(key, hexBytes(block), pan);
	key.fill(0);
	if (pin === undefined) decline("99", "PIN block does not decode (wrong PIK or format)");
	const state = books.accounts[pan]!;
	if (pin !== account.pin) {
		state.pinTriesLeft--;
		decline(state.pinTriesLeft <= 0 ? "75" : "55", `incorrect PIN, ${state.pinTriesLeft} tries left`);
	}
	state.pinTriesLeft = account.pinTries;
}
