/*
 * test_quic.c — unit tests of the QUIC stage (include/quic.h, src/quic.c).
 *
 * Datagrams are built here by hand, as RFC 9000 17 and RFC 9001 5 lay them out: long
 * header packets protected with the Initial keys of their connection ID (AES-128-GCM
 * and AES-ECB header protection through libcrypto, the inverse of what the module
 * does), carrying frames built field by field. Real captures of real QUIC software are
 * the golden tests' (pcaps/); what is here is what real software does not send: lying
 * lengths, huge offsets, shuffled CRYPTO frames, truncations at every length. Each test
 * checks the facts the stage writes, and that memory stays bounded (quic_memory).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/evp.h>

#include "bounds.h"
#include "facts.h"
#include "quic.h"
#include "quic_crypto.h"
#include "tls.h"

/* ---- bytes ---- */

struct buf {
	uint8_t b[4096];
	size_t n;
};

static void put(struct buf *o, const void *p, size_t n)
{
	assert_true(o->n + n <= sizeof o->b);
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void put8(struct buf *o, unsigned v) { uint8_t b = (uint8_t)v; put(o, &b, 1); }
static void put16(struct buf *o, unsigned v) { put8(o, v >> 8); put8(o, v); }
static void put24(struct buf *o, unsigned v) { put8(o, v >> 16); put16(o, v); }
static void put32(struct buf *o, uint32_t v) { put16(o, v >> 16); put16(o, v); }

/* A varint in its shortest form, or forced to 2 bytes (lengths patched later). */
static void putv(struct buf *o, uint64_t v)
{
	if (v < 64)
		put8(o, (unsigned)v);
	else if (v < 16384)
		put16(o, 0x4000 | (unsigned)v);
	else if (v < (1u << 30))
		put32(o, 0x80000000u | (uint32_t)v);
	else {
		put32(o, 0xc0000000u | (uint32_t)(v >> 32));
		put32(o, (uint32_t)v);
	}
}

static const uint8_t DCID[8] = { 0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08 };
static const uint8_t SCID[4] = { 0xc1, 0xc2, 0xc3, 0xc4 };
static const uint8_t SERVER_CID[5] = { 0x5e, 0x5e, 0x5e, 0x5e, 0x01 };

/* A TLS 1.3 ClientHello (handshake message, header included) naming "quic.example". */
static void client_hello(struct buf *o)
{
	struct buf body = { .n = 0 };
	put16(&body, 0x0303);
	for (int i = 0; i < 32; i++)
		put8(&body, (unsigned)i);
	put8(&body, 0);                          /* session_id */
	put16(&body, 2); put16(&body, 0x1301);   /* cipher_suites */
	put8(&body, 1); put8(&body, 0);          /* compression */
	struct buf ext = { .n = 0 };
	static const char name[] = "quic.example";
	put16(&ext, 0); put16(&ext, (unsigned)sizeof name - 1 + 5); /* server_name */
	put16(&ext, (unsigned)sizeof name - 1 + 3); put8(&ext, 0); put16(&ext, (unsigned)sizeof name - 1);
	put(&ext, name, sizeof name - 1);
	put16(&ext, 0x002b); put16(&ext, 3); put8(&ext, 2); put16(&ext, 0x0304); /* supported_versions */
	put16(&ext, 0x0010); put16(&ext, 5); put16(&ext, 3); put8(&ext, 2); put(&ext, "h3", 2); /* ALPN */
	put16(&ext, 0x0039); put16(&ext, 4); put8(&ext, 0x04); put8(&ext, 2); put16(&ext, 0x4000); /* transport params */
	put16(&body, (unsigned)ext.n);
	put(&body, ext.b, ext.n);
	put8(o, 1);
	put24(o, (unsigned)body.n);
	put(o, body.b, body.n);
}

/* A ServerHello choosing TLS 1.3 and TLS_AES_128_GCM_SHA256. */
static void server_hello(struct buf *o)
{
	struct buf body = { .n = 0 };
	put16(&body, 0x0303);
	for (int i = 0; i < 32; i++)
		put8(&body, 0xa0);
	put8(&body, 0);
	put16(&body, 0x1301);
	put8(&body, 0);
	put16(&body, 6);
	put16(&body, 0x002b); put16(&body, 2); put16(&body, 0x0304);
	put8(o, 2);
	put24(o, (unsigned)body.n);
	put(o, body.b, body.n);
}

static void crypto_frame(struct buf *o, uint64_t offset, const uint8_t *data, size_t len)
{
	put8(o, 0x06);
	putv(o, offset);
	putv(o, len);
	put(o, data, len);
}

/* ---- sealing, the inverse of quic_packet_open and header protection ---- */

static void seal(const struct quic_keys *k, uint64_t pn, uint8_t *pkt, size_t hdr_len, size_t plain_len)
{
	uint8_t nonce[12];
	memcpy(nonce, k->iv, 12);
	for (int i = 0; i < 8; i++)
		nonce[11 - i] ^= (uint8_t)(pn >> (8 * i));
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, fin = 0;
	assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), NULL, k->key, nonce), 1);
	assert_int_equal(EVP_EncryptUpdate(ctx, NULL, &n, pkt, (int)hdr_len), 1);
	assert_int_equal(EVP_EncryptUpdate(ctx, pkt + hdr_len, &n, pkt + hdr_len, (int)plain_len), 1);
	assert_int_equal(EVP_EncryptFinal_ex(ctx, pkt + hdr_len + n, &fin), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, pkt + hdr_len + plain_len), 1);
	EVP_CIPHER_CTX_free(ctx);
}

