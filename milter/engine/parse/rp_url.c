/*
 * NAME
 *	rp_url 3
 * SUMMARY
 *	URL parsing and URL discovery in text
 * SYNOPSIS
 *	#include "rp_url.h"
 *
 *	int	rp_url_parse(const char *s, size_t len, rp_url *url)
 *	void	rp_url_free(rp_url *url)
 *	char	*rp_url_param(const rp_url *url, const char *name)
 *	char	*rp_url_param_at(const rp_url *url, const char *name,
 *				 size_t n, int decode)
 *	char	*rp_url_decode(const char *s, size_t len)
 *	void	rp_url_scan_text(const char *text, size_t len,
 *				 rp_url_found found, void *ctx)
 *	int	rp_url_text_host(const char *text, char *host,
 *				 size_t host_size)
 * DESCRIPTION
 *	rp_url_parse() reads a URL the way a browser's address logic
 *	(the WHATWG URL standard) would, because the host a browser goes
 *	to is the one that matters, not the one a strict RFC 3986 parser
 *	sees.  Leading and trailing whitespace and control characters are
 *	trimmed, tabs and newlines inside are dropped, and the input ends
 *	at its first NUL byte.  For the special schemes (http, https, ftp,
 *	ws, wss, file) backslashes count as slashes and any run of slashes
 *	after the colon is accepted; other schemes need "//" to have a
 *	host.  "www." and "//" without a scheme give scheme "".  The
 *	userinfo ends at the LAST '@' of the authority, so in
 *	"https://pypi.org@evil.example/" the host is evil.example.  The
 *	host is percent-decoded, ASCII-lowercased and loses one trailing
 *	dot.  A non-ASCII host that a browser maps to ASCII (full-width
 *	letters, ideographic full stops, soft hyphens: UTS #46 mapping,
 *	approximated by NFKC case folding) becomes that ASCII host; other
 *	bytes above 0x7f are kept (UTF-8; IDNA is the domain code's
 *	business).  A host made of numbers only (decimal, 0x hex, 0-octal,
 *	one to four parts) is an IPv4 address and is rewritten as a
 *	dotted quad; if those numbers do not form an address the host
 *	stays a name.  IPv6 literals are validated and written in their
 *	canonical form without brackets.  The result owns its strings;
 *	rp_url_free() releases them.  Returns 0, or -1 (url untouched)
 *	when there is no host, the host is longer than 253 bytes or holds
 *	a character no browser accepts in a host.
 *
 *	rp_url_param() returns the percent-decoded value ('+' is a space)
 *	of the first query parameter called name, or NULL.  Caller frees.
 *	rp_url_param_at() returns the n-th (from 0) one, percent-decoded
 *	once when decode is set, as written otherwise: a wrapper reads
 *	its parameter the way it defines.  rp_url_decode() decodes each
 *	%XX of s once ('+' is kept).  Callers free both.
 *
 *	rp_url_scan_text() calls found() for each http://, https://,
 *	ftp:// or scheme-less www. URL in text, in order, the way a mail
 *	client would link it: the URL stops at whitespace, <, >, quotes
 *	and CJK punctuation, and loses trailing punctuation and unbalanced
 *	closing brackets.  Defanged forms ("hxxp://", "example[.]com")
 *	are not links.  One pass, no backtracking.
 *
 *	rp_url_text_host() tells whether anchor text shows the reader a
 *	destination: a URL, a www. name or a bare domain name
 *	("pypi.org", "pypi.org/project/x").  It copies the lowercased host
 *	and returns 1, or returns 0 ("Click here", "v1.2.3").
 * DIAGNOSTICS
 *	None; out of memory aborts (rp_malloc).
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_text.h"
#include "rp_util.h"
#include "rp_url.h"

#define RP_URL_MAX_HOST	253

/* rp_url_is_alpha - ASCII letter */
static int rp_url_is_alpha(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* rp_url_is_digit - ASCII digit */
static int rp_url_is_digit(int ch)
{
    return ch >= '0' && ch <= '9';
}

/* rp_url_pct_decode - decode %XX (and '+' when plus is set) into a new string */
static char *rp_url_pct_decode(const char *s, size_t len, int plus,
			               size_t *outlen)
{
    char   *out = rp_malloc(len + 1);
    size_t  i, o = 0;
    int     hi, lo;

    for (i = 0; i < len; i++) {
	if (s[i] == '%' && i + 2 < len
	    && (hi = rp_hex_value((unsigned char) s[i + 1])) >= 0
	    && (lo = rp_hex_value((unsigned char) s[i + 2])) >= 0) {
	    out[o++] = (char) (hi * 16 + lo);
	    i += 2;
	} else if (plus && s[i] == '+') {
	    out[o++] = ' ';
	} else {
	    out[o++] = s[i];
	}
    }
    out[o] = 0;
    if (outlen)
	*outlen = o;
    return out;
}

/* rp_url_is_special - schemes whose URLs always have a host (WHATWG) */
static int rp_url_is_special(const char *scheme)
{
    static const char *const special[] = {
	"http", "https", "ftp", "ws", "wss", "file", 0
    };
    const char *const *cpp;

    for (cpp = special; *cpp; cpp++)
	if (strcmp(scheme, *cpp) == 0)
	    return 1;
    return 0;
}

/* rp_url_ipv4_part - one IPv4 number: 0x hex, 0 octal or decimal */
static int rp_url_ipv4_part(const char *s, size_t len, uint64_t *value)
{
    unsigned base = 10;
    uint64_t v = 0;
    size_t  i;
    int     d;

    if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
	base = 16;
	s += 2;
	len -= 2;
    } else if (len >= 2 && s[0] == '0') {
	base = 8;
	s += 1;
	len -= 1;
    } else if (len == 0) {
	return -1;
    }
    for (i = 0; i < len; i++) {
	d = rp_hex_value((unsigned char) s[i]);
	if (d < 0 || (unsigned) d >= base)
	    return -1;
	/* Saturate: anything past 2^32 is out of range anyway. */
	if (v <= UINT32_MAX)
	    v = v * base + (unsigned) d;
    }
    *value = v;
    return 0;
}

