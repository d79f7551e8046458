/*
 * NAME
 *	rp_packages 3
 * SUMMARY
 *	package lists per ecosystem: is a name a typosquat of a popular one?
 * SYNOPSIS
 *	#include "rp_packages.h"
 *
 *	rp_packages *rp_packages_new(void)
 *	void	rp_packages_free(rp_packages *pk)
 *	rp_status rp_packages_load_dir(rp_packages *pk, const char *dir,
 *				       rp_error *err)
 *	void	rp_packages_finish(rp_packages *pk)
 *	rp_pkg_kind rp_packages_lookup(const rp_packages *pk, rp_pkg_eco eco,
 *				       const char *name, size_t len,
 *				       rp_pkg_match *m)
 *	size_t	rp_packages_count(const rp_packages *pk, rp_pkg_eco eco)
 *	const char *rp_pkg_eco_label(rp_pkg_eco eco)
 * DESCRIPTION
 *	rp_packages_load_dir() reads dir/packages/ECO.txt (popular names)
 *	and dir/packages/ECO.malicious.txt (reported malicious) for each
 *	ecosystem, one name a line (the first word; comments as rp_lines.c
 *	says).  Missing files are no error: the local rules directory adds
 *	names when it has them.  rp_packages_finish() then builds, once,
 *	the indexes a lookup needs: hash sets of the folded names, of
 *	their one-deletion neighbourhoods (symmetric delete), of the names
 *	without separators and of their confusable skeletons
 *	(rp_text_skeleton()).
 *
 *	Names are folded as each registry does before they are compared:
 *	ASCII lowercase everywhere (RubyGems and Go compare as written,
 *	but a reader cannot tell Rails from rails either), for PyPI runs
 *	of '-', '_' and '.' are one '-', for crates.io '-' is '_'.
 *
 *	rp_packages_lookup() says what name is in eco.  A popular name is
 *	genuine (RP_PKG_UNKNOWN), whatever other popular name it is near:
 *	"attr" and "attrs" are both real.  A name reported as malicious is
 *	RP_PKG_MALICIOUS.  Otherwise it is RP_PKG_TYPOSQUAT, with the
 *	popular name and the technique in *m, when it is that name
 *	.IP \(bu
 *	in confusable letters: the same skeleton, other letters ("rn" for
 *	"m", a Cyrillic "е", a zero-width space inside);
 *	.IP \(bu
 *	with other separators ('-', '_', '.', or none: "crossenv");
 *	.IP \(bu
 *	with one letter inserted, deleted, replaced, or two neighbours
 *	swapped, when both names have at least RP_PKG_EDIT_MIN characters
 *	(short names lie one edit from many genuine ones), a replaced
 *	letter only from RP_PKG_SUBST_MIN (measured on the PyPI and npm
 *	lists: among genuine five-letter names a replaced letter is the
 *	commonest near miss, a swap the rarest); a name of RP_PKG_SEP_MIN
 *	counts a doubled letter or a swap only, and so does any name of
 *	an ecosystem whose list misses whole kinds of genuine names
 *	(Homebrew's has no casks, conda-forge's no other channel's
 *	packages).  An "s" added at the end
 *	is not counted: plurals and verbs ("cookie" and "cookies" are both
 *	genuine; "npm install writes package.json" is prose).  Of several
 *	popular names, the first listed (the most popular) is named.  Edits of a digit
 *	are not counted ("psycopg2", "cu11"/"cu12": siblings by version),
 *	nor an edit in a segment of at most three characters of a name
 *	with separators ("mypy-boto3-ecs"/"-ec2": a family of siblings).
 * .PP
 *	A name in a namespace someone owns (npm's @scope/, Packagist's
 *	vendor/, a Go module's host/owner/, a Docker Hub user/) is no
 *	typosquat of a name in the same namespace: only its owner could
 *	have published it.  NuGet's reserved prefixes (Microsoft., System.,
 *	Azure., NuGet.) are the same.  The popular name and technique
 *	point into the table or are static.
 *
 *	Work per lookup is linear in the name's length: at most
 *	RP_PKG_NAME_MAX bytes are read; the hashes of a name's n
 *	one-byte deletions cost O(n) together (polynomial hashes), the
 *	edit search asks 2n + 1 hash sets, and only names whose hash
 *	matches are compared, each in O(n).
 *	Everything is read-only after rp_packages_finish(): any thread may
 *	look up at once.
 * DIAGNOSTICS
 *	rp_packages_load_dir() returns RP_ERR_IO for a file that exists but
 *	cannot be read, RP_ERR_SYNTAX for a line that rp_lines.c refuses.
 * SEE ALSO
 *	rules/packages/README, tools/gen-packages.py, rp_check_package.c
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

#include "rp_lines.h"
#include "rp_packages.h"
#include "rp_text.h"
#include "rp_util.h"

#define RP_PKG_EDIT_MIN		5	/* shortest name an edit is counted in */
#define RP_PKG_SEP_MIN		4	/* shortest name a separator change is counted in */
#define RP_PKG_SUBST_MIN	6	/* shortest name a replaced letter is counted in */
#define RP_PKG_SEGMENT_SHORT	3	/* edits in segments this short are siblings */

