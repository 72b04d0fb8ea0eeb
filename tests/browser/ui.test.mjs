// tests/browser/ui.test.mjs — the pages in Chromium against the JSON API:
// the home page's story list and bars, a story page reached by clicking,
// its coverage and side filter, search, paging, blindspots, an outlet's
// ratings, the feeds page; then every page's console, CSP and phone layout,
// with screenshots in $PX_ARTIFACTS.
import {
	uiTest, api, raw, eq, deepEq, ok, norm, sideOf, newPage, go, clickAndWait,
	problems, closePage, screenshot, BASE,
} from './lib.mjs';

const num = (s) => {
	const m = /-?\d[\d,]*/.exec(s || '');
	return m ? Number(m[0].replace(/,/g, '')) : NaN;
};

async function storyIds(page, scope = 'ol#stories') {
	return page.$$eval(`${scope} > li.story`, (lis) => lis.map((li) => Number(li.dataset.storyId)));
}

// A page object used inside one test; closed whatever happens.
async function withPage(opts, fn) {
	const page = await newPage(opts);
	try {
		return await fn(page);
	} finally {
		await closePage(page);
	}
}

// The stories of the demo store worth testing a story page on.
async function storyWith(pred, what) {
	const l = await api('/api/v1/stories?per_page=100');
	for (const s0 of l.stories) {
		const s = await api(`/api/v1/stories/${s0.id}`);
		if (pred(s))
			return s;
	}
	throw new Error(`no story in the demo store ${what}`);
}

// ---------------------------------------------------------------- home

uiTest('home: the story list is the API\'s first page, in order', async () => withPage({}, async (page) => {
	await go(page, '/');
	const ids = await storyIds(page);
	const l = await api('/api/v1/stories');
	ok(ids.length > 0, 'ol#stories > li.story[data-story-id]: none on the home page');
	deepEq(ids, l.stories.map((s) => s.id), 'story ids on / vs GET /api/v1/stories');
}));

uiTest('home: each a.headline links /story/ID with the API headline', async () => withPage({}, async (page) => {
	await go(page, '/');
	const rows = await page.$$eval('ol#stories > li.story', (lis) => lis.map((li) => {
		const a = li.querySelector('a.headline');
		return { id: Number(li.dataset.storyId), href: a && a.getAttribute('href'), text: a && a.textContent };
	}));
	ok(rows.length > 0, 'no li.story');
	for (const r of rows) {
		const s = await api(`/api/v1/stories/${r.id}`);
		ok(r.href !== null, `story ${r.id}: no a.headline`);
		eq(new URL(r.href, BASE).pathname, `/story/${r.id}`, `story ${r.id}: a.headline href`);
		eq(norm(r.text), norm(s.headline), `story ${r.id}: a.headline text`);
	}
}));

uiTest('home: each svg.bias-bar data-left/center/right equals coverage.bias', async () => withPage({}, async (page) => {
	await go(page, '/');
	const rows = await page.$$eval('ol#stories > li.story', (lis) => lis.map((li) => {
		const b = li.querySelector('svg.bias-bar');
		return { id: Number(li.dataset.storyId), bar: b && {
			left: b.getAttribute('data-left'), center: b.getAttribute('data-center'), right: b.getAttribute('data-right') } };
	}));
	ok(rows.length > 0, 'no li.story');
	for (const r of rows) {
		ok(r.bar, `story ${r.id}: no svg.bias-bar`);
		const b = (await api(`/api/v1/stories/${r.id}`)).coverage.bias;
		deepEq([r.bar.left, r.bar.center, r.bar.right].map(Number), [b.left, b.center, b.right],
			`story ${r.id}: svg.bias-bar [data-left, data-center, data-right] vs coverage.bias [left, center, right]`);
	}
}));

uiTest('home: each .sources reads "N sources" with N = coverage.sources', async () => withPage({}, async (page) => {
	await go(page, '/');
	const rows = await page.$$eval('ol#stories > li.story', (lis) => lis.map((li) => ({
		id: Number(li.dataset.storyId), text: li.querySelector('.sources')?.textContent ?? null })));
	for (const r of rows) {
		ok(r.text !== null, `story ${r.id}: no .sources`);
		const s = await api(`/api/v1/stories/${r.id}`);
		ok(new RegExp(`^${s.coverage.sources} sources?$`).test(norm(r.text)),
			`story ${r.id}: .sources ${JSON.stringify(norm(r.text))}, expected "${s.coverage.sources} sources"`);
	}
}));

