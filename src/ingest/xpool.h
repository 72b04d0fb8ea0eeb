/*
 * xpool.h — article pages extracted on worker threads, so that the poller
 * (poll.c) keeps transferring and storing on its own thread while the
 * costly part, parsing the HTML, uses the other cores.  Internal to ingest/.
 *
 * A job carries a fetched page in and its extraction out; the pool owns it
 * from xpool_submit until xpool_take hands it back.  The store is never
 * touched from a worker: the poller stores what it takes back.
 */
#ifndef PX_INGEST_XPOOL_H
#define PX_INGEST_XPOOL_H

#include <stddef.h>

#include "parallax.h"

typedef struct xjob {
	void *task;                /* the poller's, untouched here */
	px_fetch_result r;         /* the page; freed with the job */
	px_page *page;             /* out: NULL when extraction failed */
	px_error err;              /* out: why */
	struct xjob *next;
} xjob;

typedef struct xpool xpool;

/* THREADS workers (0: one per online core but one, at least one).  WAKE
 * (CTX) is called from a worker each time a job is done. */
xpool *xpool_new(unsigned threads, void (*wake)(void *ctx), void *ctx);
void xpool_submit(xpool *p, xjob *j);
/* The jobs done so far, oldest first (a list through next), or NULL. */
xjob *xpool_take(xpool *p);
/* The same, first waiting until one is done if none is yet and some are
 * pending; NULL only when none is pending. */
xjob *xpool_wait(xpool *p);
/* Jobs submitted and not yet taken back. */
size_t xpool_pending(xpool *p);
/* The workers running (at least one, unless threads could not start). */
unsigned xpool_threads(const xpool *p);
/* The jobs no worker has started, taken back unextracted (a stop). */
xjob *xpool_cancel(xpool *p);
/* Waits for the running jobs, then stops the workers.  Jobs not taken
 * back are freed. */
void xpool_free(xpool *p);
void xjob_free(xjob *j);

#endif
