/*
 * keylog_files.h — the --keylog files of a run, gathered into one key log: read once
 * when captures are read, or (live) kept open and followed, so that what clients append
 * while tlsdiag runs is read when a connection is not found yet (decrypt.h's refresh).
 */
#ifndef TLSDIAG_KEYLOG_FILES_H
#define TLSDIAG_KEYLOG_FILES_H

#include <stdbool.h>

struct keylog;
struct keylog_files;

/*
 * Reads (follow: opens and reads) every file of paths into one log. A file that cannot
 * be read is an error: NULL, said on standard error. Lines not understood are told
 * (unless quiet) and skipped.
 */
struct keylog_files *keylog_files_open(const char *const *paths, unsigned n, bool follow, bool quiet);

/* The log every connection may be decrypted with; it lives as long as k. */
const struct keylog *keylog_files_log(const struct keylog_files *k);

/* Followed files: reads the whole lines appended since (a decrypt_keys refresh; ctx is
 * the keylog_files). Does nothing for files read once. */
void keylog_files_poll(void *ctx);

/* Closes the files and frees the log. k may be NULL. */
void keylog_files_close(struct keylog_files *k);

#endif