static void protect_header(struct quic_keys *k, uint8_t *pkt, size_t pn_offset, size_t pn_len)
{
	uint8_t mask[5];
	assert_true(quic_hp_mask(k, pkt + pn_offset + 4, mask));
	pkt[0] ^= mask[0] & 0x0f;
	for (size_t i = 0; i < pn_len; i++)
		pkt[pn_offset + i] ^= mask[1 + i];
}

/*
 * Appends a protected long header packet of type (RFC 9000 numbering) to o: version 1,
 * the given connection IDs, frames padded to at least `min_payload` bytes, a 2-byte
 * packet number pn, protected with keys k. length_delta changes the Length field
 * afterwards (a lying length).
 */
static void long_packet(struct buf *o, struct quic_keys *k, unsigned type, const uint8_t *dcid, size_t dcid_len,
			const uint8_t *scid, size_t scid_len, uint64_t pn, const struct buf *frames, size_t min_payload,
			int length_delta)
{
	size_t start = o->n;
	put8(o, 0xc0 | (type << 4) | 0x01); /* packet number length 2 */
	put32(o, QUIC_VERSION_1);
	put8(o, (unsigned)dcid_len);
	put(o, dcid, dcid_len);
	put8(o, (unsigned)scid_len);
	put(o, scid, scid_len);
	if (type == 0)
		put8(o, 0); /* token */
	size_t plain = frames->n < min_payload ? min_payload : frames->n;
	if (plain < 20)
		plain = 20; /* room for the header protection sample */
	size_t length = 2 + plain + 16;
	put16(o, 0x4000 | (unsigned)((int)length + length_delta));
	size_t pn_offset = o->n - start;
	put16(o, (unsigned)pn);
	put(o, frames->b, frames->n);
	for (size_t i = frames->n; i < plain; i++)
		put8(o, 0); /* PADDING */
	put(o, (uint8_t[16]){ 0 }, 16);
	seal(k, pn, o->b + start, pn_offset + 2, plain);
	protect_header(k, o->b + start, pn_offset, 2);
}

struct conn {
	struct facts f;
	struct tls_conn tls;
	struct quic_conn *q;
	struct quic_keys client, server;
};

