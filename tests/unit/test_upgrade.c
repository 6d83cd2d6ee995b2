/*
 * test_upgrade.c — unit tests of the clear-text dialogues before TLS (include/upgrade.h,
 * src/upgrade.c).
 *
 * Each dialogue is written out as the two sides would send it (the servers' words are
 * those of Postfix, Dovecot, vsftpd, INN, Prosody, OpenLDAP, PostgreSQL, MariaDB,
 * squid and dante), and fed three ways — each message whole, in 3-byte pieces and byte
 * by byte — which must give the same facts: segment boundaries are the network's, not
 * the protocol's. Hostile input (lines longer than the bound, lying BER and SOCKS
 * lengths, binary noise) must stop the following quietly, never read past the bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bounds.h"
#include "facts.h"
#include "upgrade.h"

struct turn {
	enum side from;
	const char *bytes;
	size_t len; /* 0: strlen(bytes) */
};

#define C(s) { SIDE_CLIENT, s, sizeof s - 1 }
#define S(s) { SIDE_SERVER, s, sizeof s - 1 }

/* Feeds the steps in pieces of `piece` bytes (0: each step whole) into a fresh facts,
 * for a server on `port`. */
static struct facts *run_pieces(const struct turn *steps, size_t n, uint16_t port, size_t piece)
{
	struct facts *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->server.port = port;
	struct upgrade_state *st = NULL;
	double t = 0;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = (const uint8_t *)steps[i].bytes;
		size_t len = steps[i].len;
		size_t k = piece == 0 ? len : piece;
		t += 0.001;
		for (size_t at = 0; at < len; at += k)
			upgrade_feed(&st, f, steps[i].from, p + at, len - at < k ? len - at : k, t);
	}
	upgrade_free(st);
	return f;
}

/* The facts the three ways of feeding agree on, or a failed test. */
static struct facts *run(const struct turn *steps, size_t n, uint16_t port)
{
	struct facts *whole = run_pieces(steps, n, port, 0);
	static const size_t pieces[] = { 3, 1 };
	for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
		struct facts *cut = run_pieces(steps, n, port, pieces[i]);
		const struct upgrade_fact *a = &whole->upgrade, *b = &cut->upgrade;
		assert_int_equal(a->kind, b->kind);
		assert_int_equal(a->requested, b->requested);
		assert_int_equal(a->answer, b->answer);
		assert_int_equal(a->offers_seen, b->offers_seen);
		assert_int_equal(a->offered, b->offered);
		assert_int_equal(a->client_quit, b->client_quit);
		assert_int_equal(a->client_went_on, b->client_went_on);
		assert_int_equal(a->refusals, b->refusals);
		assert_int_equal(a->code, b->code);
		assert_string_equal(a->request, b->request);
		assert_string_equal(a->reply, b->reply);
		assert_string_equal(a->greeting, b->greeting);
		assert_string_equal(a->target, b->target);
		free(cut);
	}
	return whole;
}

#define RUN(steps, port) run(steps, sizeof steps / sizeof steps[0], port)

static void smtp_starttls_accepted(void **state)
{
	(void)state;
	static const struct turn d[] = {
		S("220 mail.example.test ESMTP Postfix (Debian/GNU)\r\n"),
		C("EHLO client.example.test\r\n"),
		S("250-mail.example.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250 CHUNKING\r\n"),
		C("STARTTLS\r\n"),
		S("220 2.0.0 Ready to start TLS\r\n"),
	};
	struct facts *f = RUN(d, 25);
	const struct upgrade_fact *u = &f->upgrade;
	assert_int_equal(u->kind, UPGRADE_SMTP);
	assert_true(u->requested);
	assert_int_equal(u->answer, UPGRADE_ACCEPTED);
	assert_int_equal(u->code, 220);
	assert_true(u->offers_seen);
	assert_true(u->offered);
	assert_string_equal(u->request, "STARTTLS");
	assert_string_equal(u->reply, "220 2.0.0 Ready to start TLS");
	assert_string_equal(u->greeting, "220 mail.example.test ESMTP Postfix (Debian/GNU)");
	assert_string_equal(upgrade_outcome_name(u), "accepted");
	free(f);
}

