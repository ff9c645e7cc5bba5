// Wall-clock formatting in the terminal's time zone (China Standard Time, UTC+8, by default).

export interface LocalDateTime {
	readonly year: number;
	readonly month: number;
	readonly day: number;
	readonly hour: number;
	readonly minute: number;
	readonly second: number;
}

export const CHINA_UTC_OFFSET_MINUTES = 480;

export function localDateTime(utcMs: number, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): LocalDateTime {
	const d = new Date(utcMs + offsetMinutes * 60_000);
	return {
		year: d.getUTCFullYear(),
		month: d.getUTCMonth() + 1,
		day: d.getUTCDate(),
		hour: d.getUTCHours(),
		minute: d.getUTCMinutes(),
		second: d.getUTCSeconds(),
	};
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** "HH:MM" */
export function hhmm(t: LocalDateTime): string {
	return `${two(t.hour)}:${two(t.minute)}`;
}

/** "YYYY-MM-DD HH:MM:SS" */
export function isoLocal(t: LocalDateTime): string {
	return `${t.year}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}:${two(t.second)}`;
}

/** YYYYMMDD in the terminal's time zone: the day the daily sign-in and the batch's first day are for. */
export function localDay(utcMs: number, offsetMinutes: number): string {
	const t = localDateTime(utcMs, offsetMinutes);
	return `${t.year}${String(t.month).padStart(2, "0")}${String(t.day).padStart(2, "0")}`;
}
