/*
 * NAME
 *	cli_quarantine 3
 * SUMMARY
 *	regphish quarantine: Postfix's hold queue with regphish's reasons
 * SYNOPSIS
 *	regphish quarantine [-C DIR] list [--json]
 *	regphish quarantine [-C DIR] show ID
 *	regphish quarantine [-C DIR] release ID...
 *	regphish quarantine [-C DIR] delete ID...
 *
 *	#include "cli_quarantine.h"
 *
 *	int	cli_quarantine_main(int argc, char **argv)
 * DESCRIPTION
 *	list prints each message of the hold queue (postqueue -j) with its
 *	arrival time, envelope, From, Subject and the verdict the milter
 *	wrote into it (X-Regphish-Score, -Action, -Symbols, read with postcat
 *	-hq); --json prints one object per message.  Mail held by something
 *	else has no verdict: score and action are "-" (null in JSON).
 *	show prints one message's verdict with its reasons, then its
 *	headers.  release delivers messages with an X-Regphish-Released
 *	header naming the user who released them (cli_postfix_release says
 *	how, and why a sender cannot forge a release); delete removes them.
 *	-C DIR is Postfix's config directory (-c of the Postfix tools).
 *
 *	What a sender wrote is never trusted: the milter deletes every
 *	incoming X-Regphish-* header and appends its own, so the last of
 *	each is read (and the first From and Subject).  A symbol is read
 *	where the milter starts one (see symbols()); a reason quoting one
 *	can still look like one, and then the symbols do not keep the
 *	milter's order or add up to the score: list says so
 *	(symbols_agree false in JSON).  Every string is escaped
 *	(mlt_escape) for the terminal or for JSON, after RFC 2047 decoding
 *	by the engine's own decoder (rp_header_text: byte-exact across
 *	split words, as DESIGN.md's GMime pitfall asks).
 * DIAGNOSTICS
 *	One line on stderr per failure: a malformed queue id, an id not in
 *	the hold queue, a missing Postfix tool, not root, a tool's failure.
 *	Exit status 2 when any happened, else 0.
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "cli_postfix.h"
#include "cli_quarantine.h"
#include "cli_report.h"
#include "daemon/mlt_escape.h"
#include "regphish.h"

#define HEADER_MAX	8192		/* bytes of a header shown */

/* The headers list and show read, raw: folded lines joined with \n. */
typedef struct q_headers {
    char   *from;
    char   *subject;
    char   *score;
    char   *action;
    char   *symbols;
    GString *all;			/* the whole header block */
} q_headers;

/* usage - print usage and exit */
static void usage(FILE *fp, int status)
{
    fprintf(fp,
	    "usage: regphish quarantine [-C POSTFIX_CONFIG_DIR] list [--json]\n"
	    "       regphish quarantine [-C POSTFIX_CONFIG_DIR] show ID\n"
	    "       regphish quarantine [-C POSTFIX_CONFIG_DIR] release ID...\n"
	    "       regphish quarantine [-C POSTFIX_CONFIG_DIR] delete ID...\n"
	    "Postfix's hold queue with the verdicts regphish-milter wrote; run as root.\n");
    exit(status);
}

/*
 * keep - remember the value of a header named name: the first From and
 * Subject (those the milter judged and tagged), the last X-Regphish-*
 * (the milter's own, appended after deleting every incoming one)
 */
static void keep(q_headers *h, const char *name, size_t len, const char *value)
{
    static const char *const names[] = {"From", "Subject", "X-Regphish-Score",
    "X-Regphish-Action", "X-Regphish-Symbols"};
    char  **slots[] = {&h->from, &h->subject, &h->score, &h->action, &h->symbols};
    size_t  i;

    for (i = 0; i < G_N_ELEMENTS(names); i++)
	if (strlen(names[i]) == len && g_ascii_strncasecmp(name, names[i], len) == 0
	    && (i >= 2 || *slots[i] == NULL)) {
	    g_free(*slots[i]);
	    *slots[i] = g_strdup(value);
	}
}

/* read_headers - postcat -hq ID, split into the headers we read */
static int read_headers(const char *config_dir, const char *id, q_headers *h,
			char *why, size_t whylen)
{
    GString *value = g_string_new(NULL);
    char  **lines, **line;
    const char *name = NULL;
    size_t  namelen = 0;

    memset(h, 0, sizeof(*h));
    h->all = g_string_new(NULL);
    if (cli_postfix_run(config_dir, h->all, why, whylen, "postcat", "-hq", id, NULL) < 0) {
	g_string_free(value, TRUE);
	return -1;
    }
    lines = g_strsplit(h->all->str, "\n", -1);
    for (line = lines;; line++) {
	if (*line != NULL && (**line == ' ' || **line == '\t') && name != NULL) {
	    g_string_append_c(value, '\n');
	    g_string_append(value, *line);
	    continue;
	}
	if (name != NULL)
	    keep(h, name, namelen, value->str);
	if (*line == NULL || **line == 0)
	    break;
	name = *line;
	namelen = strcspn(name, ":");
	g_string_assign(value, name[namelen] ? name + namelen + 1 : "");
	g_strchug(value->str);
	g_string_set_size(value, strlen(value->str));
    }
    g_strfreev(lines);
    g_string_free(value, TRUE);
    return 0;
}

