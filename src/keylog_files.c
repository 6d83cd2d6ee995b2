/*
 * keylog_files.c — the --keylog files of a run (keylog_files.h), read through keylog.c.
 */
#include "keylog_files.h"

#include <stdio.h>
#include <stdlib.h>

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

struct keylog_files *keylog_files_open(const char *const *paths, unsigned n, bool follow, bool quiet)
{
	struct keylog_files *k = calloc(1, sizeof *k);
	if (k == NULL || (k->log = keylog_new()) == NULL) {
		free(k);
		fprintf(stderr, "tlsdiag: out of memory\n");
		return NULL;
	}
	for (unsigned i = 0; i < n && i < OPTIONS_KEYLOGS_MAX; i++) {
		struct keylog_stats read_once = { 0 };
		struct keylog_stats *st = follow ? &k->stats[k->n_followers] : &read_once;
		char err[256];
		bool ok;
		if (follow) {
			struct keylog_follow *fw = keylog_follow_open(k->log, paths[i], st, err, sizeof err);
			ok = fw != NULL;
			if (ok)
				k->followers[k->n_followers++] = fw;
		} else {
			ok = keylog_load_file(k->log, paths[i], st, err, sizeof err);
		}
		if (!ok) {
			fprintf(stderr, "tlsdiag: --keylog %s: %s\n", paths[i], err);
			keylog_files_close(k);
			return NULL;
		}
		if (!quiet)
			tell_lines(paths[i], st);
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
