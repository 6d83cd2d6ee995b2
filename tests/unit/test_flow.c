/*
 * test_flow.c — unit tests of the connection table (include/flow.h, src/flow.c).
 *
 * The flow stage decides who is the client, which packets belong together and when an
 * attempt is over; the rules trust all three. These tests drive it with hand-made TCP
 * segments (struct decoded, as decode_frame would fill it) and read what reaches the done
 * callback: roles come from the SYN; either direction finds the same flow; each attempt
 * is handed over exactly once, when it closes, idles past the timeout, is evicted by the
 * table's bound (least recently active first, `evicted` set) or at the end of the input;
 * FIN and RST closes are recorded with their side, TTL and IP ID; and a connection with
 * no TLS to a port that is not a TLS port is not an attempt at all. A mirror's second copy
 * of a segment (real frames, decoded) is dropped and counted; a retransmission, a fast
 * retransmission and resets alike are not taken for copies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bounds.h"
#include "decode.h"
#include "facts.h"
#include "flow.h"

#define IDLE_TIMEOUT 30.0
#define MAX_DONE 16

/* What the done callback was handed, in order; the test owns the facts. */
struct fixture {
	struct flow_table *table;
	struct facts *done[MAX_DONE];
	unsigned n_done;
	uint64_t pkt_no;
};

static void on_done(void *ctx, struct facts *f)
{
	struct fixture *fx = ctx;
	assert_non_null(f);
	if (fx->n_done < MAX_DONE) {
		fx->done[fx->n_done] = f;
	} else {
		facts_release(f);
		free(f);
	}
	fx->n_done++;
}

static const uint16_t tls_ports[] = { 443 };

