/*
 * NAME
 *	mlt_metrics 3
 * SUMMARY
 *	counters of what the milter did, served to Prometheus over HTTP
 * SYNOPSIS
 *	#include "mlt_metrics.h"
 *
 *	int	mlt_metrics_listen(const char *spec)
 *	int	mlt_metrics_start(void)
 *	void	mlt_metrics_message(mlt_metrics_action action)
 *	void	mlt_metrics_verdict(const rp_verdict *verdict)
 *	void	mlt_metrics_scan(double seconds)
 *	void	mlt_metrics_reload(int ok, int first)
 * DESCRIPTION
 *	The callbacks and actions count every message by what was done
 *	with it (mlt_metrics_message; mlt_metrics_verdict also counts the
 *	verdict's symbols), time each scan (mlt_metrics_scan) and record
 *	each load of config and rules (mlt_metrics_reload: the first load
 *	at start-up sets the timestamp but is not a reload).  The counters
 *	live in this process, not in the engine snapshot, so a SIGHUP
 *	leaves them counting.  One mutex guards them; it is held only to
 *	add a number or to copy the page, never across I/O.
 *
 *	mlt_metrics_listen() binds the metrics_listen socket, while the
 *	daemon still has its privileges and its terminal: "inet:HOST:PORT"
 *	or "inet6:[HOST]:PORT" (numeric addresses; empty: no metrics).
 *	mlt_metrics_start() starts the thread that serves it.
 *
 *	The thread answers one request per connection, one connection at
 *	a time: GET (or HEAD) /metrics gets the text exposition format
 *	0.0.4; another path 404, another method 405, a request that is
 *	malformed or larger than REQUEST_MAX bytes 400.  A client has
 *	CLIENT_SECONDS to send its request and take the answer, in all
 *	(each read and write is bounded too: SO_RCVTIMEO, SO_SNDTIMEO): a
 *	slow or silent one delays only the next scrape, never mail, which
 *	libmilter's threads serve.
 *
 *	The series: regphish_messages_total{action} for the six actions
 *	(accept, tag, quarantine, reject, skipped: from trusted networks,
 *	authenticated or too large; fallback: an internal error, whether
 *	accepted or tempfailed), all always present;
 *	regphish_symbols_total{symbol}; the regphish_scan_seconds
 *	histogram; regphish_reloads_total{result} (ok, failed); and
 *	regphish_rules_loaded_timestamp_seconds, when the running rules
 *	were loaded.  Label values are escaped as the format says (\\, \",
 *	\n).  Symbol names come from the engine's fixed table (never from
 *	a message), so the symbol series are bounded by it.
 * DIAGNOSTICS
 *	mlt_metrics_listen() and mlt_metrics_start() log why they fail and
 *	return -1; a bad spec names the key.  Errors of one connection are
 *	not logged (the client goes; the next one is served).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "mlt_log.h"
#include "mlt_metrics.h"

#define REQUEST_MAX	8192		/* bytes of a request, headers and all */
#define CLIENT_SECONDS	5		/* to send a request, to take an answer */

static const char *const action_names[MLT_METRICS_ACTIONS] = {
    "accept", "tag", "quarantine", "reject", "skipped", "fallback",
};

/* upper bounds (seconds) of the scan histogram's buckets, then +Inf */
static const double buckets[] = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
};

#define BUCKETS	(sizeof(buckets) / sizeof(buckets[0]))

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    guint64 messages[MLT_METRICS_ACTIONS];
    GHashTable *symbols;		/* name -> guint64 * */
    guint64 scan_buckets[BUCKETS];	/* not cumulative here */
    guint64 scan_count;
    double  scan_sum;
    guint64 reloads_ok;
    guint64 reloads_failed;
    double  loaded;			/* time of the running rules' load */
} m;
static int listen_fd = -1;

/* mlt_metrics_message - one message, and what was done with it */
void    mlt_metrics_message(mlt_metrics_action action)
{
    pthread_mutex_lock(&lock);
    m.messages[action]++;
    pthread_mutex_unlock(&lock);
}

