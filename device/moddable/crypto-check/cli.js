// The host functions of cli.c. XS host-function syntax, so this one module stays JavaScript; cli.d.ts types it.
export function input() @ "xs_crypto_check_input";
export function print(line) @ "xs_crypto_check_print";
export function mark() @ "xs_crypto_check_mark";
