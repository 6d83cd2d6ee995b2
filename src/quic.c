/*
 * quic.c — QUIC datagrams to facts: packets split and counted, Initial (and, with a key
 * log, Handshake and 1-RTT) packets opened, their frames read, CRYPTO data reassembled
 * for the TLS stage.
 *
 * Pipeline position: flow (a UDP conversation) → quic → tls (handshake messages) → facts.
 * Every byte is read through bytes.h; a length that lies (a packet longer than what is
 * left of its datagram, a frame longer than its packet) ends the reading of that
 * datagram or packet with a note in the facts, and the next datagram is read afresh.
 */
#include "quic.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "bytes.h"
#include "decrypt.h"
#include "keylog.h"
#include "quic_crypto.h"
#include "tls.h"
#include "tls_parse.h"
#include "tls_wire.h"

/* Packet number spaces (RFC 9000 12.3). */
enum space { SPACE_INITIAL, SPACE_HANDSHAKE, SPACE_APP, SPACE__COUNT };

/* Frame types read (RFC 9000 19). */
#define FRAME_PADDING 0x00
#define FRAME_PING 0x01
#define FRAME_ACK 0x02
#define FRAME_ACK_ECN 0x03
#define FRAME_RESET_STREAM 0x04
#define FRAME_STOP_SENDING 0x05
#define FRAME_CRYPTO 0x06
#define FRAME_NEW_TOKEN 0x07
#define FRAME_STREAM_FIRST 0x08
#define FRAME_STREAM_LAST 0x0f
#define FRAME_MAX_DATA 0x10
#define FRAME_MAX_STREAM_DATA 0x11
#define FRAME_MAX_STREAMS_BIDI 0x12
#define FRAME_MAX_STREAMS_UNI 0x13
#define FRAME_DATA_BLOCKED 0x14
#define FRAME_STREAM_DATA_BLOCKED 0x15
#define FRAME_STREAMS_BLOCKED_BIDI 0x16
#define FRAME_STREAMS_BLOCKED_UNI 0x17
#define FRAME_NEW_CONNECTION_ID 0x18
#define FRAME_RETIRE_CONNECTION_ID 0x19
#define FRAME_PATH_CHALLENGE 0x1a
#define FRAME_PATH_RESPONSE 0x1b
#define FRAME_CONNECTION_CLOSE 0x1c
#define FRAME_CONNECTION_CLOSE_APP 0x1d
#define FRAME_HANDSHAKE_DONE 0x1e
#define FRAME_DATAGRAM 0x30          /* RFC 9221 */
#define FRAME_DATAGRAM_LEN 0x31

#define CRYPTO_ERROR_FIRST 0x0100    /* RFC 9001 4.8: 0x0100 + the TLS alert */
#define CRYPTO_ERROR_LAST 0x01ff

#define RETRY_TAG_LEN 16             /* RFC 9001 5.8 */
#define PN_MAX_LEN 4

/* CRYPTO data that came before the bytes preceding it (RFC 9000 19.6: any order). */
struct crypto_piece {
	struct crypto_piece *next;
	uint64_t offset;
	size_t len;
	uint8_t data[];
};

/* One side's handshake stream in one space. */
struct crypto_stream {
	uint64_t next;                   /* offset of the next byte to hand over */
	struct crypto_piece *held;
	size_t held_bytes;
	unsigned n_held;
};

struct quic_conn {
	const struct decrypt_keys *keys;
	struct quic_keys initial[2];     /* per sender */
	bool initial_derived;
	uint32_t initial_version;        /* the version the Initial keys are of */
	uint8_t initial_dcid[QUIC_MAX_CID_LEN]; /* ...and the connection ID they are derived from */
	uint8_t initial_dcid_len;
	bool awaiting_retry_dcid;        /* a Retry came: keys from the client's next Initial */
	uint8_t retry_cid[QUIC_MAX_CID_LEN];
	uint8_t retry_cid_len;
	uint8_t client_cid[QUIC_MAX_CID_LEN]; /* the client's Source CID: the server's packets' DCID */
	uint8_t client_cid_len;
	bool client_cid_known;
	struct quic_keys handshake[2];
	struct quic_keys app[2];
	bool keylog_looked;              /* the key log was searched for this connection */
	uint64_t largest_pn[2][SPACE__COUNT];
	bool pn_seen[2][SPACE__COUNT];
	struct crypto_stream crypto[2][2]; /* [side][Initial, Handshake] */
	uint8_t *buf;                    /* a packet being opened */
	size_t buf_cap;
	uint8_t *plain;
	size_t plain_cap;
};

struct quic_conn *quic_new(const struct decrypt_keys *keys)
{
	struct quic_conn *q = calloc(1, sizeof *q);
	if (q != NULL)
		q->keys = keys;
	return q;
}

