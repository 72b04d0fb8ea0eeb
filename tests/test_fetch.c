/*
 * test_fetch.c — the guarded fetcher (src/fetch/) against the loopback
 * fixture server: statuses, conditional GET, gzip, redirects, the size cap,
 * timeouts, and the refusal of private addresses (which the loopback
 * server is, so every other test passes allow_private).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "fixture_server.h"
#include "parallax.h"

static int port;
static pid_t server;

static int setup(void **state)
{
	(void)state;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return start_fixture_server("tests/fixtures/http", &port, &server);
}

static int teardown(void **state)
{
	(void)state;
	int rc = stop_fixture_server(server);
	curl_global_cleanup();
	return rc;
}

static const char *url(const char *path)
{
	return fixture_url(port, path);
}

static const px_fetch_opts loopback = { .allow_private = 1 };

static char *file_text(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *b = malloc(1 << 20);
	*n = fread(b, 1, 1 << 20, f);
	fclose(f);
	return b;
}

static void fetches_a_feed_with_its_headers(void **state)
{
	(void)state;
	px_fetch_result r;
	px_error err = { 0 };
	assert_int_equal(px_fetch(url("/f/harbor.xml"), &loopback, &r, &err), 0);
	assert_int_equal(r.status, 200);
	size_t n;
	char *want = file_text("tests/fixtures/http/harbor.xml", &n);
	assert_int_equal(r.len, n);
	assert_memory_equal(r.body, want, n);
	assert_non_null(strstr(r.content_type, "rss+xml"));
	assert_non_null(r.etag);
	assert_non_null(r.last_modified);
	assert_false(r.truncated);
	free(want);

	/* The same again with the validators: 304, no body. */
	px_fetch_opts again = { .allow_private = 1, .etag = r.etag };
	px_fetch_result r2;
	assert_int_equal(px_fetch(url("/f/harbor.xml"), &again, &r2, &err), 0);
	assert_int_equal(r2.status, 304);
	assert_null(r2.body);
	px_fetch_opts since = { .allow_private = 1, .last_modified = r.last_modified };
	px_fetch_result r3;
	assert_int_equal(px_fetch(url("/f/harbor.xml"), &since, &r3, &err), 0);
	assert_int_equal(r3.status, 304);
	px_fetch_result_free(&r);
	px_fetch_result_free(&r2);
	px_fetch_result_free(&r3);
}

static void asks_for_gzip_and_decodes_it(void **state)
{
	(void)state;
	px_fetch_result r;
	px_error err = { 0 };
	assert_int_equal(px_fetch(url("/stats/reset"), &loopback, &r, &err), 0);
	px_fetch_result_free(&r);
	assert_int_equal(px_fetch(url("/f/valley.atom"), &loopback, &r, &err), 0);
	size_t n;
	char *want = file_text("tests/fixtures/http/valley.atom", &n);
	assert_int_equal(r.len, n);
	assert_memory_equal(r.body, want, n);
	free(want);
	px_fetch_result_free(&r);
	/* The server saw the request ask for gzip and name Parallax. */
	assert_int_equal(px_fetch(url("/stats"), &loopback, &r, &err), 0);
	assert_non_null(strstr(r.body, "gzip"));
	assert_non_null(strstr(r.body, "Parallax/"));
	px_fetch_result_free(&r);
}

static void follows_redirects_and_reports_where(void **state)
{
	(void)state;
	px_fetch_result r;
	px_error err = { 0 };
	assert_int_equal(px_fetch(url("/redirect/3/harbor.xml"), &loopback, &r, &err), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.url, "/f/harbor.xml"));
	px_fetch_result_free(&r);
	/* Six hops is one too many. */
	assert_int_not_equal(px_fetch(url("/redirect/6/harbor.xml"), &loopback, &r, &err), 0);
	assert_non_null(strstr(err.msg, "redirect"));
}

static void statuses_reach_the_caller(void **state)
{
	(void)state;
	px_fetch_result r;
	px_error err = { 0 };
	assert_int_equal(px_fetch(url("/status/503"), &loopback, &r, &err), 0);
	assert_int_equal(r.status, 503);
	assert_int_equal(r.retry_after, 2);
	px_fetch_result_free(&r);
	assert_int_equal(px_fetch(url("/f/no-such-file.xml"), &loopback, &r, &err), 0);
	assert_int_equal(r.status, 404);
	px_fetch_result_free(&r);
}

