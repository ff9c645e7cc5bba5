// The simulator build's stand-in for ./i2c-class.js: no I2C bus, so the Hal has no chip readers.
export default undefined;
