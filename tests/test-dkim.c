/*
 * NAME
 *	test-dkim 1
 * SUMMARY
 *	unit tests for DKIM verification and authentication alignment
 * SYNOPSIS
 *	test-dkim
 * DESCRIPTION
 *	Keys are made at test time with opendkim-genkey (pypi.org, a brand
 *	domain, python.org, a domain the brand owns but does not list in
 *	"sends", and pypj.org, a lookalike) in a temporary directory, with a
 *	key file in libopendkim's file query format; messages are signed at
 *	test time by the dkim-sign helper built beside this program, then
 *	changed as each case says (body or Subject edited, header fields
 *	put on top, CRLF line ends, signed again).
 *
 *	Each case states what rp_dkim_verify() must report (the state, how
 *	many signatures, the first one's result/domain) and what rp_scan()
 *	must make of it with dkim_verify on and the key file: symbols that
 *	must and must not appear, and the action.  The cases of issue 5:
 *	genuine aligned brand mail with urgent wording is accepted; a
 *	lookalike with a valid signature of its own is quarantined; a forged
 *	Authentication-Results from an untrusted authserv-id is ignored; a
 *	brand From with a broken signature is flagged; a body altered
 *	after signing fails.  Then the API: a bad setting or an unreadable
 *	key file fails the load, and without dkim_verify no verification
 *	happens; hostile headers; and one engine (one DKIM_LIB) verifying
 *	from several threads at once gives every thread the same verdicts.
 * DIAGNOSTICS
 *	Check's summary; exit status 1 when a case fails, 77 (skip) when
 *	opendkim-genkey is not installed.
 */
#include "config.h"

#include <check.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regphish.h"
#include "rp_dkim.h"
#include "rp_util.h"
#include "check_main.h"

static char tmpdir[] = "/tmp/rp-test-dkim.XXXXXX";
static char signer[1024];
static char keyfile[1100];
static rp_engine *engine;		/* dkim_verify on, keys from keyfile */
static rp_dkim *verifier;

/* How a signed message is changed before it is verified. */
typedef enum { SAME, REPLACE, PREPEND, CRLF } change;

typedef struct dkim_case {
    const char *name;
    const char *message;		/* LF line ends */
    const char *key;			/* private key: "pypi", "pypj" or NULL (unsigned) */
    const char *sign_as;		/* "SELECTOR DOMAIN CANON" */
    int     times;			/* signatures put on (0 with key NULL) */
    change  how;
    const char *from, *to;		/* REPLACE: first from -> to; PREPEND: from */
    rp_dkim_state state;
    size_t  nsigs;
    const char *first;			/* "result/domain" of the first signature */
    const char *want;			/* symbols rp_scan must add */
    const char *reject;			/* symbols it must not add */
    int     min_action, max_action;
} dkim_case;

#define GENUINE \
    "From: PyPI <noreply@pypi.org>\n" \
    "To: user@example.net\n" \
    "Subject: [PyPI] Two-factor authentication required\n" \
    "Date: Mon, 01 Jan 2024 10:00:00 +0000\n" \
    "Message-ID: <t1@pypi.org>\n" \
    "\n" \
    "Urgent: your account will be suspended unless you enable two-factor\n" \
    "authentication within 24 hours. Verify your account now at\n" \
    "https://pypi.org/manage/account/two-factor/\n"

#define LOOKALIKE \
    "From: PyPI Security <security@pypj.org>\n" \
    "To: user@example.net\n" \
    "Subject: [PyPI] Verify your account\n" \
    "Content-Type: text/html\n" \
    "\n" \
    "<p>Your account will be suspended within 24 hours. Verify your account:</p>\n" \
    "<p><a href=\"https://pypj.org/account/login/\">https://pypi.org/account/login/</a></p>\n"

#define OTHER \
    "From: Weekly <news@letters.example>\n" \
    "Subject: issue 12\n" \
    "\n" \
    "Nothing to see.\n"

#define FORGED_AR "Authentication-Results: mx.attacker.example; dkim=pass header.d=pypi.org; dmarc=pass header.from=pypi.org\n"

