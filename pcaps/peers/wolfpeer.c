/* wolfpeer - a small TLS client or server on wolfSSL, for make-captures.sh
 * (scenarios-wolfssl.sh).
 *
 * The test captures need wolfSSL as it behaves in real programs: the alerts it sends,
 * when it sends them, what it puts in its hellos. This program is a thin shell around
 * the wolfSSL API (its native calls, plus the few OpenSSL-compatible ones Debian's
 * build exports for version bounds and groups): every flag sets one property of the
 * WOLFSSL_CTX or WOLFSSL object and no part of the protocol is reimplemented, so the
 * bytes on the wire are wolfSSL's own. Its flags follow peers/tlspeer.go. Built with
 *
 *     gcc -O2 -o wolfpeer wolfpeer.c -lwolfssl
 *
 *     Client:  wolfpeer -mode client -addr 198.18.1.2:443 -sni www.example.test -ca caA.pem \
 *                  [-cert client.pem -key client.key] [-min 1.2] [-max 1.3] [-request] ...
 *     Server:  wolfpeer -mode server -addr :443 -cert server.pem -key server.key \
 *                  [-ca caA.pem -verify] [-accept N] ...
 *
 * It prints one line per handshake: "handshake done: TLS1.3 CIPHER ..." or
 * "handshake error: CODE (wolfSSL's string); alert sent: ...; alert received: ...",
 * with the error code wolfSSL_get_error() reports, its text, and the last alert sent and
 * received (wolfSSL_get_alert_history). Certificate verification failures are also
 * printed as "verify error: ..." by a verify callback that keeps wolfSSL's verdict. It
 * never fails on a refused handshake: that is what the captures are made of. Exit status
 * 2 only for bad flags or unreadable files.
 *
 * Key log (-keylog FILE): Debian 12's wolfSSL 5.5.4 is built without
 * HAVE_SECRET_CALLBACK, so neither wolfSSL_CTX_set_keylog_callback nor
 * wolfSSL_set_tls13_secret_cb exists and TLS 1.3 secrets cannot be had. For TLS 1.2
 * the program writes the CLIENT_RANDOM line itself once the handshake is done
 * (wolfSSL_get_client_random, wolfSSL_SESSION_get_master_key). A build with
 * HAVE_SECRET_CALLBACK writes every secret through the library's own callback.
 */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static const char *mode, *addr, *cert_file, *key_file, *ca_file, *min_ver, *max_ver;
static const char *ciphers, *groups, *sni, *alpn, *keylog, *sni_options = "abort";
static int verify_client, request, insecure, alpn_fail, accept_n, timeout_s = 8;

/* The answer of the server: the same 28 bytes as hello.txt of s_server -WWW. */
static const char body[] = "hello from www.example.test\n";

