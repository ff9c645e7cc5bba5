// The seam between the kernel and offline data authentication (EMV 4.3 Book 3 §10.3, Book 2 §5–6; JR/T
// 0025.12 for the quick-pass fDDA). The kernel chooses the method from the AIP and the terminal's capabilities
// (CDA before DDA before SDA), asks an OfflineAuthenticator to perform it, and sets TVR byte 1 and TSI byte 1
// from the outcome; for CDA the second half runs on the GENERATE AC answer.
//
// Public API: OdaMethod, CaPublicKey, CaPublicKeys, RsaPublicKey, OdaFailure, OdaInput, OdaSession, CdaInput,
// CdaResult, OfflineAuthenticator.

import type { Result } from "../../hal/result.js";
import type { CardData } from "./card-data.js";
import type { DolValueSource } from "./dol.js";
import type { KernelError } from "./kernel-error.js";
import type { Tag, Tlv } from "./tlv.js";
import type { CardChannel } from "./transport.js";

export type OdaMethod = "SDA" | "DDA" | "CDA" | "fDDA";

/** A certification authority public key (Book 2 §5.1, Annex B2), as the acquirer's key download gives it. */
export interface CaPublicKey {
	/** The registered application provider identifier: the AID's first 5 bytes. */
	readonly rid: Uint8Array;
	/** 8F. */
	readonly index: number;
	readonly modulus: Uint8Array;
	/** 3 or 65537, big-endian. */
	readonly exponent: Uint8Array;
}

export interface CaPublicKeys {
	find(rid: Uint8Array, index: number): CaPublicKey | undefined;
}

export interface RsaPublicKey {
	readonly modulus: Uint8Array;
	readonly exponent: Uint8Array;
}

/** Why authentication failed; each sets the method's "failed" bit in TVR byte 1 (Book 3 §10.3, Annex C5). */
export type OdaFailure =
	/** Data the method needs is absent (8F, 90, 92, 93, 9F32, 9F46, 9F47, 9F4B…): also TVR byte 1 b6, ICC data missing. */
	| { readonly kind: "missing-data"; readonly tags: readonly Tag[] }
	/** The terminal holds no CA key with this RID and index (Book 2 §5.2). */
	| { readonly kind: "ca-key-unknown"; readonly index: number }
	/** The issuer public key certificate fails a check of Book 2 §5.3 / §6.3 step `step`. */
	| { readonly kind: "issuer-certificate"; readonly step: number; readonly detail: string }
	/** The ICC public key certificate fails a check of Book 2 §6.4. */
	| { readonly kind: "icc-certificate"; readonly step: number; readonly detail: string }
	/** The signed static or dynamic application data fails a check of Book 2 §5.4, §6.5 or §6.6. */
	| { readonly kind: "signature"; readonly step: number; readonly detail: string }
	/** INTERNAL AUTHENTICATE failed at the card or the reader (Book 3 §6.5.9). */
	| { readonly kind: "card"; readonly error: KernelError };

export interface OdaInput {
	readonly method: OdaMethod;
	/** The selected application's AID; its first 5 bytes are the RID. */
	readonly aid: Uint8Array;
	readonly data: CardData;
	/**
	 * The static data to authenticate (Book 3 §10.3): the ODA records as readApplicationData gives them,
	 * concatenated, followed by the AIP when the static data authentication tag list (9F4A) names 82.
	 */
	readonly staticData: Uint8Array;
	/** For DDA's INTERNAL AUTHENTICATE (Book 3 §6.5.9). */
	readonly channel: CardChannel;
	/** The terminal's data objects, for the DDOL (9F49, or the default DDOL) and fDDA's 9F37, 9F02, 5F2A. */
	readonly terminal: DolValueSource;
}

/** What the kernel keeps after authenticate(): for CDA, the ICC key the GENERATE AC answer is checked with. */
export interface OdaSession {
	readonly method: OdaMethod;
	readonly iccKey?: RsaPublicKey;
	/** 9F4C from DDA's or fDDA's signed dynamic data (the ICC dynamic number). */
	readonly iccDynamicNumber?: Uint8Array;
	/** 9F45 from SDA's signed static data. */
	readonly dataAuthenticationCode?: Uint8Array;
}

/** The inputs of CDA's check of one GENERATE AC answer (Book 2 §6.6.2). */
export interface CdaInput {
	readonly session: OdaSession;
	/** The GENERATE AC answer's objects in the order received (template 77 children). */
	readonly answer: readonly Tlv[];
	/** The values sent with GET PROCESSING OPTIONS (the PDOL data, without 83 and its length). */
	readonly pdolData: Uint8Array;
	/** The values sent with this GENERATE AC (CDOL1 or CDOL2 data). */
	readonly cdolData: Uint8Array;
	/** 9F37 as sent in this GENERATE AC's CDOL data. */
	readonly unpredictableNumber: Uint8Array;
}

export interface CdaResult {
	/** 9F26, recovered from the signed dynamic data. */
	readonly cryptogram: Uint8Array;
	/** 9F27. */
	readonly cryptogramInformation: number;
	readonly iccDynamicNumber: Uint8Array;
}

export interface OfflineAuthenticator {
	/** SDA, DDA, fDDA, or CDA's key recovery before GENERATE AC. */
	authenticate(input: OdaInput): Promise<Result<OdaSession, OdaFailure>>;
	/** CDA's second half: the signed dynamic data (9F4B) of one GENERATE AC answer. */
	verifyCda(input: CdaInput): Result<CdaResult, OdaFailure>;
}
