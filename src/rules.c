/*
 * rules.c — the ordered rule table: facts in, one class out.
 *
 * Pipeline position: facts → (facts_derive) → rules → report. Mechanism apart from
 * policy: the TLS and flow stages record what happened and facts.c derives what follows
 * from it, once per decision; every judgement about what it means lives here, in one
 * table whose order is the precedence. Each row gives one class, its own (a predicate
 * decides whether the row applies, never which class it gives), so the table that
 * --list-rules prints is the whole truth of how a class is decided; where one situation
 * leads to different classes, it is split into rows. Each row names the facts it used
 * in the verdict's evidence. The last row matches everything. Names from the wire go
 * into the evidence as they are (the report escapes them as it writes); raw stream
 * bytes, which are no name, are quoted through escape.h.
 */
#include "rules.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "certcheck.h"
#include "decode.h"
#include "escape.h"
#include "quic.h"
#include "report.h"
#include "quic_crypto.h"
#include "tls_names.h"
#include "tls_parse.h"
#include "tls_wire.h"
#include "upgrade.h"


static unsigned long fired[96];

/* ---- helpers ---- */

static void ev(struct verdict *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ev(struct verdict *v, const char *fmt, ...)
{
	if (v->n_evidence >= BOUND_EVIDENCE)
		return;
	va_list ap;
	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): ap is started above (clang 14 misreports it after another file)
	vsnprintf(v->evidence[v->n_evidence++], BOUND_EVIDENCE_LEN, fmt, ap);
	va_end(ap);
}

static void summary(struct verdict *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void summary(struct verdict *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): ap is started above (clang 14 misreports it after another file)
	vsnprintf(v->summary, sizeof v->summary, fmt, ap);
	va_end(ap);
}

static void fix(struct verdict *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fix(struct verdict *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): ap is started above (clang 14 misreports it after another file)
	vsnprintf(v->fix, sizeof v->fix, fmt, ap);
	va_end(ap);
}

static const char *side_name(int s) { return s == SIDE_CLIENT ? "client" : "server"; }

static const char *alert_label(uint8_t code, char *buf, size_t len)
{
	const char *n = tls_alert_name(code);
	snprintf(buf, len, "%s(%u)", n ? n : "unassigned", code);
	return buf;
}

static double ms(double seconds) { return seconds * 1000.0; }

static const char *version_label(uint16_t v, char *buf, size_t len) { return tls_version_name(v, buf, len); }

static bool client_offered_version(const struct facts *f, uint16_t v)
{
	if (f->ch.has_supported_versions) {
		for (unsigned i = 0; i < f->ch.n_versions; i++)
			if (f->ch.versions[i] == v)
				return true;
		return false;
	}
	if (f->ch.sslv2_format && v == TLS_VERSION_SSL2)
		return true;
	return v <= f->ch.legacy_version && v >= TLS_VERSION_SSL3;
}

static void describe_offer(const struct facts *f, struct verdict *v)
{
	char vb[24];
	if (!f->client_hello_seen)
		return;
	char list[160] = "";
	if (f->ch.has_supported_versions) {
		for (unsigned i = 0; i < f->ch.n_versions; i++) {
			if (tls_is_grease(f->ch.versions[i]))
				continue;
			size_t used = strlen(list);
			snprintf(list + used, sizeof list - used, "%s%s", used ? "," : "",
				 version_label(f->ch.versions[i], vb, sizeof vb));
		}
		ev(v, "client offered versions %s (supported_versions)", list);
	} else {
		ev(v, "client offered up to %s (legacy_version, no supported_versions)%s",
		   version_label(f->ch.legacy_version, vb, sizeof vb),
		   f->ch.sslv2_format ? " in an SSL 2.0-format hello" : "");
	}
}

static double since_hello(const struct facts *f, double t)
{
	return f->t_client_hello >= 0 ? t - f->t_client_hello : t;
}

static void alert_evidence(const struct facts *f, const struct alert_fact *a, struct verdict *v)
{
	char ab[64];
	if (!f->client_hello_seen) {
		ev(v, "%s sent %s alert %s before any ClientHello%s", side_name(a->from),
		   a->level == TLS_ALERT_LEVEL_FATAL ? "fatal" : a->level == TLS_ALERT_LEVEL_WARNING ? "warning" : "an",
		   alert_label(a->code, ab, sizeof ab),
		   a->from == SIDE_CLIENT ? ": its TLS library gave up before starting the handshake" : "");
		return;
	}
	ev(v, "%s sent %s alert %s %.1f ms after the ClientHello, %s", side_name(a->from),
	   a->level == TLS_ALERT_LEVEL_FATAL ? "fatal" : a->level == TLS_ALERT_LEVEL_WARNING ? "warning" : "an", alert_label(a->code, ab, sizeof ab),
	   ms(since_hello(f, a->t)),
	   a->stage == STAGE_CLIENT_HELLO ? "before any ServerHello" : facts_stage_name((enum stage)a->stage));
}

static bool server_sent_tls(const struct facts *f) { return f->tls_seen[SIDE_SERVER]; }

/* ---- predicates, in table order ---- */

static bool m_tcp_no_synack(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!d->syn_unanswered)
		return false;
	/* Silence is evidence only when it was watched for: a SYN the capture ended (or
	 * tlsdiag stopped following) right after may have been answered a moment later.
	 * A client that sent the SYN again waited for its retransmission timer (RFC 6298:
	 * 1 s) and saw nothing. */
	if ((f->evicted != EVICT_NONE || f->t_observed - f->t_syn < BOUND_NO_RESPONSE_SECONDS) && !f->timed_out &&
	    f->packets[SIDE_CLIENT] < 2)
		return false;
	ev(v, "SYN sent, no SYN-ACK and no packet from the server in %.1f s", f->t_observed - f->t_syn);
	summary(v, "no answer to the TCP SYN: the server is down, filtered, or the address is wrong");
	return true;
}

/* TLS 1.3 with the key log: both Finished decrypted, no alert that fails it, and the
 * server carried on after the client's Finished (a server refusing the client's
 * certificate answers it with an alert instead). */
static bool m_tls13_decrypted_complete(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	char vb[24], cb[16];
	if (!tls_version_is_13(f->version) || !f->finished_decrypted[SIDE_CLIENT] || !f->finished_decrypted[SIDE_SERVER])
		return false;
	if (d->failure_alert != NULL || f->decrypt_failed[SIDE_CLIENT] || f->decrypt_failed[SIDE_SERVER])
		return false;
	bool server_went_on = facts_tls13_server_went_on(f);
	const struct close_fact *c = d->first_close[SIDE_SERVER];
	if (!server_went_on && (c == NULL || c->rst))
		return false;
	/* A close with records the key log cannot open (it lacks the traffic secrets) is
	 * no evidence of a quiet close: one of them may be the alert. The record sizes
	 * decide then (tls13.server_abort_*). */
	if (!server_went_on && f->undecrypted_records[SIDE_SERVER] > 0)
		return false;
	ev(v, "decrypted with the key log: the server's Finished and the client's Finished, then %s",
	   server_went_on ? (f->new_session_ticket_seen ? "a session ticket from the server" : "application data from the server")
			  : "the server closed without an alert");
	ev(v, "%s, %s", version_label(f->version, vb, sizeof vb), tls_cipher_name(f->sh.cipher, cb, sizeof cb));
	summary(v, "handshake completed (TLS 1.3, decrypted)");
	return true;
}

/* A SYN not answered yet when watching stopped, too soon to call it silence. */
static bool m_tcp_syn_unwatched(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!d->syn_unanswered) /* tcp.no_synack, first in the table, took the ones watched long enough */
		return false;
	if (f->evicted != EVICT_NONE)
		ev(v, "SYN sent; tlsdiag stopped following the connection %.1f s later, before an answer was due",
		   f->t_observed - f->t_syn);
	else
		ev(v, "SYN sent; the capture ends %.1f s later, before an answer was due", f->t_observed - f->t_syn);
	summary(v, "a SYN the capture did not watch long enough to tell whether it was answered");
	return true;
}

static bool m_tcp_refused(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	if (!f->syn_seen || f->synack_seen || !f->rst[SIDE_SERVER].seen || f->client_hello_seen)
		return false;
	ev(v, "SYN answered by a reset after %.1f ms: nothing listens on port %u", ms(f->rst[SIDE_SERVER].t - f->t_syn),
	   f->server.port);
	summary(v, "connection refused: nothing listens on port %u", f->server.port);
	return true;
}

/* The connection opened (SYN seen), the client's first bytes never came whole, and the
 * server never acknowledged the missing ones: they were lost before the capture point
 * and before the server, on the path, not by the capture (which would show the server
 * acknowledging bytes it lacks, gap_acked). A capture near the server of a client whose
 * big hello meets a path that drops full-sized packets looks like this. */
static bool m_hello_lost_on_path(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (f->client_hello_seen || f->malformed[SIDE_CLIENT] || !f->syn_seen || !f->synack_seen || f->midstream ||
	    !f->gap[SIDE_CLIENT] || f->gap_acked[SIDE_CLIENT] || f->truncated_packets || server_sent_tls(f) ||
	    f->payload_bytes[SIDE_SERVER] > 0)
		return false;
	ev(v, "part of the client's first bytes never arrived: the capture has the TCP handshake and %llu bytes of the client's after a hole",
	   (unsigned long long)f->payload_bytes[SIDE_CLIENT]);
	ev(v, "the server never acknowledged the missing bytes: they were lost on the path, not by the capture");
	if (d->capture_point == CAPTURE_POINT_SERVER)
		ev(v, "captured near the server: the client's ClientHello did not reach it whole");
	summary(v, "the ClientHello did not arrive whole: part of it was lost on the path, so the server could not answer");
	fix(v, "full-sized packets from the client are lost on the way: check MTU/MSS clamping on the path (PMTUD blackhole) and firewalls that drop large segments, or test with a smaller hello (no post-quantum key share)");
	return true;
}

static bool m_capture_midstream(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	if (f->client_hello_seen || f->malformed[SIDE_CLIENT] || !(f->midstream || f->gap[SIDE_CLIENT]))
		return false;
	if (f->gap[SIDE_CLIENT] && f->truncated_packets && !f->midstream) {
		ev(v, "the client's packets were cut by the capture's snap length: the ClientHello is not whole");
		summary(v, "the ClientHello was cut by the snap length: capture again with a larger one (tcpdump -s 0)");
		return true;
	}
	if (f->midstream)
		ev(v, "the capture starts inside the connection (no SYN)%s",
		   f->roles_guessed ? "; client and server told apart by port" : "");
	if (f->gap[SIDE_CLIENT])
		ev(v, "bytes of the client's stream are missing from the capture");
	summary(v, "no ClientHello in the capture: it starts after the handshake began");
	return true;
}

static bool m_client_plaintext(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	if (f->client_hello_seen || !f->not_tls[SIDE_CLIENT] || f->malformed[SIDE_CLIENT])
		return false;
	char shown[sizeof f->first_bytes[SIDE_CLIENT] + 1];
	(void)escape_mask(f->first_bytes[SIDE_CLIENT], f->first_bytes_len[SIDE_CLIENT], '.', ESCAPE_QUOTES, shown,
			  sizeof shown);
	ev(v, "client sent %llu bytes that are not TLS to port %u, starting \"%s\"",
	   (unsigned long long)f->payload_bytes[SIDE_CLIENT], f->server.port, shown);
	if (server_sent_tls(f))
		ev(v, "the server answered in TLS");
	summary(v, "the client spoke plain text to a TLS port %u", f->server.port);
	return true;
}

/* ---------------------------------------------------------------------------------------
 * Clear-text dialogues before TLS (upgrade.h): STARTTLS and its kin, forward proxies. */

/* What to change on a server that refused or did not offer the upgrade, per protocol. */
static const char *upgrade_server_fix(enum upgrade_kind k)
{
	switch (k) {
	case UPGRADE_SMTP:
		return "enable STARTTLS on the mail server with a certificate and key it can read (Postfix: smtpd_tls_cert_file, smtpd_tls_key_file, smtpd_tls_security_level = may; Exim: tls_certificate, tls_advertise_hosts); its log says why TLS is not available";
	case UPGRADE_IMAP:
	case UPGRADE_POP3:
		return "enable TLS in the mail store (Dovecot: ssl = yes with ssl_cert and ssl_key; Courier: TLS_CERTFILE), or connect to its implicit-TLS port (IMAP 993, POP3 995)";
	case UPGRADE_FTP:
		return "enable FTPS on the server (vsftpd: ssl_enable=YES with rsa_cert_file; ProFTPD: TLSEngine on), or use SFTP";
	case UPGRADE_NNTP:
		return "enable TLS in the news server (INN: tlscertfile and tlskeyfile in inn.conf), or use the implicit-TLS port 563";
	case UPGRADE_LDAP:
		return "configure TLS on the directory server (OpenLDAP: olcTLSCertificateFile and olcTLSCertificateKeyFile), or use ldaps:// on port 636";
	case UPGRADE_XMPP:
		return "give the XMPP server a certificate for the domain and enable STARTTLS (Prosody: ssl = { certificate, key } and c2s_require_encryption; ejabberd: certfiles and starttls)";
	case UPGRADE_POSTGRESQL:
		return "enable SSL on the database server (postgresql.conf: ssl = on with ssl_cert_file and ssl_key_file, then reload), or let the client connect without it (sslmode) where clear text is acceptable";
	case UPGRADE_MYSQL:
		return "enable TLS on the database server (ssl_cert and ssl_key in [mysqld], or require_secure_transport), then restart it";
	default:
		return "";
	}
}

/* What the server listed, in the words of its protocol. */
static const char *upgrade_offer_place(enum upgrade_kind k)
{
	switch (k) {
	case UPGRADE_SMTP: return "its EHLO answer lists no STARTTLS";
	case UPGRADE_IMAP: return "its CAPABILITY list has no STARTTLS";
	case UPGRADE_POP3: return "its CAPA answer lists no STLS";
	case UPGRADE_FTP: return "its FEAT answer lists no AUTH TLS";
	case UPGRADE_NNTP: return "its CAPABILITIES list has no STARTTLS";
	case UPGRADE_XMPP: return "its stream features have no <starttls/>";
	case UPGRADE_MYSQL: return "its greeting lacks the CLIENT_SSL capability";
	default: return "it does not offer the upgrade";
	}
}

/* The client ended the dialogue itself: a goodbye in its protocol, or the first close. */
static bool upgrade_client_gave_up(const struct facts *f, const struct facts_derived *d)
{
	return f->upgrade.client_quit || (d->first_close_any != NULL && d->first_close[SIDE_CLIENT] == d->first_close_any);
}

static const char *upgrade_end_words(const struct facts *f, const struct facts_derived *d)
{
	if (f->upgrade.client_went_on)
		return "the client went on in clear text: this session was not encrypted";
	if (f->upgrade.client_quit)
		return "the client then gave up (it said goodbye in the protocol) without TLS";
	if (upgrade_client_gave_up(f, d))
		return "the client then closed the connection without TLS";
	return NULL;
}

static void upgrade_greeting_ev(const struct facts *f, struct verdict *v)
{
	if (f->upgrade.greeting[0] != '\0')
		ev(v, "the server greeted in %s: \"%s\"", upgrade_protocol_name((enum upgrade_kind)f->upgrade.kind),
		   f->upgrade.greeting);
}

static bool m_proxy_refused(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	const struct upgrade_fact *u = &f->upgrade;
	enum upgrade_kind k = (enum upgrade_kind)u->kind;
	if (!upgrade_kind_is_proxy(k) || !u->requested || u->answer != UPGRADE_REFUSED || f->client_hello_seen)
		return false;
	const char *proxy = upgrade_protocol_name(k);
	if (u->target[0] != '\0')
		ev(v, "the client asked the %s for a tunnel to %s: %s", proxy, u->target, u->request);
	else
		ev(v, "the client opened a %s dialogue (%s) before naming a destination", proxy, u->request);
	ev(v, "the proxy refused: %s", u->reply);
	if (u->credentials_sent)
		ev(v, "the request carried credentials: the proxy did not accept them");
	if (u->refusals > 1)
		ev(v, "%u refusals on this connection", u->refusals);
	ev(v, "no TLS byte was sent: the handshake with %s never started", u->target[0] ? u->target : "the destination");
	summary(v, "the %s refused the tunnel%s%s: %s", proxy, u->target[0] ? " to " : "", u->target, u->reply);
	if (k == UPGRADE_HTTP_CONNECT) {
		if (u->code == 407)
			fix(v, "give the client the proxy's credentials (curl --proxy-user, https_proxy=http://user:pass@proxy:port, the system's proxy settings), or exempt this destination from proxy authentication");
		else if (u->code == 403)
			fix(v, "the proxy's policy forbids this destination or port (squid: http_access and the SSL_ports / CONNECT acl; tinyproxy: ConnectPort): allow it, or reach the server another way");
		else if (u->code == 502 || u->code == 503 || u->code == 504)
			fix(v, "the proxy could not reach %s: check, from the proxy, that the name resolves and the port answers", u->target[0] ? u->target : "the destination");
		else
			fix(v, "read the proxy's answer and its access log for this request");
	} else if (u->code == 255 || (k == UPGRADE_SOCKS5 && u->credentials_sent)) {
		fix(v, "configure the client with the authentication the SOCKS proxy requires (a username and password), or allow the client's method on the proxy");
	} else if ((k == UPGRADE_SOCKS5 && u->code == 2) || (k == UPGRADE_SOCKS4 && u->code == 91)) {
		fix(v, "the proxy's rules refuse this client or destination (dante: socks pass/block rules): allow it, or reach the server another way");
	} else {
		fix(v, "the proxy could not connect to %s: check, from the proxy, that the destination resolves and listens", u->target[0] ? u->target : "the destination");
	}
	return true;
}

static bool m_upgrade_refused(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct upgrade_fact *u = &f->upgrade;
	enum upgrade_kind k = (enum upgrade_kind)u->kind;
	/* A client that sends its ClientHello after the refusal anyway (openssl s_client
	 * -starttls does not read the answer) meets a server still in its protocol. */
	if (k == UPGRADE_NONE || upgrade_kind_is_proxy(k) || !u->requested || u->answer != UPGRADE_REFUSED ||
	    (f->client_hello_seen && server_sent_tls(f)))
		return false;
	upgrade_greeting_ev(f, v);
	ev(v, "the client asked to start TLS (%s): \"%s\"", upgrade_kind_name(k), u->request);
	ev(v, "the server refused: \"%s\" (%.1f ms later)", u->reply, ms(u->t_answer - u->t_request));
	const char *end = upgrade_end_words(f, d);
	if (f->client_hello_seen)
		ev(v, "the client sent its ClientHello anyway; the server, still speaking %s, answered it in clear text",
		   upgrade_protocol_name(k));
	else if (end != NULL)
		ev(v, "%s", end);
	summary(v, "the server refused %s: %s%s", upgrade_kind_name(k), u->reply,
		u->client_went_on ? "; the client went on in clear text" : "");
	fix(v, "%s%s", u->client_went_on ? "the session went on unencrypted (credentials and data in clear text): make the client require TLS, and " : "",
	    upgrade_server_fix(k));
	return true;
}

static bool m_upgrade_not_offered(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct upgrade_fact *u = &f->upgrade;
	enum upgrade_kind k = (enum upgrade_kind)u->kind;
	if (k == UPGRADE_NONE || upgrade_kind_is_proxy(k) || u->requested || !u->offers_seen || u->offered ||
	    u->client_went_on || f->client_hello_seen || !upgrade_client_gave_up(f, d))
		return false;
	upgrade_greeting_ev(f, v);
	ev(v, "the server does not offer TLS: %s", upgrade_offer_place(k));
	ev(v, "%s", upgrade_end_words(f, d));
	summary(v, "the server does not offer %s, and the client gave up without TLS", upgrade_kind_name(k));
	fix(v, "%s", upgrade_server_fix(k));
	return true;
}

