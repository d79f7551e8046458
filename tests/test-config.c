/*
 * NAME
 *	test-config - unit tests of the configuration reader and checker
 * DESCRIPTION
 *	Defaults bound into rp_settings, typed values, comments and
 *	quoting, a program's own table of keys (one of every type), every
 *	kind of bad value (inf, nan, -1, 1e308, out of range), each with
 *	the file and line it must name, and the threshold order after the
 *	file and again after an override (rp_config_apply() and
 *	rp_engine_load_settings()).
 */
#include "config.h"

#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rp_config.h"
#include "check_main.h"

/* A program's own settings, one of each type. */
typedef struct prog_values {
    const char *label;
    double  ratio;
    unsigned long count;
    int     flag;
    int     mode;
} prog_values;

static const char *const modes[] = {"off", "soft", "hard", NULL};

static const rp_setting_def prog_defs[] = {
    {"label", RP_SETTING_STR, "[x]", 0, 0, NULL, offsetof(prog_values, label), "a text"},
    {"ratio", RP_SETTING_NUM, "0.5", 0, 1, NULL, offsetof(prog_values, ratio), "a number"},
    {"count", RP_SETTING_UINT, "10", 1, 100, NULL, offsetof(prog_values, count), "a count"},
    {"flag", RP_SETTING_BOOL, "no", 0, 0, NULL, offsetof(prog_values, flag), "a switch"},
    {"mode", RP_SETTING_CHOICE, "soft", 0, 0, modes, offsetof(prog_values, mode), "a choice"},
};

/* prog - the test program's table filling values */
static rp_program_settings prog(prog_values *values)
{
    rp_program_settings p = {prog_defs, sizeof(prog_defs) / sizeof(prog_defs[0]), values};

    return p;
}

