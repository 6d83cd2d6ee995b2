/*
 * facts.c — derived facts: what follows from the observed facts of an attempt without
 * judging it ("the server's close came first", "the client's TLS 1.3 flight holds a
 * certificate", "the reset's TTL is not the server's").
 *
 * Pipeline position: facts → (facts_derive) → rules. The rules read facts and derived
 * facts only; every derived fact is computed here once per decision, so that two rules
 * never compute one in two ways. The report and the flow table use the small look-ups
 * (first close, outcome known).
 */
#include "facts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tls_names.h"
#include "tls_parse.h"
#include "tls_wire.h"


/* An encrypted TLS 1.3 alert: 2 bytes + inner content type + 16-byte AEAD tag (RFC 8446 5.2). */
#define TLS13_ENCRYPTED_ALERT_LEN 19
/* An empty client Certificate in TLS 1.3: 4-byte header + context + empty list = 8, + 17. */
#define TLS13_EMPTY_CERTIFICATE_LEN 25
/* A TLS 1.3 client's Finished alone is one encrypted record of 53 bytes (69 with a
 * SHA-384 suite). Three records (Certificate, CertificateVerify and Finished each in its
 * own) or more than 400 bytes (a certificate and its signature in fewer records) carry
 * a certificate. */
#define TLS13_CERT_FLIGHT_RECORDS 3
#define TLS13_CERT_FLIGHT_BYTES 400
/* RFC 8446 5.4 lets a sender pad every record; Java's JSSE adds 16 bytes to each (an
 * alert is 35 bytes, an empty Certificate 41: man/tls-stacks.md). A size "of an alert"
 * or "of an empty Certificate" allows for that much. */
#define TLS13_RECORD_PADDING_MAX 16
/* A client that writes its whole flight into one record (NSS coalesces handshake
 * messages) sends an empty Certificate and its Finished together: 8 + 4 + hash + 17
 * bytes, 61 with a SHA-256 suite, 77 with SHA-384 (man/tls-stacks.md#client_cert_missing). */
#define TLS13_EMPTY_CERT_FINISHED_LEN(hash_len) (8u + 4u + (hash_len) + 17u)
#define TLS13_SUITE_AES_256_GCM_SHA384 0x1302

/* The hash of a TLS 1.3 suite (RFC 8446 B.4): SHA-384 for TLS_AES_256_GCM_SHA384,
 * SHA-256 for the others. */
static unsigned tls13_suite_hash_len(uint16_t suite)
{
	return suite == TLS13_SUITE_AES_256_GCM_SHA384 ? 48u : 32u;
}

uint16_t facts_server_group(const struct facts *f)
{
	if (!f->server_hello_seen)
		return 0;
	return f->sh.key_share_group != 0 ? f->sh.key_share_group : f->ske_group;
}

bool facts_alert_sized(uint32_t len)
{
	return len >= TLS13_ENCRYPTED_ALERT_LEN && len <= TLS13_ENCRYPTED_ALERT_LEN + TLS13_RECORD_PADDING_MAX;
}

static bool empty_cert_sized(uint16_t len)
{
	return len >= TLS13_EMPTY_CERTIFICATE_LEN && len <= TLS13_EMPTY_CERTIFICATE_LEN + TLS13_RECORD_PADDING_MAX;
}

/* RFC 792 / RFC 4443: port unreachable, and the codes a filter refusing the packet sends
 * (communication administratively prohibited; RFC 1812 5.2.7.1). */
static bool icmp_port_unreachable(bool v6, uint8_t code) { return code == (v6 ? 4 : 3); }

bool facts_icmp_prohibited(bool v6, uint8_t code)
{
	return v6 ? code == 1 || code == 5 || code == 6 : code == 9 || code == 10 || code == 13;
}

const char *facts_icmp_name(bool v6, uint8_t code)
{
	if (icmp_port_unreachable(v6, code))
		return "port unreachable";
	if (facts_icmp_prohibited(v6, code))
		return "administratively prohibited";
	if (v6)
		return code == 0 ? "no route" : code == 3 ? "address unreachable" : "destination unreachable";
	return code == 0 ? "network unreachable" : code == 1 ? "host unreachable" : code == 4 ? "fragmentation needed" : "destination unreachable";
}

static bool ends_something(enum step_kind kind)
{
	return kind == STEP_ALERT || kind == STEP_FIN || kind == STEP_RST || kind == STEP_ICMP || kind == STEP_QUIC_CLOSE;
}

