#!/usr/bin/env node
// The `posterm` command (package.json "bin"): runs the TypeScript CLI through ts-node.
import "../tools/ts-register.js";

const { main } = await import("./posterm.ts");
process.exitCode = await main(process.argv.slice(2), {
	stdout: process.stdout,
	stderr: process.stderr,
	stdin: process.stdin,
	ownProcess: true,
});
