/*
 * content.c — finding the article in a page, and cleaning it.
 *
 * Four passes over the flattened tree (dom.h), each a loop:
 *
 * 1. Boilerplate is marked, not deleted: elements whose tag (nav, aside,
 *    footer, header, figcaption, form …), ARIA role (navigation,
 *    complementary, banner …) or class and id words (share, related,
 *    newsletter, comments, byline, caption, promo, ad …) say they are not
 *    the article, and short blocks that read as furniture ("Advertisement",
 *    "Read more:", "Lesen Sie auch", "Sign up for …").  Words are matched
 *    whole, after splitting "relatedStories" and "article-share__bar" into
 *    words, so "shared-content" or "adaptive" do not match "share" or "ad".
 *    One guard overrides all of it: an element that holds half the page's
 *    paragraph text, or half its text outside links, is never boilerplate, whatever its name (a site that
 *    wraps everything in a <form>, or calls its article "post-comments").
 *
 * 2. Paragraphs vote for their container, as in Readability (Arc90's
 *    algorithm, which every extractor since has refined): a paragraph of
 *    25+ characters scores 1, plus its commas, plus one per 100 characters
 *    (at most 3); its parent gets the score, its grandparent half, older
 *    ancestors less (1/3k).  A container's total is then scaled by the
 *    share of its text that is not link text, and raised or lowered by
 *    what its class says (article, content, story … or not).
 *
 * 3. The best container wins; its siblings join when they score close to
 *    it or are paragraphs that read as prose (articles split by ad slots).
 *    When the publisher declares the body in JSON-LD (articleBody), that
 *    text picks the container instead — the smallest element holding most
 *    of it — because the publisher knows better than any score.
 *
 * 4. The winner is written out as paragraphs: blocks break lines, inline
 *    elements flow; inside it, link lists (a block whose text is mostly
 *    links), the headline (h1) and furniture lines are dropped.
 */
#include "content.h"

#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "boiler.h"
#include "util/buf.h"

/* ------------------------------------------------------------- words */

static const char *const junk_words[] = {
	"ad", "ads", "adslot", "adunit", "advert", "advertisement", "advertising",
	"affiliate", "alert", "author", "authors", "banner", "bio", "breadcrumb",
	"breadcrumbs", "byline", "bylines", "caption", "captions", "comment",
	"comments", "consent", "contributor", "cookie", "cookies", "copyright",
	"credit", "credits", "disclaimer", "dateline", "donate", "donation",
	"embed", "footer", "gallery", "gdpr", "hidden", "hide", "infobox",
	"kicker", "login", "masthead", "menu", "modal", "nav", "navbar",
	"navigation", "newsletter", "newsletters", "offscreen", "outbrain",
	"pagination", "pager", "paywall", "player", "popular", "popup", "print",
	"promo", "promos", "promotion", "rail", "recirc", "recommendation",
	"recommendations", "recommended", "related", "share", "shares",
	"sharing", "sidebar", "signup", "skip", "slideshow", "social", "sponsor",
	"sponsored", "subscribe", "subscription", "taboola", "tags", "timestamp",
	"toolbar", "tools", "trending", "video", "widget", "widgets",
};

/* Word stems that mark boilerplate inside compound words ("sharebar",
 * "socialLinks" is split already, but "sharetools" is one word). */
static const char *const junk_stems[] = {
	"share", "social", "newsletter", "related", "promo", "advert", "sponsor",
	"outbrain", "taboola", "breadcrumb", "sidebar", "cookie", "paywall",
	"subscribe", "signup", "comment",
};

static const char *const good_words[] = {
	"article", "articlebody", "body", "content", "entry", "hentry", "main",
	"post", "story", "text", "blog", "prose", "richtext",
};

static int in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(w, list[i]))
			return 1;
	return 0;
}

#define N_OF(x) (sizeof(x) / sizeof(*(x)))

