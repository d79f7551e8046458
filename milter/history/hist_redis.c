/*
 * NAME
 *	hist_redis 3
 * SUMMARY
 *	the shared history store: Redis through hiredis 0.14
 * SYNOPSIS
 *	#include "hist_redis.h"
 *
 *	hist_redis *hist_redis_open(const hist_settings *settings,
 *				    char *err, size_t errlen)
 *	int	hist_redis_lookup(hist_redis *r, const char *key,
 *				  rp_history_record *record, char *brand,
 *				  size_t size)
 *	int	hist_redis_record(hist_redis *r, const hist_item *items,
 *				  size_t n, int flagged, long long now)
 *	void	hist_redis_close(hist_redis *r)
 * DESCRIPTION
 *	Each domain and role is one hash, "regphish:sender:example.com"
 *	or "regphish:link:example.com", with the fields first, last,
 *	messages, flagged and brand.  A record (all the domains of one
 *	message) is one pipelined round trip, for each domain:
 *	HSETNX first (so of two hosts or processes recording a new domain
 *	at once exactly one sets it), HSET last, HINCRBY messages (and
 *	flagged), HSET brand when one is given, and EXPIRE of the retention
 *	(less the record's age: an imported old message expires when it
 *	would have), so that a domain unseen for the retention is gone.  A
 *	lookup is one HMGET.  On Redis, last is the latest message recorded,
 *	in the order recorded.
 *
 *	Threads: a pool of POOL connections, each behind its own mutex; a
 *	call takes a free one, or waits for one until its deadline (then it
 *	returns HIST_REDIS_DOWN without marking the store down), so at most
 *	POOL calls are in flight and none waits on another's slow reply
 *	while a connection is free.  Connections are made when first needed, on a TCP host
 *	and port or, when the host starts with '/', a unix socket, then
 *	sent AUTH and SELECT when configured.
 *
 *	Time: every call has one deadline, timeout_ms from its start (the
 *	connect and the replies share it; hiredis's socket timeouts are set
 *	to what is left).  When a call fails (no connection, a timeout, a
 *	broken connection, AUTH or SELECT refused) the store is down: that
 *	is logged once, every call returns HIST_REDIS_DOWN at once without
 *	touching the network, and one call every RETRY_MS tries to connect
 *	again; when it succeeds that is logged too, and connections made
 *	before the failure are replaced.  SIGPIPE from a server that went
 *	away is blocked and discarded in the calling thread, so a program
 *	that does not ignore it (the CLI) is not killed.
 * DIAGNOSTICS
 *	Through settings->log: one line when the server stops answering,
 *	one when it answers again.  hist_redis_open() fails only for lack
 *	of memory or a missing host.
 * SEE ALSO
 *	hist_store(3), hiredis.h
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hiredis/hiredis.h>

#include "hist_redis.h"

#define POOL		4		/* connections per store */
#define RETRY_MS	3000		/* while down, one attempt this often */
#define MIN_TIMEOUT_MS	10

typedef struct redis_slot {
    pthread_mutex_t lock;
    redisContext *c;
    unsigned gen;			/* r->gen when c was made */
} redis_slot;

struct hist_redis {
    char   *host, *password;
    int     port, db, timeout_ms;
    long long retention;		/* seconds; 0: no expiry */
    int     fallback_local;
    void    (*log) (void *ctx, const char *line);
    void   *log_ctx;
    pthread_mutex_t state;		/* guards down ... probing */
    int     down, probing;
    long long retry_at;			/* monotonic ms */
    unsigned gen;
    unsigned next;			/* round robin over the pool */
    redis_slot slot[POOL];
};

/* now_ms - monotonic milliseconds */
static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* hist_redis_open - remember the server; connect on first use */
hist_redis *hist_redis_open(const hist_settings *s, char *err, size_t errlen)
{
    hist_redis *r;
    int     i;

    if (s->redis_host == NULL || s->redis_host[0] == 0) {
	snprintf(err, errlen, "history: no Redis server given");
	return NULL;
    }
    if ((r = calloc(1, sizeof(*r))) == NULL
	|| (r->host = strdup(s->redis_host)) == NULL
	|| (s->redis_password != NULL && (r->password = strdup(s->redis_password)) == NULL)) {
	if (r != NULL)
	    free(r->host);
	free(r);
	snprintf(err, errlen, "out of memory");
	return NULL;
    }
    r->port = s->redis_port;
    r->db = s->redis_db;
    r->timeout_ms = s->timeout_ms > 0 && s->timeout_ms <= 200 ? s->timeout_ms : 200;
    if (r->timeout_ms < MIN_TIMEOUT_MS)
	r->timeout_ms = MIN_TIMEOUT_MS;
    r->retention = s->retention_days > 0 ? (long long) s->retention_days * 86400 : 0;
    r->fallback_local = s->fallback == HIST_LOCAL;
    r->log = s->log;
    r->log_ctx = s->log_ctx;
    pthread_mutex_init(&r->state, NULL);
    for (i = 0; i < POOL; i++)
	pthread_mutex_init(&r->slot[i].lock, NULL);
    return r;
}

