/*
 * test_rules.c — the rule table, fed hand-made facts (no packets): each class comes out
 * of the row meant for it, always the row's own class; precedence holds where rows
 * overlap; the rows that no capture shows yet fire here; and the table itself is
 * well-formed (unique ids, explanations, a row for every class, a catch-all last row).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "facts.h"
#include "facts_make.h"
#include "rules.h"
#include "tls_parse.h"

/* A TLS 1.2 attempt up to the ClientHello: SYN at 0, SYN-ACK (TTL 63) at 10 ms, hello at 20 ms. */
static struct facts *hello_only(void)
{
	struct facts *f = calloc(1, sizeof *f);
	f->client.family = f->server.family = 4;
	f->client.addr[0] = 198; f->client.addr[1] = 18; f->client.addr[3] = 2;
	f->server.addr[0] = 198; f->server.addr[1] = 18; f->server.addr[2] = 1; f->server.addr[3] = 2;
	f->client.port = 40000;
	f->server.port = 443;
	f->syn_seen = f->synack_seen = true;
	f->roles_from_syn = true;
	f->t_syn = 0;
	f->t_synack = 0.010;
	f->t_ack = 0.020;
	f->rtt = 0.020;
	f->synack_ttl = 63;
	f->syn_ttl = 64;
	f->packets[0] = 3;
	f->packets[1] = 1;
	f->t_server_hello = -1;
	f->t_first_appdata[0] = f->t_first_appdata[1] = -1;
	f->client_hello_seen = true;
	f->tls_seen[SIDE_CLIENT] = true;
	f->t_client_hello = 0.021;
	f->client_hello_segments = 1;
	f->payload_bytes[SIDE_CLIENT] = 300;
	f->ch.legacy_version = TLS_VERSION_TLS12;
	f->ch.has_supported_versions = true;
	f->ch.versions[0] = TLS_VERSION_TLS13;
	f->ch.versions[1] = TLS_VERSION_TLS12;
	f->ch.n_versions = 2;
	f->ch.ciphers[0] = 0x1301;
	f->ch.ciphers[1] = 0xc02f;
	f->ch.n_ciphers = f->ch.n_ciphers_total = 2;
	f->ch.has_sni = true;
	strcpy(f->ch.sni, "www.example.test");
	f->ch.sni_len = 16;
	f->stage = STAGE_CLIENT_HELLO;
	f->t_last = 0.05;
	return f;
}

static void server_hello(struct facts *f, uint16_t version)
{
	f->server_hello_seen = true;
	f->tls_seen[SIDE_SERVER] = true;
	f->t_server_hello = 0.031;
	f->version = f->sh.selected_version = version;
	f->sh.cipher = version == TLS_VERSION_TLS13 ? 0x1301 : 0xc02f;
	f->payload_bytes[SIDE_SERVER] = 2000;
	f->stage = STAGE_SERVER_HELLO;
}

static void alert(struct facts *f, enum side from, uint8_t level, uint8_t code)
{
	facts_make_alert(f, from, level, code, 0.032);
	if (from == SIDE_SERVER)
		f->tls_seen[SIDE_SERVER] = true;
}

static void expect(struct facts *f, enum tls_class cls, const char *rule)
{
	struct verdict v;
	rules_decide(f, &v);
	if (v.cls != cls || strcmp(v.rule_id, rule) != 0)
		print_error("got %s by %s (%s), expected %s by %s\n", class_name(v.cls), v.rule_id, v.summary,
			    class_name(cls), rule);
	assert_int_equal(v.cls, cls);
	assert_string_equal(v.rule_id, rule);
	/* The class is the row's, as --list-rules shows it. */
	size_t n;
	const struct rule *r = rules_table(&n);
	size_t i = 0;
	while (i < n && strcmp(r[i].id, v.rule_id) != 0)
		i++;
	assert_true(i < n);
	assert_int_equal(r[i].cls, v.cls);
	assert_true(v.summary[0] != '\0');
	assert_true(v.n_evidence > 0);
	free(f);
}

static void test_tls12_complete(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	server_hello(f, TLS_VERSION_TLS12);
	f->ccs_seen[0] = f->ccs_seen[1] = true;
	f->finished_seen[0] = f->finished_seen[1] = true;
	f->stage = STAGE_SERVER_CCS;
	expect(f, CLASS_OK, "handshake.complete");
}

static void test_warning_unrecognized_name_is_not_fatal(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	server_hello(f, TLS_VERSION_TLS12);
	alert(f, SIDE_SERVER, 1, 112);
	f->ccs_seen[0] = f->ccs_seen[1] = true;
	f->finished_seen[0] = f->finished_seen[1] = true;
	expect(f, CLASS_OK, "handshake.complete");
}

static void test_protocol_version(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	alert(f, SIDE_SERVER, 2, 70);
	facts_make_close(f, SIDE_SERVER, false, 63, 0.033);
	expect(f, CLASS_VERSION_MISMATCH, "alert.protocol_version");
}

static void test_handshake_failure_is_no_shared_cipher(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	alert(f, SIDE_SERVER, 2, 40);
	expect(f, CLASS_NO_SHARED_CIPHER, "alert.handshake_failure");
}

/* The same refusal, to a hello without server_name offering a suite the server chose for
 * named hellos: it has no certificate without a name (mbedTLS 2.28 with certificates
 * from its SNI callback only). A hello without a name that offers none of those suites
 * (a scanner's) is still no suite in common. */
