// One JSON report file per unit in the station's report directory, <serial>.json, replaced when the unit
// is tested again; it carries the station id, the operator and the times.

import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { StationReport } from "./station.js";

/** Writes atomically (temporary file, then rename) and returns the path. */
export async function writeStationReport(directory: string, report: StationReport): Promise<string> {
	await mkdir(directory, { recursive: true });
	const path = join(directory, `${report.serial}.json`);
	const temporary = `${path}.tmp`;
	await writeFile(temporary, `${JSON.stringify(report, null, 2)}\n`);
	await rename(temporary, path);
	return path;
}
