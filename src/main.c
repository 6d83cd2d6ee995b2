/*
 * main.c — options → inputs → analysis per file → report → exit status.
 *
 * Each capture file is analysed on its own: frames are decoded and fed to a fresh flow
 * table; attempts are collected, cross-checked within the file (a server that accepts
 * other names), decided by the rules and reported in order of their first packet.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bounds.h"
#include "capture.h"
#include "cert.h"
#include "certcheck.h"
#include "extract.h"
#include "decode.h"
#include "flow.h"
#include "report.h"
#include "rules.h"

#define TLSDIAG_VERSION "0.1.0"

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
	double stats_interval;
};

/* ---- -w: the packets of failed attempts ---- */

/* The -w output, opened with the link type of the first capture (offline) or of the
 * interface (live). */
static struct capture_writer *writer_out;

static bool failed_class(enum tls_class c)
{
	return c != CLASS_OK && c != CLASS_INCOMPLETE;
}

/* Offline: a failed attempt's flow and packet range, to find its frames on a second read. */
struct wanted {
	struct endpoint a, b;
	uint64_t first, last;
};

struct rewrite {
	struct wanted *w;
	size_t n;
	struct capture_writer *out;
	const char *path;
	uint64_t written;
	bool wrong_link;
};

static int cmp_wanted(const void *x, const void *y)
{
	const struct wanted *a = x, *b = y;
	return a->first < b->first ? -1 : a->first > b->first;
}

static void rewrite_frame(void *ctx, const struct capture_frame *fr)
{
	struct rewrite *rw = ctx;
	if (fr->linktype != capture_writer_linktype(rw->out)) {
		rw->wrong_link = true;
		return;
	}
	struct decoded pkt;
	const char *why;
	if (decode_frame(fr->linktype, fr->data, fr->caplen, fr->wirelen, &pkt, &why) != DECODE_TCP)
		return;
	/* Attempts are sorted by their first packet: only those started by now can match. */
	for (size_t i = 0; i < rw->n && rw->w[i].first <= fr->number; i++) {
		const struct wanted *w = &rw->w[i];
		if (fr->number > w->last)
			continue;
		bool fwd = memcmp(&pkt.src, &w->a, sizeof pkt.src) == 0 && memcmp(&pkt.dst, &w->b, sizeof pkt.dst) == 0;
		bool rev = memcmp(&pkt.src, &w->b, sizeof pkt.src) == 0 && memcmp(&pkt.dst, &w->a, sizeof pkt.dst) == 0;
		if (fwd || rev) {
			capture_writer_frame(rw->out, fr->ts, fr->data, fr->caplen, fr->wirelen);
			rw->written++;
			return;
		}
	}
}

struct file_run {
	const char *name;
	struct flow_table *flows;
	struct facts **attempts;
	size_t n_attempts, cap_attempts;
	uint64_t bad_frames;
	uint64_t first_bad_frame;
	const char *first_bad_why;
	uint64_t skipped_frames;
	double last_expire;
	double last_ts;
};

static void collect(void *ctx, struct facts *f)
{
	struct file_run *run = ctx;
	if (run->n_attempts == run->cap_attempts) {
		size_t cap = run->cap_attempts ? run->cap_attempts * 2 : 64;
		struct facts **grown = realloc(run->attempts, cap * sizeof *grown);
		if (grown == NULL) {
			facts_release(f);
			free(f);
			return;
		}
		run->attempts = grown;
		run->cap_attempts = cap;
	}
	run->attempts[run->n_attempts++] = f;
}

static void on_frame(void *ctx, const struct capture_frame *fr)
{
	struct file_run *run = ctx;
	struct decoded pkt;
	const char *why = NULL;
	switch (decode_frame(fr->linktype, fr->data, fr->caplen, fr->wirelen, &pkt, &why)) {
	case DECODE_TCP:
		flow_packet(run->flows, &pkt, fr->ts, fr->number, fr->data, fr->caplen, fr->wirelen);
		break;
	case DECODE_BAD:
		if (run->bad_frames++ == 0) {
			run->first_bad_frame = fr->number;
			run->first_bad_why = why;
		}
		break;
	case DECODE_SKIP:
		run->skipped_frames++;
		break;
	}
	if (fr->ts > run->last_ts)
		run->last_ts = fr->ts;
	/* Decide finished connections as the capture goes, to bound memory. */
	if (fr->ts - run->last_expire > 1.0) {
		flow_expire(run->flows, fr->ts);
		run->last_expire = fr->ts;
	}
}

