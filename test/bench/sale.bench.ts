// A whole sale on XS, stage by stage (issue 15 item 7): boot → operator sign-on → daily sign-in → sale with
// PIN → slips → settlement, on both panel classes, counting the firmware's own work only. The acquirer
// (test/support/in-process-acquirer.ts), the printer (the ESC/POS emulator on the simulated UART), the clock's
// driver and the people (keys, card, PIN pacing, paper) are simulated parts: their work runs inside
// `outsideFirmware` and is left out of every stage (test/xs/bench.ts). The firmware is the application on
// the application Hal, with its secure element, as the device boots it; the element's block ciphers are native
// on the device (Moddable's BlockCipher), so their key schedules and blocks run outside the firmware here and
// each stage adds, per call, the instructions the native bench measured for it (NativeCiphers).
//
// After the settlement a chip sale (issue 18 item 8): the PBOC debit card inserted into the contact reader, read,
// online PIN, field 55 with its ARQC, the acquirer's ARPC, the second GENERATE AC, 请拔卡, slips with the IC data.
// The reader and the card in it are simulated parts too: the card's own work (its cryptograms, its RSA
// signature) runs inside `outsideFirmware`, what the reader reports back (the card inserted, taken out) inside
// `insideFirmware`, and the firmware's EMV kernel and its ISO 7816-4 channel are counted.
//
// Each scenario runs twice: with the JavaScript band rasteriser (the host simulator's drawing path) and with
// the display list only (BandRaster.render hands back a blank band: what the firmware's JavaScript does once
// the device draws natively). The panel's own writes are the driver's (native on the device) and not counted.

