import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { ScriptedNetwork, type ScriptedPeer } from "../../support/scripted-network.js";
import { secureUnit } from "../../support/secure-unit.js";
import { installWorkingKeys } from "../../support/sign-in-keys.js";
import { DEFAULT_TERMINAL_KEYS } from "../../../host-sim/keys/default-keys.js";
import { VirtualClock } from "../../../host-sim/hal/virtual-clock.js";
import { HostLink, reversalReasonFor, type LinkFailure, type Exchange } from "../../../src/host-link/host-link.js";
import { FrameReader } from "../../../src/host-link/frame-reader.js";
import { acceptResponse, frameRequest } from "../../../src/host-link/exchange-frames.js";
import { decodeFrame, encodeFrame, MTI_OFFSET } from "../../../src/iso8583/frame-codec.js";
import { DEFAULT_TPDU, isoMessage, swapTpdu, type IsoMessage } from "../../../src/iso8583/iso-message.js";
import { buildEcho, buildSale, type TerminalContext } from "../../../src/iso8583/requests.js";
import { responseMti } from "../../../src/iso8583/transaction-matrix.js";
import { tdesCipher } from "../../../src/crypto/des.js";
import { unionPayMac } from "../../../src/mac/unionpay-mac.js";
import type { Result } from "../../../hal/result.js";
import type { KeyRef } from "../../../hal/secure-element.js";

// A single-length MAK in the double-length slot (K‖K), as the simulated acquirer sends it.
const MAK = hex("22222222222222222222222222222222");
const HEADER = "603100310000";
const context: TerminalContext = { terminalId: "10000001", merchantId: "898310058120001", batch: 1, operator: "01", readCapability: "2" };
const sale = () => buildSale(context, { stan: 42, card: { entryMode: "magstripe", track2: "6222021234567890128=3012120" }, amount: 100 });

