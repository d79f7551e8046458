/*
 * NAME
 *	fuzz 3h
 * SUMMARY
 *	what the libFuzzer targets share
 * SYNOPSIS
 *	#include "fuzz.h"
 * DESCRIPTION
 *	Every <target>_fuzzer.c defines LLVMFuzzerTestOneInput() and may
 *	define LLVMFuzzerInitialize().  Built with --enable-fuzzing they
 *	link libFuzzer's main; otherwise main.c replays the checked-in
 *	inputs through them.  Inputs are capped so that a run measures the
 *	code, not the size of what the fuzzer grew.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_MAX_MESSAGE	(1024 * 1024)	/* whole messages */
#define FUZZ_MAX_INPUT		(64 * 1024)	/* everything else */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int     LLVMFuzzerInitialize(int *argc, char ***argv);

/* fuzz_strndup - NUL-terminated copy (stops at an embedded NUL); caller frees */
char   *fuzz_strndup(const uint8_t *data, size_t size);

/* fuzz_tmpdir - a private directory, made once, removed at exit */
const char *fuzz_tmpdir(void);

/* fuzz_write - replace dir/name with data; returns the path (static buffer) */
const char *fuzz_write(const char *name, const uint8_t *data, size_t size);

#endif