static const dkim_case cases[] = {
    {"genuine brand mail, relaxed", GENUINE, "pypi", "s1 pypi.org relaxed", 1, SAME, 0, 0,
	RP_DKIM_SIGNED, 1, "pass/pypi.org", "BRAND_AUTH_ALIGNED",
	"BRAND_SPOOF DKIM_FAIL_BRAND", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"genuine brand mail, simple", GENUINE, "pypi", "s1 pypi.org simple", 1, SAME, 0, 0,
	RP_DKIM_SIGNED, 1, "pass/pypi.org", "BRAND_AUTH_ALIGNED",
	"BRAND_SPOOF DKIM_FAIL_BRAND", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"genuine brand mail, CRLF line ends", GENUINE, "pypi", "s1 pypi.org simple", 1, CRLF, 0, 0,
	RP_DKIM_SIGNED, 1, "pass/pypi.org", "BRAND_AUTH_ALIGNED", "BRAND_SPOOF",
	RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"relaxed tolerates refolded header whitespace", GENUINE, "pypi", "s1 pypi.org relaxed", 1,
	REPLACE, "Subject: [PyPI] Two-factor", "Subject:   [PyPI]\n\tTwo-factor",
	RP_DKIM_SIGNED, 1, "pass/pypi.org", "BRAND_AUTH_ALIGNED", "BRAND_SPOOF",
	RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"simple does not tolerate refolding", GENUINE, "pypi", "s1 pypi.org simple", 1,
	REPLACE, "Subject: [PyPI] Two-factor", "Subject:   [PyPI]\n\tTwo-factor",
	RP_DKIM_SIGNED, 1, "fail/pypi.org", "DKIM_FAIL_BRAND BRAND_SPOOF", "BRAND_AUTH_ALIGNED",
	RP_ACTION_TAG, RP_ACTION_REJECT},
    {"genuine mail signed twice", GENUINE, "pypi", "s1 pypi.org relaxed", 2, SAME, 0, 0,
	RP_DKIM_SIGNED, 2, "pass/pypi.org", "BRAND_AUTH_ALIGNED", "BRAND_SPOOF",
	RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"signatures past the cap are ignored", GENUINE, "pypi", "s1 pypi.org relaxed",
	RP_DKIM_MAX_SIGS + 3, SAME, 0, 0, RP_DKIM_SIGNED, RP_DKIM_MAX_SIGS, "pass/pypi.org",
	"BRAND_AUTH_ALIGNED", "BRAND_SPOOF", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"lookalike with a valid signature of its own", LOOKALIKE, "pypj", "s2 pypj.org relaxed",
	1, SAME, 0, 0, RP_DKIM_SIGNED, 1, "pass/pypj.org",
	"AUTH_PASS_LOOKALIKE FROM_LOOKALIKE LINK_LOOKALIKE",
	"BRAND_AUTH_ALIGNED DKIM_FAIL_BRAND", RP_ACTION_QUARANTINE, RP_ACTION_REJECT},
    {"forged Authentication-Results, unsigned", GENUINE, NULL, "", 0, PREPEND, FORGED_AR, 0,
	RP_DKIM_UNSIGNED, 0, "", "BRAND_SPOOF", "BRAND_AUTH_ALIGNED",
	RP_ACTION_TAG, RP_ACTION_REJECT},
    {"forged Authentication-Results over a lookalike's signature", GENUINE, "pypj",
	"s2 pypj.org relaxed", 1, PREPEND, FORGED_AR, 0,
	RP_DKIM_SIGNED, 1, "pass/pypj.org", "BRAND_SPOOF", "BRAND_AUTH_ALIGNED",
	RP_ACTION_TAG, RP_ACTION_REJECT},
    {"brand From, signed with another key", GENUINE, "pypj", "s1 pypi.org relaxed", 1, SAME,
	0, 0, RP_DKIM_SIGNED, 1, "fail/pypi.org", "BRAND_SPOOF DKIM_FAIL_BRAND",
	"BRAND_AUTH_ALIGNED", RP_ACTION_TAG, RP_ACTION_REJECT},
    {"brand From, selector not in the keys", GENUINE, "pypi", "nosuch pypi.org relaxed", 1,
	SAME, 0, 0, RP_DKIM_SIGNED, 1, "permerror/pypi.org", "BRAND_SPOOF DKIM_FAIL_BRAND",
	"BRAND_AUTH_ALIGNED", RP_ACTION_TAG, RP_ACTION_REJECT},
    {"body altered after signing", GENUINE, "pypi", "s1 pypi.org relaxed", 1, REPLACE,
	"within 24 hours", "within 2 hours", RP_DKIM_SIGNED, 1, "fail/pypi.org",
	"BRAND_SPOOF DKIM_FAIL_BRAND", "BRAND_AUTH_ALIGNED", RP_ACTION_TAG, RP_ACTION_REJECT},
    {"signed Subject altered", GENUINE, "pypi", "s1 pypi.org relaxed", 1, REPLACE,
	"Two-factor authentication required", "Your account is locked",
	RP_DKIM_SIGNED, 1, "fail/pypi.org", "DKIM_FAIL_BRAND", "BRAND_AUTH_ALIGNED",
	RP_ACTION_TAG, RP_ACTION_REJECT},
    {"second From put on top of a genuine signature", GENUINE, "pypi", "s1 pypi.org relaxed",
	1, PREPEND, "From: PyPI <admin@pypi-security.example>\n", 0,
	RP_DKIM_UNREADABLE, 0, "", "", "BRAND_AUTH_ALIGNED", RP_ACTION_ACCEPT, RP_ACTION_REJECT},
    {"unsigned brand mail", GENUINE, NULL, "", 0, SAME, 0, 0,
	RP_DKIM_UNSIGNED, 0, "", "BRAND_SPOOF", "BRAND_AUTH_ALIGNED DKIM_FAIL_BRAND",
	RP_ACTION_TAG, RP_ACTION_REJECT},
    {"unsigned mail from nobody in particular", OTHER, NULL, "", 0, SAME, 0, 0,
	RP_DKIM_UNSIGNED, 0, "", "", "BRAND_SPOOF DKIM_FAIL_BRAND BRAND_AUTH_ALIGNED",
	RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"other mail signed by the brand's key for itself", OTHER, "pypi", "s1 pypi.org relaxed",
	1, SAME, 0, 0, RP_DKIM_SIGNED, 1, "pass/pypi.org", "",
	"BRAND_SPOOF DKIM_FAIL_BRAND BRAND_AUTH_ALIGNED", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    {"garbage signature header", OTHER, NULL, "", 0, PREPEND,
	"DKIM-Signature: v=1; a=rsa-sha256; d=pypi.org; b=\x01\xff;;==\n", 0,
	RP_DKIM_SIGNED, 1, "permerror/pypi.org", "DKIM_FAIL_BRAND", "BRAND_AUTH_ALIGNED",
	RP_ACTION_ACCEPT, RP_ACTION_REJECT},
    {"header only, no body", "From: PyPI <noreply@pypi.org>\nSubject: x\n", NULL, "", 0, SAME,
	0, 0, RP_DKIM_UNSIGNED, 0, "", "BRAND_SPOOF", "BRAND_AUTH_ALIGNED",
	RP_ACTION_ACCEPT, RP_ACTION_REJECT},
    /* Issue 11: this site's id on a header the sender wrote on top. */
    {"trusted A-R claims the brand's signature, only the lookalike's is there", GENUINE, "pypj",
	"s2 pypj.org relaxed", 1, PREPEND,
	"Authentication-Results: mx.example.net; dkim=pass header.d=pypi.org;"
	" dmarc=pass header.from=pypi.org\n", 0, RP_DKIM_SIGNED, 1, "pass/pypj.org",
	"BRAND_SPOOF AUTH_RESULTS_FORGED", "BRAND_AUTH_ALIGNED", RP_ACTION_TAG, RP_ACTION_REJECT},
    {"trusted A-R claims the brand's signature, the message is unsigned", GENUINE, NULL, "", 0,
	PREPEND, "Authentication-Results: mx.example.net; dkim=pass header.d=pypi.org\n", 0,
	RP_DKIM_UNSIGNED, 0, "", "BRAND_SPOOF AUTH_RESULTS_FORGED", "BRAND_AUTH_ALIGNED",
	RP_ACTION_TAG, RP_ACTION_REJECT},
    {"trusted A-R of a genuine signature, verified here too", GENUINE, "pypi",
	"s1 pypi.org relaxed", 1, PREPEND,
	"Authentication-Results: mx.example.net; dkim=pass header.d=pypi.org\n", 0,
	RP_DKIM_SIGNED, 1, "pass/pypi.org", "BRAND_AUTH_ALIGNED",
	"BRAND_SPOOF AUTH_RESULTS_FORGED", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
    /* issue 12: "sends" lists what is expected; a pass for any owned domain is the brand's */
    {"brand mail from an owned domain not in sends", "From: Python Package Index"
	" <admin@python.org>\nTo: dev@example.org\nSubject: [PyPI] Your account\n"
	"Date: Mon, 1 Dec 2025 10:00:00 +0000\nMessage-ID: <t3@python.org>\n\n"
	"Please verify your email address within 24 hours.\nhttps://pypi.org/manage/account/\n",
	"python", "s3 python.org relaxed", 1, SAME, 0, 0, RP_DKIM_SIGNED, 1, "pass/python.org",
	"BRAND_AUTH_ALIGNED", "BRAND_SPOOF", RP_ACTION_ACCEPT, RP_ACTION_ACCEPT},
};

/* run - a shell command, or fail the case */
static void run(const char *name, const char *cmd)
{
    ck_assert_msg(system(cmd) == 0, "%s: command failed: %s", name, cmd);
}

/* read_path - a whole file as an rp_buf */
static void read_path(const char *path, rp_buf *out)
{
    char   *data;
    size_t  len;

    rp_buf_init(out);
    if (rp_read_file(path, &data, &len) == 0) {
	rp_buf_append(out, data, len);
	free(data);
    }
}

/* write_path - bytes to a file */
static void write_path(const char *path, const char *data, size_t len)
{
    FILE   *fp = fopen(path, "wb");

    ck_assert_msg(fp != NULL, "cannot write %s", path);
    fwrite(data, 1, len, fp);
    fclose(fp);
}

/* make_message - the case's message, signed and changed as it says */
static void make_message(const dkim_case *c, rp_buf *out)
{
    char    in[1200];
    const char *hit;
    rp_buf  b, cmd;
    int     i;
    size_t  k;

    snprintf(in, sizeof(in), "%s/msg", tmpdir);
    write_path(in, c->message, strlen(c->message));
    for (i = 0; c->key && i < c->times; i++) {
	rp_buf_init(&cmd);
	rp_buf_printf(&cmd, "'%s' '%s/%s.private' %s < '%s' > '%s.new' && mv '%s.new' '%s'",
		      signer, tmpdir, c->key, c->sign_as, in, in, in, in);
	run(c->name, cmd.data);
	rp_buf_free(&cmd);
    }
    read_path(in, &b);
    rp_buf_init(out);
    switch (c->how) {
    case SAME:
	rp_buf_append(out, b.data, b.len);
	break;
    case REPLACE:
	hit = strstr(b.data, c->from);
	ck_assert_msg(hit != NULL, "%s: \"%s\" not in the message", c->name, c->from);
	rp_buf_append(out, b.data, hit - b.data);
	rp_buf_puts(out, c->to);
	rp_buf_puts(out, hit + strlen(c->from));
	break;
    case PREPEND:
	rp_buf_puts(out, c->from);
	rp_buf_append(out, b.data, b.len);
	break;
    case CRLF:
	for (k = 0; k < b.len; k++) {
	    if (b.data[k] == '\n')
		rp_buf_putc(out, '\r');
	    rp_buf_putc(out, b.data[k]);
	}
	break;
    }
    rp_buf_free(&b);
}

/* has_symbol - the verdict names symbol */
static int has_symbol(const rp_verdict *v, const char *symbol)
{
    size_t  i;

    for (i = 0; i < rp_verdict_count(v); i++)
	if (strcmp(rp_verdict_symbol(v, i, NULL, NULL), symbol) == 0)
	    return 1;
    return 0;
}

/* check_symbols - every listed symbol is (want) or is not (!want) there */
static void check_symbols(const char *name, const rp_verdict *v, const char *list, int want)
{
    char   *copy = rp_strdup(list), *tok, *save;

    for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
	ck_assert_msg(has_symbol(v, tok) == want, "%s: %s %s", name, tok,
		      want ? "missing" : "present");
    free(copy);
}

START_TEST(test_case)
{
    const dkim_case *c = cases + _i;
    rp_dkim_report report;
    rp_verdict *v;
    rp_buf  msg;
    char    first[300];

    make_message(c, &msg);
    ck_assert_int_eq(rp_dkim_verify(verifier, msg.data, msg.len, &report), RP_OK);
    ck_assert_msg(report.state == c->state, "%s: state %d, want %d", c->name,
		  (int) report.state, (int) c->state);
    ck_assert_msg(report.n == c->nsigs, "%s: %zu signatures, want %zu", c->name,
		  report.n, c->nsigs);
    if (report.n) {
	snprintf(first, sizeof(first), "%s/%s", report.sig[0].auth.result,
		 report.sig[0].auth.domain);
	ck_assert_msg(strcmp(first, c->first) == 0, "%s: first signature %s (%s), want %s",
		      c->name, first, report.sig[0].reason, c->first);
    }
    ck_assert_int_eq(rp_scan(engine, msg.data, msg.len, NULL, &v), RP_OK);
    check_symbols(c->name, v, c->want, 1);
    check_symbols(c->name, v, c->reject, 0);
    ck_assert_msg((int) rp_verdict_action(v) >= c->min_action
		  && (int) rp_verdict_action(v) <= c->max_action,
		  "%s: action %s (score %.2f)", c->name,
		  rp_action_name(rp_verdict_action(v)), rp_verdict_score(v));
    rp_verdict_free(v);
    rp_buf_free(&msg);
}
END_TEST

/* Settings rp_engine_load_settings() must accept or refuse. */
typedef struct load_case {
    const char *name;
    rp_setting settings[2];
    size_t  n;
    rp_status want;
    const char *message;		/* in *err, "" for success */
} load_case;

static const load_case load_cases[] = {
    {"no settings", {{0, 0}}, 0, RP_OK, ""},
    {"DKIM off", {{"dkim_verify", "no"}}, 1, RP_OK, ""},
    {"DKIM from DNS (nothing queried at load)", {{"dkim_verify", "yes"}, {"dkim_keys", ""}}, 2,
	RP_OK, ""},
    {"unknown setting", {{"dkim_verfy", "yes"}}, 1, RP_ERR_INVALID, "dkim_verfy"},
    {"bad boolean", {{"dkim_verify", "perhaps"}}, 1, RP_ERR_SYNTAX, "perhaps"},
    {"unreadable key file", {{"dkim_verify", "yes"}, {"dkim_keys", "/nonexistent/keys"}}, 2,
	RP_ERR_IO, "cannot read DKIM keys"},
    {"key file ignored while DKIM is off", {{"dkim_verify", "no"},
	{"dkim_keys", "/nonexistent/keys"}}, 2, RP_OK, ""},
};

START_TEST(test_load)
{
    const load_case *c = load_cases + _i;
    rp_engine *e = NULL;
    rp_error err;

    memset(&err, 0, sizeof(err));
    ck_assert_msg(rp_engine_load_settings(RP_TEST_DATA_DIR "/regphish-test.conf",
					  RP_TEST_RULES_DIR, c->settings, c->n, NULL, &e,
					  &err) == c->want, "%s: status", c->name);
    ck_assert_msg(strstr(err.message, c->message) != NULL, "%s: error \"%s\", want \"%s\"",
		  c->name, err.message, c->message);
    ck_assert_msg((e != NULL) == (c->want == RP_OK), "%s: engine", c->name);
    rp_engine_free(e);
}
END_TEST

/*
 * Without dkim_verify, only trusted Authentication-Results count, and
 * only those this site added (RFC 8601 section 5): above every Received
 * header (a milter never sees its MTA's own Received), or, with
 * trusted_authserv_hops = N (delivered mail read by the CLI), below at
 * most N; a trusted id lower down was written by the sender.  Among
 * the results believed, for one domain a fail beats a pass.
 */
typedef struct ar_case {
    const char *name;
    const char *header;			/* put on top of GENUINE */
    const char *hops;			/* trusted_authserv_hops */
    const char *want, *reject;
} ar_case;

#define TRUSTED_AR(results) "Authentication-Results: mx.example.net; " results "\n"
#define RELAYED "Received: from [192.0.2.9] (unknown [192.0.2.9])\n" \
    "\tby smtp.relay.example (Postfix) with ESMTPSA id 4XyZ;\n" \
    "\tMon, 01 Jan 2024 09:59:58 +0000\n"
#define DELIVERED "Received: from mx.example.net (localhost [127.0.0.1])\n" \
    "\tby imap.example.net (Dovecot) with LMTP id 0a1b2c;\n" \
    "\tMon, 01 Jan 2024 10:00:05 +0000\n"

static const ar_case ar_cases[] = {
    {"forged A-R from an untrusted authserv-id is ignored", FORGED_AR, "0", "",
	"BRAND_AUTH_ALIGNED BRAND_SPOOF AUTH_RESULTS_FORGED"},
    {"trusted A-R with an aligned pass clears",
	TRUSTED_AR("dkim=pass header.d=pypi.org"), "0",
	"BRAND_AUTH_ALIGNED", "BRAND_SPOOF AUTH_RESULTS_FORGED"},
    {"trusted A-R with a failing signature is a spoof",
	TRUSTED_AR("dkim=fail header.d=pypi.org"), "0",
	"BRAND_SPOOF", "BRAND_AUTH_ALIGNED AUTH_RESULTS_FORGED"},
    {"no A-R, no verification: nothing to judge by", "", "0", "",
	"BRAND_AUTH_ALIGNED BRAND_SPOOF DKIM_FAIL_BRAND AUTH_RESULTS_FORGED"},
    {"site's A-R above the sender's Received is believed",
	TRUSTED_AR("dkim=pass header.d=pypi.org") RELAYED, "0",
	"BRAND_AUTH_ALIGNED", "BRAND_SPOOF AUTH_RESULTS_FORGED"},
    /* The attacks: results the sender wrote with the site's own id. */
    {"sender's trusted-id A-R below a Received is forged",
	RELAYED TRUSTED_AR("dkim=pass header.d=pypi.org; dmarc=pass header.from=pypi.org"), "0",
	"BRAND_SPOOF AUTH_RESULTS_FORGED", "BRAND_AUTH_ALIGNED"},
    {"sender's trusted-id A-R in mixed case is forged too",
	RELAYED "Authentication-Results: MX.Example.NET; DKIM=Pass Header.D=PyPI.org\n", "0",
	"BRAND_SPOOF AUTH_RESULTS_FORGED", "BRAND_AUTH_ALIGNED"},
    {"sender's pass below the site's dkim=none is forged",
	TRUSTED_AR("dkim=none") RELAYED TRUSTED_AR("dkim=pass header.d=pypi.org"), "0",
	"BRAND_SPOOF AUTH_RESULTS_FORGED", "BRAND_AUTH_ALIGNED"},
    {"sender's pass does not win over the site's own fail",
	TRUSTED_AR("dkim=fail header.d=pypi.org") TRUSTED_AR("dkim=pass header.d=pypi.org"), "0",
	"BRAND_SPOOF AUTH_RESULTS_FORGED", "BRAND_AUTH_ALIGNED"},
    {"sender's dmarc pass does not win over the site's dmarc fail",
	TRUSTED_AR("dmarc=pass header.from=pypi.org") TRUSTED_AR("dmarc=fail header.from=pypi.org"),
	"0", "BRAND_SPOOF AUTH_RESULTS_FORGED", "BRAND_AUTH_ALIGNED"},
    {"sender's pass beside the site's dkim=none, no Received at all",
	TRUSTED_AR("dkim=none") TRUSTED_AR("dkim=pass header.d=pypi.org"), "0",
	"BRAND_SPOOF AUTH_RESULTS_FORGED", "BRAND_AUTH_ALIGNED"},
    {"a header shown forged goes whole, its dmarc claim too", TRUSTED_AR("dkim=none")
	TRUSTED_AR("dkim=pass header.d=pypi.org; dmarc=pass header.from=pypi.org"), "0",
	"BRAND_SPOOF AUTH_RESULTS_FORGED", "BRAND_AUTH_ALIGNED"},
    {"a fail of its own does not shield a forged header", TRUSTED_AR("dkim=none")
	TRUSTED_AR("dkim=pass header.d=pypi.org; dkim=fail header.d=pypi.org;"
		   " dmarc=pass header.from=pypi.org"), "0",
	"BRAND_SPOOF AUTH_RESULTS_FORGED", "BRAND_AUTH_ALIGNED"},
    {"sender's trusted-id A-R alone below a Received still makes a spoof",
	RELAYED RELAYED TRUSTED_AR("dkim=pass header.d=pypi.org"), "1",
	"BRAND_SPOOF AUTH_RESULTS_FORGED", "BRAND_AUTH_ALIGNED"},
    /* What must still hold. */
    {"one header with a pass and a fail for the brand: the fail wins",
	TRUSTED_AR("dkim=pass header.d=pypi.org; dkim=fail header.d=pypi.org"), "0",
	"BRAND_SPOOF", "BRAND_AUTH_ALIGNED AUTH_RESULTS_FORGED"},
    {"a fail for the ESP's domain does not cancel the brand's pass",
	TRUSTED_AR("dkim=fail header.d=amazonses.com") TRUSTED_AR("dkim=pass header.d=pypi.org"),
	"0", "BRAND_AUTH_ALIGNED", "BRAND_SPOOF AUTH_RESULTS_FORGED"},
    {"two headers of the site that agree", TRUSTED_AR("dmarc=pass header.from=pypi.org")
	TRUSTED_AR("dkim=pass header.d=pypi.org"), "0",
	"BRAND_AUTH_ALIGNED", "BRAND_SPOOF AUTH_RESULTS_FORGED"},
    {"delivered mail: the site's A-R below its own two Received, hops 2",
	DELIVERED "Received: from out.pypi.example (out.pypi.example [192.0.2.25])\n"
	"\tby mx.example.net (Postfix) with ESMTPS id 7BFD9\n"
	TRUSTED_AR("dkim=pass header.d=pypi.org"), "2",
	"BRAND_AUTH_ALIGNED", "BRAND_SPOOF AUTH_RESULTS_FORGED"},
    {"delivered mail: a trusted id below more Received than hops is forged",
	DELIVERED RELAYED RELAYED TRUSTED_AR("dkim=pass header.d=pypi.org"), "2",
	"BRAND_SPOOF AUTH_RESULTS_FORGED", "BRAND_AUTH_ALIGNED"},
    {"delivered mail: only the topmost hop of the site counts",
	DELIVERED TRUSTED_AR("dkim=none") RELAYED TRUSTED_AR("dkim=pass header.d=pypi.org"), "3",
	"BRAND_SPOOF AUTH_RESULTS_FORGED", "BRAND_AUTH_ALIGNED"},
};

START_TEST(test_no_dkim)
{
    const ar_case *c = ar_cases + _i;
    rp_setting set[2] = {{"dkim_verify", "no"}, {"trusted_authserv_hops", c->hops}};
    rp_engine *e;
    rp_verdict *v;
    rp_buf  msg;
    rp_error err;

    memset(&err, 0, sizeof(err));
    ck_assert_int_eq(rp_engine_load_settings(RP_TEST_DATA_DIR "/regphish-test.conf",
					     RP_TEST_RULES_DIR, set, 2, NULL, &e, &err), RP_OK);
    rp_buf_init(&msg);
    rp_buf_puts(&msg, c->header);
    rp_buf_puts(&msg, GENUINE);
    ck_assert_int_eq(rp_scan(e, msg.data, msg.len, NULL, &v), RP_OK);
    check_symbols(c->name, v, c->want, 1);
    check_symbols(c->name, v, c->reject, 0);
    rp_verdict_free(v);
    rp_buf_free(&msg);
    rp_engine_free(e);
}
END_TEST

/*
 * A key that could not be fetched (temperror: a DNS timeout, a key
 * file gone) verifies nothing.  An attacker who signs as the brand
 * with a selector whose lookup fails must not cancel the spoof
 * verdict; a trusted pass from the site's own verifier still counts.
 */
START_TEST(test_temperror)
{
    static const char *const tops[] = {"", RELAYED, TRUSTED_AR("dkim=pass header.d=pypi.org")};
    char    gone[1200], cmd[2500];
    rp_setting set[2] = {{"dkim_verify", "yes"}, {"dkim_keys", gone}};
    rp_dkim_report report;
    rp_dkim *lost;
    rp_engine *e;
    rp_verdict *v;
    rp_buf  signed_msg, msg;
    rp_error err;
    size_t  i;

    /* Keys that were there at the load and are gone at the lookup. */
    snprintf(gone, sizeof(gone), "%s/keys.gone", tmpdir);
    snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", keyfile, gone);
    run("temperror", cmd);
    memset(&err, 0, sizeof(err));
    ck_assert_int_eq(rp_dkim_new(gone, 1, &lost, &err), RP_OK);
    ck_assert_int_eq(rp_engine_load_settings(RP_TEST_DATA_DIR "/regphish-test.conf",
					     RP_TEST_RULES_DIR, set, 2, NULL, &e, &err), RP_OK);
    ck_assert_int_eq(unlink(gone), 0);
    make_message(cases + 0, &signed_msg);	/* genuine, signed s1 pypi.org */
    ck_assert_int_eq(rp_dkim_verify(lost, signed_msg.data, signed_msg.len, &report), RP_OK);
    ck_assert_msg(report.n == 1 && strcmp(report.sig[0].auth.result, "temperror") == 0
		  && strcmp(report.sig[0].auth.domain, "pypi.org") == 0,
		  "key gone: %zu signatures, first %s/%s", report.n,
		  report.n ? report.sig[0].auth.result : "", report.n ? report.sig[0].auth.domain : "");
    for (i = 0; i < sizeof(tops) / sizeof(tops[0]); i++) {
	rp_buf_init(&msg);
	rp_buf_puts(&msg, tops[i]);
	rp_buf_append(&msg, signed_msg.data, signed_msg.len);
	ck_assert_int_eq(rp_scan(e, msg.data, msg.len, NULL, &v), RP_OK);
	if (i + 1 < sizeof(tops) / sizeof(tops[0])) {
	    check_symbols("temperror", v, "BRAND_SPOOF", 1);
	    check_symbols("temperror", v, "BRAND_AUTH_ALIGNED", 0);
	} else {
	    check_symbols("temperror beside a trusted pass", v, "BRAND_AUTH_ALIGNED", 1);
	    check_symbols("temperror beside a trusted pass", v, "BRAND_SPOOF", 0);
	}
	rp_verdict_free(v);
	rp_buf_free(&msg);
    }
    rp_buf_free(&signed_msg);
    rp_engine_free(e);
    rp_dkim_free(lost);
}
END_TEST

/* Hostile bytes: every message gets a report, nothing crashes. */
START_TEST(test_hostile)
{
    static const char nul_msg[] = "From: a@pypi.org\nDKIM-Signature: v=1; d=pypi.org\0x\n\n\0body";
    static const char *const msgs[] = {
	"", "\n", "\r\n\r\n", "no colon here\n\nbody\n", ":\n\n",
	"DKIM-Signature:\n\n", "DKIM-Signature: ;;;;;;;=\n\nx\n",
	"From: a@b\nFrom: c@d\n\n", "Bad;Name: x\nFrom: a@pypi.org\n\n",
    };
    rp_dkim_report report;
    rp_buf  big;
    size_t  i;

    for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
	ck_assert_msg(rp_dkim_verify(verifier, msgs[i], strlen(msgs[i]), &report) == RP_OK,
		      "hostile message %zu", i);
    ck_assert_int_eq(rp_dkim_verify(verifier, nul_msg, sizeof(nul_msg) - 1, &report), RP_OK);
    /* Thousands of signatures: at most RP_DKIM_MAX_SIGS are looked at. */
    rp_buf_init(&big);
    for (i = 0; i < 5000; i++)
	rp_buf_printf(&big, "DKIM-Signature: v=1; a=rsa-sha256; d=pypi.org; s=s%zu; "
		      "h=from; bh=AAAA; b=AAAA\n", i);
    rp_buf_puts(&big, "From: a@pypi.org\n\nbody\n");
    ck_assert_int_eq(rp_dkim_verify(verifier, big.data, big.len, &report), RP_OK);
    ck_assert_msg(report.n <= RP_DKIM_MAX_SIGS, "%zu results past the cap", report.n);
    rp_buf_free(&big);
}
END_TEST

#define THREADS 4
#define ROUNDS 25

typedef struct thread_job {
    const rp_buf *good, *bad;
    int     wrong;			/* verdicts that differed */
} thread_job;

/* scan_many - scan a passing and a failing message ROUNDS times each */
static void *scan_many(void *arg)
{
    thread_job *job = arg;
    rp_verdict *v;
    int     i;

    for (i = 0; i < ROUNDS; i++) {
	if (rp_scan(engine, job->good->data, job->good->len, NULL, &v) != RP_OK
	    || !has_symbol(v, "BRAND_AUTH_ALIGNED") || has_symbol(v, "DKIM_FAIL_BRAND"))
	    job->wrong++;
	rp_verdict_free(v);
	if (rp_scan(engine, job->bad->data, job->bad->len, NULL, &v) != RP_OK
	    || has_symbol(v, "BRAND_AUTH_ALIGNED") || !has_symbol(v, "DKIM_FAIL_BRAND"))
	    job->wrong++;
	rp_verdict_free(v);
    }
    return NULL;
}

START_TEST(test_threads)
{
    pthread_t tid[THREADS];
    thread_job job[THREADS];
    rp_buf  good, bad;
    int     i;

    make_message(cases + 0, &good);		/* genuine, passes */
    make_message(cases + 12, &bad);		/* body altered, fails */
    ck_assert_msg(strcmp(cases[12].name, "body altered after signing") == 0, "case order");
    for (i = 0; i < THREADS; i++) {
	job[i].good = &good;
	job[i].bad = &bad;
	job[i].wrong = 0;
	ck_assert_int_eq(pthread_create(tid + i, NULL, scan_many, job + i), 0);
    }
    for (i = 0; i < THREADS; i++) {
	pthread_join(tid[i], NULL);
	ck_assert_msg(job[i].wrong == 0, "thread %d: %d wrong verdicts", i, job[i].wrong);
    }
    rp_buf_free(&good);
    rp_buf_free(&bad);
}
END_TEST

/* make_keys - keys for pypi.org (s1), pypj.org (s2), python.org (s3), and the key file */
static int make_keys(void)
{
    static const char *const keys[][3] = {{"pypi", "s1", "pypi.org"}, {"pypj", "s2", "pypj.org"},
    {"python", "s3", "python.org"}};
    char    cmd[4000];
    size_t  i;

    if (system("command -v opendkim-genkey >/dev/null 2>&1 || "
	       "test -x /usr/sbin/opendkim-genkey") != 0)
	return 0;
    snprintf(keyfile, sizeof(keyfile), "%s/keys", tmpdir);
    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
	/* opendkim-genkey writes SELECTOR.private and SELECTOR.txt (zone file syntax). */
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && PATH=$PATH:/usr/sbin opendkim-genkey -b 1024 -d %s -s %s "
		 "&& mv %s.private %s.private "
		 "&& { printf '%%s._domainkey.%%s ' %s %s; grep -o '\"[^\"]*\"' %s.txt "
		 "| tr -d '\"\\n'; echo; } >> keys",
		 tmpdir, keys[i][2], keys[i][1], keys[i][1], keys[i][0],
		 keys[i][1], keys[i][2], keys[i][1]);
	if (system(cmd) != 0)
	    return -1;
    }
    return 1;
}

