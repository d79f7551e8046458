/*
 * NAME
 *	test-html 1
 * SUMMARY
 *	table-driven tests for rp_html
 * SYNOPSIS
 *	test-html
 * DESCRIPTION
 *	Feeds HTML to rp_html_extract() and compares the links (flags,
 *	href, text) and the visible text: anchors with text, image links,
 *	base href, forms, meta refresh, entities, hidden content, unclosed
 *	tags, URLs in visible text; then hostile sizes: a 1 MB attribute,
 *	100,000 links against the limit, deep nesting, invalid UTF-8.
 *
 *	Then rp_html_links(): the bytes each link is written in (character
 *	references, each kind of quoting, uppercase names, several
 *	attributes and repeated ones, tags split across lines, false
 *	starts in skipped markup, input that is not UTF-8, offsets past
 *	libxml2's 1 MB chunks), the <body> offset, and that it reports the
 *	same links as rp_html_extract() for every case above.
 *
 *	Issue 11 adds the attacks on what the reader is shown: HTML5 named
 *	references (pypj&period;org, Cyrillic &acy;) and numeric ones libxml2
 *	rejects (pypi.org&#1;@evil.example) decoded once as a browser does, and
 *	their raw bytes still found, "<a/href", a document that starts
 *	with an end tag or goes on after </html>, and links in hidden
 *	content kept with RP_LINK_HIDDEN (test-visibility covers the CSS).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "rp_html.h"
#include "rp_util.h"
#include "check_main.h"

static const rp_limits limits = {32, 500, 1000, 1 << 20};

/* A case: HTML in, links rendered by render_links(), text fragments. */
typedef struct html_case {
    const char *name;
    const char *html;
    const char *links;		/* "FLAGS href => text" lines */
    const char *text_has;	/* '|'-separated, each must be in the text */
    const char *text_not;	/* '|'-separated, none may be in the text */
    const char *hidden_has;	/* '|'-separated, each must be in the hidden text */
} html_case;

