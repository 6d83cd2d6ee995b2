/*
 * report.c — text and NDJSON output of attempts (the batch summary is triage.c).
 *
 * Pipeline position: rules → report. It writes the attempts; the batch summary
 * (triage.c), the run's own records and messages (main.c, batch.c) are written elsewhere.
 * Every string that came from the wire (SNI, ALPN, certificate names) is escaped as it
 * is written (escape.h): in text, which may reach a terminal, as \xNN (as '?' in the
 * fixed-width sni= field), in JSON by JSON's own escapes (json.h). Summaries and
 * evidence quote such names too: they are written the same way.
 */
#include "report.h"

#include <arpa/inet.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "certcheck.h"
#include "decode.h"
#include "classes.h"
#include "escape.h"
#include "fingerprint.h"
#include "quic.h"
#include "quic_crypto.h"
#include "json.h"
#include "ladder.h"
#include "negotiation.h"
#include "table.h"
#include "tls_names.h"
#include "upgrade.h"
#include "tls_parse.h"
#include "tls_wire.h"

const char *report_address(const struct endpoint *e, char *buf, size_t len)
{
	if (inet_ntop(e->family == 4 ? AF_INET : AF_INET6, e->addr, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

const char *report_version_name(const struct facts *f, uint16_t v, char *buf, size_t len)
{
	/* The DTLS stage hands versions on as the TLS ones they are built on (dtls.h). */
	if (f->transport == TRANSPORT_DTLS) {
		switch (v) {
		case 0x0302: return "DTLS1.0";
		case 0x0303: return "DTLS1.2";
		case 0x0304: return "DTLS1.3";
		default: break;
		}
	}
	return tls_version_name(v, buf, len);
}

const char *report_endpoint(const struct endpoint *e, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	report_address(e, a, sizeof a);
	if (e->family == 6)
		snprintf(buf, len, "[%s]:%u", a, e->port);
	else
		snprintf(buf, len, "%s:%u", a, e->port);
	return buf;
}


static void format_ts(double t, char *buf, size_t len)
{
	/* The same microseconds as the record's ts, whichever way they are shown. */
	int64_t us = report_ts_us(t);
	time_t sec = (time_t)(us / 1000000);
	long usec = (long)(us % 1000000);
	struct tm tm;
	gmtime_r(&sec, &tm);
	char base[32];
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%06ldZ", base, usec);
}

void report_format_text_ts(double t, bool utc, char *buf, size_t len)
{
	/* tcpdump's habit: local time; unlike tcpdump, with its zone, so that a pasted line
	 * says which clock it is. */
	int64_t us = report_ts_us(t);
	time_t sec = (time_t)(us / 1000000);
	long usec = (long)(us % 1000000);
	struct tm tm;
	char base[32], zone[16] = "UTC";
	if (utc) {
		gmtime_r(&sec, &tm);
	} else {
		localtime_r(&sec, &tm);
		if (strftime(zone, sizeof zone, "%Z", &tm) == 0)
			strftime(zone, sizeof zone, "%z", &tm);
	}
	strftime(base, sizeof base, "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(buf, len, "%s.%06ld %s", base, usec, zone);
}

int64_t report_ts_us(double t)
{
	/* RFC 3339 has four-digit years: a capture's clock outside them (a pcapng with a
	 * broken resolution) is shown at the nearest end. */
	if (!(t >= 0))
		t = 0;
	if (t > 253402300799.0)
		t = 253402300799.0;
	int64_t sec = (int64_t)floor(t);
	int64_t usec = llround((t - (double)sec) * 1e6);
	return sec * 1000000 + usec; /* a rounding up to 1000000 carries into the second */
}

void report_format_ts(double t, char *buf, size_t len)
{
	format_ts(t, buf, len);
}

int64_t report_parse_ts(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	long usec = 0;
	int n = 0;
	// NOLINTNEXTLINE(cert-err34-c): each field is at most 6 digits (no overflow); the count and %n check the whole string
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%6ldZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		   &tm.tm_sec, &usec, &n) != 7 || s[n] != '\0')
		return INT64_MIN;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000000 + usec;
}

static const struct close_fact *first_close(const struct facts *f, int *by)
{
	const struct close_fact *c = facts_first_close(f, -1);
	*by = -1;
	if (c != NULL)
		*by = (c == &f->fin[SIDE_CLIENT] || c == &f->rst[SIDE_CLIENT]) ? SIDE_CLIENT : SIDE_SERVER;
	return c;
}

/* QUIC: an HTTP/3 request the same way (curl built with HTTP/3, e.g. curl 8 with
 * ngtcp2), to the address captured, under the name the client asked for. */
static void quic_repro_command(const struct facts *f, char *buf, size_t len)
{
	char addr[64], name[BOUND_SNI * 2];
	report_address(&f->server, addr, sizeof addr);
	if (f->ch.has_sni)
		escape_shell_word(f->ch.sni, f->ch.sni_len, name, sizeof name);
	else
		snprintf(name, sizeof name, "%s", f->server.family == 6 ? "[IPV6]" : addr);
	if (f->ch.has_sni && f->server.family == 6)
		snprintf(buf, len, "curl --http3-only -v --resolve %s:%u:[%s] https://%s:%u/", name, f->server.port, addr, name,
			 f->server.port);
	else if (f->ch.has_sni)
		snprintf(buf, len, "curl --http3-only -v --resolve %s:%u:%s https://%s:%u/", name, f->server.port, addr, name,
			 f->server.port);
	else
		snprintf(buf, len, "curl --http3-only -v https://%s%s%s:%u/", f->server.family == 6 ? "[" : "", addr,
			 f->server.family == 6 ? "]" : "", f->server.port);
}

void report_repro_command(const struct facts *f, unsigned max_ciphers, char *buf, size_t len)
{
	if (f->transport == TRANSPORT_QUIC) {
		quic_repro_command(f, buf, len);
		return;
	}
	char host[80];
	char ep[80];
	report_endpoint(&f->server, ep, sizeof ep);
	snprintf(host, sizeof host, "%s", ep);
	bool dtls = f->transport == TRANSPORT_DTLS;
	/* The same way the client went: through its proxy, or after its STARTTLS. */
	const struct upgrade_fact *u = &f->upgrade;
	enum upgrade_kind uk = u->requested ? (enum upgrade_kind)u->kind : UPGRADE_NONE;
	char target[sizeof u->target * 2] = "";
	if (upgrade_kind_is_proxy(uk) && u->target[0] != '\0')
		escape_shell_word(u->target, strlen(u->target), target, sizeof target);
	size_t k;
	if (uk == UPGRADE_HTTP_CONNECT && target[0] != '\0')
		k = (size_t)snprintf(buf, len, "openssl s_client -proxy %s -connect %s", host, target);
	else
		k = (size_t)snprintf(buf, len, "openssl s_client%s -connect %s", dtls ? " -dtls" : "",
				     target[0] != '\0' ? target : host);
	static const char *const starttls[UPGRADE__COUNT] = {
		[UPGRADE_SMTP] = "smtp", [UPGRADE_IMAP] = "imap", [UPGRADE_POP3] = "pop3", [UPGRADE_FTP] = "ftp",
		[UPGRADE_NNTP] = "nntp", [UPGRADE_LDAP] = "ldap", [UPGRADE_XMPP] = "xmpp",
		[UPGRADE_POSTGRESQL] = "postgres", [UPGRADE_MYSQL] = "mysql",
	};
	if ((unsigned)uk < UPGRADE__COUNT && starttls[uk] != NULL)
		k += (size_t)snprintf(buf + k, k < len ? len - k : 0, " -starttls %s", starttls[uk]);
	if (f->ch.has_sni) {
		char sni[BOUND_SNI * 2];
		escape_shell_word(f->ch.sni, f->ch.sni_len, sni, sizeof sni);
		k += (size_t)snprintf(buf + k, k < len ? len - k : 0, " -servername %s", sni);
	} else {
		k += (size_t)snprintf(buf + k, k < len ? len - k : 0, " -noservername");
	}
	uint16_t maxv = 0;
	bool has13 = false;
	for (unsigned i = 0; i < f->ch.n_versions; i++)
		if (tls_version_is_13(f->ch.versions[i]))
			has13 = true;
	maxv = has13 ? TLS_VERSION_TLS13 : f->ch.legacy_version;
	const char *vflag = maxv == TLS_VERSION_TLS13 ? (f->ch.n_versions == 1 ? " -tls1_3" : "")
			    : maxv == TLS_VERSION_TLS12 ? " -tls1_2" : maxv == TLS_VERSION_TLS11 ? " -tls1_1"
			    : maxv == TLS_VERSION_TLS10 ? " -tls1" : maxv == TLS_VERSION_SSL3 ? " -ssl3" : "";
	if (dtls) /* the DTLS stage hands on DTLS 1.2 as TLS 1.2, DTLS 1.0 as TLS 1.1 */
		vflag = maxv == TLS_VERSION_TLS12 ? " -dtls1_2" : maxv == TLS_VERSION_TLS11 ? " -dtls1" : "";
	k += (size_t)snprintf(buf + k, k < len ? len - k : 0, "%s", vflag);
	/* The client's TLS <= 1.2 suites by OpenSSL name, so the same offer is tested. */
	char ciphers[1200] = "";
	unsigned n = 0, left_out = 0;
	for (unsigned i = 0; i < f->ch.n_ciphers; i++) {
		const struct cipher_info *ci = tls_cipher_info(f->ch.ciphers[i]);
		if (ci == NULL || ci->openssl == NULL || ci->kx == KX_TLS13 || ci->kx == KX_SCSV)
			continue;
		size_t used = strlen(ciphers);
		if ((max_ciphers > 0 && n >= max_ciphers) || used + strlen(ci->openssl) + 2 >= sizeof ciphers) {
			left_out++;
			continue;
		}
		snprintf(ciphers + used, sizeof ciphers - used, "%s%s", used ? ":" : "", ci->openssl);
		n++;
	}
	/* Cut for a terminal: OpenSSL skips the unknown "..." and tests the first suites;
	 * the comment says how to get them all. */
	char cut_note[160] = "";
	if (n > 0 && maxv != TLS_VERSION_TLS13) {
		k += (size_t)snprintf(buf + k, k < len ? len - k : 0, " -cipher '%s%s'", ciphers, left_out ? ":..." : "");
		if (left_out)
			snprintf(cut_note, sizeof cut_note, "  # +%u suites: --full", left_out);
	}
	if (f->cert_request_seen || f->client_cert_seen)
		k += (size_t)snprintf(buf + k, k < len ? len - k : 0, " -cert CLIENT.pem -key CLIENT.key");
	if (f->ch.n_alpn > 0) {
		char list[BOUND_ALPN * (BOUND_ALPN_NAME + 1)];
		size_t m = 0;
		for (unsigned i = 0; i < f->ch.n_alpn && m + BOUND_ALPN_NAME + 2 < sizeof list; i++) {
			if (i)
				list[m++] = ',';
			memcpy(list + m, f->ch.alpn[i], f->ch.alpn_len[i]);
			m += f->ch.alpn_len[i];
		}
		char word[sizeof list * 2];
		escape_shell_word(list, m, word, sizeof word);
		k += (size_t)snprintf(buf + k, k < len ? len - k : 0, " -alpn %s", word);
	}
	if (uk == UPGRADE_SOCKS4 || uk == UPGRADE_SOCKS5) {
		char note[160];
		/* A note too long for the line is cut: it is a comment after the command. */
		if (snprintf(note, sizeof note, "%s  # the client went through the %s at %s", cut_note,
			     upgrade_protocol_name(uk), host) >= (int)sizeof note)
			note[sizeof note - 1] = '\0';
		snprintf(cut_note, sizeof cut_note, "%s", note);
	}
	snprintf(buf + (k < len ? k : len - 1), k < len ? len - k : 1, "%s", cut_note);
}

/* Findings for both roles, as the report shows them. */
static void findings(const struct facts *f, struct cert_findings *client, struct cert_findings *server)
{
	certcheck_client(f, client);
	certcheck_server(f, server);
}

static void text_cert_block(FILE *out, const struct facts *f, const struct verdict *v)
{
	struct cert_findings fs[2];
	findings(f, &fs[SIDE_CLIENT], &fs[SIDE_SERVER]);
	static const char *const role[2] = { "client", "server" };
	bool header = false;
	for (int s = SIDE_SERVER; s >= SIDE_CLIENT; s--) {
		for (unsigned i = 0; i < f->n_certs[s]; i++) {
			const struct cert_fact *c = &f->certs[s][i];
			if (!header) {
				fprintf(out, "  certificates:\n");
				header = true;
			}
			if (!c->parsed) {
				fprintf(out, "    %s[%u] (%u bytes, does not parse)\n", role[s], i, c->der_len);
				continue;
			}
			fprintf(out, "    %s[%u] ", role[s], i);
			escape_put_text(out, c->subject);
			fputs("\n              issuer ", out);
			escape_put_text(out, c->issuer);
			fputc('\n', out);
			fprintf(out, "              valid %s .. %s, %s %d%s%s, %s%s\n", c->not_before, c->not_after, c->key_type,
				c->key_bits, c->curve[0] ? " " : "", c->curve, c->sig_alg, c->self_signed ? ", self-signed" : "");
			if (c->san[0])
			{
				fputs("              names ", out);
				escape_put_text(out, c->san);
				fputc('\n', out);
			}
			for (unsigned k = 0; k < fs[s].n; k++) {
				if (fs[s].items[k].index != i)
					continue;
				const char *id = certcheck_id(fs[s].items[k].check);
				bool failing = v->failing_check != NULL && strcmp(v->failing_check, id) == 0;
				fprintf(out, "              %s %s\n", failing ? ">> FAILS" : "   check", id);
			}
		}
	}
	if (f->cert_request_seen) {
		fprintf(out, "  server accepts client certificates from:%s\n", f->n_ca_names_total ? "" : " (any CA: no names sent)");
		for (unsigned i = 0; i < f->n_ca_names; i++)
		{
			fputs("    ", out);
			escape_put_text(out, f->ca_names[i]);
			fputc('\n', out);
		}
		if (f->n_ca_names_total > f->n_ca_names)
			fprintf(out, "    ... and %u more\n", (unsigned)(f->n_ca_names_total - f->n_ca_names));
	}
}

/* What every text line of an attempt starts with: when, who, to whom, for which name. */
struct text_head {
	char ts[64], c[80], s[240], sni[BOUND_SNI];
};

static void text_head(const struct report_opts *o, const struct facts *f, struct text_head *h)
{
	report_format_text_ts(f->t_first, o->utc, h->ts, sizeof h->ts);
	report_endpoint(&f->client, h->c, sizeof h->c);
	report_endpoint(&f->server, h->s, sizeof h->s);
	/* The dialogue before TLS, beside the server it was held with: the server of a
	 * proxied connection is the proxy, the destination what the client asked it for. */
	const struct upgrade_fact *u = &f->upgrade;
	size_t k = strlen(h->s);
	if (upgrade_kind_is_proxy((enum upgrade_kind)u->kind) && u->requested)
		snprintf(h->s + k, sizeof h->s - k, " (%s to %s)", upgrade_protocol_name((enum upgrade_kind)u->kind),
			 u->target[0] ? u->target : "?");
	else if (u->kind != UPGRADE_NONE && u->requested)
		snprintf(h->s + k, sizeof h->s - k, " (%s)", upgrade_kind_name((enum upgrade_kind)u->kind));
	else if (f->transport == TRANSPORT_QUIC) {
		const char *vn = quic_version_name(f->quic.server_version ? f->quic.server_version : f->quic.version);
		snprintf(h->s + k, sizeof h->s - k, " (QUIC%s%s)", vn ? " " : "", vn ? vn : "");
	} else if (f->transport == TRANSPORT_DTLS) {
		snprintf(h->s + k, sizeof h->s - k, " (DTLS)");
	}
	snprintf(h->sni, sizeof h->sni, "-");
	if (f->ch.has_sni)
		escape_mask(f->ch.sni, f->ch.sni_len, '?', 0, h->sni, sizeof h->sni);
}

static void text_ladder(const struct report_opts *o, const struct facts *f, const struct verdict *v)
{
	struct ladder l;
	ladder_build(f, v, &l);
	ladder_print(o->out, f, &l, o->color);
}

static void text_attempt(const struct report_opts *o, const struct facts *f, const struct verdict *v)
{
	struct text_head h;
	text_head(o, f, &h);
	const char *ts = h.ts, *c = h.c, *s = h.s, *sni = h.sni;
	FILE *out = o->out;
	if (class_outcome(v->cls) == CLASS_OUTCOME_OK) {
		char vb[24], cb[64];
		fprintf(out, "%s  %s -> %s  sni=%s  ok  %s%s%s%s  [%s]\n", ts, c, s, sni,
			f->version ? report_version_name(f, f->version, vb, sizeof vb) : "(ServerHello not captured)",
			f->server_hello_seen && !f->sslv2_handshake ? " " : "",
			f->server_hello_seen && !f->sslv2_handshake ? tls_cipher_name(f->sh.cipher, cb, sizeof cb) : "",
			v->resumed ? " (resumed)" : "", v->rule_id);
		/* The rules list certificate warnings and capture notes as evidence. */
		for (unsigned i = 0; i < v->n_evidence; i++) {
			if (strncmp(v->evidence[i], "warning: ", 9) == 0 || strncmp(v->evidence[i], "note: ", 6) == 0) {
				fputs("    ", out);
				escape_put_text(out, v->evidence[i]);
				fputc('\n', out);
			}
		}
		if (o->ladder)
			text_ladder(o, f, v);
		return;
	}
	fprintf(out, "%s  %s -> %s  sni=%s\n", ts, c, s, sni);
	fprintf(out, "  %s (%s): ", class_name(v->cls), rules_confidence_name(v->confidence));
	escape_put_text(out, v->summary);
	fprintf(out, "\n  rule:     %s\n", v->rule_id);
	for (unsigned i = 0; i < v->n_evidence; i++) {
		fprintf(out, "  %s ", i == 0 ? "evidence:" : "         ");
		escape_put_text(out, v->evidence[i]);
		fputc('\n', out);
	}
	negotiation_print_text(out, f, v, o->full);
	if (v->fix[0]) {
		fprintf(out, "  fix:      ");
		escape_put_text(out, v->fix);
		fputc('\n', out);
	}
	text_cert_block(out, f, v);
	if (f->client_hello_seen && class_outcome(v->cls) != CLASS_OUTCOME_INCOMPLETE) {
		char cmd[2048];
		report_repro_command(f, o->full ? 0 : REPORT_TRY_CIPHERS, cmd, sizeof cmd);
		fprintf(out, "  try:      %s\n", cmd);
	}
	fputc('\n', out);
	if (o->ladder)
		text_ladder(o, f, v);
}

size_t report_client_versions(const struct facts *f, uint16_t *out, size_t max)
{
	size_t n = 0;
	if (!f->client_hello_seen)
		return 0;
	if (f->ch.has_supported_versions) {
		for (unsigned i = 0; i < f->ch.n_versions && n < max; i++)
			if (!tls_is_grease(f->ch.versions[i]))
				out[n++] = f->ch.versions[i];
	} else if (max > 0) {
		out[n++] = f->ch.sslv2_format && f->ch.legacy_version == TLS_VERSION_SSL2 ? TLS_VERSION_SSL2
											  : f->ch.legacy_version;
	}
	return n;
}

const char *report_group_name(uint16_t id, char *buf, size_t len)
{
	const char *name = tls_group_name(id);
	if (name != NULL)
		return name;
	snprintf(buf, len, "0x%04x", id);
	return buf;
}

/* A count per side: {"client": N, "server": N}. */
static void json_side_counts(struct json *j, const uint32_t n[2])
{
	json_begin_object(j);
	json_key(j, "client"); json_int(j, n[SIDE_CLIENT]);
	json_key(j, "server"); json_int(j, n[SIDE_SERVER]);
	json_end_object(j);
}

static void json_version_list(struct json *j, const struct facts *f)
{
	char vb[24];
	uint16_t v[BOUND_VERSIONS + 1];
	size_t n = report_client_versions(f, v, sizeof v / sizeof v[0]);
	json_begin_array(j);
	for (size_t i = 0; i < n; i++)
		json_string(j, tls_version_name(v[i], vb, sizeof vb));
	json_end_array(j);
}

static void json_cert(struct json *j, const struct cert_fact *c)
{
	json_begin_object(j);
	json_key(j, "parsed");
	json_bool(j, c->parsed);
	if (c->parsed) {
		json_key(j, "subject"); json_string(j, c->subject);
		json_key(j, "issuer"); json_string(j, c->issuer);
		json_key(j, "serial"); json_string(j, c->serial);
		json_key(j, "not_before"); json_string(j, c->not_before);
		json_key(j, "not_after"); json_string(j, c->not_after);
		json_key(j, "key_type"); json_string(j, c->key_type);
		json_key(j, "key_bits"); json_int(j, c->key_bits);
		if (c->curve[0]) { json_key(j, "curve"); json_string(j, c->curve); }
		json_key(j, "signature_algorithm"); json_string(j, c->sig_alg);
		json_key(j, "san");
		json_begin_array(j);
		for (const char *p = c->san; *p;) {
			const char *e = strchr(p, ',');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			json_string_n(j, p, n);
			p += n + (e ? 1 : 0);
		}
		json_end_array(j);
		json_key(j, "key_usage"); json_string(j, c->key_usage);
		json_key(j, "extended_key_usage"); json_string(j, c->ext_key_usage);
		json_key(j, "self_signed"); json_bool(j, c->self_signed);
		json_key(j, "sha256"); json_string(j, c->sha256);
	}
	json_key(j, "der_bytes"); json_int(j, c->der_len);
	json_end_object(j);
}

/* The clear-text dialogue before TLS, as an object: what was followed, what was asked
 * and answered. */
static void json_upgrade_object(struct json *j, const struct upgrade_fact *u)
{
	enum upgrade_kind k = (enum upgrade_kind)u->kind;
	json_begin_object(j);
	json_key(j, "protocol"); json_string(j, upgrade_kind_key(k));
	json_key(j, "name"); json_string(j, upgrade_kind_name(k));
	json_key(j, "outcome"); json_string(j, upgrade_outcome_name(u));
	json_key(j, "request");
	if (u->requested) json_string(j, u->request); else json_null(j);
	json_key(j, "reply");
	if (u->requested && u->answer != UPGRADE_NO_ANSWER) json_string(j, u->reply); else json_null(j);
	json_key(j, "code");
	if (u->requested && u->answer != UPGRADE_NO_ANSWER && u->code != 0) json_int(j, u->code); else json_null(j);
	json_key(j, "offered");
	if (u->offers_seen) json_bool(j, u->offered); else json_null(j);
	json_key(j, "greeting");
	if (u->greeting[0]) json_string(j, u->greeting); else json_null(j);
	json_key(j, "target");
	if (u->target[0]) json_string(j, u->target); else json_null(j);
	json_key(j, "refusals"); json_int(j, u->refusals);
	json_key(j, "client_went_on"); json_bool(j, u->client_went_on);
	json_end_object(j);
}

/* "upgrade" for STARTTLS and its kin, "proxy" for a tunnel request; the other null. */
static void json_upgrade(struct json *j, const struct upgrade_fact *u)
{
	enum upgrade_kind k = (enum upgrade_kind)u->kind;
	bool proxy = upgrade_kind_is_proxy(k);
	json_key(j, "upgrade");
	if (k != UPGRADE_NONE && !proxy) json_upgrade_object(j, u); else json_null(j);
	json_key(j, "proxy");
	if (proxy) json_upgrade_object(j, u); else json_null(j);
}



static void json_hex(struct json *j, const uint8_t *b, size_t n)
{
	char buf[2 * 20 + 1];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 2 < sizeof buf; i++)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "%02x", b[i]);
	buf[k] = '\0';
	json_string(j, buf);
}

