/*
 * poll.c — px_poll(): the feeds that are due, fetched, and their new
 * entries' pages fetched and extracted, into the pipeline.
 *
 * One round:
 *   1. the due feeds (px_feed_due) become feed tasks, fetched with their
 *      validators (conditional GET);
 *   2. a fetched feed is parsed; each entry whose key (its id, else its
 *      link) the registry has not seen becomes a page task;
 *   3. a page task waits for its host's robots.txt (fetched once a run);
 *      a page robots.txt disallows, that cannot be fetched or whose
 *      extraction fails falls back to the entry's own text;
 *   4. every article goes through the pipeline and its entry is marked seen
 *      in the same open batch (the registry joins it), so an entry counts as
 *      seen exactly when its article is stored: a crash loses neither;
 *   5. after the pipeline's commit each feed's fetch is recorded (status,
 *      validators, new entries: the registry derives its back-off and
 *      adaptive interval from them and from the entries marked by then).
 * Pages are extracted on worker threads (xpool.c: one per core but one)
 * while this thread goes on transferring; what they extract comes back
 * here to be stored, so the store is only ever used from this thread.
 * All transfers of a round share one libcurl multi handle: at most
 * MAX_PARALLEL at once, PER_HOST per host, and HOST_DELAY between two
 * requests to one host (politeness).  A stop request (SIGINT/SIGTERM in
 * the CLI) ends the round at the next check: transfers in flight are
 * dropped, what was added is committed and marked, the rest stays unseen
 * for the next run.  A feed some of whose entries were dropped is not
 * recorded as fetched: it stays due, with its old validators, so the next
 * run asks for it again and fetches what was left (recorded, it would wait
 * out its interval, and then a 304 would hide the rest until the feed
 * changed).
 */
#include "ingest.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "fetch/fetch.h"
#include "xpool.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"

enum task_kind { TASK_FEED, TASK_PAGE, TASK_ROBOTS };

/* An entry waiting for its page, with what the feed said of it. */
typedef struct entry {
	int64_t feed_id;
	char *key, *link, *title, *author, *text, *lang, *outlet;
	int64_t published;
	int64_t seen_at;           /* when its feed was fetched */
} entry;

typedef struct host host;

typedef struct task {
	enum task_kind kind;
	char *url;
	host *h;
	px_feed_info *feed;        /* TASK_FEED */
	entry *e;                  /* TASK_PAGE */
	fetch_job *job;
	struct task *next;         /* in the queue, or among the running */
} task;

enum robots_state { ROBOTS_UNKNOWN, ROBOTS_FETCHING, ROBOTS_READY };

struct host {
	char *name;                /* "scheme://host:port" */
	int active;
	double next_at;            /* monotonic seconds: the next request may start */
	enum robots_state robots;
	char **rules;              /* "+path" allow / "-path" disallow, for us */
	size_t n_rules;
};

/* A feed's fetch, recorded once the round's articles are stored (the
 * registry derives the feed's interval from the entries marked by then). */
typedef struct outcome {
	int64_t feed_id;
	px_feed_fetch_outcome o;
	char *error, *etag, *last_modified;
	int unfinished;            /* a stop dropped some of its entries */
} outcome;