static void fatal(const char *what, const char *arg)
{
    fprintf(stderr, "wolfpeer: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
    exit(2);
}

static void usage(void)
{
    fprintf(stderr,
        "usage: wolfpeer -mode client|server -addr ADDR [flags]\n"
        "  -addr A        client: HOST:PORT or [V6]:PORT to connect to; server: [HOST]:PORT to listen on\n"
        "  -cert F -key F certificate chain and key (PEM): the server's, or the client's to offer\n"
        "  -ca F          client: CAs trusted for the server's certificate; server: for client certificates\n"
        "  -verify        server: require a client certificate and verify it against -ca\n"
        "  -insecure      client: do not verify the server's certificate\n"
        "  -min V -max V  version bounds: 1.2 or 1.3 (default: wolfSSL's, TLS 1.2 to 1.3)\n"
        "  -ciphers L     wolfSSL_CTX_set_cipher_list: colon-separated wolfSSL names\n"
        "                 (ECDHE-RSA-AES128-GCM-SHA256, TLS13-AES128-GCM-SHA256, ...)\n"
        "  -groups L      wolfSSL_CTX_set1_groups_list: colon-separated (P-256, P-384, X25519, ...);\n"
        "                 a TLS 1.3 client sends its key share for the first\n"
        "  -sni NAME      client: server_name to send and to check the certificate against;\n"
        "                 server: the only name it serves (wolfSSL_CTX_UseSNI)\n"
        "  -sni-options O server, with -sni: abort (default: abort on a mismatch), continue,\n"
        "                 answer, absent (abort on a mismatch and on a hello without SNI)\n"
        "  -alpn L        comma-separated protocols (client: offered; server: supported)\n"
        "  -alpn-fail     WOLFSSL_ALPN_FAILED_ON_MISMATCH instead of CONTINUE_ON_MISMATCH\n"
        "  -keylog F      append the TLS secrets to F (SSLKEYLOGFILE format; TLS 1.2 only here)\n"
        "  -request       client: send GET /hello.txt HTTP/1.0 and print the answer\n"
        "  -accept N      server: exit after N connections (0: run until killed)\n"
        "  -timeout S     deadline of each socket read or write (8 s)\n");
    exit(2);
}

static int version_of(const char *v)
{
    if (strcmp(v, "1.2") == 0)
        return TLS1_2_VERSION;
    if (strcmp(v, "1.3") == 0)
        return TLS1_3_VERSION;
    if (strcmp(v, "1.1") == 0)
        return TLS1_1_VERSION;
    fatal("unknown version", v);
    return 0;
}

static void flags(int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        const char *f = argv[i];
        const char **s = NULL;
        if (strcmp(f, "-mode") == 0) s = &mode;
        else if (strcmp(f, "-addr") == 0) s = &addr;
        else if (strcmp(f, "-cert") == 0) s = &cert_file;
        else if (strcmp(f, "-key") == 0) s = &key_file;
        else if (strcmp(f, "-ca") == 0) s = &ca_file;
        else if (strcmp(f, "-min") == 0) s = &min_ver;
        else if (strcmp(f, "-max") == 0) s = &max_ver;
        else if (strcmp(f, "-ciphers") == 0) s = &ciphers;
        else if (strcmp(f, "-groups") == 0) s = &groups;
        else if (strcmp(f, "-sni") == 0) s = &sni;
        else if (strcmp(f, "-sni-options") == 0) s = &sni_options;
        else if (strcmp(f, "-alpn") == 0) s = &alpn;
        else if (strcmp(f, "-keylog") == 0) s = &keylog;
        else if (strcmp(f, "-verify") == 0) { verify_client = 1; continue; }
        else if (strcmp(f, "-insecure") == 0) { insecure = 1; continue; }
        else if (strcmp(f, "-alpn-fail") == 0) { alpn_fail = 1; continue; }
        else if (strcmp(f, "-request") == 0) { request = 1; continue; }
        else if (strcmp(f, "-accept") == 0 || strcmp(f, "-timeout") == 0) {
            if (i + 1 >= argc)
                usage();
            *(f[1] == 'a' ? &accept_n : &timeout_s) = atoi(argv[++i]);
            continue;
        } else
            usage();
        if (i + 1 >= argc)
            usage();
        *s = argv[++i];
    }
    if (!mode || !addr)
        usage();
}

/* ---------------------------------------------------------------------------------
 * Reporting. */

static const char *version_name(WOLFSSL *ssl)
{
    const char *v = wolfSSL_get_version(ssl);
    if (strcmp(v, "TLSv1.3") == 0) return "TLS1.3";
    if (strcmp(v, "TLSv1.2") == 0) return "TLS1.2";
    if (strcmp(v, "TLSv1.1") == 0) return "TLS1.1";
    return v;
}

static void describe(WOLFSSL *ssl, char *out, size_t n)
{
    char *proto = NULL;
    unsigned short plen = 0;
    WOLFSSL_X509 *peer;
    size_t k;
    k = (size_t)snprintf(out, n, "%s %s", version_name(ssl), wolfSSL_get_cipher_name(ssl));
    if (wolfSSL_ALPN_GetProtocol(ssl, &proto, &plen) == WOLFSSL_SUCCESS && proto && k < n)
        k += (size_t)snprintf(out + k, n - k, " alpn %.*s", (int)plen, proto);
    peer = wolfSSL_get_peer_certificate(ssl);
    if (peer) {
        char cn[256];
        if (wolfSSL_X509_NAME_get_text_by_NID(wolfSSL_X509_get_subject_name(peer),
                NID_commonName, cn, sizeof cn) > 0 && k < n)
            snprintf(out + k, n - k, " peer %s", cn);
        wolfSSL_X509_free(peer);
    }
}

