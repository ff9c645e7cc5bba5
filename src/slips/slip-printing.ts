// The application's entry for printing a transaction slip: compose the copies, hand them to the driver.
// The returned session is the tear-off hook: on the `tear-off` event the terminal shows its prompt
// (e.g. 请撕下商户存根，按确认键打印下一联) and calls `session.nextCopy()` on ENTER; the driver goes on by
// itself after its timeout.

import type { Result } from "../../hal/result.js";
import type { PrintEvent, PrinterDriver, PrintSession } from "../printer/printer-driver.js";
import type { SlipTransaction } from "./slip-data.js";
import type { SlipPrinter } from "./slip-writer.js";
import { transactionSlipCopies } from "./transaction-slip.js";

export interface SlipPrintOptions {
	/** 1–3 (merchant, cardholder, bank copy). */
	readonly copies: number;
	/** Printed from the journal again: marked REPRINT. */
	readonly reprint?: boolean;
	readonly printer?: SlipPrinter;
}

export function printTransactionSlip(
	driver: PrinterDriver,
	tx: SlipTransaction,
	options: SlipPrintOptions,
	onEvent: (event: PrintEvent) => void,
): Result<PrintSession, "busy" | "nothing-to-print"> {
	return driver.print(transactionSlipCopies(tx, options.copies, { reprint: options.reprint, printer: options.printer }), onEvent);
}
