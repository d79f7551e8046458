/*
 * NAME
 *	mlt_msg 3
 * SUMMARY
 *	one message as the milter sees it: raw copy, envelope, strip list
 * SYNOPSIS
 *	#include "mlt_msg.h"
 *
 *	void	mlt_msg_init(mlt_msg *msg)
 *	void	mlt_msg_begin(mlt_msg *msg, const char *sender, size_t limit,
 *			      int analyse)
 *	void	mlt_msg_header(mlt_msg *msg, const char *name, const char *value)
 *	void	mlt_msg_eoh(mlt_msg *msg)
 *	int	mlt_msg_body(mlt_msg *msg, const unsigned char *data, size_t len)
 *	void	mlt_msg_reset(mlt_msg *msg)
 * DESCRIPTION
 *	The MTA hands a message over in pieces: each header as name and
 *	value, then body chunks.  mlt_msg rebuilds the raw message (CRLF
 *	line ends, header folding kept) for rp_scan(), as long as it stays
 *	within limit bytes; past that, the copy is dropped, oversize is set
 *	and only the size keeps counting.
 *
 *	The rebuilt header is byte for byte what arrived when the MTA
 *	agreed to SMFIP_HDR_LEADSPC (leadspc set: each value comes with the
 *	white space after the colon; Postfix and Sendmail 8.14+ do), so
 *	DKIM signatures with simple header canonicalization verify too.
 *	Without it one space is written back after the colon, and only
 *	relaxed canonicalization is sure to verify.  Folding survives
 *	either way (the MTA passes the value's line breaks).
 *
 *	Every incoming X-Regphish-* header (any case) is recorded with its
 *	index among the headers of the same name (the index smfi_chgheader()
 *	wants): a sender can forge them, so all are deleted before the
 *	verdict's own are added.  Occurrences are counted in a hash table,
 *	so thousands of forged names cost linear time; the table and the
 *	list are made at the first such header, so ordinary mail pays
 *	for neither.
 *
 *	mlt_msg_begin() starts a transaction (MAIL FROM).  With analyse
 *	zero (mail from a trusted network or an authenticated sender) no
 *	copy is kept and the body is not wanted: only the X-Regphish-*
 *	headers are recorded, so that they are deleted from that mail too.
 *	mlt_msg_reset() ends it (end of message, abort, RSET, close),
 *	frees everything and may be called any number of times.
 *
 *	The raw copy grows in one buffer, handed to rp_scan() as it is.
 *	When a message ends, its buffer (unless larger than SPARE_MAX) is
 *	kept as the calling thread's spare and the next message begun in
 *	that thread starts in it, so that steady traffic allocates no raw
 *	buffer and does not grow one step by step.  A thread holds at most
 *	one spare, freed when the thread ends.
 *
 *	The envelope sender and From header kept for the log line (sender,
 *	from) are raw, cut at FIELD_MAX bytes with "..." after: mlt_log
 *	escapes every line it writes.
 * DIAGNOSTICS
 *	None.  Memory exhaustion aborts (GLib).
 */
#include "config.h"

#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlt_msg.h"

#define STRIP_PREFIX	"X-Regphish-"
#define FIELD_MAX	512		/* bytes of sender and From kept for the log */
#define RAW_START	16384		/* first size of a raw buffer */
#define SPARE_MAX	(256 * 1024)	/* a larger buffer is not kept as a spare */

static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
static pthread_key_t spare_key;
static int spare_ok;			/* the key could be made */

/* spare_free - a thread ends: free its spare buffer */
static void spare_free(void *raw)
{
    g_string_free(raw, TRUE);
}

/* spare_init - the key of the per-thread spare, once */
static void spare_init(void)
{
    spare_ok = pthread_key_create(&spare_key, spare_free) == 0;
}

/* raw_take - this thread's spare buffer, emptied, or a new one */
static GString *raw_take(void)
{
    GString *raw;

    pthread_once(&spare_once, spare_init);
    if (spare_ok && (raw = pthread_getspecific(spare_key)) != NULL) {
	(void) pthread_setspecific(spare_key, NULL);
	return g_string_truncate(raw, 0);
    }
    return g_string_sized_new(RAW_START);
}

/* raw_give - keep raw as this thread's spare, unless it is large or one is kept */
static void raw_give(GString *raw)
{
    if (spare_ok && raw->allocated_len <= SPARE_MAX
	&& pthread_getspecific(spare_key) == NULL
	&& pthread_setspecific(spare_key, raw) == 0)
	return;
    g_string_free(raw, TRUE);
}