uiTest('home: .blindspot[data-side] marks exactly the API\'s blindspots', async () => withPage({}, async (page) => {
	const want = new Map();
	for (const side of ['left', 'right'])
		for (const s of (await api(`/api/v1/blindspots?side=${side}`)).stories)
			want.set(s.id, side);
	const home = await api('/api/v1/stories');
	for (const s of home.stories)
		if ('blindspot' in s && s.blindspot !== null)
			eq(s.blindspot, want.get(s.id) ?? null, `GET /api/v1/stories: story ${s.id} blindspot`);
	await go(page, '/');
	const rows = await page.$$eval('ol#stories > li.story', (lis) => lis.map((li) => ({
		id: Number(li.dataset.storyId),
		sides: [...li.querySelectorAll('.blindspot')].map((b) => b.getAttribute('data-side')) })));
	const onPage = rows.filter((r) => want.has(r.id));
	ok(onPage.length > 0, `none of the blindspot stories ${[...want.keys()]} is on the home page's first page`);
	for (const r of rows)
		deepEq(r.sides, want.has(r.id) ? [want.get(r.id)] : [], `story ${r.id}: .blindspot[data-side] values`);
}));

uiTest('home: form#filters offers topic, country, lang and window', async () => withPage({}, async (page) => {
	await go(page, '/');
	for (const name of ['topic', 'country', 'lang', 'window'])
		eq(await page.locator(`form#filters select[name="${name}"]`).count(), 1, `form#filters select[name=${name}]`);
	eq(await page.locator('form#site-search input[name="q"]').count(), 1, 'form#site-search input[name=q]');
	for (const href of ['/', '/blindspots', '/outlets', '/feeds'])
		ok(await page.locator(`header nav a[href="${href}"]`).count() >= 1, `header nav a[href="${href}"] missing`);
}));

uiTest('home: the topic filter keeps only that topic\'s stories (as the API)', async () => withPage({}, async (page) => {
	await go(page, '/');
	const topics = await page.$$eval('form#filters select[name="topic"] option', (os) =>
		os.map((o) => o.value).filter((v) => v));
	ok(topics.length > 0, 'form#filters select[name=topic] offers no topics');
	const all = await api('/api/v1/stories');
	let topic = null, want = null;
	for (const t of topics) {
		want = await api(`/api/v1/stories?topic=${encodeURIComponent(t)}`);
		if (want.total > 0 && want.total < all.total) {
			topic = t;
			break;
		}
	}
	ok(topic, `no topic of ${JSON.stringify(topics)} keeps some but not all of the ${all.total} stories in the API`);
	await page.selectOption('form#filters select[name="topic"]', topic);
	const form = page.locator('form#filters');
	const submit = form.locator('button, input[type=submit]');
	if (await submit.count())
		await clickAndWait(page, submit.first());
	else
		await Promise.all([page.waitForNavigation(), form.evaluate((f) => f.submit())]);
	eq(new URL(page.url()).searchParams.get('topic'), topic, 'topic in the URL after submitting form#filters');
	deepEq(await storyIds(page), want.stories.map((s) => s.id), `story ids on /?topic=${topic} vs the API`);
	for (const s of want.stories)
		if ('topic' in s)
			eq(s.topic, topic, `GET /api/v1/stories?topic=${topic}: story ${s.id} topic`);
	eq(await page.inputValue('form#filters select[name="topic"]'), topic, 'the topic select keeps the choice');
}));

// ---------------------------------------------------------------- story

uiTest('story: clicking a headline opens its page with the API\'s headline, summary and key points', async () => withPage({}, async (page) => {
	await go(page, '/');
	const li = page.locator('ol#stories > li.story').first();
	const id = Number(await li.getAttribute('data-story-id'));
	const res = await clickAndWait(page, li.locator('a.headline'));
	eq(res && res.status(), 200, 'status of the story page');
	eq(new URL(page.url()).pathname, `/story/${id}`, 'URL after clicking the headline');
	const s = await api(`/api/v1/stories/${id}`);
	eq(norm(await page.textContent('h1#headline')), norm(s.headline), 'h1#headline');
	eq(norm(await page.textContent('p#summary')), norm(s.summary), 'p#summary');
	const kps = await page.$$eval('ol#key-points > li', (lis) => lis.map((li) => ({
		text: li.textContent, sources: li.querySelector('.sources') !== null, sides: li.querySelector('.sides') !== null })));
	eq(kps.length, s.key_points.length, 'ol#key-points > li count vs key_points');
	s.key_points.forEach((kp, i) => {
		ok(norm(kps[i].text).includes(norm(kp.text)),
			`key point ${i + 1}: li text ${JSON.stringify(norm(kps[i].text).slice(0, 160))} lacks ${JSON.stringify(kp.text)}`);
		ok(kps[i].sources, `key point ${i + 1}: no .sources`);
		ok(kps[i].sides, `key point ${i + 1}: no .sides`);
	});
	eq(await page.title() !== '', true, 'the story page has a <title>');
}));

