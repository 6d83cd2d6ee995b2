/*
 * gen_bounds.c — writes the large hostile captures that tests/bounds.sh feeds to tlsdiag
 * to measure its peak memory and its time.
 *
 * Usage: gen_bounds OUTDIR [NAME N]...
 *   Writes OUTDIR/NAME-N.pcap for each pair given (every capture at its default N when
 *   none is), and prints one line per capture on standard output:
 *     NAME N FILE attempts K packets P
 *   where K is the number of attempts tlsdiag must report for it.
 *
 * tests/hostile/gen.c checks that bad input is read correctly; these captures check that
 * it is read within bounds. Each attacks one place where a capture chooses how much the
 * analyser holds or how long it works (include/bounds.h names the caps):
 *
 *   syn-flood N             N SYNs to port 443 from distinct 4-tuples, never answered: one
 *                           flow each, held until the table's cap (BOUND_FLOWS).
 *   hanging-records N       N handshakes each followed by a record header claiming 16 KB
 *                           and a few bytes of it: a record buffer is opened per flow and
 *                           never filled.
 *   conflicting-overlaps N  N segments, over four connections, that retransmit held and
 *                           delivered bytes with different contents, behind a hole at the
 *                           start of the ClientHello and next to segments far beyond the
 *                           window: the out-of-order store is walked and compared per
 *                           segment.
 *   huge-hello N            N connections: a ClientHello of 10,000 empty extensions over
 *                           three records, or one of 10,000 cipher suites and 255
 *                           compression methods over two; unanswered, the client resets.
 *   tiny-records N          N connections: the 10,000-extension ClientHello fragmented
 *                           into records of one byte each (legal: RFC 8446 5.1 allows
 *                           any non-empty fragment), so the handshake message is
 *                           reassembled byte by byte.
 *   cert-bomb N             N TLS 1.2 handshakes whose server sends a Certificate with a
 *                           chain of 100 certificates, or a single 100 KB certificate of
 *                           10,000 nested SEQUENCEs (in 25 records of 4 KB, or in 100
 *                           records of 1 KB).
 *   many-alerts N           N small records (warning alerts, ChangeCipherSpec) after a
 *                           ClientHello, over 16 connections: one record per segment, or
 *                           200 packed in each segment.
 *
 * The scale N is chosen by the caller so that tlsdiag can be run at N and 2N: time must
 * grow linearly, and memory must stay flat where the state of a connection is released
 * (the connections of huge-hello, tiny-records, cert-bomb and many-alerts end; those of
 * syn-flood and hanging-records are the attack and stay open).
 *
 * Output: classic pcap (magic 0xa1b2c3d4 little-endian, version 2.4, Ethernet), written
 * here directly so that only libc is needed. Addresses come from the benchmarking range
 * 198.18.0.0/15 (RFC 2544) and the documentation prefix 2001:db8::/32 (RFC 3849); one
 * connection in eight is IPv6. IPv4 header checksums are filled in, TCP checksums are
 * left zero (tlsdiag does not check them). Everything is deterministic: the same
 * arguments give byte-identical files.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_NAME "gen_bounds"
#include "../common/gen_util.h"

#define SNAPLEN 262144u
#define LINK_ETHERNET 1u
#define MAX_PAYLOAD 1460u           /* segments stay within an Ethernet MTU */
#define TLS_MAX_FRAGMENT 16384u     /* RFC 8446 5.1 */
#define T0_SECONDS 1795000000u      /* 2026-11-18: a fixed epoch keeps the files stable */
#define HOSTS_PER_PORT 65534u       /* client addresses used before the next source port */

/* ---- small helpers ---- */

static const char *outdir;

/* A fixed integer hash (lowbias32): sequence numbers and "random" bytes derived from an
 * index are the same on every libc and every run. */
static uint32_t hash32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

/* n bytes derived from salt. */
static void buf_noise(struct buf *b, uint32_t salt, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_u8(b, hash32(salt + (uint32_t)i) >> 24);
}

/* ---- pcap writer ---- */

struct pcap_out {
	FILE *fp;
	char path[4096];
	uint64_t t_us;       /* capture clock, microseconds since T0 */
	uint64_t packets;
};

static void pcap_open(struct pcap_out *o, const char *name, unsigned long n)
{
	memset(o, 0, sizeof *o);
	snprintf(o->path, sizeof o->path, "%s/%s-%lu.pcap", outdir, name, n);
	o->fp = fopen(o->path, "wb");
	if (o->fp == NULL)
		die("%s: %s", o->path, strerror(errno));
	/* The larger captures run to hundreds of MB: write in big blocks. */
	setvbuf(o->fp, NULL, _IOFBF, 1u << 20);
	uint8_t h[24];
	put32le(h, 0xa1b2c3d4u);
	h[4] = 2; h[5] = 0;       /* version 2.4, little-endian 16-bit fields */
	h[6] = 4; h[7] = 0;
	put32le(h + 8, 0);        /* thiszone */
	put32le(h + 12, 0);       /* sigfigs */
	put32le(h + 16, SNAPLEN);
	put32le(h + 20, LINK_ETHERNET);
	fwrite(h, 1, sizeof h, o->fp);
}

