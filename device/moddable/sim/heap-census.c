/*
 * The simulator's census of the XS heap, for the device check: after a collection, what the live slots and
 * chunks are, by kind, in this 64-bit simulator's bytes and as a 32-bit device lays them out (a slot is 16
 * bytes there, a chunk header 8 and a pointer 4, per xsAll.h's txSlot and txChunk). XS's instruments give only
 * totals; this says what the chunks hold. Reads XS's own structures, so it is built only for the simulator.
 */

#include "xsAll.h"
#include "xs.h"

enum {
	censusString, censusBigInt, censusArray, censusArrayBuffer, censusCode, censusTable, censusHost, censusRegExp,
	censusKey, censusOther, censusKinds
};
static const char* const gxCensusNames[censusKinds] = {
	"string", "bigint", "array", "arraybuffer", "code", "map-set-global", "host", "regexp", "key", "other"
};

#define mxCensusLargest 12
#define mxDeviceSlot 16
#define mxDeviceChunkHeader 8
#define mxDevicePointer 4

typedef struct {
	txSize bytes[censusKinds];
	txSize deviceBytes[censusKinds];
	txSize count[censusKinds];
	txSize largest[mxCensusLargest];
	txSize largestDevice[mxCensusLargest];
	txU1 largestKind[mxCensusLargest];
	txSize largestLength[mxCensusLargest];
} txCensus;

static txBoolean fxCensusInChunks(txMachine* the, void* data)
{
	txBlock* block = the->firstBlock;
	while (block) {
		if (((txByte*)data > (txByte*)block) && ((txByte*)data < block->current))
			return 1;
		block = block->nextBlock;
	}
	return 0;
}

static txSize fxCensusChunkSize(void* data)
{
	return ((txChunk*)(((txByte*)data) - sizeof(txChunk)))->size;
}

static void fxCensusAdd(txCensus* census, int kind, txSize bytes, txSize deviceBytes, txSize length)
{
	int i, j;
	census->bytes[kind] += bytes;
	census->deviceBytes[kind] += deviceBytes;
	census->count[kind]++;
	for (i = 0; i < mxCensusLargest; i++) {
		if (bytes > census->largest[i]) {
			for (j = mxCensusLargest - 1; j > i; j--) {
				census->largest[j] = census->largest[j - 1];
				census->largestDevice[j] = census->largestDevice[j - 1];
				census->largestKind[j] = census->largestKind[j - 1];
				census->largestLength[j] = census->largestLength[j - 1];
			}
			census->largest[i] = bytes;
			census->largestDevice[i] = deviceBytes;
			census->largestKind[i] = (txU1)kind;
			census->largestLength[i] = length;
			break;
		}
	}
}

/* A chunk's device size: its payload re-laid for 32 bits (`payload32`), an 8-byte header, 4-byte aligned. */
static txSize fxCensusDevice(txSize payload32)
{
	return ((payload32 + 3) & ~3) + mxDeviceChunkHeader;
}

