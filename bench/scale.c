/*
 * scale.c - make the benchmark's big capture out of the small seed capture.
 *
 * The seed (bench/seed.pcap) holds a few dozen real TLS connections. This program
 * writes COPIES copies of them into one pcap file: copy c gets its own client address
 * and client ports, one address of a pool of servers, and its timestamps shifted by
 * c * DELTA, and the copies are merged by timestamp. The result looks like many clients
 * talking to a few servers at once: thousands of distinct, interleaved flows, each
 * one a real handshake (and its failure or bulk data) byte for byte. By default DELTA
 * is such that a fixed number of copies overlap, so a bigger file is a longer one with
 * the same number of connections open at a time, not a denser one.
 *
 * Addresses stay inside the ranges reserved for benchmarks and documentation:
 * clients 198.18.1.1-198.18.255.254 and 2001:db8:1::/64, servers 198.19.G.S and
 * 2001:db8:2::G:S (G the server group, S the seed's server). IPv4 header and TCP
 * checksums are recomputed for every rewritten packet, so no reader flags them.
 *
 * It reads Ethernet captures of IPv4/IPv6 TCP (what bench/make-seed.sh records) and
 * UDP (the QUIC and DTLS captures of pcaps/, for the benchmark's UDP row); other packets
 * are left out and counted. It does not touch TCP sequence numbers or payloads (QUIC's
 * connection IDs neither): the copies differ only in their addresses, ports and times.
 *
 * usage: scale [-k COPIES] [-f FIRST] [-d DELTA_US] [-B MIN_BYTES] [-H MIN_HELLOS] SEED OUT
 *        scale -p [-B MIN_BYTES] [-H MIN_HELLOS] SEED     print the plan and exit
 */
/* libpcap's headers use u_int and u_char, which glibc declares only with this. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The seed is a few MB; these bounds only stop a wrong file from eating the machine. */
#define MAX_SEED_BYTES (64u * 1024u * 1024u)
#define MAX_SEED_PACKETS (1u << 20)
#define MAX_ENDPOINTS 4096
#define MAX_HELLOS 4096
/* Server addresses per seed server: copy c talks to group c % SERVER_GROUPS. */
#define SERVER_GROUPS 64u
/* Copies running at once, whatever the number of copies: the time shift between copies
 * is the seed's duration over this. A longer file then has the same density of flows
 * as a shorter one, only for longer, so memory use can be compared across sizes; 32
 * copies at different stages of the seed mix handshakes, failures and bulk data. */
#define IN_FLIGHT 32u
/* Client hosts 198.18.1.1 .. 198.18.255.254: 254 per /24, 255 /24s. */
#define CLIENT_HOSTS (254u * 255u)
#define PCAP_RECORD_HEADER 16u

enum { ETH_HLEN = 14, VLAN_HLEN = 4, IP4_HLEN = 20, IP6_HLEN = 40, TCP_HLEN = 20 };
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88a8
#define IPPROTO_TCP_NUM 6
#define IPPROTO_UDP_NUM 17
#define UDP_HLEN 8
#define TCP_SYN 0x02
#define TCP_ACK 0x10

/* An address as it appears on the wire, IPv4 in the first 4 bytes. */
struct addr {
	uint8_t family; /* 4 or 6 */
	uint8_t b[16];
};

/* One packet of the seed, parsed once; every copy is rewritten from it. */
struct seed_pkt {
	int64_t ts_us; /* from the seed's first packet */
	uint32_t caplen;
	uint32_t len;
	size_t data_off; /* into struct seed.data */
	uint16_t l3;     /* offset of the IP header */
	uint16_t l4;     /* offset of the TCP header */
	uint32_t tcp_len; /* TCP (or UDP) header + payload, from the IP length */
	bool udp;         /* a UDP datagram (QUIC, DTLS): only addresses and ports change */
	bool client_is_src;
	uint16_t client_idx; /* index into struct seed.clients */
	uint16_t server_idx; /* index into struct seed.servers */
};

