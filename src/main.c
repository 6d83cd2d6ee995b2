/*
 * main.c — options → inputs → analysis per capture → report → summary → exit status.
 *
 * Offline, the inputs are listed (input.h) and run as a batch (batch.h): each capture
 * stream gets a fresh flow table and decider, its attempts are reported as they are
 * decided, and every attempt also goes into the batch view (triage.h) printed at the end.
 * Live, one flow table reports attempts as their outcomes become known.
 */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "batch.h"
#include "bounds.h"
#include "capture.h"
#include "cert.h"
#include "certcheck.h"
#include "extract.h"
#include "decide.h"
#include "decode.h"
#include "decrypt.h"
#include "dsb.h"
#include "flow.h"
#include "input.h"
#include "json.h"
#include "keylog.h"
#include "report.h"
#include "rules.h"
#include "sandbox.h"
#include "summarize.h"
#include "triage.h"

#define TLSDIAG_VERSION "0.1.0"
/* --keylog files on one command line (browsers and servers write one each). */
#define KEYLOG_FILES_MAX 64

/* Ports where a connection is an attempt even before any TLS byte (IANA TLS services). */
static const uint16_t default_tls_ports[] = { 443, 465, 563, 636, 853, 989, 990, 992, 993, 994, 995,
					      2376, 4433, 5061, 5223, 5671, 6514, 8443, 8883, 9443 };

struct options {
	const char **inputs;
	size_t n_inputs;
	char *filter;
	bool json;
	bool all;
	bool fail_on_failures;
	bool quiet;
	uint16_t tls_ports[64];
	size_t n_tls_ports;
	const char *extract_dir;
	struct extract *extract;
	const char *iface;
	const char *write_path;
	const char *user;
	double handshake_timeout;
	size_t max_flows;
	size_t max_memory;               /* bytes of connection state, all threads together */
	double stats_interval;
	unsigned jobs;
	bool summarize;
	bool no_sandbox;                 /* live: no seccomp filter */
	const char *keylogs[KEYLOG_FILES_MAX]; /* --keylog */
	unsigned n_keylogs;
};

static bool failed_class(enum tls_class c)
{
	return c != CLASS_OK && c != CLASS_INCOMPLETE;
}

/* ---- -w: the packets of failed attempts ---- */

/*
 * One output per link type: the first link type written goes to the -w path itself,
 * each other one to the path with the link type's name before the extension
 * (failed.pcap, failed.LINUX_SLL2.pcap), because a pcap file has a single link type and
 * libpcap reads no pcapng whose interfaces differ in it.
 */
struct wfile {
	int linktype;
	struct capture_writer *w;        /* NULL when it could not be opened (said once) */
	char *path;
};

struct wfiles {
	const char *base;
	struct wfile files[16];
	size_t n;
	bool failed;
	bool too_many;                   /* more link types than files: said once */
};

static struct capture_writer *wfiles_for(struct wfiles *wf, int linktype)
{
	for (size_t i = 0; i < wf->n; i++)
		if (wf->files[i].linktype == linktype)
			return wf->files[i].w;
	if (wf->n == sizeof wf->files / sizeof wf->files[0]) {
		if (!wf->too_many)
			fprintf(stderr, "tlsdiag: -w: more than %zu link types: packets of link type %d and later ones are not written\n",
				wf->n, linktype);
		wf->too_many = wf->failed = true;
		return NULL;
	}
	char *path;
	if (wf->n == 0) {
		path = strdup(wf->base);
	} else {
		const char *name = pcap_datalink_val_to_name(linktype);
		char lt[32];
		if (name == NULL) {
			snprintf(lt, sizeof lt, "DLT%d", linktype);
			name = lt;
		}
		const char *slash = strrchr(wf->base, '/');
		const char *dot = strrchr(slash ? slash + 1 : wf->base, '.');
		size_t stem = dot ? (size_t)(dot - wf->base) : strlen(wf->base);
		size_t len = strlen(wf->base) + strlen(name) + 2;
		path = malloc(len);
		if (path != NULL)
			snprintf(path, len, "%.*s.%s%s", (int)stem, wf->base, name, dot ? dot : "");
	}
	char err[512];
	struct capture_writer *w = path ? capture_writer_open(path, linktype, err, sizeof err) : NULL;
	if (w == NULL) {
		fprintf(stderr, "tlsdiag: -w %s\n", path ? err : "out of memory");
		wf->failed = true;
	}
	/* Remembered even when it failed, so that the error is said once. */
	wf->files[wf->n++] = (struct wfile){ linktype, w, path };
	return w;
}

/* Closes the outputs; with no failed attempt, FILE is still written (empty, with the
 * link type of the first capture read), so that a script can read it back. */
static void wfiles_close(struct wfiles *wf, int first_linktype, bool quiet)
{
	if (wf->base != NULL && wf->n == 0)
		wfiles_for(wf, first_linktype >= 0 ? first_linktype : DLT_EN10MB);
	for (size_t i = 0; i < wf->n; i++) {
		if (wf->files[i].w != NULL && !capture_writer_close(wf->files[i].w)) {
			fprintf(stderr, "tlsdiag: -w %s: write error\n", wf->files[i].path);
			wf->failed = true;
		}
		if (i > 0 && wf->files[i].w != NULL && !quiet)
			fprintf(stderr, "tlsdiag: -w: packets of link type %s written to %s\n",
				pcap_datalink_val_to_name(wf->files[i].linktype) ? pcap_datalink_val_to_name(wf->files[i].linktype)
										  : "?",
				wf->files[i].path);
		free(wf->files[i].path);
	}
	wf->n = 0;
}

/* ---- offline: the batch ---- */

/* What the threads of a batch share. */
struct run {
	const struct options *opt;
	struct input_list list;
	bool file_headers;
	pthread_mutex_t lock;            /* the summary and --extract-certs */
	struct triage *triage;
	bool all_read;
	/* Progress, read by the writing thread. */
	uint64_t bytes_read;             /* captured bytes analysed (atomic) */
	uint64_t files_done;             /* atomic */
	uint64_t failed;                 /* atomic */
	struct timespec started;
	bool progress_shown;
	struct wfiles wfiles;            /* on the writing thread */
	struct report_opts ro;           /* on the writing thread */
	bool render_in_workers;          /* several inputs at once: each thread renders its own */
	uint64_t captures_started;       /* atomic: numbers the captures of the run */
	uint64_t rendered_capture;       /* on the writing thread */
	int first_linktype;              /* of the first capture read (-w with no failure) */
	uint64_t first_capture;
	size_t table_memory;             /* --max-memory shared among the inputs read at once */
};

