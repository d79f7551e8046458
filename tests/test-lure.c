/*
 * NAME
 *	test-lure 1
 * SUMMARY
 *	unit tests for the lure rules and rules/lures.rules
 * SYNOPSIS
 *	test-lure
 * DESCRIPTION
 *	Loads the real rules/lures.rules from RP_TEST_RULES_DIR (once per
 *	test case) and runs table-driven cases through rp_text_normalize() and
 *	rp_lures_match(), as the engine does: lure sentences written for
 *	this test in each language per symbol (each must raise its
 *	symbol), ordinary developer mail (must stay at a low total), and
 *	mail about phishing.  Rule files with errors, written to
 *	temporary files, must be reported at the right line.  Hostile
 *	input (megabytes of repetition, invalid UTF-8) must return
 *	quickly, and padding must not hide a lure.
 * DIAGNOSTICS
 *	Check's summary; exit status 1 when a case fails.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regphish.h"
#include "rp_lure.h"
#include "rp_text.h"
#include "rp_util.h"
#include "check_main.h"

#define RULES RP_TEST_RULES_DIR "/lures.rules"
#define MAX_HITS 32

/* What one match reported. */
typedef struct hits {
    size_t  count;
    char    symbol[MAX_HITS][65];
    double  weight[MAX_HITS];
    char    excerpt[MAX_HITS][128];
    size_t  calls;
} hits;

/* collect - rp_lure_hit callback */
static void collect(void *ctx, rp_symbol symbol, double weight,
		    const char *excerpt)
{
    hits   *h = ctx;

    h->calls++;
    if (h->count == MAX_HITS)
	return;
    snprintf(h->symbol[h->count], sizeof(h->symbol[0]), "%s", rp_symbol_name(symbol));
    snprintf(h->excerpt[h->count], sizeof(h->excerpt[0]), "%s", excerpt);
    h->weight[h->count++] = weight;
}

/* find - index of symbol in h, or -1 */
static int find(const hits *h, const char *symbol)
{
    size_t  i;

    for (i = 0; i < h->count; i++)
	if (strcmp(h->symbol[i], symbol) == 0)
	    return (int) i;
    return -1;
}

/* positive_total - sum of positive weights */
static double positive_total(const hits *h)
{
    double  t = 0;
    size_t  i;

    for (i = 0; i < h->count; i++)
	if (h->weight[i] > 0)
	    t += h->weight[i];
    return t;
}

/* run - normalise subject and body, then match */
static void run(const rp_lures *lures, const char *subject, const char *body,
		hits *h)
{
    size_t  slen, blen;
    char   *s = rp_text_normalize(subject, strlen(subject), &slen);
    char   *b = rp_text_normalize(body, strlen(body), &blen);

    memset(h, 0, sizeof(*h));
    rp_lures_match(lures, s, b, blen, collect, h);
    free(s);
    free(b);
}

/* The shipped rules, compiled once per test case (an unchecked fixture). */
static rp_lures *real_lures;
static rp_error real_err;
static rp_status real_status;

static void real_setup(void)
{
    real_lures = rp_lures_new();
    real_status = rp_lures_load(real_lures, RULES, 1, &real_err);
}

static void real_teardown(void) { rp_lures_free(real_lures); }

/* load_real - the shipped rules; fail loudly if they did not load */
static rp_lures *load_real(void)
{
    ck_assert_msg(real_lures != NULL && real_status == RP_OK, "%s:%u: %s",
		  real_err.file, real_err.line, real_err.message);
    return real_lures;
}

typedef struct lure_case {
    const char *name;
    const char *symbol;		/* must fire */
    const char *subject;
    const char *body;
} lure_case;

