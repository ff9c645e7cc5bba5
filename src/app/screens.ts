// Every screen, composed from the state and a read-only view of the terminal: one case per state, nothing
// changed, nothing remembered. The renderer (src/ui/render) draws what this returns.

import type { Journal } from "../journal/journal.js";
import { PASSWORD_LENGTH } from "../operators/operator-store.js";
import type { Params } from "../params/schema.js";
import type { PrinterFault } from "../printer/printer-status.js";
import { FIRMWARE_VERSION, PRODUCT_NAME } from "../version.js";
import { formatFen } from "../ui/amount-text.js";
import { CARD_NUMBER_ENTRY } from "../ui/entry/card-number-entry.js";
import { digitText } from "../ui/entry/digit-entry.js";
import { passwordConfig } from "../ui/entry/password-entry.js";
import type { Language } from "../text/language.js";
import { fillIn, MESSAGES, type MessageId } from "../ui/messages.js";
import { largeLine, line, toneLine, type Screen, type ScreenLine } from "../ui/screen.js";
import type { AppState, BootState, Draft, Step } from "./app-state.js";
import { OPERATOR_ADMIN_ENTRY, OPERATOR_ID_ENTRY, pinRule } from "./entry-configs.js";
import { journalDamageLines } from "./journal-damage-lines.js";
import { flowTitle, MENU_TITLE } from "./menus.js";
import { typeTotalLines } from "./settlement-lines.js";
import { paramChoices, paramLine, paramRule } from "./param-texts.js";

/** The status bar's facts. */
export interface StatusView {
	readonly language: Language;
	/** hh:mm, local. */
	readonly clock: string;
	readonly batteryPercent: number;
	readonly signalBars: number;
}

/** What the screens read of a booted terminal. */
export interface AppView {
	readonly params: Params;
	readonly journal: Pick<Journal, "counters" | "state" | "damage" | "typeTotals">;
	readonly operator: string | undefined;
	/** The chip readers this board has: the card prompt names only what exists. */
	readonly readers: CardReaders;
}

export interface CardReaders {
	readonly contact: boolean;
	readonly contactless: boolean;
}

const CARD_PROMPTS: Readonly<Record<string, MessageId>> = {
	swipe: "swipeCard",
	"insert swipe": "insertOrSwipe",
	"swipe tap": "swipeOrTap",
	"insert swipe tap": "insertSwipeOrTap",
	"swipe key": "swipeOrKey",
	"insert swipe key": "insertSwipeOrKey",
	"swipe tap key": "swipeTapOrKey",
	"insert swipe tap key": "insertSwipeTapOrKey",
};

/** 请插卡或刷卡或挥卡 and its variants: the ways a card can be presented on this board (and keyed, when allowed). */
export function cardPrompt(readers: CardReaders, manual: boolean): MessageId {
	const ways = [readers.contact ? "insert" : "", "swipe", readers.contactless ? "tap" : "", manual ? "key" : ""];
	return CARD_PROMPTS[ways.filter((w) => w !== "").join(" ")]!;
}

type Body = { title: string; lines: ScreenLine[]; hints: readonly string[] };
type T = (id: MessageId, ...args: (string | number)[]) => string;

/** The screen of a terminal that has not booted (or could not). */
export function composeBooting(state: BootState, status: StatusView): Screen {
	return screenOf(state, status, bootBody(state, kit(status.language)));
}

export function compose(state: AppState, status: StatusView, app: AppView): Screen {
	return screenOf(state, status, body(state, app, kit(status.language)));
}

/** Per language, its translator and what every screen of that language shares, made once. */
interface LanguageKit {
	readonly t: T;
	/** The hints of the screens that offer the language key ("F1 English"). */
	readonly hints: readonly string[];
	/** The sign-on screen's lines above the operator number. */
	readonly loginHeader: readonly ScreenLine[];
}

function makeKit(language: Language): LanguageKit {
	const t: T = (id, ...args) => fillIn(MESSAGES[id][language], args);
	return {
		t,
		hints: [t("hintLanguage")],
		loginHeader: [line(PRODUCT_NAME, "center", true), line(t("version", FIRMWARE_VERSION), "center"), line(t("loginOperator"))],
	};
}

