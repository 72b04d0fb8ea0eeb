// tests/browser/api.test.mjs — the server over plain HTTP (no browser):
// the JSON API's shapes, status codes and content types, conditional
// requests, gzip, security headers and /static/ path traversal.
import { test, raw, api, eq, deepEq, ok } from './lib.mjs';

const JSON_TYPE = 'application/json; charset=utf-8';

function isJsonType(r, what) {
	eq((r.headers['content-type'] || '').toLowerCase().replace(/\s+/g, ' '), JSON_TYPE,
		`${what}: Content-Type`);
}

function parse(r, what) {
	try {
		return JSON.parse(r.text);
	} catch (e) {
		throw new Error(`${what}: body is not JSON (${e.message}): ${r.text.slice(0, 200)}`);
	}
}

// An error response: STATUS, JSON, {"error": {"status": STATUS, "message": "..."}}.
function isJsonError(r, status, what) {
	eq(r.status, status, `${what}: status`);
	isJsonType(r, what);
	const v = parse(r, what);
	ok(v && typeof v.error === 'object' && v.error !== null,
		`${what}: no "error" object in ${r.text.slice(0, 200)}`);
	eq(v.error.status, status, `${what}: error.status`);
	ok(typeof v.error.message === 'string' && v.error.message.length > 0,
		`${what}: error.message should be a non-empty string, got ${JSON.stringify(v.error.message)}`);
	return v;
}

export async function firstStory() {
	const l = await api('/api/v1/stories');
	ok(l.stories && l.stories.length > 0, 'GET /api/v1/stories lists no stories');
	return l.stories[0];
}

// ---------------------------------------------------------------- JSON API

test('api: GET /api/v1/stories is 200 JSON with the paging fields', async () => {
	const r = await raw('/api/v1/stories');
	eq(r.status, 200, 'status');
	isJsonType(r, 'GET /api/v1/stories');
	const v = parse(r, 'GET /api/v1/stories');
	ok(Array.isArray(v.stories), '"stories" should be an array');
	ok(v.stories.length > 0, 'the demo store should give stories');
	ok(Number.isInteger(v.total) && v.total >= v.stories.length, `total ${v.total} < ${v.stories.length} listed`);
	eq(v.page, 1, 'page');
	ok(Number.isInteger(v.per_page) && v.per_page >= v.stories.length, `per_page ${v.per_page}`);
	eq(v.prev, null, 'prev on page 1');
	if (v.total > v.per_page)
		ok(typeof v.next === 'string' && /[?&]page=2\b/.test(v.next), `next should link page 2, got ${JSON.stringify(v.next)}`);
	const s = v.stories[0];
	for (const k of ['id', 'headline', 'summary', 'key_points', 'articles', 'coverage'])
		ok(k in s, `a story lacks "${k}"`);
});

test('api: /api/v1/stories?per_page=5 pages through every story once', async () => {
	const first = await api('/api/v1/stories?per_page=5');
	eq(first.per_page, 5, 'per_page');
	eq(first.stories.length, Math.min(5, first.total), 'stories on page 1');
	const seen = [];
	let pathname = '/api/v1/stories?per_page=5', guard = 0;
	while (pathname && guard++ < 100) {
		const v = await api(pathname);
		seen.push(...v.stories.map((s) => s.id));
		pathname = v.next;
	}
	eq(seen.length, first.total, 'stories seen following "next"');
	eq(new Set(seen).size, seen.length, 'distinct stories across pages');
});

test('api: unknown story is a 404 JSON error', async () => {
	const r = await raw('/api/v1/stories/99999999');
	const v = isJsonError(r, 404, 'GET /api/v1/stories/99999999');
	ok(/99999999/.test(v.error.message), `the message should name the id: ${v.error.message}`);
});

test('api: a non-numeric story id is 400 or 404 JSON error', async () => {
	const r = await raw('/api/v1/stories/abc');
	ok(r.status === 400 || r.status === 404, `status ${r.status}, wanted 400 or 404`);
	isJsonError(r, r.status, 'GET /api/v1/stories/abc');
});

for (const bad of ['0', '-1', 'abc', '1x', '99999999999999999999999'])
	test(`api: page=${bad} is a 400 JSON error`, async () => {
		isJsonError(await raw(`/api/v1/stories?page=${encodeURIComponent(bad)}`), 400, `page=${bad}`);
	});

