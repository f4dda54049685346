/* Unit tests for output.c: the text and JSON forms scripts rely on. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "output.h"
#include "text.h"

struct fixture {
	struct article_list all;
	struct query_view view;
};

static struct article *
mk(const char *id, const char *title, long when, const char *tag1, const char *tag2)
{
	struct article *a = article_new();

	assert_non_null(a);
	a->feed = strdup("London Daily");
	a->feed_url = strdup("https://londondaily.com/feed");
	a->id = strdup(id);
	a->title = strdup(title);
	a->has_published = when >= 0;
	a->published = when;
	if (tag1)
		assert_int_equal(article_add_tag(a, tag1), LDN_OK);
	if (tag2)
		assert_int_equal(article_add_tag(a, tag2), LDN_OK);
	return a;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct query q = {0};
	struct article *a;

	assert_non_null(f);
	/* 1726133400 = 2024-09-12T09:30:00Z */
	a = mk("https://londondaily.com/ai", "China\x1b[31m's \"AI\" race\a", 1726133400, "ANT", "Tech");
	a->link = strdup("https://londondaily.com/ai");
	a->author = strdup("London Daily");
	a->summary = strdup("<p>Tech <b>titans</b> &amp; rivals</p>");
	a->summary_fmt = ARTICLE_FMT_HTML;
	a->content = strdup("<p>First para <a href=\"/x\">link</a>.</p><p>Second\\para.</p>");
	a->content_fmt = ARTICLE_FMT_HTML;
	assert_int_equal(article_add_enclosure(a, "https://londondaily.com/a.mp3", "audio/mpeg", 4718592), LDN_OK);
	assert_int_equal(article_list_push(&f->all, a), LDN_OK);
	assert_int_equal(article_list_push(&f->all, mk("u", "Undated \xff story", -1, "Tech", NULL)), LDN_OK);
	assert_int_equal(article_list_push(&f->all, mk("o", "Older", 1726130000, "UK", "Tech")), LDN_OK);
	query_sort(&f->all);
	assert_int_equal(query_run(&f->all, &q, &f->view), LDN_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	query_view_free(&f->view);
	article_list_free(&f->all);
	free(f);
	return 0;
}


static void
test_list_text(void **state)
{
	struct fixture *f = *state;
	char *out = NULL;
	FILE *m;
	size_t len;

	m = open_memstream(&out, &len);
	assert_int_equal(output_list(m, &f->view, false), LDN_OK);
	fclose(m);
	assert_string_equal(out,
		"1  2024-09-12 09:30  China's \"AI\" race  #ANT #Tech\n"
		"2  2024-09-12 08:33  Older  #UK #Tech\n"
		"3                    Undated \xef\xbf\xbd story  #Tech\n");
	free(out);
}

static void
test_list_json(void **state)
{
	struct fixture *f = *state;
	char *out = NULL;
	FILE *m;
	size_t len;

	m = open_memstream(&out, &len);
	assert_int_equal(output_list(m, &f->view, true), LDN_OK);
	fclose(m);
	assert_non_null(strstr(out,
		"{\"n\":1,\"feed\":\"London Daily\",\"id\":\"https://londondaily.com/ai\","
		"\"title\":\"China's \\\"AI\\\" race\",\"link\":\"https://londondaily.com/ai\","
		"\"author\":\"London Daily\",\"published\":\"2024-09-12T09:30:00Z\","
		"\"tags\":[\"ANT\",\"Tech\"],\"summary\":\"Tech titans & rivals\",\"read\":false,"
		"\"starred\":false}\n"));
	assert_non_null(strstr(out,
		"{\"n\":3,\"feed\":\"London Daily\",\"id\":\"u\",\"title\":\"Undated \xef\xbf\xbd story\","
		"\"link\":null,\"author\":null,\"published\":null,\"tags\":[\"Tech\"],"
		"\"summary\":null,\"read\":false,\"starred\":false}\n"));
	free(out);
}

static void
test_show_json(void **state)
{
	struct fixture *f = *state;
	char *out = NULL, *cause = NULL;
	FILE *m;
	size_t len;

	m = open_memstream(&out, &len);
	assert_int_equal(output_show(m, &f->view, 1, 80, true, &cause), LDN_OK);
	fclose(m);
	assert_null(cause);
	assert_non_null(strstr(out, "\"body\":\"First para link[1].\\n\\nSecond\\\\para.\""));
	assert_non_null(strstr(out, "\"links\":[{\"n\":1,\"url\":\"https://londondaily.com/x\"}]"));
	assert_non_null(strstr(out, "\"enclosures\":[{\"url\":\"https://londondaily.com/a.mp3\","
				    "\"type\":\"audio/mpeg\",\"length\":4718592}]"));
	/* Both others share Tech; view order breaks the tie. */
	assert_non_null(strstr(out, "\"related\":[{\"n\":2,\"title\":\"Older\"},"
				    "{\"n\":3,\"title\":\"Undated \xef\xbf\xbd story\"}],"
				    "\"body_source\":\"feed\"}\n"));
	assert_int_equal(out[strlen(out) - 1], '\n');
	assert_null(strchr(out, '\x1b'));
	free(out);
}