/*
 * rp_url_ipv4 - if host is a WHATWG IPv4 address in any notation,
 * write its dotted quad into quad (16 bytes) and return 1.
 */
static int rp_url_ipv4(const char *host, char *quad)
{
    uint64_t parts[4], addr;
    const char *p = host, *dot;
    size_t  n = 0, i;

    for (;;) {
	dot = strchr(p, '.');
	if (n == 4)
	    return 0;
	if (rp_url_ipv4_part(p, dot ? (size_t) (dot - p) : strlen(p),
			     &parts[n]) < 0)
	    return 0;
	n++;
	if (dot == NULL)
	    break;
	p = dot + 1;
    }
    for (i = 0; i + 1 < n; i++)
	if (parts[i] > 255)
	    return 0;
    if (parts[n - 1] >= ((uint64_t) 1 << (8 * (5 - n))))
	return 0;
    addr = parts[n - 1];
    for (i = 0; i + 1 < n; i++)
	addr += parts[i] << (8 * (3 - i));
    snprintf(quad, 16, "%u.%u.%u.%u", (unsigned) (addr >> 24) & 255,
	     (unsigned) (addr >> 16) & 255, (unsigned) (addr >> 8) & 255,
	     (unsigned) addr & 255);
    return 1;
}

/* rp_url_host_ok - reject characters no browser accepts in a host */
static int rp_url_host_ok(const char *host)
{
    const unsigned char *p;

    for (p = (const unsigned char *) host; *p; p++)
	if (*p <= 0x20 || *p == 0x7f || strchr("\"#%/:<>?@[\\]^|", *p))
	    return 0;
    return 1;
}

/* rp_url_map_host - a non-ASCII host as a browser maps it (UTS #46): full
 * width letters and digits, ideographic full stops and ignorable marks
 * become the ASCII host the browser goes to; a real IDN stays as it is */