struct endpoint {
	struct addr a;
	uint16_t port;
};

struct seed {
	uint8_t *data;
	size_t data_len;
	struct seed_pkt *pkts;
	size_t n_pkts;
	size_t n_skipped;
	int linktype;
	int snaplen;
	struct addr clients[MAX_ENDPOINTS];
	size_t n_clients;
	struct addr servers[MAX_ENDPOINTS];
	size_t n_servers;
	uint64_t bytes_per_copy; /* pcap records, headers included */
	uint64_t hellos_per_copy;
	uint32_t max_caplen;
	int64_t start_us; /* the seed's first timestamp */
	int64_t duration_us;
};

__attribute__((format(printf, 1, 2), noreturn)) static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("scale: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static size_t addr_len(const struct addr *a)
{
	return a->family == 4 ? 4 : 16;
}

static bool addr_eq(const struct addr *x, const struct addr *y)
{
	return x->family == y->family && memcmp(x->b, y->b, addr_len(x)) == 0;
}

/* --- Internet checksum (RFC 1071), summed 16 bits at a time into 64 bits --- */

static uint64_t csum_add(uint64_t sum, const uint8_t *p, size_t n)
{
	size_t i;
	for (i = 0; i + 1 < n; i += 2)
		sum += get16(p + i);
	if (i < n)
		sum += (uint64_t)p[i] << 8;
	return sum;
}

static uint16_t csum_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* --- Parsing the seed --- */

/* Where the IP and TCP headers of an Ethernet frame are; false for anything that is
 * not one whole TCP header in an unfragmented IPv4 or IPv6 packet (those are left
 * out, since copying them unchanged would repeat identical packets). */
static bool locate(const uint8_t *p, uint32_t caplen, struct seed_pkt *sp, struct addr *src,
		   struct addr *dst)
{
	uint32_t off = ETH_HLEN;
	uint16_t type;

	if (caplen < ETH_HLEN)
		return false;
	type = get16(p + 12);
	if (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) {
		if (caplen < ETH_HLEN + VLAN_HLEN)
			return false;
		type = get16(p + 16);
		off += VLAN_HLEN;
	}
	if (type == ETHERTYPE_IPV4) {
		uint32_t ihl, total;
		if (caplen < off + IP4_HLEN || p[off] >> 4 != 4)
			return false;
		ihl = (uint32_t)(p[off] & 0x0f) * 4;
		total = get16(p + off + 2);
		/* more-fragments flag or a fragment offset: not a whole segment */
		sp->udp = p[off + 9] == IPPROTO_UDP_NUM;
		if (ihl < IP4_HLEN || caplen < off + ihl || (p[off + 9] != IPPROTO_TCP_NUM && !sp->udp) ||
		    (get16(p + off + 6) & 0x3fff) != 0 || total < ihl + (sp->udp ? UDP_HLEN : TCP_HLEN))
			return false;
		src->family = dst->family = 4;
		memcpy(src->b, p + off + 12, 4);
		memcpy(dst->b, p + off + 16, 4);
		sp->l4 = (uint16_t)(off + ihl);
		sp->tcp_len = total - ihl;
	} else if (type == ETHERTYPE_IPV6) {
		/* extension headers are not followed: the seed has none */
		if (caplen < off + IP6_HLEN || p[off] >> 4 != 6 ||
		    (p[off + 6] != IPPROTO_TCP_NUM && p[off + 6] != IPPROTO_UDP_NUM))
			return false;
		sp->udp = p[off + 6] == IPPROTO_UDP_NUM;
		src->family = dst->family = 6;
		memcpy(src->b, p + off + 8, 16);
		memcpy(dst->b, p + off + 24, 16);
		sp->l4 = (uint16_t)(off + IP6_HLEN);
		sp->tcp_len = get16(p + off + 4);
		if (sp->tcp_len < (sp->udp ? UDP_HLEN : TCP_HLEN))
			return false;
	} else {
		return false;
	}
	sp->l3 = (uint16_t)off;
	if (sp->udp)
		return caplen >= (uint32_t)sp->l4 + UDP_HLEN;
	if (caplen < (uint32_t)sp->l4 + TCP_HLEN)
		return false;
	{
		uint32_t doff = (uint32_t)(p[sp->l4 + 12] >> 4) * 4;
		if (doff < TCP_HLEN || doff > sp->tcp_len)
			return false;
	}
	return true;
}

static size_t find_or_add(struct addr *list, size_t *n, const struct addr *a)
{
	size_t i;
	for (i = 0; i < *n; i++)
		if (addr_eq(&list[i], a))
			return i;
	if (*n == MAX_ENDPOINTS)
		die("more than %d distinct addresses in the seed", MAX_ENDPOINTS);
	list[*n] = *a;
	return (*n)++;
}

static bool endpoint_in(const struct endpoint *set, size_t n, const struct addr *a, uint16_t port)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (set[i].port == port && addr_eq(&set[i].a, a))
			return true;
	return false;
}

