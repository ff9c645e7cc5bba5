// The card read without a cryptogram, for the flows that take a chip card only to know it (a refund, a
// pre-authorisation's void or completion): GET PROCESSING OPTIONS and the AFL's records (EMV 4.3 Book 3 §10.1–
// 10.2), from which the PAN (5A), track 2 equivalent (57), expiry (5F24) and PAN sequence number (5F34).
// No offline data authentication, cardholder verification or GENERATE AC: nothing of the card goes online but
// what a swipe gives, with the chip's entry mode and sequence number. A tap's GPO carries the qPBOC TTQ
// (JR/T 0025.12 §6.2); the cryptogram the card answers it with is not used.
//
// Public API: readCard.

import { ok, type Result } from "../../hal/result.js";
import { applicationName, chipCard } from "./chip-data.js";
import type { KernelContext } from "./contact-kernel.js";
import type { KernelError } from "./kernel-error.js";
import type { ChipCard } from "./outcome.js";
import { initiateProcessing, readApplicationData } from "./processing.js";
import { contactlessTtq } from "./qpboc.js";
import type { SelectedApplication } from "./selection.js";
import { terminalValue } from "./terminal-parameters.js";

/** Book 3 §7.2: the PAN and the expiry date are mandatory in every card. */
const READ_MANDATORY = [0x5a, 0x5f24];

/** The selected application read: GPO, the records, the card as the flow needs it. */
export async function readCard(
	ctx: KernelContext,
	application: SelectedApplication,
	label: string,
	tap: boolean,
): Promise<Result<ChipCard, KernelError>> {
	const { params, txn } = ctx;
	const ttq = tap ? contactlessTtq(params, txn) : undefined;
	const terminal = (tag: number) => (tag === 0x9f66 && ttq !== undefined ? ttq : terminalValue(params, txn, tag));
	const options = await initiateProcessing(ctx.channel, application.pdol, terminal);
	if (!options.ok) return options;
	const read = await readApplicationData(ctx.channel, options.value, READ_MANDATORY);
	if (!read.ok) return read;
	return ok(chipCard(read.value.data, application.aid, applicationName(application.fci, label), tap ? "contactless" : "contact"));
}