static void pcap_record(struct pcap_out *o, const uint8_t *data, size_t len)
{
	uint8_t h[16];
	put32le(h, T0_SECONDS + (uint32_t)(o->t_us / 1000000u));
	put32le(h + 4, (uint32_t)(o->t_us % 1000000u));
	put32le(h + 8, (uint32_t)len);
	put32le(h + 12, (uint32_t)len);
	fwrite(h, 1, sizeof h, o->fp);
	fwrite(data, 1, len, o->fp);
	o->packets++;
}

/* Closes the capture and tells the caller what tlsdiag must find in it. */
static void pcap_close(struct pcap_out *o, const char *name, unsigned long n, unsigned long attempts)
{
	if (ferror(o->fp) || fclose(o->fp) != 0)
		die("%s: write error", o->path);
	o->fp = NULL;
	printf("%s %lu %s attempts %lu packets %llu\n", name, n, o->path, attempts, (unsigned long long)o->packets);
}

/* ---- hand-built Ethernet / IPv4 / IPv6 / TCP ---- */

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
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/*
 * One TCP connection, seen from the client's side. The server's packets arrive with TTL
 * (hop limit) 63 and IP IDs that count up; clients are numbered, and their number gives
 * their address and port, so that every 4-tuple of a capture is distinct.
 */
struct conn {
	struct pcap_out *out;
	bool v6;
	uint8_t ip[2][16];      /* 4 bytes used for IPv4 */
	uint32_t port[2];
	uint32_t next_seq[2];   /* next sequence number each side sends */
	uint32_t ip_id[2];
	uint32_t ttl[2];
	uint32_t step_us;       /* capture clock advance per segment */
};

enum { CLIENT = 0, SERVER = 1 };

/*
 * Client number i talks to the capture's server (server_host keeps the captures' servers
 * apart): IPv4 clients are 198.19.0.1-198.19.255.254, IPv6 clients 2001:db8:c::/48;
 * servers 198.18.0.S and 2001:db8:5::S. Past 65,534 clients, addresses repeat with the
 * next source port.
 */
static void conn_init(struct conn *c, struct pcap_out *out, uint32_t i, bool v6, uint32_t server_host)
{
	memset(c, 0, sizeof *c);
	c->out = out;
	c->v6 = v6;
	uint32_t host = 1 + i % HOSTS_PER_PORT;
	if (v6) {
		static const uint8_t cli[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x0c };
		static const uint8_t srv[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x05 };
		memcpy(c->ip[CLIENT], cli, 16);
		put32(c->ip[CLIENT] + 12, i);
		memcpy(c->ip[SERVER], srv, 16);
		put16(c->ip[SERVER] + 14, server_host);
	} else {
		const uint8_t cli[4] = { 198, 19, (uint8_t)(host >> 8), (uint8_t)host };
		const uint8_t srv[4] = { 198, 18, 0, (uint8_t)server_host };
		memcpy(c->ip[CLIENT], cli, 4);
		memcpy(c->ip[SERVER], srv, 4);
	}
	c->port[CLIENT] = 1024 + (i / HOSTS_PER_PORT) % 64000;
	c->port[SERVER] = 443;
	c->next_seq[CLIENT] = hash32(i * 2u + 1);
	c->next_seq[SERVER] = hash32(i * 2u + 2);
	c->ip_id[CLIENT] = i & 0xffff;
	c->ip_id[SERVER] = 0x5000;
	c->ttl[CLIENT] = 64;
	c->ttl[SERVER] = 63;
	c->step_us = 20;
}

/* Writes one segment from side at sequence seq (the side's counter is not moved). */
static void conn_segment_at(struct conn *c, int side, uint32_t seq, uint32_t flags, const uint8_t *data, size_t len)
{
	uint8_t frame[14 + 40 + 20 + MAX_PAYLOAD];
	if (len > MAX_PAYLOAD)
		die("segment of %zu bytes", len);
	memcpy(frame, side == CLIENT ? mac_router : mac_client, 6);
	memcpy(frame + 6, side == CLIENT ? mac_client : mac_router, 6);
	put16(frame + 12, c->v6 ? 0x86dd : 0x0800);
	size_t n = 14;
	uint8_t *ip = frame + n;
	if (c->v6) {
		put32(ip, 0x60000000u);
		put16(ip + 4, (uint32_t)(20 + len));
		ip[6] = 6;                         /* next header: TCP */
		ip[7] = (uint8_t)c->ttl[side];
		memcpy(ip + 8, c->ip[side], 16);
		memcpy(ip + 24, c->ip[!side], 16);
		n += 40;
	} else {
		ip[0] = 0x45;
		ip[1] = 0;
		put16(ip + 2, (uint32_t)(20 + 20 + len));
		put16(ip + 4, c->ip_id[side]++ & 0xffff);
		put16(ip + 6, 0x4000);             /* don't fragment */
		ip[8] = (uint8_t)c->ttl[side];
		ip[9] = 6;
		put16(ip + 10, 0);
		memcpy(ip + 12, c->ip[side], 4);
		memcpy(ip + 16, c->ip[!side], 4);
		put16(ip + 10, ip_checksum(ip, 20));
		n += 20;
	}
	uint8_t *tcp = frame + n;
	put16(tcp, c->port[side]);
	put16(tcp + 2, c->port[!side]);
	put32(tcp + 4, seq);
	put32(tcp + 8, (flags & TCP_ACK) ? c->next_seq[!side] : 0);
	tcp[12] = 5 << 4;
	tcp[13] = (uint8_t)flags;
	put16(tcp + 14, 64240);
	put16(tcp + 16, 0);
	put16(tcp + 18, 0);
	n += 20;
	if (len > 0)
		memcpy(frame + n, data, len);
	n += len;
	pcap_record(c->out, frame, n);
	c->out->t_us += c->step_us;
}

