/*
 * test_tls_resync.c — unit tests of the TLS framer (src/tls.c) on streams that break
 * the record layer's rules while their records stay well framed: a handshake message
 * whose length lies, records of another content type arriving inside a message,
 * heartbeats and records of unassigned content types during the handshake, and TLS 1.3
 * drafts' messages through the framer.
 *
 * Every stream here is built by hand, record by record: real TLS stacks produce none of
 * these (tests/hostile.sh has the same cases as edited real captures). What is checked
 * is that only the broken message is lost: it is noted as malformed with what it
 * claimed and what arrived, and the records after it are read as usual, so that the
 * ChangeCipherSpec, Finished and alerts that follow still tell how the handshake ended.
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
#include "facts.h"
#include "tls.h"
#include "tls_wire.h"

static struct facts *F;
static struct tls_conn CONN;

static int setup(void **state)
{
	(void)state;
	F = calloc(1, sizeof *F);
	if (F == NULL)
		return -1;
	F->t_syn = F->t_synack = F->t_ack = F->rtt = -1;
	F->t_client_hello = F->t_server_hello = -1;
	F->t_first_appdata[0] = F->t_first_appdata[1] = -1;
	F->client_saw_server_finished = true; /* set by the flow stage from the client's ACKs */
	tls_init(&CONN);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tls_free(&CONN);
	facts_release(F);
	free(F);
	F = NULL;
	return 0;
}

/* ---- building streams ---- */

struct buf {
	uint8_t b[65536];
	size_t n;
};

static void b8(struct buf *s, unsigned v)
{
	assert_true(s->n < sizeof s->b);
	s->b[s->n++] = (uint8_t)v;
}

static void b16(struct buf *s, unsigned v)
{
	b8(s, (v >> 8) & 0xff);
	b8(s, v & 0xff);
}

static void b24(struct buf *s, size_t v)
{
	b8(s, (unsigned)(v >> 16) & 0xff);
	b16(s, (unsigned)v & 0xffff);
}

static void bfill(struct buf *s, unsigned v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b8(s, v);
}

static void bbytes(struct buf *s, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b8(s, p[i]);
}

static struct buf *new_buf(void)
{
	struct buf *s = calloc(1, sizeof *s);
	assert_non_null(s);
	return s;
}

/* A record (RFC 8446 5.1) whose body is the len bytes at p. */
static void record(struct buf *s, unsigned type, const uint8_t *p, size_t len)
{
	b8(s, type);
	b16(s, 0x0303);
	b16(s, (unsigned)len);
	bbytes(s, p, len);
}

static void feed(enum side from, const struct buf *s, double t)
{
	tls_feed(&CONN, F, from, s->b, s->n, false, t);
}

/* A ClientHello offering versions (supported_versions) in a record of its own. */
static void send_client_hello(const uint16_t *versions, size_t n_versions)
{
	struct buf *body = new_buf(), *s = new_buf();
	b16(body, 0x0303);
	bfill(body, 0x5c, 32);
	b8(body, 0);                 /* session id */
	b16(body, 4);
	b16(body, 0x1301);
	b16(body, 0xc02f);
	b8(body, 1);
	b8(body, 0);                 /* compression: null */
	b16(body, (unsigned)(4 + 1 + 2 * n_versions));
	b16(body, TLS_EXT_SUPPORTED_VERSIONS);
	b16(body, (unsigned)(1 + 2 * n_versions));
	b8(body, (unsigned)(2 * n_versions));
	for (size_t i = 0; i < n_versions; i++)
		b16(body, versions[i]);
	struct buf *hs = new_buf();
	b8(hs, TLS_HS_CLIENT_HELLO);
	b24(hs, body->n);
	bbytes(hs, body->b, body->n);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	feed(SIDE_CLIENT, s, 0.0);
	assert_true(F->client_hello_seen);
	free(body);
	free(hs);
	free(s);
}

static void client_hello_12(void)
{
	static const uint16_t v[] = { 0x0303 };
	send_client_hello(v, 1);
}