static void test_handshake_failure_without_sni_is_missing_sni(void **state)
{
	(void)state;
	for (int offered = 1; offered >= 0; offered--) {
		struct facts *f = hello_only();
		f->ch.has_sni = false;
		f->ch.sni[0] = '\0';
		f->ch.sni_len = 0;
		f->same_server_ok_with_sni = 1;
		f->same_server_suite_offered = offered;
		alert(f, SIDE_SERVER, 2, 40);
		if (offered)
			expect(f, CLASS_MISSING_SNI, "alert.handshake_failure_no_sni");
		else
			expect(f, CLASS_NO_SHARED_CIPHER, "alert.handshake_failure");
	}
}

/* handshake_failure to a TLS 1.3-only hello from a server that answered a client
 * offering TLS 1.3 with TLS 1.2: it does not speak TLS 1.3 (mbedTLS 2.28). Without that
 * history it is no suite or group in common. */
static void test_handshake_failure_to_tls13_only_hello(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	f->ch.n_versions = 1;
	f->ch.ciphers[1] = 0x1302;
	f->same_server_ok_without13 = 1;
	alert(f, SIDE_SERVER, 2, 40);
	expect(f, CLASS_VERSION_MISMATCH, "alert.handshake_failure_tls13_only");
	f = hello_only();
	f->ch.n_versions = 1;
	alert(f, SIDE_SERVER, 2, 40);
	expect(f, CLASS_NO_SHARED_CIPHER, "alert.handshake_failure");
	f = hello_only();
	f->same_server_ok_without13 = 1;
	alert(f, SIDE_SERVER, 2, 40);
	expect(f, CLASS_NO_SHARED_CIPHER, "alert.handshake_failure");
	/* A server whose completed handshakes are all TLS 1.2 (wolfSSL 5.5 capped at 1.2); one
	 * that completed TLS 1.3 has it, and its 40 is a suite or group mismatch. */
	f = hello_only();
	f->ch.n_versions = 1;
	f->same_server_ok_any = 1;
	f->same_server_max_ok_version = TLS_VERSION_TLS12;
	alert(f, SIDE_SERVER, 2, 40);
	expect(f, CLASS_VERSION_MISMATCH, "alert.handshake_failure_tls13_only");
	f = hello_only();
	f->ch.n_versions = 1;
	f->same_server_ok_any = 1;
	f->same_server_max_ok_version = TLS_VERSION_TLS13;
	alert(f, SIDE_SERVER, 2, 40);
	expect(f, CLASS_NO_SHARED_CIPHER, "alert.handshake_failure");
}

/* Without that history the refusal is read as no suite in common. */
static void test_handshake_failure_without_sni_alone_is_no_shared_cipher(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	f->ch.has_sni = false;
	f->ch.sni[0] = '\0';
	f->ch.sni_len = 0;
	alert(f, SIDE_SERVER, 2, 40);
	expect(f, CLASS_NO_SHARED_CIPHER, "alert.handshake_failure");
}

static void test_handshake_failure_to_ssl3_hello_is_version(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	f->ch.has_supported_versions = false;
	f->ch.n_versions = 0;
	f->ch.legacy_version = TLS_VERSION_SSL3;
	alert(f, SIDE_SERVER, 2, 40);
	expect(f, CLASS_VERSION_MISMATCH, "alert.handshake_failure_ssl_only");
}

/* TLS 1.3 decrypted, both Finished read, the server closed without a record after them:
 * ok. With records of the server the key log could not open (it lacks the traffic
 * secrets), the close is no evidence: one of them may be the alert. */
static void test_tls13_decrypted_close_needs_every_record_read(void **state)
{
	(void)state;
	for (int unread = 0; unread <= 1; unread++) {
		struct facts *f = hello_only();
		server_hello(f, TLS_VERSION_TLS13);
		f->decrypted = true;
		f->finished_decrypted[SIDE_CLIENT] = f->finished_decrypted[SIDE_SERVER] = true;
		f->undecrypted_records[SIDE_SERVER] = (uint32_t)unread;
		facts_make_record(f, SIDE_SERVER, 19);
		facts_make_close(f, SIDE_SERVER, false, 63, 0.2);
		if (!unread) {
			expect(f, CLASS_OK, "tls13.decrypted_complete");
			continue;
		}
		struct verdict v;
		rules_decide(f, &v);
		assert_string_not_equal(v.rule_id, "tls13.decrypted_complete");
		assert_int_not_equal(v.cls, CLASS_OK);
		free(f);
	}
}

/* wolfSSL's answer to no group in common (man/tls-stacks.md): a HelloRetryRequest
 * naming no group. */
static void test_hrr_without_group(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	f->hrr_seen = true;
	f->tls_seen[SIDE_SERVER] = true;
	f->ch.groups[0] = 29;
	f->ch.n_groups = 1;
	alert(f, SIDE_CLIENT, 2, 47);
	expect(f, CLASS_NO_SHARED_CIPHER, "alert.hrr_without_group");
	f = hello_only();
	f->hrr_seen = true;
	f->tls_seen[SIDE_SERVER] = true;
	f->sh.key_share_group = 23;
	alert(f, SIDE_CLIENT, 2, 47);
	expect(f, CLASS_PROTOCOL_ERROR, "alert.protocol");
}

static void test_alpn(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	alert(f, SIDE_SERVER, 2, 120);
	expect(f, CLASS_ALPN_MISMATCH, "alert.no_application_protocol");
}

static void test_fatal_unrecognized_name(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	alert(f, SIDE_SERVER, 2, 112);
	expect(f, CLASS_UNKNOWN_SNI, "alert.unrecognized_name");
}

