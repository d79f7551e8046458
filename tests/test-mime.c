/*
 * NAME
 *	test-mime 1
 * SUMMARY
 *	tests for rp_mime: addresses, MIME trees, hostile input
 * SYNOPSIS
 *	test-mime
 * DESCRIPTION
 *	Checks rp_mime_extract() on address headers (split B words in
 *	display names, encoded specials, groups; decoding itself is
 *	test-rfc2047's), messages of tests/corpus (features, and LF
 *	versus CRLF giving the same features), the small broken messages in
 *	tests/malformed, and messages generated here: 10,000 nested
 *	multiparts and message/rfc822 parts in 256 KB- and 8 MB-stack
 *	threads (the innermost part still read), a 50 MB line, millions of
 *	boundary-like lines under a deep nest, too many parts (all still
 *	read), and the limits attacked: a phish after 1,500 (and after a
 *	million) parts with nothing to read, nested past the depth cap with
 *	a link at every level, forwarded in a base64 message/rfc822.  The
 *	pre-scan's edits and the charset conversion have their own tables
 *	in test-prescan and test-charset; multipart/alternative has
 *	test-alternative.
 */
#include "config.h"

#include <check.h>
#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regphish.h"
#include "rp_mime.h"
#include "rp_utf8.h"
#include "rp_util.h"
#include "check_main.h"

#ifndef RP_TEST_DATA_DIR
#define RP_TEST_DATA_DIR "."
#endif

static const rp_limits limits = {32, 500, 1000, 1 << 20};

/* read_data - a file under tests/, or fail the test */
static char *read_data(const char *rel, size_t *len)
{
    char    path[1024];
    char   *data;

    snprintf(path, sizeof(path), "%s/%s", RP_TEST_DATA_DIR, rel);
    ck_assert_msg(rp_read_file(path, &data, len) == RP_OK, "cannot read %s", path);
    return data;
}

/* render - every feature as text, for comparisons and messages */
static void render(const rp_features *f, rp_buf *out)
{
    size_t  i;

    rp_buf_printf(out, "flags %#x\nsubject %s\n", f->flags,
		  f->subject ? f->subject : "(none)");
    for (i = 0; i < f->naddrs; i++)
	rp_buf_printf(out, "addr %d [%s] [%s] [%s]\n", f->addrs[i].role,
		      f->addrs[i].display ? f->addrs[i].display : "",
		      f->addrs[i].address ? f->addrs[i].address : "",
		      f->addrs[i].domain ? f->addrs[i].domain : "");
    for (i = 0; i < f->nauth; i++)
	rp_buf_printf(out, "auth %s\n", f->auth_results[i]);
    for (i = 0; i < f->nlinks; i++)
	rp_buf_printf(out, "link %#x %s => %s\n", f->links[i].flags,
		      f->links[i].href, f->links[i].text ? f->links[i].text : "");
    rp_buf_printf(out, "text %s\n", f->text.data);
}

/* extract - run rp_mime_extract and render the result */
static rp_status extract(const char *msg, size_t len, const rp_envelope *env,
			         rp_features *f, rp_buf *out)
{
    rp_status rc;

    rp_features_init(f);
    rc = rp_mime_extract(msg, len, env, &limits, f);
    render(f, out);
    return rc;
}

/* Address headers: raw message, expected rendering of its addresses. */
typedef struct addr_case {
    const char *name;
    const char *headers;
    const char *want;		/* "role [display] [address] [domain]" lines */
} addr_case;

