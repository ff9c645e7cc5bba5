// The simulator's power: a battery the user can set, the tamper line, and reboot. Platform-free.

import type { Power, PowerStatus } from "../../hal/power.js";
import type { Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";

export class SimPower implements Power {
	#status: PowerStatus = { batteryPercent: 86, batteryMillivolts: 3980, charging: false, externalPower: false };
	#tamperLine = false;
	readonly #tamper = new Listeners<void>();
	readonly #reboot = new Listeners<void>();
	#closed = false;

	status(): PowerStatus {
		return this.#status;
	}

	setStatus(status: PowerStatus): void {
		this.#status = status;
	}

	get tamperLine(): boolean {
		return this.#tamperLine;
	}

	onTamper(handler: () => void): Unsubscribe {
		return this.#tamper.add(handler);
	}

	/** Opens the case: the tamper line trips. */
	tamper(): void {
		this.#tamperLine = true;
		if (!this.#closed) this.#tamper.emit();
	}

	close(): void {
		this.#closed = true;
	}

	/** Called when the firmware asks for a reboot; the simulator rebuilds the terminal. */
	onReboot(handler: () => void): Unsubscribe {
		return this.#reboot.add(handler);
	}

	reboot(): void {
		this.#reboot.emit();
	}
}
