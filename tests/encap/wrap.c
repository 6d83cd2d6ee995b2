/*
 * wrap.c — a real capture carried in another encapsulation, frame by frame.
 *
 * Usage: wrap KIND IN.pcap OUT.pcap
 *
 * Reads a classic pcap of Ethernet frames and writes each frame again inside KIND, with
 * the same timestamps and the same inner bytes: the inner Ethernet frame, or its IP
 * packet for the kinds that carry IP. The outer headers are those the senders write
 * (RFC 7348 VXLAN, RFC 8926 Geneve, RFC 2784/2890 GRE, ERSPAN types II and III, 3GPP
 * GTP-U, RFC 3032 MPLS with and without a pseudowire control word, RFC 2516 PPPoE,
 * 802.1Q and 802.1ad tags, IP in IP, RFC 4380 Teredo for the IPv6 frames, with an
 * origin indication),
 * with addresses from 198.18.0.0/15 and 2001:db8::/32. The frames are made by this
 * tool, not captured: tests/encap-same.sh checks that every connection of pcaps/ gets the
 * same class and rule however it is carried, which real tunnels show for a few scenarios
 * only (pcaps/scenarios-tunnels.sh). A frame cut by the snap length stays cut by as much.
 * Kinds: vlan qinq mpls mpls-pw pppoe gre gretap erspan2 erspan3 vxlan geneve gtpu ipip
 * ip6ip teredo nested (VLAN, then VXLAN over IPv4, then an inner VLAN).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_NAME "wrap"
#include "../common/gen_util.h"

#define LINKTYPE_ETHERNET 1
#define ETH 14
#define MAX_FRAME (262144 + 512)

static bool swapped;

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	return swapped ? __builtin_bswap32(v) : v;
}

static const uint8_t mac_a[6] = { 0x02, 0, 0, 0, 0xe0, 0x01 };
static const uint8_t mac_b[6] = { 0x02, 0, 0, 0, 0xe0, 0x02 };

/* An outer Ethernet header of the given ethertype at p; returns its length. */
static size_t eth(uint8_t *p, uint16_t type)
{
	memcpy(p, mac_b, 6);
	memcpy(p + 6, mac_a, 6);
	put16(p + 12, type);
	return ETH;
}

static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* An outer IPv4 header for a payload of len bytes of protocol proto; returns 20. A
 * datagram over 64 KB (a large segment the capturing host had not cut yet) gets total
 * length 0, as such frames have. */
static size_t ipv4(uint8_t *p, uint8_t proto, size_t len)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	put16(p + 2, len + 20 > 65535 ? 0 : (uint32_t)(len + 20));
	put16(p + 4, 0x1234);
	put16(p + 6, 0x4000); /* DF */
	p[8] = 64;
	p[9] = proto;
	static const uint8_t src[4] = { 198, 19, 255, 1 }, dst[4] = { 198, 19, 255, 2 };
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	put16(p + 10, csum(p, 20));
	return 20;
}

static size_t ipv6(uint8_t *p, uint8_t next, size_t len)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	put16(p + 4, (uint32_t)len);
	p[6] = next;
	p[7] = 64;
	static const uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xee, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t dst[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xee, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	return 40;
}

static size_t udp(uint8_t *p, uint16_t dport, size_t len)
{
	put16(p, 49152);
	put16(p + 2, dport);
	put16(p + 4, len + 8 > 65535 ? 0 : (uint32_t)(len + 8));
	put16(p + 6, 0);
	return 8;
}

/* The inner frame's ethertype, and where its IP packet starts (after any tags). */
static uint16_t inner_type(const uint8_t *f, size_t n, size_t *ip_at)
{
	size_t at = 12;
	uint16_t type = 0;
	while (at + 2 <= n) {
		type = (uint16_t)(f[at] << 8 | f[at + 1]);
		if (type != 0x8100 && type != 0x88a8)
			break;
		at += 4;
	}
	*ip_at = at + 2;
	return type;
}

/*
 * Writes the outer headers of kind for the inner frame f (n bytes captured, wire bytes
 * on the wire) into out, then what they carry; returns the frame's new length and sets
 * *extra to the bytes added (the wire length grows by as much). 0: the frame is not IP
 * and the kind carries IP only (written unchanged).
 */
