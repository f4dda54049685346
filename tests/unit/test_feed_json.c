/*
 * Unit tests for JSON Feed reading (feed_json.c behind feed_parse's push
 * API), driven by the fixtures tests/data/feeds/json*.json: per-document
 * results (count, title, format, warning or cause), chosen fields, byte-at-
 * a-time pushing, SKIP_CONTENT, the article callback, the id fallback shared
 * with XML, hostile strings (NUL, controls, bad UTF-8, bidi), wrong member
 * types, nesting depth, field caps and the base for relative URLs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "feed_parse.h"
#include "support.h"

#define FEED_URL "https://londondaily.com/feed.json"
#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

static const struct doc_row {
	const char *file;
	int st;
	size_t count;
	const char *title;   /* feed title on success */
	const char *format;
	const char *warning; /* substring of the warning; NULL: no warning */
	const char *cause;   /* the cause on failure, exactly */
} doc_rows[] = {
	{"json11.json", LDN_OK, 5, "London Daily (JSON)", "JSON Feed 1.1", NULL, NULL},
	{"json10.json", LDN_OK, 2, "London Daily Classic", "JSON Feed 1.0", NULL, NULL},
	{"json-minimal.json", LDN_OK, 1, "", "JSON Feed 1.1", NULL, NULL},
	/* an id two items share: the second is "<id>#2", as for XML; an
	 * item whose own id is now taken gets its "#2" in turn */
	{"json-dup-ids.json", LDN_OK, 3, "London Daily Live", "JSON Feed 1.1", NULL, NULL},
	{"json-future.json", LDN_OK, 1, "Future", "JSON Feed", NULL, NULL},
	{"json-bom.json", LDN_OK, 1, "BOM and blanks", "JSON Feed 1.1", NULL, NULL},
	{"json-deep-ok.json", LDN_OK, 1, "Deep but fine", "JSON Feed 1.1", NULL, NULL},
	{"json-hostile.json", LDN_OK, 5, "Hostile feed", "JSON Feed 1.1", NULL, NULL},
	{"json-trailing.json", LDN_OK, 1, "Trailing", "JSON Feed 1.1",
	 "feed: data after the JSON document (byte offset 110) ignored", NULL},
	{"json-wrongtypes.json", LDN_OK, 3, "", "JSON Feed 1.1",
	 "feed: \"title\" ignored (an array, not a string)", NULL},
	{"json-items-wrong.json", LDN_OK, 0, "Items is an object", "JSON Feed 1.1",
	 "feed: \"items\" ignored (an object, not an array)", NULL},
	{"json-noversion.json", LDN_EPARSE, 0, NULL, NULL, NULL,
	 "not a JSON Feed (no jsonfeed.org version)"},
	{"json-badversion.json", LDN_EPARSE, 0, NULL, NULL, NULL,
	 "not a JSON Feed (no jsonfeed.org version)"},
	{"json-truncated.json", LDN_EPARSE, 0, NULL, NULL, NULL,
	 "JSON document ends early (truncated) after 154 bytes"},
	{"json-malformed.json", LDN_EPARSE, 0, NULL, NULL, NULL,
	 "malformed JSON at byte offset 157: object value separator ',' expected"},
	{"json-deep.json", LDN_EPARSE, 0, NULL, NULL, NULL,
	 "JSON nested deeper than 64 levels at byte offset 134"},
};