void facts_add_step(struct facts *f, enum side from, enum step_kind kind, uint8_t detail, uint8_t flags,
		    size_t size, double t)
{
	uint32_t sz = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
	/* Only a step right after the last kept one repeats it. */
	if (f->n_steps > 0 && !f->steps_cut) {
		struct step *last = &f->steps[f->n_steps - 1];
		if (last->from == from && last->kind == kind && last->detail == detail && last->flags == flags) {
			if (last->count < UINT16_MAX)
				last->count++;
			last->size = last->size > UINT32_MAX - sz ? UINT32_MAX : last->size + sz;
			return;
		}
	}
	unsigned room = ends_something(kind) ? BOUND_STEPS : BOUND_STEPS - BOUND_STEPS_FOR_END;
	if (f->n_steps >= room) {
		if (f->steps_dropped < UINT16_MAX)
			f->steps_dropped++;
		f->steps_cut = true;
		return;
	}
	f->steps_cut = false;
	struct step *s = &f->steps[f->n_steps++];
	s->t = (float)t;
	s->size = sz;
	s->count = 1;
	s->from = (uint8_t)from;
	s->kind = (uint8_t)kind;
	s->detail = detail;
	s->flags = flags;
}

void facts_release(struct facts *f)
{
	for (int s = 0; s < 2; s++)
		for (unsigned i = 0; f->certs[s] != NULL && i < f->n_certs[s]; i++)
			free(f->certs[s][i].der);
	free(f->certs[0]);
	free(f->certs[1]);
	free(f->ca_names);
	free(f->accepted_client_cert);
	f->accepted_client_cert = NULL;
	free(f->server_accepts);
	f->server_accepts = NULL;
	free(f->name_other_issuer);
	f->name_other_issuer = NULL;
	free(f->secrets);
	f->secrets = NULL;
	f->certs[0] = f->certs[1] = NULL;
	f->ca_names = NULL;
	f->n_certs[0] = f->n_certs[1] = 0;
	f->n_ca_names = 0;
}

bool facts_tls13_server_went_on(const struct facts *f)
{
	return f->appdata_records[SIDE_SERVER] > 0 || f->new_session_ticket_seen;
}

bool facts_outcome_known(const struct facts *f)
{
	/* QUIC: the rules read the handshake's shape from the packet trace; once it is full
	 * (or the server confirmed the handshake in clear), nothing later changes the verdict. */
	if (f->transport == TRANSPORT_QUIC)
		return f->handshake_done || f->quic.n_trace >= BOUND_QUIC_TRACE || f->quic.handshake_done;
	if (f->handshake_done)
		return true;
	/* A HelloRetryRequest exists only in TLS 1.3: the version is known before the ServerHello. */
	bool tls13 = f->hrr_seen || tls_version_is_13(f->version);
	/* TLS <= 1.2: Finished both ways, and the client had the server's before it said
	 * more (NSS clients check the server's certificate while the handshake goes on and
	 * send their alert after their own Finished: man/tls-stacks.md, server_cert_rejected). */
	if (!tls13 && f->finished_seen[SIDE_CLIENT] && f->finished_seen[SIDE_SERVER] && f->client_saw_server_finished)
		return true;
	if (f->sslv2_handshake && f->enc_records[SIDE_CLIENT] >= 2 && f->enc_records[SIDE_SERVER] >= 2)
		return true;
	/* TLS 1.3 decrypted: a server refusing the client's certificate would have sent its
	 * alert instead of going on (application data or a session ticket). */
	if (tls13 && f->finished_decrypted[SIDE_CLIENT] && f->finished_decrypted[SIDE_SERVER] &&
	    facts_tls13_server_went_on(f))
		return true;
	/* Clear-text handshake records do not count: a chain sent in many small records is
	 * still being read. */
	uint64_t after_keys = (uint64_t)f->enc_records[SIDE_CLIENT] + f->enc_records[SIDE_SERVER] +
			      f->appdata_records[SIDE_CLIENT] + f->appdata_records[SIDE_SERVER];
	return after_keys >= BOUND_RECORD_TRACE;
}

size_t facts_memory(const struct facts *f)
{
	size_t n = f->n_ca_names * (size_t)BOUND_DN;
	for (int s = 0; s < 2; s++) {
		n += f->n_certs[s] * sizeof(struct cert_fact);
		for (unsigned i = 0; f->certs[s] != NULL && i < f->n_certs[s]; i++)
			n += f->certs[s][i].der_len;
	}
	if (f->accepted_client_cert != NULL)
		n += sizeof *f->accepted_client_cert;
	if (f->server_accepts != NULL)
		n += sizeof *f->server_accepts;
	if (f->name_other_issuer != NULL)
		n += strlen(f->name_other_issuer) + 1;
	return n;
}

