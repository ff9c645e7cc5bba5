// What the terminal shows, as data. The application composes a `Screen`; the pixel renderer
// (src/ui/render) lays it out for the panel it gets, and scripts and the text simulator read `screenText()`.
//
// A screen is, top to bottom:
//   status   the title bar: terminal state or current function, clock, battery, signal
//   lines    the body: text lines; a line may be `large` (the amount) and carry a `tone`
//            (approved green, declined/error red on a colour panel; inverted where `emphasis` is set)
//   menu     optional numbered entries with one highlighted; the renderer pages them on a small panel
//   progress optional bar: `done` of `total` steps (processing, settlement)
//   qr       optional QR code of a text payload (UTF-8, byte mode), drawn below the lines
//   hints    the soft-key hints along the bottom edge, e.g. "F1 English", "取消 返回"
// `pattern` replaces everything with a factory test pattern (docs/factory-mode.md §4 display: all on, all off,
// checkerboard, colour bars). Every field beyond status/lines/hints is optional, so a screen built for the text
// simulator stays valid.

export type Align = "left" | "center" | "right";

/** The colour meaning of a line: colour panels tint it, monochrome panels ignore it. */
export type Tone = "normal" | "ok" | "error" | "muted";

export interface ScreenLine {
	readonly text: string;
	readonly align: Align;
	/** Drawn inverted (a highlighted entry, an error). */
	readonly emphasis: boolean;
	/** "large": double-size glyphs (the amount being entered, the result). Default "normal". */
	readonly size?: "normal" | "large";
	readonly tone?: Tone;
}

export interface StatusBar {
	/** The terminal state or the current function, e.g. "未签到" or "消费". */
	readonly title: string;
	/** Local time, HH:MM. */
	readonly clock: string;
	/** 0..100 */
	readonly batteryPercent: number;
	/** 0..4 */
	readonly signalBars: number;
}

export interface MenuItem {
	/** The key that selects the entry directly, e.g. "1". */
	readonly key: string;
	readonly label: string;
}

export interface Menu {
	readonly items: readonly MenuItem[];
	/** Index into `items` of the highlighted entry (UP/DOWN move it). */
	readonly highlight: number;
	/** Digits typed so far of a number that more entries start with (menu 9-4: 1 before 10–19). */
	readonly typed?: string;
}

export interface Progress {
	readonly done: number;
	readonly total: number;
}

export type TestPattern = "all-on" | "all-off" | "checkerboard" | "colour-bars";

export interface Screen {
	readonly status: StatusBar;
	readonly lines: readonly ScreenLine[];
	readonly hints: readonly string[];
	readonly menu?: Menu;
	readonly progress?: Progress;
	/** Text to show as a QR code (e.g. a payment link). */
	readonly qr?: string;
	readonly pattern?: TestPattern;
	/**
	 * Set on a screen whose lines may be paged: the first line to show when they do not all fit (the layout keeps
	 * the last page full and marks more lines ▲/▼). Without it, lines that do not fit are cut.
	 */
	readonly scroll?: number;
}

export function line(text: string, align: Align = "left", emphasis = false): ScreenLine {
	return { text, align, emphasis };
}

/** A double-size line, centred: the amount on entry and result screens. */
export function largeLine(text: string, tone: Tone = "normal"): ScreenLine {
	return { text, align: "center", emphasis: false, size: "large", tone };
}

/** A centred line in a tone: "批准" in green, "交易失败" in red. */
export function toneLine(text: string, tone: Tone, align: Align = "center"): ScreenLine {
	return { text, align, emphasis: false, tone };
}

/** The progress bar as text: `[######----] 6/10`. */
export function progressText(progress: Progress, width = 10): string {
	const filled = progress.total <= 0 ? 0 : Math.min(width, Math.round((progress.done / progress.total) * width));
	return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${progress.done}/${progress.total}`;
}

/**
 * The screen as plain text, what scripts match against: a title row, the body lines, the menu entries
 * (`> ` marks the highlight), the progress bar, `[QR] payload`, then the hints.
 */
export function screenText(screen: Screen): string {
	const { status } = screen;
	const rows = [`[${status.title}] ${status.clock} ${status.signalBars}/4 ${status.batteryPercent}%`];
	if (screen.pattern) rows.push(`[pattern ${screen.pattern}]`);
	for (const l of screen.lines) rows.push(l.text);
	if (screen.menu) {
		screen.menu.items.forEach((item, i) => rows.push(`${i === screen.menu!.highlight ? ">" : " "} ${item.key}.${item.label}`));
	}
	if (screen.progress) rows.push(progressText(screen.progress));
	if (screen.qr !== undefined) rows.push(`[QR] ${screen.qr}`);
	if (screen.hints.length > 0) rows.push(screen.hints.join("  "));
	return rows.join("\n");
}
