/*
 * fuzz_filter.c - regex filter: the input is "PATTERN\0SUBJECT". A pattern
 * either compiles or fails with a message; a match returns 1, 0 or -1 (too
 * expensive) and never hangs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "heaptui/filter.h"
#include "heaptui/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *sep = memchr(data, '\0', size);
	size_t plen = sep ? (size_t)(sep - (const char *)data) : size;
	char *pattern = xstrndup((const char *)data, plen);
	const char *subject = sep ? sep + 1 : "";
	size_t slen = sep ? size - plen - 1 : 0;
	struct filter *f = NULL;
	struct ht_error err;
	ht_error_init(&err);
	if (filter_compile(&f, pattern, &err) == 0) {
		int r = filter_match(f, subject, slen);
		if (r < -1 || r > 1)
			BUG("filter_match out of range");
		filter_free(f);
	} else if (!err.msg[0]) {
		BUG("failed compile without a message");
	}
	free(pattern);
	return 0;
}
