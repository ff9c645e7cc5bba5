// posterm-s3 in mcsim: 320×240 colour panel above the 5×4 keypad (hal/boards/posterm-s3.json).
import { terminalDevice } from "./posterm/terminal.js";

export default terminalDevice({ base: import.meta.uri, model: "posterm-s3", sortingTitle: "0001", keyWidth: 72, keyHeight: 34, gap: 8, margin: 16 });