const struct alert_fact *facts_first_fatal_alert(const struct facts *f)
{
	for (unsigned i = 0; i < f->n_alerts; i++)
		if (!f->alerts[i].encrypted && f->alerts[i].level == TLS_ALERT_LEVEL_FATAL)
			return &f->alerts[i];
	return NULL;
}

const struct alert_fact *facts_first_plain_alert(const struct facts *f, int from, bool fatal_only)
{
	for (unsigned i = 0; i < f->n_alerts; i++) {
		const struct alert_fact *a = &f->alerts[i];
		if (a->encrypted || (from >= 0 && a->from != from))
			continue;
		if (fatal_only && a->level != TLS_ALERT_LEVEL_FATAL)
			continue;
		return a;
	}
	return NULL;
}

const struct close_fact *facts_first_close(const struct facts *f, int from)
{
	const struct close_fact *best = NULL;
	for (int s = 0; s < 2; s++) {
		if (from >= 0 && s != from)
			continue;
		const struct close_fact *c[2] = { &f->fin[s], &f->rst[s] };
		for (int k = 0; k < 2; k++)
			if (c[k]->seen && (best == NULL || c[k]->packet_no < best->packet_no))
				best = c[k];
	}
	return best;
}

const char *facts_stage_name(enum stage s)
{
	static const char *const names[STAGE__COUNT] = {
		[STAGE_NONE] = "before the ClientHello",
		[STAGE_CLIENT_HELLO] = "after the ClientHello",
		[STAGE_SERVER_HELLO] = "after the ServerHello",
		[STAGE_SERVER_CERT] = "after the server's Certificate",
		[STAGE_SERVER_DONE] = "after the server's first flight",
		[STAGE_CLIENT_CERT] = "after the client's Certificate",
		[STAGE_CLIENT_KEX] = "after the ClientKeyExchange",
		[STAGE_CLIENT_CCS] = "after the client's Finished flight",
		[STAGE_SERVER_CCS] = "after the server's ChangeCipherSpec",
		[STAGE_APPDATA] = "after application data",
	};
	return s < STAGE__COUNT ? names[s] : "?";
}

bool facts_cert_verdict_alert(uint8_t code)
{
	return (code >= TLS_ALERT_BAD_CERTIFICATE && code <= TLS_ALERT_CERTIFICATE_UNKNOWN) || code == TLS_ALERT_UNKNOWN_CA || code == TLS_ALERT_ACCESS_DENIED ||
	       code == TLS_ALERT_CERTIFICATE_REQUIRED;
}

/* An alert sent after the peer had already closed is a consequence, not a cause
 * (OpenSSL clients answer an unexpected EOF with decode_error). */
static bool alert_after_peer_close(const struct facts *f, const struct alert_fact *a)
{
	/* A fatal verdict on the peer's certificate is about its handshake, even when the
	 * peer closed before the verdict reached it (a client whose input ended right after
	 * its Finished). */
	if (a->level == TLS_ALERT_LEVEL_FATAL && facts_cert_verdict_alert(a->code))
		return false;
	const struct close_fact *peer = facts_first_close(f, a->from == SIDE_CLIENT ? SIDE_SERVER : SIDE_CLIENT);
	return peer != NULL && a->t > peer->t;
}

static const struct alert_fact *failure_alert(const struct facts *f)
{
	for (unsigned i = 0; i < f->n_alerts; i++) {
		const struct alert_fact *a = &f->alerts[i];
		if (a->encrypted || alert_after_peer_close(f, a))
			continue;
		if (a->level == TLS_ALERT_LEVEL_FATAL)
			return a;
		if (a->code != TLS_ALERT_CLOSE_NOTIFY && a->code != TLS_ALERT_USER_CANCELED && a->code != TLS_ALERT_NO_RENEGOTIATION &&
		    a->code != TLS_ALERT_UNRECOGNIZED_NAME && a->code != TLS_ALERT_NO_CERTIFICATE)
			return a;
	}
	return NULL;
}

static const struct alert_fact *last_encrypted_alert(const struct facts *f, enum side from)
{
	const struct alert_fact *a = NULL;
	for (unsigned i = 0; i < f->n_alerts; i++)
		if (f->alerts[i].encrypted && f->alerts[i].from == from)
			a = &f->alerts[i];
	return a;
}

