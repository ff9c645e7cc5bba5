// embedded:io/i2c on the device, undefined in the simulator build (./no-i2c.js). hal.ts passes it where an
// I2cClass (io.ts) is expected, so the type check proves Moddable's class fits.
import type I2C from "embedded:io/i2c";

declare const I2cIo: typeof I2C | undefined;
export default I2cIo;
