/*
 * NAME
 *	rp_check_manifest 3
 * SUMMARY
 *	the package check's manifests and registry links
 * SYNOPSIS
 *	#include "rp_check_pkgtext.h"
 *
 *	size_t	pkg_manifest(pkg_scan *sc, pkg_word w, size_t p)
 *	void	pkg_links(pkg_scan *sc)
 * DESCRIPTION
 *	pkg_manifest() reads the manifest fragment that starts at word w
 *	(p is the position after it) and reports its names: a
 *	requirements.txt line with a version pin ("reqeusts==2.31.0" at
 *	the start of a line), the dependencies of a package.json or
 *	composer.json ("dependencies": {"name": "^1"}, on one line or
 *	many), the [dependencies] of a Cargo.toml, a Gemfile line
 *	(gem 'name').  It returns where the fragment ends (p when there
 *	is none), so the scan goes on after it: at most RP_PKG_PAIRS_MAX
 *	entries of one fragment are read, each once.
 *
 *	pkg_links() reports the package each link to a registry's own page
 *	for a package names (https://pypi.org/project/reqeusts/,
 *	www.npmjs.com/package/crossenv, crates.io/crates/NAME, ...): a
 *	typosquat's page sits on the genuine registry's domain.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_check_pkgtext.h"
#include "rp_url.h"
#include "rp_util.h"

#define RP_PKG_PAIRS_MAX	256	/* entries of one manifest fragment read */

/* json_string - the "..." at *p (before end), its body in *s, *len; 0 if none */
static int json_string(const char **p, const char *end, const char **s, size_t *len)
{
    const char *q = *p;

    while (q < end && (*q == ' ' || pkg_marker_at(q, end) || *q == ','))
	q += pkg_marker_at(q, end) ? PKG_LINE_MARK_LEN : 1;
    if (q >= end || *q != '"')
	return 0;
    *s = ++q;
    while (q < end && *q != '"' && *q != '\\' && q - *s < RP_PKG_NAME_MAX)
	q++;
    if (q >= end || *q != '"')
	return 0;
    *len = (size_t) (q - *s);
    *p = q + 1;
    return 1;
}

/* json_punct - skip spaces to the byte ch at *p; 0 if something else is there */
static int json_punct(const char **p, const char *end, int ch)
{
    while (*p < end && (**p == ' ' || pkg_marker_at(*p, end)))
	*p += pkg_marker_at(*p, end) ? PKG_LINE_MARK_LEN : 1;
    if (*p >= end || **p != ch)
	return 0;
    (*p)++;
    return 1;
}

/* read_json_deps - "name": "version" pairs after a dependencies key at p;
 * where reading stopped */
static const char *read_json_deps(pkg_scan *sc, rp_pkg_eco eco, const char *p,
				  const char *how)
{
    const char *end = sc->text + sc->len, *name, *ver;
    size_t  nlen, vlen, n;
    pkg_word w;

    if (!json_punct(&p, end, ':') || !json_punct(&p, end, '{'))
	return p;
    for (n = 0; n < RP_PKG_PAIRS_MAX; n++) {
	if (!json_string(&p, end, &name, &nlen) || !json_punct(&p, end, ':')
	    || !json_string(&p, end, &ver, &vlen))
	    return p;
	w.s = name;
	w.len = nlen;
	if (pkg_name_of(eco, &w) && w.len == nlen)
	    pkg_report(sc, eco, how, name, nlen);
    }
    return p;
}

/* read_toml_deps - NAME = VALUE pairs of a Cargo.toml [dependencies] table;
 * where reading stopped */