static void smtp_starttls_refused(void **state)
{
	(void)state;
	static const struct turn d[] = {
		S("220 mail.example.test ESMTP\r\n"),
		C("EHLO c\r\n"),
		S("250-mail.example.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n"),
		C("STARTTLS\r\n"),
		S("454 4.7.0 TLS not available due to local problem\r\n"),
		C("QUIT\r\n"),
		S("221 2.0.0 Bye\r\n"),
	};
	struct facts *f = RUN(d, 587);
	const struct upgrade_fact *u = &f->upgrade;
	assert_int_equal(u->answer, UPGRADE_REFUSED);
	assert_int_equal(u->code, 454);
	assert_int_equal(u->refusals, 1);
	assert_true(u->client_quit);
	assert_false(u->client_went_on);
	assert_string_equal(upgrade_outcome_name(u), "refused");
	free(f);
}

static void smtp_not_offered(void **state)
{
	(void)state;
	static const struct turn quit[] = {
		S("220-mail.example.test ESMTP\r\n220 welcome\r\n"),
		C("EHLO c\r\n"),
		S("250-mail.example.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n"),
		C("QUIT\r\n"),
	};
	struct facts *f = RUN(quit, 25);
	assert_true(f->upgrade.offers_seen);
	assert_false(f->upgrade.offered);
	assert_false(f->upgrade.requested);
	assert_true(f->upgrade.client_quit);
	assert_string_equal(upgrade_outcome_name(&f->upgrade), "not_offered");
	free(f);
	static const struct turn on[] = {
		S("220 mail.example.test ESMTP\r\n"),
		C("EHLO c\r\n"),
		S("250 mail.example.test\r\n"),
		C("MAIL FROM:<a@example.test>\r\n"),
	};
	f = RUN(on, 25);
	assert_true(f->upgrade.client_went_on);
	free(f);
}

static void ftp_auth_tls(void **state)
{
	(void)state;
	static const struct turn ok[] = {
		S("220 (vsFTPd 3.0.3)\r\n"),
		C("FEAT\r\n"),
		S("211-Features:\r\n AUTH SSL\r\n AUTH TLS\r\n EPRT\r\n PBSZ\r\n211 End\r\n"),
		C("AUTH TLS\r\n"),
		S("234 Proceed with negotiation.\r\n"),
	};
	struct facts *f = RUN(ok, 21);
	assert_int_equal(f->upgrade.kind, UPGRADE_FTP);
	assert_true(f->upgrade.offered);
	assert_int_equal(f->upgrade.answer, UPGRADE_ACCEPTED);
	assert_int_equal(f->upgrade.code, 234);
	free(f);
	/* On another port, the greeting and the first command say FTP. */
	static const struct turn refused[] = {
		S("220 (vsFTPd 3.0.3)\r\n"),
		C("AUTH TLS\r\n"),
		S("530 Please login with USER and PASS.\r\n"),
	};
	f = RUN(refused, 2100);
	assert_int_equal(f->upgrade.kind, UPGRADE_FTP);
	assert_int_equal(f->upgrade.answer, UPGRADE_REFUSED);
	assert_int_equal(f->upgrade.code, 530);
	free(f);
}

static void imap_and_pop3(void **state)
{
	(void)state;
	static const struct turn imap[] = {
		S("* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS LOGINDISABLED] Dovecot (Debian) ready.\r\n"),
		C("a1 STARTTLS\r\n"),
		S("a1 OK Begin TLS negotiation now.\r\n"),
	};
	struct facts *f = RUN(imap, 143);
	assert_int_equal(f->upgrade.kind, UPGRADE_IMAP);
	assert_true(f->upgrade.offered);
	assert_int_equal(f->upgrade.answer, UPGRADE_ACCEPTED);
	free(f);
	static const struct turn imap_bad[] = {
		S("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready.\r\n"),
		C("A STARTTLS\r\n"),
		S("* BAD unrelated\r\nA BAD TLS support isn't enabled.\r\n"),
		C("B LOGOUT\r\n"),
	};
	f = RUN(imap_bad, 143);
	assert_true(f->upgrade.offers_seen);
	assert_false(f->upgrade.offered);
	assert_int_equal(f->upgrade.answer, UPGRADE_REFUSED);
	assert_string_equal(f->upgrade.reply, "A BAD TLS support isn't enabled.");
	assert_true(f->upgrade.client_quit);
	free(f);
	static const struct turn pop3[] = {
		S("+OK Dovecot (Debian) ready.\r\n"),
		C("CAPA\r\n"),
		S("+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nSTLS\r\nSASL\r\n.\r\n"),
		C("STLS\r\n"),
		S("+OK Begin TLS negotiation now.\r\n"),
	};
	f = RUN(pop3, 110);
	assert_int_equal(f->upgrade.kind, UPGRADE_POP3);
	assert_true(f->upgrade.offers_seen);
	assert_true(f->upgrade.offered);
	assert_int_equal(f->upgrade.answer, UPGRADE_ACCEPTED);
	free(f);
}

