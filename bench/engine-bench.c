/*
 * NAME
 *	engine-bench 1
 * SUMMARY
 *	time rp_scan() against a GMime parse-only pass, in one process
 * SYNOPSIS
 *	engine-bench [-c config] [-r rules_dir] [-t seconds] [-l loads] PATH...
 * DESCRIPTION
 *	engine-bench reads every message named (a PATH that is a directory
 *	contributes the *.eml files below it, in name order) into memory,
 *	then times, single-threaded and in this one process:
 * .IP \(bu
 *	rp_engine_load() with the given config and rules, loads times
 *	(default 5; the best time counts): the start-up and reload cost;
 * .IP \(bu
 *	a GMime parse-only pass over all the messages (the same zero-copy
 *	memory stream and parser settings rp_mime_extract() uses, the
 *	message built and freed): the floor for any GMime-based filter;
 * .IP \(bu
 *	an rp_scan() pass over the same messages, verdict freed.
 * .PP
 *	The two passes alternate, so that a noisy neighbour slows both;
 *	each kind stops once it has run for seconds of CPU time (default
 *	2), and runs at least once.  The pass figures are the median pass,
 *	in thread CPU time (what the work costs, whatever else the machine
 *	does), with wall time beside them.  Within the scan passes each
 *	message is also timed alone, its best time kept, so the spread and
 *	the slowest message can be named; the first scan pass counts the
 *	actions.
 *
 *	Output is one "key value" line per figure, for bench/run to read:
 *	messages, bytes, load_cpu_ms, load_wall_ms, gmime_passes,
 *	gmime_cpu_s, gmime_wall_s, scan_passes, scan_cpu_s, scan_wall_s
 *	(per pass), scan_us_p50, scan_us_p90, scan_us_p99, scan_us_max,
 *	slowest (path), accept, tag, quarantine, reject, errors.
 * DIAGNOSTICS
 *	Exit status 1 when the engine does not load or no message could be
 *	read, 2 on a usage error; unreadable files are reported on stderr
 *	and skipped.
 */
#define _XOPEN_SOURCE 700		/* nftw() */
#include "config.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "regphish.h"

#define BENCH_MAX_PASSES 10000		/* bounds the pass arrays */
#define BENCH_MAX_LOADS	100

typedef struct bench_msg {
    char   *path;
    char   *data;
    size_t  len;
} bench_msg;

typedef struct bench_set {
    bench_msg *msg;
    size_t  count, cap;
    size_t  bytes;
} bench_set;

/* Times of one kind of pass, in seconds. */
typedef struct bench_passes {
    double  cpu[BENCH_MAX_PASSES];
    double  wall[BENCH_MAX_PASSES];
    size_t  count;
    double  cpu_total;
} bench_passes;

static bench_set *walk_set;		/* nftw() takes no context pointer */

/* clock_seconds - one clock, in seconds */
static double clock_seconds(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* set_add - read one message file into the set */
static void set_add(bench_set *set, const char *path)
{
    bench_msg *m;
    gchar  *data;
    gsize   len;

    if (!g_file_get_contents(path, &data, &len, NULL)) {
	fprintf(stderr, "engine-bench: cannot read %s\n", path);
	return;
    }
    if (len == 0) {
	g_free(data);
	return;
    }
    if (set->count == set->cap) {
	set->cap = set->cap ? 2 * set->cap : 64;
	set->msg = g_renew(bench_msg, set->msg, set->cap);
    }
    m = set->msg + set->count++;
    m->path = g_strdup(path);
    m->data = data;
    m->len = len;
    set->bytes += len;
}

/* walk_one - nftw() callback: take regular *.eml files */
static int walk_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    size_t  n = strlen(path);

    if (type == FTW_F && n > 4 && strcmp(path + n - 4, ".eml") == 0)
	set_add(walk_set, path);
    return 0;
}

/* msg_cmp - order messages by path */
static int msg_cmp(const void *a, const void *b)
{
    return strcmp(((const bench_msg *) a)->path, ((const bench_msg *) b)->path);
}

/* double_cmp - qsort() order for doubles */
static int double_cmp(const void *a, const void *b)
{
    double  x = *(const double *) a, y = *(const double *) b;

    return (x > y) - (x < y);
}

