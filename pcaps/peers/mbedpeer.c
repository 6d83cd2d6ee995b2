/* mbedpeer - a small TLS client or server on mbedTLS 2.28, for make-captures.sh
 * (scenarios-mbedtls.sh).
 *
 * The test captures need mbedTLS as it behaves in real programs: the alerts it sends,
 * when it sends them, what it puts in its hellos. This program is a thin shell around
 * mbedtls_ssl_config: every flag sets one setting of it and no part of the protocol is
 * reimplemented, so the bytes on the wire are mbedTLS's own. Built with
 *
 *	gcc -O2 -o mbedpeer mbedpeer.c -lmbedtls -lmbedx509 -lmbedcrypto
 *
 *	Client:  mbedpeer -mode client -addr 198.18.1.2:443 -sni www.example.test -ca caA.pem \
 *	             [-cert client.pem -key client.key] [-min 1.2] [-max 1.2] [-request] ...
 *
 *	Server:  mbedpeer -mode server -addr :443 -cert server.pem -key server.key \
 *	             [-ca caA.pem -verify] [-accept N] ...
 *
 * It prints one line per handshake ("handshake done: TLSv1.2 ..." or "handshake error:
 * -0xNNNN TEXT" with mbedtls_strerror's text, followed by the certificate verification
 * result or the alert received where mbedTLS has one); the scenarios check those lines.
 * It never fails on a refused handshake: that is what the captures are made of. Exit
 * status 2 only for bad flags or unreadable files.
 *
 * On a failed handshake it closes the socket without a close_notify, as mbedTLS's own
 * example programs do: whatever alert is on the wire is the library's. */

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/debug.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_ciphersuites.h>
#include <mbedtls/version.h>
#include <mbedtls/x509_crt.h>

#include <stdarg.h>
#include <strings.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The answer of the server: the same 28 bytes as hello.txt of s_server -WWW. */
static const char BODY[] = "hello from www.example.test\n";

/* Flags (see usage()). */
static const char *opt_mode, *opt_addr, *opt_cert, *opt_key, *opt_ca, *opt_min, *opt_max;
static const char *opt_ciphers, *opt_curves, *opt_sni, *opt_alpn, *opt_keylog, *opt_names;
static bool opt_verify, opt_insecure, opt_request, opt_no_default_cert;
static int opt_accept, opt_debug;
static unsigned opt_timeout_ms = 8000;

/* Lists built from the flags, 0-terminated (MBEDTLS_ECP_DP_NONE is 0). */
#define MAX_LIST 64
static int cipher_ids[MAX_LIST + 1];
static mbedtls_ecp_group_id curve_ids[MAX_LIST + 1];
static const char *alpn_list[MAX_LIST + 1];
static const char *name_list[MAX_LIST + 1];

static mbedtls_x509_crt own_cert, ca_chain;
static mbedtls_pk_context own_key;
static FILE *keylog;

static void usage(void)
{
	fputs("usage: mbedpeer -mode client|server -addr ADDR [flags]\n"
	      "  -addr HOST:PORT    client: where to connect; server: [HOST]:PORT to listen on\n"
	      "  -min V, -max V     lowest, highest version: 1.0, 1.1 or 1.2 (this build has no 1.3)\n"
	      "  -ciphers LIST      comma-separated mbedTLS suite names (TLS-ECDHE-RSA-WITH-...)\n"
	      "  -curves LIST       comma-separated curve names (x25519, secp256r1, ...), in order\n"
	      "  -cert F -key F     own certificate (PEM, chain) and key\n"
	      "  -ca F              client: CAs for the server's certificate; server: for clients'\n"
	      "  -verify            server: require and verify a client certificate\n"
	      "  -insecure          client: do not verify the server's certificate\n"
	      "  -sni NAME          client: server_name to send and to check the certificate against\n"
	      "  -alpn LIST         comma-separated ALPN protocols (offered; server: supported)\n"
	      "  -names LIST        server: the only server names served (SNI callback); others refused\n"
	      "  -no-default-cert   server, with -names: the certificate is given only by the SNI\n"
	      "                     callback, so a hello without server_name finds none\n"
	      "  -keylog F          append NSS key-log CLIENT_RANDOM lines to F\n"
	      "  -request           client: send GET /hello.txt HTTP/1.0 and print the answer\n"
	      "  -accept N          server: exit after N connections (0: run until killed)\n"
	      "  -timeout MS        read timeout of each connection (8000)\n"
	      "  -debug N           mbedTLS debug messages up to level N to standard error\n",
	      stderr);
	exit(2);
}

