// The browser simulator's HTTP side (Node core http only): the page, a Server-Sent Events stream of what
// the terminal shows, and POST endpoints for what the user does. Listens on 127.0.0.1 only.
//
//   GET  /            the page          GET /events      event stream (SimEvent JSON per message)
//   GET  /screen.png  the panel as PNG  GET /screen.txt  the screen model as text
//   GET  /font.ttf    the terminal's own font (bitmap-truetype.ts), for the page's Chinese text
//   POST /key {key}   POST /swipe {card, ips, reverse, quality}   POST /insert {profile, fault?}   POST /remove
//   POST /tap {profile, fault?, holdMs?}   POST /fault {kind}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isKeyCode } from "../../../hal/keypad.js";
import { screenText } from "../../../src/ui/screen.js";
import { isTestCardName, SWIPE_QUALITIES, type SwipeQuality } from "../card-slot.js";
import { framebufferPng } from "../framebuffer-png.js";
import { UNIFONT_SUBSET } from "../../../src/ui/render/font-data.js";
import { bitmapTrueType } from "./bitmap-truetype.js";
import { PAGE_FONT_FAMILY, simulatorPage } from "./page.js";
import { FAULT_KINDS, type FaultKind, type SimSession } from "../sim-session.js";

const MAX_BODY_BYTES = 4096;
const KEEPALIVE_MS = 15_000;

export interface WebSimulator {
	readonly port: number;
	readonly url: string;
	close(): Promise<void>;
}

class BadRequest extends Error {}

let pageFont: Uint8Array | undefined;

export function startWebSimulator(session: SimSession, port: number): Promise<WebSimulator> {
	const streams = new Set<ServerResponse>();
	const server: Server = createServer((request, response) => {
		handle(session, streams, request, response).catch((error: unknown) => {
			const status = error instanceof BadRequest ? 400 : 500;
			if (!response.headersSent) response.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
			response.end(`${(error as Error).message}\n`);
		});
	});
	const keepalive = setInterval(() => {
		for (const stream of streams) stream.write(": keepalive\n\n");
	}, KEEPALIVE_MS);
	keepalive.unref();
	return new Promise((resolve, reject) => {
		server.once("error", reject);
		server.listen(port, "127.0.0.1", () => {
			server.off("error", reject);
			const actual = (server.address() as AddressInfo).port;
			resolve({
				port: actual,
				url: `http://127.0.0.1:${actual}/`,
				close: () =>
					new Promise<void>((done) => {
						clearInterval(keepalive);
						for (const stream of streams) stream.end();
						server.close(() => done());
						server.closeAllConnections();
					}),
			});
		});
	});
}

async function handle(
	session: SimSession,
	streams: Set<ServerResponse>,
	request: IncomingMessage,
	response: ServerResponse,
): Promise<void> {
	const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
	const route = `${request.method} ${path}`;
	switch (route) {
		case "GET /":
			response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
			response.end(simulatorPage(session.board, session.language));
			return;
		case "GET /events": {
			response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
			const send = (event: unknown) => response.write(`data: ${JSON.stringify(event)}\n\n`);
			for (const event of session.snapshot()) send(event);
			const unsubscribe = session.subscribe(send);
			streams.add(response);
			request.on("close", () => {
				unsubscribe();
				streams.delete(response);
			});
			return;
		}
		case "GET /font.ttf":
			pageFont ??= bitmapTrueType(UNIFONT_SUBSET, PAGE_FONT_FAMILY);
			response.writeHead(200, { "content-type": "font/ttf", "cache-control": "max-age=3600" });
			response.end(pageFont);
			return;
		case "GET /screen.png":
			response.writeHead(200, { "content-type": "image/png", "cache-control": "no-store" });
			response.end(framebufferPng(session.desktop.hal.display));
			return;
		case "GET /screen.txt":
			response.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
			response.end(`${screenText(session.desktop.terminal.screen)}\n`);
			return;
		case "POST /key": {
			const { key } = await jsonBody(request);
			if (typeof key !== "string" || !isKeyCode(key)) throw new BadRequest(`unknown key ${JSON.stringify(key)}`);
			session.press(key);
			return noContent(response);
		}
		case "POST /swipe": {
			const body = await jsonBody(request);
			const { card, ips, reverse, quality } = body;
			if (typeof card !== "string" || !isTestCardName(card)) throw new BadRequest(`unknown test card ${JSON.stringify(card)}`);
			if (typeof ips !== "number" || !(ips >= 3 && ips <= 100)) throw new BadRequest("ips must be a number from 3 to 100");
			if (typeof quality !== "string" || !SWIPE_QUALITIES.includes(quality as SwipeQuality))
				throw new BadRequest(`quality must be one of ${SWIPE_QUALITIES.join(", ")}`);
			const problem = session.swipe({ card, ips, reverse: reverse === true, quality: quality as SwipeQuality, seed: 1 });
			if (problem) throw new BadRequest(problem);
			return noContent(response);
		}
		case "POST /insert": {
			const { profile, fault } = await jsonBody(request);
			if (typeof profile !== "string") throw new BadRequest("profile must be a chip card's profile name");
			if (fault !== undefined && typeof fault !== "string") throw new BadRequest("fault must be a fault's name");
			const problem = session.insertChip({ profile, ...(fault ? { fault } : {}) });
			if (problem) throw new BadRequest(problem);
			return noContent(response);
		}
		case "POST /tap": {
			const { profile, fault, holdMs } = await jsonBody(request);
			if (typeof profile !== "string") throw new BadRequest("profile must be a chip card's profile name");
			if (fault !== undefined && typeof fault !== "string") throw new BadRequest("fault must be a fault's name");
			if (holdMs !== undefined && !(typeof holdMs === "number" && Number.isInteger(holdMs) && holdMs >= 1 && holdMs <= 60_000))
				throw new BadRequest("holdMs must be a whole number of milliseconds from 1 to 60000");
			const problem = session.tapChip({ profile, ...(fault ? { fault } : {}), ...(holdMs ? { holdMs } : {}) });
			if (problem) throw new BadRequest(problem);
			return noContent(response);
		}
		case "POST /remove":
			session.removeChip();
			return noContent(response);
		case "POST /fault": {
			const { kind } = await jsonBody(request);
			if (typeof kind !== "string" || !FAULT_KINDS.includes(kind as FaultKind))
				throw new BadRequest(`unknown fault ${JSON.stringify(kind)}`);
			session.fault(kind as FaultKind);
			return noContent(response);
		}
		default:
			response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
			response.end(`no route ${route}\n`);
	}
}

function noContent(response: ServerResponse): void {
	response.writeHead(204);
	response.end();
}

async function jsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
	let size = 0;
	const chunks: Buffer[] = [];
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) throw new BadRequest("request body too large");
		chunks.push(chunk as Buffer);
	}
	try {
		const value: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
		if (typeof value !== "object" || value === null || Array.isArray(value)) throw new BadRequest("expected a JSON object");
		return value as Record<string, unknown>;
	} catch (error) {
		if (error instanceof BadRequest) throw error;
		throw new BadRequest("body is not JSON");
	}
}
