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
 *	references decoded).  Rewrites the input (up to 1 MiB) with them, a banner and
 *	a small MIME depth, and checks the body it returns: NUL-terminated
 *	at body_len, and without NUL bytes before it when the input had
 *	none.  Every link rp_html_links() reports must lie inside the input.
 * DIAGNOSTICS
 *	Aborts on a broken result, so that libFuzzer keeps the input.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rp_html.h"
#include "rp_mime.h"
#include "rp_rewrite.h"
#include "rp_url.h"
#include "rp_util.h"

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
			"Links that imitate a known site were disabled.", 8,
			&body, &len) == RP_OK) {
	if (body[len] != 0
	    || (memchr(data, 0, size) == NULL && strlen(body) != len))
	    abort();
	free(body);
    }
    free(u.text);
    free(u.first);
    free(u.last);
    return 0;
}
