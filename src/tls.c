/*
 * tls.c — the TLS stage: frames each direction's byte stream into records, reassembles
 * handshake messages across records, and turns what it reads into facts.
 *
 * Pipeline position: flow → tls → (tls_hello.c, tls_msgs.c, cert) → facts.
 * Framing is separate from parsing: a message parser only runs on a whole message. A
 * message that its records contradict (a record of another type inside it, inner lengths
 * that do not fit its own) is dropped and noted, and reading goes on at the next record,
 * so that one lying length does not hide how the handshake ended. Records of no
 * handshake content type (heartbeats, tls12_cid) are only counted.
 * Only clear-text handshake, alert and ChangeCipherSpec bodies are copied (one record and
 * one handshake message at most per direction); encrypted records and application data
 * are stepped over by length. Not done here: decryption, deciding a class.
 */
#include "tls.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "bytes.h"
#include "decrypt.h"
#include "tls_names.h"
#include "tls_parse.h"
#include "upgrade.h"

/* Records a kept handshake message may span (128 KB in records of at least 8 KB; real
 * stacks fill records). Beyond it, offsets in evidence are approximate. */
#define HS_MAP 24

struct tls_dir {
	uint8_t hdr[5];
	uint8_t hdr_len;         /* bytes of the current record header held */
	uint8_t hdr_need;        /* 5 for TLS; 2 or 3 for SSL 2.0 records */
	bool in_body;
	bool v2_record;          /* the current record is SSL 2.0-framed */
	uint8_t rec_type;
	uint16_t rec_version;
	size_t rec_len;
	size_t body_got;
	bool keep;               /* the body is copied and parsed */
	uint8_t *body;           /* a record split across segments, grown as its bytes come */
	size_t body_cap;
	uint8_t *hs;             /* handshake message being reassembled */
	size_t hs_skip;          /* bytes left of a message too large to keep */
	uint8_t skip_type;       /* ...its type, claimed length and stream offset, for evidence */
	uint32_t skip_claimed;
	uint64_t skip_off;
	/* Where the bytes of hs came from: hs[map_pos[i]...] starts at stream offset
	 * map_off[i] (record headers sit between the pieces). */
	size_t map_pos[HS_MAP];
	uint64_t map_off[HS_MAP];
	unsigned n_map;
	size_t hs_len;
	size_t hs_cap;
	bool encrypted;          /* records from here on are protected */
	bool resync;             /* after a hole: wait for a record header at a segment start */
	bool dead;               /* stop reading this direction */
	bool started;            /* the side sent its first TLS record */
	bool sslv2;              /* the side speaks SSL 2.0 framing */
	uint32_t feeds;          /* segments fed */
	uint64_t offset;         /* stream offset of the next byte, for evidence */
};

void tls_init(struct tls_conn *c)
{
	memset(c, 0, sizeof *c);
}

void tls_free(struct tls_conn *c)
{
	decrypt_free(c->dec);
	c->dec = NULL;
	upgrade_free(c->upgrade);
	c->upgrade = NULL;
	for (int i = 0; i < 2; i++) {
		if (c->dir[i] != NULL) {
			free(c->dir[i]->body);
			free(c->dir[i]->hs);
			free(c->dir[i]);
			c->dir[i] = NULL;
		}
	}
}

/*
 * Does a TLS record header start at r's next byte? Judged on the bytes there, however
 * few: type(1) legacy_record_version(2) length(2) (RFC 8446 5.1), the version SSL 3.0
 * to TLS 1.3 (0x0300-0x0304). With check_length, an impossible length says no (used to
 * find the next record after lost bytes); without it, the framer reports it.
 */
static bool plausible_tls_header(const struct reader *r, bool check_length)
{
	uint8_t type, major, minor;
	uint16_t length;
	if (!rd_peek_u8(r, 0, &type) || type < TLS_CT_CHANGE_CIPHER_SPEC || type > TLS_CT_HEARTBEAT)
		return false;
	if (rd_peek_u8(r, 1, &major) && major != TLS_RECORD_MAJOR)
		return false;
	if (rd_peek_u8(r, 2, &minor) && minor > (TLS_VERSION_TLS13 & 0xff))
		return false;
	if (check_length && rd_peek_u16(r, 3, &length) && length > BOUND_RECORD_LENGTH)
		return false;
	return true;
}

/*
 * SSL 2.0 CLIENT-HELLO (RFC 6101 E.1; RFC 5246 E.2): a 2-byte header (high bit set, a
 * 15-bit length), msg_type CLIENT-HELLO, then a version of SSL 2.0 (0x0002) to TLS 1.3;
 * at least 9 bytes of body.
 */
static bool plausible_sslv2_hello(const struct reader *r)
{
	uint16_t head;
	uint8_t msg, major, minor;
	if (!rd_peek_u16(r, 0, &head) || !rd_peek_u8(r, 2, &msg) || !rd_peek_u8(r, 3, &major) ||
	    !rd_peek_u8(r, 4, &minor))
		return false;
	if (((head >> 8) & TLS_SSL2_NO_PADDING) == 0 || msg != TLS_SSL2_MT_CLIENT_HELLO)
		return false;
	size_t rec_len = head & TLS_SSL2_LENGTH_MASK_2;
	return rec_len >= 9 && (major == 0 || major == TLS_RECORD_MAJOR) && minor <= (TLS_VERSION_TLS13 & 0xff);
}

static bool looks_like_record(const struct reader *r)
{
	return plausible_tls_header(r, false) || plausible_sslv2_hello(r);
}

/* A handshake record whose first message is a ClientHello, or an SSL 2.0 CLIENT-HELLO. */
static bool looks_like_client_hello(const struct reader *r)
{
	uint8_t type, msg_type;
	if (plausible_sslv2_hello(r))
		return true;
	return rd_peek_u8(r, 0, &type) && type == TLS_CT_HANDSHAKE && plausible_tls_header(r, true) &&
	       rd_peek_u8(r, TLS_RECORD_HEADER_LEN, &msg_type) && msg_type == TLS_HS_CLIENT_HELLO;
}

bool tls_looks_like_record(const uint8_t *data, size_t len)
{
	struct reader r;
	rd_init(&r, data, len, 0);
	return looks_like_record(&r);
}

bool tls_looks_like_client_hello(const uint8_t *data, size_t len)
{
	struct reader r;
	rd_init(&r, data, len, 0);
	return looks_like_client_hello(&r);
}

/* Stream offset of byte pos of the data being parsed (hs, or the record body alone). */
static uint64_t stream_offset(const struct tls_dir *d, size_t pos)
{
	unsigned i = d->n_map;
	while (i > 1 && d->map_pos[i - 1] > pos)
		i--;
	if (i == 0)
		return pos;
	return d->map_off[i - 1] + (pos - d->map_pos[i - 1]);
}