static void json_quic_version(struct json *j, uint32_t v)
{
	char buf[16];
	if (v == 0) {
		json_null(j);
		return;
	}
	const char *n = quic_version_name(v);
	snprintf(buf, sizeof buf, "0x%08x", v);
	json_string(j, n ? n : buf);
}

/* QUIC packet kinds as the quic object names them (enum quic_kind). */
static const char *const quic_kinds[QUIC_KIND__COUNT] = { "initial", "0rtt", "handshake", "retry", "version_negotiation",
							  "1rtt" };

static void json_quic_close(struct json *j, const struct quic_close_fact *c)
{
	if (!c->seen) {
		json_null(j);
		return;
	}
	const char *name = c->application ? NULL : quic_transport_error_name(c->error_code);
	json_begin_object(j);
	json_key(j, "kind"); json_string(j, c->application ? "application" : "transport");
	json_key(j, "error_code"); json_int(j, (long long)c->error_code);
	json_key(j, "error"); if (name) json_string(j, name); else json_null(j);
	json_key(j, "frame_type"); json_int(j, (long long)c->frame_type);
	json_key(j, "reason"); json_string(j, c->reason);
	json_key(j, "space"); json_string(j, quic_kinds[c->kind % QUIC_KIND__COUNT]);
	json_key(j, "t"); json_double(j, c->t, 6);
	json_end_object(j);
}

