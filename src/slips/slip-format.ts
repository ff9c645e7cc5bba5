// How values look on a slip: amounts and dates (card numbers are masked by src/card/pan.ts).

import { localDateTime, CHINA_UTC_OFFSET_MINUTES } from "../time/local-time.js";
import type { Fen, SlipTransactionType } from "./slip-data.js";

/** Voids, refunds and completion voids take money back from the card: printed negative. */
export function isCredit(type: SlipTransactionType): boolean {
	return type === "void" || type === "refund" || type === "pre-auth-completion-void";
}

/** `RMB 123.45`, or `RMB -123.45` when `negative`. */
export function formatAmount(fen: Fen, negative = false): string {
	if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`amount must be whole non-negative fen, got ${fen}`);
	const yuan = Math.floor(fen / 100);
	const cents = fen % 100;
	return `RMB ${negative && fen > 0 ? "-" : ""}${yuan}.${cents < 10 ? "0" : ""}${cents}`;
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** `2026/11/21 09:30:00` in the terminal's time zone. */
export function formatDateTime(utcMs: number, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
	const t = localDateTime(utcMs, offsetMinutes);
	return `${t.year}/${two(t.month)}/${two(t.day)} ${two(t.hour)}:${two(t.minute)}:${two(t.second)}`;
}

/** `2026/11/21` */
export function formatDate(utcMs: number, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
	return formatDateTime(utcMs, offsetMinutes).slice(0, 10);
}

/** Bytes of an ASCII string (QR payloads); a non-ASCII character is a programming error. */
export function asciiBytes(text: string): Uint8Array {
	const out = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c > 0x7e) throw new RangeError(`non-ASCII character in ${JSON.stringify(text)}`);
		out[i] = c;
	}
	return out;
}
