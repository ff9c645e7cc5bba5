// Which modules the fast build preloads. mcconfig matches a `preload` wildcard only against JavaScript sources,
// so over TypeScript the manifest's wildcards preload nothing but the few `.js` modules. Over the emitted
// JavaScript the same wildcards match every module, including the creation main, which must not be preloaded
// (xsl would run it at link time). Module names mirror paths in this repository ("src/app/terminal-app" is
// src/app/terminal-app.ts), so a pattern can be expanded from the file list.

export type PreloadMode =
	/** Every module the manifest's wildcards name, but the creation main. */
	| "all"
	/** What mcconfig preloads when it compiles the TypeScript itself: only modules written in JavaScript. */
	| "ts-like";

export interface PreloadTree {
	/** Module names (path without extension) of the tracked JavaScript sources. */
	readonly javascript: readonly string[];
	/** Module names of every firmware module (TypeScript and JavaScript). */
	readonly modules: readonly string[];
	/** Every `creation.main` of the manifests (the terminal's, the key-injection build's): never preloaded. */
	readonly mains: readonly string[];
}

/** The manifest text with its `preload` list rewritten for `mode`. */
export function preloadRewrite(text: string, mode: PreloadMode, tree: PreloadTree): string {
	const manifest = JSON.parse(text) as { preload?: string[] };
	if (!manifest.preload) return text;
	const preload = new Set<string>();
	for (const pattern of manifest.preload) {
		const star = pattern.indexOf("*");
		if (star < 0) {
			if (!tree.mains.includes(pattern)) preload.add(pattern);
			continue;
		}
		const prefix = pattern.slice(0, star);
		const keep = mode === "all" && !tree.mains.some((main) => main.startsWith(prefix));
		if (keep) preload.add(pattern);
		else {
			const names = mode === "all" ? tree.modules : tree.javascript;
			for (const name of names) if (name.startsWith(prefix) && !tree.mains.includes(name)) preload.add(name);
		}
	}
	return JSON.stringify({ ...manifest, preload: [...preload] }, null, "\t") + "\n";
}
