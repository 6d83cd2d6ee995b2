/*
 * summarize.h — tlsdiag --summarize: the batch view rebuilt from the NDJSON records of
 * earlier runs (each host of a split archive runs tlsdiag --json on its share; the
 * records merge into one view, the same as one run over everything would print).
 *
 * Reads "connection", "file" and "error" records; "summary" records of the partial runs
 * are left out (they are what is being rebuilt). Lines that are not JSON objects are
 * counted and reported, never fatal.
 */
#ifndef TLSDIAG_SUMMARIZE_H
#define TLSDIAG_SUMMARIZE_H

#include <stdbool.h>

#include "triage.h"

struct summarize_counts {
	unsigned long records;
	unsigned long bad_lines;
	unsigned long first_bad_line;
};

/* Adds the records of one NDJSON file ("-": standard input) to t. False when the file
 * could not be read (err says why); bad lines are counted in c. */
bool summarize_file(const char *path, struct triage *t, struct summarize_counts *c, char *err, size_t err_len);

#endif
