/*
 * support.c - the helpers the cmocka tests share; see support.h.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* nftw; the UI tests bring ncursesw's own */
#endif

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "feed_parse.h"
#include "fetch.h"
#include "support.h"

#ifndef LDN_TEST_DATA
#define LDN_TEST_DATA "tests/data"
#endif

/* ---- files ---- */

char *
ts_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL, *grown;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	do {
		if (cap - n < 4096) {
			cap = cap == 0 ? 8192 : cap * 2;
			grown = realloc(data, cap);
			assert_non_null(grown);
			data = grown;
		}
		got = fread(data + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f))
		fail_msg("cannot read %s", path);
	fclose(f);
	data[n] = '\0';
	if (len != NULL)
		*len = n;
	return data;
}

void
ts_spit(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		fail_msg("cannot create %s: %s", path, strerror(errno));
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

const char *
ts_data_path(const char *fmt, ...)
{
	static char paths[4][4096];
	static unsigned next;
	char *p = paths[next++ % 4];
	size_t used;
	va_list ap;
	int n;

	used = (size_t)snprintf(p, sizeof(paths[0]), "%s/", LDN_TEST_DATA);
	assert_true(used < sizeof(paths[0]));
	va_start(ap, fmt);
	n = vsnprintf(p + used, sizeof(paths[0]) - used, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(paths[0]) - used);
	return p;
}

/* ---- temporary directories ---- */

char *
ts_tmpdir(const char *tag)
{
	size_t size = strlen(tag) + sizeof("/tmp/ldnews--XXXXXX");
	char *dir = malloc(size);

	assert_non_null(dir);
	snprintf(dir, size, "/tmp/ldnews-%s-XXXXXX", tag);
	if (mkdtemp(dir) == NULL)
		fail_msg("mkdtemp %s: %s", dir, strerror(errno));
	return dir;
}

static int
rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	(void)remove(path);
	return 0; /* on to the rest; ts_rmtree checks what is left */
}

int
ts_rmtree(const char *path)
{
	struct stat sb;

	(void)nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return lstat(path, &sb) != 0 && errno == ENOENT ? 0 : -1;
}

/* ---- stderr ---- */

void
ts_stderr_begin(struct ts_stderr *c)
{
	c->tmp = tmpfile();
	assert_non_null(c->tmp);
	fflush(stderr);
	c->saved = dup(STDERR_FILENO);
	assert_true(c->saved >= 0);
	assert_true(dup2(fileno(c->tmp), STDERR_FILENO) >= 0);
}

long
ts_stderr_end(struct ts_stderr *c)
{
	long size;

	fflush(stderr);
	assert_true(dup2(c->saved, STDERR_FILENO) >= 0);
	close(c->saved);
	size = fseek(c->tmp, 0, SEEK_END) == 0 ? ftell(c->tmp) : -1;
	fclose(c->tmp);
	c->tmp = NULL;
	c->saved = -1;
	return size;
}

/* ---- costs ---- */

static double
ts_cpu_seconds(void)
{
	struct timespec t;

	assert_int_equal(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t), 0);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double
ts_time(ts_work_fn fn, void *arg, size_t n)
{
	double t0 = ts_cpu_seconds();

	fn(n, arg);
	return ts_cpu_seconds() - t0;
}

void
ts_assert_linear(const char *what, ts_work_fn fn, void *arg, size_t n)
{
	double small = -1, big = -1, t;
	int run;

	/* Alternated, so that a busy spell of the machine (other processes
	 * crowding the caches) weighs on both sizes alike. */
	for (run = 0; run < 3; run++) {
		if ((t = ts_time(fn, arg, n)) < small || small < 0)
			small = t;
		if ((t = ts_time(fn, arg, n * 10)) < big || big < 0)
			big = t;
	}
	print_message("%s: %zu: %.3f s, %zu: %.3f s (x%.1f)\n", what, n, small, n * 10, big,
		      small > 0 ? big / small : 0.0);
	/* Linear is x10 and quadratic x100: x20 tells them apart with room
	 * for a machine busy with other work (scripts/stress-test). */
	if (big > 20 * small)
		fail_msg("%s: not linear: %.3f s at %zu, %.3f s at %zu", what, small, n, big,
			 n * 10);
}

