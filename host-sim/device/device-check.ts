// `npm run device -- check [--board posterm-s3] [--out DIR] [--preload all|ts-like]`: the firmware on
// Moddable's own runtime, side by side with host-sim. Builds for lin (fast-build.ts; debug, so that it talks
// to the xsbug stand-in; Wi-Fi station "posterm-sim", which Moddable's simulated Wi-Fi joins), loads the TEST
// keys and the acquirer simulator's address (127.0.0.1, a free port) with the key-injection build, runs the
// build in mcsim under Xvfb (mcsim-session.ts) and drives a session by clicking the posterm device's keys.
// host-sim runs the same session on its own acquirer; after each step the two panels must be the same pixel for
// pixel in RGB565. After each step and at idle the firmware takes a heap census (heap-census.ts); the live heap
// at idle and what XS reserved over the session must be within issue 14's budget. The simulated flash and
// preferences are outside the XS heap, as on the device (device/moddable/sim/flash.c, preference.c).
// The session ends with an inserted chip sale: the simulator build's contact reader is relayed to this check
// (contact-relay.ts), which answers with host-sim's virtual card, so the census counts the firmware and not the
// card. Each side has its own card (same profile, same ATC) and its own random source, so the unpredictable
// number and the cryptograms differ between the two sides; they are printed on the slips only, and every panel
// is compared.
// Needs $MODDABLE with its tools on PATH, Xvfb, xdotool, ImageMagick's import and faketime.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { BoardDescription } from "../../hal/board.js";
import { AcquirerHost } from "../acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../acquirer/acquirer-config.js";
import { loadBoard } from "../hal/boards.js";
import { repoRoot } from "../tools/xs.js";
import { VIRTUAL_EPOCH_MS } from "../hal/virtual-clock.js";
import { TEST_CARDS, type TestCardName } from "../cards/test-cards.js";
import { synthesizeSwipe } from "../magstripe/swipe-synth.js";
import { ScriptedTerminal } from "../sim/scripted-terminal.js";
import { virtualTestCard, type ChipSpec } from "../chip/virtual-test-cards.js";
import { ContactRelay, cryptogramsOf } from "./contact-relay.js";
import { defaultKeyConfig } from "./default-key-config.js";
import { fastBuild } from "./fast-build.js";
import { deviceLayout } from "./mcsim-layout.js";
import { linkForEsp32 } from "./esp32-link.js";
import { linkedStrips, loadersKept, CODE_LOADERS } from "./linked-strips.js";
import { deviceLiveBytes, formatCensus, parseCensusLine, DEVICE_SLOT_BYTES, type HeapCensus } from "./heap-census.js";
import { McsimSession } from "./mcsim-session.js";
import { comparePanels, findBody, panelFromCapture, panelFromDisplay, panelPng, type Panel } from "./panel-compare.js";
import type { PreloadMode } from "./preload-mode.js";
import { XsbugListener } from "./xsbug-listener.js";

/** The two acquirer simulators: the one mcsim's firmware talks to, and host-sim's reference's. */
interface Hosts {
	readonly device: AcquirerHost;
	readonly reference: AcquirerHost;
}

interface Step {
	readonly name: string;
	/** The keys, or the keys as host-sim's reference gives them (the voucher of its last sale). */
	readonly keys?: readonly string[] | ((reference: ScriptedTerminal) => readonly string[]);
	/** What both acquirers must have booked after the step: a problem, or undefined. */
	readonly booked?: (books: AcquirerHost["books"]) => string | undefined;
	/** A card swiped through the slot (host-sim/cards/test-cards.ts). */
	readonly swipe?: TestCardName;
	/** A chip card put in the contact slot (host-sim/chip profiles), answered by the check's relay. */
	readonly insert?: ChipSpec;
	/** The chip card taken out of the contact slot. */
	readonly remove?: true;
	/** Time to let pass first: PCI PTS paces PIN entries at least 3 s apart. */
	readonly waitMs?: number;
	/** How long the panels may take to meet (a chip step waits for the card's round trips to the check). */
	readonly maxMs?: number;
}

