// ICC master keys, session keys, application cryptograms and ARPCs against four independent public
// sources (test/support/emv-vectors.ts names each one): pyemv's HSM-checked tests, EFTlab's BP-Tools
// tutorial, an Atalla HSM simulator's sample, and a PBOC worked example. Key check values are compared on as many bytes as the source prints.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { ATALLA_SAMPLE, EFTLAB_UDK, PBOC_EXAMPLE, PYEMV } from "../../support/emv-vectors.js";
import { tdesCipher } from "../../../src/crypto/des.js";
import { atcDiversifier, commonSessionKey, iccMasterKey, pbocSessionKey, withOddParity } from "../../../src/emv/icc-keys.js";
import { applicationCryptogram, arpcMethod1, arpcMethod2, keyCheckValue } from "../../../src/emv/cryptograms.js";

function value<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
	if (!r.ok) throw new Error(`unexpected error ${JSON.stringify(r.error)}`);
	return r.value;
}

function kcv(key: Uint8Array, printed: string): void {
	assert.equal(toHex(keyCheckValue(key)).slice(0, printed.length), printed);
}

const IMK = hex(PYEMV.imk);

/** The common session key on R, checked by its KCV, and the ARQC over `data` under it, checked too. */
function sessionAndArqc(mk: Uint8Array, r: Uint8Array, skKcv: string, data: string, arqc: string): { sk: Uint8Array; arqc: Uint8Array } {
	const sk = commonSessionKey(mk, r);
	kcv(sk, skKcv);
	const ac = applicationCryptogram(sk, hex(data));
	assert.bytes(ac, arqc);
	return { sk, arqc: ac };
}

describe("EMV ICC master key derivation (Book 2 A1.4)", () => {
	it("option A: EFTlab's UDK, whole key with odd parity, and its 3-byte KCV", () => {
		const mk = value(iccMasterKey(hex(EFTLAB_UDK.mdk), EFTLAB_UDK.pan, EFTLAB_UDK.psn, "a"));
		assert.bytes(mk, EFTLAB_UDK.udk);
		assert.bytes(keyCheckValue(mk), EFTLAB_UDK.kcv);
		assert.bytes(withOddParity(mk), EFTLAB_UDK.udk, "already odd");
	});

	it("option A: pyemv's check values for a 16- and a 17-digit PAN", () => {
		kcv(IMK, PYEMV.imkKcv);
		kcv(value(iccMasterKey(IMK, PYEMV.optionA[0].pan, PYEMV.optionA[0].psn, "a")), PYEMV.optionA[0].mkKcv);
		kcv(value(iccMasterKey(IMK, PYEMV.acHsm.pan, PYEMV.acHsm.psn, "a")), PYEMV.acHsm.mkKcv);
	});

	it("option A: a PAN ‖ PSN shorter than 16 digits is zero-padded on the left", () => {
		// PBOC example: 13-digit PAN + PSN = 15 digits → Y = 0 6228000100001 01. Checked through its ARQC below;
		// here against Y written out by hand.
		const y = hex("0622800010000101");
		const c = tdesCipher(hex(PBOC_EXAMPLE.imkAc));
		const z = new Uint8Array(16);
		c.encryptBlock(y, 0, z, 0);
		c.encryptBlock(
			y.map((b) => b ^ 0xff),
			0,
			z,
			8,
		);
		assert.bytes(value(iccMasterKey(hex(PBOC_EXAMPLE.imkAc), PBOC_EXAMPLE.pan, PBOC_EXAMPLE.psn, "a")), toHex(withOddParity(z)));
	});

	it("option B: pyemv's check values for 17- and 18-digit PANs, and a digest short of decimal digits", () => {
		for (const v of PYEMV.optionB) kcv(value(iccMasterKey(IMK, v.pan, v.psn, "b")), v.mkKcv);
		const s = PYEMV.optionBShaPad;
		kcv(value(iccMasterKey(IMK, s.pan, s.psn, "b")), s.mkKcv);
	});

	it("option B is option A for PANs of 16 digits or fewer", () => {
		const v = PYEMV.optionB[0];
		assert.deepEqual(value(iccMasterKey(IMK, v.pan, v.psn, "b")), value(iccMasterKey(IMK, v.pan, v.psn, "a")));
		assert.notDeepEqual(
			value(iccMasterKey(IMK, PYEMV.optionB[1].pan, PYEMV.optionB[1].psn, "b")),
			value(iccMasterKey(IMK, PYEMV.optionB[1].pan, PYEMV.optionB[1].psn, "a")),
		);
	});

	it("rejects a PAN that is not 1–19 digits and a PSN that is not 2 digits, as values", () => {
		for (const pan of ["", "12345678901234567890", "1234 5678", "12345678901234X"])
			for (const option of ["a", "b"] as const)
				assert.deepEqual(iccMasterKey(IMK, pan, "00", option), { ok: false, error: { kind: "pan" } });
		for (const psn of ["", "1", "001", "A1"])
			assert.deepEqual(iccMasterKey(IMK, "1234567890123456", psn, "a"), { ok: false, error: { kind: "psn" } });
	});
});

