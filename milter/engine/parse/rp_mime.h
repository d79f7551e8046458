/*
 * NAME
 *	rp_mime 3h
 * SUMMARY
 *	turn a raw message into features, with GMime 3
 * SYNOPSIS
 *	#include "rp_mime.h"
 * DESCRIPTION
 *	rp_mime_extract() parses the whole MIME tree and fills f with the
 *	addresses (From, Sender, Reply-To, Return-Path, and the envelope
 *	sender from env), the decoded Subject, Authentication-Results
 *	values, links (text parts through rp_url_scan_text, HTML parts and
 *	HTML attachments through rp_html_extract) and the visible text; the
 *	text of alternatives a client does not show goes to f->unseen.
 *	Malformed input is never an error and no limit stops the reading:
 *	what can be read is read and RP_MSG_* flags say what was odd.  Call rp_mime_init() once first:
 *	rp_charset, rp_rfc2047 and rp_prescan rely on it too.
 */
#ifndef RP_MIME_H
#define RP_MIME_H

#include <stddef.h>
#include <gmime/gmime.h>
#include "regphish.h"
#include "rp_attach.h"
#include "rp_features.h"

void    rp_mime_init(void);	/* thread-safe, idempotent */

/* How detection reads a part, so that the rewriter reaches what it read. */
typedef enum rp_mime_kind {
    RP_MIME_SKIP,		/* not read */
    RP_MIME_TEXT,		/* scanned for URLs as text */
    RP_MIME_HTML		/* parsed as HTML */
} rp_mime_kind;

/*
 * rp_mime_leaf_read - how detection reads a leaf part; unless
 * RP_MIME_SKIP, its transfer-decoded bytes are appended to bytes and
 * *charset is the charset they are read in (caller frees; NULL: none).
 */
rp_mime_kind rp_mime_leaf_read(GMimePart *part, rp_buf *bytes, char **charset);

/*
 * rp_mime_lost_read - the same for a multipart whose boundary never
 * came (no parts): its prologue, read whole; *body and *charset are
 * GMime's.
 */
rp_mime_kind rp_mime_lost_read(GMimeMultipart *mp, const char **body, const char **charset);

/*
 * rp_mime_text - decoded bytes in charset to the text detection scans,
 * appended to utf8: well-formed UTF-8, no NUL, LF line ends.  Returns 1
 * when bytes were replaced by U+FFFD.
 */
int     rp_mime_text(const char *charset, const char *data, size_t len, rp_buf *utf8);

/* rp_mime_decode - append the transfer-decoded content of part to bytes */
void    rp_mime_decode(GMimePart *part, rp_buf *bytes);

rp_status rp_mime_extract(const char *message, size_t length,
			  const rp_envelope *env, const rp_limits *limits,
			  rp_features *f);

/*
 * rp_mime_extract_files - the same, and attached files (PDF, SVG,
 * calendars, images, HTML files) read by rp_attach(3) within files
 * (NULL: as rp_mime_extract(), which reads none of them)
 */
rp_status rp_mime_extract_files(const char *message, size_t length,
				const rp_envelope *env, const rp_limits *limits,
				const rp_attach_limits *files, rp_features *f);

#endif
