/*
 * Unit tests for page.c without a network: which links may be fetched,
 * the words of a feed body, and the article as its page shows it
 * (page_view: the page's body after its lead image, byline, tags and
 * enclosures joined to the feed's).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "render.h"
#include "support.h"

static void
test_allowed(void **state)
{
	(void)state;
	assert_true(page_allowed("https://a.example/x", "https://a.example/feed"));
	assert_true(page_allowed("HTTP://a.example/x", "/home/u/feed.xml"));
	/* A web feed never names a file of this machine... */
	assert_false(page_allowed("file:///etc/passwd", "https://a.example/feed"));
	assert_false(page_allowed("/etc/passwd", "https://a.example/feed"));
	/* ...a local one may. */
	assert_true(page_allowed("file:///srv/page.html", "/srv/feed.xml"));
	assert_true(page_allowed("file:///srv/page.html", "file:///srv/feed.xml"));
	assert_false(page_allowed("ftp://a.example/x", "/srv/feed.xml"));
	assert_false(page_allowed("javascript:alert(1)", "/srv/feed.xml"));
	assert_false(page_allowed("", "/srv/feed.xml"));
	assert_false(page_allowed(NULL, "/srv/feed.xml"));
}

static void
test_feed_words(void **state)
{
	struct article *a = article_new();

	(void)state;
	assert_int_equal(page_feed_words(a, 100), 0);
	a->summary = strdup("<p>Three <b>short</b>\n words</p>");
	a->summary_fmt = ARTICLE_FMT_HTML;
	assert_int_equal(page_feed_words(a, 100), 3);
	/* The body, when there is one, counts; counting stops at max. */
	a->content = strdup("one two three four five six");
	assert_int_equal(page_feed_words(a, 100), 6);
	assert_int_equal(page_feed_words(a, 4), 4);
	article_free(a);
}

static void
test_view(void **state)
{
	struct article *a = article_new();
	struct enclosure pe[2] = {
		{(char *)"https://x.example/a.mp3", (char *)"audio/mpeg", -1},
		{(char *)"https://x.example/b.mp4", (char *)"video/mp4", 10},
	};
	char *ptags[] = {(char *)"ANT", (char *)"Housing"};
	struct extract x = {
		.title = (char *)"T", .byline = (char *)"Ann Writer",
		.body = (char *)"<p>Body &amp; text.</p>", .tags = ptags, .ntags = 2,
		.lead_image = (char *)"https://x.example/i.jpg?a=1&b=\"2\"",
		.lead_image_alt = (char *)"A \"quoted\" <alt>",
		.enclosures = pe, .nenclosures = 2,
	};
	struct render_doc doc = {0};
	struct page_view v;

	(void)state;
	a->title = strdup("Title");
	a->author = strdup("Feed Author");
	a->summary = strdup("Short.");
	assert_int_equal(article_add_tag(a, "Housing"), LDN_OK);
	assert_int_equal(article_add_enclosure(a, "https://x.example/a.mp3", NULL, 5), LDN_OK);
	assert_int_equal(page_view_init(&v, a, &x), LDN_OK);
	assert_string_equal(v.a.author, "Ann Writer");
	assert_int_equal(v.a.ntags, 2);
	assert_string_equal(v.a.tags[0], "Housing");
	assert_string_equal(v.a.tags[1], "ANT");
	assert_int_equal(v.a.nenclosures, 2);
	assert_int_equal(v.a.enclosures[0].length, 5);
	assert_string_equal(v.a.enclosures[1].url, "https://x.example/b.mp4");
	assert_int_equal(v.a.content_fmt, ARTICLE_FMT_HTML);
	/* The lead image first, its attribute text intact. */
	assert_int_equal(render_body(&doc, v.a.content, v.a.content_fmt, NULL, 0), LDN_OK);
	assert_true(doc.nlines >= 3);
	assert_string_equal(doc.lines[0].text, "[image: A \"quoted\" <alt>]");
	assert_string_equal(doc.lines[2].text, "Body & text.");
	render_doc_free(&doc);
	/* The feed's article is untouched. */
	assert_string_equal(a->author, "Feed Author");
	assert_int_equal(a->ntags, 1);
	page_view_free(&v);
	/* A body that shows its lead image gets it once. */
	x.lead_image = (char *)"https://x.example/i.jpg";
	x.body = (char *)"<p><img src=\"https://x.example/i.jpg\" alt=\"x\">Text</p>";
	x.byline = NULL;
	assert_int_equal(page_view_init(&v, a, &x), LDN_OK);
	assert_ptr_equal(v.a.content, x.body);
	assert_string_equal(v.a.author, "Feed Author");
	page_view_free(&v);
	article_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_feed_words),
		cmocka_unit_test(test_view),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
