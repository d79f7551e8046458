/*
 * NAME
 *	mlt_histconf 3
 * SUMMARY
 *	the history_* keys of regphish.conf, bound into hist_settings
 * SYNOPSIS
 *	#include "mlt_histconf.h"
 *
 *	int	mlt_histconf_bind(const mlt_settings *settings, int read_only,
 *				  mlt_histconf *conf, char *why, size_t why_size)
 *	int	mlt_histconf_same(const mlt_histconf *a, const mlt_histconf *b)
 * DESCRIPTION
 *	mlt_histconf_bind() turns the daemon's history keys (checked for
 *	type and range by the engine's loader, mlt_settings.c) into the
 *	store's settings: the backend, the local store's directory, size
 *	cap and retention, the Redis server split from HOST:PORT (an IPv6
 *	address in brackets), its password ("" is none) and database, the
 *	fallback, and Redis's timeout, the 200 ms the store allows at
 *	most.  The log callback is left for the program to set.
 *
 *	mlt_histconf_same() says whether two bindings open the same store
 *	the same way (a reload that changes nothing keeps the store open).
 * DIAGNOSTICS
 *	mlt_histconf_bind() returns -1 with why for a history_redis that is
 *	not HOST:PORT with a port of 1..65535.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlt_histconf.h"

#define REDIS_TIMEOUT_MS	200	/* hist_store.h: connect and command, at most */

/* split_host_port - "host:port" or "[v6]:port" into host and port; -1 if not */
static int split_host_port(const char *spec, char *host, size_t size, int *port)
{
    const char *colon, *start = spec, *end;
    char   *stop;
    long    n;

    if (*spec == '[') {
	start = spec + 1;
	if ((end = strchr(start, ']')) == NULL || end[1] != ':')
	    return -1;
	colon = end + 1;
    } else {
	if ((colon = strrchr(spec, ':')) == NULL || memchr(spec, ':', (size_t) (colon - spec)))
	    return -1;
	end = colon;
    }
    if (end == start || (size_t) (end - start) >= size || strspn(start, " \t") > 0)
	return -1;
    n = strtol(colon + 1, &stop, 10);
    if (colon[1] < '0' || colon[1] > '9' || *stop != 0 || n < 1 || n > 65535)
	return -1;
    memcpy(host, start, (size_t) (end - start));
    host[end - start] = 0;
    *port = (int) n;
    return 0;
}

/* mlt_histconf_bind - the store's settings from the daemon's */
int     mlt_histconf_bind(const mlt_settings *settings, int read_only, mlt_histconf *conf,
			          char *why, size_t why_size)
{
    static const hist_backend backends[] = {HIST_NONE, HIST_LOCAL, HIST_REDIS};
    hist_settings *h = &conf->hist;

    memset(conf, 0, sizeof(*conf));
    if (split_host_port(settings->history_redis, conf->host, sizeof(conf->host),
			&h->redis_port) < 0) {
	snprintf(why, why_size, "history_redis: \"%s\" is not HOST:PORT",
		 settings->history_redis);
	return -1;
    }
    h->backend = backends[settings->history];
    h->path = settings->history_path;
    h->max_bytes = (size_t) settings->history_max_size;
    h->retention_days = (long) settings->history_retention_days;
    h->redis_host = conf->host;
    h->redis_password = *settings->history_redis_password
	? settings->history_redis_password : NULL;
    h->redis_db = (int) settings->history_redis_db;
    h->timeout_ms = REDIS_TIMEOUT_MS;
    h->fallback = settings->history_fallback == 0 ? HIST_LOCAL : HIST_NONE;
    h->read_only = read_only;
    return 0;
}

/* same_str - equal strings, NULL equal only to NULL */
static int same_str(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* mlt_histconf_same - both open the same store the same way */
int     mlt_histconf_same(const mlt_histconf *a, const mlt_histconf *b)
{
    const hist_settings *x = &a->hist, *y = &b->hist;

    return x->backend == y->backend && same_str(x->path, y->path)
	&& x->max_bytes == y->max_bytes && x->retention_days == y->retention_days
	&& same_str(x->redis_host, y->redis_host) && x->redis_port == y->redis_port
	&& same_str(x->redis_password, y->redis_password) && x->redis_db == y->redis_db
	&& x->timeout_ms == y->timeout_ms && x->fallback == y->fallback
	&& x->read_only == y->read_only;
}
