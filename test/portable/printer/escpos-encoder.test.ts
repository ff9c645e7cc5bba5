import { assert } from "../../support/assert.js";
import { EscPosEncoder, RASTER_MAX_ROWS, statusRequest } from "../../../src/printer/escpos-encoder.js";

const enc = () => new EscPosEncoder();

describe("ESC/POS encoder", () => {
	it("starts a job with ESC @ and Chinese mode on (FS &)", () => {
		assert.bytes(enc().initialise().bytes(), "1B401C26");
	});

	it("encodes the mode commands with the bytes of the command reference", () => {
		assert.bytes(enc().size(2, 2).size(1, 1).size(3, 1).bytes(), "1D21111D21001D2120");
		assert.bytes(enc().bold(true).bold(false).bytes(), "1B45011B4500");
		assert.bytes(enc().underline("thick").underline("off").bytes(), "1B2D021C2D021B2D001C2D00");
		assert.bytes(enc().align("left").align("centre").align("right").bytes(), "1B61001B61011B6102");
		assert.bytes(enc().lineSpacing(24).lineSpacing().bytes(), "1B33181B32");
		assert.bytes(enc().chineseMode(false).codePage(0).chineseMode(true).bytes(), "1C2E1B74001C26");
		assert.bytes(enc().feedLines(4).feedDots(300).bytes(), "1B64041B4AFF");
	});

	it("rejects a character size outside 1–8", () => {
		assert.throws(() => enc().size(0, 1));
		assert.throws(() => enc().size(1, 9));
	});

	it("cuts with GS V 65/66 n (feed, then cut)", () => {
		assert.bytes(enc().cut("full", 16).cut("partial").bytes(), "1D5641101D564200");
	});

	it("sends text as GBK and LF-terminated lines", () => {
		assert.bytes(enc().line("RMB 1.00").text("中文").bytes(), "524D4220312E30300AD6D0CEC4");
	});

	it("replaces a character GBK lacks with □ and counts it", () => {
		const e = enc().text("a😀b");
		assert.bytes(e.bytes(), "61A1F562");
		assert.equal(e.replacedCharacters, 1);
	});

	it("encodes a QR code as model, size, level, store (length + 3) and print", () => {
		const data = Uint8Array.of(0x31, 0x32, 0x33);
		assert.bytes(
			enc().qrCode(data, { moduleDots: 5, errorCorrection: "Q" }).bytes(),
			"1D286B040031413200" + "1D286B0300314305" + "1D286B0300314532" + "1D286B0600315030313233" + "1D286B0300315130",
		);
	});

	it("refuses empty QR data and module sizes outside 1–16", () => {
		assert.throws(() => enc().qrCode(new Uint8Array(0)));
		assert.throws(() => enc().qrCode(Uint8Array.of(1), { moduleDots: 17 }));
	});

	it("encodes CODE128 set B with height, width and HRI below, doubling a literal {", () => {
		assert.bytes(enc().barcode128("A{1", { heightDots: 50, moduleDots: 2 }).bytes(), "1D68321D77021D48021D6B49067B42417B7B31");
		assert.throws(() => enc().barcode128("中"));
	});

	it("splits a raster image into GS v 0 bands of at most 255 rows", () => {
		const rows = RASTER_MAX_ROWS + 2;
		const image = new Uint8Array(2 * rows).fill(0xaa);
		const bytes = enc().raster(image, 2).bytes();
		assert.bytes(bytes.subarray(0, 8), "1D763000" + "0200" + "FF00");
		const second = 8 + 2 * RASTER_MAX_ROWS;
		assert.bytes(bytes.subarray(second, second + 8), "1D763000" + "0200" + "0200");
		assert.equal(bytes.length, 16 + image.length);
		assert.throws(() => enc().raster(new Uint8Array(3), 2));
	});

	it("keeps raster bands within a byte budget so each fits the printer's buffer", () => {
		const image = new Uint8Array(48 * 100);
		const bytes = enc().raster(image, 48, 4096).bytes();
		assert.bytes(bytes.subarray(0, 8), "1D76300030005500"); // 85 rows × 48 = 4080 bytes
		assert.bytes(bytes.subarray(8 + 4080, 8 + 4080 + 8), "1D76300030000F00"); // the other 15
		assert.throws(() => enc().raster(image, 48, 40));
	});

	it("builds the real-time status request DLE EOT n and the automatic status back GS a n", () => {
		assert.bytes(statusRequest(1), "100401");
		assert.bytes(statusRequest(4), "100404");
		assert.bytes(enc().automaticStatusBack(0x0e).bytes(), "1D610E");
	});

	it("grows its buffer past the initial size without losing bytes", () => {
		const e = enc();
		for (let i = 0; i < 300; i++) e.line("0123456789");
		const bytes = e.bytes();
		assert.equal(bytes.length, 300 * 11);
		assert.bytes(bytes.subarray(bytes.length - 11), "303132333435363738390A");
	});
});
