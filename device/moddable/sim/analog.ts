// Stand-in for embedded:io/analog in Moddable's desktop simulator: a battery divider reading 4.04 V (2.02 V
// at the pin on a 2:1 divider, 2450 mV full scale), 86 % on power.ts's discharge curve: the charge host-sim
// starts with, so that the two simulators draw the same status bar.

export default class Analog {
	readonly resolution = 12;

	constructor(_options: { pin: number }) {}

	read(): number {
		return Math.round((2020 / 2450) * 4095);
	}

	close(): void {}

	get format(): "number" {
		return "number";
	}
}
