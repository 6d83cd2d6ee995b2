/*
 * upgrade.c — the clear-text dialogue before a TLS handshake: STARTTLS and its kin, and
 * forward proxies' tunnel requests.
 *
 * Pipeline position: tls.c → upgrade → facts.upgrade. Each direction's bytes before its
 * first TLS record come here. The kind of dialogue is told from the first bytes (a
 * server's greeting, or a client's request) and the server port; then each side's bytes
 * are cut into lines (the text protocols; XMPP into tags) or framed messages (LDAP,
 * PostgreSQL, MySQL, SOCKS), one held at a time, and each is read for the few things
 * that matter: what the server offers, what the client asks, what the server answers,
 * and whether the client gave up or went on without TLS. Nothing here decides a class.
 */
#include "upgrade.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bounds.h"
#include "bytes.h"

/* The client command whose answer a text protocol's next reply is. */
enum pending {
	PENDING_NONE = 0,
	PENDING_HELLO,   /* SMTP EHLO: the answer lists the extensions */
	PENDING_CAPS,    /* CAPA, CAPABILITY, CAPABILITIES, FEAT */
	PENDING_UPGRADE, /* STARTTLS, STLS, AUTH TLS, SSLRequest, CONNECT, ... */
	PENDING_GSSENC,  /* PostgreSQL GSSENCRequest */
	PENDING_OTHER,
};

/* SOCKS 5 steps, in the order of RFC 1928 (and RFC 1929 for the password). */
enum socks5_step {
	SOCKS5_GREETING = 0, /* the client offers authentication methods */
	SOCKS5_AUTH,         /* the proxy chose username/password */
	SOCKS5_REQUEST,      /* the client may send its CONNECT */
	SOCKS5_DONE,
};

struct upgrade_side {
	uint8_t msg[BOUND_UPGRADE_MESSAGE]; /* the line or message being gathered */
	size_t len;
	size_t skip;                        /* bytes left of a message too long to hold */
	bool cut;                           /* the line is longer than msg: the rest up to its end is dropped */
	size_t fed;                         /* bytes of this side seen */
	bool stopped;                       /* this side is not followed any more */
};

struct upgrade_state {
	struct upgrade_side side[2];
	uint8_t pending;            /* enum pending */
	bool multiline;             /* a dot-terminated answer (POP3, NNTP) is being read */
	bool greeted;               /* the server's first line was read */
	bool client_spoke;          /* the client's first command was read (SMTP and FTP told apart) */
	bool in_request_headers;    /* HTTP CONNECT: the request's header lines */
	bool in_reply_headers;      /* ...and the answer's */
	bool in_features;           /* XMPP: inside <stream:features> */
	size_t reply_body;          /* HTTP CONNECT: the answer's Content-Length */
	uint8_t socks5_step;        /* enum socks5_step */
	char tag[24];               /* IMAP: the STARTTLS command's tag */
	uint32_t ldap_msgid;        /* LDAP: the StartTLS request's message ID */
};

static struct upgrade_state not_followed;
struct upgrade_state *const UPGRADE_NOT_FOLLOWED = &not_followed;

/* ---------------------------------------------------------------------------------------
 * Names. */

struct kind_names {
	const char *name;      /* in text: what was followed */
	const char *key;       /* in JSON */
	const char *protocol;  /* the protocol itself */
};

static const struct kind_names kind_names[UPGRADE__COUNT] = {
	[UPGRADE_NONE] = { "", "", "" },
	[UPGRADE_SMTP] = { "SMTP STARTTLS", "smtp", "SMTP" },
	[UPGRADE_IMAP] = { "IMAP STARTTLS", "imap", "IMAP" },
	[UPGRADE_POP3] = { "POP3 STLS", "pop3", "POP3" },
	[UPGRADE_FTP] = { "FTP AUTH TLS", "ftp", "FTP" },
	[UPGRADE_NNTP] = { "NNTP STARTTLS", "nntp", "NNTP" },
	[UPGRADE_LDAP] = { "LDAP StartTLS", "ldap", "LDAP" },
	[UPGRADE_XMPP] = { "XMPP STARTTLS", "xmpp", "XMPP" },
	[UPGRADE_POSTGRESQL] = { "PostgreSQL SSLRequest", "postgresql", "PostgreSQL" },
	[UPGRADE_MYSQL] = { "MySQL SSL", "mysql", "MySQL" },
	[UPGRADE_HTTP_CONNECT] = { "HTTP CONNECT", "http_connect", "HTTP proxy" },
	[UPGRADE_SOCKS4] = { "SOCKS4", "socks4", "SOCKS4 proxy" },
	[UPGRADE_SOCKS5] = { "SOCKS5", "socks5", "SOCKS5 proxy" },
};

static const struct kind_names *names_of(enum upgrade_kind k)
{
	return &kind_names[(unsigned)k < UPGRADE__COUNT ? k : UPGRADE_NONE];
}

const char *upgrade_kind_name(enum upgrade_kind k) { return names_of(k)->name; }
const char *upgrade_kind_key(enum upgrade_kind k) { return names_of(k)->key; }
const char *upgrade_protocol_name(enum upgrade_kind k) { return names_of(k)->protocol; }

bool upgrade_kind_is_proxy(enum upgrade_kind k)
{
	return k == UPGRADE_HTTP_CONNECT || k == UPGRADE_SOCKS4 || k == UPGRADE_SOCKS5;
}

const char *upgrade_outcome_name(const struct upgrade_fact *u)
{
	if (u->requested)
		return u->answer == UPGRADE_ACCEPTED ? "accepted" : u->answer == UPGRADE_REFUSED ? "refused" : "no_answer";
	return u->offers_seen && !u->offered ? "not_offered" : "not_requested";
}

/* ---------------------------------------------------------------------------------------
 * Small text helpers: the bytes are the wire's, so nothing here trusts a NUL. */

static char upper(char c)
{
	if (c >= 'a' && c <= 'z')
		return (char)(c - 'a' + 'A');
	return c;
}

/* The n bytes at s start with word (case-insensitive), followed by the end, a space or a tab. */
static bool starts_word(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);
	if (n < w)
		return false;
	for (size_t i = 0; i < w; i++)
		if (upper(s[i]) != word[i])
			return false;
	return n == w || s[w] == ' ' || s[w] == '\t';
}

/* The n bytes at s contain word (upper case) as a whole token, case-insensitive. */
static bool has_token(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);
	for (size_t i = 0; i + w <= n; i++) {
		if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '[' && s[i - 1] != '\t')
			continue;
		size_t k = 0;
		while (k < w && upper(s[i + k]) == word[k])
			k++;
		if (k == w && (i + w == n || s[i + w] == ' ' || s[i + w] == ']' || s[i + w] == '\t' || s[i + w] == '='))
			return true;
	}
	return false;
}

/* The n bytes at s contain needle (byte for byte). */
static bool contains(const char *s, size_t n, const char *needle)
{
	size_t w = strlen(needle);
	for (size_t i = 0; i + w <= n; i++)
		if (memcmp(s + i, needle, w) == 0)
			return true;
	return false;
}

/* Copies n wire bytes into dst (cap bytes, NUL-terminated), printable ASCII kept and
 * every other byte shown as '.'. */