static void test_client_cert_missing(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	server_hello(f, TLS_VERSION_TLS12);
	f->server_cert_seen = f->cert_request_seen = f->server_hello_done_seen = true;
	f->client_cert_seen = true;
	f->n_client_certs = 0;
	f->client_kex_seen = true;
	f->ccs_seen[SIDE_CLIENT] = f->finished_seen[SIDE_CLIENT] = true;
	f->stage = STAGE_CLIENT_CCS;
	alert(f, SIDE_SERVER, 2, 40);
	expect(f, CLASS_CLIENT_CERT_MISSING, "alert.client_cert_missing");
}

static void test_client_cert_rejected(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	server_hello(f, TLS_VERSION_TLS12);
	f->server_cert_seen = f->cert_request_seen = true;
	f->client_cert_seen = true;
	f->n_client_certs = 1;
	f->stage = STAGE_CLIENT_CCS;
	alert(f, SIDE_SERVER, 2, 48);
	expect(f, CLASS_CLIENT_CERT_REJECTED, "alert.client_cert_rejected");
}

static void test_server_cert_rejected(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	server_hello(f, TLS_VERSION_TLS12);
	f->server_cert_seen = true;
	f->stage = STAGE_SERVER_DONE;
	alert(f, SIDE_CLIENT, 2, 48);
	expect(f, CLASS_SERVER_CERT_REJECTED, "alert.server_cert_rejected");
}

static void test_decode_error_is_protocol_error(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	alert(f, SIDE_SERVER, 2, 50);
	expect(f, CLASS_PROTOCOL_ERROR, "alert.protocol");
}

static void test_internal_error_is_unknown(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	alert(f, SIDE_SERVER, 2, 80);
	expect(f, CLASS_UNKNOWN_FAILURE, "alert.other");
}

static void test_reset_with_other_ttl_is_middlebox(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	facts_make_close(f, SIDE_SERVER, true, 64, 0.0215);
	expect(f, CLASS_MIDDLEBOX_RESET, "rst.middlebox");
}

static void test_forged_reset_seen_at_server_side(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	/* Captured beside the server: its SYN-ACK leaves with 64, the client's SYN came with 57. */
	f->syn_ttl = 57;
	f->synack_ttl = 64;
	facts_make_close(f, SIDE_CLIENT, true, 60, 0.0215);
	expect(f, CLASS_MIDDLEBOX_RESET, "rst.middlebox");
}

static void test_client_reset_with_its_own_ttl_is_not_forged(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	facts_make_close(f, SIDE_CLIENT, true, 64, 5.0);
	f->t_last = 5.0;
	expect(f, CLASS_NO_SERVER_RESPONSE, "silence.no_server_response");
}

static void test_reset_from_server_is_server_reset(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	facts_make_close(f, SIDE_SERVER, true, 63, 0.045);
	expect(f, CLASS_SERVER_RESET, "close.server");
}

static void test_close_without_sni_is_missing_sni(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	f->ch.has_sni = false;
	facts_make_close(f, SIDE_SERVER, false, 63, 0.045);
	expect(f, CLASS_MISSING_SNI, "close.missing_sni");
}

static void test_close_with_sni_others_ok_is_unknown_sni(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	f->same_server_ok_other_sni = 2;
	facts_make_close(f, SIDE_SERVER, false, 63, 0.045);
	expect(f, CLASS_UNKNOWN_SNI, "close.unknown_sni");
}

static void test_silence_is_no_server_response(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	f->client_hello_acked = true;
	facts_make_close(f, SIDE_CLIENT, false, 64, 5.0);
	f->t_last = 5.0;
	expect(f, CLASS_NO_SERVER_RESPONSE, "silence.no_server_response");
}

static void test_server_closes_after_client_close_is_not_a_reset(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	facts_make_close(f, SIDE_CLIENT, false, 64, 4.0);
	facts_make_close(f, SIDE_SERVER, false, 63, 4.0);
	f->t_last = 4.0;
	expect(f, CLASS_NO_SERVER_RESPONSE, "silence.no_server_response");
}

static void test_http_answer_is_not_tls(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	f->not_tls[SIDE_SERVER] = true;
	memcpy(f->first_bytes[SIDE_SERVER], "HTTP/1.1 400 Bad", 16);
	f->first_bytes_len[SIDE_SERVER] = 16;
	f->payload_bytes[SIDE_SERVER] = 150;
	expect(f, CLASS_NOT_TLS, "server.plaintext_answer");
}

/* A clear-text dialogue and no ClientHello: an SMTP session up to a STARTTLS. */
static struct facts *clear_text_dialogue(enum upgrade_kind kind, uint16_t port)
{
	struct facts *f = hello_only();
	f->client_hello_seen = false;
	f->tls_seen[SIDE_CLIENT] = false;
	f->stage = STAGE_NONE;
	f->server.port = port;
	f->not_tls[SIDE_CLIENT] = true;
	memcpy(f->first_bytes[SIDE_CLIENT], "EHLO c\r\n", 8);
	f->first_bytes_len[SIDE_CLIENT] = 8;
	f->payload_bytes[SIDE_SERVER] = 200;
	f->packets[SIDE_SERVER] = 4;
	f->upgrade.kind = (uint8_t)kind;
	return f;
}

