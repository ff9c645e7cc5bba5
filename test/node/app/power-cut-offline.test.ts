// Power cuts at every durable storage write of a day of offline approvals (issue 18), whole and half-written:
// against an acquirer serving an offline floor limit (over TCP), a PBOC card inserted (the PIN skipped, a credit
// BIN) and a quick-pass card tapped, each approved by the card offline (TC, 8A Y1); then an online sale, before
// whose 0200 both go up (0320, 60.3 205) and are journaled uploaded with the RRN of the host's answer (37); a
// refund of the inserted one by that RRN; then the settlement. After every cut: reboot, sign on, settle; then
// every offline approval the journal holds reached the host once — never again once its acknowledgement was
// journaled, and never journaled acknowledged without the host's RRN — and the settled totals equal the host's.

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { withFloorLimit } from "../../../host-sim/acquirer/ic-param-server.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { decodeTlv, findTlv } from "../../../src/emv/tlv.js";
import { checkBooks, cutAtEveryWrite, day, recover, TERMINAL_ID, type Step, swallowPowerCuts } from "../support/power-cut-day.js";

/** The PBOC card's BIN as a credit BIN: the cashier may skip its PIN, so it can end offline. */
const PARAMS = { creditBins: TEST_CARDS.chip.pan.slice(0, 6) };

async function offlineHost(): Promise<AcquirerHost> {
	const config = defaultAcquirerConfig();
	return AcquirerHost.start({ config: { ...config, icParams: withFloorLimit(config.icParams, 50_000) }, port: 0 });
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
		// A refund of the inserted offline sale (supervisor, card, its RRN and date, 5.00 yuan).
		() => session.keys("ENTER", "ENTER", "3", "123456", "ENTER"),
		() => session.insert({ profile: "pboc-debit" }),
		() => session.keys("ENTER"),
		() => session.keys(...insertedOfflineReference(session), "500", "ENTER"),
		() => session.removeCard(),
		() => session.keys("ENTER", "ENTER", "6", "ENTER"),
	];
}

/** The inserted offline sale's RRN (journaled from its upload's answer) and date (the card's 9A, MMDD), each keyed with ENTER. */
function insertedOfflineReference(session: ScriptedTerminal): string[] {
	const sale = [...session.terminal.journal!.state.txns.values()].find((t) => t.responseCode === "Y1" && t.entryMode === "insert")!;
	const tlv = decodeTlv(sale.ic!.tcUploadField55);
	assert.ok(tlv.ok);
	const date = Buffer.from(findTlv(tlv.value, 0x9a)!.value).toString("hex").slice(2);
	return [sale.rrn, "ENTER", date, "ENTER"];
}

/** The STANs (61) of the offline uploads (0320, 60.3 205) the host has received. */
function offlineUploads(host: AcquirerHost): number[] {
	return host.log.entries
		.filter((e) => e.direction === "in" && e.mti === "0320" && e.fields?.["60"]?.slice(8, 11) === "205")
		.map((e) => Number(e.fields!["61"]!.slice(6)));
}

/** The offline approvals the terminal journaled (39 Y1), and those it journaled as acknowledged. */
function offlineInJournal(session: ScriptedTerminal): {
	readonly all: number[];
	readonly acknowledged: number[];
	readonly rrns: ReadonlyMap<number, string>;
} {
	const txns = [...session.terminal.journal!.state.txns.values()].filter((t) => t.responseCode === "Y1");
	return {
		all: txns.map((t) => t.stan),
		acknowledged: txns.filter((t) => t.uploaded).map((t) => t.stan),
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
		} else assert.equal(rrn, "", `${label}: ${stan} owed, no reference yet`);
	}
}

describe("power cuts at every storage write of a day of offline approvals (issue 18)", () => {
	swallowPowerCuts();

	it("without a cut: both sales approved offline, uploaded (205) before the online sale's 0200, one refunded by its RRN, balanced", async () => {
		const host = await offlineHost();
		try {
			const session = await day(host, undefined, offlineDay, PARAMS);
			assert.ok(session.screen().includes("结算完成"), session.screen());
			assert.deepEqual(offlineUploads(host), [13, 14], "each once");
			const mtis = host.log.entries.filter((e) => e.direction === "in").map((e) => e.mti);
			assert.deepEqual(mtis.slice(mtis.lastIndexOf("0800") + 1), ["0320", "0320", "0200", "0220", "0500"]);
			const booked = host.books.transactions.map((t) => `${t.stan} ${t.kind} ${t.amountFen} ${t.cryptogram?.split(" ")[0] ?? ""}`);
			assert.deepEqual(booked, ["13 sale 1000 TC", "14 sale 800 TC", "17 sale 60000 ", "18 refund 500 "]);
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

	for (const fraction of [0, 0.5]) {
		it(`offline day cut at every write (${fraction === 0 ? "before any byte lands" : "half the bytes landed"}): reboot, sign on, settle, each offline approval booked once`, async () => {
			const cutsHit = await cutAtEveryWrite(
				offlineHost,
				fraction,
				offlineDay,
				async (host, session, label) => {
					const atCut = offlineInJournal(session);
					const before = offlineUploads(host);
					await recover(session, host, label);
					checkOffline(host, label, atCut, before);
					checkBooks(host, session, label);
				},
				PARAMS,
			);
			assert.ok(cutsHit >= 40, `${cutsHit} cuts`);
		});
	}
});