/* The client sent its ClientHello at once to a server that greets in clear text and
 * expects an upgrade command first. */
static bool m_upgrade_expected(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	const struct upgrade_fact *u = &f->upgrade;
	enum upgrade_kind k = (enum upgrade_kind)u->kind;
	if (k == UPGRADE_NONE || upgrade_kind_is_proxy(k) || u->requested || u->greeting[0] == '\0' ||
	    !f->client_hello_seen || server_sent_tls(f))
		return false;
	upgrade_greeting_ev(f, v);
	ev(v, "the client sent a ClientHello without asking for TLS first: this server speaks %s in clear text and upgrades only on %s",
	   upgrade_protocol_name(k), upgrade_kind_name(k));
	summary(v, "a ClientHello sent to a %s server that expects %s first", upgrade_protocol_name(k), upgrade_kind_name(k));
	fix(v, "use the client's STARTTLS mode (openssl s_client -starttls, curl with --ssl-reqd and a plain scheme, sslmode for databases) on this port, or connect to the service's implicit-TLS port (SMTP 465, IMAP 993, POP3 995, FTP 990, NNTP 563, LDAP 636)");
	return true;
}

/* What the dialogue before TLS was, for the attempts that went through it. */
static void upgrade_notes(const struct facts *f, struct verdict *v)
{
	const struct upgrade_fact *u = &f->upgrade;
	enum upgrade_kind k = (enum upgrade_kind)u->kind;
	if (k == UPGRADE_NONE || !u->requested || !f->client_hello_seen)
		return;
	if (upgrade_kind_is_proxy(k)) {
		ev(v, "through %s %s: %s%s%s%s", k == UPGRADE_HTTP_CONNECT ? "an" : "a", upgrade_protocol_name(k), u->request,
		   u->reply[0] ? " -> " : "", u->reply,
		   u->refusals > 0 ? " (after a refusal on the same connection)" : "");
		/* The certificate a client refuses through a proxy may be the proxy's own. */
		if (v->cls == CLASS_SERVER_CERT_REJECTED && f->n_certs[SIDE_SERVER] == 0)
			ev(v, "a proxy that inspects TLS (interception) answers with a certificate of its own CA, which a client that does not trust that CA refuses: the certificate is encrypted here, capture with SSLKEYLOGFILE (--keylog) to see its issuer");
	}
	else
		ev(v, "clear-text upgrade before TLS: %s (\"%s\"%s%s%s)", upgrade_kind_name(k), u->request,
		   u->reply[0] ? " answered \"" : "", u->reply, u->reply[0] ? "\"" : "");
}

/* No ClientHello, no malformed bytes from the client, no reset forged toward the server. */
/* The client's first clear-text alert when it sent no ClientHello: its TLS library gave
 * up before starting (OpenSSL sends protocol_version or internal_error when no version
 * it may use is enabled). NULL otherwise. */
static const struct alert_fact *client_alert_before_hello(const struct facts *f)
{
	if (f->client_hello_seen)
		return NULL;
	for (unsigned i = 0; i < f->n_alerts; i++)
		if (f->alerts[i].from == SIDE_CLIENT && !f->alerts[i].encrypted)
			return &f->alerts[i];
	return NULL;
}

/* A connection both sides took part in whose client sent nothing of TLS: no hello, no
 * alert, no other handshake message, nothing malformed. One side alone is a one-sided
 * capture (capture.one_sided), not a client that did not speak. */
static bool no_client_hello(const struct facts *f, const struct facts_derived *d)
{
	return !f->client_hello_seen && !f->malformed[SIDE_CLIENT] && d->forged_client_reset == NULL &&
	       client_alert_before_hello(f) == NULL && !f->client_first_handshake_seen && f->packets[SIDE_CLIENT] > 0 &&
	       f->packets[SIDE_SERVER] > 0;
}

/* The server ended the connection before the client sent a byte. */
static bool server_closed_at_once(const struct facts *f, const struct facts_derived *d)
{
	return d->server_close_first != NULL && f->payload_bytes[SIDE_CLIENT] == 0;
}

/* A client alert sent after its own Finished but before it had the server's (TLS <= 1.2;
 * its ACK did not cover them), other than a decrypted warning: the client aborted a
 * handshake whose Finished the capture saw both ways. NULL when there is none. */
static const struct alert_fact *client_abort_in_handshake(const struct facts *f)
{
	for (unsigned i = 0; i < f->n_alerts; i++) {
		const struct alert_fact *a = &f->alerts[i];
		if (a->before_peer_finished && (a->encrypted || a->level != TLS_ALERT_LEVEL_WARNING))
			return a;
	}
	return NULL;
}

static bool m_server_closed_before_hello(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!no_client_hello(f, d) || !server_closed_at_once(f, d))
		return false;
	const struct close_fact *s = d->server_close_first;
	ev(v, "server %s the connection %.1f ms after the TCP handshake, before the client sent anything",
	   s->rst ? "reset" : "closed", ms(s->t - (f->t_ack >= 0 ? f->t_ack : 0)));
	summary(v, "the server %s the connection before the ClientHello", s->rst ? "reset" : "closed");
	return true;
}

static bool m_not_client_hello(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (f->client_hello_seen || !f->client_first_handshake_seen || f->client_first_handshake_type == TLS_HS_CLIENT_HELLO)
		return false;
	uint8_t type = f->client_first_handshake_type;
	const char *name = tls_handshake_name(type);
	ev(v, "the client's first handshake message is %s (type %u), not a ClientHello", name ? name : "of an unknown type", type);
	const struct alert_fact *a = d->failure_alert;
	const struct close_fact *c = d->server_close_first;
	if (a != NULL && a->from == SIDE_SERVER)
		alert_evidence(f, a, v);
	else if (c != NULL)
		ev(v, "the server %s the connection without an alert", c->rst ? "reset" : "closed");
	summary(v, "the client did not start with a ClientHello (it sent %s)%s", name ? name : "an unknown handshake message",
		a != NULL && a->from == SIDE_SERVER ? ", and the server refused it" : "");
	fix(v, "the client (or a proxy in front of it) does not start the TLS handshake correctly: check what sends these bytes; a TLS client must open with a ClientHello (RFC 8446 4.1.2)");
	return true;
}

static bool m_no_client_hello(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!no_client_hello(f, d) || server_closed_at_once(f, d))
		return false;
	ev(v, "no ClientHello was seen from the client");
	summary(v, "TCP connection without a TLS ClientHello");
	if (d->capture_point == CAPTURE_POINT_SERVER || d->capture_point == CAPTURE_POINT_MIDDLE) {
		/* Seen away from the client, silence may be the path's: a filter that drops the
		 * hello and resets the client leaves the server exactly this. */
		ev(v, "captured away from the client: a hello dropped on the path (a firewall filtering by SNI drops it and resets the client) looks the same here");
		fix(v, "capture at the client to tell a client that never started TLS from a hello dropped on the way");
	}
	return true;
}

static bool m_handshake_complete(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	char vb[24], cb[16];
	if (f->sslv2_handshake && f->enc_records[SIDE_CLIENT] >= 2 && f->enc_records[SIDE_SERVER] >= 2) {
		ev(v, "SSL 2.0 SERVER-HELLO, then encrypted records both ways");
		summary(v, "SSL 2.0 handshake completed (SSL 2.0 is broken: RFC 6176)");
		return true;
	}
	if (tls_version_is_13(f->version) || !f->finished_seen[SIDE_CLIENT] || !f->finished_seen[SIDE_SERVER])
		return false;
	const struct alert_fact *a = d->failure_alert;
	if (a != NULL && a->stage < STAGE_SERVER_CCS)
		return false;
	if (client_abort_in_handshake(f) != NULL)
		return false; /* Finished both ways, but the client had given up first */
	v->resumed = d->resumed;
	ev(v, "ChangeCipherSpec and Finished both ways%s", v->resumed ? " (abbreviated handshake: session resumed)" : "");
	if (f->server_hello_seen)
		ev(v, "%s, %s", version_label(f->version, vb, sizeof vb), tls_cipher_name(f->sh.cipher, cb, sizeof cb));
	else
		ev(v, "the ServerHello is missing from the capture; the rest of the handshake is there");
	for (unsigned i = 0; i < f->n_alerts; i++)
		if (!f->alerts[i].encrypted && f->alerts[i].level == TLS_ALERT_LEVEL_WARNING && f->alerts[i].code == TLS_ALERT_UNRECOGNIZED_NAME)
			ev(v, "warning unrecognized_name(112) from the %s was not fatal", side_name(f->alerts[i].from));
	summary(v, "handshake completed%s", v->resumed ? " (resumed)" : "");
	if (!f->server_hello_seen)
		v->confidence = CONF_MEDIUM;
	return true;
}

static bool m_alert_protocol_version(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = d->failure_alert;
	if (a == NULL || (a->code != TLS_ALERT_PROTOCOL_VERSION && a->code != TLS_ALERT_INAPPROPRIATE_FALLBACK))
		return false;
	char vb[24];
	alert_evidence(f, a, v);
	describe_offer(f, v);
	if (f->server_hello_seen)
		ev(v, "server chose %s%s", version_label(f->version, vb, sizeof vb),
		   client_offered_version(f, f->version) ? "" : ", which the client did not offer");
	if (a->code == TLS_ALERT_INAPPROPRIATE_FALLBACK) {
		ev(v, "the hello carries TLS_FALLBACK_SCSV: this is a downgraded retry (RFC 7507)");
		summary(v, "server refused a downgraded retry (inappropriate_fallback): an earlier attempt at a higher version failed");
		fix(v, "find why the first attempt at the higher version failed (often a middlebox); do not make the client fall back");
		return true;
	}
	if (a->from == SIDE_CLIENT && !f->client_hello_seen) {
		summary(v, "the client's TLS library refused to start: no protocol version it may use (protocol_version instead of a ClientHello)");
		fix(v, "the client's own settings leave no version: its minimum is above its maximum, or policy disables every version it allows (OpenSSL -min_protocol/-max_protocol, MinProtocol/MaxProtocol and the security level in openssl.cnf; Java jdk.tls.client.protocols and jdk.tls.disabledAlgorithms; GnuTLS priority strings): allow TLS 1.2 and 1.3");
		return true;
	}
	uint16_t maxv = d->client_max_version;
	bool only13 = f->ch.has_supported_versions && !client_offered_version(f, TLS_VERSION_TLS12) &&
		      !client_offered_version(f, TLS_VERSION_TLS11) && !client_offered_version(f, TLS_VERSION_TLS10);
	if (a->from == SIDE_SERVER)
		summary(v, "server refuses the client's versions (client offered %s%s): protocol_version", only13 ? "only " : "up to ",
			version_label(maxv, vb, sizeof vb));
	else
		summary(v, "client refuses the version the server chose (%s): protocol_version",
			f->server_hello_seen ? version_label(f->version, vb, sizeof vb) : "?");
	if (a->from == SIDE_CLIENT && f->server_hello_seen && f->version < TLS_VERSION_TLS12) {
		fix(v, "the server speaks at most %s: enable TLS 1.2 (better 1.3) on the server; lowering the client's minimum is a stopgap that weakens it",
		    version_label(f->version, vb, sizeof vb));
		return true;
	}
	if (a->from == SIDE_SERVER && maxv < TLS_VERSION_TLS12)
		fix(v, "the client offers at most %s: enable TLS 1.2 and 1.3 on the client (old clients: update the TLS library)", version_label(maxv, vb, sizeof vb));
	else if (a->from == SIDE_SERVER && only13)
		fix(v, "the server does not speak TLS 1.3 (an old TLS library, or 1.3 disabled): enable TLS 1.3 on the server, or let the client also offer TLS 1.2 (MinProtocol = TLSv1.2)");
	else if (a->from == SIDE_SERVER && !tls_version_is_13(maxv))
		fix(v, "the server probably accepts only TLS 1.3: enable TLS 1.3 on the client, or allow TLS 1.2 on the server (e.g. nginx ssl_protocols TLSv1.2 TLSv1.3; OpenSSL MinProtocol = TLSv1.2)");
	else
		fix(v, "align the version ranges: check MinProtocol/MaxProtocol (OpenSSL), ssl_protocols (nginx), --priority (GnuTLS) on both sides");
	return true;
}

static bool m_alert_alpn(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = d->failure_alert;
	if (a == NULL || a->code != TLS_ALERT_NO_APPLICATION_PROTOCOL)
		return false;
	alert_evidence(f, a, v);
	char list[200] = "";
	for (unsigned i = 0; i < f->ch.n_alpn; i++) {
		size_t used = strlen(list);
		snprintf(list + used, sizeof list - used, "%s%.*s", used ? "," : "", (int)f->ch.alpn_len[i], f->ch.alpn[i]);
	}
	char shown[sizeof list];
	(void)escape_mask(list, strlen(list), '?', 0, shown, sizeof shown);
	ev(v, "client offered ALPN %s", f->ch.n_alpn ? shown : "(none)");
	summary(v, "no common application protocol (ALPN): client offered %s", f->ch.n_alpn ? shown : "none");
	fix(v, "make the server accept one of the client's protocols (e.g. add http/1.1 next to h2), or make the client offer what the server speaks");
	return true;
}

/* The server's unrecognized_name(112) that ended the handshake: a fatal one, or a
 * warning that the client took as fatal (Java 7+ clients close on it, "handshake alert:
 * unrecognized_name"; *warning says so). NULL when there is none. */
static const struct alert_fact *refusing_unrecognized_name(const struct facts *f, const struct facts_derived *d, bool *warning)
{
	const struct alert_fact *a = d->failure_alert;
	*warning = false;
	if (a == NULL) {
		const struct alert_fact *w = facts_first_plain_alert(f, SIDE_SERVER, false);
		const struct close_fact *cc = d->first_close[SIDE_CLIENT];
		if (w == NULL || w->code != TLS_ALERT_UNRECOGNIZED_NAME || cc == NULL || f->finished_seen[SIDE_CLIENT] ||
		    f->ccs_seen[SIDE_CLIENT])
			return NULL;
		*warning = true;
		return w;
	}
	if (a->code != TLS_ALERT_UNRECOGNIZED_NAME || a->from != SIDE_SERVER)
		return NULL;
	if (a->level != TLS_ALERT_LEVEL_FATAL && f->server_hello_seen)
		return NULL;
	return a;
}

/* unrecognized_name in answer to a hello without a name: the server needs one (nginx
 * ssl_reject_handshake and HAProxy strict-sni send it: man/tls-stacks.md, missing_sni).
 * The handshake (no server_name) outranks the alert's wording (the name is not unknown,
 * it is missing). */
static bool m_alert_unrecognized_name_no_sni(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	bool warning;
	if (!f->client_hello_seen || f->ch.has_sni)
		return false;
	const struct alert_fact *a = refusing_unrecognized_name(f, d, &warning);
	if (a == NULL)
		return false;
	alert_evidence(f, a, v);
	ev(v, "the ClientHello has no server_name extension: the server needs a name to choose its certificate or backend");
	if (warning) {
		ev(v, "the client then closed without finishing the handshake: it took the warning as fatal");
		v->confidence = CONF_MEDIUM;
	}
	summary(v, "ClientHello without SNI, refused with unrecognized_name: the server serves only named hosts");
	fix(v, "make the client send SNI (use a host name, not an IP address; openssl s_client -servername NAME; Java: jdk.tls.client.enableSNIExtension), or give the server a default certificate for clients without SNI");
	return true;
}

/* A server that refuses a name in code rather than in configuration may say so with
 * internal_error(80): Go's GetConfigForClient/GetCertificate returning an error does
 * (man/tls-stacks.md, unknown_sni). Before any ServerHello, to a hello naming a host,
 * from a server that completed handshakes for other names in the capture, the name is
 * what it refused. */
static bool m_alert_internal_error_unknown_sni(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = d->failure_alert;
	if (a == NULL || a->from != SIDE_SERVER || a->code != TLS_ALERT_INTERNAL_ERROR || f->server_hello_seen ||
	    !f->client_hello_seen || !f->ch.has_sni || f->same_server_ok_other_sni == 0)
		return false;
	alert_evidence(f, a, v);
	ev(v, "client asked for server_name \"%s\"; the same server completed %u handshake(s) for other names in this capture",
	   f->ch.sni, f->same_server_ok_other_sni);
	ev(v, "servers that pick their configuration by name in code (Go's GetConfigForClient) answer an unknown name with internal_error");
	summary(v, "server does not serve the name \"%s\" (internal_error before any ServerHello; it accepts other names)", f->ch.sni);
	fix(v, "add \"%s\" to the server's name configuration (its certificate selection or per-name settings), or use a name it serves", f->ch.sni);
	return true;
}

static bool m_alert_unrecognized_name(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	bool warning;
	if (!f->ch.has_sni)
		return false;
	const struct alert_fact *a = refusing_unrecognized_name(f, d, &warning);
	if (a == NULL)
		return false;
	alert_evidence(f, a, v);
	if (warning) {
		ev(v, "the client then closed without finishing the handshake: it took the warning as fatal (Java clients do, jsse.enableSNIExtension)");
		v->confidence = CONF_MEDIUM;
		summary(v, "server does not know the name \"%s\" (warning unrecognized_name), and the client gave up", f->ch.sni);
		fix(v, "configure the name on the server (server_name / virtual host), or make the client ignore the warning (Java: -Djsse.enableSNIExtension=false as a last resort)");
		return true;
	}
	ev(v, "client asked for server_name \"%s\"", f->ch.sni);
	summary(v, "server does not know the name \"%s\" (unrecognized_name)", f->ch.sni);
	fix(v, "add the name to the server (server_name / virtual host, certificate SAN), or connect with a name the server serves");
	return true;
}

static bool m_alert_client_cert_missing(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = d->failure_alert;
	/* The handshake says it, not the alert's code: servers that require a certificate
	 * answer an empty one with handshake_failure (OpenSSL <= 1.2), certificate_required
	 * (TLS 1.3), bad_certificate (Go, Java), access_denied, or decode_error (GnuTLS, which
	 * reads the empty list as a message too short): see man/tls-stacks.md, section
	 * client_cert_missing. Only a failure of the record protection (a MAC, a decryption)
	 * after the empty Certificate points elsewhere. */
	if (a == NULL || a->from != SIDE_SERVER || !d->client_cert_empty || a->stage < STAGE_CLIENT_CERT ||
	    a->code == TLS_ALERT_BAD_RECORD_MAC || a->code == TLS_ALERT_DECRYPTION_FAILED || a->code == TLS_ALERT_DECRYPT_ERROR)
		return false;
	alert_evidence(f, a, v);
	if (!(a->code == TLS_ALERT_HANDSHAKE_FAILURE || a->code == TLS_ALERT_NO_CERTIFICATE || a->code == TLS_ALERT_BAD_CERTIFICATE ||
	      a->code == TLS_ALERT_CERTIFICATE_REQUIRED || a->code == TLS_ALERT_INSUFFICIENT_SECURITY || a->code == TLS_ALERT_ACCESS_DENIED)) {
		char ab[64];
		ev(v, "%s is this server stack's way of refusing an empty certificate list (GnuTLS sends decode_error): the CertificateRequest and the empty Certificate say why",
		   alert_label(a->code, ab, sizeof ab));
	}
	ev(v, "server sent a CertificateRequest%s; the client answered with an empty Certificate",
	   f->n_ca_names_total ? " naming acceptable CAs" : "");
	for (unsigned i = 0; i < f->n_ca_names && i < 4; i++)
		ev(v, "acceptable CA: %s", f->ca_names[i]);
	summary(v, "server requires a client certificate; the client sent none");
	fix(v, "configure the client with a certificate and key issued by one of the CAs the server accepts (curl --cert/--key, openssl s_client -cert/-key)");
	return true;
}

