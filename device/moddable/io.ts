// The IO the device drivers are built on, as the part of it each driver uses: the ECMA-419 IO classes
// (ECMA-419 2nd edition, "IO Class Pattern": Digital, DigitalBank, Serial, PWM, Analog) and Moddable's
// `time`, `timer`, `preference`, `flash`, `net`, `socket` and `wifi` modules. A driver is given its IO class
// with the pin or port to open, as ECMA-419 peripheral class drivers are (`{ io: Digital, pin: 4 }`), so only
// hal.ts and main.ts import Moddable's modules: the drivers load in Node and in XS, where tests hand them fakes.
// hal.ts hands them the Moddable classes, and the type check there proves they fit.

/** An IO class and the pin it is to open (ECMA-419 "IO Class Pattern", constructor `pin` property). */
export interface PinIo<C> {
	readonly io: C;
	readonly pin: number;
}

/**
 * A mode constant of Digital and DigitalBank (InputPullUp, OutputOpenDrain …). The SDK's own typings declare the
 * constants and the `mode` property as numbers, @moddable/typings as unknown; `any` lets both fit while the
 * drivers only pass a class's own constant back to it.
 */
type Mode = any;

/** ECMA-419 Digital: one GPIO. */
export interface DigitalPort {
	read(): number;
	write(value: 0 | 1): void;
	close(): void;
}

export interface DigitalClass {
	new (options: { pin: number; mode: Mode; edge?: number; onReadable?: () => void }): DigitalPort;
	readonly InputPullUp: unknown;
	readonly InputPullDown: unknown;
	readonly Output: unknown;
	readonly OutputOpenDrain: unknown;
	readonly Rising: number;
	readonly Falling: number;
}

/**
 * ECMA-419 DigitalBank: up to 32 GPIOs of one bank read and written at once, bit n for pin n of the bank;
 * `rises` / `falls` are the pins whose edges call `onReadable`. A GPIO expander's DigitalBank fits too.
 */
export interface DigitalBankPort {
	read(): number;
	write(value: number): void;
	close(): void;
}

export interface DigitalBankClass {
	new (options: {
		pins: number;
		bank?: number;
		mode: Mode;
		rises?: number;
		falls?: number;
		onReadable?: (triggered: number) => void;
	}): DigitalBankPort;
	readonly InputPullUp: unknown;
}

/** An ECMA-419 Serial port's settings (constructor properties). */
export interface SerialSettings {
	readonly port: number;
	readonly baud: number;
	readonly transmit: number;
	readonly receive: number;
}

export interface SerialPort {
	read(byteLength: number): ArrayBuffer | undefined;
	write(bytes: Uint8Array): void;
	close(): void;
}

export interface SerialClass {
	new (
		options: SerialSettings & {
			format: "buffer";
			onReadable: (count: number) => void;
			onWritable: (count: number) => void;
		},
	): SerialPort;
}

/** ECMA-419 I2C: one device at `address`; `stop` false leaves the bus for a repeated start. Throws on no acknowledge. */
export interface I2cPort {
	write(bytes: Uint8Array, stop?: boolean): void;
	read(byteLength: number, stop?: boolean): ArrayBuffer;
	close(): void;
}

export interface I2cClass {
	new (options: { data: number; clock: number; hz: number; address: number; port?: number }): I2cPort;
}

/** ECMA-419 PWM: `write` takes a duty of `resolution` bits. */
export interface PwmPort {
	readonly resolution: number;
	write(value: number): void;
	close(): void;
}

export interface PwmClass {
	new (options: { pin: number; hz: number }): PwmPort;
}

/** ECMA-419 Analog: `read` returns a sample of `resolution` bits. */
export interface AnalogPort {
	readonly resolution: number;
	read(): number;
	close(): void;
}

export interface AnalogClass {
	new (options: { pin: number }): AnalogPort;
}

/** Moddable `preference` (NVS on the ESP32): values by domain and key. */
export interface PreferenceModule {
	get(domain: string, key: string): unknown;
	set(domain: string, key: string, value: ArrayBuffer): void;
	delete(domain: string, key: string): void;
	keys(domain: string): string[];
}

/** Moddable `flash`: one partition of the SPI flash by its label. */
export interface FlashPort {
	readonly byteLength: number;
	readonly blockSize: number;
	read(offset: number, byteLength: number): unknown;
	write(offset: number, byteLength: number, bytes: Uint8Array): void;
	erase(sector: number): void;
}

export interface FlashClass {
	new (partition: string): FlashPort;
}

/** Moddable `time` and `timer`. */
export interface TimeModule {
	readonly ticks: number;
	set(seconds: number): void;
}

/** `H` is the module's timer handle. */
export interface TimerModule<H> {
	set(callback: () => void, delayMs: number): H;
	repeat(callback: () => void, periodMs: number): H;
	clear(timer: H): void;
}

/** Moddable `socket` (TCP): the callback messages are statics of the class (modules/network/socket/socket.js). */
export interface SocketPort {
	/** Set by the owner: called with one of the class's message statics, and a byte count for `readable`. */
	callback(message: number, value?: number): void;
	read(type: typeof ArrayBuffer, until?: number): ArrayBuffer;
	/** Sends the bytes. */
	write(bytes: ArrayBuffer): void;
	/** The bytes the send buffer can take now. */
	write(): number;
	close(): void;
}

export interface SocketClass {
	new (options: { host: string; port: number; noDelay: boolean }): SocketPort;
	readonly connected: number;
	readonly readable: number;
	readonly writable: number;
	readonly error: number;
	readonly disconnected: number;
}

/** Moddable `net`: the station's signal and DNS. */
export interface NetModule {
	get(what: "RSSI"): number;
	resolve(name: string, callback: (name: string, address?: string) => void): void;
}

/** Moddable `wifi`: station mode, one instance that keeps the station connected. */
export interface WiFiClass {
	new (options: { ssid: string; password?: string }, callback: (message: string) => void): { close(): void };
	mode: number;
	readonly Mode: { readonly station: number };
	readonly gotIP: string;
	readonly lostIP: string;
	readonly disconnected: string;
}
