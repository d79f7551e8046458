/*
 * NAME
 *	test-auth 1
 * SUMMARY
 *	unit tests for rp_auth_parse()
 * SYNOPSIS
 *	test-auth
 * DESCRIPTION
 *	Table-driven cases: Authentication-Results values shaped like
 *	those of Gmail, Microsoft 365, Postfix with OpenDKIM, OpenDMARC
 *	and policyd-spf, rspamd and mailing lists; comments, quoted
 *	values, version numbers, "none", garbage, truncated and very
 *	long values.  Each case lists the return value, the authserv-id
 *	and the results as "method=result/domain" joined by spaces.
 * DIAGNOSTICS
 *	Check's summary; exit status 1 when a case fails.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_auth.h"
#include "check_main.h"

#define MAX_RESULTS 8

typedef struct auth_case {
    const char *name;
    const char *value;
    int     ret;
    const char *id;
    const char *results;	/* "method=result/domain ..." */
} auth_case;

static const auth_case cases[] = {
    {"gmail",
     "mx.google.com;\r\n       dkim=pass header.i=@github.com header.s=pf2023 header.b=Ab1+cd;\r\n"
     "       spf=pass (google.com: domain of noreply@github.com designates 192.30.252.201 as"
     " permitted sender) smtp.mailfrom=noreply@github.com;\r\n"
     "       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=github.com",
     3, "mx.google.com",
     "dkim=pass/github.com spf=pass/github.com dmarc=pass/github.com"},
    {"gmail arc",
     "mx.google.com; arc=pass (i=1 spf=pass spfdomain=example.org dkim=pass"
     " dkdomain=example.org dmarc=pass fromdomain=example.org)",
     1, "mx.google.com", "arc=pass/"},
    {"microsoft",
     "spf=pass (sender IP is 192.0.2.7) smtp.mailfrom=Example.COM; dkim=pass (signature was"
     " verified) header.d=example.com;dmarc=pass action=none header.from=example.com;"
     "compauth=pass reason=100",
     -1, "", ""},
    {"microsoft with id",
     "mx.microsoft.com 1; spf=pass (sender IP is 192.0.2.7) smtp.mailfrom=Example.COM;"
     " dkim=pass (signature was verified) header.d=example.com;dmarc=pass action=none"
     " header.from=example.com;compauth=pass reason=100",
     4, "mx.microsoft.com",
     "spf=pass/example.com dkim=pass/example.com dmarc=pass/example.com compauth=pass/"},
    {"opendkim",
     "mail.example.org; dkim=pass (2048-bit key; unprotected) header.d=npmjs.com"
     " header.i=@npmjs.com header.a=rsa-sha256 header.s=s1 header.b=\"AbCd1234\";",
     1, "mail.example.org", "dkim=pass/npmjs.com"},
    {"opendkim two signatures",
     "mail.example.org;\n\tdkim=pass (1024-bit key) header.d=amazonses.com header.i=@amazonses.com;\n"
     "\tdkim=fail reason=\"signature verification failed\" (2048-bit key) header.d=pypi.org"
     " header.i=@pypi.org",
     2, "mail.example.org", "dkim=pass/amazonses.com dkim=fail/pypi.org"},
    {"opendmarc", "mail.example.org; dmarc=fail (p=reject dis=none) header.from=pypj.org",
     1, "mail.example.org", "dmarc=fail/pypj.org"},
    {"policyd-spf", "mail.example.org; spf=softfail smtp.mailfrom=bounce@Mail.Example.NET."
     " smtp.helo=mx.example.net", 1, "mail.example.org", "spf=softfail/mail.example.net"},
    {"spf helo only", "mx.example; spf=none smtp.helo=relay.example.com",
     1, "mx.example", "spf=none/relay.example.com"},
    {"spf null sender", "mx.example; spf=pass smtp.mailfrom=<> smtp.helo=relay.example.com",
     1, "mx.example", "spf=pass/relay.example.com"},
    {"rspamd quoted local part",
     "mx.example.net; dkim=pass header.d=example.com header.s=dkim header.b=xyz;"
     " spf=pass (mx.example.net: domain of \"bounce+abc\"@example.com designates 1.2.3.4 as"
     " permitted sender) smtp.mailfrom=\"bounce+abc\"@example.com;"
     " dmarc=pass (policy=none) header.from=example.com",
     3, "mx.example.net",
     "dkim=pass/example.com spf=pass/example.com dmarc=pass/example.com"},
    {"quoted local part with at and semicolon",
     "mx; spf=pass smtp.mailfrom=\"a@b;c\"@Example.org", 1, "mx", "spf=pass/example.org"},
    {"quoted domain value", "mx; dmarc=pass header.from=\"example.com\"",
     1, "mx", "dmarc=pass/example.com"},
    {"header.i with local part", "mx; dkim=pass header.i=user@Sub.Example.com",
     1, "mx", "dkim=pass/sub.example.com"},
    {"header.d beats header.i", "mx; dkim=pass header.i=@a.example header.d=b.example",
     1, "mx", "dkim=pass/b.example"},
    {"header.from beats mailfrom", "mx; x=pass smtp.mailfrom=a@m.example header.from=f.example",
     1, "mx", "x=pass/f.example"},
    {"policy ignored", "mx; dkim=pass policy.iprev=192.0.2.1 header.d=x.example",
     1, "mx", "dkim=pass/x.example"},
    {"method version", "mx; dkim/1=pass header.d=x.example; spf / 2 = fail smtp.mailfrom=y.example",
     2, "mx", "dkim=pass/x.example spf=fail/y.example"},
    {"authserv version", "mx.example.org 1; none", 0, "mx.example.org", ""},
    {"authserv version with comment", "mx.example.org (comment) 1 (more); spf=pass"
     " smtp.mailfrom=a.example", 1, "mx.example.org", "spf=pass/a.example"},
    {"none", "mx.example.org; none", 0, "mx.example.org", ""},
    {"none with comment", "mx.example.org; (no checks) none (really)", 0, "mx.example.org", ""},
    {"id only", "mx.example.org", 0, "mx.example.org", ""},
    {"quoted authserv-id", "\"MX.Example.Org\"; spf=pass smtp.mailfrom=a.example",
     1, "mx.example.org", "spf=pass/a.example"},
    {"uppercase everything", "MX.EXAMPLE; DKIM=PASS HEADER.D=PyPI.ORG", 1, "mx.example",
     "dkim=pass/pypi.org"},
    {"nested comments", "mx; dkim=pass (a (b (c) ; d) e) header.d=x.example (f) ; spf=fail",
     2, "mx", "dkim=pass/x.example spf=fail/"},
    {"escaped paren in comment", "mx; dkim=pass (a \\) still comment; x) header.d=x.example",
     1, "mx", "dkim=pass/x.example"},
    {"comment between tokens", "mx; dkim (c) = (c) pass (c) header (c) . (c) d (c) = (c) x.example",
     1, "mx", "dkim=pass/x.example"},
    {"folded", "mx;\r\n\tdkim=pass\r\n\theader.d=x.example\r\n", 1, "mx", "dkim=pass/x.example"},
    {"trailing dot removed", "mx; dkim=pass header.d=x.example.", 1, "mx", "dkim=pass/x.example"},
    {"angle brackets", "mx; spf=pass smtp.mailfrom=<bounce@x.example>", 1, "mx",
     "spf=pass/x.example"},
    {"reason quoted", "mx; dkim=fail reason=\"bad; sig (x\" header.d=x.example", 1, "mx",
     "dkim=fail/x.example"},
    {"empty resinfos", "mx;;; dkim=pass header.d=x.example;;", 1, "mx", "dkim=pass/x.example"},
    {"bad domain chars", "mx; dkim=pass header.d=\"x example\"", 1, "mx", "dkim=pass/"},
    {"bad domain chars then good", "mx; dkim=pass header.d=x!y header.i=@ok.example",
     1, "mx", "dkim=pass/ok.example"},
    {"idn domain kept", "mx; dkim=pass header.d=B\xc3\xbc" "cher.example", 1, "mx",
     "dkim=pass/b\xc3\xbc" "cher.example"},
    {"invalid utf-8 domain", "mx; dkim=pass header.d=b\xc3" "cher.example", 1, "mx", "dkim=pass/"},
    {"control char in domain", "mx; dkim=pass header.d=a\x01" "b.example", 1, "mx", "dkim=pass/"},
    {"garbage resinfo skipped", "mx; ==junk== ; dkim=pass header.d=x.example", 1, "mx",
     "dkim=pass/x.example"},
    {"missing result", "mx; dkim= ; spf=pass smtp.mailfrom=a.example", 1, "mx",
     "spf=pass/a.example"},
    {"missing equals", "mx; dkim pass header.d=x.example; spf=pass smtp.mailfrom=a.example",
     1, "mx", "spf=pass/a.example"},
    {"broken property", "mx; dkim=pass header. =x.example; spf=pass smtp.mailfrom=a.example",
     2, "mx", "dkim=pass/ spf=pass/a.example"},
    {"truncated in comment", "mx; dkim=pass (unfinished comment header.d=x.example",
     1, "mx", "dkim=pass/"},
    {"truncated in quote", "mx; dkim=pass header.d=\"x.exam", 1, "mx", "dkim=pass/x.exam"},
    {"truncated after equals", "mx; dkim=", 0, "mx", ""},
    {"truncated after semicolon", "mx;", 0, "mx", ""},
    {"empty", "", -1, "", ""},
    {"blank", "  \r\n\t ", -1, "", ""},
    {"comment only", "(just a comment)", -1, "", ""},
    {"starts with resinfo", "spf=pass smtp.mailfrom=a.example", -1, "", ""},
    {"starts with semicolon", "; spf=pass", -1, "", ""},
    {"garbage", "\x01\x02\xff\xfe", -1, "", ""},
    {"id then garbage", "mx.example garbage here", -1, "", ""},
    {"max results", "mx; a=pass; b=pass; c=pass; d=pass; e=pass; f=pass; g=pass; h=pass;"
     " i=pass; j=pass", 8, "mx",
     "a=pass/ b=pass/ c=pass/ d=pass/ e=pass/ f=pass/ g=pass/ h=pass/"},
    {"long method truncated", "mx; abcdefghijklmnopqrstuvwxyz=passpasspasspasspass header.d=x.example",
     1, "mx", "abcdefghijklmno=passpasspasspas/x.example"},
};