static void test_starttls_refused(void **state)
{
	(void)state;
	struct facts *f = clear_text_dialogue(UPGRADE_SMTP, 25);
	struct upgrade_fact *u = &f->upgrade;
	u->requested = true;
	u->answer = UPGRADE_REFUSED;
	u->code = 454;
	strcpy(u->request, "STARTTLS");
	strcpy(u->reply, "454 4.7.0 TLS not available due to local problem");
	u->client_quit = true;
	expect(f, CLASS_NOT_TLS, "upgrade.refused");
	/* The same refusal on a TLS port is still the refusal, not plain text to a TLS port. */
	f = clear_text_dialogue(UPGRADE_IMAP, 993);
	f->upgrade.requested = true;
	f->upgrade.answer = UPGRADE_REFUSED;
	expect(f, CLASS_NOT_TLS, "upgrade.refused");
	/* Accepted and then a ClientHello: the TLS rules decide, not the dialogue. */
	f = hello_only();
	f->upgrade.kind = UPGRADE_SMTP;
	f->upgrade.requested = true;
	f->upgrade.answer = UPGRADE_ACCEPTED;
	alert(f, SIDE_SERVER, 2, 70);
	expect(f, CLASS_VERSION_MISMATCH, "alert.protocol_version");
}

static void test_starttls_not_offered(void **state)
{
	(void)state;
	struct facts *f = clear_text_dialogue(UPGRADE_SMTP, 25);
	f->upgrade.offers_seen = true;
	f->upgrade.client_quit = true;
	expect(f, CLASS_NOT_TLS, "upgrade.not_offered");
	/* A client that neither asked nor gave up is no finding of this rule. */
	f = clear_text_dialogue(UPGRADE_SMTP, 25);
	f->upgrade.offers_seen = true;
	struct verdict v;
	rules_decide(f, &v);
	assert_string_not_equal(v.rule_id, "upgrade.not_offered");
	free(f);
	/* Offered, but the client gave up anyway: not this rule either. */
	f = clear_text_dialogue(UPGRADE_SMTP, 25);
	f->upgrade.offers_seen = f->upgrade.offered = f->upgrade.client_quit = true;
	rules_decide(f, &v);
	assert_string_not_equal(v.rule_id, "upgrade.not_offered");
	free(f);
}

static void test_proxy_refused(void **state)
{
	(void)state;
	struct facts *f = clear_text_dialogue(UPGRADE_HTTP_CONNECT, 3128);
	struct upgrade_fact *u = &f->upgrade;
	u->requested = true;
	u->answer = UPGRADE_REFUSED;
	u->code = 407;
	strcpy(u->target, "www.example.test:443");
	strcpy(u->reply, "407 Proxy Authentication Required");
	struct verdict v;
	rules_decide(f, &v);
	assert_string_equal(v.rule_id, "proxy.refused");
	assert_int_equal(v.cls, CLASS_NOT_TLS);
	assert_non_null(strstr(v.summary, "www.example.test:443"));
	assert_non_null(strstr(v.fix, "credentials"));
	expect(f, CLASS_NOT_TLS, "proxy.refused");
	f = clear_text_dialogue(UPGRADE_SOCKS5, 1080);
	f->upgrade.requested = true;
	f->upgrade.answer = UPGRADE_REFUSED;
	f->upgrade.code = 255;
	expect(f, CLASS_NOT_TLS, "proxy.refused");
}

/* A ClientHello at once to a server that greeted in SMTP, and no TLS back. */
static void test_hello_to_starttls_port(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	f->server.port = 25;
	f->upgrade.kind = UPGRADE_SMTP;
	strcpy(f->upgrade.greeting, "220 mail.example.test ESMTP");
	f->not_tls[SIDE_SERVER] = true;
	memcpy(f->first_bytes[SIDE_SERVER], "220 mail.example", 16);
	f->first_bytes_len[SIDE_SERVER] = 16;
	f->payload_bytes[SIDE_SERVER] = 30;
	expect(f, CLASS_NOT_TLS, "upgrade.expected");
}

static void test_binary_answer_is_protocol_error(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	f->not_tls[SIDE_SERVER] = true;
	memcpy(f->first_bytes[SIDE_SERVER], "\x00\x01\x02\xff\x80\x1b", 6);
	f->first_bytes_len[SIDE_SERVER] = 6;
	f->payload_bytes[SIDE_SERVER] = 6;
	expect(f, CLASS_PROTOCOL_ERROR, "server.malformed_answer");
}

/* A TCP connection that carried no ClientHello. */
static struct facts *no_hello(void)
{
	struct facts *f = hello_only();
	f->client_hello_seen = false;
	f->tls_seen[SIDE_CLIENT] = false;
	f->t_client_hello = -1;
	f->payload_bytes[SIDE_CLIENT] = 0;
	f->stage = STAGE_NONE;
	return f;
}

static void test_server_closes_before_hello(void **state)
{
	(void)state;
	struct facts *f = no_hello();
	facts_make_close(f, SIDE_SERVER, false, 63, 0.03);
	expect(f, CLASS_SERVER_RESET, "tcp.server_closed_before_hello");
	/* Once the client sent bytes, the close is no refusal of the connection itself. */
	f = no_hello();
	f->payload_bytes[SIDE_CLIENT] = 10;
	facts_make_close(f, SIDE_SERVER, false, 63, 0.03);
	expect(f, CLASS_INCOMPLETE, "tcp.no_client_hello");
}

static void test_tls13_abort_without_cert(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	server_hello(f, TLS_VERSION_TLS13);
	facts_make_tls13_exchange(f, 5, (const uint16_t[]){ 53, 0 }, (const uint16_t[]){ 19, 0 });
	facts_make_close(f, SIDE_SERVER, false, 63, 0.07);
	expect(f, CLASS_UNKNOWN_FAILURE, "tls13.server_abort");
}

/* TLS 1.2 up to the client's Finished flight; a CertificateRequest answered with
 * n_certs certificates when requested. */
