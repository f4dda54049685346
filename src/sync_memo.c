/*
 * sync_memo.c - the feed state of sync_feeds() runs without a cache,
 * kept in memory (sync_memo.h). It runs on the thread of the run that
 * uses it and owns copies of everything it holds.
 *
 * The entries are sorted by source, so a run of n feeds finds each in
 * O(log n).
 */
#include <stdlib.h>
#include <string.h>

#include "sync_memo.h"

struct sync_memo_entry {
	char *src;
	char *etag, *last_modified;
	time_t last_fetch;
	struct store_schedule sched;
};

struct sync_memo {
	struct sync_memo_entry *e;
	size_t n;
};

static int
sync_memo_cmp(const void *x, const void *y)
{
	const struct sync_memo_entry *a = x, *b = y;

	return strcmp(a->src, b->src);
}

static struct sync_memo_entry *
sync_memo_find(const struct sync_memo *m, const char *src)
{
	struct sync_memo_entry key = {.src = (char *)src};

	if (m == NULL || m->n == 0)
		return NULL;
	return bsearch(&key, m->e, m->n, sizeof(*m->e), sync_memo_cmp);
}

/* *to becomes a copy of from (NULL stays NULL). */
static int
sync_memo_set(char **to, const char *from)
{
	char *copy = NULL;

	if (from != NULL && (copy = strdup(from)) == NULL)
		return LDN_ENOMEM;
	free(*to);
	*to = copy;
	return LDN_OK;
}

int
sync_memo_new(struct sync_memo **out, const char *const *srcs, size_t n)
{
	struct sync_memo *m = calloc(1, sizeof(*m));
	size_t i, k;

	*out = NULL;
	if (m == NULL || (m->e = calloc(n ? n : 1, sizeof(*m->e))) == NULL) {
		free(m);
		return LDN_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		if ((m->e[i].src = strdup(srcs[i])) == NULL) {
			sync_memo_free(m);
			return LDN_ENOMEM;
		}
		m->n++;
	}
	qsort(m->e, m->n, sizeof(*m->e), sync_memo_cmp);
	for (i = k = 0; i < m->n; i++) {
		if (k > 0 && strcmp(m->e[k - 1].src, m->e[i].src) == 0)
			free(m->e[i].src);
		else
			m->e[k++] = m->e[i];
	}
	m->n = k;
	*out = m;
	return LDN_OK;
}

void
sync_memo_seed(struct sync_memo *m, struct store *s)
{
	struct store_feed_state fs;
	struct store_schedule sc;
	size_t i;

	for (i = 0; i < m->n; i++) {
		struct sync_memo_entry *e = &m->e[i];
		if (store_feed_state(s, e->src, &fs, NULL) == LDN_OK) {
			free(e->etag);
			free(e->last_modified);
			e->etag = fs.etag;
			e->last_modified = fs.last_modified;
			e->last_fetch = fs.last_fetch;
			fs.etag = fs.last_modified = NULL;
			store_feed_state_free(&fs);
		}
		if (store_feed_schedule(s, e->src, &sc, NULL) == LDN_OK) {
			store_schedule_free(&e->sched);
			e->sched = sc;
		}
	}
}

int
sync_memo_get(const struct sync_memo *m, const char *src, struct store_feed_state *fs,
	      struct store_schedule *sched)
{
	const struct sync_memo_entry *e = sync_memo_find(m, src);

	memset(fs, 0, sizeof(*fs));
	memset(sched, 0, sizeof(*sched));
	if (e == NULL)
		return LDN_OK;
	fs->last_fetch = e->last_fetch;
	fs->known = e->last_fetch > 0;
	*sched = e->sched;
	sched->fetch_url = NULL;
	if (sync_memo_set(&fs->etag, e->etag) != LDN_OK ||
	    sync_memo_set(&fs->last_modified, e->last_modified) != LDN_OK ||
	    sync_memo_set(&sched->fetch_url, e->sched.fetch_url) != LDN_OK) {
		store_feed_state_free(fs);
		store_schedule_free(sched);
		return LDN_ENOMEM;
	}
	return LDN_OK;
}

int
sync_memo_note(struct sync_memo *m, const char *src, time_t when, bool body,
	       const char *etag, const char *last_modified)
{
	struct sync_memo_entry *e = sync_memo_find(m, src);

	if (e == NULL)
		return LDN_OK;
	e->last_fetch = when;
	if (!body)
		return LDN_OK;
	if (sync_memo_set(&e->etag, etag) != LDN_OK ||
	    sync_memo_set(&e->last_modified, last_modified) != LDN_OK) {
		/* Half a pair would ask with the wrong question: none. */
		free(e->etag);
		free(e->last_modified);
		e->etag = e->last_modified = NULL;
		return LDN_ENOMEM;
	}
	return LDN_OK;
}

int
sync_memo_set_schedule(struct sync_memo *m, const char *src, const struct store_schedule *sch)
{
	struct sync_memo_entry *e = sync_memo_find(m, src);
	char *url = NULL;

	if (e == NULL)
		return LDN_OK;
	if (sync_memo_set(&url, sch->fetch_url) != LDN_OK)
		return LDN_ENOMEM;
	store_schedule_free(&e->sched);
	e->sched = *sch;
	e->sched.fetch_url = url;
	return LDN_OK;
}

void
sync_memo_free(struct sync_memo *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->e[i].src);
		free(m->e[i].etag);
		free(m->e[i].last_modified);
		store_schedule_free(&m->e[i].sched);
	}
	free(m->e);
	free(m);
}
