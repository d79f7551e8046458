/*
 * NAME
 *	hist_lmdb 3
 * SUMMARY
 *	the local history store: LMDB in one directory
 * SYNOPSIS
 *	#include "hist_lmdb.h"
 *
 *	hist_lmdb *hist_lmdb_open(const char *path, size_t max_bytes,
 *				  long retention_days, int read_only,
 *				  char *err, size_t errlen)
 *	int	hist_lmdb_lookup(hist_lmdb *h, const char *key, long long now,
 *				 rp_history_record *record, char *brand,
 *				 size_t size)
 *	int	hist_lmdb_record(hist_lmdb *h, const hist_item *items,
 *				 size_t n, int flagged, long long now)
 *	void	hist_lmdb_close(hist_lmdb *h)
 * DESCRIPTION
 *	One LMDB environment per directory per process, as LMDB requires:
 *	opening the same directory again (a reload) shares it, counted
 *	(with the first open's map size), and the last hist_lmdb_close()
 *	closes it.  MDB_NOTLS ties a read
 *	transaction to its call, not to the thread, so libmilter's threads
 *	come and go without holding reader slots.  Each lookup is one read
 *	transaction (a snapshot: a CLI in another process reads beside a
 *	running milter), each record (all the domains of one message) one
 *	write transaction.  A commit flushes the data pages (one fsync) but
 *	not the meta page (MDB_NOMETASYNC), which the next commit flushes:
 *	SIGKILL at any moment leaves the last committed state, and a crash
 *	of the whole system may undo the last message counted, never the
 *	store's integrity (LMDB's documented guarantee).  Stale reader
 *	slots of killed processes are cleared at open.
 *
 *	Retention: a lookup reports an entry unseen for retention_days as
 *	never seen, and every record also sweeps the next SWEEP_STEP
 *	entries (a cursor that walks the whole store round by round) and
 *	deletes the expired ones, so the cost per message stays bounded.
 *
 *	Size cap: the map size is max_bytes (the file never grows past it).
 *	When the data pages pass three quarters of it, a record is followed
 *	by a transaction of its own that samples the next EVICT_SAMPLE
 *	entries and forgets those last seen before the sample's median
 *	(approximately least recently seen, as Redis's maxmemory does; a
 *	smaller sample when the map lacks room for the larger one's page
 *	copies).  When a record fails for room (LMDB's map full), it evicts
 *	so and tries once more, and otherwise gives up: the message is not
 *	counted, mail is never held for it.
 *
 *	A record whose entry had expired starts it afresh (first seen now).
 *	first_seen is the earliest time recorded and last_seen the latest,
 *	whatever order messages (an import) arrive in.
 * DIAGNOSTICS
 *	hist_lmdb_open() returns NULL with the path and LMDB's reason in err.
 *	Lookups and records return -1 on any LMDB error.  A map another
 *	process grew (a writer with a larger max_bytes) is adopted.
 * SEE ALSO
 *	hist_store(3), lmdb.h
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lmdb.h>

#include "hist_lmdb.h"

#define SWEEP_STEP	64		/* entries looked at per record */
#define EVICT_SAMPLE	256		/* entries sampled when over the cap */
#define KEY_MAX		512		/* LMDB's default max key is 511 */
#define DEFAULT_MAP	((size_t) 256 << 20)
#define MIN_MAP		((size_t) 1 << 20)

/* The value stored per key, followed by the brand's bytes. */
typedef struct hist_value {
    int64_t first, last;
    uint64_t messages, flagged;
} hist_value;

/* One environment, shared by every open of its directory in this process. */
typedef struct hist_env {
    struct hist_env *next;
    dev_t   dev;
    ino_t   ino;
    MDB_env *env;
    MDB_dbi dbi;
    int     refs;
    int     read_only;
    size_t  map_size;
    pthread_rwlock_t resize;		/* held to read by every transaction */
    /* where the sweep goes on: touched only inside a write transaction */
    char    sweep_key[KEY_MAX];
    size_t  sweep_len;
} hist_env;

struct hist_lmdb {
    hist_env *e;
    int     read_only;
    long long retention;		/* seconds; 0: forever */
};

static pthread_mutex_t envs_lock = PTHREAD_MUTEX_INITIALIZER;
static hist_env *envs;

