/*
 * capture.c — capture files: pcap through tlsdiag's own reader (pcapfile.h), which maps
 * a file on disk instead of copying it through stdio and libpcap; pcapng through
 * another (pcapng.h), because libpcap stops at the first packet of a pcapng interface
 * whose link type differs from the first's (decode.c decides which link types it
 * understands). The BPF filter is libpcap's, compiled once per link type met and run
 * on each frame with pcap_offline_filter. The frames of a pcapng with several
 * interfaces are put back in time order within a bounded window (reorder.h).
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
#include "pcapfile.h"
#include "pcapng.h"
#include "reorder.h"

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

/* The filter compiled for each link type met: a pcap has one, a pcapng one per kind
 * of interface it describes. */
struct filter_set {
	const char *expr;        /* NULL: no filter */
	size_t n;
	struct {
		int linktype;
		struct bpf_program prog;
	} progs[BOUND_FILTER_LINKTYPES];
};

static void filters_free(struct filter_set *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		pcap_freecode(&fs->progs[i].prog);
	fs->n = 0;
}

/* The filter for linktype, compiled the first time it is met; NULL (err set) when it
 * cannot be compiled for it. */
static const struct bpf_program *filter_for(struct filter_set *fs, int linktype, uint32_t snaplen, char *err,
					    size_t err_len)
{
	for (size_t i = 0; i < fs->n; i++)
		if (fs->progs[i].linktype == linktype)
			return &fs->progs[i].prog;
	if (fs->n == BOUND_FILTER_LINKTYPES) {
		snprintf(err, err_len, "more than %d link types in one capture", BOUND_FILTER_LINKTYPES);
		return NULL;
	}
	/* A pcapng gives link types as LINKTYPE_ values; libpcap compiles for DLT_ values,
	 * which differ for raw IP alone. */
	int dlt = linktype == 101 ? DLT_RAW : linktype;
	pcap_t *p = pcap_open_dead(dlt, snaplen > 0 && snaplen <= BOUND_SNAPLEN ? (int)snaplen : BOUND_SNAPLEN);
	if (p == NULL) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	struct bpf_program *prog = &fs->progs[fs->n].prog;
	if (pcap_compile(p, prog, fs->expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		const char *lname = pcap_datalink_val_to_name(linktype);
		snprintf(err, err_len, "%s (link type %d, %s)", pcap_geterr(p), linktype, lname ? lname : "unknown");
		pcap_close(p);
		return NULL;
	}
	pcap_close(p);
	fs->progs[fs->n].linktype = linktype;
	return &fs->progs[fs->n++].prog;
}

/* Whether the filter keeps a frame; false with *failed (res->message set) when it
 * cannot be compiled for the frame's link type. */
static bool filter_keeps(struct filter_set *fs, const char *name, const struct capture_frame *fr, uint32_t snaplen,
			 struct capture_result *res, bool *failed)
{
	if (fs->expr == NULL)
		return true;
	char err[PCAP_ERRBUF_SIZE + 64];
	const struct bpf_program *prog = filter_for(fs, fr->linktype, snaplen, err, sizeof err);
	if (prog == NULL) {
		snprintf(res->message, sizeof res->message, "%s: filter \"%s\": %s", name, fs->expr, err);
		*failed = true;
		return false;
	}
	struct pcap_pkthdr h = { .caplen = (bpf_u_int32)fr->caplen, .len = (bpf_u_int32)fr->wirelen };
	return pcap_offline_filter(prog, &h, fr->data) != 0;
}

static void unsupported_linktype(const char *name, int linktype, struct capture_result *res)
{
	const char *lname = pcap_datalink_val_to_name(linktype);
	snprintf(res->message, sizeof res->message, "%s: unsupported link type %d (%s)", name, linktype,
		 lname ? lname : "unknown");
	res->error = true;
}

/* A pcap, through pcapfile.h. */
static bool read_pcap(FILE *fp, const char *name, const struct capture_reading *how, struct filter_set *fs,
		      struct capture_result *res)
{
	char why[200] = "";
	enum pcapfile_refusal refusal;
	struct pcapfile *f = pcapfile_open(fp, &refusal, why, sizeof why);
	if (f == NULL) {
		fclose(fp);
		snprintf(res->message, sizeof res->message, "%s: %s", name,
			 refusal == PCAPFILE_NOT_PCAP ? "not a pcap or pcapng capture (unknown file format)" : why);
		res->error = true;
		return false;
	}
	res->opened = true;
	int linktype = pcapfile_linktype(f);
	uint32_t snaplen = pcapfile_snaplen(f);
	res->linktype = linktype;
	if (!decode_link_supported(linktype)) {
		unsupported_linktype(name, linktype, res);
		pcapfile_close(f);
		fclose(fp);
		return false;
	}
	/* One link type: a filter it does not take is said before any frame is read. */
	char ferr[PCAP_ERRBUF_SIZE + 64];
	if (fs->expr != NULL && filter_for(fs, linktype, snaplen, ferr, sizeof ferr) == NULL) {
		snprintf(res->message, sizeof res->message, "%s: filter \"%s\": %s", name, fs->expr, ferr);
		res->error = true;
		pcapfile_close(f);
		fclose(fp);
		return false;
	}
	struct pcapfile_packet pkt;
	enum pcapfile_next got = PCAPFILE_END;
	uint64_t number = 0, bytes = 0;
	bool failed = false;
	while ((how->stop == NULL || !how->stop(how->ctx)) && (got = pcapfile_next(f, &pkt)) == PCAPFILE_PACKET) {
		number++;
		struct capture_frame fr = {
			.linktype = linktype,
			.ts = pkt.ts,
			.data = pkt.data,
			.caplen = pkt.caplen,
			.wirelen = pkt.wirelen,
			.number = number,
		};
		/* The filter is applied here, so that packet numbers stay those of the file
		 * (Wireshark's frame.number) whatever it leaves out. */
		if (!filter_keeps(fs, name, &fr, snaplen, res, &failed)) {
			if (failed)
				break;
			continue;
		}
		bytes += pkt.caplen;
		how->frame(how->ctx, &fr);
	}
	res->frames = number;
	res->bytes = bytes;
	if (failed) {
		res->error = true;
	} else if (got == PCAPFILE_ERROR) {
		snprintf(res->message, sizeof res->message, "%s: packet %llu: %s", name, (unsigned long long)number + 1,
			 pcapfile_error(f));
		res->error = true;
	}
	pcapfile_close(f);
	fclose(fp);
	return !res->error;
}

/* A pcapng, through pcapng.h: each frame with its interface's link type. */
static bool read_pcapng(FILE *fp, const char *name, const struct capture_reading *how, struct filter_set *fs,
			struct capture_result *res)
{
	struct pcapng_reader *r = pcapng_open(fp);
	if (r == NULL) {
		fclose(fp);
		snprintf(res->message, sizeof res->message, "%s: out of memory", name);
		res->error = true;
		return false;
	}
	uint64_t number = 0, bytes = 0;
	bool failed = false, checked_links = false;
	/* Several interfaces: their packets may be written in batches, out of time order. */
	struct reorder *ro = NULL;
	struct pcapng_packet pkt;
	struct pcapng_secrets sec;
	enum pcapng_next got = PCAPNG_END;
	while (!failed && (how->stop == NULL || !how->stop(how->ctx))) {
		got = pcapng_next(r, &pkt, &sec);
		res->opened = pcapng_recognised(r);
		res->linktype = pcapng_first_linktype(r);
		if (got == PCAPNG_END || got == PCAPNG_ERROR)
			break;
		if (got == PCAPNG_SECRETS) {
			if (how->secrets != NULL)
				how->secrets(how->ctx, sec.type, sec.data, sec.len);
			continue;
		}
		/* As with a pcap, a file nothing of which can be decoded is said to be so; a
		 * pcapng with one interface of an unknown kind among others is read, and the
		 * frames of that interface are counted as not decoded. */
		if (!checked_links) {
			checked_links = true;
			bool any = false;
			for (size_t i = 0; i < pcapng_section_interfaces(r) && !any; i++)
				any = decode_link_supported(pcapng_section_linktype(r, i));
			if (!any) {
				unsupported_linktype(name, pkt.linktype, res);
				failed = true;
				break;
			}
		}
		number++;
		struct capture_frame fr = {
			.linktype = pkt.linktype,
			.ts = pkt.ts,
			.data = pkt.data,
			.caplen = pkt.caplen,
			.wirelen = pkt.wirelen,
			.number = number,
		};
		if (!filter_keeps(fs, name, &fr, pkt.snaplen, res, &failed)) {
			if (failed)
				res->error = true;
			continue;
		}
		bytes += pkt.caplen;
		if (ro == NULL && !how->file_order && pcapng_section_interfaces(r) > 1)
			ro = reorder_new(BOUND_REORDER_SECONDS, 0, 0, how->frame, how->ctx);
		if (ro != NULL)
			reorder_add(ro, &fr);
		else
			how->frame(how->ctx, &fr);
	}
	if (ro != NULL) {
		reorder_flush(ro);
		res->reordered = reorder_moved(ro);
		reorder_free(ro);
	}
	res->frames = number;
	res->bytes = bytes;
	if (got == PCAPNG_ERROR && !failed) {
		if (!res->opened)
			snprintf(res->message, sizeof res->message, "%s: not a pcapng capture: %s", name, pcapng_error(r));
		else
			snprintf(res->message, sizeof res->message, "%s: packet %llu: %s", name,
				 (unsigned long long)number + 1, pcapng_error(r));
		res->error = true;
	}
	pcapng_close(r);
	fclose(fp);
	return !res->error;
}

bool capture_read_stream(FILE *fp, const char *name, const struct capture_reading *how, struct capture_result *res)
{
	memset(res, 0, sizeof *res);
	res->linktype = -1;
	struct filter_set fs = { .expr = how->filter != NULL && how->filter[0] != '\0' ? how->filter : NULL };
	/* A pcapng starts with its Section Header Block's type, 0x0A0D0D0A in either byte
	 * order; no pcap magic starts with 0x0A. One byte decides, and is put back. */
	int first = getc(fp);
	bool pcapng = first == 0x0A;
	if (first != EOF)
		ungetc(first, fp);
	bool ok = pcapng ? read_pcapng(fp, name, how, &fs, res) : read_pcap(fp, name, how, &fs, res);
	filters_free(&fs);
	return ok;
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

/* How long the kernel holds a block of packets that is not full. */
#define LIVE_BLOCK_MS 50

struct capture_live *capture_live_open(const struct capture_live_opts *o, char *err, size_t err_len)
{
	char perr[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_create(o->iface, perr);
	if (p == NULL) {
		snprintf(err, err_len, "%s: %s", o->iface, perr);
		return NULL;
	}
	/* Whole frames, a kernel buffer for bursts. Packets are handed over in blocks of the
	 * kernel's ring (TPACKET_V3), a block when it is full or LIVE_BLOCK_MS after its first
	 * packet, not one at a time: immediate mode wakes the reader for every packet, and
	 * the wake-ups alone made the kernel drop packets from 40,000 a second (300 Mbit/s of
	 * the benchmark's traffic); in blocks nothing is dropped at 530,000 a second. A
	 * report comes at most LIVE_BLOCK_MS later for it. */
	pcap_set_snaplen(p, BOUND_SNAPLEN);
	pcap_set_immediate_mode(p, 0);
	pcap_set_buffer_size(p, (o->buffer_mb > 0 ? o->buffer_mb : 32) * 1024 * 1024);
	pcap_set_timeout(p, LIVE_BLOCK_MS);
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
	/* Non-blocking: a read would wait for the next block, and attempts must be decided
	 * (and signals honoured) while the wire is quiet. poll() does the waiting. */
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

/*
 * -w writes pcapng (the pcapng draft, draft-ietf-opsawg-pcapng): a Section Header Block,
 * one Interface Description Block for the file's link type, then Enhanced Packet Blocks;
 * the verdict of an attempt rides as a comment on its first packet, which Wireshark shows,
 * and its key log secrets in a Decryption Secrets Block before it, which Wireshark and
 * tlsdiag read back. Written by hand: libpcap writes only pcap.
 */
#define PCAPNG_SHB 0x0A0D0D0Au
#define PCAPNG_IDB 0x00000001u
#define PCAPNG_EPB 0x00000006u
#define PCAPNG_DSB 0x0000000Au
#define PCAPNG_BYTE_ORDER 0x1A2B3C4Du
#define PCAPNG_SECRETS_TLS 0x544c534bu /* "TLSK": a key log */
#define PCAPNG_OPT_END 0
#define PCAPNG_OPT_COMMENT 1
#define PCAPNG_SHB_USERAPPL 4

struct capture_writer {
	FILE *fp;
	bool own;                /* fp was opened here (not standard output) */
	int linktype;
	bool failed;
};

static size_t pad4(size_t n)
{
	return (n + 3u) & ~(size_t)3u;
}

static void put_u32(struct capture_writer *w, uint32_t v)
{
	if (fwrite(&v, sizeof v, 1, w->fp) != 1)
		w->failed = true;
}

static void put_u16(struct capture_writer *w, uint16_t v)
{
	if (fwrite(&v, sizeof v, 1, w->fp) != 1)
		w->failed = true;
}

/* Bytes then zeros up to a multiple of 4. */
static void put_padded(struct capture_writer *w, const void *data, size_t len)
{
	static const uint8_t zeros[4] = { 0 };
	if ((len > 0 && fwrite(data, 1, len, w->fp) != len) || fwrite(zeros, 1, pad4(len) - len, w->fp) != pad4(len) - len)
		w->failed = true;
}

/* The size of an option (code, length, padded value). */
static size_t option_size(size_t len)
{
	return 4 + pad4(len);
}

static void put_option(struct capture_writer *w, uint16_t code, const void *value, size_t len)
{
	put_u16(w, code);
	put_u16(w, (uint16_t)len);
	put_padded(w, value, len);
}

struct capture_writer *capture_writer_open(const char *path, int linktype, char *err, size_t err_len)
{
	struct capture_writer *w = calloc(1, sizeof *w);
	if (w == NULL) {
		snprintf(err, err_len, "%s: out of memory", path);
		return NULL;
	}
	w->linktype = linktype;
	w->own = strcmp(path, "-") != 0;
	w->fp = w->own ? fopen(path, "wb") : stdout;
	if (w->fp == NULL) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		free(w);
		return NULL;
	}
	static const char app[] = "tlsdiag";
	size_t shb_len = 28 + option_size(sizeof app - 1) + 4;
	put_u32(w, PCAPNG_SHB);
	put_u32(w, (uint32_t)shb_len);
	put_u32(w, PCAPNG_BYTE_ORDER);
	put_u16(w, 1);
	put_u16(w, 0);
	put_u32(w, 0xffffffffu); /* section length unknown (-1, 64 bits) */
	put_u32(w, 0xffffffffu);
	put_option(w, PCAPNG_SHB_USERAPPL, app, sizeof app - 1);
	put_u32(w, PCAPNG_OPT_END);
	put_u32(w, (uint32_t)shb_len);
	/* One interface: microsecond timestamps (the default resolution), the snap length
	 * tlsdiag reads with. */
	put_u32(w, PCAPNG_IDB);
	put_u32(w, 20);
	put_u16(w, (uint16_t)linktype);
	put_u16(w, 0);
	put_u32(w, BOUND_SNAPLEN);
	put_u32(w, 20);
	if (w->failed) {
		snprintf(err, err_len, "%s: write error", path);
		if (w->own)
			fclose(w->fp);
		free(w);
		return NULL;
	}
	return w;
}

void capture_writer_secrets(struct capture_writer *w, const char *text, size_t len)
{
	if (len == 0 || len > UINT32_MAX / 2)
		return;
	size_t total = 20 + pad4(len);
	put_u32(w, PCAPNG_DSB);
	put_u32(w, (uint32_t)total);
	put_u32(w, PCAPNG_SECRETS_TLS);
	put_u32(w, (uint32_t)len);
	put_padded(w, text, len);
	put_u32(w, (uint32_t)total);
}

void capture_writer_frame(struct capture_writer *w, double ts, const uint8_t *data, size_t caplen, size_t wirelen,
			  const char *comment)
{
	double whole = (double)(int64_t)ts;
	uint64_t us = (uint64_t)(int64_t)whole * 1000000u + (uint64_t)((ts - whole) * 1e6 + 0.5);
	size_t comment_len = comment != NULL ? strlen(comment) : 0;
	if (comment_len > 60000)
		comment_len = 60000; /* an option's length is 16 bits */
	size_t options = comment_len > 0 ? option_size(comment_len) + 4 : 0;
	size_t total = 32 + pad4(caplen) + options;
	put_u32(w, PCAPNG_EPB);
	put_u32(w, (uint32_t)total);
	put_u32(w, 0); /* the one interface */
	put_u32(w, (uint32_t)(us >> 32));
	put_u32(w, (uint32_t)us);
	put_u32(w, (uint32_t)caplen);
	put_u32(w, (uint32_t)wirelen);
	put_padded(w, data, caplen);
	if (comment_len > 0) {
		put_option(w, PCAPNG_OPT_COMMENT, comment, comment_len);
		put_u32(w, PCAPNG_OPT_END);
	}
	put_u32(w, (uint32_t)total);
}

void capture_writer_flush(struct capture_writer *w)
{
	if (fflush(w->fp) != 0)
		w->failed = true;
}

bool capture_writer_close(struct capture_writer *w)
{
	if (w == NULL)
		return true;
	bool ok = fflush(w->fp) == 0 && !ferror(w->fp) && !w->failed;
	if (w->own && fclose(w->fp) != 0)
		ok = false;
	free(w);
	return ok;
}

int capture_writer_linktype(const struct capture_writer *w)
{
	return w->linktype;
}
