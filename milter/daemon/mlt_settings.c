/*
 * NAME
 *	mlt_settings 3
 * SUMMARY
 *	the daemon's keys of regphish.conf: one table, bound by the engine
 * SYNOPSIS
 *	#include "mlt_settings.h"
 *
 *	rp_program_settings mlt_settings_program(mlt_settings *values)
 * DESCRIPTION
 *	daemon_table declares every key only regphish-milter reads, with
 *	its type, default, range and help, and the field of mlt_settings
 *	it fills.  conf/regphish.conf documents the same keys with the same
 *	defaults (tests/t-cli.sh compares them).
 *
 *	mlt_settings_program() hands the table to the engine's loader,
 *	which checks these keys with its own and fills *values once the
 *	whole load succeeded.  mlt_reload.c does so for every (re)load;
 *	the CLI does so to check a milter config.
 * DIAGNOSTICS
 *	None here: the engine's loader reports bad values with file and
 *	line.
 */
#include "config.h"

#include <stddef.h>

#include "mlt_settings.h"

#define AT(field)	offsetof(mlt_settings, field)

static const char *const fallback_choices[] = {"accept", "tempfail", NULL};
static const char *const history_choices[] = {"none", "local", "redis", NULL};
static const char *const history_fallback_choices[] = {"local", "none", NULL};

static const rp_setting_def daemon_table[] = {
    {"socket", RP_SETTING_STR, "unix:/var/spool/postfix/regphish/regphish.sock", 0, 0, NULL,
     AT(socket),
     "milter socket: unix:PATH, inet:PORT@HOST or inet6:PORT@HOST"},
    {"socket_mode", RP_SETTING_STR, "0660", 0, 0, NULL, AT(socket_mode),
     "permissions of a unix socket"},
    {"user", RP_SETTING_STR, "regphish", 0, 0, NULL, AT(user),
     "user to run as after binding the socket"},
    {"group", RP_SETTING_STR, "", 0, 0, NULL, AT(group),
     "group to run as (empty: the user's primary group)"},
    {"pidfile", RP_SETTING_STR, "", 0, 0, NULL, AT(pidfile),
     "pid file (empty: none)"},
    {"max_message_size", RP_SETTING_UINT, "26214400", 1, 1073741824.0, NULL,
     AT(max_message_size),
     "larger messages are accepted unanalysed, with a header saying so"},
    {"milter_timeout", RP_SETTING_UINT, "300", 1, 86400, NULL, AT(milter_timeout),
     "seconds libmilter waits for the MTA"},
    {"fallback", RP_SETTING_CHOICE, "accept", 0, 0, fallback_choices, AT(fallback),
     "on internal error: accept (with a header) or tempfail"},
    {"skip_authenticated", RP_SETTING_BOOL, "yes", 0, 0, NULL, AT(skip_authenticated),
     "do not analyse mail from SASL-authenticated senders"},
    {"trusted_networks", RP_SETTING_STR, "127.0.0.0/8 ::1/128", 0, 0, NULL,
     AT(trusted_networks),
     "client networks whose mail is not analysed (outbound)"},
    {"add_headers", RP_SETTING_BOOL, "yes", 0, 0, NULL, AT(add_headers),
     "add X-Regphish-Score/-Action/-Symbols to every analysed message"},
    {"spam_flag", RP_SETTING_BOOL, "no", 0, 0, NULL, AT(spam_flag),
     "also add X-Spam-Flag: YES to flagged mail"},
    {"tag_subject", RP_SETTING_BOOL, "yes", 0, 0, NULL, AT(tag_subject),
     "prefix the subject of flagged mail"},
    {"subject_tag", RP_SETTING_STR, "[SUSPECTED PHISHING]", 0, 0, NULL, AT(subject_tag),
     "the subject prefix"},
    {"rewrite", RP_SETTING_BOOL, "no", 0, 0, NULL, AT(rewrite),
     "defang deceptive links and add a warning banner to flagged mail"},
    {"rewrite_banner", RP_SETTING_STR,
     "WARNING: regphish found links in this message that imitate a known site. "
     "They have been disabled; do not enter passwords or codes.", 0, 0, NULL,
     AT(rewrite_banner),
     "warning put at the top of the text of a rewritten message"},
    /* The site's history (mlt_histconf.c binds these for the store). */
    {"history", RP_SETTING_CHOICE, "local", 0, 0, history_choices, AT(history),
     "the site's mail history: none, local (LMDB at history_path) or redis"},
    {"history_path", RP_SETTING_STR, "/var/lib/regphish/history", 0, 0, NULL,
     AT(history_path),
     "directory of the local history store"},
    {"history_redis", RP_SETTING_STR, "127.0.0.1:6379", 0, 0, NULL, AT(history_redis),
     "Redis server of history = redis: HOST:PORT ([ADDRESS]:PORT for IPv6)"},
    {"history_redis_password", RP_SETTING_STR, "", 0, 0, NULL, AT(history_redis_password),
     "Redis AUTH password (empty: none)"},
    {"history_redis_db", RP_SETTING_UINT, "0", 0, 65535, NULL, AT(history_redis_db),
     "Redis database number"},
    {"history_fallback", RP_SETTING_CHOICE, "local", 0, 0, history_fallback_choices,
     AT(history_fallback),
     "when Redis cannot be reached: local (the local store) or none (no history)"},
    {"history_retention_days", RP_SETTING_UINT, "400", 1, 36500, NULL,
     AT(history_retention_days),
     "a domain unseen this many days is forgotten"},
    {"history_max_size", RP_SETTING_UINT, "268435456", 1048576, 1099511627776.0, NULL,
     AT(history_max_size),
     "bytes the local history store may use; the least recently seen go first"},
    {"metrics_listen", RP_SETTING_STR, "", 0, 0, NULL, AT(metrics_listen),
     "serve Prometheus metrics at /metrics: inet:ADDRESS:PORT or inet6:[ADDRESS]:PORT "
     "(empty: off; read at start-up)"},
};

/* mlt_settings_program - the table and the struct it fills */
rp_program_settings mlt_settings_program(mlt_settings *values)
{
    rp_program_settings program;

    program.defs = daemon_table;
    program.count = sizeof(daemon_table) / sizeof(daemon_table[0]);
    program.values = values;
    return program;
}
