// `posterm swipe decode FILE…` and `posterm swipe synth …`: the magnetic-stripe tools. Decode takes JSON
// captures ({"channels":[{"track":N?,"intervals_us":[…]}]}) or WAV recordings of a head and prints one JSON
// object per file, one per line, naming the front end and the direction that decoded; card numbers in it are
// masked (first 6, last 4). Synth writes a synthesized swipe as that JSON or as a WAV.

import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type CliIo, CommandError, printJson, UsageError } from "../command.js";
import type { FluxChannel, FluxSwipe, TrackNumber } from "../../../hal/magstripe.js";
import { decodeSwipe } from "../../../src/magstripe/swipe-decoder.js";
import { decodeReport, type FrontEnd } from "../../magstripe/decode-report.js";
import { synthesizeSwipe, withSentinels } from "../../magstripe/swipe-synth.js";
import { encodeWav, parseWav } from "../../magstripe/wav-pcm.js";
import { DEFAULT_HEAD_SIGNAL, headSignal } from "../../magstripe/head-signal.js";
import { intervalsFromSignal, timesToIntervals } from "../../magstripe/wav-front-end.js";

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const [sub, ...rest] = args;
	if (sub === "decode") return decode(rest, io);
	if (sub === "synth") return synth(rest, io);
	throw new UsageError(sub === undefined ? "missing subcommand (decode or synth)" : `unknown subcommand "${sub}" (decode or synth)`);
}

async function decode(files: readonly string[], io: CliIo): Promise<number> {
	if (files.length === 0) throw new UsageError("decode needs at least one FILE");
	const option = files.find((f) => f.startsWith("-"));
	if (option !== undefined) throw new UsageError(`decode takes files only: unknown option "${option}"`);
	// Read everything first: an unreadable file fails the run before any output, so lines stay in file order.
	const captures: Capture[] = [];
	for (const file of files) captures.push(captureFromBytes(file, new Uint8Array(await readFile(file))));
	for (const capture of captures) printJson(io, decodeReport(decodeSwipe(capture.swipe), capture.frontEnd));
	return 0;
}

/** Which front end turned the file into intervals: the WAV peak detector, or intervals as captured (fractions of a µs rounded). */

export interface Capture {
	readonly frontEnd: FrontEnd;
	readonly swipe: FluxSwipe;
}

/** A capture file's bytes as a swipe: WAV (each audio channel one head channel, track unknown) or the JSON capture format. */
export function captureFromBytes(file: string, bytes: Uint8Array): Capture {
	if (bytes.length >= 4 && String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!) === "RIFF") {
		const audio = parseWav(bytes);
		if (!audio.ok) throw new CommandError(`${file}: ${audio.error.detail}`);
		return {
			frontEnd: "wav-peaks",
			swipe: {
				kind: "flux",
				atMs: 0,
				channels: audio.value.channels.map((samples) => ({ intervalsUs: intervalsFromSignal(samples, audio.value.sampleRate) })),
			},
		};
	}
	let json: unknown;
	try {
		json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
	} catch {
		throw new CommandError(`${file}: neither a WAV file nor JSON`);
	}
	return { frontEnd: "intervals", swipe: { kind: "flux", atMs: 0, channels: channelsFromJson(file, json) } };
}

function channelsFromJson(file: string, json: unknown): FluxChannel[] {
	const channels = (json as { channels?: unknown } | null)?.channels;
	if (!Array.isArray(channels) || channels.length === 0)
		throw new CommandError(`${file}: expected {"channels":[{"track":1|2|3 (optional),"intervals_us":[…]}]}`);
	return channels.map((c: unknown, i) => {
		const { track, intervals_us: intervals } = (c ?? {}) as { track?: unknown; intervals_us?: unknown };
		if (track !== undefined && track !== 1 && track !== 2 && track !== 3)
			throw new CommandError(`${file}: channels[${i}].track must be 1, 2 or 3`);
		if (
			!Array.isArray(intervals) ||
			!intervals.every((v) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 0xffffffff)
		) {
			throw new CommandError(
				`${file}: channels[${i}].intervals_us must be an array of microseconds (0 to 4294967295, fractions allowed)`,
			);
		}
		return { ...(track === undefined ? {} : { track: track as TrackNumber }), intervalsUs: asCaptured(intervals as number[]) };
	});
}

