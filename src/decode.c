/*
 * decode.c — link layer → (tunnels) → IPv4/IPv6 → TCP, for one frame.
 *
 * Pipeline position: capture → decode → flow. Pure and stateless. Every header is read
 * through the bounded reader; IP lengths are checked against what was captured, and
 * what the IP header claims beyond the capture is reported as "cut", never read.
 * Tunnels are opened down to the TCP connection inside: IP in IP, GRE (with checksum,
 * key and sequence number; carrying IP, Ethernet or MPLS), ERSPAN types I, II and III,
 * VXLAN, Geneve, GTP-U, Teredo and MPLS (with or without a pseudowire control word); each one
 * met is named in decoded.encap, and the outermost IP header's addresses are kept.
 * A fragment is described (decoded.frag) for frag.c, which puts datagrams back
 * together; decode_reassembled reads them on from their IP payload. Not done here: the
 * reassembly itself, UDP/QUIC, tunnels that cannot be opened (ESP is encrypted; L2TP,
 * EtherIP are named, for the tally).
 */
#include "decode.h"

#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "bytes.h"

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_VLAN 0x8100      /* 802.1Q */
#define ETHERTYPE_QINQ 0x88a8      /* 802.1ad */
#define ETHERTYPE_QINQ_OLD 0x9100  /* pre-standard double tagging */
#define ETHERTYPE_PPPOE 0x8864     /* PPPoE session stage */
#define ETHERTYPE_MPLS 0x8847
#define PPP_IPV4 0x0021
#define PPP_IPV6 0x0057
#define IPPROTO_NUM_IPIP 4
#define IPPROTO_NUM_TCP 6
#define IPPROTO_NUM_IPV6 41        /* 6in4 */
#define MAX_ENCAPSULATION 6        /* tags + tunnels followed before giving up */
/* decode_frame's reason for a link type it does not read, which the tally tells apart. */
#define DECODE_WHY_LINK_TYPE "unsupported link type"
#define ETHERTYPE_ARP 0x0806
#define ETHERTYPE_LLDP 0x88cc
#define IPPROTO_NUM_ICMP 1
#define IPPROTO_NUM_UDP 17
#define IPPROTO_NUM_GRE 47         /* RFC 2784 */
#define IPPROTO_NUM_ESP 50         /* RFC 4303: IPsec, encrypted */
#define IPPROTO_NUM_ICMPV6 58
#define IPPROTO_NUM_ETHERIP 97     /* RFC 3378 */
#define IPPROTO_NUM_L2TP 115       /* RFC 3931, L2TPv3 over IP */
#define IPPROTO_NUM_SCTP 132
#define UDP_PORT_L2TP 1701         /* RFC 2661 */
#define UDP_PORT_GTPU 2152         /* 3GPP TS 29.281 */
#define UDP_PORT_TEREDO 3544       /* RFC 4380: the Teredo server's and relays' port */
#define UDP_PORT_VXLAN DECODE_VXLAN_PORT             /* RFC 7348 */
#define UDP_PORT_GENEVE 6081       /* RFC 8926 */
#define UDP_PORT_VXLAN_LINUX DECODE_VXLAN_PORT_LINUX /* Linux's VXLAN port when none is given */
#define GRE_PROTO_TEB 0x6558       /* transparent Ethernet bridging: an Ethernet frame */
#define GRE_PROTO_ERSPAN 0x88be    /* ERSPAN type I (no sequence number) and II */
#define GRE_PROTO_ERSPAN3 0x22eb   /* ERSPAN type III */
#define GTPU_GPDU 0xff             /* a G-PDU: a user packet inside */

/* What the steps of one frame's decoding share: where the reason for a bad frame goes,
 * and what decode_frame_with was told (NULL: the defaults). */
struct walk {
	const char **why;
	const struct decode_config *cfg;
};

static enum decode_result bad(struct walk *w, const char *reason)
{
	*w->why = reason;
	return DECODE_BAD;
}

/* A frame left out: why, and what was met (for the capture's tally). */
static enum decode_result skip(struct decoded *out, enum decode_reason reason, const char *what, uint32_t code)
{
	out->skip = (uint8_t)reason;
	out->skip_what = what;
	out->skip_code = code;
	return DECODE_SKIP;
}

static enum decode_result decode_ip(struct reader *r, int depth, struct decoded *out, struct walk *w);
static enum decode_result decode_ethertype(struct reader *r, uint16_t type, int depth, struct decoded *out,
					   struct walk *w);

const char *decode_encap_name(enum decode_encap e)
{
	switch (e) {
	case ENCAP_IP_IN_IP: return "ip-in-ip";
	case ENCAP_GRE: return "gre";
	case ENCAP_ERSPAN: return "erspan";
	case ENCAP_VXLAN: return "vxlan";
	case ENCAP_GENEVE: return "geneve";
	case ENCAP_GTPU: return "gtp-u";
	case ENCAP_MPLS: return "mpls";
	case ENCAP_VLAN: return "vlan";
	case ENCAP_PPPOE: return "pppoe";
	case ENCAP_TEREDO: return "teredo";
	}
	return "?";
}

/* A tunnel or tag met on the way in: named, and for the first tunnel the outer header's
 * addresses kept (src and dst end as the innermost, where the TCP connection is). */
static void met(struct decoded *out, enum decode_encap e)
{
	if (out->n_encap < DECODE_ENCAP_MAX)
		out->encap[out->n_encap++] = (uint8_t)e;
}

static void outer(struct decoded *out, int family, const uint8_t *src, const uint8_t *dst)
{
	if (out->tunnelled)
		return;
	size_t len = family == 4 ? 4 : 16;
	out->tunnelled = true;
	out->outer_src.family = out->outer_dst.family = (uint8_t)family;
	memset(out->outer_src.addr, 0, sizeof out->outer_src.addr);
	memset(out->outer_dst.addr, 0, sizeof out->outer_dst.addr);
	memcpy(out->outer_src.addr, src, len); // reader-lint: the IP header's addresses, read with rd_copy
	memcpy(out->outer_dst.addr, dst, len); // reader-lint: the IP header's addresses, read with rd_copy
}

/* An Ethernet frame inside a tunnel (VXLAN, gretap, ERSPAN, Geneve, a pseudowire). */
static enum decode_result decode_inner_ethernet(struct reader *r, int depth, struct decoded *out, struct walk *w)
{
	uint16_t type;
	if (!rd_skip(r, 12) || !rd_u16(r, &type))
		return bad(w, "inner Ethernet header truncated");
	return decode_ethertype(r, type, depth, out, w);
}

/* RFC 3032: labels up to the bottom of the stack, then IP (its version nibble) or, after
 * a pseudowire control word (first nibble 0, RFC 4385), an Ethernet frame (RFC 4448). */
