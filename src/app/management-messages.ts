// Management messages (0800/0820, UnionPay Q/CUP 006 签到/签退/回响测试): the daily sign-in that loads the
// working keys, sets the clock and the batch; the sign-off; the echo test. They move no money: a failure
// has nothing to undo.

import { err, ok, type Result } from "../../hal/result.js";
import { KEY_SLOTS } from "../../hal/secure-element.js";
import type { IsoMessage } from "../iso8583/iso-message.js";
import type { TerminalContext } from "../iso8583/requests.js";
import { parseManagementResponse, parseSignInResponse } from "../iso8583/responses.js";
import type { Stan } from "../journal/journal-entries.js";
import { localDateTime, localDay } from "../time/local-time.js";
import { clockAfterSignIn } from "./day-change.js";
import { loadIcParameters, type IcParameterSet } from "../params/ic-param-store.js";
import { echoRequest, signInRequest, signOffRequest } from "./draft-request.js";
import { downloadIcParameters, type IcDownloadFailure } from "./ic-param-download.js";
import { badResponse, linkFailure, type OnlineParts } from "./host-channel.js";
import { declined, type Declined, type OnlineFailure } from "./online-failure.js";
import type { ReversalGate } from "./reversal-gate.js";

/** What became of the IC parameters at sign-in: kept as stored, downloaded anew, or a failed download (old set kept). */
export type IcParameterOutcome =
	| { readonly kind: "kept" }
	| { readonly kind: "downloaded"; readonly set: IcParameterSet }
	| { readonly kind: "failed"; readonly error: IcDownloadFailure };

/** Q/CUP 006 message header, digit 6 (the processing requirement): 4 update the IC public keys, 5 the IC parameters. */
const PROCESSING_REQUIREMENT_AT = 5;

export class ManagementMessages {
	readonly #parts: OnlineParts;
	readonly #gate: ReversalGate;
	/** The stored IC parameters as last read (undefined inside: none stored, or damaged); absent: not read yet. */
	#held: { readonly set: IcParameterSet | undefined } | undefined;

	constructor(parts: OnlineParts, gate: ReversalGate) {
		this.#parts = parts;
		this.#gate = gate;
	}

