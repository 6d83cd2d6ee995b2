/*
 * fingerprint.c — identifiers that join a tlsdiag report with other tools' logs: the
 * Community ID of the flow (Zeek, Suricata, Arkime, ...) and the client's JA3 and JA4.
 *
 * Pipeline position: beside the report. It reads facts (the two endpoints, the parsed
 * ClientHello) and writes strings; it never sees packet bytes. libcrypto supplies the
 * hashes through the one-shot EVP_Digest; the three digest algorithms are fetched once
 * and kept for the life of the process.
 *
 * Over QUIC and DTLS the JA4 and JA4S strings start with 'q' and 'd' instead of 't'
 * (JA4.md), from the same hellos. Not here: any judgement: a fingerprint is evidence
 * for a person to look up, not a verdict.
 *
 * A fingerprint other tools cannot reproduce is worse than none, so both JA3 and JA4
 * refuse a hello whose lists were cut at the bounds of facts.h, and the SSL 2.0 hello
 * (24-bit cipher kinds, no extensions), for which neither method is defined.
 */
#include "fingerprint.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h> /* qsort */
#include <string.h>

#include <openssl/evp.h>

#include "tls_names.h"
#include "tls_wire.h"

/* The hashed strings are at most a few kilobytes: 128 suites, 64 extensions, ... */
#define FP_STRING_MAX 4096

/* A bounded string under construction; overflow is sticky and makes the caller fail. */
struct fp_str {
	char buf[FP_STRING_MAX];
	size_t len;
	bool overflow;
};

__attribute__((format(printf, 2, 3)))
static void fp_put(struct fp_str *s, const char *fmt, ...)
{
	if (s->overflow)
		return;
	va_list ap;
	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): ap is started above (clang 14 misreports it after another file)
	int n = vsnprintf(s->buf + s->len, sizeof s->buf - s->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof s->buf - s->len) {
		s->overflow = true;
		s->buf[s->len] = '\0';
		return;
	}
	s->len += (size_t)n;
}

/* Appends a separator (may be empty) and v, in decimal or as 4 hex digits: the lists
 * are formatted per hello, so without the cost of printf. */
static void fp_put_num(struct fp_str *s, const char *sep, unsigned v, bool hex4)
{
	char tmp[16];
	size_t k = sizeof tmp;
	if (hex4) {
		static const char digits[] = "0123456789abcdef";
		for (int i = 0; i < 4; i++, v >>= 4)
			tmp[--k] = digits[v & 15];
	} else {
		do {
			tmp[--k] = (char)('0' + v % 10);
			v /= 10;
		} while (v > 0);
	}
	size_t sep_len = strlen(sep), n = sizeof tmp - k;
	if (s->overflow || s->len + sep_len + n >= sizeof s->buf) {
		s->overflow = true;
		return;
	}
	memcpy(s->buf + s->len, sep, sep_len);
	memcpy(s->buf + s->len + sep_len, tmp + k, n);
	s->len += sep_len + n;
	s->buf[s->len] = '\0';
}

/*
 * The digests, fetched once: OpenSSL 3 looks an algorithm up (under locks) on every
 * EVP_md5()/EVP_sha256() one-shot use, which costs more than hashing a hello.
 */
static EVP_MD *fetched_md5, *fetched_sha1, *fetched_sha256;
static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;

static void fetch_digests(void)
{
	fetched_md5 = EVP_MD_fetch(NULL, "MD5", NULL);
	fetched_sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
	fetched_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static const EVP_MD *digest_md5(void)
{
	pthread_once(&fetch_once, fetch_digests);
	return fetched_md5 ? fetched_md5 : EVP_md5();
}

static const EVP_MD *digest_sha1(void)
{
	pthread_once(&fetch_once, fetch_digests);
	return fetched_sha1 ? fetched_sha1 : EVP_sha1();
}

static const EVP_MD *digest_sha256(void)
{
	pthread_once(&fetch_once, fetch_digests);
	return fetched_sha256 ? fetched_sha256 : EVP_sha256();
}

static bool fp_digest(const EVP_MD *md, const void *data, size_t len, uint8_t *out, size_t out_cap,
		      size_t *out_len)
{
	unsigned int n = 0;
	if (md == NULL || out_cap < (size_t)EVP_MAX_MD_SIZE)
		return false;
	/* Fails when the active provider refuses the algorithm (MD5 under FIPS). */
	if (EVP_Digest(data, len, out, &n, md, NULL) != 1)
		return false;
	*out_len = n;
	return true;
}

static void fp_hex(const uint8_t *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

/* ---- Community ID ----------------------------------------------------------------- */

static void fp_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)(v & 0xff);
}

