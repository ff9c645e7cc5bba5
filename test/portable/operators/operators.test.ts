import { assert } from "../../support/assert.js";
import { MemoryRecordStore } from "../../../host-sim/hal/memory-storage.js";
import { PowerCut, PowerCutPlan } from "../../../host-sim/hal/power-cut.js";
import { SeededRandom } from "../../../host-sim/hal/seeded-random.js";
import { OperatorStore } from "../../../src/operators/operator-store.js";
import { pbkdf2Sha256 } from "../../../src/crypto/pbkdf2-sha256.js";
import { PASSWORD_ITERATIONS, hashPassword, passwordMatches } from "../../../src/operators/password-hash.js";

const POLICY = { attempts: 3, lockoutMs: 600_000 };
const T0 = Date.UTC(2026, 10, 21, 2, 0, 0);

function open(records = new MemoryRecordStore(new PowerCutPlan())) {
	const store = OperatorStore.open(records, new SeededRandom(7), POLICY, 8);
	assert.ok(store.ok);
	return { records, store: store.ok ? store.value : (undefined as never) };
}

describe("operators", () => {
	it("comes out of the box with 01/0000, supervisor 00/123456 and administrator 99/12345678", () => {
		const { store } = open();
		assert.deepEqual(
			store.list().map((o) => [o.id, o.role, o.factoryPassword]),
			[
				["00", "supervisor", true],
				["01", "operator", true],
				["99", "admin", true],
			],
		);
		assert.ok(store.verify("01", "0000", T0).ok);
		assert.ok(store.verify("00", "123456", T0).ok);
		assert.ok(store.verify("99", "12345678", T0).ok);
	});

	it("never stores a password in clear: records hold a salted hash that differs per operator", () => {
		const { records } = open();
		for (const name of records.names()) {
			const bytes = records.get(name)!;
			const text = String.fromCharCode(...bytes);
			assert.ok(!text.includes("0000") && !text.includes("123456"), name);
		}
		const a = hashPassword("0000", new SeededRandom(1), 4);
		const b = hashPassword("0000", new SeededRandom(2), 4);
		assert.notEqual(JSON.stringify(Array.from(a.hash)), JSON.stringify(Array.from(b.hash)));
		assert.ok(passwordMatches("0000", a) && !passwordMatches("0001", a));
	});

	it("hashes with the full iteration count by default", () => {
		assert.equal(hashPassword("0000", new SeededRandom(3)).iterations, PASSWORD_ITERATIONS);
	});

	it("counts wrong passwords, locks out after the limit, and unlocks when the time is up", () => {
		const { store } = open();
		assert.deepEqual(store.verify("01", "1111", T0), { ok: false, error: { kind: "wrong-password", triesLeft: 2 } });
		assert.deepEqual(store.verify("01", "2222", T0), { ok: false, error: { kind: "wrong-password", triesLeft: 1 } });
		assert.deepEqual(store.verify("01", "3333", T0), { ok: false, error: { kind: "locked", untilMs: T0 + 600_000 } });
		assert.deepEqual(
			store.verify("01", "0000", T0 + 1000),
			{ ok: false, error: { kind: "locked", untilMs: T0 + 600_000 } },
			"even the right password is refused while locked",
		);
		const after = store.verify("01", "0000", T0 + 600_000);
		assert.ok(after.ok && after.value.failures === 0);
	});

	it("keeps the failure count across a reboot", () => {
		const { records, store } = open();
		store.verify("01", "1111", T0);
		store.verify("01", "1111", T0);
		const again = open(new MemoryRecordStore(new PowerCutPlan(), records.durable()));
		assert.deepEqual(again.store.verify("01", "1111", T0).ok ? undefined : again.store.find("01")?.lockedUntilMs, T0 + 600_000);
	});

	it("adds and deletes cashiers, but never the supervisor or the administrator", () => {
		const { store } = open();
		assert.ok(store.add("02", "4321").ok);
		assert.ok(store.verify("02", "4321", T0).ok);
		assert.deepEqual(store.add("02", "4321"), { ok: false, error: { kind: "exists", id: "02" } });
		assert.deepEqual(store.add("00", "4321"), { ok: false, error: { kind: "bad-id", id: "00" } });
		assert.deepEqual(store.add("7", "4321"), { ok: false, error: { kind: "bad-id", id: "7" } });
		assert.deepEqual(store.add("03", "12"), { ok: false, error: { kind: "bad-password", length: 4 } });
		assert.ok(store.remove("02").ok);
		assert.deepEqual(store.verify("02", "4321", T0), { ok: false, error: { kind: "unknown-operator", id: "02" } });
		assert.deepEqual(store.remove("00"), { ok: false, error: { kind: "protected", id: "00" } });
		assert.deepEqual(store.remove("99"), { ok: false, error: { kind: "protected", id: "99" } });
	});

	it("changes a password, clearing the factory-password flag, with the role's length", () => {
		const { store } = open();
		assert.deepEqual(store.setPassword("00", "1234"), { ok: false, error: { kind: "bad-password", length: 6 } });
		const changed = store.setPassword("00", "654321");
		assert.ok(changed.ok && !changed.value.factoryPassword);
		assert.equal(store.verify("00", "123456", T0).ok, false);
		assert.ok(store.verify("00", "654321", T0).ok);
	});

	it("leaves the old password in force when power fails during a change", () => {
		const records = new MemoryRecordStore(new PowerCutPlan(2));
		open(records);
		const store = OperatorStore.open(records, new SeededRandom(1), POLICY, 8);
		assert.ok(store.ok);
		if (!store.ok) return;
		assert.throws(() => store.value.setPassword("01", "9999"), PowerCut);
		const again = open(new MemoryRecordStore(new PowerCutPlan(), records.durable()));
		assert.ok(again.store.verify("01", "0000", T0).ok);
	});

	it("rewrites a hash stored with fewer iterations at the next right sign-on, and only then", () => {
		const records = new MemoryRecordStore(new PowerCutPlan());
		open(records);
		const iterationsOf = (id: string) => new DataView(records.get(`op.${id}`)!.buffer).getUint32(3);
		assert.equal(iterationsOf("01"), 8);
		const calls: number[] = [];
		const kdf = (password: Uint8Array, salt: Uint8Array, iterations: number, keyBytes: number) => {
			calls.push(iterations);
			return pbkdf2Sha256(password, salt, iterations, keyBytes);
		};
		const upgraded = OperatorStore.open(records, new SeededRandom(3), POLICY, 16, kdf);
		assert.ok(upgraded.ok);
		if (!upgraded.ok) return;
		assert.deepEqual(upgraded.value.verify("01", "9999", T0), { ok: false, error: { kind: "wrong-password", triesLeft: 2 } });
		assert.equal(iterationsOf("01"), 8);
		assert.ok(upgraded.value.verify("01", "0000", T0).ok);
		assert.equal(iterationsOf("01"), 16);
		assert.deepEqual(calls, [8, 8, 16]);
		assert.ok(upgraded.value.verify("01", "0000", T0).ok);
		assert.deepEqual(calls, [8, 8, 16, 16]);
		assert.equal(iterationsOf("00"), 8);
		assert.ok(open(records).store.verify("01", "0000", T0).ok, "a store at fewer iterations still verifies the newer record");
	});
});
