// The display list a frame's layout writes into, kept from frame to frame: a paint that draws what the last
// frame's paint near the same place drew is that same object again, so a key press makes new paints only for
// what it changed, and the renderer finds the changed areas from which paints were kept. A part of the screen
// laid out from the same inputs as in the last frame (the title bar, the hints) is taken over whole, without
// being laid out again. Two arrays take turns: the frame being laid out, and the last one, which the comparison
// still reads. A list serves one panel. The fills and texts of the frame before the last that the last frame
// did not take over are drawn by nobody any more: a new fill or text of the frame is one of those objects,
// rewritten, so a key press lays its screen out allocating few paints; those the frame did not need are let go
// at its end (kept, they would hold heap the device's budget counts: issue 14).

import { samePaint, type Paint, type Rgb565 } from "./paint.js";

type FillPaint = Extract<Paint, { kind: "fill" }>;
type TextPaint = Extract<Paint, { kind: "text" }>;
/**
 * The kinds the searches compare, named once: XS copies a string literal into a new chunk each time it is
 * evaluated (XS_CODE_STRING in xsRun.c; the linker keeps it in place only for modules not preloaded), and
 * these comparisons run several times a paint.
 */
const FILL = "fill",
	TEXT = "text";
/** A paint this list made, as it rewrites it when the paint is free again. */
type Writable<T> = { -readonly [K in keyof T]: T[K] extends object ? Writable<T[K]> : T[K] };

/**
 * How far past the last match layout looks for the same paint in the last frame: a moved highlight removes and
 * adds a fill and changes the ink of two texts, so the paints after it are found three or four places on.
 */
const LOOK_AHEAD = 6;

/** Parts a frame can take over whole (part()), and the inputs each is compared by. */
const PARTS = 2,
	PART_INPUTS = 4;

export class DisplayList {
	#previous: Paint[] = [];
	/** The frame being laid out: its first #count entries (the rest are stale until end() cuts them). */
	#paints: Paint[] = [];
	#count = 0;
	/** Where in the last frame the next paint is looked for first. */
	#cursor = 0;
	/** Per paint of the frame: 1 when it is the last frame's object. */
	#kept = new Uint8Array(64);
	/** Per paint of the last frame: 1 when the frame reuses it. */
	#reused = new Uint8Array(64);
	/** Per part, of the frame and of the last one: its inputs, and where its paints start and end (-1: none). */
	#inputs: unknown[] = new Array<unknown>(PARTS * PART_INPUTS);
	#lastInputs: unknown[] = new Array<unknown>(PARTS * PART_INPUTS);
	#spans = new Int16Array(PARTS * 2).fill(-1);
	#lastSpans = new Int16Array(PARTS * 2).fill(-1);
	/** Fills and texts no frame holds any more, rewritten by fill() and text() in place of new objects. */
	// Stacks with their own counts: an array emptied to length 0 gives its storage back (XS), and the next push
	// would allocate it again.
	readonly #freeFills: (Writable<FillPaint> | undefined)[] = [];
	readonly #freeTexts: (Writable<TextPaint> | undefined)[] = [];
	#freeFillCount = 0;
	#freeTextCount = 0;

	/** Ends the frame laid out since begin(): its paints, valid until the frame after next begins. */
	end(): readonly Paint[] {
		// Cut, never emptied: the array keeps its storage for the frame after next.
		this.#paints.length = this.#count;
		// The free paints left over are garbage; the stacks keep their storage.
		this.#freeFills.fill(undefined, 0, this.#freeFillCount);
		this.#freeTexts.fill(undefined, 0, this.#freeTextCount);
		this.#freeFillCount = this.#freeTextCount = 0;
		return this.#paints;
	}

	/** The last frame's paints (after begin(), once a frame has ended). */
	get previous(): readonly Paint[] {
		return this.#previous;
	}

	/** Whether paint `i` of the frame is the last frame's paint: it draws what it drew, where it drew it. */
	kept(i: number): boolean {
		return this.#kept[i] === 1;
	}

	/** Whether paint `i` of the last frame is in this frame too. */
	reused(i: number): boolean {
		return this.#reused[i] === 1;
	}

