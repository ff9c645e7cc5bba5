// Parameters persisted in the HAL record store, one record, committed atomically. Values missing from an
// older record take their defaults; a damaged record is reported, never half-applied.

import type { RecordStore, StorageError } from "../../hal/storage.js";
import { err, ok, type Result } from "../../hal/result.js";
import { utf8Decode, utf8Encode } from "../text/utf8.js";
import { defaultParams, type Params } from "./schema.js";
import { withChanges, type ParamError } from "./validate.js";

export const PARAMS_RECORD = "params";

export type ParamLoadError = { readonly kind: "damaged" } | { readonly kind: "invalid"; readonly errors: readonly ParamError[] };

export type ParamSaveError =
	{ readonly kind: "invalid"; readonly errors: readonly ParamError[] } | { readonly kind: "storage"; readonly error: StorageError };

/**
 * Reads the stored parameters; a terminal that never stored any gets the defaults.
 * An unreadable or invalid record is an error: the terminal goes to "not configured", not to defaults.
 */
export function loadParams(records: RecordStore): Result<Params, ParamLoadError> {
	const bytes = records.get(PARAMS_RECORD);
	if (bytes === undefined) return ok(defaultParams());
	const text = utf8Decode(bytes);
	let stored: unknown;
	try {
		stored = text === undefined ? undefined : JSON.parse(text);
	} catch {
		stored = undefined;
	}
	if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return err({ kind: "damaged" });
	const merged = withChanges(defaultParams(), stored as Record<string, unknown>);
	return merged.ok ? merged : err({ kind: "invalid", errors: merged.error });
}

/** Validates `changes` against `current` and stores the result durably; returns the new parameters. */
export function saveParams(
	records: RecordStore,
	current: Params,
	changes: Readonly<Record<string, unknown>>,
): Result<Params, ParamSaveError> {
	const next = withChanges(current, changes);
	if (!next.ok) return err({ kind: "invalid", errors: next.error });
	const staged = records.set(PARAMS_RECORD, utf8Encode(JSON.stringify(next.value)));
	const committed = staged.ok ? records.commit() : staged;
	if (!committed.ok) {
		records.rollback();
		return err({ kind: "storage", error: committed.error });
	}
	return next;
}
