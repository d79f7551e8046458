/*
 * NAME
 *	attach_fuzzer 1
 * SUMMARY
 *	libFuzzer target: the readers of attached files
 * SYNOPSIS
 *	attach_fuzzer [libFuzzer options] [corpus...]
 * DESCRIPTION
 *	The first byte of the input chooses the label the rest is read
 *	under (PDF, SVG, calendar, PNG, JPEG, GIF, HTML file, or none: by
 *	content only, as an attachment or as a body), and rp_attach_read()
 *	reads it (up to 64 KiB) with small limits: poppler, libxml2,
 *	gdk-pixbuf, zbar, the /URI scan, the calendar unfolding, data:
 *	URLs inside files, and the limits themselves.  Every link and the
 *	text found are read back.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rp_attach.h"
#include "rp_html.h"
#include "rp_mime.h"

static const rp_limits limits = {16, 64, 64, 16 * 1024};
static const rp_attach_limits files = {4, 32 * 1024, 16 * 1024, 32 * 1024, 3, 512 * 512};

/* body - rp_attach_body: text kept, HTML parsed */
static void body(void *ctx, const char *utf8, size_t len, int html)
{
    rp_features *f = ctx;

    if (html)
	rp_html_extract(utf8, len, &limits, f);
    else if (f->text.len < limits.max_text)
	rp_buf_append(&f->text, utf8, len < limits.max_text ? len : limits.max_text);
}

/* LLVMFuzzerInitialize - the libraries set up once */
int     LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    rp_mime_init();
    return 0;
}

/* LLVMFuzzerTestOneInput - one file under the label its first byte picks */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const types[] = {"application/pdf", "image/svg+xml", "text/calendar",
	"image/png", "image/jpeg", "image/gif", "text/html", NULL, NULL};
    rp_attach_ctx a;
    rp_features f;
    unsigned pick;
    size_t  i, total = 0;

    if (size < 1 || size > FUZZ_MAX_INPUT)
	return 0;
    pick = data[0] % (sizeof(types) / sizeof(types[0]));
    rp_features_init(&f);
    rp_attach_init(&a, &f, &limits, &files, body, &f);
    (void) rp_attach_read(&a, types[pick], pick == 7 ? "file.bin" : NULL, pick != 8,
			  pick == 6, (const char *) data + 1, size - 1);
    for (i = 0; i < f.nlinks; i++)
	total += strlen(f.links[i].href);
    total += f.text.len + f.hidden.len;
    rp_features_free(&f);
    return total == (size_t) -1;
}