/* Alerts a server sends when it refuses a client certificate: the verdicts, and the
 * generic ones stacks use instead (a bad CertificateVerify, a weak key, no reason). */
static bool cert_alert(uint8_t code)
{
	return facts_cert_verdict_alert(code) || code == TLS_ALERT_DECRYPT_ERROR || code == TLS_ALERT_INSUFFICIENT_SECURITY ||
	       code == TLS_ALERT_HANDSHAKE_FAILURE;
}

/*
 * The certificate finding that best explains a refusal. The alert narrows it down (RFC
 * 8446 6.2: certificate_expired for dates, unknown_ca for trust, unsupported_certificate
 * for usages); otherwise the order is how often each cause is the real one.
 */
static const struct cert_finding *explain(const struct cert_findings *fs, int alert_code, bool server_cert)
{
	static const enum cert_check by_expired[] = { CHK_EXPIRED, CHK_NOT_YET_VALID };
	static const enum cert_check by_unknown_ca[] = { CHK_INTERCEPTION, CHK_ISSUER_NOT_ACCEPTED, CHK_SELF_SIGNED,
							 CHK_CHAIN_INCOMPLETE, CHK_DIFFERS_FROM_ACCEPTED };
	static const enum cert_check by_unsupported[] = { CHK_NO_CLIENT_AUTH, CHK_NO_SERVER_AUTH, CHK_KEY_USAGE };
	static const enum cert_check by_default[] = { CHK_INTERCEPTION, CHK_EXPIRED, CHK_NOT_YET_VALID, CHK_NAME_MISMATCH, CHK_ISSUER_NOT_ACCEPTED,
						      CHK_SELF_SIGNED, CHK_CHAIN_INCOMPLETE, CHK_WEAK_KEY, CHK_WEAK_SIGNATURE,
						      CHK_EXPLICIT_CURVE, CHK_NO_CLIENT_AUTH, CHK_NO_SERVER_AUTH, CHK_KEY_USAGE, CHK_CHAIN_ORDER,
						      CHK_DIFFERS_FROM_ACCEPTED, CHK_UNPARSABLE };
	const enum cert_check *order = by_default;
	size_t n = sizeof by_default / sizeof by_default[0];
	if (alert_code == TLS_ALERT_CERTIFICATE_EXPIRED) {
		order = by_expired;
		n = 2;
	} else if (alert_code == TLS_ALERT_UNKNOWN_CA) {
		order = by_unknown_ca;
		n = sizeof by_unknown_ca / sizeof by_unknown_ca[0];
	} else if (alert_code == TLS_ALERT_UNSUPPORTED_CERTIFICATE) {
		order = by_unsupported;
		n = 3;
	}
	(void)server_cert;
	const struct cert_finding *hit = NULL;
	for (size_t i = 0; i < n; i++)
		if (certcheck_has(fs, order[i], &hit))
			return hit;
	/* The alert's own hint found nothing: fall back to any finding. */
	for (size_t i = 0; i < sizeof by_default / sizeof by_default[0]; i++)
		if (certcheck_has(fs, by_default[i], &hit))
			return hit;
	return NULL;
}

/* What to do about the explaining finding: the check's own fix for the role. */
static const char *check_fix(enum cert_check c, bool server_cert)
{
	const struct cert_check_info *info = certcheck_info(c);
	if (info == NULL)
		return NULL;
	return server_cert ? info->fix_server : info->fix_client;
}

/* The finding in a few words, for the one-line summary (the evidence has the details). */
static const char *check_short(const struct cert_finding *why, char *buf, size_t len)
{
	static const char *const words[CHK__COUNT] = {
		[CHK_UNPARSABLE] = "it does not parse",
		[CHK_EXPIRED] = "it has expired",
		[CHK_NOT_YET_VALID] = "it is not valid yet",
		[CHK_WEAK_KEY] = "its key is too small",
		[CHK_WEAK_SIGNATURE] = "it is signed with SHA-1/MD5",
		[CHK_NO_CLIENT_AUTH] = "it lacks the clientAuth usage",
		[CHK_NO_SERVER_AUTH] = "it lacks the serverAuth usage",
		[CHK_KEY_USAGE] = "its key usage lacks digitalSignature",
		[CHK_ISSUER_NOT_ACCEPTED] = "its issuer is not among the CAs the server accepts",
		[CHK_CHAIN_INCOMPLETE] = "its issuer is missing from the chain (intermediate not sent, or a private CA)",
		[CHK_CHAIN_ORDER] = "the chain is out of order",
		[CHK_NAME_MISMATCH] = "it does not name the host asked for",
		[CHK_SELF_SIGNED] = "it is self-signed",
		[CHK_DIFFERS_FROM_ACCEPTED] = "it differs from the one this server accepted",
		[CHK_EXPLICIT_CURVE] = "explicit EC curve parameters (CVE-2020-0601 shape)",
		[CHK_INTERCEPTION] = "it was re-signed by a TLS-intercepting proxy (interception)",
	};
	snprintf(buf, len, "%s%s%s", why->index ? "a chain certificate: " : "",
		 why->check < CHK__COUNT && words[why->check] ? words[why->check] : certcheck_id(why->check),
		 "");
	return buf;
}

/* Adds the findings to the evidence, the explaining one first; returns it. */
static const struct cert_finding *cert_evidence(struct verdict *v, const struct cert_findings *fs, int alert_code,
						bool server_cert)
{
	const struct cert_finding *why = explain(fs, alert_code, server_cert);
	if (why != NULL) {
		v->failing_check = certcheck_id(why->check);
		ev(v, "%s: %s", certcheck_id(why->check), why->text);
		const char *how = check_fix(why->check, server_cert);
		if (how != NULL)
			fix(v, "%s", how);
	}
	for (unsigned i = 0; i < fs->n; i++)
		if (&fs->items[i] != why)
			ev(v, "%s: %s", certcheck_id(fs->items[i].check), fs->items[i].text);
	return why;
}

static bool m_alert_client_cert_rejected(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = d->failure_alert;
	if (a == NULL || a->from != SIDE_SERVER || !d->client_cert_sent || !cert_alert(a->code) ||
	    a->stage < STAGE_CLIENT_CERT)
		return false;
	alert_evidence(f, a, v);
	struct cert_findings fs;
	certcheck_client(f, &fs);
	const struct cert_finding *why = cert_evidence(v, &fs, a->code, false);
	ev(v, "client presented a chain of %u certificate(s); the server named %u acceptable CA(s)", f->n_client_certs,
	   f->n_ca_names_total);
	char ab[64], sb[128];
	if (why != NULL) {
		summary(v, "server refused the client certificate (%s): %s", alert_label(a->code, ab, sizeof ab),
			check_short(why, sb, sizeof sb));
	} else {
		summary(v, "server refused the client certificate: %s", alert_label(a->code, ab, sizeof ab));
		fix(v, "issue the client certificate from a CA the server trusts (see the acceptable CA names), with clientAuth usage, a valid date and a 2048-bit+ key; or add its CA to the server's client CA file");
	}
	return true;
}

static bool m_alert_server_cert_rejected(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = d->failure_alert;
	if (a == NULL || a->from != SIDE_CLIENT || a->stage < STAGE_SERVER_HELLO)
		return false;
	if (!((a->code >= TLS_ALERT_BAD_CERTIFICATE && a->code <= TLS_ALERT_CERTIFICATE_UNKNOWN) || a->code == TLS_ALERT_UNKNOWN_CA || a->code == TLS_ALERT_ACCESS_DENIED))
		return false;
	alert_evidence(f, a, v);
	struct cert_findings fs;
	certcheck_server(f, &fs);
	const struct cert_finding *why = cert_evidence(v, &fs, a->code, true);
	if (f->server_cert_seen)
		ev(v, "server sent %u certificate(s)", f->n_server_certs);
	char ab[64], sb[128];
	if (why != NULL) {
		summary(v, "client refused the server certificate (%s): %s", alert_label(a->code, ab, sizeof ab),
			check_short(why, sb, sizeof sb));
	} else {
		summary(v, "client refused the server certificate: %s", alert_label(a->code, ab, sizeof ab));
		fix(v, "serve a certificate chain that the client trusts: issued by a CA in the client's trust store, complete with intermediates, valid now, matching the name \"%s\"",
		    f->ch.has_sni ? f->ch.sni : "the client uses");
	}
	return true;
}

static bool weak_only_offer(const struct facts *f, unsigned *n_modern)
{
	unsigned modern = 0, known = 0;
	for (unsigned i = 0; i < f->ch.n_ciphers; i++) {
		const struct cipher_info *ci = tls_cipher_info(f->ch.ciphers[i]);
		if (ci == NULL || ci->kx == KX_SCSV)
			continue;
		known++;
		if ((ci->flags & CF_AEAD) && (ci->kx == KX_ECDHE || ci->kx == KX_DHE || ci->kx == KX_TLS13))
			modern++;
	}
	*n_modern = modern;
	return known > 0 && modern == 0;
}

/* The server's handshake_failure or insufficient_security in answer to the hello (no
 * ServerHello), or NULL. */
static const struct alert_fact *hello_refused(const struct facts *f, const struct facts_derived *d)
{
	const struct alert_fact *a = d->failure_alert;
	if (a == NULL || a->from != SIDE_SERVER ||
	    (a->code != TLS_ALERT_HANDSHAKE_FAILURE && a->code != TLS_ALERT_INSUFFICIENT_SECURITY) || f->server_hello_seen)
		return NULL;
	return a;
}

/* The hello offers SSL 3.0 at most (SSL 2.0-format hellos included). */
static bool ssl_only_hello(const struct facts *f, const struct facts_derived *d)
{
	return d->client_max_version <= TLS_VERSION_SSL3 && f->client_hello_seen;
}

static bool m_alert_handshake_failure_ssl_only(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = hello_refused(f, d);
	if (a == NULL || !ssl_only_hello(f, d))
		return false;
	alert_evidence(f, a, v);
	describe_offer(f, v);
	char vb[24];
	summary(v, "server refuses a hello that offers at most %s", version_label(d->client_max_version, vb, sizeof vb));
	return true;
}

/* The hello offers TLS 1.3 only (supported_versions without 1.2 or older). */
static bool only13_hello(const struct facts *f)
{
	return f->client_hello_seen && f->ch.has_supported_versions && !client_offered_version(f, TLS_VERSION_TLS12) &&
	       !client_offered_version(f, TLS_VERSION_TLS11) && !client_offered_version(f, TLS_VERSION_TLS10);
}

/* handshake_failure(40) before any ServerHello to a TLS 1.3-only hello, from a server that
 * answered clients offering TLS 1.3 with an older version in this capture: it does not
 * speak TLS 1.3, and a server without TLS 1.3 that reads the hello as TLS 1.2 finds none
 * of its suites among the TLS 1.3 ones offered (mbedTLS 2.28, wolfSSL 5.5 and GnuTLS 3.7
 * with TLS 1.3 off: man/tls-stacks.md, version_mismatch). */
static bool m_alert_handshake_failure_tls13_only(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = hello_refused(f, d);
	/* Its handshakes say it lacks TLS 1.3: it declined it to a client that offered it, or
	 * (weaker: its clients may not have offered it) none of them is TLS 1.3. */
	bool declined = f->same_server_ok_without13 > 0;
	bool only_older = f->same_server_ok_any > 0 && f->same_server_max_ok_version != 0 &&
			  !tls_version_is_13(f->same_server_max_ok_version);
	if (a == NULL || !only13_hello(f) || (!declined && !only_older))
		return false;
	alert_evidence(f, a, v);
	describe_offer(f, v);
	char vb[24];
	if (declined)
		ev(v, "the same server answered %u client(s) offering TLS 1.3 with an older version in this capture: it does not speak TLS 1.3",
		   f->same_server_ok_without13);
	else
		ev(v, "the same server completed %u handshake(s) in this capture, none above %s: it may not speak TLS 1.3",
		   f->same_server_ok_any, version_label(f->same_server_max_ok_version, vb, sizeof vb));
	ev(v, "a server without TLS 1.3 reads the hello as TLS 1.2 and finds none of its suites among the TLS 1.3 ones offered");
	char ab[64];
	summary(v, "server refused a TLS 1.3-only hello with %s: it does not speak TLS 1.3", alert_label(a->code, ab, sizeof ab));
	fix(v, "the server does not speak TLS 1.3 (an old TLS library, or 1.3 disabled): enable TLS 1.3 on the server, or let the client also offer TLS 1.2 (MinProtocol = TLSv1.2)");
	return true;
}

/* handshake_failure(40) before any ServerHello to a hello without server_name, from a
 * server that completed handshakes for hellos naming a host in this capture: a server
 * that picks every certificate by name (mbedTLS's SNI callback with no default
 * certificate; wolfSSL with WOLFSSL_SNI_ABORT_ON_ABSENCE) has none for a hello without a
 * name, and so no suite it can use (man/tls-stacks.md, missing_sni). */
static bool m_alert_handshake_failure_no_sni(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = hello_refused(f, d);
	/* A hello without a name from a scanner or a probe often offers what the server does
	 * not take either: only a hello offering a suite the server chose for named hellos
	 * is refused for the missing name. */
	if (a == NULL || ssl_only_hello(f, d) || !f->client_hello_seen || f->ch.has_sni || f->same_server_ok_with_sni == 0 ||
	    !f->same_server_suite_offered)
		return false;
	alert_evidence(f, a, v);
	ev(v, "the ClientHello has no server_name extension; the same server completed %u handshake(s) for hellos naming a host in this capture, with a suite this hello offers too",
	   f->same_server_ok_with_sni);
	ev(v, "a server that picks every certificate by name (no default certificate) has none for a hello without one, and no suite it can use");
	char ab[64];
	summary(v, "ClientHello without SNI refused with %s: the server picks its certificate by name", alert_label(a->code, ab, sizeof ab));
	fix(v, "make the client send SNI (use a host name, not an IP address; openssl s_client -servername NAME), or give the server a default certificate");
	return true;
}

static bool m_alert_handshake_failure(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = hello_refused(f, d);
	if (a == NULL || ssl_only_hello(f, d))
		return false;
	alert_evidence(f, a, v);
	describe_offer(f, v);
	uint16_t maxv = d->client_max_version;
	unsigned modern = 0;
	bool weak = weak_only_offer(f, &modern);
	bool has_tls13 = false;
	for (unsigned i = 0; i < f->ch.n_ciphers; i++)
		if ((f->ch.ciphers[i] & 0xff00) == 0x1300)
			has_tls13 = true;
	ev(v, "client offered %u cipher suites, %u of them AEAD with forward secrecy%s", f->ch.n_ciphers_total, modern,
	   has_tls13 ? " (TLS 1.3 suites included)" : "");
	const char *likely;
	if (weak)
		likely = "no cipher suite in common: the client offers only legacy suites (CBC/RC4/3DES, or static RSA) that the server's policy refuses";
	else if (f->ch.n_groups == 0 && maxv >= TLS_VERSION_TLS12)
		likely = "no supported_groups offered: the server cannot pick an ECDHE group";
	else if (f->ch.n_sigalgs == 0 && maxv >= TLS_VERSION_TLS12)
		likely = "no signature_algorithms offered: the server cannot sign with its certificate's key";
	else
		likely = "no cipher suite, group or signature algorithm in common with the server's narrower policy (or a certificate type the client's suites exclude, e.g. an ECDSA-only server with RSA-only suites)";
	ev(v, "most likely: %s", likely);
	if (!f->ch.has_sni)
		ev(v, "the hello carries no server_name: a server that needs SNI to pick its certificate answers the same way");
	char ab[64];
	summary(v, "server refused the ClientHello with %s: %s", alert_label(a->code, ab, sizeof ab),
		weak ? "client offers only legacy cipher suites" : "no shared cipher suite / group / signature algorithm");
	fix(v, "compare the client's offer with the server's configuration (openssl ciphers -v on the server's cipher string); enable a common modern suite such as ECDHE-RSA-AES128-GCM-SHA256 or TLS_AES_128_GCM_SHA256%s",
	    f->ch.has_sni ? "" : "; also send SNI (-servername)");
	return true;
}

static bool protocol_alert(uint8_t code)
{
	switch (code) {
	case TLS_ALERT_UNEXPECTED_MESSAGE: case TLS_ALERT_BAD_RECORD_MAC: case TLS_ALERT_DECRYPTION_FAILED: case TLS_ALERT_RECORD_OVERFLOW: case TLS_ALERT_DECOMPRESSION_FAILURE: case TLS_ALERT_ILLEGAL_PARAMETER: case TLS_ALERT_DECODE_ERROR:
	case TLS_ALERT_DECRYPT_ERROR: case TLS_ALERT_MISSING_EXTENSION: case TLS_ALERT_UNSUPPORTED_EXTENSION: case TLS_ALERT_CERTIFICATE_UNOBTAINABLE: case TLS_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE: case TLS_ALERT_BAD_CERTIFICATE_HASH_VALUE:
		return true;
	default:
		return false;
	}
}

/* A HelloRetryRequest that asks for no group (no key_share extension) and carries no
 * cookie changes nothing in the client's hello; the client refuses it with
 * illegal_parameter (RFC 8446 4.1.4). wolfSSL sends exactly that when it shares no group
 * with the client (man/tls-stacks.md, no_shared_cipher): the cause is the groups. */
static bool m_alert_hrr_without_group(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = d->failure_alert;
	if (!f->hrr_seen || f->server_hello_seen || f->second_client_hello || f->sh.key_share_group != 0 ||
	    a == NULL || a->from != SIDE_CLIENT || a->code != TLS_ALERT_ILLEGAL_PARAMETER)
		return false;
	alert_evidence(f, a, v);
	ev(v, "the server's HelloRetryRequest names no key_share group: a retry that would change nothing, which the client must refuse (RFC 8446 4.1.4)");
	if (f->ch.n_groups > 0) {
		const char *g = tls_group_name(f->ch.groups[0]);
		ev(v, "the client offered %u group(s), first %s; the server accepts none of them (wolfSSL answers no common group with such a HelloRetryRequest)",
		   f->ch.n_groups, g != NULL ? g : "an unknown one");
	}
	summary(v, "no key exchange group in common: the server's HelloRetryRequest asks for none, the client refused it with illegal_parameter(47)");
	fix(v, "enable a common group on both sides (X25519 or P-256 are the usual ones): compare the client's supported_groups with the server's group list");
	return true;
}

/* An alert sent after the peer had closed is a reaction to the close (OpenSSL 3.0 sends
 * decode_error then): failure_alert leaves it out (man/tls-stacks.md, protocol_error). */
static bool m_alert_protocol(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = d->failure_alert;
	if (a == NULL || !protocol_alert(a->code))
		return false;
	alert_evidence(f, a, v);
	char ab[64];
	if (a->code == TLS_ALERT_BAD_RECORD_MAC || a->code == TLS_ALERT_DECRYPT_ERROR)
		ev(v, "the %s could not verify the peer's protected data: the two sides derived different keys (wrong pre-shared key, a broken implementation, or bytes altered on the path)",
		   side_name(a->from));
	summary(v, "%s found the peer's messages malformed or unexpected: %s", side_name(a->from),
		alert_label(a->code, ab, sizeof ab));
	fix(v, "the %s's TLS stack rejected what the %s sent: check both versions of the TLS libraries for a known interoperability bug, and anything on the path that rewrites TLS (proxies, IDS)",
	    side_name(a->from), side_name(!a->from));
	return true;
}

