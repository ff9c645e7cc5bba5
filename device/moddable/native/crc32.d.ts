/** CRC-32 (ISO-HDLC; check value 0xCBF43926) of `bytes[start, end)`, computed natively (hal/storage.ts `Crc32`). */
export default function crc32(bytes: Uint8Array, start: number, end: number): number;