/* The one place the table is configured: offline mode, port 443 as the TLS port. */
static void table_open(struct fixture *fx, size_t max_flows)
{
	struct flow_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.tls_ports = tls_ports;
	cfg.n_tls_ports = sizeof tls_ports / sizeof tls_ports[0];
	cfg.idle_timeout = IDLE_TIMEOUT;
	cfg.max_flows = max_flows;
	fx->table = flow_table_new(&cfg, on_done, fx);
	assert_non_null(fx->table);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	if (fx == NULL)
		return -1;
	table_open(fx, 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	flow_table_free(fx->table);
	unsigned n = fx->n_done < MAX_DONE ? fx->n_done : MAX_DONE;
	for (unsigned i = 0; i < n; i++) {
		facts_release(fx->done[i]);
		free(fx->done[i]);
	}
	free(fx);
	return 0;
}

/* One side of a connection: its address and port, and what its next segment carries. */
struct peer {
	struct endpoint ep;
	uint8_t ttl;
	uint16_t ip_id;
	uint32_t seq;           /* next sequence number it sends */
};

static struct peer peer4(uint8_t last_octet, uint16_t port, uint8_t ttl, uint32_t isn)
{
	struct peer p;
	memset(&p, 0, sizeof p);
	p.ep.family = 4;
	p.ep.addr[0] = 198;
	p.ep.addr[1] = 18;
	p.ep.addr[3] = last_octet;
	p.ep.port = port;
	p.ttl = ttl;
	p.ip_id = (uint16_t)(0x1000 * last_octet);
	p.seq = isn;
	return p;
}

/* A segment from one peer to the other at time ts; all but a SYN acknowledge everything the
 * receiver sent. The sender's sequence number moves past the data, SYN and FIN. */
static void segment(struct fixture *fx, struct peer *from, const struct peer *to, uint8_t flags, const void *data,
		    size_t len, double ts)
{
	struct decoded pkt;
	memset(&pkt, 0, sizeof pkt);
	pkt.src = from->ep;
	pkt.dst = to->ep;
	pkt.ttl = from->ttl;
	pkt.has_ip_id = true;
	pkt.ip_id = from->ip_id++;
	pkt.seq = from->seq;
	pkt.flags = flags;
	if (flags != TCP_SYN) {
		pkt.flags |= TCP_ACK;
		pkt.ack = to->seq;
	}
	pkt.window = 65535;
	pkt.payload = data;
	pkt.payload_len = len;
	pkt.payload_wire_len = len;
	from->seq += (uint32_t)len + ((flags & (TCP_SYN | TCP_FIN)) ? 1u : 0u);
	flow_packet(fx->table, &pkt, ts, ++fx->pkt_no, NULL, 0, 0);
}

/* SYN, SYN-ACK, ACK from t0 on, 1 ms apart. */
static void handshake(struct fixture *fx, struct peer *c, struct peer *s, double t0)
{
	segment(fx, c, s, TCP_SYN, NULL, 0, t0);
	segment(fx, s, c, TCP_SYN | TCP_ACK, NULL, 0, t0 + 0.001);
	segment(fx, c, s, 0, NULL, 0, t0 + 0.002);
}

/*
 * A whole TLS 1.2 ClientHello in one record (RFC 5246 6.2.1, 7.4.1.2): a handshake record
 * of 45 bytes holding a ClientHello of 41: client_version 3.3, a 32-byte random, an empty
 * session_id, one cipher suite (TLS_RSA_WITH_AES_128_CBC_SHA), the null compression
 * method and no extensions.
 */
static const uint8_t client_hello[] = {
	0x16, 0x03, 0x01, 0x00, 0x2d,           /* handshake record, 45 bytes */
	0x01, 0x00, 0x00, 0x29,                 /* ClientHello, 41 bytes */
	0x03, 0x03,                             /* client_version */
	0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
	0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
	0x00,                                   /* session_id<0..32> */
	0x00, 0x02, 0x00, 0x2f,                 /* cipher_suites<2..2^16-2> */
	0x01, 0x00,                             /* compression_methods<1..2^8-1> */
};

static const char http_request[] = "GET / HTTP/1.1\r\nHost: example.test\r\n\r\n";

static bool endpoint_is(const struct endpoint *e, const struct peer *p)
{
	return e->family == p->ep.family && memcmp(e->addr, p->ep.addr, sizeof e->addr) == 0 && e->port == p->ep.port;
}

/* The roles are the SYN's; the three-way handshake and the client's data land in one
 * attempt, handed over once at the end of the input. */
static void test_handshake_then_data_is_one_attempt(void **state)
{
	struct fixture *fx = *state;
	struct peer c = peer4(2, 40000, 64, 1000), s = peer4(9, 443, 63, 5000);
	handshake(fx, &c, &s, 100.0);
	segment(fx, &c, &s, TCP_PSH, client_hello, sizeof client_hello, 100.003);
	assert_int_equal(flow_table_size(fx->table), 1);
	assert_int_equal(fx->n_done, 0);

	flow_flush_at(fx->table, 101.0);
	assert_int_equal(fx->n_done, 1);
	assert_int_equal(flow_table_size(fx->table), 0);
	const struct facts *f = fx->done[0];
	assert_true(f->roles_from_syn);
	assert_false(f->roles_guessed);
	assert_false(f->midstream);
	assert_true(endpoint_is(&f->client, &c));
	assert_true(endpoint_is(&f->server, &s));
	assert_true(f->syn_seen);
	assert_true(f->synack_seen);
	assert_int_equal(f->syn_ttl, 64);
	assert_int_equal(f->synack_ttl, 63);
	assert_true(f->t_syn == 0.0);
	assert_true(f->rtt > 0.0015 && f->rtt < 0.0025);
	assert_int_equal(f->packets[SIDE_CLIENT], 3);
	assert_int_equal(f->packets[SIDE_SERVER], 1);
	assert_int_equal(f->payload_bytes[SIDE_CLIENT], sizeof client_hello);
	assert_int_equal(f->payload_bytes[SIDE_SERVER], 0);
	assert_true(f->client_hello_seen);
	assert_int_equal(f->ch.n_ciphers, 1);
	assert_int_equal(f->ch.ciphers[0], 0x002f);
	assert_int_equal(f->evicted, EVICT_NONE);
	assert_true(f->t_observed >= 0.999 && f->t_observed <= 1.001);

	const struct flow_stats *st = flow_table_stats(fx->table);
	assert_int_equal(st->flows, 1);
	assert_int_equal(st->attempts, 1);
	assert_int_equal(st->evicted, 0);
}

/* Several connections, each closed with FIN and FIN: each reaches the callback exactly
 * once, however often the table is expired or flushed afterwards. */
static void test_done_called_once_per_attempt(void **state)
{
	struct fixture *fx = *state;
	struct peer s = peer4(9, 443, 63, 5000);
	for (unsigned i = 0; i < 3; i++) {
		struct peer c = peer4(2, (uint16_t)(40000 + i), 64, 1000 + i);
		double t0 = 10.0 + i;
		handshake(fx, &c, &s, t0);
		segment(fx, &c, &s, TCP_PSH, client_hello, sizeof client_hello, t0 + 0.003);
		segment(fx, &c, &s, TCP_FIN, NULL, 0, t0 + 0.004);
		segment(fx, &s, &c, TCP_FIN, NULL, 0, t0 + 0.005);
	}
	assert_int_equal(flow_table_size(fx->table), 3);
	assert_int_equal(fx->n_done, 0);

	/* Closed connections linger for their last packets, then go in the order they went quiet. */
	flow_expire(fx->table, 12.0);
	assert_int_equal(fx->n_done, 0);
	flow_expire(fx->table, 12.005 + BOUND_CLOSED_LINGER + 0.5);
	assert_int_equal(fx->n_done, 3);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(fx->done[i]->client.port, 40000 + i);

	flow_expire(fx->table, 1000.0);
	flow_flush_at(fx->table, 1000.0);
	flow_flush(fx->table);
	assert_int_equal(fx->n_done, 3);
	assert_int_equal(flow_table_stats(fx->table)->attempts, 3);
	assert_int_equal(flow_table_size(fx->table), 0);
}

/* An open connection is decided once it has been silent longer than the idle timeout,
 * not before; its observation time runs to the moment it was decided. */
static void test_idle_expiry(void **state)
{
	struct fixture *fx = *state;
	struct peer c = peer4(2, 40000, 64, 1000), s = peer4(9, 443, 63, 5000);
	handshake(fx, &c, &s, 100.0);
	segment(fx, &c, &s, TCP_PSH, client_hello, sizeof client_hello, 100.003);

	flow_expire(fx->table, 100.003 + IDLE_TIMEOUT - 1.0);
	assert_int_equal(fx->n_done, 0);
	assert_int_equal(flow_table_size(fx->table), 1);

	/* A packet restarts the clock. */
	segment(fx, &s, &c, 0, NULL, 0, 129.5);
	flow_expire(fx->table, 100.003 + IDLE_TIMEOUT + 1.0);
	assert_int_equal(fx->n_done, 0);

	flow_expire(fx->table, 129.5 + IDLE_TIMEOUT + 1.0);
	assert_int_equal(fx->n_done, 1);
	assert_int_equal(flow_table_size(fx->table), 0);
	const struct facts *f = fx->done[0];
	assert_int_equal(f->evicted, EVICT_NONE);
	assert_false(f->fin[SIDE_CLIENT].seen || f->fin[SIDE_SERVER].seen);
	assert_true(f->t_observed > 29.5 + IDLE_TIMEOUT + 0.99 && f->t_observed < 29.5 + IDLE_TIMEOUT + 1.01);
}

/* A table of three: each new connection beyond it evicts the least recently active one,
 * open or already closed (not the first created), whose facts say so; the others end
 * normally. */
static void test_bound_evicts_least_recently_active(void **state)
{
	struct fixture *fx = *state;
	flow_table_free(fx->table);
	table_open(fx, 3);

	struct peer s = peer4(9, 443, 63, 5000);
	struct peer a = peer4(2, 40001, 64, 1000), b = peer4(2, 40002, 64, 2000), d = peer4(2, 40004, 64, 4000);
	segment(fx, &a, &s, TCP_SYN, NULL, 0, 1.0);
	segment(fx, &b, &s, TCP_SYN, NULL, 0, 2.0);
	segment(fx, &d, &s, TCP_SYN, NULL, 0, 2.2);
	segment(fx, &s, &d, TCP_RST, NULL, 0, 2.5);                /* d is closed, lingering */
	segment(fx, &s, &a, TCP_SYN | TCP_ACK, NULL, 0, 3.0);      /* a is answered: active again */
	assert_int_equal(flow_table_size(fx->table), 3);
	assert_int_equal(fx->n_done, 0);

	/* Least recent: b (2.0), then d (2.5), then a (3.0). */
	struct peer c = peer4(2, 40003, 64, 3000), e = peer4(2, 40005, 64, 5000);
	segment(fx, &c, &s, TCP_SYN, NULL, 0, 4.0);
	assert_int_equal(flow_table_size(fx->table), 3);
	assert_int_equal(fx->n_done, 1);
	assert_int_equal(fx->done[0]->client.port, 40002);
	assert_int_equal(fx->done[0]->evicted, EVICT_FLOWS);
	segment(fx, &e, &s, TCP_SYN, NULL, 0, 5.0);
	assert_int_equal(flow_table_size(fx->table), 3);
	assert_int_equal(fx->n_done, 2);
	assert_int_equal(fx->done[1]->client.port, 40004);
	assert_int_equal(fx->done[1]->evicted, EVICT_FLOWS);
	assert_true(fx->done[1]->rst[SIDE_SERVER].seen);
	assert_int_equal(flow_table_stats(fx->table)->evicted, 2);

	flow_flush_at(fx->table, 6.0);
	assert_int_equal(fx->n_done, 5);
	const uint16_t rest[] = { 40001, 40003, 40005 };
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(fx->done[2 + i]->client.port, rest[i]);
		assert_int_equal(fx->done[2 + i]->evicted, EVICT_NONE);
	}
	assert_int_equal(fx->done[2]->packets[SIDE_SERVER], 1);
	assert_int_equal(flow_table_stats(fx->table)->evicted, 2);
	assert_int_equal(flow_table_stats(fx->table)->attempts, 5);
}

