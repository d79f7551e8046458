/*
 * NAME
 *	rp_html_sink 3h
 * SUMMARY
 *	one destination of text read from HTML, whitespace collapsed
 * SYNOPSIS
 *	#include "rp_html_sink.h"
 * DESCRIPTION
 *	rp_html.c writes what it reads to several places at once (the
 *	visible text, the hidden text, an anchor's text); each is an
 *	rp_html_sink over an rp_buf, with a cap in bytes.
 */
#ifndef RP_HTML_SINK_H
#define RP_HTML_SINK_H

#include <stddef.h>

#include "rp_util.h"

typedef struct rp_html_sink {
    rp_buf *buf;
    size_t  cap;			/* bytes kept at most */
    int     space;			/* whitespace seen, not yet written */
    int     full;			/* cap reached */
} rp_html_sink;

/* rp_html_sink_init - text into buf (which may hold some), up to cap bytes */
void    rp_html_sink_init(rp_html_sink *s, rp_buf *buf, size_t cap);

/* rp_html_sink_text - add text; a run of whitespace becomes one space between words */
void    rp_html_sink_text(rp_html_sink *s, const char *p, size_t len);

/* rp_html_sink_newline - end the current line, once */
void    rp_html_sink_newline(rp_html_sink *s);

/* rp_html_collapse - s trimmed and collapsed into a new string of at most cap bytes */
char   *rp_html_collapse(const char *s, size_t cap);

#endif