uiTest('story: each key point\'s .sources names its cited articles\' outlets and .sides counts its sides', async () => withPage({}, async (page) => {
	const s = await storyWith((x) => x.key_points.some((k) => k.sources.length > 1), 'with a key point carried by two articles');
	await go(page, `/story/${s.id}`);
	const kps = await page.$$eval('ol#key-points > li', (lis) => lis.map((li) => ({
		sources: li.querySelector('.sources')?.textContent.replace(/\s+/g, ' ') ?? '',
		sides: li.querySelector('.sides')?.textContent.replace(/\s+/g, ' ') ?? '' })));
	eq(kps.length, s.key_points.length, 'ol#key-points > li count');
	const byId = new Map(s.articles.map((a) => [a.id, a]));
	s.key_points.forEach((kp, i) => {
		for (const id of kp.sources) {
			const a = byId.get(id);
			ok(a, `key point ${i + 1} cites article ${id}, which the story JSON does not list`);
			ok(kps[i].sources.includes(a.outlet), `key point ${i + 1}: .sources ${JSON.stringify(kps[i].sources)} does not name ${a.outlet} (article ${id})`);
		}
		for (const side of ['left', 'center', 'right']) {
			const m = new RegExp(`${side}\\D{0,12}?(\\d+)`, 'i').exec(kps[i].sides);
			ok(m, `key point ${i + 1}: .sides ${JSON.stringify(kps[i].sides)} has no ${side} count`);
			eq(Number(m[1]), kp.sides[side], `key point ${i + 1}: .sides ${side} count`);
		}
	});
}));

uiTest('story: each article\'s .lean, .factuality and .snippet are the JSON\'s', async () => withPage({}, async (page) => {
	const s = await storyWith((x) => x.articles.some((a) => !a.lean) || x.articles.length > 4, 'with five articles');
	await go(page, `/story/${s.id}`);
	const rows = await page.$$eval('ol#articles > li.article', (lis) => lis.map((li) => ({
		id: Number(li.dataset.articleId),
		lean: li.querySelector('.lean')?.textContent.replace(/\s+/g, ' ').trim() ?? null,
		fact: li.querySelector('.factuality')?.textContent.replace(/\s+/g, ' ').trim() ?? null,
		snippet: li.querySelector('.snippet')?.textContent.replace(/\s+/g, ' ').trim() ?? null })));
	for (const a of s.articles) {
		const r = rows.find((x) => x.id === a.id);
		ok(r, `article ${a.id} not listed`);
		ok(r.lean !== null, `article ${a.id}: no .lean`);
		if (a.lean)
			ok(r.lean.toLowerCase().includes(a.lean), `article ${a.id}: .lean ${JSON.stringify(r.lean)}, JSON lean ${a.lean}`);
		else
			ok(!/\b(left|right|center)\b/i.test(r.lean), `article ${a.id} is unrated, .lean says ${JSON.stringify(r.lean)}`);
		ok(r.fact !== null, `article ${a.id}: no .factuality`);
		if (a.factuality)
			ok(r.fact.toLowerCase().includes(a.factuality), `article ${a.id}: .factuality ${JSON.stringify(r.fact)}, JSON ${a.factuality}`);
		eq(r.snippet, norm(a.snippet), `article ${a.id}: .snippet`);
	}
}));

uiTest('story: #coverage [data-field] cells equal the JSON coverage', async () => withPage({}, async (page) => {
	const s = await storyWith((x) => x.coverage.wire_copies > 0, 'with wire copies');
	await go(page, `/story/${s.id}`);
	for (const f of ['sources', 'articles', 'independent_reports', 'wire_copies']) {
		const cell = page.locator(`#coverage [data-field="${f}"]`);
		eq(await cell.count(), 1, `#coverage [data-field=${f}] count`);
		eq(num(await cell.textContent()), s.coverage[f], `#coverage [data-field=${f}] (text ${JSON.stringify(norm(await cell.textContent()))})`);
	}
	const first = norm(await page.locator('#coverage [data-field="first_reported_by"]').textContent());
	ok(first.includes(s.coverage.first_reported_by.outlet),
		`[data-field=first_reported_by] ${JSON.stringify(first)} lacks ${s.coverage.first_reported_by.outlet}`);
	const lu = page.locator('#coverage [data-field="last_updated"]');
	eq(await lu.count(), 1, '[data-field=last_updated] count');
	const dt = await lu.locator('time[datetime]').getAttribute('datetime').catch(() => null);
	if (dt)
		eq(new Date(dt).getTime(), new Date(s.coverage.last_updated).getTime(), '[data-field=last_updated] time[datetime]');
}));

uiTest('story: svg#bias-bar and p#bias-summary equal coverage.bias', async () => withPage({}, async (page) => {
	const s = await storyWith((x) => x.coverage.bias.left > 0 && x.coverage.bias.right > 0, 'covered by both left and right');
	await go(page, `/story/${s.id}`);
	const bar = await page.$eval('svg#bias-bar', (b) => ['left', 'center', 'right'].map((k) => b.getAttribute(`data-${k}`)));
	const b = s.coverage.bias;
	deepEq(bar.map(Number), [b.left, b.center, b.right], 'svg#bias-bar [data-left, data-center, data-right]');
	eq(norm(await page.textContent('p#bias-summary')), norm(b.summary), 'p#bias-summary');
	for (const sel of ['#factuality', '#ownership', 'svg#coverage-chart', '#frames'])
		eq(await page.locator(sel).count(), 1, `${sel} on the story page`);
}));

