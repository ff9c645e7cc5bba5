import { assert } from "../../support/assert.js";
import { hex } from "../../support/hex.js";
import { secureUnit } from "../../support/secure-unit.js";
import { PUBLIC_TRACK_EXAMPLE as TRACKS } from "../../support/public-tracks.js";
import { DEFAULT_TERMINAL_KEYS } from "../../../host-sim/keys/default-keys.js";
import { tdesCipher } from "../../../src/crypto/des.js";
import { wrapSignInKeys } from "../../../src/keys/unionpay-working-keys.js";
import { protectTracks } from "../../../src/app/track-protection.js";
import type { SecureElement } from "../../../hal/secure-element.js";
import type { CardRead } from "../../../src/iso8583/requests.js";

function signIn(secure: SecureElement, tdk?: Uint8Array): void {
	const tmk = secure.key("tmk", "kek");
	assert.ok(tmk.ok);
	const keys = { pik: hex("0123456789ABCDEFFEDCBA9876543210"), mak: hex("2222222222222222"), ...(tdk ? { tdk } : {}) };
	assert.ok(secure.loadWorkingKeys(tmk.value, wrapSignInKeys(tdesCipher(DEFAULT_TERMINAL_KEYS.tmk), keys)).ok);
}

describe("track protection for the online request (53.3)", () => {
	const swiped: CardRead = { entryMode: "magstripe", track2: TRACKS.track2, track3: TRACKS.track3 };

	it("encrypts tracks 2 and 3 under the TDK by reference: the published example's blocks, nibble D shown as '='", () => {
		const { hal } = secureUnit();
		signIn(hal.secure, hex(TRACKS.tdk));
		const sealed = protectTracks(hal.secure, swiped, true);
		assert.ok(sealed.ok, JSON.stringify(sealed));
		assert.equal(sealed.value.tracksEncrypted, true);
		assert.equal(sealed.value.card.track2, TRACKS.encrypted2.slice(0, TRACKS.track2.length).replace(/D/g, "="));
		assert.equal(sealed.value.card.track2, "1234567890123456789=05CFF96EA99C9=37A12");
		assert.equal(sealed.value.card.track3, TRACKS.encrypted3.slice(0, TRACKS.track3.length).replace(/D/g, "="));
		assert.equal(swiped.track2, TRACKS.track2, "the card read is not changed in place");
	});

	it("leaves a card without tracks, or an acquirer without track encryption, in clear and unflagged", () => {
		const { hal } = secureUnit();
		signIn(hal.secure, hex(TRACKS.tdk));
		const manual: CardRead = { entryMode: "manual", pan: "6222021234567890123", expiry: "3012" };
		assert.deepEqual(protectTracks(hal.secure, manual, true), { ok: true, value: { card: manual, tracksEncrypted: false } });
		assert.deepEqual(protectTracks(hal.secure, swiped, false), { ok: true, value: { card: swiped, tracksEncrypted: false } });
	});

	it("refuses to send tracks when encryption is asked for and no TDK came with the sign-in", () => {
		const { hal } = secureUnit();
		signIn(hal.secure);
		assert.deepEqual(protectTracks(hal.secure, swiped, true), { ok: false, error: { kind: "key-missing", slot: "tdk" } });
	});
});