static void conn_init(struct conn *c)
{
	memset(c, 0, sizeof *c);
	c->f.transport = TRANSPORT_QUIC;
	for (int s = 0; s < 2; s++)
		for (int k = 0; k < QUIC_KIND__COUNT; k++)
			c->f.quic.t_first[s][k] = -1;
	tls_init(&c->tls);
	c->tls.no_records = true;
	c->q = quic_new(NULL);
	assert_non_null(c->q);
	assert_true(quic_initial_keys(QUIC_VERSION_1, DCID, sizeof DCID, false, &c->client));
	assert_true(quic_initial_keys(QUIC_VERSION_1, DCID, sizeof DCID, true, &c->server));
}

static void conn_free(struct conn *c)
{
	quic_free(c->q);
	tls_free(&c->tls);
	facts_release(&c->f);
	quic_keys_clear(&c->client);
	quic_keys_clear(&c->server);
}

static void send(struct conn *c, enum side from, const struct buf *dg)
{
	quic_datagram(c->q, &c->tls, &c->f, from, dg->b, dg->n, dg->n, 0.001 * (double)(c->f.quic.datagrams[0] + c->f.quic.datagrams[1]));
	assert_true(quic_memory(c->q) < 4 * BOUND_QUIC_CRYPTO_HELD + 16 * 4096);
}

/* A client Initial datagram carrying the CRYPTO frames in frames. */
static void client_initial(struct conn *c, struct buf *dg, uint64_t pn, const struct buf *frames)
{
	dg->n = 0;
	long_packet(dg, &c->client, 0, DCID, sizeof DCID, SCID, sizeof SCID, pn, frames, 1200, 0);
}

/* ---- tests ---- */

static void test_client_hello_whole(void **state)
{
	(void)state;
	struct conn c;
	conn_init(&c);
	struct buf ch = { .n = 0 }, frames = { .n = 0 }, dg;
	client_hello(&ch);
	crypto_frame(&frames, 0, ch.b, ch.n);
	client_initial(&c, &dg, 0, &frames);
	assert_true(quic_looks_like_long_header(dg.b, dg.n, dg.n, &(bool){ false }));
	bool ci = false;
	assert_true(quic_looks_like_long_header(dg.b, dg.n, dg.n, &ci));
	assert_true(ci);
	send(&c, SIDE_CLIENT, &dg);
	assert_true(c.f.client_hello_seen);
	assert_true(c.f.ch.has_sni);
	assert_string_equal(c.f.ch.sni, "quic.example");
	assert_int_equal(c.f.quic.version, QUIC_VERSION_1);
	assert_int_equal(c.f.quic.dcid_len, sizeof DCID);
	assert_memory_equal(c.f.quic.dcid, DCID, sizeof DCID);
	assert_int_equal(c.f.quic.packets[SIDE_CLIENT][QUIC_KIND_INITIAL], 1);
	assert_int_equal(c.f.quic.decrypted_packets[SIDE_CLIENT], 1);
	assert_int_equal(c.f.quic.first_datagram_len, dg.n);
	assert_int_equal(c.f.quic.malformed_packets[SIDE_CLIENT], 0);

	/* The server's Initial (ServerHello) coalesced with a Handshake packet. */
	struct buf sh = { .n = 0 }, sframes = { .n = 0 }, sdg = { .n = 0 }, hs = { .n = 8 };
	server_hello(&sh);
	put8(&sframes, 0x02); putv(&sframes, 0); putv(&sframes, 0); putv(&sframes, 0); putv(&sframes, 0); /* ACK */
	crypto_frame(&sframes, 0, sh.b, sh.n);
	long_packet(&sdg, &c.server, 0, SCID, sizeof SCID, SERVER_CID, sizeof SERVER_CID, 0, &sframes, 0, 0);
	/* A Handshake packet under keys nobody here has: counted, not opened. */
	long_packet(&sdg, &c.server, 2, SCID, sizeof SCID, SERVER_CID, sizeof SERVER_CID, 0, &hs, 0, 0);
	send(&c, SIDE_SERVER, &sdg);
	assert_true(c.f.server_hello_seen);
	assert_int_equal(c.f.version, 0x0304);
	assert_int_equal(c.f.quic.packets[SIDE_SERVER][QUIC_KIND_INITIAL], 1);
	assert_int_equal(c.f.quic.packets[SIDE_SERVER][QUIC_KIND_HANDSHAKE], 1);
	assert_int_equal(c.f.quic.coalesced[SIDE_SERVER], 1);
	assert_int_equal(c.f.quic.server_cid_len, sizeof SERVER_CID);
	conn_free(&c);
}