/* A TLS 1.2 ServerHello message (no extensions) appended to hs. */
static void server_hello_12(struct buf *hs)
{
	b8(hs, TLS_HS_SERVER_HELLO);
	b24(hs, 2 + 32 + 1 + 2 + 1);
	b16(hs, 0x0303);
	bfill(hs, 0x77, 32);
	b8(hs, 0);
	b16(hs, 0xc02f);
	b8(hs, 0);
}

/* A Certificate (RFC 5246 7.4.2) of one certificate of cert_len bytes, claiming
 * msg_len (its true length when 0) with a list claiming list_len (true when 0). */
static void certificate(struct buf *hs, size_t cert_len, size_t msg_len, size_t list_len)
{
	b8(hs, TLS_HS_CERTIFICATE);
	b24(hs, msg_len ? msg_len : 3 + 3 + cert_len);
	b24(hs, list_len ? list_len : 3 + cert_len);
	b24(hs, cert_len);
	bfill(hs, 0x30, cert_len); /* not DER: kept as unparsed */
}

static void empty_message(struct buf *hs, unsigned type)
{
	b8(hs, type);
	b24(hs, 0);
}

static const uint8_t CCS[1] = { 1 };

/* Client: ClientKeyExchange, ChangeCipherSpec, encrypted Finished. */
static void client_finished_12(double t)
{
	struct buf *s = new_buf(), *hs = new_buf();
	b8(hs, TLS_HS_CLIENT_KEY_EXCHANGE);
	b24(hs, 33);
	b8(hs, 32);
	bfill(hs, 0x33, 32);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	record(s, TLS_CT_CHANGE_CIPHER_SPEC, CCS, 1);
	uint8_t fin[40];
	memset(fin, 0xe7, sizeof fin);
	record(s, TLS_CT_HANDSHAKE, fin, sizeof fin);
	feed(SIDE_CLIENT, s, t);
	free(s);
	free(hs);
}

/* Server: ChangeCipherSpec and encrypted Finished appended to s. */
static void server_finished_12(struct buf *s)
{
	uint8_t fin[40];
	memset(fin, 0xe8, sizeof fin);
	record(s, TLS_CT_CHANGE_CIPHER_SPEC, CCS, 1);
	record(s, TLS_CT_HANDSHAKE, fin, sizeof fin);
}

/* ---- a message cut short by a record of another content type ---- */

/*
 * The server's ServerKeyExchange claims 3000 bytes; its record holds 1200. Its other
 * handshake records follow (swallowed into it: nothing inside a ServerKeyExchange says
 * where it ends), then the ChangeCipherSpec arrives in the middle of it (RFC 8446 5.1):
 * the message is dropped and noted, and the CCS and the encrypted Finished are counted.
 */
static void test_ccs_inside_message(void **state)
{
	(void)state;
	client_hello_12();
	struct buf *s = new_buf(), *hs = new_buf();
	server_hello_12(hs);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	size_t ske_at = s->n + 5;
	hs->n = 0;
	b8(hs, TLS_HS_SERVER_KEY_EXCHANGE);
	b24(hs, 3000);
	bfill(hs, 0x42, 1200 - 4);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	hs->n = 0;
	empty_message(hs, TLS_HS_SERVER_HELLO_DONE);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	feed(SIDE_SERVER, s, 0.1);
	assert_true(F->server_hello_seen);
	assert_false(F->server_kex_seen);
	assert_false(F->server_hello_done_seen); /* inside the lie, as a peer would read it */
	assert_false(F->malformed[SIDE_SERVER]); /* nothing tells yet */

	client_finished_12(0.2);
	s->n = 0;
	server_finished_12(s);
	feed(SIDE_SERVER, s, 0.3);
	assert_true(F->malformed[SIDE_SERVER]);
	assert_true(F->hs_resynced[SIDE_SERVER]);
	assert_string_equal(F->malformed_why[SIDE_SERVER],
			    "ServerKeyExchange claims 3000 bytes; 1200 arrived before a ChangeCipherSpec record");
	assert_int_equal(F->malformed_offset[SIDE_SERVER], ske_at);
	assert_true(F->ccs_seen[SIDE_SERVER]);
	assert_true(F->finished_seen[SIDE_SERVER]);
	assert_true(F->finished_seen[SIDE_CLIENT]);
	assert_int_equal(F->stage, STAGE_SERVER_CCS);
	assert_true(F->handshake_done);
	assert_false(F->malformed[SIDE_CLIENT]);
	free(s);
	free(hs);
}

