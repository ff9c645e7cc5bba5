// The named test cards used everywhere: the swipe synthesizer, the acquirer simulator, scripts and the browser
// simulator. Bank-card-like PANs that pass Luhn (62xxxx UnionPay BINs for domestic cards, a 4xxxxx Visa-like BIN
// for the foreign one), tracks laid out per ISO/IEC 7813 (tracks 1, 2) and ISO 4909 (track 3). Test data only:
// no real account. Platform-free.

export type TestCardName = "debit" | "credit" | "expired" | "lost" | "no-funds" | "chip" | "foreign";

export interface TestCard {
	readonly name: TestCardName;
	readonly pan: string;
	/** Track contents without sentinels or LRC (the synthesizer adds them). */
	readonly track1: string;
	readonly track2: string;
	readonly track3?: string;
	/** YYMM */
	readonly expiry: string;
	readonly serviceCode: string;
	/** The cardholder PIN the acquirer simulator verifies. */
	readonly pin: string;
	/** Track 1 name field as recorded (SURNAME/GIVEN). */
	readonly cardholderName: string;
	/** Issued under a domestic (UnionPay, 62) BIN. */
	readonly domestic: boolean;
	/** What the acquirer simulator's issuer holds for this card. */
	readonly account: {
		/** Available balance (or credit line) in fen. */
		readonly balanceFen: number;
		/** Reported lost: the issuer declines it (response code 41). */
		readonly lost: boolean;
	};
}

interface CardSpec {
	readonly pan: string;
	readonly name: string;
	readonly expiry: string;
	readonly serviceCode: string;
	readonly track3: boolean;
	readonly balanceFen: number;
	readonly lost?: boolean;
}

const TEN_THOUSAND_YUAN = 1_000_000;

// PANs chosen by hand, check digit computed (Luhn) and verified by test/portable/card/test-cards.test.ts.
const SPECS: Readonly<Record<TestCardName, CardSpec>> = {
	debit: {
		pan: "6222021234567890128",
		name: "ZHANG/SAN",
		expiry: "3012",
		serviceCode: "120",
		track3: true,
		balanceFen: TEN_THOUSAND_YUAN,
	},
	credit: {
		pan: "6258012345678909",
		name: "LI/SI",
		expiry: "2909",
		serviceCode: "101",
		track3: false,
		balanceFen: 5 * TEN_THOUSAND_YUAN,
	},
	expired: { pan: "6228487654321019", name: "WANG/WU", expiry: "2406", serviceCode: "120", track3: true, balanceFen: TEN_THOUSAND_YUAN },
	lost: {
		pan: "6227009988776655441",
		name: "ZHAO/LIU",
		expiry: "3103",
		serviceCode: "120",
		track3: true,
		balanceFen: TEN_THOUSAND_YUAN,
		lost: true,
	},
	"no-funds": { pan: "6216611234098763", name: "QIAN/QI", expiry: "2811", serviceCode: "120", track3: false, balanceFen: 0 },
	chip: { pan: "6226095555000111", name: "SUN/BA", expiry: "3106", serviceCode: "201", track3: true, balanceFen: TEN_THOUSAND_YUAN },
	foreign: {
		pan: "4111119876543212",
		name: "SMITH/JOHN",
		expiry: "2908",
		serviceCode: "101",
		track3: false,
		balanceFen: TEN_THOUSAND_YUAN,
	},
};

export const TEST_CARD_PIN = "123456";

function testCard(name: TestCardName, spec: CardSpec): TestCard {
	// Discretionary data: PVKI + PVV + CVV-like digits, different per card.
	const discretionary = `1${spec.pan.slice(-4)}${spec.pan.slice(6, 9)}`;
	const track2 = `${spec.pan}=${spec.expiry}${spec.serviceCode}${discretionary}`;
	const track1 = `B${spec.pan}^${spec.name}^${spec.expiry}${spec.serviceCode}${discretionary}000000`;
	// ISO 4909 layout as UnionPay cards carry it: format code 99, PAN, FS, country and currency 156, then use data.
	const track3 = `99${spec.pan}=156156000000000000000000000000001${spec.expiry}0000000000=000000000000`;
	return {
		name,
		pan: spec.pan,
		track1,
		track2,
		...(spec.track3 ? { track3 } : {}),
		expiry: spec.expiry,
		serviceCode: spec.serviceCode,
		pin: TEST_CARD_PIN,
		cardholderName: spec.name,
		domestic: spec.pan.startsWith("62"),
		account: { balanceFen: spec.balanceFen, lost: spec.lost === true },
	};
}

export const TEST_CARDS: Readonly<Record<TestCardName, TestCard>> = {
	debit: testCard("debit", SPECS.debit),
	credit: testCard("credit", SPECS.credit),
	expired: testCard("expired", SPECS.expired),
	lost: testCard("lost", SPECS.lost),
	"no-funds": testCard("no-funds", SPECS["no-funds"]),
	chip: testCard("chip", SPECS.chip),
	foreign: testCard("foreign", SPECS.foreign),
};

export const TEST_CARD_NAMES = Object.keys(TEST_CARDS) as readonly TestCardName[];