/*
 * Community ID v1 (github.com/corelight/community-id-spec), seed 0:
 *   base64(SHA-1(seed:2 | src_addr | dst_addr | proto:1 | 0:1 | src_port:2 | dst_port:2))
 * The endpoint with the smaller address (bytewise; the smaller port when the addresses are
 * equal) is the source, so both directions of a flow get the same ID. Protocols without
 * ports (neither TCP, UDP nor SCTP) hash no ports. ICMP maps type and code to ports in a
 * way of its own, which this TCP tool does not need, so it is refused.
 */
bool fp_community_id(const struct endpoint *a, const struct endpoint *b, uint8_t ip_proto,
		     char *out, size_t out_len)
{
	enum { SHA1_LEN = 20, B64_LEN = 28 };
	if (a == NULL || b == NULL || out == NULL || out_len < 2 + B64_LEN + 1)
		return false;
	if (a->family != b->family || (a->family != 4 && a->family != 6))
		return false;
	if (ip_proto == 1 || ip_proto == 58)
		return false;
	bool has_ports = ip_proto == 6 || ip_proto == 17 || ip_proto == 132;
	size_t addr_len = a->family == 4 ? 4 : 16;

	int cmp = memcmp(a->addr, b->addr, addr_len);
	bool a_first = cmp < 0 || (cmp == 0 && (!has_ports || a->port <= b->port));
	const struct endpoint *src = a_first ? a : b;
	const struct endpoint *dst = a_first ? b : a;

	uint8_t msg[2 + 16 + 16 + 2 + 4];
	size_t k = 0;
	fp_put_be16(msg + k, 0);
	k += 2;
	memcpy(msg + k, src->addr, addr_len);
	k += addr_len;
	memcpy(msg + k, dst->addr, addr_len);
	k += addr_len;
	msg[k++] = ip_proto;
	msg[k++] = 0;
	if (has_ports) {
		fp_put_be16(msg + k, src->port);
		k += 2;
		fp_put_be16(msg + k, dst->port);
		k += 2;
	}

	uint8_t digest[EVP_MAX_MD_SIZE];
	size_t digest_len = 0;
	if (!fp_digest(digest_sha1(), msg, k, digest, sizeof digest, &digest_len) || digest_len != SHA1_LEN)
		return false;
	unsigned char b64[B64_LEN + 1];
	if (EVP_EncodeBlock(b64, digest, SHA1_LEN) != B64_LEN)
		return false;
	snprintf(out, out_len, "1:%s", (const char *)b64);
	return true;
}

/* ---- ClientHello fingerprints ------------------------------------------------------- */

/* Whether the hello is whole enough that another tool would hash the same lists. */
static bool fp_hello_usable(const struct tls_client_hello *ch)
{
	if (ch->sslv2_format)
		return false;
	if (ch->n_ciphers > BOUND_CIPHERS || ch->n_exts > BOUND_EXTENSIONS || ch->n_groups > BOUND_GROUPS ||
	    ch->n_point_formats > BOUND_POINT_FORMATS || ch->n_sigalgs > BOUND_SIGALGS ||
	    ch->n_versions > BOUND_VERSIONS || ch->n_alpn > BOUND_ALPN)
		return false;
	if (ch->n_ciphers_total > ch->n_ciphers || ch->n_exts_total > ch->n_exts)
		return false;
	return ch->n_alpn == 0 || ch->alpn_len[0] <= BOUND_ALPN_NAME;
}

/* Appends the non-GREASE values of list in decimal, joined by '-' (JA3's list form). */
static void fp_put_dec_list(struct fp_str *s, const uint16_t *list, size_t n)
{
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (tls_is_grease(list[i]))
			continue;
		fp_put_num(s, first ? "" : "-", list[i], false);
		first = false;
	}
}

/*
 * JA3 (github.com/salesforce/ja3):
 *   SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats
 * decimal values, '-' inside a field, GREASE (RFC 8701) left out of every list, the
 * version being the hello's legacy_version; then the MD5 of that string in lowercase hex.
 */
