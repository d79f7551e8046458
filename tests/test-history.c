/*
 * NAME
 *	test-history - unit tests of the history check, through rp_scan()
 * DESCRIPTION
 *	The engine reads the site's history only through the
 *	rp_history_reader of the envelope; here that reader is a small
 *	table in memory (no store), so each case says exactly what the
 *	site has seen.  The cases: FIRST_CONTACT, FIRST_CONTACT_LINK and
 *	NEWLY_SEEN with their counts in the reason, and 0 on their own;
 *	flagged mail does not make a domain known; the brand table's own
 *	domains are not asked about; a failing reader gives no history
 *	symbol; a local weight below 0 counts as 0; link lookups are
 *	bounded and deceptive links come first; the domains a verdict hands
 *	the program to record (sender once with the brand claimed, each
 *	link domain once in A-label form, capped).  And the rule the
 *	attacker reads: over every message here and the sample corpus,
 *	with any reader, history never lowers a score or an action, and
 *	leaves every other symbol's score as it is.
 *	(The store's own tests are test-histstore.c.)
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "regphish.h"
#include "rp_util.h"
#include "check_main.h"

/* What the fake history knows of one domain (messages 0: never seen). */
typedef struct fake_entry {
    rp_history_role role;
    const char *domain;
    long long age;			/* seconds since first seen */
    unsigned long messages, flagged;
} fake_entry;

/* What the fake history says of the domains it has no entry for. */
typedef enum fake_others {
    OTHERS_NEW,				/* never seen */
    OTHERS_OLD,				/* seen a year ago, unflagged */
    OTHERS_FLAGGED,			/* seen a year ago, all flagged */
    OTHERS_RECENT			/* seen an hour ago, unflagged */
} fake_others;

typedef struct fake_history {
    const fake_entry *entries;		/* looked at first */
    size_t  count;
    fake_others others;
    int     fail;			/* every lookup fails (-1) */
    unsigned lookups;
} fake_history;

/* fake_lookup - the rp_history_reader callback over a fake_history */
static int fake_lookup(void *ctx, rp_history_role role, const char *domain,
		               rp_history_record *rec)
{
    fake_history *h = ctx;
    long long now = (long long) time(NULL);
    size_t  i;

    h->lookups++;
    if (h->fail)
	return -1;
    for (i = 0; i < h->count; i++)
	if (h->entries[i].role == role && strcmp(h->entries[i].domain, domain) == 0) {
	    if (h->entries[i].messages == 0)
		return 0;
	    rec->first_seen = now - h->entries[i].age;
	    rec->last_seen = now;
	    rec->messages = h->entries[i].messages;
	    rec->flagged = h->entries[i].flagged;
	    return 1;
	}
    if (h->others == OTHERS_NEW)
	return 0;
    rec->first_seen = now - (h->others == OTHERS_RECENT ? 3600 : 365LL * 86400);
    rec->last_seen = now;
    rec->messages = 10;
    rec->flagged = h->others == OTHERS_FLAGGED ? 10 : 0;
    return 1;
}

/* scan - the verdict of msg with the history h (NULL: none) */
static rp_verdict *scan(const rp_engine *e, const char *msg, fake_history *h)
{
    rp_history_reader reader = {fake_lookup, h};
    rp_envelope env;
    rp_verdict *v = NULL;

    memset(&env, 0, sizeof(env));
    env.history = h != NULL ? &reader : NULL;
    ck_assert_int_eq(rp_scan(e, msg, strlen(msg), &env, &v), RP_OK);
    return v;
}

/* symbol - the symbol's score and reason in v; 0 when absent */
static int symbol(const rp_verdict *v, const char *name, double *score, const char **reason)
{
    size_t  i;

    for (i = 0; i < rp_verdict_count(v); i++)
	if (strcmp(rp_verdict_symbol(v, i, score, reason), name) == 0)
	    return 1;
    return 0;
}

