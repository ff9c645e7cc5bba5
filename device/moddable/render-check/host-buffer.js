// The host function of host-buffer.c. XS host-function syntax, so this module stays JavaScript; host-buffer.d.ts types it.
export function hostBuffer(bytes) @ "xs_render_check_host_buffer";