static struct facts *tls12_client_finished(bool requested, uint8_t n_certs)
{
	struct facts *f = hello_only();
	server_hello(f, TLS_VERSION_TLS12);
	f->server_cert_seen = f->server_hello_done_seen = true;
	f->cert_request_seen = f->client_cert_seen = requested;
	f->n_client_certs = n_certs;
	f->client_kex_seen = true;
	f->ccs_seen[SIDE_CLIENT] = f->finished_seen[SIDE_CLIENT] = true;
	f->stage = STAGE_CLIENT_CCS;
	return f;
}

static void encrypted_alert(struct facts *f, enum side from)
{
	alert(f, from, 0, 0);
	f->alerts[f->n_alerts - 1].encrypted = true;
}

static void test_tls12_refused_finished(void **state)
{
	(void)state;
	struct facts *f = tls12_client_finished(true, 0);
	encrypted_alert(f, SIDE_SERVER);
	expect(f, CLASS_CLIENT_CERT_MISSING, "tls12.encrypted_abort_empty_cert");
	f = tls12_client_finished(true, 1);
	facts_make_close(f, SIDE_SERVER, true, 63, 0.05);
	expect(f, CLASS_CLIENT_CERT_REJECTED, "tls12.encrypted_abort_client_cert");
	f = tls12_client_finished(false, 0);
	encrypted_alert(f, SIDE_SERVER);
	expect(f, CLASS_UNKNOWN_FAILURE, "tls12.encrypted_abort");
	f = tls12_client_finished(false, 0);
	facts_make_close(f, SIDE_SERVER, true, 63, 0.05);
	expect(f, CLASS_SERVER_RESET, "tls12.close_after_finished");
}

/* A client's encrypted alert after its Finished, before the server's: an abort of its
 * own (NSS); but after the server's close it answers that close (OpenSSL's
 * decode_error), and the server's close after an empty Certificate is the refusal
 * (mbedTLS 2.28 sends no alert for it). */
static void test_tls12_client_alert_after_server_close(void **state)
{
	(void)state;
	struct facts *f = tls12_client_finished(false, 0);
	encrypted_alert(f, SIDE_CLIENT);
	f->alerts[f->n_alerts - 1].before_peer_finished = true;
	expect(f, CLASS_SERVER_CERT_REJECTED, "tls12.client_abort_after_finished");
	f = tls12_client_finished(true, 0);
	facts_make_close(f, SIDE_SERVER, false, 63, 0.030);
	encrypted_alert(f, SIDE_CLIENT);
	f->alerts[f->n_alerts - 1].before_peer_finished = true;
	expect(f, CLASS_CLIENT_CERT_MISSING, "tls12.encrypted_abort_empty_cert");
}

/* ---- QUIC and the UDP transports, on hand-made facts (the shapes of the captures of
 * pcaps/scenarios-quic.sh, and those no real software here produces) ---- */

static void quic_note(struct facts *f, enum side from, enum quic_kind kind, unsigned len, double t)
{
	struct quic_fact *q = &f->quic;
	if (q->packets[from][kind]++ == 0)
		q->t_first[from][kind] = t;
	q->trace[q->n_trace++] = (struct quic_packet_note){ .from = (uint8_t)from, .kind = (uint8_t)kind,
							    .len = (uint16_t)len, .t = (float)t };
	f->packets[from]++;
	if (t > f->t_last)
		f->t_last = f->t_observed = t;
}

/* A QUIC v1 attempt: the client's Initial with its hello, the server's Initial with a
 * TLS 1.3 ServerHello and its Handshake flight, 40 ms away (capture at the client). */
static struct facts *quic_hello(void)
{
	struct facts *f = hello_only();
	f->transport = TRANSPORT_QUIC;
	f->ch.n_versions = 1;
	for (int s = 0; s < 2; s++)
		for (int k = 0; k < QUIC_KIND__COUNT; k++)
			f->quic.t_first[s][k] = -1;
	f->quic.version = f->quic.server_version = 0x00000001;
	f->quic.version_known = true;
	f->packets[SIDE_CLIENT] = f->packets[SIDE_SERVER] = 0;
	f->payload_bytes[SIDE_SERVER] = 0;
	quic_note(f, SIDE_CLIENT, QUIC_KIND_INITIAL, 1153, 0);
	f->quic.initials_unanswered = 1;
	f->quic.min_initial_datagram = f->quic.max_initial_datagram = 1200;
	f->quic.client_bytes_unvalidated = 1200;
	return f;
}

static void quic_server_flight(struct facts *f)
{
	server_hello(f, TLS_VERSION_TLS13);
	quic_note(f, SIDE_SERVER, QUIC_KIND_INITIAL, 120, 0.040);
	quic_note(f, SIDE_SERVER, QUIC_KIND_HANDSHAKE, 1071, 0.040);
	quic_note(f, SIDE_SERVER, QUIC_KIND_HANDSHAKE, 402, 0.0401);
	f->quic.server_bytes_unvalidated = 1700;
}

static void quic_close(struct facts *f, enum side from, uint64_t code, enum quic_kind kind)
{
	struct quic_close_fact *c = &f->quic.close[from];
	c->seen = true;
	c->error_code = code;
	c->kind = (uint8_t)kind;
	c->t = 0.041;
	if (code >= 0x100 && code <= 0x1ff)
		alert(f, from, 2, (uint8_t)(code - 0x100));
}

