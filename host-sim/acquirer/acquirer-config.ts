// What the simulated acquirer knows: its merchants, terminals (with their TMKs) and card accounts, plus fault
// rules that apply from the start. `defaultAcquirerConfig()` serves the default terminal of the desktop
// simulator (terminal 10000001 of merchant 898310058120001, issue 7's parameter defaults, with the TMK of
// the default key injection, host-sim/keys/default-keys.ts) and the named test cards; `parseAcquirerConfig(json)` reads the same shape from JSON (keys in hex; acquirer-config-file.ts reads
// a file). Platform-free, so the acquirer also runs in-process in XS (test/support/in-process-acquirer.ts).

import { hexToBytes } from "../../src/factory/hex-text.js";
import { TEST_CARDS, type TestCard } from "../cards/test-cards.js";
import { TEST_ISSUER_AC_KEY, TEST_ISSUER_MAC_KEY } from "../chip/profiles.js";
import { DEFAULT_TERMINAL_KEYS } from "../keys/default-keys.js";
import type { ChipIssuerConfig, IssuerKeyRange, IssuerScriptSpec, ScriptCommand } from "./chip-issuer.js";
import { parseFaultRule, type FaultRule } from "./fault-plan.js";
import { defaultIcParams, withFloorLimit, type IcParamsConfig } from "./ic-param-server.js";

export interface MerchantConfig {
	/** Field 42, 15 characters. */
	readonly merchantId: string;
	readonly name: string;
}

export interface TerminalConfig {
	/** Field 41, 8 characters. */
	readonly terminalId: string;
	readonly merchantId: string;
	/** The terminal master key (16 bytes) under which sign-in wraps the working keys. */
	readonly tmk: Uint8Array;
	/** TDES DUKPT base derivation key (16 bytes): PIN blocks that come with a KSN in field 62 are under its keys. */
	readonly dukptBdk?: Uint8Array;
}

/**
 * active; or why the issuer declines: expired (54), lost (41), stolen (43), restricted (62), PIN tries exhausted
 * (75), blocked (62, and a chip card gets an APPLICATION BLOCK script).
 */
export type AccountStatus = "active" | "expired" | "lost" | "stolen" | "restricted" | "pin-blocked" | "blocked";

export interface AccountConfig {
	readonly pan: string;
	readonly pin: string;
	/** Available balance or open credit, fen. */
	readonly balanceFen: number;
	readonly status: AccountStatus;
	/** YYMM: a transaction after this month is declined 54. */
	readonly expiry: string;
	/** Card organisation in response field 63.1: "CUP" counts in the domestic totals. */
	readonly organisation: string;
	/** Issuing institution in response field 44.1, up to 11 digits (the simulator's are test values). */
	readonly issuerId: string;
	/** Single-transaction limit, fen (61 above it). */
	readonly limitFen: number;
	/** Wrong PINs allowed before 75. */
	readonly pinTries: number;
	/** Issuer scripts sent with every answer to this card's chip requests. */
	readonly scripts?: readonly IssuerScriptSpec[];
}

export interface AcquirerConfig {
	/** Field 32, acquiring institution, up to 11 digits. */
	readonly institutionId: string;
	readonly merchants: readonly MerchantConfig[];
	readonly terminals: readonly TerminalConfig[];
	readonly accounts: readonly AccountConfig[];
	/** Fault rules in force from the start (see fault-plan.ts). */
	readonly faults: readonly FaultRule[];
	/** The issuer's chip keys and answer (chip-issuer.ts). */
	readonly chip: ChipIssuerConfig;
	/** The CA keys and AIDs served by the IC parameter download (ic-param-server.ts). */
	readonly icParams: IcParamsConfig;
}

export const DEFAULT_TERMINAL_ID = "10000001";
export const DEFAULT_MERCHANT_ID = "898310058120001";
export const DEFAULT_ACQUIRER_PORT = 8583;

/** The simulator's issuer IDs (field 44.1): test values, no real institution's code. */
const TEST_DOMESTIC_ISSUER = "99990001";
const TEST_FOREIGN_ISSUER = "99990002";

function testCardAccount(card: TestCard): AccountConfig {
	return {
		pan: card.pan,
		pin: card.pin,
		balanceFen: card.account.balanceFen,
		status: card.account.lost ? "lost" : "active",
		expiry: card.expiry,
		organisation: card.domestic ? "CUP" : "VIS",
		issuerId: card.domestic ? TEST_DOMESTIC_ISSUER : TEST_FOREIGN_ISSUER,
		limitFen: 5_000_000_00,
		pinTries: 3,
	};
}

