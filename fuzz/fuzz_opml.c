/*
 * fuzz_opml.c - the OPML importer's parser (libxml2, entities refused).
 */
#include <stdlib.h>

#include "opml.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct opml_doc doc = { 0 };
	char *cause = NULL;

	/* A refused file always says why (see fuzz_config.c). */
	if (opml_parse(&doc, (const char *)data, size, "fuzz.opml", &cause) != LDN_OK &&
	    cause == NULL)
		abort();
	opml_doc_free(&doc);
	free(cause);
	return 0;
}
