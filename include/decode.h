/*
 * decode.h — one captured frame to an IP/TCP or IP/UDP view: link layer, tunnels, IP,
 * TCP or UDP.
 *
 * Pure: bytes in, a decoded packet out; no state, no allocation. The payload is a view
 * into the caller's frame, valid as long as the frame is. A UDP datagram that is no
 * tunnel comes back as DECODE_UDP (the pipeline decides whether it is QUIC or DTLS, and
 * tallies it as "not TCP" when neither). Frames that are neither come back as
 * DECODE_SKIP with the reason (struct decoded's skip: not IP, not TCP, a tunnel not
 * decoded, a fragment); frames cut or lying about their lengths as
 * DECODE_BAD with a reason. A tally (struct decode_tally) counts what was not decoded,
 * by reason, for the one line each capture gets about it.
 */
#ifndef TLSDIAG_DECODE_H
#define TLSDIAG_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"

/* libpcap link types decoded (values of DLT_/LINKTYPE_). */
#define LINK_NULL 0          /* BSD loopback: 4-byte host-order address family */
#define LINK_ETHERNET 1
#define LINK_PPP 9
#define LINK_RAW 101         /* LINKTYPE_RAW: raw IPv4/IPv6 */
#define LINK_RAW_DLT12 12    /* DLT_RAW on some BSDs */
#define LINK_RAW_DLT14 14
#define LINK_LOOP 108        /* OpenBSD loopback: network-order family */
#define LINK_LINUX_SLL 113
#define LINK_IPV4 228
#define LINK_IPV6 229
#define LINK_NFLOG 239      /* Linux NFLOG: netlink header, TLVs, the packet in NFULA_PAYLOAD */
#define LINK_LINUX_SLL2 276

enum decode_result {
	DECODE_TCP,      /* a TCP segment: *out is filled */
	DECODE_UDP,      /* a UDP datagram that opens no tunnel: *out is filled (udp set; the
			    TCP fields zero), for the UDP transports (QUIC, DTLS) */
	DECODE_SKIP,     /* well-formed but not TCP or UDP over IP (ARP, ICMP, ...) */
	DECODE_BAD,      /* truncated or impossible lengths: *why says what */
};

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

/* Why a frame was not decoded (DECODE_SKIP's reasons, then DECODE_BAD's). */
enum decode_reason {
	DECODE_REASON_LINK_TYPE,    /* a link type decode_frame does not read (DECODE_BAD) */
	DECODE_REASON_NOT_IP,       /* an ethertype, PPP protocol or address family not IP */
	DECODE_REASON_TUNNEL,       /* a tunnel that cannot be opened: ESP, L2TP, EtherIP, PPTP, ... */
	DECODE_REASON_FRAGMENT,     /* an IP fragment: not reassembled */
	DECODE_REASON_NOT_TCP,      /* IP, but UDP, ICMP, ... */
	DECODE_REASON_OTHER,        /* IPv6 jumbograms, too long extension header chains */
	DECODE_REASON_TRUNCATED,    /* cut or impossible lengths (DECODE_BAD) */
	DECODE_N_REASONS,
};

/* What a frame was carried in, outermost first (decoded.encap). */
enum decode_encap {
	ENCAP_IP_IN_IP,             /* 4in4, 6in4, 4in6, 6in6 */
	ENCAP_GRE,                  /* RFC 2784/2890: IP, Ethernet (gretap) or MPLS inside */
	ENCAP_ERSPAN,               /* GRE with ERSPAN type I, II or III */
	ENCAP_VXLAN,                /* RFC 7348 (UDP 4789, 8472, or --vxlan-ports) */
	ENCAP_GENEVE,               /* RFC 8926 (UDP 6081) */
	ENCAP_GTPU,                 /* 3GPP TS 29.281 (UDP 2152) */
	ENCAP_MPLS,
	ENCAP_VLAN,                 /* 802.1Q / 802.1ad tags (one name for a stack of them) */
	ENCAP_PPPOE,
	ENCAP_TEREDO,               /* RFC 4380: IPv6 in UDP (port 3544) */
};
#define DECODE_ENCAP_MAX BOUND_ENCAP

