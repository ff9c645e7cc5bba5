// What the terminal application is given when it runs in an XS Compartment (issue 4, pin-crypto.md §8):
// a Hal made of frozen forwarding facades, so that application code cannot replace a method the secure
// element relies on (the clock of the rate limiter, the random source of the PIN-block fill), and a keypad
// that offers `onKey` only — the secure element's `capture` port is not reachable. Before such code runs,
// `hardenIntrinsics()` freezes the shared built-ins: Compartments in XS share them, and a patched
// `Uint8Array.prototype.slice` would otherwise see every key the element copies.
//
// Public API: applicationHal(hal), hardenIntrinsics().

import type { Hal } from "../../hal/hal.js";
import type { Keypad } from "../../hal/keypad.js";

declare function harden<T>(value: T): T;

/**
 * A frozen object whose methods and getters forward to `part` (own and inherited, not `constructor`);
 * object-valued fields (storage.records) get facades of their own, byte buffers are left out.
 */
function forwarding<T extends object>(part: T, seen: Map<object, unknown> = new Map()): T {
	const known = seen.get(part);
	if (known !== undefined) return known as T;
	const facade: Record<string, unknown> = {};
	seen.set(part, facade);
	for (let o: object | null = part; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
		for (const name of Object.getOwnPropertyNames(o)) {
			if (name === "constructor" || Object.prototype.hasOwnProperty.call(facade, name)) continue;
			const d = Object.getOwnPropertyDescriptor(o, name)!;
			if (typeof d.value === "function") {
				const method = d.value as (...args: unknown[]) => unknown;
				facade[name] = (...args: unknown[]) => method.apply(part, args);
			} else if (d.get) {
				const getter = d.get;
				Object.defineProperty(facade, name, { get: () => getter.call(part), enumerable: true });
			} else if (typeof d.value === "object" && d.value !== null) {
				if (!ArrayBuffer.isView(d.value) && !(d.value instanceof ArrayBuffer)) facade[name] = forwarding(d.value as object, seen);
			} else {
				facade[name] = d.value;
			}
		}
	}
	return Object.freeze(facade) as T;
}

/** The keypad as the application sees it: key events outside PIN entry, nothing else. */
function applicationKeypad(keypad: Keypad): Keypad {
	return Object.freeze({ onKey: (handler: Parameters<Keypad["onKey"]>[0]) => keypad.onKey(handler) });
}

export function applicationHal(hal: Hal): Hal {
	return Object.freeze({
		clock: forwarding(hal.clock),
		keypad: applicationKeypad(hal.keypad),
		display: forwarding(hal.display),
		magstripe: forwarding(hal.magstripe),
		// Already the frozen facade of the element (secureElementFacade).
		secure: hal.secure,
		printer: forwarding(hal.printer),
		storage: forwarding(hal.storage),
		network: forwarding(hal.network),
		indicators: forwarding(hal.indicators),
		power: forwarding(hal.power),
		random: forwarding(hal.random),
		jig: forwarding(hal.jig),
	});
}

/** The ECMAScript built-ins a Compartment shares with the element (ES2022 §19–28), frozen with their prototypes. */
const INTRINSICS = [
	"Object", "Function", "Array", "ArrayBuffer", "SharedArrayBuffer", "DataView", "Uint8Array", "Int8Array",
	"Uint8ClampedArray", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array", "Float64Array",
	"BigInt64Array", "BigUint64Array", "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry",
	"Promise", "Proxy", "Reflect", "JSON", "Math", "Number", "BigInt", "String", "Symbol", "Boolean", "Date",
	"RegExp", "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError",
	"AggregateError", "Atomics", "Compartment", "ModuleSource",
] as const;

/** Freezes the shared intrinsics (XS `harden` is transitive over properties and prototypes). Call once, at boot. */
export function hardenIntrinsics(): void {
	const global = globalThis as unknown as Record<string, unknown>;
	for (const name of INTRINSICS) if (global[name] !== undefined) harden(global[name]);
	// Prototypes only reachable through instances or syntax.
	harden(Object.getPrototypeOf(Uint8Array));
	harden(Object.getPrototypeOf(function* () {}));
	harden(Object.getPrototypeOf(async function () {}));
	harden(Object.getPrototypeOf(async function* () {}));
	harden(Object.getPrototypeOf([][Symbol.iterator]()));
}
