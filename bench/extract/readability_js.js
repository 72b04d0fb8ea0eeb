#!/usr/bin/env node
// bench/extract/readability_js.js — the Readability.js peer (@mozilla/readability
// on jsdom, installed by `npm ci --prefix bench/extract`), timed in-process on
// pages already in memory.
//
//   node bench/extract/readability_js.js [--repeat R] [--urls FILE.json]
//                                        [--base-url URL] DIR OUT.jsonl
//
// Per page, inside the clock: new JSDOM(bytes, {url, contentType: "text/html;
// charset=utf-8"}) (the bytes are UTF-8 in both data sets, as a server's header
// would say), new Readability(document).parse() with the article handed back
// as a DOM element, its text as paragraphs (block elements end one; whitespace
// collapsed; the same rules as benchlib.paragraphs), and closing the window.
// R rounds over the whole set; the best and the median are reported, and the
// first round's output is written as OUT.jsonl {key, text, title, byline,
// published, lang, site_name, excerpt, dir[, error]}, with OUT.timing.json.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const BLOCK = new Set(`address article aside blockquote body br dd details dialog div dl dt
  fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main
  nav ol p pre section summary table tbody td tfoot th thead tr ul`.split(/\s+/));
const SKIP = new Set('script style noscript template head title'.split(' '));

function loadPages(dir) {
  const pages = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) {
      const src = path.join(p, 'source.html');
      if (fs.existsSync(src)) pages.push([name, fs.readFileSync(src)]);
    } else if (name.endsWith('.html.gz')) {
      pages.push([name.slice(0, -8), zlib.gunzipSync(fs.readFileSync(p))]);
    } else if (name.endsWith('.html')) {
      pages.push([name.slice(0, -5), fs.readFileSync(p)]);
    }
  }
  return pages.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

// Paragraphs of an element: iterative, so deep trees are fine.
function paragraphs(root) {
  const paras = [];
  let cur = '';
  const flush = () => {
    const s = cur.split(/\s+/).filter(Boolean).join(' ');
    if (s) paras.push(s);
    cur = '';
  };
  const stack = [[root, false]];
  while (stack.length) {
    const [node, closing] = stack.pop();
    if (node.nodeType === 3) { cur += node.data; continue; }
    if (node.nodeType !== 1) continue;
    const tag = node.localName;
    if (closing) { if (BLOCK.has(tag)) flush(); continue; }
    if (SKIP.has(tag)) continue;
    if (BLOCK.has(tag)) flush();
    stack.push([node, true]);
    for (let c = node.lastChild; c; c = c.previousSibling) stack.push([c, false]);
  }
  flush();
  return paras.join('\n\n');
}

const quiet = new VirtualConsole(); // jsdom's CSS and script complaints are noise here

function extract(html, url) {
  const dom = new JSDOM(html, { url, contentType: 'text/html; charset=utf-8', virtualConsole: quiet });
  try {
    const a = new Readability(dom.window.document, { serializer: (el) => el }).parse();
    if (!a) return { text: '', error: 'Readability found no article' };
    return {
      text: a.content ? paragraphs(a.content) : '',
      title: a.title ?? null,
      byline: a.byline ?? null,
      published: a.publishedTime ?? null,
      lang: a.lang ?? null,
      site_name: a.siteName ?? null,
      excerpt: a.excerpt ?? null,
      dir: a.dir ?? null,
    };
  } finally {
    dom.window.close();
  }
}

function main() {
  const args = process.argv.slice(2);
  let repeat = 3, urlsFile = null, baseUrl = undefined;
  while (args.length && args[0].startsWith('--')) {
    const o = args.shift();
    if (o === '--repeat') repeat = parseInt(args.shift(), 10);
    else if (o === '--urls') urlsFile = args.shift();
    else if (o === '--base-url') baseUrl = args.shift();
    else { console.error(`unknown option ${o}`); process.exit(2); }
  }
  if (args.length !== 2 || !(repeat >= 1) || !args[1].endsWith('.jsonl')) {
    console.error('usage: readability_js.js [--repeat R] [--urls FILE.json] [--base-url URL] DIR OUT.jsonl');
    process.exit(2);
  }
  const [dir, out] = args;
  const pages = loadPages(dir);
  const table = urlsFile ? JSON.parse(fs.readFileSync(urlsFile, 'utf8')) : {};
  const urls = pages.map(([k]) => {
    const v = table[k];
    return (v && typeof v === 'object' ? v.url : v) || baseUrl || 'about:blank';
  });
  let rows = null;
  const rounds = [];
  for (let r = 0; r < repeat; r++) {
    const res = [];
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < pages.length; i++) {
      try {
        res.push(extract(pages[i][1], urls[i]));
      } catch (e) {
        res.push({ text: '', error: String(e && e.message || e) });
      }
    }
    rounds.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (!rows) rows = pages.map(([key], i) => ({ key, ...res[i] }));
  }
  rounds.sort((a, b) => a - b);
  const bytes = pages.reduce((s, [, b]) => s + b.length, 0);
  const t = {
    system: 'readability.js', pages: pages.length, bytes, repeat,
    best_s: rounds[0], median_s: rounds[Math.floor(repeat / 2)],
    errors: rows.filter((r) => r.error).length,
    max_rss_bytes: process.resourceUsage().maxRSS * 1024,
  };
  fs.writeFileSync(out, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  fs.writeFileSync(out.slice(0, -6) + '.timing.json', JSON.stringify(t, null, 1));
  const mb = bytes / 1e6;
  console.log(`readability.js: ${pages.length} pages, ${mb.toFixed(1)} MB of HTML, ${t.errors} errors, ${repeat} rounds`);
  console.log(`  extract  best ${(pages.length / t.best_s).toFixed(1)} pages/s ${(mb / t.best_s).toFixed(2)} MB/s` +
              `   median ${(pages.length / t.median_s).toFixed(1)} pages/s ${(mb / t.median_s).toFixed(2)} MB/s`);
}

main();