/* say - one log line: "history: Redis HOST:PORT " and what happened */
static void say(hist_redis *r, const char *what)
{
    char    line[600];

    if (r->log == NULL)
	return;
    if (r->host[0] == '/')
	snprintf(line, sizeof(line), "history: Redis %s %s", r->host, what);
    else
	snprintf(line, sizeof(line), "history: Redis %s:%d %s", r->host, r->port, what);
    r->log(r->log_ctx, line);
}

/* mark_down - the server failed: log the first time, back off */
static void mark_down(hist_redis *r, const char *why)
{
    char    what[400];
    int     was;

    pthread_mutex_lock(&r->state);
    was = r->down;
    r->down = 1;
    r->probing = 0;
    r->retry_at = now_ms() + RETRY_MS;
    r->gen++;
    pthread_mutex_unlock(&r->state);
    if (!was) {
	snprintf(what, sizeof(what), "unreachable (%s): using %s, retrying every %d s",
		 why, r->fallback_local ? "the local store" : "no history",
		 RETRY_MS / 1000);
	say(r, what);
    }
}

/* mark_up - a call succeeded: end an outage */
static void mark_up(hist_redis *r)
{
    int     was;

    pthread_mutex_lock(&r->state);
    was = r->down;
    r->down = r->probing = 0;
    pthread_mutex_unlock(&r->state);
    if (was)
	say(r, "answers again");
}

/* timeval_ms - a struct timeval of ms milliseconds */
static struct timeval timeval_ms(long long ms)
{
    struct timeval tv;

    if (ms < MIN_TIMEOUT_MS)
	ms = MIN_TIMEOUT_MS;
    tv.tv_sec = (time_t) (ms / 1000);
    tv.tv_usec = (suseconds_t) (ms % 1000 * 1000);
    return tv;
}

/* reply_check - 0 for a reply that is not an error; else why in buf */
static int reply_check(redisContext *c, redisReply *reply, char *why, size_t size)
{
    if (reply == NULL) {
	snprintf(why, size, "%s", c->errstr[0] ? c->errstr : "no reply");
	return -1;
    }
    if (reply->type == REDIS_REPLY_ERROR) {
	snprintf(why, size, "%.*s", (int) reply->len, reply->str);
	return -1;
    }
    return 0;
}

/* setup - AUTH and SELECT on a new connection; -1 with why */
static int setup(hist_redis *r, redisContext *c, char *why, size_t size)
{
    redisReply *reply;
    int     rc;

    if (r->password != NULL && r->password[0] != 0) {
	reply = redisCommand(c, "AUTH %s", r->password);
	rc = reply_check(c, reply, why, size);
	freeReplyObject(reply);
	if (rc != 0)
	    return -1;
    }
    if (r->db != 0) {
	reply = redisCommand(c, "SELECT %d", r->db);
	rc = reply_check(c, reply, why, size);
	freeReplyObject(reply);
	if (rc != 0)
	    return -1;
    }
    return 0;
}

/* connect_by - a new connection within the deadline; NULL with why */
static redisContext *connect_by(hist_redis *r, long long deadline, char *why, size_t size)
{
    struct timeval tv = timeval_ms(deadline - now_ms());
    redisContext *c;

    c = r->host[0] == '/' ? redisConnectUnixWithTimeout(r->host, tv)
	: redisConnectWithTimeout(r->host, r->port, tv);
    if (c == NULL || c->err) {
	snprintf(why, size, "%s", c != NULL ? c->errstr : "out of memory");
	if (c != NULL)
	    redisFree(c);
	return NULL;
    }
    if (redisSetTimeout(c, timeval_ms(deadline - now_ms())) != REDIS_OK
	|| setup(r, c, why, size) != 0) {
	if (why[0] == 0)
	    snprintf(why, size, "%s", c->errstr);
	redisFree(c);
	return NULL;
    }
    return c;
}