static size_t read_toml_deps(pkg_scan *sc, size_t pos)
{
    pkg_word w, eq;
    size_t  p = pos, n, depth = 0, i;

    for (n = 0; n < RP_PKG_PAIRS_MAX && pkg_next_word(sc, &p, &w); n++) {
	for (i = 0; i < w.len; i++)
	    depth += w.s[i] == '{' ? 1 : w.s[i] == '}' && depth ? (size_t) -1 : 0;
	if (depth || w.end)
	    continue;
	if (w.s[0] == '[' && w.len > 1 && w.s[1] != '"')
	    return pos;			/* the next table */
	if (w.s[w.len - 1] == '=') {
	    w.len--;
	} else {
	    size_t  q = p;

	    if (!pkg_next_word(sc, &q, &eq) || !pkg_word_is(&eq, "="))
		continue;
	    p = q;
	}
	pkg_trim(&w);
	if (pkg_name_of(RP_PKG_CRATES, &w))
	    pkg_report(sc, RP_PKG_CRATES, "Cargo.toml [dependencies]", w.s, w.len);
	pos = p;
    }
    return pos;
}

/* requirement - a requirements.txt line: NAME followed by a version pin */
static void requirement(pkg_scan *sc, pkg_word w)
{
    size_t  i = 0;

    while (i < w.len && w.s[i] != '=' && w.s[i] != '>' && w.s[i] != '<' && w.s[i] != '~'
	   && w.s[i] != '!' && w.s[i] != '[')
	i++;
    if (i == 0 || i + 2 >= w.len)
	return;
    if (w.s[i] == '[') {
	while (i < w.len && w.s[i] != ']')
	    i++;
	if (++i >= w.len)
	    return;
    }
    /* ==, >=, <=, ~=, != (===) and a digit: a pin, not prose */
    if (i + 2 >= w.len || w.s[i + 1] != '=' || !strchr("=<>~!", w.s[i]))
	return;
    if (!(w.s[i + 2] >= '0' && w.s[i + 2] <= '9') && !(w.s[i + 2] == '=' && i + 3 < w.len))
	return;
    if (pkg_name_of(RP_PKG_PYPI, &w))
	pkg_report(sc, RP_PKG_PYPI, "requirements line", w.s, w.len);
}

/* pkg_manifest - a manifest fragment that starts at word w (p after it); where it ends */
size_t  pkg_manifest(pkg_scan *sc, pkg_word w, size_t p)
{
    static const struct {
	const char *key;
	rp_pkg_eco eco;
	const char *how;
    } json_keys[] = {
	{"\"dependencies\"", RP_PKG_NPM, "package.json dependencies"},
	{"\"devdependencies\"", RP_PKG_NPM, "package.json devDependencies"},
	{"\"peerdependencies\"", RP_PKG_NPM, "package.json peerDependencies"},
	{"\"optionaldependencies\"", RP_PKG_NPM, "package.json optionalDependencies"},
	{"\"require\"", RP_PKG_PACKAGIST, "composer.json require"},
	{"\"require-dev\"", RP_PKG_PACKAGIST, "composer.json require-dev"},
    };
    size_t  i, klen, q = p;
    pkg_word name;
    const char *k = w.s, *stop;

    while (k < w.s + w.len && *k == '{')
	k++;
    for (i = 0; i < sizeof(json_keys) / sizeof(json_keys[0]); i++) {
	klen = strlen(json_keys[i].key);
	if ((size_t) (w.s + w.len - k) >= klen && memcmp(k, json_keys[i].key, klen) == 0) {
	    stop = read_json_deps(sc, json_keys[i].eco, k + klen, json_keys[i].how);
	    return (size_t) (stop - sc->text) > p ? (size_t) (stop - sc->text) : p;
	}
    }
    if (pkg_word_is(&w, "[dependencies]") || pkg_word_is(&w, "[dev-dependencies]")
	|| pkg_word_is(&w, "[build-dependencies]") || pkg_word_is(&w, "[workspace.dependencies]"))
	return read_toml_deps(sc, p);
    if (pkg_word_is(&w, "gem") && pkg_next_word(sc, &q, &name) && !name.line && name.len > 2
	&& (name.s[0] == '\'' || name.s[0] == '"')) {
	pkg_trim(&name);
	if (pkg_name_of(RP_PKG_RUBYGEMS, &name))
	    pkg_report(sc, RP_PKG_RUBYGEMS, "Gemfile", name.s, name.len);
	return q;
    }
    if (w.line)
	requirement(sc, w);
    return p;
}


