/*
 * NAME
 *	config_fuzzer 1
 * SUMMARY
 *	libFuzzer target: the configuration file reader and checker
 * SYNOPSIS
 *	config_fuzzer [libFuzzer options] [corpus...]
 * DESCRIPTION
 *	Writes the input (up to 64 KiB) to a private temporary file and
 *	loads it with rp_config_load(), with a program table that has a
 *	key of every type besides the engine's; when it loads, applies an
 *	override of the thresholds, binds the program's struct and reads
 *	back every key and value with rp_config_describe().
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "fuzz.h"
#include "rp_config.h"

typedef struct fuzz_values {
    const char *text;
    double  number;
    unsigned long count;
    int     flag;
    int     choice;
} fuzz_values;

static const char *const choices[] = {"accept", "tempfail", NULL};

static const rp_setting_def defs[] = {
    {"socket", RP_SETTING_STR, "unix:/x", 0, 0, NULL, offsetof(fuzz_values, text), "text"},
    {"ratio", RP_SETTING_NUM, "0.5", 0, 1, NULL, offsetof(fuzz_values, number), "number"},
    {"max_message_size", RP_SETTING_UINT, "1500", 1, 1e9, NULL,
     offsetof(fuzz_values, count), "count"},
    {"rewrite", RP_SETTING_BOOL, "no", 0, 0, NULL, offsetof(fuzz_values, flag), "flag"},
    {"fallback", RP_SETTING_CHOICE, "accept", 0, 0, choices, offsetof(fuzz_values, choice),
     "choice"},
};

/* show - rp_config_describe() callback: read every value */
static void show(void *ctx, const char *key, const char *value, const char *help)
{
    *(size_t *) ctx += strlen(key) + strlen(value) + strlen(help);
}

/* LLVMFuzzerTestOneInput - load the input as regphish.conf */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const rp_setting overrides[] = {{"tag_threshold", "0"}, {"reject_threshold", "1000"}};
    fuzz_values values;
    rp_program_settings program = {defs, sizeof(defs) / sizeof(defs[0]), &values};
    rp_config *config;
    rp_error err;
    size_t  total = 0;

    if (size > FUZZ_MAX_INPUT)
	return 0;
    memset(&err, 0, sizeof(err));
    if (rp_config_load(fuzz_write("regphish.conf", data, size), &program, &config,
		       &err) != RP_OK)
	return 0;
    if (rp_config_apply(config, overrides, 2, &err) == RP_OK) {
	rp_config_bind(config);
	total += strlen(values.text);
    }
    rp_config_describe(config, show, &total);
    rp_config_free(config);
    return total == (size_t) -1;
}