const SALE_CARD: TestCardName = "debit";
/** The chip card: PBOC debit, PAN and PIN of TEST_CARDS.chip (host-sim/chip/profiles.ts). */
const CHIP_CARD: ChipSpec = { profile: "pboc-debit" };

const SESSION: readonly Step[] = [
	{ name: "sign-on" },
	{ name: "operator-01", keys: ["0", "1", "ENTER"] },
	{ name: "signed-in", keys: ["0", "0", "0", "0", "ENTER"] },
	{ name: "menu", keys: ["ENTER"] },
	{ name: "sale", keys: ["1"] },
	// From the menu the amount comes first (app-state.ts FLOW_STEPS), then the card.
	{ name: "amount", keys: ["5", "0", "0", "0", "ENTER"] },
	{ name: "card-swiped", swipe: SALE_CARD },
	{ name: "card-confirmed", keys: ["ENTER"] },
	{ name: "pin", waitMs: 3500, keys: [...TEST_CARDS[SALE_CARD].pin, "ENTER"] },
	{ name: "second-copy", keys: ["ENTER"] },
	{ name: "sale-done", keys: ["ENTER"] },
	// Void of the sale with the supervisor password 123456 (src/operators defaults). Its voucher is the sale's STAN,
	// after those the sign-in's messages took (the IC parameter download among them).
	{ name: "void", keys: ["ENTER", "2"] },
	{ name: "void-supervisor", keys: [..."123456", "ENTER"] },
	{ name: "void-voucher", keys: (reference) => [...String(reference.terminal.journal!.counters.lastStan), "ENTER"] },
	{ name: "void-approved", keys: ["ENTER"] },
	{ name: "void-second-copy", keys: ["ENTER"] },
	{
		name: "void-done",
		keys: ["ENTER"],
		booked: (books) => (books.transactions.some((t) => t.kind === "sale" && t.closedBy === "void") ? undefined : "no sale voided"),
	},
	// Menu 6 shows the totals by type and asks to confirm (确认键结算); ENTER settles.
	{ name: "settlement", keys: ["ENTER", "6"] },
	{
		name: "settlement-confirmed",
		keys: ["ENTER"],
		booked: (books) => (books.settlements.length === 1 ? undefined : `${books.settlements.length} settlements`),
	},
	{ name: "settlement-dismissed", keys: ["ENTER"] },
	{ name: "menu-after-settlement", keys: ["ENTER"] },
	// A chip sale (issue 18): the card in the contact slot is host-sim's virtual PBOC debit card, on the desktop
	// (contact-relay.ts); the kernel reads it, the cardholder's online PIN, the ARQC to the acquirer simulator,
	// which verifies it and answers with an ARPC, the second GENERATE AC, 请拔卡, then the slips.
	// First back to idle: the settlement's steps leave the main menu open, and CANCEL closes it (menus.ts MENU_PARENT).
	{ name: "chip-idle", keys: ["CANCEL"] },
	{ name: "chip-sale", keys: ["ENTER", "1"] },
	{ name: "chip-amount", keys: ["8", "8", "8", "8", "ENTER"] },
	{ name: "chip-inserted", insert: CHIP_CARD, maxMs: 40_000 },
	{ name: "chip-card-confirmed", keys: ["ENTER"] },
	{ name: "chip-pin", waitMs: 3500, keys: [...TEST_CARDS.chip.pin, "ENTER"], maxMs: 40_000 },
	{ name: "chip-removed", remove: true },
	{ name: "chip-second-copy", keys: ["ENTER"] },
	{ name: "chip-sale-done", keys: ["ENTER"] },
];

