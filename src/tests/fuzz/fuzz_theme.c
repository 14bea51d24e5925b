/* fuzz_theme.c - the theme parser: any text parses or fails with FILE:LINE. */
#include <stdint.h>
#include <stdlib.h>

#include "heaptui/theme_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme t;
	struct ht_error err;
	theme_init_default(&t);
	ht_error_init(&err);
	if (theme_parse(&t, "fuzz.theme", (const char *)data, size, &err) < 0 && !err.where[0])
		BUG("theme error without FILE:LINE");
	return 0;
}