static void
test_show_text_and_not_found(void **state)
{
	struct fixture *f = *state;
	char *out = NULL, *cause = NULL;
	FILE *m;
	size_t len;

	m = open_memstream(&out, &len);
	assert_int_equal(output_show(m, &f->view, 1, 40, false, &cause), LDN_OK);
	assert_int_equal(output_show(m, &f->view, 4, 40, false, &cause), LDN_ENOTFOUND);
	fclose(m);
	assert_non_null(strstr(out, "China's \"AI\" race"));
	assert_non_null(strstr(out, "Related articles"));
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\a'));
	assert_string_equal(cause, "no article 4 (the list has 3)");
	free(cause);
	free(out);
}

static void
test_tags(void **state)
{
	struct fixture *f = *state;
	char *out = NULL;
	FILE *m;
	size_t len;

	m = open_memstream(&out, &len);
	assert_int_equal(output_tags(m, &f->view, true), LDN_OK);
	assert_int_equal(output_tags(m, &f->view, false), LDN_OK);
	fclose(m);
	assert_string_equal(out,
		"{\"tag\":\"Tech\",\"count\":3}\n{\"tag\":\"ANT\",\"count\":1}\n"
		"{\"tag\":\"UK\",\"count\":1}\n"
		"     3  Tech\n     1  ANT\n     1  UK\n");
	free(out);
}

/*
 * --json strings hold no control character at all, not even an escaped
 * newline: a feed's "&#10;" in a link, an id, a tag or an enclosure is a
 * space, so `jq -r` prints one line per string (DESIGN.md). Only "body"
 * keeps its paragraph breaks.
 */
static void
test_json_strings_are_one_line(void **state)
{
	struct article_list all = {0};
	struct query_view v = {0};
	struct query q = {0};
	struct article *a;
	char *out = NULL, *cause = NULL, *body;
	FILE *m;
	size_t len;

	(void)state;
	a = mk("id\r\n2", "T\xe2\x80\xae" "1\n2", 1726133400, "a\nb", "c\xe2\x81\xa6\xc2\x85" "d");
	a->link = strdup("https://a.example/x\nhttps://evil.example/\xe2\x80\xae");
	a->author = strdup("\tAu\x1b]0;t\x07thor\n");
	a->content = strdup("<p>One</p><p>Two</p>");
	a->content_fmt = ARTICLE_FMT_HTML;
	assert_int_equal(article_add_enclosure(a, "https://e.example/a\n.mp3", "audio/\nmpeg", 1),
			 LDN_OK);
	assert_int_equal(article_list_push(&all, a), LDN_OK);
	assert_int_equal(query_run(&all, &q, &v), LDN_OK);
	m = open_memstream(&out, &len);
	assert_int_equal(output_list(m, &v, true), LDN_OK);
	assert_int_equal(output_show(m, &v, 1, 80, true, &cause), LDN_OK);
	assert_int_equal(output_tags(m, &v, true), LDN_OK);
	fclose(m);
	assert_non_null(strstr(out, "\"id\":\"id 2\",\"title\":\"T1 2\","
				    "\"link\":\"https://a.example/x https://evil.example/\","
				    "\"author\":\"Author\""));
	assert_non_null(strstr(out, "\"tags\":[\"a b\",\"cd\"]"));
	assert_non_null(strstr(out, "{\"url\":\"https://e.example/a .mp3\",\"type\":\"audio/ mpeg\""));
	assert_non_null(strstr(out, "{\"tag\":\"a b\",\"count\":1}\n"));
	/* The only escaped newlines are the body's paragraph break. */
	body = strstr(out, "\"body\":\"One\\n\\nTwo\"");
	assert_non_null(body);
	memset(body, ' ', strlen("\"body\":\"One\\n\\nTwo\""));
	assert_null(strstr(out, "\\n"));
	assert_null(strstr(out, "\\u00"));
	assert_null(strstr(out, "\xe2\x80\xae"));
	assert_null(strstr(out, "\xe2\x81\xa6"));
	free(out);
	query_view_free(&v);
	article_list_free(&all);
}

/* The one escaper: quotes and backslashes escaped, control characters as
 * \u00XX, every other byte (UTF-8 included) as it is. */
static void
test_json_escape(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 64);
	assert_int_equal(json_escape(&b, "a\"b\\c\x01" "d\x1f\xc3\xa9\x7f"), LDN_OK);
	assert_string_equal(buf_cstr(&b), "\"a\\\"b\\\\c\\u0001d\\u001f\xc3\xa9\x7f\"");
	buf_reset(&b);
	assert_int_equal(json_escape(&b, ""), LDN_OK);
	assert_string_equal(buf_cstr(&b), "\"\"");
	/* Past the buffer's cap: an error, never a cut string. */
	buf_reset(&b);
	assert_int_not_equal(json_escape(&b, "0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789"), LDN_OK);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_text),
		cmocka_unit_test(test_list_json),
		cmocka_unit_test(test_show_json),
		cmocka_unit_test(test_show_text_and_not_found),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_json_strings_are_one_line),
		cmocka_unit_test(test_json_escape),
	};
	text_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