/* ---- the feed parser ---- */

void
ts_result_free(struct ts_result *r)
{
	feed_free(r->feed);
	free(r->warning);
	free(r->cause);
	memset(r, 0, sizeof(*r));
}

void
ts_parse_chunked(const char *url, const char *data, size_t len, size_t chunk,
		 unsigned flags, struct ts_result *r)
{
	struct feed_parser *p;
	size_t off, n;

	memset(r, 0, sizeof(*r));
	assert_int_equal(feed_parse_new(&p, url, flags), LDN_OK);
	if (chunk == 0)
		chunk = len;
	for (off = 0; off < len; off += n) {
		n = len - off < chunk ? len - off : chunk;
		(void)feed_parse_push(p, data + off, n);
	}
	r->st = feed_parse_finish(p, &r->feed, &r->warning, &r->cause);
	feed_parse_free(p);
}

void
ts_parse_file(const char *url, const char *name, unsigned flags, struct ts_result *r)
{
	size_t len;
	char *data = ts_slurp(ts_data_path("feeds/%s", name), &len);

	ts_parse_chunked(url, data, len, 0, flags, r);
	free(data);
}

char *
ts_feed_dump(const struct feed *f)
{
	struct buf b;
	size_t i, j;
	char *s;

	buf_init(&b, (size_t)64 << 20);
#define P(...) assert_int_equal(buf_printf(&b, __VA_ARGS__), LDN_OK)
	P("feed title=%s link=%s desc=%s url=%s format=%s ttl=%ld\n", f->title,
	  f->link ? f->link : "(null)", f->description ? f->description : "(null)",
	  f->url, f->format ? f->format : "(null)", f->ttl_minutes);
	for (i = 0; i < f->articles.len; i++) {
		const struct article *a = f->articles.items[i];

		P("[%zu] feed=%s url=%s id=%s title=%s link=%s author=%s pub=%d:%lld\n",
		  i, a->feed, a->feed_url, a->id, a->title, a->link ? a->link : "(null)",
		  a->author ? a->author : "(null)", a->has_published,
		  (long long)a->published);
		for (j = 0; j < a->ntags; j++)
			P(" tag=%s\n", a->tags[j]);
		for (j = 0; j < a->nenclosures; j++)
			P(" enc=%s %s %lld\n", a->enclosures[j].url,
			  a->enclosures[j].type ? a->enclosures[j].type : "(null)",
			  a->enclosures[j].length);
		P(" summary(%d)=%s\n content(%d)=%s\n", a->summary_fmt,
		  a->summary ? a->summary : "(null)", a->content_fmt,
		  a->content ? a->content : "(null)");
	}
#undef P
	s = buf_detach(&b);
	assert_non_null(s);
	return s;
}

