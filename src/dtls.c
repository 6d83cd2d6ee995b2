/*
 * dtls.c — DTLS datagrams to the record stream of the TLS stage.
 *
 * Pipeline position: flow (a UDP conversation) → dtls → tls (records) → facts.
 * A datagram is split into its records (RFC 6347 4.1; RFC 9147 4 for DTLS 1.3's unified
 * header); replayed records are dropped; epoch 0 handshake fragments are put back
 * together and handed over once each, in message_seq order, as the TLS record stream
 * tls_feed reads over TCP: a 5-byte TLS record header, then the handshake message with
 * its 4-byte header. The ClientHello loses its cookie on the way, and every version the
 * TLS stage compares (record versions, client_version, server_version,
 * supported_versions) is mapped to the TLS version its DTLS version is built on; the wire
 * versions stay in facts.dtls. ChangeCipherSpec, alerts, application data and protected
 * records are handed as records of their own type, their bodies where they lie in the
 * datagram. A length that lies ends the reading of its datagram with a note in
 * facts.dtls; the next datagram is read afresh.
 * Not done here: decryption (a DTLS record's nonce and additional data carry its epoch
 * and sequence number, RFC 6347 4.1.2.1 and RFC 9147 4.2.3, which the TLS stage's
 * decryption does not know), reading a connection ID whose length only the handshake
 * negotiated (RFC 9146), deciding a class.
 */
#include "dtls.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "bytes.h"
#include "tls.h"
#include "tls_parse.h"
#include "tls_wire.h"

/* RFC 6347 4.1: type(1) version(2) epoch(2) sequence_number(6) length(2). */
#define DTLS_RECORD_HEADER_LEN 13
/* RFC 6347 4.2.2: msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3). */
#define DTLS_HANDSHAKE_HEADER_LEN 12
/* RFC 9147 4: the first byte of a unified header is 001CSLEE. */
#define DTLS_UNIFIED_MASK 0xe0
#define DTLS_UNIFIED_FIXED 0x20
#define DTLS_UNIFIED_CID 0x10
#define DTLS_UNIFIED_SEQ16 0x08
#define DTLS_UNIFIED_LENGTH 0x04
/* A TLS record's plaintext (RFC 5246 6.2.1): handshake messages handed over are cut into
 * records of at most this. */
#define TLS_PLAIN_MAX 16384u

/* A handshake message being put together from its fragments. */
struct dtls_msg {
	bool used;
	uint16_t seq;
	uint8_t type;
	uint16_t record_version;   /* wire version of the record of its first fragment */
	uint32_t len;
	uint32_t got;              /* distinct bytes of it received */
	uint8_t *body;             /* len bytes (at least 1 allocated) */
	uint64_t *have;            /* a bit per byte of body received */
};

struct dtls_recent {
	uint16_t epoch;
	uint64_t seq;
};

struct dtls_side {
	struct dtls_recent recent[BOUND_DTLS_REPLAY_WINDOW];
	unsigned n_recent;
	unsigned next_recent;
	uint32_t next_seq;         /* message_seq of the next message handed over */
	/* A HelloVerifyRequest was this side's last message: the server, which keeps no
	 * state for it (RFC 6347 4.2.1), numbers its next flight from the ClientHello it
	 * answers. */
	bool after_hvr;
	struct dtls_msg msgs[BOUND_DTLS_HELD_MESSAGES];
	size_t held_bytes;
};

struct dtls_conn {
	struct dtls_side side[2];
	bool client_hello_handed;
	bool hvr_since_hello;      /* a HelloVerifyRequest came after the ClientHello handed over */
	struct tls_client_hello *first_hello; /* the ClientHello handed over, to compare a second one with */
	size_t scratch_bytes;      /* buffers of a message being handed over (freed after it) */
};

/* ---- versions ---- */

static bool dtls_version(uint16_t v)
{
	return v == TLS_VERSION_DTLS10 || v == TLS_VERSION_DTLS10_OPENSSL || v == TLS_VERSION_DTLS12 ||
	       v == TLS_VERSION_DTLS13;
}

/* The TLS version a DTLS version is built on (RFC 6347 1: DTLS 1.0 on TLS 1.1, 1.2 on
 * 1.2; RFC 9147 1: 1.3 on 1.3); other values unchanged. */
static uint16_t tls_version_of(uint16_t v)
{
	switch (v) {
	case TLS_VERSION_DTLS10:
	case TLS_VERSION_DTLS10_OPENSSL:
		return TLS_VERSION_TLS11;
	case TLS_VERSION_DTLS12:
		return TLS_VERSION_TLS12;
	case TLS_VERSION_DTLS13:
		return TLS_VERSION_TLS13;
	default:
		return v;
	}
}

