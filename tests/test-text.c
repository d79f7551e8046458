/*
 * NAME
 *	test-text 1
 * SUMMARY
 *	unit tests for rp_text_normalize() and rp_text_skeleton()
 * SYNOPSIS
 *	test-text
 * DESCRIPTION
 *	Table-driven cases for NFKC, case folding, removal of
 *	default-ignorable code points, white-space collapsing, invalid
 *	UTF-8 and NUL bytes, plus size checks on large and
 *	hostile inputs (20 MB of text, long runs of combining marks,
 *	compatibility characters that expand many times).  Then the
 *	confusable skeleton: names written with letters of another
 *	script or with diacritics read as the brand they imitate, text
 *	that imitates nothing keeps its letters, and megabytes come
 *	through whole (a hang fails on Check's timeout; the cost is the
 *	benchmark's and tests/t-linear.sh's to measure).
 * DIAGNOSTICS
 *	Check's summary; exit status 1 when a case fails.
 */
#define _GNU_SOURCE			/* memmem */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_text.h"
#include "check_main.h"

typedef struct text_case {
    const char *name;
    const char *in;
    size_t  len;			/* 0: strlen(in) */
    const char *want;
} text_case;

static const text_case cases[] = {
    /* NFKC: compatibility forms become plain letters */
    {"fullwidth", "\xef\xbc\xb0\xef\xbd\x99\xef\xbc\xb0\xef\xbc\xa9", 0, "pypi"},
    {"fullwidth digits", "\xef\xbc\x92\xef\xbc\x94\xe6\x99\x82\xe9\x96\x93", 0,
     "24\xe6\x99\x82\xe9\x96\x93"},
    {"ligature fi", "\xef\xac\x81le", 0, "file"},
    {"ligature ffl", "wa\xef\xac\x84" "e", 0, "waffle"},
    {"circled digit", "\xe2\x91\xa0", 0, "1"},
    {"roman numeral", "\xe2\x85\xab", 0, "xii"},
    {"squared kg", "\xe3\x8e\x8f", 0, "kg"},
    {"superscript", "x\xc2\xb2", 0, "x2"},
    {"mathematical bold", "\xf0\x9d\x90\x8f\xf0\x9d\x90\xb2\xf0\x9d\x90\x8f\xf0\x9d\x90\x88",
     0, "pypi"},
    {"halfwidth katakana", "\xef\xbd\xb1\xef\xbd\xb6\xef\xbd\xb3\xef\xbe\x9d\xef\xbe\x84", 0,
     "\xe3\x82\xa2\xe3\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88"},
    {"combining acute composes", "cafe\xcc\x81", 0, "caf\xc3\xa9"},
    /* case folding */
    {"ascii upper", "VERIFY Your ACCOUNT", 0, "verify your account"},
    {"sharp s", "Stra\xc3\x9f" "e", 0, "strasse"},
    {"capital sharp s", "\xe1\xba\x9e", 0, "ss"},
    {"greek final sigma", "\xce\xa3\xce\x9f\xce\xa3", 0, "\xcf\x83\xce\xbf\xcf\x83"},
    {"turkish dotless i stays", "\xc4\xb1", 0, "\xc4\xb1"},
    {"turkish dotted capital I", "\xc4\xb0", 0, "i\xcc\x87"},
    {"cyrillic upper", "\xd0\x90\xd0\x9a\xd0\x9a", 0, "\xd0\xb0\xd0\xba\xd0\xba"},
    {"cjk untouched", "\xe9\xaa\x8c\xe8\xaf\x81", 0, "\xe9\xaa\x8c\xe8\xaf\x81"},
    /* default-ignorables disappear */
    {"zwsp", "p\xe2\x80\x8bypi", 0, "pypi"},
    {"zwnj", "p\xe2\x80\x8cypi", 0, "pypi"},
    {"zwj", "p\xe2\x80\x8dypi", 0, "pypi"},
    {"soft hyphen", "pa\xc2\xadss\xc2\xadword", 0, "password"},
    {"word joiner", "np\xe2\x81\xa0m", 0, "npm"},
    {"bom", "\xef\xbb\xbfverify", 0, "verify"},
    {"bidi override", "a\xe2\x80\xae" "b\xe2\x80\xac" "c", 0, "abc"},
    {"bidi isolate", "a\xe2\x81\xa6" "b\xe2\x81\xa9", 0, "ab"},
    {"mongolian vowel separator", "a\xe1\xa0\x8e" "b", 0, "ab"},
    {"hangul filler", "a\xe3\x85\xa4" "b", 0, "ab"},
    {"variation selector", "a\xef\xb8\x8f" "b", 0, "ab"},
    {"tag character", "a\xf3\xa0\x80\x81" "b", 0, "ab"},
    {"many ignorables", "\xe2\x80\x8b\xe2\x80\x8c\xc2\xad\xe2\x81\xa0", 0, ""},
    /* white space */
    {"collapse runs", "a  \t\t b", 0, "a b"},
    {"newlines", "line one\r\nline two\n\n", 0, "line one line two"},
    {"nbsp", "a\xc2\xa0" "b", 0, "a b"},
    {"ideographic space", "a\xe3\x80\x80" "b", 0, "a b"},
    {"line separator", "a\xe2\x80\xa8" "b", 0, "a b"},
    {"next line", "a\xc2\x85" "b", 0, "a b"},
    {"narrow nbsp and em space", "a\xe2\x80\xaf\xe2\x80\x83" "b", 0, "a b"},
    {"control chars", "a\x01\x1b" "b\x7f", 0, "a b"},
    {"trim", "  \n hello \t ", 0, "hello"},
    {"only space", " \t\r\n\xc2\xa0 ", 0, ""},
    {"ignorable between spaces", "a \xe2\x80\x8b b", 0, "a b"},
    /* invalid UTF-8 */
    {"lone continuation", "a\x80" "b", 0, "a\xef\xbf\xbd" "b"},
    {"invalid lead", "\xff", 0, "\xef\xbf\xbd"},
    {"truncated at end", "ok\xe3\x81", 0, "ok\xef\xbf\xbd"},
    {"truncated before ascii", "\xe3\x81x", 0, "\xef\xbf\xbdx"},
    {"overlong slash", "\xc0\xaf", 0, "\xef\xbf\xbd\xef\xbf\xbd"},
    {"encoded surrogate", "\xed\xa0\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
    {"beyond U+10FFFF", "\xf4\x90\x80\x80", 0,
     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
    /* NUL bytes count as space */
    {"nul inside", "a\0b", 3, "a b"},
    {"nul run", "a\0\0\0 \0b", 7, "a b"},
    {"nul only", "\0\0", 2, ""},
    /* ASCII next to what follows it: the last ASCII byte before a
     * non-ASCII one is normalised with it */
    {"upper before ring", "A\xcc\x8a", 0, "\xc3\xa5"},
    {"less-than before overlay", "a<\xcc\xb8" "b", 0, "a\xe2\x89\xae" "b"},
    {"ascii space before nbsp", "a \xc2\xa0 \tB", 0, "a b"},
    {"ascii around accents", "CAF\xc3\x89 AU LAIT \xc3\x89T\xc3\x89", 0,
     "caf\xc3\xa9 au lait \xc3\xa9t\xc3\xa9"},
    {"ascii before ignorable", "VERIF\xe2\x80\x8bY", 0, "verify"},
    {"del and controls in ascii run", "x\x7f\x01Y z", 0, "x y z"},
    /* mixed */
    {"mixed lure", "\xef\xbc\xb6\xef\xbd\x85rify\xc2\xa0your  2\xe2\x80\x8b" "FA\r\n", 0,
     "verify your 2fa"},
    {"empty", "", 0, ""},
};

/* normalize - call rp_text_normalize on a case */
static char *normalize(const text_case *tc, size_t *out_len)
{
    size_t  len = tc->len ? tc->len : strlen(tc->in);

    return rp_text_normalize(tc->in, len, out_len);
}

START_TEST(test_cases)
{
    const text_case *tc = &cases[_i];
    size_t  out_len = 12345;
    char   *got = normalize(tc, &out_len);

    ck_assert_msg(strcmp(got, tc->want) == 0, "%s: got \"%s\", want \"%s\"",
		  tc->name, got, tc->want);
    ck_assert_msg(out_len == strlen(tc->want), "%s: out_len %zu, want %zu",
		  tc->name, out_len, strlen(tc->want));
    free(got);
}
END_TEST

START_TEST(test_null_out_len)
{
    char   *got = rp_text_normalize("A  B", 4, NULL);

    ck_assert_msg(strcmp(got, "a b") == 0, "null out_len: got \"%s\"", got);
    free(got);
}
END_TEST

START_TEST(test_empty_null_pointer)
{
    size_t  out_len = 1;
    char   *got = rp_text_normalize(NULL, 0, &out_len);

    ck_assert_msg(got != NULL && got[0] == 0 && out_len == 0,
		  "NULL, 0: want empty string");
    free(got);
}
END_TEST

/*
 * count - occurrences of needle in the first len bytes of hay.  memmem,
 * not strstr: a sanitizer's strstr measures the whole haystack on every
 * call, which makes a count over 20 MB quadratic.
 */
static size_t count(const char *hay, size_t len, const char *needle)
{
    size_t  n = 0, nlen = strlen(needle);
    const char *p = hay, *end = hay + len;

    while ((p = memmem(p, (size_t) (end - p), needle, nlen)) != NULL) {
	n++;
	p += nlen;
    }
    return n;
}

/* Each unit: fullwidth "ＰｙPI" with a ZWSP, sharp s, a bad byte, a NUL, NBSP. */
static const char big_unit[] =
    "\xef\xbc\xb0\xef\xbd\x99\xe2\x80\x8bPI Stra\xc3\x9f" "e \xff\0x\xc2\xa0\n";

START_TEST(test_twenty_megabytes)
{
    size_t  unit = sizeof(big_unit) - 1;
    size_t  reps = (20u << 20) / unit;
    size_t  len = reps * unit;
    char   *in = malloc(len);
    char   *got;
    size_t  out_len, i;

    ck_assert(in != NULL);
    for (i = 0; i < reps; i++)
	memcpy(in + i * unit, big_unit, unit);
    got = rp_text_normalize(in, len, &out_len);
    ck_assert_msg(out_len == strlen(got), "20 MB: out_len %zu, strlen %zu",
		  out_len, strlen(got));
    ck_assert_msg(count(got, out_len, "pypi strasse \xef\xbf\xbd x") == reps,
		  "20 MB: want %zu units intact across chunk boundaries", reps);
    ck_assert_msg(out_len <= len, "20 MB: output %zu longer than input %zu",
		  out_len, len);
    free(got);
    free(in);
}
END_TEST

/* A base letter and its mark straddle every possible chunk boundary. */
START_TEST(test_boundary_composition)
{
    size_t  pad, len;
    char   *in, *got;

    for (pad = 16370; pad < 16390; pad++) {
	len = pad + 3;
	in = malloc(len);
	ck_assert(in != NULL);
	memset(in, 'a', pad);
	memcpy(in + pad - 1, "e\xcc\x81", 3);	/* e + U+0301 */
	in[pad + 2] = 'z';
	got = rp_text_normalize(in, len, NULL);
	ck_assert_msg(strstr(got, "\xc3\xa9z") != NULL && strstr(got, "\xcc\x81") == NULL,
		      "boundary pad %zu: e + acute not composed", pad);
	free(got);
	free(in);
    }
}
END_TEST

START_TEST(test_combining_flood)
{
    size_t  marks = 500000;
    size_t  len = 1 + 2 * marks;
    char   *in = malloc(len);
    char   *got;
    size_t  out_len, i;

    ck_assert(in != NULL);
    in[0] = 'a';
    for (i = 0; i < marks; i++)
	memcpy(in + 1 + 2 * i, "\xcc\x81", 2);
    got = rp_text_normalize(in, len, &out_len);
    ck_assert_msg(out_len > 0 && out_len <= len, "combining flood: out_len %zu",
		  out_len);
    free(got);
    free(in);
}
END_TEST

START_TEST(test_expansion_capped)
{
    /* U+FDFA expands to 18 code points under NFKC. */
    size_t  reps = 100000;
    size_t  len = 3 * reps;
    char   *in = malloc(len);
    char   *got;
    size_t  out_len, i;

    ck_assert(in != NULL);
    for (i = 0; i < reps; i++)
	memcpy(in + 3 * i, "\xef\xb7\xba", 3);
    got = rp_text_normalize(in, len, &out_len);
    ck_assert_msg(out_len <= 4 * len + 64, "expansion: %zu bytes from %zu",
		  out_len, len);
    ck_assert_msg(out_len > len, "expansion: cap too tight (%zu)", out_len);
    free(got);
    free(in);
}
END_TEST

/* skeleton - rp_text_skeleton() of a NUL-terminated string, with fresh confusables */
static char *skeleton(const char *in)
{
    rp_confusables *cf = rp_text_confusables();
    char   *got;
    size_t  out_len = 12345;

    ck_assert_msg(cf != NULL, "rp_text_confusables");
    got = rp_text_skeleton(cf, in, strlen(in), &out_len);
    ck_assert_msg(out_len == strlen(got), "%s: out_len %zu, strlen %zu", in, out_len,
		  strlen(got));
    rp_text_confusables_free(cf);
    return got;
}

/*
 * test_skeleton_homoglyph_names - one Cyrillic or Greek letter, a
 * diacritic, fullwidth or combining marks: the attack's name has the
 * skeleton of the name it imitates, lowercase.
 */
START_TEST(test_skeleton_homoglyph_names)
{
    static const struct {
	const char *attack;		/* as an attacker writes it */
	const char *name;		/* the name it imitates */
    }       names[] = {
	{"G\xd1\x96tHub", "GitHub"},		/* Cyrillic i, U+0456 */
	{"PyP\xce\x99", "PyPI"},		/* Greek capital iota */
	{"np\xd0\xbc", "npm"},			/* Cyrillic em */
	{"Git\xd0\x9dub", "GitHub"},		/* Cyrillic capital en */
	{"\xd1\x80\xd1\x83\xd1\x80\xd1\x96", "pypi"},	/* wholly Cyrillic */
	{"PyP\xc3\x8d", "PyPI"},		/* I with acute */
	{"gitl\xc3\xa1" "b", "gitlab"},		/* a with acute */
	{"npmj\xc5\x9b", "npmjs"},		/* s with acute */
	{"p\xcc\x81yp\xcc\x88i", "pypi"},	/* combining marks */
	{"do\xc4\x87ker hub", "Docker Hub"},
	{"\xef\xbd\x87\xef\xbd\x89\xef\xbd\x94\xef\xbd\x88\xef\xbd\x95\xef\xbd\x82", "github"},
	{"Ru\xd0\xb2ygems", "rubygems"},	/* Cyrillic ve as b */
	{"\xd0\xa0y\xd0\xa0I", "pypi"},		/* Cyrillic capital er */
	{"nu\xc9\xa1" "et", "NuGet"},		/* Latin script g */
	{"pa\xd1\x81kagist", "packagist"},	/* Cyrillic es */
	{"\xd0\xbf\xd1\x80m", "npm"},		/* Cyrillic pe, er */
	{"g\xd0\xbelang", "golang"},		/* Cyrillic o */
	{"Py\xe2\x80\x8bPI", "pypi"},		/* zero-width space */
    };
    char   *a, *b;
    size_t  i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
	a = skeleton(names[i].attack);
	b = skeleton(names[i].name);
	ck_assert_msg(strcmp(a, b) == 0, "skeleton(\"%s\") = \"%s\", skeleton(\"%s\") = \"%s\"",
		      names[i].attack, a, names[i].name, b);
	free(a);
	free(b);
    }
}
END_TEST

/* test_skeleton_forms - what the skeleton of plain text looks like */
START_TEST(test_skeleton_forms)
{
    static const struct {
	const char *in;
	const char *want;
    }       names[] = {
	{"GitHub", "github"},
	{"G\xd1\x96tHub Security", "github security"},
	{"  Python   Package\tIndex ", "python package index"},
	{"[PyPI] Verify your account", "[pypi] verify your account"},
	{"crates.io: *", "crates.io: *"},
	{"gitl\xc3\xa1" "b", "gitlab"},
	{"", ""},
    };
    char   *got;
    size_t  i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
	got = skeleton(names[i].in);
	ck_assert_msg(strcmp(got, names[i].want) == 0, "skeleton(\"%s\") = \"%s\", want \"%s\"",
		      names[i].in, got, names[i].want);
	free(got);
    }
}
END_TEST

