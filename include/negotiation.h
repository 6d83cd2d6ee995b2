/*
 * negotiation.h — the negotiation diff of a version, cipher, group or ALPN failure: the
 * client's offer beside what its server is seen to accept (the choices of its successful
 * handshakes in the same input, facts.server_accepts), and what the two have in common —
 * so that "no shared cipher" shows which suites would have worked.
 */
#ifndef TLSDIAG_NEGOTIATION_H
#define TLSDIAG_NEGOTIATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "facts.h"
#include "json.h"
#include "rules.h"

enum negotiation_dim { NEGOTIATION_VERSIONS, NEGOTIATION_SUITES, NEGOTIATION_GROUPS, NEGOTIATION_SIGNATURES,
		       NEGOTIATION_ALPN, NEGOTIATION__DIMS };
enum negotiation_part { NEGOTIATION_OFFERED, NEGOTIATION_ACCEPTED, NEGOTIATION_COMMON };

#define NEGOTIATION_NAME_MAX 64

/* The verdict is one the diff is for: version_mismatch, no_shared_cipher, alpn_mismatch. */
bool negotiation_applies(const struct verdict *v);

/* "versions", "suites", "groups", "signatures", "alpn". */
const char *negotiation_dim_name(enum negotiation_dim dim);

/* The dimensions that explain the verdict's class, most telling first (at most
 * NEGOTIATION__DIMS); 0 when the diff does not apply. */
size_t negotiation_dims_for(const struct verdict *v, enum negotiation_dim *out);

/* The names of one part of one dimension (GREASE and signalling suites left out; ALPN
 * names escaped for text), in offer order or the order the server chose them first: at
 * most max written, the total returned. Accepted and common are empty without
 * facts.server_accepts. */
size_t negotiation_items(const struct facts *f, enum negotiation_dim dim, enum negotiation_part part,
			 char (*names)[NEGOTIATION_NAME_MAX], size_t max);

/* The text block under a failure's evidence; nothing when the diff does not apply. full:
 * lists whole (else cut to a few, "... N more"). */
void negotiation_print_text(FILE *out, const struct facts *f, const struct verdict *v, bool full);

/* The JSON record's "negotiation" value: an object, or null when the diff does not apply. */
void negotiation_json(struct json *j, const struct facts *f, const struct verdict *v);

#endif
