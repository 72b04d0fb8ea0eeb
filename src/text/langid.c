/*
 * langid.c — language identification with libexttextcat (Cavnar & Trenkle
 * n-gram profiles, the classifier LibreOffice uses), restricted to the
 * languages whose text Parallax can analyse plus their usual confusions.
 *
 * libexttextcat reads its list of profiles from a configuration file; we
 * write that list (profiles shipped by Debian's libexttextcat-data) to a
 * temporary file once per context, so no installed configuration is needed.
 * The classifier sees at most the first 2 KiB of text: enough for a stable
 * answer, and it bounds the cost per article.
 *
 * Opening a classifier reads and sorts 20 profiles, several times what
 * classifying an article costs, so a closed context hands its classifier
 * to a small process-wide pool and the next context takes it from there:
 * a caller that makes a context per call (px_summarize without a store)
 * opens one classifier, not one a call.  A classifier is used by one
 * context, so one thread, at a time.
 */
#include "text.h"
#include "textctx.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <textcat.h>
#include <unistd.h>

#ifndef PX_TEXTCAT_DIR
#define PX_TEXTCAT_DIR "/usr/share/libexttextcat/"
#endif

static const char *const profiles[] = {
	"en", "de", "es", "fr", "it", "pt", "ru", "uk", "nl", "pl", "sv", "da",
	"nb", "fi", "tr", "ro", "hu", "cs", "bg", "hr",
};

enum { POOL = 8 };
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static void *pool[POOL];
static int pooled;

static void *open_textcat(void)
{
	void *h = NULL;
	pthread_mutex_lock(&pool_lock);
	if (pooled)
		h = pool[--pooled];
	pthread_mutex_unlock(&pool_lock);
	if (h)
		return h;

	char path[] = "/tmp/parallax-langid-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(path);
		return NULL;
	}
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		char lm[256];
		snprintf(lm, sizeof(lm), "%s%s.lm", PX_TEXTCAT_DIR, profiles[i]);
		if (access(lm, R_OK) == 0) /* an absent profile would fail the init */
			fprintf(f, "%s.lm %s\n", profiles[i], profiles[i]);
	}
	fclose(f);
	h = special_textcat_Init(path, PX_TEXTCAT_DIR);
	unlink(path);
	return h;
}

void px_lang_identify(px_textctx *ctx, const char *s, size_t n, char out[8])
{
	strcpy(out, "und");
	if (!ctx->textcat && !ctx->textcat_failed) {
		ctx->textcat = open_textcat();
		if (!ctx->textcat) {
			ctx->textcat_failed = 1;
			fprintf(stderr, "parallax: warning: language identification "
			        "unavailable (profiles in %s missing?)\n", PX_TEXTCAT_DIR);
		}
	}
	if (!ctx->textcat)
		return;
	if (n > 2048) {
		n = 2048;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--; /* do not cut a character in two */
	}
	const char *r = textcat_Classify(ctx->textcat, s, n);
	/* The answer is "[en][de]..." best first, or SHORT / UNKNOWN. */
	if (!r || r[0] != '[')
		return;
	size_t k = strcspn(r + 1, "]-");
	if (k == 0 || k > 3)
		return;
	memcpy(out, r + 1, k);
	out[k] = '\0';
	if (!strcmp(out, "nb"))
		strcpy(out, "no");
}

void px_langid_close(px_textctx *ctx)
{
	void *h = ctx->textcat;
	ctx->textcat = NULL;
	if (!h)
		return;
	pthread_mutex_lock(&pool_lock);
	if (pooled < POOL) {
		pool[pooled++] = h;
		h = NULL;
	}
	pthread_mutex_unlock(&pool_lock);
	if (h)
		textcat_Done(h);
}