test('api: per_page above 100 is refused (400) or capped at 100', async () => {
	const r = await raw('/api/v1/stories?per_page=1000');
	if (r.status === 400)
		return void isJsonError(r, 400, 'per_page=1000');
	eq(r.status, 200, 'status');
	const v = parse(r, 'per_page=1000');
	ok(v.per_page <= 100, `per_page ${v.per_page} > 100`);
	ok(v.stories.length <= 100, `${v.stories.length} stories > 100`);
});

test('api: unknown /api/v1/ path is a 404 JSON error', async () => {
	isJsonError(await raw('/api/v1/nothing-here'), 404, 'GET /api/v1/nothing-here');
});

test('api: GET /api/v1/stories/ID is the story with its coverage', async () => {
	const s0 = await firstStory();
	const r = await raw(`/api/v1/stories/${s0.id}`);
	eq(r.status, 200, 'status');
	isJsonType(r, 'story');
	const s = parse(r, 'story');
	eq(s.id, s0.id, 'id');
	eq(s.headline, s0.headline, 'headline as in the list');
	for (const k of ['sources', 'articles', 'independent_reports', 'wire_copies'])
		ok(Number.isInteger(s.coverage[k]), `coverage.${k} should be an integer`);
	for (const k of ['left', 'center', 'right'])
		ok(Number.isInteger(s.coverage.bias[k]), `coverage.bias.${k} should be an integer`);
	eq(s.articles.length, s.coverage.articles, 'articles listed vs coverage.articles');
});

test('api: blindspots?side=left and right list stories marked with that side', async () => {
	for (const side of ['left', 'right']) {
		const v = await api(`/api/v1/blindspots?side=${side}`);
		ok(Array.isArray(v.stories), `${side}: "stories" should be an array`);
		ok(v.baseline && typeof v.baseline === 'object', `${side}: "baseline" should be an object`);
		for (const s of v.stories)
			eq(s.blindspot, side, `story ${s.id} blindspot`);
	}
	const l = await api('/api/v1/blindspots?side=left');
	const rt = await api('/api/v1/blindspots?side=right');
	ok(l.stories.length + rt.stories.length > 0, 'the demo corpus has blindspots (stories 42, 44 in the CLI)');
});

test('api: outlets list and one outlet with ratings, recent and stories_by_side', async () => {
	const l = await api('/api/v1/outlets');
	ok(Array.isArray(l.outlets) && l.outlets.length > 0, '"outlets" should be a non-empty array');
	const mpa = l.outlets.find((o) => o.name === 'Meridian Press Agency');
	ok(mpa, 'Meridian Press Agency (demo outlet) not listed');
	const o = await api(`/api/v1/outlets/${mpa.id}`);
	eq(o.name, 'Meridian Press Agency', 'name');
	ok(Array.isArray(o.ratings) && o.ratings.length > 0, 'ratings');
	ok(Array.isArray(o.recent) && o.recent.length > 0, '"recent" should list its demo articles');
	ok(o.stories_by_side && typeof o.stories_by_side === 'object', '"stories_by_side" object');
});

test('api: unknown outlet is a 404 JSON error', async () => {
	isJsonError(await raw('/api/v1/outlets/99999999'), 404, 'GET /api/v1/outlets/99999999');
});

test('api: search hits carry story_id and highlights that mark the word', async () => {
	const v = await api('/api/v1/search?q=bridge');
	ok(Number.isInteger(v.total) && v.total > 0, `total ${v.total}: the demo corpus has a bridge collapse`);
	ok(Array.isArray(v.hits) && v.hits.length > 0 && v.hits.length <= v.total, `hits ${v.hits && v.hits.length}`);
	for (const h of v.hits) {
		ok(Number.isInteger(h.story_id), `hit ${h.id} story_id`);
		ok(typeof h.title === 'string' && typeof h.snippet === 'string', `hit ${h.id} title/snippet`);
		ok(!/[\u0002\u0003]/.test(h.snippet + h.title), `hit ${h.id}: mark control characters leaked into JSON`);
		ok(Array.isArray(h.highlights) && h.highlights.length > 0, `hit ${h.id}: no highlights`);
		const cps = Array.from(h.snippet);
		for (const [a, b] of h.highlights) {
			ok(Number.isInteger(a) && Number.isInteger(b) && 0 <= a && a < b && b <= cps.length,
				`hit ${h.id}: highlight [${a}, ${b}) outside the snippet (${cps.length} code points)`);
			const w = cps.slice(a, b).join('');
			ok(/^bridge/i.test(w), `hit ${h.id}: highlight [${a}, ${b}) is ${JSON.stringify(w)}, not the word bridge`);
		}
	}
});

