/*
 * xpool.c — worker threads for page extraction (xpool.h).
 *
 * One mutex guards two lists, the jobs waiting for a worker and the jobs
 * done; workers sleep on a condition until a job or the end comes.  A
 * finished job wakes the poller through its callback (curl_multi_wakeup),
 * so the poller's wait for network events ends at once.
 */
#include "xpool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/arena.h"

struct xpool {
	pthread_mutex_t mu;
	pthread_cond_t work;       /* a job waits, or the end */
	pthread_cond_t done_cond;  /* a job is done */
	xjob *waiting, **waiting_tail;
	xjob *done, **done_tail;
	size_t pending;            /* submitted, not taken back */
	int ending;
	void (*wake)(void *);
	void *ctx;
	pthread_t *threads;
	unsigned n_threads;
};

/* Extracts J's page (no lock held). */
static void extract(xjob *j)
{
	if (px_page_extract(j->r.body, j->r.len, j->r.url, j->r.content_type, &j->page,
	                    &j->err) < 0)
		j->page = NULL;
}

/* Files J as done and wakes whoever waits (P's lock held). */
static void finished(xpool *p, xjob *j)
{
	*p->done_tail = j;
	p->done_tail = &j->next;
	pthread_cond_broadcast(&p->done_cond);
	if (p->wake)
		p->wake(p->ctx);
}

static void *worker(void *arg)
{
	xpool *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->waiting && !p->ending)
			pthread_cond_wait(&p->work, &p->mu);
		if (!p->waiting)
			break; /* ending, nothing left */
		xjob *j = p->waiting;
		p->waiting = j->next;
		if (!p->waiting)
			p->waiting_tail = &p->waiting;
		pthread_mutex_unlock(&p->mu);
		j->next = NULL;
		extract(j);
		pthread_mutex_lock(&p->mu);
		finished(p, j);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

xpool *xpool_new(unsigned threads, void (*wake)(void *ctx), void *ctx)
{
	if (!threads) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cores > 2 ? (unsigned)cores - 1 : 1;
	}
	xpool *p = px_xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done_cond, NULL);
	p->waiting_tail = &p->waiting;
	p->done_tail = &p->done;
	p->wake = wake;
	p->ctx = ctx;
	p->threads = px_xcalloc(threads, sizeof(pthread_t));
	for (unsigned i = 0; i < threads; i++)
		if (pthread_create(&p->threads[p->n_threads], NULL, worker, p) == 0)
			p->n_threads++;
	return p;
}

void xpool_submit(xpool *p, xjob *j)
{
	j->next = NULL;
	pthread_mutex_lock(&p->mu);
	p->pending++;
	if (!p->n_threads) { /* no worker could start: extract here */
		pthread_mutex_unlock(&p->mu);
		extract(j);
		pthread_mutex_lock(&p->mu);
		finished(p, j);
	} else {
		*p->waiting_tail = j;
		p->waiting_tail = &j->next;
		pthread_cond_signal(&p->work);
	}
	pthread_mutex_unlock(&p->mu);
}

/* Counts the jobs of list L. */
static size_t count(const xjob *l)
{
	size_t n = 0;
	for (; l; l = l->next)
		n++;
	return n;
}

/* The done list taken (P's lock held). */
static xjob *take_locked(xpool *p)
{
	xjob *l = p->done;
	p->done = NULL;
	p->done_tail = &p->done;
	p->pending -= count(l);
	return l;
}

xjob *xpool_wait(xpool *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->pending && !p->done)
		pthread_cond_wait(&p->done_cond, &p->mu);
	xjob *l = take_locked(p);
	pthread_mutex_unlock(&p->mu);
	return l;
}

xjob *xpool_take(xpool *p)
{
	pthread_mutex_lock(&p->mu);
	xjob *l = take_locked(p);
	pthread_mutex_unlock(&p->mu);
	return l;
}

size_t xpool_pending(xpool *p)
{
	pthread_mutex_lock(&p->mu);
	size_t n = p->pending;
	pthread_mutex_unlock(&p->mu);
	return n;
}

unsigned xpool_threads(const xpool *p)
{
	return p->n_threads ? p->n_threads : 1;
}

xjob *xpool_cancel(xpool *p)
{
	pthread_mutex_lock(&p->mu);
	xjob *l = p->waiting;
	p->waiting = NULL;
	p->waiting_tail = &p->waiting;
	p->pending -= count(l);
	pthread_mutex_unlock(&p->mu);
	return l;
}

void xjob_free(xjob *j)
{
	px_page_free(j->page);
	px_fetch_result_free(&j->r);
	free(j);
}

void xpool_free(xpool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->ending = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < p->n_threads; i++)
		pthread_join(p->threads[i], NULL);
	for (xjob *l = p->waiting, *next; l; l = next) {
		next = l->next;
		xjob_free(l);
	}
	for (xjob *l = p->done, *next; l; l = next) {
		next = l->next;
		xjob_free(l);
	}
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done_cond);
	pthread_mutex_destroy(&p->mu);
	free(p->threads);
	free(p);
}
