import { assert } from "../../support/assert.js";
import { MemoryRecordStore } from "../../../host-sim/hal/memory-storage.js";
import { PowerCut, PowerCutPlan } from "../../../host-sim/hal/power-cut.js";
import { PARAM_NAMES, PARAM_SCHEMA, defaultParams } from "../../../src/params/schema.js";
import { validateParam, withChanges } from "../../../src/params/validate.js";
import { PARAMS_RECORD, loadParams, saveParams } from "../../../src/params/param-store.js";
import { utf8Decode, utf8Encode } from "../../../src/text/utf8.js";

describe("terminal parameters", () => {
	it("has defaults that all pass their own validation", () => {
		const defaults = defaultParams();
		for (const name of PARAM_NAMES) assert.ok(validateParam(name, defaults[name]).ok, name);
		assert.equal(defaults.acquirerHost, "127.0.0.1");
		assert.equal(defaults.slipCopies, 2);
		assert.equal(defaults.forcePasswordChange, false);
	});

	it("rejects values outside the schema with a typed error naming the rule", () => {
		assert.deepEqual(validateParam("slipCopies", 4), { ok: false, error: { kind: "format", name: "slipCopies", rule: "1..3" } });
		assert.deepEqual(validateParam("slipCopies", 0), { ok: false, error: { kind: "format", name: "slipCopies", rule: "1..3" } });
		assert.deepEqual(validateParam("slipCopies", "2"), { ok: false, error: { kind: "type", name: "slipCopies", expected: "int" } });
		assert.deepEqual(validateParam("terminalId", "1234567"), {
			ok: false,
			error: { kind: "format", name: "terminalId", rule: "8 digits" },
		});
		assert.deepEqual(validateParam("terminalId", "1234567A"), {
			ok: false,
			error: { kind: "format", name: "terminalId", rule: "digits only" },
		});
		assert.deepEqual(validateParam("language", "fr"), { ok: false, error: { kind: "format", name: "language", rule: "zh | en" } });
		assert.equal(validateParam("tpdu", "60000300").ok, false);
		assert.equal(validateParam("acquirerHost", "bad host").ok, false);
		assert.equal(validateParam("merchantName", "").ok, false);
		assert.equal(validateParam("manualEntryAllowed", 1).ok, false);
		assert.deepEqual(validateParam("colour", "red"), { ok: false, error: { kind: "unknown", name: "colour" } });
		assert.equal(validateParam("maxAmountFen", PARAM_SCHEMA.maxAmountFen.max + 1).ok, false);
	});

	it("normalises hex to upper case and accepts host names", () => {
		assert.deepEqual(validateParam("tpdu", "60000a0000"), { ok: true, value: "60000A0000" });
		assert.ok(validateParam("acquirerHost", "acq.example.cn").ok);
	});

	it("applies a set of changes all or nothing", () => {
		const base = defaultParams();
		const bad = withChanges(base, { slipCopies: 3, terminalId: "x" });
		assert.equal(bad.ok, false);
		const good = withChanges(base, { slipCopies: 3, language: "en" });
		assert.ok(good.ok && good.value.slipCopies === 3 && good.value.language === "en");
		assert.equal(base.slipCopies, 2, "the base is not modified");
	});

	it("persists through the record store and reloads after a reboot", () => {
		const power = new PowerCutPlan();
		const store = new MemoryRecordStore(power);
		assert.deepEqual(loadParams(store), { ok: true, value: defaultParams() });
		const saved = saveParams(store, defaultParams(), { merchantName: "测试商户二", acquirerPort: 6001 });
		assert.ok(saved.ok);
		const rebooted = new MemoryRecordStore(new PowerCutPlan(), store.durable());
		const loaded = loadParams(rebooted);
		assert.ok(loaded.ok && loaded.value.merchantName === "测试商户二" && loaded.value.acquirerPort === 6001);
	});

	it("keeps the old parameters when power fails during the save", () => {
		const store = new MemoryRecordStore(new PowerCutPlan(1));
		assert.throws(() => saveParams(store, defaultParams(), { slipCopies: 1 }), PowerCut);
		const rebooted = new MemoryRecordStore(new PowerCutPlan(), store.durable());
		assert.deepEqual(loadParams(rebooted), { ok: true, value: defaultParams() });
	});

	it("reports a damaged or invalid stored record instead of using it", () => {
		const store = new MemoryRecordStore(new PowerCutPlan());
		store.set(PARAMS_RECORD, Uint8Array.of(0x7b, 0xff));
		store.commit();
		assert.deepEqual(loadParams(store), { ok: false, error: { kind: "damaged" } });
		store.set(PARAMS_RECORD, utf8Encode(JSON.stringify({ slipCopies: 9 })));
		store.commit();
		const loaded = loadParams(store);
		assert.ok(!loaded.ok && loaded.error.kind === "invalid");
	});

	it("fills parameters that an older record lacks with their defaults", () => {
		const store = new MemoryRecordStore(new PowerCutPlan());
		store.set(PARAMS_RECORD, utf8Encode(JSON.stringify({ terminalId: "20000002" })));
		store.commit();
		const loaded = loadParams(store);
		assert.ok(loaded.ok && loaded.value.terminalId === "20000002" && loaded.value.slipCopies === 2);
	});
});

describe("UTF-8 records", () => {
	it("round-trips ASCII, Chinese and astral characters", () => {
		for (const s of ["posterm", "测试商户", "a€😀z"]) assert.equal(utf8Decode(utf8Encode(s)), s);
		assert.bytes(utf8Encode("商"), "E59586");
	});

	it("rejects truncated, overlong and stray continuation bytes", () => {
		assert.equal(utf8Decode(Uint8Array.of(0xe5, 0x95)), undefined);
		assert.equal(utf8Decode(Uint8Array.of(0xc0, 0x80)), undefined);
		assert.equal(utf8Decode(Uint8Array.of(0x80)), undefined);
		assert.equal(utf8Decode(Uint8Array.of(0xe0, 0x80, 0x80)), undefined);
	});

	it("rejects the lead bytes F5–FF that RFC 3629 excludes (F8 80 80 once read as U+8000)", () => {
		for (const lead of [0xf5, 0xf8, 0xfb, 0xfc, 0xfe, 0xff])
			assert.equal(utf8Decode(Uint8Array.of(lead, 0x80, 0x80, 0x80)), undefined, lead.toString(16));
		assert.equal(utf8Decode(Uint8Array.of(0xf8, 0x80, 0x80)), undefined);
		assert.equal(utf8Decode(Uint8Array.of(0xf4, 0x8f, 0xbf, 0xbf)), "\u{10FFFF}");
	});
});