/* headers_free - free what read_headers kept */
static void headers_free(q_headers *h)
{
    g_free(h->from);
    g_free(h->subject);
    g_free(h->score);
    g_free(h->action);
    g_free(h->symbols);
    if (h->all != NULL)
	g_string_free(h->all, TRUE);
}

/*
 * symbol_start - at s, "NAME=score " as the milter writes an item: the
 * length of NAME (0: none) and the score
 */
static size_t symbol_start(const char *s, double *score)
{
    size_t  n = 0;
    char   *end;

    while (s[n] == '_' || g_ascii_isupper(s[n]) || (n > 0 && g_ascii_isdigit(s[n])))
	n++;
    if (n == 0 || s[n] != '=' || !(g_ascii_isdigit(s[n + 1]) || s[n + 1] == '-'))
	return 0;
    *score = g_ascii_strtod(s + n + 1, &end);
    return *end == ' ' || *end == ',' || *end == 0 ? n : 0;
}

/*
 * symbols - X-Regphish-Symbols as "NAME=score reason" items (reasons:
 * 0 gives the names alone).  The milter writes the items in falling
 * score (then name) order, each on a line of its own after a line
 * ending in a comma, and their scores add up to X-Regphish-Score
 * (rp_verdict_finish).  Folds inside a reason start lines too, and a
 * reason quotes what a sender wrote, who can write "x, FAKE=1.00"; the
 * milter encodes a reason's words that end in a comma (mlt_header.c),
 * so a line starts an item where it follows a line ending in a comma
 * and reads "NAME=score ".  *agree says whether the items keep that
 * order and add up to score: when they do not (a header written some
 * other way), some "item" is quoted text.
 * Unfolding removes the line break alone (RFC 5322 2.2.3).
 */
static GPtrArray *symbols(const char *value, const char *score, int reasons, int *agree)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    char  **lines = g_strsplit(value ? value : "", "\n", -1), **line;
    GString *item = NULL;
    char   *last = NULL, *end = NULL;
    double  one = 0, prev = G_MAXDOUBLE, sum = 0;
    double  total = score ? g_ascii_strtod(score, &end) : 0;
    int     may_start = 1;
    guint   i;

    *agree = end != NULL && end != score;
    for (line = lines; *line != NULL; line++) {
	const char *s = *line + (line == lines ? 0 : (**line == ' ' || **line == '\t'));
	size_t  n = may_start ? symbol_start(s, &one) : 0;

	may_start = g_str_has_suffix(*line, ",");
	if (n > 0) {
	    char   *name = g_strndup(s, n);

	    if (one > prev || (one == prev && strcmp(name, last) <= 0))
		*agree = 0;
	    g_free(last);
	    last = name;
	    prev = one;
	    sum += one;
	    if (item != NULL)
		g_ptr_array_add(out, g_string_free(item, FALSE));
	    item = g_string_new_len(s, (gssize) (reasons ? strlen(s) : n));
	} else if (item != NULL && reasons) {
	    g_string_append(item, *line);
	}
    }
    if (item != NULL)
	g_ptr_array_add(out, g_string_free(item, FALSE));
    /* Two decimals an item: a rounding error each at most. */
    if (fabs(total - sum) > 0.006 * (out->len + 1))
	*agree = 0;
    for (i = 0; reasons && i < out->len; i++) {
	char   *text = g_ptr_array_index(out, i);
	size_t  len = strlen(text);

	if (len > 0 && text[len - 1] == ',')	/* the separator, not the reason's */
	    text[len - 1] = 0;
    }
    g_free(last);
    g_strfreev(lines);
    return out;
}

/* show_text - s, RFC 2047 decoded, escaped for the terminal; allocated */
static char *show_text(const char *s)
{
    char   *decoded = rp_header_text(s ? s : "");
    char   *shown = mlt_escape(decoded, HEADER_MAX, MLT_ESCAPE_TERMINAL);

    free(decoded);
    return shown;
}

/* arrival - the arrival time as text */
static void arrival(long long t, char *buf, size_t len)
{
    time_t  when = (time_t) t;
    struct tm tm;

    if (localtime_r(&when, &tm) == NULL || strftime(buf, len, "%Y-%m-%d %H:%M:%S %z", &tm) == 0)
	snprintf(buf, len, "%lld", t);
}

