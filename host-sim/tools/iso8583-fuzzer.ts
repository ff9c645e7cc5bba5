// The ISO 8583 decoder fuzzer shared by the bounded test (npm test) and the unbounded command
// (host-sim/tools/fuzz-iso8583.ts). Frames are valid messages built from the field dictionary, then mutated
// (bit flips, byte changes, insertions, deletions, truncation, bitmap bits, length prefixes), or random bytes
// behind a valid length prefix. For each frame:
//   - decodeFrame returns a Result and never throws;
//   - a frame it accepts re-encodes to exactly the same bytes (the encoding is canonical);
//   - the independent decoder (host-sim/acquirer/wire-decoder.ts) accepts it too, with the same fields;
//     the only frames the firmware may refuse and the oracle accept are `an` charset violations.
// Platform-free; deterministic for a seed.

import { FIELD_SPECS, type FieldFormat } from "../../src/iso8583/field-dictionary.js";
import { decodeFrame, encodeFrame } from "../../src/iso8583/frame-codec.js";
import type { FieldValue, IsoFrame } from "../../src/iso8583/iso-message.js";
import { decodeWire } from "../acquirer/wire-decoder.js";

/** xorshift32: fast and deterministic, for test data only. */
export class FuzzRandom {
	#state: number;
	constructor(seed: number) {
		this.#state = seed >>> 0 || 0x9e3779b9;
	}
	next(): number {
		let x = this.#state;
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		this.#state = x >>> 0;
		return this.#state;
	}
	below(n: number): number {
		return this.next() % n;
	}
}

const DIGITS = "0123456789";
const AN = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ";

function text(random: FuzzRandom, length: number, alphabet: string): string {
	let s = "";
	for (let i = 0; i < length; i++) s += alphabet[random.below(alphabet.length)];
	return s;
}

function printable(random: FuzzRandom, length: number, gbk: boolean): string {
	let s = "";
	for (let i = 0; i < length; i++)
		s += String.fromCharCode(gbk && random.below(4) === 0 ? 0x80 + random.below(0x7f) : 0x20 + random.below(95));
	return s;
}

/** A random value that fits the field's format. */
export function randomFieldValue(random: FuzzRandom, format: FieldFormat): FieldValue {
	switch (format.kind) {
		case "n":
			return text(random, format.digits, DIGITS);
		case "n-var":
			return text(random, random.below(Math.min(format.max, 40) + 1), DIGITS);
		case "z-var":
			return text(random, random.below(Math.min(format.max, 40) + 1), DIGITS + "=");
		case "text":
			return format.charset === "an"
				? text(random, format.length, AN)
				: printable(random, format.length, format.charset === "ans-gbk");
		case "text-var": {
			const length = random.below(Math.min(format.max, 40) + 1);
			return format.charset === "an" ? text(random, length, AN) : printable(random, length, format.charset === "ans-gbk");
		}
		case "b": {
			const out = new Uint8Array(format.length);
			for (let i = 0; i < out.length; i++) out[i] = random.below(256);
			return out;
		}
		case "b-var": {
			const out = new Uint8Array(random.below(Math.min(format.max, 40) + 1));
			for (let i = 0; i < out.length; i++) out[i] = random.below(256);
			return out;
		}
	}
}

export function randomFrame(random: FuzzRandom): IsoFrame {
	const fields = new Map<number, FieldValue>();
	for (const spec of FIELD_SPECS) if (random.below(3) === 0) fields.set(spec.number, randomFieldValue(random, spec.format));
	// A quarter of the frames carry TDK-encrypted tracks (53.3 = 1), whose nibbles may be A–F.
	if (random.below(4) === 0) {
		fields.set(53, "2610000000000000");
		for (const track of [35, 36]) {
			const clear = fields.get(track);
			if (typeof clear === "string") fields.set(track, text(random, clear.length, DIGITS + "=ABCEF"));
		}
	}
	// The header is 6 raw bytes (public frames carry 60 31 00 31 FF F1).
	return {
		tpdu: { destination: random.below(0x10000), source: random.below(0x10000) },
		header: text(random, 12, "0123456789ABCDEF"),
		message: { mti: text(random, 4, DIGITS), fields },
	};
}