static void cuts_bodies_at_the_cap(void **state)
{
	(void)state;
	px_fetch_opts small = { .allow_private = 1, .max_bytes = 100000 };
	px_fetch_result r;
	px_error err = { 0 };
	/* Chunked, without a length, and with one. */
	assert_int_equal(px_fetch(url("/big/5000000"), &small, &r, &err), 0);
	assert_true(r.truncated);
	assert_int_equal(r.len, 100000);
	px_fetch_result_free(&r);
	assert_int_equal(px_fetch(url("/bigcl/5000000"), &small, &r, &err), 0);
	assert_true(r.truncated);
	assert_int_equal(r.len, 100000);
	px_fetch_result_free(&r);
	assert_int_equal(px_fetch(url("/big/99999"), &small, &r, &err), 0);
	assert_false(r.truncated);
	assert_int_equal(r.len, 99999);
	px_fetch_result_free(&r);
}

static void slow_servers_time_out(void **state)
{
	(void)state;
	px_fetch_opts quick = { .allow_private = 1, .timeout_ms = 500 };
	px_fetch_result r;
	px_error err = { 0 };
	assert_int_equal(px_fetch(url("/slow/3000/harbor.xml"), &quick, &r, &err), PX_EIO);
	assert_non_null(strstr(err.msg, "/slow/3000/harbor.xml"));
	assert_int_equal(px_fetch(url("/drip/100000/50"), &quick, &r, &err), PX_EIO);
}

static void private_addresses_are_refused(void **state)
{
	(void)state;
	px_fetch_result r;
	px_error err = { 0 };
	assert_int_equal(px_fetch(url("/f/harbor.xml"), NULL, &r, &err), PX_EINVAL);
	assert_non_null(strstr(err.msg, "127.0.0.1"));
	assert_non_null(strstr(err.msg, "private"));
	/* A name that resolves to loopback is no better than the address. */
	char named[128];
	snprintf(named, sizeof(named), "http://localhost:%d/f/harbor.xml", port);
	assert_int_equal(px_fetch(named, NULL, &r, &err), PX_EINVAL);
	/* Only http and https. */
	assert_int_equal(px_fetch("file:///etc/passwd", &loopback, &r, &err), PX_EINVAL);
	assert_int_equal(px_fetch("ftp://127.0.0.1/x", &loopback, &r, &err), PX_EINVAL);
	/* A redirect from an allowed host to file:// is refused by libcurl. */
	assert_int_not_equal(px_fetch(url("/redirect-to?url=file:///etc/passwd"), &loopback, &r,
	                              &err), 0);
}

static int is_private_v4(const char *ip)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	assert_int_equal(inet_pton(AF_INET, ip, &a.sin_addr), 1);
	return fetch_address_is_private((struct sockaddr *)&a);
}

static int is_private_v6(const char *ip)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };
	assert_int_equal(inet_pton(AF_INET6, ip, &a.sin6_addr), 1);
	return fetch_address_is_private((struct sockaddr *)&a);
}

static void address_classes(void **state)
{
	(void)state;
	static const char *const private4[] = { "127.0.0.1", "10.1.2.3", "172.16.0.1",
	                                        "172.31.255.255", "192.168.1.1", "169.254.169.254",
	                                        "100.64.0.1", "0.0.0.0", "224.0.0.1",
	                                        "255.255.255.255", "198.18.0.1", "192.0.0.8" };
	static const char *const public4[] = { "8.8.8.8", "172.15.255.255", "172.32.0.1",
	                                       "100.128.0.1", "93.184.216.34", "198.20.0.1" };
	for (size_t i = 0; i < sizeof(private4) / sizeof(*private4); i++)
		if (!is_private_v4(private4[i]))
			fail_msg("%s should be private", private4[i]);
	for (size_t i = 0; i < sizeof(public4) / sizeof(*public4); i++)
		if (is_private_v4(public4[i]))
			fail_msg("%s should be public", public4[i]);
	assert_true(is_private_v6("::1"));
	assert_true(is_private_v6("::"));
	assert_true(is_private_v6("fe80::1"));
	assert_true(is_private_v6("fd00::1"));
	assert_true(is_private_v6("ff02::1"));
	assert_true(is_private_v6("::ffff:127.0.0.1"));
	assert_true(is_private_v6("::ffff:10.0.0.1"));
	assert_false(is_private_v6("::ffff:8.8.8.8"));
	assert_false(is_private_v6("2606:4700::1111"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fetches_a_feed_with_its_headers),
		cmocka_unit_test(asks_for_gzip_and_decodes_it),
		cmocka_unit_test(follows_redirects_and_reports_where),
		cmocka_unit_test(statuses_reach_the_caller),
		cmocka_unit_test(cuts_bodies_at_the_cap),
		cmocka_unit_test(slow_servers_time_out),
		cmocka_unit_test(private_addresses_are_refused),
		cmocka_unit_test(address_classes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
