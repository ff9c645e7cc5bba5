// The live heap of an XS machine, read from the snapshot xsnap writes at exit (`-w`): xsnap collects
// garbage, then writes atoms (u32 big-endian size, 4-character type, data). "VERS" ends with the size of a
// slot on this build, "HEAP" holds the live slots and "BLOC" the live chunks (strings, typed-array
// buffers, …) (Moddable xs/sources/xsSnapshot.c, fxWriteSnapshot).

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runXsModule } from "./xs.js";

export interface XsHeap {
	readonly slots: number;
	readonly chunkBytes: number;
}

/** An XS slot on the 32-bit ESP32 (xs/sources/xsAll.h txSlot: four 4-byte words). */
export const DEVICE_SLOT_BYTES = 16;

/** The heap of a snapshot file's bytes. */
export function heapOfSnapshot(bytes: Uint8Array): XsHeap {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const type = (at: number) => String.fromCharCode(...bytes.subarray(at + 4, at + 8));
	if (type(0) !== "XS_M") throw new Error("not an XS snapshot");
	const atoms = new Map<string, { at: number; size: number }>();
	for (let at = 8; at + 8 <= bytes.length;) {
		const size = view.getUint32(at);
		if (size < 8) throw new Error(`bad atom size ${size} at ${at}`);
		atoms.set(type(at), { at, size });
		at += size;
	}
	const vers = atoms.get("VERS");
	const heap = atoms.get("HEAP");
	const bloc = atoms.get("BLOC");
	if (!vers || !heap || !bloc) throw new Error("snapshot without VERS, HEAP or BLOC");
	const slotBytes = Math.abs(view.getInt8(vers.at + 11));
	return { slots: (heap.size - 8) / slotBytes, chunkBytes: bloc.size - 8 };
}

/** Runs an entry module in xsnap and returns the heap it leaves. */
export async function heapAfter(entry: string): Promise<XsHeap> {
	const dir = mkdtempSync(join(tmpdir(), "posterm-heap-"));
	try {
		const snapshot = join(dir, "heap.xss");
		const run = await runXsModule(entry, { snapshot });
		if (run.code !== 0) throw new Error(`${entry} failed (exit ${run.code}): ${run.stdout}${run.stderr}`);
		return heapOfSnapshot(readFileSync(snapshot));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Device bytes of a heap: slots at the 32-bit size, chunks as they are. */
export function deviceBytes(heap: XsHeap): number {
	return heap.slots * DEVICE_SLOT_BYTES + heap.chunkBytes;
}