static void alert_text(const WOLFSSL_ALERT *a, char *out, size_t n)
{
    if (a->code < 0 || a->level == 0)
        snprintf(out, n, "none");
    else {
        /* wolfSSL 5.5.4 has no name for some codes (certificate_required(116)). */
        const char *name = wolfSSL_alert_desc_string_long(a->code);
        snprintf(out, n, "%s %s(%d)", a->level == alert_fatal ? "fatal" : "warning",
            name ? name : "unnamed", a->code);
    }
}

/* report_error: wolfSSL's error for the last call on ssl, and the alerts exchanged. */
static void report_error(const char *prefix, const char *what, WOLFSSL *ssl, int ret)
{
    int err = wolfSSL_get_error(ssl, ret);
    char text[WOLFSSL_MAX_ERROR_SZ], sent[96], rcvd[96];
    WOLFSSL_ALERT_HISTORY h;
    memset(&h, 0, sizeof h);
    h.last_rx.code = h.last_tx.code = -1;
    wolfSSL_get_alert_history(ssl, &h);
    wolfSSL_ERR_error_string_n((unsigned long)err, text, sizeof text);
    alert_text(&h.last_tx, sent, sizeof sent);
    alert_text(&h.last_rx, rcvd, sizeof rcvd);
    printf("%s%s error: %d (%s); alert sent: %s; alert received: %s\n", prefix, what, err,
        text, sent, rcvd);
    fflush(stdout);
}

/* verify_cb: prints why a certificate failed and keeps wolfSSL's verdict. */
static int verify_cb(int preverify, WOLFSSL_X509_STORE_CTX *store)
{
    if (!preverify) {
        char cn[256] = "?";
        WOLFSSL_X509 *c = wolfSSL_X509_STORE_CTX_get_current_cert(store);
        if (c)
            wolfSSL_X509_NAME_get_text_by_NID(wolfSSL_X509_get_subject_name(c),
                NID_commonName, cn, sizeof cn);
        printf("verify error: depth %d, error %d (%s), subject CN %s\n",
            wolfSSL_X509_STORE_CTX_get_error_depth(store), store->error,
            wolfSSL_ERR_reason_error_string((unsigned long)store->error), cn);
        fflush(stdout);
    }
    return preverify;
}

/* ---------------------------------------------------------------------------------
 * Key log. */

static FILE *keylog_fp;

#ifdef HAVE_SECRET_CALLBACK
static void keylog_cb(const WOLFSSL *ssl, const char *line)
{
    (void)ssl;
    fprintf(keylog_fp, "%s\n", line);
    fflush(keylog_fp);
}
#endif

static void hex(FILE *f, const unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        fprintf(f, "%02x", p[i]);
}

/* keylog_tls12: after a TLS 1.2 handshake, its CLIENT_RANDOM line (unless the
 * library's own callback writes it). */
static void keylog_tls12(WOLFSSL *ssl)
{
#ifndef HAVE_SECRET_CALLBACK
    unsigned char cr[32], ms[48];
    WOLFSSL_SESSION *sess;
    if (!keylog_fp || strcmp(wolfSSL_get_version(ssl), "TLSv1.2") != 0)
        return;
    sess = wolfSSL_get_session(ssl);
    if (!sess || wolfSSL_get_client_random(ssl, cr, sizeof cr) != sizeof cr ||
        wolfSSL_SESSION_get_master_key(sess, ms, sizeof ms) != (int)sizeof ms)
        return;
    fprintf(keylog_fp, "CLIENT_RANDOM ");
    hex(keylog_fp, cr, sizeof cr);
    fputc(' ', keylog_fp);
    hex(keylog_fp, ms, sizeof ms);
    fputc('\n', keylog_fp);
    fflush(keylog_fp);
#else
    (void)ssl;
    (void)hex;
#endif
}

/* ---------------------------------------------------------------------------------
 * Setup shared by both modes. */

