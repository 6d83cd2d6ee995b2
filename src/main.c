/*
 * main.c — tlsdiag's table of contents.
 *
 *   options.c       the command line                        → struct options
 *   keylog_files.c  --keylog files, read once or followed    → one key log
 *   run_offline.c   -r: inputs (input.c) as a batch (batch.c) on -j threads
 *   run_live.c      -i: the interface (capture.c), signals, root given up, sandbox.c
 *   run.c           what both share, and --summarize (summarize.c, triage.c)
 *   explain.c       explain MESSAGE: an error message's alert, sides, classes, capture
 *
 * Every runner feeds frames and its clock into pipelines (pipeline.c):
 *
 *   decode.c → flow.c (reasm.c, tls*.c, decrypt.c, cert.c) → decide.c (rules.c)
 *
 * and every decided attempt leaves through one sink (sink.c): the report (report.c,
 * json.c), the summary (triage.c), --extract-certs (extract.c) and -w (pcapout.c).
 */
#include "cert.h"
#include "explain.h"
#include "keylog_files.h"
#include "options.h"
#include "run.h"

int main(int argc, char **argv)
{
	static struct options opt;
	switch (options_parse(argc, argv, &opt)) {
	case OPTIONS_RUN: break;
	case OPTIONS_EXIT_OK: return 0;
	case OPTIONS_EXIT_USAGE: return 2;
	}
	struct keylog_files *keys = NULL;
	if (opt.n_keylogs > 0) {
		keys = keylog_files_open(opt.keylogs, opt.n_keylogs, opt.mode == MODE_LIVE, opt.quiet);
		if (keys == NULL) {
			options_free(&opt);
			return 2;
		}
	}
	int rc;
	switch (opt.mode) {
	case MODE_SUMMARIZE: rc = run_summarize(&opt); break;
	case MODE_EXPLAIN: rc = explain_main(opt.explain_message, (enum explain_side)opt.explain_side, opt.json); break;
	case MODE_LIVE: rc = run_live(&opt, keys); break;
	case MODE_OFFLINE:
	case MODE_REPLAY:
	default: rc = run_offline(&opt, keys); break;
	}
	keylog_files_close(keys);
	cert_cache_clear();
	options_free(&opt);
	return rc;
}
