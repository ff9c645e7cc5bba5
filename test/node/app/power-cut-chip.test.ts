// Power cuts at every durable storage write of a chip working day (issue 18), whole and half-written: a PBOC
// debit card inserted with online PIN (ARQC → ARPC → second GENERATE AC, IC data journaled with the approval),
// a QuickPass tap under the no-CVM limit, a tap of the card that supports issuer update processing approved
// with a script and tapped again (请再次挥卡: the script results rewritten in the approval's record), an
// inserted sale the card declines after the host approved it (a wrong ARPC: reversed with field 55), and a
// settlement the host does not balance, so each approved chip sale goes up alone with its cryptogram (0320,
// 60.3 203), its script results (DF31) as journaled. After every cut: reboot, sign on, settle; then nothing
// approved is lost or recorded twice, every chip request the terminal did not keep is reversed with field 55,
// every approved chip sale's cryptogram reached the host — never again once its upload was journaled as
// acknowledged — and the settled totals equal the host's.

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import type { LogEntry } from "../../../host-sim/acquirer/message-log.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { decodeTlv } from "../../../src/emv/tlv.js";
import { bytesToHex, hexToBytes } from "../../../src/factory/hex-text.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { checkBooks, cutAtEveryWrite, day, recover, TERMINAL_ID, type Step, swallowPowerCuts } from "../support/power-cut-day.js";
import { tapScriptsConfig } from "../support/terminal-on-host.js";

/** The chip day's batch (the first after the terminal's first sign-in). */
const BATCH = 1;
/** A sale of 0.01 only the host's books hold: its totals and the terminal's disagree, so the batch is uploaded. */
const PHANTOM_STAN = 999_999;

function unbalance(host: AcquirerHost): void {
	if (host.books.transactions.some((t) => t.stan === PHANTOM_STAN)) return;
	host.books.transactions.push({
		terminalId: TERMINAL_ID,
		merchantId: "",
		batch: BATCH,
		stan: PHANTOM_STAN,
		kind: "sale",
		pan: TEST_CARDS.debit.pan,
		amountFen: 1,
		rrn: "",
		authCode: "",
		date: "",
		domestic: true,
		status: "approved",
		refundedFen: 0,
	});
}

function withdrawPhantom(host: AcquirerHost): void {
	host.books.transactions = host.books.transactions.filter((t) => t.stan !== PHANTOM_STAN);
}

function chipDay(host: AcquirerHost, session: ScriptedTerminal): Step[] {
	const pin = TEST_CARDS.chip.pin;
	return [
		() => session.keys("01", "ENTER", "0000", "ENTER"),
		// Inserted, online PIN, approved with the card's TC; 请拔卡 before the slip.
		() => session.keys("ENTER", "1", "1000", "ENTER"),
		() => session.insert({ profile: "pboc-debit" }),
		() => session.keys("ENTER"),
		() => session.keys(pin, "ENTER"),
		() => session.removeCard(),
		// Tapped under the no-CVM limit: no PIN, the GPO's ARQC online.
		() => session.keys("ENTER", "ENTER", "1", "800", "ENTER"),
		() => session.tap({ profile: "quickpass" }),
		() => session.keys("ENTER"),
		// Tapped with the card that supports issuer update processing: approved with a 72 script, tapped again
		// (请再次挥卡), the script results (DF31) rewritten in the approval's record.
		() => session.keys("ENTER", "ENTER", "1", "600", "ENTER"),
		() => session.tap({ profile: "quickpass-update" }),
		() => session.keys("ENTER"),
		() => session.tap({ profile: "quickpass-update" }),
		// Inserted; the host approves with a wrong ARPC, the card declines (AAC): reversed (06) with field 55.
		() => session.keys("ENTER", "ENTER", "1", "2000", "ENTER"),
		() => session.insert({ profile: "pboc-debit" }),
		() => session.keys("ENTER"),
		() => {
			host.inject({ fault: { kind: "bad-arpc" }, match: { mti: "0200" } });
			session.keys(pin, "ENTER");
		},
		() => session.removeCard(),
		() => {
			unbalance(host);
			session.keys("ENTER", "ENTER", "6", "ENTER");
		},
	];
}