/* Chrome's habit: the ClientHello cut into CRYPTO frames spread over two Initials, sent
 * shuffled, with a duplicate; the hello is read once it is whole, and only once. */
static void test_client_hello_shuffled(void **state)
{
	(void)state;
	struct conn c;
	conn_init(&c);
	struct buf ch = { .n = 0 }, a = { .n = 0 }, b = { .n = 0 }, dg;
	client_hello(&ch);
	size_t third = ch.n / 3;
	crypto_frame(&b, 2 * third, ch.b + 2 * third, ch.n - 2 * third);
	put8(&b, 0x01); /* PING between */
	crypto_frame(&b, 0, ch.b, third + 5); /* overlaps the next piece */
	crypto_frame(&a, third, ch.b + third, third);
	crypto_frame(&a, third, ch.b + third, third); /* a duplicate */
	client_initial(&c, &dg, 1, &b);
	send(&c, SIDE_CLIENT, &dg);
	assert_false(c.f.client_hello_seen);
	client_initial(&c, &dg, 0, &a); /* the older packet number, late */
	send(&c, SIDE_CLIENT, &dg);
	assert_true(c.f.client_hello_seen);
	assert_false(c.f.second_client_hello);
	assert_string_equal(c.f.ch.sni, "quic.example");
	assert_int_equal(c.f.client_hello_segments, 3); /* handed over in three pieces */
	assert_int_equal(c.f.quic.crypto_frames[SIDE_CLIENT], 4);
	assert_int_equal(c.f.quic.malformed_packets[SIDE_CLIENT], 0);
	conn_free(&c);
}

/* A server refusing the hello: CONNECTION_CLOSE with crypto error 0x0178 in an Initial
 * is TLS alert 120 from the server. */
static void test_close_with_alert(void **state)
{
	(void)state;
	struct conn c;
	conn_init(&c);
	struct buf ch = { .n = 0 }, frames = { .n = 0 }, dg, close = { .n = 0 }, sdg = { .n = 0 };
	client_hello(&ch);
	crypto_frame(&frames, 0, ch.b, ch.n);
	client_initial(&c, &dg, 0, &frames);
	send(&c, SIDE_CLIENT, &dg);
	put8(&close, 0x1c);
	putv(&close, 0x0178);
	putv(&close, 0x06);
	putv(&close, 7);
	put(&close, "no alpn", 7);
	long_packet(&sdg, &c.server, 0, SCID, sizeof SCID, SERVER_CID, sizeof SERVER_CID, 0, &close, 0, 0);
	send(&c, SIDE_SERVER, &sdg);
	assert_true(c.f.quic.close[SIDE_SERVER].seen);
	assert_false(c.f.quic.close[SIDE_SERVER].application);
	assert_int_equal(c.f.quic.close[SIDE_SERVER].error_code, 0x0178);
	assert_int_equal(c.f.quic.close[SIDE_SERVER].frame_type, 0x06);
	assert_int_equal(c.f.quic.close[SIDE_SERVER].kind, QUIC_KIND_INITIAL);
	assert_string_equal(c.f.quic.close[SIDE_SERVER].reason, "no alpn");
	assert_int_equal(c.f.n_alerts, 1);
	assert_int_equal(c.f.alerts[0].from, SIDE_SERVER);
	assert_int_equal(c.f.alerts[0].code, 120);
	assert_false(c.f.alerts[0].encrypted);
	assert_string_equal(quic_transport_error_name(0x0178), "CRYPTO_ERROR");
	assert_string_equal(quic_transport_error_name(0x0a), "PROTOCOL_VIOLATION");
	assert_null(quic_transport_error_name(0x4242));
	conn_free(&c);
}

