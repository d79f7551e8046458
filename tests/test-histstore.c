/*
 * NAME
 *	test-histstore - unit tests of the history store (milter/history)
 * DESCRIPTION
 *	The local store (LMDB) in a temp dir: first and last seen, counts,
 *	flagged, the brand; domains checked and folded; retention with
 *	injected times (lookups hide, records sweep); the size cap (records
 *	never fail, the newest survive, the file stays within the map);
 *	threads; a reader process beside a writer process; a writer killed
 *	with SIGKILL again and again, the store read back whole each time;
 *	a map grown by another process adopted;
 *	a verdict's domains recorded (the sender with its brand, links
 *	capped at HIST_MAX_LINKS).
 *	Redis against servers that never answer (a listening socket that
 *	never accepts, a closed port): each call costs at most about the
 *	timeout, the outage is logged once, later calls fall back at once.
 *	The real Redis server is tests/redis/t-history-redis.sh's.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <lmdb.h>

#include "history/hist_store.h"
#include "check_main.h"

#define DAY	86400LL

static char dir[256];
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_lines;
static char log_last[512];
static int checks;

/* test_log - count the store's log lines */
static void test_log(void *ctx, const char *line)
{
    (void) ctx;
    pthread_mutex_lock(&log_lock);
    log_lines++;
    snprintf(log_last, sizeof(log_last), "%s", line);
    pthread_mutex_unlock(&log_lock);
}

/* make_dir - a fresh temp dir for one test (removed by the teardown) */
static void make_dir(void)
{
    const char *base = getenv("TMPDIR");

    snprintf(dir, sizeof(dir), "%s/test-histstore.XXXXXX", base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    log_lines = 0;
}

/* remove_dir - the temp dir and the store in it */
static void remove_dir(void)
{
    char    cmd[300];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (dir[0] != 0 && system(cmd) != 0)
	fprintf(stderr, "cannot remove %s\n", dir);
}

/* settings - a local store in dir/db */
static hist_settings settings(size_t cap, long retention, int read_only, char *path)
{
    hist_settings s;

    memset(&s, 0, sizeof(s));
    snprintf(path, 300, "%s/db", dir);
    s.backend = HIST_LOCAL;
    s.path = path;
    s.max_bytes = cap;
    s.retention_days = retention;
    s.read_only = read_only;
    s.timeout_ms = 100;
    s.log = test_log;
    return s;
}

/* open_local - open (or fail the test) */
static hist_store *open_local(size_t cap, long retention, int read_only)
{
    char    path[300], err[400];
    hist_settings s = settings(cap, retention, read_only, path);
    hist_store *store = hist_store_open(&s, err, sizeof(err));

    ck_assert_msg(store != NULL, "open: %s", err);
    return store;
}

/* seen - lookup that must find: its record */
static rp_history_record seen(hist_store *store, rp_history_role role, const char *domain)
{
    rp_history_record r;

    ck_assert_int_eq(hist_store_lookup(store, role, domain, &r), 1);
    checks++;
    return r;
}

START_TEST(test_counts)
{
    long long now = (long long) time(NULL) - 3600;
    hist_store *store;
    rp_history_record r;
    rp_history_reader reader;
    char    brand[HIST_BRAND_MAX];

    make_dir();
    store = open_local(0, 400, 0);
    ck_assert_int_eq(hist_store_lookup(store, RP_HISTORY_SENDER, "example.com", &r), 0);
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "example.com", "npm", 0,
				       now), 0);
    r = seen(store, RP_HISTORY_SENDER, "example.com");
    ck_assert(r.first_seen == now && r.last_seen == now);
    ck_assert_uint_eq(r.messages, 1);
    ck_assert_uint_eq(r.flagged, 0);
    ck_assert_int_eq(hist_store_brand(store, "example.com", brand, sizeof(brand)), 1);
    ck_assert_str_eq(brand, "npm");
    /* a later flagged message; an older one (an import) moves first back */
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "example.com", NULL, 1,
				       now + 10), 0);
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "Example.COM", "PyPI", 0,
				       now - 100), 0);
    r = seen(store, RP_HISTORY_SENDER, "EXAMPLE.com");
    ck_assert(r.first_seen == now - 100 && r.last_seen == now + 10);
    ck_assert_uint_eq(r.messages, 3);
    ck_assert_uint_eq(r.flagged, 1);
    ck_assert_int_eq(hist_store_brand(store, "example.com", brand, sizeof(brand)), 1);
    ck_assert_str_eq(brand, "PyPI");
    /* roles are apart; a link never stores a brand */
    ck_assert_int_eq(hist_store_lookup(store, RP_HISTORY_LINK, "example.com", &r), 0);
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_LINK, "example.org", "npm", 0,
				       now), 0);
    ck_assert_uint_eq(seen(store, RP_HISTORY_LINK, "example.org").messages, 1);
    ck_assert_int_eq(hist_store_lookup(store, RP_HISTORY_SENDER, "example.org", &r), 0);
    /* the engine's reader is the same lookup */
    hist_store_reader(store, &reader);
    ck_assert_int_eq(reader.lookup(reader.ctx, RP_HISTORY_SENDER, "example.com", &r), 1);
    ck_assert_uint_eq(r.messages, 3);
    hist_store_close(store);
    remove_dir();
}
END_TEST

