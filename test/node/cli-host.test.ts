// `posterm host` as a user runs it: a child process on 127.0.0.1 serving the default terminal, against which
// the firmware's link signs in and makes a sale, with a fault scripted on its stdin.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { buildSale } from "../../src/iso8583/requests.js";
import { parseFinancialResponse } from "../../src/iso8583/responses.js";
import { repoRoot } from "../../host-sim/tools/xs.js";
import { tempStateFile, TerminalSide } from "./support/acquirer-session.js";

/** Resolves with the first match of `pattern` in what the stream has printed, or rejects after 20 s. */
function waitFor(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<RegExpExecArray> {
	return new Promise((resolve, reject) => {
		let text = "";
		const timer = setTimeout(() => reject(new Error(`never printed ${pattern}: ${text}`)), 20_000);
		const onData = (chunk: Buffer) => {
			text += chunk.toString();
			const m = pattern.exec(text);
			if (m) {
				clearTimeout(timer);
				stream.off("data", onData);
				resolve(m);
			}
		};
		stream.on("data", onData);
	});
}

describe("posterm host", () => {
	let child: ChildProcess | undefined;

	after(() => {
		if (child?.exitCode === null) child.kill("SIGTERM");
	});

	it("serves the default terminal: sign-in, a fault from stdin, a PIN sale, then stops on SIGTERM", async () => {
		child = spawn(process.execPath, [join(repoRoot, "host-sim/cli/bin.js"), "host", "--port", "0", "--state", tempStateFile()], {
			stdio: ["pipe", "pipe", "pipe"],
		});
		const port = Number((await waitFor(child.stderr!, /127\.0\.0\.1:(\d+)/))[1]);
		const logLines: string[] = [];
		child.stdout!.on("data", (chunk: Buffer) => logLines.push(...chunk.toString().split("\n").filter(Boolean)));
		const terminal = new TerminalSide(port);
		await terminal.signIn();

		const added = waitFor(child.stderr!, /fault rule added/);
		child.stdin!.write('{"fault":{"kind":"response-code","code":"91"},"match":{"mti":"0200"}}\n');
		await added;
		const refused = await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 8_888 }));
		assert.ok(refused.ok && refused.value.response.fields.get(39) === "91", "the scripted fault answered");

		const r = await terminal.exchange(buildSale(terminal.context, { ...(await terminal.swipe("debit")), amount: 8_888 }));
		assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
		const sale = parseFinancialResponse(r.value.response);
		assert.ok(sale.ok);
		assert.equal(sale.value.responseCode, "00");

		const exited = new Promise<number | null>((resolve) => child!.once("exit", resolve));
		child.kill("SIGTERM");
		assert.equal(await exited, 0);
		const entries = logLines.map((l) => JSON.parse(l) as { mti?: string });
		assert.deepEqual(
			entries.map((e) => e.mti).filter(Boolean),
			["0800", "0810", "0200", "0210", "0200", "0210"],
			"every message logged, decoded",
		);
	});
});