static WOLFSSL_CTX *context(int server)
{
    WOLFSSL_CTX *ctx = wolfSSL_CTX_new(server ? wolfSSLv23_server_method() : wolfSSLv23_client_method());
    if (!ctx)
        fatal("wolfSSL_CTX_new failed", NULL);
    if (min_ver && wolfSSL_CTX_set_min_proto_version(ctx, version_of(min_ver)) != WOLFSSL_SUCCESS)
        fatal("cannot set the lowest version", min_ver);
    if (max_ver && wolfSSL_CTX_set_max_proto_version(ctx, version_of(max_ver)) != WOLFSSL_SUCCESS)
        fatal("cannot set the highest version", max_ver);
    if (ciphers && wolfSSL_CTX_set_cipher_list(ctx, ciphers) != WOLFSSL_SUCCESS)
        fatal("cipher list refused", ciphers);
    if (groups && wolfSSL_CTX_set1_groups_list(ctx, (char *)groups) != WOLFSSL_SUCCESS)
        fatal("group list refused", groups);
    if (cert_file) {
        if (wolfSSL_CTX_use_certificate_chain_file(ctx, cert_file) != WOLFSSL_SUCCESS)
            fatal("cannot load the certificate", cert_file);
        if (wolfSSL_CTX_use_PrivateKey_file(ctx, key_file ? key_file : cert_file,
                WOLFSSL_FILETYPE_PEM) != WOLFSSL_SUCCESS)
            fatal("cannot load the key", key_file);
    }
    if (ca_file && wolfSSL_CTX_load_verify_locations(ctx, ca_file, NULL) != WOLFSSL_SUCCESS)
        fatal("cannot load the CAs", ca_file);
    if (keylog) {
        keylog_fp = fopen(keylog, "a");
        if (!keylog_fp)
            fatal("cannot open the key log", keylog);
#ifdef HAVE_SECRET_CALLBACK
        wolfSSL_CTX_set_keylog_callback(ctx, keylog_cb);
#endif
    }
    return ctx;
}

static void use_alpn(WOLFSSL *ssl)
{
    char list[1024];
    if (!alpn)
        return;
    snprintf(list, sizeof list, "%s", alpn);
    if (wolfSSL_UseALPN(ssl, list, (unsigned)strlen(list),
            alpn_fail ? WOLFSSL_ALPN_FAILED_ON_MISMATCH : WOLFSSL_ALPN_CONTINUE_ON_MISMATCH)
        != WOLFSSL_SUCCESS)
        fatal("ALPN list refused", alpn);
}