import { bench, insideFirmware, measurementRows, outsideFirmware, type Measurement, type Stage, type StageOptions } from "../xs/bench.js";
import { TEST_BOARD } from "../support/test-board.js";
import { InProcessAcquirer } from "../support/in-process-acquirer.js";
import { withoutRasterisation } from "../support/without-rasterisation.js";
import type { BoardDescription } from "../../hal/board.js";
import type { Clock } from "../../hal/clock.js";
import type { ContactReader } from "../../hal/contact-reader.js";
import type { Display } from "../../hal/display.js";
import type { Hal } from "../../hal/hal.js";
import type { KeyCode } from "../../hal/keypad.js";
import type { PrinterPort } from "../../hal/printer-port.js";
import { TEST_CARDS } from "../../host-sim/cards/test-cards.js";
import { virtualTestCard } from "../../host-sim/chip/virtual-test-cards.js";
import { createSimHal } from "../../host-sim/hal/sim-hal.js";
import { MemoryRecordStore, type StorageImage } from "../../host-sim/hal/memory-storage.js";
import { PowerCutPlan } from "../../host-sim/hal/power-cut.js";
import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { SimSecureElement } from "../../host-sim/hal/secure-element.js";
import { SimPrinterPort } from "../../host-sim/hal/sim-printer-port.js";
import { VIRTUAL_EPOCH_MS, VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { synthesizeSwipe } from "../../host-sim/magstripe/swipe-synth.js";
import { attachPrinter } from "../../host-sim/printer/attach-printer.js";
import { NO_CJK_FONT } from "../../host-sim/printer/printer-fonts.js";
import { saveParams } from "../../src/params/param-store.js";
import { defaultParams } from "../../src/params/schema.js";
import { applicationHal } from "../../src/secure/application-hal.js";
import type { BlockCipher } from "../../src/crypto/block-cipher.js";
import { JS_PRIMITIVES, type CryptoPrimitives } from "../../src/crypto/primitives.js";
import { startTerminal, type Terminal } from "../../src/terminal.js";

declare function setImmediate(callback: () => void): void;

/**
 * Budget (issue 15 item 7): the firmware's own work for the sale, from its first key to the slips printed, on the
 * device's path (the display list); the JavaScript band rasteriser is host-sim's reference, measured without one.
 */
const SALE_BUDGET_MS = 600;

const MONO_BOARD: BoardDescription = { ...TEST_BOARD, display: { ...TEST_BOARD.display, controller: "st7565", width: 128, height: 64 } };

/** The HAL clock as the firmware sees it: what its timers run is firmware work. */
function firmwareClock(clock: VirtualClock): Clock {
	return {
		monotonicMs: () => clock.monotonicMs(),
		nowMs: () => clock.nowMs(),
		setNowMs: (ms) => clock.setNowMs(ms),
		after: (ms, callback) => clock.after(ms, () => insideFirmware(callback)),
		every: (ms, callback) => clock.every(ms, () => insideFirmware(callback)),
	};
}

/** The printer UART with the emulated printer on its end: a simulated part, its replies firmware work. */
function simulatedPrinter(clock: VirtualClock): PrinterPort {
	const port = new SimPrinterPort(TEST_BOARD.printer.uart.baud, TEST_BOARD.printer.flowControl, clock);
	attachPrinter(port, clock, { decodeGbk: () => "#", cjkFont: NO_CJK_FONT });
	return {
		baud: port.baud,
		flowControl: port.flowControl,
		write: (bytes) => outsideFirmware(() => port.write(bytes)),
		onWritable: (handler) => port.onWritable(() => insideFirmware(handler)),
		onData: (handler) => port.onData((bytes) => insideFirmware(() => handler(bytes))),
		clearToSend: () => outsideFirmware(() => port.clearToSend()),
		close: () => port.close(),
	};
}

/** The panel's driver: native on the device, so its work is not the firmware's JavaScript. */
function nativePanel(display: Display): Display {
	return {
		width: display.width,
		height: display.height,
		format: display.format,
		beginFrame: () => outsideFirmware(() => display.beginFrame()),
		write: (rect, pixels) => outsideFirmware(() => display.write(rect, pixels)),
		endFrame: () => outsideFirmware(() => display.endFrame()),
	};
}

/** The contact reader and the card in it: simulated parts; what they report back is firmware work. */
function simulatedContactReader(reader: ContactReader): ContactReader {
	return {
		get present() {
			return reader.present;
		},
		onPresence: (handler) => reader.onPresence((present) => insideFirmware(() => handler(present))),
		activate: () => outsideFirmware(() => reader.activate()),
		transmit: (command) => outsideFirmware(() => reader.transmit(command)),
		deactivate: () => outsideFirmware(() => reader.deactivate()),
		close: () => outsideFirmware(() => reader.close()),
	};
}

/**
 * The device's element computes with Moddable's native BlockCipher (device/moddable/native-crypto.ts). x86-64
 * instructions per call of each, as the native bench measured them (`npm run bench -- --instructions native`,
 * README "Native primitives on the device"): a TDES or AES-256 key schedule made and wiped, a block with the
 * schedule done.
 */
const NATIVE_INSTRUCTIONS = { tdesSchedule: 19_897, tdesBlock: 10_245, aes256Schedule: 20_509, aes256Block: 9_030 };

/**
 * The element's primitives with each TDES and AES-256 key schedule and block computed outside the firmware and
 * counted: the device's element runs the same JavaScript around native ones, so a stage adds the native bench's
 * figure per call instead. Single DES, AES-128, SHA-256 and PBKDF2 stay the JavaScript reference here (counted
 * in full; the sale uses none of them).
 */
class NativeCiphers {
	readonly calls = { tdesSchedule: 0, tdesBlock: 0, aes256Schedule: 0, aes256Block: 0 };
	readonly primitives: CryptoPrimitives = {
		...JS_PRIMITIVES,
		tdes: (key) => this.#native(() => JS_PRIMITIVES.tdes(key), "tdesSchedule", "tdesBlock"),
		aes: (key) =>
			key.length === 32 ? this.#native(() => JS_PRIMITIVES.aes(key), "aes256Schedule", "aes256Block") : JS_PRIMITIVES.aes(key),
	};

	/** The native instructions of the calls so far. */
	get instructions(): number {
		let sum = 0;
		for (const [what, count] of Object.entries(this.calls)) sum += count * NATIVE_INSTRUCTIONS[what as keyof typeof this.calls];
		return sum;
	}

	/** Stage options adding the native instructions of the calls from now to the stage's end. */
	from(options: StageOptions = {}): StageOptions {
		const start = this.instructions;
		return { ...options, nativeInstructions: () => this.instructions - start };
	}

	#native(make: () => BlockCipher, schedule: "tdesSchedule" | "aes256Schedule", block: "tdesBlock" | "aes256Block"): BlockCipher {
		this.calls[schedule]++;
		const cipher = outsideFirmware(make);
		return {
			blockSize: cipher.blockSize,
			encryptBlock: (input, inOffset, output, outOffset) => {
				this.calls[block]++;
				outsideFirmware(() => cipher.encryptBlock(input, inOffset, output, outOffset));
			},
			decryptBlock: (input, inOffset, output, outOffset) => {
				this.calls[block]++;
				outsideFirmware(() => cipher.decryptBlock(input, inOffset, output, outOffset));
			},
			wipe: () => outsideFirmware(() => cipher.wipe()),
		};
	}
}

/** Lets promise jobs run (the host link's continuations): firmware work. */
const jobs = () => new Promise<void>((resolve) => setImmediate(resolve));

