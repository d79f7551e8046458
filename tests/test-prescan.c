/*
 * NAME
 *	test-prescan 1
 * SUMMARY
 *	unit tests for rp_prescan_edit(): the copy GMime reads
 * SYNOPSIS
 *	test-prescan
 * DESCRIPTION
 *	A table of {raw message, depth limit, wanted copy (NULL: no edit,
 *	no copy), wanted flags}: well-formed messages left alone (mbox
 *	"From " line, folded headers, NUL bytes in bodies, base64
 *	message/rfc822), the blank line missing after the top-level
 *	headers (LF and CRLF; nested parts are left to GMime), NUL bytes
 *	dropped from top, part and message/rfc822 headers, multiparts past
 *	the depth limit flattened into the deepest one allowed (their
 *	delimiters rewritten, their closing line and epilogue left out,
 *	several levels, in a message/rfc822 part, closed by an outer
 *	boundary, boundary lines with trailing blanks or more), "boundary"
 *	names spoiled when the limit is 0 (folded, several in a header),
 *	and, built in code, a header field longer than RP_HEADER_MAX with
 *	a continuation line, and parts with nothing to read past the first
 *	10,000 (blank, binary) left out, those that may hold text kept.
 * DIAGNOSTICS
 *	Check's summary; exit status 1 when a case fails.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rp_bounds.h"
#include "rp_features.h"
#include "rp_header.h"
#include "rp_mime.h"
#include "rp_prescan.h"
#include "rp_util.h"
#include "check_main.h"

/* One message; want NULL means no copy. */
typedef struct prescan_case {
    const char *name;
    const char *in;
    size_t  len;
    size_t  max_depth;
    const char *want;
    size_t  want_len;
    unsigned flags;
} prescan_case;

/* A string literal and its length, NUL bytes included. */
#define S(lit)	lit, sizeof(lit) - 1

/* A multipart Content-Type header with boundary b. */
#define MP(b)	"Content-Type: multipart/mixed; boundary=\"" b "\"\n"

