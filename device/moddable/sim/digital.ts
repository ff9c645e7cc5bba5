// Stand-in for embedded:io/digital in Moddable's desktop simulator, which has no GPIO. Inputs read their
// pull level (a pull-up reads 1: no key pressed, no tamper, not charging); outputs remember what was written.

type Mode = number;

export default class Digital {
	static readonly Input: Mode = 0;
	static readonly InputPullUp: Mode = 1;
	static readonly InputPullDown: Mode = 2;
	static readonly InputPullUpDown: Mode = 3;
	static readonly Output: Mode = 8;
	static readonly OutputOpenDrain: Mode = 9;
	static readonly Rising = 1;
	static readonly Falling = 2;

	#value: 0 | 1;

	constructor(options: { pin: number; mode: Mode; edge?: number; onReadable?: () => void }) {
		this.#value = options.mode === Digital.InputPullDown ? 0 : 1;
	}

	read(): 0 | 1 {
		return this.#value;
	}

	write(value: 0 | 1): void {
		this.#value = value;
	}

	close(): void {}

	get format(): "number" {
		return "number";
	}
}
