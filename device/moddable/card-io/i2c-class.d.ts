// embedded:io/i2c on the device (board-readers.ts takes it as an I2cClass, io.ts). The simulator build has no
// I2C and never builds this module: it maps board-readers to ../sim/chip-readers.ts.
import type I2C from "embedded:io/i2c";

declare const I2cIo: typeof I2C;
export default I2cIo;
