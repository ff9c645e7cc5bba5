// The ECMA-419 I2C class for the chip readers' bus (Moddable's embedded:io/i2c, synchronous, on the ESP32). The
// simulator build maps this module to ./no-i2c.js: Moddable's desktop simulator has no I2C, so no readers.
export { default } from "embedded:io/i2c";