static const html_case cases[] = {
    {"anchor text",
	"<p>Please <a href=\"https://evil.example/login\">https://pypi.org/account/login</a> now</p>",
	"H https://evil.example/login => https://pypi.org/account/login\n",
	"Please https://pypi.org/account/login now", 0, 0},
    {"nested anchor text collapsed",
	"<a href='https://x.example/'>  Verify\n\t<b>your</b>   <i>account</i> </a>",
	"H https://x.example/ => Verify your account\n", "Verify your account", 0, 0},
    {"block elements inside anchor keep words apart",
	"<a href='https://x.example/'><div>Sign</div><div>in</div></a>",
	"H https://x.example/ => Sign in\n", 0, 0, 0},
    {"image link uses alt",
	"<a href=\"https://evil.example/\"><img src=\"logo.png\" alt=\"PyPI  Login\"></a>",
	"HI https://evil.example/ => PyPI Login\n", 0, 0, 0},
    {"image link without alt",
	"<a href=\"https://evil.example/\"><img src=\"x.png\"></a>",
	"HI https://evil.example/\n", 0, 0, 0},
    {"image and text is a text link",
	"<a href=\"https://e.example/\"><img alt=\"logo\">Sign in</a>",
	"H https://e.example/ => Sign in\n", 0, 0, 0},
    {"area",
	"<map><area shape=rect href=\"https://evil.example/a\" alt=\"Login\"></map>",
	"HI https://evil.example/a => Login\n", 0, 0, 0},
    {"anchor without href is no link",
	"<a name=\"top\">Top</a><a href=\"\">empty</a>", "", "Top|empty", 0, 0},
    {"base href resolves later links",
	"<html><head><base href=\"https://evil.example/dir/page.html\"></head><body>"
	"<a href=\"login?x=1\">a</a><a href=\"/root\">b</a><a href=\"//other.example/p\">c</a>"
	"<a href=\"https://abs.example/\">d</a></body></html>",
	"B https://evil.example/dir/page.html\n"
	"H https://evil.example/dir/login?x=1 => a\n"
	"H https://evil.example/root => b\n"
	"H https://other.example/p => c\n"
	"H https://abs.example/ => d\n", 0, 0, 0},
    {"relative without base kept",
	"<a href=\"/login\">x</a>", "H /login => x\n", 0, 0, 0},
    {"form action",
	"<form action=\"https://collect.example/post.php\" method=post>User <input name=u></form>",
	"F https://collect.example/post.php\n", "User", 0, 0},
    {"form without action",
	"<form method=post><input name=u></form>", "", 0, 0, 0},
    {"meta refresh",
	"<html><head><meta http-equiv=\"Refresh\" content=\"0; URL='https://evil.example/r'\"></head></html>",
	"R https://evil.example/r\n", 0, 0, 0},
    {"meta refresh unquoted",
	"<meta http-equiv=refresh content=\"5;url=https://evil.example/r2\">",
	"R https://evil.example/r2\n", 0, 0, 0},
    {"meta refresh without url",
	"<meta http-equiv=refresh content=\"30\">", "", 0, 0, 0},
    {"entities decoded",
	"<a href=\"https://e.example/?a=1&amp;b=2\">P&#121;PI &amp; npm&nbsp;&lt;login&gt;</a>",
	"H https://e.example/?a=1&b=2 => PyPI & npm\xc2\xa0<login>\n", 0, 0, 0},
    {"entity-encoded href",
	"<a href=\"&#104;ttps://&#101;vil.example/\">x</a>",
	"H https://evil.example/ => x\n", 0, 0, 0},
    {"script and style excluded",
	"<html><head><title>Secret title</title><style>.a{color:red}</style></head>"
	"<body><script>var u='https://script.example/';</script>Hello<!-- https://comment.example/ hidden --> world"
	"<template>tmpl</template></body></html>",
	"", "Hello world", "Secret|color|script.example|comment|tmpl", 0},
    {"hidden elements excluded",
	"<div style=\"display: NONE\">filler words</div><span hidden>more</span>"
	"<p style=\"visibility:hidden\">x</p><p>shown</p>",
	"", "shown", "filler|more", "filler words|more|x"},
    {"block newlines",
	"<p>one</p><p>two</p>three<br>four<ul><li>five</li><li>six</li></ul>",
	"", "one\ntwo\nthree\nfour\nfive\nsix", 0, 0},
    {"unclosed tags",
	"<div><p>para<a href=\"https://u.example/\">open anchor<p>next",
	"H https://u.example/ => open anchor next\n", "para", 0, 0},
    {"anchor inside anchor",
	"<a href=\"https://one.example/\">one<a href=\"https://two.example/\">two</a>",
	"H https://one.example/ => one\nH https://two.example/ => two\n", 0, 0, 0},
    {"URLs in visible text",
	"<p>Go to https://text.example/login. Or www.other.example</p>"
	"<a href=\"https://a.example/\">https://in-anchor.example/</a>",
	"H https://a.example/ => https://in-anchor.example/\n"
	"X https://text.example/login\nX www.other.example\n", 0, 0, 0},
    {"text around an anchor does not join",
	"see https://left.example<a href=\"https://a.example/\">x</a>tail",
	"H https://a.example/ => x\nX https://left.example\n", 0, 0, 0},
    {"broken markup",
	"<<>><a href=\"https://b.example/\"<b>x</a></b></i></div>>>", 0, 0, 0, 0},
    {"unterminated attribute",
	"<a href=\"https://b.example/ >text", 0, 0, 0, 0},
    {"empty", "", "", 0, 0, 0},
    {"meta charset ignored",
	"<meta charset=\"iso-8859-1\"><p>caf\xc3\xa9</p>", "", "caf\xc3\xa9", 0, 0},
    /* Issue 11: what the reader is shown is what is read. */
    {"HTML5 named reference in an href (pypj&period;org)",
	"<a href=\"https://pypj&period;org/\">PyPI&period;org</a>",
	"H https://pypj.org/ => PyPI.org\n", 0, 0, 0},
    {"HTML5 reference longer written as a number (&acy;, &popf;)",
	"<a href=\"https://&acy;pple&period;example/\">&Acy;pple &popf;</a>",
	"H https://\xd0\xb0pple.example/ => \xd0\x90pple \xf0\x9d\x95\xa1\n", 0, 0, 0},
    {"a numeric reference written with hundreds of zeros (found by the fuzzer)",
	"<a href=\"https://pypj&#00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000046;org/\">x&#0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001;y</a>",
	"H https://pypj.org/ => x\xef\xbf\xbdy\n", 0, 0, 0},
    {"references decoded once (&amp;period; stays &period;)",
	"<a href=\"https://e.example/?q=&amp;period;&amp;colon\">&amp;period; &amp;amp;</a>",
	"H https://e.example/?q=&period;&colon => &period; &amp;\n", 0, 0, 0},
    {"two code points, and legacy names without a semicolon",
	"<p>&NotEqualTilde; caf&eacute ok &notit; &notin; x&nbspy &lang;</p>"
	"<a href=\"https://e.example/?a=1&copy=2&notx&not_x&para\">t</a>",
	"H https://e.example/?a=1&copy=2&notx\xc2\xac_x\xc2\xb6 => t\n",
	"\xe2\x89\x82\xcc\xb8 caf\xc3\xa9 ok \xc2\xacit; \xe2\x88\x89 x\xc2\xa0y \xe2\x9f\xa8", 0, 0},
    {"no references in script, style or comments",
	"<style>.a&period;b{}</style><script>x='&period;'</script><!-- &period; --><p>&period;</p>",
	"", ".", "&#", 0},
    {"numeric references libxml2 rejects do not cut an href (pypi.org&#1;@evil)",
	"<a href=\"https://pypi.org&#1;@evil.example/\">a</a>"
	"<a href=\"https://pypi.org&#x0;@e0.example/\">b</a>"
	"<a href=\"https://pypi.org&#xD800;@e1.example/\">c</a>"
	"<a href=\"https://pypi.org&#99999999999;@e2.example/\">d</a>"
	"<a href=\"https://pypi.org&#x;@e3.example/\">e</a>"
	"<p>x&#150;y&#x80;&#157;z</p>",
	"H https://pypi.org\xef\xbf\xbd@evil.example/ => a\n"
	"H https://pypi.org\xef\xbf\xbd@e0.example/ => b\n"
	"H https://pypi.org\xef\xbf\xbd@e1.example/ => c\n"
	"H https://pypi.org\xef\xbf\xbd@e2.example/ => d\n"
	"H https://pypi.org&#x;@e3.example/ => e\n",
	"x\xe2\x80\x93y\xe2\x82\xac\xc2\x9dz", 0, 0},
    {"references read where libxml2 reads markup after comments and \"<!\"",
	"<!-- a --!><a href=\"https://c&period;example/\">c</a>"
	"<![CDATA[ <a href=\"https://d&period;example/\">d</a> ]]>"
	"<!x <a href=\"https://e&period;example/\">e</a>",
	"H https://c.example/ => c\nH https://d.example/ => d\nH https://e.example/ => e\n", 0, 0, 0},
    {"slash instead of a blank before an attribute (<a/href>)",
	"<a/href=\"https://slash.example/\">s</a><img/src=x/alt=y>"
	"<a href='https://q.example/'/title=t>q</a><br/>",
	"H https://slash.example/ => s\nH https://q.example/ => q\n", 0, 0, 0},
    {"a document that starts with an end tag",
	"</div>\n<a href=\"https://first.example/\">first</a> words",
	"H https://first.example/ => first\n", "first words", 0, 0},
    {"content after </html>",
	"<html><body><p>x</p></body></HTML><a href=\"https://after.example/\">after</a>",
	"H https://after.example/ => after\n", "x|after", 0, 0},
    {"links in hidden content are kept, flagged hidden",
	"<div style=\"display:none\"><a href=\"https://h.example/\">hidden link</a>"
	"<form action=\"https://hf.example/\"></form> https://ht.example/</div>"
	"<a href=\"https://v.example/\">visible</a>"
	"<a href=\"https://z.example/\" style=\"font-size:0\">zero</a>"
	"<a href=\"https://i.example/\"><img src=x width=1 height=\"0\"></a>"
	"<a href=\"https://p.example/\">py<span style=\"font-size:0\">x</span>pi</a>",
	"HZ https://h.example/ => hidden link\nFZ https://hf.example/\n"
	"H https://v.example/ => visible\nHZ https://z.example/ => zero\n"
	"HIZ https://i.example/\nH https://p.example/ => pypi\nXZ https://ht.example/\n",
	"visible", "hidden link|zero|ht.example", "hidden link|zero|ht.example"},
};

