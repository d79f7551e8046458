/*
 * NAME
 *	rp_pdf 3h
 * SUMMARY
 *	links and text of a PDF (poppler), and /URI actions in its raw bytes
 * SYNOPSIS
 *	#include "rp_pdf.h"
 * DESCRIPTION
 *	rp_pdf_read() hands the link annotations and page text of a PDF's
 *	first pages to the sink; rp_pdf_scan_raw() finds /URI actions in
 *	the bytes without parsing them, for what poppler does not read.
 */
#ifndef RP_PDF_H
#define RP_PDF_H

#include <stddef.h>
#include "rp_attach_sink.h"

/* rp_pdf_read - RP_PDF_OK, or bits of what stopped the reading */
#define RP_PDF_OK	0
#define RP_PDF_BROKEN	1		/* poppler cannot open it */
#define RP_PDF_PAGES	2		/* more than max_pages: the first ones read */
int     rp_pdf_read(const char *data, size_t len, unsigned max_pages,
		    const rp_attach_sink *sink);
void    rp_pdf_scan_raw(const char *data, size_t len, const rp_attach_sink *sink);

#endif