static bool client_cert_empty(const struct facts *f)
{
	if (f->client_cert_seen && f->n_client_certs == 0)
		return true;
	/* SSL 3.0 clients say no_certificate(41) instead of sending an empty list. */
	for (unsigned i = 0; i < f->n_alerts; i++)
		if (f->alerts[i].from == SIDE_CLIENT && f->alerts[i].code == TLS_ALERT_NO_CERTIFICATE && !f->alerts[i].encrypted)
			return true;
	return false;
}

static const struct close_fact *server_close_first(const struct facts *f)
{
	const struct close_fact *s = facts_first_close(f, SIDE_SERVER);
	const struct close_fact *c = facts_first_close(f, SIDE_CLIENT);
	if (s == NULL)
		return NULL;
	if (c != NULL && c->packet_no < s->packet_no)
		return NULL; /* the server only answered the client's close */
	return s;
}

/* Signs that the close c did not come from the server: RFC 793 leaves TTLs to the sender,
 * so a forged packet carries the forger's initial TTL and distance, not the server's. */
static unsigned forged_signs(const struct facts *f, const struct close_fact *c, double server_leg)
{
	unsigned signs = 0;
	if (f->synack_seen && c->ttl != f->synack_ttl)
		signs |= FACTS_SIGN_TTL;
	/* The server's answer cannot reach the capture point sooner than the capture point's
	 * round trip to the server (SYN to SYN-ACK): about the full RTT beside the client, about
	 * zero beside the server, where this test therefore says nothing. Below a few
	 * milliseconds, timestamps and scheduling blur a round trip: timing only counts on
	 * paths long enough for it to mean something. */
	if (server_leg >= 0.002 && f->t_client_hello >= 0 && c->t - f->t_client_hello < server_leg * 0.5)
		signs |= FACTS_SIGN_TOO_SOON;
	/* IP ID 0 says nothing: Linux sends it on SYN-ACKs and on resets of closed sockets
	 * (RFC 6864 allows any ID on atomic datagrams). Only a counting server gives a sequence. */
	if (c->has_ip_id && f->server_ip_id_seen && f->server_last_ip_id != 0 && c->ip_id != 0) {
		int diff = (int)c->ip_id - (int)f->server_last_ip_id;
		if (diff < -16 || diff > 1024)
			signs |= FACTS_SIGN_IP_ID;
	}
	if (f->rst[SIDE_CLIENT].seen && f->rst[SIDE_SERVER].seen && !f->rst[SIDE_CLIENT].had_payload_before &&
	    fabs(f->rst[SIDE_CLIENT].t - f->rst[SIDE_SERVER].t) < 0.001)
		signs |= FACTS_SIGN_BOTH_RESETS;
	return signs;
}

/*
 * Seen when the capture is taken on the server's side of a device that resets both ends
 * (as national firewalls and some IPS do).
 */
static const struct close_fact *forged_client_reset(const struct facts *f)
{
	const struct close_fact *c = &f->rst[SIDE_CLIENT];
	if (!c->seen || !f->syn_seen || c->ttl == f->syn_ttl || f->tls_seen[SIDE_SERVER])
		return NULL;
	const struct close_fact *s = facts_first_close(f, SIDE_SERVER);
	if (s != NULL && s->packet_no < c->packet_no)
		return NULL;
	return c;
}

static bool is_resumed(const struct facts *f)
{
	if (f->sh.has_psk)
		return true;
	if (f->server_hello_seen && f->sh.session_id_len > 0 && f->sh.session_id_len == f->ch.session_id_len &&
	    memcmp(f->sh.session_id, f->ch.session_id, f->sh.session_id_len) == 0 && !tls_version_is_13(f->version))
		return true;
	/* Ticket resumption (RFC 5077): the server's ChangeCipherSpec comes first, no Certificate. */
	return !tls_version_is_13(f->version) && f->ccs_seen[SIDE_SERVER] && !f->server_cert_seen &&
	       (!f->ccs_seen[SIDE_CLIENT] || f->t_ccs[SIDE_SERVER] < f->t_ccs[SIDE_CLIENT]);
}

/* Orders TLS 1.3 drafts below the final TLS 1.3 but above TLS 1.2. */
static uint16_t version_rank(uint16_t v)
{
	return tls_version_is_13(v) ? (v == TLS_VERSION_TLS13 ? 0x0304 : 0x0303) : v;
}

