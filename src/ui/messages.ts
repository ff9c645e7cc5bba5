// Every text the terminal shows or prints, in one table: Chinese and English side by side.
// `{0}`, `{1}`… are replaced by arguments.

export type Language = "zh" | "en";

export const MESSAGES = {
	productLine: { zh: "银联收单终端", en: "UnionPay POS terminal" },
	version: { zh: "版本 {0}", en: "Version {0}" },
	stateSelfTest: { zh: "自检中", en: "Self-test" },
	stateLocked: { zh: "终端已锁定", en: "Terminal locked" },
	stateNeedsSignIn: { zh: "未签到", en: "Not signed in" },
	lockedTamper: { zh: "安全触发, 密钥已清除", en: "Tamper: keys erased" },
	lockedSelfTest: { zh: "自检失败: {0}", en: "Self-test failed: {0}" },
	lastKey: { zh: "按键: {0}", en: "Key: {0}" },
	hintLanguage: { zh: "F1 English", en: "F1 中文" },
	amountZero: { zh: "金额不能为零", en: "Amount cannot be zero" },
	amountOverLimit: { zh: "超过最大金额", en: "Amount over the limit" },
	entryTooLong: { zh: "位数已满", en: "No more digits" },
	passwordTooShort: { zh: "密码位数不足", en: "Password too short" },
	cardNumberTooShort: { zh: "卡号位数不足", en: "Card number too short" },
	cardNumberInvalid: { zh: "卡号校验错误", en: "Invalid card number" },
	factoryMode: { zh: "工厂测试", en: "FACTORY MODE" },
	factorySerial: { zh: "序列号 {0}", en: "S/N {0}" },
	factoryWaiting: { zh: "等待测试台", en: "Waiting for the jig" },
	factoryRunning: { zh: "测试中: {0}", en: "Testing: {0}" },
	factoryResult: { zh: "{0}: {1}", en: "{0}: {1}" },
} as const satisfies Record<string, Record<Language, string>>;

export type MessageId = keyof typeof MESSAGES;

export function message(id: MessageId, language: Language, ...args: readonly (string | number)[]): string {
	return MESSAGES[id][language].replace(/\{(\d)\}/g, (_match, index: string) => String(args[Number(index)] ?? ""));
}
