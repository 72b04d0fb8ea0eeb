/*
 * url.c — canonical article URLs, so that one article reached through a
 * feed, a share link and a newsletter is stored once.
 *
 * The canonical form lower-cases the scheme and host, drops a trailing dot
 * of the host, the default port, the fragment and the tracking parameters
 * that platforms append (utm_*, fbclid, gclid, ...), and gives an empty path
 * as "/".  It keeps everything else as it is: a parameter we do not know may
 * select the article (?id=123), so unknown parameters are never dropped.
 */
#include "parallax.h"
#include "url.h"

#include <curl/curl.h>

#include "util/arena.h"
#include "buf.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const tracking_exact[] = {
	"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
	"mc_cid", "mc_eid", "_ga", "_gl", "igshid", "ocid", "cmpid", "ncid",
	"ref_src", "ref_url", "smid", "smtyp", "sr_share", "taid", "mbid",
	"s_cid", "icid", "guccounter", "guce_referrer", "guce_referrer_sig",
	"__twitter_impression", "cmp", "ito", "spm", "wt.mc_id", "wt_mc_id",
	"soc_src", "soc_trk", "mkt_tok", "oly_enc_id", "oly_anon_id", "vero_id",
	"rss_source", "feature", NULL,
};

static const char *const tracking_prefix[] = {
	"utm_", "at_", "ns_", "pk_", "mtm_", "hsa_", "__hs", NULL,
};

int px_url_param_is_tracking(const char *name, size_t n)
{
	for (int i = 0; tracking_exact[i]; i++)
		if (strlen(tracking_exact[i]) == n &&
		    !strncasecmp(tracking_exact[i], name, n))
			return 1;
	for (int i = 0; tracking_prefix[i]; i++) {
		size_t k = strlen(tracking_prefix[i]);
		if (n > k && !strncasecmp(tracking_prefix[i], name, k))
			return 1;
	}
	return 0;
}

char *px_url_canonical(const char *url)
{
	if (!url)
		return NULL;
	while (isspace((unsigned char)*url))
		url++;
	size_t n = strlen(url);
	while (n && isspace((unsigned char)url[n - 1]))
		n--;
	const char *end = url + n;
	const char *colon = memchr(url, ':', n);
	if (!colon || end - colon < 3 || colon[1] != '/' || colon[2] != '/')
		return NULL;
	size_t slen = (size_t)(colon - url);
	int https;
	if (slen == 4 && !strncasecmp(url, "http", 4))
		https = 0;
	else if (slen == 5 && !strncasecmp(url, "https", 5))
		https = 1;
	else
		return NULL;

	const char *auth = colon + 3;
	const char *auth_end = auth;
	while (auth_end < end && *auth_end != '/' && *auth_end != '?' &&
	       *auth_end != '#')
		auth_end++;
	const char *at = NULL;
	for (const char *q = auth; q < auth_end; q++)
		if (*q == '@')
			at = q;
	const char *host = at ? at + 1 : auth;
	const char *port = NULL;
	for (const char *q = auth_end; q > host; q--)
		if (q[-1] == ':') {
			port = q;
			break;
		} else if (q[-1] == ']') {
			break;
		}
	const char *host_end = port ? port - 1 : auth_end;
	while (host_end > host && host_end[-1] == '.')
		host_end--;
	if (host_end == host)
		return NULL;

	px_buf b = PX_BUF_INIT;
	px_buf_puts(&b, https ? "https://" : "http://");
	for (const char *q = host; q < host_end; q++)
		px_buf_putc(&b, (char)tolower((unsigned char)*q));
	if (port && port < auth_end) {
		size_t plen = (size_t)(auth_end - port);
		int dflt = (https && plen == 3 && !memcmp(port, "443", 3)) ||
		           (!https && plen == 2 && !memcmp(port, "80", 2));
		if (!dflt) {
			px_buf_putc(&b, ':');
			px_buf_add(&b, port, plen);
		}
	}

	const char *path = auth_end;
	const char *hash = memchr(path, '#', (size_t)(end - path));
	if (hash)
		end = hash;
	const char *query = memchr(path, '?', (size_t)(end - path));
	const char *path_end = query ? query : end;
	if (path_end == path)
		px_buf_putc(&b, '/');
	else
		px_buf_add(&b, path, (size_t)(path_end - path));

	if (query) {
		int first = 1;
		for (const char *p = query + 1; p < end;) {
			const char *amp = memchr(p, '&', (size_t)(end - p));
			const char *pe = amp ? amp : end;
			const char *eq = memchr(p, '=', (size_t)(pe - p));
			size_t nlen = (size_t)((eq ? eq : pe) - p);
			if (pe > p && !px_url_param_is_tracking(p, nlen)) {
				px_buf_putc(&b, first ? '?' : '&');
				px_buf_add(&b, p, (size_t)(pe - p));
				first = 0;
			}
			p = amp ? amp + 1 : end;
		}
	}
	return px_buf_steal(&b);
}

char *px_url_host(const char *url, char *out, size_t size)
{
	out[0] = '\0';
	if (!url)
		return out;
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	const char *at = NULL, *e = p;
	while (*e && *e != '/' && *e != '?' && *e != '#') {
		if (*e == '@')
			at = e;
		e++;
	}
	if (at)
		p = at + 1;
	const char *colon = memchr(p, ':', (size_t)(e - p));
	if (colon)
		e = colon;
	size_t n = (size_t)(e - p);
	if (n >= size)
		n = size - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)p[i]);
	out[n] = '\0';
	while (n && out[n - 1] == '.')
		out[--n] = '\0';
	return out;
}

const char *px_domain_strip(const char *host)
{
	static const char *const prefixes[] = { "www.", "www1.", "www2.", "m.",
		"amp.", "mobile.", NULL };
	for (int i = 0; prefixes[i]; i++) {
		size_t k = strlen(prefixes[i]);
		if (!strncmp(host, prefixes[i], k) && strchr(host + k, '.'))
			return host + k;
	}
	return host;
}

char *px_url_resolve(const char *base, const char *ref)
{
	if (!base || !ref)
		return NULL;
	CURLU *u = curl_url();
	char *s = NULL, *out = NULL;
	/* An empty reference is the base, "#x" the base with that fragment
	 * (RFC 3986, 5.2.2); libcurl would drop the last path segment. */
	CURLUcode rc = u ? curl_url_set(u, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME)
	                 : CURLUE_OUT_OF_MEMORY;
	if (rc == CURLUE_OK)
		rc = !*ref || *ref == '#'
		     ? curl_url_set(u, CURLUPART_FRAGMENT, *ref ? ref + 1 : NULL, 0)
		     : curl_url_set(u, CURLUPART_URL, ref, CURLU_NON_SUPPORT_SCHEME);
	if (rc == CURLUE_OK && curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		out = px_xstrdup(s);
	curl_free(s);
	curl_url_cleanup(u);
	return out;
}
