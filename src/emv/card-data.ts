// The data the kernel has read from the card, by tag (EMV 4.3 Book 3 §10.2): from the FCI, the answer to
// GET PROCESSING OPTIONS and the AFL records. A primitive object met twice is an error the caller stops on.
//
// Public API: CardData.

import type { Tag, Tlv } from "./tlv.js";

export class CardData {
	readonly #values = new Map<Tag, Uint8Array>();

	/** Adds the primitive objects of `objects`, descending into templates; gives the first tag already held. */
	add(objects: readonly Tlv[]): Tag | undefined {
		for (const o of objects) {
			if (o.children) {
				const again = this.add(o.children);
				if (again !== undefined) return again;
			} else if (this.#values.has(o.tag)) return o.tag;
			else this.#values.set(o.tag, o.value);
		}
		return undefined;
	}

	get(tag: Tag): Uint8Array | undefined {
		return this.#values.get(tag);
	}

	has(tag: Tag): boolean {
		return this.#values.has(tag);
	}

	/** The tags held, in the order they were read. */
	tags(): Tag[] {
		return [...this.#values.keys()];
	}
}
