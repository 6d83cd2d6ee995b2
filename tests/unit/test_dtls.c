/*
 * test_dtls.c — unit tests of the DTLS stage (include/dtls.h, src/dtls.c): datagrams
 * split into records, handshake fragments put back together and handed to the TLS stage
 * (include/tls.h) as TLS records, so that the facts come out as over TCP.
 *
 * Every datagram here is built by hand from the structures of RFC 6347 (record header
 * 4.1, handshake fragments 4.2.2, ClientHello with its cookie and HelloVerifyRequest
 * 4.2.1) and RFC 9147 (the unified header, 4): no capture of real DTLS software is
 * used yet. DTLS 1.3 in particular is only ever tested this way, as no software in
 * Debian speaks it.
 *
 * Covered: a ClientHello in one record (DTLS 1.0, OpenSSL's pre-RFC 1.0 and 1.2, versions
 * mapped); one cut in three fragments, delivered out of order with an overlapping
 * duplicate; the HelloVerifyRequest exchange (one ClientHello in the facts, the cookie
 * echoed), also with a server that numbers its next flight from 0; a whole DTLS 1.2
 * handshake; a clear-text alert; replayed records; a retransmitted flight; DTLS 1.3's
 * unified header and ACK records; and hostile datagrams (lying lengths, fragments beyond
 * their message, message_seq far ahead, 16 MB claims, empty and random datagrams, every
 * prefix of a valid one) with the memory held checked against its bound.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bounds.h"
#include "dtls.h"
#include "facts.h"
#include "tls.h"
#include "tls_wire.h"

/* ---- building datagrams ---- */

struct buf {
	uint8_t b[32768];
	size_t n;
};

static void b8(struct buf *m, unsigned v)
{
	assert_true(m->n < sizeof m->b);
	m->b[m->n++] = (uint8_t)v;
}

static void b16(struct buf *m, unsigned v)
{
	b8(m, (v >> 8) & 0xff);
	b8(m, v & 0xff);
}

static void b24(struct buf *m, uint32_t v)
{
	b8(m, (v >> 16) & 0xff);
	b16(m, v & 0xffff);
}