describe("EMV session keys and cryptograms (Book 2 A1.2, A1.3)", () => {
	it("pyemv option A: common session key, ARQC, ARPC method 1 under the ICC MK and under the session key", () => {
		for (const v of PYEMV.optionA) {
			const mk = value(iccMasterKey(IMK, v.pan, v.psn, "a"));
			const { arqc } = sessionAndArqc(mk, hex(PYEMV.r), v.skKcv, PYEMV.acData, v.arqc);
			assert.bytes(arpcMethod1(mk, arqc, hex("0000")), v.arpc1Mk);
		}
		const mk = value(iccMasterKey(IMK, PYEMV.optionA[0].pan, PYEMV.optionA[0].psn, "a"));
		const sk = commonSessionKey(mk, hex(PYEMV.r));
		assert.bytes(arpcMethod1(sk, hex(PYEMV.optionA[0].arqc), hex("0000")), PYEMV.arpc1Session);
	});

	it("pyemv option B: session key, ARQC and ARPC method 2 (CSU, with and without proprietary data)", () => {
		for (const v of PYEMV.optionB) {
			const { sk, arqc } = sessionAndArqc(value(iccMasterKey(IMK, v.pan, v.psn, "b")), hex(PYEMV.r), v.skKcv, PYEMV.acData, v.arqc);
			assert.bytes(arpcMethod2(sk, arqc, hex("00000000")), v.arpc2);
		}
		const s = PYEMV.optionBShaPad;
		const mk = value(iccMasterKey(IMK, s.pan, s.psn, "b"));
		const { sk, arqc } = sessionAndArqc(mk, atcDiversifier(hex(s.atc)), s.skKcv, s.acData, s.arqc);
		assert.bytes(arpcMethod2(sk, arqc, hex(s.csu), hex(s.proprietary)), s.arpc2);
	});

	it("pyemv HSM tests: EMV padding, both ARPC methods, Visa CVN 18 and CVN 10", () => {
		const a = PYEMV.acHsm;
		const mk = value(iccMasterKey(IMK, a.pan, a.psn, "a"));
		const { sk, arqc } = sessionAndArqc(mk, hex(PYEMV.r), a.skKcv, PYEMV.acData, a.arqc);
		assert.bytes(arpcMethod1(mk, arqc, hex("0000")), a.arpc1Mk);
		assert.bytes(arpcMethod2(sk, arqc, hex("00000000")), a.arpc2);
		assert.bytes(arpcMethod2(sk, arqc, hex("00000000"), hex(a.arpc2WithProprietary.proprietary)), a.arpc2WithProprietary.arpc);

		const v = PYEMV.visaCvn18;
		const mk18 = value(iccMasterKey(IMK, v.pan, v.psn, "b"));
		kcv(mk18, v.mkKcv);
		const cvn18 = sessionAndArqc(mk18, atcDiversifier(hex(v.atc)), v.skKcv, v.acData, v.arqc);
		assert.bytes(arpcMethod2(cvn18.sk, cvn18.arqc, hex("00000000")), v.arpc2);

		const c10 = PYEMV.visaCvn10;
		assert.bytes(arpcMethod1(mk18, hex(c10.arqc), hex(c10.arc)), c10.arpc1Mk, "CVN 10: option A MK (= option B for 16 digits)");
	});

	it("the Atalla sample: option A, the common session key's check digits, ARPC method 2", () => {
		const a = ATALLA_SAMPLE;
		const sk = commonSessionKey(value(iccMasterKey(hex(a.imk), a.pan, a.psn, "a")), hex(a.r));
		kcv(sk, a.skKcv);
		assert.bytes(arpcMethod2(sk, hex(a.arqc), hex(a.csu)), a.arpc2);
	});

	it("the PBOC example: option A, the PBOC session key on the ATC, its ARQC and ARPC method 1", () => {
		const p = PBOC_EXAMPLE;
		const mk = value(iccMasterKey(hex(p.imkAc), p.pan, p.psn, "a"));
		const sk = pbocSessionKey(mk, hex(p.atc));
		const arqc = applicationCryptogram(sk, hex(p.acData));
		assert.bytes(arqc, p.arqc);
		assert.bytes(arpcMethod1(sk, arqc, hex(p.arc)), p.arpc);
	});

	it("derives the session key halves as A1.3.1 and the PBOC rule write them (property)", () => {
		const mk = value(iccMasterKey(IMK, "6228480000000000018", "01", "a"));
		const c = tdesCipher(mk);
		const block = (text: string): string => {
			const b = hex(text);
			c.encryptBlock(b, 0, b, 0);
			return toHex(b);
		};
		assert.bytes(commonSessionKey(mk, atcDiversifier(hex("1234"))), block("1234F00000000000") + block("12340F0000000000"));
		assert.bytes(pbocSessionKey(mk, hex("1234")), block("0000000000001234") + block("000000000000EDCB"));
	});

	it("ARPC method 1 decrypts to ARQC ⊕ (ARC ‖ 0…0), and method 2 is the MAC's leftmost 4 bytes (properties)", () => {
		const key = hex("0123456789ABCDEFFEDCBA9876543210");
		const arqc = hex("1122334455667788");
		const arpc = arpcMethod1(key, arqc, hex("3030"));
		const back = new Uint8Array(8);
		tdesCipher(key).decryptBlock(arpc, 0, back, 0);
		assert.bytes(back, "2112334455667788");
		const mac = applicationCryptogram(key, hex("1122334455667788" + "00800000" + "AABB"));
		assert.bytes(arpcMethod2(key, arqc, hex("00800000"), hex("AABB")), toHex(mac.subarray(0, 4)));
	});

	it("rejects ill-sized ARQC, ARC, CSU and proprietary data as programming errors", () => {
		const key = hex("0123456789ABCDEFFEDCBA9876543210");
		assert.throws(() => arpcMethod1(key, hex("11223344"), hex("3030")), RangeError);
		assert.throws(() => arpcMethod1(key, hex("1122334455667788"), hex("30")), RangeError);
		assert.throws(() => arpcMethod2(key, hex("1122334455667788"), hex("000000")), RangeError);
		assert.throws(() => arpcMethod2(key, hex("1122334455667788"), hex("00000000"), new Uint8Array(9)), RangeError);
		assert.throws(() => atcDiversifier(hex("01")), RangeError);
		assert.throws(() => commonSessionKey(key, hex("01")), RangeError);
		assert.throws(() => pbocSessionKey(key, hex("010203")), RangeError);
	});
});
