/*
 * test_poll.c — the poller (px_poll) against the loopback fixture server:
 * feeds and pages become stories; a second run fetches nothing twice
 * (conditional GET answers 304, seen entries are not fetched again); a page
 * robots.txt disallows, or that is missing, falls back to the feed's text;
 * a failing feed is recorded with its error; a stop requested before a
 * round fetches nothing.  A stop by a signal in mid-transfer, and a kill,
 * are tested on `parallax run` itself, in tests/cli_net.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture_server.h"
#include "parallax.h"

static char root[64], dbpath[96];
static int port;
static pid_t server;

static void write_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", root, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	snprintf(root, sizeof(root), "/tmp/px-poll-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "cp -r tests/fixtures/http/. %s/", root);
	if (system(cmd) != 0)
		return -1;
	/* A feed whose one entry robots.txt keeps us from fetching. */
	FILE *f;
	char path[128];
	snprintf(path, sizeof(path), "%s/private.xml", root);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("<rss version=\"2.0\"><channel><title>Draft desk</title><item>"
	      "<title>Lighthouse keepers vote to join the harbour union</title>"
	      "<link>private/draft.html</link><description>Keepers at the three northern "
	      "lights voted to join the harbour workers' union on Monday.</description>"
	      "</item></channel></rss>", f);
	fclose(f);
	snprintf(dbpath, sizeof(dbpath), "%s/parallax.db", root);
	return start_fixture_server(root, &port, &server);
}

static int teardown(void **state)
{
	(void)state;
	int rc = stop_fixture_server(server);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	if (system(cmd) != 0)
		rc = -1;
	curl_global_cleanup();
	return rc;
}

static const char *url(const char *path)
{
	return fixture_url(port, path);
}

/* How many times the server was asked for PATH so far. */
static int hits(const char *path)
{
	px_fetch_result r;
	px_error err = { 0 };
	px_fetch_opts o = { .allow_private = 1 };
	assert_int_equal(px_fetch(url("/stats"), &o, &r, &err), 0);
	char key[300];
	snprintf(key, sizeof(key), "\"%s\"", path);
	const char *p = strstr(r.body, key);
	int n = 0;
	if (p) {
		const char *c = strstr(p, "\"count\"");
		if (c)
			n = atoi(strchr(c, ':') + 1);
	}
	px_fetch_result_free(&r);
	return n;
}

static px_poll_opts opts(void)
{
	px_poll_opts o = { .once = 1, .allow_private = 1, .host_delay_ms = -1,
	                   .timeout_ms = 5000 };
	return o;
}

static void feeds_and_pages_become_stories(void **state)
{
	(void)state;
	px_error err = { 0 };
	px_db *db = px_open(dbpath, &err);
	assert_non_null(db);
	const char *feeds[] = { "/f/harbor.xml", "/f/valley.atom", "/f/notes.json",
	                        "/f/private.xml", "/status/500/broken.xml" };
	for (size_t i = 0; i < sizeof(feeds) / sizeof(*feeds); i++)
		assert_true(px_feed_add(db, url(feeds[i]), NULL, NULL, &err) >= 0);
	px_poll_opts o = opts();
	px_poll_stats st;
	assert_int_equal(px_poll(db, &o, &st, &err), 0);
	assert_int_equal(st.feeds, 4);
	assert_int_equal(st.feed_errors, 1);
	assert_int_equal(st.entries_new, 7);
	assert_int_equal(st.robots_denied, 1);
	assert_int_equal(st.articles_new + st.copies + st.duplicates, 7);
	assert_int_equal(st.rejected, 0);
	/* Each page once, robots.txt once, the disallowed page never. */
	assert_int_equal(hits("/f/articles/tidal-barrier.html"), 1);
	assert_int_equal(hits("/robots.txt"), 1);
	assert_int_equal(hits("/f/private/draft.html"), 0);

	/* The stories hold the pages' text, and the missing pages' entries. */
	px_story_list l;
	assert_int_equal(px_stories_list(db, 0, &l, &err), 0);
	int barrier = 0, lighthouse = 0;
	for (size_t i = 0; i < l.n; i++) {
		const px_story *s = l.stories[i];
		for (size_t k = 0; k < s->n_articles; k++) {
			if (strstr(s->articles[k].title, "tidal barrier") ||
			    strstr(s->articles[k].title, "Tidal barrier"))
				barrier = (int)s->n_articles;
			if (strstr(s->articles[k].title, "Lighthouse keepers"))
				lighthouse = 1;
		}
	}
	px_story_list_free(&l);
	assert_int_equal(barrier, 2); /* two outlets' reports of one vote */
	assert_true(lighthouse);

	/* The failing feed is recorded with its error. */
	px_feed_info_list fl;
	assert_int_equal(px_feed_list(db, &fl, &err), 0);
	int recorded = 0;
	for (size_t i = 0; i < fl.n; i++)
		if (strstr(fl.feeds[i].url_given, "/status/500/")) {
			assert_int_equal(fl.feeds[i].last_status, 500);
			assert_int_equal(fl.feeds[i].error_count, 1);
			assert_non_null(strstr(fl.feeds[i].last_error, "HTTP 500"));
			recorded = 1;
		} else {
			assert_int_equal(fl.feeds[i].error_count, 0);
			assert_int_equal(fl.feeds[i].last_status, 200);
		}
	px_feed_list_free(&fl);
	assert_true(recorded);
	px_close(db);
}

