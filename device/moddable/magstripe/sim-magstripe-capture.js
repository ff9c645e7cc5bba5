// Moddable's desktop simulator has no RMT: the capture opens and never reports a swipe (swipes in the
// simulator come from posterm's host simulator, host-sim/hal/sim-magstripe.ts).
export default class MagstripeCapture {
	constructor() {}
	read() {
		return 0;
	}
	close() {}
}
