/*
 * test_explain.c — tlsdiag explain: OpenSSL's packed codes decoded from the number (1.x
 * and 3.x layouts, alerts as reason 1000 + N for any N, system errors); one message of
 * each stack's family mapped to its alert, sender, reporter and first class; layered
 * pastes (curl, nginx, Python around OpenSSL) ordered with the library's words first and
 * the program's side carried to them; --side; unknown text; hostile input (huge,
 * binary, NUL inside, patterns cut at the end). The JSON output is read back with
 * jansson, as a script would read it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "explain.h"

/* explain_run's JSON for the n bytes at msg, parsed; *rc its return. */
static json_t *run_n(const char *msg, size_t n, enum explain_side side, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	*rc = explain_run(msg, n, side, true, out);
	fclose(out);
	json_error_t err;
	json_t *j = json_loadb(buf, len, 0, &err);
	if (j == NULL)
		fail_msg("not JSON (%s): %.200s", err.text, buf);
	free(buf);
	return j;
}

static json_t *run(const char *msg, enum explain_side side)
{
	int rc;
	json_t *j = run_n(msg, strlen(msg), side, &rc);
	assert_int_equal(rc, 0);
	return j;
}

static json_int_t alert_code(const json_t *j)
{
	const json_t *a = json_object_get(j, "alert");
	return json_is_object(a) ? json_integer_value(json_object_get(a, "code")) : -1;
}

/* The primary reading printed by `reporter` ("client", "server"), or the only one. */
static const json_t *reading(const json_t *j, const char *reporter)
{
	const json_t *rs = json_object_get(j, "readings");
	size_t i;
	const json_t *r;
	if (json_array_size(rs) == 1)
		return json_array_get(rs, 0);
	json_array_foreach(rs, i, r) {
		if (strcmp(json_string_value(json_object_get(r, "reporter")), reporter) == 0)
			return r;
	}
	fail_msg("no reading printed by the %s", reporter);
	return NULL;
}

static const char *str_or_null(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : "null";
}

/* alert (-1 none), who printed it, who sent the alert ("null" none), the first class,
 * and the id of the first match. */
static void expect(const char *msg, enum explain_side side, json_int_t alert, const char *reporter, const char *sender,
		   const char *first_class, const char *first_id)
{
	json_t *j = run(msg, side);
	if (alert_code(j) != alert)
		fail_msg("%s: alert %lld, expected %lld", msg, (long long)alert_code(j), (long long)alert);
	const json_t *r = reading(j, reporter);
	assert_string_equal(json_string_value(json_object_get(r, "reporter")), reporter);
	if (strcmp(str_or_null(json_object_get(r, "sender")), sender) != 0)
		fail_msg("%s: sender %s, expected %s", msg, str_or_null(json_object_get(r, "sender")), sender);
	const char *cls = str_or_null(json_array_get(json_object_get(r, "classes"), 0));
	if (strcmp(cls, first_class) != 0)
		fail_msg("%s: first class %s, expected %s", msg, cls, first_class);
	if (first_id != NULL) {
		const json_t *m0 = json_array_get(json_object_get(j, "matches"), 0);
		assert_string_equal(json_string_value(json_object_get(m0, "id")), first_id);
	}
	json_decref(j);
}

/* ---- packed codes ---- */

static void test_decode_1x(void **state)
{
	(void)state;
	struct explain_openssl_code d;
	assert_true(explain_decode_openssl(0x14094410u, false, &d));
	assert_int_equal(d.major, 1);
	assert_int_equal(d.lib, 20);
	assert_int_equal(d.func, 0x094);
	assert_int_equal(d.reason, 1040);
	assert_int_equal(d.alert, 40);
	assert_true(explain_decode_openssl(0x1416F086u, false, &d));
	assert_int_equal(d.lib, 20);
	assert_int_equal(d.func, 0x16F);
	assert_int_equal(d.reason, 134);
	assert_int_equal(d.alert, -1);
	/* 1.0.2's SSL23_GET_SERVER_HELLO */
	assert_true(explain_decode_openssl(0x14077410u, false, &d));
	assert_int_equal(d.major, 1);
	assert_int_equal(d.alert, 40);
}

