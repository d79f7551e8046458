/*
 * NAME
 *	rp_auth 3
 * SUMMARY
 *	Authentication-Results (RFC 8601) parsing
 * SYNOPSIS
 *	#include "rp_auth.h"
 *
 *	int	rp_auth_parse(const char *value, char *authserv_id,
 *			      size_t id_size, rp_auth_result *out,
 *			      size_t max)
 * DESCRIPTION
 *	rp_auth_parse() reads one Authentication-Results header value
 *	(unfolded or not: CR and LF count as white space).
 *
 *	The authserv-id (a token or quoted string, optionally followed by
 *	a version number) is lowercased into authserv_id, truncated to
 *	id_size - 1 bytes.  Then each resinfo after a ";" is read:
 *	method[/version]=result, an optional reason=value, and
 *	ptype.property=value pairs.  A bare "none" resinfo yields no
 *	result.  Up to max results go to out, in header order, each with
 *	its method and result lowercased (truncated to the field size)
 *	and the domain it concerns, chosen by the best property present:
 *	header.d, then header.from, then smtp.mailfrom, then header.i,
 *	then smtp.helo.  For an address (local-part@domain, the local
 *	part possibly quoted) the domain is the part after the last "@".
 *	Domains lose enclosing <> and a trailing dot and are lowercased
 *	(ASCII letters; U-labels are kept as they are).  A domain that
 *	does not fit the result's field, or holds characters a domain
 *	cannot have (or ill-formed UTF-8), is left empty rather than cut: a cut domain names
 *	another domain, and results feed trust decisions.
 *
 *	Comments (nested parentheses, quoted pairs) are skipped wherever
 *	white space may stand, with a counter rather than recursion.
 *	A property without a ptype (Microsoft's "action=none") is
 *	skipped like reason=.  A resinfo that cannot be parsed is
 *	skipped up to the next ";" outside quotes and comments.  Every
 *	byte is examined a bounded number of times, so work is linear in
 *	the length of the value.
 * DIAGNOSTICS
 *	Returns the number of results stored, or -1 when the value has
 *	no authserv-id (empty, or it starts like a resinfo).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <unicode/utf8.h>

#include "rp_util.h"
#include "rp_auth.h"

/* Domain sources, best first; RP_AUTH_SRC_NONE ranks last. */
enum {
    RP_AUTH_SRC_HEADER_D,
    RP_AUTH_SRC_HEADER_FROM,
    RP_AUTH_SRC_SMTP_MAILFROM,
    RP_AUTH_SRC_HEADER_I,
    RP_AUTH_SRC_SMTP_HELO,
    RP_AUTH_SRC_NONE
};

/* Parser position over the NUL-terminated value. */
typedef struct rp_auth_cursor {
    const char *p;
} rp_auth_cursor;