static void conn_wait(struct conn *c, uint32_t us) { c->out->t_us += us; }

/* SYN, SYN-ACK one round trip (rtt_us) later, ACK. */
static void conn_open(struct conn *c, uint32_t rtt_us)
{
	conn_segment_at(c, CLIENT, c->next_seq[CLIENT]++, TCP_SYN, NULL, 0);
	conn_wait(c, rtt_us);
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

static void conn_ack(struct conn *c, int side)
{
	conn_segment_at(c, side, c->next_seq[side], TCP_ACK, NULL, 0);
}

static void conn_fin(struct conn *c, int side)
{
	conn_segment_at(c, side, c->next_seq[side]++, TCP_FIN | TCP_ACK, NULL, 0);
}

static void conn_rst(struct conn *c, int side)
{
	conn_segment_at(c, side, c->next_seq[side], TCP_RST | TCP_ACK, NULL, 0);
}

/* side closes first, the other answers one round trip later, the last ACK follows. */
static void conn_close(struct conn *c, int side, uint32_t rtt_us)
{
	conn_fin(c, side);
	conn_wait(c, rtt_us);
	conn_fin(c, !side);
	conn_ack(c, side);
}

/* ---- TLS messages ---- */

/* Wraps a handshake message (or any content) into records of at most frag bytes. */
static void add_records(struct buf *out, uint32_t content_type, const uint8_t *data, size_t len, size_t frag)
{
	for (size_t off = 0; off < len; off += frag) {
		size_t n = len - off < frag ? len - off : frag;
		buf_u8(out, content_type);
		buf_u16(out, 0x0303);
		buf_u16(out, (uint32_t)n);
		buf_add(out, data + off, n);
	}
}

/* Unassigned extension types, none of them GREASE (RFC 8701: 0x?a?a). */
static uint32_t unknown_ext_type(unsigned i)
{
	uint32_t t = 0x4000 + i;
	while ((t & 0x0f0f) == 0x0a0a)
		t++;
	return t;
}

struct hello_spec {
	const char *sni;
	bool tls13;              /* offer TLS 1.3 (supported_versions, key_share) besides 1.2 */
	unsigned n_suites;       /* cipher suites; 0: the usual seven */
	unsigned n_comp;         /* compression methods; 0: null only */
	unsigned n_empty_exts;   /* empty extensions of distinct unassigned types */
	size_t pad_to;           /* a padding extension (RFC 7685) brings the message to this size */
	uint32_t salt;           /* of the random and the key share */
};

/* RFC 8446 4.1.2 ClientHello, as a handshake message (header included, no record). */
static void build_client_hello(struct buf *msg, const struct hello_spec *h)
{
	struct buf b = { 0 };
	buf_u8(&b, 0x01);                            /* client_hello */
	size_t msg_len = buf_begin_len(&b, 3);
	buf_u16(&b, 0x0303);
	buf_noise(&b, h->salt, 32);                  /* random */
	buf_u8(&b, 32);
	buf_noise(&b, h->salt ^ 0x5e551011u, 32);    /* legacy_session_id */
	size_t suites_len = buf_begin_len(&b, 2);
	static const uint32_t usual[] = { 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030 };
	if (h->n_suites == 0) {
		for (size_t i = 0; i < sizeof usual / sizeof usual[0]; i++)
			buf_u16(&b, usual[i]);
	} else {
		/* The usual suites first, then unassigned code points, all distinct. */
		for (unsigned i = 0; i < h->n_suites; i++)
			buf_u16(&b, i < 7 ? usual[i] : 0x5000 + i);
	}
	buf_end_len(&b, suites_len, 2, 0);
	size_t comp_len = buf_begin_len(&b, 1);
	unsigned n_comp = h->n_comp ? h->n_comp : 1;
	for (unsigned i = 0; i < n_comp; i++)
		buf_u8(&b, i);                           /* null (0) first */
	buf_end_len(&b, comp_len, 1, 0);
	size_t exts_len = buf_begin_len(&b, 2);
	if (h->sni != NULL) {
		size_t n = strlen(h->sni);
		buf_u16(&b, 0);                          /* server_name (RFC 6066 3) */
		buf_u16(&b, (uint32_t)(2 + 3 + n));
		buf_u16(&b, (uint32_t)(3 + n));
		buf_u8(&b, 0);                           /* host_name */
		buf_u16(&b, (uint32_t)n);
		buf_add(&b, h->sni, n);
	}
	static const uint8_t common_exts[] = {
		0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x1d, 0x00, 0x17,       /* groups x25519, P-256 */
		0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,                               /* ec_point_formats */
		0x00, 0x0d, 0x00, 0x08, 0x00, 0x06, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01, /* signature_algorithms */
		0xff, 0x01, 0x00, 0x01, 0x00,                                     /* renegotiation_info */
	};
	buf_add(&b, common_exts, sizeof common_exts);
	if (h->tls13) {
		static const uint8_t versions[] = { 0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03 };
		buf_add(&b, versions, sizeof versions);
		buf_u16(&b, 51);                         /* key_share: x25519 */
		buf_u16(&b, 2 + 2 + 2 + 32);
		buf_u16(&b, 2 + 2 + 32);
		buf_u16(&b, 0x001d);
		buf_u16(&b, 32);
		buf_noise(&b, h->salt ^ 0x6b657973u, 32);
	}
	for (unsigned i = 0; i < h->n_empty_exts; i++) {
		buf_u16(&b, unknown_ext_type(i));
		buf_u16(&b, 0);
	}
	if (h->pad_to > b.len + 4) {
		size_t n = h->pad_to - b.len - 4;
		buf_u16(&b, 21);                         /* padding */
		buf_u16(&b, (uint32_t)n);
		for (size_t i = 0; i < n; i++)
			buf_u8(&b, 0);
	}
	buf_end_len(&b, exts_len, 2, 0);
	buf_end_len(&b, msg_len, 3, 0);
	buf_add(msg, b.p, b.len);
	buf_free(&b);
}

/* A ClientHello in records of at most frag bytes. */
static void client_hello_records(struct buf *out, const struct hello_spec *h, size_t frag)
{
	struct buf msg = { 0 };
	build_client_hello(&msg, h);
	add_records(out, 0x16, msg.p, msg.len, frag);
	buf_free(&msg);
}

/* RFC 5246 7.4.1.3 ServerHello choosing TLS 1.2 and ECDHE-RSA-AES128-GCM-SHA256. */
static void build_server_hello(struct buf *msg, uint32_t salt)
{
	buf_u8(msg, 0x02);
	size_t len = buf_begin_len(msg, 3);
	buf_u16(msg, 0x0303);
	buf_noise(msg, salt, 24);
	/* The last 8 bytes of a TLS 1.2 random that a 1.3 server would use for the downgrade
	 * sentinel (RFC 8446 4.1.3) are ordinary here. */
	buf_noise(msg, salt ^ 0x0dd0u, 8);
	buf_u8(msg, 32);
	buf_noise(msg, salt ^ 0x5e55u, 32);
	buf_u16(msg, 0xc02f);
	buf_u8(msg, 0);
	static const uint8_t exts[] = {
		0x00, 0x0a,
		0xff, 0x01, 0x00, 0x01, 0x00,                /* renegotiation_info */
		0x00, 0x0b, 0x00, 0x01, 0x00,                /* ec_point_formats: uncompressed */
	};
	buf_add(msg, exts, sizeof exts);
	buf_end_len(msg, len, 3, 0);
}

/* ---- DER (X.690) ---- */

/* Appends the tag and definite length of a content of len bytes (shortest form). */
static void der_header(struct buf *b, uint32_t tag, size_t len)
{
	buf_u8(b, tag);
	if (len < 0x80) {
		buf_u8(b, (uint32_t)len);
	} else if (len <= 0xff) {
		buf_u8(b, 0x81);
		buf_u8(b, (uint32_t)len);
	} else if (len <= 0xffff) {
		buf_u8(b, 0x82);
		buf_u16(b, (uint32_t)len);
	} else {
		buf_u8(b, 0x83);
		buf_u24(b, (uint32_t)len);
	}
}

static void der_tlv(struct buf *b, uint32_t tag, const void *content, size_t len)
{
	der_header(b, tag, len);
	buf_add(b, content, len);
}

/* Wraps everything in inner into one TLV appended to b, and empties inner. */
static void der_wrap(struct buf *b, uint32_t tag, struct buf *inner)
{
	der_tlv(b, tag, inner->p, inner->len);
	buf_free(inner);
}

static void der_cn_name(struct buf *b, const char *cn)
{
	static const uint8_t oid_cn[] = { 0x06, 0x03, 0x55, 0x04, 0x03 };
	struct buf atv = { 0 }, set = { 0 }, seq = { 0 };
	buf_add(&atv, oid_cn, sizeof oid_cn);
	der_tlv(&atv, 0x0c, cn, strlen(cn));         /* UTF8String */
	der_wrap(&set, 0x30, &atv);
	der_wrap(&seq, 0x31, &set);
	der_wrap(b, 0x30, &seq);
}

/*
 * An X.509 v3 certificate (RFC 5280 4.1) with an Ed25519 key (RFC 8410): every field
 * well-formed, so that libcrypto decodes it, only the signature is noise. serial makes
 * each one distinct, so that no description cache can answer for it.
 */
static void build_cert(struct buf *out, const char *subject, const char *issuer, const char *dns_name, bool ca,
		       uint32_t serial)
{
	static const uint8_t version[] = { 0xa0, 0x03, 0x02, 0x01, 0x02 };
	static const uint8_t alg_ed25519[] = { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70 };
	static const uint8_t validity[] = {
		0x30, 0x1e,
		0x17, 0x0d, '2', '6', '0', '1', '0', '1', '0', '0', '0', '0', '0', '0', 'Z',
		0x17, 0x0d, '2', '7', '1', '2', '3', '1', '2', '3', '5', '9', '5', '9', 'Z',
	};
	struct buf tbs = { 0 };
	buf_add(&tbs, version, sizeof version);
	uint8_t serial_bytes[9] = { 0x01 };          /* positive, 9 bytes */
	put32(serial_bytes + 1, serial);
	put32(serial_bytes + 5, hash32(serial));
	der_tlv(&tbs, 0x02, serial_bytes, sizeof serial_bytes);
	buf_add(&tbs, alg_ed25519, sizeof alg_ed25519);
	der_cn_name(&tbs, issuer);
	buf_add(&tbs, validity, sizeof validity);
	der_cn_name(&tbs, subject);
	struct buf spki = { 0 }, key = { 0 };
	buf_add(&spki, alg_ed25519, sizeof alg_ed25519);
	buf_u8(&key, 0);                             /* unused bits */
	buf_noise(&key, serial ^ 0x6b6579u, 32);
	der_wrap(&spki, 0x03, &key);
	der_wrap(&tbs, 0x30, &spki);
	struct buf exts = { 0 }, ext = { 0 }, val = { 0 }, inner = { 0 };
	if (ca) {
		static const uint8_t bc[] = { 0x06, 0x03, 0x55, 0x1d, 0x13, 0x01, 0x01, 0xff }; /* critical */
		static const uint8_t bc_ca[] = { 0x30, 0x03, 0x01, 0x01, 0xff };               /* cA TRUE */
		buf_add(&ext, bc, sizeof bc);
		der_tlv(&ext, 0x04, bc_ca, sizeof bc_ca);
	} else {
		static const uint8_t san[] = { 0x06, 0x03, 0x55, 0x1d, 0x11 };
		buf_add(&ext, san, sizeof san);
		der_tlv(&inner, 0x82, dns_name, strlen(dns_name)); /* dNSName */
		der_wrap(&val, 0x30, &inner);
		der_wrap(&ext, 0x04, &val);
	}
	der_wrap(&exts, 0x30, &ext);
	struct buf exts_seq = { 0 };
	der_wrap(&exts_seq, 0x30, &exts);
	der_wrap(&tbs, 0xa3, &exts_seq);
	struct buf cert = { 0 }, sig = { 0 };
	der_wrap(&cert, 0x30, &tbs);
	buf_add(&cert, alg_ed25519, sizeof alg_ed25519);
	buf_u8(&sig, 0);
	buf_noise(&sig, serial ^ 0x736967u, 64);
	der_wrap(&cert, 0x03, &sig);
	der_wrap(out, 0x30, &cert);
}

/*
 * depth SEQUENCEs nested in one another around an OCTET STRING of core bytes: valid
 * BER/DER framing all the way down, absurd as a certificate. Built from the inside out
 * (each length is known only once its content is).
 */
static void build_nested_der(struct buf *out, unsigned depth, size_t core)
{
	size_t total = core + 6 + (size_t)depth * 5;
	uint8_t *p = malloc(total);
	if (p == NULL)
		die("out of memory");
	size_t start = total - core;
	memset(p + start, 0x5a, core);
	size_t len = core;
	uint32_t tag = 0x04;
	for (unsigned level = 0; level <= depth; level++) {
		struct buf h = { 0 };
		der_header(&h, tag, len);
		if (h.len > start)
			die("nested DER: no room");
		start -= h.len;
		memcpy(p + start, h.p, h.len);
		len += h.len;
		buf_free(&h);
		tag = 0x30;
	}
	buf_add(out, p + start, len);
	free(p);
}

/* ---- the captures ---- */

/* One SYN per 4-tuple, 10 µs apart: a flood of half a million fits in five seconds of
 * capture time, far inside the idle timeout, so that every flow is still open when the
 * table fills. Spoofed sources: their TTLs vary. */
static unsigned long gen_syn_flood(struct pcap_out *o, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct conn c;
		conn_init(&c, o, (uint32_t)i, i % 8 == 7, 1);
		c.ttl[CLIENT] = 40 + (uint32_t)(i % 24);
		c.step_us = 10;
		conn_segment_at(&c, CLIENT, c.next_seq[CLIENT], TCP_SYN, NULL, 0);
	}
	return n;
}