/* ---- recognising DTLS ---- */

bool dtls_looks_like_record(const uint8_t *data, size_t len, bool *client_hello)
{
	struct reader r;
	uint8_t type, msg_type;
	uint16_t version, epoch, length;
	if (client_hello != NULL)
		*client_hello = false;
	rd_init(&r, data, len, 0);
	/* A unified header (RFC 9147 4) has no version to recognise it by: only a
	 * conversation already known to be DTLS is read for it. */
	if (!rd_peek_u8(&r, 0, &type) || !rd_peek_u16(&r, 1, &version) || !rd_peek_u16(&r, 3, &epoch) ||
	    !rd_peek_u16(&r, 11, &length))
		return false;
	if (type < TLS_CT_CHANGE_CIPHER_SPEC || type > TLS_CT_ACK || !dtls_version(version) ||
	    (size_t)length > len - DTLS_RECORD_HEADER_LEN)
		return false;
	if (client_hello != NULL)
		*client_hello = type == TLS_CT_HANDSHAKE && epoch == 0 &&
				rd_peek_u8(&r, DTLS_RECORD_HEADER_LEN, &msg_type) && msg_type == TLS_HS_CLIENT_HELLO;
	return true;
}

/* ---- state ---- */

struct dtls_conn *dtls_new(void)
{
	return calloc(1, sizeof(struct dtls_conn));
}

static void msg_free(struct dtls_side *s, struct dtls_msg *m)
{
	if (!m->used)
		return;
	size_t words = ((size_t)m->len + 63) / 64;
	s->held_bytes -= (m->len > 0 ? m->len : 1) + (words > 0 ? words : 1) * sizeof(uint64_t);
	free(m->body);
	free(m->have);
	*m = (struct dtls_msg){ 0 };
}

void dtls_free(struct dtls_conn *d)
{
	if (d == NULL)
		return;
	for (int s = 0; s < 2; s++)
		for (unsigned i = 0; i < BOUND_DTLS_HELD_MESSAGES; i++)
			msg_free(&d->side[s], &d->side[s].msgs[i]);
	free(d->first_hello);
	free(d);
}

size_t dtls_memory(const struct dtls_conn *d)
{
	if (d == NULL)
		return 0;
	return sizeof *d + d->side[0].held_bytes + d->side[1].held_bytes + d->scratch_bytes +
	       (d->first_hello != NULL ? sizeof *d->first_hello : 0);
}

/* ---- notes ---- */

static void note_malformed(struct facts *f, enum side from, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A record or fragment that does not fit: counted, and the first reason kept. */
static void note_malformed(struct facts *f, enum side from, const char *fmt, ...)
{
	if (f->dtls.malformed_why[from][0] != '\0')
		return;
	va_list ap;
	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): ap is started above (clang 14 misreports it after another file)
	vsnprintf(f->dtls.malformed_why[from], sizeof f->dtls.malformed_why[from], fmt, ap);
	va_end(ap);
}

static void count(uint32_t *n)
{
	if (*n < UINT32_MAX)
		(*n)++;
}

/* ---- a small writer for the messages rebuilt ---- */

struct writer {
	uint8_t *p;
	size_t left;
	size_t n;        /* bytes written */
	bool ok;
};

static void wr_init(struct writer *w, uint8_t *buf, size_t cap)
{
	w->p = buf;
	w->left = cap;
	w->n = 0;
	w->ok = buf != NULL;
}

static void wr_u8(struct writer *w, unsigned v)
{
	if (!w->ok || w->left < 1) {
		w->ok = false;
		return;
	}
	*w->p = (uint8_t)v;
	w->p++;
	w->left--;
	w->n++;
}

static void wr_u16(struct writer *w, unsigned v)
{
	wr_u8(w, (v >> 8) & 0xff);
	wr_u8(w, v & 0xff);
}

static void wr_u24(struct writer *w, uint32_t v)
{
	wr_u8(w, (v >> 16) & 0xff);
	wr_u16(w, v & 0xffff);
}

/* The next n bytes of r, copied. */
static void wr_take(struct writer *w, struct reader *r, size_t n)
{
	if (!w->ok || n > w->left || !rd_copy(r, w->p, n)) {
		w->ok = false;
		return;
	}
	w->p += n;
	w->left -= n;
	w->n += n;
}

static void wr_rest(struct writer *w, struct reader *r)
{
	wr_take(w, r, rd_left(r));
}

/* A vector whose prefix is width bytes, written again as it was. */
static void wr_vec(struct writer *w, struct reader *vec, unsigned width)
{
	size_t n = rd_left(vec);
	if (width == 1)
		wr_u8(w, (unsigned)n);
	else
		wr_u16(w, (unsigned)n);
	wr_rest(w, vec);
}

