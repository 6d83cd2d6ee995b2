/*
 * decode.h — one captured frame to an IP/TCP view: link layer, tunnels, IP, TCP.
 *
 * Pure: bytes in, a decoded packet out; no state, no allocation. The payload is a view
 * into the caller's frame, valid as long as the frame is. Frames that are not TCP over
 * IP come back as DECODE_SKIP; frames cut or lying about their lengths as DECODE_BAD
 * with a reason.
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
#define LINK_LINUX_SLL2 276

enum decode_result {
	DECODE_TCP,      /* a TCP segment: *out is filled */
	DECODE_SKIP,     /* well-formed but not TCP over IP (ARP, UDP, ...) */
	DECODE_BAD,      /* truncated or impossible lengths: *why says what */
};

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

struct decoded {
	struct endpoint src;
	struct endpoint dst;
	uint8_t ttl;             /* IPv4 TTL or IPv6 hop limit */
	bool has_ip_id;          /* IPv4 only */
	uint16_t ip_id;
	uint32_t seq;
	uint32_t ack;
	uint8_t flags;
	uint16_t window;
	const uint8_t *payload;  /* view into the frame */
	size_t payload_len;      /* bytes present in the frame */
	size_t payload_wire_len; /* bytes the IP header says were sent (>= payload_len) */
	bool cut;                /* payload_len < payload_wire_len: cut by the snap length */
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

#endif
