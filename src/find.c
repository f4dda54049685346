/*
 * find.c - the meaning of a search (find.h): words, folded, as prefixes.
 *
 * The fold table is SQLite's: for every code point of the Latin blocks
 * below, the ASCII letter unicode61 (remove_diacritics 2, SQLite 3.40,
 * Debian 12) reduces it to, or '.' where it keeps a letter of its own
 * (æ, ø, ß, þ...), which is then only lower-cased. test_find.c checks the
 * table against the SQLite the program links, code point by code point,
 * so the cache's index and the in-memory test cannot drift apart.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "find.h"
#include "text.h"

/* U+00C0..U+024F: Latin-1 Supplement letters, Latin Extended-A and -B. */
static const char find_latin[] =
    "aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.y"
    "aaaaaaccccccccdd..eeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll."
    "...nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzzs"
    "................................oo.............uu..............."
    ".............aaiioouuuuuuuuuu.aa......ggkkoooo..j...gg..nnaa...."
    "aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............"
    "................";
/* U+1E00..U+1EFF: Latin Extended Additional. */
static const char find_latin_add[] =
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
    "wwwwwwwwwwxxxxyyzzzzzzhtwy.s....aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";

/* The table's letter for cp, or 0. */
static char
find_latin_base(uint32_t cp)
{
	char c = 0;

	if (cp >= 0xC0 && cp < 0xC0 + sizeof(find_latin) - 1)
		c = find_latin[cp - 0xC0];
	else if (cp >= 0x1E00 && cp < 0x1E00 + sizeof(find_latin_add) - 1)
		c = find_latin_add[cp - 0x1E00];
	return c == '.' ? 0 : c;
}

uint32_t
find_fold_cp(uint32_t cp)
{
	char c;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if ((c = find_latin_base(cp)) != 0)
		return (uint32_t)c;
	if (cp == 0x3C2)
		return 0x3C3; /* a final sigma is a sigma, as unicode61 has it */
	return (uint32_t)towlower((wint_t)cp);
}

static bool
find_is_word(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	/* The table's letters are letters whatever the locale says. */
	return find_latin_base(cp) != 0 || (cp != 0xFFFD && iswalnum((wint_t)cp));
}

/*
 * The folded words of s into out (room for 4 bytes per byte of s, plus
 * one), each after `sep` and, when `end` is set, followed by a NUL.
 * Returns the bytes written; *nwords counts the words.
 */
static size_t
find_words(const char *s, char *out, bool end, size_t *nwords)
{
	size_t len = strlen(s), i = 0, n = 0;
	bool in_word = false;
	uint32_t cp;

	*nwords = 0;
	while (i < len) {
		i += text_utf8_decode(s + i, len - i, &cp);
		if (!find_is_word(cp)) {
			if (in_word && end)
				out[n++] = '\0';
			in_word = false;
			continue;
		}
		if (!in_word) {
			out[n++] = ' ';
			++*nwords;
		}
		in_word = true;
		n += text_utf8_encode(find_fold_cp(cp), out + n);
	}
	if (in_word && end)
		out[n++] = '\0';
	return n;
}

/* A folded code point never takes more than 4 bytes, and a word's space
 * comes with a code point of at least one byte: 4 bytes a byte at most
 * (a lone byte of bad UTF-8 is no word). */
static char *
find_make(const char *s, bool needles, size_t *nwords)
{
	size_t n, words;
	char *out = malloc(strlen(s) * 4 + 2), *shrunk;

	if (out == NULL)
		return NULL;
	n = find_words(s, out, needles, &words);
	out[n] = '\0';
	if (nwords != NULL)
		*nwords = words;
	/* Trimmed to what it holds; when that fails, the larger block. */
	if ((shrunk = realloc(out, n + 1)) == NULL)
		return out;
	return shrunk;
}

char *
find_key(const char *s)
{
	return find_make(s, false, NULL);
}

char *
find_needles(const char *query, size_t *nwords)
{
	return find_make(query, true, nwords);
}

bool
find_match(const char *key, const char *needles)
{
	const char *w;

	for (w = needles; *w != '\0'; w += strlen(w) + 1)
		if (strstr(key, w) == NULL)
			return false;
	return true;
}

bool
find_empty(const char *needles)
{
	return *needles == '\0';
}