static enum decode_result decode_mpls(struct reader *r, int depth, struct decoded *out, struct walk *w)
{
	met(out, ENCAP_MPLS);
	uint32_t label = 0;
	int n = 0;
	do {
		if (!rd_u32(r, &label))
			return bad(w, "MPLS label truncated");
		if (++n > 16)
			return bad(w, "MPLS label stack deeper than 16");
	} while ((label & 0x100) == 0);
	uint8_t first;
	if (!rd_peek_u8(r, 0, &first))
		return bad(w, "MPLS payload missing");
	if ((first >> 4) == 4 || (first >> 4) == 6)
		return decode_ip(r, depth + 1, out, w);
	if ((first >> 4) == 0) {
		if (!rd_skip(r, 4))
			return bad(w, "MPLS control word truncated");
		return decode_inner_ethernet(r, depth + 1, out, w);
	}
	return skip(out, DECODE_REASON_TUNNEL, "MPLS payload", first >> 4);
}

/* RFC 2784 and RFC 2890 (key, sequence number); ERSPAN: draft-foschiano-erspan. */
static enum decode_result decode_gre(struct reader *r, int depth, struct decoded *out, struct walk *w)
{
	uint16_t flags, proto;
	if (!rd_u16(r, &flags) || !rd_u16(r, &proto))
		return bad(w, "GRE header truncated");
	if ((flags & 7) != 0) /* version 1 is PPTP's enhanced GRE, carrying PPP */
		return skip(out, DECODE_REASON_TUNNEL, "GRE version 1 (PPTP)", flags & 7);
	if ((flags & 0x4000) != 0) /* RFC 1701 routing: obsolete */
		return skip(out, DECODE_REASON_TUNNEL, "GRE with routing", proto);
	size_t options = ((flags & 0x8000) ? 4u : 0u) + ((flags & 0x2000) ? 4u : 0u) + ((flags & 0x1000) ? 4u : 0u);
	if (!rd_skip(r, options))
		return bad(w, "GRE options truncated");
	if (depth >= MAX_ENCAPSULATION)
		return bad(w, "too many nested tunnels");
	switch (proto) {
	case ETHERTYPE_IPV4:
	case ETHERTYPE_IPV6:
		met(out, ENCAP_GRE);
		return decode_ip(r, depth + 1, out, w);
	case GRE_PROTO_TEB:
		met(out, ENCAP_GRE);
		return decode_inner_ethernet(r, depth + 1, out, w);
	case ETHERTYPE_MPLS:
		met(out, ENCAP_GRE);
		return decode_mpls(r, depth + 1, out, w);
	case GRE_PROTO_ERSPAN:
		/* Type I has no sequence number and no header of its own; type II an 8-byte one. */
		met(out, ENCAP_ERSPAN);
		if ((flags & 0x1000) != 0 && !rd_skip(r, 8))
			return bad(w, "ERSPAN type II header truncated");
		return decode_inner_ethernet(r, depth + 1, out, w);
	case GRE_PROTO_ERSPAN3: {
		/* 12 bytes, then 8 of platform-specific subheader when the O flag is set. */
		uint8_t last;
		met(out, ENCAP_ERSPAN);
		if (!rd_peek_u8(r, 11, &last) || !rd_skip(r, 12) || ((last & 1) != 0 && !rd_skip(r, 8)))
			return bad(w, "ERSPAN type III header truncated");
		return decode_inner_ethernet(r, depth + 1, out, w);
	}
	default:
		return skip(out, DECODE_REASON_TUNNEL, "GRE payload", proto);
	}
}

/* RFC 7348: 8 bytes (flags with I set, VNI), then an Ethernet frame. */
static enum decode_result decode_vxlan(struct reader *r, int depth, struct decoded *out, struct walk *w)
{
	uint8_t flags;
	if (!rd_peek_u8(r, 0, &flags) || !rd_skip(r, 8))
		return bad(w, "VXLAN header truncated");
	if ((flags & 0x08) == 0)
		return skip(out, DECODE_REASON_TUNNEL, "VXLAN without a VNI", flags);
	met(out, ENCAP_VXLAN);
	return decode_inner_ethernet(r, depth + 1, out, w);
}

/* RFC 8926: version 0, options of (byte 0 & 0x3f) * 4 bytes, a protocol type. */
static enum decode_result decode_geneve(struct reader *r, int depth, struct decoded *out, struct walk *w)
{
	uint8_t vlen, fl;
	uint16_t proto;
	if (!rd_u8(r, &vlen) || !rd_u8(r, &fl) || !rd_u16(r, &proto) || !rd_skip(r, 4))
		return bad(w, "Geneve header truncated");
	if ((vlen >> 6) != 0)
		return skip(out, DECODE_REASON_TUNNEL, "Geneve version", vlen >> 6);
	if (!rd_skip(r, (size_t)(vlen & 0x3f) * 4))
		return bad(w, "Geneve options truncated");
	met(out, ENCAP_GENEVE);
	if (proto == GRE_PROTO_TEB)
		return decode_inner_ethernet(r, depth + 1, out, w);
	if (proto == ETHERTYPE_IPV4 || proto == ETHERTYPE_IPV6)
		return decode_ip(r, depth + 1, out, w);
	return skip(out, DECODE_REASON_TUNNEL, "Geneve payload", proto);
}

/* 3GPP TS 29.281 5.1: flags (version 1), message type, length, TEID; with any of E, S,
 * PN a sequence number, N-PDU number and next extension type; extension headers in
 * 4-byte units. A G-PDU carries the user's IP packet. */
static enum decode_result decode_gtpu(struct reader *r, int depth, struct decoded *out, struct walk *w)
{
	uint8_t flags, type;
	uint16_t length;
	uint32_t teid;
	if (!rd_u8(r, &flags) || !rd_u8(r, &type) || !rd_u16(r, &length) || !rd_u32(r, &teid))
		return bad(w, "GTP-U header truncated");
	if ((flags >> 5) != 1)
		return skip(out, DECODE_REASON_TUNNEL, "GTP version", flags >> 5);
	if (type != GTPU_GPDU)
		return skip(out, DECODE_REASON_NOT_TCP, "GTP-U signalling", type);
	if ((flags & 0x07) != 0) {
		uint16_t seq;
		uint8_t npdu, next;
		if (!rd_u16(r, &seq) || !rd_u8(r, &npdu) || !rd_u8(r, &next))
			return bad(w, "GTP-U optional fields truncated");
		for (int n = 0; next != 0; n++) {
			uint8_t units;
			if (n >= 16 || !rd_u8(r, &units) || units == 0 || !rd_skip(r, (size_t)units * 4 - 2) || !rd_u8(r, &next))
				return bad(w, "GTP-U extension header truncated");
		}
	}
	met(out, ENCAP_GTPU);
	return decode_ip(r, depth + 1, out, w);
}

