/*
 * Unit tests for feed_parse.c, driven by the fixtures in tests/data/feeds:
 * per-document results (count, feed title, warning or cause), chosen
 * fields of chosen articles, byte-at-a-time pushing, SKIP_CONTENT, the
 * article callback, field caps, and the security rows (external entities
 * and DTDs never loaded, billion laughs refused fast, nothing on stderr).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libxml/parser.h>

#include "buf.h"
#include "feed_parse.h"
#include "support.h"

#define FEED_URL "https://londondaily.com/feed.xml"
#define FEEDS LDN_TEST_DATA "/feeds/"
#define MARKER "XXE-MARKER-5f0c2d"

static const struct doc_row {
	const char *file;
	int st;
	size_t count;
	const char *title;   /* feed title on success */
	const char *warning; /* substring of the warning; NULL: no warning */
	const char *cause;   /* substring of the cause on failure */
} doc_rows[] = {
	{"rss2.xml", LDN_OK, 3, "London Daily", NULL, NULL},
	{"rss091.xml", LDN_OK, 2, "London Daily Classic", NULL, NULL},
	{"rdf.xml", LDN_OK, 2, "London Daily (RDF)", NULL, NULL},
	{"atom10.xml", LDN_OK, 3, "London Daily", NULL, NULL},
	{"atom03.xml", LDN_OK, 2, "London Daily (Atom 0.3)", NULL, NULL},
	{"xmlbase.xml", LDN_OK, 4, "London Daily News", NULL, NULL},
	{"latin1.xml", LDN_OK, 1, "London Daily \xe2\x80\x93 Europe", NULL, NULL},
	{"cp1252.xml", LDN_OK, 1, "London Daily Money", NULL, NULL},
	{"nodates.xml", LDN_OK, 4, "London Daily Briefs", NULL, NULL},
	{"malformed-midway.xml", LDN_OK, 2, "London Daily", "line 16: expected '>'", NULL},
	{"truncated.xml", LDN_OK, 2, "London Daily", "(truncated)", NULL},
	/* A reference to a character XML forbids is dropped, not fatal; one
	 * to a C1 control reads as windows-1252. */
	{"escapes.xml", LDN_OK, 2, "London Daily",
	 "line 11: 2 characters that XML forbids", NULL},
	/* External entities are never loaded: their references stay text,
	 * and the parse goes on past them. */
	{"xxe-file.xml", LDN_OK, 2, "London Daily", "Entity 'xxe' not defined", NULL},
	{"xxe-http.xml", LDN_OK, 2, "London Daily", "Entity 'xxe' not defined", NULL},
	{"external-dtd.xml", LDN_OK, 1, "London Daily", "Entity 'dtdmarker' not defined",
	 NULL},
	{"billion-laughs.xml", LDN_EPARSE, 0, NULL, NULL, "entity expansion refused"},
	{"not-a-feed.html", LDN_EPARSE, 0, NULL, NULL,
	 "not an RSS, Atom or JSON Feed (root element <html>)"},
	{"empty.xml", LDN_EPARSE, 0, NULL, NULL, "empty document"},
	/* Blanks before the XML declaration (and before a BOM): dropped. */
	{"ws-before-decl.xml", LDN_OK, 2, "London Daily Blog", NULL, NULL},
	{"bom-after-ws.xml", LDN_OK, 1, "London Daily Video", NULL, NULL},
	/* C0 controls, U+FFFE and U+FFFF dropped on the way in (a chunk may
	 * end inside EF BF BE), counted in one warning; ￥ (EF BF A5) kept. */
	/* RSS under the default namespaces of its old homes (corpus). */
	{"../corpus/ns-userland-rss2.xml", LDN_OK, 4, "Userland Daily", NULL, NULL},
	{"../corpus/ns-userland-rss.xml", LDN_OK, 3, "Scripting Notes", NULL, NULL},
	{"../corpus/ns-harvard-rss2.xml", LDN_OK, 3, "Law School Tech Blog", NULL, NULL},
	/* a page template's DOCTYPE in front of <rss> */
	{"../corpus/doctype-html5-before-rss.xml", LDN_OK, 3, "Template Leftovers", NULL, NULL},
	{"../corpus/doctype-xhtml-transitional-rss2.xml", LDN_OK, 3, "Gadget\xc2\xa0Guide", NULL, NULL},
	/* blanks, two BOMs or a script's message before the markup */
	{"../corpus/ws-double-bom.xml", LDN_OK, 3, "Double Mark Weekly", NULL, NULL},
	{"../corpus/ws-junk-text-no-decl.xml", LDN_OK, 3, "Old Mill Radio",
	 "line 1: 97 bytes of text before the first element ignored", NULL},
	/* bytes that are not UTF-8 in a UTF-8 document: windows-1252, byte
	 * by byte (UTF-8 around them stays UTF-8); a declaration that cannot
	 * be right is read as UTF-8 */
	{"../corpus/badutf8-mixed-runs-rss.xml", LDN_OK, 3, "Z\xc3\xbcrich Tech Meetup",
	 "line 19: 3 bytes that are not UTF-8 read as windows-1252, the first here", NULL},
	{"../corpus/msg-unsupported-encoding.xml", LDN_OK, 3, "Typo Encoding",
	 "line 1: the declared encoding \"win-1252\" does not fit the document", NULL},
	{"../corpus/msg-utf16-label-utf8-content.xml", LDN_OK, 3, "Mislabelled",
	 "line 1: the declared encoding \"utf-16\" does not fit the document", NULL},
	/* a guid two items share: the second is "<guid>#2", an article of
	 * its own with or without a cache */
	{"../corpus/dup-guid-diff-title.xml", LDN_OK, 3, "Live Blog", NULL, NULL},
	{"../corpus/dup-identical-items.xml", LDN_OK, 3, "Repeat Repeat", NULL, NULL},
	/* a fault before the first item ends: the feed fails, named */
	{"first-item-broken.xml", LDN_EPARSE, 0, NULL, NULL,
	 "no article could be read (line 8: expected '>')"},
	/* An end tag that names another element closes that one, with what
	 * is inside it (libxml2 alone would nest every later item in the
	 * channel's description, or stop); a misspelt one closes the element
	 * open. */
	{"../corpus/err-first-item-broken.xml", LDN_OK, 3, "Broken Start",
	 "line 6: 1 misnested end tag read past, the first </description> in <b>", NULL},
	{"../corpus/msg-mismatched-tag.xml", LDN_OK, 4, "Message Test",
	 "line 21: 1 misnested end tag read past, the first </lnk> in <link>", NULL},
	{"mismatched-tags.xml", LDN_OK, 3, "London Daily",
	 "line 9: 4 misnested end tags read past, the first </titel> in <title>", NULL},
	/* HTML's named references decoded, others kept as text. */
	{"html-entities.xml", LDN_OK, 2, "London Daily \xe2\x80\x94 Culture",
	 "line 16: Entity 'sitename' not defined, kept as text", NULL},
	{"controls.xml", LDN_OK, 3, "London Daily Markets",
	 "line 8: 7 characters that XML forbids (control characters, escape "
	 "sequences, U+FFFE, U+FFFF) removed, the first here", NULL},
};

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

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
			if (strstr(r.cause, d->cause) == NULL)
				fail_msg("%s: cause \"%s\"", d->file, r.cause);
			ts_result_free(&r);
			continue;
		}
		assert_non_null(r.feed);
		if (r.feed->articles.len != d->count)
			fail_msg("%s: %zu articles want %zu", d->file,
				 r.feed->articles.len, d->count);
		assert_string_equal(r.feed->title, d->title);
		assert_string_equal(r.feed->url, FEED_URL);
		if (d->warning == NULL) {
			if (r.warning != NULL)
				fail_msg("%s: unexpected warning \"%s\"", d->file, r.warning);
		} else {
			assert_non_null(r.warning);
			if (strncmp(r.warning, "line ", 5) != 0 ||
			    strstr(r.warning, d->warning) == NULL)
				fail_msg("%s: warning \"%s\"", d->file, r.warning);
		}
		ts_result_free(&r);
	}
}

