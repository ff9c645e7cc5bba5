// `posterm host --config FILE.json`: the acquirer's configuration read from a file (Node only; the shape
// and its checks are acquirer-config.ts's).

import { readFileSync } from "node:fs";
import { ConfigError, parseAcquirerConfig, type AcquirerConfig } from "./acquirer-config.js";

export function loadAcquirerConfig(file: string): AcquirerConfig {
	let json: unknown;
	try {
		json = JSON.parse(readFileSync(file, "utf8"));
	} catch (error) {
		throw new ConfigError(`${file}: ${(error as Error).message}`);
	}
	return parseAcquirerConfig(json);
}