/*
 * N handshakes, each followed by a handshake record header claiming 16,384 bytes and the
 * first bytes of a ClientHello (or, one in three, the bare header), which the server
 * acknowledges; then silence. About 60 µs of capture time per connection keeps them all
 * open at once, so that every flow holds a record buffer until the end or the flow cap.
 */
static unsigned long gen_hanging_records(struct pcap_out *o, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct conn c;
		conn_init(&c, o, (uint32_t)i, i % 8 == 7, 2);
		c.step_us = 5;
		conn_open(&c, 40);
		struct buf b = { 0 };
		static const uint8_t start[] = { 0x16, 0x03, 0x01, 0x40, 0x00,   /* record: 16,384 bytes */
						 0x01, 0x00, 0x3f, 0xfc,          /* ClientHello: 16,380 */
						 0x03, 0x03 };
		if (i % 3 == 2) {
			buf_add(&b, start, 5);
		} else {
			buf_add(&b, start, sizeof start);
			buf_noise(&b, (uint32_t)i, 32);
		}
		conn_send(&c, CLIENT, b.p, b.len, MAX_PAYLOAD);
		conn_ack(&c, SERVER);
		buf_free(&b);
	}
	return n;
}

/*
 * Four connections (two over IPv6) share N hostile segments. In each, the client's
 * ClientHello (2,000 bytes) arrives without its first 64 bytes: the rest is held out of
 * order, next to 16 segments 1 MB beyond it (and 8 almost 2^31 beyond, 8 just over 2^31
 * behind, which sequence arithmetic must place correctly). Then half of the connection's
 * share retransmits pieces of the held bytes with different contents, the hole is
 * filled, and the other half retransmits pieces of the delivered hello with different
 * contents. The first copy wins (reasm.h), so the hello is read as first sent, and the
 * server refuses it with an alert.
 */
