/*
 * cert.c — certificate facts with libcrypto: subject, issuer, serial, validity, key,
 * signature algorithm, SANs, key usages, fingerprint.
 *
 * Pipeline position: tls (Certificate / CertificateRequest bodies) → cert → facts. It
 * does not judge: the rules decide what an expired or mismatched certificate means.
 */
#include "cert.h"

#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "bytes.h"
#include "table.h"

static void name_to_string(const X509_NAME *name, char *out, size_t out_len)
{
	out[0] = '\0';
	BIO *bio = BIO_new(BIO_s_mem());
	if (bio == NULL)
		return;
	if (X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253) >= 0) {
		int n = BIO_read(bio, out, (int)out_len - 1);
		out[n > 0 ? n : 0] = '\0';
	}
	BIO_free(bio);
}

static void time_to_string(const ASN1_TIME *t, char *out, size_t out_len, int64_t *epoch)
{
	struct tm tm;
	out[0] = '\0';
	*epoch = 0;
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return;
	/* strftime bounds every field, where a printf of ints cannot prove the width. */
	if (strftime(out, out_len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
	*epoch = (int64_t)timegm(&tm);
}

static void append(char *out, size_t out_len, const char *sep, const char *item)
{
	size_t used = strlen(out);
	if (used + strlen(sep) + strlen(item) + 1 >= out_len)
		return;
	snprintf(out + used, out_len - used, "%s%s", used > 0 ? sep : "", item);
}

/* A SAN's iPAddress (RFC 5280 4.2.1.6): 4 bytes of IPv4 or 16 of IPv6, in network
 * order, as "IP:192.0.2.1" or "IP:2001:db8:0:0:0:0:0:1". false for any other length. */
static bool ip_string(const unsigned char *ip, int ip_len, char *out, size_t out_len)
{
	struct reader r;
	rd_init(&r, ip, ip_len > 0 ? (size_t)ip_len : 0, 0);
	if (ip_len == 4) {
		uint8_t a, b, c, d;
		if (!rd_u8(&r, &a) || !rd_u8(&r, &b) || !rd_u8(&r, &c) || !rd_u8(&r, &d))
			return false;
		snprintf(out, out_len, "IP:%u.%u.%u.%u", (unsigned)a, (unsigned)b, (unsigned)c, (unsigned)d);
		return true;
	}
	if (ip_len == 16) {
		int k = snprintf(out, out_len, "IP:");
		for (int j = 0; j < 8; j++) {
			uint16_t group;
			if (!rd_u16(&r, &group))
				return false;
			k += snprintf(out + k, out_len - (size_t)k, "%s%x", j ? ":" : "", (unsigned)group);
		}
		return true;
	}
	return false;
}

static void describe_sans(X509 *x, struct cert_fact *out)
{
	GENERAL_NAMES *names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	if (names == NULL)
		return;
	for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
		const GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, i);
		char item[300];
		if (gn->type == GEN_DNS) {
			const unsigned char *s = ASN1_STRING_get0_data(gn->d.dNSName);
			int n = ASN1_STRING_length(gn->d.dNSName);
			snprintf(item, sizeof item, "DNS:%.*s", n > 255 ? 255 : n, (const char *)s);
		} else if (gn->type == GEN_IPADD) {
			if (!ip_string(ASN1_STRING_get0_data(gn->d.iPAddress), ASN1_STRING_length(gn->d.iPAddress), item,
				       sizeof item))
				continue;
		} else {
			continue;
		}
		/* Names come from the wire: keep them printable. */
		for (char *c = item; *c; c++)
			if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f || *c == ',')
				*c = '?';
		append(out->san, sizeof out->san, ",", item);
	}
	GENERAL_NAMES_free(names);
}

static void describe_usages(X509 *x, struct cert_fact *out)
{
	uint32_t ku = X509_get_key_usage(x);
	static const struct { uint32_t bit; const char *name; } kus[] = {
		{ KU_DIGITAL_SIGNATURE, "digitalSignature" }, { KU_NON_REPUDIATION, "nonRepudiation" },
		{ KU_KEY_ENCIPHERMENT, "keyEncipherment" }, { KU_DATA_ENCIPHERMENT, "dataEncipherment" },
		{ KU_KEY_AGREEMENT, "keyAgreement" }, { KU_KEY_CERT_SIGN, "keyCertSign" },
		{ KU_CRL_SIGN, "cRLSign" },
	};
	if (ku != UINT32_MAX)
		for (size_t i = 0; i < sizeof kus / sizeof kus[0]; i++)
			if (ku & kus[i].bit)
				append(out->key_usage, sizeof out->key_usage, ",", kus[i].name);
	uint32_t xku = X509_get_extended_key_usage(x);
	static const struct { uint32_t bit; const char *name; } xkus[] = {
		{ XKU_SSL_SERVER, "serverAuth" }, { XKU_SSL_CLIENT, "clientAuth" }, { XKU_SMIME, "emailProtection" },
		{ XKU_CODE_SIGN, "codeSigning" }, { XKU_OCSP_SIGN, "OCSPSigning" }, { XKU_TIMESTAMP, "timeStamping" },
	};
	if (xku != UINT32_MAX)
		for (size_t i = 0; i < sizeof xkus / sizeof xkus[0]; i++)
			if (xku & xkus[i].bit)
				append(out->ext_key_usage, sizeof out->ext_key_usage, ",", xkus[i].name);
}