/*
 * Extensions (RFC 8446 4.2: extension_type(2) extension_data<0..2^16-1>) copied, the
 * entries of supported_versions mapped to TLS versions: a list<2..254> of versions in a
 * ClientHello, one version in a ServerHello (RFC 8446 4.2.1). Lengths do not change. An
 * extension whose bytes do not fit is copied with the rest as it is, for the TLS parser
 * to judge. *selected: the ServerHello's version as on the wire (0 when none).
 */
static void wr_extensions(struct writer *w, struct reader *exts, bool client, uint16_t *selected)
{
	while (rd_left(exts) > 0 && w->ok) {
		struct reader probe = *exts; /* a copy: exts itself is read only when the extension fits */
		uint16_t type;
		struct reader ext;
		if (!rd_u16(&probe, &type) || !rd_vec16(&probe, &ext))
			break;
		*exts = probe;
		wr_u16(w, type);
		wr_u16(w, (unsigned)rd_left(&ext));
		uint16_t v;
		if (type == TLS_EXT_SUPPORTED_VERSIONS && !client && rd_left(&ext) == 2 && rd_u16(&ext, &v)) {
			*selected = v;
			wr_u16(w, tls_version_of(v));
			continue;
		}
		uint8_t list_len;
		if (type == TLS_EXT_SUPPORTED_VERSIONS && client && rd_peek_u8(&ext, 0, &list_len) &&
		    (size_t)list_len + 1 == rd_left(&ext) && list_len % 2 == 0 && rd_u8(&ext, &list_len)) {
			wr_u8(w, list_len);
			while (rd_left(&ext) >= 2 && rd_u16(&ext, &v))
				wr_u16(w, tls_version_of(v));
			continue;
		}
		wr_rest(w, &ext);
	}
	wr_rest(w, exts);
}

/*
 * RFC 6347 4.2.1 (RFC 9147 5.3 alike): the ClientHello of DTLS,
 *   struct { ProtocolVersion client_version; Random random; SessionID session_id;
 *            opaque cookie<0..2^8-1>; CipherSuite cipher_suites<2..2^16-1>;
 *            CompressionMethod compression_methods<1..2^8-1>; Extension extensions<0..2^16-1>;
 *   } ClientHello;
 * written as TLS's (RFC 5246 7.4.1.2): the cookie left out, versions mapped. false: it
 * is not of this form (nothing is written that can be used).
 */
static bool rebuild_client_hello(struct reader *in, struct writer *w, uint16_t *version, uint8_t *cookie_len)
{
	struct reader random, sid, cookie, suites, comp;
	if (!rd_u16(in, version) || !rd_sub(in, 32, &random) || !rd_vec8(in, &sid) || !rd_vec8(in, &cookie) ||
	    !rd_vec16(in, &suites) || !rd_vec8(in, &comp))
		return false;
	*cookie_len = (uint8_t)rd_left(&cookie);
	wr_u16(w, tls_version_of(*version));
	wr_rest(w, &random);
	wr_vec(w, &sid, 1);
	wr_vec(w, &suites, 2);
	wr_vec(w, &comp, 1);
	if (rd_left(in) > 0) {
		struct reader probe = *in;
		struct reader exts;
		uint16_t unused = 0;
		if (rd_vec16(&probe, &exts)) {
			*in = probe;
			wr_u16(w, (unsigned)rd_left(&exts));
			wr_extensions(w, &exts, true, &unused);
		}
		wr_rest(w, in);
	}
	return w->ok;
}

/*
 * RFC 6347 4.2 / RFC 5246 7.4.1.3: the ServerHello, as TLS's but for its versions:
 *   server_version(2) random(32) session_id<0..32> cipher_suite(2) compression_method(1)
 *   extensions<0..2^16-1>
 * copied with server_version and supported_versions mapped. false: too short for that.
 */
static bool rebuild_server_hello(struct reader *in, struct writer *w, uint16_t *version, uint16_t *selected)
{
	struct reader head;
	if (!rd_u16(in, version) || !rd_sub(in, 32, &head))
		return false;
	wr_u16(w, tls_version_of(*version));
	wr_rest(w, &head);
	struct reader sid;
	if (!rd_vec8(in, &sid))
		return false;
	wr_vec(w, &sid, 1);
	struct reader rest;
	if (!rd_sub(in, 3, &rest)) /* cipher_suite, compression_method */
		return false;
	wr_rest(w, &rest);
	if (rd_left(in) > 0) {
		struct reader probe = *in;
		struct reader exts;
		if (rd_vec16(&probe, &exts)) {
			*in = probe;
			wr_u16(w, (unsigned)rd_left(&exts));
			wr_extensions(w, &exts, false, selected);
		}
		wr_rest(w, in);
	}
	return w->ok;
}

