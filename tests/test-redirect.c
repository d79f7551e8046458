/*
 * NAME
 *	test-redirect - links wrapped in redirectors, link wrappers and shorteners
 * DESCRIPTION
 *	Attack cases first: each redirector of rules/redirectors.conf with
 *	a lookalike target (flagged, the reason naming the wrapper) and a
 *	genuine one (not flagged); mixed-case hosts and country domains;
 *	the wrapper's parameter repeated; a decoy in the fragment; wrappers
 *	nested, and nested past the depth that is read; double
 *	percent-encoding; HTML entities in the href; a wrapper host that is
 *	itself an imitation, or a label match on a suffix anyone may take.
 *	A target the wrapper hides (Mimecast, shorteners) is an unknown
 *	host: the link text is judged against it, and a newsletter's own
 *	click tracker stays a weak hint.  The messages are written here.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regphish.h"
#include "rp_util.h"
#include "check_main.h"

/* An HTML message with one link: the text a reader sees, the href. */
#define LINK(text, href) \
	"From: Notices <news@sender.example>\r\nSubject: account notice\r\n" \
	"Content-Type: text/html\r\n\r\n<p><a href=\"" href "\">" text "</a></p>\r\n"

#define PYPI_TEXT	"https://pypi.org/account/login/"
#define FLAGGED		"LINK_LOOKALIKE"
#define CLEAN		"LINK_LOOKALIKE LINK_TEXT_BRAND_MISMATCH LINK_TEXT_MISMATCH LINK_HIDDEN_TARGET"

typedef struct redirect_case {
    const char *name;
    const char *message;
    const char *want;			/* symbols that must appear */
    const char *reject;			/* symbols that must not */
    const char *reason;			/* a reason must hold this, or NULL */
} redirect_case;