/* mlt_msg_init - an empty, inactive message */
void    mlt_msg_init(mlt_msg *msg)
{
    memset(msg, 0, sizeof(*msg));
}

/* field_copy - s, cut at FIELD_MAX bytes, "..." when cut */
static char *field_copy(const char *s)
{
    return strlen(s) > FIELD_MAX ? g_strdup_printf("%.*s...", FIELD_MAX, s) : g_strdup(s);
}

/* mlt_msg_begin - start a new transaction */
void    mlt_msg_begin(mlt_msg *msg, const char *sender, size_t limit, int analyse)
{
    mlt_msg_reset(msg);
    msg->active = 1;
    msg->skip = !analyse;
    msg->limit = limit;
    msg->raw = analyse ? raw_take() : NULL;
    msg->envfrom = g_strdup(sender ? sender : "");
    msg->sender = field_copy(msg->envfrom);
}

/* msg_append - add bytes to the raw copy, or only count them past the limit */
static void msg_append(mlt_msg *msg, const char *data, size_t len)
{
    msg->size += len;
    if (msg->oversize || msg->skip)
	return;
    if (msg->size > msg->limit) {
	msg->oversize = 1;
	raw_give(msg->raw);
	msg->raw = NULL;
	return;
    }
    g_string_append_len(msg->raw, data, (gssize) len);
}

/* msg_append_lines - append text, turning bare LF into CRLF */
static void msg_append_lines(mlt_msg *msg, const char *s)
{
    const char *nl;

    while ((nl = strchr(s, '\n')) != NULL) {
	msg_append(msg, s, nl - s);
	if (nl > s && nl[-1] == '\r')
	    msg_append(msg, "\n", 1);
	else
	    msg_append(msg, "\r\n", 2);
	s = nl + 1;
    }
    msg_append(msg, s, strlen(s));
}

/* msg_note_strip - remember an X-Regphish-* header and its index */
static void msg_note_strip(mlt_msg *msg, const char *name)
{
    char   *key = g_ascii_strdown(name, -1);
    unsigned count;
    mlt_strip strip;

    if (msg->counts == NULL) {
	msg->counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	msg->strip = g_array_new(FALSE, FALSE, sizeof(mlt_strip));
    }
    count = GPOINTER_TO_UINT(g_hash_table_lookup(msg->counts, key)) + 1;
    g_hash_table_replace(msg->counts, key, GUINT_TO_POINTER(count));
    strip.name = g_strdup(name);
    strip.index = count;
    g_array_append_val(msg->strip, strip);
}

/* mlt_msg_header - one header field */
void    mlt_msg_header(mlt_msg *msg, const char *name, const char *value)
{
    if (g_ascii_strncasecmp(name, STRIP_PREFIX, sizeof(STRIP_PREFIX) - 1) == 0)
	msg_note_strip(msg, name);
    if (g_ascii_strcasecmp(name, "Subject") == 0 && msg->subject == NULL)
	msg->subject = g_strdup(value);
    if (g_ascii_strcasecmp(name, "From") == 0 && msg->from == NULL)
	msg->from = field_copy(value + strspn(value, " \t"));
    msg_append(msg, name, strlen(name));
    msg_append(msg, msg->leadspc ? ":" : ": ", msg->leadspc ? 1 : 2);
    msg_append_lines(msg, value);
    msg_append(msg, "\r\n", 2);
}

/* mlt_msg_eoh - the blank line between header and body */
void    mlt_msg_eoh(mlt_msg *msg)
{
    msg_append(msg, "\r\n", 2);
}

/* mlt_msg_body - one body chunk; -1 when no more is wanted */
int     mlt_msg_body(mlt_msg *msg, const unsigned char *data, size_t len)
{
    msg_append(msg, (const char *) data, len);
    return msg->oversize || msg->skip ? -1 : 0;
}

/* mlt_msg_reset - end the transaction, keep nothing */
void    mlt_msg_reset(mlt_msg *msg)
{
    size_t  i;

    for (i = 0; msg->strip != NULL && i < msg->strip->len; i++)
	g_free(g_array_index(msg->strip, mlt_strip, i).name);
    if (msg->strip != NULL)
	g_array_free(msg->strip, TRUE);
    if (msg->counts != NULL)
	g_hash_table_destroy(msg->counts);
    g_free(msg->envfrom);
    g_free(msg->sender);
    g_free(msg->from);
    g_free(msg->subject);
    if (msg->raw != NULL)
	raw_give(msg->raw);
    mlt_msg_init(msg);
}