/** Runs microtasks until the link is waiting on its timer (a few awaits deep). */
async function settle(): Promise<void> {
	for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** The host's answer to `request`: echoes, 39 = 00, then `change`; MACed under `mak` unless null. */
function respond(
	request: Uint8Array,
	change: (fields: Map<number, string | Uint8Array>) => void,
	mak: Uint8Array | null = MAK,
	mti?: string,
): Uint8Array {
	const decoded = decodeFrame(request);
	if (!decoded.ok) throw new Error("the link sent an undecodable frame");
	const req = decoded.value.frame.message;
	const fields = new Map<number, string | Uint8Array>();
	for (const n of [3, 4, 11, 25, 41, 42, 49, 60]) if (req.fields.has(n)) fields.set(n, req.fields.get(n)!);
	fields.set(39, "00");
	fields.set(37, "000000000001");
	change(fields);
	if (mak) fields.set(64, new Uint8Array(8));
	const frame = encodeFrame({
		tpdu: swapTpdu(decoded.value.frame.tpdu),
		header: HEADER,
		message: { mti: mti ?? responseMti(req.mti), fields },
	});
	if (!frame.ok) throw new Error("bad test response");
	if (mak)
		frame.value.set(unionPayMac(tdesCipher(mak), frame.value.subarray(MTI_OFFSET, frame.value.length - 8)), frame.value.length - 8);
	return frame.value;
}

describe("host link (frame, reversal reasons and matching of Q/CUP 006)", () => {
	let clock: VirtualClock;
	let network: ScriptedNetwork;
	let mak: KeyRef<"mac">;
	let link: HostLink;

	beforeEach(() => {
		clock = new VirtualClock(0);
		network = new ScriptedNetwork();
		const { hal } = secureUnit();
		const secure = hal.secure;
		mak = installWorkingKeys(secure, DEFAULT_TERMINAL_KEYS.tmk, hex("0123456789ABCDEFFEDCBA9876543210"), MAK);
		link = new HostLink(
			{ network, clock, secure },
			{ host: "127.0.0.1", port: 8583, connectTimeoutMs: 1000, responseTimeoutMs: 5000, tpdu: DEFAULT_TPDU, header: HEADER },
		);
	});

	async function exchangeWith(
		answer: (sent: Uint8Array, peer: ScriptedPeer) => void,
		request: IsoMessage = sale(),
		withMac = true,
	): Promise<Result<Exchange, LinkFailure>> {
		network.script = answer;
		const pending = link.exchange(request, withMac ? { mac: mak } : {});
		await settle();
		clock.advance(5000);
		return pending;
	}

	function failureOf(r: Result<Exchange, LinkFailure>): LinkFailure {
		if (r.ok) return assert.fail("expected a link failure");
		return r.error;
	}

	it("frames the request with field 64 = the UnionPay MAC of MTI … last field before 64, from the secure element", async () => {
		const r = await exchangeWith((sent, peer) => peer.push(respond(sent, () => {})));
		assert.ok(r.ok);
		const sent = network.sent[0]!;
		assert.equal((sent[0]! << 8) | sent[1]!, sent.length - 2);
		assert.bytes(sent.subarray(2, 13), "6000030000" + HEADER);
		const expected = unionPayMac(tdesCipher(MAK), sent.subarray(MTI_OFFSET, sent.length - 8));
		assert.equal(toHex(sent.subarray(sent.length - 8)), toHex(expected));
		assert.deepEqual(r.value.request.fields.get(64), expected);
		assert.equal(network.closedConnections, 1, "one connection per exchange, closed afterwards");
	});

	it("reassembles a response that arrives one byte at a time", async () => {
		const r = await exchangeWith((sent, peer) => {
			const frame = respond(sent, () => {});
			for (let i = 0; i < frame.length; i++) peer.push(frame.subarray(i, i + 1));
		});
		assert.ok(r.ok);
	});

	it("times out after exactly the response timeout, with reversal reason 98", async () => {
		network.script = () => {};
		let settled = false;
		const pending = link.exchange(sale(), { mac: mak }).then((r) => {
			settled = true;
			return r;
		});
		await settle();
		clock.advance(4999);
		await settle();
		assert.equal(settled, false, "still waiting at 4999 ms");
		clock.advance(1);
		const f = failureOf(await pending);
		assert.equal(f.kind, "timeout");
		assert.equal(reversalReasonFor(f), "98");
	});

	it("tells a closed connection (06) from a refused send (06) and a failed connect (no reversal)", async () => {
		const closed = failureOf(await exchangeWith((_s, peer) => peer.close({ kind: "io", detail: "reset" })));
		assert.deepEqual(closed, { kind: "closed", error: { kind: "io", detail: "reset" } });
		assert.equal(reversalReasonFor(closed), "06");
		network.refuseSend = true;
		const refused = failureOf(await exchangeWith(() => {}));
		assert.equal(refused.kind, "send-failed");
		assert.equal(reversalReasonFor(refused), "06");
		network.linkUp = false;
		const noLink = failureOf(await exchangeWith(() => {}));
		assert.deepEqual(noLink, { kind: "connect-failed", error: { kind: "no-link" } });
		assert.equal(reversalReasonFor(noLink), undefined);
	});

	it("reports a malformed response with the codec's field and offset (A0)", async () => {
		const f = failureOf(
			await exchangeWith((sent, peer) => {
				const frame = respond(sent, () => {});
				frame[MTI_OFFSET + 10] = 0xff; // first byte of field 3
				peer.push(frame);
			}),
		);
		assert.ok(f.kind === "malformed" && f.error.part === 3 && f.error.offset === MTI_OFFSET + 10, JSON.stringify(f));
		assert.equal(reversalReasonFor(f), "A0");
	});

	it("refuses a response for another request: MTI, terminal, merchant or STAN", async () => {
		const mti = failureOf(await exchangeWith((sent, peer) => peer.push(respond(sent, () => {}, MAK, "0230"))));
		assert.deepEqual(mti, { kind: "mismatch", field: "mti", expected: "0210", actual: "0230" });
		const tid = failureOf(await exchangeWith((sent, peer) => peer.push(respond(sent, (f) => f.set(41, "10000002")))));
		assert.deepEqual(tid, { kind: "mismatch", field: "41", expected: "10000001", actual: "10000002" });
		const mid = failureOf(await exchangeWith((sent, peer) => peer.push(respond(sent, (f) => f.delete(42)))));
		assert.ok(mid.kind === "mismatch" && mid.field === "42");
		const stan = failureOf(await exchangeWith((sent, peer) => peer.push(respond(sent, (f) => f.set(11, "000043")))));
		assert.ok(stan.kind === "mismatch" && stan.field === "11");
		assert.equal(reversalReasonFor(stan), "A0");
	});

	it("refuses a wrong response MAC and a missing one on an approval, accepts an unMACed decline", async () => {
		const wrong = failureOf(
			await exchangeWith((sent, peer) => peer.push(respond(sent, () => {}, hex("11111111111111111111111111111111")))),
		);
		assert.deepEqual(wrong, { kind: "mac-invalid", missing: false });
		const missing = failureOf(await exchangeWith((sent, peer) => peer.push(respond(sent, () => {}, null))));
		assert.deepEqual(missing, { kind: "mac-invalid", missing: true });
		const decline = await exchangeWith((sent, peer) => peer.push(respond(sent, (f) => f.set(39, "A0"), null)));
		assert.ok(decline.ok);
	});

	it("sends management messages without a MAC and refuses a MAC it cannot check", async () => {
		const echo = buildEcho(context, 7);
		const r = await exchangeWith((sent, peer) => peer.push(respond(sent, () => {}, null)), echo, false);
		assert.ok(r.ok);
		assert.equal(r.value.request.fields.has(64), false);
		const macced = failureOf(await exchangeWith((sent, peer) => peer.push(respond(sent, () => {})), echo, false));
		assert.equal(macced.kind, "mac-invalid");
	});

	it("does not send when the secure element has no MAC key or the request does not encode", async () => {
		const missingKey = await link.exchange(sale(), { mac: { slot: "nothing", usage: "mac" } });
		assert.ok(!missingKey.ok && missingKey.error.kind === "mac-unavailable", JSON.stringify(missingKey));
		const bad = await link.exchange(isoMessage("0200", [[4, "12"]]));
		assert.ok(!bad.ok && bad.error.kind === "bad-request" && bad.error.error.part === 4);
		assert.equal(network.sent.length, 0);
	});
});

describe("acceptResponse: a MAC on every approval (Q/CUP 006 response class A)", () => {
	const { hal } = secureUnit();
	const secure = hal.secure;
	const mak = installWorkingKeys(secure, DEFAULT_TERMINAL_KEYS.tmk, hex("0123456789ABCDEFFEDCBA9876543210"), MAK);
	const framed = frameRequest(secure, { tpdu: DEFAULT_TPDU, header: HEADER }, sale(), mak);
	if (!framed.ok) throw new Error("the sale does not frame");
	const { bytes, sent } = framed.value;
	const answer = (code: string, key: Uint8Array | null) =>
		acceptResponse(
			secure,
			sent,
			respond(bytes, (f) => f.set(39, code), key),
			mak,
		);

	for (const code of ["00", "10", "11"]) {
		it(`refuses an unsigned approval with code ${code} (reversal A0) and accepts it signed`, () => {
			const unsigned = answer(code, null);
			assert.ok(!unsigned.ok, `an unsigned ${code} must not be accepted`);
			assert.deepEqual(unsigned.error, { kind: "mac-invalid", missing: true });
			assert.equal(reversalReasonFor(unsigned.error), "A0");
			const signed = answer(code, MAK);
			assert.ok(signed.ok && signed.value.signed, JSON.stringify(signed));
		});
	}

	it("accepts an unsigned decline but says it is unsigned; refuses a wrongly signed one", () => {
		for (const code of ["51", "96", "25", "12"]) {
			const unsigned = answer(code, null);
			assert.ok(unsigned.ok && !unsigned.value.signed, code);
			const wrong = answer(code, hex("11111111111111111111111111111111"));
			assert.ok(!wrong.ok && wrong.error.kind === "mac-invalid" && !wrong.error.missing, code);
		}
	});

	it("without a MAC key (management messages) accepts an unsigned approval and refuses any MAC", () => {
		const echo = frameRequest(secure, { tpdu: DEFAULT_TPDU, header: HEADER }, buildEcho(context, 8), undefined);
		if (!echo.ok) throw new Error("the echo does not frame");
		const plain = acceptResponse(
			secure,
			echo.value.sent,
			respond(echo.value.bytes, () => {}, null),
			undefined,
		);
		assert.ok(plain.ok && !plain.value.signed);
		const macced = acceptResponse(
			secure,
			echo.value.sent,
			respond(echo.value.bytes, () => {}),
			undefined,
		);
		assert.ok(!macced.ok && macced.error.kind === "mac-invalid");
	});
});

describe("frame reader", () => {
	it("waits for the whole announced length and ignores bytes after it", () => {
		const reader = new FrameReader();
		assert.equal(reader.push(hex("00")), undefined);
		assert.equal(reader.push(hex("0301")), undefined);
		const frame = reader.push(hex("0203FFFF"));
		assert.ok(frame);
		assert.bytes(frame, "0003010203");
	});
});
