// Stand-in for embedded:io/digital in Moddable's desktop simulator: one pin of the DigitalBank stand-in (the
// simulator's wires), as Moddable's own Digital is one pin of its DigitalBank (modules/io/digital/digital.js).
// Imported by its module name: a module mapped to "embedded:io/digital" cannot import by a relative specifier.

import DigitalBank from "embedded:io/digitalbank";

export default class Digital extends DigitalBank {
	static readonly Rising = 1;
	static readonly Falling = 2;

	constructor(options: { pin: number; mode: number; edge?: number; onReadable?: () => void }) {
		const mask = 1 << (options.pin & 31);
		const onReadable = options.onReadable;
		// Moddable's DigitalBank takes rises/falls (modules/io/digital/digitalbank.js); the typings omit them.
		const bank: { pins: number; mode: unknown } = {
			pins: mask,
			bank: options.pin >> 5,
			mode: options.mode,
			rises: (options.edge ?? 0) & Digital.Rising ? mask : 0,
			falls: (options.edge ?? 0) & Digital.Falling ? mask : 0,
			...(onReadable ? { onReadable: () => onReadable() } : {}),
		} as { pins: number; mode: unknown };
		super(bank);
	}

	override read(): 0 | 1 {
		return super.read() === 0 ? 0 : 1;
	}

	override write(value: 0 | 1 | number): void {
		super.write(value ? ~0 : 0);
	}
}