static void
test_documents(void **state)
{
	struct ts_result r;
	size_t i;

	(void)state;
	for (i = 0; i < NROWS(doc_rows); i++) {
		const struct doc_row *d = &doc_rows[i];

		ts_parse_file(FEED_URL, d->file, 0, &r);
		if (r.st != d->st)
			fail_msg("%s: status %d want %d (cause %s)", d->file, r.st, d->st,
				 r.cause ? r.cause : "-");
		if (d->st != LDN_OK) {
			assert_null(r.feed);
			assert_non_null(r.cause);
			if (strcmp(r.cause, d->cause) != 0)
				fail_msg("%s: cause \"%s\"", d->file, r.cause);
			ts_result_free(&r);
			continue;
		}
		if (r.feed->articles.len != d->count)
			fail_msg("%s: %zu articles want %zu", d->file,
				 r.feed->articles.len, d->count);
		assert_string_equal(r.feed->title, d->title);
		assert_string_equal(r.feed->format, d->format);
		assert_string_equal(r.feed->url, FEED_URL);
		assert_int_equal(r.feed->ttl_minutes, 0);
		if (d->warning == NULL && r.warning != NULL)
			fail_msg("%s: unexpected warning \"%s\"", d->file, r.warning);
		if (d->warning != NULL && (r.warning == NULL || strstr(r.warning, d->warning) == NULL))
			fail_msg("%s: warning \"%s\"", d->file, r.warning ? r.warning : "(none)");
		ts_result_free(&r);
	}
}

