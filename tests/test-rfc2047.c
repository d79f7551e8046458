/*
 * NAME
 *	test-rfc2047 1
 * SUMMARY
 *	unit tests for rp_rfc2047 and rp_header: raw header values
 * SYNOPSIS
 *	test-rfc2047
 * DESCRIPTION
 *	Tables of {raw value, wanted result}: rp_rfc2047_decode() (GMime
 *	3.2.13's bug with B words split after '=' padding, multibyte
 *	characters split across words, Q words, ISO-2022-JP, malformed
 *	and unknown-charset words, unencoded 8-bit text),
 *	rp_rfc2047_reencode() (one UTF-8 B word per run, the rest as
 *	written), a hostile value of 200,000 unterminated "=?" openers
 *	(bounded, linear), and rp_header_unfold() and rp_header_bare().
 * DIAGNOSTICS
 *	Check's summary; exit status 1 when a case fails.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rp_header.h"
#include "rp_mime.h"
#include "rp_rfc2047.h"
#include "rp_util.h"
#include "check_main.h"

/* A raw header value and what a function should make of it. */
typedef struct value_case {
    const char *raw;
    const char *want;
} value_case;

static const value_case decode_cases[] = {
    /* GMime 3.2.13 gives "Urgent: verify" for this one. */
    {"=?UTF-8?B?VXJnZW50OiB2ZXJpZnk=?= =?UTF-8?B?IHlvdXIgMkZBIG5vdw==?=", "Urgent: verify your 2FA now"},
    {" =?UTF-8?B?VXJnZW50OiB2ZXJpZnk=?=\r\n =?UTF-8?B?IHlvdXIgMkZBIG5vdw==?=\r\n", "Urgent: verify your 2FA now"},
    {"=?utf-8?b?VXJnZW50OiB2ZXJpZnk=?==?utf-8?b?IHlvdXIgMkZBIG5vdw==?=", "Urgent: verify your 2FA now"},
    /* Every word padded; the padding of one word never ends the run. */
    {"=?UTF-8?B?YQ==?= =?UTF-8?B?Yg==?= =?UTF-8?B?Yw==?=", "abc"},
    {"=?UTF-8?B?YWI=?=\n\t=?UTF-8?B?Yw==?=", "abc"},
    /* Within one word, base64 stops at its padding. */
    {"=?UTF-8?B?YQ==Yg==?=", "a"},
    /* Base64 junk is skipped. */
    {"=?UTF-8?B?Y!W*I=?=", "ab"},
    {"=?UTF-8?Q?Re-confirm_your_2FA=21?=", "Re-confirm your 2FA!"},
    {"=?iso-8859-1?q?caf=E9?= au lait", "caf\xc3\xa9 au lait"},
    {"Hello =?UTF-8?Q?w=C3=B6rld?= !", "Hello w\xc3\xb6rld !"},
    {"=?UTF-8?Q?a?= b =?UTF-8?Q?c?=", "a b c"},
    {"=?UTF-8?Q?a?=   =?UTF-8?Q?b?=", "ab"},
    /* A UTF-8 character split across two words, padded or not. */
    {"=?UTF-8?B?w6k=?= =?UTF-8?B?4pyT?=", "\xc3\xa9\xe2\x9c\x93"},
    {"=?UTF-8?B?4pw=?= =?UTF-8?B?kw==?=", "\xe2\x9c\x93"},
    {"=?UTF-8?Q?=E2=9C?= =?UTF-8?Q?=93?=", "\xe2\x9c\x93"},
    {"=?UTF-8?B?4pw=?= =?UTF-8?Q?=93?=", "\xe2\x9c\x93"},
    {"=?ISO-2022-JP?B?GyRCJSIlKyUmJXMlSCQsGyhC?= =?ISO-2022-JP?B?GyRCJW0lQyUvJDUkbCReJDckPxsoQg==?=",
	"\xe3\x82\xa2\xe3\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88\xe3\x81\x8c"
	"\xe3\x83\xad\xe3\x83\x83\xe3\x82\xaf\xe3\x81\x95\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f"},
    {"=?UTF-8*en?Q?language?=", "language"},
    /* A change of charset inside a run: each part converted on its own. */
    {"=?UTF-8?B?UHlQSQ==?= =?ISO-8859-1?Q?_s=E9curit=E9?=", "PyPI s\xc3\xa9" "curit\xc3\xa9"},
    /* Malformed words stay as written. */
    {"=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="},
    {"=?UTF-8?Q?no end", "=?UTF-8?Q?no end"},
    {"=??Q?x?=", "=??Q?x?="},
    {"=?UTF-8?Q?sp ace?=", "=?UTF-8?Q?sp ace?="},
    {"a =? b ?= c", "a =? b ?= c"},
    /* Unknown charsets: UTF-8 if it is, else Windows-1252. */
    {"=?x-bogus?Q?caf=E9?=", "caf\xc3\xa9"},
    {"=?x-bogus?Q?caf=C3=A9?=", "caf\xc3\xa9"},
    {"=?a-charset-name-longer-than-sixty-three-bytes-is-unknown-to-all?Q?=80?=", "\xe2\x82\xac"},
    /* Invalid bytes in a known charset become U+FFFD. */
    {"=?UTF-8?Q?bad=FFbyte?=", "bad\xef\xbf\xbd" "byte"},
    {"=?UTF-8?Q?nul=00byte?=", "nulbyte"},
    /* Unencoded 8-bit text, before and after words. */
    {"caf\xc3\xa9", "caf\xc3\xa9"},
    {"caf\xe9", "caf\xc3\xa9"},
    {"\x93hi\x94 =?UTF-8?Q?x?=", "\xe2\x80\x9chi\xe2\x80\x9d x"},
    {"a\r\n b", "a b"},
    {"", ""},
    {"  plain  text  ", "plain  text"},
};

