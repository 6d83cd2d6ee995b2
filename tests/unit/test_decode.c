/*
 * test_decode.c — unit tests of frame decoding (include/decode.h, src/decode.c).
 *
 * decode_frame is the first code to touch a customer's capture, so it must decode every
 * link layer and tunnel the program claims to support, skip what is not TCP over IP, and
 * never trust a length: not the IP total length, not the PPPoE length, not the TCP data
 * offset. Frames are built by hand here, byte by byte, for each supported link type
 * (Ethernet, 802.1Q, QinQ, PPPoE, Linux SLL and SLL2, raw IP, BSD NULL and OpenBSD
 * loopback, PPP), for IPv4 options, IPv6 extension headers and 6in4, and for the tunnels
 * (GRE, ERSPAN, VXLAN, Geneve, GTP-U, Teredo, MPLS); the VXLAN ports configured
 * (--vxlan-ports); the digest that tells a mirror's copies of a segment. A truncation
 * sweep feeds every prefix of every valid frame from an exactly sized heap copy (so
 * AddressSanitizer sees any over-read) both as a frame cut by the snap length and as a
 * whole frame whose IP header lies, and checks the outcome byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "decode.h"

/* ---- frame building ---- */

struct frame {
	uint8_t b[2048];
	size_t n;
	size_t hdr_len;          /* bytes before the TCP payload */
	size_t payload_len;
};

static void put8(struct frame *f, unsigned v)
{
	assert_true(f->n < sizeof f->b);
	f->b[f->n++] = (uint8_t)v;
}

static void put16(struct frame *f, unsigned v)
{
	put8(f, (v >> 8) & 0xff);
	put8(f, v & 0xff);
}

static void put32(struct frame *f, uint32_t v)
{
	put16(f, (unsigned)(v >> 16));
	put16(f, (unsigned)(v & 0xffff));
}

static void putn(struct frame *f, const uint8_t *p, size_t n)
{
	assert_true(f->n + n <= sizeof f->b);
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

static void set16(struct frame *f, size_t at, unsigned v)
{
	f->b[at] = (uint8_t)(v >> 8);
	f->b[at + 1] = (uint8_t)v;
}

static const uint8_t SRC4[4] = { 192, 0, 2, 1 };
static const uint8_t DST4[4] = { 198, 51, 100, 2 };
static const uint8_t SRC6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 };
static const uint8_t DST6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02 };
static const uint8_t PAYLOAD[16] = "\x16\x03\x01\x00\x0bHELLO-TLS!!";

#define SPORT 51000
#define DPORT 443
#define SEQ 0x11223344u
#define ACK 0x55667788u
#define FLAGS (TCP_PSH | TCP_ACK)
#define WINDOW 64240
#define TTL4 64
#define HOPS6 57
#define IPID 0x1234

/* TCP header of 20 + 4 * opt_words bytes (options: NOPs and an end). */
static void put_tcp(struct frame *f, unsigned opt_words)
{
	put16(f, SPORT);
	put16(f, DPORT);
	put32(f, SEQ);
	put32(f, ACK);
	put8(f, (5 + opt_words) << 4);
	put8(f, FLAGS);
	put16(f, WINDOW);
	put16(f, 0); /* checksum: not checked */
	put16(f, 0);
	for (unsigned i = 0; i < opt_words * 4; i++)
		put8(f, i + 1 == opt_words * 4 ? 0 : 1);
}

static void put_payload(struct frame *f)
{
	f->hdr_len = f->n;
	putn(f, PAYLOAD, sizeof PAYLOAD);
	f->payload_len = sizeof PAYLOAD;
}

/* IPv4 header; total_len 0 means "what follows": TCP header (20 + tcp_opt_words * 4) +
 * payload, computed by the caller through ipv4_tcp(). */
static void put_ipv4_hdr(struct frame *f, unsigned opt_words, unsigned total_len, unsigned frag, unsigned proto)
{
	put8(f, 0x40 | (5 + opt_words));
	put8(f, 0);
	put16(f, total_len);
	put16(f, IPID);
	put16(f, frag);
	put8(f, TTL4);
	put8(f, proto);
	put16(f, 0);
	putn(f, SRC4, 4);
	putn(f, DST4, 4);
	/* Options: a record-route-like filler of NOPs, ended by EOL. */
	for (unsigned i = 0; i < opt_words * 4; i++)
		put8(f, i + 1 == opt_words * 4 ? 0 : 1);
}

/* IPv4 + TCP + PAYLOAD. */
static void ipv4_tcp(struct frame *f, unsigned ip_opt_words, unsigned tcp_opt_words, unsigned frag)
{
	unsigned total = (5 + ip_opt_words) * 4 + (5 + tcp_opt_words) * 4 + (unsigned)sizeof PAYLOAD;
	put_ipv4_hdr(f, ip_opt_words, total, frag, 6);
	put_tcp(f, tcp_opt_words);
	put_payload(f);
}

static void put_ipv6_hdr(struct frame *f, unsigned payload_len, unsigned next)
{
	put32(f, 0x60000000u);
	put16(f, payload_len);
	put8(f, next);
	put8(f, HOPS6);
	putn(f, SRC6, 16);
	putn(f, DST6, 16);
}

/* IPv6 + TCP + PAYLOAD. */
static void ipv6_tcp(struct frame *f)
{
	put_ipv6_hdr(f, 20 + (unsigned)sizeof PAYLOAD, 6);
	put_tcp(f, 0);
	put_payload(f);
}

static void put_eth(struct frame *f, unsigned type)
{
	static const uint8_t macs[12] = { 0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02 };
	putn(f, macs, 12);
	put16(f, type);
}

/* ---- checking ---- */

static enum decode_result decode(int linktype, const struct frame *f, size_t caplen, size_t wirelen,
				 struct decoded *out, const char **why)
{
	return decode_frame(linktype, f->b, caplen, wirelen, out, why);
}

static void check_tcp_fields(const struct decoded *d, int family)
{
	assert_int_equal(d->src.family, family);
	assert_int_equal(d->dst.family, family);
	if (family == 4) {
		assert_memory_equal(d->src.addr, SRC4, 4);
		assert_memory_equal(d->dst.addr, DST4, 4);
		assert_int_equal(d->ttl, TTL4);
		assert_true(d->has_ip_id);
		assert_int_equal(d->ip_id, IPID);
	} else {
		assert_memory_equal(d->src.addr, SRC6, 16);
		assert_memory_equal(d->dst.addr, DST6, 16);
		assert_int_equal(d->ttl, HOPS6);
		assert_false(d->has_ip_id);
	}
	assert_int_equal(d->src.port, SPORT);
	assert_int_equal(d->dst.port, DPORT);
	assert_true(d->seq == SEQ);
	assert_true(d->ack == ACK);
	assert_int_equal(d->flags, FLAGS);
	assert_int_equal(d->window, WINDOW);
}