typedef struct poller {
	px_db *db;
	px_pipeline *p;
	const px_poll_opts *o;
	px_poll_stats *st;
	CURLM *multi;
	task *queue;               /* not started, in order */
	task *running;             /* started, not finished */
	int active;
	host **hosts;
	size_t n_hosts;
	outcome *outcomes;
	size_t n_outcomes;
	px_error *err;
	int failed;                /* the store failed: stop */
	xpool *xp;                 /* pages being extracted on worker threads */
} poller;

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void say(poller *pl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(poller *pl, const char *fmt, ...)
{
	if (!pl->o->on_log)
		return;
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	pl->o->on_log(pl->o->ctx, line);
}

static char *dup_str(const char *s)
{
	return s ? px_xstrdup(s) : NULL;
}

/* "scheme://host[:port]" of URL, malloc'd; NULL if URL has none. */
static char *origin_of(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return NULL;
	p += 3;
	size_t k = strcspn(p, "/?#");
	size_t n = (size_t)(p - url) + k;
	char *o = px_xmalloc(n + 1);
	memcpy(o, url, n);
	o[n] = 0;
	for (char *c = o; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return o;
}

static host *host_of(poller *pl, const char *url)
{
	char *name = origin_of(url);
	if (!name)
		return NULL;
	for (size_t i = 0; i < pl->n_hosts; i++)
		if (!strcmp(pl->hosts[i]->name, name)) {
			free(name);
			return pl->hosts[i];
		}
	host *h = px_xcalloc(1, sizeof(*h));
	h->name = name;
	pl->hosts = px_xrealloc(pl->hosts, (pl->n_hosts + 1) * sizeof(host *));
	pl->hosts[pl->n_hosts++] = h;
	return h;
}

static void entry_free(entry *e)
{
	if (!e)
		return;
	free(e->key);
	free(e->link);
	free(e->title);
	free(e->author);
	free(e->text);
	free(e->lang);
	free(e->outlet);
	free(e);
}

static void task_free(task *t)
{
	fetch_job_free(t->job);
	entry_free(t->e);
	free(t->url);
	free(t);
}

static void enqueue(poller *pl, task *t, int front)
{
	if (front) {
		t->next = pl->queue;
		pl->queue = t;
		return;
	}
	task **p = &pl->queue;
	while (*p)
		p = &(*p)->next;
	t->next = NULL;
	*p = t;
}

/* ------------------------------------------------------------ robots.txt */

static void rule_add(char ***v, size_t *n, const char *rule)
{
	*v = px_xrealloc(*v, (*n + 1) * sizeof(char *));
	(*v)[(*n)++] = px_xstrdup(rule);
}

/* Reads the groups for "*" and for Parallax (a group naming us replaces
 * "*", as the robots exclusion standard says) into H's rules. */
static void robots_parse(host *h, const char *txt)
{
	char **ours = NULL, **any = NULL;
	size_t n_ours = 0, n_any = 0;
	int in_any = 0, in_ours = 0, last_was_agent = 0;
	const char *p = txt;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char line[1024];
		snprintf(line, sizeof(line), "%.*s", (int)(n < 1023 ? n : 1023), p);
		p = eol ? eol + 1 : NULL;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = 0;
		char *key = line, *val = colon + 1;
		while (*key == ' ' || *key == '\t')
			key++;
		while (*val == ' ' || *val == '\t')
			val++;
		size_t vl = strlen(val);
		while (vl && (val[vl - 1] == ' ' || val[vl - 1] == '\r' || val[vl - 1] == '\t'))
			val[--vl] = 0;
		if (!strcasecmp(key, "user-agent")) {
			if (!last_was_agent)
				in_any = in_ours = 0;
			if (!strcmp(val, "*"))
				in_any = 1;
			else if (!strncasecmp(val, "parallax", 8))
				in_ours = 1;
			last_was_agent = 1;
			continue;
		}
		last_was_agent = 0;
		int allow = !strcasecmp(key, "allow");
		if (!allow && strcasecmp(key, "disallow"))
			continue;
		if (!*val && !allow)
			continue; /* "Disallow:" with nothing allows all */
		char rule[1026];
		snprintf(rule, sizeof(rule), "%c%s", allow ? '+' : '-', val);
		if (in_ours)
			rule_add(&ours, &n_ours, rule);
		if (in_any)
			rule_add(&any, &n_any, rule);
	}
	if (n_ours) {
		for (size_t i = 0; i < n_any; i++)
			free(any[i]);
		free(any);
		h->rules = ours;
		h->n_rules = n_ours;
	} else {
		free(ours);
		h->rules = any;
		h->n_rules = n_any;
	}
}

/* 1 if PATTERN (robots syntax: '*' any run, '$' the end) matches the
 * start of PATH. */
static int robots_match(const char *pat, const char *path)
{
	if (!*pat)
		return 1;
	if (*pat == '$' && !pat[1])
		return !*path;
	if (*pat == '*') {
		for (const char *s = path;; s++) {
			if (robots_match(pat + 1, s))
				return 1;
			if (!*s)
				return 0;
		}
	}
	return *path == *pat && robots_match(pat + 1, path + 1);
}

/* 1 if H's rules let us fetch URL: the longest matching rule wins, an
 * allow on a tie. */
static int robots_allows(const host *h, const char *url)
{
	const char *path = url + strlen(h->name);
	if (!*path)
		path = "/";
	size_t best = 0;
	int allow = 1;
	for (size_t i = 0; i < h->n_rules; i++) {
		const char *r = h->rules[i];
		size_t k = strlen(r + 1);
		if (k >= best && robots_match(r + 1, path) && (k > best || r[0] == '+')) {
			best = k;
			allow = r[0] == '+';
		}
	}
	return allow;
}

/* ------------------------------------------------------------ tasks */

static px_fetch_opts fetch_opts(const poller *pl)
{
	px_fetch_opts f = { .allow_private = pl->o->allow_private,
	                    .max_bytes = pl->o->max_bytes, .timeout_ms = pl->o->timeout_ms,
	                    .user_agent = pl->o->user_agent };
	return f;
}

/* E into the pipeline, from PAGE's extraction when it has one, else from
 * the feed's own text. */
static void add_article(poller *pl, entry *e, const px_page *page)
{
	px_doc d = { .url = e->link, .outlet = e->outlet, .title = e->title,
	             .byline = e->author, .lang = e->lang, .text = e->text,
	             .published = e->published, .source = e->link };
	if (page && page->text && strlen(page->text) > (e->text ? strlen(e->text) : 0)) {
		d.text = page->text;
		if (!d.title && page->title)
			d.title = page->title;
		if (!d.byline)
			d.byline = page->byline;
		if (d.published == PX_TIME_UNKNOWN)
			d.published = page->published;
	}
	px_add_result res;
	px_error err = { 0 };
	if (px_pipeline_add(pl->p, &d, &res, &err) < 0) {
		say(pl, "%s: %s", e->link ? e->link : e->key, err.msg);
		*pl->err = err;
		pl->failed = 1;
		return;
	}
	switch (res.kind) {
	case PX_ADD_NEW: pl->st->articles_new++; break;
	case PX_ADD_COPY: pl->st->copies++; break;
	case PX_ADD_DUPLICATE: pl->st->duplicates++; break;
	case PX_ADD_REJECTED:
		pl->st->rejected++;
		say(pl, "%s: not stored: %s", e->link ? e->link : e->key, res.reason);
		break;
	}
	/* Seen from now on; inside the pipeline's open batch, so it is kept
	 * exactly when the article is. */
	if (px_feed_entry_mark(pl->db, e->feed_id, e->key, res.article_id, e->seen_at, &err) < 0) {
		*pl->err = err;
		pl->failed = 1;
	}
}

static void queue_page(poller *pl, entry *e)
{
	int fetchable = e->link && (!strncasecmp(e->link, "http://", 7) ||
	                            !strncasecmp(e->link, "https://", 8));
	host *h = fetchable && !pl->o->feeds_only ? host_of(pl, e->link) : NULL;
	if (!h) {
		add_article(pl, e, NULL);
		entry_free(e);
		return;
	}
	task *t = px_xcalloc(1, sizeof(*t));
	t->kind = TASK_PAGE;
	t->url = px_xstrdup(e->link);
	t->h = h;
	t->e = e;
	enqueue(pl, t, 0);
}

static void feed_done(poller *pl, task *t, int rc, px_fetch_result *r, px_error *ferr)
{
	px_feed_info *f = t->feed;
	px_feed_fetch_outcome out = { .fetched_at = time(NULL) };
	char msg[600] = "";
	if (rc < 0) {
		out.status = rc;
		snprintf(msg, sizeof(msg), "%s", ferr->msg);
	} else {
		out.status = r->status;
		out.etag = r->etag;
		out.last_modified = r->last_modified;
		out.retry_after = r->retry_after;
		if (r->status >= 400)
			snprintf(msg, sizeof(msg), "%s: HTTP %ld", f->url_given, r->status);
	}
	if (!msg[0] && r->status == 304) {
		pl->st->not_modified++;
	} else if (!msg[0]) {
		px_feed *feed = NULL;
		px_error pe = { 0 };
		if (r->truncated)
			snprintf(msg, sizeof(msg), "%s: the feed is larger than the size cap", f->url_given);
		else if (px_feed_parse_response(r, &feed, &pe) < 0)
			snprintf(msg, sizeof(msg), "%s: %s", f->url_given, pe.msg);
		if (feed) {
			const char *outlet = f->title ? f->title : px_feed_title(feed);
			for (size_t i = 0; i < px_feed_count(feed); i++) {
				const px_feed_item *it = px_feed_entry(feed, i);
				const char *key = it->id ? it->id : it->link;
				if (!key)
					continue;
				px_error se = { 0 };
				int seen = px_feed_entry_seen(pl->db, f->id, key, &se);
				if (seen < 0) {
					*pl->err = se;
					pl->failed = 1;
					break;
				}
				if (seen)
					continue;
				out.n_new++;
				entry *e = px_xcalloc(1, sizeof(*e));
				*e = (entry){ f->id, px_xstrdup(key), dup_str(it->link), dup_str(it->title),
				              dup_str(it->author), dup_str(it->content), dup_str(it->lang), dup_str(outlet),
				              it->published, out.fetched_at };
				queue_page(pl, e);
			}
			pl->st->entries_new += out.n_new;
			px_feed_free(feed);
		}
	}
	if (msg[0]) {
		out.error = msg;
		pl->st->feed_errors++;
		say(pl, "feed %s", msg);
	} else {
		if (out.status != 304)
			pl->st->feeds++;
		say(pl, "feed %s: %ld, %zu new", f->url_given, out.status, out.n_new);
	}
	pl->outcomes = px_xrealloc(pl->outcomes, (pl->n_outcomes + 1) * sizeof(outcome));
	outcome *oc = &pl->outcomes[pl->n_outcomes++];
	oc->feed_id = f->id;
	oc->o = out;
	oc->error = dup_str(out.error);
	oc->etag = dup_str(out.etag);
	oc->last_modified = dup_str(out.last_modified);
	oc->o.error = oc->error;
	oc->o.etag = oc->etag;
	oc->o.last_modified = oc->last_modified;
	oc->unfinished = 0;
}

/* A page fetched: to the workers for extraction (1: T and R are theirs
 * now), or, when it could not be fetched, the feed's text stored (0). */
static int page_done(poller *pl, task *t, int rc, px_fetch_result *r, px_error *ferr)
{
	if (rc < 0 || r->status >= 400 || r->truncated) {
		pl->st->page_errors++;
		char why[64];
		snprintf(why, sizeof(why), "HTTP %ld", rc < 0 ? 0L : r->status);
		say(pl, "page %s: %s (the feed's text is used)", t->url,
		    rc < 0 ? ferr->msg : r->truncated ? "larger than the size cap" : why);
		add_article(pl, t->e, NULL);
		return 0;
	}
	xjob *j = px_xcalloc(1, sizeof(*j));
	j->task = t;
	j->r = *r;
	xpool_submit(pl->xp, j);
	return 1;
}

/* The pages the workers have extracted (JOBS, from xpool_take or
 * xpool_wait), into the pipeline (on this thread: the store is never
 * touched from a worker). */
static void extracted(poller *pl, xjob *jobs)
{
	for (xjob *j = jobs, *next; j; j = next) {
		next = j->next;
		task *t = j->task;
		if (!j->page) {
			pl->st->page_errors++;
			say(pl, "page %s: %s (the feed's text is used)", t->url, j->err.msg);
		} else {
			pl->st->pages++;
		}
		if (!pl->failed)
			add_article(pl, t->e, j->page);
		xjob_free(j);
		task_free(t);
	}
}

static void wake_poller(void *multi)
{
	curl_multi_wakeup(multi);
}

static void robots_done(poller *pl, task *t, int rc, px_fetch_result *r)
{
	(void)pl;
	t->h->robots = ROBOTS_READY;
	if (rc == 0 && r->status >= 200 && r->status < 300 && r->body)
		robots_parse(t->h, r->body);
	/* 4xx: no rules; 5xx or no answer: no rules either (a poller that
	 * stalled on every broken robots.txt would fetch nothing). */
}

/* Starts what may start: per-host limits, the host delay, robots first. */
static void start_tasks(poller *pl)
{
	unsigned max = pl->o->max_parallel ? pl->o->max_parallel : 16;
	unsigned per = pl->o->per_host ? pl->o->per_host : 2;
	double delay = pl->o->host_delay_ms < 0 ? 0
	               : (pl->o->host_delay_ms ? pl->o->host_delay_ms : 1000) / 1000.0;
	double now = mono();
	/* Pages waiting for a worker are held in memory: past a few per
	 * worker, no more page is fetched until the workers catch up. */
	size_t backlog = xpool_pending(pl->xp), most = 4 * (size_t)xpool_threads(pl->xp) + 4;
	for (task **pp = &pl->queue; *pp && pl->active < (int)max;) {
		task *t = *pp;
		host *h = t->h;
		if (t->kind == TASK_PAGE && backlog + (size_t)pl->active >= most) {
			pp = &t->next;
			continue;
		}
		if (t->kind == TASK_PAGE && h->robots != ROBOTS_READY) {
			if (h->robots == ROBOTS_UNKNOWN) {
				h->robots = ROBOTS_FETCHING;
				task *rt = px_xcalloc(1, sizeof(*rt));
				rt->kind = TASK_ROBOTS;
				px_buf u = PX_BUF_INIT;
				px_buf_printf(&u, "%s/robots.txt", h->name);
				rt->url = px_buf_steal(&u);
				rt->h = h;
				enqueue(pl, rt, 1);
				pp = &pl->queue; /* start from the robots task */
				continue;
			}
			pp = &t->next;
			continue;
		}
		if (t->kind == TASK_PAGE && !robots_allows(h, t->url)) {
			*pp = t->next;
			pl->st->robots_denied++;
			say(pl, "page %s: robots.txt disallows it (the feed's text is used)", t->url);
			add_article(pl, t->e, NULL);
			task_free(t);
			continue;
		}
		if (h->active >= (int)per || now < h->next_at) {
			pp = &t->next;
			continue;
		}
		*pp = t->next;
		px_fetch_opts fo = fetch_opts(pl);
		if (t->kind == TASK_FEED) {
			fo.etag = t->feed->etag;
			fo.last_modified = t->feed->last_modified;
		}
		px_error je = { 0 };
		t->job = fetch_job_new(t->url, &fo, &je);
		if (!t->job) {
			px_fetch_result none = { 0 };
			if (t->kind == TASK_FEED)
				feed_done(pl, t, PX_EINVAL, &none, &je);
			else if (t->kind == TASK_PAGE)
				page_done(pl, t, PX_EINVAL, &none, &je);
			else
				robots_done(pl, t, PX_EINVAL, &none);
			task_free(t);
			continue;
		}
		curl_easy_setopt(fetch_job_handle(t->job), CURLOPT_PRIVATE, t);
		curl_multi_add_handle(pl->multi, fetch_job_handle(t->job));
		t->next = pl->running;
		pl->running = t;
		h->active++;
		h->next_at = now + delay;
		pl->active++;
	}
}

static void finish_transfers(poller *pl)
{
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(pl->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		task *t = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&t);
		CURLcode code = m->data.result;
		curl_multi_remove_handle(pl->multi, m->easy_handle);
		for (task **pp = &pl->running; *pp; pp = &(*pp)->next)
			if (*pp == t) {
				*pp = t->next;
				break;
			}
		px_fetch_result r;
		px_error fe = { 0 };
		int rc = fetch_job_finish(t->job, code, &r, &fe);
		t->h->active--;
		pl->active--;
		if (t->kind == TASK_PAGE && page_done(pl, t, rc, &r, &fe))
			continue; /* the workers' now */
		if (t->kind == TASK_FEED)
			feed_done(pl, t, rc, &r, &fe);
		else if (t->kind == TASK_ROBOTS)
			robots_done(pl, t, rc, &r);
		if (rc == 0)
			px_fetch_result_free(&r);
		task_free(t);
	}
}