static void test_decode_3x(void **state)
{
	(void)state;
	struct explain_openssl_code d;
	assert_true(explain_decode_openssl(0x0A000410u, true, &d));
	assert_int_equal(d.major, 3);
	assert_int_equal(d.lib, 20);
	assert_int_equal(d.reason, 1040);
	assert_int_equal(d.alert, 40);
	assert_true(explain_decode_openssl(0x0A000086u, false, &d));
	assert_int_equal(d.major, 3);
	assert_int_equal(d.reason, 134);
	assert_int_equal(d.alert, -1);
	/* ERR_SYSTEM_FLAG: errno 104 */
	assert_true(explain_decode_openssl(0x80000068u, false, &d));
	assert_int_equal(d.lib, 2);
	assert_int_equal(d.reason, 104);
	/* Every alert, listed or not, is reason 1000 + N. */
	for (unsigned n = 0; n < 256; n++) {
		assert_true(explain_decode_openssl(0x0A000000u | (1000u + n), true, &d));
		assert_int_equal(d.alert, (int)n);
		assert_true(explain_decode_openssl(0x14094000u | (1000u + n), false, &d));
		assert_int_equal(d.alert, (int)n);
	}
	assert_false(explain_decode_openssl(0, false, &d));
	assert_false(explain_decode_openssl(0x00000410u, false, &d));
}

static void test_code_in_text(void **state)
{
	(void)state;
	/* The number alone explains: no words after it. */
	expect("error:0A000418:SSL routines::", EXPLAIN_SIDE_CLIENT, 48, "client", "server", "client_cert_rejected",
	       "openssl.alert_received");
	/* An alert no row names (90 user_canceled) through its code. */
	expect("error:0A000442:SSL routines::tlsv1 alert user cancelled", EXPLAIN_SIDE_UNKNOWN, 90, "client", "server",
	       "unknown_failure", "openssl.alert_received");
	/* A reason (not an alert) led to its row; 1.x. */
	expect("error:1408F10B:SSL routines:ssl3_get_record:wrong version number", EXPLAIN_SIDE_CLIENT, -1, "client", "null",
	       "not_tls", "openssl.wrong_version_number");
	json_t *j = run("error:0A000086:SSL routines::certificate verify failed", EXPLAIN_SIDE_UNKNOWN);
	const json_t *m0 = json_array_get(json_object_get(j, "matches"), 0);
	const json_t *o = json_object_get(m0, "openssl");
	assert_string_equal(json_string_value(json_object_get(o, "code")), "0A000086");
	assert_string_equal(json_string_value(json_object_get(o, "version")), "3.x");
	assert_int_equal(json_integer_value(json_object_get(o, "reason")), 134);
	json_decref(j);
	/* An unassigned alert number still decodes. */
	j = run("error:0A0004A1:SSL routines::", EXPLAIN_SIDE_UNKNOWN);
	assert_int_equal(alert_code(j), 185);
	assert_true(json_is_null(json_object_get(json_object_get(j, "alert"), "name")));
	json_decref(j);
	/* A reason no row explains: said, and unknown. */
	int rc;
	const char *unl = "error:0A0000F0:SSL routines::something new";
	j = run_n(unl, strlen(unl), EXPLAIN_SIDE_UNKNOWN, &rc);
	assert_int_equal(rc, 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "openssl_unlisted"), "reason")), 0xF0);
	json_decref(j);
}

/* ---- one of each family ---- */