	/**
	 * Starts a frame: the one laid out before becomes the last frame, whose paints the new one may reuse; the
	 * paints of the frame before it that it did not reuse are free (fill and text: the list made them).
	 */
	begin(): void {
		const last = this.#paints,
			older = this.#previous;
		for (let i = 0; i < older.length; i++) {
			if (this.#reused[i] === 1) continue;
			const p = older[i]!;
			if (p.kind === FILL) this.#freeFills[this.#freeFillCount++] = p;
			else if (p.kind === TEXT) this.#freeTexts[this.#freeTextCount++] = p;
		}
		this.#paints = older;
		this.#count = 0;
		this.#previous = last;
		this.#cursor = 0;
		// The frame's kept flags (as long as its list) become the last frame's reused flags, cleared.
		const flags = this.#reused;
		this.#reused = this.#kept.fill(0);
		this.#kept = flags;
		const inputs = this.#lastInputs,
			spans = this.#lastSpans;
		this.#lastInputs = this.#inputs;
		this.#lastSpans = this.#spans;
		this.#inputs = inputs;
		this.#spans = spans.fill(-1);
	}

	/**
	 * Starts part `id` (0 ≤ id < PARTS), laid out from inputs a…d alone. When the last frame's part had the same
	 * inputs its paints are taken over and the answer is true: the caller lays nothing out. Otherwise false, and
	 * the caller lays the part out and ends it with endPart(id).
	 */
	part(id: number, a: unknown, b: unknown, c: unknown, d: unknown): boolean {
		const i = id * PART_INPUTS;
		const inputs = this.#inputs,
			last = this.#lastInputs;
		inputs[i] = a;
		inputs[i + 1] = b;
		inputs[i + 2] = c;
		inputs[i + 3] = d;
		this.#spans[2 * id] = this.#count;
		const from = this.#lastSpans[2 * id]!,
			to = this.#lastSpans[2 * id + 1]!;
		// Only from after the last paint taken over: the paints kept stay in the last frame's order.
		if (from < this.#cursor || to < 0 || last[i] !== a || last[i + 1] !== b || last[i + 2] !== c || last[i + 3] !== d) return false;
		const previous = this.#previous;
		for (let p = from; p < to; p++) this.#reuse(previous[p]!, p);
		this.#spans[2 * id + 1] = this.#count;
		return true;
	}

	endPart(id: number): void {
		this.#spans[2 * id + 1] = this.#count;
	}

	fill(x: number, y: number, w: number, h: number, color: Rgb565): void {
		const previous = this.#previous;
		const end = Math.min(previous.length, this.#cursor + LOOK_AHEAD);
		for (let i = this.#cursor; i < end; i++) {
			const p = previous[i]!;
			if (p.kind === FILL && p.color === color && p.rect.x === x && p.rect.y === y && p.rect.w === w && p.rect.h === h)
				return this.#reuse(p, i);
		}
		if (this.#freeFillCount === 0) return this.#add({ kind: FILL, rect: { x, y, w, h }, color });
		const free = this.#freeFills[--this.#freeFillCount]!,
			r = free.rect;
		r.x = x;
		r.y = y;
		r.w = w;
		r.h = h;
		free.color = color;
		this.#add(free);
	}

	/** Text at (x, y), clipped to the box (cx, cy, cw, ch). */
	text(x: number, y: number, text: string, color: Rgb565, scale: number, cx: number, cy: number, cw: number, ch: number): void {
		const previous = this.#previous;
		const end = Math.min(previous.length, this.#cursor + LOOK_AHEAD);
		for (let i = this.#cursor; i < end; i++) {
			const p = previous[i]!;
			if (
				p.kind === TEXT &&
				p.x === x &&
				p.y === y &&
				p.text === text &&
				p.color === color &&
				p.scale === scale &&
				p.clip.x === cx &&
				p.clip.y === cy &&
				p.clip.w === cw &&
				p.clip.h === ch
			)
				return this.#reuse(p, i);
		}
		if (this.#freeTextCount === 0) return this.#add({ kind: TEXT, x, y, text, color, scale, clip: { x: cx, y: cy, w: cw, h: ch } });
		const free = this.#freeTexts[--this.#freeTextCount]!;
		free.x = x;
		free.y = y;
		free.text = text;
		free.color = color;
		free.scale = scale;
		const c = free.clip;
		c.x = cx;
		c.y = cy;
		c.w = cw;
		c.h = ch;
		this.#add(free);
	}

	/** Any other paint, made by the caller (the QR code's bitmap, test patterns): never rewritten. */
	push(paint: Exclude<Paint, FillPaint | TextPaint>): void {
		const previous = this.#previous;
		const end = Math.min(previous.length, this.#cursor + LOOK_AHEAD);
		for (let i = this.#cursor; i < end; i++) if (samePaint(previous[i]!, paint)) return this.#reuse(previous[i]!, i);
		this.#add(paint);
	}

	#add(paint: Paint): void {
		this.#flag(0);
		this.#paints[this.#count++] = paint;
	}

	#reuse(paint: Paint, at: number): void {
		this.#flag(1);
		this.#paints[this.#count++] = paint;
		this.#reused[at] = 1;
		this.#cursor = at + 1;
	}

	/** Sets the kept flag of the paint about to be added. */
	#flag(kept: 0 | 1): void {
		const i = this.#count;
		if (i === this.#kept.length) {
			const grown = new Uint8Array(2 * i);
			grown.set(this.#kept);
			this.#kept = grown;
		}
		this.#kept[i] = kept;
	}
}
