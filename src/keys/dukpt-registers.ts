// The future-key registers of a DUKPT device, shared by TDES DUKPT (X9.24-1:2009 A.2: 21 registers,
// counters with at most 10 one-bits) and AES DUKPT (X9.24-3:2017 §6.1: 32 registers, at most 16).
// The initial key is used once to fill the registers and is never kept. After each transaction the key
// used is erased and the keys for the counters that follow it are derived from it. `take` splits that in
// two, so the derivation (up to 20 keys after counter 0x100000) is not on the PIN's path: it moves the counter
// on and marks the key taken (saved that way, so a power cut never reuses it); `settle` derives and erases.
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
	/** The counter whose key was taken and whose successors are not derived yet (see `take`). */
	#taken: number | undefined;

	private constructor(scheme: DukptScheme, registers: Uint8Array, counter: number, taken?: number) {
		this.#scheme = scheme;
		this.#registers = registers;
		this.#counter = counter;
		this.#taken = taken;
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
		const length = 4 + scheme.counterBits * scheme.keyBytes;
		if (saved.length !== length && saved.length !== length + 4) return undefined;
		const taken = saved.length === length ? undefined : readCounter(saved, length);
		return new DukptRegisters(scheme, saved.slice(4, length), readCounter(saved, 0), taken);
	}

	/**
	 * Counter (4 bytes, big-endian; 0 when exhausted) followed by the registers, and the taken counter (4 bytes)
	 * while a taken key is not settled.
	 */
	save(): Uint8Array {
		const length = 4 + this.#registers.length;
		const out = new Uint8Array(this.#taken === undefined ? length : length + 4);
		writeCounter(out, 0, this.#counter);
		out.set(this.#registers, 4);
		if (this.#taken !== undefined) writeCounter(out, length, this.#taken);
		return out;
	}

	/** The counter of the next transaction; 0 once exhausted. */
	get counter(): number {
		return this.#counter;
	}

	get exhausted(): boolean {
		return this.#counter === 0;
	}

	/** True while a taken key waits for `settle`. */
	get unsettled(): boolean {
		return this.#taken !== undefined;
	}

	/** A copy of the current transaction key (caller zeroes it), or undefined when exhausted; settles first. */
	currentKey(): Uint8Array | undefined {
		this.settle();
		if (this.exhausted) return undefined;
		const n = this.#scheme.keyBytes;
		const at = lowestBit(this.#counter) * n;
		return this.#registers.slice(at, at + n);
	}

	/**
	 * Takes the current transaction key (a copy; the caller zeroes it) and moves the counter on, leaving the
	 * derivation of the keys that follow to `settle`; undefined when exhausted.
	 */
	take(): Uint8Array | undefined {
		const key = this.currentKey();
		if (key === undefined) return undefined;
		const c = this.#counter;
		const next = popCount(c) >= this.#scheme.maxOneBits ? c + 2 ** lowestBit(c) : c + 1;
		this.#taken = c;
		this.#counter = next >= 2 ** this.#scheme.counterBits ? 0 : next;
		return key;
	}

	/** Derives the keys that follow the taken one from it (X9.24-1 A.2 "new key"), then erases it. */
	settle(): void {
		const c = this.#taken;
		if (c === undefined) return;
		const scheme = this.#scheme;
		const n = scheme.keyBytes;
		const p = lowestBit(c);
		const used = this.#registers.subarray(p * n, p * n + n);
		if (popCount(c) < scheme.maxOneBits) {
			for (let j = 0; j < p; j++) {
				const key = scheme.derive(used, (c | (1 << j)) >>> 0);
				this.#registers.set(key, j * n);
				key.fill(0);
			}
		}
		used.fill(0);
		this.#taken = undefined;
	}

	/** Ends the current transaction at once: takes its key, erases it and settles. */
	advance(): void {
		this.take()?.fill(0);
		this.settle();
	}

	/** Erases every register (tamper, re-injection). */
	wipe(): void {
		this.#registers.fill(0);
		this.#counter = 0;
		this.#taken = undefined;
	}
}

function readCounter(bytes: Uint8Array, at: number): number {
	return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function writeCounter(bytes: Uint8Array, at: number, counter: number): void {
	bytes[at] = counter >>> 24;
	bytes[at + 1] = counter >>> 16;
	bytes[at + 2] = counter >>> 8;
	bytes[at + 3] = counter;
}
