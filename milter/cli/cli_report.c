/*
 * NAME
 *	cli_report 3
 * SUMMARY
 *	text and JSON output of the regphish command
 * SYNOPSIS
 *	#include "cli_report.h"
 *
 *	void	cli_report_verdict(FILE *fp, int json, const char *label,
 *				   const rp_verdict *verdict)
 *	void	cli_report_error(FILE *fp, int json, const char *label,
 *				 const char *error)
 *	void	cli_report_domain(FILE *fp, int json,
 *				  const rp_domain_report *report)
 *	void	cli_report_history(FILE *fp, int json,
 *				   const cli_history_entry *entry)
 *	void	cli_report_complain(const char *fmt, ...)
 * DESCRIPTION
 *	Reasons, file names and domain names quote what a sender or a file
 *	system chose, and a report is read on a terminal.  Every string
 *	goes out through mlt_escape() (shared with the daemon's log): in
 *	text, control characters (ESC, BEL, backspace, CR, C1 controls...),
 *	bidi controls and other hidden characters show as \x1b or \u202e,
 *	a backslash as \\; in JSON they are escaped \u001b, \u202e (valid
 *	JSON that decodes to the text as it was), and bytes that are not
 *	valid UTF-8 become U+FFFD.  JSON objects are written one per line.
 *	cli_report_complain() writes one diagnostic line to standard error,
 *	"regphish: " and the formatted text, escaped likewise.
 *
 *	Verdict object: {"file", "score", "action", "symbols": [{"name",
 *	"score", "reason"}], "urls": [...]}.  Domain object: {"domain",
 *	"ascii", "unicode", "registrable", "brand", "brand_domain",
 *	"technique", "own", "reason"}, brand, brand_domain and technique
 *	null when there is none.  History object: {"domain" (as given),
 *	"registrable" (as stored), "sender", "link"}, each role null when
 *	never seen, {"error": "unreadable"} when the store could not say,
 *	else {"first_seen", "last_seen" (ISO 8601, UTC), "messages",
 *	"flagged"} and, for the sender, "brand" (or null).
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "cli_report.h"
#include "daemon/mlt_escape.h"

/* put_escaped - write s in the given escaping mode */
static void put_escaped(FILE *fp, const char *s, mlt_escape_mode mode)
{
    char   *safe = mlt_escape(s, SIZE_MAX, mode);

    fputs(safe, fp);
    g_free(safe);
}

/* text - write s for a terminal */
static void text(FILE *fp, const char *s)
{
    put_escaped(fp, s, MLT_ESCAPE_TERMINAL);
}

/* cli_report_json_string - write s as a JSON string (escaped), or null */
void    cli_report_json_string(FILE *fp, const char *s)
{
    if (s == NULL) {
	fputs("null", fp);
	return;
    }
    putc('"', fp);
    put_escaped(fp, s, MLT_ESCAPE_JSON);
    putc('"', fp);
}

/* cli_report_complain - one diagnostic line on standard error, escaped */
void    cli_report_complain(const char *fmt, ...)
{
    va_list ap;
    char   *line;

    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fputs("regphish: ", stderr);
    text(stderr, line);
    putc('\n', stderr);
    g_free(line);
}

/* cli_report_verdict - one message's verdict */
void    cli_report_verdict(FILE *fp, int json, const char *label, const rp_verdict *verdict)
{
    size_t  i, n = rp_verdict_count(verdict);
    const char *name, *reason;
    double  score;

    if (json) {
	fputs("{\"file\":", fp);
	cli_report_json_string(fp, label);
	fprintf(fp, ",\"score\":%.2f,\"action\":", rp_verdict_score(verdict));
	cli_report_json_string(fp, rp_action_name(rp_verdict_action(verdict)));
	fputs(",\"symbols\":[", fp);
	for (i = 0; i < n; i++) {
	    name = rp_verdict_symbol(verdict, i, &score, &reason);
	    fputs(i ? ",{\"name\":" : "{\"name\":", fp);
	    cli_report_json_string(fp, name);
	    fprintf(fp, ",\"score\":%.2f,\"reason\":", score);
	    cli_report_json_string(fp, reason);
	    putc('}', fp);
	}
	fputs("],\"urls\":[", fp);
	for (i = 0; i < rp_verdict_url_count(verdict); i++) {
	    if (i)
		putc(',', fp);
	    cli_report_json_string(fp, rp_verdict_url(verdict, i));
	}
	fputs("]}\n", fp);
	return;
    }
    text(fp, label);
    fprintf(fp, ": %s (score %.2f)\n",
	    rp_action_name(rp_verdict_action(verdict)), rp_verdict_score(verdict));
    for (i = 0; i < n; i++) {
	name = rp_verdict_symbol(verdict, i, &score, &reason);
	fprintf(fp, "  %-26s %6.2f  ", name, score);
	text(fp, reason ? reason : "");
	putc('\n', fp);
    }
}

