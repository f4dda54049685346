/*
 * opml.h - feed lists in OPML 1.0/2.0: read one (libxml2, no network, no
 * entities), add its feeds to the config file, and write the configured
 * feeds as OPML 2.0.
 */
#ifndef LDN_OPML_H
#define LDN_OPML_H

#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "status.h"

/* What an OPML file lists. All owned; free with opml_doc_free(). */
struct opml_doc {
	/* Every outline with an xmlUrl, in document order, repeats kept: url,
	 * name (its text, else its title; NULL when none or the same as the
	 * url) and tags (the texts of the outlines it is nested in, then its
	 * category attribute split at ',' and '/'). line is 0. */
	struct config_feed *feeds;
	size_t nfeeds;
	/* One line per outline left out and why, sanitized for a terminal. */
	char **skipped;
	size_t nskipped;
};

/*
 * Parses an OPML document of `len` bytes; `name` is the file for messages.
 * A document that declares entities (a DTD with <!ENTITY>) is refused
 * before any is used, so nothing outside the document is ever read.
 * LDN_OK; LDN_EPARSE with *cause when it is not well-formed XML or not
 * OPML; LDN_ENOMEM. Free *doc with opml_doc_free() in every case.
 */
int opml_parse(struct opml_doc *doc, const char *data, size_t len, const char *name,
	       char **cause) LDN_WUR;

/* The same from a file (at most 64 MiB); LDN_EIO when it cannot be read. */
int opml_read(struct opml_doc *doc, const char *path, char **cause) LDN_WUR;

void opml_doc_free(struct opml_doc *doc);

/*
 * Adds doc's feeds to the config file at `config_path` as [feed] sections
 * appended after everything already there (config_append: every byte
 * kept, the file and its directories created when missing). The file is
 * read first: a bad one is refused (LDN_EUSAGE, its FILE:LINE cause) and
 * nothing is written, and so is one that says kiosk = true (a kiosk writes
 * no file). Feeds whose url the config already has, or that came
 * earlier in doc, count in *present; those that cannot be written in a
 * config file are added to doc->skipped. Nothing is written when nothing
 * is added. LDN_OK, or the error with *cause.
 */
int opml_import(struct opml_doc *doc, const char *config_path, size_t *added,
		size_t *present, char **cause) LDN_WUR;

/*
 * Appends an OPML 2.0 document listing `feeds` to `out`: one outline each
 * with type="rss", text and title (the name, else the url), xmlUrl and,
 * when it has tags, category (the tags joined with ','). LDN_OK; LDN_EUSAGE
 * with *cause when a string is not UTF-8; LDN_ENOMEM or LDN_ELIMIT.
 */
int opml_export(struct buf *out, const struct config_feed *feeds, size_t n,
		char **cause) LDN_WUR;

#endif
