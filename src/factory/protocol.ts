// The factory line protocol, version 1 (docs/factory-mode.md §2): JSON Lines over the jig UART, one object per
// line. Requests carry a numeric request id that every reply and event echoes:
//
//   > {"id":7,"cmd":"RUN","test":"printer","params":{…},"limits":{…}}
//   < {"id":7,"evt":"progress","test":"printer","message":"…"}
//   < {"id":7,"ok":true,"result":{…}}
//   < {"id":8,"ok":false,"error":{"code":"BUSY","message":"…"}}
//
// Lines the unit sends unasked (the boot announcement) carry id 0.

import { err, ok, type Result } from "../../hal/result.js";

export const PROTOCOL_VERSION = 1;

export const COMMANDS = [
	"HELLO",
	"ENTER_FACTORY",
	"INFO",
	"SET_SERIAL",
	"SET_STATION",
	"LIST",
	"RUN",
	"ABORT",
	"CONFIRM",
	"REPORT",
	"LOCK",
	"REBOOT",
	"FACTORY_RESET",
] as const;

export type Command = (typeof COMMANDS)[number];

export interface Request {
	readonly id: number;
	readonly cmd: Command;
	/** Every other member of the request object. */
	readonly args: Readonly<Record<string, unknown>>;
}

export interface ProtocolError {
	/** Echoed when the line carried a usable id; 0 otherwise. */
	readonly id: number;
	readonly code: "BAD_JSON" | "BAD_REQUEST" | "UNKNOWN_COMMAND";
	readonly message: string;
}

function isCommand(value: unknown): value is Command {
	return typeof value === "string" && (COMMANDS as readonly string[]).includes(value);
}

export function parseRequest(line: string): Result<Request, ProtocolError> {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return err({ id: 0, code: "BAD_JSON", message: "not a JSON line" });
	}
	if (typeof value !== "object" || value === null || Array.isArray(value))
		return err({ id: 0, code: "BAD_REQUEST", message: "a request is a JSON object" });
	const { id, cmd, ...args } = value as Record<string, unknown>;
	if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0)
		return err({ id: 0, code: "BAD_REQUEST", message: "id must be a positive integer" });
	if (cmd === undefined) return err({ id, code: "BAD_REQUEST", message: 'a request needs "cmd", the command name' });
	if (!isCommand(cmd)) return err({ id, code: "UNKNOWN_COMMAND", message: `unknown command ${JSON.stringify(cmd)}` });
	return ok({ id, cmd, args });
}

export function okLine(id: number, payload: Readonly<Record<string, unknown>> = {}): string {
	return JSON.stringify({ id, ok: true, ...payload });
}

export function errLine(id: number, code: string, message: string): string {
	return JSON.stringify({ id, ok: false, error: { code, message } });
}

export function eventLine(id: number, fields: Readonly<Record<string, unknown>>): string {
	return JSON.stringify({ id, ...fields });
}
