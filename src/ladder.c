/*
 * ladder.c — an attempt's steps as a sequence diagram and as one-line histories.
 *
 * Labels of records nobody could read follow the order RFC 8446 and RFC 5246 fix for the
 * handshake: after a TLS 1.3 ServerHello the server's protected records up to the
 * client's first one are its flight (EncryptedExtensions .. Finished, 4.4); the client's
 * first protected records are its Finished, after its Certificate and CertificateVerify
 * when it sends one (4.4.2, 4.4.3); a protected record of an alert's size (2 bytes, the
 * type byte, a 16-byte tag) is most likely an alert, since no handshake message is that
 * small. In TLS <= 1.2 the first handshake record after a side's ChangeCipherSpec is its
 * Finished (RFC 5246 7.4.9). Such labels are marked inferred.
 */
#include "ladder.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "classes.h"
#include "escape.h"
#include "quic.h"
#include "report.h"
#include "tls_names.h"
#include "tls_parse.h"
#include "tls_wire.h"
#include "upgrade.h"

/* Characters between the two sides' vertical lines. */
#define ARROW_WIDTH 44
/* The time and size columns before the client's line. */
#define LEFT_COLUMNS 21

/* ---- labels ---- */

/* Where an attempt is in its handshake as its steps go by, for labelling records. */
struct walk {
	const struct facts_derived *d;
	bool tls13;                  /* a TLS 1.3 ServerHello was seen */
	unsigned protected[2];       /* TLS 1.3 protected record steps of each side so far */
	bool reacted;                /* the server sent a protected record after the client's flight */
	bool ccs[2];                 /* TLS <= 1.2: the side's ChangeCipherSpec */
	bool finished[2];            /* ...and its encrypted Finished after it */
	bool cleartext[2];           /* the side sent clear text before */
};

static const char *quic_packet_name(uint8_t kind)
{
	static const char *const names[QUIC_KIND__COUNT] = { "Initial", "0-RTT", "Handshake", "Retry",
							      "Version Negotiation", "1-RTT" };
	return names[kind % QUIC_KIND__COUNT];
}

static void label_alert(const struct facts *f, const struct step *s, struct ladder_row *r)
{
	const char *name = tls_alert_name(s->detail);
	if (s->flags & STEP_ENCRYPTED) {
		snprintf(r->label, sizeof r->label, "Alert (encrypted)");
		snprintf(r->note, sizeof r->note, "its code is hidden: a key log (--keylog) shows it");
		return;
	}
	const char *level = f->transport == TRANSPORT_QUIC ? "" : s->flags & STEP_FATAL ? "fatal " : s->flags & STEP_WARNING ? "warning " : "";
	const char *what = f->transport == TRANSPORT_QUIC ? "CONNECTION_CLOSE " : "Alert ";
	const char *decrypted = s->flags & STEP_DECRYPTED ? " (decrypted)" : "";
	int n = snprintf(r->label, sizeof r->label, "%s%s%s (%u)", what, level, name ? name : "unassigned", s->detail);
	if (n > LADDER_LABEL_MAX || *decrypted) {
		/* The name goes below when it does not fit. */
		snprintf(r->label, sizeof r->label, "%s%s%u", what, level, s->detail);
		snprintf(r->note, sizeof r->note, "%s%s", name ? name : "an unassigned alert", decrypted);
	}
	if (f->transport == TRANSPORT_QUIC)
		snprintf(r->note + strlen(r->note), sizeof r->note - strlen(r->note), "%sa TLS alert as a QUIC crypto error (RFC 9001 4.8)",
			 r->note[0] ? "; " : "");
}

/* What the client's ClientHello and the server's ServerHello say, in a line. */
static void note_hello(const struct facts *f, const struct step *s, struct ladder_row *r)
{
	char a[24];
	if (s->detail == TLS_HS_CLIENT_HELLO && s->from == SIDE_CLIENT && f->client_hello_seen) {
		char b[24], sni[72];
		uint16_t v[BOUND_VERSIONS];
		size_t n = report_client_versions(f, v, BOUND_VERSIONS);
		uint16_t lo = 0, hi = 0;
		for (size_t i = 0; i < n; i++) {
			if (lo == 0 || v[i] < lo)
				lo = v[i];
			if (v[i] > hi)
				hi = v[i];
		}
		sni[0] = '\0';
		if (f->ch.has_sni)
			escape_mask(f->ch.sni, f->ch.sni_len, '?', 0, sni, sizeof sni);
		snprintf(r->note, sizeof r->note, "offers %s%s%s, %u suites, SNI %s", n ? report_version_name(f, lo, a, sizeof a) : "?",
			 lo != hi ? " to " : "", lo != hi ? report_version_name(f, hi, b, sizeof b) : "", f->ch.n_ciphers,
			 f->ch.has_sni ? sni : "none");
	} else if (s->detail == TLS_HS_SERVER_HELLO && s->from == SIDE_SERVER && f->server_hello_seen && !f->sslv2_handshake) {
		char cb[64];
		const char *suite = tls_cipher_name(f->sh.cipher, cb, sizeof cb);
		const struct cipher_info *ci = tls_cipher_info(f->sh.cipher);
		if (strlen(suite) > ARROW_WIDTH - 6 && ci != NULL && ci->openssl != NULL)
			suite = ci->openssl; /* OpenSSL's shorter name fits the line */
		snprintf(r->note, sizeof r->note, "chooses %s %s", f->version ? report_version_name(f, f->version, a, sizeof a) : "?",
			 suite);
	}
}