static void set_stage(struct facts *f, enum stage s)
{
	if (f->stage < s)
		f->stage = (uint8_t)s;
}

static void note_malformed(struct facts *f, struct tls_dir *d, enum side from, const char *why, uint64_t offset)
{
	if (!f->malformed[from]) {
		f->malformed[from] = true;
		snprintf(f->malformed_why[from], sizeof f->malformed_why[from], "%s", why);
		f->malformed_offset[from] = (uint32_t)(offset > UINT32_MAX ? UINT32_MAX : offset);
	}
	d->dead = true;
}

/* A handshake message that its own records contradict is malformed, but only that
 * message is lost: the record layer still frames what follows, and the ChangeCipherSpec,
 * Finished, alerts and data after it show how the handshake really ended. The side goes
 * on being read (unlike note_malformed); the first malformation is the one kept. */
static void note_resync(struct facts *f, enum side from, const char *why, uint64_t offset)
{
	if (!f->malformed[from]) {
		f->malformed[from] = true;
		snprintf(f->malformed_why[from], sizeof f->malformed_why[from], "%.*s", (int)sizeof f->malformed_why[from] - 1, why);
		f->malformed_offset[from] = (uint32_t)(offset > UINT32_MAX ? UINT32_MAX : offset);
	}
	f->hs_resynced[from] = true;
}

/* The RFC's name of a handshake message for evidence ("Certificate"), else its number. */
static const char *message_name(uint8_t type, char *buf, size_t len)
{
	const char *title = tls_handshake_title(type);
	if (title != NULL)
		return title;
	snprintf(buf, len, "handshake message %u", (unsigned)type);
	return buf;
}

/*
 * Does the incomplete handshake message at r's next byte contradict its own length,
 * judged on the bytes that are there? Only the Certificate is judged: it is the message
 * real handshakes spread over records, and its inner lengths say where it ends.
 * RFC 5246 7.4.2: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>; RFC 8446 4.4.2
 * (tls13): certificate_request_context<0..2^8-1>, then certificate_list of
 * CertificateEntry { cert_data<1..2^24-1>; extensions<0..2^16-1> }. The list must fill
 * the message exactly, and each entry must fit in what is left of the list. A length
 * whose bytes have not come yet decides nothing. true: why says what does not fit.
 */
static bool pending_contradicts(const struct reader *r, bool tls13, char *why, size_t why_len)
{
	uint8_t type;
	uint32_t mlen;
	if (!rd_peek_u8(r, 0, &type) || !rd_peek_u24(r, 1, &mlen) || type != TLS_HS_CERTIFICATE)
		return false;
	struct reader msg = *r; /* a copy: r itself is not consumed */
	struct reader body;
	size_t have = rd_left(&msg) - TLS_HANDSHAKE_HEADER_LEN;
	if (!rd_skip(&msg, TLS_HANDSHAKE_HEADER_LEN) || !rd_sub(&msg, have < mlen ? have : mlen, &body))
		return false;
	size_t head = 3; /* the list's length */
	if (tls13) {
		uint8_t context_len;
		if (!rd_u8(&body, &context_len) || !rd_skip(&body, context_len))
			return false;
		head += 1 + (size_t)context_len;
	}
	uint32_t list_len;
	if (!rd_u24(&body, &list_len))
		return false;
	if (head + list_len != mlen) {
		snprintf(why, why_len, "Certificate claims %u bytes; its certificate list claims %u", mlen, list_len);
		return true;
	}
	size_t list_left = list_len;
	while (rd_left(&body) > 0) {
		uint32_t cert_len;
		uint16_t ext_len;
		if (!rd_u24(&body, &cert_len))
			return false;
		if (cert_len == 0 || (size_t)cert_len + 3 > list_left) {
			snprintf(why, why_len, "Certificate claims %u bytes; an entry in it claims %u of %u left", mlen,
				 cert_len, (unsigned)(list_left >= 3 ? list_left - 3 : 0));
			return true;
		}
		list_left -= (size_t)cert_len + 3;
		if (!rd_skip(&body, cert_len))
			return false;
		if (!tls13)
			continue;
		if (!rd_u16(&body, &ext_len))
			return false;
		if ((size_t)ext_len + 2 > list_left) {
			snprintf(why, why_len, "Certificate claims %u bytes; an entry's extensions claim %u of %u left",
				 mlen, (unsigned)ext_len, (unsigned)(list_left >= 2 ? list_left - 2 : 0));
			return true;
		}
		list_left -= (size_t)ext_len + 2;
		if (!rd_skip(&body, ext_len))
			return false;
	}
	return false;
}

/*
 * A record of another content type arrived while a handshake message was incomplete:
 * RFC 8446 5.1 forbids any record between the pieces of a handshake message. RFC 5246
 * 6.2.1 lets TLS <= 1.2 interleave content types, but a ChangeCipherSpec cannot fall
 * inside a message (it would change the keys halfway through it), application data
 * cannot come before the handshake ends, and after a fatal alert the rest never comes.
 * The message is dropped and noted; the record is then read as usual. A warning alert
 * in TLS <= 1.2 leaves the message waiting (warning_only).
 */
static void interleaved_record(const struct tls_conn *c, struct facts *f, struct tls_dir *d, enum side from,
			       uint8_t rec_type, bool warning_only)
{
	if (d->hs_len == 0 && d->hs_skip == 0)
		return;
	if (rec_type == TLS_CT_ALERT && warning_only && !c->tls13)
		return;
	const char *arrived_before = rec_type == TLS_CT_CHANGE_CIPHER_SPEC ? "a ChangeCipherSpec record"
				   : rec_type == TLS_CT_ALERT ? "an alert record"
				   : "an application data record";
	char why[128], nb[32];
	uint64_t at;
	if (d->hs_skip > 0) {
		at = d->skip_off;
		snprintf(why, sizeof why, "%s claims %u bytes; %zu arrived before %s",
			 message_name(d->skip_type, nb, sizeof nb), d->skip_claimed,
			 d->hs_skip <= d->skip_claimed ? (size_t)d->skip_claimed - d->hs_skip : 0, arrived_before);
	} else {
		struct reader r;
		uint8_t type;
		uint32_t mlen;
		rd_init(&r, d->hs, d->hs_len, 0);
		at = d->n_map > 0 ? d->map_off[0] : d->offset;
		if (rd_peek_u8(&r, 0, &type) && rd_peek_u24(&r, 1, &mlen))
			snprintf(why, sizeof why, "%s claims %u bytes; %zu arrived before %s", message_name(type, nb, sizeof nb),
				 mlen, d->hs_len - TLS_HANDSHAKE_HEADER_LEN, arrived_before);
		else
			snprintf(why, sizeof why, "a handshake message header cut after %zu bytes by %s", d->hs_len, arrived_before);
	}
	note_resync(f, from, why, at);
	d->hs_len = 0;
	d->hs_skip = 0;
}

