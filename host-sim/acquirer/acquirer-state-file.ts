// The acquirer's books on disk (Node only): read at start, written atomically after every request.

import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { AcquirerConfig } from "./acquirer-config.js";
import { freshBooks, reconcileBooks, type AcquirerBooks } from "./acquirer-state.js";

/** A state file that cannot be read back. */
export class StateFileError extends Error {
	override name = "StateFileError";
}

export function loadBooks(file: string, config: AcquirerConfig): AcquirerBooks {
	if (!existsSync(file)) return freshBooks(config);
	let books: unknown;
	try {
		books = JSON.parse(readFileSync(file, "utf8"));
	} catch (error) {
		throw new StateFileError(`${file}: ${(error as Error).message} (move it away to start with fresh books)`);
	}
	const b = books as Partial<AcquirerBooks> | null;
	if (
		typeof b !== "object" ||
		b === null ||
		typeof b.terminals !== "object" ||
		typeof b.accounts !== "object" ||
		!Array.isArray(b.transactions)
	) {
		throw new StateFileError(`${file}: not an acquirer state file (move it away to start with fresh books)`);
	}
	return reconcileBooks(b as AcquirerBooks, config);
}

/** Writes to a temporary file and renames it over the old one, so a crash never leaves half a file. */
export function saveBooks(file: string, books: AcquirerBooks): void {
	const temporary = `${file}.tmp`;
	writeFileSync(temporary, JSON.stringify(books, null, 1));
	renameSync(temporary, file);
}