static void label_message(const struct facts *f, const struct step *s, struct ladder_row *r)
{
	const char *title = tls_handshake_title(s->detail);
	char unknown[32];
	if (title == NULL) {
		snprintf(unknown, sizeof unknown, "handshake type %u", s->detail);
		title = unknown;
	}
	snprintf(r->label, sizeof r->label, "%s%s%s", f->transport == TRANSPORT_QUIC ? "CRYPTO " : "", title,
		 s->flags & STEP_DECRYPTED ? " (decrypted)" : "");
	if (s->count == 1)
		note_hello(f, s, r);
}

/* A TLS 1.3 protected record: what it is taken for from where it falls and its size. */
static void label_tls13_record(struct walk *w, const struct step *s, struct ladder_row *r)
{
	const struct facts_tls13_shape *shape = &w->d->tls13;
	bool one_alert = s->count == 1 && (s->flags & STEP_ALERT_SIZED);
	r->inferred = true;
	if (s->from == SIDE_SERVER && w->protected[SIDE_CLIENT] == 0) {
		if (one_alert && w->protected[SIDE_SERVER] == 0) {
			snprintf(r->label, sizeof r->label, "Alert? (encrypted)");
			snprintf(r->note, sizeof r->note, "one protected record of an alert's size right after the ServerHello");
		} else if (w->protected[SIDE_SERVER] == 0) {
			snprintf(r->label, sizeof r->label, "EncryptedExtensions .. Finished");
			snprintf(r->note, sizeof r->note, "%s",
				 w->d->resumed ? "EncryptedExtensions, Finished (a resumption)"
						: "EncryptedExtensions, [CertificateRequest,] Certificate, CertificateVerify, Finished");
		} else if (one_alert) {
			snprintf(r->label, sizeof r->label, "Alert? (encrypted)");
			snprintf(r->note, sizeof r->note, "an alert-sized record after the server's own flight");
		} else {
			snprintf(r->label, sizeof r->label, "more of the server's flight");
		}
	} else if (s->from == SIDE_CLIENT && !w->reacted && w->protected[SIDE_SERVER] > 0) {
		if (w->protected[SIDE_CLIENT] > 0) {
			snprintf(r->label, sizeof r->label, one_alert ? "Alert? (encrypted)" : "encrypted record");
		} else if (one_alert) {
			snprintf(r->label, sizeof r->label, "Alert? (encrypted)");
			snprintf(r->note, sizeof r->note, "the client's first protected record has an alert's size, not a Finished's: it refused the server's flight");
		} else if (shape->client_empty_cert) {
			snprintf(r->label, sizeof r->label, "Certificate (empty), Finished");
			snprintf(r->note, sizeof r->note, "a record of the flight has the size of an empty Certificate: the client has no certificate to give");
		} else if (shape->client_sent_cert) {
			snprintf(r->label, sizeof r->label, "Certificate, CertVerify, Finished");
			snprintf(r->note, sizeof r->note, "larger than a Finished alone: a client certificate");
		} else {
			snprintf(r->label, sizeof r->label, "Finished");
		}
	} else if (s->from == SIDE_SERVER && w->protected[SIDE_CLIENT] > 0) {
		if (!w->reacted && shape->server_aborted && shape->server_abort_is_alert && one_alert) {
			snprintf(r->label, sizeof r->label, "Alert (encrypted)");
			snprintf(r->note, sizeof r->note, "one alert-sized record answers the client's flight");
		} else if (one_alert) {
			snprintf(r->label, sizeof r->label, "Alert? (encrypted)");
			snprintf(r->note, sizeof r->note, "a close_notify, or an error alert: both have this size");
		} else {
			snprintf(r->label, sizeof r->label, w->reacted ? "application data" : "NewSessionTicket / data");
		}
		w->reacted = true;
	} else if (s->from == SIDE_CLIENT && w->reacted) {
		snprintf(r->label, sizeof r->label, one_alert ? "Alert? (encrypted)" : "application data");
		if (one_alert)
			snprintf(r->note, sizeof r->note, "a close_notify, or an error alert: both have this size");
	} else {
		snprintf(r->label, sizeof r->label, "encrypted record");
	}
	w->protected[s->from]++;
}

