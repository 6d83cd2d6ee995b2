/*
 * certcheck.c — judgements about certificates, from the facts cert.c extracted.
 *
 * Pipeline position: facts → certcheck → rules/report. Pure: strings and numbers in,
 * findings out. What a client or server stack would refuse is modelled on OpenSSL 3's
 * defaults (security level 1-2: RSA >= 2048 bits, no SHA-1/MD5 signatures), the CA/Browser
 * Forum baseline (names in SANs), and RFC 6125 for names.
 */
#include "certcheck.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>

#include "upgrade.h"

/* The checks: id, what the finding means and where the rule comes from, and the fix for a
 * server's and for a client's certificate. */
static const struct cert_check_info infos[CHK__COUNT] = {
	[CHK_UNPARSABLE] = { "cert.unparsable", "the certificate does not parse as X.509 (RFC 5280)",
		"serve a well-formed certificate", "send a well-formed certificate" },
	[CHK_EXPIRED] = { "cert.expired", "notAfter is before the time of the capture (RFC 5280 4.1.2.5)",
		"renew the server certificate (and make the server load the renewed one)", "renew the client certificate" },
	[CHK_NOT_YET_VALID] = { "cert.not_yet_valid", "notBefore is after the time of the capture: a clock is wrong, or the certificate is too new",
		"check the clocks of both hosts (NTP) or wait until the certificate's notBefore", "check the clocks of both hosts (NTP) or wait until the certificate's notBefore" },
	[CHK_WEAK_KEY] = { "cert.weak_key", "RSA/DSA key under 2048 bits or EC under 224: refused at OpenSSL's default security level 2 (Debian, RHEL)",
		"reissue the certificate with an RSA 2048+ or ECDSA P-256+ key", "reissue the certificate with an RSA 2048+ or ECDSA P-256+ key" },
	[CHK_WEAK_SIGNATURE] = { "cert.weak_signature", "signed with SHA-1 or MD5 (self-signed roots excepted): refused by current stacks and browsers",
		"reissue the certificate signed with SHA-256 or better", "reissue the certificate signed with SHA-256 or better" },
	[CHK_NO_CLIENT_AUTH] = { "cert.no_client_auth", "extendedKeyUsage without clientAuth: not valid for client authentication (RFC 5280 4.2.1.12)",
		NULL, "reissue the client certificate with extendedKeyUsage clientAuth" },
	[CHK_NO_SERVER_AUTH] = { "cert.no_server_auth", "extendedKeyUsage without serverAuth: not valid for a TLS server (RFC 5280 4.2.1.12)",
		"reissue the server certificate with extendedKeyUsage serverAuth", NULL },
	[CHK_KEY_USAGE] = { "cert.key_usage", "keyUsage without digitalSignature, which the handshake signature needs (RFC 5280 4.2.1.3)",
		"reissue the certificate with keyUsage digitalSignature", "reissue the certificate with keyUsage digitalSignature" },
	[CHK_ISSUER_NOT_ACCEPTED] = { "cert.issuer_not_accepted", "the client's chain reaches none of the CA names of the server's CertificateRequest (RFC 5246 7.4.4)",
		NULL, "use a client certificate issued by one of the CAs the server names, or add its CA to the server's client CA list (nginx ssl_client_certificate, OpenSSL -CAfile)" },
	[CHK_CHAIN_INCOMPLETE] = { "cert.chain_incomplete", "the certificate's issuer is not in the chain sent: a missing intermediate, or a private CA the peer does not have",
		"serve the full chain (leaf + intermediates; nginx ssl_certificate with the chain appended), or add the private CA to the client's trust store",
		"send the intermediate certificates with the client certificate, or issue it from a CA the server accepts" },
	[CHK_CHAIN_ORDER] = { "cert.chain_order", "the chain is not in issuing order (RFC 5246 7.4.2 wants each certificate followed by its issuer)",
		"serve the chain leaf first, then each issuer", "send the chain leaf first, then each issuer" },
	[CHK_NAME_MISMATCH] = { "cert.name_mismatch", "no subjectAltName (nor, without DNS names, the CN) matches the SNI (RFC 6125 6.4)",
		"issue the certificate with the name the client asks for in its subjectAltName, or make the client use a name the certificate holds", NULL },
	[CHK_SELF_SIGNED] = { "cert.self_signed", "the server's certificate is self-signed: trusted only where installed by hand",
		"serve a certificate from a CA the clients trust, or add this certificate to the clients' trust stores", NULL },
	[CHK_DIFFERS_FROM_ACCEPTED] = { "cert.differs_from_accepted", "a refused client certificate differs from one the same server accepted in the same capture",
		NULL, "make the refused certificate like the accepted one in the fields listed" },
	[CHK_EXPLICIT_CURVE] = { "cert.explicit_curve", "an EC key with explicit parameters instead of a named curve (RFC 5480 2.1.1): the shape of CVE-2020-0601 spoofing",
		"use a certificate on a named curve (P-256, P-384); explicit parameters are refused by design and may be a spoofing attempt",
		"use a certificate on a named curve (P-256, P-384)" },
	[CHK_INTERCEPTION] = { "cert.interception", "the server's certificate was re-signed on the way: its chain names a TLS-inspection product, or the same name is served by another issuer elsewhere in the capture (a proxy or security product decrypting TLS presents certificates of its own CA)",
		"install the inspection CA in the client's trust store (for a sanctioned inspection proxy), exempt this destination from inspection (pinned or mutual-TLS clients never accept it), or connect without the intercepting path",
		NULL },
};