/* Packets of both directions find one flow, even when the first one captured is the
 * server's SYN-ACK (its receiver is the client); another port is another flow. */
static void test_both_directions_one_flow(void **state)
{
	struct fixture *fx = *state;
	struct peer c = peer4(2, 40000, 64, 1000), s = peer4(9, 443, 63, 5000);
	c.seq++; /* the SYN went by before the capture started */
	segment(fx, &s, &c, TCP_SYN | TCP_ACK, NULL, 0, 1.0);
	segment(fx, &c, &s, 0, NULL, 0, 1.001);
	segment(fx, &c, &s, TCP_PSH, client_hello, sizeof client_hello, 1.002);
	segment(fx, &s, &c, 0, NULL, 0, 1.003);
	assert_int_equal(flow_table_size(fx->table), 1);

	struct peer c2 = peer4(2, 40001, 64, 7000);
	handshake(fx, &c2, &s, 2.0);
	assert_int_equal(flow_table_size(fx->table), 2);

	flow_flush_at(fx->table, 3.0);
	assert_int_equal(fx->n_done, 2);
	const struct facts *f = fx->done[0]->client.port == 40000 ? fx->done[0] : fx->done[1];
	assert_true(f->roles_from_syn);
	assert_false(f->syn_seen);
	assert_true(f->synack_seen);
	assert_true(endpoint_is(&f->client, &c));
	assert_true(endpoint_is(&f->server, &s));
	assert_int_equal(f->packets[SIDE_CLIENT], 2);
	assert_int_equal(f->packets[SIDE_SERVER], 2);
	assert_true(f->client_hello_seen);
	assert_int_equal(flow_table_stats(fx->table)->flows, 2);
}

