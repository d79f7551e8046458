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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regphish.h"
#include "rp_engine.h"
#include "rp_mime.h"
#include "rp_rewrite.h"
#include "rp_rewrite_edit.h"
#include "rp_url.h"
#include "check_main.h"

#define BANNER "Links that imitate a known site were disabled."

typedef struct defang_case {
    const char *in, *want;
} defang_case;

static const defang_case defang_cases[] = {
    {"https://evil.example/path", "hxxps://evil[.]example/path"},
    {"http://evil.example", "hxxp://evil[.]example"},
    {"HTTPS://Evil.Example/a.b?c.d#e.f", "HxxPS://Evil[.]Example/a.b?c.d#e.f"},
    {"https://pypi.org@evil.example/login", "hxxps://pypi[.]org@evil[.]example/login"},
    {"https://192.0.2.1:8080/x", "hxxps://192[.]0[.]2[.]1:8080/x"},
    {"ftp://files.example/x.tgz", "ftp://files[.]example/x.tgz"},
    {"evil.example/path.html", "evil[.]example/path.html"},
    {"httpx://a.example", "httpx://a[.]example"},
    {"https://bit.ly/r?u=https://pypj.org/login", "hxxps://bit[.]ly/r?u=hxxps://pypj[.]org/login"},
    {"https://a.example/?next=www.evil.example/x", "hxxps://a[.]example/?next=www[.]evil[.]example/x"},
    {"https://a.example/#x=HTTP://B.example/", "hxxps://a[.]example/#x=HxxP://B[.]example/"},
    {"https://pypj\xe3\x80\x82org\xef\xbc\x8e/x\xe3\x80\x82y", "hxxps://pypj[.]org[.]/x\xe3\x80\x82y"},
    {"", ""},
};

/* no_url - rp_url_found that fails: a defanged URL holds no URL */
static void no_url(void *ctx, const char *url, size_t len)
{
    ck_abort_msg("\"%s\" still holds the URL %.*s", (const char *) ctx, (int) len, url);
}

