/*
 * run_offline.c — -r: captures read as a batch (run.h).
 *
 * The inputs are listed (input.h) and run as a batch (batch.h): each capture stream
 * found gets its own pipeline, its attempts go to the one sink as they are decided, and
 * the summary of them all is printed at the end. With one input at a time, the
 * analysing thread hands each decided attempt to the writing thread, which renders it:
 * the two run side by side. With several inputs at once (-j), each analysing thread
 * renders its own attempts (the writing thread would be the bottleneck), and only the
 * -w packets travel to the writing thread, to be written in order. Either way the
 * output is the same.
 */
#include "run.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "bounds.h"
#include "classes.h"
#include "dsb.h"
#include "escape.h"
#include "input.h"
#include "keylog.h"
#include "merge.h"

/* What the threads of a batch share. */
struct run {
	const struct options *opt;
	const struct keylog_files *keys;
	struct sink *sink;
	struct input_list list;
	bool file_headers;
	pthread_mutex_t lock;            /* all_read, first_linktype */
	bool all_read;
	/* Progress, read by the writing thread. */
	uint64_t bytes_read;             /* captured bytes analysed (atomic) */
	uint64_t files_done;             /* atomic */
	uint64_t failed;                 /* atomic */
	struct timespec started;
	bool progress_shown;
	struct report_opts ro;           /* on the writing thread */
	bool render_in_workers;          /* several inputs at once: each thread renders its own */
	uint64_t captures_started;       /* atomic: numbers the captures of the run */
	uint64_t rendered_capture;       /* on the writing thread */
	int first_linktype;              /* of the first capture read (-w with no failure) */
	uint64_t first_capture;
	size_t table_memory;             /* --max-memory shared among the inputs read at once */
	FILE *report;                    /* standard output, or standard error with -w - */
	bool *item_read;                 /* per item of the list: a capture of it was read */
	/* Key logs found beside the captures (input.h): per directory, and those named with
	 * -r for every capture (also part of each directory's). */
	struct beside_keys *beside;
	size_t n_beside;
	struct keylog *everywhere;
};

struct beside_keys {
	char *dir;
	struct keylog *kl;
	unsigned files;                  /* key log files read into kl (walk-found) */
	uint64_t secrets;
};

/* One input of the list, on its thread. */
struct item_job {
	struct run *run;
	struct batch_sink *out;
	const char *path;
	size_t index;
};

/* One capture stream of an input. */
struct capture_job {
	struct item_job *item;
	struct report_opts ro;
	const char *name;
	uint64_t capture;                /* its number in the run, from 1 */
	struct pipeline *pipeline;
	unsigned long attempts, failed;
	uint64_t unreported_bytes;
	size_t index;                    /* the item's place in the list */
	struct dsb_stats dsb;            /* the secrets the capture carried */
};

/* A decided attempt on its way to the writing thread. */
struct decided_record {
	char *name;
	uint64_t capture;                /* which capture of the run: each starts its own header */
	bool headers;                    /* text: "== NAME" before the first attempt shown */
	int linktype;
	struct facts *f;                 /* NULL: only -w frames, to be written */
	struct verdict v;
	struct flow_frame *frames;       /* for -w */
	struct pcapout_note *note;       /* -w frames only: their attempt's note, or NULL (context) */
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
 * not a capture), "skipped" for what a walk left out — and a count in the summary. out
 * is NULL before the batch starts (the walk).
 */
static void input_event(struct run *run, struct batch_sink *out, const char *name, enum input_message kind,
			const char *text)
{
	bool error = kind == INPUT_UNREADABLE || kind == INPUT_NOT_CAPTURE;
	if (error)
		not_all_read(run);
	if (error || !run->opt->quiet) {
		char line[1100];
		snprintf(line, sizeof line, "tlsdiag: %s", text);
		if (out != NULL)
			batch_sink_message(out, line);
		else
			escape_put_text(stderr, line), fputc('\n', stderr);
	}
	if (kind == INPUT_NOTE)
		return;
	FILE *fp = out != NULL ? batch_sink_out(out) : stdout;
	if (run->opt->json && fp != NULL)
		report_json_input(fp, error, kind == INPUT_NOT_CAPTURE, name, text);
	if (kind == INPUT_UNREADABLE)
		sink_file_error(run->sink, name);
	else
		sink_file_skipped(run->sink, name);
}

static void item_message(void *ctx, const char *name, enum input_message kind, const char *text)
{
	struct item_job *it = ctx;
	char line[1024];
	snprintf(line, sizeof line, "%s: %s", name, text);
	input_event(it->run, it->out, name, kind, line);
}

static void item_error(struct item_job *it, const char *name, const char *text)
{
	input_event(it->run, it->out, name, INPUT_UNREADABLE, text);
}

/* The link type -w writes an attempt's frames with: that of its first frame (a pcapng's
 * interfaces may differ), else the last frame's of the capture. */
