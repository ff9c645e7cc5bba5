// The one parameter schema (issue 7 "Journal and parameters"): every terminal parameter with its type,
// limits and default. Defaults make `npm start` work against the built-in acquirer simulator.

import { LANGUAGES, type Language } from "../text/language.js";

export type ParamSpec =
	| { readonly kind: "digits"; readonly minLength: number; readonly maxLength: number; readonly default: string }
	| { readonly kind: "text"; readonly maxLength: number; readonly default: string }
	| { readonly kind: "host"; readonly default: string }
	| { readonly kind: "hex"; readonly bytes: number; readonly default: string }
	| { readonly kind: "int"; readonly min: number; readonly max: number; readonly default: number }
	| { readonly kind: "bool"; readonly default: boolean }
	| { readonly kind: "choice"; readonly values: readonly string[]; readonly default: string }
	/** Comma-separated numbers of `minLength`..`maxLength` digits each; empty is an empty list. */
	| { readonly kind: "digit-list"; readonly minLength: number; readonly maxLength: number; readonly default: string };

export const PARAM_SCHEMA = {
	/** Field 41, ans8. */
	terminalId: { kind: "digits", minLength: 8, maxLength: 8, default: "10000001" },
	/** Field 42, ans15: acquirer 3 + area 4 + MCC 4 + serial 4 (Q/CUP 006). */
	merchantId: { kind: "digits", minLength: 15, maxLength: 15, default: "898310058120001" },
	/** Printed on the slip header (商户名称). */
	merchantName: { kind: "text", maxLength: 40, default: "posterm 测试商户" },
	acquirerHost: { kind: "host", default: "127.0.0.1" },
	acquirerPort: { kind: "int", min: 1, max: 65535, default: 8583 },
	/** Q/CUP 006 TPDU: ID 60 + destination + source. */
	tpdu: { kind: "hex", bytes: 5, default: "6000030000" },
	/** Q/CUP 006: 6-byte BCD message header. */
	header: { kind: "digits", minLength: 12, maxLength: 12, default: "603100310000" },
	connectTimeoutMs: { kind: "int", min: 1000, max: 120_000, default: 10_000 },
	responseTimeoutMs: { kind: "int", min: 1000, max: 180_000, default: 60_000 },
	/** Q/CUP 006 冲正重发次数 (reversal retries), default 3. */
	reversalRetries: { kind: "int", min: 1, max: 9, default: 3 },
	/** Tries per batch-upload chunk before it is skipped. */
	batchUploadRetries: { kind: "int", min: 1, max: 9, default: 3 },
	/** Time the operator has at each step (card, amount, menu) before the flow times out. */
	stepTimeoutMs: { kind: "int", min: 10_000, max: 300_000, default: 60_000 },
	slipCopies: { kind: "int", min: 1, max: 3, default: 2 },
	language: { kind: "choice", values: LANGUAGES, default: "zh" },
	manualEntryAllowed: { kind: "bool", default: false },
	/**
	 * Tracks 2 and 3 encrypted under the TDK (53.3 = 1): sign-in asks for key set 004 (60.3), which brings the
	 * TDK. On by default: UnionPay acquirers require it; switch it off only for an acquirer that does not.
	 */
	trackEncryption: { kind: "bool", default: true },
	/** Magstripe read of a chip card (service code 2xx/6xx) accepted instead of "please use the chip". */
	fallbackAllowed: { kind: "bool", default: false },
	/** 卡BIN表: the BINs (ISO/IEC 7812-1, 6–8 digits) of credit cards; any other card is a debit card and needs its PIN. */
	creditBins: { kind: "digit-list", minLength: 6, maxLength: 8, default: "" },
	/** Single-transaction cap in fen; field 4 allows up to 999,999,999,999. */
	maxAmountFen: { kind: "int", min: 1, max: 999_999_999_999, default: 9_999_999_999 },
	supervisorForVoid: { kind: "bool", default: true },
	supervisorForRefund: { kind: "bool", default: true },
	/** 隔日强制结算 (forced settlement on a new day, Q/CUP 006): "day-change" refuses sales on a new day until settled. */
	forcedSettlement: { kind: "choice", values: ["none", "day-change"], default: "none" },
	/** Transactions the batch may hold before settlement is forced (journal near full). */
	journalMaxTransactions: { kind: "int", min: 50, max: 2000, default: 1000 },
	/** Local time zone for slips and the clock, minutes east of UTC. */
	utcOffsetMinutes: { kind: "int", min: -720, max: 840, default: 480 },
	/** Force operators still on a factory password to change it at sign-on. */
	forcePasswordChange: { kind: "bool", default: false },
	/** Wrong passwords in a row before an operator is locked out. */
	lockoutAttempts: { kind: "int", min: 3, max: 10, default: 5 },
	lockoutMs: { kind: "int", min: 60_000, max: 86_400_000, default: 900_000 },
	/**
	 * An answer 39 = 10 (partial approval, amount in field 4) to a sale or pre-auth: "refuse" reverses it,
	 * "accept" keeps the approved amount (shown, printed, settled). Q/CUP response-code table: 10 is a
	 * success only "in transactions that allow a partial amount", so the default refuses.
	 */
	partialApproval: { kind: "choice", values: ["refuse", "accept"], default: "refuse" },
	/**
	 * Owed offline-approval uploads sent before each online request (交易之间上送, one a request in public UnionPay
	 * terminal code): the cashier's wait stays bounded; the rest go with later requests and before the 0500.
	 */
	offlineUploadsPerRequest: { kind: "int", min: 0, max: 3, default: 1 },
} as const satisfies Record<string, ParamSpec>;

export type ParamName = keyof typeof PARAM_SCHEMA;

type ValueOf<S> = S extends { kind: "int" } ? number : S extends { kind: "bool" } ? boolean : string;

export type Params = { readonly [K in ParamName]: ValueOf<(typeof PARAM_SCHEMA)[K]> } & { readonly language: Language };

export const PARAM_NAMES = Object.keys(PARAM_SCHEMA) as ParamName[];

export function defaultParams(): Params {
	const out: Record<string, unknown> = {};
	for (const name of PARAM_NAMES) out[name] = PARAM_SCHEMA[name].default;
	return out as Params;
}
