// The key-injection build (Moddable `main` of key-injection/manifest.json): the factory station's firmware
// that loads the keys given in its build config into this unit's secure element, and the acquirer's address
// into its parameters, then stops. The keys go through the element's own injection side
// (hal/secure-element.ts SecureKeyInjection), into the same NVS namespace the terminal's element reads. Build
// with `mcconfig … tmk=<hex> tmkCheckValue=<hex> tdesIpek=<hex> tdesKsn=<hex> aesKey=<hex> aesKeyId=<hex>
// [acquirerHost=<address>] [acquirerPort=<port>]`.
// Never build it with real keys outside a key-injection facility (ANSI X9.24-1 §7: keys in plaintext
// only inside a secure cryptographic device or facility).

import Bin from "bin";
import { BlockCipher, Digest } from "crypt";
import config from "mc/config";
import Preference from "preference";
import Resource from "Resource";
import { readBoard } from "../board.js";
import { createModdableHal } from "../hal.js";
import { moddablePrimitives } from "../native-crypto.js";
import { createModdableSecureElement } from "../secure-element.js";
import { hexToBytes } from "../../../src/factory/hex-text.js";
import { loadParams, saveParams } from "../../../src/params/param-store.js";
import type { SecureKeyInjection } from "../../../hal/secure-element.js";
import type { RecordStore } from "../../../hal/storage.js";
import { defaultParams } from "../../../src/params/schema.js";

function configBytes(name: string): Uint8Array | undefined {
	const value = (config as Record<string, unknown>)[name];
	return typeof value === "string" && value !== "" ? hexToBytes(value) : undefined;
}

function inject(injection: SecureKeyInjection): string[] {
	const done: string[] = [];
	const tmk = configBytes("tmk"),
		check = configBytes("tmkCheckValue");
	if (tmk && check) done.push(`TMK ${JSON.stringify(injection.injectTmk(tmk, check))}`);
	const ipek = configBytes("tdesIpek"),
		ksn = configBytes("tdesKsn");
	if (ipek && ksn) done.push(`TDES DUKPT ${JSON.stringify(injection.injectTdesDukpt(ipek, ksn))}`);
	const aesKey = configBytes("aesKey"),
		aesKeyId = configBytes("aesKeyId");
	if (aesKey && aesKeyId) done.push(`AES DUKPT ${JSON.stringify(injection.injectAesDukpt(aesKey, aesKeyId))}`);
	return done;
}

const board = readBoard(String(config.board ?? ""), Resource);
let injection: SecureKeyInjection | undefined;
const hal = board.ok
	? createModdableHal({
			board: board.value,
			Preference,
			secure: (io) => {
				const element = createModdableSecureElement({
					Preference,
					primitives: moddablePrimitives({ BlockCipher, Digest, Bin }),
					...io,
				});
				injection = element.injection;
				return element.element;
			},
		})
	: board;
/** The acquirer's address from the build config, if any, saved over the unit's parameters. */
function provisionAcquirer(records: RecordStore): string | undefined {
	const changes: Record<string, unknown> = {};
	if (typeof config.acquirerHost === "string") changes.acquirerHost = config.acquirerHost;
	if (config.acquirerPort !== undefined) changes.acquirerPort = Number(config.acquirerPort);
	if (Object.keys(changes).length === 0) return undefined;
	const current = loadParams(records);
	const saved = saveParams(records, current.ok ? current.value : defaultParams(), changes);
	return `acquirer ${JSON.stringify(saved.ok ? changes : saved.error)}`;
}

if (hal.ok && injection) {
	const done = [...inject(injection), provisionAcquirer(hal.value.storage.records) ?? []].flat();
	trace(`posterm key injection: ${done.join(", ") || "nothing in the build config"}\n`);
} else if (!hal.ok) trace(`posterm key injection: cannot build the HAL: ${JSON.stringify(hal.error)}\n`);