static int frames_linktype(const struct capture_job *cj, const struct flow_frame *frames)
{
	return frames != NULL ? frames->linktype : pipeline_linktype(cj->pipeline);
}

/* Hands a record to the writing thread; false when out of memory (it stays the caller's). */
static bool hand_on(struct capture_job *cj, struct decided_record *r)
{
	size_t weight = sizeof *r + flow_frames_memory(r->frames);
	/* Its facts with what they hold (certificates with their DER bytes, CA names): the
	 * held output is bounded by what it occupies. */
	if (r->f != NULL)
		weight += sizeof *r->f + facts_memory(r->f);
	bool ok = batch_sink_record(cj->item->out, r, weight);
	batch_sink_flush(cj->item->out);
	return ok;
}

/* Renders in the analysing thread; only the -w packets of a failure go on to the writing
 * thread. Returns whether f and frames were kept (decided_fn). */
static bool render_here(struct capture_job *cj, struct facts *f, const struct verdict *v, struct flow_frame *frames,
			bool owned, int linktype)
{
	struct run *run = cj->item->run;
	bool selected = sink_attempt(run->sink, &cj->ro, cj->name, f, v);
	if (!selected || !class_failed(v->cls) || frames == NULL || run->opt->write_path == NULL) {
		batch_sink_flush(cj->item->out);
		return false;
	}
	/* Decided while its flow lives on (--replay): the frames stay the flow's. */
	struct flow_frame *mine = owned ? frames : flow_frames_copy(frames);
	struct decided_record *r = mine != NULL ? malloc(sizeof *r) : NULL;
	struct pcapout_note *note = r != NULL ? malloc(sizeof *note) : NULL;
	if (note != NULL)
		pcapout_note_make(note, f, v);
	if (r != NULL) {
		*r = (struct decided_record){ .linktype = linktype, .frames = mine, .note = note };
		if (hand_on(cj, r)) {
			if (owned) {
				facts_release(f);
				free(f);
			}
			return owned;
		}
		free(r);
	}
	if (note != NULL)
		pcapout_note_free(note);
	free(note);
	if (!owned)
		flow_frames_free(mine);
	batch_sink_flush(cj->item->out);
	return false;
}

/* -w: successful handshakes a failure about to follow was compared with (decide.h's
 * context_fn): written just before it. */
static void offline_context(void *ctx, struct flow_frame *frames)
{
	struct capture_job *cj = ctx;
	struct decided_record *r = malloc(sizeof *r);
	if (r != NULL) {
		*r = (struct decided_record){ .linktype = frames_linktype(cj, frames), .frames = frames };
		if (hand_on(cj, r))
			return;
		free(r);
	}
	flow_frames_free(frames);
}

/* The pipeline decided an attempt (decide.h's decided_fn). */
static bool offline_decided(void *ctx, struct facts *f, const struct verdict *v, struct flow_frame *frames,
			    bool owned)
{
	struct capture_job *cj = ctx;
	struct run *run = cj->item->run;
	int linktype = frames_linktype(cj, frames);
	cj->attempts++;
	if (class_failed(v->cls)) {
		cj->failed++;
		__atomic_fetch_add(&run->failed, 1, __ATOMIC_RELAXED);
	}
	if (run->render_in_workers || !owned)
		return render_here(cj, f, v, frames, owned, linktype);
	struct decided_record *r = malloc(sizeof *r);
	if (r != NULL) {
		*r = (struct decided_record){ .name = strdup(cj->name), .capture = cj->capture, .headers = cj->ro.file_headers,
					      .linktype = linktype, .f = f, .v = *v, .frames = frames };
		if (r->name != NULL && hand_on(cj, r))
			return true;
		free(r->name);
		free(r);
	}
	char text[512];
	snprintf(text, sizeof text, "tlsdiag: %s: out of memory: an attempt could not be reported", cj->name);
	batch_sink_message(cj->item->out, text);
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
		if (sink_attempt(run->sink, &run->ro, r->name, r->f, &r->v))
			sink_frames(run->sink, r->linktype, r->f, &r->v, r->frames);
		facts_release(r->f);
		free(r->f);
	} else {
		sink_write_frames(run->sink, r->linktype, r->frames, r->note);
		if (r->note != NULL)
			pcapout_note_free(r->note);
		free(r->note);
	}
	flow_frames_free(r->frames);
	free(r->name);
	free(r);
}

/* -c: enough attempts shown, reading stops. */
static bool stop_reading(void *ctx)
{
	struct capture_job *cj = ctx;
	return sink_stopped(cj->item->run->sink);
}

/* A live stream is silent (input.h): decide what is due, as live capture would; -c may
 * be reached by that, and the stream is then read no further. */
