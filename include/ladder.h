/*
 * ladder.h — an attempt drawn as a sequence diagram (--ladder, the HTML report) and
 * spelled as one-line histories (the JSON record), from its steps (facts.steps).
 *
 * The ladder is built once into rows (struct ladder): each step of the capture with its
 * time, size and a label saying what it is or, for a record nobody could read, what it
 * is inferred to be from where it falls and its size; the step where the attempt failed
 * marked. The terminal and the HTML report draw the same rows.
 */
#ifndef TLSDIAG_LADDER_H
#define TLSDIAG_LADDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "facts.h"
#include "rules.h"

/* Longest label drawn on an arrow at 80 columns; longer ones are cut and the whole kept
 * in the note. */
#define LADDER_LABEL_MAX 36

enum ladder_row_kind {
	LADDER_ARROW,        /* a step sent by one side */
	LADDER_SILENCE,      /* nothing more came: drawn across, no arrow */
	LADDER_DROPPED,      /* steps past the bound, counted only */
};

struct ladder_row {
	enum ladder_row_kind kind;
	enum side from;
	double t;                   /* seconds since the attempt's first packet */
	uint32_t size;              /* bytes (all repeats), 0: none to show */
	uint16_t count;             /* repeats folded into the row */
	bool failing;               /* the step where the attempt failed */
	bool inferred;              /* an encrypted record: the label is what it is taken for */
	bool lost;                  /* bytes the capture lacks (drawn dotted) */
	char label[64];
	char note[128];             /* a line under the arrow, or empty */
};

struct ladder {
	struct ladder_row rows[BOUND_STEPS + 3]; /* the steps, dropped ones, two silences at most */
	unsigned n_rows;
	enum capture_point point;
	bool failed;                /* the verdict is a failure: one row may be marked */
};

/* The rows of f's ladder for its verdict v. */
void ladder_build(const struct facts *f, const struct verdict *v, struct ladder *l);

/* The ladder drawn for a terminal of 80 columns under a heading naming the attempt;
 * color: ANSI colours (the failing step in red, inferred labels dim). */
void ladder_print(FILE *out, const struct facts *f, const struct ladder *l, bool color);

/* The one-line histories of the JSON record (man page, HISTORIES): "tls" in Zeek's
 * ssl_history letters (client upper case, server lower case), "tcp" in Zeek's conn
 * history letters at their first occurrence, "quic" one letter per run of packets of a
 * kind. Each fits in LADDER_HISTORY_MAX bytes with its NUL. */
#define LADDER_HISTORY_MAX 101
void ladder_history_tls(const struct facts *f, char *buf, size_t len);
void ladder_history_tcp(const struct facts *f, char *buf, size_t len);
void ladder_history_quic(const struct facts *f, char *buf, size_t len);

#endif
