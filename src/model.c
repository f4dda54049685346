/*
 * model.c - the reader model (model.h): a view over the cache found a
 * slice at a time and read a window at a time.
 *
 * A slice is one short stream (store_stream_open_after) from just after
 * the last article seen, in view order: up to MODEL_SLICE articles are read and
 * tested with query.h's test, the store ids of those kept are appended,
 * and the stream is closed again, so no statement or transaction outlives
 * a call. The window is MODEL_WINDOW rows around the one asked for, read
 * by store id (store_load_ids). What the model holds is the ids of the
 * rows found (4 bytes a row) and the window; the articles themselves stay
 * in the cache.
 *
 * Owns its filter (copied), the ids and the window. Runs on the thread of
 * its store connection (the reader's).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "model.h"
#include "query.h"
#include "render.h"

/* Articles a slice tests: the first few, so a screenful comes at once,
 * then twice as many each time up to the most (about a millisecond). */
#define MODEL_SLICE_FIRST 64
#define MODEL_SLICE 256
#define MODEL_WINDOW 128  /* rows read around the one asked for */

struct model {
	struct store *s;

	/* The filter (owned copies) and the test made of it. */
	char **feeds, **tags, **exclude;
	size_t nfeeds, ntags, nexclude;
	char *find;
	long long *also;
	size_t nalso;
	const struct source *sources; /* borrowed; NULL when none lays anything */
	size_t nsources;
	struct query q;
	struct query_test test;

	/* The rows found: their store ids, in view order, 4 bytes each (a
	 * million rows are 4 MB: bench/README.md) until one does not fit,
	 * then 8 (`wide`). */
	uint32_t *ids32;
	long long *ids64;
	bool wide;
	size_t nids, cap;
	bool complete;
	size_t hidden;            /* rows the ignore rules hid so far */
	size_t slice;             /* articles the next slice tests */
	/* The last article tested: the next slice starts after it. */
	bool started;
	struct store_key after;
	char *after_url, *after_id;

	/* Rows [win_first, win_first + win_len) read; an entry may be NULL
	 * (no longer cached). */
	struct article **win;
	size_t win_first, win_len;
};

static void
model_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

static int
model_strv_dup(char ***out, const char *const *v, size_t n)
{
	size_t i;

	*out = calloc(n ? n : 1, sizeof(**out));
	if (*out == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < n; i++)
		if (((*out)[i] = strdup(v[i])) == NULL) {
			model_strv_free(*out, i);
			*out = NULL;
			return LDN_ENOMEM;
		}
	return LDN_OK;
}

static void
model_window_drop(struct model *m)
{
	size_t i;

	for (i = 0; i < m->win_len; i++)
		article_free(m->win[i]);
	m->win_len = 0;
	m->win_first = 0;
}

/* Back to no row found (the filter stays). */
static void
model_restart(struct model *m)
{
	model_window_drop(m);
	m->nids = m->hidden = 0;
	m->complete = m->nfeeds == 0;
	m->started = false;
	m->slice = MODEL_SLICE_FIRST;
	free(m->after_url);
	free(m->after_id);
	m->after_url = m->after_id = NULL;
}

static void
model_filter_free(struct model *m)
{
	query_test_free(&m->test);
	model_strv_free(m->feeds, m->nfeeds);
	model_strv_free(m->tags, m->ntags);
	model_strv_free(m->exclude, m->nexclude);
	free(m->find);
	free(m->also);
	m->feeds = m->tags = m->exclude = NULL;
	m->nfeeds = m->ntags = m->nexclude = m->nalso = 0;
	m->find = NULL;
	m->also = NULL;
	m->sources = NULL;
	m->nsources = 0;
	memset(&m->q, 0, sizeof(m->q));
}

int
model_new(struct model **out, struct store *s)
{
	struct model *m = calloc(1, sizeof(*m));

	*out = NULL;
	if (m == NULL || (m->win = calloc(MODEL_WINDOW, sizeof(*m->win))) == NULL) {
		free(m);
		return LDN_ENOMEM;
	}
	m->s = s;
	m->complete = true; /* no feeds yet */
	m->slice = MODEL_SLICE_FIRST;
	*out = m;
	return LDN_OK;
}

void
model_free(struct model *m)
{
	if (m == NULL)
		return;
	model_restart(m);
	model_filter_free(m);
	free(m->win);
	free(m->ids32);
	free(m->ids64);
	free(m);
}

