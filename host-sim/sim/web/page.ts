// The browser simulator's page: a terminal skin around the live panel (a canvas fed pixel-exact rectangles
// from the event stream), the board's keypad as buttons with keyboard shortcuts, the card slot, the chip slot
// (Insert, Remove, Tap), the printer paper, the log and the fault buttons. Plain HTML, CSS and browser
// JavaScript, no build step.

import { CHIP_FAULT_NAMES, CHIP_PROFILE_NAMES, TAP_FAULT_NAMES } from "../../chip/virtual-test-cards.js";
import type { BoardDescription } from "../../../hal/board.js";
import type { KeyCode } from "../../../hal/keypad.js";
import type { Language } from "../../../src/text/language.js";
import { TEST_CARDS, TEST_CARD_NAMES } from "../../cards/test-cards.js";
import { maskPan } from "../../../src/card/pan.js";
import { SWIPE_QUALITIES } from "../card-slot.js";

/** Key caps as printed on a UnionPay terminal, and the PC key that presses each. */
interface KeyCap {
	readonly zh: string;
	readonly en: string;
	readonly shortcut: string;
	readonly kind: string;
}

const DIGIT_CAPS = Object.fromEntries([..."0123456789"].map((d) => [d, { zh: d, en: d, shortcut: d, kind: "digit" }])) as Record<
	string,
	KeyCap
>;

const KEY_CAPS: Readonly<Record<KeyCode, KeyCap>> = {
	...(DIGIT_CAPS as Record<"0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9", KeyCap>),
	"00": { zh: "00", en: "00", shortcut: "z", kind: "digit" },
	".": { zh: ".", en: ".", shortcut: ".", kind: "digit" },
	CANCEL: { zh: "取消", en: "CANCEL", shortcut: "Escape", kind: "cancel" },
	CLEAR: { zh: "清除", en: "CLEAR", shortcut: "Backspace", kind: "clear" },
	ENTER: { zh: "确认", en: "ENTER", shortcut: "Enter", kind: "enter" },
	F1: { zh: "F1", en: "F1", shortcut: "F1", kind: "function" },
	F2: { zh: "F2", en: "F2", shortcut: "F2", kind: "function" },
	UP: { zh: "▲", en: "▲", shortcut: "ArrowUp", kind: "function" },
	DOWN: { zh: "▼", en: "▼", shortcut: "ArrowDown", kind: "function" },
	MENU: { zh: "菜单", en: "MENU", shortcut: "m", kind: "function" },
};

