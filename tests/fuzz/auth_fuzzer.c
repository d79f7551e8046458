/*
 * NAME
 *	auth_fuzzer 1
 * SUMMARY
 *	libFuzzer target: Authentication-Results parsing
 * SYNOPSIS
 *	auth_fuzzer [libFuzzer options] [corpus...]
 * DESCRIPTION
 *	Gives the input (up to 64 KiB, cut at the first NUL) to
 *	rp_auth_parse() as one header value, twice: with room for many
 *	results and a full-size authserv-id, and with room for one result
 *	and a one-byte authserv-id buffer, so that truncation is tested.
 */
#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "rp_auth.h"

/* LLVMFuzzerTestOneInput - parse with roomy and with tight buffers */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rp_auth_result results[16];
    char    id[256], tiny[1];
    char   *value;

    if (size > FUZZ_MAX_INPUT)
	return 0;
    value = fuzz_strndup(data, size);
    (void) rp_auth_parse(value, id, sizeof(id), results, 16);
    (void) rp_auth_parse(value, tiny, sizeof(tiny), results, 1);
    free(value);
    return 0;
}