/* One input of the list, on its thread. */
struct item_job {
	struct run *run;
	struct batch_sink *sink;
	const char *path;
};

/* One capture stream of an input. */
struct capture_job {
	struct item_job *item;
	struct report_opts ro;
	const char *name;
	uint64_t capture;                /* its number in the run, from 1 */
	int linktype;
	struct flow_table *flows;
	struct decider *dec;
	unsigned long attempts, failed;
	uint64_t bad_frames;
	uint64_t first_bad_frame;
	const char *first_bad_why;
	uint64_t skipped_frames;
	double last_expire;
	double last_ts;                  /* the capture's clock */
	unsigned clock_jumps;            /* frames in a row far past it */
	uint64_t unreported_bytes;
};

static void not_all_read(struct run *run)
{
	pthread_mutex_lock(&run->lock);
	run->all_read = false;
	pthread_mutex_unlock(&run->lock);
}

/*
 * Something about an input: a line on standard error (notes not with -q); in JSON a
 * record — "error" for what could not be read (with "not_capture" when a named input is
 * not a capture), "skipped" for what a walk left out — and a count in the summary. sink
 * is NULL before the batch starts (the walk).
 */
static void input_event(struct run *run, struct batch_sink *sink, const char *name, enum input_message kind,
			const char *text)
{
	bool error = kind == INPUT_UNREADABLE || kind == INPUT_NOT_CAPTURE;
	if (error)
		not_all_read(run);
	if (error || !run->opt->quiet) {
		char line[1100];
		snprintf(line, sizeof line, "tlsdiag: %s", text);
		if (sink != NULL) {
			batch_sink_message(sink, line);
		} else {
			for (const unsigned char *p = (const unsigned char *)line; *p; p++)
				if (*p < 0x20 || *p >= 0x7f)
					fprintf(stderr, "\\x%02x", *p);
				else
					fputc(*p, stderr);
			fputc('\n', stderr);
		}
	}
	if (kind == INPUT_NOTE)
		return;
	FILE *out = sink != NULL ? batch_sink_out(sink) : stdout;
	if (run->opt->json && out != NULL) {
		struct json j = { out, false };
		json_begin_object(&j);
		json_key(&j, "type"); json_string(&j, error ? "error" : "skipped");
		json_key(&j, "file"); json_string(&j, name);
		json_key(&j, "message"); json_string(&j, text);
		if (kind == INPUT_NOT_CAPTURE) {
			json_key(&j, "not_capture");
			json_bool(&j, true);
		}
		json_end_object(&j);
		fputc('\n', j.out);
	}
	char key[1024];
	triage_key(name, strlen(name), key, sizeof key);
	pthread_mutex_lock(&run->lock);
	if (kind == INPUT_UNREADABLE)
		triage_file_error(run->triage, key);
	else
		triage_file_skipped(run->triage, key);
	pthread_mutex_unlock(&run->lock);
}

static void item_message(void *ctx, const char *name, enum input_message kind, const char *text)
{
	struct item_job *it = ctx;
	char line[1024];
	snprintf(line, sizeof line, "%s: %s", name, text);
	input_event(it->run, it->sink, name, kind, line);
}

static void item_error(struct item_job *it, const char *name, const char *text)
{
	input_event(it->run, it->sink, name, INPUT_UNREADABLE, text);
}

/* A decided attempt on its way to the writing thread. */
struct decided_record {
	char *name;
	uint64_t capture;                /* which capture of the run: each starts its own header */
	bool headers;                    /* text: "== NAME" before the first attempt shown */
	int linktype;
	struct facts *f;
	struct verdict v;
	struct flow_frame *frames;       /* for -w */
};

/* The report, the summary counts and the certificates of one attempt (not -w). */
static void render_attempt(struct run *run, struct report_opts *ro, const char *name, const struct facts *f,
			   const struct verdict *v)
{
	report_attempt(ro, name, f, v);
	struct triage_row row;
	triage_row_from_attempt(&row, name, f, v);
	pthread_mutex_lock(&run->lock);
	triage_add(run->triage, &row);
	if (run->opt->extract != NULL)
		extract_attempt(run->opt->extract, name, f, v);
	pthread_mutex_unlock(&run->lock);
}

/*
 * With one input at a time, the analysing thread hands each decided attempt to the
 * writing thread, which renders it: the two run side by side. With several inputs at
 * once (-j), each analysing thread renders its own attempts (the writing thread would be
 * the bottleneck), and only the -w packets travel as records, to be written in order.
 */
static size_t frames_weight(const struct flow_frame *frames)
{
	size_t n = 0;
	for (const struct flow_frame *fr = frames; fr != NULL; fr = fr->next)
		n += sizeof *fr + fr->caplen;
	return n;
}

static bool offline_decided(void *ctx, struct facts *f, const struct verdict *v, struct flow_frame *frames,
			    bool owned)
{
	struct capture_job *cj = ctx;
	struct run *run = cj->item->run;
	cj->attempts++;
	bool failed = failed_class(v->cls);
	if (failed) {
		cj->failed++;
		__atomic_fetch_add(&run->failed, 1, __ATOMIC_RELAXED);
	}
	if (run->render_in_workers) {
		render_attempt(run, &cj->ro, cj->name, f, v);
		if (!failed || frames == NULL || !owned) {
			batch_sink_flush(cj->item->sink);
			return false;
		}
		/* Only the packets go to the writing thread; the facts are done with. */
		struct decided_record *r = malloc(sizeof *r);
		if (r != NULL) {
			*r = (struct decided_record){ .linktype = cj->linktype, .frames = frames };
			if (batch_sink_record(cj->item->sink, r, sizeof *r + frames_weight(frames))) {
				batch_sink_flush(cj->item->sink);
				facts_release(f);
				free(f);
				return true;
			}
			free(r);
		}
		batch_sink_flush(cj->item->sink);
		return false;
	}
	struct decided_record *r = owned ? malloc(sizeof *r) : NULL;
	if (r != NULL) {
		*r = (struct decided_record){ .name = strdup(cj->name), .capture = cj->capture, .headers = cj->ro.file_headers,
					      .linktype = cj->linktype, .f = f, .v = *v, .frames = frames };
		size_t weight = sizeof *r + sizeof *f + (size_t)(f->n_certs[0] + f->n_certs[1]) * sizeof(struct cert_fact) +
				frames_weight(frames);
		if (r->name != NULL && batch_sink_record(cj->item->sink, r, weight)) {
			batch_sink_flush(cj->item->sink);
			return true;
		}
		free(r->name);
		free(r);
	}
	char text[512];
	snprintf(text, sizeof text, "tlsdiag: %s: out of memory: an attempt could not be reported", cj->name);
	batch_sink_message(cj->item->sink, text);
	not_all_read(run);
	return false;
}