static int junk_word(const char *w)
{
	if (in_list(w, junk_words, N_OF(junk_words)))
		return 1;
	size_t n = strlen(w);
	if (n < 8)
		return 0;
	if (!strncmp(w, "commentary", 10))
		return 0;
	for (size_t i = 0; i < N_OF(junk_stems); i++) {
		size_t k = strlen(junk_stems[i]);
		if (!strncmp(w, junk_stems[i], k) || (n > k && !strcmp(w + n - k, junk_stems[i])))
			return 1;
	}
	return 0;
}

/* Calls FN on each word of S: split at non-alphanumerics and at camelCase
 * humps, lower-cased.  Stops and returns 1 when FN does. */
static int each_word(const char *s, int (*fn)(const char *))
{
	char w[48];
	size_t k = 0;
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		int alnum = isalnum(c);
		int hump = k && isupper(c) && islower((unsigned char)p[-1]);
		if ((!alnum || hump) && k) {
			w[k] = '\0';
			if (k < sizeof(w) - 1 && fn(w))
				return 1;
			k = 0;
		}
		if (!c)
			return 0;
		if (alnum && k < sizeof(w) - 1)
			w[k++] = (char)tolower(c);
	}
}

static int good_word(const char *w)
{
	return in_list(w, good_words, N_OF(good_words));
}

/* Comments can outweigh the article on a busy post; no guard saves them. */
static int comment_word(const char *w)
{
	return !strcmp(w, "comment") || !strcmp(w, "comments") || !strcmp(w, "commentlist") ||
	       !strcmp(w, "disqus") || !strcmp(w, "respond") || !strcmp(w, "replies");
}

static int comment_name(const GumboElement *e)
{
	const char *cls = dom_attr(e, "class"), *id = dom_attr(e, "id");
	return (cls && each_word(cls, comment_word)) || (id && each_word(id, comment_word));
}

static int has_junk_name(const GumboElement *e)
{
	const char *cls = dom_attr(e, "class"), *id = dom_attr(e, "id");
	return (cls && each_word(cls, junk_word)) || (id && each_word(id, junk_word));
}

/* Readability's class weight: +25 for content words, -25 for junk words. */
static int class_weight(const GumboElement *e)
{
	int w = 0;
	const char *names[2] = { dom_attr(e, "class"), dom_attr(e, "id") };
	for (int i = 0; i < 2; i++) {
		if (!names[i])
			continue;
		if (each_word(names[i], junk_word))
			w -= 25;
		if (each_word(names[i], good_word))
			w += 25;
	}
	return w;
}

static int junk_tag(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER:
	case GUMBO_TAG_HEADER: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FORM:
	case GUMBO_TAG_FIGURE: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_MENU:
	case GUMBO_TAG_FIELDSET:
		return 1;
	default:
		return 0;
	}
}

static int junk_role(const GumboElement *e)
{
	static const char *const roles[] = { "navigation", "complementary", "banner",
	                                     "contentinfo", "dialog", "alertdialog",
	                                     "menu", "menubar", "search", "toolbar",
	                                     "tablist", "alert" };
	const char *r = dom_attr(e, "role");
	if (!r)
		return 0;
	for (size_t i = 0; i < N_OF(roles); i++)
		if (!strcasecmp(r, roles[i]))
			return 1;
	return 0;
}

/* ------------------------------------------------------------- pass 1 */

/* Class words say "author-sarah tag-jobs" on WordPress's <article>: an
 * <article> or <main> that holds real prose is not judged by such words. */
static int named_article(const dom_node *x)
{
	return (x->tag == GUMBO_TAG_ARTICLE || x->tag == GUMBO_TAG_MAIN) &&
	       x->para_chars >= 500;
}

/* An embedded post (a tweet in a "social-embed" box) is a quote the
 * article makes: kept when a <blockquote> holds most of the box's text. */