/* Records of no handshake content type (RFC 6520 heartbeats, RFC 9146 tls12_cid, values
 * nobody assigned) are counted for the evidence and otherwise left alone: they neither
 * advance nor end the handshake. */
static void count_other_record(struct facts *f, enum side from, uint8_t type)
{
	if (type == TLS_CT_HEARTBEAT) {
		if (f->heartbeat_records[from] < UINT32_MAX)
			f->heartbeat_records[from]++;
		return;
	}
	if (f->other_records[from] == 0)
		f->other_record_type[from] = type;
	if (f->other_records[from] < UINT32_MAX)
		f->other_records[from]++;
}

static void add_trace(struct facts *f, enum side from, uint8_t type, size_t len, double t)
{
	if (f->n_trace < BOUND_RECORD_TRACE) {
		struct record_note *n = &f->trace[f->n_trace++];
		n->from = (uint8_t)from;
		n->content_type = type;
		n->length = (uint16_t)(len > UINT16_MAX ? UINT16_MAX : len);
		n->t = t;
	}
}

/* step_flags: STEP_DECRYPTED when the record was read with the key log. */
static void add_alert(struct facts *f, enum side from, uint8_t level, uint8_t code, bool encrypted, double t,
		      uint8_t step_flags)
{
	uint8_t flags = encrypted ? STEP_ENCRYPTED
		      : level == TLS_ALERT_LEVEL_WARNING ? STEP_WARNING
		      : level == TLS_ALERT_LEVEL_FATAL ? STEP_FATAL : 0;
	facts_add_step(f, from, STEP_ALERT, code, flags | step_flags, encrypted ? 0 : TLS_ALERT_LEN, t);
	if (f->n_alerts >= BOUND_ALERTS)
		return;
	struct alert_fact *a = &f->alerts[f->n_alerts++];
	a->from = (uint8_t)from;
	a->level = level;
	a->code = code;
	a->encrypted = encrypted;
	a->stage = f->stage;
	a->before_peer_finished = from == SIDE_CLIENT && f->finished_seen[SIDE_CLIENT] && !f->client_saw_server_finished &&
				  !tls_version_is_13(f->version);
	a->t = t;
}

/* The alerts of a clear-text (or decrypted) alert record: level(1) description(1) each
 * (RFC 8446 6); a last odd byte is not an alert. */
static void add_alerts(struct facts *f, enum side from, const uint8_t *body, size_t len, double t,
		       uint8_t step_flags)
{
	struct reader r;
	uint8_t level, code;
	rd_init(&r, body, len, 0);
	while (rd_left(&r) >= TLS_ALERT_LEN && rd_u8(&r, &level) && rd_u8(&r, &code))
		add_alert(f, from, level, code, false, t, step_flags);
}

/* Every alert of the record is a warning (level 1): the connection goes on after it. */
static bool alerts_warning_only(const uint8_t *body, size_t len)
{
	struct reader r;
	uint8_t level, code;
	rd_init(&r, body, len, 0);
	if (rd_left(&r) < TLS_ALERT_LEN)
		return false;
	while (rd_left(&r) >= TLS_ALERT_LEN && rd_u8(&r, &level) && rd_u8(&r, &code))
		if (level != TLS_ALERT_LEVEL_WARNING)
			return false;
	return true;
}

/* Reading stops once the outcome is known (facts_outcome_known): what follows is the
 * connection's data. The facts alone decide it, not the connection's parsing state. */
static void check_done(struct tls_conn *c, struct facts *f)
{
	(void)c;
	if (facts_outcome_known(f))
		f->handshake_done = true;
}

static void handle_message(struct tls_conn *c, struct facts *f, struct tls_dir *d, enum side from, uint8_t type,
			   struct reader *body, double t, uint64_t offset)
{
	bool ok = true;
	facts_add_step(f, from, STEP_MESSAGE, type, c->reading_decrypted ? STEP_DECRYPTED : 0, rd_left(body), t);
	if (from == SIDE_CLIENT && !f->client_first_handshake_seen) {
		f->client_first_handshake_seen = true;
		f->client_first_handshake_type = type;
	}
	switch (type) {
	case TLS_HS_CLIENT_HELLO:
		if (from != SIDE_CLIENT)
			break;
		if (!f->client_hello_seen) {
			f->ch.record_version = d->rec_version;
			ok = tls_parse_client_hello(body, &f->ch);
			f->client_hello_seen = ok;
			f->t_client_hello = t;
			f->client_hello_segments = (uint16_t)(d->feeds > UINT16_MAX ? UINT16_MAX : d->feeds);
			set_stage(f, STAGE_CLIENT_HELLO);
		} else {
			f->second_client_hello = true;
		}
		break;
	case TLS_HS_SERVER_HELLO: {
		if (from != SIDE_SERVER)
			break;
		struct tls_server_hello sh;
		bool hrr = false;
		ok = tls_parse_server_hello(body, &sh, &hrr);
		if (!ok)
			break;
		if (hrr) {
			f->hrr_seen = true;
			/* The step drawn for it is the request it is. */
			if (f->n_steps > 0 && f->steps[f->n_steps - 1].kind == STEP_MESSAGE &&
			    f->steps[f->n_steps - 1].detail == TLS_HS_SERVER_HELLO)
				f->steps[f->n_steps - 1].detail = TLS_HS_HELLO_RETRY_REQUEST;
			c->tls13 = true; /* HelloRetryRequest exists only in TLS 1.3 */
			if (!f->server_hello_seen)
				f->sh = sh;
			break;
		}
		f->sh = sh;
		f->server_hello_seen = true;
		f->t_server_hello = t;
		f->version = sh.selected_version;
		set_stage(f, STAGE_SERVER_HELLO);
		if (tls_version_is_13(sh.selected_version)) {
			c->tls13 = true;
			d->encrypted = true; /* everything after the ServerHello record is protected */
		}
		/* Over QUIC the packets are protected, not records (quic.c decrypts them). */
		if (c->dec == NULL && !c->no_records)
			c->dec = decrypt_start(f, c->tls13, c->keys);
		break;
	}
	case TLS_HS_HELLO_RETRY_REQUEST: {
		/* TLS 1.3 drafts before 24: the server asks for another ClientHello. */
		if (from != SIDE_SERVER)
			break;
		struct tls_server_hello hrr;
		bool parsed;
		ok = tls_parse_draft_hello_retry_request(body, &hrr, &parsed);
		if (!ok)
			break;
		f->hrr_seen = true;
		c->tls13 = true;
		if (parsed && !f->server_hello_seen)
			f->sh = hrr;
		break;
	}
	case TLS_HS_CERTIFICATE:
		if (from == SIDE_SERVER)
			f->server_cert_msg_len = (uint32_t)rd_left(body);
		ok = tls_parse_certificate(body, f, from, c->tls13);
		set_stage(f, from == SIDE_SERVER ? STAGE_SERVER_CERT : STAGE_CLIENT_CERT);
		break;
	case TLS_HS_SERVER_KEY_EXCHANGE:
		f->server_kex_seen = true;
		if (from == SIDE_SERVER)
			tls_note_server_key_exchange(body, f);
		break;
	case TLS_HS_CERTIFICATE_REQUEST:
		if (from == SIDE_SERVER)
			ok = c->tls13 ? tls13_parse_certificate_request(body, f) : tls_parse_certificate_request(body, f);
		break;
	case TLS_HS_SERVER_HELLO_DONE:
		f->server_hello_done_seen = true;
		set_stage(f, STAGE_SERVER_DONE);
		break;
	case TLS_HS_CERTIFICATE_VERIFY:
		if (from == SIDE_CLIENT)
			f->client_cert_verify_seen = true;
		else
			tls_note_certificate_verify(body, f);
		break;
	case TLS_HS_CLIENT_KEY_EXCHANGE:
		f->client_kex_seen = true;
		set_stage(f, STAGE_CLIENT_KEX);
		break;
	case TLS_HS_NEW_SESSION_TICKET:
		f->new_session_ticket_seen = true;
		break;
	case TLS_HS_FINISHED:
		/* Only ever seen decrypted (in clear it would be a broken stack's). */
		f->finished_seen[from] = true;
		f->finished_decrypted[from] = true;
		if (from == SIDE_CLIENT)
			set_stage(f, STAGE_CLIENT_CCS);
		if (c->dec != NULL)
			decrypt_finished(c->dec, from);
		break;
	default:
		break;
	}
	if (!ok) {
		char why[96], nb[32];
		const char *what = message_name(type, nb, sizeof nb);
		/* body's offsets are positions in the parsed buffer; the message starts at offset. */
		size_t at = body->why_off >= offset ? body->why_off - (size_t)offset : 0;
		snprintf(why, sizeof why, "%s malformed at byte %zu: %s", what, at, body->why ? body->why : "invalid");
		note_malformed(f, d, from, why, stream_offset(d, body->why_off));
	}
}