/** The card's swipe as the head's capture channels see it, in the board's channel order. */
function cardChannels(board: BoardDescription, card: TestCardName): number[][] {
	const { track1, track2, track3 } = TEST_CARDS[card];
	const tracks = [
		[1, track1],
		[2, track2],
		[3, track3],
	] as const;
	const swipe = synthesizeSwipe(tracks.flatMap(([track, data]) => (data ? [{ track, data }] : [])));
	if (!swipe.ok) throw new Error(`cannot synthesize ${card}: ${JSON.stringify(swipe.error)}`);
	return board.magstripe.channels.map((channel) =>
		Array.from(swipe.value.channels.find((c) => c.track === channel.track)?.intervalsUs ?? []),
	);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
		});
	});
}

/**
 * mcsim's panel and host-sim's as soon as they are equal and stay so (mcsim runs in real time: a screen may take
 * a moment, the simulated Wi-Fi a few seconds; host-sim keeps up on each round), else both after `maxMs`.
 */
async function panelsMeeting(
	sim: McsimSession,
	rect: { x: number; y: number; width: number; height: number },
	expected: () => Promise<Panel>,
	maxMs = 15_000,
	stableMs = 1_000,
): Promise<{ mcsim: Panel; host: Panel }> {
	const end = Date.now() + maxMs;
	let met: Panel | undefined;
	for (;;) {
		const host = await expected();
		const mcsim = panelFromCapture(await sim.capture(), rect);
		const same = comparePanels(mcsim, host).count === 0;
		// Met twice in a row, `stableMs` apart, on the same panel: not a passing screen ("printing…") that one
		// side leaves before the other, which would take the next key where the other ignores it.
		if (same && met !== undefined && comparePanels(met, mcsim).count === 0) return { mcsim, host };
		if (Date.now() > end) return { mcsim, host };
		met = same ? mcsim : undefined;
		await sleep(same ? stableMs : 250);
	}
}

/** mcsim sessions still running, stopped if the check passes its deadline. */
const running = new Set<McsimSession>();
const DEADLINE_MINUTES = 30;
/** How long the check watches the idle terminal after the session. */
const IDLE_MS = 15_000;

/** XS slots are 32 bytes on the 64-bit simulator, 16 on the 32-bit device (xs/sources/xsAll.h txSlot). */
const SIMULATOR_SLOT_BYTES = 32;

/** The heap from xsbug's instruments (bytes on the simulator), also as slots and as device bytes. */
function formatHeap(values: ReadonlyMap<string, number>): string {
	const slots = Math.round((values.get("Slot used") ?? 0) / SIMULATOR_SLOT_BYTES);
	const chunks = values.get("Chunk used") ?? 0;
	const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
	return (
		`${slots} slots (${kb(slots * DEVICE_SLOT_BYTES)} on a 32-bit device), chunks ${kb(chunks)}, ` +
		`${values.get("Keys used") ?? 0} keys, ${values.get("Modules loaded") ?? 0} modules loaded, ${values.get("Garbage collections") ?? 0} collections in the last second`
	);
}

/** The esp32/esp32s3 build up to the XS link (esp32-link.ts), or why the board has none. */
async function reportEsp32Link(board: BoardDescription, out: string): Promise<void> {
	const manifest = JSON.parse(readFileSync(join(repoRoot, "device/moddable/boards", board.model, "manifest.json"), "utf8")) as {
		platforms?: { esp32?: { error?: string } };
	};
	const refused = manifest.platforms?.esp32?.error;
	if (refused !== undefined) {
		process.stdout.write(`esp32/esp32s3: not built (${refused})\n`);
		return;
	}
	const link = await linkForEsp32(board, out);
	const kept = loadersKept(link.strips);
	if (kept.length > 0) throw new Error(`the esp32 link can load code at run time: ${kept.join(", ")} kept`);
	const [chunk, chunkStep, heap, heapStep, stack, keys, keysStep, names, symbols] = link.creation;
	process.stdout.write(
		`esp32/esp32s3 XS compile and link in ${link.seconds.toFixed(1)} s (stopped before ESP-IDF's idf.py; stand-in IDF_PATH): ` +
			`preloaded ${link.preloaded.scripts} modules, ${link.preloaded.heapSlots} heap slots (${((link.preloaded.heapSlots * DEVICE_SLOT_BYTES) / 1024).toFixed(0)} KB of flash), ` +
			`${link.preloaded.keys} keys, ${link.preloaded.aliases} aliases; no run-time code loading; creation: chunks ${chunk} + ${chunkStep} B, ` +
			`heap ${heap} + ${heapStep} slots, stack ${stack} slots, keys ${keys} + ${keysStep} (names ${names}, symbols ${symbols})\n`,
	);
}