static void test_quic_outcomes(void **state)
{
	(void)state;
	/* Completed: the client's flight, the server going on, the client answering. */
	struct facts *f = quic_hello();
	quic_server_flight(f);
	quic_note(f, SIDE_CLIENT, QUIC_KIND_HANDSHAKE, 61, 0.041);
	quic_note(f, SIDE_CLIENT, QUIC_KIND_SHORT, 1400, 0.041);
	quic_note(f, SIDE_SERVER, QUIC_KIND_SHORT, 328, 0.082);
	quic_note(f, SIDE_CLIENT, QUIC_KIND_SHORT, 40, 0.083);
	expect(f, CLASS_OK, "quic.complete");
	/* The same without the client's answer, the capture going on: the server closed. */
	f = quic_hello();
	quic_server_flight(f);
	quic_note(f, SIDE_CLIENT, QUIC_KIND_HANDSHAKE, 61, 0.041);
	quic_note(f, SIDE_CLIENT, QUIC_KIND_SHORT, 1400, 0.041);
	quic_note(f, SIDE_SERVER, QUIC_KIND_HANDSHAKE, 23, 0.082);
	quic_note(f, SIDE_SERVER, QUIC_KIND_SHORT, 41, 0.082);
	f->t_observed = 0.5;
	expect(f, CLASS_CLIENT_CERT_MISSING, "quic.server_abort_no_cert");
	f = quic_hello();
	quic_server_flight(f);
	quic_note(f, SIDE_CLIENT, QUIC_KIND_HANDSHAKE, 1113, 0.041);
	quic_note(f, SIDE_CLIENT, QUIC_KIND_SHORT, 1400, 0.041);
	quic_note(f, SIDE_SERVER, QUIC_KIND_HANDSHAKE, 23, 0.082);
	f->t_observed = 0.5;
	expect(f, CLASS_CLIENT_CERT_REJECTED, "quic.server_abort_client_cert");
	/* The client closing in the Handshake space: no 1-RTT packet, two more datagrams. */
	f = quic_hello();
	quic_server_flight(f);
	quic_note(f, SIDE_CLIENT, QUIC_KIND_HANDSHAKE, 23, 0.041);
	quic_note(f, SIDE_CLIENT, QUIC_KIND_HANDSHAKE, 26, 0.0412);
	expect(f, CLASS_SERVER_CERT_REJECTED, "quic.client_abort");
	/* Alerts in CONNECTION_CLOSE go to the alert rows. */
	f = quic_hello();
	quic_note(f, SIDE_SERVER, QUIC_KIND_INITIAL, 40, 0.040);
	quic_close(f, SIDE_SERVER, 0x0178, QUIC_KIND_INITIAL);
	expect(f, CLASS_ALPN_MISMATCH, "alert.no_application_protocol");
	/* Transport errors: a refusal, a protocol error. */
	f = quic_hello();
	quic_note(f, SIDE_SERVER, QUIC_KIND_INITIAL, 40, 0.040);
	quic_close(f, SIDE_SERVER, 0x02, QUIC_KIND_INITIAL);
	expect(f, CLASS_SERVER_RESET, "quic.close_refused");
	f = quic_hello();
	quic_note(f, SIDE_SERVER, QUIC_KIND_INITIAL, 40, 0.040);
	quic_close(f, SIDE_SERVER, 0x0a, QUIC_KIND_INITIAL);
	expect(f, CLASS_PROTOCOL_ERROR, "quic.close_protocol");
	f = quic_hello();
	quic_note(f, SIDE_SERVER, QUIC_KIND_INITIAL, 40, 0.040);
	quic_close(f, SIDE_SERVER, 0x0d, QUIC_KIND_INITIAL); /* CRYPTO_BUFFER_EXCEEDED */
	expect(f, CLASS_PROTOCOL_ERROR, "quic.close_protocol");
	/* The server stops at three times the client's bytes, the client never gets its
	 * Handshake keys' worth: the anti-amplification stall. */
	f = quic_hello();
	f->quic.trace[0].datagram = 1200;
	server_hello(f, TLS_VERSION_TLS13);
	quic_note(f, SIDE_SERVER, QUIC_KIND_INITIAL, 120, 0.040);
	f->quic.trace[f->quic.n_trace - 1].datagram = 1252;
	quic_note(f, SIDE_SERVER, QUIC_KIND_HANDSHAKE, 1200, 0.0401);
	f->quic.trace[f->quic.n_trace - 1].datagram = 1252;
	quic_note(f, SIDE_SERVER, QUIC_KIND_HANDSHAKE, 1200, 0.0402);
	f->quic.trace[f->quic.n_trace - 1].datagram = 1252;
	quic_note(f, SIDE_CLIENT, QUIC_KIND_HANDSHAKE, 23, 0.041);
	quic_note(f, SIDE_CLIENT, QUIC_KIND_HANDSHAKE, 23, 1.041);
	f->t_observed = 3;
	expect(f, CLASS_NO_SERVER_RESPONSE, "quic.amplification_stall");
	/* A version nobody here can open; Initials whose keys do not fit. */
	f = quic_hello();
	f->client_hello_seen = false;
	f->quic.version = 0x51303530;
	f->quic.version_known = false;
	expect(f, CLASS_INCOMPLETE, "quic.unreadable");
	f = quic_hello();
	f->client_hello_seen = false;
	f->quic.undecryptable[SIDE_CLIENT] = 3;
	expect(f, CLASS_INCOMPLETE, "quic.unreadable");
	/* Nothing back: at once (the capture ended) is incomplete; retransmitted is silence. */
	f = quic_hello();
	f->t_observed = 0.1;
	expect(f, CLASS_INCOMPLETE, "quic.ended");
	f = quic_hello();
	quic_note(f, SIDE_CLIENT, QUIC_KIND_INITIAL, 1153, 1.0);
	f->quic.initials_unanswered = 2;
	f->quic.t_last_client_initial = 1.0;
	expect(f, CLASS_NO_SERVER_RESPONSE, "quic.no_server_response");
	/* Version Negotiation with no common version. */
	f = quic_hello();
	quic_note(f, SIDE_SERVER, QUIC_KIND_VERSION_NEGOTIATION, 30, 0.040);
	f->quic.vn_versions[0] = 0x00000001;
	f->quic.n_vn_versions = 1;
	f->quic.version = 0xff00001d;
	expect(f, CLASS_VERSION_MISMATCH, "quic.version_negotiation");
}