static void deadlines(int fd)
{
    struct timeval tv;
    tv.tv_sec = timeout_s;
    tv.tv_usec = 0;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* split_addr: "HOST:PORT", "[V6]:PORT" or ":PORT" into host (NULL if empty) and port. */
static void split_addr(const char *a, char *host, size_t n, const char **port)
{
    const char *colon = strrchr(a, ':');
    size_t len;
    if (!colon)
        fatal("address without a port", a);
    *port = colon + 1;
    len = (size_t)(colon - a);
    if (len >= 2 && a[0] == '[' && a[len - 1] == ']') {
        a++;
        len -= 2;
    }
    if (len >= n)
        fatal("address too long", a);
    memcpy(host, a, len);
    host[len] = '\0';
}

/* ---------------------------------------------------------------------------------
 * Client. */

static void client(void)
{
    WOLFSSL_CTX *ctx = context(0);
    WOLFSSL *ssl;
    struct addrinfo hints, *res;
    char host[256], desc[512];
    const char *port;
    int fd, ret;

    wolfSSL_CTX_set_verify(ctx, insecure ? WOLFSSL_VERIFY_NONE : WOLFSSL_VERIFY_PEER,
        insecure ? NULL : verify_cb);
    ssl = wolfSSL_new(ctx);
    if (!ssl)
        fatal("wolfSSL_new failed", NULL);
    if (sni) {
        if (wolfSSL_UseSNI(ssl, WOLFSSL_SNI_HOST_NAME, sni, (unsigned short)strlen(sni)) != WOLFSSL_SUCCESS)
            fatal("wolfSSL_UseSNI failed", sni);
        /* wolfSSL checks the name only when told to. */
        if (!insecure && wolfSSL_check_domain_name(ssl, sni) != WOLFSSL_SUCCESS)
            fatal("wolfSSL_check_domain_name failed", sni);
    }
    use_alpn(ssl);

    split_addr(addr, host, sizeof host, &port);
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    if (getaddrinfo(host, port, &hints, &res) != 0)
        fatal("bad address", addr);
    fd = socket(res->ai_family, SOCK_STREAM, 0);
    deadlines(fd);
    if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
        printf("connect error: %s\n", strerror(errno));
        return;
    }
    freeaddrinfo(res);
    wolfSSL_set_fd(ssl, fd);
    ret = wolfSSL_connect(ssl);
    if (ret != WOLFSSL_SUCCESS) {
        report_error("", "handshake", ssl, ret);
        goto out;
    }
    describe(ssl, desc, sizeof desc);
    printf("handshake done: %s\n", desc);
    fflush(stdout);
    keylog_tls12(ssl);
    if (request) {
        char req[512], buf[4096], first[128] = "";
        int total = 0, n;
        snprintf(req, sizeof req, "GET /hello.txt HTTP/1.0\r\nHost: %s\r\n\r\n",
            sni ? sni : "www.example.test");
        /* In TLS 1.3 wolfSSL_connect returns once the client's Finished is sent: a
         * server that refuses the client's certificate says so only now. */
        ret = wolfSSL_write(ssl, req, (int)strlen(req));
        if (ret <= 0) {
            report_error("", "write", ssl, ret);
            goto out;
        }
        for (;;) {
            n = wolfSSL_read(ssl, buf, sizeof buf - 1);
            if (n <= 0)
                break;
            if (total == 0) {
                buf[n] = '\0';
                snprintf(first, sizeof first, "%.*s", (int)strcspn(buf, "\r\n"), buf);
            }
            total += n;
        }
        if (total > 0)
            printf("answer: %s (%d bytes)\n", first, total);
        if (n < 0 || wolfSSL_get_error(ssl, n) != WOLFSSL_ERROR_ZERO_RETURN)
            report_error("", "read", ssl, n);
        else
            wolfSSL_shutdown(ssl);
    } else {
        wolfSSL_shutdown(ssl);
    }
out:
    fflush(stdout);
    wolfSSL_free(ssl);
    close(fd);
    wolfSSL_CTX_free(ctx);
}

/* ---------------------------------------------------------------------------------
 * Server. */

static unsigned char sni_flags(void)
{
    if (strcmp(sni_options, "abort") == 0) return 0;
    if (strcmp(sni_options, "continue") == 0) return WOLFSSL_SNI_CONTINUE_ON_MISMATCH;
    if (strcmp(sni_options, "answer") == 0) return WOLFSSL_SNI_ANSWER_ON_MISMATCH;
    if (strcmp(sni_options, "absent") == 0) return WOLFSSL_SNI_ABORT_ON_ABSENCE;
    fatal("unknown -sni-options", sni_options);
    return 0;
}

/* serve: the handshake, then an HTTP/1.0 answer to one request, then close_notify and
 * FIN. */
static void serve(WOLFSSL_CTX *ctx, int fd, const char *peer)
{
    WOLFSSL *ssl = wolfSSL_new(ctx);
    char desc[512], line[4096];
    int ret, got = 0, n;
    if (!ssl)
        fatal("wolfSSL_new failed", NULL);
    use_alpn(ssl);
    wolfSSL_set_fd(ssl, fd);
    ret = wolfSSL_accept(ssl);
    if (ret != WOLFSSL_SUCCESS) {
        char prefix[128];
        snprintf(prefix, sizeof prefix, "%s: ", peer);
        report_error(prefix, "handshake", ssl, ret);
        goto out;
    }
    describe(ssl, desc, sizeof desc);
    if (sni) {
        void *name = NULL;
        unsigned short len = wolfSSL_SNI_GetRequest(ssl, WOLFSSL_SNI_HOST_NAME, &name);
        size_t k = strlen(desc);
        snprintf(desc + k, sizeof desc - k, " sni %.*s (status %d)", (int)len,
            name ? (char *)name : "", wolfSSL_SNI_Status(ssl, WOLFSSL_SNI_HOST_NAME));
    }
    printf("%s: handshake done: %s\n", peer, desc);
    fflush(stdout);
    keylog_tls12(ssl);
    /* Read up to the end of the request's header (an empty line). */
    for (;;) {
        n = wolfSSL_read(ssl, line + got, (int)sizeof line - 1 - got);
        if (n <= 0) {
            if (wolfSSL_get_error(ssl, n) != WOLFSSL_ERROR_ZERO_RETURN)
                report_error("", "read", ssl, n);
            goto out;
        }
        got += n;
        line[got] = '\0';
        if (strstr(line, "\r\n\r\n") || strstr(line, "\n\n") || got >= (int)sizeof line - 1)
            break;
    }
    snprintf(line, sizeof line,
        "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n\r\n%s",
        strlen(body), body);
    if (wolfSSL_write(ssl, line, (int)strlen(line)) <= 0)
        report_error("", "write", ssl, -1);
    wolfSSL_shutdown(ssl);
out:
    fflush(stdout);
    wolfSSL_free(ssl);
    close(fd);
}

