/*
 * NAME
 *	rewrite_fuzzer 1
 * SUMMARY
 *	libFuzzer target: a whole raw message through rp_rewrite_urls()
 * SYNOPSIS
 *	rewrite_fuzzer [libFuzzer options] [corpus...]
 * DESCRIPTION
 *	Takes its deceptive URLs from the input itself, so that the edits
 *	happen: the first URL rp_url_scan_text() finds in the raw bytes and
 *	the first and last links rp_html_links() reads in them (character
 *	references decoded).  Rewrites the input (up to 1 MiB) with them, a
 *	banner and a small MIME depth, and checks the body it returns: it
 *	is NUL-terminated at body_len and, what the banner promises, when
 *	the input is a message GMime reads without prescan edits (so its
 *	header block is the one GMime read) the header with the new body,
 *	read the way detection reads mail, has no link left that goes
 *	where a listed URL goes.
 *	Every link rp_html_links() reports must lie inside the input.
 * DIAGNOSTICS
 *	Aborts on a broken result, so that libFuzzer keeps the input.
 */
#include "config.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rp_features.h"
#include "rp_html.h"
#include "rp_mime.h"
#include "rp_prescan.h"
#include "rp_rewrite.h"
#include "rp_rewrite_match.h"
#include "rp_url.h"
#include "rp_util.h"

#define REWRITE_DEPTH	8		/* MIME depth, for the rewrite and the re-read */

/* The URLs taken from one input. */
typedef struct rewrite_urls {
    size_t  size;			/* of the input */
    char   *text;			/* first URL in the raw bytes */
    char   *first, *last;		/* first and last link libxml2 reads */
} rewrite_urls;

/* LLVMFuzzerInitialize - GMime and libxml2 once */
int     LLVMFuzzerInitialize(int *argc, char ***argv)
{
    rp_mime_init();
    return 0;
}

/* rewrite_text_url - rp_url_found keeping the first URL */
static void rewrite_text_url(void *ctx, const char *url, size_t len)
{
    rewrite_urls *u = ctx;

    if (u->text == NULL)
	u->text = rp_strndup(url, len);
}

/* rewrite_link - rp_html_link_found keeping the first and last link; checks its place */
static void rewrite_link(void *ctx, const rp_html_link *link)
{
    rewrite_urls *u = ctx;

    if (link->tag != RP_HTML_NOWHERE
	&& !(link->tag < link->start && link->start <= link->end
	     && link->end <= u->size))
	abort();
    if (u->first == NULL)
	u->first = rp_strdup(link->href);
    else {
	free(u->last);
	u->last = rp_strdup(link->href);
    }
}

/* header_end - length of the header block of data, up to its empty line */
static size_t header_end(const char *data, size_t size)
{
    size_t  i;

    for (i = 0; i < size; i++)
	if ((i == 0 || data[i - 1] == '\n')
	    && (data[i] == '\n' || (data[i] == '\r' && i + 1 < size && data[i + 1] == '\n')))
	    return i + (data[i] == '\r' ? 2 : 1);
    return size;
}

/* gmime_reads - does GMime build a message from the len bytes at data */
static int gmime_reads(const char *data, size_t len)
{
    GMimeStream *in = g_mime_stream_mem_new_with_buffer(data, len);
    GMimeParser *parser = g_mime_parser_new_with_stream(in);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
    int     ok = msg != NULL && g_mime_message_get_mime_part(msg) != NULL;

    if (msg != NULL)
	g_object_unref(msg);
    g_object_unref(parser);
    g_object_unref(in);
    return ok;
}

/* check_disarmed - abort when the rewritten message keeps a listed link */
static void check_disarmed(const char *data, size_t size, const char *body, size_t len,
			   const char *const *urls, size_t n)
{
    static const rp_limits wide = {REWRITE_DEPTH, 1000000, 1000000, 1 << 26};
    rp_rewrite_match *m;
    rp_features f;
    unsigned flags = 0;
    size_t  hlen = header_end(data, size), i, plen = size;
    char   *copy = rp_prescan_edit(data, &plen, REWRITE_DEPTH, &flags);
    rp_buf  msg;

    if (copy != NULL || !gmime_reads(data, size)) {
	free(copy);
	return;
    }
    rp_buf_init(&msg);
    rp_buf_append(&msg, data, hlen);
    rp_buf_append(&msg, body, len);
    rp_features_init(&f);
    m = rp_rewrite_match_new(urls, n);
    if (msg.len > 0 && rp_mime_extract(msg.data, msg.len, NULL, &wide, &f) == RP_OK)
	for (i = 0; i < f.nlinks; i++)
	    if (rp_rewrite_match_url(m, f.links[i].href, strlen(f.links[i].href)))
		abort();
    rp_rewrite_match_free(m);
    rp_features_free(&f);
    rp_buf_free(&msg);
}

/* LLVMFuzzerTestOneInput - rewrite data with URLs found in it */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rewrite_urls u = {size, NULL, NULL, NULL};
    const char *urls[3];
    char   *body = NULL;
    size_t  n = 0, len = 0;

    if (size > FUZZ_MAX_MESSAGE)
	return 0;
    rp_url_scan_text((const char *) data, size, rewrite_text_url, &u);
    if (rp_html_links((const char *) data, size, rewrite_link, &u) > size)
	abort();
    if (u.text != NULL)
	urls[n++] = u.text;
    if (u.first != NULL)
	urls[n++] = u.first;
    if (u.last != NULL)
	urls[n++] = u.last;
    if (rp_rewrite_urls((const char *) data, size, urls, n,
			"Links that imitate a known site were disabled.", REWRITE_DEPTH,
			&body, &len) == RP_OK) {
	if (body[len] != 0)
	    abort();
	check_disarmed((const char *) data, size, body, len, urls, n);
	free(body);
    }
    free(u.text);
    free(u.first);
    free(u.last);
    return 0;
}
