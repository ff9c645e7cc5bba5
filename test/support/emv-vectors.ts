// Public EMV / PBOC worked examples for the tests of src/emv, each with where it was published. Hex is
// upper case; key check values are as long as the source prints them (compare that many leading bytes).

/** pyemv (github.com/knovichikhin/pyemv), whose *_hsm tests state their values were checked on an HSM. */
export const PYEMV = {
	source: "knovichikhin/pyemv tests/test_kd_hsm.py, tests/test_ac_hsm.py, tests/test_cvn_hsm.py",
	imk: "0123456789ABCDEFFEDCBA9876543210",
	imkKcv: "08D7",
	/** test_kd_hsm.py test_derive_icc_mk_a_psn / _no_psn / test_derive_common_sk: option A, R given directly. */
	optionA: [
		{ pan: "12345678901234567", psn: "45", mkKcv: "FF08", skKcv: "DF82", arqc: "19C1FBC83EBDC0D5", arpc1Mk: "78A372523FA35A03" },
		{ pan: "12345678901234567", psn: "00", skKcv: "3F4F", arqc: "8698A7319324FD93", arpc1Mk: "BEA11C8F4A47EF6F" },
	],
	/** R and the data the AC is computed over in the option A/B tests above and below. */
	r: "1234567890123456",
	acData: "0123456789ABCDEF0123456789ABCDEF",
	/** test_derive_common_sk: ARPC method 1 (ARC 0000) under the session key of optionA[0]. */
	arpc1Session: "C3620580668E5B65",
	/** test_kd_hsm.py, option B: ARPC method 2 under the session key, CSU 00000000, no proprietary data. */
	optionB: [
		{ pan: "1234567890123456", psn: "00", mkKcv: "BAB0", skKcv: "BC19", arqc: "0CE77D211CB5459A", arpc2: "8CD9AA5D" },
		{ pan: "12345678901234567", psn: "45", mkKcv: "0BAF", skKcv: "4262", arqc: "5760EE07B4FA65D1", arpc2: "106B81D9" },
		{ pan: "12345678901234567", psn: "00", mkKcv: "4626", skKcv: "7F36", arqc: "0BAA251EA8989442", arpc2: "C1C41F3A" },
		{ pan: "123456789012345679", psn: "00", mkKcv: "C2F3", skKcv: "7C35", arqc: "DC95BCE3EBBE0296", arpc2: "ECCA0C4B" },
	],
	/** test_derive_icc_mk_b_sha_pad: the SHA-1 digest has fewer than 16 decimal digits; R = ATC 001C ‖ 0…. */
	optionBShaPad: {
		pan: "000000000000000005",
		psn: "23",
		atc: "001C",
		mkKcv: "DD73",
		skKcv: "04F8",
		acData: "0000000040000000000000000124800004800001241911050152BF45851800001C06011203A0B800",
		arqc: "8CAD6F2489C640B1",
		csu: "00000000",
		proprietary: "12345678",
		arpc2: "E39F1876",
	},
	/** test_ac_hsm.py: option A, EMV (80) padding, ARPC method 1 under the ICC MK and method 2 under the session key. */
	acHsm: {
		pan: "9901234567890123",
		psn: "45",
		mkKcv: "1DA5",
		skKcv: "0995",
		arqc: "4B46013359B7A58B",
		arpc1Mk: "F8C9CECAABD55AD1",
		arpc2WithProprietary: { proprietary: "1234567890ABCDEF", arpc: "4962B76C" },
		arpc2: "7DFB1188",
	},
	/** test_cvn_hsm.py test_visa_cvn18: common session key on ATC 001C; ARPC method 2 with CSU 00000000. */
	visaCvn18: {
		pan: "1234567890123456",
		psn: "00",
		atc: "001C",
		mkKcv: "BAB0",
		skKcv: "22C8",
		// The values of 9F02 9F03 9F1A 95 5F2A 9A 9C 9F37 82 9F36 9F10 concatenated, as pyemv VisaCVN18.generate_ac does.
		acData:
			"000000004000" +
			"000000000000" +
			"0124" +
			"8000048000" +
			"0124" +
			"191105" +
			"01" +
			"52BF4585" +
			"1800" +
			"001C" +
			"06011203A0B800",
		arqc: "7A788EA6B8A3E733",
		arpc2: "9AF514C1",
	},
	/** test_cvn_hsm.py test_visa_cvn10: ARPC method 1 under the ICC MK itself, ARC "00" in ASCII. */
	visaCvn10: { arqc: "29CCA15AE665FA2E", arc: "3030", arpc1Mk: "28993816AFAE4AEB" },
} as const;

