import { assert } from "../../support/assert.js";
import { decodeOps, encodeOps, type TxnEntry } from "../../../src/journal/journal-entries.js";
import { sale } from "./journal-fixtures.js";

describe("journal: the amount asked for beside a partial approval", () => {
	it("round-trips a partially approved sale: the approved amount and the amount asked for", () => {
		const txn: TxnEntry = {
			...sale(5, 600),
			status: "approved",
			responseCode: "10",
			requestedFen: 1000,
			original: { stan: 1, batch: 1, rrn: "000000000001", date: "0310", authCode: "" },
		};
		const decoded = decodeOps(encodeOps([{ op: "txn", txn }]));
		assert.deepEqual(decoded, [{ op: "txn", txn }]);
	});

	it("reads a record written without it (flag 8 clear, as before the field existed) as a full approval", () => {
		const decoded = decodeOps(encodeOps([{ op: "txn", txn: { ...sale(6, 700), status: "approved" } }]));
		const txn = decoded?.[0]?.op === "txn" ? decoded[0].txn : undefined;
		assert.ok(txn !== undefined && txn.amountFen === 700 && !("requestedFen" in txn), JSON.stringify(txn));
	});
});
