/*
 * seeds.c — seed inputs for the libFuzzer harnesses, cut out of real captures.
 *
 *   seeds OUTDIR CAPTURE...
 *
 * writes, for each capture libpcap reads and decode.h supports:
 *   OUTDIR/decode/NAME-N   one frame, prefixed by its link type (fuzz_decode.c);
 *   OUTDIR/tls/NAME-C      the two byte streams of TCP connection C as chunks, with its
 *                          SYNs, FINs and resets as events (fuzz_tls.c);
 *   OUTDIR/reasm/NAME-C-S  the segments of side S of connection C, with the other
 *                          side's acknowledgements (fuzz_reasm.c);
 *   OUTDIR/udp/NAME-C      the datagrams of UDP conversation C (QUIC, DTLS) as chunks
 *                          (fuzz_udp.c).
 * Frames are decoded with the project's decode_frame, so the seeds are what the pipeline
 * itself would see. Each seed is cut at SEED_MAX bytes: the harnesses' -max_len.
 *
 *   seeds --names OUTDIR CERT.der...
 *
 * writes the subject and issuer DistinguishedNames of each certificate as DER
 * (OUTDIR/NAME-subject, OUTDIR/NAME-issuer): fuzz_cert.c reads its input as a name too,
 * and openssl's command line has no way to write a name alone.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>
#include <pcap/pcap.h>

#include "decode.h"

#define SEED_MAX 65536
#define FRAMES_PER_CAPTURE 200
#define CONNS_PER_CAPTURE 32

struct buf {
	uint8_t data[SEED_MAX];
	size_t len;
	bool full;                      /* something did not fit: the rest is left out */
};

