/*
 * NAME
 *	test-url 1
 * SUMMARY
 *	table-driven tests for rp_url
 * SYNOPSIS
 *	test-url
 * DESCRIPTION
 *	Checks rp_url_parse() (userinfo, IPv4 notations, IPv6,
 *	backslashes, percent-encoded hosts, schemes, invalid input),
 *	rp_url_param(), rp_url_scan_text() (punctuation, brackets,
 *	defanged forms, many URLs) and rp_url_text_host().
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rp_util.h"
#include "rp_url.h"
#include "check_main.h"

/* time_limit - seconds allowed, scaled like Check's timeouts (valgrind) */
static double time_limit(double seconds)
{
    const char *m = getenv("CK_TIMEOUT_MULTIPLIER");

    return seconds * (m && atof(m) > 0 ? atof(m) : 1.0);
}

/* Parse cases: input, want rc, scheme, userinfo, host, kind, path, query. */
typedef struct parse_case {
    const char *in;
    int     rc;
    const char *scheme;
    const char *userinfo;
    const char *host;
    rp_host_kind kind;
    const char *path;
    const char *query;
} parse_case;

static const parse_case parse_cases[] = {
    {"https://pypi.org/account/login/", 0, "https", 0, "pypi.org", RP_HOST_NAME, "/account/login/", 0},
    {"HTTPS://PyPI.ORG./x?a=1#frag", 0, "https", 0, "pypi.org", RP_HOST_NAME, "/x", "a=1"},
    {"https://pypi.org@evil.example/", 0, "https", "pypi.org", "evil.example", RP_HOST_NAME, "/", 0},
    /* full-width host: the browser maps it to ASCII (UTS #46) */
    {"https://\xef\xbd\x87\xef\xbd\x89\xef\xbd\x94\xef\xbd\x88\xef\xbd\x95\xef\xbd\x82"
     "\xef\xbc\x8e\xef\xbd\x83\xef\xbd\x8f\xef\xbd\x8d/login", 0, "https", 0, "github.com",
     RP_HOST_NAME, "/login", 0},
    /* ideographic full stop and a soft hyphen inside a label */
    {"https://py\xc2\xadpj\xe3\x80\x82org/", 0, "https", 0, "pypj.org", RP_HOST_NAME, "/", 0},
    /* a real IDN stays as it is */
    {"https://m\xc3\xbcnchen.de/", 0, "https", 0, "m\xc3\xbcnchen.de", RP_HOST_NAME, "/", 0},
    {"https://a@b@evil.example/p@q", 0, "https", "a@b", "evil.example", RP_HOST_NAME, "/p@q", 0},
    {"https://user:pw@host.example:8443/", 0, "https", "user:pw", "host.example", RP_HOST_NAME, "/", 0},
    {"https://evil.example:80@pypi.org/", 0, "https", "evil.example:80", "pypi.org", RP_HOST_NAME, "/", 0},
    {"  \t https://pypi.org/ \r\n", 0, "https", 0, "pypi.org", RP_HOST_NAME, "/", 0},
    {"ht\ntps://py\tpi.org/", 0, "https", 0, "pypi.org", RP_HOST_NAME, "/", 0},
    {"https:\\\\evil.example\\path\\x", 0, "https", 0, "evil.example", RP_HOST_NAME, "/path/x", 0},
    {"https:/\\evil.example", 0, "https", 0, "evil.example", RP_HOST_NAME, "", 0},
    {"http:evil.example/x", 0, "http", 0, "evil.example", RP_HOST_NAME, "/x", 0},
    {"https:////evil.example", 0, "https", 0, "evil.example", RP_HOST_NAME, "", 0},
    {"https://%65vil.%45xample/", 0, "https", 0, "evil.example", RP_HOST_NAME, "/", 0},
    {"https://evil%2Eexample/", 0, "https", 0, "evil.example", RP_HOST_NAME, "/", 0},
    {"https://evil.example%00.pypi.org/", -1, 0, 0, 0, 0, 0, 0},
    {"https://ev il.example/", -1, 0, 0, 0, 0, 0, 0},
    {"https://evil%2Fexample/", -1, 0, 0, 0, 0, 0, 0},
    {"www.Example.com/path", 0, "", 0, "www.example.com", RP_HOST_NAME, "/path", 0},
    {"//cdn.example.net/x.js", 0, "", 0, "cdn.example.net", RP_HOST_NAME, "/x.js", 0},
    {"http://3232235777/", 0, "http", 0, "192.168.1.1", RP_HOST_IPV4, "/", 0},
    {"http://0xC0A80101/", 0, "http", 0, "192.168.1.1", RP_HOST_IPV4, "/", 0},
    {"http://0300.0250.0.1/", 0, "http", 0, "192.168.0.1", RP_HOST_IPV4, "/", 0},
    {"http://192.168.257/", 0, "http", 0, "192.168.1.1", RP_HOST_IPV4, "/", 0},
    {"http://192.11010049/", 0, "http", 0, "192.168.0.1", RP_HOST_IPV4, "/", 0},
    {"http://0xc0.0250.1.1", 0, "http", 0, "192.168.1.1", RP_HOST_IPV4, "", 0},
    {"http://127.1", 0, "http", 0, "127.0.0.1", RP_HOST_IPV4, "", 0},
    {"http://10.0.0.1./", 0, "http", 0, "10.0.0.1", RP_HOST_IPV4, "/", 0},
    {"http://%31%30.0.0.1/", 0, "http", 0, "10.0.0.1", RP_HOST_IPV4, "/", 0},
    {"http://0x/", 0, "http", 0, "0.0.0.0", RP_HOST_IPV4, "/", 0},
    {"http://999.1.1.1/", 0, "http", 0, "999.1.1.1", RP_HOST_NAME, "/", 0},
    {"http://1.2.3.4.5/", 0, "http", 0, "1.2.3.4.5", RP_HOST_NAME, "/", 0},
    {"http://4294967296/", 0, "http", 0, "4294967296", RP_HOST_NAME, "/", 0},
    {"http://99999999999999999999999/", 0, "http", 0, "99999999999999999999999", RP_HOST_NAME, "/", 0},
    {"http://09.1.1.1/", 0, "http", 0, "09.1.1.1", RP_HOST_NAME, "/", 0},
    {"http://1..1/", 0, "http", 0, "1..1", RP_HOST_NAME, "/", 0},
    {"http://[2001:DB8::1]:8080/x", 0, "http", 0, "2001:db8::1", RP_HOST_IPV6, "/x", 0},
    {"http://[::ffff:192.168.1.1]/", 0, "http", 0, "::ffff:192.168.1.1", RP_HOST_IPV6, "/", 0},
    {"http://[2001:db8::zz]/", -1, 0, 0, 0, 0, 0, 0},
    {"http://[2001:db8::1/", -1, 0, 0, 0, 0, 0, 0},
    {"https://pypi.org\xd0\xbe.example/", 0, "https", 0, "pypi.org\xd0\xbe.example", RP_HOST_NAME, "/", 0},
    {"https://P\xd1\x83PI.org/", 0, "https", 0, "p\xd1\x83pi.org", RP_HOST_NAME, "/", 0},
    {"https://xn--ppi-dfd.org/", 0, "https", 0, "xn--ppi-dfd.org", RP_HOST_NAME, "/", 0},
    {"ftp://files.example.org/pub", 0, "ftp", 0, "files.example.org", RP_HOST_NAME, "/pub", 0},
    {"foo+bar://host.example/x", 0, "foo+bar", 0, "host.example", RP_HOST_NAME, "/x", 0},
    {"hxxp://evil.example/", 0, "hxxp", 0, "evil.example", RP_HOST_NAME, "/", 0},
    {"mailto:security@pypi.org", -1, 0, 0, 0, 0, 0, 0},
    {"javascript:alert(1)", -1, 0, 0, 0, 0, 0, 0},
    {"data:text/html;base64,PGgxPg==", -1, 0, 0, 0, 0, 0, 0},
    {"tel:+15551234", -1, 0, 0, 0, 0, 0, 0},
    {"/relative/path", -1, 0, 0, 0, 0, 0, 0},
    {"pypi.org/account", -1, 0, 0, 0, 0, 0, 0},
    {"#top", -1, 0, 0, 0, 0, 0, 0},
    {"", -1, 0, 0, 0, 0, 0, 0},
    {"   ", -1, 0, 0, 0, 0, 0, 0},
    {"https://", -1, 0, 0, 0, 0, 0, 0},
    {"https:///path", 0, "https", 0, "path", RP_HOST_NAME, "", 0},
    {"https://user@/x", -1, 0, 0, 0, 0, 0, 0},
    {"https://:443/", -1, 0, 0, 0, 0, 0, 0},
    {"https://./", -1, 0, 0, 0, 0, 0, 0},
    {"1http://x.example/", -1, 0, 0, 0, 0, 0, 0},
};

