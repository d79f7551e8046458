/*
 * hist_lmdb.h - the local history store in LMDB (internal to
 * milter/history: programs use hist_store.h)
 *
 * Keys are "ROLE:DOMAIN" (hist_store.c builds and checks them); values a
 * hist_value and the brand's bytes.  Every function is safe from several
 * threads and from several processes on the same directory.
 */
#ifndef HIST_LMDB_H
#define HIST_LMDB_H

#include <stddef.h>
#include "regphish.h"
#include "hist_item.h"

typedef struct hist_lmdb hist_lmdb;

/* hist_lmdb_open - open (a writer creates) the store in directory path */
hist_lmdb *hist_lmdb_open(const char *path, size_t max_bytes, long retention_days,
			  int read_only, char *err, size_t errlen);

/*
 * hist_lmdb_lookup - 1 seen (record, and brand when not NULL, filled),
 * 0 never or unseen for the retention before now, -1 unreadable
 */
int     hist_lmdb_lookup(hist_lmdb *h, const char *key, long long now,
			 rp_history_record *record, char *brand, size_t size);

/*
 * hist_lmdb_record - count one message at time now under each of its n
 * items, in one transaction.  0 written, -1 not.
 */
int     hist_lmdb_record(hist_lmdb *h, const hist_item *items, size_t n,
			 int flagged, long long now);

/* hist_lmdb_close - release one open (the environment at the last) */
void    hist_lmdb_close(hist_lmdb *h);

#endif
