// Moddable's simulator hands the simulator device's messages to the app at `screen.onMessage`
// (build/simulators/modules/screen.c). Tests of the lin stand-ins install a bare `screen` global for each
// test and post to it as the device would.

export interface SimulatorScreen {
	onMessage?: (message: string) => void;
}

/** A fresh `globalThis.screen` for every test of the suite; call inside `describe`. */
export function simulatorScreenPerTest(): { post(message: object): void } {
	const global = globalThis as { screen?: SimulatorScreen };
	beforeEach(() => {
		global.screen = {};
	});
	afterEach(() => {
		delete global.screen;
	});
	return {
		post(message) {
			const onMessage = global.screen?.onMessage;
			if (!onMessage) throw new Error("nothing listens on screen.onMessage");
			onMessage(JSON.stringify(message));
		},
	};
}