export function defaultAcquirerConfig(): AcquirerConfig {
	return {
		institutionId: "48020000",
		merchants: [{ merchantId: DEFAULT_MERCHANT_ID, name: "posterm 测试商户" }],
		terminals: [
			{
				terminalId: DEFAULT_TERMINAL_ID,
				merchantId: DEFAULT_MERCHANT_ID,
				tmk: DEFAULT_TERMINAL_KEYS.tmk,
				dukptBdk: DEFAULT_TERMINAL_KEYS.tdesDukpt.bdk,
			},
		],
		accounts: Object.values(TEST_CARDS).map(testCardAccount),
		faults: [],
		chip: defaultChipConfig(),
		icParams: defaultIcParams(),
	};
}

/** The UnionPay range (62) under the test issuer keys the virtual cards are personalised from (host-sim/chip/profiles.ts). */
function defaultChipConfig(): ChipIssuerConfig {
	return {
		keys: [
			{
				panPrefix: "62",
				acKey: hexToBytes(TEST_ISSUER_AC_KEY)!,
				macKey: hexToBytes(TEST_ISSUER_MAC_KEY)!,
				derivation: "a",
				session: "pboc",
			},
		],
		arpcMethod: 1,
		arpcKey: "session",
	};
}

/** `icParamsVersion` raises the served version; `icFloorLimitFen` gives every AID an offline floor limit (withFloorLimit). */
function icParamsOf(o: Record<string, unknown>, base: IcParamsConfig): IcParamsConfig {
	const limited = o.icFloorLimitFen === undefined ? base : withFloorLimit(base, integer(o.icFloorLimitFen, "icFloorLimitFen"));
	return o.icParamsVersion === undefined ? limited : { ...limited, version: integer(o.icParamsVersion, "icParamsVersion") };
}

/** A configuration file's problem, with the JSON path. */
export class ConfigError extends Error {
	override name = "ConfigError";
}

function text(value: unknown, path: string, pattern: RegExp): string {
	if (typeof value !== "string" || !pattern.test(value)) throw new ConfigError(`${path}: expected a string matching ${pattern}`);
	return value;
}

function integer(value: unknown, path: string, fallback?: number): number {
	if (value === undefined && fallback !== undefined) return fallback;
	if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
		throw new ConfigError(`${path}: expected a non-negative integer`);
	return value;
}

function list(value: unknown, path: string): unknown[] {
	if (value === undefined) return [];
	if (!Array.isArray(value)) throw new ConfigError(`${path}: expected an array`);
	return value;
}

const STATUSES: readonly AccountStatus[] = ["active", "expired", "lost", "stolen", "restricted", "pin-blocked", "blocked"];
const SCRIPT_COMMANDS: readonly ScriptCommand[] = [
	"application-block",
	"application-unblock",
	"card-block",
	"pin-unblock",
	"update-record",
];
const KEY = /^[0-9A-Fa-f]{32}$/;

function oneOf<T extends string | number>(value: unknown, path: string, values: readonly T[], fallback: T): T {
	if (value === undefined) return fallback;
	if (!values.includes(value as T)) throw new ConfigError(`${path}: one of ${values.join(", ")}`);
	return value as T;
}

function parseScripts(value: unknown, path: string): IssuerScriptSpec[] {
	return list(value, path).map((s, i) => {
		const r = s as Record<string, unknown>;
		const at = `${path}[${i}]`;
		return {
			template: oneOf(r.template, `${at}.template`, ["71", "72"], "72") === "71" ? 0x71 : 0x72,
			command: oneOf(r.command, `${at}.command`, SCRIPT_COMMANDS, "application-block"),
			...(r.sfi === undefined ? {} : { sfi: integer(r.sfi, `${at}.sfi`) }),
			...(r.record === undefined ? {} : { record: integer(r.record, `${at}.record`) }),
			...(r.data === undefined ? {} : { data: hexToBytes(text(r.data, `${at}.data`, /^([0-9A-Fa-f]{2})*$/))! }),
			...(r.entry === undefined ? {} : { entry: oneOf(r.entry, `${at}.entry`, ["insert", "tap"] as const, "insert") }),
		};
	});
}

