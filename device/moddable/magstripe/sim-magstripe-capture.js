// Moddable's desktop simulator has no RMT. The card slot of the posterm device for mcsim (device/mcsim) posts
// a swipe's flux intervals per capture channel, {"swipe":["<base64>",…]} (each channel's intervals in µs as
// little-endian 32-bit words), through the simulator's message channel (screen.onMessage); each channel is
// handed to the head as the RMT driver does when its swipe ends. Base64 keeps the message and its parse small:
// a JSON array of numbers would take a slot per interval.

export default class MagstripeCapture {
	#channels = [];
	#onCapture;
	constructor(options) {
		this.#onCapture = options.onCapture;
		const screen = globalThis.screen;
		if (!screen) return;
		const former = screen.onMessage;
		screen.onMessage = (message) => {
			former?.(message);
			if (typeof message !== "string" || !message.startsWith('{"swipe":')) return;
			const swipe = JSON.parse(message).swipe;
			if (!Array.isArray(swipe)) return;
			this.#channels = swipe;
			swipe.forEach((_, channel) => this.#onCapture(channel));
		};
	}
	read(channel, intervals) {
		const encoded = this.#channels[channel];
		this.#channels[channel] = undefined;
		const captured = typeof encoded === "string" ? new Uint32Array(Uint8Array.fromBase64(encoded).buffer) : new Uint32Array(0);
		if (captured.length > intervals.length) return -1;
		intervals.set(captured);
		return captured.length;
	}
	close() {}
}
