/*
 * pcap-edit.c — makes hand-made variants of a real capture for tests/hostile.sh: the same
 * packets, with one TLS detail changed that real TLS software never produces.
 *
 * Usage:
 *   pcap-edit IN OUT hs-length SIDE HS_TYPE NEW_LEN
 *       the first handshake message of type HS_TYPE that SIDE sends in clear gets the
 *       24-bit length NEW_LEN (the bytes of the message stay as they were)
 *   pcap-edit IN OUT insert SIDE CONTENT_TYPE COUNT
 *       COUNT records of CONTENT_TYPE (24: HeartbeatRequests of RFC 6520 4, else 24
 *       opaque bytes) are sent by SIDE in a packet of their own, right after the last
 *       packet that ends with one of its clear-text handshake records (before its
 *       first record of another type: ChangeCipherSpec, or TLS 1.3's encryption); later
 *       sequence numbers of SIDE, and the peer's acknowledgements of them, move up by
 *       the bytes inserted
 * SIDE is client or server; the client is the sender of the first SYN.
 *
 * Input: a classic pcap (either byte order, micro- or nanosecond stamps) of Ethernet
 * frames (an 802.1Q tag allowed) holding one TCP connection over IPv4 or IPv6 (no IPv6
 * extension headers), each side's bytes in order, each packet whole (not cut by the snap
 * length). Output: the same format. IPv4 header and TCP checksums of every packet
 * changed are recomputed (tlsdiag checks neither, Wireshark shows them).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_NAME "pcap-edit"
#include "../common/gen_util.h"

#define MAX_PACKETS 4096
#define MAX_STREAM (4u << 20)

struct pkt {
	uint8_t *rec;        /* 16-byte record header, then the frame */
	size_t caplen;
	size_t ip;           /* offsets into the frame */
	size_t tcp;
	size_t payload;
	size_t payload_len;
	int ipv;
	int from;            /* 0 client, 1 server */
	uint32_t seq, ack;
	uint8_t flags;
};

static bool swapped;     /* the file's byte order is not this little-endian reader's */
static struct pkt pkts[MAX_PACKETS];
static size_t n_pkts;

static uint32_t g16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t g32(const uint8_t *p) { return g16(p) << 16 | g16(p + 2); }
static uint32_t gle32(const uint8_t *p) { return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]; }
static uint32_t file32(const uint8_t *p) { return swapped ? g32(p) : gle32(p); }
static void putfile32(uint8_t *p, uint32_t v)
{
	if (swapped)
		put32(p, v);
	else
		put32le(p, v);
}

static uint8_t *frame(const struct pkt *k) { return k->rec + 16; }

/* RFC 1071 sum over the bytes, folded later. */
static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += g16(p + i);
	if (n % 2)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Fixes the IP length fields for k's payload and recomputes the checksums. */
static void fix_packet(struct pkt *k)
{
	uint8_t *f = frame(k);
	size_t tcp_len = k->payload - k->tcp + k->payload_len;
	uint32_t s = 0;
	if (k->ipv == 4) {
		put16(f + k->ip + 2, (uint32_t)(k->tcp - k->ip + tcp_len));
		put16(f + k->ip + 10, 0);
		put16(f + k->ip + 10, fold(sum16(f + k->ip, k->tcp - k->ip, 0)));
		s = sum16(f + k->ip + 12, 8, 0);
	} else {
		put16(f + k->ip + 4, (uint32_t)tcp_len);
		s = sum16(f + k->ip + 8, 32, 0);
	}
	s += 6 + (uint32_t)tcp_len;
	put16(f + k->tcp + 16, 0);
	put16(f + k->tcp + 16, fold(sum16(f + k->tcp, tcp_len, s)));
}