static const redirect_case cases[] = {
    /* Google's /url on every country domain, any case. */
    {"google /url, lookalike target",
	LINK(PYPI_TEXT, "https://www.google.com/url?q=https://pypj.org/account/login/&amp;sa=D"),
	"LINK_LOOKALIKE LINK_TEXT_BRAND_MISMATCH", "", "link wrapped in a Google redirect leads to pypj.org"},
    {"google /url, the text shows the target: no mismatch on the wrapper",
	LINK(PYPI_TEXT, "https://www.google.com/url?q=https://pypj.org/account/login/"),
	"LINK_TEXT_BRAND_MISMATCH", "", "but the link wrapped in a Google redirect goes to pypj.org"},
    {"google /url, genuine target",
	LINK(PYPI_TEXT, "https://www.google.com/url?q=https%3A%2F%2Fpypi.org%2Faccount%2Flogin%2F&amp;sa=D"),
	"", CLEAN, NULL},
    {"google /url on a country domain in mixed case",
	LINK(PYPI_TEXT, "https://WWW.Google.CO.UK/URL?q=https%3A%2F%2Fpypj.org%2F"),
	FLAGGED, "", "Google redirect"},
    {"google /url under com.br, the url parameter",
	LINK(PYPI_TEXT, "https://www.google.com.br/url?url=https://pypj.org/"),
	FLAGGED, "", NULL},
    {"a google label on a suffix anyone may register is no Google redirect",
	LINK(PYPI_TEXT, "https://google.github.io/url?q=https://pypi.org/account/login/"),
	"LINK_TEXT_BRAND_MISMATCH LINK_LOOKALIKE", "", "goes to google.github.io"},
    {"a wrapper host that imitates Google is a lookalike, not unwrapped as genuine",
	LINK(PYPI_TEXT, "https://goog1e.com/url?q=https://pypi.org/account/login/"),
	"LINK_LOOKALIKE LINK_TEXT_BRAND_MISMATCH", "", "goog1e.com, which imitates the Google redirect"},
    {"an imitated wrapper's lookalike target is judged too",
	LINK("https://goog1e.com/url", "https://goog1e.com/url?q=https://pypj.org/account/login/"),
	"LINK_LOOKALIKE LOOKALIKE_VISUAL", "", "imitation of the Google redirect leads to pypj.org"},
    {"an imitated link shim under another suffix",
	LINK(PYPI_TEXT, "https://l.facebook.help/l.php?u=https%3A%2F%2Fpypi.org%2F"),
	"LINK_LOOKALIKE LINK_TEXT_BRAND_MISMATCH", "", "imitates the Facebook link shim"},
    {"a site's own page that carries a URL is no imitation",
	LINK("share", "https://www.example-news.com/share?url=https://pypi.org/"),
	"", CLEAN, NULL},
    {"google /url, parameter repeated: the lookalike second",
	LINK(PYPI_TEXT, "https://www.google.com/url?q=https://pypi.org/&amp;q=https://pypj.org/"),
	FLAGGED, "", NULL},
    {"google /url, parameter repeated: the lookalike first",
	LINK(PYPI_TEXT, "https://www.google.com/url?q=https://pypj.org/&amp;q=https://pypi.org/"),
	FLAGGED, "", NULL},
    {"a decoy in the fragment never reaches the redirector",
	LINK(PYPI_TEXT, "https://www.google.com/url?q=https://pypi.org/account/login/#&amp;q=https://pypj.org/"),
	"", CLEAN, NULL},
    {"a target whose own fragment names the brand",
	LINK(PYPI_TEXT, "https://www.google.com/url?q=https%3A%2F%2Fpypj.org%2F%23https%3A%2F%2Fpypi.org%2F"),
	FLAGGED, "", NULL},
    {"double percent-encoding is decoded once: an unreadable target is unknown",
	LINK(PYPI_TEXT, "https://www.google.com/url?q=https%253A%252F%252Fpypi.org%252F"),
	"LINK_HIDDEN_TARGET LINK_TEXT_BRAND_MISMATCH", "", "does not read as a link"},
    {"double percent-encoding hiding userinfo: decoded once, the host is the lookalike",
	LINK(PYPI_TEXT, "https://www.google.com/url?q=https://pypi.org%252F@pypj.org/login"),
	"LINK_LOOKALIKE URL_USERINFO_BRAND", "", NULL},
    {"google /url without its parameter hides the target",
	LINK(PYPI_TEXT, "https://www.google.com/url?sa=D&amp;source=x"),
	"LINK_HIDDEN_TARGET LINK_TEXT_BRAND_MISMATCH", "", "its target cannot be read"},
    {"google /url with its path percent-encoded is read as the server reads it",
	LINK("Click here", "https://www.google.com/%75rl?q=https://pypj.org/"),
	FLAGGED, "", "Google redirect"},
    {"proofpoint v3 cut short after its prefix",
	LINK(PYPI_TEXT, "https://urldefense.com/v3/__"),
	"LINK_HIDDEN_TARGET LINK_TEXT_BRAND_MISMATCH", "", NULL},
    {"google search is no redirect",
	LINK("search", "https://www.google.com/search?q=https://pypj.org/"),
	"", CLEAN, NULL},
    {"more repeated parameters than are read: flagged, the first ones judged",
	LINK(PYPI_TEXT, "https://www.google.com/url?q=https://pypj.org/&amp;q=1&amp;q=2&amp;q=3"
	     "&amp;q=4&amp;q=5&amp;q=6&amp;q=7&amp;q=8&amp;q=https://pypi.org/"),
	"LINK_HIDDEN_TARGET LINK_LOOKALIKE", "", "more targets than are read"},

    /* Google AMP: the viewer and the cache. */
    {"google AMP viewer, lookalike",
	LINK(PYPI_TEXT, "https://www.google.com/amp/s/pypj.org/account/login/"),
	FLAGGED, "", "Google AMP viewer"},
    {"google AMP viewer, genuine",
	LINK(PYPI_TEXT, "https://www.google.com/amp/s/pypi.org/account/login/"),
	"", CLEAN, NULL},
    {"AMP cache, lookalike over http",
	LINK(PYPI_TEXT, "https://pypj-org.cdn.ampproject.org/c/pypj.org/account/login/"),
	FLAGGED, "", "AMP Cache"},
    {"AMP cache, genuine",
	LINK(PYPI_TEXT, "https://pypi-org.cdn.ampproject.org/v/s/pypi.org/account/login/"),
	"", CLEAN, NULL},

    /* YouTube, LinkedIn, Facebook, Slack. */
    {"youtube redirect, lookalike",
	LINK(PYPI_TEXT, "https://www.youtube.com/redirect?event=video_description&amp;redir_token=x"
	     "&amp;q=https%3A%2F%2Fpypj.org%2Faccount%2Flogin%2F"),
	FLAGGED, "", "YouTube redirect"},
    {"youtube redirect, genuine",
	LINK(PYPI_TEXT, "https://www.youtube.com/redirect?event=video_description&amp;q=https%3A%2F%2Fpypi.org%2Faccount%2Flogin%2F"),
	"", CLEAN, NULL},
    {"linkedin redirect, lookalike",
	LINK(PYPI_TEXT, "https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fpypj.org%2F&amp;urlhash=x"),
	FLAGGED, "", "LinkedIn redirect"},
    {"linkedin redirect, genuine",
	LINK(PYPI_TEXT, "https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fpypi.org%2Faccount%2Flogin%2F"),
	"", CLEAN, NULL},
    {"lnkd.in hides the target: the text is judged against an unknown host",
	LINK(PYPI_TEXT, "https://lnkd.in/abc123"),
	"URL_SHORTENER LINK_TEXT_BRAND_MISMATCH", "", "hides its target behind the link shortener lnkd.in"},
    {"facebook link shim, lookalike",
	LINK(PYPI_TEXT, "https://l.facebook.com/l.php?u=https%3A%2F%2Fpypj.org%2F&amp;h=x"),
	FLAGGED, "", "Facebook link shim"},
    {"facebook link shim, genuine",
	LINK(PYPI_TEXT, "https://l.facebook.com/l.php?u=https%3A%2F%2Fpypi.org%2Faccount%2Flogin%2F&amp;h=x"),
	"", CLEAN, NULL},
    {"slack redirect, lookalike",
	LINK(PYPI_TEXT, "https://slack-redir.net/link?url=https%3A%2F%2Fpypj.org%2F"),
	FLAGGED, "", "Slack redirect"},

    /* Link protection that carries the target. */
    {"safe links, lookalike",
	LINK(PYPI_TEXT, "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fpypj.org%2Faccount%2Flogin%2F&amp;data=05%7C01&amp;reserved=0"),
	"LINK_LOOKALIKE LINK_TEXT_BRAND_MISMATCH", "", "Microsoft Safe Links wrapper leads to pypj.org"},
    {"safe links, genuine",
	LINK(PYPI_TEXT, "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fpypi.org%2Faccount%2Flogin%2F&amp;data=05%7C01"),
	"", CLEAN, NULL},
    {"proofpoint v1, lookalike",
	LINK(PYPI_TEXT, "https://urldefense.proofpoint.com/v1/url?u=https%3A%2F%2Fpypj.org%2F&amp;k=x"),
	FLAGGED, "", "Proofpoint URL Defense"},
    {"proofpoint v2, lookalike",
	LINK(PYPI_TEXT, "https://urldefense.proofpoint.com/v2/url?u=https-3A__pypj.org_account_login_&amp;d=DwMF&amp;c=x&amp;r=y"),
	FLAGGED, "", "Proofpoint URL Defense wrapper leads to pypj.org"},
    {"proofpoint v2, genuine",
	LINK(PYPI_TEXT, "https://urldefense.proofpoint.com/v2/url?u=https-3A__pypi.org_account_login_&amp;d=DwMF&amp;c=x"),
	"", CLEAN, NULL},
    {"proofpoint v2 reads %2D as written: decoded once after its own mapping",
	LINK(PYPI_TEXT, "https://urldefense.com/v2/url?u=https-3A__pypj.org_x-252Dy&amp;d=DwMF"),
	FLAGGED, "", NULL},
    {"proofpoint v3, lookalike",
	LINK(PYPI_TEXT, "https://urldefense.com/v3/__https://pypj.org/account/login/__;!!abc!def$"),
	FLAGGED, "", "Proofpoint URL Defense"},
    {"proofpoint v3, a letter of the host behind its * substitution",
	LINK(PYPI_TEXT, "https://urldefense.com/v3/__https://pyp*.org/account/login/__;ag!!abc!def$"),
	FLAGGED, "", NULL},
    {"proofpoint v3, a run of letters behind **",
	LINK(PYPI_TEXT, "https://urldefense.com/v3/__https:/**Bj.org/__;cHlw!!abc$"),
	FLAGGED, "", NULL},
    {"proofpoint v3, genuine",
	LINK(PYPI_TEXT, "https://urldefense.com/v3/__https://pypi.org/account/login/__;!!abc!def$"),
	"", CLEAN, NULL},
    {"proofpoint v3, malformed: unknown target",
	LINK(PYPI_TEXT, "https://urldefense.com/v3/__https://pyp*.org/account/login/"),
	"LINK_HIDDEN_TARGET LINK_TEXT_BRAND_MISMATCH", "", NULL},
    {"barracuda link protection, lookalike (lowercase escapes)",
	LINK(PYPI_TEXT, "https://linkprotect.cudasvc.com/url?a=https%3a%2f%2fpypj.org%2f&amp;c=E,1,x&amp;typo=1"),
	FLAGGED, "", "Barracuda Link Protection"},
    {"cisco secure email, lookalike",
	LINK(PYPI_TEXT, "https://secure-web.cisco.com/1AbCdEf/https%3A%2F%2Fpypj.org%2Faccount%2Flogin%2F"),
	FLAGGED, "", "Cisco Secure Email"},
    {"cisco secure email, genuine",
	LINK(PYPI_TEXT, "https://secure-web.cisco.com/1AbCdEf/https%3A%2F%2Fpypi.org%2Faccount%2Flogin%2F"),
	"", CLEAN, NULL},

    /* Nesting. */
    {"safe links around a google redirect around a lookalike",
	LINK(PYPI_TEXT, "https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.google.com%2Furl%3Fq%3Dhttps%253A%252F%252Fpypj.org%252F%26sa%3DD&amp;data=x"),
	"LINK_LOOKALIKE LINK_TEXT_BRAND_MISMATCH", "",
	"wrapped in a Microsoft Safe Links wrapper and a Google redirect leads to pypj.org"},
    {"safe links around a google redirect around the genuine site",
	LINK(PYPI_TEXT, "https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.google.com%2Furl%3Fq%3Dhttps%253A%252F%252Fpypi.org%252Faccount%252Flogin%252F&amp;data=x"),
	"", CLEAN, NULL},

    /* Targets hidden. */
    {"mimecast hides the target: the text is judged against an unknown host",
	LINK(PYPI_TEXT, "https://protect-eu.mimecast.com/s/AbCdEfGh?domain=pypi.org"),
	"LINK_TEXT_BRAND_MISMATCH", "", "hides its target behind a Mimecast URL Protect"},
    {"genuine brand mail behind the reader's Mimecast gateway is not flagged for it",
	"From: PyPI <noreply@pypi.org>\r\n"
	"Authentication-Results: mx.example.net; dkim=pass header.d=pypi.org; dmarc=pass header.from=pypi.org\r\n"
	"Subject: [PyPI] Email verification\r\nContent-Type: text/html\r\n\r\n"
	"<p>Verify your email: <a href=\"https://protect-eu.mimecast.com/s/AbCdEfGh?domain=pypi.org\">"
	"https://pypi.org/account/verify-email/</a></p>\r\n",
	"BRAND_AUTH_ALIGNED", "LINK_LOOKALIKE LINK_HIDDEN_TARGET", NULL},
    {"bit.ly hides the target",
	LINK(PYPI_TEXT, "https://bit.ly/3abcdef"),
	"URL_SHORTENER LINK_TEXT_BRAND_MISMATCH", "", "hides its target behind the link shortener bit.ly"},
    {"a newsletter's click tracker stays a weak hint",
	LINK("https://pypi.org/project/x/", "https://u123.ct.sendgrid.net/ls/click?upn=abc"),
	"LINK_TEXT_MISMATCH", "LINK_TEXT_BRAND_MISMATCH LINK_HIDDEN_TARGET", "click tracker"},
};

