// Commodetto's BufferOut (modules/commodetto/commodettoBufferOut.js in the Moddable SDK): a PixelsOut into an
// ArrayBuffer of the whole frame; @moddable/typings does not declare it.
declare module "commodetto/BufferOut" {
	import PixelsOut from "commodetto/PixelsOut";
	export default class BufferOut extends PixelsOut {
		constructor(dictionary: { width: number; height: number; pixelFormat: number; buffer?: ArrayBuffer });
		readonly buffer: ArrayBuffer;
	}
}
