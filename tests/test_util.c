/* test_util.c — times, URLs, the hash map and the arena. */
#include "testutil.h"

#include "util/arena.h"
#include "util/buf.h"
#include "util/map.h"
#include "util/url.h"
#include "util/utf8.h"

static void rfc3339_parses_offsets_and_fractions(void **state)
{
	(void)state;
	assert_int_equal(px_parse_time("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(px_parse_time("2025-08-27T10:00:00+02:00"), 1756281600);
	assert_int_equal(px_parse_time("2025-08-27T08:00:00.123Z"), 1756281600);
	assert_int_equal(px_parse_time("2025-08-27T03:00:00-0500"), 1756281600);
	assert_int_equal(px_parse_time("2025-08-27 08:00:00Z"), 1756281600);
	assert_int_equal(px_parse_time("2025-08-27"), 1756252800);
	assert_int_equal(px_parse_time("2024-02-29T00:00:00Z"), 1709164800);
}

static void rfc3339_rejects_garbage(void **state)
{
	(void)state;
	assert_true(px_parse_time("yesterday") == PX_TIME_UNKNOWN);
	assert_true(px_parse_time("2025-13-01") == PX_TIME_UNKNOWN);
	assert_true(px_parse_time("2025-08-27T25:00") == PX_TIME_UNKNOWN);
	assert_true(px_parse_time("2025-08-27T10:00:00Zjunk") == PX_TIME_UNKNOWN);
	assert_true(px_parse_time("") == PX_TIME_UNKNOWN);
	assert_true(px_parse_time(NULL) == PX_TIME_UNKNOWN);
}

static void time_round_trips(void **state)
{
	(void)state;
	char buf[40];
	assert_string_equal(px_format_time(1756281600, buf, sizeof(buf)), "2025-08-27T08:00:00Z");
	assert_string_equal(px_format_time(-1, buf, sizeof(buf)), "1969-12-31T23:59:59Z");
	for (int64_t t = -86400 * 800; t < 86400 * 20000; t += 86400 * 37 + 3611)
		assert_int_equal(px_parse_time(px_format_time(t, buf, sizeof(buf))), t);
}

static void check_url(const char *in, const char *want)
{
	char *got = px_url_canonical(in);
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void urls_lose_tracking_and_fragments(void **state)
{
	(void)state;
	check_url("HTTPS://WWW.Example.COM:443/a/B?utm_source=x&id=7&fbclid=abc#top",
	          "https://www.example.com/a/B?id=7");
	check_url("http://example.com", "http://example.com/");
	check_url("http://example.com:8080/x?", "http://example.com:8080/x");
	check_url("https://news.example./story?gclid=1&utm_medium=rss", "https://news.example/story");
	check_url("  https://a.example/p?ref_src=twsrc&page=2  ", "https://a.example/p?page=2");
	check_url("ftp://example.com/x", NULL);
	check_url("example.com/x", NULL);
	check_url("https://", NULL);
}

static void hosts_and_domains(void **state)
{
	(void)state;
	char h[256];
	assert_string_equal(px_url_host("https://user@WWW.BBC.co.uk:443/news", h, sizeof(h)),
	                    "www.bbc.co.uk");
	assert_string_equal(px_domain_strip("www.bbc.co.uk"), "bbc.co.uk");
	assert_string_equal(px_domain_strip("amp.theguardian.com"), "theguardian.com");
	assert_string_equal(px_domain_strip("m.example"), "m.example");
}

static void map_survives_churn(void **state)
{
	(void)state;
	px_map m;
	px_map_init(&m);
	for (uint64_t k = 1; k <= 5000; k++)
		*px_map_put(&m, k * 7919, NULL) = k;
	for (uint64_t k = 1; k <= 5000; k += 2)
		assert_true(px_map_del(&m, k * 7919));
	assert_int_equal(m.len, 2500);
	for (uint64_t k = 1; k <= 5000; k++) {
		uint64_t *v = px_map_get(&m, k * 7919);
		if (k % 2)
			assert_null(v);
		else
			assert_int_equal(*v, k);
	}
	px_map_free(&m);
}

/* RFC 3986, 5.4: the normal examples against its base, empty and
 * fragment-only references included (libcurl alone gets those wrong). */
static void references_resolve_as_rfc3986_says(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "g", "http://a/b/c/g" }, { "./g", "http://a/b/c/g" },
		{ "g/", "http://a/b/c/g/" }, { "/g", "http://a/g" }, { "//g", "http://g/" },
		{ "?y", "http://a/b/c/d;p?y" }, { "g?y", "http://a/b/c/g?y" },
		{ "#s", "http://a/b/c/d;p?q#s" }, { "g#s", "http://a/b/c/g#s" },
		{ "", "http://a/b/c/d;p?q" }, { ".", "http://a/b/c/" },
		{ "..", "http://a/b/" }, { "../g", "http://a/b/g" },
		{ "../../g", "http://a/g" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = px_url_resolve("http://a/b/c/d;p?q", cases[i][0]);
		assert_non_null(got);
		if (strcmp(got, cases[i][1]))
			fail_msg("\"%s\" resolved to %s, not %s", cases[i][0], got, cases[i][1]);
		free(got);
	}
	char *iri = px_url_resolve("http://www.\xe8\xa9\xb9.com/feed", "");
	assert_string_equal(iri, "http://www.\xe8\xa9\xb9.com/feed");
	free(iri);
	assert_null(px_url_resolve(NULL, "g"));
}

static void arena_allocates_big_and_small(void **state)
{
	(void)state;
	px_arena *a = px_arena_new(1024);
	char *s = px_arena_strdup(a, "hello");
	char *big = px_arena_alloc(a, 100000);
	memset(big, 'x', 100000);
	char *t = px_arena_printf(a, "%s-%d", s, 42);
	assert_string_equal(t, "hello-42");
	assert_string_equal(s, "hello");
	assert_true(((uintptr_t)big & 15) == 0);
	px_arena_reset(a);
	assert_string_equal(px_arena_strdup(a, "again"), "again");
	px_arena_free(a);
}

/* A buffer is a C string from its first allocation, even with nothing in
 * it: an empty file or a run of NUL bytes through px_utf8_fix gives "". */
static void empty_buffers_and_repairs_are_empty_strings(void **state)
{
	(void)state;
	px_buf b = PX_BUF_INIT;
	px_buf_grow(&b, 100);
	char *s = px_buf_steal(&b);
	assert_string_equal(s, "");
	free(s);
	size_t n = 99;
	s = px_utf8_fix("", 0, &n);
	assert_int_equal(n, 0);
	assert_string_equal(s, "");
	free(s);
	s = px_utf8_fix("\0\0\0", 3, &n);
	assert_int_equal(n, 0);
	assert_string_equal(s, "");
	free(s);
	s = px_utf8_fix("a\xff" "b", 3, &n);
	assert_string_equal(s, "a\xEF\xBF\xBD" "b");
	free(s);
}

/* UTF-8 with a broken byte is still UTF-8; Latin-1 is not. */
static void text_reads_as_utf8_despite_a_broken_byte(void **state)
{
	(void)state;
	static const char pure[] = "Z\xc3\xbcrich", ascii_bad[] = "caf\xe9",
	                  one_bad[] = "Z\xc3\xbcrich caf\xc3\xa9 \xff",
	                  mostly_bad[] = "Z\xc3\xbcrich \xff\xfe", latin1[] = "S\xe3o Paulo caf\xe9";
	assert_true(px_utf8_mostly("", 0));
	assert_true(px_utf8_mostly(pure, strlen(pure)));
	assert_true(px_utf8_mostly(one_bad, strlen(one_bad)));
	assert_false(px_utf8_mostly(ascii_bad, strlen(ascii_bad)));
	assert_false(px_utf8_mostly(mostly_bad, strlen(mostly_bad)));
	assert_false(px_utf8_mostly(latin1, strlen(latin1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc3339_parses_offsets_and_fractions),
		cmocka_unit_test(rfc3339_rejects_garbage),
		cmocka_unit_test(time_round_trips),
		cmocka_unit_test(urls_lose_tracking_and_fragments),
		cmocka_unit_test(hosts_and_domains),
		cmocka_unit_test(references_resolve_as_rfc3986_says),
		cmocka_unit_test(map_survives_churn),
		cmocka_unit_test(arena_allocates_big_and_small),
		cmocka_unit_test(empty_buffers_and_repairs_are_empty_strings),
		cmocka_unit_test(text_reads_as_utf8_despite_a_broken_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