uiTest('story: ol#articles lists the JSON articles in order with side, link and outlet', async () => withPage({}, async (page) => {
	const s = await storyWith((x) => x.coverage.wire_copies > 0, 'with wire copies');
	await go(page, `/story/${s.id}`);
	const rows = await page.$$eval('ol#articles > li.article', (lis) => lis.map((li) => ({
		id: Number(li.dataset.articleId), side: li.dataset.side,
		href: li.querySelector('a.article-link')?.getAttribute('href') ?? null,
		outlet: li.querySelector('.outlet')?.textContent ?? null,
		datetime: li.querySelector('time[datetime]')?.getAttribute('datetime') ?? null,
		copy: li.querySelector('.copy-of') !== null })));
	deepEq(rows.map((r) => r.id), s.articles.map((a) => a.id), 'li.article data-article-id vs JSON articles');
	s.articles.forEach((a, i) => {
		const r = rows[i];
		eq(r.href, a.url, `article ${a.id}: a.article-link href`);
		ok(r.outlet !== null && norm(r.outlet).includes(a.outlet), `article ${a.id}: .outlet ${JSON.stringify(r.outlet)} vs ${a.outlet}`);
		if (sideOf(a.lean))
			eq(r.side, sideOf(a.lean), `article ${a.id} (lean ${a.lean}): data-side`);
		else
			ok(!['left', 'center', 'right'].includes(r.side), `article ${a.id} (unrated): data-side ${r.side}`);
		eq(r.copy, a.copy_of !== null, `article ${a.id} (copy_of ${a.copy_of}): has .copy-of`);
		ok(r.datetime && new Date(r.datetime).getTime() === new Date(a.published).getTime(),
			`article ${a.id}: time[datetime] ${r.datetime} vs ${a.published}`);
	});
}));

uiTest('story: nav#side-filter left keeps only the left articles', async () => withPage({}, async (page) => {
	const s = await storyWith((x) => x.coverage.bias.left > 0 && x.coverage.bias.right > 0, 'covered by both left and right');
	await go(page, `/story/${s.id}`);
	const before = await page.locator('ol#articles > li.article').count();
	eq(before, s.articles.length, 'articles before filtering');
	const res = await clickAndWait(page, page.locator('nav#side-filter a[data-side="left"]'));
	eq(res && res.status(), 200, 'status after clicking the left filter');
	const u = new URL(page.url());
	eq(u.pathname, `/story/${s.id}`, 'path after filtering');
	eq(u.searchParams.get('side'), 'left', 'side in the URL');
	const sides = await page.$$eval('ol#articles > li.article', (lis) => lis.map((li) => li.dataset.side));
	const wantLeft = s.articles.filter((a) => sideOf(a.lean) === 'left');
	ok(wantLeft.length > 0 && wantLeft.length < s.articles.length, 'the chosen story should have left and other articles');
	eq(sides.length, wantLeft.length, 'li.article count after ?side=left vs JSON articles leaning left');
	ok(sides.every((x) => x === 'left'), `data-side after filtering: ${JSON.stringify(sides)}`);
	eq(await page.getAttribute('nav#side-filter a[data-side="left"]', 'aria-current'), 'page', 'aria-current on the left filter');
	eq(await page.getAttribute('nav#side-filter a[data-side="all"]', 'aria-current'), null, 'aria-current on "all" while filtered');
	await clickAndWait(page, page.locator('nav#side-filter a[data-side="all"]'));
	eq(await page.locator('ol#articles > li.article').count(), s.articles.length, 'articles after clicking "all"');
}));

uiTest('story: side=right and side=center filter too', async () => withPage({}, async (page) => {
	const s = await storyWith((x) => x.coverage.bias.left > 0 && x.coverage.bias.right > 0 && x.coverage.bias.center > 0,
		'covered by all three sides');
	for (const side of ['right', 'center']) {
		await go(page, `/story/${s.id}?side=${side}`);
		const sides = await page.$$eval('ol#articles > li.article', (lis) => lis.map((li) => li.dataset.side));
		eq(sides.length, s.articles.filter((a) => sideOf(a.lean) === side).length, `articles on ?side=${side}`);
		ok(sides.every((x) => x === side), `data-side on ?side=${side}: ${JSON.stringify(sides)}`);
	}
}));

uiTest('story: section.frame per covering side with that side\'s headlines', async () => withPage({}, async (page) => {
	const s = await storyWith((x) => x.coverage.bias.left > 0 && x.coverage.bias.right > 0, 'covered by both left and right');
	await go(page, `/story/${s.id}`);
	for (const side of ['left', 'right']) {
		const frame = page.locator(`#frames section.frame[data-side="${side}"]`);
		eq(await frame.count(), 1, `#frames section.frame[data-side=${side}] count`);
		const text = norm(await frame.textContent());
		const titles = s.articles.filter((a) => sideOf(a.lean) === side).map((a) => norm(a.title));
		ok(titles.some((t) => text.includes(t)), `frame ${side} names none of its side's titles: ${text.slice(0, 200)}`);
		const others = s.articles.filter((a) => sideOf(a.lean) !== side).map((a) => norm(a.title))
			.filter((t) => !titles.includes(t));
		for (const t of others)
			ok(!text.includes(t), `frame ${side} shows another side's title ${JSON.stringify(t)}`);
	}
}));