static const addr_case addr_cases[] = {
    {"split B words in a display name",
	"From: =?UTF-8?B?UHlQSSBTZWN1cml0eQ==?= =?UTF-8?B?IFRlYW0=?= <a@pypi-x.example>\n",
	"addr 0 [PyPI Security Team] [a@pypi-x.example] [pypi-x.example]\n"},
    {"encoded address in a display name stays a name",
	"From: =?UTF-8?Q?PyPI_=3Cadmin=40pypi=2Eorg=3E?= <x@evil.example>\n",
	"addr 0 [PyPI <admin@pypi.org>] [x@evil.example] [evil.example]\n"},
    {"encoded comma does not split the list",
	"From: =?UTF-8?Q?Doe=2C_John?= <j@one.example>\n",
	"addr 0 [Doe, John] [j@one.example] [one.example]\n"},
    {"quoted display name",
	"From: \"npm, Inc.\" <support@npmjs.example>\n",
	"addr 0 [npm, Inc.] [support@npmjs.example] [npmjs.example]\n"},
    {"encoded word inside quotes",
	"From: \"=?UTF-8?B?R2l0SHVi?=\" <noreply@gh.example>\n",
	"addr 0 [GitHub] [noreply@gh.example] [gh.example]\n"},
    {"bare address",
	"From: security@pypi.example\n",
	"addr 0 [] [security@pypi.example] [pypi.example]\n"},
    {"several mailboxes and headers",
	"From: A <a@one.example>, b@two.example\nFrom: c@three.example\n",
	"addr 0 [A] [a@one.example] [one.example]\naddr 0 [] [b@two.example] [two.example]\n"
	"addr 0 [] [c@three.example] [three.example]\n"},
    {"group",
	"From: Team: x@g.example, y@g.example;\n",
	"addr 0 [] [x@g.example] [g.example]\naddr 0 [] [y@g.example] [g.example]\n"},
    {"sender, reply-to, return-path",
	"Return-Path: <bounce@rp.example>\nFrom: f@f.example\nSender: s@s.example\nReply-To: R <r@r.example>\n",
	"addr 3 [] [bounce@rp.example] [rp.example]\naddr 0 [] [f@f.example] [f.example]\n"
	"addr 1 [] [s@s.example] [s.example]\naddr 2 [R] [r@r.example] [r.example]\n"},
    {"display name without address",
	"From: =?UTF-8?Q?PyPI_Security?=\n",
	"addr 0 [PyPI Security] [] []\n"},
    {"uppercase domain lowered",
	"From: X <Someone@PyPI.Example>\n",
	"addr 0 [X] [Someone@PyPI.Example] [pypi.example]\n"},
};

START_TEST(test_addresses)
{
    const addr_case *c = addr_cases + _i;
    rp_features f;
    rp_buf  msg, got;
    size_t  i;

    rp_buf_init(&msg);
    rp_buf_init(&got);
    rp_buf_printf(&msg, "%sSubject: s\n\nbody\n", c->headers);
    rp_features_init(&f);
    ck_assert_int_eq(rp_mime_extract(msg.data, msg.len, NULL, &limits, &f), RP_OK);
    for (i = 0; i < f.naddrs; i++)
	rp_buf_printf(&got, "addr %d [%s] [%s] [%s]\n", f.addrs[i].role,
		      f.addrs[i].display ? f.addrs[i].display : "",
		      f.addrs[i].address ? f.addrs[i].address : "",
		      f.addrs[i].domain ? f.addrs[i].domain : "");
    ck_assert_msg(strcmp(got.data, c->want) == 0, "%s:\n%s\nwant\n%s", c->name,
		  got.data, c->want);
    rp_features_free(&f);
    rp_buf_free(&msg);
    rp_buf_free(&got);
}
END_TEST

/* A base64 multipart/alternative phish from the corpus. */
START_TEST(test_corpus_message)
{
    static const rp_envelope env = {"<notice@pypi-support.net>", NULL, NULL, NULL};
    rp_features f;
    rp_buf  out;
    char   *msg;
    size_t  len, i, with_text = 0;

    msg = read_data("corpus/phish/pub-p002.eml", &len);
    rp_buf_init(&out);
    ck_assert_int_eq(extract(msg, len, &env, &f, &out), RP_OK);
    ck_assert_str_eq(f.subject, "Security update: re-confirm two-factor authentication");
    /* multipart/alternative: the HTML is shown, the plain text is not. */
    ck_assert_uint_eq(f.flags, RP_MSG_ALT_UNSEEN);
    for (i = 0; i < f.naddrs; i++)
	ck_assert_str_eq(f.addrs[i].domain, "pypi-support.net");
    ck_assert_uint_eq(f.naddrs, 3);
    ck_assert_int_eq(f.addrs[1].role, RP_ADDR_FROM);
    ck_assert_str_eq(f.addrs[1].display, "Python Package Index Support");
    ck_assert_int_eq(f.addrs[2].role, RP_ADDR_ENVELOPE);
    ck_assert_uint_eq(f.nauth, 1);
    ck_assert_msg(strncmp(f.auth_results[0], "mx.example.net;", 15) == 0, "%s", out.data);
    for (i = 0; i < f.nlinks; i++) {
	ck_assert_msg(strncmp(f.links[i].href, "https://pypi-support.net/", 25) == 0,
		      "%s", out.data);
	if (f.links[i].text && strcmp(f.links[i].text, "Re-confirm 2FA") == 0)
	    with_text++;
    }
    ck_assert_msg(with_text == 1, "anchor text not found:\n%s", out.data);
    ck_assert_msg(strstr(f.text.data, "two-factor") != NULL, "%s", out.data);
    rp_features_free(&f);
    rp_buf_free(&out);
    free(msg);
}
END_TEST

