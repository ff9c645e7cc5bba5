// The firmware's heap census in mcsim (device/moddable/sim/heap-census.c, asked through the posterm simulator
// device): what is live after a collection, in slots and chunks, and what that is on the 32-bit device
// (16-byte slots, chunks re-laid by the census itself). XS's instruments sample once a second and count garbage
// not yet collected; the census does not.

/** XS slots are 16 bytes on the 32-bit device (xs/sources/xsAll.h txSlot). */
export const DEVICE_SLOT_BYTES = 16;

export interface HeapCensus {
	readonly slots: number;
	/** Live chunk bytes in this 64-bit simulator. */
	readonly chunkBytes: number;
	/** The same chunks laid out for the 32-bit device. */
	readonly deviceChunkBytes: number;
	/** By kind: [chunks, bytes, device bytes]. */
	readonly kinds: Readonly<Record<string, readonly [number, number, number]>>;
	/** The largest chunks: [kind, bytes, device bytes, length]. */
	readonly largest: readonly (readonly [string, number, number, number])[];
}

const LINE = /^posterm census (\S+) (\{.*\})\s*$/;

/** The census in a traced line (`posterm census <tag> <json>`), or undefined for any other line. */
export function parseCensusLine(line: string): { readonly tag: string; readonly census: HeapCensus } | undefined {
	const match = LINE.exec(line);
	if (!match) return undefined;
	const census = JSON.parse(match[2]!) as HeapCensus;
	if (!Number.isInteger(census.slots) || !Number.isInteger(census.deviceChunkBytes)) throw new Error(`malformed census: ${line}`);
	return { tag: match[1]!, census };
}

/** Live bytes on the device: slots × 16 + chunks as the device lays them out. */
export function deviceLiveBytes(census: HeapCensus): number {
	return census.slots * DEVICE_SLOT_BYTES + census.deviceChunkBytes;
}

/** One line: the live heap and its largest parts. */
export function formatCensus(census: HeapCensus): string {
	const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
	const kinds = Object.entries(census.kinds)
		.filter(([, [count]]) => count > 0)
		.sort(([, a], [, b]) => b[2] - a[2])
		.map(([kind, [count, , device]]) => `${kind} ${kb(device)} (${count})`)
		.join(", ");
	return (
		`${census.slots} slots (${kb(census.slots * DEVICE_SLOT_BYTES)}) + chunks ${kb(census.deviceChunkBytes)} = ` +
		`${kb(deviceLiveBytes(census))} on a 32-bit device; chunks: ${kinds}`
	);
}
