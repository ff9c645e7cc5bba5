// The crypto check (Moddable x-cli-lin, a headless XS program): reads a JSON CheckInput on stdin, runs every
// check on Moddable's native primitives and on the JavaScript ones, and prints one line per check. With
// `measure` in the input it then runs each measured operation in a loop between two calls of `mark()`, so
// callgrind (--dump-before=xs_cli_mark) gives the loop's instructions in the dump the line names.
// Built and run by test/node/device/crypto-check.test.ts and `npm run bench -- --instructions`.
// It also checks the device's native CRC-32 (native/crc32.c, the journal's checksum) against the JavaScript
// one, and measures the journal's recovery at boot on each, from a partition image handed in.

import Bin from "bin";
import { BlockCipher, Digest } from "crypt";
import { JS_PRIMITIVES, type CryptoPrimitives } from "../../../src/crypto/primitives.js";
import { DukptRegisters } from "../../../src/keys/dukpt-registers.js";
import { tdesDukptKsnWithCounter, tdesDukptScheme, tdesDukptTransactionKey, tdesDukptWorkingKey } from "../../../src/keys/tdes-dukpt.js";
import { unionPayMac } from "../../../src/mac/unionpay-mac.js";
import { encryptPinBlock } from "../../../src/pin/pin-block.js";
import { knownAnswerTests, runKnownAnswerTests } from "../../../src/secure/known-answer-tests.js";
import { moddablePrimitives, type CryptModule } from "../native-crypto.js";
import nativeCrc32 from "../native/crc32.js";
import { err, ok } from "../../../hal/result.js";
import type { Crc32, FlashPartition } from "../../../hal/storage.js";
import { crc32 } from "../../../src/journal/crc32.js";
import { Journal } from "../../../src/journal/journal.js";
import { input, print } from "../cli/cli.js";
import { measure as measureLoop } from "../cli/measure.js";
import { bytes, vectorChecks, type CheckInput } from "./checks.js";

interface Measure {
	/** The TDES DUKPT device the sale measurements use: its IPEK and initial KSN (hex). */
	readonly ipek: string;
	readonly initialKsn: string;
	/** PBKDF2 iterations of the measured password check. */
	readonly passwordIterations: number;
	/** Loop length of each measured operation. */
	readonly loops: number;
	/** A journal partition (base64) and the transactions its recovery must find. */
	readonly journal?: { readonly image: string; readonly sectorBytes: number; readonly transactions: number; readonly loops: number };
}

/** CRC-32 cases: bytes (hex), a range of them and its CRC, computed by zlib on the Node side. */
interface CrcCase {
	readonly data: string;
	readonly start: number;
	readonly end: number;
	readonly crc: number;
}

const request = JSON.parse(input()) as CheckInput & { readonly measure?: Measure; readonly crc32?: readonly CrcCase[] };

const crcs: readonly (readonly [string, Crc32])[] = [
	["native", nativeCrc32],
	["javascript", crc32],
];
for (const [impl, crc] of crcs) {
	const checkValue = Uint8Array.from("123456789", (c) => c.charCodeAt(0));
	print(`check\t${JSON.stringify({ impl, name: "CRC-32 check value", ok: crc(checkValue, 0, 9) === 0xcbf43926 })}`);
	for (const [n, c] of (request.crc32 ?? []).entries())
		print(`check\t${JSON.stringify({ impl, name: `zlib CRC-32 case ${n + 1}`, ok: crc(bytes(c.data), c.start, c.end) === c.crc })}`);
}

/** A journal partition image, read-only: recovery reads, it never writes. */
class ImageFlash implements FlashPartition {
	readonly byteLength: number;
	readonly sectorBytes: number;
	readonly #image: ArrayBuffer;

	constructor(image: ArrayBuffer, sectorBytes: number) {
		this.#image = image;
		this.byteLength = image.byteLength;
		this.sectorBytes = sectorBytes;
	}

