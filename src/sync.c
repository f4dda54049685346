/*
 * sync.c - fetch -> parse -> merge for one feed, against the cache.
 *
 * The body is hashed on its way to the parser (a load tap), so a server
 * that ignores conditional requests and sends the same bytes again costs a
 * parse but no write: store_merge compares the hash first.
 */
#include <stdlib.h>
#include <time.h>

#include "load.h"
#include "sync.h"

static void
sync_tap(const char *data, size_t len, void *payload)
{
	store_hash_update(payload, data, len);
}

int
sync_feed(struct store *s, const char *src, const struct fetch_opts *fo,
	  struct sync_result *res, char **warning, char **cause)
{
	struct store_feed_state fs = {0};
	struct load_extra ex = {0};
	struct store_hash h;
	struct fetch_opts o = *fo;
	struct feed *f = NULL;
	char hex[33], *lcause = NULL;
	time_t now;
	int st;

	res->status = 0;
	res->not_modified = false;
	st = store_feed_state(s, src, &fs, cause);
	if (st != LDN_OK)
		return st;
	o.etag = fs.etag;
	o.last_modified = fs.last_modified;
	store_hash_init(&h);
	ex.tap = sync_tap;
	ex.tap_payload = &h;
	st = load_feed(src, &o, 0, &ex, &f, warning, &lcause);
	now = time(NULL);
	res->status = ex.status;
	if (st != LDN_OK) {
		/* The note is best effort: a cache that cannot take it must not
		 * hide why the fetch failed, which is what the user needs. */
		int noted = store_note_fetch(s, src, now, lcause ? lcause : "failed", NULL);

		(void)noted;
		*cause = lcause;
		lcause = NULL;
		goto out;
	}
	if (f == NULL) {
		res->not_modified = true;
		st = store_note_fetch(s, src, now, NULL, cause);
		goto out;
	}
	store_hash_hex(&h, hex);
	{
		struct store_fetch_info info = {
			.fetched = now, .etag = ex.etag,
			.last_modified = ex.last_modified, .body_hash = hex,
		};
		st = store_merge(s, f, &info, &res->stats, cause);
	}
out:
	free(lcause);
	feed_free(f);
	load_extra_free(&ex);
	store_feed_state_free(&fs);
	return st;
}