/* weight - the shipped weight of a history symbol (rules/symbols.conf) */
static double weight(const char *name)
{
    static const struct {
	const char *name;
	double  weight;
    } shipped[] = {{"FIRST_CONTACT", 1.5}, {"FIRST_CONTACT_LINK", 1.0}, {"NEWLY_SEEN", 1.0}};
    size_t  i;

    for (i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++)
	if (strcmp(shipped[i].name, name) == 0)
	    return shipped[i].weight;
    ck_abort_msg("no weight for %s", name);
    return 0;
}

/* Plain mail from a new correspondent: no brand, no lookalike, no lure. */
#define PLAIN \
    "From: Alice <alice@newcorp.example>\r\nSubject: lunch on Friday\r\n\r\n" \
    "See you at noon by the fountain.  Menu: https://www.newcorp.example/menu\r\n"

/* Lure wording from a new domain that links to itself. */
#define LURE_SELF \
    "From: Accounts <desk@service-desk.example>\r\nSubject: Action needed\r\n\r\n" \
    "Your account will be suspended within 24 hours unless you verify your email.\r\n" \
    "https://login.service-desk.example/verify\r\n"

/* Lure wording from a known colleague, with a link to a new domain. */
#define LURE_LINK \
    "From: Bob <bob@colleague.example>\r\nSubject: Action needed\r\n\r\n" \
    "Your account will be suspended within 24 hours unless you verify your email.\r\n" \
    "https://www.portal-check.example/login\r\n"

/* A brand claimed in the display name, from a new domain. */
#define CLAIM \
    "From: PyPI Security <alerts@notice-center.example>\r\nSubject: Hello\r\n\r\n" \
    "A note from the team.\r\n"

static const char *const history_symbols[] = {"FIRST_CONTACT", "FIRST_CONTACT_LINK",
"NEWLY_SEEN"};

/* no_history_symbols - v carries none of them */
static void no_history_symbols(const rp_verdict *v, const char *what)
{
    size_t  i;

    for (i = 0; i < 3; i++)
	ck_assert_msg(!symbol(v, history_symbols[i], NULL, NULL), "%s: %s present", what,
		      history_symbols[i]);
}

/* Without a reader there are no history symbols. */
START_TEST(test_no_reader)
{
    rp_verdict *v = scan(rp_test_engine, LURE_SELF, NULL);

    no_history_symbols(v, "no reader");
    rp_verdict_free(v);
    ck_assert_int_eq(rp_scan(rp_test_engine, LURE_SELF, strlen(LURE_SELF), NULL, &v), RP_OK);
    no_history_symbols(v, "no envelope");
    rp_verdict_free(v);
}
END_TEST

/* A first contact alone weighs 0: the score is the one without history. */
START_TEST(test_first_contact_alone)
{
    fake_history h = {NULL, 0, OTHERS_NEW, 0, 0};
    rp_verdict *v = scan(rp_test_engine, PLAIN, &h), *base = scan(rp_test_engine, PLAIN, NULL);
    const char *reason;
    double  score = -1;

    ck_assert_msg(symbol(v, "FIRST_CONTACT", &score, &reason), "FIRST_CONTACT missing");
    ck_assert(score == 0);
    ck_assert_msg(strstr(reason, "first message from newcorp.example") != NULL, "%s", reason);
    ck_assert_msg(strstr(reason, "counts only with") != NULL, "%s", reason);
    ck_assert(rp_verdict_score(v) == rp_verdict_score(base));
    ck_assert(!symbol(v, "FIRST_CONTACT_LINK", NULL, NULL));	/* no lure: not asked */
    ck_assert_uint_eq(h.lookups, 1);
    rp_verdict_free(v);
    rp_verdict_free(base);
}
END_TEST

