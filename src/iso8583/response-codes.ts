// Field 39 response codes and the terminal action class of each (the response-code table of
// the UnionPay terminal specification Q/CUP 006): A success, B failure
// with retry, C failure, D operator handling (pick up the card), E system fault. Data-driven: the terminal
// and the acquirer simulator read this one table.

export type ResponseClass = "A" | "B" | "C" | "D" | "E";

export interface ResponseCodeInfo {
	readonly meaning: string;
	readonly class: ResponseClass;
}

export const RESPONSE_CODES: Readonly<Record<string, ResponseCodeInfo>> = {
	"00": { meaning: "approved", class: "A" },
	"01": { meaning: "refer to issuer", class: "C" },
	"03": { meaning: "invalid merchant", class: "C" },
	"04": { meaning: "pick up card", class: "D" },
	"05": { meaning: "do not honour", class: "C" },
	"06": { meaning: "error", class: "E" },
	"09": { meaning: "request in progress", class: "B" },
	"10": { meaning: "partial approval", class: "A" },
	"11": { meaning: "approved (VIP)", class: "A" },
	"12": { meaning: "invalid transaction", class: "C" },
	"13": { meaning: "invalid amount", class: "B" },
	"14": { meaning: "invalid card number", class: "B" },
	"15": { meaning: "no such issuer", class: "C" },
	"19": { meaning: "re-enter transaction", class: "C" },
	"22": { meaning: "suspected malfunction, sign in again", class: "C" },
	"25": { meaning: "original transaction not found", class: "C" },
	"30": { meaning: "format error", class: "C" },
	"33": { meaning: "expired card", class: "C" },
	"34": { meaning: "suspected fraud", class: "D" },
	"38": { meaning: "PIN tries exceeded", class: "C" },
	"40": { meaning: "function not supported", class: "C" },
	"41": { meaning: "lost card", class: "D" },
	"43": { meaning: "stolen card", class: "D" },
	"45": { meaning: "fallback not allowed, insert the chip", class: "C" },
	"51": { meaning: "insufficient funds", class: "C" },
	"54": { meaning: "expired card", class: "C" },
	"55": { meaning: "incorrect PIN", class: "C" },
	"57": { meaning: "not permitted to cardholder", class: "C" },
	"58": { meaning: "not permitted to terminal", class: "C" },
	"61": { meaning: "amount limit exceeded", class: "C" },
	"62": { meaning: "restricted card", class: "C" },
	"64": { meaning: "amount differs from the original", class: "C" },
	"65": { meaning: "frequency limit exceeded", class: "C" },
	"68": { meaning: "issuer response timeout", class: "C" },
	"75": { meaning: "PIN tries exceeded", class: "D" },
	"90": { meaning: "cut-over in progress", class: "C" },
	"91": { meaning: "issuer unavailable", class: "C" },
	"92": { meaning: "routing not possible", class: "C" },
	"94": { meaning: "duplicate transaction", class: "C" },
	"96": { meaning: "system malfunction", class: "C" },
	"97": { meaning: "terminal not registered", class: "D" },
	"98": { meaning: "no issuer response", class: "E" },
	"99": { meaning: "PIN format error, sign in again", class: "B" },
	A0: { meaning: "MAC check failed, sign in again", class: "B" },
};

/** The class of a code; unknown codes are failures without retry (C). */
export function responseClass(code: string): ResponseClass {
	return RESPONSE_CODES[code]?.class ?? "C";
}

/** Class A (00, 10 partial, 11 VIP): an answer the terminal acts on as approved, so it must carry a verified MAC. */
export function isApproval(code: string): boolean {
	return responseClass(code) === "A";
}