static void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("mbedpeer: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

/* err_text: mbedtls_strerror's text of RET, in BUF. */
static const char *err_text(int ret, char *buf, size_t size)
{
	mbedtls_strerror(ret, buf, size);
	return buf;
}

/* split: cut the comma-separated S (modified in place) into OUT, at most MAX_LIST. */
static size_t split(char *s, const char **out)
{
	size_t n = 0;
	for (char *tok = strtok(s, ","); tok != NULL; tok = strtok(NULL, ",")) {
		if (n == MAX_LIST)
			fatal("too many list items");
		out[n++] = tok;
	}
	out[n] = NULL;
	return n;
}

static int minor_of(const char *v)
{
	if (strcmp(v, "1.0") == 0)
		return MBEDTLS_SSL_MINOR_VERSION_1;
	if (strcmp(v, "1.1") == 0)
		return MBEDTLS_SSL_MINOR_VERSION_2;
	if (strcmp(v, "1.2") == 0)
		return MBEDTLS_SSL_MINOR_VERSION_3;
	fatal("unsupported version %s (this mbedTLS build speaks 1.0 to 1.2)", v);
	return 0;
}

static void parse_flags(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *f = argv[i];
		bool has_val = i + 1 < argc;
#define VAL(var)                                                                               \
	if (strcmp(f, "-" #var) == 0) {                                                        \
		if (!has_val)                                                                  \
			usage();                                                               \
		opt_##var = argv[++i];                                                         \
		continue;                                                                      \
	}
		VAL(mode) VAL(addr) VAL(cert) VAL(key) VAL(ca) VAL(min) VAL(max)
		VAL(ciphers) VAL(curves) VAL(sni) VAL(alpn) VAL(keylog) VAL(names)
#undef VAL
		if (strcmp(f, "-verify") == 0)
			opt_verify = true;
		else if (strcmp(f, "-insecure") == 0)
			opt_insecure = true;
		else if (strcmp(f, "-request") == 0)
			opt_request = true;
		else if (strcmp(f, "-no-default-cert") == 0)
			opt_no_default_cert = true;
		else if (strcmp(f, "-accept") == 0 && has_val)
			opt_accept = atoi(argv[++i]);
		else if (strcmp(f, "-timeout") == 0 && has_val)
			opt_timeout_ms = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (strcmp(f, "-debug") == 0 && has_val)
			opt_debug = atoi(argv[++i]);
		else
			usage();
	}
	if (opt_mode == NULL || opt_addr == NULL)
		usage();
}

/* ------------------------------------------------------------------------------------- */
/* Configuration. */

static void debug_cb(void *ctx, int level, const char *file, int line, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "debug %d %s:%d: %s", level, file, line, msg);
}

/* keylog_cb: mbedTLS hands over the TLS 1.2 master secret with both randoms once it has
 * derived the keys: one NSS key-log line, which tshark and tlsdiag read. */
static int keylog_cb(void *ctx, const unsigned char *ms, const unsigned char *kb, size_t maclen,
		     size_t keylen, size_t ivlen, const unsigned char client_random[32],
		     const unsigned char server_random[32], mbedtls_tls_prf_types prf)
{
	(void)ctx, (void)kb, (void)maclen, (void)keylen, (void)ivlen, (void)server_random,
		(void)prf;
	fputs("CLIENT_RANDOM ", keylog);
	for (int i = 0; i < 32; i++)
		fprintf(keylog, "%02x", client_random[i]);
	fputc(' ', keylog);
	for (int i = 0; i < 48; i++)
		fprintf(keylog, "%02x", ms[i]);
	fputc('\n', keylog);
	fflush(keylog);
	return 0;
}