static const struct ts_field_row field_rows[] = {
	{"json-dup-ids.json", 0, TS_F_ID, "live-2024-09-12"},
	{"json-dup-ids.json", 1, TS_F_ID, "live-2024-09-12#2"},
	{"json-dup-ids.json", 2, TS_F_ID, "live-2024-09-12#2#2"},
	/* JSON Feed 1.1 */
	{"json11.json", 0, TS_F_FEED_LINK, "https://londondaily.com/"},
	{"json11.json", 0, TS_F_FEED_DESC, "Focus on the big picture."},
	{"json11.json", 0, TS_F_FEED, "London Daily (JSON)"},
	{"json11.json", 0, TS_F_ID, "ld-2024-0912-001"},
	{"json11.json", 0, TS_F_TITLE, "China's Tech Sector Focuses on AI Race with US Titans like Google & Microsoft"},
	{"json11.json", 0, TS_F_LINK, "https://londondaily.com/china-tech-sector-ai-race"},
	{"json11.json", 0, TS_F_AUTHOR, "Staff Reporter, Second Writer"},
	{"json11.json", 0, TS_F_PUB, "1726133400"},
	{"json11.json", 0, TS_F_TAGS, "ANT|Technology"},
	{"json11.json", 0, TS_F_ENCL, "https://londondaily.com/media/ai-race.mp3 audio/mpeg 1234567|"
				      "https://cdn.londondaily.com/ai-race.jpg image/jpeg -1|"
				      "https://londondaily.com/media/ai-race.m4a audio/mp4 2048"},
	{"json11.json", 0, TS_F_SUMMARY, "text:China's tech sector is focusing on competing with US titans."},
	{"json11.json", 0, TS_F_CONTENT, "html:<p>Billionaire entrepreneurs are raising <b>$50 million</b>.</p>"},
	{"json11.json", 1, TS_F_ID, "20240911"},
	{"json11.json", 1, TS_F_LINK, "https://example.org/sogou-founder"},
	{"json11.json", 1, TS_F_AUTHOR, "London Daily Desk"},
	{"json11.json", 1, TS_F_PUB, "1726074300"},
	{"json11.json", 1, TS_F_SUMMARY, "(null)"},
	{"json11.json", 1, TS_F_CONTENT, "text:Line one\nLine two <not a tag>"},
	{"json11.json", 1, TS_F_TAGS, ""},
	{"json11.json", 2, TS_F_ID, "3.50"},
	{"json11.json", 2, TS_F_TITLE, ""},
	{"json11.json", 2, TS_F_PUB, "1725948900"},
	{"json11.json", 2, TS_F_LINK, "https://londondaily.com/preqin?a=1&b=2"},
	{"json11.json", 3, TS_F_ID, "https://londondaily.com/id-from-link"},
	{"json11.json", 4, TS_F_LINK, "(null)"},
	{"json11.json", 4, TS_F_PUB, "1725868800"},
	{"json11.json", 4, TS_F_SUMMARY, "text:Hashed like an XML item."},
	{"json11.json", 4, TS_F_CONTENT, "(null)"},
	/* JSON Feed 1.0: author objects */
	{"json10.json", 0, TS_F_FEED_LINK, "https://londondaily.com/"},
	{"json10.json", 0, TS_F_FEED_DESC, "(null)"},
	{"json10.json", 0, TS_F_AUTHOR, "Business Editor"},
	{"json10.json", 0, TS_F_PUB, "1725786000"},
	{"json10.json", 0, TS_F_TAGS, "Economy"},
	{"json10.json", 0, TS_F_CONTENT, "html:<p>The Chinese government is likely to mobilize the nation's resources.</p>"},
	{"json10.json", 1, TS_F_AUTHOR, "Classic Desk"},
	{"json10.json", 1, TS_F_SUMMARY, "text:Uses the feed's author."},
	{"json10.json", 1, TS_F_CONTENT, "text:Plain body."},
	{"json10.json", 1, TS_F_PUB, "none"},
	/* minimal and odd */
	{"json-minimal.json", 0, TS_F_ID, "only"},
	{"json-minimal.json", 0, TS_F_TITLE, ""},
	{"json-minimal.json", 0, TS_F_CONTENT, "text:x"},
	{"json-minimal.json", 0, TS_F_FEED_LINK, "(null)"},
	{"json-bom.json", 0, TS_F_TITLE, "After a BOM"},
	{"json-trailing.json", 0, TS_F_TITLE, "Kept"},
	/* hostile strings: what XML could not carry is dropped or replaced */
	{"json-hostile.json", 0, TS_F_TITLE, "NUL inside, BEL, ESC[31m, tab and CR kept"},
	{"json-hostile.json", 0, TS_F_CONTENT, "text:ab\nc"},
	{"json-hostile.json", 1, TS_F_TITLE, "C1 \xc2\x9b" "31m and bidi \xe2\x80\xaetxet\xe2\x80\xac and DEL \x7f pass the parser"},
	{"json-hostile.json", 2, TS_F_TITLE, "raw \xef\xbf\xbd\xef\xbf\xbd bytes \xef\xbf\xbd and \xef\xbf\xbd cut"},
	{"json-hostile.json", 2, TS_F_SUMMARY, "text:ok \xc3\xa9 \xef\xbf\xbd kept"},
	{"json-hostile.json", 3, TS_F_TITLE, "lone \xef\xbf\xbd surrogate, pair \xf0\x9f\x98\x80 fine"},
	{"json-hostile.json", 4, TS_F_ID, "rawctl"},
	{"json-hostile.json", 4, TS_F_TITLE, "rawcontrol bytes"},
	/* wrong types: ignored member by member */
	{"json-wrongtypes.json", 0, TS_F_FEED_LINK, "(null)"},
	{"json-wrongtypes.json", 0, TS_F_FEED_DESC, "(null)"},
	{"json-wrongtypes.json", 0, TS_F_TITLE, ""},
	{"json-wrongtypes.json", 0, TS_F_LINK, "(null)"},
	{"json-wrongtypes.json", 0, TS_F_AUTHOR, "(null)"},
	{"json-wrongtypes.json", 0, TS_F_PUB, "none"},
	{"json-wrongtypes.json", 0, TS_F_TAGS, ""},
	{"json-wrongtypes.json", 0, TS_F_ENCL, ""},
	{"json-wrongtypes.json", 0, TS_F_SUMMARY, "(null)"},
	{"json-wrongtypes.json", 0, TS_F_CONTENT, "(null)"},
	{"json-wrongtypes.json", 1, TS_F_ID, "elements"},
	{"json-wrongtypes.json", 1, TS_F_AUTHOR, "Real Name"},
	{"json-wrongtypes.json", 1, TS_F_TAGS, "Kept"},
	{"json-wrongtypes.json", 1, TS_F_ENCL, "https://londondaily.com/ok.mp3 - -1|"
					       "https://londondaily.com/neg.mp3 - -1"},
	{"json-wrongtypes.json", 2, TS_F_TITLE, ""},
	{"json-wrongtypes.json", 2, TS_F_LINK, "(null)"},
};

