/** The whole of stdin. */
export function input(): string;
/** Writes one line to stdout. */
export function print(line: string): void;
/** Does nothing: callgrind (--dump-before=xs_cli_mark) writes a dump each time it is entered. */
export function mark(): void;