/* sni_cb: name-based virtual hosting. Only the -names are served; for any other name
 * the callback returns an error and mbedTLS itself decides what the client is told. */
static int sni_cb(void *ctx, mbedtls_ssl_context *ssl, const unsigned char *name, size_t len)
{
	(void)ctx;
	for (size_t i = 0; name_list[i] != NULL; i++) {
		if (strlen(name_list[i]) == len && strncasecmp(name_list[i], (const char *)name, len) == 0) {
			printf("serving server name \"%.*s\"\n", (int)len, (const char *)name);
			fflush(stdout);
			if (opt_no_default_cert)
				return mbedtls_ssl_set_hs_own_cert(ssl, &own_cert, &own_key);
			return 0;
		}
	}
	printf("refusing server name \"%.*s\"\n", (int)len, (const char *)name);
	fflush(stdout);
	return -1;
}

static void configure(mbedtls_ssl_config *conf, bool server, mbedtls_ctr_drbg_context *drbg)
{
	char err[160];
	int ret = mbedtls_ssl_config_defaults(conf, server ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT,
					      MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
	if (ret != 0)
		fatal("config: %s", err_text(ret, err, sizeof err));
	mbedtls_ssl_conf_rng(conf, mbedtls_ctr_drbg_random, drbg);
	mbedtls_ssl_conf_read_timeout(conf, opt_timeout_ms);
	if (opt_debug > 0) {
		mbedtls_debug_set_threshold(opt_debug);
		mbedtls_ssl_conf_dbg(conf, debug_cb, NULL);
	}
	if (opt_min != NULL)
		mbedtls_ssl_conf_min_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, minor_of(opt_min));
	if (opt_max != NULL)
		mbedtls_ssl_conf_max_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, minor_of(opt_max));

	if (opt_ciphers != NULL) {
		const char *names[MAX_LIST + 1];
		size_t n = split(strdup(opt_ciphers), names);
		for (size_t i = 0; i < n; i++) {
			cipher_ids[i] = mbedtls_ssl_get_ciphersuite_id(names[i]);
			if (cipher_ids[i] == 0)
				fatal("unknown cipher suite %s", names[i]);
		}
		cipher_ids[n] = 0;
		mbedtls_ssl_conf_ciphersuites(conf, cipher_ids);
	}
	if (opt_curves != NULL) {
		const char *names[MAX_LIST + 1];
		size_t n = split(strdup(opt_curves), names);
		for (size_t i = 0; i < n; i++) {
			const mbedtls_ecp_curve_info *ci = mbedtls_ecp_curve_info_from_name(names[i]);
			if (ci == NULL)
				fatal("unknown curve %s", names[i]);
			curve_ids[i] = ci->grp_id;
		}
		curve_ids[n] = MBEDTLS_ECP_DP_NONE;
		mbedtls_ssl_conf_curves(conf, curve_ids);
	}
	if (opt_alpn != NULL) {
		split(strdup(opt_alpn), alpn_list);
		if (mbedtls_ssl_conf_alpn_protocols(conf, alpn_list) != 0)
			fatal("bad -alpn %s", opt_alpn);
	}

	if (opt_cert != NULL) {
		if (opt_key == NULL)
			fatal("-cert needs -key");
		if ((ret = mbedtls_x509_crt_parse_file(&own_cert, opt_cert)) != 0)
			fatal("%s: %s", opt_cert, err_text(ret, err, sizeof err));
		if ((ret = mbedtls_pk_parse_keyfile(&own_key, opt_key, NULL)) != 0)
			fatal("%s: %s", opt_key, err_text(ret, err, sizeof err));
		/* With -no-default-cert the certificate is handed over in the SNI callback
		 * only (mbedtls_ssl_set_hs_own_cert): the configuration has none. */
		if (!(server && opt_no_default_cert) &&
		    (ret = mbedtls_ssl_conf_own_cert(conf, &own_cert, &own_key)) != 0)
			fatal("own cert: %s", err_text(ret, err, sizeof err));
	}
	if (opt_ca != NULL) {
		if ((ret = mbedtls_x509_crt_parse_file(&ca_chain, opt_ca)) != 0)
			fatal("%s: %s", opt_ca, err_text(ret, err, sizeof err));
		mbedtls_ssl_conf_ca_chain(conf, &ca_chain, NULL);
	}
	if (server) {
		/* mbedTLS servers default to no client authentication. */
		mbedtls_ssl_conf_authmode(conf, opt_verify ? MBEDTLS_SSL_VERIFY_REQUIRED : MBEDTLS_SSL_VERIFY_NONE);
		if (opt_names != NULL) {
			split(strdup(opt_names), name_list);
			mbedtls_ssl_conf_sni(conf, sni_cb, NULL);
		} else if (opt_no_default_cert) {
			fatal("-no-default-cert needs -names");
		}
	} else if (opt_insecure) {
		mbedtls_ssl_conf_authmode(conf, MBEDTLS_SSL_VERIFY_NONE);
	}
	/* Clients default to VERIFY_REQUIRED: mbedTLS aborts on a bad server certificate. */
	if (opt_keylog != NULL) {
		keylog = fopen(opt_keylog, "a");
		if (keylog == NULL)
			fatal("%s: cannot open", opt_keylog);
		mbedtls_ssl_conf_export_keys_ext_cb(conf, keylog_cb, NULL);
	}
}