static int
model_filter_copy(struct model *m, const struct model_filter *f)
{
	if (model_strv_dup(&m->feeds, f->feeds, f->nfeeds) != LDN_OK)
		return LDN_ENOMEM;
	m->nfeeds = f->nfeeds;
	if (model_strv_dup(&m->tags, f->tags, f->ntags) != LDN_OK)
		return LDN_ENOMEM;
	m->ntags = f->ntags;
	if (model_strv_dup(&m->exclude, f->exclude, f->nexclude) != LDN_OK)
		return LDN_ENOMEM;
	m->nexclude = f->nexclude;
	if (f->find != NULL && *f->find != '\0' && (m->find = strdup(f->find)) == NULL)
		return LDN_ENOMEM;
	/* Looked up only when one of them lays something (most configs
	 * name their feeds, though). */
	for (size_t i = 0; i < f->nsources && m->sources == NULL; i++)
		if (source_lays(&f->sources[i])) {
			m->sources = f->sources;
			m->nsources = f->nsources;
		}
	if (f->nalso > 0) {
		if ((m->also = malloc(f->nalso * sizeof(*m->also))) == NULL)
			return LDN_ENOMEM;
		memcpy(m->also, f->also, f->nalso * sizeof(*m->also));
		m->nalso = f->nalso;
	}
	m->q = (struct query){
		.tags = (const char *const *)m->tags, .ntags = m->ntags,
		.all_tags = f->all_tags,
		.exclude = (const char *const *)m->exclude, .nexclude = m->nexclude,
		.find = m->find, .find_headlines = true,
		.starred_only = f->starred_only, .unread_only = f->unread_only,
		.ignore = f->ignore, .nignore = f->nignore,
	};
	return query_test_init(&m->test, &m->q);
}

int
model_set_filter(struct model *m, const struct model_filter *f)
{
	int st;

	model_restart(m);
	model_filter_free(m);
	if ((st = model_filter_copy(m, f)) != LDN_OK) {
		model_filter_free(m);
		m->complete = true; /* an empty view until a filter takes */
		return st;
	}
	m->complete = m->nfeeds == 0;
	/* Slices read the same pages again: keep them (a few a feed). A
	 * failure only makes reading slower. */
	if (m->nfeeds > 0)
		(void)store_read_cache(m->s, m->nfeeds, NULL);
	return LDN_OK;
}

/* From 4-byte ids to 8-byte ones, for an id that does not fit. */
static int
model_widen(struct model *m)
{
	long long *w = malloc((m->cap ? m->cap : 1) * sizeof(*w));
	size_t i;

	if (w == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < m->nids; i++)
		w[i] = m->ids32[i];
	free(m->ids32);
	m->ids32 = NULL;
	m->ids64 = w;
	m->wide = true;
	return LDN_OK;
}

static int
model_push(struct model *m, long long id)
{
	if (!m->wide && (id < 0 || id > (long long)UINT32_MAX) && model_widen(m) != LDN_OK)
		return LDN_ENOMEM;
	if (m->nids == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		void *p = m->wide ? realloc(m->ids64, cap * sizeof(*m->ids64)) :
		    realloc(m->ids32, cap * sizeof(*m->ids32));
		if (p == NULL)
			return LDN_ENOMEM;
		if (m->wide)
			m->ids64 = p;
		else
			m->ids32 = p;
		m->cap = cap;
	}
	if (m->wide)
		m->ids64[m->nids++] = id;
	else
		m->ids32[m->nids++] = (uint32_t)id;
	return LDN_OK;
}

/* The next slice starts after article a. */
static int
model_mark(struct model *m, const struct article *a)
{
	char *url = strdup(a->feed_url), *id = strdup(a->id);

	if (url == NULL || id == NULL) {
		free(url);
		free(id);
		return LDN_ENOMEM;
	}
	free(m->after_url);
	free(m->after_id);
	m->after_url = url;
	m->after_id = id;
	m->after = (struct store_key){a->has_published, a->published, url, id};
	m->started = true;
	return LDN_OK;
}

/* The config's name and tags of a's feed over a. */
static int
model_lay(const struct source *sources, size_t n, struct article *a)
{
	const struct source *src = sources != NULL ? source_find(sources, n, a->feed_url) : NULL;

	return src != NULL && source_lays(src) ? source_apply_one(src, a) : LDN_OK;
}

