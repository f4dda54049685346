/* Unit tests for opml.c: fixtures in tests/data/opml (flat, nested,
 * duplicates, outlines without xmlUrl, hostile ones), import into config
 * files, and export read back. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opml.h"
#include "support.h"

#ifndef LDN_TEST_DATA
#define LDN_TEST_DATA "tests/data"
#endif
#define OPML(name) LDN_TEST_DATA "/opml/" name

#define S(x) ((char *)(uintptr_t)(x))

static const struct config_feed *
feed(const struct opml_doc *d, size_t i)
{
	assert_true(i < d->nfeeds);
	return &d->feeds[i];
}

/* f's tags are exactly the NULL-terminated list `want`. */
static void
assert_tags(const struct config_feed *f, const char *const *want)
{
	size_t n = 0;

	while (want[n] != NULL) {
		if (n >= f->ntags)
			fail_msg("%s: tag %zu missing (want %s)", f->url, n, want[n]);
		assert_string_equal(f->tags[n], want[n]);
		n++;
	}
	if (f->ntags != n)
		fail_msg("%s: %zu tags, want %zu", f->url, f->ntags, n);
}

static void
test_simple(void **state)
{
	static const char *const none[] = {NULL};
	struct opml_doc d;
	char *cause = NULL;

	(void)state;
	assert_int_equal(opml_read(&d, OPML("simple.opml"), &cause), LDN_OK);
	assert_int_equal(d.nfeeds, 3);
	assert_int_equal(d.nskipped, 0);
	assert_string_equal(feed(&d, 0)->url, "https://londondaily.com/feed");
	assert_string_equal(feed(&d, 0)->name, "London Daily");
	assert_string_equal(feed(&d, 1)->name, "Only a title");
	/* Latin-1 comes out as UTF-8; references are decoded. */
	assert_string_equal(feed(&d, 2)->name, "Caf\xc3\xa9 & Cr\xc3\xa8me");
	assert_string_equal(feed(&d, 2)->url, "https://example.org/cafe?a=1&b=2");
	assert_tags(feed(&d, 0), none);
	opml_doc_free(&d);
}

static void
test_nested(void **state)
{
	static const char *const ld[] = {"News", "UK", "Europe", "Politics", "London", "Daily", NULL};
	static const char *const news[] = {"News", NULL};
	static const char *const tech[] = {"Tech", NULL};
	static const char *const none[] = {NULL};
	struct opml_doc d;
	char *cause = NULL;

	(void)state;
	assert_int_equal(opml_read(&d, OPML("nested.opml"), &cause), LDN_OK);
	assert_int_equal(d.nfeeds, 6);
	assert_int_equal(d.nskipped, 0);
	assert_string_equal(feed(&d, 0)->name, "London Daily");
	assert_tags(feed(&d, 0), ld);
	assert_string_equal(feed(&d, 1)->url, "https://wire.example/atom.xml");
	assert_tags(feed(&d, 1), news);
	assert_string_equal(feed(&d, 2)->name, "Folded title with a line break");
	assert_tags(feed(&d, 2), tech);
	/* A feed outline is not a folder for what it holds. */
	assert_string_equal(feed(&d, 3)->url, "https://parent.example/feed");
	assert_tags(feed(&d, 3), tech);
	assert_string_equal(feed(&d, 4)->url, "https://child.example/feed");
	assert_tags(feed(&d, 4), tech);
	/* A text that only repeats the url is no name. */
	assert_null(feed(&d, 5)->name);
	assert_tags(feed(&d, 5), none);
	opml_doc_free(&d);
}

static void
test_missing_xmlurl(void **state)
{
	static const char *const want[] = {
		"outline 'Website only' has no xmlUrl",
		"outline 'FTP': 'ftp://ftp.example/feed.xml' is not an http, https or file URL",
		"outline 'Relative': 'feeds/x.xml' is not an http, https or file URL",
		"outline 'Empty url' has no xmlUrl",
		"an outline without text or xmlUrl",
		"outline 'Empty folder' has no xmlUrl",
	};
	struct opml_doc d;
	char *cause = NULL;
	size_t i;

	(void)state;
	assert_int_equal(opml_read(&d, OPML("missing-xmlurl.opml"), &cause), LDN_OK);
	assert_int_equal(d.nfeeds, 1);
	assert_string_equal(feed(&d, 0)->url, "https://good.example/feed");
	assert_int_equal(d.nskipped, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < d.nskipped; i++)
		assert_string_equal(d.skipped[i], want[i]);
	opml_doc_free(&d);
}