static void free_pieces(struct crypto_stream *s)
{
	for (struct crypto_piece *p = s->held, *next; p != NULL; p = next) {
		next = p->next;
		free(p);
	}
	s->held = NULL;
	s->held_bytes = 0;
	s->n_held = 0;
}

void quic_free(struct quic_conn *q)
{
	if (q == NULL)
		return;
	for (int s = 0; s < 2; s++) {
		quic_keys_clear(&q->initial[s]);
		quic_keys_clear(&q->handshake[s]);
		quic_keys_clear(&q->app[s]);
		free_pieces(&q->crypto[s][0]);
		free_pieces(&q->crypto[s][1]);
	}
	free(q->buf);
	free(q->plain);
	free(q);
}

size_t quic_memory(const struct quic_conn *q)
{
	if (q == NULL)
		return 0;
	size_t n = sizeof *q + q->buf_cap + q->plain_cap;
	for (int s = 0; s < 2; s++)
		for (int k = 0; k < 2; k++)
			n += q->crypto[s][k].held_bytes + q->crypto[s][k].n_held * sizeof(struct crypto_piece);
	return n;
}

const char *quic_transport_error_name(uint64_t code)
{
	static const char *const names[] = {
		"NO_ERROR", "INTERNAL_ERROR", "CONNECTION_REFUSED", "FLOW_CONTROL_ERROR", "STREAM_LIMIT_ERROR",
		"STREAM_STATE_ERROR", "FINAL_SIZE_ERROR", "FRAME_ENCODING_ERROR", "TRANSPORT_PARAMETER_ERROR",
		"CONNECTION_ID_LIMIT_ERROR", "PROTOCOL_VIOLATION", "INVALID_TOKEN", "APPLICATION_ERROR",
		"CRYPTO_BUFFER_EXCEEDED", "KEY_UPDATE_ERROR", "AEAD_LIMIT_REACHED", "NO_VIABLE_PATH",
	};
	if (code < sizeof names / sizeof names[0])
		return names[code];
	if (code >= CRYPTO_ERROR_FIRST && code <= CRYPTO_ERROR_LAST)
		return "CRYPTO_ERROR";
	if (code == 0x11) /* RFC 9368 */
		return "VERSION_NEGOTIATION_ERROR";
	return NULL;
}

/* ---- recognising QUIC ---- */

/* A version field that is QUIC's: known here, Version Negotiation, an IETF draft, or a
 * reserved greasing value (0x?a?a?a?a, RFC 9000 15). */
static bool plausible_version(uint32_t v)
{
	return quic_version_known(v) || v == QUIC_VERSION_NEGOTIATION || (v >> 8) == 0xff0000 ||
	       (v & 0x0f0f0f0f) == 0x0a0a0a0a;
}

bool quic_looks_like_long_header(const uint8_t *data, size_t len, size_t wire_len, bool *client_initial)
{
	struct reader r;
	uint8_t first, dcid_len, scid_len;
	uint32_t version;
	if (client_initial != NULL)
		*client_initial = false;
	rd_init(&r, data, len, 0);
	if (!rd_u8(&r, &first) || !rd_u32(&r, &version) || !rd_u8(&r, &dcid_len) || !rd_skip(&r, dcid_len) ||
	    !rd_u8(&r, &scid_len) || !rd_skip(&r, scid_len))
		return false;
	/* The header form bit; the fixed bit too, except in Version Negotiation (RFC 9000
	 * 17.2.1 leaves it unused there). */
	if (!(first & 0x80) || !plausible_version(version))
		return false;
	if (version == QUIC_VERSION_NEGOTIATION)
		return rd_left(&r) >= 4 && rd_left(&r) % 4 == 0;
	/* The fixed bit may be cleared by a peer that greases it (RFC 9287: ngtcp2 does) in
	 * every packet but the client's first Initial: without it, only a version known
	 * here makes the datagram QUIC's. */
	if ((!(first & 0x40) && !quic_version_known(version)) || dcid_len > QUIC_MAX_CID_LEN || scid_len > QUIC_MAX_CID_LEN)
		return false;
	if (client_initial != NULL)
		*client_initial = quic_version_known(version) &&
				  quic_long_type(version, (uint8_t)(first >> 4)) == QUIC_LONG_INITIAL &&
				  wire_len >= QUIC_MIN_INITIAL_DATAGRAM;
	return true;
}

bool quic_long_header_form(const uint8_t *data, size_t len)
{
	struct reader r;
	uint8_t first;
	rd_init(&r, data, len, 0);
	return rd_peek_u8(&r, 0, &first) && (first & 0x80);
}

