/*
 * NAME
 *	rp_rewrite_part 3
 * SUMMARY
 *	one part's text with its deceptive links disabled
 * SYNOPSIS
 *	#include "rp_rewrite_part.h"
 *
 *	int	rp_rewrite_part_text(const rp_rewrite_match *m,
 *				     const char *text, size_t len,
 *				     const char *banner, rp_buf *out)
 *
 *	int	rp_rewrite_part_html(const rp_rewrite_match *m,
 *				     const char *html, size_t len,
 *				     const char *banner, rp_buf *out)
 * DESCRIPTION
 *	Both take the text detection read in the part and edit it where
 *	detection's own readers find links, so what is defanged is what
 *	was detected; then they read the result the way detection does and
 *	edit again until no link m matches is left, at most RW_PASSES
 *	times.  What cannot be edited in place is not left: it goes with
 *	the part's markup, or with its text.
 *
 *	rp_rewrite_part_text() puts "*** banner ***" on top, then replaces
 *	each URL rp_url_scan_text() finds that m matches with its defanged
 *	form (rp_rewrite_defang()).  Should a URL survive RW_PASSES, the
 *	text is withheld: only the banner and a line saying so are left.
 *
 *	rp_rewrite_part_html() reads the links with rp_html_links(), the
 *	parse detection uses (same entity decoding, same base resolution),
 *	which gives the bytes each is written in however long its tag.
 *	The value of each a/area href and form action that m matches
 *	becomes "#", with the defanged destination shown as text just
 *	before its tag; a matching base href (so the relative links that
 *	resolve against it too) or meta refresh also becomes "#".  Then
 *	rp_url_scan_text() over the markup defangs the matching URLs still
 *	written out as they are (visible text, anchor text, other
 *	attributes, comments, scripts).  A banner box goes right after the
 *	document's own <body> tag, or at the top.  Last, rp_html_extract()
 *	reads the result as detection would.  A link it still finds (one
 *	whose bytes rp_html_links() could not place, a URL in visible text
 *	that is written with character references or split by markup) and
 *	that survives RW_PASSES makes the part plain: its visible text,
 *	with the URLs defanged as in a text part, escaped in a <pre> under
 *	the banner.  No link of the part is left then.
 * DIAGNOSTICS
 *	None; out of memory aborts.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rp_features.h"
#include "rp_html.h"
#include "rp_rewrite_edit.h"
#include "rp_rewrite_part.h"
#include "rp_url.h"
#include "rp_util.h"

#define RW_PASSES	3		/* edits of one part before it goes plain */

#define RW_WITHHELD	"[This text was withheld: its deceptive links could not be disabled.]\n"

/* The edits of one pass over a part. */
typedef struct rw_pass {
    const rp_rewrite_match *m;
    const char *in;
    rp_rewrite_edits edits;
} rw_pass;

/* text_url - rp_url_found: defang a matching URL where it is written */
static void text_url(void *context, const char *url, size_t len)
{
    rw_pass *p = context;
    size_t  start = (size_t) (url - p->in);

    if (rp_rewrite_match_url(p->m, url, len))
	rp_rewrite_edit_add(&p->edits, start, start + len, rp_rewrite_defang_len(url, len));
}

/* text_edits - the edits of one pass over text */
static void text_edits(rw_pass *p, const char *text, size_t len)
{
    p->in = text;
    rp_url_scan_text(text, len, text_url, p);
}

/* swap - exchange two buffers */
static void swap(rp_buf *a, rp_buf *b)
{
    rp_buf  t = *a;

    *a = *b;
    *b = t;
}

/* rp_rewrite_part_text - banner on top, matching URLs defanged until none is left */
int     rp_rewrite_part_text(const rp_rewrite_match *m, const char *text, size_t len,
			             const char *banner, rp_buf *out)
{
    rw_pass p = {m, NULL, {NULL, 0, 0}};
    rp_buf  cur, next;
    int     pass, changed = banner != NULL;

    rp_buf_init(&cur);
    rp_buf_init(&next);
    rp_buf_append(&cur, text, len);
    for (pass = 0;; pass++) {
	text_edits(&p, cur.data, cur.len);
	if (p.edits.n == 0)
	    break;
	changed = 1;
	if (pass == RW_PASSES) {
	    rp_rewrite_edit_free(&p.edits);
	    rp_buf_reset(&cur);
	    rp_buf_puts(&cur, RW_WITHHELD);
	    break;
	}
	rp_buf_reset(&next);
	(void) rp_rewrite_edit_apply(&p.edits, cur.data, cur.len, &next);
	swap(&cur, &next);
    }
    if (banner != NULL)
	rp_buf_printf(out, "*** %s ***\n\n", banner);
    rp_buf_append(out, cur.data, cur.len);
    rp_buf_free(&cur);
    rp_buf_free(&next);
    return changed;
}

/* html_defanged - the defanged form of url, HTML-escaped */
static char *html_defanged(const char *url)
{
    char   *fang = rp_rewrite_defang(url);
    rp_buf  b;

    rp_buf_init(&b);
    rp_rewrite_escape(&b, fang, strlen(fang));
    free(fang);
    return b.data;
}