/* Sentences written for this test: the technique, in many languages. */
static const lure_case positives[] = {
    /* LURE_2FA */
    {"2fa en update", "LURE_2FA", "", "Action needed: your two-factor authentication settings must be updated before Friday."},
    {"2fa en re-enable", "LURE_2FA", "", "Please re-enable 2FA on your publisher account."},
    {"2fa en expired subject", "LURE_2FA", "Your MFA device has expired", ""},
    {"2fa en reconfirm otp", "LURE_2FA", "", "We need you to reconfirm your one-time password app."},
    {"2fa en obfuscated", "LURE_2FA", "\xef\xbc\x92\xef\xbc\xa6\xef\xbc\xa1 r\xe2\x80\x8b" "eset required", ""},
    {"2fa ja", "LURE_2FA", "", "\xe4\xba\x8c\xe6\xae\xb5\xe9\x9a\x8e\xe8\xaa\x8d\xe8\xa8\xbc\xe3\x81\xae\xe8\xa8\xad\xe5\xae\x9a\xe3\x82\x92\xe6\x9b\xb4\xe6\x96\xb0\xe3\x81\x97\xe3\x81\xa6\xe3\x81\x8f\xe3\x81\xa0\xe3\x81\x95\xe3\x81\x84\xe3\x80\x82"},
    {"2fa ja fullwidth digit", "LURE_2FA", "\xef\xbc\x92\xe6\xae\xb5\xe9\x9a\x8e\xe8\xaa\x8d\xe8\xa8\xbc\xe3\x81\xae\xe6\x9c\x89\xe5\x8a\xb9\xe6\x9c\x9f\xe9\x99\x90\xe3\x81\x8c\xe5\x88\x87\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f", ""},
    {"2fa zh-hans", "LURE_2FA", "", "\xe6\x82\xa8\xe7\x9a\x84\xe5\x8f\x8c\xe9\x87\x8d\xe9\xaa\x8c\xe8\xaf\x81\xe5\xb7\xb2\xe8\xbf\x87\xe6\x9c\x9f\xef\xbc\x8c\xe8\xaf\xb7\xe5\xb0\xbd\xe5\xbf\xab\xe5\xa4\x84\xe7\x90\x86\xe3\x80\x82"},
    {"2fa zh-hant", "LURE_2FA", "", "\xe8\xab\x8b\xe9\x87\x8d\xe6\x96\xb0\xe5\x95\x9f\xe7\x94\xa8\xe6\x82\xa8\xe7\x9a\x84\xe9\x9b\x99\xe9\x87\x8d\xe9\xa9\x97\xe8\xad\x89\xe3\x80\x82"},
    {"2fa de", "LURE_2FA", "", "Ihre Zwei-Faktor-Authentifizierung muss aktualisiert werden."},
    {"2fa es", "LURE_2FA", "", "Su autenticaci\xc3\xb3n de dos factores ha caducado; actual\xc3\xad" "cela hoy."},
    {"2fa fr", "LURE_2FA", "", "Votre double authentification doit \xc3\xaatre r\xc3\xa9initialis\xc3\xa9" "e."},
    {"2fa pt", "LURE_2FA", "", "Sua verifica\xc3\xa7\xc3\xa3o em duas etapas expirou."},
    {"2fa ru", "LURE_2FA", "", "\xd0\x94\xd0\xb2\xd1\x83\xd1\x85\xd1\x84\xd0\xb0\xd0\xba\xd1\x82\xd0\xbe\xd1\x80\xd0\xbd\xd0\xb0\xd1\x8f \xd0\xb0\xd1\x83\xd1\x82\xd0\xb5\xd0\xbd\xd1\x82\xd0\xb8\xd1\x84\xd0\xb8\xd0\xba\xd0\xb0\xd1\x86\xd0\xb8\xd1\x8f \xd0\xbe\xd1\x82\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87\xd0\xb5\xd0\xbd\xd0\xb0."},
    {"2fa ko", "LURE_2FA", "", "2\xeb\x8b\xa8\xea\xb3\x84 \xec\x9d\xb8\xec\xa6\x9d\xec\x9d\x84 \xec\x9e\xac\xec\x84\xa4\xec\xa0\x95\xed\x95\xb4\xec\x95\xbc \xed\x95\xa9\xeb\x8b\x88\xeb\x8b\xa4."},
    /* LURE_VERIFY */
    {"verify en", "LURE_VERIFY", "", "Please verify your email address to keep receiving notifications."},
    {"verify en subject", "LURE_VERIFY", "Account verification required", ""},
    {"verify ja", "LURE_VERIFY", "", "\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab\xe3\x82\xa2\xe3\x83\x89\xe3\x83\xac\xe3\x82\xb9\xe3\x81\xae\xe7\xa2\xba\xe8\xaa\x8d\xe3\x82\x92\xe3\x81\x8a\xe9\xa1\x98\xe3\x81\x84\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x99\xe3\x80\x82"},
    {"verify zh-hans", "LURE_VERIFY", "", "\xe8\xaf\xb7\xe9\xaa\x8c\xe8\xaf\x81\xe6\x82\xa8\xe7\x9a\x84\xe7\x94\xb5\xe5\xad\x90\xe9\x82\xae\xe4\xbb\xb6\xe5\x9c\xb0\xe5\x9d\x80\xe3\x80\x82"},
    {"verify zh-hant", "LURE_VERIFY", "", "\xe8\xab\x8b\xe9\xa9\x97\xe8\xad\x89\xe6\x82\xa8\xe7\x9a\x84\xe5\xb8\xb3\xe6\x88\xb6\xe3\x80\x82"},
    {"verify de", "LURE_VERIFY", "", "Bitte best\xc3\xa4tigen Sie Ihre E-Mail-Adresse."},
    {"verify es", "LURE_VERIFY", "", "Verifique su cuenta para continuar."},
    {"verify fr", "LURE_VERIFY", "", "Veuillez confirmer votre adresse e-mail."},
    {"verify pt", "LURE_VERIFY", "", "Confirme o seu e-mail."},
    {"verify ru", "LURE_VERIFY", "", "\xd0\x9f\xd0\xbe\xd0\xb4\xd1\x82\xd0\xb2\xd0\xb5\xd1\x80\xd0\xb4\xd0\xb8\xd1\x82\xd0\xb5 \xd0\xb2\xd0\xb0\xd1\x88 \xd0\xb0\xd0\xb4\xd1\x80\xd0\xb5\xd1\x81 \xd1\x8d\xd0\xbb\xd0\xb5\xd0\xba\xd1\x82\xd1\x80\xd0\xbe\xd0\xbd\xd0\xbd\xd0\xbe\xd0\xb9 \xd0\xbf\xd0\xbe\xd1\x87\xd1\x82\xd1\x8b."},
    {"verify ko", "LURE_VERIFY", "", "\xec\x9d\xb4\xeb\xa9\x94\xec\x9d\xbc \xec\x9d\xb8\xec\xa6\x9d\xec\x9d\xb4 \xed\x95\x84\xec\x9a\x94\xed\x95\xa9\xeb\x8b\x88\xeb\x8b\xa4."},
    /* LURE_SUSPEND */
    {"suspend en", "LURE_SUSPEND", "", "Your npm account will be suspended if we do not hear from you."},
    {"suspend en avoid", "LURE_SUSPEND", "", "To avoid permanent suspension, respond now."},
    {"suspend en accounts", "LURE_SUSPEND", "", "Accounts that have not migrated will be temporarily locked."},
    {"suspend en consequence", "LURE_SUSPEND", "", "Not responding may result in account restriction."},
    {"suspend en failure to", "LURE_SUSPEND", "", "Failure to complete the review will lead to closure."},
    {"suspend en org", "LURE_SUSPEND", "", "Your organisation may be permanently deleted."},
    {"suspend ja", "LURE_SUSPEND", "", "\xe3\x81\x8a\xe5\xae\xa2\xe6\xa7\x98\xe3\x81\xae\xe3\x82\xa2\xe3\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88\xe3\x81\xaf\xe4\xb8\x80\xe6\x99\x82\xe5\x81\x9c\xe6\xad\xa2\xe3\x81\x95\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x99\xe3\x80\x82"},
    {"suspend zh-hans", "LURE_SUSPEND", "", "\xe6\x82\xa8\xe7\x9a\x84\xe8\xb4\xa6\xe6\x88\xb7\xe5\xb0\x86\xe8\xa2\xab\xe5\x86\xbb\xe7\xbb\x93\xe3\x80\x82"},
    {"suspend zh-hant", "LURE_SUSPEND", "", "\xe6\x82\xa8\xe7\x9a\x84\xe5\xb8\xb3\xe6\x88\xb6\xe5\xb0\x87\xe8\xa2\xab\xe5\x81\x9c\xe7\x94\xa8\xe3\x80\x82"},
    {"suspend de", "LURE_SUSPEND", "", "Ihr Konto wird in K\xc3\xbcrze gesperrt."},
    {"suspend es", "LURE_SUSPEND", "", "Su cuenta ser\xc3\xa1 suspendida."},
    {"suspend fr", "LURE_SUSPEND", "", "Votre compte sera bloqu\xc3\xa9 sous peu."},
    {"suspend pt", "LURE_SUSPEND", "", "Sua conta ser\xc3\xa1 bloqueada."},
    {"suspend ru", "LURE_SUSPEND", "", "\xd0\x92\xd0\xb0\xd1\x88 \xd0\xb0\xd0\xba\xd0\xba\xd0\xb0\xd1\x83\xd0\xbd\xd1\x82 \xd0\xb1\xd1\x83\xd0\xb4\xd0\xb5\xd1\x82 \xd0\xb7\xd0\xb0\xd0\xb1\xd0\xbb\xd0\xbe\xd0\xba\xd0\xb8\xd1\x80\xd0\xbe\xd0\xb2\xd0\xb0\xd0\xbd."},
    {"suspend ko", "LURE_SUSPEND", "", "\xea\xb3\x84\xec\xa0\x95\xec\x9d\xb4 \xec\xa0\x95\xec\xa7\x80\xeb\x90\xa9\xeb\x8b\x88\xeb\x8b\xa4."},
    /* LURE_DEADLINE */
    {"deadline en hours", "LURE_DEADLINE", "", "Complete this within 48 hours."},
    {"deadline en final notice", "LURE_DEADLINE", "Final notice regarding your publisher status", ""},
    {"deadline en unless", "LURE_DEADLINE", "", "Access ends unless you respond to this message."},
    {"deadline en date", "LURE_DEADLINE", "", "This must be completed no later than March 3."},
    {"deadline ja", "LURE_DEADLINE", "", "24\xe6\x99\x82\xe9\x96\x93\xe4\xbb\xa5\xe5\x86\x85\xe3\x81\xab\xe6\x89\x8b\xe7\xb6\x9a\xe3\x81\x8d\xe3\x81\x97\xe3\x81\xa6\xe3\x81\x8f\xe3\x81\xa0\xe3\x81\x95\xe3\x81\x84\xe3\x80\x82"},
    {"deadline zh-hans", "LURE_DEADLINE", "", "\xe8\xaf\xb7\xe5\x9c\xa8" "48\xe5\xb0\x8f\xe6\x97\xb6\xe5\x86\x85\xe5\xae\x8c\xe6\x88\x90\xe3\x80\x82"},
    {"deadline zh-hant", "LURE_DEADLINE", "", "\xe8\xab\x8b\xe5\x9c\xa8" "24\xe5\xb0\x8f\xe6\x99\x82\xe5\x85\xa7\xe5\xae\x8c\xe6\x88\x90\xe3\x80\x82"},
    {"deadline de", "LURE_DEADLINE", "", "Bitte reagieren Sie innerhalb von 24 Stunden."},
    {"deadline es", "LURE_DEADLINE", "", "Debe responder en las pr\xc3\xb3ximas 24 horas."},
    {"deadline fr", "LURE_DEADLINE", "", "R\xc3\xa9pondez dans les 48 heures."},
    {"deadline pt", "LURE_DEADLINE", "", "Responda dentro de 24 horas."},
    {"deadline ru", "LURE_DEADLINE", "", "\xd0\x9e\xd1\x82\xd0\xb2\xd0\xb5\xd1\x82\xd1\x8c\xd1\x82\xd0\xb5 \xd0\xb2 \xd1\x82\xd0\xb5\xd1\x87\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5 24 \xd1\x87\xd0\xb0\xd1\x81\xd0\xbe\xd0\xb2."},
    {"deadline ko", "LURE_DEADLINE", "", "24\xec\x8b\x9c\xea\xb0\x84 \xec\x9d\xb4\xeb\x82\xb4\xec\x97\x90 \xec\xa1\xb0\xec\xb9\x98\xed\x95\x98\xec\x84\xb8\xec\x9a\x94."},
    /* LURE_CREDENTIALS */
    {"credentials en sign in", "LURE_CREDENTIALS", "", "Sign in to continue using your account."},
    {"credentials en enter", "LURE_CREDENTIALS", "", "Enter your password and publish token on the next page."},
    {"credentials en leak", "LURE_CREDENTIALS", "", "Your API token was exposed in a public repository; rotate it."},
    {"credentials en reauth", "LURE_CREDENTIALS", "", "You need to re-authenticate with the registry."},
    {"credentials ja", "LURE_CREDENTIALS", "", "\xe3\x83\xad\xe3\x82\xb0\xe3\x82\xa4\xe3\x83\xb3\xe3\x81\x97\xe3\x81\xa6\xe8\xa8\xad\xe5\xae\x9a\xe3\x82\x92\xe7\xa2\xba\xe8\xaa\x8d\xe3\x81\x97\xe3\x81\xa6\xe3\x81\x8f\xe3\x81\xa0\xe3\x81\x95\xe3\x81\x84\xe3\x80\x82"},
    {"credentials zh-hans", "LURE_CREDENTIALS", "", "\xe8\xaf\xb7\xe7\x99\xbb\xe5\xbd\x95\xe4\xbb\xa5\xe7\xbb\xa7\xe7\xbb\xad\xe4\xbd\xbf\xe7\x94\xa8\xe3\x80\x82"},
    {"credentials zh-hant", "LURE_CREDENTIALS", "", "\xe8\xab\x8b\xe9\x87\x8d\xe6\x96\xb0\xe7\x99\xbb\xe5\x85\xa5\xe6\x82\xa8\xe7\x9a\x84\xe5\xb8\xb3\xe6\x88\xb6\xe3\x80\x82"},
    {"credentials de", "LURE_CREDENTIALS", "", "Bitte melden Sie sich an, um fortzufahren."},
    {"credentials de leak", "LURE_CREDENTIALS", "Ihr Passwort wurde kompromittiert", ""},
    {"credentials es", "LURE_CREDENTIALS", "", "Inicie sesi\xc3\xb3n para confirmar su identidad."},
    {"credentials fr", "LURE_CREDENTIALS", "", "Connectez-vous pour continuer."},
    {"credentials pt", "LURE_CREDENTIALS", "", "Fa\xc3\xa7" "a login para continuar."},
    {"credentials ru", "LURE_CREDENTIALS", "", "\xd0\x92\xd0\xbe\xd0\xb9\xd0\xb4\xd0\xb8\xd1\x82\xd0\xb5, \xd1\x87\xd1\x82\xd0\xbe\xd0\xb1\xd1\x8b \xd0\xbf\xd1\x80\xd0\xbe\xd0\xb4\xd0\xbe\xd0\xbb\xd0\xb6\xd0\xb8\xd1\x82\xd1\x8c."},
    {"credentials ko", "LURE_CREDENTIALS", "", "\xeb\xa1\x9c\xea\xb7\xb8\xec\x9d\xb8\xed\x95\x98\xec\x97\xac \xea\xb3\x84\xec\xa0\x95\xec\x9d\x84 \xed\x99\x95\xec\x9d\xb8\xed\x95\x98\xec\x84\xb8\xec\x9a\x94."},
    /* LURE_TAKEDOWN */
    {"takedown en removed", "LURE_TAKEDOWN", "", "The package will be removed from the registry."},
    {"takedown en trademark", "LURE_TAKEDOWN", "", "We received a trademark complaint about your project."},
    {"takedown en name dispute", "LURE_TAKEDOWN", "Name dispute opened for your project", ""},
    {"takedown en reported", "LURE_TAKEDOWN", "", "Several users flagged your crate as malicious."},
    {"takedown ja", "LURE_TAKEDOWN", "", "\xe3\x81\x8a\xe5\xae\xa2\xe6\xa7\x98\xe3\x81\xae\xe3\x83\x91\xe3\x83\x83\xe3\x82\xb1\xe3\x83\xbc\xe3\x82\xb8\xe3\x81\xaf\xe5\x89\x8a\xe9\x99\xa4\xe3\x81\x95\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x99\xe3\x80\x82"},
    {"takedown zh-hans", "LURE_TAKEDOWN", "", "\xe6\x82\xa8\xe7\x9a\x84\xe8\xbd\xaf\xe4\xbb\xb6\xe5\x8c\x85\xe5\xb0\x86\xe8\xa2\xab\xe4\xb8\x8b\xe6\x9e\xb6\xe3\x80\x82"},
    {"takedown zh-hant", "LURE_TAKEDOWN", "", "\xe6\x82\xa8\xe7\x9a\x84\xe5\xa5\x97\xe4\xbb\xb6\xe5\xb0\x87\xe8\xa2\xab\xe7\xa7\xbb\xe9\x99\xa4\xe3\x80\x82"},
    {"takedown de", "LURE_TAKEDOWN", "", "Ihr Paket wird in 48 Stunden entfernt."},
    {"takedown es", "LURE_TAKEDOWN", "", "Su paquete ser\xc3\xa1 eliminado."},
    {"takedown fr", "LURE_TAKEDOWN", "", "Votre paquet sera supprim\xc3\xa9."},
    {"takedown pt", "LURE_TAKEDOWN", "", "Seu pacote ser\xc3\xa1 removido."},
    {"takedown ru", "LURE_TAKEDOWN", "", "\xd0\x92\xd0\xb0\xd1\x88 \xd0\xbf\xd0\xb0\xd0\xba\xd0\xb5\xd1\x82 \xd0\xb1\xd1\x83\xd0\xb4\xd0\xb5\xd1\x82 \xd1\x83\xd0\xb4\xd0\xb0\xd0\xbb\xd1\x91\xd0\xbd."},
    {"takedown ko", "LURE_TAKEDOWN", "", "\xed\x8c\xa8\xed\x82\xa4\xec\xa7\x80\xea\xb0\x80 \xec\x82\xad\xec\xa0\x9c\xeb\x90\xa0 \xec\x98\x88\xec\xa0\x95\xec\x9e\x85\xeb\x8b\x88\xeb\x8b\xa4."},
    /* LURE_NEW_LOGIN */
    {"login en", "LURE_NEW_LOGIN", "", "We noticed a suspicious login attempt."},
    {"login en device", "LURE_NEW_LOGIN", "", "Someone signed in from a new device."},
    {"login ja", "LURE_NEW_LOGIN", "", "\xe4\xb8\x8d\xe5\xaf\xa9\xe3\x81\xaa\xe3\x83\xad\xe3\x82\xb0\xe3\x82\xa4\xe3\x83\xb3\xe3\x82\x92\xe6\xa4\x9c\xe7\x9f\xa5\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82"},
    {"login zh-hans", "LURE_NEW_LOGIN", "", "\xe6\x88\x91\xe4\xbb\xac\xe6\xa3\x80\xe6\xb5\x8b\xe5\x88\xb0\xe5\xbc\x82\xe5\xb8\xb8\xe7\x99\xbb\xe5\xbd\x95\xe3\x80\x82"},
    {"login zh-hant", "LURE_NEW_LOGIN", "", "\xe5\x81\xb5\xe6\xb8\xac\xe5\x88\xb0\xe5\x8f\xaf\xe7\x96\x91\xe7\x9a\x84\xe7\x99\xbb\xe5\x85\xa5\xe3\x80\x82"},
    {"login de", "LURE_NEW_LOGIN", "", "Wir haben eine ungew\xc3\xb6hnliche Anmeldung festgestellt."},
    {"login es", "LURE_NEW_LOGIN", "", "Detectamos un inicio de sesi\xc3\xb3n sospechoso."},
    {"login fr", "LURE_NEW_LOGIN", "", "Nous avons d\xc3\xa9tect\xc3\xa9 une connexion inhabituelle."},
    {"login pt", "LURE_NEW_LOGIN", "", "Detectamos um login suspeito."},
    {"login ru", "LURE_NEW_LOGIN", "", "\xd0\x9e\xd0\xb1\xd0\xbd\xd0\xb0\xd1\x80\xd1\x83\xd0\xb6\xd0\xb5\xd0\xbd \xd0\xbf\xd0\xbe\xd0\xb4\xd0\xbe\xd0\xb7\xd1\x80\xd0\xb8\xd1\x82\xd0\xb5\xd0\xbb\xd1\x8c\xd0\xbd\xd1\x8b\xd0\xb9 \xd0\xb2\xd1\x85\xd0\xbe\xd0\xb4."},
    {"login ko", "LURE_NEW_LOGIN", "", "\xec\x9d\x98\xec\x8b\xac\xec\x8a\xa4\xeb\x9f\xac\xec\x9a\xb4 \xeb\xa1\x9c\xea\xb7\xb8\xec\x9d\xb8\xec\x9d\xb4 \xea\xb0\x90\xec\xa7\x80\xeb\x90\x98\xec\x97\x88\xec\x8a\xb5\xeb\x8b\x88\xeb\x8b\xa4."},
    /* LURE_PAYMENT */
    {"payment en", "LURE_PAYMENT", "Your invoice is overdue", ""},
    {"payment en failed", "LURE_PAYMENT", "", "Your payment failed; update your billing information."},
    {"payment ja", "LURE_PAYMENT", "", "\xe3\x81\x8a\xe6\x94\xaf\xe6\x89\x95\xe3\x81\x84\xe3\x81\x8c\xe5\xa4\xb1\xe6\x95\x97\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f"},
    {"payment zh-hans", "LURE_PAYMENT", "", "\xe4\xbb\x98\xe6\xac\xbe\xe5\xa4\xb1\xe8\xb4\xa5"},
    {"payment zh-hant", "LURE_PAYMENT", "", "\xe4\xbb\x98\xe6\xac\xbe\xe5\xa4\xb1\xe6\x95\x97"},
    {"payment de", "LURE_PAYMENT", "", "Ihre Zahlung ist fehlgeschlagen."},
    {"payment es", "LURE_PAYMENT", "", "Pago rechazado"},
    {"payment fr", "LURE_PAYMENT", "", "Votre paiement a \xc3\xa9" "chou\xc3\xa9."},
    {"payment pt", "LURE_PAYMENT", "", "Pagamento recusado"},
    {"payment ru", "LURE_PAYMENT", "", "\xd0\x9f\xd0\xbb\xd0\xb0\xd1\x82\xd0\xb5\xd0\xb6 \xd0\xbe\xd1\x82\xd0\xba\xd0\xbb\xd0\xbe\xd0\xbd\xd0\xb5\xd0\xbd"},
    {"payment ko", "LURE_PAYMENT", "", "\xea\xb2\xb0\xec\xa0\x9c \xec\x8b\xa4\xed\x8c\xa8"},
    /* LURE_REWARD */
    {"reward en", "LURE_REWARD", "", "Connect your wallet to claim your tokens."},
    {"reward en airdrop", "LURE_REWARD", "Developers are eligible for the community airdrop", ""},
    {"reward ja", "LURE_REWARD", "", "\xe3\x82\xa6\xe3\x82\xa9\xe3\x83\xac\xe3\x83\x83\xe3\x83\x88\xe3\x82\x92\xe6\x8e\xa5\xe7\xb6\x9a\xe3\x81\x97\xe3\x81\xa6\xe3\x81\x8f\xe3\x81\xa0\xe3\x81\x95\xe3\x81\x84"},
    {"reward zh-hans", "LURE_REWARD", "", "\xe8\xbf\x9e\xe6\x8e\xa5\xe6\x82\xa8\xe7\x9a\x84\xe9\x92\xb1\xe5\x8c\x85\xe9\xa2\x86\xe5\x8f\x96\xe5\xa5\x96\xe5\x8a\xb1"},
    {"reward de", "LURE_REWARD", "", "Jetzt Wallet verbinden!"},
    {"reward es", "LURE_REWARD", "", "Conecta tu billetera ahora."},
    {"reward fr", "LURE_REWARD", "", "Connectez votre portefeuille."},
    {"reward ru", "LURE_REWARD", "", "\xd0\x9f\xd0\xbe\xd0\xb4\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87\xd0\xb8\xd1\x82\xd0\xb5 \xd0\xba\xd0\xbe\xd1\x88\xd0\xb5\xd0\xbb\xd1\x91\xd0\xba."},
    {"reward ko", "LURE_REWARD", "", "\xec\xa7\x80\xea\xb0\x91\xec\x9d\x84 \xec\x97\xb0\xea\xb2\xb0\xed\x95\x98\xec\x84\xb8\xec\x9a\x94"},
    /* ABOUT_PHISHING: mail about phishing */
    {"about defanged", "ABOUT_PHISHING", "", "The lure links to hxxps://registry-login[.]example/ and asks for a token."},
    {"about defanged domain", "ABOUT_PHISHING", "", "Block sender domain pypi-mail[.]example at your gateway."},
    {"about ioc", "ABOUT_PHISHING", "", "Indicators of compromise are listed at the end of this post."},
    {"about campaign", "ABOUT_PHISHING", "", "There is a phishing campaign targeting npm maintainers right now."},
    {"about emails sent", "ABOUT_PHISHING", "", "Phishing emails were sent to package authors yesterday."},
    {"about domains", "ABOUT_PHISHING", "", "The phishing domains used include several typosquats."},
    {"about fwd subject", "ABOUT_PHISHING", "Fwd: is this phishing?", ""},
    {"about ja", "ABOUT_PHISHING", "", "\xe4\xbe\xb5\xe5\xae\xb3\xe3\x81\xae\xe7\x97\x95\xe8\xb7\xa1\xe3\x82\x92\xe4\xbb\xa5\xe4\xb8\x8b\xe3\x81\xab\xe7\xa4\xba\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x99"},
    {"about zh", "ABOUT_PHISHING", "", "\xe5\x85\xa5\xe4\xbe\xb5\xe6\x8c\x87\xe6\xa0\x87\xe5\xa6\x82\xe4\xb8\x8b"},
    {"about de", "ABOUT_PHISHING", "", "Kompromittierungsindikatoren finden Sie unten."},
    {"about fr", "ABOUT_PHISHING", "", "Les indicateurs de compromission sont ci-dessous."},
};