/* ------------------------------------------------------------------------------------- */
/* Reporting. */

static void describe(const mbedtls_ssl_context *ssl, const char *prefix)
{
	printf("%shandshake done: %s %s", prefix, mbedtls_ssl_get_version(ssl),
	       mbedtls_ssl_get_ciphersuite(ssl));
	const char *proto = mbedtls_ssl_get_alpn_protocol(ssl);
	if (proto != NULL)
		printf(" alpn %s", proto);
	const mbedtls_x509_crt *peer = mbedtls_ssl_get_peer_cert(ssl);
	if (peer != NULL) {
		char dn[256];
		if (mbedtls_x509_dn_gets(dn, sizeof dn, &peer->subject) > 0)
			printf(" peer %s", dn);
	}
	putchar('\n');
}

/* report_error: mbedTLS's error code and text; for a certificate that failed its check,
 * the verification flags in words; for an alert received, its code (the record just
 * read, ssl->in_msg, holds it: 2.28 has no accessor). */
static void report_error(const mbedtls_ssl_context *ssl, const char *prefix, const char *what, int ret)
{
	char err[200];
	printf("%s%s error: -0x%04x %s\n", prefix, what, (unsigned)-ret, err_text(ret, err, sizeof err));
	if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED || ret == MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE) {
		uint32_t flags = mbedtls_ssl_get_verify_result(ssl);
		char info[512];
		if (flags != 0 && flags != (uint32_t)-1 &&
		    mbedtls_x509_crt_verify_info(info, sizeof info, "", flags) > 0) {
			for (char *line = strtok(info, "\n"); line != NULL; line = strtok(NULL, "\n"))
				printf("%sverify: %s\n", prefix, line);
		}
	}
	if (ret == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE && ssl->in_msgtype == MBEDTLS_SSL_MSG_ALERT)
		printf("%salert received: level %d code %d\n", prefix, ssl->in_msg[0], ssl->in_msg[1]);
	fflush(stdout);
}

/* ------------------------------------------------------------------------------------- */
/* Client. */

/* host_port: split HOST:PORT or [HOST6]:PORT (modified in place). */
static void host_port(char *addr, char **host, char **port)
{
	char *colon = strrchr(addr, ':');
	if (colon == NULL)
		fatal("-addr %s: no port", addr);
	*colon = '\0';
	*port = colon + 1;
	*host = addr;
	if (addr[0] == '[' && colon > addr && colon[-1] == ']') {
		colon[-1] = '\0';
		*host = addr + 1;
	}
}