/* The same with an alert (fatal) and with application data in the middle; a warning
 * alert in TLS 1.2 may be interleaved (RFC 5246 6.2.1): the message waits for its rest. */
static void test_other_records_inside_message(void **state)
{
	(void)state;
	client_hello_12();
	struct buf *s = new_buf(), *hs = new_buf();
	server_hello_12(hs);
	certificate(hs, 500, 0, 0);
	size_t split = hs->n - 200;
	record(s, TLS_CT_HANDSHAKE, hs->b, split);
	static const uint8_t warning[2] = { TLS_ALERT_LEVEL_WARNING, TLS_ALERT_UNRECOGNIZED_NAME };
	record(s, TLS_CT_ALERT, warning, 2);
	record(s, TLS_CT_HANDSHAKE, hs->b + split, hs->n - split);
	feed(SIDE_SERVER, s, 0.1);
	assert_true(F->server_cert_seen);
	assert_int_equal(F->n_server_certs, 1);
	assert_int_equal(F->n_alerts, 1);
	assert_false(F->malformed[SIDE_SERVER]);

	/* A second Certificate cut by a fatal alert: dropped, the alert read. */
	s->n = 0;
	hs->n = 0;
	certificate(hs, 500, 0, 0);
	record(s, TLS_CT_HANDSHAKE, hs->b, 300);
	static const uint8_t fatal[2] = { TLS_ALERT_LEVEL_FATAL, TLS_ALERT_INTERNAL_ERROR };
	record(s, TLS_CT_ALERT, fatal, 2);
	feed(SIDE_SERVER, s, 0.2);
	assert_int_equal(F->n_alerts, 2);
	assert_int_equal(F->alerts[1].code, TLS_ALERT_INTERNAL_ERROR);
	assert_true(F->malformed[SIDE_SERVER]);
	assert_string_equal(F->malformed_why[SIDE_SERVER], "Certificate claims 506 bytes; 296 arrived before an alert record");

	/* The client's ClientKeyExchange cut by application data. */
	s->n = 0;
	hs->n = 0;
	b8(hs, TLS_HS_CLIENT_KEY_EXCHANGE);
	b24(hs, 33);
	bfill(hs, 0x33, 10);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	uint8_t data[20];
	memset(data, 0x61, sizeof data);
	record(s, TLS_CT_APPLICATION_DATA, data, sizeof data);
	feed(SIDE_CLIENT, s, 0.3);
	assert_true(F->malformed[SIDE_CLIENT]);
	assert_true(F->hs_resynced[SIDE_CLIENT]);
	assert_string_equal(F->malformed_why[SIDE_CLIENT],
			    "ClientKeyExchange claims 33 bytes; 10 arrived before an application data record");
	assert_false(F->client_kex_seen);
	free(s);
	free(hs);
}

/* A message too large to keep, being stepped over, cut by a ChangeCipherSpec. */
static void test_ccs_inside_large_message(void **state)
{
	(void)state;
	client_hello_12();
	struct buf *s = new_buf(), *hs = new_buf();
	server_hello_12(hs);
	size_t claimed = BOUND_HANDSHAKE_MESSAGE + 1000;
	b8(hs, TLS_HS_CERTIFICATE);
	b24(hs, claimed);
	b24(hs, claimed - 3);
	b24(hs, 16000);
	bfill(hs, 0x30, 16000);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	server_finished_12(s);
	feed(SIDE_SERVER, s, 0.1);
	assert_true(F->buffer_capped[SIDE_SERVER]);
	assert_true(F->ccs_seen[SIDE_SERVER]);
	assert_true(F->finished_seen[SIDE_SERVER]);
	char want[96];
	snprintf(want, sizeof want, "Certificate claims %zu bytes; 16006 arrived before a ChangeCipherSpec record", claimed);
	assert_string_equal(F->malformed_why[SIDE_SERVER], want);
	free(s);
	free(hs);
}

