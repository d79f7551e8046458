/*
 * NAME
 *	config_fuzzer 1
 * SUMMARY
 *	libFuzzer target: the configuration file parser
 * SYNOPSIS
 *	config_fuzzer [libFuzzer options] [corpus...]
 * DESCRIPTION
 *	Writes the input (up to 64 KiB) to a private temporary file and
 *	loads it with rp_config_load(); when it loads, reads back every
 *	key and value with rp_config_describe().
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rp_config.h"

/* show - rp_config_describe() callback: read every value */
static void show(void *ctx, const char *key, const char *value, const char *help)
{
    *(size_t *) ctx += strlen(key) + strlen(value);
}

/* LLVMFuzzerTestOneInput - load the input as regphish.conf */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rp_config *config;
    rp_error err;
    size_t  total = 0;

    if (size > FUZZ_MAX_INPUT)
	return 0;
    memset(&err, 0, sizeof(err));
    if (rp_config_load(fuzz_write("regphish.conf", data, size), &config, &err) != RP_OK)
	return 0;
    rp_config_describe(config, show, &total);
    rp_config_free(config);
    return total == (size_t) -1;
}
