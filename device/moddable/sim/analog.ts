// Stand-in for embedded:io/analog in Moddable's desktop simulator: a battery divider reading about 3.9 V
// (1.95 V at the pin on a 2:1 divider, 2450 mV full scale).

export default class Analog {
	readonly resolution = 12;

	constructor(_options: { pin: number }) {}

	read(): number {
		return Math.round(1950 / 2450 * 4095);
	}

	close(): void {}

	get format(): "number" {
		return "number";
	}
}