const struct cert_check_info *certcheck_info(enum cert_check c)
{
	return c < CHK__COUNT ? &infos[c] : NULL;
}

const char *certcheck_id(enum cert_check c)
{
	return c < CHK__COUNT ? infos[c].id : "cert.unknown";
}

static void add(struct cert_findings *out, enum cert_check c, unsigned index, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add(struct cert_findings *out, enum cert_check c, unsigned index, const char *fmt, ...)
{
	if (out->n >= CERTCHECK_MAX)
		return;
	struct cert_finding *f = &out->items[out->n++];
	f->check = c;
	f->index = (uint8_t)index;
	va_list ap;
	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): ap is started above (clang 14 misreports it after another file)
	vsnprintf(f->text, sizeof f->text, fmt, ap);
	va_end(ap);
}

bool certcheck_has(const struct cert_findings *fs, enum cert_check c, const struct cert_finding **found)
{
	for (unsigned i = 0; i < fs->n; i++) {
		if (fs->items[i].check == c) {
			if (found)
				*found = &fs->items[i];
			return true;
		}
	}
	return false;
}

/* ---- names ---- */

static size_t trim_dot(const char *s, size_t n)
{
	return n > 0 && s[n - 1] == '.' ? n - 1 : n;
}

static bool ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	return true;
}

bool certcheck_dns_match(const char *pattern, size_t pattern_len, const char *host, size_t host_len)
{
	pattern_len = trim_dot(pattern, pattern_len);
	host_len = trim_dot(host, host_len);
	if (pattern_len == 0 || host_len == 0)
		return false;
	if (pattern_len >= 2 && pattern[0] == '*' && pattern[1] == '.') {
		/* "*.example.com": the rest needs at least two labels ("*.com" matches nothing). */
		const char *rest = pattern + 1; /* ".example.com" */
		size_t rest_len = pattern_len - 1;
		if (memchr(rest + 1, '.', rest_len - 1) == NULL)
			return false;
		const char *dot = memchr(host, '.', host_len);
		if (dot == NULL || dot == host)
			return false; /* the wildcard stands for exactly one non-empty label */
		for (const char *c = host; c < dot; c++)
			if (!isalnum((unsigned char)*c) && *c != '-')
				return false; /* what a wildcard may stand for: a host name label (RFC 1123) */
		size_t host_rest = host_len - (size_t)(dot - host);
		return host_rest == rest_len && ieq(dot, rest, rest_len);
	}
	if (memchr(pattern, '*', pattern_len) != NULL)
		return false; /* partial or misplaced wildcards are not honoured (CA/B Forum, browsers) */
	return pattern_len == host_len && ieq(pattern, host, host_len);
}

