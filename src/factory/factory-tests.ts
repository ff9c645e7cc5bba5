// The factory tests in their default order (docs/factory-mode.md §6): cheap, non-interactive tests first,
// operator steps in the middle, the network last.

import type { FactoryTest } from "./factory-test.js";
import { clockCheck } from "./checks/clock-check.js";
import { contactReaderCheck } from "./checks/contact-reader-check.js";
import { contactlessReaderCheck } from "./checks/contactless-reader-check.js";
import { displayCheck } from "./checks/display-check.js";
import { indicatorsCheck } from "./checks/indicators-check.js";
import { keypadCheck } from "./checks/keypad-check.js";
import { msrCheck } from "./checks/msr-check.js";
import { networkCheck } from "./checks/network-check.js";
import { powerCheck } from "./checks/power-check.js";
import { printerCheck } from "./checks/printer-check.js";
import { secureCheck } from "./checks/secure-check.js";
import { storageCheck } from "./checks/storage-check.js";

export const FACTORY_TESTS: readonly FactoryTest[] = [
	powerCheck,
	clockCheck,
	storageCheck,
	secureCheck,
	keypadCheck,
	displayCheck,
	indicatorsCheck,
	msrCheck,
	contactReaderCheck,
	contactlessReaderCheck,
	printerCheck,
	networkCheck,
];
