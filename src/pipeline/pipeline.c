/*
 * pipeline.c — one document through every stage, in order:
 *
 *   px_doc ─► extract (HTML) ─► canonical URL, outlet ─► text analysis
 *          ─► duplicate? (URL, or outlet + text) ─► wire copy? (dedupe)
 *          ─► store the article ─► story (cluster) ─► batch commit
 *
 * Memory: each document gets the pipeline's arena, reset before the next
 * one; nothing allocated for a document outlives it except what the store
 * and the indexes copy.
 *
 * Batches: the store transaction spans `batch` documents.  If a commit
 * fails (full disk, I/O error), the batch is rolled back, the in-memory
 * indexes are dropped so they cannot disagree with the store, and the error
 * says how many documents were lost; everything committed before stays.
 */
#include "pipeline.h"
#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cluster/cluster.h"
#include "dedupe/dedupe.h"
#include "extract/extract.h"
#include "outlets/outlets.h"
#include "util/error.h"
#include "util/url.h"

#define MAX_TEXT (2u << 20)

struct px_pipeline {
	px_db *db;
	store *st;
	px_textctx *text;
	dedupe *dd;
	cluster *cl;
	px_arena *arena;
	unsigned batch, pending;
	int in_batch;
};

px_pipeline *px_pipeline_new(px_db *db, px_error *err)
{
	px_pipeline *p = px_xcalloc(1, sizeof(*p));
	p->db = db;
	p->st = db->st;
	p->text = px_textctx_new();
	if (!p->text) {
		free(p);
		px_fail(err, PX_ERR, "cannot initialise the text stage (ICU word breaker)");
		return NULL;
	}
	p->dd = dedupe_new(p->st, 0);
	p->cl = cluster_new(p->st, NULL, err);
	p->arena = px_arena_new(1 << 16);
	p->batch = 256;
	return p;
}

void px_pipeline_set_batch(px_pipeline *p, unsigned batch)
{
	p->batch = batch ? batch : 256;
}

int px_pipeline_set_params(px_pipeline *p, const char *spec, px_error *err)
{
	cluster_params cp;
	cluster_params_default(&cp);
	int rc = cluster_params_parse(&cp, spec, err);
	if (rc < 0)
		return rc;
	cluster_free(p->cl);
	p->cl = cluster_new(p->st, &cp, err);
	return 0;
}

unsigned px_pipeline_pending(const px_pipeline *p)
{
	return p->pending;
}

size_t px_pipeline_index_bytes(const px_pipeline *p)
{
	return cluster_bytes(p->cl) + dedupe_bytes(p->dd);
}

size_t px_pipeline_cluster_bytes(const px_pipeline *p)
{
	return cluster_bytes(p->cl);
}

static void forget(px_pipeline *p)
{
	store_rollback(p->st);
	cluster_reset(p->cl);
	dedupe_reset(p->dd);
	p->in_batch = 0;
	p->pending = 0;
}

int px_pipeline_commit(px_pipeline *p, px_error *err)
{
	if (!p->in_batch)
		return 0;
	unsigned lost = p->pending;
	if (cluster_flush(p->cl, err) < 0 || store_commit(p->st, err) < 0) {
		forget(p);
		px_error_prefix(err, "the last %u article(s) were not stored", lost);
		return PX_ESTORE;
	}
	p->in_batch = 0;
	p->pending = 0;
	return 0;
}

int px_pipeline_free(px_pipeline *p, px_error *err)
{
	if (!p)
		return 0;
	int rc = px_pipeline_commit(p, err);
	cluster_free(p->cl);
	dedupe_free(p->dd);
	px_textctx_free(p->text);
	px_arena_free(p->arena);
	free(p);
	return rc;
}

static int reject(px_add_result *res, const char *fmt, const char *detail)
	__attribute__((format(printf, 2, 0)));
static int reject(px_add_result *res, const char *fmt, const char *detail)
{
	char tmp[1024];
	res->kind = PX_ADD_REJECTED;
	snprintf(tmp, sizeof(tmp), fmt, detail);
	size_t n = strnlen(tmp, sizeof(res->reason) - 1);
	memcpy(res->reason, tmp, n);
	res->reason[n] = '\0';
	return 0;
}