static void bbytes(struct buf *m, const void *p, size_t n)
{
	assert_true(m->n + n <= sizeof m->b);
	if (n > 0)
		memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void bfill(struct buf *m, unsigned v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b8(m, v);
}

/* RFC 6347 4.1: type(1) version(2) epoch(2) sequence_number(6) length(2) fragment. */
static void record(struct buf *dg, uint8_t type, uint16_t version, uint16_t epoch, uint64_t seq, const void *body,
		   size_t len)
{
	b8(dg, type);
	b16(dg, version);
	b16(dg, epoch);
	b16(dg, (unsigned)(seq >> 32) & 0xffff);
	b16(dg, (unsigned)(seq >> 16) & 0xffff);
	b16(dg, (unsigned)seq & 0xffff);
	b16(dg, (unsigned)len);
	bbytes(dg, body, len);
}

/* RFC 6347 4.2.2: msg_type(1) length(3) message_seq(2) fragment_offset(3)
 * fragment_length(3), then bytes [offset, offset + frag_len) of the body. */
static void fragment(struct buf *rec, uint8_t type, const struct buf *body, uint16_t seq, size_t offset, size_t frag_len)
{
	b8(rec, type);
	b24(rec, (uint32_t)body->n);
	b16(rec, seq);
	b24(rec, (uint32_t)offset);
	b24(rec, (uint32_t)frag_len);
	bbytes(rec, body->b + offset, frag_len);
}

/* A datagram of one epoch 0 handshake record holding a whole message. */
static void handshake_datagram(struct buf *dg, uint16_t version, uint64_t rec_seq, uint8_t type, const struct buf *body,
			       uint16_t msg_seq)
{
	struct buf rec = { .n = 0 };
	fragment(&rec, type, body, msg_seq, 0, body->n);
	record(dg, TLS_CT_HANDSHAKE, version, 0, rec_seq, rec.b, rec.n);
}

static const uint8_t RANDOM[32] = {
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xf0, 0x01,
	0x12, 0x23, 0x34, 0x45, 0x56, 0x67, 0x78, 0x89, 0x9a, 0xab, 0xbc, 0xcd, 0xde, 0xef, 0xf1, 0x02,
};

/* RFC 6347 4.2.1: client_version, random, session_id, cookie, cipher_suites,
 * compression_methods, extensions (supported_groups, and supported_versions when dtls13). */
static void client_hello(struct buf *m, uint16_t version, size_t cookie_len, bool dtls13)
{
	m->n = 0;
	b16(m, version);
	bbytes(m, RANDOM, sizeof RANDOM);
	b8(m, 0); /* session_id */
	b8(m, (unsigned)cookie_len);
	bfill(m, 0xc0, cookie_len);
	b16(m, dtls13 ? 6 : 4);
	if (dtls13)
		b16(m, 0x1301);
	b16(m, 0xc02b);
	b16(m, 0xc02f);
	b8(m, 1);
	b8(m, 0);
	struct buf ext = { .n = 0 };
	b16(&ext, TLS_EXT_SUPPORTED_GROUPS);
	b16(&ext, 6);
	b16(&ext, 4);
	b16(&ext, 0x001d);
	b16(&ext, 0x0017);
	if (dtls13) {
		b16(&ext, TLS_EXT_SUPPORTED_VERSIONS);
		b16(&ext, 5);
		b8(&ext, 4);
		b16(&ext, TLS_VERSION_DTLS13);
		b16(&ext, TLS_VERSION_DTLS12);
	}
	b16(m, (unsigned)ext.n);
	bbytes(m, ext.b, ext.n);
}

/* RFC 5246 7.4.1.3 (RFC 6347 4.2): with supported_versions when selected != 0. */
static void server_hello(struct buf *m, uint16_t version, uint16_t selected)
{
	m->n = 0;
	b16(m, version);
	bfill(m, 0x5e, 32);
	b8(m, 0);
	b16(m, selected != 0 ? 0x1301 : 0xc02f);
	b8(m, 0);
	if (selected != 0) {
		b16(m, 6);
		b16(m, TLS_EXT_SUPPORTED_VERSIONS);
		b16(m, 2);
		b16(m, selected);
	} else {
		b16(m, 5);
		b16(m, TLS_EXT_RENEGOTIATION_INFO);
		b16(m, 1);
		b8(m, 0);
	}
}

/* RFC 5246 7.4.2: one (not parseable) certificate of 40 bytes. */
static void certificate(struct buf *m)
{
	m->n = 0;
	b24(m, 43);
	b24(m, 40);
	bfill(m, 0x30, 40);
}

/* RFC 6347 4.2.1: server_version, cookie<0..2^8-1>. */
static void hello_verify(struct buf *m, size_t cookie_len)
{
	m->n = 0;
	b16(m, TLS_VERSION_DTLS10);
	b8(m, (unsigned)cookie_len);
	bfill(m, 0xc0, cookie_len);
}

/* The server's first flight in one datagram, one record per message (as OpenSSL and
 * GnuTLS send it): ServerHello, Certificate, ServerHelloDone, from message_seq first_seq
 * and record sequence number rec_seq on. */
static void server_flight(struct buf *dg, uint64_t rec_seq, uint16_t first_seq)
{
	struct buf sh, cert, done = { .n = 0 };
	server_hello(&sh, TLS_VERSION_DTLS12, 0);
	certificate(&cert);
	handshake_datagram(dg, TLS_VERSION_DTLS12, rec_seq, TLS_HS_SERVER_HELLO, &sh, first_seq);
	handshake_datagram(dg, TLS_VERSION_DTLS12, rec_seq + 1, TLS_HS_CERTIFICATE, &cert, (uint16_t)(first_seq + 1));
	handshake_datagram(dg, TLS_VERSION_DTLS12, rec_seq + 2, TLS_HS_SERVER_HELLO_DONE, &done, (uint16_t)(first_seq + 2));
}

/* ---- the stage under test ---- */

static struct facts *F;
static struct tls_conn CONN;
static struct dtls_conn *D;

/* A fresh facts struct as the flow stage makes one (src/flow.c create()). */
static struct facts *new_facts(void)
{
	struct facts *f = calloc(1, sizeof *f);
	if (f == NULL)
		return NULL;
	f->transport = TRANSPORT_DTLS;
	f->t_syn = f->t_synack = f->t_ack = f->rtt = -1;
	f->t_client_hello = f->t_server_hello = -1;
	f->t_first_appdata[0] = f->t_first_appdata[1] = -1;
	f->server_ttl_min = 255;
	/* The flow stage knows from acknowledgements over TCP; these tests feed datagrams
	 * alone, with a client that had each server datagram when it sent its next one. */
	f->client_saw_server_finished = true;
	return f;
}

static int setup(void **state)
{
	(void)state;
	F = new_facts();
	tls_init(&CONN);
	D = dtls_new();
	return F == NULL || D == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	dtls_free(D);
	D = NULL;
	tls_free(&CONN);
	if (F != NULL) {
		facts_release(F);
		free(F);
		F = NULL;
	}
	return 0;
}

/* What a conversation holds before its first datagram. */
static size_t base_memory(void)
{
	struct dtls_conn *fresh = dtls_new();
	assert_non_null(fresh);
	size_t n = dtls_memory(fresh);
	dtls_free(fresh);
	return n;
}

static void send_dg(enum side from, const struct buf *dg)
{
	dtls_datagram(D, &CONN, F, from, dg->b, dg->n, 0.01);
}

static void assert_clean(void)
{
	assert_false(F->malformed[SIDE_CLIENT]);
	assert_false(F->malformed[SIDE_SERVER]);
	assert_string_equal(F->dtls.malformed_why[SIDE_CLIENT], "");
	assert_string_equal(F->dtls.malformed_why[SIDE_SERVER], "");
}

/* ---- recognising DTLS ---- */

static void test_looks_like_record(void **state)
{
	(void)state;
	struct buf ch, dg = { .n = 0 };
	bool hello = false;
	client_hello(&ch, TLS_VERSION_DTLS12, 0, false);
	handshake_datagram(&dg, TLS_VERSION_DTLS10, 0, TLS_HS_CLIENT_HELLO, &ch, 0);
	assert_true(dtls_looks_like_record(dg.b, dg.n, &hello));
	assert_true(hello);
	assert_true(dtls_looks_like_record(dg.b, dg.n, NULL));
	/* The record's length no longer fits. */
	assert_false(dtls_looks_like_record(dg.b, dg.n - 1, &hello));
	assert_false(hello);
	assert_false(dtls_looks_like_record(dg.b, 12, &hello));
	assert_false(dtls_looks_like_record(dg.b, 0, &hello));
	assert_false(dtls_looks_like_record(NULL, 0, NULL));

	struct buf sh, sdg = { .n = 0 };
	server_hello(&sh, TLS_VERSION_DTLS12, 0);
	handshake_datagram(&sdg, TLS_VERSION_DTLS12, 0, TLS_HS_SERVER_HELLO, &sh, 0);
	assert_true(dtls_looks_like_record(sdg.b, sdg.n, &hello));
	assert_false(hello);
	/* OpenSSL's pre-RFC version and DTLS 1.3's plaintext records are DTLS too. */
	sdg.b[1] = 0x01;
	sdg.b[2] = 0x00;
	assert_true(dtls_looks_like_record(sdg.b, sdg.n, NULL));
	sdg.b[1] = 0xfe;
	sdg.b[2] = 0xfc;
	assert_true(dtls_looks_like_record(sdg.b, sdg.n, NULL));
	/* TLS versions are not. */
	sdg.b[1] = 0x03;
	sdg.b[2] = 0x03;
	assert_false(dtls_looks_like_record(sdg.b, sdg.n, NULL));
	/* Nor a content type outside 20-26, nor a unified header alone. */
	sdg.b[1] = 0xfe;
	sdg.b[2] = 0xfd;
	sdg.b[0] = 19;
	assert_false(dtls_looks_like_record(sdg.b, sdg.n, NULL));
	sdg.b[0] = 27;
	assert_false(dtls_looks_like_record(sdg.b, sdg.n, NULL));
	const uint8_t unified[] = { 0x2c, 0x00, 0x01, 0x00, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	assert_false(dtls_looks_like_record(unified, sizeof unified, NULL));
	/* A ClientHello at epoch 1 is protected: not a client's first flight. */
	dg.b[4] = 1;
	assert_true(dtls_looks_like_record(dg.b, dg.n, &hello));
	assert_false(hello);
}

/* ---- the ClientHello ---- */

static void test_client_hello_one_record(void **state)
{
	(void)state;
	struct buf ch, dg = { .n = 0 };
	client_hello(&ch, TLS_VERSION_DTLS12, 0, false);
	handshake_datagram(&dg, TLS_VERSION_DTLS10, 0, TLS_HS_CLIENT_HELLO, &ch, 0);
	send_dg(SIDE_CLIENT, &dg);
	assert_true(F->client_hello_seen);
	assert_clean();
	assert_int_equal(F->ch.legacy_version, TLS_VERSION_TLS12);
	assert_int_equal(F->ch.record_version, TLS_VERSION_TLS11);
	assert_int_equal(F->ch.length, ch.n - 1); /* the cookie's length byte is gone */
	assert_int_equal(F->ch.n_ciphers, 2);
	assert_int_equal(F->ch.ciphers[0], 0xc02b);
	assert_int_equal(F->ch.n_groups, 2);
	assert_memory_equal(F->ch.random, RANDOM, sizeof RANDOM);
	assert_int_equal(F->client_hello_segments, 1);
	assert_int_equal(F->stage, STAGE_CLIENT_HELLO);
	assert_int_equal(F->dtls.record_version[SIDE_CLIENT], TLS_VERSION_DTLS10);
	assert_int_equal(F->dtls.client_hello_version, TLS_VERSION_DTLS12);
	assert_int_equal(F->dtls.records[SIDE_CLIENT], 1);
	assert_int_equal(F->dtls.datagrams[SIDE_CLIENT], 1);
	assert_int_equal(F->dtls.handshake_fragments[SIDE_CLIENT], 1);
	assert_int_equal(F->dtls.client_hellos, 1);
	assert_false(F->dtls.hello_verify_seen);
	/* Nothing is held once the message is handed over but the hello, to compare a
	 * second one with. */
	assert_int_equal(dtls_memory(D), base_memory() + sizeof(struct tls_client_hello));
}

/* DTLS 1.0 (RFC 4347) and OpenSSL's pre-RFC DTLS are read as TLS 1.1. */
static void test_client_hello_dtls10(void **state)
{
	(void)state;
	const uint16_t versions[] = { TLS_VERSION_DTLS10, TLS_VERSION_DTLS10_OPENSSL };
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(setup(NULL), 0);
		struct buf ch, dg = { .n = 0 };
		client_hello(&ch, versions[i], 0, false);
		handshake_datagram(&dg, versions[i], 0, TLS_HS_CLIENT_HELLO, &ch, 0);
		send_dg(SIDE_CLIENT, &dg);
		assert_true(F->client_hello_seen);
		assert_int_equal(F->ch.legacy_version, TLS_VERSION_TLS11);
		assert_int_equal(F->ch.record_version, TLS_VERSION_TLS11);
		assert_int_equal(F->dtls.client_hello_version, versions[i]);
		teardown(NULL);
	}
}

/* One ClientHello in three fragments, each in a datagram of its own, delivered last
 * first, then an overlapping duplicate of the first two, then the middle one: the
 * facts are those of the hello in one piece. */
static void test_client_hello_fragments(void **state)
{
	(void)state;
	struct buf ch, whole = { .n = 0 };
	client_hello(&ch, TLS_VERSION_DTLS12, 8, false);
	handshake_datagram(&whole, TLS_VERSION_DTLS12, 0, TLS_HS_CLIENT_HELLO, &ch, 0);
	send_dg(SIDE_CLIENT, &whole);
	assert_true(F->client_hello_seen);
	struct tls_client_hello want = F->ch;
	teardown(NULL);
	assert_int_equal(setup(NULL), 0);

	size_t a = ch.n / 3, b = 2 * ch.n / 3;
	struct buf rec, dg;
	/* [b, end) */
	rec.n = dg.n = 0;
	fragment(&rec, TLS_HS_CLIENT_HELLO, &ch, 0, b, ch.n - b);
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 0, 0, rec.b, rec.n);
	send_dg(SIDE_CLIENT, &dg);
	assert_false(F->client_hello_seen);
	/* [0, a) */
	rec.n = dg.n = 0;
	fragment(&rec, TLS_HS_CLIENT_HELLO, &ch, 0, 0, a);
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 0, 1, rec.b, rec.n);
	send_dg(SIDE_CLIENT, &dg);
	assert_false(F->client_hello_seen);
	assert_true(dtls_memory(D) > ch.n);
	/* [a/2, a + 3): overlaps the first and the missing middle */
	rec.n = dg.n = 0;
	fragment(&rec, TLS_HS_CLIENT_HELLO, &ch, 0, a / 2, a / 2 + 3);
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 0, 2, rec.b, rec.n);
	send_dg(SIDE_CLIENT, &dg);
	assert_false(F->client_hello_seen);
	/* [a, b): the rest */
	rec.n = dg.n = 0;
	fragment(&rec, TLS_HS_CLIENT_HELLO, &ch, 0, a, b - a);
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 0, 3, rec.b, rec.n);
	send_dg(SIDE_CLIENT, &dg);
	assert_true(F->client_hello_seen);
	assert_clean();
	assert_memory_equal(&F->ch, &want, sizeof want);
	assert_int_equal(F->dtls.handshake_fragments[SIDE_CLIENT], 4);
	assert_int_equal(F->dtls.retransmitted[SIDE_CLIENT], 0);
	assert_int_equal(F->dtls.client_cookie_len, 8);
	assert_int_equal(dtls_memory(D), base_memory() + sizeof(struct tls_client_hello));
	/* The whole hello again, in one fragment: a retransmission, not a second hello. */
	dg.n = 0;
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 4, TLS_HS_CLIENT_HELLO, &ch, 0);
	send_dg(SIDE_CLIENT, &dg);
	assert_int_equal(F->dtls.retransmitted[SIDE_CLIENT], 1);
	assert_false(F->second_client_hello);
}

