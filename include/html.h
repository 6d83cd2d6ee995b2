/*
 * html.h — --html FILE: one self-contained report of a run, to send to whoever runs the
 * other end: the classes as a chart, the summary's per-server policy, the failures on a
 * timeline, and a card for each failed or incomplete attempt (evidence, fix, offer and
 * acceptance, certificates, the ladder drawn as SVG), with filters. Nothing in it makes a
 * request when opened: styles and script are inline, the policy forbids the rest.
 *
 * Fed once per attempt (html_add, under the sink's lock); written at the end. Bounded:
 * at most BOUND_HTML_CARDS cards and BOUND_HTML_MARKS timeline marks; the rest counted.
 */
#ifndef TLSDIAG_HTML_H
#define TLSDIAG_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "facts.h"
#include "rules.h"

struct html_report;

/* Opens path for writing now (live: before root is given up). NULL: err says why. */
struct html_report *html_open(const char *path, char *err, size_t err_len);

/* A decided attempt (file: the capture's name, or NULL live). */
void html_add(struct html_report *h, const char *file, const struct facts *f, const struct verdict *v);

struct triage;

/* Writes the report: the per-server policy tables from triage, summary the text summary
 * of the run. false on a write error (errno says which). The file is closed either way. */
bool html_write(struct html_report *h, const struct triage *triage, const char *summary);

void html_free(struct html_report *h);

#endif
