/*
 * rules.h — the ordered rule table that turns one attempt's facts into exactly one
 * class, with the rule's id, the facts it used, a one-line summary and a fix.
 *
 * Reads only struct facts and what facts_derive derives from it: testable without a
 * packet. First match wins; each row gives its own class and no other; the last row
 * matches everything, so every attempt gets one class.
 */
#ifndef TLSDIAG_RULES_H
#define TLSDIAG_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "bounds.h"
#include "classes.h"
#include "facts.h"

enum confidence { CONF_HIGH, CONF_MEDIUM, CONF_LOW };

struct verdict {
	enum tls_class cls;
	enum confidence confidence;
	const char *rule_id;
	char summary[256];
	char evidence[BOUND_EVIDENCE][BOUND_EVIDENCE_LEN];
	unsigned n_evidence;
	char fix[512];
	bool resumed;
	const char *failing_check;   /* id of the certificate check that explains the failure, or NULL */
};

struct rule {
	const char *id;          /* stable: "alert.protocol_version" */
	enum tls_class cls;      /* the class it gives, the only one (a predicate never changes it) */
	enum confidence confidence;
	/* Pure predicate over f and what facts_derive derived from it (d): true when the row
	 * applies; records the facts it used in v. */
	bool (*match)(const struct facts *f, const struct facts_derived *d, struct verdict *v);
	const char *explanation; /* why the class follows, with the behaviour or RFC it rests on */
	const char *fix;         /* what to do */
};

/* The table, in evaluation order. */
const struct rule *rules_table(size_t *n_rules);

/* Decides f's class into v (v->cls is the class of the row named by v->rule_id, a
 * static string). Always succeeds. */
void rules_decide(const struct facts *f, struct verdict *v);

/* True when f's verdict may change with what the capture shows later of its server
 * (facts.same_server_*, accepted_client_cert): such attempts are decided at its end. */
bool rules_reads_server_history(const struct facts *f, const struct verdict *v);

/* "high", "medium" or "low" (static storage). */
const char *rules_confidence_name(enum confidence c);

/* Per-rule firing counters of this process (for --list-rules and the tests). */
unsigned long rules_fired(size_t index);

#endif
