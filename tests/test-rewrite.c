/*
 * NAME
 *	test-rewrite 1
 * SUMMARY
 *	unit tests for rp_rewrite: defanging, banners, MIME kept intact
 * SYNOPSIS
 *	test-rewrite
 * DESCRIPTION
 *	Table-driven: each case is a raw message, the URLs to defang, and
 *	strings the rewritten body must and must not contain.  Every body
 *	is parsed again with GMime to prove the MIME structure, charset and
 *	transfer encoding survived.  Most later cases are where the old
 *	hand-written tag reader and libxml2 (which detection uses) read a
 *	link differently; now the rewriter edits what libxml2 read.
 * DIAGNOSTICS
 *	Exit status 0 when every case passes.
 */
#include "config.h"

#include <check.h>
#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

#include "rp_mime.h"
#include "rp_rewrite.h"
#include "check_main.h"

#define BANNER "Links that imitate a known site were disabled."

typedef struct defang_case {
    const char *in, *want;
} defang_case;

static const defang_case defang_cases[] = {
    {"https://evil.example/path", "hxxps://evil[.]example/path"},
    {"http://evil.example", "hxxp://evil[.]example"},
    {"HTTPS://Evil.Example/a.b?c.d#e.f", "hXXPS://Evil[.]Example/a.b?c.d#e.f"},
    {"https://pypi.org@evil.example/login", "hxxps://pypi[.]org@evil[.]example/login"},
    {"https://192.0.2.1:8080/x", "hxxps://192[.]0[.]2[.]1:8080/x"},
    {"ftp://files.example/x.tgz", "ftp://files[.]example/x.tgz"},
    {"evil.example/path.html", "evil[.]example/path.html"},
    {"httpx://a.example", "httpx://a[.]example"},
    {"", ""},
};

START_TEST(test_defang)
{
    const defang_case *c = defang_cases + _i;
    char   *got = rp_rewrite_defang(c->in);

    /* the scheme keeps the case of its first letter; compare case-blind there */
    ck_assert_msg(g_ascii_strcasecmp(got, c->want) == 0, "defang(\"%s\") = \"%s\", want \"%s\"",
		  c->in, got, c->want);
    ck_assert_msg(strlen(c->want) < 4 || strcmp(got + 4, c->want + 4) == 0,
		  "defang(\"%s\") = \"%s\"", c->in, got);
    free(got);
}
END_TEST

typedef struct rewrite_case {
    const char *name;
    const char *message;
    const char *urls[3];
    const char *want[6];		/* substrings of the new body */
    const char *reject[4];		/* must not appear */
    const char *type;			/* MIME type of the top part after reparse */
} rewrite_case;

#define PLAIN_HDR "From: a@evil.example\r\nSubject: s\r\nMIME-Version: 1.0\r\n"