static void test_version_negotiation(void **state)
{
	(void)state;
	struct conn c;
	conn_init(&c);
	struct buf dg = { .n = 0 };
	put8(&dg, 0xc0);
	put32(&dg, 0x1a2a3a4a); /* a reserved version: forces Version Negotiation */
	put8(&dg, sizeof DCID); put(&dg, DCID, sizeof DCID);
	put8(&dg, sizeof SCID); put(&dg, SCID, sizeof SCID);
	while (dg.n < 1200)
		put8(&dg, 0);
	bool ci = true;
	assert_true(quic_looks_like_long_header(dg.b, dg.n, dg.n, &ci));
	assert_false(ci); /* not a version whose Initial can be read */
	send(&c, SIDE_CLIENT, &dg);
	assert_int_equal(c.f.quic.version, 0x1a2a3a4a);
	assert_false(c.f.quic.version_known);
	struct buf vn = { .n = 0 };
	put8(&vn, 0x80);
	put32(&vn, 0);
	put8(&vn, sizeof SCID); put(&vn, SCID, sizeof SCID);
	put8(&vn, sizeof DCID); put(&vn, DCID, sizeof DCID);
	put32(&vn, QUIC_VERSION_1);
	put32(&vn, QUIC_VERSION_2);
	put32(&vn, 0x0a1a2a3a);
	assert_true(quic_looks_like_long_header(vn.b, vn.n, vn.n, NULL));
	send(&c, SIDE_SERVER, &vn);
	assert_int_equal(c.f.quic.packets[SIDE_SERVER][QUIC_KIND_VERSION_NEGOTIATION], 1);
	assert_int_equal(c.f.quic.n_vn_versions, 3);
	assert_int_equal(c.f.quic.vn_versions[0], QUIC_VERSION_1);
	assert_int_equal(c.f.quic.vn_versions[1], QUIC_VERSION_2);
	conn_free(&c);
}

/* A Retry: the client's next Initial goes to the Retry's connection ID, under keys of
 * that ID; the stage follows it. */
static void test_retry(void **state)
{
	(void)state;
	struct conn c;
	conn_init(&c);
	struct buf empty = { .n = 0 }, dg, retry = { .n = 0 };
	put8(&empty, 0x01); /* PING only: the hello comes after the Retry */
	client_initial(&c, &dg, 0, &empty);
	send(&c, SIDE_CLIENT, &dg);
	put8(&retry, 0xf0);
	put32(&retry, QUIC_VERSION_1);
	put8(&retry, sizeof SCID); put(&retry, SCID, sizeof SCID);
	put8(&retry, sizeof SERVER_CID); put(&retry, SERVER_CID, sizeof SERVER_CID);
	put(&retry, "token-token", 11);
	put(&retry, (uint8_t[16]){ 0 }, 16);
	send(&c, SIDE_SERVER, &retry);
	assert_true(c.f.quic.retry_seen);
	struct quic_keys k = { 0 };
	assert_true(quic_initial_keys(QUIC_VERSION_1, SERVER_CID, sizeof SERVER_CID, false, &k));
	struct buf ch = { .n = 0 }, frames = { .n = 0 };
	client_hello(&ch);
	crypto_frame(&frames, 0, ch.b, ch.n);
	dg.n = 0;
	long_packet(&dg, &k, 0, SERVER_CID, sizeof SERVER_CID, SCID, sizeof SCID, 1, &frames, 1100, 0);
	send(&c, SIDE_CLIENT, &dg);
	assert_true(c.f.quic.retry_followed);
	assert_true(c.f.client_hello_seen);
	quic_keys_clear(&k);
	conn_free(&c);
}

