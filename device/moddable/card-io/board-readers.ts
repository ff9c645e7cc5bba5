// The device's chip readers: the board's, over Moddable's ECMA-419 I2C (card-readers.ts). The simulator build
// maps this module to ../sim/chip-readers.ts (Moddable's simulator has no I2C).

import type { BoardCardReaders } from "../../../hal/board.js";
import type { Clock } from "../../../hal/clock.js";
import { createCardReaders, type CardReaders } from "../card-readers.js";
import type { I2cClass } from "../io.js";
import I2cIo from "./i2c-class.js";

// The typings' I2C lacks the `close()` every ECMA-419 IO class has (Moddable's modules/io implements it).
export default function boardCardReaders(readers: BoardCardReaders, clock: Clock): CardReaders {
	return createCardReaders(readers, I2cIo as unknown as I2cClass, clock);
}
