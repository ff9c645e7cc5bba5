// The factory tests in their default order (factory-test.md §7): cheap, non-interactive tests first,
// operator steps in the middle, the network last.

import type { FactoryTest } from "./factory-test.js";
import { clockTest } from "./tests/clock-test.js";
import { displayTest } from "./tests/display-test.js";
import { indicatorsTest } from "./tests/indicators-test.js";
import { keypadTest } from "./tests/keypad-test.js";
import { msrTest } from "./tests/msr-test.js";
import { networkTest } from "./tests/network-test.js";
import { powerTest } from "./tests/power-test.js";
import { printerTest } from "./tests/printer-test.js";
import { secureTest } from "./tests/secure-test.js";
import { storageTest } from "./tests/storage-test.js";

export const FACTORY_TESTS: readonly FactoryTest[] = [
	powerTest, clockTest, storageTest, secureTest, keypadTest, displayTest, indicatorsTest, msrTest, printerTest, networkTest,
];