START_TEST(test_refused)
{
    static const char *const bad[] = {
	"", "user@example.com", "example.com ", "exa mple.com", ".example.com",
	"b\xc3\xbc" "cher.example", "example.com\r\nx", NULL
    };
    long long now = (long long) time(NULL);
    hist_store *store;
    rp_history_record r;
    char    brand[HIST_BRAND_MAX], longb[200];
    int     i;

    make_dir();
    store = open_local(0, 400, 0);
    for (i = 0; bad[i] != NULL; i++) {
	ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, bad[i], NULL, 0, now), -1);
	ck_assert_int_eq(hist_store_lookup(store, RP_HISTORY_SENDER, bad[i], &r), -1);
    }
    ck_assert_int_eq(hist_store_lookup(store, RP_HISTORY_SENDER, NULL, &r), -1);
    /* a brand is cut at a control character and to HIST_BRAND_MAX - 1 */
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "a.example", "npm\r\nX: y",
				       0, now), 0);
    ck_assert_int_eq(hist_store_brand(store, "a.example", brand, sizeof(brand)), 1);
    ck_assert_str_eq(brand, "npm");
    memset(longb, 'b', sizeof(longb) - 1);
    longb[sizeof(longb) - 1] = 0;
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "a.example", longb, 0, now),
		     0);
    ck_assert_int_eq(hist_store_brand(store, "a.example", brand, sizeof(brand)), 1);
    ck_assert_uint_eq(strlen(brand), HIST_BRAND_MAX - 1);
    hist_store_close(store);
    remove_dir();
}
END_TEST

/*
 * entries - how many keys the store in dir/db holds, and the id of its
 * last transaction (read with LMDB, the store closed)
 */
static size_t entries_txn(size_t *txnid)
{
    char    path[300];
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    MDB_stat st;
    MDB_envinfo info;

    snprintf(path, sizeof(path), "%s/db", dir);
    ck_assert_int_eq(mdb_env_create(&env), 0);
    ck_assert_int_eq(mdb_env_open(env, path, MDB_RDONLY | MDB_NOTLS, 0), 0);
    ck_assert_int_eq(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn), 0);
    ck_assert_int_eq(mdb_dbi_open(txn, NULL, 0, &dbi), 0);
    ck_assert_int_eq(mdb_stat(txn, dbi, &st), 0);
    mdb_txn_abort(txn);
    mdb_env_info(env, &info);
    mdb_env_close(env);
    if (txnid != NULL)
	*txnid = info.me_last_txnid;
    return st.ms_entries;
}