/* On the writing thread, in output order: what the analysing thread left to render of
 * an attempt, and its -w packets. */
static void render_record(void *ctx, void *record, FILE *out)
{
	struct run *run = ctx;
	struct decided_record *r = record;
	if (r->f != NULL) {
		run->ro.out = out;
		run->ro.file_headers = r->headers;
		if (r->capture != run->rendered_capture) {
			/* A new capture names itself before its first attempt shown, as when each
			 * thread renders its own (-j): the output does not depend on who renders. */
			run->ro.named_file = false;
			run->rendered_capture = r->capture;
		}
		render_attempt(run, &run->ro, r->name, r->f, &r->v);
	}
	if (run->opt->write_path != NULL && (r->f == NULL || failed_class(r->v.cls))) {
		for (const struct flow_frame *fr = r->frames; fr != NULL; fr = fr->next) {
			struct capture_writer *w = wfiles_for(&run->wfiles, r->linktype);
			if (w != NULL)
				capture_writer_frame(w, fr->ts, fr->data, fr->caplen, fr->wirelen);
		}
	}
	if (r->f != NULL) {
		facts_release(r->f);
		free(r->f);
	}
	flow_frames_free(r->frames);
	free(r->name);
	free(r);
}

static void offline_done(void *ctx, struct facts *f)
{
	struct capture_job *cj = ctx;
	struct flow_frame *frames = cj->item->run->opt->write_path ? flow_take_frames(cj->flows, f) : NULL;
	decider_add(cj->dec, f, frames, true);
}

static void on_frame(void *ctx, const struct capture_frame *fr)
{
	struct capture_job *cj = ctx;
	struct decoded pkt;
	const char *why = NULL;
	cj->linktype = fr->linktype;
	switch (decode_frame(fr->linktype, fr->data, fr->caplen, fr->wirelen, &pkt, &why)) {
	case DECODE_TCP:
		flow_packet(cj->flows, &pkt, fr->ts, fr->number, fr->data, fr->caplen, fr->wirelen);
		break;
	case DECODE_BAD:
		if (cj->bad_frames++ == 0) {
			cj->first_bad_frame = fr->number;
			cj->first_bad_why = why;
		}
		break;
	case DECODE_SKIP:
		cj->skipped_frames++;
		break;
	}
	/* The capture's clock: the latest time seen, except a lone frame far in the future (a
	 * broken clock, a merged capture) moves it only when frames keep coming from there;
	 * else one bad timestamp would decide every open connection and stop expiry. */
	if (fr->ts > cj->last_ts) {
		if (cj->last_ts == 0 || fr->ts - cj->last_ts < BOUND_CLOCK_JUMP || ++cj->clock_jumps >= 16) {
			cj->last_ts = fr->ts;
			cj->clock_jumps = 0;
		}
	} else {
		cj->clock_jumps = 0;
	}
	/* Decide finished connections as the capture goes, to bound memory. */
	if (cj->last_ts - cj->last_expire > 1.0 || cj->last_ts < cj->last_expire) {
		flow_expire(cj->flows, cj->last_ts);
		cj->last_expire = cj->last_ts;
	}
	cj->unreported_bytes += fr->caplen + 16;
	if (cj->unreported_bytes >= (1u << 20)) {
		__atomic_fetch_add(&cj->item->run->bytes_read, cj->unreported_bytes, __ATOMIC_RELAXED);
		cj->unreported_bytes = 0;
	}
}