static size_t wrap(const char *kind, const uint8_t *f, size_t n, size_t wire, uint8_t *out, size_t *extra)
{
	size_t ip_at;
	uint16_t type = inner_type(f, n, &ip_at);
	bool is_ip = type == 0x0800 || type == 0x86dd;
	const uint8_t *ip = f + ip_at;
	size_t ip_n = n > ip_at ? n - ip_at : 0, ip_wire = wire > ip_at ? wire - ip_at : 0;
	size_t k = 0;
	const uint8_t *body = f;
	size_t body_n = n, body_wire = wire;
	bool carries_ip = strcmp(kind, "mpls") == 0 || strcmp(kind, "pppoe") == 0 || strcmp(kind, "gre") == 0 ||
			  strcmp(kind, "gtpu") == 0 || strcmp(kind, "ipip") == 0 || strcmp(kind, "ip6ip") == 0 ||
			  strcmp(kind, "teredo") == 0;
	if (carries_ip) {
		if (!is_ip || (strcmp(kind, "teredo") == 0 && type != 0x86dd))
			return 0;
		body = ip;
		body_n = ip_n;
		body_wire = ip_wire;
	}
	uint8_t ip_proto_inner = type == 0x0800 ? 4 : 41;
	if (strcmp(kind, "vlan") == 0) {
		memcpy(out, f, 12);
		put16(out + 12, 0x8100);
		put16(out + 14, 100);
		memcpy(out + 16, f + 12, n - 12);
		*extra = 4;
		return n + 4;
	}
	if (strcmp(kind, "qinq") == 0) {
		memcpy(out, f, 12);
		put16(out + 12, 0x88a8);
		put16(out + 14, 200);
		put16(out + 16, 0x8100);
		put16(out + 18, 100);
		memcpy(out + 20, f + 12, n - 12);
		*extra = 8;
		return n + 8;
	}
	if (strcmp(kind, "mpls") == 0 || strcmp(kind, "mpls-pw") == 0) {
		k = eth(out, 0x8847);
		put32(out + k, 16u << 12 | 64); /* label 16, TTL 64 */
		put32(out + k + 4, 17u << 12 | 1u << 8 | 64); /* label 17, bottom of stack */
		k += 8;
		if (strcmp(kind, "mpls-pw") == 0) {
			put32(out + k, 0); /* the pseudowire control word (RFC 4448) */
			k += 4;
		}
	} else if (strcmp(kind, "pppoe") == 0) {
		k = eth(out, 0x8864);
		out[k] = 0x11;
		out[k + 1] = 0;
		put16(out + k + 2, 0x0042);
		put16(out + k + 4, body_wire + 2 > 65535 ? 65535 : (uint32_t)(body_wire + 2));
		put16(out + k + 6, type == 0x0800 ? 0x0021 : 0x0057);
		k += 8;
	} else if (strcmp(kind, "gre") == 0 || strcmp(kind, "gretap") == 0) {
		bool tap = strcmp(kind, "gretap") == 0;
		k = eth(out, 0x0800);
		size_t gre = 8; /* with a key */
		k += ipv4(out + k, 47, gre + body_wire);
		put16(out + k, 0x2000); /* K */
		put16(out + k + 2, tap ? 0x6558 : type);
		put32(out + k + 4, 7);
		k += gre;
	} else if (strcmp(kind, "erspan2") == 0 || strcmp(kind, "erspan3") == 0) {
		bool three = strcmp(kind, "erspan3") == 0;
		size_t hdr = 8 + (three ? 12 : 8); /* GRE with a sequence number, then ERSPAN */
		k = eth(out, 0x0800);
		k += ipv4(out + k, 47, hdr + body_wire);
		put16(out + k, 0x1000); /* S */
		put16(out + k + 2, three ? 0x22eb : 0x88be);
		put32(out + k + 4, 1);
		k += 8;
		if (three) {
			put32(out + k, 2u << 28 | 1); /* version 2 (type III), VLAN 0, session 1 */
			put32(out + k + 4, 0);        /* timestamp */
			put32(out + k + 8, 0);        /* SGT, flags: no platform subheader */
			k += 12;
		} else {
			put32(out + k, 1u << 28 | 1); /* version 1 (type II), session 1 */
			put32(out + k + 4, 0);
			k += 8;
		}
	} else if (strcmp(kind, "vxlan") == 0 || strcmp(kind, "nested") == 0) {
		bool nested = strcmp(kind, "nested") == 0;
		size_t tags = nested ? 4 : 0;
		if (nested) {
			memcpy(out, mac_b, 6);
			memcpy(out + 6, mac_a, 6);
			put16(out + 12, 0x8100);
			put16(out + 14, 300);
			put16(out + 16, 0x0800);
			k = 18;
		} else {
			k = eth(out, 0x0800);
		}
		k += ipv4(out + k, 17, 8 + 8 + body_wire + tags);
		k += udp(out + k, 4789, 8 + body_wire + tags);
		out[k] = 0x08;
		memset(out + k + 1, 0, 3);
		put32(out + k + 4, 42u << 8);
		k += 8;
		if (nested) {
			/* An inner VLAN tag in the carried frame. */
			memcpy(out + k, f, 12);
			put16(out + k + 12, 0x8100);
			put16(out + k + 14, 10);
			memcpy(out + k + 16, f + 12, n - 12);
			*extra = k + 4;
			return k + n + 4;
		}
	} else if (strcmp(kind, "geneve") == 0) {
		k = eth(out, 0x0800);
		k += ipv4(out + k, 17, 8 + 8 + body_wire);
		k += udp(out + k, 6081, 8 + body_wire);
		out[k] = 0;     /* version 0, no options */
		out[k + 1] = 0;
		put16(out + k + 2, 0x6558);
		put32(out + k + 4, 42u << 8);
		k += 8;
	} else if (strcmp(kind, "gtpu") == 0) {
		k = eth(out, 0x0800);
		k += ipv4(out + k, 17, 8 + 8 + body_wire);
		k += udp(out + k, 2152, 8 + body_wire);
		out[k] = 0x30; /* version 1, protocol type GTP */
		out[k + 1] = 0xff;
		put16(out + k + 2, body_wire > 65535 ? 65535 : (uint32_t)body_wire);
		put32(out + k + 4, 0x1001);
		k += 8;
	} else if (strcmp(kind, "teredo") == 0) {
		k = eth(out, 0x0800);
		k += ipv4(out + k, 17, 8 + 8 + body_wire);
		k += udp(out + k, 3544, 8 + body_wire);
		put16(out + k - 8, 3544); /* a relay's datagram: Teredo's port both ways */
		put16(out + k, 0);        /* origin indication: obfuscated port and address */
		put16(out + k + 2, 0xffff ^ 3544);
		put32(out + k + 4, 0xffffffffu ^ 0xc6120102u);
		k += 8;
	} else if (strcmp(kind, "ipip") == 0) {
		k = eth(out, 0x0800);
		k += ipv4(out + k, ip_proto_inner, body_wire);
	} else if (strcmp(kind, "ip6ip") == 0) {
		k = eth(out, 0x86dd);
		if (body_wire > 65535)
			return 0;
		k += ipv6(out + k, ip_proto_inner, body_wire);
	} else {
		die("unknown kind %s", kind);
	}
	memcpy(out + k, body, body_n);
	*extra = k - (size_t)(body - f);
	return k + body_n;
}