/* A whole valid frame: DECODE_TCP, every field, the payload as a view into the frame. */
static void check_whole(int linktype, const struct frame *f, int family)
{
	struct decoded d;
	const char *why = "unset";
	assert_int_equal(decode(linktype, f, f->n, f->n, &d, &why), DECODE_TCP);
	assert_null(why);
	check_tcp_fields(&d, family);
	assert_ptr_equal(d.payload, f->b + f->hdr_len);
	assert_int_equal(d.payload_len, f->payload_len);
	assert_int_equal(d.payload_wire_len, f->payload_len);
	assert_false(d.cut);
	assert_memory_equal(d.payload, PAYLOAD, sizeof PAYLOAD);
}

static void check_result(int linktype, const struct frame *f, enum decode_result want)
{
	struct decoded d;
	const char *why = NULL;
	enum decode_result got = decode(linktype, f, f->n, f->n, &d, &why);
	assert_int_equal(got, want);
	if (want == DECODE_BAD)
		assert_non_null(why);
	else
		assert_null(why);
}

/*
 * Every prefix of a valid frame, from an exactly sized heap copy: headers cut give
 * DECODE_BAD with a reason; a payload cut gives DECODE_TCP with exactly the bytes present.
 * Done twice: as cut by the snap length (wirelen = whole frame: `cut` set), and as a whole
 * frame whose IP length claims more than it holds (wirelen = caplen: not `cut`).
 */
static void truncation_sweep(int linktype, const struct frame *f, int family)
{
	for (size_t caplen = 0; caplen <= f->n; caplen++) {
		for (int lying = 0; lying < 2; lying++) {
			uint8_t *copy = malloc(caplen);
			if (caplen > 0) {
				assert_non_null(copy);
				memcpy(copy, f->b, caplen);
			}
			size_t wirelen = lying ? caplen : f->n;
			struct decoded d;
			const char *why = NULL;
			enum decode_result res = decode_frame(linktype, copy, caplen, wirelen, &d, &why);
			if (caplen < f->hdr_len) {
				assert_int_equal(res, DECODE_BAD);
				assert_non_null(why);
			} else {
				assert_int_equal(res, DECODE_TCP);
				check_tcp_fields(&d, family);
				size_t present = caplen - f->hdr_len;
				assert_ptr_equal(d.payload, copy + f->hdr_len);
				assert_int_equal(d.payload_len, present);
				assert_true(d.payload + d.payload_len <= copy + caplen);
				if (present > 0)
					assert_memory_equal(d.payload, PAYLOAD, present);
				if (lying || caplen == f->n) {
					assert_false(d.cut);
					assert_int_equal(d.payload_wire_len, present);
				} else {
					assert_true(d.cut);
					assert_int_equal(d.payload_wire_len, f->payload_len);
				}
			}
			free(copy);
		}
	}
}

static void check_frame(int linktype, const struct frame *f, int family)
{
	check_whole(linktype, f, family);
	truncation_sweep(linktype, f, family);
}

/* ---- link layers ---- */

static void test_ethernet_ipv4(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x0800);
	ipv4_tcp(&f, 0, 0, 0);
	assert_int_equal(f.hdr_len, 14 + 20 + 20);
	check_frame(LINK_ETHERNET, &f, 4);
}

static void test_ethernet_ipv6(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x86dd);
	ipv6_tcp(&f);
	assert_int_equal(f.hdr_len, 14 + 40 + 20);
	check_frame(LINK_ETHERNET, &f, 6);
}

static void test_vlan_8021q(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x8100);
	put16(&f, 0x2064); /* PCP 1, VLAN 100 */
	put16(&f, 0x0800);
	ipv4_tcp(&f, 0, 0, 0);
	check_frame(LINK_ETHERNET, &f, 4);
}

static void test_qinq(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x88a8);
	put16(&f, 0x0123); /* S-tag */
	put16(&f, 0x8100);
	put16(&f, 0x0064); /* C-tag */
	put16(&f, 0x86dd);
	ipv6_tcp(&f);
	assert_int_equal(f.hdr_len, 14 + 8 + 40 + 20);
	check_frame(LINK_ETHERNET, &f, 6);
}

/* PPPoE session header: its length field covers the PPP protocol field and the IP packet. */
static size_t put_pppoe_hdr(struct frame *f, unsigned proto)
{
	put8(f, 0x11);      /* version 1, type 1 */
	put8(f, 0x00);      /* code: session data */
	put16(f, 0x4242);   /* session id */
	size_t len_at = f->n;
	put16(f, 0);        /* length, set later */
	put16(f, proto);
	return len_at;
}

static void test_pppoe_session(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x8864);
	size_t len_at = put_pppoe_hdr(&f, 0x0021);
	size_t ip_at = f.n;
	ipv4_tcp(&f, 0, 0, 0);
	set16(&f, len_at, (unsigned)(2 + f.n - ip_at));
	check_frame(LINK_ETHERNET, &f, 4);

	struct frame g = { .n = 0 };
	put_eth(&g, 0x8864);
	len_at = put_pppoe_hdr(&g, 0x0057);
	ip_at = g.n;
	ipv6_tcp(&g);
	set16(&g, len_at, (unsigned)(2 + g.n - ip_at));
	check_frame(LINK_ETHERNET, &g, 6);
}

/*
 * The PPPoE length bounds the packet: Ethernet padding after it is not payload, even
 * when the IP header claims more than the PPPoE length (the frame is whole, so the
 * payload is what PPPoE carries, not cut).
 */
static void test_pppoe_length_bounds_packet(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x8864);
	size_t len_at = put_pppoe_hdr(&f, 0x0021);
	size_t ip_at = f.n;
	ipv4_tcp(&f, 0, 0, 0);
	set16(&f, len_at, (unsigned)(2 + f.n - ip_at));
	set16(&f, ip_at + 2, (unsigned)(f.n - ip_at + 10)); /* IP claims 10 more bytes */
	for (int i = 0; i < 10; i++)
		put8(&f, 0xee); /* padding */
	struct decoded d;
	const char *why = NULL;
	assert_int_equal(decode(LINK_ETHERNET, &f, f.n, f.n, &d, &why), DECODE_TCP);
	check_tcp_fields(&d, 4);
	assert_ptr_equal(d.payload, f.b + f.hdr_len);
	assert_int_equal(d.payload_len, sizeof PAYLOAD);
	assert_int_equal(d.payload_wire_len, sizeof PAYLOAD);
	assert_false(d.cut);

	/* A PPPoE length shorter than its own PPP header is impossible. */
	set16(&f, len_at, 1);
	assert_int_equal(decode(LINK_ETHERNET, &f, f.n, f.n, &d, &why), DECODE_BAD);
	assert_non_null(why);

	/* PPPoE carrying something other than IP (LCP) is skipped. */
	struct frame g = { .n = 0 };
	put_eth(&g, 0x8864);
	len_at = put_pppoe_hdr(&g, 0xc021);
	put32(&g, 0x01010004);
	set16(&g, len_at, 6);
	check_result(LINK_ETHERNET, &g, DECODE_SKIP);
}