/*
 * Handshake (RFC 8446 4): msg_type(1) length(3), then the body. Parses every whole
 * message from r's next byte on; stops at a partial one, which waits for the next record
 * (NEED_MORE). false: nothing more is to be done with these bytes (the side is dead, or
 * the rest of a message too large to keep is being stepped over).
 */
static bool parse_messages(struct tls_conn *c, struct facts *f, struct tls_dir *d, enum side from, struct reader *r,
			   double t)
{
	while (rd_left(r) >= TLS_HANDSHAKE_HEADER_LEN && !d->dead) {
		uint8_t type;
		uint32_t mlen;
		if (!rd_peek_u8(r, 0, &type) || !rd_peek_u24(r, 1, &mlen))
			break;
		if (mlen > BOUND_HANDSHAKE_MESSAGE && (type == TLS_HS_CLIENT_HELLO || type == TLS_HS_SERVER_HELLO)) {
			/* A hello is a few hundred bytes, at most tens of KB with post-quantum shares:
			 * one claiming more is not a hello. */
			char why[96];
			snprintf(why, sizeof why, "%s claims %u bytes", type == TLS_HS_CLIENT_HELLO ? "ClientHello" : "ServerHello",
				 mlen);
			note_malformed(f, d, from, why, stream_offset(d, rd_offset(r)));
			return false;
		}
		if (mlen > BOUND_HANDSHAKE_MESSAGE) {
			/* Larger than we keep (a 300 KB certificate list is legal): note the message,
			 * step over its body, and go on with the next one. */
			char lie[96];
			if (pending_contradicts(r, c->tls13, lie, sizeof lie))
				break; /* not a large message: a lying one (the caller drops it) */
			f->buffer_capped[from] = true;
			facts_add_step(f, from, STEP_MESSAGE, type, c->reading_decrypted ? STEP_DECRYPTED : 0, mlen, t);
			if (type == TLS_HS_CERTIFICATE) {
				if (from == SIDE_SERVER) {
					f->server_cert_seen = true;
					f->server_cert_msg_len = mlen;
				}
				else
					f->client_cert_seen = true;
				set_stage(f, from == SIDE_SERVER ? STAGE_SERVER_CERT : STAGE_CLIENT_CERT);
			}
			size_t have = rd_left(r);
			if (have >= TLS_HANDSHAKE_HEADER_LEN + (size_t)mlen) {
				if (!rd_skip(r, TLS_HANDSHAKE_HEADER_LEN + (size_t)mlen))
					break;
				continue;
			}
			d->hs_skip = TLS_HANDSHAKE_HEADER_LEN + (size_t)mlen - have;
			d->skip_type = type;
			d->skip_claimed = mlen;
			d->skip_off = stream_offset(d, rd_offset(r));
			d->hs_len = 0;
			return false;
		}
		if (rd_left(r) < TLS_HANDSHAKE_HEADER_LEN + (size_t)mlen)
			break; /* NEED_MORE: the rest comes in later records */
		struct reader msg;
		uint64_t msg_offset = rd_offset(r);
		if (!rd_skip(r, TLS_HANDSHAKE_HEADER_LEN) || !rd_sub(r, mlen, &msg))
			break;
		handle_message(c, f, d, from, type, &msg, t, msg_offset);
	}
	return true;
}