static void label_record(struct walk *w, const struct step *s, struct ladder_row *r)
{
	if (s->flags & STEP_EARLY) {
		snprintf(r->label, sizeof r->label, "0-RTT early data");
		snprintf(r->note, sizeof r->note, "application data sent before any ServerHello (RFC 8446 2.3)");
		return;
	}
	const char *type = tls_content_type_name(s->detail);
	switch (s->detail) {
	case TLS_CT_HANDSHAKE:
		r->inferred = true;
		if (w->ccs[s->from] && !w->finished[s->from]) {
			w->finished[s->from] = true;
			snprintf(r->label, sizeof r->label, "Finished (encrypted)");
		} else {
			snprintf(r->label, sizeof r->label, "encrypted handshake message");
			snprintf(r->note, sizeof r->note, "after the Finished: a renegotiation, or a HelloRequest");
		}
		return;
	case TLS_CT_APPLICATION_DATA:
		if (w->tls13 && !(s->flags & STEP_DECRYPTED)) {
			label_tls13_record(w, s, r);
			return;
		}
		snprintf(r->label, sizeof r->label, "encrypted record");
		return;
	case TLS_CT_HEARTBEAT:
		snprintf(r->label, sizeof r->label, "Heartbeat");
		return;
	default:
		if (type != NULL)
			snprintf(r->label, sizeof r->label, "%s record", type);
		else
			snprintf(r->label, sizeof r->label, "record of type %u", s->detail);
		return;
	}
}

static bool same_time(double step_t, double t)
{
	double d = step_t - t;
	return t >= 0 && d < 1e-5 * (t > 1 ? t : 1) && -d < 1e-5 * (t > 1 ? t : 1);
}

/* The clear-text dialogue before TLS, by what upgrade.c read of it: the greeting, the
 * request for TLS and its answer in their own words (printable ASCII there). */
static void label_cleartext(const struct facts *f, struct walk *w, const struct step *s, struct ladder_row *r)
{
	const struct upgrade_fact *u = &f->upgrade;
	bool first = !w->cleartext[s->from];
	w->cleartext[s->from] = true;
	if (u->kind == UPGRADE_NONE) {
		snprintf(r->label, sizeof r->label, "clear text, not TLS");
		return;
	}
	const char *proto = upgrade_protocol_name((enum upgrade_kind)u->kind);
	if (s->from == SIDE_CLIENT && u->requested && same_time(s->t, u->t_request) && u->request[0]) {
		snprintf(r->label, sizeof r->label, "%.*s", (int)sizeof r->label - 1, u->request);
		snprintf(r->note, sizeof r->note, "%s: asks for TLS", upgrade_kind_name((enum upgrade_kind)u->kind));
	} else if (s->from == SIDE_SERVER && u->requested && same_time(s->t, u->t_answer) && u->reply[0]) {
		snprintf(r->label, sizeof r->label, "%.*s", (int)sizeof r->label - 1, u->reply);
		snprintf(r->note, sizeof r->note, "%s%s%s", strlen(u->reply) > LADDER_LABEL_MAX ? u->reply : "",
			 strlen(u->reply) > LADDER_LABEL_MAX ? ": " : "the answer: ", upgrade_outcome_name(u));
	} else if (s->from == SIDE_SERVER && first && u->greeting[0]) {
		snprintf(r->label, sizeof r->label, "%.*s", (int)sizeof r->label - 1, u->greeting);
	} else {
		snprintf(r->label, sizeof r->label, "%s (clear text)", proto ? proto : "dialogue");
	}
}

static void label_step(const struct facts *f, struct walk *w, const struct step *s, struct ladder_row *r)
{
	switch ((enum step_kind)s->kind) {
	case STEP_SYN: snprintf(r->label, sizeof r->label, "SYN"); break;
	case STEP_SYNACK: snprintf(r->label, sizeof r->label, "SYN-ACK"); break;
	case STEP_ACK: snprintf(r->label, sizeof r->label, "ACK"); break;
	case STEP_FIN: snprintf(r->label, sizeof r->label, "FIN"); break;
	case STEP_RST: snprintf(r->label, sizeof r->label, "RST"); break;
	case STEP_RETRANSMIT:
		snprintf(r->label, sizeof r->label, "retransmission");
		snprintf(r->note, sizeof r->note, "bytes sent before, sent again: the first copy or its ACK was lost");
		break;
	case STEP_GAP:
		r->lost = true;
		snprintf(r->label, sizeof r->label, "bytes missing from the capture");
		break;
	case STEP_CLEARTEXT: label_cleartext(f, w, s, r); break;
	case STEP_MESSAGE:
		label_message(f, s, r);
		if (s->detail == TLS_HS_SERVER_HELLO && s->from == SIDE_SERVER && f->server_hello_seen &&
		    tls_version_is_13(f->version))
			w->tls13 = true;
		break;
	case STEP_CCS:
		/* TLS 1.3's protects nothing: middlebox compatibility (RFC 8446 D.4). */
		if (w->tls13 || (s->from == SIDE_CLIENT && f->version != 0 && tls_version_is_13(f->version))) {
			snprintf(r->label, sizeof r->label, "ChangeCipherSpec (compatibility)");
		} else {
			snprintf(r->label, sizeof r->label, "ChangeCipherSpec");
			w->ccs[s->from] = true;
		}
		break;
	case STEP_ALERT: label_alert(f, s, r); break;
	case STEP_RECORD: label_record(w, s, r); break;
	case STEP_APPDATA:
		snprintf(r->label, sizeof r->label, "application data%s", s->flags & STEP_DECRYPTED ? " (decrypted)" : "");
		break;
	case STEP_QUIC_PACKET: snprintf(r->label, sizeof r->label, "%s", quic_packet_name(s->detail)); break;
	case STEP_QUIC_CLOSE: {
		const char *name = s->flags & STEP_APPLICATION ? NULL : quic_transport_error_name(s->size);
		snprintf(r->label, sizeof r->label, "CONNECTION_CLOSE%s 0x%x", s->flags & STEP_APPLICATION ? " (app)" : "", s->size);
		if (name != NULL)
			snprintf(r->note, sizeof r->note, "%s, in a %s packet", name, quic_packet_name(s->detail));
		break;
	}
	case STEP_ICMP:
		snprintf(r->label, sizeof r->label, "ICMP%s %s", s->flags & STEP_V6 ? "v6" : "",
			 facts_icmp_name(s->flags & STEP_V6, (uint8_t)s->size));
		snprintf(r->note, sizeof r->note, "type %u code %u, from %s", s->detail, s->size,
			 f->icmp.from_server ? "the server's address" : "a router or firewall on the path");
		break;
	default:
		snprintf(r->label, sizeof r->label, "step %u", s->kind);
		break;
	}
	if (s->count > 1 && r->inferred) {
		/* A flight of records of one kind: one step, its records counted in the note. */
		char note[sizeof r->note];
		snprintf(note, sizeof note, "%u records%s%s", s->count, r->note[0] ? "; " : "", r->note);
		snprintf(r->note, sizeof r->note, "%s", note);
	} else if (s->count > 1) {
		size_t n = strlen(r->label);
		snprintf(r->label + n, sizeof r->label - n, " x%u", s->count);
	}
}

