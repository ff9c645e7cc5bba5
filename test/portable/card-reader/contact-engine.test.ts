// The contact reader's engine (src/card-reader/) against an emulated TDA8035 and ISO/IEC 7816-3 card
// (host-sim/chip/emulated-tda8035.ts) wrapping the virtual cards: activation, ATR, PPS, T=0 and T=1 with their
// error recovery, and every failure as a ContactError value. The reference for each answer is the same card
// in the APDU-level virtual reader.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { pseAndRecord, referencePseAndRecord } from "../../support/contact-session.js";
import { virtualCard } from "../../support/virtual-chip.js";
import { err } from "../../../hal/result.js";
import type { CardProfileJson } from "../../../host-sim/chip/card-profile.js";
import { EmulatedTda8035, type LineFaults } from "../../../host-sim/chip/emulated-tda8035.js";
import { PBOC_CREDIT, PBOC_DEBIT } from "../../../host-sim/chip/profiles.js";
import type { CardFaults } from "../../../host-sim/chip/virtual-card.js";
import { ContactReaderEngine } from "../../../src/card-reader/contact-engine.js";
import { atrStartMs, blockWaitingMs } from "../../../src/card-reader/timing.js";
import { directoryName, readRecord, selectByName } from "../../../src/emv/commands.js";
import { cardChannel } from "../../../src/emv/transport.js";

const CLOCK = 3571200;

function withAtr(json: CardProfileJson, atr: string): CardProfileJson {
	return { ...json, contact: { ...json.contact!, atr } };
}

/** An ATR with its TCK computed (the XOR of T0 … TCK is zero, ISO/IEC 7816-3 §8.2.5). */
function withTck(atr: string): string {
	const bytes = hex(atr);
	let x = 0;
	for (const b of bytes.subarray(1)) x ^= b;
	return atr + toHex(Uint8Array.of(x));
}

function rig(json: CardProfileJson, line: LineFaults = {}, card: CardFaults = {}) {
	const tda = new EmulatedTda8035();
	const engine = new ContactReaderEngine(tda.slot, tda.port, { clockHz: CLOCK, wait: async () => {} });
	tda.insert(virtualCard(json, card), line);
	return { tda, engine };
}

