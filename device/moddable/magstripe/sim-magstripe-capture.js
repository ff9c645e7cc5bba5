// Moddable's desktop simulator has no RMT. The card slot of the posterm device for mcsim (device/mcsim) posts
// a swipe's flux intervals per capture channel, {"swipe":[[µs…],…]}, through the simulator's message channel
// (screen.onMessage); each channel is handed to the head as the RMT driver does when its swipe ends.
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
			if (typeof message !== "string") return;
			const swipe = JSON.parse(message).swipe;
			if (!Array.isArray(swipe)) return;
			this.#channels = swipe;
			swipe.forEach((_, channel) => this.#onCapture(channel));
		};
	}
	read(channel, intervals) {
		const captured = this.#channels[channel] ?? [];
		this.#channels[channel] = [];
		if (captured.length > intervals.length) return -1;
		intervals.set(captured);
		return captured.length;
	}
	close() {}
}
