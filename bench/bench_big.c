/*
 * bench_big - a cache of a million articles, and what reading it costs
 * (bench/big.py drives it; not a test).
 *
 *   bench_big fill CACHE FEEDS ITEMS
 *
 * Merges FEEDS synthetic feeds of ITEMS articles each into CACHE (no
 * retention: every article is kept), then indexes them all for search:
 * deterministic London-Daily-like articles (a headline, a standfirst, a
 * body of about 1.2 KB of HTML, two tags of 24), no XML parsed, so a
 * million articles take minutes, not the hour a million-item feed would.
 *
 *   bench_big ops CACHE FEEDS
 *
 * Times what a reader asks of the cache, one line each ("what ms=..."):
 * open, the first screen (store_load_head, 50 rows), a full stream of
 * every article in view order (and the peak resident memory after it),
 * a search, one body, and the whole list loaded in memory (store_load,
 * what the reader's refresh worker does today) with its peak memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "article.h"
#include "model.h"
#include "store.h"

#define BIG_T0 1764720000L /* 2025-12-03 */

static const char *const big_words[] = {
	"minister", "council", "budget", "winter", "fuel", "river", "transport",
	"strike", "hospital", "market", "election", "police", "housing", "energy",
	"school", "theatre", "football", "weather", "court", "museum", "bank",
	"rail", "airport", "festival", "union", "borough", "mayor", "report",
};
#define BIG_NWORDS (sizeof(big_words) / sizeof(big_words[0]))

static const char *const big_tags[] = {
	"UK", "World", "Politics", "Business", "Tech", "Sport", "Culture", "London",
	"Science", "Health", "Money", "Travel", "Climate", "Education", "Crime",
	"Transport", "Housing", "Arts", "Opinion", "US", "Europe", "Asia", "Africa",
	"Food",
};
#define BIG_NTAGS (sizeof(big_tags) / sizeof(big_tags[0]))

static double
big_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long
big_maxrss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* xorshift: the same cache on every machine. */
static unsigned long long
big_rand(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static char *
big_words_text(unsigned long long *r, size_t n, const char *sep)
{
	char *out = malloc(n * 16 + 1);
	size_t i, len = 0;

	if (out == NULL)
		abort();
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(out + len, "%s%s", i ? sep : "",
				       big_words[big_rand(r) % BIG_NWORDS]);
	return out;
}

static struct article *
big_article(unsigned long long *r, size_t feed, size_t i)
{
	struct article *a = article_new();
	char buf[2048], *w;
	size_t len = 0, p;

	if (a == NULL)
		abort();
	snprintf(buf, sizeof(buf), "https://big.example/%zu/%zu", feed, i);
	a->id = strdup(buf);
	a->link = strdup(buf);
	w = big_words_text(r, 8, " ");
	snprintf(buf, sizeof(buf), "%zu %s", i, w);
	free(w);
	a->title = strdup(buf);
	a->summary = big_words_text(r, 20, " ");
	a->summary_fmt = ARTICLE_FMT_TEXT;
	for (p = 0; p < 8; p++) {
		w = big_words_text(r, 20, " ");
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "<p>%s.</p>", w);
		free(w);
	}
	a->content = strdup(buf);
	a->content_fmt = ARTICLE_FMT_HTML;
	a->author = strdup("Staff reporter");
	/* Feeds interleave in time, as a reader's do. */
	a->published = BIG_T0 - (time_t)(i * 600 + feed * 7);
	a->has_published = true;
	if (a->id == NULL || a->link == NULL || a->title == NULL || a->content == NULL ||
	    a->author == NULL || article_add_tag(a, big_tags[big_rand(r) % BIG_NTAGS]) ||
	    article_add_tag(a, big_tags[big_rand(r) % BIG_NTAGS]))
		abort();
	return a;
}

