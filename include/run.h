/*
 * run.h — the runners: where frames and the clock come from. Each builds its pipelines
 * (pipeline.h) and its one sink (sink.h) from the options and returns the exit status
 * (SPEC.md).
 *
 *   run_offline   -r: captures read as a batch (batch.h), each stream through its own
 *                 pipeline, on -j threads; with --replay the same captures decided as
 *                 live capture decides them, on their own clock
 *   run_live      -i: one pipeline fed by the interface, ticked by the wall clock
 *   run_summarize --summarize: the batch view rebuilt from JSON records
 */
#ifndef TLSDIAG_RUN_H
#define TLSDIAG_RUN_H

#include "options.h"
#include "pipeline.h"
#include "sink.h"

struct keylog_files;

int run_offline(const struct options *opt, const struct keylog_files *keys);
int run_live(const struct options *opt, struct keylog_files *keys);
int run_summarize(const struct options *opt);

/* ---- shared by the runners (run.c) ---- */

/* The pipeline configuration the options give (without the key logs' refresh). */
void run_pipeline_config(const struct options *opt, const struct keylog_files *keys, struct pipeline_config *cfg);

/* The sink the options give: --extract-certs opened, -w prepared. NULL on an error
 * (said on standard error). */
struct sink *run_sink(const struct options *opt);

#endif