/* Appends a clear-text handshake record body and parses every whole message in it. */
static void handle_handshake_bytes(struct tls_conn *c, struct facts *f, struct tls_dir *d, enum side from,
				   const uint8_t *p, size_t len, double t, uint64_t offset)
{
	if (d->hs_skip > 0) {
		size_t n = d->hs_skip < len ? d->hs_skip : len;
		d->hs_skip -= n;
		p += n;
		len -= n;
		offset += n;
		if (len == 0)
			return;
	}
	const uint8_t *data = p;
	size_t data_len = len;
	if (d->hs_len == 0) {
		d->n_map = 1;
		d->map_pos[0] = 0;
		d->map_off[0] = offset;
	} else {
		if (d->n_map < HS_MAP) {
			d->map_pos[d->n_map] = d->hs_len;
			d->map_off[d->n_map] = offset;
			d->n_map++;
		}
		if (d->hs_len + len > BOUND_HANDSHAKE_MESSAGE + BOUND_RECORD_LENGTH + 4) {
			f->buffer_capped[from] = true;
			note_malformed(f, d, from, "handshake message exceeds the size bound", offset);
			return;
		}
		if (d->hs_len + len > d->hs_cap) {
			/* Doubling: a message sent in many small records costs linear time. */
			size_t cap = d->hs_cap * 2;
			if (cap < d->hs_len + len)
				cap = d->hs_len + len;
			if (cap > BOUND_HANDSHAKE_MESSAGE + BOUND_RECORD_LENGTH + 4)
				cap = BOUND_HANDSHAKE_MESSAGE + BOUND_RECORD_LENGTH + 4;
			uint8_t *grown = realloc(d->hs, cap);
			if (grown == NULL) {
				f->buffer_capped[from] = true;
				d->dead = true;
				return;
			}
			d->hs = grown;
			d->hs_cap = cap;
		}
		struct reader in;
		rd_init(&in, p, len, 0);
		if (!rd_copy(&in, d->hs + d->hs_len, len))
			return; /* cannot happen: in holds len bytes */
		d->hs_len += len;
		data = d->hs;
		data_len = d->hs_len;
	}
	struct reader r;
	rd_init(&r, data, data_len, 0);
	if (!parse_messages(c, f, d, from, &r, t))
		return;
	/* A partial message whose bytes so far contradict its length is dropped, and
	 * parsing starts again at the next record boundary after its start: the lie would
	 * otherwise swallow the messages of the records that follow. */
	char why[96];
	while (rd_left(&r) > 0 && !d->dead && pending_contradicts(&r, c->tls13, why, sizeof why)) {
		size_t start = rd_offset(&r);
		note_resync(f, from, why, stream_offset(d, start));
		/* map_pos ascends; no boundary after the start when the message began in this
		 * record: then the next record starts afresh. */
		unsigned i = 0;
		while (i < d->n_map && d->map_pos[i] <= start)
			i++;
		if (i == d->n_map || d->map_pos[i] >= data_len) {
			d->hs_len = 0;
			return;
		}
		rd_init(&r, data + d->map_pos[i], data_len - d->map_pos[i], d->map_pos[i]);
		if (!parse_messages(c, f, d, from, &r, t))
			return;
	}
	size_t rest = rd_left(&r);
	if (rest == 0 || d->dead) {
		d->hs_len = 0;
		return;
	}
	/* Keep the unfinished message for the next record; its map starts where it starts. */
	size_t keep_from = rd_offset(&r);
	unsigned first = 0;
	while (first + 1 < d->n_map && d->map_pos[first + 1] <= keep_from)
		first++;
	uint64_t keep_off = stream_offset(d, keep_from);
	unsigned n = 0;
	d->map_pos[n] = 0;
	d->map_off[n++] = keep_off;
	for (unsigned i = first + 1; i < d->n_map; i++, n++) {
		d->map_pos[n] = d->map_pos[i] - keep_from;
		d->map_off[n] = d->map_off[i];
	}
	d->n_map = n;
	bool kept;
	if (data == d->hs) {
		kept = rd_copy(&r, d->hs, rest); /* the tail of d->hs to its front */
	} else {
		if (rest > d->hs_cap) {
			uint8_t *grown = realloc(d->hs, rest < 4096 ? 4096 : rest);
			if (grown == NULL) {
				d->dead = true;
				return;
			}
			d->hs = grown;
			d->hs_cap = rest < 4096 ? 4096 : rest;
		}
		kept = rd_copy(&r, d->hs, rest);
	}
	d->hs_len = kept ? rest : 0;
}

/* SSL 2.0 records (RFC 6101 appendix E; the SSL 2.0 draft): only the hellos and ERROR are read. */
static void handle_sslv2_record(struct tls_conn *c, struct facts *f, struct tls_dir *d, enum side from,
				const uint8_t *body, size_t len, size_t rec_len, double t, uint64_t offset)
{
	(void)c;
	if (d->encrypted) {
		facts_add_step(f, from, STEP_RECORD, 0, 0, rec_len, t);
		f->enc_records[from]++;
		add_trace(f, from, 0, rec_len, t);
		return;
	}
	if (len < 1)
		return;
	struct reader r;
	uint8_t msg, error;
	rd_init(&r, body, len, offset);
	if (!rd_peek_u8(&r, 0, &msg))
		return;
	/* Drawn as the TLS messages of the same role. */
	uint8_t as_tls = msg == TLS_SSL2_MT_CLIENT_HELLO ? TLS_HS_CLIENT_HELLO
		       : msg == TLS_SSL2_MT_SERVER_HELLO ? TLS_HS_SERVER_HELLO
		       : msg == TLS_SSL2_MT_CLIENT_MASTER_KEY ? TLS_HS_CLIENT_KEY_EXCHANGE : 0;
	if (as_tls != 0)
		facts_add_step(f, from, STEP_MESSAGE, as_tls, 0, len, t);
	if (from == SIDE_CLIENT && msg == TLS_SSL2_MT_CLIENT_HELLO && !f->client_hello_seen) {
		if (tls_parse_sslv2_client_hello(&r, &f->ch)) {
			f->client_hello_seen = true;
			f->t_client_hello = t;
			f->client_hello_segments = (uint16_t)d->feeds;
			set_stage(f, STAGE_CLIENT_HELLO);
		} else {
			char why[96];
			snprintf(why, sizeof why, "SSL 2.0 CLIENT-HELLO malformed at byte %zu: %s", r.why_off - offset,
				 r.why ? r.why : "invalid");
			note_malformed(f, d, from, why, r.why_off);
		}
	} else if (from == SIDE_SERVER && msg == TLS_SSL2_MT_SERVER_HELLO) {
		/* SERVER-HELLO: the server speaks SSL 2.0; what follows from it is encrypted. */
		f->server_hello_seen = true;
		f->t_server_hello = t;
		f->sslv2_handshake = true;
		f->version = TLS_VERSION_SSL2;
		f->sh.sslv2 = true;
		f->sh.selected_version = TLS_VERSION_SSL2;
		set_stage(f, STAGE_SERVER_HELLO);
		d->encrypted = true;
		if (c->dir[SIDE_CLIENT] != NULL)
			c->dir[SIDE_CLIENT]->sslv2 = true;
	} else if (from == SIDE_CLIENT && msg == TLS_SSL2_MT_CLIENT_MASTER_KEY) {
		d->encrypted = true; /* CLIENT-MASTER-KEY: the client encrypts from here on */
		f->client_kex_seen = true;
		set_stage(f, STAGE_CLIENT_KEX);
	} else if (msg == TLS_SSL2_MT_ERROR && rd_peek_u8(&r, 2, &error)) {
		/* ERROR: msg_type(1) error_code(2), every code below 0x100, read from its low byte;
		 * told as the TLS alert of the same meaning. */
		uint8_t code = error == TLS_SSL2_ERROR_NO_CIPHER ? TLS_ALERT_HANDSHAKE_FAILURE
			     : error == TLS_SSL2_ERROR_NO_CERTIFICATE ? TLS_ALERT_NO_CERTIFICATE
			     : error == TLS_SSL2_ERROR_BAD_CERTIFICATE ? TLS_ALERT_BAD_CERTIFICATE
			     : TLS_ALERT_UNSUPPORTED_CERTIFICATE;
		add_alert(f, from, TLS_ALERT_LEVEL_FATAL, code, false, t, 0);
	}
}