static void analyse_capture(void *ctx, const char *name, FILE *fp, const struct input_stream *st)
{
	struct item_job *it = ctx;
	struct run *run = it->run;
	const struct options *opt = run->opt;
	struct capture_job cj = { .item = it, .name = name,
				  .capture = __atomic_add_fetch(&run->captures_started, 1, __ATOMIC_RELAXED) };
	cj.ro = (struct report_opts){ .out = batch_sink_out(it->sink), .json = opt->json, .all = opt->all,
				      .file_headers = run->file_headers || strcmp(name, it->path) != 0 };
	struct flow_config cfg = {
		.tls_ports = opt->tls_ports,
		.n_tls_ports = opt->n_tls_ports,
		.idle_timeout = BOUND_IDLE_TIMEOUT,
		.max_flows = opt->max_flows ? opt->max_flows : BOUND_FLOWS,
		.max_memory = run->table_memory,
		.keep_frames = opt->write_path != NULL,
	};
	/* A pcapng may carry its own key log (Decryption Secrets Blocks): picked up as the
	 * capture is read, and used like --keylog for its connections. */
	struct keylog *embedded = NULL;
	struct dsb_stats dsb = { 0 };
	if (input_stream_is_pcapng(st) && (embedded = keylog_new()) != NULL) {
		FILE *wrapped = dsb_wrap(fp, embedded, &dsb);
		if (wrapped != NULL) {
			fp = wrapped;
			cfg.capture_keylog = embedded;
		}
	}
	cj.flows = flow_table_new(&cfg, offline_done, &cj);
	cj.dec = decider_new(true, offline_decided, &cj);
	if (cj.flows == NULL || cj.dec == NULL || cj.ro.out == NULL) {
		fclose(fp);
		item_error(it, name, "out of memory");
		flow_table_free(cj.flows);
		decider_free(cj.dec);
		keylog_free(embedded);
		return;
	}
	struct capture_result res;
	bool ok = capture_read_stream(fp, name, opt->filter, on_frame, &cj, &res);
	flow_flush_at(cj.flows, cj.last_ts); /* the capture ended with its last packet */
	decider_finish(cj.dec);
	__atomic_fetch_add(&run->bytes_read, cj.unreported_bytes, __ATOMIC_RELAXED);
	char text[1024];
	if (!ok) {
		const char *broken = input_stream_error(st);
		if (broken != NULL && res.opened)
			snprintf(text, sizeof text, "%s: packet %llu: the compressed stream breaks off: %s", name,
				 (unsigned long long)res.frames + 1, broken);
		else if (broken != NULL)
			snprintf(text, sizeof text, "%s: %s", name, broken);
		else
			snprintf(text, sizeof text, "%s", res.message);
		item_error(it, name, text);
	}
	if (cj.bad_frames > 0) {
		snprintf(text, sizeof text, "%s: %llu packet(s) could not be decoded and were skipped (first: packet %llu: %s)",
			 name, (unsigned long long)cj.bad_frames, (unsigned long long)cj.first_bad_frame,
			 cj.first_bad_why ? cj.first_bad_why : "?");
		item_error(it, name, text);
	}
	const struct flow_stats *fs = flow_table_stats(cj.flows);
	if (fs->cut_packets > 0 && !opt->quiet) {
		snprintf(text, sizeof text, "tlsdiag: %s: %llu packet(s) cut by the snap length (first: packet %llu); "
			 "their missing bytes count as holes", name, (unsigned long long)fs->cut_packets,
			 (unsigned long long)fs->first_cut_packet);
		batch_sink_message(it->sink, text);
	}
	if ((fs->evicted > 0 || fs->evicted_memory > 0) && !opt->quiet) {
		if (fs->evicted_memory > 0)
			snprintf(text, sizeof text, "tlsdiag: %s: %llu connection(s) decided before their end: their state "
				 "reached the memory bound (%zu MiB for this capture; --max-memory)", name,
				 (unsigned long long)fs->evicted + fs->evicted_memory, run->table_memory >> 20);
		else
			snprintf(text, sizeof text, "tlsdiag: %s: %llu connection(s) decided before their end: more than "
				 "%zu were open at once (--max-flows)", name, (unsigned long long)fs->evicted,
				 opt->max_flows ? opt->max_flows : (size_t)BOUND_FLOWS);
		batch_sink_message(it->sink, text);
	}
	if (dsb.blocks > 0 && !opt->quiet) {
		snprintf(text, sizeof text, "tlsdiag: %s: key log secrets of %zu connection(s) found in %lu Decryption Secrets "
			 "Block(s)%s", name, keylog_count(embedded), dsb.blocks,
			 dsb.lines.malformed > 0 ? "; some of their lines were not understood" : "");
		batch_sink_message(it->sink, text);
	}
	if (decider_held_overflow(cj.dec) > 0 && !opt->quiet) {
		snprintf(text, sizeof text, "tlsdiag: %s: %lu attempt(s) were compared with the handshakes of their server "
			 "seen up to their end only (more than %d waited for the end of the capture)", name,
			 decider_held_overflow(cj.dec), BOUND_HELD_ATTEMPTS);
		batch_sink_message(it->sink, text);
	}
	if (res.opened) {
		pthread_mutex_lock(&run->lock);
		if (run->first_linktype < 0 || cj.capture < run->first_capture) {
			run->first_linktype = res.linktype;
			run->first_capture = cj.capture;
		}
		pthread_mutex_unlock(&run->lock);
		char key[1024];
		triage_key(name, strlen(name), key, sizeof key);
		pthread_mutex_lock(&run->lock);
		triage_file_read(run->triage, key);
		pthread_mutex_unlock(&run->lock);
		if (opt->json) {
			struct json j = { cj.ro.out, false };
			const char *lt = pcap_datalink_val_to_name(res.linktype);
			json_begin_object(&j);
			json_key(&j, "type"); json_string(&j, "file");
			json_key(&j, "file"); json_string(&j, name);
			json_key(&j, "link_type"); json_string(&j, lt ? lt : "?");
			json_key(&j, "packets"); json_int(&j, (long long)res.frames);
			json_key(&j, "bytes"); json_int(&j, (long long)res.bytes);
			json_key(&j, "attempts"); json_int(&j, (long long)cj.attempts);
			json_key(&j, "failed"); json_int(&j, (long long)cj.failed);
			json_key(&j, "complete"); json_bool(&j, ok);
			json_end_object(&j);
			fputc('\n', j.out);
		}
	}
	batch_sink_flush(it->sink);
	decider_free(cj.dec);
	flow_table_free(cj.flows);
	keylog_free(embedded);
}

static void run_item(void *ctx, size_t index, struct batch_sink *sink)
{
	struct run *run = ctx;
	struct item_job it = { .run = run, .sink = sink, .path = run->list.paths[index] };
	struct input_counts counts = { 0 };
	input_open(it.path, run->list.named[index], analyse_capture, item_message, &it, &counts);
	__atomic_fetch_add(&run->files_done, 1, __ATOMIC_RELAXED);
}

static void clear_progress(void *ctx)
{
	struct run *run = ctx;
	if (run->progress_shown) {
		fputs("\r\033[K", stderr);
		run->progress_shown = false;
	}
}

static void show_progress(void *ctx, bool final)
{
	struct run *run = ctx;
	if (final) {
		clear_progress(run);
		return;
	}
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double secs = (double)(now.tv_sec - run->started.tv_sec) + (double)(now.tv_nsec - run->started.tv_nsec) / 1e9;
	double mb = (double)__atomic_load_n(&run->bytes_read, __ATOMIC_RELAXED) / 1e6;
	fflush(stdout);
	fprintf(stderr, "\r\033[Ktlsdiag: %llu/%zu files, %.1f MB read, %.0f MB/s, %llu failed",
		(unsigned long long)__atomic_load_n(&run->files_done, __ATOMIC_RELAXED), run->list.n, mb,
		secs > 0 ? mb / secs : 0.0, (unsigned long long)__atomic_load_n(&run->failed, __ATOMIC_RELAXED));
	run->progress_shown = true;
}

static void list_message(void *ctx, const char *name, enum input_message kind, const char *text)
{
	char line[1024];
	snprintf(line, sizeof line, "%s: %s", name, text);
	input_event(ctx, NULL, name, kind, line);
}

/* Offline: every input through the batch; returns the exit status. */
static int run_offline(const struct options *opt)
{
	struct run run = { .opt = opt, .all_read = true, .first_linktype = -1 };
	run.ro = (struct report_opts){ .out = stdout, .json = opt->json, .all = opt->all };
	pthread_mutex_init(&run.lock, NULL);
	run.triage = triage_new();
	run.wfiles.base = opt->write_path;
	if (run.triage == NULL) {
		fprintf(stderr, "tlsdiag: out of memory\n");
		return 1;
	}
	input_list_build(&run.list, opt->inputs, opt->n_inputs, list_message, &run);
	struct stat st;
	run.file_headers = run.list.n > 1 || opt->n_inputs > 1 ||
			   (strcmp(opt->inputs[0], "-") != 0 && stat(opt->inputs[0], &st) == 0 && S_ISDIR(st.st_mode));
	/* --extract-certs writes files and an index in output order: on the writing thread. */
	run.render_in_workers = opt->jobs > 1 && run.list.n > 1 && opt->extract == NULL;
	size_t at_once = opt->jobs < run.list.n ? opt->jobs : run.list.n;
	run.table_memory = opt->max_memory / (at_once > 0 ? at_once : 1);
	clock_gettime(CLOCK_MONOTONIC, &run.started);
	struct batch_config bc = {
		.n_items = run.list.n,
		.threads = opt->jobs,
		.out = stdout,
		.err = stderr,
		.render = render_record,
		.progress = show_progress,
		.clear_progress = clear_progress,
		.progress_interval = !opt->quiet && isatty(STDERR_FILENO) ? 0.25 : 0,
	};
	batch_run(&bc, run_item, &run);
	if (opt->json)
		triage_print_json(run.triage, stdout);
	else
		triage_print_text(run.triage, stdout);
	wfiles_close(&run.wfiles, run.first_linktype, opt->quiet);
	if (run.wfiles.failed)
		run.all_read = false;
	if (opt->extract != NULL && !extract_close(opt->extract)) {
		fprintf(stderr, "tlsdiag: --extract-certs %s: some certificates could not be written\n", opt->extract_dir);
		run.all_read = false;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "tlsdiag: standard output: write error\n");
		run.all_read = false;
	}
	unsigned long failed = triage_failed(run.triage);
	triage_free(run.triage);
	input_list_free(&run.list);
	pthread_mutex_destroy(&run.lock);
	if (!run.all_read)
		return 1;
	if (opt->fail_on_failures && failed > 0)
		return 3;
	return 0;
}