/* A FIN from each side: both recorded with their side, time, TTL, IP ID and the stage. */
static void test_fin_close_facts(void **state)
{
	struct fixture *fx = *state;
	struct peer c = peer4(2, 40000, 64, 1000), s = peer4(9, 443, 57, 5000);
	handshake(fx, &c, &s, 50.0);
	segment(fx, &c, &s, TCP_PSH, client_hello, sizeof client_hello, 50.003);
	uint16_t server_fin_ip_id = s.ip_id;
	segment(fx, &s, &c, TCP_FIN, NULL, 0, 50.010);
	segment(fx, &c, &s, TCP_FIN, NULL, 0, 50.011);
	segment(fx, &s, &c, 0, NULL, 0, 50.012); /* the last ACK, still the same flow */
	assert_int_equal(flow_table_size(fx->table), 1);

	flow_expire(fx->table, 50.012 + BOUND_CLOSED_LINGER + 0.5);
	assert_int_equal(fx->n_done, 1);
	const struct facts *f = fx->done[0];
	const struct close_fact *sf = &f->fin[SIDE_SERVER], *cf = &f->fin[SIDE_CLIENT];
	assert_true(sf->seen);
	assert_false(sf->rst);
	assert_true(sf->t > 0.0095 && sf->t < 0.0105);
	assert_int_equal(sf->ttl, 57);
	assert_true(sf->has_ip_id);
	assert_int_equal(sf->ip_id, server_fin_ip_id);
	assert_false(sf->had_payload_before);
	assert_int_equal(sf->stage, STAGE_CLIENT_HELLO);
	assert_true(cf->seen);
	assert_false(cf->rst);
	assert_int_equal(cf->ttl, 64);
	assert_true(cf->had_payload_before);
	assert_true(cf->packet_no > sf->packet_no);
	assert_false(f->rst[SIDE_CLIENT].seen || f->rst[SIDE_SERVER].seen);
	assert_true(f->client_hello_seen);
}