/* Whether a segment holds the start of a ClientHello: walking the TLS records the
 * segment begins with (type, version 3.x, 16-bit length; RFC 8446 section 5.1), one is
 * a handshake(22) record whose first message is client_hello(1). The walk covers a
 * ChangeCipherSpec sent in front of the second hello after a HelloRetryRequest. */
static bool has_client_hello(const uint8_t *payload, uint32_t n)
{
	uint32_t off = 0;
	while (n - off >= 6 && payload[off + 1] == 3 && payload[off + 2] <= 4) {
		if (payload[off] == 22 && payload[off + 5] == 1)
			return true;
		if (payload[off] < 20 || payload[off] > 23)
			return false;
		off += 5 + (uint32_t)get16(payload + off + 3);
		if (off >= n)
			return false;
	}
	return false;
}

struct hello_seen {
	struct addr a;
	uint16_t port;
	uint32_t seq;
};

static void load_seed(const char *path, struct seed *s)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *pc = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_MICRO, err);
	struct pcap_pkthdr *h;
	const u_char *d;
	struct addr *srcs, *dsts;
	struct endpoint *listeners;
	struct hello_seen *hellos;
	size_t n_listeners = 0, n_hellos = 0, cap = 1024, i;
	int64_t first_us = 0, last_us = 0;
	int rc;

	if (!pc)
		die("%s", err);
	s->linktype = pcap_datalink(pc);
	s->snaplen = pcap_snapshot(pc);
	if (s->linktype != DLT_EN10MB)
		die("%s: only Ethernet captures are supported", path);
	s->pkts = malloc(cap * sizeof *s->pkts);
	s->data = malloc(MAX_SEED_BYTES);
	srcs = malloc(MAX_SEED_PACKETS * sizeof *srcs);
	dsts = malloc(MAX_SEED_PACKETS * sizeof *dsts);
	listeners = malloc(MAX_ENDPOINTS * sizeof *listeners);
	hellos = malloc(MAX_HELLOS * sizeof *hellos);
	if (!s->pkts || !s->data || !srcs || !dsts || !listeners || !hellos)
		die("out of memory");

	/* First pass: keep every TCP packet, note who listens (the targets of SYNs). */
	while ((rc = pcap_next_ex(pc, &h, &d)) == 1) {
		struct seed_pkt sp = { 0 };
		int64_t ts = (int64_t)h->ts.tv_sec * 1000000 + h->ts.tv_usec;
		if (!locate(d, h->caplen, &sp, &srcs[s->n_pkts], &dsts[s->n_pkts])) {
			s->n_skipped++;
			continue;
		}
		if (s->n_pkts == MAX_SEED_PACKETS || s->data_len + h->caplen > MAX_SEED_BYTES)
			die("%s: too big for a seed", path);
		if (s->n_pkts == 0)
			first_us = ts;
		last_us = ts > last_us ? ts : last_us;
		if (s->n_pkts == cap) {
			cap *= 2;
			s->pkts = realloc(s->pkts, cap * sizeof *s->pkts);
			if (!s->pkts)
				die("out of memory");
		}
		sp.ts_us = ts - first_us;
		sp.caplen = h->caplen;
		if (h->caplen > s->max_caplen)
			s->max_caplen = h->caplen;
		sp.len = h->len;
		sp.data_off = s->data_len;
		memcpy(s->data + s->data_len, d, h->caplen);
		s->data_len += h->caplen;
		if (!sp.udp && (d[sp.l4 + 13] & (TCP_SYN | TCP_ACK)) == TCP_SYN &&
		    !endpoint_in(listeners, n_listeners, &dsts[s->n_pkts], get16(d + sp.l4 + 2))) {
			if (n_listeners == MAX_ENDPOINTS)
				die("more than %d listening endpoints in the seed", MAX_ENDPOINTS);
			listeners[n_listeners].a = dsts[s->n_pkts];
			listeners[n_listeners++].port = get16(d + sp.l4 + 2);
		}
		s->pkts[s->n_pkts++] = sp;
	}
	if (rc == PCAP_ERROR)
		die("%s", pcap_geterr(pc));
	pcap_close(pc);
	if (s->n_pkts == 0)
		die("%s: no TCP or UDP packets", path);
	s->start_us = first_us;
	s->duration_us = last_us - first_us;

	/* Second pass: roles, address indexes, ClientHellos (each counted once: a
	 * retransmitted hello is the same handshake). */
	for (i = 0; i < s->n_pkts; i++) {
		struct seed_pkt *sp = &s->pkts[i];
		const uint8_t *p = s->data + sp->data_off;
		uint16_t sport = get16(p + sp->l4), dport = get16(p + sp->l4 + 2);
		uint32_t doff = (uint32_t)(p[sp->l4 + 12] >> 4) * 4;

		if (endpoint_in(listeners, n_listeners, &dsts[i], dport))
			sp->client_is_src = true;
		else if (endpoint_in(listeners, n_listeners, &srcs[i], sport))
			sp->client_is_src = false;
		else /* no SYN seen: the well-known port is the server's */
			sp->client_is_src = sport > dport;
		sp->client_idx = (uint16_t)find_or_add(s->clients, &s->n_clients,
						       sp->client_is_src ? &srcs[i] : &dsts[i]);
		sp->server_idx = (uint16_t)find_or_add(s->servers, &s->n_servers,
						       sp->client_is_src ? &dsts[i] : &srcs[i]);
		s->bytes_per_copy += PCAP_RECORD_HEADER + sp->caplen;

		if (!sp->udp && sp->l4 + doff < sp->caplen &&
		    has_client_hello(p + sp->l4 + doff, sp->caplen - sp->l4 - doff)) {
			uint32_t seq = (uint32_t)get16(p + sp->l4 + 4) << 16 | get16(p + sp->l4 + 6);
			size_t j;
			for (j = 0; j < n_hellos; j++)
				if (hellos[j].seq == seq && hellos[j].port == sport &&
				    addr_eq(&hellos[j].a, &srcs[i]))
					break;
			if (j == n_hellos && n_hellos < MAX_HELLOS) {
				hellos[n_hellos].a = srcs[i];
				hellos[n_hellos].port = sport;
				hellos[n_hellos++].seq = seq;
			}
		}
	}
	s->hellos_per_copy = n_hellos;
	if (s->n_servers > 254)
		die("%s: more than 254 server addresses in the seed", path);
	free(srcs);
	free(dsts);
	free(listeners);
	free(hellos);
}