static Suite *dkim_suite(void)
{
    Suite  *s = suite_create("dkim");
    TCase  *tc = tcase_create("dkim");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_case, 0, sizeof(cases) / sizeof(cases[0]));
    tcase_add_loop_test(tc, test_load, 0, sizeof(load_cases) / sizeof(load_cases[0]));
    tcase_add_loop_test(tc, test_no_dkim, 0, sizeof(ar_cases) / sizeof(ar_cases[0]));
    tcase_add_test(tc, test_temperror);
    tcase_add_test(tc, test_hostile);
    tcase_add_test(tc, test_threads);
    suite_add_tcase(s, tc);
    return s;
}

/* remove_tmpdir - the keys and messages go when the test ends (not atexit:
 * Check's forked test processes would run it too) */
static void remove_tmpdir(void)
{
    char    cmd[1200];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
	fprintf(stderr, "cannot remove %s\n", tmpdir);
}

/* setup - keys, the signer, the engine and a verifier; 77 without opendkim-tools */
static int setup(int argc, char **argv)
{
    rp_setting dkim[2] = {{"dkim_verify", "yes"}, {"dkim_keys", keyfile}};
    rp_error err;
    char   *self = rp_strdup(argc > 0 ? argv[0] : "test-dkim");
    int     made;

    snprintf(signer, sizeof(signer), "%s/dkim-sign", dirname(self));
    free(self);
    if (mkdtemp(tmpdir) == NULL) {
	perror(tmpdir);
	return 1;
    }
    if ((made = make_keys()) <= 0 || access(signer, X_OK) != 0) {
	printf("SKIP: %s\n", made < 0 ? "opendkim-genkey failed"
	       : made == 0 ? "opendkim-genkey not installed (Debian package opendkim-tools)"
	       : "dkim-sign helper not built (make -C tests dkim-sign)");
	remove_tmpdir();
	return made < 0 ? 1 : 77;
    }
    memset(&err, 0, sizeof(err));
    if (rp_engine_load_settings(RP_TEST_DATA_DIR "/regphish-test.conf", RP_TEST_RULES_DIR,
				dkim, 2, NULL, &engine, &err) != RP_OK
	|| rp_dkim_new(keyfile, 1, &verifier, &err) != RP_OK) {
	fprintf(stderr, "load: %s:%u: %s\n", err.file, err.line, err.message);
	return 1;
    }
    return 0;
}

/* teardown - release what setup made */
static void teardown(void)
{
    rp_dkim_free(verifier);
    rp_engine_free(engine);
    remove_tmpdir();
}

const rp_test_program rp_test = {dkim_suite, setup, teardown, NULL, 0};
