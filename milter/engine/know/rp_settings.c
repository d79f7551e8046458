/*
 * NAME
 *	rp_settings 3
 * SUMMARY
 *	the engine's settings table and the threshold order
 * SYNOPSIS
 *	#include "rp_settings.h"
 *
 *	const rp_setting_def rp_settings_table[]
 *	const size_t rp_settings_count
 *	int	rp_settings_order(const rp_settings *settings,
 *				  const char **lower, const char **higher)
 * DESCRIPTION
 *	rp_settings_table is the one declaration of the engine's keys of
 *	regphish.conf: name, type, default, the range a number must lie in,
 *	the field of rp_settings it fills, and the help line that
 *	`regphish config` prints.  conf/regphish.conf documents the same
 *	keys with the same defaults (tests/t-cli.sh compares them).  The
 *	ranges keep out what no site means: a score no message can reach,
 *	a limit of 0 (which would switch analysis off) or one so large it
 *	is no limit.
 *
 *	rp_settings_order() checks what no single value can: that the
 *	thresholds rise.  rp_config.c calls it after the file and after
 *	any override.
 * DIAGNOSTICS
 *	None.
 */
#include "config.h"

#include <stddef.h>

#include "rp_settings.h"

#ifndef RP_RULES_DIR
#define RP_RULES_DIR "/usr/share/regphish/rules"
#endif
#ifndef RP_LOCAL_RULES_DIR
#define RP_LOCAL_RULES_DIR "/etc/regphish/rules.d"
#endif

#define SCORE_MAX	1000.0		/* far above any sum of weights */
#define COUNT_MAX	1000000.0	/* parts, links */
#define BYTES_MAX	1073741824.0	/* 1 GiB of text */

#define AT(field)	offsetof(rp_settings, field)

const rp_setting_def rp_settings_table[] = {
    {"rules_dir", RP_SETTING_STR, RP_RULES_DIR, 0, 0, NULL, AT(rules_dir),
     "directory with the shipped brands and rules"},
    {"local_rules_dir", RP_SETTING_STR, RP_LOCAL_RULES_DIR, 0, 0, NULL, AT(local_rules_dir),
     "directory with local additions (same file names; may be absent)"},
    {"tag_threshold", RP_SETTING_NUM, "5", 0, SCORE_MAX, NULL, AT(tag_threshold),
     "score from which a message is tagged"},
    {"quarantine_threshold", RP_SETTING_NUM, "8", 0, SCORE_MAX, NULL, AT(quarantine_threshold),
     "score from which a message is quarantined"},
    {"reject_threshold", RP_SETTING_NUM, "15", 0, SCORE_MAX, NULL, AT(reject_threshold),
     "score from which a message is rejected"},
    {"lure_max", RP_SETTING_NUM, "3", 0, SCORE_MAX, NULL, AT(lure_max),
     "most that lure wording alone can add to a score"},
    {"trusted_authserv_ids", RP_SETTING_STR, "", 0, 0, NULL, AT(trusted_authserv_ids),
     "authserv-ids whose Authentication-Results are trusted (space or comma separated)"},
    {"trusted_authserv_hops", RP_SETTING_UINT, "0", 0, 100, NULL, AT(trusted_authserv_hops),
     "most Received headers above the Authentication-Results this site adds (0: a milter's view)"},
    {"dkim_verify", RP_SETTING_BOOL, "no", 0, 0, NULL, AT(dkim_verify),
     "verify DKIM signatures here too (a pass counts like a trusted dkim=pass)"},
    {"dkim_keys", RP_SETTING_STR, "", 0, 0, NULL, AT(dkim_keys),
     "DKIM keys from this file (SELECTOR._domainkey.DOMAIN, a space, the TXT text per line); empty: DNS"},
    {"dkim_timeout", RP_SETTING_UINT, "5", 1, 3600, NULL, AT(dkim_timeout),
     "seconds to wait for one DKIM key from DNS"},
    {"max_mime_depth", RP_SETTING_UINT, "32", 1, 1000, NULL, AT(max_mime_depth),
     "MIME nesting kept as is; deeper multiparts are read flattened at this depth"},
    {"max_mime_parts", RP_SETTING_UINT, "1000", 1, COUNT_MAX, NULL, AT(max_mime_parts),
     "MIME parts before the limit is reported; every text-bearing part is still read"},
    {"max_links", RP_SETTING_UINT, "2000", 1, COUNT_MAX, NULL, AT(max_links),
     "links kept per message; past it only links to new hosts or showing a domain"},
    {"max_text_bytes", RP_SETTING_UINT, "1048576", 1, BYTES_MAX, NULL, AT(max_text_bytes),
     "bytes of shown (and of hidden, and of unseen) text kept per message"},
    {"max_attachments", RP_SETTING_UINT, "50", 1, COUNT_MAX, NULL, AT(max_attachments),
     "files (PDF, SVG, calendar, image, HTML) read per message; past it searched raw"},
    {"max_pdf_bytes", RP_SETTING_UINT, "10485760", 1, BYTES_MAX, NULL, AT(max_pdf_bytes),
     "bytes of one PDF opened with poppler; a larger one is searched raw for /URI"},
    {"max_pdf_pages", RP_SETTING_UINT, "20", 1, 100000, NULL, AT(max_pdf_pages),
     "pages of one PDF read; the rest searched raw for /URI"},
    {"max_markup_bytes", RP_SETTING_UINT, "5242880", 1, BYTES_MAX, NULL, AT(max_markup_bytes),
     "bytes of one SVG or calendar parsed; a larger one is searched raw for URLs"},
    {"max_image_bytes", RP_SETTING_UINT, "5242880", 1, BYTES_MAX, NULL, AT(max_image_bytes),
     "bytes of one PNG, JPEG or GIF decoded for QR codes"},
    {"max_image_pixels", RP_SETTING_UINT, "16777216", 1, 1073741824, NULL, AT(max_image_pixels),
     "pixels of one image decoded for QR codes (checked before decoding)"},
    {"quarantine", RP_SETTING_BOOL, "yes", 0, 0, NULL, AT(quarantine),
     "put mail at or above quarantine_threshold on hold"},
    {"reject", RP_SETTING_BOOL, "no", 0, 0, NULL, AT(reject),
     "reject mail at or above reject_threshold with 550 5.7.1"},
    {"newly_seen_days", RP_SETTING_UINT, "7", 1, 3650, NULL, AT(newly_seen_days),
     "history: a domain first seen here within this many days is NEWLY_SEEN"},
};

const size_t rp_settings_count = sizeof(rp_settings_table) / sizeof(rp_settings_table[0]);

/* rp_settings_order - the thresholds rise */
int     rp_settings_order(const rp_settings *settings, const char **lower,
			  const char **higher)
{
    if (settings->tag_threshold > settings->quarantine_threshold) {
	*lower = "tag_threshold";
	*higher = "quarantine_threshold";
	return -1;
    }
    if (settings->quarantine_threshold > settings->reject_threshold) {
	*lower = "quarantine_threshold";
	*higher = "reject_threshold";
	return -1;
    }
    return 0;
}