static int mostly_quote(const dom *d, int32_t i)
{
	const dom_node *x = &d->n[i];
	for (uint32_t k = (uint32_t)i + 1; k < x->end; k++)
		if (d->n[k].tag == GUMBO_TAG_BLOCKQUOTE && d->n[k].el)
			return d->n[k].chars * 2 >= x->chars && x->chars > 0;
	return 0;
}

static void mark_junk(dom *d, px_arena *a)
{
	uint32_t total = d->n[0].para_chars;
	uint32_t total_text = d->n[0].chars - d->n[0].link_chars;
	for (size_t i = 1; i < d->len;) {
		dom_node *x = &d->n[i];
		if (!x->el) {
			i++;
			continue;
		}
		int guarded = (total > 0 && x->para_chars * 2 >= total) ||
		              (total_text > 0 && (x->chars - x->link_chars) * 2 >= total_text);
		int junk = (x->flags & DOM_HIDDEN) || junk_tag(x->tag) || junk_role(x->el) ||
		           (has_junk_name(x->el) && !named_article(x) &&
		            (comment_name(x->el) || !mostly_quote(d, (int32_t)i)));
		if (!junk && dom_is_block(x->tag) && x->chars > 0 && x->chars < 160 &&
		    x->tag != GUMBO_TAG_BODY) {
			char *t = dom_text(d, (int32_t)i, a);
			junk = boiler_line(t, strlen(t));
		}
		if (junk && (!guarded || (!(x->flags & DOM_HIDDEN) && comment_name(x->el)))) {
			x->flags |= DOM_JUNK;
			i = x->end; /* its subtree goes with it */
			continue;
		}
		x->flags &= (uint16_t)~DOM_HIDDEN;
		i++;
	}
}

/* ------------------------------------------------------------- pass 2 */

static int is_paragraph(GumboTag t)
{
	return t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_TD ||
	       t == GUMBO_TAG_BLOCKQUOTE;
}

static float tag_init(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION:
	case GUMBO_TAG_MAIN:
		return 5;
	case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE:
		return 3;
	case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL:
	case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM:
		return -3;
	case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
	case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TH:
		return -5;
	default:
		return 0;
	}
}

static int junk_above(const dom *d, int32_t i)
{
	for (; i >= 0; i = d->n[i].parent)
		if (d->n[i].flags & DOM_JUNK)
			return 1;
	return 0;
}

/* Direct text of element I (its text children), in characters. */
static uint32_t own_text(const dom *d, int32_t i, uint32_t *commas)
{
	uint32_t n = 0, c = 0;
	for (int32_t k = dom_first(d, i); k >= 0; k = dom_next(d, k))
		if (d->n[k].flags & DOM_TEXT) {
			n += d->n[k].chars;
			c += d->n[k].commas;
		}
	*commas = c;
	return n;
}

static void vote(dom *d, int32_t from, float s, uint8_t *touched)
{
	int32_t anc = from;
	for (int level = 0; level < 5 && anc >= 0; level++, anc = d->n[anc].parent) {
		dom_node *y = &d->n[anc];
		if (!touched[anc]) {
			touched[anc] = 1;
			y->score = tag_init(y->tag) + (float)class_weight(y->el);
		}
		y->score += level == 0 ? s : level == 1 ? s / 2 : s / (float)(level * 3);
	}
}