/* render_links - one "FLAGS href => text" line per link */
static void render_links(const rp_features *f, rp_buf *out)
{
    static const struct {
	unsigned flag;
	char    letter;
    } names[] = {
	{RP_LINK_TEXT, 'T'}, {RP_LINK_HTML, 'H'}, {RP_LINK_FORM, 'F'},
	{RP_LINK_BASE, 'B'}, {RP_LINK_REFRESH, 'R'},
	{RP_LINK_HTML_TEXT, 'X'}, {RP_LINK_IMAGE, 'I'}, {RP_LINK_HIDDEN, 'Z'},
    };
    size_t  i, j;

    for (i = 0; i < f->nlinks; i++) {
	for (j = 0; j < sizeof(names) / sizeof(names[0]); j++)
	    if (f->links[i].flags & names[j].flag)
		rp_buf_putc(out, names[j].letter);
	rp_buf_printf(out, " %s", f->links[i].href);
	if (f->links[i].text)
	    rp_buf_printf(out, " => %s", f->links[i].text);
	rp_buf_putc(out, '\n');
    }
}

/* check_fragments - each '|'-separated fragment is (not) in text */
static void check_fragments(const char *name, const char *text,
			            const char *list, int want)
{
    char   *copy, *frag, *save;

    if (list == NULL)
	return;
    copy = rp_strdup(list);
    for (frag = strtok_r(copy, "|", &save); frag; frag = strtok_r(NULL, "|", &save))
	ck_assert_msg((strstr(text, frag) != NULL) == want,
		      "%s: \"%s\" %s in text \"%s\"", name, frag,
		      want ? "not" : "unexpectedly", text);
    free(copy);
}