/* VXLAN's UDP ports: the configured ones, else the IANA port and Linux's default. */
static bool is_vxlan_port(const struct decode_config *cfg, uint16_t port)
{
	if (cfg == NULL || cfg->vxlan_ports == NULL)
		return port == UDP_PORT_VXLAN || port == UDP_PORT_VXLAN_LINUX;
	for (size_t i = 0; i < cfg->n_vxlan_ports; i++)
		if (cfg->vxlan_ports[i] == port)
			return true;
	return false;
}

#define TEREDO_AUTHENTICATION 0x0001 /* RFC 4380 5.1.1 */
#define TEREDO_ORIGIN 0x0000         /* RFC 4380 5.1.1 */

/*
 * RFC 4380 5.1.1: an IPv6 packet, optionally preceded by an authentication
 * encapsulation (0x0001, client identifier length, authentication value length, the
 * identifier, the value, an 8-byte nonce, a confirmation byte) and then an origin
 * indication (0x0000, the obfuscated origin port and IPv4 address: 8 bytes in all).
 */
static enum decode_result decode_teredo(struct reader *r, int depth, struct decoded *out, struct walk *w)
{
	uint16_t indicator;
	if (rd_peek_u16(r, 0, &indicator) && indicator == TEREDO_AUTHENTICATION) {
		uint8_t id_len, au_len;
		if (!rd_skip(r, 2) || !rd_u8(r, &id_len) || !rd_u8(r, &au_len) ||
		    !rd_skip(r, (size_t)id_len + au_len + 8 + 1))
			return bad(w, "Teredo authentication header truncated");
	}
	if (rd_peek_u16(r, 0, &indicator) && indicator == TEREDO_ORIGIN && !rd_skip(r, 8))
		return bad(w, "Teredo origin indication truncated");
	/* Every Teredo datagram carries an IPv6 packet (a bubble too): one cut before it,
	 * or inside an indicator, is malformed. */
	uint8_t first;
	if (!rd_peek_u8(r, 0, &first) || (first == 0 && rd_left(r) < 2))
		return bad(w, "Teredo packet truncated");
	if ((first >> 4) != 6)
		return skip(out, DECODE_REASON_TUNNEL, "Teredo payload", first >> 4);
	met(out, ENCAP_TEREDO);
	return decode_ip(r, depth + 1, out, w);
}

/* What the IP header said that the transport's view keeps. */
struct ip_fields {
	uint8_t ttl;
	bool has_ip_id;
	uint16_t ip_id;
	size_t wire_len;         /* of the IP payload, as the IP header gives it */
};

/* The addresses and IP fields of the innermost header into out. */
static inline __attribute__((always_inline)) void set_ip(struct decoded *out, int family, const uint8_t *src,
							   const uint8_t *dst, const struct ip_fields *ip)
{
	size_t n = family == 4 ? 4 : 16;
	out->src.family = out->dst.family = (uint8_t)family;
	memset(out->src.addr, 0, sizeof out->src.addr);
	memset(out->dst.addr, 0, sizeof out->dst.addr);
	memcpy(out->src.addr, src, n); // reader-lint: the IP header's addresses, read with rd_copy
	memcpy(out->dst.addr, dst, n); // reader-lint: the IP header's addresses, read with rd_copy
	out->ttl = ip->ttl;
	out->has_ip_id = ip->has_ip_id;
	out->ip_id = ip->ip_id;
}

/* RFC 768: a datagram that opens no tunnel, for the UDP transports (QUIC, DTLS). Its
 * length is the UDP header's, bounded by the IP payload's; the payload is what the frame
 * holds of it. */
static enum decode_result decode_udp(struct reader *body, int family, const uint8_t *src, const uint8_t *dst,
				     const struct ip_fields *ip, struct decoded *out, struct walk *w)
{
	uint16_t sport, dport, length, checksum;
	if (!rd_u16(body, &sport) || !rd_u16(body, &dport) || !rd_u16(body, &length) || !rd_u16(body, &checksum))
		return bad(w, "UDP header truncated");
	/* Length 0: a jumbogram's (RFC 2675), or one captured before offload filled it in. */
	size_t wire = ip->wire_len >= 8 ? ip->wire_len - 8 : 0;
	if (length != 0) {
		if (length < 8)
			return bad(w, "UDP length below 8 bytes");
		if ((size_t)length - 8 < wire)
			wire = (size_t)length - 8;
	}
	set_ip(out, family, src, dst, ip);
	out->udp = true;
	out->src.port = sport;
	out->dst.port = dport;
	out->payload_wire_len = wire;
	out->payload_len = rd_left(body) < wire ? rd_left(body) : wire;
	if (!rd_view(body, out->payload_len, &out->payload))
		return bad(w, "UDP payload truncated");
	out->cut = out->payload_len < out->payload_wire_len;
	return DECODE_UDP;
}

#define ICMP_UNREACHABLE 3            /* RFC 792 */
#define ICMPV6_UNREACHABLE 1          /* RFC 4443 3.1 */

/*
 * An ICMP or ICMPv6 Destination Unreachable quoting a UDP datagram (RFC 792, RFC 4443
 * 3.1: the offending packet's IP header and at least 8 bytes after it): DECODE_UDP with
 * icmp_error set, src and dst the quoted datagram's (so that its conversation is found)
 * and icmp_from the ICMP message's sender; no payload. Anything else: DECODE_SKIP,
 * counted as ICMP by the caller.
 */
static enum decode_result decode_icmp_error(struct reader *body, bool v6, int family, const uint8_t *src,
					    const uint8_t *dst, const struct ip_fields *ip, struct decoded *out)
{
	uint8_t type, code, first;
	if (!rd_u8(body, &type) || !rd_u8(body, &code) || !rd_skip(body, 6) || !rd_peek_u8(body, 0, &first))
		return DECODE_SKIP;
	if (type != (v6 ? ICMPV6_UNREACHABLE : ICMP_UNREACHABLE))
		return DECODE_SKIP;
	uint8_t inner_src[16] = { 0 }, inner_dst[16] = { 0 }, proto;
	int inner_family;
	if (!v6 && (first >> 4) == 4) {
		size_t ihl = (size_t)(first & 0x0f) * 4;
		if (ihl < 20 || !rd_skip(body, 9) || !rd_u8(body, &proto) || !rd_skip(body, 2) || !rd_copy(body, inner_src, 4) ||
		    !rd_copy(body, inner_dst, 4) || !rd_skip(body, ihl - 20))
			return DECODE_SKIP;
		inner_family = 4;
	} else if (v6 && (first >> 4) == 6) {
		if (!rd_skip(body, 6) || !rd_u8(body, &proto) || !rd_skip(body, 1) || !rd_copy(body, inner_src, 16) ||
		    !rd_copy(body, inner_dst, 16))
			return DECODE_SKIP;
		inner_family = 6;
	} else {
		return DECODE_SKIP;
	}
	uint16_t sport, dport;
	if (proto != IPPROTO_NUM_UDP || !rd_u16(body, &sport) || !rd_u16(body, &dport))
		return DECODE_SKIP;
	set_ip(out, inner_family, inner_src, inner_dst, ip);
	out->udp = true;
	out->icmp_error = true;
	out->icmp_type = type;
	out->icmp_code = code;
	out->icmp_from.family = (uint8_t)family;
	memset(out->icmp_from.addr, 0, sizeof out->icmp_from.addr);
	memcpy(out->icmp_from.addr, src, family == 4 ? 4 : 16); // reader-lint: the IP header's address, read with rd_copy
	(void)dst;
	out->src.port = sport;
	out->dst.port = dport;
	out->payload = NULL;
	out->payload_len = out->payload_wire_len = 0;
	return DECODE_UDP;
}