uiTest('story: an unknown side filter is refused (400) or shows all articles', async () => withPage({}, async (page) => {
	const s = await storyWith((x) => x.articles.length > 1, 'with two articles');
	const res = await page.goto(`${BASE}/story/${s.id}?side=sideways`);
	if (res.status() === 400)
		return;
	eq(res.status(), 200, 'status of ?side=sideways');
	eq(await page.locator('ol#articles > li.article').count(), s.articles.length, 'articles on ?side=sideways');
}));

// ---------------------------------------------------------------- search

uiTest('search: form#site-search finds the word, marks it, counts as the API', async () => withPage({}, async (page) => {
	const word = 'bridge';
	await go(page, '/');
	await page.fill('form#site-search input[name="q"]', word);
	const res = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
		page.press('form#site-search input[name="q"]', 'Enter')]).then(([r]) => r);
	eq(res && res.status(), 200, 'status of the search page');
	const u = new URL(page.url());
	eq(u.pathname, '/search', 'path after submitting form#site-search');
	eq(u.searchParams.get('q'), word, 'q in the URL');
	const v = await api(`/api/v1/search?q=${word}`);
	ok(v.total > 0, `the API finds no ${word}`);
	const hits = await page.$$eval('ol#results > li.hit', (lis) => lis.map((li) => ({
		href: li.querySelector('a.headline')?.getAttribute('href') ?? null,
		marks: [...li.querySelectorAll('.snippet mark')].map((m) => m.textContent) })));
	eq(hits.length, v.hits.length, 'ol#results > li.hit count vs the API\'s hits on page 1');
	const count = norm(await page.textContent('p#result-count'));
	ok(new RegExp(`\\b${v.total}\\b`).test(count), `p#result-count ${JSON.stringify(count)} lacks the total ${v.total}`);
	hits.forEach((h, i) => {
		ok(h.marks.length > 0, `hit ${i + 1}: no mark in .snippet`);
		for (const m of h.marks)
			ok(m.toLowerCase().startsWith(word), `hit ${i + 1}: mark ${JSON.stringify(m)} is not the word ${word}`);
		ok(h.href, `hit ${i + 1}: no a.headline`);
		eq(new URL(h.href, BASE).pathname, `/story/${v.hits[i].story_id}`, `hit ${i + 1}: a.headline href`);
	});
	eq(await page.inputValue('form#site-search input[name="q"]'), word, 'the search box keeps the query');
}));

uiTest('search: a word in no article gives no hits and says so', async () => withPage({}, async (page) => {
	await go(page, '/search?q=qqxxzzyqv');
	eq(await page.locator('ol#results > li.hit').count(), 0, 'hits for qqxxzzyqv');
	const count = norm(await page.textContent('p#result-count').catch(() => ''));
	ok(/\b(0|no)\b/i.test(count), `p#result-count ${JSON.stringify(count)} should say 0/no results`);
}));

uiTest('search: a hit\'s headline opens its story', async () => withPage({}, async (page) => {
	await go(page, '/search?q=bridge');
	const v = await api('/api/v1/search?q=bridge');
	await clickAndWait(page, page.locator('ol#results > li.hit a.headline').first());
	eq(new URL(page.url()).pathname, `/story/${v.hits[0].story_id}`, 'URL after clicking the first hit');
	const s = await api(`/api/v1/stories/${v.hits[0].story_id}`);
	eq(norm(await page.textContent('h1#headline')), norm(s.headline), 'h1#headline');
}));

uiTest('search: paging through the hits of a common word (rel=next, page-info, API page 2)', async () => withPage({}, async (page) => {
	const word = 'said';
	const v1 = await api(`/api/v1/search?q=${word}`);
	ok(v1.total > v1.hits.length, `"${word}" has ${v1.total} hits, not more than one page`);
	await go(page, `/search?q=${word}`);
	const pages = Math.ceil(v1.total / v1.hits.length);
	eq(norm(await page.textContent('nav.pagination .page-info')), `Page 1 of ${pages}`, '.page-info on search page 1');
	await clickAndWait(page, page.locator('nav.pagination a[rel=next]'));
	const u = new URL(page.url());
	eq(u.searchParams.get('q'), word, 'q kept by rel=next');
	eq(u.searchParams.get('page'), '2', 'page after rel=next');
	const v2 = await api(`/api/v1/search?q=${word}&page=2`);
	const hrefs = await page.$$eval('ol#results > li.hit a.headline', (as) => as.map((a) => a.getAttribute('href')));
	deepEq(hrefs.map((h) => new URL(h, BASE).pathname), v2.hits.map((h) => `/story/${h.story_id}`),
		'hits on /search page 2 vs GET /api/v1/search page 2 (story links)');
	const ol = await page.getAttribute('ol#results', 'start');
	ok(ol === null || Number(ol) === v1.hits.length + 1, `ol#results start=${ol} on page 2, expected ${v1.hits.length + 1}`);
}));