/* check_str - compare a possibly NULL string */
static void check_str(const char *what, const char *in, const char *got,
		              const char *want)
{
    if (want == NULL)
	ck_assert_msg(got == NULL, "%s of \"%s\": got \"%s\", want NULL", what,
		      in, got);
    else
	ck_assert_msg(got && strcmp(got, want) == 0,
		      "%s of \"%s\": got \"%s\", want \"%s\"", what, in,
		      got ? got : "(null)", want);
}

START_TEST(test_parse)
{
    const parse_case *c = parse_cases + _i;
    rp_url  u;
    int     rc;

    memset(&u, 0, sizeof(u));
    rc = rp_url_parse(c->in, strlen(c->in), &u);
    ck_assert_msg(rc == c->rc, "rc of \"%s\": got %d, want %d", c->in, rc, c->rc);
    if (rc < 0) {
	ck_assert_msg(u.host == NULL, "\"%s\": url touched on failure", c->in);
	return;
    }
    check_str("scheme", c->in, u.scheme, c->scheme);
    check_str("userinfo", c->in, u.userinfo, c->userinfo);
    check_str("host", c->in, u.host, c->host);
    ck_assert_msg(u.host_kind == c->kind, "kind of \"%s\": got %d, want %d",
		  c->in, u.host_kind, c->kind);
    check_str("path", c->in, u.path, c->path);
    check_str("query", c->in, u.query, c->query);
    rp_url_free(&u);
}
END_TEST