/* Tests the next MODEL_SLICE articles of the view. */
static int
model_slice(struct model *m, char **cause)
{
	struct store_stream *ss;
	struct article *a = NULL, *last = NULL;
	enum query_verdict v;
	size_t n;
	int st;

	st = store_stream_open_after(&ss, m->s, (const char *const *)m->feeds, m->nfeeds,
				     m->started ? &m->after : NULL, cause);
	if (st != LDN_OK)
		return st;
	for (n = 0; n < m->slice; n++) {
		if ((st = store_stream_next(ss, &a, cause)) != LDN_OK || a == NULL)
			break;
		if (model_lay(m->sources, m->nsources, a) != LDN_OK) {
			st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
		} else {
			v = query_test_judge(&m->test, a,
					     store_ids_have(m->also, m->nalso, a->store_id));
			if (v == QUERY_HIDDEN)
				m->hidden++;
			else if (v == QUERY_KEEP && model_push(m, a->store_id) != LDN_OK)
				st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
		}
		article_free(last);
		last = a;
		if (st != LDN_OK)
			break;
	}
	store_stream_free(ss);
	if (st == LDN_OK && a == NULL)
		m->complete = true;
	if (m->slice < MODEL_SLICE)
		m->slice *= 2;
	if (st == LDN_OK && last != NULL && !m->complete && model_mark(m, last) != LDN_OK)
		st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	article_free(last);
	return st;
}

/* model_fill; budget_ms < 0: no limit. */
static int
model_fill_upto(struct model *m, size_t rows, long budget_ms, char **cause)
{
	long long until = date_monotonic_ms() + (budget_ms > 0 ? budget_ms : 0);
	int st;

	while (!m->complete && m->nids < rows) {
		/* A view that cannot be read further ends where it is. */
		if ((st = model_slice(m, cause)) != LDN_OK) {
			m->complete = true;
			return st;
		}
		if (budget_ms >= 0 && date_monotonic_ms() >= until)
			break;
	}
	return LDN_OK;
}

int
model_fill(struct model *m, size_t rows, long budget_ms, char **cause)
{
	return model_fill_upto(m, rows, budget_ms, cause);
}

size_t
model_rows(const struct model *m)
{
	return m->nids;
}

bool
model_complete(const struct model *m)
{
	return m->complete;
}

size_t
model_hidden(const struct model *m)
{
	return m->hidden;
}

long long
model_id(const struct model *m, size_t i)
{
	if (i >= m->nids)
		return 0;
	return m->wide ? m->ids64[i] : (long long)m->ids32[i];
}

/* Reads rows [first, first + m->win_len) into the window. */
static int
model_load_window(struct model *m, size_t first, char **cause)
{
	long long ids[MODEL_WINDOW];
	size_t i;

	int st;

	for (i = 0; i < m->win_len; i++)
		ids[i] = model_id(m, first + i);
	if ((st = store_load_ids(m->s, ids, m->win_len, m->win, cause)) != LDN_OK)
		return st;
	/* What a list shows of each: the config's names and tags (the
	 * standfirst is made when asked: model_standfirst). */
	for (i = 0; i < m->win_len && st == LDN_OK; i++)
		if (m->win[i] != NULL)
			st = model_lay(m->sources, m->nsources, m->win[i]);
	if (st != LDN_OK) {
		model_window_drop(m);
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	}
	return LDN_OK;
}

int
model_article(struct model *m, size_t i, const struct article **out, char **cause)
{
	size_t first;
	int st;

	*out = NULL;
	if (i >= m->nids)
		return LDN_OK;
	if (i < m->win_first || i >= m->win_first + m->win_len) {
		model_window_drop(m);
		/* The rows around i: moving a row up or down stays inside. */
		first = i > MODEL_WINDOW / 2 ? i - MODEL_WINDOW / 2 : 0;
		m->win_len = m->nids - first < MODEL_WINDOW ? m->nids - first : MODEL_WINDOW;
		if ((st = model_load_window(m, first, cause)) != LDN_OK) {
			m->win_len = 0;
			return st;
		}
		m->win_first = first;
	}
	*out = m->win[i - m->win_first];
	return LDN_OK;
}