int main(int argc, char **argv)
{
	if (argc != 4)
		die("usage: wrap KIND IN.pcap OUT.pcap");
	FILE *in = fopen(argv[2], "rb");
	if (in == NULL)
		die("%s: cannot open", argv[2]);
	uint8_t gh[24];
	if (fread(gh, 1, 24, in) != 24)
		die("%s: no pcap header", argv[2]);
	uint32_t magic = (uint32_t)gh[0] | (uint32_t)gh[1] << 8 | (uint32_t)gh[2] << 16 | (uint32_t)gh[3] << 24;
	if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
		swapped = true;
	else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d)
		die("%s: not a classic pcap", argv[2]);
	if (rd32(gh + 20) != LINKTYPE_ETHERNET) {
		fprintf(stderr, "wrap: %s: not Ethernet, left out\n", argv[2]);
		return 3;
	}
	FILE *out = fopen(argv[3], "wb");
	if (out == NULL)
		die("%s: cannot create", argv[3]);
	/* The same header in the host's order, with a snap length that fits the outer headers. */
	uint8_t oh[24];
	put32le(oh, swapped ? __builtin_bswap32(magic) : magic);
	oh[4] = 2, oh[5] = 0, oh[6] = 4, oh[7] = 0;
	memset(oh + 8, 0, 8);
	put32le(oh + 16, MAX_FRAME);
	put32le(oh + 20, LINKTYPE_ETHERNET);
	fwrite(oh, 1, 24, out);
	static uint8_t frame[MAX_FRAME], wrapped[MAX_FRAME + 512];
	uint8_t rh[16];
	while (fread(rh, 1, 16, in) == 16) {
		uint32_t caplen = rd32(rh + 8), wirelen = rd32(rh + 12);
		if (caplen > MAX_FRAME)
			die("%s: frame of %u bytes", argv[2], caplen);
		if (fread(frame, 1, caplen, in) != caplen)
			die("%s: frame cut by the end of the file", argv[2]);
		size_t extra = 0;
		size_t n = caplen >= ETH ? wrap(argv[1], frame, caplen, wirelen, wrapped, &extra) : 0;
		const uint8_t *w = n > 0 ? wrapped : frame;
		if (n == 0)
			n = caplen;
		uint8_t orh[16];
		put32le(orh, rd32(rh));
		put32le(orh + 4, rd32(rh + 4));
		put32le(orh + 8, (uint32_t)n);
		put32le(orh + 12, (uint32_t)(wirelen + extra));
		fwrite(orh, 1, 16, out);
		fwrite(w, 1, n, out);
	}
	if (fclose(out) != 0)
		die("%s: write failed", argv[3]);
	fclose(in);
	return 0;
}
