// Validation of parameter values against the schema: every value is checked when it is set, and a stored
// set is checked again when it is loaded.

import { err, ok, type Result } from "../../hal/result.js";
import { PARAM_NAMES, PARAM_SCHEMA, type ParamName, type ParamSpec, type Params } from "./schema.js";

export type ParamError =
	| { readonly kind: "unknown"; readonly name: string }
	| { readonly kind: "type"; readonly name: ParamName; readonly expected: ParamSpec["kind"] }
	| { readonly kind: "format"; readonly name: ParamName; readonly rule: string };

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Checks one value; returns it typed, or why it is not acceptable. */
export function validateParam(name: string, value: unknown): Result<string | number | boolean, ParamError> {
	if (!(PARAM_NAMES as string[]).includes(name)) return err({ kind: "unknown", name });
	const key = name as ParamName;
	const spec: ParamSpec = PARAM_SCHEMA[key];
	const format = (rule: string) => err<ParamError>({ kind: "format", name: key, rule });
	switch (spec.kind) {
		case "int":
			if (typeof value !== "number" || !Number.isInteger(value)) return err({ kind: "type", name: key, expected: spec.kind });
			return value < spec.min || value > spec.max ? format(`${spec.min}..${spec.max}`) : ok(value);
		case "bool":
			return typeof value === "boolean" ? ok(value) : err({ kind: "type", name: key, expected: spec.kind });
		default:
			break;
	}
	if (typeof value !== "string") return err({ kind: "type", name: key, expected: spec.kind });
	switch (spec.kind) {
		case "digits":
			if (!/^[0-9]*$/.test(value)) return format("digits only");
			return value.length < spec.minLength || value.length > spec.maxLength
				? format(spec.minLength === spec.maxLength ? `${spec.minLength} digits` : `${spec.minLength}..${spec.maxLength} digits`)
				: ok(value);
		case "text":
			if (value.length === 0 || value.length > spec.maxLength) return format(`1..${spec.maxLength} characters`);
			return /[\u0000-\u001f\u007f]/.test(value) ? format("no control characters") : ok(value);
		case "host":
			return HOST_NAME.test(value) ? ok(value) : format("a host name or IPv4 address");
		case "hex":
			return new RegExp(`^[0-9A-Fa-f]{${spec.bytes * 2}}$`).test(value)
				? ok(value.toUpperCase())
				: format(`${spec.bytes} bytes in hex`);
		case "choice":
			return spec.values.includes(value) ? ok(value) : format(spec.values.join(" | "));
		case "digit-list": {
			const item = `[0-9]{${spec.minLength},${spec.maxLength}}`;
			return new RegExp(`^(${item}(,${item})*)?$`).test(value)
				? ok(value)
				: format(`numbers of ${spec.minLength}..${spec.maxLength} digits, comma-separated`);
		}
	}
}

/** Applies `changes` on top of `base`, all or nothing. */
export function withChanges(base: Params, changes: Readonly<Record<string, unknown>>): Result<Params, readonly ParamError[]> {
	const next: Record<string, unknown> = { ...base };
	const errors: ParamError[] = [];
	for (const [name, value] of Object.entries(changes)) {
		const checked = validateParam(name, value);
		if (checked.ok) next[name] = checked.value;
		else errors.push(checked.error);
	}
	return errors.length > 0 ? err(errors) : ok(next as Params);
}
