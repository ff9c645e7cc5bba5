/** The hardware random source (ESP32 TRNG, or the OS CSPRNG in the simulator). */
export interface RandomSource {
	/** Fills `bytes` with cryptographically strong random bytes. */
	fill(bytes: Uint8Array): void;
}