static void nntp_starttls(void **state)
{
	(void)state;
	static const struct turn d[] = {
		S("200 news.example.test InterNetNews NNRP server INN 2.7.1 ready (posting ok)\r\n"),
		C("CAPABILITIES\r\n"),
		S("101 Capability list:\r\nVERSION 2\r\nREADER\r\nSTARTTLS\r\n.\r\n"),
		C("STARTTLS\r\n"),
		S("580 Can not initiate TLS negotiation\r\n"),
	};
	struct facts *f = RUN(d, 119);
	assert_int_equal(f->upgrade.kind, UPGRADE_NNTP);
	assert_true(f->upgrade.offered);
	assert_int_equal(f->upgrade.answer, UPGRADE_REFUSED);
	assert_int_equal(f->upgrade.code, 580);
	free(f);
}

static void xmpp_starttls(void **state)
{
	(void)state;
	static const struct turn d[] = {
		C("<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client' to='example.test' version='1.0'>"),
		S("<?xml version='1.0'?><stream:stream xmlns='jabber:client' from='example.test' id='x1' version='1.0' xmlns:stream='http://etherx.jabber.org/streams'>"
		  "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>"),
		C("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"),
		S("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"),
	};
	struct facts *f = RUN(d, 5222);
	assert_int_equal(f->upgrade.kind, UPGRADE_XMPP);
	assert_true(f->upgrade.offered);
	assert_int_equal(f->upgrade.answer, UPGRADE_ACCEPTED);
	assert_string_equal(f->upgrade.target, "example.test");
	free(f);
	static const struct turn none[] = {
		C("<stream:stream to='example.test' version='1.0'>"),
		S("<stream:stream from='example.test'><stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/></stream:features>"),
		C("</stream:stream>"),
	};
	f = RUN(none, 5222);
	assert_true(f->upgrade.offers_seen);
	assert_false(f->upgrade.offered);
	assert_true(f->upgrade.client_quit);
	free(f);
}

/* LDAP's StartTLS: ExtendedRequest (message 1) and an ExtendedResponse refusing it. */
static void ldap_starttls(void **state)
{
	(void)state;
	static const char request[] = "\x30\x1d\x02\x01\x01\x77\x18\x80\x16" "1.3.6.1.4.1.1466.20037";
	static const char refused[] = "\x30\x2a\x02\x01\x01\x78\x25\x0a\x01\x02\x04\x00\x04\x1e"
				      "unsupported extended operation";
	static const char ok[] = "\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x00\x04\x00\x04\x00";
	static const struct turn d[] = {
		{ SIDE_CLIENT, request, sizeof request - 1 },
		{ SIDE_SERVER, refused, sizeof refused - 1 },
	};
	struct facts *f = RUN(d, 389);
	assert_int_equal(f->upgrade.kind, UPGRADE_LDAP);
	assert_true(f->upgrade.requested);
	assert_int_equal(f->upgrade.answer, UPGRADE_REFUSED);
	assert_int_equal(f->upgrade.code, 2);
	assert_string_equal(f->upgrade.reply, "resultCode 2 (protocolError): unsupported extended operation");
	free(f);
	static const struct turn d2[] = {
		{ SIDE_CLIENT, request, sizeof request - 1 },
		{ SIDE_SERVER, ok, sizeof ok - 1 },
	};
	f = RUN(d2, 389);
	assert_int_equal(f->upgrade.answer, UPGRADE_ACCEPTED);
	free(f);
}