static int32_t best_container(dom *d, px_arena *a)
{
	uint8_t *touched = px_arena_zalloc(a, d->len);
	for (size_t i = 1; i < d->len; i++) {
		dom_node *x = &d->n[i];
		if (!x->el || (x->flags & DOM_JUNK)) {
			if (x->el)
				i = x->end - 1;
			continue;
		}
		uint32_t commas = 0, chars = 0;
		int32_t parent = x->parent;
		if (is_paragraph(x->tag)) {
			chars = x->chars;
			commas = x->commas;
		} else if (x->tag == GUMBO_TAG_DIV || x->tag == GUMBO_TAG_SECTION ||
		           x->tag == GUMBO_TAG_ARTICLE || x->tag == GUMBO_TAG_SPAN ||
		           x->tag == GUMBO_TAG_FONT || x->tag == GUMBO_TAG_CENTER) {
			/* Text written straight into a container (between <br>s)
			 * is a paragraph of that container. */
			chars = own_text(d, (int32_t)i, &commas);
			parent = (int32_t)i;
		}
		if (chars < 25 || junk_above(d, parent))
			continue;
		float s = 1 + (float)commas + (float)(chars / 100 < 3 ? chars / 100 : 3);
		vote(d, parent, s, touched);
	}
	int32_t best = 0;
	float best_score = 0;
	for (size_t i = 0; i < d->len; i++) {
		dom_node *x = &d->n[i];
		if (!touched[i])
			continue;
		float ld = x->chars ? (float)x->link_chars / (float)x->chars : 0;
		x->score *= 1 - ld;
		if (x->score > best_score) {
			best_score = x->score;
			best = (int32_t)i;
		}
	}
	/* An article cut into chunks (between ad slots, or "page sections")
	 * has a runner-up outside the winner scoring almost as much, or a
	 * twin with the winner's very class scoring a fifth as much: the
	 * nearest element holding both is the article — unless that is far
	 * up, where two unrelated blocks meet. */
	int32_t top = best;
	const char *top_class = dom_attr(d->n[top].el, "class");
	for (size_t i = 0; i < d->len; i++) {
		if (!touched[i] || (int32_t)i == top)
			continue;
		const char *cls = dom_attr(d->n[i].el, "class");
		int twin = top_class && cls && *cls && !strcmp(cls, top_class);
		if (d->n[i].score < (twin ? 0.2f : 0.75f) * best_score)
			continue;
		int32_t x = (int32_t)i, y = best;
		if (x >= y && (uint32_t)x < d->n[y].end)
			continue; /* inside the current container */
		while (d->n[x].depth > d->n[y].depth)
			x = d->n[x].parent;
		while (d->n[y].depth > d->n[x].depth)
			y = d->n[y].parent;
		while (x != y)
			x = d->n[x].parent, y = d->n[y].parent;
		if (d->n[x].depth + (twin ? 8 : 3) >= d->n[top].depth)
			best = x;
	}
	return best;
}

/* ------------------------------------------------------------- pass 3 */

/* The declared body's words against a node's: the smallest element that
 * holds most of the declared text.  Compares 64-bit hashes of word
 * trigrams with a small open-addressed set. */
static uint64_t hash_word(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return h;
}

typedef struct shingles {
	uint64_t *slot;
	size_t cap, n;
} shingles;

static void sh_add(shingles *s, uint64_t h)
{
	h |= 1;
	size_t m = s->cap - 1, i = (size_t)(h ^ (h >> 29)) & m;
	while (s->slot[i] && s->slot[i] != h)
		i = (i + 1) & m;
	if (!s->slot[i]) {
		s->slot[i] = h;
		s->n++;
	}
}

static int sh_has(const shingles *s, uint64_t h)
{
	h |= 1;
	size_t m = s->cap - 1, i = (size_t)(h ^ (h >> 29)) & m;
	while (s->slot[i]) {
		if (s->slot[i] == h)
			return 1;
		i = (i + 1) & m;
	}
	return 0;
}

/* Calls FN(ctx, trigram hash) for each run of three words of S. */
static void trigrams(const char *s, void (*fn)(void *, uint64_t), void *ctx, uint64_t *w)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		while (*p && !(isalnum(*p) || *p >= 0x80))
			p++;
		const unsigned char *b = p;
		while (*p && (isalnum(*p) || *p >= 0x80))
			p++;
		if (p == b)
			break;
		w[0] = w[1];
		w[1] = w[2];
		w[2] = hash_word((const char *)b, (size_t)(p - b));
		if (w[0])
			fn(ctx, w[0] * 31 + w[1] * 17 + w[2]);
	}
}

