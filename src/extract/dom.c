/*
 * dom.c — gumbo's tree flattened into an array, with text statistics.
 *
 * Document order makes two things cheap: a subtree is the index range
 * [i, n[i].end), and a pass from the last node to the first sees every
 * child before its parent, so statistics add up in one loop.
 */
#include "dom.h"

#include <string.h>
#include <strings.h>

#include "util/buf.h"

const char *dom_attr(const GumboElement *e, const char *name)
{
	GumboAttribute *a = e ? gumbo_get_attribute(&e->attributes, name) : NULL;
	return a ? a->value : NULL;
}

int dom_is_block(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
	case GUMBO_TAG_OL: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
	case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_BR:
	case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE:
	case GUMBO_TAG_TR: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
	case GUMBO_TAG_MAIN: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
	case GUMBO_TAG_FIGURE: case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS:
	case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV:
	case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM: case GUMBO_TAG_FIGCAPTION:
	case GUMBO_TAG_CAPTION: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
	case GUMBO_TAG_TFOOT: case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS:
	case GUMBO_TAG_SUMMARY: case GUMBO_TAG_BODY: case GUMBO_TAG_FIELDSET:
		return 1;
	default:
		return 0;
	}
}

/* Subtrees that never hold article text: not copied. */
static int dropped(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
	case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
	case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
	case GUMBO_TAG_CANVAS: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
	case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_BUTTON:
	case GUMBO_TAG_INPUT: case GUMBO_TAG_OPTION: case GUMBO_TAG_HEAD:
	case GUMBO_TAG_TITLE: case GUMBO_TAG_LINK: case GUMBO_TAG_META:
	case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_IMG:
	case GUMBO_TAG_MAP:
		return 1;
	default:
		return 0;
	}
}

static int hidden(const GumboElement *e)
{
	if (dom_attr(e, "hidden"))
		return 1;
	const char *ah = dom_attr(e, "aria-hidden");
	if (ah && !strcasecmp(ah, "true"))
		return 1;
	const char *style = dom_attr(e, "style");
	if (!style)
		return 0;
	/* "display:none", "display : none", "visibility:hidden", any case. */
	for (const char *p = style; *p; p++) {
		const char *val = NULL;
		if (!strncasecmp(p, "display", 7))
			val = p + 7;
		else if (!strncasecmp(p, "visibility", 10))
			val = p + 10;
		if (!val)
			continue;
		while (*val == ' ')
			val++;
		if (*val != ':')
			continue;
		val++;
		while (*val == ' ')
			val++;
		if (!strncasecmp(val, "none", 4) || !strncasecmp(val, "hidden", 6))
			return 1;
	}
	return 0;
}

static const GumboNode *find_child(const GumboNode *n, GumboTag tag)
{
	if (!n || n->type != GUMBO_NODE_ELEMENT)
		return NULL;
	const GumboVector *c = &n->v.element.children;
	for (unsigned i = 0; i < c->length; i++) {
		const GumboNode *k = c->data[i];
		if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == tag)
			return k;
	}
	return NULL;
}

typedef struct frame {
	const GumboNode *g;
	unsigned next_child;
	int32_t idx;
} frame;