/* ---- handing records to the TLS stage ---- */

/* A TLS record header for a body of len bytes. */
static void tls_header(uint8_t hdr[TLS_RECORD_HEADER_LEN], uint8_t type, uint16_t version, size_t len)
{
	struct writer w;
	wr_init(&w, hdr, TLS_RECORD_HEADER_LEN);
	wr_u8(&w, type);
	wr_u16(&w, version);
	wr_u16(&w, (unsigned)len);
}

/* A record whose body is handed where it lies (in the datagram): its header, then it. */
static void hand_record(struct tls_conn *tls, struct facts *f, enum side from, uint8_t type, uint16_t version,
			struct reader *body, double t)
{
	uint8_t hdr[TLS_RECORD_HEADER_LEN];
	size_t len = rd_left(body);
	const uint8_t *bytes;
	tls_header(hdr, type, tls_version_of(version), len);
	tls_feed(tls, f, from, hdr, sizeof hdr, false, t);
	if (len > 0 && rd_view(body, len, &bytes))
		tls_feed(tls, f, from, bytes, len, false, t);
}

/* A whole handshake message (its 4-byte header and body in msg) as TLS records of at
 * most TLS_PLAIN_MAX bytes each, one tls_feed per record: a hello in one record is one
 * segment to the TLS stage, as it was one message here. */
static void hand_message(struct dtls_conn *d, struct tls_conn *tls, struct facts *f, enum side from,
			 uint16_t version, const uint8_t *msg, size_t msg_len, double t)
{
	size_t cap = TLS_RECORD_HEADER_LEN + (msg_len < TLS_PLAIN_MAX ? msg_len : TLS_PLAIN_MAX);
	uint8_t *rec = malloc(cap);
	if (rec == NULL)
		return;
	d->scratch_bytes += cap;
	struct reader in;
	rd_init(&in, msg, msg_len, 0);
	while (rd_left(&in) > 0 && !f->handshake_done) {
		size_t n = rd_left(&in) < TLS_PLAIN_MAX ? rd_left(&in) : TLS_PLAIN_MAX;
		struct writer w;
		wr_init(&w, rec, cap);
		wr_u8(&w, TLS_CT_HANDSHAKE);
		wr_u16(&w, tls_version_of(version));
		wr_u16(&w, (unsigned)n);
		wr_take(&w, &in, n);
		if (!w.ok)
			break;
		tls_feed(tls, f, from, rec, TLS_RECORD_HEADER_LEN + n, false, t);
	}
	free(rec);
	d->scratch_bytes -= cap;
}

/* Does a second ClientHello say more than the first did? RFC 6347 4.2.1: it repeats
 * the first with the cookie added. */
static bool hello_differs(const struct tls_client_hello *a, const struct tls_client_hello *b)
{
	if (a->legacy_version != b->legacy_version || a->n_ciphers != b->n_ciphers || a->n_exts != b->n_exts ||
	    a->n_versions != b->n_versions || memcmp(a->random, b->random, sizeof a->random) != 0)
		return true;
	for (unsigned i = 0; i < a->n_ciphers; i++)
		if (a->ciphers[i] != b->ciphers[i])
			return true;
	for (unsigned i = 0; i < a->n_exts; i++)
		if (a->exts[i] != b->exts[i])
			return true;
	return false;
}

/* RFC 6347 4.2.1: struct { ProtocolVersion server_version; opaque cookie<0..2^8-1>; }
 * HelloVerifyRequest. Noted, never handed on: TLS has no such message. */
static void read_hello_verify(struct dtls_conn *d, struct facts *f, const struct dtls_msg *m)
{
	struct reader r, cookie;
	uint16_t version;
	rd_init(&r, m->body, m->len, 0);
	f->dtls.hello_verify_seen = true;
	if (rd_u16(&r, &version) && rd_vec8(&r, &cookie)) {
		f->dtls.hello_verify_version = version;
		f->dtls.cookie_len = (uint8_t)rd_left(&cookie);
	} else {
		count(&f->dtls.malformed_fragments[SIDE_SERVER]);
		note_malformed(f, SIDE_SERVER, "HelloVerifyRequest of %u bytes holds no cookie", (unsigned)m->len);
	}
	d->side[SIDE_SERVER].after_hvr = true;
	d->hvr_since_hello = true;
}

static void drop_before(struct dtls_side *s, uint32_t seq);

