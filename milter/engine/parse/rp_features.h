/*
 * NAME
 *	rp_features 3h
 * SUMMARY
 *	what a message shows its reader: addresses, subject, links, text
 * SYNOPSIS
 *	#include "rp_features.h"
 * DESCRIPTION
 *	rp_features is filled by the parser (rp_mime.c, rp_html.c,
 *	rp_url.c) and read by the checks.  Every string is UTF-8 and owned
 *	by the features; rp_features_free() releases them all.
 */
#ifndef RP_FEATURES_H
#define RP_FEATURES_H

#include <stddef.h>
#include "rp_util.h"

typedef enum rp_addr_role {
    RP_ADDR_FROM,
    RP_ADDR_SENDER,
    RP_ADDR_REPLY_TO,
    RP_ADDR_RETURN_PATH,
    RP_ADDR_ENVELOPE		/* the SMTP MAIL FROM */
} rp_addr_role;

typedef struct rp_address {
    rp_addr_role role;
    char   *display;		/* decoded display name, NULL if none */
    char   *address;		/* local@domain as written (decoded), NULL if none */
    char   *domain;		/* lowercased domain part, NULL if none */
} rp_address;

/* Where a link came from, and what was odd about it. */
#define RP_LINK_TEXT		(1u << 0)	/* bare URL in a text part */
#define RP_LINK_HTML		(1u << 1)	/* <a href>, <area href> */
#define RP_LINK_FORM		(1u << 2)	/* <form action> */
#define RP_LINK_BASE		(1u << 3)	/* <base href> */
#define RP_LINK_REFRESH		(1u << 4)	/* <meta http-equiv=refresh> */
#define RP_LINK_HTML_TEXT	(1u << 5)	/* a URL seen in HTML visible text */
#define RP_LINK_IMAGE		(1u << 6)	/* the anchor shows only an image */
#define RP_LINK_HIDDEN		(1u << 7)	/* in content hidden from the reader (markup, CSS) */
#define RP_LINK_UNSEEN		(1u << 8)	/* in an alternative part the client does not show */
/* Links found in an attachment: which kind of file holds them (rp_attach(3)). */
#define RP_LINK_IN_HTML_FILE	(1u << 20)	/* an HTML file attached, or sniffed as HTML */
#define RP_LINK_IN_PDF		(1u << 21)	/* a PDF: link annotation, /URI action, page text */
#define RP_LINK_IN_SVG		(1u << 22)	/* an SVG image: link, script, handler */
#define RP_LINK_IN_CALENDAR	(1u << 23)	/* a calendar invitation (text/calendar) */
#define RP_LINK_IN_QR		(1u << 24)	/* a QR code in an image */
#define RP_LINK_IN_ATTACHMENT	(RP_LINK_IN_HTML_FILE | RP_LINK_IN_PDF | RP_LINK_IN_SVG \
				 | RP_LINK_IN_CALENDAR | RP_LINK_IN_QR)

typedef struct rp_link {
    char   *href;		/* entity-decoded, resolved against <base> */
    char   *text;		/* visible anchor text, NULL for bare URLs */
    unsigned flags;
} rp_link;

/* Message-level facts found while parsing. */
#define RP_MSG_MIME_BROKEN	(1u << 0)	/* structure could not be fully parsed */
#define RP_MSG_TOO_DEEP		(1u << 1)	/* nesting limit hit; deeper parts read flattened */
#define RP_MSG_TOO_MANY_PARTS	(1u << 2)	/* part limit hit; every part still read */
#define RP_MSG_TOO_MANY_LINKS	(1u << 3)	/* link limit hit; new hosts still kept */
#define RP_MSG_TEXT_TRUNCATED	(1u << 4)	/* visible text limit hit */
#define RP_MSG_BAD_UTF8		(1u << 5)	/* invalid UTF-8 was replaced */
#define RP_MSG_HIDDEN_TEXT	(1u << 6)	/* markup or CSS hides text from the reader */
#define RP_MSG_BIDI_OVERRIDE	(1u << 7)	/* bidi overrides reorder what the reader sees */
#define RP_MSG_ALT_UNSEEN	(1u << 8)	/* a multipart/alternative has parts not shown */
#define RP_MSG_ATTACH_BYTES	(1u << 20)	/* an attachment past its size limit: scanned raw */
#define RP_MSG_ATTACH_PAGES	(1u << 21)	/* a PDF past max pages: the first pages read */
#define RP_MSG_ATTACH_PIXELS	(1u << 22)	/* an image past max pixels: not decoded */
#define RP_MSG_ATTACH_COUNT	(1u << 23)	/* attachments past the count: scanned raw */
#define RP_MSG_ATTACH_BROKEN	(1u << 24)	/* an attachment is malformed (attach_broken says which) */
#define RP_MSG_ATTACH_LIMITS	(RP_MSG_ATTACH_BYTES | RP_MSG_ATTACH_PAGES | RP_MSG_ATTACH_PIXELS \
				 | RP_MSG_ATTACH_COUNT)