function parseChip(value: unknown, base: ChipIssuerConfig): ChipIssuerConfig {
	if (value === undefined) return base;
	const o = value as Record<string, unknown>;
	const keys =
		o.issuerKeys === undefined
			? base.keys
			: list(o.issuerKeys, "chip.issuerKeys").map((k, i): IssuerKeyRange => {
					const r = k as Record<string, unknown>;
					const at = `chip.issuerKeys[${i}]`;
					return {
						panPrefix: text(r.panPrefix, `${at}.panPrefix`, /^[0-9]{0,12}$/),
						acKey: hexToBytes(text(r.acKey, `${at}.acKey`, KEY))!,
						macKey: hexToBytes(text(r.macKey, `${at}.macKey`, KEY))!,
						derivation: oneOf(r.derivation, `${at}.derivation`, ["a", "b"], "a"),
						session: oneOf(r.session, `${at}.session`, ["pboc", "common"], "pboc"),
					};
				});
	return {
		keys,
		arpcMethod: oneOf(o.arpcMethod, "chip.arpcMethod", [1, 2], base.arpcMethod),
		arpcKey: oneOf(o.arpcKey, "chip.arpcKey", ["session", "icc-mk"], base.arpcKey),
	};
}

/**
 * Parses a configuration object. Missing sections fall back to the default configuration's, so a file
 * may add one terminal or one account without repeating the rest.
 */
export function parseAcquirerConfig(json: unknown): AcquirerConfig {
	if (typeof json !== "object" || json === null) throw new ConfigError("config: expected an object");
	const o = json as Record<string, unknown>;
	const base = defaultAcquirerConfig();
	const merchants =
		o.merchants === undefined
			? base.merchants
			: list(o.merchants, "merchants").map((m, i) => {
					const r = m as Record<string, unknown>;
					return {
						merchantId: text(r.merchantId, `merchants[${i}].merchantId`, /^[ -~]{15}$/),
						name: typeof r.name === "string" ? r.name : "",
					};
				});
	const terminals =
		o.terminals === undefined
			? base.terminals
			: list(o.terminals, "terminals").map((t, i) => {
					const r = t as Record<string, unknown>;
					return {
						terminalId: text(r.terminalId, `terminals[${i}].terminalId`, /^[ -~]{8}$/),
						merchantId: text(r.merchantId, `terminals[${i}].merchantId`, /^[ -~]{15}$/),
						tmk: hexToBytes(text(r.tmk, `terminals[${i}].tmk`, /^[0-9A-Fa-f]{32}$/))!,
						...(r.dukptBdk === undefined
							? {}
							: {
									dukptBdk: hexToBytes(text(r.dukptBdk, `terminals[${i}].dukptBdk`, /^[0-9A-Fa-f]{32}$/))!,
								}),
					};
				});
	const accounts =
		o.accounts === undefined
			? base.accounts
			: list(o.accounts, "accounts").map((a, i) => {
					const r = a as Record<string, unknown>;
					const status = r.status ?? "active";
					if (!STATUSES.includes(status as AccountStatus))
						throw new ConfigError(`accounts[${i}].status: one of ${STATUSES.join(", ")}`);
					return {
						pan: text(r.pan, `accounts[${i}].pan`, /^[0-9]{12,19}$/),
						pin: text(r.pin ?? "123456", `accounts[${i}].pin`, /^[0-9]{4,12}$/),
						balanceFen: integer(r.balanceFen, `accounts[${i}].balanceFen`),
						status: status as AccountStatus,
						expiry: text(r.expiry ?? "9912", `accounts[${i}].expiry`, /^[0-9]{2}(0[1-9]|1[0-2])$/),
						organisation: text(r.organisation ?? "CUP", `accounts[${i}].organisation`, /^[A-Z0-9]{3}$/),
						issuerId: text(r.issuerId ?? TEST_DOMESTIC_ISSUER, `accounts[${i}].issuerId`, /^[0-9]{1,11}$/),
						limitFen: integer(r.limitFen, `accounts[${i}].limitFen`, 5_000_000_00),
						pinTries: integer(r.pinTries, `accounts[${i}].pinTries`, 3),
						...(r.scripts === undefined ? {} : { scripts: parseScripts(r.scripts, `accounts[${i}].scripts`) }),
					};
				});
	for (const t of terminals)
		if (!merchants.some((m) => m.merchantId === t.merchantId))
			throw new ConfigError(`terminal ${t.terminalId}: merchant ${t.merchantId} is not configured`);
	return {
		institutionId: o.institutionId === undefined ? base.institutionId : text(o.institutionId, "institutionId", /^[0-9]{1,11}$/),
		merchants,
		terminals,
		accounts,
		chip: parseChip(o.chip, base.chip),
		// A file may raise the version, so terminals that downloaded the set are asked to download it again.
		icParams: icParamsOf(o, base.icParams),
		faults: list(o.faults, "faults").map((f, i) => {
			try {
				return parseFaultRule(f);
			} catch (error) {
				throw new ConfigError(`faults[${i}]: ${(error as Error).message}`);
			}
		}),
	};
}