/* --- Rewriting one copy of one packet --- */

static void client_addr(const struct addr *orig, uint64_t host, struct addr *out)
{
	out->family = orig->family;
	memset(out->b, 0, sizeof out->b);
	if (orig->family == 4) { /* 198.18.1.1 .. 198.18.255.254 */
		out->b[0] = 198;
		out->b[1] = 18;
		out->b[2] = (uint8_t)(1 + host / 254);
		out->b[3] = (uint8_t)(1 + host % 254);
	} else { /* 2001:db8:1::/64 */
		static const uint8_t prefix[8] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0 };
		memcpy(out->b, prefix, sizeof prefix);
		out->b[12] = (uint8_t)(host >> 24);
		out->b[13] = (uint8_t)(host >> 16);
		out->b[14] = (uint8_t)(host >> 8);
		out->b[15] = (uint8_t)(host + 1);
	}
}

static void server_addr(const struct addr *orig, unsigned group, unsigned server, struct addr *out)
{
	out->family = orig->family;
	memset(out->b, 0, sizeof out->b);
	if (orig->family == 4) { /* 198.19.G.S */
		out->b[0] = 198;
		out->b[1] = 19;
		out->b[2] = (uint8_t)group;
		out->b[3] = (uint8_t)(server + 1);
	} else { /* 2001:db8:2::G:S */
		static const uint8_t prefix[8] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02, 0, 0 };
		memcpy(out->b, prefix, sizeof prefix);
		out->b[13] = (uint8_t)group;
		out->b[15] = (uint8_t)(server + 1);
	}
}

