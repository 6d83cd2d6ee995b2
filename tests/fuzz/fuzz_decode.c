/*
 * fuzz_decode.c — libFuzzer harness for decode_frame: one captured frame, from the
 * link layer down to the TCP payload.
 *
 * Input: [link type:2, big-endian][frame...]. A value decode.h supports is used as is (so
 * seeds read as "DLT + frame"); any other value is first given to decode_frame as it is
 * (it must refuse it cleanly) and then folded onto the table of supported types, so every
 * mutation of the prefix still reaches a decoder. The frame is decoded whole
 * (caplen == wirelen) and again as if the snap length had cut it (wirelen > caplen).
 *
 * libFuzzer hands over a heap copy of exactly `size` bytes, so the frame ends where the
 * allocation ends and AddressSanitizer sees any read past caplen.
 * Seeds: the frames of the captures in pcaps/ (tests/fuzz/seeds.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

#define FUZZ_NAME "fuzz_decode"
#include "fuzz_util.h"

static const int links[] = {
	LINK_NULL, LINK_ETHERNET, LINK_PPP, LINK_RAW, LINK_RAW_DLT12, LINK_RAW_DLT14,
	LINK_LOOP, LINK_LINUX_SLL, LINK_IPV4, LINK_IPV6, LINK_LINUX_SLL2,
};

/* A broken contract is a bug even when no memory is touched out of bounds. */

static volatile uint8_t sink;

/* What decode.h promises of one result; returns the result for the comparison below. */
static enum decode_result decode_checked(int linktype, const uint8_t *frame, size_t caplen, size_t wirelen,
					 struct decoded *out)
{
	const char *why = NULL;
	enum decode_result res = decode_frame(linktype, frame, caplen, wirelen, out, &why);
	CHECK(res == DECODE_TCP || res == DECODE_UDP || res == DECODE_SKIP || res == DECODE_BAD);
	if (res == DECODE_BAD) {
		CHECK(why != NULL);
		CHECK(strlen(why) > 0);
	}
	if (res != DECODE_TCP && res != DECODE_UDP)
		return res;
	CHECK(out->udp == (res == DECODE_UDP));
	/* An ICMP error quoting a datagram carries no payload of it. */
	if (out->icmp_error)
		CHECK(res == DECODE_UDP && out->payload_len == 0 && out->payload_wire_len == 0);
	CHECK(out->src.family == 4 || out->src.family == 6);
	CHECK(out->dst.family == out->src.family);
	CHECK(out->payload_len <= out->payload_wire_len);
	CHECK(out->cut == (out->payload_len < out->payload_wire_len));
	if (caplen >= wirelen)
		CHECK(!out->cut); /* a whole frame is never "cut" */
	if (out->payload_len > 0) {
		/* The payload is a view into this frame: check it, then touch every byte. */
		CHECK(out->payload != NULL);
		CHECK(out->payload >= frame && out->payload <= frame + caplen);
		CHECK(out->payload_len <= (size_t)(frame + caplen - out->payload));
		uint8_t x = 0;
		for (size_t i = 0; i < out->payload_len; i++)
			x ^= out->payload[i];
		sink = x;
	}
	return res;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	int linktype = data[0] << 8 | data[1];
	const uint8_t *frame = data + 2;
	size_t caplen = size - 2;
	struct decoded whole, cut;
	if (!decode_link_supported(linktype)) {
		CHECK(decode_checked(linktype, frame, caplen, caplen, &whole) != DECODE_TCP);
		linktype = links[(unsigned)linktype % (sizeof links / sizeof links[0])];
	}
	CHECK(decode_link_supported(linktype));
	enum decode_result a = decode_checked(linktype, frame, caplen, caplen, &whole);
	/* The same bytes, as the start of a longer frame: anywhere from one byte more to a
	 * whole jumbo frame beyond what was captured. */
	size_t wirelen = caplen + 1 + (size_t)(data[size - 1]) * 1021u;
	enum decode_result b = decode_checked(linktype, frame, caplen, wirelen, &cut);
	/* Decoding reads only the captured bytes: headers cannot depend on the wire length. */
	CHECK(a == b);
	if (a == DECODE_TCP || a == DECODE_UDP) {
		CHECK(whole.seq == cut.seq && whole.ack == cut.ack && whole.flags == cut.flags);
		CHECK(whole.src.port == cut.src.port && whole.dst.port == cut.dst.port);
		CHECK(whole.payload == cut.payload && whole.payload_len == cut.payload_len);
		CHECK(whole.payload_wire_len <= cut.payload_wire_len);
	}
	return 0;
}