static void test_linux_sll(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put16(&f, 0);            /* packet type: to us */
	put16(&f, 1);            /* ARPHRD_ETHER */
	put16(&f, 6);            /* address length */
	for (unsigned i = 0; i < 8; i++)
		put8(&f, i);         /* address, padded to 8 */
	put16(&f, 0x0800);
	ipv4_tcp(&f, 0, 0, 0);
	assert_int_equal(f.hdr_len, 16 + 40);
	check_frame(LINK_LINUX_SLL, &f, 4);

	/* SLL carrying an 802.1Q frame. */
	struct frame g = { .n = 0 };
	for (int i = 0; i < 14; i++)
		put8(&g, 0);
	put16(&g, 0x8100);
	put16(&g, 0x0005);
	put16(&g, 0x86dd);
	ipv6_tcp(&g);
	check_frame(LINK_LINUX_SLL, &g, 6);
}

static void test_linux_sll2(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put16(&f, 0x86dd);       /* protocol type */
	put16(&f, 0);            /* reserved */
	put32(&f, 3);            /* interface index */
	put16(&f, 1);            /* ARPHRD_ETHER */
	put8(&f, 4);             /* packet type: outgoing */
	put8(&f, 6);             /* address length */
	for (unsigned i = 0; i < 8; i++)
		put8(&f, 0xa0 + i);
	ipv6_tcp(&f);
	assert_int_equal(f.hdr_len, 20 + 60);
	check_frame(LINK_LINUX_SLL2, &f, 6);

	struct frame g = { .n = 0 };
	put16(&g, 0x0800);
	for (int i = 0; i < 18; i++)
		put8(&g, 0);
	ipv4_tcp(&g, 0, 0, 0);
	check_frame(LINK_LINUX_SLL2, &g, 4);
}

/* NFLOG TLVs in either host byte order; the packet is the NFULA_PAYLOAD value. */
static void nflog_tlv(struct frame *f, bool little, unsigned len, unsigned type)
{
	put16(f, little ? ((len & 0xff) << 8) | (len >> 8) : len);
	put16(f, little ? ((type & 0xff) << 8) | (type >> 8) : type);
}

static void test_nflog(void **state)
{
	(void)state;
	for (int little = 0; little < 2; little++) {
		for (int family = 4; family <= 6; family += 2) {
			struct frame f = { .n = 0 };
			put8(&f, family == 4 ? 2 : 10); /* AF_INET, AF_INET6 */
			put8(&f, 0);                    /* version */
			put16(&f, 5);                   /* resource id (group), network order */
			nflog_tlv(&f, little, 8, 1);    /* NFULA_PACKET_HDR */
			put32(&f, 0x08000300);
			nflog_tlv(&f, little, 7, 10);   /* NFULA_PREFIX "tls", padded to 8 */
			putn(&f, (const uint8_t *)"tls\0", 4);
			size_t at = f.n;
			nflog_tlv(&f, little, 0, 9);    /* NFULA_PAYLOAD, length set below */
			if (family == 4)
				ipv4_tcp(&f, 0, 0, 0);
			else
				ipv6_tcp(&f);
			unsigned len = (unsigned)(f.n - at);
			set16(&f, at, little ? ((len & 0xff) << 8) | (len >> 8) : len);
			check_frame(LINK_NFLOG, &f, family);
		}
	}
	struct frame g = { .n = 0 };
	put32(&g, 0x02000005);
	nflog_tlv(&g, true, 8, 1);
	put32(&g, 0);
	check_result(LINK_NFLOG, &g, DECODE_BAD);
	struct frame h = { .n = 0 };
	put32(&h, 0x02000005);
	nflog_tlv(&h, true, 2, 1); /* a length below its own header */
	check_result(LINK_NFLOG, &h, DECODE_BAD);
}

static void test_raw_ip(void **state)
{
	(void)state;
	static const int raw_types[] = { LINK_RAW, LINK_RAW_DLT12, LINK_RAW_DLT14 };
	struct frame f4 = { .n = 0 }, f6 = { .n = 0 };
	ipv4_tcp(&f4, 0, 0, 0);
	ipv6_tcp(&f6);
	for (size_t i = 0; i < sizeof raw_types / sizeof raw_types[0]; i++) {
		check_frame(raw_types[i], &f4, 4);
		check_frame(raw_types[i], &f6, 6);
	}
	check_frame(LINK_IPV4, &f4, 4);
	check_frame(LINK_IPV6, &f6, 6);
}

static void null_frame(struct frame *f, const uint8_t af[4], bool v6)
{
	f->n = 0;
	putn(f, af, 4);
	if (v6)
		ipv6_tcp(f);
	else
		ipv4_tcp(f, 0, 0, 0);
}

/* DLT_NULL: the address family in the capturing host's byte order, which is unknown. */
static void test_bsd_null_both_byte_orders(void **state)
{
	(void)state;
	static const uint8_t inet_le[4] = { 2, 0, 0, 0 };
	static const uint8_t inet_be[4] = { 0, 0, 0, 2 };
	static const uint8_t inet6_values[] = { 24, 28, 30 }; /* NetBSD/OpenBSD, FreeBSD, macOS */
	struct frame f;
	null_frame(&f, inet_le, false);
	check_frame(LINK_NULL, &f, 4);
	null_frame(&f, inet_be, false);
	check_frame(LINK_NULL, &f, 4);
	for (size_t i = 0; i < sizeof inet6_values; i++) {
		uint8_t le[4] = { inet6_values[i], 0, 0, 0 };
		uint8_t be[4] = { 0, 0, 0, inet6_values[i] };
		null_frame(&f, le, true);
		check_frame(LINK_NULL, &f, 6);
		null_frame(&f, be, true);
		check_frame(LINK_NULL, &f, 6);
	}
	/* Another family (AF_APPLETALK 16) is not IP. */
	static const uint8_t other[4] = { 16, 0, 0, 0 };
	null_frame(&f, other, false);
	check_result(LINK_NULL, &f, DECODE_SKIP);
}

/* DLT_LOOP (OpenBSD): the family in network byte order. */
static void test_openbsd_loop(void **state)
{
	(void)state;
	static const uint8_t inet[4] = { 0, 0, 0, 2 };
	static const uint8_t inet6[4] = { 0, 0, 0, 24 };
	struct frame f;
	null_frame(&f, inet, false);
	check_frame(LINK_LOOP, &f, 4);
	null_frame(&f, inet6, true);
	check_frame(LINK_LOOP, &f, 6);
}

static void test_ppp(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	/* With the HDLC address and control bytes. */
	put8(&f, 0xff);
	put8(&f, 0x03);
	put16(&f, 0x0021);
	ipv4_tcp(&f, 0, 0, 0);
	check_frame(LINK_PPP, &f, 4);
	/* Without them (address/control field compression). */
	struct frame g = { .n = 0 };
	put16(&g, 0x0057);
	ipv6_tcp(&g);
	check_frame(LINK_PPP, &g, 6);
	/* LCP is not IP. */
	struct frame h = { .n = 0 };
	put8(&h, 0xff);
	put8(&h, 0x03);
	put16(&h, 0xc021);
	put32(&h, 0x01010004);
	check_result(LINK_PPP, &h, DECODE_SKIP);
}

