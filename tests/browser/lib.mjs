// tests/browser/lib.mjs — the browser tests' harness: a test registry that
// prints one TAP-style line per test ("ok N - name" / "not ok N - name",
// diagnostics as "#" lines), raw HTTP requests to the server under test,
// and pages in Chromium that record console errors, page errors, CSP
// violations, failed subresources and dialogs.
//
// Environment (set by tests/browser/run.sh):
//   PX_URL        the server, e.g. http://127.0.0.1:40123 (no trailing /)
//   PX_ARTIFACTS  where screenshots go (created if missing)
//   PX_CHROMIUM   the browser binary ("" or unset: /usr/bin/chromium)
//   PX_NO_BROWSER 1: no browser here; browser tests are listed as skipped
//   PX_ONLY       a substring: run only the tests whose name contains it
//   PX_TAP_START  the number of the TAP lines printed before these
import http from 'node:http';
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

export { assert };

// Assertions that say what was expected and what came.
const show = (v) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v, null, 0));
export function eq(actual, expected, what) {
	if (actual !== expected)
		throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}
export function deepEq(actual, expected, what) {
	try {
		assert.deepStrictEqual(actual, expected);
	} catch {
		throw new Error(`${what}:\n  expected ${show(expected)}\n  got      ${show(actual)}`);
	}
}
export function ok(cond, what) {
	if (!cond)
		throw new Error(what);
}
export const BASE = (process.env.PX_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const ARTIFACTS = process.env.PX_ARTIFACTS || 'browser-artifacts';
const CHROMIUM = process.env.PX_CHROMIUM || '/usr/bin/chromium';
const NO_BROWSER = process.env.PX_NO_BROWSER === '1';
const ONLY = process.env.PX_ONLY || '';

const tests = [];

// test(name, fn): an HTTP-level test; fn() throws to fail.
export function test(name, fn) {
	tests.push({ name, fn, browser: false });
}

// uiTest(name, fn): a browser test; fn({ browser, open }) throws to fail.
export function uiTest(name, fn) {
	tests.push({ name, fn, browser: true });
}

// ---------------------------------------------------------------- HTTP

// One request exactly as given (no path normalisation, no automatic
// Accept-Encoding, no redirects followed).  Returns { status, headers,
// body (Buffer, as sent), text (decoded and gunzipped when gzip) }.
export function raw(pathname, { method = 'GET', headers = {} } = {}) {
	const u = new URL(BASE);
	return new Promise((resolve, reject) => {
		const req = http.request({
			host: u.hostname, port: u.port, method, path: pathname,
			headers: { connection: 'close', ...headers },
		}, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const body = Buffer.concat(chunks);
				let plain = body;
				if (/gzip/i.test(res.headers['content-encoding'] || '') && body.length)
					plain = zlib.gunzipSync(body);
				resolve({ status: res.statusCode, headers: res.headers, body,
					text: plain.toString('utf8') });
			});
			res.on('error', reject);
		});
		req.setTimeout(30000, () => req.destroy(new Error(`timeout: ${method} ${pathname}`)));
		req.on('error', reject);
		req.end();
	});
}

const jsonCache = new Map();
// GET PATH as JSON (status 200 required); cached, the store does not change.
export async function api(pathname) {
	if (jsonCache.has(pathname))
		return jsonCache.get(pathname);
	const r = await raw(pathname);
	if (r.status !== 200)
		throw new Error(`GET ${pathname}: status ${r.status}, wanted 200: ${r.text.slice(0, 200)}`);
	let v;
	try {
		v = JSON.parse(r.text);
	} catch (e) {
		throw new Error(`GET ${pathname}: not JSON (${e.message}): ${r.text.slice(0, 200)}`);
	}
	jsonCache.set(pathname, v);
	return v;
}

// ---------------------------------------------------------------- browser

// A lean level's side (docs/API.md: left = far-left + left + lean-left ...).
export function sideOf(level) {
	if (['far-left', 'left', 'lean-left'].includes(level)) return 'left';
	if (level === 'center') return 'center';
	if (['lean-right', 'right', 'far-right'].includes(level)) return 'right';
	return null;
}

export const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();

let browser = null;
let browserError = null;
export const dialogs = [];   // every dialog any page opened: [{ url, type, message }]

async function launch() {
	if (browser || browserError)
		return;
	try {
		const { chromium } = await import('playwright-core');
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: ['--no-sandbox', '--disable-dev-shm-usage'],
		});
	} catch (e) {
		browserError = e;
	}
}

// A page at WIDTH x HEIGHT.  page.px holds what went wrong since: console
// errors, uncaught errors, CSP violations (seen by a
// securitypolicyviolation listener too), subresources that failed or
// answered >= 400, and dialogs (dismissed at once).  Opening a page costs
// about a second here, so there is one page per viewport size, reused:
// each call clears its records and leaves it at about:blank.
const pool = new Map();
const fresh = () => ({ console: [], errors: [], csp: [], failed: [], dialogs: [] });