static const rewrite_case rewrite_cases[] = {
    {"plain text, no MIME header",
	"From: a@evil.example\r\nSubject: s\r\n\r\nLog in at https://evil.example/login now.\r\n",
	{"https://evil.example/login"},
	{"*** " BANNER " ***", "hxxps://evil[.]example/login now."},
	{"https://evil.example"}, "text/plain"},
    {"plain text, LF line ends",
	"From: a@evil.example\nSubject: s\n\nGo to https://evil.example/x\nthanks\n",
	{"https://evil.example/x"},
	{BANNER, "hxxps://evil[.]example/x\r\nthanks"},
	{"https://evil.example/x"}, "text/plain"},
    {"plain text, quoted-printable and latin1 kept",
	PLAIN_HDR "Content-Type: text/plain; charset=iso-8859-1\r\n"
	"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	"Gr=FC=DFe, see https://evil.example/a\r\n",
	{"https://evil.example/a"},
	{"Gr=FC=DFe, see hxxps://evil[.]example/a", BANNER},
	{"https://evil"}, "text/plain"},
    {"base64 text stays base64",
	PLAIN_HDR "Content-Type: text/plain; charset=utf-8\r\n"
	"Content-Transfer-Encoding: base64\r\n\r\n"
	"VmlzaXQgaHR0cHM6Ly9ldmlsLmV4YW1wbGUvbG9naW4gdG9kYXkuCg==\r\n",
	{"https://evil.example/login"},
	{NULL},
	{"Visit https"}, "text/plain"},
    {"html link neutralised, destination shown, banner after body",
	PLAIN_HDR "Content-Type: text/html; charset=utf-8\r\n\r\n"
	"<html><body class=\"x\"><p><a href=\"https://evil.example/l?a=1&amp;b=2\">"
	"https://www.npmjs.com/login</a></p></body></html>\r\n",
	{"https://evil.example/l?a=1&b=2"},
	{"<body class=\"x\"><div", BANNER "</div>", "<a href=\"#\">",
	 "[hxxps://evil[.]example/l?a=1&amp;b=2]</span> <a", "npmjs.com/login</a>"},
	{"href=\"https://evil"}, "text/html"},
    {"html single quotes, unquoted, area and form, no body tag",
	PLAIN_HDR "Content-Type: text/html\r\n\r\n"
	"<p>x</p><A HREF='https://evil.example/1'>a</A><area href=https://evil.example/1>"
	"<form action=\"https://evil.example/1\"><a href=\"https://good.example/\">ok</a>\r\n",
	{"https://evil.example/1"},
	{"<A HREF='#'>", "<area href=#>", "<form action=\"#\">",
	 "<a href=\"https://good.example/\">ok</a>"},
	{"https://evil.example/1"}, "text/html"},
    {"html visible URL text and comment",
	PLAIN_HDR "Content-Type: text/html\r\n\r\n"
	"<body><!-- <a href=\"https://evil.example/c\"> --><p>Open https://evil.example/c &amp; go</p></body>\r\n",
	{"https://evil.example/c"},
	{"Open hxxps://evil[.]example/c &amp; go", BANNER},
	{"https://evil.example/c &amp;"}, "text/html"},
    {"multipart/alternative: both parts, boundary and epilogue kept",
	PLAIN_HDR "Content-Type: multipart/alternative; boundary=\"BND\"\r\n\r\n"
	"preamble\r\n--BND\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	"Go: https://evil.example/p\r\n--BND\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
	"<body><a href=\"https://evil.example/p\">go</a></body>\r\n--BND--\r\nepilogue\r\n",
	{"https://evil.example/p"},
	{"--BND\r\n", "--BND--", "Go: hxxps://evil[.]example/p", "<a href=\"#\">go</a>",
	 "*** " BANNER},
	{"https://evil.example/p"}, "multipart/alternative"},
    {"attachment and forwarded message left alone",
	PLAIN_HDR "Content-Type: multipart/mixed; boundary=\"M\"\r\n\r\n"
	"--M\r\nContent-Type: text/plain\r\n\r\nsee https://evil.example/q\r\n"
	"--M\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\n"
	"https://evil.example/q in attachment\r\n"
	"--M\r\nContent-Type: message/rfc822\r\n\r\nSubject: fwd\r\n\r\nhttps://evil.example/q quoted\r\n"
	"--M--\r\n",
	{"https://evil.example/q"},
	{"see hxxps://evil[.]example/q", "https://evil.example/q in attachment",
	 "https://evil.example/q quoted"},
	{NULL}, "multipart/mixed"},
    {"UTF-16 part not touched",
	PLAIN_HDR "Content-Type: text/plain; charset=utf-16\r\nContent-Transfer-Encoding: base64\r\n\r\n"
	"//5oAHQAdABwAA==\r\n",
	{"https://evil.example/z"},
	{"//5oAHQAdABwAA=="},
	{BANNER}, "text/plain"},
    {"short URL strings are ignored",
	"Subject: s\r\n\r\nsee a.b/c and https://evil.example/x\r\n",
	{"a.b/c", "https://evil.example/x"},
	{"see a.b/c and hxxps://evil[.]example/x"},
	{NULL}, "text/plain"},
    {"named reference the old reader did not know (&yacute;)",
	PLAIN_HDR "Content-Type: text/html; charset=utf-8\r\n\r\n"
	"<body><a href=\"https://p&yacute;pi.example/login\">PyPI</a></body>\r\n",
	{"https://p\xc3\xbdpi.example/login"},
	{"<a href=\"#\">PyPI</a>", "[hxxps://p\xc3\xbdpi[.]example/login]</span> <a"},
	{"p&yacute;pi"}, "text/html"},
    {"zero-padded character reference longer than the old reader read",
	PLAIN_HDR "Content-Type: text/html\r\n\r\n"
	"<body><a href=\"https://evil&#000000000046;example/\">x</a></body>\r\n",
	{"https://evil.example/"},
	{"<a href=\"#\">x</a>", "[hxxps://evil[.]example/]"},
	{"evil&#0"}, "text/html"},
    {"attributes split across lines, hex reference, single quotes",
	PLAIN_HDR "Content-Type: text/html\r\n\r\n"
	"<body><a\r\n  class=\"b\"\r\n  HREF\r\n  =\r\n  'https://evil&#x2E;example/s'\r\n"
	">go</a></body>\r\n",
	{"https://evil.example/s"},
	{"HREF\r\n  =\r\n  '#'\r\n>go</a>", "[hxxps://evil[.]example/s]</span> <a\r\n"},
	{"evil&#x2E;"}, "text/html"},
    {"relative link resolved against base; base and meta refresh",
	PLAIN_HDR "Content-Type: text/html\r\n\r\n"
	"<html><head><base href=\"https://evil.example/d/\">"
	"<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/r\"></head>"
	"<body><a href=\"login\">l</a></body></html>\r\n",
	{"https://evil.example/d/", "https://evil.example/d/login", "https://evil.example/r"},
	{"<base href=\"#\">", "content=\"#\">", "<a href=\"#\">l</a>",
	 "[hxxps://evil[.]example/d/login]</span> <a", "<body><div"},
	{"https://evil"}, "text/html"},
    /*
     * &period; is an HTML5 name that libxml2's HTML4 parser does not
     * know: detection reads the href as written, so a listed URL is the
     * written form, and the rewriter, reading it the same way, matches
     * that and not the form a browser would decode.
     */
    {"HTML5 reference unknown to libxml2: rewriting reads it as detection did",
	PLAIN_HDR "Content-Type: text/html\r\n\r\n"
	"<body><a href=\"https://evil&period;example/\">a</a>"
	"<a href=\"https://evil&period;example/b\">b</a></body>\r\n",
	{"https://evil&period;example/", "https://evil.example/b"},
	{"<a href=\"#\">a</a>", "<a href=\"https://evil&period;example/b\">b</a>"},
	{NULL}, "text/html"},
    {"script text is not markup: its URL is defanged in place",
	PLAIN_HDR "Content-Type: text/html\r\n\r\n"
	"<body><script>var u = \"<a href='https://evil.example/j'>\";</script></body>\r\n",
	{"https://evil.example/j"},
	{"<a href='hxxps://evil[.]example/j'>\";</script>"},
	{"<span", "https://evil"}, "text/html"},
    {"text: whole URLs as the detection scanner finds them",
	"Subject: s\r\n\r\nSee https://evil.example/x, or https://evil.example/xyz.\r\n",
	{"https://evil.example/x"},
	{"See hxxps://evil[.]example/x, or https://evil.example/xyz."},
	{NULL}, "text/plain"},
    {"no URLs: only the banner",
	"Subject: s\r\n\r\nhello\r\n",
	{NULL},
	{"*** " BANNER " ***\r\n\r\nhello"},
	{NULL}, "text/plain"},
};

