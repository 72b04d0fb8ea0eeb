/*
 * time.c — RFC 3339 / ISO 8601 parsing and formatting without the C
 * library's time-zone state: days are counted with the proleptic Gregorian
 * civil-from-days arithmetic, so results do not depend on TZ or locale.
 */
#include "parallax.h"
#include "timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int64_t px_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

/* Reads exactly N digits at *P; returns -1 if they are not there. */
static int digits(const char **p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return v;
}

int64_t px_parse_time(const char *s)
{
	if (!s)
		return PX_TIME_UNKNOWN;
	while (isspace((unsigned char)*s))
		s++;
	const char *p = s;
	int y = digits(&p, 4);
	if (y < 0 || *p++ != '-')
		return PX_TIME_UNKNOWN;
	int mo = digits(&p, 2);
	if (mo < 1 || mo > 12 || *p++ != '-')
		return PX_TIME_UNKNOWN;
	int d = digits(&p, 2);
	if (d < 1 || d > 31)
		return PX_TIME_UNKNOWN;
	int h = 0, mi = 0, sec = 0;
	int64_t offset = 0;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		h = digits(&p, 2);
		if (h < 0 || h > 24 || *p++ != ':')
			return PX_TIME_UNKNOWN;
		mi = digits(&p, 2);
		if (mi < 0 || mi > 59)
			return PX_TIME_UNKNOWN;
		if (*p == ':') {
			p++;
			sec = digits(&p, 2);
			if (sec < 0 || sec > 60)
				return PX_TIME_UNKNOWN;
			if (*p == '.' || *p == ',') {
				p++;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1;
			int oh = digits(&p, 2), om = 0;
			if (oh < 0 || oh > 23)
				return PX_TIME_UNKNOWN;
			if (*p == ':')
				p++;
			if (isdigit((unsigned char)*p) && (om = digits(&p, 2)) < 0)
				return PX_TIME_UNKNOWN;
			offset = sign * (oh * 3600 + om * 60);
		}
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		return PX_TIME_UNKNOWN;
	return px_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	       h * 3600 + mi * 60 + sec - offset;
}

char *px_format_time(int64_t t, char *buf, size_t size)
{
	if (t == PX_TIME_UNKNOWN) {
		snprintf(buf, size, "unknown");
		return buf;
	}
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rem = t - days * 86400;
	int y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d,
	         (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
	return buf;
}