static char *rp_url_map_host(char *host, size_t *hlen)
{
    static const char *const dots[] = {"\xe3\x80\x82", "\xef\xbc\x8e", "\xef\xbd\xa1", 0};
    const char *const *d;
    char   *p, *mapped;
    size_t  i, mlen;

    for (i = 0; i < *hlen && !(host[i] & 0x80); i++)
	/* void */ ;
    if (i == *hlen)
	return host;
    for (d = dots; *d; d++)
	while ((p = strstr(host, *d)) != NULL) {
	    *p = '.';
	    memmove(p + 1, p + 3, strlen(p + 3) + 1);
	    *hlen -= 2;
	}
    mapped = rp_text_normalize(host, *hlen, &mlen);
    for (i = 0; i < mlen && !(mapped[i] & 0x80) && mapped[i] != ' '; i++)
	/* void */ ;
    if (i < mlen || mlen == 0) {
	free(mapped);
	return host;
    }
    free(host);
    *hlen = mlen;
    return mapped;
}

/* rp_url_set_host - decode and classify the host; -1 if unusable */
static int rp_url_set_host(rp_url *url, const char *s, size_t len)
{
    char    buf[INET6_ADDRSTRLEN];
    char    quad[16];
    struct in6_addr a6;
    char   *host;
    size_t  hlen;

    if (len >= 2 && s[0] == '[') {
	if (s[len - 1] != ']' || len - 2 >= sizeof(buf))
	    return -1;
	memcpy(buf, s + 1, len - 2);
	buf[len - 2] = 0;
	if (inet_pton(AF_INET6, buf, &a6) != 1
	    || inet_ntop(AF_INET6, &a6, buf, sizeof(buf)) == NULL)
	    return -1;
	url->host = rp_strdup(buf);
	url->host_kind = RP_HOST_IPV6;
	return 0;
    }
    host = rp_url_pct_decode(s, len, 0, &hlen);
    if (strlen(host) == hlen)
	host = rp_url_map_host(host, &hlen);
    if (hlen > 0 && host[hlen - 1] == '.')
	host[--hlen] = 0;
    rp_ascii_lowercase(host);
    /* A decoded %00 would hide the rest of the host: refuse it. */
    if (hlen == 0 || hlen > RP_URL_MAX_HOST || strlen(host) != hlen
	|| !rp_url_host_ok(host)) {
	free(host);
	return -1;
    }
    if (rp_url_ipv4(host, quad)) {
	free(host);
	url->host = rp_strdup(quad);
	url->host_kind = RP_HOST_IPV4;
    } else {
	url->host = host;
	url->host_kind = RP_HOST_NAME;
    }
    return 0;
}

/* rp_url_scheme_len - length of a leading "scheme:" (without ':'), or 0 */
static size_t rp_url_scheme_len(const char *s, size_t len)
{
    size_t  i;

    if (len == 0 || !rp_url_is_alpha((unsigned char) s[0]))
	return 0;
    for (i = 1; i < len; i++) {
	if (s[i] == ':')
	    return i;
	if (!rp_url_is_alpha((unsigned char) s[i])
	    && !rp_url_is_digit((unsigned char) s[i])
	    && s[i] != '+' && s[i] != '-' && s[i] != '.')
	    return 0;
    }
    return 0;
}

