// What `posterm <command> --help` prints: the usage line(s), every option with what it does, and an
// example that runs as written. test/node/cli-errors.test.ts checks that every option the usage and the
// example name is described.

export interface CommandHelp {
	readonly usage: string;
	/** [option or subcommand, what it does] */
	readonly options: readonly (readonly [string, string])[];
	readonly example: string;
}

const BOARD = ["--board NAME", "board description (posterm boards lists them; default posterm-s3)"] as const;
const LANG = ["--lang zh|en", "language of the screens (default zh)"] as const;

export const HELP: Readonly<Record<string, CommandHelp>> = {
	sim: {
		usage:
			"posterm sim [--board NAME] [--lang zh|en] [--port N] [--host-port N | --no-host] [--tui]\n" +
			'       posterm sim screenshot --out FILE.png [--board NAME] [--lang zh|en] [--keys "01 ENTER"] [--scale N] | --gallery DIR\n' +
			"       posterm sim script FILE.json",
		options: [
			BOARD,
			LANG,
			["--port N", "port of the browser page on 127.0.0.1 (default 8580)"],
			[
				"--host-port N",
				"port of the built-in acquirer simulator; the terminal signs in there (default 8583, or a free one if taken)",
			],
			["--no-host", "start no acquirer simulator: sign in to the one already on --host-port (a `posterm host`)"],
			["--tui", "the terminal in this console instead of the browser (keys: press h in it)"],
			["screenshot", "boot on a virtual clock with its own acquirer, press --keys, write the panel as PNG"],
			["--out FILE.png", "screenshot: where to write the PNG"],
			["--keys KEYS", "screenshot: keys to press, by name, separated by spaces (0-9 00 . ENTER CLEAR CANCEL MENU F1 F2 UP DOWN)"],
			["--scale N", "screenshot: enlarge 1..8 times"],
			["--gallery DIR", "screenshot: write every example screen of every board and language into DIR"],
			["script", "run a JSON script of keys, swipes, waits and faults; print its transcript (README: scripted sessions)"],
		],
		example: "posterm sim --tui --board posterm-mono",
	},
	crypto: {
		usage:
			"posterm crypto pinblock --format 0|1|3|4 --pin P --pan N [--key K] [--random HEX]\n" +
			"       posterm crypto dukpt --bdk K --ksn S [--aes] [--pin P --pan N] [--random HEX]\n" +
			"       posterm crypto mac --alg cup-ecb|x9.19|iso9797-1|iso9797-3|cmac --key K --data HEX [--pad 1|2|3]\n" +
			"       posterm crypto kcv --key K [--alg des|tdes|aes|sm4]\n" +
			"       posterm crypto signin-keys --tmk K --field62 HEX [--reveal]",
		options: [
			["--format 0|1|3|4", "pinblock: ISO 9564-1 format"],
			["--pin P", "the clear PIN (test PINs only)"],
			["--pan N", "the card number"],
			["--key K", "key in hex (pinblock: encipher under it; mac, kcv: the key)"],
			["--random HEX", "the random fill of formats 1, 3 and 4 (default: the OS random source)"],
			["--bdk K", "dukpt: base derivation key"],
			["--ksn S", "dukpt: key serial number"],
			["--aes", "dukpt: AES DUKPT (X9.24-3) instead of TDES"],
			["--alg A", "mac: cup-ecb, x9.19, iso9797-1, iso9797-3, cmac; kcv: des, tdes, aes, sm4"],
			["--data HEX", "mac: the message"],
			["--pad 1|2|3", "mac: ISO 9797-1 padding method"],
			["--tmk K", "signin-keys: terminal master key"],
			["--field62 HEX", "signin-keys: field 62 of the sign-in response"],
			["--reveal", "signin-keys: print the clear working keys"],
		],
		example: "posterm crypto kcv --key 0123456789ABCDEFFEDCBA9876543210",
	},
	boards: {
		usage: "posterm boards [NAME]",
		options: [["NAME", "print that board description as JSON (without: list the names)"]],
		example: "posterm boards posterm-mono",
	},
	emv: {
		usage:
			"posterm emv tlv decode HEX\n" +
			"       posterm emv arqc --imk HEX --pan DIGITS --psn NN --atc HHHH --data HEX [--mk-derivation a|b] [--session common|pboc|none]\n" +
			"       posterm emv arpc --imk HEX --pan DIGITS --psn NN --arqc HEX [--mk-derivation a|b] [--key session|icc-mk] [--atc HHHH] [--session common|pboc]\n" +
			"                        [--method 1 --arc HHHH | --method 2 --csu HEX [--pad HEX]]\n" +
			"       posterm emv read --card pboc-debit|pboc-credit|quickpass|FILE.json [--contactless] [--amount FEN] [--date YYMMDD] [--un HEX] [--fault F]…\n" +
			"       posterm emv oda --capk FILE --records HEX… [--oda N] [--aip HEX] [--aid HEX] [--date YYMMDD] [--sdad HEX --dynamic-data HEX]",
		options: [
			["tlv decode HEX", "print the BER-TLV objects (field 55, a card response) as a tree with tag names"],
			["arqc", "derive the keys and compute the application cryptogram over --data"],
			["arpc", "compute the issuer's response cryptogram"],
			["--imk HEX", "issuer master key for application cryptograms, 16 bytes (test keys only)"],
			["--pan DIGITS", "the card number (5A)"],
			["--psn NN", "PAN sequence number (5F34), two digits; 00 when the card has none"],
			["--mk-derivation a|b", "ICC master key derivation, EMV Book 2 A1.4 option A or B (B: PANs over 16 digits; default a)"],
			["--atc HHHH", "application transaction counter (9F36), for the session key"],
			["--session common|pboc|none", "session key: EMV common (R = ATC 000000000000), PBOC, or none (the ICC master key)"],
			["--data HEX", "arqc: the data the card MACs (the CDOL1 data and what the scheme adds)"],
			["--arqc HEX", "arpc: the 8-byte ARQC (9F26)"],
			["--key session|icc-mk", "arpc: under the session key (default) or the ICC master key"],
			["--method 1|2", "arpc: EMV Book 2 A1.2.1 (8 bytes, with --arc) or A1.2.2 (4 bytes, with --csu; default 1)"],
			["--arc HHHH", 'arpc method 1: authorisation response code (8A) as hex, e.g. 3030 for "00"'],
			["--csu HEX", "arpc method 2: card status update, 4 bytes"],
			["--pad HEX", "arpc method 2: proprietary authentication data, 0 to 8 bytes"],
			["read", "select, GPO and read the records of a virtual card (host-sim/chip) with the kernel of src/emv"],
			["--card NAME|FILE.json", "read: a built-in profile or a card profile file"],
			["--contactless", "read: tap it (PPSE) instead of inserting it (PSE)"],
			["--amount FEN", "read: 9F02 for the PDOL (default 1)"],
			["--date YYMMDD", "read: 9A for the PDOL; oda: the date certificates must not have expired by (default today)"],
			["--un HEX", "read: the unpredictable number 9F37, 4 bytes (default random)"],
			["--fault F", "read: mute, wrong-atr, refuse-pps, card-blocked, no-directory, remove-after=N (repeatable)"],
			["oda", "recover the issuer and ICC public keys from a card's records and check its signatures (EMV Book 2)"],
			["--capk FILE", 'oda: CA public keys, JSON [{"rid","index","modulus","exponent"}] in hex'],
			["--records HEX…", "oda: the card's records as READ RECORD gives them (70 templates)"],
			["--oda N", "oda: how many of the records, from the first, are signed static data (default 0)"],
			["--aip HEX", "oda: the AIP, signed after the records when 9F4A lists 82"],
			["--aid HEX", "oda: the application's AID, whose RID finds the CA key (default A000000333)"],
			["--sdad HEX", "oda: signed dynamic application data (9F4B) to check under the ICC key"],
			["--dynamic-data HEX", "oda: what the SDAD signs (DDA: the DDOL data; CDA: 9F37; fDDA: 9F37 9F02 5F2A 9F69)"],
		],
		example:
			"posterm emv arqc --imk 0123456789ABCDEFFEDCBA9876543210 --pan 6228480000000000018 --psn 01 --atc 0001 --data 00000000010000",
	},
	escpos: {
		usage: "posterm escpos render FILE.bin [--png OUT.png] [--text]",
		options: [
			["render FILE.bin", "run the byte stream through the printer emulator; the text goes to stdout"],
			["--png OUT.png", "also write the paper as an image"],
			["--text", "the text on stdout (always printed; accepted for clarity)"],
		],
		example: "posterm escpos render slip.bin --png slip.png",
	},
	host: {
		usage: "posterm host [--port N] [--config FILE.json] [--state FILE] [--quiet]",
		options: [
			["--port N", "listen on 127.0.0.1:N (default 8583; 0 picks a free port)"],
			["--config FILE.json", "terminals, cards and keys (default: the built-in test configuration)"],
			["--state FILE", "where the books persist (default .posterm/acquirer-state.json)"],
			["--quiet", "do not print each message"],
		],
		example: "posterm host --port 8584",
	},
	iso8583: {
		usage: "posterm iso8583 decode [FILE|-] [--mak HEX] [--mask]\n       posterm iso8583 encode FILE.json|- [--mak HEX]",
		options: [
			["decode", "a frame in hex (file or stdin) to JSON"],
			["encode", "JSON fields to a frame in hex"],
			["--mak HEX", "MAC key: verify (decode) or compute (encode) the MAC"],
			["--mask", "decode: mask the PAN and hide the tracks"],
		],
		example: "posterm iso8583 decode frame.hex --mask",
	},
	jig: {
		usage:
			"posterm jig --port DEVICE [--baud N] [--enter [--entry-key HEX]] [--plan FILE] [--station ID] [--operator NAME] [--serial SN] [--reports DIR] [--lock]\n" +
			"       posterm jig --sim [--board NAME] [--enter] [--fault F]… [same options]",
		options: [
			["--port DEVICE", "the unit's jig line (/dev/ttyUSB0, COM3)"],
			["--baud N", "line speed (default 115200)"],
			["--sim", "test a simulated unit instead"],
			BOARD,
			["--enter", "enter factory mode by answering the boot challenge (reset the unit)"],
			["--entry-key HEX", "the production entry key (default: the development key)"],
			["--fault F", "--sim: stuck-key=KEY, dead-region=X,Y,W,H, paper-out, noisy-head, tamper, mute-chip, nfc-silent (repeatable)"],
			["--plan FILE", "test plan JSON (default host-sim/jig/plans/default-plan.json)"],
			["--station ID", "station id in the report (default the host name)"],
			["--operator NAME", "operator in the report"],
			["--serial SN", "serial number to write if the unit has none"],
			["--reports DIR", "where <serial>.json goes (default jig-reports)"],
			["--lock", "lock a passing unit for production"],
		],
		example: "posterm jig --sim --fault paper-out --reports /tmp/reports",
	},
	swipe: {
		usage:
			"posterm swipe decode FILE…\n" +
			"       posterm swipe synth --track N --data '…' [--ips 20] [--accel 1] [--jitter 0] [--reverse] [--seed 1] [--json F] [--wav F]",
		options: [
			["decode FILE…", "decode JSON interval captures or WAV recordings"],
			["--track N", "synth: track 1, 2 or 3"],
			["--data TEXT", "synth: the track contents without sentinels"],
			["--ips N", "synth: swipe speed, inches per second"],
			["--accel N", "synth: speed at the end over speed at the start"],
			["--jitter N", "synth: timing jitter, percent"],
			["--displacement N", "synth: flux transitions displaced from their cells, percent"],
			["--reverse", "synth: swipe backwards"],
			["--seed N", "synth: random seed"],
			["--leading-zeros N", "synth: clocking zeros before the data (default 22)"],
			["--trailing-zeros N", "synth: clocking zeros after the data (default 22)"],
			["--spurious N", "synth: extra flux transitions (noise)"],
			["--missing N", "synth: dropped flux transitions"],
			["--sample-rate N", "synth: WAV sample rate, Hz"],
			["--speed-amplitude", "synth WAV: amplitude follows the swipe speed, as a head's does"],
			["--decay N", "synth WAV: amplitude at the end over amplitude at the start"],
			["--invert", "synth WAV: the head wired with the opposite polarity"],
			["--high-pass N", "synth WAV: AC coupling of the reader's input, corner in Hz"],
			["--dc N", "synth WAV: DC offset, in 16-bit sample units"],
			["--noise N", "synth WAV: noise amplitude, in 16-bit sample units"],
			["--json F", "synth: write the capture as JSON"],
			["--wav F", "synth: write the head signal as WAV"],
		],
		example: "posterm swipe synth --track 2 --data '6222021234567890128=30121200000000000' --json swipe.json",
	},
	version: {
		usage: "posterm version",
		options: [],
		example: "posterm version",
	},
};

export function helpText(name: string): string {
	const { usage, options, example } = HELP[name]!;
	const width = Math.max(0, ...options.map(([o]) => o.length));
	const rows = options.map(([o, what]) => `  ${o.padEnd(width)}  ${what}`).join("\n");
	return `usage: ${usage}\n${options.length ? `\noptions:\n${rows}\n` : ""}\nexample:\n  ${example}\n`;
}
