/*
 * hist_store.h - the site's mail history: what registrable domains have
 * written to this site, or been linked from its mail, and when
 *
 * A store is one of: none; the local store (LMDB, one file tree, safe for
 * the milter's threads and for a CLI reading beside a running milter,
 * and intact after SIGKILL); Redis, shared by a fleet of MX hosts, which
 * falls back to the local store or to none when the server cannot be
 * reached.  Only domains and counts are stored: never an address, a
 * subject or a body.
 *
 * The engine reads history through the rp_history_reader that
 * hist_store_reader() fills; programs record a verdict's domains after
 * the verdict with hist_store_record_verdict() (hist_store_record() for
 * one domain).  Every call is safe from several threads at once; a
 * Redis call waits about the store's timeout at most, a local one for
 * LMDB's write lock and fsync.  See milter/history/README.
 */
#ifndef HIST_STORE_H
#define HIST_STORE_H

#include <stddef.h>
#include "regphish.h"

typedef enum hist_backend {
    HIST_NONE,
    HIST_LOCAL,			/* LMDB at hist_settings.path */
    HIST_REDIS			/* Redis at hist_settings.redis_* */
} hist_backend;

/* What a program binds from its settings before opening a store. */
typedef struct hist_settings {
    hist_backend backend;
    const char *path;		/* local store directory */
    size_t  max_bytes;		/* local store size cap; 0: 256 MiB */
    long    retention_days;	/* entries unseen this long are forgotten;
				 * 0 or less: never */
    const char *redis_host;	/* Redis server */
    int     redis_port;
    const char *redis_password;	/* NULL: no AUTH */
    int     redis_db;		/* SELECT this database */
    int     timeout_ms;		/* connect and command timeout, <= 200 */
    hist_backend fallback;	/* when Redis is unreachable: LOCAL or NONE */
    int     read_only;		/* open for lookups only (CLI without --learn) */
    void  (*log)(void *ctx, const char *line);	/* one line per event, from
							 * any thread; may be NULL */
    void   *log_ctx;
} hist_settings;

typedef struct hist_store hist_store;

/*
 * hist_store_open - open the store the settings name; NULL with a reason
 * in err (path, what failed) when it cannot be opened at all.  A Redis
 * store that cannot connect yet still opens (it falls back and retries).
 */
hist_store *hist_store_open(const hist_settings *settings, char *err, size_t errlen);

/* hist_store_reader - fill *reader so the engine reads this store */
void    hist_store_reader(hist_store *store, rp_history_reader *reader);

/*
 * hist_store_lookup - what is known of domain in role: 1 seen (record
 * filled), 0 never (or forgotten), -1 unreadable or not a domain
 * (domains are ASCII: letters, digits, '-', '.', '_'; upper case is
 * folded)
 */
int     hist_store_lookup(hist_store *store, rp_history_role role,
			  const char *domain, rp_history_record *record);

/*
 * hist_store_record - count one message that carried domain in role at
 * time now (first seen is set only if unset, atomically); flagged says
 * the verdict was tag or worse; brand (may be NULL) is the brand the
 * display name claimed.  0 on success, -1 when nothing could be written.
 */
int     hist_store_record(hist_store *store, rp_history_role role, const char *domain,
			  const char *brand, int flagged, long long now);

/*
 * hist_store_brand - the brand the sender domain's display names last
 * claimed, in brand (HIST_BRAND_MAX bytes suffice): 1 found, 0 none,
 * -1 unreadable
 */
#define HIST_BRAND_MAX	64
int     hist_store_brand(hist_store *store, const char *domain, char *brand,
			 size_t size);

/*
 * hist_store_record_verdict - record every domain of one verdict (the
 * sender and at most HIST_MAX_LINKS link domains; the rest are not
 * counted, so one message cannot flood the store), all in one
 * transaction or round trip (one fsync per message, not per domain);
 * 0 when all were written, -1 when not
 */
#define HIST_MAX_LINKS	32
int     hist_store_record_verdict(hist_store *store, const rp_verdict *verdict,
				  long long now);

/* hist_store_close - release the store (NULL is fine) */
void    hist_store_close(hist_store *store);

#endif