/* ClientHello, HelloVerifyRequest, ClientHello with the cookie, ServerHello (RFC 6347
 * 4.2.1's exchange; message_seq as in its 4.2.2: the second hello is 1, and so is the
 * ServerHello answering it). */
static void test_hello_verify(void **state)
{
	(void)state;
	for (int restart = 0; restart < 2; restart++) {
		if (restart)
			assert_int_equal(setup(NULL), 0);
		struct buf ch, hvr, sh, dg;
		client_hello(&ch, TLS_VERSION_DTLS12, 0, false);
		dg.n = 0;
		handshake_datagram(&dg, TLS_VERSION_DTLS10, 0, TLS_HS_CLIENT_HELLO, &ch, 0);
		send_dg(SIDE_CLIENT, &dg);
		hello_verify(&hvr, 20);
		dg.n = 0;
		handshake_datagram(&dg, TLS_VERSION_DTLS10, 0, TLS_HS_HELLO_VERIFY_REQUEST, &hvr, 0);
		send_dg(SIDE_SERVER, &dg);
		assert_true(F->dtls.hello_verify_seen);
		assert_int_equal(F->dtls.cookie_len, 20);
		assert_int_equal(F->dtls.hello_verify_version, TLS_VERSION_DTLS10);
		assert_false(F->tls_seen[SIDE_SERVER]); /* never handed to the TLS stage */
		client_hello(&ch, TLS_VERSION_DTLS12, 20, false);
		dg.n = 0;
		handshake_datagram(&dg, TLS_VERSION_DTLS12, 1, TLS_HS_CLIENT_HELLO, &ch, 1);
		send_dg(SIDE_CLIENT, &dg);
		assert_true(F->dtls.cookie_echoed);
		assert_int_equal(F->dtls.client_hellos, 2);
		assert_int_equal(F->dtls.client_cookie_len, 20);
		assert_false(F->dtls.second_hello_differs);
		assert_false(F->second_client_hello);
		server_hello(&sh, TLS_VERSION_DTLS12, 0);
		dg.n = 0;
		/* restart: a server numbering its flight from 0 again. */
		handshake_datagram(&dg, TLS_VERSION_DTLS12, 1, TLS_HS_SERVER_HELLO, &sh, restart ? 0 : 1);
		send_dg(SIDE_SERVER, &dg);
		assert_true(F->client_hello_seen);
		assert_true(F->server_hello_seen);
		assert_false(F->hrr_seen);
		assert_false(F->second_client_hello);
		assert_int_equal(F->version, TLS_VERSION_TLS12);
		assert_int_equal(F->dtls.server_hello_version, TLS_VERSION_DTLS12);
		assert_int_equal(F->dtls.retransmitted[SIDE_SERVER], 0);
		assert_clean();
		teardown(NULL);
	}
	assert_int_equal(setup(NULL), 0);
}