/* json_header - a header value, RFC 2047 decoded, as a JSON string ("" when absent) */
static void json_header(FILE *fp, const char *s)
{
    char   *decoded = rp_header_text(s ? s : "");

    cli_report_json_string(fp, decoded);
    free(decoded);
}

/* list_json - one message as a JSON object */
static void list_json(const cli_held *m, const q_headers *h)
{
    int     agree;
    GPtrArray *names = symbols(h->symbols, h->score, 0, &agree);
    char   *end = NULL;
    double  score = h->score ? g_ascii_strtod(h->score, &end) : 0;
    guint   i;

    printf("{\"queue_id\":");
    cli_report_json_string(stdout, m->queue_id);
    printf(",\"arrival_time\":%lld,\"sender\":", m->arrival_time);
    cli_report_json_string(stdout, m->sender);
    printf(",\"recipients\":[");
    for (i = 0; i < m->recipients->len; i++) {
	printf(i ? "," : "");
	cli_report_json_string(stdout, g_ptr_array_index(m->recipients, i));
    }
    printf("],\"from\":");
    json_header(stdout, h->from);
    printf(",\"subject\":");
    json_header(stdout, h->subject);
    if (end != NULL && end != h->score && isfinite(score))
	printf(",\"score\":%.2f", score);
    else
	printf(",\"score\":null");
    printf(",\"action\":");
    if (h->action != NULL)
	cli_report_json_string(stdout, h->action);
    else
	printf("null");
    printf(",\"symbols\":[");
    for (i = 0; i < names->len; i++) {
	printf(i ? "," : "");
	cli_report_json_string(stdout, g_ptr_array_index(names, i));
    }
    printf("],\"symbols_agree\":%s}\n",
	   agree ? "true" : "false");
    g_ptr_array_unref(names);
}

/* list_text - one message as a few lines */
static void list_text(const cli_held *m, const q_headers *h)
{
    int     agree;
    GPtrArray *names = symbols(h->symbols, h->score, 0, &agree);
    char    when[64];
    char   *s;
    guint   i;

    arrival(m->arrival_time, when, sizeof(when));
    s = show_text(h->score ? h->score : "-");
    printf("%s  %s  score %s", m->queue_id, when, s);
    g_free(s);
    s = show_text(h->action ? h->action : "-");
    printf("  action %s\n", s);
    g_free(s);
    s = show_text(m->sender);
    printf("    sender: <%s>\n    recipients:", s);
    g_free(s);
    for (i = 0; i < m->recipients->len; i++) {
	s = show_text(g_ptr_array_index(m->recipients, i));
	printf(" <%s>", s);
	g_free(s);
    }
    s = show_text(h->from ? h->from : "(none)");
    printf("\n    from: %s\n", s);
    g_free(s);
    s = show_text(h->subject ? h->subject : "(none)");
    printf("    subject: %s\n    symbols:", s);
    g_free(s);
    for (i = 0; i < names->len; i++)
	printf(" %s", (char *) g_ptr_array_index(names, i));	/* [A-Z0-9_] only */
    printf("%s\n", names->len ? "" : " (none)");
    if (h->symbols != NULL && !agree)
	printf("    warning: these symbols do not add up to the score: a reason may"
	       " quote text that looks like one\n");
    g_ptr_array_unref(names);
}

/* run_list - every held message */
static int run_list(const char *config_dir, const GPtrArray *held, int json)
{
    char    why[512];
    q_headers h;
    guint   i;

    if (held->len == 0 && !json)
	printf("The hold queue is empty.\n");
    for (i = 0; i < held->len; i++) {
	const cli_held *m = g_ptr_array_index(held, i);

	/* Released or deleted since postqueue listed it: not an error. */
	if (read_headers(config_dir, m->queue_id, &h, why, sizeof(why)) < 0) {
	    headers_free(&h);
	    continue;
	}
	if (json)
	    list_json(m, &h);
	else
	    list_text(m, &h);
	headers_free(&h);
    }
    return 0;
}

/* run_show - one message's verdict and headers */
static int run_show(const char *config_dir, const cli_held *m)
{
    GPtrArray *items;
    int     agree;
    char    why[512];
    char  **lines, **line;
    q_headers h;
    char   *s;
    guint   i;

    if (read_headers(config_dir, m->queue_id, &h, why, sizeof(why)) < 0) {
	cli_report_complain("quarantine: %s: %s", m->queue_id, why);
	headers_free(&h);
	return 2;
    }
    list_text(m, &h);
    items = symbols(h.symbols, h.score, 1, &agree);
    printf("reasons:\n");
    for (i = 0; i < items->len; i++) {
	s = show_text(g_ptr_array_index(items, i));
	printf("    %s\n", s);
	g_free(s);
    }
    if (items->len == 0)
	printf("    (no X-Regphish-Symbols header)\n");
    g_ptr_array_unref(items);
    printf("headers:\n");
    lines = g_strsplit(h.all->str, "\n", -1);
    for (line = lines; *line != NULL && **line != 0; line++) {
	s = mlt_escape(*line, HEADER_MAX, MLT_ESCAPE_TERMINAL);
	printf("    %s\n", s);
	g_free(s);
    }
    g_strfreev(lines);
    headers_free(&h);
    return 0;
}