/* entries - how many keys the store in dir/db holds */
static size_t entries(void)
{
    return entries_txn(NULL);
}

START_TEST(test_retention)
{
    long long now = (long long) time(NULL);
    hist_store *store;
    rp_history_record r;
    char    domain[64];
    int     i;

    make_dir();
    store = open_local(0, 400, 0);
    /* unseen 401 days: a lookup hides it at once */
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "old.example", NULL, 0,
				       now - 401 * DAY), 0);
    ck_assert_int_eq(hist_store_lookup(store, RP_HISTORY_SENDER, "old.example", &r), 0);
    /* 399 days: still known */
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "kept.example", NULL, 0,
				       now - 399 * DAY), 0);
    ck_assert_uint_eq(seen(store, RP_HISTORY_SENDER, "kept.example").messages, 1);
    /* seen again after it expired: new, first seen now */
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "old.example", NULL, 0, now),
		     0);
    r = seen(store, RP_HISTORY_SENDER, "old.example");
    ck_assert(r.messages == 1 && r.first_seen == now);
    /* records sweep the expired entries out of the file */
    for (i = 0; i < 100; i++) {
	snprintf(domain, sizeof(domain), "gone%d.example", i);
	ck_assert_int_eq(hist_store_record(store, RP_HISTORY_LINK, domain, NULL, 0,
					   now - 500 * DAY), 0);
    }
    ck_assert_uint_eq(entries(), 102);
    for (i = 0; i < 4; i++)
	ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "new.example", NULL, 0,
					   now), 0);
    ck_assert_uint_eq(entries(), 3);
    ck_assert_uint_eq(seen(store, RP_HISTORY_SENDER, "kept.example").messages, 1);
    hist_store_close(store);
    /* retention 0: never forget */
    store = open_local(0, 0, 0);
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "ancient.example", NULL, 0,
				       now - 5000 * DAY), 0);
    ck_assert_uint_eq(seen(store, RP_HISTORY_SENDER, "ancient.example").messages, 1);
    hist_store_close(store);
    remove_dir();
}
END_TEST

#define NAME(buf, i) snprintf((buf), sizeof(buf), "%08x%0192d.example", \
				  (unsigned) (i) * 2654435761u, (i))

START_TEST(test_cap)
{
    long long now = (long long) time(NULL) - 10000;
    hist_store *store;
    rp_history_record r;
    char    domain[256], path[300];
    struct stat st;
    int     i, n = 6000, early = 0;

    make_dir();
    store = open_local(1 << 20, 400, 0);
    /*
     * About 240 bytes an entry: 6,000 of them are more than a 1 MiB map.
     * Names in no relation to their age, as real ones are.
     */
    for (i = 0; i < n; i++) {
	NAME(domain, i);
	ck_assert_msg(hist_store_record(store, RP_HISTORY_LINK, domain, NULL, 0, now + i) == 0,
		      "record %d failed", i);
    }
    /* the newest are all there, most of the oldest forgotten */
    for (i = n - 100; i < n; i++) {
	NAME(domain, i);
	ck_assert_int_eq(hist_store_lookup(store, RP_HISTORY_LINK, domain, &r), 1);
    }
    for (i = 0; i < 1000; i++) {
	NAME(domain, i);
	early += hist_store_lookup(store, RP_HISTORY_LINK, domain, &r) == 1;
    }
    ck_assert_int_lt(early, 100);
    hist_store_close(store);
    snprintf(path, sizeof(path), "%s/db/data.mdb", dir);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_le(st.st_size, 1 << 20);
    checks += n;
    remove_dir();
}
END_TEST

#define THREADS 8
#define PER_THREAD 100