/* Ephemeral ports move by a different amount in every copy, as different client
 * machines pick different ones; ports below 1024 (none in a client's range) stay. */
static uint16_t client_port(uint16_t port, uint64_t copy)
{
	if (port < 1024)
		return port;
	return (uint16_t)(1024 + (port - 1024 + copy * 4099) % 64512);
}

/* Writes copy COPY of SP into OUT (which holds SP->caplen bytes). */
static void rewrite(const struct seed *s, const struct seed_pkt *sp, uint64_t copy, uint8_t *out)
{
	const uint8_t *in = s->data + sp->data_off;
	struct addr c, v;
	uint8_t *ip = out + sp->l3, *tcp = out + sp->l4;
	uint8_t *src, *dst;
	size_t alen, port_off = sp->client_is_src ? 0 : 2;
	uint64_t sum;

	memcpy(out, in, sp->caplen);
	client_addr(&s->clients[sp->client_idx], copy * s->n_clients + sp->client_idx, &c);
	server_addr(&s->servers[sp->server_idx], (unsigned)(copy % SERVER_GROUPS), sp->server_idx, &v);
	alen = addr_len(&c);
	src = ip + (alen == 4 ? 12 : 8);
	dst = src + alen;
	memcpy(src, sp->client_is_src ? c.b : v.b, alen);
	memcpy(dst, sp->client_is_src ? v.b : c.b, alen);
	put16(tcp + port_off, client_port(get16(tcp + port_off), copy));

	if (alen == 4) {
		uint32_t ihl = (uint32_t)(ip[0] & 0x0f) * 4;
		put16(ip + 10, 0);
		put16(ip + 10, (uint16_t)~csum_fold(csum_add(0, ip, ihl)));
	}
	if ((uint64_t)sp->l4 + sp->tcp_len <= sp->caplen) {
		/* The whole segment is here: compute the checksum afresh over the pseudo-header
		 * (RFC 793 section 3.1, RFC 8200 section 8.1) and the segment. */
		uint8_t proto = sp->udp ? IPPROTO_UDP_NUM : IPPROTO_TCP_NUM;
		uint8_t tail[4] = { 0, proto, (uint8_t)(sp->tcp_len >> 8), (uint8_t)sp->tcp_len };
		uint8_t len6[8] = { (uint8_t)(sp->tcp_len >> 24), (uint8_t)(sp->tcp_len >> 16),
				    (uint8_t)(sp->tcp_len >> 8), (uint8_t)sp->tcp_len, 0, 0, 0, proto };
		size_t cks = sp->udp ? 6 : 16; /* RFC 768, RFC 793 */
		put16(tcp + cks, 0);
		sum = csum_add(0, src, 2 * alen);
		sum = alen == 4 ? csum_add(sum, tail, sizeof tail) : csum_add(sum, len6, sizeof len6);
		sum = csum_add(sum, tcp, sp->tcp_len);
		uint16_t folded = (uint16_t)~csum_fold(sum);
		put16(tcp + cks, sp->udp && folded == 0 ? 0xffff : folded); /* UDP: 0 means none */
	} else {
		/* A truncated segment: update the captured checksum for the changed words
		 * (RFC 1624, eqn. 3), which keeps it right if it was right. */
		const uint8_t *in_ip = in + sp->l3, *in_tcp = in + sp->l4;
		const uint8_t *in_src = in_ip + (alen == 4 ? 12 : 8);
		uint16_t old_part = csum_fold(csum_add(csum_add(0, in_src, 2 * alen), in_tcp, 4));
		uint16_t new_part = csum_fold(csum_add(csum_add(0, src, 2 * alen), tcp, 4));
		size_t cks = sp->udp ? 6 : 16;
		sum = (uint16_t)~get16(tcp + cks);
		sum += (uint16_t)~old_part;
		sum += new_part;
		put16(tcp + cks, (uint16_t)~csum_fold(sum));
	}
}

