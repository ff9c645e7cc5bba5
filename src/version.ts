/** The firmware version, reported on the idle screen, to the factory jig and in logs. Matches package.json. */
export const FIRMWARE_VERSION = "0.1.0";
export const PRODUCT_NAME = "posterm";