static int
big_fill_feed(struct store *s, size_t feed, size_t items)
{
	unsigned long long r = 0x9E3779B97F4A7C15ULL ^ (feed + 1);
	struct store_merge *m;
	struct feed f = {0};
	char url[64], title[64], *cause = NULL;
	bool held;
	size_t i;
	int st;

	snprintf(url, sizeof(url), "https://big.example/feed/%zu.xml", feed);
	snprintf(title, sizeof(title), "Big feed %zu", feed);
	f.url = url;
	f.title = title;
	if ((st = store_merge_begin(&m, s, url, BIG_T0, &cause)) != LDN_OK)
		goto fail;
	for (i = 0; i < items; i++) {
		struct article *a = big_article(&r, feed, i);
		st = store_merge_article(m, a, &held, &cause);
		if (held)
			abort(); /* every id is new: nothing is held */
		article_free(a);
		if (st != LDN_OK) {
			store_merge_abort(m);
			goto fail;
		}
	}
	if ((st = store_merge_end(m, &f, NULL, NULL, &cause)) == LDN_OK)
		return 0;
fail:
	fprintf(stderr, "bench_big: %s\n", cause ? cause : "error");
	free(cause);
	return 1;
}

static int
big_fill(const char *path, size_t feeds, size_t items)
{
	struct store_limits lim = {0, 0};
	struct store *s;
	char *cause = NULL;
	size_t f, left;
	double t = big_ms();

	if (store_open(&s, path, STORE_NO_CHECK, &cause) != LDN_OK) {
		fprintf(stderr, "bench_big: %s\n", cause);
		return 1;
	}
	store_set_limits(s, &lim);
	for (f = 0; f < feeds; f++)
		if (big_fill_feed(s, f, items) != 0)
			return 1;
	printf("merge ms=%.0f articles=%zu\n", big_ms() - t, feeds * items);
	t = big_ms();
	if (store_index_pending(s, (size_t)-1, &left, &cause) != LDN_OK) {
		fprintf(stderr, "bench_big: %s\n", cause);
		return 1;
	}
	printf("index ms=%.0f\n", big_ms() - t);
	store_close(s);
	return 0;
}

/* The cache's feeds, as a reader's config names them. */
static char **
big_urls(size_t n)
{
	char **urls = calloc(n ? n : 1, sizeof(*urls));
	char buf[64];
	size_t i;

	for (i = 0; urls != NULL && i < n; i++) {
		snprintf(buf, sizeof(buf), "https://big.example/feed/%zu.xml", i);
		if ((urls[i] = strdup(buf)) == NULL)
			abort();
	}
	if (urls == NULL)
		abort();
	return urls;
}

/* One screen of the model: `rows` rows found (within the budget a key
 * has) and their articles read; prints "what ms=... rows=...". */
static int
big_screen(struct model *m, const char *what, const struct model_filter *f, char **cause)
{
	const struct article *a;
	double t = big_ms();
	size_t i;

	if (model_set_filter(m, f) != LDN_OK || model_fill(m, 50, 12, cause) != LDN_OK)
		return 1;
	for (i = 0; i < 50 && i < model_rows(m); i++)
		if (model_article(m, i, &a, cause) != LDN_OK)
			return 1;
	printf("%s ms=%.2f rows=%zu\n", what, big_ms() - t, model_rows(m));
	return 0;
}

/* What the reader model costs: the first screen, a tag filter, each
 * keystroke of a search, opening an article, and finding every row. */
