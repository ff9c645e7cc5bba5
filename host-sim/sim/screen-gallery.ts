// One example of every kind of screen, in Chinese and English: the documentation screenshots
// (docs/screens) and the renderer tests draw these on both panel classes. Platform-free.
// Their characters are part of the font subset (host-sim/tools/fonts.ts reads this file too).

import type { Language } from "../../src/text/language.js";
import { largeLine, line, toneLine, type Screen } from "../../src/ui/screen.js";

export interface GalleryScreen {
	readonly name: string;
	readonly screen: Screen;
}

const T = {
	idle: ["签到成功", "Signed in"],
	pressKey: ["请刷卡或按确认键", "Swipe card or press ENTER"],
	menuTitle: ["主菜单", "Main menu"],
	sale: ["消费", "Sale"],
	voidSale: ["消费撤销", "Void"],
	refund: ["退货", "Refund"],
	balance: ["余额查询", "Balance"],
	preAuth: ["预授权", "Pre-auth"],
	settle: ["结算", "Settlement"],
	signOut: ["签退", "Sign out"],
	signIn: ["签到", "Sign in"],
	manage: ["管理", "Manage"],
	choose: ["↑↓ 选择", "↑↓ move"],
	confirm: ["确认", "ENTER ok"],
	cancel: ["取消 退出", "CANCEL quit"],
	enterAmount: ["请输入金额:", "Enter amount:"],
	swipe: ["请刷卡", "Please swipe card"],
	amount: ["金额: {0}", "Amount: {0}"],
	checkCard: ["请确认卡号:", "Check card number:"],
	expiry: ["有效期: {0}", "Expiry: {0}"],
	enterPin: ["请持卡人输入密码:", "Cardholder PIN:"],
	noPin: ["无密码请按确认", "No PIN: press ENTER"],
	processing: ["交易处理中, 请稍候", "Processing, please wait"],
	connecting: ["正在连接主机…", "Connecting to host…"],
	approved: ["交易成功", "Approved"],
	reference: ["参考号: {0}", "Ref: {0}"],
	printing: ["正在打印签购单", "Printing the slip"],
	declined: ["交易失败", "Declined"],
	insufficient: ["51 余额不足", "51 Insufficient funds"],
	back: ["确认 返回", "ENTER back"],
	error: ["网络连接失败", "Network down"],
	retry: ["请检查网络后重试", "Check the network and retry"],
	settling: ["批上送 {0}/{1}", "Uploading {0}/{1}"],
	parameters: ["参数设置", "Parameters"],
	merchant: ["商户号 {0}", "Merchant {0}"],
	terminal: ["终端号 {0}", "Terminal {0}"],
	host: ["主机 {0}", "Host {0}"],
	timeout: ["超时 {0} 秒", "Timeout {0} s"],
	scanToPay: ["扫码付款", "Scan to pay"],
	scanHint: ["请用云闪付扫码", "Scan with the app"],
	factory: ["工厂测试", "Factory test"],
} as const;

function say(key: keyof typeof T, language: Language, ...args: (string | number)[]): string {
	const text: string = T[key][language === "zh" ? 0 : 1];
	return text.replace(/\{(\d)\}/g, (_m, i: string) => String(args[Number(i)] ?? ""));
}

export function galleryScreens(language: Language): GalleryScreen[] {
	const t = (key: keyof typeof T, ...args: (string | number)[]) => say(key, language, ...args);
	const status = (title: string) => ({ title, clock: "09:30", batteryPercent: 76, signalBars: 3 });
	const menuItems = (["sale", "voidSale", "refund", "balance", "preAuth", "settle", "signOut", "signIn", "manage"] as const).map(
		(k, i) => ({ key: String(i + 1), label: t(k) }),
	);
	return [
		{
			name: "idle",
			screen: {
				status: status(t("idle")),
				lines: [line("posterm", "center", true), line("898310058120001", "center"), line(""), line(t("pressKey"), "center")],
				hints: ["MENU", "F1 English"],
			},
		},
		{
			name: "menu",
			screen: {
				status: status(t("menuTitle")),
				lines: [],
				menu: { items: menuItems, highlight: 0 },
				hints: [t("choose"), t("confirm")],
			},
		},
		{
			name: "menu-page-2",
			screen: {
				status: status(t("menuTitle")),
				lines: [],
				menu: { items: menuItems, highlight: 4 },
				hints: [t("choose"), t("confirm")],
			},
		},
		{
			name: "amount",
			screen: {
				status: status(t("sale")),
				lines: [line(t("enterAmount")), largeLine("1,234.56")],
				hints: [t("cancel"), t("confirm")],
			},
		},
		{
			name: "card-prompt",
			screen: {
				status: status(t("sale")),
				lines: [line(t("amount", "1,234.56")), line(""), line(t("swipe"), "center")],
				hints: [t("cancel")],
			},
		},
		{
			name: "card-confirm",
			screen: {
				status: status(t("sale")),
				lines: [line(t("checkCard")), line("6222 02** **** 0123", "center"), line(t("expiry", "12/29"))],
				hints: [t("cancel"), t("confirm")],
			},
		},
		{
			name: "pin",
			screen: {
				status: status(t("sale")),
				lines: [line(t("amount", "1,234.56")), line(t("enterPin")), largeLine("******")],
				hints: [t("noPin")],
			},
		},
		{
			name: "processing",
			screen: {
				status: status(t("sale")),
				lines: [line(t("processing"), "center"), line(t("connecting"), "center")],
				progress: { done: 2, total: 5 },
				hints: [],
			},
		},
		{
			name: "approved",
			screen: {
				status: status(t("sale")),
				lines: [
					largeLine(t("approved"), "ok"),
					line(t("amount", "1,234.56")),
					line(t("reference", "123456789012")),
					line(t("printing")),
				],
				hints: [t("confirm")],
			},
		},
		{
			name: "declined",
			screen: {
				status: status(t("sale")),
				lines: [largeLine(t("declined"), "error"), toneLine(t("insufficient"), "error")],
				hints: [t("back")],
			},
		},
		{
			name: "error",
			screen: {
				status: status(t("sale")),
				lines: [line(t("error"), "center", true), line(t("retry"), "center")],
				hints: [t("back")],
			},
		},
		{
			name: "settlement",
			screen: {
				status: status(t("settle")),
				lines: [line(t("processing"), "center"), line(t("settling", 3, 5), "center")],
				progress: { done: 3, total: 5 },
				hints: [],
			},
		},
		{
			name: "parameters",
			screen: {
				status: status(t("parameters")),
				lines: [
					line(t("merchant", "898310058120001")),
					line(t("terminal", "10000001")),
					line(t("host", "127.0.0.1:8583")),
					line(t("timeout", 60)),
				],
				hints: [t("choose"), t("back")],
			},
		},
		{
			name: "qr",
			screen: {
				status: status(t("scanToPay")),
				lines: [line(t("amount", "")), largeLine("88.00"), line(t("scanHint"))],
				qr: "https://qr.95516.com/00010000/62220212345678",
				hints: [t("cancel")],
			},
		},
		{ name: "test-checkerboard", screen: { status: status(t("factory")), lines: [], hints: [], pattern: "checkerboard" } },
		{ name: "test-colour-bars", screen: { status: status(t("factory")), lines: [], hints: [], pattern: "colour-bars" } },
		{ name: "test-all-on", screen: { status: status(t("factory")), lines: [], hints: [], pattern: "all-on" } },
		{ name: "test-all-off", screen: { status: status(t("factory")), lines: [], hints: [], pattern: "all-off" } },
	];
}
