/*
 * find.h - what a search means, in every mode (--find, the reader's `/`,
 * the kiosk; with the cache's full-text index or without it): every word
 * of the query occurs, as the start of a word, in the article's title,
 * standfirst or body, without regard to case or accents.
 *
 * A word is a run of letters and digits (iswalnum; ASCII letters and
 * digits always); everything else separates words, so "9/11" is the words
 * "9" and "11" and "Labour's" is "labour" and "s". Folding lower-cases
 * each code point and takes the Latin letters with diacritics to their
 * base letter ("É" and "é" are "e"), as SQLite's unicode61 tokenizer with
 * remove_diacritics 2 does for the cache's index (store_search.c): the
 * two paths give the same articles. A query without a word matches every
 * article.
 *
 * Texts are searched in a "key" form, made once per text: its folded
 * words, each after one space (" winter fuel cut"). A query is compiled to
 * its needles, each " word" NUL-terminated, the list ended by an empty
 * string; a needle found in a key starts a word there, so a match is a
 * strstr per word.
 */
#ifndef LDN_FIND_H
#define LDN_FIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One code point folded: lower case, Latin diacritics removed. */
uint32_t find_fold_cp(uint32_t cp);

/* The key form of UTF-8 text s ("" when it has no word). Caller frees;
 * NULL on allocation failure. */
char *find_key(const char *s);

/* The needles of a query; *nwords (may be NULL) their count. Caller
 * frees; NULL on allocation failure. */
char *find_needles(const char *query, size_t *nwords);

/* Whether every needle occurs in key (true when there is none). */
bool find_match(const char *key, const char *needles);

/* Whether the needles hold no word. */
bool find_empty(const char *needles);

#endif