/* thread_main - record a shared domain and one's own, reading between */
static void *thread_main(void *arg)
{
    hist_store *store = arg;
    rp_history_record r;
    char    own[64];
    long long now = (long long) time(NULL);
    int     i, bad = 0;

    snprintf(own, sizeof(own), "t%p.example", (void *) &r);
    for (i = 0; i < PER_THREAD; i++) {
	bad += hist_store_record(store, RP_HISTORY_SENDER, "shared.example", NULL, i & 1,
				 now) != 0;
	bad += hist_store_record(store, RP_HISTORY_LINK, own, NULL, 0, now) != 0;
	bad += hist_store_lookup(store, RP_HISTORY_SENDER, "shared.example", &r) != 1;
	bad += r.flagged > r.messages;
    }
    return (void *) (long) bad;
}

START_TEST(test_threads)
{
    pthread_t t[THREADS];
    hist_store *store, *again;
    rp_history_record r;
    void   *bad;
    int     i;

    make_dir();
    store = open_local(0, 400, 0);
    /* a second open in the process (a reload) shares the environment */
    again = open_local(0, 400, 0);
    for (i = 0; i < THREADS; i++)
	ck_assert_int_eq(pthread_create(&t[i], NULL, thread_main, i & 1 ? store : again), 0);
    for (i = 0; i < THREADS; i++) {
	pthread_join(t[i], &bad);
	ck_assert_int_eq((long) bad, 0);
    }
    hist_store_close(again);
    r = seen(store, RP_HISTORY_SENDER, "shared.example");
    ck_assert_uint_eq(r.messages, THREADS * PER_THREAD);
    ck_assert_uint_eq(r.flagged, THREADS * PER_THREAD / 2);
    ck_assert_uint_eq(entries(), THREADS + 1);
    hist_store_close(store);
    remove_dir();
}
END_TEST

/* writer_child - in a child: record busy.example forever or n times */
static void writer_child(int n)
{
    hist_store *store = open_local(0, 400, 0);
    long long now = (long long) time(NULL);
    char    domain[64];
    int     i;

    for (i = 0; n == 0 || i < n; i++) {
	snprintf(domain, sizeof(domain), "w%d.example", i % 50);
	if (hist_store_record(store, RP_HISTORY_SENDER, "busy.example", NULL, i % 3 == 0,
			      now + i) != 0
	    || hist_store_record(store, RP_HISTORY_LINK, domain, NULL, 0, now) != 0)
	    _exit(2);
    }
    hist_store_close(store);
    _exit(0);
}

START_TEST(test_reader_beside_writer)
{
    hist_store *store;
    rp_history_record r;
    unsigned long last = 0;
    int     status, reads = 0, rc;
    pid_t   pid;

    make_dir();
    hist_store_close(open_local(0, 400, 0));	/* create it */
    if ((pid = fork()) == 0)
	writer_child(300);
    ck_assert_int_gt(pid, 0);
    store = open_local(0, 400, 1);
    while (waitpid(pid, &status, WNOHANG) == 0) {
	rc = hist_store_lookup(store, RP_HISTORY_SENDER, "busy.example", &r);
	ck_assert_int_ge(rc, 0);
	if (rc == 1) {
	    ck_assert_uint_ge(r.messages, last);
	    ck_assert_uint_le(r.flagged, r.messages);
	    ck_assert(r.first_seen <= r.last_seen);
	    last = r.messages;
	}
	reads++;
    }
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_uint_eq(seen(store, RP_HISTORY_SENDER, "busy.example").messages, 300);
    /* the reader cannot write */
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "busy.example", NULL, 0, 0),
		     -1);
    hist_store_close(store);
    checks += reads;
    remove_dir();
}
END_TEST