static const struct ts_field_row field_rows[] = {
	{"bom-after-ws.xml", 0, TS_F_TITLE, "Caf\xc3\xa9 owners on the rent rise"},
	/* an RSS title that holds escaped markup or references is HTML;
	 * an Atom type="text" one is not (corpus) */
	{"../corpus/esc-sup-rss-title.xml", 0, TS_F_TITLE, "E = mc2: the equation at 120"},
	{"../corpus/esc-feed-title-amp-amp.xml", 0, TS_F_FEED, "Top News & Analysis"},
	{"../corpus/esc-feed-title-amp-amp.xml", 0, TS_F_TITLE, "Q&A: the new parking rules"},
	{"../corpus/atom-content-mime-types.xml", 0, TS_F_TITLE, "Plain <b>text</b> title"},
	/* feedparser's marks of HTML: a closing tag or a reference */
	{"../corpus/esc-lt-in-text-title.xml", 1, TS_F_TITLE, "Use the <details> element for FAQs"},
	{"../corpus/esc-cdata-html-bold.xml", 2, TS_F_TITLE, "Line one<br/>line two"},
	/* RSS's "address (Name)" */
	{"../corpus/gen-blogger-rss.xml", 0, TS_F_AUTHOR, "Elena Rossi"},
	{"../corpus/atom-content-mime-types.xml", 2, TS_F_TITLE, "XHTML typed title"},
	{"../corpus/atom03-mode-base64.xml", 1, TS_F_TITLE, "Na\xc3\xafve encodings: UTF-8 in base64"},
	/* fallbacks: dc:title, media:title, dcterms dates, keywords */
	{"../corpus/fb-dc-title-only.xml", 0, TS_F_TITLE,
	 "Startup district plan approved despite parking objections"},
	{"../corpus/fb-media-title-only.xml", 0, TS_F_TITLE, "Harbour timelapse at dawn"},
	{"../corpus/fb-dcterms-dates.xml", 0, TS_F_PUB, "1741941000"},
	{"../corpus/fb-itunes-keywords.xml", 0, TS_F_TAGS, "soil|compost|worms|gardening"},
	{"../corpus/fb-media-keywords.xml", 0, TS_F_TAGS, "storm|pier|weather"},
	{"../corpus/fb-itunes-category-item.xml", 0, TS_F_TAGS, "Science"},
	{"../corpus/badutf8-cp1252-nodecl.xml", 0, TS_F_TITLE, "Council\xe2\x80\x99s "
	 "\xe2\x80\x9cquiet\xe2\x80\x9d budget \xe2\x80\x93 what it means for you"},
	{"../corpus/dup-guid-diff-title.xml", 0, TS_F_ID, "live-2025-03-14"},
	{"../corpus/dup-guid-diff-title.xml", 1, TS_F_ID, "live-2025-03-14#2"},
	{"../corpus/dup-guid-diff-title.xml", 1, TS_F_TITLE, "Election night: first results"},
	{"html-entities.xml", 0, TS_F_TITLE, "Caf\xc3\xa9 society returns to Soho\xe2\x80\xa6"},
	{"html-entities.xml", 0, TS_F_SUMMARY, "html:Critics\xe2\x80\x99 pick: \xe2\x80\x9cthe best "
	 "flat white in W1\xe2\x80\x9d \xe2\x9c\x93"},
	{"html-entities.xml", 0, TS_F_TAGS, "Food & Drink"},
	{"html-entities.xml", 1, TS_F_TITLE, "&sitename; on the Proms: five nights not to miss"},
	{"html-entities.xml", 1, TS_F_TAGS, "Music \xe2\x86\x92 Classical"},
	{"html-entities.xml", 0, TS_F_FEED_DESC, "Reviews, previews\xc2\xa0& interviews"},
	{"controls.xml", 0, TS_F_TITLE, "FTSE 100 closes higher as miners rally"},
	{"controls.xml", 0, TS_F_SUMMARY, "html:Rio Tinto and Glencore led the gains ."}, /* FF */
	{"controls.xml", 1, TS_F_TITLE, "Yen \xef\xbf\xa5 slips against the pound"},
	{"controls.xml", 1, TS_F_SUMMARY, "html:Traders in Tokyo react to the Bank of Japan\xef\xbc\x81"},
	{"controls.xml", 2, TS_F_TITLE, "Gilts steady before the Banks decision"},
	{"ws-before-decl.xml", 1, TS_F_LINK, "https://londondaily.com/blog/night-buses/"},
	/* RSS 2.0 */
	{"rss2.xml", 0, TS_F_FEED_LINK, "https://londondaily.com/"},
	{"rss2.xml", 0, TS_F_FEED_DESC, "Focus on the big picture."},
	{"rss2.xml", 0, TS_F_FEED, "London Daily"},
	{"rss2.xml", 0, TS_F_ID, "ld-2024-0912-001"},
	{"rss2.xml", 0, TS_F_TITLE, "China's Tech Sector Focuses on AI Race with US Titans like Google & Microsoft"},
	{"rss2.xml", 0, TS_F_LINK, "https://londondaily.com/china-tech-sector-ai-race"},
	{"rss2.xml", 0, TS_F_AUTHOR, "Staff Reporter"},
	{"rss2.xml", 0, TS_F_PUB, "1726133400"},
	{"rss2.xml", 0, TS_F_TAGS, "ANT|Technology"},
	{"rss2.xml", 0, TS_F_ENCL, "https://londondaily.com/media/ai-race.mp3 audio/mpeg 1234567|"
				   "https://londondaily.com/media/ai-race.jpg image/jpeg -1"},
	{"rss2.xml", 0, TS_F_SUMMARY, "html:<p>China's tech sector is focusing on competing with US titans like Google and Microsoft in the global <b>artificial intelligence</b> race.</p>"},
	{"rss2.xml", 0, TS_F_CONTENT, "~html:<p>Billionaire entrepreneurs,"},
	{"rss2.xml", 0, TS_F_CONTENT, "~$50 million in seed capital.</p>"},
	{"rss2.xml", 1, TS_F_TITLE, "Sogou founder raises $50 million for AI start-up"},
	{"rss2.xml", 1, TS_F_LINK, "https://londondaily.com/sogou-founder-ai-startup"},
	{"rss2.xml", 1, TS_F_ID, "https://londondaily.com/sogou-founder-ai-startup"},
	{"rss2.xml", 1, TS_F_PUB, "1726074300"},
	{"rss2.xml", 1, TS_F_AUTHOR, "News Desk"}, /* "desk@londondaily.com (News Desk)" */
	{"rss2.xml", 1, TS_F_TAGS, "AI"},
	{"rss2.xml", 1, TS_F_SUMMARY, "html:Wang Xiaochuan has secured <em>$50 million</em> in seed capital \xe2\x80\x94 \"quickly\"."},
	{"rss2.xml", 1, TS_F_CONTENT, "(null)"},
	{"rss2.xml", 2, TS_F_LINK, "https://londondaily.com/preqin-ai-venture-deals"},
	{"rss2.xml", 2, TS_F_PUB, "1725948900"},
	{"rss2.xml", 2, TS_F_AUTHOR, "(null)"},
	{"rss2.xml", 2, TS_F_ENCL, "https://londondaily.com/media/preqin.mp4 video/mp4 99"},
	/* RSS 0.91 with its public DTD (not fetched) */
	{"rss091.xml", 1, TS_F_LINK, "https://londondaily.com/local-firms-thrive"},
	{"rss091.xml", 1, TS_F_ID, "https://londondaily.com/local-firms-thrive"},
	{"rss091.xml", 1, TS_F_PUB, "none"},
	{"rss091.xml", 0, TS_F_SUMMARY, "html:The Chinese government is likely to mobilize the nation's resources."},
	/* RSS 1.0 */
	{"rdf.xml", 0, TS_F_FEED_DESC, "Focus on the big picture."},
	{"rdf.xml", 0, TS_F_AUTHOR, "Technology Editor"},
	{"rdf.xml", 0, TS_F_PUB, "1726120800"},
	{"rdf.xml", 0, TS_F_TAGS, "Cloud"},
	{"rdf.xml", 1, TS_F_PUB, "1726012800"},
	{"rdf.xml", 1, TS_F_CONTENT, "html:<p>Beijing's regulations on generative AI put China's applications at a disadvantage.</p>"},
	/* Atom 1.0 */
	{"atom10.xml", 0, TS_F_FEED_LINK, "https://londondaily.com/"},
	{"atom10.xml", 0, TS_F_FEED_DESC, "Focus on the big picture."},
	{"atom10.xml", 0, TS_F_TITLE, "Baidu & iFlytek race to match the US"},
	{"atom10.xml", 0, TS_F_LINK, "https://londondaily.com/baidu-iflytek-ai"},
	{"atom10.xml", 0, TS_F_ID, "tag:londondaily.com,2024:baidu-iflytek"},
	{"atom10.xml", 0, TS_F_AUTHOR, "London Daily Desk"},
	{"atom10.xml", 0, TS_F_PUB, "1726128000"},
	{"atom10.xml", 0, TS_F_TAGS, "AI|Chips"},
	{"atom10.xml", 0, TS_F_ENCL, "https://londondaily.com/media/baidu.mp3 audio/mpeg 4096"},
	{"atom10.xml", 0, TS_F_SUMMARY, "text:Chinese companies such as Baidu & iFlytek are working to match the US."},
	{"atom10.xml", 0, TS_F_CONTENT, "html:<p>Despite these challenges, <b>Baidu</b> is working to surpass the US.</p>"},
	{"atom10.xml", 1, TS_F_TITLE, "Nvidia chips barred from China"},
	{"atom10.xml", 1, TS_F_AUTHOR, "Trade Correspondent"},
	{"atom10.xml", 1, TS_F_PUB, "1726056000"},
	{"atom10.xml", 1, TS_F_SUMMARY, "html:<p>AMD &amp; Nvidia <a href=\"https://londondaily.com/chips?a=1&amp;b=&quot;2&quot;\">chips</a><br>are barred.</p>"},
	{"atom10.xml", 1, TS_F_CONTENT, "html:<p>Washington bars <strong>powerful chip sets</strong> &lt;script&gt;.</p><img src=\"/i.png\" alt=\"x\">"},
	{"atom10.xml", 2, TS_F_ID, "https://londondaily.com/plain-entry"},
	{"atom10.xml", 2, TS_F_PUB, "none"},
	{"atom10.xml", 2, TS_F_CONTENT, "text:Line one\nLine two <not a tag>"},
	/* Atom 0.3 */
	{"atom03.xml", 0, TS_F_FEED_DESC, "Focus on the big picture."},
	{"atom03.xml", 0, TS_F_FEED_LINK, "https://londondaily.com/"},
	{"atom03.xml", 0, TS_F_AUTHOR, "Science Editor"},
	{"atom03.xml", 0, TS_F_PUB, "1725865200"},
	{"atom03.xml", 0, TS_F_SUMMARY, "text:Researchers at two universities use it."},
	{"atom03.xml", 0, TS_F_CONTENT, "html:<p>His firm has launched an <i>open-source</i> model.</p>"},
	{"atom03.xml", 1, TS_F_AUTHOR, "Archive Desk"},
	{"atom03.xml", 1, TS_F_PUB, "1725798600"},
	{"atom03.xml", 1, TS_F_CONTENT, "html:<p>China <em>may not</em> need three years.</p>"},
	/* xml:base */
	{"xmlbase.xml", 0, TS_F_FEED_LINK, "https://londondaily.com/"},
	{"xmlbase.xml", 0, TS_F_LINK, "https://londondaily.com/news/2024/ai-race.html"},
	{"xmlbase.xml", 0, TS_F_ENCL, "https://londondaily.com/news/media/ai.mp3 audio/mpeg 12"},
	{"xmlbase.xml", 1, TS_F_LINK, "https://londondaily.com/news/archive/old.html"},
	{"xmlbase.xml", 2, TS_F_LINK, "https://londondaily.com/news/plain.html"},
	{"xmlbase.xml", 3, TS_F_LINK, "https://cdn.londondaily.com/x/y.html"},
	/* encodings */
	{"latin1.xml", 0, TS_F_TITLE, "Caf\xc3\xa9 society: Z\xc3\xbcrich fa\xc3\xa7" "ade restored for \xc2\xa3" "5m"},
	{"latin1.xml", 0, TS_F_FEED, "London Daily \xe2\x80\x93 Europe"},
	{"latin1.xml", 0, TS_F_SUMMARY, "html:D\xc3\xa9j\xc3\xa0 vu in K\xc3\xb8" "benhavn \xc2\xbd price"},
	{"cp1252.xml", 0, TS_F_TITLE, "\xe2\x80\x9cSmart quotes\xe2\x80\x9d \xe2\x80\x93 rents up \xe2\x82\xac" "5 \xe2\x80\xa6 or \xe2\x80\x98more\xe2\x80\x99"},
	/* hostile characters pass the parser; the terminal edge strips them */
	{"escapes.xml", 0, TS_F_TITLE, "C1 \xe2\x80\xba" "31m and bidi \xe2\x80\xaetxet\xe2\x80\xac and DEL \x7f pass the parser"},
	{"escapes.xml", 0, TS_F_SUMMARY, "html:<p>CSI \xe2\x80\xba" "2J in a summary</p>"},
	{"escapes.xml", 1, TS_F_TITLE, "ESC ]0;pwned is not XML"},
	{"mismatched-tags.xml", 0, TS_F_TITLE, "Misspelt end tag"},
	{"mismatched-tags.xml", 0, TS_F_LINK, "https://londondaily.com/misspelt"},
	{"mismatched-tags.xml", 0, TS_F_SUMMARY, "html:Bold unclosed, then italic and the end"},
	{"mismatched-tags.xml", 1, TS_F_SUMMARY, "html:Text para bold after tail"},
	{"mismatched-tags.xml", 1, TS_F_LINK, "https://londondaily.com/stray"},
	{"mismatched-tags.xml", 2, TS_F_TITLE, "Third, untouched"},
	/* broken documents keep what came before the fault */
	{"malformed-midway.xml", 1, TS_F_TITLE, "Second complete item"},
	{"truncated.xml", 1, TS_F_LINK, "https://londondaily.com/complete-2"},
	{"xxe-file.xml", 0, TS_F_TITLE, "Before the entity: internal entity text"},
	{"xxe-file.xml", 1, TS_F_TITLE, "Leak: &xxe;"},
	{"xxe-file.xml", 1, TS_F_SUMMARY, "html:&xxe;"},
	{"external-dtd.xml", 0, TS_F_TITLE, "Declared only in the external DTD: &dtdmarker;"},
	/* id fallbacks: FNV-1a 64 of title NUL date */
	{"nodates.xml", 0, TS_F_ID, "hash:d97f862bbaf98a3d"},
	{"nodates.xml", 0, TS_F_PUB, "none"},
	{"nodates.xml", 0, TS_F_LINK, "(null)"},
	{"nodates.xml", 1, TS_F_ID, "hash:98cd0ad1da4c7794"},
	{"nodates.xml", 2, TS_F_ID, "https://londondaily.com/brief-link"},
	{"nodates.xml", 2, TS_F_PUB, "none"},
	{"nodates.xml", 3, TS_F_ID, "not-a-url-guid"},
	{"nodates.xml", 3, TS_F_LINK, "(null)"},
	{"nodates.xml", 3, TS_F_TITLE, ""},
};

