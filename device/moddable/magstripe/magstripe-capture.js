// Native binding of the RMT capture (magstripe-capture.c). XS host-function syntax, so this module stays
// JavaScript; magstripe-capture.d.ts gives it its type.
export default class MagstripeCapture {
	constructor(options) @ "xs_magstripe_capture";
	read(channel, intervals) @ "xs_magstripe_capture_read";
	close() @ "xs_magstripe_capture_close";
}