	read(offset: number, length: number) {
		return ok(new Uint8Array(this.#image.slice(offset, offset + length)));
	}

	write() {
		return err({ kind: "io" as const, detail: "read-only image" });
	}

	eraseSector() {
		return err({ kind: "io" as const, detail: "read-only image" });
	}
}
const implementations: readonly (readonly [string, CryptoPrimitives])[] = [
	["native", moddablePrimitives({ BlockCipher, Digest, Bin })],
	["javascript", JS_PRIMITIVES],
];

for (const [impl, crypto] of implementations)
	for (const check of vectorChecks(crypto, request)) print(`check\t${JSON.stringify({ impl, ...check })}`);

const measure = (impl: string, name: string, loops: number, operation: () => void) => measureLoop({ impl, name }, loops, operation);

if (request.measure) {
	const { passwordIterations, loops } = request.measure;
	const initialKsn = bytes(request.measure.initialKsn);
	// 0x1FF800: the ten top counter bits, the most one-bits a TDES DUKPT counter may have (as test/bench/crypto.bench.ts).
	const ksn = tdesDukptKsnWithCounter(initialKsn, 0x1ff800);
	const ipek = bytes(request.measure.ipek);
	const pin = Uint8Array.of(1, 2, 3, 4, 5, 6);
	const pan = "6228480402564890018";
	const sale = new Uint8Array(165).map((_, i) => (i * 37) & 0xff);
	const fill = { fill: (out: Uint8Array) => out.fill(0xa5) };
	const block = new Uint8Array(16);
	const salt = new Uint8Array(16).fill(7);
	const password = Uint8Array.from("0000", (c) => c.charCodeAt(0));
	for (const [impl, crypto] of implementations) {
		const mak = crypto.tdes(ipek);
		/**
		 * What the element does for a sale on a TDES DUKPT slot before it answers: take the key (the counter moves
		 * on), PIN block, MAC. The keys that follow are derived after it has answered (settle, the next rows).
		 */
		const terminalSale = (registers: DukptRegisters) => {
			const key = registers.take()!;
			const cipher = crypto.tdes(tdesDukptWorkingKey(key, "pin", crypto));
			encryptPinBlock(cipher, 0, pin, pan, fill);
			cipher.wipe();
			key.fill(0);
			unionPayMac(mak, sale);
		};
		const scheme = tdesDukptScheme(initialKsn, crypto);
		// Registers as transactions 2… find them, a copy per call (set up outside the measured loop; `measure`
		// calls once more first, to warm up).
		const sequence = () => {
			const registers = DukptRegisters.load(scheme, ipek);
			registers.advance();
			return Array.from({ length: loops + 1 }, () => {
				const copy = DukptRegisters.restore(scheme, registers.save())!;
				registers.advance();
				return copy;
			});
		};
		const atWorst = () => [DukptRegisters.at(scheme, ipek, 0x100000), DukptRegisters.at(scheme, ipek, 0x100000)];
		const sales = sequence();
		measure(impl, `PIN block + MAC of a sale, terminal (DUKPT key taken; mean of transactions 2–${loops + 1})`, loops, () =>
			terminalSale(sales.shift()!),
		);
		// Counter 0x100000 is the dearest transaction: settling it derives 20 keys.
		const worst = atWorst();
		measure(impl, "PIN block + MAC of a sale, terminal, at counter 0x100000", 1, () => terminalSale(worst.shift()!));
		const taken = (registers: DukptRegisters) => {
			registers.take()!.fill(0);
			return registers;
		};
		const settling = sequence().map(taken);
		measure(
			impl,
			`after the sale: settle the registers (derive the keys that follow; mean of transactions 2–${loops + 1})`,
			loops,
			() => settling.shift()!.settle(),
		);
		const worstSettling = atWorst().map(taken);
		measure(impl, "after the sale: settle the registers at counter 0x100000 (20 keys derived)", 1, () =>
			worstSettling.shift()!.settle(),
		);
		// Its parts, to show where the time goes.
		const parts = sequence();
		measure(impl, "  part: DUKPT key taken", loops, () => parts.shift()!.take()!.fill(0));
		const pik = crypto.tdes(ipek);
		measure(impl, "  part: PIN block format 0", loops, () => encryptPinBlock(pik, 0, pin, pan, fill));
		measure(impl, "  part: UnionPay MAC over 165 bytes", loops, () => unionPayMac(mak, sale));
		measure(
			impl,
			"PIN block + MAC of a sale, host-side derivation (TDES DUKPT, 10 one-bits; UnionPay MAC over 165 bytes)",
			loops,
			() => {
				const key = tdesDukptWorkingKey(tdesDukptTransactionKey(ipek, ksn, crypto), "pin", crypto);
				const cipher = crypto.tdes(key);
				encryptPinBlock(cipher, 0, pin, pan, fill);
				cipher.wipe();
				unionPayMac(mak, sale);
			},
		);
		measure(impl, `verify a password (PBKDF2-HMAC-SHA256, ${passwordIterations} iterations)`, 1, () => {
			crypto.pbkdf2Sha256(password, salt, passwordIterations, 32);
		});
		const hmac = crypto.hmacSha256(salt);
		measure(impl, "HMAC-SHA256 of 32 bytes (one PBKDF2 iteration)", loops, () => {
			hmac.mac(salt, salt);
		});
		measure(impl, "TDES block (key schedule done)", loops, () => mak.encryptBlock(block, 0, block, 0));
		const aes = crypto.aes(ipek);
		measure(impl, "AES-128 block (key schedule done)", loops, () => aes.encryptBlock(block, 0, block, 0));
		// What the element also does per operation: a key schedule per key used (MAC, PIN, track), and the card
		// vault's AES-256 (the sale bench adds these per call; test/bench/sale.bench.ts).
		measure(impl, "TDES key schedule (16-byte key, made and wiped)", loops, () => crypto.tdes(ipek).wipe());
		const key256 = new Uint8Array(32).map((_, i) => ipek[i % ipek.length]! ^ i);
		measure(impl, "AES-256 key schedule (made and wiped)", loops, () => crypto.aes(key256).wipe());
		const aes256 = crypto.aes(key256);
		measure(impl, "AES-256 block (key schedule done)", loops, () => aes256.encryptBlock(block, 0, block, 0));
		const tests = knownAnswerTests(crypto);
		measure(impl, `boot self-test (${tests.length} known-answer tests)`, 1, () => {
			if (runKnownAnswerTests(tests) !== undefined) throw new Error("self-test failed");
		});
	}
	const journal = request.measure.journal;
	if (journal) {
		const image = (Uint8Array as unknown as { fromBase64(text: string): Uint8Array }).fromBase64(journal.image).buffer as ArrayBuffer;
		for (const [impl, crc] of crcs)
			measure(impl, `recover a journal of ${journal.transactions} transactions at boot (replay)`, journal.loops, () => {
				const opened = Journal.open(new ImageFlash(image, journal.sectorBytes), crc);
				if (!opened.ok || opened.value.journal.state.txns.size !== journal.transactions)
					throw new Error("recovery lost transactions");
			});
	}
}
print("done");
