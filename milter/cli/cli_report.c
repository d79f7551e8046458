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
 * DESCRIPTION
 *	JSON objects are written one per line.  Strings are escaped per
 *	RFC 8259; bytes that are not valid UTF-8 (file names, reasons that
 *	quote hostile text) become U+FFFD, so every line is valid JSON.
 *
 *	Verdict object: {"file", "score", "action", "symbols": [{"name",
 *	"score", "reason"}], "urls": [...]}.  Domain object: {"domain",
 *	"ascii", "unicode", "registrable", "brand", "brand_domain",
 *	"technique", "own", "reason"}, brand, brand_domain and technique
 *	null when there is none.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli_report.h"

/* json_string - write s as a JSON string, or null */
static void json_string(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t  n;

    if (s == NULL) {
	fputs("null", fp);
	return;
    }
    putc('"', fp);
    while (*p) {
	if (*p == '"' || *p == '\\') {
	    putc('\\', fp);
	    putc(*p++, fp);
	} else if (*p < 0x20 || *p == 0x7F) {
	    fprintf(fp, "\\u%04x", *p++);
	} else if (g_utf8_get_char_validated((const char *) p, -1) >= 0x110000) {
	    /* GLib says (gunichar) -1 or -2: not well-formed UTF-8 here. */
	    fputs("\\ufffd", fp);
	    p++;
	} else {
	    n = (size_t) (g_utf8_next_char(p) - (const char *) p);
	    fwrite(p, 1, n, fp);
	    p += n;
	}
    }
    putc('"', fp);
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
    fprintf(fp, "%s: %s (score %.2f)\n", label,
	    rp_action_name(rp_verdict_action(verdict)), rp_verdict_score(verdict));
    for (i = 0; i < n; i++) {
	name = rp_verdict_symbol(verdict, i, &score, &reason);
	fprintf(fp, "  %-26s %6.2f  %s\n", name, score, reason);
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
	fprintf(fp, "%s: error: %s\n", label, error);
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
    if (r->brand)
	fprintf(fp, "%s: imitates %s (%s) by %s: %s\n", r->input, r->brand,
		r->brand_domain ? r->brand_domain : "", r->technique ? r->technique : "?",
		r->reason);
    else if (r->own)
	fprintf(fp, "%s: genuine%s%s\n", r->input, r->reason[0] ? ": " : "", r->reason);
    else
	fprintf(fp, "%s: imitates no brand%s%s\n", r->input, r->reason[0] ? ": " : "",
		r->reason);
}