/* cli_report_error - a message that got no verdict */
void    cli_report_error(FILE *fp, int json, const char *label, const char *error)
{
    if (json) {
	fputs("{\"file\":", fp);
	cli_report_json_string(fp, label);
	fputs(",\"error\":", fp);
	cli_report_json_string(fp, error);
	fputs("}\n", fp);
    } else {
	text(fp, label);
	fputs(": error: ", fp);
	text(fp, error);
	putc('\n', fp);
    }
}

/* cli_report_domain - what one domain imitates */
void    cli_report_domain(FILE *fp, int json, const rp_domain_report *r)
{
    if (json) {
	fputs("{\"domain\":", fp);
	cli_report_json_string(fp, r->input);
	fputs(",\"ascii\":", fp);
	cli_report_json_string(fp, r->ascii[0] ? r->ascii : NULL);
	fputs(",\"unicode\":", fp);
	cli_report_json_string(fp, r->unicode[0] ? r->unicode : NULL);
	fputs(",\"registrable\":", fp);
	cli_report_json_string(fp, r->registrable[0] ? r->registrable : NULL);
	fputs(",\"brand\":", fp);
	cli_report_json_string(fp, r->brand);
	fputs(",\"brand_domain\":", fp);
	cli_report_json_string(fp, r->brand_domain);
	fputs(",\"technique\":", fp);
	cli_report_json_string(fp, r->technique);
	fprintf(fp, ",\"own\":%s,\"reason\":", r->own ? "true" : "false");
	cli_report_json_string(fp, r->reason);
	fputs("}\n", fp);
	return;
    }
    text(fp, r->input);
    if (r->brand) {
	fputs(": imitates ", fp);
	text(fp, r->brand);
	fputs(" (", fp);
	text(fp, r->brand_domain ? r->brand_domain : "");
	fputs(") by ", fp);
	text(fp, r->technique ? r->technique : "?");
    } else
	fputs(r->own ? ": genuine" : ": imitates no brand", fp);
    if (r->brand || r->reason[0]) {
	fputs(": ", fp);
	text(fp, r->reason);
    }
    putc('\n', fp);
}

/* iso_time - Unix time t as "2026-12-03T18:40:00Z" */
static void iso_time(char *buf, size_t size, long long t)
{
    time_t  tt = (time_t) t;
    struct tm tm;

    if (gmtime_r(&tt, &tm) == NULL || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
	snprintf(buf, size, "%lld", t);
}

/* history_role_json - one role of a domain's history, as JSON */
static void history_role_json(FILE *fp, const cli_history_entry *e, rp_history_role role)
{
    const rp_history_record *r = e->record + role;
    char    first[32], last[32];

    if (e->rc[role] < 0) {
	fputs("{\"error\":\"unreadable\"}", fp);
	return;
    }
    if (e->rc[role] == 0) {
	fputs("null", fp);
	return;
    }
    iso_time(first, sizeof(first), r->first_seen);
    iso_time(last, sizeof(last), r->last_seen);
    fprintf(fp, "{\"first_seen\":\"%s\",\"last_seen\":\"%s\",\"messages\":%lu,"
	    "\"flagged\":%lu", first, last, r->messages, r->flagged);
    if (role == RP_HISTORY_SENDER) {
	fputs(",\"brand\":", fp);
	cli_report_json_string(fp, e->brand);
    }
    putc('}', fp);
}

/* history_role_text - one role of a domain's history, as a line */
static void history_role_text(FILE *fp, const cli_history_entry *e, rp_history_role role)
{
    const rp_history_record *r = e->record + role;
    char    first[32], last[32];

    text(fp, e->input);
    if (strcmp(e->input, e->domain) != 0) {
	fputs(" (", fp);
	text(fp, e->domain);
	putc(')', fp);
    }
    fputs(role == RP_HISTORY_SENDER ? ": sender: " : ": link: ", fp);
    if (e->rc[role] <= 0) {
	fputs(e->rc[role] < 0 ? "unreadable\n" : "never seen\n", fp);
	return;
    }
    iso_time(first, sizeof(first), r->first_seen);
    iso_time(last, sizeof(last), r->last_seen);
    fprintf(fp, "first seen %s, last seen %s, %lu message%s, %lu flagged", first, last,
	    r->messages, r->messages == 1 ? "" : "s", r->flagged);
    if (role == RP_HISTORY_SENDER && e->brand != NULL) {
	fputs(", display names claimed ", fp);
	text(fp, e->brand);
    }
    putc('\n', fp);
}

/* cli_report_history - what the site's history knows of one domain */
void    cli_report_history(FILE *fp, int json, const cli_history_entry *entry)
{
    if (!json) {
	history_role_text(fp, entry, RP_HISTORY_SENDER);
	history_role_text(fp, entry, RP_HISTORY_LINK);
	return;
    }
    fputs("{\"domain\":", fp);
    cli_report_json_string(fp, entry->input);
    fputs(",\"registrable\":", fp);
    cli_report_json_string(fp, entry->domain);
    fputs(",\"sender\":", fp);
    history_role_json(fp, entry, RP_HISTORY_SENDER);
    fputs(",\"link\":", fp);
    history_role_json(fp, entry, RP_HISTORY_LINK);
    fputs("}\n", fp);
}
