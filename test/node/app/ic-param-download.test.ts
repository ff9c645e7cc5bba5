// The IC parameter download at the daily sign-in, terminal against the acquirer simulator over TCP: the first
// sign-in downloads the CA keys and AIDs and stores them; the next keeps them; a new version at the acquirer
// (the sign-in answer's header asks for it) replaces them; a power cut at every durable write of that download
// leaves the old set or the new one, never a mix; a corrupted record or list, or a frame that does not decode,
// keeps the old set and the sign-in.

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig, type AcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import type { IcParamsConfig } from "../../../host-sim/acquirer/ic-param-server.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { loadIcParameters, caPublicKeys, type IcParameterSet } from "../../../src/params/ic-param-store.js";
import { signOn, terminalOn } from "../support/terminal-on-host.js";

/** The acquirer's configuration with its IC parameters replaceable during a test. */
function mutableConfig(): { config: AcquirerConfig; publish: (icParams: IcParamsConfig) => void } {
	const config = defaultAcquirerConfig();
	return { config, publish: (icParams) => ((config as { icParams: IcParamsConfig }).icParams = icParams) };
}

function stored(session: ScriptedTerminal): IcParameterSet | undefined {
	const loaded = loadIcParameters(session.hal.storage.records);
	assert.ok(loaded.ok, JSON.stringify(loaded));
	return loaded.value;
}

const asServed = (p: IcParamsConfig): IcParameterSet => ({ caKeys: p.caKeys, aids: p.aids });

function sameSet(a: IcParameterSet | undefined, b: IcParameterSet): boolean {
	try {
		assert.deepEqual(a, b);
		return true;
	} catch {
		return false;
	}
}

/** Sign-in from the management menu (9, 1). */
async function signInAgain(session: ScriptedTerminal): Promise<void> {
	session.keys("ENTER", "9", "1");
	await session.until(() => ["idle", "notice"].includes(session.terminal.state.kind) && !session.terminal.busy, "after the sign-in");
	if (session.terminal.state.kind === "notice") session.keys("ENTER");
}

const steps = (host: AcquirerHost, code: string) =>
	host.log.entries.filter((e) => e.direction === "in" && e.fields?.["60"]?.slice(8, 11) === code).length;

describe("IC parameter download at sign-in (terminal over TCP)", () => {
	let host: AcquirerHost;
	let session: ScriptedTerminal;
	let publish: (icParams: IcParamsConfig) => void;
	let first: IcParamsConfig;

	beforeEach(async () => {
		const m = mutableConfig();
		publish = m.publish;
		first = m.config.icParams;
		host = await AcquirerHost.start({ config: m.config, port: 0 });
		session = terminalOn(host);
		await signOn(session);
	});

	afterEach(async () => {
		session.stop();
		await host.stop();
	});

	it("downloads at the first sign-in, keeps the set at the next, and downloads again when the acquirer's version changes", async () => {
		assert.deepEqual(stored(session), asServed(first));
		assert.deepEqual(
			[steps(host, "372"), steps(host, "370"), steps(host, "371"), steps(host, "382"), steps(host, "380"), steps(host, "381")],
			[1, 2, 1, 2, 4, 1],
		);
		const keys = caPublicKeys(stored(session)!);
		assert.deepEqual(keys.find(first.caKeys[1]!.rid, 0x81)?.modulus, first.caKeys[1]!.modulus);
		await signInAgain(session);
		assert.equal(steps(host, "370"), 2, "nothing downloaded while the terminal holds the acquirer's version");
		const second = { ...first, version: 2, aids: first.aids.slice(0, 2) };
		publish(second);
		await signInAgain(session);
		assert.deepEqual(stored(session), asServed(second));
		assert.equal(steps(host, "371"), 2);
	});

	it("a power cut at each durable write of a new version's download leaves the old set or the new one; the next sign-in completes it", async () => {
		const second = { ...first, version: 2, aids: first.aids.slice(1, 3) };
		publish(second);
		for (let write = 1; ; write++) {
			session.armPowerCut(write);
			const boots = session.boots;
			session.keys("ENTER", "9", "1");
			await session.settle();
			if (session.boots === boots) {
				if (session.terminal.state.kind === "notice") session.keys("ENTER");
				assert.deepEqual(stored(session), asServed(second), `no cut at write ${write}: the download completes`);
				assert.ok(write > 10, `the download makes more than 10 writes (${write - 1})`);
				break;
			}
			const now = stored(session);
			assert.ok(
				sameSet(now, asServed(first)) || sameSet(now, asServed(second)),
				`after a cut at write ${write}: the old set or the new one`,
			);
			await signOn(session);
			await signInAgain(session);
			assert.deepEqual(stored(session), asServed(second), `after a cut at write ${write}, the next sign-in`);
			// The next round starts from the old set again, the acquirer on a version the terminal has not seen.
			publish(first);
			await signInAgain(session);
			assert.deepEqual(stored(session), asServed(first));
			publish({ ...second, version: second.version + write });
		}
	});

	it("a corrupted CA key, a list cut short, or an undecodable frame keeps the old set; the sign-in itself stands", async () => {
		publish({ ...first, version: 2, aids: first.aids.slice(0, 1) });
		const real = host.engine.handle.bind(host.engine);
		const tamper = (mutate: (code: string, field62: Uint8Array) => Uint8Array | undefined) => {
			(host.engine as { handle: typeof real }).handle = (request, frame, override) => {
				const answer = real(request, frame, override);
				const f62 = answer.response.fields.get(62);
				const code = request.fields["60"]?.slice(8, 11) ?? "";
				if (!(f62 instanceof Uint8Array) || !/^3[78]/.test(code)) return answer;
				const changed = mutate(code, f62.slice());
				return changed
					? { ...answer, response: { mti: answer.response.mti, fields: new Map([...answer.response.fields, [62, changed]]) } }
					: answer;
			};
		};
		tamper((code, f62) => (code === "370" ? ((f62[f62.length - 40]! ^= 1), f62) : undefined));
		await signInAgain(session);
		assert.equal(session.terminal.state.kind, "idle");
		assert.deepEqual(stored(session), asServed(first), "a CA key whose check value fails is refused");
		tamper((code, f62) => (code === "382" ? f62.subarray(0, f62.length - 3) : undefined));
		await signInAgain(session);
		assert.deepEqual(stored(session), asServed(first), "an AID list cut short is refused");
		(host.engine as { handle: typeof real }).handle = real;
		// The first 0820 after the sign-in is the CA key query.
		host.inject({ fault: { kind: "garbage" }, match: { mti: "0820" } });
		await signInAgain(session);
		assert.equal(session.terminal.state.kind, "idle");
		assert.deepEqual(stored(session), asServed(first), "a list answer that does not decode changes nothing");
		host.clearFaults();
		await signInAgain(session);
		assert.deepEqual(stored(session)!.aids.length, 1, "untampered, the new version arrives");
	});
});