static void fxCensusSlot(txMachine* the, txCensus* census, txSlot* slot)
{
	void* data;
	txSize size;
	switch (slot->kind) {
	case XS_STRING_KIND:
		data = slot->value.string;
		if (!fxCensusInChunks(the, data)) return;
		size = fxCensusChunkSize(data);
		fxCensusAdd(census, censusString, size, fxCensusDevice((txSize)c_strlen((char*)data) + 1), (txSize)c_strlen((char*)data));
		break;
	case XS_KEY_KIND:
		data = slot->value.key.string;
		if (!data || !fxCensusInChunks(the, data)) return;
		size = fxCensusChunkSize(data);
		fxCensusAdd(census, censusKey, size, fxCensusDevice((txSize)c_strlen((char*)data) + 1), 0);
		break;
	case XS_BIGINT_KIND:
		data = slot->value.bigint.data;
		if (!fxCensusInChunks(the, data)) return;
		size = fxCensusChunkSize(data);
		fxCensusAdd(census, censusBigInt, size, fxCensusDevice(slot->value.bigint.size * 4), slot->value.bigint.size);
		break;
	case XS_ARGUMENTS_SLOPPY_KIND:
	case XS_ARGUMENTS_STRICT_KIND:
	case XS_ARRAY_KIND:
	case XS_STACK_KIND:
		data = slot->value.array.address;
		if (!data || !fxCensusInChunks(the, data)) return;
		size = fxCensusChunkSize(data);
		fxCensusAdd(census, censusArray, size, fxCensusDevice((size - (txSize)sizeof(txChunk)) / (txSize)sizeof(txSlot) * mxDeviceSlot),
			slot->value.array.length);
		break;
	case XS_ARRAY_BUFFER_KIND:
		data = slot->value.arrayBuffer.address;
		if (!data || !fxCensusInChunks(the, data)) return;
		size = fxCensusChunkSize(data);
		fxCensusAdd(census, censusArrayBuffer, size, fxCensusDevice(size - (txSize)sizeof(txChunk)), size - (txSize)sizeof(txChunk));
		break;
	case XS_CODE_KIND:
		data = slot->value.code.address;
		if (!fxCensusInChunks(the, data)) return;
		size = fxCensusChunkSize(data);
		fxCensusAdd(census, censusCode, size, fxCensusDevice(size - (txSize)sizeof(txChunk)), 0);
		break;
	case XS_GLOBAL_KIND:
	case XS_MAP_KIND:
	case XS_SET_KIND:
		data = slot->value.table.address;
		if (!data || !fxCensusInChunks(the, data)) return;
		size = fxCensusChunkSize(data);
		fxCensusAdd(census, censusTable, size, fxCensusDevice(slot->value.table.length * mxDevicePointer), slot->value.table.length);
		break;
	case XS_HOST_KIND:
		data = slot->value.host.data;
		if (!data || !(slot->flag & XS_HOST_CHUNK_FLAG) || !fxCensusInChunks(the, data)) return;
		size = fxCensusChunkSize(data);
		fxCensusAdd(census, censusHost, size, fxCensusDevice(size - (txSize)sizeof(txChunk)), size - (txSize)sizeof(txChunk));
		break;
	case XS_REGEXP_KIND:
		data = slot->value.regexp.code;
		if (data && fxCensusInChunks(the, data)) {
			size = fxCensusChunkSize(data);
			fxCensusAdd(census, censusRegExp, size, fxCensusDevice(size - (txSize)sizeof(txChunk)), 0);
		}
		data = slot->value.regexp.data;
		if (data && fxCensusInChunks(the, data)) {
			size = fxCensusChunkSize(data);
			fxCensusAdd(census, censusRegExp, size, fxCensusDevice(size - (txSize)sizeof(txChunk)), 0);
		}
		break;
	case XS_IDS_KIND:
		data = slot->value.IDs;
		if (!data || !fxCensusInChunks(the, data)) return;
		size = fxCensusChunkSize(data);
		fxCensusAdd(census, censusOther, size, fxCensusDevice(size - (txSize)sizeof(txChunk)), 0);
		break;
	}
}

/*
 * census() → after a collection, a JSON string: {"slots", "chunkBytes" (this simulator's), "deviceChunkBytes"
 * (32-bit layout), "chunksInUse" (XS's own count), "kinds": {kind: [chunks, bytes, device bytes]}, "largest":
 * [[kind, bytes, device bytes, length (string characters, array items, buffer bytes)]…]}. No contents: a string
 * may hold card data.
 */
void xs_posterm_heap_census(xsMachine* the)
{
	txCensus* census = c_calloc(1, sizeof(txCensus));
	txSlot* heap;
	txSlot* slot;
	txSize total = 0, deviceTotal = 0;
	char* json;
	int i, n;
	if (!census) xsUnknownError("no memory");
	xsCollectGarbage();
	for (heap = the->firstHeap; heap; heap = heap->next) {
		for (slot = heap + 1; slot < heap->value.reference; slot++) {
			fxCensusSlot(the, census, slot);
		}
	}
	for (slot = the->stack; slot < the->stackTop; slot++)
		fxCensusSlot(the, census, slot);
	json = c_malloc(4096);
	if (!json) {
		c_free(census);
		xsUnknownError("no memory");
	}
	for (i = 0; i < censusKinds; i++) {
		total += census->bytes[i];
		deviceTotal += census->deviceBytes[i];
	}
	n = snprintf(json, 4096, "{\"slots\":%d,\"chunkBytes\":%d,\"deviceChunkBytes\":%d,\"chunksInUse\":%d,\"kinds\":{", (int)the->currentHeapCount, (int)total,
		(int)deviceTotal, (int)the->currentChunksSize);
	for (i = 0; i < censusKinds; i++)
		n += snprintf(json + n, 4096 - n, "%s\"%s\":[%d,%d,%d]", i ? "," : "", gxCensusNames[i], (int)census->count[i], (int)census->bytes[i],
			(int)census->deviceBytes[i]);
	n += snprintf(json + n, 4096 - n, "},\"largest\":[");
	for (i = 0; (i < mxCensusLargest) && census->largest[i]; i++)
		n += snprintf(json + n, 4096 - n, "%s[\"%s\",%d,%d,%d]", i ? "," : "", gxCensusNames[census->largestKind[i]], (int)census->largest[i],
			(int)census->largestDevice[i], (int)census->largestLength[i]);
	snprintf(json + n, 4096 - n, "]}");
	c_free(census);
	xsResult = xsString(json);
	c_free(json);
}
