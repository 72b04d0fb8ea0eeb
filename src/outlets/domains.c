/*
 * domains.c — the keys an article's URL is looked up under in the outlet
 * registry: a section of a site (host/path), the site, its parents.
 */
#include "outlets.h"

#include <stdio.h>
#include <string.h>

/* Second-level labels under which country domains register names
 * (bbc.co.uk, abc.net.au, asahi.co.jp, folha.com.br, ...). */
static const char *const second_levels[] = {
	"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go", "gob",
	"gouv", "nic", "ltd", "plc", "nom", "info", "in", "res", "web", "news",
};

static int is_second_level(const char *label, size_t n)
{
	for (size_t i = 0; i < sizeof(second_levels) / sizeof(*second_levels); i++)
		if (strlen(second_levels[i]) == n && !memcmp(second_levels[i], label, n))
			return 1;
	return 0;
}

int outlet_host_normalise(const char *host, char *out, size_t n)
{
	size_t len = 0;
	if (!host || !n)
		return -1;
	for (const char *p = host; *p && *p != ':' && *p != '/' && len + 1 < n; p++)
		out[len++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	while (len && out[len - 1] == '.')
		len--;
	out[len] = '\0';
	static const char *const prefixes[] = { "www.", "amp.", "m.", "mobile." };
	for (int again = 1; again;) {
		again = 0;
		for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
			size_t k = strlen(prefixes[i]);
			/* Only while a registrable name remains ("m.co" stays). */
			if (len > k && !strncmp(out, prefixes[i], k) && strchr(out + k, '.')) {
				memmove(out, out + k, len - k + 1);
				len -= k;
				again = 1;
			}
		}
	}
	return len ? 0 : -1;
}

/* The registrable domain's start within HOST (the last two labels, or three
 * under a second-level label of a country domain). */
static const char *registrable(const char *host)
{
	const char *dots[3] = { NULL, NULL, NULL };  /* last, second-last, third-last */
	for (const char *p = host; *p; p++)
		if (*p == '.') {
			dots[2] = dots[1];
			dots[1] = dots[0];
			dots[0] = p;
		}
	if (!dots[1])
		return host;
	const char *sld = dots[1] + 1;
	size_t sld_len = (size_t)(dots[0] - sld);
	int cc = strlen(dots[0] + 1) == 2;        /* a country code TLD */
	if (cc && is_second_level(sld, sld_len))
		return dots[2] ? dots[2] + 1 : host;
	return dots[1] + 1;
}

/* OUT = HOST "/" A [ "/" B ]; 0 when it would not fit. */
static int join(char *out, const char *host, const char *a, const char *b)
{
	size_t h = strlen(host), la = strlen(a), lb = b ? strlen(b) + 1 : 0;
	if (h + 1 + la + lb + 1 > OUTLET_KEY_MAX)
		return 0;
	memcpy(out, host, h);
	out[h] = '/';
	memcpy(out + h + 1, a, la + 1);
	if (b) {
		out[h + 1 + la] = '/';
		memcpy(out + h + 2 + la, b, lb);
	}
	return 1;
}

size_t outlet_domain_keys(const char *url, char keys[][OUTLET_KEY_MAX], size_t max)
{
	char host[OUTLET_KEY_MAX];
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	const char *at = strpbrk(p, "@/?#");
	if (at && *at == '@')
		p = at + 1;                            /* user@host */
	if (outlet_host_normalise(p, host, sizeof(host)) < 0 || !max)
		return 0;
	size_t n = 0;
	/* Sections: the first two directories of the path (a final segment
	 * names a page, not a section), the deeper one first; then any later
	 * directory on its own, for sites that put a date first
	 * (/2025/03/03/opinion/...). */
	const char *path = strpbrk(p, "/?#");
	char seg[6][96];
	int nseg = 0;
	for (const char *s = path; s && *s == '/' && nseg < 6;) {
		s++;
		size_t k = strcspn(s, "/?#");
		if (!k || k >= sizeof(seg[0]) || s[k] != '/')
			break;
		for (size_t i = 0; i < k; i++)
			seg[nseg][i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		seg[nseg++][k] = '\0';
		s += k;
	}
	if (nseg >= 2 && n < max && join(keys[n], host, seg[0], seg[1]))
		n++;
	if (nseg >= 1 && n < max && join(keys[n], host, seg[0], NULL))
		n++;
	for (int i = 1; i < nseg; i++) {
		int digits = 1;
		for (const char *c = seg[i]; *c && digits; c++)
			digits = *c >= '0' && *c <= '9';
		if (!digits && n < max && join(keys[n], host, seg[i], NULL))
			n++;
	}
	/* The host, then each parent down to the registrable domain. */
	const char *stop = registrable(host);
	for (const char *h = host; n < max; ) {
		snprintf(keys[n++], OUTLET_KEY_MAX, "%s", h);
		if (h == stop)
			break;
		const char *dot = strchr(h, '.');
		if (!dot)
			break;
		h = dot + 1;
	}
	return n;
}