/* A percent-encoded '@' in the host is not a userinfo separator. */
START_TEST(test_parse_encoded_at)
{
    const char *in = "https://www.npmjs.com%40evil.example/";
    rp_url  u;

    ck_assert_msg(rp_url_parse(in, strlen(in), &u) == -1,
		  "decoded '@' in host must be refused");
}
END_TEST

/* Length-bounded input: bytes past len and an embedded NUL are not read. */
START_TEST(test_parse_bounds)
{
    static const char in[] = "https://pypi.org/x\0.evil.example/";
    char    host[300];
    rp_url  u;

    ck_assert_int_eq(rp_url_parse(in, sizeof(in) - 1, &u), 0);
    ck_assert_str_eq(u.host, "pypi.org");
    rp_url_free(&u);
    ck_assert_int_eq(rp_url_parse("https://pypi.orgXYZ", 16, &u), 0);
    ck_assert_str_eq(u.host, "pypi.org");
    rp_url_free(&u);

    /* 253 bytes of host is the most DNS allows. */
    memset(host, 'a', sizeof(host));
    memcpy(host, "http://", 7);
    host[7 + 253] = 0;
    ck_assert_int_eq(rp_url_parse(host, strlen(host), &u), 0);
    ck_assert_uint_eq(strlen(u.host), 253);
    rp_url_free(&u);
    host[7 + 253] = 'a';
    host[7 + 254] = 0;
    ck_assert_int_eq(rp_url_parse(host, strlen(host), &u), -1);
}
END_TEST

/* Param cases: url, name, want (NULL: absent). */
typedef struct param_case {
    const char *url;
    const char *name;
    const char *want;
} param_case;

static const param_case param_cases[] = {
    {"https://x.example/r?url=https%3A%2F%2Fevil.example%2F&a=1", "url", "https://evil.example/"},
    {"https://x.example/r?a=1&url=two+words&url=second", "url", "two words"},
    {"https://x.example/r?a=1&b", "b", ""},
    {"https://x.example/r?a=1&b=2", "c", 0},
    {"https://x.example/r", "a", 0},
    {"https://x.example/r?%75rl=x", "url", "x"},
    {"https://x.example/r?q=%zz%4", "q", "%zz%4"},
    {"https://x.example/r?q=a=b", "q", "a=b"},
    {"https://x.example/r?&&q=1#q=2", "q", "1"},
    {"https://x.example/r?Q=1", "q", 0},
};