/* DTLS: a server that refuses silently (GnuTLS's gnutls-serv --udp) leaves the client
 * resending its hello, or its Finished flight. */
static void test_dtls_silent_refusals(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	f->transport = TRANSPORT_DTLS;
	f->ch.has_supported_versions = false;
	f->ch.n_versions = 0;
	f->dtls.hello_verify_seen = true;
	f->dtls.cookie_echoed = true;
	f->dtls.retransmitted[SIDE_CLIENT] = 3;
	f->t_observed = 5;
	expect(f, CLASS_NO_SERVER_RESPONSE, "dtls.silent_after_hello");
	for (int with_cert = 0; with_cert < 2; with_cert++) {
		f = hello_only();
		f->transport = TRANSPORT_DTLS;
		f->ch.has_supported_versions = false;
		f->ch.n_versions = 0;
		server_hello(f, TLS_VERSION_TLS12);
		f->server_cert_seen = f->cert_request_seen = f->server_hello_done_seen = true;
		f->client_cert_seen = true;
		f->n_client_certs = (uint8_t)with_cert; /* none parsed: the rule reads the count */
		f->client_kex_seen = f->ccs_seen[SIDE_CLIENT] = f->finished_seen[SIDE_CLIENT] = true;
		f->stage = STAGE_CLIENT_CCS;
		f->dtls.retransmitted[SIDE_CLIENT] = 4;
		f->t_observed = 5;
		expect(f, with_cert ? CLASS_CLIENT_CERT_REJECTED : CLASS_CLIENT_CERT_MISSING,
		       with_cert ? "dtls.flight_unanswered_client_cert" : "dtls.flight_unanswered_empty_cert");
	}
}

static void test_udp_icmp(void **state)
{
	(void)state;
	struct facts *f = quic_hello();
	f->icmp = (struct icmp_fact){ .seen = true, .type = 3, .code = 3, .from_server = true, .count = 1, .t = 0.001 };
	f->icmp.from = f->server;
	expect(f, CLASS_SERVER_RESET, "udp.port_unreachable");
	f = quic_hello();
	f->icmp = (struct icmp_fact){ .seen = true, .type = 3, .code = 13, .count = 1, .t = 0.001 };
	expect(f, CLASS_MIDDLEBOX_RESET, "udp.icmp_prohibited");
	f = quic_hello();
	f->icmp = (struct icmp_fact){ .seen = true, .v6 = true, .type = 1, .code = 3, .count = 1, .t = 0.001 };
	expect(f, CLASS_NO_SERVER_RESPONSE, "udp.icmp_unreachable");
}

static void test_capture_ends_is_incomplete(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	server_hello(f, TLS_VERSION_TLS12);
	expect(f, CLASS_INCOMPLETE, "capture.ended");
}

static void test_midstream_is_incomplete(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	f->client_hello_seen = false;
	f->midstream = true;
	expect(f, CLASS_INCOMPLETE, "capture.midstream");
}

static void test_tls13_complete(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	server_hello(f, TLS_VERSION_TLS13);
	for (int i = 0; i < 4; i++)
		facts_make_record(f, SIDE_SERVER, 100);
	facts_make_record(f, SIDE_CLIENT, 53);
	facts_make_record(f, SIDE_CLIENT, 120);
	facts_make_record(f, SIDE_SERVER, 250);
	expect(f, CLASS_OK, "tls13.complete");
}

static void test_tls13_client_alert_after_server_flight(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	server_hello(f, TLS_VERSION_TLS13);
	facts_make_tls13_exchange(f, 4, (const uint16_t[]){ 19, 0 }, NULL);
	facts_make_close(f, SIDE_CLIENT, false, 64, 0.06);
	struct verdict v;
	rules_decide(f, &v);
	assert_int_equal(v.cls, CLASS_SERVER_CERT_REJECTED);
	assert_int_equal(v.confidence, CONF_LOW);
	assert_string_equal(v.rule_id, "tls13.client_abort");
	free(f);
}

