/*
 * The platform-free half of the magnetic-stripe capture (magstripe-capture.c holds the ESP-IDF half): a channel's
 * buffer of transition intervals in timer ticks, filled piece by piece from the receive interrupt, and the
 * conversion of ticks to microseconds. Plain C99 with no ESP-IDF or XS header, so the host compiles and tests it
 * (test/native/capture-buffer-test.c, run by `npm test`).
 */

#ifndef CAPTURE_BUFFER_H
#define CAPTURE_BUFFER_H

#include <stddef.h>
#include <stdint.h>

/* One RMT level lasts at most 32,767 ticks (15-bit duration field, ESP-IDF rmt_symbol_word_t). */
#define kCaptureMaxTicks (32767)

typedef struct {
	uint16_t *ticks;		/* durations of this swipe, in ticks, in capture order */
	uint32_t capacity;		/* durations the array holds */
	uint32_t count;
	uint8_t overflow;		/* the swipe had more transitions than `capacity`: it is dropped, never cut short */
} CaptureBuffer;

/* Empties the buffer for the next swipe. */
void captureBufferReset(CaptureBuffer *buffer);

/*
 * Appends one received symbol's two level durations in ticks. A zero duration is the idle level that ended the
 * frame and is not an interval. Past `capacity` the buffer keeps what it has and flags overflow.
 */
void captureBufferAppend(CaptureBuffer *buffer, uint32_t duration0, uint32_t duration1);

/* Result of captureBufferRead besides a count. */
#define kCaptureOverflow (-1)
#define kCaptureOutTooSmall (-2)

/*
 * Copies the intervals out in whole microseconds, each rounded to the nearest as the tick timer measured it
 * (ticks × resolutionNs / 1000, half up). Returns the count, kCaptureOverflow, or kCaptureOutTooSmall when
 * `outLength` cannot hold them.
 */
int32_t captureBufferRead(const CaptureBuffer *buffer, uint32_t resolutionNs, uint32_t *out, uint32_t outLength);

/* NULL when a tick resolution, idle time and capacity make a usable capture, else what is wrong with them. */
const char *captureSettingsProblem(uint32_t resolutionNs, uint32_t idleUs, uint32_t capacity);

#endif