/* Splits "DNS:a,IP:b" (cert.c's SAN list) and calls fn for each entry of the given kind. */
static bool any_san(const char *san, const char *kind, const char *host, size_t host_len,
		    bool (*fn)(const char *, size_t, const char *, size_t))
{
	size_t klen = strlen(kind);
	for (const char *p = san; *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n > klen && strncmp(p, kind, klen) == 0 && fn(p + klen, n - klen, host, host_len))
			return true;
		p += n + (end ? 1 : 0);
	}
	return false;
}

static bool has_san(const char *san, const char *kind)
{
	for (const char *p = san; *p;) {
		if (strncmp(p, kind, strlen(kind)) == 0)
			return true;
		const char *end = strchr(p, ',');
		if (end == NULL)
			break;
		p = end + 1;
	}
	return false;
}

/* IP SANs as cert.c prints them against an IP literal, compared as addresses. */
static bool ip_equal(const char *a, size_t a_len, const char *host, size_t host_len)
{
	char x[64], y[64];
	if (a_len >= sizeof x || host_len >= sizeof y)
		return false;
	memcpy(x, a, a_len);
	x[a_len] = '\0';
	memcpy(y, host, host_len);
	y[host_len] = '\0';
	unsigned char bx[16], by[16];
	if (inet_pton(AF_INET, x, bx) == 1 && inet_pton(AF_INET, y, by) == 1)
		return memcmp(bx, by, 4) == 0;
	if (inet_pton(AF_INET6, x, bx) == 1 && inet_pton(AF_INET6, y, by) == 1)
		return memcmp(bx, by, 16) == 0;
	return false;
}

static bool is_ip_literal(const char *host)
{
	unsigned char b[16];
	return inet_pton(AF_INET, host, b) == 1 || inet_pton(AF_INET6, host, b) == 1;
}

/* The value of the first attribute `type` (e.g. "CN") in an RFC 4514 string. */
static bool dn_attribute(const char *dn, const char *type, char *out, size_t out_len)
{
	size_t tlen = strlen(type);
	const char *p = dn;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *start = p;
		/* find the end of this RDN: an unescaped ',' or '+' */
		while (*p && *p != ',' && *p != '+') {
			if (*p == '\\' && p[1])
				p++;
			p++;
		}
		if ((size_t)(p - start) > tlen && ieq(start, type, tlen) && start[tlen] == '=') {
			size_t n = (size_t)(p - start) - tlen - 1;
			if (n >= out_len)
				n = out_len - 1;
			memcpy(out, start + tlen + 1, n);
			out[n] = '\0';
			return true;
		}
		if (*p)
			p++;
	}
	return false;
}

bool certcheck_host_matches(const struct cert_fact *c, const char *host, size_t host_len)
{
	/* A name with a NUL inside matches nothing (the classic "bank.com\0.evil" trick). */
	if (memchr(host, '\0', host_len) != NULL)
		return false;
	if (is_ip_literal(host))
		return any_san(c->san, "IP:", host, host_len, ip_equal);
	if (has_san(c->san, "DNS:"))
		return any_san(c->san, "DNS:", host, host_len, certcheck_dns_match);
	char cn[256];
	return dn_attribute(c->subject, "CN", cn, sizeof cn) && certcheck_dns_match(cn, strlen(cn), host, host_len);
}

/* Folds a DN for comparison: lower case, runs of white space as one, none around the
 * separators , = + (RFC 4514 2.4: escaped characters are part of the value). */
static void fold_dn(const char *in, char *out, size_t out_len)
{
	size_t k = 0;
	bool space = false;      /* white space seen since the last character kept */
	bool after_sep = true;   /* the last character kept is a separator (or none yet) */
	for (const char *p = in; *p && k + 3 < out_len; p++) {
		unsigned char ch = (unsigned char)*p;
		if (isspace(ch)) {
			space = true;
			continue;
		}
		bool escaped = ch == '\\' && p[1] != '\0';
		bool sep = !escaped && (ch == ',' || ch == '=' || ch == '+');
		if (space && !sep && !after_sep)
			out[k++] = ' ';
		space = false;
		if (escaped) {
			out[k++] = '\\';
			ch = (unsigned char)*++p;
		}
		out[k++] = (char)tolower(ch);
		after_sep = sep;
	}
	out[k] = '\0';
}