/* A corpus phish whose Subject is split into padded B words. */
START_TEST(test_corpus_split_subject)
{
    rp_features f;
    rp_buf  out;
    char   *msg;
    size_t  len;

    msg = read_data("corpus/phish/pub-p005.eml", &len);
    rp_buf_init(&out);
    ck_assert_int_eq(extract(msg, len, NULL, &f, &out), RP_OK);
    ck_assert_str_eq(f.subject, "\xe3\x80\x90PyPI\xe3\x80\x91\xe3\x82\xa2\xe3\x82\xab"
		     "\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88\xe3\x81\x8c\xe3\x83\xad"
		     "\xe3\x83\x83\xe3\x82\xaf\xe3\x81\x95\xe3\x82\x8c\xe3\x81\xbe"
		     "\xe3\x81\x97\xe3\x81\x9f");
    rp_features_free(&f);
    rp_buf_free(&out);
    free(msg);
}
END_TEST

/* convert_eol - the message with every line ending made CRLF or LF */
static char *convert_eol(const char *msg, size_t len, int crlf, size_t *outlen)
{
    rp_buf  b;
    size_t  i;

    rp_buf_init(&b);
    for (i = 0; i < len; i++) {
	if (msg[i] == '\r' && i + 1 < len && msg[i + 1] == '\n')
	    continue;
	if (msg[i] == '\n' && crlf)
	    rp_buf_putc(&b, '\r');
	rp_buf_putc(&b, msg[i]);
    }
    *outlen = b.len;
    return b.data;
}

static const char *const eol_files[] = {
    "corpus/phish/pub-p001.eml", "corpus/phish/pub-p002.eml",
    "corpus/phish/pub-p003.eml", "corpus/phish/pub-p005.eml",
    "corpus/ham/pub-h004.eml", "corpus/ham/pub-h010.eml",
    "malformed/html-attachment.eml", "malformed/iso-2022-jp.eml",
    "malformed/missing-boundary.eml", "malformed/no-separator.eml",
};

/* LF and CRLF forms of one message give the same features. */
START_TEST(test_eol)
{
    rp_features f1, f2;
    rp_buf  r1, r2;
    char   *msg, *lf, *crlf;
    size_t  len, lflen, crlflen;

    msg = read_data(eol_files[_i], &len);
    lf = convert_eol(msg, len, 0, &lflen);
    crlf = convert_eol(msg, len, 1, &crlflen);
    rp_buf_init(&r1);
    rp_buf_init(&r2);
    ck_assert_int_eq(extract(lf, lflen, NULL, &f1, &r1), RP_OK);
    ck_assert_int_eq(extract(crlf, crlflen, NULL, &f2, &r2), RP_OK);
    ck_assert_msg(strcmp(r1.data, r2.data) == 0, "%s: LF\n%s\nCRLF\n%s",
		  eol_files[_i], r1.data, r2.data);
    ck_assert_msg(f1.nlinks > 0, "%s: no links", eol_files[_i]);
    rp_features_free(&f1);
    rp_features_free(&f2);
    rp_buf_free(&r1);
    rp_buf_free(&r2);
    free(msg);
    free(lf);
    free(crlf);
}
END_TEST

/* Broken messages: file, flags that must be set, fragments that must show. */
typedef struct broken_case {
    const char *file;
    unsigned flags;
    const char *subject;	/* NULL: not checked */
    const char *has;		/* '|'-separated, each in the rendering */
} broken_case;

