/*
 * interleave.c — every order in which a capture point could have seen the end of one
 * handshake, from a real capture of it.
 *
 * Usage: interleave IN.pcap CLIENT_PORT OUTDIR [MAX_TAIL]
 *
 * Where a capture is taken decides the order of packets that cross on the wire: near
 * the client its own request goes out before the server's alert arrives, near the
 * server the alert leaves before the request comes in, and a mirror port in between
 * may show either. Each direction keeps its own order wherever the capture is; only
 * the merge of the two changes. So from the client's first record after the server's
 * hello (its ChangeCipherSpec or first encrypted record) on, this writes one capture
 * per merge of the two directions' packets (at most MAX_TAIL of them, default 8, are
 * shuffled; later ones follow in their order), with the tail's timestamps handed out
 * again in rising order. The packets are the real ones, unchanged: only their order
 * and times are new. Only orders that some point of the path can see are written: a
 * packet that acknowledges bytes of the other direction comes after them wherever it
 * is captured (the bytes passed that point on their way to the host that acknowledged
 * them, and the acknowledgement passed it after leaving that host). tests/sweep.sh checks that none of the orders of a failed
 * handshake reads as `ok`.
 *
 * Reads and writes classic pcap with Ethernet frames (IPv4 or IPv6, TCP), libc only.
 * Prints the number of captures written (0: no client record after a server hello, or a
 * capture of another link type, which it says on standard error).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_NAME "interleave"
#include "../common/gen_util.h"

#define MAX_PACKETS 4096
#define ETH_HEADER 14
#define LINKTYPE_ETHERNET 1

struct packet {
	uint32_t sec, frac;  /* as in the file (micro- or nanoseconds) */
	uint32_t orig_len;
	uint32_t len;
	uint8_t *data;
	bool from_client;
	bool has_payload;
	uint8_t first_byte;  /* of the TCP payload */
	uint32_t seq, ack;
	bool ack_set;
	bool carries;        /* payload or FIN: bytes of sequence space the peer acknowledges */
	size_t needs;        /* other direction's shuffled packets that must come before it */
};

static bool swapped;

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	return swapped ? __builtin_bswap32(v) : v;
}

static unsigned get16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }

/* Ports and payload of an Ethernet/IP/TCP frame; false for anything else. */
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }

struct tcp_view {
	unsigned sport, dport;
	uint32_t payload_at, seq, ack;
	uint8_t flags;
};

static bool tcp_of(const uint8_t *f, uint32_t len, struct tcp_view *t)
{
	if (len < ETH_HEADER + 20)
		return false;
	unsigned type = get16(f + 12);
	uint32_t ip = ETH_HEADER, tcp;
	if (type == 0x0800) {
		if (f[ip + 9] != 6)
			return false;
		tcp = ip + (uint32_t)(f[ip] & 0x0f) * 4;
	} else if (type == 0x86dd) {
		if (len < ip + 40 || f[ip + 6] != 6)
			return false;
		tcp = ip + 40;
	} else {
		return false;
	}
	if (len < tcp + 20)
		return false;
	t->sport = get16(f + tcp);
	t->dport = get16(f + tcp + 2);
	t->seq = get32(f + tcp + 4);
	t->ack = get32(f + tcp + 8);
	t->flags = f[tcp + 13];
	t->payload_at = tcp + (uint32_t)(f[tcp + 12] >> 4) * 4;
	return t->payload_at <= len;
}

static struct packet packets[MAX_PACKETS];
static size_t n_packets;
static uint8_t file_header[24];

static void read_capture(const char *path, unsigned client_port)
{
	FILE *in = fopen(path, "rb");
	if (in == NULL)
		die("%s: cannot open", path);
	if (fread(file_header, 1, sizeof file_header, in) != sizeof file_header)
		die("%s: not a pcap file", path);
	uint32_t magic = (uint32_t)file_header[0] | (uint32_t)file_header[1] << 8 | (uint32_t)file_header[2] << 16 |
			 (uint32_t)file_header[3] << 24;
	if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
		swapped = false;
	else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
		swapped = true;
	else
		die("%s: not a classic pcap file", path);
	if (rd32(file_header + 20) != LINKTYPE_ETHERNET) {
		/* Not a failure of the capture: no orders of it are written (an NFLOG capture). */
		fprintf(stderr, "interleave: %s: link type %u, only Ethernet is read: no orders\n", path,
			rd32(file_header + 20));
		printf("0\n");
		exit(0);
	}
	uint8_t rec[16];
	while (fread(rec, 1, sizeof rec, in) == sizeof rec) {
		uint32_t len = rd32(rec + 8);
		if (len > 262144)
			die("%s: record of %u bytes", path, len);
		uint8_t *data = malloc(len ? len : 1);
		if (data == NULL || fread(data, 1, len, in) != len)
			die("%s: truncated record", path);
		struct tcp_view t;
		if (!tcp_of(data, len, &t) || (t.sport != client_port && t.dport != client_port)) {
			free(data);
			continue;
		}
		if (n_packets == MAX_PACKETS)
			die("%s: more than %d packets of the connection", path, MAX_PACKETS);
		struct packet *p = &packets[n_packets++];
		p->sec = rd32(rec);
		p->frac = rd32(rec + 4);
		p->len = len;
		p->orig_len = rd32(rec + 12);
		p->data = data;
		p->from_client = t.sport == client_port;
		p->has_payload = t.payload_at < len;
		p->first_byte = p->has_payload ? data[t.payload_at] : 0;
		p->seq = t.seq;
		p->ack = t.ack;
		p->ack_set = (t.flags & 0x10) != 0;
		p->carries = p->has_payload || (t.flags & 0x01) != 0;
	}
	fclose(in);
}

