/*
 * NAME
 *	test-visibility 1
 * SUMMARY
 *	what the reader of HTML sees: CSS that hides, bidi overrides
 * SYNOPSIS
 *	test-visibility
 * DESCRIPTION
 *	Feeds HTML to rp_html_extract() and compares the visible text
 *	exactly, the hidden text, the message flags and the first link.
 *	The attacks: words split by font-size:0 spans and comments, each
 *	way CSS hides text (display, visibility, font size in any unit and
 *	the font shorthand, opacity, off-screen, zero boxes, colour on the
 *	same background, the hidden attribute, hiding classes and ids of
 *	<style> blocks wherever they are, !important, escapes), what does
 *	not hide (aria-hidden, a child that shows itself again, complex
 *	selectors), and the right-to-left override that shows "moc.sjmpn"
 *	as "npmjs.com" (characters, <bdo>, unicode-bidi, an override
 *	opened before an anchor).  Then that matching sees through
 *	zero-width characters and soft hyphens (rp_text), the WHATWG table
 *	against libxml2's own, and hostile sizes: 100,000 style rules and
 *	classes, 1 MB of lengthened references, in linear time.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>

#include "rp_entities.h"
#include "rp_html.h"
#include "rp_text.h"
#include "rp_util.h"
#include "check_main.h"

/* time_limit - seconds allowed, scaled like Check's timeouts (valgrind) */
static double time_limit(double seconds)
{
    const char *m = getenv("CK_TIMEOUT_MULTIPLIER");

    return seconds * (m && atof(m) > 0 ? atof(m) : 1.0);
}

#define H RP_MSG_HIDDEN_TEXT
#define B RP_MSG_BIDI_OVERRIDE

static const rp_limits limits = {32, 500, 1000, 1 << 20};

/* A case: HTML in; visible text (trimmed), hidden fragments, flags, first link. */
typedef struct vis_case {
    const char *name;
    const char *html;
    const char *text;
    const char *hidden_has;		/* '|'-separated, each in f->hidden */
    unsigned flags;			/* of H and B */
    const char *link;			/* "href => text" of the first link, or NULL */
} vis_case;