static void test_link_supported(void **state)
{
	(void)state;
	static const int yes[] = { LINK_NULL, LINK_ETHERNET, LINK_PPP, LINK_RAW, LINK_RAW_DLT12, LINK_RAW_DLT14,
				   LINK_LOOP, LINK_LINUX_SLL, LINK_IPV4, LINK_IPV6, LINK_LINUX_SLL2, LINK_NFLOG };
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		assert_true(decode_link_supported(yes[i]));
	assert_false(decode_link_supported(105)); /* IEEE 802.11 */
	assert_false(decode_link_supported(127)); /* radiotap */
	assert_false(decode_link_supported(-1));
	struct frame f = { .n = 0 };
	ipv4_tcp(&f, 0, 0, 0);
	check_result(105, &f, DECODE_BAD);
}

/* ---- IP ---- */

static void test_ipv4_options(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x0800);
	ipv4_tcp(&f, 3, 0, 0); /* 12 option bytes */
	assert_int_equal(f.hdr_len, 14 + 32 + 20);
	check_frame(LINK_ETHERNET, &f, 4);
	/* The largest header: 40 option bytes, and TCP options too. */
	struct frame g = { .n = 0 };
	ipv4_tcp(&g, 10, 10, 0);
	assert_int_equal(g.hdr_len, 60 + 60);
	check_frame(LINK_RAW, &g, 4);
}

static void test_tcp_options(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x86dd);
	put_ipv6_hdr(&f, 32 + (unsigned)sizeof PAYLOAD, 6);
	put_tcp(&f, 3);
	put_payload(&f);
	check_frame(LINK_ETHERNET, &f, 6);
}

/* IPv6 with hop-by-hop options (0) and destination options (60) before TCP. */
static void test_ipv6_extension_headers(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x86dd);
	put_ipv6_hdr(&f, 8 + 16 + 20 + (unsigned)sizeof PAYLOAD, 0);
	/* Hop-by-hop: next 60, length 0 (8 bytes): router alert + PadN. */
	put8(&f, 60);
	put8(&f, 0);
	put8(&f, 0x05); put8(&f, 0x02); put16(&f, 0);
	put8(&f, 0x01); put8(&f, 0x00);
	/* Destination options: next TCP, length 1 (16 bytes): PadN of 14. */
	put8(&f, 6);
	put8(&f, 1);
	put8(&f, 0x01); put8(&f, 12);
	for (int i = 0; i < 12; i++)
		put8(&f, 0);
	put_tcp(&f, 0);
	put_payload(&f);
	assert_int_equal(f.hdr_len, 14 + 40 + 24 + 20);
	check_frame(LINK_ETHERNET, &f, 6);

	/* Extension headers longer than the IPv6 payload length claims. */
	struct frame g = f;
	set16(&g, 14 + 4, 10);
	check_result(LINK_ETHERNET, &g, DECODE_BAD);
	/* Unknown next header (No Next Header, 59) is skipped. */
	struct frame h = { .n = 0 };
	put_ipv6_hdr(&h, 8, 59);
	for (int i = 0; i < 8; i++)
		put8(&h, 0);
	check_result(LINK_RAW, &h, DECODE_SKIP);
}

/* An IPv6 fragment header: an atomic fragment (offset 0, no more) is a whole packet;
 * a real fragment is skipped, like IPv4 fragments. */
static void test_ipv6_fragment_header(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_ipv6_hdr(&f, 8 + 20 + (unsigned)sizeof PAYLOAD, 44);
	put8(&f, 6);
	put8(&f, 0);
	size_t frag_at = f.n;
	put16(&f, 0);        /* offset 0, M = 0 */
	put32(&f, 0x01020304); /* identification */
	put_tcp(&f, 0);
	put_payload(&f);
	check_frame(LINK_RAW, &f, 6);
	struct frame g = f;
	set16(&g, frag_at, 0x0001); /* M = 1 */
	check_result(LINK_RAW, &g, DECODE_SKIP);
	g = f;
	set16(&g, frag_at, 0x0100); /* offset 32 */
	check_result(LINK_RAW, &g, DECODE_SKIP);
}

/* MPLS: labels up to the bottom of the stack, then IP guessed by its version. */
static void test_mpls(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x8847);
	put32(&f, 0x00010040);  /* label 16, not bottom */
	put32(&f, 0x00011140);  /* label 17, bottom of stack */
	ipv4_tcp(&f, 0, 0, 0);
	check_frame(LINK_ETHERNET, &f, 4);
}

/* 6in4: IPv6 carried in IPv4 protocol 41; the inner addresses are the connection's. */
static void test_6in4(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x0800);
	put_ipv4_hdr(&f, 0, 20 + 40 + 20 + (unsigned)sizeof PAYLOAD, 0, 41);
	ipv6_tcp(&f);
	assert_int_equal(f.hdr_len, 14 + 20 + 40 + 20);
	check_frame(LINK_ETHERNET, &f, 6);
	/* The tunnel's own addresses are kept beside the connection's. */
	struct decoded d;
	const char *why = NULL;
	assert_int_equal(decode_frame(LINK_ETHERNET, f.b, f.n, f.n, &d, &why), DECODE_TCP);
	assert_true(d.tunnelled);
	assert_int_equal(d.outer_src.family, 4);
	assert_memory_equal(d.outer_src.addr, SRC4, 4);
	assert_memory_equal(d.outer_dst.addr, DST4, 4);
	assert_int_equal(d.src.family, 6);
}

/* ---- tunnels (frames made by hand: tests/unit builds them byte by byte) ---- */

/* inner: what the tunnel carries (ending in IPv4 or IPv6 + TCP + PAYLOAD). The outer
 * frame: Ethernet, IPv4 of protocol proto, hdr (the tunnel's own header bytes), inner. */
static void wrap(struct frame *f, unsigned proto, const uint8_t *hdr, size_t hdr_len, const struct frame *inner)
{
	f->n = 0;
	put_eth(f, 0x0800);
	put_ipv4_hdr(f, 0, (unsigned)(20 + hdr_len + inner->n), 0, proto);
	putn(f, hdr, hdr_len);
	putn(f, inner->b, inner->n);
	f->payload_len = sizeof PAYLOAD;
	f->hdr_len = f->n - f->payload_len;
}

/* A UDP header to port dport, its length covering what follows, then the tunnel header. */
static size_t udp_hdr(uint8_t *out, unsigned dport, size_t tunnel_len, const struct frame *inner)
{
	size_t len = 8 + tunnel_len + inner->n;
	out[0] = 0xc3; out[1] = 0x50;         /* source port 50000 */
	out[2] = (uint8_t)(dport >> 8); out[3] = (uint8_t)dport;
	out[4] = (uint8_t)(len >> 8); out[5] = (uint8_t)len;
	out[6] = out[7] = 0;
	return 8;
}

static void inner_ip(struct frame *f, int family)
{
	f->n = 0;
	if (family == 4)
		ipv4_tcp(f, 0, 0, 0);
	else
		ipv6_tcp(f);
}

static void inner_ethernet(struct frame *f, int family)
{
	f->n = 0;
	put_eth(f, family == 4 ? 0x0800 : 0x86dd);
	if (family == 4)
		ipv4_tcp(f, 0, 0, 0);
	else
		ipv6_tcp(f);
}