START_TEST(test_sigkill)
{
    hist_store *store;
    rp_history_record r;
    unsigned long last = 0;
    struct timespec pause;
    int     round, status, rc;
    pid_t   pid;

    make_dir();
    srand((unsigned) time(NULL));
    for (round = 0; round < 25; round++) {
	if ((pid = fork()) == 0)
	    writer_child(0);
	ck_assert_int_gt(pid, 0);
	pause.tv_sec = 0;
	pause.tv_nsec = (5 + rand() % 40) * 1000000L;
	nanosleep(&pause, NULL);
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));
	/* it opens, reads what was committed, and takes writes */
	store = open_local(0, 400, 0);
	rc = hist_store_lookup(store, RP_HISTORY_SENDER, "busy.example", &r);
	ck_assert_int_ge(rc, 0);
	if (rc == 1) {
	    ck_assert_uint_ge(r.messages, last);
	    ck_assert_uint_le(r.flagged, r.messages);
	    last = r.messages + 1;
	}
	ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "busy.example", NULL, 0,
					   (long long) time(NULL)), 0);
	ck_assert_uint_ge(seen(store, RP_HISTORY_SENDER, "busy.example").messages, last);
	hist_store_close(store);
	ck_assert_uint_le(entries(), 51);
    }
    ck_assert_uint_gt(last, 25);
    remove_dir();
}
END_TEST

/*
 * grow_child - in a child forked before the parent opened the store:
 * once the parent says go, another writer with a map 8 times larger
 * fills it
 */
static void grow_child(int go)
{
    char    path[300], key[64], ballast[1024], c;
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    MDB_val k, v;
    int     i, rc;

    if (read(go, &c, 1) != 1)
	_exit(5);
    snprintf(path, sizeof(path), "%s/db", dir);
    memset(ballast, 0, sizeof(ballast));
    if (mdb_env_create(&env) != 0 || mdb_env_set_mapsize(env, 8 << 20) != 0
	|| mdb_env_open(env, path, MDB_NOTLS, 0640) != 0
	|| mdb_txn_begin(env, NULL, 0, &txn) != 0 || mdb_dbi_open(txn, NULL, 0, &dbi) != 0)
	_exit(2);
    for (i = 0; i < 3000; i++) {
	snprintf(key, sizeof(key), "link:ballast%d.example", i);
	k.mv_data = key;
	k.mv_size = strlen(key);
	v.mv_data = ballast;
	v.mv_size = sizeof(ballast);
	if (mdb_put(txn, dbi, &k, &v, 0) != 0)
	    _exit(3);
    }
    rc = mdb_txn_commit(txn);
    mdb_env_close(env);
    _exit(rc == 0 ? 0 : 4);
}

START_TEST(test_map_grown)
{
    hist_store *store;
    long long now = (long long) time(NULL);
    int     status, go[2];
    pid_t   pid;

    make_dir();
    ck_assert_int_eq(pipe(go), 0);
    if ((pid = fork()) == 0) {
	close(go[1]);
	grow_child(go[0]);
    }
    store = open_local(1 << 20, 400, 0);
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "a.example", NULL, 0, now),
		     0);
    ck_assert_int_eq(write(go[1], "g", 1), 1);
    close(go[0]);
    close(go[1]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
    /* this process adopts the larger map, and goes on reading and writing */
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "b.example", NULL, 0, now),
		     0);
    ck_assert_uint_eq(seen(store, RP_HISTORY_SENDER, "a.example").messages, 1);
    ck_assert_uint_eq(seen(store, RP_HISTORY_SENDER, "b.example").messages, 1);
    hist_store_close(store);
    remove_dir();
}
END_TEST

START_TEST(test_none_and_read_only)
{
    hist_settings s;
    hist_store *store;
    rp_history_record r;
    char    path[300], err[400];

    make_dir();
    memset(&s, 0, sizeof(s));
    s.backend = HIST_NONE;
    store = hist_store_open(&s, err, sizeof(err));
    ck_assert_ptr_nonnull(store);
    ck_assert_int_eq(hist_store_lookup(store, RP_HISTORY_SENDER, "example.com", &r), -1);
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "example.com", NULL, 0, 1),
		     0);
    hist_store_close(store);
    /* a reader of a store that does not exist says so */
    s = settings(0, 400, 1, path);
    ck_assert_ptr_null(hist_store_open(&s, err, sizeof(err)));
    ck_assert_ptr_nonnull(strstr(err, path));
    remove_dir();
}
END_TEST

