// posterm-s3 in mcsim: 320×240 colour panel above the 5×4 keypad (hal/boards/posterm-s3.json).
import { terminalDevice } from "./posterm/terminal.js";

export default terminalDevice(import.meta.uri, "posterm-s3");