/* Address headers: words re-encoded, everything else as written. */
static const value_case reencode_cases[] = {
    {"=?UTF-8?B?UHlQSSBTZWN1cml0eQ==?= =?UTF-8?B?IFRlYW0=?= <a@b.example>",
	"=?UTF-8?B?UHlQSSBTZWN1cml0eSBUZWFt?= <a@b.example>"},
    {"=?UTF-8?B?YQ==?= =?UTF-8?B?Yg==?= <a@b>", "=?UTF-8?B?YWI=?= <a@b>"},
    {"\"=?UTF-8?Q?x?=\" <a@b>", "\"=?UTF-8?B?eA==?=\" <a@b>"},
    {"=?iso-8859-1?q?caf=E9?= <a@b>", "=?UTF-8?B?Y2Fmw6k=?= <a@b>"},
    {"caf\xe9 <a@b>", "caf\xe9 <a@b>"},
    {"A\r\n <a@b>", "A <a@b>"},
    {"=?UTF-8?X?abc?= <a@b>", "=?UTF-8?X?abc?= <a@b>"},
    {"  x ", "  x "},
};

static const value_case unfold_cases[] = {
    {"top.example; spf=pass", "top.example; spf=pass"},
    {" bottom.example;\r\n dkim=fail\r\n", "bottom.example; dkim=fail"},
    {"a\n\tb", "a\tb"},
    {" \t\r\n", ""},
};

static const value_case bare_cases[] = {
    {"<bounce@rp.example>", "bounce@rp.example"},
    {"  <Env@Misc.Example> ", "Env@Misc.Example"},
    {"< spaced@x.example >", "spaced@x.example"},
    {"Name <a@b.example> trailing", "a@b.example"},
    {"<>", ""},
    {"plain@x.example\r\n", "plain@x.example"},
    {"<unclosed@x.example", "<unclosed@x.example"},
};

/* check_value - compare one result with the table, then free it */
static void check_value(const char *what, const value_case *c, char *got)
{
    ck_assert_msg(strcmp(got, c->want) == 0, "%s \"%s\": got \"%s\", want \"%s\"",
		  what, c->raw, got, c->want);
    free(got);
}

START_TEST(test_decode)
{
    check_value("decode", decode_cases + _i, rp_rfc2047_decode(decode_cases[_i].raw));
}
END_TEST

START_TEST(test_reencode)
{
    check_value("reencode", reencode_cases + _i, rp_rfc2047_reencode(reencode_cases[_i].raw));
}
END_TEST

START_TEST(test_unfold)
{
    check_value("unfold", unfold_cases + _i, rp_header_unfold(unfold_cases[_i].raw));
}
END_TEST

START_TEST(test_bare)
{
    check_value("bare", bare_cases + _i, rp_header_bare(bare_cases[_i].raw));
}
END_TEST

/* Many "=?" openers without an end: bounded, linear work. */
START_TEST(test_decode_hostile)
{
    const char *m = getenv("CK_TIMEOUT_MULTIPLIER");
    double  limit = 2.0 * (m && atof(m) > 0 ? atof(m) : 1.0);
    rp_buf  b;
    char   *got;
    size_t  i;
    clock_t t0 = clock();

    rp_buf_init(&b);
    for (i = 0; i < 200000; i++)
	rp_buf_puts(&b, "=?a?B?x");
    got = rp_rfc2047_decode(b.data);
    ck_assert_uint_le(strlen(got), RP_HEADER_MAX);
    free(got);
    got = rp_rfc2047_reencode(b.data);
    ck_assert_uint_eq(strlen(got), RP_HEADER_MAX);
    free(got);
    rp_buf_free(&b);
    ck_assert_msg((double) (clock() - t0) / CLOCKS_PER_SEC < limit, "hostile header too slow");
}
END_TEST

#define N(a) ((int) (sizeof(a) / sizeof((a)[0])))

/* rfc2047_suite - all rp_rfc2047 and rp_header tests */
static Suite *rfc2047_suite(void)
{
    Suite  *s = suite_create("rp_rfc2047");
    TCase  *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_decode, 0, N(decode_cases));
    tcase_add_loop_test(tc, test_reencode, 0, N(reencode_cases));
    tcase_add_loop_test(tc, test_unfold, 0, N(unfold_cases));
    tcase_add_loop_test(tc, test_bare, 0, N(bare_cases));
    tcase_add_test(tc, test_decode_hostile);
    suite_add_tcase(s, tc);
    return s;
}

/* setup - GMime once for the process (its charset table) */
static int setup(int argc, char **argv)
{
    rp_mime_init();
    return 0;
}

const rp_test_program rp_test = {rfc2047_suite, setup, NULL, NULL, 0};
