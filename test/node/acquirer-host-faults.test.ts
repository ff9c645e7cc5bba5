// The acquirer simulator's fault injection and its state file, over TCP on 127.0.0.1, driven by the
// firmware's builders and host link.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { AcquirerHost } from "../../host-sim/acquirer/acquirer-host.js";
import { StateFileError } from "../../host-sim/acquirer/acquirer-state-file.js";
import { reversalReasonFor } from "../../src/host-link/host-link.js";
import { buildBalanceInquiry, buildEcho, buildSale } from "../../src/iso8583/requests.js";
import { decodeWire } from "../../host-sim/acquirer/wire-decoder.js";
import { encodeFrame } from "../../src/iso8583/frame-codec.js";
import { balanceOf, code, failure, startHost, tempStateFile, TerminalSide, HEADER } from "./support/acquirer-session.js";
import { DEFAULT_TPDU } from "../../src/iso8583/iso-message.js";

describe("acquirer simulator fault injection (TCP 127.0.0.1)", () => {
	let host: AcquirerHost;
	let terminal: TerminalSide;

	beforeEach(async () => {
		host = await startHost();
		terminal = new TerminalSide(host.port, 400);
		await terminal.signIn();
	});

	afterEach(async () => {
		await host.stop();
	});

	const sale = async () => buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 100 });

	it("no response: the link times out (reversal reason 98)", async () => {
		host.inject({ fault: { kind: "no-response" } });
		const f = failure(await terminal.exchange(await sale()));
		assert.equal(f.kind, "timeout");
		assert.equal(reversalReasonFor(f), "98");
	});

	it("a delay under the timeout still answers; over it, times out", async () => {
		host.inject({ fault: { kind: "delay", ms: 50 } });
		assert.equal(code(await terminal.exchange(await sale())), "00");
		host.inject({ fault: { kind: "delay", ms: 1000 } });
		assert.equal(failure(await terminal.exchange(await sale())).kind, "timeout");
	});

	it("closing the connection: 'closed' (reversal reason 06)", async () => {
		host.inject({ fault: { kind: "close" } });
		const f = failure(await terminal.exchange(await sale()));
		assert.equal(f.kind, "closed");
		assert.equal(reversalReasonFor(f), "06");
	});

	it("garbage bytes: 'malformed' naming the frame part (A0)", async () => {
		host.inject({ fault: { kind: "garbage" } });
		const f = failure(await terminal.exchange(await sale()));
		assert.equal(f.kind, "malformed");
		assert.equal(reversalReasonFor(f), "A0");
	});

	it("a bad MAC: 'mac-invalid' (A0)", async () => {
		host.inject({ fault: { kind: "bad-mac" } });
		const f = failure(await terminal.exchange(await sale()));
		assert.deepEqual(f, { kind: "mac-invalid", missing: false });
	});

	it("a wrong STAN: 'mismatch' on field 11 (A0)", async () => {
		host.inject({ fault: { kind: "wrong-stan" } });
		const f = failure(await terminal.exchange(await sale()));
		assert.equal(f.kind, "mismatch");
		assert.equal(f.kind === "mismatch" && f.field, "11");
	});

	it("a forced response code, by rule on 60.1, for a bounded number of requests", async () => {
		host.inject({ fault: { kind: "response-code", code: "96" }, match: { mti: "0200", typeCode: "22" }, times: 2 });
		assert.equal(
			code(await terminal.exchange(buildBalanceInquiry(terminal.context, await terminal.swipe("debit")))),
			"00",
			"a balance inquiry does not match",
		);
		assert.equal(code(await terminal.exchange(await sale())), "96");
		assert.equal(code(await terminal.exchange(await sale())), "96");
		assert.equal(code(await terminal.exchange(await sale())), "00");
		assert.equal(balanceOf(host, "debit"), 1_000_000 - 100, "forced answers moved no money");
		host.inject({ fault: { kind: "response-code", code: "00" } });
		const forced = await terminal.exchange(await sale());
		assert.equal(code(forced), "00", "a forced approval is MACed like a real one");
		assert.equal(balanceOf(host, "debit"), 1_000_000 - 100);
	});

	it("could not connect: 'connect-failed', and no reversal is due", async () => {
		const port = host.port;
		await host.stop();
		const closed = new TerminalSide(port);
		const f = failure(await closed.exchange(buildEcho(closed.context, 1)));
		assert.equal(f.kind, "connect-failed");
		assert.equal(reversalReasonFor(f), undefined);
		host = await startHost();
	});

	it("an undecodable request is dropped and logged, and the connection closed", async () => {
		const frame = encodeFrame({ tpdu: DEFAULT_TPDU, header: HEADER, message: { mti: "0200", fields: new Map([[3, "000000"]]) } });
		assert.ok(frame.ok);
		frame.value[frame.value.length - 1] = 0xaa;
		assert.equal(decodeWire(frame.value).ok, false);
		const connection = await terminal.network.connect("127.0.0.1", host.port, 1000);
		assert.ok(connection.ok);
		const closed = new Promise((resolve) => connection.value.onClose(resolve));
		connection.value.send(frame.value);
		await closed;
		assert.match(host.log.entries.at(-1)!.note ?? "", /dropped an undecodable frame: field 3/);
	});
});

describe("acquirer simulator persistence", () => {
	it("refuses a state file it cannot read back, naming it, rather than starting with wrong books", async () => {
		const stateFile = tempStateFile();
		writeFileSync(stateFile, '{"terminals":');
		await assert.rejects(startHost(undefined, stateFile), (e: Error) => e instanceof StateFileError && e.message.startsWith(stateFile));
	});

	it("keeps balances, transactions and sign-in state across a restart", async () => {
		const stateFile = tempStateFile();
		let host = await startHost(undefined, stateFile);
		const port = host.port;
		const terminal = new TerminalSide(port);
		await terminal.signIn();
		assert.equal(
			code(await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 2_500 }))),
			"00",
		);
		await host.stop();
		host = await startHost(undefined, stateFile, port);
		try {
			assert.equal(balanceOf(host, "debit"), 1_000_000 - 2_500);
			assert.equal(host.books.transactions.length, 1);
			assert.equal(
				code(await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 500 }))),
				"00",
				"the session keys survive too",
			);
			assert.equal(balanceOf(host, "debit"), 1_000_000 - 3_000);
		} finally {
			await host.stop();
		}
	});
});
