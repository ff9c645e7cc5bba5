// The command prefixes of ESC/POS (Epson ESC/POS Command Reference) and how commands are named: by the
// reference's mnemonics ("GS V", "DLE EOT"), for the interpreter's dispatch and its diagnostics.

export const DLE = 0x10;
export const ESC = 0x1b;
export const FS = 0x1c;
export const GS = 0x1d;
const CONTROL_NAMES: Readonly<Record<number, string>> = { 0x04: "EOT", 0x05: "ENQ", 0x14: "DC4", 0x20: "SP" };

function prefixName(prefix: number): string {
	return prefix === ESC ? "ESC" : prefix === GS ? "GS" : prefix === FS ? "FS" : prefix === DLE ? "DLE" : `0x${hex(prefix)}`;
}

/** The dispatch key of a command: prefix and function byte as the reference writes them ("GS V", "DLE EOT"). */
export function commandKey(prefix: number, fn: number): string {
	return `${prefixName(prefix)} ${CONTROL_NAMES[fn] ?? String.fromCharCode(fn)}`;
}

/** A command as a diagnostic names it: the function byte in hex where it is not printable. */
export function describe(prefix: number, fn: number | undefined): string {
	const name = prefixName(prefix);
	if (fn === undefined) return name;
	return fn > 0x20 && fn < 0x7f ? `${name} ${String.fromCharCode(fn)}` : `${name} 0x${hex(fn)}`;
}

export function hex(b: number): string {
	return (b < 16 ? "0" : "") + b.toString(16).toUpperCase();
}