/* A reset closes the connection at once: recorded as a reset of its sender, with the
 * TTL that the rules compare with the SYN-ACK's. */
static void test_rst_close_facts(void **state)
{
	struct fixture *fx = *state;
	struct peer c = peer4(2, 40000, 64, 1000), s = peer4(9, 443, 63, 5000);
	handshake(fx, &c, &s, 50.0);
	segment(fx, &c, &s, TCP_PSH, client_hello, sizeof client_hello, 50.003);
	struct peer forged = s;
	forged.ttl = 61;
	forged.ip_id = 0x4242;
	segment(fx, &forged, &c, TCP_RST, NULL, 0, 50.004);

	/* Closed: it lingers only BOUND_CLOSED_LINGER, not the idle timeout. */
	flow_expire(fx->table, 50.004 + BOUND_CLOSED_LINGER + 0.5);
	assert_int_equal(fx->n_done, 1);
	const struct facts *f = fx->done[0];
	const struct close_fact *r = &f->rst[SIDE_SERVER];
	assert_true(r->seen);
	assert_true(r->rst);
	assert_int_equal(r->ttl, 61);
	assert_int_equal(r->ip_id, 0x4242);
	assert_true(r->t > 0.0035 && r->t < 0.0045);
	assert_int_equal(f->n_rst[SIDE_SERVER], 1);
	assert_int_equal(f->n_rst[SIDE_CLIENT], 0);
	assert_false(f->rst[SIDE_CLIENT].seen);
	assert_int_equal(f->synack_ttl, 63);
	/* Closes are not server packets for the TTL baseline. */
	assert_int_equal(f->server_ttl_min, 63);
	assert_int_equal(f->server_ttl_max, 63);
}