static void server(void)
{
    WOLFSSL_CTX *ctx = context(1);
    struct sockaddr_in6 sa;
    char host[256];
    const char *port;
    int ls, one = 1, zero = 0, n;

    if (verify_client)
        wolfSSL_CTX_set_verify(ctx, WOLFSSL_VERIFY_PEER | WOLFSSL_VERIFY_FAIL_IF_NO_PEER_CERT,
            verify_cb);
    else
        wolfSSL_CTX_set_verify(ctx, WOLFSSL_VERIFY_NONE, NULL);
    if (sni) {
        if (wolfSSL_CTX_UseSNI(ctx, WOLFSSL_SNI_HOST_NAME, sni, (unsigned short)strlen(sni)) != WOLFSSL_SUCCESS)
            fatal("wolfSSL_CTX_UseSNI failed", sni);
        wolfSSL_CTX_SNI_SetOptions(ctx, WOLFSSL_SNI_HOST_NAME, sni_flags());
    }
    split_addr(addr, host, sizeof host, &port);
    if (host[0] != '\0')
        fatal("the server listens on every address: -addr :PORT", addr);
    /* One dual-stack socket: IPv4 and IPv6. */
    ls = socket(AF_INET6, SOCK_STREAM, 0);
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(ls, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    memset(&sa, 0, sizeof sa);
    sa.sin6_family = AF_INET6;
    sa.sin6_addr = in6addr_any;
    sa.sin6_port = htons((unsigned short)atoi(port));
    if (bind(ls, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(ls, 16) != 0)
        fatal("cannot listen", strerror(errno));
    printf("listening on %s\n", addr);
    fflush(stdout);
    /* One connection after the other: the clients of a scenario run one at a time, and
     * the socket deadlines end one that never finishes its handshake. */
    for (n = 0; accept_n == 0 || n < accept_n; n++) {
        struct sockaddr_storage from;
        socklen_t fl = sizeof from;
        char h[INET6_ADDRSTRLEN + 2], p[8], peer[80];
        int fd = accept(ls, (struct sockaddr *)&from, &fl);
        if (fd < 0) {
            printf("accept error: %s\n", strerror(errno));
            continue;
        }
        deadlines(fd);
        getnameinfo((struct sockaddr *)&from, fl, h, sizeof h, p, sizeof p,
            NI_NUMERICHOST | NI_NUMERICSERV);
        /* IPv4 clients of the dual-stack socket, as plain IPv4. */
        snprintf(peer, sizeof peer, "%s:%s", strncmp(h, "::ffff:", 7) == 0 ? h + 7 : h, p);
        serve(ctx, fd, peer);
    }
    close(ls);
    wolfSSL_CTX_free(ctx);
}

int main(int argc, char **argv)
{
    flags(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (wolfSSL_Init() != WOLFSSL_SUCCESS)
        fatal("wolfSSL_Init failed", NULL);
    if (strcmp(mode, "client") == 0)
        client();
    else if (strcmp(mode, "server") == 0)
        server();
    else
        fatal("-mode must be client or server", mode);
    if (keylog_fp)
        fclose(keylog_fp);
    wolfSSL_Cleanup();
    return 0;
}