static void client(mbedtls_ssl_config *conf)
{
	char *host, *port, err[200];
	mbedtls_net_context net;
	mbedtls_ssl_context ssl;
	int ret;

	host_port(strdup(opt_addr), &host, &port);
	mbedtls_net_init(&net);
	mbedtls_ssl_init(&ssl);
	if ((ret = mbedtls_net_connect(&net, host, port, MBEDTLS_NET_PROTO_TCP)) != 0) {
		printf("connect error: -0x%04x %s\n", (unsigned)-ret, err_text(ret, err, sizeof err));
		return;
	}
	if ((ret = mbedtls_ssl_setup(&ssl, conf)) != 0)
		fatal("setup: %s", err_text(ret, err, sizeof err));
	/* The name to send as server_name and to check the certificate against. */
	if (opt_sni != NULL && (ret = mbedtls_ssl_set_hostname(&ssl, opt_sni)) != 0)
		fatal("hostname: %s", err_text(ret, err, sizeof err));
	mbedtls_ssl_set_bio(&ssl, &net, mbedtls_net_send, NULL, mbedtls_net_recv_timeout);

	while ((ret = mbedtls_ssl_handshake(&ssl)) != 0) {
		if (ret != MBEDTLS_ERR_SSL_WANT_READ && ret != MBEDTLS_ERR_SSL_WANT_WRITE) {
			report_error(&ssl, "", "handshake", ret);
			goto out;
		}
	}
	describe(&ssl, "");
	fflush(stdout);
	if (opt_request) {
		char req[300];
		int n = snprintf(req, sizeof req, "GET /hello.txt HTTP/1.0\r\nHost: %s\r\n\r\n",
				 opt_sni != NULL ? opt_sni : "www.example.test");
		ret = mbedtls_ssl_write(&ssl, (const unsigned char *)req, (size_t)n);
		if (ret < 0) {
			report_error(&ssl, "", "write", ret);
			goto out;
		}
		/* HTTP/1.0: the answer ends with the connection. */
		unsigned char answer[4096];
		size_t got = 0;
		for (;;) {
			ret = mbedtls_ssl_read(&ssl, answer + got, sizeof answer - 1 - got);
			if (ret > 0) {
				got += (size_t)ret;
				if (got < sizeof answer - 1)
					continue;
			}
			break;
		}
		answer[got] = '\0';
		if (got > 0)
			printf("answer: %.*s (%zu bytes)\n", (int)strcspn((char *)answer, "\r\n"),
			       (char *)answer, got);
		if (ret < 0 && ret != MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
			report_error(&ssl, "", "read", ret);
			goto out;
		}
	}
	mbedtls_ssl_close_notify(&ssl);
out:
	fflush(stdout);
	mbedtls_ssl_free(&ssl);
	mbedtls_net_free(&net);
}

/* ------------------------------------------------------------------------------------- */
/* Server. */

/* serve: the handshake, then an HTTP/1.0 answer to one request, then close_notify and
 * FIN. Connections are served one after the other: the scenarios run one client at a
 * time. */