export async function newPage({ width = 1280, height = 900 } = {}) {
	const key = `${width}x${height}`;
	let page = pool.get(key);
	if (page && !page.isClosed()) {
		await page.goto('about:blank').catch(() => {});
		page.px = fresh();
		return page;
	}
	const context = await browser.newContext({ viewport: { width, height } });
	page = await context.newPage();
	pool.set(key, page);
	page.px = fresh();
	page.on('console', (m) => {
		if (m.type() === 'error' || m.type() === 'warning' && /Content.Security.Policy/i.test(m.text()))
			page.px.console.push(`${m.type()}: ${m.text()} (${page.url()})`);
	});
	page.on('pageerror', (e) => page.px.errors.push(`${e.message} (${page.url()})`));
	page.on('dialog', async (d) => {
		const rec = { url: page.url(), type: d.type(), message: d.message() };
		page.px.dialogs.push(rec);
		dialogs.push(rec);
		await d.dismiss().catch(() => {});
	});
	page.on('requestfailed', (r) => {
		if (!r.url().endsWith('/favicon.ico'))
			page.px.failed.push(`${r.url()}: ${r.failure()?.errorText}`);
	});
	page.on('response', (r) => {
		if (r.request().isNavigationRequest() || r.url().endsWith('/favicon.ico'))
			return;
		if (r.status() >= 400)
			page.px.failed.push(`${r.url()}: status ${r.status()}`);
	});
	await page.addInitScript(() => {
		window.__pxCsp = [];
		document.addEventListener('securitypolicyviolation', (e) => {
			window.__pxCsp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
				+ ` (${e.sourceFile || ''}:${e.lineNumber || ''})`);
		});
	});
	return page;
}

// Opens PATH in PAGE; the document's response must be STATUS (200).
export async function go(page, pathname, { status = 200 } = {}) {
	const res = await page.goto(BASE + pathname, { waitUntil: 'load' });
	ok(res, `no response for ${pathname}`);
	eq(res.status(), status, `GET ${pathname}: status`);
	return res;
}

// Waits for the navigation a click on LOCATOR starts; returns its response.
export async function clickAndWait(page, locator) {
	const [res] = await Promise.all([
		page.waitForNavigation({ waitUntil: 'load' }),
		locator.click(),
	]);
	return res;
}

// What went wrong on PAGE so far (CSP violations read from the page too).
export async function problems(page) {
	const px = page.px;
	let csp = [];
	try {
		csp = await page.evaluate(() => window.__pxCsp || []);
	} catch { /* page gone */ }
	return [
		...px.console.map((s) => `console ${s}`),
		...px.errors.map((s) => `pageerror ${s}`),
		...csp.map((s) => `CSP violation: ${s}`),
		...px.failed.map((s) => `subresource ${s}`),
		...px.dialogs.map((d) => `dialog ${d.type}: ${d.message} (${d.url})`),
	];
}

// Done with PAGE (pooled pages stay open for the next test).
export async function closePage(page) {
	if (![...pool.values()].includes(page))
		await page.context().close().catch(() => {});
}

// Saves PAGE as ARTIFACTS/NAME.png (the whole page).
export async function screenshot(page, name) {
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-|-$/g, '');
	await page.screenshot({ path: path.join(ARTIFACTS, `${safe}.png`), fullPage: true });
}

// ---------------------------------------------------------------- running

function diag(s) {
	for (const line of String(s).split('\n').slice(0, 30))
		console.log(`#   ${line}`);
}

export async function run() {
	let n = Number(process.env.PX_TAP_START || 0), failed = 0, ran = 0;
	const started = Date.now();
	for (const t of tests) {
		if (ONLY && !t.name.includes(ONLY))
			continue;
		if (t.browser && NO_BROWSER) {
			console.log(`# skip: ${t.name} (no browser)`);
			continue;
		}
		n++;
		ran++;
		const t0 = Date.now();
		try {
			if (t.browser) {
				await launch();
				if (browserError)
					throw new Error(`chromium did not start (${CHROMIUM}): ${browserError.message}`);
				await t.fn({ browser });
			} else {
				await t.fn();
			}
			console.log(`ok ${n} - ${t.name}`);
		} catch (e) {
			failed++;
			console.log(`not ok ${n} - ${t.name}`);
			diag(e && e.message ? e.message : e);
		}
		const ms = Date.now() - t0;
		if (ms > 5000 || process.env.PX_TIMING)
			console.log(`#   (${(ms / 1000).toFixed(1)} s)`);
	}
	if (browser)
		await browser.close().catch(() => {});
	console.log(`# ${ran - failed} of ${ran} browser/API tests passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return failed;
}
