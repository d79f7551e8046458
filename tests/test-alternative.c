/*
 * NAME
 *	test-alternative 1
 * SUMMARY
 *	multipart/alternative: the part a client shows is what is judged
 * SYNOPSIS
 *	test-alternative
 * DESCRIPTION
 *	A table of messages through rp_mime_extract(): for each, the text
 *	that must be in f->text (shown), the text that must be in
 *	f->unseen and not in f->text, and links that must be there shown
 *	("+href": one without RP_LINK_UNSEEN) or unseen ("-href": all with
 *	it).  Covers HTML over plain text whatever the order, a
 *	multipart/related holding HTML, plain-text-only sets (the last is
 *	shown; plain text over text/calendar), alternatives nested in
 *	alternatives, an HTML alternative
 *	that is not shown, an alternative inside a multipart/mixed, sets
 *	with nothing a client renders, and the same link in both parts.
 * DIAGNOSTICS
 *	Check's summary; exit status 1 when a case fails.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rp_mime.h"
#include "rp_util.h"
#include "check_main.h"

static const rp_limits limits = {32, 500, 1000, 1 << 20};

/* Headers of a multipart with boundary b, and one part of it. */
#define TOP(type, b)	"From: a@alt.example\nSubject: alt\nContent-Type: multipart/" type \
			"; boundary=\"" b "\"\n\n"
#define MP(type, b)	"Content-Type: multipart/" type "; boundary=\"" b "\"\n\n"
#define PLAIN(s)	"Content-Type: text/plain\n\n" s "\n"
#define HTML(s)		"Content-Type: text/html\n\n" s "\n"

typedef struct alt_case {
    const char *name;
    const char *msg;
    const char *shown;		/* '|'-separated, each in f->text */
    const char *unseen;		/* '|'-separated, each in f->unseen, none in f->text */
    const char *links;		/* '|'-separated "+href" or "-href" */
    int     alt_unseen;		/* RP_MSG_ALT_UNSEEN expected */
} alt_case;

static const alt_case cases[] = {
    {"html shown, plain decoy unseen",
	TOP("alternative", "a") "--a\n" PLAIN("Hello from the decoy https://decoy.example/")
	"--a\n" HTML("<p>Verify now</p><a href=\"https://phish.example/\">go</a>") "--a--\n",
	"Verify now", "Hello from the decoy", "-https://decoy.example/|+https://phish.example/", 1},
    {"html first still wins over plain",
	TOP("alternative", "a") "--a\n" HTML("<p>Shown html</p>") "--a\n"
	PLAIN("plain last https://plain.example/") "--a--\n",
	"Shown html", "plain last", "-https://plain.example/", 1},
    {"related holding html counts as html",
	TOP("alternative", "a") "--a\n" PLAIN("plain part") "--a\n" MP("related", "r")
	"--r\n" HTML("<p>related html</p>") "--r\nContent-Type: image/png\n\nxx\n--r--\n--a--\n",
	"related html", "plain part", "", 1},
    {"plain only: the last is shown",
	TOP("alternative", "a") "--a\n" PLAIN("first plain https://first.example/") "--a\n"
	PLAIN("second plain") "--a--\n",
	"second plain", "first plain", "-https://first.example/", 1},
    {"nested alternatives: the shown child of the shown child",
	TOP("alternative", "a") "--a\n" PLAIN("outer plain") "--a\n" MP("alternative", "i")
	"--i\n" PLAIN("inner plain") "--i\n" HTML("<p>inner html</p>") "--i--\n--a--\n",
	"inner html", "outer plain|inner plain", "", 1},
    {"an html alternative not shown",
	TOP("alternative", "a") "--a\n"
	HTML("<p>old html</p><a href=\"https://old.example/\">old</a>") "--a\n"
	HTML("<p>new html</p><a href=\"https://new.example/\">new</a>") "--a--\n",
	"new html", "old html", "-https://old.example/|+https://new.example/", 1},
    {"no alternative: everything shown",
	TOP("mixed", "m") "--m\n" PLAIN("mixed plain") "--m\n" HTML("<p>mixed html</p>") "--m--\n",
	"mixed plain|mixed html", "", "", 0},
    {"alternative inside mixed, with an attachment",
	TOP("mixed", "m") "--m\n" MP("alternative", "a") "--a\n" PLAIN("alt plain") "--a\n"
	HTML("<p>alt html</p>") "--a--\n--m\n" PLAIN("attached text") "--m--\n",
	"alt html|attached text", "alt plain", "", 1},
    {"plain text over an invitation",
	TOP("alternative", "a") "--a\n" PLAIN("Meeting at noon") "--a\n"
	"Content-Type: text/calendar; method=REQUEST\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n"
	"--a--\n",
	"Meeting at noon", "BEGIN:VCALENDAR", "", 1},
    {"nothing a client renders",
	TOP("alternative", "a") "--a\nContent-Type: image/png\n\nxx\n--a\n"
	"Content-Type: application/pdf\n\nyy\n--a--\n",
	"", "", "", 0},
    {"the same link shown and unseen",
	TOP("alternative", "a") "--a\n" PLAIN("https://same.example/") "--a\n"
	HTML("<a href=\"https://same.example/\">https://same.example/</a>") "--a--\n",
	"https://same.example/", "", "+https://same.example/", 1},
};

