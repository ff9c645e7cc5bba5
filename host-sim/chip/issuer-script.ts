// Issuer script commands with secure messaging, the issuer's side and the card's check (EMV 4.3 Book 2 §9.2:
// the MAC of ISO/IEC 9797-1 algorithm 3, padding method 2, over CLA INS P1 P2 Lc ‖ ATC ‖ the application
// cryptogram of the transaction ‖ the command data, its leftmost 4 bytes appended to the data; JR/T 0025.5
// §7.10 keeps this for PBOC), under the session key of the card's MAC key set (the issuer's MAC master key, not
// its AC one). Platform-free.
//
// Public API: SCRIPT_MAC_LENGTH, scriptMac, scriptSessionKey, issuerScriptCommand.

import { concatBytes } from "../../src/crypto/bytes.js";
import { applicationCryptogram } from "../../src/emv/cryptograms.js";
import { iccMasterKey, pbocSessionKey } from "../../src/emv/icc-keys.js";

export const SCRIPT_MAC_LENGTH = 4;

/** The MAC of a script command whose header is CLA INS P1 P2 and whose data (before the MAC) is `data`. */
export function scriptMac(key: Uint8Array, header: Uint8Array, atc: Uint8Array, cryptogram: Uint8Array, data: Uint8Array): Uint8Array {
	const lc = data.length + SCRIPT_MAC_LENGTH;
	return applicationCryptogram(key, concatBytes(header, Uint8Array.of(lc), atc, cryptogram, data)).slice(0, SCRIPT_MAC_LENGTH);
}

/** The MAC session key of the card with this PAN and PSN on this ATC, from the issuer master key. */
export function scriptSessionKey(imk: Uint8Array, pan: string, psn: string, atc: Uint8Array): Uint8Array {
	const mk = iccMasterKey(imk, pan, psn, "a");
	if (!mk.ok) throw new RangeError(`PAN or PSN unusable for key derivation (${mk.error.kind})`);
	return pbocSessionKey(mk.value, atc);
}

/** An 86's value: CLA INS P1 P2 Lc data ‖ MAC (secure messaging, CLA 84). */
export function issuerScriptCommand(
	key: Uint8Array,
	header: Uint8Array,
	atc: Uint8Array,
	cryptogram: Uint8Array,
	data: Uint8Array,
): Uint8Array {
	const mac = scriptMac(key, header, atc, cryptogram, data);
	return concatBytes(header, Uint8Array.of(data.length + SCRIPT_MAC_LENGTH), data, mac);
}