/* The first client packet carrying a ChangeCipherSpec (20) or protected record (23)
 * after a server handshake record (22, its hello): where the orders start to differ. */
static size_t tail_start(void)
{
	bool server_hello = false;
	for (size_t i = 0; i < n_packets; i++) {
		const struct packet *p = &packets[i];
		if (!p->has_payload)
			continue;
		if (!p->from_client && p->first_byte == 22)
			server_hello = true;
		else if (p->from_client && server_hello && (p->first_byte == 20 || p->first_byte == 23))
			return i;
	}
	return n_packets;
}

static void put32host(uint8_t *p, uint32_t v)
{
	/* Written in the file's own byte order, as its header says. */
	if (swapped)
		put32(p, v);
	else
		put32le(p, v);
}

static const char *out_dir;
static size_t start, shuffled, written;
static size_t order[MAX_PACKETS];

static void write_order(void)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%04zu.pcap", out_dir, written++);
	FILE *out = fopen(path, "wb");
	if (out == NULL)
		die("%s: cannot create", path);
	fwrite(file_header, 1, sizeof file_header, out);
	for (size_t i = 0; i < n_packets; i++) {
		/* Packet order[i] at the time slot of packet i: times stay in order. */
		const struct packet *p = &packets[order[i]], *slot = &packets[i];
		uint8_t rec[16];
		put32host(rec, slot->sec);
		put32host(rec + 4, slot->frac);
		put32host(rec + 8, p->len);
		put32host(rec + 12, p->orig_len);
		fwrite(rec, 1, sizeof rec, out);
		fwrite(p->data, 1, p->len, out);
	}
	if (fclose(out) != 0)
		die("%s: write failed", path);
}

/* Every merge of the client's and the server's shuffled packets, each side in order. */
static void merge(size_t pos, size_t next_client, size_t next_server, const size_t *client, size_t n_client,
		  const size_t *server, size_t n_server)
{
	if (pos == start + shuffled) {
		write_order();
		return;
	}
	/* Taken only once the other direction's bytes it acknowledges are placed. */
	if (next_client < n_client && packets[client[next_client]].needs <= next_server) {
		order[pos] = client[next_client];
		merge(pos + 1, next_client + 1, next_server, client, n_client, server, n_server);
	}
	if (next_server < n_server && packets[server[next_server]].needs <= next_client) {
		order[pos] = server[next_server];
		merge(pos + 1, next_client, next_server + 1, client, n_client, server, n_server);
	}
}

int main(int argc, char **argv)
{
	if (argc < 4)
		die("usage: interleave IN.pcap CLIENT_PORT OUTDIR [MAX_TAIL]");
	unsigned client_port = (unsigned)strtoul(argv[2], NULL, 10);
	out_dir = argv[3];
	size_t max_tail = argc > 4 ? (size_t)strtoul(argv[4], NULL, 10) : 8;
	read_capture(argv[1], client_port);
	start = tail_start();
	if (start == n_packets) {
		printf("0\n");
		return 0;
	}
	shuffled = n_packets - start < max_tail ? n_packets - start : max_tail;
	static size_t client[MAX_PACKETS], server[MAX_PACKETS];
	size_t n_client = 0, n_server = 0;
	for (size_t i = 0; i < n_packets; i++)
		order[i] = i;
	for (size_t i = start; i < start + shuffled; i++) {
		if (packets[i].from_client)
			client[n_client++] = i;
		else
			server[n_server++] = i;
	}
	for (size_t i = start; i < start + shuffled; i++) {
		struct packet *p = &packets[i];
		const size_t *other = p->from_client ? server : client;
		size_t n_other = p->from_client ? n_server : n_client;
		p->needs = 0;
		for (size_t k = 0; k < n_other && p->ack_set; k++) {
			const struct packet *q = &packets[other[k]];
			/* q's first byte is below p's acknowledgement (modulo 2^32): p saw it. */
			if (q->carries && (int32_t)(q->seq - p->ack) < 0)
				p->needs = k + 1;
		}
	}
	merge(start, 0, 0, client, n_client, server, n_server);
	printf("%zu\n", written);
	for (size_t i = 0; i < n_packets; i++)
		free(packets[i].data);
	return 0;
}
