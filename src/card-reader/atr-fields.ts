// What the reader needs from an ATR beyond src/emv/atr.ts: how long it is while it is still arriving, and the
// interface bytes by group (ISO/IEC 7816-3 §8.2.2) for the global TA2 (specific mode, §8.3), TC2 (T=0's WI,
// §10.2) and the first T=1 group's TA (IFSC), TB (BWI, CWI) and TC (error detection code) (§11.4).
//
// Public API: atrLength, InterfaceGroup, interfaceGroups, T1Parameters, t1Parameters, inverseByte.

/** The interface bytes of one group i: TAi, TBi, TCi, TDi as present. */
export interface InterfaceGroup {
	readonly ta?: number;
	readonly tb?: number;
	readonly tc?: number;
	readonly td?: number;
}

/**
 * The whole ATR's length once the bytes so far tell it, or undefined while a further byte is needed to know
 * it (T0, then each TDi announce what follows; TCK is there when a TDi offers a protocol other than T=0).
 */
export function atrLength(bytes: Uint8Array): number | undefined {
	if (bytes.length < 2) return undefined;
	let y = bytes[1]! >> 4;
	const k = bytes[1]! & 0x0f;
	let at = 2;
	let tck = false;
	for (;;) {
		const count = (y & 1) + ((y >> 1) & 1) + ((y >> 2) & 1) + ((y >> 3) & 1);
		if ((y & 8) === 0) {
			at += count;
			break;
		}
		const tdAt = at + count - 1;
		if (tdAt >= bytes.length) return undefined;
		const td = bytes[tdAt]!;
		if ((td & 0x0f) !== 0) tck = true;
		at += count;
		y = td >> 4;
	}
	return at + k + (tck ? 1 : 0);
}

/** The groups of interface bytes of a complete ATR (group 1 first); stops where the bytes end. */
export function interfaceGroups(atr: Uint8Array): InterfaceGroup[] {
	const groups: InterfaceGroup[] = [];
	if (atr.length < 2) return groups;
	let y = atr[1]! >> 4;
	let at = 2;
	for (;;) {
		const take = (bit: number): number | undefined => ((y & bit) !== 0 && at < atr.length ? atr[at++] : undefined);
		const ta = take(1);
		const tb = take(2);
		const tc = take(4);
		const td = take(8);
		groups.push({
			...(ta === undefined ? {} : { ta }),
			...(tb === undefined ? {} : { tb }),
			...(tc === undefined ? {} : { tc }),
			...(td === undefined ? {} : { td }),
		});
		if (td === undefined) return groups;
		y = td >> 4;
	}
}

export interface T1Parameters {
	/** The card's information field size (TA of the first T=1 group, default 32; 1–254). */
	readonly ifsc: number;
	/** TB's high nibble (default 4) and low nibble (default 13). */
	readonly bwi: number;
	readonly cwi: number;
	/** TC bit 1: CRC instead of LRC. */
	readonly crc: boolean;
}

/** §11.4: the T=1 parameters from the first group i ≥ 3 following a TDi that names T=1 (group 2 is global). */
export function t1Parameters(groups: readonly InterfaceGroup[]): T1Parameters {
	const at = groups.findIndex((_, i) => i >= 2 && groups[i - 1]!.td !== undefined && (groups[i - 1]!.td! & 0x0f) === 1);
	const group = at < 0 ? {} : groups[at]!;
	const tb = group.tb ?? 0x4d;
	return { ifsc: group.ta ?? 32, bwi: tb >> 4, cwi: tb & 0x0f, crc: ((group.tc ?? 0) & 1) === 1 };
}

/** §8.1: a character of the inverse convention read as direct: bits in reverse order and complemented (3F reads 03). */
export function inverseByte(byte: number): number {
	let out = 0;
	for (let bit = 0; bit < 8; bit++) if ((byte & (1 << bit)) === 0) out |= 0x80 >> bit;
	return out;
}
