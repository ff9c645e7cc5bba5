// The operator at a real station: instructions on the terminal, confirmations answered with y/n.

import { createInterface, type Interface } from "node:readline";
import type { Message } from "./jig-client.js";
import type { Operator } from "./station.js";

const INSTRUCTIONS: Readonly<Record<string, (event: Message) => string>> = {
	press: (e) => `press ${String(e.key)} (${String(e.index)}/${String(e.of)})`,
	swipe: (e) => `swipe the ${String(e.card)} test card`,
};

const QUESTIONS: readonly (readonly [RegExp, (event: Message) => string])[] = [
	[/^display\./, (e) => `does the display show ${String(e.pattern)} evenly, with no dead pixels?`],
	[/^indicators\.beeper$/, () => "did the unit beep?"],
	[/^indicators\.led\./, (e) => `is the ${String(e.led)} LED lit?`],
	[/^printer\.qr$/, (e) => `did a test page print, and does its QR code read ${String(e.serial)}?`],
];

export class ConsoleOperator implements Operator {
	readonly #output: NodeJS.WritableStream;
	readonly #lines: Interface;
	readonly #answers: string[] = [];
	readonly #waiting: ((answer: string) => void)[] = [];

	constructor(input: NodeJS.ReadableStream, output: NodeJS.WritableStream) {
		this.#output = output;
		this.#lines = createInterface({ input });
		this.#lines.on("line", (line) => {
			const waiter = this.#waiting.shift();
			if (waiter) waiter(line.trim().toLowerCase());
			else this.#answers.push(line.trim().toLowerCase());
		});
	}

	act(event: Message): void {
		const say = INSTRUCTIONS[String(event.step)];
		this.#output.write(`>>> ${say ? say(event) : String(event.step)}\n`);
	}

	async confirm(event: Message): Promise<{ pass: boolean }> {
		const step = String(event.step);
		const question = QUESTIONS.find(([pattern]) => pattern.test(step));
		this.#output.write(`??? ${question ? question[1](event) : step} [y/n] `);
		const answer = this.#answers.shift() ?? (await new Promise<string>((resolve) => this.#waiting.push(resolve)));
		return { pass: answer === "y" || answer === "yes" };
	}

	tell(text: string): void {
		this.#output.write(`    ${text}\n`);
	}

	close(): void {
		this.#lines.close();
	}
}