static void read_capture(const char *path, uint8_t **file, size_t *file_len)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		die("%s: cannot open", path);
	size_t cap = 1 << 20, n = 0;
	uint8_t *b = malloc(cap);
	for (;;) {
		if (b == NULL)
			die("out of memory");
		n += fread(b + n, 1, cap - n, fp);
		if (n < cap)
			break;
		cap *= 2;
		b = realloc(b, cap);
	}
	fclose(fp);
	if (n < 24)
		die("%s: not a classic pcap", path);
	uint32_t magic = gle32(b);
	if (magic == 0xa1b2c3d4u || magic == 0xa1b23c4du)
		swapped = false;
	else if (magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u)
		swapped = true;
	else
		die("%s: not a classic pcap (magic %08x)", path, magic);
	if (file32(b + 20) != 1)
		die("%s: link type %u, only Ethernet (1) is handled", path, file32(b + 20));
	size_t off = 24;
	bool have_client = false;
	uint8_t client_addr[16];
	uint32_t client_port = 0;
	while (off + 16 <= n) {
		if (n_pkts == MAX_PACKETS)
			die("%s: more than %d packets", path, MAX_PACKETS);
		struct pkt *k = &pkts[n_pkts];
		k->rec = b + off;
		k->caplen = file32(b + off + 8);
		if (k->caplen != file32(b + off + 12) || off + 16 + k->caplen > n)
			die("%s: packet %zu is cut", path, n_pkts + 1);
		off += 16 + k->caplen;
		const uint8_t *f = frame(k);
		size_t at = 12;
		uint32_t et = g16(f + at);
		if (et == 0x8100) {
			at += 4;
			et = g16(f + at);
		}
		k->ip = at + 2;
		k->from = -1; /* not TCP: copied as it is */
		n_pkts++;
		if (et == 0x0800 && f[k->ip + 9] == 6) {
			k->ipv = 4;
			k->tcp = k->ip + (size_t)(f[k->ip] & 15) * 4;
		} else if (et == 0x86dd && f[k->ip + 6] == 6) {
			k->ipv = 6;
			k->tcp = k->ip + 40;
		} else {
			continue;
		}
		k->payload = k->tcp + (size_t)(f[k->tcp + 12] >> 4) * 4;
		size_t ip_end = k->ipv == 4 ? k->ip + g16(f + k->ip + 2) : k->ip + 40 + g16(f + k->ip + 4);
		if (k->payload > ip_end || ip_end > k->caplen)
			die("%s: packet %zu: bad lengths", path, n_pkts);
		k->payload_len = ip_end - k->payload;
		k->seq = g32(f + k->tcp + 4);
		k->ack = g32(f + k->tcp + 8);
		k->flags = f[k->tcp + 13];
		const uint8_t *src = f + k->ip + (k->ipv == 4 ? 12 : 8);
		size_t alen = k->ipv == 4 ? 4 : 16;
		if (!have_client && (k->flags & 0x12) == 0x02) {
			memcpy(client_addr, src, alen);
			client_port = g16(f + k->tcp);
			have_client = true;
		}
		if (!have_client)
			die("%s: no SYN before packet %zu: who the client is is unknown", path, n_pkts);
		k->from = memcmp(src, client_addr, alen) == 0 && g16(f + k->tcp) == client_port ? 0 : 1;
	}
	*file = b;
	*file_len = off;
}

/* One side's bytes in order, and for each the packet and the byte within it. */
struct stream {
	uint8_t *b;
	uint32_t *pkt_of;
	uint32_t *at_of;
	size_t n;
};

static void side_stream(int side, struct stream *s)
{
	s->b = malloc(MAX_STREAM);
	s->pkt_of = malloc(MAX_STREAM * sizeof *s->pkt_of);
	s->at_of = malloc(MAX_STREAM * sizeof *s->at_of);
	if (s->b == NULL || s->pkt_of == NULL || s->at_of == NULL)
		die("out of memory");
	s->n = 0;
	bool started = false;
	uint32_t next = 0;
	for (size_t i = 0; i < n_pkts; i++) {
		const struct pkt *k = &pkts[i];
		if (k->from != side || k->payload_len == 0)
			continue;
		if (started && k->seq != next)
			die("packet %zu: the side's bytes are not in order (seq %u, expected %u)", i + 1, k->seq, next);
		started = true;
		next = k->seq + (uint32_t)k->payload_len;
		if (s->n + k->payload_len > MAX_STREAM)
			die("stream longer than %u bytes", MAX_STREAM);
		for (size_t j = 0; j < k->payload_len; j++) {
			s->b[s->n] = frame(k)[k->payload + j];
			s->pkt_of[s->n] = (uint32_t)i;
			s->at_of[s->n] = (uint32_t)(k->payload + j);
			s->n++;
		}
	}
}

static void write_capture(const char *path, const uint8_t *file, const struct pkt *extra, size_t extra_after)
{
	FILE *fp = fopen(path, "wb");
	if (fp == NULL)
		die("%s: cannot write", path);
	fwrite(file, 1, 24, fp);
	for (size_t i = 0; i < n_pkts; i++) {
		fwrite(pkts[i].rec, 1, 16 + pkts[i].caplen, fp);
		if (extra != NULL && i == extra_after)
			fwrite(extra->rec, 1, 16 + extra->caplen, fp);
	}
	if (fclose(fp) != 0)
		die("%s: write failed", path);
}

static int side_of(const char *name)
{
	if (strcmp(name, "client") == 0)
		return 0;
	if (strcmp(name, "server") == 0)
		return 1;
	die("SIDE is client or server, not %s", name);
}

static uint32_t number(const char *s, uint32_t max)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);
	if (*s == '\0' || *end != '\0' || v > max)
		die("%s: not a number up to %u", s, max);
	return (uint32_t)v;
}

