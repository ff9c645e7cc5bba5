// Draws the terminal's screen model as a framed box of text (the --tui front end): lines, menu entries
// (the highlight inverted), the progress bar and a QR payload as text.

import { progressText, type Screen } from "../../src/ui/screen.js";

/** Display width of a string: CJK and full-width forms take two columns. */
export function columns(text: string): number {
	let n = 0;
	for (const ch of text) {
		const c = ch.codePointAt(0)!;
		n +=
			(c >= 0x1100 && c <= 0x115f) ||
			(c >= 0x2e80 && c <= 0xa4cf) ||
			(c >= 0xac00 && c <= 0xd7a3) ||
			(c >= 0xf900 && c <= 0xfaff) ||
			(c >= 0xfe30 && c <= 0xfe4f) ||
			(c >= 0xff00 && c <= 0xff60) ||
			(c >= 0xffe0 && c <= 0xffe6)
				? 2
				: 1;
	}
	return n;
}

function pad(text: string, width: number, align: "left" | "center" | "right"): string {
	const room = Math.max(0, width - columns(text));
	const left = align === "left" ? 0 : align === "right" ? room : room >> 1;
	return " ".repeat(left) + text + " ".repeat(room - left);
}

export function drawScreen(screen: Screen, ansi: boolean, width = 36): string {
	const { status } = screen;
	const right = `${"▮".repeat(status.signalBars)}${"▯".repeat(4 - status.signalBars)} ${status.batteryPercent}% ${status.clock}`;
	const title = pad(status.title, width - columns(right) - 1, "left") + " " + right;
	const rows = [`┌${"─".repeat(width + 2)}┐`, `│ ${title} │`, `├${"─".repeat(width + 2)}┤`];
	const body: { text: string; align: "left" | "center" | "right"; emphasis: boolean }[] = [...screen.lines];
	screen.menu?.items.forEach((item, i) =>
		body.push({
			text: `${i === screen.menu!.highlight ? ">" : " "} ${item.key}.${item.label}`,
			align: "left",
			emphasis: i === screen.menu!.highlight,
		}),
	);
	if (screen.progress) body.push({ text: progressText(screen.progress), align: "center", emphasis: false });
	if (screen.qr !== undefined) body.push({ text: `[QR] ${screen.qr}`, align: "left", emphasis: false });
	for (const l of body) {
		const text = pad(l.text, width, l.align);
		rows.push(`│ ${l.emphasis && ansi ? `\x1b[7m${text}\x1b[0m` : text} │`);
	}
	rows.push(`├${"─".repeat(width + 2)}┤`, `│ ${pad(screen.hints.join("  "), width, "left")} │`, `└${"─".repeat(width + 2)}┘`);
	return rows.join("\n");
}