/* A second ClientHello that changes more than the cookie is noted. */
static void test_second_hello_differs(void **state)
{
	(void)state;
	struct buf ch, hvr, dg = { .n = 0 };
	client_hello(&ch, TLS_VERSION_DTLS12, 0, false);
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 0, TLS_HS_CLIENT_HELLO, &ch, 0);
	send_dg(SIDE_CLIENT, &dg);
	hello_verify(&hvr, 4);
	dg.n = 0;
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 0, TLS_HS_HELLO_VERIFY_REQUEST, &hvr, 0);
	send_dg(SIDE_SERVER, &dg);
	client_hello(&ch, TLS_VERSION_DTLS10, 4, false);
	dg.n = 0;
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 1, TLS_HS_CLIENT_HELLO, &ch, 1);
	send_dg(SIDE_CLIENT, &dg);
	assert_true(F->dtls.cookie_echoed);
	assert_true(F->dtls.second_hello_differs);
	assert_int_equal(F->ch.legacy_version, TLS_VERSION_TLS12); /* the first one's */
}

/* ---- a whole DTLS 1.2 handshake ---- */

static void client_hello_sent(void)
{
	struct buf ch, dg = { .n = 0 };
	client_hello(&ch, TLS_VERSION_DTLS12, 0, false);
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 0, TLS_HS_CLIENT_HELLO, &ch, 0);
	send_dg(SIDE_CLIENT, &dg);
}

