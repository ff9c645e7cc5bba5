// The simulated acquirer's decisions: one decoded request in, one response out (the UnionPay terminal
// specification Q/CUP 006). Sign-in issues fresh random working keys under the terminal's TMK; every request MAC
// and PIN block is verified for real; financial requests move balances and holds; voids, refunds and completions
// find their originals; reversals are idempotent; settlement compares the terminal's field 48 with the host's
// totals. Requests are read with the simulator's own decoder (wire-decoder.ts); responses are built as
// IsoMessages.

import { bytesToHex } from "../../src/factory/hex-text.js";
import { isoMessage, type FieldValue, type IsoMessage } from "../../src/iso8583/iso-message.js";
import { formatBalance } from "../../src/iso8583/composite-fields.js";
import { formatSettlementTotals, type CardClassTotals, type SettlementTotals } from "../../src/iso8583/settlement-fields.js";
import { formatSignInKeys, type WrappedKey } from "../../src/iso8583/sign-in-keys.js";
import { carriesMac, IC_OFFLINE_SALE, responseMti, transactionKindOf, type TransactionKind } from "../../src/iso8583/transaction-matrix.js";
import type { AcquirerConfig, TerminalConfig } from "./acquirer-config.js";
import type { AcquirerBooks, TerminalBooks, TransactionRecord } from "./acquirer-state.js";
import { checkValue, tdesEcb, unionPayMac } from "./host-crypto.js";
import { bookBatchUpload, bookOfflineSale, hostBatchTotals } from "./batch-books.js";
import { answerIcDownload, processingRequirement } from "./ic-param-server.js";
import { cardKeys, issuerAnswer, issuerKeysFor, readChipRequest, verifyArqc, type IssuerScriptSpec } from "./chip-issuer.js";
import { cardAccount, checkPin, clearTracks, decline, Decline, hexBytes } from "./request-checks.js";
import type { WireMessage } from "./wire-decoder.js";

export interface EngineParts {
	readonly config: AcquirerConfig;
	readonly books: AcquirerBooks;
	/** Wall-clock time, ms since the epoch; the host answers in Beijing time (UTC+8). */
	readonly now: () => number;
	readonly randomBytes: (count: number) => Uint8Array;
}

export interface EngineAnswer {
	readonly response: IsoMessage;
	/** The message header to answer with, when not the request's (12 hex digits). */
	readonly header?: string;
	/** The MAK to MAC the response with, when it carries field 64. */
	readonly mak?: Uint8Array;
	readonly note: string;
}

const BEIJING_OFFSET_MS = 8 * 3600_000;
const ECHOED = ["2", "3", "4", "11", "14", "22", "23", "25", "41", "42", "49", "60", "61"];
/** Fields every request must carry (Q/CUP 006): STAN, terminal, merchant, and 60 with type and batch. */
const REQUIRED = ["11", "41", "42", "60"];

const hex = bytesToHex;

/**
 * A fault's change to the decision: answer `code` without processing, approve only `partialFen` (39 = 10), or
 * answer a chip request with a wrong ARPC.
 */
export type EngineOverride = { readonly code: string } | { readonly partialFen: number } | { readonly badArpc: true };

/** Chip requests whose field 55 must carry an ARQC (Q/CUP 006: the card goes online with one). */
const ARQC_KINDS: readonly TransactionKind[] = ["sale", "preauth", "balance"];

/** Field 22.1: contact chip (05) or contactless chip (07). */
const chipEntry = (f: Readonly<Record<string, string>>) => f["22"]?.startsWith("05") === true || f["22"]?.startsWith("07") === true;

/** Builds the response to the request being handled: code, log note, extra fields, MAK when MACed. */
type Respond = (code: string, note: string, extra?: [string, FieldValue | undefined][], mak?: Uint8Array) => EngineAnswer;

