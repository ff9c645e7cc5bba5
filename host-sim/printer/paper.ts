// What has come out of the emulated printer: a strip of 1-bit dot rows (MSB = leftmost dot) and, line by
// line, the plain text of what was printed, for tests. Platform-free.

export class Paper {
	readonly widthDots: number;
	readonly bytesPerRow: number;
	#rows = new Uint8Array(0);
	#height = 0;
	readonly #text: string[] = [];

	constructor(widthDots: number) {
		this.widthDots = widthDots;
		this.bytesPerRow = Math.ceil(widthDots / 8);
	}

	/** Dot rows printed so far. */
	get heightDots(): number {
		return this.#height;
	}

	/** Lines of the plain-text rendering. */
	get lines(): readonly string[] {
		return this.#text;
	}

	text(): string {
		return this.#text.map((line) => `${line}\n`).join("");
	}

	/** Adds `count` blank rows at the bottom. */
	feed(count: number): void {
		const needed = (this.#height + count) * this.bytesPerRow;
		if (needed > this.#rows.length) {
			const grown = new Uint8Array(Math.max(needed, this.#rows.length * 2, 4096));
			grown.set(this.#rows);
			this.#rows = grown;
		}
		this.#height += count;
	}

	/** Sets one dot; `row` counts from the top of the strip. Dots outside the strip are dropped. */
	dot(x: number, row: number): void {
		if (x < 0 || x >= this.widthDots || row < 0 || row >= this.#height) return;
		this.#rows[row * this.bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
	}

	isDot(x: number, row: number): boolean {
		return ((this.#rows[row * this.bytesPerRow + (x >> 3)]! >> (7 - (x & 7))) & 1) === 1;
	}

	addTextLine(line: string): void {
		this.#text.push(line);
	}

	/** A dashed line across the strip and a text marker, e.g. where a roll ended. */
	mark(label: string): void {
		const top = this.#height;
		this.feed(8);
		for (let x = 0; x < this.widthDots; x += 8) for (let i = 0; i < 4; i++) this.dot(x + i, top + 4);
		this.#text.push(`~~~~ ${label} ~~~~`);
	}
}
