/*
 * NAME
 *	rp_check_platform 3
 * SUMMARY
 *	text a platform's user wrote in the platform's genuine notification
 * SYNOPSIS
 *	#include "rp_check_state.h"
 *
 *	void	rp_check_platform(check_state *st)
 * DESCRIPTION
 *	GitHub, GitLab and their peers mail issues, comments, pull requests
 *	and discussions to everyone subscribed or mentioned, signed with
 *	the platform's own key.  The words are a user's: anyone may open an
 *	issue on any repository and mention dozens of strangers, so the
 *	platform's pass vouches for who sent the mail, never for what the
 *	user wrote.  rp_check_platform() finds that text and judges it as a
 *	stranger's.
 *
 *	A notification: mail From a domain of a brand that
 *	rules/platforms.conf describes, marked by one of that platform's
 *	headers (X-GitHub-Reason, a List-Id under github.com ...); when the
 *	parser kept no more headers (RP_HEADER_FIELDS_MAX), the platform's
 *	footer in the text is mark enough.  The
 *	authentication is rp_check_auth's to judge: a notification that is
 *	not the platform's is a spoof there, and nothing here lowers a
 *	score.
 *
 *	The user's text: the subject (the thread's title) and the shown
 *	text up to the start of the platform's LAST footer ("Reply to this
 *	email directly ...").  A user may write a footer of their own to
 *	end the text early, but can write nothing after the platform's, so
 *	the last one is the platform's; without a footer all the text may
 *	be a user's.  What the platform writes above the user's text (a
 *	"@user commented" line, names of the thread) is read with it: names
 *	are users' too, and the platform's own lines carry no lure.
 *
 *	What counts, beside the findings of the other checks:
 *	- lure wording the user's text carries is no longer a claim that
 *	  the platform's aligned pass clears (CHECK_CLAIM is taken off its
 *	  lure findings, and their reasons say whose words they are);
 *	- that wording beside a link away from the platform, or to content
 *	  a user published on the platform's domain (a gist, a project
 *	  page, a release download): PLATFORM_USER_LURE, the link defanged;
 *	- the user signing as the platform's staff ("GitHub Security
 *	  Team", rp_platforms_pose: in the text, the title or the user's
 *	  display name) beside such a link: PLATFORM_USER_POSE;
 *	- a link to the platform's OAuth consent or app installation page:
 *	  PLATFORM_CONSENT_LINK; to its device-code sign-in page:
 *	  DEVICE_CODE_LURE (with the code the text gives, if any);
 *	- many distinct @handles (the platform's "mentions"): a lure sent
 *	  to many at once, PLATFORM_MASS_MENTION, counted only beside lure
 *	  wording (release notes thank dozens of contributors).
 *	The platform's template links only the platform's own pages, so a
 *	link elsewhere is a user's wherever it sits; the pages above are
 *	the platform's, but a user chose to link them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_check_state.h"
#include "rp_platforms.h"
#include "rp_url.h"
#include "rp_util.h"

#define MENTION_SHOWN	3		/* handles named in a reason */
#define HANDLE_MAX	64		/* bytes of a handle kept (platforms allow 39) */
#define EXCERPT_MAX	160		/* bytes of the first lure excerpt kept (rp_lure's
					 * are at most 80) */

/* What the user's text holds. */
typedef struct platform_view {
    check_state *st;
    const rp_platform *p;
    const char *name;			/* the platform's brand name */
    const char *author;			/* the user the platform names, or NULL */
    unsigned char lure[RP_SYM_COUNT];	/* lure symbols of the user's text */
    char    excerpt[EXCERPT_MAX];	/* the first lure wording */
    int     lured;
    const char *away;			/* the first link away (or to user content) */
    char   *away_host;			/* owned: its host */
    char   *away_kind;			/* owned: "links to", "links to content ... on" */
    const char *consent, *device;	/* the first consent and device links */
    const char *pose;			/* the staff phrase the user signs with, or NULL */
} platform_view;

