/*
 * select.h — which decided attempts a run reports: --class, --since, --until,
 * --server and --sni (an attempt not selected is neither shown nor counted in the
 * summary), and -c N (stop after N attempts shown).
 *
 * Pipeline position: between rules and the sink; it reads facts and verdicts only.
 */
#ifndef TLSDIAG_SELECT_H
#define TLSDIAG_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"
#include "rules.h"

struct selection {
	uint32_t classes;        /* bit (1 << class) per class wanted; 0: every class */
	bool has_since, has_until;
	double since, until;     /* capture time, seconds since the epoch: [since, until) */
	const char *server_glob; /* fnmatch pattern over the server's address, or NULL */
	const char *sni_glob;    /* fnmatch pattern over the SNI (case-insensitive), or NULL */
};

/* True when something narrows the selection (the summary says so). */
bool selection_narrows(const struct selection *s);

/* True when the attempt is selected. */
bool selection_match(const struct selection *s, const struct facts *f, const struct verdict *v);

/* "version_mismatch,no_shared_cipher" (also "failed", "incomplete" for every class of that
 * outcome) into *mask; false with the offending word in err otherwise. */
bool selection_parse_classes(const char *list, uint32_t *mask, char *err, size_t err_len);

/* A point in time: seconds since the epoch ("1700000000.5"), or a date and time
 * "2026-11-22", "2026-11-22 04:12", "2026-11-22T04:12:33.25Z", "...+01:00". Without a
 * zone the time is local, or UTC when utc is set. False when s is none of these. */
bool selection_parse_time(const char *s, bool utc, double *out);

#endif
