/*
 * replay.c - runs a fuzz harness over saved inputs without libFuzzer, so
 * `make check` replays the corpus and every regression input under the
 * sanitizers. With no arguments it reads testdata/fuzz/NAME/ and
 * testdata/regress/NAME/ (NAME from FUZZ_NAME); otherwise the files or
 * directories given.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		return -1;
	}
	size_t cap = 1 << 16, len = 0;
	uint8_t *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len, fp)) > 0) {
		len += n;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(fp);
	if (!buf)
		return -1;
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

/* Replays every regular file in dir (not recursive); returns the count. */
static int replay_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return 0; /* an absent corpus directory is empty */
	if (!S_ISDIR(st.st_mode))
		return replay_file(path) == 0;
	DIR *d = opendir(path);
	if (!d)
		return 0;
	int count = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char file[4096];
		snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
		if (stat(file, &st) == 0 && S_ISREG(st.st_mode) && replay_file(file) == 0)
			count++;
	}
	closedir(d);
	return count;
}

int main(int argc, char **argv)
{
	int count = 0;
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			count += replay_path(argv[i]);
	} else {
		count += replay_path("testdata/fuzz/" FUZZ_NAME);
		count += replay_path("testdata/regress/" FUZZ_NAME);
	}
	printf("fuzz replay %s: %d inputs, no crash\n", FUZZ_NAME, count);
	return 0;
}