static void test_openssl_texts(void **state)
{
	(void)state;
	/* Bare OpenSSL words: both readings. */
	json_t *j = run("sslv3 alert handshake failure", EXPLAIN_SIDE_UNKNOWN);
	assert_int_equal(json_array_size(json_object_get(j, "readings")), 2);
	json_decref(j);
	expect("sslv3 alert handshake failure", EXPLAIN_SIDE_UNKNOWN, 40, "client", "server", "no_shared_cipher", NULL);
	expect("sslv3 alert handshake failure", EXPLAIN_SIDE_UNKNOWN, 40, "server", "client", "server_cert_rejected", NULL);
	expect("tlsv1 alert unknown ca", EXPLAIN_SIDE_SERVER, 48, "server", "client", "server_cert_rejected", NULL);
	expect("tlsv1 alert protocol version", EXPLAIN_SIDE_CLIENT, 70, "client", "server", "version_mismatch", NULL);
	expect("tlsv13 alert certificate required", EXPLAIN_SIDE_CLIENT, 116, "client", "server", "client_cert_missing", NULL);
	expect("tlsv1 unrecognized name", EXPLAIN_SIDE_CLIENT, 112, "client", "server", "unknown_sni", NULL);
	expect("sslv3 alert certificate unknown", EXPLAIN_SIDE_SERVER, 46, "server", "client", "server_cert_rejected", NULL);
	expect("tlsv1 alert no application protocol", EXPLAIN_SIDE_CLIENT, 120, "client", "server", "alpn_mismatch", NULL);
	expect("no shared cipher", EXPLAIN_SIDE_UNKNOWN, 40, "server", "server", "no_shared_cipher", NULL);
	expect("http request", EXPLAIN_SIDE_UNKNOWN, -1, "server", "null", "not_tls", NULL);
	expect("unexpected eof while reading", EXPLAIN_SIDE_CLIENT, -1, "client", "null", "server_reset", NULL);
	expect("peer did not return a certificate", EXPLAIN_SIDE_UNKNOWN, 116, "server", "server", "client_cert_missing", NULL);
	expect("dh key too small", EXPLAIN_SIDE_UNKNOWN, 40, "client", "client", "no_shared_cipher", NULL);
	expect("unsupported protocol", EXPLAIN_SIDE_SERVER, 70, "server", "server", "version_mismatch", NULL);
	expect("packet length too long", EXPLAIN_SIDE_CLIENT, 22, "client", "client", "not_tls", NULL);
	expect("legacy sigalg disallowed or unsupported", EXPLAIN_SIDE_CLIENT, -1, "client", "null", "no_shared_cipher", NULL);
	expect("SSL alert number 48", EXPLAIN_SIDE_SERVER, 48, "server", "client", "server_cert_rejected", NULL);
	expect("certificate verify failed", EXPLAIN_SIDE_SERVER, -1, "server", "null", "client_cert_rejected", NULL);
}

static void test_boringssl_chrome(void **state)
{
	(void)state;
	expect("SSLV3_ALERT_BAD_CERTIFICATE", EXPLAIN_SIDE_CLIENT, 42, "client", "server", "client_cert_rejected", NULL);
	expect("TLSV1_ALERT_PROTOCOL_VERSION", EXPLAIN_SIDE_CLIENT, 70, "client", "server", "version_mismatch", NULL);
	expect("NO_SHARED_CIPHER", EXPLAIN_SIDE_UNKNOWN, 40, "server", "server", "no_shared_cipher", NULL);
	expect("CERTIFICATE_VERIFY_FAILED", EXPLAIN_SIDE_CLIENT, -1, "client", "null", "server_cert_rejected", NULL);
	expect("net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH", EXPLAIN_SIDE_UNKNOWN, -1, "client", "null", "no_shared_cipher", NULL);
	expect("NET::ERR_CERT_AUTHORITY_INVALID", EXPLAIN_SIDE_UNKNOWN, -1, "client", "null", "server_cert_rejected", NULL);
	expect("ERR_CERT_COMMON_NAME_INVALID", EXPLAIN_SIDE_UNKNOWN, -1, "client", "null", "server_cert_rejected", NULL);
	expect("ERR_SSL_PROTOCOL_ERROR", EXPLAIN_SIDE_UNKNOWN, -1, "client", "null", "protocol_error", NULL);
	expect("ERR_CONNECTION_RESET", EXPLAIN_SIDE_UNKNOWN, -1, "client", "null", "middlebox_reset", NULL);
	expect("ERR_BAD_SSL_CLIENT_AUTH_CERT", EXPLAIN_SIDE_UNKNOWN, -1, "client", "null", "client_cert_rejected", NULL);
	expect("ERR_SSL_BAD_RECORD_MAC_ALERT", EXPLAIN_SIDE_UNKNOWN, 20, "client", "server", "protocol_error", NULL);
}