/* Ordinary developer mail: nothing, or one weak symbol at most. */
static const lure_case negatives[] = {
    {"build failed", NULL, "[ci] Build failed: main (a1b2c3d)",
     "The workflow run for commit a1b2c3d failed at step test. View the logs for details."},
    {"pr merged", NULL, "Re: [org/repo] Fix parser crash (#123)",
     "Your pull request #123 was merged into main by alice. Thanks for the contribution!"},
    {"release", NULL, "Release v2.1.0 is out",
     "We are happy to announce version 2.1.0. Fixed a crash when parsing empty config files; dropped Python 3.8 support."},
    {"meeting", NULL, "Meeting tomorrow",
     "Hi all, reminder that the maintainers meeting is tomorrow at 15:00 UTC. The agenda is in the shared doc."},
    {"publish notice", NULL, "[PyPI] New release published: mylib 1.4.0",
     "A new release of mylib (1.4.0) was uploaded. If you did not do this, review the security settings of your account."},
    {"npm publish", NULL, "Successfully published @scope/pkg@3.0.1",
     "You published version 3.0.1 of @scope/pkg. Run npm view @scope/pkg to see it."},
    {"newsletter", NULL, "This Week in Rust 512",
     "Updates from the community: new crates, blog posts, calls for participation. You can unsubscribe at any time."},
    {"2fa enabled thanks", NULL, "Two-factor authentication enabled",
     "Thanks for enabling two-factor authentication. Store your recovery codes in a safe place."},
    {"password reset requested", NULL, "Password reset",
     "You requested a password reset. If that was not you, ignore this message."},
    {"dependabot", NULL, "Bump lodash from 4.17.20 to 4.17.21",
     "Dependabot opened a pull request to update lodash. Release notes and commits are attached."},
    {"issue comment", NULL, "Re: [org/repo] Lockfile update removed a package (#77)",
     "The lockfile update removed the package from devDependencies; I restored it in the next commit."},
    {"code review", NULL, "Review requested",
     "Could you take a look at the token parser changes? The login form tests still need work."},
    {"ja meeting", NULL, "",
     "\xe6\x98\x8e\xe6\x97\xa5\xe3\x81\xae\xe4\xbc\x9a\xe8\xad\xb0\xe3\x81\xaf" "10\xe6\x99\x82\xe3\x81\x8b\xe3\x82\x89\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82\xe3\x82\x88\xe3\x82\x8d\xe3\x81\x97\xe3\x81\x8f\xe3\x81\x8a\xe9\xa1\x98\xe3\x81\x84\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x99\xe3\x80\x82"},
    {"zh release", NULL, "",
     "\xe6\x96\xb0\xe7\x89\x88\xe6\x9c\xac\xe5\xb7\xb2\xe5\x8f\x91\xe5\xb8\x83\xef\xbc\x8c\xe8\xaf\xb7\xe6\x9f\xa5\xe7\x9c\x8b\xe6\x9b\xb4\xe6\x96\xb0\xe6\x97\xa5\xe5\xbf\x97\xe3\x80\x82"},
    {"de build", NULL, "",
     "Der Build auf dem main-Branch ist fehlgeschlagen. Die Logs liegen im CI."},
    {"fr merge", NULL, "", "Votre demande de fusion a \xc3\xa9t\xc3\xa9 accept\xc3\xa9" "e. Merci !"},
    {"es release", NULL, "", "Publicamos la versi\xc3\xb3n 3.2 con mejoras de rendimiento."},
    {"apple airdrop", NULL, "", "I sent you the screenshots over AirDrop, check your phone."},
    {"ioc java", NULL, "", "The IoC container wires the services at start-up."},
};

