// Stand-in for embedded:io/serial in Moddable's desktop simulator, whose own serial opens host tty devices by
// name. Every port takes every byte at once and answers as an ESC/POS printer with paper would (Epson ESC/POS
// reference): DLE EOT n with its status byte, GS a with an automatic status block, GS r 1 with the paper
// sensor byte once everything before it is "printed". The simulator device's paper switch (device/mcsim)
// posts {"paper":false} / {"paper":true} through screen.onMessage; without paper the printer reports paper
// end and prints nothing. Nothing but a printer sends DLE EOT or GS r, so the jig port never answers.

const ROOM = 1024;
const DLE = 0x10,
	EOT = 0x04,
	GS = 0x1d;

/** The ECMA-419 serial options (the stand-in uses onReadable and onWritable). */
interface SerialOptions {
	readonly port: number;
	readonly baud: number;
	readonly transmit?: number;
	readonly receive?: number;
	readonly flowControl?: "hardware" | "none";
	readonly requestToSend?: number;
	readonly clearToSend?: number;
	readonly format?: "number" | "buffer";
	readonly onReadable?: (count: number) => void;
	readonly onWritable?: (count: number) => void;
}

interface SimulatorScreen {
	onMessage?: (message: string | ArrayBuffer) => void;
}

export default class Serial {
	readonly #onReadable: ((count: number) => void) | undefined;
	readonly #onWritable: ((count: number) => void) | undefined;
	/** The last two bytes written, for commands split across writes. */
	#tail: number[] = [];
	#answers: number[] = [];
	#paper = true;
	/** GS a: automatic status back enabled (a change of paper is reported at once). */
	#asb = false;

	constructor(options: SerialOptions) {
		this.#onReadable = options.onReadable;
		this.#onWritable = options.onWritable;
		const screen = (globalThis as { screen?: SimulatorScreen }).screen;
		if (screen) {
			const former = screen.onMessage;
			screen.onMessage = (message) => {
				former?.(message);
				if (typeof message !== "string" || !message.startsWith('{"paper":')) return;
				const paper = (JSON.parse(message) as { paper?: unknown }).paper;
				if (typeof paper !== "boolean" || paper === this.#paper) return;
				this.#paper = paper;
				if (this.#asb) this.#answer(this.#statusBlock());
			};
		}
		Promise.resolve().then(() => this.#onWritable?.(ROOM));
	}

	read(_byteLength?: number): ArrayBuffer | undefined {
		if (this.#answers.length === 0) return undefined;
		const bytes = Uint8Array.from(this.#answers);
		this.#answers = [];
		return bytes.buffer;
	}

	write(data: ArrayBufferLike | ArrayBufferView): void {
		const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
		for (const b of bytes) this.#command(b);
		Promise.resolve().then(() => this.#onWritable?.(ROOM));
	}

	close(): void {}

	get format(): "buffer" {
		return "buffer";
	}

	#command(b: number): void {
		const [a, c] = this.#tail;
		this.#tail = [c ?? -1, b];
		if (a === DLE && c === EOT) this.#answer([this.#status(b)]);
		else if (a === GS && c === 0x61) {
			this.#asb = b !== 0;
			if (this.#asb) this.#answer(this.#statusBlock());
		}
		// GS r 1: the paper sensor, after what came before it has been printed (never, without paper).
		else if (a === GS && c === 0x72 && b === 1 && this.#paper) this.#answer([0x00]);
	}

	#answer(bytes: readonly number[]): void {
		this.#answers.push(...bytes);
		Promise.resolve().then(() => {
			if (this.#answers.length > 0) this.#onReadable?.(this.#answers.length);
		});
	}

	/** GS a block: offline (bit 3) in byte 1, paper end in byte 3 bits 2–3. */
	#statusBlock(): number[] {
		return this.#paper ? [0x10, 0x00, 0x00, 0x00] : [0x18, 0x00, 0x0c, 0x00];
	}

	/** DLE EOT n: 1 printer (offline bit 3), 2 offline cause, 3 error cause, 4 paper roll (end: bits 5–6). */
	#status(n: number): number {
		if (n === 1) return this.#paper ? 0x16 : 0x1e;
		if (n === 2 && !this.#paper) return 0x32;
		if (n === 4 && !this.#paper) return 0x72;
		return 0x12;
	}
}
