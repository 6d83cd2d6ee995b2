/*
 * keylog_files.c — the --keylog files of a run (keylog_files.h), read through keylog.c.
 */
#include "keylog_files.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "keylog.h"
#include "options.h"

struct keylog_files {
	struct keylog *log;
	struct keylog_follow *followers[OPTIONS_KEYLOGS_MAX];
	struct keylog_stats stats[OPTIONS_KEYLOGS_MAX]; /* the followers' (they outlive them) */
	unsigned n_followers;
};

/* What a file held that could not be used, told once per file. */
static void tell_lines(const char *path, const struct keylog_stats *st)
{
	if (st->malformed > 0)
		fprintf(stderr, "tlsdiag: --keylog %s: %llu line(s) not understood and skipped (first: line %llu: %s)\n", path,
			(unsigned long long)st->malformed, (unsigned long long)st->first_bad_line, st->first_bad_why);
	if (st->refused > 0)
		fprintf(stderr, "tlsdiag: --keylog %s: %llu line(s) refused: %s\n", path, (unsigned long long)st->refused,
			st->refused_why);
}

/* One key log file into k (followed when follow). False, said, when it cannot be read. */
static bool open_one(struct keylog_files *k, const char *path, bool follow, bool quiet)
{
	if (follow && k->n_followers >= OPTIONS_KEYLOGS_MAX) {
		fprintf(stderr, "tlsdiag: --keylog %s: more than %d key logs to follow\n", path, OPTIONS_KEYLOGS_MAX);
		return false;
	}
	struct keylog_stats read_once = { 0 };
	struct keylog_stats *st = follow ? &k->stats[k->n_followers] : &read_once;
	char err[256];
	bool ok;
	if (follow) {
		struct keylog_follow *fw = keylog_follow_open(k->log, path, st, err, sizeof err);
		ok = fw != NULL;
		if (ok)
			k->followers[k->n_followers++] = fw;
	} else {
		ok = keylog_load_file(k->log, path, st, err, sizeof err);
	}
	if (!ok) {
		fprintf(stderr, "tlsdiag: --keylog %s: %s\n", path, err);
		return false;
	}
	if (!quiet)
		tell_lines(path, st);
	return true;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* --keylog DIR: every file in DIR (not below) that holds a key log, in name order. */
static bool open_dir(struct keylog_files *k, const char *dir, bool follow, bool quiet)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		fprintf(stderr, "tlsdiag: --keylog %s: %s\n", dir, strerror(errno));
		return false;
	}
	char **names = NULL;
	size_t n = 0;
	bool ok = true;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.')
			continue;
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		char **grown = realloc(names, (n + 1) * sizeof *names);
		char *path = malloc(len);
		if (grown == NULL || path == NULL) {
			free(path);
			if (grown != NULL)
				names = grown;
			ok = false;
			break;
		}
		names = grown;
		snprintf(path, len, "%s/%s", dir, e->d_name);
		names[n++] = path;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	unsigned found = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (ok && stat(names[i], &st) == 0 && S_ISREG(st.st_mode) && keylog_file_looks_like(names[i])) {
			ok = open_one(k, names[i], follow, quiet);
			found++;
		}
		free(names[i]);
	}
	free(names);
	if (!ok)
		return false;
	if (found == 0) {
		fprintf(stderr, "tlsdiag: --keylog %s: no key log in this directory\n", dir);
		return false;
	}
	if (!quiet)
		fprintf(stderr, "tlsdiag: --keylog %s: %u key log(s) read\n", dir, found);
	return true;
}

struct keylog_files *keylog_files_open(const char *const *paths, unsigned n, bool follow, bool quiet)
{
	struct keylog_files *k = calloc(1, sizeof *k);
	if (k == NULL || (k->log = keylog_new()) == NULL) {
		free(k);
		fprintf(stderr, "tlsdiag: out of memory\n");
		return NULL;
	}
	for (unsigned i = 0; i < n && i < OPTIONS_KEYLOGS_MAX; i++) {
		struct stat st;
		bool dir = stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode);
		if (!(dir ? open_dir(k, paths[i], follow, quiet) : open_one(k, paths[i], follow, quiet))) {
			keylog_files_close(k);
			return NULL;
		}
	}
	if (keylog_count(k->log) == 0 && !follow && !quiet && n > 0)
		fprintf(stderr, "tlsdiag: --keylog: no secrets in %s%s\n", paths[0], n > 1 ? " and the rest" : "");
	return k;
}

const struct keylog *keylog_files_log(const struct keylog_files *k)
{
	return k->log;
}

void keylog_files_poll(void *ctx)
{
	struct keylog_files *k = ctx;
	for (unsigned i = 0; i < k->n_followers; i++)
		keylog_follow_poll(k->followers[i]);
}

void keylog_files_close(struct keylog_files *k)
{
	if (k == NULL)
		return;
	for (unsigned i = 0; i < k->n_followers; i++)
		keylog_follow_close(k->followers[i]);
	keylog_free(k->log);
	free(k);
}