static int stopped(const poller *pl)
{
	return pl->failed || (pl->o->stop && *pl->o->stop);
}

/* Frees T, which a stop leaves unfinished: a page task's feed is then not
 * recorded as fetched (the top comment says why). */
static void task_drop(poller *pl, task *t)
{
	if (t->kind == TASK_PAGE)
		for (size_t i = 0; i < pl->n_outcomes; i++)
			if (pl->outcomes[i].feed_id == t->e->feed_id)
				pl->outcomes[i].unfinished = 1;
	task_free(t);
}

/* Commits the pipeline (the articles and their entries' marks), then
 * records each feed's fetch. */
static int commit_and_record(poller *pl)
{
	px_error err = { 0 };
	int rc = px_pipeline_commit(pl->p, &err);
	if (rc < 0) {
		*pl->err = err;
		pl->failed = 1;
	}
	for (size_t i = 0; i < pl->n_outcomes; i++) {
		outcome *oc = &pl->outcomes[i];
		if (rc == 0 && !oc->unfinished &&
		    px_feed_record_fetch(pl->db, oc->feed_id, &oc->o, &err) < 0) {
			*pl->err = err;
			pl->failed = 1;
			rc = -1;
		}
		free(oc->error);
		free(oc->etag);
		free(oc->last_modified);
	}
	pl->n_outcomes = 0;
	return rc;
}