/* Limits the parser honours (from the config). */
typedef struct rp_limits {
    unsigned max_depth;		/* MIME nesting */
    unsigned max_parts;		/* MIME parts in all */
    unsigned max_links;		/* links kept */
    size_t  max_text;		/* bytes of visible text kept */
} rp_limits;

/*
 * Past max_links, links to hosts not yet kept (and links whose text shows
 * a domain) are still kept, up to this hard bound on all links.
 */
#define RP_LINKS_HARD_MAX(max_links)	((size_t) (max_links) * 8)

/* A list or extension header of the message (List-*, X-*), for the checks. */
typedef struct rp_header_field {
    char   *name;		/* as written */
    char   *value;		/* unfolded, cut at RP_HEADER_FIELD_MAX bytes */
} rp_header_field;

#define RP_HEADER_FIELDS_MAX	1024	/* such headers kept, top first: relays add
					 * dozens above a platform's own */
#define RP_HEADER_FIELD_MAX	256	/* bytes of a value kept */

struct rp_link_index;			/* private to rp_features.c */

typedef struct rp_features {
    rp_address *addrs;
    size_t  naddrs, addrs_cap;
    char   *subject;		/* decoded; NULL if none */
    rp_link *links;
    size_t  nlinks, links_cap;
    unsigned link_context;	/* RP_LINK_* added to every link (the parser's context) */
    struct rp_link_index *link_index;	/* hosts and links kept, for the limit */
    rp_buf  text;		/* visible text of the parts shown, UTF-8, parts separated by \n */
    rp_buf  hidden;		/* text that markup or CSS hides in the parts shown */
    rp_buf  unseen;		/* text of the alternatives a client does not show */
    rp_buf  files_at;		/* size_t pairs: the spans of text that attached files added */
    char  **auth_results;	/* raw Authentication-Results values, top first */
    size_t  nauth, auth_cap;
    unsigned *auth_hop;		/* Received headers above each auth_results[i] */
    unsigned nreceived;		/* Received headers met so far (all, once parsed) */
    rp_header_field *fields;	/* List-* and X-* headers of the message */
    size_t  nfields, fields_cap;
    unsigned flags;		/* RP_MSG_* */
    unsigned attach_broken;	/* RP_LINK_IN_* of the malformed attachments */
} rp_features;

void    rp_features_init(rp_features *f);
void    rp_features_free(rp_features *f);
/* rp_features_set_subject, _add_address: names and subjects as the reader
 * sees them (bidi overrides resolved: RP_MSG_BIDI_OVERRIDE) */
void    rp_features_set_subject(rp_features *f, const char *subject);
void    rp_features_add_address(rp_features *f, rp_addr_role role,
				const char *display, const char *address);
/*
 * rp_features_add_link - returns 0, or -1 when the link limit is hit
 * (the hard bound: no later link will be kept).  Exact duplicates are
 * kept once; past max_links only new hosts and domain-showing texts.
 */
int     rp_features_add_link(rp_features *f, const rp_limits *lim,
			     const char *href, const char *text, unsigned flags);
/* rp_features_add_auth - one value, below the nreceived Received headers so far */
void    rp_features_add_auth(rp_features *f, const char *value);
/* rp_features_add_field - one List-* or X-* header (others, and past the cap, ignored) */
void    rp_features_add_field(rp_features *f, const char *name, const char *value);

#endif