/* --- Merging the copies by time: a binary heap of (next timestamp, copy) --- */

struct head {
	int64_t ts_us;
	uint64_t copy; /* absolute copy number */
	size_t next;   /* index of its next seed packet */
};

static bool head_before(const struct head *a, const struct head *b)
{
	return a->ts_us < b->ts_us || (a->ts_us == b->ts_us && a->copy < b->copy);
}

static void sift_down(struct head *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct head t;
		if (l < n && head_before(&h[l], &h[m]))
			m = l;
		if (r < n && head_before(&h[r], &h[m]))
			m = r;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static bool parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v > max)
		return false;
	*out = v;
	return true;
}

__attribute__((noreturn)) static void usage(void)
{
	fprintf(stderr,
		"usage: scale [-k COPIES] [-f FIRST] [-d DELTA_US] [-B MIN_BYTES] [-H MIN_HELLOS] SEED OUT\n"
		"       scale -p [-B MIN_BYTES] [-H MIN_HELLOS] SEED\n"
		"Writes copies FIRST..FIRST+COPIES-1 of the seed's TCP connections, copy c with its\n"
		"own addresses and ports and shifted by c*DELTA_US, merged by time. Without -k,\n"
		"COPIES is the least that makes MIN_BYTES and MIN_HELLOS ClientHellos; without -d,\n"
		"DELTA_US is the seed's duration over %u (that many copies run at once).\n"
		"-p prints the plan.\n", IN_FLIGHT);
	exit(2);
}