static void
test_fields(void **state)
{
	(void)state;
	ts_check_fields(FEED_URL, field_rows, NROWS(field_rows));
}

/* Pushing byte by byte gives exactly what one push gives. */
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
		ts_result_free(&whole);
		ts_result_free(&bytes);
	}
}

static void
test_skip_content(void **state)
{
	static const char *const files[] = {"rss2.xml", "rdf.xml", "atom10.xml", "atom03.xml"};
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
			assert_true((a->summary == NULL) == (s->summary == NULL));
		}
		ts_result_free(&full);
		ts_result_free(&skip);
	}
	assert_true(had >= 5); /* the fixtures did have bodies to skip */
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
	if (strstr(a->title, "Sogou") != NULL)
		return false;
	free(a->content);  /* the callback may edit what it keeps */
	a->content = NULL;
	return true;
}

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
	data = ts_slurp(ts_data_path("feeds/rss2.xml"), &len);
	assert_int_equal(feed_parse_new(&p, FEED_URL, 0), LDN_OK);
	feed_parse_set_article_cb(p, drop_sogou, &cs);
	/* the first article is complete within the first half */
	half = (size_t)(strstr(data, "Sogou founder") - data);
	assert_int_equal(feed_parse_push(p, data, half), LDN_OK);
	assert_int_equal(cs.calls, 1);
	assert_int_equal(feed_parse_push(p, data + half, len - half), LDN_OK);
	assert_int_equal(feed_parse_finish(p, &f, &w, &c), LDN_OK);
	feed_parse_free(p);
	free(data);
	assert_int_equal(cs.calls, 3);
	assert_string_equal(cs.titles[1], "Sogou founder raises $50 million for AI start-up");
	assert_int_equal(f->articles.len, 2);
	assert_null(f->articles.items[0]->content);
	assert_string_equal(f->articles.items[1]->title,
			    "Preqin: China AI venture deals outpace consumer tech");
	assert_null(w);
	assert_null(c);
	feed_free(f);
}

