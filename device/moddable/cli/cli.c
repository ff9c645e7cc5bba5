/*
 * The command-line host of the check programs (crypto-check, render-check; Moddable x-cli-lin builds no main of
 * its own): creates the XS machine from the linked preparation, imports the program's main module (the manifest's
 * define cli.main), and gives it three host functions: the whole of stdin as a string, a line to stdout, and a
 * marker that does nothing (callgrind's --dump-before target, so the instructions between two markers can be
 * read from the dumps).
 */

#include "xsAll.h"
#include "mc.xs.h"
#include "mc.defines.h"

#include <stdio.h>
#include <stdlib.h>

void fxAbort(xsMachine *the, int status)
{
	exit(status);
}

void xs_cli_input(xsMachine *the)
{
	size_t length = 0, capacity = 4096;
	char *text = malloc(capacity + 1);
	size_t got;

	if (!text)
		xsUnknownError("out of memory");
	while ((got = fread(text + length, 1, capacity - length, stdin)) > 0) {
		length += got;
		if (length == capacity) {
			char *bigger = realloc(text, capacity * 2 + 1);
			if (!bigger) {
				free(text);
				xsUnknownError("out of memory");
			}
			text = bigger;
			capacity *= 2;
		}
	}
	text[length] = 0;
	xsResult = xsString(text);
	free(text);
}

void xs_cli_print(xsMachine *the)
{
	fputs(xsToString(xsArg(0)), stdout);
	fputc('\n', stdout);
	fflush(stdout);
}

void __attribute__((noinline)) xs_cli_mark(xsMachine *the)
{
	__asm__ volatile("" ::: "memory");
}

int main(int argc, char *argv[])
{
	static txMachine root;
	txMachine *machine = &root;
	txPreparation *preparation = xsPreparation();
	int status = 0;

	c_memset(machine, 0, sizeof(txMachine));
	machine->preparation = preparation;
	machine->keyArray = preparation->keys;
	machine->keyCount = (txID)preparation->keyCount + (txID)preparation->creation.initialKeyCount;
	machine->keyIndex = (txID)preparation->keyCount;
	machine->nameModulo = preparation->nameModulo;
	machine->nameTable = preparation->names;
	machine->symbolModulo = preparation->symbolModulo;
	machine->symbolTable = preparation->symbols;
	machine->stack = &preparation->stack[0];
	machine->stackBottom = &preparation->stack[0];
	machine->stackTop = &preparation->stack[preparation->stackCount];
	machine->firstHeap = &preparation->heap[0];
	machine->freeHeap = &preparation->heap[preparation->heapCount - 1];
	machine->aliasCount = (txID)preparation->aliasCount;
	machine = fxCloneMachine(&preparation->creation, machine, "cli", NULL);

	xsBeginHost(machine);
	{
		xsVars(1);
		xsTry {
			xsResult = xsAwaitImport(MODDEF_CLI_MAIN, XS_IMPORT_NAMESPACE);
		}
		xsCatch {
			fprintf(stderr, "### %s\n", xsToString(xsException));
			status = 1;
		}
	}
	xsEndHost(machine);
	xsDeleteMachine(machine);
	return status;
}
