/*
 * NAME
 *	hist_store 3
 * SUMMARY
 *	the site's mail history: one interface over none, LMDB and Redis
 * SYNOPSIS
 *	#include "hist_store.h"
 *
 *	hist_store *hist_store_open(const hist_settings *settings,
 *				    char *err, size_t errlen)
 *	void	hist_store_reader(hist_store *store, rp_history_reader *reader)
 *	int	hist_store_lookup(hist_store *store, rp_history_role role,
 *				  const char *domain, rp_history_record *record)
 *	int	hist_store_brand(hist_store *store, const char *domain,
 *				 char *brand, size_t size)
 *	int	hist_store_record(hist_store *store, rp_history_role role,
 *				  const char *domain, const char *brand,
 *				  int flagged, long long now)
 *	int	hist_store_record_verdict(hist_store *store,
 *					  const rp_verdict *verdict,
 *					  long long now)
 *	void	hist_store_close(hist_store *store)
 * DESCRIPTION
 *	hist_store_open() opens the backend the settings name.  With Redis
 *	and fallback = HIST_LOCAL it opens the local store too and writes
 *	every record to both, so that while Redis cannot be reached the
 *	lookups read this host's own history rather than nothing; with
 *	fallback = HIST_NONE an unreachable Redis reads as "no history"
 *	(-1: the engine then judges as without history, never as "never
 *	seen").  A store of backend HIST_NONE reads -1 and records nothing.
 *	A read-only Redis store whose local fallback cannot be opened (a
 *	CLI on a host without one) logs why and goes on without it.
 *
 *	hist_store_record_verdict() records the sender's domain (with the
 *	brand its display name claimed) and at most HIST_MAX_LINKS link
 *	domains of the verdict, flagged when its action is tag or worse,
 *	all in one transaction (LMDB) and one round trip (Redis): one fsync
 *	per message.  Further link domains are not counted, so that one
 *	message cannot push the site's real correspondents out of a full
 *	store.
 *
 *	Domains are checked and folded to lower case here, once for every
 *	backend: ASCII letters, digits, '-', '_' and '.', at most 253
 *	bytes, so a key never carries a space, a control character or an
 *	address.  Brands are cut at the first control character and to
 *	HIST_BRAND_MAX - 1 bytes (on a UTF-8 character boundary).
 * DIAGNOSTICS
 *	hist_store_open() fails (NULL, reason in err) when the local store
 *	cannot be opened, or for an unknown backend; an unreachable Redis
 *	is logged by hist_redis, not an open failure.
 * SEE ALSO
 *	hist_lmdb(3), hist_redis(3), milter/history/README
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hist_store.h"
#include "hist_item.h"
#include "hist_lmdb.h"
#include "hist_redis.h"

#define DOMAIN_MAX	253
#define KEY_SIZE	(DOMAIN_MAX + 16)

struct hist_store {
    hist_backend backend;
    int     read_only;
    hist_lmdb *local;			/* HIST_LOCAL, or Redis's fallback */
    hist_redis *redis;
};

/* hist_store_open - open the configured backend (and Redis's fallback) */
hist_store *hist_store_open(const hist_settings *settings, char *err, size_t errlen)
{
    hist_store *store;
    int     local;

    if (settings->backend != HIST_NONE && settings->backend != HIST_LOCAL
	&& settings->backend != HIST_REDIS) {
	snprintf(err, errlen, "unknown history backend %d", (int) settings->backend);
	return NULL;
    }
    if ((store = calloc(1, sizeof(*store))) == NULL) {
	snprintf(err, errlen, "out of memory");
	return NULL;
    }
    store->backend = settings->backend;
    store->read_only = settings->read_only;
    local = settings->backend == HIST_LOCAL
	|| (settings->backend == HIST_REDIS && settings->fallback == HIST_LOCAL);
    if (local && (store->local = hist_lmdb_open(settings->path, settings->max_bytes,
						settings->retention_days,
						settings->read_only, err,
						errlen)) == NULL) {
	/* A reader of Redis does without a local store it cannot find. */
	if (settings->backend != HIST_REDIS || !settings->read_only) {
	    free(store);
	    return NULL;
	}
	if (settings->log != NULL)
	    settings->log(settings->log_ctx, err);
    }
    if (settings->backend == HIST_REDIS
	&& (store->redis = hist_redis_open(settings, err, errlen)) == NULL) {
	hist_lmdb_close(store->local);
	free(store);
	return NULL;
    }
    return store;
}

/* make_key - "ROLE:domain", the domain checked and folded; -1 if not one */
static int make_key(rp_history_role role, const char *domain, char *key, size_t size)
{
    const char *prefix = role == RP_HISTORY_SENDER ? "sender:" : "link:";
    size_t  len, plen = strlen(prefix), i;
    char    c;

    if (domain == NULL || (role != RP_HISTORY_SENDER && role != RP_HISTORY_LINK)
	|| (len = strlen(domain)) == 0 || len > DOMAIN_MAX || plen + len >= size
	|| domain[0] == '.')
	return -1;
    memcpy(key, prefix, plen);
    for (i = 0; i < len; i++) {
	c = domain[i];
	if (c >= 'A' && c <= 'Z')
	    c = (char) (c - 'A' + 'a');
	else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
		   || c == '-' || c == '_' || c == '.'))
	    return -1;
	key[plen + i] = c;
    }
    key[plen + len] = 0;
    return 0;
}

