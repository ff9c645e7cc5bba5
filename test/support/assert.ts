// The one assertion module for tests that run in both engines (Node under mocha, XS under the XS runner).
// Failures throw AssertionFailure with both values rendered, so a message is useful in either engine.

export class AssertionFailure extends Error {
	override name = "AssertionFailure";
}

function show(value: unknown): string {
	if (value instanceof Uint8Array) return `Uint8Array<${hexOf(value)}>`;
	if (typeof value === "bigint") return `${value}n`;
	if (typeof value === "string") return JSON.stringify(value);
	try {
		return (
			JSON.stringify(value, (_key, v) => (v instanceof Uint8Array ? `<${hexOf(v)}>` : typeof v === "bigint" ? `${v}n` : v)) ??
			String(value)
		);
	} catch {
		return String(value);
	}
}

function hexOf(bytes: Uint8Array): string {
	let s = "";
	for (const b of bytes) s += (b < 16 ? "0" : "") + b.toString(16).toUpperCase();
	return s;
}

function fail(message: string | undefined, detail: string): never {
	throw new AssertionFailure(message ? `${message}: ${detail}` : detail);
}

function deepEqualValues(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
	if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
	if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
		const x = a as unknown as ArrayLike<unknown>,
			y = b as unknown as ArrayLike<unknown>;
		if (x.length !== y.length) return false;
		for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
		return true;
	}
	if (a instanceof Map && b instanceof Map) {
		if (a.size !== b.size) return false;
		for (const [k, v] of a) if (!b.has(k) || !deepEqualValues(v, b.get(k))) return false;
		return true;
	}
	if (a instanceof Set && b instanceof Set) {
		if (a.size !== b.size) return false;
		for (const v of a) if (!b.has(v)) return false;
		return true;
	}
	const ka = Object.keys(a),
		kb = Object.keys(b);
	if (ka.length !== kb.length) return false;
	for (const k of ka) {
		if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
		if (!deepEqualValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
	}
	return true;
}

type Matcher = (error: unknown) => boolean;

type ErrorClass = new (...args: never[]) => unknown;

/** A RegExp tests "Name: message"; an Error subclass tests instanceof; any other function is a predicate. */
function matches(error: unknown, expected: RegExp | Matcher | ErrorClass | undefined): boolean {
	if (expected === undefined) return true;
	if (expected instanceof RegExp) return expected.test(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
	const proto: unknown = expected.prototype;
	if (proto === Error.prototype || proto instanceof Error) return error instanceof (expected as ErrorClass);
	return (expected as Matcher)(error) === true;
}

class Assert {
	ok(value: unknown, message?: string): asserts value {
		if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
	}
	equal<T>(actual: T, expected: T, message?: string): void {
		if (!Object.is(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
	}
	notEqual<T>(actual: T, unexpected: T, message?: string): void {
		if (Object.is(actual, unexpected)) fail(message, `expected anything but ${show(unexpected)}`);
	}
	deepEqual<T>(actual: T, expected: T, message?: string): void {
		if (!deepEqualValues(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
	}
	notDeepEqual<T>(actual: T, unexpected: T, message?: string): void {
		if (deepEqualValues(actual, unexpected)) fail(message, `expected anything but ${show(unexpected)}`);
	}
	/** Byte arrays compared as upper-case hex, the way the vectors are written. */
	bytes(actual: Uint8Array, expectedHex: string, message?: string): void {
		const hex = hexOf(actual);
		if (hex !== expectedHex.toUpperCase()) fail(message, `expected ${expectedHex.toUpperCase()}, got ${hex}`);
	}
	match(actual: string, pattern: RegExp, message?: string): void {
		if (!pattern.test(actual)) fail(message, `${show(actual)} does not match ${pattern}`);
	}
	throws(fn: () => unknown, expected?: RegExp | Matcher | ErrorClass, message?: string): void {
		try {
			fn();
		} catch (error) {
			if (!matches(error, expected))
				fail(message, `threw the wrong error: ${show(error instanceof Error ? `${error.name}: ${error.message}` : error)}`);
			return;
		}
		fail(message, "expected a throw, nothing was thrown");
	}
	async rejects(
		promise: Promise<unknown> | (() => Promise<unknown>),
		expected?: RegExp | Matcher | ErrorClass,
		message?: string,
	): Promise<void> {
		try {
			await (typeof promise === "function" ? promise() : promise);
		} catch (error) {
			if (!matches(error, expected))
				fail(message, `rejected with the wrong error: ${show(error instanceof Error ? `${error.name}: ${error.message}` : error)}`);
			return;
		}
		fail(message, "expected a rejection, the promise resolved");
	}
	fail(message: string): never {
		throw new AssertionFailure(message);
	}
}

export const assert: Assert = new Assert();
