// The data objects the kernel and ISO 8583 field 55 use, by tag: the name of EMV 4.3 Book 3 Annex A (and
// of PBOC 3.0 / JR/T 0025 for the tags it adds), and the format, which decides how a DOL fits a value to a
// length (Book 3 §5.4). Tags not listed here are still decoded; they just have no name.
//
// Public API: DataFormat, TagInfo, tagInfo(tag).

import type { Tag } from "./tlv.js";

/** Book 3 §4.3: n = BCD numeric, cn = compressed numeric (F-padded), b = binary, a/an/ans = text. */
export type DataFormat = "n" | "cn" | "b" | "a" | "an" | "ans";

export interface TagInfo {
	readonly name: string;
	readonly format: DataFormat;
}

const TAGS: ReadonlyMap<Tag, TagInfo> = new Map<Tag, TagInfo>(
	(
		[
			// Templates (constructed)
			[0x61, "Application Template", "b"],
			[0x6f, "File Control Information (FCI) Template", "b"],
			[0x70, "READ RECORD Response Message Template", "b"],
			[0x71, "Issuer Script Template 1", "b"],
			[0x72, "Issuer Script Template 2", "b"],
			[0x77, "Response Message Template Format 2", "b"],
			[0xa5, "File Control Information (FCI) Proprietary Template", "b"],
			[0xbf0c, "File Control Information (FCI) Issuer Discretionary Data", "b"],
			// Card data
			[0x4f, "Application Identifier (AID) - card", "b"],
			[0x50, "Application Label", "ans"],
			[0x57, "Track 2 Equivalent Data", "b"],
			[0x5a, "Application Primary Account Number (PAN)", "cn"],
			[0x5f20, "Cardholder Name", "ans"],
			[0x5f24, "Application Expiration Date", "n"],
			[0x5f25, "Application Effective Date", "n"],
			[0x5f28, "Issuer Country Code", "n"],
			[0x5f2d, "Language Preference", "an"],
			[0x5f30, "Service Code", "n"],
			[0x5f34, "Application Primary Account Number (PAN) Sequence Number", "n"],
			[0x80, "Response Message Template Format 1", "b"],
			[0x82, "Application Interchange Profile", "b"],
			[0x84, "Dedicated File (DF) Name", "b"],
			[0x86, "Issuer Script Command", "b"],
			[0x87, "Application Priority Indicator", "b"],
			[0x88, "Short File Identifier (SFI)", "b"],
			[0x8a, "Authorisation Response Code", "an"],
			[0x8c, "Card Risk Management Data Object List 1 (CDOL1)", "b"],
			[0x8d, "Card Risk Management Data Object List 2 (CDOL2)", "b"],
			[0x8e, "Cardholder Verification Method (CVM) List", "b"],
			[0x8f, "Certification Authority Public Key Index", "b"],
			[0x90, "Issuer Public Key Certificate", "b"],
			[0x91, "Issuer Authentication Data", "b"],
			[0x92, "Issuer Public Key Remainder", "b"],
			[0x93, "Signed Static Application Data", "b"],
			[0x94, "Application File Locator (AFL)", "b"],
			[0x95, "Terminal Verification Results", "b"],
			[0x9a, "Transaction Date", "n"],
			[0x9b, "Transaction Status Information", "b"],
			[0x9c, "Transaction Type", "n"],
			[0x9f02, "Amount, Authorised (Numeric)", "n"],
			[0x9f03, "Amount, Other (Numeric)", "n"],
			[0x9f06, "Application Identifier (AID) - terminal", "b"],
			[0x9f07, "Application Usage Control", "b"],
			[0x9f08, "Application Version Number - card", "b"],
			[0x9f09, "Application Version Number - terminal", "b"],
			[0x9f0d, "Issuer Action Code - Default", "b"],
			[0x9f0e, "Issuer Action Code - Denial", "b"],
			[0x9f0f, "Issuer Action Code - Online", "b"],
			[0x9f10, "Issuer Application Data", "b"],
			[0x9f11, "Issuer Code Table Index", "n"],
			[0x9f12, "Application Preferred Name", "ans"],
			[0x9f13, "Last Online Application Transaction Counter (ATC) Register", "b"],
			[0x9f14, "Lower Consecutive Offline Limit", "b"],
			[0x9f15, "Merchant Category Code", "n"],
			[0x9f16, "Merchant Identifier", "ans"],
			[0x9f17, "Personal Identification Number (PIN) Try Counter", "b"],
			[0x9f1a, "Terminal Country Code", "n"],
			[0x9f1c, "Terminal Identification", "an"],
			[0x9f1e, "Interface Device (IFD) Serial Number", "an"],
			[0x9f21, "Transaction Time", "n"],
			[0x9f23, "Upper Consecutive Offline Limit", "b"],
			[0x9f26, "Application Cryptogram", "b"],
			[0x9f27, "Cryptogram Information Data", "b"],
			[0x9f32, "Issuer Public Key Exponent", "b"],
			[0x9f33, "Terminal Capabilities", "b"],
			[0x9f34, "Cardholder Verification Method (CVM) Results", "b"],
			[0x9f35, "Terminal Type", "n"],
			[0x9f36, "Application Transaction Counter (ATC)", "b"],
			[0x9f37, "Unpredictable Number", "b"],
			[0x9f38, "Processing Options Data Object List (PDOL)", "b"],
			[0x9f40, "Additional Terminal Capabilities", "b"],
			[0x9f41, "Transaction Sequence Counter", "n"],
			[0x9f42, "Application Currency Code", "n"],
			[0x9f44, "Application Currency Exponent", "n"],
			[0x9f45, "Data Authentication Code", "b"],
			[0x9f46, "ICC Public Key Certificate", "b"],
			[0x9f47, "ICC Public Key Exponent", "b"],
			[0x9f48, "ICC Public Key Remainder", "b"],
			[0x9f49, "Dynamic Data Authentication Data Object List (DDOL)", "b"],
			[0x9f4a, "Static Data Authentication Tag List", "b"],
			[0x9f4b, "Signed Dynamic Application Data", "b"],
			[0x9f4c, "ICC Dynamic Number", "b"],
			[0x9f4d, "Log Entry", "b"],
			[0x9f4e, "Merchant Name and Location", "ans"],
			[0x9f53, "Transaction Category Code", "an"],
			[0x9f18, "Issuer Script Identifier", "b"],
			[0x9f5b, "Issuer Script Results", "b"],
			[0x5f2a, "Transaction Currency Code", "n"],
			[0x5f36, "Transaction Currency Exponent", "n"],
			// PBOC 3.0 (JR/T 0025) and qPBOC additions
			[0x9f5d, "Available Offline Spending Amount", "b"],
			[0x9f63, "Card Product Identification Information", "b"],
			[0x9f66, "Terminal Transaction Qualifiers (TTQ)", "b"],
			[0x9f6c, "Card Transaction Qualifiers (CTQ)", "b"],
			[0x9f74, "Electronic Cash Issuer Authorisation Code", "a"],
			[0x9f77, "Electronic Cash Balance Limit", "n"],
			[0x9f78, "Electronic Cash Single Transaction Limit", "n"],
			[0x9f79, "Electronic Cash Balance", "n"],
			[0xdf31, "Issuer Script Results", "b"],
		] as const
	).map(([tag, name, format]) => [tag, { name, format }]),
);

export function tagInfo(tag: Tag): TagInfo | undefined {
	return TAGS.get(tag);
}