int main(int argc, char **argv)
{
	static struct seed s;
	uint64_t copies = 0, first = 0, delta = 0, min_bytes = 1ull << 30, min_hellos = 10000;
	uint64_t planned, written = 0, out_bytes = 24;
	bool plan_only = false;
	const char *out_path;
	char tmp_path[PATH_MAX];
	struct head *heap;
	size_t n_heap;
	uint8_t *buf;
	pcap_t *dead;
	pcap_dumper_t *dumper;
	FILE *fp;
	int c;

	while ((c = getopt(argc, argv, "k:f:d:B:H:p")) != -1) {
		uint64_t *dst;
		switch (c) {
		case 'k': dst = &copies; break;
		case 'f': dst = &first; break;
		case 'd': dst = &delta; break;
		case 'B': dst = &min_bytes; break;
		case 'H': dst = &min_hellos; break;
		case 'p': plan_only = true; continue;
		default: usage();
		}
		if (!parse_u64(optarg, 1ull << 40, dst))
			usage();
	}
	if (argc - optind != (plan_only ? 1 : 2))
		usage();
	load_seed(argv[optind], &s);
	if (s.hellos_per_copy == 0)
		die("%s: no ClientHello in the seed", argv[optind]);

	/* The plan: enough copies for both minimums, IN_FLIGHT of them running at once. */
	planned = (min_bytes + s.bytes_per_copy - 1) / s.bytes_per_copy;
	if ((min_hellos + s.hellos_per_copy - 1) / s.hellos_per_copy > planned)
		planned = (min_hellos + s.hellos_per_copy - 1) / s.hellos_per_copy;
	if (delta == 0)
		delta = (uint64_t)s.duration_us / IN_FLIGHT > 1000 ? (uint64_t)s.duration_us / IN_FLIGHT : 1000;
	if (plan_only) {
		printf("copies=%" PRIu64 " delta_us=%" PRIu64 " seed_packets=%zu seed_hellos=%" PRIu64
		       " seed_bytes=%" PRIu64 " seed_clients=%zu seed_servers=%zu seed_skipped=%zu\n",
		       planned, delta, s.n_pkts, s.hellos_per_copy, s.bytes_per_copy, s.n_clients,
		       s.n_servers, s.n_skipped);
		return 0;
	}
	if (copies == 0)
		copies = planned;
	if ((first + copies) * s.n_clients > CLIENT_HOSTS)
		die("too many copies for the client address range");
	if ((first + copies) * delta > (uint64_t)INT64_MAX / 2)
		die("time shift too large");

	out_path = argv[optind + 1];
	if ((size_t)snprintf(tmp_path, sizeof tmp_path, "%s.tmp", out_path) >= sizeof tmp_path)
		die("%s: path too long", out_path);
	fp = fopen(tmp_path, "wb");
	if (!fp)
		die("cannot create %s", tmp_path);
	/* stdio's default 4 KiB buffer would mean one write() per few packets. */
	setvbuf(fp, NULL, _IOFBF, 1 << 20);
	dead = pcap_open_dead_with_tstamp_precision(s.linktype, s.snaplen, PCAP_TSTAMP_PRECISION_MICRO);
	dumper = dead ? pcap_dump_fopen(dead, fp) : NULL;
	if (!dumper)
		die("cannot write %s", tmp_path);

	heap = malloc(copies * sizeof *heap);
	buf = malloc(s.max_caplen);
	if (!heap || !buf)
		die("out of memory");
	/* Copies start in order of their shift, so the array is already a heap. */
	for (n_heap = 0; n_heap < copies; n_heap++) {
		heap[n_heap].copy = first + n_heap;
		heap[n_heap].next = 0;
		heap[n_heap].ts_us = (int64_t)((first + n_heap) * delta);
	}
	while (n_heap > 0) {
		struct head *top = &heap[0];
		const struct seed_pkt *sp = &s.pkts[top->next];
		/* Absolute time: the seed's own clock plus the copy's shift. */
		int64_t ts = s.start_us + top->ts_us;
		struct pcap_pkthdr h;

		rewrite(&s, sp, top->copy, buf);
		h.ts.tv_sec = (time_t)(ts / 1000000);
		h.ts.tv_usec = (suseconds_t)(ts % 1000000);
		h.caplen = sp->caplen;
		h.len = sp->len;
		pcap_dump((u_char *)dumper, &h, buf);
		written++;
		out_bytes += PCAP_RECORD_HEADER + sp->caplen;

		if (++top->next == s.n_pkts)
			heap[0] = heap[--n_heap];
		else
			top->ts_us = s.pkts[top->next].ts_us + (int64_t)(top->copy * delta);
		sift_down(heap, n_heap, 0);
	}
	if (pcap_dump_flush(dumper) != 0 || ferror(fp))
		die("error writing %s", tmp_path);
	pcap_dump_close(dumper);
	pcap_close(dead);
	if (rename(tmp_path, out_path) != 0)
		die("cannot rename to %s", out_path);
	fprintf(stderr,
		"scale: %s: %" PRIu64 " packets, %" PRIu64 " bytes, %" PRIu64
		" ClientHellos (copies %" PRIu64 "-%" PRIu64 ", %" PRIu64 " us apart)\n",
		out_path, written, out_bytes, copies * s.hellos_per_copy, first, first + copies - 1,
		delta);
	free(heap);
	free(buf);
	free(s.pkts);
	free(s.data);
	return 0;
}