static const prescan_case cases[] = {
    {"well-formed", S("From: a@b\nSubject: s\n\nbody\n"), 32, NULL, 0, 0},
    {"mbox From line", S("From a@b Mon Jan  1 00:00:00 2024\nSubject: s\n\nbody\n"), 32,
	NULL, 0, 0},
    {"folded header", S("Subject: a\n  b\n\tc\n\nbody\n"), 32, NULL, 0, 0},
    {"NUL in a body is GMime's business", S("Subject: s\n\nbo\0dy\n"), 32, NULL, 0, 0},
    {"headers only", S("Subject: s\n"), 32, NULL, 0, 0},

    /* The blank line between the top headers and the body. */
    {"missing blank line", S("From: a@b\nbody text\n"), 32,
	S("From: a@b\n\nbody text\n"), RP_MSG_MIME_BROKEN},
    {"missing blank line, CRLF", S("From: a@b\r\nbody text\r\n"), 32,
	S("From: a@b\r\n\nbody text\r\n"), RP_MSG_MIME_BROKEN},
    {"no blank line needed in a part",
	S(MP("a") "\n--a\nContent-Type: text/plain\nbody\n--a--\n"), 32, NULL, 0, 0},

    /* NUL bytes in header blocks. */
    {"NUL in a top header", S("From: a\0@b\nSubject: s\n\nbody\0\n"), 32,
	S("From: a@b\nSubject: s\n\nbody\0\n"), RP_MSG_MIME_BROKEN},
    {"NULs in a folded header", S("Subject: \0a\n \0b\0\n\nx\n"), 32,
	S("Subject: a\n b\n\nx\n"), RP_MSG_MIME_BROKEN},
    {"NUL in a part header",
	S(MP("a") "\n--a\nContent-Type: text/plain; x=\0y\n\nbody\n--a--\n"), 32,
	S(MP("a") "\n--a\nContent-Type: text/plain; x=y\n\nbody\n--a--\n"), RP_MSG_MIME_BROKEN},
    {"NUL in message/rfc822 headers",
	S("Content-Type: message/rfc822\n\nFrom: in\0ner\n\nbody\n"), 32,
	S("Content-Type: message/rfc822\n\nFrom: inner\n\nbody\n"), RP_MSG_MIME_BROKEN},
    {"base64 message/rfc822 holds no headers",
	S("Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\nab\0c\n"), 32,
	NULL, 0, 0},

    /* Multiparts deeper than the limit: flattened into the deepest allowed. */
    {"within the depth limit",
	S(MP("a") "\n--a\n" MP("b") "\n--b\n\nx\n--b--\n--a--\n"), 2, NULL, 0, 0},
    {"past the depth limit",
	S(MP("a") "\n--a\n" MP("b") "\n--b\n\nx\n--b--\n--a--\n"), 1,
	S(MP("a") "\n--a\nContent-Type: xultipart/mixed; boundary=\"b\"\n\n--a\n\nx\n--a--\n"),
	RP_MSG_TOO_DEEP},
    {"flattened: preamble, parts, epilogue, trailing blanks",
	S(MP("a") "\n--a\n" MP("b") "pre\n--b \t\n\nx\n--b\r\n\ny\n--b--  \nepi\nlogue\n--a\n\nz\n--a--\n"), 1,
	S(MP("a") "\n--a\nContent-Type: xultipart/mixed; boundary=\"b\"\n"
	  "pre\n--a \t\n\nx\n--a\r\n\ny\n--a\n\nz\n--a--\n"),
	RP_MSG_TOO_DEEP},
    {"flattened twice: every level into the cap",
	S(MP("a") "\n--a\n" MP("b") "\n--b\n" MP("c") "\n--c\n\nx\n--c\n\ny\n--c--\n"
	  "--b\n\nz\n--b--\n--a--\n"), 1,
	S(MP("a") "\n--a\nContent-Type: xultipart/mixed; boundary=\"b\"\n\n"
	  "--a\nContent-Type: xultipart/mixed; boundary=\"c\"\n\n--a\n\nx\n--a\n\ny\n"
	  "--a\n\nz\n--a--\n"),
	RP_MSG_TOO_DEEP},
    {"flattened in a message/rfc822 part",
	S(MP("a") "\n--a\nContent-Type: message/rfc822\n\nSubject: in\n" MP("b")
	  "\n--b\n\nx\n--b--\n--a--\n"), 1,
	S(MP("a") "\n--a\nContent-Type: message/rfc822\n\nSubject: in\n"
	  "Content-Type: xultipart/mixed; boundary=\"b\"\n\n--a\n\nx\n--a--\n"),
	RP_MSG_TOO_DEEP},
    {"a boundary with more than blanks after it is body text",
	S(MP("a") "\n--a\n" MP("b") "\n--b\n\n--bx\n--b--x\n--b--\n--a--\n"), 1,
	S(MP("a") "\n--a\nContent-Type: xultipart/mixed; boundary=\"b\"\n\n"
	  "--a\n\n--bx\n--b--x\n--a--\n"),
	RP_MSG_TOO_DEEP},
    {"a closing line at the end of input",
	S(MP("a") "\n--a\n" MP("b") "\n--b\n\nx\n--b--"), 1,
	S(MP("a") "\n--a\nContent-Type: xultipart/mixed; boundary=\"b\"\n\n--a\n\nx\n"),
	RP_MSG_TOO_DEEP},
    {"depth limit 0: the top multipart too",
	S(MP("a") "\n--a\n\nx\n--a--\n"), 0,
	S("Content-Type: multipart/mixed; xoundary=\"a\"\n\n--a\n\nx\n--a--\n"), RP_MSG_TOO_DEEP},
    {"folded, every boundary name",
	S("Content-Type: multipart/mixed;\n\tBoundary=\"a\"; boundary=\"a\"\n\nx\n"), 0,
	S("Content-Type: multipart/mixed;\n\txoundary=\"a\"; xoundary=\"a\"\n\nx\n"), RP_MSG_TOO_DEEP},
    {"an outer boundary ends the inner multipart",
	S(MP("a") "\n--a\n" MP("b") "\n--b\n\nx\n--a\n" MP("c") "\n--c\n\ny\n--c--\n--a--\n"), 1,
	S(MP("a") "\n--a\nContent-Type: xultipart/mixed; boundary=\"b\"\n\n--a\n\nx\n--a\n"
	  "Content-Type: xultipart/mixed; boundary=\"c\"\n\n--a\n\ny\n--a--\n"),
	RP_MSG_TOO_DEEP},
    {"the last Content-Type of a block counts",
	S("Content-Type: text/plain\n" MP("a") "\n--a\n\nx\n--a--\n"), 0,
	S("Content-Type: text/plain\nContent-Type: multipart/mixed; xoundary=\"a\"\n\n--a\n\nx\n--a--\n"),
	RP_MSG_TOO_DEEP},
};

