// The data the kernel has read from the card, by tag (EMV 4.3 Book 3 §10.2): from the FCI, the answer to
// GET PROCESSING OPTIONS and the AFL records. A primitive object met twice is an error the caller stops on.
//
// Held compactly, as the device's heap wants it during a chip transaction: the values copied one after another
// into one byte buffer and an index of (tag, offset, length) triples, instead of one Uint8Array per tag over
// the records' answers (each a few XS slots, and every answer kept alive). `get` gives a view of the buffer.
//
// Public API: CardData.

import type { Tag, Tlv } from "./tlv.js";

/** Index entries are 3 numbers: tag, offset, length. */
const ENTRY = 3;

export class CardData {
	#bytes = new Uint8Array(256);
	#used = 0;
	#index = new Uint32Array(32 * ENTRY);
	#count = 0;

	/** Adds the primitive objects of `objects`, descending into templates; gives the first tag already held. */
	add(objects: readonly Tlv[]): Tag | undefined {
		for (const o of objects) {
			if (o.children) {
				const again = this.add(o.children);
				if (again !== undefined) return again;
			} else if (this.#find(o.tag) >= 0) return o.tag;
			else this.#append(o.tag, o.value);
		}
		return undefined;
	}

	get(tag: Tag): Uint8Array | undefined {
		const at = this.#find(tag);
		if (at < 0) return undefined;
		const offset = this.#index[at + 1]!;
		return this.#bytes.subarray(offset, offset + this.#index[at + 2]!);
	}

	has(tag: Tag): boolean {
		return this.#find(tag) >= 0;
	}

	/** The tags held, in the order they were read. */
	tags(): Tag[] {
		const out: Tag[] = [];
		for (let at = 0; at < this.#count * ENTRY; at += ENTRY) out.push(this.#index[at]!);
		return out;
	}

	/** The index position of `tag`, or -1. */
	#find(tag: Tag): number {
		for (let at = 0; at < this.#count * ENTRY; at += ENTRY) if (this.#index[at] === tag) return at;
		return -1;
	}

	#append(tag: Tag, value: Uint8Array): void {
		if (this.#used + value.length > this.#bytes.length) {
			const bytes = new Uint8Array(Math.max(2 * this.#bytes.length, this.#used + value.length));
			bytes.set(this.#bytes.subarray(0, this.#used));
			this.#bytes = bytes;
		}
		if ((this.#count + 1) * ENTRY > this.#index.length) {
			const index = new Uint32Array(2 * this.#index.length);
			index.set(this.#index);
			this.#index = index;
		}
		this.#bytes.set(value, this.#used);
		const at = this.#count * ENTRY;
		this.#index[at] = tag;
		this.#index[at + 1] = this.#used;
		this.#index[at + 2] = value.length;
		this.#used += value.length;
		this.#count++;
	}
}
