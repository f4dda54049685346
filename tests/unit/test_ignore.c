/* test_ignore.c - the config's ignore rules: the matcher and the fields. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ignore.h"
#include "text.h"

static void
test_match(void **state)
{
	static const struct {
		const char *pattern, *text;
		bool want;
	} rows[] = {
		{"horoscope", "Your Horoscope for today", true},   /* anywhere, any case */
		{"horoscope", "Horoscopes", true},
		{"horoscope", "Horo scope", false},
		{"sport", NULL, false},                            /* no field */
		{"sport*", "Sport", true},                         /* a glob: the whole field */
		{"sport*", "Sports desk", true},
		{"sport*", "Motorsport", false},
		{"*sport", "Motorsport", true},
		{"uk?", "UKs", true},
		{"uk?", "UK", false},
		{"[ab]c", "bc", true},
		{"[ab]c", "cc", false},
		{"z\xc3\xbcrich", "Z\xc3\x9cRICH news", true},     /* non-ASCII case */
		{"*z\xc3\xbcrich*", "Z\xc3\x9cRICH news", true},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (ignore_match(rows[i].pattern, rows[i].text) != rows[i].want)
			fail_msg("'%s' on '%s': want %d", rows[i].pattern,
				 rows[i].text ? rows[i].text : "(null)", rows[i].want);
}

static void
test_fields(void **state)
{
	struct article *a = article_new();
	char pat[64];
	struct ignore_rule r = {.pattern = pat};
	enum ignore_field f;

	(void)state;
	assert_non_null(a);
	a->title = strdup("Cup final tonight");
	a->feed = strdup("The Daily Sport");
	a->feed_url = strdup("https://sport.example/feed");
	a->author = strdup("Press Association");
	assert_int_equal(article_add_tag(a, "Football"), LDN_OK);
	assert_int_equal(article_add_tag(a, "Sport"), LDN_OK);

	assert_true(ignore_field_parse("tag", &f));
	assert_int_equal(f, IGNORE_TAG);
	assert_false(ignore_field_parse("Tag", &f));
	assert_false(ignore_field_parse("body", &f));

	r.field = IGNORE_TAG;
	strcpy(pat, "sport");
	assert_true(ignore_article(&r, 1, a));           /* the second tag */
	strcpy(pat, "foot*");
	assert_true(ignore_article(&r, 1, a));
	strcpy(pat, "cup");
	assert_false(ignore_article(&r, 1, a));          /* a title, not a tag */
	r.field = IGNORE_TITLE;
	assert_true(ignore_article(&r, 1, a));
	r.field = IGNORE_AUTHOR;
	strcpy(pat, "press association");
	assert_true(ignore_article(&r, 1, a));
	r.field = IGNORE_FEED;
	strcpy(pat, "daily sport");                       /* the feed's name */
	assert_true(ignore_article(&r, 1, a));
	strcpy(pat, "https://sport.example/*");           /* or its URL */
	assert_true(ignore_article(&r, 1, a));
	strcpy(pat, "gazette");
	assert_false(ignore_article(&r, 1, a));
	assert_false(ignore_article(NULL, 0, a));
	free(a->author);
	a->author = NULL;                                /* no author: no match */
	r.field = IGNORE_AUTHOR;
	strcpy(pat, "*");
	assert_false(ignore_article(&r, 1, a));
	article_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_fields),
	};

	text_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