/* ---- the failing step ---- */

static int find_step(const struct facts *f, enum side from, enum step_kind kind, int detail, double t)
{
	int best = -1;
	for (unsigned i = 0; i < f->n_steps; i++) {
		const struct step *s = &f->steps[i];
		if (s->from != from || s->kind != kind || (detail >= 0 && s->detail != detail))
			continue;
		if ((double)s->t + 1e-6 >= t)
			return (int)i;
		best = (int)i; /* a step folded into an earlier one */
	}
	return best;
}

static int close_step(const struct facts *f, const struct close_fact *c)
{
	if (c == NULL)
		return -1;
	for (int s = 0; s < 2; s++)
		if (c == &f->rst[s] || c == &f->fin[s])
			return find_step(f, (enum side)s, c->rst ? STEP_RST : STEP_FIN, -1, c->t);
	return -1;
}

/* The first protected record of `from` after its peer's, in TLS 1.3 (the reaction). */
static int reaction_step(const struct facts *f, enum side from)
{
	bool peer_sent = false;
	for (unsigned i = 0; i < f->n_steps; i++) {
		const struct step *s = &f->steps[i];
		if (s->kind != STEP_RECORD || s->detail != TLS_CT_APPLICATION_DATA || (s->flags & STEP_EARLY))
			continue;
		if (s->from != from)
			peer_sent = true;
		else if (peer_sent)
			return (int)i;
	}
	return -1;
}

static int first_of(const struct facts *f, enum step_kind kind, int from)
{
	for (unsigned i = 0; i < f->n_steps; i++)
		if (f->steps[i].kind == kind && (from < 0 || f->steps[i].from == from))
			return (int)i;
	return -1;
}

/* The step the verdict hangs on: the alert that ended the handshake, the refusing
 * record or close, the ICMP error, the server's clear-text answer. -1: none (the
 * failure is a silence, or nothing was seen). */
static int failing_message(const struct facts *f, const struct facts_derived *d, const struct verdict *v)
{
	if (d->failure_alert != NULL) {
		const struct alert_fact *a = d->failure_alert;
		int i = find_step(f, (enum side)a->from, STEP_ALERT, a->code, a->t);
		if (i >= 0)
			return i;
	}
	if (v->cls == CLASS_MIDDLEBOX_RESET && d->forged_client_reset != NULL)
		return close_step(f, d->forged_client_reset);
	if (v->cls == CLASS_NOT_TLS) {
		const struct upgrade_fact *u = &f->upgrade;
		if (u->kind != UPGRADE_NONE && u->requested)
			for (unsigned k = 0; k < f->n_steps; k++)
				if (f->steps[k].kind == STEP_CLEARTEXT && f->steps[k].from == SIDE_SERVER &&
				    same_time(f->steps[k].t, u->t_answer))
					return (int)k;
		int i = first_of(f, STEP_CLEARTEXT, SIDE_SERVER);
		return i >= 0 ? i : first_of(f, STEP_CLEARTEXT, SIDE_CLIENT);
	}
	return -1;
}

static bool rule_family(const struct verdict *v, const char *prefix)
{
	return v->rule_id != NULL && strncmp(v->rule_id, prefix, strlen(prefix)) == 0;
}

