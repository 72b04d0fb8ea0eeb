// tests/browser/xss.test.mjs — hostile text in the store
// (tests/browser/fixtures/xss.jsonl: titles, outlet names, bylines and text
// with <script>, an attribute break-out "><img onerror> and javascript:
// URLs; a feed titled the same way) must show as text: no dialog, no
// element the text would make, no javascript: link.
import { uiTest, test, raw, api, eq, ok, norm, newPage, go, clickAndWait, problems, closePage, screenshot, dialogs } from './lib.mjs';

const WORD = 'zorblatt';
const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)'];

async function xssStory() {
	const v = await api(`/api/v1/search?q=${WORD}`);
	ok(v.total >= 1, `GET /api/v1/search?q=${WORD}: the fixture articles were not found (total ${v.total})`);
	return api(`/api/v1/stories/${v.hits[0].story_id}`);
}

// What the page's DOM shows of the payloads: elements they would create
// and links to javascript:.
async function injected(page) {
	return page.evaluate(() => {
		const out = [];
		for (const s of document.querySelectorAll('script'))
			if (/alert/.test(s.textContent) || (s.src && !s.src.startsWith(location.origin)))
				out.push(`script element: ${s.outerHTML.slice(0, 120)}`);
		for (const i of document.querySelectorAll('img[src="x"], img[onerror], [onerror], [onload], [onclick]'))
			out.push(`element with a handler: ${i.outerHTML.slice(0, 120)}`);
		for (const a of document.querySelectorAll('[href], [src], [action], [formaction]')) {
			const v = (a.getAttribute('href') || a.getAttribute('src') || a.getAttribute('action')
				|| a.getAttribute('formaction') || '').replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
			if (v.startsWith('javascript:') || v.startsWith('data:text/html') || v.startsWith('vbscript:'))
				out.push(`dangerous URL: ${a.outerHTML.slice(0, 160)}`);
		}
		return out;
	});
}

async function withPage(fn) {
	const page = await newPage();
	try {
		return await fn(page);
	} finally {
		await closePage(page);
	}
}

test('xss: the fixture articles are in the store as one story with the payloads as text', async () => {
	const s = await xssStory();
	ok(s.articles.length >= 2, `the fixture story has ${s.articles.length} article(s), wanted 2`);
	const all = JSON.stringify(s);
	for (const p of PAYLOADS)
		ok(all.includes(p), `the API story lacks the payload ${p} (stored text changed?)`);
});

uiTest('xss: the story page shows the payloads as text; no dialog, no injected element, no javascript: link', async () => withPage(async (page) => {
	const s = await xssStory();
	const before = dialogs.length;
	await go(page, `/story/${s.id}`);
	await page.waitForTimeout(300);
	ok(page.px.dialogs.length === 0, `dialogs on the story page: ${JSON.stringify(page.px.dialogs)}`);
	eq(norm(await page.textContent('h1#headline')), norm(s.headline), 'h1#headline shows the headline literally');
	eq(norm(await page.textContent('p#summary')), norm(s.summary), 'p#summary shows the summary literally');
	const outlets = await page.$$eval('ol#articles > li.article .outlet', (es) => es.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
	for (const a of s.articles)
		ok(outlets.some((o) => o.includes(norm(a.outlet))), `.outlet does not show ${JSON.stringify(a.outlet)} literally: ${JSON.stringify(outlets)}`);
	const body = await page.textContent('main');
	for (const p of PAYLOADS)
		ok(body.includes(p), `the page's text lacks ${JSON.stringify(p)} (dropped or interpreted)`);
	const bad = await injected(page);
	ok(bad.length === 0, bad.join('\n'));
	eq(dialogs.length, before, 'dialogs opened');
	await screenshot(page, 'xss-story');
	const pr = await problems(page);
	ok(pr.length === 0, pr.join('\n'));
}));

uiTest('xss: searching for the fixture shows the payloads as text in the hits', async () => withPage(async (page) => {
	await go(page, '/');
	await page.fill('form#site-search input[name="q"]', WORD);
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.press('form#site-search input[name="q"]', 'Enter')]);
	await page.waitForTimeout(300);
	ok(page.px.dialogs.length === 0, `dialogs on the search page: ${JSON.stringify(page.px.dialogs)}`);
	const v = await api(`/api/v1/search?q=${WORD}`);
	eq(await page.locator('ol#results > li.hit').count(), v.hits.length, 'hits for the fixture word');
	const text = await page.textContent('ol#results');
	ok(v.hits.every((h) => norm(text).includes(norm(h.title))), `a hit's title is not shown literally: ${text.slice(0, 300)}`);
	ok(await page.locator('ol#results mark').count() > 0, 'no mark in the hits');
	const bad = await injected(page);
	ok(bad.length === 0, bad.join('\n'));
	await screenshot(page, 'xss-search');
	const pr = await problems(page);
	ok(pr.length === 0, pr.join('\n'));
}));