/** DF31 of each 0320 IC upload (60.3 203), by the uploaded STAN: "" when it has none. */
function uploadedScriptResults(host: AcquirerHost): Map<number, string[]> {
	const out = new Map<number, string[]>();
	for (const e of requestsIn(host, "0320").filter((e) => e.fields?.["60"]?.slice(8, 11) === "203")) {
		const tlv = decodeTlv(hexToBytes(e.fields?.["55"] ?? "") ?? new Uint8Array(0));
		const df31 = tlv.ok ? bytesToHex(tlv.value.find((o) => o.tag === 0xdf31)?.value ?? new Uint8Array(0)) : "unreadable";
		const stan = Number(e.fields!["61"]!.slice(6));
		out.set(stan, [...(out.get(stan) ?? []), df31]);
	}
	return out;
}

function requestsIn(host: AcquirerHost, mti: string): LogEntry[] {
	return host.log.entries.filter((e) => e.direction === "in" && e.mti === mti);
}

/** The STANs of the chip day's 0320 IC uploads (60.3 203) the host has received, by the uploaded STAN (61). */
function tcUploads(host: AcquirerHost): number[] {
	return requestsIn(host, "0320")
		.filter((e) => e.fields?.["60"]?.slice(8, 11) === "203" && Number(e.fields["61"]?.slice(0, 6)) === BATCH)
		.map((e) => Number(e.fields!["61"]!.slice(6)));
}

function count(stans: readonly number[], stan: number): number {
	return stans.filter((s) => s === stan).length;
}

/**
 * What the rebooted terminal holds as done with the host: the chip sales whose TC upload it journaled as
 * acknowledged (all of them once the batch is closed).
 */
function acknowledgedUploads(session: ScriptedTerminal): { readonly stans: ReadonlySet<number>; readonly batchClosed: boolean } {
	const journal = session.terminal.journal;
	assert.ok(journal, "the journal is replayed at boot");
	const stans = new Set<number>();
	for (const t of journal.state.txns.values()) if (t.ic && t.uploaded) stans.add(t.stan);
	return { stans, batchClosed: journal.counters.batch > BATCH };
}

/** The chip day's checks on what the host received and holds (after recovery and settlement). */
function checkChipBooks(host: AcquirerHost, label: string, atCut: ReturnType<typeof acknowledgedUploads>, uploadedBefore: number[]): void {
	const chipSales = requestsIn(host, "0200").filter((e) => e.fields?.["55"] !== undefined);
	const stans = chipSales.map((e) => e.fields!["11"]);
	assert.equal(new Set(stans).size, stans.length, `${label}: no chip sale sent twice`);
	const reversals = requestsIn(host, "0400");
	for (const reversal of reversals) {
		// The request's copy (a reversal owed across the cut) or the kernel's list after the card's completion: both
		// carry the TVR and the ATC (Q/CUP 006 reversal field 55).
		const tlv = decodeTlv(hexToBytes(reversal.fields?.["55"] ?? "") ?? new Uint8Array(0));
		const tags = tlv.ok ? tlv.value.map((o) => o.tag) : [];
		assert.ok(
			tags.includes(0x95) && tags.includes(0x9f36),
			`${label}: the reversal of STAN ${reversal.fields?.["11"]} carries field 55`,
		);
	}
	const uploaded = tcUploads(host);
	const uploadedAfter = uploaded.slice(uploadedBefore.length);
	// A tap's script results go up as they were journaled: not performed (00) or, after the second tap, performed (20).
	for (const [stan, results] of uploadedScriptResults(host))
		for (const df31 of results)
			assert.ok(["", "0000000001", "2000000001"].includes(df31), `${label}: the upload of ${stan} carries DF31 ${df31}`);
	for (const sale of chipSales) {
		const stan = Number(sale.fields!["11"]);
		const record = host.books.transactions.find((t) => t.terminalId === TERMINAL_ID && t.batch === BATCH && t.stan === stan);
		assert.ok(record, `${label}: the host booked chip sale ${stan}`);
		if (record.status !== "approved") {
			assert.ok(
				reversals.some((r) => Number(r.fields?.["11"]) === stan),
				`${label}: chip sale ${stan}, not kept by the terminal, was reversed by a 0400`,
			);
			continue;
		}
		// Kept: its cryptogram went up at settlement, once before the cut or after it, never twice in one run.
		assert.match(record.cryptogram ?? "", /^(TC|ARQC) [0-9A-F]{16}$/, `${label}: chip sale ${stan}'s cryptogram reached the host`);
		assert.ok(
			count(uploadedBefore, stan) <= 1 && count(uploadedAfter, stan) <= 1,
			`${label}: ${stan} uploaded ${count(uploaded, stan)} times`,
		);
		if (atCut.batchClosed || atCut.stans.has(stan))
			assert.equal(count(uploadedAfter, stan), 0, `${label}: chip sale ${stan}'s acknowledged upload was not repeated`);
	}
}

