// Field 39 response codes and the terminal action class of each (the response-code table of
// the UnionPay terminal specification Q/CUP 006): A success, B failure
// with retry, C failure, D operator handling (pick up the card), E system fault. Data-driven: the terminal
// and the acquirer simulator read this one table.

export type ResponseClass = "A" | "B" | "C" | "D" | "E";

/** What the terminal does about a code; what it means to the cashier is in the message table (src/ui/messages.ts). */
export interface ResponseCodeInfo {
	readonly class: ResponseClass;
}

export const RESPONSE_CODES: Readonly<Record<string, ResponseCodeInfo>> = {
	"00": { class: "A" },
	"01": { class: "C" },
	"03": { class: "C" },
	"04": { class: "D" },
	"05": { class: "C" },
	"06": { class: "E" },
	"09": { class: "B" },
	"10": { class: "A" },
	"11": { class: "A" },
	"12": { class: "C" },
	"13": { class: "B" },
	"14": { class: "B" },
	"15": { class: "C" },
	"19": { class: "C" },
	"22": { class: "C" },
	"25": { class: "C" },
	"30": { class: "C" },
	"33": { class: "C" },
	"34": { class: "D" },
	"38": { class: "C" },
	"40": { class: "C" },
	"41": { class: "D" },
	"43": { class: "D" },
	"45": { class: "C" },
	"51": { class: "C" },
	"54": { class: "C" },
	"55": { class: "C" },
	"57": { class: "C" },
	"58": { class: "C" },
	"61": { class: "C" },
	"62": { class: "C" },
	"64": { class: "C" },
	"65": { class: "C" },
	"68": { class: "C" },
	"75": { class: "D" },
	"90": { class: "C" },
	"91": { class: "C" },
	"92": { class: "C" },
	"94": { class: "C" },
	"96": { class: "C" },
	"97": { class: "D" },
	"98": { class: "E" },
	"99": { class: "B" },
	A0: { class: "B" },
	/** 安全处理失败 (security processing failed): the simulator's answer to a chip cryptogram that does not verify. */
	A7: { class: "C" },
};

/** The class of a code; unknown codes are failures without retry (C). */
export function responseClass(code: string): ResponseClass {
	return RESPONSE_CODES[code]?.class ?? "C";
}

/** Class A (00, 10 partial, 11 VIP): an answer the terminal acts on as approved, so it must carry a verified MAC. */
export function isApproval(code: string): boolean {
	return responseClass(code) === "A";
}
