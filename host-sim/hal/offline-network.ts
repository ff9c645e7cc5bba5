// A network link with no link: what the terminal sees with Wi-Fi down ("network down" in the simulator).
// Platform-free.

import type { Connection, NetError, NetworkLink } from "../../hal/network.js";
import { err, type Result } from "../../hal/result.js";

export const offlineNetwork: NetworkLink = {
	linkUp: false,
	signalBars: 0,
	connect(): Promise<Result<Connection, NetError>> {
		return Promise.resolve(err({ kind: "no-link" }));
	},
	close() {},
};
