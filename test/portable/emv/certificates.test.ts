// Certificate recovery and signature checks (EMV 4.3 Book 2 §5–6) against public vectors: emv-tools' SDA, DDA
// and CDA test cards under the A000000003/01 and A000000004/05 test CA keys (test/support/oda-vectors.ts names
// the source), then each check of Book 2 made to fail by changing one input.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { EMV_TOOLS_CDA, EMV_TOOLS_DDA, EMV_TOOLS_SDA, type PublicCaKey } from "../../support/oda-vectors.js";
import {
	expiryPassed,
	recoverIccKey,
	recoverIssuerKey,
	recoverSignedDynamicData,
	recoverSignedStaticData,
} from "../../../src/emv/certificates.js";
import { CardData } from "../../../src/emv/card-data.js";
import { EmvOfflineAuthenticator, caKeyList } from "../../../src/emv/oda.js";
import type { CaPublicKey, OdaFailure } from "../../../src/emv/offline-authentication.js";
import type { Tlv } from "../../../src/emv/tlv.js";
import type { Result } from "../../../hal/result.js";

function ca(k: PublicCaKey): CaPublicKey {
	return { rid: hex(k.rid), index: k.index, modulus: hex(k.modulus), exponent: hex(k.exponent) };
}

function value<T>(r: Result<T, OdaFailure>): T {
	if (!r.ok) throw new Error(`unexpected failure ${JSON.stringify(r.error)}`);
	return r.value;
}

function failure<T>(r: Result<T, OdaFailure>): OdaFailure {
	if (r.ok) throw new Error("expected a failure");
	return r.error;
}

function flip(h: string, at: number): Uint8Array {
	const b = hex(h);
	b[at] ^= 0x01;
	return b;
}

const SDA = EMV_TOOLS_SDA;
const DDA = EMV_TOOLS_DDA;
const CDA = EMV_TOOLS_CDA;
const SDA_DATE = hex("091231");
const DDA_DATE = hex("150630");

function sdaIssuer(date = SDA_DATE, cert = hex(SDA.issuerCertificate)) {
	return recoverIssuerKey(ca(SDA.ca), cert, hex(SDA.issuerRemainder), hex(SDA.issuerExponent), hex(SDA.pan), { transactionDate: date });
}

function ddaIssuer() {
	return value(
		recoverIssuerKey(ca(DDA.ca), hex(DDA.issuerCertificate), hex(DDA.issuerRemainder), hex(DDA.issuerExponent), hex(DDA.pan), {
			transactionDate: DDA_DATE,
		}),
	);
}

function ddaIcc(staticData = hex(DDA.staticData), date = DDA_DATE) {
	return recoverIccKey(ddaIssuer(), hex(DDA.iccCertificate), undefined, hex(DDA.iccExponent), hex(DDA.pan), staticData, date);
}

