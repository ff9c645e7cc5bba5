// The device build's diagnostics: none. The firmware answers no heap census on a unit (the simulator build's
// `diagnostics` is sim/census-responder.ts); the manifest picks one per platform.

export function startDiagnostics(): void {}
