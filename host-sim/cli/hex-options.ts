// Hex at the command line: options that carry bytes as hex, and bytes printed as upper-case hex.
//
// Public API: upperHex(bytes), hexOption(option, text, lengths?).

import { UsageError } from "./command.js";

export const upperHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex").toUpperCase();

/** The bytes of --option's hex value; a UsageError if it is missing, not hex, or not one of `lengths` bytes long. */
export function hexOption(option: string, text: string | undefined, lengths?: readonly number[]): Uint8Array {
	if (text === undefined) throw new UsageError(`--${option} is required`);
	if (text.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(text)) throw new UsageError(`--${option} must be hex (an even number of 0-9, A-F)`);
	const bytes = Uint8Array.from(Buffer.from(text, "hex"));
	if (lengths && !lengths.includes(bytes.length))
		throw new UsageError(`--${option} must be ${lengths.join(", ")} bytes, got ${bytes.length}`);
	return bytes;
}