static void serve(mbedtls_ssl_config *conf, mbedtls_net_context *conn, const char *peer)
{
	char err[200], prefix[80];
	mbedtls_ssl_context ssl;
	int ret;

	snprintf(prefix, sizeof prefix, "%s: ", peer);
	mbedtls_ssl_init(&ssl);
	if ((ret = mbedtls_ssl_setup(&ssl, conf)) != 0)
		fatal("setup: %s", err_text(ret, err, sizeof err));
	mbedtls_ssl_set_bio(&ssl, conn, mbedtls_net_send, NULL, mbedtls_net_recv_timeout);
	while ((ret = mbedtls_ssl_handshake(&ssl)) != 0) {
		if (ret != MBEDTLS_ERR_SSL_WANT_READ && ret != MBEDTLS_ERR_SSL_WANT_WRITE) {
			report_error(&ssl, prefix, "handshake", ret);
			goto out;
		}
	}
	describe(&ssl, prefix);
	fflush(stdout);
	/* Read the request up to its blank line. */
	char req[4096];
	size_t got = 0;
	while (got < sizeof req - 1) {
		ret = mbedtls_ssl_read(&ssl, (unsigned char *)req + got, sizeof req - 1 - got);
		if (ret <= 0) {
			if (ret != 0 && ret != MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY)
				report_error(&ssl, prefix, "read", ret);
			goto out;
		}
		got += (size_t)ret;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL || strstr(req, "\n\n") != NULL)
			break;
	}
	char answer[256];
	int n = snprintf(answer, sizeof answer,
			 "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n\r\n%s",
			 sizeof BODY - 1, BODY);
	if ((ret = mbedtls_ssl_write(&ssl, (const unsigned char *)answer, (size_t)n)) < 0) {
		report_error(&ssl, prefix, "write", ret);
		goto out;
	}
	mbedtls_ssl_close_notify(&ssl);
out:
	fflush(stdout);
	mbedtls_ssl_free(&ssl);
}

static void server(mbedtls_ssl_config *conf)
{
	char *host, *port, err[200];
	mbedtls_net_context listener;
	int ret;

	host_port(strdup(opt_addr), &host, &port);
	mbedtls_net_init(&listener);
	/* An empty host: every address; mbedtls_net_bind takes the first one getaddrinfo
	 * returns for a passive socket. */
	if ((ret = mbedtls_net_bind(&listener, host[0] != '\0' ? host : NULL, port, MBEDTLS_NET_PROTO_TCP)) != 0)
		fatal("bind %s: %s", opt_addr, err_text(ret, err, sizeof err));
	printf("listening on %s\n", opt_addr);
	fflush(stdout);
	for (int n = 0; opt_accept == 0 || n < opt_accept; n++) {
		mbedtls_net_context conn;
		unsigned char ip[16];
		size_t ip_len = 0;
		char peer[64];

		mbedtls_net_init(&conn);
		if ((ret = mbedtls_net_accept(&listener, &conn, ip, sizeof ip, &ip_len)) != 0) {
			printf("accept error: %s\n", err_text(ret, err, sizeof err));
			continue;
		}
		if (ip_len == 4)
			snprintf(peer, sizeof peer, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
		else
			snprintf(peer, sizeof peer, "peer");
		serve(conf, &conn, peer);
		mbedtls_net_free(&conn);
	}
	mbedtls_net_free(&listener);
}

int main(int argc, char **argv)
{
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	mbedtls_ssl_config conf;
	char err[160];
	int ret;

	parse_flags(argc, argv);
	bool is_server = strcmp(opt_mode, "server") == 0;
	if (!is_server && strcmp(opt_mode, "client") != 0)
		fatal("-mode must be client or server");
	mbedtls_entropy_init(&entropy);
	mbedtls_ctr_drbg_init(&drbg);
	mbedtls_ssl_config_init(&conf);
	mbedtls_x509_crt_init(&own_cert);
	mbedtls_x509_crt_init(&ca_chain);
	mbedtls_pk_init(&own_key);
	if ((ret = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy,
					 (const unsigned char *)"mbedpeer", 8)) != 0)
		fatal("random: %s", err_text(ret, err, sizeof err));
	configure(&conf, is_server, &drbg);
	if (is_server)
		server(&conf);
	else
		client(&conf);
	mbedtls_ssl_config_free(&conf);
	mbedtls_x509_crt_free(&own_cert);
	mbedtls_x509_crt_free(&ca_chain);
	mbedtls_pk_free(&own_key);
	mbedtls_ctr_drbg_free(&drbg);
	mbedtls_entropy_free(&entropy);
	if (keylog != NULL)
		fclose(keylog);
	return 0;
}
