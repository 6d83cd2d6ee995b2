/*
 * explain_table.c — what tlsdiag explain knows (explain_table.h): the messages of each
 * TLS stack and program, each row citing where its text comes from, and what an alert
 * means by who sent it. The alerts a row names are those the stack was seen to send in
 * tests/explain/collect.sh's runs, where it ran; else its source's.
 *
 * Data only: matching is explain.c's.
 */
#include "explain_table.h"

const struct ex_stack_info explain_stacks[ST__COUNT] = {
	/* s_client -keylogfile (openssl-s_client(1), OpenSSL 1.1.1 and later); programs
	 * linking libssl only through SSL_CTX_set_keylog_callback(3). */
	[ST_OPENSSL] = { "OpenSSL", "openssl s_client -keylogfile keys.log ...; a program linking OpenSSL only "
				   "if it calls SSL_CTX_set_keylog_callback (curl and Python do: see those)" },
	/* Chrome and Chromium read SSLKEYLOGFILE at start (net/ssl, also --ssl-key-log-file). */
	[ST_BORINGSSL] = { "BoringSSL/Chrome", "SSLKEYLOGFILE=/tmp/keys.log chromium (or --ssl-key-log-file=/tmp/keys.log)" },
	/* GnuTLS 3.4.2 and later read SSLKEYLOGFILE (gnutls manual, "Debugging and auditing"). */
	[ST_GNUTLS] = { "GnuTLS", "SSLKEYLOGFILE=/tmp/keys.log gnutls-cli ... (any GnuTLS program)" },
	/* NSS reads SSLKEYLOGFILE (lib/ssl/sslsock.c, ssl_keylog) when built to: Debian 12's
	 * libssl3.so holds no such string, and tstclnt and selfserv write none. */
	[ST_NSS] = { "NSS/Firefox", "SSLKEYLOGFILE=/tmp/keys.log firefox (NSS reads it only when built with "
				   "NSS_ALLOW_SSLKEYLOGFILE: Firefox's is, Debian 12's libnss3 is not)" },
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

#define SERVER_FIRST "no_shared_cipher,version_mismatch"
#define CERT_BY_CLIENT "server_cert_rejected"
#define CERT_BY_SERVER "client_cert_rejected"
#define CLOSED_BY_CLIENT "server_reset,middlebox_reset"
#define CLOSED_BY_SERVER "unknown_failure,middlebox_reset"

const struct ex_row explain_rows[] = {
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
	  .alert = 20, .sender = S_SELF, .by_client = "protocol_error", .by_server = "protocol_error,server_cert_rejected",
	  .reason = 281,
	  .note = "a record failed its integrity check: corruption on the path, a broken TLS offload, or (a TLS 1.3 "
		  "server, right after its flight) a client's alert in clear refusing the certificate" },
	/* BoringSSL reads an OpenSSL client's 7-byte clear-text TLS 1.3 alert as a record too
	 * short for its AEAD, then fails to decrypt it (seen from bssl-tool server). */
	{ .id = "openssl.bad_packet_length", .stack = ST_OPENSSL, .pat = { "bad packet length" }, .alert = A_NONE,
	  .by_client = "protocol_error", .by_server = "server_cert_rejected,protocol_error", .reason = 115,
	  .note = "a record shorter than its cipher allows: in TLS 1.3, often the peer's alert sent in clear" },
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
	/* BoringSSL's error lines name no function: "error:1000007d:SSL
	 * routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED". The reason name after it is
	 * matched by the OpenSSL rows (the names are shared); the codes are numbered apart. */
	{ .id = "boringssl.error_line", .stack = ST_BORINGSSL, .pat = { ":openssl internal:" }, .layer = L_PROGRAM,
	  .alert = A_NONE, .note = "the error queue of BoringSSL (Chrome, Android, bssl, gRPC): its reason is explained above" },
	/* The bssl tool's words for SSL_ERROR_ZERO_RETURN and EOF (tool/transport_common.cc):
	 * "Error while connecting: peer closed connection". */
	{ .id = "boringssl.peer_closed_connection", .stack = ST_BORINGSSL, .pat = { "peer closed connection" },
	  .alert = A_NONE, .by_client = "server_reset,no_shared_cipher,middlebox_reset", .by_server = CLOSED_BY_SERVER,
	  .where = W_BOTH, .note = "the peer closed during the handshake without an alert" },

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

	/* ---- NSS (lib/ssl/sslerr.h and SSLerrs.h, lib/util/secerr.h and SECerrs.h, mozpkix's
	 * pkixnss.h) ---- */
	/* Its programs print an error's name (SSL_ERROR_...), its text (PR_ErrorToString), its
	 * number ("returned error -12279", curl's "NSS error -12286"), or all three. The texts
	 * and numbers here are Debian 12's libnss3 3.87's. */
	/* The *_ALERT errors are alerts received from the peer (ssl3con.c, ssl3_HandleAlert). */
	{ .id = "nss.handshake_failure_alert", .stack = ST_NSS,
	  .pat = { "ssl error handshake failure alert", "ssl peer was unable to negotiate an acceptable set of security parameters" },
	  .nss_error = -12227, .alert = 40, .sender = S_PEER, .note = "the peer sent handshake_failure" },
	{ .id = "nss.bad_cert_alert", .stack = ST_NSS,
	  .pat = { "ssl error bad cert alert", "ssl peer cannot verify your certificate" }, .nss_error = -12271,
	  .alert = 42, .sender = S_PEER, .note = "the peer sent bad_certificate" },
	{ .id = "nss.unsupported_cert_alert", .stack = ST_NSS,
	  .pat = { "ssl error unsupported cert alert", "ssl peer does not support certificates of the type it received" },
	  .nss_error = -12225, .alert = 43, .sender = S_PEER, .note = "the peer sent unsupported_certificate" },
	{ .id = "nss.revoked_cert_alert", .stack = ST_NSS,
	  .pat = { "ssl error revoked cert alert", "ssl peer rejected your certificate as revoked" }, .nss_error = -12270,
	  .alert = 44, .sender = S_PEER, .note = "the peer sent certificate_revoked" },
	{ .id = "nss.expired_cert_alert", .stack = ST_NSS,
	  .pat = { "ssl error expired cert alert", "ssl peer rejected your certificate as expired" }, .nss_error = -12269,
	  .alert = 45, .sender = S_PEER, .note = "the peer sent certificate_expired" },
	{ .id = "nss.certificate_unknown_alert", .stack = ST_NSS,
	  .pat = { "ssl error certificate unknown alert", "ssl peer had some unspecified issue with the certificate it received" },
	  .nss_error = -12224, .alert = 46, .sender = S_PEER, .note = "the peer sent certificate_unknown" },
	{ .id = "nss.illegal_parameter_alert", .stack = ST_NSS,
	  .pat = { "ssl error illegal parameter alert", "ssl peer rejected a handshake message for unacceptable content" },
	  .nss_error = -12226, .alert = 47, .sender = S_PEER, .note = "the peer sent illegal_parameter" },
	{ .id = "nss.unknown_ca_alert", .stack = ST_NSS,
	  .pat = { "ssl error unknown ca alert", "peer does not recognize and trust the ca that issued your certificate" },
	  .nss_error = -12195, .alert = 48, .sender = S_PEER, .note = "the peer sent unknown_ca" },
	{ .id = "nss.access_denied_alert", .stack = ST_NSS,
	  .pat = { "ssl error access denied alert", "peer received a valid certificate, but access was denied" },
	  .nss_error = -12194, .alert = 49, .sender = S_PEER, .note = "the peer sent access_denied" },
	{ .id = "nss.decode_error_alert", .stack = ST_NSS,
	  .pat = { "ssl error decode error alert", "peer could not decode an ssl handshake message" }, .nss_error = -12193,
	  .alert = 50, .sender = S_PEER, .note = "the peer sent decode_error" },
	{ .id = "nss.decrypt_error_alert", .stack = ST_NSS,
	  .pat = { "ssl error decrypt error alert", "peer reports failure of signature verification or key exchange" },
	  .nss_error = -12192, .alert = 51, .sender = S_PEER, .note = "the peer sent decrypt_error" },
	{ .id = "nss.protocol_version_alert", .stack = ST_NSS,
	  .pat = { "ssl error protocol version alert", "peer reports incompatible or unsupported protocol version" },
	  .nss_error = -12190, .alert = 70, .sender = S_PEER, .note = "the peer sent protocol_version" },
	{ .id = "nss.insufficient_security_alert", .stack = ST_NSS,
	  .pat = { "ssl error insufficient security alert", "server requires ciphers more secure than those supported by client" },
	  .nss_error = -12189, .alert = 71, .sender = S_PEER, .note = "the peer sent insufficient_security" },
	{ .id = "nss.internal_error_alert", .stack = ST_NSS,
	  .pat = { "ssl error internal error alert", "peer reports it experienced an internal error" }, .nss_error = -12188,
	  .alert = 80, .sender = S_PEER, .note = "the peer sent internal_error" },
	{ .id = "nss.inappropriate_fallback_alert", .stack = ST_NSS,
	  .pat = { "ssl error inappropriate fallback alert",
		   "the server rejected the handshake because the client downgraded to a lower tls version" },
	  .nss_error = -12157, .alert = 86, .sender = S_PEER, .note = "the peer sent inappropriate_fallback" },
	{ .id = "nss.unrecognized_name_alert", .stack = ST_NSS,
	  .pat = { "ssl error unrecognized name alert", "ssl peer has no certificate for the requested dns name" },
	  .nss_error = -12182, .alert = 112, .sender = S_PEER, .note = "the peer sent unrecognized_name" },
	{ .id = "nss.certificate_required_alert", .stack = ST_NSS,
	  .pat = { "ssl error rx certificate required alert", "ssl received a certificate required alert" },
	  .nss_error = -12107, .alert = 116, .sender = S_PEER, .note = "the peer sent certificate_required" },
	{ .id = "nss.bad_mac_alert", .stack = ST_NSS,
	  .pat = { "ssl error bad mac alert", "ssl peer reports incorrect message authentication code" }, .nss_error = -12272,
	  .alert = 20, .sender = S_PEER, .note = "the peer sent bad_record_mac" },
	{ .id = "nss.next_protocol_no_protocol", .stack = ST_NSS,
	  .pat = { "ssl error next protocol no protocol", "ssl error no application protocol alert",
		   "the server supports no protocols that the client advertises in the alpn extension" },
	  .nss_error = -12158, .alert = 120, .sender = S_PEER, .by_client = "alpn_mismatch", .by_server = "alpn_mismatch",
	  .note = "no ALPN protocol in common" },
	/* The one error for a server finding no suite and a client receiving its
	 * handshake_failure for it (seen from tstclnt against an OpenSSL server). */
	{ .id = "nss.no_cypher_overlap", .stack = ST_NSS,
	  .pat = { "ssl error no cypher overlap", "cannot communicate securely with peer: no common encryption algorithm" },
	  .nss_error = -12286, .alert = 40, .sender = S_SERVER, .by_client = SERVER_FIRST, .by_server = "no_shared_cipher",
	  .note = "no cipher suite in common: the server refused with handshake_failure (a client of NSS reports "
		  "it with the server's own words)" },
	{ .id = "nss.unsupported_version", .stack = ST_NSS,
	  .pat = { "ssl error unsupported version", "peer using unsupported version of security protocol" },
	  .nss_error = -12279, .alert = 70, .sender = S_SELF, .by_client = "version_mismatch", .by_server = "version_mismatch",
	  .note = "the peer's version is outside the range this side allows" },
	/* selfserv asking for a certificate the client did not send: in TLS 1.3 NSS then sends
	 * certificate_required (seen), in TLS 1.2 handshake_failure. A client prints it when it
	 * has no certificate or key to send. */
	{ .id = "nss.no_certificate", .stack = ST_NSS,
	  .pat = { "ssl error no certificate", "unable to find the certificate or key necessary for authentication" },
	  .nss_error = -12285, .alert = 116, .sender = S_SERVER, .by_client = "client_cert_missing",
	  .by_server = "client_cert_missing",
	  .note = "no client certificate: the server required one and got none, or the client has none to send" },
	{ .id = "nss.rx_record_too_long", .stack = ST_NSS,
	  .pat = { "ssl error rx record too long", "ssl received a record that exceeded the maximum permissible length" },
	  .nss_error = -12263, .alert = A_NONE, .by_client = "not_tls,protocol_error", .by_server = "not_tls,protocol_error",
	  .note = "the bytes read as a record are not TLS: plain HTTP answered on a TLS port" },
	/* A TLS 1.3 server reading a record in clear where it expects an encrypted one, and
	 * answering unexpected_message: most often an OpenSSL client's clear-text alert after
	 * the server's flight, refusing its certificate (seen from selfserv, the alert in the
	 * capture's place and size). */
	{ .id = "nss.rx_unexpected_record_type", .stack = ST_NSS,
	  .pat = { "ssl error rx unexpected record type", "ssl received an unexpected record type" }, .nss_error = -12109,
	  .alert = 10, .sender = S_SELF, .by_client = "protocol_error", .by_server = "server_cert_rejected,protocol_error",
	  .note = "a record of a type not allowed here (a TLS 1.3 server reading a client's clear-text alert)" },
	{ .id = "nss.unknown_issuer", .stack = ST_NSS,
	  .pat = { "sec error unknown issuer", "peer's certificate issuer is not recognized" }, .nss_error = -8179,
	  .alert = 48, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "the issuer is not trusted: a private CA, a missing intermediate (NSS sends unknown_ca)" },
	{ .id = "nss.untrusted_issuer", .stack = ST_NSS,
	  .pat = { "sec error untrusted issuer", "peer's certificate issuer has been marked as not trusted" },
	  .nss_error = -8172, .alert = 48, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "the issuer is distrusted in this database (its trust flags)" },
	{ .id = "nss.self_signed", .stack = ST_NSS, .pat = { "mozilla pkix error self signed cert" }, .alert = 48,
	  .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "a self-signed certificate that is not itself trusted" },
	{ .id = "nss.expired_certificate", .stack = ST_NSS,
	  .pat = { "sec error expired certificate", "peer's certificate has expired" }, .nss_error = -8181, .alert = 45,
	  .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "the certificate has expired (or this side's clock is wrong); NSS sends certificate_expired" },
	{ .id = "nss.expired_issuer_certificate", .stack = ST_NSS,
	  .pat = { "sec error expired issuer certificate", "the certificate issuer's certificate has expired" },
	  .nss_error = -8162, .alert = 45, .sender = S_SELF, .by_client = CERT_BY_CLIENT, .by_server = CERT_BY_SERVER,
	  .note = "an issuer of the chain has expired (or this side's clock is wrong)" },
	{ .id = "nss.bad_cert_domain", .stack = ST_NSS,
	  .pat = { "ssl error bad cert domain", "requested domain name does not match the server's certificate" },
	  .nss_error = -12276, .reporter = R_CLIENT, .alert = 42, .sender = S_SELF, .by_client = CERT_BY_CLIENT,
	  .note = "the certificate does not name the host asked for (NSS sends bad_certificate)" },
	{ .id = "nss.end_of_file", .stack = ST_NSS, .pat = { "pr end of file error", "encountered end of file" },
	  .nss_error = -5938, .alert = A_NONE, .by_client = "server_reset,no_shared_cipher,middlebox_reset",
	  .by_server = CLOSED_BY_SERVER, .where = W_BOTH,
	  .note = "the peer closed during the handshake without an alert (servers that refuse this way)" },
	/* NSS's own test client and server (libnss3-tools), used to try a server or a client
	 * by hand: their name tells the side of the error they print. */
	{ .id = "nss.tstclnt", .stack = ST_NSS, .pat = { "tstclnt: " }, .reporter = R_CLIENT, .layer = L_PROGRAM,
	  .alert = A_NONE, .note = "NSS's test client (tstclnt) printed the error" },
	{ .id = "nss.selfserv", .stack = ST_NSS, .pat = { "selfserv: " }, .reporter = R_SERVER, .layer = L_PROGRAM,
	  .alert = A_NONE, .note = "NSS's test server (selfserv) printed the error" },
	{ .id = "nss.connect_reset", .stack = ST_NSS, .pat = { "pr connect reset error", "tcp connection reset by peer" },
	  .nss_error = -5961, .alert = A_NONE, .by_client = "middlebox_reset,server_reset", .by_server = CLOSED_BY_SERVER,
	  .where = W_BOTH, .note = "a TCP reset during the handshake" },

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
	/* _ssl.c: SSL_ERROR_EOF, "EOF occurred in violation of protocol"; SSL_ERROR_ZERO_RETURN
	 * raised as SSLZeroReturnError (seen for a server's bare close with Debian 12's 3.11). */
	{ .id = "python.eof_violation", .stack = ST_PYTHON, .pat = { "eof occurred in violation of protocol" },
	  .alert = A_NONE, .by_client = "server_reset,middlebox_reset,no_shared_cipher", .by_server = CLOSED_BY_SERVER,
	  .where = W_BOTH, .note = "the peer closed the TCP connection during the handshake without an alert" },
	{ .id = "python.zero_return", .stack = ST_PYTHON,
	  .pat = { "sslzeroreturnerror", "tls/ssl connection has been closed (eof)" }, .alert = A_NONE,
	  .by_client = CLOSED_BY_CLIENT ",unknown_failure", .by_server = CLOSED_BY_SERVER, .where = W_BOTH,
	  .note = "the peer closed: with close_notify, or with a bare TCP close that Python 3.10 to 3.11 read as one "
		  "(they set SSL_OP_IGNORE_UNEXPECTED_EOF); during the handshake a refusal without reason" },
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
	/* AH02276 with the certificate's subject and issuer (2.4.71 logs this one), AH02039
	 * without. */
	{ .id = "apache.certificate_verification_error", .stack = ST_APACHE,
	  .pat = { "ah02039: certificate verification: error", "ah02276: certificate verification: error" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE, .sender = S_SELF, .by_server = CERT_BY_SERVER,
	  .note = "SSLVerifyClient require: the client's certificate failed; (N) is OpenSSL's verify error "
		  "(20 unknown issuer, 10 expired, 18/19 self-signed)" },
	/* "AH02008: SSL library error 1 in handshake", then on a line of its own "SSL Library
	 * Error: error:0A000102:SSL routines::unsupported protocol": the second says why. */
	{ .id = "apache.ssl_library_error", .stack = ST_APACHE,
	  .pat = { "ah02008: ssl library error", "ssl library error: " }, .reporter = R_SERVER, .layer = L_PROGRAM,
	  .alert = A_NONE, .note = "mod_ssl logs OpenSSL's error: the error:... part is explained above" },
	{ .id = "apache.http_on_https_port", .stack = ST_APACHE, .pat = { "ah01996: ssl handshake failed: http spoken on https port" },
	  .reporter = R_SERVER, .layer = L_PROGRAM, .alert = A_NONE, .by_server = "not_tls",
	  .note = "a plain HTTP request on a TLS port; mod_ssl answers with an HTTP 400 page in clear" },
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

const size_t explain_n_rows = sizeof explain_rows / sizeof explain_rows[0];

/* From SPEC.md's classes: an alert from the server refusing the hello is about what the
 * client offered (or its certificate); one from the client is about what the server
 * answered (its certificate, its choices). */
const struct ex_alert_reading explain_alert_readings[] = {
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
const size_t explain_n_alert_readings = sizeof explain_alert_readings / sizeof explain_alert_readings[0];

/* An alert's name as the stacks write it, where it differs from IANA's (with '_' read as
 * a space): OpenSSL's (ssl/ssl_err.c), Go's (alert.go alertText), GnuTLS's. */
const struct ex_alert_alias explain_alert_aliases[] = {
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
const size_t explain_n_alert_aliases = sizeof explain_alert_aliases / sizeof explain_alert_aliases[0];

/* One line for each class: SPEC.md's "when", shortened. */
const char *const explain_class_when[CLASS__COUNT] = {
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
