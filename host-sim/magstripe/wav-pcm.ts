// RIFF/WAVE with 16-bit PCM samples (the format audio-jack card readers record): pure byte functions,
// only the CLI touches files. Platform-free.

import { err, ok, type Result } from "../../hal/result.js";

export interface PcmAudio {
	readonly sampleRate: number;
	/** One array per channel, samples as signed 16-bit. */
	readonly channels: readonly Int16Array[];
}

export type WavError = { readonly kind: "not-wav"; readonly detail: string } | { readonly kind: "unsupported"; readonly detail: string };

const text = (bytes: Uint8Array, at: number) => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);

export function parseWav(bytes: Uint8Array): Result<PcmAudio, WavError> {
	if (bytes.length < 12 || text(bytes, 0) !== "RIFF" || text(bytes, 8) !== "WAVE")
		return err({ kind: "not-wav", detail: "no RIFF/WAVE header" });
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let format: { channels: number; sampleRate: number; bits: number; code: number } | undefined;
	let at = 12;
	while (at + 8 <= bytes.length) {
		const id = text(bytes, at);
		const size = view.getUint32(at + 4, true);
		const body = at + 8;
		if (id === "fmt ") {
			if (size < 16 || body + 16 > bytes.length) return err({ kind: "not-wav", detail: "short fmt chunk" });
			format = {
				code: view.getUint16(body, true),
				channels: view.getUint16(body + 2, true),
				sampleRate: view.getUint32(body + 4, true),
				bits: view.getUint16(body + 14, true),
			};
		} else if (id === "data") {
			if (format === undefined) return err({ kind: "not-wav", detail: "data chunk before fmt chunk" });
			// WAVE_FORMAT_PCM (1), or WAVE_FORMAT_EXTENSIBLE (0xFFFE) holding PCM.
			if ((format.code !== 1 && format.code !== 0xfffe) || format.bits !== 16)
				return err({ kind: "unsupported", detail: `format ${format.code}, ${format.bits}-bit: only 16-bit PCM is read` });
			if (format.channels < 1 || format.sampleRate < 1) return err({ kind: "not-wav", detail: "no channels or no sample rate" });
			const frames = Math.floor(Math.min(size, bytes.length - body) / (2 * format.channels));
			const channels = Array.from({ length: format.channels }, () => new Int16Array(frames));
			for (let f = 0; f < frames; f++) {
				for (let c = 0; c < format.channels; c++) channels[c]![f] = view.getInt16(body + 2 * (f * format.channels + c), true);
			}
			return ok({ sampleRate: format.sampleRate, channels });
		}
		at = body + size + (size & 1);
	}
	return err({ kind: "not-wav", detail: "no data chunk" });
}

export function encodeWav(audio: PcmAudio): Uint8Array {
	const channels = audio.channels.length;
	const frames = channels === 0 ? 0 : audio.channels[0]!.length;
	const dataBytes = frames * channels * 2;
	const bytes = new Uint8Array(44 + dataBytes);
	const view = new DataView(bytes.buffer);
	const put = (at: number, s: string) => {
		for (let i = 0; i < 4; i++) bytes[at + i] = s.charCodeAt(i);
	};
	put(0, "RIFF");
	view.setUint32(4, 36 + dataBytes, true);
	put(8, "WAVE");
	put(12, "fmt ");
	view.setUint32(16, 16, true);
	view.setUint16(20, 1, true);
	view.setUint16(22, channels, true);
	view.setUint32(24, audio.sampleRate, true);
	view.setUint32(28, audio.sampleRate * channels * 2, true);
	view.setUint16(32, channels * 2, true);
	view.setUint16(34, 16, true);
	put(36, "data");
	view.setUint32(40, dataBytes, true);
	for (let f = 0; f < frames; f++) {
		for (let c = 0; c < channels; c++) view.setInt16(44 + 2 * (f * channels + c), audio.channels[c]![f]!, true);
	}
	return bytes;
}