/* With lure wording, or a brand claim, a first contact adds its weight. */
START_TEST(test_first_contact_counts)
{
    static const char *const msgs[] = {LURE_SELF, CLAIM};
    fake_history h = {NULL, 0, OTHERS_NEW, 0, 0};
    rp_verdict *v, *base;
    double  score = -1;
    size_t  i;

    for (i = 0; i < 2; i++) {
	v = scan(rp_test_engine, msgs[i], &h);
	base = scan(rp_test_engine, msgs[i], NULL);
	ck_assert_msg(symbol(v, "FIRST_CONTACT", &score, NULL), "%zu: missing", i);
	ck_assert_msg(score == weight("FIRST_CONTACT"), "%zu: score %.2f", i, score);
	ck_assert(rp_verdict_score(v) == rp_verdict_score(base) + score);
	/* the sender's own domain as a link is the first contact's, not a link's */
	ck_assert(!symbol(v, "FIRST_CONTACT_LINK", NULL, NULL));
	rp_verdict_free(v);
	rp_verdict_free(base);
    }
}
END_TEST

/*
 * An ordinary-word business near a brand, claiming nothing and asking
 * nothing, is a weak hint: no evidence a first contact adds to.
 */
START_TEST(test_first_contact_weak_hint)
{
    static const char msg[] =
	"From: Nugget Diner <orders@nugget.com>\r\nSubject: Your order has shipped\r\n\r\n"
	"Thanks for shopping with us. Track your parcel at https://nugget.com/track/123\r\n";
    fake_history h = {NULL, 0, OTHERS_NEW, 0, 0};
    rp_verdict *v = scan(rp_test_engine, msg, &h), *base = scan(rp_test_engine, msg, NULL);
    double  score = -1;

    ck_assert_msg(symbol(v, "FIRST_CONTACT", &score, NULL) && score == 0, "score %.2f", score);
    ck_assert(rp_verdict_score(v) == rp_verdict_score(base));
    ck_assert(rp_verdict_action(v) == RP_ACTION_ACCEPT);
    rp_verdict_free(v);
    rp_verdict_free(base);
}
END_TEST

/* A link to a domain no message carried before, with lure wording. */
START_TEST(test_first_contact_link)
{
    static const fake_entry known[] = {
	{RP_HISTORY_SENDER, "colleague.example", 400L * 86400, 50, 0}};
    fake_history h = {known, 1, OTHERS_NEW, 0, 0};
    rp_verdict *v = scan(rp_test_engine, LURE_LINK, &h);
    const char *reason;
    double  score = -1;

    ck_assert(!symbol(v, "FIRST_CONTACT", NULL, NULL));
    ck_assert(!symbol(v, "NEWLY_SEEN", NULL, NULL));
    ck_assert_msg(symbol(v, "FIRST_CONTACT_LINK", &score, &reason), "missing");
    ck_assert(score == weight("FIRST_CONTACT_LINK"));
    ck_assert_msg(strstr(reason, "first link to www.portal-check.example (portal-check.example)")
		  != NULL, "%s", reason);
    rp_verdict_free(v);
}
END_TEST

/* A link domain that has written here before is known, in either role. */
START_TEST(test_link_known_as_sender)
{
    static const fake_entry known[] = {
	{RP_HISTORY_SENDER, "colleague.example", 400L * 86400, 50, 0},
	{RP_HISTORY_SENDER, "portal-check.example", 400L * 86400, 5, 0}};
    fake_history h = {known, 2, OTHERS_NEW, 0, 0};
    rp_verdict *v = scan(rp_test_engine, LURE_LINK, &h);

    no_history_symbols(v, "known link domain");
    rp_verdict_free(v);
}
END_TEST

/* Domains seen long ago, in unflagged mail: nothing to say. */
START_TEST(test_known)
{
    fake_history h = {NULL, 0, OTHERS_OLD, 0, 0};
    rp_verdict *v = scan(rp_test_engine, LURE_LINK, &h);

    no_history_symbols(v, "known");
    rp_verdict_free(v);
}
END_TEST

