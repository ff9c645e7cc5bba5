// The ECMA-419 I2C class for the chip readers' bus (Moddable's embedded:io/i2c, synchronous, on the ESP32). The
// simulator build has no I2C and does not build it (card-io/board-readers is mapped to sim/chip-readers there).
export { default } from "embedded:io/i2c";