static void test_gnutls(void **state)
{
	(void)state;
	expect("*** Received alert [40]: Handshake failed", EXPLAIN_SIDE_CLIENT, 40, "client", "server", "no_shared_cipher",
	       "gnutls.received_alert");
	expect("*** Fatal error: No supported cipher suites have been found.", EXPLAIN_SIDE_SERVER, 40, "server", "server",
	       "no_shared_cipher", NULL);
	expect("- Status: The certificate is NOT trusted. The certificate issuer is unknown.", EXPLAIN_SIDE_CLIENT, -1,
	       "client", "null", "server_cert_rejected", NULL);
	expect("*** Fatal error: An unexpected TLS packet was received.", EXPLAIN_SIDE_UNKNOWN, -1, "client", "null",
	       "protocol_error", "gnutls.unexpected_packet");
	/* gnutls-serv's words say it is the server. */
	expect("Error in handshake: Certificate is required.", EXPLAIN_SIDE_UNKNOWN, 116, "server", "server",
	       "client_cert_missing", NULL);
	expect("Error in handshake: Decryption has failed.", EXPLAIN_SIDE_UNKNOWN, -1, "server", "null", "protocol_error", NULL);
	expect("*** Fatal error: The TLS connection was non-properly terminated.", EXPLAIN_SIDE_CLIENT, -1, "client", "null",
	       "server_reset", NULL);
	expect("Error in the pull function.", EXPLAIN_SIDE_CLIENT, -1, "client", "null", "middlebox_reset", NULL);
}

static void test_nss(void **state)
{
	(void)state;
	/* A client reports the server's handshake_failure with the server's own error. */
	expect("SSL_ERROR_NO_CYPHER_OVERLAP", EXPLAIN_SIDE_CLIENT, 40, "client", "server", "no_shared_cipher", NULL);
	expect("SSL_ERROR_NO_CYPHER_OVERLAP", EXPLAIN_SIDE_SERVER, 40, "server", "server", "no_shared_cipher", NULL);
	expect("SSL_ERROR_BAD_CERT_ALERT", EXPLAIN_SIDE_CLIENT, 42, "client", "server", "client_cert_rejected", NULL);
	expect("SSL_ERROR_UNSUPPORTED_VERSION", EXPLAIN_SIDE_CLIENT, 70, "client", "client", "version_mismatch", NULL);
	expect("SEC_ERROR_UNKNOWN_ISSUER", EXPLAIN_SIDE_CLIENT, 48, "client", "client", "server_cert_rejected", NULL);
	expect("SSL_ERROR_RX_RECORD_TOO_LONG", EXPLAIN_SIDE_CLIENT, -1, "client", "null", "not_tls", NULL);
	expect("SSL_ERROR_HANDSHAKE_FAILURE_ALERT", EXPLAIN_SIDE_CLIENT, 40, "client", "server", "no_shared_cipher", NULL);
	expect("SEC_ERROR_EXPIRED_CERTIFICATE", EXPLAIN_SIDE_CLIENT, 45, "client", "client", "server_cert_rejected", NULL);
	expect("SSL_ERROR_BAD_CERT_DOMAIN", EXPLAIN_SIDE_UNKNOWN, 42, "client", "client", "server_cert_rejected", NULL);
	expect("MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT", EXPLAIN_SIDE_CLIENT, 48, "client", "client", "server_cert_rejected",
	       NULL);
	/* By number alone (NSS programs print "returned error N"; curl with NSS "NSS error N"),
	 * and by the error's text alone. */
	expect("selfserv: HDX PR_Read returned error -12279:", EXPLAIN_SIDE_SERVER, 70, "server", "server", "version_mismatch",
	       "nss.unsupported_version");
	expect("NSS error -12190", EXPLAIN_SIDE_CLIENT, 70, "client", "server", "version_mismatch", "nss.protocol_version_alert");
	expect("error -8179", EXPLAIN_SIDE_SERVER, 48, "server", "server", "client_cert_rejected", "nss.unknown_issuer");
	expect("Peer reports incompatible or unsupported protocol version.", EXPLAIN_SIDE_CLIENT, 70, "client", "server",
	       "version_mismatch", "nss.protocol_version_alert");
	expect("SSL received an unexpected record type.", EXPLAIN_SIDE_SERVER, 10, "server", "server", "server_cert_rejected",
	       "nss.rx_unexpected_record_type");
	/* A number NSS does not use, or one glued to more digits, leads nowhere. */
	int rc;
	json_t *j = run_n("returned error -12345", 21, EXPLAIN_SIDE_UNKNOWN, &rc);
	assert_int_equal(rc, 1);
	assert_false(json_is_true(json_object_get(j, "known")));
	json_decref(j);
	j = run_n("error -122790", 13, EXPLAIN_SIDE_UNKNOWN, &rc);
	assert_int_equal(rc, 1);
	assert_false(json_is_true(json_object_get(j, "known")));
	json_decref(j);
	/* The number is shown beside the row it led to. */
	j = run("PR_Read returned error -12286: Cannot communicate securely with peer: no common encryption algorithm(s).",
		EXPLAIN_SIDE_SERVER);
	const json_t *m0 = json_array_get(json_object_get(j, "matches"), 0);
	assert_string_equal(json_string_value(json_object_get(m0, "id")), "nss.no_cypher_overlap");
	assert_int_equal(json_integer_value(json_object_get(m0, "nss_error")), -12286);
	assert_int_equal(json_array_size(json_object_get(j, "matches")), 1);
	json_decref(j);
}