for (const [name, value] of [['window', '24h'], ['window', '7d'], ['lang', 'en'], ['country', 'US']])
	uiTest(`home: ?${name}=${value} lists what GET /api/v1/stories?${name}=${value} lists`, async () => withPage({}, async (page) => {
		const want = await api(`/api/v1/stories?${name}=${value}&per_page=100`);
		await go(page, `/?${name}=${value}&per_page=100`);
		deepEq(await storyIds(page), want.stories.map((s) => s.id), `story ids on /?${name}=${value}`);
		const sel = await page.$eval(`form#filters select[name="${name}"]`, (e) => e.value).catch(() => null);
		eq(sel, value, `form#filters select[name=${name}] shows the filter in use`);
		if (name === 'window' && value === '24h') {
			const all = await api('/api/v1/stories?per_page=100');
			ok(want.total < all.total, `window=24h keeps all ${all.total} stories (the demo spans two weeks)`);
		}
	}));

// ---------------------------------------------------------------- paging

uiTest('home: pagination next and prev (page-info, other stories, back)', async () => withPage({}, async (page) => {
	await go(page, '/?per_page=5');
	const p1 = await storyIds(page);
	const per = p1.length;
	ok(per > 0, 'no stories on page 1');
	const all = await api(`/api/v1/stories?per_page=${per}`);
	deepEq(p1, all.stories.map((s) => s.id), `page 1 vs GET /api/v1/stories?per_page=${per}`);
	const pages = Math.ceil(all.total / per);
	ok(pages >= 2, `only ${pages} page(s) of ${per}: cannot test paging`);
	eq(norm(await page.textContent('nav.pagination .page-info')), `Page 1 of ${pages}`, '.page-info on page 1');
	eq(await page.locator('nav.pagination a[rel=prev]').count(), 0, 'a[rel=prev] on page 1');
	await clickAndWait(page, page.locator('nav.pagination a[rel=next]'));
	eq(new URL(page.url()).searchParams.get('page'), '2', 'page in the URL after rel=next');
	eq(norm(await page.textContent('nav.pagination .page-info')), `Page 2 of ${pages}`, '.page-info on page 2');
	const p2 = await storyIds(page);
	const want2 = await api(`/api/v1/stories?per_page=${per}&page=2`);
	deepEq(p2, want2.stories.map((s) => s.id), `page 2 vs GET /api/v1/stories?per_page=${per}&page=2`);
	ok(p2.every((id) => !p1.includes(id)), `page 2 repeats page 1's stories: ${p1} / ${p2}`);
	await clickAndWait(page, page.locator('nav.pagination a[rel=prev]'));
	eq(norm(await page.textContent('nav.pagination .page-info')), `Page 1 of ${pages}`, '.page-info back on page 1');
	deepEq(await storyIds(page), p1, 'stories back on page 1');
	await go(page, `/?per_page=${per}&page=${pages}`);
	eq(norm(await page.textContent('nav.pagination .page-info')), `Page ${pages} of ${pages}`, '.page-info on the last page');
	eq(await page.locator('nav.pagination a[rel=next]').count(), 0, 'a[rel=next] on the last page');
	eq((await storyIds(page)).length, all.total - per * (pages - 1), 'stories on the last page');
}));

uiTest('home: a page past the last is 404 or empty, not an error', async () => withPage({}, async (page) => {
	const res = await page.goto(`${BASE}/?page=9999`);
	ok([200, 404].includes(res.status()), `status ${res.status()} for /?page=9999`);
	if (res.status() === 200)
		eq((await storyIds(page)).length, 0, 'stories on /?page=9999');
}));

// ---------------------------------------------------------------- blindspots

uiTest('blindspots: the two columns are the API\'s lists, and a story opens', async () => withPage({}, async (page) => {
	await go(page, '/blindspots');
	let opened = false;
	for (const side of ['left', 'right']) {
		eq(await page.locator(`section#blindspots-${side}`).count(), 1, `section#blindspots-${side}`);
		const got = await page.$$eval(`section#blindspots-${side} li.story`,
			(lis) => lis.map((li) => Number(li.dataset.storyId)));
		const want = (await api(`/api/v1/blindspots?side=${side}`)).stories.map((s) => s.id);
		deepEq(got, want, `section#blindspots-${side} li.story ids vs GET /api/v1/blindspots?side=${side}`);
	}
	for (const side of ['left', 'right']) {
		const li = page.locator(`section#blindspots-${side} li.story`).first();
		if (!(await li.count()))
			continue;
		const id = Number(await li.getAttribute('data-story-id'));
		await clickAndWait(page, li.locator('a.headline'));
		eq(new URL(page.url()).pathname, `/story/${id}`, `URL after clicking a ${side} blindspot`);
		const s = await api(`/api/v1/stories/${id}`);
		eq(norm(await page.textContent('h1#headline')), norm(s.headline), 'blindspot story h1#headline');
		const bar = await page.$eval('svg#bias-bar', (b) => ['left', 'center', 'right'].map((k) => Number(b.getAttribute(`data-${k}`))));
		const b = s.coverage.bias;
		deepEq(bar, [b.left, b.center, b.right], 'svg#bias-bar on the blindspot story');
		eq(s.blindspot ?? side, side, `story ${id} blindspot in the API`);
		opened = true;
		break;
	}
	ok(opened, 'no blindspot story to open in either column');
}));