static const broken_case broken_cases[] = {
    {"malformed/rfc2047-split.eml", 0, "Urgent: verify your 2FA now",
	"[PyPI Security Team (noreply)] [alerts@pypi-notify.example]|"
	"[Support <support@pypi.org>] [help@attacker.example]|https://pypi-notify.example/2fa"},
    {"malformed/iso-2022-jp.eml", 0,
	"\xe3\x82\xa2\xe3\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88\xe3\x81\x8c"
	"\xe3\x83\xad\xe3\x83\x83\xe3\x82\xaf\xe3\x81\x95\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f",
	"link 0x1 https://npm-jp.example/login|\xe3\x82\xa2\xe3\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88"},
    {"malformed/no-separator.eml", RP_MSG_MIME_BROKEN, "no blank line",
	"https://no-sep.example/x|[noreply@pypi-mail.example]"},
    {"malformed/missing-boundary.eml", RP_MSG_MIME_BROKEN, "missing boundary",
	"link 0x2 https://npmjs-help.example/2fa => https://www.npmjs.com/settings"},
    {"malformed/boundary-in-header.eml", 0, "boundary in header --b1",
	"link 0x1 https://first.example/|link 0x2 https://second.example/ => second"},
    {"malformed/nul-bytes.eml", RP_MSG_MIME_BROKEN, "nul bytes",
	"[PyPI] [a@nul.example]|https://nul.example/pq|beforeafter"},
    {"malformed/invalid-utf8.eml", RP_MSG_BAD_UTF8, NULL,
	"bad \xef\xbf\xbd( \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|https://utf8.example/"},
    {"malformed/bogus-charset.eml", 0, "caf\xc3\xa9 and =?utf-8?Q?broken?",
	"text caf\xc3\xa9 https://bogus-charset.example/"},
    {"malformed/html-attachment.eml", 0, "invoice",
	"link 0x4 https://collect.example/p|link 0x2 https://att.example/login => PyPI login|"
	"link 0x1 https://inner.example/forwarded|See attached."},
    {"malformed/empty-headers.eml", 0, NULL, "https://headless.example/"},
};

START_TEST(test_broken)
{
    const broken_case *c = broken_cases + _i;
    rp_features f;
    rp_buf  out;
    char   *msg, *copy, *frag, *save;
    size_t  len;

    msg = read_data(c->file, &len);
    rp_buf_init(&out);
    ck_assert_int_eq(extract(msg, len, NULL, &f, &out), RP_OK);
    ck_assert_msg((f.flags & c->flags) == c->flags, "%s: flags %#x, want %#x",
		  c->file, f.flags, c->flags);
    if (c->subject)
	ck_assert_msg(f.subject && strcmp(f.subject, c->subject) == 0,
		      "%s: subject \"%s\"", c->file, f.subject ? f.subject : "(none)");
    copy = rp_strdup(c->has);
    for (frag = strtok_r(copy, "|", &save); frag; frag = strtok_r(NULL, "|", &save))
	ck_assert_msg(strstr(out.data, frag) != NULL, "%s: \"%s\" not in\n%s",
		      c->file, frag, out.data);
    free(copy);
    rp_features_free(&f);
    rp_buf_free(&out);
    free(msg);
}
END_TEST

/* nested - a message nested depth times: multiparts or message/rfc822 */
static void nested(rp_buf *b, int depth, int rfc822)
{
    int     i;

    rp_buf_puts(b, "From: deep@nest.example\nSubject: deep\n");
    for (i = 0; i < depth; i++) {
	if (rfc822)
	    rp_buf_puts(b, "Content-Type: message/rfc822\n\nSubject: inner\n");
	else
	    rp_buf_printf(b, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i);
    }
    rp_buf_puts(b, "Content-Type: text/plain\n\nhttps://deep.example/\n");
    for (i = depth - 1; i >= 0 && !rfc822; i--)
	rp_buf_printf(b, "--b%d--\n", i);
}

/* A job for a thread with a chosen stack size. */
typedef struct job {
    rp_buf  msg;
    rp_features f;
    rp_status rc;
} job;

/* run_job - thread body */
static void *run_job(void *arg)
{
    job    *j = arg;

    rp_features_init(&j->f);
    j->rc = rp_mime_extract(j->msg.data, j->msg.len, NULL, &limits, &j->f);
    return NULL;
}

/* 10,000 levels of nesting, in 256 KB and 8 MB stacks, both kinds. */
START_TEST(test_deep_nesting)
{
    static const size_t stacks[] = {256 * 1024, 8 * 1024 * 1024};
    pthread_attr_t attr;
    pthread_t tid;
    job     j;

    rp_buf_init(&j.msg);
    nested(&j.msg, 10000, _i % 2);
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, stacks[_i / 2]);
    ck_assert_int_eq(pthread_create(&tid, &attr, run_job, &j), 0);
    pthread_join(tid, NULL);
    ck_assert_int_eq(j.rc, RP_OK);
    ck_assert_msg(j.f.flags & RP_MSG_TOO_DEEP, "flags %#x", j.f.flags);
    /* Multiparts are flattened: the innermost leaf is still read. */
    if (_i % 2 == 0)
	ck_assert_msg(j.f.nlinks == 1 && strcmp(j.f.links[0].href, "https://deep.example/") == 0,
		      "innermost part lost (%zu links)", j.f.nlinks);
    rp_features_free(&j.f);
    rp_buf_free(&j.msg);
    pthread_attr_destroy(&attr);
}
END_TEST