/* An IP payload that is not TCP: a tunnel opened down to what it carries (GRE; over UDP,
 * VXLAN, Geneve, GTP-U and Teredo by their well-known ports), one that cannot be (ESP, EtherIP,
 * L2TP: named for the tally), or some other protocol. body: the IP payload; family, src
 * and dst: the IP header's, the outer addresses when a tunnel is opened. */
static enum decode_result decode_ip_payload(struct reader *body, uint8_t proto, int depth, int family,
					    const uint8_t *src, const uint8_t *dst, const struct ip_fields *ip,
					    struct decoded *out, struct walk *w)
{
	switch (proto) {
	case IPPROTO_NUM_GRE:
		outer(out, family, src, dst);
		return decode_gre(body, depth, out, w);
	case IPPROTO_NUM_ESP: return skip(out, DECODE_REASON_TUNNEL, "IPsec ESP", proto);
	case IPPROTO_NUM_ETHERIP: return skip(out, DECODE_REASON_TUNNEL, "EtherIP", proto);
	case IPPROTO_NUM_L2TP: return skip(out, DECODE_REASON_TUNNEL, "L2TPv3", proto);
	case IPPROTO_NUM_ICMP:
	case IPPROTO_NUM_ICMPV6: {
		enum decode_result res = decode_icmp_error(body, proto == IPPROTO_NUM_ICMPV6, family, src, dst, ip, out);
		if (res == DECODE_UDP)
			return res;
		return skip(out, DECODE_REASON_NOT_TCP, proto == IPPROTO_NUM_ICMP ? "ICMP" : "ICMPv6", proto);
	}
	case IPPROTO_NUM_SCTP: return skip(out, DECODE_REASON_NOT_TCP, "SCTP", proto);
	case IPPROTO_NUM_UDP: break;
	default: return skip(out, DECODE_REASON_NOT_TCP, NULL, proto);
	}
	/* UDP (RFC 768): source port, destination port, length, checksum; a tunnel's port is
	 * the destination's (VXLAN, Geneve and GTP-U senders pick the source port freely). */
	uint16_t sport = 0, dport = 0;
	if (!rd_peek_u16(body, 0, &sport) || !rd_peek_u16(body, 2, &dport) || rd_left(body) < 8)
		return bad(w, "UDP header truncated");
	if (depth >= MAX_ENCAPSULATION)
		return bad(w, "too many nested tunnels");
	enum decode_result (*open)(struct reader *, int, struct decoded *, struct walk *) = NULL;
	if (is_vxlan_port(w->cfg, dport))
		open = decode_vxlan;
	else if (dport == UDP_PORT_GENEVE)
		open = decode_geneve;
	else if (dport == UDP_PORT_GTPU)
		open = decode_gtpu;
	else if (dport == UDP_PORT_TEREDO || sport == UDP_PORT_TEREDO)
		open = decode_teredo; /* from a server or relay too: their port is the source */
	if (open != NULL) {
		if (!rd_skip(body, 8))
			return bad(w, "UDP header truncated");
		outer(out, family, src, dst);
		return open(body, depth, out, w);
	}
	if (dport == UDP_PORT_L2TP || sport == UDP_PORT_L2TP)
		return skip(out, DECODE_REASON_TUNNEL, "L2TP", UDP_PORT_L2TP);
	return decode_udp(body, family, src, dst, ip, out, w);
}

static enum decode_result decode_tcp(struct reader *ip_payload, size_t wire_len, struct decoded *out,
				     struct walk *w)
{
	struct reader *r = ip_payload;
	uint16_t sport, dport, window, checksum, urgent;
	uint8_t offset_byte, flags;
	/* The fixed part, read through a reader of its own; the view of it, which the options
	 * consumed from r below extend, is the whole header's (decoded.tcp_header). */
	const uint8_t *header;
	struct reader fixed;
	if (rd_left(r) < 20 || !rd_view(r, 20, &header))
		return bad(w, wire_len >= 20 ? "TCP header cut by the snap length" : "TCP header shorter than 20 bytes");
	rd_init(&fixed, header, 20, 0);
	if (!rd_u16(&fixed, &sport) || !rd_u16(&fixed, &dport) || !rd_u32(&fixed, &out->seq) ||
	    !rd_u32(&fixed, &out->ack) || !rd_u8(&fixed, &offset_byte) || !rd_u8(&fixed, &flags) ||
	    !rd_u16(&fixed, &window) || !rd_u16(&fixed, &checksum) || !rd_u16(&fixed, &urgent))
		return bad(w, "TCP header truncated");
	size_t header_len = (size_t)(offset_byte >> 4) * 4;
	if (header_len < 20)
		return bad(w, "TCP data offset below 20 bytes");
	if (header_len > wire_len)
		return bad(w, "TCP data offset beyond the IP payload");
	if (header_len - 20 > rd_left(r))
		return bad(w, "TCP options cut by the snap length");
	if (!rd_skip(r, header_len - 20))
		return bad(w, "TCP options truncated");
	out->tcp_header = header;
	out->tcp_header_len = header_len;
	out->src.port = sport;
	out->dst.port = dport;
	out->flags = flags;
	out->window = window;
	out->payload_wire_len = wire_len - header_len;
	out->payload_len = rd_left(r);
	if (out->payload_len > out->payload_wire_len)
		out->payload_len = out->payload_wire_len; /* link-layer padding after the IP packet */
	if (!rd_view(r, out->payload_len, &out->payload))
		return bad(w, "TCP payload truncated");
	out->cut = out->payload_len < out->payload_wire_len;
	return DECODE_TCP;
}

