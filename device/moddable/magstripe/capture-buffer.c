/*
 * The platform-free half of the magnetic-stripe capture: see capture-buffer.h.
 */

#include "capture-buffer.h"

void captureBufferReset(CaptureBuffer *buffer)
{
	buffer->count = 0;
	buffer->overflow = 0;
}

static void appendOne(CaptureBuffer *buffer, uint32_t duration)
{
	if (!duration) return;
	if (buffer->count < buffer->capacity) buffer->ticks[buffer->count++] = (uint16_t)duration;
	else buffer->overflow = 1;
}

void captureBufferAppend(CaptureBuffer *buffer, uint32_t duration0, uint32_t duration1)
{
	appendOne(buffer, duration0);
	appendOne(buffer, duration1);
}

int32_t captureBufferRead(const CaptureBuffer *buffer, uint32_t resolutionNs, uint32_t *out, uint32_t outLength)
{
	uint32_t i;

	if (buffer->overflow) return kCaptureOverflow;
	if (buffer->count > outLength) return kCaptureOutTooSmall;
	for (i = 0; i < buffer->count; i++) out[i] = (uint32_t)(((uint64_t)buffer->ticks[i] * resolutionNs + 500) / 1000);
	return (int32_t)buffer->count;
}

const char *captureSettingsProblem(uint32_t resolutionNs, uint32_t idleUs, uint32_t capacity)
{
	if ((resolutionNs < 25) || (resolutionNs > 4000)) return "resolutionNs out of range";
	if (((uint64_t)idleUs * 1000) / resolutionNs > kCaptureMaxTicks) return "idleUs longer than one RMT level can time";
	if ((capacity < 16) || (capacity > 8192)) return "capacity out of range";
	return NULL;
}
