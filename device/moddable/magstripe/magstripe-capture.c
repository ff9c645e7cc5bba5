/*
 * Magnetic-stripe capture: one RMT receive channel per head track (docs/device-magstripe-capture.md).
 *
 * The comparator after each head gap toggles its GPIO at every flux transition. An RMT RX channel times the
 * levels between toggles (rmt_symbol_word_t: two 15-bit durations with their levels) and ends a frame when a
 * level lasts longer than the idle time, which marks the end of the swipe on that track. Frames are longer
 * than the channel's RMT memory (up to ~1,260 transitions on track 1, docs/device-magstripe-capture.md), so
 * the receive runs in partial mode (ping-pong): each on_recv_done piece is copied, in the ISR, into this channel's own array of
 * durations; the last piece posts a message to the XS machine, which calls `onCapture(channel)` on the
 * capture object. JavaScript then copies the durations out with `read()`, which also re-arms the channel.
 *
 * Between the last piece and `read()`, the ISR does not touch the channel (no receive is pending), so the
 * array needs no lock. Durations are kept in RMT ticks (uint16_t) and converted to µs in `read()`; the buffer
 * and the conversion are plain C in capture-buffer.c, which the host compiles and tests. The
 * arrays may sit in PSRAM: CONFIG_RMT_ISR_IRAM_SAFE stays off, so the ISR never runs with the cache off.
 * The first level starts at the first transition, so every duration is one interval between transitions;
 * the idle level that ends the frame comes back as a zero duration and is dropped.
 *
 * ESP-IDF v6 `driver/rmt_rx.h` API; partial receive needs SOC_RMT_SUPPORT_RX_PINGPONG (ESP32-S3 and later;
 * not the classic ESP32, whose RMT RAM cannot hold a whole track 1 swipe).
 */

#include "xsmc.h"
#include "xsHost.h"
#include "mc.xs.h"

#include "driver/rmt_rx.h"
#include "soc/soc_caps.h"

#include "capture-buffer.h"

#if !SOC_RMT_SUPPORT_RX_PINGPONG
	#error "magstripe capture needs RMT RX ping-pong (partial receive): ESP32-S3, -C3, -C6, -H2 or later"
#endif

#define kMaxChannels (3)
/* One piece of a partial receive: the RMT memory block of one S3 RX channel is 48 symbols. */
#define kPieceSymbols (48)
/* The glitch filter, ns: pulses shorter than this are noise (RMT filter limit is ~3 µs at 80 MHz). */
#define kGlitchNs (1000)

typedef struct {
	rmt_channel_handle_t rmt;
	rmt_symbol_word_t piece[kPieceSymbols];	/* the driver's buffer for the current piece */
	CaptureBuffer buffer;					/* durations of this swipe, in RMT ticks */
} CaptureChannel;

/*
 * One head per terminal, so one capture, held statically: a message still queued after close() finds
 * `the == NULL` instead of freed memory.
 */
static struct {
	xsMachine *the;
	xsSlot obj;
	uint32_t resolutionNs;
	rmt_receive_config_t receive;
	uint8_t channelCount;
	CaptureChannel channels[kMaxChannels];
} gCapture;

static void captureDone(void *the, void *refcon, uint8_t *message, uint16_t messageLength);
static void closeCapture(void);

/* ISR context: copy one piece of received symbols; on the last piece, tell the XS machine. */
static bool IRAM_ATTR onReceive(rmt_channel_handle_t rmt, const rmt_rx_done_event_data_t *data, void *refcon)
{
	CaptureChannel *channel = &gCapture.channels[(uintptr_t)refcon];
	size_t i;

	for (i = 0; i < data->num_symbols; i++)
		captureBufferAppend(&channel->buffer, data->received_symbols[i].duration0, data->received_symbols[i].duration1);
	if (data->flags.is_last && gCapture.the)
		modMessagePostToMachineFromISR(gCapture.the, captureDone, refcon);
	return false;
}

/* XS machine context: one channel's swipe is complete. */
static void captureDone(void *the, void *refcon, uint8_t *message, uint16_t messageLength)
{
	if (!gCapture.the) return;		/* closed while the message was queued */
	xsBeginHost(gCapture.the);
	xsCall1(gCapture.obj, xsID_onCapture, xsInteger((uintptr_t)refcon));
	xsEndHost(gCapture.the);
}

static esp_err_t armChannel(CaptureChannel *channel)
{
	captureBufferReset(&channel->buffer);
	return rmt_receive(channel->rmt, channel->piece, sizeof(channel->piece), &gCapture.receive);
}