/**
 * The "Atalla sample" of futehkao/elements (an Atalla HSM simulator),
 * security/src/test/java/net/e6tech/elements/security/hsm/atalla/simulator/VisaCVN18ARQCTest.java
 * (testAtallaSample): option A, the common session key on R as given (the command's result carries its check
 * digits), ARPC method 2 over the sample's ARQC with CSU 00008000. Its ARQC is taken as given, not recomputed
 * there, so only the keys and the ARPC are checked.
 */
export const ATALLA_SAMPLE = {
	imk: "0123456789ABCDEFFEDCBA9876543210",
	pan: "9990123456789012",
	psn: "45",
	r: "1234567890123456",
	skKcv: "A4EC",
	arqc: "6513D2FC43696694",
	csu: "00008000",
	arpc2: "44A67041",
} as const;

/**
 * EFTlab, "BP-Tools: Cryptographic Calculator – EMV menu" (https://www.eftlab.com/tutorials/cryptographic-calculator-emv-menu),
 * UDK derivation, option A, odd parity: the whole derived key is printed.
 */
export const EFTLAB_UDK = {
	mdk: "0123456789ABCDEF0123456789ABCDEF",
	pan: "43219876543210987",
	psn: "00",
	udk: "C8B507136D921FD05864C81F79F2D30B",
	kcv: "0DA897",
} as const;

/**
 * "金融IC卡 ARQC和ARPC计算方法和实例" (financial IC card ARQC and ARPC: method and example), a PBOC worked example
 * republished at https://www.cnblogs.com/1024Planet/p/6256545.html and https://www.shuzhiduo.com/A/1O5Eeo3r57:
 * option A master key, the PBOC session key, the AC over CDOL1 data ‖ AIP ‖ ATC ‖ CVR, ARPC method 1 with ARC "01".
 */
export const PBOC_EXAMPLE = {
	imkAc: "F0C34A8124CEE0A91A0B034AA97D6EAC",
	pan: "6228000100001",
	psn: "01",
	atc: "0240",
	acData: "000000000001000000000000015600800460000156140701001E78EEBC7D00024003A04002",
	arqc: "5D016C91005E7CC2",
	arc: "3031",
	arpc: "21415243527CE78F",
} as const;

/** The same example's data objects as the page lists them, in order, as field 55 would carry them. */
export const PBOC_FIELD55_EXAMPLE = (() => {
	const objects: readonly (readonly [string, string])[] = [
		["9F26", "5D016C91005E7CC2"],
		["9F27", "80"],
		["9F10", "07000103A04002010A010000001000D1F61152"],
		["9F37", "1E78EEBC"],
		["9F36", "0240"],
		["95", "0080046000"],
		["9A", "140701"],
		["9C", "00"],
		["9F02", "000000000001"],
		["5F2A", "0156"],
		["82", "7D00"],
		["9F1A", "0156"],
		["9F03", "000000000000"],
		["9F33", "60E1C8"],
		["9F34", "020300"],
		["9F35", "22"],
		["9F1E", "3833323049434300"],
		["84", "A000000333010101"],
		["9F09", "0020"],
		["9F41", "00000007"],
	];
	const field55 = objects.map(([tag, value]) => tag + (value.length / 2).toString(16).padStart(2, "0").toUpperCase() + value).join("");
	return { objects, field55 };
})();