/* rp_url_clean - trim C0/space at both ends, drop tab/CR/LF, stop at NUL */
static char *rp_url_clean(const char *s, size_t len, size_t *outlen)
{
    const char *nul = memchr(s, 0, len);
    char   *out;
    size_t  i, o = 0;

    if (nul)
	len = (size_t) (nul - s);
    while (len > 0 && (unsigned char) *s <= 0x20)
	s++, len--;
    while (len > 0 && (unsigned char) s[len - 1] <= 0x20)
	len--;
    out = rp_malloc(len + 1);
    for (i = 0; i < len; i++)
	if (s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
	    out[o++] = s[i];
    out[o] = 0;
    *outlen = o;
    return out;
}

/* rp_url_parse - split a URL as a browser would; -1 if no usable host */
int     rp_url_parse(const char *s, size_t len, rp_url *url)
{
    rp_url  u;
    char   *buf, *p, *auth, *end, *at, *hend, *q;
    size_t  blen, slen;
    int     special;

    memset(&u, 0, sizeof(u));
    buf = rp_url_clean(s, len, &blen);
    slen = rp_url_scheme_len(buf, blen);
    if (slen > 0) {
	u.scheme = rp_strndup(buf, slen);
	rp_ascii_lowercase(u.scheme);
	special = rp_url_is_special(u.scheme);
	p = buf + slen + 1;
	if (special) {
	    while (*p == '/' || *p == '\\')
		p++;
	} else if (p[0] == '/' && p[1] == '/') {
	    p += 2;
	} else {
	    goto fail;
	}
    } else if (blen >= 2 && (buf[0] == '/' || buf[0] == '\\')
	       && (buf[1] == '/' || buf[1] == '\\')) {
	u.scheme = rp_strdup("");
	special = 1;
	for (p = buf; *p == '/' || *p == '\\'; p++)
	     /* void */ ;
    } else if (rp_ascii_ncasecmp(buf, "www.", 4) == 0) {
	u.scheme = rp_strdup("");
	special = 1;
	p = buf;
    } else {
	goto fail;
    }
    if (special)
	for (q = p; *q; q++)
	    if (*q == '\\')
		*q = '/';
    auth = p;
    end = auth + strcspn(auth, "/?#");
    /* The userinfo ends at the last '@' of the authority. */
    for (at = NULL, q = auth; q < end; q++)
	if (*q == '@')
	    at = q;
    if (at) {
	if (at > auth)
	    u.userinfo = rp_url_pct_decode(auth, (size_t) (at - auth), 0, NULL);
	auth = at + 1;
    }
    if (*auth == '[') {
	hend = memchr(auth, ']', (size_t) (end - auth));
	hend = hend ? hend + 1 : end;
    } else {
	hend = memchr(auth, ':', (size_t) (end - auth));
	if (hend == NULL)
	    hend = end;
    }
    if (rp_url_set_host(&u, auth, (size_t) (hend - auth)) < 0)
	goto fail;
    q = end + strcspn(end, "?#");
    u.path = rp_strndup(end, (size_t) (q - end));
    if (*q == '?') {
	end = q + 1;
	u.query = rp_strndup(end, strcspn(end, "#"));
    }
    free(buf);
    *url = u;
    return 0;

fail:
    free(buf);
    rp_url_free(&u);
    return -1;
}

/* rp_url_free - release the parts */
void    rp_url_free(rp_url *url)
{
    free(url->scheme);
    free(url->userinfo);
    free(url->host);
    free(url->path);
    free(url->query);
    memset(url, 0, sizeof(*url));
}

/*
 * rp_url_param_at - the value of the n-th (from 0) query parameter
 * called name, percent-decoded once when decode is set, or NULL
 */
char   *rp_url_param_at(const rp_url *url, const char *name, size_t n, int decode)
{
    const char *p, *amp, *eq;
    char   *key;
    int     match;

    if (url->query == NULL)
	return NULL;
    for (p = url->query; *p; p = *amp ? amp + 1 : amp) {
	amp = p + strcspn(p, "&");
	eq = memchr(p, '=', (size_t) (amp - p));
	key = rp_url_pct_decode(p, (size_t) ((eq ? eq : amp) - p), 1, NULL);
	match = strcmp(key, name) == 0;
	free(key);
	if (match && n-- == 0)
	    return eq == NULL ? rp_strdup("") : decode
		? rp_url_pct_decode(eq + 1, (size_t) (amp - eq - 1), 1, NULL)
		: rp_strndup(eq + 1, (size_t) (amp - eq - 1));
    }
    return NULL;
}

/* rp_url_param - decoded value of the first parameter called name */
char   *rp_url_param(const rp_url *url, const char *name)
{
    return rp_url_param_at(url, name, 0, 1);
}

/* rp_url_decode - s with each %XX decoded once ('+' stays) */
char   *rp_url_decode(const char *s, size_t len)
{
    return rp_url_pct_decode(s, len, 0, NULL);
}

/*
 * rp_url_stops - does the character at s (UTF-8) end a URL in running
 * text?  *clen gets its length in bytes.
 */
static int rp_url_stops(const unsigned char *s, size_t left, size_t *clen)
{
    unsigned cp;

    *clen = 1;
    if (*s <= 0x20 || *s == 0x7f || strchr("<>\"'`", *s))
	return 1;
    if (*s < 0x80)
	return 0;
    /* Decode just enough UTF-8 to know the separators readers see. */
    if ((*s & 0xe0) == 0xc0 && left >= 2 && (s[1] & 0xc0) == 0x80) {
	*clen = 2;
	cp = ((unsigned) (*s & 0x1f) << 6) | (s[1] & 0x3f);
    } else if ((*s & 0xf0) == 0xe0 && left >= 3 && (s[1] & 0xc0) == 0x80
	       && (s[2] & 0xc0) == 0x80) {
	*clen = 3;
	cp = ((unsigned) (*s & 0x0f) << 12) | ((unsigned) (s[1] & 0x3f) << 6)
	    | (s[2] & 0x3f);
    } else {
	return 0;
    }
    /* Spaces, CJK punctuation and full stops, fullwidth punctuation. */
    return cp == 0xa0 || (cp >= 0x2000 && cp <= 0x200b) || cp == 0x2028
	|| cp == 0x2029 || cp == 0x202f || cp == 0x205f
	|| (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff01 && cp <= 0xff0f)
	|| (cp >= 0xff1a && cp <= 0xff20) || cp == 0xff61;
}

/* rp_url_match_start - length of a URL opener at text[i], or 0 */
static size_t rp_url_match_start(const char *text, size_t len, size_t i)
{
    static const char *const openers[] = {
	"https://", "http://", "ftp://", "www.", 0
    };
    const char *const *op;
    unsigned char prev = i ? (unsigned char) text[i - 1] : ' ';
    size_t  olen;

    /* "xhttp://" or "hxxp://www." are not links a client would make. */
    if (rp_url_is_alpha(prev) || rp_url_is_digit(prev))
	return 0;
    for (op = openers; *op; op++) {
	olen = strlen(*op);
	if (len - i > olen && rp_ascii_ncasecmp(text + i, *op, olen) == 0) {
	    if (**op == 'w' && strchr("./@-_:%", prev))
		return 0;
	    return olen;
	}
    }
    return 0;
}

/* rp_url_defanged - does the authority hold "[.]"-style bracket tricks */
static int rp_url_defanged(const char *url, size_t len, size_t start)
{
    size_t  i;

    for (i = start; i < len && !strchr("/?#", url[i]); i++)
	if (strchr("[]({})", url[i]) && !(url[i] == '[' && i == start)
	    && !(url[i] == ']' && url[start] == '['))
	    return 1;
    return 0;
}

/* rp_url_trim_end - drop trailing punctuation and unbalanced closers */
static size_t rp_url_trim_end(const char *url, size_t len)
{
    long    depth[3] = {0, 0, 0};
    static const char opens[] = "([{", closes[] = ")]}";
    const char *c;
    size_t  i;

    for (i = 0; i < len; i++) {
	if ((c = strchr(opens, url[i])) != NULL && *c)
	    depth[c - opens]++;
	else if ((c = strchr(closes, url[i])) != NULL && *c)
	    depth[c - closes]--;
    }
    while (len > 0) {
	c = url[len - 1] ? strchr(closes, url[len - 1]) : NULL;
	if (c && depth[c - closes] < 0) {
	    depth[c - closes]++;
	    len--;
	    continue;
	}
	if (strchr(".,;:!?", url[len - 1]) && url[len - 1]) {
	    len--;
	    continue;
	}
	break;
    }
    return len;
}

/* rp_url_scan_text - report every URL a reader would see in text */
void    rp_url_scan_text(const char *text, size_t len, rp_url_found found,
			         void *ctx)
{
    size_t  i = 0, j, olen, clen, end;

    while (i < len) {
	if ((olen = rp_url_match_start(text, len, i)) == 0) {
	    i++;
	    continue;
	}
	for (j = i + olen; j < len; j += clen)
	    if (rp_url_stops((const unsigned char *) text + j, len - j, &clen))
		break;
	end = i + rp_url_trim_end(text + i, j - i);
	if (end > i + olen
	    && !rp_url_defanged(text, end, text[i] == 'w' || text[i] == 'W'
				? i : i + olen)
	    && strchr("/?#", text[i + olen]) == NULL)
	    found(ctx, text + i, end - i);
	i = j > i + olen ? j : i + olen;
    }
}

/* rp_url_first - rp_url_scan_text callback keeping the first URL */
static void rp_url_first(void *ctx, const char *url, size_t len)
{
    rp_url *u = ctx;

    if (u->host == NULL)
	(void) rp_url_parse(url, len, u);
}

/* rp_url_bare_domain - length of a bare domain name at s, or 0 */
static size_t rp_url_bare_domain(const char *s)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t  labels = 0, label = 0, tld_alpha = 0, tld_len = 0;
    int     other = 0;

    for (; *p && !strchr("/?#:", *p); p++) {
	if (*p == '.') {
	    if (label == 0)
		return 0;
	    labels++;
	    label = tld_alpha = tld_len = 0;
	    other = 0;
	    continue;
	}
	if (!(rp_url_is_alpha(*p) || rp_url_is_digit(*p) || *p == '-'
	      || *p >= 0x80))
	    return 0;
	label++;
	tld_len++;
	if (rp_url_is_alpha(*p) || *p >= 0x80)
	    tld_alpha++;
	else
	    other = 1;
    }
    /* Letters-only TLD of two or more: "v1.2.3" and "3.14" are not names. */
    if (labels == 0 || label == 0 || other || tld_alpha < 2
	|| tld_alpha != tld_len)
	return 0;
    return (size_t) ((const char *) p - s);
}