/*
 * take_slot - a free connection slot, or wait for one until the
 * deadline; NULL when none came free (every connection busy that long)
 */
static redis_slot *take_slot(hist_redis *r, long long deadline)
{
    unsigned start = __atomic_fetch_add(&r->next, 1, __ATOMIC_RELAXED), i;
    redis_slot *s;
    struct timespec until;
    long long wait = deadline - now_ms();

    for (i = 0; i < POOL; i++) {
	s = &r->slot[(start + i) % POOL];
	if (pthread_mutex_trylock(&s->lock) == 0)
	    return s;
    }
    if (wait <= 0)
	return NULL;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += (time_t) (wait / 1000);
    until.tv_nsec += (long) (wait % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
	until.tv_sec++;
	until.tv_nsec -= 1000000000L;
    }
    s = &r->slot[start % POOL];
    return pthread_mutex_timedlock(&s->lock, &until) == 0 ? s : NULL;
}

/*
 * An operation on a connection: 0 done, -1 a bad reply (the server is
 * there), HIST_REDIS_DOWN the connection failed (why filled).
 */
typedef int (*redis_op) (redisContext *c, void *arg, char *why, size_t size);

/* with_conn - run op on a pooled connection within the timeout */
static int with_conn(hist_redis *r, redis_op op, void *arg)
{
    long long start = now_ms(), deadline = start + r->timeout_ms;
    redis_slot *s;
    sigset_t pipe_set, old;
    siginfo_t info;
    struct timespec zero = {0, 0};
    char    why[256] = "";
    int     probe = 0, rc;
    unsigned gen;

    pthread_mutex_lock(&r->state);
    if (r->down) {
	if (r->probing || start < r->retry_at) {
	    pthread_mutex_unlock(&r->state);
	    return HIST_REDIS_DOWN;
	}
	r->probing = probe = 1;
    }
    pthread_mutex_unlock(&r->state);

    /* Every connection busy until the deadline: not reached, not down. */
    if ((s = take_slot(r, deadline)) == NULL) {
	if (probe)
	    mark_down(r, "every connection busy");
	return HIST_REDIS_DOWN;
    }
    pthread_mutex_lock(&r->state);
    rc = r->down && !probe ? HIST_REDIS_DOWN : 0;	/* failed while we waited */
    gen = r->gen;
    pthread_mutex_unlock(&r->state);
    if (rc != 0) {
	pthread_mutex_unlock(&s->lock);
	return rc;
    }
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    if (s->c != NULL && s->gen != gen) {
	redisFree(s->c);
	s->c = NULL;
    }
    if (s->c == NULL) {
	s->c = connect_by(r, deadline, why, sizeof(why));
	s->gen = gen;
    } else if (redisSetTimeout(s->c, timeval_ms(deadline - now_ms())) != REDIS_OK) {
	snprintf(why, sizeof(why), "%s", s->c->errstr);
	redisFree(s->c);
	s->c = NULL;
    }
    rc = s->c == NULL ? HIST_REDIS_DOWN : op(s->c, arg, why, sizeof(why));
    if (rc == HIST_REDIS_DOWN && s->c != NULL) {
	redisFree(s->c);
	s->c = NULL;
    }
    /* Discard a SIGPIPE our writes raised, then restore the mask. */
    while (sigtimedwait(&pipe_set, &info, &zero) == SIGPIPE)
	 /* void */ ;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_mutex_unlock(&s->lock);
    if (rc == HIST_REDIS_DOWN)
	mark_down(r, why[0] ? why : "no answer");
    else if (probe)
	mark_up(r);
    return rc;
}

/* A lookup's arguments and results. */
typedef struct lookup_arg {
    const char *key;
    rp_history_record *record;
    char   *brand;
    size_t  size;
    int     found;
} lookup_arg;

/* field_ll - a hash field as a number (0 when absent) */
static long long field_ll(const redisReply *e)
{
    return e->type == REDIS_REPLY_STRING ? strtoll(e->str, NULL, 10) : 0;
}