/* Refused whole, with one line naming the file and the problem. */
static const struct {
	const char *file;
	int status;
	const char *want; /* the cause after the file name */
} bad_rows[] = {
	{"xxe.opml", LDN_EPARSE, ": declares entities (<!ENTITY>), which are not accepted in OPML"},
	{"laughs.opml", LDN_EPARSE, ": declares entities (<!ENTITY>), which are not accepted in OPML"},
	{"not-opml.xml", LDN_EPARSE, ": not an OPML file (the root element is <rss>)"},
	{"nobody.opml", LDN_EPARSE, ": no <body> in the OPML file"},
	{"broken.opml", LDN_EPARSE, ":5: not well-formed XML: Opening and ending tag mismatch: "
				    "outline line 4 and body"},
	{"no-such.opml", LDN_EIO, ": No such file or directory"},
};

static void
test_refused(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_rows) / sizeof(bad_rows[0]); i++) {
		char path[512], want[1024], *cause = NULL;
		struct opml_doc d;
		int st;

		snprintf(path, sizeof(path), "%s/opml/%s", LDN_TEST_DATA, bad_rows[i].file);
		snprintf(want, sizeof(want), "%s%s", path, bad_rows[i].want);
		st = opml_read(&d, path, &cause);
		if (st != bad_rows[i].status || cause == NULL || strcmp(cause, want) != 0)
			fail_msg("%s: status %d, cause\n  %s\nwant\n  %s", bad_rows[i].file, st,
				 cause ? cause : "(none)", want);
		assert_int_equal(d.nfeeds, 0);
		/* The external entity's file was never read into anything. */
		assert_null(strstr(cause, "SECRET"));
		free(cause);
		opml_doc_free(&d);
	}
}

static bool
clean(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		/* U+202E RIGHT-TO-LEFT OVERRIDE */
		if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0xae)
			return false;
	}
	return true;
}

/* ---- import ---- */

static char *tmpdir;

static void
path_in(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", tmpdir, name);
}

static int
setup_dir(void **state)
{
	(void)state;
	tmpdir = ts_tmpdir("opml");
	return 0;
}

static int
teardown_dir(void **state)
{
	int st = ts_rmtree(tmpdir);

	(void)state;
	free(tmpdir);
	return st;
}

static void
test_hostile_text(void **state)
{
	static const char *const tags[] = {"a", "evil", NULL};
	struct opml_doc d;
	struct config cfg;
	char conf[256], *cause = NULL;
	size_t added, present, i;

	(void)state;
	assert_int_equal(opml_read(&d, OPML("hostile-text.opml"), &cause), LDN_OK);
	assert_int_equal(d.nfeeds, 2);
	assert_string_equal(feed(&d, 0)->name, "EscRed [feed] url = https://injected.example/ x");
	assert_tags(feed(&d, 0), tags);
	assert_string_equal(feed(&d, 1)->name, "Quote \" and # hash ; semi");
	for (i = 0; i < d.nfeeds; i++)
		assert_true(clean(feed(&d, i)->name));
	/* Written into a config file, it is still two feeds with those names. */
	path_in(conf, sizeof(conf), "hostile.conf");
	assert_int_equal(opml_import(&d, conf, &added, &present, &cause), LDN_OK);
	assert_int_equal(added, 2);
	assert_int_equal(config_load(&cfg, conf, 0, &cause), LDN_OK);
	assert_int_equal(cfg.nfeeds, 2);
	assert_string_equal(cfg.feeds[0].name, feed(&d, 0)->name);
	assert_string_equal(cfg.feeds[1].name, feed(&d, 1)->name);
	config_free(&cfg);
	opml_doc_free(&d);
}

static void
test_import_keeps_bytes(void **state)
{
	static const char orig[] =
		"# My feeds. Do not reorder.\n"
		"[general]\n"
		"refresh = 10m   ; every ten minutes\n"
		"\n"
		"[feed]\n"
		"url = https://londondaily.com/feed\n"
		"name = The Daily   # my name for it";
	struct opml_doc d;
	struct config cfg;
	char conf[256], *cause = NULL, *after, *again;
	size_t added, present;

	(void)state;
	path_in(conf, sizeof(conf), "keep.conf");
	ts_spit(conf, orig, strlen(orig));
	assert_int_equal(opml_read(&d, OPML("duplicate.opml"), &cause), LDN_OK);
	assert_int_equal(opml_import(&d, conf, &added, &present, &cause), LDN_OK);
	assert_int_equal(added, 2);
	assert_int_equal(present, 2);
	after = ts_slurp(conf, NULL);
	assert_int_equal(memcmp(after, orig, strlen(orig)), 0);
	assert_string_equal(after + strlen(orig),
			    "\n"
			    "\n[feed]\nurl = https://a.example/feed\nname = A\n"
			    "\n[feed]\nurl = https://b.example/feed\nname = B\n");
	assert_int_equal(config_load(&cfg, conf, 0, &cause), LDN_OK);
	assert_int_equal(cfg.nfeeds, 3);
	assert_string_equal(cfg.feeds[0].name, "The Daily");
	assert_int_equal(cfg.refresh, 600);
	config_free(&cfg);
	/* Again: everything is there already, and the file is not touched. */
	assert_int_equal(opml_import(&d, conf, &added, &present, &cause), LDN_OK);
	assert_int_equal(added, 0);
	assert_int_equal(present, 4);
	again = ts_slurp(conf, NULL);
	assert_string_equal(again, after);
	free(again);
	free(after);
	opml_doc_free(&d);
}