bool certcheck_dn_equal(const char *a, const char *b)
{
	char x[BOUND_DN * 2], y[BOUND_DN * 2];
	fold_dn(a, x, sizeof x);
	fold_dn(b, y, sizeof y);
	return strcmp(x, y) == 0;
}

/* ---- checks common to both roles ---- */

static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
			return true;
	return false;
}

static bool weak_signature(const char *sig)
{
	char low[64];
	size_t i = 0;
	for (; sig[i] && i + 1 < sizeof low; i++)
		low[i] = (char)tolower((unsigned char)sig[i]);
	low[i] = '\0';
	return strstr(low, "md5") != NULL || strstr(low, "sha1") != NULL || strstr(low, "md2") != NULL;
}

static void check_common(const struct facts *f, const struct cert_fact *c, unsigned index, const char *role,
			 struct cert_findings *out)
{
	/* "server certificate", or "server chain certificate 1 (CN=...)" */
	char who[BOUND_DN + 48];
	if (index == 0)
		snprintf(who, sizeof who, "%s", role);
	else
		snprintf(who, sizeof who, "%s chain %u (%.160s)", role, index, c->subject);
	if (!c->parsed) {
		add(out, CHK_UNPARSABLE, index, "%s certificate %u (%u bytes) does not parse as X.509", who, index, c->der_len);
		return;
	}
	int64_t now = (int64_t)f->t_first;
	if (c->not_after_epoch != 0 && c->not_after_epoch < now)
		add(out, CHK_EXPIRED, index, "%s certificate expired on %s, %lld day(s) before the capture", who,
		    c->not_after, (long long)((now - c->not_after_epoch) / 86400));
	if (c->not_before_epoch != 0 && c->not_before_epoch > now)
		add(out, CHK_NOT_YET_VALID, index, "%s certificate is valid only from %s, after the capture (clock skew?)", who,
		    c->not_before);
	bool rsa_like = strcmp(c->key_type, "RSA") == 0 || strcmp(c->key_type, "RSA-PSS") == 0 ||
			strcmp(c->key_type, "DSA") == 0 || strcmp(c->key_type, "DH") == 0;
	if ((rsa_like && c->key_bits > 0 && c->key_bits < 2048) || (strcmp(c->key_type, "EC") == 0 && c->key_bits > 0 && c->key_bits < 224))
		add(out, CHK_WEAK_KEY, index, "%s certificate has a %s %d-bit key: below what OpenSSL's default security level 2 accepts (RSA 2048, EC 224)",
		    who, c->key_type, c->key_bits);
	/* RFC 5480 2.1.1: only named curves; explicit parameters are how CVE-2020-0601
	 * (CurveBall) forged roots, and OpenSSL 3 / browsers refuse them. */
	if (strcmp(c->key_type, "EC") == 0 && c->curve[0] == '\0')
		add(out, CHK_EXPLICIT_CURVE, index, "%s certificate has an EC key with explicit curve parameters instead of a named curve: the shape of CVE-2020-0601 (CurveBall) spoofing, refused by current stacks",
		    who);
	if (!c->self_signed && weak_signature(c->sig_alg))
		add(out, CHK_WEAK_SIGNATURE, index, "%s certificate is signed with %s: SHA-1/MD5 signatures are refused by current stacks",
		    who, c->sig_alg);
}

static bool in_chain(const struct cert_fact *chain, unsigned n, const char *dn, unsigned *at)
{
	for (unsigned i = 0; i < n; i++) {
		if (chain[i].parsed && certcheck_dn_equal(chain[i].subject, dn)) {
			if (at)
				*at = i;
			return true;
		}
	}
	return false;
}