static void test_full_handshake(void **state)
{
	(void)state;
	client_hello_sent();
	struct buf dg = { .n = 0 };
	server_flight(&dg, 0, 0);
	send_dg(SIDE_SERVER, &dg);
	assert_true(F->server_hello_seen);
	assert_int_equal(F->version, TLS_VERSION_TLS12);
	assert_true(F->server_cert_seen);
	assert_true(F->server_hello_done_seen);
	assert_int_equal(F->stage, STAGE_SERVER_DONE);
	assert_int_equal(F->dtls.records[SIDE_SERVER], 3);
	assert_int_equal(F->dtls.selected_version, TLS_VERSION_DTLS12);

	/* ClientKeyExchange, ChangeCipherSpec, Finished at epoch 1, in one datagram. */
	struct buf cke = { .n = 0 }, fin = { .n = 0 };
	b8(&cke, 32);
	bfill(&cke, 0x04, 32);
	bfill(&fin, 0xee, 40);
	const uint8_t ccs = 1;
	dg.n = 0;
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 1, TLS_HS_CLIENT_KEY_EXCHANGE, &cke, 1);
	record(&dg, TLS_CT_CHANGE_CIPHER_SPEC, TLS_VERSION_DTLS12, 0, 2, &ccs, 1);
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 1, 0, fin.b, fin.n);
	send_dg(SIDE_CLIENT, &dg);
	assert_true(F->client_kex_seen);
	assert_true(F->ccs_seen[SIDE_CLIENT]);
	assert_true(F->finished_seen[SIDE_CLIENT]);
	assert_int_equal(F->dtls.max_epoch[SIDE_CLIENT], 1);
	assert_false(facts_outcome_known(F));

	dg.n = 0;
	record(&dg, TLS_CT_CHANGE_CIPHER_SPEC, TLS_VERSION_DTLS12, 0, 3, &ccs, 1);
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 1, 0, fin.b, fin.n);
	send_dg(SIDE_SERVER, &dg);
	assert_true(F->ccs_seen[SIDE_SERVER]);
	assert_true(F->finished_seen[SIDE_SERVER]);
	assert_int_equal(F->stage, STAGE_SERVER_CCS);
	assert_clean();
	assert_true(facts_outcome_known(F));

	/* Application data after the outcome is not read. */
	uint32_t records = F->dtls.records[SIDE_CLIENT];
	dg.n = 0;
	record(&dg, TLS_CT_APPLICATION_DATA, TLS_VERSION_DTLS12, 1, 1, fin.b, fin.n);
	send_dg(SIDE_CLIENT, &dg);
	assert_int_equal(F->dtls.records[SIDE_CLIENT], records);
	assert_int_equal(F->appdata_records[SIDE_CLIENT], 0);
}

/* A protected record whose ChangeCipherSpec the capture lost is not read as clear text. */
static void test_protected_before_ccs(void **state)
{
	(void)state;
	client_hello_sent();
	struct buf dg = { .n = 0 }, fin = { .n = 0 };
	server_flight(&dg, 0, 0);
	send_dg(SIDE_SERVER, &dg);
	bfill(&fin, 0xee, 40);
	dg.n = 0;
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 1, 0, fin.b, fin.n);
	send_dg(SIDE_CLIENT, &dg);
	assert_int_equal(F->dtls.protected_before_ccs[SIDE_CLIENT], 1);
	assert_false(F->finished_seen[SIDE_CLIENT]);
	assert_clean();
}

/* The server refuses the version in a clear-text alert (RFC 5246 7.2.2). */
static void test_alert(void **state)
{
	(void)state;
	client_hello_sent();
	const uint8_t alert[] = { TLS_ALERT_LEVEL_FATAL, TLS_ALERT_PROTOCOL_VERSION };
	struct buf dg = { .n = 0 };
	record(&dg, TLS_CT_ALERT, TLS_VERSION_DTLS10, 0, 0, alert, sizeof alert);
	send_dg(SIDE_SERVER, &dg);
	assert_int_equal(F->n_alerts, 1);
	assert_int_equal(F->alerts[0].code, TLS_ALERT_PROTOCOL_VERSION);
	assert_int_equal(F->alerts[0].level, TLS_ALERT_LEVEL_FATAL);
	assert_int_equal(F->alerts[0].from, SIDE_SERVER);
	assert_false(F->alerts[0].encrypted);
	assert_int_equal(F->alerts[0].stage, STAGE_CLIENT_HELLO);
	assert_int_equal(F->dtls.record_version[SIDE_SERVER], TLS_VERSION_DTLS10);
	assert_clean();
}

/* ---- replays and retransmissions ---- */

static void test_replayed_records(void **state)
{
	(void)state;
	struct buf ch, dg = { .n = 0 };
	client_hello(&ch, TLS_VERSION_DTLS12, 0, false);
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 7, TLS_HS_CLIENT_HELLO, &ch, 0);
	send_dg(SIDE_CLIENT, &dg);
	send_dg(SIDE_CLIENT, &dg);
	assert_int_equal(F->dtls.replayed_records[SIDE_CLIENT], 1);
	assert_int_equal(F->dtls.handshake_fragments[SIDE_CLIENT], 1);
	assert_int_equal(F->dtls.retransmitted[SIDE_CLIENT], 0);
	assert_int_equal(F->dtls.records[SIDE_CLIENT], 2);
	struct buf flight = { .n = 0 };
	server_flight(&flight, 0, 0);
	send_dg(SIDE_SERVER, &flight);
	send_dg(SIDE_SERVER, &flight);
	assert_int_equal(F->dtls.replayed_records[SIDE_SERVER], 3);
	assert_int_equal(F->dtls.retransmitted[SIDE_SERVER], 0);
	/* The same sequence number at another epoch is another record. */
	const uint8_t ccs = 1;
	dg.n = 0;
	record(&dg, TLS_CT_CHANGE_CIPHER_SPEC, TLS_VERSION_DTLS12, 1, 7, &ccs, 1);
	send_dg(SIDE_CLIENT, &dg);
	assert_int_equal(F->dtls.replayed_records[SIDE_CLIENT], 1);
	assert_true(F->server_hello_seen);
	assert_false(F->second_client_hello);
	assert_clean();
}

/* The server's flight sent again (its timer ran out, RFC 6347 4.2.4): new record
 * sequence numbers, the same message_seq. */