/* Within the depth limit the innermost part is read. */
START_TEST(test_nesting_within_limit)
{
    rp_features f;
    rp_buf  msg, out;

    rp_buf_init(&msg);
    rp_buf_init(&out);
    nested(&msg, (int) limits.max_depth - 1, _i);
    ck_assert_int_eq(extract(msg.data, msg.len, NULL, &f, &out), RP_OK);
    ck_assert_msg(f.flags == 0 && f.nlinks == 1, "%s", out.data);
    rp_features_free(&f);
    rp_buf_free(&msg);
    rp_buf_free(&out);
}
END_TEST

/* A deep nest then millions of "--" lines: linear, not depth x lines. */
START_TEST(test_deep_boundary_lines)
{
    rp_features f;
    rp_buf  msg, out;
    size_t  i;

    rp_buf_init(&msg);
    rp_buf_init(&out);
    nested(&msg, 2000, 0);
    for (i = 0; i < 2000000; i++)
	rp_buf_puts(&msg, "--b\n");
    ck_assert_int_eq(extract(msg.data, msg.len, NULL, &f, &out), RP_OK);
    rp_features_free(&f);
    rp_buf_free(&msg);
    rp_buf_free(&out);
}
END_TEST

/* A 50 MB line in the body, base64 body and a header, in linear time. */
START_TEST(test_huge_line)
{
    static const char *const heads[] = {
	"From: a@big.example\nSubject: big\nContent-Type: text/plain\n\nhttps://start.example/ ",
	"From: a@big.example\nSubject: big\nContent-Type: text/html\n\n<a href=\"https://start.example/\">x</a>",
	"From: a@big.example\nX-Big: ",
    };
    const size_t size = 50 * 1024 * 1024;
    rp_features f;
    rp_buf  msg;

    rp_buf_init(&msg);
    rp_buf_puts(&msg, heads[_i]);
    rp_buf_append(&msg, "", 0);
    while (msg.len < size)
	rp_buf_puts(&msg, "abcdefghijklmnopqrstuvwxyz0123456789");
    rp_buf_puts(&msg, "\n\nend\n");
    rp_features_init(&f);
    ck_assert_int_eq(rp_mime_extract(msg.data, msg.len, NULL, &limits, &f), RP_OK);
    ck_assert_uint_le(f.text.len, limits.max_text);
    if (_i < 2)
	ck_assert_msg(f.nlinks >= 1 && strcmp(f.links[0].href, "https://start.example/") == 0,
		      "link lost in case %d", (int) _i);
    rp_features_free(&f);
    rp_buf_free(&msg);
}
END_TEST

/* More parts than max_parts: the flag, and every part still read. */
START_TEST(test_too_many_parts)
{
    rp_features f;
    rp_buf  msg;
    int     i;

    rp_buf_init(&msg);
    rp_buf_puts(&msg, "From: a@parts.example\nContent-Type: multipart/mixed; boundary=\"p\"\n\n");
    for (i = 0; i < 2000; i++)
	rp_buf_printf(&msg, "--p\nContent-Type: text/plain\n\nhttps://p%d.example/\n", i);
    rp_buf_puts(&msg, "--p--\n");
    rp_features_init(&f);
    ck_assert_int_eq(rp_mime_extract(msg.data, msg.len, NULL, &limits, &f), RP_OK);
    ck_assert(f.flags & RP_MSG_TOO_MANY_PARTS);
    ck_assert_uint_eq(f.nlinks, 2000);
    ck_assert_str_eq(f.links[0].href, "https://p0.example/");
    ck_assert_str_eq(f.links[1999].href, "https://p1999.example/");
    rp_features_free(&f);
    rp_buf_free(&msg);
}
END_TEST