static void check_order(const struct cert_fact *chain, unsigned n, const char *who, struct cert_findings *out)
{
	for (unsigned i = 0; i + 1 < n; i++) {
		if (!chain[i].parsed || !chain[i + 1].parsed || chain[i].self_signed)
			continue;
		unsigned at;
		if (!certcheck_dn_equal(chain[i].issuer, chain[i + 1].subject) && in_chain(chain, n, chain[i].issuer, &at) && at != i) {
			add(out, CHK_CHAIN_ORDER, i, "%s chain is out of order: the issuer of certificate %u is certificate %u, not %u (RFC 5246 7.4.2 wants each certificate followed by its issuer)",
			    who, i, at, i + 1);
			return;
		}
	}
}

/* ---- client ---- */

static void compare_with_accepted(const struct cert_fact *refused, const struct cert_fact *ok, struct cert_findings *out)
{
	char diff[sizeof out->items[0].text] = "";
	size_t k = 0;
	/* Appends while there is room; k never passes the end of diff. */
#define NOTE(...)                                                                                   \
	do {                                                                                        \
		if (k < sizeof diff) {                                                              \
			int w_ = snprintf(diff + k, sizeof diff - k, __VA_ARGS__);                  \
			k = w_ < 0 ? k : (k + (size_t)w_ < sizeof diff ? k + (size_t)w_ : sizeof diff - 1); \
		}                                                                                   \
	} while (0)
	if (!certcheck_dn_equal(refused->issuer, ok->issuer))
		NOTE("issuer %s instead of %s; ", refused->issuer, ok->issuer);
	static const char *const attrs[] = { "OU", "O", "C", "L", "ST", "DC" };
	for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
		char a[128], b[128];
		bool in_ok = dn_attribute(ok->subject, attrs[i], a, sizeof a);
		bool in_refused = dn_attribute(refused->subject, attrs[i], b, sizeof b);
		if (in_ok && !in_refused)
			NOTE("subject lacks %s=%s; ", attrs[i], a);
		else if (in_ok && in_refused && !certcheck_dn_equal(a, b))
			NOTE("subject %s=%s instead of %s; ", attrs[i], b, a);
	}
	if (strcmp(refused->key_type, ok->key_type) != 0 || refused->key_bits != ok->key_bits)
		NOTE("key %s %d instead of %s %d; ", refused->key_type, refused->key_bits, ok->key_type, ok->key_bits);
	if (strcmp(refused->ext_key_usage, ok->ext_key_usage) != 0)
		NOTE("extended key usage \"%s\" instead of \"%s\"; ", refused->ext_key_usage, ok->ext_key_usage);
#undef NOTE
	if (k == 0)
		return;
	size_t len = strlen(diff);
	if (len >= 2)
		diff[len - 2] = '\0';
	add(out, CHK_DIFFERS_FROM_ACCEPTED, 0, "unlike the client certificate this server accepted: %s", diff);
}