/* supported_versions without GREASE, else legacy_version. */
static uint16_t client_max_version(const struct facts *f)
{
	if (f->ch.has_supported_versions) {
		uint16_t best = 0;
		for (unsigned i = 0; i < f->ch.n_versions; i++) {
			uint16_t x = f->ch.versions[i];
			if (tls_is_grease(x))
				continue;
			uint16_t rank = version_rank(x), best_rank = version_rank(best);
			if (best == 0 || rank > best_rank || (rank == best_rank && x == TLS_VERSION_TLS13))
				best = x;
		}
		if (best != 0)
			return best;
	}
	return f->ch.legacy_version;
}

/* Three quarters printable (text with its line ends and tabs): a clear-text protocol
 * rather than garbage. */
static bool mostly_printable(const uint8_t *p, unsigned n)
{
	unsigned k = 0;
	for (unsigned i = 0; i < n; i++)
		if ((p[i] >= 0x20 && p[i] < 0x7f) || p[i] == '\r' || p[i] == '\n' || p[i] == '\t')
			k++;
	return n > 0 && k * 4 >= n * 3;
}

static void tls13_shape(const struct facts *f, const struct facts_derived *d, struct facts_tls13_shape *s)
{
	memset(s, 0, sizeof *s);
	s->after_server_hello = tls_version_is_13(f->version) && f->server_hello_seen;
	s->client_start = -1;
	s->server_reaction_t = -1;
	for (unsigned i = 0; i < f->n_trace; i++) {
		if (f->trace[i].from == SIDE_CLIENT && f->trace[i].content_type == TLS_CT_APPLICATION_DATA) {
			s->client_start = (int)i;
			break;
		}
	}
	bool server_reacted = false;
	for (unsigned i = 0; i < f->n_trace; i++) {
		const struct record_note *n = &f->trace[i];
		if (n->content_type != TLS_CT_APPLICATION_DATA)
			continue;
		if (n->from == SIDE_SERVER) {
			s->server_last_len = n->length;
			s->server_last_is_alert = facts_alert_sized(n->length);
		}
		if (s->client_start < 0 || (int)i < s->client_start) {
			if (n->from == SIDE_SERVER)
				s->server_flight++;
			continue;
		}
		if (n->from == SIDE_SERVER) {
			s->server_after++;
			if (!server_reacted)
				s->server_reaction_t = n->t;
			server_reacted = true;
			s->server_only_alert = s->server_after == 1 && facts_alert_sized(n->length);
		} else if (!server_reacted) {
			if ((int)i == s->client_start) {
				s->client_first_len = n->length;
				s->client_first_is_alert = facts_alert_sized(n->length);
			}
			s->client_records++;
			s->client_bytes += n->length;
			s->client_last_is_alert = facts_alert_sized(n->length);
			if (n->length == TLS13_EMPTY_CERTIFICATE_LEN)
				s->client_empty_cert = true;
		} else {
			s->client_after++;
		}
	}
	if (s->server_after != 1)
		s->server_only_alert = false;
	/* The Certificate opens the client's flight: a first record of an empty one's size
	 * (padded or not) in a flight of more than one record is the empty list. */
	if (s->client_records >= 2 && empty_cert_sized(s->client_first_len))
		s->client_empty_cert = true;
	/* A one-record flight of exactly an empty Certificate and a Finished: larger than a
	 * Finished alone, far smaller than any certificate. */
	if (s->client_records == 1 &&
	    s->client_first_len == TLS13_EMPTY_CERT_FINISHED_LEN(tls13_suite_hash_len(f->sh.cipher))) {
		s->client_empty_cert = true;
		s->client_empty_cert_one_record = true;
	}
	s->client_sent_cert = !s->client_empty_cert &&
			      (s->client_records >= TLS13_CERT_FLIGHT_RECORDS || s->client_bytes > TLS13_CERT_FLIGHT_BYTES);

	const struct close_fact *sc = d->first_close[SIDE_SERVER], *cc = d->first_close[SIDE_CLIENT];
	if (!s->after_server_hello || s->client_start < 0 || s->client_records == 0)
		return;
	/* More records than the largest flight (Certificate, CertificateVerify, Finished),
	 * not counting a closing close_notify: the client sent a request behind its flight.
	 * A server that accepted it answers the request; one alert-sized record and nothing
	 * more is its abort, even when the client's close_notify and FIN crossed it. */
	unsigned requests = s->client_records - (s->client_last_is_alert ? 1u : 0u);
	bool answered_request_with_alert = requests > TLS13_CERT_FLIGHT_RECORDS && s->server_only_alert;
	/* Otherwise the client ended it: it closed before the server reacted (or before the
	 * server's close, when the server sent nothing), or its last record was a
	 * close_notify, to which the server's lone record may be the reply. */
	bool client_closed_first = cc != NULL && (sc == NULL || cc->packet_no < sc->packet_no);
	bool client_ended = (client_closed_first && (s->server_reaction_t < 0 || cc->t < s->server_reaction_t ||
						     !s->server_only_alert)) ||
			    (s->client_last_is_alert && s->client_records > 1);
	if (client_ended && !answered_request_with_alert)
		return;
	/* The client may send its first request right behind its Finished (curl, browsers):
	 * that data crosses the server's alert on the wire. A server that then closes without
	 * a byte more aborted all the same. */
	bool by_alert = s->server_only_alert && (s->client_after == 0 || sc != NULL);
	bool by_close = s->server_after == 0 && d->server_close_first != NULL;
	s->server_aborted = by_alert || by_close;
	s->server_abort_is_alert = by_alert;
}

