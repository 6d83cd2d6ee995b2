/*
 * explain.c — tlsdiag explain (explain.h): an error message from a ticket mapped to the
 * TLS alert it stands for, who sent it and who printed it, the classes it can mean and
 * the capture that decides between them.
 *
 * One table of messages (rows[] below), each row citing where its text comes from. A
 * paste is matched against every row, case-insensitively, after the text is flattened
 * (letters lower-cased, '_' read as a space, so that BoringSSL's and Python's
 * SSLV3_ALERT_BAD_CERTIFICATE reads as OpenSSL's "sslv3 alert bad certificate"; every run
 * of spaces, line breaks and bytes that are not printable ASCII one space). Several rows
 * may match one paste: a program's words wrap a TLS library's (curl around OpenSSL, nginx
 * around OpenSSL, Python's "[SSL: ...] (_ssl.c:NNN)"); the library's words come first,
 * the program's say who printed them. OpenSSL's packed error codes are decoded from the
 * number itself, so that an alert no row names still explains.
 *
 * It reads no capture and decides nothing about one: the classes it names are those of
 * SPEC.md, as the rule table would give them to the capture it asks for.
 */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "classes.h"
#include "json.h"
#include "tls_names.h"

/* ---- the stacks, and how each writes a key log ------------------------------------- */

enum ex_stack {
	ST_OPENSSL,
	ST_BORINGSSL,
	ST_GNUTLS,
	ST_NSS,
	ST_JAVA,
	ST_GO,
	ST_SCHANNEL,
	ST_PYTHON,
	ST_CURL,
	ST_NGINX,
	ST_HAPROXY,
	ST_APACHE,
	ST_SYSTEM,
	ST__COUNT
};

struct ex_stack_info {
	const char *name;
	/* How a program of this stack writes an SSLKEYLOGFILE, or NULL when it has no way
	 * built in. */
	const char *keylog;
};

static const struct ex_stack_info stacks[ST__COUNT] = {
	/* s_client -keylogfile (openssl-s_client(1), OpenSSL 1.1.1 and later); programs
	 * linking libssl only through SSL_CTX_set_keylog_callback(3). */
	[ST_OPENSSL] = { "OpenSSL", "openssl s_client -keylogfile keys.log ...; a program linking OpenSSL only "
				   "if it calls SSL_CTX_set_keylog_callback (curl and Python do: see those)" },
	/* Chrome and Chromium read SSLKEYLOGFILE at start (net/ssl, also --ssl-key-log-file). */
	[ST_BORINGSSL] = { "BoringSSL/Chrome", "SSLKEYLOGFILE=/tmp/keys.log chromium (or --ssl-key-log-file=/tmp/keys.log)" },
	/* GnuTLS 3.4.2 and later read SSLKEYLOGFILE (gnutls manual, "Debugging and auditing"). */
	[ST_GNUTLS] = { "GnuTLS", "SSLKEYLOGFILE=/tmp/keys.log gnutls-cli ... (any GnuTLS program)" },
	/* NSS reads SSLKEYLOGFILE (lib/ssl/sslsock.c, ssl_keylog). */
	[ST_NSS] = { "NSS/Firefox", "SSLKEYLOGFILE=/tmp/keys.log firefox (any NSS program)" },
	/* JSSE has no key log: its debug output (-Djavax.net.debug) prints no NSS key log. */
	[ST_JAVA] = { "Java (JSSE)", NULL },
	/* crypto/tls Config.KeyLogWriter (Go 1.8 and later). */
	[ST_GO] = { "Go crypto/tls", "set tls.Config{KeyLogWriter: f} in the program (f an opened file)" },
	/* SChannel has no key log. */
	[ST_SCHANNEL] = { "SChannel/.NET", NULL },
	/* ssl.SSLContext.keylog_filename (Python 3.8); ssl.create_default_context() also
	 * reads SSLKEYLOGFILE. */
	[ST_PYTHON] = { "Python ssl",
			"SSLKEYLOGFILE=/tmp/keys.log python3 ... (create_default_context), or "
			"ctx.keylog_filename = '/tmp/keys.log' (Python 3.8 and later)" },
	/* curl with OpenSSL, GnuTLS, NSS or wolfSSL reads SSLKEYLOGFILE (curl(1), ENVIRONMENT). */
	[ST_CURL] = { "curl", "SSLKEYLOGFILE=/tmp/keys.log curl ..." },
	/* nginx has no key log directive. */
	[ST_NGINX] = { "nginx", NULL },
	/* HAProxy 2.2 and later: tune.ssl.keylog on, logged with the ssl_*_traffic_secret
	 * fetches (configuration manual). */
	[ST_HAPROXY] = { "HAProxy", "tune.ssl.keylog on in global, and log the ssl_fc_*_secret fetches" },
	/* mod_ssl 2.4.49 and later: SSLKEYLOGFILE in httpd's environment (mod_ssl docs). */
	[ST_APACHE] = { "Apache httpd", "SSLKEYLOGFILE=/tmp/keys.log in httpd's environment (2.4.49 and later)" },
	[ST_SYSTEM] = { "the operating system", NULL },
};

/* ---- the message table ------------------------------------------------------------- */

/* Who printed the message. */
enum ex_reporter { R_EITHER, R_CLIENT, R_SERVER };

/* Who sent the alert the message stands for. */
enum ex_sender {
	S_NONE,   /* no alert: a close, a reset, a local check */
	S_PEER,   /* the message reports an alert it received */
	S_SELF,   /* the side that printed it sent the alert */
};

/* The alert: a code, or where to read it from the text. */
#define A_NONE (-1)
#define A_WORDS (-2)  /* an alert's name follows the pattern ("... alert handshake failure") */
#define A_NUMBER (-3) /* its number follows ("SSL alert number 48", "Received alert [40]") */

/* The words of a TLS library (most specific), or those of a program around them. */
enum ex_layer { L_TLS, L_PROGRAM };

/* Where the capture that decides is taken. */
enum ex_where {
	W_REPORTER, /* where the message was printed: either end sees the hellos and the alert */
	W_BOTH,     /* both ends: a close or reset that either end or a middlebox may have made */
};

struct ex_row {
	const char *id;
	enum ex_stack stack;
	/* What the text must hold: any one pattern, '*' standing for any run of text. */
	const char *pat[4];
	/* And must not: a longer text another row explains better. */
	const char *unless;
	int alert;
	enum ex_reporter reporter;
	enum ex_sender sender;
	/* Ranked classes (comma-separated SPEC.md names), when the client printed the text and
	 * when the server did; NULL: those of the alert (alert_readings[]). */
	const char *by_client;
	const char *by_server;
	enum ex_layer layer;
	enum ex_where where;
	/* The program ends the connection without a TLS alert (an HTTP error after the
	 * handshake): the alert a wrapped library text names is not sent. */
	bool no_alert;
	/* The OpenSSL reason code (include/openssl/sslerr.h) this text is, for the packed
	 * codes; 0: none. */
	unsigned reason;
	const char *note;
};

/* OpenSSL's SSL_AD_REASON_OFFSET: SSL reasons 1000 + N are "alert N received". */
#define OPENSSL_ALERT_REASON 1000u

#define SERVER_FIRST "no_shared_cipher,version_mismatch"
#define CERT_BY_CLIENT "server_cert_rejected"
#define CERT_BY_SERVER "client_cert_rejected"
#define CLOSED_BY_CLIENT "server_reset,middlebox_reset"
#define CLOSED_BY_SERVER "unknown_failure,middlebox_reset"