/* each_fragment - call check for each '|'-separated fragment of list */
static void each_fragment(const alt_case *c, const rp_features *f, const char *list,
			          void (*check) (const alt_case *, const rp_features *,
						         const char *))
{
    char   *copy = rp_strdup(list), *frag, *save;

    for (frag = strtok_r(copy, "|", &save); frag; frag = strtok_r(NULL, "|", &save))
	check(c, f, frag);
    free(copy);
}

/* check_shown - fragment is in the shown text */
static void check_shown(const alt_case *c, const rp_features *f, const char *frag)
{
    ck_assert_msg(strstr(f->text.data, frag) != NULL, "%s: \"%s\" not shown; text \"%s\"",
		  c->name, frag, f->text.data);
}

/* check_unseen - fragment is in the unseen text only */
static void check_unseen(const alt_case *c, const rp_features *f, const char *frag)
{
    ck_assert_msg(strstr(f->unseen.data, frag) != NULL, "%s: \"%s\" not unseen; unseen \"%s\"",
		  c->name, frag, f->unseen.data);
    ck_assert_msg(strstr(f->text.data, frag) == NULL, "%s: \"%s\" shown; text \"%s\"",
		  c->name, frag, f->text.data);
}

/* check_link - "+href": kept without RP_LINK_UNSEEN; "-href": all with it */
static void check_link(const alt_case *c, const rp_features *f, const char *frag)
{
    size_t  i, found = 0, unseen = 0;

    for (i = 0; i < f->nlinks; i++)
	if (strcmp(f->links[i].href, frag + 1) == 0) {
	    found++;
	    unseen += (f->links[i].flags & RP_LINK_UNSEEN) != 0;
	}
    ck_assert_msg(found > 0, "%s: link %s not kept", c->name, frag + 1);
    if (frag[0] == '+')
	ck_assert_msg(unseen < found, "%s: link %s only unseen", c->name, frag + 1);
    else
	ck_assert_msg(unseen == found, "%s: link %s shown", c->name, frag + 1);
}

START_TEST(test_alternative)
{
    const alt_case *c = cases + _i;
    rp_features f;

    rp_features_init(&f);
    ck_assert_int_eq(rp_mime_extract(c->msg, strlen(c->msg), NULL, &limits, &f), RP_OK);
    each_fragment(c, &f, c->shown, check_shown);
    each_fragment(c, &f, c->unseen, check_unseen);
    each_fragment(c, &f, c->links, check_link);
    ck_assert_msg(!!(f.flags & RP_MSG_ALT_UNSEEN) == c->alt_unseen, "%s: flags %#x",
		  c->name, f.flags);
    if (!c->alt_unseen)
	ck_assert_msg(f.unseen.len == 0, "%s: unseen \"%s\"", c->name, f.unseen.data);
    ck_assert_msg(!(f.flags & RP_MSG_MIME_BROKEN), "%s: flags %#x", c->name, f.flags);
    rp_features_free(&f);
}
END_TEST

/* alternative_suite - all cases */
static Suite *alternative_suite(void)
{
    Suite  *s = suite_create("alternative");
    TCase  *tc = tcase_create("shown");

    tcase_add_loop_test(tc, test_alternative, 0, (int) (sizeof(cases) / sizeof(cases[0])));
    suite_add_tcase(s, tc);
    return s;
}

/* setup - GMime once for the process */
static int setup(int argc, char **argv)
{
    rp_mime_init();
    return 0;
}

const rp_test_program rp_test = {alternative_suite, setup, NULL, NULL, 0};