/* The round trip below which the two legs say nothing (the same host or LAN), and the
 * share of it that a leg may have and still count as next to nothing. */
#define CAPTURE_POINT_MIN_RTT 0.001
#define CAPTURE_POINT_NEAR_SHARE 0.2

enum capture_point facts_capture_point(const struct facts *f, double *server_leg_out, double *client_leg_out)
{
	double server_leg = f->synack_seen && f->t_syn_last >= 0 ? f->t_synack - f->t_syn_last : -1;
	double client_leg = f->synack_seen && f->t_ack >= 0 ? f->t_ack - f->t_synack : -1;
	if (server_leg_out != NULL)
		*server_leg_out = server_leg;
	if (client_leg_out != NULL)
		*client_leg_out = client_leg;
	if (server_leg < 0 || client_leg < 0)
		return CAPTURE_POINT_UNKNOWN;
	double rtt = server_leg + client_leg;
	if (rtt < CAPTURE_POINT_MIN_RTT)
		return CAPTURE_POINT_BOTH;
	if (client_leg < rtt * CAPTURE_POINT_NEAR_SHARE)
		return CAPTURE_POINT_CLIENT;
	if (server_leg < rtt * CAPTURE_POINT_NEAR_SHARE)
		return CAPTURE_POINT_SERVER;
	return CAPTURE_POINT_MIDDLE;
}

const char *facts_capture_point_name(enum capture_point p)
{
	switch (p) {
	case CAPTURE_POINT_CLIENT:
		return "client";
	case CAPTURE_POINT_SERVER:
		return "server";
	case CAPTURE_POINT_MIDDLE:
		return "middle";
	case CAPTURE_POINT_BOTH:
		return "both";
	case CAPTURE_POINT_UNKNOWN:
	default:
		return "unknown";
	}
}

void facts_derive(const struct facts *f, struct facts_derived *d)
{
	memset(d, 0, sizeof *d);
	d->failure_alert = failure_alert(f);
	d->server_encrypted_alert = last_encrypted_alert(f, SIDE_SERVER);
	d->first_close[SIDE_CLIENT] = facts_first_close(f, SIDE_CLIENT);
	d->first_close[SIDE_SERVER] = facts_first_close(f, SIDE_SERVER);
	d->first_close_any = facts_first_close(f, -1);
	d->server_close_first = server_close_first(f);
	d->capture_point = facts_capture_point(f, &d->server_leg, &d->client_leg);
	if (d->server_close_first != NULL)
		d->server_close_signs = forged_signs(f, d->server_close_first, d->server_leg);
	d->forged_client_reset = forged_client_reset(f);
	d->syn_unanswered = f->syn_seen && !f->synack_seen && f->packets[SIDE_SERVER] == 0 && !f->client_hello_seen;
	d->client_cert_sent = f->client_cert_seen && f->n_client_certs > 0;
	d->client_cert_empty = client_cert_empty(f);
	d->resumed = is_resumed(f);
	d->client_max_version = client_max_version(f);
	d->server_answer_printable = mostly_printable(f->first_bytes[SIDE_SERVER], f->first_bytes_len[SIDE_SERVER]);
	d->tls12_finished_refused = !tls_version_is_13(f->version) && f->ccs_seen[SIDE_CLIENT] && !f->ccs_seen[SIDE_SERVER] &&
				    (d->server_encrypted_alert != NULL || d->server_close_first != NULL);
	d->outcome_known = facts_outcome_known(f);
	tls13_shape(f, d, &d->tls13);
}