/* env_create - open a new environment on directory path */
static hist_env *env_create(const char *path, const struct stat *st, size_t max_bytes,
			    int read_only, char *err, size_t errlen)
{
    hist_env *e;
    MDB_txn *txn;
    MDB_envinfo info;
    int     rc, dead;

    if ((e = calloc(1, sizeof(*e))) == NULL) {
	snprintf(err, errlen, "%s: out of memory", path);
	return NULL;
    }
    e->dev = st->st_dev;
    e->ino = st->st_ino;
    e->read_only = read_only;
    if ((rc = mdb_env_create(&e->env)) != 0)
	goto fail;
    /* A reader takes the size the writer set; a writer sets the cap. */
    if (!read_only) {
	if (max_bytes == 0)
	    max_bytes = DEFAULT_MAP;
	if (max_bytes < MIN_MAP)
	    max_bytes = MIN_MAP;
	if ((rc = mdb_env_set_mapsize(e->env, max_bytes)) != 0)
	    goto fail;
    }
    if ((rc = mdb_env_set_maxreaders(e->env, 1024)) != 0
	|| (rc = mdb_env_open(e->env, path,
			      MDB_NOTLS | (read_only ? MDB_RDONLY : MDB_NOMETASYNC),
			      0640)) != 0)
	goto fail;
    (void) mdb_reader_check(e->env, &dead);
    if ((rc = mdb_txn_begin(e->env, NULL, read_only ? MDB_RDONLY : 0, &txn)) != 0)
	goto fail;
    if ((rc = mdb_dbi_open(txn, NULL, 0, &e->dbi)) != 0) {
	mdb_txn_abort(txn);
	goto fail;
    }
    if ((rc = mdb_txn_commit(txn)) != 0)
	goto fail;
    pthread_rwlock_init(&e->resize, NULL);
    mdb_env_info(e->env, &info);
    e->map_size = info.me_mapsize;
    return e;

fail:
    snprintf(err, errlen, "%s: %s", path, mdb_strerror(rc));
    if (e->env != NULL)
	mdb_env_close(e->env);
    free(e);
    return NULL;
}

/* hist_lmdb_open - open the store in directory path */
hist_lmdb *hist_lmdb_open(const char *path, size_t max_bytes, long retention_days,
			  int read_only, char *err, size_t errlen)
{
    hist_lmdb *h;
    hist_env *e;
    struct stat st;

    if (stat(path, &st) != 0 && (errno != ENOENT || read_only || mkdir(path, 0750) != 0
				 || stat(path, &st) != 0)) {
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	return NULL;
    }
    if (!S_ISDIR(st.st_mode)) {
	snprintf(err, errlen, "%s: not a directory", path);
	return NULL;
    }
    if ((h = calloc(1, sizeof(*h))) == NULL) {
	snprintf(err, errlen, "%s: out of memory", path);
	return NULL;
    }
    h->read_only = read_only;
    h->retention = retention_days > 0 ? (long long) retention_days * 86400 : 0;
    pthread_mutex_lock(&envs_lock);
    for (e = envs; e != NULL; e = e->next)
	if (e->dev == st.st_dev && e->ino == st.st_ino)
	    break;
    if (e != NULL && e->read_only && !read_only) {
	snprintf(err, errlen, "%s: already open read-only in this process", path);
	e = NULL;
    } else if (e != NULL) {
	e->refs++;
    } else if ((e = env_create(path, &st, max_bytes, read_only, err, errlen)) != NULL) {
	e->refs = 1;
	e->next = envs;
	envs = e;
    }
    pthread_mutex_unlock(&envs_lock);
    if (e == NULL) {
	free(h);
	return NULL;
    }
    h->e = e;
    return h;
}

/* value_read - decode a stored value; 0 when it is not one of ours */
static int value_read(const MDB_val *val, hist_value *v, char *brand, size_t size)
{
    size_t  blen;

    if (val->mv_size < sizeof(*v))
	return 0;
    memcpy(v, val->mv_data, sizeof(*v));
    if (brand != NULL && size > 0) {
	blen = val->mv_size - sizeof(*v);
	if (blen >= size)
	    blen = size - 1;
	memcpy(brand, (const char *) val->mv_data + sizeof(*v), blen);
	brand[blen] = 0;
    }
    return 1;
}

/* expired - whether an entry last seen at last is forgotten at now */
static int expired(const hist_lmdb *h, long long last, long long now)
{
    return h->retention > 0 && last < now - h->retention;
}

/*
 * txn_begin - a transaction, holding e->resize to read until txn_end();
 * when another process grew the map past this one's (MDB_MAP_RESIZED),
 * adopt its size once no transaction of this process runs, then begin
 */
static int txn_begin(hist_env *e, unsigned flags, MDB_txn **txn)
{
    MDB_envinfo info;
    int     rc;

    pthread_rwlock_rdlock(&e->resize);
    if ((rc = mdb_txn_begin(e->env, NULL, flags, txn)) == MDB_MAP_RESIZED) {
	pthread_rwlock_unlock(&e->resize);
	pthread_rwlock_wrlock(&e->resize);
	if (mdb_env_set_mapsize(e->env, 0) == 0) {
	    mdb_env_info(e->env, &info);
	    e->map_size = info.me_mapsize;
	}
	pthread_rwlock_unlock(&e->resize);
	pthread_rwlock_rdlock(&e->resize);
	rc = mdb_txn_begin(e->env, NULL, flags, txn);
    }
    if (rc != 0)
	pthread_rwlock_unlock(&e->resize);
    return rc;
}