/* format - results as "method=result/domain ..." */
static void format(const rp_auth_result *res, int n, char *buf, size_t size)
{
    int     i;
    size_t  len = 0;

    buf[0] = 0;
    for (i = 0; i < n; i++)
	len += (size_t) snprintf(buf + len, size - len, "%s%s=%s/%s", i ? " " : "",
				 res[i].method, res[i].result, res[i].domain);
}

START_TEST(test_cases)
{
    const auth_case *tc = &cases[_i];
    rp_auth_result res[MAX_RESULTS];
    char    id[256];
    char    got[2048];
    int     n;

    n = rp_auth_parse(tc->value, id, sizeof(id), res, MAX_RESULTS);
    ck_assert_msg(n == tc->ret, "%s: returned %d, want %d", tc->name, n, tc->ret);
    ck_assert_msg(strcmp(id, tc->id) == 0, "%s: id \"%s\", want \"%s\"",
		  tc->name, id, tc->id);
    format(res, n, got, sizeof(got));
    ck_assert_msg(strcmp(got, tc->results) == 0, "%s: results \"%s\", want \"%s\"",
		  tc->name, got, tc->results);
}
END_TEST

START_TEST(test_small_id_buffer)
{
    char    id[5];
    rp_auth_result res[1];
    int     n = rp_auth_parse("MX.EXAMPLE.ORG; spf=pass", id, sizeof(id), res, 1);

    ck_assert_msg(n == 1 && strcmp(id, "mx.e") == 0, "small id: %d \"%s\"", n, id);
    n = rp_auth_parse("mx; spf=pass", NULL, 0, res, 1);
    ck_assert_msg(n == 1, "NULL id: %d", n);
    n = rp_auth_parse("mx; spf=pass", id, sizeof(id), NULL, 0);
    ck_assert_msg(n == 0, "max 0: %d", n);
    n = rp_auth_parse(NULL, id, sizeof(id), res, 1);
    ck_assert_msg(n == -1 && id[0] == 0, "NULL value: %d", n);
}
END_TEST