/**
 * What the device's chip sale did on the wire: the card's GENERATE ACs as the relay saw them (an ARQC asked and
 * given, then the TC after the host's ARPC) and the acquirer's 0200 with entry mode 05x and field 55, approved
 * (39 = 00: the ARQC verified; A7 otherwise) with field 55 back. True when both are so.
 */
function reportChipSale(contact: ContactRelay, acquirer: AcquirerHost): boolean {
	const cryptograms = cryptogramsOf(contact.exchanges);
	const entries = acquirer.log.entries;
	const at = entries.findIndex((e) => e.direction === "in" && e.mti === "0200" && e.fields?.["22"]?.startsWith("05"));
	const request = entries[at];
	const answer = entries.slice(at + 1).find((e) => e.direction === "out" && e.mti === "0210");
	const approved = answer?.fields?.["39"] === "00" && answer.fields["55"] !== undefined;
	const ok = approved && request?.fields?.["55"] !== undefined && cryptograms.join(" ") === "ARQC→ARQC TC→TC";
	process.stdout.write(
		`chip sale: ${contact.exchanges.length} APDUs relayed, GENERATE AC ${cryptograms.join(", ") || "none"}; ` +
			(request
				? `acquirer got 0200 with 22 = ${request.fields?.["22"]}, 23 = ${request.fields?.["23"]}, field 55 ${request.fields?.["55"] ? "present" : "absent"}, ` +
					`answered 39 = ${answer?.fields?.["39"] ?? "none"}${answer?.note ? ` (${answer.note})` : ""}, field 55 ${answer?.fields?.["55"] ? "present" : "absent"}`
				: "no chip 0200 reached the acquirer") +
			`${ok ? "" : ": NOT as expected"}\n`,
	);
	return ok;
}

/** Issue 14's memory budget on the device: slots × 16 B + chunk bytes. */
const BUDGET = { idleKb: 128, peakKb: 192 } as const;

/** Device bytes of a sample's slots (`Slot …` instrument, 64-bit bytes) plus its chunk bytes. */
function deviceBytes(values: ReadonlyMap<string, number>, slotInstrument: string, chunkInstrument: string): number {
	return ((values.get(slotInstrument) ?? 0) / SIMULATOR_SLOT_BYTES) * DEVICE_SLOT_BYTES + (values.get(chunkInstrument) ?? 0);
}

/** What XS has reserved so far, slots as the device's bytes plus chunks as the simulator's, in KB. */
function reservedKb(values: ReadonlyMap<string, number>): number {
	return deviceBytes(values, "Slot available", "Chunk available") / 1024;
}

/**
 * What XS reserved for its heaps: it collects garbage before it grows a heap, so with the creation sizes small
 * the reserved size is what the session needed at its peak. Chunks count as the simulator's (64-bit) bytes, an
 * upper bound for the device's.
 */
function formatReserved(values: ReadonlyMap<string, number>): string {
	const total = reservedKb(values);
	const slots = Math.round((values.get("Slot available") ?? 0) / SIMULATOR_SLOT_BYTES);
	return (
		`heap reserved by XS over the session: ${slots} slots + ${((values.get("Chunk available") ?? 0) / 1024).toFixed(0)} KB of chunks = ` +
		`${total.toFixed(0)} KB on a 32-bit device (budget at the sale's peak ${BUDGET.peakKb} KB: ${total <= BUDGET.peakKb ? "met" : "over"})`
	);
}

/**
 * Loads host-sim's default TEST keys into the unit's secure element, and the acquirer's address into its
 * parameters, the way a factory would: the key-injection build (device/moddable/key-injection) runs once in
 * mcsim on the same storage as the terminal.
 */