static const vis_case cases[] = {
    {"font-size:0 span inside a word",
	"<p>Py<span style=\"font-size:0\">zz</span>PI</p>", "PyPI", "zz", H, 0},
    {"comment inside a word", "<p>Py<!-- x -->PI</p>", "PyPI", 0, 0, 0},
    {"inline elements add no space, blocks break the line",
	"<p><b>Py</b><i>P</i><span>I</span> <a href=\"https://x.example/\">now</a></p><div>next</div>",
	"PyPI now\nnext", 0, 0, "https://x.example/ => now"},
    {"zero font size in any unit, and the font shorthand",
	"<p>a<span style=\"font-size:0px\">1</span><span style=\"font-size:0em\">2</span>"
	"<span style=\"font-size: 0%\">3</span><span style=\"FONT-SIZE:0.0PT\">4</span>"
	"<font style=\"font:0/0 a\">5</font><span style=\"font-size:1px\">6</span>b</p>",
	"ab", "1|2|3|4|5|6", H, 0},
    {"display, visibility, the hidden attribute, opacity, transform",
	"<p>a<span style=\"display:none !important\">1</span><span style=\"visibility:hidden\">2</span>"
	"<span hidden>3</span><span style=\"opacity:0\">4</span><span style=\"opacity:.05\">5</span>"
	"<span style=\"transform:scale(0)\">6</span><span style=\"visibility:collapse\">7</span>b</p>",
	"ab", "1|2|3|4|5|6|7", H, 0},
    {"aria-hidden hides nothing from the eye",
	"<p>a<span aria-hidden=\"true\">shown</span>b</p>", "ashownb", 0, 0, 0},
    {"moved out of view",
	"<div style=\"position:absolute;left:-9999px\">1</div>"
	"<div style=\"position:fixed; top:-2000px\">2</div><p style=\"text-indent:-9999em\">3</p>"
	"<div style=\"margin-left:-5000px\">4</div><div style=\"margin:0 0 0 -3000px\">5</div>"
	"<div style=\"position:relative;right:9999px\">6</div>"
	"<div style=\"position:absolute;left:-1e4px\">7</div>"
	"<p>seen</p><div style=\"position:absolute;left:-10px\">near</div>"
	"<div style=\"position:absolute;left:-inf\">not a number</div>",
	"seen\nnear\nnot a number", "1|2|3|4|5|6|7", H, 0},
    {"zero boxes with overflow hidden, clipped to nothing",
	"<div style=\"max-height:0;overflow:hidden\">1</div><div style=\"height:0px; overflow: hidden\">2</div>"
	"<div style=\"width:0;overflow-x:hidden\">3</div><div style=\"max-height:0\">overflows</div>"
	"<div style=\"width:1px;height:1px;overflow:hidden\">4</div>"
	"<div style=\"position:absolute;clip:rect(0,0,0,0)\">5</div>"
	"<div style=\"clip-path:inset(50%)\">6</div>",
	"overflows", "1|2|3|4|5|6", H, 0},
    {"colour on the same background, given or inherited",
	"<div style=\"background-color:#fff\"><span style=\"color:#ffffff\">1</span></div>"
	"<p style=\"color:white;background:WHITE\">2</p>"
	"<table bgcolor=\"#000000\"><tr><td><font color=\"black\">3</font></td></tr></table>"
	"<div style=\"background:#123456\"><p style=\"color:rgb(18,52,86)\">4</p></div>"
	"<span style=\"color:#fff\">5</span> <span style=\"color:transparent\">6</span>"
	"<div style=\"background:#fefefe\"><b style=\"color:hsl(0,0%,99%)\">7</b></div>"
	"<div style=\"background:#000\"><span style=\"color:#fff\">light on dark</span></div>"
	"<div style=\"background:url(x.png) #fff\"><span style=\"color:#fff\">on an image</span></div>"
	"<div bgcolor=\"000000\" style=\"color:#777\">grey on black</div>",
	"light on dark\non an image\ngrey on black", "1|2|3|4|5|6|7", H, 0},
    {"a link has its own colour, spacing alone is no hidden text",
	"<p><font color=\"#ffffff\"><a href=\"https://l.example/\">link</a>&nbsp;</font>"
	"<span style=\"display:none\">&nbsp;&#x200B; \xc2\xad</span>"
	"<a href=\"https://w.example/\" style=\"color:#fff\">white</a></p>",
	"link", "white", H, "https://l.example/ => link"},
    {"a child shows itself again",
	"<div style=\"font-size:0\"><span style=\"font-size:14px\">kept</span>gone</div>"
	"<div style=\"visibility:hidden\"><span style=\"visibility:visible\">back</span>away</div>"
	"<div style=\"font-size:0\"><span style=\"font-size:2em\">still</span></div>"
	"<div style=\"display:none\"><span style=\"display:block\">never</span></div>",
	"kept\nback", "gone|away|still|never", H, 0},
    {"hiding classes and ids of a style block",
	"<style>.hide{display:none} #gone{font-size:0} span.tiny, .a .b, p:hover, .op{opacity:0}"
	" @media (max-width:600px){.m{display:none}} P.Z{visibility:hidden} *.star{font-size:0}</style>"
	"<p>a <span class=\"x HIDE\">1</span> <b id=\"gone\">2</b> <span class=\"tiny\">3</span>"
	" <i class=\"tiny\">seen</i> <span class=\"b\">b</span> <em class=\"op\">4</em>"
	" <span class=\"m\">m</span> <i class=star>6</i></p><p class=\"z\">5</p>",
	"a seen b m", "1|2|3|4|5|6", H, 0},
    {"a style block after the text it hides, and in the body",
	"<p>x<span class=\"late\">1</span>y</p><style>.late{display:none}</style>", "xy", "1", H, 0},
    {"a style block goes on past </stylex>, read as CSS reads it",
	"<style>.a{}</stylex>.n{display:none} .h{display:none}</style>"
	"<p>x<span class=\"h\">1</span>y<span class=\"n\">z</span></p>",
	"xyz", "1", H, 0},
    {"!important and the cascade",
	"<style>.imp{display:none!important} .soft{display:none} .v{visibility:hidden}"
	" b{font-size:0} .big{font-size:12px} #i{font-size:13px} .v2{visibility:visible}</style>"
	"<p><span class=\"imp\" style=\"display:inline\">1</span><span class=\"soft\" style=\"display:inline\">"
	"shown</span> <span class=\"v x\">2</span> <b>3</b> <b class=\"big\">big</b>"
	" <b id=\"i\">id</b> <span class=\"v2 v\">later</span></p>",
	"shown big id later", "1|2|3", H, 0},
    {"comments, escapes and references in declarations",
	"<p>a<span style=\"dis/**/play:none\">shown</span><span style=\"display:/* x */none\">1</span>"
	"<span style=\"\\64 isplay: none\">2</span><span style=\"display&colon;none\">3</span>b</p>",
	"ashownb", "1|2|3", H, 0},
    {"selectors not read never hide, broken style sheets do not stop the rest",
	"<style>a[href^=x]{display:none} div>p{display:none} :root{} {} }}} @import url(x); .{} #{}"
	" .c1.c2{display:none} .ok{display:none</style><p>vis<span class=\"c1 c2\">ible</span>"
	"<span class=\"ok\">1</span></p>",
	"visible", "1", H, 0},
    {"links in hidden content are hidden, their text kept",
	"<p>go <span style=\"display:none\"><a href=\"https://h.example/\">hidden link</a></span>"
	"<a href=\"https://v.example/\">on</a></p>",
	"go on", "hidden link", H, "https://h.example/ => hidden link"},
    {"right-to-left override shows moc.sjmpn as npmjs.com",
	"<p>Visit &#x202E;moc.sjmpn&#x202C; today</p>", "Visit npmjs.com today", 0, B, 0},
    {"an override runs to the end of its paragraph",
	"<p>Log in at \xe2\x80\xaemoc.sjmpn</p><p>next</p>", "Log in at npmjs.com\nnext", 0, B, 0},
    {"bdo and unicode-bidi override",
	"<p><bdo dir=\"rtl\">moc.buhtig</bdo> and <span style=\"unicode-bidi:bidi-override;"
	"direction:rtl\">ipyp</span> <bdo dir=ltr>as is</bdo></p>",
	"github.com and pypi as is", 0, B, 0},
    {"marks are removed, order kept",
	"<p>a\xe2\x80\x8e" "b\xe2\x80\x8f" "c&lrm;d</p>", "abcd", 0, 0, 0},
    {"an override opened before an anchor reverses its text",
	"<p>&#x202E;<a href=\"https://evil.example/\">moc.sjmpn</a> ni gol</p>",
	"log in npmjs.com", 0, B, "https://evil.example/ => npmjs.com"},
    {"an override reverses a URL in the text",
	"<p>&#x202E;gro.ipyp//:sptth</p>", "https://pypi.org", 0, B, "https://pypi.org => (null)"},
};

