/*
 * NAME
 *	regphish 1
 * SUMMARY
 *	command-line scanner: check messages, explain domains
 * SYNOPSIS
 *	regphish check [--json] [--config FILE] [--rules DIR]
 *		[--dkim-keys FILE | --dns] [--history | --learn] PATH...
 *	regphish domain [--json] [--config FILE] [--rules DIR] NAME...
 *	regphish history [--json] [--config FILE] [--rules DIR] DOMAIN...
 *	regphish history --import [--config FILE] [--rules DIR] PATH...
 *	regphish config [--config FILE] [--rules DIR]
 *	regphish quarantine [-C POSTFIX_CONFIG_DIR] list [--json] | show ID
 *		| release ID... | delete ID...
 * DESCRIPTION
 *	check prints one verdict per message found at each PATH (a message
 *	file, an mbox, a Maildir, a directory of those, or - for standard
 *	input) with the symbols and reasons behind it.  domain says for each
 *	NAME (ASCII or Unicode) whether and how it imitates a brand.
 *	config loads the config and the rules as the milter would, and
 *	prints every setting in force with its meaning, the engine's and
 *	the milter's, in the file's own syntax: a check of both files
 *	before a reload.  quarantine works on Postfix's hold queue with the
 *	verdicts the milter wrote there (cli_quarantine.c).  Every command reads the config with the milter's
 *	table of keys (daemon/mlt_settings.c) besides the engine's, so one
 *	file serves both programs and is checked alike.
 *
 *	Without --config, the installed config file is read when it exists.
 *	Without --rules, the config's rules_dir is used; when that directory
 *	does not exist, the rules of the source tree this binary was built
 *	from are used, so a built tree runs without installing.
 *
 *	DKIM: by default check verifies no signature itself (whatever the
 *	config says) and makes no DNS query; it relies only on trusted
 *	Authentication-Results.  --dkim-keys FILE verifies with the keys in
 *	FILE (one per line: SELECTOR._domainkey.DOMAIN, a space, the TXT
 *	record's text); --dns verifies with keys from DNS.
 *
 *	History: by default check neither reads nor writes the site's
 *	history (cli_history.c), so that scanning a mailbox changes
 *	nothing.  --history reads the store the config names (history_*
 *	keys: the milter's) and judges with it; --learn also records each
 *	message's domains, as the milter does.  history prints what the
 *	store knows of each DOMAIN in both roles; history --import records
 *	every message at each PATH, judged without history, at its Date:.
 * DIAGNOSTICS
 *	Exit status: 0 when every message is accepted (every domain imitates
 *	nothing, every domain has history), 1 when any is flagged (imitates,
 *	was never seen), 2 on any error; errors name the file.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_history.h"
#include "cli_quarantine.h"
#include "cli_report.h"
#include "cli_source.h"
#include "daemon/mlt_histconf.h"
#include "daemon/mlt_settings.h"
#include "regphish.h"

#ifndef RP_CONFIG_FILE
#define RP_CONFIG_FILE "/etc/regphish/regphish.conf"
#endif

typedef struct cli_state {
    const rp_engine *engine;
    hist_store *store;			/* --history, --learn: the site's history */
    rp_history_reader reader;
    int     learn;			/* --learn: record each verdict */
    int     json;
    int     flagged;
    int     errors;
} cli_state;

/* usage - print usage and exit */
static void usage(FILE *fp, int status)
{
    fprintf(fp,
	    "usage: regphish check [--json] [--config FILE] [--rules DIR]\n"
	    "                      [--dkim-keys FILE | --dns] [--history | --learn] PATH...\n"
	    "       regphish domain [--json] [--config FILE] [--rules DIR] NAME...\n"
	    "       regphish history [--json] [--config FILE] [--rules DIR] DOMAIN...\n"
	    "       regphish history --import [--config FILE] [--rules DIR] PATH...\n"
	    "       regphish config [--config FILE] [--rules DIR]\n"
	    "       regphish quarantine [-C POSTFIX_CONFIG_DIR] list [--json] | show ID\n"
	    "                           | release ID... | delete ID...\n"
	    "\n"
	    "PATH is a message file, an mbox, a Maildir, a directory of those, or -.\n"
	    "--history judges with the site's history (the config's history_* keys),\n"
	    "--learn also records each message in it; without either check leaves it be.\n"
	    "Exit status: 0 all accepted, 1 something flagged, 2 error.\n");
    exit(status);
}

