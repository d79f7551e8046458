/*
 * NAME
 *	rp_html_sink 3
 * SUMMARY
 *	one destination of text read from HTML, whitespace collapsed
 * SYNOPSIS
 *	#include "rp_html_sink.h"
 *
 *	void	rp_html_sink_init(rp_html_sink *s, rp_buf *buf, size_t cap)
 *
 *	void	rp_html_sink_text(rp_html_sink *s, const char *p, size_t len)
 *
 *	void	rp_html_sink_newline(rp_html_sink *s)
 *
 *	char	*rp_html_collapse(const char *s, size_t cap)
 * DESCRIPTION
 *	A sink appends text to its buffer the way a browser lays it out:
 *	runs of HTML whitespace become one space, and none is written at
 *	the start of a line or before the next word has come, so that
 *	text split across elements ("Py<b>PI</b>") joins as it shows.
 *	Once the buffer holds cap bytes the sink is full: it ends on a
 *	whole UTF-8 character and takes nothing more.
 *
 *	rp_html_collapse() returns s so collapsed, in a new string the
 *	caller frees.
 * DIAGNOSTICS
 *	None.
 */
#include "config.h"

#include <string.h>

#include "rp_html_sink.h"
#include "rp_utf8.h"

/* rp_html_sink_blank - HTML whitespace */
static int rp_html_sink_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

/* rp_html_sink_init - a destination for text */
void    rp_html_sink_init(rp_html_sink *s, rp_buf *buf, size_t cap)
{
    s->buf = buf;
    s->cap = cap;
    s->space = 0;
    s->full = buf->len >= cap;
}

/* rp_html_sink_stop - the cap is reached: end on a whole character */
static void rp_html_sink_stop(rp_html_sink *s)
{
    if (!s->full) {
	s->buf->len = rp_utf8_cut(s->buf->data, s->buf->len, s->buf->len);
	s->buf->data[s->buf->len] = 0;
    }
    s->full = 1;
}

/* rp_html_sink_putc - one byte, within the cap */
static void rp_html_sink_putc(rp_html_sink *s, int ch)
{
    if (s->full || s->buf->len >= s->cap)
	rp_html_sink_stop(s);
    else
	rp_buf_putc(s->buf, ch);
}

/* rp_html_sink_text - add text, runs of whitespace become one space */
void    rp_html_sink_text(rp_html_sink *s, const char *p, size_t len)
{
    size_t  i, start;
    char    last;

    for (i = 0; i < len && !s->full; i++) {
	if (rp_html_sink_blank(p[i])) {
	    s->space = 1;
	    continue;
	}
	last = s->buf->len ? s->buf->data[s->buf->len - 1] : '\n';
	if (s->space && last != '\n')
	    rp_html_sink_putc(s, ' ');
	s->space = 0;
	/* Copy the run of ordinary bytes at once. */
	for (start = i; i < len && !rp_html_sink_blank(p[i]); i++)
	     /* void */ ;
	if (s->buf->len + (i - start) <= s->cap) {
	    rp_buf_append(s->buf, p + start, i - start);
	} else {
	    rp_buf_append(s->buf, p + start, s->cap - s->buf->len);
	    rp_html_sink_stop(s);
	}
	i--;
    }
}

/* rp_html_sink_newline - end the current line, once */
void    rp_html_sink_newline(rp_html_sink *s)
{
    s->space = 0;
    if (s->buf->len && s->buf->data[s->buf->len - 1] != '\n')
	rp_html_sink_putc(s, '\n');
}

/* rp_html_collapse - trimmed, whitespace-collapsed copy, capped */
char   *rp_html_collapse(const char *s, size_t cap)
{
    rp_buf  b;
    rp_html_sink sink;

    rp_buf_init(&b);
    rp_html_sink_init(&sink, &b, cap);
    rp_html_sink_text(&sink, s, strlen(s));
    return b.data;
}
