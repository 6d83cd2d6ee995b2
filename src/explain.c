/*
 * explain.c — tlsdiag explain (explain.h): an error message from a ticket mapped to the
 * TLS alert it stands for, who sent it and who printed it, the classes it can mean and
 * the capture that decides between them.
 *
 * One table of messages (explain_table.c), each row citing where its text comes from. A
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

#include "bytes.h"
#include "classes.h"
#include "explain_table.h"
#include "json.h"
#include "tls_names.h"

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
	for (size_t i = 0; i < explain_n_alert_aliases; i++) {
		size_t n = strlen(explain_alert_aliases[i].words);
		if (n > best_len && strncmp(p, explain_alert_aliases[i].words, n) == 0 && !is_word_char(p[n])) {
			best = explain_alert_aliases[i].code;
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

/* ---- the matches -------------------------------------------------------------------- */

#define MAX_MATCHES 24

struct ex_match {
	const struct ex_row *row;
	int alert;                 /* the code, or -1 */
	size_t at, len;            /* the matched text in the flattened message */
	bool has_code;             /* an OpenSSL packed code led here */
	struct explain_openssl_code code;
	int nss_error;             /* an NSS error number led here; 0: none */
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
	for (size_t r = 0; r < explain_n_rows; r++) {
		const struct ex_row *row = &explain_rows[r];
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
	for (size_t r = 0; r < explain_n_rows; r++)
		if (explain_rows[r].reason == reason && explain_rows[r].alert != A_WORDS)
			return &explain_rows[r];
	return NULL;
}

static const struct ex_row *row_by_id(const char *id)
{
	for (size_t r = 0; r < explain_n_rows; r++)
		if (strcmp(explain_rows[r].id, id) == 0)
			return &explain_rows[r];
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
			int v = hex_digit_value((uint8_t)h[i]);
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

static const struct ex_row *row_by_nss_error(int error)
{
	for (size_t r = 0; r < explain_n_rows; r++)
		if (explain_rows[r].nss_error == error)
			return &explain_rows[r];
	return NULL;
}

/* "error -NNNN" (NSS's PRErrorCode, negative: SSL errors from -12288, security library
 * errors from -8192, NSPR's from -6000) anywhere: each led to its row. */
static void match_nss_errors(struct ex_state *st)
{
	const char *t = st->text;
	for (const char *p = strstr(t, "error"); p != NULL; p = strstr(p + 1, "error")) {
		const char *q = p + 5;
		while (*q == ' ' || *q == ':')
			q++;
		if (*q != '-')
			continue;
		int v = 0, digits = 0;
		for (q++; *q >= '0' && *q <= '9' && digits < 6; q++, digits++)
			v = v * 10 + (*q - '0');
		if (digits < 4 || digits > 5 || is_word_char(*q))
			continue;
		const struct ex_row *row = row_by_nss_error(-v);
		if (row == NULL)
			continue;
		struct ex_match *m = add_match(st, row, row->alert, (size_t)(p - t), (size_t)(q - p));
		if (m != NULL)
			m->nss_error = -v;
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

/* Whether b's text lies inside a's, and a's is longer: b is a piece of a's words
 * ("unexpected record" of NSS's "ssl received an unexpected record type"). */
static bool inside(const struct ex_match *a, const struct ex_match *b)
{
	return a->len > b->len && b->at >= a->at && b->at + b->len <= a->at + a->len;
}

/* The same alert read twice from one stack's words ("sslv3 alert bad certificate:SSL
 * alert number 42"): the later, shorter reading is left out; so is a match within a
 * longer one's text. */
static void drop_repeats(struct ex_state *st)
{
	size_t k = 0;
	for (size_t i = 0; i < st->n; i++) {
		const struct ex_match *m = &st->m[i];
		bool repeat = false;
		for (size_t e = 0; e < st->n; e++)
			repeat |= e != i && inside(&st->m[e], m);
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
	enum ex_reporter context = client == server ? R_EITHER : client ? R_CLIENT : R_SERVER;
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
	for (size_t i = 0; i < explain_n_alert_readings; i++)
		if (explain_alert_readings[i].code == code)
			return &explain_alert_readings[i];
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
		rd->sender = m->row->sender == S_SELF	  ? reporter
			     : m->row->sender == S_PEER	  ? other(reporter)
			     : m->row->sender == S_SERVER ? R_SERVER
							  : R_EITHER;
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
		a->stack = &explain_stacks[stack];
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
	bool cut = m->len > 120;
	fprintf(out, "\"%.*s%s\"", (int)(cut ? 120 : m->len), st->text + m->at, cut ? "..." : "");
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
			explain_class_when[rd->cls[k]]);
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
		fprintf(out, "\n%zu. %s [%s]\n   text:       ", i + 1, explain_stacks[m->row->stack].name, m->row->id);
		put_excerpt(out, st, m);
		fprintf(out, "\n");
		if (m->has_code) {
			fprintf(out, "   code:       ");
			put_code_text(out, &m->code);
			fprintf(out, "\n");
		}
		if (m->nss_error != 0)
			fprintf(out, "   code:       NSS error %d\n", m->nss_error);
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
						   : "none built in: capture where the other end's program writes a key "
						     "log, or rely on the alert (in clear with TLS 1.2; with TLS 1.3 tlsdiag "
						     "infers it, confidence low)");
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
				json_string(j, explain_class_when[rd[k].cls[c]]);
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
		json_string(&j, explain_stacks[m->row->stack].name);
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
		if (m->nss_error != 0) {
			json_key(&j, "nss_error");
			json_int(&j, m->nss_error);
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
	match_nss_errors(&st);
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
	return explain_n_rows;
}

size_t explain_stack_count(void)
{
	return ST__COUNT;
}

const char *explain_stack_name(size_t i)
{
	return i < ST__COUNT ? explain_stacks[i].name : NULL;
}

size_t explain_stack_rows(size_t i)
{
	size_t n = 0;
	for (size_t r = 0; r < explain_n_rows; r++)
		n += (size_t)explain_rows[r].stack == i;
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
	for (size_t r = 0; r < explain_n_rows; r++) {
		const struct ex_row *row = &explain_rows[r];
		if (row->pat[0] == NULL || row->pat[0][0] == '\0' || row->note == NULL)
			return row->id;
		if (!classes_valid(row->by_client) || !classes_valid(row->by_server))
			return row->id;
		for (size_t k = r + 1; k < explain_n_rows; k++)
			if (strcmp(explain_rows[k].id, row->id) == 0)
				return row->id;
	}
	for (size_t i = 0; i < explain_n_alert_readings; i++)
		if (!classes_valid(explain_alert_readings[i].server_sent) || !classes_valid(explain_alert_readings[i].client_sent))
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