/* count_symbol - one more of a symbol name (lock held) */
static void count_symbol(const char *name)
{
    guint64 *n;

    if (m.symbols == NULL)
	m.symbols = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if ((n = g_hash_table_lookup(m.symbols, name)) == NULL) {
	n = g_new0(guint64, 1);
	g_hash_table_insert(m.symbols, g_strdup(name), n);
    }
    (*n)++;
}

/* mlt_metrics_verdict - a judged message: its action and its symbols */
void    mlt_metrics_verdict(const rp_verdict *verdict)
{
    size_t  i, n = rp_verdict_count(verdict);

    pthread_mutex_lock(&lock);
    m.messages[(mlt_metrics_action) rp_verdict_action(verdict)]++;
    for (i = 0; i < n; i++)
	count_symbol(rp_verdict_symbol(verdict, i, NULL, NULL));
    pthread_mutex_unlock(&lock);
}

/* mlt_metrics_scan - the time one scan took */
void    mlt_metrics_scan(double seconds)
{
    size_t  i;

    for (i = 0; i < BUCKETS && seconds > buckets[i]; i++)
	 /* void */ ;
    pthread_mutex_lock(&lock);
    if (i < BUCKETS)
	m.scan_buckets[i]++;
    m.scan_count++;
    m.scan_sum += seconds;
    pthread_mutex_unlock(&lock);
}

/* mlt_metrics_reload - a load of config and rules, at start-up (first) or on SIGHUP */
void    mlt_metrics_reload(int ok, int first)
{
    struct timespec now;

    clock_gettime(CLOCK_REALTIME, &now);
    pthread_mutex_lock(&lock);
    if (ok)
	m.loaded = (double) now.tv_sec + now.tv_nsec / 1e9;
    if (!first)
	(*(ok ? &m.reloads_ok : &m.reloads_failed))++;
    pthread_mutex_unlock(&lock);
}

/* put_label - a label value escaped for the exposition format */
static void put_label(GString *out, const char *s)
{
    for (; *s; s++) {
	if (*s == '\\' || *s == '"')
	    g_string_append_c(out, '\\');
	if (*s == '\n')
	    g_string_append(out, "\\n");
	else
	    g_string_append_c(out, *s);
    }
}

/* by_name - order symbol names for a stable page */
static gint by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* page - the whole exposition, copied under the lock */
static GString *page(void)
{
    GString *out = g_string_sized_new(4096);
    GPtrArray *names = g_ptr_array_new();
    guint64 cum = 0;
    GHashTableIter it;
    gpointer key;
    size_t  i;

    pthread_mutex_lock(&lock);
    g_string_append(out, "# HELP regphish_messages_total Messages, by what the milter did with them.\n"
		    "# TYPE regphish_messages_total counter\n");
    for (i = 0; i < MLT_METRICS_ACTIONS; i++)
	g_string_append_printf(out, "regphish_messages_total{action=\"%s\"} %" G_GUINT64_FORMAT "\n",
			       action_names[i], m.messages[i]);
    g_string_append(out, "# HELP regphish_symbols_total Symbols found, by name.\n"
		    "# TYPE regphish_symbols_total counter\n");
    if (m.symbols != NULL) {
	g_hash_table_iter_init(&it, m.symbols);
	while (g_hash_table_iter_next(&it, &key, NULL))
	    g_ptr_array_add(names, key);
	g_ptr_array_sort(names, by_name);
    }
    for (i = 0; i < names->len; i++) {
	g_string_append(out, "regphish_symbols_total{symbol=\"");
	put_label(out, names->pdata[i]);
	g_string_append_printf(out, "\"} %" G_GUINT64_FORMAT "\n",
			       *(guint64 *) g_hash_table_lookup(m.symbols, names->pdata[i]));
    }
    g_string_append(out, "# HELP regphish_scan_seconds Time the engine took to judge a message.\n"
		    "# TYPE regphish_scan_seconds histogram\n");
    for (i = 0; i < BUCKETS; i++) {
	cum += m.scan_buckets[i];
	g_string_append_printf(out, "regphish_scan_seconds_bucket{le=\"%g\"} %" G_GUINT64_FORMAT "\n",
			       buckets[i], cum);
    }
    g_string_append_printf(out, "regphish_scan_seconds_bucket{le=\"+Inf\"} %" G_GUINT64_FORMAT "\n"
			   "regphish_scan_seconds_sum %.6f\n"
			   "regphish_scan_seconds_count %" G_GUINT64_FORMAT "\n",
			   m.scan_count, m.scan_sum, m.scan_count);
    g_string_append_printf(out, "# HELP regphish_reloads_total Reloads of config and rules (SIGHUP).\n"
			   "# TYPE regphish_reloads_total counter\n"
			   "regphish_reloads_total{result=\"ok\"} %" G_GUINT64_FORMAT "\n"
			   "regphish_reloads_total{result=\"failed\"} %" G_GUINT64_FORMAT "\n",
			   m.reloads_ok, m.reloads_failed);
    g_string_append_printf(out, "# HELP regphish_rules_loaded_timestamp_seconds When the running rules were loaded.\n"
			   "# TYPE regphish_rules_loaded_timestamp_seconds gauge\n"
			   "regphish_rules_loaded_timestamp_seconds %.3f\n", m.loaded);
    pthread_mutex_unlock(&lock);
    g_ptr_array_free(names, TRUE);
    return out;
}