/* "quic": what the QUIC stage saw (the version by name, connection IDs in hex, packets
 * by kind and side, the closes). */
static void json_quic(struct json *j, const struct facts *f)
{
	const struct quic_fact *q = &f->quic;
	char history[LADDER_HISTORY_MAX];
	ladder_history_quic(f, history, sizeof history);
	json_begin_object(j);
	json_key(j, "history"); json_string(j, history);
	json_key(j, "version"); json_quic_version(j, q->version);
	json_key(j, "server_version"); json_quic_version(j, q->server_version);
	json_key(j, "dcid"); json_hex(j, q->dcid, q->dcid_len);
	json_key(j, "server_cid"); json_hex(j, q->server_cid, q->server_cid_len);
	json_key(j, "spaces");
	json_begin_array(j);
	for (int k = 0; k < QUIC_KIND__COUNT; k++)
		if (q->packets[SIDE_CLIENT][k] + q->packets[SIDE_SERVER][k] > 0)
			json_string(j, quic_kinds[k]);
	json_end_array(j);
	for (int s = 0; s < 2; s++) {
		json_key(j, s == SIDE_CLIENT ? "client_packets" : "server_packets");
		json_begin_object(j);
		for (int k = 0; k < QUIC_KIND__COUNT; k++) {
			json_key(j, quic_kinds[k]);
			json_int(j, q->packets[s][k]);
		}
		json_end_object(j);
	}
	json_key(j, "datagrams"); json_side_counts(j, q->datagrams);
	json_key(j, "coalesced"); json_side_counts(j, q->coalesced);
	json_key(j, "first_datagram_len"); json_int(j, q->first_datagram_len);
	json_key(j, "initial_datagram_len");
	json_begin_array(j);
	json_int(j, q->min_initial_datagram);
	json_int(j, q->max_initial_datagram);
	json_end_array(j);
	json_key(j, "initials_unanswered"); json_int(j, q->initials_unanswered);
	json_key(j, "version_negotiation");
	json_begin_array(j);
	for (unsigned i = 0; i < q->n_vn_versions; i++)
		json_quic_version(j, q->vn_versions[i]);
	json_end_array(j);
	json_key(j, "retry"); json_bool(j, q->retry_seen);
	json_key(j, "retry_followed"); json_bool(j, q->retry_followed);
	json_key(j, "token"); json_bool(j, q->initial_token);
	json_key(j, "unvalidated_bytes");
	json_begin_object(j);
	json_key(j, "client"); json_int(j, (long long)q->client_bytes_unvalidated);
	json_key(j, "server"); json_int(j, (long long)q->server_bytes_unvalidated);
	json_end_object(j);
	json_key(j, "decrypted_packets"); json_side_counts(j, q->decrypted_packets);
	json_key(j, "undecryptable_initials"); json_side_counts(j, q->undecryptable);
	json_key(j, "handshake_done"); json_bool(j, q->handshake_done);
	json_key(j, "malformed");
	json_begin_array(j);
	for (int s = 0; s < 2; s++)
		if (q->malformed_packets[s] > 0)
			json_string(j, q->malformed_why[s]);
	json_end_array(j);
	/* The packets in capture order, as "c:initial:1153@0.000000" (side, kind, length,
	 * seconds since the first packet): the shape the rules read. */
	json_key(j, "packets");
	json_begin_array(j);
	for (unsigned i = 0; i < q->n_trace; i++) {
		char item[48];
		const struct quic_packet_note *n = &q->trace[i];
		snprintf(item, sizeof item, "%c:%s:%u@%.6f", n->from == SIDE_CLIENT ? 'c' : 's', quic_kinds[n->kind % QUIC_KIND__COUNT],
			 n->len, (double)n->t);
		json_string(j, item);
	}
	json_end_array(j);
	json_key(j, "close");
	json_begin_object(j);
	json_key(j, "client"); json_quic_close(j, &q->close[SIDE_CLIENT]);
	json_key(j, "server"); json_quic_close(j, &q->close[SIDE_SERVER]);
	json_end_object(j);
	json_end_object(j);
}

