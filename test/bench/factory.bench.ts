// The factory tests' heaviest work on XS: drawing a test pattern over the 320×240 RGB565 panel through the
// screen renderer with the frame recorded, plus its CRC-32 (the display test does this four times), and one
// protocol line round (parse a request, format a reply).

import { bench, measurementRows } from "../xs/bench.js";
import { FramebufferDisplay } from "../../host-sim/hal/framebuffer-display.js";
import { drawPattern } from "../../src/factory/checks/display-check.js";
import { okLine, parseRequest } from "../../src/factory/protocol.js";

const panel = new FramebufferDisplay(320, 240, "rgb565");
const bars = bench.measure("colour bars drawn, recorded and CRC-32'd (320×240 RGB565)", 5, () => {
	drawPattern(panel, "colour-bars");
});
const checker = bench.measure("checkerboard drawn, recorded and CRC-32'd (320×240 RGB565)", 5, () => {
	drawPattern(panel, "checkerboard");
});
const line = bench.measure("parse a RUN request + format its reply", 2000, () => {
	const request = parseRequest('{"id":42,"cmd":"RUN","test":"keypad","params":{"idleMs":300,"keyTimeoutMs":10000}}');
	if (request.ok) okLine(request.value.id, { result: { test: "keypad", status: "PASS", measurements: [], durationMs: 1200, code: 0 } });
});
bench.table("factory test mode", measurementRows([bars, checker, line]));