static bool stream_idle(void *ctx, double silent)
{
	struct capture_job *cj = ctx;
	pipeline_idle(cj->pipeline, silent);
	batch_sink_flush(cj->item->out);
	return !sink_stopped(cj->item->run->sink);
}

static void on_frame(void *ctx, const struct capture_frame *fr)
{
	struct capture_job *cj = ctx;
	pipeline_frame(cj->pipeline, fr);
	cj->unreported_bytes += fr->caplen + 16;
	if (cj->unreported_bytes >= (1u << 20)) {
		__atomic_fetch_add(&cj->item->run->bytes_read, cj->unreported_bytes, __ATOMIC_RELAXED);
		cj->unreported_bytes = 0;
	}
}

/* A Decryption Secrets Block of the capture: its key log is the capture's. */
static void on_secrets(void *ctx, uint32_t secrets_type, const uint8_t *secrets, size_t len)
{
	struct capture_job *cj = ctx;
	struct keylog *kl = pipeline_capture_keylog(cj->pipeline);
	if (kl != NULL)
		dsb_take(kl, secrets_type, secrets, len, &cj->dsb);
}

/* A capture could not be read to its end: why, from the capture stage or, when its
 * compressed stream broke (broken, or NULL), from the input stage. */
static void read_error(struct item_job *it, const char *name, const struct capture_result *res, const char *broken)
{
	char text[1024];
	if (broken != NULL && res->opened)
		snprintf(text, sizeof text, "%s: packet %llu: the compressed stream breaks off: %s", name,
			 (unsigned long long)res->frames + 1, broken);
	else if (broken != NULL)
		snprintf(text, sizeof text, "%s: %s", name, broken);
	else
		snprintf(text, sizeof text, "%s", res->message);
	item_error(it, name, text);
}

/* Notes on standard error about what a capture's reading left out or bounded (st: the
 * capture's stream, NULL for captures merged). */
static void capture_notes(struct capture_job *cj, const struct capture_result *res, bool ok,
			  const struct input_stream *st, const struct dsb_stats *dsb)
{
	struct item_job *it = cj->item;
	const struct options *opt = it->run->opt;
	const char *name = cj->name;
	struct pipeline_stats ps;
	pipeline_stats(cj->pipeline, &ps);
	char text[1024];
	if (!ok)
		read_error(it, name, res, st != NULL ? input_stream_error(st) : NULL);
	if (ps.bad_frames > 0) {
		snprintf(text, sizeof text, "%s: %llu packet(s) could not be decoded and were skipped (first: packet %llu: %s)",
			 name, (unsigned long long)ps.bad_frames, (unsigned long long)ps.first_bad_frame,
			 ps.first_bad_why ? ps.first_bad_why : "?");
		item_error(it, name, text);
	}
	/* Frames left out, once per capture and whatever -q says: a capture of tunnels or
	 * fragments would otherwise give no attempt and no word why. JSON has it in the file
	 * record (report_json_file). */
	uint64_t left_out = decode_tally_total(&ps.not_decoded);
	if (left_out > 0 && !opt->json) {
		char words[768];
		bool whole = decode_tally_describe(&ps.not_decoded, words, sizeof words);
		snprintf(text, sizeof text, "tlsdiag: %s: %llu of %llu packet(s) not analysed: %s%s", name,
			 (unsigned long long)left_out, (unsigned long long)ps.not_decoded.frames, words, whole ? "" : "...");
		batch_sink_message(it->out, text);
	}
	/* Mirrored copies dropped, as the frames left out: a capture of a SPAN port that
	 * copies every packet twice says so once, whatever -q says. */
	const struct flow_stats *fs = ps.flows;
	if (fs->duplicates > 0 && !opt->json) {
		snprintf(text, sizeof text, "tlsdiag: %s: %llu packet(s) were mirrored copies of a segment seen less than "
			 "%.0f ms before (first: packet %llu), dropped: not counted as retransmissions", name,
			 (unsigned long long)fs->duplicates, BOUND_DUP_WINDOW * 1000.0,
			 (unsigned long long)fs->first_duplicate);
		batch_sink_message(it->out, text);
	}
	if (opt->quiet)
		return;
	if (ps.fragments.datagrams > 0 && !opt->json) {
		snprintf(text, sizeof text, "tlsdiag: %s: %llu IP datagram(s) reassembled from %llu fragments", name,
			 (unsigned long long)ps.fragments.datagrams, (unsigned long long)ps.fragments.fragments);
		batch_sink_message(it->out, text);
	}
	if (res->reordered > 0) {
		snprintf(text, sizeof text, "tlsdiag: %s: %llu packet(s) read in time order rather than the file's: its "
			 "interfaces' packets were written in batches", name, (unsigned long long)res->reordered);
		batch_sink_message(it->out, text);
	}
	if (fs->cut_packets > 0) {
		snprintf(text, sizeof text, "tlsdiag: %s: %llu packet(s) cut by the snap length (first: packet %llu); "
			 "their missing bytes count as holes", name, (unsigned long long)fs->cut_packets,
			 (unsigned long long)fs->first_cut_packet);
		batch_sink_message(it->out, text);
	}
	if (fs->evicted > 0 || fs->evicted_memory > 0) {
		if (fs->evicted_memory > 0)
			snprintf(text, sizeof text, "tlsdiag: %s: %llu connection(s) decided before their end: their state "
				 "reached the memory bound (%zu MiB for this capture; --max-memory)", name,
				 (unsigned long long)fs->evicted + fs->evicted_memory, it->run->table_memory >> 20);
		else
			snprintf(text, sizeof text, "tlsdiag: %s: %llu connection(s) decided before their end: more than "
				 "%zu were open at once (--max-flows)", name, (unsigned long long)fs->evicted,
				 opt->max_flows ? opt->max_flows : (size_t)BOUND_FLOWS);
		batch_sink_message(it->out, text);
	}
	if (fs->frames_dropped > 0 && opt->write_path != NULL) {
		snprintf(text, sizeof text, "tlsdiag: %s: -w: %llu packet(s) past the first %d (or %zu KiB) of their attempt "
			 "were not kept; read back, such an attempt may lack its end", name,
			 (unsigned long long)fs->frames_dropped, BOUND_KEPT_FRAMES, BOUND_KEPT_BYTES >> 10);
		batch_sink_message(it->out, text);
	}
	if (dsb->blocks > 0) {
		snprintf(text, sizeof text, "tlsdiag: %s: key log secrets of %zu connection(s) found in %lu Decryption Secrets "
			 "Block(s)%s", name, keylog_count(pipeline_capture_keylog(cj->pipeline)), dsb->blocks,
			 dsb->lines.malformed > 0 ? "; some of their lines were not understood" : "");
		batch_sink_message(it->out, text);
	}
	if (ps.held_overflow > 0) {
		snprintf(text, sizeof text, "tlsdiag: %s: %lu attempt(s) were compared with the handshakes of their server "
			 "seen up to their end only (more than %d waited for the end of the capture)", name,
			 ps.held_overflow, BOUND_HELD_ATTEMPTS);
		batch_sink_message(it->out, text);
	}
}