/* A record protected by the keys of the handshake: TLS 1.3 after the ServerHello (outer
 * type application_data; clear-text alerts sent before the keys are 2 bytes of type
 * alert), TLS <= 1.2 after the side's ChangeCipherSpec. */
static bool is_protected(const struct tls_conn *c, const struct facts *f, const struct tls_dir *d)
{
	if (c->tls13)
		return f->server_hello_seen && d->rec_type == TLS_CT_APPLICATION_DATA;
	return d->encrypted && d->rec_type != TLS_CT_CHANGE_CIPHER_SPEC;
}

/* A protected record decrypted with the key log is read as clear text: handshake
 * messages through the same parsers, alerts with their codes, application data counted.
 * false: not decrypted (no keys for this side, or it failed): counted as encrypted. */
static bool handle_decrypted(struct tls_conn *c, struct facts *f, struct tls_dir *d, enum side from, double t,
			     uint64_t offset, const uint8_t *body)
{
	const uint8_t *plain;
	size_t plain_len;
	uint8_t type;
	if (decrypt_record(c->dec, f, from, d->hdr, body, d->rec_len, &plain, &plain_len, &type) != DECRYPT_OK)
		return false;
	switch (type) {
	case TLS_CT_HANDSHAKE:
		c->reading_decrypted = true;
		handle_handshake_bytes(c, f, d, from, plain, plain_len, t, offset);
		c->reading_decrypted = false;
		break;
	case TLS_CT_ALERT:
		interleaved_record(c, f, d, from, type, alerts_warning_only(plain, plain_len));
		add_alerts(f, from, plain, plain_len, t, STEP_DECRYPTED);
		break;
	case TLS_CT_APPLICATION_DATA:
		interleaved_record(c, f, d, from, type, false);
		facts_add_step(f, from, STEP_APPDATA, TLS_CT_APPLICATION_DATA, STEP_DECRYPTED, plain_len, t);
		f->appdata_records[from]++;
		if (f->appdata_records[from] == 1)
			f->t_first_appdata[from] = t;
		set_stage(f, STAGE_APPDATA);
		break;
	default:
		facts_add_step(f, from, STEP_RECORD, type, STEP_DECRYPTED, plain_len, t);
		count_other_record(f, from, type);
		break;
	}
	return true;
}

/* body: the record's bytes when it is kept (d->keep), where they are: in place in the
 * segment, or gathered in d->body. */
static void handle_record(struct tls_conn *c, struct facts *f, struct tls_dir *d, enum side from, double t,
			  uint64_t offset, const uint8_t *body)
{
	size_t len = d->rec_len;
	if (d->v2_record) {
		handle_sslv2_record(c, f, d, from, body, d->keep ? len : 0, len, t, offset);
		check_done(c, f);
		return;
	}
	f->tls_seen[from] = true;
	if (d->rec_type < TLS_CT_CHANGE_CIPHER_SPEC || d->rec_type > TLS_CT_APPLICATION_DATA) {
		/* Neither traced nor decrypted: heartbeats sent at will must not pass for the
		 * handshake's records in the shapes read from the trace. */
		facts_add_step(f, from, STEP_RECORD, d->rec_type, 0, len, t);
		count_other_record(f, from, d->rec_type);
		check_done(c, f);
		return;
	}
	/* 0-RTT early data (RFC 8446 2.3): client records before any ServerHello are neither
	 * its Finished flight nor application data after a handshake. */
	if (from == SIDE_CLIENT && !f->server_hello_seen && !f->server_bytes_missed && !f->tls_seen[SIDE_SERVER] &&
	    d->rec_type == TLS_CT_APPLICATION_DATA) {
		facts_add_step(f, from, STEP_RECORD, d->rec_type, STEP_EARLY, len, t);
		f->early_data_records++;
		return;
	}
	if (f->server_hello_seen)
		add_trace(f, from, d->rec_type, len, t);
	if (c->dec != NULL && body != NULL && is_protected(c, f, d)) {
		if (handle_decrypted(c, f, d, from, t, offset, body)) {
			check_done(c, f);
			return;
		}
		/* Keys for part of the connection only (a key log without the traffic secrets):
		 * what this record says stays unknown, and the rules must not read it as
		 * nothing. */
		f->undecrypted_records[from]++;
	}
	switch (d->rec_type) {
	case TLS_CT_CHANGE_CIPHER_SPEC:
		interleaved_record(c, f, d, from, d->rec_type, false);
		facts_add_step(f, from, STEP_CCS, 0, 0, len, t);
		if (!f->ccs_seen[from]) {
			f->ccs_seen[from] = true;
			f->t_ccs[from] = t;
		}
		/* TLS 1.3 middlebox compatibility (RFC 8446 D.4): a CCS that protects nothing, sent
		 * by a client before any ServerHello or by either side once 1.3 is chosen. */
		if (!c->tls13 && !(from == SIDE_CLIENT && !f->server_hello_seen)) {
			d->encrypted = true;
			set_stage(f, from == SIDE_CLIENT ? STAGE_CLIENT_CCS : STAGE_SERVER_CCS);
			if (c->dec != NULL)
				decrypt_change_cipher_spec(c->dec, from);
		}
		break;
	case TLS_CT_ALERT:
		if (d->encrypted && !(c->tls13 && len == TLS_ALERT_LEN)) {
			add_alert(f, from, 0, 0, true, t, 0);
			f->enc_records[from]++;
			break;
		}
		if (len == 0 || len % TLS_ALERT_LEN != 0) {
			note_malformed(f, d, from, "alert record with a length that is not a multiple of 2", offset);
			break;
		}
		assert(body != NULL); /* a clear-text alert is kept (start_tls_body) */
		interleaved_record(c, f, d, from, d->rec_type, alerts_warning_only(body, len));
		add_alerts(f, from, body, len, t, 0);
		break;
	case TLS_CT_HANDSHAKE:
		if (d->encrypted) {
			facts_add_step(f, from, STEP_RECORD, d->rec_type, 0, len, t);
			f->enc_records[from]++;
			if (!c->tls13 && f->ccs_seen[from])
				f->finished_seen[from] = true;
			break;
		}
		assert(body != NULL); /* a clear-text handshake record is kept (start_tls_body) */
		handle_handshake_bytes(c, f, d, from, body, len, t, offset);
		break;
	case TLS_CT_APPLICATION_DATA:
		/* Unless it is a protected record that failed to decrypt: then a message
		 * decrypted in part may be what waits, and nobody broke the rules. */
		if (c->dec == NULL || !is_protected(c, f, d))
			interleaved_record(c, f, d, from, d->rec_type, false);
		if (c->tls13 || (!f->server_hello_seen && !f->ccs_seen[from])) {
			/* TLS 1.3: handshake, alerts and data all look like this after the ServerHello;
			 * one of an alert's size is a step of its own, never folded into a flight —
			 * except the server's first, its EncryptedExtensions (as small, in OpenSSL's
			 * record of its own). */
			bool alert_sized = c->tls13 && facts_alert_sized((uint32_t)len) &&
					   (from == SIDE_CLIENT || f->enc_records[from] > 0);
			facts_add_step(f, from, STEP_RECORD, d->rec_type, alert_sized ? STEP_ALERT_SIZED : 0, len, t);
			f->enc_records[from]++;
			if (c->tls13 && from == SIDE_CLIENT)
				set_stage(f, STAGE_CLIENT_CCS);
		} else {
			facts_add_step(f, from, STEP_APPDATA, d->rec_type, 0, len, t);
			f->appdata_records[from]++;
			if (f->appdata_records[from] == 1)
				f->t_first_appdata[from] = t;
			set_stage(f, STAGE_APPDATA);
		}
		break;
	default:
		break; /* cannot happen: other content types are counted above */
	}
	check_done(c, f);
}

