// Stand-in for embedded:io/digitalbank in Moddable's desktop simulator, which has no GPIO. Pins live on the
// simulator's wires: an input reads its pull level (a pull-up reads 1: no key pressed, no tamper, not charging)
// unless the simulator device joins it to ground or to an output driven low; outputs hold what was written.
// The device (device/mcsim) joins two pins while one of its switches is closed — a keypad key joins its row
// to its column, the tamper switch joins the tamper pin to ground — and parts them when it opens, posting
// {"join":[a,b]} / {"part":[a,b]} as JSON; the simulator hands each message to `screen.onMessage`
// (build/simulators/modules/screen.c). Edges the device makes call `onReadable` with the bits that moved, as
// the bank's interrupt does. Pin p is bit p % 32 of bank p / 32, as on the ESP32. The Digital stand-in is one
// pin of this bank. One file: a module mapped to "embedded:io/…" cannot import by a relative specifier.

type Pin = number | "ground";
type Level = 0 | 1;

interface Input {
	readonly pull: Level;
	readonly edge: number;
	readonly onReadable: ((pin: number) => void) | undefined;
	level: Level;
}

interface SimulatorScreen {
	onMessage?: (message: string | ArrayBuffer) => void;
	postermWires?: Wires;
}

const RISING = 1;
const FALLING = 2;

class Wires {
	readonly #outputs = new Map<number, Level>();
	readonly #inputs = new Map<number, Input>();
	/** Pins joined to each pin (both directions). */
	readonly #joined = new Map<Pin, Set<Pin>>();

	addInput(pin: number, pull: Level, edge: number, onReadable: ((pin: number) => void) | undefined): void {
		const input: Input = { pull, edge, onReadable, level: pull };
		this.#inputs.set(pin, input);
		input.level = this.#levelOf(pin, input);
	}

	addOutput(pin: number, level: Level): void {
		this.#outputs.set(pin, level);
	}

	remove(pin: number): void {
		this.#inputs.delete(pin);
		this.#outputs.delete(pin);
	}

	write(pin: number, level: Level): void {
		this.#outputs.set(pin, level);
	}

	read(pin: number): Level {
		const input = this.#inputs.get(pin);
		if (input) return this.#levelOf(pin, input);
		return this.#outputs.get(pin) ?? 1;
	}

	/** A message from the simulator device; anything not a join or a part is not for the wires. */
	receive(message: { readonly join?: readonly Pin[]; readonly part?: readonly Pin[] }): void {
		const pair = message.join ?? message.part;
		if (!pair || pair.length !== 2) return;
		const [a, b] = pair as [Pin, Pin];
		if (message.join) {
			this.#link(a, b);
			this.#link(b, a);
		} else {
			this.#joined.get(a)?.delete(b);
			this.#joined.get(b)?.delete(a);
		}
		this.#signalEdges();
	}

	#link(from: Pin, to: Pin): void {
		let set = this.#joined.get(from);
		if (!set) this.#joined.set(from, (set = new Set()));
		set.add(to);
	}

	#levelOf(pin: number, input: Input): Level {
		for (const other of this.#joined.get(pin) ?? []) {
			if (other === "ground" || this.#outputs.get(other) === 0) return 0;
		}
		return input.pull;
	}

	#signalEdges(): void {
		for (const [pin, input] of this.#inputs) {
			const level = this.#levelOf(pin, input);
			if (level === input.level) continue;
			input.level = level;
			const edge = level === 0 ? FALLING : RISING;
			if (input.edge & edge) input.onReadable?.(pin);
		}
	}
}

/** The wires of this simulator, listening to the simulator's messages from the first call on. */
function simulatorWires(): Wires {
	// Kept on the simulator's screen object: a preloaded module's own state would be frozen at link time.
	const screen = (globalThis as { screen?: SimulatorScreen }).screen;
	if (!screen) return new Wires();
	if (screen.postermWires) return screen.postermWires;
	const wires = new Wires();
	screen.postermWires = wires;
	const former = screen.onMessage;
	screen.onMessage = (message) => {
		former?.(message);
		// Only this stand-in's messages are parsed (a swipe's is long): {"join":…} and {"part":…}.
		if (typeof message === "string" && (message.startsWith('{"join":') || message.startsWith('{"part":')))
			wires.receive(JSON.parse(message) as Parameters<Wires["receive"]>[0]);
	};
	return wires;
}

type Mode = number;

const BANK_PINS = 32;

export default class DigitalBank {
	static readonly Input: Mode = 0;
	static readonly InputPullUp: Mode = 1;
	static readonly InputPullDown: Mode = 2;
	static readonly InputPullUpDown: Mode = 3;
	static readonly Output: Mode = 8;
	static readonly OutputOpenDrain: Mode = 9;

	readonly #pins: number;
	readonly #base: number;
	readonly #wires: Wires;

	constructor(options: {
		pins: number;
		bank?: number;
		mode: Mode;
		rises?: number;
		falls?: number;
		onReadable?: (triggered: number) => void;
	}) {
		this.#pins = options.pins;
		this.#base = (options.bank ?? 0) * BANK_PINS;
		this.#wires = simulatorWires();
		const onReadable = options.onReadable;
		for (let bit = 0; bit < BANK_PINS; bit++) {
			const mask = 1 << bit;
			if (!(options.pins & mask)) continue;
			const pin = this.#base + bit;
			if (options.mode >= DigitalBank.Output) this.#wires.addOutput(pin, 1);
			else {
				const edge = (options.rises ?? 0) & mask ? RISING : 0;
				this.#wires.addInput(
					pin,
					options.mode === DigitalBank.InputPullDown ? 0 : 1,
					edge | ((options.falls ?? 0) & mask ? FALLING : 0),
					onReadable && ((p) => onReadable(1 << (p - this.#base))),
				);
			}
		}
	}

	read(): number {
		let value = 0;
		for (let bit = 0; bit < BANK_PINS; bit++) if (this.#pins & (1 << bit) && this.#wires.read(this.#base + bit)) value |= 1 << bit;
		return value >>> 0;
	}

	write(value: number): void {
		for (let bit = 0; bit < BANK_PINS; bit++)
			if (this.#pins & (1 << bit)) this.#wires.write(this.#base + bit, (value >>> bit) & 1 ? 1 : 0);
	}

	close(): void {
		for (let bit = 0; bit < BANK_PINS; bit++) if (this.#pins & (1 << bit)) this.#wires.remove(this.#base + bit);
	}

	get format(): "number" {
		return "number";
	}
}