/* Text past max_text is cut on a character boundary. */
START_TEST(test_text_cut)
{
    rp_features f;
    rp_buf  msg;
    size_t  i;

    rp_buf_init(&msg);
    /* "a" then two-byte characters: the limit (even) falls inside one. */
    rp_buf_puts(&msg, "From: a@cut.example\nContent-Type: text/plain; charset=utf-8\n\na");
    for (i = 0; i < limits.max_text; i++)
	rp_buf_puts(&msg, "\xc3\xa9");
    rp_buf_puts(&msg, "\n");
    rp_features_init(&f);
    ck_assert_int_eq(rp_mime_extract(msg.data, msg.len, NULL, &limits, &f), RP_OK);
    ck_assert(f.flags & RP_MSG_TEXT_TRUNCATED);
    ck_assert_uint_eq(f.text.len, limits.max_text - 1);
    ck_assert(rp_utf8_valid(f.text.data, f.text.len));
    rp_features_free(&f);
    rp_buf_free(&msg);
}
END_TEST

/* A base64 HTML part: "Verify your account now" and a link to phish.example. */
#define PHISH_HTML_PART \
    "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" \
    "PHA+VmVyaWZ5IHlvdXIgYWNjb3VudCBub3c8L3A+PGEgaHJlZj0iaHR0cHM6Ly9waGlzaC5leGFt" \
    "cGxlL2xvZ2luIj5Mb2cgaW48L2E+Cg==\n"

/* find_link - the link with this href, or NULL */
static const rp_link *find_link(const rp_features *f, const char *href)
{
    size_t  i;

    for (i = 0; i < f->nlinks; i++)
	if (strcmp(f->links[i].href, href) == 0)
	    return f->links + i;
    return NULL;
}

/* assert_phish_read - the PHISH_HTML_PART's link and text are in f */
static void assert_phish_read(const rp_features *f, const char *what)
{
    const rp_link *l = find_link(f, "https://phish.example/login");

    ck_assert_msg(l != NULL, "%s: phish link not read (%zu links, flags %#x)",
		  what, f->nlinks, f->flags);
    ck_assert_msg(l->text && strcmp(l->text, "Log in") == 0, "%s: anchor text", what);
    ck_assert_msg(strstr(f->text.data, "Verify your account now") != NULL,
		  "%s: phish text not read", what);
}

/* 1,500 parts with nothing to read, then the phish: still read. */
START_TEST(test_many_empty_parts_before_phish)
{
    static const char *const names[] = {"empty", "image", "empty text", "zip"};
    static const char *const fillers[] = {
	"--p\n\n",
	"--p\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\n"
	"R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=\n",
	"--p\nContent-Type: text/plain\n\n",
	"--p\nContent-Type: application/zip\n\nPK\3\4 not decoded, never text\n",
    };
    rp_features f;
    rp_buf  msg;
    int     i;

    rp_buf_init(&msg);
    rp_buf_puts(&msg, "From: a@parts.example\nContent-Type: multipart/mixed; boundary=\"p\"\n\n");
    for (i = 0; i < 1500; i++)
	rp_buf_puts(&msg, fillers[_i]);
    rp_buf_puts(&msg, "--p\n" PHISH_HTML_PART "--p--\n");
    rp_features_init(&f);
    ck_assert_int_eq(rp_mime_extract(msg.data, msg.len, NULL, &limits, &f), RP_OK);
    ck_assert_msg(f.flags & RP_MSG_TOO_MANY_PARTS, "%s parts: flags %#x", names[_i], f.flags);
    assert_phish_read(&f, names[_i]);
    ck_assert_msg(strstr(f.text.data, "not decoded") == NULL, "a zip read as text");
    rp_features_free(&f);
    rp_buf_free(&msg);
}
END_TEST

/* 30,000 empty and binary parts (past the prescan's 10,000, where it cuts
 * them), then the phish: read (the cost of a million is bench/'s to measure). */
START_TEST(test_thousands_of_empty_parts_past_the_prescan_cut)
{
    rp_features f;
    rp_buf  msg;
    int     i;

    rp_buf_init(&msg);
    rp_buf_puts(&msg, "From: a@parts.example\nContent-Type: multipart/mixed; boundary=\"p\"\n\n");
    for (i = 0; i < 30000; i++)
	rp_buf_puts(&msg, i % 3 ? "--p\n\n" : "--p\nContent-Type: image/gif\n\nGIF89a\n");
    rp_buf_puts(&msg, "--p\n" PHISH_HTML_PART "--p--\n");
    rp_features_init(&f);
    ck_assert_int_eq(rp_mime_extract(msg.data, msg.len, NULL, &limits, &f), RP_OK);
    ck_assert_msg(f.flags & RP_MSG_TOO_MANY_PARTS, "flags %#x", f.flags);
    assert_phish_read(&f, "30,000 parts");
    rp_features_free(&f);
    rp_buf_free(&msg);
}
END_TEST