/** A financial request being handled, with what answering it needs. */
interface FinancialCall {
	readonly request: WireMessage;
	readonly terminal: TerminalConfig;
	readonly books: TerminalBooks;
	readonly mak: Uint8Array;
	readonly respond: Respond;
	readonly override: EngineOverride | undefined;
}

/** 0410 codes the terminal takes as "the host holds the reversal" (src/app/reversal-gate.ts). */
const REVERSAL_HELD: readonly string[] = ["00", "12", "25"];

/** A sale the card approved offline, uploaded on its own (0200, 3 = 000000, 60.1 = 36). */
function isIcOfflineSale(request: WireMessage): boolean {
	const f = request.fields;
	return (
		request.mti === IC_OFFLINE_SALE.mti &&
		f["3"] === IC_OFFLINE_SALE.processingCode &&
		f["60"]?.slice(0, 2) === IC_OFFLINE_SALE.typeCode
	);
}

export class AcquirerEngine {
	readonly #parts: EngineParts;

	constructor(parts: EngineParts) {
		this.#parts = parts;
	}

	get books(): AcquirerBooks {
		return this.#parts.books;
	}

	/** Beijing local date and time: MMDD, hhmmss, YYMM. */
	#local(): { date: string; time: string; yymm: string } {
		const iso = new Date(this.#parts.now() + BEIJING_OFFSET_MS).toISOString();
		return {
			date: iso.slice(5, 7) + iso.slice(8, 10),
			time: iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19),
			yymm: iso.slice(2, 4) + iso.slice(5, 7),
		};
	}

	/**
	 * Answers one request. `frame` is the whole frame it was decoded from (for the MAC); `override` comes
	 * from fault injection.
	 */
	handle(request: WireMessage, frame: Uint8Array, override?: EngineOverride): EngineAnswer {
		const forcedCode = override && "code" in override ? override.code : undefined;
		const f = request.fields;
		const terminal = this.#parts.config.terminals.find((t) => t.terminalId === f["41"]);
		const books = terminal ? this.#parts.books.terminals[terminal.terminalId] : undefined;
		const respond: Respond = (code, note, extra = [], mak) => {
			const { date, time } = this.#local();
			const fields: [number, FieldValue | undefined][] = ECHOED.map((n) => [Number(n), f[n]]);
			fields.push([12, time], [13, date], [32, this.#parts.config.institutionId], [39, code]);
			for (const [n, v] of extra) fields.push([Number(n), v]);
			const response = isoMessage(responseMti(request.mti), fields);
			return { response, note, ...(mak && carriesMac(request.mti) ? { mak } : {}) };
		};
		if (forcedCode !== undefined) {
			// A forced 0410 code that tells the terminal the host holds the reversal (00, 12, 25) is booked as
			// one, so the simulator's books never contradict its own signed answer.
			const booked = request.mti === "0400" && books && REVERSAL_HELD.includes(forcedCode) ? `; ${this.#reverse(request)}` : "";
			return respond(forcedCode, `forced response code ${forcedCode}${booked}`, [], books?.mak ? hexBytes(books.mak) : undefined);
		}
		const absent = REQUIRED.filter((n) => f[n] === undefined || (n === "60" && !/^[0-9]{8}/.test(f[n]!)));
		if (absent.length > 0) return respond("30", `format error: field ${absent.join(", ")} missing or short`);
		if (!terminal || !books) return respond("97", `terminal ${f["41"] ?? "(none)"} is not registered`);
		if (terminal.merchantId !== f["42"])
			return respond("03", `merchant ${f["42"] ?? "(none)"} is not terminal ${terminal.terminalId}'s`);
		const network = f["60"]?.slice(8, 11) ?? "";
		if (/^3[78][0-2]$/.test(network) && (request.mti === "0800") === !network.endsWith("2")) {
			const step = answerIcDownload(network, f["62"], this.#parts.config.icParams, books);
			return respond(step.code, step.note, step.field62 ? [["62", step.field62]] : []);
		}
		if (request.mti === "0800") return this.#signIn(request, terminal, books, respond);
		if (request.mti === "0820") {
			const code = network;
			if (code === "002") books.signedIn = false;
			return code === "002" || code === "301"
				? respond("00", code === "002" ? "signed off" : "echo")
				: respond("12", `0820 with 60.3 ${code}`);
		}
		if (!books.signedIn || !books.mak) return respond("22", "terminal is not signed in");
		const mak = hexBytes(books.mak);
		if (carriesMac(request.mti)) {
			const mac = f["64"];
			if (mac === undefined) return respond("A0", "request has no MAC");
			if (hex(unionPayMac(mak, frame.subarray(request.mtiAt, request.macAt))) !== mac)
				return respond("A0", "request MAC does not verify");
		}
		try {
			if (isIcOfflineSale(request)) {
				const booking = bookOfflineSale(request, this.#parts.books, { config: this.#parts.config, date: this.#local().date });
				return respond(booking.duplicate ? "94" : "00", booking.note, [["37", booking.rrn]], mak);
			}
			switch (request.mti) {
				case "0400":
					return respond("00", this.#reverse(request), [], mak);
				case "0500":
					return this.#settle(request, books, respond);
				case "0320": {
					const booking = bookBatchUpload(request, this.#parts.books, { config: this.#parts.config, date: this.#local().date });
					return respond("00", booking.note, booking.rrn ? [["37", booking.rrn]] : []);
				}
				default:
					return this.#financial({ request: clearTracks(request, books), terminal, books, mak, respond, override });
			}
		} catch (error) {
			if (error instanceof Decline) return respond(error.code, error.note, [...error.fields], error.code === "A0" ? undefined : mak);
			throw error;
		}
	}

	#signIn(request: WireMessage, terminal: TerminalConfig, books: TerminalBooks, respond: Respond): EngineAnswer {
		const f = request.fields;
		const keySet = f["60"]?.slice(8, 11);
		if (keySet !== "001" && keySet !== "003" && keySet !== "004") return respond("12", `sign-in with 60.3 ${keySet ?? "(none)"}`);
		const random = this.#parts.randomBytes;
		const double = keySet !== "001";
		const pik = random(double ? 16 : 8);
		// A single-length MAK in the 16-byte slot is sent as K|K: single DES and 2-key TDES then agree.
		const single = random(8);
		const mak = double ? new Uint8Array([...single, ...single]) : single;
		const tdk = keySet === "004" ? random(16) : undefined;
		const wrap = (key: Uint8Array): WrappedKey => ({ wrapped: tdesEcb(terminal.tmk, key, "encrypt"), checkValue: checkValue(key) });
		books.signedIn = true;
		books.batch = Math.max(books.batch, Number(f["60"]!.slice(2, 8)));
		books.pik = hex(pik);
		books.mak = hex(mak);
		if (tdk) books.tdk = hex(tdk);
		else delete books.tdk;
		const keys = formatSignInKeys({ pik: wrap(pik), mak: wrap(mak), ...(tdk ? { tdk: wrap(tdk) } : {}) });
		const batch = String(books.batch).padStart(6, "0");
		// Q/CUP 006 message header, digit 6: the processing requirement (4 update IC public keys, 5 IC parameters).
		const requirement = processingRequirement(this.#parts.config.icParams, books);
		const answer = respond("00", `signed in, key set ${keySet}, batch ${batch}, processing requirement ${requirement}`, [
			["60", `00${batch}${keySet}`],
			["62", keys],
		]);
		return { ...answer, header: request.header.slice(0, 5) + requirement + request.header.slice(6) };
	}

	#financial(call: FinancialCall): EngineAnswer {
		const { request, override } = call;
		const f = request.fields;
		const kind = transactionKindOf(request.mti, f["3"] ?? "", f["60"]?.slice(0, 2) ?? "");
		if (!kind) return decline("40", `no transaction is ${request.mti} / ${f["3"]} / 60.1 ${f["60"]?.slice(0, 2)}`);
		const chip = this.#chipAnswer(request, kind, override !== undefined && "badArpc" in override);
		if (!chip) return this.#decide(call, kind);
		try {
			const answer = this.#decide(call, kind);
			const code = String(answer.response.fields.get(39));
			return { ...answer, response: isoMessage(answer.response.mti, [...answer.response.fields, [55, chip(code)]]) };
		} catch (error) {
			if (error instanceof Decline) throw new Decline(error.code, error.note, [...error.fields, ["55", chip(error.code)]]);
			throw error;
		}
	}

	/**
	 * A chip request's issuer check (chip-issuer.ts): undefined for a request without field 55 (a chip sale,
	 * pre-auth or balance without one is declined 30); declines 30 (field 55 unreadable), 15 (no issuer keys for
	 * the card's range), A7 (the ARQC does not verify); otherwise the answer's field 55 for a response code.
	 */
	#chipAnswer(request: WireMessage, kind: TransactionKind, badArpc: boolean): ((code: string) => Uint8Array) | undefined {
		const f = request.fields;
		if (!chipEntry(f)) return undefined;
		if (f["55"] === undefined) return ARQC_KINDS.includes(kind) ? decline("30", `chip ${kind} without field 55`) : undefined;
		const chip = readChipRequest(f["55"]);
		if (typeof chip === "string") return decline("30", chip);
		const pan = f["2"] ?? f["35"]?.split("=")[0] ?? "";
		const config = this.#parts.config;
		const range = issuerKeysFor(config.chip, pan);
		if (!range) return decline("15", `no issuer keys for card range of ${pan.slice(0, 6)}`);
		const keys = cardKeys(range, pan, (f["23"] ?? "000").slice(-2), chip.atc);
		if (!keys) return decline("30", "PAN or card sequence number unusable for key derivation");
		// A7 安全处理失败 (security processing failed): the UnionPay code for a failed security check.
		if (!verifyArqc(keys, chip)) return decline("A7", `ARQC does not verify (ATC ${hex(chip.atc)})`);
		const account = config.accounts.find((a) => a.pan === pan);
		// A script may be for inserted cards or taps only (a tap's reaches the card on a second tap).
		const entry = f["22"]!.startsWith("07") ? "tap" : "insert";
		const scripts: IssuerScriptSpec[] = (account?.scripts ?? []).filter((s) => s.entry === undefined || s.entry === entry);
		if (account?.status === "blocked" && !scripts.some((s) => s.command === "application-block"))
			scripts.push({ template: 0x72, command: "application-block" });
		return (code) => issuerAnswer(config.chip, keys, chip, code, scripts, badArpc);
	}

	#decide({ request, terminal, books, mak, respond, override }: FinancialCall, kind: TransactionKind): EngineAnswer {
		const f = request.fields;
		const partialFen = override && "partialFen" in override ? override.partialFen : undefined;
		const batch = Number(f["60"]?.slice(2, 8) ?? books.batch);
		const stan = Number(f["11"]);
		const key = `${f["41"]}/${f["42"]}/${batch}/${stan}`;
		const state = this.#parts.books;
		if (state.seen[key]) return decline("94", `duplicate of ${key}`);
		state.seen[key] = true;
		const { pan, account } = cardAccount(request, this.#parts.config, this.#parts.books, this.#local().yymm);
		checkPin(request, terminal, pan, account, kind === "balance", this.#parts.books);
		const balances = state.accounts[pan]!;
		const requested = Number(f["4"] ?? "0");
		// Partial approval (39 = 10): only a sale or a pre-auth, never more than asked.
		const partial = partialFen !== undefined && (kind === "sale" || kind === "preauth") && partialFen < requested;
		const amount = partial ? partialFen : requested;
		const domestic = account.organisation === "CUP" || account.organisation === "000";
		const organisation: [string, FieldValue] = ["63", account.organisation];
		if (kind === "balance") {
			const available = formatBalance({
				accountType: "10",
				amountType: "02",
				currency: "156",
				amount: balances.balanceFen - balances.heldFen,
			});
			return respond("00", "balance", [["54", available], organisation], mak);
		}
		if (f["4"] === undefined || amount <= 0) decline("13", "invalid amount");
		let original: TransactionRecord | undefined;
		switch (kind) {
			case "sale":
			case "preauth":
				if (amount > account.limitFen) decline("61", "over the single-transaction limit");
				if (amount > balances.balanceFen - balances.heldFen) decline("51", "insufficient funds");
				if (kind === "sale") balances.balanceFen -= amount;
				else balances.heldFen += amount;
				break;
			case "sale-void":
			case "completion-void": {
				const [origBatch, origStan] = [Number(f["61"]?.slice(0, 6)), Number(f["61"]?.slice(6, 12))];
				const kinds: TransactionKind[] = kind === "sale-void" ? ["sale"] : ["preauth-completion", "preauth-completion-advice"];
				original = state.transactions.find(
					(t) => t.terminalId === f["41"] && t.batch === origBatch && t.stan === origStan && kinds.includes(t.kind),
				);
				if (!original || (f["37"] !== undefined && original.rrn !== f["37"]) || original.pan !== pan)
					decline("25", "original transaction not found");
				if (original!.status === "reversed" || original!.closedBy || original!.refundedFen > 0)
					decline("12", "original is reversed, voided or refunded");
				if (original!.batch !== batch) decline("12", "original is in another batch");
				if (amount !== original!.amountFen) decline("64", "amount differs from the original");
				balances.balanceFen += amount;
				original!.closedBy = "void";
				break;
			}
			case "refund": {
				original = state.transactions.find(
					(t) => t.rrn === f["37"] && t.merchantId === f["42"] && (t.kind === "sale" || t.kind === "preauth-completion"),
				);
				if (!original || original.pan !== pan || original.date !== f["61"]?.slice(12, 16))
					decline("25", "original transaction not found");
				if (original!.status === "reversed" || original!.closedBy) decline("12", "original is reversed or voided");
				if (original!.refundedFen + amount > original!.amountFen) decline("13", "refunds would exceed the original amount");
				balances.balanceFen += amount;
				original!.refundedFen += amount;
				break;
			}
			case "preauth-void":
			case "preauth-completion":
			case "preauth-completion-advice": {
				original = state.transactions.find(
					(t) => t.kind === "preauth" && t.authCode === f["38"] && t.pan === pan && t.merchantId === f["42"],
				);
				if (!original || original.status === "reversed") decline("25", "original pre-authorisation not found");
				if (original!.closedBy) decline("12", "pre-authorisation already voided or completed");
				balances.heldFen -= original!.amountFen;
				if (kind === "preauth-void") {
					if (amount !== original!.amountFen) {
						balances.heldFen += original!.amountFen;
						decline("64", "amount differs from the pre-authorisation");
					}
					original!.closedBy = "void";
					break;
				}
				if (amount > Math.floor((original!.amountFen * 115) / 100) || amount > balances.balanceFen - balances.heldFen) {
					balances.heldFen += original!.amountFen;
					decline(
						amount > balances.balanceFen - balances.heldFen ? "51" : "64",
						"completion amount not covered by the pre-authorisation",
					);
				}
				balances.balanceFen -= amount;
				original!.closedBy = "completion";
				break;
			}
		}
		const rrn = String(state.nextRrn++).padStart(12, "0");
		const authCode = String(state.nextAuth++).padStart(6, "0");
		const { date } = this.#local();
		state.transactions.push({
			terminalId: f["41"]!,
			merchantId: f["42"]!,
			batch,
			stan,
			kind,
			pan,
			amountFen: amount,
			rrn,
			authCode,
			date,
			domestic,
			status: "approved",
			refundedFen: 0,
			...(original ? { originalRrn: original.rrn } : {}),
		});
		const approvedAmount: [string, FieldValue][] = partial ? [["4", String(amount).padStart(12, "0")]] : [];
		return respond(
			partial ? "10" : "00",
			`${kind} approved${partial ? ` for ${amount} of ${requested}` : ""}`,
			[
				["15", date],
				["37", rrn],
				["38", kind === "preauth-void" || kind === "preauth-completion" ? f["38"] : authCode],
				organisation,
				// Q/CUP 006 field 44: issuer ID an11 + acquirer ID an11.
				["44", account.issuerId.padEnd(11, " ") + this.#parts.config.institutionId.padEnd(11, " ")],
				...approvedAmount,
			],
			mak,
		);
	}

	/** Q/CUP 006 reversal: find the original by 41 + 42 + 11 (+ batch), undo it once, answer 00 regardless. */
	#reverse(request: WireMessage): string {
		const f = request.fields;
		const state = this.#parts.books;
		const batch = Number(f["60"]?.slice(2, 8));
		const stan = Number(f["11"]);
		const original = state.transactions.find(
			(t) => t.terminalId === f["41"] && t.merchantId === f["42"] && t.stan === stan && t.batch === batch,
		);
		if (!original) return `reversal of ${stan}: original never approved, nothing to undo`;
		if (original.status === "reversed") return `reversal of ${stan}: already reversed`;
		const balances = state.accounts[original.pan]!;
		const linked = original.originalRrn ? state.transactions.find((t) => t.rrn === original.originalRrn) : undefined;
		switch (original.kind) {
			case "sale":
				balances.balanceFen += original.amountFen;
				break;
			case "preauth":
				balances.heldFen -= original.amountFen;
				break;
			case "sale-void":
			case "completion-void":
				balances.balanceFen -= original.amountFen;
				if (linked) delete linked.closedBy;
				break;
			case "refund":
				balances.balanceFen -= original.amountFen;
				if (linked) linked.refundedFen -= original.amountFen;
				break;
			case "preauth-void":
			case "preauth-completion":
			case "preauth-completion-advice":
				if (original.kind !== "preauth-void") balances.balanceFen += original.amountFen;
				if (linked) {
					balances.heldFen += linked.amountFen;
					delete linked.closedBy;
				}
				break;
			case "balance":
				break;
		}
		original.status = "reversed";
		return `reversed ${original.kind} ${stan}`;
	}

	/** The host's totals for one terminal's batch (field 48): approved, not reversed. */
	hostTotals(terminalId: string, batch: number): SettlementTotals {
		return hostBatchTotals(this.#parts.books, terminalId, batch);
	}

	#settle(request: WireMessage, books: TerminalBooks, respond: Respond): EngineAnswer {
		const f = request.fields;
		const theirs = f["48"];
		if (theirs === undefined || theirs.length !== 62) return decline("30", "field 48 is not 62 digits");
		const batch = Number(f["60"]!.slice(2, 8));
		const ours = this.hostTotals(f["41"]!, batch);
		const agrees = (c: CardClassTotals, s: string) =>
			s.slice(0, 30) === formatSettlementTotals({ domestic: c, foreign: c }).slice(0, 30);
		const domestic = agrees(ours.domestic, theirs.slice(0, 31));
		const foreign = agrees(ours.foreign, theirs.slice(31, 62));
		const answer: SettlementTotals = {
			domestic: { ...ours.domestic, reconciliation: domestic ? 1 : 2 },
			foreign: { ...ours.foreign, reconciliation: foreign ? 1 : 2 },
		};
		const key = `${f["41"]}/${batch}`;
		this.#parts.books.settlements.push({
			terminalId: f["41"]!,
			batch,
			balanced: { domestic, foreign },
			uploaded: this.#parts.books.uploads[key] ?? 0,
		});
		if (batch >= books.batch) books.batch = batch + 1;
		return respond(
			"00",
			`settlement of batch ${batch}: domestic ${domestic ? "balanced" : "not balanced"}, foreign ${foreign ? "balanced" : "not balanced"}`,
			[
				["15", this.#local().date],
				["48", formatSettlementTotals(answer)],
			],
		);
	}
}
