// Power cuts at every durable storage write of a day of offline approvals (issue 18), whole and half-written:
// against an acquirer serving an offline floor limit (over TCP), a PBOC card inserted (the PIN skipped, a credit
// BIN) and a quick-pass card tapped, each approved by the card offline (TC, 8A Y1); then an online sale, before
// whose 0200 the older goes up (IC offline sale: 0200, 60.1 36; one a request by default) and is journaled
// answered with the RRN of the host's answer (37); a refund of the inserted one by that RRN, before which the
// tapped one goes up; then the settlement. After every cut: reboot, sign on, settle; then every offline approval
// the journal holds reached the host once — never again once its answer was journaled, and never journaled
// acknowledged without the host's RRN — and the settled totals equal the host's. The same day with a host that
// refuses every such upload (39 = 05): each journaled refused once and never sent again on its own, the
// settlement not blocked (the 0510 unbalanced, the batch upload carries them as IC notifications 0320/205, which
// this acquirer books), listed on the slip; cut at every write too.

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { withFloorLimit } from "../../../host-sim/acquirer/ic-param-server.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { decodeTlv, findTlv } from "../../../src/emv/tlv.js";
import { uploadBooked } from "../../../src/journal/journal-entries.js";
import { checkBooks, cutAtEveryWrite, day, recover, TERMINAL_ID, type Step, swallowPowerCuts } from "../support/power-cut-day.js";

/** The PBOC card's BIN as a credit BIN: the cashier may skip its PIN, so it can end offline. */
const PARAMS = { creditBins: TEST_CARDS.chip.pan.slice(0, 6) };

async function offlineHost(): Promise<AcquirerHost> {
	const config = defaultAcquirerConfig();
	return AcquirerHost.start({ config: { ...config, icParams: withFloorLimit(config.icParams, 50_000) }, port: 0 });
}

/** The code the refusing host answers every IC offline sale with (05 不予承兑, do not honour). */
const REFUSAL = "05";

async function refusingHost(): Promise<AcquirerHost> {
	const host = await offlineHost();
	host.inject({ fault: { kind: "response-code", code: REFUSAL }, match: { mti: "0200", typeCode: "36" }, times: 0 });
	return host;
}

function offlineDay(session: ScriptedTerminal): Step[] {
	return [
		() => session.keys("01", "ENTER", "0000", "ENTER"),
		// Inserted under the floor limit, the PIN skipped: the card's TC, 请拔卡, the slip.
		() => session.keys("ENTER", "1", "1000", "ENTER"),
		() => session.insert({ profile: "pboc-debit", offline: "approve" }),
		() => session.keys("ENTER"),
		() => session.keys("ENTER"),
		() => session.removeCard(),
		// Tapped under the contactless floor limit: the TC at GPO.
		() => session.keys("ENTER", "ENTER", "1", "800", "ENTER"),
		() => session.tap({ profile: "quickpass", offline: "approve" }),
		() => session.keys("ENTER"),
		// Over the floor limit, online (its ARQC): both offline approvals go up first.
		() => session.keys("ENTER", "ENTER", "1", "60000", "ENTER"),
		() => session.insert({ profile: "pboc-debit", offline: "approve" }),
		() => session.keys("ENTER"),
		() => session.keys("ENTER"),
		() => session.removeCard(),
		...refund(session),
		() => session.keys("ENTER", "ENTER", "6", "ENTER"),
	];
}

/** A refund of the inserted offline sale (supervisor, card, its RRN and date, 5.00 yuan), once the host gave its RRN. */
function refund(session: ScriptedTerminal): Step[] {
	return [
		() => session.keys("ENTER", "ENTER", "3", "123456", "ENTER"),
		() => session.insert({ profile: "pboc-debit" }),
		() => session.keys("ENTER"),
		() => session.keys(...insertedOfflineReference(session), "500", "ENTER"),
		() => session.removeCard(),
	];
}

/** The same day where the host refuses the uploads: no RRN, so no refund; both sales go up at settlement's batch upload. */
function refusedDay(session: ScriptedTerminal): Step[] {
	const day = offlineDay(session);
	return [...day.slice(0, 14), () => session.keys("ENTER", "ENTER", "6", "ENTER")];
}

function insertedOfflineSale(session: ScriptedTerminal) {
	return [...session.terminal.journal!.state.txns.values()].find((t) => t.responseCode === "Y1" && t.entryMode === "insert")!;
}

/** The inserted offline sale's RRN (journaled from its upload's answer) and date (the card's 9A, MMDD), each keyed with ENTER. */
function insertedOfflineReference(session: ScriptedTerminal): string[] {
	const sale = insertedOfflineSale(session);
	const tlv = decodeTlv(sale.ic!.tcUploadField55);
	assert.ok(tlv.ok);
	const date = Buffer.from(findTlv(tlv.value, 0x9a)!.value).toString("hex").slice(2);
	return [sale.rrn, "ENTER", date, "ENTER"];
}

/** The STANs (11) of the IC offline sales (0200, 60.1 36) the host has received. */
function offlineUploads(host: AcquirerHost): number[] {
	return host.log.entries
		.filter((e) => e.direction === "in" && e.mti === "0200" && e.fields?.["60"]?.slice(0, 2) === "36")
		.map((e) => Number(e.fields!["11"]));
}

/** The STANs (61) of the IC notifications of offline approvals (0320, 60.3 205) in batch uploads. */
function offlineNotifications(host: AcquirerHost): number[] {
	return host.log.entries
		.filter((e) => e.direction === "in" && e.mti === "0320" && e.fields?.["60"]?.slice(8, 11) === "205")
		.map((e) => Number(e.fields!["61"]!.slice(6)));
}