START_TEST(test_param)
{
    const param_case *c = param_cases + _i;
    rp_url  u;
    char   *v;

    ck_assert_msg(rp_url_parse(c->url, strlen(c->url), &u) == 0, "%s", c->url);
    v = rp_url_param(&u, c->name);
    check_str(c->name, c->url, v, c->want);
    free(v);
    rp_url_free(&u);
}
END_TEST

/* Scan cases: text, URLs found joined by '|'. */
typedef struct scan_case {
    const char *text;
    const char *want;
} scan_case;

static const scan_case scan_cases[] = {
    {"Visit https://pypi.org/account/login/.", "https://pypi.org/account/login/"},
    {"Go to https://evil.example/x, then http://b.example/y; ok?", "https://evil.example/x|http://b.example/y"},
    {"Really? https://evil.example/reset?!", "https://evil.example/reset"},
    {"(see https://en.wikipedia.org/wiki/Foo_(bar))", "https://en.wikipedia.org/wiki/Foo_(bar)"},
    {"(see https://evil.example/login)", "https://evil.example/login"},
    {"[https://evil.example/a]", "https://evil.example/a"},
    {"<https://evil.example/a>", "https://evil.example/a"},
    {"\"https://evil.example/q\"", "https://evil.example/q"},
    {"'https://evil.example/q'", "https://evil.example/q"},
    {"www.npmjs-help.com/verify now", "www.npmjs-help.com/verify"},
    {"Log in at WWW.Evil.Example.", "WWW.Evil.Example"},
    {"ftp://files.example.org/pub/x.tgz", "ftp://files.example.org/pub/x.tgz"},
    {"HTTPS://EVIL.EXAMPLE", "HTTPS://EVIL.EXAMPLE"},
    {"url:https://evil.example/a", "https://evil.example/a"},
    {"https://user@evil.example/?a=1&b=2#f", "https://user@evil.example/?a=1&b=2#f"},
    {"http://[2001:db8::1]/x", "http://[2001:db8::1]/x"},
    {"a\thttps://x.example\nhttps://y.example\r\n", "https://x.example|https://y.example"},
    {"ログイン https://evil.example/ja。次へ", "https://evil.example/ja"},
    {"「https://evil.example/ja」", "https://evil.example/ja"},
    {"https://evil.example/x\xc2\xa0next", "https://evil.example/x"},
    {"https://pyp\xd1\x96.org/login", "https://pyp\xd1\x96.org/login"},
    {"hxxp://evil.example/login", ""},
    {"hxxps://www.evil.example/login", ""},
    {"https://evil[.]example/login", ""},
    {"https://evil(.)example/login", ""},
    {"www[.]evil.example", ""},
    {"evil[.]example and https://ok.example/", "https://ok.example/"},
    {"user@www.example.com", ""},
    {"xhttps://evil.example/", ""},
    {"https:// evil.example", ""},
    {"https://", ""},
    {"http:///path", ""},
    {"www.", ""},
    {"no links here, just text.", ""},
    {"v1.2.3 and pypi.org are not scanned", ""},
    {"https://evil.example/a...", "https://evil.example/a"},
    {"https://a.example/)(", "https://a.example/)("},
    {"https://a.example/x)", "https://a.example/x"},
};

/* collect - rp_url_found callback joining URLs with '|' */
static void collect(void *ctx, const char *url, size_t len)
{
    rp_buf *b = ctx;

    if (b->len)
	rp_buf_putc(b, '|');
    rp_buf_append(b, url, len);
}

START_TEST(test_scan)
{
    const scan_case *c = scan_cases + _i;
    rp_buf  b;

    rp_buf_init(&b);
    rp_url_scan_text(c->text, strlen(c->text), collect, &b);
    ck_assert_msg(strcmp(b.data, c->want) == 0,
		  "scan \"%s\": got \"%s\", want \"%s\"", c->text, b.data,
		  c->want);
    rp_buf_free(&b);
}
END_TEST

/* count - rp_url_found callback counting URLs */
static void count(void *ctx, const char *url, size_t len)
{
    (*(size_t *) ctx)++;
}