START_TEST(test_edit)
{
    const prescan_case *c = cases + _i;
    size_t  len = c->len, want_len = c->want ? c->want_len : c->len;
    unsigned flags = 0;
    char   *got;

    got = rp_prescan_edit(c->in, &len, c->max_depth, &flags);
    if (c->want == NULL) {
	ck_assert_msg(got == NULL, "%s: copied to \"%s\"", c->name, got);
    } else {
	ck_assert_msg(got != NULL, "%s: no copy", c->name);
	ck_assert_msg(len == want_len && memcmp(got, c->want, len) == 0,
		      "%s: got %zu bytes \"%s\", want %zu \"%s\"", c->name, len, got,
		      want_len, c->want);
    }
    ck_assert_uint_eq(len, want_len);
    ck_assert_msg(flags == c->flags, "%s: flags %#x, want %#x", c->name, flags, c->flags);
    free(got);
}
END_TEST

/* A field longer than RP_HEADER_MAX: cut there, its continuation dropped. */
START_TEST(test_header_cut)
{
    rp_buf  in, want;
    size_t  len;
    unsigned flags = RP_MSG_BAD_UTF8;
    char   *got;

    rp_buf_init(&in);
    rp_buf_init(&want);
    rp_buf_puts(&in, "X-Big: ");
    while (in.len < RP_HEADER_MAX + 1000)
	rp_buf_putc(&in, 'a');
    rp_buf_puts(&in, "\n more\nSubject: s\n\nbody\n");
    rp_buf_append(&want, in.data, RP_HEADER_MAX);
    rp_buf_puts(&want, "\nSubject: s\n\nbody\n");
    len = in.len;
    got = rp_prescan_edit(in.data, &len, 32, &flags);
    ck_assert_ptr_nonnull(got);
    ck_assert_uint_eq(len, want.len);
    ck_assert_msg(memcmp(got, want.data, len) == 0, "header not cut at RP_HEADER_MAX");
    ck_assert_uint_eq(flags, RP_MSG_BAD_UTF8 | RP_MSG_MIME_BROKEN);
    free(got);

    /* Exactly RP_HEADER_MAX bytes: nothing to cut. */
    rp_buf_reset(&want);
    rp_buf_append(&want, in.data, RP_HEADER_MAX);
    rp_buf_puts(&want, "\n\nbody\n");
    len = want.len;
    flags = 0;
    ck_assert_ptr_null(rp_prescan_edit(want.data, &len, 32, &flags));
    ck_assert_uint_eq(flags, 0);
    rp_buf_free(&in);
    rp_buf_free(&want);
}
END_TEST