// ---------------------------------------------------------------- outlets

uiTest('outlet: from a story\'s article outlet to its page with rated provenance', async () => withPage({}, async (page) => {
	const s = await storyWith((x) => x.articles.some((a) => a.lean), 'with a rated outlet');
	await go(page, `/story/${s.id}`);
	const link = page.locator('ol#articles > li.article a.outlet, ol#articles > li.article .outlet a').first();
	ok(await link.count(), 'no link on an article\'s .outlet (a.outlet or .outlet a) to its outlet page');
	const name = norm(await link.textContent());
	await clickAndWait(page, link);
	const m = /^\/outlet\/(\d+)$/.exec(new URL(page.url()).pathname);
	ok(m, `URL after clicking the outlet: ${page.url()}`);
	const o = await api(`/api/v1/outlets/${m[1]}`);
	eq(norm(await page.textContent('main h1, h1')), norm(o.name), 'the outlet page h1');
	ok(norm(o.name).includes(name) || name.includes(norm(o.name)), `clicked ${name} but opened ${o.name}`);
	const rows = await page.$$eval('table#ratings tbody tr', (trs) => trs.map((tr) =>
		[...tr.querySelectorAll('td, th')].map((c) => c.textContent.replace(/\s+/g, ' ').trim())));
	eq(rows.length, o.ratings.length, 'table#ratings rows vs the outlet\'s ratings');
	for (const r of o.ratings) {
		const row = rows.find((cells) => {
			const t = cells.join(' | ');
			return t.includes(r.rater) && t.includes(r.source) && t.toLowerCase().includes(r.dimension)
				&& (!r.date || t.includes(r.date));
		});
		ok(row, `no table#ratings row with dimension ${r.dimension}, rater ${r.rater}, date ${r.date}, source ${r.source}: ${JSON.stringify(rows)}`);
	}
	const heads = await page.$$eval('table#ratings thead th, table#ratings tr:first-child th', (ths) =>
		ths.map((t) => t.textContent.trim().toLowerCase()));
	for (const h of ['rater', 'date', 'source'])
		ok(heads.some((x) => x.includes(h)), `table#ratings has no ${h} column: ${JSON.stringify(heads)}`);
	eq(await page.locator('#stories-by-side').count(), 1, '#stories-by-side');
	eq(await page.locator('ol#recent > li').count(), o.recent.length, 'ol#recent > li vs recent');
}));

uiTest('outlets: the registry page lists the outlets and links each', async () => withPage({}, async (page) => {
	await go(page, '/outlets');
	const l = await api('/api/v1/outlets');
	const hrefs = await page.$$eval('main a[href^="/outlet/"]', (as) => as.map((a) => a.getAttribute('href')));
	const ids = new Set(hrefs.map((h) => Number(h.split('/')[2])));
	for (const o of l.outlets)
		ok(ids.has(o.id), `/outlets has no link to /outlet/${o.id} (${o.name})`);
}));

// ---------------------------------------------------------------- feeds

uiTest('feeds: table#feeds lists the API\'s feeds', async () => withPage({}, async (page) => {
	await go(page, '/feeds');
	const ids = await page.$$eval('table#feeds > tbody > tr[data-feed-id]', (trs) => trs.map((tr) => Number(tr.dataset.feedId)));
	const v = await api('/api/v1/feeds');
	deepEq(ids, v.feeds.map((f) => f.id), 'tr[data-feed-id] vs GET /api/v1/feeds');
	const text = norm(await page.textContent('table#feeds'));
	for (const f of v.feeds.slice(0, 5))
		ok(text.includes(f.title || f.url) || text.includes(f.url), `feed ${f.id} (${f.title}, ${f.url}) not shown`);
}));

// ---------------------------------------------------------------- every page

async function tourPaths() {
	const s = await storyWith((x) => x.coverage.bias.left > 0 && x.coverage.bias.right > 0, 'covered by both left and right');
	const l = await api('/api/v1/outlets');
	const mpa = l.outlets.find((o) => o.name === 'Meridian Press Agency') || l.outlets[0];
	return [
		['home', '/'],
		['home-page-2', '/?page=2'],
		['story', `/story/${s.id}`],
		['story-left', `/story/${s.id}?side=left`],
		['blindspots', '/blindspots'],
		['outlets', '/outlets'],
		['outlet', `/outlet/${mpa.id}`],
		['search', '/search?q=bridge'],
		['search-empty', '/search'],
		['feeds', '/feeds'],
	];
}

let tour = null;
const getTour = async () => (tour ??= await tourPaths());