/* last_of - the start of the last occurrence of needle in text, or -1 */
static long last_of(const char *text, size_t len, const char *needle, size_t nlen)
{
    size_t  i;

    if (nlen == 0 || nlen > len)
	return -1;
    for (i = len - nlen + 1; i-- > 0;)
	if (text[i] == needle[0] && memcmp(text + i, needle, nlen) == 0)
	    return (long) i;
    return -1;
}

/* user_text_len - where the user's text ends: the start of the platform's last footer */
static size_t user_text_len(const check_state *st, const rp_platform *p)
{
    char   *norm;
    size_t  i, n;
    long    at, end = -1;

    for (i = 0; i < p->nfooters; i++) {
	norm = rp_check_reading(st, p->footers[i], strlen(p->footers[i]), &n);
	at = last_of(st->body, st->body_len, norm, n);
	free(norm);
	if (at > end)
	    end = at;
    }
    return end < 0 ? st->body_len : (size_t) end;
}

/* handle_like - a user name as platforms allow them ("octo-cat", "renovate[bot]") */
static int handle_like(const char *s)
{
    size_t  n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		       "0123456789-_.[]");

    return n > 0 && n <= HANDLE_MAX && s[n] == 0;
}

/* notification_of - the platform whose notification this is, or NULL */
static const rp_platform *notification_of(const check_state *st, const char **author)
{
    const rp_platform *p;
    const rp_header_field *h;
    size_t  i, len;
    int     marked = 0;

    if (st->from_owner == NULL
	|| (p = rp_platforms_of(st->engine->platforms, rp_brand_name(st->from_owner))) == NULL)
	return NULL;
    *author = NULL;
    for (i = 0; i < st->f->nfields; i++) {
	h = st->f->fields + i;
	if (!rp_platform_marks(p, h->name, h->value))
	    continue;
	marked = 1;
	len = strlen(h->name);
	if (*author == NULL && len > 7 && rp_ascii_casecmp(h->name + len - 7, "-sender") == 0
	    && handle_like(h->value))
	    *author = h->value;
    }
    /* Its marks may lie past the parser's cap: its footer will do. */
    if (!marked && st->f->nfields >= RP_HEADER_FIELDS_MAX
	&& user_text_len(st, p) < st->body_len)
	marked = 1;
    return marked ? p : NULL;
}

/* user_lure - a lure rule matched the user's text */
static void user_lure(void *ctx, rp_symbol symbol, double weight, const char *excerpt)
{
    platform_view *v = ctx;

    if (weight <= 0)
	return;
    v->lure[symbol] = 1;
    if (!v->lured)
	snprintf(v->excerpt, sizeof(v->excerpt), "%s", excerpt);
    v->lured = 1;
}

/*
 * unclear_wording - lure findings the user's text explains are the
 * user's: no claim the platform's pass may clear
 */
static void unclear_wording(platform_view *v)
{
    check_state *st = v->st;
    check_finding *fd;
    rp_buf  why;
    size_t  i;

    for (i = 0; i < st->nfindings; i++) {
	fd = st->findings + i;
	if (!(fd->facts & CHECK_ASK) || !v->lure[fd->symbol] || !(fd->facts & CHECK_CLAIM))
	    continue;
	fd->facts &= ~CHECK_CLAIM;
	rp_buf_init(&why);
	rp_buf_printf(&why, "%s, in text a %s user wrote (%s's signature does not vouch for it)",
		      fd->reason, v->name, v->name);
	free(fd->reason);
	fd->reason = rp_buf_steal(&why);
	rp_buf_free(&why);
    }
}

/* away_link - note the first link that leaves the platform or shows user content */
static void away_link(platform_view *v, const rp_link *link, const rp_url *u,
		              int published)
{
    rp_buf  kind;

    if (v->away != NULL)
	return;
    v->away = link->href;
    v->away_host = rp_strdup(u->host);
    rp_buf_init(&kind);
    if (published)
	rp_buf_printf(&kind, "links to content a user published on %s,", v->name);
    else
	rp_buf_puts(&kind, "links to");
    v->away_kind = rp_buf_steal(&kind);
    rp_buf_free(&kind);
}

