// PreferenceRecordStore (device/moddable/storage.ts) guards the terminal parameters and the secure element's
// keys: each commit is atomic across records. Here it runs on a fake Preference that models Moddable's
// ESP32 preference module on NVS: one entry is written whole or not at all (NVS entries carry a CRC), but
// `set` erases the key before writing it. The power is cut before every single NVS operation of a commit
// (and again of the recovery at the next boot); after the reboot the store must read exactly the old or
// exactly the new records.

import { assert } from "../../support/assert.js";
import { PreferenceRecordStore } from "../../../device/moddable/storage.js";
import type { PreferenceModule } from "../../../device/moddable/io.js";

class PowerCut extends Error {}

/** NVS as the power left it: domain → key → value. */
type Image = Map<string, Map<string, Uint8Array>>;

function copyImage(image: Image): Image {
	return new Map([...image].map(([domain, keys]) => [domain, new Map([...keys].map(([key, value]) => [key, value.slice()]))]));
}

/** A Preference whose power fails before its `cutAt`-th NVS operation; every call after that throws too. */
class FakePreference implements PreferenceModule {
	readonly image: Image;
	/** NVS operations done so far: an erase, a write (each half of `set`), or a delete. */
	operations = 0;
	readonly #cutAt: number;

	constructor(image: Image = new Map(), cutAt = Infinity) {
		this.image = image;
		this.#cutAt = cutAt;
	}

	get(domain: string, key: string): unknown {
		this.#powered();
		return this.image.get(domain)?.get(key)?.slice().buffer;
	}

	set(domain: string, key: string, value: ArrayBuffer): void {
		// Moddable's preference.c for ESP32: nvs_erase_key, then nvs_set_blob, then nvs_commit.
		this.#operation();
		this.#keys(domain).delete(key);
		this.#operation();
		this.#keys(domain).set(key, new Uint8Array(value.slice(0)));
	}

	delete(domain: string, key: string): void {
		this.#operation();
		this.#keys(domain).delete(key);
	}

	keys(domain: string): string[] {
		this.#powered();
		return [...this.#keys(domain).keys()];
	}

	#keys(domain: string): Map<string, Uint8Array> {
		let keys = this.image.get(domain);
		if (!keys) this.image.set(domain, (keys = new Map()));
		return keys;
	}

	#operation(): void {
		this.#powered();
		this.operations++;
		if (this.operations >= this.#cutAt) throw new PowerCut("power cut");
	}

	#powered(): void {
		if (this.operations >= this.#cutAt) throw new PowerCut("power cut");
	}
}

const DOMAIN = "posterm";
const text = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));

type Records = Record<string, string>;

function open(preference: PreferenceModule): PreferenceRecordStore {
	return new PreferenceRecordStore({ Preference: preference, domain: DOMAIN });
}

function read(store: PreferenceRecordStore): Records {
	const records: Records = {};
	for (const name of [...store.names()].sort()) records[name] = String.fromCharCode(...store.get(name)!);
	return records;
}

/** Stages `change` (null deletes) and commits it. */
function commit(
	store: PreferenceRecordStore,
	change: { readonly [name: string]: string | null },
): ReturnType<PreferenceRecordStore["commit"]> {
	for (const name of Object.keys(change)) {
		const value = change[name];
		if (value === null || value === undefined) store.delete(name);
		else assert.ok(store.set(name, text(value)).ok);
	}
	return store.commit();
}

/** The image after committing `steps` in turn on a fresh store, without cuts. */
function imageAfter(steps: readonly { readonly [name: string]: string | null }[]): Image {
	const preference = new FakePreference();
	for (const step of steps) assert.ok(commit(open(preference), step).ok);
	return preference.image;
}

