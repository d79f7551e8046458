/*
 * NAME
 *	regphish-milter 8
 * SUMMARY
 *	the regphish mail filter daemon (libmilter)
 * SYNOPSIS
 *	regphish-milter [-f] [-c config] [-p socket] [-r rules_dir]
 * DESCRIPTION
 *	regphish-milter judges every message the MTA (Postfix or Sendmail)
 *	hands it with the regphish engine and tags, rewrites, quarantines
 *	or rejects it as the configuration says (see regphish-milter(8)).
 *
 *	-c config	configuration file (default: the installed one)
 *	-p socket	overrides the socket setting: unix:PATH,
 *			inet:PORT@HOST or inet6:PORT@HOST
 *	-r rules_dir	overrides rules_dir (run from a build tree)
 *	-f		stay in the foreground and log to stderr
 *
 *	Start-up order matters: the signals the daemon owns are blocked
 *	first, before any thread exists, so that every thread inherits the
 *	mask (see mlt_signal_block); the config is loaded next (errors go to
 *	the terminal), then the identity to run as is checked (started as
 *	root, it refuses to start without an unprivileged user: see
 *	mlt_daemon_identity), then the socket's directory is made sure of
 *	(one missing level is created for the daemon's user: see
 *	mlt_daemon_socket_dir) and the socket is opened while still
 *	privileged (refused when another process already listens on it,
 *	created 0600 and then given socket_mode and owner),
 *	then the daemon detaches, writes its pidfile, drops privileges,
 *	opens the history store (as its own user, in its own process: see
 *	mlt_history.c; a store that cannot be opened is logged and the
 *	milter runs without history rather than not at all),
 *	starts its reload thread and the metrics thread (its socket,
 *	metrics_listen, bound with the milter's: see mlt_metrics.c) and only
 *	then enters smfi_main(), which
 *	starts libmilter's threads.
 *
 *	On a TCP socket the listening socket gets TCP_NODELAY
 *	(mlt_net_nodelay), which accepted connections inherit; a unix
 *	socket needs nothing and is the fast default.
 * DIAGNOSTICS
 *	Exit status 0 after a clean stop (SIGTERM, SIGINT), 1 when start-up
 *	fails (the reason is logged, and printed when the terminal is still
 *	attached) or libmilter stops on its own, 2 on a usage error.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "mlt_callbacks.h"
#include "mlt_daemon.h"
#include "mlt_escape.h"
#include "mlt_history.h"
#include "mlt_log.h"
#include "mlt_metrics.h"
#include "mlt_net.h"
#include "mlt_reload.h"
#include "mlt_signal.h"

#ifndef RP_CONFIG_FILE
#define RP_CONFIG_FILE "/etc/regphish/regphish.conf"
#endif

#define DRAIN_SECONDS	30		/* longest wait for messages in flight */

/* usage - complain and exit */
static void usage(void)
{
    fprintf(stderr, "usage: regphish-milter [-f] [-c config] [-p socket] [-r rules_dir]\n");
    exit(2);
}

/* open_socket - register with libmilter and open the listening socket */
static int open_socket(const char *spec, const mlt_settings *settings)
{
    mode_t  old_mask;
    int     nodelay, rc;

    if (mlt_daemon_socket_free(spec) < 0)
	return -1;
    /* a unix socket is born 0600 (root's), then mlt_daemon_socket_perms
     * opens it to socket_mode: never wider than configured, not even
     * for a moment */
    old_mask = umask(0177);
    rc = smfi_setconn((char *) spec) != MI_SUCCESS
	|| smfi_settimeout((int) settings->milter_timeout) != MI_SUCCESS
	|| smfi_register(mlt_filter) != MI_SUCCESS
	|| smfi_opensocket(1) != MI_SUCCESS;
    umask(old_mask);
    if (rc) {
	mlt_log(LOG_ERR, "cannot open milter socket %s", spec);
	return -1;
    }
    if (strncmp(spec, "inet", 4) == 0 && (nodelay = mlt_net_nodelay()) == 0)
	mlt_log(LOG_WARNING, "could not set TCP_NODELAY on %s", spec);
    return 0;
}

int     main(int argc, char **argv)
{
    const char *config_path = RP_CONFIG_FILE, *socket_spec = NULL, *rules_dir = NULL;
    mlt_snapshot *snap;
    mlt_identity id;
    rp_error err;
    char   *pidfile, *why, *shown;
    int     ch, foreground = 0, status;

    while ((ch = getopt(argc, argv, "c:fp:r:")) != -1) {
	switch (ch) {
	case 'c':
	    config_path = optarg;
	    break;
	case 'f':
	    foreground = 1;
	    break;
	case 'p':
	    socket_spec = optarg;
	    break;
	case 'r':
	    rules_dir = optarg;
	    break;
	default:
	    usage();
	}
    }
    if (optind != argc)
	usage();

    mlt_signal_block();
    mlt_log_init("regphish-milter", foreground);
    mlt_reload_init(config_path, rules_dir);
    memset(&err, 0, sizeof(err));
    if (mlt_reload(&err) != RP_OK) {
	why = g_strdup_printf("%s:%u: %s", err.file, err.line, err.message);
	shown = mlt_escape(why, SIZE_MAX, MLT_ESCAPE_TERMINAL);
	fprintf(stderr, "regphish-milter: %s\n", shown);
	mlt_log(LOG_ERR, "%s", why);
	g_free(shown);
	g_free(why);
	return 1;
    }
    snap = mlt_snapshot_acquire();
    if (socket_spec == NULL)
	socket_spec = snap->settings.socket;
    pidfile = strdup(snap->settings.pidfile);
    status = mlt_daemon_identity(snap->settings.user, snap->settings.group, &id) < 0
	|| mlt_daemon_socket_dir(socket_spec, &id) < 0
	|| open_socket(socket_spec, &snap->settings) < 0
	|| mlt_daemon_socket_perms(socket_spec, snap->settings.socket_mode, &id) < 0
	|| mlt_metrics_listen(snap->settings.metrics_listen) < 0
	|| (!foreground && mlt_daemon_detach() < 0)
	|| mlt_daemon_pidfile(pidfile) < 0
	|| mlt_daemon_drop(&id) < 0;
    if (status == 0) {
	mlt_history_start();		/* as the daemon's own user, never fatal */
	status = mlt_signal_start() < 0 || mlt_metrics_start() < 0;
    }
    if (status != 0) {
	fprintf(stderr, "regphish-milter: start-up failed; see the log\n");
	return 1;
    }
    mlt_log(LOG_INFO, "listening on %s", socket_spec);
    status = mlt_signal_run(smfi_main);
    mlt_snapshot_release(snap);
    mlt_signal_drain(DRAIN_SECONDS);
    mlt_history_shutdown();
    mlt_daemon_unlink_pidfile(pidfile);
    free(pidfile);
    mlt_log(LOG_INFO, "stopped");
    mlt_log_close();
    return status == MI_SUCCESS ? 0 : 1;
}