START_TEST(test_case)
{
    const html_case *c = cases + _i;
    rp_features f;
    rp_buf  got;

    rp_features_init(&f);
    rp_buf_init(&got);
    rp_html_extract(c->html, strlen(c->html), &limits, &f);
    render_links(&f, &got);
    if (c->links)
	ck_assert_msg(strcmp(got.data, c->links) == 0,
		      "%s: links\n%s\nwant\n%s", c->name, got.data, c->links);
    check_fragments(c->name, f.text.data, c->text_has, 1);
    check_fragments(c->name, f.text.data, c->text_not, 0);
    check_fragments(c->name, f.hidden.data, c->hidden_has, 1);
    ck_assert_msg(!(f.flags & RP_MSG_HIDDEN_TEXT) == !c->hidden_has,
		  "%s: RP_MSG_HIDDEN_TEXT %s", c->name, c->hidden_has ? "not set" : "set");
    rp_buf_free(&got);
    rp_features_free(&f);
}
END_TEST

/* Text from several documents is kept apart by a newline. */
START_TEST(test_append)
{
    rp_features f;

    rp_features_init(&f);
    rp_html_extract("<p>first</p>", 12, &limits, &f);
    rp_html_extract("second", 6, &limits, &f);
    ck_assert_str_eq(f.text.data, "first\nsecond\n");
    rp_features_free(&f);
}
END_TEST