/* ---- live capture ---- */

static volatile int stop_requested;
static volatile int stats_requested;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		stats_requested = 1;
	else
		stop_requested = 1;
}

struct live_run {
	const struct options *opt;
	struct report_opts *ro;
	struct triage *triage;
	struct flow_table *flows;
	struct decider *dec;
	struct capture_live *cap;
	struct capture_writer *writer;   /* -w */
	double next_stats;
	uint64_t bad_frames;
};

static bool live_decided(void *ctx, struct facts *f, const struct verdict *v, struct flow_frame *frames, bool owned)
{
	struct live_run *lr = ctx;
	(void)owned;
	report_attempt(lr->ro, NULL, f, v);
	if (lr->opt->extract != NULL)
		extract_attempt(lr->opt->extract, NULL, f, v);
	struct triage_row row;
	triage_row_from_attempt(&row, NULL, f, v);
	triage_add(lr->triage, &row);
	if (lr->writer != NULL && failed_class(v->cls)) {
		for (const struct flow_frame *fr = frames; fr != NULL; fr = fr->next)
			capture_writer_frame(lr->writer, fr->ts, fr->data, fr->caplen, fr->wirelen);
		capture_writer_flush(lr->writer);
	}
	fflush(lr->ro->out);
	return false;
}

static void live_ready(void *ctx, const struct facts *f)
{
	/* The rules read the facts; the server's history is written into them first. */
	struct live_run *lr = ctx;
	decider_add(lr->dec, (struct facts *)f, (struct flow_frame *)flow_frames_of(lr->flows, f), false);
}

static void live_done(void *ctx, struct facts *f)
{
	struct live_run *lr = ctx;
	decider_add(lr->dec, f, flow_take_frames(lr->flows, f), true);
}

static void live_frame(void *ctx, const struct capture_frame *fr)
{
	struct live_run *lr = ctx;
	struct decoded pkt;
	const char *why = NULL;
	switch (decode_frame(fr->linktype, fr->data, fr->caplen, fr->wirelen, &pkt, &why)) {
	case DECODE_TCP:
		flow_packet(lr->flows, &pkt, fr->ts, fr->number, fr->data, fr->caplen, fr->wirelen);
		break;
	case DECODE_BAD:
		lr->bad_frames++;
		break;
	case DECODE_SKIP:
		break;
	}
}

static void live_stats(struct live_run *lr, FILE *out)
{
	struct capture_stats st;
	capture_live_stats(lr->cap, &st);
	const struct flow_stats *fs = flow_table_stats(lr->flows);
	fprintf(out, "== capture: %llu packets received, %llu dropped by the kernel, %llu dropped by the interface, "
		"%llu undecodable; %zu flows tracked, %llu evicted\n",
		(unsigned long long)st.received, (unsigned long long)st.dropped_kernel, (unsigned long long)st.dropped_iface,
		(unsigned long long)lr->bad_frames, flow_table_size(lr->flows), (unsigned long long)fs->evicted);
}

static void live_summary(struct live_run *lr)
{
	/* In JSON mode standard output stays NDJSON: the summary goes to standard error. */
	FILE *out = lr->ro->json ? stderr : stdout;
	if (!lr->ro->json)
		fflush(stdout);
	triage_print_text(lr->triage, out);
	live_stats(lr, out);
	fflush(out);
}

static void live_tick(void *ctx, double now)
{
	struct live_run *lr = ctx;
	flow_tick(lr->flows, now);
	bool periodic = lr->opt->stats_interval > 0 && now >= lr->next_stats;
	if (stats_requested || periodic) {
		stats_requested = 0;
		if (periodic)
			lr->next_stats = now + lr->opt->stats_interval;
		live_summary(lr);
	}
}

/* -Z: give up root once the interface (and the -w file) are open, as tcpdump does. */
static bool drop_privileges(const char *user)
{
	struct passwd *pw = getpwnam(user);
	if (pw == NULL) {
		fprintf(stderr, "tlsdiag: -Z %s: no such user\n", user);
		return false;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
		fprintf(stderr, "tlsdiag: -Z %s: cannot switch user: %s\n", user, strerror(errno));
		return false;
	}
	if (setuid(0) == 0) {
		fprintf(stderr, "tlsdiag: -Z %s: root could be regained; stopping\n", user);
		return false;
	}
	return true;
}

