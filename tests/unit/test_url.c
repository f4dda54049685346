/* Unit tests for url.c: RFC 3986 resolution rows, scheme checks, and
 * passwords hidden in --check-feed lines. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>

#include "url.h"

static void
test_resolve_table(void **state)
{
	static const struct {
		const char *base, *ref, *want;
	} rows[] = {
		{"https://londondaily.com/news/feed.xml", "article-1", "https://londondaily.com/news/article-1"},
		{"https://londondaily.com/news/feed.xml", "/tag/ant", "https://londondaily.com/tag/ant"},
		{"https://londondaily.com/a/b/", "../c?x=1#f", "https://londondaily.com/a/c?x=1#f"},
		{"https://londondaily.com/a/", "//cdn.example.org/i.png", "https://cdn.example.org/i.png"},
		{"https://londondaily.com/", "https://other.example/x", "https://other.example/x"},
		{"file:///tmp/feeds/ld.xml", "img/a.png", "file:///tmp/feeds/img/a.png"},
		{NULL, "relative/only", "relative/only"},
		{"not a url", "x", "x"},
		{"https://londondaily.com/", "mailto:desk@londondaily.com", "mailto:desk@londondaily.com"},
	};
	size_t i;
	char *out;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(url_resolve(rows[i].base, rows[i].ref, &out), LDN_OK);
		assert_string_equal(out, rows[i].want);
		free(out);
	}
}

static void
test_schemes(void **state)
{
	(void)state;
	assert_true(url_is_web("https://londondaily.com/"));
	assert_true(url_is_web("HTTP://x/"));
	assert_false(url_is_web("javascript:alert(1)"));
	assert_false(url_is_web("file:///etc/passwd"));
	assert_false(url_is_web("/just/a/path"));
	assert_true(url_has_scheme("file:///x"));
	assert_true(url_has_scheme("a+b-c.d:rest"));
	assert_false(url_has_scheme("/abs/path"));
	assert_false(url_has_scheme("rel/pa:th"));
	assert_false(url_has_scheme("1http://x"));
}

static void
test_hide_userinfo(void **state)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{"http://user:pass@proxy.example:3128", "http://***@proxy.example:3128"},
		{"* Uses proxy env variable http_proxy == 'http://u:p@127.0.0.1:8'",
		 "* Uses proxy env variable http_proxy == 'http://***@127.0.0.1:8'"},
		{"a http://u@h b https://x:y@z/p c", "a http://***@h b https://***@z/p c"},
		{"http://u:p@q@h/", "http://***@h/"},
		{"http://@h", "http://***@h"},
		{"://@://@", "://***@://***@"},
		{"https://h/path@not-userinfo?x=a@b#c@d", "https://h/path@not-userinfo?x=a@b#c@d"},
		{"https://londondaily.com/", "https://londondaily.com/"},
		{"mailto:desk@londondaily.com", "mailto:desk@londondaily.com"},
		{"no url at all", "no url at all"},
		{"", ""},
	};
	size_t i;
	char *out;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		out = url_hide_userinfo(rows[i].in);
		assert_non_null(out);
		assert_string_equal(out, rows[i].want);
		free(out);
	}
}

/* A path and a file: URL to the same file come to one form. */
static void
test_local_path(void **state)
{
	static const struct {
		const char *src, *want;
	} rows[] = {
		{"/tmp/a b.xml", "/tmp/a b.xml"},
		{"file:///tmp/a%20b.xml", "/tmp/a b.xml"},
		{"FILE:///tmp/a%20b.xml", "/tmp/a b.xml"},
		{"file://localhost/tmp/x.xml", "/tmp/x.xml"},
		{"file:/tmp/x.xml", "/tmp/x.xml"},
		{"file://example.org/tmp/x.xml", NULL},
		{"https://example.org/tmp/x.xml", NULL},
		{"tmp/x.xml", NULL},
		{"file:///tmp/%00x", NULL},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *got = url_local_path(rows[i].src);
		if (rows[i].want == NULL)
			assert_null(got);
		else
			assert_string_equal(got, rows[i].want);
		free(got);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve_table),
		cmocka_unit_test(test_schemes),
		cmocka_unit_test(test_hide_userinfo),
		cmocka_unit_test(test_local_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