/* read_links - where the message's links lead, seen from the platform */
static void read_links(platform_view *v)
{
    const rp_link *link;
    rp_url  u;
    size_t  i;

    for (i = 0; i < v->st->f->nlinks; i++) {
	link = v->st->f->links + i;
	if (rp_url_parse(link->href, strlen(link->href), &u) != 0)
	    continue;
	if (strcmp(u.scheme, "http") == 0 || strcmp(u.scheme, "https") == 0
	    || u.scheme[0] == 0) {
	    if (u.host_kind != RP_HOST_NAME
		|| rp_brands_owner(v->st->engine->brands, u.host) != v->st->from_owner) {
		away_link(v, link, &u, 0);
	    } else {
		switch (rp_platform_page_of(v->p, &u)) {
		case RP_PLATFORM_PAGE_CONSENT:
		    if (v->consent == NULL)
			v->consent = link->href;
		    break;
		case RP_PLATFORM_PAGE_DEVICE:
		    if (v->device == NULL)
			v->device = link->href;
		    break;
		case RP_PLATFORM_PAGE_USER:
		    away_link(v, link, &u, 1);
		    break;
		default:
		    break;
		}
	    }
	}
	rp_url_free(&u);
    }
}

/* handle_char - a letter of a handle ("octo-cat"; "@org/team" counts as @org) */
static int handle_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/*
 * count_mentions - distinct @handles in text (an address's '@', a
 * path's "/@name" are no mention); the first few into shown
 */
static unsigned count_mentions(const char *text, size_t len, rp_buf *shown)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char    handle[HANDLE_MAX];
    size_t  i, k, n;
    unsigned count;
    int     prev;

    for (i = 0; i < len; i++) {
	if (text[i] != '@')
	    continue;
	prev = i > 0 ? (unsigned char) text[i - 1] : ' ';
	if (handle_char(prev) || prev == '.' || prev == '/' || prev == '@' || prev == '+'
	    || prev == '%' || prev >= 0x80)
	    continue;
	for (k = i + 1, n = 0; k < len && handle_char((unsigned char) text[k]); k++)
	    if (n + 1 < sizeof(handle))
		handle[n++] = text[k];
	handle[n] = 0;
	if (n == 0 || handle[0] == '-' || handle[0] == '_')
	    continue;
	if (!g_hash_table_contains(seen, handle)) {
	    if (g_hash_table_size(seen) < MENTION_SHOWN)
		rp_buf_printf(shown, "%s@%s", shown->len ? ", " : "", handle);
	    g_hash_table_add(seen, g_strdup(handle));
	}
	i = k - 1;
    }
    count = g_hash_table_size(seen);
    g_hash_table_destroy(seen);
    return count;
}

/* device_code - the first "ABCD-1234"-like code of text, into code */
static int device_code(const char *text, size_t len, char *code, size_t size)
{
    size_t  i, k;

    for (i = 0; i + 9 <= len; i++) {
	if (i > 0 && (handle_char((unsigned char) text[i - 1]) || text[i - 1] == '.'))
	    continue;
	for (k = 0; k < 9; k++)
	    if (k == 4 ? text[i + k] != '-' : !((text[i + k] >= 'a' && text[i + k] <= 'z')
						|| (text[i + k] >= '0' && text[i + k] <= '9')))
		break;
	if (k == 9 && (i + 9 == len || !handle_char((unsigned char) text[i + 9]))
	    && size > 9) {
	    for (k = 0; k < 9; k++)
		code[k] = (char) (text[i + k] >= 'a' && text[i + k] <= 'z'
				  ? text[i + k] - 32 : text[i + k]);
	    code[9] = 0;
	    return 1;
	}
    }
    return 0;
}

/*
 * user_pose - the staff phrase the user signs with: in the text, the
 * subject (the thread's title) or the From display name (on a
 * notification, the user's own name); NULL when none
 */