static int failing_step(const struct facts *f, const struct facts_derived *d, const struct verdict *v)
{
	/* The rule's family says what the verdict rests on: an ICMP error (before the alert a
	 * client then sends), a close (before an alert sent into a closed connection). */
	if (f->icmp.seen && rule_family(v, "udp.")) {
		int i = first_of(f, STEP_ICMP, -1);
		if (i >= 0)
			return i;
	}
	if (rule_family(v, "server.")) {
		int i = first_of(f, STEP_CLEARTEXT, SIDE_SERVER);
		if (i >= 0)
			return i;
	}
	if (rule_family(v, "tls13.server")) {
		int i = reaction_step(f, SIDE_SERVER);
		for (int k = (int)f->n_steps - 1; i < 0 && k >= 0; k--)
			if (f->steps[k].kind == STEP_RECORD && f->steps[k].from == SIDE_SERVER &&
			    (f->steps[k].flags & STEP_ALERT_SIZED))
				i = k; /* an alert-sized record after the server's own flight */
		if (i >= 0)
			return i;
	}
	if (rule_family(v, "close.client")) {
		int i = close_step(f, d->first_close[SIDE_CLIENT]);
		if (i >= 0)
			return i;
	}
	if (rule_family(v, "close.") || rule_family(v, "rst.") || rule_family(v, "tcp.refused") ||
	    rule_family(v, "tcp.server_closed")) {
		const struct close_fact *c = d->forged_client_reset ? d->forged_client_reset
					   : d->server_close_first ? d->server_close_first
					   : d->first_close[SIDE_SERVER] ? d->first_close[SIDE_SERVER] : d->first_close_any;
		int i = close_step(f, c);
		if (i >= 0)
			return i;
	}
	int i = failing_message(f, d, v);
	if (i >= 0 || v->cls == CLASS_NOT_TLS)
		return i;
	if (f->icmp.seen) {
		i = first_of(f, STEP_ICMP, -1);
		if (i >= 0)
			return i;
	}
	if (d->tls13.after_server_hello) {
		if (d->tls13.server_aborted) {
			i = d->tls13.server_abort_is_alert ? reaction_step(f, SIDE_SERVER) : -1;
			return i >= 0 ? i : close_step(f, d->server_close_first ? d->server_close_first : d->first_close[SIDE_SERVER]);
		}
		if (d->tls13.client_first_is_alert) {
			i = reaction_step(f, SIDE_CLIENT);
			if (i >= 0)
				return i;
		}
	}
	if (d->server_encrypted_alert != NULL) {
		i = find_step(f, SIDE_SERVER, STEP_ALERT, 0, d->server_encrypted_alert->t);
		if (i >= 0)
			return i;
	}
	i = first_of(f, STEP_QUIC_CLOSE, -1);
	if (i >= 0)
		return i;
	if (f->transport == TRANSPORT_QUIC && f->n_steps > 0) {
		/* No close could be read (it is in a Handshake packet): the refusing side's last
		 * packets are where it gave up, the client's when it refused the server. */
		enum side by = v->cls == CLASS_SERVER_CERT_REJECTED ? SIDE_CLIENT : SIDE_SERVER;
		for (int k = (int)f->n_steps - 1; k >= 0; k--)
			if (f->steps[k].kind == STEP_QUIC_PACKET && f->steps[k].from == by)
				return k;
	}
	i = first_of(f, STEP_ALERT, -1);
	if (i >= 0 && (f->steps[i].flags & (STEP_FATAL | STEP_ENCRYPTED)))
		return i;
	if (d->server_close_first != NULL)
		return close_step(f, d->server_close_first);
	return close_step(f, d->first_close_any);
}

/* ---- building ---- */

