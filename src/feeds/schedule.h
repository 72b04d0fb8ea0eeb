/*
 * schedule.h — when a feed is fetched next: the arithmetic of the feed
 * registry, kept apart from the SQL (store/) and the API (core/feeds.c) so
 * that it can be tested number by number.
 *
 * Every feed has a polling interval, FEEDS_INTERVAL_DEFAULT until its own
 * posting rate says otherwise, always within [FEEDS_INTERVAL_MIN,
 * FEEDS_INTERVAL_MAX].
 *
 *  - After a good fetch (2xx or 304, no error), the interval is half the
 *    mean gap between the feed's latest new entries (feeds_interval), and
 *    the feed is due again one interval later.
 *  - After a failed fetch, the interval is kept and the feed backs off:
 *    due after min(interval * 2^errors, FEEDS_BACKOFF_MAX), errors being
 *    the consecutive failures so far, this one included.
 *  - A Retry-After (429, 503) is honoured either way: never due before it
 *    (capped at FEEDS_RETRY_AFTER_MAX, so a misconfigured server cannot park
 *    a feed for years).
 *
 * Entries are remembered per feed under a key (feeds_entry_key): the
 * entry's id, or its link, canonical when it is a URL.
 */
#ifndef PX_FEEDS_SCHEDULE_H
#define PX_FEEDS_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#define FEEDS_INTERVAL_DEFAULT 1800
#define FEEDS_INTERVAL_MIN 300
#define FEEDS_INTERVAL_MAX 86400
#define FEEDS_BACKOFF_MAX 86400
#define FEEDS_RETRY_AFTER_MAX (7 * 86400)
/* How many of the latest new entries the posting rate is measured on. */
#define FEEDS_RATE_ENTRIES 10

/* V clamped to [FEEDS_INTERVAL_MIN, FEEDS_INTERVAL_MAX]. */
int feeds_interval_clamp(int64_t v);

/* 1 when a fetch with HTTP STATUS (negative: no response) and ERROR text
 * (NULL: none) failed: no response, a status other than 2xx and 304, or an
 * error the caller found in the body (not a feed). */
int feeds_fetch_failed(long status, const char *error);

/*
 * When a feed fetched at NOW is due next.  INTERVAL is the feed's
 * interval, ERRORS its consecutive failures including this fetch (0 after
 * a good one), RETRY_AFTER the seconds the server asked for (0: none).
 */
int64_t feeds_next_due(int64_t now, int interval, int errors, long retry_after);

/*
 * The adaptive interval at NOW from the feed's entry arrivals: TIMES[i]
 * the time a fetch first saw COUNTS[i] new entries, newest first, N
 * groups.  The last group is only a boundary and is never counted: it is
 * the feed's first read (a backlog that says nothing of the posting rate)
 * or simply where the window starts.  Counting back from the newest until
 * FEEDS_RATE_ENTRIES entries (whole groups), K entries arrived in
 * (T_START, NOW], T_START the next older group's time: the mean gap is
 * (NOW - T_START) / K, and the interval half of it — the silence since the
 * last new entry counts, so a feed that stops posting is polled less and
 * less.  With no arrival after the first read (N == 1): half the time
 * since that read, but not under FEEDS_INTERVAL_DEFAULT.  With no entry
 * at all (N == 0): CURRENT.  Always clamped.
 */
int feeds_interval(int64_t now, int current, const int64_t *times,
                   const int *counts, size_t n);

/* The key an entry is remembered under: KEY trimmed, and canonical
 * (px_url_canonical) when it is an http(s) URL.  malloc'd; NULL when KEY
 * is empty. */
char *feeds_entry_key(const char *key);

#endif