void certcheck_client(const struct facts *f, struct cert_findings *out)
{
	memset(out, 0, sizeof *out);
	unsigned n = f->n_certs[SIDE_CLIENT];
	const struct cert_fact *chain = f->certs[SIDE_CLIENT];
	if (chain == NULL || n == 0)
		return;
	const struct cert_fact *leaf = &chain[0];
	for (unsigned i = 0; i < n; i++)
		check_common(f, &chain[i], i, "client", out);
	if (!leaf->parsed)
		return;
	if (leaf->ext_key_usage[0] && !has_word(leaf->ext_key_usage, "clientAuth"))
		add(out, CHK_NO_CLIENT_AUTH, 0, "client certificate's extended key usage is \"%s\", without clientAuth: servers refuse it for client authentication",
		    leaf->ext_key_usage);
	if (leaf->key_usage[0] && !has_word(leaf->key_usage, "digitalSignature"))
		add(out, CHK_KEY_USAGE, 0, "client certificate's key usage \"%s\" lacks digitalSignature, which signing the CertificateVerify needs",
		    leaf->key_usage);
	/* Which certificate of the chain does the server have to trust: the top one sent. */
	const struct cert_fact *top = leaf;
	for (unsigned i = 1; i < n; i++)
		if (chain[i].parsed && certcheck_dn_equal(top->issuer, chain[i].subject))
			top = &chain[i];
	if (f->n_ca_names > 0 && f->ca_names != NULL) {
		bool acceptable = false;
		for (unsigned i = 0; i < n && !acceptable; i++) {
			for (unsigned k = 0; k < f->n_ca_names && !acceptable; k++)
				if (chain[i].parsed && (certcheck_dn_equal(chain[i].issuer, f->ca_names[k]) ||
							certcheck_dn_equal(chain[i].subject, f->ca_names[k])))
					acceptable = true;
		}
		if (!acceptable && f->n_ca_names_total == f->n_ca_names)
			add(out, CHK_ISSUER_NOT_ACCEPTED, 0, "issuer %s is not among the %u CA name(s) the server accepts (first: %s)",
			    top->issuer, f->n_ca_names, f->ca_names[0]);
		/* With the server's list cut at BOUND_CA_NAMES, the issuer may be among the rest. */
		if (!acceptable && f->n_ca_names_total == f->n_ca_names && !top->self_signed &&
		    !in_chain(chain, n, top->issuer, NULL))
			add(out, CHK_CHAIN_INCOMPLETE, 0, "the chain sent stops at %s, whose issuer %s is neither sent nor an acceptable CA name",
			    top->subject, top->issuer);
	}
	check_order(chain, n, "client", out);
	if (f->accepted_client_cert != NULL && f->accepted_client_cert->parsed &&
	    strcmp(f->accepted_client_cert->sha256, leaf->sha256) != 0)
		compare_with_accepted(leaf, f->accepted_client_cert, out);
}

/* ---- server ---- */

/* Issuer and subject words of the CAs that TLS-inspecting proxies, firewalls and
 * security products sign their on-the-fly certificates with (their documentation names
 * them, here in lower case), and the product each belongs to. Matched case-insensitively
 * anywhere in a DN. */
static const struct {
	const char *word;
	const char *product;
} interceptors[] = {
	{ "zscaler", "Zscaler" },
	{ "blue coat", "Blue Coat / Symantec ProxySG" },
	{ "bluecoat", "Blue Coat / Symantec ProxySG" },
	{ "fortinet", "Fortinet FortiGate" },
	{ "fortigate", "Fortinet FortiGate" },
	{ "palo alto networks", "Palo Alto Networks" },
	{ "netskope", "Netskope" },
	{ "forcepoint", "Forcepoint" },
	{ "websense", "Forcepoint (Websense)" },
	{ "mcafee web gateway", "McAfee / Skyhigh Web Gateway" },
	{ "skyhigh", "Skyhigh Security" },
	{ "sophos", "Sophos" },
	{ "check point", "Check Point" },
	{ "barracuda", "Barracuda" },
	{ "watchguard", "WatchGuard" },
	{ "sonicwall", "SonicWall" },
	{ "cisco umbrella", "Cisco Umbrella" },
	{ "menlo security", "Menlo Security" },
	{ "iboss", "iboss" },
	{ "smoothwall", "Smoothwall" },
	{ "kaspersky", "Kaspersky (web traffic scanning)" },
	{ "eset ssl filter", "ESET (SSL/TLS filtering)" },
	{ "avast", "Avast (web shield)" },
	{ "avg technologies", "AVG (web shield)" },
	{ "bitdefender", "Bitdefender (encrypted web scan)" },
	{ "mitmproxy", "mitmproxy" },
	{ "portswigger", "Burp Suite" },
	{ "do_not_trust_fiddlerroot", "Fiddler" },
	{ "charles proxy", "Charles Proxy" },
	{ "tls inspection", "a TLS-inspection proxy" },
	{ "ssl inspection", "a TLS-inspection proxy" },
	{ "inspection ca", "a TLS-inspection proxy" },
	{ "interception", "a TLS-interception proxy" },
	{ "decryption ca", "a TLS-decrypting proxy" },
};

/* The product whose CA issued (or is) a certificate of the chain, or NULL. Each issuer
 * is lower-cased once, then searched for each word. */