/* A whole message, in message_seq order: to the TLS stage, rebuilt in TLS's form. */
static void deliver(struct dtls_conn *d, struct tls_conn *tls, struct facts *f, enum side from,
		    const struct dtls_msg *m, double t)
{
	struct dtls_side *s = &d->side[from];
	if (from == SIDE_SERVER && m->type == TLS_HS_HELLO_VERIFY_REQUEST) {
		facts_add_step(f, SIDE_SERVER, STEP_MESSAGE, TLS_HS_HELLO_VERIFY_REQUEST, 0, m->len, t);
		read_hello_verify(d, f, m);
		return;
	}
	if (from == SIDE_SERVER)
		s->after_hvr = false;
	size_t cap = TLS_HANDSHAKE_HEADER_LEN + (size_t)m->len;
	uint8_t *msg = malloc(cap);
	if (msg == NULL)
		return;
	d->scratch_bytes += cap;
	struct writer w;
	struct reader in;
	wr_init(&w, msg, cap);
	wr_u8(&w, m->type);
	wr_u24(&w, 0); /* the length, written once the body is */
	rd_init(&in, m->body, m->len, 0);
	struct writer out = w;
	bool rebuilt = true;
	bool hand = true;
	if (from == SIDE_CLIENT && m->type == TLS_HS_CLIENT_HELLO) {
		uint16_t version = 0;
		uint8_t cookie_len = 0;
		rebuilt = rebuild_client_hello(&in, &out, &version, &cookie_len);
		if (f->dtls.client_hellos < UINT8_MAX)
			f->dtls.client_hellos++;
		if (rebuilt)
			f->dtls.client_cookie_len = cookie_len;
		if (f->dtls.client_hello_version == 0)
			f->dtls.client_hello_version = version;
		if (d->client_hello_handed && d->hvr_since_hello) {
			/* The ClientHello answering a HelloVerifyRequest (RFC 6347 4.2.1) repeats the
			 * first: the TLS stage has it already, and a second hello there means a
			 * HelloRetryRequest. The server answers it from its message_seq on. */
			hand = false;
			d->hvr_since_hello = false;
			facts_add_step(f, SIDE_CLIENT, STEP_MESSAGE, TLS_HS_CLIENT_HELLO, 0, m->len, t);
			if (rebuilt && cookie_len > 0)
				f->dtls.cookie_echoed = true;
			struct tls_client_hello *again = calloc(1, sizeof *again);
			if (again != NULL && rebuilt && d->first_hello != NULL) {
				struct reader r;
				rd_init(&r, msg + TLS_HANDSHAKE_HEADER_LEN, out.n - TLS_HANDSHAKE_HEADER_LEN, 0);
				if (tls_parse_client_hello(&r, again) && hello_differs(d->first_hello, again))
					f->dtls.second_hello_differs = true;
			}
			free(again);
			struct dtls_side *server = &d->side[SIDE_SERVER];
			if (server->after_hvr && m->seq > server->next_seq) {
				server->next_seq = m->seq;
				drop_before(server, m->seq);
			}
		}
	} else if (from == SIDE_SERVER && m->type == TLS_HS_SERVER_HELLO) {
		uint16_t version = 0, selected = 0;
		rebuilt = rebuild_server_hello(&in, &out, &version, &selected);
		if (f->dtls.server_hello_version == 0) {
			f->dtls.server_hello_version = version;
			f->dtls.selected_version = selected != 0 ? selected : version;
		}
	} else {
		wr_rest(&out, &in);
	}
	if (!rebuilt) {
		/* Not in the DTLS form: handed as it came, for the TLS parser to say where it
		 * breaks. */
		count(&f->dtls.malformed_fragments[from]);
		note_malformed(f, from, "%s of %u bytes not in DTLS form",
			       m->type == TLS_HS_CLIENT_HELLO ? "ClientHello" : "ServerHello", (unsigned)m->len);
		out = w;
		rd_init(&in, m->body, m->len, 0);
		wr_rest(&out, &in);
	}
	if (hand && out.ok) {
		size_t msg_len = out.n;
		struct writer len_at;
		wr_init(&len_at, msg + 1, 3);
		wr_u24(&len_at, (uint32_t)(msg_len - TLS_HANDSHAKE_HEADER_LEN));
		hand_message(d, tls, f, from, m->record_version, msg, msg_len, t);
		if (from == SIDE_CLIENT && m->type == TLS_HS_CLIENT_HELLO && !d->client_hello_handed) {
			d->client_hello_handed = true;
			if (f->client_hello_seen && d->first_hello == NULL) {
				d->first_hello = malloc(sizeof *d->first_hello);
				if (d->first_hello != NULL)
					*d->first_hello = f->ch;
			}
		}
	}
	free(msg);
	d->scratch_bytes -= cap;
}

