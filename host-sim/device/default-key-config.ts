// The simulator's default TEST keys (host-sim/keys/default-keys.ts) as the key-injection build's config
// (device/moddable/key-injection/main.ts): `name=<hex>` arguments for mcconfig.

import { bytesToHex as hex } from "../../src/factory/hex-text.js";
import { DEFAULT_TERMINAL_KEYS } from "../keys/default-keys.js";

export function defaultKeyConfig(): string[] {
	const keys = DEFAULT_TERMINAL_KEYS;
	return [
		`tmk=${hex(keys.tmk)}`,
		`tmkCheckValue=${hex(keys.tmkCheckValue)}`,
		`tdesIpek=${hex(keys.tdesDukpt.ipek)}`,
		`tdesKsn=${hex(keys.tdesDukpt.initialKsn)}`,
		`aesKey=${hex(keys.aesDukpt.initialKey)}`,
		`aesKeyId=${hex(keys.aesDukpt.initialKeyId)}`,
	];
}

if (process.argv[1]?.endsWith("default-key-config.ts")) process.stdout.write(`${defaultKeyConfig().join(" ")}\n`);