START_TEST(test_record_verdict)
{
    rp_engine *engine;
    rp_verdict *verdict;
    rp_history_role role;
    rp_history_record r;
    hist_store *store;
    const char *domain, *brand = NULL, *sender = NULL, *claimed = NULL;
    char    msg[8192], stored[HIST_BRAND_MAX];
    size_t  len, i, links = 0, before, after;
    int     flagged;

    ck_assert_ptr_nonnull(engine = rp_test_shipped_engine());
    len = (size_t) snprintf(msg, sizeof(msg),
			    "From: npm Support <support@npm-account-help.example>\r\n"
			    "To: dev@example.org\r\nSubject: Verify your account\r\n\r\n"
			    "Sign in to keep your packages:\r\n");
    for (i = 0; i < 40; i++)
	len += (size_t) snprintf(msg + len, sizeof(msg) - len,
				 "https://login.site%zu.example/verify\r\n", i);
    ck_assert_int_eq(rp_scan(engine, msg, len, NULL, &verdict), RP_OK);
    for (i = 0; i < rp_verdict_domain_count(verdict); i++) {
	domain = rp_verdict_domain(verdict, i, &role, &brand);
	if (role == RP_HISTORY_SENDER) {
	    sender = domain;
	    claimed = brand;
	}
	links += role == RP_HISTORY_LINK;
    }
    ck_assert_ptr_nonnull(sender);
    ck_assert_uint_gt(links, HIST_MAX_LINKS);	/* else the cap is not tried */
    flagged = rp_verdict_action(verdict) != RP_ACTION_ACCEPT;
    make_dir();
    hist_store_close(open_local(0, 400, 0));
    (void) entries_txn(&before);
    store = open_local(0, 400, 0);
    ck_assert_int_eq(hist_store_record_verdict(store, verdict, (long long) time(NULL)), 0);
    r = seen(store, RP_HISTORY_SENDER, sender);
    ck_assert_uint_eq(r.messages, 1);
    ck_assert_uint_eq(r.flagged, (unsigned long) flagged);
    /* the sender with the brand its name claimed, and 32 of the links */
    ck_assert_ptr_nonnull(claimed);
    ck_assert_int_eq(hist_store_brand(store, sender, stored, sizeof(stored)), 1);
    ck_assert_str_eq(stored, claimed);
    hist_store_close(store);
    /* all of them in one transaction: one fsync for the message */
    ck_assert_uint_eq(entries_txn(&after), 1 + HIST_MAX_LINKS);
    ck_assert_uint_eq(after, before + 1);
    rp_verdict_free(verdict);
    rp_engine_free(engine);
    remove_dir();
}
END_TEST

/* black_hole - a loopback port that takes connections and never answers */
static int black_hole(int *port)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof(sa);
    int     fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(bind(fd, (struct sockaddr *) &sa, sizeof(sa)), 0);
    ck_assert_int_eq(listen(fd, 64), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *) &sa, &len), 0);
    *port = ntohs(sa.sin_port);
    return fd;
}

/* ms_since - milliseconds since t */
static long ms_since(const struct timespec *t)
{
    struct timespec n;

    clock_gettime(CLOCK_MONOTONIC, &n);
    return (n.tv_sec - t->tv_sec) * 1000 + (n.tv_nsec - t->tv_nsec) / 1000000;
}

