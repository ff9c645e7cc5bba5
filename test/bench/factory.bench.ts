// The factory tests' heaviest pure work on XS: building a display pattern frame for the 320×240 RGB565
// panel and its CRC-32 (the display test does this four times), and one protocol line round (parse a
// request, format a reply).

import { bench, measurementRows } from "../xs/bench.js";
import { crc32 } from "../../src/journal/crc32.js";
import { patternFrame } from "../../src/factory/tests/display-test.js";
import { okLine, parseRequest } from "../../src/factory/protocol.js";

const frame = patternFrame("colour-bars", 320, 240, "rgb565");
const build = bench.measure("colour-bars frame, 320×240 RGB565", 5, () => {
	patternFrame("colour-bars", 320, 240, "rgb565");
});
const checksum = bench.measure("CRC-32 of the 153 600-byte frame", 5, () => {
	crc32(frame);
});
const line = bench.measure("parse a RUN request + format its reply", 2000, () => {
	const request = parseRequest('{"id":42,"cmd":"RUN","test":"keypad","params":{"idleMs":300,"keyTimeoutMs":10000}}');
	if (request.ok) okLine(request.value.id, { result: { test: "keypad", status: "PASS", measurements: [], durationMs: 1200, code: 0 } });
});
bench.table("factory test mode", measurementRows([build, checksum, line]));
