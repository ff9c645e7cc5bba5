// Do-nothing parts for peripherals whose device driver does not exist yet (STYLE.md: "a do-nothing one used
// when the part is absent"): the head never reports a swipe. Replaced by the native RMT capture
// (magstripe.md §12) when that issue lands.

import type { MagstripeHead } from "../magstripe.js";
import type { Unsubscribe } from "../result.js";

export class AbsentMagstripeHead implements MagstripeHead {
	onSwipe(): Unsubscribe {
		return () => {};
	}

	onError(): Unsubscribe {
		return () => {};
	}
}