/* Describes a fragment for reassembly (the IP payload in body) and skips it. */
static enum decode_result fragment(struct decoded *out, struct reader *body, bool cut, int family, const uint8_t *src,
				   const uint8_t *dst, uint32_t id, uint8_t proto, uint8_t ttl, uint32_t offset, bool more,
				   int depth)
{
	struct decode_fragment *fg = &out->frag;
	size_t n = family == 4 ? 4 : 16;
	memset(fg, 0, sizeof *fg);
	fg->family = (uint8_t)family;
	memcpy(fg->src, src, n); // reader-lint: the IP header's addresses, read with rd_copy
	memcpy(fg->dst, dst, n); // reader-lint: the IP header's addresses, read with rd_copy
	fg->id = id;
	fg->proto = proto;
	fg->ttl = ttl;
	fg->offset = offset;
	fg->more = more;
	fg->cut = cut;
	fg->depth = (uint8_t)depth;
	fg->len = rd_left(body);
	if (!rd_view(body, fg->len, &fg->data))
		fg->len = 0;
	out->is_fragment = true;
	return skip(out, DECODE_REASON_FRAGMENT, family == 4 ? "IPv4" : "IPv6", (uint32_t)family);
}

/* RFC 791 section 3.1 */
static enum decode_result decode_ipv4(struct reader *r, int depth, struct decoded *out, struct walk *w)
{
	uint8_t vihl, tos, ttl, proto;
	uint16_t total_len, id, frag, checksum;
	if (!rd_u8(r, &vihl) || !rd_u8(r, &tos) || !rd_u16(r, &total_len) || !rd_u16(r, &id) ||
	    !rd_u16(r, &frag) || !rd_u8(r, &ttl) || !rd_u8(r, &proto) || !rd_u16(r, &checksum))
		return bad(w, "IPv4 header truncated");
	size_t header_len = (size_t)(vihl & 0x0f) * 4;
	if (header_len < 20)
		return bad(w, "IPv4 header length below 20 bytes");
	/* Total length 0: captured before TCP segmentation offload filled it in (Windows
	 * LSO, Linux TSO on the sending host); the frame holds the datagram. */
	if (total_len == 0 && rd_left(r) + 12 >= header_len) /* 12 header bytes read so far */
		total_len = (uint16_t)(rd_left(r) + 12 > UINT16_MAX ? UINT16_MAX : rd_left(r) + 12);
	if (total_len < header_len)
		return bad(w, "IPv4 total length smaller than its header");
	uint8_t src[4], dst[4];
	if (!rd_copy(r, src, 4) || !rd_copy(r, dst, 4))
		return bad(w, "IPv4 header truncated");
	if (!rd_skip(r, header_len - 20))
		return bad(w, "IPv4 options truncated");
	size_t wire_payload = total_len - header_len;
	struct reader body;
	size_t have = rd_left(r) < wire_payload ? rd_left(r) : wire_payload;
	if (!rd_sub(r, have, &body))
		return bad(w, "IPv4 payload truncated");
	/* A fragment (offset or more-fragments set): described for reassembly (frag.h). */
	if ((frag & 0x1fff) != 0 || (frag & 0x2000) != 0)
		return fragment(out, &body, have < wire_payload, 4, src, dst, id, proto, ttl, (uint32_t)(frag & 0x1fff) * 8,
				(frag & 0x2000) != 0, depth);
	if (proto == IPPROTO_NUM_IPV6 || proto == IPPROTO_NUM_IPIP) {
		if (depth >= MAX_ENCAPSULATION)
			return bad(w, "too many nested tunnels");
		outer(out, 4, src, dst);
		met(out, ENCAP_IP_IN_IP);
		return decode_ip(&body, depth + 1, out, w);
	}
	if (proto != IPPROTO_NUM_TCP)
		return decode_ip_payload(&body, proto, depth, 4, src, dst,
					 &(struct ip_fields){ .ttl = ttl, .has_ip_id = true, .ip_id = id, .wire_len = wire_payload },
					 out, w);
	set_ip(out, 4, src, dst, &(struct ip_fields){ .ttl = ttl, .has_ip_id = true, .ip_id = id, .wire_len = wire_payload });
	return decode_tcp(&body, wire_payload, out, w);
}

/* RFC 8200 sections 3 and 4 */
static enum decode_result decode_ipv6(struct reader *r, int depth, struct decoded *out, struct walk *w)
{
	uint32_t vtcfl;
	uint16_t payload_len;
	uint8_t next, hop_limit;
	uint8_t src[16], dst[16];
	if (!rd_u32(r, &vtcfl) || !rd_u16(r, &payload_len) || !rd_u8(r, &next) || !rd_u8(r, &hop_limit) ||
	    !rd_copy(r, src, 16) || !rd_copy(r, dst, 16))
		return bad(w, "IPv6 header truncated");
	if (payload_len == 0)
		return skip(out, DECODE_REASON_OTHER, "IPv6 jumbogram or empty packet", 0); /* no TCP here worth reading */
	struct reader body;
	size_t have = rd_left(r) < payload_len ? rd_left(r) : payload_len;
	size_t wire_left = payload_len;
	if (!rd_sub(r, have, &body))
		return bad(w, "IPv6 payload truncated");
	/* Each extension header takes at least 8 bytes of the payload: the chain ends within
	 * the packet, however long it is. */
	for (;;) {
		if (next == IPPROTO_NUM_TCP)
			break;
		if (next == IPPROTO_NUM_IPV6 || next == IPPROTO_NUM_IPIP) {
			if (depth >= MAX_ENCAPSULATION)
				return bad(w, "too many nested tunnels");
			outer(out, 6, src, dst);
			met(out, ENCAP_IP_IN_IP);
			return decode_ip(&body, depth + 1, out, w);
		}
		uint8_t ext_next, ext_len;
		size_t len;
		switch (next) {
		case 0:   /* hop-by-hop options */
		case 43:  /* routing */
		case 60:  /* destination options */
		case 135: /* mobility */
			if (!rd_u8(&body, &ext_next) || !rd_u8(&body, &ext_len))
				return bad(w, "IPv6 extension header truncated");
			len = ((size_t)ext_len + 1) * 8;
			break;
		case 44: { /* fragment */
			uint16_t frag;
			if (!rd_u8(&body, &ext_next) || !rd_u8(&body, &ext_len) || !rd_u16(&body, &frag))
				return bad(w, "IPv6 fragment header truncated");
			uint32_t id;
			if (!rd_u32(&body, &id))
				return bad(w, "IPv6 fragment header truncated");
			len = 8;
			if (wire_left < len)
				return bad(w, "IPv6 extension headers exceed the payload length");
			wire_left -= len;
			/* A real fragment (not an atomic one, RFC 8200 4.5 and RFC 6946): described
			 * for reassembly; the fragmentable part is the rest of the packet. */
			if ((frag & 0xfff9) != 0)
				return fragment(out, &body, rd_left(&body) < wire_left, 6, src, dst, id, ext_next, hop_limit,
						(uint32_t)(frag & 0xfff8), (frag & 1) != 0, depth);
			next = ext_next;
			continue;
		}
		case 51: /* authentication header: length in 4-byte units minus 2 */
			if (!rd_u8(&body, &ext_next) || !rd_u8(&body, &ext_len))
				return bad(w, "IPv6 AH truncated");
			len = ((size_t)ext_len + 2) * 4;
			break;
		default:
			/* GRE, UDP, ICMPv6, ESP, ... */
			return decode_ip_payload(&body, next, depth, 6, src, dst,
						 &(struct ip_fields){ .ttl = hop_limit, .wire_len = wire_left }, out, w);
		}
		if (len < 2 || !rd_skip(&body, len - 2))
			return bad(w, "IPv6 extension header truncated");
		if (wire_left < len)
			return bad(w, "IPv6 extension headers exceed the payload length");
		wire_left -= len;
		next = ext_next;
	}
	set_ip(out, 6, src, dst, &(struct ip_fields){ .ttl = hop_limit, .wire_len = wire_left });
	return decode_tcp(&body, wire_left, out, w);
}

