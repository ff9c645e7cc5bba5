// The simulator build's chip readers (mapped as device/moddable/card-io/board-readers; the device's is
// card-io/board-readers.ts, over I2C): Moddable's simulator has no I2C, so a board with a contact reader gets
// the relayed one (relayed-contact-reader.ts). Its requests are traced to the debugger link; its answers and the
// slot's presence come as {"contact":"<text>"} through the simulator device's messages (screen.onMessage,
// device/mcsim/posterm/terminal.js). No contactless stand-in yet: the build has no field.

import type { BoardCardReaders } from "../../../hal/board.js";
import type { Clock } from "../../../hal/clock.js";
import type { CardReaders } from "../card-readers.js";
import { RelayedContactReader } from "../sim/relayed-contact-reader.js";

interface MessageScreen {
	onMessage?: (message: string | ArrayBuffer) => void;
}

export default function boardCardReaders(readers: BoardCardReaders, _clock: Clock): CardReaders {
	const screen = (globalThis as { screen?: MessageScreen }).screen;
	if (readers.contact === undefined || screen === undefined) return {};
	const contact = new RelayedContactReader((line) => trace(line));
	const former = screen.onMessage;
	screen.onMessage = (message) => {
		former?.(message);
		if (typeof message !== "string" || !message.startsWith('{"contact":')) return;
		const text = (JSON.parse(message) as { contact?: unknown }).contact;
		if (typeof text === "string") contact.receive(text);
	};
	return { contact };
}