/* The first line of TEXT (at most 200 bytes, cut at a space) as a title. */
static const char *title_from_text(px_arena *a, const char *text)
{
	while (*text == '\n' || *text == ' ')
		text++;
	size_t n = strcspn(text, "\n");
	if (n > 200) {
		n = 200;
		while (n > 100 && text[n] != ' ')
			n--;
	}
	return px_arena_strndup(a, text, n);
}

static int add_one(px_pipeline *p, const px_doc *doc, px_add_result *res,
                   px_error *err)
{
	px_arena_reset(p->arena);
	px_arena *a = p->arena;

	/* 1. The document's fields, from the page when it is HTML. */
	const char *url = NULL;
	if (doc->url && *doc->url) {
		char *c = px_url_canonical(doc->url);
		if (!c)
			return reject(res, "not an absolute http(s) URL: %s", doc->url);
		url = px_arena_strdup(a, c);
		free(c);
	}
	const char *title = doc->title, *text = doc->text, *byline = doc->byline;
	const char *lang = doc->lang;
	int64_t published = doc->published;
	if (!text && doc->html) {
		px_page ex;
		px_error xe = { 0 };
		if (px_extract(doc->html, strlen(doc->html), url, a, &ex, &xe) < 0)
			return reject(res, "%s", xe.msg);
		text = ex.text;
		if (!title || !*title)
			title = ex.title;
		if (!byline)
			byline = ex.byline;
		if (published == PX_TIME_UNKNOWN)
			published = ex.published;
		if (!lang && ex.lang && strlen(ex.lang) >= 2)
			lang = px_arena_strndup(a, ex.lang, 2);
		if (!url && ex.canonical_url) {
			char *c = px_url_canonical(ex.canonical_url);
			if (c) {
				url = px_arena_strdup(a, c);
				free(c);
			}
		}
	}
	if ((!text || !*text) && title && *title)
		text = title; /* a headline-only item (many feeds): its title is its text */
	if (!text || !*text)
		return reject(res, "%s", "no text (neither \"text\" nor usable \"html\")");
	if (strlen(text) > MAX_TEXT)
		return reject(res, "%s", "text larger than 2 MiB");
	if (!title || !*title)
		title = title_from_text(a, text);

	char host[256] = "";
	const char *domain = doc->domain;
	if (!domain || !*domain) {
		px_url_host(url, host, sizeof(host));
		domain = host[0] ? px_domain_strip(host) : NULL;
	} else {
		snprintf(host, sizeof(host), "%s", domain);
		for (char *h = host; *h; h++)
			if (*h >= 'A' && *h <= 'Z')
				*h = (char)(*h + 32);
		domain = px_domain_strip(host);
	}
	if (!domain && !(doc->outlet && *doc->outlet))
		return reject(res, "%s", "no outlet: give \"outlet\", \"domain\" or a URL");
	if (published == PX_TIME_UNKNOWN)
		published = (int64_t)time(NULL);

	/* 2. Text analysis. */
	px_text t;
	px_text_analyze(p->text, a, title, text, lang, &t);
	if (t.n_words == 0 && t.n_terms == 0)
		return reject(res, "%s", "no words in the text");

	if (!p->in_batch) {
		if (store_begin(p->st, err) < 0)
			return PX_ESTORE;
		p->in_batch = 1;
	}

	/* 3. Outlet, then duplicates: same URL, or same outlet and text.  The
	 * outlet is the one registered for the URL's section, host or parent
	 * domain (outlet_domain_keys); else the one named so; else a new,
	 * unrated outlet for the host. */
	int64_t outlet = 0;
	char keys[8][OUTLET_KEY_MAX];
	const char *where = doc->domain && *doc->domain ? doc->domain : url;
	size_t nkeys = where ? outlet_domain_keys(where, keys, 8) : 0;
	for (size_t i = 0; i < nkeys && !outlet; i++)
		if ((outlet = store_outlet_by_domain(p->st, keys[i], err)) < 0)
			return (int)outlet;
	char bare[OUTLET_KEY_MAX];
	if (domain && outlet_host_normalise(domain, bare, sizeof(bare)) == 0)
		domain = bare;
	if (!outlet)
		outlet = store_outlet_resolve(p->st, doc->outlet, domain, err);
	if (outlet < 0) {
		if (outlet == PX_EINVAL)
			return reject(res, "%s", err->msg);
		return (int)outlet;
	}
	int64_t existing;
	int rc = store_article_find(p->st, url, outlet, t.text_hash, &existing, err);
	if (rc < 0)
		return rc;
	if (existing) {
		res->kind = PX_ADD_DUPLICATE;
		res->article_id = existing;
		snprintf(res->reason, sizeof(res->reason), "%s",
		         url ? "already stored (same URL or same text from this outlet)"
		             : "already stored (same text from this outlet)");
		return 0;
	}

	/* 4. Wire copy? */
	px_signature sig;
	px_signature_compute(t.shingles, t.n_shingles, &sig);
	dedupe_match m;
	int copy = dedupe_find(p->dd, &sig, published, &m, err);
	if (copy < 0)
		return copy;

	/* 5. Store the article. */
	unsigned char sigbuf[4 * (PX_MINHASH + 1)];
	size_t siglen = px_signature_pack(&sig, sigbuf, sizeof(sigbuf));
	store_article sa = {
		.url = url, .outlet_id = outlet, .title = t.title, .byline = byline,
		.lang = t.lang, .text = t.text, .published = published,
		.ingested = (int64_t)time(NULL), .sentences = t.sentences,
		.n_sentences = t.n_sentences, .text_hash = t.text_hash,
		.signature = sig.n_shingles >= 20 ? sigbuf : NULL, .signature_len = siglen,
		.entities = t.entities, .n_entities = t.n_entities, .source = doc->source,
		.topic = px_topic_classify(p->text, &t),
	};
	if ((rc = store_article_insert(p->st, &sa, err)) < 0)
		return rc;
	res->article_id = sa.id;

	/* 6. Its story. */
	int64_t copy_story = 0, root = sa.id;
	if (copy) {
		copy_story = store_story_resolve(p->st, m.story_id, err);
		if (copy_story < 0)
			return (int)copy_story;
		root = m.root;
		if (published < m.published) {
			/* Ingested out of order: this one is the original. */
			if ((rc = store_copies_reroot(p->st, m.root, sa.id, err)) < 0)
				return rc;
			dedupe_reroot(p->dd, m.root, sa.id);
			root = sa.id;
		} else if ((rc = store_article_set_copy_of(p->st, sa.id, m.root, err)) < 0) {
			return rc;
		}
	}
	cluster_result cr;
	if ((rc = cluster_add(p->cl, &t, published, copy_story, a, &cr, err)) < 0)
		return rc;
	const char *explain = cr.explain;
	if (copy)
		explain = px_arena_printf(a, "{\"copy_of\":%lld,\"containment\":%.2f,"
		                          "\"jaccard\":%.2f}", (long long)m.article_id,
		                          m.containment, m.jaccard);
	if ((rc = store_article_set_story(p->st, sa.id, cr.story_id, cr.score, explain,
	                                  err)) < 0)
		return rc;
	dedupe_add(p->dd, sa.id, published, root, cr.story_id, &sig);

	res->kind = copy && root != sa.id ? PX_ADD_COPY : PX_ADD_NEW;
	res->copy_of = res->kind == PX_ADD_COPY ? root : 0;
	res->story_id = cr.story_id;
	res->merged = cr.merged;
	res->score = cr.score;
	p->pending++;
	return 0;
}

int px_pipeline_add(px_pipeline *p, const px_doc *doc, px_add_result *res,
                    px_error *err)
{
	memset(res, 0, sizeof(*res));
	int rc = add_one(p, doc, res, err);
	if (rc < 0) {
		/* The store failed mid-document: the batch cannot be trusted. */
		unsigned lost = p->pending + 1;
		if (p->in_batch)
			forget(p);
		px_error_prefix(err, "%s: the last %u article(s) were not stored",
		                doc->source ? doc->source : "article", lost);
		return rc;
	}
	if (p->pending >= p->batch)
		return px_pipeline_commit(p, err);
	return 0;
}