static enum decode_result decode_ip(struct reader *r, int depth, struct decoded *out, struct walk *w)
{
	uint8_t first;
	if (!rd_peek_u8(r, 0, &first))
		return bad(w, "IP header missing");
	switch (first >> 4) {
	case 4: return decode_ipv4(r, depth, out, w);
	case 6: return decode_ipv6(r, depth, out, w);
	default: return bad(w, "IP version is neither 4 nor 6");
	}
}

/* RFC 2516 section 4: PPPoE session header, then a PPP protocol field. */
static enum decode_result decode_pppoe(struct reader *r, int depth, struct decoded *out, struct walk *w)
{
	uint8_t vt, code;
	uint16_t session, length, proto;
	if (!rd_u8(r, &vt) || !rd_u8(r, &code) || !rd_u16(r, &session) || !rd_u16(r, &length) || !rd_u16(r, &proto))
		return bad(w, "PPPoE header truncated");
	if (length < 2)
		return bad(w, "PPPoE length shorter than its PPP header");
	if (proto != PPP_IPV4 && proto != PPP_IPV6)
		return skip(out, DECODE_REASON_NOT_IP, "PPP protocol", proto);
	/* The PPPoE length bounds the packet: bytes after it are Ethernet padding. */
	struct reader body;
	size_t have = rd_left(r) < (size_t)length - 2 ? rd_left(r) : (size_t)length - 2;
	if (!rd_sub(r, have, &body))
		return bad(w, "PPPoE payload truncated");
	met(out, ENCAP_PPPOE);
	return decode_ip(&body, depth, out, w);
}

static enum decode_result decode_ethertype(struct reader *r, uint16_t type, int depth, struct decoded *out,
					   struct walk *w)
{
	for (int tags = 0; tags <= MAX_ENCAPSULATION; tags++) {
		switch (type) {
		case ETHERTYPE_IPV4:
		case ETHERTYPE_IPV6:
			return decode_ip(r, depth, out, w);
		case ETHERTYPE_VLAN:
		case ETHERTYPE_QINQ:
		case ETHERTYPE_QINQ_OLD: {
			uint16_t tci;
			if (!rd_u16(r, &tci) || !rd_u16(r, &type))
				return bad(w, "VLAN tag truncated");
			if (tags == 0)
				met(out, ENCAP_VLAN);
			continue;
		}
		case ETHERTYPE_PPPOE:
			return decode_pppoe(r, depth, out, w);
		case ETHERTYPE_MPLS:
			if (depth >= MAX_ENCAPSULATION)
				return bad(w, "too many nested tunnels");
			return decode_mpls(r, depth, out, w);
		case ETHERTYPE_ARP:
			return skip(out, DECODE_REASON_NOT_IP, "ARP", type);
		case ETHERTYPE_LLDP:
			return skip(out, DECODE_REASON_NOT_IP, "LLDP", type);
		default:
			/* Below 0x0600 the field is an 802.3 length: LLC frames (STP, CDP, ...). */
			return skip(out, DECODE_REASON_NOT_IP, type < 0x0600 ? "802.3 LLC" : "ethertype", type);
		}
	}
	return bad(w, "too many VLAN tags");
}

bool decode_link_supported(int linktype)
{
	switch (linktype) {
	case LINK_NULL: case LINK_ETHERNET: case LINK_PPP: case LINK_RAW: case LINK_RAW_DLT12:
	case LINK_RAW_DLT14: case LINK_LOOP: case LINK_LINUX_SLL: case LINK_IPV4: case LINK_IPV6:
	case LINK_LINUX_SLL2: case LINK_NFLOG:
		return true;
	default:
		return false;
	}
}

/* BSD address families for IPv6 differ by system: 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS). */
static bool af_is_inet6(uint32_t af) { return af == 24 || af == 28 || af == 30; }

/* Inlined into decode_frame_with (decode_frame calls that): a call more per frame would be
 * a cost on every packet of a capture. */
static inline __attribute__((always_inline)) enum decode_result
decode_link(int linktype, const uint8_t *frame, size_t caplen, struct decoded *out, struct walk *w);

#define NFULA_PAYLOAD 9
#define NFULA_TYPE_MAX 32 /* NFULA_MAX is 20 today; room for later attributes */

/*
 * NFLOG (LINKTYPE_NFLOG): family, version, resource id (4 bytes), then TLVs whose length
 * (header included, padded to 4) and type are in the capturing host's byte order, unknown
 * here: the order that makes the first type a small attribute number is taken. The packet
 * is the NFULA_PAYLOAD value; a snap length may cut it, so it may end the frame early.
 */
static enum decode_result decode_nflog(struct reader *r, struct decoded *out, struct walk *w)
{
	uint16_t type_le;
	if (!rd_skip(r, 4))
		return bad(w, "NFLOG header truncated");
	if (!rd_peek_u16(r, 2, &type_le))
		return bad(w, "NFLOG TLV truncated");
	type_le = (uint16_t)((type_le >> 8) | (type_le << 8));
	bool little = (type_le & 0x7fff) <= NFULA_TYPE_MAX;
	while (rd_left(r) > 0) {
		uint16_t len, type;
		if (little ? !rd_u16le(r, &len) || !rd_u16le(r, &type) : !rd_u16(r, &len) || !rd_u16(r, &type))
			return bad(w, "NFLOG TLV truncated");
		if (len < 4)
			return bad(w, "NFLOG TLV length below its header");
		size_t value = (size_t)len - 4;
		if ((type & 0x7fff) == NFULA_PAYLOAD) {
			struct reader body;
			if (!rd_sub(r, value < rd_left(r) ? value : rd_left(r), &body))
				return bad(w, "NFLOG payload truncated");
			return decode_ip(&body, 0, out, w);
		}
		size_t padded = (value + 3) & ~(size_t)3;
		if (padded > rd_left(r))
			padded = value; /* the last TLV need not be padded */
		if (!rd_skip(r, padded))
			return bad(w, "NFLOG TLV truncated");
	}
	/* Not skipped: a frame cut before its payload TLV looks the same. */
	return bad(w, "NFLOG frame without a payload TLV");
}