/* A path and a file:// URL to one file are one feed, in the config and
 * within the document; what is added keeps the document's spelling. */
static void
test_import_file_url_is_its_path(void **state)
{
	static const char orig[] = "[feed]\nurl = /srv/feeds/a b.xml\n";
	static const char doc[] =
		"<opml version=\"2.0\"><body>"
		"<outline text=\"A\" xmlUrl=\"file:///srv/feeds/a%20b.xml\"/>"
		"<outline text=\"A again\" xmlUrl=\"file://localhost/srv/feeds/a%20b.xml\"/>"
		"<outline text=\"C\" xmlUrl=\"file:///srv/feeds/c.xml\"/>"
		"<outline text=\"C again\" xmlUrl=\"/srv/feeds/c.xml\"/>"
		"<outline text=\"D\" xmlUrl=\"https://d.example/srv/feeds/c.xml\"/>"
		"</body></opml>";
	struct opml_doc d;
	char conf[256], *cause = NULL, *after;
	size_t added, present;

	(void)state;
	path_in(conf, sizeof(conf), "file-url.conf");
	ts_spit(conf, orig, strlen(orig));
	assert_int_equal(opml_parse(&d, doc, strlen(doc), "t.opml", &cause), LDN_OK);
	assert_int_equal(opml_import(&d, conf, &added, &present, &cause), LDN_OK);
	assert_int_equal(added, 2);
	assert_int_equal(present, 3);
	after = ts_slurp(conf, NULL);
	assert_string_equal(after + strlen(orig),
			    "\n[feed]\nurl = file:///srv/feeds/c.xml\nname = C\n"
			    "\n[feed]\nurl = https://d.example/srv/feeds/c.xml\nname = D\n");
	free(after);
	opml_doc_free(&d);
}

static void
test_import_creates(void **state)
{
	struct opml_doc d;
	struct config cfg;
	char conf[256], *cause = NULL, *text;
	size_t added, present;

	(void)state;
	path_in(conf, sizeof(conf), "new/ldnews/config");
	assert_int_equal(opml_read(&d, OPML("nested.opml"), &cause), LDN_OK);
	assert_int_equal(opml_import(&d, conf, &added, &present, &cause), LDN_OK);
	assert_int_equal(added, 6);
	assert_int_equal(present, 0);
	text = ts_slurp(conf, NULL);
	assert_non_null(text);
	assert_int_equal(strncmp(text, "# ldnews configuration: see ldnews.conf(5).\n\n[feed]\n", 51), 0);
	free(text);
	assert_int_equal(config_load(&cfg, conf, 0, &cause), LDN_OK);
	assert_int_equal(cfg.nfeeds, 6);
	assert_string_equal(cfg.feeds[0].url, "https://londondaily.com/feed");
	assert_int_equal(cfg.feeds[0].ntags, 6);
	assert_string_equal(cfg.feeds[0].tags[2], "Europe");
	assert_null(cfg.feeds[5].name);
	config_free(&cfg);
	opml_doc_free(&d);
}

static void
test_import_into_bad_config(void **state)
{
	static const char orig[] = "[general]\nrefresh = 5\nrefersh = 6\n";
	struct opml_doc d;
	char conf[256], want[512], *cause = NULL, *after;
	size_t added, present;

	(void)state;
	path_in(conf, sizeof(conf), "bad.conf");
	ts_spit(conf, orig, strlen(orig));
	assert_int_equal(opml_read(&d, OPML("simple.opml"), &cause), LDN_OK);
	assert_int_equal(opml_import(&d, conf, &added, &present, &cause), LDN_EUSAGE);
	snprintf(want, sizeof(want), "%s:3: unknown key 'refersh' in [general]", conf);
	assert_string_equal(cause, want);
	assert_int_equal(added, 0);
	after = ts_slurp(conf, NULL);
	assert_string_equal(after, orig);
	free(after);
	free(cause);
	opml_doc_free(&d);
}