/* html_link - rp_html_link_found: neutralise a matching link, show where it went */
static void html_link(void *context, const rp_html_link *link)
{
    rw_pass *p = context;
    rp_buf  shown;
    char   *fang;

    /* A link whose bytes are unknown is left for the check after the pass. */
    if (link->tag == RP_HTML_NOWHERE
	|| !rp_rewrite_match_url(p->m, link->href, strlen(link->href)))
	return;
    /* A reader follows a, area and form: show the destination before it. */
    if (link->flags & (RP_LINK_HTML | RP_LINK_FORM)) {
	rp_buf_init(&shown);
	fang = html_defanged(link->href);
	rp_buf_printf(&shown, "<span style=\"color:#b00;font-weight:bold\">[%s]</span> ", fang);
	free(fang);
	rp_rewrite_edit_add(&p->edits, link->tag, link->tag, rp_buf_steal(&shown));
	rp_buf_free(&shown);
    }
    rp_rewrite_edit_add(&p->edits, link->start, link->end, rp_strdup("#"));
}

/* html_banner - the warning box */
static char *html_banner(const char *banner)
{
    rp_buf  out;

    rp_buf_init(&out);
    rp_buf_puts(&out, "<div style=\"border:2px solid #b00;background:#fee;color:#600;"
		"padding:8px;margin:8px 0;font-weight:bold\">");
    rp_rewrite_escape(&out, banner, strlen(banner));
    rp_buf_puts(&out, "</div>");
    return out.data;
}

/*
 * html_pass - one pass: matching links neutralised where libxml2 read
 * them, matching URLs written out defanged where the URL scanner finds
 * them (an edit inside a link value already made is dropped), banner
 * after <body> when given.  Returns the number of links and URLs found.
 */
static size_t html_pass(const rp_rewrite_match *m, const char *html, size_t len,
			        const char *banner, rp_buf *out)
{
    rw_pass p = {m, html, {NULL, 0, 0}};
    size_t  body, found;

    body = rp_html_links(html, len, html_link, &p);
    text_edits(&p, html, len);
    found = p.edits.n;
    if (banner != NULL)
	rp_rewrite_edit_first(&p.edits, body, html_banner(banner));
    (void) rp_rewrite_edit_apply(&p.edits, html, len, out);
    return found;
}

/* html_read - what detection reads in html: every link, all visible text */
static void html_read(const char *html, size_t len, rp_features *f)
{
    rp_limits all = {UINT_MAX, UINT_MAX, UINT_MAX / 8, SIZE_MAX / 2};

    rp_features_init(f);
    rp_html_extract(html, len, &all, f);
}

/* html_live - does detection still read a matching link in html */
static int html_live(const rp_rewrite_match *m, const char *html, size_t len)
{
    rp_features f;
    size_t  i;
    int     live = 0;

    html_read(html, len, &f);
    for (i = 0; i < f.nlinks && !live; i++)
	live = rp_rewrite_match_url(m, f.links[i].href, strlen(f.links[i].href));
    rp_features_free(&f);
    return live;
}

/* html_plain - the part as plain text: visible text, URLs defanged, in <pre> */
static void html_plain(const rp_rewrite_match *m, const char *html, size_t len,
		               const char *banner, rp_buf *out)
{
    rp_features f;
    rp_buf  text;
    char   *box;

    html_read(html, len, &f);
    rp_buf_init(&text);
    (void) rp_rewrite_part_text(m, f.text.data, f.text.len, NULL, &text);
    rp_buf_puts(out, "<html><body>");
    if (banner != NULL) {
	box = html_banner(banner);
	rp_buf_puts(out, box);
	free(box);
    }
    rp_buf_puts(out, "<pre style=\"white-space:pre-wrap\">");
    rp_rewrite_escape(out, text.data, text.len);
    rp_buf_puts(out, "</pre></body></html>\n");
    rp_buf_free(&text);
    rp_features_free(&f);
}

/* rp_rewrite_part_html - links neutralised, banner in, until detection reads none */
int     rp_rewrite_part_html(const rp_rewrite_match *m, const char *html, size_t len,
			             const char *banner, rp_buf *out)
{
    rp_buf  cur, next;
    int     pass, changed;

    rp_buf_init(&cur);
    rp_buf_init(&next);
    changed = html_pass(m, html, len, banner, &cur) > 0 || banner != NULL;
    for (pass = 1; html_live(m, cur.data, cur.len); pass++) {
	changed = 1;
	rp_buf_reset(&next);
	if (pass < RW_PASSES && html_pass(m, cur.data, cur.len, NULL, &next) > 0) {
	    swap(&cur, &next);
	    continue;
	}
	/* Not to be disabled in place: the part's text, without its markup. */
	rp_buf_reset(&next);
	html_plain(m, html, len, banner, &next);
	swap(&cur, &next);
	break;
    }
    rp_buf_append(out, cur.data, cur.len);
    rp_buf_free(&cur);
    rp_buf_free(&next);
    return changed;
}