/** Made as the module loads: on the device, at link time (preload), read-only in flash afterwards. */
const KITS: Readonly<Record<Language, LanguageKit>> = { zh: makeKit("zh"), en: makeKit("en") };

function kit(language: Language): LanguageKit {
	return KITS[language];
}

function screenOf(s: AppState, status: StatusView, { title, lines, hints }: Body): Screen {
	// Optional fields are set only when present (a screen built for the text simulator has none).
	const screen: { -readonly [K in keyof Screen]: Screen[K] } = {
		status: { title, clock: status.clock, batteryPercent: status.batteryPercent, signalBars: status.signalBars },
		lines,
		hints,
	};
	if (s.kind === "menu" || s.kind === "reprint-copy") screen.menu = s.menu;
	if (s.kind === "busy" && s.progress) screen.progress = s.progress;
	if (s.kind === "settle-confirm") screen.scroll = s.scroll;
	return screen;
}

function bootBody(s: BootState, { t, hints }: LanguageKit): Body {
	switch (s.kind) {
		case "self-test":
			return {
				title: t("stateSelfTest"),
				lines: [
					line(PRODUCT_NAME, "center", true),
					line(t("productLine"), "center"),
					line(t("version", FIRMWARE_VERSION), "center"),
				],
				hints,
			};
		case "locked":
			return {
				title: t("stateLocked"),
				lines: [
					line(PRODUCT_NAME, "center", true),
					line(t("version", FIRMWARE_VERSION), "center"),
					line(t("stateLocked"), "center"),
					line(s.detail, "center", true),
					...(s.reason === "tamper" ? [line(t("lockedTamperService"), "center")] : []),
				],
				hints,
			};
		case "not-configured":
			return {
				title: t("stateNotConfigured"),
				lines: [line(t("stateNotConfigured"), "center"), line(s.detail, "center", true)],
				hints,
			};
	}
}

const noticeLine = (text: string | undefined) => (text ? [toneLine(text, "error")] : []);

