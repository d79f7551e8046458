/*
 * NAME
 *	test-config - unit tests of the configuration parser
 * DESCRIPTION
 *	Defaults, typed values, comments and quoting, and every kind of
 *	error, each with the file and line it must name.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rp_config.h"
#include "check_main.h"

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

START_TEST(test_defaults)
{
    rp_config *c;
    rp_error err;

    ck_assert_int_eq(rp_config_load(NULL, &c, &err), RP_OK);
    ck_assert(rp_config_num(c, "tag_threshold") < rp_config_num(c, "quarantine_threshold"));
    ck_assert_int_eq(rp_config_bool(c, "reject"), 0);
    ck_assert_int_eq(rp_config_bool(c, "quarantine"), 1);
    ck_assert_str_eq(rp_config_str(c, "fallback"), "accept");
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
	"subject_tag = \"[PHISH?] # not a comment \"\n"
	"  trusted_authserv_ids =  mx.example.net, mx2.example.net  \n";
    char   *path = write_temp(text);
    rp_config *c;
    rp_error err;

    ck_assert_int_eq(rp_config_load(path, &c, &err), RP_OK);
    ck_assert(rp_config_num(c, "tag_threshold") == 4.5);
    ck_assert_int_eq(rp_config_bool(c, "reject"), 1);
    ck_assert_str_eq(rp_config_str(c, "subject_tag"), "[PHISH?] # not a comment ");
    ck_assert_str_eq(rp_config_str(c, "trusted_authserv_ids"), "mx.example.net, mx2.example.net");
    ck_assert_int_eq(rp_config_set(c, "reject", "no", &err), RP_OK);
    ck_assert_int_eq(rp_config_bool(c, "reject"), 0);
    ck_assert_int_eq(rp_config_set(c, "nonsense", "1", &err), RP_ERR_INVALID);
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
    {"not a number", "\n\nquarantine_threshold = lots\n", 3, "is not a non-negative number"},
    {"negative number", "max_links = -1\n", 1, "is not a non-negative number"},
    {"bad boolean", "reject = perhaps\n", 1, "is not yes or no"},
    {"no equals sign", "reject yes\n", 1, "expected \"key = value\""},
    {"unterminated quote", "subject_tag = \"[x]\n", 1, "unterminated quoted value"},
    {"thresholds out of order", "tag_threshold = 9\nquarantine_threshold = 8\n", 0, "thresholds must rise"},
};

START_TEST(test_errors)
{
    const struct error_case *tc = error_cases + _i;
    char   *path = write_temp(tc->text);
    rp_config *c = (rp_config *) 1;
    rp_error err;

    memset(&err, 0, sizeof(err));
    ck_assert_msg(rp_config_load(path, &c, &err) == RP_ERR_SYNTAX, "%s: accepted", tc->name);
    ck_assert_msg(c == NULL, "%s: config returned on error", tc->name);
    ck_assert_msg(err.line == tc->line, "%s: line %u, want %u", tc->name, err.line, tc->line);
    ck_assert_msg(strstr(err.message, tc->message) != NULL, "%s: message \"%s\"",
		  tc->name, err.message);
    ck_assert_msg(strcmp(err.file, path) == 0, "%s: file \"%s\"", tc->name, err.file);
    unlink(path);
}
END_TEST

START_TEST(test_missing_file)
{
    rp_config *c;
    rp_error err;

    ck_assert_int_eq(rp_config_load("/nonexistent/regphish.conf", &c, &err), RP_ERR_IO);
    ck_assert(strstr(err.message, "cannot read") != NULL);
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
    tcase_add_test(tc, test_missing_file);
    suite_add_tcase(s, tc);
    return s;
}

const rp_test_program rp_test = {config_suite, NULL, NULL, NULL, 0};