/* Flagged mail does not make a domain known (no warming up with caught phish). */
START_TEST(test_flagged_only)
{
    static const fake_entry seen[] = {
	{RP_HISTORY_SENDER, "service-desk.example", 3 * 86400, 3, 3}};
    fake_history h = {seen, 1, OTHERS_NEW, 0, 0};
    rp_verdict *v = scan(rp_test_engine, LURE_SELF, &h);
    const char *reason;
    double  score = -1;

    ck_assert_msg(symbol(v, "FIRST_CONTACT", &score, &reason), "missing");
    ck_assert(score == weight("FIRST_CONTACT"));
    ck_assert_msg(strstr(reason, "only flagged mail (3 messages)") != NULL, "%s", reason);
    rp_verdict_free(v);
}
END_TEST

/* First seen two days ago: NEWLY_SEEN with the age and the count. */
START_TEST(test_newly_seen)
{
    static const fake_entry seen[] = {
	{RP_HISTORY_SENDER, "service-desk.example", 2 * 86400 + 600, 3, 0},
	{RP_HISTORY_SENDER, "colleague.example", 400L * 86400, 50, 0},
	{RP_HISTORY_LINK, "portal-check.example", 5400, 2, 0}};
    fake_history h = {seen, 3, OTHERS_NEW, 0, 0};
    rp_verdict *v = scan(rp_test_engine, LURE_SELF, &h), *base;
    const char *reason;
    double  score = -1;

    ck_assert(!symbol(v, "FIRST_CONTACT", NULL, NULL));
    ck_assert_msg(symbol(v, "NEWLY_SEEN", &score, &reason), "missing");
    ck_assert(score == weight("NEWLY_SEEN"));
    ck_assert_msg(strcmp(reason, "service-desk.example first seen 2 days ago, 3 messages") == 0,
		  "%s", reason);
    rp_verdict_free(v);
    v = scan(rp_test_engine, LURE_LINK, &h);
    ck_assert_msg(symbol(v, "NEWLY_SEEN", &score, &reason), "link: missing");
    ck_assert_msg(strcmp(reason, "link domain portal-check.example first seen 1 hour ago,"
			 " 2 messages") == 0, "%s", reason);
    ck_assert(!symbol(v, "FIRST_CONTACT_LINK", NULL, NULL));
    rp_verdict_free(v);
    h.entries = seen + 1;		/* newcorp.example first seen an hour ago */
    h.count = 0;
    h.others = OTHERS_RECENT;
    v = scan(rp_test_engine, PLAIN, &h);	/* alone it weighs nothing */
    base = scan(rp_test_engine, PLAIN, NULL);
    ck_assert_msg(symbol(v, "NEWLY_SEEN", &score, NULL) && score == 0, "alone: %.2f", score);
    ck_assert(rp_verdict_score(v) == rp_verdict_score(base));
    rp_verdict_free(v);
    rp_verdict_free(base);
}
END_TEST

/* same_symbols - a and b hold the same symbols with the same scores */
static void same_symbols(const rp_verdict *a, const rp_verdict *b, const char *what)
{
    const char *name;
    double  sa, sb;
    size_t  i;

    ck_assert_msg(rp_verdict_count(a) == rp_verdict_count(b), "%s: counts differ", what);
    for (i = 0; i < rp_verdict_count(a); i++) {
	name = rp_verdict_symbol(a, i, &sa, NULL);
	ck_assert_msg(symbol(b, name, &sb, NULL) && sa == sb, "%s: %s differs", what, name);
    }
    ck_assert(rp_verdict_score(a) == rp_verdict_score(b));
}

/* A reader that fails gives no history symbol: the verdict is the one without. */
START_TEST(test_failing_reader)
{
    static const char *const msgs[] = {PLAIN, LURE_SELF, LURE_LINK, CLAIM};
    fake_history h = {NULL, 0, OTHERS_NEW, 1, 0};
    rp_verdict *v, *base;
    size_t  i;

    for (i = 0; i < 4; i++) {
	v = scan(rp_test_engine, msgs[i], &h);
	base = scan(rp_test_engine, msgs[i], NULL);
	same_symbols(v, base, "failing reader");
	rp_verdict_free(v);
	rp_verdict_free(base);
    }
}
END_TEST