describe("power cuts at every storage write of a chip day (issue 18)", () => {
	swallowPowerCuts();

	it("a chip day without a cut: three chip sales kept (the last tapped twice), one reversed with field 55, their cryptograms uploaded at settlement", async () => {
		const host = await AcquirerHost.start({ config: tapScriptsConfig(), port: 0 });
		try {
			const session = await day(host, undefined, (s) => chipDay(host, s));
			assert.ok(session.screen().includes("结算完成") && session.screen().includes("已批上送 3 笔"), session.screen());
			assert.deepEqual(
				host.books.transactions.map((t) => `${t.stan} ${t.amountFen} ${t.status} ${t.cryptogram?.split(" ")[0]}`),
				[
					"13 1000 approved TC",
					"14 800 approved ARQC",
					"15 600 approved ARQC",
					"16 2000 reversed undefined",
					`${PHANTOM_STAN} 1 approved undefined`,
				],
			);
			assert.deepEqual(tcUploads(host), [13, 14, 15]);
			const df31 = uploadedScriptResults(host);
			assert.deepEqual(
				[df31.get(14), df31.get(15)],
				[["0000000001"], ["2000000001"]],
				"the first tap not updated, the second tap's done",
			);
			assert.deepEqual(
				requestsIn(host, "0400").map((r) => r.fields?.["39"]),
				["06"],
				"the card's decline reversed with reason 06",
			);
			checkChipBooks(host, "baseline", { stans: new Set(), batchClosed: false }, []);
			withdrawPhantom(host);
			checkBooks(host, session, "baseline");
			session.stop();
		} finally {
			await host.stop();
		}
	});

	for (const fraction of [0, 0.5]) {
		it(`chip day cut at every write (${fraction === 0 ? "before any byte lands" : "half the bytes landed"}): reboot, sign on, settle, books and uploads agree`, async () => {
			const cutsHit = await cutAtEveryWrite(
				() => AcquirerHost.start({ config: tapScriptsConfig(), port: 0 }),
				fraction,
				(session, host) => chipDay(host, session),
				async (host, session, label) => {
					const atCut = acknowledgedUploads(session);
					const uploadedBefore = tcUploads(host);
					await recover(session, host, label, {
						hostOnly: (stan) => stan === PHANTOM_STAN,
						// An open chip batch with an approved chip sale goes to settlement unbalanced, as the day's would.
						beforeSettle: () => {
							const journal = session.terminal.journal!;
							const open = (journal.state.settlement?.batch ?? journal.counters.batch) === BATCH;
							if (open && [...journal.state.txns.values()].some((t) => t.ic && t.status === "approved")) unbalance(host);
						},
					});
					checkChipBooks(host, label, atCut, uploadedBefore);
					withdrawPhantom(host);
					checkBooks(host, session, label);
				},
			);
			assert.ok(cutsHit > 20, `${cutsHit} cuts`);
		});
	}
});
