// Stand-in for Moddable's `flash` in the desktop simulator (flash.c): NOR semantics (erase sets 0xFF, a write
// only clears bits), one 1 MB area per partition name, kept outside the XS heap as a device's flash is, so the
// simulator's heap figures count only what the device would hold in RAM. Contents last until the simulator quits.
// XS host-function syntax, so this module stays JavaScript.

export default class Flash @ "xs_posterm_sim_flash_destructor" {
	constructor(partition) @ "xs_posterm_sim_flash";
	erase(sector) @ "xs_posterm_sim_flash_erase";
	read(offset, byteLength) @ "xs_posterm_sim_flash_read";
	write(offset, byteLength, buffer) @ "xs_posterm_sim_flash_write";
	get byteLength() @ "xs_posterm_sim_flash_byteLength";
	get blockSize() @ "xs_posterm_sim_flash_blockSize";
}