function body(s: AppState, app: AppView, kit: LanguageKit): Body {
	const { t, hints } = kit;
	switch (s.kind) {
		case "self-test":
		case "locked":
		case "not-configured":
			return bootBody(s, kit);
		case "journal-damaged":
			return {
				title: t("titleJournalDamaged"),
				lines: [
					...(app.journal.damage ? journalDamageLines(app.journal.damage, t).map((text) => line(text)) : []),
					line(t("supervisorPassword")),
					largeLine(digitText(passwordConfig(PASSWORD_LENGTH.supervisor), s.entry)),
					...noticeLine(s.notice),
				],
				hints,
			};
		case "login-operator": {
			// Built without spreads (each walks an iterator): the header made once per language, the number typed.
			const lines = kit.loginHeader.concat(largeLine(digitText(OPERATOR_ID_ENTRY, s.entry)));
			if (s.notice) lines.push(toneLine(s.notice, "error"));
			return { title: t("titleLogin"), lines, hints };
		}
		case "login-password":
			return {
				title: t("titleLogin"),
				lines: [
					line(t("loginPassword", s.id)),
					largeLine(digitText(passwordConfig(PASSWORD_LENGTH[s.role]), s.entry)),
					...noticeLine(s.notice),
				],
				hints,
			};
		case "change-password":
			return {
				title: t("titleChangePassword"),
				lines: [
					...noticeLine(s.notice),
					line(s.first === undefined ? t("newPassword") : t("newPasswordAgain")),
					largeLine(digitText(passwordConfig(PASSWORD_LENGTH[s.role]), s.entry)),
				],
				hints,
			};
		case "needs-sign-in":
			return {
				title: t("stateNeedsSignIn"),
				lines: [line(t("stateNeedsSignIn"), "center"), ...noticeLine(s.notice), line(t("pressAnyKeySignIn"), "center")],
				hints,
			};
		case "busy":
			return { title: t(s.title), lines: [line(t(s.text), "center")], hints: [] };
		case "idle":
			return {
				title: t("titleIdle"),
				lines: [
					line(PRODUCT_NAME, "center", true),
					line(app.params.merchantName, "center"),
					line(t(cardPrompt(app.readers, false)), "center"),
					line(t("idlePrompt"), "center"),
					line(t("operatorLine", app.operator ?? "")),
					line(t("batchLine", six(app.journal.counters.batch))),
					...owedReversalLine(app, t),
				],
				hints,
			};
		case "forced-settlement":
			return {
				title: t("titleSettle"),
				lines: [toneLine(t("forcedSettlement"), "error"), ...batchDay(app, t), line(t("pressAnyKeySettle"), "center")],
				hints,
			};
		case "settle-confirm":
			return { title: t("titleSettle"), lines: settleConfirmLines(app, t), hints: [] };
		case "day-settled":
			return {
				title: s.notice.title,
				lines: [
					...s.notice.lines.map((text, i) => (i === 0 ? toneLine(text, s.notice.ok ? "ok" : "error") : line(text))),
					line(t("printListOffer")),
				],
				hints: [],
			};
		case "menu":
			return { title: t(MENU_TITLE[s.name]), lines: [], hints };
		case "notice":
			return {
				title: s.notice.title,
				lines: [
					...s.notice.lines.map((text, i) => (i === 0 ? toneLine(text, s.notice.ok ? "ok" : "error") : line(text))),
					line(t("pressAnyKey"), "center"),
				],
				hints: [],
			};
		case "txn":
			return { title: t(flowTitle(s.draft.flow)), lines: stepLines(s.draft, s.step, app.params, app.readers, t), hints: [] };
		case "printing":
			return {
				title: s.title,
				lines: [
					line(s.tearOff ? t("tearOff") : t("printingCopy", s.copy), "center"),
					...(s.fault ? [toneLine(t(PRINTER_FAULT_TEXT[s.fault]), "error"), line(t("cancelPrintHint"), "center")] : []),
				],
				hints: [],
			};
		case "params": {
			if (s.stage === "admin" || s.name === undefined)
				return {
					title: t("menuParams"),
					lines: [
						line(t("adminPassword")),
						largeLine(digitText(passwordConfig(PASSWORD_LENGTH.admin), s.entry)),
						...noticeLine(s.notice),
					],
					hints: [],
				};
			const choices = paramChoices(s.name, t);
			return {
				title: t("menuParams"),
				lines: [
					line(paramLine(s.name, app.params, t)),
					line(choices ?? paramRule(s.name, t)),
					largeLine(s.entry.digits),
					...noticeLine(s.notice),
				],
				hints: [],
			};
		}
		case "operator-admin": {
			const prompt: MessageId =
				s.stage === "supervisor"
					? "supervisorPassword"
					: s.stage === "id"
						? "loginOperator"
						: s.stage === "password"
							? "newPassword"
							: "newPasswordAgain";
			return {
				title: t(s.action === "add" ? "menuOperatorAdd" : "menuOperatorDelete"),
				lines: [line(t(prompt)), largeLine(digitText(OPERATOR_ADMIN_ENTRY[s.stage], s.entry)), ...noticeLine(s.notice)],
				hints: [],
			};
		}
		case "reprint-copy":
			return { title: t("menuReprint"), lines: [line(t("reprintWhichCopy"))], hints: [] };
		case "voucher-lookup":
			return {
				title: t(s.purpose === "reprint" ? "menuReprint" : "menuQueryTxn"),
				lines: [line(t("enterVoucher")), largeLine(s.entry.digits), ...noticeLine(s.notice)],
				hints: [],
			};
	}
}

const PRINTER_FAULT_TEXT: Readonly<Record<PrinterFault, MessageId>> = {
	"paper-out": "printerPaperOut",
	"cover-open": "printerCoverOpen",
	offline: "printerOffline",
	"no-response": "printerNoResponse",
};

const six = (n: number) => String(n).padStart(6, "0");

/** The batch number and the local day of its first transaction. */
/** The settlement confirmation's lines: the batch, a line per type, the prompt (UP/DOWN page them). */
export function settleConfirmLines(app: Pick<AppView, "journal">, t: T): ScreenLine[] {
	return [...batchDay(app, t), ...typeTotalLines(app.journal.typeTotals, t).map((text) => line(text)), line(t("settleConfirm"))];
}