void ladder_build(const struct facts *f, const struct verdict *v, struct ladder *l)
{
	memset(l, 0, sizeof *l);
	struct facts_derived d;
	facts_derive(f, &d);
	l->point = d.capture_point;
	l->failed = class_outcome(v->cls) == CLASS_OUTCOME_FAILED;
	int fail = l->failed ? failing_step(f, &d, v) : -1;
	struct walk w = { .d = &d };
	/* The steps kept past the bound are the ends (bounds.h): the rest fall between. */
	unsigned before_end = BOUND_STEPS - BOUND_STEPS_FOR_END;
	for (unsigned i = 0; i < f->n_steps; i++) {
		if (i == before_end && f->steps_dropped > 0 && l->n_rows < sizeof l->rows / sizeof l->rows[0]) {
			struct ladder_row *g = &l->rows[l->n_rows++];
			g->kind = LADDER_DROPPED;
			g->count = f->steps_dropped;
			g->t = f->steps[i].t;
			snprintf(g->label, sizeof g->label, "%u more steps, not kept", f->steps_dropped);
		}
		const struct step *s = &f->steps[i];
		if ((int)i == fail && v->cls == CLASS_NO_SERVER_RESPONSE && s->from == SIDE_CLIENT &&
		    (s->kind == STEP_FIN || s->kind == STEP_RST)) {
			/* The client gave up: what failed is the silence before its close. */
			struct ladder_row *g = &l->rows[l->n_rows++];
			double quiet = i > 0 ? (double)s->t - (double)f->steps[i - 1].t : 0;
			g->kind = LADDER_SILENCE;
			g->from = SIDE_SERVER;
			g->t = s->t;
			g->failing = true;
			snprintf(g->label, sizeof g->label, "no answer for %.1f s", quiet < 0 ? 0 : quiet);
			fail = -2; /* marked */
		}
		struct ladder_row *r = &l->rows[l->n_rows++];
		r->kind = LADDER_ARROW;
		r->from = (enum side)s->from;
		r->t = s->t;
		r->count = s->count;
		r->size = s->kind == STEP_QUIC_CLOSE || s->kind == STEP_ICMP ? 0 : s->size;
		r->failing = (int)i == fail;
		label_step(f, &w, s, r);
	}
	if (f->steps_dropped > 0 && f->n_steps <= before_end && l->n_rows < sizeof l->rows / sizeof l->rows[0]) {
		struct ladder_row *g = &l->rows[l->n_rows++];
		g->kind = LADDER_DROPPED;
		g->count = f->steps_dropped;
		g->t = f->t_observed;
		snprintf(g->label, sizeof g->label, "%u more steps, not kept", f->steps_dropped);
	}
	/* A silence that ends an attempt is a step too: what the server never sent. */
	const struct step *last = f->n_steps > 0 ? &f->steps[f->n_steps - 1] : NULL;
	bool ended = false;
	for (unsigned i = 0; i < f->n_steps; i++) {
		const struct step *s = &f->steps[i];
		ended |= s->kind == STEP_FIN || s->kind == STEP_RST || s->kind == STEP_ICMP || s->kind == STEP_QUIC_CLOSE ||
			 (s->kind == STEP_ALERT && (s->flags & (STEP_FATAL | STEP_ENCRYPTED)));
	}
	if (class_outcome(v->cls) != CLASS_OUTCOME_OK && last != NULL && !ended &&
	    l->n_rows < sizeof l->rows / sizeof l->rows[0]) {
		struct ladder_row *g = &l->rows[l->n_rows++];
		double quiet = f->t_observed - (double)last->t;
		g->kind = LADDER_SILENCE;
		g->from = SIDE_SERVER;
		g->t = f->t_observed;
		g->failing = fail == -1 && l->failed;
		if (v->cls == CLASS_NO_SERVER_RESPONSE || last->from == SIDE_CLIENT)
			snprintf(g->label, sizeof g->label, "no answer for %.1f s", quiet < 0 ? 0 : quiet);
		else
			snprintf(g->label, sizeof g->label, "nothing more for %.1f s", quiet < 0 ? 0 : quiet);
		if (class_outcome(v->cls) == CLASS_OUTCOME_INCOMPLETE)
			snprintf(g->note, sizeof g->note, "the capture stops watching here");
	}
}

/* ---- drawing ---- */

#define ANSI_FAIL "\033[1;31m"
#define ANSI_DIM "\033[2m"
#define ANSI_BOLD "\033[1m"
#define ANSI_OFF "\033[0m"

/* The column of the arrow field where the capture was taken, or -1. */
static int capture_column(enum capture_point p)
{
	switch (p) {
	case CAPTURE_POINT_CLIENT: return 1;
	case CAPTURE_POINT_SERVER: return ARROW_WIDTH - 2;
	case CAPTURE_POINT_MIDDLE: return ARROW_WIDTH / 2;
	default: return -1;
	}
}

/* The label as drawn: cut to fit, with ".." where it was cut. */
static void fit_label(const char *label, char *out, size_t len)
{
	size_t n = strlen(label);
	if (n <= LADDER_LABEL_MAX) {
		snprintf(out, len, "%s", label);
		return;
	}
	snprintf(out, len, "%.*s..", LADDER_LABEL_MAX - 2, label);
}

static void arrow_body(const struct ladder_row *r, int mark, char body[ARROW_WIDTH + 1])
{
	char label[LADDER_LABEL_MAX + 3];
	fit_label(r->label, label, sizeof label);
	int n = (int)strlen(label);
	char line = r->lost ? '.' : '-';
	memset(body, line, ARROW_WIDTH);
	body[ARROW_WIDTH] = '\0';
	if (r->from == SIDE_CLIENT) {
		/* "--- LABEL ------>" */
		body[3] = ' ';
		memcpy(body + 4, label, (size_t)n);
		body[4 + n] = ' ';
		body[ARROW_WIDTH - 1] = '>';
	} else {
		/* "<------ LABEL ---" */
		body[0] = '<';
		int at = ARROW_WIDTH - 4 - n;
		body[at - 1] = ' ';
		memcpy(body + at, label, (size_t)n);
		body[ARROW_WIDTH - 4] = ' ';
	}
	if (mark >= 0 && body[mark] == line)
		body[mark] = ':';
}

