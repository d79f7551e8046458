/*
 * NAME
 *	rp_ics 3h
 * SUMMARY
 *	links and text of a calendar invitation (RFC 5545)
 * SYNOPSIS
 *	#include "rp_ics.h"
 * DESCRIPTION
 *	rp_ics_read() unfolds and unescapes an iCalendar object and hands
 *	what an invitation shows to the sink; returns 1 when the bytes are
 *	no calendar (no BEGIN:VCALENDAR or BEGIN:VEVENT), else 0.
 */
#ifndef RP_ICS_H
#define RP_ICS_H

#include <stddef.h>
#include "rp_attach_sink.h"

int     rp_ics_read(const char *data, size_t len, const rp_attach_sink *sink);

#endif
