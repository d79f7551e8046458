/*
 * NAME
 *	fuzz_util 3
 * SUMMARY
 *	helpers for the libFuzzer targets
 * SYNOPSIS
 *	#include "fuzz.h"
 * DESCRIPTION
 *	fuzz_strndup() turns fuzzer bytes into a C string.  fuzz_tmpdir()
 *	and fuzz_write() give the parsers that read files (config, rules)
 *	a file to read: one private directory per process, made with
 *	mkdtemp() on first use and emptied and removed at exit, so that
 *	parallel fuzzing jobs never share files.
 * DIAGNOSTICS
 *	A harness that cannot make its temporary files aborts: the run
 *	would measure nothing.
 */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "rp_util.h"

static char tmpdir[PATH_MAX];

/* fuzz_strndup - copy up to the first NUL */
char   *fuzz_strndup(const uint8_t *data, size_t size)
{
    return rp_strndup((const char *) data, size);
}

/* fuzz_cleanup - empty and remove the private directory */
static void fuzz_cleanup(void)
{
    char    path[PATH_MAX + 256];
    DIR    *dir;
    struct dirent *de;

    if ((dir = opendir(tmpdir)) != NULL) {
	while ((de = readdir(dir)) != NULL) {
	    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
		continue;
	    snprintf(path, sizeof(path), "%s/%s", tmpdir, de->d_name);
	    unlink(path);
	}
	closedir(dir);
    }
    rmdir(tmpdir);
}

/* fuzz_tmpdir - make the directory on first use */
const char *fuzz_tmpdir(void)
{
    const char *base = getenv("TMPDIR");

    if (*tmpdir)
	return tmpdir;
    snprintf(tmpdir, sizeof(tmpdir), "%s/regphish-fuzz.XXXXXX",
	     base && *base ? base : "/tmp");
    if (mkdtemp(tmpdir) == NULL) {
	perror(tmpdir);
	abort();
    }
    atexit(fuzz_cleanup);
    return tmpdir;
}

/* fuzz_write - write the whole file, or abort */
const char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
    static char path[PATH_MAX + 256];
    FILE   *fp;

    snprintf(path, sizeof(path), "%s/%s", fuzz_tmpdir(), name);
    if ((fp = fopen(path, "wb")) == NULL
	|| (size && fwrite(data, 1, size, fp) != size)
	|| fclose(fp) != 0) {
	perror(path);
	abort();
    }
    return path;
}