/* One round over the feeds due now. */
static int round_once(poller *pl)
{
	px_feed_info_list due;
	if ((pl->o->all ? px_feed_list(pl->db, &due, pl->err)
	                : px_feed_due(pl->db, time(NULL), 10000, &due, pl->err)) < 0)
		return -1;
	for (size_t i = 0; i < due.n; i++) {
		if (due.feeds[i].disabled)
			continue;
		host *h = host_of(pl, due.feeds[i].url_given);
		if (!h) {
			say(pl, "feed %s: not an http(s) URL", due.feeds[i].url_given);
			continue;
		}
		task *t = px_xcalloc(1, sizeof(*t));
		t->kind = TASK_FEED;
		t->url = px_xstrdup(due.feeds[i].url_given);
		t->h = h;
		t->feed = &due.feeds[i];
		enqueue(pl, t, 0);
	}
	while ((pl->queue || pl->active || xpool_pending(pl->xp)) && !stopped(pl)) {
		start_tasks(pl);
		int running = 0;
		curl_multi_perform(pl->multi, &running);
		finish_transfers(pl);
		extracted(pl, xpool_take(pl->xp));
		/* Start what the finished transfers freed room for before
		 * waiting: new handles wake the poll at once, where an idle
		 * multi handle would sleep out the 100 ms; a worker's finished
		 * page wakes it too. */
		start_tasks(pl);
		if (pl->active || pl->queue || xpool_pending(pl->xp))
			curl_multi_poll(pl->multi, NULL, 0, 100, NULL);
	}
	/* Stopped: pages no worker has started are dropped, those being
	 * extracted are stored when done (a few milliseconds). */
	for (xjob *j = xpool_cancel(pl->xp), *next; j; j = next) {
		next = j->next;
		task_drop(pl, j->task);
		xjob_free(j);
	}
	for (xjob *j; (j = xpool_wait(pl->xp)) != NULL;)
		extracted(pl, j);
	/* Drop what is in flight or waiting; it stays unseen. */
	while (pl->queue) {
		task *t = pl->queue;
		pl->queue = t->next;
		task_drop(pl, t);
	}
	while (pl->running) {
		task *t = pl->running;
		pl->running = t->next;
		curl_multi_remove_handle(pl->multi, fetch_job_handle(t->job));
		t->h->active--;
		pl->active--;
		task_drop(pl, t);
	}
	int rc = commit_and_record(pl);
	px_feed_list_free(&due);
	return rc;
}