/* "dtls": what the DTLS stage saw. */
static void json_dtls(struct json *j, const struct dtls_fact *d)
{
	char vb[24];
	json_begin_object(j);
	json_key(j, "record_versions");
	json_begin_array(j);
	for (int s = 0; s < 2; s++) {
		uint16_t v = d->record_version[s];
		const char *n = dtls_version_name(v);
		if (n == NULL && v != 0)
			snprintf(vb, sizeof vb, "0x%04x", v);
		if (n) json_string(j, n); else if (v != 0) json_string(j, vb); else json_null(j);
	}
	json_end_array(j);
	json_key(j, "records"); json_side_counts(j, d->records);
	json_key(j, "datagrams"); json_side_counts(j, d->datagrams);
	json_key(j, "handshake_fragments"); json_side_counts(j, d->handshake_fragments);
	json_key(j, "retransmitted"); json_side_counts(j, d->retransmitted);
	json_key(j, "replayed_records"); json_side_counts(j, d->replayed_records);
	json_key(j, "hello_verify_request"); json_bool(j, d->hello_verify_seen);
	json_key(j, "cookie_len"); json_int(j, d->cookie_len);
	json_key(j, "cookie_echoed"); json_bool(j, d->cookie_echoed);
	json_end_object(j);
}

static void json_attempt(const struct report_opts *o, const char *file, const struct facts *f, const struct verdict *v)
{
	struct json jw = { o->out, false };
	struct json *j = &jw;
	char buf[128], vb[24], cb[64];
	json_begin_object(j);
	json_key(j, "type"); json_string(j, "connection");
	if (file) { json_key(j, "file"); json_string(j, file); }
	format_ts(f->t_first, buf, sizeof buf);
	json_key(j, "ts"); json_string(j, buf);
	/* Zeek's habit, and what jq's arithmetic takes: the same instant in epoch seconds. */
	json_key(j, "ts_epoch"); json_double(j, (double)report_ts_us(f->t_first) / 1e6, 6);
	json_key(j, "client"); json_string(j, report_endpoint(&f->client, buf, sizeof buf));
	json_key(j, "server"); json_string(j, report_endpoint(&f->server, buf, sizeof buf));
	/* Suricata's EVE names: the client is the source, the server the destination. */
	json_key(j, "src_ip"); json_string(j, report_address(&f->client, buf, sizeof buf));
	json_key(j, "src_port"); json_int(j, f->client.port);
	json_key(j, "dest_ip"); json_string(j, report_address(&f->server, buf, sizeof buf));
	json_key(j, "dest_port"); json_int(j, f->server.port);
	json_key(j, "frames");
	json_begin_object(j);
	json_key(j, "first"); json_int(j, (long long)f->first_packet_no);
	json_key(j, "last"); json_int(j, (long long)f->last_packet_no);
	json_end_object(j);
	json_key(j, "encap");
	json_begin_array(j);
	for (unsigned i = 0; i < f->n_encap; i++)
		json_string(j, decode_encap_name((enum decode_encap)f->encap[i]));
	json_end_array(j);
	json_key(j, "tunnel");
	if (f->tunnelled) {
		json_begin_object(j);
		json_key(j, "client"); json_string(j, report_endpoint(&f->tunnel_client, buf, sizeof buf));
		json_key(j, "server"); json_string(j, report_endpoint(&f->tunnel_server, buf, sizeof buf));
		json_end_object(j);
	} else {
		json_null(j);
	}
	json_upgrade(j, &f->upgrade);
	json_key(j, "class"); json_string(j, class_name(v->cls));
	json_key(j, "outcome"); json_string(j, class_outcome_name(v->cls));
	json_key(j, "confidence"); json_string(j, rules_confidence_name(v->confidence));
	json_key(j, "rule"); json_string(j, v->rule_id);
	json_key(j, "summary"); json_string(j, v->summary);
	json_key(j, "evidence");
	json_begin_array(j);
	for (unsigned i = 0; i < v->n_evidence; i++)
		json_string(j, v->evidence[i]);
	json_end_array(j);
	json_key(j, "fix"); json_string(j, v->fix);
	json_key(j, "try");
	if (f->client_hello_seen && class_outcome(v->cls) != CLASS_OUTCOME_INCOMPLETE) {
		char cmd[2048];
		report_repro_command(f, 0, cmd, sizeof cmd);
		json_string(j, cmd);
	} else {
		json_null(j);
	}
	json_key(j, "failing_check");
	if (v->failing_check) json_string(j, v->failing_check); else json_null(j);
	json_key(j, "negotiation"); negotiation_json(j, f, v);
	json_key(j, "decrypted"); json_bool(j, f->decrypted);
	json_key(j, "transport");
	json_string(j, f->transport == TRANSPORT_QUIC ? "quic" : f->transport == TRANSPORT_DTLS ? "dtls" : "tcp");
	json_key(j, "quic");
	if (f->transport == TRANSPORT_QUIC) json_quic(j, f); else json_null(j);
	json_key(j, "dtls");
	if (f->transport == TRANSPORT_DTLS) json_dtls(j, &f->dtls); else json_null(j);

	json_key(j, "tls");
	json_begin_object(j);
	json_key(j, "sni");
	if (f->ch.has_sni) json_string_n(j, f->ch.sni, f->ch.sni_len); else json_null(j);
	json_key(j, "client_versions"); json_version_list(j, f);
	json_key(j, "server_version");
	if (f->version) json_string(j, report_version_name(f, f->version, vb, sizeof vb)); else json_null(j);
	json_key(j, "cipher");
	if (f->server_hello_seen && !f->sslv2_handshake) json_string(j, tls_cipher_name(f->sh.cipher, cb, sizeof cb)); else json_null(j);
	json_key(j, "alpn_offered");
	json_begin_array(j);
	for (unsigned i = 0; i < f->ch.n_alpn; i++)
		json_string_n(j, f->ch.alpn[i], f->ch.alpn_len[i]);
	json_end_array(j);
	json_key(j, "alpn");
	if (f->sh.has_alpn) json_string_n(j, f->sh.alpn, f->sh.alpn_len); else json_null(j);
	json_key(j, "group");
	uint16_t group = facts_server_group(f);
	if (group != 0) json_string(j, report_group_name(group, cb, sizeof cb)); else json_null(j);
	json_key(j, "client_cert_requested"); json_bool(j, f->cert_request_seen);
	json_key(j, "resumed"); json_bool(j, v->resumed);
	json_key(j, "hello_retry"); json_bool(j, f->hrr_seen);
	json_key(j, "ech"); json_bool(j, f->ch.has_ech);
	json_key(j, "client_hello_segments"); json_int(j, f->client_hello_segments);
	json_key(j, "stage"); json_string(j, facts_stage_name((enum stage)f->stage));
	json_key(j, "heartbeat_records"); json_side_counts(j, f->heartbeat_records);
	json_key(j, "other_records"); json_side_counts(j, f->other_records);
	char history[LADDER_HISTORY_MAX];
	ladder_history_tls(f, history, sizeof history);
	json_key(j, "history"); json_string(j, history);
	json_key(j, "alerts");
	json_begin_array(j);
	for (unsigned i = 0; i < f->n_alerts; i++) {
		const struct alert_fact *a = &f->alerts[i];
		json_begin_object(j);
		json_key(j, "from"); json_string(j, a->from == SIDE_CLIENT ? "client" : "server");
		json_key(j, "level"); json_string(j, a->encrypted ? "encrypted" : a->level == TLS_ALERT_LEVEL_FATAL ? "fatal" : a->level == TLS_ALERT_LEVEL_WARNING ? "warning" : "unknown");
		json_key(j, "code");
		if (a->encrypted) json_null(j); else json_int(j, a->code);
		json_key(j, "description");
		const char *name = a->encrypted ? "encrypted_alert" : tls_alert_name(a->code);
		json_string(j, name ? name : "unassigned");
		json_key(j, "t"); json_double(j, a->t, 6);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);

	int by;
	const struct close_fact *c = first_close(f, &by);
	json_key(j, "tcp");
	json_begin_object(j);
	json_key(j, "history");
	if (f->transport == TRANSPORT_TCP) {
		ladder_history_tcp(f, history, sizeof history);
		json_string(j, history);
	} else {
		json_null(j);
	}
	json_key(j, "close"); json_string(j, c == NULL ? "none" : c->rst ? "rst" : "fin");
	json_key(j, "close_by");
	if (by < 0) json_null(j); else json_string(j, by == SIDE_CLIENT ? "client" : "server");
	json_key(j, "rtt_ms");
	if (f->rtt >= 0) json_double(j, f->rtt * 1000.0, 3); else json_null(j);
	double server_leg, client_leg;
	enum capture_point point = facts_capture_point(f, &server_leg, &client_leg);
	json_key(j, "capture_point"); json_string(j, facts_capture_point_name(point));
	bool legs = server_leg >= 0 && client_leg >= 0;
	json_key(j, "server_leg_ms");
	if (legs) json_double(j, server_leg * 1000.0, 3); else json_null(j);
	json_key(j, "client_leg_ms");
	if (legs) json_double(j, client_leg * 1000.0, 3); else json_null(j);
	json_key(j, "synack_ttl");
	if (f->synack_seen) json_int(j, f->synack_ttl); else json_null(j);
	json_key(j, "synack_ip_id");
	if (f->synack_seen && f->synack_has_ip_id) json_int(j, f->synack_ip_id); else json_null(j);
	json_key(j, "close_ttl");
	if (c != NULL) json_int(j, c->ttl); else json_null(j);
	json_key(j, "close_ip_id");
	if (c != NULL && c->has_ip_id) json_int(j, c->ip_id); else json_null(j);
	json_key(j, "duplicates"); json_int(j, f->duplicates);
	json_end_object(j);

	/* Every record has every key: certs with empty lists when none was seen. */
	{
		json_key(j, "certs");
		json_begin_object(j);
		json_key(j, "server");
		json_begin_array(j);
		for (unsigned i = 0; i < f->n_certs[SIDE_SERVER]; i++)
			json_cert(j, &f->certs[SIDE_SERVER][i]);
		json_end_array(j);
		json_key(j, "client");
		json_begin_array(j);
		for (unsigned i = 0; i < f->n_certs[SIDE_CLIENT]; i++)
			json_cert(j, &f->certs[SIDE_CLIENT][i]);
		json_end_array(j);
		json_key(j, "acceptable_ca_names");
		json_begin_array(j);
		for (unsigned i = 0; i < f->n_ca_names; i++)
			json_string(j, f->ca_names[i]);
		json_end_array(j);
		/* Every finding of certcheck, failing or not: warnings on handshakes that worked. */
		struct cert_findings fs[2];
		findings(f, &fs[SIDE_CLIENT], &fs[SIDE_SERVER]);
		json_key(j, "checks");
		json_begin_array(j);
		for (int s = SIDE_SERVER; s >= SIDE_CLIENT; s--) {
			for (unsigned k = 0; k < fs[s].n; k++) {
				json_begin_object(j);
				json_key(j, "check"); json_string(j, certcheck_id(fs[s].items[k].check));
				json_key(j, "role"); json_string(j, s == SIDE_SERVER ? "server" : "client");
				json_key(j, "cert"); json_int(j, fs[s].items[k].index);
				json_key(j, "text"); json_string(j, fs[s].items[k].text);
				json_end_object(j);
			}
		}
		json_end_array(j);
		json_end_object(j);
	}

	char cid[64];
	json_key(j, "community_id");
	if (fp_community_id(&f->client, &f->server, f->transport == TRANSPORT_TCP ? 6 : 17, cid, sizeof cid)) json_string(j, cid); else json_null(j);
	char fp[80];
	json_key(j, "ja4");
	if (f->client_hello_seen && fp_ja4_over(&f->ch, fp_ja4_transport(f->transport), fp, sizeof fp)) json_string(j, fp); else json_null(j);
	json_key(j, "ja3");
	if (f->client_hello_seen && fp_ja3(&f->ch, fp, sizeof fp)) json_string(j, fp); else json_null(j);
	bool sh = f->server_hello_seen && !f->sslv2_handshake;
	json_key(j, "ja4s");
	if (sh && fp_ja4s_over(&f->sh, fp_ja4_transport(f->transport), fp, sizeof fp)) json_string(j, fp); else json_null(j);
	json_key(j, "ja3s");
	if (sh && fp_ja3s(&f->sh, fp, sizeof fp)) json_string(j, fp); else json_null(j);
	json_end_object(j);
	fputc('\n', o->out);
}

