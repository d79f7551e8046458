/*
 * NAME
 *	rp_check_pkgtext 3
 * SUMMARY
 *	the package check's text: words, names, and what a name is
 * SYNOPSIS
 *	#include "rp_check_pkgtext.h"
 *
 *	char	*pkg_shown_text(const rp_features *f, size_t *len)
 *	int	pkg_marker_at(const char *p, const char *end)
 *	int	pkg_next_word(const pkg_scan *sc, size_t *pos, pkg_word *w)
 *	void	pkg_trim(pkg_word *w)
 *	int	pkg_word_is(const pkg_word *w, const char *s)
 *	int	pkg_in_list(const char *list, const char *s, size_t len)
 *	int	pkg_has_alnum(const pkg_word *w)
 *	int	pkg_name_of(rp_pkg_eco eco, pkg_word *w)
 *	void	pkg_report(pkg_scan *sc, rp_pkg_eco eco, const char *how,
 *			   const char *name, size_t len)
 * DESCRIPTION
 *	pkg_shown_text() is the features' shown text normalised as the
 *	lure rules read it (rp_text_normalize(): NFKC, case folded,
 *	zero-width characters gone, so a name written with one reads, and
 *	installs, as the name without it), with each line end kept as
 *	PKG_LINE_MARK (one the sender wrote is dropped first, so no text
 *	can fake a line end), a backslash at the end of a line joining it
 *	to the next as a shell does ("beautiful\\" and "soop4" on the next
 *	line are one word), and look-alike letters kept: they are what
 *	the lookup reads.  Caller frees.
 *
 *	pkg_next_word() is the word at or after *pos: a run of bytes up to
 *	a space, a line end or a shell separator (; | & ( ), each a word
 *	of its own with end set); line says a line end came before it.
 *	pkg_trim() drops the quotes, backticks and punctuation a text puts
 *	around a word.  pkg_word_is() and pkg_in_list() compare a word to
 *	one word or to a " word word " list; pkg_has_alnum() says a word
 *	has an ASCII letter or digit.
 *
 *	pkg_name_of() turns an argument into the package name it installs
 *	in eco, in place: the pin, extras, tag or channel cut off
 *	("reqeusts==2.31", "lodash@4", "nginx:1.25", "conda-forge::numpy",
 *	docker.io/library/ in front); 0 for what names no registry
 *	package (a path, a URL, a file such as package.json, an archive, a
 *	GitHub shorthand).
 *
 *	pkg_report() looks a name up once per message (rp_packages_lookup())
 *	and adds the finding: PACKAGE_MALICIOUS or PACKAGE_TYPOSQUAT, how
 *	(the command or manifest) and the popular name in the reason.
 *	Neither is lure wording an aligned pass could clear.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rp_check_pkgtext.h"
#include "rp_text.h"
#include "rp_util.h"

/* pkg_marker_at - the line mark starts at p */
int     pkg_marker_at(const char *p, const char *end)
{
    return end - p >= PKG_LINE_MARK_LEN && memcmp(p, PKG_LINE_MARK, PKG_LINE_MARK_LEN) == 0;
}

/* shell_sep - a byte that is a word of its own, ending a command */
static int shell_sep(int ch)
{
    return ch == ';' || ch == '|' || ch == '&' || ch == '(' || ch == ')';
}

/* pkg_next_word - the word at or after *pos; 0 at the end of the text */
int     pkg_next_word(const pkg_scan *sc, size_t *pos, pkg_word *w)
{
    const char *p = sc->text + *pos, *end = sc->text + sc->len;

    w->line = *pos == 0;
    for (;;) {
	if (p < end && *p == ' ') {
	    p++;
	} else if (pkg_marker_at(p, end)) {
	    w->line = 1;
	    p += PKG_LINE_MARK_LEN;
	} else {
	    break;
	}
    }
    if (p >= end)
	return 0;
    w->s = p;
    w->end = shell_sep(*p);
    if (w->end)
	p++;
    else
	while (p < end && *p != ' ' && !pkg_marker_at(p, end) && !shell_sep(*p))
	    p++;
    w->len = (size_t) (p - w->s);
    *pos = (size_t) (p - sc->text);
    return 1;
}

