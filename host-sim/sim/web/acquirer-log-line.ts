// One acquirer-simulator log entry as a line of the browser page's log: direction, MTI, the decoded fields
// (already masked by the host's log: PAN first 6 / last 4, no tracks, PIN blocks or keys) and the note.

import type { LogEntry } from "../../acquirer/message-log.js";

export function acquirerLogLine(entry: LogEntry): string {
	const arrow = entry.direction === "in" ? "→ host" : "← host";
	const fields = Object.entries(entry.fields ?? {})
		.map(([field, value]) => `${field}=${value}`)
		.join(" ");
	return [arrow, entry.mti, fields, entry.note === undefined ? undefined : `(${entry.note})`]
		.filter((part) => part !== undefined && part !== "")
		.join(" ");
}
