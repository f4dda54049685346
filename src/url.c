/*
 * url.c - URL resolution and scheme checks on libcurl's CURLU parser, so
 * that relative links in feeds and article bodies resolve as RFC 3986 says
 * without a hand-written URL parser.
 *
 * No state (each call its own CURLU): any thread.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "buf.h"
#include "url.h"

static int
copy_ref(const char *ref, char **out)
{
	*out = strdup(ref);
	return *out ? LDN_OK : LDN_ENOMEM;
}

int
url_resolve(const char *base, const char *ref, char **out)
{
	CURLU *u;
	char *res = NULL;
	int st = LDN_OK;

	*out = NULL;
	if (base == NULL || *base == '\0' || url_has_scheme(ref))
		return copy_ref(ref, out);
	u = curl_url();
	if (u == NULL)
		return LDN_ENOMEM;
	/* Setting a relative URL on a handle holding the base resolves it. */
	if (curl_url_set(u, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_URL, ref, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_URL, &res, 0) != CURLUE_OK) {
		st = copy_ref(ref, out);
		goto out;
	}
	*out = strdup(res);
	if (*out == NULL)
		st = LDN_ENOMEM;
out:
	curl_free(res);
	curl_url_cleanup(u);
	return st;
}

bool
url_has_scheme(const char *s)
{
	const char *p = s;

	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	if (!isalpha((unsigned char)*p))
		return false;
	for (p++; *p; p++) {
		if (*p == ':')
			return true;
		if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.')
			return false;
	}
	return false;
}

char *
url_local_path(const char *src)
{
	CURLU *u;
	char *host = NULL, *path = NULL, *out = NULL;

	if (src[0] == '/')
		return strdup(src);
	if (strncasecmp(src, "file:", 5) != 0 || (u = curl_url()) == NULL)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, src, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) == CURLUE_OK &&
	    path[0] == '/' &&
	    (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	     strcasecmp(host, "localhost") == 0))
		out = strdup(path);
	curl_free(host);
	curl_free(path);
	curl_url_cleanup(u);
	return out;
}

bool
url_is_web(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
}

/* Where the authority that starts at s ends: RFC 3986's delimiters, and
 * the blanks and quotes that end a URL quoted in a line of text. */
static size_t
url_authority_len(const char *s)
{
	return strcspn(s, "/?#\"'<> \t");
}

char *
url_hide_userinfo(const char *s)
{
	const char *p = s, *mark, *at, *q;
	struct buf out;
	size_t n;
	int st = LDN_OK;

	buf_init(&out, strlen(s) * 2 + 1);
	while (st == LDN_OK && (mark = strstr(p, "://")) != NULL) {
		mark += 3;
		n = url_authority_len(mark);
		at = NULL;
		for (q = mark; q < mark + n; q++)
			if (*q == '@')
				at = q; /* the last '@' ends the user information */
		st = buf_append(&out, p, (size_t)(mark - p));
		if (st == LDN_OK && at != NULL) {
			st = buf_puts(&out, "***");
			mark = at;
		}
		p = mark;
	}
	if (st == LDN_OK)
		st = buf_puts(&out, p);
	if (st != LDN_OK) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}