bool fp_ja3(const struct tls_client_hello *ch, char *md5_hex, size_t md5_len)
{
	enum { MD5_LEN = 16 };
	if (ch == NULL || md5_hex == NULL || md5_len < 2 * MD5_LEN + 1 || !fp_hello_usable(ch))
		return false;
	struct fp_str s = { .len = 0 };
	fp_put(&s, "%u,", (unsigned)ch->legacy_version);
	fp_put_dec_list(&s, ch->ciphers, ch->n_ciphers);
	fp_put(&s, ",");
	fp_put_dec_list(&s, ch->exts, ch->n_exts);
	fp_put(&s, ",");
	fp_put_dec_list(&s, ch->groups, ch->n_groups);
	fp_put(&s, ",");
	for (size_t i = 0; i < ch->n_point_formats; i++)
		fp_put_num(&s, i ? "-" : "", ch->point_formats[i], false);

	uint8_t digest[EVP_MAX_MD_SIZE];
	size_t digest_len = 0;
	bool ok = !s.overflow && fp_digest(digest_md5(), s.buf, s.len, digest, sizeof digest, &digest_len) &&
		  digest_len == MD5_LEN;
	if (!ok)
		return false;
	fp_hex(digest, MD5_LEN, md5_hex);
	return true;
}

/* JA4's two characters for a protocol version; TLS 1.3 drafts count as TLS 1.3. */
static const char *fp_ja4_version(uint16_t v)
{
	if ((v & 0xff00u) == TLS_VERSION_TLS13_DRAFT || (v & 0xff00u) == TLS_VERSION_TLS13_FB_DRAFT)
		return "13";
	switch (v) {
	case TLS_VERSION_TLS13: return "13";
	case TLS_VERSION_TLS12: return "12";
	case TLS_VERSION_TLS11: return "11";
	case TLS_VERSION_TLS10: return "10";
	case TLS_VERSION_SSL3: return "s3";
	case TLS_VERSION_SSL2: return "s2";
	case TLS_VERSION_DTLS10: return "d1";
	case TLS_VERSION_DTLS12: return "d2";
	case TLS_VERSION_DTLS13: return "d3";
	default: return "00";
	}
}