static void test_java(void **state)
{
	(void)state;
	expect("javax.net.ssl.SSLHandshakeException: PKIX path building failed: "
	       "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to "
	       "requested target", EXPLAIN_SIDE_CLIENT, 46, "client", "client", "server_cert_rejected", NULL);
	expect("javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown", EXPLAIN_SIDE_SERVER, 46,
	       "server", "client", "server_cert_rejected", "java.received_fatal_alert");
	expect("Received fatal alert: handshake_failure", EXPLAIN_SIDE_CLIENT, 40, "client", "server", "no_shared_cipher", NULL);
	expect("Received fatal alert: protocol_version", EXPLAIN_SIDE_CLIENT, 70, "client", "server", "version_mismatch", NULL);
	expect("No appropriate protocol (protocol is disabled or cipher suites are inappropriate)", EXPLAIN_SIDE_CLIENT, -1,
	       "client", "null", "version_mismatch", NULL);
	expect("java.security.cert.CertificateException: No subject alternative DNS name matching wrong.example found.",
	       EXPLAIN_SIDE_UNKNOWN, 46, "client", "client", "server_cert_rejected", NULL);
	expect("Remote host terminated the handshake", EXPLAIN_SIDE_CLIENT, -1, "client", "null", "server_reset", NULL);
	expect("Empty client certificate chain", EXPLAIN_SIDE_UNKNOWN, 42, "server", "server", "client_cert_missing", NULL);
	expect("no cipher suites in common", EXPLAIN_SIDE_UNKNOWN, 40, "server", "server", "no_shared_cipher", NULL);
}

static void test_go(void **state)
{
	(void)state;
	expect("Get \"https://x/\": remote error: tls: bad certificate", EXPLAIN_SIDE_CLIENT, 42, "client", "server",
	       "client_cert_rejected", NULL);
	expect("remote error: tls: unknown certificate authority", EXPLAIN_SIDE_SERVER, 48, "server", "client",
	       "server_cert_rejected", NULL);
	expect("remote error: tls: protocol version not supported", EXPLAIN_SIDE_CLIENT, 70, "client", "server",
	       "version_mismatch", NULL);
	expect("local error: tls: bad record MAC", EXPLAIN_SIDE_CLIENT, 20, "client", "client", "protocol_error", NULL);
	expect("x509: certificate signed by unknown authority", EXPLAIN_SIDE_CLIENT, 42, "client", "client",
	       "server_cert_rejected", NULL);
	expect("x509: certificate is valid for good.example, not wrong.example", EXPLAIN_SIDE_UNKNOWN, 42, "client", "client",
	       "server_cert_rejected", NULL);
	expect("x509: certificate has expired or is not yet valid: current time", EXPLAIN_SIDE_CLIENT, 42, "client", "client",
	       "server_cert_rejected", NULL);
	expect("tls: first record does not look like a TLS handshake", EXPLAIN_SIDE_CLIENT, -1, "client", "null", "not_tls", NULL);
	expect("tls: no cipher suite supported by both client and server", EXPLAIN_SIDE_UNKNOWN, 40, "server", "server",
	       "no_shared_cipher", NULL);
	expect("tls: client didn't provide a certificate", EXPLAIN_SIDE_UNKNOWN, 42, "server", "server", "client_cert_missing",
	       NULL);
	expect("tls: server selected unsupported protocol version 301", EXPLAIN_SIDE_UNKNOWN, 70, "client", "client",
	       "version_mismatch", NULL);
	/* net/http's server line says who printed the inner words. */
	expect("http: TLS handshake error from 198.18.0.1:40000: remote error: tls: bad certificate", EXPLAIN_SIDE_UNKNOWN, 42,
	       "server", "client", "server_cert_rejected", "go.remote_error");
}

