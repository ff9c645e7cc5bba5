// A chip transaction's IC data for the journal (issue 18): what its slip, a reprint and the TC upload need,
// taken from the kernel's end (ChipResult) and the request's field 55 (9F37 and 82, EMV 4.3 Book 3 Annex A).
// Never 57, 5A or PIN data (PCI DSS 3.2).

import type { ChipResult } from "../emv/outcome.js";
import { decodeTlv } from "../emv/tlv.js";
import type { TxnIcData } from "../journal/journal-entries.js";

/** The selected application as the flow keeps it. */
export interface ChipApplication {
	/** 84 / 4F. */
	readonly aid: Uint8Array;
	/** 50. */
	readonly label: string;
	/** 5F34 as two digits. */
	readonly psn?: string;
}

export function txnIcData(app: ChipApplication, requestField55: Uint8Array, end: ChipResult): TxnIcData {
	const tlv = decodeTlv(requestField55);
	const value = (tag: number) => (tlv.ok ? tlv.value.find((o) => o.tag === tag)?.value : undefined) ?? new Uint8Array(0);
	return {
		aid: app.aid,
		label: app.label,
		cryptogramType: end.cryptogramType,
		cryptogram: end.cryptogram,
		tvr: end.tvr,
		tsi: end.tsi,
		atc: end.atc,
		unpredictableNumber: value(0x9f37),
		aip: value(0x82),
		psn: app.psn ?? "",
		cvm: end.cvm,
		tcUploadField55: end.tcUploadField55 ?? new Uint8Array(0),
	};
}