/** The terminal's own font, served at /font.ttf: the page's Chinese text needs no CJK font on the machine. */
export const PAGE_FONT_FAMILY = "posterm";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function simulatorPage(board: BoardDescription, language: Language): string {
	const { width, height } = board.display;
	const scale = width >= 200 ? 2 : 4;
	const keypad = board.keypad.map
		.map(
			(row) =>
				`<div class="keyrow">${row
					.map((key) => {
						if (key === null) return `<span class="key blank"></span>`;
						const cap = KEY_CAPS[key];
						return `<button class="key ${cap.kind}" data-key="${escapeHtml(key)}" title="${escapeHtml(`${key} (${cap.shortcut})`)}">${escapeHtml(cap[language])}</button>`;
					})
					.join("")}</div>`,
		)
		.join("");
	const shortcuts = Object.fromEntries(Object.entries(KEY_CAPS).map(([key, cap]) => [cap.shortcut, key]));
	const cards = TEST_CARD_NAMES.map((name) => `<option value="${name}">${name} · ${maskPan(TEST_CARDS[name].pan)}</option>`).join("");
	const qualities = SWIPE_QUALITIES.map((q) => `<option value="${q}">${q}</option>`).join("");
	const chips = CHIP_PROFILE_NAMES.map((name) => `<option value="${name}">${name}</option>`).join("");
	// One fault list for both: the slot refuses "collision", the field "wrong-atr" (the problem line says so).
	const chipFaults = ["", ...new Set([...CHIP_FAULT_NAMES, ...TAP_FAULT_NAMES])]
		.map((f) => `<option value="${f}">${f || "no fault"}</option>`)
		.join("");
	return `<!doctype html>
<html lang="${language === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<title>posterm simulator · ${escapeHtml(board.model)}</title>
<style>
@font-face { font-family: "${PAGE_FONT_FAMILY}"; src: url("/font.ttf") format("truetype"); }
body { font: 14px system-ui, sans-serif, "${PAGE_FONT_FAMILY}"; background: #e9ecef; margin: 0; padding: 16px; display: flex; gap: 16px; align-items: flex-start; }
.terminal { background: linear-gradient(#3a3f47, #23272e); border-radius: 28px; padding: 22px 22px 28px; box-shadow: 0 8px 24px #0006; }
.bezel { background: #111; padding: 10px; border-radius: 10px; }
#screen { display: block; width: ${width * scale}px; height: ${height * scale}px; image-rendering: pixelated; background: #000; }
.leds { display: flex; gap: 10px; margin: 10px 4px; color: #aab; font-size: 11px; }
.led::before { content: ""; display: inline-block; width: 9px; height: 9px; border-radius: 50%; background: #333; margin-right: 4px; vertical-align: -1px; }
.led.on::before { background: #3f3; box-shadow: 0 0 6px #3f3; }
.led.error.on::before { background: #f33; box-shadow: 0 0 6px #f33; }
.keypad { margin-top: 8px; }
.keyrow { display: flex; gap: 10px; justify-content: center; margin-top: 10px; }
.key { width: 72px; height: 44px; border: 0; border-radius: 10px; font: 600 16px system-ui, sans-serif, "${PAGE_FONT_FAMILY}"; background: #f4f5f7; color: #222; box-shadow: 0 3px 0 #999; cursor: pointer; }
.key:active, .key.pressed { transform: translateY(2px); box-shadow: 0 1px 0 #999; }
.key.cancel { background: #d9363e; color: #fff; } .key.clear { background: #f0b429; } .key.enter { background: #2f9e44; color: #fff; }
.key.function { background: #cfd4da; } .key.blank { visibility: hidden; }
.panel { background: #fff; border-radius: 10px; padding: 12px 14px; box-shadow: 0 2px 8px #0002; width: 400px; box-sizing: border-box; }
.panel h2 { font-size: 14px; margin: 0 0 8px; color: #345; }
.column { display: flex; flex-direction: column; gap: 16px; }
label { display: block; margin: 4px 0; }
.panel.printer { width: auto; }
#paper { background: #fffef8; border: 1px solid #ccc; width: 384px; min-height: 80px; max-height: 780px; overflow-y: auto; }
#paper canvas { display: block; }
#paper-status { color: #777; font-size: 12px; }
#log { font: 12px ui-monospace, monospace, "${PAGE_FONT_FAMILY}"; height: 380px; overflow-y: auto; white-space: pre-wrap; background: #f8f9fa; border: 1px solid #ddd; padding: 6px; }
#log .host { color: #1864ab; } #log .sim { color: #555; }
#screen-text { font: 16px ui-monospace, monospace, "${PAGE_FONT_FAMILY}"; color: #ccd; margin: 8px 4px 0; white-space: pre; max-width: ${width * scale}px; overflow: hidden; }
.faults button { margin: 3px 2px; }
#problem { color: #c92a2a; font-size: 12px; min-height: 1em; }
</style>
</head>
<body>
<div class="terminal">
  <div class="bezel"><canvas id="screen" width="${width}" height="${height}"></canvas></div>
  <div class="leds">${Object.keys(board.leds)
		.map((name) => `<span class="led ${name}" data-led="${name}">${name}</span>`)
		.join("")}<span id="beeps">♪ 0</span></div>
  <div class="keypad">${keypad}</div>
  <pre id="screen-text" aria-live="polite"></pre>
</div>
<div class="column">
  <div class="panel" id="card-slot">
    <h2>刷卡 · Card slot</h2>
    <label>Card <select id="card">${cards}</select></label>
    <label>Speed <input id="ips" type="range" min="5" max="60" value="20"> <span id="ips-value">20</span> ips</label>
    <label>Direction <select id="direction"><option value="forward">forward</option><option value="reverse">reverse</option></select></label>
    <label>Quality <select id="quality">${qualities}</select></label>
    <button id="swipe">Swipe ▸</button>
    <h2>插卡 / 挥卡 · Chip</h2>
    <label>Chip card <select id="chip">${chips}</select></label>
    <label>Fault <select id="chip-fault">${chipFaults}</select></label>
    <button id="insert">Insert ▾</button> <button id="remove">Remove ▴</button> <button id="tap">Tap ⌁</button>
  </div>
  <div class="panel faults">
    <h2>Faults</h2>
    <button data-fault="power-cut">Power cut</button>
    <button data-fault="paper-out">Paper out</button><button data-fault="paper-in">Load paper</button>
    <button data-fault="cover-open">Cover open</button><button data-fault="cover-closed">Close cover</button>
    <button data-fault="tamper">Tamper</button>
    <button data-fault="network-down">Network down</button><button data-fault="network-up">Network up</button>
    <div id="problem"></div>
  </div>
  <div class="panel"><h2>Log (simulator and acquirer host)</h2><div id="log"></div></div>
</div>
<div class="column">
  <div class="panel printer"><h2>打印机 · Printer</h2><div id="paper"></div><div id="paper-status">no paper printed yet</div></div>
</div>
<script>
"use strict";
const SHORTCUTS = ${JSON.stringify(shortcuts)};
const canvas = document.getElementById("screen");
const ctx = canvas.getContext("2d");
// One request at a time, so keys reach the terminal in the order they were pressed.
let pending = Promise.resolve();
const post = (path, body) => (pending = pending.then(() => fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }))
  .then((r) => r.ok ? "" : r.text(), (e) => String(e)).then((problem) => { document.getElementById("problem").textContent = problem; }));
const press = (key) => {
  const button = document.querySelector('.key[data-key="' + CSS.escape(key) + '"]');
  if (button) { button.classList.add("pressed"); setTimeout(() => button.classList.remove("pressed"), 120); }
  return post("/key", { key });
};
document.querySelectorAll(".key[data-key]").forEach((b) => b.addEventListener("click", () => press(b.dataset.key)));
document.addEventListener("keydown", (e) => {
  if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
  const key = SHORTCUTS[e.key];
  if (key) { e.preventDefault(); press(key); }
});
document.getElementById("ips").addEventListener("input", (e) => { document.getElementById("ips-value").textContent = e.target.value; });
document.getElementById("swipe").addEventListener("click", () => post("/swipe", {
  card: document.getElementById("card").value,
  ips: Number(document.getElementById("ips").value),
  reverse: document.getElementById("direction").value === "reverse",
  quality: document.getElementById("quality").value,
}));
document.getElementById("insert").addEventListener("click", () => post("/insert", {
  profile: document.getElementById("chip").value,
  fault: document.getElementById("chip-fault").value || undefined,
}));
document.getElementById("remove").addEventListener("click", () => post("/remove", {}));
document.getElementById("tap").addEventListener("click", () => post("/tap", {
  profile: document.getElementById("chip").value,
  fault: document.getElementById("chip-fault").value || undefined,
}));
document.querySelectorAll("[data-fault]").forEach((b) => b.addEventListener("click", () => post("/fault", { kind: b.dataset.fault })));
function drawFrame(rect, base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const image = ctx.createImageData(rect.w, rect.h);
  for (let i = 0, p = 0; i < bytes.length; i += 2, p += 4) {
    const c = bytes[i] | (bytes[i + 1] << 8);
    image.data[p] = ((c >> 11) & 31) * 255 / 31;
    image.data[p + 1] = ((c >> 5) & 63) * 255 / 63;
    image.data[p + 2] = (c & 31) * 255 / 31;
    image.data[p + 3] = 255;
  }
  ctx.putImageData(image, rect.x, rect.y);
}
const log = document.getElementById("log");
// A reconnected stream sends the recent log again: each line (numbered by the session) is shown once.
let lastLogSeq = 0;
function addLog(event) {
  if (event.seq <= lastLogSeq) return;
  lastLogSeq = event.seq;
  const line = document.createElement("div");
  line.className = event.source;
  line.textContent = event.time + " " + event.source + "  " + event.text;
  log.appendChild(line);
  log.scrollTop = log.scrollHeight;
}
const paperBox = document.getElementById("paper");
let paperCanvas = null;
function drawPaper(event) {
  if (event.fromRow === 0 || !paperCanvas) { paperBox.textContent = ""; paperCanvas = null; }
  if (event.heightDots === 0) { document.getElementById("paper-status").textContent = "no paper printed yet"; return; }
  const grown = document.createElement("canvas");
  grown.width = event.widthDots;
  grown.height = event.heightDots;
  const g = grown.getContext("2d");
  g.fillStyle = "#fffef8";
  g.fillRect(0, 0, grown.width, grown.height);
  if (paperCanvas) g.drawImage(paperCanvas, 0, 0);
  const bytes = Uint8Array.from(atob(event.rows), (c) => c.charCodeAt(0));
  const stride = Math.ceil(event.widthDots / 8), count = bytes.length / stride;
  if (count > 0) {
    const image = g.createImageData(event.widthDots, count);
    for (let y = 0; y < count; y++) for (let x = 0; x < event.widthDots; x++) {
      const dot = (bytes[y * stride + (x >> 3)] >> (7 - (x & 7))) & 1, p = (y * event.widthDots + x) * 4;
      image.data[p] = image.data[p + 1] = image.data[p + 2] = dot ? 20 : 255; image.data[p + 3] = 255;
    }
    g.putImageData(image, 0, event.fromRow);
  }
  if (paperCanvas) paperCanvas.replaceWith(grown); else paperBox.appendChild(grown);
  paperCanvas = grown;
  paperBox.scrollTop = paperBox.scrollHeight;
  document.getElementById("paper-status").textContent = event.heightDots + " dot rows (" + (event.heightDots / 8).toFixed(0) + " mm)";
}
let events = new EventSource("/events");
function onEvent(message) {
  const event = JSON.parse(message.data);
  if (event.type === "frame") drawFrame(event.rect, event.rgb565);
  else if (event.type === "screen") document.getElementById("screen-text").textContent = event.text;
  else if (event.type === "log") addLog(event);
  else if (event.type === "paper") drawPaper(event);
  else if (event.type === "indicators") {
    document.querySelectorAll("[data-led]").forEach((el) => el.classList.toggle("on", event.leds[el.dataset.led] === true));
    document.getElementById("beeps").textContent = "♪ " + event.beeps;
  }
}
events.onmessage = onEvent;
</script>
</body>
</html>
`;
}