static void test_schannel(void **state)
{
	(void)state;
	expect("SEC_E_ILLEGAL_MESSAGE (0x80090326)", EXPLAIN_SIDE_CLIENT, -1, "client", "null", "protocol_error", NULL);
	expect("HRESULT 0x80090331", EXPLAIN_SIDE_CLIENT, -1, "client", "null", "no_shared_cipher", NULL);
	expect("SEC_E_UNTRUSTED_ROOT", EXPLAIN_SIDE_CLIENT, -1, "client", "null", "server_cert_rejected", NULL);
	expect("SEC_E_WRONG_PRINCIPAL", EXPLAIN_SIDE_UNKNOWN, -1, "client", "null", "server_cert_rejected", NULL);
	expect("The remote certificate is invalid according to the validation procedure.", EXPLAIN_SIDE_UNKNOWN, -1, "client",
	       "null", "server_cert_rejected", NULL);
	expect("A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 40.",
	       EXPLAIN_SIDE_CLIENT, 40, "client", "server", "no_shared_cipher", NULL);
	expect("The following fatal alert was generated: 70. The internal error state is 105.", EXPLAIN_SIDE_SERVER, 70,
	       "server", "server", "version_mismatch", NULL);
}

static void test_python(void **state)
{
	(void)state;
	expect("ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local "
	       "issuer certificate (_ssl.c:1006)", EXPLAIN_SIDE_CLIENT, 48, "client", "client", "server_cert_rejected",
	       "openssl.verify.unable_to_get_local_issuer");
	expect("[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)", EXPLAIN_SIDE_CLIENT, -1, "client", "null",
	       "not_tls", "openssl.wrong_version_number");
	expect("[SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version (_ssl.c:1006)", EXPLAIN_SIDE_CLIENT, 70,
	       "client", "server", "version_mismatch", "openssl.alert_received");
	expect("[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:1006)", EXPLAIN_SIDE_CLIENT, 40,
	       "client", "server", "no_shared_cipher", NULL);
	expect("ssl.SSLEOFError: EOF occurred in violation of protocol (_ssl.c:1006)", EXPLAIN_SIDE_CLIENT, -1, "client", "null",
	       "server_reset", NULL);
	expect("certificate verify failed: Hostname mismatch, certificate is not valid for 'wrong.example'. (_ssl.c:1006)",
	       EXPLAIN_SIDE_UNKNOWN, 42, "client", "client", "server_cert_rejected", NULL);
}

/* ---- layers ---- */