async function injectKeys(board: BoardDescription, out: string, preload: PreloadMode, acquirerPort: number): Promise<void> {
	// The folder is named after the board: mcsim picks the device whose applicationName matches the path.
	const keysOut = join(out, "key-injection", board.model);
	const build = await fastBuild({
		platform: "lin",
		out: keysOut,
		preload,
		manifest: "device/moddable/key-injection/manifest.json",
		extra: ["-d", `board=${board.model}`, ...defaultKeyConfig(), "acquirerHost=127.0.0.1", `acquirerPort=${acquirerPort}`],
		fileRoot: join(out, "state"),
	});
	const xsbug = new XsbugListener();
	const xsbugPort = await freePort();
	await xsbug.listen(xsbugPort);
	const sim = await McsimSession.start({
		library: join(keysOut, "bin/lin/mc/debug", board.model, "mc.so"),
		home: join(out, "key-injection"),
		startMs: VIRTUAL_EPOCH_MS,
		xsbugPort,
	});
	running.add(sim);
	try {
		const done = await xsbug.waitFor((event) => event.kind === "log" && event.text.startsWith("posterm key injection:"), 30_000);
		process.stdout.write(`key injection (built in ${build.seconds.toFixed(1)} s): ${done.text.trim()}\n`);
	} finally {
		sim.stop();
		xsbug.close();
	}
}