/* Validates a whole TLS record header in d->hdr (RFC 8446 5.1: type(1)
 * legacy_record_version(2) length(2)) and prepares for its body. */
static bool start_tls_body(struct tls_conn *c, struct facts *f, struct tls_dir *d, enum side from)
{
	struct reader hr;
	struct rd_tls_header h;
	rd_init(&hr, d->hdr, TLS_RECORD_HEADER_LEN, 0);
	if (!rd_tls_header(&hr, &h))
		return false; /* cannot happen: the framer gathered the whole header */
	d->rec_type = h.type;
	d->rec_version = h.version;
	d->rec_len = h.length;
	if (h.type < TLS_CT_CHANGE_CIPHER_SPEC || h.type > TLS_CT_LAST || h.version >> 8 != TLS_RECORD_MAJOR) {
		char why[96];
		snprintf(why, sizeof why, "not a TLS record header: %02x %02x %02x %02x %02x", (unsigned)h.type,
			 (unsigned)h.version >> 8, (unsigned)h.version & 0xff, (unsigned)h.length >> 8,
			 (unsigned)h.length & 0xff);
		note_malformed(f, d, from, why, d->offset);
		return false;
	}
	if (d->rec_len > BOUND_RECORD_LENGTH) {
		char why[96];
		snprintf(why, sizeof why, "record length %zu exceeds the largest TLS record (2^14 + 2048 bytes)", d->rec_len);
		note_malformed(f, d, from, why, d->offset);
		return false;
	}
	d->v2_record = false;
	d->keep = !d->encrypted && (d->rec_type == TLS_CT_HANDSHAKE || d->rec_type == TLS_CT_ALERT ||
				    d->rec_type == TLS_CT_CHANGE_CIPHER_SPEC);
	if (d->rec_type == TLS_CT_ALERT && d->rec_len == TLS_ALERT_LEN)
		d->keep = true; /* TLS 1.3 clear-text alerts before the keys */
	if (c->dec == NULL && is_protected(c, f, d) && decrypt_may_come_later(c->keys, f))
		c->dec = decrypt_start(f, c->tls13, c->keys);
	if (c->dec != NULL && is_protected(c, f, d))
		d->keep = true; /* decrypted with the key log */
	if (d->rec_type > TLS_CT_APPLICATION_DATA)
		d->keep = false; /* only counted (handle_record) */
	return true;
}

/* An SSL 2.0 record header in d->hdr (RFC 6101 E.1; the SSL 2.0 draft 1.2): 2 bytes
 * (high bit set) with a 15-bit length, or 3 with a 14-bit length and a padding count. */
static bool start_sslv2_body(struct facts *f, struct tls_dir *d, enum side from)
{
	struct reader hr;
	uint16_t head;
	rd_init(&hr, d->hdr, d->hdr_need, 0);
	if (!rd_u16(&hr, &head))
		return false; /* cannot happen: the framer gathered the whole header */
	d->rec_len = head & (d->hdr_need == 2 ? TLS_SSL2_LENGTH_MASK_2 : TLS_SSL2_LENGTH_MASK_3);
	if (d->rec_len == 0) {
		note_malformed(f, d, from, "empty SSL 2.0 record", d->offset);
		return false;
	}
	/* SSL 2.0 headers allow 32 KB; the body buffer holds one TLS record at most. */
	if (d->rec_len > BOUND_RECORD_LENGTH) {
		char why[96];
		snprintf(why, sizeof why, "SSL 2.0 record length %zu exceeds the bound of %u bytes", d->rec_len,
			 (unsigned)BOUND_RECORD_LENGTH);
		note_malformed(f, d, from, why, d->offset);
		return false;
	}
	d->v2_record = true;
	d->keep = !d->encrypted;
	return true;
}

/* Room for need bytes of the record body. Grown with what arrives, not with what the
 * header claims: a record header that promises 16 KB and never sends it costs little. */
static bool ensure_body(struct tls_dir *d, size_t need)
{
	if (need <= d->body_cap)
		return true;
	size_t cap = d->body_cap < 1024 ? 1024 : d->body_cap * 2;
	if (cap < need)
		cap = need;
	if (cap > BOUND_RECORD_LENGTH)
		cap = BOUND_RECORD_LENGTH;
	uint8_t *grown = realloc(d->body, cap);
	if (grown == NULL)
		return false;
	d->body = grown;
	d->body_cap = cap;
	return true;
}

/* A side's state, made on its first bytes; NULL when out of memory. */
static struct tls_dir *dir_of(struct tls_conn *c, enum side from)
{
	if (c->dir[from] == NULL)
		c->dir[from] = calloc(1, sizeof *c->dir[from]);
	return c->dir[from];
}

void tls_feed_handshake(struct tls_conn *c, struct facts *f, enum side from, const uint8_t *data, size_t len,
			double t)
{
	if (len == 0 || f->handshake_done)
		return;
	struct tls_dir *d = dir_of(c, from);
	if (d == NULL || d->dead)
		return;
	d->feeds++;
	if (!d->started) {
		d->started = true;
		f->tls_seen[from] = true;
		f->stage_when_first_byte[from] = f->stage;
	}
	uint64_t offset = d->offset;
	d->offset += len;
	handle_handshake_bytes(c, f, d, from, data, len, t, offset);
	check_done(c, f);
}