static bool m_alert_other(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = d->failure_alert;
	if (a == NULL)
		return false;
	if (a->code == TLS_ALERT_HANDSHAKE_FAILURE && a->from == SIDE_CLIENT && f->server_hello_seen) {
		ev(v, "the client refused the server's choices (ServerHello or its first flight)");
	}
	alert_evidence(f, a, v);
	char ab[64];
	if (a->from == SIDE_CLIENT && !f->client_hello_seen) {
		summary(v, "the client's TLS library failed before sending a ClientHello: %s", alert_label(a->code, ab, sizeof ab));
		fix(v, "the client could not build its hello (OpenSSL sends internal_error when no version or cipher suite its settings allow is left): read the client's error and check its version, cipher and security-level settings");
		return true;
	}
	summary(v, "%s aborted the handshake with %s", side_name(a->from), alert_label(a->code, ab, sizeof ab));
	fix(v, "look up %s in the %s's logs: the alert alone does not say which setting disagrees", alert_label(a->code, ab, sizeof ab),
	    side_name(a->from));
	return true;
}

/* The alert is encrypted: what the client refused is inferred. NSS checks the server's
 * certificate while the handshake goes on and sends its verdict after its own Finished
 * (man/tls-stacks.md, server_cert_rejected); a decrypted alert is read by the alert rows.
 * An alert after the server had closed answers that close (OpenSSL's decode_error on an
 * unexpected EOF): the server aborted first, which the rows after this one read (mbedTLS
 * 2.28 closes without an alert on an empty client Certificate: man/tls-stacks.md,
 * client_cert_missing). */
static bool m_tls12_client_abort_after_finished(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct alert_fact *a = client_abort_in_handshake(f);
	if (a == NULL || !a->encrypted || d->failure_alert != NULL || !f->server_cert_seen)
		return false;
	const struct close_fact *sc = d->first_close[SIDE_SERVER];
	if (sc != NULL && sc->t < a->t)
		return false;
	ev(v, "the client sent its Finished, then an encrypted alert %.1f ms after the ClientHello, before it had the server's Finished (its acknowledgements do not cover them)",
	   ms(since_hello(f, a->t)));
	ev(v, "a client that checks the server's certificate while the handshake goes on (NSS) refuses it exactly here");
	struct cert_findings fs;
	certcheck_server(f, &fs);
	(void)cert_evidence(v, &fs, -1, true);
	summary(v, "client aborted after its Finished, before the server's: it likely refused the server certificate (alert encrypted)");
	if (v->failing_check == NULL)
		fix(v, "check the server's chain against the client's trust store (openssl s_client -showcerts -servername NAME); a key log (--keylog) would show the alert");
	return true;
}

/* The server's last encrypted record before the client said anything has alert size:
 * the server itself aborted after its flight (e.g. unexpected_message on a duplicated
 * ClientHello). */
static bool m_tls13_server_alert_after_flight(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct facts_tls13_shape *s = &d->tls13;
	if (!s->after_server_hello || s->client_start >= 0 || s->server_flight < 2)
		return false;
	if (!s->server_last_is_alert || d->first_close_any == NULL)
		return false;
	ev(v, "inference: the server's last encrypted record (%u bytes) has the size of an encrypted alert, and the client never sent its Finished",
	   s->server_last_len);
	if (f->second_client_hello && !f->hrr_seen)
		ev(v, "the client sent a second ClientHello without a HelloRetryRequest: a server answers that with unexpected_message(10)");
	summary(v, "the server sent what looks like an encrypted alert after its own flight (TLS 1.3, inferred)");
	fix(v, "the alert is encrypted: read the server's log, or capture with a key log (--keylog)");
	return true;
}

/* OpenSSL's client alert is in clear; Java's, NSS's and Go's are encrypted, Java's padded
 * to 35 bytes (man/tls-stacks.md, server_cert_rejected). */
/* The server's only record after its ServerHello has an alert's size, then the server
 * closed, and the client had offered ALPN: a server that settles ALPN while building
 * its EncryptedExtensions, after the ServerHello is sent, refuses here (Go:
 * man/tls-stacks.md, alpn_mismatch). The alert is encrypted: an inference. */
static bool m_tls13_server_abort_after_hello_alpn(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct facts_tls13_shape *s = &d->tls13;
	if (!s->after_server_hello || s->client_start >= 0 || s->server_flight != 1 || !s->server_last_is_alert ||
	    d->server_close_first == NULL || f->ch.n_alpn == 0)
		return false;
	ev(v, "inference: right after its ServerHello the server sent one %u-byte record (the size of an encrypted alert) and closed",
	   s->server_last_len);
	ev(v, "the client offered ALPN (%.*s%s): servers that settle ALPN after the ServerHello (Go) refuse a mismatch exactly here",
	   (int)f->ch.alpn_len[0], f->ch.alpn[0], f->ch.n_alpn > 1 ? ", ..." : "");
	summary(v, "server aborted right after its ServerHello: most likely no ALPN protocol in common (TLS 1.3, inferred)");
	fix(v, "offer a protocol the server speaks (check both sides' ALPN lists); a key log (--keylog) would confirm no_application_protocol(120)");
	return true;
}

static bool m_tls13_client_abort(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct facts_tls13_shape *s = &d->tls13;
	if (!s->after_server_hello || s->server_flight == 0)
		return false;
	const struct close_fact *cc = d->first_close[SIDE_CLIENT];
	/* The client answered the server's flight with one alert-sized record, or with a close. */
	bool alert_then_nothing = s->client_start >= 0 && s->client_first_is_alert && s->client_records == 1 &&
				  s->server_after == 0 && s->client_after == 0;
	/* ...or with one alert-sized record and its close, before the server's next records
	 * reached the capture: the tail of the server's own flight, sent before it could
	 * read the alert (wolfSSL checks the certificate as soon as its record is in, when
	 * the Finished is still in flight, and resets the connection with it unread). */
	bool alert_then_close = false;
	if (s->client_start >= 0 && s->client_first_is_alert && s->client_records == 1 && s->client_after == 0 &&
	    s->server_after > 0 && s->server_after <= 3 && cc != NULL && s->server_reaction_t >= 0) {
		/* Not a reaction: the server's next record reached the capture after the
		 * client's close, or sooner after the client's record than a round trip from
		 * the capture point to the server allows. */
		double server_leg = -1;
		(void)facts_capture_point(f, &server_leg, NULL);
		double gap = s->server_reaction_t - f->trace[s->client_start].t;
		alert_then_close = cc->t < s->server_reaction_t || (server_leg > 0 && gap < server_leg / 2);
	}
	const struct close_fact *sc = d->first_close[SIDE_SERVER];
	/* A close of the client's own, not its answer to the server's. */
	bool silent_close = s->client_start < 0 && cc != NULL && cc->stage <= STAGE_SERVER_HELLO &&
			    (sc == NULL || cc->packet_no < sc->packet_no);
	if (!alert_then_nothing && !alert_then_close && !silent_close)
		return false;
	if (alert_then_close)
		ev(v, "inference: after the server's encrypted flight the client sent one %u-byte record, the size of an encrypted alert, and %s the connection; the server's %u record(s) that follow are the rest of its flight, sent before it could read the alert",
		   s->client_first_len, cc->rst ? "reset" : "closed", s->server_after);
	else if (alert_then_nothing)
		ev(v, "inference: after the server's encrypted flight (%u records) the client sent one %u-byte record, the size of an encrypted alert, and nothing else",
		   s->server_flight, s->client_first_len);
	else
		ev(v, "inference: the client %s the connection %.1f ms after the ServerHello without sending its Finished",
		   cc->rst ? "reset" : "closed", ms(cc->t - f->t_server_hello));
	ev(v, "in TLS 1.3 the server's certificate is encrypted: a client that refuses it aborts exactly here");
	summary(v, "client aborted after the server's certificate (TLS 1.3, inferred from record sizes)");
	fix(v, "check the server's chain against the client's trust store (openssl s_client -connect HOST:PORT -servername NAME -showcerts); a key log (--keylog) would confirm the alert");
	return true;
}

/* What the TLS 1.3 server's abort looked like, for the three rows that read it. */
static void tls13_abort_evidence(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct facts_tls13_shape *s = &d->tls13;
	const struct close_fact *sc = d->first_close[SIDE_SERVER];
	char answer[64];
	if (s->server_abort_is_alert)
		snprintf(answer, sizeof answer, "one %u-byte record (the size of an encrypted alert)", s->server_last_len);
	else
		snprintf(answer, sizeof answer, "a close and no data");
	ev(v, "inference: the client sent its encrypted flight (%u record(s), %u bytes) and the server answered with %s",
	   s->client_records, s->client_bytes, answer);
	if (sc != NULL)
		ev(v, "server %s %.1f ms after the client's flight", sc->rst ? "reset" : "closed",
		   ms(sc->t - f->trace[s->client_start].t));
	if (s->server_abort_is_alert && s->client_after > 0)
		ev(v, "the client's %u record(s) after it were sent before the client read the alert (its request behind its Finished)",
		   s->client_after);
}

static bool m_tls13_server_abort_empty_cert(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!d->tls13.server_aborted || !d->tls13.client_empty_cert)
		return false;
	tls13_abort_evidence(f, d, v);
	if (d->tls13.client_empty_cert_one_record)
		ev(v, "the client's flight is one %u-byte record: the size of an empty Certificate and a Finished written together (as NSS does)",
		   d->tls13.client_first_len);
	else
		ev(v, "the client's flight holds a %u-byte record: the size of an empty Certificate (25 bytes, up to 16 more where the stack pads its records, as Java does)",
		   d->tls13.client_first_len >= 25 && d->tls13.client_first_len <= 41 ? d->tls13.client_first_len : 25u);
	summary(v, "server requires a client certificate; the client sent an empty one (TLS 1.3, inferred)");
	return true;
}

static bool m_tls13_server_abort_client_cert(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!d->tls13.server_aborted || d->tls13.client_empty_cert || !d->tls13.client_sent_cert)
		return false;
	tls13_abort_evidence(f, d, v);
	ev(v, "the client's flight is larger than a Finished alone: it carries a certificate");
	summary(v, "server refused the client's certificate (TLS 1.3, inferred from record sizes)");
	return true;
}

static bool m_tls13_server_abort(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!d->tls13.server_aborted || d->tls13.client_empty_cert || d->tls13.client_sent_cert)
		return false;
	tls13_abort_evidence(f, d, v);
	summary(v, "server aborted after the client's Finished (TLS 1.3, encrypted alert)");
	return true;
}

static bool m_tls13_complete(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct facts_tls13_shape *s = &d->tls13;
	if (!s->after_server_hello || s->client_start < 0)
		return false;
	if (!(s->client_records + s->client_after >= 2 || s->server_after >= 1))
		return false;
	char vb[24], cb[64];
	v->resumed = d->resumed;
	ev(v, "%s %s; the server's encrypted flight (%u records) and the client's (%u) went through, then %u record(s) from the server",
	   version_label(f->version, vb, sizeof vb), tls_cipher_name(f->sh.cipher, cb, sizeof cb), s->server_flight,
	   s->client_records, s->server_after);
	if (f->hrr_seen)
		ev(v, "after a HelloRetryRequest (the server wanted another key share group)");
	if (v->resumed)
		ev(v, "the server accepted a pre-shared key: session resumed");
	summary(v, "TLS 1.3 handshake completed%s", v->resumed ? " (resumed)" : "");
	if (s->server_after == 0)
		v->confidence = CONF_MEDIUM;
	return true;
}

/* How the TLS <= 1.2 server refused the client's Finished flight, for the four rows that
 * read it. */
static void tls12_refusal_evidence(const struct facts_derived *d, struct verdict *v)
{
	const struct close_fact *sc = d->server_close_first;
	ev(v, "the server answered the client's Finished flight with %s instead of its ChangeCipherSpec",
	   d->server_encrypted_alert ? "an encrypted alert" : sc->rst ? "a reset" : "a close");
}

static bool m_tls12_encrypted_abort_empty_cert(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)f; /* derived facts alone */
	if (!d->tls12_finished_refused || !d->client_cert_empty)
		return false;
	tls12_refusal_evidence(d, v);
	ev(v, "server sent a CertificateRequest; the client's Certificate was empty");
	summary(v, "server requires a client certificate; the client sent none");
	return true;
}

static bool m_tls12_encrypted_abort_client_cert(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!d->tls12_finished_refused || d->client_cert_empty || !d->client_cert_sent)
		return false;
	tls12_refusal_evidence(d, v);
	struct cert_findings fs;
	certcheck_client(f, &fs);
	const struct cert_finding *why = cert_evidence(v, &fs, -1, false);
	char sb[128];
	ev(v, "client presented %u certificate(s)", f->n_client_certs);
	if (why != NULL) {
		summary(v, "server dropped the connection after the client's certificate: %s", check_short(why, sb, sizeof sb));
	} else {
		summary(v, "server aborted after the client's certificate");
		fix(v, "check the client certificate against the server's trusted client CAs, its dates, key usage (clientAuth) and key size");
	}
	return true;
}

/* Neither an empty nor a sent client certificate explains the refusal. */
static bool tls12_refused_without_cert(const struct facts_derived *d)
{
	return d->tls12_finished_refused && !d->client_cert_empty && !d->client_cert_sent;
}

static bool m_tls12_encrypted_abort(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)f; /* derived facts alone */
	if (!tls12_refused_without_cert(d) || d->server_encrypted_alert == NULL)
		return false;
	tls12_refusal_evidence(d, v);
	summary(v, "server aborted after the client's Finished with an encrypted alert");
	return true;
}

static bool m_tls12_close_after_finished(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)f; /* derived facts alone */
	if (!tls12_refused_without_cert(d) || d->server_encrypted_alert != NULL)
		return false;
	tls12_refusal_evidence(d, v);
	summary(v, "server aborted after the client's Finished");
	return true;
}

static bool m_inferred_complete(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (f->server_hello_seen || !(f->gap[SIDE_SERVER] || f->gap_acked[SIDE_SERVER]))
		return false;
	bool client_data = f->enc_records[SIDE_CLIENT] + f->appdata_records[SIDE_CLIENT] >= 1;
	bool server_data = f->enc_records[SIDE_SERVER] + f->appdata_records[SIDE_SERVER] >= 1;
	if (!client_data || !server_data || d->failure_alert != NULL)
		return false;
	if (f->enc_records[SIDE_CLIENT] + f->appdata_records[SIDE_CLIENT] < 2 &&
	    f->enc_records[SIDE_SERVER] + f->appdata_records[SIDE_SERVER] < 2)
		return false;
	ev(v, "the server's ServerHello is missing from the capture (bytes the client acknowledged were not captured)");
	ev(v, "encrypted records flowed both ways afterwards (client %u, server %u)",
	   f->enc_records[SIDE_CLIENT] + f->appdata_records[SIDE_CLIENT], f->enc_records[SIDE_SERVER] + f->appdata_records[SIDE_SERVER]);
	if (f->hrr_seen)
		ev(v, "after a HelloRetryRequest");
	summary(v, "handshake completed (ServerHello not captured; inferred from encrypted traffic both ways)");
	return true;
}

/* The server answered the hello with bytes that are not TLS (and never sent TLS). */
static bool server_answer_not_tls(const struct facts *f)
{
	return f->not_tls[SIDE_SERVER] && !server_sent_tls(f) && f->client_hello_seen;
}

/* The server's first bytes, quoted for evidence: \xNN for what is not printable. */
static void server_first_bytes(const struct facts *f, char *out, size_t len)
{
	(void)escape_hex(f->first_bytes[SIDE_SERVER], f->first_bytes_len[SIDE_SERVER], ESCAPE_QUOTES, out, len);
}

static bool m_server_malformed_answer(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!server_answer_not_tls(f) || d->server_answer_printable)
		return false;
	char shown[sizeof f->first_bytes[SIDE_SERVER] * 4 + 1];
	server_first_bytes(f, shown, sizeof shown);
	ev(v, "the server answered the ClientHello with %llu bytes that are not a TLS record: %s",
	   (unsigned long long)f->payload_bytes[SIDE_SERVER], shown);
	summary(v, "server answered with a malformed TLS record (bytes: %.40s)", shown);
	return true;
}

static bool m_server_plaintext(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!server_answer_not_tls(f) || !d->server_answer_printable)
		return false;
	char shown[sizeof f->first_bytes[SIDE_SERVER] * 4 + 1];
	server_first_bytes(f, shown, sizeof shown);
	ev(v, "the server answered the ClientHello in clear text: \"%s\"", shown);
	summary(v, "the server on port %u does not speak TLS: it answered \"%.32s\"", f->server.port, shown);
	if (f->first_bytes_len[SIDE_SERVER] >= 5 && memcmp(f->first_bytes[SIDE_SERVER], "HTTP/", 5) == 0)
		fix(v, "this port serves plain HTTP: use http:// (or the server's TLS port), or enable TLS on this listener");
	else
		fix(v, "this port speaks a clear-text protocol: use its STARTTLS command or the protocol's TLS port");
	return true;
}

static bool m_malformed(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	int side = f->malformed[SIDE_SERVER] ? SIDE_SERVER : f->malformed[SIDE_CLIENT] ? SIDE_CLIENT : -1;
	if (side < 0)
		return false;
	ev(v, "%s's stream byte %u: %s", side_name(side), f->malformed_offset[side], f->malformed_why[side]);
	summary(v, "the %s sent a malformed TLS record or message", side_name(side));
	fix(v, "the %s's TLS implementation (or a device on the path) produces bytes that do not parse as TLS", side_name(side));
	return true;
}

/* The evidence of each sign that the server's first close is forged (facts_derive). */
static void forged_sign_evidence(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct close_fact *c = d->server_close_first;
	if (d->server_close_signs & FACTS_SIGN_TTL)
		ev(v, "%s TTL/hop limit %u differs from the server's SYN-ACK TTL %u", c->rst ? "reset" : "FIN", c->ttl,
		   f->synack_ttl);
	if (d->server_close_signs & FACTS_SIGN_TOO_SOON)
		ev(v, "it arrived %.2f ms after the ClientHello, sooner than the round trip to the server of %.2f ms: it cannot come from the server",
		   ms(c->t - f->t_client_hello), ms(d->server_leg));
	if (d->server_close_signs & FACTS_SIGN_IP_ID)
		ev(v, "IP ID %u is out of the server's sequence (last %u)", c->ip_id, f->server_last_ip_id);
	if (d->server_close_signs & FACTS_SIGN_BOTH_RESETS)
		ev(v, "resets in both directions at the same moment");
}

static bool m_middlebox_reset(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct close_fact *fc = d->forged_client_reset;
	if (fc != NULL) {
		ev(v, "a reset claiming to come from the client has TTL/hop limit %u, the client's SYN had %u", fc->ttl,
		   f->syn_ttl);
		ev(v, "no TLS byte from the server before it: the capture is on the server's side of a device that resets both ends");
		if (f->client_hello_seen && f->ch.has_sni)
			ev(v, "the ClientHello names \"%s\" in clear text: SNI filters match on it", f->ch.sni);
		summary(v, "reset forged toward the server by a device on the path (TTL %u vs client's %u)", fc->ttl, f->syn_ttl);
		fix(v, "a firewall, IPS or filtering proxy between client and server resets this connection: find the device whose hop count matches TTL %u and check its policy",
		    fc->ttl);
		return true;
	}
	if (!f->client_hello_seen || server_sent_tls(f) || f->payload_after_hello[SIDE_SERVER] > 0)
		return false;
	const struct close_fact *c = d->server_close_first;
	if (c == NULL)
		return false;
	if (d->server_close_signs == 0)
		return false;
	forged_sign_evidence(f, d, v);
	ev(v, "%s reached the client %.2f ms after the ClientHello, with no TLS byte from the server",
	   c->rst ? "a reset" : "a FIN", ms(c->t - f->t_client_hello));
	if (f->ch.has_sni)
		ev(v, "the ClientHello names \"%s\" in clear text: SNI filters match on it", f->ch.sni);
	if (c->ttl != f->synack_ttl)
		summary(v, "%s after the ClientHello forged by a device on the path (TTL %u vs server's %u)",
			c->rst ? "reset" : "close", c->ttl, f->synack_ttl);
	else
		summary(v, "%s after the ClientHello forged by a device on the path", c->rst ? "reset" : "close");
	fix(v, "a firewall, IPS or filtering proxy between client and server blocks this connection%s: find the device whose hop count matches TTL %u and check its TLS/SNI policy",
	    f->ch.has_sni ? " (by SNI)" : "", c->ttl);
	return true;
}

