/*
 * NAME
 *	cli_report 3h
 * SUMMARY
 *	print verdicts and domain reports, as text or JSON lines
 * SYNOPSIS
 *	#include "cli_report.h"
 * DESCRIPTION
 *	Text: one verdict line per message, then one indented line per
 *	symbol with its score and reason; one line per role of a domain's
 *	history.  JSON: one object per line.  No
 *	string goes out unescaped (cli_report.c).
 */
#ifndef CLI_REPORT_H
#define CLI_REPORT_H

#include <stdio.h>
#include "regphish.h"

void    cli_report_verdict(FILE *fp, int json, const char *label, const rp_verdict *verdict);
void    cli_report_json_string(FILE *fp, const char *s);
void    cli_report_error(FILE *fp, int json, const char *label, const char *error);
void    cli_report_domain(FILE *fp, int json, const rp_domain_report *report);

/* What the site's history knows of one domain (regphish history). */
typedef struct cli_history_entry {
    const char *input;			/* the name as given */
    const char *domain;			/* its registrable domain, as stored */
    int     rc[2];			/* by rp_history_role: 1 seen, 0 never, -1 unreadable */
    rp_history_record record[2];
    const char *brand;			/* the brand its display names last claimed, or NULL */
} cli_history_entry;

void    cli_report_history(FILE *fp, int json, const cli_history_entry *entry);

/* cli_report_complain - "regphish: " and the text on stderr, escaped */
void    cli_report_complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