void
ts_field_str(const struct feed *f, size_t idx, enum ts_field fl, struct buf *b)
{
	const struct article *a;
	size_t j;

	buf_reset(b);
	if (fl == TS_F_FEED_LINK || fl == TS_F_FEED_DESC) {
		const char *s = fl == TS_F_FEED_LINK ? f->link : f->description;

		assert_int_equal(buf_puts(b, s ? s : "(null)"), LDN_OK);
		return;
	}
	assert_true(idx < f->articles.len);
	a = f->articles.items[idx];
	switch (fl) {
	case TS_F_ID: assert_int_equal(buf_puts(b, a->id), LDN_OK); break;
	case TS_F_TITLE: assert_int_equal(buf_puts(b, a->title), LDN_OK); break;
	case TS_F_FEED: assert_int_equal(buf_puts(b, a->feed), LDN_OK); break;
	case TS_F_LINK:
		assert_int_equal(buf_puts(b, a->link ? a->link : "(null)"), LDN_OK);
		break;
	case TS_F_AUTHOR:
		assert_int_equal(buf_puts(b, a->author ? a->author : "(null)"), LDN_OK);
		break;
	case TS_F_PUB:
		if (a->has_published)
			assert_int_equal(buf_printf(b, "%lld", (long long)a->published), LDN_OK);
		else
			assert_int_equal(buf_puts(b, "none"), LDN_OK);
		break;
	case TS_F_TAGS:
		for (j = 0; j < a->ntags; j++)
			assert_int_equal(buf_printf(b, "%s%s", j ? "|" : "", a->tags[j]), LDN_OK);
		break;
	case TS_F_ENCL:
		for (j = 0; j < a->nenclosures; j++)
			assert_int_equal(buf_printf(b, "%s%s %s %lld", j ? "|" : "",
						    a->enclosures[j].url,
						    a->enclosures[j].type ? a->enclosures[j].type : "-",
						    a->enclosures[j].length), LDN_OK);
		break;
	case TS_F_SUMMARY:
	case TS_F_CONTENT: {
		const char *s = fl == TS_F_SUMMARY ? a->summary : a->content;
		enum article_fmt fmt = fl == TS_F_SUMMARY ? a->summary_fmt : a->content_fmt;

		if (s == NULL)
			assert_int_equal(buf_puts(b, "(null)"), LDN_OK);
		else
			assert_int_equal(buf_printf(b, "%s:%s",
						    fmt == ARTICLE_FMT_HTML ? "html" : "text", s),
					 LDN_OK);
		break;
	}
	default:
		fail();
	}
}

void
ts_check_fields(const char *url, const struct ts_field_row *rows, size_t n)
{
	struct ts_result r;
	struct buf b;
	const char *cur = NULL;
	size_t i;

	memset(&r, 0, sizeof(r));
	buf_init(&b, (size_t)1 << 24);
	for (i = 0; i < n; i++) {
		const struct ts_field_row *row = &rows[i];
		const char *got;
		bool ok;

		if (cur == NULL || strcmp(cur, row->file) != 0) {
			ts_result_free(&r);
			ts_parse_file(url, row->file, 0, &r);
			assert_int_equal(r.st, LDN_OK);
			cur = row->file;
		}
		ts_field_str(r.feed, row->idx, row->field, &b);
		got = buf_cstr(&b);
		if (row->want[0] == '~')
			ok = strstr(got, row->want + 1) != NULL;
		else
			ok = strcmp(got, row->want) == 0;
		if (!ok)
			fail_msg("%s[%zu] field %d: got \"%s\" want \"%s\"", row->file,
				 row->idx, (int)row->field, got, row->want);
	}
	ts_result_free(&r);
	buf_free(&b);
}

/* ---- the loopback server ---- */

char *
ts_server_url(const char *path)
{
	const char *base = getenv("LDN_TEST_URL");
	struct buf b;

	assert_non_null(base);
	buf_init(&b, 4096);
	assert_int_equal(buf_printf(&b, "%s%s", base, path), LDN_OK);
	return buf_detach(&b);
}

static int
keep_sink(const char *data, size_t len, void *payload)
{
	return buf_append(payload, data, len);
}

/* Points /alias/<name> at a server path. */
void
ts_alias(const char *name, const char *to)
{
	struct fetch_response resp;
	struct buf b, body;
	char *url, *cause = NULL;
	const char *p;

	buf_init(&b, 4096);
	assert_int_equal(buf_printf(&b, "/control/alias/%s?to=", name), LDN_OK);
	for (p = to; *p != '\0'; p++)
		assert_int_equal(buf_printf(&b, "%%%02X", (unsigned char)*p), LDN_OK);
	url = ts_server_url(buf_cstr(&b));
	buf_init(&body, 4096);
	assert_int_equal(fetch_run(url, NULL, keep_sink, &body, &resp, &cause), LDN_OK);
	assert_int_equal(resp.status, 200);
	assert_string_equal(buf_cstr(&body), "ok\n");
	fetch_response_free(&resp);
	buf_free(&body);
	buf_free(&b);
	free(url);
}

