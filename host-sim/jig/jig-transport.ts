// The jig's view of the line to the unit: text lines out, text lines in. A real serial port
// (serial-transport.ts) or the simulator's jig line (SimJigPort.jigEnd). Platform-free.

import type { Unsubscribe } from "../../hal/result.js";

export interface JigTransport {
	send(line: string): void;
	onLine(handler: (line: string) => void): Unsubscribe;
	close(): Promise<void>;
}