/* --oneline: time, client, server, SNI, class, confidence, summary; tab-free, for grep. */
static void oneline_attempt(const struct report_opts *o, const char *file, const struct facts *f,
			    const struct verdict *v)
{
	struct text_head h;
	text_head(o, f, &h);
	FILE *out = o->out;
	fprintf(out, "%s  %s -> %s  sni=%s  %s (%s)  ", h.ts, h.c, h.s, h.sni, class_name(v->cls),
		rules_confidence_name(v->confidence));
	escape_put_text(out, v->summary);
	if (o->oneline_files && file != NULL) {
		fputs("  [", out);
		escape_put_text(out, file);
		fputc(']', out);
	}
	fputc('\n', out);
}

bool report_shows(const struct report_opts *o, const struct verdict *v)
{
	return o->json || o->all || class_outcome(v->cls) != CLASS_OUTCOME_OK;
}

bool report_attempt(struct report_opts *o, const char *file, const struct facts *f, const struct verdict *v)
{
	if (o->json) {
		json_attempt(o, file, f, v);
		return true;
	}
	if (!report_shows(o, v))
		return false;
	if (o->oneline) {
		oneline_attempt(o, file, f, v);
		return true;
	}
	uint64_t h = hash_string(file ? file : "");
	if (o->file_headers && file != NULL && !(o->named_file && o->last_file_hash == h)) {
		/* Names of bundle members come from the bundle: escaped like wire strings. */
		fputs("== ", o->out);
		escape_put_text(o->out, file);
		fputc('\n', o->out);
		o->named_file = true;
		o->last_file_hash = h;
	}
	text_attempt(o, f, v);
	return true;
}