/* late - whether CLIENT_SECONDS have passed since start */
static int late(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec - start->tv_sec > CLIENT_SECONDS;
}

/*
 * read_request - the request up to its blank line; -1 when too long, cut
 * or late.  Each read() waits CLIENT_SECONDS at most (SO_RCVTIMEO), and
 * so does the whole request: a byte now and then does not keep it open.
 */
static int read_request(int fd, char *buf, size_t size, const struct timespec *start)
{
    size_t  len = 0;
    ssize_t n;

    while (len + 1 < size) {
	if ((n = read(fd, buf + len, size - 1 - len)) <= 0 || late(start))
	    return -1;				/* gone, or CLIENT_SECONDS passed */
	len += (size_t) n;
	buf[len] = 0;
	if (strstr(buf, "\r\n\r\n") != NULL || strstr(buf, "\n\n") != NULL)
	    return 0;
    }
    return -1;
}

/* write_all - the whole buffer, or give up on a gone, slow or late client */
static void write_all(int fd, const char *p, size_t len, const struct timespec *start)
{
    ssize_t n;

    /* MSG_NOSIGNAL: a client that went away is no SIGPIPE */
    while (len > 0 && !late(start) && (n = send(fd, p, len, MSG_NOSIGNAL)) > 0) {
	p += n;
	len -= (size_t) n;
    }
}

/* answer - status line, headers and (unless HEAD) the body */
static void answer(int fd, const struct timespec *start, const char *status,
		   const char *extra, const char *type, const GString *body, int head)
{
    char   *top = g_strdup_printf("HTTP/1.0 %s\r\nContent-Type: %s\r\n%s"
				  "Content-Length: %zu\r\nConnection: close\r\n\r\n",
				  status, type, extra, body->len);

    write_all(fd, top, strlen(top), start);
    if (!head)
	write_all(fd, body->str, body->len, start);
    g_free(top);
}

/* serve - one connection: one request, one answer */
static void serve(int fd)
{
    char    buf[REQUEST_MAX + 1], *method, *path, *version, *save = NULL;
    struct timespec start;
    GString *body;
    int     head = 0;

    clock_gettime(CLOCK_MONOTONIC, &start);
    if (read_request(fd, buf, sizeof(buf), &start) < 0) {
	body = g_string_new("bad request\n");
	answer(fd, &start, "400 Bad Request", "", "text/plain", body, 0);
	g_string_free(body, TRUE);
	return;
    }
    buf[strcspn(buf, "\r\n")] = 0;
    method = strtok_r(buf, " ", &save);
    path = strtok_r(NULL, " ", &save);
    version = strtok_r(NULL, " ", &save);
    if (method == NULL || path == NULL || version == NULL || strncmp(version, "HTTP/1.", 7) != 0
	|| strtok_r(NULL, " ", &save) != NULL) {
	body = g_string_new("bad request\n");
	answer(fd, &start, "400 Bad Request", "", "text/plain", body, 0);
    } else if (strcmp(method, "GET") != 0 && (head = strcmp(method, "HEAD") == 0) == 0) {
	body = g_string_new("only GET\n");
	answer(fd, &start, "405 Method Not Allowed", "Allow: GET, HEAD\r\n", "text/plain", body, 0);
    } else if (strcmp(path, "/metrics") != 0 && strncmp(path, "/metrics?", 9) != 0) {
	body = g_string_new("not found: try /metrics\n");
	answer(fd, &start, "404 Not Found", "", "text/plain", body, head);
    } else {
	body = page();
	answer(fd, &start, "200 OK", "", "text/plain; version=0.0.4; charset=utf-8", body, head);
    }
    g_string_free(body, TRUE);
}

