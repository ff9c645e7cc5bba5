// The firmware's entry point on any HAL: `startTerminal(hal, options)` builds the terminal application
// (src/app/terminal-app.ts) and boots it.

export { Terminal, startTerminal, type TerminalOptions } from "./app/terminal-app.js";
export type { AppState as TerminalState } from "./app/app-state.js";