/*
 * A server that refuses a hello (an SNI router with no route, a name it does not serve)
 * closes as soon as it has read it: the close comes one round trip to the server after
 * the hello, plus a moment of processing. A close seconds later is a timeout (the server
 * waited for something, or its backend did not answer), not a verdict on the hello. The
 * round trip is the capture point's own (near the server it is nothing).
 */
#define PROMPT_CLOSE_SECONDS 1.0

static bool closed_promptly(const struct facts *f, const struct facts_derived *d, const struct close_fact *c)
{
	double after_hello = c->t - f->t_client_hello;
	double network = d->server_leg > 0 ? d->server_leg : 0;
	return after_hello - network <= PROMPT_CLOSE_SECONDS;
}

static bool m_close_missing_sni(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!f->client_hello_seen || f->ch.has_sni || f->server_hello_seen || server_sent_tls(f))
		return false;
	const struct close_fact *c = d->server_close_first;
	if (c == NULL || c->stage != STAGE_CLIENT_HELLO || !closed_promptly(f, d, c))
		return false;
	ev(v, "the ClientHello has no server_name extension");
	ev(v, "server %s the connection %.1f ms after the ClientHello without a TLS byte", c->rst ? "reset" : "closed",
	   ms(c->t - f->t_client_hello));
	summary(v, "ClientHello without SNI, and the server closed: it routes or picks certificates by name");
	fix(v, "make the client send SNI (use a host name, not an IP address; openssl s_client -servername NAME; Java: jdk.tls.client.enableSNIExtension)");
	return true;
}

static bool m_close_unknown_sni(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!f->client_hello_seen || !f->ch.has_sni || f->server_hello_seen || server_sent_tls(f) ||
	    f->same_server_ok_other_sni == 0)
		return false;
	const struct close_fact *c = d->server_close_first;
	if (c == NULL || c->stage != STAGE_CLIENT_HELLO || !closed_promptly(f, d, c))
		return false;
	if (d->server_close_signs != 0)
		return false; /* rst.middlebox's, before it in the table */
	ev(v, "server %s the connection %.1f ms after a ClientHello for \"%s\"", c->rst ? "reset" : "closed",
	   ms(c->t - f->t_client_hello), f->ch.sni);
	ev(v, "the same server completed %u handshake(s) for other names in this capture", f->same_server_ok_other_sni);
	summary(v, "server does not serve the name \"%s\" (it accepts other names)", f->ch.sni);
	fix(v, "add \"%s\" to the server's or proxy's name routing (e.g. nginx ssl_preread map), or use a name it serves", f->ch.sni);
	return true;
}

/*
 * Which failed attempts read what the rest of the capture shows of their server: a close
 * right after a ClientHello with a name (m_close_unknown_sni compares with the names the
 * server accepted), a hello without a name or offering TLS 1.3 only refused with
 * handshake_failure (compared with the named hellos, and the versions, the server
 * accepted) and a refused client certificate (compared
 * with one the server accepted). Their decision waits for the end of the capture.
 */
/* The server sent a clear-text alert of this code. */
static bool server_clear_alert(const struct facts *f, uint8_t code)
{
	for (unsigned i = 0; i < f->n_alerts; i++)
		if (f->alerts[i].from == SIDE_SERVER && !f->alerts[i].encrypted && f->alerts[i].code == code)
			return true;
	return false;
}

bool rules_reads_server_history(const struct facts *f, const struct verdict *v)
{
	if (class_outcome(v->cls) == CLASS_OUTCOME_OK)
		return false;
	/* A failed QUIC attempt says whether the same server was reached over TCP. */
	if (f->transport == TRANSPORT_QUIC)
		return true;
	if (f->n_certs[SIDE_CLIENT] > 0)
		return true;
	/* A server certificate refused through a proxy is compared with the issuers its name
	 * is served by elsewhere in the capture, directly (cert.interception). */
	if (v->cls == CLASS_SERVER_CERT_REJECTED && f->n_certs[SIDE_SERVER] > 0 && f->ch.has_sni &&
	    upgrade_kind_is_proxy((enum upgrade_kind)f->upgrade.kind))
		return true;
	/* alert.handshake_failure_no_sni and _tls13_only compare with the handshakes accepted */
	if (f->client_hello_seen && (!f->ch.has_sni || only13_hello(f)) && !f->server_hello_seen &&
	    (server_clear_alert(f, TLS_ALERT_HANDSHAKE_FAILURE) || server_clear_alert(f, TLS_ALERT_INSUFFICIENT_SECURITY)))
		return true;
	if (!f->client_hello_seen || !f->ch.has_sni || f->server_hello_seen)
		return false;
	if (server_clear_alert(f, TLS_ALERT_INTERNAL_ERROR))
		return true; /* alert.internal_error_unknown_sni compares with the names accepted */
	if (server_sent_tls(f))
		return false;
	struct facts_derived d;
	facts_derive(f, &d);
	const struct close_fact *c = d.server_close_first;
	return c != NULL && c->stage == STAGE_CLIENT_HELLO;
}

static bool m_server_close(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!f->client_hello_seen || d->outcome_known)
		return false;
	const struct close_fact *c = d->server_close_first;
	if (c == NULL)
		return false;
	if (f->finished_seen[SIDE_SERVER])
		return false;
	/* A server that sat on the hello for seconds and then closed without a byte timed
	 * out: it never answered (silence.no_server_response). */
	if (c->stage == STAGE_CLIENT_HELLO && !server_sent_tls(f) && f->payload_after_hello[SIDE_SERVER] == 0 &&
	    !closed_promptly(f, d, c))
		return false;
	ev(v, "server %s the connection %.1f ms after the ClientHello, %s, with no TLS alert", c->rst ? "reset" : "closed",
	   ms(c->t - f->t_client_hello),
	   c->stage == STAGE_CLIENT_HELLO ? "before any ServerHello" : facts_stage_name((enum stage)c->stage));
	if (f->synack_seen && c->ttl == f->synack_ttl)
		ev(v, "%s TTL %u matches the server's SYN-ACK (%u): it comes from the server", c->rst ? "reset" : "FIN", c->ttl,
		   f->synack_ttl);
	if (c->stage == STAGE_CLIENT_HELLO && !closed_promptly(f, d, c))
		ev(v, "it waited %.1f s after the hello: a timeout on the server's side (it waited for more, or for its backend), not a refusal of the hello itself",
		   c->t - f->t_client_hello);
	if (f->ch.has_sni && c->stage == STAGE_CLIENT_HELLO)
		ev(v, "the ClientHello asked for \"%s\"", f->ch.sni);
	summary(v, "server %s during the handshake without an alert", c->rst ? "reset the connection" : "closed the connection");
	if (c->stage == STAGE_CLIENT_HELLO)
		fix(v, "the server (or its load balancer/proxy) dropped the connection on the ClientHello: check its logs, its backend health and its SNI routing");
	else
		fix(v, "the server dropped the connection mid-handshake: check the server's TLS error log");
	return true;
}

static bool m_client_close_after_cert(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (tls_version_is_13(f->version) || !f->server_cert_seen || f->client_kex_seen || f->ccs_seen[SIDE_CLIENT])
		return false;
	const struct close_fact *c = d->first_close[SIDE_CLIENT];
	const struct close_fact *s = d->first_close[SIDE_SERVER];
	if (c == NULL || (s != NULL && s->packet_no < c->packet_no))
		return false;
	ev(v, "the client %s the connection %s without an alert, instead of sending its key exchange",
	   c->rst ? "reset" : "closed", facts_stage_name((enum stage)c->stage));
	struct cert_findings fs;
	certcheck_server(f, &fs);
	(void)cert_evidence(v, &fs, -1, true);
	if (f->server_cert_msg_len > 100u * 1024u)
		ev(v, "the server's Certificate message is %u bytes: OpenSSL clients refuse certificate lists over 100 KB by default (SSL_CTX_set_max_cert_list), other stacks have similar limits",
		   f->server_cert_msg_len);
	else
		ev(v, "server sent %u certificate(s) (%u bytes)", f->n_server_certs, f->server_cert_msg_len);
	summary(v, "client gave up after the server's certificate (no alert): likely refused it");
	if (v->failing_check == NULL)
		fix(v, "check the server's certificate chain as the client sees it (openssl s_client -showcerts -servername NAME); also the client's own log");
	return true;
}

static bool m_no_server_response(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	/* Bytes before the hello (a STARTTLS greeting) are no answer to it. */
	if (!f->client_hello_seen || server_sent_tls(f) || f->payload_after_hello[SIDE_SERVER] > 0)
		return false;
	if (f->packets[SIDE_SERVER] == 0 && f->client_acked_server_data)
		return false; /* one-sided capture */
	const struct close_fact *c = d->first_close[SIDE_CLIENT];
	double waited = (c ? c->t : f->t_observed) - f->t_client_hello;
	const struct close_fact *sc = d->server_close_first;
	if (sc != NULL) {
		/* The server closed first: only after sitting on the hello (close.server takes
		 * prompt closes). */
		ev(v, "the server %s the connection %.1f s after the ClientHello without a TLS byte: it read the hello and gave up waiting (an idle timeout)",
		   sc->rst ? "reset" : "closed", sc->t - f->t_client_hello);
	} else {
		if (c == NULL && waited < BOUND_NO_RESPONSE_SECONDS && !f->timed_out)
			return false;
		ev(v, "no TLS byte from the server %.1f s after the ClientHello%s", waited,
		   c ? (c->rst ? "; then the client reset" : "; then the client closed") : "; nothing more up to the end of the capture (or the live timeout)");
	}
	ev(v, "the server %s the ClientHello at the TCP level", f->client_hello_acked ? "acknowledged" : "did not acknowledge");
	if (f->client_hello_segments > 1)
		ev(v, "the ClientHello (%u bytes) spanned %u TCP segments: paths that drop large packets or break fragmentation lose it (large post-quantum key shares)",
		   f->ch.length + 4, f->client_hello_segments);
	summary(v, "no answer to the ClientHello%s", f->client_hello_acked ? " (TCP-acknowledged, but no TLS answer)" : "");
	if (!f->client_hello_acked && f->client_hello_segments > 1)
		fix(v, "the large ClientHello did not get through: check MTU/MSS clamping on the path (PMTUD blackhole), or test with a smaller hello (no post-quantum key share)");
	else if (f->client_hello_acked)
		fix(v, "the server received the hello but did not answer: it is not a TLS server on this port, or it is overloaded/hung");
	else
		fix(v, "the ClientHello did not reach the server: check firewalls and routing on the path");
	return true;
}

static bool m_one_sided(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	if (f->packets[SIDE_SERVER] > 0 && f->packets[SIDE_CLIENT] > 0)
		return false;
	ev(v, "the capture holds only the %s's packets", f->packets[SIDE_SERVER] ? "server" : "client");
	if (f->client_acked_server_data)
		ev(v, "the client acknowledged server data that is not in the capture");
	summary(v, "only one direction was captured");
	return true;
}

static bool m_capture_ended(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct close_fact *c = d->first_close_any;
	if (c != NULL && !f->gap[SIDE_CLIENT] && !f->gap[SIDE_SERVER])
		return false;
	if (c == NULL)
		ev(v, "the capture ends %s, with no close", facts_stage_name((enum stage)f->stage));
	if (f->gap[SIDE_CLIENT] || f->gap[SIDE_SERVER])
		ev(v, "bytes of the %s stream are missing from the capture", f->gap[SIDE_SERVER] ? "server's" : "client's");
	summary(v, "the capture ends before the outcome %s", facts_stage_name((enum stage)f->stage));
	return true;
}

static bool m_fallback(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	const struct close_fact *c = d->first_close_any;
	ev(v, "stage reached: %s", facts_stage_name((enum stage)f->stage));
	if (c)
		ev(v, "%s %s first, %.1f ms after the first packet", side_name(c == &f->fin[SIDE_CLIENT] || c == &f->rst[SIDE_CLIENT] ? SIDE_CLIENT : SIDE_SERVER),
		   c->rst ? "reset" : "closed", ms(c->t));
	summary(v, "the handshake did not complete, and the evidence fits no known pattern");
	return true;
}

/* A handshake that worked can still carry certificates that will not for long. */
static void cert_warnings(const struct facts *f, struct verdict *v)
{
	struct cert_findings fs[2];
	certcheck_server(f, &fs[SIDE_SERVER]);
	certcheck_client(f, &fs[SIDE_CLIENT]);
	for (int s = SIDE_SERVER; s >= SIDE_CLIENT; s--)
		for (unsigned i = 0; i < fs[s].n; i++)
			ev(v, "warning: %s: %s", certcheck_id(fs[s].items[i].check), fs[s].items[i].text);
}

/* What the key log did: decrypted (how much), or why not. */
static void keylog_notes(const struct facts *f, struct verdict *v)
{
	char cb[16];
	switch ((enum keylog_status)f->keylog_status) {
	case KEYLOG_MATCHED:
		if (f->decrypted)
			ev(v, "decrypted with the key log: %u record(s) from the client, %u from the server",
			   f->decrypted_records[SIDE_CLIENT], f->decrypted_records[SIDE_SERVER]);
		for (int s = 0; s < 2; s++)
			if (f->decrypt_failed[s])
				ev(v, "note: a record from the %s did not decrypt with the key log's secrets (%s): a log of another connection with the same client random, or a damaged capture",
				   side_name(s), f->decrypt_failed_why[s]);
		break;
	case KEYLOG_NO_ENTRY:
		ev(v, "note: the key log has no secrets for this connection (client random %02x%02x%02x%02x...)", f->ch.random[0],
		   f->ch.random[1], f->ch.random[2], f->ch.random[3]);
		break;
	case KEYLOG_NO_SECRET:
		ev(v, "note: the key log knows this client random but lacks the secret %s needs (%s)",
		   tls_version_is_13(f->version) ? "TLS 1.3" : "TLS 1.2",
		   tls_version_is_13(f->version) ? "CLIENT_/SERVER_HANDSHAKE_TRAFFIC_SECRET" : "CLIENT_RANDOM");
		break;
	case KEYLOG_SUITE_UNSUPPORTED:
		ev(v, "note: the key log holds this connection, but its cipher suite %s is not one tlsdiag decrypts",
		   tls_cipher_name(f->sh.cipher, cb, sizeof cb));
		break;
	case KEYLOG_CIPHER_UNAVAILABLE:
		ev(v, "note: the key log holds this connection, but this libcrypto lacks the cipher of %s%s",
		   tls_cipher_name(f->sh.cipher, cb, sizeof cb),
		   f->keylog_cipher_legacy ? ": it is in OpenSSL's legacy provider, which could not be loaded (is ossl-modules/legacy.so installed, or OPENSSL_MODULES set?)"
					   : "");
		break;
	case KEYLOG_UNUSED:
	default:
		break;
	}
}

/* What the capture itself did to the evidence, whatever the class. */
/* What the record layer carried besides the handshake, and a message dropped to read on:
 * noted whatever the class, never a cause of it (the rule that fired read the handshake
 * messages themselves). */
static void record_notes(const struct facts *f, struct verdict *v)
{
	for (int s = 0; s < 2; s++) {
		if (f->hs_resynced[s] && strcmp(v->rule_id, "record.malformed") != 0)
			ev(v, "note: the %s's stream byte %u: %s; that message was dropped and the records after it were read",
			   side_name(s), f->malformed_offset[s], f->malformed_why[s]);
		if (f->heartbeat_records[s] > 0)
			ev(v, "note: the %s sent %u Heartbeat record%s (content type %u) during the handshake", side_name(s),
			   f->heartbeat_records[s], f->heartbeat_records[s] == 1 ? "" : "s", TLS_CT_HEARTBEAT);
		if (f->other_records[s] > 0) {
			const char *name = tls_content_type_name(f->other_record_type[s]);
			ev(v, "note: the %s sent %u record%s of content type %u (%s) during the handshake", side_name(s),
			   f->other_records[s], f->other_records[s] == 1 ? "" : "s", f->other_record_type[s],
			   name != NULL ? name : "unassigned");
		}
	}
}

static void capture_notes(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	upgrade_notes(f, v);
	if (f->n_encap > 0) {
		char list[96] = "";
		size_t k = 0;
		for (unsigned i = 0; i < f->n_encap && k < sizeof list; i++)
			k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? " in " : "",
					      decode_encap_name((enum decode_encap)f->encap[f->n_encap - 1 - i]));
		/* The outer addresses are in the JSON record (tunnel). */
		ev(v, "carried in %s", list);
	}
	switch (d->capture_point) {
	case CAPTURE_POINT_CLIENT:
	case CAPTURE_POINT_SERVER:
	case CAPTURE_POINT_MIDDLE:
		ev(v, "capture point: %s (SYN to SYN-ACK %.1f ms, SYN-ACK to ACK %.1f ms)",
		   d->capture_point == CAPTURE_POINT_CLIENT ? "near the client"
		   : d->capture_point == CAPTURE_POINT_SERVER ? "near the server" : "on the path between them",
		   ms(d->server_leg), ms(d->client_leg));
		break;
	case CAPTURE_POINT_BOTH:
		ev(v, "capture point: both ends are near it (round trip %.2f ms)", ms(d->server_leg + d->client_leg));
		break;
	case CAPTURE_POINT_UNKNOWN:
	default:
		break;
	}
	for (int s = 0; s < 2; s++) {
		if (f->overlap_conflict[s])
			ev(v, "note: retransmitted bytes from the %s differ from the first copy (the first copy was used): a middlebox rewriting data, or an evasion attempt",
			   side_name(s));
		if (f->buffer_capped[s])
			ev(v, "note: part of the %s's stream was not analysed: a message longer than %u KB, or more than %zu KB held past a hole in the stream",
			   side_name(s), BOUND_HANDSHAKE_MESSAGE / 1024u, BOUND_OOO_BYTES / 1024u);
	}
	if (f->truncated_packets)
		ev(v, "note: packets of this connection were cut by the snap length");
	record_notes(f, v);
	keylog_notes(f, v);
	if (f->evicted == EVICT_FLOWS)
		ev(v, "note: decided before the connection ended: more connections were open at once than tracked (--max-flows); later packets were not seen");
	else if (f->evicted == EVICT_MEMORY)
		ev(v, "note: decided before the connection ended: connection state reached the memory bound (--max-memory); later packets were not seen");
}

/* ---- QUIC (RFC 9000, RFC 9001) ---- */

static bool is_quic(const struct facts *f) { return f->transport == TRANSPORT_QUIC; }

