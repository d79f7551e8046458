/*
 * NAME
 *	rp_settings 3h
 * SUMMARY
 *	the engine's settings: one typed field per key of regphish.conf
 * SYNOPSIS
 *	#include "rp_settings.h"
 * DESCRIPTION
 *	rp_settings_table declares every key the engine reads, with its
 *	type, default, range and help; rp_config.c reads the file, checks
 *	each value against the table and fills one rp_settings, once per
 *	load.  The engine reads the fields, never a key.  Strings belong to
 *	the rp_config that filled the struct.
 */
#ifndef RP_SETTINGS_H
#define RP_SETTINGS_H

#include "regphish.h"

typedef struct rp_settings {
    const char *rules_dir;		/* shipped brands and rules */
    const char *local_rules_dir;	/* local additions; "" none */
    double  tag_threshold;		/* verdict: tag from this score */
    double  quarantine_threshold;	/* ... quarantine from this one */
    double  reject_threshold;		/* ... reject from this one */
    double  lure_max;			/* most lure wording adds */
    const char *trusted_authserv_ids;	/* space or comma separated */
    unsigned long trusted_authserv_hops;	/* Received headers above our own A-R */
    int     dkim_verify;		/* verify DKIM signatures here */
    const char *dkim_keys;		/* key file; "" DNS */
    unsigned long dkim_timeout;		/* seconds per DNS key */
    unsigned long max_mime_depth;	/* parser limits */
    unsigned long max_mime_parts;
    unsigned long max_links;
    unsigned long max_text_bytes;
    unsigned long max_attachments;	/* attached files (rp_attach) */
    unsigned long max_pdf_bytes;
    unsigned long max_pdf_pages;
    unsigned long max_markup_bytes;
    unsigned long max_image_bytes;
    unsigned long max_image_pixels;
    int     quarantine;			/* the action switches */
    int     reject;
    unsigned long newly_seen_days;	/* history: NEWLY_SEEN within this many days */
} rp_settings;

/* rp_settings_table - the engine's keys, bound into an rp_settings */
extern const rp_setting_def rp_settings_table[];
extern const size_t rp_settings_count;

/*
 * rp_settings_order - 0 when tag <= quarantine <= reject threshold;
 * otherwise -1 with the keys of the first pair out of order.
 */
int     rp_settings_order(const rp_settings *settings, const char **lower,
			  const char **higher);

#endif
