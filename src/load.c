/* load.c - placeholder until the loader lands. */
#include "heaptui/load.h"

int snapshot_load(struct snapshot *s, const char *path, const struct load_options *opt,
		  struct ht_error *err)
{
	return ht_fail(err, path, -1, "loading is not implemented yet");
}

int snapshot_load_buffer(struct snapshot *s, const char *name, const char *data, size_t len,
			 const struct load_options *opt, struct ht_error *err)
{
	return ht_fail(err, name, -1, "loading is not implemented yet");
}