static void describe_key(X509 *x, struct cert_fact *out)
{
	EVP_PKEY *key = X509_get0_pubkey(x);
	if (key == NULL)
		return;
	out->key_bits = EVP_PKEY_get_bits(key);
	const char *type = EVP_PKEY_get0_type_name(key);
	snprintf(out->key_type, sizeof out->key_type, "%s", type ? type : "unknown");
	if (EVP_PKEY_is_a(key, "EC")) {
		char group[64];
		size_t n = 0;
		if (EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &n) == 1)
			snprintf(out->curve, sizeof out->curve, "%s", group);
	}
}

static bool keep_der;

void cert_keep_der(bool keep)
{
	keep_der = keep;
}

bool cert_write_pem(const uint8_t *der, size_t len, FILE *out)
{
	const unsigned char *p = der;
	if (len > 0x7fffffff)
		return false;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	if (x == NULL)
		return false;
	bool ok = PEM_write_X509(out, x) == 1;
	X509_free(x);
	return ok;
}

/*
 * Descriptions of recently seen certificates, by their DER bytes. A server shows the same
 * chain to every client, and OpenSSL 3 takes tens of microseconds (and several locks) to
 * decode one certificate's key: a capture of thousands of handshakes to a few servers
 * would spend most of its time there. Direct-mapped; a hit compares the whole DER.
 */
#define CERT_CACHE_SLOTS 512

struct cached_cert {
	uint8_t *der;
	size_t len;
	struct cert_fact fact;          /* without DER */
};

static struct cached_cert cert_cache[CERT_CACHE_SLOTS];

/* CA names of a CertificateRequest repeat in every handshake with the server: their
 * strings are kept the same way. */
#define DN_CACHE_SLOTS 256

struct cached_dn {
	uint8_t *der;
	size_t len;
	char text[BOUND_DN];
};

static struct cached_dn dn_cache[DN_CACHE_SLOTS];
static pthread_mutex_t cert_cache_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t der_slot(const uint8_t *der, size_t len)
{
	/* The signature at the end differs between any two certificates: its last 64 bytes
	 * (or the whole DER, when shorter) are hashed. */
	struct reader r;
	const uint8_t *tail;
	size_t n = len > 64 ? 64 : len;
	rd_init(&r, der, len, 0);
	if (!rd_skip(&r, len - n) || !rd_view(&r, n, &tail))
		return 0;
	uint64_t h = hash_bytes(HASH_START ^ len, tail, n);
	return (size_t)(h ^ (h >> 32)) & (CERT_CACHE_SLOTS - 1);
}

/* A heap copy of len bytes of DER (the caller frees it); NULL without memory. */
static uint8_t *der_dup(const uint8_t *der, size_t len)
{
	struct reader r;
	uint8_t *copy = malloc(len);
	if (copy == NULL)
		return NULL;
	rd_init(&r, der, len, 0);
	if (!rd_copy(&r, copy, len)) {
		free(copy);
		return NULL;
	}
	return copy;
}

static bool cache_lookup(const uint8_t *der, size_t len, struct cert_fact *out)
{
	size_t slot = der_slot(der, len);
	pthread_mutex_lock(&cert_cache_lock);
	const struct cached_cert *c = &cert_cache[slot];
	bool hit = c->der != NULL && c->len == len && memcmp(c->der, der, len) == 0;
	if (hit)
		*out = c->fact;
	pthread_mutex_unlock(&cert_cache_lock);
	return hit;
}

static void cache_store(const uint8_t *der, size_t len, const struct cert_fact *fact)
{
	uint8_t *copy = der_dup(der, len);
	if (copy == NULL)
		return;
	size_t slot = der_slot(der, len);
	pthread_mutex_lock(&cert_cache_lock);
	struct cached_cert *c = &cert_cache[slot];
	free(c->der);
	c->der = copy;
	c->len = len;
	c->fact = *fact;
	c->fact.der = NULL;
	pthread_mutex_unlock(&cert_cache_lock);
}

