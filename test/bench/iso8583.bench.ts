// ISO 8583 costs on XS: building a magstripe PIN sale and framing it with its MAC from the secure element,
// and parsing + verifying its 0210 response (decode, match, MAC check, typed parse), plus the bare codec.

import { bench, measurementRows } from "../xs/bench.js";
import { hex } from "../support/hex.js";
import { secureUnit } from "../support/secure-unit.js";
import { installWorkingKeys } from "../support/sign-in-keys.js";
import { DEFAULT_TERMINAL_KEYS } from "../../host-sim/keys/default-keys.js";
import { TEST_CARDS } from "../../host-sim/cards/test-cards.js";
import { acceptResponse, frameRequest } from "../../src/host-link/exchange-frames.js";
import { decodeFrame, encodeFrame } from "../../src/iso8583/frame-codec.js";
import { DEFAULT_TPDU, isoMessage, swapTpdu, type IsoMessage } from "../../src/iso8583/iso-message.js";
import { buildSale, type TerminalContext } from "../../src/iso8583/requests.js";
import { parseFinancialResponse } from "../../src/iso8583/responses.js";

const framing = { tpdu: DEFAULT_TPDU, header: "603100310000" };
const context: TerminalContext = { terminalId: "10000001", merchantId: "898310058120001", batch: 1, operator: "01", readCapability: "2" };
const card = TEST_CARDS.debit;
const { hal } = secureUnit();
const mak = installWorkingKeys(
	hal.secure,
	DEFAULT_TERMINAL_KEYS.tmk,
	hex("0123456789ABCDEFFEDCBA9876543210"),
	hex("2222222222222222" + "2222222222222222"),
);
const input = {
	stan: 42,
	card: { entryMode: "magstripe" as const, track2: card.track2, track3: card.track3! },
	pin: { pinBlock: hex("0123456789ABCDEF"), algorithm: 6 as const },
	amount: 12_345,
};

function framed(message: IsoMessage): { bytes: Uint8Array; sent: IsoMessage } {
	const r = frameRequest(hal.secure, framing, message, mak);
	if (!r.ok) throw new Error(`bench request does not frame: ${r.error.kind}`);
	return r.value;
}

const request = framed(buildSale(context, input));
const responseMessage = isoMessage("0210", [
	...[3, 4, 11, 22, 25, 41, 42, 49, 60].map((n) => [n, request.sent.fields.get(n)] as const),
	[12, "093000"],
	[13, "1121"],
	[15, "1121"],
	[32, "48020000"],
	[37, "000000000017"],
	[38, "000009"],
	[39, "00"],
	[63, "CUP"],
	[64, new Uint8Array(8)],
]);
const responseBytes = (() => {
	const encoded = encodeFrame({ tpdu: swapTpdu(DEFAULT_TPDU), header: framing.header, message: responseMessage });
	if (!encoded.ok) throw new Error("bench response does not encode");
	const bytes = encoded.value;
	const mac = hal.secure.mac(mak, bytes.subarray(13, bytes.length - 8));
	if (!mac.ok) throw new Error("no MAC");
	bytes.set(mac.value, bytes.length - 8);
	return bytes;
})();

const build = bench.measure("build + MAC a sale request (0200, 15 fields)", 500, () => {
	framed(buildSale(context, input));
});
const parse = bench.measure("parse + verify its response (0210: decode, match, MAC, typed fields)", 500, () => {
	const accepted = acceptResponse(hal.secure, request.sent, responseBytes, mak);
	if (!accepted.ok) throw new Error(`bench response refused: ${accepted.error.kind}`);
	if (!parseFinancialResponse(accepted.value.response).ok) throw new Error("bench response does not parse");
});
const encodeOnly = bench.measure("encode the sale frame (codec only)", 1000, () => {
	encodeFrame({ tpdu: DEFAULT_TPDU, header: framing.header, message: request.sent });
});
const decodeOnly = bench.measure("decode the response frame (codec only)", 1000, () => {
	decodeFrame(responseBytes);
});
const macOnly = bench.measure("UnionPay MAC of the sale (secure element)", 1000, () => {
	hal.secure.mac(mak, request.bytes.subarray(13, request.bytes.length - 8));
});
bench.table("ISO 8583 (UnionPay POS dialect)", measurementRows([build, parse, encodeOnly, decodeOnly, macOnly]));
bench.note(`sale request frame ${request.bytes.length} bytes, response frame ${responseBytes.length} bytes`);