/* The channel title may come after the items: every article gets it. */
static void
test_late_feed_title(void **state)
{
	static const char *const docs[] = {
		"<rss version=\"2.0\"><channel>"
		"<item><title>One</title><link>https://londondaily.com/1</link></item>"
		"<item><title>Two</title><link>https://londondaily.com/2</link></item>"
		"<title>London Daily Late</title></channel></rss>",
		"<feed xmlns=\"http://www.w3.org/2005/Atom\">"
		"<entry><title>One</title><id>urn:1</id></entry>"
		"<entry><title>Two</title><id>urn:2</id></entry>"
		"<title>London Daily Late</title>"
		"<author><name>Late Desk</name></author></feed>",
	};
	struct feed *f;
	char *w = NULL, *c = NULL;
	size_t i, j;

	(void)state;
	for (i = 0; i < NROWS(docs); i++) {
		assert_int_equal(feed_parse_buffer(docs[i], strlen(docs[i]), FEED_URL, 0,
						   &f, &w, &c), LDN_OK);
		assert_int_equal(f->articles.len, 2);
		for (j = 0; j < 2; j++) {
			assert_string_equal(f->articles.items[j]->feed, "London Daily Late");
			assert_string_equal(f->articles.items[j]->feed_url, FEED_URL);
		}
		if (i == 1)
			assert_string_equal(f->articles.items[0]->author, "Late Desk");
		assert_null(w);
		feed_free(f);
	}
}