describe("EMV certificates: emv-tools' public vectors (Book 2 §5.3, §5.4, §6.3, §6.4, §6.5, §6.6)", () => {
	it("SDA: the issuer key from 90 + 92 under test CA A000000003/01, then 93 gives the data authentication code", () => {
		const issuer = value(sdaIssuer());
		assert.equal(toHex(issuer.issuerIdentifier), SDA.issuerIdentifier);
		assert.equal(toHex(issuer.expiry), SDA.issuerExpiry);
		assert.equal(toHex(issuer.serial), SDA.issuerSerial);
		// 128 bytes: the certificate's 92 leftmost bytes and the 36-byte remainder.
		assert.equal(issuer.modulus.length, 128);
		assert.bytes(issuer.modulus.subarray(128 - 36), SDA.issuerRemainder);
		const dac = value(recoverSignedStaticData(issuer, hex(SDA.signedStaticData), hex(SDA.staticData)));
		assert.bytes(dac, SDA.dataAuthenticationCode);
	});

	it("DDA: issuer key under test CA A000000004/05, ICC key from 9F46 over the static data, the SDAD over the DDOL data", () => {
		const issuer = ddaIssuer();
		assert.equal(toHex(issuer.issuerIdentifier), DDA.issuerIdentifier);
		assert.equal(toHex(issuer.expiry), DDA.issuerExpiry);
		assert.equal(toHex(issuer.serial), DDA.issuerSerial);
		assert.equal(issuer.modulus.length, 176);
		const icc = value(ddaIcc());
		assert.equal(toHex(icc.pan), `${DDA.pan}FFFF`);
		assert.equal(toHex(icc.expiry), DDA.iccExpiry);
		assert.equal(toHex(icc.serial), DDA.iccSerial);
		assert.equal(icc.modulus.length, DDA.iccModulusLength);
		const dynamic = value(recoverSignedDynamicData(icc, hex(DDA.signedDynamicData), hex(DDA.ddolData)));
		assert.bytes(dynamic, `08${DDA.iccDynamicNumber}`);
	});

	it("CDA: the authenticator recovers the keys, then verifyCda checks 9F4B, the CID and the transaction data hash", async () => {
		const data = new CardData();
		const t = (tag: number, v: string): Tlv => ({ tag, value: hex(v) });
		data.add([
			t(0x8f, "05"),
			t(0x90, DDA.issuerCertificate),
			t(0x92, DDA.issuerRemainder),
			t(0x9f32, DDA.issuerExponent),
			t(0x5a, DDA.pan),
			t(0x9f46, DDA.iccCertificate),
			t(0x9f47, DDA.iccExponent),
		]);
		const oda = new EmvOfflineAuthenticator({ caKeys: caKeyList([ca(DDA.ca)]) });
		const session = value(
			await oda.authenticate({
				method: "CDA",
				aid: hex("A0000000041010"),
				data,
				staticData: hex(DDA.staticData),
				channel: { protocol: "T=1", exchange: () => Promise.reject(new Error("CDA sends nothing before GENERATE AC")) },
				terminal: (tag) => (tag === 0x9a ? DDA_DATE : undefined),
			}),
		);
		const answer = [t(0x9f27, CDA.cid), t(0x9f36, CDA.atc), t(0x9f4b, CDA.signedDynamicData), t(0x9f10, CDA.iad)];
		const input = {
			session,
			answer,
			pdolData: new Uint8Array(0),
			cdolData: hex(CDA.cdolData),
			unpredictableNumber: hex(CDA.unpredictableNumber),
		};
		const result = value(oda.verifyCda(input));
		assert.bytes(result.cryptogram, CDA.cryptogram);
		assert.equal(result.cryptogramInformation, 0x40);
		assert.bytes(result.iccDynamicNumber, CDA.iccDynamicNumber);

		// The CID answered must be the one signed; the CDOL data must be what the card hashed; so must the IAD.
		const arqc = [t(0x9f27, "80"), ...answer.slice(1)];
		assert.deepEqual(failure(oda.verifyCda({ ...input, answer: arqc })), {
			kind: "signature",
			step: 5,
			detail: "9F27 differs from the signed CID",
		});
		assert.equal(failure(oda.verifyCda({ ...input, cdolData: flip(CDA.cdolData, 0) })).kind, "signature");
		assert.deepEqual(failure(oda.verifyCda({ ...input, answer: [...answer.slice(0, 3), t(0x9f10, `${CDA.iad.slice(0, -2)}FE`)] })), {
			kind: "signature",
			step: 9,
			detail: "transaction data hash code differs",
		});
		assert.deepEqual(failure(oda.verifyCda({ ...input, unpredictableNumber: hex("12345778") })), {
			kind: "signature",
			step: 7,
			detail: "hash differs",
		});
		assert.deepEqual(failure(oda.verifyCda({ ...input, answer: answer.filter((o) => o.tag !== 0x9f4b) })), {
			kind: "missing-data",
			tags: [0x9f4b],
		});
	});
});