static bool put(struct buf *b, const void *p, size_t n)
{
	if (b->full || SEED_MAX - b->len < n) {
		b->full = true;
		return false;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return true;
}

static bool put_header(struct buf *b, uint8_t first, uint16_t a, uint16_t c)
{
	uint8_t h[5] = { first, (uint8_t)(a >> 8), (uint8_t)a, (uint8_t)(c >> 8), (uint8_t)c };
	return put(b, h, 5);
}

struct conn {
	struct endpoint side[2];        /* client, server */
	double last_ts;
	bool started[2];                /* expected[] is known */
	uint32_t expected[2];           /* next stream byte of each side, for the tls seed */
	bool gap[2];                    /* the next tls chunk of the side follows a hole */
	struct buf tls;
	/* reasm seeds: one per side, and where the harness's cursor stands. */
	struct buf reasm[2];
	bool reasm_started[2];
	uint32_t base[2];
	struct buf udp;                 /* fuzz_udp.c chunks: [dir][len:2][datagram] */
};

static bool endpoint_eq(const struct endpoint *a, const struct endpoint *b)
{
	return a->family == b->family && a->port == b->port && memcmp(a->addr, b->addr, sizeof a->addr) == 0;
}

static bool write_seed(const char *dir, const char *name, const uint8_t *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *fp = fopen(path, "wb");
	if (fp == NULL) {
		fprintf(stderr, "seeds: %s: %s\n", path, strerror(errno));
		return false;
	}
	bool ok = fwrite(data, 1, len, fp) == len;
	return fclose(fp) == 0 && ok;
}

/* Which side sent pkt, creating the connection on its first packet. */
static struct conn *conn_of(struct conn *conns, size_t *n, const struct decoded *pkt, enum side *from)
{
	for (size_t i = 0; i < *n; i++) {
		for (int s = 0; s < 2; s++) {
			if (endpoint_eq(&conns[i].side[s], &pkt->src) && endpoint_eq(&conns[i].side[!s], &pkt->dst)) {
				*from = (enum side)s;
				return &conns[i];
			}
		}
	}
	if (*n >= CONNS_PER_CAPTURE)
		return NULL;
	struct conn *c = &conns[(*n)++];
	memset(c, 0, sizeof *c);
	/* The roles as the flow stage would guess them: SYN, SYN-ACK, then the TLS port. */
	bool src_client;
	if ((pkt->flags & (TCP_SYN | TCP_ACK)) == TCP_SYN)
		src_client = true;
	else if (pkt->flags & TCP_SYN)
		src_client = false;
	else if (pkt->dst.port == 443 || pkt->dst.port == 8443)
		src_client = true;
	else if (pkt->src.port == 443 || pkt->src.port == 8443)
		src_client = false;
	else
		src_client = pkt->dst.port < pkt->src.port;
	c->side[SIDE_CLIENT] = src_client ? pkt->src : pkt->dst;
	c->side[SIDE_SERVER] = src_client ? pkt->dst : pkt->src;
	*from = src_client ? SIDE_CLIENT : SIDE_SERVER;
	return c;
}

/* fuzz_tls.c chunks: [dir][len:2][bytes]; len 0 is an event (dir bits 1-2). */
static void tls_chunk(struct conn *c, enum side from, double ts, unsigned event, bool gap, const uint8_t *p,
		      size_t len)
{
	double dt = c->last_ts > 0 && ts > c->last_ts ? ts - c->last_ts : 0;
	c->last_ts = ts;
	unsigned steps = (unsigned)(dt / 0.05 + 0.5);
	if (steps > 31)
		steps = 31;
	uint8_t dir = (uint8_t)(steps << 3 | (unsigned)from);
	if (len == 0)
		dir |= (uint8_t)(event << 1);
	else if (gap)
		dir |= 2;
	uint8_t h[3] = { dir, (uint8_t)(len >> 8), (uint8_t)len };
	if (put(&c->tls, h, 3))
		(void)put(&c->tls, p, len);
}

/* The in-order part of a segment for the tls seed: retransmitted bytes are left out and
 * a hole is marked on the next chunk, as reassembly would hand them on. */
static void tls_segment(struct conn *c, enum side from, const struct decoded *pkt, double ts)
{
	const uint8_t *p = pkt->payload;
	size_t len = pkt->payload_len;
	if (!c->started[from]) {
		c->started[from] = true;
		c->expected[from] = pkt->seq;
	}
	int32_t off = (int32_t)(pkt->seq - c->expected[from]);
	if (off > 0) {
		c->gap[from] = true;
	} else if (off < 0) {
		size_t skip = (size_t)-(int64_t)off;
		if (skip >= len)
			return;
		p += skip;
		len -= skip;
	}
	while (len > 0) {
		size_t n = len > 65535 ? 65535 : len;
		tls_chunk(c, from, ts, 0, c->gap[from], p, n);
		c->gap[from] = false;
		p += n;
		len -= n;
	}
	c->expected[from] = pkt->seq + (uint32_t)pkt->payload_wire_len;
	if (pkt->cut)
		c->gap[from] = true;
}

/* fuzz_reasm.c records: [flags][delta:2][len:2]; the delta is from the harness's cursor. */
static void reasm_record(struct conn *c, enum side s, unsigned op, uint32_t seq, const uint8_t *p, size_t len,
			 size_t wire_len)
{
	struct buf *b = &c->reasm[s];
	if (!c->reasm_started[s]) {
		c->reasm_started[s] = true;
		c->base[s] = seq;
		uint8_t isn[4] = { (uint8_t)(seq >> 24), (uint8_t)(seq >> 16), (uint8_t)(seq >> 8), (uint8_t)seq };
		(void)put(b, isn, 4);
	}
	int64_t delta = (int32_t)(seq - c->base[s]);
	uint8_t flags = (uint8_t)op;
	if (delta < 0) {
		flags |= 4;
		delta = -delta;
	}
	if (delta > 65535 || len > 65535)
		return;
	size_t extra = 0;
	if (op == 1) {
		/* The harness's cut: 1 + k * 211 bytes missing; the nearest k. */
		size_t k = (wire_len - len - 1) / 211;
		if (k > 31)
			k = 31;
		flags |= (uint8_t)(k << 3);
		extra = 1 + k * 211;
	}
	if (!put_header(b, flags, (uint16_t)delta, (uint16_t)len) || !put(b, p, len))
		return;
	if (op <= 1)
		c->base[s] = seq + (uint32_t)(len + extra);
	else if (op == 3)
		c->base[s] = seq;
}

static void packet(struct conn *c, enum side from, const struct decoded *pkt, double ts)
{
	enum side other = (enum side)!from;
	if (pkt->flags & TCP_SYN) {
		tls_chunk(c, from, ts, 2, false, NULL, 0);
		c->started[from] = true;
		c->expected[from] = pkt->seq + 1;
		reasm_record(c, from, 3, pkt->seq + 1, NULL, 0, 0);
	}
	if (pkt->payload_len > 0 || pkt->payload_wire_len > 0) {
		tls_segment(c, from, pkt, ts);
		reasm_record(c, from, pkt->cut ? 1 : 0, pkt->seq, pkt->payload, pkt->payload_len, pkt->payload_wire_len);
	}
	if ((pkt->flags & TCP_ACK) && c->reasm_started[other])
		reasm_record(c, other, 2, pkt->ack, NULL, 0, 0);
	if (pkt->flags & TCP_FIN)
		tls_chunk(c, from, ts, 0, false, NULL, 0);
	if (pkt->flags & TCP_RST)
		tls_chunk(c, from, ts, 1, false, NULL, 0);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *b = slash ? slash + 1 : path;
	return *b ? b : "capture";
}

static bool one_capture(const char *out, const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, err);
	if (p == NULL) {
		fprintf(stderr, "seeds: %s: %s\n", path, err);
		return false;
	}
	int linktype = pcap_datalink(p);
	if (!decode_link_supported(linktype)) {
		fprintf(stderr, "seeds: %s: link type %d not decoded, skipped\n", path, linktype);
		pcap_close(p);
		return true;
	}
	static struct conn conns[CONNS_PER_CAPTURE];
	size_t n_conns = 0;
	char dir[4096], name[512];
	const char *base = base_name(path);
	struct pcap_pkthdr *h;
	const u_char *frame;
	unsigned n_frames = 0;
	static uint8_t seed[2 + SEED_MAX];
	bool ok = true;
	while (pcap_next_ex(p, &h, &frame) == 1) {
		if (n_frames < FRAMES_PER_CAPTURE) {
			size_t n = h->caplen < SEED_MAX ? h->caplen : SEED_MAX;
			seed[0] = (uint8_t)(linktype >> 8);
			seed[1] = (uint8_t)linktype;
			memcpy(seed + 2, frame, n);
			snprintf(dir, sizeof dir, "%s/decode", out);
			snprintf(name, sizeof name, "%s-%u", base, n_frames);
			ok &= write_seed(dir, name, seed, n + 2);
		}
		n_frames++;
		struct decoded pkt;
		const char *why;
		enum decode_result res = decode_frame(linktype, frame, h->caplen, h->len, &pkt, &why);
		if (res == DECODE_UDP && !pkt.icmp_error) {
			enum side from;
			struct conn *c = conn_of(conns, &n_conns, &pkt, &from);
			if (c != NULL && pkt.payload_len <= UINT16_MAX) {
				uint8_t hdr[3] = { (uint8_t)from, (uint8_t)(pkt.payload_len >> 8), (uint8_t)pkt.payload_len };
				if (put(&c->udp, hdr, 3))
					put(&c->udp, pkt.payload, pkt.payload_len);
			}
			continue;
		}
		if (res != DECODE_TCP)
			continue;
		enum side from;
		struct conn *c = conn_of(conns, &n_conns, &pkt, &from);
		if (c != NULL)
			packet(c, from, &pkt, (double)h->ts.tv_sec + (double)h->ts.tv_usec / 1e6);
	}
	pcap_close(p);
	for (size_t i = 0; i < n_conns; i++) {
		const struct conn *c = &conns[i];
		if (c->tls.len > 0) {
			snprintf(dir, sizeof dir, "%s/tls", out);
			snprintf(name, sizeof name, "%s-%zu", base, i);
			ok &= write_seed(dir, name, c->tls.data, c->tls.len);
		}
		if (c->udp.len > 0) {
			snprintf(dir, sizeof dir, "%s/udp", out);
			snprintf(name, sizeof name, "%s-%zu", base, i);
			ok &= write_seed(dir, name, c->udp.data, c->udp.len);
		}
		for (int s = 0; s < 2; s++) {
			if (c->reasm[s].len <= 4)
				continue;
			snprintf(dir, sizeof dir, "%s/reasm", out);
			snprintf(name, sizeof name, "%s-%zu-%d", base, i, s);
			ok &= write_seed(dir, name, c->reasm[s].data, c->reasm[s].len);
		}
	}
	return ok;
}