/* A 600 KB base64 attachment whose bytes are text with a link: an image,
 * a binary or an archive is never decoded; text/plain is (the control). */
START_TEST(test_big_binary_attachment_not_decoded)
{
    static const char *const types[] = {"image/jpeg", "application/octet-stream",
	"application/zip", "video/mp4", "text/plain"};
    rp_features f;
    rp_buf  plain, msg;
    gchar  *b64;
    size_t  i;
    int     found = 0;

    rp_buf_init(&plain);
    while (plain.len < 600000)
	rp_buf_puts(&plain, "verify your account at https://decoded.example/login now\n");
    b64 = g_base64_encode((const guchar *) plain.data, plain.len);
    rp_buf_init(&msg);
    rp_buf_printf(&msg, "From: a@attach.example\nContent-Type: multipart/mixed; boundary=\"p\"\n\n"
		  "--p\nContent-Type: text/plain\n\nsee attached\n--p\nContent-Type: %s\n"
		  "Content-Transfer-Encoding: base64\n\n%s\n--p--\n", types[_i], b64);
    rp_features_init(&f);
    ck_assert_int_eq(rp_mime_extract(msg.data, msg.len, NULL, &limits, &f), RP_OK);
    for (i = 0; i < f.nlinks; i++)
	found |= strstr(f.links[i].href, "decoded.example") != NULL;
    ck_assert_msg(found == (_i == 4), "%s: link in the attachment %s", types[_i],
		  found ? "read" : "not read");
    rp_features_free(&f);
    rp_buf_free(&msg);
    rp_buf_free(&plain);
    g_free(b64);
}
END_TEST

/* over_deep - 40 nested multiparts, the phish innermost, a link after each */
static void over_deep(rp_buf *b, int depth)
{
    int     i;

    rp_buf_puts(b, "From: deep@nest.example\nSubject: deep\n");
    for (i = 0; i < depth; i++)
	rp_buf_printf(b, "Content-Type: multipart/%s; boundary=\"b%d\"\n\npreamble %d\n--b%d\n",
		      i % 3 ? "mixed" : "related", i, i, i);
    rp_buf_puts(b, PHISH_HTML_PART);
    for (i = depth - 1; i >= 0; i--)
	rp_buf_printf(b, "--b%d \nContent-Type: text/plain\n\nhttps://after%d.example/\n"
		      "--b%d--\nepilogue %d\n", i, i, i, i);
}

/* Nesting past max_depth: every leaf is still a part, read as such. */
START_TEST(test_nesting_past_depth_cap)
{
    rp_features f;
    rp_buf  msg, out;
    char    href[64];
    int     i, depth = (int) limits.max_depth + 8;

    rp_buf_init(&msg);
    rp_buf_init(&out);
    over_deep(&msg, depth);
    ck_assert_int_eq(extract(msg.data, msg.len, NULL, &f, &out), RP_OK);
    ck_assert_msg(f.flags & RP_MSG_TOO_DEEP, "flags %#x", f.flags);
    ck_assert_msg(!(f.flags & RP_MSG_MIME_BROKEN), "flattening broke the structure:\n%s",
		  out.data);
    assert_phish_read(&f, "40 deep");
    for (i = 0; i < depth; i++) {
	snprintf(href, sizeof(href), "https://after%d.example/", i);
	ck_assert_msg(find_link(&f, href) != NULL, "%s lost:\n%s", href, out.data);
    }
    ck_assert_msg(strstr(f.text.data, "preamble") == NULL && strstr(f.text.data, "epilogue") == NULL,
		  "preamble or epilogue read as text:\n%s", out.data);
    rp_features_free(&f);
    rp_buf_free(&msg);
    rp_buf_free(&out);
}
END_TEST