function batchDay(app: Pick<AppView, "journal">, t: T): ScreenLine[] {
	const day = app.journal.counters.batchDay;
	const date = day ? `${day.slice(0, 4)}/${day.slice(4, 6)}/${day.slice(6, 8)}` : "";
	return [line(day ? t("batchDayLine", six(app.journal.counters.batch), date) : t("batchLine", six(app.journal.counters.batch)))];
}

/** An owed reversal stays on the idle screen until the host confirms it (reversal-gate.ts). */
function owedReversalLine(app: AppView, t: T): ScreenLine[] {
	const owed = app.journal.state.reversal;
	return owed ? [toneLine(t("reversalOwedLine", six(owed.stan)), "error")] : [];
}

function stepLines(draft: Draft, step: Step, params: Params, readers: CardReaders, t: T): ScreenLine[] {
	const amount = draft.amountFen !== undefined ? [line(t("amountLine", formatFen(draft.amountFen)))] : [];
	switch (step.kind) {
		case "supervisor":
			return [
				line(t("supervisorPassword")),
				largeLine(digitText(passwordConfig(PASSWORD_LENGTH.supervisor), step.entry)),
				...noticeLine(step.notice),
			];
		case "voucher":
			return [line(t("enterVoucher")), largeLine(step.entry.digits), ...noticeLine(step.notice)];
		case "confirm-original": {
			const o = draft.original;
			return o
				? [
						line(t("voucherLine", six(o.stan))),
						line(t("cardLine", o.panMasked)),
						line(t("amountLine", formatFen(o.amountFen))),
						line(t("confirmOriginal")),
					]
				: [];
		}
		case "card":
			return [
				...amount,
				line(t(cardPrompt(readers, params.manualEntryAllowed)), "center"),
				...(step.manual ? [largeLine(digitText(CARD_NUMBER_ENTRY, step.manual))] : []),
				...(step.notice ? [toneLine(t(step.notice), "error")] : []),
				...(step.manual?.notice ? [toneLine(t(step.manual.notice), "error")] : []),
			];
		case "expiry":
			return [line(t("enterExpiry")), largeLine(step.entry.digits)];
		case "chip-reading":
			return [...amount, line(t("chipReading"), "center")];
		case "remove-card":
			return [line(t("removeCard"), "center")];
		case "tap-again":
			// The host approved: the card's update waits for it (issuer update processing).
			return [
				...amount,
				line(t("approved"), "center"),
				line(t("tapCardAgain"), "center"),
				...(step.notice ? [toneLine(t(step.notice), "error")] : []),
			];
		case "app-select":
			return [line(t("chooseApplication")), ...step.candidates.map((c, i) => line(`${i + 1} ${c.label ?? ""}`))];
		case "original-rrn":
		case "original-date":
		case "auth-code": {
			const prompt: MessageId =
				step.kind === "original-rrn" ? "enterOriginalRrn" : step.kind === "original-date" ? "enterOriginalDate" : "enterAuthCode";
			return [line(t(prompt)), largeLine(step.entry.digits), ...(step.entry.notice ? [toneLine(t(step.entry.notice), "error")] : [])];
		}
		case "confirm-card":
			return [line(t("confirmCard")), largeLine(draft.card?.masked ?? "")];
		case "amount":
			return [
				line(t("enterAmount")),
				largeLine(formatFen(step.entry.fen)),
				...(step.entry.notice ? [toneLine(t(step.entry.notice), "error")] : []),
			];
		case "pin": {
			const card = draft.card;
			const bypass = card !== undefined && pinRule({ ...draft, card }, params).bypassAllowed;
			return [
				...amount,
				// "Wrong PIN" stays until the first digit, which counts.
				...(draft.pinRetry && step.digits === 0 ? [toneLine(t("pinRetry"), "error")] : []),
				line(t("enterPin")),
				largeLine("*".repeat(step.digits)),
				...(bypass ? [line(t("pinBypassHint"))] : []),
			];
		}
		case "online":
			return [...amount, line(t("processing"), "center")];
		case "paper":
			return [toneLine(t(PRINTER_FAULT_TEXT[step.fault]), "error"), line(t("paperOutBeforeTxn")), line(t("paperOutChoice"))];
	}
}