/* op_lookup - HMGET one hash */
static int op_lookup(redisContext *c, void *arg, char *why, size_t size)
{
    lookup_arg *a = arg;
    redisReply *reply, **e;
    size_t  blen;

    reply = redisCommand(c, "HMGET regphish:%s first last messages flagged brand", a->key);
    if (reply == NULL) {
	snprintf(why, size, "%s", c->errstr);
	return HIST_REDIS_DOWN;
    }
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 5) {
	freeReplyObject(reply);
	return -1;
    }
    e = reply->element;
    if ((a->found = e[2]->type == REDIS_REPLY_STRING) != 0) {
	a->record->first_seen = field_ll(e[0]);
	a->record->last_seen = field_ll(e[1]);
	a->record->messages = (unsigned long) field_ll(e[2]);
	a->record->flagged = (unsigned long) field_ll(e[3]);
	if (a->brand != NULL && a->size > 0 && e[4]->type == REDIS_REPLY_STRING) {
	    blen = e[4]->len < a->size ? e[4]->len : a->size - 1;
	    memcpy(a->brand, e[4]->str, blen);
	    a->brand[blen] = 0;
	}
    }
    freeReplyObject(reply);
    return 0;
}

/* hist_redis_lookup - what Redis knows of key */
int     hist_redis_lookup(hist_redis *r, const char *key, rp_history_record *record,
			  char *brand, size_t size)
{
    lookup_arg a = {key, record, brand, size, 0};
    int     rc;

    memset(record, 0, sizeof(*record));
    if (brand != NULL && size > 0)
	brand[0] = 0;
    rc = with_conn(r, op_lookup, &a);
    return rc == 0 ? a.found : rc;
}

/* A record's arguments. */
typedef struct record_arg {
    const hist_item *items;
    size_t  n;
    int     flagged;
    long long now;
    long long ttl;			/* seconds; 0: none */
} record_arg;

/* append_one - queue the updates of one key; how many were queued */
static int append_one(redisContext *c, const record_arg *a, const hist_item *it)
{
    int     n = 0;

    n += redisAppendCommand(c, "HSETNX regphish:%s first %lld", it->key, a->now) == REDIS_OK;
    n += redisAppendCommand(c, "HSET regphish:%s last %lld", it->key, a->now) == REDIS_OK;
    n += redisAppendCommand(c, "HINCRBY regphish:%s messages 1", it->key) == REDIS_OK;
    if (a->flagged)
	n += redisAppendCommand(c, "HINCRBY regphish:%s flagged 1", it->key) == REDIS_OK;
    else
	n += redisAppendCommand(c, "HSETNX regphish:%s flagged 0", it->key) == REDIS_OK;
    if (it->brand != NULL)
	n += redisAppendCommand(c, "HSET regphish:%s brand %s", it->key, it->brand) == REDIS_OK;
    if (a->ttl > 0)
	n += redisAppendCommand(c, "EXPIRE regphish:%s %lld", it->key, a->ttl) == REDIS_OK;
    return n;
}

/* op_record - every update of every key in one pipelined round trip */
static int op_record(redisContext *c, void *arg, char *why, size_t size)
{
    record_arg *a = arg;
    redisReply *reply;
    size_t  i;
    int     n = 0, rc = 0;

    for (i = 0; i < a->n; i++)
	n += append_one(c, a, a->items + i);
    while (n-- > 0) {
	if (redisGetReply(c, (void **) &reply) != REDIS_OK || reply == NULL) {
	    snprintf(why, size, "%s", c->errstr);
	    return HIST_REDIS_DOWN;
	}
	if (reply->type == REDIS_REPLY_ERROR)
	    rc = -1;
	freeReplyObject(reply);
    }
    return rc;
}

/* hist_redis_record - count one message in Redis under each item */
int     hist_redis_record(hist_redis *r, const hist_item *items, size_t n,
			  int flagged, long long now)
{
    record_arg a = {items, n, flagged, now, 0};
    long long age = (long long) time(NULL) - now;

    if (r->retention > 0) {
	/* An old message (an import) expires when it would have. */
	a.ttl = r->retention - (age > 0 ? age : 0);
	if (a.ttl <= 0)
	    return 0;
    }
    return with_conn(r, op_record, &a);
}

/* hist_redis_close - free the pool */
void    hist_redis_close(hist_redis *r)
{
    int     i;

    if (r == NULL)
	return;
    for (i = 0; i < POOL; i++) {
	if (r->slot[i].c != NULL)
	    redisFree(r->slot[i].c);
	pthread_mutex_destroy(&r->slot[i].lock);
    }
    pthread_mutex_destroy(&r->state);
    free(r->host);
    free(r->password);
    free(r);
}