/* The directory part of a path ("." for none), into buf. */
static void dir_of(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		snprintf(buf, len, ".");
	else
		snprintf(buf, len, "%.*s", (int)(slash - path) + (slash == path), path);
}

/* The key logs a capture found at path may use, or NULL. */
static const struct keylog *keys_beside(const struct run *run, const char *path)
{
	char dir[4096];
	dir_of(path, dir, sizeof dir);
	for (size_t i = 0; i < run->n_beside; i++)
		if (run->beside[i].dir != NULL && strcmp(run->beside[i].dir, dir) == 0)
			return run->beside[i].kl;
	return run->everywhere;
}

/* Reads one key log file into kl; the secrets it added, or -1 (said) when unreadable. */
static int64_t load_keys(struct run *run, struct keylog *kl, const char *path)
{
	struct keylog_stats st = { 0 };
	char err[256];
	if (!keylog_load_file(kl, path, &st, err, sizeof err)) {
		char text[1000];
		snprintf(text, sizeof text, "%s: key log: %s", path, err);
		input_event(run, NULL, path, INPUT_UNREADABLE, text);
		return -1;
	}
	return (int64_t)st.entries_added;
}

/* The key logs among the inputs: those a walk found are for the captures of their
 * directory, those named with -r for every capture. False when out of memory. */
static bool gather_keys(struct run *run)
{
	const struct input_list *l = &run->list;
	if (l->n_keylogs == 0)
		return true;
	if ((run->beside = calloc(l->n_keylogs, sizeof *run->beside)) == NULL)
		return false;
	for (size_t i = 0; i < l->n_keylogs; i++) {
		if (l->keylog_named[i]) {
			if (run->everywhere == NULL && (run->everywhere = keylog_new()) == NULL)
				return false;
			int64_t n = load_keys(run, run->everywhere, l->keylogs[i]);
			char text[1000];
			snprintf(text, sizeof text, "%s: key log (%lld secret(s)), used for every capture of the run",
				 l->keylogs[i], (long long)n);
			if (n >= 0)
				input_event(run, NULL, l->keylogs[i], INPUT_NOTE, text);
			continue;
		}
		char dir[4096];
		dir_of(l->keylogs[i], dir, sizeof dir);
		struct beside_keys *b = NULL;
		for (size_t k = 0; k < run->n_beside && b == NULL; k++)
			if (run->beside[k].dir != NULL && strcmp(run->beside[k].dir, dir) == 0)
				b = &run->beside[k];
		if (b == NULL) {
			b = &run->beside[run->n_beside];
			if ((b->dir = strdup(dir)) == NULL || (b->kl = keylog_new()) == NULL) {
				free(b->dir);
				return false;
			}
			run->n_beside++;
		}
		int64_t n = load_keys(run, b->kl, l->keylogs[i]);
		if (n >= 0) {
			b->files++;
			b->secrets += (uint64_t)n;
		}
	}
	/* Said once per directory: a directory of captures may hold hundreds of key logs. */
	for (size_t k = 0; k < run->n_beside; k++) {
		char text[1000];
		snprintf(text, sizeof text, "%s: %u key log(s) beside the captures (%llu secret(s)), used for the captures in it",
			 run->beside[k].dir, run->beside[k].files, (unsigned long long)run->beside[k].secrets);
		input_event(run, NULL, run->beside[k].dir, INPUT_NOTE, text);
	}
	/* A key log named for every capture is also in each directory's. */
	for (size_t i = 0; i < l->n_keylogs; i++)
		for (size_t k = 0; k < run->n_beside && l->keylog_named[i]; k++)
			(void)load_keys(run, run->beside[k].kl, l->keylogs[i]);
	return true;
}