/* Without TLS, only a connection to a TLS port is an attempt; with TLS, any port is. */
static void test_non_tls_port_without_tls_is_no_attempt(void **state)
{
	struct fixture *fx = *state;
	struct peer c = peer4(2, 40000, 64, 1000), web = peer4(9, 8080, 63, 5000);
	handshake(fx, &c, &web, 1.0);
	segment(fx, &c, &web, TCP_PSH, http_request, sizeof http_request - 1, 1.003);
	segment(fx, &c, &web, TCP_FIN, NULL, 0, 1.004);
	segment(fx, &web, &c, TCP_FIN, NULL, 0, 1.005);

	struct peer c2 = peer4(2, 40001, 64, 2000), odd = peer4(9, 8443, 63, 6000);
	handshake(fx, &c2, &odd, 2.0);
	segment(fx, &c2, &odd, TCP_PSH, client_hello, sizeof client_hello, 2.003);

	struct peer c3 = peer4(2, 40002, 64, 3000), tls = peer4(9, 443, 63, 7000);
	handshake(fx, &c3, &tls, 3.0);
	segment(fx, &c3, &tls, TCP_PSH, http_request, sizeof http_request - 1, 3.003);

	flow_flush_at(fx->table, 10.0);
	assert_int_equal(flow_table_stats(fx->table)->flows, 3);
	assert_int_equal(flow_table_stats(fx->table)->attempts, 2);
	assert_int_equal(fx->n_done, 2);
	for (unsigned i = 0; i < fx->n_done; i++) {
		const struct facts *f = fx->done[i];
		assert_int_not_equal(f->server.port, 8080);
		if (f->server.port == 8443) {
			assert_true(f->client_hello_seen);
		} else {
			assert_int_equal(f->server.port, 443);
			assert_false(f->client_hello_seen);
			assert_true(f->not_tls[SIDE_CLIENT]);
		}
	}
}

/* ---- mirrored copies: real frames, decoded as a capture's would be ---- */

/* What one segment on the wire carries beside its peer's addresses. */
struct wire {
	uint8_t ttl;
	uint16_t ip_id;
	uint32_t seq, ack;
	uint8_t flags;
	uint32_t tsval;          /* 0: no TCP option; else a timestamp option with this value */
	const void *data;
	size_t len;
};

