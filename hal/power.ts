import type { Unsubscribe } from "./result.js";

export interface PowerStatus {
	/** 0..100 */
	readonly batteryPercent: number;
	readonly batteryMillivolts: number;
	readonly charging: boolean;
	readonly externalPower: boolean;
}

export interface Power {
	status(): PowerStatus;
	/** The tamper switch line; true while the case is open. */
	readonly tamperLine: boolean;
	/** Fires when the tamper line trips (the secure element zeroises on its own side too). */
	onTamper(handler: () => void): Unsubscribe;
	/** Restarts the unit; does not return on the device. */
	reboot(): void;
	/** Releases the battery, charger and tamper inputs; no tamper events follow. */
	close(): void;
}