/* Decoded to the inner connection, every prefix checked, the tunnels named in order. */
static void check_tunnel(const struct frame *f, int family, const enum decode_encap *want, unsigned n_want)
{
	check_frame(LINK_ETHERNET, f, family);
	struct decoded d;
	const char *why = NULL;
	assert_int_equal(decode_frame(LINK_ETHERNET, f->b, f->n, f->n, &d, &why), DECODE_TCP);
	assert_true(d.tunnelled);
	assert_int_equal(d.outer_src.family, 4);
	assert_memory_equal(d.outer_src.addr, SRC4, 4);
	assert_int_equal(d.n_encap, n_want);
	for (unsigned i = 0; i < n_want; i++)
		assert_int_equal(d.encap[i], want[i]);
}

static void test_gre(void **state)
{
	(void)state;
	struct frame in, f;
	/* RFC 2890: key and sequence number; IPv4 inside. */
	static const uint8_t gre_ks[12] = { 0x30, 0x00, 0x08, 0x00, 0, 0, 0, 7, 0, 0, 0, 1 };
	inner_ip(&in, 4);
	wrap(&f, 47, gre_ks, sizeof gre_ks, &in);
	check_tunnel(&f, 4, (const enum decode_encap[]){ ENCAP_GRE }, 1);
	/* gretap: checksum present, an Ethernet frame with IPv6 inside. */
	static const uint8_t gre_teb[8] = { 0x80, 0x00, 0x65, 0x58, 0, 0, 0, 0 };
	inner_ethernet(&in, 6);
	wrap(&f, 47, gre_teb, sizeof gre_teb, &in);
	check_tunnel(&f, 6, (const enum decode_encap[]){ ENCAP_GRE }, 1);
	/* Version 1 (PPTP) is named, not opened. */
	static const uint8_t pptp[4] = { 0x30, 0x01, 0x88, 0x0b };
	inner_ip(&in, 4);
	wrap(&f, 47, pptp, sizeof pptp, &in);
	check_result(LINK_ETHERNET, &f, DECODE_SKIP);
}

static void test_erspan(void **state)
{
	(void)state;
	struct frame in, f;
	inner_ethernet(&in, 4);
	/* Type I: GRE 0x88be without a sequence number, the mirrored frame right after. */
	static const uint8_t type1[4] = { 0x00, 0x00, 0x88, 0xbe };
	wrap(&f, 47, type1, sizeof type1, &in);
	check_tunnel(&f, 4, (const enum decode_encap[]){ ENCAP_ERSPAN }, 1);
	/* Type II: a sequence number, an 8-byte ERSPAN header. */
	static const uint8_t type2[16] = { 0x10, 0x00, 0x88, 0xbe, 0, 0, 0, 5, 0x10, 0x00, 0x00, 0x01, 0, 0, 0, 0 };
	wrap(&f, 47, type2, sizeof type2, &in);
	check_tunnel(&f, 4, (const enum decode_encap[]){ ENCAP_ERSPAN }, 1);
	/* Type III with the O flag: 12 bytes and an 8-byte platform subheader. */
	uint8_t type3[8 + 12 + 8] = { 0x10, 0x00, 0x22, 0xeb, 0, 0, 0, 5, 0x20, 0x00, 0x00, 0x01 };
	type3[8 + 11] = 0x01;
	wrap(&f, 47, type3, sizeof type3, &in);
	check_tunnel(&f, 4, (const enum decode_encap[]){ ENCAP_ERSPAN }, 1);
}

static void test_vxlan_and_geneve(void **state)
{
	(void)state;
	struct frame in, f;
	uint8_t hdr[64];
	/* VXLAN (RFC 7348): I flag, VNI 42, inner Ethernet with a VLAN tag. */
	in.n = 0;
	put_eth(&in, 0x8100);
	put16(&in, 100);
	put16(&in, 0x0800);
	ipv4_tcp(&in, 0, 0, 0);
	size_t k = udp_hdr(hdr, 4789, 8, &in);
	static const uint8_t vx[8] = { 0x08, 0, 0, 0, 0, 0, 42, 0 };
	memcpy(hdr + k, vx, 8);
	wrap(&f, 17, hdr, k + 8, &in);
	check_tunnel(&f, 4, (const enum decode_encap[]){ ENCAP_VXLAN, ENCAP_VLAN }, 2);
	/* Linux's default port 8472 too. */
	hdr[2] = 0x21; hdr[3] = 0x18;
	wrap(&f, 17, hdr, k + 8, &in);
	check_tunnel(&f, 4, (const enum decode_encap[]){ ENCAP_VXLAN, ENCAP_VLAN }, 2);
	/* Geneve (RFC 8926): 2 words of options, an Ethernet frame. */
	inner_ethernet(&in, 6);
	k = udp_hdr(hdr, 6081, 16, &in);
	static const uint8_t gn[16] = { 0x02, 0, 0x65, 0x58, 0, 0, 42, 0, 0x01, 0x02, 0x03, 0x01, 0xaa, 0xbb, 0xcc, 0xdd };
	memcpy(hdr + k, gn, 16);
	wrap(&f, 17, hdr, k + 16, &in);
	check_tunnel(&f, 6, (const enum decode_encap[]){ ENCAP_GENEVE }, 1);
	/* Geneve carrying IPv4 itself. */
	inner_ip(&in, 4);
	k = udp_hdr(hdr, 6081, 8, &in);
	static const uint8_t gn4[8] = { 0x00, 0, 0x08, 0x00, 0, 0, 42, 0 };
	memcpy(hdr + k, gn4, 8);
	wrap(&f, 17, hdr, k + 8, &in);
	check_tunnel(&f, 4, (const enum decode_encap[]){ ENCAP_GENEVE }, 1);
}

/* --vxlan-ports: the configured list replaces the default ports. A VXLAN frame to port
 * 4790 is UDP by default and opened with {4790}; one to 4789 is then UDP. */
static void test_vxlan_ports(void **state)
{
	(void)state;
	struct frame in, f;
	uint8_t hdr[64];
	static const uint8_t vx[8] = { 0x08, 0, 0, 0, 0, 0, 42, 0 };
	static const uint16_t ports[] = { 4790 };
	const struct decode_config cfg = { ports, 1 };
	struct decoded d;
	const char *why;
	inner_ethernet(&in, 4);
	size_t k = udp_hdr(hdr, 4790, 8, &in);
	memcpy(hdr + k, vx, 8);
	wrap(&f, 17, hdr, k + 8, &in);
	/* Not a VXLAN port by default: a plain UDP datagram. */
	assert_int_equal(decode_frame(LINK_ETHERNET, f.b, f.n, f.n, &d, &why), DECODE_UDP);
	assert_int_equal(decode_frame_with(NULL, LINK_ETHERNET, f.b, f.n, f.n, &d, &why), DECODE_UDP);
	assert_int_equal(decode_frame_with(&cfg, LINK_ETHERNET, f.b, f.n, f.n, &d, &why), DECODE_TCP);
	assert_true(d.tunnelled);
	assert_int_equal(d.n_encap, 1);
	assert_int_equal(d.encap[0], ENCAP_VXLAN);
	assert_int_equal(d.dst.port, DPORT);
	k = udp_hdr(hdr, 4789, 8, &in);
	wrap(&f, 17, hdr, k + 8, &in);
	assert_int_equal(decode_frame(LINK_ETHERNET, f.b, f.n, f.n, &d, &why), DECODE_TCP);
	assert_int_equal(decode_frame_with(&cfg, LINK_ETHERNET, f.b, f.n, f.n, &d, &why), DECODE_UDP);
}