/* write_temp - a temporary file holding text; caller unlinks */
static char *write_temp(const char *text)
{
    static char path[64];
    int     fd;

    strcpy(path, "/tmp/rp-test-config-XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (int) strlen(text));
    close(fd);
    return path;
}

/* count_show - rp_config_show callback: count, and remember one value */
typedef struct shown {
    size_t  count;
    const char *key;
    char    value[256];
} shown;

static void count_show(void *ctx, const char *key, const char *value, const char *help)
{
    shown  *s = ctx;

    s->count++;
    ck_assert(help != NULL && *help);
    if (strcmp(key, s->key) == 0)
	snprintf(s->value, sizeof(s->value), "%s", value);
}

START_TEST(test_defaults)
{
    prog_values v;
    rp_program_settings p = prog(&v);
    const rp_settings *s;
    rp_config *c;
    rp_error err;
    shown   sh = {0, "reject", ""};

    ck_assert_int_eq(rp_config_load(NULL, NULL, &c, &err), RP_OK);
    s = rp_config_settings(c);
    ck_assert(s->tag_threshold == 5 && s->quarantine_threshold == 8 && s->reject_threshold == 15);
    ck_assert(s->lure_max == 3);
    ck_assert_int_eq(s->reject, 0);
    ck_assert_int_eq(s->quarantine, 1);
    ck_assert_int_eq(s->dkim_verify, 0);
    ck_assert_uint_eq(s->dkim_timeout, 5);
    ck_assert_uint_eq(s->max_mime_depth, 32);
    ck_assert_uint_eq(s->max_text_bytes, 1048576);
    ck_assert_str_eq(s->trusted_authserv_ids, "");
    ck_assert(s->lure_max == 3);
    ck_assert_uint_eq(s->max_links, 2000);
    rp_config_describe(c, count_show, &sh);
    ck_assert_uint_eq(sh.count, rp_settings_count);
    ck_assert_str_eq(sh.value, "no");
    rp_config_free(c);

    memset(&v, 0, sizeof(v));
    ck_assert_int_eq(rp_config_load(NULL, &p, &c, &err), RP_OK);
    ck_assert_msg(v.label == NULL, "program values bound before rp_config_bind");
    rp_config_bind(c);
    ck_assert_str_eq(v.label, "[x]");
    ck_assert(v.ratio == 0.5);
    ck_assert_uint_eq(v.count, 10);
    ck_assert_int_eq(v.flag, 0);
    ck_assert_int_eq(v.mode, 1);
    sh.count = 0;
    rp_config_describe(c, count_show, &sh);
    ck_assert_uint_eq(sh.count, rp_settings_count + 5);
    rp_config_free(c);
}
END_TEST

START_TEST(test_values)
{
    const char *text =
	"# a comment\n"
	"\n"
	"tag_threshold = 4.5   # trailing comment\n"
	"reject=on\n"
	"label = \"[PHISH?] # not a comment \"   # but this is\n"
	"rules_dir = \"/srv/rules#1\"\n"
	"local_rules_dir = /srv/local#2\n"
	"  trusted_authserv_ids =  mx.example.net, mx2.example.net  \n"
	"ratio = 1e-1\n"
	"count = 0100\n"
	"flag = TRUE\n"
	"mode = hard\n"
	"max_links = 5\n"
	"max_links = 7\n"
	"dkim_keys = \"\"\n";
    char   *path = write_temp(text);
    prog_values v;
    rp_program_settings p = prog(&v);
    const rp_settings *s;
    rp_config *c;
    rp_error err;
    shown   sh = {0, "label", ""};

    memset(&err, 0, sizeof(err));
    ck_assert_msg(rp_config_load(path, &p, &c, &err) == RP_OK, "%s:%u: %s", err.file,
		  err.line, err.message);
    s = rp_config_settings(c);
    rp_config_bind(c);
    ck_assert(s->tag_threshold == 4.5);
    ck_assert_int_eq(s->reject, 1);
    ck_assert_str_eq(v.label, "[PHISH?] # not a comment ");
    ck_assert_str_eq(s->rules_dir, "/srv/rules#1");
    ck_assert_str_eq(s->local_rules_dir, "/srv/local#2");
    ck_assert_str_eq(s->trusted_authserv_ids, "mx.example.net, mx2.example.net");
    ck_assert_uint_eq(s->max_links, 7);
    ck_assert_str_eq(s->dkim_keys, "");
    ck_assert(v.ratio == 0.1);
    ck_assert_uint_eq(v.count, 100);
    ck_assert_int_eq(v.flag, 1);
    ck_assert_int_eq(v.mode, 2);
    rp_config_describe(c, count_show, &sh);
    ck_assert_str_eq(sh.value, "[PHISH?] # not a comment ");
    rp_config_free(c);
    unlink(path);
}
END_TEST

static const struct error_case {
    const char *name;
    const char *text;
    unsigned line;
    const char *message;
} error_cases[] = {
    {"unknown key", "tag_threshold = 3\nfrobnicate = 1\n", 2, "unknown setting \"frobnicate\""},
    {"unknown key after a quoted value", "label = \"a # b\"\n\nlabl = x\n", 3,
     "unknown setting \"labl\""},
    {"not a number", "\n\nquarantine_threshold = lots\n", 3, "is not a number in 0..1000"},
    {"inf", "reject_threshold = inf\n", 1, "\"inf\" is not a number"},
    {"infinity", "lure_max = -infinity\n", 1, "is not a number"},
    {"nan", "# x\ntag_threshold = nan\n", 2, "\"nan\" is not a number"},
    {"negative", "lure_max = -1\n", 1, "\"-1\" is not a number in 0..1000"},
    {"negative count", "max_links = -1\n", 1, "is not a whole number in 1..1000000"},
    {"huge", "reject_threshold = 1e308\n", 1, "\"1e308\" is not a number"},
    {"overflow", "reject_threshold = 1e999\n", 1, "is not a number"},
    {"hex", "max_text_bytes = 0x10\n", 1, "is not a whole number"},
    {"fraction for a count", "max_mime_depth = 32.5\n", 1, "is not a whole number in 1..1000"},
    {"exponent for a count", "max_links = 1e3\n", 1, "is not a whole number"},
    {"count of zero", "max_mime_parts = 0\n", 1, "is not a whole number in 1..1000000"},
    {"count too large", "max_links = 1000001\n", 1, "in 1..1000000"},
    {"count beyond unsigned long", "max_text_bytes = 99999999999999999999999\n", 1,
     "is not a whole number"},
    {"score too large", "tag_threshold = 1000.5\n", 1, "in 0..1000"},
    {"empty number", "dkim_timeout =\n", 1, "\"\" is not a whole number in 1..3600"},
    {"program number out of range", "ratio = 1.5\n", 1, "ratio: \"1.5\" is not a number in 0..1"},
    {"program count out of range", "count = 101\n", 1, "count: \"101\" is not a whole number in 1..100"},
    {"bad boolean", "reject = perhaps\n", 1, "is not yes or no"},
    {"bad choice", "mode = Hard\n", 1, "mode: \"Hard\" is not off, soft or hard"},
    {"no equals sign", "reject yes\n", 1, "expected \"key = value\""},
    {"unterminated quote", "label = \"[x]\n", 1, "unterminated quoted value"},
    {"thresholds out of order", "tag_threshold = 9\nquarantine_threshold = 8\n", 2,
     "thresholds must rise: tag_threshold = 9 is above quarantine_threshold = 8"},
    {"threshold below a default", "# c\ntag_threshold = 4\nreject_threshold = 6\n", 3,
     "thresholds must rise: quarantine_threshold = 8 is above reject_threshold = 6"},
    {"threshold above a default", "reject_threshold = 20\ntag_threshold = 9\n", 2,
     "tag_threshold = 9 is above quarantine_threshold = 8"},
};

START_TEST(test_errors)
{
    const struct error_case *tc = error_cases + _i;
    char   *path = write_temp(tc->text);
    prog_values v;
    rp_program_settings p = prog(&v);
    rp_config *c = (rp_config *) 1;
    rp_error err;

    memset(&err, 0, sizeof(err));
    memset(&v, 0, sizeof(v));
    ck_assert_msg(rp_config_load(path, &p, &c, &err) == RP_ERR_SYNTAX, "%s: accepted",
		  tc->name);
    ck_assert_msg(c == NULL, "%s: config returned on error", tc->name);
    ck_assert_msg(v.label == NULL, "%s: program values bound on error", tc->name);
    ck_assert_msg(err.line == tc->line, "%s: line %u, want %u", tc->name, err.line, tc->line);
    ck_assert_msg(strstr(err.message, tc->message) != NULL, "%s: message \"%s\"",
		  tc->name, err.message);
    ck_assert_msg(strcmp(err.file, path) == 0, "%s: file \"%s\"", tc->name, err.file);
    unlink(path);
}
END_TEST

/* Overrides are checked like the file, and the order again after them all. */
static const struct apply_case {
    const char *name;
    rp_setting settings[2];
    size_t  n;
    rp_status want;
    const char *message;
} apply_cases[] = {
    {"nothing", {{0, 0}}, 0, RP_OK, ""},
    {"a switch", {{"reject", "yes"}}, 1, RP_OK, ""},
    {"two thresholds together", {{"tag_threshold", "9"}, {"quarantine_threshold", "10"}}, 2,
     RP_OK, ""},
    {"a program key", {{"mode", "off"}, {"label", "#"}}, 2, RP_OK, ""},
    {"order broken", {{"tag_threshold", "9"}}, 1, RP_ERR_SYNTAX,
     "thresholds must rise: tag_threshold = 9 is above quarantine_threshold = 8"},
    {"order broken by the second", {{"reject_threshold", "20"}, {"quarantine_threshold", "21"}},
     2, RP_ERR_SYNTAX, "quarantine_threshold = 21 is above reject_threshold = 20"},
    {"unknown key", {{"nonsense", "1"}}, 1, RP_ERR_INVALID, "unknown setting \"nonsense\""},
    {"no key", {{NULL, "1"}}, 1, RP_ERR_INVALID, "unknown setting"},
    {"inf", {{"max_links", "inf"}}, 1, RP_ERR_SYNTAX, "max_links: \"inf\" is not a whole number"},
    {"nan", {{"lure_max", "nan"}}, 1, RP_ERR_SYNTAX, "lure_max: \"nan\" is not a number"},
    {"bad choice", {{"mode", "medium"}}, 1, RP_ERR_SYNTAX, "is not off, soft or hard"},
};

START_TEST(test_apply)
{
    const struct apply_case *tc = apply_cases + _i;
    prog_values v;
    rp_program_settings p = prog(&v);
    rp_config *c;
    rp_error err;

    memset(&err, 0, sizeof(err));
    ck_assert_int_eq(rp_config_load(NULL, &p, &c, &err), RP_OK);
    ck_assert_msg(rp_config_apply(c, tc->settings, tc->n, &err) == tc->want, "%s: status",
		  tc->name);
    ck_assert_msg(strstr(err.message, tc->message) != NULL, "%s: message \"%s\"",
		  tc->name, err.message);
    if (tc->want != RP_OK) {
	ck_assert_msg(err.file[0] == 0 && err.line == 0, "%s: names %s:%u", tc->name,
		      err.file, err.line);
    } else {
	rp_config_bind(c);
	if (tc->n > 0 && strcmp(tc->settings[0].key, "mode") == 0)
	    ck_assert(v.mode == 0 && strcmp(v.label, "#") == 0);
	if (tc->n > 0 && strcmp(tc->settings[0].key, "tag_threshold") == 0)
	    ck_assert(rp_config_settings(c)->tag_threshold == 9);
	if (tc->n > 0 && strcmp(tc->settings[0].key, "reject") == 0)
	    ck_assert(rp_config_settings(c)->reject == 1);
    }
    rp_config_free(c);
}
END_TEST

/* A program's table may not redeclare an engine key, nor carry a bad default. */
START_TEST(test_bad_program)
{
    static const rp_setting_def twice[] = {
	{"label", RP_SETTING_STR, "", 0, 0, NULL, offsetof(prog_values, label), "x"},
	{"reject", RP_SETTING_BOOL, "no", 0, 0, NULL, offsetof(prog_values, flag), "x"},
    };
    static const rp_setting_def bad_default[] = {
	{"mode", RP_SETTING_CHOICE, "medium", 0, 0, modes, offsetof(prog_values, mode), "x"},
    };
    static const rp_setting_def bad_range[] = {
	{"count", RP_SETTING_UINT, "0", 1, 9, NULL, offsetof(prog_values, count), "x"},
    };
    prog_values v;
    rp_program_settings p = {twice, 2, &v};
    rp_config *c;
    rp_error err;

    ck_assert_int_eq(rp_config_load(NULL, &p, &c, &err), RP_ERR_INVALID);
    ck_assert_msg(strstr(err.message, "\"reject\" is declared twice") != NULL, "%s", err.message);
    p.defs = bad_default;
    p.count = 1;
    ck_assert_int_eq(rp_config_load(NULL, &p, &c, &err), RP_ERR_INVALID);
    ck_assert_msg(strstr(err.message, "bad default: mode: \"medium\"") != NULL, "%s",
		  err.message);
    p.defs = bad_range;
    ck_assert_int_eq(rp_config_load(NULL, &p, &c, &err), RP_ERR_INVALID);
    ck_assert(c == NULL);
}
END_TEST

/* rp_engine_load_settings() checks the order after its settings too. */
START_TEST(test_engine_override)
{
    static const rp_setting bad[] = {{"reject_threshold", "6"}};
    static const rp_setting good[] = {{"tag_threshold", "1"}, {"label", "ok"}};
    prog_values v;
    rp_program_settings p = prog(&v);
    rp_engine *e;
    rp_error err;

    memset(&v, 0, sizeof(v));
    memset(&err, 0, sizeof(err));
    ck_assert_int_eq(rp_engine_load_settings(NULL, RP_TEST_RULES_DIR, bad, 1, &p, &e, &err),
		     RP_ERR_SYNTAX);
    ck_assert_msg(strstr(err.message, "thresholds must rise") != NULL, "%s", err.message);
    ck_assert(e == NULL && v.label == NULL);
    ck_assert_msg(rp_engine_load_settings(NULL, RP_TEST_RULES_DIR, good, 2, &p, &e,
					  &err) == RP_OK, "%s", err.message);
    ck_assert_str_eq(v.label, "ok");
    rp_engine_free(e);
    /* Without its table, a program's key is unknown. */
    ck_assert_int_eq(rp_engine_load_settings(NULL, RP_TEST_RULES_DIR, good, 2, NULL, &e,
					     &err), RP_ERR_INVALID);
    ck_assert_msg(strstr(err.message, "unknown setting \"label\"") != NULL, "%s", err.message);
}
END_TEST

START_TEST(test_missing_file)
{
    rp_config *c;
    rp_error err;

    ck_assert_int_eq(rp_config_load("/nonexistent/regphish.conf", NULL, &c, &err), RP_ERR_IO);
    ck_assert(strstr(err.message, "cannot read") != NULL);
    ck_assert_str_eq(err.file, "/nonexistent/regphish.conf");
}
END_TEST

/* config_suite - the tests */
static Suite *config_suite(void)
{
    Suite  *s = suite_create("config");
    TCase  *tc = tcase_create("config");

    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_values);
    tcase_add_loop_test(tc, test_errors, 0, sizeof(error_cases) / sizeof(error_cases[0]));
    tcase_add_loop_test(tc, test_apply, 0, sizeof(apply_cases) / sizeof(apply_cases[0]));
    tcase_add_test(tc, test_bad_program);
    tcase_add_test(tc, test_engine_override);
    tcase_add_test(tc, test_missing_file);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

const rp_test_program rp_test = {config_suite, NULL, NULL, NULL, 0};