/* is_dir - path names a directory */
static int is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * load_engine - config (the milter's keys too), DKIM settings and rules,
 * with the fallbacks described above
 */
static rp_engine *load_engine(const char *config, const char *rules,
			      const rp_setting *settings, size_t nsettings,
			      mlt_settings *milter)
{
    rp_program_settings program = mlt_settings_program(milter);
    mlt_histconf histconf;
    char    why[512];
    rp_engine *engine;
    rp_error err;
    rp_status status;

    memset(&err, 0, sizeof(err));
    if (config == NULL && access(RP_CONFIG_FILE, R_OK) == 0)
	config = RP_CONFIG_FILE;
#ifdef RP_SRC_RULES_DIR
    if (rules == NULL && !is_dir(RP_RULES_DIR) && is_dir(RP_SRC_RULES_DIR))
	rules = RP_SRC_RULES_DIR;
#endif
    status = rp_engine_load_settings(config, rules, settings, nsettings, &program,
				     &engine, &err);
    if (status != RP_OK) {
	if (err.line)
	    cli_report_complain("%s:%u: %s", err.file, err.line, err.message);
	else if (err.file[0])
	    cli_report_complain("%s: %s", err.file, err.message);
	else
	    cli_report_complain("%s", err.message[0] ? err.message
		    : rp_strerror(status));
	exit(2);
    }
    /* The milter refuses a bad history_redis: so does every command. */
    if (mlt_histconf_bind(milter, 1, &histconf, why, sizeof(why)) < 0) {
	cli_report_complain("%s: %s", config ? config : "(defaults)", why);
	exit(2);
    }
    return engine;
}

/* check_one - scan one message and report it */
static void check_one(void *ctx, const char *label, const char *data, size_t len)
{
    cli_state *st = ctx;
    rp_verdict *verdict;
    rp_status status;
    rp_envelope env;

    memset(&env, 0, sizeof(env));
    env.history = st->store != NULL ? &st->reader : NULL;
    status = rp_scan(st->engine, data, len, &env, &verdict);
    if (status != RP_OK) {
	cli_report_error(stdout, st->json, label, rp_strerror(status));
	cli_report_complain("%s: %s", label, rp_strerror(status));
	st->errors++;
	return;
    }
    cli_report_verdict(stdout, st->json, label, verdict);
    if (st->learn && hist_store_record_verdict(st->store, verdict, (long long) time(NULL)) != 0)
	cli_report_complain("%s: not recorded in the history", label);
    if (rp_verdict_action(verdict) != RP_ACTION_ACCEPT)
	st->flagged++;
    rp_verdict_free(verdict);
}

/* show_setting - one "key = value  # help" line, quoted where the file needs it */
static void show_setting(void *ctx, const char *key, const char *value, const char *help)
{
    size_t  n = strlen(value);
    int     quote = n == 0 || strchr(value, '#') != NULL
    || value[0] == ' ' || value[n - 1] == ' ';

    fprintf((FILE *) ctx, "%s = %s%s%s\t# %s\n", key, quote ? "\"" : "",
	    value, quote ? "\"" : "", help);
}

/* run_check - every message at every path */
static int run_check(cli_state *st, int argc, char **argv)
{
    int     i;

    for (i = 0; i < argc; i++)
	if (cli_source_walk(argv[i], check_one, st) < 0)
	    st->errors++;
    return st->errors ? 2 : st->flagged ? 1 : 0;
}

/* run_domain - every name */
static int run_domain(cli_state *st, int argc, char **argv)
{
    rp_domain_report report;
    int     i;

    for (i = 0; i < argc; i++) {
	if (rp_domain_lookup(st->engine, argv[i], &report) != RP_OK) {
	    cli_report_complain("%s: cannot be checked", argv[i]);
	    st->errors++;
	    continue;
	}
	cli_report_domain(stdout, st->json, &report);
	if (report.brand != NULL)
	    st->flagged++;
    }
    return st->errors ? 2 : st->flagged ? 1 : 0;
}

int     main(int argc, char **argv)
{
    static const struct option options[] = {
	{"json", no_argument, NULL, 'j'},
	{"config", required_argument, NULL, 'c'},
	{"rules", required_argument, NULL, 'r'},
	{"dkim-keys", required_argument, NULL, 'k'},
	{"dns", no_argument, NULL, 'd'},
	{"history", no_argument, NULL, 'H'},
	{"learn", no_argument, NULL, 'L'},
	{"import", no_argument, NULL, 'I'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0}
    };
    const char *config = NULL, *rules = NULL, *command;
    const char *dkim_keys = NULL;
    int     dns = 0, history = 0, import = 0;
    mlt_settings milter;
    rp_setting dkim[2] = {{"dkim_verify", "no"}, {"dkim_keys", ""}};
    cli_state st;
    rp_engine *engine;
    int     ch, rc;

    memset(&st, 0, sizeof(st));
    if (argc < 2)
	usage(stderr, 2);
    command = argv[1];
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0)
	usage(stdout, 0);
    if (strcmp(command, "--version") == 0) {
	printf("regphish %s\n", PACKAGE_VERSION);
	return 0;
    }
    /* Postfix's hold queue: no engine, no rules (cli_quarantine.c). */
    if (strcmp(command, "quarantine") == 0)
	return cli_quarantine_main(argc - 1, argv + 1);
    if (strcmp(command, "check") != 0 && strcmp(command, "domain") != 0
	&& strcmp(command, "config") != 0 && strcmp(command, "history") != 0) {
	cli_report_complain("unknown command \"%s\"", command);
	usage(stderr, 2);
    }
    argc--;
    argv++;
    while ((ch = getopt_long(argc, argv, "jc:r:k:dhV", options, NULL)) != -1) {
	switch (ch) {
	case 'j':
	    st.json = 1;
	    break;
	case 'c':
	    config = optarg;
	    break;
	case 'r':
	    rules = optarg;
	    break;
	case 'k':
	    dkim_keys = optarg;
	    break;
	case 'd':
	    dns = 1;
	    break;
	case 'H':
	    history = 1;
	    break;
	case 'L':
	    history = st.learn = 1;
	    break;
	case 'I':
	    import = 1;
	    break;
	case 'h':
	    usage(stdout, 0);
	    break;
	case 'V':
	    printf("regphish %s\n", PACKAGE_VERSION);
	    return 0;
	default:
	    usage(stderr, 2);
	}
    }
    if ((optind >= argc) != (strcmp(command, "config") == 0) || (dkim_keys != NULL && dns)
	|| (history && strcmp(command, "check") != 0)
	|| (import && (strcmp(command, "history") != 0 || st.json)))
	usage(stderr, 2);
    if (dkim_keys != NULL || dns) {
	dkim[0].value = "yes";
	dkim[1].value = dkim_keys ? dkim_keys : "";
    }
    /* The CLI verifies DKIM only when asked; config shows the file as it is. */
    memset(&milter, 0, sizeof(milter));
    engine = load_engine(config, rules, dkim, strcmp(command, "config") == 0 ? 0
			 : dkim_keys != NULL || dns ? 2 : 1, &milter);
    st.engine = engine;
    if (history || strcmp(command, "history") == 0) {
	st.store = cli_history_open(&milter, st.learn || import);
	hist_store_reader(st.store, &st.reader);
    }
    if (strcmp(command, "check") == 0) {
	rc = run_check(&st, argc - optind, argv + optind);
    } else if (strcmp(command, "history") == 0) {
	rc = import ? cli_history_import(engine, st.store, argc - optind, argv + optind)
	    : cli_history_show(engine, st.store, st.json, argc - optind, argv + optind);
    } else if (strcmp(command, "domain") == 0) {
	rc = run_domain(&st, argc - optind, argv + optind);
    } else {
	rp_engine_describe(engine, show_setting, stdout);
	rc = 0;
    }
    hist_store_close(st.store);
    rp_engine_free(engine);
    return rc;
}
