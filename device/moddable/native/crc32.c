/*
 * crc32(bytes, start, end): CRC-32 (ISO-HDLC, as ISO 3309 / ITU-T V.42: reflected polynomial 0xEDB88320,
 * initial value and final XOR 0xFFFFFFFF; check value CRC-32("123456789") = 0xCBF43926) of bytes[start, end),
 * the journal's checksum (src/journal/crc32.ts is the JavaScript reference it is checked against).
 *
 * ESP32: the ROM's esp_rom_crc32_le (ESP-IDF esp_rom_crc.h), whose initial value 0 stands for a fresh
 * computation (it applies the initial and final XOR itself). Elsewhere (Moddable's simulator, x-cli-lin):
 * a table-driven loop in plain C, the table built on first use.
 */

#include "xsmc.h"

#if ESP32
	#include "esp_rom_crc.h"
#endif

#if !ESP32
static uint32_t gTable[256];
static uint8_t gTableBuilt = 0;

static uint32_t crc32(const uint8_t *bytes, uint32_t length)
{
	uint32_t c = 0xFFFFFFFF;
	if (!gTableBuilt) {
		for (uint32_t n = 0; n < 256; n++) {
			uint32_t t = n;
			for (int k = 0; k < 8; k++)
				t = (t & 1) ? (0xEDB88320 ^ (t >> 1)) : (t >> 1);
			gTable[n] = t;
		}
		gTableBuilt = 1;
	}
	while (length--)
		c = gTable[(c ^ *bytes++) & 0xFF] ^ (c >> 8);
	return c ^ 0xFFFFFFFF;
}
#endif

void xs_posterm_crc32(xsMachine *the)
{
	void *data;
	xsUnsignedValue count;
	xsIntegerValue start = xsmcToInteger(xsArg(1));
	xsIntegerValue end = xsmcToInteger(xsArg(2));
	uint32_t crc;

	xsmcGetBufferReadable(xsArg(0), &data, &count);
	if ((start < 0) || (end < start) || ((xsUnsignedValue)end > count))
		xsRangeError("crc32: range outside the bytes");
#if ESP32
	crc = esp_rom_crc32_le(0, (const uint8_t *)data + start, (uint32_t)(end - start));
#else
	crc = crc32((const uint8_t *)data + start, (uint32_t)(end - start));
#endif
	xsmcSetNumber(xsResult, (double)crc);
}
