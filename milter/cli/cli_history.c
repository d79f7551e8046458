/*
 * NAME
 *	cli_history 3
 * SUMMARY
 *	the site's history from the command line: open, show, import
 * SYNOPSIS
 *	#include "cli_history.h"
 *
 *	hist_store *cli_history_open(const mlt_settings *settings, int record)
 *	int	cli_history_show(const rp_engine *engine, hist_store *store,
 *				 int json, int argc, char **argv)
 *	int	cli_history_import(const rp_engine *engine, hist_store *store,
 *				   int argc, char **argv)
 *	long long cli_history_date(const char *message, size_t len,
 *				   long long now)
 * DESCRIPTION
 *	cli_history_open() binds the config's history_* keys as the milter
 *	does (daemon/mlt_histconf.c) and opens that store, read-only unless
 *	record is set; the store's own events (Redis down) go to standard
 *	error.
 *
 *	cli_history_show() looks each name up in both roles: the name is
 *	reduced to the registrable domain the history keys (www.npmjs.help
 *	is npmjs.help, a Unicode name its A-label form), and the report
 *	(cli_report_history) gives first and last seen, messages, flagged,
 *	and the brand its display names last claimed.
 *
 *	cli_history_import() seeds a new installation's history from mail
 *	it already has, so that the first days do not call every domain
 *	new: every message found at each path (cli_source.c) is judged
 *	without history, as the milter would have judged it then, and its
 *	domains are recorded as flagged only when that verdict flags it, at
 *	the time of its Date: header (cli_history_date) when that is sane.
 *	Each message is its own record: a milter running beside it never
 *	waits long.
 *
 *	cli_history_date() reads an RFC 5322 date ("Tue, 1 Dec 2026
 *	10:00:00 +0100", obsolete two-digit years and zone names too) and
 *	distrusts what no genuine message says: a date before 1990 or more
 *	than a day ahead of now gives now.
 * DIAGNOSTICS
 *	Errors go to standard error (cli_report_complain), naming the path
 *	or the name.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli_history.h"
#include "cli_report.h"
#include "cli_source.h"
#include "daemon/mlt_histconf.h"

#define DATE_MAX	256		/* bytes of a Date: value read */
#define EARLIEST	631152000LL	/* 1990-01-01T00:00:00Z */
#define DAY		86400LL

/* store_log - one line of the store's, on standard error */
static void store_log(void *ctx, const char *line)
{
    (void) ctx;
    cli_report_complain("%s", line);
}

/* cli_history_open - the store the config names */
hist_store *cli_history_open(const mlt_settings *settings, int record)
{
    mlt_histconf conf;
    hist_store *store;
    char    why[512];

    if (mlt_histconf_bind(settings, !record, &conf, why, sizeof(why)) < 0) {
	cli_report_complain("%s", why);
	exit(2);
    }
    if (conf.hist.backend == HIST_NONE) {
	cli_report_complain("the config says history = none: there is no history");
	exit(2);
    }
    conf.hist.log = store_log;
    if ((store = hist_store_open(&conf.hist, why, sizeof(why))) == NULL) {
	cli_report_complain("cannot open the history: %s", why);
	exit(2);
    }
    return store;
}

/* cli_history_show - what the store knows of each name */
int     cli_history_show(const rp_engine *engine, hist_store *store, int json,
			         int argc, char **argv)
{
    rp_domain_report report;
    cli_history_entry e;
    char    brand[HIST_BRAND_MAX];
    int     i, role, errors = 0, unseen = 0;

    for (i = 0; i < argc; i++) {
	if (rp_domain_lookup(engine, argv[i], &report) != RP_OK
	    || (report.registrable[0] == 0 && report.ascii[0] == 0)) {
	    cli_report_complain("%s: not a domain name", argv[i]);
	    errors++;
	    continue;
	}
	memset(&e, 0, sizeof(e));
	e.input = argv[i];
	e.domain = report.registrable[0] ? report.registrable : report.ascii;
	for (role = RP_HISTORY_SENDER; role <= RP_HISTORY_LINK; role++)
	    e.rc[role] = hist_store_lookup(store, (rp_history_role) role, e.domain,
					   e.record + role);
	if (e.rc[RP_HISTORY_SENDER] == 1 && hist_store_brand(store, e.domain, brand,
							     sizeof(brand)) == 1)
	    e.brand = brand;
	cli_report_history(stdout, json, &e);
	errors += e.rc[RP_HISTORY_SENDER] < 0 || e.rc[RP_HISTORY_LINK] < 0;
	unseen += e.rc[RP_HISTORY_SENDER] == 0 && e.rc[RP_HISTORY_LINK] == 0;
    }
    return errors ? 2 : unseen ? 1 : 0;
}

/* What an import has done so far. */
typedef struct import_state {
    const rp_engine *engine;
    hist_store *store;
    long long now;
    unsigned long messages, flagged, failed;
} import_state;

/* import_one - judge one message without history and record its domains */
static void import_one(void *ctx, const char *label, const char *data, size_t len)
{
    import_state *im = ctx;
    rp_verdict *verdict;
    rp_status status;

    if ((status = rp_scan(im->engine, data, len, NULL, &verdict)) != RP_OK) {
	cli_report_complain("%s: %s", label, rp_strerror(status));
	im->failed++;
	return;
    }
    if (hist_store_record_verdict(im->store, verdict,
				  cli_history_date(data, len, im->now)) != 0) {
	cli_report_complain("%s: not recorded in the history", label);
	im->failed++;
    } else {
	im->messages++;
	im->flagged += rp_verdict_action(verdict) != RP_ACTION_ACCEPT;
    }
    rp_verdict_free(verdict);
}

