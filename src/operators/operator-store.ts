// Operators (收银员), the supervisor (主管) and the system administrator, persisted one record each in the
// record store. Out of the box: 01/0000, 00/123456, 99/12345678 (docs/cashier-ui.md §4). Passwords are kept
// only as salted hashes; repeated failures lock the operator out for a while. A record carries its own
// iteration count (the algorithm is PBKDF2-HMAC-SHA256 in every record so far), so records written with fewer
// iterations than the store's still verify, and are rewritten with the store's count at their next sign-on.

import type { RandomSource } from "../../hal/random.js";
import type { RecordStore, StorageError } from "../../hal/storage.js";
import { err, ok, type Result } from "../../hal/result.js";
import {
	HASH_BYTES,
	PASSWORD_ITERATIONS,
	SALT_BYTES,
	hashPassword,
	passwordMatches,
	type PasswordHash,
	type PasswordKdf,
} from "./password-hash.js";

export type Role = "operator" | "supervisor" | "admin";

/** Operator number: 2 digits. 00 is the supervisor, 99 the administrator, 01–98 cashiers. */
export type OperatorId = string;

export const SUPERVISOR_ID = "00";
export const ADMIN_ID = "99";

/** Password length per role (docs/cashier-ui.md §4). */
export const PASSWORD_LENGTH: Readonly<Record<Role, number>> = { operator: 4, supervisor: 6, admin: 8 };

export const FACTORY_OPERATORS: readonly { readonly id: OperatorId; readonly role: Role; readonly password: string }[] = [
	{ id: "01", role: "operator", password: "0000" },
	{ id: SUPERVISOR_ID, role: "supervisor", password: "123456" },
	{ id: ADMIN_ID, role: "admin", password: "12345678" },
];

export interface OperatorInfo {
	readonly id: OperatorId;
	readonly role: Role;
	/** Still on the factory password. */
	readonly factoryPassword: boolean;
	readonly failures: number;
	/** Wall-clock ms until which sign-on is refused; 0 when not locked. */
	readonly lockedUntilMs: number;
}

export type OperatorError =
	| { readonly kind: "unknown-operator"; readonly id: string }
	| { readonly kind: "wrong-password"; readonly triesLeft: number }
	| { readonly kind: "locked"; readonly untilMs: number }
	| { readonly kind: "bad-id"; readonly id: string }
	| { readonly kind: "bad-password"; readonly length: number }
	| { readonly kind: "exists"; readonly id: string }
	| { readonly kind: "protected"; readonly id: string }
	| { readonly kind: "storage"; readonly error: StorageError };

export interface LockoutPolicy {
	readonly attempts: number;
	readonly lockoutMs: number;
}

const RECORD_PREFIX = "op.";
const ROLES: readonly Role[] = ["operator", "supervisor", "admin"];
// Record layout: role u8, flags u8 (bit 0 factory password), failures u8, iterations u32, lockedUntil f64, salt, hash.
const RECORD_BYTES = 3 + 4 + 8 + SALT_BYTES + HASH_BYTES;

interface StoredOperator extends OperatorInfo {
	readonly password: PasswordHash;
}

function roleForId(id: OperatorId): Role {
	return id === SUPERVISOR_ID ? "supervisor" : id === ADMIN_ID ? "admin" : "operator";
}

function encode(op: StoredOperator): Uint8Array {
	const bytes = new Uint8Array(RECORD_BYTES);
	const view = new DataView(bytes.buffer);
	bytes[0] = ROLES.indexOf(op.role);
	bytes[1] = op.factoryPassword ? 1 : 0;
	bytes[2] = Math.min(op.failures, 255);
	view.setUint32(3, op.password.iterations);
	view.setFloat64(7, op.lockedUntilMs);
	bytes.set(op.password.salt, 15);
	bytes.set(op.password.hash, 15 + SALT_BYTES);
	return bytes;
}

function decode(id: OperatorId, bytes: Uint8Array): StoredOperator | undefined {
	if (bytes.length !== RECORD_BYTES || bytes[0]! >= ROLES.length) return undefined;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
	return {
		id,
		role: ROLES[bytes[0]!]!,
		factoryPassword: (bytes[1]! & 1) === 1,
		failures: bytes[2]!,
		lockedUntilMs: view.getFloat64(7),
		password: { iterations: view.getUint32(3), salt: bytes.slice(15, 15 + SALT_BYTES), hash: bytes.slice(15 + SALT_BYTES) },
	};
}

export class OperatorStore {
	readonly #records: RecordStore;
	readonly #random: RandomSource;
	readonly #iterations: number;
	readonly #kdf: PasswordKdf | undefined;
	#policy: LockoutPolicy;

