/*
 * outlets.h — who published an article, and what raters say about them.
 *
 * An outlet is a name, the hosts (and host/path sections) it publishes on,
 * its feeds, its country, language and ownership, and any number of
 * ratings.  A rating is one rater's value on one dimension, with its
 * provenance: who rated, when, and where Parallax read it.
 *
 * Common scales (what every importer maps into, and what combines):
 *   lean        -3 far-left, -2 left, -1 lean-left, 0 center, 1 lean-right,
 *               2 right, 3 far-right (US politics, as Ground News uses)
 *   factuality  0 very-low, 1 low, 2 mixed, 3 mostly-factual, 4 high,
 *               5 very-high
 * A combined value is the mean of the raters' values, rounded to the
 * nearest level for its label — unless the user rated the outlet
 * (rater "user"): an override replaces the mean, and says so.
 *
 * This stage holds no SQL: it parses, maps and matches; store/ keeps.
 */
#ifndef PX_OUTLETS_H
#define PX_OUTLETS_H

#include <stddef.h>
#include <stdint.h>

#include "parallax.h"

#define OUTLET_USER_RATER "user"

/* ------------------------------------------------------------- scales */

typedef enum outlet_dim { OUTLET_LEAN, OUTLET_FACTUALITY } outlet_dim;

/* "lean-left" etc. for the level nearest V; NULL for NaN. */
const char *outlet_level_name(outlet_dim d, double v);
/* Parses a level name of our scale ("lean-left", "Lean Left", "mostly
 * factual"); -1 when it is none. */
int outlet_level_parse(outlet_dim d, const char *s, double *v);
const char *outlet_dim_name(outlet_dim d);
/* One of the ownership tokens (independent, corporation, ...)? */
int outlet_ownership_valid(const char *s);

/* ------------------------------------------------------------- records */

typedef struct outlet_rating {
	outlet_dim dim;
	double value;           /* on the common scale */
	const char *rater;      /* "mbfc", "allsides", "adfontes", "user", ... */
	const char *label;      /* the rater's own words or number, as read */
	const char *date;       /* YYYY-MM-DD when known, else NULL */
	const char *source;     /* FILE:LINE it came from, or NULL */
} outlet_rating;

typedef struct outlet_record {
	const char *slug;       /* stable id from a registry, or NULL */
	const char *name;
	const char **domains;   /* hosts or host/path sections, normalised */
	size_t n_domains;
	const char **feeds;
	size_t n_feeds;
	const char *country, *language, *ownership, *owner;   /* or NULL */
	outlet_rating *ratings;
	size_t n_ratings;
	const char *where;      /* FILE:LINE of the row */
} outlet_record;

/* The combination of an outlet's ratings on one dimension. */
typedef struct outlet_combined {
	double value;           /* NaN when unrated */
	const char *level;      /* outlet_level_name(value), or NULL */
	int n_raters;
	int overridden;         /* the user's rating decided it */
} outlet_combined;

void outlet_combine(const outlet_rating *r, size_t n, outlet_dim d,
                    outlet_combined *out);

/* ------------------------------------------------------------- importing */

/* A format may come in more than one shape; the importer tells them apart
 * by the start of the file. */
typedef enum outlet_format {
	OUTLET_CSV,             /* Parallax's own table: data/outlets.csv */
	OUTLET_MBFC,            /* Media Bias/Fact Check: mbfcext's JSON, or a CSV
	                         * of source (a domain), bias, factual_reporting */
	OUTLET_ALLSIDES,        /* AllSides CSV: news_source, news_link, bias_rating;
	                         * or favstats' news_source, rating (no domains) */
	OUTLET_ADFONTES         /* Ad Fontes Media CSV */
} outlet_format;

int outlet_format_parse(const char *s, outlet_format *f);

/* Called for each good row; the record lives until the callback returns.
 * A non-zero return stops the import with that value. */
typedef int (*outlet_record_cb)(void *ctx, const outlet_record *r);
/* Called for each bad row: WHERE is "FILE:LINE", the row is skipped. */
typedef void (*outlet_reject_cb)(void *ctx, const char *where, const char *reason);

/*
 * Reads PATH in FORMAT, calling ON_RECORD for each usable row and
 * ON_REJECT for each one that is not.  DATE (YYYY-MM-DD, or NULL) dates
 * the ratings that carry no date of their own.  Returns the callback's
 * non-zero value, 0, or a negative px_status with ERR set when the file
 * cannot be read at all or is none of FORMAT's shapes.
 */
int outlet_import(const char *path, outlet_format format, const char *date,
                  outlet_record_cb on_record, outlet_reject_cb on_reject, void *ctx,
                  px_error *err);

/* ------------------------------------------------------------- domains */

/*
 * Normalises a host for matching: lower case, no port, no trailing dot,
 * and without a leading "www.", "amp.", "m." or "mobile.".  Writes at most
 * N bytes to OUT; returns 0, or -1 when there is no host.
 */
int outlet_host_normalise(const char *host, char *out, size_t n);

/*
 * The keys under which an outlet may be registered for URL (or a bare
 * host), most specific first: host/first/second directories, host/first,
 * host/D for each later directory D that is not all digits (dated paths:
 * /2025/03/03/opinion/...), the host, then its parent domains down to the
 * registrable one (news.bbc.co.uk -> bbc.co.uk, never co.uk).  Returns how many were
 * written to KEYS (each of KEY_MAX bytes), at most MAX.
 */
#define OUTLET_KEY_MAX 256
size_t outlet_domain_keys(const char *url, char keys[][OUTLET_KEY_MAX], size_t max);

#endif