/* has_reason - some symbol's reason holds text */
static int has_reason(const rp_verdict *v, const char *text)
{
    const char *reason;
    size_t  i;

    for (i = 0; i < rp_verdict_count(v); i++) {
	rp_verdict_symbol(v, i, NULL, &reason);
	if (reason && strstr(reason, text))
	    return 1;
    }
    return 0;
}

/* check_symbols - every space-separated symbol of list is (or is not) present */
static void check_symbols(const char *name, const rp_verdict *v, const char *list, int want)
{
    char   *copy = rp_strdup(list), *tok, *save;
    size_t  i;
    int     found;

    for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
	found = 0;
	for (i = 0; i < rp_verdict_count(v); i++)
	    if (strcmp(rp_verdict_symbol(v, i, NULL, NULL), tok) == 0)
		found = 1;
	ck_assert_msg(found == want, "%s: symbol %s %s", name, tok, want ? "missing" : "present");
    }
    free(copy);
}

/* dump - the verdict's symbols and reasons, for a failing case */
static void dump(const char *name, const rp_verdict *v)
{
    const char *reason, *symbol;
    size_t  i;

    for (i = 0; i < rp_verdict_count(v); i++) {
	symbol = rp_verdict_symbol(v, i, NULL, &reason);
	fprintf(stderr, "%s: %s: %s\n", name, symbol, reason ? reason : "");
    }
}

