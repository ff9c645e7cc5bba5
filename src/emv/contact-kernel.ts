// The contact chip transaction from the selected application to its end (EMV 4.3 Book 3 §10, Book 4 §6.3;
// PBOC 3.0 JR/T 0025.5 §7): GET PROCESSING OPTIONS and the records, offline data authentication, processing
// restrictions, then — step by step, so the terminal's flow can enter an online PIN between them —
// cardholder verification, terminal risk management with terminal action analysis and the first GENERATE
// AC, and after the host's answer issuer authentication, the scripts and the second GENERATE AC.
//
//   const t = await startContact(ctx, selected, label);      // Result<ContactTransaction, KernelError>
//   let step = t.value.verifyCardholder();                    // { kind: "online-pin" } → PIN in the flow
//   if (step.kind === "online-pin") step = t.value.pinEntered("entered");
//   const first = await t.value.decide();                     // offline result, or online with field 55
//   const end = await t.value.complete({ kind: "answered", answer });   // ChipResult
//
// Public API: KernelContext, startContact, ContactTransaction.

import type { RandomSource } from "../../hal/random.js";
import { err, ok, type Result } from "../../hal/result.js";
import { defaultCryptogram, firstCryptogram, generateCryptogram, type AcAnswer, type CdaRequest } from "./action-analysis.js";
import { applicationName, ChipData, chipCard } from "./chip-data.js";
import { authenticateIssuer, isApproval, runScripts, ScriptResults, type OnlineResult } from "./completion.js";
import { CardholderVerification, type CvmOutcome, type CvmStep, type PinEntry } from "./cvm.js";
import { buildDolData, parseDol, type DolEntry } from "./dol.js";
import { buildField55, REVERSAL_TAGS, SALE_TAGS, TC_UPLOAD_TAGS } from "./field55.js";
import type { KernelError } from "./kernel-error.js";
import type { OdaSession, OfflineAuthenticator } from "./offline-authentication.js";
import { performOda } from "./oda-selection.js";
import type { ChipCard, ChipResult, FirstDecision } from "./outcome.js";
import { CONTACT_MANDATORY, initiateProcessing, readApplicationData } from "./processing.js";
import { checkRestrictions } from "./restrictions.js";
import { manageRisk } from "./risk-management.js";
import type { SelectedApplication } from "./selection.js";
import type { TerminalParameters, Transaction } from "./terminal-parameters.js";
import { terminalValue } from "./terminal-parameters.js";
import type { CardChannel } from "./transport.js";

export interface KernelContext {
	readonly channel: CardChannel;
	readonly params: TerminalParameters;
	readonly txn: Transaction;
	readonly authenticator: OfflineAuthenticator;
	/** The HAL random source, for random transaction selection. */
	readonly random: RandomSource;
}

