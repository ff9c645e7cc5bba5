// One device on an I2C bus, as the readers' drivers use it (ECMA-419 I2C: a write, optionally without the stop
// condition so that a read follows with a repeated start, and a read). The device binds it to Moddable's
// `embedded:io/i2c`; host-sim to emulated chips.
//
// Public API: I2cDevice.

import type { Result } from "../../hal/result.js";

export interface I2cDevice {
	/** Writes the bytes; `stop` false leaves the bus for a read with a repeated start. */
	write(bytes: Uint8Array, stop?: boolean): Result<void, string>;
	read(length: number): Result<Uint8Array, string>;
}
