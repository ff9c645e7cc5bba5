// Board descriptions (hal/boards/*.json) for the simulator: the same files the device build uses.

import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BoardDescription } from "../../hal/board.js";

const boardsDir = fileURLToPath(new URL("../../hal/boards/", import.meta.url));

export const DEFAULT_BOARD = "posterm-s3";

export function boardNames(): string[] {
	return readdirSync(boardsDir)
		.filter((f) => f.endsWith(".json"))
		.map((f) => f.slice(0, -5))
		.sort();
}

/** A board name that has no description in hal/boards/ (the CLI reports it as a usage error). */
export class UnknownBoardError extends RangeError {
	override name = "UnknownBoardError";
}

export function loadBoard(name: string = DEFAULT_BOARD): BoardDescription {
	if (!boardNames().includes(name)) throw new UnknownBoardError(`unknown board "${name}"; known: ${boardNames().join(", ")}`);
	return JSON.parse(readFileSync(`${boardsDir}${name}.json`, "utf8")) as BoardDescription;
}