/* rp_url_text_host - host shown by anchor text, if it shows one */
int     rp_url_text_host(const char *text, char *host, size_t host_size)
{
    rp_url  u;
    char   *buf;
    size_t  len, dlen;
    int     ok = 0;

    buf = rp_url_clean(text, strlen(text), &len);
    len = rp_url_trim_end(buf, len);
    buf[len] = 0;
    memset(&u, 0, sizeof(u));
    if (strcspn(buf, " \t\r\n") == len) {
	/* One word: a URL, or a bare name optionally with a path. */
	if (rp_url_scheme_len(buf, len) > 0 || strncmp(buf, "//", 2) == 0
	    || rp_ascii_ncasecmp(buf, "www.", 4) == 0) {
	    (void) rp_url_parse(buf, len, &u);
	} else if ((dlen = rp_url_bare_domain(buf)) > 0
		   && (buf[dlen] == 0 || strchr("/?#", buf[dlen]))) {
	    char   *name = rp_malloc(dlen + 3);

	    /* Read it as a scheme-relative URL: "//pypi.org". */
	    memcpy(name, "//", 2);
	    memcpy(name + 2, buf, dlen);
	    (void) rp_url_parse(name, dlen + 2, &u);
	    free(name);
	}
    } else {
	/* Sentences: the first URL the reader sees in them. */
	rp_url_scan_text(buf, len, rp_url_first, &u);
    }
    if (u.host && strlen(u.host) < host_size) {
	strcpy(host, u.host);
	ok = 1;
    }
    rp_url_free(&u);
    free(buf);
    return ok;
}