/* The digest of the segment in f (Ethernet). */
static uint64_t digest_of(const struct frame *f)
{
	struct decoded d;
	const char *why;
	assert_int_equal(decode_frame(LINK_ETHERNET, f->b, f->n, f->n, &d, &why), DECODE_TCP);
	assert_int_equal(d.tcp_header_len, 24);
	return decode_segment_digest(&d, 7);
}

/* A mirror's two copies of a segment have one digest, whatever a router changed on the
 * way between them (MAC addresses, TTL, IP checksum); a retransmission that differs in
 * its IPv4 ID, a TCP option (a timestamp) or its first payload bytes has another. */
static void test_segment_digest(void **state)
{
	(void)state;
	struct frame a, b;
	a.n = 0;
	put_eth(&a, 0x0800);
	ipv4_tcp(&a, 0, 1, 0);
	uint64_t first = digest_of(&a);
	b = a;
	b.b[0] ^= 0x40;          /* destination MAC */
	b.b[11] ^= 0x10;         /* source MAC */
	b.b[22] = TTL4 - 1;      /* TTL */
	set16(&b, 24, 0xbeef);   /* IP checksum */
	assert_true(digest_of(&b) == first);
	assert_true(decode_segment_digest(&(struct decoded){ 0 }, 7) != decode_segment_digest(&(struct decoded){ 0 }, 8));
	b = a;
	set16(&b, 18, IPID + 1); /* IPv4 ID */
	assert_true(digest_of(&b) != first);
	b = a;
	b.b[34 + 20] = 8;        /* the TCP option */
	assert_true(digest_of(&b) != first);
	b = a;
	b.b[34 + 24 + 5] ^= 1;   /* a payload byte */
	assert_true(digest_of(&b) != first);
	/* An IPv4 ID of 0 says nothing: two copies differing in TTL alone still match. */
	set16(&a, 18, 0);
	first = digest_of(&a);
	b = a;
	b.b[22] = 1;
	assert_true(digest_of(&b) == first);
}

static void test_gtpu(void **state)
{
	(void)state;
	struct frame in, f;
	uint8_t hdr[64];
	/* A G-PDU with the E flag: sequence, N-PDU, next type 0x85 (PDU session container,
	 * one 4-byte unit), then the user's IPv4 packet. */
	inner_ip(&in, 4);
	size_t k = udp_hdr(hdr, 2152, 16, &in);
	static const uint8_t gtp[16] = { 0x34, 0xff, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0x85, 0x01, 0x10, 0x01, 0x00 };
	memcpy(hdr + k, gtp, 16);
	wrap(&f, 17, hdr, k + 16, &in);
	check_tunnel(&f, 4, (const enum decode_encap[]){ ENCAP_GTPU }, 1);
	/* Plain header, IPv6 inside. */
	inner_ip(&in, 6);
	k = udp_hdr(hdr, 2152, 8, &in);
	static const uint8_t gtp6[8] = { 0x30, 0xff, 0, 0, 0, 0, 0, 9 };
	memcpy(hdr + k, gtp6, 8);
	wrap(&f, 17, hdr, k + 8, &in);
	check_tunnel(&f, 6, (const enum decode_encap[]){ ENCAP_GTPU }, 1);
	/* Signalling (an echo request) is not a user packet. */
	hdr[k + 1] = 1;
	wrap(&f, 17, hdr, k + 8, &in);
	check_result(LINK_ETHERNET, &f, DECODE_SKIP);
}

/* Teredo (RFC 4380 5.1.1): IPv6 in UDP port 3544, bare or behind an origin indication
 * and/or an authentication header. */
static void test_teredo(void **state)
{
	(void)state;
	struct frame in, f;
	uint8_t hdr[64];
	/* Client to server: a bare IPv6 packet after the UDP header. */
	inner_ip(&in, 6);
	size_t k = udp_hdr(hdr, 3544, 0, &in);
	wrap(&f, 17, hdr, k, &in);
	check_tunnel(&f, 6, (const enum decode_encap[]){ ENCAP_TEREDO }, 1);
	/* Relay to client: the source port is 3544; an origin indication (0x0000, the
	 * obfuscated port and address) first. */
	static const uint8_t origin[8] = { 0x00, 0x00, 0x3c, 0xaf, 0x3f, 0xed, 0xfe, 0xfd };
	k = udp_hdr(hdr, 50000, sizeof origin, &in);
	hdr[0] = 0x0d; hdr[1] = 0xd8;
	memcpy(hdr + k, origin, sizeof origin);
	wrap(&f, 17, hdr, k + sizeof origin, &in);
	check_tunnel(&f, 6, (const enum decode_encap[]){ ENCAP_TEREDO }, 1);
	/* Server to client: an authentication header (client id of 4 bytes, a 2-byte
	 * value, nonce, confirmation), then the origin indication. */
	static const uint8_t auth[4 + 4 + 2 + 8 + 1] = { 0x00, 0x01, 4, 2, 'c', 'l', 'n', 't', 0xaa, 0xbb,
							  1, 2, 3, 4, 5, 6, 7, 8, 0 };
	k = udp_hdr(hdr, 3544, sizeof auth + sizeof origin, &in);
	memcpy(hdr + k, auth, sizeof auth);
	memcpy(hdr + k + sizeof auth, origin, sizeof origin);
	wrap(&f, 17, hdr, k + sizeof auth + sizeof origin, &in);
	check_tunnel(&f, 6, (const enum decode_encap[]){ ENCAP_TEREDO }, 1);
	/* The authentication header alone, without identifier or value. */
	static const uint8_t auth0[4 + 8 + 1] = { 0x00, 0x01, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0 };
	k = udp_hdr(hdr, 3544, sizeof auth0, &in);
	memcpy(hdr + k, auth0, sizeof auth0);
	wrap(&f, 17, hdr, k + sizeof auth0, &in);
	check_tunnel(&f, 6, (const enum decode_encap[]){ ENCAP_TEREDO }, 1);
	/* Over IPv6 the underlay is the outer header too (Teredo itself never is, but
	 * the decoder does not care). Not IPv6 inside: named, not opened. */
	inner_ip(&in, 4);
	k = udp_hdr(hdr, 3544, 0, &in);
	wrap(&f, 17, hdr, k, &in);
	check_result(LINK_ETHERNET, &f, DECODE_SKIP);
	/* An authentication length running past the packet. */
	inner_ip(&in, 6);
	static const uint8_t long_auth[4] = { 0x00, 0x01, 200, 200 };
	k = udp_hdr(hdr, 3544, sizeof long_auth, &in);
	memcpy(hdr + k, long_auth, sizeof long_auth);
	wrap(&f, 17, hdr, k + sizeof long_auth, &in);
	check_result(LINK_ETHERNET, &f, DECODE_BAD);
}