describe("contact reader engine: activation (ISO/IEC 7816-3 §6, §8, §9)", () => {
	it("cold reset: VCC at 5 V, RST high, the ATR within 40 000 clocks; the T=0 card's ATR and the defaults 372/1", async () => {
		const { tda, engine } = rig(PBOC_DEBIT);
		const a = await engine.activate();
		assert.ok(a.ok);
		assert.deepEqual([toHex(a.value.atr), a.value.protocol, a.value.fi, a.value.di], ["3B6A00008065A20101013D72D643", "T=0", 372, 1]);
		assert.deepEqual(tda.events, ["vcc 5V", "rst 1"]);
		assert.equal(tda.timeouts[0], atrStartMs(CLOCK));
		assert.equal(tda.timeouts[0], 13, "40 000 clocks at 3.5712 MHz = 11.2 ms, rounded up with 1 ms to spare");
		assert.equal(tda.settings.at(-1)!.baud, 9600);
		assert.equal(tda.settings.at(-1)!.errorSignal, true);
	});

	it("a second activate() is a warm reset: RST low then high, VCC kept", async () => {
		const { tda, engine } = rig(PBOC_DEBIT);
		assert.ok((await engine.activate()).ok);
		assert.ok((await engine.activate()).ok);
		assert.deepEqual(tda.events, ["vcc 5V", "rst 1", "rst 0", "rst 1"]);
	});

	it("PPS: a TA1 of 13 is asked for and echoed, and the line goes to 38 400 bit/s (F 372, D 4)", async () => {
		const { tda, engine } = rig(withAtr(PBOC_DEBIT, "3B7A13000080" + "65A20101013D72D643"));
		const a = await engine.activate();
		assert.ok(a.ok);
		assert.deepEqual([a.value.fi, a.value.di], [372, 4]);
		assert.equal(tda.settings.at(-1)!.baud, 38400);
		assert.deepEqual(await pseAndRecord(engine), await referencePseAndRecord(PBOC_DEBIT));
	});

	it("PPS refused (no answer): pps-refused, the card powered down", async () => {
		const { tda, engine } = rig(withAtr(PBOC_DEBIT, "3B7A13000080" + "65A20101013D72D643"), {}, { refusePps: true });
		assert.deepEqual(await engine.activate(), err({ kind: "pps-refused" }));
		assert.equal(tda.events.at(-1), "vcc off");
	});

	it("the inverse convention (TS 3F, read as 03) is decoded and its characters coded back", async () => {
		const { tda, engine } = rig(withAtr(PBOC_DEBIT, "3F6A00008065A20101013D72D643"));
		assert.deepEqual(await pseAndRecord(engine), await referencePseAndRecord(PBOC_DEBIT));
		assert.equal(tda.settings.at(-1)!.parity, "odd");
	});

	it("a mute card: mute after 40 000 clocks, then deactivated", async () => {
		const { tda, engine } = rig(PBOC_DEBIT, {}, { mute: true });
		assert.deepEqual(await engine.activate(), err({ kind: "mute" }));
		assert.deepEqual(tda.events, ["vcc 5V", "rst 1", "rst 0", "vcc off"]);
	});

	it("a wrong ATR (its last byte missing): atr-invalid with what came, after the initial waiting time", async () => {
		const { engine } = rig(PBOC_DEBIT, {}, { wrongAtr: true });
		assert.deepEqual(
			await engine.activate(),
			err({ kind: "atr-invalid", atr: hex("3B6A00008065A20101013D72D6"), detail: "truncated" }),
		);
		const bad = rig(withAtr(PBOC_CREDIT, "3BE000008131FE45EA"));
		assert.deepEqual(await bad.engine.activate(), err({ kind: "atr-invalid", atr: hex("3BE000008131FE45EA"), detail: "bad-tck" }));
		const ts = rig(withAtr(PBOC_DEBIT, "3A6A00008065A20101013D72D643"));
		assert.deepEqual(await ts.engine.activate(), err({ kind: "atr-invalid", atr: hex("3A"), detail: "bad-ts" }));
	});

	it("after an unacceptable cold ATR the card stays powered and the next activate() is a warm reset (EMV Book 1 §8.3)", async () => {
		const { tda, engine } = rig(PBOC_DEBIT, {}, { wrongAtr: true });
		assert.equal((await engine.activate()).ok, false);
		assert.deepEqual(tda.events, ["vcc 5V", "rst 1"]);
		assert.equal((await engine.activate()).ok, false);
		assert.deepEqual(tda.events, ["vcc 5V", "rst 1", "rst 0", "rst 1", "rst 0", "vcc off"], "the warm ATR failed too: deactivated");
		assert.equal((await engine.activate()).ok, false);
		assert.equal(tda.events[6], "vcc 5V", "then a cold reset again");
	});

	it("no card, an interface fault (OFF low), and close", async () => {
		const tda = new EmulatedTda8035();
		const engine = new ContactReaderEngine(tda.slot, tda.port, { wait: async () => {} });
		assert.deepEqual(await engine.activate(), err({ kind: "no-card" }));
		const seen: boolean[] = [];
		engine.onPresence((p) => seen.push(p));
		tda.insert(virtualCard(PBOC_DEBIT), { overcurrent: true });
		assert.deepEqual(await engine.activate(), err({ kind: "interface-fault", detail: "OFF low: over-current on VCC" }));
		tda.faults = {};
		assert.ok((await engine.activate()).ok);
		engine.close();
		assert.deepEqual(await engine.activate(), err({ kind: "not-active" }));
		assert.deepEqual(await engine.transmit(readRecord(1, 1)), err({ kind: "not-active" }));
		assert.deepEqual(seen, [true]);
	});
});

describe("contact reader engine: T=0 (ISO/IEC 7816-3 §10)", () => {
	it("the PSE and its first record come through 61xx and 6Cxx exactly as from the virtual reader", async () => {
		const { engine } = rig(PBOC_DEBIT);
		assert.deepEqual(await pseAndRecord(engine), await referencePseAndRecord(PBOC_DEBIT));
	});

	it("NULL bytes and data asked for byte by byte (INS ⊕ FF) give the same answers", async () => {
		const { engine } = rig(PBOC_DEBIT, { nullBytes: 3, byteByByte: true });
		assert.deepEqual(await pseAndRecord(engine), await referencePseAndRecord(PBOC_DEBIT));
	});

	it("a character the card signals an error for is sent again (§7.3); past 4 repetitions the exchange fails", async () => {
		const ok = rig(PBOC_DEBIT, { signalErrorsAt: [3, 3, 7] });
		assert.deepEqual(await pseAndRecord(ok.engine), await referencePseAndRecord(PBOC_DEBIT));
		const bad = rig(PBOC_DEBIT, { signalErrorsAt: [2, 2, 2, 2, 2] });
		assert.ok((await bad.engine.activate()).ok);
		assert.deepEqual(
			await bad.engine.transmit({ ...selectByName(directoryName("PSE")), le: undefined }),
			err({ kind: "protocol", detail: "parity error past the repetitions" }),
		);
		assert.equal(bad.tda.events.at(-1), "vcc off");
	});

	it("a character received with a parity error is repeated by the card; 4 repetitions are taken, 5 are not", async () => {
		const ok = rig(PBOC_DEBIT, { badParityAt: [1, 4], badParityTimes: 4 });
		assert.deepEqual(await pseAndRecord(ok.engine), await referencePseAndRecord(PBOC_DEBIT));
		const bad = rig(PBOC_DEBIT, { badParityAt: [1], badParityTimes: 5 });
		assert.ok((await bad.engine.activate()).ok);
		const r = await bad.engine.transmit({ ...selectByName(directoryName("PSE")), le: undefined });
		assert.deepEqual(r, err({ kind: "protocol", detail: "parity error past the repetitions" }));
	});

	it("data and Le together are a bad-command and the card stays active", async () => {
		const { engine } = rig(PBOC_DEBIT);
		assert.ok((await engine.activate()).ok);
		assert.deepEqual(
			await engine.transmit(selectByName(directoryName("PSE"))),
			err({ kind: "bad-command", detail: "data and Le at T=0" }),
		);
		assert.ok((await engine.transmit(readRecord(1, 1))).ok);
	});

	it("a card taken out mid-exchange: removed, and the presence handlers told", async () => {
		const { engine } = rig(PBOC_DEBIT, {}, { removeAfterExchanges: 1 });
		const a = await engine.activate();
		assert.ok(a.ok);
		const seen: boolean[] = [];
		engine.onPresence((p) => seen.push(p));
		const channel = cardChannel(engine, "T=0");
		const r = await channel.exchange(selectByName(directoryName("PSE")));
		assert.deepEqual(r, err({ kind: "reader", error: { kind: "removed" } }));
		assert.deepEqual(seen, [false]);
		assert.equal(engine.present, false);
		assert.deepEqual(await engine.transmit(readRecord(1, 1)), err({ kind: "not-active" }));
	});
});

