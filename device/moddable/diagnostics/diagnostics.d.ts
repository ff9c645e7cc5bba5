// `diagnostics`: the platform's manifest maps it (diagnostics/none.ts on the device, sim/census-responder.ts in
// the simulator), so main.ts starts whichever the build has.
declare module "diagnostics" {
	export function startDiagnostics(): void;
}