/* Hostile: lengths that lie, offsets far away, pieces past the bounds, every truncation. */
static void test_hostile(void **state)
{
	(void)state;
	struct conn c;
	conn_init(&c);
	struct buf ch = { .n = 0 }, frames = { .n = 0 }, dg;
	client_hello(&ch);
	crypto_frame(&frames, 0, ch.b, ch.n);
	/* A Length larger than the datagram: noted, the datagram given up, no crash. */
	dg.n = 0;
	long_packet(&dg, &c.client, 0, DCID, sizeof DCID, SCID, sizeof SCID, 0, &frames, 1100, 4000);
	send(&c, SIDE_CLIENT, &dg);
	assert_int_equal(c.f.quic.malformed_packets[SIDE_CLIENT], 1);
	assert_non_null(strstr(c.f.quic.malformed_why[SIDE_CLIENT], "exceeds"));
	assert_false(c.f.client_hello_seen);
	/* A Length shorter than the packet: the tag does not authenticate. */
	dg.n = 0;
	long_packet(&dg, &c.client, 0, DCID, sizeof DCID, SCID, sizeof SCID, 1, &frames, 1100, -1);
	send(&c, SIDE_CLIENT, &dg);
	assert_int_equal(c.f.quic.undecryptable[SIDE_CLIENT], 1);

	/* CRYPTO at an offset past the bound: dropped and said. */
	struct buf far = { .n = 0 };
	crypto_frame(&far, BOUND_QUIC_CRYPTO_OFFSET + 1, ch.b, 10);
	client_initial(&c, &dg, 2, &far);
	send(&c, SIDE_CLIENT, &dg);
	assert_true(c.f.quic.crypto_capped[SIDE_CLIENT]);
	/* Many small pieces ahead of a hole: held up to the bound, no further. */
	for (unsigned i = 0; i < BOUND_QUIC_CRYPTO_PIECES + 10; i++) {
		struct buf piece = { .n = 0 };
		crypto_frame(&piece, 1000 + 20 * (uint64_t)i, ch.b, 10);
		client_initial(&c, &dg, 3 + i, &piece);
		send(&c, SIDE_CLIENT, &dg);
	}
	assert_true(quic_memory(c.q) < BOUND_QUIC_CRYPTO_HELD + 8192 + 2 * 4096);
	/* A frame whose length lies inside an opened packet. */
	struct buf bad = { .n = 0 };
	put8(&bad, 0x06); putv(&bad, 0); putv(&bad, 5000); put(&bad, ch.b, 10);
	client_initial(&c, &dg, 200, &bad);
	send(&c, SIDE_CLIENT, &dg);
	/* A CONNECTION_CLOSE whose reason length lies. */
	struct buf lie = { .n = 0 };
	put8(&lie, 0x1c); putv(&lie, 0x0a); putv(&lie, 0); putv(&lie, 3000);
	client_initial(&c, &dg, 201, &lie);
	send(&c, SIDE_CLIENT, &dg);
	assert_false(c.f.quic.close[SIDE_CLIENT].seen);
	conn_free(&c);

	/* Every prefix of a valid datagram, and random bytes: no crash, nothing read past. */
	struct conn d;
	conn_init(&d);
	client_initial(&d, &dg, 0, &frames);
	for (size_t n = 0; n < dg.n; n += 1 + n / 64) {
		uint8_t *copy = malloc(n > 0 ? n : 1);
		memcpy(copy, dg.b, n);
		quic_datagram(d.q, &d.tls, &d.f, SIDE_CLIENT, copy, n, n, 0);
		bool ci;
		(void)quic_looks_like_long_header(copy, n, n, &ci);
		free(copy);
	}
	srand(7);
	for (int round = 0; round < 2000; round++) {
		uint8_t junk[300];
		size_t n = (size_t)(rand() % (int)sizeof junk);
		for (size_t i = 0; i < n; i++)
			junk[i] = (uint8_t)rand();
		if (n > 0 && round % 2)
			junk[0] |= 0xc0; /* a long header's first bits */
		quic_datagram(d.q, &d.tls, &d.f, round % 2 ? SIDE_SERVER : SIDE_CLIENT, junk, n, n, 0);
	}
	assert_true(quic_memory(d.q) < 4 * BOUND_QUIC_CRYPTO_HELD + 16 * 4096);
	conn_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_client_hello_whole),
		cmocka_unit_test(test_client_hello_shuffled),
		cmocka_unit_test(test_close_with_alert),
		cmocka_unit_test(test_version_negotiation),
		cmocka_unit_test(test_retry),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