/** The offline approvals the terminal journaled (39 Y1), those it journaled as acknowledged, and as refused. */
function offlineInJournal(session: ScriptedTerminal): {
	readonly all: number[];
	readonly acknowledged: number[];
	readonly refused: number[];
	readonly rrns: ReadonlyMap<number, string>;
} {
	const txns = [...session.terminal.journal!.state.txns.values()].filter((t) => t.responseCode === "Y1");
	return {
		all: txns.map((t) => t.stan),
		acknowledged: txns.filter((t) => uploadBooked(t.uploadAnswer)).map((t) => t.stan),
		refused: txns.filter((t) => t.uploadAnswer !== undefined && !uploadBooked(t.uploadAnswer)).map((t) => t.stan),
		rrns: new Map(txns.map((t) => [t.stan, t.rrn])),
	};
}

/** Each offline approval the terminal held at the cut is booked on the host once, with its TC. */
function checkOffline(host: AcquirerHost, label: string, atCut: ReturnType<typeof offlineInJournal>, before: number[]): void {
	const after = offlineUploads(host).slice(before.length);
	for (const stan of atCut.all) {
		const booked = host.books.transactions.filter((t) => t.terminalId === TERMINAL_ID && t.stan === stan && t.kind === "sale");
		assert.equal(booked.length, 1, `${label}: offline approval ${stan} booked once on the host`);
		assert.match(booked[0]!.cryptogram ?? "", /^TC [0-9A-F]{16}$/, `${label}: ${stan}'s TC reached the host`);
		const rrn = atCut.rrns.get(stan);
		if (atCut.acknowledged.includes(stan)) {
			assert.ok(!after.includes(stan), `${label}: ${stan}'s acknowledged upload was not repeated`);
			assert.equal(rrn, booked[0]!.rrn, `${label}: ${stan} journaled acknowledged with the host's RRN`);
		} else if (atCut.refused.includes(stan)) {
			assert.ok(!after.includes(stan), `${label}: ${stan}'s refused upload was not repeated`);
			assert.equal(rrn, "", `${label}: ${stan} refused, no reference`);
		} else assert.equal(rrn, "", `${label}: ${stan} owed, no reference yet`);
	}
}

describe("power cuts at every storage write of a day of offline approvals (issue 18)", () => {
	swallowPowerCuts();

	it("without a cut: both sales approved offline, uploaded (0200, 60.1 36) one before each online request, one refunded by its RRN, balanced", async () => {
		const host = await offlineHost();
		try {
			const session = await day(host, undefined, offlineDay, PARAMS);
			assert.ok(session.screen().includes("结算完成"), session.screen());
			assert.deepEqual(offlineUploads(host), [13, 14], "each once");
			const mtis = host.log.entries.filter((e) => e.direction === "in").map((e) => e.mti);
			// One owed upload before each request (offlineUploadsPerRequest 1): the older before the sale, the other before the refund.
			assert.deepEqual(mtis.slice(mtis.lastIndexOf("0800") + 1), ["0200", "0200", "0200", "0220", "0500"]);
			const booked = host.books.transactions.map((t) => `${t.stan} ${t.kind} ${t.amountFen} ${t.cryptogram?.split(" ")[0] ?? ""}`);
			assert.deepEqual(booked, ["13 sale 1000 TC", "15 sale 60000 ", "14 sale 800 TC", "16 refund 500 "]);
			const [inserted, , , refund] = host.books.transactions;
			assert.equal(inserted!.refundedFen, 500, "the refund names the offline sale's RRN");
			assert.equal(refund!.originalRrn, inserted!.rrn);
			assert.deepEqual(host.books.settlements.at(-1)?.balanced, { domestic: true, foreign: true });
			checkBooks(host, session, "baseline");
			session.stop();
		} finally {
			await host.stop();
		}
	});

	it("the host refuses every upload (05): each refused once, not sent again; the settlement goes on, its batch upload carries them (205)", async () => {
		const host = await refusingHost();
		try {
			const session = await day(host, undefined, refusedDay, PARAMS);
			assert.ok(session.screen().includes("结算完成"), session.screen());
			assert.ok(session.screen().includes("脱机交易被主机拒绝 2 笔"), session.screen());
			assert.deepEqual(offlineUploads(host), [13, 14], "each sent once on its own, refused");
			assert.deepEqual(offlineNotifications(host), [13, 14], "each in the batch upload as an IC notification");
			const settled = host.books.settlements.at(-1)!;
			assert.deepEqual(settled.balanced, { domestic: false, foreign: true }, "the host had not booked them");
			checkBooks(host, session, "refused");
			session.stop();
		} finally {
			await host.stop();
		}
	});

	const days = [
		{ name: "offline day", startHost: offlineHost, script: offlineDay, minCuts: 36 },
		{ name: "offline day, uploads refused", startHost: refusingHost, script: refusedDay, minCuts: 20 },
	];
	for (const { name, startHost, script, minCuts } of days)
		for (const fraction of [0, 0.5]) {
			it(`${name} cut at every write (${fraction === 0 ? "before any byte lands" : "half the bytes landed"}): reboot, sign on, settle, each offline approval booked once`, async () => {
				const cutsHit = await cutAtEveryWrite(
					startHost,
					fraction,
					script,
					async (host, session, label) => {
						const atCut = offlineInJournal(session);
						const before = offlineUploads(host);
						await recover(session, host, label);
						checkOffline(host, label, atCut, before);
						checkBooks(host, session, label);
					},
					PARAMS,
				);
				assert.ok(cutsHit >= minCuts, `${cutsHit} cuts`);
			});
		}
});