/* MPLS with a pseudowire control word: an Ethernet frame after the labels (RFC 4448). */
static void test_mpls_pseudowire(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x8847);
	put32(&f, 0x00011140);  /* bottom of stack */
	put32(&f, 0x00000000);  /* control word */
	put_eth(&f, 0x0800);
	ipv4_tcp(&f, 0, 0, 0);
	check_frame(LINK_ETHERNET, &f, 4);
	struct decoded d;
	const char *why = NULL;
	assert_int_equal(decode_frame(LINK_ETHERNET, f.b, f.n, f.n, &d, &why), DECODE_TCP);
	assert_int_equal(d.n_encap, 1);
	assert_int_equal(d.encap[0], ENCAP_MPLS);
}

static void test_ipv4_fragments_skipped(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	ipv4_tcp(&f, 0, 0, 0x2000); /* more fragments, offset 0 */
	check_result(LINK_RAW, &f, DECODE_SKIP);
	f.n = 0;
	ipv4_tcp(&f, 0, 0, 0x0010); /* offset 128, last fragment */
	check_result(LINK_RAW, &f, DECODE_SKIP);
	f.n = 0;
	ipv4_tcp(&f, 0, 0, 0x2005);
	check_result(LINK_RAW, &f, DECODE_SKIP);
	/* Don't Fragment alone is a whole datagram. */
	f.n = 0;
	ipv4_tcp(&f, 0, 0, 0x4000);
	check_whole(LINK_RAW, &f, 4);
}

/* A UDP datagram that opens no tunnel: DECODE_UDP, its ports, IP fields and payload (the
 * UDP length's, not the link layer's padding); lengths that lie are DECODE_BAD. */
static void test_udp_datagram(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x0800);
	put_ipv4_hdr(&f, 0, 20 + 8 + 4, 0, 17);
	put16(&f, 5353); put16(&f, 5354); put16(&f, 12); put16(&f, 0);
	put32(&f, 0xdeadbeef);
	check_result(LINK_ETHERNET, &f, DECODE_UDP);
	struct decoded d;
	const char *why = NULL;
	assert_int_equal(decode(LINK_ETHERNET, &f, f.n, f.n, &d, &why), DECODE_UDP);
	assert_true(d.udp);
	assert_int_equal(d.src.port, 5353);
	assert_int_equal(d.dst.port, 5354);
	assert_int_equal(d.src.family, 4);
	assert_true(d.has_ip_id);
	assert_int_equal(d.payload_len, 4);
	assert_int_equal(d.payload_wire_len, 4);
	assert_false(d.cut);
	/* Cut by the snap length inside the payload: the bytes present, and cut. */
	assert_int_equal(decode(LINK_ETHERNET, &f, f.n - 2, f.n, &d, &why), DECODE_UDP);
	assert_int_equal(d.payload_len, 2);
	assert_true(d.cut);

	struct frame g = { .n = 0 };
	put_eth(&g, 0x86dd);
	put_ipv6_hdr(&g, 8 + 4, 17);
	put16(&g, 443); put16(&g, 50000); put16(&g, 12); put16(&g, 0);
	put32(&g, 0xc0000001u); /* a QUIC long header start */
	check_result(LINK_ETHERNET, &g, DECODE_UDP);
	assert_int_equal(decode(LINK_ETHERNET, &g, g.n, g.n, &d, &why), DECODE_UDP);
	assert_int_equal(d.src.family, 6);
	assert_false(d.has_ip_id);
	assert_int_equal(d.payload_len, 4);

	/* A UDP length below its header's 8 bytes lies. */
	struct frame h = { .n = 0 };
	put_eth(&h, 0x0800);
	put_ipv4_hdr(&h, 0, 20 + 8 + 4, 0, 17);
	put16(&h, 5353); put16(&h, 5354); put16(&h, 7); put16(&h, 0);
	put32(&h, 0xdeadbeef);
	check_result(LINK_ETHERNET, &h, DECODE_BAD);
	/* A UDP length shorter than the IP payload: the payload is the UDP length's. */
	struct frame k = { .n = 0 };
	put_eth(&k, 0x0800);
	put_ipv4_hdr(&k, 0, 20 + 8 + 4, 0, 17);
	put16(&k, 5353); put16(&k, 5354); put16(&k, 10); put16(&k, 0);
	put32(&k, 0xdeadbeef);
	assert_int_equal(decode(LINK_ETHERNET, &k, k.n, k.n, &d, &why), DECODE_UDP);
	assert_int_equal(d.payload_len, 2);
}

static void test_non_ip_skipped(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x0806); /* ARP */
	for (int i = 0; i < 28; i++)
		put8(&f, 0);
	check_result(LINK_ETHERNET, &f, DECODE_SKIP);
	/* IPv6 with a zero payload length (jumbogram or empty) is not decoded. */
	struct frame g = { .n = 0 };
	put_ipv6_hdr(&g, 0, 6);
	put_tcp(&g, 0);
	check_result(LINK_RAW, &g, DECODE_SKIP);
}

/* ---- lengths that lie ---- */

/* caplen < wirelen inside the payload: headers usable, payload marked cut. */
static void test_snaplen_cut(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x0800);
	ipv4_tcp(&f, 0, 0, 0);
	struct decoded d;
	const char *why = NULL;
	size_t caplen = f.hdr_len + 5;
	assert_int_equal(decode(LINK_ETHERNET, &f, caplen, f.n, &d, &why), DECODE_TCP);
	check_tcp_fields(&d, 4);
	assert_true(d.cut);
	assert_int_equal(d.payload_len, 5);
	assert_int_equal(d.payload_wire_len, sizeof PAYLOAD);
	/* Cut exactly at the end of the headers. */
	assert_int_equal(decode(LINK_ETHERNET, &f, f.hdr_len, f.n, &d, &why), DECODE_TCP);
	assert_true(d.cut);
	assert_int_equal(d.payload_len, 0);
	assert_int_equal(d.payload_wire_len, sizeof PAYLOAD);
	/* Cut inside the TCP header: not usable. */
	assert_int_equal(decode(LINK_ETHERNET, &f, f.hdr_len - 1, f.n, &d, &why), DECODE_BAD);
	assert_non_null(why);
}

/* A whole frame whose IP total length claims more than it holds: not cut. */
static void test_ip_length_lies_not_cut(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x0800);
	ipv4_tcp(&f, 0, 0, 0);
	set16(&f, 14 + 2, (unsigned)(f.n - 14 + 100));
	struct decoded d;
	const char *why = NULL;
	assert_int_equal(decode(LINK_ETHERNET, &f, f.n, f.n, &d, &why), DECODE_TCP);
	assert_false(d.cut);
	assert_int_equal(d.payload_len, sizeof PAYLOAD);
	assert_int_equal(d.payload_wire_len, sizeof PAYLOAD);
	/* The same frame cut by the snap length: the claim is believed. */
	assert_int_equal(decode(LINK_ETHERNET, &f, f.n, f.n + 100, &d, &why), DECODE_TCP);
	assert_true(d.cut);
	assert_int_equal(d.payload_len, sizeof PAYLOAD);
	assert_int_equal(d.payload_wire_len, sizeof PAYLOAD + 100);

	/* The same for IPv6. */
	struct frame g = { .n = 0 };
	put_eth(&g, 0x86dd);
	ipv6_tcp(&g);
	set16(&g, 14 + 4, 20 + (unsigned)sizeof PAYLOAD + 50);
	assert_int_equal(decode(LINK_ETHERNET, &g, g.n, g.n, &d, &why), DECODE_TCP);
	assert_false(d.cut);
	assert_int_equal(d.payload_len, sizeof PAYLOAD);
	assert_int_equal(d.payload_wire_len, sizeof PAYLOAD);
}