static void
test_fields(void **state)
{
	(void)state;
	ts_check_fields(FEED_URL, field_rows, NROWS(field_rows));
}

/* Pushing byte by byte gives exactly what one push gives, causes included. */
static void
test_one_byte_chunks(void **state)
{
	struct ts_result whole, bytes;
	size_t i, len;
	char *data, *d1, *d2;

	(void)state;
	for (i = 0; i < NROWS(doc_rows); i++) {
		data = ts_slurp(ts_data_path("feeds/%s", doc_rows[i].file), &len);
		ts_parse_chunked(FEED_URL, data, len, 0, 0, &whole);
		ts_parse_chunked(FEED_URL, data, len, 1, 0, &bytes);
		free(data);
		assert_int_equal(whole.st, bytes.st);
		if (whole.st == LDN_OK) {
			d1 = ts_feed_dump(whole.feed);
			d2 = ts_feed_dump(bytes.feed);
			if (strcmp(d1, d2) != 0)
				fail_msg("%s differs:\n%s\n---\n%s", doc_rows[i].file, d1, d2);
			free(d1);
			free(d2);
		}
		assert_true((whole.warning == NULL) == (bytes.warning == NULL));
		if (whole.warning != NULL)
			assert_string_equal(whole.warning, bytes.warning);
		assert_true((whole.cause == NULL) == (bytes.cause == NULL));
		if (whole.cause != NULL)
			assert_string_equal(whole.cause, bytes.cause);
		ts_result_free(&whole);
		ts_result_free(&bytes);
	}
}

/* Every wrong member is named, up to a bound, then one closing note. */
static void
test_wrong_type_warnings(void **state)
{
	struct ts_result r;
	const char *s;
	size_t parts = 1;

	(void)state;
	ts_parse_file(FEED_URL, "json-wrongtypes.json", 0, &r);
	assert_int_equal(r.st, LDN_OK);
	assert_non_null(r.warning);
	for (s = r.warning; (s = strstr(s, "; ")) != NULL; s += 2)
		parts++;
	assert_int_equal(parts, 9);
	assert_non_null(strstr(r.warning, "feed: \"home_page_url\" ignored (a number, not a string)"));
	assert_non_null(strstr(r.warning, "item 1: \"id\" ignored (an object, not a string)"));
	assert_non_null(strstr(r.warning, "; further problems not reported"));
	ts_result_free(&r);

	/* a few problems are all reported */
	{
		static const char doc[] =
			"{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"T\","
			"\"items\":[{\"id\":\"a\",\"tags\":\"x\"},\"s\",{\"id\":\"b\","
			"\"attachments\":[{\"url\":\"u.mp3\",\"size_in_bytes\":\"9\"}]}]}";

		assert_int_equal(feed_parse_buffer(doc, sizeof(doc) - 1, FEED_URL, 0, &r.feed,
						   &r.warning, &r.cause), LDN_OK);
		assert_string_equal(r.warning,
				    "item 1: \"tags\" ignored (a string, not an array); "
				    "item 2: skipped (a string, not an object); "
				    "item 3: \"size_in_bytes\" ignored (a string, not a number)");
		assert_int_equal(r.feed->articles.len, 2);
		assert_int_equal(r.feed->articles.items[1]->enclosures[0].length, -1);
		ts_result_free(&r);
	}
}

static void
test_skip_content(void **state)
{
	static const char *const files[] = {"json11.json", "json10.json"};
	struct ts_result full, skip;
	size_t i, j, had = 0;

	(void)state;
	for (i = 0; i < NROWS(files); i++) {
		ts_parse_file(FEED_URL, files[i], 0, &full);
		ts_parse_file(FEED_URL, files[i], FEED_PARSE_SKIP_CONTENT, &skip);
		assert_int_equal(skip.st, LDN_OK);
		assert_int_equal(full.feed->articles.len, skip.feed->articles.len);
		for (j = 0; j < skip.feed->articles.len; j++) {
			const struct article *a = full.feed->articles.items[j];
			const struct article *s = skip.feed->articles.items[j];

			had += a->content != NULL;
			assert_null(s->content);
			assert_string_equal(a->title, s->title);
			assert_string_equal(a->id, s->id);
			assert_true((a->summary == NULL) == (s->summary == NULL));
		}
		ts_result_free(&full);
		ts_result_free(&skip);
	}
	assert_true(had >= 5);
}