static void centred_body(const char *text, int mark, char body[ARROW_WIDTH + 1])
{
	char label[LADDER_LABEL_MAX + 3];
	fit_label(text, label, sizeof label);
	int n = (int)strlen(label);
	memset(body, ' ', ARROW_WIDTH);
	body[ARROW_WIDTH] = '\0';
	int at = (ARROW_WIDTH - n) / 2;
	memcpy(body + at, label, (size_t)n);
	if (mark >= 0 && body[mark] == ' ')
		body[mark] = ':';
}

static void format_time(double t, char *buf, size_t len)
{
	if (t < 0)
		snprintf(buf, len, "-");
	else if (t < 1000)
		snprintf(buf, len, "%.6f", t);
	else
		snprintf(buf, len, "%.1f", t);
}

/* A note under its arrow, wrapped inside the two lines. */
static void print_note(FILE *out, const char *note, int mark, bool color)
{
	const int width = ARROW_WIDTH - 6; /* clear of the capture point's column */
	size_t len = strlen(note), at = 0;
	while (at < len) {
		size_t n = len - at;
		if (n > (size_t)width) {
			n = (size_t)width;
			while (n > 0 && note[at + n] != ' ')
				n--;
			if (n == 0)
				n = (size_t)width;
		}
		char body[ARROW_WIDTH + 1];
		memset(body, ' ', ARROW_WIDTH);
		body[ARROW_WIDTH] = '\0';
		memcpy(body + 3, note + at, n);
		if (mark >= 0 && body[mark] == ' ')
			body[mark] = ':';
		fprintf(out, "%*s|%s%s%s|\n", LEFT_COLUMNS, "", color ? ANSI_DIM : "", body, color ? ANSI_OFF : "");
		at += n;
		while (at < len && note[at] == ' ')
			at++;
	}
}

void ladder_print(FILE *out, const struct facts *f, const struct ladder *l, bool color)
{
	char c[64], s[64];
	report_endpoint(&f->client, c, sizeof c);
	report_endpoint(&f->server, s, sizeof s);
	int mark = capture_column(l->point);
	const char *over = f->transport == TRANSPORT_QUIC ? "QUIC" : f->transport == TRANSPORT_DTLS ? "DTLS" : "TCP";
	/* Two IPv6 endpoints do not fit one line of 80. */
	bool split = strlen(c) + strlen(s) + strlen(over) + 20 > 80;
	fprintf(out, "  %sladder%s  %s%s-> %s over %s\n", color ? ANSI_BOLD : "", color ? ANSI_OFF : "", c,
		split ? "\n          " : " ", s, over);
	if (mark >= 0)
		fprintf(out, "  (the dotted line : is where the capture was taken: %s)\n",
			l->point == CAPTURE_POINT_CLIENT ? "near the client"
			: l->point == CAPTURE_POINT_SERVER ? "near the server" : "on the path between them");
	fprintf(out, "  %10s %6s  client%*s\n", "time (s)", "bytes", ARROW_WIDTH - 4, "server");
	for (unsigned i = 0; i < l->n_rows; i++) {
		const struct ladder_row *r = &l->rows[i];
		char body[ARROW_WIDTH + 1], t[24], size[16];
		format_time(r->kind == LADDER_DROPPED ? -1 : r->t, t, sizeof t);
		if (r->size > 0 && r->kind == LADDER_ARROW)
			snprintf(size, sizeof size, "%u", r->size);
		else
			snprintf(size, sizeof size, "-");
		if (r->kind == LADDER_ARROW)
			arrow_body(r, mark, body);
		else
			centred_body(r->label, mark, body);
		const char *on = !color ? "" : r->failing ? ANSI_FAIL : r->inferred || r->kind != LADDER_ARROW ? ANSI_DIM : "";
		fprintf(out, "  %10s %6s  %s|%s|%s%s\n", t, size, on, body, r->failing ? " <- failed" : "",
			*on ? ANSI_OFF : "");
		if (r->note[0] != '\0')
			print_note(out, r->note, mark, color);
	}
	fputc('\n', out);
}

/* ---- histories ---- */

static void put(char *buf, size_t len, size_t *n, char c)
{
	if (*n + 1 < len) {
		buf[(*n)++] = c;
		buf[*n] = '\0';
	}
}

/* Client letters upper case, server letters lower case. */
static char cased(char c, enum side from)
{
	if (from == SIDE_CLIENT)
		return c;
	return (char)tolower((unsigned char)c);
}