/* ---- a length its own message contradicts ---- */

/*
 * A Certificate claims 3000 bytes in a record that holds 1200, whose certificate list
 * says 1193 (it ends with the record). At the record's end the lie is plain: the message
 * is dropped and the next record starts afresh, so the ServerHelloDone is read.
 */
static void test_certificate_list_contradicts_length(void **state)
{
	(void)state;
	client_hello_12();
	struct buf *s = new_buf(), *hs = new_buf();
	server_hello_12(hs);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	size_t cert_at = s->n + 5;
	hs->n = 0;
	certificate(hs, 1190, 3000, 0);
	assert_int_equal(hs->n, 1200);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	hs->n = 0;
	empty_message(hs, TLS_HS_SERVER_HELLO_DONE);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	feed(SIDE_SERVER, s, 0.1);
	assert_true(F->malformed[SIDE_SERVER]);
	assert_true(F->hs_resynced[SIDE_SERVER]);
	assert_string_equal(F->malformed_why[SIDE_SERVER], "Certificate claims 3000 bytes; its certificate list claims 1193");
	assert_int_equal(F->malformed_offset[SIDE_SERVER], cert_at);
	assert_true(F->server_hello_done_seen);
	assert_int_equal(F->stage, STAGE_SERVER_DONE);

	/* ...and the handshake goes on. */
	client_finished_12(0.2);
	s->n = 0;
	server_finished_12(s);
	feed(SIDE_SERVER, s, 0.3);
	assert_true(F->finished_seen[SIDE_SERVER]);
	assert_true(F->handshake_done);
	free(s);
	free(hs);
}

/*
 * The list's length agrees with the lie, but the bytes of the next record, read as the
 * next certificate's length, do not fit in the list: the lie shows once that record is
 * there. Parsing starts again at that record's first byte: its messages are read.
 */
static void test_certificate_entry_contradicts_length(void **state)
{
	(void)state;
	client_hello_12();
	struct buf *s = new_buf(), *hs = new_buf();
	server_hello_12(hs);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	hs->n = 0;
	certificate(hs, 1190, 3000, 2997);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	hs->n = 0;
	b8(hs, TLS_HS_SERVER_KEY_EXCHANGE);
	b24(hs, 300);
	bfill(hs, 0x01, 300);
	empty_message(hs, TLS_HS_SERVER_HELLO_DONE);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	feed(SIDE_SERVER, s, 0.1);
	assert_true(F->hs_resynced[SIDE_SERVER]);
	assert_string_equal(F->malformed_why[SIDE_SERVER], "Certificate claims 3000 bytes; an entry in it claims 786433 of 1801 left");
	assert_true(F->server_kex_seen);
	assert_true(F->server_hello_done_seen);
	free(s);
	free(hs);
}

/* A Certificate honestly spread over three records, each a piece: read whole, nothing
 * noted (the check never fires on a message that keeps its word). */
static void test_certificate_over_records_is_fine(void **state)
{
	(void)state;
	client_hello_12();
	struct buf *s = new_buf(), *hs = new_buf();
	server_hello_12(hs);
	certificate(hs, 9000, 0, 0);
	empty_message(hs, TLS_HS_SERVER_HELLO_DONE);
	size_t cuts[] = { 0, 50, 4000, hs->n };
	for (size_t i = 0; i + 1 < sizeof cuts / sizeof cuts[0]; i++)
		record(s, TLS_CT_HANDSHAKE, hs->b + cuts[i], cuts[i + 1] - cuts[i]);
	feed(SIDE_SERVER, s, 0.1);
	assert_false(F->malformed[SIDE_SERVER]);
	assert_false(F->hs_resynced[SIDE_SERVER]);
	assert_true(F->server_cert_seen);
	assert_true(F->server_hello_done_seen);
	free(s);
	free(hs);
}

