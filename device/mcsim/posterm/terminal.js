// The posterm terminal as a device of Moddable's simulator (mcsim), written the way the SDK's own devices are
// (build/simulators/*.js: a Piu container with a DeviceScreen, a behaviour posting JSON to the app).
// The board comes from the same description the firmware reads (hal/boards/<model>.json). A key of the
// keypad is a switch between a row pin and a column pin of the matrix: while the mouse holds it down the device
// posts {"join":[row,column]}, on release {"part":[row,column]}; the app's stand-in for embedded:io/digital
// (device/moddable/sim/digital) reads the joined pins, so the firmware's MatrixKeypad scans it unchanged.

import { DeviceBehavior, DeviceContainer, DeviceScreen } from "DevicePane";
import { ControlsColumn, SwitchRow } from "ControlsPane";

/** The repository's root, from this folder (device/mcsim/posterm). */
function repositoryRoot(base) {
	let directory = system.getPathDirectory(base);
	for (const step of ["posterm", "mcsim", "device"]) {
		if (directory.endsWith(step)) directory = system.getPathDirectory(directory);
	}
	return directory;
}

/** The board description the firmware reads (hal/boards/<model>.json). */
export function readBoard(base, model) {
	return JSON.parse(system.readFileString(`${repositoryRoot(base)}/hal/boards/${model}.json`));
}

/** Where the keys are (posterm/layout.json; the device check clicks them from the same numbers). */
function readLayout(base, model) {
	return JSON.parse(system.readFileString(`${repositoryRoot(base)}/device/mcsim/posterm/layout.json`))[model];
}

const bodySkin = new Skin({ fill: "#3a3f44" });
const keySkin = new Skin({ fill: ["#e8e8e8", "#9aa0a6"], stroke: "#202124", borders: { left: 1, right: 1, top: 1, bottom: 1 } });
const functionKeySkin = new Skin({ fill: ["#f6c343", "#b8902f"], stroke: "#202124", borders: { left: 1, right: 1, top: 1, bottom: 1 } });
const keyStyle = new Style({ font: "semibold", color: "#202124", horizontal: "center", vertical: "middle" });

const slotSkin = new Skin({ fill: ["#202124", "#5f6368"] });
const slotStyle = new Style({ font: "semibold", color: "#e8eaed", horizontal: "center", vertical: "middle" });

const functionKeys = new Set(["CANCEL", "CLEAR", "ENTER", "MENU", "F1", "F2", "UP", "DOWN"]);

class KeyBehavior extends Behavior {
	onCreate(content, key) {
		this.key = key;
	}
	onTouchBegan(content) {
		content.state = 1;
		content.bubble("onMatrixKey", this.key, true);
	}
	onTouchEnded(content) {
		content.state = 0;
		content.bubble("onMatrixKey", this.key, false);
	}
}

/** The card slot: a click swipes the card in the simulator's card file (card.json in mcsim's local folder). */
class SlotBehavior extends Behavior {
	onTouchBegan(content) {
		content.state = 1;
	}
	onTouchEnded(content) {
		content.state = 0;
		content.bubble("onSwipe");
	}
}

class TerminalBehavior extends DeviceBehavior {
	onCreate(container, device) {
		super.onCreate(container, device);
		// The device check writes in mcsim's local folder: census.request (a heap census's tag) and contact.message
		// (a text for the relayed contact reader, device/moddable/sim/relayed-contact-reader.ts: an answer to one
		// of its requests, or the slot's insert and remove). Each is posted to the app and deleted.
		container.interval = 20;
		container.start();
	}
	onTimeChanged(container) {
		this.postFile(container, "census", "request");
		this.postFile(container, "contact", "message");
	}
	postFile(container, name, extension) {
		const path = system.buildPath(system.localDirectory, name, extension);
		if (!system.fileExists(path)) return;
		const text = system.readFileString(path);
		system.deleteFile(path);
		this.postJSON(container, { [name]: text });
	}
	onSwipe(container) {
		// {"channels":["<base64>",…]}: flux intervals per capture channel, in the board's channel order (µs as
		// little-endian 32-bit words; device/moddable/magstripe/sim-magstripe-capture.js).
		const path = system.buildPath(system.localDirectory, "card", "json");
		if (system.fileExists(path)) this.postJSON(container, { swipe: JSON.parse(system.readFileString(path)).channels });
	}
	onMatrixKey(container, key, closed) {
		this.postJSON(container, { [closed ? "join" : "part"]: [key.row, key.column] });
	}
	onTamperChanged(container, data) {
		// The tamper switch closes to ground (pin 0 stands for ground in the stand-in).
		this.postJSON(container, { [data.value ? "join" : "part"]: [this.device.board.tamper.pin, "ground"] });
	}
	onPaperChanged(container, data) {
		// The printer's paper roll: the serial stand-in answers paper end without it.
		this.postJSON(container, { paper: data.value });
	}
	onJSON(container, json) {}
}

/** The device description mcsim expects (title, applicationName, DeviceTemplates, ControlsTemplate). */
export function terminalDevice(base, model) {
	const board = readBoard(base, model);
	const { sortingTitle, keyWidth, keyHeight, gap, margin, slotHeight } = readLayout(base, model);
	const { width, height } = board.display;
	const { rows, columns, map } = board.keypad;
	const keysWidth = columns.length * keyWidth + (columns.length - 1) * gap;
	const bodyWidth = Math.max(width, keysWidth) + 2 * margin;
	const slotTop = margin + height + (margin >> 1);
	const keysTop = slotTop + slotHeight + (margin >> 1);
	const bodyHeight = keysTop + rows.length * keyHeight + (rows.length - 1) * gap + margin;
	const keysLeft = (bodyWidth - keysWidth) >> 1;
	const keys = [];
	map.forEach((line, r) =>
		line.forEach((name, c) => {
			// null: no key fitted at this crossing.
			if (name !== null)
				keys.push(
					Container(
						{ row: rows[r], column: columns[c], name },
						{
							left: keysLeft + c * (keyWidth + gap),
							top: keysTop + r * (keyHeight + gap),
							width: keyWidth,
							height: keyHeight,
							skin: functionKeys.has(name) ? functionKeySkin : keySkin,
							active: true,
							Behavior: KeyBehavior,
							contents: [Label(null, { left: 0, right: 0, top: 0, bottom: 0, style: keyStyle, string: name })],
						},
					),
				);
		}),
	);
	const Template = DeviceContainer.template(($) => ({
		Behavior: TerminalBehavior,
		width: bodyWidth,
		height: bodyHeight,
		skin: bodySkin,
		contents: [
			DeviceScreen($, { left: (bodyWidth - width) >> 1, width, top: margin, height, rotation: 0 }),
			Container($, {
				left: margin,
				right: margin,
				top: slotTop,
				height: slotHeight,
				skin: slotSkin,
				active: true,
				Behavior: SlotBehavior,
				contents: [Label(null, { left: 0, right: 0, top: 0, bottom: 0, style: slotStyle, string: "card slot" })],
			}),
			...keys,
		],
	}));
	return {
		applicationName: `.*/${model}/.*`,
		sortingTitle,
		title: `posterm ${model}`,
		board,
		Workers: {},
		ControlsTemplate: ControlsColumn.template(() => ({
			contents: [
				SwitchRow({ event: "onTamperChanged", label: "Tamper", on: "Open", off: "Closed", value: false }),
				SwitchRow({ event: "onPaperChanged", label: "Paper", on: "Loaded", off: "Out", value: true }),
			],
		})),
		DeviceTemplates: { 0: Template },
	};
}
