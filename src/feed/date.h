/*
 * date.h — dates as feeds write them (internal to the feed/ stage).
 *
 * One entry point reads a date the way Universal Feed Parser 6.0.10 reads
 * it (feedparser.datetimes._parse_date), so a feed gives the same instant
 * here as there; the other turns an instant into feedparser's *_parsed
 * 9-tuple.  date.c says how, and where this parser departs from
 * feedparser on purpose.
 */
#ifndef PX_FEED_DATE_H
#define PX_FEED_DATE_H

#include <stdint.h>

#include "parallax.h"

/* Unix seconds (UTC) of the date S as feeds write it, or PX_TIME_UNKNOWN
 * (from parallax.h) when it is not a date.  Accepts RFC 822/2822 and their
 * broken variants found in the wild (2-digit years, missing day name or
 * seconds, day names/months in any case, extra commas/dots, military and
 * named zones EST/PDT/GMT/UT/Z, +HHMM/+HH:MM offsets, "Sun, 23 Nov 2025
 * 10:00:00 +0000 (UTC)"), RFC 3339 / W3C-DTF / ISO 8601 in all
 * feedparser's forms (dates only, year-month, ordinal dates, fractional
 * seconds, no colon in offset, space for T), asctime ("Sun Jan  4 16:29:06
 * PST 2004"), and the localized formats feedparser handles (Korean
 * OnBlog/Nate, Greek, Hungarian, perforce "2003/01/01 12:00:00 EST"...).
 * S is UTF-8; NULL or "" is not a date.  Never reads past the NUL; time
 * linear in strlen(S); no allocation.  Where feedparser fills in a missing
 * year, month or day from today's date (ISO 8601 "--MM-DD", "10:00"),
 * today is the current UTC date. */
int64_t feed_parse_date(const char *s);

/* feed_parse_date with NOW (Unix seconds) as "today" — for tests and the
 * comparison driver, which must not depend on the clock. */
int64_t feed_parse_date_at(const char *s, int64_t now);

/* feedparser's *_parsed 9-tuple for T: year, month, day, hour, min, sec,
 * weekday (Monday = 0), day of year (1-based), isdst (0), UTC.  T is any
 * time feed_parse_date returns (years -10^6 .. 10^6); outside that range,
 * and for PX_TIME_UNKNOWN, OUT is all zeros. */
void feed_date_tuple(int64_t t, int out[9]);

#endif
