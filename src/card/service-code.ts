// The three-digit service code after the expiry date on tracks 1 and 2 (ISO/IEC 7813).

/** Three digits, as recorded. */
export type ServiceCode = string & { readonly __brand: "ServiceCode" };

export type Interchange = "international" | "national" | "bilateral" | "test" | "other";
export type Authorisation = "normal" | "online" | "online-unless-bilateral" | "other";
export type AllowedServices = "any" | "goods-and-services" | "atm" | "cash" | "other";
export type PinRule = "required" | "where-feasible" | "not-required";

export interface ServiceCodeMeaning {
	/** First digit 2 or 6: an IC card, the chip must be used where the terminal has a reader. */
	readonly chipCard: boolean;
	readonly interchange: Interchange;
	readonly authorisation: Authorisation;
	readonly services: AllowedServices;
	readonly pin: PinRule;
}

/** Three digits (a module constant: on XS a regular expression literal is compiled again at each evaluation). */
const SERVICE_CODE_TEXT = /^[0-9]{3}$/;

export function isServiceCode(text: string): text is ServiceCode {
	return SERVICE_CODE_TEXT.test(text);
}

export function interpretServiceCode(code: ServiceCode): ServiceCodeMeaning {
	const [first, second, third] = [code.charCodeAt(0) - 0x30, code.charCodeAt(1) - 0x30, code.charCodeAt(2) - 0x30];
	return {
		chipCard: first === 2 || first === 6,
		interchange: INTERCHANGE[first] ?? "other",
		authorisation: AUTHORISATION[second] ?? "other",
		services: SERVICES[third] ?? "other",
		pin: third === 0 || third === 3 || third === 5 ? "required" : third === 6 || third === 7 ? "where-feasible" : "not-required",
	};
}

// ISO/IEC 7813 service code, digit 1.
const INTERCHANGE: Readonly<Record<number, Interchange>> = {
	1: "international",
	2: "international",
	5: "national",
	6: "national",
	7: "bilateral",
	9: "test",
};
// Digit 2.
const AUTHORISATION: Readonly<Record<number, Authorisation>> = { 0: "normal", 2: "online", 4: "online-unless-bilateral" };
// Digit 3.
const SERVICES: Readonly<Record<number, AllowedServices>> = {
	0: "any",
	1: "any",
	2: "goods-and-services",
	3: "atm",
	4: "cash",
	5: "goods-and-services",
	6: "any",
	7: "goods-and-services",
};