function ascii(text: string): Uint8Array {
	return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function dolOf(bytes: Uint8Array | undefined): Result<DolEntry[], KernelError> {
	if (bytes === undefined) return ok([]);
	const parsed = parseDol(bytes);
	return parsed.ok ? parsed : err({ kind: "malformed", step: "READ RECORD", error: parsed.error });
}

/**
 * Book 3 §10.1–10.4: GPO with the PDOL data, the AFL records, offline data authentication (its outcome in
 * the TVR and TSI; CDA's signature is checked at GENERATE AC) and processing restrictions. `label` is the
 * name the cardholder chose (the candidate's label); the FCI's 50 when empty.
 */
export async function startContact(
	ctx: KernelContext,
	application: SelectedApplication,
	label = "",
): Promise<Result<ContactTransaction, KernelError>> {
	const terminal = (tag: number) => terminalValue(ctx.params, ctx.txn, tag);
	const pdol = dolOf(application.pdol);
	if (!pdol.ok) return pdol;
	const options = await initiateProcessing(ctx.channel, application.pdol, terminal);
	if (!options.ok) return options;
	const read = await readApplicationData(ctx.channel, options.value, CONTACT_MANDATORY);
	if (!read.ok) return read;
	// CDOL1 and CDOL2 must parse before the transaction goes on; GENERATE AC parses them again from the card's data.
	for (const tag of [0x8c, 0x8d]) {
		const dol = dolOf(read.value.data.get(tag));
		if (!dol.ok) return dol;
	}
	const data = new ChipData(read.value.data, application.aid, options.value.aip, ctx.params, ctx.txn);
	const session = await performOda(
		{
			aid: application.aid,
			aip: options.value.aip,
			capabilities: ctx.params.capabilities,
			card: read.value.data,
			records: read.value.odaRecords,
			channel: ctx.channel,
			terminal,
		},
		ctx.authenticator,
		data.v,
	);
	checkRestrictions(read.value.data, ctx.params, ctx.txn, data.v);
	const name = applicationName(application.fci, label);
	// Only CDA has ODA left to do (at GENERATE AC, with the PDOL data as sent): SDA's and DDA's keys and data go now.
	const cda = session?.method === "CDA" ? { oda: session, pdolData: buildDolData(pdol.value, terminal) } : undefined;
	return ok(new ContactTransaction(ctx, data, chipCard(read.value.data, application.aid, name, "contact"), cda));
}

/** What CDA's second half needs at GENERATE AC (Book 2 §6.6.2). */
interface CdaState {
	readonly oda: OdaSession;
	readonly pdolData: Uint8Array;
}

export class ContactTransaction {
	readonly card: ChipCard;
	readonly #ctx: KernelContext;
	readonly #data: ChipData;
	readonly #cdaState: CdaState | undefined;
	readonly #cvm: CardholderVerification;
	#cvmOutcome: CvmOutcome = "not-performed";
	#first?: AcAnswer;
	#completed = false;

	constructor(ctx: KernelContext, data: ChipData, card: ChipCard, cda: CdaState | undefined) {
		this.#ctx = ctx;
		this.#data = data;
		this.card = card;
		this.#cdaState = cda;
		this.#cvm = new CardholderVerification(data.card, ctx.params, ctx.txn, data.v);
	}

	/** TVR 95 and TSI 9B as they stand. */
	get tvr(): Uint8Array {
		return this.#data.v.tvr.slice();
	}

	get tsi(): Uint8Array {
		return this.#data.v.tsi.slice();
	}

	/** 9F34. */
	get cvmResults(): Uint8Array {
		return this.#data.cvmResults;
	}

	/** Book 3 §10.5: runs the CVM list up to an online PIN (the flow then calls pinEntered) or its end. */
	verifyCardholder(): CvmStep {
		return this.#cvmStep(this.#cvm.start(this.#data.aip));
	}

	/** The outcome of online PIN entry; the list goes on after a bypass or a PIN pad fault. */
	pinEntered(entry: PinEntry): CvmStep {
		return this.#cvmStep(this.#cvm.pinEntered(entry));
	}

	#cvmStep(step: CvmStep): CvmStep {
		this.#data.cvmResults = this.#cvm.results.slice();
		if (step.kind === "done") this.#cvmOutcome = step.outcome;
		return step;
	}

	#cda(): CdaRequest | undefined {
		const state = this.#cdaState;
		if (state === undefined || this.#data.v.has("cdaFailed")) return undefined;
		return {
			session: state.oda,
			authenticator: this.#ctx.authenticator,
			pdolData: state.pdolData,
			unpredictableNumber: this.#ctx.txn.unpredictableNumber,
		};
	}

	/**
	 * Book 3 §10.6–10.8: terminal risk management, terminal action analysis and GENERATE AC 1. A TC is an
	 * offline approval (Y1), an AAC an offline decline (Z1); an ARQC (or an EMV 4.1 referral) goes online with
	 * the sale's field 55 (a terminal that cannot go online then calls complete with "unable-to-go-online").
	 */
	async decide(): Promise<Result<FirstDecision, KernelError>> {
		const { channel, params } = this.#ctx;
		if (this.#first !== undefined) return err({ kind: "out-of-order", detail: "decide() a second time" });
		const risk = await manageRisk(
			{ channel, card: this.#data.card, params, txn: this.#ctx.txn, random: this.#ctx.random },
			this.#data.v,
		);
		if (!risk.ok) return risk;
		const requested = firstCryptogram(this.#data.v.tvr, this.#data.card, params);
		const cdol1 = dolOf(this.#data.card.get(0x8c));
		if (!cdol1.ok) return cdol1;
		const answer = await generateCryptogram(channel, requested, cdol1.value, this.#data.value, this.#data.v, this.#cda());
		if (!answer.ok) return answer;
		this.#data.v.done("cardRiskManagementPerformed");
		this.#data.ac = answer.value;
		this.#first = answer.value;
		if (answer.value.type === "TC") return ok({ kind: "offline", result: this.#result(answer.value, "Y1", false) });
		if (answer.value.type === "AAC") return ok({ kind: "offline", result: this.#result(answer.value, "Z1", false) });
		return ok({ kind: "online", field55: buildField55(SALE_TAGS, this.#data.value), arqc: answer.value.cryptogram });
	}

	/**
	 * Book 3 §10.9–10.11 after an online decision: issuer authentication (EXTERNAL AUTHENTICATE when AIP byte 1
	 * b3 says so and 91 came), the 71 scripts, GENERATE AC 2 (TC for an approval, AAC for a decline; without an
	 * answer the default action codes decide, 8A Y3 or Z3), then the 72 scripts. A card that has gone is a
	 * transport error: when the host approved, the flow reverses with `reversalField55()`.
	 */
	async complete(online: OnlineResult): Promise<Result<ChipResult, KernelError>> {
		const { channel, params } = this.#ctx;
		if (this.#first === undefined || this.#first.type === "TC" || this.#first.type === "AAC" || this.#completed)
			return err({ kind: "out-of-order", detail: "complete() without an online decision still open" });
		this.#completed = true;
		const results = new ScriptResults();
		let requested: "TC" | "AAC";
		let arc: string;
		let hostApproved = false;
		if (online.kind === "answered") {
			const { responseCode, issuerAuthenticationData, scripts = [] } = online.answer;
			arc = responseCode;
			hostApproved = isApproval(responseCode);
			requested = hostApproved ? "TC" : "AAC";
			if (issuerAuthenticationData !== undefined) {
				this.#data.issuerAuthenticationData = issuerAuthenticationData;
				if (this.#data.aip[0]! & 0x04) {
					const auth = await authenticateIssuer(channel, issuerAuthenticationData, this.#data.v);
					if (!auth.ok) return auth;
				}
			}
			const before = await runScripts(channel, scripts, 0x71, results, this.#data.v);
			this.#data.scriptResults = results.value();
			if (!before.ok) return before;
		} else {
			requested = defaultCryptogram(this.#data.v.tvr, this.#data.card, params);
			arc = requested === "TC" ? "Y3" : "Z3";
		}
		this.#data.arc = Uint8Array.from(arc, (c) => c.charCodeAt(0));
		const cda = requested === "TC" ? this.#cda() : undefined;
		const cdol2 = dolOf(this.#data.card.get(0x8d));
		if (!cdol2.ok) return cdol2;
		const answer = await generateCryptogram(channel, requested, cdol2.value, this.#data.value, this.#data.v, cda);
		if (!answer.ok) return answer;
		this.#data.ac = answer.value;
		if (online.kind === "answered") {
			const after = await runScripts(channel, online.answer.scripts ?? [], 0x72, results, this.#data.v);
			this.#data.scriptResults = results.value();
			if (!after.ok) return after;
		}
		return ok(this.#result(answer.value, arc, hostApproved && answer.value.type !== "TC"));
	}

	/** Field 55 of a reversal of this transaction, as things stand (Book 4 §6.3.9; UnionPay's reversal list). */
	reversalField55(): Uint8Array {
		return buildField55(REVERSAL_TAGS, this.#data.value);
	}

	#result(answer: AcAnswer, arc: string, reverse: boolean): ChipResult {
		this.#data.arc ??= ascii(arc);
		const approved = answer.type === "TC";
		return {
			decision: approved ? "approved" : "declined",
			cryptogramType: approved ? "TC" : "AAC",
			cryptogram: answer.cryptogram,
			authorisationCode: arc,
			tvr: this.tvr,
			tsi: this.tsi,
			atc: answer.atc,
			cvm: this.#cvmOutcome,
			advice: answer.advice,
			reverse,
			reversalField55: this.reversalField55(),
			...(approved ? { tcUploadField55: buildField55(TC_UPLOAD_TAGS, this.#data.value) } : {}),
			...(this.#data.scriptResults === undefined ? {} : { scriptResults: this.#data.scriptResults }),
		};
	}
}
