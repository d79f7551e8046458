/*
 * NAME
 *	rp_features 3
 * SUMMARY
 *	the container of what a message shows its reader
 * SYNOPSIS
 *	#include "rp_features.h"
 * DESCRIPTION
 *	rp_features_init() makes an empty set; rp_features_free()
 *	releases every string it owns.  The add functions copy their
 *	arguments.
 *
 *	rp_features_add_link() adds f->link_context (the parser's context,
 *	e.g. RP_LINK_UNSEEN while it reads an alternative a client does not
 *	show) to the link's flags, and keeps a link once: a second link with
 *	the same href, text and flags is not stored.  A flood of links must
 *	not hide the one that matters, so past limits->max_links
 *	(RP_MSG_TOO_MANY_LINKS) it still keeps every link whose host (the
 *	authority, userinfo and port included, lowercased; for a link with
 *	no "//", what comes before any '/', '?' or '#') is not among the
 *	links kept, and every link whose text shows a domain, up to
 *	RP_LINKS_HARD_MAX(max_links) links in all; it returns -1 once that
 *	bound is reached.  Without limits every link is kept.  Hosts and
 *	links kept are looked up in one hash table, so n links cost O(n).
 *
 *	rp_features_add_auth() notes how many Received headers lie above
 *	the value (nreceived, which the parser counts as it reads the
 *	header top down): where a result was written tells who wrote it.
 *
 *	rp_features_add_field() keeps a List-* or X-* header (the headers
 *	a platform marks its notifications with), its value cut at
 *	RP_HEADER_FIELD_MAX bytes, the first RP_HEADER_FIELDS_MAX of them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "rp_bidi.h"
#include "rp_features.h"

#define RP_FEATURES_KEY_MAX	256	/* bytes of a host key */

/* What rp_features_add_link() has kept: "H" host and "L" link keys. */
struct rp_link_index {
    GHashTable *keys;
};

/* rp_features_init - empty feature set */
void    rp_features_init(rp_features *f)
{
    memset(f, 0, sizeof(*f));
    rp_buf_init(&f->text);
    rp_buf_init(&f->hidden);
    rp_buf_init(&f->unseen);
    rp_buf_init(&f->files_at);
}

/* rp_features_free - release everything */
void    rp_features_free(rp_features *f)
{
    size_t  i;

    for (i = 0; i < f->naddrs; i++) {
	free(f->addrs[i].display);
	free(f->addrs[i].address);
	free(f->addrs[i].domain);
    }
    free(f->addrs);
    for (i = 0; i < f->nlinks; i++) {
	free(f->links[i].href);
	free(f->links[i].text);
    }
    free(f->links);
    if (f->link_index) {
	g_hash_table_destroy(f->link_index->keys);
	free(f->link_index);
    }
    for (i = 0; i < f->nfields; i++) {
	free(f->fields[i].name);
	free(f->fields[i].value);
    }
    free(f->fields);
    for (i = 0; i < f->nauth; i++)
	free(f->auth_results[i]);
    free(f->auth_results);
    free(f->auth_hop);
    free(f->subject);
    rp_buf_free(&f->text);
    rp_buf_free(&f->hidden);
    rp_buf_free(&f->unseen);
    rp_buf_free(&f->files_at);
    memset(f, 0, sizeof(*f));
}

/* rp_features_seen - a name or subject as its reader sees it (bidi overrides
 * resolved, controls removed: rp_bidi(3)); NULL for NULL or empty */
static char *rp_features_seen(rp_features *f, const char *s)
{
    rp_buf  out;
    char   *seen;

    if (s == NULL || *s == 0)
	return NULL;
    rp_buf_init(&out);
    if (rp_bidi_visual(s, strlen(s), &out) & RP_BIDI_OVERRIDE)
	f->flags |= RP_MSG_BIDI_OVERRIDE;
    seen = rp_buf_steal(&out);
    rp_buf_free(&out);
    return seen;
}

/* rp_features_set_subject - the decoded subject, as its reader sees it (the first one wins) */
void    rp_features_set_subject(rp_features *f, const char *subject)
{
    if (f->subject == NULL)
	f->subject = rp_features_seen(f, subject);
}

/* rp_features_add_address - record one address; the domain is derived */
void    rp_features_add_address(rp_features *f, rp_addr_role role,
				const char *display, const char *address)
{
    rp_address *a;
    const char *at;

    f->addrs = rp_array_grow(f->addrs, &f->addrs_cap, f->naddrs, sizeof(*a));
    a = f->addrs + f->naddrs++;
    a->role = role;
    a->display = rp_features_seen(f, display);
    a->address = (address && *address) ? rp_strdup(address) : NULL;
    a->domain = NULL;
    if (a->address && (at = strrchr(a->address, '@')) != NULL && at[1]) {
	a->domain = rp_strdup(at + 1);
	a->domain[strcspn(a->domain, ">")] = 0;
	rp_ascii_lowercase(a->domain);
    }
}