/* Many URLs, and hostile long runs, in linear time. */
START_TEST(test_scan_many)
{
    const size_t n = 200000;
    rp_buf  b;
    size_t  i, found = 0;
    clock_t t0 = clock();

    rp_buf_init(&b);
    for (i = 0; i < n; i++)
	rp_buf_printf(&b, "https://h%zu.example/p, ", i);
    rp_url_scan_text(b.data, b.len, count, &found);
    ck_assert_uint_eq(found, n);

    /* 5 MB of "www.www.www." and of "((((": no quadratic work. */
    rp_buf_reset(&b);
    for (i = 0; i < 5 * 1024 * 1024 / 4; i++)
	rp_buf_puts(&b, "www.");
    found = 0;
    rp_url_scan_text(b.data, b.len, count, &found);
    ck_assert_uint_eq(found, 1);
    rp_buf_reset(&b);
    rp_buf_puts(&b, "https://x.example/");
    for (i = 0; i < 5 * 1024 * 1024; i++)
	rp_buf_putc(&b, i % 2 ? ')' : '.');
    found = 0;
    rp_url_scan_text(b.data, b.len, count, &found);
    ck_assert_uint_eq(found, 1);
    rp_buf_free(&b);
    ck_assert_msg((double) (clock() - t0) / CLOCKS_PER_SEC < time_limit(3.0),
		  "scan too slow");
}
END_TEST

/* Text-host cases: anchor text, want host (NULL: not a destination). */
typedef struct text_case {
    const char *text;
    const char *want;
} text_case;

static const text_case text_cases[] = {
    {"https://www.npmjs.com/login", "www.npmjs.com"},
    {"  https://PyPI.org/account/  ", "pypi.org"},
    {"www.npmjs.com", "www.npmjs.com"},
    {"pypi.org", "pypi.org"},
    {"PyPI.org.", "pypi.org"},
    {"pypi.org/project/requests/", "pypi.org"},
    {"github.com/settings/security", "github.com"},
    {"p\xd1\x83pi.org", "p\xd1\x83pi.org"},
    {"http://192.168.1.1/login", "192.168.1.1"},
    {"Sign in at https://pypi.org now", "pypi.org"},
    {"Click here", 0},
    {"Re-confirm 2FA", 0},
    {"v1.2.3", 0},
    {"3.14", 0},
    {"Verify now.", 0},
    {"", 0},
    {"   ", 0},
    {"pypi", 0},
    {".org", 0},
    {"pypi..org", 0},
    {"user@pypi.org", 0},
    {"mailto:security@pypi.org", 0},
    {"pypi.o", 0},
    {"pypi.org:443", 0},
    {"example.c0m", 0},
};

START_TEST(test_text_host)
{
    const text_case *c = text_cases + _i;
    char    host[256];
    int     rc;

    strcpy(host, "untouched");
    rc = rp_url_text_host(c->text, host, sizeof(host));
    if (c->want == NULL) {
	ck_assert_msg(rc == 0, "text \"%s\": got host \"%s\", want none",
		      c->text, host);
    } else {
	ck_assert_msg(rc == 1, "text \"%s\": no host, want \"%s\"", c->text,
		      c->want);
	ck_assert_msg(strcmp(host, c->want) == 0,
		      "text \"%s\": got \"%s\", want \"%s\"", c->text, host,
		      c->want);
    }
}
END_TEST

/* A host that does not fit the caller's buffer is not reported. */
START_TEST(test_text_host_small)
{
    char    host[5];

    ck_assert_int_eq(rp_url_text_host("pypi.org", host, sizeof(host)), 0);
}
END_TEST

#define N(a) ((int) (sizeof(a) / sizeof((a)[0])))

/* url_suite - all rp_url tests */
static Suite *url_suite(void)
{
    Suite  *s = suite_create("rp_url");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, test_parse, 0, N(parse_cases));
    tcase_add_test(tc, test_parse_encoded_at);
    tcase_add_test(tc, test_parse_bounds);
    tcase_add_loop_test(tc, test_param, 0, N(param_cases));
    tcase_add_loop_test(tc, test_scan, 0, N(scan_cases));
    tcase_add_test(tc, test_scan_many);
    tcase_add_loop_test(tc, test_text_host, 0, N(text_cases));
    tcase_add_test(tc, test_text_host_small);
    suite_add_tcase(s, tc);
    return s;
}

const rp_test_program rp_test = {url_suite, NULL, NULL, NULL, 0};