static void test_layers(void **state)
{
	(void)state;
	/* curl around OpenSSL: the library's words first, curl's side carried to them. */
	const char *curl = "curl: (35) OpenSSL/3.0.11: error:0A000410:SSL routines::sslv3 alert handshake failure";
	expect(curl, EXPLAIN_SIDE_UNKNOWN, 40, "client", "server", "no_shared_cipher", "openssl.alert_received");
	json_t *j = run(curl, EXPLAIN_SIDE_UNKNOWN);
	const json_t *ms = json_object_get(j, "matches");
	assert_int_equal(json_array_size(ms), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ms, 1), "id")), "curl.35_ssl_connect_error");
	assert_string_equal(json_string_value(json_object_get(json_array_get(ms, 1), "layer")), "program");
	assert_int_equal(json_array_size(json_object_get(j, "readings")), 1);
	json_decref(j);
	/* The same words in nginx's log: the client sent it. */
	expect("2026/12/01 10:00:00 [info] 123#0: *5 SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 "
	       "alert handshake failure:SSL alert number 40) while SSL handshaking, client: 198.18.0.1, server: 0.0.0.0:443",
	       EXPLAIN_SIDE_UNKNOWN, 40, "server", "client", "server_cert_rejected", "openssl.alert_received");
	/* ... and towards an upstream, nginx is the client. */
	expect("SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number "
	       "40) while SSL handshaking to upstream, client: 198.18.0.1",
	       EXPLAIN_SIDE_UNKNOWN, 40, "client", "server", "no_shared_cipher", "openssl.alert_received");
	/* nginx answering 400 after the handshake: the verify error's alert is not sent. */
	expect("client SSL certificate verify error: (10:certificate has expired) while reading client request headers",
	       EXPLAIN_SIDE_UNKNOWN, -1, "server", "null", "client_cert_rejected", NULL);
	expect("client sent no required SSL certificate while reading client request headers", EXPLAIN_SIDE_UNKNOWN, -1,
	       "server", "null", "client_cert_missing", NULL);
	/* curl around an X.509 verify error. */
	expect("curl: (60) SSL certificate problem: unable to get local issuer certificate", EXPLAIN_SIDE_UNKNOWN, 48, "client",
	       "client", "server_cert_rejected", "openssl.verify.unable_to_get_local_issuer");
	expect("curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 198.18.1.1:443", EXPLAIN_SIDE_UNKNOWN, -1,
	       "client", "null", "server_reset", NULL);
	expect("curl: (56) Recv failure: Connection reset by peer", EXPLAIN_SIDE_UNKNOWN, -1, "client", "null",
	       "middlebox_reset", NULL);
	/* HAProxy and Apache. */
	expect("198.18.0.1:40000 [01/Dec/2026:10:00:00.000] fe/1: SSL handshake failure", EXPLAIN_SIDE_UNKNOWN, -1, "server",
	       "null", "no_shared_cipher", NULL);
	expect("fe/1: Connection closed during SSL handshake", EXPLAIN_SIDE_UNKNOWN, -1, "server", "null",
	       "server_cert_rejected", NULL);
	expect("AH02039: Certificate Verification: Error (20): unable to get local issuer certificate", EXPLAIN_SIDE_UNKNOWN, 48,
	       "server", "server", "client_cert_rejected", NULL);
	expect("AH02042: rejecting client initiated renegotiation", EXPLAIN_SIDE_UNKNOWN, -1, "server", "null",
	       "protocol_error", NULL);
	/* mod_ssl's second line: OpenSSL's error, printed by a server. */
	expect("[ssl:info] [pid 1:tid 1] SSL Library Error: error:0A000102:SSL routines::unsupported protocol",
	       EXPLAIN_SIDE_UNKNOWN, 70, "server", "server", "version_mismatch", NULL);
	expect("[client 127.0.0.1:1] AH01996: SSL handshake failed: HTTP spoken on HTTPS port; trying to send HTML error page",
	       EXPLAIN_SIDE_UNKNOWN, -1, "server", "null", "not_tls", "apache.http_on_https_port");
}

static void test_side_option(void **state)
{
	(void)state;
	json_t *j = run("tlsv1 alert unknown ca", EXPLAIN_SIDE_SERVER);
	const json_t *rs = json_object_get(j, "readings");
	assert_int_equal(json_array_size(rs), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rs, 0), "reporter")), "server");
	json_decref(j);
	/* A row that names its side keeps it. */
	expect("tls: client didn't provide a certificate", EXPLAIN_SIDE_CLIENT, 42, "server", "server", "client_cert_missing",
	       NULL);
}

/* ---- unknown and hostile input ---- */

static void test_unknown(void **state)
{
	(void)state;
	int rc;
	json_t *j = run_n("the printer is on fire", 22, EXPLAIN_SIDE_UNKNOWN, &rc);
	assert_int_equal(rc, 1);
	assert_false(json_is_true(json_object_get(j, "known")));
	assert_int_equal(json_array_size(json_object_get(j, "matches")), 0);
	const json_t *cap = json_object_get(j, "capture");
	assert_string_equal(json_string_value(json_object_get(cap, "where")), "both");
	assert_int_equal(json_array_size(json_object_get(cap, "tcpdump")), 2);
	json_decref(j);
	j = run_n("", 0, EXPLAIN_SIDE_UNKNOWN, &rc);
	assert_int_equal(rc, 1);
	json_decref(j);
	/* The text output says so too, and still advises. */
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_int_equal(explain_run("nothing", 7, EXPLAIN_SIDE_UNKNOWN, false, out), 1);
	fclose(out);
	assert_non_null(strstr(buf, "no known TLS error message"));
	assert_non_null(strstr(buf, "tcpdump -i any -s 0 -w case.pcap"));
	free(buf);
}

