// posterm-mono in mcsim: 128×64 monochrome panel above its keypad (hal/boards/posterm-mono.json).
import { terminalDevice } from "./posterm/terminal.js";

export default terminalDevice({ base: import.meta.uri, model: "posterm-mono", sortingTitle: "0002", keyWidth: 56, keyHeight: 30, gap: 6, margin: 16 });