/*
 * test_skeleton_keeps_apart - names that look different stay apart,
 * and letters of other scripts that imitate no Latin letter stay what
 * they are: a Cyrillic or Japanese name spells no Latin word.
 */
START_TEST(test_skeleton_keeps_apart)
{
    static const struct {
	const char *a, *b;
    }       apart[] = {
	{"pypi", "pypy"}, {"github", "gitlab"}, {"npm", "pnpm"}, {"docker", "dockers"},
    };
    static const char *const foreign[] = {
	"\xd0\xa1\xd0\xbb\xd1\x83\xd0\xb6\xd0\xb1\xd0\xb0 \xd0\xbf\xd0\xbe\xd0\xb4\xd0\xb4\xd0\xb5\xd1\x80\xd0\xb6\xd0\xba\xd0\xb8",	/* "Служба поддержки" */
	"\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd \xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2",	/* "Иван Петров" */
	"\xe3\x82\xb5\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88\xe3\x83\x81\xe3\x83\xbc\xe3\x83\xa0",	/* "サポートチーム" */
	"\xe5\xb1\xb1\xe7\x94\xb0\xe5\xa4\xaa\xe9\x83\x8e",	/* "山田太郎" */
    };
    char   *a, *b;
    size_t  i;

    for (i = 0; i < sizeof(apart) / sizeof(apart[0]); i++) {
	a = skeleton(apart[i].a);
	b = skeleton(apart[i].b);
	ck_assert_msg(strcmp(a, b) != 0, "\"%s\" and \"%s\" share the skeleton \"%s\"",
		      apart[i].a, apart[i].b, a);
	free(a);
	free(b);
    }
    for (i = 0; i < sizeof(foreign) / sizeof(foreign[0]); i++) {
	a = skeleton(foreign[i]);
	for (b = a; *b && (*b == ' ' || (unsigned char) *b < 0x80); b++)
	    /* void */ ;
	ck_assert_msg(*b != 0, "\"%s\" became the Latin \"%s\"", foreign[i], a);
	free(a);
    }
}
END_TEST

