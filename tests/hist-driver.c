/*
 * NAME
 *	hist-driver - drive the history store from a shell test
 * SYNOPSIS
 *	hist-driver [-b none|local|redis] [-p DIR] [-H HOST] [-P PORT]
 *		    [-a PASSWORD] [-d DB] [-f local|none] [-t MS] [-r DAYS]
 *		    [-R] [-j THREADS] COMMAND ARGS...
 *
 *	record ROLE DOMAIN [FLAGGED [BRAND [NOW]]]
 *	lookup ROLE DOMAIN
 *	count N ROLE DOMAIN [NOW]
 *	loop SECONDS ROLE DOMAIN
 * DESCRIPTION
 *	Opens a store with these settings (milter/history/hist_store.h) and
 *	runs one command; ROLE is sender or link, NOW a Unix time (default:
 *	now).  record counts one message; lookup prints "seen first=F
 *	last=L messages=M flagged=X brand=B", "never" or "unreadable";
 *	count records N times (in each of THREADS threads, default 1, all
 *	through the one store) and prints "recorded OK of TOTAL"; loop records and looks up for SECONDS,
 *	printing "tick T calls N" every half second and at the end "calls N
 *	ok K max_ms M" (the slowest single call).  The store's log lines go
 *	to stderr as "log: LINE".  Exit status 0, or 1 when a record
 *	failed, 2 on a usage error.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "history/hist_store.h"

/* driver_log - the store's log, on stderr */
static void driver_log(void *ctx, const char *line)
{
    (void) ctx;
    fprintf(stderr, "log: %s\n", line);
}

/* usage - complain and exit 2 */
static void usage(void)
{
    fprintf(stderr, "usage: hist-driver [-b none|local|redis] [-p DIR] [-H HOST] [-P PORT]"
	    " [-a PASSWORD] [-d DB] [-f local|none] [-t MS] [-r DAYS] [-R] [-j THREADS]"
	    " record|lookup|count|loop ARGS...\n");
    exit(2);
}

/* backend - a backend by name */
static hist_backend backend(const char *name)
{
    if (strcmp(name, "none") == 0)
	return HIST_NONE;
    if (strcmp(name, "local") == 0)
	return HIST_LOCAL;
    if (strcmp(name, "redis") == 0)
	return HIST_REDIS;
    usage();
    return HIST_NONE;
}

/* role - a role by name */
static rp_history_role role(const char *name)
{
    if (strcmp(name, "sender") == 0)
	return RP_HISTORY_SENDER;
    if (strcmp(name, "link") == 0)
	return RP_HISTORY_LINK;
    usage();
    return RP_HISTORY_SENDER;
}

/* ms_now - monotonic milliseconds */
static double ms_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* lookup - print what the store knows */
static void lookup(hist_store *store, rp_history_role r, const char *domain)
{
    rp_history_record rec;
    char    brand[HIST_BRAND_MAX] = "";
    int     rc = hist_store_lookup(store, r, domain, &rec);

    if (rc == 1 && r == RP_HISTORY_SENDER)
	(void) hist_store_brand(store, domain, brand, sizeof(brand));
    if (rc == 1)
	printf("seen first=%lld last=%lld messages=%lu flagged=%lu brand=%s\n",
	       rec.first_seen, rec.last_seen, rec.messages, rec.flagged, brand);
    else
	printf("%s\n", rc == 0 ? "never" : "unreadable");
}

/* What each counting thread does. */
typedef struct count_arg {
    hist_store *store;
    long    n;
    rp_history_role role;
    const char *domain;
    long long now;
    long    ok;
} count_arg;

/* count_main - record n times */
static void *count_main(void *arg)
{
    count_arg *a = arg;
    long    i;

    for (i = 0; i < a->n; i++)
	a->ok += hist_store_record(a->store, a->role, a->domain, NULL, 0, a->now) == 0;
    return NULL;
}

