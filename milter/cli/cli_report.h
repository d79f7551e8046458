/*
 * NAME
 *	cli_report 3h
 * SUMMARY
 *	print verdicts and domain reports, as text or JSON lines
 * SYNOPSIS
 *	#include "cli_report.h"
 * DESCRIPTION
 *	Text: one verdict line per message, then one indented line per
 *	symbol with its score and reason.  JSON: one object per line.  No
 *	string goes out unescaped (cli_report.c).
 */
#ifndef CLI_REPORT_H
#define CLI_REPORT_H

#include <stdio.h>
#include "regphish.h"

void    cli_report_verdict(FILE *fp, int json, const char *label, const rp_verdict *verdict);
void    cli_report_error(FILE *fp, int json, const char *label, const char *error);
void    cli_report_domain(FILE *fp, int json, const rp_domain_report *report);

/* cli_report_complain - "regphish: " and the text on stderr, escaped */
void    cli_report_complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
