// Do-nothing parts for peripherals a board does not have: the head never reports a swipe. hal.ts uses it for a
// board without magstripe channels; the others get the native RMT capture (magstripe/,
// docs/device-magstripe-capture.md).

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
