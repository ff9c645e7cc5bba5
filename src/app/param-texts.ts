// The parameters as the operator reads them on the keypad editor (menu 9-4): each one's name, its value and
// its rule in the screen's language, from the message table; the schema (src/params/schema.ts) stays the
// one place for types and limits.

import { PARAM_SCHEMA, type ParamName, type Params, type ParamSpec } from "../params/schema.js";
import type { MessageId } from "../ui/messages.js";

type T = (id: MessageId, ...args: (string | number)[]) => string;

const LABEL: Readonly<Record<ParamName, MessageId>> = {
	terminalId: "paramTerminalId",
	merchantId: "paramMerchantId",
	merchantName: "paramMerchantName",
	acquirerHost: "paramAcquirerHost",
	acquirerPort: "paramAcquirerPort",
	tpdu: "paramTpdu",
	header: "paramHeader",
	connectTimeoutMs: "paramConnectTimeoutMs",
	responseTimeoutMs: "paramResponseTimeoutMs",
	reversalRetries: "paramReversalRetries",
	batchUploadRetries: "paramBatchUploadRetries",
	stepTimeoutMs: "paramStepTimeoutMs",
	slipCopies: "paramSlipCopies",
	language: "paramLanguage",
	manualEntryAllowed: "paramManualEntryAllowed",
	trackEncryption: "paramTrackEncryption",
	fallbackAllowed: "paramFallbackAllowed",
	creditBins: "paramCreditBins",
	maxAmountFen: "paramMaxAmountFen",
	supervisorForVoid: "paramSupervisorForVoid",
	supervisorForRefund: "paramSupervisorForRefund",
	forcedSettlement: "paramForcedSettlement",
	journalMaxTransactions: "paramJournalMaxTransactions",
	utcOffsetMinutes: "paramUtcOffsetMinutes",
	forcePasswordChange: "paramForcePasswordChange",
	lockoutAttempts: "paramLockoutAttempts",
	lockoutMs: "paramLockoutMs",
	partialApproval: "paramPartialApproval",
	offlineUploadsPerRequest: "paramOfflineUploadsPerRequest",
};

/** The choices' values as shown; the stored value stays the schema's. */
const CHOICE: Readonly<Record<string, MessageId>> = {
	none: "choiceNone",
	"day-change": "choiceDayChange",
	refuse: "choiceRefuse",
	accept: "choiceAccept",
	zh: "choiceZh",
	en: "choiceEn",
};

export function paramLabel(name: ParamName, t: T): string {
	return t(LABEL[name]);
}

/** `name: value`, e.g. 隔日强制结算: 不强制. */
export function paramLine(name: ParamName, params: Params, t: T): string {
	const value = params[name];
	const shown = typeof value === "boolean" ? t(value ? "valueYes" : "valueNo") : CHOICE[value] ? t(CHOICE[value]) : String(value);
	return `${paramLabel(name, t)}: ${shown}`;
}

/** The choices of a yes/no or choice parameter, numbered as they are keyed (1 = the first). */
export function paramChoices(name: ParamName, t: T): string | undefined {
	const spec: ParamSpec = PARAM_SCHEMA[name];
	if (spec.kind === "bool") return t("ruleYesNo");
	if (spec.kind === "choice") return spec.values.map((v, i) => `${i + 1} ${CHOICE[v] ? t(CHOICE[v]) : v}`).join("  ");
	return undefined;
}

/** The rule a keyed value must follow, e.g. 范围 1~3. */
export function paramRule(name: ParamName, t: T): string {
	const spec: ParamSpec = PARAM_SCHEMA[name];
	switch (spec.kind) {
		case "int":
			return t("ruleRange", spec.min, spec.max);
		case "digits":
			return spec.minLength === spec.maxLength
				? t("ruleDigits", spec.minLength)
				: t("ruleDigitRange", spec.minLength, spec.maxLength);
		case "bool":
			return t("ruleYesNo");
		case "choice":
			return t("ruleChoice", spec.values.length);
		default:
			return "";
	}
}

/**
 * The keyed digits as the parameter's value, or undefined when they cannot be one: yes/no only as 1 or 0,
 * a choice only by a number on its list. Numbers and digit strings are checked by the schema.
 */
export function keyedValue(name: ParamName, digits: string): string | number | boolean | undefined {
	const spec: ParamSpec = PARAM_SCHEMA[name];
	switch (spec.kind) {
		case "int":
			return Number(digits);
		case "bool":
			return digits === "1" ? true : digits === "0" ? false : undefined;
		case "choice":
			return /^[1-9]$/.test(digits) ? spec.values[Number(digits) - 1] : undefined;
		default:
			return digits;
	}
}
