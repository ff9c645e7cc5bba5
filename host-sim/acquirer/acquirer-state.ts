// The simulated acquirer's books: per-terminal sign-in state and working keys, account balances and holds,
// every transaction with its status, batch uploads and settlements. Plain JSON so it persists to a file
// (acquirer-state-file.ts writes it atomically after every request) and survives restarts.

import type { TransactionKind } from "../../src/iso8583/transaction-matrix.js";
import type { AcquirerConfig } from "./acquirer-config.js";

export interface TerminalBooks {
	signedIn: boolean;
	/** Batch number given at sign-in (60.2); the terminal increments it after settlement. */
	batch: number;
	/** Clear working keys, hex (the acquirer's HSM view). */
	pik?: string;
	mak?: string;
	tdk?: string;
	/** The IC parameter versions the terminal finished downloading (ic-param-server.ts). */
	icKeysVersion?: number;
	icAidsVersion?: number;
}

export interface AccountBooks {
	balanceFen: number;
	/** Open pre-authorisation holds, fen. */
	heldFen: number;
	pinTriesLeft: number;
}

export type TransactionStatus = "approved" | "reversed";

export interface TransactionRecord {
	readonly terminalId: string;
	readonly merchantId: string;
	readonly batch: number;
	readonly stan: number;
	readonly kind: TransactionKind;
	readonly pan: string;
	readonly amountFen: number;
	readonly rrn: string;
	readonly authCode: string;
	/** Host date MMDD. */
	readonly date: string;
	readonly domestic: boolean;
	status: TransactionStatus;
	/** Set on a sale or completion once voided; on a pre-authorisation once voided or completed. */
	closedBy?: "void" | "completion";
	/** Sum of refunds against this sale or completion, fen. */
	refundedFen: number;
	/** The transaction this one voids, completes or refunds (its RRN). */
	readonly originalRrn?: string;
}

export interface SettlementRecord {
	readonly terminalId: string;
	readonly batch: number;
	readonly balanced: { readonly domestic: boolean; readonly foreign: boolean };
	readonly uploaded: number;
}

export interface AcquirerBooks {
	terminals: Record<string, TerminalBooks>;
	accounts: Record<string, AccountBooks>;
	transactions: TransactionRecord[];
	/** Request keys (41/42/batch/STAN) seen, for duplicate detection (94). */
	seen: Record<string, true>;
	uploads: Record<string, number>;
	settlements: SettlementRecord[];
	nextRrn: number;
	nextAuth: number;
}

export function freshBooks(config: AcquirerConfig): AcquirerBooks {
	const books: AcquirerBooks = {
		terminals: {},
		accounts: {},
		transactions: [],
		seen: {},
		uploads: {},
		settlements: [],
		nextRrn: 1,
		nextAuth: 1,
	};
	return reconcileBooks(books, config);
}

/** Adds books for terminals and accounts the configuration gained since the state was saved. */
export function reconcileBooks(books: AcquirerBooks, config: AcquirerConfig): AcquirerBooks {
	for (const t of config.terminals) books.terminals[t.terminalId] ??= { signedIn: false, batch: 1 };
	for (const a of config.accounts)
		books.accounts[a.pan] ??= { balanceFen: a.balanceFen, heldFen: 0, pinTriesLeft: a.status === "pin-blocked" ? 0 : a.pinTries };
	return books;
}