/* trimmed - s without newlines and spaces at either end, in a new string */
static char *trimmed(const char *s)
{
    size_t  n;

    s += strspn(s, "\n ");
    for (n = strlen(s); n > 0 && strchr("\n ", s[n - 1]); n--)
	 /* void */ ;
    return rp_strndup(s, n);
}

/* check_hidden - each '|'-separated fragment is in the hidden text */
static void check_hidden(const char *name, const char *hidden, const char *list)
{
    char   *copy, *frag, *save;

    if (list == NULL)
	return;
    copy = rp_strdup(list);
    for (frag = strtok_r(copy, "|", &save); frag; frag = strtok_r(NULL, "|", &save))
	ck_assert_msg(strstr(hidden, frag) != NULL, "%s: \"%s\" not in hidden \"%s\"",
		      name, frag, hidden);
    free(copy);
}

START_TEST(test_case)
{
    const vis_case *c = cases + _i;
    rp_features f;
    char   *text;
    rp_buf  link;

    rp_features_init(&f);
    rp_html_extract(c->html, strlen(c->html), &limits, &f);
    text = trimmed(f.text.data);
    ck_assert_msg(strcmp(text, c->text) == 0, "%s: text \"%s\", want \"%s\"",
		  c->name, text, c->text);
    check_hidden(c->name, f.hidden.data, c->hidden_has);
    ck_assert_msg((f.flags & (H | B)) == c->flags, "%s: flags %#x, want %#x", c->name,
		  f.flags & (H | B), c->flags);
    if (c->link) {
	ck_assert_msg(f.nlinks > 0, "%s: no link", c->name);
	rp_buf_init(&link);
	rp_buf_printf(&link, "%s => %s", f.links[0].href,
		      f.links[0].text ? f.links[0].text : "(null)");
	ck_assert_msg(strcmp(link.data, c->link) == 0, "%s: link \"%s\", want \"%s\"",
		      c->name, link.data, c->link);
	rp_buf_free(&link);
    }
    free(text);
    rp_features_free(&f);
}
END_TEST

