import { assert } from "../../support/assert.js";
import { failureLines } from "../../../src/app/failure-text.js";
import type { Aftermath, OnlineFailure } from "../../../src/app/online-failure.js";
import type { LinkFailure } from "../../../src/host-link/host-link.js";
import { codecError } from "../../../src/iso8583/codec-error.js";

const LINK_FAILURES: readonly LinkFailure[] = [
	{ kind: "bad-request", error: codecError("bad-length", 4, 0, "too long") },
	{ kind: "mac-unavailable", error: { kind: "key-missing", slot: "mak" } },
	{ kind: "connect-failed", error: { kind: "no-link" } },
	{ kind: "send-failed", error: { kind: "io", detail: "reset" } },
	{ kind: "timeout" },
	{ kind: "closed", error: { kind: "io", detail: "reset" } },
	{ kind: "malformed", error: codecError("truncated", "length", 0, "short") },
	{ kind: "mismatch", field: "11", expected: "000001", actual: "000002" },
	{ kind: "mac-invalid", missing: true },
	{ kind: "mac-invalid", missing: false },
];

const NONE: Aftermath = { kind: "none" };

describe("failure screens name the real cause (issue 12 item 11)", () => {
	for (const language of ["zh", "en"] as const) {
		it(`gives each link failure its own text, and only a timeout says so (${language})`, () => {
			const first = LINK_FAILURES.map((failure) => failureLines({ kind: "link", failure, after: NONE }, language));
			assert.equal(new Set(first.map((lines) => lines[0])).size, LINK_FAILURES.length, JSON.stringify(first));
			const timeoutWord = language === "zh" ? "超时" : "in time";
			first.forEach((lines, i) =>
				assert.equal(lines.join(" ").includes(timeoutWord), LINK_FAILURES[i]!.kind === "timeout", lines.join(" ")),
			);
		});
	}

	it("mentions a reversal only when one was sent or is owed", () => {
		const failure: LinkFailure = { kind: "timeout" };
		const lines = (after: Aftermath) => failureLines({ kind: "link", failure, after }, "zh");
		assert.deepEqual(lines(NONE), ["主机应答超时"]);
		assert.deepEqual(lines({ kind: "reversed", reason: "98" }), ["主机应答超时", "已冲正 (98)"]);
		assert.deepEqual(lines({ kind: "reversal-owed", reason: "98" }), ["主机应答超时", "冲正未完成 (98), 下次联机前重发"]);
		assert.ok(!lines({ kind: "advice-kept" }).join(" ").includes("冲正"));
	});

	it("says why an owed reversal is still owed, and 冲正不成功 once the automatic tries are used up", () => {
		const owed = (exhausted: boolean, why: Extract<OnlineFailure, { kind: "reversal-owed" }>["why"]) =>
			failureLines({ kind: "reversal-owed", stan: 7, exhausted, why }, "zh");
		assert.deepEqual(owed(false, { kind: "answer", code: "96", signed: true }), [
			"上笔交易冲正未完成, 本次未联机",
			"主机未确认冲正: 应答 96",
		]);
		assert.deepEqual(owed(true, { kind: "answer", code: "00", signed: false }), [
			"上笔交易冲正未完成, 本次未联机",
			"冲正应答缺少MAC (00)",
			"冲正不成功, 请与客服联系",
		]);
		assert.deepEqual(owed(false, { kind: "link", failure: { kind: "timeout" } })[1], "主机应答超时");
	});

	it("names a refused partial approval with its amount", () => {
		assert.deepEqual(
			failureLines(
				{ kind: "partial-refused", requestedFen: 1000, approvedFen: 600, after: { kind: "reversed", reason: "06" } },
				"en",
			),
			["Partial approval of 6.00 not accepted", "Reversed (06)"],
		);
	});
});
