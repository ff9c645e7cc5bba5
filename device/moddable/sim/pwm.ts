// Stand-in for embedded:io/pwm in Moddable's desktop simulator: accepts duty values, drives nothing.

export default class PWM {
	readonly resolution = 10;
	readonly hz: number;

	constructor(options: { pin: number; hz?: number }) {
		this.hz = options.hz ?? 1000;
	}

	write(_value: number): void {}

	close(): void {}

	get format(): "number" {
		return "number";
	}
}