/* Ethernet pads short frames to 60 bytes: bytes after the IP total length are not payload. */
static void test_ethernet_padding(void **state)
{
	(void)state;
	struct frame f = { .n = 0 };
	put_eth(&f, 0x0800);
	put_ipv4_hdr(&f, 0, 40, 0, 6); /* a bare ACK */
	put_tcp(&f, 0);
	f.hdr_len = f.n;
	for (int i = 0; i < 6; i++)
		put8(&f, 0xee);
	assert_int_equal(f.n, 60);
	struct decoded d;
	const char *why = NULL;
	assert_int_equal(decode(LINK_ETHERNET, &f, f.n, f.n, &d, &why), DECODE_TCP);
	check_tcp_fields(&d, 4);
	assert_int_equal(d.payload_len, 0);
	assert_int_equal(d.payload_wire_len, 0);
	assert_false(d.cut);
}

static void test_impossible_lengths(void **state)
{
	(void)state;
	struct frame base = { .n = 0 };
	ipv4_tcp(&base, 0, 0, 0);
	struct frame f;

	f = base;
	f.b[0] = 0x44; /* IHL 4: shorter than the fixed header */
	check_result(LINK_RAW, &f, DECODE_BAD);
	f = base;
	set16(&f, 2, 19); /* total length below the header */
	check_result(LINK_RAW, &f, DECODE_BAD);
	f = base;
	f.b[0] = 0x4f; /* IHL 15: a header longer than the total length */
	check_result(LINK_RAW, &f, DECODE_BAD);
	f = base;
	f.b[20 + 12] = 0x40; /* TCP data offset 4 words */
	check_result(LINK_RAW, &f, DECODE_BAD);
	f = base;
	f.b[20 + 12] = 0xf0; /* TCP data offset 60 bytes: beyond the packet */
	check_result(LINK_RAW, &f, DECODE_BAD);
	f = base;
	set16(&f, 2, 20 + 10); /* IP payload shorter than a TCP header */
	check_result(LINK_RAW, &f, DECODE_BAD);
	f = base;
	f.b[0] = 0x55; /* IP version 5 */
	check_result(LINK_RAW, &f, DECODE_BAD);

	/* Tunnels nested past the limit. */
	struct frame t = { .n = 0 };
	for (unsigned i = 0; i < 8; i++)
		put_ipv4_hdr(&t, 0, (unsigned)(20 * (8 - i) + 40 + sizeof PAYLOAD), 0, 4);
	ipv4_tcp(&t, 0, 0, 0);
	check_result(LINK_RAW, &t, DECODE_BAD);
	/* Too many VLAN tags. */
	struct frame v = { .n = 0 };
	put_eth(&v, 0x8100);
	for (int i = 0; i < 10; i++) {
		put16(&v, (unsigned)i);
		put16(&v, 0x8100);
	}
	put16(&v, 1);
	put16(&v, 0x0800);
	ipv4_tcp(&v, 0, 0, 0);
	check_result(LINK_ETHERNET, &v, DECODE_BAD);
}

/* A frame of random-looking bytes of every length never reads out of bounds. */
static void test_garbage_every_length(void **state)
{
	(void)state;
	static const int types[] = { LINK_NULL, LINK_ETHERNET, LINK_PPP, LINK_RAW, LINK_LOOP, LINK_LINUX_SLL,
				     LINK_LINUX_SLL2, LINK_IPV4, LINK_IPV6, LINK_NFLOG };
	uint32_t x = 0x9e3779b9u;
	for (size_t len = 0; len <= 128; len++) {
		for (int round = 0; round < 8; round++) {
			uint8_t *buf = malloc(len);
			for (size_t i = 0; i < len; i++) {
				x ^= x << 13;
				x ^= x >> 17;
				x ^= x << 5;
				buf[i] = (uint8_t)x;
			}
			/* Steer some frames into IP so the deeper decoders run too. */
			if (len > 0 && round % 2 == 0)
				buf[0] = (uint8_t)(round % 4 == 0 ? 0x45 : 0x60);
			for (size_t k = 0; k < sizeof types / sizeof types[0]; k++) {
				struct decoded d;
				const char *why = NULL;
				enum decode_result res = decode_frame(types[k], buf, len, len, &d, &why);
				assert_true(res == DECODE_TCP || res == DECODE_SKIP || res == DECODE_BAD);
				if (res == DECODE_TCP) {
					assert_true(d.payload >= buf || d.payload_len == 0);
					assert_true(d.payload_len <= len);
					assert_true(d.payload_len == 0 || d.payload + d.payload_len <= buf + len);
				}
				if (res == DECODE_BAD)
					assert_non_null(why);
			}
			free(buf);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ethernet_ipv4),
		cmocka_unit_test(test_gre),
		cmocka_unit_test(test_erspan),
		cmocka_unit_test(test_vxlan_and_geneve),
		cmocka_unit_test(test_vxlan_ports),
		cmocka_unit_test(test_segment_digest),
		cmocka_unit_test(test_gtpu),
		cmocka_unit_test(test_teredo),
		cmocka_unit_test(test_mpls_pseudowire),
		cmocka_unit_test(test_ethernet_ipv6),
		cmocka_unit_test(test_vlan_8021q),
		cmocka_unit_test(test_qinq),
		cmocka_unit_test(test_pppoe_session),
		cmocka_unit_test(test_pppoe_length_bounds_packet),
		cmocka_unit_test(test_linux_sll),
		cmocka_unit_test(test_linux_sll2),
		cmocka_unit_test(test_nflog),
		cmocka_unit_test(test_raw_ip),
		cmocka_unit_test(test_bsd_null_both_byte_orders),
		cmocka_unit_test(test_openbsd_loop),
		cmocka_unit_test(test_ppp),
		cmocka_unit_test(test_link_supported),
		cmocka_unit_test(test_ipv4_options),
		cmocka_unit_test(test_tcp_options),
		cmocka_unit_test(test_ipv6_extension_headers),
		cmocka_unit_test(test_ipv6_fragment_header),
		cmocka_unit_test(test_mpls),
		cmocka_unit_test(test_6in4),
		cmocka_unit_test(test_ipv4_fragments_skipped),
		cmocka_unit_test(test_udp_datagram),
		cmocka_unit_test(test_non_ip_skipped),
		cmocka_unit_test(test_snaplen_cut),
		cmocka_unit_test(test_ip_length_lies_not_cut),
		cmocka_unit_test(test_ethernet_padding),
		cmocka_unit_test(test_impossible_lengths),
		cmocka_unit_test(test_garbage_every_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