describe("EMV certificates: each check of Book 2 fails on its own", () => {
	it("issuer certificate: wrong length (step 1), a changed byte (trailer, header or hash), the wrong CA key", () => {
		assert.deepEqual(failure(sdaIssuer(SDA_DATE, hex(SDA.issuerCertificate).subarray(1))), {
			kind: "issuer-certificate",
			step: 1,
			detail: "127 bytes where the key's modulus has 128",
		});
		const bad = failure(sdaIssuer(SDA_DATE, flip(SDA.issuerCertificate, 64)));
		assert.equal(bad.kind, "issuer-certificate");
		assert.ok(bad.kind === "issuer-certificate" && bad.step >= 2 && bad.step <= 7);
		const wrongCa = recoverIssuerKey(ca(DDA.ca), hex(SDA.issuerCertificate), undefined, hex("03"), hex(SDA.pan), {
			transactionDate: SDA_DATE,
		});
		assert.equal(failure(wrongCa).kind, "issuer-certificate");
	});

	it("issuer certificate: the remainder is part of the hash (step 7), and absent it is missing data (92)", () => {
		const other = recoverIssuerKey(ca(SDA.ca), hex(SDA.issuerCertificate), flip(SDA.issuerRemainder, 3), hex("03"), hex(SDA.pan), {
			transactionDate: SDA_DATE,
		});
		assert.deepEqual(failure(other), { kind: "issuer-certificate", step: 7, detail: "hash differs" });
		const none = recoverIssuerKey(ca(SDA.ca), hex(SDA.issuerCertificate), undefined, hex("03"), hex(SDA.pan), {
			transactionDate: SDA_DATE,
		});
		assert.deepEqual(failure(none), { kind: "missing-data", tags: [0x92] });
	});

	it("issuer certificate: the issuer identifier against the PAN (step 8), expiry (9), revocation (10)", () => {
		const otherPan = recoverIssuerKey(
			ca(SDA.ca),
			hex(SDA.issuerCertificate),
			hex(SDA.issuerRemainder),
			hex("03"),
			hex("4276560000000000"),
			{
				transactionDate: SDA_DATE,
			},
		);
		assert.deepEqual(failure(otherPan), {
			kind: "issuer-certificate",
			step: 8,
			detail: "issuer identifier 427655FF is not the PAN's leftmost digits",
		});
		// Valid through 31 December 2009: the first of January 2010 is past it.
		assert.deepEqual(failure(sdaIssuer(hex("100101"))), {
			kind: "issuer-certificate",
			step: 9,
			detail: "expired 1209 (MMYY) before 100101",
		});
		const revoked = recoverIssuerKey(ca(SDA.ca), hex(SDA.issuerCertificate), hex(SDA.issuerRemainder), hex("03"), hex(SDA.pan), {
			transactionDate: SDA_DATE,
			revoked: (rid, index, serial) => toHex(rid) === "A000000003" && index === 1 && toHex(serial) === SDA.issuerSerial,
		});
		assert.deepEqual(failure(revoked), { kind: "issuer-certificate", step: 10, detail: "certificate 0042B3 revoked" });
	});

	it("ICC certificate: the static data is in the hash (step 7), the PAN must be 5A (8), expiry (9)", () => {
		const changed = hex(DDA.staticData);
		changed[changed.length - 1] ^= 0x40;
		assert.deepEqual(failure(ddaIcc(changed)), { kind: "icc-certificate", step: 7, detail: "hash differs" });
		const otherPan = recoverIccKey(
			ddaIssuer(),
			hex(DDA.iccCertificate),
			undefined,
			hex("03"),
			hex("5285881254345654"),
			hex(DDA.staticData),
			DDA_DATE,
		);
		assert.deepEqual(failure(otherPan), { kind: "icc-certificate", step: 8, detail: "PAN 5285881254345653FFFF is not 5A" });
		assert.deepEqual(failure(ddaIcc(hex(DDA.staticData), hex("150701"))), {
			kind: "icc-certificate",
			step: 9,
			detail: "expired 0615 (MMYY) before 150701",
		});
	});

	it("signed data: SSAD over other static data, SDAD over other DDOL data, a certificate given as a signature", () => {
		const issuer = value(sdaIssuer());
		assert.deepEqual(failure(recoverSignedStaticData(issuer, hex(SDA.signedStaticData), hex("5C00"))), {
			kind: "signature",
			step: 7,
			detail: "hash differs",
		});
		const icc = value(ddaIcc());
		assert.deepEqual(failure(recoverSignedDynamicData(icc, hex(DDA.signedDynamicData), hex("00000001"))), {
			kind: "signature",
			step: 7,
			detail: "hash differs",
		});
		// The ICC certificate recovers under the issuer key with format 04, not the SSAD's 03.
		assert.deepEqual(failure(recoverSignedStaticData(ddaIssuer(), hex(DDA.iccCertificate), new Uint8Array(0))), {
			kind: "signature",
			step: 4,
			detail: "format 04, not 03",
		});
	});

	it("expiry: the last day of MMYY, years 00–49 as 20YY and 50–99 as 19YY, not-a-date as undefined", () => {
		assert.equal(expiryPassed(hex("1249"), hex("491231")), false);
		assert.equal(expiryPassed(hex("1249"), hex("500101")), false, "1950 is before 2049");
		assert.equal(expiryPassed(hex("0199"), hex("000101")), true);
		assert.equal(expiryPassed(hex("1325"), hex("250101")), undefined);
		assert.equal(expiryPassed(hex("0125"), hex("2A0101")), undefined);
	});
});