/* rp_auth_is_ws - folding white space */
static int rp_auth_is_ws(int ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* rp_auth_is_keyword - method, ptype, property and result characters */
static int rp_auth_is_keyword(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
	|| (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
}

/* rp_auth_is_tspecial - RFC 2045 tspecials end a token */
static int rp_auth_is_tspecial(int ch)
{
    return strchr("()<>@,;:\\\"/[]?=", ch) != NULL;
}

/* rp_auth_skip_cfws - skip white space and (nested) comments */
static void rp_auth_skip_cfws(rp_auth_cursor *c)
{
    size_t  depth = 0;

    for (; *c->p; c->p++) {
	if (depth > 0) {
	    if (*c->p == '\\' && c->p[1])
		c->p++;
	    else if (*c->p == '(')
		depth++;
	    else if (*c->p == ')')
		depth--;
	} else if (*c->p == '(') {
	    depth = 1;
	} else if (!rp_auth_is_ws((unsigned char) *c->p)) {
	    return;
	}
    }
}

/* rp_auth_put - append one byte to a bounded buffer, note overflow */
static void rp_auth_put(char *buf, size_t size, size_t *len, int *over, int ch)
{
    if (*len + 1 < size)
	buf[(*len)++] = (char) ch;
    else
	*over = 1;
    buf[*len] = 0;
}

/* rp_auth_keyword - read a keyword, lowercased and truncated; 0 if none */
static size_t rp_auth_keyword(rp_auth_cursor *c, char *buf, size_t size)
{
    size_t  len = 0;
    size_t  n = 0;
    int     over = 0;

    buf[0] = 0;
    for (; rp_auth_is_keyword((unsigned char) *c->p); c->p++, n++)
	rp_auth_put(buf, size, &len, &over, rp_ascii_lower((unsigned char) *c->p));
    return n;
}

/* rp_auth_quoted - read a quoted string (cursor on the quote) into buf */
static void rp_auth_quoted(rp_auth_cursor *c, char *buf, size_t size,
			   size_t *len, int *over)
{
    for (c->p++; *c->p && *c->p != '"'; c->p++) {
	if (*c->p == '\\' && c->p[1])
	    c->p++;
	rp_auth_put(buf, size, len, over, (unsigned char) *c->p);
    }
    if (*c->p == '"')
	c->p++;
}

/*
 * rp_auth_value - read a value (quoted strings and runs of other
 * characters up to white space, ";" or a comment) and keep what
 * follows its last unquoted "@": the domain of an address, or the
 * whole value when it has no "@".  *over notes that what was kept
 * did not fit.
 */
static void rp_auth_value(rp_auth_cursor *c, char *buf, size_t size, int *over)
{
    size_t  len = 0;

    buf[0] = 0;
    *over = 0;
    while (*c->p && !rp_auth_is_ws((unsigned char) *c->p)
	   && *c->p != ';' && *c->p != '(') {
	if (*c->p == '"') {
	    rp_auth_quoted(c, buf, size, &len, over);
	} else if (*c->p == '@') {
	    len = 0;
	    buf[0] = 0;
	    *over = 0;
	    c->p++;
	} else {
	    rp_auth_put(buf, size, &len, over, (unsigned char) *c->p);
	    c->p++;
	}
    }
}

/*
 * rp_auth_domain_ok - strip <>, lowercase, drop a trailing dot; 0 if
 * not a domain: letters, digits, "-", "_", "." and well-formed UTF-8
 * (U-labels, RFC 8616) only.
 */
static int rp_auth_domain_ok(char *d)
{
    size_t  len, i;
    char   *s;
    UChar32 c;

    if (*d == '<')
	memmove(d, d + 1, strlen(d));
    len = strlen(d);
    if (len > 0 && d[len - 1] == '>')
	d[--len] = 0;
    if (len > 0 && d[len - 1] == '.')
	d[--len] = 0;
    if (len == 0)
	return 0;
    for (i = 0; i < len; /* void */ ) {
	U8_NEXT((const uint8_t *) d, i, len, c);
	if (c < 0 || (c < 0x80 && !rp_auth_is_keyword(c) && c != '.'))
	    return 0;
    }
    for (s = d; *s; s++)
	*s = (char) rp_ascii_lower((unsigned char) *s);
    return 1;
}

/* rp_auth_source - rank of a ptype.property as a domain source */
static int rp_auth_source(const char *ptype, const char *property)
{
    static const struct {
	const char *ptype;
	const char *property;
	int     rank;
    } sources[] = {
	{"header", "d", RP_AUTH_SRC_HEADER_D},
	{"header", "from", RP_AUTH_SRC_HEADER_FROM},
	{"smtp", "mailfrom", RP_AUTH_SRC_SMTP_MAILFROM},
	{"header", "i", RP_AUTH_SRC_HEADER_I},
	{"smtp", "helo", RP_AUTH_SRC_SMTP_HELO},
    };
    size_t  i;

    for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
	if (strcmp(ptype, sources[i].ptype) == 0
	    && strcmp(property, sources[i].property) == 0)
	    return sources[i].rank;
    return RP_AUTH_SRC_NONE;
}

/* rp_auth_skip_resinfo - recover: skip to the next ";" outside quotes and comments */
static void rp_auth_skip_resinfo(rp_auth_cursor *c)
{
    while (*c->p && *c->p != ';') {
	if (*c->p == '(') {
	    rp_auth_skip_cfws(c);
	} else if (*c->p == '"') {
	    while (*++c->p && *c->p != '"')
		if (*c->p == '\\' && c->p[1])
		    c->p++;
	    if (*c->p)
		c->p++;
	} else {
	    c->p++;
	}
    }
}

/*
 * rp_auth_properties - read reason= and ptype.property=value pairs
 * up to the end of the resinfo; put the best domain into res.
 */
static void rp_auth_properties(rp_auth_cursor *c, rp_auth_result *res)
{
    char    ptype[32];
    char    property[32];
    char    domain[sizeof(res->domain)];
    int     best = RP_AUTH_SRC_NONE;
    int     rank, over;

    for (;;) {
	rp_auth_skip_cfws(c);
	if (*c->p == 0 || *c->p == ';')
	    return;
	if (rp_auth_keyword(c, ptype, sizeof(ptype)) == 0) {
	    rp_auth_skip_resinfo(c);
	    return;
	}
	rp_auth_skip_cfws(c);
	property[0] = 0;
	if (*c->p == '.') {
	    c->p++;
	    rp_auth_skip_cfws(c);
	    if (rp_auth_keyword(c, property, sizeof(property)) == 0) {
		rp_auth_skip_resinfo(c);
		return;
	    }
	    rp_auth_skip_cfws(c);
	}
	if (*c->p != '=') {
	    rp_auth_skip_resinfo(c);
	    return;
	}
	c->p++;
	rp_auth_skip_cfws(c);
	/* "reason=" and stray "name=" pairs have no property: rank NONE. */
	rank = property[0] ? rp_auth_source(ptype, property) : RP_AUTH_SRC_NONE;
	rp_auth_value(c, domain, sizeof(domain), &over);
	if (rank < best && !over && rp_auth_domain_ok(domain)) {
	    best = rank;
	    memcpy(res->domain, domain, sizeof(res->domain));
	}
    }
}

/*
 * rp_auth_resinfo - read one resinfo after its ";".  Returns 1 with
 * res filled, 0 for "none" or a resinfo that could not be read.
 */
static int rp_auth_resinfo(rp_auth_cursor *c, rp_auth_result *res)
{
    char    version[16];

    memset(res, 0, sizeof(*res));
    rp_auth_skip_cfws(c);
    if (rp_auth_keyword(c, res->method, sizeof(res->method)) == 0) {
	rp_auth_skip_resinfo(c);
	return 0;
    }
    rp_auth_skip_cfws(c);
    if (*c->p == '/') {
	c->p++;
	rp_auth_skip_cfws(c);
	(void) rp_auth_keyword(c, version, sizeof(version));
	rp_auth_skip_cfws(c);
    }
    if (*c->p != '=') {
	/* "none", or garbage: no result either way. */
	rp_auth_skip_resinfo(c);
	return 0;
    }
    c->p++;
    rp_auth_skip_cfws(c);
    if (rp_auth_keyword(c, res->result, sizeof(res->result)) == 0) {
	rp_auth_skip_resinfo(c);
	return 0;
    }
    rp_auth_properties(c, res);
    return 1;
}

/* rp_auth_serv_id - read the authserv-id and an optional version; 0 if none */
static int rp_auth_serv_id(rp_auth_cursor *c, char *id, size_t id_size)
{
    char    buf[256];
    size_t  len = 0;
    int     over = 0;
    const char *save;

    buf[0] = 0;
    rp_auth_skip_cfws(c);
    if (*c->p == '"') {
	rp_auth_quoted(c, buf, sizeof(buf), &len, &over);
    } else {
	for (; *c->p && !rp_auth_is_ws((unsigned char) *c->p)
	     && !rp_auth_is_tspecial((unsigned char) *c->p)
	     && (unsigned char) *c->p > 0x1f; c->p++)
	    rp_auth_put(buf, sizeof(buf), &len, &over, (unsigned char) *c->p);
    }
    if (len == 0)
	return 0;
    rp_auth_skip_cfws(c);
    /* authres-version: digits followed by CFWS, ";" or the end */
    save = c->p;
    while (*c->p >= '0' && *c->p <= '9')
	c->p++;
    if (c->p != save && (*c->p == 0 || *c->p == ';' || *c->p == '('
			 || rp_auth_is_ws((unsigned char) *c->p)))
	rp_auth_skip_cfws(c);
    else
	c->p = save;
    if (*c->p != 0 && *c->p != ';')
	return 0;
    rp_ascii_lowercase(buf);
    if (id != NULL && id_size > 0) {
	strncpy(id, buf, id_size - 1);
	id[id_size - 1] = 0;
    }
    return 1;
}

/* rp_auth_parse - parse one Authentication-Results value */
int     rp_auth_parse(const char *value, char *authserv_id, size_t id_size,
		      rp_auth_result *out, size_t max)
{
    rp_auth_cursor c;
    size_t  n = 0;

    if (authserv_id != NULL && id_size > 0)
	authserv_id[0] = 0;
    if (value == NULL)
	return -1;
    c.p = value;
    if (!rp_auth_serv_id(&c, authserv_id, id_size))
	return -1;
    while (n < max) {
	rp_auth_skip_cfws(&c);
	if (*c.p == 0)
	    break;
	if (*c.p != ';') {
	    rp_auth_skip_resinfo(&c);
	    continue;
	}
	c.p++;
	if (rp_auth_resinfo(&c, &out[n]))
	    n++;
    }
    return (int) n;
}
