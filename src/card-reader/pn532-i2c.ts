// The PN532's I2C host interface (UM0701-02 §6.2.4; PN532 data sheet §8.3.2.4): 7-bit address 24; a frame is
// written as is; every read gives the status byte first (bit 0 set: a frame is ready), then the frame. The host
// polls with one-byte reads (the status alone, 23 µs at 400 kHz) and reads status and frame together once ready,
// instead of clocking a whole frame's length out on every poll.
//
// Public API: PN532_I2C_ADDRESS, pn532I2cLink.

import { err, ok } from "../../hal/result.js";
import type { I2cDevice } from "./i2c-device.js";
import type { Pn532Link } from "./pn532-reader.js";

export const PN532_I2C_ADDRESS = 0x24;

export function pn532I2cLink(device: I2cDevice): Pn532Link {
	return {
		write: (frame) => device.write(frame),
		read: (length) => {
			const status = device.read(1);
			if (!status.ok) return err(status.error);
			if ((status.value[0]! & 1) === 0) return ok(undefined);
			const r = device.read(length + 1);
			if (!r.ok) return err(r.error);
			return ok((r.value[0]! & 1) === 0 ? undefined : r.value.subarray(1));
		},
	};
}
