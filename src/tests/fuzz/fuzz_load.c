/* fuzz_load.c - bytes -> loader -> full analysis, as a user opening a file. */
#include <stdint.h>
#include <stdlib.h>

#include "heaptui/analyze.h"
#include "heaptui/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snapshot s;
	struct ht_error err;
	snapshot_init(&s);
	ht_error_init(&err);
	/* big arrays are split between two threads: make small ones split too */
	struct load_options opt = {.split_min = 64};
	if (snapshot_load_buffer(&s, "fuzz", (const char *)data, size, &opt, &err) == 0) {
		analyze_run(&s, NULL);
		snapshot_release(&s);
	}
	return 0;
}
