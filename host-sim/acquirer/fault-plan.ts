// Fault injection for the simulated acquirer, scriptable per request (`inject` with no `match`: the next
// request) or by rule (match on MTI, processing code, 60.1, STAN, terminal; `times` bounds how often).
//
//   delay          answer after `ms`
//   no-response    process the request, never answer (the terminal times out: reversal reason 98)
//   close          process the request, close the connection without answering (06)
//   garbage        answer with a length-prefixed frame of bytes that do not decode (A0)
//   bad-mac        answer with a wrong field 64 (A0)
//   wrong-stan     answer with another STAN in field 11 (A0)
//   response-code  answer with `code` without processing the request (signed when the request was)
//   unsigned       answer without field 64: with `code`, that code without processing; without, the real answer
//   partial        approve only `amountFen` of a sale or pre-auth (39 = 10, field 4 = the approved amount)
//   bad-arpc       answer a chip request with a wrong ARPC in field 55's 91 (the card's issuer authentication fails)

export type Fault =
	| { readonly kind: "delay"; readonly ms: number }
	| { readonly kind: "no-response" }
	| { readonly kind: "close" }
	| { readonly kind: "garbage" }
	| { readonly kind: "bad-mac" }
	| { readonly kind: "wrong-stan" }
	| { readonly kind: "response-code"; readonly code: string }
	| { readonly kind: "unsigned"; readonly code?: string }
	| { readonly kind: "partial"; readonly amountFen: number }
	| { readonly kind: "bad-arpc" };

export interface FaultMatch {
	readonly mti?: string;
	readonly processingCode?: string;
	/** 60.1 transaction type code. */
	readonly typeCode?: string;
	readonly stan?: string;
	readonly terminalId?: string;
}

export interface FaultRule {
	readonly fault: Fault;
	readonly match?: FaultMatch;
	/** How many matching requests it hits; default 1, 0 = every one. */
	readonly times?: number;
}

const KINDS = ["delay", "no-response", "close", "garbage", "bad-mac", "wrong-stan", "response-code", "unsigned", "partial", "bad-arpc"];
const CODE = /^[0-9A-Z]{2}$/;

/** Validates a rule from JSON (configuration files, the CLI); throws RangeError naming the problem. */
export function parseFaultRule(json: unknown): FaultRule {
	const o = json as { fault?: { kind?: unknown; ms?: unknown; code?: unknown; amountFen?: unknown }; match?: unknown; times?: unknown };
	if (typeof o !== "object" || o === null || typeof o.fault !== "object" || o.fault === null || !KINDS.includes(String(o.fault.kind))) {
		throw new RangeError(`fault rule needs "fault": {"kind": ${KINDS.join(" | ")}}`);
	}
	if (o.fault.kind === "delay" && (typeof o.fault.ms !== "number" || o.fault.ms < 0))
		throw new RangeError('a "delay" fault needs "ms" >= 0');
	if (o.fault.kind === "response-code" && (typeof o.fault.code !== "string" || !CODE.test(o.fault.code)))
		throw new RangeError('a "response-code" fault needs a 2-character "code"');
	if (o.fault.kind === "unsigned" && o.fault.code !== undefined && (typeof o.fault.code !== "string" || !CODE.test(o.fault.code)))
		throw new RangeError('an "unsigned" fault\'s "code" has 2 characters');
	if (
		o.fault.kind === "partial" &&
		(typeof o.fault.amountFen !== "number" || !Number.isInteger(o.fault.amountFen) || o.fault.amountFen <= 0)
	)
		throw new RangeError('a "partial" fault needs "amountFen" > 0');
	if (o.times !== undefined && (typeof o.times !== "number" || !Number.isInteger(o.times) || o.times < 0))
		throw new RangeError('"times" is a non-negative integer');
	return o as FaultRule;
}

interface ActiveRule {
	readonly rule: FaultRule;
	remaining: number; // Infinity for times = 0
}

export class FaultPlan {
	#rules: ActiveRule[] = [];

	add(rule: FaultRule): void {
		const times = rule.times ?? 1;
		this.#rules.push({ rule, remaining: times === 0 ? Infinity : times });
	}

	clear(): void {
		this.#rules = [];
	}

	get pending(): number {
		return this.#rules.length;
	}

	/** The first rule matching this request, consumed once; undefined when none. */
	take(request: { readonly mti: string; readonly fields: Readonly<Record<string, string>> }): Fault | undefined {
		const typeCode = request.fields["60"]?.slice(0, 2);
		for (const active of this.#rules) {
			const m = active.rule.match ?? {};
			if (m.mti !== undefined && m.mti !== request.mti) continue;
			if (m.processingCode !== undefined && m.processingCode !== request.fields["3"]) continue;
			if (m.typeCode !== undefined && m.typeCode !== typeCode) continue;
			if (m.stan !== undefined && m.stan !== request.fields["11"]) continue;
			if (m.terminalId !== undefined && m.terminalId !== request.fields["41"]) continue;
			active.remaining--;
			if (active.remaining <= 0) this.#rules.splice(this.#rules.indexOf(active), 1);
			return active.rule.fault;
		}
		return undefined;
	}
}