/* pkg_trim - w without the quotes, backticks and punctuation a text puts around it */
void    pkg_trim(pkg_word *w)
{
    while (w->len && w->s[0] && strchr("\"'`$,[{<", w->s[0])) {
	w->s++;
	w->len--;
    }
    while (w->len && w->s[w->len - 1] && strchr("\"'`,.:;!?]}>", w->s[w->len - 1]))
	w->len--;
}

/* pkg_word_is - w reads as the word s */
int     pkg_word_is(const pkg_word *w, const char *s)
{
    return w->len == strlen(s) && memcmp(w->s, s, w->len) == 0;
}

/* pkg_in_list - w is one of the " word " list */
int     pkg_in_list(const char *list, const char *s, size_t len)
{
    const char *p;

    if (list == NULL || len == 0 || len > 64)
	return 0;
    for (p = strstr(list, " "); p && (p = strstr(p, " ")); p++)
	if (strncmp(p + 1, s, len) == 0 && p[1 + len] == ' ')
	    return 1;
    return 0;
}

/* pkg_has_alnum - w has an ASCII letter or digit */
int     pkg_has_alnum(const pkg_word *w)
{
    size_t  i;

    for (i = 0; i < w->len; i++)
	if ((w->s[i] >= 'a' && w->s[i] <= 'z') || (w->s[i] >= '0' && w->s[i] <= '9'))
	    return 1;
    return 0;
}

/* pkg_file_name - w ends like a file a command reads, not a package ("package.json") */
static int pkg_file_name(const pkg_word *w)
{
    static const char files[] = " .json .txt .toml .lock .md .yml .yaml .cfg .ini .tgz .whl"
	" .zip .gz .csproj .sln .xml .py ";
    const char *dot;
    size_t  i;

    for (dot = NULL, i = 0; i < w->len; i++)
	if (w->s[i] == '.')
	    dot = w->s + i;
    return dot && pkg_in_list(files, dot, (size_t) (w->s + w->len - dot));
}