static void postgresql_sslrequest(void **state)
{
	(void)state;
	static const char ssl[] = "\x00\x00\x00\x08\x04\xd2\x16\x2f";
	static const char startup[] = "\x00\x00\x00\x13\x00\x03\x00\x00user\0postgres\0\0";
	static const struct turn accepted[] = {
		{ SIDE_CLIENT, ssl, 8 },
		{ SIDE_SERVER, "S", 1 },
	};
	struct facts *f = RUN(accepted, 5432);
	assert_int_equal(f->upgrade.kind, UPGRADE_POSTGRESQL);
	assert_int_equal(f->upgrade.answer, UPGRADE_ACCEPTED);
	free(f);
	static const struct turn prefer[] = {
		{ SIDE_CLIENT, ssl, 8 },
		{ SIDE_SERVER, "N", 1 },
		{ SIDE_CLIENT, startup, sizeof startup - 1 },
		{ SIDE_SERVER, "R\x00\x00\x00\x08\x00\x00\x00\x00", 9 },
	};
	f = RUN(prefer, 5432);
	assert_int_equal(f->upgrade.answer, UPGRADE_REFUSED);
	assert_true(f->upgrade.client_went_on);
	assert_string_equal(upgrade_outcome_name(&f->upgrade), "refused");
	free(f);
}

/* MariaDB's greeting: protocol 10, version, connection ID, salt, filler, capabilities. */
static void mysql_ssl(void **state)
{
	(void)state;
	static const char greeting_ssl[] = "\x2c\x00\x00\x00\x0a" "10.11.6-MariaDB\0"
					   "\x05\x00\x00\x00" "abcdefgh" "\x00" "\xfe\xff" "\x2d\x02\x00"
					   "\xff\x81\x15\x00\x00\x00\x00\x00\x00\x0f\x00\x00\x00";
	static const char greeting_plain[] = "\x2c\x00\x00\x00\x0a" "10.11.6-MariaDB\0"
					     "\x05\x00\x00\x00" "abcdefgh" "\x00" "\xfe\xf7" "\x2d\x02\x00"
					     "\xff\x81\x15\x00\x00\x00\x00\x00\x00\x0f\x00\x00\x00";
	static const char ssl_request[] = "\x20\x00\x00\x01" "\x0c\xaa\x3e\x00" "\x00\x00\x00\x01" "\x2d"
					  "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
	static const struct turn ok[] = {
		{ SIDE_SERVER, greeting_ssl, sizeof greeting_ssl - 1 },
		{ SIDE_CLIENT, ssl_request, sizeof ssl_request - 1 },
	};
	struct facts *f = RUN(ok, 3306);
	assert_int_equal(f->upgrade.kind, UPGRADE_MYSQL);
	assert_true(f->upgrade.offered);
	assert_true(f->upgrade.requested);
	assert_int_equal(f->upgrade.answer, UPGRADE_ACCEPTED);
	assert_string_equal(f->upgrade.greeting, "server 10.11.6-MariaDB");
	free(f);
	static const struct turn plain[] = {
		{ SIDE_SERVER, greeting_plain, sizeof greeting_plain - 1 },
	};
	f = RUN(plain, 3306);
	assert_true(f->upgrade.offers_seen);
	assert_false(f->upgrade.offered);
	assert_string_equal(upgrade_outcome_name(&f->upgrade), "not_offered");
	free(f);
}

static void http_connect(void **state)
{
	(void)state;
	static const struct turn d[] = {
		C("CONNECT www.example.test:443 HTTP/1.1\r\nHost: www.example.test:443\r\nUser-Agent: curl/7.88.1\r\n\r\n"),
		S("HTTP/1.1 407 Proxy Authentication Required\r\nServer: squid/5.7\r\nProxy-Authenticate: Basic realm=\"proxy\"\r\n"
		  "Content-Length: 5\r\n\r\nerror"),
		C("CONNECT www.example.test:443 HTTP/1.1\r\nHost: www.example.test:443\r\nProxy-Authorization: Basic dTpw\r\n\r\n"),
		S("HTTP/1.1 200 Connection established\r\n\r\n"),
	};
	struct facts *f = RUN(d, 3128);
	const struct upgrade_fact *u = &f->upgrade;
	assert_int_equal(u->kind, UPGRADE_HTTP_CONNECT);
	assert_true(upgrade_kind_is_proxy(UPGRADE_HTTP_CONNECT));
	assert_int_equal(u->answer, UPGRADE_ACCEPTED);
	assert_int_equal(u->code, 200);
	assert_int_equal(u->refusals, 1);
	assert_true(u->credentials_sent);
	assert_string_equal(u->target, "www.example.test:443");
	assert_int_equal(u->target_port, 443);
	free(f);
	static const struct turn refused[] = {
		C("CONNECT 198.18.1.2:8443 HTTP/1.1\r\n\r\n"),
		S("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n\r\n"),
	};
	f = RUN(refused, 3128);
	assert_int_equal(f->upgrade.answer, UPGRADE_REFUSED);
	assert_int_equal(f->upgrade.code, 407);
	assert_string_equal(f->upgrade.reply, "407 Proxy Authentication Required (asks for: Basic realm=\"corp\")");
	assert_int_equal(f->upgrade.target_port, 8443);
	free(f);
}