const char *
model_standfirst(struct model *m, size_t i)
{
	const struct article *ca = NULL;
	struct article *a;

	if (model_article(m, i, &ca, NULL) != LDN_OK || ca == NULL)
		return "";
	/* The window's own copy: the model may fill in what it made. An
	 * HTML parse each, for the rows drawn only; out of memory leaves it
	 * out. */
	a = m->win[i - m->win_first];
	if (a->standfirst == NULL && a->summary != NULL)
		a->standfirst = render_plain(a->summary, a->summary_fmt);
	return a->standfirst != NULL ? a->standfirst : "";
}

size_t
model_find(const struct model *m, long long id)
{
	size_t i;

	for (i = 0; i < m->nids; i++)
		if (model_id(m, i) == id)
			return i;
	return SIZE_MAX;
}

void
model_forget_window(struct model *m)
{
	model_window_drop(m);
}

/* Rows [first, first + n) as store ids into out. */
static void
model_ids_of(const struct model *m, size_t first, size_t n, long long *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = model_id(m, first + i);
}

/* Whether the filter keeps every article of its feeds but the unread
 * test: the view is then the feeds' articles, and SQL alone can name
 * them. */
static bool
model_unfiltered(const struct model *m)
{
	return m->ntags == 0 && m->nexclude == 0 && m->find == NULL && !m->q.starred_only &&
	       m->q.nignore == 0;
}

int
model_mark_all_read(struct model *m, long long **changed, size_t *nchanged, char **cause)
{
	long long *ids;
	int st;

	*changed = NULL;
	*nchanged = 0;
	if (m->nfeeds == 0)
		return LDN_OK;
	if (model_unfiltered(m)) {
		st = store_set_read_feeds(m->s, (const char *const *)m->feeds, m->nfeeds, changed,
					  nchanged, cause);
	} else {
		/* The filter is query.h's test, not SQL: every row is found
		 * first (the view's whole length: bench/README.md). */
		if ((st = model_fill_upto(m, SIZE_MAX, -1, cause)) != LDN_OK)
			return st;
		if (m->nids == 0)
			return LDN_OK;
		if ((ids = malloc(m->nids * sizeof(*ids))) == NULL)
			return ldn_cause(cause, LDN_ENOMEM, "out of memory");
		model_ids_of(m, 0, m->nids, ids);
		st = store_set_read_ids(m->s, ids, m->nids, true, changed, nchanged, cause);
		free(ids);
	}
	if (st == LDN_OK && *nchanged > 0)
		model_window_drop(m);
	return st;
}

/* Rows asked about at once (one query) when looking for an unread one. */
#define MODEL_UNREAD_CHUNK 1024

int
model_next_unread(struct model *m, size_t from, bool forward, size_t *row, char **cause)
{
	long long ids[MODEL_UNREAD_CHUNK], *unread;
	size_t first, n, i, nunread;
	int st;

	*row = SIZE_MAX;
	for (;;) {
		if (forward) {
			first = from + 1;
			if (first >= m->nids && !m->complete &&
			    (st = model_fill_upto(m, first + MODEL_UNREAD_CHUNK, -1, cause)) != LDN_OK)
				return st;
			if (first >= m->nids)
				return LDN_OK;
			n = m->nids - first < MODEL_UNREAD_CHUNK ? m->nids - first : MODEL_UNREAD_CHUNK;
		} else {
			if (from == 0 || from > m->nids)
				return LDN_OK;
			n = from < MODEL_UNREAD_CHUNK ? from : MODEL_UNREAD_CHUNK;
			first = from - n;
		}
		model_ids_of(m, first, n, ids);
		if ((st = store_unread_ids(m->s, ids, n, &unread, &nunread, cause)) != LDN_OK)
			return st;
		for (i = 0; i < n && nunread > 0 && *row == SIZE_MAX; i++) {
			size_t k = forward ? i : n - 1 - i;
			if (store_ids_have(unread, nunread, ids[k]))
				*row = first + k;
		}
		free(unread);
		if (*row != SIZE_MAX)
			return LDN_OK;
		from = forward ? first + n - 1 : first;
	}
}

