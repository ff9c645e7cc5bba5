/*
 * fillRandom(buffer): fills a writable buffer with random bytes.
 *
 * ESP32: esp_fill_random() reads the hardware RNG, which is a true random source while the RF subsystem
 * (Wi-Fi/BT) or the SAR ADC is running (ESP-IDF "Random Number Generation"; ESP32-S3 TRM §"Random Number
 * Generator"). posterm keeps Wi-Fi on, so the bytes are cryptographically strong.
 * Desktop simulator: getentropy() on lin and mac (the OS CSPRNG, at most 256 bytes per call); rand_s() on
 * win (RtlGenRandom; _CRT_RAND_S must be defined before stdlib.h, hence before xsmc.h).
 */

#if defined(_WIN32)
	#define _CRT_RAND_S
	#include <stdlib.h>
#endif

#include "xsmc.h"

#if ESP32
	#include "esp_random.h"
#elif !defined(_WIN32)
	#include <unistd.h>
	#include <sys/random.h>
#endif

void xs_posterm_fill_random(xsMachine *the)
{
	void *data;
	xsUnsignedValue count;

	xsmcGetBufferWritable(xsArg(0), &data, &count);
#if ESP32
	esp_fill_random(data, count);
#elif defined(_WIN32)
	{
		uint8_t *bytes = data;
		while (count > 0) {
			unsigned int word;
			size_t chunk = (count > sizeof(word)) ? sizeof(word) : count;
			if (rand_s(&word) != 0)
				xsUnknownError("rand_s failed");
			c_memcpy(bytes, &word, chunk);
			bytes += chunk;
			count -= chunk;
		}
	}
#else
	{
		uint8_t *bytes = data;
		while (count > 0) {
			size_t chunk = (count > 256) ? 256 : count;
			if (getentropy(bytes, chunk) != 0)
				xsUnknownError("getentropy failed");
			bytes += chunk;
			count -= chunk;
		}
	}
#endif
}