static void sh_add_cb(void *ctx, uint64_t h)
{
	sh_add(ctx, h);
}

typedef struct hits_ctx {
	const shingles *body;
	uint32_t *hits;        /* per node */
	const dom *d;
	int32_t node;
} hits_ctx;

static void hit_cb(void *ctx, uint64_t h)
{
	hits_ctx *c = ctx;
	if (sh_has(c->body, h))
		for (int32_t k = c->node; k >= 0; k = c->d->n[k].parent)
			c->hits[k]++;
}

static int32_t container_of_body(const dom *d, const char *body, px_arena *a)
{
	size_t len = strlen(body);
	if (len < 400)
		return -1;
	shingles s = { 0 };
	s.cap = 1;
	while (s.cap < len / 2)
		s.cap <<= 1;
	s.slot = px_arena_zalloc(a, s.cap * sizeof(uint64_t));
	uint64_t w[3] = { 0, 0, 0 };
	trigrams(body, sh_add_cb, &s, w);
	if (s.n < 50)
		return -1;
	uint32_t *hits = px_arena_zalloc(a, d->len * sizeof(uint32_t));
	/* Trigrams run across text nodes within a block, like the body's. */
	uint64_t tw[3] = { 0, 0, 0 };
	for (size_t i = 0; i < d->len; i++) {
		const dom_node *x = &d->n[i];
		if (!(x->flags & DOM_TEXT) || junk_above(d, (int32_t)i))
			continue;
		hits_ctx c = { &s, hits, d, x->parent };
		trigrams(x->text, hit_cb, &c, tw);
	}
	if (hits[0] * 2 < s.n)
		return -1; /* the page does not show most of the declared body */
	/* The deepest element still holding 90% of what the page matches. */
	int32_t best = 0;
	for (size_t i = 1; i < d->len; i++)
		if (d->n[i].el && (double)hits[i] >= 0.9 * hits[0] &&
		    d->n[i].depth > d->n[best].depth)
			best = (int32_t)i;
	return best;
}

/* ------------------------------------------------------------- pass 4 */

typedef struct writer {
	px_buf out;
	px_buf para;      /* the paragraph being built */
	int space;
	const dom *d;
	const char *title;
} writer;

static void flush_para(writer *w)
{
	size_t n = w->para.len;
	while (n && w->para.s[n - 1] == ' ')
		n--;
	if (n) {
		w->para.s[n] = '\0';
		/* Furniture, or the headline repeated (a second <h2> of it). */
		int drop = n < 200 && (boiler_line(w->para.s, n) ||
		                       (w->title && !strcasecmp(w->para.s, w->title)));
		if (!drop) {
			if (w->out.len)
				px_buf_puts(&w->out, "\n\n");
			px_buf_add(&w->out, w->para.s, n);
		}
	}
	px_buf_reset(&w->para);
	w->space = 0;
}

static void put_text(writer *w, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f' ||
		    (*p == 0xC2 && p[1] == 0xA0)) {
			p += *p == 0xC2;
			w->space = 1;
			continue;
		}
		if (w->space && w->para.len)
			px_buf_putc(&w->para, ' ');
		w->space = 0;
		px_buf_putc(&w->para, (char)*p);
	}
}

