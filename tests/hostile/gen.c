/*
 * gen.c — writes the hostile captures that tests/hostile.sh feeds to tlsdiag.
 *
 * Usage: gen OUTDIR SAMPLE.pcap
 *
 * Customers hand us captures that are cut, damaged, or full of traffic that only looks
 * like TLS; tlsdiag must never crash on them, must name what it could not read, and must
 * keep analysing what it can. Real TLS stacks do not produce malformed input, so every
 * packet here is built by hand, byte by byte: frames whose lengths lie, garbage sent to
 * port 443, records and handshake messages claiming impossible sizes, extension blocks
 * that run past their message, reassembly puzzles (conflicting retransmissions,
 * reordering, sequence-number wrap-around). A real sample capture (classic pcap, any
 * link type the sample reader below knows) supplies genuine packets: they follow the bad
 * ones, to show that good data after bad data is still analysed, and its ClientHello is
 * cut up and reordered. When the sample carries no ClientHello, a hand-built connection
 * stands in for it.
 *
 * Output: the classic pcap format written here directly (24-byte global header, magic
 * 0xa1b2c3d4 little-endian, version 2.4, snaplen 262144, then 16-byte record headers), so
 * the generator needs only libc. Addresses come from the documentation ranges (RFC 5737,
 * RFC 3849). Checksums of hand-built IPv4 headers are filled in; TCP checksums are left
 * zero (tlsdiag, like most passive analysers, does not check them). Everything is
 * deterministic: the same sample gives byte-identical files.
 *
 * Besides the captures, OUTDIR/expect.txt lists facts the test script needs ("key value"
 * lines): packet numbers of the damaged records, where the reordered hello came from, the
 * names the hand-built hellos carry.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_NAME "gen"
#include "../common/gen_util.h"

#define SNAPLEN 262144u
#define LINK_ETHERNET 1u
#define MAX_FRAME 70000u
#define TLS_MAX_PLAINTEXT 16384u    /* RFC 8446 5.1: a record holds at most 2^14 bytes */
#define T0_SECONDS 1795000000u      /* 2026-11-18: a fixed epoch keeps the files stable */

/* ---- small helpers ---- */

static const char *outdir;
static FILE *expect_fp;