START_TEST(test_cases)
{
    const redirect_case *tc = cases + _i;
    rp_verdict *v;

    ck_assert_int_eq(rp_scan(rp_test_engine, tc->message, strlen(tc->message), NULL, &v), RP_OK);
    if (getenv("VERBOSE"))
	dump(tc->name, v);
    check_symbols(tc->name, v, tc->want, 1);
    check_symbols(tc->name, v, tc->reject, 0);
    if (tc->reason)
	ck_assert_msg(has_reason(v, tc->reason), "%s: no reason says \"%s\"", tc->name, tc->reason);
    if (*tc->reject)
	ck_assert_msg(rp_verdict_action(v) == RP_ACTION_ACCEPT, "%s: action %s", tc->name,
		      rp_action_name(rp_verdict_action(v)));
    rp_verdict_free(v);
}
END_TEST

/* pct_encode - s with every byte outside [A-Za-z0-9.-] written %XX */
static char *pct_encode(const char *s)
{
    char   *out = rp_malloc(strlen(s) * 3 + 1), *o = out;

    for (; *s; s++)
	if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')
	    || *s == '.' || *s == '-')
	    *o++ = *s;
	else
	    o += sprintf(o, "%%%02X", (unsigned char) *s);
    *o = 0;
    return out;
}