static const char *interception_product(const struct cert_fact *chain, unsigned n, const char **dn)
{
	for (unsigned i = 0; i < n; i++) {
		if (!chain[i].parsed)
			continue;
		char lower[sizeof chain[i].issuer];
		size_t k = 0;
		for (; k + 1 < sizeof lower && chain[i].issuer[k] != '\0'; k++)
			lower[k] = (char)tolower((unsigned char)chain[i].issuer[k]);
		lower[k] = '\0';
		for (size_t w = 0; w < sizeof interceptors / sizeof interceptors[0]; w++) {
			if (strstr(lower, interceptors[w].word) != NULL) {
				*dn = chain[i].issuer;
				return interceptors[w].product;
			}
		}
	}
	return NULL;
}

static void check_interception(const struct facts *f, const struct cert_fact *chain, unsigned n,
			       struct cert_findings *out)
{
	const char *dn = NULL;
	const char *product = interception_product(chain, n, &dn);
	bool via_proxy = upgrade_kind_is_proxy((enum upgrade_kind)f->upgrade.kind);
	if (product != NULL) {
		add(out, CHK_INTERCEPTION, 0, "TLS interception: the chain is signed by %s's CA (%s), not by the server's own CA%s",
		    product, dn, via_proxy ? "; this connection went through a proxy" : "");
		return;
	}
	/* The same name from another issuer: the re-signing is on the path that differs. A
	 * direct connection beside a proxied one is the real certificate. */
	if (f->name_other_issuer != NULL && (via_proxy || !f->name_other_issuer_via_proxy))
		add(out, CHK_INTERCEPTION, 0, "TLS interception: \"%s\" is served here by a certificate from %s, but by one from %s on %s connection in this capture",
		    f->ch.sni, chain[0].issuer, f->name_other_issuer,
		    via_proxy ? "a direct" : "another");
}

void certcheck_server(const struct facts *f, struct cert_findings *out)
{
	memset(out, 0, sizeof *out);
	unsigned n = f->n_certs[SIDE_SERVER];
	const struct cert_fact *chain = f->certs[SIDE_SERVER];
	if (chain == NULL || n == 0)
		return;
	const struct cert_fact *leaf = &chain[0];
	for (unsigned i = 0; i < n; i++)
		check_common(f, &chain[i], i, "server", out);
	if (!leaf->parsed)
		return;
	if (f->ch.has_sni && !certcheck_host_matches(leaf, f->ch.sni, f->ch.sni_len)) {
		char cn[128] = "";
		(void)dn_attribute(leaf->subject, "CN", cn, sizeof cn);
		add(out, CHK_NAME_MISMATCH, 0, "server certificate does not name \"%s\": its names are %s%s%s", f->ch.sni,
		    leaf->san[0] ? leaf->san : "(no subjectAltName)", leaf->san[0] ? "" : ", CN=", leaf->san[0] ? "" : cn);
	}
	if (leaf->self_signed)
		add(out, CHK_SELF_SIGNED, 0, "server certificate is self-signed (%s): no client trusts it unless told to", leaf->subject);
	if (leaf->ext_key_usage[0] && !has_word(leaf->ext_key_usage, "serverAuth"))
		add(out, CHK_NO_SERVER_AUTH, 0, "server certificate's extended key usage is \"%s\", without serverAuth", leaf->ext_key_usage);
	/* The top of the chain sent must be issued by a root the client has. */
	const struct cert_fact *top = leaf;
	for (unsigned guard = 0; guard < n; guard++) {
		unsigned at;
		if (top->self_signed || !in_chain(chain, n, top->issuer, &at) || &chain[at] == top)
			break;
		top = &chain[at];
	}
	/* A chain normally ends below its root (the client has the root); a leaf sent alone
	 * whose issuer is not sent either lacks its intermediate or comes from a private CA. */
	if (!top->self_signed && top == leaf)
		add(out, CHK_CHAIN_INCOMPLETE, 0, "the server sent only its own certificate: the client must already have its issuer %s (a missing intermediate, or a private CA the client does not trust)",
		    leaf->issuer);
	check_order(chain, n, "server", out);
	check_interception(f, chain, n, out);
}