static unsigned long gen_conflicting_overlaps(struct pcap_out *o, unsigned long n)
{
	const unsigned conns = 4;
	const size_t hole = 64, hello_len = 2000;
	for (unsigned k = 0; k < conns; k++) {
		struct conn c;
		conn_init(&c, o, k, k >= 2, 3);
		c.step_us = 10;
		conn_open(&c, 200);
		char sni[64];
		snprintf(sni, sizeof sni, "overlap-%u.example.test", k);
		struct hello_spec h = { .sni = sni, .tls13 = true, .pad_to = hello_len - 5, .salt = 0x0e0e0000u + k };
		struct buf hello = { 0 };
		client_hello_records(&hello, &h, TLS_MAX_FRAGMENT);
		size_t len = hello.len;
		uint32_t base = c.next_seq[CLIENT];

		/* The hello past the hole, in order, 128 bytes a segment: held. */
		for (size_t off = hole; off < len; off += 128) {
			size_t m = len - off < 128 ? len - off : 128;
			conn_segment_at(&c, CLIENT, base + (uint32_t)off, TCP_PSH | TCP_ACK, hello.p + off, m);
		}
		/* Far beyond the window. */
		uint8_t junk[1024];
		memset(junk, 0xee, sizeof junk);
		for (uint32_t j = 0; j < 16; j++)
			conn_segment_at(&c, CLIENT, base + 0x100000u + j * 4096u, TCP_PSH | TCP_ACK, junk,
					100 + j * 50);
		for (uint32_t j = 0; j < 8; j++)
			conn_segment_at(&c, CLIENT, base + 0x7fff0000u + j * 1024u, TCP_PSH | TCP_ACK, junk, 512);
		for (uint32_t j = 0; j < 8; j++)
			conn_segment_at(&c, CLIENT, base + 0x80000100u + j * 1024u, TCP_PSH | TCP_ACK, junk, 512);

		unsigned long share = n / conns + (k < n % conns ? 1 : 0);
		uint8_t seg[256];
		for (unsigned long s = 0; s < share; s++) {
			bool filled = s >= share / 2;
			if (s == share / 2) {
				/* The hole is filled: the held hello is delivered and parsed. */
				conn_segment_at(&c, CLIENT, base, TCP_PSH | TCP_ACK, hello.p, hole);
			}
			size_t lo = filled ? 0 : hole;
			size_t off = lo + (size_t)(hash32((uint32_t)s ^ (k << 24)) % (len - lo - 16));
			size_t m = 16 + (size_t)(s * 31 % 200);
			if (off + m > len)
				m = len - off;
			for (size_t i = 0; i < m; i++)
				seg[i] = (uint8_t)(hello.p[off + i] ^ (0x5a + (s & 0x7f))); /* never the same byte */
			conn_segment_at(&c, CLIENT, base + (uint32_t)off, TCP_PSH | TCP_ACK, seg, m);
		}
		if (share / 2 >= share) /* no storm at all (n < 4): the hole is still to fill */
			conn_segment_at(&c, CLIENT, base, TCP_PSH | TCP_ACK, hello.p, hole);
		c.next_seq[CLIENT] = base + (uint32_t)len;
		conn_wait(&c, 200);
		static const uint8_t alert[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 }; /* handshake_failure */
		conn_send(&c, SERVER, alert, sizeof alert, MAX_PAYLOAD);
		conn_close(&c, SERVER, 200);
		buf_free(&hello);
	}
	return conns;
}