/* clean_brand - brand cut at a control character and to fit */
static void clean_brand(const char *brand, char *out)
{
    size_t  i;

    for (i = 0; brand[i] != 0 && i < HIST_BRAND_MAX - 1; i++) {
	if ((unsigned char) brand[i] < 0x20 || brand[i] == 0x7f)
	    break;
	out[i] = brand[i];
    }
    /* Never leave half a UTF-8 character at a cut: drop the last one. */
    if (brand[i] != 0 && i > 0 && (unsigned char) out[i - 1] >= 0x80) {
	while (i > 0 && ((unsigned char) out[i - 1] & 0xc0) == 0x80)
	    i--;
	if (i > 0 && (unsigned char) out[i - 1] >= 0xc0)
	    i--;
    }
    out[i] = 0;
}

/* lookup - one lookup, through Redis and then its fallback */
static int lookup(hist_store *store, rp_history_role role, const char *domain,
		  rp_history_record *record, char *brand, size_t size)
{
    char    key[KEY_SIZE];
    int     rc = -1;

    memset(record, 0, sizeof(*record));
    if (store == NULL || make_key(role, domain, key, sizeof(key)) != 0)
	return -1;
    if (store->redis != NULL
	&& (rc = hist_redis_lookup(store->redis, key, record, brand, size))
	!= HIST_REDIS_DOWN)
	return rc;
    if (store->local != NULL)
	return hist_lmdb_lookup(store->local, key, (long long) time(NULL), record,
				brand, size);
    return -1;
}

/* hist_store_lookup - what is known of domain in role */
int     hist_store_lookup(hist_store *store, rp_history_role role,
			  const char *domain, rp_history_record *record)
{
    return lookup(store, role, domain, record, NULL, 0);
}

/* hist_store_brand - the brand the sender domain last claimed */
int     hist_store_brand(hist_store *store, const char *domain, char *brand,
			 size_t size)
{
    rp_history_record record;
    int     rc;

    if (size == 0)
	return -1;
    brand[0] = 0;
    rc = lookup(store, RP_HISTORY_SENDER, domain, &record, brand, size);
    return rc == 1 ? brand[0] != 0 : rc;
}

/* reader_lookup - the engine's view of hist_store_lookup */
static int reader_lookup(void *ctx, rp_history_role role, const char *domain,
			 rp_history_record *record)
{
    return hist_store_lookup((hist_store *) ctx, role, domain, record);
}

/* hist_store_reader - let the engine read this store */
void    hist_store_reader(hist_store *store, rp_history_reader *reader)
{
    reader->lookup = reader_lookup;
    reader->ctx = store;
}

/* record_items - count one message under its items in every store that takes it */
static int record_items(hist_store *store, const hist_item *items, size_t n, int flagged,
			long long now)
{
    int     written = 0, tried = 0;

    if (n == 0)
	return 0;
    if (store->redis != NULL) {
	tried++;
	written += hist_redis_record(store->redis, items, n, flagged, now) == 0;
    }
    if (store->local != NULL) {
	tried++;
	written += hist_lmdb_record(store->local, items, n, flagged, now) == 0;
    }
    return tried == 0 || written > 0 ? 0 : -1;
}

/* hist_store_record - count one message that carried domain in role */
int     hist_store_record(hist_store *store, rp_history_role role, const char *domain,
			  const char *brand, int flagged, long long now)
{
    char    key[KEY_SIZE], clean[HIST_BRAND_MAX];
    hist_item item = {key, NULL};

    if (store == NULL || store->read_only || make_key(role, domain, key, sizeof(key)) != 0)
	return -1;
    if (brand != NULL && role == RP_HISTORY_SENDER) {
	clean_brand(brand, clean);
	item.brand = clean[0] != 0 ? clean : NULL;
    }
    return record_items(store, &item, 1, flagged, now);
}

/* hist_store_record_verdict - record every domain of one verdict, at once */
int     hist_store_record_verdict(hist_store *store, const rp_verdict *verdict,
				  long long now)
{
    char    keys[1 + HIST_MAX_LINKS][KEY_SIZE], clean[HIST_BRAND_MAX];
    hist_item items[1 + HIST_MAX_LINKS];
    size_t  i, n = 0, links = 0, count = rp_verdict_domain_count(verdict);
    rp_history_role role;
    const char *domain, *brand;
    int     rc = 0, sender = 0;

    if (store == NULL || store->read_only)
	return -1;
    for (i = 0; i < count; i++) {
	if ((domain = rp_verdict_domain(verdict, i, &role, &brand)) == NULL
	    || (role == RP_HISTORY_SENDER ? sender++ > 0 : links++ >= HIST_MAX_LINKS))
	    continue;
	if (make_key(role, domain, keys[n], sizeof(keys[n])) != 0) {
	    rc = -1;
	    continue;
	}
	items[n].key = keys[n];
	items[n].brand = NULL;
	if (role == RP_HISTORY_SENDER && brand != NULL) {
	    clean_brand(brand, clean);
	    items[n].brand = clean[0] != 0 ? clean : NULL;
	}
	n++;
    }
    if (record_items(store, items, n, rp_verdict_action(verdict) != RP_ACTION_ACCEPT,
		     now) != 0)
	rc = -1;
    return rc;
}

/* hist_store_close - release everything the store holds */
void    hist_store_close(hist_store *store)
{
    if (store == NULL)
	return;
    hist_redis_close(store->redis);
    hist_lmdb_close(store->local);
    free(store);
}
