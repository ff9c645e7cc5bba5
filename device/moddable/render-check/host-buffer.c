/*
 * A copy of a buffer as a host buffer, the kind a Resource is on the device. The render check needs its font
 * atlases so: Poco's drawText reads an atlas held in a JavaScript ArrayBuffer through its first argument, the
 * text (modules/commodetto/commodettoPocoCore.c, xs_poco_drawText → pocoGetBitmapPixels(the, poco, cb, 0)), and
 * fails; over a host buffer the Bitmap holds a pointer and that path is not taken.
 */

#include "xsmc.h"
#include "xsHost.h"

#include <stdlib.h>
#include <string.h>

static void xs_render_check_host_buffer_destructor(void *data)
{
	free(data);
}

void xs_render_check_host_buffer(xsMachine *the)
{
	void *source, *copy;
	xsUnsignedValue length;

	xsmcGetBufferReadable(xsArg(0), &source, &length);
	copy = malloc(length ? length : 1);
	if (!copy)
		xsUnknownError("out of memory");
	memcpy(copy, source, length);
	xsResult = xsNewHostObject(xs_render_check_host_buffer_destructor);
	xsmcSetHostBuffer(xsResult, copy, length);
}