/* Registries' pages for one package: host, path before the name, ecosystem. */
static const struct {
    const char *host;			/* the host, or a subdomain of it (www.) */
    const char *prefix;
    rp_pkg_eco eco;
    int     segments;			/* path segments of a name; 0: all */
} pages[] = {
    {"pypi.org", "/project/", RP_PKG_PYPI, 1},
    {"npmjs.com", "/package/", RP_PKG_NPM, 1},
    {"crates.io", "/crates/", RP_PKG_CRATES, 1},
    {"rubygems.org", "/gems/", RP_PKG_RUBYGEMS, 1},
    {"pkg.go.dev", "/", RP_PKG_GO, 0},
    {"nuget.org", "/packages/", RP_PKG_NUGET, 1},
    {"packagist.org", "/packages/", RP_PKG_PACKAGIST, 2},
    {"pub.dev", "/packages/", RP_PKG_PUB, 1},
    {"hub.docker.com", "/_/", RP_PKG_DOCKER, 1},
    {"formulae.brew.sh", "/formula/", RP_PKG_HOMEBREW, 1},
    {"anaconda.org", "/conda-forge/", RP_PKG_CONDA, 1},
};

/* host_is - host is name or a subdomain of it */
static int host_is(const char *host, const char *name)
{
    size_t  h = strlen(host), n = strlen(name);

    return strcmp(host, name) == 0
	|| (h > n && host[h - n - 1] == '.' && strcmp(host + h - n, name) == 0);
}

/* link_name - the package a registry page's path names, lowercased into buf */
static size_t link_name(const char *path, int segments, rp_pkg_eco eco, char *buf,
			size_t size)
{
    size_t  n = 0;
    int     seg = 1;

    if (eco == RP_PKG_NPM && path[0] == '@')
	segments = 2;			/* @scope/name */
    if (eco == RP_PKG_NPM && strncmp(path, "%40", 3) == 0) {
	buf[n++] = '@';
	path += 3;
	segments = 2;
    }
    for (; *path && *path != '?' && *path != '#' && n + 1 < size; path++) {
	if (*path == '/' && (segments == 0 ? 0 : seg++ >= segments))
	    break;
	buf[n++] = (char) rp_ascii_lower((unsigned char) *path);
    }
    while (n && buf[n - 1] == '/')
	n--;
    buf[n] = 0;
    return n;
}

/* pkg_links - the packages links to registries' package pages name */
void    pkg_links(pkg_scan *sc)
{
    const rp_features *f = sc->st->f;
    char    name[RP_PKG_NAME_MAX + 1], how[64];
    pkg_word w;
    rp_url  url;
    size_t  i, k, len, plen;

    for (i = 0; i < f->nlinks; i++) {
	if (f->links[i].flags & (RP_LINK_HIDDEN | RP_LINK_UNSEEN))
	    continue;
	if (rp_url_parse(f->links[i].href, strlen(f->links[i].href), &url) != 0)
	    continue;
	for (k = 0; k < sizeof(pages) / sizeof(pages[0]); k++) {
	    plen = strlen(pages[k].prefix);
	    if (!host_is(url.host, pages[k].host) || strncmp(url.path, pages[k].prefix, plen))
		continue;
	    len = link_name(url.path + plen, pages[k].segments, pages[k].eco, name,
			    sizeof(name));
	    w.s = name;
	    w.len = len;
	    if (len && pkg_name_of(pages[k].eco, &w) && w.len == len) {
		snprintf(how, sizeof(how), "link to %s%s", pages[k].host, pages[k].prefix);
		pkg_report(sc, pages[k].eco, how, name, len);
	    }
	    break;
	}
	rp_url_free(&url);
    }
}
