/*
 * feed_date_driver.c — feed_parse_date on the command line, for the
 * comparison with feedparser (bench/feedconf/date_dev.py).  Reads one date
 * a line from stdin and prints, a line each, its Unix seconds or "none".
 *
 *   feed_date_driver [-x] [NOW]
 *
 * -x: each line is the date's bytes in hex (so a date may hold a newline
 * or any byte); NOW: Unix seconds taken as "today" (default: the clock).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed/date.h"

/* Decodes the hex digits of LINE in place; returns its length in bytes,
 * or -1 when it is not hex. */
static long unhex(char *line)
{
	size_t n = strlen(line), o = 0;
	if (n % 2)
		return -1;
	for (size_t i = 0; i < n; i += 2) {
		unsigned v;
		if (sscanf(line + i, "%2x", &v) != 1)
			return -1;
		line[o++] = (char)v;
	}
	line[o] = '\0';
	return (long)o;
}

int main(int argc, char **argv)
{
	int hex = 0;
	int64_t now = (int64_t)time(NULL);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-x") == 0)
			hex = 1;
		else
			now = strtoll(argv[i], NULL, 10);
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (hex && unhex(line) < 0) {
			printf("bad-hex\n");
			continue;
		}
		int64_t t = feed_parse_date_at(line, now);
		if (t == PX_TIME_UNKNOWN)
			printf("none\n");
		else
			printf("%" PRId64 "\n", t);
	}
	free(line);
	return 0;
}
