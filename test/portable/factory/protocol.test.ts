import { assert } from "../../support/assert.js";
import { errLine, eventLine, okLine, parseRequest } from "../../../src/factory/protocol.js";

describe("factory line protocol", () => {
	it("parses a request into id, command and arguments", () => {
		const parsed = parseRequest('{"id":7,"cmd":"RUN","test":"printer","params":{"statusTimeoutMs":200}}');
		assert.deepEqual(parsed, { ok: true, value: { id: 7, cmd: "RUN", args: { test: "printer", params: { statusTimeoutMs: 200 } } } });
	});

	it("rejects a line that is not JSON, a request without a positive integer id, and an unknown command (echoing its id)", () => {
		assert.deepEqual(parseRequest("RUN ALL"), { ok: false, error: { id: 0, code: "BAD_JSON", message: "not a JSON line" } });
		assert.equal(parseRequest('{"cmd":"HELLO"}').ok, false);
		assert.equal(parseRequest('{"id":0,"cmd":"HELLO"}').ok, false);
		assert.equal(parseRequest('{"id":1.5,"cmd":"HELLO"}').ok, false);
		assert.equal(parseRequest('[1,"HELLO"]').ok, false);
		const unknown = parseRequest('{"id":9,"cmd":"FORMAT_FLASH"}');
		assert.ok(!unknown.ok && unknown.error.id === 9 && unknown.error.code === "UNKNOWN_COMMAND", JSON.stringify(unknown));
	});

	it("says that a request lacks its command, not that the command undefined is unknown", () => {
		assert.deepEqual(parseRequest('{"id":4,"test":"power"}'), {
			ok: false,
			error: { id: 4, code: "BAD_REQUEST", message: 'a request needs "cmd", the command name' },
		});
	});

	it("writes replies and events that echo the request id", () => {
		assert.equal(okLine(3, { serial: "PT-1" }), '{"id":3,"ok":true,"serial":"PT-1"}');
		assert.equal(errLine(4, "BUSY", "running"), '{"id":4,"ok":false,"error":{"code":"BUSY","message":"running"}}');
		assert.equal(
			eventLine(5, { evt: "progress", test: "clock", message: "start" }),
			'{"id":5,"evt":"progress","test":"clock","message":"start"}',
		);
	});
});