static bool fp_is_alnum(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/*
 * JA4's ALPN part: the first and last byte of the first protocol name, "00" when there is
 * none or it is empty. When either byte is not an ASCII letter or digit, the first hex digit
 * of the first byte and the last hex digit of the last byte stand in, so the fingerprint
 * stays printable whatever the client sent.
 */
static void fp_ja4_alpn(const struct tls_client_hello *ch, char out[3])
{
	static const char digits[] = "0123456789abcdef";
	if (ch->n_alpn == 0 || ch->alpn_len[0] == 0) {
		memcpy(out, "00", 3);
		return;
	}
	uint8_t first = (uint8_t)ch->alpn[0][0];
	uint8_t last = (uint8_t)ch->alpn[0][ch->alpn_len[0] - 1];
	if (fp_is_alnum(first) && fp_is_alnum(last)) {
		out[0] = (char)first;
		out[1] = (char)last;
	} else {
		out[0] = digits[first >> 4];
		out[1] = digits[last & 0x0f];
	}
	out[2] = '\0';
}

static int fp_cmp_u16(const void *x, const void *y)
{
	uint16_t a = *(const uint16_t *)x, b = *(const uint16_t *)y;
	return (a > b) - (a < b);
}

/* The first 12 hex digits of SHA-256 of s, or "000000000000" when s is empty. */
static bool fp_hash12(const struct fp_str *s, char out[13])
{
	if (s->overflow)
		return false;
	if (s->len == 0) {
		memcpy(out, "000000000000", 13);
		return true;
	}
	uint8_t digest[EVP_MAX_MD_SIZE];
	size_t digest_len = 0;
	if (!fp_digest(digest_sha256(), s->buf, s->len, digest, sizeof digest, &digest_len) || digest_len < 6)
		return false;
	fp_hex(digest, 6, out);
	return true;
}

/*
 * JA4 for TLS over TCP (github.com/FoxIO-LLC/ja4, technical_details/JA4.md):
 *   a: 't', version, 'd' (SNI present) or 'i', cipher count, extension count, ALPN
 *   b: SHA-256 of the sorted cipher list, 12 hex digits
 *   c: SHA-256 of the sorted extension list without SNI and ALPN, then '_' and the
 *      signature algorithms in the order sent (no '_' when there are none), 12 hex digits
 * Values are 4-digit lowercase hex joined by ','; GREASE values are left out everywhere and
 * counts stop at 99. The version is the highest value in supported_versions when the hello
 * carries that extension with a non-GREASE value, else legacy_version.
 */
static bool ja4_compute(const struct tls_client_hello *ch, char *out, size_t out_len);

/* The report and the batch summary both ask for the JA4 of each hello: the last answer
 * is kept per thread, for a hello equal to the last one. */
struct ja4_memo {
	bool valid, ok;
	struct tls_client_hello ch;
	char out[64];
};
static _Thread_local struct ja4_memo ja4_memo;

/* JA4.md "TLS and DTLS Version": DTLS 1.0, 1.2 and 1.3 are "d1", "d2", "d3". The DTLS
 * stage hands its versions on as the TLS ones they are built on (dtls.h): 1.1, 1.2, 1.3. */
static void ja4_transport(char *out, char transport)
{
	out[0] = transport; /* the one character that tells the transports apart */
	/* "11", "12", "13" become "d1", "d2", "d3": only the first digit changes. */
	if (transport == 'd' && out[1] == '1' && (out[2] == '1' || out[2] == '2' || out[2] == '3'))
		out[1] = 'd';
}

char fp_ja4_transport(uint8_t transport)
{
	static const char letters[] = "tqd"; /* by enum transport (facts.h) */
	if (transport >= sizeof letters - 1)
		return letters[TRANSPORT_TCP];
	return letters[transport];
}

bool fp_ja4_over(const struct tls_client_hello *ch, char transport, char *out, size_t out_len)
{
	if (!fp_ja4(ch, out, out_len))
		return false;
	ja4_transport(out, transport);
	return true;
}

bool fp_ja4s_over(const struct tls_server_hello *sh, char transport, char *out, size_t out_len)
{
	if (!fp_ja4s(sh, out, out_len))
		return false;
	ja4_transport(out, transport);
	return true;
}

bool fp_ja4(const struct tls_client_hello *ch, char *out, size_t out_len)
{
	if (ch == NULL || out == NULL || out_len < 37)
		return false;
	struct ja4_memo *m = &ja4_memo;
	/* Compared and copied as bytes, padding included: equal bytes are an equal hello,
	 * and a hello that differs only in padding costs one more computation. */
	// NOLINTNEXTLINE(bugprone-suspicious-memory-comparison): a byte-wise cache key, see above
	if (!m->valid || memcmp(&m->ch, ch, sizeof *ch) != 0) {
		memcpy(&m->ch, ch, sizeof *ch);
		m->ok = ja4_compute(ch, m->out, sizeof m->out);
		m->valid = true;
	}
	if (!m->ok || strlen(m->out) >= out_len)
		return false;
	memcpy(out, m->out, strlen(m->out) + 1);
	return true;
}

static bool ja4_compute(const struct tls_client_hello *ch, char *out, size_t out_len)
{
	if (!fp_hello_usable(ch))
		return false;

	uint16_t version = ch->legacy_version;
	if (ch->has_supported_versions) {
		bool found = false;
		uint16_t best = 0;
		for (size_t i = 0; i < ch->n_versions; i++) {
			if (tls_is_grease(ch->versions[i]))
				continue;
			if (!found || ch->versions[i] > best)
				best = ch->versions[i];
			found = true;
		}
		if (found)
			version = best;
	}

	uint16_t ciphers[BOUND_CIPHERS] = { 0 };
	size_t n_ciphers = 0;
	for (size_t i = 0; i < ch->n_ciphers; i++)
		if (!tls_is_grease(ch->ciphers[i]))
			ciphers[n_ciphers++] = ch->ciphers[i];

	uint16_t exts[BOUND_EXTENSIONS] = { 0 };
	size_t n_exts = 0, n_exts_counted = 0;
	bool sni = ch->has_sni;
	for (size_t i = 0; i < ch->n_exts; i++) {
		uint16_t e = ch->exts[i];
		if (tls_is_grease(e))
			continue;
		n_exts_counted++;
		if (e == TLS_EXT_SERVER_NAME)
			sni = true;
		/* SNI and ALPN are already in part a; leaving them out keeps part c the same
		 * for one client whatever name or protocol it asks for. */
		if (e != TLS_EXT_SERVER_NAME && e != TLS_EXT_ALPN)
			exts[n_exts++] = e;
	}

	qsort(ciphers, n_ciphers, sizeof ciphers[0], fp_cmp_u16);
	qsort(exts, n_exts, sizeof exts[0], fp_cmp_u16);

	char part_b[13], part_c[13];
	struct fp_str b = { .len = 0 };
	for (size_t i = 0; i < n_ciphers; i++)
		fp_put_num(&b, i ? "," : "", ciphers[i], true);
	if (!fp_hash12(&b, part_b))
		return false;

	struct fp_str c = { .len = 0 };
	for (size_t i = 0; i < n_exts; i++)
		fp_put_num(&c, i ? "," : "", exts[i], true);
	/* An empty extension list hashes to zeros even if signature algorithms came along. */
	if (n_exts > 0) {
		bool first = true;
		for (size_t i = 0; i < ch->n_sigalgs; i++) {
			if (tls_is_grease(ch->sigalgs[i]))
				continue;
			fp_put_num(&c, first ? "_" : ",", ch->sigalgs[i], true);
			first = false;
		}
	}
	if (!fp_hash12(&c, part_c))
		return false;

	char alpn[3];
	fp_ja4_alpn(ch, alpn);
	unsigned nc = n_ciphers > 99 ? 99u : (unsigned)n_ciphers;
	unsigned ne = n_exts_counted > 99 ? 99u : (unsigned)n_exts_counted;
	int n = snprintf(out, out_len, "t%s%c%02u%02u%s_%s_%s", fp_ja4_version(version), sni ? 'd' : 'i', nc, ne,
			 alpn, part_b, part_c);
	return n > 0 && (size_t)n < out_len;
}

/* ---- ServerHello fingerprints ------------------------------------------------------- */

/* Whether the ServerHello's lists were kept whole: an extension list cut at the bound
 * would hash differently from what other tools compute. */
static bool fp_server_hello_usable(const struct tls_server_hello *sh)
{
	return !sh->sslv2 && sh->n_exts <= BOUND_EXTENSIONS && sh->n_exts_total <= sh->n_exts;
}

/*
 * JA3S (github.com/salesforce/ja3): SSLVersion,Cipher,Extensions in decimal, the
 * extensions in the order sent, '-' between them, the version the ServerHello's
 * legacy_version; then the MD5 of that string in lowercase hex.
 */
bool fp_ja3s(const struct tls_server_hello *sh, char *md5_hex, size_t md5_len)
{
	enum { MD5_LEN = 16 };
	if (sh == NULL || md5_hex == NULL || md5_len < 2 * MD5_LEN + 1 || !fp_server_hello_usable(sh))
		return false;
	struct fp_str s = { .len = 0 };
	fp_put(&s, "%u,%u,", (unsigned)sh->legacy_version, (unsigned)sh->cipher);
	for (size_t i = 0; i < sh->n_exts; i++)
		fp_put_num(&s, i ? "-" : "", sh->exts[i], false);
	uint8_t digest[EVP_MAX_MD_SIZE];
	size_t digest_len = 0;
	if (s.overflow || !fp_digest(digest_md5(), s.buf, s.len, digest, sizeof digest, &digest_len) ||
	    digest_len != MD5_LEN)
		return false;
	fp_hex(digest, MD5_LEN, md5_hex);
	return true;
}

/*
 * JA4S for TLS over TCP (github.com/FoxIO-LLC/ja4, technical_details/JA4S.md):
 *   a: 't', the version (supported_versions when present, else legacy_version), the
 *      extension count, the chosen ALPN's first and last characters ("00": none)
 *   b: the chosen cipher suite, 4 hex digits
 *   c: SHA-256 of the extensions in the order sent, 4-digit hex joined by ',', 12 hex
 *      digits ("000000000000" when there are none)
 */
bool fp_ja4s(const struct tls_server_hello *sh, char *out, size_t out_len)
{
	if (sh == NULL || out == NULL || out_len < 26 || !fp_server_hello_usable(sh))
		return false;
	struct fp_str c = { .len = 0 };
	for (size_t i = 0; i < sh->n_exts; i++)
		fp_put_num(&c, i ? "," : "", sh->exts[i], true);
	char part_c[13];
	if (!fp_hash12(&c, part_c))
		return false;
	/* The ALPN part as JA4 writes it for a client's first protocol. */
	struct tls_client_hello one = { .n_alpn = sh->has_alpn ? 1 : 0 };
	if (sh->has_alpn) {
		memcpy(one.alpn[0], sh->alpn, sh->alpn_len);
		one.alpn_len[0] = sh->alpn_len;
	}
	char alpn[3];
	fp_ja4_alpn(&one, alpn);
	uint16_t version = sh->has_supported_versions ? sh->selected_version : sh->legacy_version;
	unsigned ne = sh->n_exts > 99 ? 99u : (unsigned)sh->n_exts;
	int n = snprintf(out, out_len, "t%s%02u%s_%04x_%s", fp_ja4_version(version), ne, alpn, (unsigned)sh->cipher, part_c);
	return n > 0 && (size_t)n < out_len;
}