/* new MagstripeCapture({pins, resolutionNs, idleUs, capacity, onCapture}) */
void xs_magstripe_capture(xsMachine *the)
{
	uint32_t pinCount, resolutionNs, idleUs, capacity;
	const char *problem;
	uint8_t i;

	if (gCapture.the) xsUnknownError("magstripe capture already open");
	xsmcVars(2);
	xsmcGet(xsVar(0), xsArg(0), xsID_pins);
	xsmcGet(xsVar(1), xsVar(0), xsID_length);
	pinCount = xsmcToInteger(xsVar(1));
	if ((pinCount < 1) || (pinCount > kMaxChannels)) xsRangeError("1 to 3 pins");
	xsmcGet(xsVar(1), xsArg(0), xsID_resolutionNs);
	resolutionNs = xsmcToInteger(xsVar(1));
	xsmcGet(xsVar(1), xsArg(0), xsID_idleUs);
	idleUs = xsmcToInteger(xsVar(1));
	xsmcGet(xsVar(1), xsArg(0), xsID_capacity);
	capacity = xsmcToInteger(xsVar(1));
	problem = captureSettingsProblem(resolutionNs, idleUs, capacity);
	if (problem) xsRangeError("%s", problem);

	c_memset(&gCapture, 0, sizeof(gCapture));
	gCapture.resolutionNs = resolutionNs;
	gCapture.receive.signal_range_min_ns = kGlitchNs;
	gCapture.receive.signal_range_max_ns = idleUs * 1000;
	gCapture.receive.flags.en_partial_rx = 1;

	for (i = 0; i < pinCount; i++) {
		CaptureChannel *channel = &gCapture.channels[i];
		rmt_rx_channel_config_t config = {
			.clk_src = RMT_CLK_SRC_DEFAULT,
			.resolution_hz = 1000000000 / resolutionNs,
			.mem_block_symbols = kPieceSymbols,
		};
		rmt_rx_event_callbacks_t callbacks = { .on_recv_done = onReceive };

		xsmcGetIndex(xsVar(1), xsVar(0), i);
		config.gpio_num = xsmcToInteger(xsVar(1));
		gCapture.channelCount = i + 1;
		channel->buffer.capacity = capacity;
		channel->buffer.ticks = c_malloc(capacity * sizeof(uint16_t));
		if (!channel->buffer.ticks) {
			closeCapture();
			xsUnknownError("no memory");
		}
		if ((ESP_OK != rmt_new_rx_channel(&config, &channel->rmt)) ||
			(ESP_OK != rmt_rx_register_event_callbacks(channel->rmt, &callbacks, (void *)(uintptr_t)i)) ||
			(ESP_OK != rmt_enable(channel->rmt)) ||
			(ESP_OK != armChannel(channel))) {
			closeCapture();
			xsUnknownError("RMT receive setup failed");
		}
	}

	xsmcGet(xsVar(1), xsArg(0), xsID_onCapture);
	xsmcSet(xsThis, xsID_onCapture, xsVar(1));
	gCapture.obj = xsThis;
	xsRemember(gCapture.obj);
	gCapture.the = the;
}

/* read(channel, intervals: Uint32Array): copies the swipe's intervals in µs and re-arms the channel; returns the count, or -1 on overflow. */
void xs_magstripe_capture_read(xsMachine *the)
{
	uint32_t index = xsmcToInteger(xsArg(0));
	CaptureChannel *channel;
	void *data;
	xsUnsignedValue length;
	int32_t result;

	if (!gCapture.the) xsUnknownError("closed");
	if (index >= gCapture.channelCount) xsRangeError("no such channel");
	channel = &gCapture.channels[index];
	xsmcGetBufferWritable(xsArg(1), &data, &length);
	result = captureBufferRead(&channel->buffer, gCapture.resolutionNs, data, length / sizeof(uint32_t));
	if (result == kCaptureOutTooSmall) xsRangeError("intervals buffer too small");
	if (ESP_OK != armChannel(channel)) xsUnknownError("RMT receive re-arm failed");
	xsmcSetInteger(xsResult, result);
}

/* Stops the channels (no ISR after rmt_disable) and frees their buffers. */
static void closeCapture(void)
{
	uint8_t i;

	for (i = 0; i < gCapture.channelCount; i++) {
		CaptureChannel *channel = &gCapture.channels[i];
		if (channel->rmt) {
			rmt_disable(channel->rmt);
			rmt_del_channel(channel->rmt);
			channel->rmt = NULL;
		}
		if (channel->buffer.ticks) {
			c_free(channel->buffer.ticks);
			channel->buffer.ticks = NULL;
		}
	}
	gCapture.channelCount = 0;
}

void xs_magstripe_capture_close(xsMachine *the)
{
	if (!gCapture.the) return;
	closeCapture();
	gCapture.the = NULL;
	xsForget(gCapture.obj);
}