class Scenario {
	readonly clock = new VirtualClock(VIRTUAL_EPOCH_MS);
	readonly acquirer = new InProcessAcquirer({ clock: this.clock, host: outsideFirmware, firmware: insideFirmware });
	readonly #board: BoardDescription;
	readonly #vault = new MemoryRecordStore(new PowerCutPlan());
	readonly ciphers = new NativeCiphers();
	#keypad: { press(key: KeyCode): void } | undefined;
	#magstripe: ReturnType<typeof createSimHal>["magstripe"] | undefined;
	#contact: ReturnType<typeof createSimHal>["contact"];
	terminal: Terminal | undefined;

	constructor(board: BoardDescription) {
		this.#board = board;
	}

	/** A unit on storage `image` (a first boot when absent): the firmware's HAL and the unit's storage. */
	hal(image?: StorageImage) {
		const clock = firmwareClock(this.clock);
		const sim = createSimHal(this.#board, {
			clock,
			network: this.acquirer,
			random: new SeededRandom(1),
			secure: (io) => new SimSecureElement(io, { vault: this.#vault, primitives: this.ciphers.primitives }).element,
			...(image ? { storageImage: image } : {}),
		});
		if (!image) {
			const saved = saveParams(sim.storage.records, defaultParams(), { acquirerHost: "127.0.0.1", acquirerPort: 8583 });
			if (!saved.ok) throw new Error(`parameters: ${JSON.stringify(saved.error)}`);
		}
		this.#keypad = sim.keypad;
		this.#magstripe = sim.magstripe;
		this.#contact = sim.contact;
		const hal: Hal = {
			...sim,
			clock,
			printer: simulatedPrinter(this.clock),
			display: nativePanel(sim.display),
			...(sim.contact ? { contact: simulatedContactReader(sim.contact) } : {}),
		};
		return { hal, storage: sim.storage };
	}

	/** The person's keys: each press is firmware work, the splitting of the sequence is the scenario's. */
	keys(...sequence: string[]): void {
		const presses = outsideFirmware(() => sequence.flatMap((k) => (/^[0-9]{2,}$/.test(k) ? [...k] : [k])));
		for (const key of presses) insideFirmware(() => this.#keypad!.press(key as KeyCode));
	}

	swipe(card: keyof typeof TEST_CARDS): void {
		const c = TEST_CARDS[card];
		const swipe = outsideFirmware(() =>
			synthesizeSwipe(
				[{ track: 2, data: c.track2 }, ...(c.track3 ? [{ track: 3 as const, data: c.track3 }] : [])],
				{},
				this.clock.monotonicMs(),
			),
		);
		if (!swipe.ok) throw new Error("cannot synthesize the swipe");
		insideFirmware(() => this.#magstripe!.swipe(swipe.value));
	}

	/** The card (a chip profile of host-sim/chip) inserted into the contact reader: made outside the firmware. */
	insert(profile: string): void {
		this.#contact!.insert(outsideFirmware(() => virtualTestCard({ profile })));
	}

	/** The card taken out of the contact reader. */
	remove(): void {
		this.#contact!.remove();
	}

	/**
	 * Lets virtual time run, timer to timer, until `done` holds (at most `limitMs` of virtual time). Looking at
	 * the terminal (`done`) and driving the clock are the scenario's work; the firmware's promise jobs run
	 * between them.
	 */
	async until(done: () => boolean, what: string, limitMs = 120_000): Promise<void> {
		const end = this.clock.monotonicMs() + limitMs;
		await outsideFirmware(jobs);
		while (!outsideFirmware(done)) {
			outsideFirmware(() => {
				if (this.clock.monotonicMs() > end) throw new Error(`${what}: not reached; state ${this.terminal?.state.kind}`);
				const next = this.clock.nextDueMs;
				this.clock.advance(next === undefined ? 100 : Math.max(1, next - this.clock.monotonicMs()));
			});
			await outsideFirmware(jobs);
		}
	}

	state(): string {
		return this.terminal!.state.kind;
	}

	step(): string | undefined {
		const st = this.terminal!.state;
		return st.kind === "txn" ? st.step.kind : undefined;
	}

	/** Until the printing ends, tearing each copy off when asked. */
	async slips(): Promise<void> {
		await this.until(() => {
			const st = this.terminal!.state;
			if (st.kind === "printing" && st.tearOff) this.keys("ENTER");
			return st.kind !== "printing";
		}, "slips");
	}
}

/**
 * The application as the device starts it (host-sim/sim/application-start.ts does the same), imported from
 * src/ directly so that it shares BandRaster with without-rasterisation.ts (see there).
 */
const startApplication = (hal: Hal) => startTerminal(applicationHal(hal));

async function saleStages(label: string, board: BoardDescription, saleBudgetMs?: number): Promise<Measurement[]> {
	const s = new Scenario(board);
	// The factory's first boot (operators provisioned, three PBKDF2 hashes) is not a day's boot: not counted.
	const first = s.hal();
	s.terminal = startApplication(first.hal);
	s.terminal.stop();
	const image = first.storage.image();
	const rows: Measurement[] = [];
	const stage = async (name: string, run: () => Promise<void>, budgetMs?: number) =>
		rows.push(await bench.stage(`${label}: ${name}`, run, s.ciphers.from(budgetMs === undefined ? {} : { budgetMs })));

	await stage("boot to the operator sign-on", async () => {
		// The simulated unit (its HAL and storage) is made outside the firmware; the firmware boots on it.
		const unit = outsideFirmware(() => s.hal(image));
		s.terminal = startApplication(unit.hal);
		await s.until(() => s.state() === "login-operator", "boot");
	});
	await stage("operator sign-on (01, password)", async () => {
		s.keys("01", "ENTER", "0000", "ENTER");
		await jobs();
	});
	await stage("daily sign-in (key exchange)", async () => {
		await s.until(() => s.state() === "idle" || s.state() === "notice", "sign-in");
		if (s.state() === "notice") s.keys("ENTER");
		await s.until(() => s.state() === "idle", "idle");
	});
	const sale: Stage[] = [
		await bench.stage(
			`${label}: sale with PIN (keys, card, PIN, online)`,
			async () => {
				s.keys("ENTER", "1");
				s.swipe("debit");
				s.keys("ENTER", "1000", "ENTER");
				await s.until(() => {
					const st = s.terminal!.state;
					return st.kind === "txn" && st.step.kind === "pin" && !s.terminal!.busy;
				}, "PIN entry");
				s.keys(...TEST_CARDS.debit.pin.split(""), "ENTER");
				await s.until(() => s.state() === "printing" || s.state() === "notice", "the sale's result");
			},
			s.ciphers.from(),
		),
		await bench.stage(`${label}: slips (composed, printed)`, () => s.slips(), s.ciphers.from()),
	];
	rows.push(
		...sale,
		bench.total(
			`${label}: the sale (its first key to the slips printed)`,
			sale,
			saleBudgetMs === undefined ? {} : { budgetMs: saleBudgetMs },
		),
	);
	await stage("settlement (request, slip)", async () => {
		s.keys("ENTER");
		await s.until(() => s.state() === "idle", "idle after the sale");
		s.keys("ENTER", "6", "ENTER");
		await s.until(() => {
			const st = s.terminal!.state;
			if (st.kind === "printing" && st.tearOff) s.keys("ENTER");
			return st.kind === "notice";
		}, "settlement");
	});
	// Back to idle between stages (not counted): the chip sale starts there as the sale did.
	s.keys("ENTER");
	await s.until(() => s.state() === "idle", "idle after the settlement");
	const chip: Stage[] = [
		await bench.stage(
			`${label}: chip sale with PIN (keys, card read, PIN, online, 2nd GENERATE AC)`,
			async () => {
				s.keys("ENTER", "1", "1000", "ENTER");
				s.insert("pboc-debit");
				await s.until(() => s.step() === "confirm-card" && !s.terminal!.busy, "the card's number");
				s.keys("ENTER");
				await s.until(() => s.step() === "pin" && !s.terminal!.busy, "PIN entry");
				s.keys(...TEST_CARDS.chip.pin.split(""), "ENTER");
				await s.until(() => s.step() === "remove-card" || s.state() === "notice", "the chip sale's result");
			},
			s.ciphers.from(),
		),
		await bench.stage(
			`${label}: chip sale slips (card out, composed with IC data, printed)`,
			async () => {
				s.remove();
				await s.slips();
			},
			s.ciphers.from(),
		),
	];
	rows.push(
		...chip,
		bench.total(
			`${label}: the chip sale (its first key to the slips printed)`,
			chip,
			saleBudgetMs === undefined ? {} : { budgetMs: saleBudgetMs },
		),
	);
	const answered = s.acquirer.answered.join(" ");
	s.terminal.stop();
	bench.note(`${label}: the acquirer answered ${answered}`);
	bench.note(
		`${label}: the element's native calls, boot to the chip sale's slips (${JSON.stringify(s.ciphers.calls)}): ${s.ciphers.instructions} instructions`,
	);
	return rows;
}

const all: Measurement[] = [];
for (const [label, board] of [
	["320×240 RGB565", TEST_BOARD],
	["128×64 mono", MONO_BOARD],
] as const) {
	all.push(...(await saleStages(`${label}, JS band raster`, board)));
	all.push(...(await withoutRasterisation(() => saleStages(`${label}, display list only`, board, SALE_BUDGET_MS))));
}
bench.table("a whole sale, the firmware's work per stage", measurementRows(all));
