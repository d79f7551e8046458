/*
 * NAME
 *	mlt_msg 3h
 * SUMMARY
 *	one message as the milter sees it: raw copy, envelope, strip list
 * SYNOPSIS
 *	#include "mlt_msg.h"
 * DESCRIPTION
 *	The callbacks feed headers and body chunks in; the actions read the
 *	result at end of message.  No libmilter calls happen here.
 */
#ifndef MLT_MSG_H
#define MLT_MSG_H

#include <stddef.h>
#include <glib.h>

/* An incoming X-Regphish-* header to delete: name and 1-based index. */
typedef struct mlt_strip {
    char   *name;
    unsigned index;
} mlt_strip;

typedef struct mlt_msg {
    GString *raw;			/* headers, blank line, body (CRLF); NULL when
					 * oversize or skip */
    size_t  limit;			/* max_message_size */
    size_t  size;			/* bytes seen, also past the limit */
    int     oversize;			/* size went past limit: raw dropped */
    int     active;			/* a transaction is open */
    int     skip;			/* not analysed: only strip is kept */
    char   *envfrom;			/* envelope sender as given */
    char   *sender;			/* envelope sender, cut for the log */
    char   *from;			/* From: header value, cut for the log */
    char   *subject;			/* first Subject: value, raw */
    int     leadspc;			/* values keep the space after the colon */
    GArray *strip;			/* mlt_strip: X-Regphish-* headers seen; NULL: none */
    void   *counts;			/* header name -> occurrences; NULL: none */
} mlt_msg;

void    mlt_msg_init(mlt_msg *msg);
void    mlt_msg_begin(mlt_msg *msg, const char *sender, size_t limit, int analyse);
void    mlt_msg_header(mlt_msg *msg, const char *name, const char *value);
void    mlt_msg_eoh(mlt_msg *msg);

/* mlt_msg_body - 0, or -1 once no more body is wanted (too large, skipped) */
int     mlt_msg_body(mlt_msg *msg, const unsigned char *data, size_t len);
void    mlt_msg_reset(mlt_msg *msg);

#endif
