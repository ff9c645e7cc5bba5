// posterm-mono in mcsim: 128×64 monochrome panel above its keypad (hal/boards/posterm-mono.json).
import { terminalDevice } from "./posterm/terminal.js";

export default terminalDevice(import.meta.uri, "posterm-mono");
