// Network (docs/factory-mode.md §4, "network"): the link is up, then an ISO 8583 0820 echo test (60.3 = 301)
// against the jig's host simulator (params.host, params.port), which must answer 39 = 00. No MAC key is
// loaded on a factory unit, so the echo goes without field 64.

import { HostLink } from "../../host-link/host-link.js";
import { DEFAULT_TPDU } from "../../iso8583/iso-message.js";
import { buildEcho } from "../../iso8583/requests.js";
import { parseManagementResponse } from "../../iso8583/responses.js";
import { numberParam, type FactoryTest } from "../factory-test.js";

function text(params: Readonly<Record<string, unknown>>, name: string, fallback: string): string {
	const value = params[name];
	return typeof value === "string" ? value : fallback;
}

export const networkCheck: FactoryTest = {
	id: "network",
	description: "link up, then an ISO 8583 echo (0820/0830) against the jig's host (params.host, params.port)",
	params: {
		host: "string",
		port: "number",
		connectTimeoutMs: "number",
		responseTimeoutMs: "number",
		header: "string",
		terminalId: "string",
		merchantId: "string",
	},
	timeoutMs: 60000,
	async run(context) {
		const { hal, outcome, params } = context;
		outcome.note("signal_bars", hal.network.signalBars, "bars");
		if (!outcome.measure("link", hal.network.linkUp ? 1 : 0, "bool", 1, 1, "NO_LINK")) return;
		const host = params.host,
			port = params.port;
		if (typeof host !== "string" || typeof port !== "number") return outcome.skip("no echo host in the plan");
		const link = new HostLink(
			{ network: hal.network, clock: hal.clock, secure: hal.secure },
			{
				host,
				port,
				connectTimeoutMs: numberParam(params, "connectTimeoutMs", 5000),
				responseTimeoutMs: numberParam(params, "responseTimeoutMs", 10000),
				tpdu: DEFAULT_TPDU,
				header: text(params, "header", "603100310000"),
			},
		);
		const context8583 = {
			terminalId: text(params, "terminalId", "10000001"),
			merchantId: text(params, "merchantId", "898310058120001"),
			batch: 1,
			operator: "01",
			readCapability: "2",
		};
		const started = hal.clock.monotonicMs();
		const exchange = await link.exchange(buildEcho(context8583, 1));
		if (context.aborted) return;
		if (!exchange.ok) return outcome.fail("ECHO_FAILED", exchange.error.kind);
		outcome.note("echo_rtt_ms", hal.clock.monotonicMs() - started, "ms");
		const answer = parseManagementResponse(exchange.value.response);
		if (!answer.ok) return outcome.fail("ECHO_MALFORMED", `field ${answer.error.field}: ${answer.error.detail}`);
		outcome.measure(
			"echo_rc",
			answer.value.responseCode === "00" ? 0 : Number(answer.value.responseCode) || -1,
			"code",
			0,
			0,
			"ECHO_DECLINED",
			answer.value.responseCode,
		);
	},
};