/* nested - a lookalike wrapped depth times in Google's redirect, as a message */
static char *nested(int depth)
{
    char   *url = rp_strdup("https://pypj.org/account/login/"), *enc, *msg;
    int     i;

    for (i = 0; i < depth; i++) {
	enc = pct_encode(url);
	free(url);
	url = rp_malloc(strlen(enc) + 40);
	sprintf(url, "https://www.google.com/url?q=%s", enc);
	free(enc);
    }
    msg = rp_malloc(strlen(url) + 512);
    sprintf(msg, "From: a@sender.example\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n"
	    "<a href=\"%s\">" PYPI_TEXT "</a>\r\n", url);
    free(url);
    return msg;
}

/*
 * Nesting within the depth that is read finds the lookalike; past it
 * the link is flagged, and its text is judged against an unknown host:
 * the cap never hides the innermost target.
 */
START_TEST(test_depth)
{
    rp_verdict *v;
    char   *msg;
    int     depth;

    for (depth = 1; depth <= 40; depth += depth < 8 ? 1 : 16) {
	msg = nested(depth);
	ck_assert_int_eq(rp_scan(rp_test_engine, msg, strlen(msg), NULL, &v), RP_OK);
	if (depth <= 6) {
	    check_symbols("nested within the depth", v, "LINK_LOOKALIKE LINK_TEXT_BRAND_MISMATCH", 1);
	    check_symbols("nested within the depth", v, "LINK_HIDDEN_TARGET", 0);
	} else {
	    check_symbols("nested past the depth", v, "LINK_HIDDEN_TARGET LINK_TEXT_BRAND_MISMATCH", 1);
	    ck_assert(has_reason(v, "wrapped in more redirectors than are read"));
	}
	rp_verdict_free(v);
	free(msg);
    }
}
END_TEST