/* reparse - parse "headers of original + new body" and return the top type */
static char *reparse(const char *message, const char *body)
{
    const char *sep = strstr(message, "\r\n\r\n");
    size_t  hlen = sep ? (size_t) (sep - message) + 4 : 0;
    GString *all;
    GMimeStream *stream;
    GMimeParser *parser;
    GMimeMessage *msg;
    char   *type;

    if (sep == NULL) {
	sep = strstr(message, "\n\n");
	hlen = sep ? (size_t) (sep - message) + 2 : 0;
    }
    all = g_string_new_len(message, hlen);
    g_string_append(all, body);
    stream = g_mime_stream_mem_new_with_buffer(all->str, all->len);
    parser = g_mime_parser_new_with_stream(stream);
    msg = g_mime_parser_construct_message(parser, NULL);
    type = msg ? g_mime_content_type_get_mime_type(
	g_mime_object_get_content_type(g_mime_message_get_mime_part(msg))) : NULL;
    if (msg)
	g_object_unref(msg);
    g_object_unref(parser);
    g_object_unref(stream);
    g_string_free(all, TRUE);
    return type;
}

START_TEST(test_rewrite)
{
    const rewrite_case *c = rewrite_cases + _i;
    size_t  nurls = 0, len = 0, k;
    char   *body = NULL, *type;
    rp_status status;

    while (nurls < 3 && c->urls[nurls])
	nurls++;
    status = rp_rewrite_urls(c->message, strlen(c->message), c->urls, nurls, BANNER, 32,
			&body, &len);
    ck_assert_msg(status == RP_OK, "%s: status %d", c->name, status);
    ck_assert_msg(strlen(body) == len, "%s: length %zu, strlen %zu", c->name, len, strlen(body));
    for (k = 0; k < 6 && c->want[k]; k++)
	ck_assert_msg(strstr(body, c->want[k]) != NULL, "%s: \"%s\" missing in:\n%s",
		      c->name, c->want[k], body);
    for (k = 0; k < 4 && c->reject[k]; k++)
	ck_assert_msg(strstr(body, c->reject[k]) == NULL, "%s: \"%s\" still in:\n%s",
		      c->name, c->reject[k], body);
    type = reparse(c->message, body);
    ck_assert_msg(type && strcmp(type, c->type) == 0, "%s: reparsed type %s, want %s",
		  c->name, type ? type : "(none)", c->type);
    g_free(type);
    free(body);
}
END_TEST