static void test_retransmitted_flight(void **state)
{
	(void)state;
	client_hello_sent();
	struct buf flight = { .n = 0 }, again = { .n = 0 };
	server_flight(&flight, 0, 0);
	server_flight(&again, 3, 0);
	send_dg(SIDE_SERVER, &flight);
	send_dg(SIDE_SERVER, &again);
	assert_int_equal(F->dtls.retransmitted[SIDE_SERVER], 3);
	assert_int_equal(F->dtls.replayed_records[SIDE_SERVER], 0);
	assert_true(F->server_hello_done_seen);
	assert_int_equal(F->n_certs[SIDE_SERVER], 1);
	assert_clean();
	/* The client's hello sent again too. */
	client_hello_sent(); /* the same record sequence number: a replay */
	assert_int_equal(F->dtls.replayed_records[SIDE_CLIENT], 1);
	struct buf ch, dg = { .n = 0 };
	client_hello(&ch, TLS_VERSION_DTLS12, 0, false);
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 1, TLS_HS_CLIENT_HELLO, &ch, 0);
	send_dg(SIDE_CLIENT, &dg);
	assert_int_equal(F->dtls.retransmitted[SIDE_CLIENT], 1);
	assert_false(F->second_client_hello);
}

/* The server's messages out of order across datagrams: held until their turn. */
static void test_flight_out_of_order(void **state)
{
	(void)state;
	client_hello_sent();
	struct buf sh, cert, done = { .n = 0 }, dg;
	server_hello(&sh, TLS_VERSION_DTLS12, 0);
	certificate(&cert);
	dg.n = 0;
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 2, TLS_HS_SERVER_HELLO_DONE, &done, 2);
	send_dg(SIDE_SERVER, &dg);
	dg.n = 0;
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 1, TLS_HS_CERTIFICATE, &cert, 1);
	send_dg(SIDE_SERVER, &dg);
	assert_false(F->server_hello_done_seen);
	assert_false(F->server_cert_seen);
	dg.n = 0;
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 0, TLS_HS_SERVER_HELLO, &sh, 0);
	send_dg(SIDE_SERVER, &dg);
	assert_true(F->server_hello_seen);
	assert_true(F->server_cert_seen);
	assert_true(F->server_hello_done_seen);
	assert_clean();
}

/* A Certificate larger than a TLS record, in fragments of 1200 bytes (a datagram
 * under a path MTU, as DTLS stacks cut them): handed to the TLS stage over two records. */
static void test_large_message(void **state)
{
	(void)state;
	client_hello_sent();
	struct buf sh, cert = { .n = 0 }, dg = { .n = 0 };
	server_hello(&sh, TLS_VERSION_DTLS12, 0);
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 0, TLS_HS_SERVER_HELLO, &sh, 0);
	send_dg(SIDE_SERVER, &dg);
	b24(&cert, 20003);
	b24(&cert, 20000);
	bfill(&cert, 0x30, 20000);
	uint64_t rec_seq = 1;
	for (size_t off = 0; off < cert.n; off += 1200, rec_seq++) {
		struct buf rec = { .n = 0 };
		size_t n = cert.n - off < 1200 ? cert.n - off : 1200;
		fragment(&rec, TLS_HS_CERTIFICATE, &cert, 1, off, n);
		dg.n = 0;
		record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 0, rec_seq, rec.b, rec.n);
		send_dg(SIDE_SERVER, &dg);
	}
	assert_true(F->server_cert_seen);
	assert_int_equal(F->server_cert_msg_len, cert.n);
	assert_int_equal(F->n_certs[SIDE_SERVER], 1);
	assert_int_equal(dtls_memory(D), base_memory() + sizeof(struct tls_client_hello));
	assert_clean();
}

/* ---- DTLS 1.3 (hand-built only: no software in Debian speaks it) ---- */

static void test_dtls13(void **state)
{
	(void)state;
	struct buf ch, sh, dg = { .n = 0 };
	client_hello(&ch, TLS_VERSION_DTLS12, 0, true);
	handshake_datagram(&dg, TLS_VERSION_DTLS10, 0, TLS_HS_CLIENT_HELLO, &ch, 0);
	send_dg(SIDE_CLIENT, &dg);
	assert_true(F->client_hello_seen);
	assert_true(F->ch.has_supported_versions);
	assert_int_equal(F->ch.n_versions, 2);
	assert_int_equal(F->ch.versions[0], TLS_VERSION_TLS13);
	assert_int_equal(F->ch.versions[1], TLS_VERSION_TLS12);
	server_hello(&sh, TLS_VERSION_DTLS12, TLS_VERSION_DTLS13);
	dg.n = 0;
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 0, TLS_HS_SERVER_HELLO, &sh, 0);
	/* RFC 9147 4: 001CSLEE with S and L set, epoch 2 (handshake keys), a 16-bit
	 * sequence number and a length; then one without either, to the datagram's end. */
	b8(&dg, 0x2e);
	b16(&dg, 0x1234);
	b16(&dg, 60);
	bfill(&dg, 0xaa, 60);
	b8(&dg, 0x22);
	b8(&dg, 0x07);
	bfill(&dg, 0xbb, 30);
	send_dg(SIDE_SERVER, &dg);
	assert_true(F->server_hello_seen);
	assert_int_equal(F->version, TLS_VERSION_TLS13);
	assert_int_equal(F->sh.selected_version, TLS_VERSION_TLS13);
	assert_int_equal(F->dtls.selected_version, TLS_VERSION_DTLS13);
	assert_int_equal(F->dtls.server_hello_version, TLS_VERSION_DTLS12);
	assert_int_equal(F->dtls.unified_records[SIDE_SERVER], 2);
	assert_int_equal(F->enc_records[SIDE_SERVER], 2);
	assert_int_equal(F->n_trace, 2);
	assert_int_equal(F->trace[0].length, 60);
	assert_int_equal(F->trace[1].length, 30);
	/* An ACK record (RFC 9147 7) is counted, not handed on; a unified header whose
	 * connection ID has a length unknown here takes the rest of its datagram. */
	const uint8_t ack[] = { 0, 0 };
	dg.n = 0;
	record(&dg, TLS_CT_ACK, TLS_VERSION_DTLS12, 0, 1, ack, sizeof ack);
	b8(&dg, 0x3c);
	bfill(&dg, 0xcc, 40);
	send_dg(SIDE_CLIENT, &dg);
	assert_int_equal(F->dtls.ack_records[SIDE_CLIENT], 1);
	assert_int_equal(F->dtls.cid_records[SIDE_CLIENT], 1);
	assert_int_equal(F->enc_records[SIDE_CLIENT], 1);
	assert_int_equal(F->other_records[SIDE_CLIENT], 0);
	/* A unified header whose length lies ends the datagram. */
	dg.n = 0;
	b8(&dg, 0x2c);
	b16(&dg, 1);
	b16(&dg, 500);
	bfill(&dg, 0xdd, 20);
	send_dg(SIDE_SERVER, &dg);
	assert_int_equal(F->dtls.malformed_records[SIDE_SERVER], 1);
	assert_int_equal(F->enc_records[SIDE_SERVER], 2);
}