static void
test_not_a_feed_push(void **state)
{
	static const char html[] = "<html><head><title>x</title></head><body>";
	struct feed_parser *p;
	struct feed *f;
	char *w = NULL, *c = NULL;

	(void)state;
	assert_int_equal(feed_parse_new(&p, FEED_URL, 0), LDN_OK);
	assert_int_equal(feed_parse_push(p, html, sizeof(html) - 1), LDN_EPARSE);
	/* further pushes are ignored */
	assert_int_equal(feed_parse_push(p, "<rss>", 5), LDN_EPARSE);
	assert_int_equal(feed_parse_finish(p, &f, &w, &c), LDN_EPARSE);
	assert_null(f);
	assert_string_equal(c, "not an RSS, Atom or JSON Feed (root element <html>)");
	free(c);
	feed_parse_free(p);

	c = NULL;
	assert_int_equal(feed_parse_buffer(" \n\t", 3, FEED_URL, 0, &f, &w, &c), LDN_EPARSE);
	assert_non_null(strstr(c, "empty document"));
	free(c);
	c = NULL;
	assert_int_equal(feed_parse_buffer("just words", 10, FEED_URL, 0, &f, &w, &c),
			 LDN_EPARSE);
	assert_non_null(strstr(c, "not an RSS, Atom or JSON Feed"));
	free(c);
}

/* A field over its cap is kept, cut at a UTF-8 boundary, with a warning. */
static void
test_field_cap(void **state)
{
	const size_t n = 600000; /* 'a' + n * "é" = 1.2 MB > 1 MiB title cap */
	struct buf doc;
	struct feed *f;
	char *w = NULL, *c = NULL;
	const char *t;
	size_t i, len;

	(void)state;
	buf_init(&doc, (size_t)4 << 20);
	assert_int_equal(buf_puts(&doc, "<rss><channel><item><title>a"), LDN_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_puts(&doc, "\xc3\xa9"), LDN_OK);
	assert_int_equal(buf_puts(&doc, "</title><link>https://londondaily.com/big</link>"
				  "</item></channel></rss>"), LDN_OK);
	assert_int_equal(feed_parse_buffer(doc.data, doc.len, FEED_URL, 0, &f, &w, &c),
			 LDN_OK);
	buf_free(&doc);
	assert_int_equal(f->articles.len, 1);
	t = f->articles.items[0]->title;
	len = strlen(t);
	assert_true(len <= (size_t)1 << 20);
	assert_true(len > ((size_t)1 << 20) - 4);
	assert_int_equal(len % 2, 1); /* 'a' then whole two-byte characters */
	assert_int_equal((unsigned char)t[len - 1], 0xa9);
	assert_string_equal(f->articles.items[0]->link, "https://londondaily.com/big");
	assert_non_null(w);
	assert_non_null(strstr(w, "truncated"));
	free(w);
	feed_free(f);
}

