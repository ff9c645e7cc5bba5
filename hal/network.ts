// The link to the acquirer: TCP to host:port (on the device, Moddable's socket over ESP32 Wi-Fi).
// Framing, timeouts per request and matching live in src/; this is only the byte pipe.

import type { Result, Unsubscribe } from "./result.js";

export type NetError =
	| { readonly kind: "no-link" }
	| { readonly kind: "dns"; readonly host: string }
	| { readonly kind: "refused" }
	| { readonly kind: "connect-timeout" }
	| { readonly kind: "closed" }
	| { readonly kind: "io"; readonly detail: string };

export interface Connection {
	/** Queues bytes to send; fails when the connection is closed. */
	send(bytes: Uint8Array): Result<void, NetError>;
	onData(handler: (bytes: Uint8Array) => void): Unsubscribe;
	/** The peer closed, or the connection failed; called at most once. */
	onClose(handler: (error: NetError) => void): Unsubscribe;
	close(): void;
}

export interface NetworkLink {
	/** true when the Wi-Fi (or Ethernet) link is up. */
	readonly linkUp: boolean;
	/** Signal strength 0..4 bars for the title bar. */
	readonly signalBars: number;
	connect(host: string, port: number, timeoutMs: number): Promise<Result<Connection, NetError>>;
	/**
	 * Closes every open connection and the link: a connect still pending ends as "closed", later ones fail
	 * as "closed", `linkUp` is false.
	 */
	close(): void;
}