/* ---- hostile datagrams ---- */

/* The bound of what a conversation holds (dtls.h: dtls_memory). */
static void assert_bounded(void)
{
	assert_true(dtls_memory(D) <= base_memory() + 2 * BOUND_DTLS_HELD_BYTES + sizeof(struct tls_client_hello));
}

static void test_record_length_lies(void **state)
{
	(void)state;
	struct buf ch, dg = { .n = 0 };
	client_hello(&ch, TLS_VERSION_DTLS12, 0, false);
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 0, TLS_HS_CLIENT_HELLO, &ch, 0);
	dg.b[11] = 0x40; /* length 0x40xx: beyond the datagram */
	send_dg(SIDE_CLIENT, &dg);
	assert_false(F->client_hello_seen);
	assert_int_equal(F->dtls.malformed_records[SIDE_CLIENT], 1);
	assert_non_null(strstr(F->dtls.malformed_why[SIDE_CLIENT], "beyond"));
	/* A second record cut in its header. */
	struct buf two = { .n = 0 };
	handshake_datagram(&two, TLS_VERSION_DTLS12, 1, TLS_HS_CLIENT_HELLO, &ch, 0);
	bfill(&two, TLS_CT_ALERT, 5);
	send_dg(SIDE_CLIENT, &two);
	assert_true(F->client_hello_seen);
	assert_int_equal(F->dtls.malformed_records[SIDE_CLIENT], 2);
	/* A record header of no DTLS version. */
	dg.n = 0;
	record(&dg, TLS_CT_ALERT, TLS_VERSION_TLS12, 0, 9, "\x02\x46", 2);
	send_dg(SIDE_SERVER, &dg);
	assert_int_equal(F->dtls.malformed_records[SIDE_SERVER], 1);
	assert_int_equal(F->n_alerts, 0);
}

static void test_fragment_beyond_message(void **state)
{
	(void)state;
	struct buf ch, rec = { .n = 0 }, dg = { .n = 0 };
	client_hello(&ch, TLS_VERSION_DTLS12, 0, false);
	/* offset + length one past the message's end */
	b8(&rec, TLS_HS_CLIENT_HELLO);
	b24(&rec, (uint32_t)ch.n);
	b16(&rec, 0);
	b24(&rec, 1);
	b24(&rec, (uint32_t)ch.n);
	bbytes(&rec, ch.b, ch.n);
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 0, 0, rec.b, rec.n);
	send_dg(SIDE_CLIENT, &dg);
	assert_false(F->client_hello_seen);
	assert_int_equal(F->dtls.malformed_fragments[SIDE_CLIENT], 1);
	assert_non_null(strstr(F->dtls.malformed_why[SIDE_CLIENT], "beyond its message"));
	/* A fragment disagreeing with the length its message began with. */
	rec.n = dg.n = 0;
	fragment(&rec, TLS_HS_CLIENT_HELLO, &ch, 0, 0, 10);
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 0, 1, rec.b, rec.n);
	send_dg(SIDE_CLIENT, &dg);
	rec.n = dg.n = 0;
	b8(&rec, TLS_HS_CLIENT_HELLO);
	b24(&rec, (uint32_t)ch.n + 1);
	b16(&rec, 0);
	b24(&rec, 10);
	b24(&rec, 5);
	bfill(&rec, 0, 5);
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 0, 2, rec.b, rec.n);
	send_dg(SIDE_CLIENT, &dg);
	assert_int_equal(F->dtls.malformed_fragments[SIDE_CLIENT], 2);
	assert_false(F->client_hello_seen);
	/* A fragment header cut inside its record. */
	rec.n = dg.n = 0;
	bfill(&rec, 1, 7);
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 0, 3, rec.b, rec.n);
	send_dg(SIDE_CLIENT, &dg);
	assert_int_equal(F->dtls.malformed_fragments[SIDE_CLIENT], 3);
}

/* Messages far ahead of the next one expected, and more of them than are held. */
static void test_seq_far_ahead(void **state)
{
	(void)state;
	struct buf ch, rec, dg;
	client_hello(&ch, TLS_VERSION_DTLS12, 0, false);
	rec.n = dg.n = 0;
	fragment(&rec, TLS_HS_CLIENT_HELLO, &ch, 60000, 0, ch.n);
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 0, 0, rec.b, rec.n);
	send_dg(SIDE_CLIENT, &dg);
	assert_int_equal(F->dtls.dropped_fragments[SIDE_CLIENT], 1);
	assert_non_null(strstr(F->dtls.malformed_why[SIDE_CLIENT], "far ahead"));
	/* Every message_seq of the window, each a large message's first fragment: what is
	 * held stays within its bound. */
	for (uint16_t seq = 1; seq < BOUND_DTLS_SEQ_AHEAD; seq++) {
		rec.n = dg.n = 0;
		b8(&rec, TLS_HS_CERTIFICATE);
		b24(&rec, BOUND_HANDSHAKE_MESSAGE);
		b16(&rec, seq);
		b24(&rec, 0);
		b24(&rec, 4);
		bfill(&rec, 0, 4);
		record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 0, seq, rec.b, rec.n);
		send_dg(SIDE_SERVER, &dg);
		assert_bounded();
	}
	assert_true(F->dtls.dropped_fragments[SIDE_SERVER] > 0);
	assert_true(dtls_memory(D) <= base_memory() + sizeof(struct tls_client_hello) + BOUND_DTLS_HELD_BYTES);
	assert_true(F->buffer_capped[SIDE_SERVER]);
}

