// The worked example of UnionPay track encryption (磁道加密算法 §4.4, 二磁道/三磁道数据源), as published in
// the SS API documentation, http://doc.xrtinfo.com/docs/ss_api/ss_api-1cb9530kl7sa4: the tracks, their packed
// bytes and the track data blocks TDB2 / TDB3 it names. The example gives no TDK; the ciphertexts below are
// under the TDES key of the public KCV vector (shared vectors, kcv[0]: 807A…70EA, KCV 8D0A74B8) and were
// computed with OpenSSL (des-ede-ecb); test/node/crypto-openssl.test.ts recomputes them.

export const PUBLIC_TRACK_EXAMPLE = {
	tdk: "807A23AD32B36D457AE91FDF927570EA",
	track2: "1234567890123456789=0508201781999168302",
	packed2: "1234567890123456789D05082017819991683020",
	/** TDB2 = 08 20 17 81 99 91 68 30, as published. */
	block2: "0820178199916830",
	encrypted2: "1234567890123456789D05CFF96EA99C9D37A120",
	track3: "991234567890123456789=156000000000000000000378199921600000508000000000000000000000=000000000003=0000000000",
	/** TDB3 = 00 00 00 3D 00 00 00 00, as published. */
	block3: "0000003D00000000",
	encrypted3: "991234567890123456789D156000000000000000000378199921600000508000000000000000000000D00000D30CA4412AD4D91800",
} as const;