static void socks4(void **state)
{
	(void)state;
	static const char req[] = "\x04\x01\x01\xbb\xc6\x12\x01\x02user\0";
	static const char req4a[] = "\x04\x01\x01\xbb\x00\x00\x00\x01\0www.example.test\0";
	static const struct turn granted[] = {
		{ SIDE_CLIENT, req, sizeof req - 1 },
		{ SIDE_SERVER, "\x00\x5a\x00\x00\x00\x00\x00\x00", 8 },
	};
	struct facts *f = RUN(granted, 1080);
	assert_int_equal(f->upgrade.kind, UPGRADE_SOCKS4);
	assert_int_equal(f->upgrade.answer, UPGRADE_ACCEPTED);
	assert_string_equal(f->upgrade.target, "198.18.1.2:443");
	free(f);
	static const struct turn rejected[] = {
		{ SIDE_CLIENT, req4a, sizeof req4a - 1 },
		{ SIDE_SERVER, "\x00\x5b\x00\x00\x00\x00\x00\x00", 8 },
	};
	f = RUN(rejected, 1080);
	assert_int_equal(f->upgrade.answer, UPGRADE_REFUSED);
	assert_int_equal(f->upgrade.code, 91);
	assert_string_equal(f->upgrade.target, "www.example.test:443");
	free(f);
}

static void socks5(void **state)
{
	(void)state;
	static const char req_name[] = "\x05\x01\x00\x03\x10www.example.test\x01\xbb";
	static const char req_v6[] = "\x05\x01\x00\x04\x20\x01\x0d\xb8\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x01\xbb";
	static const struct turn refused[] = {
		{ SIDE_CLIENT, "\x05\x01\x00", 3 },
		{ SIDE_SERVER, "\x05\x00", 2 },
		{ SIDE_CLIENT, req_name, sizeof req_name - 1 },
		{ SIDE_SERVER, "\x05\x02\x00\x01\x00\x00\x00\x00\x00\x00", 10 },
	};
	struct facts *f = RUN(refused, 1080);
	assert_int_equal(f->upgrade.kind, UPGRADE_SOCKS5);
	assert_int_equal(f->upgrade.answer, UPGRADE_REFUSED);
	assert_int_equal(f->upgrade.code, 2);
	assert_string_equal(f->upgrade.reply, "connection not allowed by ruleset (2)");
	assert_string_equal(f->upgrade.target, "www.example.test:443");
	free(f);
	static const struct turn auth[] = {
		{ SIDE_CLIENT, "\x05\x02\x00\x02", 4 },
		{ SIDE_SERVER, "\x05\x02", 2 },
		{ SIDE_CLIENT, "\x01\x01u\x01p", 5 },
		{ SIDE_SERVER, "\x01\x00", 2 },
		{ SIDE_CLIENT, req_v6, sizeof req_v6 - 1 },
		{ SIDE_SERVER, "\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00", 10 },
	};
	f = RUN(auth, 1080);
	assert_int_equal(f->upgrade.answer, UPGRADE_ACCEPTED);
	assert_true(f->upgrade.credentials_sent);
	assert_string_equal(f->upgrade.target, "[2001:db8:1::2]:443");
	free(f);
	static const struct turn no_method[] = {
		{ SIDE_CLIENT, "\x05\x01\x00", 3 },
		{ SIDE_SERVER, "\x05\xff", 2 },
	};
	f = RUN(no_method, 1080);
	assert_int_equal(f->upgrade.answer, UPGRADE_REFUSED);
	assert_int_equal(f->upgrade.code, 255);
	assert_string_equal(f->upgrade.target, "");
	free(f);
}