/** True when every panel was the same, the chip sale went as expected and the heap was within issue 14's budget. */
async function check(board: BoardDescription, out: string, preload: PreloadMode): Promise<boolean> {
	rmSync(join(out, "state"), { recursive: true, force: true });
	mkdirSync(join(out, "state"), { recursive: true });
	mkdirSync(join(out, "panels"), { recursive: true });
	const build = await fastBuild({
		platform: "lin",
		out: join(out, board.model),
		preload,
		extra: ["-d", `board=${board.model}`, "stationSsid=posterm-sim"],
		fileRoot: join(out, "state"),
	});
	process.stdout.write(`built ${board.model} for lin in ${build.seconds.toFixed(1)} s (preload: ${preload})\n`);
	const kept = loadersKept(linkedStrips(readFileSync(join(out, board.model, "tmp/lin/mc/debug", board.model, "mc.xs.c"), "utf8")));
	if (kept.length > 0) throw new Error(`the lin link can load code at run time: ${kept.join(", ")} kept`);
	process.stdout.write(`linked without run-time code loading: ${CODE_LOADERS.join(", ")} and import() dead-stripped\n`);
	await reportEsp32Link(board, out);

	// Both acquirers tell the time of both terminals' clocks (fields 12/13 set the terminal's clock).
	// Their clock starts with the terminals' (after the key injection), at host-sim's virtual epoch.
	let started = Date.now();
	const now = () => VIRTUAL_EPOCH_MS + Date.now() - started;
	const deviceHost = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0, now });
	const simHost = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0, now });
	try {
		await injectKeys(board, out, preload, deviceHost.port);
	} catch (error) {
		await deviceHost.stop();
		await simHost.stop();
		throw error;
	}
	started = Date.now();
	// The contact reader's requests come by trace (device/moddable/sim/relayed-contact-reader.ts); the relay
	// answers them with its virtual card once mcsim runs.
	let relay: ContactRelay | undefined;
	const xsbug = new XsbugListener((event) => {
		if (event.kind === "log" && relay?.take(event.text)) return;
		if (event.kind === "break" || event.kind === "log") process.stdout.write(`  xs ${event.kind}: ${event.text.trim()}\n`);
	}, true);
	const xsbugPort = await freePort();
	await xsbug.listen(xsbugPort);
	const library = join(out, board.model, "bin/lin/mc/debug", board.model, "mc.so");
	const sim = await McsimSession.start({ library, home: out, startMs: VIRTUAL_EPOCH_MS, xsbugPort });
	running.add(sim);
	// A census while the firmware waits for each GENERATE AC's answer: the first after the PIN, the second after
	// the host's answer, the kernel's state and the online exchange's at their fullest.
	let duringStep: ((tag: string) => Promise<void>) | undefined;
	let generateAc = 0;
	const contact = new ContactRelay(
		(text) => sim.postContact(text),
		async (command) => {
			if (command.ins === 0xae) await duringStep?.(`chip-generate-ac-${++generateAc}`);
		},
	);
	relay = contact;
	// The reference has the mcsim device's parts: the contact reader (relayed in the simulator build), no
	// contactless one (none relayed yet).
	const host = new ScriptedTerminal({
		board,
		acquirerHost: "127.0.0.1",
		acquirerPort: simHost.port,
		startMs: VIRTUAL_EPOCH_MS,
		readers: { contact: board.cardReaders?.contact !== undefined, contactless: false },
	});
	// host-sim's virtual time keeps up with mcsim's real time, so both show the same minute and run the same
	// timeouts (host-sim draws a frame when its clock moves).
	const keepUp = async () => {
		const behind = Date.now() - started - host.clock.monotonicMs();
		if (behind > 0) await host.wait(behind);
	};
	let same = true;
	let booked = true;
	let withinBudget = false;
	const hosts: Hosts = { device: deviceHost, reference: simHost };
	let chipSaleAsExpected = false;
	try {
		await xsbug.waitFor((event) => event.kind === "login", 20_000);
		await sleep(2000);
		const body = findBody(await sim.capture());
		const layout = deviceLayout(board);
		const rect = { ...layout.panel, x: body.x + layout.panel.x, y: body.y + layout.panel.y };
		let saleStarted = 0;
		let chipStarted = 0;
		const census = async (tag: string): Promise<HeapCensus> => {
			sim.requestCensus(tag);
			const answer = await xsbug.waitFor((event) => event.kind === "log" && parseCensusLine(event.text)?.tag === tag, 10_000);
			return parseCensusLine(answer.text)!.census;
		};
		let most: { readonly step: string; readonly census: HeapCensus } | undefined;
		duringStep = async (tag) => {
			const live = await census(tag);
			if (!most || deviceLiveBytes(live) > deviceLiveBytes(most.census)) most = { step: tag, census: live };
			process.stdout.write(
				`      ${tag} (the card's answer awaited): live heap ${(deviceLiveBytes(live) / 1024).toFixed(1)} KB (${live.slots} slots), XS reserved ${reservedKb(xsbug.instrumentation.latest()).toFixed(0)} KB\n`,
			);
		};
		for (const step of SESSION) {
			if (step.name === "sale") saleStarted = Date.now();
			if (step.name === "chip-sale") chipStarted = Date.now();
			if (step.waitMs) await sleep(step.waitMs);
			await keepUp();
			if (step.swipe) {
				sim.insertCard(cardChannels(board, step.swipe));
				await sim.click(body.x + layout.slot.x, body.y + layout.slot.y);
				host.swipe({ card: step.swipe });
			}
			if (step.insert) {
				contact.insert(virtualTestCard(step.insert));
				host.insert(step.insert);
			}
			if (step.remove) {
				contact.remove();
				host.removeCard();
			}
			for (const key of typeof step.keys === "function" ? step.keys(host) : (step.keys ?? [])) {
				const at = layout.keys.get(key);
				if (!at) throw new Error(`${board.model} has no key ${key}`);
				await sim.click(body.x + at.x, body.y + at.y);
				await sleep(150);
				host.keys(key);
				await keepUp();
			}
			const { mcsim, host: expected } = await panelsMeeting(
				sim,
				rect,
				async () => {
					await keepUp();
					await host.settle();
					return panelFromDisplay(host.hal.display);
				},
				step.maxMs,
			);
			const difference = comparePanels(mcsim, expected);
			writeFileSync(join(out, "panels", `${step.name}-mcsim.png`), panelPng(mcsim));
			writeFileSync(join(out, "panels", `${step.name}-host-sim.png`), panelPng(expected));
			same &&= difference.count === 0;
			for (const [side, acquirer] of [
				["mcsim", hosts.device],
				["host-sim", hosts.reference],
			] as const) {
				const problem = step.booked?.(acquirer.books);
				if (problem !== undefined) {
					booked = false;
					process.stdout.write(`NOT BOOKED  ${step.name} on ${side}'s acquirer: ${problem}\n`);
				}
			}
			const live = await census(step.name);
			if (!most || deviceLiveBytes(live) > deviceLiveBytes(most.census)) most = { step: step.name, census: live };
			process.stdout.write(
				`${difference.count === 0 ? "same" : "DIFFERENT"}  ${step.name}: ${difference.count} pixels differ${difference.box ? ` in ${JSON.stringify(difference.box)}` : ""}; ` +
					`live heap ${(deviceLiveBytes(live) / 1024).toFixed(1)} KB (${live.slots} slots), XS reserved ${reservedKb(xsbug.instrumentation.latest()).toFixed(0)} KB\n`,
			);
			if (step.name === "second-copy") writeFileSync(join(out, "mcsim-window.png"), await sim.capture());
			if (step.name === "sale-done")
				process.stdout.write(`heap at the sale's peak: ${formatHeap(xsbug.instrumentation.peak(saleStarted))}\n`);
			if (step.name === "chip-sale-done")
				process.stdout.write(`heap at the chip sale's peak: ${formatHeap(xsbug.instrumentation.peak(chipStarted))}\n`);
		}
		chipSaleAsExpected = reportChipSale(contact, deviceHost);
		if (most) process.stdout.write(`most live heap after a step (${most.step}): ${formatCensus(most.census)}\n`);
		// Idle for a while (the clock redraws each minute), then what idle keeps alive, after a collection.
		await sleep(IDLE_MS);
		process.stdout.write(`heap at idle (XS instruments, garbage included): ${formatHeap(xsbug.instrumentation.latest())}\n`);
		const idle = await census("idle");
		const idleKb = deviceLiveBytes(idle) / 1024;
		process.stdout.write(
			`live heap at idle: ${formatCensus(idle)} (budget at idle ${BUDGET.idleKb} KB: ${idleKb <= BUDGET.idleKb ? "met" : "over"})\n`,
		);
		const reserved = xsbug.instrumentation.peak();
		process.stdout.write(`${formatReserved(reserved)}\n`);
		withinBudget = idleKb <= BUDGET.idleKb && reservedKb(reserved) <= BUDGET.peakKb;
		if (!withinBudget) process.stdout.write("over issue 14's memory budget: the check fails\n");
		if (!sim.running) throw new Error("mcsim exited");
	} finally {
		sim.stop();
		xsbug.close();
		host.stop();
		await deviceHost.stop();
		await simHost.stop();
	}
	return same && booked && withinBudget && chipSaleAsExpected;
}

const { values, positionals } = parseArgs({
	args: process.argv.slice(2),
	allowPositionals: true,
	options: {
		board: { type: "string", default: "posterm-s3" },
		out: { type: "string", default: "/tmp/posterm-device-check" },
		preload: { type: "string", default: "all" },
	},
});
if (positionals[0] !== "check") {
	process.stderr.write("usage: npm run device -- check [--board posterm-s3|posterm-mono] [--out DIR] [--preload all|ts-like]\n");
	process.exit(2);
}
// Every wait of the session has its own limit; this one is for a step that hangs past them (a build, mcsim).
const deadline = setTimeout(() => {
	process.stderr.write(`device check: not done after ${DEADLINE_MINUTES} minutes; stopping mcsim\n`);
	for (const sim of running) sim.stop();
	process.exit(1);
}, DEADLINE_MINUTES * 60_000);
deadline.unref();
check(loadBoard(values.board), values.out, values.preload as PreloadMode).then(
	(passed) => {
		process.exitCode = passed ? 0 : 1;
	},
	(error: unknown) => {
		process.stderr.write(`device check: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exitCode = 1;
	},
);