struct decided {
	struct facts *f;
	struct verdict *v;
};

static int cmp_first_packet(const void *a, const void *b)
{
	const struct facts *x = ((const struct decided *)a)->f, *y = ((const struct decided *)b)->f;
	return x->first_packet_no < y->first_packet_no ? -1 : x->first_packet_no > y->first_packet_no;
}

static int cmp_server(const void *a, const void *b)
{
	const struct facts *x = *(struct facts *const *)a, *y = *(struct facts *const *)b;
	int c = memcmp(&x->server.addr, &y->server.addr, sizeof x->server.addr);
	if (c != 0)
		return c;
	return x->server.port - y->server.port;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Facts that need the whole file: how many handshakes each server completed, and for
 * which names. v is sorted by server; verdicts[i] belongs to v[i]. Linear after sorting:
 * per server, the names of its successful handshakes are sorted once and looked up.
 */
static void cross_check(struct facts **v, size_t n, const struct verdict *verdicts)
{
	const char **names = calloc(n ? n : 1, sizeof *names);
	if (names == NULL)
		return;
	for (size_t i = 0; i < n;) {
		size_t j = i, n_ok = 0, n_names = 0;
		while (j < n && cmp_server(&v[i], &v[j]) == 0) {
			if (verdicts[j].cls == CLASS_OK) {
				n_ok++;
				if (v[j]->ch.has_sni)
					names[n_names++] = v[j]->ch.sni;
			}
			j++;
		}
		qsort(names, n_names, sizeof *names, cmp_cstr);
		/* A client certificate this server accepted: the refused ones are compared with it. */
		const struct cert_fact *accepted = NULL;
		for (size_t a = i; a < j && accepted == NULL; a++)
			if (verdicts[a].cls == CLASS_OK && v[a]->n_certs[SIDE_CLIENT] > 0 && v[a]->certs[SIDE_CLIENT][0].parsed)
				accepted = &v[a]->certs[SIDE_CLIENT][0];
		for (size_t a = i; a < j; a++) {
			if (accepted != NULL && verdicts[a].cls != CLASS_OK && v[a]->n_certs[SIDE_CLIENT] > 0 &&
			    v[a]->accepted_client_cert == NULL) {
				v[a]->accepted_client_cert = malloc(sizeof *accepted);
				if (v[a]->accepted_client_cert != NULL) {
					*v[a]->accepted_client_cert = *accepted;
					v[a]->accepted_client_cert->der = NULL; /* the DER stays with its owner */
				}
			}
			bool self_ok = verdicts[a].cls == CLASS_OK;
			v[a]->same_server_ok_any = (uint32_t)(n_ok - (self_ok ? 1 : 0));
			v[a]->same_server_ok_with_sni = (uint32_t)(n_names - (self_ok && v[a]->ch.has_sni ? 1 : 0));
			v[a]->same_server_ok_other_sni = 0;
			if (!v[a]->ch.has_sni)
				continue;
			/* Names equal to this attempt's are not "other" names. */
			size_t same = 0;
			const char *key = v[a]->ch.sni;
			const char **hit = bsearch(&key, names, n_names, sizeof *names, cmp_cstr);
			if (hit != NULL) {
				const char **lo = hit, **hi = hit;
				while (lo > names && strcmp(lo[-1], key) == 0)
					lo--;
				while (hi + 1 < names + n_names && strcmp(hi[1], key) == 0)
					hi++;
				same = (size_t)(hi - lo) + 1;
			}
			v[a]->same_server_ok_other_sni = (uint32_t)(n_names - same);
		}
		i = j;
	}
	free(names);
}

static bool analyse_file(const struct options *opt, const char *path, struct report_opts *ro,
			 struct report_summary *sum)
{
	struct flow_config cfg = {
		.tls_ports = opt->tls_ports,
		.n_tls_ports = opt->n_tls_ports,
		.idle_timeout = BOUND_IDLE_TIMEOUT,
		.max_flows = BOUND_FLOWS,
	};
	struct file_run run = { .name = path };
	run.flows = flow_table_new(&cfg, collect, &run);
	if (run.flows == NULL) {
		fprintf(stderr, "tlsdiag: %s: out of memory\n", path);
		return false;
	}
	if (opt->write_path != NULL && writer_out == NULL) {
		int linktype = capture_file_linktype(path);
		if (linktype >= 0) {
			char err[512];
			writer_out = capture_writer_open(opt->write_path, linktype, err, sizeof err);
			if (writer_out == NULL)
				fprintf(stderr, "tlsdiag: -w %s\n", err);
		}
	}
	struct capture_result res;
	bool ok = capture_read_file(path, opt->filter, on_frame, &run, &res);
	flow_flush_at(run.flows, run.last_ts); /* the capture ended with its last packet */
	if (!ok)
		fprintf(stderr, "tlsdiag: %s\n", res.message);
	if (run.bad_frames > 0) {
		fprintf(stderr, "tlsdiag: %s: %llu packet(s) could not be decoded and were skipped (first: packet %llu: %s)\n",
			path, (unsigned long long)run.bad_frames, (unsigned long long)run.first_bad_frame,
			run.first_bad_why ? run.first_bad_why : "?");
		ok = false;
	}
	const struct flow_stats *st = flow_table_stats(run.flows);
	if (st->cut_packets > 0)
		fprintf(stderr, "tlsdiag: %s: %llu packet(s) cut by the snap length (first: packet %llu); their missing bytes count as holes\n",
			path, (unsigned long long)st->cut_packets, (unsigned long long)st->first_cut_packet);

	/* Decide, cross-check per server, decide again with the file-wide facts. */
	size_t n = run.n_attempts;
	if (n > 0)
		qsort(run.attempts, n, sizeof *run.attempts, cmp_server);
	struct verdict *verdicts = calloc(n ? n : 1, sizeof *verdicts);
	if (verdicts == NULL) {
		fprintf(stderr, "tlsdiag: %s: out of memory\n", path);
		n = 0;
	}
	for (size_t i = 0; i < n; i++)
		rules_decide(run.attempts[i], &verdicts[i]);
	cross_check(run.attempts, n, verdicts);
	for (size_t i = 0; i < n; i++)
		if (verdicts[i].cls != CLASS_OK)
			rules_decide(run.attempts[i], &verdicts[i]);
	/* Report in order of first packet (packet numbers are unique: the order is total). */
	struct decided *order = calloc(n ? n : 1, sizeof *order);
	for (size_t i = 0; order != NULL && i < n; i++)
		order[i] = (struct decided){ run.attempts[i], &verdicts[i] };
	if (order != NULL && n > 0)
		qsort(order, n, sizeof *order, cmp_first_packet);
	struct rewrite rw = { .out = writer_out, .path = path };
	if (writer_out != NULL && n > 0)
		rw.w = calloc(n, sizeof *rw.w);
	for (size_t i = 0; order != NULL && i < n; i++) {
		report_attempt(ro, path, order[i].f, order[i].v);
		if (opt->extract != NULL)
			extract_attempt(opt->extract, path, order[i].f, order[i].v);
		report_count(sum, order[i].f, order[i].v);
		if (rw.w != NULL && failed_class(order[i].v->cls))
			rw.w[rw.n++] = (struct wanted){ order[i].f->client, order[i].f->server, order[i].f->first_packet_no,
							order[i].f->last_packet_no };
	}
	/* -w: read the file again and copy the frames of the failed attempts (no frame is kept
	 * in memory meanwhile). Standard input cannot be read twice. */
	if (rw.w != NULL && rw.n > 0) {
		if (strcmp(path, "-") == 0) {
			fprintf(stderr, "tlsdiag: -w: standard input cannot be read a second time; write it to a file first\n");
			ok = false;
		} else {
			qsort(rw.w, rw.n, sizeof *rw.w, cmp_wanted);
			struct capture_result res2;
			if (!capture_read_file(path, opt->filter, rewrite_frame, &rw, &res2) && !res.error)
				fprintf(stderr, "tlsdiag: -w: %s\n", res2.message);
			if (rw.wrong_link)
				fprintf(stderr, "tlsdiag: -w: %s has another link type than %s: its packets are not written\n",
					path, opt->write_path);
		}
	}
	free(rw.w);
	for (size_t i = 0; i < run.n_attempts; i++) {
		facts_release(run.attempts[i]);
		free(run.attempts[i]);
	}
	free(order);
	free(verdicts);
	free(run.attempts);
	flow_table_free(run.flows);
	return ok;
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

/* Recent successful handshakes by server and name: live mode's memory for "the same
 * server accepts other names" (a ring, so memory stays bounded). */
#define LIVE_OK_NAMES 4096
struct ok_name {
	struct endpoint server;
	uint32_t sni_hash;
	bool has_sni;
};

struct live_run {
	const struct options *opt;
	struct report_opts *ro;
	struct report_summary *sum;
	struct flow_table *flows;
	struct capture_live *cap;
	double next_stats;
	uint64_t bad_frames;
	struct ok_name ok[LIVE_OK_NAMES];
	size_t n_ok, ok_next;
};

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static void live_decide(struct live_run *lr, struct facts *f)
{
	uint32_t h = f->ch.has_sni ? name_hash(f->ch.sni) : 0;
	f->same_server_ok_other_sni = f->same_server_ok_with_sni = f->same_server_ok_any = 0;
	for (size_t i = 0; i < lr->n_ok; i++) {
		const struct ok_name *o = &lr->ok[i];
		if (memcmp(&o->server, &f->server, sizeof o->server) != 0)
			continue;
		f->same_server_ok_any++;
		if (o->has_sni) {
			f->same_server_ok_with_sni++;
			if (f->ch.has_sni && o->sni_hash != h)
				f->same_server_ok_other_sni++;
		}
	}
	struct verdict v;
	rules_decide(f, &v);
	if (v.cls == CLASS_OK) {
		struct ok_name *o = &lr->ok[lr->ok_next];
		o->server = f->server;
		o->has_sni = f->ch.has_sni;
		o->sni_hash = h;
		lr->ok_next = (lr->ok_next + 1) % LIVE_OK_NAMES;
		if (lr->n_ok < LIVE_OK_NAMES)
			lr->n_ok++;
	}
	report_attempt(lr->ro, NULL, f, &v);
	report_count(lr->sum, f, &v);
	if (writer_out != NULL && failed_class(v.cls)) {
		for (const struct flow_frame *fr = flow_frames_of(lr->flows, f); fr != NULL; fr = fr->next)
			capture_writer_frame(writer_out, fr->ts, fr->data, fr->caplen, fr->wirelen);
		capture_writer_flush(writer_out);
	}
	fflush(lr->ro->out);
}

static void live_ready(void *ctx, const struct facts *f)
{
	/* The rules read the facts; the cross-attempt counts are written into them first. */
	live_decide(ctx, (struct facts *)f);
}

static void live_done(void *ctx, struct facts *f)
{
	live_decide(ctx, f);
	facts_release(f);
	free(f);
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
	struct report_opts text = *lr->ro;
	text.json = false;
	text.out = lr->ro->json ? stderr : stdout;
	report_print_summary(&text, lr->sum);
	live_stats(lr, text.out);
	fflush(text.out);
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

static int run_live(const struct options *opt, struct report_opts *ro, struct report_summary *sum)
{
	char err[512];
	struct capture_live_opts co = { .iface = opt->iface, .filter = opt->filter, .buffer_mb = 32 };
	struct live_run lr = { .opt = opt, .ro = ro, .sum = sum };
	lr.cap = capture_live_open(&co, err, sizeof err);
	if (lr.cap == NULL) {
		fprintf(stderr, "tlsdiag: %s\n", err);
		return 1;
	}
	if (opt->write_path != NULL) {
		writer_out = capture_writer_open(opt->write_path, capture_live_linktype(lr.cap), err, sizeof err);
		if (writer_out == NULL) {
			fprintf(stderr, "tlsdiag: -w %s\n", err);
			return 1;
		}
	}
	if (opt->user != NULL && !drop_privileges(opt->user))
		return 1;
	struct flow_config cfg = {
		.tls_ports = opt->tls_ports,
		.n_tls_ports = opt->n_tls_ports,
		.idle_timeout = BOUND_IDLE_TIMEOUT,
		.max_flows = opt->max_flows ? opt->max_flows : BOUND_FLOWS,
		.live = true,
		.ready = live_ready,
		.handshake_timeout = opt->handshake_timeout > 0 ? opt->handshake_timeout : 5.0,
		.decide_grace = 0.2,
		.keep_frames = opt->write_path != NULL,
	};
	lr.flows = flow_table_new(&cfg, live_done, &lr);
	if (lr.flows == NULL) {
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
	if (writer_out != NULL) {
		capture_writer_close(writer_out);
		writer_out = NULL;
	}
	if (!ok) {
		fprintf(stderr, "tlsdiag: %s: the capture stopped with an error\n", opt->iface);
		return 1;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A directory is walked recursively in name order; symbolic links to directories are not
 * followed, so link loops cannot trap the walk. */
static bool analyse_path(const struct options *opt, const char *path, struct report_opts *ro,
			 struct report_summary *sum, int depth)
{
	struct stat st;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (depth > 32) {
			fprintf(stderr, "tlsdiag: %s: directories nested too deep\n", path);
			return false;
		}
		DIR *d = opendir(path);
		if (d == NULL) {
			fprintf(stderr, "tlsdiag: %s: %s\n", path, strerror(errno));
			return false;
		}
		char **names = NULL;
		size_t n = 0, cap = 0;
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				char **grown = realloc(names, cap * sizeof *names);
				if (grown == NULL)
					break;
				names = grown;
			}
			size_t len = strlen(path) + strlen(e->d_name) + 2;
			names[n] = malloc(len);
			if (names[n] == NULL)
				break;
			size_t plen = strlen(path);
			bool slash = plen > 0 && path[plen - 1] == '/';
			snprintf(names[n], len, "%s%s%s", path, slash ? "" : "/", e->d_name);
			n++;
		}
		closedir(d);
		qsort(names, n, sizeof *names, cmp_str);
		bool ok = true;
		for (size_t i = 0; i < n; i++) {
			struct stat lst;
			if (lstat(names[i], &lst) == 0 && S_ISLNK(lst.st_mode) && stat(names[i], &st) == 0 && S_ISDIR(st.st_mode)) {
				free(names[i]);
				continue;
			}
			if (stat(names[i], &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
				if (S_ISREG(st.st_mode)) {
					/* Only captures, recognised by their magic number. */
					FILE *fp = fopen(names[i], "rb");
					unsigned char m[4] = { 0 };
					size_t got = fp ? fread(m, 1, 4, fp) : 0;
					if (fp)
						fclose(fp);
					bool magic = got == 4 && ((m[0] == 0xd4 && m[1] == 0xc3) || (m[0] == 0xa1 && m[1] == 0xb2) ||
								  (m[0] == 0x4d && m[1] == 0x3c) || (m[2] == 0x3c && m[3] == 0x4d) ||
								  (m[0] == 0x0a && m[1] == 0x0d && m[2] == 0x0d && m[3] == 0x0a));
					if (!magic) {
						free(names[i]);
						continue;
					}
				}
				ok &= analyse_path(opt, names[i], ro, sum, depth + 1);
			}
			free(names[i]);
		}
		free(names);
		return ok;
	}
	return analyse_file(opt, path, ro, sum);
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: tlsdiag [options] -r CAPTURE [-r CAPTURE ...] [filter expression]\n"
		"       tlsdiag [options] -i INTERFACE [filter expression]\n"
		"\n"
		"Reads packet captures and reports, for every TLS connection attempt, whether the\n"
		"handshake worked and, when it failed, why, with the evidence and the fix.\n"
		"\n"
		"  -r PATH              read a pcap/pcapng file, a directory of them, or - (stdin)\n"
		"  --json               one JSON object per attempt (NDJSON)\n"
		"  -a, --all            text: list successful handshakes too\n"
		"  --tls-ports LIST     ports where a non-TLS connection is still an attempt\n"
		"                       (comma-separated; default 443,465,636,853,993,995,8443,...)\n"
		"  --fail-on-failures   exit 3 when any handshake failed\n"
		"  -w FILE              write the packets of every failed attempt to a pcap file\n"
		"\n"
		"Live: tlsdiag [options] -i INTERFACE [filter expression]\n"
		"  -i IFACE             sniff on an interface (\"any\" for all); reports as outcomes happen\n"
		"  --handshake-timeout S  decide a silent attempt after S seconds (default 5)\n"
		"  --max-flows N        connections tracked at most; the oldest are decided and evicted\n"
		"  --stats-interval S   print the running summary every S seconds (also on SIGUSR1)\n"
		"  -Z USER              drop root for USER once the interface is open\n"
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
       OPT_HS_TIMEOUT, OPT_MAX_FLOWS, OPT_STATS };

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
	struct options opt = { 0 };
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
		{ "stats-interval", required_argument, NULL, OPT_STATS },
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
		case 'j': break; /* files are analysed one after the other in this version */
		case 'i': opt.iface = optarg; break;
		case 'w': opt.write_path = optarg; break;
		case 'Z': opt.user = optarg; break;
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
			fprintf(stderr, "tlsdiag: --keylog is not available in this version\n");
			return 2;
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
	if (opt.n_inputs == 0 && opt.iface == NULL) {
		usage(stderr);
		return 2;
	}
	/* Trailing words form the BPF filter, as in tcpdump. */
	size_t flen = 0;
	for (int i = optind; i < argc; i++)
		flen += strlen(argv[i]) + 1;
	if (flen > 0) {
		opt.filter = calloc(flen + 1, 1);
		for (int i = optind; opt.filter && i < argc; i++) {
			strcat(opt.filter, argv[i]);
			if (i + 1 < argc)
				strcat(opt.filter, " ");
		}
	}
	if (opt.iface != NULL) {
		/* Live output is read as it comes (tlsdiag -i any --json | jq): one line at a time. */
		setvbuf(stdout, NULL, _IOLBF, 0);
		struct report_opts lro = { .out = stdout, .json = opt.json, .all = opt.all };
		struct report_summary lsum = { 0 };
		int rc = run_live(&opt, &lro, &lsum);
		report_summary_free(&lsum);
		free(opt.filter);
		free(opt.inputs);
		return rc;
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
	struct report_opts ro = { .out = stdout, .json = opt.json, .all = opt.all };
	struct stat st0;
	ro.file_headers = opt.n_inputs > 1 || (strcmp(opt.inputs[0], "-") != 0 && stat(opt.inputs[0], &st0) == 0 &&
						   S_ISDIR(st0.st_mode));
	struct report_summary sum = { 0 };
	bool all_read = true;
	for (size_t i = 0; i < opt.n_inputs; i++)
		all_read &= analyse_path(&opt, opt.inputs[i], &ro, &sum, 0);
	report_print_summary(&ro, &sum);
	if (writer_out != NULL) {
		capture_writer_close(writer_out);
		writer_out = NULL;
	}
	if (opt.extract != NULL && !extract_close(opt.extract)) {
		fprintf(stderr, "tlsdiag: --extract-certs %s: some certificates could not be written\n", opt.extract_dir);
		all_read = false;
	}
	fflush(stdout);
	unsigned long failed = sum.failed;
	report_summary_free(&sum);
	free(opt.filter);
	free(opt.inputs);
	if (!all_read)
		return 1;
	if (opt.fail_on_failures && failed > 0)
		return 3;
	return 0;
}