test('api: feeds list is JSON with the feeds the store follows', async () => {
	const v = await api('/api/v1/feeds');
	ok(Array.isArray(v.feeds), '"feeds" should be an array');
	ok(v.feeds.length > 0, 'run.sh imports data/feeds.opml: there should be feeds');
	for (const f of v.feeds)
		ok(Number.isInteger(f.id) && typeof f.url === 'string', `feed ${JSON.stringify(f).slice(0, 80)}`);
});

// ---------------------------------------------------------------- HTML status and types

test('http: pages are 200 text/html; charset=utf-8', async () => {
	const s = await firstStory();
	const outs = await api('/api/v1/outlets');
	for (const p of ['/', `/story/${s.id}`, '/blindspots', '/outlets', `/outlet/${outs.outlets[0].id}`,
		'/search?q=bridge', '/feeds']) {
		const r = await raw(p);
		eq(r.status, 200, `GET ${p}: status`);
		ok(/^text\/html;\s*charset=utf-8$/i.test(r.headers['content-type'] || ''),
			`GET ${p}: Content-Type ${JSON.stringify(r.headers['content-type'])}`);
		ok(/^<!doctype html>/i.test(r.text.trimStart()), `GET ${p}: not an HTML5 document`);
	}
});

test('http: unknown story page and unknown path are 404 HTML', async () => {
	for (const p of ['/story/99999999', '/no/such/page', '/outlet/99999999']) {
		const r = await raw(p);
		eq(r.status, 404, `GET ${p}: status`);
		ok(/^text\/html/i.test(r.headers['content-type'] || ''), `GET ${p}: Content-Type ${r.headers['content-type']}`);
	}
});

test('http: bad page number on the home page is 400', async () => {
	for (const p of ['/?page=0', '/?page=abc', '/search?q=bridge&page=-2']) {
		const r = await raw(p);
		eq(r.status, 400, `GET ${p}: status`);
	}
});

test('http: search API bad page is a 400 JSON error', async () => {
	isJsonError(await raw('/api/v1/search?q=bridge&page=zero'), 400, 'search page=zero');
});

test('http: the stylesheet is served as text/css', async () => {
	const r = await raw('/static/style.css');
	eq(r.status, 200, 'GET /static/style.css: status');
	ok(/^text\/css/i.test(r.headers['content-type'] || ''), `Content-Type ${r.headers['content-type']}`);
	ok(r.text.length > 100, 'the stylesheet is empty');
});

test('http: RSS and Atom feeds of the top stories', async () => {
	const rss = await raw('/feeds/top.rss');
	eq(rss.status, 200, '/feeds/top.rss status');
	ok(/xml/i.test(rss.headers['content-type'] || ''), `rss Content-Type ${rss.headers['content-type']}`);
	ok(/<rss[\s>]/.test(rss.text) && /<item[\s>]/.test(rss.text), 'not an RSS document with items');
	const atom = await raw('/feeds/top.atom');
	eq(atom.status, 200, '/feeds/top.atom status');
	ok(/xml/i.test(atom.headers['content-type'] || ''), `atom Content-Type ${atom.headers['content-type']}`);
	ok(/<feed[\s>]/.test(atom.text) && /<entry[\s>]/.test(atom.text), 'not an Atom document with entries');
});

// ---------------------------------------------------------------- conditional requests, gzip

async function conditional(p) {
	const r = await raw(p);
	eq(r.status, 200, `GET ${p}: status`);
	const etag = r.headers.etag;
	ok(etag, `GET ${p}: no ETag`);
	ok(/^(W\/)?"[^"]*"$/.test(etag), `GET ${p}: ETag ${etag} is not a quoted entity tag`);
	ok(r.headers['last-modified'], `GET ${p}: no Last-Modified`);
	const again = await raw(p);
	eq(again.headers.etag, etag, `GET ${p}: ETag of the same content twice`);
	const nm = await raw(p, { headers: { 'if-none-match': etag } });
	eq(nm.status, 304, `GET ${p} If-None-Match ${etag}: status`);
	eq(nm.body.length, 0, `GET ${p}: a 304 has no body`);
	eq(nm.headers.etag, etag, `GET ${p}: the 304 carries the ETag`);
	const other = await raw(p, { headers: { 'if-none-match': '"not-this-one"' } });
	eq(other.status, 200, `GET ${p} If-None-Match "not-this-one": status`);
	const ims = await raw(p, { headers: { 'if-modified-since': r.headers['last-modified'] } });
	eq(ims.status, 304, `GET ${p} If-Modified-Since ${r.headers['last-modified']}: status`);
}