static int run_live(const struct options *opt, struct report_opts *ro, struct triage *triage)
{
	char err[512];
	struct capture_live_opts co = { .iface = opt->iface, .filter = opt->filter, .buffer_mb = 32 };
	struct live_run lr = { .opt = opt, .ro = ro, .triage = triage };
	lr.cap = capture_live_open(&co, err, sizeof err);
	if (lr.cap == NULL) {
		fprintf(stderr, "tlsdiag: %s\n", err);
		return 1;
	}
	if (opt->write_path != NULL) {
		lr.writer = capture_writer_open(opt->write_path, capture_live_linktype(lr.cap), err, sizeof err);
		if (lr.writer == NULL) {
			fprintf(stderr, "tlsdiag: -w %s\n", err);
			return 1;
		}
	}
	/* As tcpdump: started as root, it gives root up once the interface is open, for the
	 * user named by -Z or else "nobody"; -Z root keeps it (not advised: the parsers then
	 * read hostile packets as root). */
	const char *user = opt->user != NULL ? opt->user : geteuid() == 0 ? "nobody" : NULL;
	if (user != NULL && strcmp(user, "root") != 0 && opt->extract != NULL) {
		/* The certificates are written as that user, into the directory made as root
		 * (its index is open already). */
		struct passwd *pw = getpwnam(user);
		if (pw != NULL && chown(opt->extract_dir, pw->pw_uid, pw->pw_gid) != 0 && !opt->quiet)
			fprintf(stderr, "tlsdiag: --extract-certs %s: %s: certificates may not be written as %s\n",
				opt->extract_dir, strerror(errno), user);
	}
	if (user != NULL && strcmp(user, "root") != 0 && !drop_privileges(user))
		return 1;
	struct flow_config cfg = {
		.tls_ports = opt->tls_ports,
		.n_tls_ports = opt->n_tls_ports,
		.idle_timeout = BOUND_IDLE_TIMEOUT,
		.max_flows = opt->max_flows ? opt->max_flows : BOUND_FLOWS,
		.max_memory = opt->max_memory,
		.live = true,
		.ready = live_ready,
		.handshake_timeout = opt->handshake_timeout > 0 ? opt->handshake_timeout : 5.0,
		.decide_grace = 0.2,
		.keep_frames = opt->write_path != NULL,
	};
	lr.flows = flow_table_new(&cfg, live_done, &lr);
	lr.dec = decider_new(false, live_decided, &lr);
	if (lr.flows == NULL || lr.dec == NULL) {
		fprintf(stderr, "tlsdiag: out of memory\n");
		return 1;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	if (opt->stats_interval > 0) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		lr.next_stats = (double)ts.tv_sec + opt->stats_interval;
	}
	/* From here on the process only reads packets and writes reports: the system calls
	 * it may make are restricted to that (sandbox.h). */
	if (!opt->no_sandbox && !sandbox_enter(opt->extract != NULL, err, sizeof err) && !opt->quiet)
		fprintf(stderr, "tlsdiag: note: running without the system call sandbox: %s\n", err);
	if (!opt->quiet)
		fprintf(stderr, "tlsdiag: listening on %s%s%s\n", opt->iface, opt->filter ? ", filter " : "",
			opt->filter ? opt->filter : "");
	bool ok = capture_live_run(lr.cap, live_frame, live_tick, &lr, &stop_requested);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	/* Stopping: what is pending is decided and printed, then the summary. */
	flow_flush_at(lr.flows, (double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
	live_summary(&lr);
	flow_table_free(lr.flows);
	decider_free(lr.dec);
	capture_writer_close(lr.writer);
	if (!ok) {
		fprintf(stderr, "tlsdiag: %s: the capture stopped with an error\n", opt->iface);
		return 1;
	}
	return 0;
}

/* --summarize: the batch view of JSON records written by earlier runs. */
static int run_summarize(const struct options *opt, int n, const char *const *paths)
{
	if (n == 0) {
		fprintf(stderr, "tlsdiag: --summarize: name the NDJSON files of earlier runs (tlsdiag --json ...), or - for standard input\n");
		return 2;
	}
	struct triage *t = triage_new();
	if (t == NULL)
		return 1;
	bool all_read = true;
	for (int i = 0; i < n; i++) {
		struct summarize_counts c = { 0 };
		char err[512];
		if (!summarize_file(paths[i], t, &c, err, sizeof err)) {
			fprintf(stderr, "tlsdiag: %s\n", err);
			all_read = false;
		}
		if (c.bad_lines > 0) {
			fprintf(stderr, "tlsdiag: %s: %lu line(s) are not tlsdiag records and were skipped (first: line %lu)\n",
				paths[i], c.bad_lines, c.first_bad_line);
			all_read = false;
		}
	}
	if (opt->json)
		triage_print_json(t, stdout);
	else
		triage_print_text(t, stdout);
	unsigned long failed = triage_failed(t);
	triage_free(t);
	if (!all_read)
		return 1;
	return opt->fail_on_failures && failed > 0 ? 3 : 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: tlsdiag [options] -r CAPTURE [-r CAPTURE ...] [filter expression]\n"
		"       tlsdiag [--json] --summarize RECORDS.ndjson [...]\n"
		"       tlsdiag [options] -i INTERFACE [filter expression]\n"
		"\n"
		"Reads packet captures and reports, for every TLS connection attempt, whether the\n"
		"handshake worked and, when it failed, why, with the evidence and the fix.\n"
		"\n"
		"  -r PATH              read a capture (pcap, pcapng; compressed .gz/.zst/.xz/.bz2; inside\n"
		"                       .zip/.tar bundles), a directory walked for them, or - (stdin)\n"
		"  -j N                 analyse N inputs at once (default: the number of cores);\n"
		"                       the output is the same as with -j 1\n"
		"  --summarize FILE...  the batch summary rebuilt from --json records of earlier runs\n"
		"  --json               one JSON object per attempt (NDJSON)\n"
		"  -a, --all            text: list successful handshakes too\n"
		"  --tls-ports LIST     ports where a non-TLS connection is still an attempt\n"
		"                       (comma-separated; default 443,465,636,853,993,995,8443,...)\n"
		"  --fail-on-failures   exit 3 when any handshake failed\n"
		"  --max-flows N        connections tracked at once (default 200000); past it the least\n"
		"                       recently active is decided early and counted\n"
		"  --max-memory SIZE    memory for connection state (default 512M; K, M, G), shared by\n"
		"                       the inputs read at once; past it the same\n"
		"  -w FILE              write the packets of every failed attempt to a pcap file (one\n"
		"                       more file per other link type: FILE.LINKTYPE.pcap)\n"
		"  --keylog FILE        an SSLKEYLOGFILE (repeatable): decrypt TLS 1.3 handshakes and\n"
		"                       TLS 1.2 Finished and alerts to classify on facts, not inference\n"
		"\n"
		"Live: tlsdiag [options] -i INTERFACE [filter expression]\n"
		"  -i IFACE             sniff on an interface (\"any\" for all); reports as outcomes happen\n"
		"  --handshake-timeout S  decide a silent attempt after S seconds (default 5)\n"
		"  --stats-interval S   print the running summary every S seconds (also on SIGUSR1)\n"
		"  -Z USER              drop root for USER once the interface is open (default:\n"
		"                       nobody when started as root; -Z root keeps root)\n"
		"  --no-sandbox         live: do not restrict system calls (seccomp) after start-up\n"
		"  --extract-certs DIR  write every certificate seen as DIR/<sha256>.pem, with DIR/index.tsv\n"
		"  --list-rules         print the rule table and exit\n"
		"  -q, --quiet          no notes on standard error (errors are still printed)\n"
		"  -h, --help           this help\n"
		"  --version            print the version\n"
		"\n"
		"Exit status: 0 all input read; 1 some input could not be read; 2 usage error;\n"
		"3 with --fail-on-failures when a handshake failed.\n");
}

static void list_rules(void)
{
	size_t n;
	const struct rule *r = rules_table(&n);
	for (size_t i = 0; i < n; i++) {
		printf("%-34s %-22s %-6s %s\n", r[i].id, rules_class_name(r[i].cls), rules_confidence_name(r[i].confidence),
		       r[i].explanation);
	}
	/* The certificate checks name the failing property within the certificate classes. */
	printf("\n# certificate checks (the failing_check of client_cert_rejected / server_cert_rejected; warnings on ok)\n");
	for (int c = 0; c < CHK__COUNT; c++) {
		const struct cert_check_info *info = certcheck_info((enum cert_check)c);
		printf("%-34s %s\n", info->id, info->what);
	}
}

static bool parse_ports(const char *s, struct options *o)
{
	o->n_tls_ports = 0;
	char *copy = strdup(s);
	if (copy == NULL)
		return false;
	bool ok = true;
	for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *end;
		long v = strtol(tok, &end, 10);
		if (*end != '\0' || v <= 0 || v > 65535 || o->n_tls_ports >= sizeof o->tls_ports / sizeof o->tls_ports[0]) {
			ok = false;
			break;
		}
		o->tls_ports[o->n_tls_ports++] = (uint16_t)v;
	}
	free(copy);
	return ok && o->n_tls_ports > 0;
}