/* ---- export ---- */

static void
test_export_round_trip(void **state)
{
	char *t1[] = {S("london"), S("news & views")};
	char *t2[] = {S("<tag>")};
	const struct config_feed feeds[] = {
		{.url = S("https://londondaily.com/feed"), .name = S("London Daily"),
		 .tags = t1, .ntags = 2},
		{.url = S("https://a.example/x?a=1&b=\"2\"'"), .name = S("A <b> & \"c\" 'd' #e ;f"),
		 .tags = t2, .ntags = 1},
		{.url = S("https://plain.example/feed")},
		{.url = S("/home/reader/feeds/local.xml"), .name = S("Caf\xc3\xa9")},
	};
	size_t n = sizeof(feeds) / sizeof(feeds[0]), i, j;
	struct opml_doc d;
	struct buf b;
	char *cause = NULL;

	(void)state;
	buf_init(&b, 1 << 20);
	assert_int_equal(opml_export(&b, feeds, n, &cause), LDN_OK);
	assert_non_null(strstr(buf_cstr(&b), "<opml version=\"2.0\">"));
	assert_non_null(strstr(buf_cstr(&b), "xmlUrl=\"https://a.example/x?a=1&amp;b=&quot;2&quot;'\""));
	assert_int_equal(opml_parse(&d, buf_cstr(&b), b.len, "export", &cause), LDN_OK);
	assert_int_equal(d.nfeeds, n);
	assert_int_equal(d.nskipped, 0);
	for (i = 0; i < n; i++) {
		assert_string_equal(d.feeds[i].url, feeds[i].url);
		if (feeds[i].name == NULL)
			assert_null(d.feeds[i].name);
		else
			assert_string_equal(d.feeds[i].name, feeds[i].name);
		assert_int_equal(d.feeds[i].ntags, feeds[i].ntags);
		for (j = 0; j < feeds[i].ntags; j++)
			assert_string_equal(d.feeds[i].tags[j], feeds[i].tags[j]);
	}
	opml_doc_free(&d);
	buf_free(&b);
}

static void
test_export_refuses_non_utf8(void **state)
{
	const struct config_feed feeds[] = {
		{.url = S("https://a.example/"), .name = S("bad \xff byte")},
	};
	struct buf b;
	char *cause = NULL;

	(void)state;
	buf_init(&b, 1 << 20);
	assert_int_equal(opml_export(&b, feeds, 1, &cause), LDN_EUSAGE);
	assert_string_equal(cause, "feed 1 cannot be written as OPML: not UTF-8 text");
	assert_int_equal(b.len, 0);
	free(cause);
	buf_free(&b);
}

/* One outline whose category names n tags (every fourth a repeat), and
 * n outlines (every fourth url a repeat): both read in O(n). */
static void
parse_many(size_t n, void *arg)
{
	struct opml_doc doc;
	struct buf b;
	char *cause = NULL;
	size_t i;

	(void)arg;
	buf_init(&b, (size_t)64 << 20);
	assert_int_equal(buf_puts(&b, "<opml version=\"2.0\"><body>"
				  "<outline xmlUrl=\"https://x/tags\" category=\""), LDN_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_printf(&b, "%st%zu", i ? "," : "", i % 4 == 3 ? i / 8 * 4 : i),
				 LDN_OK);
	assert_int_equal(buf_puts(&b, "\"/>"), LDN_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_printf(&b, "<outline xmlUrl=\"https://x/%zu\"/>",
					    i % 4 == 3 ? i / 8 * 4 : i), LDN_OK);
	assert_int_equal(buf_puts(&b, "</body></opml>"), LDN_OK);
	assert_int_equal(opml_parse(&doc, b.data, b.len, "t.opml", &cause), LDN_OK);
	buf_free(&b);
	assert_int_equal(doc.nfeeds, n + 1);
	assert_int_equal(doc.feeds[0].ntags, n - n / 4);
	opml_doc_free(&doc);
}

static void
test_parse_linear(void **state)
{
	(void)state;
	ts_assert_linear("OPML outlines and category names", parse_many, NULL,
			 getenv("LDN_VALGRIND") ? 500 : TS_SANITIZED ? 5000 : 10000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_missing_xmlurl),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_import_keeps_bytes),
		cmocka_unit_test(test_import_creates),
		cmocka_unit_test(test_import_file_url_is_its_path),
		cmocka_unit_test(test_import_into_bad_config),
		cmocka_unit_test(test_export_round_trip),
		cmocka_unit_test(test_export_refuses_non_utf8),
		cmocka_unit_test(test_parse_linear),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