/* Lures that try to borrow the advisory's voice must not earn ABOUT_PHISHING. */
static const lure_case lure_disguises[] = {
    {"never ask", NULL, "Security notice",
     "Beware of phishing: we will never ask for your password by email. Please verify your account below."},
    {"phishing alert subject", NULL, "Phishing alert: secure your account", "Sign in to continue."},
    {"phishing attempts on you", NULL, "",
     "We detected phishing attempts on your account. Do not click unknown links; log in to confirm your identity."},
    {"not phishing", NULL, "", "This is not a phishing email. Confirm your email address now."},
};

START_TEST(test_positive)
{
    const lure_case *tc = &positives[_i];
    rp_lures *lures = load_real();
    hits    h;
    int     k;

    run(lures, tc->subject, tc->body, &h);
    k = find(&h, tc->symbol);
    ck_assert_msg(k >= 0, "%s: %s did not fire (%zu other hits)", tc->name,
		  tc->symbol, h.count);
    ck_assert_msg(strlen(h.excerpt[k]) > 0 && strlen(h.excerpt[k]) <= 80,
		  "%s: excerpt length %zu", tc->name, strlen(h.excerpt[k]));
    ck_assert_msg(h.calls == h.count, "%s: hit() called %zu times for %zu symbols",
		  tc->name, h.calls, h.count);
}
END_TEST