	/** Opens the store, creating the factory operators on a unit that has none. */
	static open(
		records: RecordStore,
		random: RandomSource,
		policy: LockoutPolicy,
		iterations = PASSWORD_ITERATIONS,
		kdf?: PasswordKdf,
	): Result<OperatorStore, OperatorError> {
		const store = new OperatorStore(records, random, policy, iterations, kdf);
		if (store.list().length > 0) return ok(store);
		for (const factory of FACTORY_OPERATORS) {
			const staged = store.#stage({
				id: factory.id,
				role: factory.role,
				factoryPassword: true,
				failures: 0,
				lockedUntilMs: 0,
				password: hashPassword(factory.password, random, iterations, kdf),
			});
			if (!staged.ok) return staged;
		}
		const committed = store.#commit();
		return committed.ok ? ok(store) : committed;
	}

	private constructor(
		records: RecordStore,
		random: RandomSource,
		policy: LockoutPolicy,
		iterations: number,
		kdf: PasswordKdf | undefined,
	) {
		this.#records = records;
		this.#kdf = kdf;
		this.#random = random;
		this.#policy = policy;
		this.#iterations = iterations;
	}

	set policy(policy: LockoutPolicy) {
		this.#policy = policy;
	}

	list(): readonly OperatorInfo[] {
		const out: OperatorInfo[] = [];
		for (const name of this.#records.names()) {
			if (!name.startsWith(RECORD_PREFIX)) continue;
			const op = this.#get(name.slice(RECORD_PREFIX.length));
			if (op) out.push(info(op));
		}
		return out;
	}

	find(id: OperatorId): OperatorInfo | undefined {
		const op = this.#get(id);
		return op ? info(op) : undefined;
	}

	/** Checks a password at sign-on (or for a supervisor authorisation); counts failures and locks out. */
	verify(id: OperatorId, password: string, nowMs: number): Result<OperatorInfo, OperatorError> {
		const op = this.#get(id);
		if (!op) return err({ kind: "unknown-operator", id });
		if (op.lockedUntilMs > nowMs) return err({ kind: "locked", untilMs: op.lockedUntilMs });
		if (passwordMatches(password, op.password, this.#kdf)) {
			const upgrade = op.password.iterations < this.#iterations;
			const cleared = {
				...op,
				failures: 0,
				lockedUntilMs: 0,
				...(upgrade ? { password: hashPassword(password, this.#random, this.#iterations, this.#kdf) } : {}),
			};
			if (upgrade || op.failures !== 0 || op.lockedUntilMs !== 0) {
				const saved = this.#save(cleared);
				if (!saved.ok) return saved;
			}
			return ok(info(cleared));
		}
		const failures = (op.lockedUntilMs !== 0 ? 0 : op.failures) + 1;
		const locked = failures >= this.#policy.attempts;
		const saved = this.#save({ ...op, failures: locked ? 0 : failures, lockedUntilMs: locked ? nowMs + this.#policy.lockoutMs : 0 });
		if (!saved.ok) return saved;
		return locked
			? err({ kind: "locked", untilMs: nowMs + this.#policy.lockoutMs })
			: err({ kind: "wrong-password", triesLeft: this.#policy.attempts - failures });
	}

	add(id: OperatorId, password: string): Result<OperatorInfo, OperatorError> {
		if (!/^[0-9]{2}$/.test(id) || id === SUPERVISOR_ID || id === ADMIN_ID) return err({ kind: "bad-id", id });
		if (this.#get(id)) return err({ kind: "exists", id });
		const checked = this.#checkPassword("operator", password);
		if (!checked.ok) return checked;
		const op: StoredOperator = {
			id,
			role: "operator",
			factoryPassword: false,
			failures: 0,
			lockedUntilMs: 0,
			password: hashPassword(password, this.#random, this.#iterations, this.#kdf),
		};
		const saved = this.#save(op);
		return saved.ok ? ok(info(op)) : saved;
	}

	/** The supervisor and the administrator cannot be deleted. */
	remove(id: OperatorId): Result<void, OperatorError> {
		const op = this.#get(id);
		if (!op) return err({ kind: "unknown-operator", id });
		if (op.role !== "operator") return err({ kind: "protected", id });
		this.#records.delete(RECORD_PREFIX + id);
		return this.#commit();
	}

	/** Sets a new password (the caller has verified the old one or holds the supervisor's authority). */
	setPassword(id: OperatorId, password: string): Result<OperatorInfo, OperatorError> {
		const op = this.#get(id);
		if (!op) return err({ kind: "unknown-operator", id });
		const checked = this.#checkPassword(op.role, password);
		if (!checked.ok) return checked;
		const next: StoredOperator = {
			...op,
			factoryPassword: false,
			failures: 0,
			lockedUntilMs: 0,
			password: hashPassword(password, this.#random, this.#iterations, this.#kdf),
		};
		const saved = this.#save(next);
		return saved.ok ? ok(info(next)) : saved;
	}

	#checkPassword(role: Role, password: string): Result<void, OperatorError> {
		const length = PASSWORD_LENGTH[role];
		return new RegExp(`^[0-9]{${length}}$`).test(password) ? ok() : err({ kind: "bad-password", length });
	}

	#get(id: OperatorId): StoredOperator | undefined {
		const bytes = this.#records.get(RECORD_PREFIX + id);
		const op = bytes ? decode(id, bytes) : undefined;
		return op && op.role === roleForId(id) ? op : undefined;
	}

	#stage(op: StoredOperator): Result<void, OperatorError> {
		const staged = this.#records.set(RECORD_PREFIX + op.id, encode(op));
		return staged.ok ? staged : err({ kind: "storage", error: staged.error });
	}

	#commit(): Result<void, OperatorError> {
		const committed = this.#records.commit();
		if (committed.ok) return committed;
		this.#records.rollback();
		return err({ kind: "storage", error: committed.error });
	}

	#save(op: StoredOperator): Result<void, OperatorError> {
		const staged = this.#stage(op);
		return staged.ok ? this.#commit() : staged;
	}
}

function info(op: StoredOperator): OperatorInfo {
	return { id: op.id, role: op.role, factoryPassword: op.factoryPassword, failures: op.failures, lockedUntilMs: op.lockedUntilMs };
}