int
model_scan(struct store *s, const char *const *feeds, size_t n,
	   const struct source *sources, size_t nsources,
	   int (*fn)(const struct article *a, void *payload), void *payload, char **cause)
{
	struct store_stream *ss;
	struct article *a = NULL;
	int st = store_stream_open(&ss, s, feeds, n, cause);

	while (st == LDN_OK && (st = store_stream_next(ss, &a, cause)) == LDN_OK && a != NULL) {
		if (model_lay(sources, nsources, a) != LDN_OK)
			st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
		else
			st = fn(a, payload);
		article_free(a);
	}
	store_stream_free(ss);
	return st;
}

bool
model_changed(struct model *m, const char *const *urls, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < m->nfeeds; j++)
			if (strcmp(urls[i], m->feeds[j]) == 0) {
				model_restart(m);
				return true;
			}
	return false;
}

/* ---- counts of the whole cache ---- */

/* A feed with articles whose source lays tags: how many of its articles
 * already carry each of them (so laying adds nothing there). */
struct model_laid {
	const struct source *src;
	size_t total;
	size_t *covered;            /* per src->tags[i] */
};

struct model_count_run {
	struct model_counts *out;
	const struct source *sources;
	size_t nsources, feeds;
	struct query_tag_counter *tags;
	struct model_laid *laid;
	size_t nlaid;
};

static int
model_count_feed(const char *url, size_t total, size_t unread, void *payload)
{
	struct model_count_run *r = payload;
	const struct source *src = source_find(r->sources, r->nsources, url);
	struct model_laid *l;

	r->out->total += total;
	r->out->unread += unread;
	r->feeds++;
	if (src == NULL || src->ntags == 0)
		return LDN_OK;
	if ((l = realloc(r->laid, (r->nlaid + 1) * sizeof(*l))) == NULL)
		return LDN_ENOMEM;
	r->laid = l;
	l = &r->laid[r->nlaid];
	*l = (struct model_laid){src, total, calloc(src->ntags, sizeof(*l->covered))};
	if (l->covered == NULL)
		return LDN_ENOMEM;
	r->nlaid++;
	return LDN_OK;
}

static int
model_count_tag(const char *url, const char *tag, size_t count, void *payload)
{
	struct model_count_run *r = payload;
	const struct source *src;
	size_t i, j;

	if (query_tag_counter_add_n(r->tags, tag, count) != LDN_OK)
		return LDN_ENOMEM;
	if (r->nlaid == 0 || (src = source_find(r->sources, r->nsources, url)) == NULL)
		return LDN_OK;
	/* Laying a tag an article carries (the same bytes) adds nothing. */
	for (i = 0; i < r->nlaid; i++)
		for (j = 0; r->laid[i].src == src && j < src->ntags; j++)
			if (strcmp(src->tags[j], tag) == 0)
				r->laid[i].covered[j] += count;
	return LDN_OK;
}

int
model_count(struct store *s, const char *const *feeds, size_t n,
	    const struct source *sources, size_t nsources, struct model_counts *out,
	    char **cause)
{
	struct model_count_run r = {.out = out, .sources = sources, .nsources = nsources};
	size_t i, j;
	int st;

	memset(out, 0, sizeof(*out));
	if (query_tag_counter_new(&r.tags) != LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	st = store_feed_counts(s, feeds, n, model_count_feed, &r, cause);
	if (st == LDN_OK)
		st = store_tag_counts(s, feeds, n, model_count_tag, &r, cause);
	/* The sources' tags, on each article of theirs that lacks them. */
	for (i = 0; st == LDN_OK && i < r.nlaid; i++)
		for (j = 0; st == LDN_OK && j < r.laid[i].src->ntags; j++)
			st = query_tag_counter_add_n(r.tags, r.laid[i].src->tags[j],
						     r.laid[i].total - r.laid[i].covered[j]);
	if (st == LDN_ENOMEM && (cause == NULL || *cause == NULL))
		(void)ldn_cause(cause, LDN_ENOMEM, "out of memory");
	if (st == LDN_OK) {
		out->multi_feed = r.feeds > 1;
		query_tag_counter_take(r.tags, &out->tags, &out->ntags);
	}
	query_tag_counter_free(r.tags);
	for (i = 0; i < r.nlaid; i++)
		free(r.laid[i].covered);
	free(r.laid);
	return st;
}

void
model_counts_free(struct model_counts *c)
{
	query_tags_free_owned(c->tags, c->ntags);
	memset(c, 0, sizeof(*c));
}