static const char *user_pose(const check_state *st, const char *name, size_t len)
{
    const rp_platforms *platforms = st->engine->platforms;
    const char *pose;
    char   *display;
    size_t  i, n;

    if ((pose = rp_platforms_pose(platforms, name, st->body, len)) != NULL
	|| (pose = rp_platforms_pose(platforms, name, st->subject,
				     strlen(st->subject))) != NULL)
	return pose;
    for (i = 0; i < st->f->naddrs && pose == NULL; i++) {
	if (st->f->addrs[i].role != RP_ADDR_FROM || st->f->addrs[i].display == NULL)
	    continue;
	display = rp_check_reading(st, st->f->addrs[i].display,
				   strlen(st->f->addrs[i].display), &n);
	pose = rp_platforms_pose(platforms, name, display, n);
	free(display);
    }
    return pose;
}

/* who - "a GitHub user" or "the GitHub user NAME", for reasons */
static void who(const platform_view *v, rp_buf *out)
{
    if (v->author != NULL)
	rp_buf_printf(out, "the %s user %s", v->name, v->author);
    else
	rp_buf_printf(out, "a %s user", v->name);
}

/* report - the findings of the user's text */
static void report(platform_view *v, const char *text, size_t len)
{
    check_state *st = v->st;
    check_finding *fd;
    rp_buf  by, shown;
    char    code[16];
    unsigned mentions;

    rp_buf_init(&by);
    who(v, &by);
    if (v->lured && v->away != NULL)
	rp_check_add(st, RP_SYM_PLATFORM_USER_LURE, CHECK_LINK, v->away,
		     "text written by %s, not by %s, says \"%s\" and %s %s",
		     by.data, v->name, v->excerpt, v->away_kind, v->away_host);
    if (v->pose != NULL && v->away != NULL)
	rp_check_add(st, RP_SYM_PLATFORM_USER_POSE, CHECK_LINK | CHECK_POSE, v->away,
		     "text written by %s, not by %s, signs as %s's \"%s\" and %s %s",
		     by.data, v->name, v->name, v->pose, v->away_kind, v->away_host);
    if (v->consent != NULL)
	rp_check_add(st, RP_SYM_PLATFORM_CONSENT_LINK, CHECK_LINK, v->consent,
		     "text written by %s, not by %s, links to %s, a page that grants an"
		     " application access to your %s account", by.data, v->name,
		     v->consent, v->name);
    if (v->device != NULL) {
	if (!device_code(text, len, code, sizeof(code)))
	    code[0] = 0;
	rp_check_add(st, RP_SYM_DEVICE_CODE_LURE, CHECK_LINK, v->device,
		     "text written by %s, not by %s, links to %s's device sign-in page %s%s%s:"
		     " entering a code there gives whoever asked a token for your account",
		     by.data, v->name, v->name, v->device, code[0] ? " and gives the code " : "",
		     code);
    }
    rp_buf_init(&shown);
    mentions = count_mentions(text, len, &shown);
    if (v->p->mentions > 0 && mentions >= v->p->mentions) {
	fd = rp_check_add(st, RP_SYM_PLATFORM_MASS_MENTION, 0, NULL,
			  "text written by %s mentions %u accounts at once (%s ...)",
			  by.data, mentions, shown.data);
	fd->needs = CHECK_ASK;
    }
    rp_buf_free(&shown);
    rp_buf_free(&by);
}

/* rp_check_platform - judge what a platform's user wrote as a stranger's text */
void    rp_check_platform(check_state *st)
{
    platform_view v;
    size_t  len;

    memset(&v, 0, sizeof(v));
    if ((v.p = notification_of(st, &v.author)) == NULL)
	return;
    v.st = st;
    v.name = rp_brand_name(st->from_owner);
    len = user_text_len(st, v.p);
    rp_lures_match(st->engine->lures, st->subject, st->body, len, user_lure, &v);
    unclear_wording(&v);
    read_links(&v);
    v.pose = user_pose(st, v.name, len);
    report(&v, st->body, len);
    free(v.away_kind);
    free(v.away_host);
}
