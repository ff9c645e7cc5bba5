// The acquirer simulator's configuration: defaults, files that override one section, and clear errors.

import assert from "node:assert/strict";
import {
	ConfigError,
	DEFAULT_MERCHANT_ID,
	DEFAULT_TERMINAL_ID,
	defaultAcquirerConfig,
	parseAcquirerConfig,
} from "../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARDS } from "../../host-sim/cards/test-cards.js";
import { DEFAULT_TERMINAL_KEYS } from "../../host-sim/keys/default-keys.js";
import { buildSale } from "../../src/iso8583/requests.js";
import { startHost, TerminalSide } from "./support/acquirer-session.js";

describe("acquirer simulator configuration", () => {
	it("knows the default terminal with the default key injection's TMK and BDK, and every named test card", () => {
		const config = defaultAcquirerConfig();
		assert.deepEqual(
			config.terminals.map((t) => [t.terminalId, t.merchantId]),
			[[DEFAULT_TERMINAL_ID, DEFAULT_MERCHANT_ID]],
		);
		assert.deepEqual(config.terminals[0]!.tmk, DEFAULT_TERMINAL_KEYS.tmk);
		assert.deepEqual(config.terminals[0]!.dukptBdk, DEFAULT_TERMINAL_KEYS.tdesDukpt.bdk);
		const byPan = new Map(config.accounts.map((a) => [a.pan, a]));
		for (const card of Object.values(TEST_CARDS)) {
			const account = byPan.get(card.pan);
			assert.ok(account, card.name);
			assert.equal(account.pin, "123456");
			assert.equal(account.organisation, card.domestic ? "CUP" : "VIS");
		}
		assert.equal(byPan.get(TEST_CARDS.debit.pan)!.balanceFen, 1_000_000);
		assert.equal(byPan.get(TEST_CARDS.lost.pan)!.status, "lost");
	});

	it("takes a file that replaces the accounts only, with defaults for what it leaves out", () => {
		const config = parseAcquirerConfig({ accounts: [{ pan: "6222021234567890128", balanceFen: 5, status: "restricted" }] });
		assert.equal(config.terminals.length, 1);
		assert.deepEqual(config.accounts, [
			{
				pan: "6222021234567890128",
				pin: "123456",
				balanceFen: 5,
				status: "restricted",
				expiry: "9912",
				organisation: "CUP",
				issuerId: "99990001",
				limitFen: 500_000_000,
				pinTries: 3,
			},
		]);
	});

	it("serves an offline floor limit with every AID when the file gives icFloorLimitFen (the version raised); none by default", () => {
		const base = defaultAcquirerConfig().icParams;
		assert.ok(base.aids.every((a) => a.floorLimitFen === 0 && a.contactlessFloorLimitFen === 0));
		const limited = parseAcquirerConfig({ icFloorLimitFen: 50_000 }).icParams;
		assert.ok(
			limited.aids.length > 0 && limited.aids.every((a) => a.floorLimitFen === 50_000 && a.contactlessFloorLimitFen === 50_000),
		);
		assert.equal(limited.version, base.version + 1);
		assert.equal(parseAcquirerConfig({ icFloorLimitFen: 50_000, icParamsVersion: 9 }).icParams.version, 9);
		assert.throws(() => parseAcquirerConfig({ icFloorLimitFen: "lots" }), /icFloorLimitFen/);
	});

	it("takes an account's issuer scripts, each for inserted cards, taps (scripts[].entry) or both", () => {
		const pan = "6222021234567890128";
		const config = parseAcquirerConfig({
			accounts: [
				{
					pan,
					balanceFen: 1,
					scripts: [
						{ command: "pin-unblock", entry: "tap" },
						{ template: "71", command: "application-unblock" },
					],
				},
			],
		});
		assert.deepEqual(config.accounts[0]!.scripts, [
			{ template: 0x72, command: "pin-unblock", entry: "tap" },
			{ template: 0x71, command: "application-unblock" },
		]);
		assert.throws(
			() => parseAcquirerConfig({ accounts: [{ pan, balanceFen: 1, scripts: [{ entry: "swipe" }] }] }),
			/scripts\[0\]\.entry/,
		);
	});

	it("names the bad entry of a file", () => {
		assert.throws(
			() => parseAcquirerConfig({ accounts: [{ pan: "12", balanceFen: 1 }] }),
			(e: Error) => e instanceof ConfigError && /accounts\[0\]\.pan/.test(e.message),
		);
		assert.throws(
			() => parseAcquirerConfig({ accounts: [{ pan: "6222021234567890128", balanceFen: 1, status: "frozen" }] }),
			/accounts\[0\]\.status/,
		);
		assert.throws(
			() => parseAcquirerConfig({ terminals: [{ terminalId: "20000001", merchantId: "898310058129999", tmk: "00".repeat(16) }] }),
			/merchant 898310058129999 is not configured/,
		);
		assert.throws(() => parseAcquirerConfig({ faults: [{ fault: { kind: "explode" } }] }), /faults\[0\]/);
	});

	it("applies fault rules from the file from the start, and a restricted account answers 62", async () => {
		const config = parseAcquirerConfig({
			accounts: [
				{ pan: TEST_CARDS.credit.pan, balanceFen: 1000, status: "restricted", expiry: TEST_CARDS.credit.expiry },
				{ pan: TEST_CARDS.debit.pan, balanceFen: 1000, expiry: TEST_CARDS.debit.expiry },
			],
			faults: [{ fault: { kind: "response-code", code: "91" }, match: { mti: "0200" }, times: 1 }],
		});
		const host = await startHost(config);
		try {
			const terminal = new TerminalSide(host.port);
			await terminal.signIn();
			const sale = async (name: "debit" | "credit") => {
				const r = await terminal.exchange(
					buildSale(terminal.context, { ...(await terminal.swipe(name, { withPin: false })), amount: 100 }),
				);
				assert.ok(r.ok);
				return r.value.response.fields.get(39);
			};
			assert.equal(await sale("debit"), "91");
			assert.equal(await sale("credit"), "62");
			assert.equal(await sale("debit"), "00");
		} finally {
			await host.stop();
		}
	});
});