bool quic_starts_new_connection(const struct facts *f, const uint8_t *data, size_t len)
{
	struct reader r;
	uint8_t first, dcid_len;
	uint32_t version;
	const uint8_t *dcid;
	rd_init(&r, data, len, 0);
	if (!rd_u8(&r, &first) || !rd_u32(&r, &version) || !rd_u8(&r, &dcid_len) || !rd_view(&r, dcid_len, &dcid))
		return false;
	const struct quic_fact *q = &f->quic;
	bool original = dcid_len == q->dcid_len && memcmp(dcid, q->dcid, dcid_len) == 0;
	bool servers = dcid_len == q->server_cid_len && memcmp(dcid, q->server_cid, dcid_len) == 0;
	return !original && !servers;
}

/* ---- facts ---- */

static void note_malformed(struct facts *f, enum side from, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note_malformed(struct facts *f, enum side from, const char *fmt, ...)
{
	if (f->quic.malformed_packets[from]++ > 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): ap is started above
	vsnprintf(f->quic.malformed_why[from], sizeof f->quic.malformed_why[from], fmt, ap);
	va_end(ap);
}

static void count_packet(struct facts *f, enum side from, enum quic_kind kind, size_t len, double t)
{
	if (f->quic.packets[from][kind]++ == 0)
		f->quic.t_first[from][kind] = t;
	facts_add_step(f, from, STEP_QUIC_PACKET, (uint8_t)kind, 0, len, t);
	if (f->quic.n_trace < BOUND_QUIC_TRACE)
		f->quic.trace[f->quic.n_trace++] = (struct quic_packet_note){
			.from = (uint8_t)from, .kind = (uint8_t)kind, .len = (uint16_t)(len > UINT16_MAX ? UINT16_MAX : len),
			.t = (float)t };
}

/* ---- CRYPTO streams ---- */

/* Handshake data of a space may go to the TLS stage: the Initial's always; the
 * Handshake space's once that side's Initial stream holds no partial message (the
 * server's ServerHello came whole), so that the two streams never mix in one message. */
static bool stream_ready(const struct facts *f, enum side from, enum space sp)
{
	if (sp == SPACE_INITIAL)
		return true;
	return from == SIDE_SERVER ? f->server_hello_seen : f->client_hello_seen;
}

/* Hands over what is in order in the held pieces. */
static void drain(struct crypto_stream *s, struct tls_conn *tls, struct facts *f, enum side from, double t)
{
	bool moved = true;
	while (moved) {
		moved = false;
		for (struct crypto_piece **at = &s->held; *at != NULL;) {
			struct crypto_piece *p = *at;
			if (p->offset > s->next) {
				at = &p->next;
				continue;
			}
			uint64_t end = p->offset + p->len;
			if (end > s->next) {
				size_t skip = (size_t)(s->next - p->offset);
				tls_feed_handshake(tls, f, from, p->data + skip, p->len - skip, t);
				s->next = end;
			}
			*at = p->next;
			s->held_bytes -= p->len;
			s->n_held--;
			free(p);
			moved = true;
		}
	}
}

static void crypto_data(struct quic_conn *q, struct tls_conn *tls, struct facts *f, enum side from, enum space sp,
			uint64_t offset, const uint8_t *data, size_t len, double t)
{
	if (sp == SPACE_APP || len == 0)
		return; /* 1-RTT CRYPTO carries NewSessionTicket only: nothing the verdict needs */
	struct crypto_stream *s = &q->crypto[from][sp];
	f->quic.crypto_frames[from]++;
	uint64_t end = offset + len;
	if (end <= s->next)
		return; /* a retransmission of what was handed over */
	if (offset > BOUND_QUIC_CRYPTO_OFFSET) {
		f->quic.crypto_capped[from] = true;
		return;
	}
	if (offset <= s->next && stream_ready(f, from, sp)) {
		size_t skip = (size_t)(s->next - offset);
		tls_feed_handshake(tls, f, from, data + skip, len - skip, t);
		s->next = end;
		drain(s, tls, f, from, t);
		return;
	}
	if (s->n_held >= BOUND_QUIC_CRYPTO_PIECES || s->held_bytes + len > BOUND_QUIC_CRYPTO_HELD) {
		f->quic.crypto_capped[from] = true;
		return;
	}
	struct crypto_piece *p = malloc(sizeof *p + len);
	if (p == NULL) {
		f->quic.crypto_capped[from] = true;
		return;
	}
	p->offset = offset;
	p->len = len;
	struct reader in;
	rd_init(&in, data, len, 0);
	if (!rd_copy(&in, p->data, len)) {
		free(p);
		return;
	}
	p->next = s->held;
	s->held = p;
	s->held_bytes += len;
	s->n_held++;
}

/* After the Initial stream moved: the Handshake stream may now be handed over. */
static void release_handshake_stream(struct quic_conn *q, struct tls_conn *tls, struct facts *f, enum side from,
				     double t)
{
	struct crypto_stream *s = &q->crypto[from][SPACE_HANDSHAKE];
	if (s->held != NULL && stream_ready(f, from, SPACE_HANDSHAKE))
		drain(s, tls, f, from, t);
}

/* ---- frames ---- */

static void connection_close(struct facts *f, enum side from, enum quic_kind kind, bool app, uint64_t code,
			     uint64_t frame_type, struct reader *reason, double t)
{
	struct quic_close_fact *c = &f->quic.close[from];
	if (c->seen)
		return;
	c->seen = true;
	c->application = app;
	c->kind = (uint8_t)kind;
	c->error_code = code;
	c->frame_type = frame_type;
	c->t = t;
	size_t n = rd_left(reason) < sizeof c->reason - 1 ? rd_left(reason) : sizeof c->reason - 1;
	if (!rd_copy(reason, c->reason, n))
		n = 0;
	c->reason[n] = '\0';
	/* A crypto error is drawn as the alert it carries. */
	if (!app && code >= CRYPTO_ERROR_FIRST && code <= CRYPTO_ERROR_LAST)
		tls_feed_alert(f, from, TLS_ALERT_LEVEL_FATAL, (uint8_t)(code - CRYPTO_ERROR_FIRST), t);
	else
		facts_add_step(f, from, STEP_QUIC_CLOSE, (uint8_t)kind, app ? STEP_APPLICATION : 0, code, t);
}

/* Skips n varints; false when the frame is cut. */
static bool skip_varints(struct reader *r, unsigned n)
{
	uint64_t v;
	for (unsigned i = 0; i < n; i++)
		if (!rd_varint(r, &v))
			return false;
	return true;
}

/* RFC 9000 19.3: largest, delay, range count, first range, then (gap, range) pairs and,
 * for 0x03, three ECN counts. */
static bool skip_ack(struct reader *r, bool ecn)
{
	uint64_t largest, delay, count, first;
	if (!rd_varint(r, &largest) || !rd_varint(r, &delay) || !rd_varint(r, &count) || !rd_varint(r, &first))
		return false;
	if (count > rd_left(r) / 2)
		return false; /* each range takes at least two bytes */
	return skip_varints(r, (unsigned)count * 2) && (!ecn || skip_varints(r, 3));
}

/* Skips a length-prefixed field. */
static bool skip_vec(struct reader *r)
{
	uint64_t len;
	return rd_varint(r, &len) && len <= rd_left(r) && rd_skip(r, (size_t)len);
}

/*
 * The frames of an opened packet. Only the handshake's are acted on; the others are
 * stepped over by their grammar, so that a CONNECTION_CLOSE or HANDSHAKE_DONE behind
 * them is found. A frame that does not parse ends the packet, with a note.
 */
static void read_frames(struct quic_conn *q, struct tls_conn *tls, struct facts *f, enum side from, enum space sp,
			enum quic_kind kind, const uint8_t *plain, size_t len, double t)
{
	struct reader r;
	rd_init(&r, plain, len, 0);
	while (rd_left(&r) > 0) {
		size_t at = rd_offset(&r);
		uint64_t type;
		if (!rd_varint(&r, &type))
			break;
		bool ok = true;
		switch (type) {
		case FRAME_PADDING:
		case FRAME_PING:
		case FRAME_HANDSHAKE_DONE:
			if (type == FRAME_HANDSHAKE_DONE && from == SIDE_SERVER)
				f->quic.handshake_done = true;
			break;
		case FRAME_ACK:
		case FRAME_ACK_ECN:
			ok = skip_ack(&r, type == FRAME_ACK_ECN);
			break;
		case FRAME_CRYPTO: {
			uint64_t offset, n;
			const uint8_t *data;
			ok = rd_varint(&r, &offset) && rd_varint(&r, &n) && n <= rd_left(&r) &&
			     rd_view(&r, (size_t)n, &data);
			if (ok)
				crypto_data(q, tls, f, from, sp, offset, data, (size_t)n, t);
			break;
		}
		case FRAME_CONNECTION_CLOSE:
		case FRAME_CONNECTION_CLOSE_APP: {
			uint64_t code, frame_type = 0, n;
			struct reader reason;
			ok = rd_varint(&r, &code) && (type == FRAME_CONNECTION_CLOSE_APP || rd_varint(&r, &frame_type)) &&
			     rd_varint(&r, &n) && n <= rd_left(&r) && rd_sub(&r, (size_t)n, &reason);
			if (ok)
				connection_close(f, from, kind, type == FRAME_CONNECTION_CLOSE_APP, code, frame_type, &reason,
						 t);
			break;
		}
		case FRAME_RESET_STREAM: ok = skip_varints(&r, 3); break;
		case FRAME_STOP_SENDING:
		case FRAME_MAX_STREAM_DATA:
		case FRAME_STREAM_DATA_BLOCKED: ok = skip_varints(&r, 2); break;
		case FRAME_MAX_DATA:
		case FRAME_MAX_STREAMS_BIDI:
		case FRAME_MAX_STREAMS_UNI:
		case FRAME_DATA_BLOCKED:
		case FRAME_STREAMS_BLOCKED_BIDI:
		case FRAME_STREAMS_BLOCKED_UNI:
		case FRAME_RETIRE_CONNECTION_ID: ok = skip_varints(&r, 1); break;
		case FRAME_NEW_TOKEN: ok = skip_vec(&r); break;
		case FRAME_PATH_CHALLENGE:
		case FRAME_PATH_RESPONSE: ok = rd_skip(&r, 8); break;
		case FRAME_NEW_CONNECTION_ID: {
			uint8_t cid_len;
			ok = skip_varints(&r, 2) && rd_u8(&r, &cid_len) && cid_len >= 1 && cid_len <= QUIC_MAX_CID_LEN &&
			     rd_skip(&r, cid_len) && rd_skip(&r, 16);
			break;
		}
		case FRAME_DATAGRAM: ok = rd_skip(&r, rd_left(&r)); break;
		case FRAME_DATAGRAM_LEN: ok = skip_vec(&r); break;
		default:
			if (type >= FRAME_STREAM_FIRST && type <= FRAME_STREAM_LAST) {
				/* RFC 9000 19.8: stream ID, offset when 0x04, length when 0x02 (else to the end). */
				ok = skip_varints(&r, (type & 0x04) ? 2 : 1) &&
				     ((type & 0x02) ? skip_vec(&r) : rd_skip(&r, rd_left(&r)));
				break;
			}
			/* An extension frame not known here: its length cannot be known either. */
			return;
		}
		if (!ok) {
			note_malformed(f, from, "frame 0x%llx at byte %zu of a decrypted packet is cut or lies about its length",
				       (unsigned long long)type, at);
			return;
		}
	}
}

/* ---- packets ---- */

/* RFC 9000 A.3: the full packet number from its truncated form and the largest one of
 * the space so far. */
static uint64_t decode_pn(uint64_t largest, bool any, uint64_t truncated, size_t pn_len)
{
	uint64_t expected = any ? largest + 1 : 0;
	uint64_t win = (uint64_t)1 << (pn_len * 8), hwin = win / 2, mask = win - 1;
	uint64_t candidate = (expected & ~mask) | truncated;
	if (candidate + hwin <= expected && candidate < ((uint64_t)1 << 62) - win)
		return candidate + win;
	if (candidate > expected + hwin && candidate >= win)
		return candidate - win;
	return candidate;
}

static bool grow(uint8_t **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return true;
	uint8_t *b = realloc(*buf, need);
	if (b == NULL)
		return false;
	*buf = b;
	*cap = need;
	return true;
}

/*
 * Removes header protection and opens one packet (RFC 9001 5.4, 5.3). pkt: the whole
 * packet (header and protected payload), pn_offset: where its packet number starts.
 * long_header: the first byte keeps 4 bits, else 5. On success *plain and *plain_len hold
 * the frames (in q->plain, valid until the next packet).
 */
static bool open_packet(struct quic_conn *q, struct quic_keys *k, enum side from, enum space sp, const uint8_t *pkt,
			size_t pkt_len, size_t pn_offset, bool long_header, const uint8_t **plain, size_t *plain_len)
{
	/* The sample starts 4 bytes after the packet number's start, whatever its length. */
	if (pkt_len < pn_offset + PN_MAX_LEN + QUIC_HP_SAMPLE_LEN || !grow(&q->buf, &q->buf_cap, pkt_len) ||
	    !grow(&q->plain, &q->plain_cap, pkt_len))
		return false;
	struct reader in;
	rd_init(&in, pkt, pkt_len, 0);
	if (!rd_copy(&in, q->buf, pkt_len))
		return false;
	uint8_t mask[5];
	struct reader sample_r;
	const uint8_t *sample;
	rd_init(&sample_r, q->buf, pkt_len, 0);
	if (!rd_skip(&sample_r, pn_offset + PN_MAX_LEN) || !rd_view(&sample_r, QUIC_HP_SAMPLE_LEN, &sample) ||
	    !quic_hp_mask(k, sample, mask))
		return false;
	/* The buffer is ours: the header is unmasked in place (its first byte, its packet
	 * number), through the one reader-checked view of each. */
	uint8_t *first = q->buf;
	*first ^= mask[0] & (long_header ? 0x0f : 0x1f);
	size_t pn_len = (size_t)(*first & 3) + 1;
	uint8_t *pn_bytes = q->buf + pn_offset;
	uint64_t truncated = 0;
	for (size_t i = 0; i < pn_len; i++) {
		pn_bytes[i] ^= mask[1 + i];
		truncated = truncated << 8 | pn_bytes[i];
	}
	uint64_t pn = decode_pn(q->largest_pn[from][sp], q->pn_seen[from][sp], truncated, pn_len);
	size_t hdr_len = pn_offset + pn_len;
	if (!quic_packet_open(k, pn, q->buf, hdr_len, q->buf + hdr_len, pkt_len - hdr_len, q->plain, plain_len))
		return false;
	if (!q->pn_seen[from][sp] || pn > q->largest_pn[from][sp])
		q->largest_pn[from][sp] = pn;
	q->pn_seen[from][sp] = true;
	*plain = q->plain;
	return true;
}

/* With a key log: the Handshake and 1-RTT keys of this connection, looked up once the
 * ServerHello (the client random and the suite) is known. */
static void keys_from_log(struct quic_conn *q, struct facts *f)
{
	if (q->keylog_looked || q->keys == NULL || !f->server_hello_seen || !f->client_hello_seen)
		return;
	q->keylog_looked = true;
	const struct keylog_entry *e = decrypt_connection_entry(f, q->keys);
	if (e == NULL)
		return;
	uint32_t v = f->quic.server_version != 0 ? f->quic.server_version : f->quic.version;
	static const enum keylog_secret hs[2] = { KEYLOG_CLIENT_HANDSHAKE, KEYLOG_SERVER_HANDSHAKE };
	static const enum keylog_secret app[2] = { KEYLOG_CLIENT_TRAFFIC_0, KEYLOG_SERVER_TRAFFIC_0 };
	bool any = false;
	for (int s = 0; s < 2; s++) {
		if (e->secret_len[hs[s]] > 0 &&
		    quic_keys_from_secret(v, f->sh.cipher, e->secret[hs[s]], e->secret_len[hs[s]], &q->handshake[s]))
			any = true;
		if (e->secret_len[app[s]] > 0 &&
		    quic_keys_from_secret(v, f->sh.cipher, e->secret[app[s]], e->secret_len[app[s]], &q->app[s]))
			any = true;
	}
	f->keylog_status = any ? KEYLOG_MATCHED : KEYLOG_NO_SECRET;
}

/* A connection ID (a view of len bytes, at most QUIC_MAX_CID_LEN kept) into dst. */
static void copy_cid(uint8_t *dst, uint8_t *dst_len, const uint8_t *cid, size_t len)
{
	struct reader r;
	size_t n = len <= QUIC_MAX_CID_LEN ? len : QUIC_MAX_CID_LEN;
	rd_init(&r, cid, len, 0);
	if (rd_copy(&r, dst, n))
		*dst_len = (uint8_t)n;
}

/* Both sides' Initial keys of a version, from the connection ID kept. */
static void initial_keys_for(struct quic_conn *q, uint32_t version)
{
	quic_keys_clear(&q->initial[SIDE_CLIENT]);
	quic_keys_clear(&q->initial[SIDE_SERVER]);
	q->initial_version = version;
	if (!quic_initial_keys(version, q->initial_dcid, q->initial_dcid_len, false, &q->initial[SIDE_CLIENT]) ||
	    !quic_initial_keys(version, q->initial_dcid, q->initial_dcid_len, true, &q->initial[SIDE_SERVER])) {
		quic_keys_clear(&q->initial[SIDE_CLIENT]);
		quic_keys_clear(&q->initial[SIDE_SERVER]);
	}
}

/* The Initial keys, derived from the client's first Initial's Destination Connection ID
 * (after a Retry, from its first Initial to the Retry's connection ID). */
static void derive_initial(struct quic_conn *q, struct facts *f, uint32_t version, const uint8_t *dcid, size_t dcid_len)
{
	if (q->awaiting_retry_dcid) {
		if (dcid_len != q->retry_cid_len || memcmp(dcid, q->retry_cid, dcid_len) != 0)
			return;
		for (int s = 0; s < 2; s++)
			quic_keys_clear(&q->initial[s]);
		q->awaiting_retry_dcid = false;
		q->initial_derived = false;
		f->quic.retry_followed = true;
		/* The Initial packet numbers go on after a Retry (RFC 9000 17.2.5.3). */
	}
	if (q->initial_derived)
		return;
	q->initial_derived = true;
	copy_cid(q->initial_dcid, &q->initial_dcid_len, dcid, dcid_len);
	initial_keys_for(q, version);
}


static enum quic_kind kind_of(enum quic_long_type type)
{
	switch (type) {
	case QUIC_LONG_0RTT: return QUIC_KIND_0RTT;
	case QUIC_LONG_HANDSHAKE: return QUIC_KIND_HANDSHAKE;
	case QUIC_LONG_RETRY: return QUIC_KIND_RETRY;
	case QUIC_LONG_INITIAL:
	default: return QUIC_KIND_INITIAL;
	}
}

/*
 * One long header packet from the datagram reader dg (at its first byte). Returns false
 * when the rest of the datagram cannot be read as packets (Version Negotiation and Retry
 * fill it; a length that lies ends it). *initial: it was an Initial.
 */
static bool long_packet(struct quic_conn *q, struct tls_conn *tls, struct facts *f, enum side from, struct reader *dg,
			double t, bool *initial)
{
	const uint8_t *start = dg->p;
	size_t start_left = rd_left(dg);
	uint8_t first, dcid_len, scid_len;
	uint32_t version;
	const uint8_t *dcid, *scid;
	if (!rd_u8(dg, &first) || !rd_u32(dg, &version) || !rd_u8(dg, &dcid_len) || !rd_view(dg, dcid_len, &dcid) ||
	    !rd_u8(dg, &scid_len) || !rd_view(dg, scid_len, &scid)) {
		note_malformed(f, from, "long header cut after %zu bytes", start_left - rd_left(dg));
		return false;
	}
	if (version == QUIC_VERSION_NEGOTIATION) {
		/* RFC 9000 17.2.1: the versions the server speaks, to the end of the datagram. */
		count_packet(f, from, QUIC_KIND_VERSION_NEGOTIATION, start_left, t);
		uint32_t v;
		while (rd_left(dg) >= 4 && rd_u32(dg, &v))
			if (f->quic.n_vn_versions < BOUND_QUIC_VERSIONS)
				f->quic.vn_versions[f->quic.n_vn_versions++] = v;
		return false;
	}
	if (from == SIDE_CLIENT && f->quic.version == 0) {
		f->quic.version = version;
		f->quic.version_known = quic_version_known(version);
		copy_cid(f->quic.dcid, &f->quic.dcid_len, dcid, dcid_len);
	}
	if (from == SIDE_SERVER && f->quic.server_version == 0)
		f->quic.server_version = version;
	if (!quic_version_known(version) || dcid_len > QUIC_MAX_CID_LEN || scid_len > QUIC_MAX_CID_LEN) {
		/* Another version's packets cannot be split: the rest of the datagram is this one. */
		count_packet(f, from, QUIC_KIND_INITIAL, start_left, t);
		return false;
	}
	enum quic_long_type type = quic_long_type(version, (uint8_t)(first >> 4));
	enum quic_kind kind = kind_of(type);
	if (type == QUIC_LONG_RETRY) {
		/* RFC 9000 17.2.5: a token and the integrity tag fill the datagram. The client's
		 * next Initial goes to the Retry's Source Connection ID, and its keys with it. */
		count_packet(f, from, QUIC_KIND_RETRY, start_left, t);
		if (from == SIDE_SERVER) {
			f->quic.retry_seen = true;
			q->awaiting_retry_dcid = true;
			copy_cid(q->retry_cid, &q->retry_cid_len, scid, scid_len);
			copy_cid(f->quic.server_cid, &f->quic.server_cid_len, scid, scid_len);
		}
		if (rd_left(dg) < RETRY_TAG_LEN)
			note_malformed(f, from, "Retry packet shorter than its integrity tag");
		return false;
	}
	if (type == QUIC_LONG_INITIAL) {
		uint64_t token_len;
		if (!rd_varint(dg, &token_len) || token_len > rd_left(dg) || !rd_skip(dg, (size_t)token_len)) {
			note_malformed(f, from, "Initial packet's token length exceeds the datagram");
			return false;
		}
		if (from == SIDE_CLIENT && f->quic.packets[SIDE_CLIENT][QUIC_KIND_INITIAL] == 0 && token_len > 0)
			f->quic.initial_token = true;
	}
	uint64_t length;
	if (!rd_varint(dg, &length)) {
		note_malformed(f, from, "long header packet cut before its length");
		return false;
	}
	size_t pn_offset = start_left - rd_left(dg);
	if (length > rd_left(dg)) {
		note_malformed(f, from, "packet length %llu exceeds the %zu bytes left of its datagram",
			       (unsigned long long)length, rd_left(dg));
		return false;
	}
	if (!rd_skip(dg, (size_t)length))
		return false;
	size_t pkt_len = pn_offset + (size_t)length;
	count_packet(f, from, kind, (size_t)length, t);
	*initial = kind == QUIC_KIND_INITIAL;
	if (from == SIDE_CLIENT && !q->client_cid_known) {
		copy_cid(q->client_cid, &q->client_cid_len, scid, scid_len);
		q->client_cid_known = true;
	} else if (from == SIDE_SERVER && (f->quic.server_cid_len == 0 || f->quic.retry_seen)) {
		/* The server's CID of the connection (after a Retry: of its Initial). */
		copy_cid(f->quic.server_cid, &f->quic.server_cid_len, scid, scid_len);
	}
	if (f->handshake_done)
		return true;

	struct quic_keys *k = NULL;
	enum space sp = SPACE_INITIAL;
	if (kind == QUIC_KIND_INITIAL) {
		if (from == SIDE_CLIENT)
			derive_initial(q, f, version, dcid, dcid_len);
		/* Compatible version negotiation (RFC 9368): the server answers in another
		 * version, and both go on in it, under that version's Initial keys of the same
		 * connection ID. */
		if (q->initial_derived && version != q->initial_version)
			initial_keys_for(q, version);
		k = &q->initial[from];
	} else if (kind == QUIC_KIND_HANDSHAKE) {
		keys_from_log(q, f);
		k = &q->handshake[from];
		sp = SPACE_HANDSHAKE;
	}
	if (k == NULL || !k->set)
		return true;
	const uint8_t *plain;
	size_t plain_len;
	if (!open_packet(q, k, from, sp, start, pkt_len, pn_offset, true, &plain, &plain_len)) {
		if (kind == QUIC_KIND_INITIAL)
			f->quic.undecryptable[from]++;
		return true;
	}
	f->quic.decrypted_packets[from]++;
	if (kind == QUIC_KIND_HANDSHAKE) {
		f->quic.handshake_keys[from] = true;
		f->decrypted = true;
		f->decrypted_records[from]++;
	}
	read_frames(q, tls, f, from, sp, kind, plain, plain_len, t);
	if (sp == SPACE_INITIAL)
		release_handshake_stream(q, tls, f, from, t);
	return true;
}

/* A short header packet: the rest of the datagram (RFC 9000 17.3). Opened only with a key
 * log, for a HANDSHAKE_DONE or a close the handshake's outcome hangs on. */
static void short_packet(struct quic_conn *q, struct tls_conn *tls, struct facts *f, enum side from,
			 struct reader *dg, double t)
{
	const uint8_t *start = dg->p;
	size_t len = rd_left(dg);
	count_packet(f, from, QUIC_KIND_SHORT, len, t);
	if (!rd_skip(dg, len) || f->handshake_done)
		return;
	keys_from_log(q, f);
	struct quic_keys *k = &q->app[from];
	/* Its Destination Connection ID is the one the receiver chose: the client's Source
	 * CID for the server's packets, the server's for the client's. */
	size_t dcid_len = from == SIDE_SERVER ? q->client_cid_len : f->quic.server_cid_len;
	if (!k->set || (from == SIDE_SERVER && !q->client_cid_known))
		return;
	const uint8_t *plain;
	size_t plain_len;
	if (open_packet(q, k, from, SPACE_APP, start, len, 1 + dcid_len, false, &plain, &plain_len)) {
		f->quic.decrypted_packets[from]++;
		read_frames(q, tls, f, from, SPACE_APP, QUIC_KIND_SHORT, plain, plain_len, t);
	}
}

void quic_datagram(struct quic_conn *q, struct tls_conn *tls, struct facts *f, enum side from, const uint8_t *data,
		   size_t len, size_t wire_len, double t)
{
	struct quic_fact *qf = &f->quic;
	qf->datagrams[from]++;
	if (from == SIDE_CLIENT && qf->datagrams[SIDE_CLIENT] == 1)
		qf->first_datagram_len = (uint16_t)(wire_len > UINT16_MAX ? UINT16_MAX : wire_len);
	/* The server's budget before the client's address is validated (RFC 9000 8.1): its
	 * bytes, and the client's, until the client's first Handshake packet. */
	if (qf->packets[SIDE_CLIENT][QUIC_KIND_HANDSHAKE] == 0) {
		if (from == SIDE_SERVER)
			qf->server_bytes_unvalidated += wire_len;
		else
			qf->client_bytes_unvalidated += wire_len;
	}
	struct reader dg;
	rd_init(&dg, data, len, 0);
	unsigned packets = 0;
	bool had_initial = false;
	uint8_t trace_at = qf->n_trace;
	while (rd_left(&dg) > 0) {
		uint8_t first;
		if (!rd_peek_u8(&dg, 0, &first))
			break;
		if (packets > 0 && first == 0)
			break; /* padding after the packets (RFC 9000 12.2 lets senders add it) */
		packets++;
		if (first & 0x80) {
			bool initial = false;
			bool more = long_packet(q, tls, f, from, &dg, t, &initial);
			had_initial |= initial;
			if (!more)
				break;
		} else {
			short_packet(q, tls, f, from, &dg, t);
			break;
		}
	}
	if (packets > 1)
		qf->coalesced[from]++;
	if (trace_at < qf->n_trace)
		qf->trace[trace_at].datagram = (uint16_t)(wire_len > UINT16_MAX ? UINT16_MAX : wire_len);
	if (from == SIDE_CLIENT && had_initial) {
		uint16_t n = (uint16_t)(wire_len > UINT16_MAX ? UINT16_MAX : wire_len);
		uint16_t lo = qf->min_initial_datagram, hi = qf->max_initial_datagram;
		/* cppcheck's value flow takes the wire length for a constant here. */
		// cppcheck-suppress knownConditionTrueFalse
		qf->min_initial_datagram = lo == 0 || n < lo ? n : lo;
		// cppcheck-suppress knownConditionTrueFalse
		qf->max_initial_datagram = n > hi ? n : hi;
		qf->t_last_client_initial = t;
		if (f->packets[SIDE_SERVER] == 0)
			qf->initials_unanswered++;
	}
}
