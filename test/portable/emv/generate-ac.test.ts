// GENERATE AC answers the virtual cards do not give (EMV 4.3 Book 3 §6.5.5.4): format 1, the EMV 4.1
// referral (AAR), the advice bit, a card answering a higher cryptogram than asked, and malformed answers, on a
// scripted channel that answers what the test says and records what it was sent.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import type { CommandApdu } from "../../../hal/apdu.js";
import { ok } from "../../../hal/result.js";
import { generateCryptogram } from "../../../src/emv/action-analysis.js";
import type { CardChannel } from "../../../src/emv/transport.js";
import { Verification } from "../../../src/emv/tvr.js";

function scripted(answer: string, sent: CommandApdu[] = []): CardChannel {
	return {
		protocol: "T=1",
		async exchange(command) {
			sent.push(command);
			const bytes = hex(answer);
			return ok({ data: bytes.subarray(0, bytes.length - 2), sw1: bytes[bytes.length - 2]!, sw2: bytes[bytes.length - 1]! });
		},
	};
}

const CDOL = [{ tag: 0x9f02, length: 6 }];
const source = (tag: number) => (tag === 0x9f02 ? hex("000000000100") : undefined);

describe("EMV kernel: GENERATE AC answers (Book 3 §6.5.5.4)", () => {
	it("format 1: CID, ATC, AC and IAD in 80; P1 asks ARQC without CDA", async () => {
		const sent: CommandApdu[] = [];
		const r = await generateCryptogram(
			scripted("8010 80 0011 1122334455667788 07010103A0 9000", sent),
			"ARQC",
			CDOL,
			source,
			new Verification(),
		);
		assert.ok(r.ok);
		assert.deepEqual(
			[r.value.type, toHex(r.value.atc), toHex(r.value.cryptogram), toHex(r.value.iad!), r.value.advice],
			["ARQC", "0011", "1122334455667788", "07010103A0", false],
		);
		assert.deepEqual([sent[0]!.p1, toHex(sent[0]!.data)], [0x80, "000000000100"]);
	});

	it("the referral of EMV 4.1 (CID C0) is kept as AAR; the advice bit and the reason are read", async () => {
		const r = await generateCryptogram(scripted("800B CA 0011 1122334455667788 9000"), "ARQC", CDOL, source, new Verification());
		assert.ok(r.ok);
		assert.deepEqual([r.value.type, r.value.advice, r.value.reason], ["AAR", true, 2]);
	});

	it("a TC where an ARQC was asked is refused; so are a status, a short answer and no 9F27", async () => {
		const higher = await generateCryptogram(scripted("800B 40 0011 1122334455667788 9000"), "ARQC", CDOL, source, new Verification());
		assert.ok(!higher.ok && higher.error.kind === "bad-answer");
		const lower = await generateCryptogram(scripted("800B 00 0011 1122334455667788 9000"), "TC", CDOL, source, new Verification());
		assert.ok(lower.ok && lower.value.type === "AAC", "going down is the card's right");
		const status = await generateCryptogram(scripted("6985"), "TC", CDOL, source, new Verification());
		assert.deepEqual(status, { ok: false, error: { kind: "status", step: "GENERATE AC", sw: 0x6985 } });
		const short = await generateCryptogram(scripted("8003 80 0011 9000"), "ARQC", CDOL, source, new Verification());
		assert.ok(!short.ok && short.error.kind === "bad-answer");
		const noCid = await generateCryptogram(
			scripted("7710 9F36020011 9F2608 1122334455667788 9000"),
			"ARQC",
			CDOL,
			source,
			new Verification(),
		);
		assert.ok(!noCid.ok && noCid.error.kind === "bad-answer");
	});
});