enum { OPT_JSON = 256, OPT_TLS_PORTS, OPT_FAIL, OPT_LIST_RULES, OPT_VERSION, OPT_KEYLOG, OPT_EXTRACT,
       OPT_HS_TIMEOUT, OPT_MAX_FLOWS, OPT_STATS, OPT_SUMMARIZE, OPT_MAX_MEMORY,
       OPT_NO_SANDBOX };

/* A size from an option: a number of bytes with an optional K, M or G (powers of 1024). */
static bool parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno != 0 || end == s || !(v > 0))
		return false;
	double unit = 1;
	switch (*end) {
	case 'k': case 'K': unit = 1024.0; end++; break;
	case 'm': case 'M': unit = 1024.0 * 1024; end++; break;
	case 'g': case 'G': unit = 1024.0 * 1024 * 1024; end++; break;
	default: break;
	}
	if (*end == 'i' || *end == 'B')
		end += *end == 'i' && end[1] == 'B' ? 2 : 1;
	v *= unit;
	if (*end != '\0' || v > (double)SIZE_MAX / 2)
		return false;
	*out = (size_t)v;
	return true;
}

/* Live: the key logs stay open, and what clients append is read when a connection is
 * not found (decrypt_set_refresh). */
static struct keylog_follow *followers[KEYLOG_FILES_MAX];
static struct keylog_stats follower_stats[KEYLOG_FILES_MAX];
static unsigned n_followers;

static void poll_followers(void *ctx)
{
	(void)ctx;
	for (unsigned i = 0; i < n_followers; i++)
		keylog_follow_poll(followers[i]);
}

static void close_followers(void)
{
	for (unsigned i = 0; i < n_followers; i++)
		keylog_follow_close(followers[i]);
	n_followers = 0;
	decrypt_set_refresh(NULL, NULL);
}

/* --keylog: every file into one log (live: followed as it grows); a file that cannot be
 * read is an error, lines not understood are told and skipped. */
static struct keylog *load_keylogs(const struct options *opt)
{
	struct keylog *kl = keylog_new();
	if (kl == NULL) {
		fprintf(stderr, "tlsdiag: out of memory\n");
		return NULL;
	}
	bool live = opt->iface != NULL;
	for (unsigned i = 0; i < opt->n_keylogs; i++) {
		struct keylog_stats read_once = { 0 };
		struct keylog_stats *st = live ? &follower_stats[n_followers] : &read_once;
		memset(st, 0, sizeof *st);
		char err[256];
		struct keylog_follow *fw = NULL;
		bool ok = live ? (fw = keylog_follow_open(kl, opt->keylogs[i], st, err, sizeof err)) != NULL
			       : keylog_load_file(kl, opt->keylogs[i], st, err, sizeof err);
		if (!ok) {
			fprintf(stderr, "tlsdiag: --keylog %s: %s\n", opt->keylogs[i], err);
			close_followers();
			keylog_free(kl);
			return NULL;
		}
		if (fw != NULL) {
			followers[n_followers++] = fw;
			decrypt_set_refresh(poll_followers, NULL);
		}
		if (st->malformed > 0 && !opt->quiet)
			fprintf(stderr, "tlsdiag: --keylog %s: %llu line(s) not understood and skipped (first: line %llu: %s)\n",
				opt->keylogs[i], (unsigned long long)st->malformed, (unsigned long long)st->first_bad_line,
				st->first_bad_why);
		if (st->refused > 0 && !opt->quiet)
			fprintf(stderr, "tlsdiag: --keylog %s: %llu line(s) refused: %s\n", opt->keylogs[i],
				(unsigned long long)st->refused, st->refused_why);
	}
	if (keylog_count(kl) == 0 && !live && !opt->quiet)
		fprintf(stderr, "tlsdiag: --keylog: no secrets in %s%s\n", opt->keylogs[0], opt->n_keylogs > 1 ? " and the rest" : "");
	return kl;
}

/* A positive number from an option, or false. */
static bool parse_number(const char *s, double max, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v > 0) || v > max)
		return false;
	*out = v;
	return true;
}

