// The terminal's side of a chip transaction for the kernel tests: UnionPay-like terminal parameters, a sale,
// a fixed random source, fake offline authenticators (the real one is another module's), the kernel run up
// to its first decision against a virtual card, and the issuer's answer with an ARPC computed under the
// card's issuer master key.

import { assert } from "./assert.js";
import { hex } from "./hex.js";
import { inserted, type InsertedCard } from "./virtual-chip.js";
import type { CardProfileJson } from "../../host-sim/chip/card-profile.js";
import { TEST_ISSUER_AC_KEY } from "../../host-sim/chip/profiles.js";
import type { CardFaults } from "../../host-sim/chip/virtual-card.js";
import type { RandomSource } from "../../hal/random.js";
import { err, ok } from "../../hal/result.js";
import { concatBytes } from "../../src/crypto/bytes.js";
import { startContact, type ContactTransaction, type KernelContext } from "../../src/emv/contact-kernel.js";
import { arpcMethod1 } from "../../src/emv/cryptograms.js";
import { iccMasterKey, pbocSessionKey } from "../../src/emv/icc-keys.js";
import type { OdaFailure, OdaMethod, OfflineAuthenticator } from "../../src/emv/offline-authentication.js";
import { buildCandidateList, chooseApplication, finalSelect } from "../../src/emv/selection.js";
import type { TerminalParameters, Transaction } from "../../src/emv/terminal-parameters.js";
import type { CardChannel } from "../../src/emv/transport.js";

/** UnionPay's usual action codes (default, denial, online) and a terminal that goes online; floor limit 0. */
export const PARAMS: TerminalParameters = {
	countryCode: hex("0156"),
	currencyCode: hex("0156"),
	terminalType: 0x22,
	capabilities: hex("E068C8"),
	additionalCapabilities: hex("6000F0A001"),
	applicationVersion: hex("0030"),
	ifdSerial: hex("3132333435363738"),
	onlineCapable: true,
	atm: false,
	floorLimit: 0,
	randomSelection: { threshold: 0, targetPercent: 0, maxTargetPercent: 0 },
	tacDenial: hex("0010000000"),
	tacOnline: hex("D84004F800"),
	tacDefault: hex("D84000A800"),
	contactless: { ttq: hex("36000000"), transactionLimit: 500000, floorLimit: 0, noCvmLimit: 100000 },
};

/** A sale of 1.00 yuan on 2026-12-07 (the card's date, not the wall clock). */
export const SALE: Transaction = {
	kind: "goods",
	amount: 100,
	otherAmount: 0,
	date: hex("261207"),
	time: hex("101500"),
	sequenceCounter: hex("00000001"),
	unpredictableNumber: hex("12345678"),
};

/** A random source that gives these bytes in turn (then repeats the last). */
export function fixedRandom(...bytes: number[]): RandomSource {
	let at = 0;
	return {
		fill(out: Uint8Array): void {
			for (let i = 0; i < out.length; i++) out[i] = bytes[Math.min(at++, bytes.length - 1)]!;
		},
	};
}

/** An authenticator whose methods succeed, or fail with `failure`; it records the methods it was asked for. */
export function fakeAuthenticator(failure?: OdaFailure, cdaFailure?: OdaFailure): OfflineAuthenticator & { asked: OdaMethod[] } {
	const asked: OdaMethod[] = [];
	return {
		asked,
		async authenticate(input) {
			asked.push(input.method);
			return failure === undefined ? ok({ method: input.method }) : err(failure);
		},
		verifyCda(input) {
			if (cdaFailure !== undefined) return err(cdaFailure);
			const ac = input.answer.find((o) => o.tag === 0x9f26);
			const cid = input.answer.find((o) => o.tag === 0x9f27);
			return ok({ cryptogram: ac!.value, cryptogramInformation: cid!.value[0]!, iccDynamicNumber: new Uint8Array(8) });
		},
	};
}

export function context(channel: CardChannel, over: Partial<KernelContext> = {}): KernelContext {
	return { channel, params: PARAMS, txn: SALE, authenticator: fakeAuthenticator(), random: fixedRandom(0x80), ...over };
}

/** The card inserted, its first application needing no confirmation selected, and the kernel started. */
export async function started(
	json: CardProfileJson,
	over: Partial<KernelContext> = {},
	faults: CardFaults = {},
): Promise<{ inserted: InsertedCard; transaction: ContactTransaction; ctx: KernelContext }> {
	const card = await inserted(json, faults);
	const list = await buildCandidateList(card.channel, "PSE", [{ aid: hex("A0000003330101"), partial: true }]);
	assert.ok(list.ok);
	const choice = chooseApplication(list.value, false);
	assert.ok(choice.ok && choice.value.kind === "selected");
	const app = await finalSelect(card.channel, choice.value.candidate);
	assert.ok(app.ok);
	const ctx = context(card.channel, over);
	const t = await startContact(ctx, app.value, choice.value.candidate.label ?? "");
	if (!t.ok) throw new Error(`startContact: ${t.error.kind}`);
	return { inserted: card, transaction: t.value, ctx };
}

/** The issuer's 91 (ARPC method 1 ‖ ARC) for an ARQC, under the card's PBOC session key on `atc`. */
export function issuerAuthentication(pan: string, psn: string, atc: Uint8Array, arqc: Uint8Array, arc: string): Uint8Array {
	const mk = iccMasterKey(hex(TEST_ISSUER_AC_KEY), pan, psn, "a");
	assert.ok(mk.ok);
	const code = Uint8Array.from(arc, (c) => c.charCodeAt(0));
	return concatBytes(arpcMethod1(pbocSessionKey(mk.value, atc), arqc, code), code);
}

/** Started, the online PIN entered (the virtual cards' CVM list asks it first), and the first decision taken. */
export async function decided(json: CardProfileJson, over: Partial<KernelContext> = {}) {
	const s = await started(json, over);
	assert.deepEqual(s.transaction.verifyCardholder(), { kind: "online-pin" });
	s.transaction.pinEntered("entered");
	return { ...s, first: await s.transaction.decide() };
}