/* txn_end - after a transaction's commit or abort */
static void txn_end(hist_env *e)
{
    pthread_rwlock_unlock(&e->resize);
}

/* hist_lmdb_lookup - read one entry in a snapshot */
int     hist_lmdb_lookup(hist_lmdb *h, const char *key, long long now,
			 rp_history_record *record, char *brand, size_t size)
{
    MDB_txn *txn;
    MDB_val k, val;
    hist_value v;
    int     rc, found;

    memset(record, 0, sizeof(*record));
    if (brand != NULL && size > 0)
	brand[0] = 0;
    if (txn_begin(h->e, MDB_RDONLY, &txn) != 0)
	return -1;
    k.mv_data = (void *) key;
    k.mv_size = strlen(key);
    rc = mdb_get(txn, h->e->dbi, &k, &val);
    found = rc == 0 && value_read(&val, &v, brand, size) && !expired(h, v.last, now);
    mdb_txn_abort(txn);
    txn_end(h->e);
    if (rc != 0 && rc != MDB_NOTFOUND)
	return -1;
    if (!found) {
	if (brand != NULL && size > 0)
	    brand[0] = 0;
	return 0;
    }
    record->first_seen = v.first;
    record->last_seen = v.last;
    record->messages = (unsigned long) v.messages;
    record->flagged = (unsigned long) v.flagged;
    return 1;
}

/* A sampled entry: its key and when it was last seen. */
typedef struct sweep_item {
    char    key[KEY_MAX];
    size_t  len;
    int64_t last;
} sweep_item;

/* cmp_last - order sampled times */
static int cmp_last(const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;

    return x < y ? -1 : x > y;
}

/* sweep_sample - the next n entries from where the sweep stopped */
static size_t sweep_sample(hist_env *e, MDB_txn *txn, sweep_item *item, size_t n)
{
    MDB_cursor *cur;
    MDB_val k, val;
    hist_value v;
    size_t  got = 0;
    int     rc;

    if (mdb_cursor_open(txn, e->dbi, &cur) != 0)
	return 0;
    k.mv_data = e->sweep_key;
    k.mv_size = e->sweep_len;
    rc = e->sweep_len > 0 ? mdb_cursor_get(cur, &k, &val, MDB_SET_RANGE)
	: mdb_cursor_get(cur, &k, &val, MDB_FIRST);
    for (; rc == 0 && got < n; rc = mdb_cursor_get(cur, &k, &val, MDB_NEXT)) {
	if (k.mv_size >= KEY_MAX)
	    continue;
	memcpy(item[got].key, k.mv_data, k.mv_size);
	item[got].len = k.mv_size;
	item[got].last = value_read(&val, &v, NULL, 0) ? v.last : 0;
	got++;
    }
    /* Go on from the next key next time; from the start after the end. */
    if (rc == 0 && k.mv_size < KEY_MAX) {
	memcpy(e->sweep_key, k.mv_data, k.mv_size);
	e->sweep_len = k.mv_size;
    } else
	e->sweep_len = 0;
    mdb_cursor_close(cur);
    return got;
}

/*
 * sweep - within write transaction txn, forget the expired entries among
 * the next n, and when evict is set the older half of them
 */
static void sweep(hist_lmdb *h, MDB_txn *txn, long long now, size_t n, int evict)
{
    hist_env *e = h->e;
    size_t  got, i, dropped = 0;
    sweep_item *item;
    int64_t *lasts, median = 0;
    MDB_val k;

    if ((item = malloc(n * sizeof(*item))) == NULL)
	return;
    got = sweep_sample(e, txn, item, n);
    if (evict && got > 0 && (lasts = malloc(got * sizeof(*lasts))) != NULL) {
	for (i = 0; i < got; i++)
	    lasts[i] = item[i].last;
	qsort(lasts, got, sizeof(*lasts), cmp_last);
	median = lasts[got / 2];
	free(lasts);
    }
    for (i = 0; i < got; i++) {
	if (expired(h, item[i].last, now) || (evict && item[i].last < median)) {
	    k.mv_data = item[i].key;
	    k.mv_size = item[i].len;
	    dropped += mdb_del(txn, e->dbi, &k, NULL) == 0;
	}
    }
    /* A sample seen all at one time: forget it whole rather than nothing. */
    for (i = 0; evict && dropped == 0 && i < got; i++) {
	k.mv_data = item[i].key;
	k.mv_size = item[i].len;
	(void) mdb_del(txn, e->dbi, &k, NULL);
    }
    free(item);
}