START_TEST(test_defang)
{
    const defang_case *c = defang_cases + _i;
    char   *got = rp_rewrite_defang(c->in);

    ck_assert_msg(strcmp(got, c->want) == 0, "defang(\"%s\") = \"%s\", want \"%s\"",
		  c->in, got, c->want);
    /* what is defanged holds nothing a reader's client (or detection) links */
    rp_url_scan_text(got, strlen(got), no_url, got);
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
    {"attachment and forwarded message: defanged, no banner in them",
	PLAIN_HDR "Content-Type: multipart/mixed; boundary=\"M\"\r\n\r\n"
	"--M\r\nContent-Type: text/plain\r\n\r\nsee https://evil.example/q\r\n"
	"--M\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\n"
	"https://evil.example/q in attachment\r\n"
	"--M\r\nContent-Type: message/rfc822\r\n\r\nSubject: fwd\r\n\r\nhttps://evil.example/q quoted\r\n"
	"--M--\r\n",
	{"https://evil.example/q"},
	{"see hxxps://evil[.]example/q", "filename=a.txt\r\n\r\nhxxps://evil[.]example/q in attachment",
	 "Subject: fwd\r\n\r\nhxxps://evil[.]example/q quoted"},
	{"https://evil.example/q"}, "multipart/mixed"},
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
     * &period; is an HTML5 name: however the parse reads the href (as
     * written, or decoded), the rewriter matches what it read, and a
     * second link to the same host goes with the first.
     */
    {"HTML5 reference: rewriting reads it as detection did",
	PLAIN_HDR "Content-Type: text/html\r\n\r\n"
	"<body><a href=\"https://evil&period;example/\">a</a>"
	"<a href=\"https://evil&period;example/b\">b</a></body>\r\n",
	{"https://evil&period;example/", "https://evil.example/"},
	{"<a href=\"#\">a</a>", "<a href=\"#\">b</a>"},
	{"evil&period;example/\""}, "text/html"},
    {"script text is not markup: its URL is defanged in place",
	PLAIN_HDR "Content-Type: text/html\r\n\r\n"
	"<body><script>var u = \"<a href='https://evil.example/j'>\";</script></body>\r\n",
	{"https://evil.example/j"},
	{"<a href='hxxps://evil[.]example/j'>\";</script>"},
	{"<span", "https://evil"}, "text/html"},
    {"text: whole URLs as the detection scanner finds them",
	"Subject: s\r\n\r\nSee https://evil.example/x, or https://good.example/xyz.\r\n",
	{"https://evil.example/x"},
	{"See hxxps://evil[.]example/x, or https://good.example/xyz."},
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

/*
 * The attacks: each message below is judged by the engine, rewritten with
 * its own verdict, and judged again.  The banner says the links were
 * disabled, so none of the verdict's URLs, nor any link to one of their
 * hosts, may still be a link when the rewritten message is read the way
 * detection reads it (with no limit on parts or links).
 */
#define PHISH_HDR "From: PyPI <noreply@pypj.org>\r\nTo: dev@example.net\r\n" \
    "Subject: [PyPI] Email verification\r\nMIME-Version: 1.0\r\n"
#define MIXED PHISH_HDR "Content-Type: multipart/mixed; boundary=\"M\"\r\n\r\n" \
    "--M\r\nContent-Type: text/plain\r\n\r\nPlease see the attachment.\r\n"
#define HTML_HDR PHISH_HDR "Content-Type: text/html; charset=utf-8\r\n\r\n"
#define LOGIN "https://pypj.org/account/login/"

static rp_engine *engine;

/* header_end - length of the header block of message, blank line included */
static size_t header_end(const char *message, size_t len)
{
    size_t  i;

    for (i = 0; i + 1 < len; i++) {
	if (message[i] == '\n' && message[i + 1] == '\n')
	    return i + 2;
	if (i + 3 < len && memcmp(message + i, "\r\n\r\n", 4) == 0)
	    return i + 4;
    }
    return len;
}

/* deceptive_set - the verdict's URLs, and their hosts as "host:NAME" */
static GHashTable *deceptive_set(const rp_verdict *v)
{
    GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    const char *url;
    rp_url  u;
    size_t  i;

    for (i = 0; (url = rp_verdict_url(v, i)) != NULL; i++) {
	g_hash_table_add(set, g_strdup(url));
	if (rp_url_parse(url, strlen(url), &u) == 0) {
	    g_hash_table_add(set, g_strconcat("host:", u.host, NULL));
	    rp_url_free(&u);
	}
    }
    return set;
}

/* live_link - a link of f that goes where a deceptive URL went, or NULL */
static const char *live_link(const rp_features *f, GHashTable *set)
{
    char   *key;
    rp_url  u;
    size_t  i;
    int     hit;

    for (i = 0; i < f->nlinks; i++) {
	if (g_hash_table_contains(set, f->links[i].href))
	    return f->links[i].href;
	if (rp_url_parse(f->links[i].href, strlen(f->links[i].href), &u) != 0)
	    continue;
	key = g_strconcat("host:", u.host, NULL);
	hit = g_hash_table_contains(set, key);
	g_free(key);
	rp_url_free(&u);
	if (hit)
	    return f->links[i].href;
    }
    return NULL;
}

/* assert_disarmed - the rewritten message keeps none of its deceptive links */
static void assert_disarmed(const char *name, const char *message, size_t len)
{
    rp_limits wide = engine->limits;
    rp_verdict *v = NULL, *again = NULL;
    rp_features f;
    GHashTable *set;
    GString *out;
    char   *body = NULL;
    size_t  blen = 0;
    const char *live;

    ck_assert_int_eq(rp_scan(engine, message, len, NULL, &v), RP_OK);
    ck_assert_msg(rp_verdict_url_count(v) > 0, "%s: no deceptive URL: the case proves nothing", name);
    ck_assert_int_eq(rp_rewrite(engine, v, message, len, BANNER, &body, &blen), RP_OK);
    ck_assert_msg(body[blen] == 0, "%s: body not terminated at its length", name);
    out = g_string_new_len(message, (gssize) header_end(message, len));
    g_string_append_len(out, body, (gssize) blen);
    wide.max_parts = wide.max_links = 1000000;
    wide.max_text = 1 << 26;
    rp_features_init(&f);
    ck_assert_int_eq(rp_mime_extract(out->str, out->len, NULL, &wide, &f), RP_OK);
    set = deceptive_set(v);
    live = live_link(&f, set);
    ck_assert_msg(live == NULL, "%s: %s is still a link in:\n%.2000s", name, live, body);
    ck_assert_int_eq(rp_scan(engine, out->str, out->len, NULL, &again), RP_OK);
    ck_assert_msg(rp_verdict_url_count(again) == 0, "%s: a re-scan finds %s deceptive in:\n%.2000s",
		  name, rp_verdict_url(again, 0), body);
    ck_assert_msg(strstr(f.text.data, BANNER) != NULL, "%s: no banner in:\n%.2000s", name, body);
    rp_features_free(&f);
    g_hash_table_destroy(set);
    g_string_free(out, TRUE);
    rp_verdict_free(again);
    rp_verdict_free(v);
    free(body);
}

typedef struct attack_case {
    const char *name, *message;
} attack_case;

static const attack_case attack_cases[] = {
    {"html attachment",
	MIXED "--M\r\nContent-Type: text/html\r\n"
	"Content-Disposition: attachment; filename=\"verify.html\"\r\n\r\n"
	"<html><body><a href=\"" LOGIN "\">Verify</a></body></html>\r\n--M--\r\n"},
    {"html attachment named .htm, sent as octet-stream",
	MIXED "--M\r\nContent-Type: application/octet-stream; name=\"verify.HTM\"\r\n"
	"Content-Disposition: attachment\r\n\r\n"
	"<a href=\"" LOGIN "\">Verify</a>\r\n--M--\r\n"},
    {"text attachment",
	MIXED "--M\r\nContent-Type: text/plain; name=\"steps.txt\"\r\n"
	"Content-Disposition: attachment; filename=\"steps.txt\"\r\n\r\n"
	"1. Open " LOGIN "\r\n--M--\r\n"},
    {"other text type inline (text/enriched)",
	MIXED "--M\r\nContent-Type: text/enriched\r\n\r\n<bold>Open</bold> " LOGIN "\r\n--M--\r\n"},
    {"message/rfc822 attachment",
	MIXED "--M\r\nContent-Type: message/rfc822\r\n\r\n"
	"From: PyPI <noreply@pypj.org>\r\nSubject: fwd\r\nContent-Type: text/html\r\n\r\n"
	"<a href=\"" LOGIN "\">Verify</a>\r\n--M--\r\n"},
    {"base href with relative links",
	HTML_HDR "<html><head><base href=\"https://pypj.org/\"></head><body>"
	"<a href=\"account/login/\">Verify</a> <a href=\"/x\">x</a></body></html>\r\n"},
    {"tag over 8 KiB",
	HTML_HDR "<body><a href=\"" LOGIN "\" title=\"%PAD%\">Verify</a>"
	"<base href=\"https://pypj.org/\" data-x=\"%PAD%\"><a href=\"r\">r</a>"
	"<form action=\"https://pypj.org/f\" class=\"%PAD%\"><input></form></body>\r\n"},
    {"uppercase schemes",
	PHISH_HDR "Content-Type: multipart/alternative; boundary=\"A\"\r\n\r\n"
	"--A\r\nContent-Type: text/plain\r\n\r\nOpen HTTPS://PYPJ.ORG/LOGIN now\r\n"
	"--A\r\nContent-Type: text/html\r\n\r\n<A HREF=\"HTTPS://PYPJ.ORG/LOGIN\">go</A> "
	"<p>HTTP://WWW.PYPJ.ORG/X</p>\r\n--A--\r\n"},
    {"quoted-printable soft line break inside the URL",
	PHISH_HDR "Content-Type: text/plain; charset=utf-8\r\n"
	"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	"Open https://py=\r\npj.org/account/lo=\r\ngin/ now\r\n"},
    {"quoted-printable html, href split by soft breaks",
	PHISH_HDR "Content-Type: text/html; charset=utf-8\r\n"
	"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	"<a href=3D\"https://py=\r\npj.org/login\">go</a>\r\n"},
    {"base64 html",
	PHISH_HDR "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
	"PGEgaHJlZj0iaHR0cHM6Ly9weXBqLm9yZy9hY2NvdW50L2xvZ2luLyI+VmVyaWZ5PC9hPgo=\r\n"},
    {"latin-1 text, URL before a no-break space",
	PHISH_HDR "Content-Type: text/plain; charset=iso-8859-1\r\n"
	"Content-Transfer-Encoding: 8bit\r\n\r\nOuvrez https://pypj.org/v\xe9rifier\xa0maintenant\r\n"},
    {"html visible text with character references",
	HTML_HDR "<body><p>Open https://pypj&#46;org/account/login/ now</p></body>\r\n"},
    {"html visible text split by markup",
	HTML_HDR "<body><p>Open https://pypj.<b></b>org/login or "
	"https://pypj.<!-- x -->org/other now</p></body>\r\n"},
    {"redirect target inside the link",
	HTML_HDR "<body><a href=\"https://bit.ly/r?u=https://pypj.org/login\">go</a></body>\r\n"},
    {"boundary that never comes",
	PHISH_HDR "Content-Type: multipart/mixed; boundary=\"NEVER\"\r\n\r\n"
	"Open " LOGIN " today\r\n"},
    {"link whose bytes cannot be placed (false starts), written out",
	HTML_HDR "<body><p>x</p><!-- %FALSE% --><a href=\"" LOGIN "\">Verify</a></body>\r\n"},
    {"link whose bytes cannot be placed, written with references",
	HTML_HDR "<body><p>x</p><!-- %FALSE% --><a href=\"https://pypj&#46;org/login\">Verify</a>"
	"</body>\r\n"},
    {"NUL byte inside the URL (detection reads the text without it)",
	PHISH_HDR "Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
	"Open https://py%NUL%pj.org/login now\r\n"},
    {"not MIME at all: detection reads it as text",
	"no header here\r\n\r\nVerify at " LOGIN "\r\n"},
    {"ideographic full stop in the host", HTML_HDR "<body><a href=\"https://pypj\xe3\x80\x82org/x\">"
	"https://pypj\xe3\x80\x82org/x</a></body>\r\n"},
    {"meta refresh and area",
	HTML_HDR "<html><head><meta http-equiv=\"refresh\" content=\"5; url=" LOGIN "\"></head>"
	"<body><map><area href=\"https://pypj.org/a\" alt=\"x\"></map></body></html>\r\n"},
};

/* expand - s with each %PAD% as 9 KiB of letters, %FALSE% as 40 false "<a", %NUL% as a NUL */
static GString *expand(const char *s)
{
    GString *out = g_string_new(NULL);
    const char *mark;
    size_t  i;

    while ((mark = strpbrk(s, "%")) != NULL) {
	g_string_append_len(out, s, mark - s);
	if (strncmp(mark, "%PAD%", 5) == 0) {
	    for (i = 0; i < 9 * 1024; i++)
		g_string_append_c(out, 'a' + i % 26);
	    s = mark + 5;
	} else if (strncmp(mark, "%NUL%", 5) == 0) {
	    g_string_append_c(out, 0);
	    s = mark + 5;
	} else if (strncmp(mark, "%FALSE%", 7) == 0) {
	    for (i = 0; i < 40; i++)
		g_string_append(out, "<a x=1 ");
	    s = mark + 7;
	} else {
	    g_string_append_c(out, '%');
	    s = mark + 1;
	}
    }
    g_string_append(out, s);
    return out;
}

START_TEST(test_rewrite_attack)
{
    GString *msg = expand(attack_cases[_i].message);

    assert_disarmed(attack_cases[_i].name, msg->str, msg->len);
    g_string_free(msg, TRUE);
}
END_TEST

/* encoded_text - a text/plain message whose body is text in charset, base64 */
static GString *encoded_text(const char *charset, const char *text)
{
    GString *msg = g_string_new(PHISH_HDR);
    gsize   n = 0;
    char   *bytes = g_convert(text, -1, charset, "UTF-8", NULL, &n, NULL);
    char   *b64;

    ck_assert_msg(bytes != NULL, "iconv cannot write %s", charset);
    b64 = g_base64_encode((const guchar *) bytes, n);
    g_string_append_printf(msg, "Content-Type: text/plain; charset=%s\r\n"
			   "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n", charset, b64);
    g_free(bytes);
    g_free(b64);
    return msg;
}

/* forwarded - a MIXED message whose attachment is message, base64-encoded */
static GString *forwarded(const char *message)
{
    GString *msg = g_string_new(MIXED);
    char   *b64 = g_base64_encode((const guchar *) message, strlen(message));

    g_string_append_printf(msg, "--M\r\nContent-Type: message/rfc822\r\n"
			   "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--M--\r\n", b64);
    g_free(b64);
    return msg;
}

/* Forwarded messages that GMime leaves opaque (base64), one in another. */
START_TEST(test_rewrite_encoded_forward)
{
    GString *inner = forwarded(HTML_HDR "<a href=\"" LOGIN "\">Verify</a>\r\n");
    GString *outer = forwarded(inner->str);

    assert_disarmed("base64 forward", inner->str, inner->len);
    assert_disarmed("base64 forward in a base64 forward", outer->str, outer->len);
    g_string_free(inner, TRUE);
    g_string_free(outer, TRUE);
}
END_TEST

/*
 * A boundary line with junk after a bare CR: GMime reads the original
 * one way and its own output another, which shows a forwarded message
 * the first reading did not.
 */
START_TEST(test_rewrite_boundary_junk)
{
    GString *msg = g_string_new(MIXED "--M\r\nContent-Type: text/plain\r\n\r\n"
				"Open https://pypj.org/t\r\n--M\r[.]\r\n");
    const char *inner = HTML_HDR "<a href=\"" LOGIN "\">Verify</a>\r\n";
    char   *b64 = g_base64_encode((const guchar *) inner, strlen(inner));

    g_string_append_printf(msg, "Content-Type: message/rfc822\r\n"
			   "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--M--\r\n", b64);
    assert_disarmed("boundary line with junk", msg->str, msg->len);
    g_free(b64);
    g_string_free(msg, TRUE);
}
END_TEST

/* Text parts in charsets that are not ASCII-compatible, or are stateful. */
START_TEST(test_rewrite_charsets)
{
    static const char *const charsets[] = {"UTF-16", "UTF-16BE", "UTF-32", "UTF-7", "ISO-2022-JP"};
    GString *msg = encoded_text(charsets[_i], "\xe7\xa2\xba\xe8\xaa\x8d: " LOGIN " \xe3\x80\x82\r\n");

    assert_disarmed(charsets[_i], msg->str, msg->len);
    g_string_free(msg, TRUE);
}
END_TEST

/* find - is needle in the len bytes at hay (which may hold NUL bytes) */
static const char *find(const char *hay, size_t len, const char *needle)
{
    size_t  n = strlen(needle), i;

    for (i = 0; i + n <= len; i++)
	if (memcmp(hay + i, needle, n) == 0)
	    return hay + i;
    return NULL;
}

/* A NUL byte in a part left alone must not end the body early. */
START_TEST(test_rewrite_nul_before_first_change)
{
    static const char msg[] = PHISH_HDR "Content-Type: multipart/mixed; boundary=\"M\"\r\n\r\n"
	"--M\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n"
	"AB\0CD\r\n--M\r\nContent-Type: text/plain\r\n\r\nLog in at https://pypj.org/login\r\n--M--\r\n";
    const char *urls[] = {"https://pypj.org/login"};
    const char *nul, *fang;
    char   *body = NULL;
    size_t  len = 0;

    ck_assert_int_eq(rp_rewrite_urls(msg, sizeof(msg) - 1, urls, 1, BANNER, 32, &body, &len), RP_OK);
    nul = find(body, len, "AB");
    fang = find(body, len, "hxxps://pypj[.]org/login");
    ck_assert_msg(nul != NULL && nul[2] == 0 && nul[3] == 'C', "binary part changed");
    ck_assert_msg(fang != NULL && fang > nul, "the change after the NUL is lost");
    ck_assert_msg(find(body, len, "https://pypj.org") == NULL, "URL still live");
    assert_disarmed("NUL before the first change", msg, sizeof(msg) - 1);
    free(body);
}
END_TEST

/* More deceptive URLs than any fixed count, in text and HTML. */
START_TEST(test_rewrite_more_than_64_urls)
{
    enum { N = 3000 };
    GString *msg = g_string_new(PLAIN_HDR "Content-Type: multipart/alternative; boundary=\"A\"\r\n\r\n"
				"--A\r\nContent-Type: text/plain\r\n\r\n");
    char  **urls = calloc(N, sizeof(*urls));
    char   *body = NULL;
    size_t  len = 0, i;

    for (i = 0; i < N; i++) {
	urls[i] = g_strdup_printf("https://evil%zu.example/%zu", i, i);
	g_string_append_printf(msg, "%s\r\n", urls[i]);
    }
    g_string_append(msg, "--A\r\nContent-Type: text/html\r\n\r\n");
    for (i = 0; i < N; i++)
	g_string_append_printf(msg, "<a href=\"%s\">x</a>\r\n", urls[i]);
    g_string_append(msg, "--A--\r\n");
    ck_assert_int_eq(rp_rewrite_urls(msg->str, msg->len, (const char *const *) urls, N,
				     BANNER, 32, &body, &len), RP_OK);
    ck_assert_msg(strstr(body, "https://evil") == NULL, "a URL is still live");
    ck_assert_msg(strstr(body, "hxxps://evil2999[.]example/2999") != NULL, "last URL not defanged");
    for (i = 0; i < N; i++)
	g_free(urls[i]);
    free(urls);
    free(body);
    g_string_free(msg, TRUE);
}
END_TEST

/* Deceptive links past the link limit and any URL count: one host, or each its own. */
START_TEST(test_rewrite_past_the_link_limit)
{
    GString *msg = g_string_new(PHISH_HDR "Content-Type: text/html\r\n\r\n<body>");
    size_t  i;

    g_string_append(msg, "<a href=\"" LOGIN "\">Verify</a>\r\n");
    for (i = 0; i < 2100; i++)
	g_string_append_printf(msg, _i ? "<a href=\"https://a%zu.pypj.org/login\">p</a>\r\n"
			       : "<a href=\"https://pypj.org/p/%zu\">p</a>\r\n", i);
    g_string_append(msg, "</body>\r\n");
    assert_disarmed(_i ? "one host each" : "one host", msg->str, msg->len);
    g_string_free(msg, TRUE);
}
END_TEST

/* Unit form of the tag-size attack: 9 KiB of padding after the href, or before. */
START_TEST(test_rewrite_tag_over_8k)
{
    static const char *const tags[] = {
	"<a href=\"https://evil.example/long\" title=\"%PAD%\">x</a>",
	"<a title=\"%PAD%\" href=\"https://evil.example/long\">x</a>",
    };
    GString *msg = g_string_new(PLAIN_HDR "Content-Type: text/html\r\n\r\n<body>");
    GString *tag = expand(tags[_i]);
    const char *urls[] = {"https://evil.example/long"};
    char   *body = NULL;
    size_t  len = 0;

    g_string_append_printf(msg, "%s</body>\r\n", tag->str);
    ck_assert_int_eq(rp_rewrite_urls(msg->str, msg->len, urls, 1, BANNER, 32, &body, &len), RP_OK);
    ck_assert_msg(strstr(body, "href=\"#\"") != NULL, "long tag: href kept");
    ck_assert_msg(strstr(body, "[hxxps://evil[.]example/long]</span> <a ") != NULL,
		  "long tag: destination not shown");
    ck_assert_msg(strstr(body, "https://evil") == NULL, "long tag: URL still live");
    free(body);
    g_string_free(tag, TRUE);
    g_string_free(msg, TRUE);
}
END_TEST

/* Unit form of the base attack: the base and every relative link. */
START_TEST(test_rewrite_base_href_relative)
{
    static const char msg[] = PLAIN_HDR "Content-Type: text/html\r\n\r\n"
	"<html><head><base href=\"https://evil.example/\"></head>"
	"<body><a href=\"login\">l</a><a href=\"https://good.example/\">g</a></body></html>\r\n";
    const char *urls[] = {"https://evil.example/"};
    char   *body = NULL;
    size_t  len = 0;

    ck_assert_int_eq(rp_rewrite_urls(msg, sizeof(msg) - 1, urls, 1, BANNER, 32, &body, &len), RP_OK);
    ck_assert_msg(strstr(body, "<base href=\"#\">") != NULL, "base kept:\n%s", body);
    ck_assert_msg(strstr(body, "<a href=\"#\">l</a>") != NULL, "relative link kept:\n%s", body);
    ck_assert_msg(strstr(body, "<a href=\"https://good.example/\">g</a>") != NULL,
		  "absolute link elsewhere changed:\n%s", body);
    free(body);
}
END_TEST

/* A UTF-16 part is rewritten in UTF-16, and says so in its own bytes. */
START_TEST(test_rewrite_utf16_stays_utf16)
{
    GString *msg = encoded_text("UTF-16", "Log in: https://evil.example/login\r\n");
    const char *urls[] = {"https://evil.example/login"};
    char   *body = NULL, *text;
    guchar *raw;
    gsize   n;
    size_t  len = 0;

    ck_assert_int_eq(rp_rewrite_urls(msg->str, msg->len, urls, 1, BANNER, 32, &body, &len), RP_OK);
    raw = g_base64_decode(body, &n);
    text = g_convert((const char *) raw, (gssize) n, "UTF-8", "UTF-16", NULL, NULL, NULL);
    ck_assert_msg(text && strstr(text, "Log in: hxxps://evil[.]example/login")
		  && strstr(text, BANNER), "UTF-16 body: %s", text ? text : "(not UTF-16)");
    g_free(text);
    g_free(raw);
    free(body);
    g_string_free(msg, TRUE);
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
    tcase_add_test(tc, test_rewrite_invalid);
    tcase_add_loop_test(tc, test_rewrite_attack, 0, G_N_ELEMENTS(attack_cases));
    tcase_add_loop_test(tc, test_rewrite_charsets, 0, 5);
    tcase_add_test(tc, test_rewrite_encoded_forward);
    tcase_add_test(tc, test_rewrite_boundary_junk);
    tcase_add_test(tc, test_rewrite_nul_before_first_change);
    tcase_add_test(tc, test_rewrite_more_than_64_urls);
    tcase_add_loop_test(tc, test_rewrite_past_the_link_limit, 0, 2);
    tcase_add_loop_test(tc, test_rewrite_tag_over_8k, 0, 2);
    tcase_add_test(tc, test_rewrite_base_href_relative);
    tcase_add_test(tc, test_rewrite_utf16_stays_utf16);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

/* setup - GMime once for the process, and the shipped rules */
static int setup(int argc, char **argv)
{
    rp_mime_init();
    if ((engine = rp_test_shipped_engine()) == NULL)
	return 1;
    return 0;
}

/* teardown - the engine */
static void teardown(void)
{
    rp_engine_free(engine);
}

const rp_test_program rp_test = {rewrite_suite, setup, teardown, NULL, 0};