/* ---- records of no handshake content type ---- */

/*
 * Heartbeats (24, RFC 6520), a tls12_cid record (25, RFC 9146) and an unassigned type
 * (48, inside RFC 7983's 20-63) during the handshake: counted per side, never traced,
 * never malformed, and the handshake around them read as usual. 64 is no record type.
 */
static void test_heartbeat_and_other_records(void **state)
{
	(void)state;
	client_hello_12();
	struct buf *s = new_buf(), *hs = new_buf();
	server_hello_12(hs);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	static const uint8_t beat[] = { 1, 0, 16, 0xa, 0xa, 0xa, 0xa, 0xa, 0xa, 0xa, 0xa, 0xa, 0xa, 0xa, 0xa, 0xa, 0xa,
					0xa, 0xa, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	record(s, TLS_CT_HEARTBEAT, beat, sizeof beat);
	hs->n = 0;
	certificate(hs, 700, 0, 0);
	/* A heartbeat between two pieces of the Certificate (RFC 5246 6.2.1 lets TLS 1.2
	 * interleave): the message still completes. */
	record(s, TLS_CT_HANDSHAKE, hs->b, 100);
	record(s, TLS_CT_HEARTBEAT, beat, sizeof beat);
	record(s, TLS_CT_HANDSHAKE, hs->b + 100, hs->n - 100);
	record(s, TLS_CT_TLS12_CID, beat, 20);
	record(s, 48, beat, 8);
	hs->n = 0;
	empty_message(hs, TLS_HS_SERVER_HELLO_DONE);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	feed(SIDE_SERVER, s, 0.1);
	assert_false(F->malformed[SIDE_SERVER]);
	assert_true(F->server_cert_seen);
	assert_true(F->server_hello_done_seen);
	assert_int_equal(F->heartbeat_records[SIDE_SERVER], 2);
	assert_int_equal(F->other_records[SIDE_SERVER], 2);
	assert_int_equal(F->other_record_type[SIDE_SERVER], TLS_CT_TLS12_CID);
	assert_int_equal(F->heartbeat_records[SIDE_CLIENT], 0);
	for (unsigned i = 0; i < F->n_trace; i++)
		assert_true(F->trace[i].content_type >= TLS_CT_CHANGE_CIPHER_SPEC &&
			    F->trace[i].content_type <= TLS_CT_APPLICATION_DATA);

	/* After the ChangeCipherSpec too; the handshake's outcome is the Finished's. */
	s->n = 0;
	record(s, TLS_CT_HEARTBEAT, beat, sizeof beat);
	feed(SIDE_CLIENT, s, 0.15);
	client_finished_12(0.2);
	s->n = 0;
	record(s, TLS_CT_CHANGE_CIPHER_SPEC, CCS, 1);
	record(s, TLS_CT_HEARTBEAT, beat, sizeof beat);
	uint8_t fin[40];
	memset(fin, 0xe8, sizeof fin);
	record(s, TLS_CT_HANDSHAKE, fin, sizeof fin);
	feed(SIDE_SERVER, s, 0.3);
	assert_int_equal(F->heartbeat_records[SIDE_CLIENT], 1);
	assert_int_equal(F->heartbeat_records[SIDE_SERVER], 3);
	assert_int_equal(F->enc_records[SIDE_SERVER], 1);
	assert_true(F->finished_seen[SIDE_SERVER]);
	assert_true(F->handshake_done);
	free(s);
	free(hs);
}

static void test_record_type_past_63(void **state)
{
	(void)state;
	client_hello_12();
	struct buf *s = new_buf(), *hs = new_buf();
	server_hello_12(hs);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	free(hs);
	static const uint8_t body[4] = { 0 };
	record(s, 64, body, sizeof body);
	feed(SIDE_SERVER, s, 0.1);
	assert_true(F->malformed[SIDE_SERVER]);
	assert_false(F->hs_resynced[SIDE_SERVER]);
	assert_non_null(strstr(F->malformed_why[SIDE_SERVER], "not a TLS record header"));
	assert_int_equal(F->other_records[SIDE_SERVER], 0);
	free(s);
}

/* ---- TLS 1.3 drafts through the framer ---- */

/* A draft-18 handshake (hand-built: version 0x7f12 in the ServerHello's first field, no
 * session id, no compression method): read, not malformed; what follows is encrypted. */
static void test_draft18_handshake(void **state)
{
	(void)state;
	static const uint16_t v[] = { 0x7f12, 0x0303 };
	send_client_hello(v, 2);
	assert_int_equal(F->ch.versions[0], 0x7f12);
	struct buf *s = new_buf(), *hs = new_buf();
	b8(hs, TLS_HS_SERVER_HELLO);
	b24(hs, 2 + 32 + 2 + 2 + 4 + 2 + 2 + 32);
	b16(hs, 0x7f12);
	bfill(hs, 0x77, 32);
	b16(hs, 0x1301);
	b16(hs, 4 + 2 + 2 + 32);
	b16(hs, TLS_EXT_KEY_SHARE_DRAFT);
	b16(hs, 2 + 2 + 32);
	b16(hs, 0x001d);
	b16(hs, 32);
	bfill(hs, 0x11, 32);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	uint8_t enc[300];
	memset(enc, 0x5e, sizeof enc);
	record(s, TLS_CT_APPLICATION_DATA, enc, sizeof enc);
	feed(SIDE_SERVER, s, 0.1);
	assert_false(F->malformed[SIDE_SERVER]);
	assert_true(F->server_hello_seen);
	assert_int_equal(F->version, 0x7f12);
	assert_int_equal(F->sh.key_share_group, 0x001d);
	assert_true(CONN.tls13);
	assert_int_equal(F->enc_records[SIDE_SERVER], 1);
	free(s);
	free(hs);
}

/* A draft-21 HelloRetryRequest (message type 6): the retry is seen, nothing malformed. */
static void test_draft_hello_retry_request_message(void **state)
{
	(void)state;
	static const uint16_t v[] = { 0x7f15 };
	send_client_hello(v, 1);
	struct buf *s = new_buf(), *hs = new_buf();
	b8(hs, TLS_HS_HELLO_RETRY_REQUEST);
	b24(hs, 2 + 2 + 2 + 6);
	b16(hs, 0x7f15);
	b16(hs, 0x1302);
	b16(hs, 6);
	b16(hs, TLS_EXT_KEY_SHARE_DRAFT);
	b16(hs, 2);
	b16(hs, 0x0018);
	record(s, TLS_CT_HANDSHAKE, hs->b, hs->n);
	feed(SIDE_SERVER, s, 0.1);
	assert_false(F->malformed[SIDE_SERVER]);
	assert_true(F->hrr_seen);
	assert_false(F->server_hello_seen);
	assert_int_equal(F->sh.selected_version, 0x7f15);
	assert_int_equal(F->sh.key_share_group, 0x0018);
	assert_true(CONN.tls13);
	free(s);
	free(hs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ccs_inside_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_records_inside_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ccs_inside_large_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_certificate_list_contradicts_length, setup, teardown),
		cmocka_unit_test_setup_teardown(test_certificate_entry_contradicts_length, setup, teardown),
		cmocka_unit_test_setup_teardown(test_certificate_over_records_is_fine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heartbeat_and_other_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_type_past_63, setup, teardown),
		cmocka_unit_test_setup_teardown(test_draft18_handshake, setup, teardown),
		cmocka_unit_test_setup_teardown(test_draft_hello_retry_request_message, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