for (const [name, desc] of [
	['home', 'home'], ['home-page-2', 'home page 2'], ['story', 'story'], ['story-left', 'story filtered to the left'],
	['blindspots', 'blindspots'], ['outlets', 'outlets'], ['outlet', 'outlet'], ['search', 'search'],
	['search-empty', 'search without a query'], ['feeds', 'feeds'],
]) {
	uiTest(`page ${desc}: CSP header, no console errors or CSP violations (screenshot ${name}.png)`, async () => withPage({}, async (page) => {
		const p = (await getTour()).find((t) => t[0] === name)[1];
		const res = await go(page, p);
		const csp = (await res.allHeaders())['content-security-policy'];
		ok(csp, `${p}: no Content-Security-Policy header`);
		const css = await page.evaluate(() => [...document.styleSheets].filter((s) => {
			try { return s.cssRules.length > 0; } catch { return false; }
		}).length);
		ok(css > 0, `${p}: no stylesheet applied`);
		eq(await page.locator('main').count(), 1, `${p}: main`);
		await screenshot(page, name);
		const bad = await problems(page);
		ok(bad.length === 0, `${p}:\n${bad.join('\n')}`);
	}));
	uiTest(`page ${desc} at 390px: no horizontal scroll (screenshot ${name}-phone.png)`, async () => withPage({ width: 390, height: 844 }, async (page) => {
		const p = (await getTour()).find((t) => t[0] === name)[1];
		await go(page, p);
		await screenshot(page, `${name}-phone`);
		const w = await page.evaluate(() => document.documentElement.scrollWidth);
		const wide = await page.evaluate(() => [...document.querySelectorAll('main *')]
			.filter((e) => e.getBoundingClientRect().right > 391)
			.slice(0, 5).map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''} right=${Math.round(e.getBoundingClientRect().right)}`));
		ok(w <= 391, `${p}: document.documentElement.scrollWidth ${w} > 391 at 390px; elements past 390px: ${wide.join(', ')}`);
		const bad = await problems(page);
		ok(bad.length === 0, `${p}:\n${bad.join('\n')}`);
	}));
}

for (const [name, desc] of [['home', 'home'], ['story', 'story'], ['blindspots', 'blindspots'], ['outlets', 'outlets'],
	['outlet', 'outlet'], ['search', 'search'], ['feeds', 'feeds']])
	uiTest(`page ${desc}: unique ids, html lang, viewport meta, a title; in-page #links have targets`, async () => withPage({}, async (page) => {
		const p = (await getTour()).find((t) => t[0] === name)[1];
		await go(page, p);
		const r = await page.evaluate(() => {
			const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
			const dup = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
			const frag = [...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href').slice(1))
				.filter((id) => id && !document.getElementById(decodeURIComponent(id)));
			return { dup, frag: [...new Set(frag)], lang: document.documentElement.lang,
				viewport: document.querySelector('meta[name=viewport]')?.content ?? null, title: document.title };
		});
		deepEq(r.dup, [], `${p}: ids used more than once`);
		deepEq(r.frag, [], `${p}: #links to no element`);
		ok(r.lang, `${p}: <html> has no lang`);
		ok(r.viewport && /width=device-width/.test(r.viewport), `${p}: meta viewport ${JSON.stringify(r.viewport)}`);
		ok(norm(r.title), `${p}: empty <title>`);
	}));

uiTest('links: every same-site link, stylesheet, image and form action on the pages answers 200', async () => withPage({}, async (page) => {
	const targets = new Map();   // path -> the page it was found on
	for (const [, p] of await getTour()) {
		await go(page, p);
		const urls = await page.evaluate(() => [
			...[...document.querySelectorAll('a[href], link[href]')].map((e) => e.href),
			...[...document.querySelectorAll('img[src], script[src]')].map((e) => e.src),
			...[...document.querySelectorAll('form')].map((f) => f.action),
		]);
		for (const u of urls) {
			const url = new URL(u);
			if (url.origin !== new URL(BASE).origin)
				continue;
			const key = url.pathname + url.search;
			if (!targets.has(key))
				targets.set(key, p);
		}
	}
	ok(targets.size > 20, `only ${targets.size} same-site links found`);
	const bad = [];
	for (const [t, from] of targets) {
		const r = await raw(t);
		if (r.status !== 200)
			bad.push(`${t} (linked from ${from}): status ${r.status}`);
	}
	ok(bad.length === 0, `${bad.length} of ${targets.size} links fail:\n${bad.slice(0, 20).join('\n')}`);
}));

uiTest('page 404: the error page is HTML with the site header and a message', async () => withPage({}, async (page) => {
	const res = await page.goto(`${BASE}/story/99999999`);
	eq(res.status(), 404, 'status of /story/99999999');
	eq(await page.locator('form#site-search').count(), 1, 'form#site-search on the 404 page');
	ok(/99999999|not found/i.test(norm(await page.textContent('main'))), 'the 404 page says what was not found');
	await screenshot(page, 'not-found');
}));
