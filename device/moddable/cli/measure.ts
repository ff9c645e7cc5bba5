// A measured loop of a check program: the operation once (warm-up), then `loops` times between two calls of
// `mark()`, and a `measured` line naming the callgrind dump (--dump-before=xs_cli_mark) that holds the loop alone
// (host-sim/device/cli-program.ts reads it).

import { mark, print } from "./cli.js";

let marks = 0;

export function measure(fields: Readonly<Record<string, string>>, loops: number, operation: () => void): void {
	operation();
	mark();
	marks++;
	for (let i = 0; i < loops; i++) operation();
	mark();
	marks++;
	print(`measured\t${JSON.stringify({ ...fields, iterations: loops, dump: marks })}`);
}