/* A 1 MB attribute and a 1 MB anchor text: one pass, text capped. */
START_TEST(test_big_attribute)
{
    rp_features f;
    rp_buf  b;
    size_t  i;

    rp_buf_init(&b);
    rp_buf_puts(&b, "<a title=\"");
    for (i = 0; i < 1024 * 1024; i++)
	rp_buf_putc(&b, 'a' + i % 26);
    rp_buf_puts(&b, "\" href=\"https://big.example/\">");
    for (i = 0; i < 1024 * 1024; i++)
	rp_buf_puts(&b, i % 7 ? "\xd0\xb6" : " ");
    rp_buf_puts(&b, "</a><p>after</p>");
    rp_features_init(&f);
    rp_html_extract(b.data, b.len, &limits, &f);
    ck_assert_uint_eq(f.nlinks, 1);
    ck_assert_str_eq(f.links[0].href, "https://big.example/");
    ck_assert_uint_le(strlen(f.links[0].text), 1024);
    /* The cap falls on a whole character: no half of "\xd0\xb6". */
    ck_assert_msg(((unsigned char) f.links[0].text[strlen(f.links[0].text) - 1]) == 0xb6,
		  "anchor text cut inside a character");
    ck_assert_uint_le(f.text.len, limits.max_text);
    ck_assert(f.flags & RP_MSG_TEXT_TRUNCATED);
    rp_features_free(&f);
    rp_buf_free(&b);
}
END_TEST

/* 100,000 links to distinct hosts: the hard bound kept, the flag set, linear. */
START_TEST(test_many_links)
{
    rp_features f;
    rp_buf  b;
    size_t  i;

    rp_buf_init(&b);
    for (i = 0; i < 100000; i++)
	rp_buf_printf(&b, "<a href=\"https://h%zu.example/\">link %zu</a> "
		      "https://t%zu.example/\n", i, i, i);
    rp_features_init(&f);
    rp_html_extract(b.data, b.len, &limits, &f);
    ck_assert_uint_eq(f.nlinks, RP_LINKS_HARD_MAX(limits.max_links));
    ck_assert(f.flags & RP_MSG_TOO_MANY_LINKS);
    ck_assert_str_eq(f.links[0].href, "https://h0.example/");
    rp_features_free(&f);
    rp_buf_free(&b);
}
END_TEST

/* 100,000 nested elements and unclosed anchors: no recursion trouble. */
START_TEST(test_deep_nesting)
{
    rp_features f;
    rp_buf  b;
    size_t  i;

    rp_buf_init(&b);
    for (i = 0; i < 100000; i++)
	rp_buf_puts(&b, i % 2 ? "<div>" : "<span><b>");
    rp_buf_puts(&b, "<a href=\"https://deep.example/\">deep</a>");
    for (i = 0; i < 50000; i++)
	rp_buf_puts(&b, "<a href=\"https://x.example/\"><table><tr><td>");
    rp_features_init(&f);
    rp_html_extract(b.data, b.len, &limits, &f);
    ck_assert_uint_ge(f.nlinks, 1);
    ck_assert_str_eq(f.links[0].href, "https://deep.example/");
    rp_features_free(&f);
    rp_buf_free(&b);
}
END_TEST

/* Invalid UTF-8 and NUL bytes: no crash, the link is still found. */
START_TEST(test_invalid_bytes)
{
    static const char html[] = "<p>\xff\xfe\xc3(\xed\xa0\x80 bad\0 bytes</p>"
	"<a href=\"https://ok.example/\">\x80x\xf8</a>";
    rp_features f;

    rp_features_init(&f);
    rp_html_extract(html, sizeof(html) - 1, &limits, &f);
    ck_assert_uint_eq(f.nlinks, 1);
    ck_assert_str_eq(f.links[0].href, "https://ok.example/");
    rp_features_free(&f);
}
END_TEST