/* The ecosystems' files and labels, in rp_pkg_eco order. */
static const struct {
    const char *file;
    const char *label;
    int     partial;			/* genuine names are missing from the list */
} eco_info[RP_PKG_COUNT] = {
    {"pypi", "PyPI", 0},
    {"npm", "npm", 0},
    {"crates", "crates.io", 0},
    {"rubygems", "RubyGems", 0},
    {"go", "Go", 0},
    {"nuget", "NuGet", 0},
    {"packagist", "Packagist", 0},
    {"pub", "pub.dev", 0},
    {"docker", "Docker Hub", 0},
    {"homebrew", "Homebrew", 1},		/* casks: "brew install spotify" */
    {"conda", "conda-forge", 1},		/* other channels: bioconda, defaults */
};

/*
 * A hash multimap of 64-bit hashes to name numbers: open addressing,
 * linear probing, a power of two of slots at most three quarters full.
 * A hit is only a candidate; the caller compares the strings.
 */
typedef struct pkg_slot {
    uint32_t check;			/* high half of the hash */
    uint32_t name;			/* name number + 1; 0: empty */
} pkg_slot;

typedef struct pkg_map {
    pkg_slot *slots;
    size_t  mask;
} pkg_map;

/* One list: names as written and folded, in one arena each. */
typedef struct pkg_list {
    rp_buf  arena;			/* "written\0folded\0" per name */
    size_t *at;				/* offset of each written name */
    size_t  count, cap;
    pkg_map exact;			/* folded name */
} pkg_list;

typedef struct pkg_eco {
    pkg_list popular;
    pkg_list malicious;
    pkg_map deletes;			/* folded popular names less one byte */
    pkg_map stripped;			/* folded popular names without separators */
    pkg_map skeletons;			/* their confusable skeletons */
} pkg_eco;

struct rp_packages {
    pkg_eco eco[RP_PKG_COUNT];
    rp_confusables *cf;			/* for skeletons; NULL: no TR39 step */
};

/*
 * Names are hashed as polynomials (mod 2^64) so that the hashes of all
 * one-byte deletions of a name cost O(n) together: the hash of s less
 * its byte j is prefix(j) * B^(n-1-j) + suffix(j+1).  The sum is mixed
 * before use, so buckets spread.
 */
#define PKG_B	1099511628211ULL