static int
big_model(struct store *s, char **urls, size_t nurls, char **cause)
{
	static const char *const uk[] = {"UK"};
	static const char *const keys[] = {"w", "wi", "win", "wint", "winte", "winter",
					   "winter ", "winter f", "winter fu", "winter fue",
					   "winter fuel"};
	struct model_filter f = {.feeds = (const char *const *)urls, .nfeeds = nurls};
	const struct article *a;
	struct article *open;
	struct model *m;
	char what[32];
	double t;
	size_t i;

	t = big_ms();
	if (model_new(&m, s) != LDN_OK || big_screen(m, "model_first_screen", &f, cause))
		return 1;
	printf("model_first_screen_total ms=%.2f\n", big_ms() - t);
	t = big_ms();
	if (model_article(m, 10, &a, cause) != LDN_OK || a == NULL ||
	    (open = article_new()) == NULL)
		return 1;
	open->store_id = a->store_id;
	if (store_load_content(s, open, cause) != LDN_OK)
		return 1;
	printf("model_open_article ms=%.2f\n", big_ms() - t);
	article_free(open);
	f.tags = uk;
	f.ntags = 1;
	if (big_screen(m, "model_tag_filter", &f, cause))
		return 1;
	f.tags = NULL;
	f.ntags = 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		f.find = keys[i];
		snprintf(what, sizeof(what), "model_key_%zu", i + 1);
		if (big_screen(m, what, &f, cause))
			return 1;
	}
	f.find = NULL;
	t = big_ms();
	if (model_set_filter(m, &f) != LDN_OK || model_fill(m, (size_t)-1, 1L << 30, cause))
		return 1;
	printf("model_all_rows ms=%.0f rows=%zu maxrss_kb=%ld\n", big_ms() - t, model_rows(m),
	       big_maxrss_kb());
	model_free(m);
	return 0;
}

static int
big_ops(const char *path, size_t nurls)
{
	struct article_list head = {0}, all = {0};
	struct store_stream *ss;
	struct store *s;
	struct article *a;
	char *cause = NULL;
	long long *ids = NULL, id = 0;
	size_t n = 0, nids = 0;
	char **urls = big_urls(nurls);
	double t = big_ms();

	if (store_open(&s, path, STORE_NO_CHECK, &cause) != LDN_OK)
		goto fail;
	printf("open ms=%.2f\n", big_ms() - t);
	/* The model first, as a reader starts: nothing read before it. */
	if (big_model(s, urls, nurls, &cause) != 0)
		goto fail;
	t = big_ms();
	if (store_load_head(s, (const char *const *)urls, nurls, 50, &head, &cause) != LDN_OK)
		goto fail;
	printf("first_screen ms=%.2f rows=%zu\n", big_ms() - t, head.len);
	article_list_free(&head);
	t = big_ms();
	if (store_load_head(s, (const char *const *)urls, nurls, 50, &head, &cause) != LDN_OK)
		goto fail;
	printf("first_screen_again ms=%.2f\n", big_ms() - t);
	if (head.len > 0)
		id = head.items[0]->store_id;
	t = big_ms();
	if (head.len > 0 && store_load_content(s, head.items[0], &cause) != LDN_OK)
		goto fail;
	printf("open_article ms=%.2f\n", big_ms() - t);
	article_list_free(&head);
	t = big_ms();
	if (store_stream_open(&ss, s, (const char *const *)urls, nurls, &cause) != LDN_OK)
		goto fail;
	while (store_stream_next(ss, &a, &cause) == LDN_OK && a != NULL) {
		if (n == 0)
			printf("stream_first_row ms=%.2f\n", big_ms() - t);
		n++;
		article_free(a);
	}
	store_stream_free(ss);
	printf("stream ms=%.0f rows=%zu maxrss_kb=%ld\n", big_ms() - t, n, big_maxrss_kb());
	t = big_ms();
	if (store_search(s, "winter fuel", &ids, &nids, &cause) != LDN_OK)
		goto fail;
	printf("search ms=%.1f hits=%zu\n", big_ms() - t, nids);
	free(ids);
	t = big_ms();
	if (store_load(s, &all, &cause) != LDN_OK)
		goto fail;
	printf("load_all ms=%.0f rows=%zu maxrss_kb=%ld\n", big_ms() - t, all.len,
	       big_maxrss_kb());
	article_list_free(&all);
	(void)id;
	store_close(s);
	return 0;
fail:
	fprintf(stderr, "bench_big: %s\n", cause ? cause : "error");
	return 1;
}

int
main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "fill") == 0)
		return big_fill(argv[2], strtoul(argv[3], NULL, 10), strtoul(argv[4], NULL, 10));
	if (argc == 4 && strcmp(argv[1], "ops") == 0)
		return big_ops(argv[2], strtoul(argv[3], NULL, 10));
	fprintf(stderr, "usage: bench_big fill CACHE FEEDS ITEMS | bench_big ops CACHE FEEDS\n");
	return 2;
}