uiTest('xss: a query with markup is echoed as text, not markup', async () => withPage(async (page) => {
	const q = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';
	await go(page, `/search?q=${encodeURIComponent(q)}`);
	await page.waitForTimeout(300);
	ok(page.px.dialogs.length === 0, `dialogs: ${JSON.stringify(page.px.dialogs)}`);
	eq(await page.inputValue('form#site-search input[name="q"]'), q, 'the search box holds the query as typed');
	const bad = await injected(page);
	ok(bad.length === 0, bad.join('\n'));
}));

uiTest('xss: home, the outlet page and the feeds page show hostile names as text', async () => withPage(async (page) => {
	const s = await xssStory();
	const visited = [];
	await go(page, '/?per_page=100');
	visited.push('/');
	ok(norm(await page.textContent('ol#stories')).includes(norm(s.headline)), 'the fixture story is not on the home page');
	const link = page.locator('ol#articles > li.article a.outlet, ol#articles > li.article .outlet a');
	await go(page, `/story/${s.id}`);
	visited.push(`/story/${s.id}`);
	if (await link.count()) {
		await clickAndWait(page, link.first());
		visited.push(new URL(page.url()).pathname);
		const o = await api(`/api/v1/outlets/${new URL(page.url()).pathname.split('/')[2]}`);
		eq(norm(await page.textContent('h1')), norm(o.name), 'the fixture outlet\'s h1 shows its name literally');
		await screenshot(page, 'xss-outlet');
	}
	await go(page, '/feeds');
	visited.push('/feeds');
	ok((await page.textContent('table#feeds')).includes('<script>alert(1)</script>'), 'the hostile feed title is not shown literally on /feeds');
	await go(page, '/outlets');
	visited.push('/outlets');
	ok(page.px.dialogs.length === 0, `dialogs on ${visited.join(', ')}: ${JSON.stringify(page.px.dialogs)}`);
	const bad = await injected(page);
	ok(bad.length === 0, bad.join('\n'));
}));

test('xss: the raw HTML never carries the payloads unescaped', async () => {
	const s = await xssStory();
	for (const p of [`/story/${s.id}`, `/search?q=${WORD}`, '/feeds', '/?per_page=100',
		`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`]) {
		const r = await raw(p);
		eq(r.status, 200, `GET ${p}: status`);
		ok(!r.text.includes('<script>alert(1)'), `GET ${p}: an unescaped <script>alert(1) in the HTML`);
		ok(!/<img src=x onerror/i.test(r.text), `GET ${p}: an unescaped <img src=x onerror in the HTML`);
		ok(!/href\s*=\s*["']?\s*javascript:/i.test(r.text), `GET ${p}: an href to javascript: in the HTML`);
	}
});

test('xss: the RSS and Atom feeds escape the payloads', async () => {
	for (const p of [`/feeds/search.rss?q=${WORD}`, `/feeds/search.atom?q=${WORD}`]) {
		const r = await raw(p);
		eq(r.status, 200, `GET ${p}: status`);
		ok(r.text.includes('alert(1)'), `GET ${p}: the fixture is not in the feed`);
		ok(!/<script>alert\(1\)/.test(r.text.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')),
			`GET ${p}: an unescaped <script> element outside CDATA`);
	}
});
