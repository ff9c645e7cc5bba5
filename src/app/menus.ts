// The menus as data: what each one lists, where CANCEL goes back to, and what each choice does. The key
// routing (key-routing.ts) carries the choice out.

import { PARAM_NAMES, PARAM_SCHEMA, type ParamName, type Params } from "../params/schema.js";
import type { MessageId } from "../ui/messages.js";
import type { Menu } from "../ui/screen.js";
import type { Flow, MenuName } from "./app-state.js";
import { paramLine } from "./param-texts.js";

type Items = readonly (readonly [string, MessageId])[];

const MAIN_MENU: Items = [
	["1", "menuSale"],
	["2", "menuVoid"],
	["3", "menuRefund"],
	["4", "menuBalance"],
	["5", "menuPreAuth"],
	["6", "menuSettle"],
	["7", "menuReprint"],
	["8", "menuQuery"],
	["9", "menuManage"],
];
const PREAUTH_MENU: Items = [
	["1", "menuPreAuthNew"],
	["2", "menuPreAuthVoid"],
	["3", "menuCompletion"],
	["4", "menuCompletionAdvice"],
	["5", "menuCompletionVoid"],
];
const QUERY_MENU: Items = [
	["1", "menuQueryTxn"],
	["2", "menuQueryTotals"],
	["3", "menuQueryList"],
];
const REPRINT_MENU: Items = [
	["1", "menuReprintLast"],
	["2", "menuReprintVoucher"],
	["3", "menuReprintSettlement"],
];
const MANAGE_MENU: Items = [
	["1", "menuSignIn"],
	["2", "menuSignOff"],
	["3", "menuOperators"],
	["4", "menuParams"],
	["5", "menuEcho"],
	["6", "menuLogout"],
];
const OPERATORS_MENU: Items = [
	["1", "titleChangePassword"],
	["2", "menuOperatorAdd"],
	["3", "menuOperatorDelete"],
];
const LISTS: Readonly<Record<Exclude<MenuName, "params">, Items>> = {
	main: MAIN_MENU,
	manage: MANAGE_MENU,
	reprint: REPRINT_MENU,
	preauth: PREAUTH_MENU,
	query: QUERY_MENU,
	operators: OPERATORS_MENU,
};

/** Parameters a keypad can set: numbers, digit strings, yes/no and choices (text and host names come from the CLI or a download). */
const KEYPAD_PARAMS: readonly ParamName[] = PARAM_NAMES.filter((name) =>
	["int", "digits", "bool", "choice"].includes(PARAM_SCHEMA[name].kind),
);

export const MENU_TITLE: Readonly<Record<MenuName, MessageId>> = {
	main: "titleMenu",
	manage: "menuManage",
	reprint: "menuReprint",
	preauth: "menuPreAuth",
	query: "menuQuery",
	operators: "menuOperators",
	params: "menuParams",
};

/** CANCEL goes back one level: the menu each menu was opened from. */
export const MENU_PARENT: Readonly<Record<MenuName, MenuName | "idle">> = {
	main: "idle",
	manage: "main",
	reprint: "main",
	preauth: "main",
	query: "main",
	operators: "manage",
	params: "manage",
};

const FLOW_TITLE: Readonly<Record<Flow, MessageId>> = {
	sale: "menuSale",
	void: "menuVoid",
	balance: "menuBalance",
	refund: "menuRefund",
	preauth: "menuPreAuthNew",
	"preauth-void": "menuPreAuthVoid",
	completion: "menuCompletion",
	"completion-advice": "menuCompletionAdvice",
	"completion-void": "menuCompletionVoid",
};

export function flowTitle(flow: Flow): MessageId {
	return FLOW_TITLE[flow];
}

/** The menu `name` as shown; the parameter list shows each parameter's value. */
export function menuOf(name: MenuName, params: Params, t: (id: MessageId) => string): Menu {
	if (name === "params")
		return {
			items: KEYPAD_PARAMS.map((param, i) => ({ key: String(i + 1), label: paramLine(param, params, t) })),
			highlight: 0,
		};
	return { items: LISTS[name].map(([key, id]) => ({ key, label: t(id) })), highlight: 0 };
}

/** What a menu choice does. */
export type MenuAction =
	| { readonly kind: "txn"; readonly flow: Flow }
	| { readonly kind: "menu"; readonly name: MenuName }
	| { readonly kind: "settle" }
	| { readonly kind: "query-voucher" | "query-totals" | "query-list" }
	| { readonly kind: "reprint-last" | "reprint-voucher" | "reprint-settlement" }
	| { readonly kind: "sign-in" | "sign-off" | "echo" | "logout" }
	| { readonly kind: "params-admin" }
	| { readonly kind: "param"; readonly name: ParamName }
	| { readonly kind: "change-password" }
	| { readonly kind: "operator-admin"; readonly action: "add" | "delete" };

const MAIN_ACTIONS: Readonly<Record<string, MenuAction>> = {
	"1": { kind: "txn", flow: "sale" },
	"2": { kind: "txn", flow: "void" },
	"3": { kind: "txn", flow: "refund" },
	"4": { kind: "txn", flow: "balance" },
	"5": { kind: "menu", name: "preauth" },
	"6": { kind: "settle" },
	"7": { kind: "menu", name: "reprint" },
	"8": { kind: "menu", name: "query" },
	"9": { kind: "menu", name: "manage" },
};
const PREAUTH_ACTIONS: Readonly<Record<string, MenuAction>> = {
	"1": { kind: "txn", flow: "preauth" },
	"2": { kind: "txn", flow: "preauth-void" },
	"3": { kind: "txn", flow: "completion" },
	"4": { kind: "txn", flow: "completion-advice" },
	"5": { kind: "txn", flow: "completion-void" },
};
const QUERY_ACTIONS: Readonly<Record<string, MenuAction>> = {
	"1": { kind: "query-voucher" },
	"2": { kind: "query-totals" },
	"3": { kind: "query-list" },
};
const REPRINT_ACTIONS: Readonly<Record<string, MenuAction>> = {
	"1": { kind: "reprint-last" },
	"2": { kind: "reprint-voucher" },
	"3": { kind: "reprint-settlement" },
};
const MANAGE_ACTIONS: Readonly<Record<string, MenuAction>> = {
	"1": { kind: "sign-in" },
	"2": { kind: "sign-off" },
	"3": { kind: "menu", name: "operators" },
	"4": { kind: "params-admin" },
	"5": { kind: "echo" },
	"6": { kind: "logout" },
};
const OPERATORS_ACTIONS: Readonly<Record<string, MenuAction>> = {
	"1": { kind: "change-password" },
	"2": { kind: "operator-admin", action: "add" },
	"3": { kind: "operator-admin", action: "delete" },
};
const ACTIONS: Readonly<Record<Exclude<MenuName, "params">, Readonly<Record<string, MenuAction>>>> = {
	main: MAIN_ACTIONS,
	preauth: PREAUTH_ACTIONS,
	query: QUERY_ACTIONS,
	reprint: REPRINT_ACTIONS,
	manage: MANAGE_ACTIONS,
	operators: OPERATORS_ACTIONS,
};

/** The action of `key` in menu `name`; undefined when the key chooses nothing. */
export function menuAction(name: MenuName, key: string): MenuAction | undefined {
	if (name === "params") {
		const param = KEYPAD_PARAMS[Number(key) - 1];
		return param ? { kind: "param", name: param } : undefined;
	}
	return ACTIONS[name][key];
}