static const char *quic_version_label(uint32_t v, char *buf, size_t len)
{
	const char *n = quic_version_name(v);
	if (n != NULL)
		snprintf(buf, len, "QUIC %s (0x%08x)", n, v);
	else if ((v & 0x0f0f0f0f) == 0x0a0a0a0a)
		snprintf(buf, len, "a reserved version 0x%08x (RFC 9000 15: forces Version Negotiation)", v);
	else if ((v >> 24) == 'Q' || (v >> 24) == 'T')
		snprintf(buf, len, "Google QUIC %c%c%c%c (0x%08x)", (char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v, v);
	else
		snprintf(buf, len, "version 0x%08x", v);
	return buf;
}

static unsigned quic_server_packets(const struct facts *f)
{
	unsigned n = 0;
	for (int k = 0; k < QUIC_KIND__COUNT; k++)
		n += f->quic.packets[SIDE_SERVER][k];
	return n;
}

/* A CONNECTION_CLOSE that ends the handshake with an error: any from a side before the
 * handshake completed, but NO_ERROR (a normal close). */
static const struct quic_close_fact *quic_error_close(const struct facts *f, int side)
{
	const struct quic_close_fact *c = &f->quic.close[side];
	if (!c->seen || c->error_code == 0)
		return NULL;
	return c;
}

static void quic_close_ev(const struct quic_close_fact *c, int side, struct verdict *v)
{
	const char *name = c->application ? NULL : quic_transport_error_name(c->error_code);
	static const char *const kinds[QUIC_KIND__COUNT] = { "Initial", "0-RTT", "Handshake", "Retry", "VN", "1-RTT" };
	ev(v, "the %s sent CONNECTION_CLOSE (%s error 0x%llx%s%s) in a%s %s packet, %.1f ms after the first packet%s%s%s",
	   side_name(side), c->application ? "application" : "transport", (unsigned long long)c->error_code,
	   name ? " " : "", name ? name : "", c->kind == QUIC_KIND_INITIAL ? "n" : "", kinds[c->kind % QUIC_KIND__COUNT],
	   ms(c->t), c->reason[0] ? ", reason \"" : "", c->reason, c->reason[0] ? "\"" : "");
}

/* What the client's Initial datagrams were, for the evidence of a silent path. */
static void quic_initials_ev(const struct facts *f, struct verdict *v)
{
	const struct quic_fact *q = &f->quic;
	char vb[96], sizes[32];
	if (q->min_initial_datagram != q->max_initial_datagram)
		snprintf(sizes, sizeof sizes, "%u to %u", q->min_initial_datagram, q->max_initial_datagram);
	else
		snprintf(sizes, sizeof sizes, "%u", q->max_initial_datagram);
	ev(v, "the client sent %u Initial datagram(s) of %s bytes (UDP payload) over %.1f s, %s", q->initials_unanswered, sizes,
	   q->t_last_client_initial >= 0 ? q->t_last_client_initial : 0, quic_version_label(q->version, vb, sizeof vb));
	if (q->max_initial_datagram > 1250)
		ev(v, "datagrams of %u bytes (IP packets of %u): a path whose MTU is below that drops them (QUIC sets Don't Fragment; RFC 9000 14 requires at least 1200 bytes of UDP payload)",
		   q->max_initial_datagram, q->max_initial_datagram + (f->client.family == 6 ? 48u : 28u));
	if (f->client_hello_seen && f->ch.length + 4 > 1100)
		ev(v, "its ClientHello (%u bytes) came in %u pieces of CRYPTO data (a large post-quantum key share spans Initial packets)", f->ch.length + 4,
		   f->client_hello_segments);
}

/*
 * The shape of a QUIC handshake, read from the packet trace: the capture point's two
 * legs (its round trip to the server: the client's first Initial to the server's first
 * packet; to the client: that to the client's next packet), the client's Handshake
 * flight, the server's reaction to it (its first packet sent after the flight could
 * have arrived) and whether the client went on after that reaction could have reached
 * it. A client that completed the handshake always answers the server's HANDSHAKE_DONE
 * (an ack-eliciting frame, RFC 9000 13.2.1); one that got a CONNECTION_CLOSE goes
 * silent (draining, RFC 9000 10.2.2).
 */
struct quic_shape {
	double server_leg, client_leg;
	int client_flight;              /* trace index of the client's first Handshake packet, -1 none */
	int reaction;                   /* trace index of the server's reaction, -1 none */
	unsigned client_flight_bytes;   /* the client's Handshake packets before the reaction */
	unsigned client_short_before;   /* the client's 1-RTT packets before the reaction */
	unsigned server_after;          /* server packets from the reaction on */
	unsigned server_short_after;
	unsigned client_after;          /* client packets after the reaction could have reached it */
	unsigned client_datagrams_after_flight; /* client packets after the server's first Handshake packet */
	bool capture_went_on;           /* the capture holds packets long after the reaction */
	bool reaction_close_shaped;     /* the reaction is only packets of a CONNECTION_CLOSE's size */
	/* What may still be on its way at the capture point, from each side (seconds). */
	double server_window, client_window;
};

/* A packet no larger than a CONNECTION_CLOSE without a reason: the frame (5 to 8 bytes)
 * and the AEAD tag (16), with a packet number (1 to 4) and, in 1-RTT, the connection ID. */
#define QUIC_CLOSE_SIZED 45

/* A leg shorter than this is the host's processing (a TLS stack computing its flight
 * takes milliseconds), not a path: nothing is on its way. */
#define QUIC_LOCAL_LEG 0.005

static void quic_shape_of(const struct facts *f, struct quic_shape *q)
{
	const struct quic_fact *qf = &f->quic;
	memset(q, 0, sizeof *q);
	q->client_flight = q->reaction = -1;
	/* The server leg from the client packet the server's first one answered: the last
	 * before it (the first Initials may have been lost, or retransmitted). */
	int first_client = -1, first_server = -1, client_answer = -1, first_server_hs = -1;
	for (int i = 0; i < qf->n_trace; i++) {
		const struct quic_packet_note *n = &qf->trace[i];
		if (n->from == SIDE_CLIENT && first_server < 0)
			first_client = i;
		if (n->from == SIDE_SERVER && first_server < 0)
			first_server = i;
		if (n->from == SIDE_CLIENT && first_server >= 0 && client_answer < 0)
			client_answer = i;
		if (n->from == SIDE_SERVER && n->kind == QUIC_KIND_HANDSHAKE && first_server_hs < 0)
			first_server_hs = i;
		if (n->from == SIDE_CLIENT && n->kind == QUIC_KIND_HANDSHAKE && first_server_hs >= 0 && q->client_flight < 0)
			q->client_flight = i;
		if (n->from == SIDE_CLIENT && first_server_hs >= 0 && i > first_server_hs)
			q->client_datagrams_after_flight++;
	}
	if (first_client >= 0 && first_server >= 0 && qf->trace[first_server].t >= qf->trace[first_client].t)
		q->server_leg = qf->trace[first_server].t - qf->trace[first_client].t;
	if (client_answer >= 0)
		q->client_leg = qf->trace[client_answer].t - qf->trace[first_server].t;
	/* What may still be on its way at the capture point: nothing from the side it is
	 * next to (a leg under a quarter of the other: that leg is the host's processing,
	 * not the path's), most of a leg's time otherwise. */
	q->server_window = q->server_leg < 0.25 * q->client_leg || q->server_leg < QUIC_LOCAL_LEG ? 0 : 0.6 * q->server_leg;
	q->client_window = q->client_leg < 0.25 * q->server_leg || q->client_leg < QUIC_LOCAL_LEG ? 0 : 0.6 * q->client_leg;
	if (q->client_flight < 0)
		return;
	double flight_t = qf->trace[q->client_flight].t;
	for (int i = q->client_flight; i < qf->n_trace; i++) {
		const struct quic_packet_note *n = &qf->trace[i];
		if (q->reaction < 0) {
			if (n->from == SIDE_SERVER && n->t > flight_t + q->server_window) {
				q->reaction = i;
			} else if (n->from == SIDE_CLIENT) {
				if (n->kind == QUIC_KIND_HANDSHAKE)
					q->client_flight_bytes += n->len;
				if (n->kind == QUIC_KIND_SHORT)
					q->client_short_before++;
			}
			if (q->reaction < 0)
				continue;
		}
		double reaction_t = qf->trace[q->reaction].t;
		if (n->from == SIDE_SERVER) {
			q->server_after++;
			q->server_short_after += n->kind == QUIC_KIND_SHORT;
		} else if (n->t > reaction_t + q->client_window) {
			q->client_after++;
		}
	}
	if (q->reaction >= 0) {
		/* A client that completed acknowledges the server's HANDSHAKE_DONE within its
		 * max_ack_delay (25 ms by default, RFC 9000 18.2) of getting it. */
		double wait = 2 * q->client_leg + 0.03;
		q->capture_went_on = f->t_observed > qf->trace[q->reaction].t + (wait > 0.05 ? wait : 0.05);
		/* The reaction's first packets (up to four, within 10 ms): closes are sent once in
		 * each space the peer may read, all small. */
		q->reaction_close_shaped = true;
		bool handshake = false;
		for (int i = q->reaction, n = 0; i < qf->n_trace && n < 4; i++) {
			const struct quic_packet_note *p = &qf->trace[i];
			if (p->from != SIDE_SERVER)
				continue;
			if (p->t > qf->trace[q->reaction].t + 0.01)
				break;
			n++;
			handshake |= p->kind == QUIC_KIND_HANDSHAKE;
			if (p->len > QUIC_CLOSE_SIZED)
				q->reaction_close_shaped = false;
		}
		q->reaction_close_shaped &= handshake;
	}
}

/* ---- UDP transports: ICMP ---- */

/* A failed QUIC attempt's fallback: the same server reached over TCP in the capture. */
static void quic_fallback_ev(const struct facts *f, struct verdict *v)
{
	if (!is_quic(f))
		return;
	if (f->same_server_ok_any > f->same_server_ok_tcp)
		ev(v, "%u other QUIC handshake(s) with the same server completed in the capture: it answers QUIC; these datagrams (their size, their source) are what the path drops",
		   f->same_server_ok_any - f->same_server_ok_tcp);
	if (f->same_server_ok_tcp == 0) {
		ev(v, "no TLS handshake over TCP to the same server completed in the capture (a browser would fall back to TCP)");
		return;
	}
	double t = f->same_server_tcp_ok_t;
	ev(v, "over TCP the same server worked: %u TLS handshake(s) to the same port completed, the first %.1f s %s this attempt: only QUIC (UDP) is in trouble on this path",
	   f->same_server_ok_tcp, t < 0 ? -t : t, t < 0 ? "before" : "after");
}

static bool icmp_prohibited(const struct icmp_fact *ic) { return facts_icmp_prohibited(ic->v6, ic->code); }
static const char *icmp_name(const struct icmp_fact *ic) { return facts_icmp_name(ic->v6, ic->code); }

static bool udp_no_answer(const struct facts *f)
{
	return f->transport != TRANSPORT_TCP && f->icmp.seen && f->packets[SIDE_SERVER] == 0;
}

static void icmp_ev(const struct facts *f, struct verdict *v)
{
	const struct icmp_fact *ic = &f->icmp;
	char from[64];
	report_address(&ic->from, from, sizeof from);
	ev(v, "ICMP%s destination unreachable (%s, type %u code %u) from %s%s, %.1f ms after the first packet; %u in all",
	   ic->v6 ? "v6" : "", icmp_name(ic), ic->type, ic->code, from, ic->from_server ? " (the server's own address)" : " (not the server: a router or firewall on the path)",
	   ms(ic->t), ic->count);
	if (f->transport == TRANSPORT_QUIC)
		ev(v, "the client sent %u Initial datagram(s); nothing of QUIC came back", f->quic.initials_unanswered);
	quic_fallback_ev(f, v);
}


static bool m_udp_port_unreachable(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	if (!udp_no_answer(f) || !f->icmp.from_server || icmp_prohibited(&f->icmp))
		return false;
	icmp_ev(f, v);
	summary(v, "the server's host refused the datagrams: nothing listens on UDP port %u", f->server.port);
	return true;
}

static bool m_udp_icmp_prohibited(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	if (!udp_no_answer(f) || !icmp_prohibited(&f->icmp))
		return false;
	icmp_ev(f, v);
	summary(v, "a filter %s refused the datagrams to UDP port %u", f->icmp.from_server ? "on the server's host" : "on the path",
		f->server.port);
	return true;
}

static bool m_udp_icmp_unreachable(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	if (!udp_no_answer(f) || f->icmp.from_server)
		return false;
	icmp_ev(f, v);
	summary(v, "a router reports the server unreachable (%s)", icmp_name(&f->icmp));
	return true;
}

/* ---- DTLS (RFC 6347, RFC 9147) ---- */

static bool is_dtls(const struct facts *f) { return f->transport == TRANSPORT_DTLS; }

/* What DTLS adds to every verdict's evidence: the version as the wire has it, the
 * cookie exchange, the flights sent again. */
static void dtls_notes(const struct facts *f, struct verdict *v)
{
	if (!is_dtls(f))
		return;
	const struct dtls_fact *d = &f->dtls;
	const char *cv = dtls_version_name(d->client_hello_version ? d->client_hello_version : d->record_version[SIDE_CLIENT]);
	const char *sv = dtls_version_name(d->selected_version ? d->selected_version : d->record_version[SIDE_SERVER]);
	ev(v, "DTLS: the client offered %s%s%s; %u datagram(s) from the client, %u from the server", cv ? cv : "an unknown version",
	   sv ? ", the server speaks " : "", sv ? sv : "", d->datagrams[SIDE_CLIENT], d->datagrams[SIDE_SERVER]);
	if (d->hello_verify_seen)
		ev(v, "HelloVerifyRequest: the server asked for a %u-byte cookie first (RFC 6347 4.2.1)%s", d->cookie_len,
		   d->cookie_echoed ? "; the client's second ClientHello carried it" : "; no ClientHello with it followed");
	if (d->handshake_fragments[SIDE_CLIENT] + d->handshake_fragments[SIDE_SERVER] > 0)
		ev(v, "handshake messages in %u fragment(s) from the client, %u from the server (RFC 6347 4.2.3)",
		   d->handshake_fragments[SIDE_CLIENT], d->handshake_fragments[SIDE_SERVER]);
	if (d->retransmitted[SIDE_CLIENT] + d->retransmitted[SIDE_SERVER] > 0)
		ev(v, "handshake messages retransmitted: %u by the client, %u by the server (a flight resent after its timer, RFC 6347 4.2.4)",
		   d->retransmitted[SIDE_CLIENT], d->retransmitted[SIDE_SERVER]);
}

/* The server sent nothing of the handshake after the client's hello (cookie exchange
 * apart) and the client sent its hello again: the server dropped it without a word. */
static bool m_dtls_silent_after_hello(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	const struct dtls_fact *dt = &f->dtls;
	if (!is_dtls(f) || !f->client_hello_seen || f->server_hello_seen || f->n_alerts > 0 || f->icmp.seen)
		return false;
	if (dt->retransmitted[SIDE_CLIENT] == 0 && f->t_observed - f->t_client_hello < BOUND_NO_RESPONSE_SECONDS)
		return false;
	if (dt->hello_verify_seen)
		ev(v, "the server answered the first ClientHello with a HelloVerifyRequest, then nothing to the ClientHello carrying its cookie: it read the hello and refused it without an alert (GnuTLS servers do so for a version, suite or ALPN they do not accept)");
	else
		ev(v, "no record from the server after the ClientHello");
	ev(v, "the client sent its ClientHello again %u time(s) (its retransmission timer, RFC 6347 4.2.4.1)", dt->retransmitted[SIDE_CLIENT]);
	summary(v, "no answer to the DTLS ClientHello%s", dt->hello_verify_seen ? " after the cookie exchange" : "");
	fix(v, "%s", dt->hello_verify_seen ? "the server is there but refused the hello silently: compare the client's versions, suites and ALPN with the server's configuration and read the server's log"
					   : "check that the server listens on this UDP port and that the path carries UDP to it");
	return true;
}

/* The server went silent after the client's Finished flight (no ChangeCipherSpec, no
 * alert) while the client sent its flight again: it refused the flight. */
static bool dtls_flight_unanswered(const struct facts *f)
{
	return is_dtls(f) && f->finished_seen[SIDE_CLIENT] && !f->ccs_seen[SIDE_SERVER] && f->n_alerts == 0 &&
	       f->cert_request_seen && f->dtls.retransmitted[SIDE_CLIENT] > 0;
}

static bool m_dtls_flight_unanswered_empty_cert(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!dtls_flight_unanswered(f) || !d->client_cert_empty)
		return false;
	ev(v, "the server asked for a client certificate (CertificateRequest); the client's Certificate was empty");
	ev(v, "the server answered the client's Finished flight with nothing, and the client sent the flight again %u time(s)",
	   f->dtls.retransmitted[SIDE_CLIENT]);
	summary(v, "the DTLS server requires a client certificate and went silent when the client sent none");
	return true;
}

static bool m_dtls_flight_unanswered_client_cert(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	if (!dtls_flight_unanswered(f) || !d->client_cert_sent)
		return false;
	struct cert_findings fs;
	certcheck_client(f, &fs);
	(void)cert_evidence(v, &fs, -1, false);
	ev(v, "the server answered the client's Finished flight (with its certificate) with nothing, and the client sent the flight again %u time(s)",
	   f->dtls.retransmitted[SIDE_CLIENT]);
	summary(v, "the DTLS server went silent after the client's certificate: it refused it");
	return true;
}

static bool m_quic_unreadable(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	if (!is_quic(f) || f->client_hello_seen || f->quic.n_vn_versions > 0)
		return false;
	char vb[96];
	if (f->quic.packets[SIDE_CLIENT][QUIC_KIND_INITIAL] == 0) {
		ev(v, "no client Initial in the capture: it starts after the connection's first packets (%u from the client, %u from the server)",
		   (unsigned)f->packets[SIDE_CLIENT], (unsigned)f->packets[SIDE_SERVER]);
		summary(v, "the capture starts after the QUIC handshake began");
	} else if (!f->quic.version_known) {
		ev(v, "the client's Initial is %s, whose packet protection tlsdiag does not know", quic_version_label(f->quic.version, vb, sizeof vb));
		summary(v, "QUIC version not readable here: %s", quic_version_label(f->quic.version, vb, sizeof vb));
	} else if (f->quic.undecryptable[SIDE_CLIENT] > 0) {
		ev(v, "%u client Initial packet(s) did not authenticate with the keys of their Destination Connection ID (the capture lacks the client's first Initial, or the packets are damaged)",
		   f->quic.undecryptable[SIDE_CLIENT]);
		summary(v, "the client's Initial packets could not be opened");
	} else {
		return false;
	}
	return true;
}

static bool m_quic_version_negotiation(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	const struct quic_fact *q = &f->quic;
	if (!is_quic(f) || q->n_vn_versions == 0 || f->server_hello_seen || q->packets[SIDE_SERVER][QUIC_KIND_INITIAL] > 0)
		return false;
	char vb[96], list[160] = "";
	for (unsigned i = 0; i < q->n_vn_versions; i++) {
		size_t used = strlen(list);
		const char *n = quic_version_name(q->vn_versions[i]);
		if ((q->vn_versions[i] & 0x0f0f0f0f) == 0x0a0a0a0a)
			continue; /* GREASE */
		snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", n ? n : "?");
		used = strlen(list);
		if (n == NULL)
			snprintf(list + used, sizeof list - used, "(0x%08x)", q->vn_versions[i]);
	}
	ev(v, "the client offered %s; the server answered with Version Negotiation listing %s", quic_version_label(q->version, vb, sizeof vb),
	   list[0] ? list : "no version");
	ev(v, "no Initial of a listed version followed: the client has none of them (RFC 9000 6.2: it abandons the attempt)");
	summary(v, "no QUIC version in common: the server speaks %s", list[0] ? list : "none");
	return true;
}

