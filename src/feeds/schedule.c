/*
 * schedule.c — the polling arithmetic of the feed registry (schedule.h has
 * the rules).  Pure functions over numbers: no store, no clock.
 *
 * Why this estimator: the time an entry was first seen is the one clock
 * Parallax controls (feeds' own dates can be missing, wrong or in another
 * time zone), and entries arrive in groups, one per fetch, so the rate is
 * measured over whole groups: K entries in the span from the fetch before
 * the window to now.  Measuring to now rather than to the newest entry
 * makes silence count: a feed that posted every ten minutes last week and
 * nothing since is not polled every five.
 */
#include "feeds/schedule.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parallax.h"
#include "util/arena.h"

int feeds_interval_clamp(int64_t v)
{
	if (v < FEEDS_INTERVAL_MIN)
		return FEEDS_INTERVAL_MIN;
	if (v > FEEDS_INTERVAL_MAX)
		return FEEDS_INTERVAL_MAX;
	return (int)v;
}

int feeds_fetch_failed(long status, const char *error)
{
	if (error && *error)
		return 1;
	return !((status >= 200 && status <= 299) || status == 304);
}

int64_t feeds_next_due(int64_t now, int interval, int errors, long retry_after)
{
	int64_t wait = feeds_interval_clamp(interval);
	for (int i = 0; i < errors && wait < FEEDS_BACKOFF_MAX; i++)
		wait *= 2;
	if (errors > 0 && wait > FEEDS_BACKOFF_MAX)
		wait = FEEDS_BACKOFF_MAX;
	if (retry_after > 0) {
		int64_t ra = retry_after > FEEDS_RETRY_AFTER_MAX ? FEEDS_RETRY_AFTER_MAX : retry_after;
		if (ra > wait)
			wait = ra;
	}
	return now + wait;
}

int feeds_interval(int64_t now, int current, const int64_t *times,
                   const int *counts, size_t n)
{
	if (n == 0)
		return feeds_interval_clamp(current);
	if (n == 1) {
		int64_t half = (now - times[0]) / 2;
		return feeds_interval_clamp(half > FEEDS_INTERVAL_DEFAULT ? half
		                                                          : FEEDS_INTERVAL_DEFAULT);
	}
	int64_t k = 0;
	size_t start = n - 1;
	for (size_t i = 0; i + 1 < n; i++) {
		k += counts[i] > 0 ? counts[i] : 0;
		if (k >= FEEDS_RATE_ENTRIES) {
			start = i + 1;
			break;
		}
	}
	if (k <= 0)
		return feeds_interval_clamp(current);
	int64_t span = now - times[start];
	return feeds_interval_clamp(span / k / 2);
}

char *feeds_entry_key(const char *key)
{
	if (!key)
		return NULL;
	while (*key && isspace((unsigned char)*key))
		key++;
	size_t n = strlen(key);
	while (n && isspace((unsigned char)key[n - 1]))
		n--;
	if (!n)
		return NULL;
	char *k = px_xmalloc(n + 1);
	memcpy(k, key, n);
	k[n] = '\0';
	if (!strncasecmp(k, "http://", 7) || !strncasecmp(k, "https://", 8)) {
		char *canon = px_url_canonical(k);
		if (canon) {
			free(k);
			return canon;
		}
	}
	return k;
}