/* released_by - "by USER at DATE" (sudo's user too, when it says one) */
static char *released_by(void)
{
    const struct passwd *pw = getpwuid(getuid());
    const char *sudo = getenv("SUDO_USER");
    char    date[64], user[64];
    time_t  now = time(NULL);
    struct tm tm;

    snprintf(user, sizeof(user), "%s", pw != NULL ? pw->pw_name : "");
    if (pw == NULL)
	snprintf(user, sizeof(user), "uid %ld", (long) getuid());
    if (gmtime_r(&now, &tm) == NULL
	|| strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm) == 0)
	snprintf(date, sizeof(date), "%lld", (long long) now);
    /* A user name: nothing that could end the header or the line. */
    if (sudo != NULL && *sudo && strlen(sudo) < 32
	&& strspn(sudo, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
	== strlen(sudo))
	return g_strdup_printf("X-Regphish-Released: by %s (sudo from %s) at %s", user, sudo, date);
    return g_strdup_printf("X-Regphish-Released: by %s at %s", user, date);
}

/* run_change - release or delete each id */
static int run_change(const char *config_dir, const GPtrArray *held, int release,
		      int argc, char **argv)
{
    char   *header = release ? released_by() : NULL;
    char    why[512];
    int     i, rc = 0;

    for (i = 0; i < argc; i++) {
	const cli_held *m = cli_postfix_find(held, argv[i]);

	if (m == NULL) {
	    cli_report_complain("quarantine: %s: no such message in the hold queue", argv[i]);
	    rc = 2;
	} else if (release ? cli_postfix_release(config_dir, m, header, why, sizeof(why))
		   : cli_postfix_run(config_dir, NULL, why, sizeof(why), "postsuper", "-d",
				     m->queue_id, "hold", NULL)) {
	    cli_report_complain("quarantine: %s: %s", argv[i], why);
	    rc = 2;
	} else {
	    printf("%s: %s\n", m->queue_id, release ? "released" : "deleted");
	}
    }
    g_free(header);
    return rc;
}

/* cli_quarantine_main - parse, check the ids, list the hold queue, act */
int     cli_quarantine_main(int argc, char **argv)
{
    static const struct option options[] = {
	{"json", no_argument, NULL, 'j'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0}
    };
    const char *config_dir = NULL, *command;
    GPtrArray *held;
    char    why[512];
    int     ch, json = 0, i, rc;

    while ((ch = getopt_long(argc, argv, "C:jh", options, NULL)) != -1) {
	switch (ch) {
	case 'C':
	    config_dir = optarg;
	    break;
	case 'j':
	    json = 1;
	    break;
	case 'h':
	    usage(stdout, 0);
	    break;
	default:
	    usage(stderr, 2);
	}
    }
    if (optind >= argc)
	usage(stderr, 2);
    command = argv[optind++];
    if (strcmp(command, "list") == 0 ? optind != argc
	: strcmp(command, "show") == 0 ? optind + 1 != argc || json
	: strcmp(command, "release") == 0 || strcmp(command, "delete") == 0
	? optind >= argc || json : 1)
	usage(stderr, 2);
    for (i = optind; i < argc; i++)
	if (!cli_postfix_valid_id(argv[i])) {
	    cli_report_complain("quarantine: \"%s\" is not a Postfix queue id", argv[i]);
	    return 2;
	}
    if (geteuid() != 0) {
	cli_report_complain("quarantine: must be run as root (postcat and postsuper "
			    "read and change Postfix's queue)");
	return 2;
    }
    if ((held = cli_postfix_held(config_dir, why, sizeof(why))) == NULL) {
	cli_report_complain("quarantine: %s", why);
	return 2;
    }
    if (strcmp(command, "list") == 0) {
	rc = run_list(config_dir, held, json);
    } else if (strcmp(command, "show") == 0) {
	const cli_held *m = cli_postfix_find(held, argv[optind]);

	if (m == NULL)
	    cli_report_complain("quarantine: %s: no such message in the hold queue",
				argv[optind]);
	rc = m == NULL ? 2 : run_show(config_dir, m);
    } else {
	rc = run_change(config_dir, held, strcmp(command, "release") == 0,
			argc - optind, argv + optind);
    }
    g_ptr_array_unref(held);
    return rc;
}
