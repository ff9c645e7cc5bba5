// Colours per panel class. Colour panels tint the title bar, highlights and results; monochrome panels
// have ink and paper only (1 = ink in hal/display.ts "mono1"), so they invert instead.

import { rgb, type Rgb565 } from "./paint.js";
import type { Tone } from "../screen.js";

export interface Theme {
	readonly paper: Rgb565;
	readonly ink: Rgb565;
	readonly titleBackground: Rgb565;
	readonly titleInk: Rgb565;
	readonly hintBackground: Rgb565;
	readonly hintInk: Rgb565;
	readonly highlightBackground: Rgb565;
	readonly highlightInk: Rgb565;
	readonly tones: Readonly<Record<Tone, Rgb565>>;
	/** Factory colour bars, left to right. */
	readonly bars: readonly Rgb565[];
}

const WHITE = 0xffff,
	BLACK = 0x0000;
const UNIONPAY_BLUE = rgb(0, 72, 144);

/** SMPTE order: white, yellow, cyan, green, magenta, red, blue, black. */
const COLOUR_BARS = [WHITE, rgb(255, 255, 0), rgb(0, 255, 255), rgb(0, 255, 0), rgb(255, 0, 255), rgb(255, 0, 0), rgb(0, 0, 255), BLACK];

export const COLOUR_THEME: Theme = {
	paper: WHITE,
	ink: rgb(24, 24, 32),
	titleBackground: UNIONPAY_BLUE,
	titleInk: WHITE,
	hintBackground: rgb(224, 228, 232),
	hintInk: rgb(64, 64, 72),
	highlightBackground: UNIONPAY_BLUE,
	highlightInk: WHITE,
	tones: { normal: rgb(24, 24, 32), ok: rgb(0, 140, 64), error: rgb(200, 24, 24), muted: rgb(120, 120, 128) },
	bars: COLOUR_BARS,
};

export const MONO_THEME: Theme = {
	paper: WHITE,
	ink: BLACK,
	titleBackground: BLACK,
	titleInk: WHITE,
	hintBackground: WHITE,
	hintInk: BLACK,
	highlightBackground: BLACK,
	highlightInk: WHITE,
	tones: { normal: BLACK, ok: BLACK, error: BLACK, muted: BLACK },
	/** No colours: alternate ink and paper bars, so every column driver line is exercised. */
	bars: [WHITE, BLACK, WHITE, BLACK, WHITE, BLACK, WHITE, BLACK],
};
