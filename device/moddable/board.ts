// Reads the board description named by the manifest `config.board` (hal/boards/<name>.json, shipped as a
// resource) and checks it (hal/board.ts checkBoard) so that a typo fails at boot with a message, not later
// with a wrong pin.

import { checkBoard, type BoardDescription } from "../../hal/board.js";
import { err, ok, type Result } from "../../hal/result.js";

export type BoardError = { readonly kind: "no-board"; readonly detail: string } | { readonly kind: "invalid"; readonly detail: string };

/** Moddable's `Resource` class, as far as this module reads it. */
export interface ResourceClass {
	new (path: string): { slice(begin: number): ArrayBuffer };
	exists(path: string): boolean;
}

/** The board `name` (main.ts passes `config.board`, set in the manifest or with `mcconfig … board=posterm-mono`). */
export function readBoard(name: string, resources: ResourceClass): Result<BoardDescription, BoardError> {
	const path = `${name}.json`;
	if (!name || !resources.exists(path)) return err({ kind: "no-board", detail: `no resource ${path}` });
	let board: BoardDescription;
	try {
		board = JSON.parse(String.fromArrayBuffer(new resources(path).slice(0))) as BoardDescription;
	} catch (error) {
		return err({ kind: "invalid", detail: `${path}: ${String(error)}` });
	}
	const problem = checkBoard(board);
	return problem === undefined ? ok(board) : err({ kind: "invalid", detail: `${path}: ${problem}` });
}