/**
 * Intervals as a capture timer with 1 µs ticks records them: whole µs are kept as they are; fractions are summed to
 * transition times and each time rounded, so rounding does not accumulate (as `timesToIntervals`).
 */
function asCaptured(intervals: readonly number[]): Uint32Array {
	if (intervals.every(Number.isInteger)) return Uint32Array.from(intervals);
	const times = [0];
	for (const v of intervals) times.push(times[times.length - 1]! + v);
	return timesToIntervals(times);
}

async function synth(args: readonly string[], io: CliIo): Promise<number> {
	let values;
	try {
		({ values } = parseArgs({
			args: [...args],
			options: {
				track: { type: "string" },
				data: { type: "string" },
				ips: { type: "string", default: "20" },
				accel: { type: "string", default: "1" },
				jitter: { type: "string", default: "0" },
				displacement: { type: "string", default: "0" },
				reverse: { type: "boolean", default: false },
				seed: { type: "string", default: "1" },
				"leading-zeros": { type: "string", default: "22" },
				"trailing-zeros": { type: "string", default: "22" },
				spurious: { type: "string", default: "0" },
				missing: { type: "string", default: "0" },
				"sample-rate": { type: "string", default: String(DEFAULT_HEAD_SIGNAL.sampleRate) },
				"speed-amplitude": { type: "boolean", default: false },
				decay: { type: "string", default: "1" },
				invert: { type: "boolean", default: false },
				"high-pass": { type: "string", default: "0" },
				dc: { type: "string", default: "0" },
				noise: { type: "string", default: "0" },
				json: { type: "string" },
				wav: { type: "string" },
			},
		}));
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
	const track = Number(values.track);
	if (track !== 1 && track !== 2 && track !== 3) throw new UsageError("--track must be 1, 2 or 3");
	if (values.data === undefined) throw new UsageError("--data is required");
	const number = (name: string, text: string, min: number, max: number, integer = false) => {
		const v = Number(text);
		if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
			throw new UsageError(`--${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}`);
		return v;
	};
	const swipe = synthesizeSwipe([{ track, data: values.data }], {
		ips: number("ips", values.ips, 1, 200),
		accel: number("accel", values.accel, 0.1, 10),
		jitter: number("jitter", values.jitter, 0, 40) / 100,
		displacement: number("displacement", values.displacement, 0, 30) / 100,
		reverse: values.reverse,
		seed: number("seed", values.seed, 0, 0xffffffff, true),
		leadingZeros: number("leading-zeros", values["leading-zeros"], 0, 200, true),
		trailingZeros: number("trailing-zeros", values["trailing-zeros"], 0, 200, true),
		spuriousEdges: number("spurious", values.spurious, 0, 100, true),
		missingEdges: number("missing", values.missing, 0, 100, true),
	});
	if (!swipe.ok) {
		const e = swipe.error;
		throw new CommandError(
			e.kind === "character"
				? `--data: "${withSentinels(track, values.data).charAt(e.index)}" is not in the track ${track} character set`
				: e.kind === "length"
					? `--data is too long for track ${track}`
					: "--data: sentinels misplaced (an end sentinel inside the data?)",
		);
	}
	// The head model, checked before anything is written.
	const head = {
		sampleRate: number("sample-rate", values["sample-rate"], 8000, 384_000, true),
		amplitudeFollowsSpeed: values["speed-amplitude"],
		decay: number("decay", values.decay, 0.05, 1),
		invert: values.invert,
		highPassHz: number("high-pass", values["high-pass"], 0, 1000),
		dcOffset: number("dc", values.dc, -20_000, 20_000),
		noise: number("noise", values.noise, 0, 10_000),
		seed: number("seed", values.seed, 0, 0xffffffff, true),
	};
	const intervals = swipe.value.channels[0]!.intervalsUs;
	const capture = { channels: [{ track, intervals_us: Array.from(intervals) }] };
	if (values.json !== undefined) await writeFile(values.json, `${JSON.stringify(capture)}\n`);
	if (values.wav !== undefined) {
		await writeFile(values.wav, encodeWav({ sampleRate: head.sampleRate, channels: [headSignal(intervals, head)] }));
	}
	if (values.json === undefined && values.wav === undefined) printJson(io, capture);
	return 0;
}