/* Lengths claiming 16 MB: a fragment (beyond its record) and a message (beyond the
 * bound). */
static void test_huge_lengths(void **state)
{
	(void)state;
	struct buf rec = { .n = 0 }, dg = { .n = 0 };
	b8(&rec, TLS_HS_CERTIFICATE);
	b24(&rec, 0xffffff);
	b16(&rec, 0);
	b24(&rec, 0);
	b24(&rec, 0xffffff);
	bfill(&rec, 0, 20);
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 0, 0, rec.b, rec.n);
	send_dg(SIDE_SERVER, &dg);
	assert_int_equal(F->dtls.malformed_fragments[SIDE_SERVER], 1);
	assert_int_equal(F->dtls.oversized_messages[SIDE_SERVER], 0);
	assert_bounded();
	rec.n = dg.n = 0;
	b8(&rec, TLS_HS_CERTIFICATE);
	b24(&rec, 0xffffff);
	b16(&rec, 0);
	b24(&rec, 0);
	b24(&rec, 20);
	bfill(&rec, 0, 20);
	record(&dg, TLS_CT_HANDSHAKE, TLS_VERSION_DTLS12, 0, 1, rec.b, rec.n);
	send_dg(SIDE_SERVER, &dg);
	assert_int_equal(F->dtls.oversized_messages[SIDE_SERVER], 1);
	assert_true(F->buffer_capped[SIDE_SERVER]);
	assert_int_equal(dtls_memory(D), base_memory());
	/* The message after it is still read. */
	struct buf done = { .n = 0 };
	dg.n = 0;
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 2, TLS_HS_SERVER_HELLO_DONE, &done, 1);
	send_dg(SIDE_SERVER, &dg);
	assert_true(F->server_hello_done_seen);
}

static void test_empty_datagram(void **state)
{
	(void)state;
	const uint8_t none[1] = { 0 };
	dtls_datagram(D, &CONN, F, SIDE_CLIENT, none, 0, 0);
	dtls_datagram(D, &CONN, F, SIDE_SERVER, NULL, 0, 0);
	assert_int_equal(F->dtls.empty_datagrams[SIDE_CLIENT], 1);
	assert_int_equal(F->dtls.empty_datagrams[SIDE_SERVER], 1);
	assert_int_equal(F->dtls.datagrams[SIDE_CLIENT], 1);
	assert_int_equal(F->dtls.records[SIDE_CLIENT], 0);
	assert_false(F->tls_seen[SIDE_CLIENT]);
}

/* xorshift64: the same bytes every run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Random datagrams, and valid ones with random bytes changed: no crash, memory within
 * its bound. */
static void test_random_bytes(void **state)
{
	(void)state;
	struct buf valid = { .n = 0 };
	struct buf ch;
	client_hello(&ch, TLS_VERSION_DTLS12, 3, false);
	handshake_datagram(&valid, TLS_VERSION_DTLS12, 0, TLS_HS_CLIENT_HELLO, &ch, 0);
	server_flight(&valid, 1, 0);
	for (int round = 0; round < 40; round++) {
		teardown(NULL);
		assert_int_equal(setup(NULL), 0);
		for (int i = 0; i < 200; i++) {
			struct buf dg = { .n = 0 };
			if (rng() % 2 == 0) {
				dg.n = (size_t)(rng() % 1500);
				for (size_t k = 0; k < dg.n; k++)
					dg.b[k] = (uint8_t)rng();
				/* Often a DTLS-looking first header. */
				if (dg.n >= 13 && rng() % 2 == 0) {
					dg.b[0] = (uint8_t)(20 + rng() % 7);
					dg.b[1] = 0xfe;
					dg.b[2] = 0xfd;
				}
			} else {
				dg = valid;
				for (int k = 0; k < 4; k++)
					dg.b[rng() % dg.n] = (uint8_t)rng();
				dg.n = (size_t)(rng() % (dg.n + 1));
			}
			dtls_datagram(D, &CONN, F, (rng() % 2) ? SIDE_CLIENT : SIDE_SERVER, dg.b, dg.n, 0.1 * i);
			assert_bounded();
		}
	}
}

/* Every prefix of a valid datagram: a clean failure, never a hello. */
static void test_truncation_sweep(void **state)
{
	(void)state;
	struct buf ch, dg = { .n = 0 };
	client_hello(&ch, TLS_VERSION_DTLS12, 5, false);
	handshake_datagram(&dg, TLS_VERSION_DTLS12, 0, TLS_HS_CLIENT_HELLO, &ch, 0);
	for (size_t cut = 0; cut < dg.n; cut++) {
		teardown(NULL);
		assert_int_equal(setup(NULL), 0);
		uint8_t *copy = malloc(cut > 0 ? cut : 1);
		assert_non_null(copy);
		memcpy(copy, dg.b, cut);
		dtls_datagram(D, &CONN, F, SIDE_CLIENT, copy, cut, 0);
		free(copy);
		assert_false(F->client_hello_seen);
		if (cut > 0)
			assert_int_equal(F->dtls.malformed_records[SIDE_CLIENT], 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_looks_like_record),
		cmocka_unit_test_setup_teardown(test_client_hello_one_record, setup, teardown),
		cmocka_unit_test(test_client_hello_dtls10),
		cmocka_unit_test_setup_teardown(test_client_hello_fragments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hello_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_hello_differs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_handshake, setup, teardown),
		cmocka_unit_test_setup_teardown(test_protected_before_ccs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replayed_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retransmitted_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flight_out_of_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dtls13, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_length_lies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fragment_beyond_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seq_far_ahead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_datagram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncation_sweep, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