function mutate(random: FuzzRandom, frame: Uint8Array): Uint8Array {
	let bytes = frame.slice();
	const rounds = 1 + random.below(3);
	for (let r = 0; r < rounds; r++) {
		const at = random.below(Math.max(1, bytes.length));
		switch (random.below(7)) {
			case 0:
				bytes[at] = bytes[at]! ^ (1 << random.below(8));
				break;
			case 1:
				bytes[at] = random.below(256);
				break;
			case 2: {
				const grown = new Uint8Array(bytes.length + 1);
				grown.set(bytes.subarray(0, at));
				grown[at] = random.below(256);
				grown.set(bytes.subarray(at), at + 1);
				bytes = grown;
				break;
			}
			case 3:
				bytes = Uint8Array.of(...bytes.subarray(0, at), ...bytes.subarray(at + 1));
				break;
			case 4:
				bytes = bytes.slice(0, at);
				break;
			case 5:
				if (bytes.length > 23) bytes[15 + random.below(8)]! ^= 1 << random.below(8); // a bitmap bit
				break;
			case 6:
				if (bytes.length > 24) bytes[23 + random.below(bytes.length - 23)] = random.below(2) ? 0x99 : 0x00; // a length prefix or BCD byte
				break;
		}
	}
	if (bytes.length >= 2 && random.below(4) !== 0) {
		// Usually keep the length prefix consistent so the fields themselves get exercised.
		bytes[0] = (bytes.length - 2) >> 8;
		bytes[1] = (bytes.length - 2) & 0xff;
	}
	return bytes;
}

function randomBytesFrame(random: FuzzRandom): Uint8Array {
	const length = random.below(300);
	const bytes = new Uint8Array(length + 2);
	bytes[0] = length >> 8;
	bytes[1] = length & 0xff;
	for (let i = 2; i < bytes.length; i++) bytes[i] = random.below(256);
	if (length > 0) bytes[2] = 0x60;
	for (let i = 7; i < Math.min(15, bytes.length); i++) bytes[i] = (random.below(10) << 4) | random.below(10); // BCD header and MTI
	return bytes;
}

export interface FuzzReport {
	readonly frames: number;
	readonly accepted: number;
	/** Problems found (empty when the decoder holds up), each with the frame in hex. */
	readonly problems: string[];
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => (b < 16 ? "0" : "") + b.toString(16).toUpperCase()).join("");

function valueText(value: FieldValue): string {
	return typeof value === "string" ? value : toHex(value);
}

/** Checks one frame; returns a problem description or undefined. */
export function checkFrame(bytes: Uint8Array): { accepted: boolean; problem?: string } {
	let decoded;
	try {
		decoded = decodeFrame(bytes);
	} catch (error) {
		return { accepted: false, problem: `decodeFrame threw ${String(error)}` };
	}
	const oracle = decodeWire(bytes);
	if (!decoded.ok) {
		if (oracle.ok && decoded.error.kind !== "bad-text")
			return {
				accepted: false,
				problem: `the firmware refused (${decoded.error.kind} ${String(decoded.error.part)}) what the oracle accepted`,
			};
		return { accepted: false };
	}
	const again = encodeFrame(decoded.value.frame);
	if (!again.ok || toHex(again.value) !== toHex(bytes))
		return { accepted: true, problem: "re-encoding an accepted frame gave other bytes" };
	if (!oracle.ok) return { accepted: true, problem: `the oracle refused an accepted frame: ${oracle.reason}` };
	const message = decoded.value.frame.message;
	if (oracle.message.header !== decoded.value.frame.header)
		return { accepted: true, problem: `header: firmware ${decoded.value.frame.header}, oracle ${oracle.message.header}` };
	if (oracle.message.mti !== message.mti || Object.keys(oracle.message.fields).length !== message.fields.size)
		return { accepted: true, problem: "the oracle saw other fields" };
	for (const [number, value] of message.fields) {
		if (oracle.message.fields[String(number)] !== valueText(value))
			return {
				accepted: true,
				problem: `field ${number}: firmware ${valueText(value)}, oracle ${oracle.message.fields[String(number)]}`,
			};
	}
	return { accepted: true };
}

/** Runs `count` frames (Infinity: until `stop()` says so) from `seed`. */
export function fuzzDecoder(count: number, seed: number, stop: () => boolean = () => false): FuzzReport {
	const random = new FuzzRandom(seed);
	const problems: string[] = [];
	let accepted = 0;
	let frames = 0;
	let base: Uint8Array | undefined;
	for (; frames < count && problems.length < 10 && !(frames % 4096 === 0 && stop()); frames++) {
		if (frames % 16 === 0 || !base) {
			const encoded = encodeFrame(randomFrame(random));
			if (!encoded.ok) {
				problems.push(`a random valid frame did not encode: ${encoded.error.detail}`);
				continue;
			}
			base = encoded.value;
		}
		const kind = random.below(10);
		const bytes = kind === 0 ? base : kind === 1 ? randomBytesFrame(random) : mutate(random, base);
		const result = checkFrame(bytes);
		if (result.accepted) accepted++;
		if (result.problem) problems.push(`${result.problem}: ${toHex(bytes)}`);
	}
	return { frames, accepted, problems };
}