static void free_keys(struct run *run)
{
	for (size_t i = 0; i < run->n_beside; i++) {
		free(run->beside[i].dir);
		keylog_free(run->beside[i].kl);
	}
	free(run->beside);
	keylog_free(run->everywhere);
}

/* One capture stream found in an input (input.h's input_capture_fn). */
static void analyse_capture(void *ctx, const char *name, FILE *fp, struct input_stream *st)
{
	struct item_job *it = ctx;
	struct run *run = it->run;
	const struct options *opt = run->opt;
	struct capture_job cj = { .item = it, .name = name,
				  .capture = __atomic_add_fetch(&run->captures_started, 1, __ATOMIC_RELAXED) };
	cj.index = it->index;
	cj.ro = (struct report_opts){ .out = batch_sink_out(it->out), .json = opt->json, .all = opt->all,
				      .oneline = opt->oneline, .oneline_files = run->file_headers, .utc = opt->utc, .full = opt->full, .ladder = opt->ladder, .color = opt->color,
				      .file_headers = !opt->oneline };
	struct pipeline_config cfg;
	run_pipeline_config(opt, run->keys, &cfg);
	cfg.max_memory = run->table_memory;
	cfg.beside_keylog = keys_beside(run, it->path);
	size_t bundle_keys_len;
	const uint8_t *bundle_keys = input_stream_keys(st, &bundle_keys_len);
	cfg.capture_secrets = input_stream_is_pcapng(st) || bundle_keys != NULL;
	/* A capture arriving as it is made (tcpdump -U -w - | tlsdiag -r -): each attempt is
	 * reported when its outcome is known, with live capture's timeouts. */
	bool live = input_stream_is_live(st);
	if (live)
		cfg.decide_early = true;
	struct pipeline_sink ps = { offline_decided, offline_context, &cj };
	cj.pipeline = pipeline_new(&cfg, &ps);
	if (cj.pipeline == NULL || cj.ro.out == NULL) {
		fclose(fp);
		item_error(it, name, "out of memory");
		pipeline_free(cj.pipeline);
		return;
	}
	/* A pcapng may carry its own key log (Decryption Secrets Blocks): picked up as the
	 * capture is read, and used like --keylog for its connections. So are the key logs
	 * of the bundle the capture came in. */
	struct keylog *embedded = pipeline_capture_keylog(cj.pipeline);
	if (embedded != NULL && bundle_keys != NULL)
		keylog_add_text(embedded, bundle_keys, bundle_keys_len, NULL);
	if (live)
		input_stream_on_idle(st, stream_idle, &cj);
	struct capture_result res;
	struct capture_reading how = { .filter = opt->filter, .frame = on_frame, .secrets = on_secrets,
				       .stop = opt->count > 0 ? stop_reading : NULL, .ctx = &cj, .file_order = live };
	bool ok = capture_read_stream(fp, name, &how, &res);
	if (live)
		input_stream_on_idle(st, NULL, NULL);
	pipeline_end(cj.pipeline, -1); /* the capture ended with its last packet */
	__atomic_fetch_add(&run->bytes_read, cj.unreported_bytes, __ATOMIC_RELAXED);
	capture_notes(&cj, &res, ok, st, &cj.dsb);
	if (res.opened) {
		pthread_mutex_lock(&run->lock);
		if (run->first_linktype < 0 || cj.capture < run->first_capture) {
			run->first_linktype = res.linktype;
			run->first_capture = cj.capture;
		}
		run->item_read[cj.index] = true;
		pthread_mutex_unlock(&run->lock);
		sink_file_read(run->sink, name);
		if (opt->json) {
			struct pipeline_stats pst;
			pipeline_stats(cj.pipeline, &pst);
			struct report_file rf = { .file = name, .linktype = res.linktype, .packets = res.frames,
						  .bytes = res.bytes, .attempts = cj.attempts, .failed = cj.failed,
						  .complete = ok, .not_decoded = &pst.not_decoded, .fragments = &pst.fragments,
						  .duplicates = pst.flows->duplicates };
			report_json_file(cj.ro.out, &rf);
		}
	}
	batch_sink_flush(it->out);
	pipeline_free(cj.pipeline);
}