START_TEST(test_negative)
{
    const lure_case *tc = &negatives[_i];
    rp_lures *lures = load_real();
    hits    h;

    run(lures, tc->subject, tc->body, &h);
    ck_assert_msg(positive_total(&h) <= 1.0, "%s: total %.1f, first %s [%s]",
		  tc->name, positive_total(&h), h.count ? h.symbol[0] : "-",
		  h.count ? h.excerpt[0] : "");
    ck_assert_msg(find(&h, "ABOUT_PHISHING") < 0, "%s: ABOUT_PHISHING fired", tc->name);
}
END_TEST

START_TEST(test_disguise)
{
    const lure_case *tc = &lure_disguises[_i];
    rp_lures *lures = load_real();
    hits    h;
    int     k;

    run(lures, tc->subject, tc->body, &h);
    k = find(&h, "ABOUT_PHISHING");
    ck_assert_msg(k < 0, "%s: ABOUT_PHISHING fired on a lure [%s]", tc->name,
		  k >= 0 ? h.excerpt[k] : "");
    ck_assert_msg(positive_total(&h) > 0, "%s: the lure itself was missed", tc->name);
}
END_TEST

/* Every symbol together stays well below a tag threshold of 5.0. */
START_TEST(test_weight_budget)
{
    static const char *symbols[] = {"LURE_2FA", "LURE_VERIFY", "LURE_SUSPEND",
	"LURE_DEADLINE", "LURE_CREDENTIALS", "LURE_TAKEDOWN", "LURE_NEW_LOGIN",
    "LURE_PAYMENT", "LURE_REWARD", "ABOUT_PHISHING"};
    rp_lures *lures = load_real();
    size_t  i, len = 0;
    char   *all;
    hits    h;
    double  sum = 0, neg = 0;

    for (i = 0; i < sizeof(positives) / sizeof(positives[0]); i++)
	len += strlen(positives[i].subject) + strlen(positives[i].body) + 2;
    all = calloc(1, len + 1);
    ck_assert(all != NULL);
    for (i = 0; i < sizeof(positives) / sizeof(positives[0]); i++) {
	strcat(all, positives[i].subject);
	strcat(all, "\n");
	strcat(all, positives[i].body);
	strcat(all, "\n");
    }
    run(lures, "", all, &h);
    for (i = 0; i < h.count; i++) {
	if (h.weight[i] > 0) {
	    ck_assert_msg(h.weight[i] <= 1.5, "%s weighs %.2f", h.symbol[i], h.weight[i]);
	    sum += h.weight[i];
	} else {
	    neg += h.weight[i];
	}
    }
    /* The total is capped by the engine (lure_max), not here. */
    ck_assert_msg(sum > 0, "no positive lure weight");
    ck_assert_msg(neg >= -1.5 && neg < 0, "negative weight %.2f", neg);
    for (i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
	ck_assert_msg(rp_lures_has_symbol(lures, rp_symbol_lookup(symbols[i], strlen(symbols[i]))),
		      "missing %s", symbols[i]);
	ck_assert_msg(find(&h, symbols[i]) >= 0, "%s did not fire on all positives",
		      symbols[i]);
    }
    ck_assert_msg(h.calls == h.count, "hit() called more than once per symbol");
    ck_assert(!rp_lures_has_symbol(lures, rp_symbol_lookup("LURE_NOPE", 9)));
    ck_assert(!rp_lures_has_symbol(lures, rp_symbol_lookup("LURE_2F", 7)));
    ck_assert(!rp_lures_has_symbol(lures, RP_SYM_NONE));
    free(all);
}
END_TEST