/* test_skeleton_without_checker - no confusables: folded and lowercased only */
START_TEST(test_skeleton_without_checker)
{
    size_t  out_len = 7;
    char   *got = rp_text_skeleton(NULL, "Gitl\xc3\xa1" "b  Team", 13, &out_len);

    ck_assert_msg(strcmp(got, "gitlab team") == 0 && out_len == 11, "got \"%s\"", got);
    free(got);
    got = rp_text_skeleton(NULL, NULL, 0, &out_len);
    ck_assert_msg(got != NULL && got[0] == 0 && out_len == 0, "NULL, 0: want empty string");
    free(got);
}
END_TEST

/* test_skeleton_linear - megabytes of mixed-script text and a combining flood, whole */
START_TEST(test_skeleton_linear)
{
    static const char unit[] = "G\xd1\x96tHub np\xd0\xbc gitl\xc3\xa1" "b "
	"\xe3\x82\xb5\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88 p\xcc\x81" "ypi\n";
    rp_confusables *cf = rp_text_confusables();
    size_t  ulen = sizeof(unit) - 1, reps = (4u << 20) / ulen, len = reps * ulen, i;
    size_t  out_len;
    char   *in = malloc(len), *got;

    ck_assert(in != NULL && cf != NULL);
    for (i = 0; i < reps; i++)
	memcpy(in + i * ulen, unit, ulen);
    got = rp_text_skeleton(cf, in, len, &out_len);
    ck_assert_msg(count(got, out_len, "github nprn gitlab ") == reps,
		  "4 MB: want %zu units intact across chunks", reps);
    free(got);
    in[0] = 'a';
    for (i = 1; i + 1 < len; i += 2)
	memcpy(in + i, "\xcc\x81", 2);
    got = rp_text_skeleton(cf, in, len, &out_len);
    ck_assert_msg(out_len <= 4 * len + 64, "flood: %zu bytes from %zu", out_len, len);
    free(got);
    free(in);
    rp_text_confusables_free(cf);
}
END_TEST

