/*
 * capture.c — capture files through libpcap (pcap and pcapng, any link type libpcap
 * knows; decode.c decides which it understands).
 *
 * Pipeline position: files → capture → decode. It hands frames on without copying.
 */
#include "capture.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "bounds.h"
#include "decode.h"

bool capture_filter_valid(const char *filter, char *err, size_t err_len)
{
	/* A filter is compiled per capture, for its link type; one that no common link type
	 * takes is a usage error, said once before anything is read. */
	static const int linktypes[] = { DLT_EN10MB, DLT_LINUX_SLL2, DLT_RAW, DLT_IEEE802_11_RADIO };
	err[0] = '\0';
	for (size_t i = 0; i < sizeof linktypes / sizeof linktypes[0]; i++) {
		pcap_t *p = pcap_open_dead(linktypes[i], BOUND_SNAPLEN);
		if (p == NULL)
			continue;
		struct bpf_program prog;
		bool ok = pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) == 0;
		if (ok)
			pcap_freecode(&prog);
		else if (err[0] == '\0')
			snprintf(err, err_len, "%s", pcap_geterr(p));
		pcap_close(p);
		if (ok)
			return true;
	}
	return false;
}

bool capture_read_stream(FILE *fp, const char *name, const char *filter, capture_frame_fn fn,
			 bool (*stop)(void *ctx), void *ctx, struct capture_result *res)
{
	char err[PCAP_ERRBUF_SIZE] = "";
	memset(res, 0, sizeof *res);
	pcap_t *p = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_MICRO, err);
	if (p == NULL) {
		fclose(fp); /* libpcap keeps the stream only when it opens it */
		const char *why = err;
		if (strstr(err, "unknown file format") != NULL || strstr(err, "bad dump file format") != NULL)
			why = "not a pcap or pcapng capture (unknown file format)";
		else if (strstr(err, "truncated dump file") != NULL)
			why = "truncated capture: the file header is incomplete";
		snprintf(res->message, sizeof res->message, "%s: %s", name, why);
		res->error = true;
		return false;
	}
	res->opened = true;
	int linktype = pcap_datalink(p);
	res->linktype = linktype;
	if (!decode_link_supported(linktype)) {
		const char *lname = pcap_datalink_val_to_name(linktype);
		snprintf(res->message, sizeof res->message, "%s: unsupported link type %d (%s)", name, linktype,
			 lname ? lname : "unknown");
		res->error = true;
		pcap_close(p);
		return false;
	}
	/* The filter is applied here rather than inside libpcap, so that packet numbers stay
	 * those of the file (Wireshark's frame.number) whatever it leaves out. */
	struct bpf_program prog = { 0 };
	bool filtered = filter != NULL && filter[0] != '\0';
	if (filtered && pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		snprintf(res->message, sizeof res->message, "%s: filter \"%s\": %s", name, filter, pcap_geterr(p));
		res->error = true;
		pcap_close(p);
		return false;
	}
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc = 0;
	uint64_t number = 0, bytes = 0;
	while ((stop == NULL || !stop(ctx)) && (rc = pcap_next_ex(p, &h, &data)) == 1) {
		number++;
		if (filtered && pcap_offline_filter(&prog, h, data) == 0)
			continue;
		bytes += h->caplen;
		/* pcapng may change link type per interface: libpcap reports the file's first. */
		struct capture_frame fr = {
			.linktype = linktype,
			.ts = (double)h->ts.tv_sec + (double)h->ts.tv_usec / 1e6,
			.data = data,
			.caplen = h->caplen,
			.wirelen = h->len,
			.number = number,
		};
		fn(ctx, &fr);
	}
	res->frames = number;
	res->bytes = bytes;
	if (rc == -1) {
		snprintf(res->message, sizeof res->message, "%s: packet %llu: %s", name, (unsigned long long)number + 1,
			 pcap_geterr(p));
		res->error = true;
	}
	if (filtered)
		pcap_freecode(&prog);
	pcap_close(p);
	return !res->error;
}

/* ---- live capture ---- */

#include <poll.h>
#include <stdlib.h>
#include <time.h>

struct capture_live {
	pcap_t *p;
	int linktype;
	uint64_t number;
	capture_frame_fn fn;
	void *ctx;
};