static const struct ex_row rows[] = {
	/* ---- OpenSSL 1.x and 3.x (ssl/ssl_err.c strings; reasons from sslerr.h) ---- */
	/* ssl3_read_bytes: an alert received is reported as reason 1000 + its code, whose
	 * string is "sslv3 alert NAME", "tlsv1 alert NAME", "tlsv13 alert NAME" or (for a few)
	 * "tlsv1 NAME" (ssl/ssl_err.c). BoringSSL keeps the names upper-case
	 * (SSLV3_ALERT_BAD_CERTIFICATE), as does Python's "[SSL: ...]". */
	{ .id = "openssl.alert_received", .stack = ST_OPENSSL,
	  .pat = { "sslv3 alert ", "tlsv1 alert ", "tlsv13 alert ", "tlsv1 " },
	  .alert = A_WORDS, .sender = S_PEER, .reason = OPENSSL_ALERT_REASON,
	  .note = "OpenSSL reports the alert its peer sent: the fault is usually on the OTHER side, which "
		  "logged why it sent it" },
	/* ERR_add_error_data(2, "SSL alert number ", n) in ssl3_read_bytes (ssl/record/rec_layer_s3.c). */
	{ .id = "openssl.alert_number", .stack = ST_OPENSSL, .pat = { "ssl alert number " },
	  .alert = A_NUMBER, .sender = S_PEER,
	  .note = "the alert number OpenSSL received, added to its error line" },
	/* ssl3_get_record: a first record whose version byte is not 3 ends without an alert
	 * ("Doesn't look like TLS - don't send an alert", ssl/record/ssl3_record.c). */
	{ .id = "openssl.wrong_version_number", .stack = ST_OPENSSL, .pat = { "wrong version number" },
	  .alert = A_NONE, .by_client = "not_tls,version_mismatch", .by_server = "not_tls,version_mismatch",
	  .reason = 267,
	  .note = "the peer's first bytes are not a TLS record: plain HTTP (or SMTP, a proxy's page) on a TLS "
		  "port, or a TLS port spoken to in plain text; with TLS on both ends, an SSL 3.0-only peer" },
	/* ssl3_get_record: "GET ", "POST ", "HEAD ", "PUT " as the first bytes. */
	{ .id = "openssl.http_request", .stack = ST_OPENSSL, .pat = { "http request" },
	  .unless = "https proxy request", .reporter = R_SERVER, .by_server = "not_tls", .alert = A_NONE, .reason = 156,
	  .note = "a client sent a plain HTTP request to this TLS port (http:// instead of https://)" },
	{ .id = "openssl.https_proxy_request", .stack = ST_OPENSSL, .pat = { "https proxy request" },
	  .reporter = R_SERVER, .by_server = "not_tls", .alert = A_NONE, .reason = 155,
	  .note = "a client sent an HTTP CONNECT to this TLS port: it took the server for a proxy" },
	/* tls_process_server_certificate / tls_process_client_certificate: the verify result;
	 * the alert follows the verify error (ssl_x509err2alert, ssl/statem/statem_lib.c). */
	{ .id = "openssl.certificate_verify_failed", .stack = ST_OPENSSL, .pat = { "certificate verify failed" },
	  .alert = A_NONE, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER, .reason = 134,
	  .note = "this side did not accept the peer's certificate; it sent the alert that names the verify "
		  "error (48 unknown issuer, 45 expired, 42 not yet valid or name mismatch)" },
	/* X509_verify_cert_error_string (crypto/x509/x509_txt.c; 3.x writes "self-signed"),
	 * quoted by Python, curl, nginx, s_client; the alert from ssl_x509err2alert. */
	{ .id = "openssl.verify.unable_to_get_local_issuer", .stack = ST_OPENSSL,
	  .pat = { "unable to get local issuer certificate", "unable to get issuer certificate",
		   "unable to verify the first certificate" },
	  .alert = 48, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "the chain does not lead to a CA this side trusts: an intermediate missing from the peer's "
		  "chain, or a private CA not in this side's trust store" },
	{ .id = "openssl.verify.self_signed_in_chain", .stack = ST_OPENSSL,
	  .pat = { "self signed certificate in certificate chain", "self-signed certificate in certificate chain" },
	  .alert = 48, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "the chain ends in a root this side does not trust (often a TLS-inspecting proxy's CA)" },
	{ .id = "openssl.verify.self_signed", .stack = ST_OPENSSL,
	  .pat = { "self signed certificate", "self-signed certificate" }, .unless = "in certificate chain",
	  .alert = 48, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "the peer's certificate is self-signed and not in this side's trust store" },
	{ .id = "openssl.verify.expired", .stack = ST_OPENSSL, .pat = { "certificate has expired" },
	  .alert = 45, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "a certificate of the peer's chain is past its notAfter (or this host's clock is wrong)" },
	{ .id = "openssl.verify.not_yet_valid", .stack = ST_OPENSSL, .pat = { "certificate is not yet valid" },
	  .alert = 42, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "a certificate's notBefore is in the future: a clock is wrong on one of the hosts" },
	{ .id = "openssl.verify.hostname_mismatch", .stack = ST_OPENSSL,
	  .pat = { "hostname mismatch", "ip address mismatch" }, .reporter = R_CLIENT,
	  .alert = 42, .sender = S_SELF, .by_client = CERT_BY_CLIENT,
	  .note = "the server's certificate does not name the host the client asked for (SAN list)" },
	{ .id = "openssl.verify.revoked", .stack = ST_OPENSSL, .pat = { "certificate revoked" },
	  .unless = "alert certificate revoked",
	  .alert = 44, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "the peer's certificate is on a CRL this side checked" },
	/* tls_choose_sigalg / tls_post_process_client_hello: no suite in common. */
	{ .id = "openssl.no_shared_cipher", .stack = ST_OPENSSL, .pat = { "no shared cipher" },
	  .reporter = R_SERVER, .alert = 40, .sender = S_SELF, .by_server = "no_shared_cipher", .reason = 193,
	  .note = "the server found no cipher suite of the ClientHello that it allows (or none its certificate's "
		  "key can serve: an ECDSA-only client against an RSA certificate)" },
	{ .id = "openssl.no_suitable_key_share", .stack = ST_OPENSSL,
	  .pat = { "no suitable key share", "no shared groups" }, .reporter = R_SERVER,
	  .alert = 40, .sender = S_SELF, .by_server = "no_shared_cipher", .reason = 101,
	  .note = "TLS 1.3: no named group in common (a client offering only post-quantum or only X25519)" },
	{ .id = "openssl.no_suitable_signature_algorithm", .stack = ST_OPENSSL,
	  .pat = { "no suitable signature algorithm" }, .alert = 40, .sender = S_SELF,
	  .by_client = "no_shared_cipher", .by_server = "no_shared_cipher", .reason = 118,
	  .note = "no signature algorithm in common for this certificate's key" },
	{ .id = "openssl.legacy_sigalg", .stack = ST_OPENSSL, .pat = { "legacy sigalg disallowed or unsupported" },
	  .alert = A_NONE, .sender = S_SELF, .by_client = "no_shared_cipher,server_cert_rejected",
	  .by_server = "no_shared_cipher,client_cert_rejected", .reason = 333,
	  .note = "the peer signed with SHA-1 or MD5, which OpenSSL 3's security level 1 refuses" },
	/* tls_process_ske_dhe: SSL_R_DH_KEY_TOO_SMALL with handshake_failure. */
	{ .id = "openssl.dh_key_too_small", .stack = ST_OPENSSL, .pat = { "dh key too small" },
	  .reporter = R_CLIENT, .alert = 40, .sender = S_SELF, .by_client = "no_shared_cipher", .reason = 394,
	  .note = "the server's DHE group is under 2048 bits (1024-bit DH): the client refuses it" },
	{ .id = "openssl.unsupported_protocol", .stack = ST_OPENSSL, .pat = { "unsupported protocol" },
	  .alert = 70, .sender = S_SELF, .by_client = "version_mismatch", .by_server = "version_mismatch", .reason = 258,
	  .note = "no version in common: this side's minimum is above what the peer speaks (TLS 1.0/1.1 "
		  "peers against OpenSSL 3's defaults)" },
	{ .id = "openssl.version_too_low", .stack = ST_OPENSSL, .pat = { "version too low" },
	  .alert = 70, .sender = S_SELF, .by_client = "version_mismatch", .by_server = "version_mismatch", .reason = 396,
	  .note = "the peer chose a version under this side's MinProtocol" },
	{ .id = "openssl.no_protocols_available", .stack = ST_OPENSSL, .pat = { "no protocols available" },
	  .alert = A_NONE, .by_client = "version_mismatch", .by_server = "version_mismatch", .reason = 191,
	  .note = "this side's own configuration enables no version (MinProtocol above MaxProtocol): it sent "
		  "nothing" },
	{ .id = "openssl.no_ciphers_available", .stack = ST_OPENSSL, .pat = { "no ciphers available" },
	  .alert = A_NONE, .by_client = "no_shared_cipher", .by_server = "no_shared_cipher", .reason = 181,
	  .note = "this side's own cipher list is empty for the versions enabled: it sent nothing" },
	/* ssl3_read_n: the transport ended without close_notify (OpenSSL 3.0's new reason). */
	{ .id = "openssl.unexpected_eof", .stack = ST_OPENSSL, .pat = { "unexpected eof while reading" },
	  .alert = A_NONE, .by_client = CLOSED_BY_CLIENT, .by_server = "unknown_failure,server_cert_rejected,middlebox_reset",
	  .where = W_BOTH, .reason = 294,
	  .note = "the peer (or something on the path) closed the TCP connection without a TLS alert" },
	{ .id = "openssl.packet_length_too_long", .stack = ST_OPENSSL, .pat = { "packet length too long" },
	  .alert = 22, .sender = S_SELF, .by_client = "not_tls,protocol_error", .by_server = "not_tls,protocol_error",
	  .reason = 198,
	  .note = "bytes read as a record header give an impossible length: the peer is not speaking TLS" },
	{ .id = "openssl.peer_did_not_return_a_certificate", .stack = ST_OPENSSL,
	  .pat = { "peer did not return a certificate" }, .reporter = R_SERVER, .alert = 116, .sender = S_SELF,
	  .by_server = "client_cert_missing", .reason = 199,
	  .note = "the server requires a client certificate and the client sent none (alert 116 in TLS 1.3, "
		  "40 in TLS 1.2)" },
	{ .id = "openssl.bad_record_mac", .stack = ST_OPENSSL, .pat = { "decryption failed or bad record mac" },
	  .alert = 20, .sender = S_SELF, .by_client = "protocol_error", .by_server = "protocol_error", .reason = 281,
	  .note = "a record failed its integrity check: corruption on the path, or a broken TLS offload" },
	{ .id = "openssl.unexpected_message", .stack = ST_OPENSSL, .pat = { "unexpected message", "unexpected record" },
	  .unless = "alert unexpected message", .alert = 10, .sender = S_SELF,
	  .by_client = "protocol_error", .by_server = "protocol_error", .reason = 244,
	  .note = "the peer sent a message out of the handshake's order" },
	{ .id = "openssl.unsafe_legacy_renegotiation", .stack = ST_OPENSSL,
	  .pat = { "unsafe legacy renegotiation disabled" }, .reporter = R_CLIENT, .alert = 40, .sender = S_SELF,
	  .by_client = "unknown_failure,no_shared_cipher", .reason = 338,
	  .note = "the server lacks RFC 5746 secure renegotiation, which OpenSSL 3 clients require "
		  "(Options = UnsafeLegacyServerConnect allows it)" },
	{ .id = "openssl.inappropriate_fallback", .stack = ST_OPENSSL, .pat = { "inappropriate fallback" },
	  .unless = "alert inappropriate fallback", .reporter = R_SERVER, .alert = 86, .sender = S_SELF,
	  .by_server = "version_mismatch", .reason = 373,
	  .note = "a client retried with a lower version and TLS_FALLBACK_SCSV: something broke its first try" },
	{ .id = "openssl.no_application_protocol", .stack = ST_OPENSSL, .pat = { "no application protocol" },
	  .unless = "alert no application protocol", .reporter = R_SERVER, .alert = 120, .sender = S_SELF,
	  .by_server = "alpn_mismatch", .reason = 235,
	  .note = "no ALPN protocol of the client's list is served here (h2 only against http/1.1, ...)" },
	{ .id = "openssl.ssl_error_syscall", .stack = ST_OPENSSL, .pat = { "ssl error syscall" },
	  .alert = A_NONE, .by_client = "server_reset,middlebox_reset,no_server_response",
	  .by_server = CLOSED_BY_SERVER, .where = W_BOTH,
	  .note = "SSL_ERROR_SYSCALL: the TCP connection failed under TLS (reset, or closed without an alert)" },

	/* ---- BoringSSL and Chrome (net/base/net_error_list.h) ---- */
	{ .id = "chrome.version_or_cipher_mismatch", .stack = ST_BORINGSSL, .pat = { "err ssl version or cipher mismatch" },
	  .reporter = R_CLIENT, .alert = A_NONE, .by_client = SERVER_FIRST,
	  .note = "the server refused the hello (alert 40 or 70) or closed: no version or suite in common" },
	{ .id = "chrome.cert_authority_invalid", .stack = ST_BORINGSSL, .pat = { "err cert authority invalid" },
	  .reporter = R_CLIENT, .alert = A_NONE, .by_client = CERT_BY_CLIENT,
	  .note = "Chrome does not trust the issuer (private CA, missing intermediate, inspecting proxy)" },
	{ .id = "chrome.cert_common_name_invalid", .stack = ST_BORINGSSL, .pat = { "err cert common name invalid" },
	  .reporter = R_CLIENT, .alert = A_NONE, .by_client = CERT_BY_CLIENT,
	  .note = "the certificate's SAN list does not hold the host name asked for" },
	{ .id = "chrome.cert_date_invalid", .stack = ST_BORINGSSL, .pat = { "err cert date invalid" },
	  .reporter = R_CLIENT, .alert = A_NONE, .by_client = CERT_BY_CLIENT,
	  .note = "the certificate is expired or not yet valid (or the client's clock is wrong)" },
	{ .id = "chrome.ssl_protocol_error", .stack = ST_BORINGSSL, .pat = { "err ssl protocol error" },
	  .reporter = R_CLIENT, .alert = A_NONE, .by_client = "protocol_error,not_tls,server_reset",
	  .note = "Chrome's catch-all: a malformed or unexpected answer, often plain HTTP on 443" },
	{ .id = "chrome.connection_reset", .stack = ST_BORINGSSL, .pat = { "err connection reset" },
	  .reporter = R_CLIENT, .alert = A_NONE, .by_client = "middlebox_reset,server_reset", .where = W_BOTH,
	  .note = "a TCP reset ended the connection: a firewall filtering on SNI, or the server" },
	{ .id = "chrome.connection_closed", .stack = ST_BORINGSSL, .pat = { "err connection closed", "err empty response" },
	  .reporter = R_CLIENT, .alert = A_NONE, .by_client = "server_reset,middlebox_reset", .where = W_BOTH,
	  .note = "the connection was closed without an answer" },
	{ .id = "chrome.timed_out", .stack = ST_BORINGSSL, .pat = { "err timed out", "err connection timed out" },
	  .reporter = R_CLIENT, .alert = A_NONE, .by_client = "no_server_response", .where = W_BOTH,
	  .note = "no answer in time: a path that drops large ClientHellos, or a server that never answers" },
	{ .id = "chrome.bad_ssl_client_auth_cert", .stack = ST_BORINGSSL, .pat = { "err bad ssl client auth cert" },
	  .reporter = R_CLIENT, .alert = A_NONE, .sender = S_PEER, .by_client = "client_cert_rejected,client_cert_missing",
	  .note = "the server refused the client certificate Chrome sent (an alert 42-49 from the server)" },
	{ .id = "chrome.ssl_client_auth_cert_needed", .stack = ST_BORINGSSL, .pat = { "err ssl client auth cert needed" },
	  .reporter = R_CLIENT, .alert = A_NONE, .by_client = "client_cert_missing",
	  .note = "the server asked for a client certificate and none was chosen" },
	{ .id = "chrome.bad_record_mac_alert", .stack = ST_BORINGSSL, .pat = { "err ssl bad record mac alert" },
	  .reporter = R_CLIENT, .alert = 20, .sender = S_PEER, .by_client = "protocol_error",
	  .note = "the server could not authenticate a record from the client: a broken middlebox or offload" },
	{ .id = "chrome.unrecognized_name_alert", .stack = ST_BORINGSSL, .pat = { "err ssl unrecognized name alert" },
	  .reporter = R_CLIENT, .alert = 112, .sender = S_PEER, .by_client = "unknown_sni",
	  .note = "the server does not serve the name in the SNI" },
	{ .id = "chrome.obsolete_version", .stack = ST_BORINGSSL, .pat = { "err ssl obsolete version" },
	  .reporter = R_CLIENT, .alert = A_NONE, .by_client = "version_mismatch",
	  .note = "the server picked TLS 1.0 or 1.1, which Chrome no longer accepts" },
	/* BoringSSL's own reason names where they differ from OpenSSL's (ssl/ssl_*.cc). */
	{ .id = "boringssl.no_common_signature_algorithms", .stack = ST_BORINGSSL,
	  .pat = { "no common signature algorithms" }, .alert = 40, .sender = S_SELF,
	  .by_client = "no_shared_cipher", .by_server = "no_shared_cipher",
	  .note = "no signature algorithm in common for the certificate's key" },

	/* ---- GnuTLS (lib/errors.c; gnutls-cli's "*** Received alert [%d]: %s") ---- */
	{ .id = "gnutls.received_alert", .stack = ST_GNUTLS, .pat = { "received alert [" }, .alert = A_NUMBER,
	  .sender = S_PEER, .note = "gnutls-cli prints the alert its peer sent" },
	/* The command-line tools' own words around the library's: gnutls-cli (the client)
	 * "*** Fatal error: ...", gnutls-serv (the server) "Error in handshake: ...". */
	{ .id = "gnutls.cli", .stack = ST_GNUTLS, .pat = { "*** fatal error: ", "*** handshake has failed" },
	  .reporter = R_CLIENT, .layer = L_PROGRAM, .alert = A_NONE,
	  .note = "gnutls-cli, the client, printed the GnuTLS error explained above" },
	{ .id = "gnutls.serv", .stack = ST_GNUTLS, .pat = { "error in handshake: " }, .reporter = R_SERVER,
	  .layer = L_PROGRAM, .alert = A_NONE, .note = "gnutls-serv, the server, printed the GnuTLS error explained above" },
	{ .id = "gnutls.fatal_alert_received", .stack = ST_GNUTLS, .pat = { "a tls fatal alert has been received" },
	  .alert = A_NONE, .sender = S_PEER, .by_client = SERVER_FIRST ",client_cert_missing",
	  .by_server = "server_cert_rejected,protocol_error",
	  .note = "GNUTLS_E_FATAL_ALERT_RECEIVED: the peer sent an alert; which one is in \"Received alert [N]\" "
		  "or gnutls_alert_get()" },
	{ .id = "gnutls.warning_alert_received", .stack = ST_GNUTLS, .pat = { "a tls warning alert has been received" },
	  .alert = A_NONE, .sender = S_PEER, .by_client = "unknown_sni,unknown_failure",
	  .by_server = "unknown_failure",
	  .note = "a warning-level alert (unrecognized_name from some servers) that the program treated as fatal" },
	{ .id = "gnutls.no_cipher_suites", .stack = ST_GNUTLS,
	  .pat = { "no supported cipher suites have been found", "could not negotiate a supported cipher suite" },
	  .alert = 40, .sender = S_SELF, .by_client = "no_shared_cipher,protocol_error",
	  .by_server = "no_shared_cipher,version_mismatch",
	  .note = "GNUTLS_E_NO_CIPHER_SUITES / GNUTLS_E_UNKNOWN_CIPHER_SUITE: no suite in common for the priority "
		  "string; a GnuTLS server says the same to a TLS 1.3-only hello when it allows TLS 1.2 only" },
	{ .id = "gnutls.insufficient_security", .stack = ST_GNUTLS,
	  .pat = { "one of the involved algorithms has insufficient security level" }, .alert = 71, .sender = S_SELF,
	  .by_client = "no_shared_cipher,server_cert_rejected", .by_server = "no_shared_cipher",
	  .note = "a key, group or signature below the priority string's security level" },
	{ .id = "gnutls.unsupported_version", .stack = ST_GNUTLS,
	  .pat = { "a packet with illegal or unsupported version was received" }, .alert = 70, .sender = S_SELF,
	  .by_client = "version_mismatch,not_tls", .by_server = "version_mismatch,not_tls",
	  .note = "GNUTLS_E_UNSUPPORTED_VERSION_PACKET: no version in common, or not TLS at all" },
	{ .id = "gnutls.cert_not_trusted", .stack = ST_GNUTLS,
	  .pat = { "the certificate is not trusted", "error in the certificate verification", "error in the certificate." },
	  .alert = A_NONE, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "the peer's certificate failed verification; the status line says why (issuer unknown, "
		  "expired, name)" },
	{ .id = "gnutls.cert_issuer_unknown", .stack = ST_GNUTLS,
	  .pat = { "the certificate issuer is unknown", "the certificate issuer is not a ca" },
	  .alert = A_NONE, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "the chain does not lead to a trusted CA" },
	{ .id = "gnutls.cert_expired", .stack = ST_GNUTLS,
	  .pat = { "the certificate chain uses expired certificate", "the certificate chain uses not yet valid" },
	  .alert = A_NONE, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "a certificate of the chain is outside its validity period" },
	{ .id = "gnutls.cert_name_mismatch", .stack = ST_GNUTLS,
	  .pat = { "the name in the certificate does not match the expected" }, .reporter = R_CLIENT,
	  .alert = A_NONE, .sender = S_SELF, .by_client = CERT_BY_CLIENT,
	  .note = "the server's certificate does not name the host asked for" },
	{ .id = "gnutls.no_certificate_found", .stack = ST_GNUTLS,
	  .pat = { "no certificate was found", "the peer did not send any certificate" }, .alert = A_NONE,
	  .by_client = "server_cert_rejected", .by_server = "client_cert_missing",
	  .note = "GNUTLS_E_NO_CERTIFICATE_FOUND: the peer sent no certificate where one was required" },
	/* GNUTLS_E_CERTIFICATE_REQUIRED: a TLS 1.3 server answers certificate_required. */
	{ .id = "gnutls.certificate_required", .stack = ST_GNUTLS, .pat = { "certificate is required." },
	  .reporter = R_SERVER, .alert = 116, .sender = S_SELF, .by_server = "client_cert_missing",
	  .note = "the server requires a client certificate and the client sent none" },
	/* GNUTLS_E_DECRYPTION_FAILED. A TLS 1.3 server reading a record it cannot decrypt
	 * right after its own flight: often an OpenSSL client's alert refusing the server's
	 * certificate, which OpenSSL sends in plain text before it has handshake keys. */
	{ .id = "gnutls.decryption_failed", .stack = ST_GNUTLS, .pat = { "decryption has failed" },
	  .alert = A_NONE, .by_client = "protocol_error", .by_server = "protocol_error,server_cert_rejected",
	  .note = "a record failed to decrypt; in a TLS 1.3 server right after its certificate, the client's plain-text "
		  "alert refusing it (OpenSSL clients send it so)" },
	{ .id = "gnutls.unexpected_packet", .stack = ST_GNUTLS,
	  .pat = { "an unexpected tls packet was received", "an unexpected tls handshake packet was received" },
	  .alert = A_NONE, .by_client = "protocol_error,not_tls", .by_server = "protocol_error,not_tls",
	  .note = "a record or message out of order, or not TLS at all (plain HTTP either way)" },
	{ .id = "gnutls.premature_termination", .stack = ST_GNUTLS,
	  .pat = { "the tls connection was non-properly terminated" }, .alert = A_NONE,
	  .by_client = CLOSED_BY_CLIENT, .by_server = CLOSED_BY_SERVER, .where = W_BOTH,
	  .note = "GNUTLS_E_PREMATURE_TERMINATION: the TCP connection ended without a TLS alert" },
	{ .id = "gnutls.pull_error", .stack = ST_GNUTLS, .pat = { "error in the pull function", "error in the push function" },
	  .alert = A_NONE, .by_client = "middlebox_reset,server_reset", .by_server = CLOSED_BY_SERVER, .where = W_BOTH,
	  .note = "the socket failed under TLS: almost always a TCP reset" },
	{ .id = "gnutls.no_application_protocol", .stack = ST_GNUTLS,
	  .pat = { "no common application protocol could be negotiated" }, .alert = 120, .sender = S_SELF,
	  .by_client = "alpn_mismatch", .by_server = "alpn_mismatch", .note = "no ALPN protocol in common" },
	{ .id = "gnutls.unrecognized_name", .stack = ST_GNUTLS, .pat = { "the server name sent was not recognized" },
	  .reporter = R_SERVER, .alert = 112, .sender = S_SELF, .by_server = "unknown_sni",
	  .note = "the SNI names no host this server serves" },

	/* ---- NSS (lib/ssl/SSLerrs.h, lib/util/SECerrs.h, mozpkix's pkixnss.h) ---- */
	/* The *_ALERT errors are alerts received from the peer (ssl3con.c, ssl3_HandleAlert). */
	{ .id = "nss.handshake_failure_alert", .stack = ST_NSS, .pat = { "ssl error handshake failure alert" },
	  .alert = 40, .sender = S_PEER, .note = "the peer sent handshake_failure" },
	{ .id = "nss.bad_cert_alert", .stack = ST_NSS, .pat = { "ssl error bad cert alert" },
	  .alert = 42, .sender = S_PEER, .note = "the peer sent bad_certificate" },
	{ .id = "nss.unsupported_cert_alert", .stack = ST_NSS, .pat = { "ssl error unsupported cert alert" },
	  .alert = 43, .sender = S_PEER, .note = "the peer sent unsupported_certificate" },
	{ .id = "nss.revoked_cert_alert", .stack = ST_NSS, .pat = { "ssl error revoked cert alert" },
	  .alert = 44, .sender = S_PEER, .note = "the peer sent certificate_revoked" },
	{ .id = "nss.expired_cert_alert", .stack = ST_NSS, .pat = { "ssl error expired cert alert" },
	  .alert = 45, .sender = S_PEER, .note = "the peer sent certificate_expired" },
	{ .id = "nss.certificate_unknown_alert", .stack = ST_NSS, .pat = { "ssl error certificate unknown alert" },
	  .alert = 46, .sender = S_PEER, .note = "the peer sent certificate_unknown" },
	{ .id = "nss.illegal_parameter_alert", .stack = ST_NSS, .pat = { "ssl error illegal parameter alert" },
	  .alert = 47, .sender = S_PEER, .note = "the peer sent illegal_parameter" },
	{ .id = "nss.unknown_ca_alert", .stack = ST_NSS, .pat = { "ssl error unknown ca alert" },
	  .alert = 48, .sender = S_PEER, .note = "the peer sent unknown_ca" },
	{ .id = "nss.access_denied_alert", .stack = ST_NSS, .pat = { "ssl error access denied alert" },
	  .alert = 49, .sender = S_PEER, .note = "the peer sent access_denied" },
	{ .id = "nss.decode_error_alert", .stack = ST_NSS, .pat = { "ssl error decode error alert" },
	  .alert = 50, .sender = S_PEER, .note = "the peer sent decode_error" },
	{ .id = "nss.decrypt_error_alert", .stack = ST_NSS, .pat = { "ssl error decrypt error alert" },
	  .alert = 51, .sender = S_PEER, .note = "the peer sent decrypt_error" },
	{ .id = "nss.protocol_version_alert", .stack = ST_NSS, .pat = { "ssl error protocol version alert" },
	  .alert = 70, .sender = S_PEER, .note = "the peer sent protocol_version" },
	{ .id = "nss.insufficient_security_alert", .stack = ST_NSS, .pat = { "ssl error insufficient security alert" },
	  .alert = 71, .sender = S_PEER, .note = "the peer sent insufficient_security" },
	{ .id = "nss.internal_error_alert", .stack = ST_NSS, .pat = { "ssl error internal error alert" },
	  .alert = 80, .sender = S_PEER, .note = "the peer sent internal_error" },
	{ .id = "nss.inappropriate_fallback_alert", .stack = ST_NSS, .pat = { "ssl error inappropriate fallback alert" },
	  .alert = 86, .sender = S_PEER, .note = "the peer sent inappropriate_fallback" },
	{ .id = "nss.unrecognized_name_alert", .stack = ST_NSS, .pat = { "ssl error unrecognized name alert" },
	  .alert = 112, .sender = S_PEER, .note = "the peer sent unrecognized_name" },
	{ .id = "nss.certificate_required_alert", .stack = ST_NSS, .pat = { "ssl error rx certificate required alert" },
	  .alert = 116, .sender = S_PEER, .note = "the peer sent certificate_required" },
	{ .id = "nss.bad_mac_alert", .stack = ST_NSS, .pat = { "ssl error bad mac alert" },
	  .alert = 20, .sender = S_PEER, .note = "the peer sent bad_record_mac" },
	{ .id = "nss.next_protocol_no_protocol", .stack = ST_NSS,
	  .pat = { "ssl error next protocol no protocol", "ssl error no application protocol alert" },
	  .alert = 120, .sender = S_PEER, .by_client = "alpn_mismatch", .by_server = "alpn_mismatch",
	  .note = "no ALPN protocol in common" },
	{ .id = "nss.no_cypher_overlap", .stack = ST_NSS, .pat = { "ssl error no cypher overlap" },
	  .alert = A_NONE, .by_client = SERVER_FIRST, .by_server = "no_shared_cipher",
	  .note = "no cipher suite in common (a server offering only suites NSS no longer enables)" },
	{ .id = "nss.unsupported_version", .stack = ST_NSS, .pat = { "ssl error unsupported version" },
	  .alert = 70, .sender = S_SELF, .by_client = "version_mismatch", .by_server = "version_mismatch",
	  .note = "the peer's version is outside the range this side allows" },
	{ .id = "nss.rx_record_too_long", .stack = ST_NSS, .pat = { "ssl error rx record too long" },
	  .alert = A_NONE, .by_client = "not_tls,protocol_error", .by_server = "not_tls,protocol_error",
	  .note = "the bytes read as a record are not TLS: plain HTTP answered on a TLS port" },
	{ .id = "nss.unknown_issuer", .stack = ST_NSS,
	  .pat = { "sec error unknown issuer", "sec error untrusted issuer", "mozilla pkix error self signed cert" },
	  .alert = A_NONE, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "the issuer is not trusted: a private CA, a missing intermediate, a self-signed certificate" },
	{ .id = "nss.expired_certificate", .stack = ST_NSS,
	  .pat = { "sec error expired certificate", "sec error expired issuer certificate" },
	  .alert = A_NONE, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "a certificate of the chain has expired (or the clock is wrong)" },
	{ .id = "nss.bad_cert_domain", .stack = ST_NSS, .pat = { "ssl error bad cert domain" }, .reporter = R_CLIENT,
	  .alert = A_NONE, .sender = S_SELF, .by_client = CERT_BY_CLIENT,
	  .note = "the certificate does not name the host asked for" },
	{ .id = "nss.end_of_file", .stack = ST_NSS, .pat = { "pr end of file error" }, .alert = A_NONE,
	  .by_client = "server_reset,no_shared_cipher,middlebox_reset", .by_server = CLOSED_BY_SERVER, .where = W_BOTH,
	  .note = "the peer closed during the handshake without an alert (servers that refuse this way)" },
	{ .id = "nss.connect_reset", .stack = ST_NSS, .pat = { "pr connect reset error" }, .alert = A_NONE,
	  .by_client = "middlebox_reset,server_reset", .by_server = CLOSED_BY_SERVER, .where = W_BOTH,
	  .note = "a TCP reset during the handshake" },

	/* ---- Java JSSE (sun/security/ssl/Alert.java, X509TrustManagerImpl, SSLSocketImpl) ---- */
	/* Alert.java: "Received fatal alert: " + the alert's IANA name. */
	{ .id = "java.received_fatal_alert", .stack = ST_JAVA, .pat = { "received fatal alert: " },
	  .alert = A_WORDS, .sender = S_PEER, .note = "JSSE reports the alert its peer sent" },
	/* A CertPathBuilder failure; CertificateMessage answers certificate_unknown. */
	{ .id = "java.pkix_path_building_failed", .stack = ST_JAVA,
	  .pat = { "pkix path building failed", "unable to find valid certification path to requested target",
		   "pkix path validation failed" },
	  .unless = "validity check failed", .alert = 46, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "the chain does not lead to a CA in the JVM's truststore (cacerts or -Djavax.net.ssl.trustStore)" },
	{ .id = "java.no_subject_alternative_name", .stack = ST_JAVA,
	  .pat = { "no subject alternative dns name matching * found", "no subject alternative names matching ip address",
		   "no name matching * found", "no subject alternative names present" },
	  .reporter = R_CLIENT, .alert = 46, .sender = S_SELF, .by_client = CERT_BY_CLIENT,
	  .note = "the server's certificate does not name the host the client connected to" },
	/* JSSE 17 answers every trust manager failure with certificate_unknown, expiry too. */
	{ .id = "java.certificate_expired", .stack = ST_JAVA, .pat = { "certificateexpiredexception", "validity check failed" },
	  .alert = 46, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "a certificate of the chain is outside its validity period (JSSE sends certificate_unknown for it)" },
	{ .id = "java.no_appropriate_protocol", .stack = ST_JAVA,
	  .pat = { "no appropriate protocol (protocol is disabled or cipher suites are inappropriate)" },
	  .alert = A_NONE, .by_client = "version_mismatch,no_shared_cipher", .by_server = "version_mismatch,no_shared_cipher",
	  .note = "this JVM's own settings leave no version (jdk.tls.disabledAlgorithms disables TLSv1 and TLSv1.1) "
		  "or no suite: it sent no hello" },
	{ .id = "java.protocol_not_accepted", .stack = ST_JAVA,
	  .pat = { "the server selected protocol version * is not accepted by client preferences" },
	  .reporter = R_CLIENT, .alert = 70, .sender = S_SELF, .by_client = "version_mismatch",
	  .note = "the server chose a version the client disabled" },
	{ .id = "java.client_protocol_not_enabled", .stack = ST_JAVA,
	  .pat = { "client requested protocol * is not enabled or supported in server context" },
	  .reporter = R_SERVER, .alert = 70, .sender = S_SELF, .by_server = "version_mismatch",
	  .note = "the client offered only versions this server disabled" },
	{ .id = "java.client_versions_not_accepted", .stack = ST_JAVA,
	  .pat = { "the client supported protocol versions * are not accepted by server preferences" },
	  .reporter = R_SERVER, .alert = 70, .sender = S_SELF, .by_server = "version_mismatch",
	  .note = "the client offered only versions this server disabled (jdk.tls.server.protocols)" },
	/* SSLCipher's AEAD read: a 2-byte record where a TLS 1.3 server expects an encrypted
	 * one, the plain-text alert an OpenSSL client sends when it refuses the certificate. */
	{ .id = "java.aead_fragment_too_short", .stack = ST_JAVA,
	  .pat = { "insufficient buffer remaining for aead cipher fragment" }, .alert = A_NONE,
	  .by_client = "protocol_error", .by_server = "protocol_error,server_cert_rejected",
	  .note = "a record too short to decrypt; in a TLS 1.3 server after its certificate, the client's plain-text "
		  "alert refusing it (OpenSSL clients send it so)" },
	{ .id = "java.remote_host_terminated", .stack = ST_JAVA,
	  .pat = { "remote host terminated the handshake", "remote host closed connection during handshake" },
	  .alert = A_NONE, .by_client = "server_reset,middlebox_reset,no_shared_cipher",
	  .by_server = "unknown_failure,server_cert_rejected", .where = W_BOTH,
	  .note = "the peer closed the TCP connection during the handshake without an alert" },
	/* CertificateMessage's T13 consumer: bad_certificate, in TLS 1.3 too (JDK 17). */
	{ .id = "java.empty_client_certificate_chain", .stack = ST_JAVA, .pat = { "empty client certificate chain" },
	  .reporter = R_SERVER, .alert = 42, .sender = S_SELF, .by_server = "client_cert_missing",
	  .note = "the server requires a client certificate (needClientAuth) and the client sent none" },
	{ .id = "java.no_cipher_suites_in_common", .stack = ST_JAVA, .pat = { "no cipher suites in common" },
	  .reporter = R_SERVER, .alert = 40, .sender = S_SELF, .by_server = "no_shared_cipher",
	  .note = "no suite of the ClientHello is enabled here, or none fits the keystore's key" },
	{ .id = "java.connection_reset", .stack = ST_JAVA, .pat = { "socketexception: connection reset" },
	  .layer = L_PROGRAM, .alert = A_NONE, .by_client = "middlebox_reset,server_reset", .by_server = CLOSED_BY_SERVER,
	  .where = W_BOTH, .note = "a TCP reset during the handshake" },
	{ .id = "java.unrecognized_ssl_message", .stack = ST_JAVA,
	  .pat = { "unrecognized ssl message, plaintext connection", "unsupported or unrecognized ssl message" },
	  .alert = A_NONE, .by_client = "not_tls", .by_server = "not_tls",
	  .note = "the peer is not speaking TLS (plain HTTP on a TLS port)" },

	/* ---- Go crypto/tls (alert.go's alertText; conn.go: "remote error", "local error") ---- */
	{ .id = "go.remote_error", .stack = ST_GO, .pat = { "remote error: tls: " }, .alert = A_WORDS, .sender = S_PEER,
	  .note = "Go reports the alert its peer sent" },
	{ .id = "go.local_error", .stack = ST_GO, .pat = { "local error: tls: " }, .alert = A_WORDS, .sender = S_SELF,
	  .note = "Go reports the alert it sent" },
	/* handshake_client.go verifyServerCertificate: alertBadCertificate for any verify error
	 * (Go 1.19; later Go sends unknown_ca or certificate_expired for those errors). */
	{ .id = "go.x509_unknown_authority", .stack = ST_GO, .pat = { "x509: certificate signed by unknown authority" },
	  .alert = 42, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "the chain does not lead to a CA in the system pool or Config.RootCAs (42; Go 1.21 and later send 48)" },
	{ .id = "go.x509_name_mismatch", .stack = ST_GO,
	  .pat = { "x509: certificate is valid for * not ", "x509: certificate is not valid for any names",
		   "x509: certificate relies on legacy common name field" },
	  .reporter = R_CLIENT, .alert = 42, .sender = S_SELF, .by_client = CERT_BY_CLIENT,
	  .note = "the server's certificate does not name the host in ServerName" },
	{ .id = "go.x509_expired", .stack = ST_GO, .pat = { "x509: certificate has expired or is not yet valid" },
	  .alert = 42, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "outside its validity period (42; Go 1.21 and later send 45)" },
	{ .id = "go.first_record_not_tls", .stack = ST_GO, .pat = { "tls: first record does not look like a tls handshake" },
	  .alert = A_NONE, .by_client = "not_tls", .by_server = "not_tls",
	  .note = "the peer's first bytes are not TLS: plain HTTP to a TLS port, or a plain-text answer" },
	{ .id = "go.failed_to_verify_client_certificate", .stack = ST_GO,
	  .pat = { "tls: failed to verify client certificate" }, .reporter = R_SERVER, .alert = A_NONE,
	  .by_server = CERT_BY_SERVER, .note = "the server refused the client's certificate; the x509 words say why" },
	/* io.EOF, as tls.Dial and net/http's log print it. */
	{ .id = "go.eof", .stack = ST_GO, .pat = { "^eof$", "tls handshake error from * eof$" }, .alert = A_NONE,
	  .by_client = CLOSED_BY_CLIENT, .by_server = CLOSED_BY_SERVER, .where = W_BOTH,
	  .note = "the peer closed the TCP connection during the handshake without an alert" },
	{ .id = "go.no_cipher_suite", .stack = ST_GO, .pat = { "tls: no cipher suite supported by both client and server" },
	  .reporter = R_SERVER, .alert = 40, .sender = S_SELF, .by_server = "no_shared_cipher",
	  .note = "no suite of the ClientHello is in the server's Config.CipherSuites" },
	/* handshake_server_tls13.go: alertBadCertificate in Go 1.19 (certificate_required,
	 * 116, from Go 1.20 on in TLS 1.3). */
	{ .id = "go.client_no_certificate", .stack = ST_GO, .pat = { "tls: client didn't provide a certificate" },
	  .reporter = R_SERVER, .alert = 42, .sender = S_SELF, .by_server = "client_cert_missing",
	  .note = "ClientAuth requires a certificate and the client sent none (Go 1.19 sends 42; later Go 116 in "
		  "TLS 1.3)" },
	{ .id = "go.server_unsupported_version", .stack = ST_GO, .pat = { "tls: server selected unsupported protocol version" },
	  .reporter = R_CLIENT, .alert = 70, .sender = S_SELF, .by_client = "version_mismatch",
	  .note = "the server chose a version outside the client's MinVersion..MaxVersion" },
	{ .id = "go.client_unsupported_versions", .stack = ST_GO, .pat = { "tls: client offered only unsupported versions" },
	  .reporter = R_SERVER, .alert = 70, .sender = S_SELF, .by_server = "version_mismatch",
	  .note = "the client's versions are all outside the server's MinVersion..MaxVersion" },
	{ .id = "go.unsupported_alpn", .stack = ST_GO, .pat = { "tls: client requested unsupported application protocols" },
	  .reporter = R_SERVER, .alert = 120, .sender = S_SELF, .by_server = "alpn_mismatch",
	  .note = "none of the client's ALPN protocols is in NextProtos" },
	/* net/http's server log line around the handshake error (server.go). */
	{ .id = "go.http_tls_handshake_error", .stack = ST_GO, .pat = { "http: tls handshake error from " },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE, .by_server = NULL,
	  .note = "Go's net/http server logged a failed handshake; the words after it are crypto/tls's" },

	/* ---- SChannel and .NET (winerror.h SEC_E_*; SslStream's messages; event 36887/36888) ---- */
	{ .id = "schannel.illegal_message", .stack = ST_SCHANNEL, .pat = { "sec e illegal message", "0x80090326" },
	  .alert = A_NONE, .by_client = "protocol_error,version_mismatch,no_shared_cipher",
	  .by_server = "protocol_error,version_mismatch",
	  .note = "SEC_E_ILLEGAL_MESSAGE: \"the message received was unexpected or badly formatted\"; often the "
		  "peer's alert refusing the hello, or a protocol the other side disabled" },
	{ .id = "schannel.algorithm_mismatch", .stack = ST_SCHANNEL,
	  .pat = { "sec e algorithm mismatch", "0x80090331", "do not possess a common algorithm" },
	  .alert = A_NONE, .by_client = SERVER_FIRST, .by_server = SERVER_FIRST,
	  .note = "SEC_E_ALGORITHM_MISMATCH: no version or cipher suite in common (TLS 1.2 suites disabled by policy)" },
	{ .id = "schannel.untrusted_root", .stack = ST_SCHANNEL, .pat = { "sec e untrusted root", "0x80090325" },
	  .alert = A_NONE, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "SEC_E_UNTRUSTED_ROOT: the chain ends in a root not in the Windows store" },
	{ .id = "schannel.cert_expired", .stack = ST_SCHANNEL, .pat = { "sec e cert expired", "0x80090328" },
	  .alert = A_NONE, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "SEC_E_CERT_EXPIRED" },
	{ .id = "schannel.wrong_principal", .stack = ST_SCHANNEL, .pat = { "sec e wrong principal", "0x80090322" },
	  .reporter = R_CLIENT, .alert = A_NONE, .sender = S_SELF, .by_client = CERT_BY_CLIENT,
	  .note = "SEC_E_WRONG_PRINCIPAL: the certificate does not name the target host" },
	{ .id = "schannel.unsupported_function", .stack = ST_SCHANNEL, .pat = { "sec e unsupported function", "0x80090302" },
	  .alert = A_NONE, .by_client = "version_mismatch,no_shared_cipher", .by_server = "version_mismatch,no_shared_cipher",
	  .note = "SEC_E_UNSUPPORTED_FUNCTION: a TLS version disabled in the registry (SCHANNEL\\Protocols)" },
	{ .id = "dotnet.remote_certificate_invalid", .stack = ST_SCHANNEL,
	  .pat = { "the remote certificate is invalid according to the validation procedure",
		   "the remote certificate is invalid because of errors in the certificate chain" },
	  .reporter = R_CLIENT, .alert = A_NONE, .sender = S_SELF, .by_client = CERT_BY_CLIENT,
	  .note = "SslStream's validation refused the server's certificate (RemoteCertificateChainErrors, NameMismatch)" },
	{ .id = "dotnet.remote_party_closed", .stack = ST_SCHANNEL,
	  .pat = { "authentication failed because the remote party has closed the transport stream",
		   "authentication failed because the remote party sent a tls alert" },
	  .alert = A_NONE, .by_client = "server_reset,no_shared_cipher,version_mismatch",
	  .by_server = "unknown_failure,server_cert_rejected", .where = W_BOTH,
	  .note = "the peer closed (or alerted) during the handshake; the capture shows which" },
	/* Event 36887 (received) and 36888 (generated), System log, source Schannel. */
	{ .id = "schannel.alert_received", .stack = ST_SCHANNEL,
	  .pat = { "the tls protocol defined fatal alert code is ", "the following fatal alert was received: " },
	  .alert = A_NUMBER, .sender = S_PEER, .note = "Schannel event 36887: the peer sent this alert" },
	{ .id = "schannel.alert_generated", .stack = ST_SCHANNEL, .pat = { "the following fatal alert was generated: " },
	  .alert = A_NUMBER, .sender = S_SELF, .note = "Schannel event 36888: this host sent this alert" },

	/* ---- Python ssl (Modules/_ssl.c: "[SSL: REASON] reason (_ssl.c:LINE)") ---- */
	{ .id = "python.ssl_error", .stack = ST_PYTHON, .pat = { "(_ssl.c:", "ssl.sslerror", "sslcertverificationerror" },
	  .layer = L_PROGRAM, .alert = A_NONE,
	  .note = "Python's ssl module wraps OpenSSL: \"[SSL: REASON]\" is OpenSSL's reason, explained above" },
	/* _ssl.c: SSL_ERROR_EOF, "EOF occurred in violation of protocol". */
	{ .id = "python.eof_violation", .stack = ST_PYTHON, .pat = { "eof occurred in violation of protocol" },
	  .alert = A_NONE, .by_client = "server_reset,middlebox_reset,no_shared_cipher", .by_server = CLOSED_BY_SERVER,
	  .where = W_BOTH, .note = "the peer closed the TCP connection during the handshake without an alert" },
	{ .id = "python.zero_return", .stack = ST_PYTHON,
	  .pat = { "sslzeroreturnerror", "tls/ssl connection has been closed (eof)" }, .alert = 0, .sender = S_PEER,
	  .by_client = "server_reset,unknown_failure", .by_server = "unknown_failure",
	  .note = "the peer sent close_notify: a clean close, during the handshake a refusal without reason" },
	{ .id = "python.hostname_mismatch", .stack = ST_PYTHON, .pat = { "certificate is not valid for '" },
	  .reporter = R_CLIENT, .alert = 42, .sender = S_SELF, .by_client = CERT_BY_CLIENT,
	  .note = "the server's certificate does not name server_hostname" },

	/* ---- curl (docs/libcurl/libcurl-errors.3; lib/vtls/) ---- */
	{ .id = "curl.35_ssl_connect_error", .stack = ST_CURL, .pat = { "curl: (35)", "curle ssl connect error" },
	  .reporter = R_CLIENT, .layer = L_PROGRAM, .alert = A_NONE,
	  .by_client = "no_shared_cipher,version_mismatch,server_reset",
	  .note = "CURLE_SSL_CONNECT_ERROR: the handshake failed; the TLS library's words follow" },
	{ .id = "curl.51_60_peer_verification", .stack = ST_CURL,
	  .pat = { "curl: (60)", "curl: (51)", "curle peer failed verification", "ssl certificate problem: " },
	  .reporter = R_CLIENT, .layer = L_PROGRAM, .alert = A_NONE, .by_client = CERT_BY_CLIENT,
	  .note = "CURLE_PEER_FAILED_VERIFICATION (60; 51 before curl 7.62): the server's certificate was refused "
		  "(--cacert, or -k to look past it)" },
	/* lib/vtls/openssl.c verifyhost: checked after the handshake, closed without an alert. */
	{ .id = "curl.no_alternative_name", .stack = ST_CURL,
	  .pat = { "no alternative certificate subject name matches target host name",
		   "subject alt name does not match target host name" },
	  .reporter = R_CLIENT, .layer = L_PROGRAM, .no_alert = true, .alert = A_NONE, .by_client = CERT_BY_CLIENT,
	  .note = "curl checks the name itself after the handshake completes and closes: the capture shows a "
		  "finished handshake closed by the client" },
	{ .id = "curl.53_54_engine", .stack = ST_CURL, .pat = { "curl: (53)", "curl: (54)" }, .reporter = R_CLIENT,
	  .layer = L_PROGRAM, .alert = A_NONE, .by_client = "unknown_failure",
	  .note = "CURLE_SSL_ENGINE_NOTFOUND / SETFAILED: a local crypto engine problem; nothing was sent" },
	{ .id = "curl.58_certproblem", .stack = ST_CURL, .pat = { "curl: (58)", "unable to set client certificate",
								   "could not load pem client certificate" },
	  .reporter = R_CLIENT, .layer = L_PROGRAM, .alert = A_NONE, .by_client = "client_cert_missing",
	  .note = "CURLE_SSL_CERTPROBLEM: curl could not load its own client certificate or key" },
	{ .id = "curl.59_cipher", .stack = ST_CURL, .pat = { "curl: (59)", "failed setting cipher list" },
	  .reporter = R_CLIENT, .layer = L_PROGRAM, .alert = A_NONE, .by_client = "no_shared_cipher",
	  .note = "CURLE_SSL_CIPHER: --ciphers names nothing the TLS library knows; nothing was sent" },
	{ .id = "curl.77_cacert_badfile", .stack = ST_CURL, .pat = { "curl: (77)", "error setting certificate verify locations",
								    "error setting certificate file" },
	  .reporter = R_CLIENT, .layer = L_PROGRAM, .alert = A_NONE, .by_client = CERT_BY_CLIENT,
	  .note = "CURLE_SSL_CACERT_BADFILE: the CA file or directory could not be read" },
	{ .id = "curl.80_shutdown_failed", .stack = ST_CURL, .pat = { "curl: (80)" }, .reporter = R_CLIENT,
	  .layer = L_PROGRAM, .alert = A_NONE, .by_client = "unknown_failure",
	  .note = "CURLE_SSL_SHUTDOWN_FAILED: the TLS close failed (after a completed handshake)" },
	{ .id = "curl.83_issuer_error", .stack = ST_CURL, .pat = { "curl: (83)" }, .reporter = R_CLIENT,
	  .layer = L_PROGRAM, .alert = A_NONE, .by_client = CERT_BY_CLIENT,
	  .note = "CURLE_SSL_ISSUER_ERROR: the issuer is not the one --crlfile/--issuer named" },
	{ .id = "curl.90_pinned_pubkey", .stack = ST_CURL, .pat = { "curl: (90)" }, .reporter = R_CLIENT,
	  .layer = L_PROGRAM, .no_alert = true, .alert = A_NONE, .by_client = CERT_BY_CLIENT,
	  .note = "CURLE_SSL_PINNEDPUBKEYNOTMATCH: the server's key is not the one --pinnedpubkey names" },
	{ .id = "curl.91_invalid_cert_status", .stack = ST_CURL, .pat = { "curl: (91)" }, .reporter = R_CLIENT,
	  .layer = L_PROGRAM, .alert = A_NONE, .by_client = CERT_BY_CLIENT,
	  .note = "CURLE_SSL_INVALIDCERTSTATUS: --cert-status found no good OCSP stapled answer" },
	{ .id = "curl.56_recv_failure", .stack = ST_CURL, .pat = { "curl: (56)", "recv failure: " }, .reporter = R_CLIENT,
	  .layer = L_PROGRAM, .alert = A_NONE, .by_client = "middlebox_reset,server_reset", .where = W_BOTH,
	  .note = "CURLE_RECV_ERROR: reading failed (a reset, usually)" },
	{ .id = "curl.28_timeout", .stack = ST_CURL, .pat = { "curl: (28)", "operation timed out after" },
	  .reporter = R_CLIENT, .layer = L_PROGRAM, .alert = A_NONE, .by_client = "no_server_response", .where = W_BOTH,
	  .note = "CURLE_OPERATION_TIMEDOUT: no answer in time" },
	{ .id = "curl.ssl_error_syscall", .stack = ST_CURL, .pat = { "ssl connect: ssl error syscall in connection to " },
	  .reporter = R_CLIENT, .layer = L_PROGRAM, .alert = A_NONE,
	  .by_client = "server_reset,middlebox_reset,no_server_response", .where = W_BOTH,
	  .note = "curl over OpenSSL: the TCP connection ended under the handshake without an alert" },
	{ .id = "curl.wrapper", .stack = ST_CURL, .pat = { "schannel: ", "gnutls handshake() failed: ", "openssl ssl connect: ",
							   "nss error " },
	  .reporter = R_CLIENT, .layer = L_PROGRAM, .alert = A_NONE,
	  .note = "curl's words around its TLS library's (Schannel, GnuTLS, OpenSSL, NSS), explained above" },

	/* ---- nginx (src/event/ngx_event_openssl.c, src/http/ngx_http_request.c) ---- */
	{ .id = "nginx.handshake_to_upstream", .stack = ST_NGINX, .pat = { "while ssl handshaking to upstream" },
	  .reporter = R_CLIENT, .layer = L_PROGRAM, .alert = A_NONE,
	  .note = "nginx as the CLIENT of an upstream (proxy_pass https://): the upstream is the server" },
	{ .id = "nginx.handshake", .stack = ST_NGINX, .pat = { "while ssl handshaking", "ssl do handshake() failed" },
	  .unless = "to upstream", .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE,
	  .note = "nginx as the SERVER: the client is the peer; the OpenSSL words in (SSL: ...) are explained above" },
	{ .id = "nginx.plain_http_to_https_port", .stack = ST_NGINX, .pat = { "client sent plain http request to https port" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE, .by_server = "not_tls",
	  .note = "a plain HTTP request to the TLS port; nginx answers 400 \"The plain HTTP request was sent to HTTPS port\"" },
	{ .id = "nginx.no_required_certificate", .stack = ST_NGINX, .pat = { "client sent no required ssl certificate" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .no_alert = true, .alert = A_NONE, .by_server = "client_cert_missing",
	  .note = "ssl_verify_client on: nginx completes the handshake and answers 400 \"No required SSL "
		  "certificate was sent\": no alert (the capture shows a finished handshake)" },
	{ .id = "nginx.client_certificate_verify_error", .stack = ST_NGINX, .pat = { "client ssl certificate verify error" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .no_alert = true, .alert = A_NONE, .by_server = "client_cert_rejected",
	  .note = "ssl_verify_client on: nginx completes the handshake and answers 400 \"The SSL certificate "
		  "error\"; the (N:text) is OpenSSL's verify error" },
	{ .id = "nginx.peer_closed_in_handshake", .stack = ST_NGINX, .pat = { "peer closed connection in ssl handshake" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE,
	  .by_server = "server_cert_rejected,unknown_failure,middlebox_reset", .where = W_BOTH,
	  .note = "the client closed during the handshake without an alert (clients that refuse a certificate "
		  "silently, scanners, health checks)" },
	{ .id = "nginx.no_ssl_certificate", .stack = ST_NGINX, .pat = { "no \"ssl certificate\" is defined" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = 80, .sender = S_SELF,
	  .by_server = "unknown_sni,no_shared_cipher",
	  .note = "the server block chosen (by SNI or as default) has no ssl_certificate: the handshake is "
		  "aborted with internal_error" },
	{ .id = "nginx.upstream_certificate_verify_error", .stack = ST_NGINX,
	  .pat = { "upstream ssl certificate verify error", "upstream ssl certificate does not match" },
	  .reporter = R_CLIENT, .layer = L_PROGRAM, .no_alert = true, .alert = A_NONE, .by_client = CERT_BY_CLIENT,
	  .note = "proxy_ssl_verify on: nginx checks the upstream's certificate after the handshake and "
		  "closes (no alert)" },

	/* ---- HAProxy (src/ssl_sock.c ssl_sock_get_*_str; the connection error strings) ---- */
	{ .id = "haproxy.ssl_handshake_failure", .stack = ST_HAPROXY, .pat = { "ssl handshake failure" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE, .by_server = SERVER_FIRST ",server_cert_rejected",
	  .note = "HAProxy's handshake error; its (error:...) part or the OpenSSL reason says more" },
	{ .id = "haproxy.closed_during_handshake", .stack = ST_HAPROXY, .pat = { "connection closed during ssl handshake" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE,
	  .by_server = "server_cert_rejected,unknown_failure,middlebox_reset", .where = W_BOTH,
	  .note = "the client closed during the handshake without an alert" },
	{ .id = "haproxy.timeout_during_handshake", .stack = ST_HAPROXY, .pat = { "timeout during ssl handshake" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE, .by_server = "unknown_failure,middlebox_reset",
	  .where = W_BOTH, .note = "the client stopped answering during the handshake (timeout client)" },
	{ .id = "haproxy.client_certificate_not_trusted", .stack = ST_HAPROXY,
	  .pat = { "ssl client certificate not trusted", "ssl client ca chain cannot be verified" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE, .sender = S_SELF, .by_server = CERT_BY_SERVER,
	  .note = "verify required: the client's certificate does not lead to the ca-file's CAs" },

	/* ---- Apache httpd mod_ssl (AH message numbers, modules/ssl/ssl_engine_kernel.c, _io.c) ---- */
	{ .id = "apache.certificate_verification_error", .stack = ST_APACHE,
	  .pat = { "ah02039: certificate verification: error" }, .reporter = R_SERVER, .layer = L_PROGRAM,
	  .alert = A_NONE, .sender = S_SELF, .by_server = CERT_BY_SERVER,
	  .note = "SSLVerifyClient require: the client's certificate failed; (N) is OpenSSL's verify error "
		  "(20 unknown issuer, 10 expired, 18/19 self-signed)" },
	{ .id = "apache.ssl_library_error", .stack = ST_APACHE, .pat = { "ah02008: ssl library error" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE,
	  .note = "mod_ssl logs OpenSSL's error: the error:... part is explained above" },
	{ .id = "apache.client_renegotiation", .stack = ST_APACHE, .pat = { "ah02042: rejecting client initiated renegotiation" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE, .by_server = "protocol_error",
	  .note = "a client started a renegotiation after the handshake; mod_ssl closes the connection" },
	{ .id = "apache.renegotiation_failed", .stack = ST_APACHE, .pat = { "ah02261: re-negotiation handshake failed" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE, .by_server = "client_cert_missing,client_cert_rejected",
	  .note = "a per-directory SSLVerifyClient renegotiation (TLS 1.2) got no acceptable client certificate" },
	{ .id = "apache.handshake_interrupted", .stack = ST_APACHE, .pat = { "ah02007: ssl handshake interrupted by system" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE, .by_server = CLOSED_BY_SERVER, .where = W_BOTH,
	  .note = "the client's connection failed under the handshake (a reset)" },
	{ .id = "apache.no_sni_for_vhost", .stack = ST_APACHE,
	  .pat = { "ah02033: no hostname was provided via sni", "ah02032: hostname * provided via sni and hostname" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .no_alert = true, .alert = A_NONE, .by_server = "missing_sni,unknown_sni",
	  .note = "the handshake completed; the HTTP answer is 421/403 because SNI and Host disagree or SNI is missing" },

	/* ---- the system's words (strerror), quoted by every stack ---- */
	{ .id = "system.connection_reset", .stack = ST_SYSTEM,
	  .pat = { "connection reset by peer", "econnreset", "errno=104", "wsaeconnreset" }, .layer = L_PROGRAM,
	  .alert = A_NONE, .by_client = "middlebox_reset,server_reset", .by_server = CLOSED_BY_SERVER, .where = W_BOTH,
	  .note = "a TCP reset: from the peer, or from a firewall between (the capture tells by TTL and timing)" },
	{ .id = "system.timed_out", .stack = ST_SYSTEM, .pat = { "connection timed out", "etimedout", "i/o timeout" },
	  .layer = L_PROGRAM, .alert = A_NONE, .by_client = "no_server_response", .by_server = "unknown_failure",
	  .where = W_BOTH, .note = "no answer in time" },
	{ .id = "system.broken_pipe", .stack = ST_SYSTEM, .pat = { "broken pipe", "epipe" }, .layer = L_PROGRAM,
	  .alert = A_NONE, .by_client = "server_reset,middlebox_reset", .by_server = CLOSED_BY_SERVER, .where = W_BOTH,
	  .note = "the peer had closed (or reset) the connection when this side wrote" },
};

#define N_ROWS (sizeof rows / sizeof rows[0])

/* ---- what an alert means, by who sent it -------------------------------------------- */

struct ex_alert_reading {
	int code;
	const char *server_sent; /* ranked classes when the server sent it */
	const char *client_sent; /* ... when the client did */
};

/* From SPEC.md's classes: an alert from the server refusing the hello is about what the
 * client offered (or its certificate); one from the client is about what the server
 * answered (its certificate, its choices). */
static const struct ex_alert_reading alert_readings[] = {
	{ 0, "server_reset,unknown_failure", "unknown_failure,server_cert_rejected" },
	{ 10, "protocol_error", "protocol_error" },
	/* A TLS 1.3 server failing to decrypt right after its flight: often an OpenSSL
	 * client's plain-text alert about the server's certificate. */
	{ 20, "protocol_error,server_cert_rejected", "protocol_error" },
	{ 21, "protocol_error", "protocol_error" },
	{ 22, "protocol_error,not_tls", "protocol_error,not_tls" },
	{ 40, "no_shared_cipher,version_mismatch,client_cert_missing", "server_cert_rejected,no_shared_cipher,protocol_error" },
	{ 41, "client_cert_rejected", "server_cert_rejected" },
	{ 42, "client_cert_rejected,client_cert_missing", "server_cert_rejected" },
	{ 43, "client_cert_rejected", "server_cert_rejected" },
	{ 44, "client_cert_rejected", "server_cert_rejected" },
	{ 45, "client_cert_rejected", "server_cert_rejected" },
	{ 46, "client_cert_rejected", "server_cert_rejected" },
	{ 47, "protocol_error,no_shared_cipher", "protocol_error" },
	{ 48, "client_cert_rejected", "server_cert_rejected" },
	{ 49, "client_cert_rejected", "server_cert_rejected" },
	{ 50, "protocol_error", "protocol_error" },
	{ 51, "client_cert_rejected,protocol_error", "protocol_error,server_cert_rejected" },
	{ 70, "version_mismatch", "version_mismatch" },
	{ 71, "no_shared_cipher,client_cert_rejected", "no_shared_cipher,server_cert_rejected" },
	{ 80, "unknown_failure,protocol_error", "unknown_failure,protocol_error" },
	{ 86, "version_mismatch", "version_mismatch" },
	{ 90, "unknown_failure", "unknown_failure" },
	{ 109, "protocol_error", "protocol_error" },
	{ 110, "protocol_error", "protocol_error" },
	{ 112, "unknown_sni", "unknown_sni" },
	{ 113, "protocol_error", "server_cert_rejected" },
	{ 115, "unknown_failure", "unknown_failure" },
	{ 116, "client_cert_missing", "protocol_error" },
	{ 120, "alpn_mismatch", "alpn_mismatch" },
};

/* An alert's name as the stacks write it, where it differs from IANA's (with '_' read as
 * a space): OpenSSL's (ssl/ssl_err.c), Go's (alert.go alertText), GnuTLS's. */
static const struct {
	const char *words;
	int code;
} alert_aliases[] = {
	{ "user cancelled", 90 },
	{ "bad record mac", 20 },
	{ "revoked certificate", 44 },
	{ "expired certificate", 45 },
	{ "unknown certificate authority", 48 },
	{ "unknown certificate", 46 },
	{ "error decoding message", 50 },
	{ "error decrypting message", 51 },
	{ "protocol version not supported", 70 },
	{ "insufficient security level", 71 },
	{ "handshake failed", 40 },
};

/* One line for each class: SPEC.md's "when", shortened. */
static const char *const class_when[CLASS__COUNT] = {
	[CLASS_OK] = "the handshake completed",
	[CLASS_VERSION_MISMATCH] = "no protocol version in common (alert 70, or an old hello refused)",
	[CLASS_NO_SHARED_CIPHER] = "versions fit but no cipher suite, group or signature algorithm in common (alert 40/71)",
	[CLASS_MISSING_SNI] = "the ClientHello has no server_name and the server side ends the connection",
	[CLASS_UNKNOWN_SNI] = "the server refuses the name in the SNI (alert 112, or a close)",
	[CLASS_CLIENT_CERT_MISSING] = "the server asked for a client certificate, the client sent none, the server aborted",
	[CLASS_CLIENT_CERT_REJECTED] = "the client sent a certificate and the server aborted (alerts 42-49, 51, 116)",
	[CLASS_SERVER_CERT_REJECTED] = "the client aborted after the server's certificate (alerts 42-49, or a close)",
	[CLASS_MIDDLEBOX_RESET] = "a reset or FIN after the ClientHello that did not come from the server",
	[CLASS_SERVER_RESET] = "the server reset or closed during the handshake, without an alert",
	[CLASS_NO_SERVER_RESPONSE] = "the ClientHello got no TLS byte back",
	[CLASS_ALPN_MISMATCH] = "no application protocol in common (alert 120)",
	[CLASS_NOT_TLS] = "one side does not speak TLS (HTTP to a TLS port, plain text back)",
	[CLASS_PROTOCOL_ERROR] = "a fatal alert for a malformed or unexpected message (10, 20, 22, 47, 50, 51, ...)",
	[CLASS_UNKNOWN_FAILURE] = "the handshake failed but nothing tells which class",
	[CLASS_INCOMPLETE] = "the capture cannot tell",
};

/* ---- flattening and matching -------------------------------------------------------- */

/* Lower-case, '_' as a space, every run of spaces and bytes outside printable ASCII one
 * space. Writes at most out_len - 1 bytes and a NUL; returns the length written. */
static size_t flatten(const char *s, size_t n, char *out, size_t out_len)
{
	size_t k = 0;
	bool space = true; /* no leading space */
	for (size_t i = 0; i < n && k + 1 < out_len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c == '_' || c < 0x21 || c > 0x7e) {
			if (!space)
				out[k++] = ' ';
			space = true;
			continue;
		}
		out[k++] = (char)c;
		space = false;
	}
	if (k > 0 && out[k - 1] == ' ')
		k--;
	if (out_len > 0)
		out[k] = '\0';
	return k;
}

/* The flattened pattern's pieces ('*' between them) found in order in text from `from`
 * on: *at is where the first begins, *end past where the last ends. */
static bool find_glob(const char *text, size_t from, const char *pat, size_t *at, size_t *end)
{
	char flat[256];
	/* A pattern's spaces are significant at its ends ("tlsv1 "): keep a trailing one. */
	size_t plen = strlen(pat);
	size_t n = flatten(pat, plen, flat, sizeof flat - 1);
	if (plen > 0 && pat[plen - 1] == ' ' && n > 0) {
		flat[n++] = ' ';
		flat[n] = '\0';
	}
	/* '^' and '$' tie the pattern to the start and end of the whole text ("EOF"). */
	bool anchor_start = n > 0 && flat[0] == '^', anchor_end = n > 0 && flat[n - 1] == '$';
	if (anchor_end)
		flat[--n] = '\0';
	char *pieces = anchor_start ? flat + 1 : flat;
	if (*pieces == '\0' || (anchor_start && from > 0))
		return false;
	const char *p = text + from;
	bool first = true;
	for (char *piece = pieces; piece != NULL;) {
		char *star = strchr(piece, '*');
		if (star != NULL)
			*star = '\0';
		/* A piece's spaces beside the '*' are not needed: "matching * found". */
		while (*piece == ' ' && !first)
			piece++;
		size_t pl = strlen(piece);
		while (pl > 0 && star != NULL && piece[pl - 1] == ' ')
			piece[--pl] = '\0';
		if (pl > 0) {
			const char *hit = strstr(p, piece);
			if (hit == NULL || (first && anchor_start && hit != text))
				return false;
			if (first)
				*at = (size_t)(hit - text);
			p = hit + pl;
			first = false;
		}
		piece = star != NULL ? star + 1 : NULL;
	}
	if (first || (anchor_end && *p != '\0'))
		return false;
	*end = (size_t)(p - text);
	return true;
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* The alert whose name starts text at p (flattened), the longest that fits, ending at a
 * word's end; -1 when none. *len: the length of the name read. */
static int alert_by_words(const char *p, size_t *len)
{
	int best = -1;
	size_t best_len = 0;
	char name[64];
	for (int c = 0; c < 256; c++) {
		const char *iana = tls_alert_name((uint8_t)c);
		if (iana == NULL)
			continue;
		size_t n = flatten(iana, strlen(iana), name, sizeof name);
		if (n > best_len && strncmp(p, name, n) == 0 && !is_word_char(p[n])) {
			best = c;
			best_len = n;
		}
	}
	for (size_t i = 0; i < sizeof alert_aliases / sizeof alert_aliases[0]; i++) {
		size_t n = strlen(alert_aliases[i].words);
		if (n > best_len && strncmp(p, alert_aliases[i].words, n) == 0 && !is_word_char(p[n])) {
			best = alert_aliases[i].code;
			best_len = n;
		}
	}
	*len = best_len;
	return best;
}

/* A decimal alert number at p (after spaces, '[' or '('): 0..255, else -1. */
static int alert_by_number(const char *p, size_t *len)
{
	size_t i = 0;
	while (p[i] == ' ' || p[i] == '[' || p[i] == '(')
		i++;
	int v = 0;
	size_t digits = 0;
	while (p[i] >= '0' && p[i] <= '9' && digits < 4) {
		v = v * 10 + (p[i] - '0');
		i++;
		digits++;
	}
	if (digits == 0 || digits > 3 || v > 255 || (p[i] >= '0' && p[i] <= '9'))
		return -1;
	*len = i;
	return v;
}

/* ---- OpenSSL's packed codes --------------------------------------------------------- */

static const struct {
	unsigned lib;
	const char *name;
} openssl_libs[] = {
	/* include/openssl/err.h ERR_LIB_* */
	{ 2, "system library" }, { 3, "bignum routines" }, { 4, "rsa routines" }, { 6, "digital envelope routines" },
	{ 9, "PEM routines" }, { 11, "x509 certificate routines" }, { 13, "asn1 encoding routines" },
	{ 15, "common libcrypto routines" }, { 16, "elliptic curve routines" }, { 20, "SSL routines" },
	{ 32, "BIO routines" }, { 34, "X509 V3 routines" }, { 44, "STORE routines" }, { 57, "Provider routines" },
};

static const char *openssl_lib_name(unsigned lib)
{
	for (size_t i = 0; i < sizeof openssl_libs / sizeof openssl_libs[0]; i++)
		if (openssl_libs[i].lib == lib)
			return openssl_libs[i].name;
	return NULL;
}

bool explain_decode_openssl(uint32_t code, bool three_x_hint, struct explain_openssl_code *d)
{
	*d = (struct explain_openssl_code){ .code = code, .alert = -1 };
	if (code & 0x80000000u) {
		/* 3.x ERR_SYSTEM_FLAG: the rest is errno (crypto/err/err.c). */
		d->major = 3;
		d->lib = 2;
		d->reason = code & 0x7fffffffu;
		return true;
	}
	/* 3.x: library in bits 23..30, reason in 0..22, nothing in the function's old place;
	 * 1.x: library 24..31, function 12..23, reason 0..11. SSL's reasons are under 4096,
	 * so bits 12..22 tell the two apart, the text's empty function field when they do
	 * not. */
	bool three = (code & 0x007ff000u) == 0 || (three_x_hint && (code >> 23) != 0);
	if (three) {
		d->major = 3;
		d->lib = (code >> 23) & 0xffu;
		d->reason = code & 0x7fffffu;
	} else {
		d->major = 1;
		d->lib = code >> 24;
		d->func = (code >> 12) & 0xfffu;
		d->reason = code & 0xfffu;
	}
	if (d->lib == 0)
		return false;
	if (d->lib == 20 && d->reason >= OPENSSL_ALERT_REASON && d->reason < OPENSSL_ALERT_REASON + 256)
		d->alert = (int)(d->reason - OPENSSL_ALERT_REASON);
	return true;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* ---- the matches -------------------------------------------------------------------- */

#define MAX_MATCHES 24

struct ex_match {
	const struct ex_row *row;
	int alert;                 /* the code, or -1 */
	size_t at, len;            /* the matched text in the flattened message */
	bool has_code;             /* an OpenSSL packed code led here */
	struct explain_openssl_code code;
	enum ex_reporter reporter; /* resolved: R_EITHER when the text cannot tell */
};

struct ex_state {
	const char *text;          /* flattened */
	size_t text_len;
	struct ex_match m[MAX_MATCHES];
	size_t n;
	bool more;                 /* matches left out past MAX_MATCHES */
	struct explain_openssl_code unknown_code; /* a code no row explains */
	bool has_unknown_code;
};

static struct ex_match *add_match(struct ex_state *st, const struct ex_row *row, int alert, size_t at, size_t len)
{
	for (size_t i = 0; i < st->n; i++)
		if (st->m[i].row == row && st->m[i].alert == alert)
			return &st->m[i];
	if (st->n == MAX_MATCHES) {
		st->more = true;
		return NULL;
	}
	st->m[st->n] = (struct ex_match){ .row = row, .alert = alert, .at = at, .len = len };
	return &st->m[st->n++];
}

/* Every row against the text; a row whose alert is read from the text matches only where
 * an alert's name or number follows. */
static void match_rows(struct ex_state *st)
{
	for (size_t r = 0; r < N_ROWS; r++) {
		const struct ex_row *row = &rows[r];
		size_t at, end;
		if (row->unless != NULL && find_glob(st->text, 0, row->unless, &at, &end))
			continue;
		for (size_t k = 0; k < sizeof row->pat / sizeof row->pat[0] && row->pat[k] != NULL; k++) {
			size_t from = 0;
			bool done = false;
			while (!done && from < st->text_len && find_glob(st->text, from, row->pat[k], &at, &end)) {
				from = at + 1;
				if (row->alert == A_WORDS || row->alert == A_NUMBER) {
					size_t wl = 0;
					int code = row->alert == A_WORDS ? alert_by_words(st->text + end, &wl)
									 : alert_by_number(st->text + end, &wl);
					if (code < 0)
						continue;
					add_match(st, row, code, at, end + wl - at);
					/* A whole log may hold several: go on. */
					continue;
				}
				add_match(st, row, row->alert, at, end - at);
				done = true;
			}
			if (done)
				break;
		}
	}
}

static const struct ex_row *row_by_reason(unsigned reason)
{
	for (size_t r = 0; r < N_ROWS; r++)
		if (rows[r].reason == reason && rows[r].alert != A_WORDS)
			return &rows[r];
	return NULL;
}

static const struct ex_row *row_by_id(const char *id)
{
	for (size_t r = 0; r < N_ROWS; r++)
		if (strcmp(rows[r].id, id) == 0)
			return &rows[r];
	return NULL;
}

/* "error:XXXXXXXX:" anywhere: each code decoded and led to its row. */
static void match_codes(struct ex_state *st)
{
	const char *t = st->text;
	for (const char *p = strstr(t, "error:"); p != NULL; p = strstr(p + 1, "error:")) {
		const char *h = p + 6;
		uint32_t code = 0;
		int i = 0;
		for (; i < 8; i++) {
			int v = hex_digit(h[i]);
			if (v < 0)
				break;
			code = code << 4 | (uint32_t)v;
		}
		if (i != 8 || h[8] != ':')
			continue;
		/* OpenSSL 3's ERR_error_string_n leaves the function empty: "SSL routines::". */
		const char *colon = strchr(h + 9, ':');
		bool hint = colon != NULL && colon[1] == ':';
		struct explain_openssl_code d;
		if (!explain_decode_openssl(code, hint, &d))
			continue;
		struct ex_match *m = NULL;
		size_t at = (size_t)(p - t), len = 15;
		if (d.lib == 20 && d.alert >= 0) {
			m = add_match(st, row_by_id("openssl.alert_received"), d.alert, at, len);
		} else if (d.lib == 20) {
			const struct ex_row *row = row_by_reason(d.reason);
			if (row != NULL) {
				/* The text's match (if any) keeps its place; the code is added to it. */
				m = add_match(st, row, row->alert, at, len);
			}
		}
		if (m != NULL) {
			m->has_code = true;
			m->code = d;
		} else if (!st->has_unknown_code) {
			st->unknown_code = d;
			st->has_unknown_code = true;
		}
	}
}

/* The library's words first, then the program's; within each, the longer matched text. */
static int match_order(const void *a, const void *b)
{
	const struct ex_match *x = a, *y = b;
	if (x->row->layer != y->row->layer)
		return (int)x->row->layer - (int)y->row->layer;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* The same alert read twice from one stack's words ("sslv3 alert bad certificate:SSL
 * alert number 42"): the later, shorter reading is left out. */
static void drop_repeats(struct ex_state *st)
{
	size_t k = 0;
	for (size_t i = 0; i < st->n; i++) {
		const struct ex_match *m = &st->m[i];
		bool repeat = false;
		if (m->row->alert == A_WORDS || m->row->alert == A_NUMBER)
			for (size_t e = 0; e < k; e++)
				repeat |= st->m[e].row->stack == m->row->stack && st->m[e].alert == m->alert &&
					  st->m[e].row->sender == m->row->sender;
		if (!repeat)
			st->m[k++] = *m;
	}
	st->n = k;
}

/* Who printed each part: the row's own side; else --side; else the side that the
 * other parts of the same paste name (curl is a client, nginx "while SSL handshaking"
 * a server), when they agree. */
static void resolve_reporters(struct ex_state *st, enum explain_side side)
{
	bool client = false, server = false;
	for (size_t i = 0; i < st->n; i++) {
		client |= st->m[i].row->reporter == R_CLIENT;
		server |= st->m[i].row->reporter == R_SERVER;
	}
	enum ex_reporter context = client && !server ? R_CLIENT : server && !client ? R_SERVER : R_EITHER;
	enum ex_reporter given = side == EXPLAIN_SIDE_CLIENT ? R_CLIENT : side == EXPLAIN_SIDE_SERVER ? R_SERVER : R_EITHER;
	bool quiet = false;
	for (size_t i = 0; i < st->n; i++)
		quiet |= st->m[i].row->no_alert;
	for (size_t i = 0; i < st->n; i++) {
		struct ex_match *m = &st->m[i];
		m->reporter = m->row->reporter != R_EITHER ? m->row->reporter : given != R_EITHER ? given : context;
		if (quiet && !m->row->no_alert && m->row->sender == S_SELF)
			m->alert = -1;
	}
}

/* ---- readings ----------------------------------------------------------------------- */

#define MAX_CLASSES 4

struct ex_reading {
	enum ex_reporter reporter;  /* R_CLIENT or R_SERVER */
	enum ex_reporter sender;    /* R_CLIENT, R_SERVER, or R_EITHER for no alert */
	enum tls_class cls[MAX_CLASSES];
	size_t n_cls;
};

static void parse_classes(const char *list, struct ex_reading *rd)
{
	rd->n_cls = 0;
	if (list == NULL)
		return;
	const char *p = list;
	while (*p != '\0' && rd->n_cls < MAX_CLASSES) {
		const char *comma = strchr(p, ',');
		size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		char name[40];
		if (n < sizeof name) {
			memcpy(name, p, n);
			name[n] = '\0';
			enum tls_class c = class_from_name(name);
			if (c != CLASS__COUNT)
				rd->cls[rd->n_cls++] = c;
		}
		p += n;
		if (*p == ',')
			p++;
	}
}

static const struct ex_alert_reading *alert_reading(int code)
{
	for (size_t i = 0; i < sizeof alert_readings / sizeof alert_readings[0]; i++)
		if (alert_readings[i].code == code)
			return &alert_readings[i];
	return NULL;
}

static enum ex_reporter other(enum ex_reporter r)
{
	return r == R_CLIENT ? R_SERVER : R_CLIENT;
}

/* The reading of m when `reporter` printed it. */
static void make_reading(const struct ex_match *m, enum ex_reporter reporter, struct ex_reading *rd)
{
	rd->reporter = reporter;
	rd->sender = R_EITHER;
	if (m->alert >= 0)
		rd->sender = m->row->sender == S_SELF ? reporter : m->row->sender == S_PEER ? other(reporter) : R_EITHER;
	const char *list = reporter == R_CLIENT ? m->row->by_client : m->row->by_server;
	if (list == NULL && m->alert >= 0 && rd->sender != R_EITHER) {
		const struct ex_alert_reading *ar = alert_reading(m->alert);
		list = ar == NULL ? "unknown_failure,protocol_error"
				  : rd->sender == R_SERVER ? ar->server_sent : ar->client_sent;
	}
	parse_classes(list, rd);
}

/* One reading when the side is known, both otherwise (client first). */
static size_t readings(const struct ex_match *m, struct ex_reading rd[2])
{
	if (m->reporter != R_EITHER) {
		make_reading(m, m->reporter, &rd[0]);
		return 1;
	}
	make_reading(m, R_CLIENT, &rd[0]);
	make_reading(m, R_SERVER, &rd[1]);
	return 2;
}

/* The part the summary and the capture advice stand on: the first with an alert and
 * classes, else the first with classes, else the first. */
static const struct ex_match *primary(const struct ex_state *st)
{
	const struct ex_match *with_classes = NULL;
	for (size_t i = 0; i < st->n; i++) {
		struct ex_reading rd[2];
		size_t n = readings(&st->m[i], rd);
		bool has = false;
		for (size_t k = 0; k < n; k++)
			has |= rd[k].n_cls > 0;
		if (!has)
			continue;
		if (st->m[i].alert >= 0)
			return &st->m[i];
		if (with_classes == NULL)
			with_classes = &st->m[i];
	}
	return with_classes != NULL ? with_classes : st->n > 0 ? &st->m[0] : NULL;
}

/* ---- the capture advice ------------------------------------------------------------- */

enum ex_keys { KEYS_NOT_NEEDED, KEYS_TLS13, KEYS_HELPS };

struct ex_advice {
	const char *where;      /* "client", "server", "both", "either" */
	const char *tcpdump[2];   /* the commands, each with the host it runs on */
	const char *tcpdump_on[2];
	size_t n_tcpdump;
	enum ex_keys keys;
	const char *keys_why;
	const char *keys_how;   /* the stack's way, or NULL */
	const struct ex_stack_info *stack;
	const char *tlsdiag;
};

#define TCPDUMP_ON_CLIENT "tcpdump -i any -s 0 -w case.pcap 'host SERVER and tcp port 443'"
#define TCPDUMP_ON_SERVER "tcpdump -i any -s 0 -w case.pcap 'host CLIENT and tcp port 443'"

static void advise(const struct ex_state *st, const struct ex_match *m, struct ex_advice *a)
{
	*a = (struct ex_advice){ .where = "both", .keys = KEYS_HELPS };
	struct ex_reading rd[2];
	size_t n = m != NULL ? readings(m, rd) : 0;
	enum tls_class first = n > 0 && rd[0].n_cls > 0 ? rd[0].cls[0] : CLASS_UNKNOWN_FAILURE;
	enum ex_reporter rep = m != NULL ? m->reporter : R_EITHER;
	bool both = m == NULL || m->row->where == W_BOTH;
	if (both) {
		a->where = "both";
	} else if (rep == R_CLIENT) {
		a->where = "client";
	} else if (rep == R_SERVER) {
		a->where = "server";
	} else {
		a->where = "either";
	}
	if (strcmp(a->where, "server") != 0) {
		a->tcpdump_on[a->n_tcpdump] = "client";
		a->tcpdump[a->n_tcpdump++] = TCPDUMP_ON_CLIENT;
	}
	if (strcmp(a->where, "client") != 0) {
		a->tcpdump_on[a->n_tcpdump] = "server";
		a->tcpdump[a->n_tcpdump++] = TCPDUMP_ON_SERVER;
	}
	switch (first) {
	case CLASS_SERVER_CERT_REJECTED:
		a->keys = KEYS_TLS13;
		a->keys_why = "with TLS 1.3 the server's certificate is encrypted (and so is the client's alert): the key "
			      "log shows which certificate and why; TLS 1.2 shows both in clear";
		break;
	case CLASS_CLIENT_CERT_MISSING:
	case CLASS_CLIENT_CERT_REJECTED:
		a->keys = KEYS_TLS13;
		a->keys_why = "with TLS 1.3 the client's certificate and the server's alert after it are encrypted: "
			      "without keys tlsdiag infers the class (confidence low); TLS 1.2 shows them in clear";
		break;
	case CLASS_VERSION_MISMATCH:
	case CLASS_NO_SHARED_CIPHER:
	case CLASS_MISSING_SNI:
	case CLASS_UNKNOWN_SNI:
	case CLASS_ALPN_MISMATCH:
	case CLASS_NOT_TLS:
	case CLASS_MIDDLEBOX_RESET:
	case CLASS_SERVER_RESET:
	case CLASS_NO_SERVER_RESPONSE:
		a->keys = KEYS_NOT_NEEDED;
		a->keys_why = "what decides it is in clear: the hellos, the server's first answer, TCP's resets and "
			      "closes";
		break;
	case CLASS_OK:
	case CLASS_PROTOCOL_ERROR:
	case CLASS_UNKNOWN_FAILURE:
	case CLASS_INCOMPLETE:
	case CLASS__COUNT:
	default:
		a->keys = KEYS_HELPS;
		a->keys_why = "with TLS 1.3 everything after the ServerHello is encrypted: a key log lets tlsdiag read "
			      "the alert and the certificates";
		break;
	}
	if (m != NULL && a->keys != KEYS_NOT_NEEDED) {
		/* The key log is the program's to write: nginx around OpenSSL has none, curl
		 * around OpenSSL has SSLKEYLOGFILE. */
		enum ex_stack stack = m->row->stack;
		for (size_t i = 0; i < st->n; i++)
			if (st->m[i].row->layer == L_PROGRAM && st->m[i].row->stack != ST_SYSTEM) {
				stack = st->m[i].row->stack;
				break;
			}
		a->stack = &stacks[stack];
		a->keys_how = a->stack->keylog;
	}
	a->tlsdiag = a->keys == KEYS_NOT_NEEDED ? "tlsdiag -r case.pcap" : "tlsdiag -r case.pcap --keylog keys.log";
}

static const char *keys_name(enum ex_keys k)
{
	return k == KEYS_NOT_NEEDED ? "not_needed" : k == KEYS_TLS13 ? "tls1.3" : "helps";
}

static const char *side_name(enum ex_reporter r)
{
	return r == R_CLIENT ? "client" : r == R_SERVER ? "server" : NULL;
}

/* ---- text output -------------------------------------------------------------------- */

static void put_excerpt(FILE *out, const struct ex_state *st, const struct ex_match *m)
{
	size_t len = m->len > 120 ? 120 : m->len;
	fprintf(out, "\"%.*s%s\"", (int)len, st->text + m->at, len < m->len ? "..." : "");
}

static void put_code_text(FILE *out, const struct explain_openssl_code *d)
{
	const char *lib = openssl_lib_name(d->lib);
	if (d->major == 1)
		fprintf(out, "OpenSSL 1.x code %08X: library %u (%s), function %u, reason %u", (unsigned)d->code, d->lib,
			lib != NULL ? lib : "?", d->func, d->reason);
	else
		fprintf(out, "OpenSSL 3.x code %08X: library %u (%s), reason %u", (unsigned)d->code, d->lib,
			lib != NULL ? lib : "?", d->reason);
	if (d->alert >= 0)
		fprintf(out, " = %u + %d: alert %d received", OPENSSL_ALERT_REASON, d->alert, d->alert);
}

static void put_alert_text(FILE *out, int code)
{
	const char *name = tls_alert_name((uint8_t)code);
	fprintf(out, "%d %s", code, name != NULL ? name : "(unassigned)");
}

static void put_reading_text(FILE *out, const struct ex_match *m, const struct ex_reading *rd, bool both)
{
	const char *indent = both ? "     " : "   ";
	if (both)
		fprintf(out, "   if the %s printed it:\n", side_name(rd->reporter));
	fprintf(out, "%sprinted by: the %s", indent, side_name(rd->reporter));
	if (m->alert >= 0 && rd->sender != R_EITHER)
		fprintf(out, "; alert sent by: the %s%s\n", rd->sender == R_CLIENT ? "CLIENT" : "SERVER",
			rd->sender == rd->reporter ? " (itself)" : "");
	else
		fprintf(out, "; no alert\n");
	if (rd->n_cls == 0) {
		fprintf(out, "%sclasses:    those of the part above\n", indent);
		return;
	}
	for (size_t k = 0; k < rd->n_cls; k++)
		fprintf(out, "%s%s %zu. %-21s %s\n", indent, k == 0 ? "classes:" : "        ", k + 1, class_name(rd->cls[k]),
			class_when[rd->cls[k]]);
}

static void put_text(FILE *out, const struct ex_state *st, size_t input_len, bool truncated)
{
	if (truncated)
		fprintf(out, "(the first %u bytes of %zu read)\n", EXPLAIN_MAX_INPUT, input_len);
	if (st->n == 0) {
		fprintf(out, "tlsdiag explain: no known TLS error message in the text\n");
		if (st->has_unknown_code) {
			fprintf(out, "  ");
			put_code_text(out, &st->unknown_code);
			fprintf(out, " (a reason not in tlsdiag's table)\n");
		}
	} else {
		fprintf(out, "tlsdiag explain: %zu part%s of the message %s known (the most specific first)%s\n", st->n,
			st->n == 1 ? "" : "s", st->n == 1 ? "is" : "are", st->more ? "; more left out" : "");
	}
	for (size_t i = 0; i < st->n; i++) {
		const struct ex_match *m = &st->m[i];
		fprintf(out, "\n%zu. %s [%s]\n   text:       ", i + 1, stacks[m->row->stack].name, m->row->id);
		put_excerpt(out, st, m);
		fprintf(out, "\n");
		if (m->has_code) {
			fprintf(out, "   code:       ");
			put_code_text(out, &m->code);
			fprintf(out, "\n");
		}
		fprintf(out, "   means:      %s\n", m->row->note);
		if (m->alert >= 0) {
			fprintf(out, "   alert:      ");
			put_alert_text(out, m->alert);
			fprintf(out, "\n");
		}
		struct ex_reading rd[2];
		size_t n = readings(m, rd);
		for (size_t k = 0; k < n; k++)
			put_reading_text(out, m, &rd[k], n == 2);
	}
	struct ex_advice a;
	advise(st, primary(st), &a);
	fprintf(out, "\nWhat to capture to decide:\n");
	fprintf(out, "  where:    %s\n",
		strcmp(a.where, "client") == 0	 ? "on the client host"
		: strcmp(a.where, "server") == 0 ? "on the server host"
		: strcmp(a.where, "either") == 0 ? "on the host that printed the message (either end sees the hellos and alerts)"
						 : "on both hosts at once (a close or reset may come from either end or from "
						   "a middlebox: compare the two)");
	for (size_t k = 0; k < a.n_tcpdump; k++)
		fprintf(out, "  %s %s%s: %s\n", k == 0 ? "command: " : "         ", strcmp(a.where, "either") == 0 && k > 0 ? "or " : "",
			a.tcpdump_on[k], a.tcpdump[k]);
	fprintf(out, "  keys:     %s: %s\n",
		a.keys == KEYS_NOT_NEEDED ? "not needed" : a.keys == KEYS_TLS13 ? "needed with TLS 1.3" : "helps with TLS 1.3",
		a.keys_why);
	if (a.keys != KEYS_NOT_NEEDED) {
		if (a.stack != NULL)
			fprintf(out, "            %s: %s\n", a.stack->name,
				a.keys_how != NULL ? a.keys_how
						   : "none built in: take the key log at the other end if its program "
						     "writes one; else tlsdiag infers the class without keys (confidence low)");
		fprintf(out, "            elsewhere: SSLKEYLOGFILE= for curl, NSS, Chromium, GnuTLS; s_client "
			     "-keylogfile; Python ssl.SSLContext.keylog_filename (3.8+); Go tls.Config.KeyLogWriter; "
			     "Java has none\n");
	}
	fprintf(out, "  then:     %s\n", a.tlsdiag);
}

/* ---- JSON output -------------------------------------------------------------------- */

static void json_alert(struct json *j, int code)
{
	if (code < 0) {
		json_null(j);
		return;
	}
	json_begin_object(j);
	json_key(j, "code");
	json_int(j, code);
	json_key(j, "name");
	const char *name = tls_alert_name((uint8_t)code);
	if (name != NULL)
		json_string(j, name);
	else
		json_null(j);
	json_end_object(j);
}

static void json_side(struct json *j, enum ex_reporter r)
{
	const char *s = side_name(r);
	if (s != NULL)
		json_string(j, s);
	else
		json_null(j);
}

static void json_openssl(struct json *j, const struct explain_openssl_code *d)
{
	char hex[16];
	json_begin_object(j);
	snprintf(hex, sizeof hex, "%08X", (unsigned)d->code);
	json_key(j, "code");
	json_string(j, hex);
	json_key(j, "version");
	json_string(j, d->major == 1 ? "1.x" : "3.x");
	json_key(j, "library");
	json_int(j, d->lib);
	const char *lib = openssl_lib_name(d->lib);
	json_key(j, "library_name");
	if (lib != NULL)
		json_string(j, lib);
	else
		json_null(j);
	if (d->major == 1) {
		json_key(j, "function");
		json_int(j, d->func);
	}
	json_key(j, "reason");
	json_int(j, d->reason);
	json_key(j, "alert");
	json_alert(j, d->alert);
	json_end_object(j);
}

static void json_readings(struct json *j, const struct ex_match *m, bool with_when)
{
	struct ex_reading rd[2];
	size_t n = readings(m, rd);
	json_begin_array(j);
	for (size_t k = 0; k < n; k++) {
		json_begin_object(j);
		json_key(j, "reporter");
		json_side(j, rd[k].reporter);
		json_key(j, "sender");
		json_side(j, m->alert >= 0 ? rd[k].sender : R_EITHER);
		json_key(j, "classes");
		json_begin_array(j);
		for (size_t c = 0; c < rd[k].n_cls; c++) {
			if (with_when) {
				json_begin_object(j);
				json_key(j, "class");
				json_string(j, class_name(rd[k].cls[c]));
				json_key(j, "when");
				json_string(j, class_when[rd[k].cls[c]]);
				json_end_object(j);
			} else {
				json_string(j, class_name(rd[k].cls[c]));
			}
		}
		json_end_array(j);
		json_end_object(j);
	}
	json_end_array(j);
}

static void put_json(FILE *out, const struct ex_state *st, size_t input_len, bool truncated)
{
	struct json j = { .out = out };
	const struct ex_match *p = primary(st);
	json_begin_object(&j);
	json_key(&j, "input_bytes");
	json_int(&j, (long long)input_len);
	json_key(&j, "truncated");
	json_bool(&j, truncated);
	json_key(&j, "known");
	json_bool(&j, st->n > 0);
	json_key(&j, "alert");
	json_alert(&j, p != NULL ? p->alert : -1);
	json_key(&j, "readings");
	if (p != NULL) {
		json_readings(&j, p, false);
	} else {
		json_begin_array(&j);
		json_end_array(&j);
	}
	json_key(&j, "matches");
	json_begin_array(&j);
	for (size_t i = 0; i < st->n; i++) {
		const struct ex_match *m = &st->m[i];
		json_begin_object(&j);
		json_key(&j, "id");
		json_string(&j, m->row->id);
		json_key(&j, "stack");
		json_string(&j, stacks[m->row->stack].name);
		json_key(&j, "layer");
		json_string(&j, m->row->layer == L_TLS ? "tls" : "program");
		json_key(&j, "text");
		json_string_n(&j, st->text + m->at, m->len);
		json_key(&j, "means");
		json_string(&j, m->row->note);
		json_key(&j, "alert");
		json_alert(&j, m->alert);
		if (m->has_code) {
			json_key(&j, "openssl");
			json_openssl(&j, &m->code);
		}
		json_key(&j, "readings");
		json_readings(&j, m, true);
		json_end_object(&j);
	}
	json_end_array(&j);
	if (st->has_unknown_code) {
		json_key(&j, "openssl_unlisted");
		json_openssl(&j, &st->unknown_code);
	}
	struct ex_advice a;
	advise(st, p, &a);
	json_key(&j, "capture");
	json_begin_object(&j);
	json_key(&j, "where");
	json_string(&j, a.where);
	json_key(&j, "tcpdump");
	json_begin_array(&j);
	for (size_t k = 0; k < a.n_tcpdump; k++) {
		json_begin_object(&j);
		json_key(&j, "on");
		json_string(&j, a.tcpdump_on[k]);
		json_key(&j, "command");
		json_string(&j, a.tcpdump[k]);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_key(&j, "keylog");
	json_string(&j, keys_name(a.keys));
	json_key(&j, "keylog_why");
	json_string(&j, a.keys_why);
	json_key(&j, "keylog_how");
	if (a.keys != KEYS_NOT_NEEDED && a.keys_how != NULL)
		json_string(&j, a.keys_how);
	else
		json_null(&j);
	json_key(&j, "tlsdiag");
	json_string(&j, a.tlsdiag);
	json_end_object(&j);
	json_end_object(&j);
	fputc('\n', out);
}

/* ---- entry points ------------------------------------------------------------------- */

int explain_run(const char *message, size_t n, enum explain_side side, bool json, FILE *out)
{
	bool truncated = n > EXPLAIN_MAX_INPUT;
	size_t take = truncated ? EXPLAIN_MAX_INPUT : n;
	char *flat = malloc(take + 1);
	if (flat == NULL) {
		fprintf(stderr, "tlsdiag: out of memory\n");
		return 1;
	}
	struct ex_state st = { .text = flat };
	st.text_len = flatten(message != NULL ? message : "", message != NULL ? take : 0, flat, take + 1);
	match_rows(&st);
	match_codes(&st);
	qsort(st.m, st.n, sizeof st.m[0], match_order);
	drop_repeats(&st);
	resolve_reporters(&st, side);
	if (json)
		put_json(out, &st, n, truncated);
	else
		put_text(out, &st, n, truncated);
	free(flat);
	return st.n > 0 ? 0 : 1;
}

size_t explain_table_rows(void)
{
	return N_ROWS;
}

size_t explain_stack_count(void)
{
	return ST__COUNT;
}

const char *explain_stack_name(size_t i)
{
	return i < ST__COUNT ? stacks[i].name : NULL;
}

size_t explain_stack_rows(size_t i)
{
	size_t n = 0;
	for (size_t r = 0; r < N_ROWS; r++)
		n += (size_t)rows[r].stack == i;
	return n;
}

/* Every name of a comma-separated list a class. */
static bool classes_valid(const char *list)
{
	if (list == NULL)
		return true;
	struct ex_reading rd;
	parse_classes(list, &rd);
	size_t names = 1;
	for (const char *p = list; *p != '\0'; p++)
		names += *p == ',';
	return rd.n_cls == names;
}

const char *explain_table_check(void)
{
	for (size_t r = 0; r < N_ROWS; r++) {
		const struct ex_row *row = &rows[r];
		if (row->pat[0] == NULL || row->pat[0][0] == '\0' || row->note == NULL)
			return row->id;
		if (!classes_valid(row->by_client) || !classes_valid(row->by_server))
			return row->id;
		for (size_t k = r + 1; k < N_ROWS; k++)
			if (strcmp(rows[k].id, row->id) == 0)
				return row->id;
	}
	for (size_t i = 0; i < sizeof alert_readings / sizeof alert_readings[0]; i++)
		if (!classes_valid(alert_readings[i].server_sent) || !classes_valid(alert_readings[i].client_sent))
			return "alert_readings";
	return NULL;
}

int explain_main(const char *arg, enum explain_side side, bool json)
{
	if (strcmp(arg, "-") != 0)
		return explain_run(arg, strlen(arg), side, json, stdout);
	/* A pasted log: read whole, kept to EXPLAIN_MAX_INPUT bytes (plus one, so that
	 * explain_run can say it was cut), the rest read and counted. */
	size_t cap = EXPLAIN_MAX_INPUT + 1, n = 0, total = 0;
	char *buf = malloc(cap);
	if (buf == NULL) {
		fprintf(stderr, "tlsdiag: out of memory\n");
		return 1;
	}
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		size_t keep = got < cap - n ? got : cap - n;
		memcpy(buf + n, chunk, keep);
		n += keep;
		total += got;
	}
	if (ferror(stdin)) {
		fprintf(stderr, "tlsdiag: explain: standard input: read error\n");
		free(buf);
		return 1;
	}
	int rc = explain_run(buf, total > n ? total : n, side, json, stdout);
	free(buf);
	return rc;
}