	/**
	 * 0800 sign-in: working keys into the secure element, host date/time into the clock, the batch number.
	 * Not gated by an owed reversal: a reversal the host refuses for stale keys (A0) needs the new MAK.
	 * Then the IC parameter download, when the answer's header asks for it or the terminal holds no set; its
	 * failure does not undo the sign-in (the stored set stays as it was, and the outcome says why).
	 */
	async signIn(operator: string): Promise<Result<{ batch: number; icParameters: IcParameterOutcome }, OnlineFailure | Declined>> {
		const { channel, journal, writer } = this.#parts;
		const stan = writer.nextStan();
		if (!stan.ok) return stan;
		const answer = await channel.link().exchange(signInRequest(channel.context(operator), stan.value, channel.params.trackEncryption));
		if (!answer.ok) return err(linkFailure(answer.error));
		const response = parseSignInResponse(answer.value.response);
		if (!response.ok) return err(badResponse(response.error.detail));
		if (response.value.responseCode !== "00") return err(declined(response.value.responseCode));
		const { secure, clock } = channel.hal;
		const tmk = secure.key(KEY_SLOTS.tmk, "kek");
		if (!tmk.ok) return err({ kind: "keys", error: tmk.error });
		const field62 = answer.value.response.fields.get(62);
		if (!(field62 instanceof Uint8Array)) return err(badResponse("field 62 missing"));
		const loaded = secure.loadWorkingKeys(tmk.value, field62);
		if (!loaded.ok) return err({ kind: "keys", error: loaded.error });
		const offset = channel.params.utcOffsetMinutes;
		const { counters, state } = journal;
		if (response.value.date && response.value.time) {
			const hostMs = hostTimeMs(clock.nowMs(), response.value.date, response.value.time, offset);
			const setTo = clockAfterSignIn(clock.nowMs(), hostMs, offset, state.txns.size > 0);
			if (setTo !== clock.nowMs()) clock.setNowMs(setTo);
		}
		// The batch is set by sign-in, but a batch keeps its number until its settlement is finished.
		const renumber = response.value.batch > 0 && state.txns.size === 0 && !state.settlement;
		const batch = renumber ? response.value.batch : counters.batch;
		const saved = writer.signedIn(batch, localDay(clock.nowMs(), offset));
		if (!saved.ok) return saved;
		const requirement = answer.value.responseFrame.header.charAt(PROCESSING_REQUIREMENT_AT);
		return ok({ batch, icParameters: await this.#icParameters(operator, requirement) });
	}

	/**
	 * The IC parameters the acquirer's download stored (AIDs, CA keys with their check values verified), for
	 * the card reads: read from storage at the sign-in (again after a download) or at the first use, not at
	 * each card; undefined before the first download or when the stored set is damaged.
	 */
	icParameters(): IcParameterSet | undefined {
		if (this.#held === undefined) {
			const stored = loadIcParameters(this.#parts.channel.hal.storage.records);
			this.#held = { set: stored.ok ? stored.value : undefined };
		}
		return this.#held.set;
	}

	async #icParameters(operator: string, requirement: string): Promise<IcParameterOutcome> {
		this.#held = undefined;
		const stored = this.icParameters();
		// One header digit names one list, but both may have changed: either request renews the whole set.
		if (requirement !== "4" && requirement !== "5" && stored !== undefined) return { kind: "kept" };
		const downloaded = await downloadIcParameters(this.#parts, operator);
		// What the download stored (or, when it failed, what is left) is read back for the card reads.
		this.#held = undefined;
		this.icParameters();
		return downloaded.ok ? { kind: "downloaded", set: downloaded.value } : { kind: "failed", error: downloaded.error };
	}

	async signOff(operator: string): Promise<Result<void, OnlineFailure | Declined>> {
		const { writer } = this.#parts;
		const gate = await this.#gate.pass();
		if (!gate.ok) return gate;
		const answer = await this.#exchange(operator, signOffRequest);
		if (!answer.ok) return answer;
		return writer.signInDue();
	}

	echo(operator: string): Promise<Result<void, OnlineFailure | Declined>> {
		return this.#exchange(operator, echoRequest);
	}

	async #exchange(
		operator: string,
		build: (c: TerminalContext, stan: Stan) => IsoMessage,
	): Promise<Result<void, OnlineFailure | Declined>> {
		const { channel, writer } = this.#parts;
		const stan = writer.nextStan();
		if (!stan.ok) return stan;
		const answer = await channel.link().exchange(build(channel.context(operator), stan.value));
		if (!answer.ok) return err(linkFailure(answer.error));
		const response = parseManagementResponse(answer.value.response);
		if (!response.ok) return err(badResponse(response.error.detail));
		return response.value.responseCode === "00" ? ok() : err(declined(response.value.responseCode));
	}
}

/** The UTC ms of the host's local date MMDD and time hhmmss (fields 13 and 12), in the year nearest to `nowMs`. */
export function hostTimeMs(nowMs: number, mmdd: string, hhmmss: string, offsetMinutes: number): number {
	const local = localDateTime(nowMs, offsetMinutes);
	const at = (year: number) =>
		Date.UTC(
			year,
			Number(mmdd.slice(0, 2)) - 1,
			Number(mmdd.slice(2, 4)),
			Number(hhmmss.slice(0, 2)),
			Number(hhmmss.slice(2, 4)),
			Number(hhmmss.slice(4, 6)),
		) -
		offsetMinutes * 60_000;
	const candidates = [local.year - 1, local.year, local.year + 1].map(at);
	return candidates.reduce((best, c) => (Math.abs(c - nowMs) < Math.abs(best - nowMs) ? c : best));
}
