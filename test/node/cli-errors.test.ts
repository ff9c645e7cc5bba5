// The `posterm` command's errors as a user meets them: child processes of the real executable. A mistake on the
// command line is one line naming it and exit 2; a failure the user can act on is one line and exit 1; never a
// stack trace. Every command's --help lists its options and an example.

import assert from "node:assert/strict";
import { HELP } from "../../host-sim/cli/command-help.js";
import { COMMANDS } from "../../host-sim/cli/posterm.js";
import { postermProcess, runCli } from "./support/cli-capture.js";

interface Exit {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

const posterm = postermProcess;

/** [arguments, exit code, what the one line says] */
const MISTAKES: readonly (readonly [readonly string[], number, RegExp])[] = [
	[["sim", "--board", "nosuch"], 2, /^posterm sim: unknown board "nosuch"; known: posterm-mono, posterm-s3 \(posterm sim --help/],
	[["sim", "--tui", "--board", "nosuch"], 2, /^posterm sim: unknown board "nosuch"/],
	[["sim", "screenshot", "--board", "nosuch", "--out", "/tmp/x.png"], 2, /^posterm sim: unknown board "nosuch"/],
	[["jig", "--sim", "--board", "nosuch"], 2, /^posterm jig: unknown board "nosuch"/],
	[["jig", "--port", "/dev/nonexistent"], 1, /^posterm jig: cannot open the jig line \/dev\/nonexistent: No such file or directory/],
	[["iso8583", "decode", "--bogus"], 2, /^posterm iso8583: Unknown option '--bogus' \(posterm iso8583 --help/],
	[["escpos", "render", "--bogus"], 2, /^posterm escpos: Unknown option '--bogus'/],
	[["host", "--bogus"], 2, /^posterm host: Unknown option '--bogus'/],
	[["sim", "--bogus"], 2, /^posterm sim: Unknown option '--bogus'/],
	[["swipe", "decode", "--bogus"], 2, /^posterm swipe: decode takes files only: unknown option "--bogus"/],
	[["crypto", "kcv", "--bogus"], 2, /^posterm crypto: Unknown option '--bogus'/],
	[["boards", "nosuch"], 2, /^posterm boards: unknown board "nosuch"/],
	[["version", "--bogus"], 2, /^posterm version: unexpected argument "--bogus"/],
	[["nosuch"], 2, /^posterm: unknown command "nosuch" \(posterm --help lists the commands\)/],
];

describe("posterm errors and help (child processes)", () => {
	function check([args, code, says]: (typeof MISTAKES)[number], { code: exit, stderr }: Exit): void {
		const what = `posterm ${args.join(" ")}: ${stderr}`;
		assert.equal(exit, code, what);
		assert.equal(stderr.trimEnd().split("\n").length, 1, what);
		assert.match(stderr, says, what);
		assert.doesNotMatch(stderr, /^\s+at /m, what);
	}

	it("a mistake is one line naming it, exit 2 for the command line (1 for a port that cannot open), no stack trace", async () => {
		for (const mistake of MISTAKES) check(mistake, await runCli(mistake[0]));
	});

	it("the same from the executable itself for the mistakes the issue names (board, jig port, unknown options)", async function () {
		this.timeout(360_000);
		// Three at a time: each child compiles the CLI as it starts.
		const named = MISTAKES.filter(([args]) =>
			["sim --board", "jig --sim", "jig --port", "iso8583 decode", "escpos render"].includes(args.slice(0, 2).join(" ")),
		);
		for (let i = 0; i < named.length; i += 3) {
			const batch = named.slice(i, i + 3);
			const exits = await Promise.all(batch.map(([args]) => posterm(args)));
			batch.forEach((mistake, j) => check(mistake, exits[j]!));
		}
	});

	it("every command's --help shows its usage, each option it names, and an example that is a posterm command", async () => {
		assert.deepEqual(Object.keys(HELP).sort(), Object.keys(COMMANDS).sort());
		for (const name of Object.keys(COMMANDS)) {
			const run = await runCli([name, "--help"]);
			assert.equal(run.code, 0, name);
			const [usage, ...rest] = run.stdout.split("\noptions:\n");
			assert.match(usage!, new RegExp(`^usage: posterm ${name}`));
			const example = /\nexample:\n {2}(.+)\n$/.exec(run.stdout)?.[1];
			assert.ok(example?.startsWith(`posterm ${name}`), `${name}: ${run.stdout}`);
			const described = rest.join("");
			for (const option of new Set([...`${usage} ${example}`.matchAll(/--[a-z0-9-]+/g)].map((m) => m[0])))
				assert.match(described, new RegExp(`^  ${option}\\b`, "m"), `${name} --help describes ${option}`);
		}
		const child = await posterm(["sim", "--help"]);
		assert.equal(child.code, 0);
		assert.match(child.stdout, /--host-port N +port of the built-in acquirer simulator/);
	});
});