/* write_rules - a temporary rules file; caller unlinks */
static void write_rules(char *path, const char *text, size_t len)
{
    int     fd;

    strcpy(path, "/tmp/test-lure-XXXXXX");
    fd = mkstemp(path);
    ck_assert(fd >= 0);
    ck_assert(write(fd, text, len) == (ssize_t) len);
    close(fd);
}

typedef struct error_case {
    const char *name;
    const char *text;
    size_t  len;			/* 0: strlen */
    unsigned line;			/* of the error; 0: of the whole file */
    const char *message;		/* substring of err.message; NULL: loads fine */
} error_case;

static const error_case errors[] = {
    {"bad weight", "LURE_VERIFY abc any /x/\n", 0, 1, "bad weight"},
    {"bad weight nan", "# c\nLURE_VERIFY nan any /x/\n", 0, 2, "bad weight"},
    {"bad weight huge", "LURE_VERIFY 1e999 any /x/\n", 0, 1, "bad weight"},
    {"bad weight trailing", "LURE_VERIFY 1.5x any /x/\n", 0, 1, "bad weight"},
    {"bad scope", "# comment\n\nLURE_VERIFY 1.0 anywhere /x/\n", 0, 3, "bad scope"},
    {"lowercase symbol", "lure_verify 1.0 any /x/\n", 0, 1, "unknown symbol \"lure_verify\""},
    {"unknown symbol", "LURE_2FA 1.0 any /a/\nLURE_NOPE 1.0 any /x/\n", 0, 2,
     "unknown symbol \"LURE_NOPE\""},
    {"code symbol", "# c\n\nLOOKALIKE_TLD_SWAP 1.0 any /x/\n", 0, 3,
     "symbol LOOKALIKE_TLD_SWAP is weighed in symbols.conf"},
    {"missing weight", "LURE_VERIFY\n", 0, 1, "bad weight"},
    {"missing pattern", "LURE_VERIFY 1.0 any x\n", 0, 1, "missing /pattern/"},
    {"missing pattern at end", "LURE_VERIFY 1.0 body\n", 0, 1, "missing /pattern/"},
    {"unclosed pattern", "LURE_VERIFY 1.0 any /x\n", 0, 1, "does not end with /"},
    {"text after pattern", "LURE_VERIFY 1.0 any /x/ trailing\n", 0, 1, "does not end with /"},
    {"empty pattern", "LURE_VERIFY 1.0 any //\n", 0, 1, "empty pattern"},
    {"compile error", "LURE_SUSPEND 1.0 any /ok/\nLURE_VERIFY 1.0 any /(unclosed/\n", 0, 2,
     "offset 9"},
    {"bad escape", "LURE_VERIFY 1.0 any /\\k/\n", 0, 1, "pattern error"},
    {"weight mismatch", "LURE_VERIFY 1.0 any /a/\nLURE_2FA 1.0 any /b/\nLURE_VERIFY 2.0 any /c/\n",
     0, 3, "differs"},
    /* rp_lines_read() refuses the whole file */
    {"nul byte", "LURE_VERIFY 1.0 any /a/\nLURE_2FA 1.0 any /\0/\n", 45, 0, "NUL"},
    {"fine crlf", "# c\r\nLURE_VERIFY 1.0 any /a/\r\n\r\n  \t# indented comment\r\n", 0, 0, NULL},
    {"fine no newline", "LURE_VERIFY -1.0 subject /a/", 0, 0, NULL},
    {"fine blanks", "\n\n   \n\t\n", 0, 0, NULL},
    {"fine empty", "", 0, 0, NULL},
};

START_TEST(test_errors)
{
    const error_case *tc = &errors[_i];
    char    path[64];
    rp_lures *lures = rp_lures_new();
    rp_error err;
    rp_status st;

    memset(&err, 0, sizeof(err));
    write_rules(path, tc->text, tc->len ? tc->len : strlen(tc->text));
    st = rp_lures_load(lures, path, 1, &err);
    if (tc->message == NULL) {
	ck_assert_msg(st == RP_OK, "%s: %s:%u: %s", tc->name, err.file, err.line,
		      err.message);
    } else {
	ck_assert_msg(st == RP_ERR_SYNTAX, "%s: status %d", tc->name, st);
	ck_assert_msg(err.line == tc->line, "%s: line %u, want %u (%s)", tc->name,
		      err.line, tc->line, err.message);
	ck_assert_msg(strcmp(err.file, path) == 0, "%s: file \"%s\"", tc->name, err.file);
	ck_assert_msg(strstr(err.message, tc->message) != NULL,
		      "%s: message \"%s\", want \"%s\"", tc->name, err.message,
		      tc->message);
    }
    unlink(path);
    rp_lures_free(lures);
}
END_TEST

START_TEST(test_missing_file)
{
    rp_lures *lures = rp_lures_new();
    rp_error err;

    ck_assert_msg(rp_lures_load(lures, "/nonexistent/lures.rules", 0, &err) == RP_OK,
		  "optional missing file must load");
    ck_assert_msg(rp_lures_load(lures, "/nonexistent/lures.rules", 1, &err) == RP_ERR_IO,
		  "required missing file must fail");
    ck_assert_msg(strstr(err.message, "cannot read") != NULL, "message \"%s\"", err.message);
    ck_assert(rp_lures_load(NULL, "/x", 1, &err) == RP_ERR_INVALID);
    rp_lures_free(lures);
    rp_lures_free(NULL);
}
END_TEST