/* median - the middle of n values (sorts them) */
static double median(double *v, size_t n)
{
    qsort(v, n, sizeof(*v), double_cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* gmime_parse - parse one message the way rp_mime_extract() does, and drop it */
static void gmime_parse(const bench_msg *m)
{
    GByteArray *array = g_byte_array_new_take((guint8 *) m->data, m->len);
    GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(array);
    GMimeParserOptions *opts = g_mime_parser_options_new();
    GMimeParser *parser;
    GMimeMessage *msg;

    g_mime_stream_mem_set_owner((GMimeStreamMem *) stream, FALSE);
    parser = g_mime_parser_new_with_stream(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    msg = g_mime_parser_construct_message(parser, opts);
    g_object_unref(parser);
    if (msg != NULL)
	g_object_unref(msg);
    g_mime_parser_options_free(opts);
    g_object_unref(stream);
    (void) g_byte_array_free(array, FALSE);
}

/* scan_one - scan one message; the action, or -1 on error */
static int scan_one(const rp_engine *engine, const bench_msg *m)
{
    static const rp_envelope env = {"<sender@example.org>", "192.0.2.25", "mail.example.org", NULL};
    rp_verdict *verdict = NULL;
    int     action;

    if (rp_scan(engine, m->data, m->len, &env, &verdict) != RP_OK)
	return -1;
    action = (int) rp_verdict_action(verdict);
    rp_verdict_free(verdict);
    return action;
}

/* pass_record - add one pass's times */
static void pass_record(bench_passes *p, double cpu, double wall)
{
    p->cpu[p->count] = cpu;
    p->wall[p->count] = wall;
    p->count++;
    p->cpu_total += cpu;
}

/* gmime_pass - one parse-only pass over the set */
static void gmime_pass(const bench_set *set, bench_passes *gm)
{
    double  c0 = clock_seconds(CLOCK_THREAD_CPUTIME_ID), w0 = clock_seconds(CLOCK_MONOTONIC);
    size_t  i;

    for (i = 0; i < set->count; i++)
	gmime_parse(set->msg + i);
    pass_record(gm, clock_seconds(CLOCK_THREAD_CPUTIME_ID) - c0,
		clock_seconds(CLOCK_MONOTONIC) - w0);
}

/*
 * scan_pass - one rp_scan() pass over the set.  Each message is also
 * timed alone (its best time over the passes goes to us[]), and the
 * first pass counts the actions (counts[4] is errors).
 */
static void scan_pass(const rp_engine *engine, const bench_set *set, bench_passes *sc,
		      double *us, size_t *counts)
{
    double  c0 = clock_seconds(CLOCK_THREAD_CPUTIME_ID), w0 = clock_seconds(CLOCK_MONOTONIC);
    double  m0, t;
    size_t  i;
    int     action;

    for (i = 0; i < set->count; i++) {
	m0 = clock_seconds(CLOCK_THREAD_CPUTIME_ID);
	action = scan_one(engine, set->msg + i);
	t = (clock_seconds(CLOCK_THREAD_CPUTIME_ID) - m0) * 1e6;
	if (sc->count == 0) {
	    counts[action < 0 ? 4 : action]++;
	    us[i] = t;
	} else if (t < us[i])
	    us[i] = t;
    }
    pass_record(sc, clock_seconds(CLOCK_THREAD_CPUTIME_ID) - c0,
		clock_seconds(CLOCK_MONOTONIC) - w0);
}

/* report_messages - the spread of per-message times, the slowest, the actions */
static void report_messages(const bench_set *set, double *us, const size_t *counts)
{
    size_t  i, slowest = 0;

    for (i = 1; i < set->count; i++)
	if (us[i] > us[slowest])
	    slowest = i;
    printf("slowest %s\n", set->msg[slowest].path);
    qsort(us, set->count, sizeof(*us), double_cmp);
    printf("scan_us_p50 %.1f\nscan_us_p90 %.1f\nscan_us_p99 %.1f\nscan_us_max %.1f\n",
	   us[set->count / 2], us[set->count * 9 / 10], us[set->count * 99 / 100],
	   us[set->count - 1]);
    printf("accept %zu\ntag %zu\nquarantine %zu\nreject %zu\nerrors %zu\n",
	   counts[RP_ACTION_ACCEPT], counts[RP_ACTION_TAG], counts[RP_ACTION_QUARANTINE],
	   counts[RP_ACTION_REJECT], counts[4]);
}

/* load_engine - load loads times; keep the last engine, print the best times */
static rp_engine *load_engine(const char *config, const char *rules, int loads)
{
    double  c0, w0, cpu, wall, best_cpu = 0, best_wall = 0;
    rp_engine *engine = NULL;
    rp_error err;
    int     i;

    for (i = 0; i < loads; i++) {
	rp_engine_free(engine);
	engine = NULL;
	memset(&err, 0, sizeof(err));
	c0 = clock_seconds(CLOCK_THREAD_CPUTIME_ID);
	w0 = clock_seconds(CLOCK_MONOTONIC);
	if (rp_engine_load(config, rules, &engine, &err) != RP_OK) {
	    fprintf(stderr, "engine-bench: %s:%u: %s\n", err.file, err.line, err.message);
	    return NULL;
	}
	cpu = (clock_seconds(CLOCK_THREAD_CPUTIME_ID) - c0) * 1e3;
	wall = (clock_seconds(CLOCK_MONOTONIC) - w0) * 1e3;
	if (i == 0 || cpu < best_cpu)
	    best_cpu = cpu;
	if (i == 0 || wall < best_wall)
	    best_wall = wall;
    }
    printf("load_cpu_ms %.2f\nload_wall_ms %.2f\n", best_cpu, best_wall);
    return engine;
}

/* usage - complain and exit */
static void usage(void)
{
    fprintf(stderr, "usage: engine-bench [-c config] [-r rules_dir] [-t seconds] "
	    "[-l loads] PATH...\n");
    exit(2);
}

int     main(int argc, char **argv)
{
    const char *config = NULL, *rules = NULL;
    static bench_passes gm, sc;
    bench_set set = {0};
    rp_engine *engine;
    size_t  counts[5] = {0};
    double  min_cpu = 2, *us;
    int     ch, loads = 5;
    size_t  i;

    while ((ch = getopt(argc, argv, "c:l:r:t:")) != -1) {
	switch (ch) {
	case 'c':
	    config = optarg;
	    break;
	case 'l':
	    loads = atoi(optarg);
	    break;
	case 'r':
	    rules = optarg;
	    break;
	case 't':
	    min_cpu = atof(optarg);
	    break;
	default:
	    usage();
	}
    }
    if (optind == argc || loads < 1 || loads > BENCH_MAX_LOADS || !(min_cpu >= 0))
	usage();

    g_mime_init();
    walk_set = &set;
    for (i = (size_t) optind; i < (size_t) argc; i++) {
	struct stat st;

	if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
	    nftw(argv[i], walk_one, 16, FTW_PHYS);
	else
	    set_add(&set, argv[i]);
    }
    if (set.count == 0) {
	fprintf(stderr, "engine-bench: no messages\n");
	return 1;
    }
    qsort(set.msg, set.count, sizeof(*set.msg), msg_cmp);
    printf("messages %zu\nbytes %zu\n", set.count, set.bytes);

    if ((engine = load_engine(config, rules, loads)) == NULL)
	return 1;
    us = g_new0(double, set.count);
    /* Alternate, so that a noisy neighbour slows both kinds alike. */
    while (gm.count == 0 || sc.count == 0
	   || ((gm.cpu_total < min_cpu || sc.cpu_total < min_cpu)
	       && gm.count < BENCH_MAX_PASSES && sc.count < BENCH_MAX_PASSES)) {
	if (gm.count == 0 || gm.cpu_total < min_cpu)
	    gmime_pass(&set, &gm);
	if (sc.count == 0 || sc.cpu_total < min_cpu)
	    scan_pass(engine, &set, &sc, us, counts);
    }
    printf("gmime_passes %zu\ngmime_cpu_s %.6f\ngmime_wall_s %.6f\n",
	   gm.count, median(gm.cpu, gm.count), median(gm.wall, gm.count));
    printf("scan_passes %zu\nscan_cpu_s %.6f\nscan_wall_s %.6f\n",
	   sc.count, median(sc.cpu, sc.count), median(sc.wall, sc.count));
    report_messages(&set, us, counts);
    g_free(us);

    rp_engine_free(engine);
    for (i = 0; i < set.count; i++) {
	g_free(set.msg[i].path);
	g_free(set.msg[i].data);
    }
    g_free(set.msg);
    return 0;
}
