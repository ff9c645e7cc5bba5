// Do-nothing parts for peripherals whose device driver does not exist yet (STYLE.md: "a do-nothing one used
// when the part is absent"). They fail closed: the secure element reports a failed self-test, so the terminal
// locks instead of taking payments, and the head never reports a swipe. Replaced by the native RMT capture
// (magstripe.md §12) and by hal/moddable/secure-element.ts when those issues land.

import type { MagstripeHead } from "../magstripe.js";
import { err, type Result, type Unsubscribe } from "../result.js";
import type { SecureElement, SecureError } from "../secure-element.js";

export class AbsentMagstripeHead implements MagstripeHead {
	onSwipe(): Unsubscribe {
		return () => {};
	}

	onError(): Unsubscribe {
		return () => {};
	}
}

export class AbsentSecureElement implements SecureElement {
	readonly tampered = false;

	selfTest(): Result<void, SecureError> {
		return this.#absent();
	}

	zeroise(): void {}

	startPinEntry(): Result<never, SecureError> {
		return this.#absent();
	}

	mac(): Result<never, SecureError> {
		return this.#absent();
	}

	encryptData(): Result<never, SecureError> {
		return this.#absent();
	}

	decryptData(): Result<never, SecureError> {
		return this.#absent();
	}

	loadWorkingKeys(): Result<never, SecureError> {
		return this.#absent();
	}

	key(): Result<never, SecureError> {
		return this.#absent();
	}

	#absent(): Result<never, SecureError> {
		return err({ kind: "self-test", algorithm: "no secure element driver" });
	}
}
