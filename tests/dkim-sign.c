/*
 * NAME
 *	dkim-sign 1
 * SUMMARY
 *	sign a test message with libopendkim (test helper)
 * SYNOPSIS
 *	dkim-sign KEYFILE SELECTOR DOMAIN [relaxed|simple] <message >signed
 * DESCRIPTION
 *	Reads a message (LF or CRLF line ends) on standard input, signs it
 *	with the PEM private key in KEYFILE (as opendkim-genkey writes it)
 *	for d=DOMAIN, s=SELECTOR, rsa-sha256, header and body
 *	canonicalization as given (default relaxed), every header field
 *	signed, and writes the DKIM-Signature header field followed by the
 *	message unchanged.  The tests make their keys and signed mail with
 *	it at test time (opendkim-testmsg of OpenDKIM 2.11 signs rsa-sha1
 *	only, which keys with h=sha256 refuse).
 * DIAGNOSTICS
 *	Exit status 0 on success, 2 with a message on standard error.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opendkim/dkim.h>

#include "rp_util.h"

/* fail - say why and give up */
static void fail(const char *what, DKIM_STAT status)
{
    fprintf(stderr, "dkim-sign: %s: %s\n", what, dkim_getresultstr(status));
    exit(2);
}

/* read_all - a whole stream into a NUL-terminated buffer */
static void read_all(FILE *fp, rp_buf *out)
{
    char    chunk[8192];
    size_t  n;

    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
	rp_buf_append(out, chunk, n);
}

int     main(int argc, char **argv)
{
    DKIM_LIB *lib;
    DKIM   *dkim;
    DKIM_STAT status;
    rp_buf  key, msg, crlf;
    FILE   *fp;
    size_t  i, len;
    unsigned char *hdr;
    dkim_canon_t canon = DKIM_CANON_RELAXED;

    if (argc < 4 || argc > 5
	|| (argc == 5 && strcmp(argv[4], "relaxed") != 0 && strcmp(argv[4], "simple") != 0)) {
	fprintf(stderr, "usage: dkim-sign KEYFILE SELECTOR DOMAIN [relaxed|simple]\n");
	return 2;
    }
    if (argc == 5 && strcmp(argv[4], "simple") == 0)
	canon = DKIM_CANON_SIMPLE;
    rp_buf_init(&key);
    rp_buf_init(&msg);
    rp_buf_init(&crlf);
    if ((fp = fopen(argv[1], "r")) == NULL) {
	perror(argv[1]);
	return 2;
    }
    read_all(fp, &key);
    fclose(fp);
    read_all(stdin, &msg);
    for (i = 0; i < msg.len; i++) {
	if (msg.data[i] == '\n' && (i == 0 || msg.data[i - 1] != '\r'))
	    rp_buf_putc(&crlf, '\r');
	rp_buf_putc(&crlf, msg.data[i]);
    }
    if ((lib = dkim_init(NULL, NULL)) == NULL)
	fail("dkim_init", DKIM_STAT_NORESOURCE);
    dkim = dkim_sign(lib, (const unsigned char *) "dkim-sign", NULL,
		     (dkim_sigkey_t) key.data, (const unsigned char *) argv[2],
		     (const unsigned char *) argv[3], canon, canon,
		     DKIM_SIGN_RSASHA256, -1, &status);
    if (dkim == NULL)
	fail("dkim_sign", status);
    if ((status = dkim_chunk(dkim, (unsigned char *) crlf.data, crlf.len)) != DKIM_STAT_OK
	|| (status = dkim_chunk(dkim, NULL, 0)) != DKIM_STAT_OK
	|| (status = dkim_eom(dkim, NULL)) != DKIM_STAT_OK)
	fail("signing", status);
    if ((status = dkim_getsighdr_d(dkim, strlen(DKIM_SIGNHEADER ": "), &hdr, &len))
	!= DKIM_STAT_OK)
	fail("dkim_getsighdr_d", status);
    /* Folded with CRLF; written with LF, like the message. */
    printf("%s: ", DKIM_SIGNHEADER);
    for (i = 0; i < len; i++)
	if (hdr[i] != '\r')
	    putchar(hdr[i]);
    putchar('\n');
    fwrite(msg.data, 1, msg.len, stdout);
    dkim_free(dkim);
    dkim_close(lib);
    rp_buf_free(&key);
    rp_buf_free(&msg);
    rp_buf_free(&crlf);
    return fflush(stdout) == 0 ? 0 : 2;
}
