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
 *	null when there is none.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

/* json_string - write s as a JSON string, or null */
static void json_string(FILE *fp, const char *s)
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
	json_string(fp, label);
	fprintf(fp, ",\"score\":%.2f,\"action\":", rp_verdict_score(verdict));
	json_string(fp, rp_action_name(rp_verdict_action(verdict)));
	fputs(",\"symbols\":[", fp);
	for (i = 0; i < n; i++) {
	    name = rp_verdict_symbol(verdict, i, &score, &reason);
	    fputs(i ? ",{\"name\":" : "{\"name\":", fp);
	    json_string(fp, name);
	    fprintf(fp, ",\"score\":%.2f,\"reason\":", score);
	    json_string(fp, reason);
	    putc('}', fp);
	}
	fputs("],\"urls\":[", fp);
	for (i = 0; i < rp_verdict_url_count(verdict); i++) {
	    if (i)
		putc(',', fp);
	    json_string(fp, rp_verdict_url(verdict, i));
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
	json_string(fp, label);
	fputs(",\"error\":", fp);
	json_string(fp, error);
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
	json_string(fp, r->input);
	fputs(",\"ascii\":", fp);
	json_string(fp, r->ascii[0] ? r->ascii : NULL);
	fputs(",\"unicode\":", fp);
	json_string(fp, r->unicode[0] ? r->unicode : NULL);
	fputs(",\"registrable\":", fp);
	json_string(fp, r->registrable[0] ? r->registrable : NULL);
	fputs(",\"brand\":", fp);
	json_string(fp, r->brand);
	fputs(",\"brand_domain\":", fp);
	json_string(fp, r->brand_domain);
	fputs(",\"technique\":", fp);
	json_string(fp, r->technique);
	fprintf(fp, ",\"own\":%s,\"reason\":", r->own ? "true" : "false");
	json_string(fp, r->reason);
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