static void copy_printable(char *dst, size_t cap, const void *src, size_t n)
{
	const uint8_t *p = src;
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++)
		if (p[i] >= 0x20 && p[i] < 0x7f)
			dst[k++] = (char)p[i];
		else
			dst[k++] = '.';
	if (cap > 0)
		dst[k] = '\0';
}

/* Appends text to dst (cap bytes), cut to fit. */
static void append(char *dst, size_t cap, const char *text)
{
	size_t k = strnlen(dst, cap);
	if (k + 1 < cap)
		snprintf(dst + k, cap - k, "%s", text);
}

/* A three-digit reply code at the start of a line (SMTP, FTP, NNTP), and whether more
 * lines of the same reply follow ("250-"). */
static bool reply_code(const char *s, size_t n, uint16_t *code, bool *more)
{
	if (n < 3 || s[0] < '1' || s[0] > '5' || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9')
		return false;
	if (n > 3 && s[3] != ' ' && s[3] != '-')
		return false;
	*code = (uint16_t)((s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0'));
	*more = n > 3 && s[3] == '-';
	return true;
}

/* ---------------------------------------------------------------------------------------
 * Facts. */

static void note_request(struct facts *f, double t, const char *text, size_t n)
{
	struct upgrade_fact *u = &f->upgrade;
	u->requested = true;
	u->answer = UPGRADE_NO_ANSWER;
	u->code = 0;
	u->reply[0] = '\0';
	u->t_request = t;
	copy_printable(u->request, sizeof u->request, text, n);
}

static void note_answer(struct facts *f, double t, bool accepted, uint16_t code, const char *text, size_t n)
{
	struct upgrade_fact *u = &f->upgrade;
	u->answer = accepted ? UPGRADE_ACCEPTED : UPGRADE_REFUSED;
	if (!accepted && u->refusals < UINT8_MAX)
		u->refusals++;
	u->code = code;
	u->t_answer = t;
	copy_printable(u->reply, sizeof u->reply, text, n);
}

/* The client went on in its protocol instead of starting TLS (after a refusal, or
 * without asking). */
static void note_went_on(struct facts *f)
{
	f->upgrade.client_went_on = true;
}

/* ---------------------------------------------------------------------------------------
 * The kind of dialogue, from the first bytes of the side that speaks first. */

static bool text_starts(const uint8_t *p, size_t n, const char *prefix)
{
	size_t w = strlen(prefix);
	return n >= w && memcmp(p, prefix, w) == 0;
}

static bool is_ftp_port(uint16_t port) { return port == 21 || port == 990 || port == 2121; }

static enum upgrade_kind detect(const struct facts *f, enum side from, const uint8_t *p, size_t n)
{
	if (from == SIDE_SERVER) {
		if (n >= 4 && p[0] == '2' && p[1] == '2' && p[2] == '0' && (p[3] == ' ' || p[3] == '-'))
			return is_ftp_port(f->server.port) ? UPGRADE_FTP : UPGRADE_SMTP;
		if (text_starts(p, n, "* OK") || text_starts(p, n, "* PREAUTH") || text_starts(p, n, "* BYE"))
			return UPGRADE_IMAP;
		if (text_starts(p, n, "+OK"))
			return UPGRADE_POP3;
		if (text_starts(p, n, "200 ") || text_starts(p, n, "201 "))
			return UPGRADE_NNTP;
		/* MySQL's greeting: a 3-byte length, sequence 0, protocol version 10 (or an error
		 * packet, 0xff, refusing the client before any greeting). */
		if (n >= 5 && p[3] == 0 && (p[4] == 0x0a || (p[4] == 0xff && f->server.port == 3306))) {
			uint32_t len = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
			if (len >= 8 && len <= 1024)
				return UPGRADE_MYSQL;
		}
		return UPGRADE_NONE;
	}
	if (text_starts(p, n, "CONNECT "))
		return UPGRADE_HTTP_CONNECT;
	static const uint8_t pg_ssl[8] = { 0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f };
	static const uint8_t pg_gss[8] = { 0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x30 };
	if (n >= 8 && (memcmp(p, pg_ssl, 8) == 0 || memcmp(p, pg_gss, 8) == 0))
		return UPGRADE_POSTGRESQL;
	if (text_starts(p, n, "<?xml") || text_starts(p, n, "<stream:stream"))
		return UPGRADE_XMPP;
	/* SOCKS 4: version 4, CONNECT (1) or BIND (2), port, address, a user ID up to a NUL. */
	if (n >= 9 && p[0] == 4 && (p[1] == 1 || p[1] == 2))
		return UPGRADE_SOCKS4;
	/* SOCKS 5: version 5 and the authentication methods the client offers. */
	if (n >= 3 && p[0] == 5 && p[1] >= 1 && p[1] <= 16 && n >= 2u + p[1])
		return UPGRADE_SOCKS5;
	/* LDAP: an LDAPMessage SEQUENCE whose first element is the message ID (an INTEGER). */
	if (n >= 7 && p[0] == 0x30) {
		size_t at = p[1] < 0x80 ? 2 : p[1] >= 0x81 && p[1] <= 0x84 ? 2u + (p[1] & 0x7f) : 0;
		if (at > 0 && at + 2 < n && p[at] == 0x02 && p[at + 1] >= 1 && p[at + 1] <= 4)
			return UPGRADE_LDAP;
	}
	return UPGRADE_NONE;
}

/* ---------------------------------------------------------------------------------------
 * Text protocols: SMTP, FTP, NNTP (three-digit replies), POP3, IMAP, HTTP CONNECT. */

/* The first word of a command line, upper-cased into out. */
static void first_word(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	while (k < n && s[k] != ' ' && s[k] != '\t' && k + 1 < cap) {
		out[k] = upper(s[k]);
		k++;
	}
	out[k] = '\0';
}

static bool word_in(const char *w, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(w, *list) == 0)
			return true;
	return false;
}

/* SMTP and FTP both greet with 220: the client's first command tells them apart. */
static void settle_smtp_or_ftp(struct upgrade_state *st, struct facts *f, const char *verb)
{
	static const char *const smtp_first[] = { "EHLO", "HELO", "LHLO", NULL };
	static const char *const ftp_first[] = { "AUTH", "FEAT", "USER", "SYST", "OPTS", "PBSZ", "PROT", NULL };
	if (st->client_spoke)
		return;
	st->client_spoke = true;
	if (f->upgrade.kind == UPGRADE_SMTP && word_in(verb, ftp_first))
		f->upgrade.kind = UPGRADE_FTP;
	else if (f->upgrade.kind == UPGRADE_FTP && word_in(verb, smtp_first))
		f->upgrade.kind = UPGRADE_SMTP;
}

/* The commands of a line-based protocol's client that matter here. */
struct dialect {
	const char *const *upgrade; /* ask for TLS */
	const char *caps;           /* ask what the server offers */
	const char *const *hello;   /* SMTP's EHLO and kin: the answer lists the offers too */
	const char *quit;
	const char *const *clear;   /* go on in clear text (log in, send mail, fetch) */
};

static const char *const smtp_upgrade[] = { "STARTTLS", NULL };
static const char *const smtp_hello[] = { "EHLO", "HELO", "LHLO", NULL };
static const char *const smtp_clear[] = { "MAIL", "RCPT", "DATA", "AUTH", "BDAT", NULL };
static const char *const ftp_upgrade[] = { "AUTH TLS", "AUTH SSL", "AUTH TLS-C", "AUTH TLS-P", NULL };
static const char *const ftp_clear[] = { "USER", "PASS", "LIST", "RETR", "STOR", "PASV", "EPSV", "PORT", NULL };
static const char *const nntp_clear[] = { "AUTHINFO", "GROUP", "ARTICLE", "POST", "LIST", "NEWNEWS", NULL };
static const char *const pop3_upgrade[] = { "STLS", NULL };
static const char *const pop3_clear[] = { "USER", "PASS", "APOP", "AUTH", "STAT", "RETR", "LIST", NULL };
static const char *const imap_clear[] = { "LOGIN", "AUTHENTICATE", "SELECT", "EXAMINE", "LIST", NULL };
static const char *const no_words[] = { NULL };

static const struct dialect dialects[UPGRADE__COUNT] = {
	[UPGRADE_SMTP] = { smtp_upgrade, NULL, smtp_hello, "QUIT", smtp_clear },
	[UPGRADE_FTP] = { ftp_upgrade, "FEAT", no_words, "QUIT", ftp_clear },
	[UPGRADE_NNTP] = { smtp_upgrade, "CAPABILITIES", no_words, "QUIT", nntp_clear },
	[UPGRADE_POP3] = { pop3_upgrade, "CAPA", no_words, "QUIT", pop3_clear },
	[UPGRADE_IMAP] = { smtp_upgrade, "CAPABILITY", no_words, "LOGOUT", imap_clear },
};

static bool line_starts_one_of(const char *s, size_t n, const char *const *words)
{
	for (; words != NULL && *words != NULL; words++)
		if (starts_word(s, n, *words))
			return true;
	return false;
}

/* A command of a line-based protocol (s, n: the line from the command on, after IMAP's
 * tag); the whole line is what the evidence quotes. */
static void client_command(struct upgrade_state *st, struct facts *f, const struct dialect *dl, const char *s, size_t n,
			   const char *line, size_t line_n, double t)
{
	struct upgrade_fact *u = &f->upgrade;
	if (line_starts_one_of(s, n, dl->hello)) {
		st->pending = PENDING_HELLO;
		u->offers_seen = u->offered = false;
	} else if (line_starts_one_of(s, n, dl->upgrade)) {
		note_request(f, t, line, line_n);
		st->pending = PENDING_UPGRADE;
	} else if (dl->caps != NULL && starts_word(s, n, dl->caps)) {
		st->pending = PENDING_CAPS;
	} else if (starts_word(s, n, dl->quit)) {
		u->client_quit = true;
		st->pending = PENDING_OTHER;
	} else {
		if (line_starts_one_of(s, n, dl->clear))
			note_went_on(f);
		st->pending = PENDING_OTHER;
	}
}

/* HTTP CONNECT: the request line names the destination; its headers may carry
 * credentials. */
static void connect_request_line(struct upgrade_state *st, struct facts *f, const char *s, size_t n, double t)
{
	struct upgrade_fact *u = &f->upgrade;
	if (st->in_request_headers) {
		if (n == 0)
			st->in_request_headers = false;
		else if (starts_word(s, n, "PROXY-AUTHORIZATION:"))
			u->credentials_sent = true;
		return;
	}
	if (!starts_word(s, n, "CONNECT")) {
		if (n > 0) {
			/* Another request through the proxy (GET http://...): clear text, no tunnel. */
			note_went_on(f);
			st->side[SIDE_CLIENT].stopped = true;
		}
		return;
	}
	/* "CONNECT host:port HTTP/1.1": the authority is the destination. */
	const char *a = s + 8;
	size_t an = 0;
	while (8 + an < n && a[an] != ' ')
		an++;
	note_request(f, t, s, n);
	copy_printable(u->target, sizeof u->target, a, an);
	u->target_port = 0;
	for (size_t i = an; i > 0; i--) {
		if (a[i - 1] == ':') {
			unsigned port = 0;
			for (size_t k = i; k < an && a[k] >= '0' && a[k] <= '9' && port <= 65535; k++)
				port = port * 10 + (unsigned)(a[k] - '0');
			u->target_port = port <= 65535 ? (uint16_t)port : 0;
			break;
		}
	}
	u->credentials_sent = false;
	st->in_request_headers = true;
	st->in_reply_headers = false;
	st->pending = PENDING_UPGRADE;
}

static void client_line(struct upgrade_state *st, struct facts *f, const char *s, size_t n, double t)
{
	enum upgrade_kind k = (enum upgrade_kind)f->upgrade.kind;
	char verb[16];
	first_word(s, n, verb, sizeof verb);
	if (k == UPGRADE_SMTP || k == UPGRADE_FTP) {
		settle_smtp_or_ftp(st, f, verb);
		k = (enum upgrade_kind)f->upgrade.kind;
	}
	if (k == UPGRADE_HTTP_CONNECT) {
		connect_request_line(st, f, s, n, t);
		return;
	}
	if (k == UPGRADE_IMAP) {
		/* "tag SP command": the tag names the answer to wait for. */
		size_t sp = 0;
		while (sp < n && s[sp] != ' ')
			sp++;
		if (sp >= n)
			return;
		client_command(st, f, &dialects[k], s + sp + 1, n - sp - 1, s, n, t);
		if (st->pending == PENDING_UPGRADE)
			copy_printable(st->tag, sizeof st->tag, s, sp);
		return;
	}
	if ((unsigned)k < UPGRADE__COUNT && dialects[k].upgrade != NULL)
		client_command(st, f, &dialects[k], s, n, s, n, t);
}

/* A line of the server's answer to a multi-line capability listing (CAPA, CAPABILITIES,
 * FEAT) or to EHLO: whether it names the upgrade. */
static bool line_offers_upgrade(enum upgrade_kind k, const char *s, size_t n)
{
	switch (k) {
	case UPGRADE_SMTP:
		return n > 4 && starts_word(s + 4, n - 4, "STARTTLS");
	case UPGRADE_FTP: {
		/* FEAT lines are " AUTH TLS;SSL" or "211-AUTH TLS" style. */
		size_t i = 0;
		if (n >= 4 && s[0] >= '0' && s[0] <= '9')
			i = 4;
		while (i < n && s[i] == ' ')
			i++;
		return starts_word(s + i, n - i, "AUTH") && (contains(s, n, "TLS") || contains(s, n, "SSL"));
	}
	case UPGRADE_NNTP:
		return starts_word(s, n, "STARTTLS");
	case UPGRADE_POP3:
		return starts_word(s, n, "STLS");
	default:
		return false;
	}
}

/* A line of a dot-terminated capability list (POP3 CAPA, NNTP CAPABILITIES). */
static void capability_list_line(struct upgrade_state *st, struct facts *f, const char *s, size_t n)
{
	if (n == 1 && s[0] == '.') {
		st->multiline = false;
		f->upgrade.offers_seen = true;
		st->pending = PENDING_NONE;
	} else if (line_offers_upgrade((enum upgrade_kind)f->upgrade.kind, s, n)) {
		f->upgrade.offered = true;
	}
}

/* SMTP, FTP and NNTP: numbered replies. */
static void numbered_reply_line(struct upgrade_state *st, struct facts *f, const char *s, size_t n, double t)
{
	struct upgrade_fact *u = &f->upgrade;
	enum upgrade_kind k = (enum upgrade_kind)u->kind;
	if (st->multiline) {
		capability_list_line(st, f, s, n); /* NNTP's CAPABILITIES answer */
		return;
	}
	uint16_t code;
	bool more;
	if (!reply_code(s, n, &code, &more)) {
		/* FTP's multi-line replies may hold lines without a code (FEAT's feature lines). */
		if (k == UPGRADE_FTP && st->pending == PENDING_CAPS && line_offers_upgrade(k, s, n))
			u->offered = true;
		return;
	}
	if (!st->greeted) {
		st->greeted = true;
		copy_printable(u->greeting, sizeof u->greeting, s, n);
		/* The greeting may say what the client's first command has not yet. */
		if (k == UPGRADE_SMTP && contains(s, n, "FTP") && !contains(s, n, "SMTP"))
			u->kind = UPGRADE_FTP;
		if (!more)
			return;
	}
	switch (st->pending) {
	case PENDING_HELLO:
	case PENDING_CAPS:
		if (k == UPGRADE_NNTP) {
			if (code == 101)
				st->multiline = true;
			else
				st->pending = PENDING_NONE;
			return;
		}
		if (line_offers_upgrade(k, s, n))
			u->offered = true;
		if (!more) {
			/* A refused EHLO or FEAT lists nothing. */
			u->offers_seen = code < 400;
			st->pending = PENDING_NONE;
		}
		break;
	case PENDING_UPGRADE:
		if (more)
			break;
		{
			bool ok = (k == UPGRADE_SMTP && code == 220) || (k == UPGRADE_FTP && (code == 234 || code == 334)) ||
				  (k == UPGRADE_NNTP && code == 382);
			note_answer(f, t, ok, code, s, n);
			st->pending = PENDING_NONE;
		}
		break;
	default:
		if (!more)
			st->pending = PENDING_NONE;
		break;
	}
}

static void pop3_reply_line(struct upgrade_state *st, struct facts *f, const char *s, size_t n, double t)
{
	struct upgrade_fact *u = &f->upgrade;
	if (st->multiline) {
		capability_list_line(st, f, s, n);
		return;
	}
	bool ok = starts_word(s, n, "+OK");
	bool err = starts_word(s, n, "-ERR");
	if (!st->greeted) {
		st->greeted = true;
		copy_printable(u->greeting, sizeof u->greeting, s, n);
		return;
	}
	switch (st->pending) {
	case PENDING_CAPS:
		if (ok)
			st->multiline = true;
		else
			st->pending = PENDING_NONE;
		break;
	case PENDING_UPGRADE:
		if (ok || err) {
			note_answer(f, t, ok, 0, s, n);
			st->pending = PENDING_NONE;
		}
		break;
	default:
		if (ok || err)
			st->pending = PENDING_NONE;
		break;
	}
}

static void imap_reply_line(struct upgrade_state *st, struct facts *f, const char *s, size_t n, double t)
{
	struct upgrade_fact *u = &f->upgrade;
	if (!st->greeted) {
		st->greeted = true;
		copy_printable(u->greeting, sizeof u->greeting, s, n);
	}
	/* Capabilities come untagged ("* CAPABILITY ...") or in a response code
	 * ("* OK [CAPABILITY ...]", "a1 OK [CAPABILITY ...]"). */
	if (has_token(s, n, "CAPABILITY")) {
		u->offers_seen = true;
		if (has_token(s, n, "STARTTLS"))
			u->offered = true;
	}
	size_t tag_len = strlen(st->tag);
	if (st->pending == PENDING_UPGRADE && tag_len > 0 && n > tag_len && s[tag_len] == ' ' &&
	    memcmp(s, st->tag, tag_len) == 0) {
		note_answer(f, t, starts_word(s + tag_len + 1, n - tag_len - 1, "OK"), 0, s, n);
		st->pending = PENDING_NONE;
	}
}

static void http_reply_line(struct upgrade_state *st, struct facts *f, const char *s, size_t n, double t)
{
	struct upgrade_fact *u = &f->upgrade;
	if (st->in_reply_headers) {
		if (n == 0) {
			/* The body (a proxy's error page) is stepped over: the next answer starts after it. */
			st->in_reply_headers = false;
			st->side[SIDE_SERVER].skip = st->reply_body;
			st->reply_body = 0;
		} else if (starts_word(s, n, "CONTENT-LENGTH:")) {
			size_t len = 0;
			for (size_t i = 15; i < n && len < BOUND_UPGRADE_BYTES; i++)
				if (s[i] >= '0' && s[i] <= '9')
					len = len * 10 + (size_t)(s[i] - '0');
			st->reply_body = len;
		} else if (starts_word(s, n, "PROXY-AUTHENTICATE:") && u->answer == UPGRADE_REFUSED) {
			char shown[64];
			copy_printable(shown, sizeof shown, s + 20, n - 20);
			append(u->reply, sizeof u->reply, " (asks for: ");
			append(u->reply, sizeof u->reply, shown);
			append(u->reply, sizeof u->reply, ")");
		}
		return;
	}
	if (st->pending != PENDING_UPGRADE || n < 12 || memcmp(s, "HTTP/", 5) != 0)
		return; /* a body, or an answer nothing asked for */
	const char *c = memchr(s, ' ', n);
	size_t at = c != NULL ? (size_t)(c - s) + 1 : n;
	if (at + 3 > n || s[at] < '1' || s[at] > '5' || s[at + 1] < '0' || s[at + 1] > '9' || s[at + 2] < '0' ||
	    s[at + 2] > '9')
		return;
	uint16_t code = (uint16_t)((s[at] - '0') * 100 + (s[at + 1] - '0') * 10 + (s[at + 2] - '0'));
	if (code >= 100 && code < 200)
		return; /* interim answers: the real one follows */
	note_answer(f, t, code >= 200 && code < 300, code, s + at, n - at);
	st->in_reply_headers = true;
	st->reply_body = 0;
	st->pending = PENDING_NONE;
}

/* XMPP, cut at each '>': one tag (or a text run and a tag) per "line". */
static void xmpp_tag(struct upgrade_state *st, struct facts *f, enum side from, const char *s, size_t n, double t)
{
	struct upgrade_fact *u = &f->upgrade;
	while (n > 0 && s[0] != '<') {
		s++;
		n--;
	}
	if (n == 0)
		return;
	if (from == SIDE_CLIENT) {
		if (text_starts((const uint8_t *)s, n, "<stream:stream")) {
			/* The domain the client wants: to='example.test'. */
			for (size_t i = 0; i + 4 < n; i++) {
				if (memcmp(s + i, "to=", 3) == 0 && (s[i + 3] == '\'' || s[i + 3] == '"')) {
					const char *v = s + i + 4;
					size_t vn = 0;
					while (i + 4 + vn < n && v[vn] != s[i + 3])
						vn++;
					copy_printable(u->target, sizeof u->target, v, vn);
					break;
				}
			}
		} else if (text_starts((const uint8_t *)s, n, "<starttls")) {
			note_request(f, t, s, n);
		} else if (text_starts((const uint8_t *)s, n, "</stream:stream")) {
			u->client_quit = true;
		} else if (text_starts((const uint8_t *)s, n, "<auth") || text_starts((const uint8_t *)s, n, "<iq")) {
			note_went_on(f);
		}
		return;
	}
	if (text_starts((const uint8_t *)s, n, "<stream:stream")) {
		if (!st->greeted) {
			st->greeted = true;
			copy_printable(u->greeting, sizeof u->greeting, s, n);
		}
	} else if (text_starts((const uint8_t *)s, n, "<stream:features")) {
		st->in_features = s[n - 2] != '/'; /* <stream:features/> lists nothing */
		if (!st->in_features)
			u->offers_seen = true;
	} else if (text_starts((const uint8_t *)s, n, "</stream:features")) {
		st->in_features = false;
		u->offers_seen = true;
	} else if (text_starts((const uint8_t *)s, n, "<starttls") && st->in_features) {
		u->offered = true;
	} else if (text_starts((const uint8_t *)s, n, "<proceed")) {
		if (u->requested)
			note_answer(f, t, true, 0, s, n);
	} else if (text_starts((const uint8_t *)s, n, "<failure") || text_starts((const uint8_t *)s, n, "<stream:error")) {
		if (u->requested && u->answer == UPGRADE_NO_ANSWER)
			note_answer(f, t, false, 0, s, n);
	}
}

static void on_line(struct upgrade_state *st, struct facts *f, enum side from, const char *s, size_t n, double t)
{
	enum upgrade_kind k = (enum upgrade_kind)f->upgrade.kind;
	if (k == UPGRADE_XMPP) {
		xmpp_tag(st, f, from, s, n, t);
		return;
	}
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (from == SIDE_CLIENT) {
		client_line(st, f, s, n, t);
		return;
	}
	switch (k) {
	case UPGRADE_SMTP:
	case UPGRADE_FTP:
	case UPGRADE_NNTP:
		numbered_reply_line(st, f, s, n, t);
		break;
	case UPGRADE_POP3:
		pop3_reply_line(st, f, s, n, t);
		break;
	case UPGRADE_IMAP:
		imap_reply_line(st, f, s, n, t);
		break;
	case UPGRADE_HTTP_CONNECT:
		http_reply_line(st, f, s, n, t);
		break;
	default:
		break;
	}
}

/* Cuts the side's bytes into lines ending in delim (kept out of the line, except XMPP's
 * '>'), each handed to on_line whole (or cut at BOUND_UPGRADE_MESSAGE). */
static void feed_lines(struct upgrade_state *st, struct facts *f, enum side from, const uint8_t *p, size_t n, double t)
{
	struct upgrade_side *sd = &st->side[from];
	bool xmpp = f->upgrade.kind == UPGRADE_XMPP;
	uint8_t delim = xmpp ? '>' : '\n';
	while (n > 0 && !sd->stopped) {
		if (sd->skip > 0) {
			size_t k = n < sd->skip ? n : sd->skip;
			sd->skip -= k;
			p += k;
			n -= k;
			continue;
		}
		const uint8_t *end = memchr(p, delim, n);
		size_t take = end != NULL ? (size_t)(end - p) + (xmpp ? 1 : 0) : n;
		if (!sd->cut) {
			size_t room = sizeof sd->msg - sd->len;
			if (take > room) {
				take = room; /* the rest of the line is dropped */
				sd->cut = true;
			}
			memcpy(sd->msg + sd->len, p, take);
			sd->len += take;
		}
		if (end == NULL)
			return;
		size_t step = (size_t)(end - p) + 1;
		p += step;
		n -= step;
		on_line(st, f, from, (const char *)sd->msg, sd->len, t);
		sd->len = 0;
		sd->cut = false;
	}
}

/* ---------------------------------------------------------------------------------------
 * Framed protocols: LDAP, PostgreSQL, MySQL, SOCKS. */

/* The length of the BER element at p (tag, length, contents), 0 when more bytes are
 * needed, SIZE_MAX when it is not one (indefinite or over 4 length bytes). */
static size_t ber_element_len(const uint8_t *p, size_t n)
{
	if (n < 2)
		return 0;
	if (p[1] < 0x80)
		return 2u + p[1];
	unsigned k = p[1] & 0x7f;
	if (k == 0 || k > 4)
		return SIZE_MAX;
	if (n < 2u + k)
		return 0;
	size_t len = 0;
	for (unsigned i = 0; i < k; i++)
		len = len << 8 | p[2 + i];
	return len > SIZE_MAX / 2 ? SIZE_MAX : 2u + k + len;
}

/* Reads one BER element of the reader: its tag and a reader over its contents. */
static bool ber_read(struct reader *r, uint8_t *tag, struct reader *contents)
{
	uint8_t len0;
	if (!rd_u8(r, tag) || !rd_u8(r, &len0))
		return false;
	size_t len = len0;
	if (len0 >= 0x80) {
		unsigned k = len0 & 0x7f;
		if (k == 0 || k > 4)
			return false;
		len = 0;
		for (unsigned i = 0; i < k; i++) {
			uint8_t b;
			if (!rd_u8(r, &b))
				return false;
			len = len << 8 | b;
		}
	}
	return rd_sub(r, len, contents);
}

static bool ber_uint(struct reader *r, uint32_t *out)
{
	*out = 0;
	if (rd_left(r) == 0 || rd_left(r) > 4)
		return false;
	uint8_t b;
	while (rd_u8(r, &b))
		*out = *out << 8 | b;
	return true;
}

#define LDAP_STARTTLS_OID "1.3.6.1.4.1.1466.20037"

static const char *ldap_result_name(uint32_t code)
{
	switch (code) {
	case 0: return "success";
	case 1: return "operationsError";
	case 2: return "protocolError";
	case 12: return "unavailableCriticalExtension";
	case 51: return "busy";
	case 52: return "unavailable";
	case 53: return "unwillingToPerform";
	case 80: return "other";
	default: return "";
	}
}

static void ldap_message(struct upgrade_state *st, struct facts *f, enum side from, const uint8_t *p, size_t n, double t)
{
	struct reader r, msg, id, op;
	uint8_t tag, op_tag;
	uint32_t msgid;
	rd_init(&r, p, n, 0);
	if (!ber_read(&r, &tag, &msg) || tag != 0x30 || !ber_read(&msg, &tag, &id) || tag != 0x02 ||
	    !ber_uint(&id, &msgid) || !ber_read(&msg, &op_tag, &op))
		return;
	if (from == SIDE_CLIENT) {
		if (op_tag == 0x77) { /* ExtendedRequest: requestName [0] */
			struct reader name;
			const uint8_t *oid;
			if (ber_read(&op, &tag, &name) && tag == 0x80 && rd_left(&name) == strlen(LDAP_STARTTLS_OID) &&
			    rd_view(&name, rd_left(&name), &oid) && memcmp(oid, LDAP_STARTTLS_OID, strlen(LDAP_STARTTLS_OID)) == 0) {
				const char text[] = "StartTLS extended request (" LDAP_STARTTLS_OID ")";
				note_request(f, t, text, sizeof text - 1);
				st->ldap_msgid = msgid;
				st->pending = PENDING_UPGRADE;
			}
		} else if (op_tag == 0x42) { /* UnbindRequest */
			f->upgrade.client_quit = true;
		} else if (op_tag == 0x60 || op_tag == 0x63 || op_tag == 0x66 || op_tag == 0x68) {
			note_went_on(f); /* bind, search, modify, add in clear text */
		}
		return;
	}
	if (op_tag != 0x78 || st->pending != PENDING_UPGRADE || msgid != st->ldap_msgid)
		return;
	/* ExtendedResponse: resultCode ENUMERATED, matchedDN, diagnosticMessage. */
	struct reader rc, dn, diag;
	uint32_t code;
	if (!ber_read(&op, &tag, &rc) || tag != 0x0a || !ber_uint(&rc, &code))
		return;
	char text[sizeof f->upgrade.reply];
	int k = snprintf(text, sizeof text, "resultCode %u%s%s%s", (unsigned)code, *ldap_result_name(code) ? " (" : "",
			 ldap_result_name(code), *ldap_result_name(code) ? ")" : "");
	const uint8_t *msgtext;
	size_t msg_len;
	if (ber_read(&op, &tag, &dn) && ber_read(&op, &tag, &diag) && tag == 0x04 && (msg_len = rd_left(&diag)) > 0 &&
	    rd_view(&diag, msg_len, &msgtext) && k > 0 && (size_t)k + 3 < sizeof text) {
		text[k++] = ':';
		text[k++] = ' ';
		copy_printable(text + k, sizeof text - (size_t)k, msgtext, msg_len);
	}
	note_answer(f, t, code == 0, (uint16_t)(code > UINT16_MAX ? UINT16_MAX : code), text, strlen(text));
	st->pending = PENDING_NONE;
}

#define PG_SSL_REQUEST 80877103u
#define PG_GSSENC_REQUEST 80877104u
#define PG_CANCEL_REQUEST 80877102u
#define PG_PROTOCOL_3 0x00030000u

/* A client message: message_len made sure it holds 8 bytes at least. */
static void postgresql_client(struct upgrade_state *st, struct facts *f, const uint8_t *p, double t)
{
	uint32_t code = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
	if (code == PG_SSL_REQUEST) {
		const char text[] = "SSLRequest";
		note_request(f, t, text, sizeof text - 1);
		st->pending = PENDING_UPGRADE;
	} else if (code == PG_GSSENC_REQUEST) {
		st->pending = PENDING_GSSENC;
	} else {
		/* A StartupMessage: the session goes on in clear text. */
		if (code == PG_PROTOCOL_3 || (code >> 16) == 2 || (code >> 16) == 3)
			note_went_on(f);
		st->side[SIDE_CLIENT].stopped = true;
	}
}

/* The server's one-byte answer to SSLRequest ('S' or 'N'), or an ErrorResponse ('E') from
 * a server too old to know it; after it the server speaks TLS or its protocol. */
static void postgresql_server(struct upgrade_state *st, struct facts *f, const uint8_t *p, size_t n, double t)
{
	if (n == 0)
		return;
	if (st->pending == PENDING_GSSENC) {
		/* 'N': no GSSAPI encryption; the client may ask for SSL next. 'G' is not TLS. */
		st->pending = PENDING_NONE;
		if (p[0] == 'G')
			st->side[SIDE_SERVER].stopped = true;
		return;
	}
	if (st->pending == PENDING_UPGRADE) {
		if (p[0] == 'S') {
			note_answer(f, t, true, 0, "S", 1);
		} else if (p[0] == 'N') {
			static const char refused[] = "N (the server does not accept SSL)";
			note_answer(f, t, false, 0, refused, sizeof refused - 1);
		} else if (p[0] == 'E') {
			/* ErrorResponse: type 'E', length, fields ('M' is the message). */
			char text[sizeof f->upgrade.reply] = "E: ";
			for (size_t i = 5; i + 1 < n; i++) {
				if (p[i] == 'M') {
					size_t m = i + 1, e = m;
					while (e < n && p[e] != 0)
						e++;
					copy_printable(text + 3, sizeof text - 3, p + m, e - m);
					break;
				}
				while (i < n && p[i] != 0)
					i++;
			}
			note_answer(f, t, false, 0, text, strlen(text));
		}
		st->pending = PENDING_NONE;
	}
	st->side[SIDE_SERVER].stopped = true;
}

#define MYSQL_CLIENT_SSL 0x0800u

static void mysql_message(struct upgrade_state *st, struct facts *f, enum side from, const uint8_t *p, size_t n, double t)
{
	struct upgrade_fact *u = &f->upgrade;
	struct reader r;
	uint32_t len;
	uint8_t seq, first;
	rd_init(&r, p, n, 0);
	uint16_t lo;
	uint8_t hi;
	if (!rd_u16le(&r, &lo) || !rd_u8(&r, &hi) || !rd_u8(&r, &seq) || !rd_peek_u8(&r, 0, &first))
		return;
	len = lo | (uint32_t)hi << 16;
	if (from == SIDE_SERVER) {
		if (seq != 0 || st->greeted) {
			st->side[SIDE_SERVER].stopped = true;
			return;
		}
		st->greeted = true;
		if (first == 0xff) {
			/* An error instead of a greeting: code (2 bytes), a message. */
			uint16_t code;
			const uint8_t *msg;
			if (rd_skip(&r, 1) && rd_u16le(&r, &code) && rd_view(&r, rd_left(&r), &msg)) {
				char text[sizeof u->greeting];
				snprintf(text, sizeof text, "error %u: ", code);
				size_t k = strlen(text);
				copy_printable(text + k, sizeof text - k, msg, (size_t)(p + n - msg));
				snprintf(u->greeting, sizeof u->greeting, "%s", text);
			}
			return;
		}
		/* Protocol 10: version (NUL-terminated), connection ID, 8 bytes of salt, a filler,
		 * the low 16 bits of the capability flags. */
		const uint8_t *version;
		if (!rd_skip(&r, 1) || !rd_view(&r, 0, &version))
			return;
		size_t vn = 0;
		while (vn < rd_left(&r) && version[vn] != 0)
			vn++;
		char text[sizeof u->greeting] = "server ";
		copy_printable(text + 7, sizeof text - 7, version, vn);
		snprintf(u->greeting, sizeof u->greeting, "%s", text);
		uint16_t caps;
		if (rd_skip(&r, vn + 1) && rd_skip(&r, 4 + 8 + 1) && rd_u16le(&r, &caps)) {
			u->offers_seen = true;
			u->offered = (caps & MYSQL_CLIENT_SSL) != 0;
		}
		return;
	}
	/* The client's first packet (sequence 1): a 32-byte SSL request with CLIENT_SSL set,
	 * after which its ClientHello follows, or its whole login in clear text. */
	uint32_t caps;
	if (seq == 1 && rd_u32le(&r, &caps)) {
		if (len == 32 && (caps & MYSQL_CLIENT_SSL)) {
			const char text[] = "SSL request (CLIENT_SSL)";
			note_request(f, t, text, sizeof text - 1);
			/* No answer comes in MySQL's protocol: the greeting's capability was the offer. */
			static const char offer[] = "CLIENT_SSL in the server's greeting";
			if (u->offered)
				note_answer(f, t, true, 0, offer, sizeof offer - 1);
		} else {
			note_went_on(f);
		}
	}
	st->side[SIDE_CLIENT].stopped = true;
}

static const char *socks5_reply_name(uint8_t rep)
{
	static const char *const names[] = {
		"succeeded", "general SOCKS server failure", "connection not allowed by ruleset", "network unreachable",
		"host unreachable", "connection refused", "TTL expired", "command not supported",
		"address type not supported",
	};
	return rep < sizeof names / sizeof names[0] ? names[rep] : "unassigned";
}

static const char *socks4_reply_name(uint8_t rep)
{
	switch (rep) {
	case 90: return "request granted";
	case 91: return "request rejected or failed";
	case 92: return "rejected: the proxy cannot reach the client's identd";
	case 93: return "rejected: identd reports a different user ID";
	default: return "unassigned";
	}
}

/* Writes "addr:port" of a SOCKS address (ATYP 1 IPv4, 3 name, 4 IPv6) into out. */
static bool socks_address(struct reader *r, uint8_t atyp, char *out, size_t cap)
{
	const uint8_t *a;
	uint16_t port;
	char host[136];
	if (atyp == 1) {
		if (!rd_view(r, 4, &a))
			return false;
		snprintf(host, sizeof host, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	} else if (atyp == 3) {
		uint8_t n;
		if (!rd_u8(r, &n) || !rd_view(r, n, &a))
			return false;
		copy_printable(host, sizeof host, a, n);
	} else if (atyp == 4) {
		if (!rd_view(r, 16, &a))
			return false;
		char text[INET6_ADDRSTRLEN];
		if (inet_ntop(AF_INET6, a, text, sizeof text) == NULL)
			return false;
		snprintf(host, sizeof host, "[%s]", text);
	} else {
		return false;
	}
	if (!rd_u16(r, &port))
		return false;
	snprintf(out, cap, "%.120s:%u", host, port);
	return true;
}

/* The length of the SOCKS message at p for the side and step, 0 when more bytes are
 * needed, SIZE_MAX when it cannot be one. */
static size_t socks_message_len(const struct upgrade_state *st, enum upgrade_kind k, enum side from, const uint8_t *p,
				size_t n)
{
	if (k == UPGRADE_SOCKS4) {
		if (from == SIDE_SERVER)
			return n >= 8 ? 8 : 0;
		/* VN CD DSTPORT DSTIP USERID NUL [HOST NUL when DSTIP is 0.0.0.x, x != 0] */
		if (n < 9)
			return 0;
		const uint8_t *nul = memchr(p + 8, 0, n - 8);
		if (nul == NULL)
			return n >= sizeof st->side[0].msg ? SIZE_MAX : 0;
		size_t end = (size_t)(nul - p) + 1;
		if (p[4] == 0 && p[5] == 0 && p[6] == 0 && p[7] != 0) {
			const uint8_t *nul2 = end < n ? memchr(p + end, 0, n - end) : NULL;
			if (nul2 == NULL)
				return n >= sizeof st->side[0].msg ? SIZE_MAX : 0;
			end = (size_t)(nul2 - p) + 1;
		}
		return end;
	}
	if (n < 2)
		return 0;
	switch ((enum socks5_step)st->socks5_step) {
	case SOCKS5_GREETING:
		return from == SIDE_CLIENT ? 2u + p[1] : 2;
	case SOCKS5_AUTH:
		if (from == SIDE_SERVER)
			return 2;
		if (n < 3u + p[1])
			return 0;
		return 3u + p[1] + p[2u + p[1]];
	case SOCKS5_REQUEST: {
		if (n < 5)
			return 0;
		size_t addr = p[3] == 1 ? 4 : p[3] == 4 ? 16 : p[3] == 3 ? 1u + p[4] : 0;
		return addr == 0 ? SIZE_MAX : 4 + addr + 2;
	}
	default:
		return SIZE_MAX;
	}
}

static void socks_message(struct upgrade_state *st, struct facts *f, enum side from, const uint8_t *p, size_t n, double t)
{
	struct upgrade_fact *u = &f->upgrade;
	struct reader r;
	rd_init(&r, p, n, 0);
	char text[sizeof u->reply];
	if (u->kind == UPGRADE_SOCKS4) {
		if (from == SIDE_CLIENT) {
			uint16_t port;
			const uint8_t *ip;
			if (!rd_skip(&r, 2) || !rd_u16(&r, &port) || !rd_view(&r, 4, &ip))
				return;
			if (ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] != 0) {
				/* SOCKS 4a: the name after the user ID. */
				const uint8_t *user = p + 8, *nul = memchr(user, 0, n - 8);
				const uint8_t *host = nul != NULL ? nul + 1 : p + n;
				size_t hn = (size_t)(p + n - host);
				char name[128];
				copy_printable(name, sizeof name, host, hn > 0 ? hn - 1 : 0);
				snprintf(u->target, sizeof u->target, "%s:%u", name, port);
			} else {
				snprintf(u->target, sizeof u->target, "%u.%u.%u.%u:%u", ip[0], ip[1], ip[2], ip[3], port);
			}
			u->target_port = port;
			snprintf(text, sizeof text, "%s %.96s", p[1] == 1 ? "CONNECT" : "BIND", u->target);
			note_request(f, t, text, strlen(text));
			st->pending = PENDING_UPGRADE;
			return;
		}
		if (st->pending != PENDING_UPGRADE)
			return;
		snprintf(text, sizeof text, "%s (%u)", socks4_reply_name(p[1]), p[1]);
		note_answer(f, t, p[1] == 90, p[1], text, strlen(text));
		st->pending = PENDING_NONE;
		return;
	}
	switch ((enum socks5_step)st->socks5_step) {
	case SOCKS5_GREETING:
		if (from == SIDE_CLIENT) {
			int k = snprintf(text, sizeof text, "methods");
			for (unsigned i = 0; i < p[1] && (size_t)k < sizeof text; i++)
				k += snprintf(text + k, sizeof text - (size_t)k, " %u", p[2 + i]);
			note_request(f, t, text, strlen(text));
			st->pending = PENDING_UPGRADE;
			return;
		}
		if (p[1] == 0xff) {
			snprintf(text, sizeof text, "no acceptable authentication method (255)");
			note_answer(f, t, false, 255, text, strlen(text));
			st->socks5_step = SOCKS5_DONE;
		} else {
			st->socks5_step = p[1] == 2 ? SOCKS5_AUTH : SOCKS5_REQUEST;
		}
		return;
	case SOCKS5_AUTH:
		if (from == SIDE_CLIENT) {
			u->credentials_sent = true;
			return;
		}
		if (p[1] != 0) {
			snprintf(text, sizeof text, "username/password authentication failed (status %u)", p[1]);
			note_answer(f, t, false, p[1], text, strlen(text));
			st->socks5_step = SOCKS5_DONE;
		} else {
			st->socks5_step = SOCKS5_REQUEST;
		}
		return;
	case SOCKS5_REQUEST:
		if (from == SIDE_CLIENT) {
			uint8_t cmd, atyp;
			if (!rd_skip(&r, 1) || !rd_u8(&r, &cmd) || !rd_skip(&r, 1) || !rd_u8(&r, &atyp) ||
			    !socks_address(&r, atyp, u->target, sizeof u->target))
				return;
			u->target_port = (uint16_t)(p[n - 2] << 8 | p[n - 1]);
			snprintf(text, sizeof text, "%s %.90s", cmd == 1 ? "CONNECT" : cmd == 2 ? "BIND" : "UDP ASSOCIATE",
				 u->target);
			note_request(f, t, text, strlen(text));
			st->pending = PENDING_UPGRADE;
			return;
		}
		snprintf(text, sizeof text, "%s (%u)", socks5_reply_name(p[1]), p[1]);
		note_answer(f, t, p[1] == 0, p[1], text, strlen(text));
		st->socks5_step = SOCKS5_DONE;
		return;
	default:
		return;
	}
}

/* The length of the next message of a framed protocol at p, 0 when more bytes are
 * needed, SIZE_MAX when the bytes are not that protocol any more. */
static size_t message_len(const struct upgrade_state *st, enum upgrade_kind k, enum side from, const uint8_t *p,
			  size_t n)
{
	switch (k) {
	case UPGRADE_LDAP:
		return n > 0 && p[0] != 0x30 ? SIZE_MAX : ber_element_len(p, n);
	case UPGRADE_POSTGRESQL:
		if (from == SIDE_SERVER)
			return n; /* a one-byte answer, or an ErrorResponse read as it is */
		if (n < 8)
			return 0;
		{
			uint32_t len = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
			return len < 8 ? SIZE_MAX : len;
		}
	case UPGRADE_MYSQL:
		return n < 4 ? 0 : 4u + (p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16);
	case UPGRADE_SOCKS4:
	case UPGRADE_SOCKS5:
		return socks_message_len(st, k, from, p, n);
	default:
		return SIZE_MAX;
	}
}

static void on_message(struct upgrade_state *st, struct facts *f, enum side from, const uint8_t *p, size_t n, double t)
{
	switch ((enum upgrade_kind)f->upgrade.kind) {
	case UPGRADE_LDAP:
		ldap_message(st, f, from, p, n, t);
		break;
	case UPGRADE_POSTGRESQL:
		if (from == SIDE_CLIENT)
			postgresql_client(st, f, p, t);
		else
			postgresql_server(st, f, p, n, t);
		break;
	case UPGRADE_MYSQL:
		mysql_message(st, f, from, p, n, t);
		break;
	case UPGRADE_SOCKS4:
	case UPGRADE_SOCKS5:
		socks_message(st, f, from, p, n, t);
		break;
	default:
		break;
	}
}

static void feed_messages(struct upgrade_state *st, struct facts *f, enum side from, const uint8_t *p, size_t n,
			  double t)
{
	struct upgrade_side *sd = &st->side[from];
	enum upgrade_kind k = (enum upgrade_kind)f->upgrade.kind;
	while (n > 0 && !sd->stopped) {
		if (sd->skip > 0) {
			size_t k2 = n < sd->skip ? n : sd->skip;
			sd->skip -= k2;
			p += k2;
			n -= k2;
			continue;
		}
		size_t room = sizeof sd->msg - sd->len;
		size_t take = n < room ? n : room;
		memcpy(sd->msg + sd->len, p, take);
		sd->len += take;
		p += take;
		n -= take;
		/* Every whole message held. */
		size_t at = 0;
		while (at < sd->len && !sd->stopped) {
			size_t need = message_len(st, k, from, sd->msg + at, sd->len - at);
			if (need == SIZE_MAX) {
				sd->stopped = true;
				break;
			}
			if (need == 0)
				break;
			if (need > sizeof sd->msg) {
				/* Too long to hold: not one of the messages read here; stepped over. */
				size_t held = sd->len - at;
				sd->skip = need - held;
				at = sd->len;
				break;
			}
			if (need > sd->len - at)
				break;
			on_message(st, f, from, sd->msg + at, need, t);
			at += need;
		}
		memmove(sd->msg, sd->msg + at, sd->len - at);
		sd->len -= at;
	}
}

/* ---------------------------------------------------------------------------------------
 * The entry points. */

static bool is_line_protocol(enum upgrade_kind k)
{
	switch (k) {
	case UPGRADE_SMTP:
	case UPGRADE_IMAP:
	case UPGRADE_POP3:
	case UPGRADE_FTP:
	case UPGRADE_NNTP:
	case UPGRADE_XMPP:
	case UPGRADE_HTTP_CONNECT:
		return true;
	default:
		return false;
	}
}

/* Bytes a side's opening may need before its kind can be told ("<stream:stream" is the
 * longest): a first segment shorter than this is held until more come. */
#define DETECT_BYTES 16

static void feed_known(struct upgrade_state *st, struct facts *f, enum side from, const uint8_t *data, size_t len,
		       double t)
{
	struct upgrade_side *sd = &st->side[from];
	if (sd->stopped)
		return;
	if (sd->fed >= BOUND_UPGRADE_BYTES) {
		sd->stopped = true;
		return;
	}
	size_t n = len < BOUND_UPGRADE_BYTES - sd->fed ? len : BOUND_UPGRADE_BYTES - sd->fed;
	sd->fed += n;
	if (is_line_protocol((enum upgrade_kind)f->upgrade.kind))
		feed_lines(st, f, from, data, n, t);
	else
		feed_messages(st, f, from, data, n, t);
}

void upgrade_feed(struct upgrade_state **stp, struct facts *f, enum side from, const uint8_t *data, size_t len,
		  double t)
{
	struct upgrade_state *st = *stp;
	if (st == UPGRADE_NOT_FOLLOWED || len == 0)
		return;
	if (st != NULL && f->upgrade.kind != UPGRADE_NONE) {
		feed_known(st, f, from, data, len, t);
		return;
	}
	/* Not told yet: from these bytes, or from them after the few held before. */
	uint8_t opening[DETECT_BYTES];
	size_t held = st != NULL ? st->side[from].len : 0;
	if (held > 0)
		memcpy(opening, st->side[from].msg, held);
	size_t add = len < DETECT_BYTES - held ? len : DETECT_BYTES - held;
	memcpy(opening + held, data, add);
	enum upgrade_kind k = detect(f, from, held > 0 ? opening : data, held > 0 ? held + add : len);
	if (k == UPGRADE_NONE && held + len >= DETECT_BYTES) {
		upgrade_free(st);
		*stp = UPGRADE_NOT_FOLLOWED;
		return;
	}
	if (st == NULL) {
		st = calloc(1, sizeof *st);
		if (st == NULL) {
			*stp = UPGRADE_NOT_FOLLOWED;
			return;
		}
		*stp = st;
	}
	if (k == UPGRADE_NONE) {
		/* Too few bytes to tell: held (fewer than DETECT_BYTES) until more come. */
		memcpy(st->side[from].msg + held, data, len);
		st->side[from].len = held + len;
		return;
	}
	f->upgrade.kind = (uint8_t)k;
	/* The other side's held bytes, if any, came first: they are read first. */
	for (int s = 0; s < 2; s++) {
		struct upgrade_side *sd = &st->side[s];
		if (sd->len == 0)
			continue;
		uint8_t early[DETECT_BYTES];
		size_t n = sd->len;
		memcpy(early, sd->msg, n);
		sd->len = 0;
		feed_known(st, f, (enum side)s, early, n, t);
	}
	feed_known(st, f, from, data, len, t);
}

void upgrade_free(struct upgrade_state *st)
{
	if (st != UPGRADE_NOT_FOLLOWED)
		free(st);
}

size_t upgrade_memory(const struct upgrade_state *st)
{
	return st == NULL || st == UPGRADE_NOT_FOLLOWED ? 0 : sizeof *st;
}