/* A brand's own domain is the brand table's: no first contact for it. */
START_TEST(test_brand_own)
{
    static const char msg[] =
	"From: PyPI <noreply@pypi.org>\r\nSubject: [PyPI] Email verification\r\n\r\n"
	"Verify your email now or your account will be suspended: https://pypi.org/account/\r\n";
    fake_history h = {NULL, 0, OTHERS_NEW, 0, 0};
    rp_verdict *v = scan(rp_test_engine, msg, &h);

    no_history_symbols(v, "brand's own");
    ck_assert_uint_eq(h.lookups, 0);
    rp_verdict_free(v);
}
END_TEST

/* A local weight below 0 counts as 0: history only ever adds. */
START_TEST(test_negative_weight)
{
    char    dir[] = "/tmp/test-history-XXXXXX", path[256];
    rp_setting local = {"local_rules_dir", dir};
    rp_engine *e = NULL;
    fake_history h = {NULL, 0, OTHERS_NEW, 0, 0};
    rp_verdict *v, *base;
    rp_error err;
    double  score = -1;
    FILE   *fp;

    ck_assert(mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/symbols.conf", dir);
    ck_assert((fp = fopen(path, "w")) != NULL);
    fputs("FIRST_CONTACT -5 a site that wants new senders trusted\n"
	  "FIRST_CONTACT_LINK -5 x\nNEWLY_SEEN -5 x\n", fp);
    fclose(fp);
    memset(&err, 0, sizeof(err));
    ck_assert_msg(rp_engine_load_settings(RP_TEST_DATA_DIR "/regphish-test.conf",
					  RP_TEST_RULES_DIR, &local, 1, NULL, &e, &err) == RP_OK,
		  "%s:%u: %s", err.file, err.line, err.message);
    v = scan(e, LURE_SELF, &h);
    base = scan(e, LURE_SELF, NULL);
    ck_assert(symbol(v, "FIRST_CONTACT", &score, NULL));
    ck_assert(score == 0);
    ck_assert(rp_verdict_score(v) == rp_verdict_score(base));
    rp_verdict_free(v);
    rp_verdict_free(base);
    rp_engine_free(e);
    unlink(path);
    rmdir(dir);
}
END_TEST

/* find_domain - the index of domain in role among v's domains, or -1 */
static long find_domain(const rp_verdict *v, rp_history_role role, const char *domain,
			        const char **brand)
{
    rp_history_role r;
    const char *d;
    size_t  i;

    for (i = 0; (d = rp_verdict_domain(v, i, &r, brand)) != NULL; i++)
	if (r == role && strcmp(d, domain) == 0)
	    return (long) i;
    return -1;
}

/* The domains to record: sender once with the brand claimed, links once, A-labels. */
START_TEST(test_domains)
{
    static const char msg[] =
	"From: PyPI Team <noreply@Mail.Shop.example>\r\n"
	"Reply-To: other@reply.example\r\nSubject: hello\r\n"
	"Content-Type: text/html; charset=utf-8\r\n\r\n"
	"<p><a href=\"https://a.one.example/x\">one</a> <a href=\"https://b.one.example/y\">again</a>"
	" <a href=\"https://b\xc3\xbc" "cher.example/\">books</a>"
	" <a href=\"https://www.google.com/url?q=https%3A%2F%2Fdest.example%2Fp\">via</a>"
	" <span style=\"display:none\"><a href=\"https://hidden.example/\">h</a></span>"
	" <a href=\"mailto:x@mailto.example\">mail</a></p>\r\n";
    rp_verdict *v = scan(rp_test_engine, msg, NULL);
    rp_history_role role;
    const char *brand = NULL;
    size_t  i, senders = 0;

    ck_assert_int_eq(find_domain(v, RP_HISTORY_SENDER, "shop.example", &brand), 0);
    ck_assert_msg(brand != NULL && strcmp(brand, "PyPI") == 0, "brand %s", brand);
    ck_assert(find_domain(v, RP_HISTORY_LINK, "one.example", &brand) > 0);
    ck_assert(brand == NULL);
    ck_assert(find_domain(v, RP_HISTORY_LINK, "xn--bcher-kva.example", NULL) > 0);
    ck_assert(find_domain(v, RP_HISTORY_LINK, "google.com", NULL) > 0);
    ck_assert(find_domain(v, RP_HISTORY_LINK, "dest.example", NULL) > 0);
    ck_assert(find_domain(v, RP_HISTORY_LINK, "hidden.example", NULL) < 0);
    ck_assert(find_domain(v, RP_HISTORY_LINK, "mailto.example", NULL) < 0);
    ck_assert(find_domain(v, RP_HISTORY_SENDER, "reply.example", NULL) < 0);
    for (i = 0; rp_verdict_domain(v, i, &role, NULL) != NULL; i++)
	senders += role == RP_HISTORY_SENDER;
    ck_assert_uint_eq(senders, 1);
    ck_assert_uint_eq(rp_verdict_domain_count(v), 5);
    ck_assert(rp_verdict_domain(v, 5, NULL, NULL) == NULL);
    rp_verdict_free(v);
}
END_TEST

/* flood - a lure message with n harmless link domains, then the link last */
static char *flood(size_t n, const char *last)
{
    rp_buf  b;
    size_t  i;
    char   *s;

    rp_buf_init(&b);
    rp_buf_puts(&b, "From: Bob <bob@colleague.example>\r\nSubject: Action needed\r\n\r\n"
		"Your account will be suspended within 24 hours unless you verify your email.\r\n");
    for (i = 0; i < n; i++)
	rp_buf_printf(&b, "https://www.site%zu.example/\r\n", i);
    rp_buf_printf(&b, "%s\r\n", last);
    s = rp_buf_steal(&b);
    rp_buf_free(&b);
    return s;
}

/*
 * Link flooding: harmless links before the phishing one do not push it
 * past the caps, and lookups per message stay bounded.
 */
START_TEST(test_flood)
{
    static const fake_entry fresh[] = {
	{RP_HISTORY_LINK, "pypi-account-review.com", 0, 0, 0},
	{RP_HISTORY_SENDER, "pypi-account-review.com", 0, 0, 0}};
    fake_history h = {fresh, 2, OTHERS_OLD, 0, 0};
    char   *msg = flood(100, "https://pypi-account-review.com/login");
    rp_verdict *v = scan(rp_test_engine, msg, &h);
    const char *reason;
    size_t  n = 0;

    while (rp_verdict_domain(v, n, NULL, NULL) != NULL)
	n++;
    ck_assert_uint_eq(n, 64 + 1);		/* the cap, and the sender */
    ck_assert(find_domain(v, RP_HISTORY_LINK, "pypi-account-review.com", NULL) >= 0);
    ck_assert_msg(symbol(v, "FIRST_CONTACT_LINK", NULL, &reason), "missing");
    ck_assert_msg(strstr(reason, "pypi-account-review.com") != NULL, "%s", reason);
    ck_assert_msg(h.lookups <= 1 + 2 * 16, "%u lookups", h.lookups);
    rp_verdict_free(v);
    free(msg);
    h.others = OTHERS_NEW;		/* every link domain new: still bounded */
    h.lookups = 0;
    msg = flood(100, "https://www.site-last.example/");
    v = scan(rp_test_engine, msg, &h);
    ck_assert_msg(h.lookups <= 1 + 2 * 16, "%u lookups", h.lookups);
    rp_verdict_free(v);
    free(msg);
}
END_TEST

/* check_never_lower - with every reader, v is at least what it is without history */
static void check_never_lower(const char *label, const char *data, size_t len)
{
    fake_history readers[] = {
	{NULL, 0, OTHERS_NEW, 0, 0}, {NULL, 0, OTHERS_OLD, 0, 0},
	{NULL, 0, OTHERS_FLAGGED, 0, 0}, {NULL, 0, OTHERS_RECENT, 0, 0},
	{NULL, 0, OTHERS_NEW, 1, 0}};
    rp_history_reader reader;
    rp_envelope env;
    rp_verdict *base, *v;
    const char *name;
    double  sb, sv;
    size_t  r, i;

    ck_assert_int_eq(rp_scan(rp_test_engine, data, len, NULL, &base), RP_OK);
    for (r = 0; r < sizeof(readers) / sizeof(readers[0]); r++) {
	reader.lookup = fake_lookup;
	reader.ctx = readers + r;
	memset(&env, 0, sizeof(env));
	env.history = &reader;
	ck_assert_int_eq(rp_scan(rp_test_engine, data, len, &env, &v), RP_OK);
	ck_assert_msg(rp_verdict_score(v) >= rp_verdict_score(base)
		      && rp_verdict_action(v) >= rp_verdict_action(base),
		      "%s: reader %zu lowered %.2f to %.2f", label, r,
		      rp_verdict_score(base), rp_verdict_score(v));
	for (i = 0; i < rp_verdict_count(base); i++) {
	    name = rp_verdict_symbol(base, i, &sb, NULL);
	    ck_assert_msg(symbol(v, name, &sv, NULL) && sv == sb, "%s: reader %zu changed %s",
			  label, r, name);
	}
	rp_verdict_free(v);
    }
    rp_verdict_free(base);
}

/* History never lowers a verdict, over the cases here and the sample corpus. */
START_TEST(test_never_lowers)
{
    static const char *const msgs[] = {PLAIN, LURE_SELF, LURE_LINK, CLAIM};
    static const char *const dirs[] = {RP_TEST_DATA_DIR "/corpus/phish",
	RP_TEST_DATA_DIR "/corpus/ham"};
    char    path[1024], *data;
    struct dirent *de;
    size_t  i, len, files = 0;
    DIR    *dir;

    for (i = 0; i < 4; i++)
	check_never_lower("case", msgs[i], strlen(msgs[i]));
    for (i = 0; i < 2; i++) {
	ck_assert_msg((dir = opendir(dirs[i])) != NULL, "cannot open %s", dirs[i]);
	while ((de = readdir(dir)) != NULL) {
	    if (strstr(de->d_name, ".eml") == NULL)
		continue;
	    snprintf(path, sizeof(path), "%s/%s", dirs[i], de->d_name);
	    ck_assert_int_eq(rp_read_file(path, &data, &len), RP_OK);
	    check_never_lower(path, data, len);
	    free(data);
	    files++;
	}
	closedir(dir);
    }
    ck_assert(files >= 50);
}
END_TEST

/* history_suite - the tests, around one loaded engine */
static Suite *history_suite(void)
{
    Suite  *s = suite_create("history");
    TCase  *tc = tcase_create("history");

    tcase_add_unchecked_fixture(tc, rp_test_engine_load, rp_test_engine_free);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_no_reader);
    tcase_add_test(tc, test_first_contact_alone);
    tcase_add_test(tc, test_first_contact_counts);
    tcase_add_test(tc, test_first_contact_weak_hint);
    tcase_add_test(tc, test_first_contact_link);
    tcase_add_test(tc, test_link_known_as_sender);
    tcase_add_test(tc, test_known);
    tcase_add_test(tc, test_flagged_only);
    tcase_add_test(tc, test_newly_seen);
    tcase_add_test(tc, test_failing_reader);
    tcase_add_test(tc, test_brand_own);
    tcase_add_test(tc, test_negative_weight);
    tcase_add_test(tc, test_domains);
    tcase_add_test(tc, test_flood);
    tcase_add_test(tc, test_never_lowers);
    suite_add_tcase(s, tc);
    return s;
}

const rp_test_program rp_test = {history_suite, NULL, NULL, NULL, 0};