void tls_feed_alert(struct facts *f, enum side from, uint8_t level, uint8_t code, double t)
{
	add_alert(f, from, level, code, false, t, 0);
}

size_t tls_memory(const struct tls_conn *c)
{
	size_t n = 0;
	for (int i = 0; i < 2; i++)
		if (c->dir[i] != NULL)
			n += sizeof *c->dir[i] + c->dir[i]->body_cap + c->dir[i]->hs_cap;
	return n + decrypt_memory(c->dec) + upgrade_memory(c->upgrade);
}

void tls_feed(struct tls_conn *c, struct facts *f, enum side from, const uint8_t *data, size_t len, bool gap_before,
	      double t)
{
	if (len == 0 || f->handshake_done)
		return;
	struct tls_dir *d = c->dir[from];
	if (d == NULL) {
		d = c->dir[from] = calloc(1, sizeof *d);
		if (d == NULL)
			return;
		if (f->midstream)
			d->resync = true;
		/* A server answering an SSL 2.0-format hello may answer in SSL 2.0. */
		if (from == SIDE_SERVER && f->ch.sslv2_format)
			d->sslv2 = true;
	}
	if (d->dead)
		return;
	d->feeds++;
	if (gap_before) {
		/* Lost bytes: drop partial state and wait for a record to start a segment. */
		d->hdr_len = 0;
		d->in_body = false;
		d->hs_len = 0;
		d->hs_skip = 0; /* the bytes it would step over are not the message's any more */
		d->resync = true;
	}
	/* The segment, read from its first byte to its last through seg. */
	struct reader seg;
	uint8_t first;
	rd_init(&seg, data, len, 0);
	if (!rd_peek_u8(&seg, 0, &first))
		return; /* cannot happen: len > 0 */
	if (!d->started || d->resync) {
		bool tls = (d->resync ? plausible_tls_header(&seg, true) || plausible_sslv2_hello(&seg)
				      : looks_like_record(&seg)) ||
			   (d->sslv2 && (first & TLS_SSL2_NO_PADDING));
		if (!tls) {
			if (!d->started) {
				/* Not TLS (yet): the first bytes are kept as evidence. A client may speak a
				 * protocol first (STARTTLS); an answer to a hello in clear text is not TLS. */
				facts_add_step(f, from, STEP_CLEARTEXT, 0, 0, len, t);
				if (f->first_bytes_len[from] == 0) {
					size_t n = len < sizeof f->first_bytes[from] ? len : sizeof f->first_bytes[from];
					if (rd_copy(&seg, f->first_bytes[from], n))
						f->first_bytes_len[from] = (uint8_t)n;
					f->stage_when_first_byte[from] = f->stage;
				}
				if (from == SIDE_SERVER && f->client_hello_seen)
					f->not_tls[from] = true;
				if (from == SIDE_CLIENT && !f->client_hello_seen)
					f->not_tls[from] = true;
				/* A dialogue before TLS (STARTTLS, a proxy's CONNECT) is followed from its
				 * start only: a capture that begins inside one cannot say who asked what. */
				if (!d->resync)
					upgrade_feed(&c->upgrade, f, from, data, len, t);
			}
			d->offset += len;
			return;
		}
		if (from == SIDE_CLIENT && f->not_tls[from] && !f->client_hello_seen &&
		    looks_like_client_hello(&seg))
			f->not_tls[from] = false; /* the clear-text part was a STARTTLS-style preamble */
		if (!d->started && f->first_bytes_len[from] == 0)
			f->stage_when_first_byte[from] = f->stage;
		if (!d->started)
			d->feeds = 1; /* segments of a STARTTLS preamble are not the hello's */
		d->started = true;
		d->resync = false;
		if (plausible_sslv2_hello(&seg) || (first & TLS_SSL2_NO_PADDING))
			d->sslv2 = true;
	}
	while (rd_left(&seg) > 0 && !d->dead && !f->handshake_done) {
		if (!d->in_body) {
			if (d->hdr_len == 0) {
				/* A record starts here: TLS, or SSL 2.0 framing on a side that uses it. */
				uint8_t b0, b1;
				if (!rd_peek_u8(&seg, 0, &b0))
					break;
				bool v2 = d->sslv2 && !(b0 >= TLS_CT_CHANGE_CIPHER_SPEC && b0 <= TLS_CT_HEARTBEAT &&
							 (!rd_peek_u8(&seg, 1, &b1) || b1 == TLS_RECORD_MAJOR));
				d->hdr_need = v2 ? ((b0 & TLS_SSL2_NO_PADDING) ? 2 : 3) : TLS_RECORD_HEADER_LEN;
			}
			/* NEED_MORE until the whole header is here, gathered across segments. */
			size_t n = d->hdr_need - d->hdr_len;
			if (n > rd_left(&seg))
				n = rd_left(&seg);
			if (!rd_copy(&seg, d->hdr + d->hdr_len, n))
				break;
			d->hdr_len = (uint8_t)(d->hdr_len + n);
			if (d->hdr_len < d->hdr_need)
				break;
			bool ok = d->hdr_need == TLS_RECORD_HEADER_LEN ? start_tls_body(c, f, d, from)
								       : start_sslv2_body(f, d, from);
			if (!ok)
				break;
			d->offset += d->hdr_need;
			d->in_body = true;
			d->body_got = 0;
			if (d->keep && rd_left(&seg) >= d->rec_len) {
				/* The whole record is in this segment: parsed where it lies. */
				const uint8_t *in_place;
				uint64_t rec_offset = d->offset;
				if (!rd_view(&seg, d->rec_len, &in_place))
					break;
				d->offset += d->rec_len;
				d->in_body = false;
				d->hdr_len = 0;
				handle_record(c, f, d, from, t, rec_offset, in_place);
				continue;
			}
		}
		/* The body: copied when it is kept, else stepped over (NEED_MORE until it is whole). */
		size_t want = d->rec_len - d->body_got;
		size_t n = want < rd_left(&seg) ? want : rd_left(&seg);
		if (d->keep && n > 0) {
			if (!ensure_body(d, d->body_got + n)) {
				d->dead = true;
				break;
			}
			assert(d->body_got + n <= BOUND_RECORD_LENGTH);
			if (!rd_copy(&seg, d->body + d->body_got, n))
				break;
		} else if (!rd_skip(&seg, n)) {
			break;
		}
		d->body_got += n;
		if (d->body_got == d->rec_len) {
			uint64_t rec_offset = d->offset;
			d->offset += d->rec_len;
			d->in_body = false;
			d->hdr_len = 0;
			handle_record(c, f, d, from, t, rec_offset, d->keep ? d->body : NULL);
		}
	}
}
