/*
 * NAME
 *	mlt_metrics 3h
 * SUMMARY
 *	counters of what the milter did, served to Prometheus over HTTP
 * SYNOPSIS
 *	#include "mlt_metrics.h"
 * DESCRIPTION
 *	The callbacks, the actions and the reloads count here; a thread of
 *	its own serves the counts at GET /metrics (see mlt_metrics.c).
 */
#ifndef MLT_METRICS_H
#define MLT_METRICS_H

#include "regphish.h"

/* what was done with a message; the first four are the verdict's rp_action */
typedef enum mlt_metrics_action {
    MLT_METRICS_ACCEPT = RP_ACTION_ACCEPT,
    MLT_METRICS_TAG = RP_ACTION_TAG,
    MLT_METRICS_QUARANTINE = RP_ACTION_QUARANTINE,
    MLT_METRICS_REJECT = RP_ACTION_REJECT,
    MLT_METRICS_SKIPPED,		/* not analysed: trusted, authenticated, too large */
    MLT_METRICS_FALLBACK,		/* an internal error: the fallback setting */
    MLT_METRICS_ACTIONS			/* how many */
} mlt_metrics_action;

/* mlt_metrics_listen - bind metrics_listen (empty: none); -1 logged */
int     mlt_metrics_listen(const char *spec);

/* mlt_metrics_start - serve it from a thread of its own; -1 logged */
int     mlt_metrics_start(void);

/* mlt_metrics_message - count one message that was not judged */
void    mlt_metrics_message(mlt_metrics_action action);

/* mlt_metrics_verdict - count a judged message: its action and symbols */
void    mlt_metrics_verdict(const rp_verdict *verdict);

/* mlt_metrics_scan - the seconds one scan took */
void    mlt_metrics_scan(double seconds);

/* mlt_metrics_reload - a load of config and rules; first: the one at start-up */
void    mlt_metrics_reload(int ok, int first);

#endif
