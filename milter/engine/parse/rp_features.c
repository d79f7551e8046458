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
 *	arguments.  rp_features_add_link() keeps at most limits->max_links
 *	links and sets RP_MSG_TOO_MANY_LINKS beyond that.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rp_features.h"

/* rp_features_init - empty feature set */
void    rp_features_init(rp_features *f)
{
    memset(f, 0, sizeof(*f));
    rp_buf_init(&f->text);
    rp_buf_init(&f->hidden);
    rp_buf_init(&f->unseen);
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
    for (i = 0; i < f->nauth; i++)
	free(f->auth_results[i]);
    free(f->auth_results);
    free(f->subject);
    rp_buf_free(&f->text);
    rp_buf_free(&f->hidden);
    rp_buf_free(&f->unseen);
    memset(f, 0, sizeof(*f));
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
    a->display = (display && *display) ? rp_strdup(display) : NULL;
    a->address = (address && *address) ? rp_strdup(address) : NULL;
    a->domain = NULL;
    if (a->address && (at = strrchr(a->address, '@')) != NULL && at[1]) {
	a->domain = rp_strdup(at + 1);
	a->domain[strcspn(a->domain, ">")] = 0;
	rp_ascii_lowercase(a->domain);
    }
}

/* rp_features_add_link - record one link unless the limit is reached */
int     rp_features_add_link(rp_features *f, const rp_limits *lim,
			     const char *href, const char *text, unsigned flags)
{
    rp_link *l;

    if (lim && f->nlinks >= lim->max_links) {
	f->flags |= RP_MSG_TOO_MANY_LINKS;
	return -1;
    }
    f->links = rp_array_grow(f->links, &f->links_cap, f->nlinks, sizeof(*l));
    l = f->links + f->nlinks++;
    l->href = rp_strdup(href);
    l->text = (text && *text) ? rp_strdup(text) : NULL;
    l->flags = flags;
    return 0;
}

/* rp_features_add_auth - record one Authentication-Results value */
void    rp_features_add_auth(rp_features *f, const char *value)
{
    f->auth_results = rp_array_grow(f->auth_results, &f->auth_cap, f->nauth,
				    sizeof(char *));
    f->auth_results[f->nauth++] = rp_strdup(value);
}