describe("contact reader engine: T=1 (ISO/IEC 7816-3 §11)", () => {
	it("activation sends S(IFS request) with IFSD 254; the PSE and record match the virtual reader", async () => {
		const { tda, engine } = rig(PBOC_CREDIT);
		assert.deepEqual(await pseAndRecord(engine), await referencePseAndRecord(PBOC_CREDIT));
		assert.equal(tda.settings.at(-1)!.errorSignal, false);
	});

	it("chained answers (I-blocks of 8 bytes, each acknowledged by R(N(R)))", async () => {
		const { engine } = rig(PBOC_CREDIT, { chainAnswer: 8 });
		assert.deepEqual(await pseAndRecord(engine), await referencePseAndRecord(PBOC_CREDIT));
	});

	it("a command chained into I-blocks of the card's IFSC (16, from its ATR's TA3), and an S(IFS) from the card", async () => {
		const small = rig(withAtr(PBOC_CREDIT, withTck("3BE0000081311045")));
		assert.deepEqual(await pseAndRecord(small.engine), await referencePseAndRecord(PBOC_CREDIT));
		const asked = rig(PBOC_CREDIT, { ifsRequest: 4 });
		assert.deepEqual(await pseAndRecord(asked.engine), await referencePseAndRecord(PBOC_CREDIT));
	});

	it("recovers from a block with a wrong LRC, a parity error, an ignored block, and waits through S(WTX)", async () => {
		for (const faults of [{ corruptBlocks: 2 }, { badParityAt: [3] }, { ignoreBlocks: 2 }, { wtx: 3 }] as LineFaults[]) {
			const { engine } = rig(PBOC_CREDIT, faults);
			assert.deepEqual(await pseAndRecord(engine), await referencePseAndRecord(PBOC_CREDIT), JSON.stringify(faults));
		}
		const { tda, engine } = rig(PBOC_CREDIT, { wtx: 3 });
		await pseAndRecord(engine);
		const bwt = blockWaitingMs(CLOCK, 4, 372, 1);
		assert.ok(tda.timeouts.includes(blockWaitingMs(CLOCK, 4, 372, 1, 3)) && blockWaitingMs(CLOCK, 4, 372, 1, 3) > 2 * bwt);
	});

	it("resynchronises a card that fell silent (S(RESYNCH)) and sends the APDU again", async () => {
		const r = rig(PBOC_CREDIT);
		assert.ok((await r.engine.activate()).ok);
		r.tda.faults.silentUntilResynch = true;
		const answer = await r.engine.transmit(selectByName(directoryName("PSE")));
		assert.ok(answer.ok);
		assert.equal(r.tda.faults.silentUntilResynch, false);
		assert.equal(toHex(Uint8Array.of(answer.value.sw1, answer.value.sw2)), "9000");
	});

	it("a card that never answers a block again: protocol error after resynchronisation, deactivated", async () => {
		const r = rig(PBOC_CREDIT);
		assert.ok((await r.engine.activate()).ok);
		r.tda.faults.ignoreBlocks = 100;
		assert.deepEqual(await r.engine.transmit(readRecord(1, 1)), err({ kind: "protocol", detail: "resynchronisation" }));
		assert.equal(r.tda.events.at(-1), "vcc off");
	});

	it("a T=1 card taken out mid-exchange: removed", async () => {
		const { engine } = rig(PBOC_CREDIT, {}, { removeAfterExchanges: 1 });
		assert.ok((await engine.activate()).ok);
		assert.ok((await engine.transmit(readRecord(1, 1))).ok);
		assert.deepEqual(await engine.transmit(readRecord(1, 1)), err({ kind: "removed" }));
	});
});