/* metrics_thread - accept and serve, one connection at a time, for ever */
static void *metrics_thread(void *unused)
{
    struct timeval tv = {CLIENT_SECONDS, 0};
    int     fd;

    (void) unused;
    for (;;) {
	if ((fd = accept(listen_fd, NULL, NULL)) < 0) {
	    if (errno != EINTR && errno != ECONNABORTED)
		sleep(1);			/* EMFILE and such: do not spin */
	    continue;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0
	    && setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == 0)
	    serve(fd);
	close(fd);
    }
    return NULL;
}

/* parse_spec - inet:HOST:PORT or inet6:[HOST]:PORT into an address */
static int parse_spec(const char *spec, struct sockaddr_storage *ss, socklen_t *len)
{
    struct sockaddr_in *sin = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;
    char    host[INET6_ADDRSTRLEN + 2], *end;
    const char *colon;
    unsigned long port;
    size_t  hlen;
    int     six = strncmp(spec, "inet6:", 6) == 0;

    if (!six && strncmp(spec, "inet:", 5) != 0)
	return -1;
    spec += six ? 6 : 5;
    if ((colon = strrchr(spec, ':')) == NULL || (hlen = (size_t) (colon - spec)) >= sizeof(host))
	return -1;
    memcpy(host, spec, hlen);
    host[hlen] = 0;
    errno = 0;
    port = strtoul(colon + 1, &end, 10);
    if (colon[1] < '0' || colon[1] > '9' || *end || errno || port == 0 || port > 65535)
	return -1;
    memset(ss, 0, sizeof(*ss));
    if (six) {
	if (hlen < 2 || host[0] != '[' || host[hlen - 1] != ']')
	    return -1;
	host[hlen - 1] = 0;
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons((unsigned short) port);
	*len = sizeof(*sin6);
	return inet_pton(AF_INET6, host + 1, &sin6->sin6_addr) == 1 ? 0 : -1;
    }
    sin->sin_family = AF_INET;
    sin->sin_port = htons((unsigned short) port);
    *len = sizeof(*sin);
    return inet_pton(AF_INET, host, &sin->sin_addr) == 1 ? 0 : -1;
}

/* mlt_metrics_listen - bind the metrics socket (empty spec: none) */
int     mlt_metrics_listen(const char *spec)
{
    struct sockaddr_storage ss;
    socklen_t len = 0;
    int     fd, on = 1;

    if (spec == NULL || *spec == 0)
	return 0;
    if (parse_spec(spec, &ss, &len) < 0) {
	mlt_log(LOG_ERR, "metrics_listen: \"%s\" is not inet:ADDRESS:PORT or inet6:[ADDRESS]:PORT",
		spec);
	return -1;
    }
    if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0
	|| setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0
	|| bind(fd, (struct sockaddr *) &ss, len) < 0 || listen(fd, 16) < 0) {
	mlt_log(LOG_ERR, "metrics_listen: cannot listen on %s: %s", spec, strerror(errno));
	if (fd >= 0)
	    close(fd);
	return -1;
    }
    listen_fd = fd;
    mlt_log(LOG_INFO, "metrics on %s", spec);
    return 0;
}

/* mlt_metrics_start - serve the bound socket from a thread of its own */
int     mlt_metrics_start(void)
{
    pthread_t tid;

    if (listen_fd < 0)
	return 0;
    if (pthread_create(&tid, NULL, metrics_thread, NULL) != 0 || pthread_detach(tid) != 0) {
	mlt_log(LOG_ERR, "cannot start the metrics thread");
	return -1;
    }
    return 0;
}
