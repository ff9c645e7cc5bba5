// Native binding of the device's CRC-32 (crc32.c: the ESP32 ROM's crc32_le). XS host-function syntax, so
// this one module stays JavaScript; crc32.d.ts gives it its type.
export default function crc32(bytes, start, end) @ "xs_posterm_crc32";