/* ---- --merge: every input of the list read as one capture ---- */

/* What a producer hands on besides frames and secrets, in its input's order. */
struct merge_event {
	bool message;                    /* a message about the input (else a capture's end) */
	enum input_message kind;
	char *name;
	char *text;
	struct capture_result res;       /* a capture read to its end */
	bool ok;
	char *broken;                    /* its compressed stream broke off: why */
};

static void free_event(void *payload)
{
	struct merge_event *e = payload;
	if (e == NULL)
		return;
	free(e->name);
	free(e->text);
	free(e->broken);
	free(e);
}

/* One input's reader, on its own thread. */
struct producer {
	const struct run *run;
	struct merge_feed *feed;
};

static void feed_frame(void *ctx, const struct capture_frame *fr)
{
	struct producer *p = ctx;
	(void)merge_feed_frame(p->feed, fr); /* when stopped, the reader's stop callback ends it */
}

static void feed_secrets(void *ctx, uint32_t secrets_type, const uint8_t *secrets, size_t len)
{
	struct producer *p = ctx;
	(void)merge_feed_secrets(p->feed, secrets_type, secrets, len);
}

static bool feed_stopped(void *ctx)
{
	struct producer *p = ctx;
	return merge_feed_stopped(p->feed);
}

static void feed_message(void *ctx, const char *name, enum input_message kind, const char *text)
{
	struct producer *p = ctx;
	struct merge_event *e = calloc(1, sizeof *e);
	if (e == NULL)
		return;
	*e = (struct merge_event){ .message = true, .kind = kind, .name = strdup(name), .text = strdup(text) };
	if (e->name == NULL || e->text == NULL) {
		free_event(e);
		return;
	}
	(void)merge_feed_event(p->feed, e);
}

/* A capture found in one of the inputs (input_capture_fn): its frames into the merge. */
static void feed_capture(void *ctx, const char *name, FILE *fp, struct input_stream *st)
{
	struct producer *p = ctx;
	const struct options *opt = p->run->opt;
	size_t keys_len;
	const uint8_t *keys = input_stream_keys(st, &keys_len);
	if (keys != NULL)
		(void)merge_feed_secrets(p->feed, DSB_SECRETS_TLS_KEYLOG, keys, keys_len);
	struct capture_reading how = { .filter = opt->filter, .frame = feed_frame, .secrets = feed_secrets,
				       .stop = feed_stopped, .ctx = p };
	struct merge_event *e = calloc(1, sizeof *e);
	struct capture_result res;
	bool ok = capture_read_stream(fp, name, &how, &res);
	if (e == NULL)
		return;
	const char *broken = input_stream_error(st);
	e->res = res;
	e->ok = ok;
	e->name = strdup(name);
	e->broken = broken != NULL ? strdup(broken) : NULL;
	if (e->name == NULL) {
		free_event(e);
		return;
	}
	(void)merge_feed_event(p->feed, e);
}

static void produce_input(void *ctx, size_t source, struct merge_feed *feed)
{
	const struct run *run = ctx;
	struct producer p = { .run = run, .feed = feed };
	struct input_counts counts = { 0 };
	(void)input_open(run->list.paths[source], run->list.named[source], feed_capture, feed_message, &p, &counts);
}

/* The name of the merged capture: its inputs' names joined by " + ". */
static char *merged_name(const struct input_list *l)
{
	size_t len = 1;
	for (size_t i = 0; i < l->n; i++)
		len += strlen(l->paths[i]) + 3;
	char *name = malloc(len);
	if (name == NULL)
		return NULL;
	size_t at = 0;
	for (size_t i = 0; i < l->n; i++)
		at += (size_t)snprintf(name + at, len - at, "%s%s", i > 0 ? " + " : "", l->paths[i]);
	return name;
}

/* A capture of one input has been read to its end (on the consumer's thread). */
static void merged_capture_done(struct capture_job *cj, size_t source, const struct merge_event *e,
				struct capture_result *total)
{
	struct run *run = cj->item->run;
	if (!e->ok)
		read_error(cj->item, e->name, &e->res, e->broken);
	if (!e->res.opened)
		return;
	total->opened = true;
	total->frames += e->res.frames;
	total->bytes += e->res.bytes;
	total->error = total->error || !e->ok;
	pthread_mutex_lock(&run->lock);
	if (total->linktype < 0)
		total->linktype = e->res.linktype;
	if (run->first_linktype < 0)
		run->first_linktype = e->res.linktype;
	run->item_read[source] = true;
	pthread_mutex_unlock(&run->lock);
	sink_file_read(run->sink, e->name);
}

