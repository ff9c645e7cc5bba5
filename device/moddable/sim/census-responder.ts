// The simulator build's diagnostics: the device check asks the posterm simulator device for a heap census
// ({"census":"<tag>"} through Moddable's simulator message channel, screen.onMessage); the answer is traced as
// one line, `posterm census <tag> <json>`, which the check reads from xsbug (heap-census.c says what it holds).

import census from "heap-census";

interface MessageScreen {
	onMessage?: (message: string | ArrayBuffer) => void;
}

export function startDiagnostics(): void {
	const screen = (globalThis as { screen?: MessageScreen }).screen;
	if (!screen) return;
	const former = screen.onMessage;
	screen.onMessage = (message) => {
		former?.(message);
		if (typeof message !== "string" || !message.startsWith('{"census":')) return;
		const tag = (JSON.parse(message) as { census?: unknown }).census;
		if (typeof tag === "string") trace(`posterm census ${tag} ${census()}\n`);
	};
}