/* count - record n times in each of threads threads; print how many succeeded */
static int count(count_arg *a, int threads)
{
    pthread_t t[64];
    count_arg each[64];
    long    ok = 0;
    int     i, started;

    for (started = 0; started < threads && started < 64; started++) {
	each[started] = *a;
	if (pthread_create(&t[started], NULL, count_main, &each[started]) != 0)
	    return 1;
    }
    for (i = 0; i < started; i++) {
	pthread_join(t[i], NULL);
	ok += each[i].ok;
    }
    printf("recorded %ld of %ld\n", ok, a->n * started);
    return ok == a->n * started ? 0 : 1;
}

/* loop - record and look up for seconds, counting and timing calls */
static int loop(hist_store *store, double seconds, rp_history_role r, const char *domain)
{
    double  start = ms_now(), tick = start + 500, t, max = 0;
    long    calls = 0, ok = 0;
    rp_history_record rec;

    while ((t = ms_now()) < start + seconds * 1000) {
	ok += hist_store_record(store, r, domain, NULL, 0, (long long) time(NULL)) == 0;
	(void) hist_store_lookup(store, r, domain, &rec);
	calls++;
	if (ms_now() - t > max)
	    max = ms_now() - t;
	if (ms_now() >= tick) {
	    printf("tick %.1f calls %ld\n", (tick - start) / 1000, calls);
	    fflush(stdout);
	    tick += 500;
	}
    }
    printf("calls %ld ok %ld max_ms %.0f\n", calls, ok, max);
    return ok == calls ? 0 : 1;
}

int     main(int argc, char **argv)
{
    hist_settings s;
    hist_store *store;
    char    err[512];
    long long now = (long long) time(NULL);
    count_arg ca;
    int     c, rc = 0, threads = 1;

    memset(&s, 0, sizeof(s));
    s.backend = HIST_LOCAL;
    s.path = "history";
    s.retention_days = 400;
    s.redis_host = "127.0.0.1";
    s.redis_port = 6379;
    s.timeout_ms = 200;
    s.fallback = HIST_LOCAL;
    s.log = driver_log;
    while ((c = getopt(argc, argv, "b:p:H:P:a:d:f:t:r:Rj:")) != -1) {
	switch (c) {
	case 'b': s.backend = backend(optarg); break;
	case 'p': s.path = optarg; break;
	case 'H': s.redis_host = optarg; break;
	case 'P': s.redis_port = atoi(optarg); break;
	case 'a': s.redis_password = optarg; break;
	case 'd': s.redis_db = atoi(optarg); break;
	case 'f': s.fallback = backend(optarg); break;
	case 't': s.timeout_ms = atoi(optarg); break;
	case 'r': s.retention_days = atol(optarg); break;
	case 'R': s.read_only = 1; break;
	case 'j': threads = atoi(optarg); break;
	default: usage();
	}
    }
    argc -= optind;
    argv += optind;
    if (argc < 3)
	usage();
    if ((store = hist_store_open(&s, err, sizeof(err))) == NULL) {
	fprintf(stderr, "hist-driver: %s\n", err);
	return 1;
    }
    if (strcmp(argv[0], "record") == 0) {
	if (argc > 5)
	    now = atoll(argv[5]);
	rc = hist_store_record(store, role(argv[1]), argv[2], argc > 4 ? argv[4] : NULL,
			       argc > 3 && atoi(argv[3]), now) != 0;
    } else if (strcmp(argv[0], "lookup") == 0) {
	lookup(store, role(argv[1]), argv[2]);
    } else if (strcmp(argv[0], "count") == 0 && argc >= 4) {
	ca.store = store;
	ca.n = atol(argv[1]);
	ca.role = role(argv[2]);
	ca.domain = argv[3];
	ca.now = argc > 4 ? atoll(argv[4]) : now;
	ca.ok = 0;
	rc = count(&ca, threads);
    } else if (strcmp(argv[0], "loop") == 0 && argc >= 4) {
	rc = loop(store, atof(argv[1]), role(argv[2]), argv[3]);
    } else
	usage();
    hist_store_close(store);
    return rc;
}
