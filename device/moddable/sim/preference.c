/*
 * The simulator's `preference` (preference.js): values by domain and key kept in files outside the XS heap, as
 * the ESP32 keeps them in NVS (ESP-IDF "Non-Volatile Storage Library"), so the simulator's heap figures count
 * only what the device holds in RAM. (The SDK's Linux module caches every value in the heap as JSON text.)
 * One file per value, `<root>/preferences/<domain>.<key>`: a type byte ('b', 'i', 's', 'a' for ArrayBuffer)
 * and the value. A set writes a temporary file and renames it over the old one, so a value is never torn.
 */

#include "xsmc.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

/* NVS limits namespaces and keys to 15 characters (ESP-IDF, NVS_KEY_NAME_MAX_SIZE 16 with its NUL). */
#define NAME_MAX_CHARS 15
/* Moddable's ESP32 preference refuses values over 4000 bytes (modules/files/preference/esp32). */
#define VALUE_MAX_BYTES 4000
#define PATH_BYTES 1024

static void checkName(xsMachine *the, const char *name)
{
	int i, length = (int)c_strlen(name);
	if (length < 1 || length > NAME_MAX_CHARS)
		xsRangeError("preference names are 1 to 15 characters");
	for (i = 0; i < length; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			xsRangeError("preference names are letters, digits, - and _");
	}
}

/* <root>/preferences, created when missing. */
static void folderPath(xsMachine *the, char *path)
{
	if (snprintf(path, PATH_BYTES, "%spreferences", xsmcToString(xsArg(0))) >= PATH_BYTES)
		xsRangeError("path too long");
	if (mkdir(path, 0700) && errno != EEXIST)
		xsUnknownError("cannot create the preference folder");
}

/* The value's file from (root, domain, key) in arguments 0..2. */
static void valuePath(xsMachine *the, char *path)
{
	char folder[PATH_BYTES];
	char domain[NAME_MAX_CHARS + 1];
	folderPath(the, folder);
	checkName(the, xsmcToString(xsArg(1)));
	c_strcpy(domain, xsmcToString(xsArg(1)));
	checkName(the, xsmcToString(xsArg(2)));
	if (snprintf(path, PATH_BYTES, "%s/%s.%s", folder, domain, xsmcToString(xsArg(2))) >= PATH_BYTES)
		xsRangeError("path too long");
}

/* set(root, domain, key, value) */
void xs_posterm_sim_preference_set(xsMachine *the)
{
	char path[PATH_BYTES], temporary[PATH_BYTES + 4];
	uint8_t type;
	const void *data;
	int32_t integer;
	uint8_t boolean;
	xsUnsignedValue size;
	FILE *file;
	valuePath(the, path);
	switch (xsmcTypeOf(xsArg(3))) {
	case xsBooleanType:
		type = 'b';
		boolean = xsmcToBoolean(xsArg(3)) ? 1 : 0;
		data = &boolean;
		size = 1;
		break;
	case xsIntegerType:
	case xsNumberType:
		type = 'i';
		integer = xsmcToInteger(xsArg(3));
		data = &integer;
		size = sizeof(integer);
		break;
	case xsStringType:
		type = 's';
		data = xsmcToString(xsArg(3));
		size = (xsUnsignedValue)c_strlen(data);
		break;
	default:
		if (!xsmcIsInstanceOf(xsArg(3), xsArrayBufferPrototype))
			xsTypeError("a preference is a boolean, an integer, a string or an ArrayBuffer");
		type = 'a';
		xsmcGetBufferReadable(xsArg(3), (void **)&data, &size);
		break;
	}
	if (size > VALUE_MAX_BYTES)
		xsRangeError("preference value too long");
	snprintf(temporary, sizeof(temporary), "%s.new", path);
	file = fopen(temporary, "wb");
	if (!file)
		xsUnknownError("cannot write the preference");
	if (fwrite(&type, 1, 1, file) != 1 || fwrite(data, 1, size, file) != size) {
		fclose(file);
		xsUnknownError("cannot write the preference");
	}
	if (fclose(file) || rename(temporary, path))
		xsUnknownError("cannot write the preference");
}

/* get(root, domain, key) → the value, or undefined */
void xs_posterm_sim_preference_get(xsMachine *the)
{
	char path[PATH_BYTES];
	uint8_t buffer[VALUE_MAX_BYTES + 2];
	size_t size;
	int32_t integer;
	FILE *file;
	valuePath(the, path);
	file = fopen(path, "rb");
	if (!file)
		return;
	size = fread(buffer, 1, sizeof(buffer), file);
	fclose(file);
	if (size < 1 || size > VALUE_MAX_BYTES + 1)
		xsUnknownError("unreadable preference");
	switch (buffer[0]) {
	case 'b':
		xsmcSetBoolean(xsResult, buffer[1] != 0);
		break;
	case 'i':
		c_memcpy(&integer, buffer + 1, sizeof(integer));
		xsmcSetInteger(xsResult, integer);
		break;
	case 's':
		buffer[size] = 0;
		xsmcSetString(xsResult, (char *)buffer + 1);
		break;
	case 'a':
		xsmcSetArrayBuffer(xsResult, buffer + 1, (xsUnsignedValue)(size - 1));
		break;
	default:
		xsUnknownError("unreadable preference");
	}
}

/* delete(root, domain, key) */
void xs_posterm_sim_preference_delete(xsMachine *the)
{
	char path[PATH_BYTES];
	valuePath(the, path);
	if (remove(path) && errno != ENOENT)
		xsUnknownError("cannot delete the preference");
}

/* keys(root, domain) → the domain's keys */
void xs_posterm_sim_preference_keys(xsMachine *the)
{
	char folder[PATH_BYTES];
	const char *domain;
	size_t length;
	DIR *directory;
	struct dirent *entry;
	int index = 0;
	folderPath(the, folder);
	checkName(the, xsmcToString(xsArg(1)));
	xsmcSetNewArray(xsResult, 0);
	xsmcVars(1);
	directory = opendir(folder);
	if (!directory)
		return;
	while ((entry = readdir(directory))) {
		domain = xsmcToString(xsArg(1));
		length = c_strlen(domain);
		if (!c_strncmp(entry->d_name, domain, length) && entry->d_name[length] == '.' && !c_strchr(entry->d_name + length + 1, '.')) {
			xsmcSetString(xsVar(0), entry->d_name + length + 1);
			xsmcSetIndex(xsResult, index++, xsVar(0));
		}
	}
	closedir(directory);
}