struct cb_state {
	size_t calls;
	char titles[8][128];
};

static bool
drop_sogou(struct article *a, void *payload)
{
	struct cb_state *cs = payload;

	if (cs->calls < 8)
		snprintf(cs->titles[cs->calls], sizeof(cs->titles[0]), "%s", a->title);
	cs->calls++;
	/* the article is complete when the callback sees it */
	assert_non_null(a->id);
	assert_non_null(a->feed);
	assert_string_equal(a->feed_url, FEED_URL);
	if (strstr(a->title, "Sogou") != NULL)
		return false;
	free(a->content);
	a->content = NULL;
	return true;
}

/* The callback runs for every item, in order, when the document ends. */
static void
test_article_callback(void **state)
{
	struct feed_parser *p;
	struct cb_state cs;
	struct feed *f;
	char *data, *w = NULL, *c = NULL;
	size_t len, half;

	(void)state;
	memset(&cs, 0, sizeof(cs));
	data = ts_slurp(ts_data_path("feeds/json11.json"), &len);
	assert_int_equal(feed_parse_new(&p, FEED_URL, 0), LDN_OK);
	feed_parse_set_article_cb(p, drop_sogou, &cs);
	half = len / 2;
	assert_int_equal(feed_parse_push(p, data, half), LDN_OK);
	assert_int_equal(feed_parse_push(p, data + half, len - half), LDN_OK);
	assert_int_equal(cs.calls, 0);
	assert_int_equal(feed_parse_finish(p, &f, &w, &c), LDN_OK);
	feed_parse_free(p);
	free(data);
	assert_int_equal(cs.calls, 5);
	assert_string_equal(cs.titles[1], "Sogou founder raises $50 million for AI start-up");
	assert_int_equal(f->articles.len, 4);
	assert_null(f->articles.items[0]->content);
	assert_string_equal(f->articles.items[1]->id, "3.50");
	assert_string_equal(f->articles.items[0]->feed, "London Daily (JSON)");
	assert_null(w);
	assert_null(c);
	feed_free(f);
}