/* pkg_mix - spread a polynomial hash over all bits (splitmix64's finaliser) */
static uint64_t pkg_mix(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

/* pkg_hash - the mixed hash of len bytes */
static uint64_t pkg_hash(const char *s, size_t len)
{
    uint64_t h = 0;
    size_t  i;

    for (i = 0; i < len; i++)
	h = h * PKG_B + (unsigned char) s[i] + 1;
    return pkg_mix(h);
}

/* pkg_hash_deletes - out[j] = pkg_hash(s less byte j), j < len, in O(len) */
static void pkg_hash_deletes(const char *s, size_t len, uint64_t *out)
{
    uint64_t pre[RP_PKG_NAME_MAX + 1], suf[RP_PKG_NAME_MAX + 2], pw[RP_PKG_NAME_MAX + 1];
    size_t  j;

    pre[0] = 0;
    pw[0] = 1;
    for (j = 0; j < len; j++) {
	pre[j + 1] = pre[j] * PKG_B + (unsigned char) s[j] + 1;
	pw[j + 1] = pw[j] * PKG_B;
    }
    suf[len] = 0;
    for (j = len; j-- > 0;)
	suf[j] = ((unsigned char) s[j] + 1) * pw[len - 1 - j] + suf[j + 1];
    for (j = 0; j < len; j++)
	out[j] = pkg_mix(pre[j] * pw[len - 1 - j] + suf[j + 1]);
}

/* map_init - room for n entries, at most three quarters full */
static void map_init(pkg_map *m, size_t n)
{
    size_t  size = 16;

    while (size < n + n / 3 + 1)
	size *= 2;
    m->slots = rp_calloc(size, sizeof(pkg_slot));
    m->mask = size - 1;
}

/* map_add - one entry (duplicates are kept) */
static void map_add(pkg_map *m, uint64_t h, size_t name)
{
    size_t  i = (size_t) h & m->mask;

    while (m->slots[i].name)
	i = (i + 1) & m->mask;
    m->slots[i].check = (uint32_t) (h >> 32);
    m->slots[i].name = (uint32_t) name + 1;
}

/*
 * map_next - the next name of hash h after probe position *pos (start
 * at SIZE_MAX); -1 when there is none.
 */
static long map_next(const pkg_map *m, uint64_t h, size_t *pos)
{
    size_t  i = *pos == SIZE_MAX ? (size_t) h & m->mask : (*pos + 1) & m->mask;

    if (m->slots == NULL)
	return -1;
    for (; m->slots[i].name; i = (i + 1) & m->mask) {
	if (m->slots[i].check == (uint32_t) (h >> 32)) {
	    *pos = i;
	    return (long) m->slots[i].name - 1;
	}
    }
    return -1;
}

/* rp_pkg_eco_label - the ecosystem's name for reasons */
const char *rp_pkg_eco_label(rp_pkg_eco eco)
{
    return eco < RP_PKG_COUNT ? eco_info[eco].label : "?";
}

/* pkg_sep - a separator of package names */
static int pkg_sep(int ch)
{
    return ch == '-' || ch == '_' || ch == '.';
}

/*
 * pkg_fold - name as the registry of eco compares it, into out (size
 * RP_PKG_NAME_MAX + 1); its length.  Bytes past RP_PKG_NAME_MAX are
 * not read.
 */
static size_t pkg_fold(rp_pkg_eco eco, const char *name, size_t len, char *out)
{
    size_t  i, o = 0;
    int     ch;

    if (len > RP_PKG_NAME_MAX)
	len = RP_PKG_NAME_MAX;
    for (i = 0; i < len; i++) {
	ch = rp_ascii_lower((unsigned char) name[i]);
	if (eco == RP_PKG_PYPI && pkg_sep(ch)) {
	    if (o && out[o - 1] == '-')
		continue;
	    ch = '-';
	} else if (eco == RP_PKG_CRATES && ch == '-') {
	    ch = '_';
	}
	out[o++] = (char) ch;
    }
    out[o] = 0;
    return o;
}

/* list_written, list_folded - name i of a list */
static const char *list_written(const pkg_list *l, size_t i)
{
    return l->arena.data + l->at[i];
}

static const char *list_folded(const pkg_list *l, size_t i)
{
    const char *w = list_written(l, i);

    return w + strlen(w) + 1;
}

/* list_add - one name, written and folded */
static void list_add(pkg_list *l, rp_pkg_eco eco, const char *name)
{
    char    folded[RP_PKG_NAME_MAX + 1];
    size_t  len = strlen(name);

    if (len == 0 || len > RP_PKG_NAME_MAX)
	return;
    l->at = rp_array_grow(l->at, &l->cap, l->count, sizeof(size_t));
    l->at[l->count++] = l->arena.len;
    rp_buf_append(&l->arena, name, len + 1);
    len = pkg_fold(eco, name, len, folded);
    rp_buf_append(&l->arena, folded, len + 1);
}

/* list_find - the number of folded name in l, or -1 */
static long list_find(const pkg_list *l, const char *folded, size_t len)
{
    size_t  pos = SIZE_MAX;
    long    i;

    while ((i = map_next(&l->exact, pkg_hash(folded, len), &pos)) >= 0)
	if (strcmp(list_folded(l, (size_t) i), folded) == 0)
	    return i;
    return -1;
}

/* list_free - release one list */
static void list_free(pkg_list *l)
{
    rp_buf_free(&l->arena);
    free(l->at);
    free(l->exact.slots);
}

/* rp_packages_new - no lists yet */
rp_packages *rp_packages_new(void)
{
    rp_packages *pk = rp_calloc(1, sizeof(*pk));
    int     e;

    for (e = 0; e < RP_PKG_COUNT; e++) {
	rp_buf_init(&pk->eco[e].popular.arena);
	rp_buf_init(&pk->eco[e].malicious.arena);
    }
    return pk;
}

/* eco_free_index - release what rp_packages_finish() built */
static void eco_free_index(pkg_eco *ec)
{
    free(ec->popular.exact.slots);
    free(ec->malicious.exact.slots);
    free(ec->deletes.slots);
    free(ec->stripped.slots);
    free(ec->skeletons.slots);
    ec->popular.exact.slots = ec->malicious.exact.slots = NULL;
    ec->deletes.slots = ec->stripped.slots = ec->skeletons.slots = NULL;
}

/* rp_packages_free - release everything (NULL is fine) */
void    rp_packages_free(rp_packages *pk)
{
    int     e;

    if (pk == NULL)
	return;
    for (e = 0; e < RP_PKG_COUNT; e++) {
	eco_free_index(&pk->eco[e]);
	list_free(&pk->eco[e].popular);
	list_free(&pk->eco[e].malicious);
    }
    rp_text_confusables_free(pk->cf);
    free(pk);
}

typedef struct load_ctx {
    pkg_list *list;
    rp_pkg_eco eco;
} load_ctx;

/* load_line - the first word of a line is a name */
static rp_status load_line(void *ctx, char *line, const rp_line_at *at, rp_error *err)
{
    load_ctx *lc = ctx;

    (void) at;
    (void) err;
    line[strcspn(line, " \t")] = 0;
    list_add(lc->list, lc->eco, line);
    return RP_OK;
}

/* rp_packages_load_dir - the lists of one rules directory */
rp_status rp_packages_load_dir(rp_packages *pk, const char *dir, rp_error *err)
{
    char    path[PATH_MAX];
    load_ctx lc;
    rp_status status;
    int     e, mal;

    for (e = 0; e < RP_PKG_COUNT; e++) {
	for (mal = 0; mal < 2; mal++) {
	    snprintf(path, sizeof(path), "%s/packages/%s%s.txt", dir, eco_info[e].file,
		     mal ? ".malicious" : "");
	    lc.list = mal ? &pk->eco[e].malicious : &pk->eco[e].popular;
	    lc.eco = (rp_pkg_eco) e;
	    if ((status = rp_lines_read(path, 0, load_line, &lc, err)) != RP_OK)
		return status;
	}
    }
    return RP_OK;
}

/* eco_index - the hash sets of one ecosystem */
static void eco_index(const rp_packages *pk, pkg_eco *ec)
{
    pkg_list *p = &ec->popular;
    size_t  i, j, len, dels = 0, o;
    const char *f;
    char    bare[RP_PKG_NAME_MAX + 1], *skel;
    uint64_t dh[RP_PKG_NAME_MAX];

    for (i = 0; i < p->count; i++)
	dels += strlen(list_folded(p, i));
    map_init(&p->exact, p->count);
    map_init(&ec->malicious.exact, ec->malicious.count);
    map_init(&ec->deletes, dels);
    map_init(&ec->stripped, p->count);
    map_init(&ec->skeletons, p->count);
    for (i = 0; i < p->count; i++) {
	f = list_folded(p, i);
	len = strlen(f);
	map_add(&p->exact, pkg_hash(f, len), i);
	if (len >= RP_PKG_SEP_MIN) {
	    pkg_hash_deletes(f, len, dh);
	    for (j = 0; j < len; j++)
		map_add(&ec->deletes, dh[j], i);
	}
	for (o = j = 0; j < len; j++)
	    if (!pkg_sep(f[j]))
		bare[o++] = f[j];
	map_add(&ec->stripped, pkg_hash(bare, o), i);
	skel = rp_text_skeleton(pk->cf, f, len, &o);
	map_add(&ec->skeletons, pkg_hash(skel, o), i);
	free(skel);
    }
    for (i = 0; i < ec->malicious.count; i++) {
	f = list_folded(&ec->malicious, i);
	map_add(&ec->malicious.exact, pkg_hash(f, strlen(f)), i);
    }
}

/* rp_packages_finish - build every ecosystem's index, once */
void    rp_packages_finish(rp_packages *pk)
{
    int     e;

    if (pk->cf == NULL)
	pk->cf = rp_text_confusables();
    for (e = 0; e < RP_PKG_COUNT; e++) {
	eco_free_index(&pk->eco[e]);
	eco_index(pk, &pk->eco[e]);
    }
}

/* rp_packages_count - popular names of eco */
size_t  rp_packages_count(const rp_packages *pk, rp_pkg_eco eco)
{
    return eco < RP_PKG_COUNT ? pk->eco[eco].popular.count : 0;
}

/* pkg_namespace - length of the namespace of name ("@scope/", "vendor/"), 0 if none */
static size_t pkg_namespace(rp_pkg_eco eco, const char *name)
{
    static const char *const reserved[] = {"microsoft.", "system.", "azure.", "nuget."};
    const char *slash = strrchr(name, '/');
    size_t  i;

    if (eco == RP_PKG_NUGET)
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
	    if (strncmp(name, reserved[i], strlen(reserved[i])) == 0)
		return strlen(reserved[i]);
    return slash ? (size_t) (slash - name) + 1 : 0;
}

/* same_namespace - both names sit in one owned namespace */
static int same_namespace(rp_pkg_eco eco, const char *a, const char *b)
{
    size_t  na = pkg_namespace(eco, a), nb = pkg_namespace(eco, b);

    return na > 0 && na == nb && memcmp(a, b, na) == 0;
}

/*
 * short_segment - the byte at pos of name lies in a segment of at most
 * RP_PKG_SEGMENT_SHORT bytes, in a name with separators
 */
static int short_segment(const char *name, size_t len, size_t pos)
{
    size_t  s = pos, e = pos;

    if (pos >= len)
	pos = s = e = len ? len - 1 : 0;
    if (strcspn(name, "-_.") == len)
	return 0;
    while (s > 0 && !pkg_sep(name[s - 1]))
	s--;
    while (e < len && !pkg_sep(name[e]))
	e++;
    return e - s <= RP_PKG_SEGMENT_SHORT;
}

/*
 * one_edit - the technique by which c (cl bytes) is one edit from p,
 * or NULL; *pos gets where it differs, *ch the byte(s) edited.
 */
static const char *one_edit(const char *c, size_t cl, const char *p, size_t pl,
			    size_t *pos, int *sep, int *digit)
{
    size_t  i = 0;

    while (i < cl && i < pl && c[i] == p[i])
	i++;
    *pos = i;
    if (cl == pl && i < cl) {
	*sep = pkg_sep(c[i]) || pkg_sep(p[i]);
	*digit = (c[i] >= '0' && c[i] <= '9') || (p[i] >= '0' && p[i] <= '9');
	if (strcmp(c + i + 1, p + i + 1) == 0)
	    return *sep ? "one separator changed" : "one letter replaced";
	if (i + 1 < cl && c[i] == p[i + 1] && c[i + 1] == p[i]
	    && strcmp(c + i + 2, p + i + 2) == 0) {
	    *sep = pkg_sep(c[i]) || pkg_sep(c[i + 1]);
	    *digit = 0;
	    return "two letters swapped";
	}
	return NULL;
    }
    if (cl == pl + 1 && strcmp(c + i + 1, p + i) == 0) {
	*sep = pkg_sep(c[i]);
	*digit = c[i] >= '0' && c[i] <= '9';
	return *sep ? "a separator added" :
	    (i > 0 && c[i - 1] == c[i]) || c[i + 1] == c[i] ? "one letter doubled"
	    : "one letter added";
    }
    if (pl == cl + 1 && strcmp(c + i, p + i + 1) == 0) {
	*sep = pkg_sep(p[i]);
	*digit = p[i] >= '0' && p[i] <= '9';
	return *sep ? "a separator left out" : "one letter left out";
    }
    return NULL;
}

/* edit_counts - an edit of c from popular name p that makes a typosquat */
static const char *edit_counts(rp_pkg_eco eco, const char *c, size_t cl, const char *p)
{
    size_t  pl = strlen(p), pos;
    int     sep = 0, digit = 0;
    const char *how;

    if ((how = one_edit(c, cl, p, pl, &pos, &sep, &digit)) == NULL || digit)
	return NULL;
    if (same_namespace(eco, c, p))
	return NULL;
    if (sep)
	return cl >= RP_PKG_SEP_MIN && pl >= RP_PKG_SEP_MIN ? how : NULL;
    /* A name of four: only a doubled letter or a swap ("wgett", "nmup"). */
    if (cl < RP_PKG_SEP_MIN || pl < RP_PKG_SEP_MIN
	|| ((cl < RP_PKG_EDIT_MIN || pl < RP_PKG_EDIT_MIN)
	    && strcmp(how, "one letter doubled") != 0 && strcmp(how, "two letters swapped") != 0))
	return NULL;
    if (short_segment(c, cl, pos) || short_segment(p, pl, pos))
	return NULL;
    /* An s added at the end is a plural or a verb: genuine siblings
     * ("cookie", "cookies") and prose after a command ("writes"). */
    if (cl == pl + 1 && pos == pl && c[pos] == 's' && strcmp(how, "one letter added") == 0)
	return NULL;
    /* Where whole kinds of genuine names are missing from the list (Homebrew's
     * casks, conda's other channels), an added, left-out or replaced letter is
     * too often one of them ("spotify" is a cask, "shpotify" a formula). */
    if (eco_info[eco].partial && strcmp(how, "two letters swapped") != 0
	&& strcmp(how, "one letter doubled") != 0)
	return NULL;
    /* Genuine five-letter names one letter apart abound ("errto", "errno"). */
    if (strcmp(how, "one letter replaced") == 0 && (cl < RP_PKG_SUBST_MIN || pl < RP_PKG_SUBST_MIN))
	return NULL;
    return how;
}

/*
 * probe_edits - the popular names of map m under hash h that c is one
 * counted edit from; the first listed (the most popular, in a ranked
 * list) is kept in *best
 */
static void probe_edits(const pkg_eco *ec, rp_pkg_eco eco, const pkg_map *m, uint64_t h,
			const char *c, size_t cl, long *best, const char **how)
{
    size_t  pos = SIZE_MAX;
    long    i;
    const char *t;

    while ((i = map_next(m, h, &pos)) >= 0) {
	if (*best >= 0 && i >= *best)
	    continue;
	if ((t = edit_counts(eco, c, cl, list_folded(&ec->popular, (size_t) i))) != NULL) {
	    *best = i;
	    *how = t;
	}
    }
}

/* find_edit - the popular name c is one counted edit from (symmetric delete) */
static int find_edit(const pkg_eco *ec, rp_pkg_eco eco, const char *c, size_t cl,
		     rp_pkg_match *out)
{
    size_t  j;
    uint64_t dh[RP_PKG_NAME_MAX];
    long    best = -1;
    const char *how = NULL;

    if (cl < RP_PKG_SEP_MIN - 1)
	return 0;
    /* c less a byte is a popular name (c has one inserted), or one less a byte */
    pkg_hash_deletes(c, cl, dh);
    for (j = 0; j < cl; j++) {
	probe_edits(ec, eco, &ec->popular.exact, dh[j], c, cl, &best, &how);
	probe_edits(ec, eco, &ec->deletes, dh[j], c, cl, &best, &how);
    }
    /* c is a popular name less a byte */
    probe_edits(ec, eco, &ec->deletes, pkg_hash(c, cl), c, cl, &best, &how);
    if (best < 0)
	return 0;
    out->popular = list_written(&ec->popular, (size_t) best);
    out->technique = how;
    return 1;
}

/*
 * find_by - a popular name with the same key as c: its skeleton (cf
 * not NULL; made again for the few names whose hash matches, so the
 * table keeps no skeletons) or its letters without separators
 */
static int find_by(const pkg_eco *ec, rp_pkg_eco eco, const pkg_map *m, const char *key,
		   size_t klen, const rp_confusables *cf, int skel, const char *c,
		   rp_pkg_match *out)
{
    size_t  pos = SIZE_MAX, o;
    long    i;
    const char *p;
    char    bare[RP_PKG_NAME_MAX + 1], *ps;
    int     same;

    while ((i = map_next(m, pkg_hash(key, klen), &pos)) >= 0) {
	p = list_folded(&ec->popular, (size_t) i);
	if (skel) {
	    ps = rp_text_skeleton(cf, p, strlen(p), &o);
	    same = strcmp(ps, key) == 0;
	    free(ps);
	    if (!same)
		continue;
	} else {
	    for (o = 0; *p && o < RP_PKG_NAME_MAX; p++)
		if (!pkg_sep(*p))
		    bare[o++] = *p;
	    bare[o] = 0;
	    if (strcmp(bare, key) != 0)
		continue;
	}
	if (same_namespace(eco, c, list_folded(&ec->popular, (size_t) i)))
	    continue;
	out->popular = list_written(&ec->popular, (size_t) i);
	out->technique = skel ? "confusable letters" : "other separators";
	return 1;
    }
    return 0;
}

/* find_typo - the popular name c imitates, and how: look-alike letters
 * first (the reader sees the popular name itself), then separators,
 * then one edit */
static int find_typo(const rp_packages *pk, const pkg_eco *ec, rp_pkg_eco eco,
		     const char *c, size_t cl, rp_pkg_match *m)
{
    char    bare[RP_PKG_NAME_MAX + 1];
    size_t  o, i, sl;
    char   *skel;
    int     found;

    skel = rp_text_skeleton(pk->cf, c, cl, &sl);
    found = find_by(ec, eco, &ec->skeletons, skel, sl, pk->cf, 1, c, m);
    free(skel);
    if (found)
	return 1;
    for (o = i = 0; i < cl; i++)
	if (!pkg_sep(c[i]))
	    bare[o++] = c[i];
    bare[o] = 0;
    if (o >= RP_PKG_SEP_MIN && find_by(ec, eco, &ec->stripped, bare, o, NULL, 0, c, m))
	return 1;
    return find_edit(ec, eco, c, cl, m);
}

/* rp_packages_lookup - genuine, malicious, or a typosquat of which name */
rp_pkg_kind rp_packages_lookup(const rp_packages *pk, rp_pkg_eco eco, const char *name,
			       size_t len, rp_pkg_match *m)
{
    char    c[RP_PKG_NAME_MAX + 1];
    const pkg_eco *ec;
    size_t  cl;
    int     found;

    memset(m, 0, sizeof(*m));
    if (pk == NULL || eco >= RP_PKG_COUNT || name == NULL)
	return RP_PKG_UNKNOWN;
    ec = &pk->eco[eco];
    if ((cl = pkg_fold(eco, name, len, c)) == 0 || list_find(&ec->popular, c, cl) >= 0)
	return RP_PKG_UNKNOWN;
    found = find_typo(pk, ec, eco, c, cl, m);
    if (list_find(&ec->malicious, c, cl) >= 0)
	m->kind = RP_PKG_MALICIOUS;
    else
	m->kind = found ? RP_PKG_TYPOSQUAT : RP_PKG_UNKNOWN;
    return m->kind;
}