/* base64 content must be decoded, edited and encoded again */
START_TEST(test_rewrite_base64)
{
    static const char msg[] = PLAIN_HDR "Content-Type: text/plain; charset=utf-8\r\n"
	"Content-Transfer-Encoding: base64\r\n\r\n"
	"VmlzaXQgaHR0cHM6Ly9ldmlsLmV4YW1wbGUvbG9naW4gdG9kYXkuCg==\r\n";
    const char *urls[] = {"https://evil.example/login"};
    char   *body = NULL;
    size_t  len = 0;
    guchar *decoded;
    gsize   dlen;

    ck_assert_int_eq(rp_rewrite_urls(msg, strlen(msg), urls, 1, BANNER, 32, &body, &len), RP_OK);
    decoded = g_base64_decode(body, &dlen);
    ck_assert_msg(g_strstr_len((char *) decoded, dlen, "Visit hxxps://evil[.]example/login today.")
		  != NULL, "base64: decoded body lacks the defanged URL");
    ck_assert_msg(g_strstr_len((char *) decoded, dlen, BANNER) != NULL, "base64: no banner");
    g_free(decoded);
    free(body);
}
END_TEST

/* A tag longer than the old reader's 8 KB window is still read whole. */
START_TEST(test_rewrite_long_tag)
{
    GString *msg = g_string_new(PLAIN_HDR "Content-Type: text/html\r\n\r\n<body><a title=\"");
    const char *urls[] = {"https://evil.example/long"};
    char   *body = NULL;
    size_t  len = 0, i;

    for (i = 0; i < 9000; i++)
	g_string_append_c(msg, 'a' + i % 26);
    g_string_append(msg, "\" href=\"https://evil.example/long\">x</a></body>\r\n");
    ck_assert_int_eq(rp_rewrite_urls(msg->str, msg->len, urls, 1, BANNER, 32, &body, &len), RP_OK);
    ck_assert_msg(strstr(body, "\" href=\"#\">x</a>") != NULL, "long tag: href kept");
    ck_assert_msg(strstr(body, "[hxxps://evil[.]example/long]</span> <a title=") != NULL,
		  "long tag: destination not shown");
    free(body);
    g_string_free(msg, TRUE);
}
END_TEST

START_TEST(test_rewrite_invalid)
{
    char   *body = NULL;
    size_t  len = 0;

    ck_assert_int_eq(rp_rewrite_urls(NULL, 0, NULL, 0, BANNER, 32, &body, &len), RP_ERR_INVALID);
    ck_assert_int_eq(rp_rewrite_urls("x", 1, NULL, 1, BANNER, 32, &body, &len), RP_ERR_INVALID);
    /* hostile input: binary junk and unterminated tags still yield a body */
    {
	static const char junk[] = "Content-Type: text/html\r\n\r\n<a href=\"https://evil.example/x"
	    "\0\0<<<<<a href='https://evil.example/x'>\xff\xfe<!-- never closed";
	const char *urls[] = {"https://evil.example/x"};

	ck_assert_int_eq(rp_rewrite_urls(junk, sizeof(junk) - 1, urls, 1, BANNER, 32, &body, &len), RP_OK);
	free(body);
    }
}
END_TEST

/* rewrite_suite - the tests */
static Suite *rewrite_suite(void)
{
    Suite  *s = suite_create("rewrite");
    TCase  *tc = tcase_create("rewrite");

    tcase_add_loop_test(tc, test_defang, 0, G_N_ELEMENTS(defang_cases));
    tcase_add_loop_test(tc, test_rewrite, 0, G_N_ELEMENTS(rewrite_cases));
    tcase_add_test(tc, test_rewrite_base64);
    tcase_add_test(tc, test_rewrite_long_tag);
    tcase_add_test(tc, test_rewrite_invalid);
    suite_add_tcase(s, tc);
    return s;
}

/* setup - GMime once for the process */
static int setup(int argc, char **argv)
{
    rp_mime_init();
    return 0;
}

const rp_test_program rp_test = {rewrite_suite, setup, NULL, NULL, 0};