/* 1 if the subtree at I is a link list or otherwise not prose. */
static int skip_block(const dom *d, int32_t i)
{
	const dom_node *x = &d->n[i];
	if (x->flags & DOM_JUNK)
		return 1;
	if (!x->el)
		return 0;
	if (x->tag == GUMBO_TAG_H1)
		return 1;
	if (!dom_is_block(x->tag) || !x->chars)
		return 0;
	double ld = (double)x->link_chars / x->chars;
	if (x->tag == GUMBO_TAG_P || x->tag == GUMBO_TAG_BLOCKQUOTE || x->tag == GUMBO_TAG_PRE)
		return ld > 0.8 && x->chars < 200;
	if (x->tag == GUMBO_TAG_UL || x->tag == GUMBO_TAG_OL || x->tag == GUMBO_TAG_DL ||
	    x->tag == GUMBO_TAG_TABLE || x->tag == GUMBO_TAG_DIV || x->tag == GUMBO_TAG_SECTION)
		return ld > 0.5;
	if (x->tag == GUMBO_TAG_LI)
		return ld > 0.8;
	return 0;
}

static void write_tree(writer *w, int32_t root)
{
	const dom *d = w->d;
	/* An explicit walk: enter a node, then its children, then leave it. */
	int32_t i = root;
	if (skip_block(d, root))
		return;
	for (;;) {
		const dom_node *x = &d->n[i];
		int descend = 0;
		if (x->flags & DOM_TEXT) {
			put_text(w, x->text);
		} else if (i == root || !skip_block(d, i)) {
			if (x->tag == GUMBO_TAG_BR) {
				flush_para(w);
			} else {
				if (dom_is_block(x->tag))
					flush_para(w);
				else if (x->tag == GUMBO_TAG_TD || x->tag == GUMBO_TAG_TH)
					w->space = 1;
				descend = dom_first(d, i) >= 0;
			}
		}
		if (descend) {
			i = dom_first(d, i);
			continue;
		}
		if (dom_is_block(x->tag) && !(x->flags & DOM_TEXT))
			flush_para(w);
		/* Leave I and every ancestor whose children are done. */
		while (i != root && dom_next(d, i) < 0) {
			i = d->n[i].parent;
			if (dom_is_block(d->n[i].tag))
				flush_para(w);
		}
		if (i == root)
			break;
		i = dom_next(d, i);
	}
	flush_para(w);
}

/* Readability's sibling rule: a sibling joins when it scores near the
 * winner, or is a paragraph that reads as prose. */
static int sibling_joins(const dom *d, int32_t s, int32_t best, float threshold)
{
	const dom_node *x = &d->n[s];
	if (s == best)
		return 1;
	if ((x->flags & (DOM_JUNK | DOM_TEXT)) || !x->el)
		return 0;
	float bonus = 0;
	const char *c1 = dom_attr(x->el, "class"), *c2 = dom_attr(d->n[best].el, "class");
	if (c1 && c2 && *c1 && !strcmp(c1, c2))
		bonus = d->n[best].score * 0.2f;
	if (x->score + bonus >= threshold && x->score > 0)
		return 1;
	if (x->tag == GUMBO_TAG_P) {
		double ld = x->chars ? (double)x->link_chars / x->chars : 0;
		if (x->chars > 80 && ld < 0.25)
			return 1;
		return 0;
	}
	return 0;
}

char *content_extract(dom *d, const page_meta *m, px_arena *a)
{
	if (!d->len)
		return px_arena_strdup(a, "");
	mark_junk(d, a);
	dom_count(d); /* again, without the junk */

	int32_t best = -1;
	if (m->article_body)
		best = container_of_body(d, m->article_body, a);
	int declared = best >= 0;
	if (!declared)
		best = best_container(d, a);

	writer w = { PX_BUF_INIT, PX_BUF_INIT, 0, d, m->title };
	int32_t parent = d->n[best].parent;
	if (declared || parent < 0) {
		write_tree(&w, best);
	} else {
		float threshold = d->n[best].score * 0.2f;
		if (threshold < 10)
			threshold = 10;
		for (int32_t s = dom_first(d, parent); s >= 0; s = dom_next(d, s))
			if (sibling_joins(d, s, best, threshold))
				write_tree(&w, s);
	}
	char *r = px_arena_strdup(a, px_buf_str(&w.out));
	px_buf_free(&w.out);
	px_buf_free(&w.para);
	return r;
}