static void a_restart_fetches_nothing_twice(void **state)
{
	(void)state;
	px_error err = { 0 };
	px_db *db = px_open(dbpath, &err);
	assert_non_null(db);
	px_poll_opts o = opts();
	o.all = 1; /* every feed, although none is due yet */
	px_poll_stats st;
	assert_int_equal(px_poll(db, &o, &st, &err), 0);
	assert_int_equal(st.not_modified, 4); /* ETag and Last-Modified sent back */
	assert_int_equal(st.entries_new, 0);
	assert_int_equal(st.articles_new, 0);
	assert_int_equal(hits("/f/articles/tidal-barrier.html"), 1);
	assert_int_equal(hits("/f/harbor.xml"), 2);

	/* A new entry in a feed: only it is fetched. */
	char path[256];
	snprintf(path, sizeof(path), "%s/harbor.xml", root);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char *b = calloc(1, 1 << 16);
	size_t n = fread(b, 1, (1 << 16) - 1, f);
	fclose(f);
	b[n] = 0;
	char *item = strstr(b, "<item>");
	assert_non_null(item);
	char *out = malloc(n + 1024);
	size_t head = (size_t)(item - b);
	memcpy(out, b, head);
	int k = sprintf(out + head, "<item><title>Harbour pilots get a new launch</title>"
	                            "<link>articles/pilot-launch.html</link><guid>pilot-1</guid>"
	                            "<description>The pilots' new launch arrived on Friday "
	                            "from the Brenn yard.</description></item>");
	strcpy(out + head + (size_t)k, item);
	write_file("harbor.xml", out);
	free(out);
	free(b);
	assert_int_equal(px_poll(db, &o, &st, &err), 0);
	assert_int_equal(st.entries_new, 1);
	assert_int_equal(st.page_errors, 1); /* no such page: the feed's text */
	assert_int_equal(st.articles_new, 1);
	assert_int_equal(hits("/f/articles/tidal-barrier.html"), 1);
	px_close(db);
}

static void a_stop_request_before_a_round_fetches_nothing(void **state)
{
	(void)state;
	px_error err = { 0 };
	px_db *db = px_open(dbpath, &err);
	assert_non_null(db);
	assert_true(px_feed_add(db, url("/slow/3000/valley.atom"), NULL, NULL, &err) >= 0);
	volatile int stop = 1; /* asked to stop before it begins */
	px_poll_opts o = opts();
	o.all = 1;
	o.stop = &stop;
	px_poll_stats st;
	assert_int_equal(px_poll(db, &o, &st, &err), 0);
	assert_int_equal(st.feeds + st.not_modified + st.feed_errors, 0);
	px_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(feeds_and_pages_become_stories),
		cmocka_unit_test(a_restart_fetches_nothing_twice),
		cmocka_unit_test(a_stop_request_before_a_round_fetches_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