/* Patches the 24-bit length of the side's first clear-text message of type hs_type. */
static void edit_hs_length(int side, uint32_t hs_type, uint32_t new_len)
{
	struct stream s;
	side_stream(side, &s);
	size_t pos = 0;
	while (pos + 5 <= s.n) {
		uint8_t type = s.b[pos];
		size_t len = g16(s.b + pos + 3);
		if (type == 20)
			break; /* ChangeCipherSpec: what follows is encrypted */
		if (type == 22) {
			for (size_t m = pos + 5; m + 4 <= pos + 5 + len && m + 4 <= s.n;) {
				if (s.b[m] == hs_type) {
					for (int i = 0; i < 3; i++) {
						uint8_t *b = frame(&pkts[s.pkt_of[m + 1 + (size_t)i]]) + s.at_of[m + 1 + (size_t)i];
						*b = (uint8_t)(new_len >> (16 - 8 * i));
					}
					for (int i = 0; i < 3; i++)
						fix_packet(&pkts[s.pkt_of[m + 1 + (size_t)i]]);
					printf("packet %u: handshake message %u at stream byte %zu claims %u bytes (was %u)\n",
					       s.pkt_of[m] + 1, hs_type, m, new_len, (unsigned)(s.b[m + 1] << 16 | g16(s.b + m + 2)));
					return;
				}
				m += 4 + ((size_t)s.b[m + 1] << 16 | g16(s.b + m + 2));
			}
		}
		pos += 5 + len;
	}
	die("the %s sends no clear-text handshake message of type %u", side ? "server" : "client", hs_type);
}

/* Inserts count records of content_type after the side's clear-text handshake records. */
static void edit_insert(const char *out, const uint8_t *file, int side, uint32_t content_type, uint32_t count)
{
	struct stream s;
	side_stream(side, &s);
	size_t pos = 0, end = 0;
	uint32_t version = 0x0303;
	/* The last end of a handshake record that is also the end of a packet. */
	while (pos + 5 <= s.n && s.b[pos] == 22) {
		version = g16(s.b + pos + 1);
		pos += 5 + g16(s.b + pos + 3);
		if (pos <= s.n) {
			const struct pkt *k = &pkts[s.pkt_of[pos - 1]];
			if (s.at_of[pos - 1] + 1 == k->payload + k->payload_len)
				end = pos;
		}
	}
	if (end == 0)
		die("the %s sends no clear-text handshake record that ends a packet", side ? "server" : "client");
	size_t after = s.pkt_of[end - 1];
	struct pkt *t = &pkts[after];

	size_t body_len = content_type == 24 ? 1 + 2 + 16 + 16 : 24;
	size_t add = count * (5 + body_len);
	struct pkt k = *t;
	k.caplen = t->payload + add;
	k.payload_len = add;
	k.rec = calloc(1, 16 + k.caplen);
	if (k.rec == NULL)
		die("out of memory");
	memcpy(k.rec, t->rec, 16 + t->payload);
	putfile32(k.rec + 8, (uint32_t)k.caplen);
	putfile32(k.rec + 12, (uint32_t)k.caplen);
	putfile32(k.rec + 4, file32(t->rec + 4) + 1); /* one microsecond (or nanosecond) later */
	uint8_t *p = frame(&k) + k.payload;
	for (uint32_t i = 0; i < count; i++) {
		p[0] = (uint8_t)content_type;
		put16(p + 1, version);
		put16(p + 3, (uint32_t)body_len);
		uint8_t *q = p + 5;
		if (content_type == 24) {
			q[0] = 1;          /* heartbeat_request */
			put16(q + 1, 16);  /* payload_length; then 16 payload and 16 padding bytes */
			for (size_t j = 0; j < 32; j++)
				q[3 + j] = (uint8_t)(0x40 + i * 32 + j);
		} else {
			for (size_t j = 0; j < body_len; j++)
				q[j] = (uint8_t)(0xa5 ^ (i * 24 + j));
		}
		p += 5 + body_len;
	}
	uint32_t at_seq = t->seq + (uint32_t)t->payload_len;
	put32(frame(&k) + k.tcp + 4, at_seq);
	frame(&k)[k.tcp + 13] = 0x18; /* PSH, ACK */
	fix_packet(&k);

	for (size_t i = after + 1; i < n_pkts; i++) {
		struct pkt *o = &pkts[i];
		if (o->from == side) {
			put32(frame(o) + o->tcp + 4, o->seq + (uint32_t)add);
			fix_packet(o);
		} else if ((o->flags & 0x10) && (int32_t)(o->ack - at_seq) > 0) {
			put32(frame(o) + o->tcp + 8, o->ack + (uint32_t)add);
			fix_packet(o);
		}
	}
	write_capture(out, file, &k, after);
	printf("packet %zu: %u record(s) of content type %u inserted from the %s (%zu bytes)\n", after + 2, count,
	       content_type, side ? "server" : "client", add);
	free(k.rec);
}

int main(int argc, char **argv)
{
	if (argc != 7)
		die("usage: pcap-edit IN OUT hs-length SIDE HS_TYPE NEW_LEN | pcap-edit IN OUT insert SIDE CONTENT_TYPE COUNT");
	uint8_t *file;
	size_t file_len;
	read_capture(argv[1], &file, &file_len);
	(void)file_len;
	int side = side_of(argv[4]);
	if (strcmp(argv[3], "hs-length") == 0) {
		edit_hs_length(side, number(argv[5], 255), number(argv[6], 0xffffff));
		write_capture(argv[2], file, NULL, 0);
	} else if (strcmp(argv[3], "insert") == 0) {
		edit_insert(argv[2], file, side, number(argv[5], 255), number(argv[6], 64));
	} else {
		die("unknown edit %s", argv[3]);
	}
	free(file);
	return 0;
}
