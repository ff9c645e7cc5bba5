// The public test vectors of /work/shared/vectors/crypto.json as a module, because XS cannot import JSON.
// test/node/crypto-vectors.test.ts checks that this copy still equals the JSON file.

export const CRYPTO_VECTORS = {
	"about": "Public test vectors from the standards and widely used reference suites. Hex is upper case. Use them in tests; add more of your own. Node's crypto (OpenSSL) offers des-ede3-ecb/cbc, aes-*-ecb and sm4-ecb as an independent oracle for block ciphers in host-side tests.",
	"pinblock": [
		{
			"format": 0,
			"pin": "1234",
			"pan": "4012345678909",
			"clear": "041274EDCBA9876F",
			"source": "ANSI X9.24-1:2009 A.4"
		},
		{
			"format": 0,
			"pin": "1234",
			"pan": "5555555551234567",
			"clear": "041261AAAAEDCBA9",
			"source": "ISO 9564-1 format 0"
		},
		{
			"format": 0,
			"pin": "123456789012",
			"pan": "5555555551234567",
			"clear": "0C1261032D8226A9",
			"source": "ISO 9564-1 format 0"
		},
		{
			"format": 1,
			"pin": "1234",
			"clearPrefix": "141234",
			"note": "fill is per-transaction random"
		},
		{
			"format": 3,
			"pin": "1234",
			"pan": "5555555551234567",
			"clearPrefix": "341261",
			"note": "fill nibbles random A-F"
		},
		{
			"format": 4,
			"pin": "1234",
			"pinFieldPrefix": "441234AAAAAAAAAA",
			"note": "then 8 random bytes"
		},
		{
			"format": 4,
			"pan": "112233445566778899",
			"panField": "61122334455667788990000000000000"
		},
		{
			"format": 4,
			"key": "00112233445566778899AABBCCDDEEFF",
			"pin": "1234",
			"pan": "1234567890123456789",
			"randomHalf": "FFFFFFFFFFFFFFFF",
			"enciphered": "28B41FDDD29B743E93124BD8E32D921E",
			"source": "ISO 9564-1:2017 format 4, AES-128"
		}
	],
	"tdesDukpt": {
		"source": "ANSI X9.24-1:2009 Annex A.4",
		"bdk": "0123456789ABCDEFFEDCBA9876543210",
		"initialKsn": "FFFF9876543210E00000",
		"ipek": "6AC292FAA1315B4D858AB3A3D7D5933A",
		"pin": "1234",
		"pan": "4012345678909",
		"macMessageAscii": "4012345678909D987",
		"note": "transactionKey is before the PIN/MAC variant masks; encryptedPinBlock is ISO-0 under the PIN-variant key; requestMac is the leftmost 4 bytes of the X9.19 retail MAC under the request-MAC variant key",
		"sequence": [
			{
				"ksn": "FFFF9876543210E00001",
				"transactionKey": "042666B49184CFA368DE9628D0397BC9",
				"pinVariantKey": "042666B49184CF5C68DE9628D0397B36",
				"encryptedPinBlock": "1B9C1845EB993A7A",
				"requestMac": "9CCC7817",
				"requestMacFull": "9CCC78173FC4FB64"
			},
			{
				"ksn": "FFFF9876543210E00002",
				"transactionKey": "C46551CEF9FD24B0AA9AD834130D3BC7",
				"encryptedPinBlock": "10A01C8D02C69107",
				"requestMac": "F608A9BC"
			},
			{
				"ksn": "FFFF9876543210E00003",
				"transactionKey": "0DF3D9422ACA56E547676D07AD6BADFA",
				"encryptedPinBlock": "18DC07B94797B466",
				"requestMac": "20B59A4F"
			},
			{
				"ksn": "FFFF9876543210E00004",
				"transactionKey": "279C0F6AEED0BE652B2C733E1383AE91",
				"encryptedPinBlock": "0BC79509D5645DF7",
				"requestMac": "C7BFA6CC"
			}
		]
	},
	"aesDukpt": {
		"source": "ANSI X9.24-3:2017 supplement, AES-128 BDK",
		"bdk": "FEDCBA9876543210F1F1F1F1F1F1F1F1",
		"initialKeyId": "1234567890123456",
		"initialKey": "1273671EA26AC29AFA4D1084127652A1",
		"pin": "1234",
		"pan": "4111111111111111",
		"pinFieldRandomHalf": "2F69ADDE2E9E7ACE",
		"note": "working keys are AES-128 derived with key usage 1000 (PIN), 2000 (MAC generate), 3000 (data encrypt); the PIN block is ISO format 4 under the derived PIN key",
		"sequence": [
			{
				"ksn": "123456789012345600000001",
				"transactionKey": "4F21B565BAD9835E112B6465635EAE44",
				"pinKey": "AF8CB133A78F8DC2D1359F18527593FB",
				"macGenKey": "A2DC23DE6FDE0824A2BC321E08E4B8B7",
				"dataEncKey": "A35C412EFD41FDB98B69797C02DCD08F",
				"encryptedPinBlock": "A912150391AB65A67E52883D81CE2D15"
			},
			{
				"ksn": "123456789012345600000002",
				"transactionKey": "2F34D68DE10F68D38091A73B9E7C437C",
				"pinKey": "D30BDC73EC9714B000BEC66BDB7B6D09",
				"macGenKey": "484C3B06E8562704528CD5B46FB12FB6",
				"dataEncKey": "D639514AA33AC43AD9229E433D6D4E5B",
				"encryptedPinBlock": "52A00503BD34BA1383F6A7EE9FE2547F"
			}
		]
	},
	"mac": [
		{
			"algorithm": "UnionPay POS ECB MAC",
			"key": "2222222222222222",
			"data": "1234567890ABCDEFABCDEF1234567890",
			"mac": "E267B6E2",
			"macBytes": "4532363742364532",
			"steps": "XOR 8-byte blocks (zero pad) -> 16 upper-case hex chars H1|H2 -> E1=DES(K,H1) -> E2=DES(K,E1 xor H2) -> first 8 hex chars of E2 as ASCII; intermediate XOR B9F9B96AA4FDB57F, E1 9FDE90A34CF73B2E, E2 E267B6E21913D339"
		},
		{
			"algorithm": "ISO 9797-1 alg 1 (TDES CBC-MAC)",
			"key": "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB",
			"dataAscii": "hello world",
			"padding1": "68D9038F23360DF3",
			"padding2": "32DC341271ACCD00",
			"padding3": "CDACA53E2DAA5412"
		},
		{
			"algorithm": "ISO 9797-1 alg 1 (TDES CBC-MAC)",
			"key": "0123456789ABCDEFFEDCBA9876543210",
			"data": "1234567890ABCDEF",
			"padding2": "925B1737EF681AD3"
		}
	],
	"kcv": [
		{
			"key": "807A23AD32B36D457AE91FDF927570EA",
			"kcv4": "8D0A74B8",
			"rule": "first 4 bytes of TDES-ECB(key, 0000000000000000)"
		}
	],
	"sm4": [
		{
			"source": "GB/T 32907-2016 example 1",
			"key": "0123456789ABCDEFFEDCBA9876543210",
			"plaintext": "0123456789ABCDEFFEDCBA9876543210",
			"ciphertext": "681EDF34D206965E86B3E94F536E4246"
		}
	]
};