/* A domain too long for the field is dropped, never cut into another name. */
START_TEST(test_long_domain)
{
    char    value[1024];
    char    label[600];
    rp_auth_result res[2];
    int     n;

    memset(label, 'a', 250);
    label[250] = 0;
    snprintf(value, sizeof(value), "mx; dkim=pass header.d=%s.pypi.org", label);
    n = rp_auth_parse(value, NULL, 0, res, 2);
    ck_assert_msg(n == 1 && res[0].domain[0] == 0, "long domain: %d \"%.20s\"",
		  n, res[0].domain);
    /* A long local part does not matter: only the domain is kept. */
    memset(label, 'b', 500);
    label[500] = 0;
    snprintf(value, sizeof(value), "mx; spf=pass smtp.mailfrom=%s@x.example", label);
    n = rp_auth_parse(value, NULL, 0, res, 2);
    ck_assert_msg(n == 1 && strcmp(res[0].domain, "x.example") == 0,
		  "long local part: %d \"%s\"", n, res[0].domain);
}
END_TEST

/* Hostile sizes: megabytes of parentheses, quotes, semicolons, results. */
START_TEST(test_hostile_long)
{
    static const char *fills[] = {"(", ")", "\"", ";", "a=pass;", "(\\", "header.d=x ", "@"};
    size_t  len = 4u << 20;
    char   *value = malloc(len + 16);
    rp_auth_result res[MAX_RESULTS];
    char    id[64];
    size_t  f, i, k;
    int     n;

    ck_assert(value != NULL);
    for (f = 0; f < sizeof(fills) / sizeof(fills[0]); f++) {
	strcpy(value, "mx; ");
	k = strlen(fills[f]);
	for (i = 4; i + k < len; i += k)
	    memcpy(value + i, fills[f], k);
	value[i] = 0;
	n = rp_auth_parse(value, id, sizeof(id), res, MAX_RESULTS);
	ck_assert_msg(n >= 0 && n <= MAX_RESULTS, "hostile fill \"%s\": %d", fills[f], n);
    }
    free(value);
}
END_TEST

/* auth_suite - all cases */
static Suite *auth_suite(void)
{
    Suite  *s = suite_create("auth");
    TCase  *tc = tcase_create("parse");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_cases, 0, (int) (sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, test_small_id_buffer);
    tcase_add_test(tc, test_long_domain);
    tcase_add_test(tc, test_hostile_long);
    suite_add_tcase(s, tc);
    return s;
}

/* main - run the suite; exit 1 on any failure */
const rp_test_program rp_test = {auth_suite, NULL, NULL, NULL, 0};
