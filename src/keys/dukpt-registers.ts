// The future-key registers of a DUKPT device, shared by TDES DUKPT (X9.24-1:2009 A.2: 21 registers,
// counters with at most 10 one-bits) and AES DUKPT (X9.24-3:2017 §6.1: 32 registers, at most 16).
// The initial key is used once to fill the registers and is never kept. After each transaction the key
// used is erased and the keys for the counters that follow it are derived from it.
//
// Public API: DukptScheme, DukptRegisters, keyAtCounter, popCount.

/** What differs between the TDES and AES schemes. */
export interface DukptScheme {
	/** Counter width in bits (21 or 32). */
	readonly counterBits: number;
	/** Most one-bits a usable counter may have (10 or 16). */
	readonly maxOneBits: number;
	/** Bytes per key register. */
	readonly keyBytes: number;
	/** The key for `counter` from the key of its parent counter (the same counter without its lowest one-bit). */
	derive(parentKey: Uint8Array, counter: number): Uint8Array;
}

export function popCount(x: number): number {
	let n = 0;
	for (let v = x >>> 0; v !== 0; v = (v & (v - 1)) >>> 0) n++;
	return n;
}

function lowestBit(x: number): number {
	let p = 0;
	while (((x >>> p) & 1) === 0) p++;
	return p;
}

/** Host side: the transaction key for `counter`, walking its one-bits from the top (X9.24-1 A.3). */
export function keyAtCounter(scheme: DukptScheme, initialKey: Uint8Array, counter: number): Uint8Array {
	let key = initialKey;
	let register = 0;
	for (let bit = scheme.counterBits - 1; bit >= 0; bit--) {
		if (((counter >>> bit) & 1) === 0) continue;
		register = (register | (1 << bit)) >>> 0;
		const next = scheme.derive(key, register);
		if (key !== initialKey) key.fill(0);
		key = next;
	}
	return key === initialKey ? initialKey.slice() : key;
}

export class DukptRegisters {
	readonly #scheme: DukptScheme;
	readonly #registers: Uint8Array;
	#counter: number;

	private constructor(scheme: DukptScheme, registers: Uint8Array, counter: number) {
		this.#scheme = scheme;
		this.#registers = registers;
		this.#counter = counter;
	}

	/** Fills the registers from the initial key (the caller then erases it); the first counter is 1. */
	static load(scheme: DukptScheme, initialKey: Uint8Array): DukptRegisters {
		const registers = new Uint8Array(scheme.counterBits * scheme.keyBytes);
		for (let j = 0; j < scheme.counterBits; j++) {
			const key = scheme.derive(initialKey, (1 << j) >>> 0);
			registers.set(key, j * scheme.keyBytes);
			key.fill(0);
		}
		return new DukptRegisters(scheme, registers, 1);
	}

	/**
	 * The registers as they stand when `counter` is next (tests and simulators that start mid-life);
	 * derived from the initial key as `load` then `counter − 1` advances would leave them.
	 */
	static at(scheme: DukptScheme, initialKey: Uint8Array, counter: number): DukptRegisters {
		const registers = new Uint8Array(scheme.counterBits * scheme.keyBytes);
		const p = lowestBit(counter);
		for (let j = p; j < scheme.counterBits; j++) {
			if (j !== p && ((counter >>> j) & 1) === 1) continue;
			const high = j + 1 >= 32 ? 0 : (counter >>> (j + 1)) << (j + 1);
			const key = keyAtCounter(scheme, initialKey, (high | (1 << j)) >>> 0);
			registers.set(key, j * scheme.keyBytes);
			key.fill(0);
		}
		return new DukptRegisters(scheme, registers, counter);
	}

	/** Restores saved registers (see `save`); undefined when the bytes do not fit the scheme. */
	static restore(scheme: DukptScheme, saved: Uint8Array): DukptRegisters | undefined {
		if (saved.length !== 4 + scheme.counterBits * scheme.keyBytes) return undefined;
		const counter = ((saved[0]! << 24) | (saved[1]! << 16) | (saved[2]! << 8) | saved[3]!) >>> 0;
		return new DukptRegisters(scheme, saved.slice(4), counter);
	}

	/** Counter (4 bytes, big-endian; 0 when exhausted) followed by the registers. */
	save(): Uint8Array {
		const out = new Uint8Array(4 + this.#registers.length);
		const c = this.#counter;
		out[0] = c >>> 24;
		out[1] = c >>> 16;
		out[2] = c >>> 8;
		out[3] = c;
		out.set(this.#registers, 4);
		return out;
	}

	/** The counter of the next transaction; 0 once exhausted. */
	get counter(): number {
		return this.#counter;
	}

	get exhausted(): boolean {
		return this.#counter === 0;
	}

	/** A copy of the current transaction key (caller zeroes it), or undefined when exhausted. */
	currentKey(): Uint8Array | undefined {
		if (this.exhausted) return undefined;
		const n = this.#scheme.keyBytes;
		const at = lowestBit(this.#counter) * n;
		return this.#registers.slice(at, at + n);
	}

	/** Ends the current transaction: derives the keys that follow, erases the one used, moves the counter on. */
	advance(): void {
		if (this.exhausted) return;
		const scheme = this.#scheme;
		const n = scheme.keyBytes;
		const c = this.#counter;
		const p = lowestBit(c);
		const current = this.#registers.subarray(p * n, p * n + n);
		const full = popCount(c) >= scheme.maxOneBits;
		if (!full) {
			for (let j = 0; j < p; j++) {
				const key = scheme.derive(current, (c | (1 << j)) >>> 0);
				this.#registers.set(key, j * n);
				key.fill(0);
			}
		}
		current.fill(0);
		const next = full ? c + 2 ** p : c + 1;
		this.#counter = next >= 2 ** scheme.counterBits ? 0 : next;
	}

	/** Erases every register (tamper, re-injection). */
	wipe(): void {
		this.#registers.fill(0);
		this.#counter = 0;
	}
}