/** Every cut point of `change` on `before`: the boots after it read `old` or `next`, nothing else. */
function everyCut(
	before: Image,
	change: { readonly [name: string]: string | null },
	old: Records,
	next: Records,
): { olds: number; news: number; commitOperations: number } {
	const counted = new FakePreference(copyImage(before));
	const store = open(counted);
	const start = counted.operations;
	assert.ok(commit(store, change).ok);
	assert.deepEqual(read(open(counted)), next, "without a cut the commit takes");
	const commitOperations = counted.operations - start;
	assert.ok(commitOperations >= 6, `${commitOperations} NVS operations in the commit`);
	let olds = 0;
	let news = 0;
	for (let cut = 1; cut <= commitOperations; cut++) {
		const cutImage = copyImage(before);
		const dying = new FakePreference(cutImage, start + cut);
		const result = commit(open(dying), change);
		const seen = read(open(new FakePreference(copyImage(cutImage))));
		// Past the commit record's write the commit has taken (the cut fell in the clean-up of old slots).
		if (result.ok) assert.deepEqual(seen, next, `cut ${cut}: a commit that reported success reads back`);
		else
			assert.ok(
				JSON.stringify(seen) === JSON.stringify(old) || JSON.stringify(seen) === JSON.stringify(next),
				`cut ${cut}: read ${JSON.stringify(seen)}`,
			);
		if (JSON.stringify(seen) === JSON.stringify(old)) olds++;
		else news++;
		// The first boot's recovery deletes leftovers; cut it too, before each of its operations.
		for (let recoveryCut = 1; ; recoveryCut++) {
			const again = copyImage(cutImage);
			const rebooting = new FakePreference(again, recoveryCut);
			try {
				open(rebooting);
				break;
			} catch (error) {
				if (!(error instanceof PowerCut)) throw error;
			}
			assert.deepEqual(read(open(new FakePreference(again))), seen, `cut ${cut}, recovery cut ${recoveryCut}: the same records`);
		}
		// The store goes on working after the cut: one more commit, and it reads back after a reboot.
		const survivor = new FakePreference(copyImage(cutImage));
		assert.ok(commit(open(survivor), { after: "ok" }).ok);
		assert.deepEqual(read(open(survivor)), { ...seen, after: "ok" });
	}
	return { olds, news, commitOperations };
}

describe("PreferenceRecordStore (device/moddable/storage.ts) on a Preference that loses power", () => {
	it("reads the old or the new records after a cut before any NVS operation of a first commit", () => {
		const { olds, commitOperations } = everyCut(
			new Map(),
			{ params: "terminal 12345678", "key-tmk": "0123456789ABCDEF" },
			{},
			{ "key-tmk": "0123456789ABCDEF", params: "terminal 12345678" },
		);
		// Nothing to clean up after a first commit: every cut falls before its commit record is written.
		assert.equal(olds, commitOperations);
	});

	it("reads the old or the new records after a cut anywhere in a commit that rewrites, adds and deletes", () => {
		const before = imageAfter([{ params: "v1", "key-tmk": "tmk-1", stale: "x" }, { params: "v2" }]);
		const old = { "key-tmk": "tmk-1", params: "v2", stale: "x" };
		assert.deepEqual(read(open(new FakePreference(copyImage(before)))), old);
		const { olds, news } = everyCut(before, { params: "v3", "key-pik": "pik-1", stale: null }, old, {
			"key-pik": "pik-1",
			"key-tmk": "tmk-1",
			params: "v3",
		});
		assert.ok(olds > 0 && news > 0, `${olds} cuts read the old records, ${news} the new`);
	});

	it("never rewrites a key the last commit depends on: the committed slots outlive a torn commit", () => {
		const before = imageAfter([{ params: "v1" }]);
		const keysBefore = new Map(before.get(DOMAIN));
		const preference = new FakePreference(copyImage(before));
		assert.ok(commit(open(preference), { params: "v2" }).ok);
		const rewritten = [...keysBefore.keys()].filter(
			(key) =>
				preference.image.get(DOMAIN)!.get(key) !== undefined &&
				String(preference.image.get(DOMAIN)!.get(key)) !== String(keysBefore.get(key)),
		);
		assert.deepEqual(rewritten, [], "the commit wrote only spare keys");
	});

	it("refuses a record over the preference size limit and a bad name, and keeps staged changes out of NVS until commit", () => {
		const preference = new FakePreference();
		const store = open(preference);
		assert.deepEqual(store.set("big", new Uint8Array(store.maxRecordBytes + 1)), {
			ok: false,
			error: { kind: "too-large", maxBytes: store.maxRecordBytes },
		});
		assert.throws(() => store.set("", text("x")), RangeError);
		assert.ok(store.set("params", text("v1")).ok);
		assert.equal(preference.operations, 0);
		assert.deepEqual(read(open(preference)), {});
		store.rollback();
		assert.deepEqual(store.names(), []);
	});
});