void cert_cache_clear(void)
{
	pthread_mutex_lock(&cert_cache_lock);
	for (size_t i = 0; i < CERT_CACHE_SLOTS; i++) {
		free(cert_cache[i].der);
		cert_cache[i].der = NULL;
	}
	for (size_t i = 0; i < DN_CACHE_SLOTS; i++) {
		free(dn_cache[i].der);
		dn_cache[i].der = NULL;
	}
	pthread_mutex_unlock(&cert_cache_lock);
}

static bool describe_parsed(const uint8_t *der, size_t len, struct cert_fact *out);

bool cert_describe(const uint8_t *der, size_t len, struct cert_fact *out)
{
	if (cache_lookup(der, len, out)) {
		if (keep_der)
			out->der = der_dup(der, len);
		return true;
	}
	if (!describe_parsed(der, len, out))
		return false;
	cache_store(der, len, out);
	return true;
}

static bool describe_parsed(const uint8_t *der, size_t len, struct cert_fact *out)
{
	memset(out, 0, sizeof *out);
	out->der_len = (uint32_t)len;
	const unsigned char *p = der;
	if (len > 0x7fffffff)
		return false;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	if (x == NULL || p != der + len) {
		X509_free(x);
		return false;
	}
	name_to_string(X509_get_subject_name(x), out->subject, sizeof out->subject);
	name_to_string(X509_get_issuer_name(x), out->issuer, sizeof out->issuer);
	time_to_string(X509_get0_notBefore(x), out->not_before, sizeof out->not_before, &out->not_before_epoch);
	time_to_string(X509_get0_notAfter(x), out->not_after, sizeof out->not_after, &out->not_after_epoch);
	const ASN1_INTEGER *serial = X509_get0_serialNumber(x);
	BIGNUM *bn = ASN1_INTEGER_to_BN(serial, NULL);
	if (bn != NULL) {
		char *hex = BN_bn2hex(bn);
		if (hex != NULL)
			snprintf(out->serial, sizeof out->serial, "%s", hex);
		OPENSSL_free(hex);
		BN_free(bn);
	}
	describe_key(x, out);
	int sig_nid = X509_get_signature_nid(x);
	snprintf(out->sig_alg, sizeof out->sig_alg, "%s", sig_nid != NID_undef ? OBJ_nid2ln(sig_nid) : "unknown");
	describe_sans(x, out);
	describe_usages(x, out);
	out->self_signed = (X509_get_extension_flags(x) & EXFLAG_SS) != 0;
	out->is_ca = X509_check_ca(x) > 0;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	if (X509_digest(x, EVP_sha256(), md, &md_len) == 1)
		for (unsigned i = 0; i < md_len && i < 32; i++)
			snprintf(out->sha256 + 2 * (size_t)i, 3, "%02x", md[i]);
	X509_free(x);
	out->parsed = true;
	if (keep_der)
		out->der = der_dup(der, len);
	return true;
}

static bool dn_parse(const uint8_t *der, size_t len, char *out, size_t out_len)
{
	out[0] = '\0';
	const unsigned char *p = der;
	if (len > 0x7fffffff)
		return false;
	X509_NAME *name = d2i_X509_NAME(NULL, &p, (long)len);
	if (name == NULL)
		return false;
	name_to_string(name, out, out_len);
	X509_NAME_free(name);
	return true;
}

bool cert_dn_string(const uint8_t *der, size_t len, char *out, size_t out_len)
{
	size_t slot = der_slot(der, len) & (DN_CACHE_SLOTS - 1);
	pthread_mutex_lock(&cert_cache_lock);
	struct cached_dn *c = &dn_cache[slot];
	bool hit = c->der != NULL && c->len == len && memcmp(c->der, der, len) == 0;
	if (hit)
		snprintf(out, out_len, "%s", c->text);
	pthread_mutex_unlock(&cert_cache_lock);
	if (hit)
		return true;
	char text[BOUND_DN];
	if (!dn_parse(der, len, text, sizeof text)) {
		if (out_len > 0)
			out[0] = '\0';
		return false;
	}
	snprintf(out, out_len, "%s", text);
	uint8_t *copy = der_dup(der, len);
	if (copy == NULL)
		return true;
	pthread_mutex_lock(&cert_cache_lock);
	free(c->der);
	c->der = copy;
	c->len = len;
	memcpy(c->text, text, sizeof text);
	pthread_mutex_unlock(&cert_cache_lock);
	return true;
}