static void expect(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void expect(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(expect_fp, fmt, ap);
	fputc('\n', expect_fp);
	va_end(ap);
}

static uint32_t get16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t get32(const uint8_t *p) { return get16(p) << 16 | get16(p + 2); }

/* xorshift32: a fixed generator, so the "random" bytes are the same on every libc. */
static uint32_t rng_state = 0x2545f491u;
static uint8_t rng_byte(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return (uint8_t)(rng_state >> 24);
}


/* ---- pcap writer ---- */

struct pcap_out {
	FILE *fp;
	char path[4096];
	uint64_t t_us;       /* clock of the hand-built packets, microseconds since T0 */
	unsigned records;
};

static void pcap_open(struct pcap_out *o, const char *name, uint32_t linktype)
{
	memset(o, 0, sizeof *o);
	snprintf(o->path, sizeof o->path, "%s/%s", outdir, name);
	o->fp = fopen(o->path, "wb");
	if (o->fp == NULL)
		die("%s: %s", o->path, strerror(errno));
	uint8_t h[24];
	put32le(h, 0xa1b2c3d4u);
	h[4] = 2; h[5] = 0;       /* version 2.4, little-endian 16-bit fields */
	h[6] = 4; h[7] = 0;
	put32le(h + 8, 0);        /* thiszone */
	put32le(h + 12, 0);       /* sigfigs */
	put32le(h + 16, SNAPLEN);
	put32le(h + 20, linktype);
	fwrite(h, 1, sizeof h, o->fp);
}

/* One record with an explicit timestamp; caplen bytes of data, wirelen on the wire. */
static void pcap_record_at(struct pcap_out *o, uint32_t sec, uint32_t usec, const uint8_t *data, uint32_t caplen,
			   uint32_t wirelen)
{
	uint8_t h[16];
	put32le(h, sec);
	put32le(h + 4, usec);
	put32le(h + 8, caplen);
	put32le(h + 12, wirelen);
	fwrite(h, 1, sizeof h, o->fp);
	fwrite(data, 1, caplen, o->fp);
	o->records++;
}

static void pcap_record(struct pcap_out *o, const uint8_t *data, size_t len)
{
	pcap_record_at(o, T0_SECONDS + (uint32_t)(o->t_us / 1000000u), (uint32_t)(o->t_us % 1000000u), data,
		       (uint32_t)len, (uint32_t)len);
}

static void pcap_close(struct pcap_out *o)
{
	if (fclose(o->fp) != 0)
		die("%s: %s", o->path, strerror(errno));
	o->fp = NULL;
}

static void write_file(const char *name, const void *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", outdir, name);
	FILE *fp = fopen(path, "wb");
	if (fp == NULL)
		die("%s: %s", path, strerror(errno));
	if (len > 0)
		fwrite(data, 1, len, fp);
	if (fclose(fp) != 0)
		die("%s: %s", path, strerror(errno));
}

/* ---- hand-built Ethernet / IPv4 / TCP ---- */

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

static const uint8_t mac_client[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t mac_router[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0xfe };

static uint32_t ip_checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static size_t eth_header(uint8_t *f, bool from_client, uint32_t ethertype)
{
	memcpy(f, from_client ? mac_router : mac_client, 6);
	memcpy(f + 6, from_client ? mac_client : mac_router, 6);
	put16(f + 12, ethertype);
	return 14;
}

static size_t ipv4_header(uint8_t *p, const uint8_t src[4], const uint8_t dst[4], uint32_t proto, uint32_t id,
			  uint32_t ttl, size_t payload_len)
{
	p[0] = 0x45;
	p[1] = 0;
	put16(p + 2, (uint32_t)(20 + payload_len));
	put16(p + 4, id);
	put16(p + 6, 0x4000); /* don't fragment */
	p[8] = (uint8_t)ttl;
	p[9] = (uint8_t)proto;
	put16(p + 10, 0);
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	put16(p + 10, ip_checksum(p, 20));
	return 20;
}

static size_t tcp_header(uint8_t *p, uint32_t sport, uint32_t dport, uint32_t seq, uint32_t ack, uint32_t flags)
{
	put16(p, sport);
	put16(p + 2, dport);
	put32(p + 4, seq);
	put32(p + 8, ack);
	p[12] = 5 << 4;
	p[13] = (uint8_t)flags;
	put16(p + 14, 64240);
	put16(p + 16, 0);
	put16(p + 18, 0);
	return 20;
}

/*
 * One TCP connection between a client (198.51.100.10) and a server (203.0.113.10:443),
 * seen from the client's side: the server's packets arrive with TTL 63 and IP IDs that
 * count up, answers come one round trip (1 ms) after what they answer, so nothing in
 * them looks forged.
 */
struct conn {
	struct pcap_out *out;
	uint8_t ip[2][4];
	uint32_t port[2];
	uint32_t next_seq[2];   /* next sequence number each side sends */
	uint32_t ip_id[2];
	uint32_t ttl[2];
};

enum { CLIENT = 0, SERVER = 1 };

static void conn_init(struct conn *c, struct pcap_out *out, uint32_t client_port, uint32_t client_isn)
{
	static const uint8_t cli[4] = { 198, 51, 100, 10 }, srv[4] = { 203, 0, 113, 10 };
	memset(c, 0, sizeof *c);
	c->out = out;
	memcpy(c->ip[CLIENT], cli, 4);
	memcpy(c->ip[SERVER], srv, 4);
	c->port[CLIENT] = client_port;
	c->port[SERVER] = 443;
	c->next_seq[CLIENT] = client_isn;
	c->next_seq[SERVER] = 0x7a000000u ^ (client_port << 8);
	c->ip_id[CLIENT] = 0x1000 + client_port % 1000;
	c->ip_id[SERVER] = 0x5000;
	c->ttl[CLIENT] = 64;
	c->ttl[SERVER] = 63;
}

/* Writes one segment from side at sequence seq (the side's counter is not moved). */
static void conn_segment_at(struct conn *c, int side, uint32_t seq, uint32_t flags, const uint8_t *data, size_t len)
{
	static uint8_t frame[MAX_FRAME];
	if (len > MAX_FRAME - 54)
		die("segment too large");
	size_t n = eth_header(frame, side == CLIENT, 0x0800);
	n += ipv4_header(frame + n, c->ip[side], c->ip[!side], 6, c->ip_id[side]++, c->ttl[side], 20 + len);
	uint32_t ack = (flags & TCP_ACK) ? c->next_seq[!side] : 0;
	n += tcp_header(frame + n, c->port[side], c->port[!side], seq, ack, flags);
	if (len > 0)
		memcpy(frame + n, data, len);
	n += len;
	pcap_record(c->out, frame, n);
	c->out->t_us += 20; /* back-to-back segments of one flight */
}

static void conn_wait(struct conn *c, uint32_t us) { c->out->t_us += us; }

/* SYN, SYN-ACK one round trip later, ACK. */
static void conn_open(struct conn *c)
{
	conn_segment_at(c, CLIENT, c->next_seq[CLIENT]++, TCP_SYN, NULL, 0);
	conn_wait(c, 1000);
	conn_segment_at(c, SERVER, c->next_seq[SERVER]++, TCP_SYN | TCP_ACK, NULL, 0);
	conn_segment_at(c, CLIENT, c->next_seq[CLIENT], TCP_ACK, NULL, 0);
}

/* Sends data from side in segments of at most mss bytes. */
static void conn_send(struct conn *c, int side, const uint8_t *data, size_t len, size_t mss)
{
	for (size_t off = 0; off < len; off += mss) {
		size_t n = len - off < mss ? len - off : mss;
		conn_segment_at(c, side, c->next_seq[side], TCP_PSH | TCP_ACK, data + off, n);
		c->next_seq[side] += (uint32_t)n;
	}
}

static void conn_fin(struct conn *c, int side)
{
	conn_segment_at(c, side, c->next_seq[side]++, TCP_FIN | TCP_ACK, NULL, 0);
}

static void conn_rst(struct conn *c, int side)
{
	conn_segment_at(c, side, c->next_seq[side], TCP_RST | TCP_ACK, NULL, 0);
}

/* The server closes one round trip after the client's last bytes; the client answers. */
static void conn_server_closes(struct conn *c)
{
	conn_wait(c, 1500);
	conn_fin(c, SERVER);
	conn_wait(c, 100);
	conn_fin(c, CLIENT);
	conn_wait(c, 1000);
	conn_segment_at(c, SERVER, c->next_seq[SERVER], TCP_ACK, NULL, 0);
}

/* A fatal handshake_failure(40) alert, the server's usual answer to a hello it refuses. */
static void conn_server_alert_and_close(struct conn *c)
{
	static const uint8_t alert[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };
	conn_wait(c, 1500);
	conn_send(c, SERVER, alert, sizeof alert, 1400);
	conn_fin(c, SERVER);
	conn_wait(c, 100);
	conn_fin(c, CLIENT);
	conn_wait(c, 1000);
	conn_segment_at(c, SERVER, c->next_seq[SERVER], TCP_ACK, NULL, 0);
}

/* ---- hand-built ClientHello ---- */

struct hello_opts {
	const char *sni;           /* NULL: no server_name extension */
	bool lie_extensions_len;   /* the extensions block claims 100 bytes more than the message holds */
	bool lie_sni_len;          /* the host_name length claims 40 bytes more than its list holds */
	bool fill_empty_exts;      /* add empty extensions until the record holds 2^14 bytes */
	unsigned n_empty_exts;     /* out: how many were added */
};

/*
 * RFC 8446 4.1.2 ClientHello in one TLSPlaintext record (RFC 8446 5.1): TLS 1.3 and 1.2
 * offered, X25519 key share, ALPN h2/http1.1 — what a current browser sends, minus the
 * padding.
 */
static void build_client_hello(struct buf *rec, struct hello_opts *o)
{
	struct buf b = { 0 };
	buf_u8(&b, 0x16);                       /* handshake */
	buf_u16(&b, 0x0301);
	size_t rec_len = buf_begin_len(&b, 2);
	buf_u8(&b, 0x01);                       /* client_hello */
	size_t msg_len = buf_begin_len(&b, 3);
	buf_u16(&b, 0x0303);
	for (unsigned i = 0; i < 32; i++)
		buf_u8(&b, 0x40 + i);               /* random */
	buf_u8(&b, 32);
	for (unsigned i = 0; i < 32; i++)
		buf_u8(&b, 0xa0 + i);               /* legacy_session_id (middlebox compatibility) */
	static const uint32_t suites[] = { 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030 };
	buf_u16(&b, (uint32_t)(2 * (sizeof suites / sizeof suites[0])));
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
		buf_u16(&b, suites[i]);
	buf_u8(&b, 1);
	buf_u8(&b, 0);                          /* null compression */
	size_t exts_len = buf_begin_len(&b, 2);
	if (o->sni != NULL) {
		size_t n = strlen(o->sni);
		buf_u16(&b, 0);                     /* server_name (RFC 6066 3) */
		buf_u16(&b, (uint32_t)(2 + 3 + n));
		buf_u16(&b, (uint32_t)(3 + n));     /* ServerNameList */
		buf_u8(&b, 0);                      /* host_name */
		buf_u16(&b, (uint32_t)(n + (o->lie_sni_len ? 40 : 0)));
		buf_add(&b, o->sni, n);
	}
	static const uint8_t fixed_exts[] = {
		0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03,             /* supported_versions */
		0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x1d,                   /* supported_groups x25519 */
		0x00, 0x0d, 0x00, 0x06, 0x00, 0x04, 0x04, 0x03, 0x08, 0x04,       /* signature_algorithms */
		0x00, 0x10, 0x00, 0x0e, 0x00, 0x0c, 0x02, 'h', '2',               /* ALPN */
		0x08, 'h', 't', 't', 'p', '/', '1', '.', '1',
	};
	buf_add(&b, fixed_exts, sizeof fixed_exts);
	buf_u16(&b, 51);                        /* key_share: x25519 */
	buf_u16(&b, 2 + 2 + 2 + 32);
	buf_u16(&b, 2 + 2 + 32);
	buf_u16(&b, 0x001d);
	buf_u16(&b, 32);
	for (unsigned i = 0; i < 32; i++)
		buf_u8(&b, 0x11 * (i % 15));
	o->n_empty_exts = 0;
	if (o->fill_empty_exts) {
		/* Empty extensions of distinct unassigned types 0xf000.. (RFC 8446 4.2 forbids
		 * repeating a type), as many as fit in one record of 2^14 bytes. */
		while (b.len - 5 + 4 <= TLS_MAX_PLAINTEXT && o->n_empty_exts < 0x1000) {
			buf_u16(&b, 0xf000 + o->n_empty_exts);
			buf_u16(&b, 0);
			o->n_empty_exts++;
		}
	}
	buf_end_len(&b, exts_len, 2, o->lie_extensions_len ? 100 : 0);
	buf_end_len(&b, msg_len, 3, 0);
	buf_end_len(&b, rec_len, 2, 0);
	if (b.len - 5 > TLS_MAX_PLAINTEXT)
		die("ClientHello does not fit one record");
	buf_add(rec, b.p, b.len);
	free(b.p);
}

/* ---- the sample capture ---- */

struct sample_rec {
	uint32_t sec, usec;          /* microseconds, whatever the sample's precision */
	uint32_t caplen, wirelen;
	const uint8_t *data;
	size_t file_off;             /* offset of the record header in the file */
};

struct sample {
	uint8_t *file;
	size_t file_len;
	uint32_t linktype;
	struct sample_rec *rec;
	size_t n;
};

static uint32_t rd32(const uint8_t *p, bool swapped)
{
	return swapped ? get32(p) : (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Classic pcap in either byte order, micro- or nanosecond timestamps. A record cut by
 * the end of the file ends the list (the sample itself may be truncated). */
static void sample_load(struct sample *s, const char *path)
{
	memset(s, 0, sizeof *s);
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		die("%s: %s", path, strerror(errno));
	struct buf b = { 0 };
	uint8_t chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, got);
	fclose(fp);
	s->file = b.p;
	s->file_len = b.len;
	if (s->file_len < 24)
		die("%s: too short for a pcap file", path);
	uint32_t magic_le = rd32(s->file, false);
	bool swapped, nsec;
	if (magic_le == 0xa1b2c3d4u || magic_le == 0xa1b23c4du) {
		swapped = false;
		nsec = magic_le == 0xa1b23c4du;
	} else if (magic_le == 0xd4c3b2a1u || magic_le == 0x4d3cb2a1u) {
		swapped = true;
		nsec = magic_le == 0x4d3cb2a1u;
	} else {
		die("%s: not a classic pcap file (pcapng samples are not supported)", path);
	}
	s->linktype = rd32(s->file + 20, swapped) & 0x0fffffff;
	size_t off = 24, cap = 0;
	while (off + 16 <= s->file_len) {
		const uint8_t *h = s->file + off;
		uint32_t caplen = rd32(h + 8, swapped);
		if (caplen > SNAPLEN || off + 16 + caplen > s->file_len)
			break;
		if (s->n == cap) {
			cap = cap ? cap * 2 : 64;
			s->rec = realloc(s->rec, cap * sizeof *s->rec);
			if (s->rec == NULL)
				die("out of memory");
		}
		struct sample_rec *r = &s->rec[s->n++];
		r->sec = rd32(h, swapped);
		r->usec = rd32(h + 4, swapped) / (nsec ? 1000u : 1u);
		r->caplen = caplen;
		r->wirelen = rd32(h + 12, swapped);
		r->data = h + 16;
		r->file_off = off;
		off += 16 + caplen;
	}
	if (s->n == 0)
		die("%s: no packets", path);
}

/* Where the IP header starts for the link types captures come in; false if not IP. */
static bool link_ip_offset(uint32_t linktype, const uint8_t *d, size_t len, size_t *off)
{
	uint32_t type;
	size_t o;
	switch (linktype) {
	case 1: /* Ethernet, with any 802.1Q / 802.1ad tags */
		if (len < 14)
			return false;
		o = 12;
		type = get16(d + o);
		while ((type == 0x8100 || type == 0x88a8 || type == 0x9100) && o + 6 <= len) {
			o += 4;
			type = get16(d + o);
		}
		o += 2;
		if (type != 0x0800 && type != 0x86dd)
			return false;
		break;
	case 0: case 108: /* BSD / OpenBSD loopback */
		o = 4;
		break;
	case 12: case 14: case 101: case 228: case 229: /* raw IP */
		o = 0;
		break;
	case 113: /* Linux cooked */
		if (len < 16)
			return false;
		type = get16(d + 14);
		if (type != 0x0800 && type != 0x86dd)
			return false;
		o = 16;
		break;
	case 276: /* Linux cooked v2 */
		if (len < 20)
			return false;
		type = get16(d);
		if (type != 0x0800 && type != 0x86dd)
			return false;
		o = 20;
		break;
	default:
		return false;
	}
	if (o >= len || ((d[o] >> 4) != 4 && (d[o] >> 4) != 6))
		return false;
	*off = o;
	return true;
}

/* A TCP segment found in a sample frame; offsets into the frame. */
struct seg {
	size_t ip_off, tcp_off, payload_off, payload_len;
	int ip_version;
	uint8_t src[16], dst[16];
	uint32_t sport, dport, seq;
};

static bool sample_tcp(uint32_t linktype, const uint8_t *d, size_t len, struct seg *s)
{
	memset(s, 0, sizeof *s);
	if (!link_ip_offset(linktype, d, len, &s->ip_off))
		return false;
	const uint8_t *ip = d + s->ip_off;
	size_t have = len - s->ip_off, ip_end;
	if ((ip[0] >> 4) == 4) {
		if (have < 20)
			return false;
		size_t ihl = (size_t)(ip[0] & 0x0f) * 4, total = get16(ip + 2);
		if (ihl < 20 || ip[9] != 6 || total < ihl || (get16(ip + 6) & 0x3fff) != 0)
			return false;
		s->ip_version = 4;
		memcpy(s->src, ip + 12, 4);
		memcpy(s->dst, ip + 16, 4);
		s->tcp_off = s->ip_off + ihl;
		ip_end = s->ip_off + total;
	} else {
		if (have < 40 || ip[6] != 6) /* TCP right after the fixed header only */
			return false;
		s->ip_version = 6;
		memcpy(s->src, ip + 8, 16);
		memcpy(s->dst, ip + 24, 16);
		s->tcp_off = s->ip_off + 40;
		ip_end = s->tcp_off + get16(ip + 4);
	}
	if (ip_end > len)
		ip_end = len; /* cut by the snap length: use what is there */
	if (s->tcp_off + 20 > ip_end)
		return false;
	const uint8_t *t = d + s->tcp_off;
	size_t thl = (size_t)(t[12] >> 4) * 4;
	if (thl < 20 || s->tcp_off + thl > ip_end)
		return false;
	s->sport = get16(t);
	s->dport = get16(t + 2);
	s->seq = get32(t + 4);
	s->payload_off = s->tcp_off + thl;
	s->payload_len = ip_end - s->payload_off;
	return true;
}

static bool same_direction(const struct seg *a, const struct seg *b)
{
	return a->ip_version == b->ip_version && a->sport == b->sport && a->dport == b->dport &&
	       memcmp(a->src, b->src, 16) == 0 && memcmp(a->dst, b->dst, 16) == 0;
}

/* Copies a sample record to an output in the sample's link type. */
static void copy_record(struct pcap_out *o, const struct sample_rec *r)
{
	pcap_record_at(o, r->sec, r->usec, r->data, r->caplen, r->wirelen);
}

/*
 * Copies a sample record to an Ethernet output: Ethernet frames as they are, IP packets
 * of other link types behind a fresh Ethernet header; frames that carry no IP are left
 * out (they cannot be expressed on Ethernet and carry nothing tlsdiag analyses).
 */
static void copy_record_as_ethernet(struct pcap_out *o, const struct sample *s, const struct sample_rec *r)
{
	if (s->linktype == LINK_ETHERNET) {
		copy_record(o, r);
		return;
	}
	size_t off;
	if (!link_ip_offset(s->linktype, r->data, r->caplen, &off))
		return;
	static uint8_t frame[SNAPLEN + 14];
	size_t n = eth_header(frame, true, (r->data[off] >> 4) == 4 ? 0x0800 : 0x86dd);
	memcpy(frame + n, r->data + off, r->caplen - off);
	uint32_t wire = r->wirelen >= off ? r->wirelen - (uint32_t)off : 0;
	pcap_record_at(o, r->sec, r->usec, frame, (uint32_t)(n + r->caplen - off), (uint32_t)(n + wire));
}

/*
 * A frame like the template (same link, IP and TCP headers, options included) carrying
 * other payload at another sequence number: IP length fields follow, the IPv4 header
 * checksum is recomputed, the TCP checksum is zero.
 */
static void write_like(struct pcap_out *o, const struct sample_rec *tmpl, const struct seg *ts, uint32_t seq,
		       const uint8_t *payload, size_t len)
{
	static uint8_t frame[MAX_FRAME];
	if (ts->payload_off + len > sizeof frame)
		die("segment too large");
	memcpy(frame, tmpl->data, ts->payload_off);
	memcpy(frame + ts->payload_off, payload, len);
	uint8_t *ip = frame + ts->ip_off;
	size_t ip_len = ts->payload_off + len - ts->ip_off;
	if (ts->ip_version == 4) {
		put16(ip + 2, (uint32_t)ip_len);
		put16(ip + 10, 0);
		put16(ip + 10, ip_checksum(ip, (size_t)(ip[0] & 0x0f) * 4));
	} else {
		put16(ip + 4, (uint32_t)(ip_len - 40));
	}
	uint8_t *tcp = frame + ts->tcp_off;
	put32(tcp + 4, seq);
	put16(tcp + 16, 0);
	size_t n = ts->payload_off + len;
	pcap_record_at(o, tmpl->sec, tmpl->usec, frame, (uint32_t)n, (uint32_t)n);
}

/* ---- the hostile files ---- */

static void gen_unreadable(const struct sample *s)
{
	write_file("empty.pcap", "", 0);
	static const char text[] = "this is not a capture\n";
	write_file("text.pcap", text, sizeof text - 1);
	/* The first 10 bytes of a valid global header: magic, version, half of thiszone. */
	write_file("truncated-header.pcap", s->file, 10);

	/* The sample with its last record (of at least 2 data bytes) cut in the middle of its
	 * data: the record header promises caplen bytes, the file ends halfway. The same
	 * sample without that record is the reference for what must still be reported. */
	size_t k = s->n;
	while (k > 0 && s->rec[k - 1].caplen < 2)
		k--;
	if (k == 0)
		die("sample has no record with data to cut");
	const struct sample_rec *last = &s->rec[k - 1];
	size_t cut = last->file_off + 16 + last->caplen / 2;
	write_file("truncated-packet.pcap", s->file, cut);
	write_file("sample-minus-last.pcap", s->file, last->file_off);
	expect("truncated-packet.packet %zu", k);

	/* One record claiming 2^31-1 captured bytes, followed by a few. */
	struct pcap_out o;
	pcap_open(&o, "huge-caplen.pcap", LINK_ETHERNET);
	uint8_t h[16 + 8];
	put32le(h, T0_SECONDS);
	put32le(h + 4, 0);
	put32le(h + 8, 0x7fffffffu);
	put32le(h + 12, 0x7fffffffu);
	memcpy(h + 16, "\x02\x00\x00\x00\x00\x01\x02\x00", 8);
	fwrite(h, 1, sizeof h, o.fp);
	pcap_close(&o);
	expect("huge-caplen.packet 1");
}

/* Frames whose headers lie about their lengths, then every packet of the sample. */
static void gen_bad_lengths(const struct sample *s)
{
	static const uint8_t a[4] = { 192, 0, 2, 1 }, b[4] = { 192, 0, 2, 2 };
	struct pcap_out o;
	pcap_open(&o, "bad-lengths.pcap", LINK_ETHERNET);
	o.t_us = 0;
	uint8_t f[2048];
	size_t n;
	unsigned bad = 0;

	/* 1: a valid ARP request, not TCP: skipped quietly, and it makes the first bad frame
	 * packet 2, so an off-by-one in the packet count shows. */
	memset(f, 0, sizeof f);
	n = eth_header(f, true, 0x0806);
	static const uint8_t arp[28] = { 0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 192, 0, 2, 2 };
	memcpy(f + n, arp, sizeof arp);
	pcap_record(&o, f, n + sizeof arp);
	expect("bad-lengths.first_bad_packet %u", o.records + 1);

	/* IPv4 IHL 15 (a 60-byte header) in a frame holding 24 bytes of IP. */
	n = eth_header(f, true, 0x0800);
	n += ipv4_header(f + n, a, b, 6, 1, 64, 40);
	f[14] = 0x4f;
	put16(f + 16, 60);
	memset(f + n, 0, 4);
	pcap_record(&o, f, n + 4);
	bad++;

	/* IPv4 total length 10, smaller than its own 20-byte header, in a full IP+TCP frame. */
	n = eth_header(f, true, 0x0800);
	n += ipv4_header(f + n, a, b, 6, 2, 64, 20);
	put16(f + 16, 10);
	n += tcp_header(f + n, 40000, 443, 1, 0, TCP_SYN);
	pcap_record(&o, f, n);
	bad++;

	/* TCP data offset 15 (60-byte header) in a 24-byte segment. */
	n = eth_header(f, true, 0x0800);
	n += ipv4_header(f + n, a, b, 6, 3, 64, 24);
	n += tcp_header(f + n, 40001, 443, 1, 0, TCP_SYN);
	f[14 + 20 + 12] = 0xf0;
	memset(f + n, 0, 4);
	pcap_record(&o, f, n + 4);
	bad++;

	/* TCP data offset 2 (8 bytes), below the 20-byte minimum. */
	n = eth_header(f, true, 0x0800);
	n += ipv4_header(f + n, a, b, 6, 4, 64, 20);
	n += tcp_header(f + n, 40002, 443, 1, 0, TCP_SYN);
	f[14 + 20 + 12] = 0x20;
	pcap_record(&o, f, n);
	bad++;

	/* IPv6 hop-by-hop header claiming (255+1)*8 = 2048 bytes in a 48-byte packet. */
	static const uint8_t v6a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t v6b[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
	n = eth_header(f, true, 0x86dd);
	memset(f + n, 0, 40);
	f[n] = 0x60;
	put16(f + n + 4, 8 + 20);
	f[n + 6] = 0;            /* next: hop-by-hop */
	f[n + 7] = 64;
	memcpy(f + n + 8, v6a, 16);
	memcpy(f + n + 24, v6b, 16);
	n += 40;
	memset(f + n, 0, 8);
	f[n] = 6;                /* then TCP */
	f[n + 1] = 255;
	n += 8;
	n += tcp_header(f + n, 40003, 443, 1, 0, TCP_SYN);
	pcap_record(&o, f, n);
	bad++;

	/* IPv6 destination-options header (24 bytes) inside the frame but past the 16-byte
	 * payload length: the IP length bounds the packet, the frame's tail is padding. */
	n = eth_header(f, true, 0x86dd);
	memset(f + n, 0, 40);
	f[n] = 0x60;
	put16(f + n + 4, 16);
	f[n + 6] = 60;
	f[n + 7] = 64;
	memcpy(f + n + 8, v6a, 16);
	memcpy(f + n + 24, v6b, 16);
	n += 40;
	memset(f + n, 0, 24);
	f[n] = 6;
	f[n + 1] = 2;
	n += 24;
	n += tcp_header(f + n, 40004, 443, 1, 0, TCP_SYN);
	pcap_record(&o, f, n);
	bad++;

	/* An Ethernet frame of 5 bytes. */
	memcpy(f, mac_router, 5);
	pcap_record(&o, f, 5);
	bad++;

	/* An 802.1Q tag cut in half: TPID, then 2 of the tag's 4 bytes. */
	n = eth_header(f, true, 0x8100);
	f[n++] = 0x00;
	f[n++] = 0x64;
	pcap_record(&o, f, n);
	bad++;

	/* An MPLS label stack that never sets bottom-of-stack and runs off the frame. */
	n = eth_header(f, true, 0x8847);
	for (int i = 0; i < 3; i++) {
		put32(f + n, 0x00010040u);
		n += 4;
	}
	pcap_record(&o, f, n);
	bad++;

	/* IPv4-in-IPv4 nested ten deep, past any sane tunnel depth. */
	n = eth_header(f, true, 0x0800);
	for (int i = 0; i < 10; i++)
		n += ipv4_header(f + n, a, b, i < 9 ? 4 : 6, 10 + (uint32_t)i, 64, (size_t)(10 - i) * 20);
	n += tcp_header(f + n, 40005, 443, 1, 0, TCP_SYN);
	pcap_record(&o, f, n);
	bad++;

	/* Not bad, but lying: IPv4 total length 1500 in a whole 54-byte frame (caplen = len);
	 * port 9 keeps it out of the report. */
	n = eth_header(f, true, 0x0800);
	n += ipv4_header(f + n, a, b, 6, 30, 64, 20);
	put16(f + 16, 1500);
	n += tcp_header(f + n, 40006, 9, 1, 0, TCP_ACK);
	pcap_record(&o, f, n);

	/* Nine destination-options headers in a row: more than the decoder follows. */
	n = eth_header(f, true, 0x86dd);
	memset(f + n, 0, 40);
	f[n] = 0x60;
	put16(f + n + 4, 9 * 8 + 20);
	f[n + 6] = 60;
	f[n + 7] = 64;
	memcpy(f + n + 8, v6a, 16);
	memcpy(f + n + 24, v6b, 16);
	n += 40;
	for (int i = 0; i < 9; i++) {
		memset(f + n, 0, 8);
		f[n] = i < 8 ? 60 : 6;
		n += 8;
	}
	n += tcp_header(f + n, 40007, 9, 1, 0, TCP_SYN);
	pcap_record(&o, f, n);

	expect("bad-lengths.bad_frames %u", bad);
	for (size_t i = 0; i < s->n; i++)
		copy_record_as_ethernet(&o, s, &s->rec[i]);
	pcap_close(&o);
}

/* Client plaintext to port 443: three segments of 1000 fixed pseudo-random bytes. */
static void gen_garbage(void)
{
	struct pcap_out o;
	pcap_open(&o, "garbage-443.pcap", LINK_ETHERNET);
	struct conn c;
	conn_init(&c, &o, 41000, 0x10000000u);
	conn_open(&c);
	uint8_t junk[3000];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = rng_byte();
	/* A first byte in 0x14..0x18 followed by 0x03 could pass for a record header; keep
	 * the test about garbage, not about a lucky draw. */
	if (junk[0] >= 0x14 && junk[0] <= 0x18)
		junk[0] ^= 0x80;
	if (junk[0] & 0x80)
		junk[0] &= 0x7f; /* and not an SSL 2.0 header either */
	conn_wait(&c, 200);
	conn_send(&c, CLIENT, junk, sizeof junk, 1000);
	conn_wait(&c, 1000);
	conn_segment_at(&c, SERVER, c.next_seq[SERVER], TCP_ACK, NULL, 0);
	conn_server_closes(&c);
	pcap_close(&o);
}

/* A ClientHello header claiming 2^24-1 bytes inside a record of 2^14, followed by 2000
 * bytes of filler: the record never completes. */
static void gen_record_16mb(void)
{
	struct pcap_out o;
	pcap_open(&o, "record-16mb.pcap", LINK_ETHERNET);
	struct conn c;
	conn_init(&c, &o, 41100, 0x20000000u);
	conn_open(&c);
	struct buf b = { 0 };
	static const uint8_t head[] = { 0x16, 0x03, 0x01, 0x40, 0x00, 0x01, 0xff, 0xff, 0xff };
	buf_add(&b, head, sizeof head);
	for (int i = 0; i < 2000; i++)
		buf_u8(&b, 0x41 + (uint32_t)(i % 26));
	conn_send(&c, CLIENT, b.p, b.len, 1400);
	free(b.p);
	conn_wait(&c, 1000);
	conn_segment_at(&c, SERVER, c.next_seq[SERVER], TCP_ACK, NULL, 0);
	conn_wait(&c, 100);
	conn_fin(&c, CLIENT);
	conn_wait(&c, 1000);
	conn_fin(&c, SERVER);
	conn_segment_at(&c, CLIENT, c.next_seq[CLIENT], TCP_ACK, NULL, 0);
	pcap_close(&o);

	/* The same claim in a complete 2^14-byte record, then more handshake records: the
	 * framer must step over the impossible message without waiting for 16 MB. */
	pcap_open(&o, "hello-16mb-full.pcap", LINK_ETHERNET);
	conn_init(&c, &o, 41150, 0x21000000u);
	conn_open(&c);
	struct buf r = { 0 };
	buf_add(&r, head, 3);
	buf_u16(&r, TLS_MAX_PLAINTEXT);
	buf_add(&r, head + 5, 4);
	while (r.len < 5 + TLS_MAX_PLAINTEXT)
		buf_u8(&r, 0);
	for (int i = 0; i < 3; i++) {
		static const uint8_t small[] = { 0x16, 0x03, 0x03, 0x00, 0x04, 0x0f, 0x00, 0x00, 0x00 };
		buf_add(&r, small, sizeof small);
	}
	conn_send(&c, CLIENT, r.p, r.len, 1400);
	free(r.p);
	conn_wait(&c, 1000);
	conn_segment_at(&c, SERVER, c.next_seq[SERVER], TCP_ACK, NULL, 0);
	conn_server_closes(&c);
	pcap_close(&o);
}

/*
 * Record headers claiming 65535 bytes, more than TLS allows (RFC 8446 5.1: 2^14, plus
 * 2048 for protected records in RFC 5246 6.2.3). Two connections: the client's first
 * record is the overlong one (port 41200), and a valid ClientHello is followed by an
 * overlong record (port 41201). The server closes either way.
 */
static void gen_record_too_long(void)
{
	struct pcap_out o;
	pcap_open(&o, "record-too-long.pcap", LINK_ETHERNET);
	struct buf b = { 0 };
	static const uint8_t head[] = { 0x16, 0x03, 0x01, 0xff, 0xff };
	buf_add(&b, head, sizeof head);
	for (int i = 0; i < 1000; i++)
		buf_u8(&b, (uint32_t)i);

	struct conn c;
	conn_init(&c, &o, 41200, 0x30000000u);
	conn_open(&c);
	conn_send(&c, CLIENT, b.p, b.len, 1400);
	conn_server_closes(&c);

	conn_init(&c, &o, 41201, 0x31000000u);
	conn_open(&c);
	struct buf h = { 0 };
	struct hello_opts ho = { .sni = "second-record.example" };
	build_client_hello(&h, &ho);
	conn_send(&c, CLIENT, h.p, h.len, 1400);
	conn_send(&c, CLIENT, b.p, b.len, 1400);
	conn_server_closes(&c);
	pcap_close(&o);
	expect("record-too-long.connections 41200 41201");
	free(b.p);
	free(h.p);
}

/* Two ClientHellos that lie inside: the extensions block runs 100 bytes past the message
 * (port 41300); the SNI host_name length runs 40 bytes past its list (port 41301). A
 * server that cannot parse a hello may just close: so they do here. */
static void gen_hello_lies(void)
{
	struct pcap_out o;
	pcap_open(&o, "hello-lies.pcap", LINK_ETHERNET);
	struct conn c;
	struct buf h = { 0 };
	struct hello_opts a = { .sni = "extensions-lie.example", .lie_extensions_len = true };
	conn_init(&c, &o, 41300, 0x40000000u);
	conn_open(&c);
	build_client_hello(&h, &a);
	conn_send(&c, CLIENT, h.p, h.len, 1400);
	conn_server_closes(&c);

	h.len = 0;
	struct hello_opts b = { .sni = "sni-lie.example", .lie_sni_len = true };
	conn_init(&c, &o, 41301, 0x41000000u);
	conn_open(&c);
	build_client_hello(&h, &b);
	conn_send(&c, CLIENT, h.p, h.len, 1400);
	conn_server_closes(&c);
	pcap_close(&o);
	free(h.p);
	expect("hello-lies.connections 41300 41301");
}

/* One ClientHello filling a whole 2^14-byte record with empty extensions, in 1400-byte
 * segments; the server resets. */
static void gen_many_extensions(void)
{
	struct pcap_out o;
	pcap_open(&o, "many-extensions.pcap", LINK_ETHERNET);
	struct conn c;
	conn_init(&c, &o, 41400, 0x50000000u);
	conn_open(&c);
	struct buf h = { 0 };
	struct hello_opts ho = { .sni = "many.example", .fill_empty_exts = true };
	build_client_hello(&h, &ho);
	conn_send(&c, CLIENT, h.p, h.len, 1400);
	conn_wait(&c, 1500);
	conn_rst(&c, SERVER);
	pcap_close(&o);
	expect("many-extensions.sni many.example");
	expect("many-extensions.count %u", ho.n_empty_exts);
	free(h.p);
}

/*
 * A ClientHello in three segments A B C, captured as C, B, B', A: B' is a retransmission
 * of B (same sequence numbers) whose bytes differ inside the SNI. Both copies of B arrive
 * while waiting for A, so the reassembler holds both and must pick one; the name in
 * each copy tells which it picked. The server then refuses with handshake_failure.
 */
static void gen_overlap_conflict(void)
{
	struct pcap_out o;
	pcap_open(&o, "overlap-conflict.pcap", LINK_ETHERNET);
	struct conn c;
	conn_init(&c, &o, 41500, 0x60000000u);
	conn_open(&c);
	struct buf h = { 0 };
	static const char first[] = "first-copy.example", second[] = "other-copy.example";
	struct hello_opts ho = { .sni = first };
	build_client_hello(&h, &ho);
	/* Split so that the host name lies inside B. */
	size_t name_at = 0;
	for (size_t i = 0; i + sizeof first - 1 <= h.len; i++)
		if (memcmp(h.p + i, first, sizeof first - 1) == 0) {
			name_at = i;
			break;
		}
	if (name_at < 10)
		die("SNI not found in the hand-built hello");
	size_t cut1 = name_at - 6, cut2 = name_at + sizeof first + 6;
	uint8_t *alt = malloc(h.len);
	if (alt == NULL)
		die("out of memory");
	memcpy(alt, h.p, h.len);
	memcpy(alt + name_at, second, sizeof second - 1);
	uint32_t s0 = c.next_seq[CLIENT];
	conn_segment_at(&c, CLIENT, s0 + (uint32_t)cut2, TCP_PSH | TCP_ACK, h.p + cut2, h.len - cut2);
	conn_segment_at(&c, CLIENT, s0 + (uint32_t)cut1, TCP_ACK, h.p + cut1, cut2 - cut1);
	conn_segment_at(&c, CLIENT, s0 + (uint32_t)cut1, TCP_ACK, alt + cut1, cut2 - cut1);
	conn_segment_at(&c, CLIENT, s0, TCP_ACK, h.p, cut1);
	c.next_seq[CLIENT] += (uint32_t)h.len;
	conn_server_alert_and_close(&c);
	pcap_close(&o);
	expect("overlap-conflict.first_sni %s", first);
	expect("overlap-conflict.second_sni %s", second);
	free(alt);
	free(h.p);
}

/* A ClientHello whose bytes straddle sequence number 2^32: the arithmetic must wrap. */
static void gen_seq_wrap(void)
{
	struct pcap_out o;
	pcap_open(&o, "seq-wrap.pcap", LINK_ETHERNET);
	struct conn c;
	conn_init(&c, &o, 41600, 0xffffff80u); /* data from 2^32 - 127: the held half wraps */
	conn_open(&c);
	struct buf h = { 0 };
	struct hello_opts ho = { .sni = "wrap.example" };
	build_client_hello(&h, &ho);
	/* Second segment first, so the wrapped one is held out of order too. */
	uint32_t s0 = c.next_seq[CLIENT];
	size_t cut = h.len / 2;
	conn_segment_at(&c, CLIENT, s0 + (uint32_t)cut, TCP_PSH | TCP_ACK, h.p + cut, h.len - cut);
	conn_segment_at(&c, CLIENT, s0, TCP_ACK, h.p, cut);
	c.next_seq[CLIENT] += (uint32_t)h.len;
	conn_server_alert_and_close(&c);
	pcap_close(&o);
	expect("seq-wrap.sni wrap.example");
	free(h.p);
}

/* A ClientHello recorded with only 100 of its bytes (snap length): a hole the capture
 * cannot fill. */
static void gen_snaplen_cut(void)
{
	struct pcap_out o;
	pcap_open(&o, "snaplen-cut.pcap", LINK_ETHERNET);
	struct conn c;
	conn_init(&c, &o, 41700, 0x70000000u);
	conn_open(&c);
	struct buf h = { 0 };
	struct hello_opts ho = { .sni = "cut.example" };
	build_client_hello(&h, &ho);
	static uint8_t frame[MAX_FRAME];
	size_t n = eth_header(frame, true, 0x0800);
	n += ipv4_header(frame + n, c.ip[CLIENT], c.ip[SERVER], 6, c.ip_id[CLIENT]++, 64, 20 + h.len);
	n += tcp_header(frame + n, c.port[CLIENT], 443, c.next_seq[CLIENT], c.next_seq[SERVER], TCP_PSH | TCP_ACK);
	memcpy(frame + n, h.p, h.len);
	pcap_record_at(&o, T0_SECONDS + (uint32_t)(o.t_us / 1000000u), (uint32_t)(o.t_us % 1000000u), frame,
		       (uint32_t)(n + 100), (uint32_t)(n + h.len));
	expect("snaplen-cut.packet %u", o.records);
	o.t_us += 20;
	c.next_seq[CLIENT] += (uint32_t)h.len;
	conn_server_alert_and_close(&c);
	pcap_close(&o);
	free(h.p);
}

/* The record-header-then-3,1,(3),4,2 delivery of one hello, from a template segment. */
static void write_scrambled_hello(struct pcap_out *o, const struct sample_rec *tmpl, const struct seg *ts,
				  uint32_t s0, const uint8_t *hello, size_t len)
{
	size_t rest = len - 5, q = rest / 4;
	size_t start[5] = { 0, 5, 5 + q, 5 + 2 * q, 5 + 3 * q };
	size_t end[5] = { 5, 5 + q, 5 + 2 * q, 5 + 3 * q, len };
	static const int order[] = { 0, 3, 1, 3, 4, 2 }; /* the second 3 is the duplicate */
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		int k = order[i];
		write_like(o, tmpl, ts, s0 + (uint32_t)start[k], hello + start[k], end[k] - start[k]);
	}
}

/*
 * out-of-order-hello.pcap: the sample with the first ClientHello record cut into its
 * 5-byte header and four pieces, delivered 0,3,1,3,4,2; in-order-hello.pcap: the sample
 * as it is. Without a usable hello in the sample, a hand-built connection takes its place
 * in both files. Analyses of the two must agree.
 */
static void gen_out_of_order(const struct sample *s)
{
	size_t i0 = s->n;
	struct seg h0 = { 0 };
	uint32_t L = 0;
	for (size_t i = 0; i < s->n && i0 == s->n; i++) {
		struct seg g;
		if (!sample_tcp(s->linktype, s->rec[i].data, s->rec[i].caplen, &g) || g.payload_len < 6)
			continue;
		const uint8_t *p = s->rec[i].data + g.payload_off;
		if (p[0] == 0x16 && p[1] == 3 && p[5] == 1) {
			i0 = i;
			h0 = g;
			L = 5 + get16(p + 3);
		}
	}
	/* Gather the record's bytes from the client's segments (the hello may span several). */
	uint8_t *hello = NULL;
	bool usable = i0 < s->n && L >= 9 && L <= 5 + TLS_MAX_PLAINTEXT + 2048;
	if (usable) {
		hello = calloc(L, 1);
		bool *have = calloc(L, sizeof *have);
		if (hello == NULL || have == NULL)
			die("out of memory");
		for (size_t i = i0; i < s->n; i++) {
			struct seg g;
			if (!sample_tcp(s->linktype, s->rec[i].data, s->rec[i].caplen, &g) || !same_direction(&g, &h0))
				continue;
			for (size_t k = 0; k < g.payload_len; k++) {
				uint32_t rel = g.seq + (uint32_t)k - h0.seq;
				if (rel < L && !have[rel]) {
					hello[rel] = s->rec[i].data[g.payload_off + k];
					have[rel] = true;
				}
			}
		}
		for (size_t k = 0; k < L; k++)
			usable &= have[k];
		free(have);
	}
	struct pcap_out in, out;
	if (usable) {
		pcap_open(&in, "in-order-hello.pcap", s->linktype);
		pcap_open(&out, "out-of-order-hello.pcap", s->linktype);
		for (size_t i = 0; i < s->n; i++) {
			const struct sample_rec *r = &s->rec[i];
			copy_record(&in, r);
			struct seg g;
			if (i < i0 || !sample_tcp(s->linktype, r->data, r->caplen, &g) || !same_direction(&g, &h0) ||
			    g.payload_len == 0) {
				copy_record(&out, r);
				continue;
			}
			if (i == i0)
				write_scrambled_hello(&out, r, &g, h0.seq, hello, L);
			/* Client segments holding hello bytes: only what follows the hello stays. */
			uint32_t rel = g.seq - h0.seq;
			uint32_t end = rel + (uint32_t)g.payload_len;
			if ((int32_t)rel < 0 || rel >= L)
				copy_record(&out, r);
			else if (end > L)
				write_like(&out, r, &g, h0.seq + L, r->data + g.payload_off + (L - rel), end - L);
		}
		expect("hello.source sample");
		char sport[16];
		snprintf(sport, sizeof sport, "%u", (unsigned)h0.sport);
		expect("hello.client_port %s", sport);
	} else {
		/* Hand-built: hello with SNI, refused with handshake_failure. */
		struct buf h = { 0 };
		struct hello_opts ho = { .sni = "reorder.example" };
		build_client_hello(&h, &ho);
		pcap_open(&in, "in-order-hello.pcap", LINK_ETHERNET);
		pcap_open(&out, "out-of-order-hello.pcap", LINK_ETHERNET);
		struct pcap_out *w[2] = { &in, &out };
		for (int k = 0; k < 2; k++) {
			struct conn c;
			conn_init(&c, w[k], 41800, 0x80000000u);
			conn_open(&c);
			if (k == 0) {
				conn_send(&c, CLIENT, h.p, h.len, 1400);
			} else {
				/* A template frame for write_like: the connection's next client segment. */
				static uint8_t frame[MAX_FRAME];
				size_t n = eth_header(frame, true, 0x0800);
				n += ipv4_header(frame + n, c.ip[CLIENT], c.ip[SERVER], 6, c.ip_id[CLIENT]++, 64, 20);
				n += tcp_header(frame + n, c.port[CLIENT], 443, c.next_seq[CLIENT], c.next_seq[SERVER],
						TCP_PSH | TCP_ACK);
				struct sample_rec tmpl = { .sec = T0_SECONDS + (uint32_t)(w[k]->t_us / 1000000u),
							   .usec = (uint32_t)(w[k]->t_us % 1000000u),
							   .caplen = (uint32_t)n, .wirelen = (uint32_t)n, .data = frame };
				struct seg ts = { .ip_off = 14, .tcp_off = 34, .payload_off = 54, .ip_version = 4 };
				write_scrambled_hello(w[k], &tmpl, &ts, c.next_seq[CLIENT], h.p, h.len);
				w[k]->t_us += 20;
				c.next_seq[CLIENT] += (uint32_t)h.len;
			}
			conn_server_alert_and_close(&c);
		}
		free(h.p);
		expect("hello.source synthetic");
		expect("hello.client_port 41800");
	}
	pcap_close(&in);
	pcap_close(&out);
	free(hello);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gen OUTDIR SAMPLE.pcap\n");
		return 2;
	}
	outdir = argv[1];
	struct sample s;
	sample_load(&s, argv[2]);
	char path[4096];
	snprintf(path, sizeof path, "%s/expect.txt", outdir);
	expect_fp = fopen(path, "w");
	if (expect_fp == NULL)
		die("%s: %s", path, strerror(errno));

	gen_unreadable(&s);
	gen_bad_lengths(&s);
	gen_garbage();
	gen_record_16mb();
	gen_record_too_long();
	gen_hello_lies();
	gen_many_extensions();
	gen_overlap_conflict();
	gen_seq_wrap();
	gen_snaplen_cut();
	gen_out_of_order(&s);

	if (fclose(expect_fp) != 0)
		die("%s: %s", path, strerror(errno));
	free(s.rec);
	free(s.file);
	return 0;
}
