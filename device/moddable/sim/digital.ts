// Stand-in for embedded:io/digital in Moddable's desktop simulator, which has no GPIO: one pin of the
// DigitalBank stand-in, as Moddable's own Digital is one pin of its DigitalBank (modules/io/digital/digital.js).
// Inputs read their pull level (a pull-up reads 1: no key pressed, no tamper, not charging); outputs remember
// what was written.

import DigitalBank from "./digitalbank.js";

export default class Digital extends DigitalBank {
	static readonly Rising = 1;
	static readonly Falling = 2;

	constructor(options: { pin: number; mode: unknown; edge?: number; onReadable?: () => void }) {
		super({ pins: 1 << (options.pin & 31), bank: options.pin >> 5, mode: options.mode });
	}

	override read(): 0 | 1 {
		return super.read() === 0 ? 0 : 1;
	}

	override write(value: 0 | 1 | number): void {
		super.write(value ? ~0 : 0);
	}
}
