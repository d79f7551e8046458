/*
 * NAME
 *	weights_fuzzer 1
 * SUMMARY
 *	libFuzzer target: the symbol weights parser (symbols.conf)
 * SYNOPSIS
 *	weights_fuzzer [libFuzzer options] [corpus...]
 * DESCRIPTION
 *	Writes the input (up to 64 KiB) to a private temporary file and
 *	loads it with rp_weights_load(); when it loads, looks up a few
 *	names, including the empty one.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rp_weights.h"

/* LLVMFuzzerTestOneInput - load the input as symbols.conf */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const rp_symbol probes[] = {RP_SYM_NONE, RP_SYM_MIME_BROKEN, RP_SYM_LURE_2FA, RP_SYM_COUNT};
    rp_weights *weights;
    rp_error err;
    size_t  i;

    if (size > FUZZ_MAX_INPUT)
	return 0;
    memset(&err, 0, sizeof(err));
    weights = rp_weights_new();
    if (rp_weights_load(weights, fuzz_write("symbols.conf", data, size), 1, &err) == RP_OK)
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
	    (void) rp_weights_get(weights, probes[i]);
    rp_weights_free(weights);
    return 0;
}