/* pkg_name_of - cut the pin, extras, tag or channel off an argument; 0: no name */
int     pkg_name_of(rp_pkg_eco eco, pkg_word *w)
{
    const char *cut = NULL, *p;
    size_t  i;

    if (w->len < 2 || rp_ascii_casefind(w->s, w->len, "://") || w->s[0] == '.' || w->s[0] == '/'
	|| w->s[0] == '~' || pkg_file_name(w))
	return 0;
    switch (eco) {
    case RP_PKG_PYPI:
	cut = "[=<>!~;@(";
	break;
    case RP_PKG_NPM:
	cut = "@";
	if (w->s[0] == '@' && (p = memchr(w->s + 1, '@', w->len - 1)) != NULL)
	    w->len = (size_t) (p - w->s);
	if (w->s[0] == '@')
	    cut = NULL;
	break;
    case RP_PKG_CRATES:
    case RP_PKG_GO:
	cut = "@";
	break;
    case RP_PKG_RUBYGEMS:
    case RP_PKG_PACKAGIST:
    case RP_PKG_PUB:
	cut = ":";
	break;
    case RP_PKG_DOCKER:
	if (w->len > 10 && memcmp(w->s, "docker.io/", 10) == 0)
	    w->s += 10, w->len -= 10;
	if (w->len > 8 && memcmp(w->s, "library/", 8) == 0)
	    w->s += 8, w->len -= 8;
	cut = ":@";
	break;
    case RP_PKG_CONDA:
	if ((p = rp_ascii_casefind(w->s, w->len, "::")) != NULL) {
	    w->len -= (size_t) (p + 2 - w->s);
	    w->s = p + 2;
	}
	cut = "=<>[";
	break;
    default:
	break;
    }
    for (i = 0; cut && i < w->len; i++)
	if (w->s[i] && strchr(cut, w->s[i])) {
	    w->len = i;
	    break;
	}
    /* Paths, archives, URLs and shell words are no names. */
    for (i = 0; i < w->len; i++) {
	unsigned char ch = (unsigned char) w->s[i];

	if (ch < 0x80 && !((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
			   || (ch && strchr("-_.@/+", ch))))
	    return 0;
	if (ch == '/' && eco != RP_PKG_GO && eco != RP_PKG_PACKAGIST && eco != RP_PKG_NPM)
	    return 0;
    }
    if (eco == RP_PKG_NPM && w->s[0] != '@' && memchr(w->s, '/', w->len))
	return 0;			/* a GitHub shorthand, not a registry name */
    if (eco == RP_PKG_GO && (p = rp_ascii_casefind(w->s, w->len, "/...")) != NULL)
	w->len = (size_t) (p - w->s);	/* every package of the module */
    return w->len >= 2;
}

/* pkg_report - look a name up once and record what it is */
void    pkg_report(pkg_scan *sc, rp_pkg_eco eco, const char *how, const char *name,
		   size_t len)
{
    rp_pkg_match m;
    char   *key, shown[RP_PKG_NAME_MAX + 1];

    if (len > RP_PKG_NAME_MAX)
	len = RP_PKG_NAME_MAX;
    key = g_strdup_printf("%d %.*s", (int) eco, (int) len, name);
    if (g_hash_table_contains(sc->seen, key)) {
	g_free(key);
	return;
    }
    g_hash_table_add(sc->seen, key);
    if (rp_packages_lookup(sc->st->engine->packages, eco, name, len, &m) == RP_PKG_UNKNOWN)
	return;
    memcpy(shown, name, len);
    shown[len] = 0;
    if (m.kind == RP_PKG_MALICIOUS && m.popular)
	rp_check_add(sc->st, RP_SYM_PACKAGE_MALICIOUS, 0, NULL,
		     "%s: \"%s\" is a name reported as malicious on %s (\"%s\" with %s)",
		     how, shown, rp_pkg_eco_label(eco), m.popular, m.technique);
    else if (m.kind == RP_PKG_MALICIOUS)
	rp_check_add(sc->st, RP_SYM_PACKAGE_MALICIOUS, 0, NULL,
		     "%s: \"%s\" is a name reported as malicious on %s",
		     how, shown, rp_pkg_eco_label(eco));
    else
	rp_check_add(sc->st, RP_SYM_PACKAGE_TYPOSQUAT, 0, NULL,
		     "%s: \"%s\" is \"%s\" (a popular %s package) with %s",
		     how, shown, m.popular, rp_pkg_eco_label(eco), m.technique);
}

/* pkg_shown_text - the shown text normalised, line ends kept as LINE_MARK */
char   *pkg_shown_text(const rp_features *f, size_t *len)
{
    rp_buf  b;
    const char *s = f->text.data, *end = s + f->text.len, *q;
    char   *out;

    rp_buf_init(&b);
    while (s < end) {
	if (*s == '\\') {
	    for (q = s + 1; q < end && (*q == ' ' || *q == '\t' || *q == '\r'); q++)
		 /* void */ ;
	    if (q < end && *q == '\n') {
		s = q + 1;		/* a shell's line continuation: gone */
		continue;
	    }
	}
	if (*s == '\n')
	    rp_buf_append(&b, PKG_LINE_MARK, PKG_LINE_MARK_LEN);
	else if (!pkg_marker_at(s, end))
	    rp_buf_putc(&b, *s);
	s += pkg_marker_at(s, end) ? PKG_LINE_MARK_LEN : 1;
    }
    out = rp_text_normalize(b.data, b.len, len);
    rp_buf_free(&b);
    return out;
}