/* --merge: one pipeline for all the inputs, fed by timestamp from a reader per input. */
static void run_merged(struct run *run, struct batch_sink *out)
{
	const struct options *opt = run->opt;
	struct item_job it = { .run = run, .out = out, .path = run->list.paths[0], .index = 0 };
	char *name = merged_name(&run->list);
	struct capture_job cj = { .item = &it, .name = name, .capture = 1 };
	cj.ro = (struct report_opts){ .out = batch_sink_out(out), .json = opt->json, .all = opt->all,
				      .oneline = opt->oneline, .oneline_files = run->file_headers, .utc = opt->utc, .full = opt->full, .ladder = opt->ladder, .color = opt->color,
				      .file_headers = !opt->oneline };
	struct pipeline_config cfg;
	run_pipeline_config(opt, run->keys, &cfg);
	cfg.max_memory = run->table_memory;
	cfg.beside_keylog = keys_beside(run, it.path);
	cfg.capture_secrets = true;
	struct pipeline_sink ps = { offline_decided, offline_context, &cj };
	cj.pipeline = name != NULL ? pipeline_new(&cfg, &ps) : NULL;
	struct merge *m = cj.pipeline != NULL ? merge_start(run->list.n, produce_input, run, free_event) : NULL;
	if (m == NULL || cj.ro.out == NULL) {
		item_error(&it, name != NULL ? name : run->list.paths[0], "out of memory");
		merge_finish(m);
		pipeline_free(cj.pipeline);
		free(name);
		return;
	}
	struct capture_result total = { .linktype = -1 };
	struct merge_item item;
	uint64_t number = 0;
	while ((opt->count == 0 || !stop_reading(&cj)) && merge_next(m, &item)) {
		if (item.kind == MERGE_FRAME) {
			/* Numbered in the merged order: the frame numbers of mergecap's output. */
			item.frame.number = ++number;
			on_frame(&cj, &item.frame);
		} else if (item.kind == MERGE_SECRETS) {
			on_secrets(&cj, item.secrets_type, item.secrets, item.secrets_len);
		} else {
			struct merge_event *e = item.payload;
			if (e->message)
				item_message(&it, e->name, e->kind, e->text);
			else
				merged_capture_done(&cj, item.source, e, &total);
			free_event(e);
		}
	}
	merge_finish(m);
	pipeline_end(cj.pipeline, -1);
	__atomic_fetch_add(&run->bytes_read, cj.unreported_bytes, __ATOMIC_RELAXED);
	capture_notes(&cj, &total, true, NULL, &cj.dsb);
	if (total.opened && opt->json) {
		struct pipeline_stats pst;
		pipeline_stats(cj.pipeline, &pst);
		struct report_file rf = { .file = name, .linktype = total.linktype, .packets = number, .bytes = total.bytes,
					  .attempts = cj.attempts, .failed = cj.failed, .complete = !total.error,
					  .not_decoded = &pst.not_decoded };
		report_json_file(cj.ro.out, &rf);
	}
	batch_sink_flush(out);
	pipeline_free(cj.pipeline);
	free(name);
}

static void run_item(void *ctx, size_t index, struct batch_sink *out)
{
	struct run *run = ctx;
	struct item_job it = { .run = run, .out = out, .path = run->list.paths[index], .index = index };
	struct input_counts counts = { 0 };
	if (sink_stopped(run->sink)) {
		__atomic_fetch_add(&run->files_done, 1, __ATOMIC_RELAXED);
		return;
	}
	if (run->opt->merge)
		run_merged(run, out);
	else
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
	fflush(run->report);
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

/* The progress line only where it cannot collide with the report: standard error a
 * terminal, and standard output not a pipe (which may lead to a pager drawing on the same
 * terminal) nor standard error itself (-w -). --progress and --no-progress decide. */
static bool progress_wanted(const struct options *opt)
{
	if (opt->progress >= 0)
		return opt->progress == 1;
	if (opt->quiet || opt->report_to_stderr || !isatty(STDERR_FILENO))
		return false;
	struct stat st;
	return fstat(STDOUT_FILENO, &st) == 0 && !S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode);
}

/* An input that arrives as it is made (standard input, a FIFO): the output keeps up. */
static bool input_is_stream(const char *path)
{
	struct stat st;
	if (strcmp(path, "-") == 0)
		return fstat(STDIN_FILENO, &st) != 0 || !S_ISREG(st.st_mode);
	return stat(path, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || S_ISSOCK(st.st_mode));
}