/* Zeek's ssl_history letter of a handshake message (base/protocols/ssl/main.zeek). */
static char message_letter(uint8_t type)
{
	switch (type) {
	case TLS_HS_HELLO_REQUEST: return 'H';
	case TLS_HS_CLIENT_HELLO: return 'C';
	case TLS_HS_SERVER_HELLO: return 'S';
	case TLS_HS_HELLO_VERIFY_REQUEST: return 'V';
	case TLS_HS_NEW_SESSION_TICKET: return 'T';
	case TLS_HS_END_OF_EARLY_DATA: return 'E';
	case TLS_HS_HELLO_RETRY_REQUEST: return 'J';
	case TLS_HS_ENCRYPTED_EXTENSIONS: return 'O';
	case TLS_HS_CERTIFICATE: return 'X';
	case TLS_HS_SERVER_KEY_EXCHANGE: return 'K';
	case TLS_HS_CERTIFICATE_REQUEST: return 'R';
	case TLS_HS_SERVER_HELLO_DONE: return 'N';
	case TLS_HS_CERTIFICATE_VERIFY: return 'Y';
	case TLS_HS_CLIENT_KEY_EXCHANGE: return 'G';
	case TLS_HS_FINISHED: return 'F';
	case TLS_HS_CERTIFICATE_URL: return 'W';
	case TLS_HS_CERTIFICATE_STATUS: return 'U';
	case TLS_HS_SUPPLEMENTAL_DATA: return 'A';
	case TLS_HS_KEY_UPDATE: return 'P';
	case TLS_HS_MESSAGE_HASH: return 'M';
	default: return 'Z';
	}
}

/* What spelling a history remembers as it goes. */
struct spelling {
	bool tls13;
	bool ccs[2], finished[2];   /* TLS <= 1.2: each side's ChangeCipherSpec and Finished */
	bool seen[2][26];           /* letters written, for the histories that write each once */
};

enum spelling_mode {
	SPELL_EACH,                 /* a letter per repeat of a step (TLS messages and records) */
	SPELL_RUN,                  /* a letter per step (a run of QUIC packets) */
	SPELL_FIRST,                /* a letter at its first occurrence from each side (TCP) */
};

typedef char (*letter_fn)(struct spelling *sp, const struct step *s);

static void spell(const struct facts *f, letter_fn letter, enum spelling_mode mode, char *buf, size_t len)
{
	struct spelling sp = { .tls13 = f->server_hello_seen && tls_version_is_13(f->version) };
	size_t n = 0;
	if (len > 0)
		buf[0] = '\0';
	for (unsigned i = 0; i < f->n_steps; i++) {
		const struct step *s = &f->steps[i];
		enum side from = (enum side)s->from;
		char c = letter(&sp, s);
		if (c < 'A' || c > 'Z')
			continue;
		if (mode == SPELL_FIRST) {
			if (sp.seen[from][c - 'A'])
				continue;
			sp.seen[from][c - 'A'] = true;
		}
		unsigned times = mode == SPELL_EACH ? s->count : 1;
		for (unsigned k = 0; k < times && n + 1 < len; k++)
			put(buf, len, &n, cased(c, from));
	}
}

static char tls_letter(struct spelling *sp, const struct step *s)
{
	switch ((enum step_kind)s->kind) {
	case STEP_MESSAGE: return message_letter(s->detail);
	case STEP_CCS:
		if (!sp->tls13)
			sp->ccs[s->from] = true;
		return 'I';
	case STEP_ALERT: return 'L';
	case STEP_APPDATA: return 'D';
	case STEP_RECORD:
		if (s->detail == TLS_CT_HANDSHAKE && sp->ccs[s->from] && !sp->finished[s->from]) {
			sp->finished[s->from] = true;
			return 'F'; /* the first message after a ChangeCipherSpec (RFC 5246 7.4.9) */
		}
		switch (s->detail) {
		case TLS_CT_HANDSHAKE: return 'Z';
		case TLS_CT_APPLICATION_DATA: return 'D';
		case TLS_CT_HEARTBEAT: return 'B';
		default: return 'Q';
		}
	default: return '\0';
	}
}

/* Zeek's conn history letters (base/protocols/conn/main.zeek). */
static char tcp_letter(struct spelling *sp, const struct step *s)
{
	(void)sp;
	switch ((enum step_kind)s->kind) {
	case STEP_SYN: return 'S';
	case STEP_SYNACK: return 'H';
	case STEP_ACK: return 'A';
	case STEP_FIN: return 'F';
	case STEP_RST: return 'R';
	case STEP_RETRANSMIT: return 'T';
	case STEP_GAP: return 'G';
	case STEP_CLEARTEXT:
	case STEP_MESSAGE:
	case STEP_CCS:
	case STEP_ALERT:
	case STEP_RECORD:
	case STEP_APPDATA: return 'D';
	default: return '\0';
	}
}

static char quic_letter(struct spelling *sp, const struct step *s)
{
	static const char letters[QUIC_KIND__COUNT] = { 'I', 'Z', 'H', 'R', 'V', 'S' };
	(void)sp;
	if (s->kind == STEP_QUIC_PACKET)
		return letters[s->detail % QUIC_KIND__COUNT];
	if (s->kind == STEP_QUIC_CLOSE || s->kind == STEP_ALERT)
		return 'C';
	return '\0';
}

void ladder_history_tls(const struct facts *f, char *buf, size_t len)
{
	spell(f, tls_letter, SPELL_EACH, buf, len);
}

void ladder_history_tcp(const struct facts *f, char *buf, size_t len)
{
	spell(f, tcp_letter, SPELL_FIRST, buf, len);
}

void ladder_history_quic(const struct facts *f, char *buf, size_t len)
{
	spell(f, quic_letter, SPELL_RUN, buf, len);
}
