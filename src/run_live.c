/*
 * run_live.c — -i: one pipeline fed by the interface and ticked by the wall clock
 * (run.h). Attempts are reported as their outcomes become known; the key logs are
 * followed as clients append to them; root is given up and the system calls
 * restricted once the interface and the outputs are open (sandbox.h). SIGINT/SIGTERM
 * stop the capture (what is pending is decided and printed, then the summary); SIGUSR1
 * and --stats-interval print the running summary.
 */
#include "run.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "bounds.h"
#include "keylog_files.h"
#include "metrics.h"
#include "pcapout.h"
#include "sandbox.h"
#include "quic_crypto.h"
#include "tls_crypto.h"

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t stats_requested;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		stats_requested = 1;
	else
		stop_requested = 1;
}

struct live_run {
	const struct options *opt;
	struct report_opts ro;
	struct sink *sink;
	struct pipeline *pipeline;
	struct capture_live *cap;
	int linktype;
	double next_stats;
	struct metrics *metrics;         /* --metrics, or NULL */
};

/* The pipeline decided an attempt: out at once, -w frames flushed with it. */
static bool live_decided(void *ctx, struct facts *f, const struct verdict *v, struct flow_frame *frames, bool owned)
{
	struct live_run *lr = ctx;
	metrics_attempt(lr->metrics, f, v);
	if (sink_attempt(lr->sink, &lr->ro, NULL, f, v))
		sink_frames(lr->sink, lr->linktype, f, v, frames);
	sink_flush(lr->sink);
	fflush(lr->ro.out);
	if (sink_stopped(lr->sink))
		stop_requested = 1; /* -c */
	(void)owned; /* not kept: the pipeline frees what it owns */
	return false;
}

/* -w: successful handshakes a failure about to follow was compared with. */
static void live_context(void *ctx, struct flow_frame *frames)
{
	struct live_run *lr = ctx;
	sink_write_frames(lr->sink, lr->linktype, frames, NULL);
	flow_frames_free(frames);
}

static void live_frame(void *ctx, const struct capture_frame *fr)
{
	struct live_run *lr = ctx;
	pipeline_frame(lr->pipeline, fr);
}

static void live_stats(struct live_run *lr, FILE *out)
{
	struct capture_stats st;
	capture_live_stats(lr->cap, &st);
	struct pipeline_stats ps;
	pipeline_stats(lr->pipeline, &ps);
	fprintf(out, "== capture: %llu packets received, %llu dropped by the kernel, %llu dropped by the interface, "
		"%llu undecodable; %zu flows tracked, %llu evicted\n",
		(unsigned long long)st.received, (unsigned long long)st.dropped_kernel, (unsigned long long)st.dropped_iface,
		(unsigned long long)ps.bad_frames, ps.flows_open, (unsigned long long)ps.flows->evicted);
}

/* The running summary (--stats-interval, SIGUSR1), or the closing one (final). In JSON
 * mode standard output stays NDJSON: the running summaries go to standard error as text,
 * the closing one is also a JSON record on standard output, as an offline run ends. */
static void live_summary(struct live_run *lr, bool final)
{
	FILE *report = lr->ro.out;
	FILE *out = lr->opt->json ? stderr : report;
	fflush(report);
	sink_summary(lr->sink, out, false);
	live_stats(lr, out);
	fflush(out);
	if (final && lr->opt->json) {
		sink_summary(lr->sink, report, true);
		fflush(report);
	}
}

/* --metrics: the capture's counters as of now, and the scrapers served. */
static void live_metrics(struct live_run *lr, double now)
{
	struct capture_stats st;
	capture_live_stats(lr->cap, &st);
	struct pipeline_stats ps;
	pipeline_stats(lr->pipeline, &ps);
	struct metrics_capture mc = {
		.received = st.received, .dropped_kernel = st.dropped_kernel, .dropped_iface = st.dropped_iface,
		.undecodable = ps.bad_frames, .flows_open = ps.flows_open, .flows_total = ps.flows->flows,
		.max_flows = lr->opt->max_flows > 0 ? lr->opt->max_flows : BOUND_FLOWS, .memory = ps.flows->memory,
		.max_memory = lr->opt->max_memory, .evicted_flows = ps.flows->evicted,
		.evicted_memory = ps.flows->evicted_memory, .held_overflow = ps.held_overflow,
	};
	metrics_set_capture(lr->metrics, &mc);
	metrics_serve(lr->metrics, now);
}

static void live_tick(void *ctx, double now)
{
	struct live_run *lr = ctx;
	pipeline_tick(lr->pipeline, now);
	if (lr->metrics != NULL)
		live_metrics(lr, now);
	bool periodic = lr->opt->stats_interval > 0 && now >= lr->next_stats;
	if (stats_requested || periodic) {
		stats_requested = 0;
		if (periodic)
			lr->next_stats = now + lr->opt->stats_interval;
		live_summary(lr, false);
	}
}

static double wall_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * As tcpdump: started as root, it gives root up once the interface is open, for the
 * user named by -Z or else "nobody"; -Z root keeps it (not advised: the parsers then
 * read hostile packets as root).
 */
