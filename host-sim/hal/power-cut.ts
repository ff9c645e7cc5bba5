// Power-cut injection for the simulated storage: the Nth durable write (a record-store commit or a flash
// program) is interrupted, optionally after only part of its bytes, and the firmware run stops there.
// Platform-free.

/** Thrown out of the firmware's storage call that the power cut interrupted; the simulator then reboots. */
export class PowerCut extends Error {
	override name = "PowerCut";
}

export class PowerCutPlan {
	#writes = 0;
	#cutAt: number | undefined;
	#fraction: number;
	#tripped = false;

	/**
	 * @param cutAtWrite 1-based index of the durable write to interrupt; undefined for none.
	 * @param fraction share of that write's bytes that reach the medium (0 = none, 0.5 = half).
	 */
	constructor(cutAtWrite?: number, fraction = 0) {
		this.#cutAt = cutAtWrite;
		this.#fraction = fraction;
	}

	/** Durable writes seen so far. */
	get writes(): number {
		return this.#writes;
	}

	get tripped(): boolean {
		return this.#tripped;
	}

	/**
	 * Called before each durable write of `length` bytes. Returns how many bytes may land; when fewer
	 * than `length`, the caller writes that prefix and throws `PowerCut`.
	 */
	admit(length: number): number {
		if (this.#tripped) throw new PowerCut("the power is off");
		this.#writes++;
		if (this.#writes !== this.#cutAt) return length;
		this.#tripped = true;
		return Math.floor(length * this.#fraction);
	}
}
