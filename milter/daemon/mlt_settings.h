/*
 * NAME
 *	mlt_settings 3h
 * SUMMARY
 *	the daemon's keys of regphish.conf, bound into one typed struct
 * SYNOPSIS
 *	#include "mlt_settings.h"
 * DESCRIPTION
 *	The engine reads and checks the whole file (rp_engine_load_settings);
 *	this table tells it the daemon's keys and where in an mlt_settings
 *	each goes.  It is data and binding only, no libmilter: the CLI
 *	compiles it too, so that `regphish check -c` and `regphish config`
 *	accept and check a milter config exactly as the daemon does.
 */
#ifndef MLT_SETTINGS_H
#define MLT_SETTINGS_H

#include "regphish.h"

/* fallback: what an internal error does to the message */
typedef enum mlt_fallback {
    MLT_FALLBACK_ACCEPT = 0,		/* deliver, with X-Regphish-Skipped */
    MLT_FALLBACK_TEMPFAIL		/* 451 4.3.0 */
} mlt_fallback;

typedef struct mlt_settings {
    const char *socket;			/* unix:PATH, inet:PORT@HOST ... */
    const char *socket_mode;		/* octal, checked at start-up */
    const char *user;
    const char *group;			/* "": the user's primary group */
    const char *pidfile;		/* "": none */
    unsigned long max_message_size;	/* larger: not analysed */
    unsigned long milter_timeout;	/* seconds */
    int     fallback;			/* mlt_fallback */
    int     skip_authenticated;
    const char *trusted_networks;	/* CIDRs, parsed by mlt_reload */
    int     add_headers;
    int     spam_flag;
    int     tag_subject;
    const char *subject_tag;
    int     rewrite;
    const char *rewrite_banner;
    int     history;			/* 0 none, 1 local, 2 redis (mlt_histconf.c) */
    const char *history_path;
    const char *history_redis;		/* HOST:PORT */
    const char *history_redis_password;	/* "": none */
    unsigned long history_redis_db;
    int     history_fallback;		/* 0 local, 1 none */
    unsigned long history_retention_days;
    unsigned long history_max_size;	/* bytes */
    const char *metrics_listen;		/* "": no metrics (mlt_metrics.c) */
} mlt_settings;

/*
 * mlt_settings_program - the daemon's table, to fill values when an
 * engine loads (rp_engine_load_settings)
 */
rp_program_settings mlt_settings_program(mlt_settings *values);

#endif