static bool give_up_root(const struct options *opt)
{
	const char *user = opt->user != NULL ? opt->user : geteuid() == 0 ? "nobody" : NULL;
	if (user == NULL || strcmp(user, "root") == 0)
		return true;
	if (opt->extract_dir != NULL) {
		/* The certificates are written as that user, into the directory made as root
		 * (its index is open already). */
		struct passwd *pw = getpwnam(user);
		if (pw != NULL && chown(opt->extract_dir, pw->pw_uid, pw->pw_gid) != 0 && !opt->quiet)
			fprintf(stderr, "tlsdiag: --extract-certs %s: %s: certificates may not be written as %s\n",
				opt->extract_dir, strerror(errno), user);
	}
	return sandbox_drop_privileges(user);
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
}

/* Everything opened, root given up, the sandbox entered: the capture runs to its stop. */
static int capture_until_stopped(struct live_run *lr, struct keylog_files *keys)
{
	const struct options *opt = lr->opt;
	struct pipeline_config cfg;
	run_pipeline_config(opt, keys, &cfg);
	if (keys != NULL) {
		cfg.keylog_refresh = keylog_files_poll;
		cfg.keylog_refresh_ctx = keys;
	}
	struct pipeline_sink ps = { live_decided, live_context, lr };
	lr->pipeline = pipeline_new(&cfg, &ps);
	if (lr->pipeline == NULL) {
		fprintf(stderr, "tlsdiag: out of memory\n");
		return 1;
	}
	catch_signals();
	if (opt->stats_interval > 0)
		lr->next_stats = wall_clock() + opt->stats_interval;
	/* From here on the process only reads packets and writes reports: the system calls
	 * it may make are restricted to that (sandbox.h). */
	char err[512];
	/* Loading a provider maps a shared object, which the sandbox refuses: RC4, SEED and
	 * DES suites (tls_crypto.h) get their provider now, in case a connection needs it. */
	if (keys != NULL && !tls_crypto_load_legacy() && !opt->quiet)
		fprintf(stderr, "tlsdiag: note: OpenSSL's legacy provider could not be loaded: connections with RC4, SEED or DES suites will not be decrypted\n");
	/* Every QUIC connection opens its Initial packets: libcrypto fetches those ciphers
	 * now, outside the sandbox, rather than at the first connection. */
	quic_crypto_prepare();
	if (!opt->no_sandbox && !sandbox_enter(opt->extract_dir != NULL, lr->metrics != NULL, err, sizeof err) &&
	    !opt->quiet)
		fprintf(stderr, "tlsdiag: note: running without the system call sandbox: %s\n", err);
	if (!opt->quiet)
		fprintf(stderr, "tlsdiag: listening on %s%s%s\n", opt->iface, opt->filter ? ", filter " : "",
			opt->filter ? opt->filter : "");
	bool ok = capture_live_run(lr->cap, live_frame, live_tick, lr, &stop_requested);
	/* Stopping: what is pending is decided and printed, then the summary. */
	pipeline_end(lr->pipeline, wall_clock());
	live_summary(lr, true);
	pipeline_free(lr->pipeline);
	if (!ok) {
		fprintf(stderr, "tlsdiag: %s: the capture stopped with an error\n", opt->iface);
		return 1;
	}
	return 0;
}

int run_live(const struct options *opt, struct keylog_files *keys)
{
	/* Live output is read as it comes (tlsdiag -i any --json | jq): one line at a time. */
	FILE *report = opt->report_to_stderr ? stderr : stdout;
	if (!opt->report_to_stderr)
		setvbuf(stdout, NULL, _IOLBF, 0);
	struct live_run lr = { .opt = opt, .ro = { .out = report, .json = opt->json, .all = opt->all,
						   .oneline = opt->oneline, .utc = opt->utc, .full = opt->full, .ladder = opt->ladder, .color = opt->color } };
	char err[512];
	struct capture_live_opts co = { .iface = opt->iface, .filter = opt->filter, .buffer_mb = 32 };
	lr.cap = capture_live_open(&co, err, sizeof err);
	if (lr.cap == NULL) {
		fprintf(stderr, "tlsdiag: %s\n", err);
		return 1;
	}
	lr.linktype = capture_live_linktype(lr.cap);
	if ((lr.sink = run_sink(opt)) == NULL)
		return 2;
	int rc = 1;
	/* The -w file is opened while root may still write where it goes, the metrics'
	 * socket while a low port may still be bound. */
	if (!sink_open_frames(lr.sink, lr.linktype))
		goto out;
	if (opt->metrics != NULL && (lr.metrics = metrics_open(opt->metrics, err, sizeof err)) == NULL) {
		fprintf(stderr, "tlsdiag: %s\n", err);
		goto out;
	}
	if (!give_up_root(opt))
		goto out;
	rc = capture_until_stopped(&lr, keys);
out:
	{
		metrics_close(lr.metrics);
		int close_rc = sink_close(lr.sink, lr.linktype, true);
		return rc != 0 ? rc : close_rc == 1 ? 1 : 0;
	}
}