/* redis_down - calls to a Redis at host:port that never answers */
static void redis_down(const char *host, int port)
{
    hist_settings s;
    hist_store *store;
    rp_history_record r;
    struct timespec t;
    char    path[300], err[400];
    long long now = (long long) time(NULL);
    int     i;

    s = settings(0, 400, 0, path);
    s.backend = HIST_REDIS;
    s.fallback = HIST_LOCAL;
    s.redis_host = host;
    s.redis_port = port;
    s.timeout_ms = 100;
    store = hist_store_open(&s, err, sizeof(err));
    ck_assert_msg(store != NULL, "open: %s", err);
    /* the first call waits for the timeout, not longer (generous bound) */
    clock_gettime(CLOCK_MONOTONIC, &t);
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "down.example", NULL, 0,
				       now), 0);
    ck_assert_int_lt(ms_since(&t), 2000);
    ck_assert_int_eq(log_lines, 1);
    ck_assert_ptr_nonnull(strstr(log_last, "unreachable"));
    /* then calls fall back at once: 200 timeouts would take 20 s */
    clock_gettime(CLOCK_MONOTONIC, &t);
    for (i = 0; i < 200; i++)
	ck_assert_int_eq(hist_store_lookup(store, RP_HISTORY_SENDER, "down.example", &r), 1);
    ck_assert_int_lt(ms_since(&t), 5000);
    ck_assert_uint_eq(r.messages, 1);
    /* after the back-off one call tries again: still one log line */
    sleep(4);
    clock_gettime(CLOCK_MONOTONIC, &t);
    ck_assert_int_eq(hist_store_lookup(store, RP_HISTORY_SENDER, "down.example", &r), 1);
    ck_assert_int_lt(ms_since(&t), 2000);
    ck_assert_int_eq(log_lines, 1);
    hist_store_close(store);
    s.fallback = HIST_NONE;
    store = hist_store_open(&s, err, sizeof(err));
    ck_assert_ptr_nonnull(store);
    ck_assert_int_eq(hist_store_lookup(store, RP_HISTORY_SENDER, "down.example", &r), -1);
    ck_assert_int_eq(hist_store_record(store, RP_HISTORY_SENDER, "down.example", NULL, 0,
				       now), -1);
    hist_store_close(store);
    checks += 200;
}

START_TEST(test_redis_black_hole)
{
    int     port, fd;

    make_dir();
    fd = black_hole(&port);
    redis_down("127.0.0.1", port);
    close(fd);
    remove_dir();
}
END_TEST

START_TEST(test_redis_refused)
{
    hist_settings s;
    hist_store *store;
    rp_history_record r;
    char    path[300], err[400];
    int     port, fd;

    make_dir();
    fd = black_hole(&port);
    close(fd);				/* nobody listens there now */
    redis_down("127.0.0.1", port);
    /* a reader whose local fallback does not exist does without it */
    s = settings(0, 400, 1, path);
    snprintf(path, sizeof(path), "%s/none", dir);
    s.backend = HIST_REDIS;
    s.fallback = HIST_LOCAL;
    s.redis_host = "127.0.0.1";
    s.redis_port = port;
    log_lines = 0;
    store = hist_store_open(&s, err, sizeof(err));
    ck_assert_msg(store != NULL, "open: %s", err);
    ck_assert_int_eq(log_lines, 1);
    ck_assert_int_eq(hist_store_lookup(store, RP_HISTORY_SENDER, "down.example", &r), -1);
    hist_store_close(store);
    remove_dir();
}
END_TEST

/* history_suite - the tests */
static Suite *history_suite(void)
{
    Suite  *s = suite_create("history");
    TCase  *tc = tcase_create("local");
    TCase  *tr = tcase_create("redis");

    tcase_add_test(tc, test_counts);
    tcase_add_test(tc, test_refused);
    tcase_add_test(tc, test_retention);
    tcase_add_test(tc, test_cap);
    tcase_add_test(tc, test_threads);
    tcase_add_test(tc, test_reader_beside_writer);
    tcase_add_test(tc, test_sigkill);
    tcase_add_test(tc, test_map_grown);
    tcase_add_test(tc, test_none_and_read_only);
    tcase_add_test(tc, test_record_verdict);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tr, test_redis_black_hole);
    tcase_add_test(tr, test_redis_refused);
    tcase_set_timeout(tr, 60);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, tr);
    return s;
}

/* report - the closing line */
static void report(void)
{
    printf("test-histstore: done (%d checks counted in this process)\n", checks);
}

/* One process, so that the closing line counts every check. */
const rp_test_program rp_test = {history_suite, NULL, NULL, report, 1};
