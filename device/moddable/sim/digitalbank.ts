// Stand-in for embedded:io/digitalbank in Moddable's desktop simulator, which has no GPIO. Inputs read their
// pull level (pull-ups read 1 on every pin: no key pressed); outputs remember what was written.

type Mode = number;

export default class DigitalBank {
	static readonly Input: Mode = 0;
	static readonly InputPullUp: Mode = 1;
	static readonly InputPullDown: Mode = 2;
	static readonly InputPullUpDown: Mode = 3;
	static readonly Output: Mode = 8;
	static readonly OutputOpenDrain: Mode = 9;

	readonly #pins: number;
	#value: number;

	constructor(options: { pins: number; bank?: number; mode: Mode; rises?: number; falls?: number; onReadable?: (triggered: number) => void }) {
		this.#pins = options.pins;
		this.#value = options.mode === DigitalBank.InputPullDown ? 0 : options.pins;
	}

	read(): number {
		return this.#value & this.#pins;
	}

	write(value: number): void {
		this.#value = value & this.#pins;
	}

	close(): void {}

	get format(): "number" {
		return "number";
	}
}