/* A directory named with -r in which no capture was read: most often a mistyped path. */
static void directories_without_captures(struct run *run)
{
	for (size_t a = 0; a < run->opt->n_inputs; a++) {
		const char *dir = run->opt->inputs[a];
		struct stat st;
		if (strcmp(dir, "-") == 0 || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		size_t len = strlen(dir);
		bool slash = len > 0 && dir[len - 1] == '/';
		bool found = false;
		for (size_t i = 0; i < run->list.n && !found; i++) {
			const char *p = run->list.paths[i];
			found = run->item_read[i] && strncmp(p, dir, len) == 0 && (slash || p[len] == '/');
		}
		if (!found) {
			char text[1200];
			snprintf(text, sizeof text, "no capture found under %s", dir);
			input_event(run, NULL, dir, INPUT_UNREADABLE, text);
		}
	}
}

int run_offline(const struct options *opt, const struct keylog_files *keys)
{
	struct run run = { .opt = opt, .keys = keys, .all_read = true, .first_linktype = -1,
			   .report = opt->report_to_stderr ? stderr : stdout };
	run.ro = (struct report_opts){ .out = run.report, .json = opt->json, .all = opt->all, .oneline = opt->oneline,
				       .utc = opt->utc, .full = opt->full, .ladder = opt->ladder, .color = opt->color, .file_headers = !opt->oneline };
	if ((run.sink = run_sink(opt)) == NULL)
		return 2;
	pthread_mutex_init(&run.lock, NULL);
	input_list_build(&run.list, opt->inputs, opt->n_inputs, list_message, &run);
	if (opt->merge && run.list.n > BOUND_MERGE_INPUTS) {
		fprintf(stderr, "tlsdiag: --merge: %zu captures listed; at most %d are read as one\n", run.list.n,
			BOUND_MERGE_INPUTS);
		input_list_free(&run.list);
		pthread_mutex_destroy(&run.lock);
		sink_close(run.sink, -1, false);
		return 2;
	}
	run.item_read = calloc(run.list.n + 1, sizeof *run.item_read);
	if (run.item_read == NULL || !gather_keys(&run)) {
		free(run.item_read);
		free_keys(&run);
		fprintf(stderr, "tlsdiag: out of memory\n");
		input_list_free(&run.list);
		pthread_mutex_destroy(&run.lock);
		sink_close(run.sink, -1, false);
		return 1;
	}
	struct stat st;
	run.file_headers = run.list.n > 1 || opt->n_inputs > 1 ||
			   (strcmp(opt->inputs[0], "-") != 0 && stat(opt->inputs[0], &st) == 0 && S_ISDIR(st.st_mode));
	run.ro.oneline_files = run.file_headers;
	bool streamed = false;
	for (size_t i = 0; i < opt->n_inputs; i++)
		streamed = streamed || input_is_stream(opt->inputs[i]);
	/* --extract-certs writes files and an index in output order: on the writing thread.
	 * --replay decides attempts while their flows live on: the analysing thread renders
	 * them (and, with --extract-certs, one input at a time, for the same order). */
	bool replay = opt->mode == MODE_REPLAY;
	/* --merge: the whole list is one capture, read by one item of the batch. */
	size_t n_items = opt->merge && run.list.n > 0 ? 1 : run.list.n;
	run.render_in_workers = replay || (opt->jobs > 1 && n_items > 1 && opt->extract_dir == NULL);
	size_t at_once = opt->jobs < n_items ? opt->jobs : n_items;
	run.table_memory = opt->max_memory / (at_once > 0 ? at_once : 1);
	/* Reports to a file or a pipe in 64 KiB writes rather than stdio's 4 KiB: a
	 * gigabyte of capture gives tens of megabytes of JSON. A stream of reports as they
	 * come (streamed) is flushed record by record anyway. */
	if (run.report == stdout && !streamed && !isatty(STDOUT_FILENO)) {
		static char report_buffer[64 * 1024];
		setvbuf(stdout, report_buffer, _IOFBF, sizeof report_buffer);
	}
	clock_gettime(CLOCK_MONOTONIC, &run.started);
	struct batch_config bc = {
		.n_items = n_items,
		.threads = replay && opt->extract_dir != NULL ? 1 : opt->jobs,
		.out = run.report,
		.err = stderr,
		.render = render_record,
		.progress = show_progress,
		.clear_progress = clear_progress,
		.progress_interval = progress_wanted(opt) ? 0.25 : 0,
		.flush_output = streamed,
	};
	batch_run(&bc, run_item, &run);
	if (!sink_stopped(run.sink))
		directories_without_captures(&run);
	sink_summary(run.sink, run.report, opt->json);
	bool all_read = run.all_read;
	int rc = sink_close(run.sink, run.first_linktype, all_read);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "tlsdiag: standard output: write error\n");
		rc = 1;
	}
	free(run.item_read);
	free_keys(&run);
	input_list_free(&run.list);
	pthread_mutex_destroy(&run.lock);
	return rc;
}
