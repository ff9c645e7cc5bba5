// Do-nothing parts for peripherals a board does not have (STYLE.md: "a do-nothing one used when the part is
// absent"): the head never reports a swipe. hal.ts uses it for a board without magstripe channels; the others
// get the native RMT capture (magstripe/, magstripe.md §12).

import type { MagstripeHead } from "../../hal/magstripe.js";
import type { Unsubscribe } from "../../hal/result.js";

export class AbsentMagstripeHead implements MagstripeHead {
	onSwipe(): Unsubscribe {
		return () => {};
	}

	onError(): Unsubscribe {
		return () => {};
	}

	close(): void {}
}
