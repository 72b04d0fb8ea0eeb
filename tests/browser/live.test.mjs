// tests/browser/live.test.mjs — the store changing under the running
// server (the last tests: they change what the others read).  `parallax
// ingest` of tests/browser/fixtures/live.jsonl from another process adds a
// new story (Quillmere) and a same-day reprint of the demo's first article
// (a wire copy, so it joins that story); the server's pages must follow:
// new ETags, a 200 for the old validators, the new story listed and found,
// the reprinted story one article longer.
import { execFileSync } from 'node:child_process';
import { test, uiTest, raw, eq, ok, norm, newPage, go, closePage } from './lib.mjs';

const P = process.env.PX_PARALLAX;
const DB = process.env.PX_DB;
const FIRST_URL = 'https://www.mpa-wire.example/2025/03/03/bridge-collapses-into-tessin-river-during-carrow-rush-hour';

const json = async (p) => {
	const r = await raw(p);
	eq(r.status, 200, `GET ${p}: status`);
	return { v: JSON.parse(r.text), etag: r.headers.etag };
};

let before = null;
const HOME = '/?per_page=100';

uiTest('live: the browser has the home page before the ingest', async () => {
	const page = await newPage();
	try {
		await go(page, HOME);
		const heads = await page.$$eval('ol#stories a.headline', (as) => as.map((a) => a.textContent));
		ok(heads.length > 0, 'no stories on the home page');
		ok(!heads.some((h) => /Quillmere/.test(h)), 'Quillmere is on the home page before its ingest');
	} finally {
		await closePage(page);
	}
});

test('live: the state before the ingest (stories, the first article\'s story, validators)', async () => {
	ok(P && DB, 'PX_PARALLAX and PX_DB are not set (run by tests/browser/run.sh)');
	const list = await json('/api/v1/stories?per_page=100');
	const storyOf = list.v.stories.find((s) => s.articles.some((a) => a.url === FIRST_URL));
	ok(storyOf, `no story lists ${FIRST_URL}`);
	const home = await raw(HOME);
	const page = await raw(`/story/${storyOf.id}`);
	const api = await json(`/api/v1/stories/${storyOf.id}`);
	const q = await json('/api/v1/search?q=quillmere');
	eq(q.v.total, 0, 'hits for quillmere before the ingest');
	before = { total: list.v.total, id: storyOf.id, articles: storyOf.articles.length,
		homeEtag: home.headers.etag, pageEtag: page.headers.etag, apiEtag: api.etag,
		pageArticles: (page.text.match(/<li class="article"/g) || []).length };
	eq(before.pageArticles, before.articles, `li.article in /story/${storyOf.id} vs its JSON articles`);
	execFileSync(P, ['--db', DB, 'ingest', 'tests/browser/fixtures/live.jsonl'], { stdio: 'pipe' });
	// The server reads the store's version every 100 ms (serve/server.c's
	// watcher): give it up to 5 s to see the commit.
	const t0 = Date.now();
	while ((await raw(HOME, { headers: { 'if-none-match': before.homeEtag } })).status === 304) {
		ok(Date.now() - t0 < 5000, `GET ${HOME} still answers 304 to the old ETag 5 s after the ingest`);
		await new Promise((r) => setTimeout(r, 50));
	}
	before.lag = Date.now() - t0;
});

test('live: after an ingest by another process the home page and API have new ETags and the old ones give 200', async () => {
	ok(before, 'the state before was not read');
	const home = await raw(HOME, { headers: { 'if-none-match': before.homeEtag } });
	eq(home.status, 200, `GET ${HOME} with the old ETag: status`);
	ok(home.headers.etag !== before.homeEtag, `the home page kept its ETag ${before.homeEtag}`);
	const list = await json('/api/v1/stories?per_page=100');
	eq(list.v.total, before.total + 1, 'stories after ingesting one new story and one reprint');
	ok(before.lag < 2000, `the server took ${before.lag} ms to see the ingest`);
	ok(list.v.stories.some((s) => /Quillmere lighthouse/.test(s.headline)), 'the new Quillmere story is not listed by the API');
	ok(/Quillmere lighthouse/.test(home.text), 'the new Quillmere story is not on the home page');
});

test('live: the reprinted story\'s page and JSON gain the article', async () => {
	ok(before, 'the state before was not read');
	const api = await raw(`/api/v1/stories/${before.id}`, { headers: { 'if-none-match': before.apiEtag } });
	eq(api.status, 200, `GET /api/v1/stories/${before.id} with the old ETag: status`);
	const s = JSON.parse(api.text);
	eq(s.articles.length, before.articles + 1, `story ${before.id}: articles after the reprint`);
	ok(s.articles.some((a) => a.domain === 'reprint-daily.example'), 'the reprint is not among the story\'s articles');
	const page = await raw(`/story/${before.id}`, { headers: { 'if-none-match': before.pageEtag } });
	eq(page.status, 200, `GET /story/${before.id} with the old ETag: status`);
	eq((page.text.match(/<li class="article"/g) || []).length, before.articles + 1, `li.article on /story/${before.id} after the reprint`);
	ok(page.text.includes('Reprint Daily'), 'the reprint\'s outlet is not on the story page');
});

test('live: search finds the new article', async () => {
	const q = await json('/api/v1/search?q=quillmere');
	eq(q.v.total, 1, 'hits for quillmere after the ingest');
	const r = await raw('/search?q=quillmere');
	ok(/<mark>Quillmere<\/mark>/i.test(r.text), 'no <mark>Quillmere</mark> on /search?q=quillmere');
});

uiTest('live: the browser, going back to the home page, shows the new story (no stale page)', async () => {
	const page = await newPage();
	try {
		await go(page, HOME);
		const heads = await page.$$eval('ol#stories a.headline', (as) => as.map((a) => a.textContent));
		ok(heads.some((h) => /Quillmere lighthouse/.test(norm(h))), 'the new story is not on the home page in the browser');
	} finally {
		await closePage(page);
	}
});