/* "vxlan", "gre", ... as the JSON record's "encap" list writes them. */
const char *decode_encap_name(enum decode_encap e);

/* An IP fragment (DECODE_SKIP, DECODE_REASON_FRAGMENT): what reassembly (frag.h) needs. */
struct decode_fragment {
	uint8_t family;          /* 4 or 6 */
	uint8_t src[16];         /* the fragment's IP addresses (IPv4 in the first 4 bytes) */
	uint8_t dst[16];
	uint32_t id;             /* IPv4 Identification, or the IPv6 fragment header's */
	uint8_t proto;           /* what the datagram carries (IPv6: the fragment header's next header) */
	uint8_t ttl;
	bool more;               /* more fragments follow (MF) */
	bool cut;                /* cut by the snap length: its bytes are not all here */
	uint32_t offset;         /* of data in the datagram's payload, bytes */
	const uint8_t *data;     /* view into the frame */
	size_t len;
	uint8_t depth;           /* tunnels opened around it */
};

struct decoded {
	int linktype;            /* the frame's (decode_frame's argument) */
	/* DECODE_SKIP: why (enum decode_reason), and what was met: a static name ("GRE",
	 * "UDP") or NULL, and its number (ethertype, PPP protocol, address family, IP
	 * protocol or UDP port). */
	uint8_t skip;
	const char *skip_what;
	uint32_t skip_code;
	struct endpoint src;
	struct endpoint dst;
	/* A tunnel (IP in IP, GRE, VXLAN, ...): the outermost IP header's addresses (ports 0);
	 * src and dst are the innermost, where the TCP connection is. */
	bool tunnelled;
	struct endpoint outer_src;
	struct endpoint outer_dst;
	uint8_t encap[DECODE_ENCAP_MAX]; /* enum decode_encap, outermost first */
	uint8_t n_encap;
	bool udp;                /* DECODE_UDP: a UDP datagram (payload: its data) */
	/* DECODE_UDP for an ICMP Destination Unreachable quoting a UDP datagram: src and dst
	 * are the quoted datagram's, icmp_from the ICMP message's sender; no payload. */
	bool icmp_error;
	uint8_t icmp_type;       /* ICMP 3 or ICMPv6 1 */
	uint8_t icmp_code;       /* port unreachable: ICMP 3, ICMPv6 4 */
	struct endpoint icmp_from;
	uint8_t ttl;             /* IPv4 TTL or IPv6 hop limit */
	bool has_ip_id;          /* IPv4 only */
	uint16_t ip_id;
	uint32_t seq;
	uint32_t ack;
	uint8_t flags;
	uint16_t window;
	const uint8_t *tcp_header; /* view into the frame: the whole TCP header, options included */
	size_t tcp_header_len;
	const uint8_t *payload;  /* view into the frame */
	size_t payload_len;      /* bytes present in the frame */
	size_t payload_wire_len; /* bytes the IP header says were sent (>= payload_len) */
	bool cut;                /* payload_len < payload_wire_len: cut by the snap length */
	bool is_fragment;        /* skip is DECODE_REASON_FRAGMENT and frag describes it */
	struct decode_fragment frag;
};

/* VXLAN's UDP ports by default: IANA's (RFC 7348) and the Linux driver's when none is given. */
#define DECODE_VXLAN_PORT 4789
#define DECODE_VXLAN_PORT_LINUX 8472

/* What decoding is told beyond the frame (--vxlan-ports). */
struct decode_config {
	/* The UDP destination ports opened as VXLAN, instead of the two defaults; NULL: the
	 * defaults. Read during decode_frame_with only. */
	const uint16_t *vxlan_ports;
	size_t n_vxlan_ports;
};

/* true when the link type is one decode_frame understands. */
bool decode_link_supported(int linktype);