/*
 * N connections, alternately: a ClientHello of 10,000 empty extensions (40 KB, three
 * records), and one of 10,000 cipher suites and 255 compression methods (20 KB, two
 * records). The server acknowledges and says nothing; the client resets one second
 * later. Connections start 20 ms apart, so that few are open at a time.
 */
static unsigned long gen_huge_hello(struct pcap_out *o, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct conn c;
		conn_init(&c, o, (uint32_t)i, i % 8 == 7, 4);
		uint64_t t_start = o->t_us;
		conn_open(&c, 300);
		char sni[64];
		snprintf(sni, sizeof sni, "huge-%lu.example.test", i);
		struct hello_spec h = { .sni = sni, .tls13 = true, .salt = 0x40000000u + (uint32_t)i };
		if (i % 2 == 0) {
			h.n_empty_exts = 10000;
		} else {
			h.n_suites = 10000;
			h.n_comp = 255;
		}
		struct buf recs = { 0 };
		client_hello_records(&recs, &h, TLS_MAX_FRAGMENT);
		conn_send(&c, CLIENT, recs.p, recs.len, 1448);
		conn_wait(&c, 300);
		conn_ack(&c, SERVER);
		conn_wait(&c, 1000000);
		conn_rst(&c, CLIENT);
		buf_free(&recs);
		o->t_us = t_start + 20000;
	}
	return n;
}

/*
 * N connections, each a ClientHello of 10,000 empty extensions (40 KB) in records of one
 * byte each (240 KB on the wire, 241 records in each segment of 1,446 bytes). Groups of
 * eight connections send their segments in turn, as the connections of a busy link do,
 * so that the buffers of their unfinished hellos grow side by side in memory. The server
 * acknowledges and says nothing; the clients reset one second later.
 */