/* text_suite - all cases */
/* test_unmix_mixed_script_words - "vеrify" with a Cyrillic е is "verify", and only such words */
START_TEST(test_unmix_mixed_script_words)
{
    static const struct {
	const char *in, *out;
    } unmix[] = {
	{"please v\xd0\xb5" "rify your account", "please verify your account"},
	{"\xd1\x80" "ypi and p\xd0\xb0" "ssword", "pypi and password"},
	/* one script, Cyrillic: kept */
	{"\xd1\x80\xd1\x83\xd1\x80\xd1\x96 ok", "\xd1\x80\xd1\x83\xd1\x80\xd1\x96 ok"},
	/* Latin letters with diacritics: kept (French rules spell them) */
	{"r\xc3\xa9" "clamez votre r\xc3\xa9" "compense", "r\xc3\xa9" "clamez votre r\xc3\xa9" "compense"},
	{"\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 world",
	 "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 world"},
	/* Latin beside Japanese, no space: no look-alike to fold */
	{"pypi\xe3\x81\xae\xe3\x82\xa2\xe3\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88",
	 "pypi\xe3\x81\xae\xe3\x82\xa2\xe3\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88"},
	{"2f\xce\xb1 update", "2fa update"},			/* Greek alpha */
    };
    rp_confusables *cf = rp_text_confusables();
    char    buf[256];
    size_t  i, n;

    ck_assert_ptr_nonnull(cf);
    for (i = 0; i < sizeof(unmix) / sizeof(unmix[0]); i++) {
	snprintf(buf, sizeof(buf), "%s", unmix[i].in);
	n = rp_text_unmix(cf, buf, strlen(buf));
	ck_assert_str_eq(buf, unmix[i].out);
	ck_assert_uint_eq(n, strlen(unmix[i].out));
    }
    rp_text_confusables_free(cf);
}
END_TEST

static Suite *text_suite(void)
{
    Suite  *s = suite_create("text");
    TCase  *tc = tcase_create("normalize");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_cases, 0, (int) (sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, test_null_out_len);
    tcase_add_test(tc, test_empty_null_pointer);
    tcase_add_test(tc, test_twenty_megabytes);
    tcase_add_test(tc, test_boundary_composition);
    tcase_add_test(tc, test_combining_flood);
    tcase_add_test(tc, test_expansion_capped);
    tcase_add_test(tc, test_skeleton_homoglyph_names);
    tcase_add_test(tc, test_skeleton_forms);
    tcase_add_test(tc, test_skeleton_keeps_apart);
    tcase_add_test(tc, test_skeleton_without_checker);
    tcase_add_test(tc, test_skeleton_linear);
    tcase_add_test(tc, test_unmix_mixed_script_words);
    suite_add_tcase(s, tc);
    return s;
}

/* main - run the suite; exit 1 on any failure */
const rp_test_program rp_test = {text_suite, NULL, NULL, NULL, 0};