/*
 * Decodes one frame of caplen bytes. On DECODE_BAD, *why names the problem (a static
 * string). A frame cut by the snap length (caplen < wirelen) inside the TCP payload is
 * DECODE_TCP with out->cut set: the headers are usable, the payload is not whole. When
 * the frame is whole but an IP length claims more than it holds, the length lies: the
 * payload is what the frame holds.
 */
enum decode_result decode_frame(int linktype, const uint8_t *frame, size_t caplen, size_t wirelen,
				struct decoded *out, const char **why)
	__attribute__((warn_unused_result));

/* decode_frame with a configuration (NULL: the defaults, as decode_frame). */
enum decode_result decode_frame_with(const struct decode_config *cfg, int linktype, const uint8_t *frame,
				     size_t caplen, size_t wirelen, struct decoded *out, const char **why)
	__attribute__((warn_unused_result));

/*
 * A digest of a decoded TCP segment (DECODE_TCP) for telling a mirrored copy of it from a
 * retransmission (flow.c): what a retransmission would change or keep and a mirror
 * keeps — the IPv4 ID when not 0, the whole TCP header with its options (timestamps make
 * retransmissions differ) and checksum (which covers the whole payload), the payload's
 * length and its first BOUND_DUP_PAYLOAD_PREFIX bytes. Not what a routed mirror changes:
 * the link-layer header, the TTL or hop limit, the IP checksum. seed keeps a capture from
 * choosing colliding segments.
 */
uint64_t decode_segment_digest(const struct decoded *pkt, uint64_t seed);

/* The kinds told apart within one reason (decoded.skip_what + skip_code): enough to
 * name what a capture is made of; the rest are counted together. */
#define DECODE_TALLY_KINDS 3

struct decode_tally_kind {
	const char *what;                          /* static, or NULL */
	uint32_t code;
	uint64_t n;
};

/* What a capture's frames were not decoded for: counts by reason, and within each the
 * first kinds met with their counts. */
struct decode_tally {
	uint64_t frames;                           /* every frame counted, decoded or not */
	uint64_t n[DECODE_N_REASONS];
	uint64_t first_frame[DECODE_N_REASONS];
	struct decode_tally_kind kind[DECODE_N_REASONS][DECODE_TALLY_KINDS];
	const char *why_truncated;                 /* static: the first DECODE_BAD's reason */
};

/* Counts one frame (number: its packet number in the capture) with decode_frame's
 * result, *d and why. */
void decode_tally_add(struct decode_tally *t, uint64_t number, int linktype, enum decode_result res,
		      const struct decoded *d, const char *why);

/*
 * Decodes a datagram reassembled from fragments: payload (len bytes) is its IP payload,
 * first the decode of its first fragment (offset 0), whose addresses, protocol and
 * tunnels around it are the datagram's; cfg as decode_frame_with's. Results as
 * decode_frame's.
 */
enum decode_result decode_reassembled(const struct decode_config *cfg, const struct decoded *first,
				      const uint8_t *payload, size_t len, struct decoded *out, const char **why)
	__attribute__((warn_unused_result));

/* Counts n frames not decoded for reason r, of kind what/code (what static or NULL),
 * the first of them frame number: fragments whose datagram was never completed. */
void decode_tally_count(struct decode_tally *t, enum decode_reason r, const char *what, uint32_t code, uint64_t n,
			uint64_t number);

/* Frames not decoded, all reasons together. */
uint64_t decode_tally_total(const struct decode_tally *t);

/* The JSON key of a reason ("link_type", "not_ip", "tunnel", "fragment", "not_tcp",
 * "other", "truncated"). */
const char *decode_reason_key(enum decode_reason r);

/*
 * The reasons with their counts, largest first, in words: "1200 in GRE tunnels (not
 * decoded), 34 IP fragments (not reassembled)". Always NUL-terminated; false when
 * cut to fit buf_len.
 */
bool decode_tally_describe(const struct decode_tally *t, char *buf, size_t buf_len);

#endif