/* A message/rfc822 part GMime leaves opaque (base64) is read too. */
START_TEST(test_encoded_forward_read)
{
    static const char *const heads[] = {
	"From: a@fwd.example\nContent-Type: multipart/mixed; boundary=\"p\"\n\n"
	"--p\nContent-Type: text/plain\n\nSee the attached.\n--p\n",
	"From: a@fwd.example\n",
    };
    rp_features f;
    rp_buf  msg, out;

    rp_buf_init(&msg);
    rp_buf_init(&out);
    rp_buf_puts(&msg, heads[_i]);
    rp_buf_puts(&msg, "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
		"RnJvbTogaW5uZXJAZndkLmV4YW1wbGUKU3ViamVjdDogaW5uZXIKQ29udGVudC1UeXBlOiB0ZXh0\n"
		"L3BsYWluCgpGb3J3YXJkZWQ6IGh0dHBzOi8vaW5uZXItcGhpc2guZXhhbXBsZS9yZXNldAo=\n");
    if (_i == 0)
	rp_buf_puts(&msg, "--p--\n");
    ck_assert_int_eq(extract(msg.data, msg.len, NULL, &f, &out), RP_OK);
    ck_assert_msg(find_link(&f, "https://inner-phish.example/reset") != NULL,
		  "forwarded message not read:\n%s", out.data);
    ck_assert_msg(strstr(f.text.data, "Forwarded:") != NULL, "%s", out.data);
    rp_features_free(&f);
    rp_buf_free(&msg);
    rp_buf_free(&out);
}
END_TEST

/* Auth results top first, envelope brackets stripped, bad arguments. */
START_TEST(test_misc)
{
    static const char msg[] =
	"Authentication-Results: top.example; spf=pass\n"
	"Authentication-Results: bottom.example;\n dkim=fail\n"
	"Return-Path: <>\nFrom: a@misc.example\n\nbody\n";
    static const rp_envelope env = {"  <Env@Misc.Example> ", NULL, NULL, NULL};
    rp_features f;

    rp_features_init(&f);
    ck_assert_int_eq(rp_mime_extract(msg, sizeof(msg) - 1, &env, &limits, &f), RP_OK);
    ck_assert_uint_eq(f.nauth, 2);
    ck_assert_str_eq(f.auth_results[0], "top.example; spf=pass");
    ck_assert_str_eq(f.auth_results[1], "bottom.example; dkim=fail");
    ck_assert_int_eq(f.addrs[f.naddrs - 1].role, RP_ADDR_ENVELOPE);
    ck_assert_str_eq(f.addrs[f.naddrs - 1].address, "Env@Misc.Example");
    ck_assert_str_eq(f.addrs[f.naddrs - 1].domain, "misc.example");
    rp_features_free(&f);

    rp_features_init(&f);
    ck_assert_int_eq(rp_mime_extract(NULL, 10, NULL, &limits, &f), RP_ERR_INVALID);
    ck_assert_int_eq(rp_mime_extract(msg, sizeof(msg) - 1, NULL, NULL, &f), RP_ERR_INVALID);
    ck_assert_int_eq(rp_mime_extract("", 0, NULL, &limits, &f), RP_ERR_PARSE);
    ck_assert_int_eq(rp_mime_extract("\0\0\0", 3, NULL, &limits, &f), RP_OK);
    ck_assert_int_eq(rp_mime_extract("garbage", 7, NULL, &limits, &f), RP_OK);
    rp_features_free(&f);
}
END_TEST

#define N(a) ((int) (sizeof(a) / sizeof((a)[0])))

/* mime_suite - all rp_mime tests */
static Suite *mime_suite(void)
{
    Suite  *s = suite_create("rp_mime");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_addresses, 0, N(addr_cases));
    tcase_add_test(tc, test_corpus_message);
    tcase_add_test(tc, test_corpus_split_subject);
    tcase_add_loop_test(tc, test_eol, 0, N(eol_files));
    tcase_add_loop_test(tc, test_broken, 0, N(broken_cases));
    tcase_add_loop_test(tc, test_deep_nesting, 0, 4);
    tcase_add_loop_test(tc, test_nesting_within_limit, 0, 2);
    tcase_add_test(tc, test_deep_boundary_lines);
    tcase_add_loop_test(tc, test_huge_line, 0, 3);
    tcase_add_test(tc, test_too_many_parts);
    tcase_add_test(tc, test_text_cut);
    tcase_add_test(tc, test_misc);
    tcase_add_loop_test(tc, test_many_empty_parts_before_phish, 0, 4);
    tcase_add_test(tc, test_thousands_of_empty_parts_past_the_prescan_cut);
    tcase_add_loop_test(tc, test_big_binary_attachment_not_decoded, 0, 5);
    tcase_add_test(tc, test_nesting_past_depth_cap);
    tcase_add_loop_test(tc, test_encoded_forward_read, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

/* setup - GMime once for the process */
static int setup(int argc, char **argv)
{
    rp_mime_init();
    return 0;
}

const rp_test_program rp_test = {mime_suite, setup, NULL, NULL, 0};
