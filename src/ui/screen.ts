// What the terminal shows, as data: the title bar, the body lines and the soft-key hints. The pixel renderer
// draws it on the panel; the simulator and scripts read it as text.

export type Align = "left" | "center" | "right";

export interface ScreenLine {
	readonly text: string;
	readonly align: Align;
	/** Drawn inverted (a highlighted menu entry, an error). */
	readonly emphasis: boolean;
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

export interface Screen {
	readonly status: StatusBar;
	readonly lines: readonly ScreenLine[];
	readonly hints: readonly string[];
}

export function line(text: string, align: Align = "left", emphasis = false): ScreenLine {
	return { text, align, emphasis };
}

/** The screen as plain text: a title row, the body lines, then the hints; what scripts match against. */
export function screenText(screen: Screen): string {
	const { status } = screen;
	const rows = [`[${status.title}] ${status.clock} ${status.signalBars}/4 ${status.batteryPercent}%`];
	for (const l of screen.lines) rows.push(l.text);
	if (screen.hints.length > 0) rows.push(screen.hints.join("  "));
	return rows.join("\n");
}