static bool m_quic_no_server_response(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	const struct quic_fact *q = &f->quic;
	if (!is_quic(f) || quic_server_packets(f) > 0 || q->initials_unanswered == 0)
		return false;
	/* One Initial and the end of the capture right after: the answer may be a round trip away. */
	double watched = f->t_observed - (q->t_last_client_initial >= 0 ? q->t_last_client_initial : 0);
	if (q->initials_unanswered < 2 && watched < BOUND_NO_RESPONSE_SECONDS && !f->timed_out)
		return false;
	quic_initials_ev(f, v);
	ev(v, "nothing came back from the server, not even Version Negotiation or a stateless reset: the datagrams are dropped on the way, or nothing listens on UDP port %u",
	   f->server.port);
	quic_fallback_ev(f, v);
	summary(v, "no answer to the client's QUIC Initial (%u datagram(s) sent)", q->initials_unanswered);
	if (q->max_initial_datagram > 1250)
		fix(v, "check that the path carries UDP datagrams of %u bytes to port %u (MTU, firewalls); a browser falls back to TCP after such a failure",
		    q->max_initial_datagram, f->server.port);
	else
		fix(v, "check that UDP port %u is open to the server on every firewall on the path and that the server listens for QUIC; browsers fall back to TCP silently",
		    f->server.port);
	return true;
}

/* The handshake completed: HANDSHAKE_DONE read, or the client's 1-RTT packets (it has the
 * server's Finished and sent its own: RFC 9001 4.1.2) with the server going on in 1-RTT
 * after the client's Handshake flight, and no error close. */
static bool m_quic_complete(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	const struct quic_fact *q = &f->quic;
	if (!is_quic(f) || !f->server_hello_seen || quic_error_close(f, SIDE_CLIENT) || quic_error_close(f, SIDE_SERVER))
		return false;
	struct quic_shape sh;
	quic_shape_of(f, &sh);
	/* The client answered the server's reaction to its flight in 1-RTT; or the server
	 * confirmed the handshake in a frame read with the key log. */
	bool went_on = sh.reaction >= 0 && sh.client_after > 0 && q->packets[SIDE_CLIENT][QUIC_KIND_SHORT] > 0 &&
		       q->packets[SIDE_SERVER][QUIC_KIND_SHORT] > 0;
	if (!q->handshake_done && !went_on)
		return false;
	char vb[96], cb[64];
	ev(v, "%s, TLS 1.3 %s; the server's Handshake flight and the client's went through", quic_version_label(q->server_version ? q->server_version : q->version, vb, sizeof vb),
	   tls_cipher_name(f->sh.cipher, cb, sizeof cb));
	if (q->handshake_done)
		ev(v, "the server confirmed the handshake: HANDSHAKE_DONE (decrypted with the key log)");
	if (went_on)
		ev(v, "after the client's flight the server went on (%u packet(s), %u of them 1-RTT) and the client answered in 1-RTT (%u packet(s)): a client that had been refused would have gone silent",
		   sh.server_after, sh.server_short_after, sh.client_after);
	ev(v, "1-RTT (short header) packets both ways: %u from the client, %u from the server", q->packets[SIDE_CLIENT][QUIC_KIND_SHORT],
	   q->packets[SIDE_SERVER][QUIC_KIND_SHORT]);
	if (f->ch.n_alpn > 0 && !f->sh.has_alpn) {
		char list[96] = "";
		for (unsigned i = 0; i < f->ch.n_alpn; i++) {
			size_t used = strlen(list);
			snprintf(list + used, sizeof list - used, "%s%.*s", used ? "," : "", (int)f->ch.alpn_len[i], f->ch.alpn[i]);
		}
		ev(v, "ALPN offered %s (the server's choice travels encrypted)", list);
	}
	if (q->retry_seen)
		ev(v, "after a Retry (address validation)%s", q->retry_followed ? ", which the client followed" : "");
	if (f->sh.has_alpn)
		ev(v, "ALPN %s", f->sh.alpn);
	v->resumed = d->resumed;
	summary(v, "QUIC handshake completed%s", v->resumed ? " (resumed)" : "");
	return true;
}

static bool quic_close_is(const struct quic_close_fact *c, uint64_t code) { return c != NULL && !c->application && c->error_code == code; }

static bool m_quic_close_refused(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	const struct quic_close_fact *c = quic_error_close(f, SIDE_SERVER);
	if (!is_quic(f) || c == NULL || !(quic_close_is(c, 0x02) || quic_close_is(c, 0x01) || c->application))
		return false;
	quic_close_ev(c, SIDE_SERVER, v);
	summary(v, "the server refused the QUIC connection (%s)", quic_close_is(c, 0x02) ? "CONNECTION_REFUSED" : quic_close_is(c, 0x01) ? "INTERNAL_ERROR" : "application error");
	return true;
}

static bool m_quic_close_protocol(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	const struct quic_close_fact *c = quic_error_close(f, SIDE_SERVER);
	int side = SIDE_SERVER;
	if (c == NULL) {
		c = quic_error_close(f, SIDE_CLIENT);
		side = SIDE_CLIENT;
	}
	if (!is_quic(f) || c == NULL || c->application || (c->error_code >= 0x100 && c->error_code <= 0x1ff))
		return false;
	quic_close_ev(c, side, v);
	const char *name = quic_transport_error_name(c->error_code);
	summary(v, "the %s closed the QUIC handshake with %s", side_name(side), name ? name : "a transport error");
	return true;
}

/* Sizes of the Handshake packets after the server's flight: a client that accepted the
 * server sends its Finished and then 1-RTT packets; one that sends Handshake packets and
 * never a 1-RTT one closed in the Handshake space (its CONNECTION_CLOSE, encrypted). */
static bool quic_client_aborted(const struct facts *f, const struct quic_shape *sh)
{
	const struct quic_fact *q = &f->quic;
	if (!is_quic(f) || !f->server_hello_seen || f->quic.handshake_done || q->packets[SIDE_SERVER][QUIC_KIND_HANDSHAKE] == 0 ||
	    q->packets[SIDE_CLIENT][QUIC_KIND_HANDSHAKE] == 0 || q->packets[SIDE_CLIENT][QUIC_KIND_SHORT] > 0 ||
	    q->close[SIDE_CLIENT].seen || q->close[SIDE_SERVER].seen)
		return false;
	/* A client that accepts sends 1-RTT packets with its Finished, in the same datagram
	 * or the next: one that sent more without any, or went silent, closed instead. */
	return sh->client_datagrams_after_flight >= 2 ||
	       f->t_observed - q->t_first[SIDE_CLIENT][QUIC_KIND_HANDSHAKE] > 2 * (sh->server_leg + sh->client_leg) + 0.2;
}

static bool m_quic_client_abort(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	struct quic_shape sh;
	quic_shape_of(f, &sh);
	if (!quic_client_aborted(f, &sh))
		return false;
	const struct quic_fact *q = &f->quic;
	ev(v, "the server sent its Handshake flight (%u Handshake packet(s): certificate and Finished, encrypted)", q->packets[SIDE_SERVER][QUIC_KIND_HANDSHAKE]);
	ev(v, "the client answered with %u Handshake packet(s) and never a 1-RTT packet: it closed in the Handshake space instead of finishing (a client that accepts sends 1-RTT packets with its Finished)",
	   q->packets[SIDE_CLIENT][QUIC_KIND_HANDSHAKE]);
	if (q->packets[SIDE_SERVER][QUIC_KIND_SHORT] > 0)
		ev(v, "the server's %u 1-RTT packet(s) (0.5-RTT data) got no 1-RTT answer", q->packets[SIDE_SERVER][QUIC_KIND_SHORT]);
	summary(v, "the client aborted after the server's QUIC Handshake flight (most likely its certificate)");
	fix(v, "check the server's certificate chain against the client's trust store and the name the client asked for (%s); a key log (SSLKEYLOGFILE) shows the alert",
	    f->ch.has_sni ? f->ch.sni : "no SNI");
	return true;
}

/* The server reacted to the client's Finished flight and the client went silent: the
 * reaction was a CONNECTION_CLOSE (in Handshake or 1-RTT packets, encrypted). */
static bool quic_server_aborted(const struct facts *f, struct quic_shape *sh)
{
	quic_shape_of(f, sh);
	return is_quic(f) && f->server_hello_seen && !f->quic.handshake_done && sh->reaction >= 0 && sh->client_after == 0 &&
	       (sh->capture_went_on || sh->reaction_close_shaped) && !quic_error_close(f, SIDE_CLIENT);
}

static void quic_server_abort_ev(const struct facts *f, const struct quic_shape *sh, struct verdict *v)
{
	(void)f;
	ev(v, "the client sent its Handshake flight (%u bytes of Handshake packets) and %u 1-RTT packet(s)", sh->client_flight_bytes,
	   sh->client_short_before);
	ev(v, "the server's reaction: %u packet(s), %u of them 1-RTT%s; then the client sent nothing more: it was told to close (CONNECTION_CLOSE, encrypted; RFC 9000 10.2.2 draining)",
	   sh->server_after, sh->server_short_after,
	   sh->reaction_close_shaped ? ", Handshake packets among them, each the size of a CONNECTION_CLOSE" : "");
}

/* A Handshake flight of more than a Finished (36 bytes) and an empty Certificate: the
 * client sent a certificate. */
#define QUIC_FLIGHT_WITH_CERT 300

static bool m_quic_server_abort_client_cert(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	struct quic_shape sh;
	if (!quic_server_aborted(f, &sh) || sh.client_flight_bytes < QUIC_FLIGHT_WITH_CERT)
		return false;
	quic_server_abort_ev(f, &sh, v);
	ev(v, "the client's flight is large enough to carry a certificate: the server refused it");
	summary(v, "the server closed the QUIC handshake after the client's certificate");
	return true;
}

static bool m_quic_server_abort_no_cert(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	struct quic_shape sh;
	if (!quic_server_aborted(f, &sh))
		return false;
	quic_server_abort_ev(f, &sh, v);
	ev(v, "the client's flight is too small to carry a certificate (a Finished, perhaps with an empty Certificate): a server that requires one closes here");
	summary(v, "the server closed the QUIC handshake after a client flight without a certificate");
	return true;
}

/* The server's first burst against what it had received when it sent it: the client's
 * datagrams before the server's first, and the server's up to when the client's answer
 * could reach it. A burst of about three times the budget that nothing follows, while
 * the client goes on sending, is the anti-amplification limit (RFC 9000 8.1): the
 * client's answers never reach the server, which may not send more until they do. */
static bool m_quic_amplification_stall(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	const struct quic_fact *q = &f->quic;
	if (!is_quic(f) || !f->server_hello_seen || q->retry_seen || q->packets[SIDE_CLIENT][QUIC_KIND_SHORT] > 0 ||
	    quic_error_close(f, SIDE_SERVER) || quic_error_close(f, SIDE_CLIENT) || q->handshake_done)
		return false;
	struct quic_shape sh;
	quic_shape_of(f, &sh);
	unsigned long budget = 0, burst = 0, later = 0, client_after = 0;
	int first_server = -1;
	double answer_t = -1;
	for (int i = 0; i < q->n_trace; i++) {
		const struct quic_packet_note *n = &q->trace[i];
		if (n->from == SIDE_SERVER && first_server < 0)
			first_server = i;
		if (n->from == SIDE_CLIENT) {
			if (first_server < 0)
				budget += n->datagram;
			else {
				client_after++;
				if (answer_t < 0)
					answer_t = n->t;
			}
		} else if (answer_t < 0 || n->t <= answer_t + sh.server_window) {
			burst += n->datagram;
		} else {
			later++;
		}
	}
	if (first_server < 0 || budget == 0 || later > 0 || burst * 10 < budget * 25 || burst > budget * 3 + 1500)
		return false;
	/* The client was still there, waiting for the rest of the flight; or, seen where
	 * nothing of the client's came after, the burst used the whole budget. */
	if (client_after < 2 && f->t_observed - q->trace[q->n_trace - 1].t < 1.0 && burst * 10 < budget * 29)
		return false;
	ev(v, "the server had %lu bytes from the client when it sent its flight, and sent %lu (%.1f times), then nothing more: the anti-amplification limit of RFC 9000 8.1 is 3 times what it received",
	   budget, burst, (double)burst / (double)budget);
	ev(v, "the client sent %lu more packet(s) (its ACKs would have lifted the limit) and never a 1-RTT packet: they did not reach the server, or the flight did not fit the limit",
	   client_after);
	summary(v, "the QUIC handshake stalled at the server's anti-amplification limit");
	fix(v, "the server's flight (its certificate chain) is larger than 3 times the client's Initial: shrink the chain or the key size, have the client pad its Initial more, or validate addresses with Retry; check that the client's later datagrams reach the server");
	return true;
}

static bool m_quic_ended(const struct facts *f, const struct facts_derived *d, struct verdict *v)
{
	(void)d; /* observed facts alone */
	if (!is_quic(f))
		return false;
	const struct quic_fact *q = &f->quic;
	ev(v, "the capture ends %s: %u datagram(s) from the client, %u from the server (%u Handshake, %u 1-RTT packets from the client; %u Handshake, %u 1-RTT from the server)",
	   facts_stage_name((enum stage)f->stage), q->datagrams[SIDE_CLIENT], q->datagrams[SIDE_SERVER],
	   q->packets[SIDE_CLIENT][QUIC_KIND_HANDSHAKE], q->packets[SIDE_CLIENT][QUIC_KIND_SHORT],
	   q->packets[SIDE_SERVER][QUIC_KIND_HANDSHAKE], q->packets[SIDE_SERVER][QUIC_KIND_SHORT]);
	summary(v, "the capture ends before the QUIC handshake's outcome %s", facts_stage_name((enum stage)f->stage));
	return true;
}

/*
 * The table, in evaluation order: handshake messages first, alert codes second. What
 * each TLS stack sends for each class (which alert, a close or a reset, before or after
 * which message) is man/tls-stacks.md, one section per class name; a row whose predicate
 * rests on a stack's habit cites its section there.
 */
