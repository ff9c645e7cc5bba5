/*
 * Host test of the platform-free half of the magnetic-stripe capture (device/moddable/magstripe/capture-buffer.c),
 * compiled with the host's gcc by test/node/capture-buffer-native.test.ts. Prints one line per failed check and
 * "capture-buffer: N checks, N failed"; exits 1 on any failure.
 */

#include <stdio.h>
#include <string.h>

#include "capture-buffer.h"

static int checks, failures;

#define CHECK(condition) \
	do { \
		checks++; \
		if (!(condition)) { \
			failures++; \
			printf("FAILED line %d: %s\n", __LINE__, #condition); \
		} \
	} while (0)

/* RMT symbols as the receive interrupt delivers them: pairs of level durations in ticks. */
static void feed(CaptureBuffer *buffer, const uint32_t *durations, uint32_t count)
{
	uint32_t i;
	for (i = 0; i < count; i += 2) captureBufferAppend(buffer, durations[i], i + 1 < count ? durations[i + 1] : 0);
}

static void keepsIntervalsInOrderAndDropsTheIdleEnd(void)
{
	uint16_t ticks[16];
	uint32_t out[16];
	CaptureBuffer buffer = { ticks, 16, 0, 0 };
	/* Two pieces, the second ending with the idle level (a zero duration) that closed the frame. */
	const uint32_t first[] = { 476, 238, 240, 470 };
	const uint32_t second[] = { 481, 0 };

	captureBufferReset(&buffer);
	feed(&buffer, first, 4);
	feed(&buffer, second, 2);
	CHECK(captureBufferRead(&buffer, 1000, out, 16) == 5);
	CHECK(out[0] == 476 && out[1] == 238 && out[2] == 240 && out[3] == 470 && out[4] == 481);
}

static void roundsTicksToTheNearestMicrosecond(void)
{
	uint16_t ticks[4];
	uint32_t out[4];
	CaptureBuffer buffer = { ticks, 4, 0, 0 };

	/* 500 ns ticks: 3 ticks = 1.5 µs rounds up to 2; 1 tick = 0.5 µs to 1; 32,767 ticks = 16,383.5 µs to 16,384. */
	captureBufferReset(&buffer);
	captureBufferAppend(&buffer, 3, 1);
	captureBufferAppend(&buffer, kCaptureMaxTicks, 0);
	CHECK(captureBufferRead(&buffer, 500, out, 4) == 3);
	CHECK(out[0] == 2 && out[1] == 1 && out[2] == 16384);
	/* 12.5 ns ticks (80 MHz) are refused, 4 µs ticks the coarsest allowed. */
	CHECK(captureSettingsProblem(12, 20000, 2048) != NULL);
	CHECK(captureSettingsProblem(1000, 20000, 2048) == NULL);
	/* The idle time must fit one 15-bit level: 32.767 ms at 1 MHz. */
	CHECK(captureSettingsProblem(1000, 32767, 2048) == NULL);
	CHECK(captureSettingsProblem(1000, 32768, 2048) != NULL);
	CHECK(captureSettingsProblem(1000, 20000, 15) != NULL);
	CHECK(captureSettingsProblem(1000, 20000, 8193) != NULL);
}

static void fillsExactlyToCapacityWithoutOverflow(void)
{
	uint16_t ticks[8];
	uint32_t out[8];
	CaptureBuffer buffer = { ticks, 8, 0, 0 };
	uint32_t i;

	captureBufferReset(&buffer);
	for (i = 0; i < 4; i++) captureBufferAppend(&buffer, 100 + i, 50);
	CHECK(buffer.count == 8 && !buffer.overflow);
	CHECK(captureBufferRead(&buffer, 1000, out, 8) == 8);
	CHECK(captureBufferRead(&buffer, 1000, out, 7) == kCaptureOutTooSmall);
}

static void dropsASwipeLongerThanTheBufferAndRecoversOnReset(void)
{
	uint16_t ticks[64];
	uint32_t out[64];
	uint16_t guard[4] = { 0xBEEF, 0xBEEF, 0xBEEF, 0xBEEF };
	CaptureBuffer buffer = { ticks, 60, 0, 0 };
	uint32_t i;

	/* A track 1 swipe of ~1,260 transitions into a 60-interval buffer, in 48-symbol pieces. */
	captureBufferReset(&buffer);
	for (i = 0; i < 630; i++) captureBufferAppend(&buffer, 238, 238);
	CHECK(buffer.overflow == 1);
	CHECK(buffer.count == 60);
	CHECK(captureBufferRead(&buffer, 1000, out, 64) == kCaptureOverflow);
	/* Nothing was written past the capacity. */
	for (i = 60; i < 64; i++) ticks[i] = guard[i - 60];
	captureBufferAppend(&buffer, 1, 1);
	for (i = 60; i < 64; i++) CHECK(ticks[i] == 0xBEEF);
	/* The next swipe starts clean. */
	captureBufferReset(&buffer);
	captureBufferAppend(&buffer, 700, 350);
	CHECK(captureBufferRead(&buffer, 1000, out, 64) == 2);
	CHECK(out[0] == 700 && out[1] == 350);
}

static void readsNothingFromAnEmptySwipe(void)
{
	uint16_t ticks[4];
	uint32_t out[1];
	CaptureBuffer buffer = { ticks, 4, 0, 0 };

	captureBufferReset(&buffer);
	captureBufferAppend(&buffer, 0, 0);
	CHECK(captureBufferRead(&buffer, 1000, out, 0) == 0);
}

int main(void)
{
	keepsIntervalsInOrderAndDropsTheIdleEnd();
	roundsTicksToTheNearestMicrosecond();
	fillsExactlyToCapacityWithoutOverflow();
	dropsASwipeLongerThanTheBufferAndRecoversOnReset();
	readsNothingFromAnEmptySwipe();
	printf("capture-buffer: %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
