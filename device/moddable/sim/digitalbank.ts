// Stand-in for embedded:io/digitalbank in Moddable's desktop simulator, which has no GPIO. Inputs read their
// pull level (pull-ups read 1 on every pin: no key pressed); outputs remember what was written.

export default class DigitalBank {
	static readonly Input = 0;
	static readonly InputPullUp = 1;
	static readonly InputPullDown = 2;
	static readonly InputPullUpDown = 3;
	static readonly Output = 8;
	static readonly OutputOpenDrain = 9;

	readonly #pins: number;
	#value: number;

	constructor(options: { pins: number; bank?: number; mode: unknown; rises?: number; falls?: number; onReadable?: (triggered: number) => void }) {
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