test('http: ETag and 304 on If-None-Match / If-Modified-Since (API story)', async () => {
	await conditional(`/api/v1/stories/${(await firstStory()).id}`);
});
test('http: ETag and 304 on If-None-Match / If-Modified-Since (home page)', async () => {
	await conditional('/');
});
test('http: ETag and 304 on If-None-Match / If-Modified-Since (story page)', async () => {
	await conditional(`/story/${(await firstStory()).id}`);
});
test('http: ETag and 304 on If-None-Match / If-Modified-Since (RSS feed)', async () => {
	await conditional('/feeds/top.rss');
});

test('http: ETag differs between gzip and identity, or Vary: Accept-Encoding is sent', async () => {
	const a = await raw('/');
	const g = await raw('/', { headers: { 'accept-encoding': 'gzip' } });
	const vary = (g.headers.vary || '').toLowerCase();
	ok(vary.includes('accept-encoding'), `Vary ${JSON.stringify(g.headers.vary)} should name Accept-Encoding`);
	if (g.headers['content-encoding'] === 'gzip' && a.headers.etag === g.headers.etag)
		ok(/^W\//.test(a.headers.etag), `a strong ETag ${a.headers.etag} is the same for the gzip and the plain body`);
});

for (const p of ['/', '/api/v1/stories', '/feeds/top.rss'])
	test(`http: gzip when Accept-Encoding: gzip (${p})`, async () => {
		const plain = await raw(p);
		eq(plain.headers['content-encoding'], undefined, `GET ${p} without Accept-Encoding: Content-Encoding`);
		const g = await raw(p, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
		eq(g.status, 200, `GET ${p} gzip: status`);
		eq(g.headers['content-encoding'], 'gzip', `GET ${p} gzip: Content-Encoding`);
		ok(g.body.length < plain.body.length, `gzip body ${g.body.length} B not smaller than ${plain.body.length} B`);
		eq(g.text, plain.text, `GET ${p}: gunzipped body equals the plain one`);
	});

// ---------------------------------------------------------------- security headers

function securityHeaders(r, p, html) {
	eq((r.headers['x-content-type-options'] || '').toLowerCase(), 'nosniff', `${p}: X-Content-Type-Options`);
	ok(r.headers['referrer-policy'], `${p}: no Referrer-Policy`);
	const csp = r.headers['content-security-policy'] || '';
	const xfo = (r.headers['x-frame-options'] || '').toUpperCase();
	ok(/frame-ancestors\s+('none'|'self')/.test(csp) || xfo === 'DENY' || xfo === 'SAMEORIGIN',
		`${p}: neither CSP frame-ancestors nor X-Frame-Options (CSP ${JSON.stringify(csp)}, XFO ${JSON.stringify(xfo)})`);
	if (html) {
		ok(csp, `${p}: no Content-Security-Policy`);
		ok(/(default-src|script-src)/.test(csp), `${p}: CSP ${csp} governs no scripts`);
		ok(!/'unsafe-inline'|'unsafe-eval'/.test(csp), `${p}: CSP allows unsafe-inline/unsafe-eval: ${csp}`);
	}
}

test('http: security headers on every page (CSP, nosniff, frame-ancestors, Referrer-Policy)', async () => {
	const s = await firstStory();
	for (const p of ['/', `/story/${s.id}`, '/blindspots', '/outlets', '/search?q=bridge', '/feeds', '/no/such/page'])
		securityHeaders(await raw(p), p, true);
});

test('http: security headers on the JSON API and static files', async () => {
	for (const p of ['/api/v1/stories', '/api/v1/stories/99999999', '/static/style.css'])
		securityHeaders(await raw(p), p, false);
});

// ---------------------------------------------------------------- path traversal

const TRAVERSALS = [
	'/static/../../etc/passwd',
	'/static/../../../../../../etc/passwd',
	'/static/%2e%2e/%2e%2e/etc/passwd',
	'/static/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
	'/static/..%2f..%2f..%2f..%2fetc%2fpasswd',
	'/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
	'/static/..%5c..%5c..%5c..%5cetc%5cpasswd',
	'/static/..\\..\\..\\..\\etc\\passwd',
	'/static/%252e%252e/%252e%252e/etc/passwd',
	'/static/....//....//....//etc/passwd',
	'/static//etc/passwd',
	'/static/%2fetc%2fpasswd',
	'/static/style.css/../../../../etc/passwd',
	'/static/../Makefile',
	'/static/%2e%2e/Makefile',
	'/static/..%2fMakefile',
	'/static/../src/main.c',
	'/static/.%2e/.%2e/etc/passwd',
	'/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
	'/static/',
	'/static/.',
	'/static/..',
];

test('http: path traversal on /static/ gives 400/403/404 and never a file', async () => {
	const bad = [];
	for (const p of TRAVERSALS) {
		let r;
		try {
			r = await raw(p);
		} catch (e) {
			bad.push(`${p}: request failed: ${e.message}`);
			continue;
		}
		if (![400, 403, 404].includes(r.status))
			bad.push(`${p}: status ${r.status}, wanted 400/403/404`);
		if (/root:.*:0:0:/.test(r.text))
			bad.push(`${p}: /etc/passwd content served`);
		if (/# Parallax — build with|int main\(/.test(r.text))
			bad.push(`${p}: a repository file served`);
	}
	ok(bad.length === 0, bad.join('\n'));
});

// libmicrohttpd hands the handler the path decoded as a C string, so a %00
// cuts it: /static/style.css%00.png can only be the stylesheet or an error.
test('http: a NUL in a /static/ path gives an error or the named file, nothing else', async () => {
	const css = await raw('/static/style.css');
	for (const p of ['/static/style.css%00.png', '/static/style.css%00/../../../etc/passwd', '/static/%00../../etc/passwd']) {
		const r = await raw(p);
		if ([400, 403, 404].includes(r.status))
			continue;
		eq(r.status, 200, `${p}: status`);
		ok(r.text === css.text, `${p}: 200 with a body that is not /static/style.css`);
		ok(/^text\/css/.test(r.headers['content-type'] || ''), `${p}: Content-Type ${r.headers['content-type']}`);
	}
});

test('http: the server still answers after the traversal attempts', async () => {
	eq((await raw('/static/style.css')).status, 200, '/static/style.css status');
	eq((await raw('/api/v1/stories')).status, 200, '/api/v1/stories status');
});

// ---------------------------------------------------------------- odd input

const ODD_QUERIES = ['"', 'bridge OR', '*', 'NEAR(', '-', 'a"b', '(', ')', "'", '\\', 'bridge AND NOT',
	'col:bridge', '^bridge', '\u200b', 'Zürich', '😀', '\u0000', '%ff', 'x'.repeat(400)];

test('http: odd search queries (FTS syntax, quotes, NUL, emoji, 400 chars) answer 200 with valid UTF-8', async () => {
	const bad = [];
	const utf8 = new TextDecoder('utf-8', { fatal: true });
	for (const q of ODD_QUERIES) {
		const enc = q === '%ff' ? '%ff' : encodeURIComponent(q);
		for (const p of [`/search?q=${enc}`, `/api/v1/search?q=${enc}`]) {
			const r = await raw(p);
			if (r.status !== 200) {
				bad.push(`${p.slice(0, 60)}: status ${r.status}`);
				continue;
			}
			try {
				utf8.decode(r.body);
			} catch {
				bad.push(`${p.slice(0, 60)}: the body is not valid UTF-8`);
				continue;
			}
			if (p.startsWith('/api/')) {
				try {
					const v = JSON.parse(r.text);
					if (!Number.isInteger(v.total) || !Array.isArray(v.hits))
						bad.push(`${p.slice(0, 60)}: no total/hits`);
				} catch (e) {
					bad.push(`${p.slice(0, 60)}: not JSON: ${e.message}`);
				}
			}
		}
	}
	ok(bad.length === 0, bad.join('\n'));
});

test('api: a 1000-byte query is answered (200) or refused as a 400 JSON error', async () => {
	const r = await raw(`/api/v1/search?q=${'x'.repeat(1000)}`);
	if (r.status !== 200)
		isJsonError(r, 400, '1000-byte query');
});

test('http: an over-long URL is refused with 414 (or 400), and the server goes on', async () => {
	const r = await raw(`/search?q=${'a'.repeat(20000)}`);
	ok([400, 414, 431].includes(r.status), `status ${r.status} for a 20 kB URL`);
	eq((await raw('/api/v1/stories')).status, 200, 'GET /api/v1/stories afterwards: status');
});

test('http: methods other than GET and HEAD are refused with 405', async () => {
	for (const m of ['POST', 'PUT', 'DELETE']) {
		const r = await raw('/api/v1/stories', { method: m });
		eq(r.status, 405, `${m} /api/v1/stories: status`);
	}
	const h = await raw('/', { method: 'HEAD' });
	eq(h.status, 200, 'HEAD /: status');
	eq(h.body.length, 0, 'HEAD /: body bytes');
});
