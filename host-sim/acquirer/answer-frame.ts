// The acquirer's answer as it goes on the wire: the engine's response encoded with the firmware codec (TPDU
// swapped, header echoed) and MACed with the session MAK (Q/CUP 006), with what a fault changes in the bytes.
// Platform-free: the TCP host and the in-process acquirer (test/support/in-process-acquirer.ts) share it.

import { hexToBytes } from "../../src/factory/hex-text.js";
import { encodeFrame, MTI_OFFSET } from "../../src/iso8583/frame-codec.js";
import { swapTpdu } from "../../src/iso8583/iso-message.js";
import type { EngineAnswer } from "./acquirer-engine.js";
import type { Fault } from "./fault-plan.js";
import { unionPayMac } from "./host-crypto.js";
import type { WireMessage } from "./wire-decoder.js";

const GARBAGE = Uint8Array.of(0x00, 0x0c, 0xde, 0xad, 0xbe, 0xef, 0x13, 0x37, 0x00, 0xff, 0x55, 0xaa, 0x01, 0x02);

/** The frame answering `request`. */
export function encodeAnswer(request: WireMessage, answer: EngineAnswer, fault?: Fault): Uint8Array {
	if (fault?.kind === "garbage") return GARBAGE;
	const fields = new Map(answer.response.fields);
	if (fault?.kind === "wrong-stan") fields.set(11, String((Number(request.fields["11"] ?? 0) % 999999) + 1).padStart(6, "0"));
	const mac = fault?.kind !== "unsigned" && (answer.mak !== undefined || fault?.kind === "bad-mac");
	if (mac) fields.set(64, new Uint8Array(8));
	const tpdu = hexToBytes(request.tpdu) ?? new Uint8Array(5);
	const encoded = encodeFrame({
		tpdu: swapTpdu({ destination: (tpdu[1]! << 8) | tpdu[2]!, source: (tpdu[3]! << 8) | tpdu[4]! }),
		header: answer.header ?? request.header,
		message: { mti: answer.response.mti, fields },
	});
	if (!encoded.ok) throw new Error(`the simulator built a response that does not encode: ${encoded.error.detail}`);
	const bytes = encoded.value;
	if (mac) {
		const code = answer.mak ? unionPayMac(answer.mak, bytes.subarray(MTI_OFFSET, bytes.length - 8)) : new Uint8Array(8).fill(0x30);
		if (fault?.kind === "bad-mac") code[0] = code[0] === 0x30 ? 0x31 : 0x30;
		bytes.set(code, bytes.length - 8);
	}
	return bytes;
}