/* over_cap - whether the data pages pass three quarters of the map */
static int over_cap(hist_env *e, MDB_txn *txn)
{
    MDB_stat st;

    if (mdb_stat(txn, e->dbi, &st) != 0)
	return 0;
    return (st.ms_branch_pages + st.ms_leaf_pages + st.ms_overflow_pages)
	* (size_t) st.ms_psize > e->map_size / 4 * 3;
}

/* count_one - within txn, count one message under key */
static int count_one(hist_lmdb *h, MDB_txn *txn, const hist_item *item, int flagged,
		     long long now)
{
    hist_env *e = h->e;
    MDB_val k, val;
    hist_value v;
    char    old[KEY_MAX], buf[sizeof(hist_value) + KEY_MAX];
    const char *brand = item->brand;
    size_t  blen;
    int     rc;

    k.mv_data = (void *) item->key;
    k.mv_size = strlen(item->key);
    rc = mdb_get(txn, e->dbi, &k, &val);
    if (rc == 0 && value_read(&val, &v, old, sizeof(old)) && !expired(h, v.last, now)) {
	if (now < v.first)
	    v.first = now;
	if (now > v.last)
	    v.last = now;
    } else if (rc == 0 || rc == MDB_NOTFOUND) {
	memset(&v, 0, sizeof(v));
	v.first = v.last = now;
	old[0] = 0;
    } else
	return rc;
    v.messages++;
    v.flagged += flagged != 0;
    if (brand == NULL)
	brand = old;
    blen = strlen(brand);
    if (blen >= KEY_MAX)
	blen = KEY_MAX - 1;
    memcpy(buf, &v, sizeof(v));
    memcpy(buf + sizeof(v), brand, blen);
    val.mv_data = buf;
    val.mv_size = sizeof(v) + blen;
    return mdb_put(txn, e->dbi, &k, &val, 0);
}

/*
 * record_once - one write transaction: count the message under every
 * item, sweep the expired; *full says the data passed the cap
 */
static int record_once(hist_lmdb *h, const hist_item *items, size_t n, int flagged,
		       long long now, int *full)
{
    hist_env *e = h->e;
    MDB_txn *txn;
    size_t  i;
    int     rc = 0;

    if ((rc = txn_begin(e, 0, &txn)) != 0)
	return rc;
    for (i = 0; i < n && rc == 0; i++)
	rc = count_one(h, txn, items + i, flagged, now);
    if (rc == 0) {
	sweep(h, txn, now, SWEEP_STEP, 0);
	*full = over_cap(e, txn);
	rc = mdb_txn_commit(txn);
    } else
	mdb_txn_abort(txn);
    txn_end(e);
    return rc;
}

/*
 * evict - transactions that only forget the older half of a sample; a
 * smaller one when the map has no room even for a large one's copies
 */
static void evict(hist_lmdb *h, long long now)
{
    static const size_t sizes[] = {EVICT_SAMPLE, EVICT_SAMPLE / 8};
    MDB_txn *txn;
    size_t  i;
    int     rc;

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
	if (txn_begin(h->e, 0, &txn) != 0)
	    return;
	sweep(h, txn, now, sizes[i], 1);
	rc = mdb_txn_commit(txn);
	txn_end(h->e);
	if (rc == 0)
	    return;
    }
}

/*
 * hist_lmdb_record - count one message; past the cap, forget some after
 * it; when the map is full (the transaction failed for room), forget
 * some and try once more
 */
int     hist_lmdb_record(hist_lmdb *h, const hist_item *items, size_t n,
			 int flagged, long long now)
{
    int     rc, full = 0;

    if (h->read_only)
	return -1;
    rc = record_once(h, items, n, flagged, now, &full);
    if (rc == MDB_MAP_FULL || rc == MDB_BAD_TXN) {
	evict(h, now);
	rc = record_once(h, items, n, flagged, now, &full);
    }
    if (rc == 0 && full)
	evict(h, now);
    return rc == 0 ? 0 : -1;
}

/* hist_lmdb_close - drop one open; close the environment at the last */
void    hist_lmdb_close(hist_lmdb *h)
{
    hist_env **pp;

    if (h == NULL)
	return;
    pthread_mutex_lock(&envs_lock);
    if (--h->e->refs == 0) {
	for (pp = &envs; *pp != h->e; pp = &(*pp)->next)
	     /* void */ ;
	*pp = h->e->next;
	mdb_env_close(h->e->env);
	pthread_rwlock_destroy(&h->e->resize);
	free(h->e);
    }
    pthread_mutex_unlock(&envs_lock);
    free(h);
}
