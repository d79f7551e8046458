/*
 * hist_redis.h - the shared history store in Redis (internal to
 * milter/history: programs use hist_store.h)
 *
 * Keys are "regphish:ROLE:DOMAIN" hashes; key is the "ROLE:DOMAIN" part
 * (hist_store.c builds and checks it).  Every call is safe from several
 * threads and returns within about the timeout; HIST_REDIS_DOWN says the
 * server was not reached (the caller falls back).
 */
#ifndef HIST_REDIS_H
#define HIST_REDIS_H

#include <stddef.h>
#include "hist_store.h"
#include "hist_item.h"

#define HIST_REDIS_DOWN	(-2)

typedef struct hist_redis hist_redis;

/* hist_redis_open - a store for settings' server; connects when first used */
hist_redis *hist_redis_open(const hist_settings *settings, char *err, size_t errlen);

/* hist_redis_lookup - 1 seen, 0 never, -1 bad reply, HIST_REDIS_DOWN */
int     hist_redis_lookup(hist_redis *r, const char *key, rp_history_record *record,
			  char *brand, size_t size);

/*
 * hist_redis_record - count one message under each of its n items, in
 * one round trip: 0, -1 bad reply, HIST_REDIS_DOWN
 */
int     hist_redis_record(hist_redis *r, const hist_item *items, size_t n,
			  int flagged, long long now);

/* hist_redis_close - drop the connections (NULL is fine) */
void    hist_redis_close(hist_redis *r);

#endif