int main(int argc, char **argv)
{
	/* Static, so that what the options point to stays reachable until the process ends,
	 * on the early exits below too; it starts from zero here, as an automatic one would. */
	static struct options opt;
	opt = (struct options){ 0 };
	memcpy(opt.tls_ports, default_tls_ports, sizeof default_tls_ports);
	opt.n_tls_ports = sizeof default_tls_ports / sizeof default_tls_ports[0];
	opt.inputs = calloc((size_t)argc, sizeof *opt.inputs);
	if (opt.inputs == NULL)
		return 2;
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "all", no_argument, NULL, 'a' },
		{ "tls-ports", required_argument, NULL, OPT_TLS_PORTS },
		{ "fail-on-failures", no_argument, NULL, OPT_FAIL },
		{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "keylog", required_argument, NULL, OPT_KEYLOG },
		{ "extract-certs", required_argument, NULL, OPT_EXTRACT },
		{ "handshake-timeout", required_argument, NULL, OPT_HS_TIMEOUT },
		{ "max-flows", required_argument, NULL, OPT_MAX_FLOWS },
		{ "max-memory", required_argument, NULL, OPT_MAX_MEMORY },
		{ "no-sandbox", no_argument, NULL, OPT_NO_SANDBOX },
		{ "stats-interval", required_argument, NULL, OPT_STATS },
		{ "summarize", no_argument, NULL, OPT_SUMMARIZE },
		{ "jobs", required_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	double num;
	while ((c = getopt_long(argc, argv, "+r:i:w:j:Z:aqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': opt.inputs[opt.n_inputs++] = optarg; break;
		case 'a': opt.all = true; break;
		case 'q': opt.quiet = true; break;
		case OPT_JSON: opt.json = true; break;
		case OPT_FAIL: opt.fail_on_failures = true; break;
		case OPT_EXTRACT: opt.extract_dir = optarg; break;
		case OPT_TLS_PORTS:
			if (!parse_ports(optarg, &opt)) {
				fprintf(stderr, "tlsdiag: --tls-ports: expected a comma-separated list of ports, got \"%s\"\n", optarg);
				return 2;
			}
			break;
		case OPT_LIST_RULES: list_rules(); return 0;
		case 'h': usage(stdout); return 0;
		case OPT_VERSION: printf("tlsdiag %s\n", TLSDIAG_VERSION); return 0;
		case 'j':
			if (!parse_number(optarg, 1024, &num) || num != (double)(unsigned)num) {
				fprintf(stderr, "tlsdiag: -j: expected a number of parallel jobs, got \"%s\"\n", optarg);
				return 2;
			}
			opt.jobs = (unsigned)num;
			break;
		case OPT_SUMMARIZE: opt.summarize = true; break;
		case OPT_NO_SANDBOX: opt.no_sandbox = true; break;
		case 'i': opt.iface = optarg; break;
		case 'w': opt.write_path = optarg; break;
		case 'Z': opt.user = optarg; break;
		case OPT_MAX_MEMORY:
			if (!parse_size(optarg, &opt.max_memory) || opt.max_memory < BOUND_MEMORY_MIN) {
				fprintf(stderr, "tlsdiag: --max-memory: expected a size of at least %zuM (as 512M or 2G), got \"%s\"\n",
					BOUND_MEMORY_MIN >> 20, optarg);
				return 2;
			}
			break;
		case OPT_HS_TIMEOUT:
		case OPT_MAX_FLOWS:
		case OPT_STATS:
			if (!parse_number(optarg, c == OPT_MAX_FLOWS ? 1e8 : 86400, &num)) {
				fprintf(stderr, "tlsdiag: %s: expected a positive number, got \"%s\"\n", argv[optind - 2 >= 0 ? optind - 2 : 0],
					optarg);
				return 2;
			}
			if (c == OPT_HS_TIMEOUT)
				opt.handshake_timeout = num;
			else if (c == OPT_MAX_FLOWS)
				opt.max_flows = (size_t)num;
			else
				opt.stats_interval = num;
			break;
		case OPT_KEYLOG:
			if (opt.n_keylogs < KEYLOG_FILES_MAX)
				opt.keylogs[opt.n_keylogs++] = optarg;
			break;
		default: usage(stderr); return 2;
		}
	}
	if (opt.iface != NULL && opt.n_inputs > 0) {
		fprintf(stderr, "tlsdiag: -i and -r do not go together\n");
		return 2;
	}
	if (opt.user != NULL && opt.iface == NULL) {
		fprintf(stderr, "tlsdiag: -Z applies to live capture (-i)\n");
		return 2;
	}
	size_t n_stdin = 0;
	for (size_t i = 0; i < opt.n_inputs; i++)
		n_stdin += strcmp(opt.inputs[i], "-") == 0; // NOLINT(clang-analyzer-core.NonNullParamChecker): getopt gives -r ("r:") its argument
	if (n_stdin > 1) {
		fprintf(stderr, "tlsdiag: -r -: standard input can be read once\n");
		return 2;
	}
	if (opt.summarize && (opt.iface != NULL || opt.n_inputs > 0)) {
		fprintf(stderr, "tlsdiag: --summarize reads JSON records, not captures: give it NDJSON files\n");
		return 2;
	}
	if (opt.n_inputs == 0 && opt.iface == NULL && !opt.summarize) {
		usage(stderr);
		return 2;
	}
	if (opt.jobs == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		opt.jobs = cores > 0 ? (unsigned)cores : 1;
	}
	if (opt.max_memory == 0)
		opt.max_memory = BOUND_MEMORY;
	struct keylog *keylog = opt.n_keylogs > 0 ? load_keylogs(&opt) : NULL;
	if (opt.n_keylogs > 0 && keylog == NULL) {
		free(opt.inputs);
		return 2;
	}
	decrypt_set_keylog(keylog);
	if (opt.summarize) {
		int rc = run_summarize(&opt, argc - optind, (const char *const *)argv + optind);
		free(opt.inputs);
		close_followers();
		keylog_free(keylog);
		return rc;
	}
	/* Trailing words form the BPF filter, as in tcpdump. */
	size_t flen = 0;
	for (int i = optind; i < argc; i++)
		flen += strlen(argv[i]) + 1;
	if (flen > 0) {
		opt.filter = calloc(flen + 1, 1);
		size_t used = 0;
		for (int i = optind; opt.filter && i < argc; i++)
			used += (size_t)snprintf(opt.filter + used, flen + 1 - used, "%s%s", argv[i], i + 1 < argc ? " " : "");
	}
	if (opt.extract_dir != NULL) {
		opt.extract = extract_open(opt.extract_dir);
		if (opt.extract == NULL) {
			fprintf(stderr, "tlsdiag: --extract-certs %s: %s\n", opt.extract_dir, strerror(errno));
			free(opt.filter);
			free(opt.inputs);
			return 2;
		}
		cert_keep_der(true);
	}
	if (opt.iface != NULL) {
		/* Live output is read as it comes (tlsdiag -i any --json | jq): one line at a time. */
		setvbuf(stdout, NULL, _IOLBF, 0);
		struct report_opts lro = { .out = stdout, .json = opt.json, .all = opt.all };
		struct triage *t = triage_new();
		int rc = t != NULL ? run_live(&opt, &lro, t) : 1;
		triage_free(t);
		if (opt.extract != NULL && !extract_close(opt.extract)) {
			fprintf(stderr, "tlsdiag: --extract-certs %s: some certificates could not be written\n", opt.extract_dir);
			rc = rc ? rc : 1;
		}
		free(opt.filter);
		free(opt.inputs);
		close_followers();
		keylog_free(keylog);
		return rc;
	}
	int rc = run_offline(&opt);
	cert_cache_clear();
	free(opt.filter);
	free(opt.inputs);
	keylog_free(keylog);
	return rc;
}