/* A small max_text: the text stops at the cap on a whole character. */
START_TEST(test_text_cap)
{
    static const rp_limits small = {32, 500, 10, 5};
    static const char html[] = "<p>\xc3\xa9\xc3\xa9\xc3\xa9 more</p>";
    rp_features f;

    rp_features_init(&f);
    rp_html_extract(html, sizeof(html) - 1, &small, &f);
    ck_assert_str_eq(f.text.data, "\xc3\xa9\xc3\xa9");
    ck_assert(f.flags & RP_MSG_TEXT_TRUNCATED);
    rp_features_free(&f);
}
END_TEST

/* A span case: HTML in, "FLAGS href = raw <tag" lines, <body> offset. */
typedef struct span_case {
    const char *name;
    const char *html;
    const char *links;
    size_t  body;
} span_case;

static const span_case span_cases[] = {
    {"character references in the value",
	"<a href=\"https://evil&#46;example/?a=1&amp;b=2&#x2F;\">x</a>",
	"H https://evil.example/?a=1&b=2/ = https://evil&#46;example/?a=1&amp;b=2&#x2F; <a\n", 0},
    {"double, single and no quotes",
	"<a href=\"https://d.example/\">d</a><a href='https://s.example/'>s</a>"
	"<a href=https://n.example/?q=1>n</a>",
	"H https://d.example/ = https://d.example/ <a\n"
	"H https://s.example/ = https://s.example/ <a\n"
	"H https://n.example/?q=1 = https://n.example/?q=1 <a\n", 0},
    {"uppercase names",
	"<A HREF=\"https://u.example/\">u</A><FORM ACTION='https://f.example/'></FORM>"
	"<AREA Href=https://ar.example/ ALT=x>",
	"H https://u.example/ = https://u.example/ <A\n"
	"F https://f.example/ = https://f.example/ <FORM\n"
	"HI https://ar.example/ = https://ar.example/ <AREA\n", 0},
    {"several attributes, quotes and a repeat in one tag",
	"<a title=\"x>y\" data-u='https://t.example/' href=\"https://a.example/\" "
	"href=\"https://repeat.example/\" class=c>a</a>",
	"H https://a.example/ = https://a.example/ <a\n", 0},
    {"a tag inside a value is no tag",
	"<a title=\"<a href='https://decoy.example/'>\" href=https://real.example/>r</a>",
	"H https://real.example/ = https://real.example/ <a\n", 0},
    {"split across lines",
	"<a\r\n  class=\"b\"\r\n  href\r\n  =\r\n  \"https://l.example/\"\r\n>l</a>",
	"H https://l.example/ = https://l.example/ <a\n", 0},
    {"bogus bytes and slashes between attributes",
	"<a / \"junk\" =x href=\"https://b.example/\" />b</a>",
	"H https://b.example/ = https://b.example/ <a\n", 0},
    {"false starts in skipped markup",
	"<p>x</x junk <a href=\"https://j.example/\">\"> <!-- <a href=\"https://c.example/\"> -->"
	"<a href=\"https://r.example/\">r</a>",
	"H https://r.example/ = https://r.example/ <a\n", 0},
    {"auto-closed anchors",
	"<a href=https://one.example/>1<a href=https://two.example/>2",
	"H https://one.example/ = https://one.example/ <a\n"
	"H https://two.example/ = https://two.example/ <a\n", 0},
    {"base, relative link, meta refresh",
	"<html><head><base href=\"https://b.example/d/\">"
	"<meta http-equiv=refresh content=\"0; url=https://m.example/\"></head>"
	"<body class=\"x\"><a href=\"login\">l</a></body></html>",
	"B https://b.example/d/ = https://b.example/d/ <base\n"
	"R https://m.example/ = 0; url=https://m.example/ <meta\n"
	"H https://b.example/d/login = login <a\n", 130},
    {"implied body has no offset",
	"<p>x</p><body><a href=\"https://i.example/\">i</a>",
	"H https://i.example/ = https://i.example/ <a\n", 0},
    {"uppercase body",
	"<BODY BGCOLOR=white><a href=https://u.example/>u</a>",
	"H https://u.example/ = https://u.example/ <a\n", 20},
    {"not UTF-8: read as ISO-8859-1, offsets in bytes",
	"<p>caf\xe9 \xe9\xe9</p><a href=\"https://l.example/\xe9\">x</a>",
	"H https://l.example/\xc3\xa9 = https://l.example/\xe9 <a\n", 0},
    {"HTML5 references: the raw bytes, before and after a longer edit",
	"<p>&popf;&acy;</p><a href=\"https://pypj&period;org/\">a</a>"
	"<a href=\"https://&acy;.example/\">b</a><a href=https://c.example/>c</a>",
	"H https://pypj.org/ = https://pypj&period;org/ <a\n"
	"H https://\xd0\xb0.example/ = https://&acy;.example/ <a\n"
	"H https://c.example/ = https://c.example/ <a\n", 0},
    {"longer edits before <body>",
	"<html><head><title>&popf;</title></head><body><a href=x&Afr;>x</a>",
	"H x\xf0\x9d\x94\x84 = x&Afr; <a\n", 46},
    {"longer edits in ISO-8859-1",
	"<p>caf\xe9 &popf;</p><a href=\"https://l.example/&acy;\xe9\">x</a>",
	"H https://l.example/\xd0\xb0\xc3\xa9 = https://l.example/&acy;\xe9 <a\n", 0},
    {"numeric references rewritten: the raw bytes",
	"<a href=\"https://pypi.org&#1;@evil.example/&#x;\">a</a><a href=https://b.example/>b</a>",
	"H https://pypi.org\xef\xbf\xbd@evil.example/&#x; = https://pypi.org&#1;@evil.example/&#x; <a\n"
	"H https://b.example/ = https://b.example/ <a\n", 0},
    {"a slash before an attribute, a leading end tag, after </html>",
	"</p><a/href=\"https://s.example/\">s</a></html><a href=https://t.example/>t</a>",
	"H https://s.example/ = https://s.example/ <a\n"
	"H https://t.example/ = https://t.example/ <a\n", 0},
};

