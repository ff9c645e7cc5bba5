#!/usr/bin/env node
// `node host-sim/tools/run-ts.js FILE.ts ARGS…`: runs one TypeScript entry (npm test, npm run bench).
import "./ts-register.js";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
	process.stderr.write("usage: run-ts.js FILE.ts [ARGS…]\n");
	process.exit(2);
}
process.argv = [process.argv[0], entry, ...rest];
await import(pathToFileURL(resolve(entry)).href);