/* ---- handshake fragments ---- */

static struct dtls_msg *find_msg(struct dtls_side *s, uint32_t seq)
{
	for (unsigned i = 0; i < BOUND_DTLS_HELD_MESSAGES; i++)
		if (s->msgs[i].used && s->msgs[i].seq == seq)
			return &s->msgs[i];
	return NULL;
}

/* Hands every whole message from next_seq on, in order. */
static void deliver_ready(struct dtls_conn *d, struct tls_conn *tls, struct facts *f, enum side from, double t)
{
	struct dtls_side *s = &d->side[from];
	struct dtls_msg *m;
	while ((m = find_msg(s, s->next_seq)) != NULL && m->got == m->len && !f->handshake_done) {
		s->next_seq++;
		deliver(d, tls, f, from, m, t);
		msg_free(s, m);
	}
}

/* A slot for message seq of len bytes, within the holding bounds; NULL: none. */
static struct dtls_msg *new_msg(struct dtls_side *s, uint32_t seq, uint8_t type, uint32_t len, uint16_t version)
{
	size_t words = ((size_t)len + 63) / 64;
	size_t bytes = (len > 0 ? len : 1) + (words > 0 ? words : 1) * sizeof(uint64_t);
	if (s->held_bytes + bytes > BOUND_DTLS_HELD_BYTES)
		return NULL;
	for (unsigned i = 0; i < BOUND_DTLS_HELD_MESSAGES; i++) {
		struct dtls_msg *m = &s->msgs[i];
		if (m->used)
			continue;
		m->body = malloc(len > 0 ? len : 1);
		m->have = calloc(words > 0 ? words : 1, sizeof(uint64_t));
		if (m->body == NULL || m->have == NULL) {
			free(m->body);
			free(m->have);
			*m = (struct dtls_msg){ 0 };
			return NULL;
		}
		m->used = true;
		m->seq = (uint16_t)seq;
		m->type = type;
		m->len = len;
		m->record_version = version;
		s->held_bytes += bytes;
		return m;
	}
	return NULL;
}

/* Frees the messages held before seq (a flight numbered afresh). */
static void drop_before(struct dtls_side *s, uint32_t seq)
{
	for (unsigned i = 0; i < BOUND_DTLS_HELD_MESSAGES; i++)
		if (s->msgs[i].used && s->msgs[i].seq < seq)
			msg_free(s, &s->msgs[i]);
}

/* One fragment of message seq (RFC 6347 4.2.2): fragments come in any order, overlap
 * and repeat; the bytes of each are put at their offset, and a message is whole once
 * every byte of it has come. */
static void take_fragment(struct dtls_conn *d, struct tls_conn *tls, struct facts *f, enum side from, uint8_t type,
			  uint32_t len, uint32_t seq, uint32_t offset, struct reader *frag, uint16_t version, double t)
{
	struct dtls_side *s = &d->side[from];
	if (from == SIDE_SERVER && s->after_hvr && seq < s->next_seq && type != TLS_HS_HELLO_VERIFY_REQUEST) {
		/* A server that numbers its flight from 0 again after its HelloVerifyRequest. */
		s->next_seq = seq;
		drop_before(s, seq);
	}
	if (seq < s->next_seq) {
		/* A message handed over already: its flight was sent again (RFC 6347 4.2.4). */
		if (offset == 0)
			count(&f->dtls.retransmitted[from]);
		return;
	}
	if (len > BOUND_HANDSHAKE_MESSAGE) {
		count(&f->dtls.oversized_messages[from]);
		f->buffer_capped[from] = true;
		note_malformed(f, from, "handshake message %u of %u bytes exceeds the bound", (unsigned)seq, (unsigned)len);
		if (seq == s->next_seq) {
			s->next_seq++; /* not read, but the messages after it are */
			deliver_ready(d, tls, f, from, t);
		}
		return;
	}
	if (seq - s->next_seq >= BOUND_DTLS_SEQ_AHEAD) {
		count(&f->dtls.dropped_fragments[from]);
		note_malformed(f, from, "message_seq %u far ahead of %u", (unsigned)seq, (unsigned)s->next_seq);
		return;
	}
	struct dtls_msg *m = find_msg(s, seq);
	if (m != NULL && (m->type != type || m->len != len)) {
		count(&f->dtls.malformed_fragments[from]);
		note_malformed(f, from, "message_seq %u: fragments disagree on its type or length", (unsigned)seq);
		return;
	}
	if (m == NULL)
		m = new_msg(s, seq, type, len, version);
	if (m == NULL) {
		count(&f->dtls.dropped_fragments[from]);
		f->buffer_capped[from] = true;
		return;
	}
	size_t n = rd_left(frag);
	if (!rd_copy(frag, m->body + offset, n))
		return; /* cannot happen: frag holds n bytes, and offset + n <= len */
	for (size_t i = offset; i < (size_t)offset + n; i++) {
		uint64_t bit = (uint64_t)1 << (i % 64);
		if (!(m->have[i / 64] & bit)) {
			m->have[i / 64] |= bit;
			m->got++;
		}
	}
	deliver_ready(d, tls, f, from, t);
}

