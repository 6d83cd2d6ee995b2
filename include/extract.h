/*
 * extract.h — --extract-certs: every distinct certificate seen, written as PEM named by
 * its SHA-256 fingerprint, with an index of which connections showed it in which role,
 * so that a user can run `openssl verify` or `openssl x509 -text` on them.
 */
#ifndef TLSDIAG_EXTRACT_H
#define TLSDIAG_EXTRACT_H

#include <stdbool.h>

#include "facts.h"
#include "rules.h"

struct extract;

/* Creates dir if needed and opens dir/index.tsv for appending. NULL on error (errno). */
struct extract *extract_open(const char *dir);

/* Writes the certificates of one attempt (those with DER kept) and their index rows. */
void extract_attempt(struct extract *x, const char *file, const struct facts *f, const struct verdict *v);

/* Closes the index; returns false when something could not be written. */
bool extract_close(struct extract *x);

#endif