static const struct rule rules[] = {
	{ "quic.unreadable", CLASS_INCOMPLETE, CONF_HIGH, m_quic_unreadable,
	  "Without the client's Initial, or of a version whose salt is not known, nothing of the QUIC handshake can be read (RFC 9001 5.2).",
	  "capture from before the connection starts, on the client's side of the path" },
	{ "quic.version_negotiation", CLASS_VERSION_MISMATCH, CONF_HIGH, m_quic_version_negotiation,
	  "A Version Negotiation packet lists the versions the server speaks; a client with none of them abandons the connection (RFC 9000 6).",
	  "enable a QUIC version both sides speak (v1 is universal); update the client or the server" },
	{ "udp.port_unreachable", CLASS_SERVER_RESET, CONF_HIGH, m_udp_port_unreachable,
	  "Over UDP a host with no socket on the port answers ICMP port unreachable (RFC 1122 4.1.3.1): UDP's reset.",
	  "start the server, or point the client at the port it listens on; check the host's firewall" },
	{ "udp.icmp_prohibited", CLASS_MIDDLEBOX_RESET, CONF_HIGH, m_udp_icmp_prohibited,
	  "ICMP communication administratively prohibited is what a filter rejecting the packet sends (RFC 1812 5.2.7.1; iptables REJECT --reject-with icmp-admin-prohibited).",
	  "open UDP to the server's port on the firewall named; QUIC clients fall back to TCP when it stays closed" },
	{ "udp.icmp_unreachable", CLASS_NO_SERVER_RESPONSE, CONF_HIGH, m_udp_icmp_unreachable,
	  "A router that cannot deliver the datagram says so with ICMP destination unreachable (RFC 792, RFC 4443).",
	  "check the route to the server from the router named" },
	{ "quic.no_server_response", CLASS_NO_SERVER_RESPONSE, CONF_HIGH, m_quic_no_server_response,
	  "A QUIC server answers an Initial with an Initial, a Retry or Version Negotiation; silence means the datagrams are lost on the path or nothing listens (RFC 9000 14, 17).",
	  "check that the UDP port is open along the path and the server listens for QUIC" },
	{ "tcp.no_synack", CLASS_NO_SERVER_RESPONSE, CONF_HIGH, m_tcp_no_synack,
	  "A SYN without SYN-ACK: the TCP connection never opened (RFC 793 3.4).",
	  "check that the server listens and that firewalls on the path pass the port" },
	{ "tcp.syn_unwatched", CLASS_INCOMPLETE, CONF_HIGH, m_tcp_syn_unwatched,
	  "A SYN at the end of what was watched: a server answers within a round trip, a client retries after 1 s (RFC 6298).",
	  "capture for longer after the connection attempt (or raise --max-memory / --max-flows)" },
	{ "tcp.refused", CLASS_SERVER_RESET, CONF_HIGH, m_tcp_refused,
	  "A reset in answer to a SYN means no socket listens on the port (RFC 793 3.4).",
	  "start the service or connect to the right port" },
	{ "tcp.hello_lost_on_path", CLASS_NO_SERVER_RESPONSE, CONF_MEDIUM, m_hello_lost_on_path,
	  "A connection that opened, whose client's first bytes are missing and were never acknowledged by the server: lost on the path before the server, which can answer no hello it never got whole (RFC 793 3.7: the receiver acknowledges only what it has in order).",
	  "" },
	{ "capture.midstream", CLASS_INCOMPLETE, CONF_HIGH, m_capture_midstream,
	  "Without the ClientHello the attempt cannot be judged.", "capture from before the connection opens" },
	{ "proxy.refused", CLASS_NOT_TLS, CONF_HIGH, m_proxy_refused,
	  "A forward proxy answers the client's tunnel request (HTTP CONNECT, RFC 9110 9.3.6; SOCKS, RFC 1928 6 and SOCKS 4) before any TLS byte: a refusal there means the TLS handshake never started; the proxy, not the server, decided.",
	  "" },
	{ "upgrade.refused", CLASS_NOT_TLS, CONF_HIGH, m_upgrade_refused,
	  "A clear-text protocol starts TLS only when the server agrees to the client's request (SMTP RFC 3207 4, IMAP RFC 3501 6.2.1, POP3 RFC 2595 4, FTP RFC 4217 4, NNTP RFC 4642 2.2, LDAP RFC 4511 4.14, XMPP RFC 6120 5.4.2, PostgreSQL's SSLRequest): a refusal means no TLS on this connection, whatever the client's TLS settings.",
	  "" },
	{ "upgrade.not_offered", CLASS_NOT_TLS, CONF_MEDIUM, m_upgrade_not_offered,
	  "The server's list of what it offers (SMTP EHLO, IMAP CAPABILITY, POP3 CAPA, FTP FEAT, NNTP CAPABILITIES, XMPP stream features, MySQL's greeting) lacks the upgrade, and the client ended the dialogue without asking: a client that requires TLS gives up there.",
	  "" },
	{ "plaintext.to_tls_port", CLASS_NOT_TLS, CONF_HIGH, m_client_plaintext,
	  "The client's first bytes are not a TLS record: it speaks another protocol to a TLS port.",
	  "use https:// / the TLS client mode, or the service's clear-text port" },
	{ "upgrade.expected", CLASS_NOT_TLS, CONF_HIGH, m_upgrade_expected,
	  "The server greeted in clear text (SMTP 220, IMAP * OK, POP3 +OK, FTP 220, NNTP 200, MySQL's handshake): this port speaks its protocol first and upgrades on request, so a ClientHello sent at once is not understood. Implicit TLS has ports of its own (RFC 8314 3.3).",
	  "" },
	{ "tcp.server_closed_before_hello", CLASS_SERVER_RESET, CONF_MEDIUM, m_server_closed_before_hello,
	  "The server ended the connection right after the TCP handshake, before the client sent a byte: it refused the connection itself (a connection limit, an address filter, a service going down).",
	  "check the server's log and its limits (connection count, allowed client addresses, the TLS listener behind the port): it closed before the client could speak" },
	{ "tcp.no_client_hello", CLASS_INCOMPLETE, CONF_MEDIUM, m_no_client_hello,
	  "A TCP connection to a TLS port that never carried a ClientHello.",
	  "check the client: it connected but did not start TLS" },
	{ "handshake.not_client_hello", CLASS_PROTOCOL_ERROR, CONF_HIGH, m_not_client_hello,
	  "A connection must open with a ClientHello (RFC 8446 4.1.2, RFC 5246 7.4.1.2); a client whose first handshake message is another one breaks the protocol, and servers answer unexpected_message(10) or decode_error(50).",
	  "" },
	{ "handshake.complete", CLASS_OK, CONF_HIGH, m_handshake_complete,
	  "ChangeCipherSpec and Finished both ways complete a TLS <= 1.2 handshake (RFC 5246 7.3).", "" },
	{ "tls12.client_abort_after_finished", CLASS_SERVER_CERT_REJECTED, CONF_LOW, m_tls12_client_abort_after_finished,
	  "A TLS <= 1.2 client that sends an encrypted alert after its own Finished but before it has the server's (its ACKs do not cover them, wherever the capture is taken) aborted the handshake: NSS validates the server's certificate asynchronously and alerts at this point.",
	  "" },
	{ "tls13.decrypted_complete", CLASS_OK, CONF_HIGH, m_tls13_decrypted_complete,
	  "Decrypted with the key log: Finished both ways, and the server went on (session ticket or data) instead of alerting (RFC 8446 4.4.4).",
	  "" },
	{ "quic.complete", CLASS_OK, CONF_HIGH, m_quic_complete,
	  "A QUIC client sends 1-RTT packets only once it has the server's Finished and has sent its own (RFC 9001 4.1.2); HANDSHAKE_DONE confirms it (RFC 9001 4.1.2).",
	  "" },
	{ "alert.protocol_version", CLASS_VERSION_MISMATCH, CONF_HIGH, m_alert_protocol_version,
	  "protocol_version(70): no version in common (RFC 8446 6.2); inappropriate_fallback(86): a downgraded retry (RFC 7507).",
	  "align the protocol version ranges" },
	{ "alert.no_application_protocol", CLASS_ALPN_MISMATCH, CONF_HIGH, m_alert_alpn,
	  "no_application_protocol(120): the server supports none of the client's ALPN protocols (RFC 7301 3.2).",
	  "offer a protocol the server speaks" },
	{ "alert.unrecognized_name_no_sni", CLASS_MISSING_SNI, CONF_HIGH, m_alert_unrecognized_name_no_sni,
	  "unrecognized_name(112) in answer to a ClientHello without a server_name: the server cannot serve a client that names no host (RFC 6066 3); the missing name, not an unknown one, is the cause.",
	  "send SNI" },
	{ "alert.unrecognized_name", CLASS_UNKNOWN_SNI, CONF_HIGH, m_alert_unrecognized_name,
	  "A fatal unrecognized_name(112): the server has no configuration for the requested name (RFC 6066 3).",
	  "serve the name, or use one the server knows" },
	{ "alert.internal_error_unknown_sni", CLASS_UNKNOWN_SNI, CONF_MEDIUM, m_alert_internal_error_unknown_sni,
	  "internal_error(80) before any ServerHello, to a hello naming a host, from a server that completes handshakes for other names: a server choosing its configuration by name in code (Go) refuses the name this way.",
	  "serve the name, or use one the server knows" },
	{ "alert.client_cert_missing", CLASS_CLIENT_CERT_MISSING, CONF_HIGH, m_alert_client_cert_missing,
	  "The server asked for a certificate (CertificateRequest), the client sent an empty list, the server aborted (RFC 5246 7.4.6).",
	  "give the client a certificate" },
	{ "alert.client_cert_rejected", CLASS_CLIENT_CERT_REJECTED, CONF_HIGH, m_alert_client_cert_rejected,
	  "A certificate alert from the server after the client's Certificate: the server refused it (RFC 5246 7.2.2).",
	  "present a certificate the server trusts" },
	{ "alert.server_cert_rejected", CLASS_SERVER_CERT_REJECTED, CONF_HIGH, m_alert_server_cert_rejected,
	  "A certificate alert (42-46, 48, 49) from the client after the server's certificate: the client refused it.",
	  "serve a chain the client trusts" },
	{ "alert.handshake_failure_ssl_only", CLASS_VERSION_MISMATCH, CONF_MEDIUM, m_alert_handshake_failure_ssl_only,
	  "handshake_failure(40)/insufficient_security(71) in answer to a hello that offers at most SSL 3.0: the server speaks none of its versions (SSL 2.0 and 3.0 are prohibited: RFC 6176, RFC 7568).",
	  "the client must offer TLS 1.2 or 1.3; SSL 2.0/3.0 are prohibited (RFC 6176, RFC 7568)" },
	{ "alert.handshake_failure_tls13_only", CLASS_VERSION_MISMATCH, CONF_MEDIUM, m_alert_handshake_failure_tls13_only,
	  "handshake_failure(40)/insufficient_security(71) before any ServerHello to a hello that offers only TLS 1.3, from a server that answers clients offering TLS 1.3 with an older version: it does not speak TLS 1.3 (RFC 8446 4.2.1), and finds none of its suites among the TLS 1.3 ones.",
	  "enable TLS 1.3 on the server, or let the client offer TLS 1.2" },
	{ "alert.handshake_failure_no_sni", CLASS_MISSING_SNI, CONF_MEDIUM, m_alert_handshake_failure_no_sni,
	  "handshake_failure(40)/insufficient_security(71) before any ServerHello to a hello without server_name, from a server that completes handshakes for hellos that name a host: it picks every certificate by name and has none for this hello (RFC 6066 3).",
	  "send SNI" },
	{ "alert.hrr_without_group", CLASS_NO_SHARED_CIPHER, CONF_MEDIUM, m_alert_hrr_without_group,
	  "A HelloRetryRequest without a key_share group, refused by the client with illegal_parameter(47) (RFC 8446 4.1.4): the server found no group in common (wolfSSL).",
	  "enable a common group" },
	{ "alert.handshake_failure", CLASS_NO_SHARED_CIPHER, CONF_MEDIUM, m_alert_handshake_failure,
	  "handshake_failure(40)/insufficient_security(71) in answer to the ClientHello: the server found no acceptable set of security parameters (RFC 5246 7.4.1.3, RFC 8446 4.1.1).",
	  "enable a common cipher suite, group and signature algorithm" },
	{ "alert.protocol", CLASS_PROTOCOL_ERROR, CONF_HIGH, m_alert_protocol,
	  "An alert that reports a malformed, unexpected or unverifiable message (RFC 8446 6.2).",
	  "find the implementation that sends what the peer cannot parse" },
	{ "alert.other", CLASS_UNKNOWN_FAILURE, CONF_MEDIUM, m_alert_other,
	  "A fatal alert that names no cause the other rules know.", "read the sender's logs for the alert" },
	{ "quic.close_refused", CLASS_SERVER_RESET, CONF_HIGH, m_quic_close_refused,
	  "A server that will not take the connection closes it with CONNECTION_REFUSED or an internal error (RFC 9000 20.1).",
	  "check the server's connection limits and logs: it refused the connection before any TLS verdict" },
	{ "quic.close_protocol", CLASS_PROTOCOL_ERROR, CONF_HIGH, m_quic_close_protocol,
	  "A transport error code other than a crypto error: one side found the other's packets or frames malformed (RFC 9000 20.1).",
	  "compare the two QUIC stacks' versions and transport parameters; report it to the vendor of the side named" },
	{ "quic.amplification_stall", CLASS_NO_SERVER_RESPONSE, CONF_MEDIUM, m_quic_amplification_stall,
	  "Before the client's address is validated a server sends at most three times what it received (RFC 9000 8.1); a flight larger than that waits for the client, which waits for the flight.",
	  "shrink the certificate chain, or validate addresses with Retry" },
	{ "quic.client_abort", CLASS_SERVER_CERT_REJECTED, CONF_LOW, m_quic_client_abort,
	  "A client that refuses the server's flight closes in the Handshake space and sends no 1-RTT packet; what it refuses is most often the certificate (RFC 9001 4.8 hides the alert).",
	  "check the server's certificate chain and name; decrypt with SSLKEYLOGFILE to read the alert" },
	{ "quic.server_abort_client_cert", CLASS_CLIENT_CERT_REJECTED, CONF_LOW, m_quic_server_abort_client_cert,
	  "A server that refuses the client's certificate closes after the client's flight; the client, told to close, goes silent (RFC 9000 10.2.2). The alert is encrypted (RFC 9001 4.8).",
	  "check the client certificate against the server's trusted CAs, its validity and key usage; decrypt with SSLKEYLOGFILE to read the alert" },
	{ "quic.server_abort_no_cert", CLASS_CLIENT_CERT_MISSING, CONF_LOW, m_quic_server_abort_no_cert,
	  "A server closing after a client flight with no certificate in it most often requires one (a Finished that fails to verify is a broken stack's).",
	  "give the client a certificate the server accepts (or make it optional on the server); decrypt with SSLKEYLOGFILE to confirm" },
	{ "dtls.silent_after_hello", CLASS_NO_SERVER_RESPONSE, CONF_MEDIUM, m_dtls_silent_after_hello,
	  "A DTLS client resends its hello until an answer comes (RFC 6347 4.2.4); a server that drops it answers nothing, not even the alert TLS over TCP would send.",
	  "check the server's log for why it refused the hello" },
	{ "dtls.flight_unanswered_empty_cert", CLASS_CLIENT_CERT_MISSING, CONF_LOW, m_dtls_flight_unanswered_empty_cert,
	  "A DTLS server that refuses the client's flight without an alert leaves the client resending it (RFC 6347 4.2.4); after a CertificateRequest and an empty Certificate, the missing certificate is why.",
	  "give the client a certificate from a CA the server accepts" },
	{ "dtls.flight_unanswered_client_cert", CLASS_CLIENT_CERT_REJECTED, CONF_LOW, m_dtls_flight_unanswered_client_cert,
	  "A DTLS server that refuses the client's flight without an alert leaves the client resending it; with a client certificate in it, the certificate is most often why.",
	  "check the client certificate against the server's trusted CAs, its validity and key usage" },
	{ "quic.ended", CLASS_INCOMPLETE, CONF_HIGH, m_quic_ended,
	  "A QUIC attempt whose packets show no outcome: the capture ends (or stops) in the middle of its handshake.",
	  "capture longer, from before the connection starts" },
	{ "tls13.server_alert_after_flight", CLASS_UNKNOWN_FAILURE, CONF_LOW, m_tls13_server_alert_after_flight,
	  "A TLS 1.3 server whose flight ends in an alert-sized record (19 bytes, RFC 8446 5.2) before the client's Finished aborted the handshake itself.",
	  "read the server's log" },
	{ "tls13.server_abort_after_hello_alpn", CLASS_ALPN_MISMATCH, CONF_LOW, m_tls13_server_abort_after_hello_alpn,
	  "A TLS 1.3 server whose only record after the ServerHello is alert-sized, followed by its close, to a client that offered ALPN, refused what it settles after the ServerHello: ALPN (Go sends no_application_protocol(120) there, RFC 7301 3.2).",
	  "" },
	{ "tls13.client_abort", CLASS_SERVER_CERT_REJECTED, CONF_LOW, m_tls13_client_abort,
	  "TLS 1.3 encrypts the server's certificate and the client's alert; a client that answers the server's flight with one alert-sized record (19 bytes: RFC 8446 5.2) or a close refused it, most often its certificate.",
	  "check the server's certificate; confirm with a key log" },
	{ "tls13.server_abort_empty_cert", CLASS_CLIENT_CERT_MISSING, CONF_LOW, m_tls13_server_abort_empty_cert,
	  "A TLS 1.3 server that answers a client flight holding an empty Certificate (a 25-byte record, up to 16 more with padding) with one alert-sized record or a close refused it for the lack of a certificate (RFC 8446 4.4.2.4: certificate_required).",
	  "configure the client with a certificate the server accepts; a key log (--keylog) would confirm the certificate_required alert" },
	{ "tls13.server_abort_client_cert", CLASS_CLIENT_CERT_REJECTED, CONF_LOW, m_tls13_server_abort_client_cert,
	  "A TLS 1.3 server that answers a client flight larger than a Finished alone (it carries a certificate) with one alert-sized record or a close refused the certificate.",
	  "check that the client certificate is issued by a CA the server trusts, valid now, with clientAuth usage; a key log (--keylog) would confirm the alert" },
	{ "tls13.server_abort", CLASS_UNKNOWN_FAILURE, CONF_LOW, m_tls13_server_abort,
	  "A TLS 1.3 server that answers the client's Finished flight, no certificate in it, with one alert-sized record or a close refused the flight; the encrypted alert does not say why.",
	  "the alert is encrypted: look at the server's log, or capture again with a key log (--keylog)" },
	{ "tls13.complete", CLASS_OK, CONF_HIGH, m_tls13_complete,
	  "After a TLS 1.3 ServerHello, encrypted records from the client (its Finished) followed by more traffic and no abort mean the handshake completed (RFC 8446 2).",
	  "" },
	{ "tls12.encrypted_abort_empty_cert", CLASS_CLIENT_CERT_MISSING, CONF_MEDIUM, m_tls12_encrypted_abort_empty_cert,
	  "A TLS <= 1.2 server that answers the client's Finished flight with an encrypted alert or a close, instead of its ChangeCipherSpec, after an empty client Certificate, requires a certificate (RFC 5246 7.4.6).",
	  "configure the client with a certificate and key issued by a CA the server accepts" },
	{ "tls12.encrypted_abort_client_cert", CLASS_CLIENT_CERT_REJECTED, CONF_MEDIUM, m_tls12_encrypted_abort_client_cert,
	  "A TLS <= 1.2 server that answers the client's Finished flight with an encrypted alert or a close, instead of its ChangeCipherSpec, after the client's certificate refused that certificate.",
	  "check the client's certificate and the server's log" },
	{ "tls12.encrypted_abort", CLASS_UNKNOWN_FAILURE, CONF_MEDIUM, m_tls12_encrypted_abort,
	  "A TLS <= 1.2 server that answers the client's Finished flight, no client certificate involved, with an encrypted alert instead of its ChangeCipherSpec refused the Finished or the key exchange; the alert is encrypted.",
	  "the server could not verify the client's Finished or key exchange: check the server's log; a key log (--keylog) would show the alert" },
	{ "tls12.close_after_finished", CLASS_SERVER_RESET, CONF_MEDIUM, m_tls12_close_after_finished,
	  "A TLS <= 1.2 server that closes or resets instead of sending its ChangeCipherSpec after the client's Finished flight, no client certificate involved, dropped the handshake without an alert.",
	  "the server could not verify the client's Finished or key exchange: check the server's log; a key log (--keylog) would show the alert" },
	{ "inferred.complete", CLASS_OK, CONF_MEDIUM, m_inferred_complete,
	  "The ServerHello was lost by the capture (the client acknowledged it), but encrypted traffic both ways shows the handshake completed.",
	  "" },
	{ "server.malformed_answer", CLASS_PROTOCOL_ERROR, CONF_HIGH, m_server_malformed_answer,
	  "The server answered a ClientHello with bytes that are neither a TLS record nor text: broken TLS from the server or from a device in front of it (RFC 8446 5.1).",
	  "something on the server side writes broken TLS: check the server's TLS terminator and any proxy in front of it" },
	{ "server.plaintext_answer", CLASS_NOT_TLS, CONF_HIGH, m_server_plaintext,
	  "The server answered a ClientHello with text that is not TLS: a clear-text service (HTTP 400, an SMTP greeting).",
	  "connect to the TLS port or use STARTTLS" },
	{ "record.malformed", CLASS_PROTOCOL_ERROR, CONF_MEDIUM, m_malformed,
	  "A record or handshake message that does not parse (RFC 8446 5.1, 4).",
	  "find the implementation or device that breaks the records" },
	{ "rst.middlebox", CLASS_MIDDLEBOX_RESET, CONF_HIGH, m_middlebox_reset,
	  "A reset or FIN after the ClientHello whose TTL, IP ID or timing does not fit the server: injected by a device on the path, as SNI filters and IPS do.",
	  "find the filtering device" },
	{ "close.missing_sni", CLASS_MISSING_SNI, CONF_MEDIUM, m_close_missing_sni,
	  "A hello without SNI closed at once by the server: SNI-routing proxies (nginx ssl_preread, HAProxy req.ssl_sni) and multi-tenant load balancers cannot route it.",
	  "send SNI" },
	{ "close.unknown_sni", CLASS_UNKNOWN_SNI, CONF_MEDIUM, m_close_unknown_sni,
	  "A hello for one name closed at once, while the same server completes handshakes for other names: the name is not configured.",
	  "configure the name" },
	{ "close.server", CLASS_SERVER_RESET, CONF_MEDIUM, m_server_close,
	  "The server ended the connection during the handshake with no alert and no sign of a middlebox.",
	  "check the server's logs" },
	{ "close.client_after_server_cert", CLASS_SERVER_CERT_REJECTED, CONF_LOW, m_client_close_after_cert,
	  "A client that closes after the server's certificate instead of sending its key exchange refused something in the server's flight, most often the certificate (some clients send no alert).",
	  "check the server certificate" },
	{ "silence.no_server_response", CLASS_NO_SERVER_RESPONSE, CONF_HIGH, m_no_server_response,
	  "The ClientHello got no TLS answer before the client gave up or the capture ended.",
	  "check the path and the server" },
	{ "capture.one_sided", CLASS_INCOMPLETE, CONF_HIGH, m_one_sided,
	  "Only one direction of the connection is in the capture.", "capture both directions" },
	{ "capture.ended", CLASS_INCOMPLETE, CONF_HIGH, m_capture_ended,
	  "The capture ends, or misses packets, before the handshake's outcome.", "capture longer / without loss" },
	{ "fallback.unknown", CLASS_UNKNOWN_FAILURE, CONF_LOW, m_fallback,
	  "The handshake ended without completing and nothing above explains it.", "look at both sides' logs" },
};

_Static_assert(sizeof rules / sizeof rules[0] <= sizeof fired / sizeof fired[0], "a firing counter for every row");

const struct rule *rules_table(size_t *n_rules)
{
	*n_rules = sizeof rules / sizeof rules[0];
	return rules;
}

unsigned long rules_fired(size_t index)
{
	return index < sizeof fired / sizeof fired[0] ? __atomic_load_n(&fired[index], __ATOMIC_RELAXED) : 0;
}

void rules_decide(const struct facts *f, struct verdict *v)
{
	struct facts_derived d;
	facts_derive(f, &d);
	size_t n = sizeof rules / sizeof rules[0];
	for (size_t i = 0; i < n; i++) {
		/* What a row may have written before deciding it does not apply is reset; the
		 * evidence lines past n_evidence are never read (no memset of the whole
		 * verdict for each of the table's rows). */
		v->n_evidence = 0;
		v->summary[0] = v->fix[0] = '\0';
		v->resumed = false;
		v->failing_check = NULL;
		v->rule_id = NULL;
		v->cls = rules[i].cls;
		v->confidence = rules[i].confidence;
		if (!rules[i].match(f, &d, v))
			continue;
		/* A row gives one class, its own: --list-rules is then the whole truth of how a
		 * class is decided. A predicate that set another would break that. */
		assert(v->cls == rules[i].cls);
		v->rule_id = rules[i].id;
		if (v->fix[0] == '\0' && rules[i].fix[0] != '\0')
			fix(v, "%s", rules[i].fix);
		capture_notes(f, &d, v);
		dtls_notes(f, v);
		if (class_outcome(v->cls) == CLASS_OUTCOME_OK)
			cert_warnings(f, v);
		if (i < sizeof fired / sizeof fired[0])
			__atomic_fetch_add(&fired[i], 1, __ATOMIC_RELAXED); /* files may be decided in parallel */
		return;
	}
}

const char *rules_confidence_name(enum confidence c)
{
	return c == CONF_HIGH ? "high" : c == CONF_MEDIUM ? "medium" : "low";
}