int px_poll(px_db *db, const px_poll_opts *o, px_poll_stats *st, px_error *err)
{
	static const px_poll_opts defaults = { 0 };
	if (!o)
		o = &defaults;
	memset(st, 0, sizeof(*st));
	poller pl = { .db = db, .o = o, .st = st, .err = err };
	pl.p = px_pipeline_new(db, err);
	if (!pl.p)
		return PX_ESTORE;
	pl.multi = curl_multi_init();
	pl.xp = xpool_new(o->extract_threads, wake_poller, pl.multi);
	int rc = 0;
	for (;;) {
		rc = round_once(&pl);
		if (rc < 0 || o->once || stopped(&pl))
			break;
		/* Sleep until the next feed is due (looking again every 30 s, so a
		 * feed added meanwhile is seen), or until asked to stop. */
		px_feed_info_list all;
		int64_t next = time(NULL) + 30;
		if (px_feed_list(db, &all, err) == 0) {
			for (size_t i = 0; i < all.n; i++)
				if (!all.feeds[i].disabled && all.feeds[i].next_due_at < next)
					next = all.feeds[i].next_due_at;
			px_feed_list_free(&all);
		}
		while (time(NULL) < next && !stopped(&pl))
			usleep(200000);
		if (stopped(&pl))
			break;
	}
	xpool_free(pl.xp);
	curl_multi_cleanup(pl.multi);
	for (size_t i = 0; i < pl.n_hosts; i++) {
		for (size_t k = 0; k < pl.hosts[i]->n_rules; k++)
			free(pl.hosts[i]->rules[k]);
		free(pl.hosts[i]->rules);
		free(pl.hosts[i]->name);
		free(pl.hosts[i]);
	}
	free(pl.hosts);
	free(pl.outcomes);
	px_error fe = { 0 };
	if (px_pipeline_free(pl.p, &fe) < 0 && rc == 0) {
		*err = fe;
		rc = PX_ESTORE;
	}
	return pl.failed && rc == 0 ? PX_ESTORE : rc;
}
