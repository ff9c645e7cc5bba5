// What the terminal application is given, in its XS Compartment on the device (device/moddable/main.ts) and in the
// simulator (host-sim/sim/application-start.ts): a Hal made of frozen forwarding facades, so that application code cannot replace a method the secure
// element relies on (the clock of the rate limiter, the random source of the PIN-block fill), and a keypad
// that offers `onKey` only — the secure element's `capture` port is not reachable. Before such code runs,
// `hardenIntrinsics()` freezes the shared built-ins: Compartments in XS share them, and a patched
// `Uint8Array.prototype.slice` would otherwise see every key the element copies.
//
// Public API: applicationHal(hal), hardenIntrinsics().

import type { Hal } from "../../hal/hal.js";
import type { Keypad } from "../../hal/keypad.js";

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
			if (name === "close") {
				// The unit's IO is closed by whoever built the unit's Hal (the device entry, the simulator), never
				// by the application: a closed power part would no longer report tamper to the secure element.
				facade[name] = () => {};
			} else if (typeof d.value === "function") {
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

/** The keypad as the application sees it: key events outside PIN entry, nothing else (its `close` does nothing). */
function applicationKeypad(keypad: Keypad): Keypad {
	return Object.freeze({ onKey: (handler: Parameters<Keypad["onKey"]>[0]) => keypad.onKey(handler), close: () => {} });
}

export function applicationHal(hal: Hal): Hal {
	return Object.freeze({
		clock: forwarding(hal.clock),
		keypad: applicationKeypad(hal.keypad),
		display: forwarding(hal.display),
		magstripe: forwarding(hal.magstripe),
		...(hal.contact ? { contact: forwarding(hal.contact) } : {}),
		...(hal.contactless ? { contactless: forwarding(hal.contactless) } : {}),
		// Already the frozen facade of the element (secureElementFacade).
		secure: hal.secure,
		printer: forwarding(hal.printer),
		storage: forwarding(hal.storage),
		network: forwarding(hal.network),
		indicators: forwarding(hal.indicators),
		power: forwarding(hal.power),
		random: forwarding(hal.random),
		jig: forwarding(hal.jig),
		close: () => {},
	});
}

/** The ECMAScript built-ins a Compartment shares with the element (ES2022 §19–28), frozen with their prototypes. */
const INTRINSICS = [
	"Object",
	"Function",
	"Array",
	"ArrayBuffer",
	"SharedArrayBuffer",
	"DataView",
	"Uint8Array",
	"Int8Array",
	"Uint8ClampedArray",
	"Uint16Array",
	"Int16Array",
	"Uint32Array",
	"Int32Array",
	"Float32Array",
	"Float64Array",
	"BigInt64Array",
	"BigUint64Array",
	"Map",
	"Set",
	"WeakMap",
	"WeakSet",
	"WeakRef",
	"FinalizationRegistry",
	"Promise",
	"Proxy",
	"Reflect",
	"JSON",
	"Math",
	"Number",
	"BigInt",
	"String",
	"Symbol",
	"Boolean",
	"Date",
	"RegExp",
	"Error",
	"TypeError",
	"RangeError",
	"SyntaxError",
	"ReferenceError",
	"EvalError",
	"URIError",
	"AggregateError",
	"Atomics",
	"Compartment",
	"ModuleSource",
] as const;

/**
 * Freezes the shared intrinsics, transitively: every property value, getter and setter, and every prototype
 * reachable from them. Call once, at boot, before any application code runs. XS's `harden` (xsnap) does
 * this natively; Moddable device builds have no `harden` (their linker already freezes the built-ins'
 * prototypes and functions, XS "preload" notes), and Node has none: there the walk below does it.
 */
export function hardenIntrinsics(): void {
	const global = globalThis as unknown as Record<string, unknown>;
	const roots: unknown[] = INTRINSICS.map((name) => global[name]);
	// Prototypes only reachable through instances or syntax.
	roots.push(
		Object.getPrototypeOf(Uint8Array),
		Object.getPrototypeOf(function* () {}),
		Object.getPrototypeOf(async function () {}),
		Object.getPrototypeOf(async function* () {}),
		Object.getPrototypeOf([][Symbol.iterator]()),
	);
	const freeze = typeof global.harden === "function" ? (global.harden as (value: unknown) => void) : freezeTransitively;
	for (const root of roots) if (root !== undefined) freeze(root);
	// Where the application shares this global object (the simulator: one Node realm), a replaced
	// `globalThis.Uint8Array` would see every array the element makes after it: the names stay bound.
	// (Moddable's preloaded machines hold the built-ins on the global's prototype, read-only: nothing to bind.)
	for (const name of INTRINSICS)
		if (Object.hasOwn(global, name)) Object.defineProperty(global, name, { writable: false, configurable: false });
}

function freezeTransitively(root: unknown): void {
	const seen = new Set<unknown>();
	const pending = [root];
	while (pending.length > 0) {
		const value = pending.pop();
		if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value)) continue;
		seen.add(value);
		// Already frozen: Moddable's linker froze the built-ins (xsl fxFreezeBuiltIns), and some of its host
		// functions refuse Reflect.ownKeys.
		if (Object.isFrozen(value)) continue;
		Object.freeze(value);
		pending.push(Object.getPrototypeOf(value));
		for (const key of Reflect.ownKeys(value)) {
			const d = Reflect.getOwnPropertyDescriptor(value, key)!;
			pending.push(d.value, d.get, d.set);
		}
	}
}