/* match_file - load text as rules and match subject/body */
static void match_file(const char *rules, const char *subject, const char *body,
		       hits *h)
{
    char    path[64];
    rp_lures *lures = rp_lures_new();
    rp_error err;

    write_rules(path, rules, strlen(rules));
    ck_assert_msg(rp_lures_load(lures, path, 1, &err) == RP_OK, "%s", err.message);
    unlink(path);
    memset(h, 0, sizeof(*h));
    rp_lures_match(lures, subject, body, body ? strlen(body) : 0, collect, h);
    rp_lures_free(lures);
}

typedef struct scope_case {
    const char *name;
    const char *rules;
    const char *subject;
    const char *body;
    const char *want;		/* "SYMBOL=excerpt;..." in call order */
} scope_case;

static const scope_case scopes[] = {
    {"subject only hits subject", "LURE_VERIFY 1 subject /foo/\n", "a foo", "foo", "LURE_VERIFY=foo;"},
    {"subject only ignores body", "LURE_VERIFY 1 subject /foo/\n", "bar", "foo", ""},
    {"body only ignores subject", "LURE_2FA 1 body /foo/\n", "foo", "bar", ""},
    {"body only hits body", "LURE_2FA 1 body /foo/\n", "x", "xx foo", "LURE_2FA=foo;"},
    {"any prefers subject", "LURE_SUSPEND 1 any /f(o+)/\n", "fo", "foo", "LURE_SUSPEND=fo;"},
    {"any falls back to body", "LURE_SUSPEND 1 any /f(o+)/\n", "x", "foo", "LURE_SUSPEND=foo;"},
    {"null subject and body", "LURE_SUSPEND 1 any /x/\n", NULL, NULL, ""},
    {"once per symbol, first rule wins", "LURE_SUSPEND 1 any /second/\nLURE_SUSPEND 1 any /first/\n",
     "first", "second", "LURE_SUSPEND=second;"},
    {"order of first appearance", "LURE_2FA 1 any /b/\nLURE_SUSPEND 1 any /a/\nLURE_2FA 1 any /x/\n", "a b", "",
     "LURE_2FA=b;LURE_SUSPEND=a;"},
    {"slash inside pattern", "LURE_VERIFY 1 any /a/b/\n", "", "see a/b", "LURE_VERIFY=a/b;"},
    {"caseless", "LURE_VERIFY 1 any /verify/\n", "VERIFY", "", "LURE_VERIFY=VERIFY;"},
    {"ucp word boundary", "LURE_VERIFY 1 any /\\bkonto\\b/\n", "", "das kontoübersicht konto", "LURE_VERIFY=konto;"},
    {"control replaced", "LURE_VERIFY 1 any /a\\sb/\n", "", "xa\tbx", "LURE_VERIFY=a b;"},
};

/* join - hits as "SYMBOL=excerpt;" */
static void join(const hits *h, char *buf, size_t size)
{
    size_t  i, len = 0;

    buf[0] = 0;
    for (i = 0; i < h->count; i++)
	len += (size_t) snprintf(buf + len, size - len, "%s=%s;", h->symbol[i],
				 h->excerpt[i]);
}

START_TEST(test_scope)
{
    const scope_case *tc = &scopes[_i];
    hits    h;
    char    got[512];

    match_file(tc->rules, tc->subject, tc->body, &h);
    join(&h, got, sizeof(got));
    ck_assert_msg(strcmp(got, tc->want) == 0, "%s: got \"%s\", want \"%s\"",
		  tc->name, got, tc->want);
}
END_TEST

/* A later file re-weights a symbol for all its rules; within a file it may not. */
START_TEST(test_local_override)
{
    static const char r1[] = "LURE_DEADLINE 1.0 any /foo/\n";
    static const char r2[] = "LURE_DEADLINE 0.25 any /bar/\nLURE_DEADLINE 0.25 body /baz/\n";
    char    p1[64], p2[64];
    rp_lures *lures = rp_lures_new();
    rp_error err;
    hits    h;

    write_rules(p1, r1, strlen(r1));
    write_rules(p2, r2, strlen(r2));
    ck_assert(rp_lures_load(lures, p1, 1, &err) == RP_OK);
    ck_assert_msg(rp_lures_load(lures, p2, 1, &err) == RP_OK, "%s", err.message);
    memset(&h, 0, sizeof(h));
    rp_lures_match(lures, "foo", "", 0, collect, &h);
    ck_assert_msg(h.count == 1 && h.weight[0] == 0.25, "override: %zu hits, weight %.2f",
		  h.count, h.count ? h.weight[0] : 0.0);
    unlink(p1);
    unlink(p2);
    rp_lures_free(lures);
}
END_TEST

/* Excerpts stop at 80 bytes without splitting a UTF-8 sequence. */
START_TEST(test_excerpt_utf8)
{
    static const char cjk[] = "\xe9\xaa\x8c";	/* 3 bytes */
    char    body[3 * 100 + 1];
    hits    h;
    size_t  i, len;

    for (i = 0; i < 100; i++)
	memcpy(body + 3 * i, cjk, 3);
    body[300] = 0;
    match_file("LURE_TAKEDOWN 1 any /\xe9\xaa\x8c+/\n", NULL, body, &h);
    ck_assert(h.count == 1);
    len = strlen(h.excerpt[0]);
    ck_assert_msg(len <= 80 && len % 3 == 0 && len >= 75, "excerpt %zu bytes", len);
    /* Same with a 2-byte character shifted by one ASCII byte. */
    body[0] = 'a';
    for (i = 0; i < 100; i++)
	memcpy(body + 1 + 2 * i, "\xc3\xa9", 2);
    body[201] = 0;
    match_file("LURE_TAKEDOWN 1 any /a\xc3\xa9+/\n", NULL, body, &h);
    ck_assert(h.count == 1);
    len = strlen(h.excerpt[0]);
    ck_assert_msg(len <= 80 && len % 2 == 1, "excerpt %zu bytes splits a character", len);
}
END_TEST

/* Invalid UTF-8 in the body is skipped, the subject still matches. */
START_TEST(test_invalid_utf8)
{
    hits    h;

    match_file("LURE_SUSPEND 1 any /foo/\nLURE_2FA 1 body /bar/\n", "foo", "bar \xff\xfe bar", &h);
    ck_assert_msg(h.count == 1 && strcmp(h.symbol[0], "LURE_SUSPEND") == 0,
		  "invalid body: %zu hits", h.count);
}
END_TEST

/* A local rules directory naming symbols the registry lacks fails the load. */
typedef struct local_case {
    const char *name;
    const char *file;			/* in the local rules directory */
    const char *text;
    unsigned line;
    const char *message;
} local_case;

