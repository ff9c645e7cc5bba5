// What the application may reach (src/secure/application-modules.ts), spelled as Moddable
// resolves specifiers (from the manifest's module names) and as xsnap does (absolute paths).

import { assert } from "../../support/assert.js";
import { applicationModules, resolveSpecifier } from "../../../src/secure/application-modules.js";

describe("the application's modules", () => {
	const ALLOWED = [
		"src/terminal.js",
		"src/app/terminal-app",
		"src/card/pin-policy.js",
		"src/ui/render/font-data",
		"hal/result.js",
		"hal/keypad",
	];
	const WITHHELD = [
		"src/secure/secure-core",
		"src/secure/application-hal.js",
		"device/moddable/main",
		"device/moddable/main.js",
		"device/moddable/secure-element",
		"device/moddable/storage.js",
		"preference",
		"flash",
		"mc/config",
		"embedded:io/digital",
		"timer",
		"test/xs/compartment-probe.js",
		"src/app/../secure/secure-core.js",
		"src/./secure/key-store",
		"src//secure/key-store",
		"hal/../src/secure/secure-core",
	];

	it("may load the platform-free firmware and the hardware contract, on Moddable", () => {
		const rule = applicationModules("");
		for (const specifier of ALLOWED) assert.equal(rule(specifier), true, specifier);
	});

	it("may not load the secure element, the device entry, the device HAL, any platform module, or a path with dot segments", () => {
		const rule = applicationModules("");
		for (const specifier of WITHHELD) assert.equal(rule(specifier), false, specifier);
	});

	it("judges xsnap's absolute specifiers under the given root the same way", () => {
		const root = "/build/xs/";
		const rule = applicationModules(root);
		for (const specifier of ALLOWED) assert.equal(rule(root + specifier), true, specifier);
		for (const specifier of WITHHELD) assert.equal(rule(root + specifier), false, specifier);
		assert.equal(rule("/elsewhere/src/app/terminal-app.js"), false, "outside the root");
	});

	it("resolves relative imports against the importing module, on either spelling, and leaves the rest as written", () => {
		assert.equal(resolveSpecifier("../../hal/result.js", "src/app/terminal-app"), "hal/result.js");
		assert.equal(resolveSpecifier("./app/terminal-app.js", "src/terminal.js"), "src/app/terminal-app.js");
		assert.equal(resolveSpecifier("../../hal/result.js", "/build/xs/src/app/terminal-app.js"), "/build/xs/hal/result.js");
		assert.equal(resolveSpecifier("preference", "src/app/terminal-app"), "preference");
		assert.equal(resolveSpecifier("src/app/../secure/secure-core.js", "src/terminal.js"), "src/app/../secure/secure-core.js");
	});
});
