/*
 * NAME
 *	cli_history 3h
 * SUMMARY
 *	the site's history from the command line: open, show, import
 * SYNOPSIS
 *	#include "cli_history.h"
 * DESCRIPTION
 *	regphish check --history and --learn, and regphish history, read
 *	and record the store the config names (history_* keys), the one
 *	regphish-milter uses.
 */
#ifndef CLI_HISTORY_H
#define CLI_HISTORY_H

#include <stddef.h>

#include "daemon/mlt_settings.h"
#include "history/hist_store.h"
#include "regphish.h"

/*
 * cli_history_open - the configured store, for lookups only or (record)
 * to record too; prints why and exits 2 when it cannot be opened
 */
hist_store *cli_history_open(const mlt_settings *settings, int record);

/*
 * cli_history_show - what the store knows of each name (any form: its
 * registrable domain is looked up); 0 all seen, 1 some never, 2 errors
 */
int     cli_history_show(const rp_engine *engine, hist_store *store, int json,
			 int argc, char **argv);

/*
 * cli_history_import - record every message at each path, at the time
 * its Date: header gives when that is sane; 0, or 2 on errors
 */
int     cli_history_import(const rp_engine *engine, hist_store *store, int argc,
			   char **argv);

/*
 * cli_history_date - the Unix time of a message's Date: header, or now
 * when it has none, cannot be read, or lies before 1990 or after now
 * plus a day
 */
long long cli_history_date(const char *message, size_t len, long long now);

#endif