/* An epoch 0 handshake record: its fragments, one after another. */
static void read_fragments(struct dtls_conn *d, struct tls_conn *tls, struct facts *f, enum side from,
			   struct reader *rec, uint16_t version, double t)
{
	while (rd_left(rec) > 0 && !f->handshake_done) {
		uint8_t type;
		uint32_t len, offset, frag_len;
		uint16_t seq;
		struct reader frag;
		if (rd_left(rec) < DTLS_HANDSHAKE_HEADER_LEN) {
			count(&f->dtls.malformed_fragments[from]);
			note_malformed(f, from, "handshake fragment header cut after %zu bytes", rd_left(rec));
			return;
		}
		if (!rd_u8(rec, &type) || !rd_u24(rec, &len) || !rd_u16(rec, &seq) || !rd_u24(rec, &offset) ||
		    !rd_u24(rec, &frag_len))
			return; /* cannot happen: the header's bytes are there */
		if (!rd_sub(rec, frag_len, &frag)) {
			count(&f->dtls.malformed_fragments[from]);
			note_malformed(f, from, "handshake fragment of %u bytes in a record with %zu left", (unsigned)frag_len,
				       rd_left(rec));
			return;
		}
		count(&f->dtls.handshake_fragments[from]);
		if ((uint64_t)offset + frag_len > len) {
			count(&f->dtls.malformed_fragments[from]);
			note_malformed(f, from, "handshake fragment %u+%u beyond its message of %u bytes", (unsigned)offset,
				       (unsigned)frag_len, (unsigned)len);
			continue;
		}
		take_fragment(d, tls, f, from, type, len, seq, offset, &frag, version, t);
	}
}

/* ---- records ---- */

/* Was (epoch, seq) seen from this side? Remembers it when not. */
static bool replayed(struct dtls_side *s, uint16_t epoch, uint64_t seq)
{
	for (unsigned i = 0; i < s->n_recent; i++)
		if (s->recent[i].epoch == epoch && s->recent[i].seq == seq)
			return true;
	s->recent[s->next_recent] = (struct dtls_recent){ epoch, seq };
	s->next_recent = (s->next_recent + 1) % BOUND_DTLS_REPLAY_WINDOW;
	if (s->n_recent < BOUND_DTLS_REPLAY_WINDOW)
		s->n_recent++;
	return false;
}

/*
 * RFC 9147 4: the unified header of DTLS 1.3's protected records,
 *   001CSLEE; connection_id (C); sequence_number 8 or 16 bits (S); length(2) (L);
 * then the encrypted record, to the datagram's end when there is no length. Its sequence
 * number is encrypted (RFC 9147 4.2.3), so it says nothing of replays. Handed as a TLS
 * 1.3 application_data record of its length. false: the datagram's reading ends.
 */
static bool read_unified(struct tls_conn *tls, struct facts *f, enum side from, struct reader *r, double t)
{
	uint8_t first, seq8;
	uint16_t seq16, length;
	if (!rd_u8(r, &first))
		return false;
	count(&f->dtls.records[from]);
	count(&f->dtls.unified_records[from]);
	struct reader body;
	if (first & DTLS_UNIFIED_CID) {
		/* The connection ID's length was negotiated in the encrypted handshake: where
		 * it ends is unknown, so the rest of the datagram is taken as this record. */
		count(&f->dtls.cid_records[from]);
		if (!rd_sub(r, rd_left(r), &body))
			return false;
	} else {
		bool ok = (first & DTLS_UNIFIED_SEQ16) ? rd_u16(r, &seq16) : rd_u8(r, &seq8);
		if (ok && (first & DTLS_UNIFIED_LENGTH))
			ok = rd_u16(r, &length);
		else
			length = (uint16_t)(rd_left(r) > UINT16_MAX ? UINT16_MAX : rd_left(r));
		if (!ok || length > rd_left(r)) {
			count(&f->dtls.malformed_records[from]);
			note_malformed(f, from, "DTLS 1.3 record header cut, or its length beyond the datagram");
			return false;
		}
		if (!rd_sub(r, length, &body))
			return false;
	}
	if (rd_left(&body) > BOUND_RECORD_LENGTH) {
		count(&f->dtls.malformed_records[from]);
		note_malformed(f, from, "DTLS 1.3 record of %zu bytes exceeds the largest record", rd_left(&body));
		return false;
	}
	hand_record(tls, f, from, TLS_CT_APPLICATION_DATA, TLS_VERSION_TLS12, &body, t);
	return !(first & DTLS_UNIFIED_CID);
}