/* An item with neither id nor link gets the id an XML item would get. */
static void
test_hash_id_like_xml(void **state)
{
	static const char rss[] =
		"<rss version=\"2.0\"><channel><title>X</title><item>"
		"<title>No id, no link</title><pubDate>Mon, 09 Sep 2024 08:00:00 GMT</pubDate>"
		"</item><item><title>Undated</title></item></channel></rss>";
	static const char json[] =
		"{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":["
		"{\"title\":\"No id, no link\",\"date_published\":\"2024-09-09T08:00:00Z\"},"
		"{\"title\":\"Undated\"}]}";
	struct ts_result x, j;
	size_t i;

	(void)state;
	memset(&x, 0, sizeof(x));
	memset(&j, 0, sizeof(j));
	assert_int_equal(feed_parse_buffer(rss, sizeof(rss) - 1, FEED_URL, 0, &x.feed,
					   &x.warning, &x.cause), LDN_OK);
	assert_int_equal(feed_parse_buffer(json, sizeof(json) - 1, FEED_URL, 0, &j.feed,
					   &j.warning, &j.cause), LDN_OK);
	assert_int_equal(x.feed->articles.len, 2);
	assert_int_equal(j.feed->articles.len, 2);
	for (i = 0; i < 2; i++) {
		assert_memory_equal(j.feed->articles.items[i]->id, "hash:", 5);
		assert_string_equal(j.feed->articles.items[i]->id, x.feed->articles.items[i]->id);
	}
	assert_string_not_equal(j.feed->articles.items[0]->id, j.feed->articles.items[1]->id);
	ts_result_free(&x);
	ts_result_free(&j);
}

/* Relative URLs resolve against the base (a redirect's target), while the
 * articles keep the feed's own URL. */
static void
test_relative_base(void **state)
{
	struct feed_parser *p;
	struct feed *f;
	char *data, *w = NULL, *c = NULL;
	size_t len;

	(void)state;
	data = ts_slurp(ts_data_path("feeds/json11.json"), &len);
	assert_int_equal(feed_parse_new(&p, FEED_URL, 0), LDN_OK);
	assert_int_equal(feed_parse_set_base(p, "https://mirror.example/ld/feed.json"), LDN_OK);
	assert_int_equal(feed_parse_push(p, data, len), LDN_OK);
	assert_int_equal(feed_parse_finish(p, &f, &w, &c), LDN_OK);
	feed_parse_free(p);
	free(data);
	assert_string_equal(f->link, "https://mirror.example/");
	assert_string_equal(f->articles.items[0]->link,
			    "https://mirror.example/china-tech-sector-ai-race");
	assert_string_equal(f->articles.items[0]->enclosures[0].url,
			    "https://mirror.example/ld/media/ai-race.mp3");
	assert_string_equal(f->articles.items[0]->feed_url, FEED_URL);
	assert_string_equal(f->url, FEED_URL);
	feed_free(f);
}

/* A field over its cap is cut on a UTF-8 boundary with a warning; a big
 * body under its cap is kept whole. */
static void
test_huge_strings(void **state)
{
	const size_t n = 600000; /* 'a' + n * "é" = 1.2 MB > 1 MiB title cap */
	const size_t body = (size_t)8 << 20;
	struct buf doc;
	struct ts_result r;
	const char *t;
	size_t i, len;

	(void)state;
	memset(&r, 0, sizeof(r));
	buf_init(&doc, (size_t)32 << 20);
	assert_int_equal(buf_puts(&doc, "{\"version\":\"https://jsonfeed.org/version/1.1\","
				  "\"items\":[{\"id\":\"big\",\"title\":\"a"), LDN_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_puts(&doc, "\\u00e9"), LDN_OK);
	assert_int_equal(buf_puts(&doc, "\",\"content_text\":\""), LDN_OK);
	for (i = 0; i < body / 8; i++)
		assert_int_equal(buf_puts(&doc, "01234567"), LDN_OK);
	assert_int_equal(buf_puts(&doc, "\"}]}"), LDN_OK);
	assert_int_equal(feed_parse_buffer(doc.data, doc.len, FEED_URL, 0, &r.feed,
					   &r.warning, &r.cause), LDN_OK);
	buf_free(&doc);
	assert_int_equal(r.feed->articles.len, 1);
	t = r.feed->articles.items[0]->title;
	len = strlen(t);
	assert_true(len <= (size_t)1 << 20);
	assert_true(len > ((size_t)1 << 20) - 4);
	assert_int_equal(len % 2, 1);
	assert_int_equal((unsigned char)t[len - 1], 0xa9);
	assert_int_equal(strlen(r.feed->articles.items[0]->content), body);
	assert_non_null(r.warning);
	assert_non_null(strstr(r.warning, "item 1: \"title\" truncated at 1048575 bytes"));
	ts_result_free(&r);
}

/* What is and is not taken for JSON, and JSON's early failures. */
static void
test_sniffing(void **state)
{
	static const struct {
		const char *doc;
		int st;
		const char *text;  /* feed title, or a substring of the cause */
	} rows[] = {
		{"\n\t {\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"W\",\"items\":[]}",
		 LDN_OK, "W"},
		{"{}", LDN_EPARSE, "not a JSON Feed (no jsonfeed.org version)"},
		{"{\"version\":7}", LDN_EPARSE, "not a JSON Feed (no jsonfeed.org version)"},
		{"  {", LDN_EPARSE, "JSON document ends early (truncated) after 3 bytes"},
		{"\xef\xbb\xbf{", LDN_EPARSE, "JSON document ends early (truncated) after 4 bytes"},
		{"{\"version\":\"https://jsonfeed.org/version/1.1\"} \n", LDN_OK, ""},
		/* not '{' first: XML's business, and XML's messages */
		{"[{\"version\":\"https://jsonfeed.org/version/1.1\"}]", LDN_EPARSE,
		 "not an RSS, Atom or JSON Feed (no XML markup)"},
		{"\xef\xbb{}", LDN_EPARSE, "not an RSS, Atom or JSON Feed"},
		{"\xef\xbb\xbf<rss version=\"2.0\"><channel><title>B</title></channel></rss>",
		 LDN_OK, "B"},
	};
	struct ts_result r;
	size_t i, chunk;

	(void)state;
	for (i = 0; i < NROWS(rows); i++) {
		for (chunk = 0; chunk <= 1; chunk++) {
			ts_parse_chunked(FEED_URL, rows[i].doc, strlen(rows[i].doc), chunk, 0, &r);
			if (r.st != rows[i].st)
				fail_msg("row %zu: status %d (%s)", i, r.st, r.cause ? r.cause : "-");
			if (r.st == LDN_OK)
				assert_string_equal(r.feed->title, rows[i].text);
			else if (strstr(r.cause, rows[i].text) == NULL)
				fail_msg("row %zu: cause \"%s\"", i, r.cause);
			ts_result_free(&r);
		}
	}
}

/* A malformed document stops the transfer: push says so at the fault. */
static void
test_push_stops(void **state)
{
	static const char bad[] = "{\"version\": \"https://jsonfeed.org/version/1.1\", ]";
	struct feed_parser *p;
	struct feed *f;
	char *w = NULL, *c = NULL;

	(void)state;
	assert_int_equal(feed_parse_new(&p, FEED_URL, 0), LDN_OK);
	assert_int_equal(feed_parse_push(p, bad, 10), LDN_OK);
	assert_int_equal(feed_parse_push(p, bad + 10, sizeof(bad) - 11), LDN_EPARSE);
	assert_int_equal(feed_parse_push(p, "}", 1), LDN_EPARSE);
	assert_int_equal(feed_parse_finish(p, &f, &w, &c), LDN_EPARSE);
	assert_null(f);
	assert_null(w);
	assert_string_equal(c, "malformed JSON at byte offset 48: quoted object property name expected");
	free(c);
	feed_parse_free(p);

	/* a raw NUL byte is no JSON text: json-c takes it for the end */
	{
		static const char nul[] = "{\"version\":\"https://jsonfeed.org/version/1.1\","
					  "\"title\":\"a\0b\",\"items\":[]}";

		c = NULL;
		assert_int_equal(feed_parse_buffer(nul, sizeof(nul) - 1, FEED_URL, 0, &f, &w, &c),
				 LDN_EPARSE);
		assert_string_equal(c, "malformed JSON at byte offset 57: unexpected end of data");
		free(c);
	}
}

/* json-c prints nothing by itself either. */
static void
test_nothing_on_stderr(void **state)
{
	struct ts_result r;
	struct ts_stderr err;
	size_t i;

	(void)state;
	ts_stderr_begin(&err);
	for (i = 0; i < NROWS(doc_rows); i++) {
		ts_parse_file(FEED_URL, doc_rows[i].file, 0, &r);
		ts_result_free(&r);
	}
	assert_int_equal(ts_stderr_end(&err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_one_byte_chunks),
		cmocka_unit_test(test_wrong_type_warnings),
		cmocka_unit_test(test_skip_content),
		cmocka_unit_test(test_article_callback),
		cmocka_unit_test(test_hash_id_like_xml),
		cmocka_unit_test(test_relative_base),
		cmocka_unit_test(test_huge_strings),
		cmocka_unit_test(test_sniffing),
		cmocka_unit_test(test_push_stops),
		cmocka_unit_test(test_nothing_on_stderr),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	feed_parse_global_cleanup();
	curl_global_cleanup();
	return rc;
}
