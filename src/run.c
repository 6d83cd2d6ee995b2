/*
 * run.c — what the runners share (run.h): the pipeline and the sink the options give,
 * and --summarize.
 */
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cert.h"
#include "extract.h"
#include "html.h"
#include "keylog_files.h"
#include "pcapout.h"
#include "summarize.h"
#include "triage.h"

void run_pipeline_config(const struct options *opt, const struct keylog_files *keys, struct pipeline_config *cfg)
{
	bool early = opt->mode == MODE_LIVE || opt->mode == MODE_REPLAY;
	*cfg = (struct pipeline_config){
		.tls_ports = opt->tls_ports,
		.n_tls_ports = opt->n_tls_ports,
		.max_flows = opt->max_flows,
		.max_memory = opt->max_memory,
		.keep_frames = opt->write_path != NULL,
		.decide_early = early,
		.handshake_timeout = opt->handshake_timeout,
		/* After a close or a fatal alert, the rest of it (the peer's close, a reset
		 * behind a FIN) arrives within a round trip. */
		.decide_grace = 0.2,
		.clock_from_frames = opt->mode != MODE_LIVE,
		.keylog = keys != NULL ? keylog_files_log(keys) : NULL,
		.capture_secrets = opt->mode != MODE_LIVE,
		.decode = { .vxlan_ports = opt->n_vxlan_ports > 0 ? opt->vxlan_ports : NULL,
			    .n_vxlan_ports = opt->n_vxlan_ports },
	};
}

struct sink *run_sink(const struct options *opt)
{
	struct sink_config sc = { .json = opt->json, .fail_on_failures = opt->fail_on_failures,
				  .extract_dir = opt->extract_dir, .count = opt->count, .full = opt->full,
				  .select = selection_narrows(&opt->select) ? &opt->select : NULL };
	if (opt->extract_dir != NULL) {
		sc.extract = extract_open(opt->extract_dir);
		if (sc.extract == NULL) {
			fprintf(stderr, "tlsdiag: --extract-certs %s: %s\n", opt->extract_dir, strerror(errno));
			return NULL;
		}
		cert_keep_der(true);
	}
	if (opt->write_path != NULL && (sc.pcapout = pcapout_new(opt->write_path, opt->quiet)) == NULL) {
		fprintf(stderr, "tlsdiag: out of memory\n");
		extract_close(sc.extract);
		return NULL;
	}
	/* --html: the file is opened now (live: while root may still write where it goes). */
	char err[512];
	if (opt->html_path != NULL && (sc.html = html_open(opt->html_path, err, sizeof err)) == NULL) {
		fprintf(stderr, "tlsdiag: %s\n", err);
		pcapout_close(sc.pcapout, -1);
		extract_close(sc.extract);
		return NULL;
	}
	sc.html_path = opt->html_path;
	struct sink *s = sink_new(&sc);
	if (s == NULL) {
		fprintf(stderr, "tlsdiag: out of memory\n");
		pcapout_close(sc.pcapout, -1);
		extract_close(sc.extract);
		html_free(sc.html);
	}
	return s;
}

int run_summarize(const struct options *opt)
{
	if (opt->n_records == 0) {
		fprintf(stderr, "tlsdiag: --summarize: name the NDJSON files of earlier runs (tlsdiag --json ...), or - for standard input\n");
		return 2;
	}
	struct triage *t = triage_new();
	if (t == NULL)
		return 1;
	triage_show_all(t, opt->full);
	bool all_read = true;
	for (size_t i = 0; i < opt->n_records; i++) {
		struct summarize_counts c = { 0 };
		char err[512];
		if (!summarize_file(opt->records[i], t, &c, err, sizeof err)) {
			fprintf(stderr, "tlsdiag: %s\n", err);
			all_read = false;
		}
		if (c.bad_lines > 0) {
			fprintf(stderr, "tlsdiag: %s: %lu line(s) are not tlsdiag records and were skipped (first: line %lu)\n",
				opt->records[i], c.bad_lines, c.first_bad_line);
			all_read = false;
		}
	}
	if (opt->json)
		triage_print_json(t, stdout);
	else
		triage_print_text(t, stdout);
	unsigned long failed = triage_failed(t);
	triage_free(t);
	return sink_exit_status(all_read, opt->fail_on_failures, failed);
}