enum decode_result decode_reassembled(const struct decode_config *cfg, const struct decoded *first,
				      const uint8_t *payload, size_t len, struct decoded *out, const char **why)
{
	struct walk walk = { why, cfg }, *w = &walk;
	*out = *first;
	out->is_fragment = false;
	out->skip = 0;
	out->skip_what = NULL;
	out->skip_code = 0;
	*why = NULL;
	const struct decode_fragment *fg = &first->frag;
	struct reader body;
	rd_init(&body, payload, len, 0);
	if (fg->proto == IPPROTO_NUM_IPV6 || fg->proto == IPPROTO_NUM_IPIP) {
		if (fg->depth >= MAX_ENCAPSULATION)
			return bad(w, "too many nested tunnels");
		outer(out, fg->family, fg->src, fg->dst);
		met(out, ENCAP_IP_IN_IP);
		return decode_ip(&body, fg->depth + 1, out, w);
	}
	if (fg->proto != IPPROTO_NUM_TCP)
		return decode_ip_payload(&body, fg->proto, fg->depth, fg->family, fg->src, fg->dst,
					 &(struct ip_fields){ .ttl = fg->ttl, .has_ip_id = fg->family == 4,
							      .ip_id = (uint16_t)fg->id, .wire_len = len },
					 out, w);
	set_ip(out, fg->family, fg->src, fg->dst,
	       &(struct ip_fields){ .ttl = fg->ttl, .has_ip_id = fg->family == 4, .ip_id = (uint16_t)fg->id, .wire_len = len });
	return decode_tcp(&body, len, out, w);
}

enum decode_result decode_frame(int linktype, const uint8_t *frame, size_t caplen, size_t wirelen,
				struct decoded *out, const char **why)
{
	return decode_frame_with(NULL, linktype, frame, caplen, wirelen, out, why);
}

enum decode_result decode_frame_with(const struct decode_config *cfg, int linktype, const uint8_t *frame,
				     size_t caplen, size_t wirelen, struct decoded *out, const char **why)
{
	struct walk w = { why, cfg };
	enum decode_result res = decode_link(linktype, frame, caplen, out, &w);
	out->linktype = linktype;
	if ((res == DECODE_TCP || res == DECODE_UDP) && out->cut && caplen >= wirelen) {
		/* The frame is whole: the IP length claims bytes that were never sent (seen with
		 * PPPoE and padding). What the frame holds is the payload. */
		out->payload_wire_len = out->payload_len;
		out->cut = false;
	}
	return res;
}

static inline __attribute__((always_inline)) enum decode_result
decode_link(int linktype, const uint8_t *frame, size_t caplen, struct decoded *out, struct walk *w)
{
	struct reader r;
	rd_init(&r, frame, caplen, 0);
	memset(out, 0, sizeof *out);
	*w->why = NULL;
	switch (linktype) {
	case LINK_ETHERNET: {
		uint16_t type;
		if (!rd_skip(&r, 12) || !rd_u16(&r, &type))
			return bad(w, "Ethernet header truncated");
		return decode_ethertype(&r, type, 0, out, w);
	}
	case LINK_NULL:
	case LINK_LOOP: {
		/* The address family, a 4-byte word: DLT_NULL is in the capturing host's byte
		 * order, unknown here, so both readings are tried. */
		uint32_t be, le;
		if (!rd_peek_u32le(&r, 0, &le) || !rd_u32(&r, &be))
			return bad(w, "loopback header truncated");
		if (be == 2 || le == 2 || af_is_inet6(be) || af_is_inet6(le))
			return decode_ip(&r, 0, out, w);
		return skip(out, DECODE_REASON_NOT_IP, "address family", be);
	}
	case LINK_PPP: {
		uint16_t proto;
		uint8_t b0;
		if (rd_peek_u8(&r, 0, &b0) && b0 == 0xff && !rd_skip(&r, 2)) /* HDLC address + control */
			return bad(w, "PPP header truncated");
		if (!rd_u16(&r, &proto))
			return bad(w, "PPP header truncated");
		if (proto == PPP_IPV4 || proto == PPP_IPV6)
			return decode_ip(&r, 0, out, w);
		return skip(out, DECODE_REASON_NOT_IP, "PPP protocol", proto);
	}
	case LINK_RAW:
	case LINK_RAW_DLT12:
	case LINK_RAW_DLT14:
	case LINK_IPV4:
	case LINK_IPV6:
		return decode_ip(&r, 0, out, w);
	case LINK_LINUX_SLL: {
		uint16_t type;
		if (!rd_skip(&r, 14) || !rd_u16(&r, &type))
			return bad(w, "Linux cooked header truncated");
		return decode_ethertype(&r, type, 0, out, w);
	}
	case LINK_LINUX_SLL2: {
		uint16_t type;
		if (!rd_u16(&r, &type) || !rd_skip(&r, 18))
			return bad(w, "Linux cooked v2 header truncated");
		return decode_ethertype(&r, type, 0, out, w);
	}
	case LINK_NFLOG:
		return decode_nflog(&r, out, w);
	default:
		return bad(w, DECODE_WHY_LINK_TYPE);
	}
}

/* ---- a segment's digest, for mirrored copies ---- */

/* A 64-bit multiply-xorshift step, as the flow table hashes its 4-tuples. */
static uint64_t digest_mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h *= 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

/* The bytes of r, eight at a time, then the rest one by one. */
static uint64_t digest_bytes(uint64_t h, struct reader *r)
{
	uint32_t hi, lo;
	uint8_t byte;
	while (rd_left(r) >= 8 && rd_u32(r, &hi) && rd_u32(r, &lo))
		h = digest_mix(h, (uint64_t)hi << 32 | lo);
	while (rd_left(r) > 0 && rd_u8(r, &byte))
		h = digest_mix(h, byte);
	return h;
}

uint64_t decode_segment_digest(const struct decoded *pkt, uint64_t seed)
{
	/* An IPv4 ID of 0 (DF set, some stacks) is the same on a retransmission: it says nothing. */
	uint64_t h = digest_mix(seed, pkt->has_ip_id && pkt->ip_id != 0 ? (uint64_t)pkt->ip_id | 1u << 16 : 0);
	struct reader r;
	rd_init(&r, pkt->tcp_header, pkt->tcp_header_len, 0);
	h = digest_bytes(h, &r);
	h = digest_mix(h, (uint64_t)pkt->payload_wire_len);
	size_t prefix = pkt->payload_len < BOUND_DUP_PAYLOAD_PREFIX ? pkt->payload_len : BOUND_DUP_PAYLOAD_PREFIX;
	rd_init(&r, pkt->payload, prefix, 0);
	return digest_bytes(h, &r);
}

/* ---- the tally of what was not decoded ---- */

