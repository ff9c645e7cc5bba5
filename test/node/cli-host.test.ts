// `posterm host` as a user runs it: a child process on 127.0.0.1 serving the default terminal, against which
// the firmware's link signs in and makes a sale.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { buildSale } from "../../src/iso8583/requests.js";
import { parseFinancialResponse } from "../../src/iso8583/responses.js";
import { repoRoot } from "../../host-sim/tools/xs.js";
import { tempStateFile, TerminalSide } from "./support/acquirer-session.js";

describe("posterm host", () => {
	let child: ChildProcess | undefined;

	after(() => {
		if (child?.exitCode === null) child.kill("SIGTERM");
	});

	it("serves the default terminal: sign-in, then a PIN sale on the debit card, then stops on SIGTERM", async () => {
		child = spawn(process.execPath, [join(repoRoot, "host-sim/cli/bin.js"), "host", "--port", "0", "--state", tempStateFile()], { stdio: ["ignore", "pipe", "pipe"] });
		const port = await new Promise<number>((resolve, reject) => {
			let text = "";
			const timer = setTimeout(() => reject(new Error(`no start-up line: ${text}`)), 20_000);
			child!.stderr!.on("data", (chunk: Buffer) => {
				text += chunk.toString();
				const m = /127\.0\.0\.1:(\d+)/.exec(text);
				if (m) {
					clearTimeout(timer);
					resolve(Number(m[1]));
				}
			});
		});
		const logLines: string[] = [];
		child.stdout!.on("data", (chunk: Buffer) => logLines.push(...chunk.toString().split("\n").filter(Boolean)));
		const terminal = new TerminalSide(port);
		await terminal.signIn();
		const r = await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 8_888 }));
		assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
		const sale = parseFinancialResponse(r.value.response);
		assert.ok(sale.ok);
		assert.equal(sale.value.responseCode, "00");
		const exited = new Promise<number | null>((resolve) => child!.once("exit", resolve));
		child.kill("SIGTERM");
		assert.equal(await exited, 0);
		const entries = logLines.map((l) => JSON.parse(l) as { mti?: string });
		assert.deepEqual(entries.map((e) => e.mti).filter(Boolean), ["0800", "0810", "0200", "0210"], "every message logged, decoded");
	});
});