/* Past 10,000 parts, parts that hold nothing read are left out. */
START_TEST(test_empty_parts_past_part_budget)
{
    static const char *const kept[] = {
	"--p\nContent-Type: text/plain\n\nx\n",
	"--p\nContent-Type: application/octet-stream; name=\"a.HTM\"\n\n<a>\n",
	"--p\nContent-Type: message/rfc822\n\n",
	"--p\nContent-Type: multipart/mixed; boundary=\"q\"\n\n--q\n\ny\n--q--\n",
	"--p\nbody text right after the delimiter\n",
    };
    static const char *const cut[] = {
	"--p\n\n", "--p\n", "--p\nContent-Type: text/plain\n\n \t\n\n",
	"--p\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lGODlh\n",
    };
    rp_buf  in, want;
    size_t  i, len;
    unsigned flags = 0;
    char   *got;

    rp_buf_init(&in);
    rp_buf_init(&want);
    rp_buf_puts(&in, MP("p") "\n");
    for (i = 0; i < 10000; i++)
	rp_buf_puts(&in, i % 2 ? cut[0] : kept[0]);
    rp_buf_append(&want, in.data, in.len);
    for (i = 0; i < 20; i++) {
	rp_buf_puts(&in, cut[i % 4]);
	if (i % 4 == 3) {
	    rp_buf_puts(&in, kept[i / 4]);
	    rp_buf_puts(&want, kept[i / 4]);
	}
    }
    rp_buf_puts(&in, "--p--\n");
    rp_buf_puts(&want, "--p--\n");
    len = in.len;
    got = rp_prescan_edit(in.data, &len, 32, &flags);
    ck_assert_ptr_nonnull(got);
    ck_assert_msg(len == want.len && memcmp(got, want.data, len) == 0,
		  "got %zu bytes, want %zu: ...%s", len, want.len,
		  got + (len > 400 ? len - 400 : 0));
    ck_assert_uint_eq(flags, RP_MSG_TOO_MANY_PARTS);
    free(got);
    rp_buf_free(&in);
    rp_buf_free(&want);
}
END_TEST

/* Past 10,000 parts, plain-text parts like the one before are joined to it. */
START_TEST(test_tiny_text_parts_joined_past_part_budget)
{
    rp_buf  in, want;
    size_t  i, len;
    unsigned flags = 0;
    char   *got;

    rp_buf_init(&in);
    rp_buf_init(&want);
    rp_buf_puts(&in, MP("p") "\n");
    for (i = 0; i < 10000; i++)
	rp_buf_puts(&in, "--p\nContent-Type: image/gif\n\nGIF89a\n");
    rp_buf_append(&want, in.data, in.len);
    /* Joined: same Content-Type, or none, one after the other (parts
     * left out in between do not count). */
    rp_buf_puts(&in, "--p\nContent-Type: text/plain\n\na\n--p\nContent-Type: text/plain\n\nb\n"
		"--p\nContent-Type: image/gif\n\nGIF89a\n--p\nContent-Type: text/plain\n\nc\n"
		"--p\n\nd\n--p\n\n\n--p\n\ne\n");
    rp_buf_puts(&want, "--p\nContent-Type: text/plain\n\na\nb\nc\n--p\n\nd\n\ne\n");
    /* Not joined: another charset, an encoding, an HTML name, an alternative. */
    rp_buf_puts(&in, "--p\nContent-Type: text/plain; charset=utf-8\n\nf\n"
		"--p\nContent-Type: text/plain; charset=utf-8\n"
		"Content-Transfer-Encoding: quoted-printable\n\ng\n"
		"--p\nContent-Type: text/plain; name=\"h.html\"\n\nh\n"
		"--p\nContent-Type: multipart/alternative; boundary=a\n\n--a\n\ni\n--a\n\nj\n--a--\n"
		"--p--\n");
    rp_buf_puts(&want, "--p\nContent-Type: text/plain; charset=utf-8\n\nf\n"
		"--p\nContent-Type: text/plain; charset=utf-8\n"
		"Content-Transfer-Encoding: quoted-printable\n\ng\n"
		"--p\nContent-Type: text/plain; name=\"h.html\"\n\nh\n"
		"--p\nContent-Type: multipart/alternative; boundary=a\n\n--a\n\ni\n--a\n\nj\n--a--\n"
		"--p--\n");
    len = in.len;
    got = rp_prescan_edit(in.data, &len, 32, &flags);
    ck_assert_ptr_nonnull(got);
    ck_assert_msg(len == want.len && memcmp(got, want.data, len) == 0,
		  "got %zu bytes, want %zu: ...%s", len, want.len,
		  got + (len > 500 ? len - 500 : 0));
    ck_assert_uint_eq(flags, RP_MSG_TOO_MANY_PARTS);
    free(got);
    rp_buf_free(&in);
    rp_buf_free(&want);
}
END_TEST