/* span_render - rp_html_link_found that renders into an rp_buf */
typedef struct span_out {
    const char *html;
    rp_buf  buf;
} span_out;

static void span_render(void *ctx, const rp_html_link *link)
{
    static const struct {
	unsigned flag;
	char    letter;
    } names[] = {
	{RP_LINK_HTML, 'H'}, {RP_LINK_FORM, 'F'}, {RP_LINK_BASE, 'B'},
	{RP_LINK_REFRESH, 'R'}, {RP_LINK_IMAGE, 'I'},
    };
    span_out *o = ctx;
    size_t  j, n;

    for (j = 0; j < sizeof(names) / sizeof(names[0]); j++)
	if (link->flags & names[j].flag)
	    rp_buf_putc(&o->buf, names[j].letter);
    if (link->tag == RP_HTML_NOWHERE) {
	rp_buf_printf(&o->buf, " %s nowhere\n", link->href);
	return;
    }
    ck_assert_msg(link->tag < link->start && link->start <= link->end
		  && o->html[link->tag] == '<', "bad span for %s", link->href);
    n = strspn(o->html + link->tag + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    rp_buf_printf(&o->buf, " %s = %.*s %.*s\n", link->href,
		  (int) (link->end - link->start), o->html + link->start,
		  (int) (n + 1), o->html + link->tag);
}

START_TEST(test_span)
{
    const span_case *c = span_cases + _i;
    span_out o;
    size_t  body;

    o.html = c->html;
    rp_buf_init(&o.buf);
    body = rp_html_links(c->html, strlen(c->html), span_render, &o);
    ck_assert_msg(strcmp(o.buf.data, c->links) == 0, "%s: links\n%s\nwant\n%s",
		  c->name, o.buf.data, c->links);
    ck_assert_msg(body == c->body, "%s: body at %zu, want %zu", c->name, body, c->body);
    rp_buf_free(&o.buf);
}
END_TEST

/* span_copy - rp_html_link_found keeping "flags href" lines */
static void span_copy(void *ctx, const rp_html_link *link)
{
    rp_buf_printf(ctx, "%u %s\n", link->flags, link->href);
}

/* Every case of the extract table: the same links, in the same order. */
START_TEST(test_span_same_links)
{
    const html_case *c = cases + _i;
    rp_features f;
    rp_buf  want, got;
    size_t  i;

    rp_features_init(&f);
    rp_buf_init(&want);
    rp_buf_init(&got);
    rp_html_extract(c->html, strlen(c->html), &limits, &f);
    for (i = 0; i < f.nlinks; i++)
	if (!(f.links[i].flags & RP_LINK_HTML_TEXT))
	    rp_buf_printf(&want, "%u %s\n", f.links[i].flags, f.links[i].href);
    (void) rp_html_links(c->html, strlen(c->html), span_copy, &got);
    ck_assert_msg(strcmp(got.data, want.data) == 0, "%s: links\n%s\nextract\n%s",
		  c->name, got.data, want.data);
    rp_buf_free(&want);
    rp_buf_free(&got);
    rp_features_free(&f);
}
END_TEST

/* span_count - rp_html_link_found counting links and links found nowhere */
static void span_count(void *ctx, const rp_html_link *link)
{
    size_t *n = ctx;

    n[0]++;
    if (link->tag == RP_HTML_NOWHERE)
	n[1]++;
}

/*
 * Offsets past libxml2's 1 MB chunks and its input shrinking, in text
 * that is not UTF-8 (two parsed bytes for one input byte), and NUL bytes;
 * 100,000 links all found, in linear time.
 */
START_TEST(test_span_big)
{
    static const char tail[] = "<a href=\"https://far.example/\">x</a>";
    rp_buf  b;
    span_out o;
    size_t  i, n[2] = {0, 0};

    rp_buf_init(&b);
    rp_buf_puts(&b, "<p>");
    for (i = 0; i < 300000; i++)
	rp_buf_puts(&b, "caf\xe9 <b>x</b> ");
    rp_buf_append(&b, "\0", 1);
    rp_buf_puts(&b, tail);
    o.html = b.data;
    rp_buf_init(&o.buf);
    (void) rp_html_links(b.data, b.len, span_render, &o);
    ck_assert_str_eq(o.buf.data, "H https://far.example/ = https://far.example/ <a\n");
    rp_buf_free(&o.buf);
    rp_buf_reset(&b);
    for (i = 0; i < 100000; i++)
	rp_buf_printf(&b, "<a href=\"https://h%zu.example/\">link %zu</a> ", i, i);
    (void) rp_html_links(b.data, b.len, span_count, n);
    ck_assert_uint_eq(n[0], 100000);
    ck_assert_uint_eq(n[1], 0);
    rp_buf_free(&b);
}
END_TEST

#define N(a) ((int) (sizeof(a) / sizeof((a)[0])))

/* html_suite - all rp_html tests */
static Suite *html_suite(void)
{
    Suite  *s = suite_create("rp_html");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_case, 0, N(cases));
    tcase_add_test(tc, test_append);
    tcase_add_test(tc, test_big_attribute);
    tcase_add_test(tc, test_many_links);
    tcase_add_test(tc, test_deep_nesting);
    tcase_add_test(tc, test_invalid_bytes);
    tcase_add_test(tc, test_text_cap);
    tcase_add_loop_test(tc, test_span, 0, N(span_cases));
    tcase_add_loop_test(tc, test_span_same_links, 0, N(cases));
    tcase_add_test(tc, test_span_big);
    suite_add_tcase(s, tc);
    return s;
}

/* setup - libxml2 once for the process */
static int setup(int argc, char **argv)
{
    xmlInitParser();
    return 0;
}

const rp_test_program rp_test = {html_suite, setup, NULL, NULL, 0};