/*
 * Text kept for matching may hold zero-width characters and soft
 * hyphens inside words; the normalisation the lure rules read drops them.
 */
START_TEST(test_zero_width_matched)
{
    static const char html[] = "<p>Py\xe2\x80\x8bP\xc2\xadI ve&shy;ri&#x200C;fy"
	" acc\xe2\x80\x8dou\xe2\x81\xa0nt\xef\xbb\xbf</p>";
    rp_features f;
    char   *norm;

    rp_features_init(&f);
    rp_html_extract(html, sizeof(html) - 1, &limits, &f);
    norm = rp_text_normalize(f.text.data, f.text.len, NULL);
    ck_assert_str_eq(norm, "pypi verify account");
    free(norm);
    rp_features_free(&f);
}
END_TEST

/* The table has the standard's 2,231 names, sorted, and agrees with libxml2's HTML 4 ones. */
START_TEST(test_entity_table)
{
    const htmlEntityDesc *known;
    char    name[40];
    size_t  i, n, agree = 0;

    ck_assert_uint_eq(rp_entities_count, 2231);
    for (i = 0; i < rp_entities_count; i++) {
	if (i > 0)
	    ck_assert_msg(strcmp(rp_entities[i - 1].name, rp_entities[i].name) < 0,
			  "not sorted at %s", rp_entities[i].name);
	n = strlen(rp_entities[i].name);
	if (rp_entities[i].name[n - 1] != ';')
	    continue;
	memcpy(name, rp_entities[i].name, n - 1);
	name[n - 1] = 0;
	known = htmlEntityLookup((const xmlChar *) name);
	agree += known && known->value == rp_entities[i].cp1 && rp_entities[i].cp2 == 0;
    }
    /* HTML 4's 253 names, but for lang and rang, which HTML5 changed. */
    ck_assert_uint_eq(agree, 251);
}
END_TEST

/* 100,000 hiding rules and elements with classes; 1 MB of lengthened references. */
START_TEST(test_hostile_sizes)
{
    rp_features f;
    rp_buf  b;
    size_t  i;
    clock_t t0 = clock();

    rp_buf_init(&b);
    rp_buf_puts(&b, "<style>");
    for (i = 0; i < 100000; i++)
	rp_buf_printf(&b, ".c%zu, p#i%zu {font-size:0; color:red}\n", i, i);
    rp_buf_puts(&b, "</style>");
    for (i = 0; i < 100000; i++)
	rp_buf_printf(&b, "<span class=\"x c%zu y\">h%zu</span><a href=\"https://l%zu.example/\">"
		      "&acy;&popf;</a>\n", i * 7 % 100000, i, i);
    rp_features_init(&f);
    rp_html_extract(b.data, b.len, &limits, &f);
    ck_assert(f.flags & RP_MSG_HIDDEN_TEXT);
    /* Rules past the table's bound are a limit met. */
    ck_assert(f.flags & RP_MSG_TEXT_TRUNCATED);
    ck_assert_uint_ge(f.nlinks, limits.max_links);
    ck_assert_str_eq(f.links[0].text, "\xd0\xb0\xf0\x9d\x95\xa1");
    ck_assert_msg(strstr(f.text.data, "h0\xd0\xb0") == NULL, "class rule not applied");
    ck_assert_msg(strstr(f.hidden.data, "h0") != NULL, "hidden text lost");
    rp_features_free(&f);
    rp_buf_free(&b);
    ck_assert_msg((double) (clock() - t0) / CLOCKS_PER_SEC < time_limit(4.0), "too slow");
}
END_TEST

#define N(a) ((int) (sizeof(a) / sizeof((a)[0])))

/* visibility_suite - all visibility tests */
static Suite *visibility_suite(void)
{
    Suite  *s = suite_create("visibility");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_case, 0, N(cases));
    tcase_add_test(tc, test_zero_width_matched);
    tcase_add_test(tc, test_entity_table);
    tcase_add_test(tc, test_hostile_sizes);
    suite_add_tcase(s, tc);
    return s;
}

/* setup - libxml2 once for the process */
static int setup(int argc, char **argv)
{
    xmlInitParser();
    return 0;
}

const rp_test_program rp_test = {visibility_suite, setup, NULL, NULL, 0};