static void
test_billion_laughs_fast(void **state)
{
	struct timespec t0, t1;
	struct ts_result r;
	double secs;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ts_parse_file(FEED_URL, "billion-laughs.xml", 0, &r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_int_equal(r.st, LDN_EPARSE);
	assert_non_null(strstr(r.cause, "entity"));
	if (secs >= 1.0)
		fail_msg("billion laughs took %.3f s", secs);
	ts_result_free(&r);
}

/* Documents that would leak MARKER if externals were loaded: head, file, tail. */
static const struct {
	const char *head, *file, *tail;
} xxe_rows[] = {
	/* external general entity, file: URL */
	{"<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://", "xxe-secret.txt",
	 "\">]><rss><channel><title>T</title><item><title>a &xxe; b</title>"
	 "<link>https://londondaily.com/x</link></item></channel></rss>"},
	/* external general entity, plain path */
	{"<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"", "xxe-secret.txt",
	 "\">]><rss><channel><title>T</title><item><description>&xxe;</description>"
	 "<link>https://londondaily.com/x</link></item></channel></rss>"},
	/* external DTD declaring the entity */
	{"<!DOCTYPE rss SYSTEM \"", "xxe-dtd.dtd",
	 "\"><rss><channel><title>T</title><item><title>&dtdmarker;</title>"
	 "<link>https://londondaily.com/x</link></item></channel></rss>"},
	/* external parameter entity pulling the same DTD in */
	{"<!DOCTYPE rss [<!ENTITY % pe SYSTEM \"", "xxe-dtd.dtd",
	 "\"> %pe;]><rss><channel><title>T</title><item><title>&dtdmarker;</title>"
	 "<link>https://londondaily.com/x</link></item></channel></rss>"},
};

static char *
xxe_doc(size_t which)
{
	struct buf b;
	char *s;

	buf_init(&b, 1 << 16);
	assert_int_equal(buf_printf(&b, "%s%s%s%s", xxe_rows[which].head, FEEDS,
				    xxe_rows[which].file, xxe_rows[which].tail), LDN_OK);
	s = buf_detach(&b);
	assert_non_null(s);
	return s;
}

/* A naive libxml2 parse of the document: proves the vector is live. */
static bool
naive_leaks(const char *doc)
{
	xmlDocPtr d = xmlReadMemory(doc, (int)strlen(doc), NULL, NULL,
				    XML_PARSE_NOENT | XML_PARSE_DTDLOAD |
				    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlChar *out = NULL;
	int len = 0;
	bool leak;

	if (d == NULL)
		return false;
	xmlDocDumpMemory(d, &out, &len);
	leak = out != NULL && strstr((const char *)out, MARKER) != NULL;
	xmlFree(out);
	xmlFreeDoc(d);
	return leak;
}

static void
test_xxe_never_loaded(void **state)
{
	struct ts_result r;
	size_t i, which;
	char *doc, *d;

	(void)state;
	for (which = 0; which < NROWS(xxe_rows); which++) {
		doc = xxe_doc(which);
		if (!naive_leaks(doc))
			fail_msg("vector %zu does not leak even naively: test is void", which);
		ts_parse_chunked(FEED_URL, doc, strlen(doc), 0, 0, &r);
		if (r.st == LDN_OK) {
			d = ts_feed_dump(r.feed);
			if (strstr(d, MARKER) != NULL)
				fail_msg("vector %zu leaked: %s", which, d);
			free(d);
		}
		assert_true(r.warning == NULL || strstr(r.warning, MARKER) == NULL);
		assert_true(r.cause == NULL || strstr(r.cause, MARKER) == NULL);
		ts_result_free(&r);
		free(doc);
	}
	/* and none of the fixtures shows it */
	for (i = 0; i < NROWS(doc_rows); i++) {
		ts_parse_file(FEED_URL, doc_rows[i].file, 0, &r);
		if (r.st == LDN_OK) {
			d = ts_feed_dump(r.feed);
			assert_null(strstr(d, MARKER));
			free(d);
		}
		ts_result_free(&r);
	}
}

/* libxml2 reports through the parser, never on stderr by itself. */
static void
test_nothing_on_stderr(void **state)
{
	struct ts_result r;
	struct ts_stderr err;
	size_t i;
	char *doc;
	static const char bad[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><channel>"
		"<title>\xff\xfe bad</title></channel></rss>";

	(void)state;
	ts_stderr_begin(&err);
	for (i = 0; i < NROWS(doc_rows); i++) {
		ts_parse_file(FEED_URL, doc_rows[i].file, 0, &r);
		ts_result_free(&r);
	}
	for (i = 0; i < NROWS(xxe_rows); i++) {
		doc = xxe_doc(i);
		ts_parse_chunked(FEED_URL, doc, strlen(doc), 0, 0, &r);
		ts_result_free(&r);
		free(doc);
	}
	/* bytes that are not valid in the declared encoding */
	ts_parse_chunked(FEED_URL, bad, sizeof(bad) - 1, 0, 0, &r);
	ts_result_free(&r);
	assert_int_equal(ts_stderr_end(&err), 0);
}

/* The format of every fixture that parses, and of the rarer roots. */
static void
test_formats(void **state)
{
	static const struct {
		const char *file, *format;
	} files[] = {
		{"rss2.xml", "RSS 2.0"}, {"rss091.xml", "RSS 0.9x"}, {"rdf.xml", "RSS 1.0"},
		{"atom10.xml", "Atom 1.0"}, {"atom03.xml", "Atom 0.3"},
		{"xmlbase.xml", "Atom 1.0"}, {"latin1.xml", "RSS 2.0"},
		{"cp1252.xml", "RSS 2.0"}, {"nodates.xml", "RSS 2.0"},
		{"malformed-midway.xml", "RSS 2.0"}, {"truncated.xml", "RSS 2.0"},
		{"escapes.xml", "RSS 2.0"}, {"xxe-file.xml", "RSS 2.0"},
		{"xxe-http.xml", "RSS 2.0"}, {"external-dtd.xml", "RSS 2.0"},
		{"hostile-fields.xml", "RSS 2.0"}, {"relative.xml", "RSS 2.0"},
		{"json11.json", "JSON Feed 1.1"}, {"json10.json", "JSON Feed 1.0"},
	};
	static const struct {
		const char *doc, *format;
	} docs[] = {
		{"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
		 "xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"><channel><title>Old</title>"
		 "</channel><item><title>x</title><link>https://londondaily.com/x</link></item>"
		 "</rdf:RDF>", "RSS 0.90"},
		{"<rss><channel><title>T</title></channel></rss>", "RSS"},
		{"<rss version=\"0.92\"><channel><title>T</title></channel></rss>", "RSS 0.9x"},
		{"<rss version=\"2.0.11\"><channel><title>T</title></channel></rss>", "RSS 2.0"},
		{"<rss version=\"3\"><channel><title>T</title></channel></rss>", "RSS"},
		{"<feed><title>T</title></feed>", "Atom"},
	};
	struct ts_result r;
	size_t i;

	(void)state;
	for (i = 0; i < NROWS(files); i++) {
		ts_parse_file(FEED_URL, files[i].file, 0, &r);
		assert_int_equal(r.st, LDN_OK);
		if (strcmp(r.feed->format, files[i].format) != 0)
			fail_msg("%s: format %s", files[i].file, r.feed->format);
		ts_result_free(&r);
	}
	for (i = 0; i < NROWS(docs); i++) {
		ts_parse_chunked(FEED_URL, docs[i].doc, strlen(docs[i].doc), 0, 0, &r);
		assert_int_equal(r.st, LDN_OK);
		if (strcmp(r.feed->format, docs[i].format) != 0)
			fail_msg("doc %zu: format %s", i, r.feed->format);
		ts_result_free(&r);
	}
}

/* <ttl>, else the syndication module, in minutes; 0 when the feed says
 * nothing usable. */
static void
test_ttl(void **state)
{
#define SY "xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\""
	static const struct {
		const char *channel; /* inside <rss><channel> */
		long want;
	} rows[] = {
		{"<ttl>60</ttl>", 60},
		{"<ttl>\n 30 \n</ttl>", 30},
		{"<ttl>abc</ttl>", 0},
		{"<ttl>-5</ttl>", 0},
		{"<ttl>0</ttl>", 0},
		{"<ttl>10 minutes</ttl>", 0},
		{"<ttl>99999999999999999999999</ttl>", 0},
		{"<ttl>99999999</ttl>", 525600},
		{"<item><title>i</title><ttl>5</ttl></item>", 0},
		{"<image><ttl>5</ttl></image>", 0},
		{"<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2"
		 "</sy:updateFrequency>", 30},
		{"<sy:updatePeriod> Daily </sy:updatePeriod>", 1440},
		{"<sy:updateFrequency>4</sy:updateFrequency>", 360},
		{"<sy:updatePeriod>weekly</sy:updatePeriod>", 10080},
		{"<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>120"
		 "</sy:updateFrequency>", 1},
		{"<sy:updatePeriod>often</sy:updatePeriod>", 0},
		{"<ttl>15</ttl><sy:updatePeriod>daily</sy:updatePeriod>", 15},
		{"<title>no ttl</title>", 0},
	};
	static const char atom[] =
		"<feed xmlns=\"http://www.w3.org/2005/Atom\" " SY "><title>A</title>"
		"<sy:updatePeriod>monthly</sy:updatePeriod></feed>";
	struct ts_result r;
	char doc[512];
	size_t i, chunk;

	(void)state;
	for (i = 0; i < NROWS(rows); i++) {
		snprintf(doc, sizeof(doc), "<rss version=\"2.0\" " SY "><channel>%s"
			 "</channel></rss>", rows[i].channel);
		for (chunk = 0; chunk <= 1; chunk++) {
			ts_parse_chunked(FEED_URL, doc, strlen(doc), chunk, 0, &r);
			assert_int_equal(r.st, LDN_OK);
			if (r.feed->ttl_minutes != rows[i].want)
				fail_msg("row %zu: ttl %ld want %ld", i, r.feed->ttl_minutes,
					 rows[i].want);
			ts_result_free(&r);
		}
	}
	ts_parse_chunked(FEED_URL, atom, sizeof(atom) - 1, 0, 0, &r);
	assert_int_equal(r.feed->ttl_minutes, 43200);
	ts_result_free(&r);
	ts_parse_file(FEED_URL, "rss2.xml", 0, &r);
	assert_int_equal(r.feed->ttl_minutes, 0);
	ts_result_free(&r);
#undef SY
}

/* Latin-1 text as UTF-16LE with its BOM. */
static char *
utf16le(const char *latin1, size_t *len)
{
	size_t n = strlen(latin1), i;
	char *out = malloc(2 * n + 2);

	assert_non_null(out);
	out[0] = (char)0xff;
	out[1] = (char)0xfe;
	for (i = 0; i < n; i++) {
		out[2 + 2 * i] = latin1[i];
		out[3 + 2 * i] = 0;
	}
	*len = 2 * n + 2;
	return out;
}

/* RFC 7303: the HTTP charset wins over the XML declaration. */
static void
test_charset(void **state)
{
#define RSS(t) "<rss version=\"2.0\"><channel><title>" t "</title></channel></rss>"
#define DECL(e) "<?xml version=\"1.0\" encoding=\"" e "\"?>"
	static const struct {
		const char *doc;
		const char *charset;
		const char *title;
		const char *warning; /* substring, or NULL for none */
	} rows[] = {
		/* the declaration lies; the header is right */
		{DECL("UTF-8") RSS("Caf\xe9 \xa3" "5"), "ISO-8859-1", "Caf\xc3\xa9 \xc2\xa3" "5", NULL},
		{DECL("UTF-8") RSS("\x93Smart\x94 \x80" "5"), "windows-1252",
		 "\xe2\x80\x9cSmart\xe2\x80\x9d \xe2\x82\xac" "5", NULL},
		{DECL("ISO-8859-1") RSS("Caf\xc3\xa9"), "utf-8", "Caf\xc3\xa9", NULL},
		{RSS("Caf\xe9"), "iso-8859-1", "Caf\xc3\xa9", NULL},
		/* without the header, the declaration says UTF-8: the bytes that
		 * are not are read as windows-1252, one by one, and said so */
		{DECL("UTF-8") RSS("Caf\xe9 \xa3" "5"), NULL, "Caf\xc3\xa9 \xc2\xa3" "5",
		 "line 1: 2 bytes that are not UTF-8 read as windows-1252"},
		{DECL("UTF-8") RSS("\x93Smart\x94 \x80" "5 caf\xc3\xa9"), "",
		 "\xe2\x80\x9cSmart\xe2\x80\x9d \xe2\x82\xac" "5 caf\xc3\xa9",
		 "line 1: 3 bytes that are not UTF-8 read as windows-1252"},
		/* an unknown charset: the declaration is used */
		{DECL("ISO-8859-1") RSS("Caf\xe9"), "x-bogus", "Caf\xc3\xa9",
		 "unknown charset \"x-bogus\" in the Content-Type ignored"},
		/* a UTF-8 byte order mark wins over both */
		{"\xef\xbb\xbf" DECL("ISO-8859-1") RSS("Caf\xc3\xa9"), "UTF-8", "Caf\xc3\xa9", NULL},
		{"\xef\xbb\xbf" RSS("Caf\xc3\xa9"), "ISO-8859-1", "Caf\xc3\xa9", NULL},
		/* bytes the header's charset has no character for: the fault
		 * leaves no article, which fails the feed, named (title NULL:
		 * the cause holds the warning); nothing printed (see below) */
		{DECL("UTF-8") RSS("a\x90" "b"), "windows-1252", NULL,
		 "line 1: input conversion failed due to input error, bytes 0x90"},
		/* JSON is UTF-8 whatever the header says */
		{"{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Caf\xc3\xa9\","
		 "\"items\":[]}", "ISO-8859-1", "Caf\xc3\xa9", NULL},
	};
	struct feed_parser *p;
	struct ts_result r;
	size_t i, off, chunk, len;
	char *doc;

	(void)state;
	for (i = 0; i < NROWS(rows) + 1; i++) {
		for (chunk = 0; chunk <= 1; chunk++) {
			/* the last row: UTF-16 with its BOM, the header saying Latin-1 */
			if (i == NROWS(rows))
				doc = utf16le(RSS("Caf\xe9"), &len);
			else
				doc = strdup(rows[i].doc), len = strlen(rows[i].doc);
			memset(&r, 0, sizeof(r));
			assert_int_equal(feed_parse_new(&p, FEED_URL, 0), LDN_OK);
			assert_int_equal(feed_parse_set_encoding(p, i < NROWS(rows) ? rows[i].charset
								 : "ISO-8859-1"), LDN_OK);
			for (off = 0; off < len; off += chunk ? 1 : len)
				(void)feed_parse_push(p, doc + off, chunk ? 1 : len);
			r.st = feed_parse_finish(p, &r.feed, &r.warning, &r.cause);
			feed_parse_free(p);
			free(doc);
			if (i < NROWS(rows) && rows[i].title == NULL) {
				if (r.st != LDN_EPARSE || strstr(r.cause, rows[i].warning) == NULL)
					fail_msg("row %zu: status %d cause \"%s\"", i, r.st,
						 r.cause ? r.cause : "-");
				ts_result_free(&r);
				continue;
			}
			if (r.st != LDN_OK)
				fail_msg("row %zu: %s", i, r.cause);
			if (strcmp(r.feed->title, i < NROWS(rows) ? rows[i].title : "Caf\xc3\xa9") != 0)
				fail_msg("row %zu (chunk %zu): title \"%s\"", i, chunk, r.feed->title);
			if (i < NROWS(rows) && rows[i].warning == NULL && r.warning != NULL)
				fail_msg("row %zu: warning \"%s\"", i, r.warning);
			if (i < NROWS(rows) && rows[i].warning != NULL &&
			    (r.warning == NULL || strstr(r.warning, rows[i].warning) == NULL))
				fail_msg("row %zu: warning \"%s\"", i, r.warning ? r.warning : "-");
			ts_result_free(&r);
		}
	}
#undef RSS
#undef DECL
}

static void
test_charset_of(void **state)
{
	static const struct {
		const char *ct, *want;
	} rows[] = {
		{"text/xml; charset=ISO-8859-1", "ISO-8859-1"},
		{"text/xml;charset=\"utf-8\"", "utf-8"},
		{"application/rss+xml; CHARSET = windows-1252 ; q=1", "windows-1252"},
		{"application/rss+xml; Charset=\"iso-8859-1\"", "iso-8859-1"},
		{"text/html", NULL},
		{NULL, NULL},
		{"", NULL},
		{"text/xml; foo=\"a;charset=bad\"; charset=good", "good"},
		{"text/xml; foo=\"a\\\";charset=bad\"; charset=good", "good"},
		{"text/xml; charset=\"we\\\"ird\"", "we\"ird"},
		{"text/xml; xcharset=no", NULL},
		{"text/xml; charset=", NULL},
		{"text/xml; charset=\"\"; charset=utf-8", "utf-8"},
		{"text/xml; charset", NULL},
		{"text/xml; charset; charset=koi8-r", "koi8-r"},
		{"text/xml; charset=\"unterminated", "unterminated"},
		{"; charset=utf-8", "utf-8"},
		{"text/xml; charset=utf-8; charset=latin1", "utf-8"},
		{"text/xml;;; charset=\tutf-8\t", "utf-8"},
	};
	size_t i;
	char *cs;

	(void)state;
	for (i = 0; i < NROWS(rows); i++) {
		cs = (char *)1;
		assert_int_equal(feed_parse_charset_of(rows[i].ct, &cs), LDN_OK);
		if (rows[i].want == NULL && cs != NULL)
			fail_msg("row %zu: got \"%s\"", i, cs);
		if (rows[i].want != NULL && (cs == NULL || strcmp(cs, rows[i].want) != 0))
			fail_msg("row %zu: got \"%s\" want \"%s\"", i, cs ? cs : "(null)",
				 rows[i].want);
		free(cs);
	}
}

/* Encoding errors have no parser context in libxml2: they must not reach
 * stderr either, in the feed parser or in the HTML parser. */
static void
test_encoding_errors_quiet(void **state)
{
	static const char xml[] =
		"<rss version=\"2.0\"><channel><item><title>kept</title></item>"
		"<item><title>a\x90" "b</title></item></channel></rss>";
	static const char declared[] =
		"<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\">"
		"<channel><title>a\x90" "b</title></channel></rss>";
	struct ts_stderr err;
	struct feed_parser *p;
	struct ts_result r;

	(void)state;
	ts_stderr_begin(&err);
	memset(&r, 0, sizeof(r));
	assert_int_equal(feed_parse_new(&p, FEED_URL, 0), LDN_OK);
	assert_int_equal(feed_parse_set_encoding(p, "windows-1252"), LDN_OK);
	(void)feed_parse_push(p, xml, sizeof(xml) - 1);
	r.st = feed_parse_finish(p, &r.feed, &r.warning, &r.cause);
	feed_parse_free(p);
	fflush(stderr);
	assert_int_equal(r.st, LDN_OK);
	assert_int_equal(r.feed->articles.len, 1);
	assert_string_equal(r.feed->articles.items[0]->title, "kept");
	assert_non_null(strstr(r.warning, "input conversion failed"));
	ts_result_free(&r);
	/* the same from the document's own declaration, where the fault
	 * leaves no article: the feed fails, the cause says why */
	ts_parse_chunked(FEED_URL, declared, sizeof(declared) - 1, 0, 0, &r);
	assert_int_equal(r.st, LDN_EPARSE);
	assert_non_null(strstr(r.cause, "input conversion failed"));
	ts_result_free(&r);
	assert_int_equal(ts_stderr_end(&err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_one_byte_chunks),
		cmocka_unit_test(test_skip_content),
		cmocka_unit_test(test_article_callback),
		cmocka_unit_test(test_late_feed_title),
		cmocka_unit_test(test_not_a_feed_push),
		cmocka_unit_test(test_field_cap),
		cmocka_unit_test(test_billion_laughs_fast),
		cmocka_unit_test(test_xxe_never_loaded),
		cmocka_unit_test(test_nothing_on_stderr),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_ttl),
		cmocka_unit_test(test_charset),
		cmocka_unit_test(test_charset_of),
		cmocka_unit_test(test_encoding_errors_quiet),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	curl_global_cleanup();
	return rc;
}
