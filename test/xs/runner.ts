// A mocha-compatible subset (describe/it/before/after/beforeEach/afterEach, .skip/.only not supported)
// for running the portable tests inside the XS engine (xsnap). Every line it prints is parsed by
// host-sim/tools/xs.ts, which compares the tests that ran with the tests the Node run found.

declare function print(...values: unknown[]): void;

type Body = () => void | Promise<void>;

interface Suite {
	readonly title: string;
	readonly parent: Suite | undefined;
	readonly children: (Suite | Test)[];
	readonly before: Body[];
	readonly after: Body[];
	readonly beforeEach: Body[];
	readonly afterEach: Body[];
	readonly file: string;
}

interface Test {
	readonly title: string;
	readonly body: Body;
	readonly suite: Suite;
}

function newSuite(title: string, parent: Suite | undefined, file: string): Suite {
	return { title, parent, children: [], before: [], after: [], beforeEach: [], afterEach: [], file };
}

let current: Suite = newSuite("", undefined, "");
const roots: Suite[] = [];

function fullTitle(suite: Suite | undefined, title: string): string {
	const parts: string[] = [title];
	for (let s = suite; s !== undefined; s = s.parent) if (s.title !== "") parts.unshift(s.title);
	return parts.join(" ");
}

function oneLine(text: string): string {
	return text.replace(/\s+/g, " ").trim();
}

function describeError(error: unknown): string {
	if (error instanceof Error) return oneLine(`${error.name}: ${error.message}`);
	return oneLine(String(error));
}

const g = globalThis as Record<string, unknown>;
g.describe = (title: string, body: () => void) => {
	const suite = newSuite(title, current, current.file);
	current.children.push(suite);
	const saved = current;
	current = suite;
	try {
		body();
	} finally {
		current = saved;
	}
};
g.it = (title: string, body: Body) => {
	current.children.push({ title, body, suite: current });
};
g.before = (body: Body) => current.before.push(body);
g.after = (body: Body) => current.after.push(body);
g.beforeEach = (body: Body) => current.beforeEach.push(body);
g.afterEach = (body: Body) => current.afterEach.push(body);

let passed = 0;
let failed = 0;

function eachHooks(suite: Suite, pick: (s: Suite) => Body[], outerFirst: boolean): Body[] {
	const chain: Suite[] = [];
	for (let s: Suite | undefined = suite; s !== undefined; s = s.parent) chain.push(s);
	if (outerFirst) chain.reverse();
	return chain.flatMap(pick);
}

async function runTest(test: Test): Promise<void> {
	const name = fullTitle(test.suite, test.title);
	try {
		for (const hook of eachHooks(test.suite, (s) => s.beforeEach, true)) await hook();
		await test.body();
		for (const hook of eachHooks(test.suite, (s) => s.afterEach, false)) await hook();
		passed++;
		print(`ok\t${test.suite.file}\t${name}`);
	} catch (error) {
		failed++;
		print(`not ok\t${test.suite.file}\t${name}\t${describeError(error)}`);
	}
}

async function runSuite(suite: Suite): Promise<void> {
	try {
		for (const hook of suite.before) await hook();
	} catch (error) {
		print(`hook failed\t${suite.file}\t${fullTitle(suite, "before")}\t${describeError(error)}`);
		return;
	}
	for (const child of suite.children) {
		if ("body" in child) await runTest(child);
		else await runSuite(child);
	}
	try {
		for (const hook of suite.after) await hook();
	} catch (error) {
		print(`hook failed\t${suite.file}\t${fullTitle(suite, "after")}\t${describeError(error)}`);
	}
}

export interface TestModule {
	/** The source file, as the Node run names it (test/portable/….test.ts). */
	readonly name: string;
	/** The compiled module, relative to this file. */
	readonly path: string;
}

/** Imports each test module, then runs every test it registered. */
export async function run(modules: readonly TestModule[]): Promise<void> {
	for (const { name, path } of modules) {
		const root = newSuite("", undefined, name);
		current = root;
		try {
			await import(path);
			roots.push(root);
		} catch (error) {
			print(`load failed\t${name}\t${describeError(error)}`);
		}
	}
	for (const root of roots) await runSuite(root);
	print(`xs: ${passed} passed, ${failed} failed`);
}