static void test_tls13_empty_client_cert(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	server_hello(f, TLS_VERSION_TLS13);
	facts_make_tls13_exchange(f, 5, (const uint16_t[]){ 25, 53, 0 }, (const uint16_t[]){ 19, 0 });
	facts_make_close(f, SIDE_SERVER, false, 63, 0.07);
	expect(f, CLASS_CLIENT_CERT_MISSING, "tls13.server_abort_empty_cert");

	/* NSS writes the empty Certificate and the Finished into one record: 61 bytes with
	 * a SHA-256 suite, 77 with TLS_AES_256_GCM_SHA384. */
	f = hello_only();
	server_hello(f, TLS_VERSION_TLS13);
	facts_make_tls13_exchange(f, 4, (const uint16_t[]){ 61, 0 }, (const uint16_t[]){ 19, 0 });
	facts_make_close(f, SIDE_SERVER, false, 63, 0.07);
	expect(f, CLASS_CLIENT_CERT_MISSING, "tls13.server_abort_empty_cert");
	f = hello_only();
	server_hello(f, TLS_VERSION_TLS13);
	f->sh.cipher = 0x1302;
	facts_make_tls13_exchange(f, 4, (const uint16_t[]){ 77, 0 }, (const uint16_t[]){ 19, 0 });
	facts_make_close(f, SIDE_SERVER, false, 63, 0.07);
	expect(f, CLASS_CLIENT_CERT_MISSING, "tls13.server_abort_empty_cert");
	/* 61 bytes is no such pair under SHA-384: a Finished alone, padded. */
	f = hello_only();
	server_hello(f, TLS_VERSION_TLS13);
	f->sh.cipher = 0x1302;
	facts_make_tls13_exchange(f, 4, (const uint16_t[]){ 61, 0 }, (const uint16_t[]){ 19, 0 });
	facts_make_close(f, SIDE_SERVER, false, 63, 0.07);
	expect(f, CLASS_UNKNOWN_FAILURE, "tls13.server_abort");
}

static void test_tls13_client_cert_refused(void **state)
{
	(void)state;
	struct facts *f = hello_only();
	server_hello(f, TLS_VERSION_TLS13);
	facts_make_tls13_exchange(f, 5, (const uint16_t[]){ 900, 281, 53, 0 }, (const uint16_t[]){ 19, 0 });
	facts_make_close(f, SIDE_SERVER, false, 63, 0.07);
	expect(f, CLASS_CLIENT_CERT_REJECTED, "tls13.server_abort_client_cert");
}

static void test_table_is_well_formed(void **state)
{
	(void)state;
	size_t n;
	const struct rule *r = rules_table(&n);
	assert_true(n > 10);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(r[i].id);
		assert_non_null(r[i].match);
		assert_true(strlen(r[i].explanation) > 10);
		for (size_t j = i + 1; j < n; j++)
			assert_true(strcmp(r[i].id, r[j].id) != 0);
	}
	/* The last row matches anything: an empty attempt still gets a class. */
	struct facts *f = calloc(1, sizeof *f);
	struct verdict v;
	rules_decide(f, &v);
	assert_non_null(v.rule_id);
	free(f);
	/* Every class of SPEC.md has a row that gives it: the rows are the whole truth. */
	bool seen[CLASS__COUNT] = { false };
	for (size_t i = 0; i < n; i++)
		seen[r[i].cls] = true;
	for (int c = 0; c < CLASS__COUNT; c++) {
		if (!seen[c])
			print_error("no row for class %s\n", class_name((enum tls_class)c));
		assert_true(seen[c]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tls12_complete),
		cmocka_unit_test(test_warning_unrecognized_name_is_not_fatal),
		cmocka_unit_test(test_protocol_version),
		cmocka_unit_test(test_handshake_failure_is_no_shared_cipher),
		cmocka_unit_test(test_handshake_failure_without_sni_is_missing_sni),
		cmocka_unit_test(test_handshake_failure_to_tls13_only_hello),
		cmocka_unit_test(test_handshake_failure_without_sni_alone_is_no_shared_cipher),
		cmocka_unit_test(test_handshake_failure_to_ssl3_hello_is_version),
		cmocka_unit_test(test_hrr_without_group),
		cmocka_unit_test(test_tls13_decrypted_close_needs_every_record_read),
		cmocka_unit_test(test_alpn),
		cmocka_unit_test(test_fatal_unrecognized_name),
		cmocka_unit_test(test_client_cert_missing),
		cmocka_unit_test(test_client_cert_rejected),
		cmocka_unit_test(test_server_cert_rejected),
		cmocka_unit_test(test_decode_error_is_protocol_error),
		cmocka_unit_test(test_internal_error_is_unknown),
		cmocka_unit_test(test_reset_with_other_ttl_is_middlebox),
		cmocka_unit_test(test_reset_from_server_is_server_reset),
		cmocka_unit_test(test_forged_reset_seen_at_server_side),
		cmocka_unit_test(test_client_reset_with_its_own_ttl_is_not_forged),
		cmocka_unit_test(test_close_without_sni_is_missing_sni),
		cmocka_unit_test(test_close_with_sni_others_ok_is_unknown_sni),
		cmocka_unit_test(test_silence_is_no_server_response),
		cmocka_unit_test(test_server_closes_after_client_close_is_not_a_reset),
		cmocka_unit_test(test_http_answer_is_not_tls),
		cmocka_unit_test(test_binary_answer_is_protocol_error),
		cmocka_unit_test(test_server_closes_before_hello),
		cmocka_unit_test(test_tls13_abort_without_cert),
		cmocka_unit_test(test_tls12_refused_finished),
		cmocka_unit_test(test_tls12_client_alert_after_server_close),
		cmocka_unit_test(test_quic_outcomes),
		cmocka_unit_test(test_udp_icmp),
		cmocka_unit_test(test_dtls_silent_refusals),
		cmocka_unit_test(test_capture_ends_is_incomplete),
		cmocka_unit_test(test_midstream_is_incomplete),
		cmocka_unit_test(test_tls13_complete),
		cmocka_unit_test(test_tls13_client_alert_after_server_flight),
		cmocka_unit_test(test_tls13_empty_client_cert),
		cmocka_unit_test(test_tls13_client_cert_refused),
		cmocka_unit_test(test_starttls_refused),
		cmocka_unit_test(test_starttls_not_offered),
		cmocka_unit_test(test_proxy_refused),
		cmocka_unit_test(test_hello_to_starttls_port),
		cmocka_unit_test(test_table_is_well_formed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