/* cli_history_import - record every message at every path */
int     cli_history_import(const rp_engine *engine, hist_store *store, int argc,
			           char **argv)
{
    import_state im;
    int     i, errors = 0;

    memset(&im, 0, sizeof(im));
    im.engine = engine;
    im.store = store;
    im.now = (long long) time(NULL);
    for (i = 0; i < argc; i++)
	if (cli_source_walk(argv[i], import_one, &im) < 0)
	    errors++;
    printf("imported %lu message%s (%lu flagged)%s", im.messages,
	   im.messages == 1 ? "" : "s", im.flagged, im.failed ? "," : "\n");
    if (im.failed)
	printf(" %lu not recorded\n", im.failed);
    return errors || im.failed ? 2 : 0;
}

/* date_value - the unfolded value of the first Date: header, or NULL */
static char *date_value(const char *msg, size_t len, char *out, size_t size)
{
    const char *p = msg, *end = msg + len, *eol;
    size_t  n = 0;
    int     in = 0;

    while (p < end) {
	eol = memchr(p, '\n', (size_t) (end - p));
	if (eol == NULL)
	    eol = end;
	if (eol == p || (eol == p + 1 && *p == '\r'))
	    break;				/* end of the header block */
	if (in && (*p == ' ' || *p == '\t')) {
	    /* a continuation line of the Date: header */
	} else if (in) {
	    break;
	} else if ((size_t) (eol - p) > 5 && strncasecmp(p, "Date:", 5) == 0) {
	    in = 1;
	    p += 5;
	} else {
	    p = eol + 1;
	    continue;
	}
	for (; p < eol && n + 1 < size; p++)
	    out[n++] = *p == '\r' || *p == '\t' ? ' ' : *p;
	if (n + 1 < size)
	    out[n++] = ' ';
	p = eol + 1;
    }
    out[n] = 0;
    return in ? out : NULL;
}

/* skip_space - past spaces and (nested) comments */
static const char *skip_space(const char *s)
{
    int     depth;

    for (;;) {
	while (*s == ' ')
	    s++;
	if (*s != '(')
	    return s;
	for (depth = 0; *s; s++) {
	    depth += *s == '(' ? 1 : *s == ')' ? -1 : 0;
	    if (depth == 0) {
		s++;
		break;
	    }
	}
    }
}

/* number - digits at *s (at most max of them) into *n; 0 if none */
static int number(const char **s, int max, long *n)
{
    int     i;

    *s = skip_space(*s);
    for (i = 0, *n = 0; i < max && isdigit((unsigned char) (*s)[i]); i++)
	*n = *n * 10 + ((*s)[i] - '0');
    *s += i;
    return i;
}

/* zone_offset - the zone at s in seconds east of UTC (unknown names: 0) */
static long zone_offset(const char *s)
{
    static const struct {
	const char *name;
	int     hours;
    } names[] = {{"EST", -5}, {"EDT", -4}, {"CST", -6}, {"CDT", -5},
	{"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
    size_t  i;
    long    hhmm;

    s = skip_space(s);
    if ((*s == '+' || *s == '-') && strspn(s + 1, "0123456789") == 4) {
	hhmm = ((s[1] - '0') * 10 + (s[2] - '0')) * 3600L
	    + ((s[3] - '0') * 10 + (s[4] - '0')) * 60L;
	return *s == '-' ? -hhmm : hhmm;
    }
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
	if (strncasecmp(s, names[i].name, 3) == 0)
	    return names[i].hours * 3600L;
    return 0;
}

/* days_from_civil - days since 1970-01-01 of a proleptic Gregorian date */
static long long days_from_civil(long y, long m, long d)
{
    long    era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (long long) era * 146097 + doe - 719468;
}

/* parse_date - an RFC 5322 date-time to Unix time; -1 if it is not one */
static long long parse_date(const char *s)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    long    day, year, hour, min, sec = 0, month;
    const char *m;
    int     digits;

    s = skip_space(s);
    if (isalpha((unsigned char) *s)) {	/* day of the week */
	while (isalpha((unsigned char) *s))
	    s++;
	s = skip_space(s);
	if (*s == ',')
	    s++;
    }
    if (!number(&s, 2, &day))
	return -1;
    s = skip_space(s);
    for (m = months; *m; m += 3)
	if (strncasecmp(s, m, 3) == 0)
	    break;
    if (*m == 0)
	return -1;
    month = (long) (m - months) / 3 + 1;
    s += 3;
    if ((digits = number(&s, 4, &year)) < 2)
	return -1;
    if (digits == 2)
	year += year < 50 ? 2000 : 1900;
    else if (digits == 3)
	year += 1900;
    if (!number(&s, 2, &hour) || *s++ != ':' || !number(&s, 2, &min))
	return -1;
    if (*s == ':' && (s++, !number(&s, 2, &sec)))
	return -1;
    if (day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60)
	return -1;
    return days_from_civil(year, month, day) * DAY + hour * 3600 + min * 60 + sec
	- zone_offset(s);
}

/* cli_history_date - the message's Date:, when sane; else now */
long long cli_history_date(const char *message, size_t len, long long now)
{
    char    value[DATE_MAX];
    long long t;

    if (date_value(message, len, value, sizeof(value)) == NULL
	|| (t = parse_date(value)) < EARLIEST || t > now + DAY)
	return now;
    return t;
}