/* rp_features_host_key - "H" and the lowercased authority of href, cheaply */
static char *rp_features_host_key(const char *href)
{
    const char *p = href, *s;
    size_t  n;
    char   *key;

    for (s = href; g_ascii_isalnum(*s) || *s == '+' || *s == '-' || *s == '.'; s++)
	 /* void */ ;
    if (*s == ':' && s > href && (s[1] == '/' || s[1] == '\\')
	&& (s[2] == '/' || s[2] == '\\')) {
	/* Browsers read any run of slashes and backslashes here. */
	for (p = s + 1; *p == '/' || *p == '\\'; p++)
	     /* void */ ;
	n = strcspn(p, "/\\?#");
    } else {
	n = strcspn(p, "/?#");
    }
    if (n > RP_FEATURES_KEY_MAX)
	n = RP_FEATURES_KEY_MAX;
    key = g_malloc(n + 2);
    key[0] = 'H';
    memcpy(key + 1, p, n);
    key[n + 1] = 0;
    rp_ascii_lowercase(key + 1);
    return key;
}

/* rp_features_shows_domain - does text hold something like "name.tld" */
static int rp_features_shows_domain(const char *text)
{
    const unsigned char *t = (const unsigned char *) text;
    size_t  i;

    for (i = 1; t[i]; i++)
	if (t[i] == '.' && (g_ascii_isalnum(t[i - 1]) || t[i - 1] == '-' || t[i - 1] >= 0x80)
	    && ((g_ascii_isalpha(t[i + 1]) && g_ascii_isalpha(t[i + 2])) || t[i + 1] >= 0x80))
	    return 1;
    return 0;
}

/* rp_features_add_link - record one link: once, and within the limits */
int     rp_features_add_link(rp_features *f, const rp_limits *lim,
			     const char *href, const char *text, unsigned flags)
{
    GHashTable *keys;
    char   *link_key, *host_key;
    rp_link *l;
    int     new_host, full;

    if (f->link_index == NULL) {
	f->link_index = rp_malloc(sizeof(*f->link_index));
	f->link_index->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    }
    keys = f->link_index->keys;
    flags |= f->link_context;
    if (text && *text == 0)
	text = NULL;
    link_key = g_strdup_printf("L%x\1%s\1%s", flags, text ? text : "", href);
    if (g_hash_table_contains(keys, link_key)) {
	g_free(link_key);
	return 0;
    }
    host_key = rp_features_host_key(href);
    new_host = !g_hash_table_contains(keys, host_key);
    if (lim && f->nlinks >= lim->max_links) {
	f->flags |= RP_MSG_TOO_MANY_LINKS;
	full = f->nlinks >= RP_LINKS_HARD_MAX(lim->max_links);
	if (full || (!new_host && !(text && rp_features_shows_domain(text)))) {
	    g_free(link_key);
	    g_free(host_key);
	    return full ? -1 : 0;
	}
    }
    f->links = rp_array_grow(f->links, &f->links_cap, f->nlinks, sizeof(*l));
    l = f->links + f->nlinks++;
    l->href = rp_strdup(href);
    l->text = text ? rp_strdup(text) : NULL;
    l->flags = flags;
    g_hash_table_add(keys, link_key);
    if (new_host)
	g_hash_table_add(keys, host_key);
    else
	g_free(host_key);
    return 0;
}

/* rp_features_add_auth - record one Authentication-Results value and its place */
void    rp_features_add_auth(rp_features *f, const char *value)
{
    size_t  cap = f->auth_cap;

    f->auth_results = rp_array_grow(f->auth_results, &f->auth_cap, f->nauth,
				    sizeof(char *));
    if (f->auth_cap != cap)
	f->auth_hop = rp_realloc(f->auth_hop, f->auth_cap * sizeof(*f->auth_hop));
    f->auth_hop[f->nauth] = f->nreceived;
    f->auth_results[f->nauth++] = rp_strdup(value);
}

/* rp_features_add_field - keep one List-* or X-* header, bounded */
void    rp_features_add_field(rp_features *f, const char *name, const char *value)
{
    size_t  len = strlen(value);
    rp_header_field *h;

    if ((g_ascii_strncasecmp(name, "X-", 2) != 0 && g_ascii_strncasecmp(name, "List-", 5) != 0)
	|| f->nfields >= RP_HEADER_FIELDS_MAX)
	return;
    f->fields = rp_array_grow(f->fields, &f->fields_cap, f->nfields, sizeof(*f->fields));
    h = f->fields + f->nfields++;
    h->name = rp_strdup(name);
    if (len > RP_HEADER_FIELD_MAX)
	len = RP_HEADER_FIELD_MAX;
    h->value = rp_malloc(len + 1);
    memcpy(h->value, value, len);
    h->value[len] = 0;
}