/*
 * The boundary stack answers as a comparison with every level would:
 * the innermost level first, a boundary's own trailing blanks required
 * of the line, the same boundary opened twice found at the inner level
 * until that closes.
 */
START_TEST(test_bounds_find)
{
    static const struct {
	const char *line;
	size_t  level;			/* 0: not a boundary line */
	int     closing;
    } lines[] = {
	{"--outer", 1, 0}, {"--outer--", 1, 1}, {"--outer \t", 1, 0},
	{"--outer-- ", 1, 1}, {"--outerx", 0, 0}, {"-outer", 0, 0},
	{"--in", 3, 0}, {"--in--", 3, 1},
	{"--sp", 0, 0}, {"--sp ", 2, 0}, {"--sp  ", 2, 0}, {"--sp --", 2, 1},
	{"--sp--", 0, 0}, {"----", 0, 0}, {"--", 0, 0}, {"", 0, 0},
    };
    rp_bounds *b = rp_bounds_new();
    size_t  i, level;
    int     closing;

    rp_bounds_push(b, "outer", 0);
    rp_bounds_push(b, "sp ", 1);		/* a boundary that ends in a blank */
    rp_bounds_push(b, "in", 0);
    ck_assert_uint_eq(rp_bounds_depth(b), 3);
    ck_assert_str_eq(rp_bounds_line(b, 2), "--sp ");
    ck_assert_int_eq(rp_bounds_alternative(b, 2), 1);
    for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
	level = rp_bounds_find(b, lines[i].line, strlen(lines[i].line), &closing);
	ck_assert_msg(level == lines[i].level && (!level || closing == lines[i].closing),
		      "\"%s\": level %zu closing %d", lines[i].line, level, closing);
    }
    /* "outer" again at level 4: found there, then at 1 once 4 closes. */
    rp_bounds_push(b, "outer", 0);
    ck_assert_uint_eq(rp_bounds_find(b, "--outer", 7, &closing), 4);
    rp_bounds_truncate(b, 3);
    ck_assert_uint_eq(rp_bounds_find(b, "--outer--", 9, &closing), 1);
    ck_assert_int_eq(closing, 1);
    rp_bounds_truncate(b, 1);
    ck_assert_uint_eq(rp_bounds_find(b, "--in", 4, &closing), 0);
    ck_assert_uint_eq(rp_bounds_find(b, "--outer", 7, &closing), 1);
    rp_bounds_truncate(b, 0);
    ck_assert_uint_eq(rp_bounds_find(b, "--outer", 7, &closing), 0);
    rp_bounds_free(b);
}
END_TEST

/* prescan_suite - all rp_prescan tests */
static Suite *prescan_suite(void)
{
    Suite  *s = suite_create("rp_prescan");
    TCase  *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_edit, 0, (int) (sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, test_header_cut);
    tcase_add_test(tc, test_empty_parts_past_part_budget);
    tcase_add_test(tc, test_tiny_text_parts_joined_past_part_budget);
    tcase_add_test(tc, test_bounds_find);
    suite_add_tcase(s, tc);
    return s;
}

/* setup - GMime once for the process (Content-Type parsing) */
static int setup(int argc, char **argv)
{
    rp_mime_init();
    return 0;
}

const rp_test_program rp_test = {prescan_suite, setup, NULL, NULL, 0};