static const local_case locals[] = {
    {"unknown symbol in symbols.conf", "symbols.conf",
     "# local weights\nLOOKALIKE_TLD_SWAP 2.0 ok\nLOOKALIKE_NOPE 1.0 no such symbol\n", 3,
     "unknown symbol \"LOOKALIKE_NOPE\""},
    {"lure symbol in symbols.conf", "symbols.conf", "LURE_2FA 1.0 weighed by the rules\n", 1,
     "LURE_2FA is a lure symbol"},
    {"unknown symbol in lures.rules", "lures.rules", "\nLURE_NOPE 0.5 any /x/\n", 2,
     "unknown symbol \"LURE_NOPE\""},
    {"code symbol in lures.rules", "lures.rules", "MIME_BROKEN 0.5 any /x/\n", 1,
     "MIME_BROKEN is weighed in symbols.conf"},
    {"known symbols load", "lures.rules", "LURE_VERIFY 0.5 any /x/\n", 0, NULL},
};

START_TEST(test_local_symbols)
{
    const local_case *tc = &locals[_i];
    char    dir[64], path[128];
    rp_setting local = {"local_rules_dir", dir};
    rp_engine *engine;
    rp_error err;
    rp_status st;
    FILE   *fp;

    strcpy(dir, "/tmp/test-lure-XXXXXX");
    ck_assert(mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/%s", dir, tc->file);
    ck_assert((fp = fopen(path, "w")) != NULL);
    fputs(tc->text, fp);
    fclose(fp);
    memset(&err, 0, sizeof(err));
    st = rp_engine_load_settings(NULL, RP_TEST_RULES_DIR, &local, 1, NULL, &engine, &err);
    if (tc->message == NULL) {
	ck_assert_msg(st == RP_OK, "%s: %s:%u: %s", tc->name, err.file, err.line, err.message);
	rp_engine_free(engine);
    } else {
	ck_assert_msg(st == RP_ERR_SYNTAX && engine == NULL, "%s: status %d", tc->name, st);
	ck_assert_msg(strcmp(err.file, path) == 0 && err.line == tc->line,
		      "%s: at %s:%u, want %s:%u", tc->name, err.file, err.line, path, tc->line);
	ck_assert_msg(strstr(err.message, tc->message) != NULL, "%s: message \"%s\"",
		      tc->name, err.message);
    }
    unlink(path);
    rmdir(dir);
}
END_TEST

/* match_copies - one match of the real rules over n bytes of copies of unit */
static void match_copies(const rp_lures *lures, const char *unit, size_t bytes, hits *h)
{
    size_t  k = strlen(unit), i;
    char   *body = malloc(bytes + 1);

    ck_assert(body != NULL);
    for (i = 0; i + k <= bytes; i += k)
	memcpy(body + i, unit, k);
    body[i] = 0;
    memset(h, 0, sizeof(*h));
    rp_lures_match(lures, body, body, i, collect, h);
    free(body);
}

/*
 * 1 MB of each unit that could make a rule backtrack: the match ends (a
 * hang hits the test case's timeout) and reports each symbol once; that
 * the work stays linear is counted, in instructions, by t-linear.sh
 * ("lure units").
 */
START_TEST(test_pathological)
{
    static const char *units[] = {
	"a", "aaaa ", "verify ", "two-factor ", "your account ", "your ",
	"\xe3\x82\xa2\xe3\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88", "package ",
	"2fa 2fa update ", "a[.", "within ", "log in ",
    };
    rp_lures *lures = load_real();
    hits    h;
    size_t  i, j, k;

    for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
	match_copies(lures, units[i], 1u << 20, &h);
	/* A megabyte of repeats reports each symbol once, not per copy. */
	ck_assert_msg(h.calls == h.count, "1 MB of \"%s\": %zu calls", units[i], h.calls);
	for (j = 0; j < h.count; j++)
	    for (k = j + 1; k < h.count; k++)
		ck_assert_str_ne(h.symbol[j], h.symbol[k]);
    }
}
END_TEST

/*
 * A lure after 256 KiB of text, or after the 1 MiB kept, is found; past
 * the scan cap (20 MiB of blanks) the head and the tail are scanned.
 */
START_TEST(test_lure_after_256k_of_text)
{
    static const char *units[] = {
	"aaaa ", "the quick brown fox jumps over the lazy dog. ",
	"\xe3\x82\xa2\xe3\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88 ",
    };
    static const size_t sizes[] = {300 * 1024, (1u << 20) + 4096};
    rp_lures *lures = load_real();
    rp_buf  body;
    size_t  i;
    hits    h;

    rp_buf_init(&body);
    for (i = 0; i < 2 * sizeof(units) / sizeof(units[0]); i++) {
	for (rp_buf_reset(&body); body.len < sizes[i % 2];)
	    rp_buf_puts(&body, units[i / 2]);
	memset(&h, 0, sizeof(h));
	rp_lures_match(lures, NULL, body.data, body.len, collect, &h);
	ck_assert_msg(find(&h, "LURE_VERIFY") < 0 && find(&h, "LURE_2FA") < 0,
		      "padding \"%s\" alone is a lure", units[i / 2]);
	rp_buf_puts(&body, "\nPlease verify your email address to keep receiving notifications. "
		    "Action needed: your two-factor authentication settings must be updated.");
	memset(&h, 0, sizeof(h));
	rp_lures_match(lures, NULL, body.data, body.len, collect, &h);
	ck_assert_msg(find(&h, "LURE_VERIFY") >= 0 && find(&h, "LURE_2FA") >= 0,
		      "lure after %zu bytes of \"%s\" missed", sizes[i % 2], units[i / 2]);
    }
    for (i = 0; i < 3; i++) {
	for (rp_buf_reset(&body); body.len < (20u << 20);)
	    rp_buf_puts(&body, "                ");
	if (i > 0)
	    memcpy(i == 2 ? body.data + body.len - 16 : body.data + 1000, "two-factor reset", 16);
	match_file("LURE_TAKEDOWN 1 body /two-factor reset/\n", NULL, body.data, &h);
	ck_assert_msg(h.count == (i > 0), "20 MiB, lure %zu: %zu hits", i, h.count);
    }
    rp_buf_free(&body);
}
END_TEST

/* lure_suite - all cases */
static Suite *lure_suite(void)
{
    Suite  *s = suite_create("lure");
    TCase  *tc = tcase_create("rules");
    TCase  *tl = tcase_create("limits");

    tcase_add_loop_test(tc, test_positive, 0, (int) (sizeof(positives) / sizeof(positives[0])));
    tcase_add_loop_test(tc, test_negative, 0, (int) (sizeof(negatives) / sizeof(negatives[0])));
    tcase_add_loop_test(tc, test_disguise, 0,
			(int) (sizeof(lure_disguises) / sizeof(lure_disguises[0])));
    tcase_add_test(tc, test_weight_budget);
    tcase_add_loop_test(tc, test_errors, 0, (int) (sizeof(errors) / sizeof(errors[0])));
    tcase_add_test(tc, test_missing_file);
    tcase_add_loop_test(tc, test_scope, 0, (int) (sizeof(scopes) / sizeof(scopes[0])));
    tcase_add_test(tc, test_local_override);
    tcase_add_loop_test(tc, test_local_symbols, 0, (int) (sizeof(locals) / sizeof(locals[0])));
    tcase_add_test(tc, test_excerpt_utf8);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_unchecked_fixture(tc, real_setup, real_teardown);
    tcase_add_unchecked_fixture(tl, real_setup, real_teardown);
    tcase_set_timeout(tl, 120);
    tcase_add_test(tl, test_pathological);
    tcase_add_test(tl, test_lure_after_256k_of_text);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, tl);
    return s;
}

/* main - run the suite; exit 1 on any failure */
const rp_test_program rp_test = {lure_suite, NULL, NULL, NULL, 0};