static void test_hostile(void **state)
{
	(void)state;
	int rc;
	/* Over the limit: cut, said, still matched in what was kept. */
	size_t big = EXPLAIN_MAX_INPUT + 4096;
	char *s = malloc(big);
	assert_non_null(s);
	memset(s, 'A', big);
	memcpy(s + 100, " tlsv1 alert unknown ca ", 24);
	json_t *j = run_n(s, big, EXPLAIN_SIDE_UNKNOWN, &rc);
	assert_int_equal(rc, 0);
	assert_true(json_is_true(json_object_get(j, "truncated")));
	assert_int_equal(alert_code(j), 48);
	json_decref(j);
	/* Every byte value, NUL inside, then a message: found past the NUL. */
	for (size_t i = 0; i < 256 * 16; i++)
		s[i] = (char)(i & 0xff);
	const char *tail = "\n\"remote error: tls: handshake failure\"\r\n";
	memcpy(s + 4096, tail, strlen(tail));
	j = run_n(s, 4096 + strlen(tail), EXPLAIN_SIDE_CLIENT, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(alert_code(j), 40);
	json_decref(j);
	free(s);
	/* Patterns cut at the very end: no read past it, nothing made up. */
	static const char *const cut[] = {
		"error:", "error:0A00041", "error:0A000410", "ssl alert number ", "ssl alert number 99999",
		"received alert [", "received alert [256]", "remote error: tls: ", "received fatal alert: nonsense",
		"x509: certificate is valid for", "no subject alternative dns name matching", "tlsv1 ", "sslv3 alert",
		"*", "**", " ", "\n\n\n",
	};
	for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
		j = run_n(cut[i], strlen(cut[i]), EXPLAIN_SIDE_UNKNOWN, &rc);
		assert_non_null(j);
		assert_int_equal(alert_code(j), -1);
		json_decref(j);
	}
	/* A whole log matching many rows: bounded, valid JSON. */
	size_t n = 0, cap = 1 << 16;
	char *log = malloc(cap);
	assert_non_null(log);
	for (int code = 0; code < 256 && n + 64 < cap; code++)
		n += (size_t)snprintf(log + n, cap - n, "SSL alert number %d\nReceived alert [%d]: x\n", code, code);
	j = run_n(log, n, EXPLAIN_SIDE_UNKNOWN, &rc);
	assert_int_equal(rc, 0);
	assert_true(json_array_size(json_object_get(j, "matches")) <= 24);
	json_decref(j);
	free(log);
	/* A NULL message reads as empty. */
	j = run_n(NULL, 0, EXPLAIN_SIDE_UNKNOWN, &rc);
	assert_int_equal(rc, 1);
	json_decref(j);
}

static void test_table(void **state)
{
	(void)state;
	const char *bad = explain_table_check();
	if (bad != NULL)
		fail_msg("table row %s is malformed", bad);
	size_t sum = 0;
	for (size_t i = 0; i < explain_stack_count(); i++) {
		assert_non_null(explain_stack_name(i));
		assert_true(explain_stack_rows(i) > 0);
		sum += explain_stack_rows(i);
	}
	assert_int_equal(sum, explain_table_rows());
	assert_null(explain_stack_name(explain_stack_count()));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_1x),
		cmocka_unit_test(test_decode_3x),
		cmocka_unit_test(test_code_in_text),
		cmocka_unit_test(test_openssl_texts),
		cmocka_unit_test(test_boringssl_chrome),
		cmocka_unit_test(test_gnutls),
		cmocka_unit_test(test_nss),
		cmocka_unit_test(test_java),
		cmocka_unit_test(test_go),
		cmocka_unit_test(test_schannel),
		cmocka_unit_test(test_python),
		cmocka_unit_test(test_layers),
		cmocka_unit_test(test_side_option),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