static unsigned long gen_tiny_records(struct pcap_out *o, unsigned long n)
{
	enum { GROUP = 8 };
	for (unsigned long first = 0; first < n; first += GROUP) {
		unsigned m = n - first < GROUP ? (unsigned)(n - first) : GROUP;
		struct conn c[GROUP];
		struct buf recs[GROUP];
		size_t sent[GROUP];
		uint64_t t_start = o->t_us;
		for (unsigned k = 0; k < m; k++) {
			unsigned long i = first + k;
			conn_init(&c[k], o, (uint32_t)i, i % 8 == 7, 5);
			conn_open(&c[k], 300);
			char sni[64];
			snprintf(sni, sizeof sni, "tiny-%lu.example.test", i);
			struct hello_spec h = { .sni = sni, .tls13 = true, .n_empty_exts = 10000,
						.salt = 0x50000000u + (uint32_t)i };
			memset(&recs[k], 0, sizeof recs[k]);
			client_hello_records(&recs[k], &h, 1);
			sent[k] = 0;
		}
		for (bool more = true; more;) {
			more = false;
			for (unsigned k = 0; k < m; k++) {
				if (sent[k] >= recs[k].len)
					continue;
				size_t len = recs[k].len - sent[k] < 6 * 241 ? recs[k].len - sent[k] : 6 * 241;
				conn_send(&c[k], CLIENT, recs[k].p + sent[k], len, MAX_PAYLOAD);
				sent[k] += len;
				more = true;
			}
		}
		conn_wait(&c[0], 300);
		for (unsigned k = 0; k < m; k++)
			conn_ack(&c[k], SERVER);
		conn_wait(&c[0], 1000000);
		for (unsigned k = 0; k < m; k++) {
			conn_rst(&c[k], CLIENT);
			buf_free(&recs[k]);
		}
		o->t_us = t_start + 1100000;
	}
	return n;
}

/*
 * N TLS 1.2 handshakes, cycling through three server flights after the ServerHello:
 *   0: a Certificate with a chain of 100 distinct certificates (~33 KB), records of 16 KB;
 *   1: a Certificate with one 100 KB certificate of 10,000 nested SEQUENCEs, records of 4 KB;
 *   2: the same in records of 1 KB (about 100 of them).
 * then ServerHelloDone. The client answers with a fatal bad_certificate alert and closes.
 * Connections start 20 ms apart; each cert differs from every other (serial, names).
 */
static unsigned long gen_cert_bomb(struct pcap_out *o, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct conn c;
		conn_init(&c, o, (uint32_t)i, i % 8 == 7, 6);
		uint64_t t_start = o->t_us;
		conn_open(&c, 300);
		char sni[64];
		snprintf(sni, sizeof sni, "bomb-%lu.example.test", i);
		struct hello_spec h = { .sni = sni, .salt = 0x60000000u + (uint32_t)i };
		struct buf flight = { 0 };
		client_hello_records(&flight, &h, TLS_MAX_FRAGMENT);
		conn_send(&c, CLIENT, flight.p, flight.len, MAX_PAYLOAD);
		buf_free(&flight);
		conn_wait(&c, 300);

		struct buf sh = { 0 }, cert_msg = { 0 };
		build_server_hello(&sh, 0x61000000u + (uint32_t)i);
		add_records(&flight, 0x16, sh.p, sh.len, TLS_MAX_FRAGMENT);
		buf_u8(&cert_msg, 0x0b);                 /* certificate */
		size_t msg_len = buf_begin_len(&cert_msg, 3);
		size_t list_len = buf_begin_len(&cert_msg, 3);
		unsigned kind = (unsigned)(i % 3);
		if (kind == 0) {
			for (unsigned j = 0; j < 100; j++) {
				char subject[96], issuer[96];
				if (j == 0)
					snprintf(subject, sizeof subject, "%s", sni);
				else
					snprintf(subject, sizeof subject, "Bomb CA %u of connection %lu", j, i);
				snprintf(issuer, sizeof issuer, "Bomb CA %u of connection %lu", j == 99 ? 99 : j + 1, i);
				size_t cert_len = buf_begin_len(&cert_msg, 3);
				build_cert(&cert_msg, subject, issuer, sni, j > 0, (uint32_t)(i * 100 + j));
				buf_end_len(&cert_msg, cert_len, 3, 0);
			}
		} else {
			size_t cert_len = buf_begin_len(&cert_msg, 3);
			build_nested_der(&cert_msg, 10000, 60000);
			buf_end_len(&cert_msg, cert_len, 3, 0);
		}
		buf_end_len(&cert_msg, list_len, 3, 0);
		buf_end_len(&cert_msg, msg_len, 3, 0);
		add_records(&flight, 0x16, cert_msg.p, cert_msg.len,
			    kind == 0 ? TLS_MAX_FRAGMENT : kind == 1 ? 4096 : 1024);
		static const uint8_t done_msg[] = { 0x0e, 0x00, 0x00, 0x00 };
		add_records(&flight, 0x16, done_msg, sizeof done_msg, TLS_MAX_FRAGMENT);
		conn_send(&c, SERVER, flight.p, flight.len, MAX_PAYLOAD);
		conn_wait(&c, 300);
		static const uint8_t alert[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x2a }; /* bad_certificate */
		conn_send(&c, CLIENT, alert, sizeof alert, MAX_PAYLOAD);
		conn_close(&c, CLIENT, 300);
		buf_free(&sh);
		buf_free(&cert_msg);
		buf_free(&flight);
		o->t_us = t_start + 20000;
	}
	return n;
}