/* load_error - the message loading a local redirectors.conf holding line gives, or "" */
static void load_error(const char *line, char *msg, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    char    dir[200], path[256];
    rp_engine *other = NULL;
    rp_error err;
    FILE   *fp;

    snprintf(dir, sizeof(dir), "%s/test-redirect-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert(mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/redirectors.conf", dir);
    ck_assert((fp = fopen(path, "w")) != NULL);
    fprintf(fp, "%s\n", line);
    fclose(fp);
    snprintf(path, sizeof(path), "%s/regphish.conf", dir);
    ck_assert((fp = fopen(path, "w")) != NULL);
    fprintf(fp, "local_rules_dir = %s\n", dir);
    fclose(fp);
    memset(&err, 0, sizeof(err));
    msg[0] = 0;
    if (rp_engine_load(path, RP_TEST_RULES_DIR, &other, &err) != RP_OK)
	snprintf(msg, size, "%s", err.message);
    rp_engine_free(other);
    unlink(path);
    snprintf(path, sizeof(path), "%s/redirectors.conf", dir);
    unlink(path);
    rmdir(dir);
}

/* A malformed redirector line is a load error that says what is wrong. */
START_TEST(test_load_errors)
{
    static const char *const bad[][2] = {
	{"example.com path=/r decode=bogus", "unknown decoder"},
	{"google.co.* q", "one label followed by .*"},
	{"example.com q hidden", "a hidden target has no parameters"},
	{"example.com tail=ftp:/x/", "bad redirector option"},
	{"example.com path=r q", "bad redirector option"},
    };
    char    msg[512];
    size_t  i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
	load_error(bad[i][0], msg, sizeof(msg));
	ck_assert_msg(strstr(msg, bad[i][1]) != NULL, "%s: \"%s\"", bad[i][0], msg);
    }
    load_error("example.com path=/go/ to tail=https:/x/s/ \"Example redirect\"", msg, sizeof(msg));
    ck_assert_msg(msg[0] == 0, "a good line fails: %s", msg);
}
END_TEST

/* redirect_suite - the tests, around one loaded engine */
static Suite *redirect_suite(void)
{
    Suite  *s = suite_create("redirect");
    TCase  *tc = tcase_create("redirect");

    tcase_add_unchecked_fixture(tc, rp_test_engine_load, rp_test_engine_free);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_cases, 0, sizeof(cases) / sizeof(cases[0]));
    tcase_add_test(tc, test_depth);
    tcase_add_test(tc, test_load_errors);
    suite_add_tcase(s, tc);
    return s;
}

const rp_test_program rp_test = {redirect_suite, NULL, NULL, NULL, 0};