/* n more of kind what/code within reason r, among the first kinds met. */
static void tally_kind(struct decode_tally *t, enum decode_reason r, const char *what, uint32_t code, uint64_t n)
{
	for (int k = 0; k < DECODE_TALLY_KINDS; k++) {
		struct decode_tally_kind *kd = &t->kind[r][k];
		if (kd->n == 0) {
			kd->what = what;
			kd->code = code;
		} else if (kd->code != code || kd->what != what) {
			continue; /* static strings: the same kind has the same pointer */
		}
		kd->n += n;
		return;
	}
}

void decode_tally_add(struct decode_tally *t, uint64_t number, int linktype, enum decode_result res,
		      const struct decoded *d, const char *why)
{
	t->frames++;
	enum decode_reason r;
	const char *what = NULL;
	uint32_t code = 0;
	/* A UDP datagram is counted by the caller once it knows whether it was read. */
	if (res == DECODE_TCP || res == DECODE_UDP)
		return;
	if (res == DECODE_SKIP && d->skip < DECODE_N_REASONS) {
		r = (enum decode_reason)d->skip;
		what = d->skip_what;
		code = d->skip_code;
	} else if (why != NULL && strcmp(why, DECODE_WHY_LINK_TYPE) == 0) {
		r = DECODE_REASON_LINK_TYPE;
		code = (uint32_t)linktype;
	} else {
		r = DECODE_REASON_TRUNCATED;
		what = why;
	}
	if (t->n[r]++ == 0) {
		t->first_frame[r] = number;
		if (r == DECODE_REASON_TRUNCATED)
			t->why_truncated = why;
	}
	if (r == DECODE_REASON_TRUNCATED)
		return; /* the reasons are many: the first one is named */
	tally_kind(t, r, what, code, 1);
}

void decode_tally_count(struct decode_tally *t, enum decode_reason r, const char *what, uint32_t code, uint64_t n,
			uint64_t number)
{
	if (n == 0 || r >= DECODE_N_REASONS)
		return;
	if (t->n[r] == 0)
		t->first_frame[r] = number;
	t->n[r] += n;
	tally_kind(t, r, what, code, n);
}

uint64_t decode_tally_total(const struct decode_tally *t)
{
	uint64_t n = 0;
	for (int r = 0; r < DECODE_N_REASONS; r++)
		n += t->n[r];
	return n;
}

const char *decode_reason_key(enum decode_reason r)
{
	static const char *const keys[DECODE_N_REASONS] = {
		[DECODE_REASON_LINK_TYPE] = "link_type", [DECODE_REASON_NOT_IP] = "not_ip",
		[DECODE_REASON_TUNNEL] = "tunnel",       [DECODE_REASON_FRAGMENT] = "fragment",
		[DECODE_REASON_NOT_TCP] = "not_tcp",     [DECODE_REASON_OTHER] = "other",
		[DECODE_REASON_TRUNCATED] = "truncated",
	};
	return (unsigned)r < DECODE_N_REASONS ? keys[r] : "?";
}

/* One kind of a reason: "GRE", "ethertype 0x88b5", "IP protocol 103", "link type 127". */
static int describe_kind(enum decode_reason r, const struct decode_tally_kind *k, char *buf, size_t len)
{
	unsigned code = (unsigned)k->code;
	switch (r) {
	case DECODE_REASON_LINK_TYPE:
		return snprintf(buf, len, "link type %u", code);
	case DECODE_REASON_NOT_IP:
		if (k->what != NULL && strcmp(k->what, "ARP") != 0 && strcmp(k->what, "LLDP") != 0)
			return snprintf(buf, len, "%s 0x%04x", k->what, code);
		break;
	case DECODE_REASON_NOT_TCP:
		if (k->what == NULL)
			return snprintf(buf, len, "IP protocol %u", code);
		break;
	default:
		break;
	}
	return snprintf(buf, len, "%s", k->what != NULL ? k->what : "?");
}

/* One reason in words: "3 in tunnels (not decoded: 2 GRE, 1 VXLAN)". */
static bool describe_one(const struct decode_tally *t, enum decode_reason r, char *buf, size_t len)
{
	unsigned long long n = (unsigned long long)t->n[r];
	static const char *const words[DECODE_N_REASONS] = {
		[DECODE_REASON_LINK_TYPE] = "of a link type not decoded", [DECODE_REASON_NOT_IP] = "not IP",
		[DECODE_REASON_TUNNEL] = "in tunnels (not decoded:",      [DECODE_REASON_FRAGMENT] = "IP fragments (never completed or not carrying TCP:",
		[DECODE_REASON_NOT_TCP] = "not TCP",                       [DECODE_REASON_OTHER] = "other",
		[DECODE_REASON_TRUNCATED] = "truncated or malformed",
	};
	if (r == DECODE_REASON_TRUNCATED) {
		int w = snprintf(buf, len, "%llu truncated or malformed (first: packet %llu: %s)", n,
				 (unsigned long long)t->first_frame[r], t->why_truncated != NULL ? t->why_truncated : "?");
		return w >= 0 && (size_t)w < len;
	}
	const char *head = words[r];
	bool colon = head[strlen(head) - 1] == ':';
	int w = snprintf(buf, len, "%llu %s%s", n, head, colon ? " " : " (");
	if (w < 0 || (size_t)w >= len)
		return false;
	size_t used = (size_t)w;
	uint64_t named = 0;
	for (int k = 0; k < DECODE_TALLY_KINDS && t->kind[r][k].n > 0; k++) {
		const struct decode_tally_kind *kd = &t->kind[r][k];
		char kind[64];
		(void)describe_kind(r, kd, kind, sizeof kind); /* cut: still a name */
		w = snprintf(buf + used, len - used, "%s%llu %s", k > 0 ? ", " : "", (unsigned long long)kd->n, kind);
		if (w < 0 || (size_t)w >= len - used)
			return false;
		used += (size_t)w;
		named += kd->n;
	}
	w = named < t->n[r] ? snprintf(buf + used, len - used, "%s%llu of other kinds)", named > 0 ? ", " : "",
				       (unsigned long long)(t->n[r] - named))
			    : snprintf(buf + used, len - used, ")");
	return w >= 0 && (size_t)w < len - used;
}

bool decode_tally_describe(const struct decode_tally *t, char *buf, size_t buf_len)
{
	bool done[DECODE_N_REASONS] = { false };
	size_t used = 0;
	if (buf_len == 0)
		return false;
	buf[0] = '\0';
	for (;;) {
		/* The largest count not written yet; ties in the order of the enum. */
		int best = -1;
		for (int r = 0; r < DECODE_N_REASONS; r++)
			if (!done[r] && t->n[r] > 0 && (best < 0 || t->n[r] > t->n[best]))
				best = r;
		if (best < 0)
			return true;
		done[best] = true;
		if (used > 0) {
			int w = snprintf(buf + used, buf_len - used, ", ");
			if (w < 0 || (size_t)w >= buf_len - used)
				return false;
			used += (size_t)w;
		}
		if (!describe_one(t, (enum decode_reason)best, buf + used, buf_len - used))
			return false;
		used += strlen(buf + used);
	}
}