void dom_build(dom *d, const GumboOutput *out, px_arena *a)
{
	memset(d, 0, sizeof(*d));
	const GumboNode *html = out->root;
	d->html = html && html->type == GUMBO_NODE_ELEMENT ? &html->v.element : NULL;
	const GumboNode *head = find_child(html, GUMBO_TAG_HEAD);
	d->head = head ? &head->v.element : NULL;
	const GumboNode *body = find_child(html, GUMBO_TAG_BODY);

	/* Count first, so the array is allocated once. */
	size_t cap = 1;
	{
		const GumboNode *stack[DOM_MAX_DEPTH + 1];
		unsigned pos[DOM_MAX_DEPTH + 1];
		int sp = 0;
		if (body) {
			stack[0] = body;
			pos[0] = 0;
			sp = 1;
		}
		while (sp) {
			const GumboNode *g = stack[sp - 1];
			const GumboVector *c = &g->v.element.children;
			if (pos[sp - 1] >= c->length) {
				sp--;
				continue;
			}
			const GumboNode *k = c->data[pos[sp - 1]++];
			if (k->type == GUMBO_NODE_ELEMENT || k->type == GUMBO_NODE_TEMPLATE) {
				if (dropped(k->v.element.tag))
					continue;
				cap++;
				if (sp <= DOM_MAX_DEPTH - 1) {
					stack[sp] = k;
					pos[sp++] = 0;
				}
			} else if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA ||
			           k->type == GUMBO_NODE_WHITESPACE) {
				cap++;
			}
		}
	}
	d->n = px_arena_alloc(a, cap * sizeof(dom_node));
	d->len = 0;
	if (!body)
		return;

	frame stack[DOM_MAX_DEPTH + 1];
	int sp = 0;
	d->n[0] = (dom_node){ .el = &body->v.element, .parent = -1, .tag = GUMBO_TAG_BODY };
	d->len = 1;
	stack[sp++] = (frame){ body, 0, 0 };
	while (sp) {
		frame *f = &stack[sp - 1];
		const GumboVector *c = &f->g->v.element.children;
		if (f->next_child >= c->length) {
			d->n[f->idx].end = (uint32_t)d->len;
			sp--;
			continue;
		}
		const GumboNode *k = c->data[f->next_child++];
		int is_el = k->type == GUMBO_NODE_ELEMENT || k->type == GUMBO_NODE_TEMPLATE;
		int is_text = k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA ||
		              k->type == GUMBO_NODE_WHITESPACE;
		if ((!is_el && !is_text) || (is_el && dropped(k->v.element.tag)))
			continue;
		const dom_node *parent = &d->n[f->idx];
		int32_t i = (int32_t)d->len++;
		dom_node *x = &d->n[i];
		*x = (dom_node){ .parent = f->idx, .end = (uint32_t)i + 1,
		                 .depth = (uint16_t)(parent->depth + 1),
		                 .flags = (uint16_t)(parent->flags & (DOM_IN_LINK | DOM_HIDDEN)) };
		if (is_text) {
			x->flags |= DOM_TEXT;
			x->text = k->v.text.text;
			x->tag = GUMBO_TAG_UNKNOWN;
			continue;
		}
		x->el = &k->v.element;
		x->tag = (uint8_t)k->v.element.tag;
		if (x->tag == GUMBO_TAG_A)
			x->flags |= DOM_IN_LINK;
		if (hidden(x->el))
			x->flags |= DOM_HIDDEN;
		if (sp <= DOM_MAX_DEPTH - 1)
			stack[sp++] = (frame){ k, 0, i };
	}
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

/* Text blocks: elements whose text is read as paragraphs. */
static int text_block(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_BLOCKQUOTE:
	case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
		return 1;
	default:
		return 0;
	}
}

void dom_count(dom *d)
{
	for (size_t k = d->len; k-- > 0;) {
		dom_node *x = &d->n[k];
		if (x->flags & DOM_TEXT) {
			uint32_t chars = 0, commas = 0;
			int space = 0;
			for (const unsigned char *p = (const unsigned char *)x->text; *p; p++) {
				if (is_space(*p)) {
					space = 1;
					continue;
				}
				chars += 1 + (space && chars);
				space = 0;
				commas += *p == ',' ||
				          (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) || /* ， */
				          (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81);   /* 、 */
			}
			x->chars = chars;
			x->commas = (uint16_t)(commas > 65535 ? 65535 : commas);
			x->link_chars = (x->flags & DOM_IN_LINK) ? chars : 0;
			x->para_chars = 0;
			continue;
		}
		uint32_t chars = 0, link = 0, para = 0, commas = 0;
		for (int32_t c = dom_first(d, (int32_t)k); c >= 0; c = dom_next(d, c)) {
			const dom_node *y = &d->n[c];
			if (y->flags & (DOM_JUNK | DOM_HIDDEN))
				continue;
			chars += y->chars + (chars && y->chars && dom_is_block(y->tag));
			link += y->link_chars;
			para += y->para_chars;
			commas += y->commas;
		}
		x->chars = chars;
		x->link_chars = link;
		x->para_chars = text_block(x->tag) ? chars - link : para;
		x->commas = (uint16_t)(commas > 65535 ? 65535 : commas);
	}
}

char *dom_text(const dom *d, int32_t i, px_arena *a)
{
	px_buf b = PX_BUF_INIT;
	int space = 0;
	for (uint32_t k = (uint32_t)i; k < d->n[i].end; k++) {
		const dom_node *x = &d->n[k];
		if (!(x->flags & DOM_TEXT)) {
			space |= dom_is_block(x->tag);
			continue;
		}
		for (const char *p = x->text; *p; p++) {
			if (is_space((unsigned char)*p)) {
				space = 1;
				continue;
			}
			if (space && b.len)
				px_buf_putc(&b, ' ');
			space = 0;
			px_buf_putc(&b, *p);
		}
	}
	char *r = px_arena_strdup(a, px_buf_str(&b));
	px_buf_free(&b);
	return r;
}
