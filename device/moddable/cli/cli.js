// The host functions of cli.c. XS host-function syntax, so this one module stays JavaScript; cli.d.ts types it.
export function input() @ "xs_cli_input";
export function print(line) @ "xs_cli_print";
export function mark() @ "xs_cli_mark";