/* What opens no known dialogue is not followed and costs nothing. */
static void not_followed(void **state)
{
	(void)state;
	struct facts *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->server.port = 80;
	struct upgrade_state *st = NULL;
	static const char get[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	upgrade_feed(&st, f, SIDE_CLIENT, (const uint8_t *)get, sizeof get - 1, 0);
	assert_ptr_equal(st, UPGRADE_NOT_FOLLOWED);
	assert_int_equal(upgrade_memory(st), 0);
	assert_int_equal(f->upgrade.kind, UPGRADE_NONE);
	upgrade_feed(&st, f, SIDE_SERVER, (const uint8_t *)"220 x\r\n", 7, 0);
	assert_int_equal(f->upgrade.kind, UPGRADE_NONE);
	upgrade_free(st);
	free(f);
}

/* Lines past the bound are cut, a dialogue past BOUND_UPGRADE_BYTES is left, lying
 * lengths stop the following: none of it reads outside the bytes given. */
static void hostile(void **state)
{
	(void)state;
	size_t big = BOUND_UPGRADE_BYTES * 2;
	char *noise = malloc(big);
	assert_non_null(noise);
	memset(noise, 'A', big);
	memcpy(noise, "CONNECT ", 8);
	struct turn long_line[] = {
		{ SIDE_CLIENT, noise, big },
		{ SIDE_SERVER, "HTTP/1.1 200 OK\r\n\r\n", 19 },
	};
	struct facts *f = run_pieces(long_line, 2, 3128, 0);
	assert_int_equal(f->upgrade.kind, UPGRADE_HTTP_CONNECT);
	assert_false(f->upgrade.requested); /* the line never ended */
	free(f);
	f = run_pieces(long_line, 2, 3128, 4096);
	assert_false(f->upgrade.requested);
	free(f);
	free(noise);

	/* A BER length of 4 GB, and an indefinite one. */
	static const char huge[] = "\x30\x84\xff\xff\xff\xf0\x02\x01\x01\x77";
	static const char indefinite[] = "\x30\x80\x02\x01\x01\x77\x00";
	static const struct turn ldap[] = {
		{ SIDE_CLIENT, huge, sizeof huge - 1 },
		{ SIDE_CLIENT, indefinite, sizeof indefinite - 1 },
		{ SIDE_SERVER, "\x30\x03\x02\x01", 4 },
	};
	f = RUN(ldap, 389);
	assert_int_equal(f->upgrade.kind, UPGRADE_LDAP);
	assert_false(f->upgrade.requested);
	free(f);
	/* SOCKS 5 with an unknown address type, then noise. */
	static const struct turn socks[] = {
		{ SIDE_CLIENT, "\x05\x01\x00", 3 },
		{ SIDE_SERVER, "\x05\x00", 2 },
		{ SIDE_CLIENT, "\x05\x01\x00\x09\xff\xff\xff\xff\xff", 9 },
		{ SIDE_SERVER, "\x05\x00\x00\x01", 4 },
	};
	f = RUN(socks, 1080);
	assert_true(f->upgrade.requested); /* the greeting */
	assert_int_equal(f->upgrade.answer, UPGRADE_NO_ANSWER);
	free(f);
	/* A MySQL greeting cut inside its version string, and a PostgreSQL length below 8. */
	static const struct turn cut[] = {
		{ SIDE_SERVER, "\x0a\x00\x00\x00\x0a" "10.11", 10 },
	};
	f = RUN(cut, 3306);
	assert_false(f->upgrade.offers_seen);
	free(f);
	static const char pg_bad[] = "\x00\x00\x00\x08\x04\xd2\x16\x2f\x00\x00\x00\x02zz";
	static const struct turn pg[] = {
		{ SIDE_CLIENT, pg_bad, sizeof pg_bad - 1 },
		{ SIDE_SERVER, "S", 1 },
	};
	f = RUN(pg, 5432);
	assert_true(f->upgrade.requested);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(smtp_starttls_accepted),
		cmocka_unit_test(smtp_starttls_refused),
		cmocka_unit_test(smtp_not_offered),
		cmocka_unit_test(ftp_auth_tls),
		cmocka_unit_test(imap_and_pop3),
		cmocka_unit_test(nntp_starttls),
		cmocka_unit_test(xmpp_starttls),
		cmocka_unit_test(ldap_starttls),
		cmocka_unit_test(postgresql_sslrequest),
		cmocka_unit_test(mysql_ssl),
		cmocka_unit_test(http_connect),
		cmocka_unit_test(socks4),
		cmocka_unit_test(socks5),
		cmocka_unit_test(not_followed),
		cmocka_unit_test(hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
