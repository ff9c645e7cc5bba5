// The desktop simulator's stand-in for embedded:io/serial answers as an ESC/POS printer (DLE EOT status,
// GS a automatic status, GS r 1 after the copy) and reports paper end once the mcsim device's paper switch
// says the paper is out ({"paper":false} through screen.onMessage).

import { strict as assert } from "node:assert";
import { simulatorScreenPerTest } from "./support/simulator-screen.js";

interface SerialPort {
	read(): ArrayBuffer | undefined;
	write(bytes: Uint8Array): void;
}
interface SerialClass {
	new (options: { port: number; baud: number; onReadable?: (count: number) => void; onWritable?: (count: number) => void }): SerialPort;
}
// Typed against Moddable's typings (device/moddable/tsconfig.json): loaded by path.
const serialPath: string = "../../device/moddable/sim/serial.js";
const { default: Serial } = (await import(serialPath)) as { default: SerialClass };

const answered = (port: SerialPort) => [...new Uint8Array(port.read() ?? new ArrayBuffer(0))];

describe("mcsim's serial stand-in as an ESC/POS printer", () => {
	const screen = simulatorScreenPerTest();

	it("answers DLE EOT 1/2/4 and GS r 1 as a ready printer with paper, and signals the answer", async () => {
		let readable = 0;
		const port = new Serial({
			port: 1,
			baud: 115200,
			onReadable: (count) => {
				readable = count;
			},
		});
		port.write(Uint8Array.of(0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04));
		port.write(Uint8Array.of(0x04, 0x41, 0x42, 0x1d, 0x72, 0x01));
		await Promise.resolve();
		assert.equal(readable, 4);
		assert.deepEqual(answered(port), [0x16, 0x12, 0x12, 0x00]);
	});

	it("reports paper end when the paper is out, by DLE EOT and by GS a, and never answers GS r 1", async () => {
		const port = new Serial({ port: 1, baud: 115200 });
		port.write(Uint8Array.of(0x1d, 0x61, 0x0e));
		assert.deepEqual(answered(port), [0x10, 0x00, 0x00, 0x00]);
		screen.post({ paper: false });
		assert.deepEqual(answered(port), [0x18, 0x00, 0x0c, 0x00]);
		port.write(Uint8Array.of(0x10, 0x04, 0x04, 0x1d, 0x72, 0x01));
		assert.deepEqual(answered(port), [0x72]);
	});

	it("does not answer bytes that are not a status request (the jig line)", () => {
		const port = new Serial({ port: 0, baud: 115200 });
		port.write(new TextEncoder().encode("posterm jig hello\r\n"));
		assert.equal(port.read(), undefined);
	});
});