/* One record with the full header (RFC 6347 4.1). false: the datagram's reading ends. */
static bool read_record(struct dtls_conn *d, struct tls_conn *tls, struct facts *f, enum side from, struct reader *r,
			double t)
{
	uint8_t type;
	uint16_t version, epoch, seq_hi, length;
	uint32_t seq_lo;
	if (rd_left(r) < DTLS_RECORD_HEADER_LEN) {
		count(&f->dtls.malformed_records[from]);
		note_malformed(f, from, "record header cut after %zu bytes", rd_left(r));
		return false;
	}
	if (!rd_u8(r, &type) || !rd_u16(r, &version) || !rd_u16(r, &epoch) || !rd_u16(r, &seq_hi) ||
	    !rd_u32(r, &seq_lo))
		return false; /* cannot happen: the header's bytes are there */
	if (type < TLS_CT_CHANGE_CIPHER_SPEC || type > TLS_CT_LAST || !dtls_version(version)) {
		count(&f->dtls.malformed_records[from]);
		note_malformed(f, from, "not a DTLS record header: type %u version 0x%04x", (unsigned)type,
			       (unsigned)version);
		return false;
	}
	if (f->dtls.records[from] == 0)
		f->dtls.record_version[from] = version;
	count(&f->dtls.records[from]);
	if (epoch > f->dtls.max_epoch[from])
		f->dtls.max_epoch[from] = epoch;
	if (type == TLS_CT_TLS12_CID) {
		/* RFC 9146 4: a connection ID of negotiated length sits before the length field. */
		count(&f->dtls.cid_records[from]);
		return false;
	}
	struct reader body;
	if (!rd_u16(r, &length) || length > rd_left(r) || !rd_sub(r, length, &body)) {
		count(&f->dtls.malformed_records[from]);
		note_malformed(f, from, "record length %u beyond the %zu bytes left of the datagram", (unsigned)length,
			       rd_left(r));
		return false;
	}
	if (length > BOUND_RECORD_LENGTH) {
		count(&f->dtls.malformed_records[from]);
		note_malformed(f, from, "record length %u exceeds the largest record", (unsigned)length);
		return true;
	}
	if (replayed(&d->side[from], epoch, (uint64_t)seq_hi << 32 | seq_lo)) {
		count(&f->dtls.replayed_records[from]);
		return true;
	}
	switch (type) {
	case TLS_CT_HANDSHAKE:
	case TLS_CT_ALERT:
		if (type == TLS_CT_HANDSHAKE && epoch == 0) {
			read_fragments(d, tls, f, from, &body, version, t);
			break;
		}
		/* An alert, clear at epoch 0, or a protected record: the Finished, an alert. */
		if (epoch > 0 && !f->ccs_seen[from]) {
			/* Protected, but the ChangeCipherSpec that protects it was not seen (lost by
			 * the capture): the TLS stage would read it as clear text. */
			count(&f->dtls.protected_before_ccs[from]);
			break;
		}
		hand_record(tls, f, from, type, version, &body, t);
		break;
	case TLS_CT_ACK:
		count(&f->dtls.ack_records[from]);
		break;
	default:
		hand_record(tls, f, from, type, version, &body, t);
		break;
	}
	return true;
}

void dtls_datagram(struct dtls_conn *d, struct tls_conn *tls, struct facts *f, enum side from, const uint8_t *data,
		   size_t len, double t)
{
	if (d == NULL || tls == NULL || f == NULL)
		return;
	/* The TLS stage's decryption forms TLS's nonces and additional data, not DTLS's
	 * (RFC 6347 4.1.2.1): it is not offered these records. */
	tls->keys = NULL;
	count(&f->dtls.datagrams[from]);
	if (len == 0) {
		count(&f->dtls.empty_datagrams[from]);
		return;
	}
	struct reader r;
	rd_init(&r, data, len, 0);
	while (rd_left(&r) > 0 && !facts_outcome_known(f)) {
		uint8_t first;
		if (!rd_peek_u8(&r, 0, &first))
			break;
		bool go_on = (first & DTLS_UNIFIED_MASK) == DTLS_UNIFIED_FIXED ? read_unified(tls, f, from, &r, t)
									    : read_record(d, tls, f, from, &r, t);
		if (!go_on)
			break;
	}
}