static bool write_name(const char *out, const char *base, const char *which, const X509_NAME *name)
{
	unsigned char *der = NULL;
	int len = i2d_X509_NAME(name, &der);
	if (len <= 0)
		return false;
	char file[512];
	snprintf(file, sizeof file, "%s-%s", base, which);
	bool ok = write_seed(out, file, der, (size_t)len);
	OPENSSL_free(der);
	return ok;
}

static bool names_of(const char *out, const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		fprintf(stderr, "seeds: %s: %s\n", path, strerror(errno));
		return false;
	}
	X509 *x = d2i_X509_fp(fp, NULL);
	fclose(fp);
	if (x == NULL) {
		fprintf(stderr, "seeds: %s: not a DER certificate\n", path);
		return false;
	}
	const char *base = base_name(path);
	bool ok = write_name(out, base, "subject", X509_get_subject_name(x)) &&
		  write_name(out, base, "issuer", X509_get_issuer_name(x));
	X509_free(x);
	return ok;
}

int main(int argc, char **argv)
{
	bool names = argc > 1 && strcmp(argv[1], "--names") == 0;
	if (names) {
		argv++;
		argc--;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: seeds OUTDIR CAPTURE...\n       seeds --names OUTDIR CERT.der...\n");
		return 2;
	}
	bool ok = true;
	if (names) {
		for (int i = 2; i < argc; i++)
			ok &= names_of(argv[1], argv[i]);
		return ok ? 0 : 1;
	}
	for (int i = 2; i < argc; i++)
		ok &= one_capture(argv[1], argv[i]);
	return ok ? 0 : 1;
}
