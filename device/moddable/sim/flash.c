/*
 * The simulator's flash partitions (flash.js): NOR flash as the ESP32's SPI flash behaves (ESP-IDF
 * "SPI Flash API": erase by 4 KB sector to 0xFF; a write can only clear bits). Each partition name opens the
 * same area every time, allocated once outside the XS heap and never freed, like the chip's flash.
 */

#include "xsmc.h"

#define SECTOR_BYTES 4096
#define PARTITION_BYTES (1024 * 1024)
#define PARTITIONS 4
#define NAME_BYTES 16

typedef struct {
	char name[NAME_BYTES];
	uint8_t *bytes;
} SimPartition;

static SimPartition partitions[PARTITIONS];

static SimPartition *partitionNamed(xsMachine *the, const char *name)
{
	int i;
	if (c_strlen(name) >= NAME_BYTES)
		xsRangeError("partition name too long");
	for (i = 0; i < PARTITIONS; i++) {
		if (partitions[i].bytes && !c_strcmp(partitions[i].name, name))
			return &partitions[i];
	}
	for (i = 0; i < PARTITIONS; i++) {
		if (!partitions[i].bytes) {
			partitions[i].bytes = c_malloc(PARTITION_BYTES);
			if (!partitions[i].bytes)
				xsUnknownError("no memory for the simulated flash");
			c_memset(partitions[i].bytes, 0xFF, PARTITION_BYTES);
			c_strcpy(partitions[i].name, name);
			return &partitions[i];
		}
	}
	xsUnknownError("too many flash partitions");
	return NULL;
}

static SimPartition *partitionOf(xsMachine *the)
{
	SimPartition *partition = xsmcGetHostData(xsThis);
	if (!partition)
		xsUnknownError("closed");
	return partition;
}

/* offset and byteLength within the partition, or a RangeError. */
static void checkRange(xsMachine *the, int offset, int byteLength)
{
	if (offset < 0 || byteLength < 0 || offset > PARTITION_BYTES || byteLength > PARTITION_BYTES - offset)
		xsRangeError("outside the partition");
}

/* The partitions outlive their instances, as the chip's flash does. */
void xs_posterm_sim_flash_destructor(void *data)
{
}

void xs_posterm_sim_flash(xsMachine *the)
{
	xsmcSetHostData(xsThis, partitionNamed(the, xsmcToString(xsArg(0))));
}

void xs_posterm_sim_flash_erase(xsMachine *the)
{
	SimPartition *partition = partitionOf(the);
	int sector = xsmcToInteger(xsArg(0));
	checkRange(the, sector * SECTOR_BYTES, SECTOR_BYTES);
	c_memset(partition->bytes + sector * SECTOR_BYTES, 0xFF, SECTOR_BYTES);
}

void xs_posterm_sim_flash_read(xsMachine *the)
{
	SimPartition *partition = partitionOf(the);
	int offset = xsmcToInteger(xsArg(0));
	int byteLength = xsmcToInteger(xsArg(1));
	checkRange(the, offset, byteLength);
	xsmcSetArrayBuffer(xsResult, partition->bytes + offset, byteLength);
}

void xs_posterm_sim_flash_write(xsMachine *the)
{
	SimPartition *partition = partitionOf(the);
	int offset = xsmcToInteger(xsArg(0));
	int byteLength = xsmcToInteger(xsArg(1));
	void *data;
	xsUnsignedValue count;
	uint8_t *source, *target;
	int i;
	checkRange(the, offset, byteLength);
	xsmcGetBufferReadable(xsArg(2), &data, &count);
	if ((xsUnsignedValue)byteLength > count)
		xsRangeError("buffer shorter than byteLength");
	source = data;
	target = partition->bytes + offset;
	for (i = 0; i < byteLength; i++)
		target[i] &= source[i];
}

void xs_posterm_sim_flash_byteLength(xsMachine *the)
{
	partitionOf(the);
	xsmcSetInteger(xsResult, PARTITION_BYTES);
}

void xs_posterm_sim_flash_blockSize(xsMachine *the)
{
	partitionOf(the);
	xsmcSetInteger(xsResult, SECTOR_BYTES);
}