static void put16be(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32be(uint8_t *p, uint32_t v)
{
	put16be(p, (unsigned)(v >> 16));
	put16be(p + 2, (unsigned)(v & 0xffff));
}

/* The segment as a raw IPv4 frame (an IP checksum that changes with the TTL, as a
 * router's would), decoded by decode_frame and handed to the table at ts. */
static void wire_segment(struct fixture *fx, const struct peer *from, const struct peer *to, const struct wire *w,
			 double ts)
{
	uint8_t b[1500];
	size_t tcp_len = w->tsval ? 32 : 20, total = 20 + tcp_len + w->len;
	assert_true(total <= sizeof b);
	memset(b, 0, 20 + tcp_len);
	b[0] = 0x45;
	put16be(b + 2, (unsigned)total);
	put16be(b + 4, w->ip_id);
	put16be(b + 6, 0x4000);
	b[8] = w->ttl;
	b[9] = 6;
	put16be(b + 10, 0x9000u + w->ttl);
	memcpy(b + 12, from->ep.addr, 4);
	memcpy(b + 16, to->ep.addr, 4);
	uint8_t *t = b + 20;
	put16be(t, from->ep.port);
	put16be(t + 2, to->ep.port);
	put32be(t + 4, w->seq);
	put32be(t + 8, w->ack);
	t[12] = (uint8_t)((tcp_len / 4) << 4);
	t[13] = w->flags;
	put16be(t + 14, 502);
	put16be(t + 16, 0x4321); /* TCP checksum: routers leave it alone */
	if (w->tsval) {
		t[20] = 1;
		t[21] = 1;
		t[22] = 8;
		t[23] = 10;
		put32be(t + 24, w->tsval);
	}
	if (w->len > 0)
		memcpy(t + tcp_len, w->data, w->len);
	struct decoded pkt;
	const char *why;
	assert_int_equal(decode_frame(LINK_RAW, b, total, total, &pkt, &why), DECODE_TCP);
	flow_packet(fx->table, &pkt, ts, ++fx->pkt_no, NULL, 0, 0);
}

/* The segment, and 40 µs later the copy a routed mirror takes on the router's other
 * port: TTL one lower, the same IP ID and TCP header. */
static void mirrored(struct fixture *fx, const struct peer *from, const struct peer *to, const struct wire *w, double ts)
{
	wire_segment(fx, from, to, w, ts);
	struct wire copy = *w;
	copy.ttl = (uint8_t)(w->ttl - 1);
	wire_segment(fx, from, to, &copy, ts + 0.00004);
}

/* A SPAN port copying every packet twice: the copies are dropped and counted; the
 * attempt is what the single capture gives: its packets, bytes, ClientHello, one reset. */
static void test_mirrored_copies_dropped(void **state)
{
	struct fixture *fx = *state;
	struct peer c = peer4(2, 40000, 64, 1000), s = peer4(9, 443, 64, 5000);
	mirrored(fx, &c, &s, &(struct wire){ .ttl = 64, .ip_id = 1, .seq = 1000, .flags = TCP_SYN, .tsval = 10 }, 1.0);
	mirrored(fx, &s, &c,
		 &(struct wire){ .ttl = 64, .ip_id = 0, .seq = 5000, .ack = 1001, .flags = TCP_SYN | TCP_ACK, .tsval = 90 },
		 1.010);
	mirrored(fx, &c, &s, &(struct wire){ .ttl = 64, .ip_id = 2, .seq = 1001, .ack = 5001, .flags = TCP_ACK, .tsval = 20 },
		 1.020);
	mirrored(fx, &c, &s,
		 &(struct wire){ .ttl = 64, .ip_id = 3, .seq = 1001, .ack = 5001, .flags = TCP_ACK | TCP_PSH, .tsval = 20,
				 .data = client_hello, .len = sizeof client_hello },
		 1.021);
	mirrored(fx, &s, &c, &(struct wire){ .ttl = 64, .ip_id = 7, .seq = 5001, .ack = 1001 + sizeof client_hello,
					     .flags = TCP_RST | TCP_ACK, .tsval = 0 },
		 1.031);
	flow_flush_at(fx->table, 5.0);
	assert_int_equal(fx->n_done, 1);
	const struct facts *f = fx->done[0];
	assert_int_equal(f->duplicates, 5);
	assert_int_equal(flow_table_stats(fx->table)->duplicates, 5);
	assert_int_equal(flow_table_stats(fx->table)->first_duplicate, 2);
	assert_int_equal(f->packets[SIDE_CLIENT], 3);
	assert_int_equal(f->packets[SIDE_SERVER], 2);
	assert_int_equal(f->payload_bytes[SIDE_CLIENT], sizeof client_hello);
	assert_true(f->client_hello_seen);
	assert_int_equal(f->n_rst[SIDE_SERVER], 1);
	/* The first copy's TTL is the one kept. */
	assert_int_equal(f->synack_ttl, 64);
	assert_int_equal(f->server_ttl_min, 64);
	assert_false(f->gap[SIDE_CLIENT]);
	assert_false(f->overlap_conflict[SIDE_CLIENT]);
}

/* The same segment again after a retransmission timeout, or within the window with a new
 * timestamp, is a retransmission: counted as a packet, no copy. */
static void test_retransmission_is_no_copy(void **state)
{
	struct fixture *fx = *state;
	struct peer c = peer4(2, 40000, 64, 1000), s = peer4(9, 443, 64, 5000);
	struct wire hello = { .ttl = 64, .ip_id = 3, .seq = 1001, .ack = 5001, .flags = TCP_ACK | TCP_PSH, .tsval = 20,
			      .data = client_hello, .len = sizeof client_hello };
	wire_segment(fx, &c, &s, &(struct wire){ .ttl = 64, .ip_id = 1, .seq = 1000, .flags = TCP_SYN, .tsval = 10 }, 1.0);
	wire_segment(fx, &s, &c,
		     &(struct wire){ .ttl = 64, .seq = 5000, .ack = 1001, .flags = TCP_SYN | TCP_ACK, .tsval = 90 }, 1.010);
	wire_segment(fx, &c, &s, &hello, 1.020);
	wire_segment(fx, &c, &s, &hello, 1.020 + 0.2); /* the RTO, 200 ms at least */
	struct wire probe = hello;
	probe.tsval = 21;
	wire_segment(fx, &c, &s, &probe, 1.2201); /* within the window, but a new timestamp */
	flow_flush_at(fx->table, 5.0);
	assert_int_equal(fx->n_done, 1);
	assert_int_equal(fx->done[0]->duplicates, 0);
	assert_int_equal(fx->done[0]->packets[SIDE_CLIENT], 4);
}

/* A fast retransmission answers the peer's duplicate ACK: without timestamps it may carry
 * the very same header, within milliseconds on a LAN. The ACK asking for it voids the
 * match. */
static void test_fast_retransmission_is_no_copy(void **state)
{
	struct fixture *fx = *state;
	struct peer c = peer4(2, 40000, 64, 1000), s = peer4(9, 443, 64, 5000);
	struct wire hello = { .ttl = 64, .ip_id = 3, .seq = 1001, .ack = 5001, .flags = TCP_ACK | TCP_PSH,
			      .data = client_hello, .len = sizeof client_hello };
	wire_segment(fx, &c, &s, &(struct wire){ .ttl = 64, .ip_id = 1, .seq = 1000, .flags = TCP_SYN }, 1.0);
	wire_segment(fx, &s, &c, &(struct wire){ .ttl = 64, .ip_id = 8, .seq = 5000, .ack = 1001, .flags = TCP_SYN | TCP_ACK },
		     1.0005);
	wire_segment(fx, &c, &s, &hello, 1.001);
	wire_segment(fx, &s, &c, &(struct wire){ .ttl = 64, .ip_id = 9, .seq = 5001, .ack = 1001, .flags = TCP_ACK }, 1.0015);
	wire_segment(fx, &c, &s, &hello, 1.002);
	flow_flush_at(fx->table, 5.0);
	assert_int_equal(fx->done[0]->duplicates, 0);
	assert_int_equal(fx->done[0]->packets[SIDE_CLIENT], 3);
}

/* Resets with nothing that tells them apart (IP ID 0, no option), one for each segment
 * that reached a closed port, are not copies of each other. */
static void test_alike_resets_are_no_copies(void **state)
{
	struct fixture *fx = *state;
	struct peer c = peer4(2, 40000, 64, 1000), s = peer4(9, 443, 64, 5000);
	handshake(fx, &c, &s, 1.0);
	segment(fx, &c, &s, TCP_PSH, client_hello, sizeof client_hello, 1.003);
	struct wire rst = { .ttl = 64, .seq = 5001, .flags = TCP_RST };
	wire_segment(fx, &s, &c, &rst, 1.004);
	wire_segment(fx, &s, &c, &rst, 1.00406);
	flow_flush_at(fx->table, 5.0);
	assert_int_equal(fx->done[0]->duplicates, 0);
	assert_int_equal(fx->done[0]->n_rst[SIDE_SERVER], 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_handshake_then_data_is_one_attempt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mirrored_copies_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retransmission_is_no_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fast_retransmission_is_no_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alike_resets_are_no_copies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_done_called_once_per_attempt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bound_evicts_least_recently_active, setup, teardown),
		cmocka_unit_test_setup_teardown(test_both_directions_one_flow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fin_close_facts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rst_close_facts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_non_tls_port_without_tls_is_no_attempt, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