struct capture_live *capture_live_open(const struct capture_live_opts *o, char *err, size_t err_len)
{
	char perr[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_create(o->iface, perr);
	if (p == NULL) {
		snprintf(err, err_len, "%s: %s", o->iface, perr);
		return NULL;
	}
	/* Whole frames, delivered at once (no buffering delay), a kernel buffer for bursts. */
	pcap_set_snaplen(p, BOUND_SNAPLEN);
	pcap_set_immediate_mode(p, 1);
	pcap_set_buffer_size(p, (o->buffer_mb > 0 ? o->buffer_mb : 32) * 1024 * 1024);
	pcap_set_timeout(p, 100);
	int rc = pcap_activate(p);
	if (rc < 0) {
		if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
			snprintf(err, err_len, "%s: no such interface (ip link lists them; \"any\" captures on all)", o->iface);
		else if (rc == PCAP_ERROR_PERM_DENIED)
			snprintf(err, err_len, "%s: permission denied: capturing needs root or CAP_NET_RAW and CAP_NET_ADMIN "
				 "(setcap cap_net_raw,cap_net_admin=eip tlsdiag)", o->iface);
		else
			snprintf(err, err_len, "%s: %s", o->iface, pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	if (o->filter != NULL && o->filter[0] != '\0') {
		struct bpf_program prog;
		if (pcap_compile(p, &prog, o->filter, 1, PCAP_NETMASK_UNKNOWN) != 0 || pcap_setfilter(p, &prog) != 0) {
			snprintf(err, err_len, "filter \"%s\": %s", o->filter, pcap_geterr(p));
			pcap_close(p);
			return NULL;
		}
		pcap_freecode(&prog);
	}
	int linktype = pcap_datalink(p);
	if (!decode_link_supported(linktype)) {
		const char *name = pcap_datalink_val_to_name(linktype);
		snprintf(err, err_len, "%s: unsupported link type %d (%s)", o->iface, linktype, name ? name : "unknown");
		pcap_close(p);
		return NULL;
	}
	/* Non-blocking: in immediate mode a read would wait for the next packet, and attempts
	 * must be decided (and signals honoured) while the wire is quiet. poll() does the waiting. */
	if (pcap_setnonblock(p, 1, perr) != 0) {
		snprintf(err, err_len, "%s: %s", o->iface, perr);
		pcap_close(p);
		return NULL;
	}
	struct capture_live *c = calloc(1, sizeof *c);
	if (c == NULL) {
		pcap_close(p);
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	c->p = p;
	c->linktype = linktype;
	return c;
}

int capture_live_linktype(const struct capture_live *c)
{
	return c->linktype;
}

static void live_handler(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	struct capture_live *c = (struct capture_live *)user;
	struct capture_frame fr = {
		.linktype = c->linktype,
		.ts = (double)h->ts.tv_sec + (double)h->ts.tv_usec / 1e6,
		.data = data,
		.caplen = h->caplen,
		.wirelen = h->len,
		.number = ++c->number,
	};
	c->fn(c->ctx, &fr);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool capture_live_run(struct capture_live *c, capture_frame_fn fn, void (*tick)(void *ctx, double now), void *ctx,
		      volatile sig_atomic_t *stop)
{
	c->fn = fn;
	c->ctx = ctx;
	int fd = pcap_get_selectable_fd(c->p);
	double last_tick = 0;
	while (!*stop) {
		if (fd >= 0) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };
			int r = poll(&pfd, 1, 100);
			if (r < 0 && errno != EINTR)
				return false;
		}
		if (*stop)
			break;
		int n = pcap_dispatch(c->p, -1, live_handler, (u_char *)c);
		if (n == PCAP_ERROR)
			return false;
		double now = now_seconds();
		if (now - last_tick >= 0.05) {
			tick(ctx, now);
			last_tick = now;
		}
	}
	return true;
}

void capture_live_stats(struct capture_live *c, struct capture_stats *st)
{
	struct pcap_stat ps;
	memset(st, 0, sizeof *st);
	st->received = c->number;
	if (pcap_stats(c->p, &ps) == 0) {
		st->dropped_kernel = ps.ps_drop;
		st->dropped_iface = ps.ps_ifdrop;
	}
}

/* ---- writer ---- */

struct capture_writer {
	pcap_t *dead;
	pcap_dumper_t *d;
	int linktype;
};

struct capture_writer *capture_writer_open(const char *path, int linktype, char *err, size_t err_len)
{
	struct capture_writer *w = calloc(1, sizeof *w);
	if (w == NULL)
		return NULL;
	w->linktype = linktype;
	w->dead = pcap_open_dead_with_tstamp_precision(linktype, BOUND_SNAPLEN, PCAP_TSTAMP_PRECISION_MICRO);
	if (w->dead != NULL)
		w->d = pcap_dump_open(w->dead, path);
	if (w->d == NULL) {
		snprintf(err, err_len, "%s: %s", path, w->dead ? pcap_geterr(w->dead) : "cannot create");
		if (w->dead)
			pcap_close(w->dead);
		free(w);
		return NULL;
	}
	return w;
}

void capture_writer_frame(struct capture_writer *w, double ts, const uint8_t *data, size_t caplen, size_t wirelen)
{
	struct pcap_pkthdr h;
	h.ts.tv_sec = (time_t)ts;
	h.ts.tv_usec = (suseconds_t)((ts - (double)h.ts.tv_sec) * 1e6 + 0.5);
	if (h.ts.tv_usec >= 1000000) {
		h.ts.tv_sec++;
		h.ts.tv_usec -= 1000000;
	}
	h.caplen = (bpf_u_int32)caplen;
	h.len = (bpf_u_int32)wirelen;
	pcap_dump((u_char *)w->d, &h, data);
}

void capture_writer_flush(struct capture_writer *w)
{
	pcap_dump_flush(w->d);
}

bool capture_writer_close(struct capture_writer *w)
{
	if (w == NULL)
		return true;
	/* libpcap's close reports nothing: the stream's error state says if a write failed. */
	bool ok = pcap_dump_flush(w->d) == 0 && !ferror(pcap_dump_file(w->d));
	pcap_dump_close(w->d);
	pcap_close(w->dead);
	free(w);
	return ok;
}

int capture_writer_linktype(const struct capture_writer *w)
{
	return w->linktype;
}