/*
 * Sixteen connections (four over IPv6) share N small records sent by the client after its
 * ClientHello, cycling: ChangeCipherSpec, a warning user_canceled alert, a record of two
 * warning alerts, an empty handshake record. Even connections send one record per
 * segment, odd ones pack 200 in a segment; the server acknowledges every 100 segments
 * and never answers the hello. The client closes at the end.
 */
static unsigned long gen_many_alerts(struct pcap_out *o, unsigned long n)
{
	unsigned conns = n < 16 ? (unsigned)n : 16;
	static const uint8_t ccs[] = { 0x14, 0x03, 0x03, 0x00, 0x01, 0x01 };
	static const uint8_t warn[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x5a };
	static const uint8_t warn2[] = { 0x15, 0x03, 0x03, 0x00, 0x04, 0x01, 0x5a, 0x01, 0x5a };
	static const uint8_t empty_hs[] = { 0x16, 0x03, 0x03, 0x00, 0x00 };
	static const uint8_t *const recs[] = { ccs, warn, warn2, empty_hs };
	static const size_t rec_len[] = { sizeof ccs, sizeof warn, sizeof warn2, sizeof empty_hs };
	for (unsigned k = 0; k < conns; k++) {
		struct conn c;
		conn_init(&c, o, k, k % 4 == 3, 7);
		c.step_us = 10;
		conn_open(&c, 300);
		char sni[64];
		snprintf(sni, sizeof sni, "alerts-%u.example.test", k);
		struct hello_spec h = { .sni = sni, .tls13 = true, .salt = 0x70000000u + k };
		struct buf b = { 0 };
		client_hello_records(&b, &h, TLS_MAX_FRAGMENT);
		conn_send(&c, CLIENT, b.p, b.len, MAX_PAYLOAD);
		buf_free(&b);
		conn_wait(&c, 300);
		conn_ack(&c, SERVER);
		unsigned long share = n / conns + (k < n % conns ? 1 : 0);
		unsigned per_segment = k % 2 == 0 ? 1 : 200;
		unsigned long segments = 0;
		for (unsigned long r = 0; r < share; r++) {
			buf_add(&b, recs[r % 4], rec_len[r % 4]);
			if ((r + 1) % per_segment == 0 || r + 1 == share) {
				conn_send(&c, CLIENT, b.p, b.len, MAX_PAYLOAD);
				b.len = 0;
				if (++segments % 100 == 0)
					conn_ack(&c, SERVER);
			}
		}
		buf_free(&b);
		conn_wait(&c, 300);
		conn_ack(&c, SERVER);
		conn_close(&c, CLIENT, 300);
	}
	return conns;
}

struct capture {
	const char *name;
	unsigned long default_n;
	unsigned long max_n;
	unsigned long (*gen)(struct pcap_out *o, unsigned long n);
};

/* Default N: the N of tests/bounds.sh at scale 1. */
static const struct capture captures[] = {
	{ "syn-flood", 250000, 10000000, gen_syn_flood },
	{ "hanging-records", 250000, 2000000, gen_hanging_records },
	{ "conflicting-overlaps", 500000, 10000000, gen_conflicting_overlaps },
	{ "huge-hello", 2000, 200000, gen_huge_hello },
	{ "tiny-records", 50, 20000, gen_tiny_records },
	{ "cert-bomb", 1000, 100000, gen_cert_bomb },
	{ "many-alerts", 2000000, 50000000, gen_many_alerts },
};

static void generate(const struct capture *cap, unsigned long n)
{
	struct pcap_out o;
	pcap_open(&o, cap->name, n);
	unsigned long attempts = cap->gen(&o, n);
	pcap_close(&o, cap->name, n, attempts);
}

int main(int argc, char **argv)
{
	const size_t n_captures = sizeof captures / sizeof captures[0];
	if (argc < 2 || argc % 2 != 0) {
		fprintf(stderr, "usage: gen_bounds OUTDIR [NAME N]...\ncaptures:");
		for (size_t i = 0; i < n_captures; i++)
			fprintf(stderr, " %s (N default %lu)", captures[i].name, captures[i].default_n);
		fputc('\n', stderr);
		return 2;
	}
	outdir = argv[1];
	if (argc == 2) {
		for (size_t i = 0; i < n_captures; i++)
			generate(&captures[i], captures[i].default_n);
		return 0;
	}
	for (int a = 2; a + 1 < argc; a += 2) {
		const struct capture *cap = NULL;
		for (size_t i = 0; i < n_captures; i++)
			if (strcmp(argv[a], captures[i].name) == 0)
				cap = &captures[i];
		if (cap == NULL)
			die("unknown capture %s", argv[a]);
		char *end;
		errno = 0;
		unsigned long n = strtoul(argv[a + 1], &end, 10);
		if (errno != 0 || *end != '\0' || end == argv[a + 1] || n == 0 || n > cap->max_n)
			die("%s: N must be 1 to %lu, not %s", cap->name, cap->max_n, argv[a + 1]);
		generate(cap, n);
	}
	return 0;
}
