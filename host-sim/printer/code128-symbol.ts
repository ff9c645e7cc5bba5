// CODE128 symbol builder for the printer emulator (ISO/IEC 15417): what a printer draws for GS k m=73.
// The data starts with a code-set selector ("{A", "{B", "{C"); "{{" is a literal "{" (ESC/POS GS k).
// Platform-free.

// ISO/IEC 15417 Table 1: bar/space widths of symbol values 0–105, then the stop pattern (13 modules).
const PATTERNS = [
	"212222",
	"222122",
	"222221",
	"121223",
	"121322",
	"131222",
	"122213",
	"122312",
	"132212",
	"221213",
	"221312",
	"231212",
	"112232",
	"122132",
	"122231",
	"113222",
	"123122",
	"123221",
	"223211",
	"221132",
	"221231",
	"213212",
	"223112",
	"312131",
	"311222",
	"321122",
	"321221",
	"312212",
	"322112",
	"322211",
	"212123",
	"212321",
	"232121",
	"111323",
	"131123",
	"131321",
	"112313",
	"132113",
	"132311",
	"211313",
	"231113",
	"231311",
	"112133",
	"112331",
	"132131",
	"113123",
	"113321",
	"133121",
	"313121",
	"211331",
	"231131",
	"213113",
	"213311",
	"213131",
	"311123",
	"311321",
	"331121",
	"312113",
	"312311",
	"332111",
	"314111",
	"221411",
	"431111",
	"111224",
	"111422",
	"121124",
	"121421",
	"141122",
	"141221",
	"112214",
	"112412",
	"122114",
	"122411",
	"142112",
	"142211",
	"241211",
	"221114",
	"413111",
	"241112",
	"134111",
	"111242",
	"121142",
	"121241",
	"114212",
	"124112",
	"124211",
	"411212",
	"421112",
	"421211",
	"212141",
	"214121",
	"412121",
	"111143",
	"111341",
	"131141",
	"114113",
	"114311",
	"411113",
	"411311",
	"113141",
	"114131",
	"311141",
	"411131",
	"211412",
	"211214",
	"211232",
] as const;
const STOP = "2331112";
const START: Readonly<Record<string, number>> = { A: 103, B: 104, C: 105 };

export interface Code128Symbol {
	/** One entry per module, 1 = bar. */
	readonly modules: Uint8Array;
	/** The human-readable text (the data without selectors). */
	readonly text: string;
}

/** Builds the symbol, or a reason the printer would refuse the data. */
export function buildCode128(data: Uint8Array): Code128Symbol | string {
	if (data.length < 2 || data[0] !== 0x7b || START[String.fromCharCode(data[1]!)] === undefined)
		return "CODE128 data must start with {A, {B or {C";
	let set = String.fromCharCode(data[1]!);
	const values = [START[set]!];
	let text = "";
	for (let i = 2; i < data.length; i++) {
		const b = data[i]!;
		if (b === 0x7b) {
			const next = data[++i];
			if (next === 0x7b) {
				if (set === "C") return "literal { in code set C";
				values.push(0x7b - 0x20);
				text += "{";
			} else if (next !== undefined && START[String.fromCharCode(next)] !== undefined) {
				const to = String.fromCharCode(next);
				values.push(to === "A" ? 101 : to === "B" ? 100 : 99);
				set = to;
			} else return `unsupported CODE128 function {${next === undefined ? "" : String.fromCharCode(next)}`;
			continue;
		}
		if (set === "C") {
			if (b > 99) return `code set C value ${b} > 99`;
			values.push(b);
			text += b < 10 ? `0${b}` : `${b}`;
		} else if (set === "B") {
			if (b < 0x20 || b > 0x7f) return `byte 0x${b.toString(16)} outside code set B`;
			values.push(b - 0x20);
			text += String.fromCharCode(b);
		} else {
			if (b > 0x5f) return `byte 0x${b.toString(16)} outside code set A`;
			values.push(b < 0x20 ? b + 64 : b - 0x20);
			text += b < 0x20 ? " " : String.fromCharCode(b);
		}
	}
	let check = values[0]!;
	for (let i = 1; i < values.length; i++) check += values[i]! * i;
	values.push(check % 103);
	const widths = values.map((v) => PATTERNS[v]!).join("") + STOP;
	const modules: number[] = [];
	for (let i = 0; i < widths.length; i++) for (let w = Number(widths[i]); w > 0; w--) modules.push(i % 2 === 0 ? 1 : 0);
	return { modules: Uint8Array.from(modules), text };
}
