/*
 * test_certcheck.c — unit tests of certcheck.c, the judgements the report and the rules
 * make about certificates: RFC 6125 name matching (wildcards, trailing dots, A-labels,
 * lengths that do not end at a NUL), IP literals against IP SANs, DN comparison, and the
 * client and server checks run over hand-made facts (validity at capture time, weak keys
 * and signatures, key usages, acceptable CA names, chain completeness and order, the
 * comparison with a client certificate the same server accepted), plus the cap on the
 * number of findings.
 *
 * Why: these findings name the failing check in a verdict people act on. A wildcard that
 * matches one label too many, or a chain called incomplete when it is not, would send
 * someone to fix the wrong thing. No packets and no OpenSSL here: certcheck only reads
 * struct facts, so every input is built field by field, in the formats cert.c writes
 * (RFC 4514 DNs, "DNS:a,IP:b" SAN lists, comma-separated usages, uncompressed IPv6).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "certcheck.h"
#include "facts.h"

/* The capture's first packet: 2023-11-14T22:13:20Z. */
#define T_CAPTURE 1700000000.0
#define DAY 86400

/* ---- building facts ---- */

/*
 * Each test allocates its facts through new_facts(state); the teardown releases them,
 * so an assertion that fails mid-test leaks nothing under LeakSanitizer.
 */
static int setup(void **state)
{
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	struct facts *f = *state;
	if (f != NULL) {
		facts_release(f);
		free(f);
	}
	*state = NULL;
	return 0;
}

static struct facts *new_facts(void **state)
{
	struct facts *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->t_first = T_CAPTURE;
	*state = f;
	return f;
}

static void set(char *dst, size_t dst_len, const char *s)
{
	assert_true(strlen(s) < dst_len);
	memcpy(dst, s, strlen(s) + 1);
}

#define SET(field, s) set((field), sizeof(field), (s))

/* A certificate nothing is wrong with: valid a month either side of the capture, RSA 2048,
 * SHA-256, no usage extensions. Its fingerprint is derived from the subject. */
static void good_cert(struct cert_fact *c, const char *subject, const char *issuer)
{
	memset(c, 0, sizeof *c);
	c->parsed = true;
	SET(c->subject, subject);
	SET(c->issuer, issuer);
	SET(c->not_before, "2023-10-15T22:13:20Z");
	SET(c->not_after, "2024-12-13T22:13:20Z");
	c->not_before_epoch = (int64_t)T_CAPTURE - 30 * DAY;
	c->not_after_epoch = (int64_t)T_CAPTURE + 395 * DAY;
	SET(c->serial, "01");
	SET(c->key_type, "RSA");
	c->key_bits = 2048;
	SET(c->sig_alg, "sha256WithRSAEncryption");
	c->self_signed = strcmp(subject, issuer) == 0;
	c->is_ca = c->self_signed;
	/* 64 hex digits that differ between subjects */
	unsigned h = 5381;
	for (const char *p = subject; *p; p++)
		h = h * 33u + (unsigned char)*p;
	for (int i = 0; i < 8; i++)
		snprintf(c->sha256 + 8 * i, 9, "%08x", h + (unsigned)i);
	c->der_len = 900;
}

/* A chain of n certificates for one side, in an array of BOUND_CHAIN as cert.c's caller
 * makes it (facts_release frees it). */
static struct cert_fact *chain(struct facts *f, enum side s, unsigned n)
{
	assert_true(n <= BOUND_CHAIN);
	f->certs[s] = calloc(BOUND_CHAIN, sizeof *f->certs[s]);
	assert_non_null(f->certs[s]);
	f->n_certs[s] = (uint8_t)n;
	if (s == SIDE_SERVER) {
		f->server_cert_seen = true;
		f->n_server_certs = (uint8_t)n;
	} else {
		f->client_cert_seen = true;
		f->n_client_certs = (uint8_t)n;
	}
	return f->certs[s];
}

/* The CertificateRequest's CA names: n kept of total sent. */
static void ca_names(struct facts *f, unsigned total, unsigned n, ...)
{
	assert_true(n <= BOUND_CA_NAMES && n <= total);
	f->cert_request_seen = true;
	f->ca_names = calloc(BOUND_CA_NAMES, sizeof *f->ca_names);
	assert_non_null(f->ca_names);
	va_list ap;
	va_start(ap, n);
	for (unsigned i = 0; i < n; i++)
		SET(f->ca_names[i], va_arg(ap, const char *));
	va_end(ap);
	f->n_ca_names = (uint8_t)n;
	f->n_ca_names_total = (uint16_t)total;
}

static void sni(struct facts *f, const char *name)
{
	f->ch.has_sni = true;
	SET(f->ch.sni, name);
	f->ch.sni_len = (uint16_t)strlen(name);
}

static unsigned count(const struct cert_findings *fs, enum cert_check c)
{
	unsigned k = 0;
	for (unsigned i = 0; i < fs->n; i++)
		if (fs->items[i].check == c)
			k++;
	return k;
}

static void dump(const struct cert_findings *fs)
{
	for (unsigned i = 0; i < fs->n; i++)
		print_message("  [%u] %s #%u: %s\n", i, certcheck_id(fs->items[i].check), fs->items[i].index,
			      fs->items[i].text);
}

/* Asserts that check c was found (on chain index `index`) and returns it. */
static const struct cert_finding *expect_finding(const struct cert_findings *fs, enum cert_check c, unsigned index)
{
	const struct cert_finding *found = NULL;
	if (!certcheck_has(fs, c, &found)) {
		print_error("%s missing; findings:\n", certcheck_id(c));
		dump(fs);
	}
	assert_true(certcheck_has(fs, c, &found));
	assert_non_null(found);
	assert_int_equal(found->check, c);
	assert_int_equal(found->index, index);
	assert_true(found->text[0] != '\0');
	return found;
}

static void expect_no_finding(const struct cert_findings *fs, enum cert_check c)
{
	if (certcheck_has(fs, c, NULL)) {
		print_error("unexpected %s; findings:\n", certcheck_id(c));
		dump(fs);
	}
	assert_false(certcheck_has(fs, c, NULL));
}

static void expect_none(const struct cert_findings *fs)
{
	if (fs->n != 0) {
		print_error("expected no findings:\n");
		dump(fs);
	}
	assert_int_equal(fs->n, 0);
}

static void expect_text(const struct cert_finding *found, const char *part)
{
	if (strstr(found->text, part) == NULL)
		print_error("\"%s\" not in \"%s\"\n", part, found->text);
	assert_non_null(strstr(found->text, part));
}

/* ---- 1. certcheck_dns_match (RFC 6125 6.4) ---- */

static bool dns(const char *pattern, const char *host)
{
	return certcheck_dns_match(pattern, strlen(pattern), host, strlen(host));
}

static void test_dns_exact_and_case(void **state)
{
	(void)state;
	assert_true(dns("www.example.com", "www.example.com"));
	assert_true(dns("WWW.Example.COM", "www.example.com"));
	assert_true(dns("www.example.com", "wWw.eXample.cOm"));
	assert_true(dns("localhost", "localhost"));
	assert_false(dns("www.example.com", "ww.example.com"));
	assert_false(dns("www.example.com", "www.example.co"));
	assert_false(dns("www.example.com", "www.example.com.au"));
	assert_false(dns("example.com", "www.example.com"));
	assert_false(dns("www.example.com", "example.com"));
}

/* RFC 6125 6.4.1 / DNS: "example.com." is the same name as "example.com". */
static void test_dns_trailing_dot(void **state)
{
	(void)state;
	assert_true(dns("www.example.com.", "www.example.com"));
	assert_true(dns("www.example.com", "www.example.com."));
	assert_true(dns("www.example.com.", "www.example.com."));
	assert_true(dns("*.example.com.", "a.example.com"));
	assert_true(dns("*.example.com", "a.example.com."));
	/* only one dot is the root; a second one is an empty label */
	assert_false(dns("www.example.com..", "www.example.com"));
	assert_false(dns("www.example.com", "www.example.com.."));
	/* the root alone names nothing */
	assert_false(dns(".", "."));
	assert_false(dns("example.com", "."));
}

/* RFC 6125 6.4.3: the wildcard is the whole left-most label and stands for exactly one label. */
static void test_dns_wildcard_one_label(void **state)
{
	(void)state;
	assert_true(dns("*.example.com", "a.example.com"));
	assert_true(dns("*.example.com", "www.example.com"));
	assert_true(dns("*.EXAMPLE.com", "Mail.example.COM"));
	assert_true(dns("*.a.b.example.com", "x.a.b.example.com"));
	assert_false(dns("*.example.com", "example.com"));
	assert_false(dns("*.example.com", "a.b.example.com"));
	assert_false(dns("*.example.com", ".example.com"));
	assert_false(dns("*.example.com", "a.example.org"));
	assert_false(dns("*.example.com", "a.example.com.evil.test"));
	assert_false(dns("*.example.com", "aexample.com"));
	/* a wildcard never names the domain itself, even with the root dot */
	assert_false(dns("*.example.com.", "example.com."));
}

/* Wildcards over a public suffix, or alone, match nothing (CA/B Forum BR 3.2.2.6). */
static void test_dns_wildcard_too_broad(void **state)
{
	(void)state;
	assert_false(dns("*.com", "example.com"));
	assert_false(dns("*.com", "com"));
	assert_false(dns("*.com.", "example.com."));
	assert_false(dns("*", "example"));
	assert_false(dns("*", "example.com"));
	assert_false(dns("*", "*"));
	assert_false(dns("*.", "example"));
	assert_false(dns("*.", "example."));
}

/* Partial and misplaced wildcards are not honoured (RFC 6125 6.4.3 allows them as
 * MAY; browsers and the CA/B Forum do not). */
static void test_dns_partial_wildcards(void **state)
{
	(void)state;
	assert_false(dns("f*.example.com", "foo.example.com"));
	assert_false(dns("f*.example.com", "f.example.com"));
	assert_false(dns("*f.example.com", "oof.example.com"));
	assert_false(dns("*f.example.com", "f.example.com"));
	assert_false(dns("a.*.example.com", "a.b.example.com"));
	assert_false(dns("www.example.*", "www.example.com"));
	assert_false(dns("**.example.com", "a.example.com"));
	assert_false(dns("*.*.example.com", "a.b.example.com"));
	/* a '*' in a pattern never matches a literal '*' host either */
	assert_false(dns("f*.example.com", "f*.example.com"));
}

/* Internationalized names are compared as sent: an A-label is ASCII, never converted. */
static void test_dns_idna_literal(void **state)
{
	(void)state;
	const char *u_label = "b\xc3\xbc" "cher.example"; /* "bücher.example" in UTF-8 */
	assert_true(dns("xn--bcher-kva.example", "xn--bcher-kva.example"));
	assert_true(dns("XN--BCHER-KVA.example", "xn--bcher-kva.example"));
	assert_false(dns("xn--bcher-kva.example", u_label));
	assert_false(dns(u_label, "xn--bcher-kva.example"));
	assert_true(dns("*.xn--bcher-kva.example", "www.xn--bcher-kva.example"));
	assert_false(dns("*.xn--bcher-kva.example", "www.b\xc3\xbc" "cher.example"));
	/* no case folding outside ASCII: "BÜCHER" and "bücher" are different byte strings */
	assert_false(dns("B\xc3\x9c" "CHER.example", u_label));
	assert_false(dns("xn--bcher-kva.example", "xn--bcher-kvb.example"));
}

/* Only pattern_len / host_len bytes count, whatever follows; an embedded NUL is a byte
 * like any other (the "www.bank.com\0.evil.test" certificate of 2009). */
static void test_dns_lengths_and_nul(void **state)
{
	(void)state;
	static const char evil[] = "www.bank.com\0.evil.test";
	size_t evil_len = sizeof evil - 1;
	assert_int_equal(evil_len, 23);
	assert_false(certcheck_dns_match(evil, evil_len, "www.bank.com", 12));
	assert_false(certcheck_dns_match("www.bank.com", 12, evil, evil_len));
	assert_true(certcheck_dns_match(evil, evil_len, evil, evil_len));
	static const char wild[] = "*.bank.com\0.evil.test";
	assert_false(certcheck_dns_match(wild, sizeof wild - 1, "www.bank.com", 12));

	/* a length shorter than the string: only the prefix is the name */
	assert_true(certcheck_dns_match("www.example.com.evil.test", 15, "www.example.com", 15));
	assert_true(certcheck_dns_match("www.example.com", 15, "www.example.comXYZ", 15));
	assert_false(certcheck_dns_match("www.example.com", 11, "www.example.com", 15));
	assert_true(certcheck_dns_match("*.example.comXYZ", 13, "a.example.com", 13));
	assert_false(certcheck_dns_match("*.example.com", 13, "a.example.comXYZ", 16));
	/* a length that stops at the wildcard's dot: "*." alone names nothing */
	assert_false(certcheck_dns_match("*.example.com", 2, "a.", 2));
	assert_false(certcheck_dns_match("*.example.com", 1, "a", 1));
}

static void test_dns_empty(void **state)
{
	(void)state;
	assert_false(certcheck_dns_match("", 0, "", 0));
	assert_false(certcheck_dns_match("example.com", 11, "", 0));
	assert_false(certcheck_dns_match("", 0, "example.com", 11));
	assert_false(certcheck_dns_match("example.com", 0, "example.com", 0));
	assert_false(certcheck_dns_match("*.example.com", 0, "a.example.com", 13));
}

/* ---- 2. certcheck_host_matches ---- */

static void test_host_dns_sans_only(void **state)
{
	(void)state;
	struct cert_fact c;
	good_cert(&c, "CN=legacy.example.net,O=Example", "CN=Example CA");
	SET(c.san, "DNS:www.example.com,DNS:*.api.example.com,IP:192.0.2.10");
	assert_true(certcheck_host_matches(&c, "www.example.com", strlen("www.example.com")));
	assert_true(certcheck_host_matches(&c, "WWW.EXAMPLE.COM", strlen("WWW.EXAMPLE.COM")));
	assert_true(certcheck_host_matches(&c, "www.example.com.", strlen("www.example.com.")));
	assert_true(certcheck_host_matches(&c, "v2.api.example.com", strlen("v2.api.example.com")));
	assert_false(certcheck_host_matches(&c, "api.example.com", strlen("api.example.com")));
	assert_false(certcheck_host_matches(&c, "example.com", strlen("example.com")));
	/* RFC 6125 6.4.4: with a DNS SAN present the CN is not looked at */
	assert_false(certcheck_host_matches(&c, "legacy.example.net", strlen("legacy.example.net")));
	assert_true(certcheck_host_matches(&c, "192.0.2.10", strlen("192.0.2.10")));
}

static void test_host_cn_fallback(void **state)
{
	(void)state;
	struct cert_fact c;
	good_cert(&c, "CN=www.example.com,OU=Web,O=Example Corp,C=US", "CN=Example CA");
	assert_true(certcheck_host_matches(&c, "www.example.com", strlen("www.example.com")));
	assert_true(certcheck_host_matches(&c, "Www.Example.Com", strlen("Www.Example.Com")));
	assert_false(certcheck_host_matches(&c, "mail.example.com", strlen("mail.example.com")));
	assert_false(certcheck_host_matches(&c, "Web", strlen("Web")));

	/* CN not first in the DN */
	good_cert(&c, "C=US,O=Example Corp,CN=*.example.com", "CN=Example CA");
	assert_true(certcheck_host_matches(&c, "mail.example.com", strlen("mail.example.com")));
	assert_false(certcheck_host_matches(&c, "example.com", strlen("example.com")));

	/* IP SANs alone are no DNS-ID: the CN still counts for names */
	good_cert(&c, "CN=www.example.com", "CN=Example CA");
	SET(c.san, "IP:192.0.2.10");
	assert_true(certcheck_host_matches(&c, "www.example.com", strlen("www.example.com")));

	/* no SAN and no CN: nothing matches */
	good_cert(&c, "O=Example Corp,C=US", "CN=Example CA");
	assert_false(certcheck_host_matches(&c, "www.example.com", strlen("www.example.com")));
	assert_false(certcheck_host_matches(&c, "US", strlen("US")));
}

static void test_host_ip_literals(void **state)
{
	(void)state;
	struct cert_fact c;
	good_cert(&c, "CN=router", "CN=Example CA");
	/* cert.c prints IPv6 SANs as eight uncompressed hex groups */
	SET(c.san, "DNS:router.example.com,IP:192.0.2.1,IP:2001:db8:0:0:0:0:0:1");
	assert_true(certcheck_host_matches(&c, "192.0.2.1", strlen("192.0.2.1")));
	assert_false(certcheck_host_matches(&c, "192.0.2.2", strlen("192.0.2.2")));
	assert_false(certcheck_host_matches(&c, "192.0.2.10", strlen("192.0.2.10")));
	assert_true(certcheck_host_matches(&c, "2001:db8::1", strlen("2001:db8::1")));
	assert_true(certcheck_host_matches(&c, "2001:db8:0:0:0:0:0:1", strlen("2001:db8:0:0:0:0:0:1")));
	assert_true(certcheck_host_matches(&c, "2001:DB8:0000::0001", strlen("2001:DB8:0000::0001")));
	assert_false(certcheck_host_matches(&c, "2001:db8::2", strlen("2001:db8::2")));
	assert_false(certcheck_host_matches(&c, "2001:db8::1:0", strlen("2001:db8::1:0")));
	/* IPv4 and IPv6 are different names, even mapped */
	assert_false(certcheck_host_matches(&c, "::ffff:192.0.2.1", strlen("::ffff:192.0.2.1")));
	assert_true(certcheck_host_matches(&c, "router.example.com", strlen("router.example.com")));

	/* the same address compressed in the SAN */
	SET(c.san, "IP:2001:db8::1");
	assert_true(certcheck_host_matches(&c, "2001:db8:0:0:0:0:0:1", strlen("2001:db8:0:0:0:0:0:1")));
	assert_true(certcheck_host_matches(&c, "2001:db8::1", strlen("2001:db8::1")));
	assert_false(certcheck_host_matches(&c, "192.0.2.1", strlen("192.0.2.1")));
}

/* An IP literal is checked against iPAddress SANs only (RFC 6125 6.2.1, RFC 5280 4.2.1.6). */
static void test_host_ip_never_matches_dns(void **state)
{
	(void)state;
	struct cert_fact c;
	good_cert(&c, "CN=192.0.2.1", "CN=Example CA");
	SET(c.san, "DNS:192.0.2.1,DNS:2001:db8::1");
	assert_false(certcheck_host_matches(&c, "192.0.2.1", strlen("192.0.2.1")));
	assert_false(certcheck_host_matches(&c, "2001:db8::1", strlen("2001:db8::1")));
	/* nor against the CN when there is no SAN */
	c.san[0] = '\0';
	assert_false(certcheck_host_matches(&c, "192.0.2.1", strlen("192.0.2.1")));
	good_cert(&c, "CN=2001:db8::1", "CN=Example CA");
	assert_false(certcheck_host_matches(&c, "2001:db8::1", strlen("2001:db8::1")));
}

/* ---- 3. certcheck_dn_equal ---- */

static void test_dn_equal(void **state)
{
	(void)state;
	assert_true(certcheck_dn_equal("CN=Test CA,O=Example,C=US", "CN=Test CA,O=Example,C=US"));
	assert_true(certcheck_dn_equal("", ""));
	/* case of types and values */
	assert_true(certcheck_dn_equal("CN=Test CA,O=Example", "cn=test ca,o=EXAMPLE"));
	/* white space around '=' and ',' and runs inside values */
	assert_true(certcheck_dn_equal("CN=Test CA,O=Example", "CN = Test CA , O = Example"));
	assert_true(certcheck_dn_equal("CN=Test CA,O=Example", "  CN=Test CA,  O=Example  "));
	assert_true(certcheck_dn_equal("CN=Test  CA", "CN=Test CA"));
	assert_true(certcheck_dn_equal("CN=Test\tCA", "CN=Test CA"));
	assert_true(certcheck_dn_equal("CN=Test CA+OU=Ops", "CN=Test CA + OU=Ops"));
}

static void test_dn_not_equal(void **state)
{
	(void)state;
	/* RDN order is part of the name */
	assert_false(certcheck_dn_equal("CN=Test CA,O=Example", "O=Example,CN=Test CA"));
	/* different values, attributes, lengths */
	assert_false(certcheck_dn_equal("CN=Test CA,O=Example", "CN=Test CA,O=Example2"));
	assert_false(certcheck_dn_equal("CN=Test CA", "CN=TestCA"));
	assert_false(certcheck_dn_equal("CN=Test CA", "OU=Test CA"));
	assert_false(certcheck_dn_equal("CN=Test CA", "CN=Test CA,O=Example"));
	assert_false(certcheck_dn_equal("CN=Test CA", ""));
}

/*
 * KNOWN BUG: an escaped ',' inside a value (RFC 4514 2.4, "\,") is folded like an RDN
 * separator, so the space after it disappears.
 *   input:    "O=Acme\, Inc.,C=US" vs "O=Acme\,Inc.,C=US" (organizations "Acme, Inc."
 *             and "Acme,Inc.")
 *   expected: not equal (white space inside a value is folded, not removed)
 *   got:      equal — fold_dn drops white space after any ',' even when escaped.
 */
static void test_dn_escaped_separator_in_value(void **state)
{
	(void)state;
	assert_false(certcheck_dn_equal("O=Acme\\, Inc.,C=US", "O=Acme\\,Inc.,C=US"));
}

/* ---- 4. certcheck_client ---- */

/* Leaf "CN=alice" issued by "CN=Corp Issuing CA,O=Corp", sent with that intermediate. */
static struct cert_fact *client_pair(struct facts *f)
{
	struct cert_fact *c = chain(f, SIDE_CLIENT, 2);
	good_cert(&c[0], "CN=alice,OU=Engineering,O=Corp", "CN=Corp Issuing CA,O=Corp");
	SET(c[0].ext_key_usage, "clientAuth");
	SET(c[0].key_usage, "digitalSignature,keyEncipherment");
	good_cert(&c[1], "CN=Corp Issuing CA,O=Corp", "CN=Corp Root CA,O=Corp");
	c[1].is_ca = true;
	return c;
}

static void test_client_clean(void **state)
{
	struct facts *f = new_facts(state);
	(void)client_pair(f);
	ca_names(f, 1, 1, "CN=Corp Root CA,O=Corp");
	struct cert_findings out;
	certcheck_client(f, &out);
	expect_none(&out);

	/* no certificate at all: nothing to say */
	facts_release(f);
	certcheck_client(f, &out);
	expect_none(&out);
}

static void test_client_issuer_not_accepted(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = chain(f, SIDE_CLIENT, 1);
	good_cert(&c[0], "CN=alice,O=Corp", "CN=Other CA,O=Elsewhere");
	ca_names(f, 2, 2, "CN=Corp Root CA,O=Corp", "CN=Partner CA,O=Partner");
	struct cert_findings out;
	certcheck_client(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_ISSUER_NOT_ACCEPTED, 0);
	expect_text(found, "CN=Other CA,O=Elsewhere");
	expect_text(found, "CN=Corp Root CA,O=Corp");
	/* the leaf's issuer is neither sent nor acceptable */
	expect_finding(&out, CHK_CHAIN_INCOMPLETE, 0);
}

static void test_client_issuer_accepted_via_chain(void **state)
{
	struct cert_findings out;

	/* the intermediate sent is issued by an acceptable root */
	struct facts *f = new_facts(state);
	(void)client_pair(f);
	ca_names(f, 2, 2, "CN=Partner CA,O=Partner", "cn=corp root ca, o=corp");
	certcheck_client(f, &out);
	expect_no_finding(&out, CHK_ISSUER_NOT_ACCEPTED);
	expect_no_finding(&out, CHK_CHAIN_INCOMPLETE);
	teardown(state);

	/* the intermediate sent is itself an acceptable name */
	f = new_facts(state);
	(void)client_pair(f);
	ca_names(f, 1, 1, "CN=Corp Issuing CA,O=Corp");
	certcheck_client(f, &out);
	expect_none(&out);
	teardown(state);

	/* the leaf alone, issued directly by an acceptable name */
	f = new_facts(state);
	struct cert_fact *c = chain(f, SIDE_CLIENT, 1);
	good_cert(&c[0], "CN=alice,O=Corp", "CN=Corp Issuing CA,O=Corp");
	ca_names(f, 1, 1, "CN=Corp Issuing CA,O=Corp");
	certcheck_client(f, &out);
	expect_none(&out);
}

/* With more CA names sent than kept, "not accepted" cannot be known. */
static void test_client_ca_names_truncated(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = chain(f, SIDE_CLIENT, 1);
	good_cert(&c[0], "CN=alice,O=Corp", "CN=CA 40,O=Corp");
	ca_names(f, 40, BOUND_CA_NAMES, "CN=CA 0", "CN=CA 1", "CN=CA 2", "CN=CA 3", "CN=CA 4", "CN=CA 5", "CN=CA 6",
		 "CN=CA 7", "CN=CA 8", "CN=CA 9", "CN=CA 10", "CN=CA 11", "CN=CA 12", "CN=CA 13", "CN=CA 14", "CN=CA 15");
	struct cert_findings out;
	certcheck_client(f, &out);
	expect_no_finding(&out, CHK_ISSUER_NOT_ACCEPTED);
}

/*
 * KNOWN BUG: with a truncated CA name list the chain is still called incomplete.
 *   input:    client leaf alone, issuer "CN=CA 40,O=Corp"; CertificateRequest with 40 CA
 *             names of which the first BOUND_CA_NAMES (16) were kept
 *             (n_ca_names 16 < n_ca_names_total 40)
 *   expected: no cert.chain_incomplete — the issuer may be one of the 24 names not kept,
 *             as certcheck_client already assumes for cert.issuer_not_accepted
 *   got:      cert.chain_incomplete "... whose issuer CN=CA 40,O=Corp is neither sent nor
 *             an acceptable CA name": the n_ca_names_total == n_ca_names guard is applied
 *             to issuer_not_accepted only.
 */
static void test_client_ca_names_truncated_chain(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = chain(f, SIDE_CLIENT, 1);
	good_cert(&c[0], "CN=alice,O=Corp", "CN=CA 40,O=Corp");
	ca_names(f, 40, BOUND_CA_NAMES, "CN=CA 0", "CN=CA 1", "CN=CA 2", "CN=CA 3", "CN=CA 4", "CN=CA 5", "CN=CA 6",
		 "CN=CA 7", "CN=CA 8", "CN=CA 9", "CN=CA 10", "CN=CA 11", "CN=CA 12", "CN=CA 13", "CN=CA 14", "CN=CA 15");
	struct cert_findings out;
	certcheck_client(f, &out);
	expect_no_finding(&out, CHK_CHAIN_INCOMPLETE);
}

static void test_client_validity(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = client_pair(f);
	struct cert_findings out;

	/* leaf expired ten days before the capture */
	c[0].not_after_epoch = (int64_t)T_CAPTURE - 10 * DAY;
	SET(c[0].not_after, "2023-11-04T22:13:20Z");
	certcheck_client(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_EXPIRED, 0);
	expect_text(found, "2023-11-04T22:13:20Z");
	expect_text(found, "10 day(s)");
	expect_no_finding(&out, CHK_NOT_YET_VALID);
	assert_int_equal(out.n, 1);

	/* valid through its notAfter second (RFC 5280 4.1.2.5: the period is inclusive) */
	c[0].not_after_epoch = (int64_t)T_CAPTURE;
	certcheck_client(f, &out);
	expect_none(&out);

	/* intermediate valid only from tomorrow */
	c[0].not_after_epoch = (int64_t)T_CAPTURE + 365 * DAY;
	c[1].not_before_epoch = (int64_t)T_CAPTURE + DAY;
	SET(c[1].not_before, "2023-11-15T22:13:20Z");
	certcheck_client(f, &out);
	found = expect_finding(&out, CHK_NOT_YET_VALID, 1);
	expect_text(found, "2023-11-15T22:13:20Z");
	expect_text(found, "CN=Corp Issuing CA");
	expect_no_finding(&out, CHK_EXPIRED);

	/* unknown dates (epoch 0) are not judged */
	c[1].not_before_epoch = 0;
	c[1].not_after_epoch = 0;
	certcheck_client(f, &out);
	expect_none(&out);
}

static void test_client_weak_key(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = client_pair(f);
	struct cert_findings out;

	c[0].key_bits = 1024;
	certcheck_client(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_WEAK_KEY, 0);
	expect_text(found, "RSA 1024-bit");
	assert_int_equal(out.n, 1);

	/* the thresholds: RSA 2048 and EC 224 pass, EC 192 does not */
	c[0].key_bits = 2048;
	SET(c[1].key_type, "EC");
	SET(c[1].curve, "prime256v1");
	c[1].key_bits = 256;
	certcheck_client(f, &out);
	expect_none(&out);
	SET(c[1].curve, "prime192v1");
	c[1].key_bits = 192;
	certcheck_client(f, &out);
	expect_finding(&out, CHK_WEAK_KEY, 1);
}

static void test_client_weak_signature(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = chain(f, SIDE_CLIENT, 2);
	good_cert(&c[0], "CN=alice,O=Corp", "CN=Corp Root CA,O=Corp");
	SET(c[0].sig_alg, "sha1WithRSAEncryption");
	/* a self-signed root's own signature is never checked: SHA-1 on it is fine */
	good_cert(&c[1], "CN=Corp Root CA,O=Corp", "CN=Corp Root CA,O=Corp");
	assert_true(c[1].self_signed);
	SET(c[1].sig_alg, "sha1WithRSAEncryption");
	ca_names(f, 1, 1, "CN=Corp Root CA,O=Corp");
	struct cert_findings out;
	certcheck_client(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_WEAK_SIGNATURE, 0);
	expect_text(found, "sha1WithRSAEncryption");
	assert_int_equal(count(&out, CHK_WEAK_SIGNATURE), 1);
	assert_int_equal(out.n, 1);

	/* MD5 too; SHA-256 and SHA-512 not */
	SET(c[0].sig_alg, "md5WithRSAEncryption");
	certcheck_client(f, &out);
	expect_finding(&out, CHK_WEAK_SIGNATURE, 0);
	SET(c[0].sig_alg, "sha512WithRSAEncryption");
	certcheck_client(f, &out);
	expect_none(&out);
	SET(c[0].sig_alg, "ecdsa-with-SHA384");
	certcheck_client(f, &out);
	expect_none(&out);
}

static void test_client_eku_server_auth_only(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = client_pair(f);
	SET(c[0].ext_key_usage, "serverAuth");
	struct cert_findings out;
	certcheck_client(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_NO_CLIENT_AUTH, 0);
	expect_text(found, "serverAuth");
	assert_int_equal(out.n, 1);

	/* clientAuth anywhere in the list is enough; a longer word containing it is not */
	SET(c[0].ext_key_usage, "serverAuth,clientAuth");
	certcheck_client(f, &out);
	expect_none(&out);
	SET(c[0].ext_key_usage, "emailProtection,clientAuth,codeSigning");
	certcheck_client(f, &out);
	expect_none(&out);
	SET(c[0].ext_key_usage, "clientAuthX");
	certcheck_client(f, &out);
	expect_finding(&out, CHK_NO_CLIENT_AUTH, 0);
	/* no extendedKeyUsage extension: any usage */
	c[0].ext_key_usage[0] = '\0';
	certcheck_client(f, &out);
	expect_none(&out);
}

static void test_client_key_usage(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = client_pair(f);
	SET(c[0].key_usage, "keyEncipherment,dataEncipherment");
	struct cert_findings out;
	certcheck_client(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_KEY_USAGE, 0);
	expect_text(found, "keyEncipherment,dataEncipherment");
	assert_int_equal(out.n, 1);

	SET(c[0].key_usage, "nonRepudiation,digitalSignature");
	certcheck_client(f, &out);
	expect_none(&out);
	c[0].key_usage[0] = '\0';
	certcheck_client(f, &out);
	expect_none(&out);
}

/* The accepted certificate the refused one is compared with. */
static struct cert_fact *accepted(struct facts *f, const char *subject, const char *issuer)
{
	f->accepted_client_cert = calloc(1, sizeof *f->accepted_client_cert);
	assert_non_null(f->accepted_client_cert);
	good_cert(f->accepted_client_cert, subject, issuer);
	SET(f->accepted_client_cert->ext_key_usage, "clientAuth");
	SET(f->accepted_client_cert->key_usage, "digitalSignature,keyEncipherment");
	return f->accepted_client_cert;
}

static void test_client_differs_from_accepted(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = chain(f, SIDE_CLIENT, 1);
	good_cert(&c[0], "CN=bob,O=Corp", "CN=Other CA");
	SET(c[0].ext_key_usage, "clientAuth");
	SET(c[0].key_usage, "digitalSignature,keyEncipherment");
	c[0].key_bits = 4096;
	struct cert_fact *ok = accepted(f, "CN=alice,OU=Engineering,O=Corp", "CN=Corp CA");
	struct cert_findings out;
	certcheck_client(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_DIFFERS_FROM_ACCEPTED, 0);
	assert_int_equal(count(&out, CHK_DIFFERS_FROM_ACCEPTED), 1);
	expect_text(found, "OU=");
	expect_text(found, "lacks OU=Engineering");
	expect_text(found, "issuer CN=Other CA instead of CN=Corp CA");
	expect_text(found, "RSA 4096 instead of RSA 2048");
	/* CN differences are expected between users and not listed */
	assert_null(strstr(found->text, "alice"));

	/* the accepted certificate itself: nothing to compare */
	memcpy(ok, &c[0], sizeof *ok);
	certcheck_client(f, &out);
	expect_none(&out);
}

/*
 * KNOWN BUG: with issuer names of ordinary length, the differences listed after the
 * issuer are cut off.
 *   input:    refused leaf "CN=bob,O=Example Corporation,C=US" issued by "CN=Example
 *             Corporation Issuing CA 2,O=Example Corporation,C=US", RSA 4096; accepted
 *             "CN=alice,OU=Engineering,O=Example Corporation,C=US" issued by "CN=DigiCert
 *             Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US", RSA 2048
 *   expected: one cert.differs_from_accepted naming the issuer, the missing
 *             OU=Engineering and the key size
 *   got:      the text ends "...O=DigiCert Inc,C=US; subject lack": compare_with_accepted
 *             builds up to 219 bytes of differences (here 210) but prints them after a
 *             79-byte prefix into the 240-byte finding text, so the missing OU and the
 *             key size are cut off — the differences most likely to explain the refusal.
 */
static void test_client_differs_from_accepted_realistic_names(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = chain(f, SIDE_CLIENT, 1);
	good_cert(&c[0], "CN=bob,O=Example Corporation,C=US",
		  "CN=Example Corporation Issuing CA 2,O=Example Corporation,C=US");
	SET(c[0].ext_key_usage, "clientAuth");
	SET(c[0].key_usage, "digitalSignature,keyEncipherment");
	c[0].key_bits = 4096;
	(void)accepted(f, "CN=alice,OU=Engineering,O=Example Corporation,C=US",
		       "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US");
	struct cert_findings out;
	certcheck_client(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_DIFFERS_FROM_ACCEPTED, 0);
	expect_text(found, "instead of CN=DigiCert Global G2");
	expect_text(found, "lacks OU=Engineering");
	expect_text(found, "RSA 4096 instead of RSA 2048");
}

/* ---- 5. certcheck_server ---- */

/* "www.example.com" issued by an intermediate whose root is not sent (the usual shape). */
static struct cert_fact *server_pair(struct facts *f)
{
	struct cert_fact *c = chain(f, SIDE_SERVER, 2);
	good_cert(&c[0], "CN=www.example.com", "CN=Example TLS CA 1,O=Example Trust,C=US");
	SET(c[0].san, "DNS:www.example.com,DNS:example.com");
	SET(c[0].ext_key_usage, "serverAuth,clientAuth");
	SET(c[0].key_usage, "digitalSignature,keyEncipherment");
	good_cert(&c[1], "CN=Example TLS CA 1,O=Example Trust,C=US", "CN=Example Root,O=Example Trust,C=US");
	c[1].is_ca = true;
	return c;
}

static void test_server_clean(void **state)
{
	struct facts *f = new_facts(state);
	(void)server_pair(f);
	sni(f, "www.example.com");
	struct cert_findings out;
	certcheck_server(f, &out);
	expect_none(&out);
}

static void test_server_name_mismatch(void **state)
{
	struct facts *f = new_facts(state);
	(void)server_pair(f);
	sni(f, "mail.example.com");
	struct cert_findings out;
	certcheck_server(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_NAME_MISMATCH, 0);
	expect_text(found, "\"mail.example.com\"");
	expect_text(found, "DNS:www.example.com,DNS:example.com");
	assert_int_equal(out.n, 1);

	/* no SNI: nothing to compare with */
	f->ch.has_sni = false;
	certcheck_server(f, &out);
	expect_none(&out);

	/* no SAN: the CN is shown */
	sni(f, "mail.example.com");
	f->certs[SIDE_SERVER][0].san[0] = '\0';
	certcheck_server(f, &out);
	found = expect_finding(&out, CHK_NAME_MISMATCH, 0);
	expect_text(found, "CN=www.example.com");
}

static void test_server_wildcard_san_matches(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = server_pair(f);
	SET(c[0].san, "DNS:*.example.com");
	sni(f, "mail.example.com");
	struct cert_findings out;
	certcheck_server(f, &out);
	expect_none(&out);

	/* ...but not one label deeper */
	sni(f, "a.mail.example.com");
	certcheck_server(f, &out);
	expect_finding(&out, CHK_NAME_MISMATCH, 0);
}

/* A chain signed by a TLS-inspection product's CA, and the same name served by
 * another issuer elsewhere in the capture. */
static void test_server_interception(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = server_pair(f);
	SET(c[0].issuer, "CN=Zscaler Intermediate Root CA (zscaler.net),O=Zscaler Inc.,C=US");
	SET(c[1].subject, "CN=Zscaler Intermediate Root CA (zscaler.net),O=Zscaler Inc.,C=US");
	sni(f, "www.example.com");
	struct cert_findings out;
	certcheck_server(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_INTERCEPTION, 0);
	expect_text(found, "Zscaler");
	expect_text(found, "interception");

	/* A neutral issuer: nothing, until the name is seen from another issuer. */
	SET(c[0].issuer, "CN=Example TLS CA 1,O=Example Trust,C=US");
	SET(c[1].subject, "CN=Example TLS CA 1,O=Example Trust,C=US");
	certcheck_server(f, &out);
	expect_none(&out);
	f->name_other_issuer = strdup("CN=Real CA,O=Real Trust");
	f->upgrade.kind = UPGRADE_HTTP_CONNECT;
	certcheck_server(f, &out);
	found = expect_finding(&out, CHK_INTERCEPTION, 0);
	expect_text(found, "CN=Real CA,O=Real Trust");
	expect_text(found, "a direct");
	/* A direct connection beside a proxied one that differs holds the real certificate. */
	f->upgrade.kind = UPGRADE_NONE;
	f->name_other_issuer_via_proxy = true;
	certcheck_server(f, &out);
	expect_none(&out);
}

static void test_server_self_signed(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = chain(f, SIDE_SERVER, 1);
	good_cert(&c[0], "CN=nas.local", "CN=nas.local");
	SET(c[0].san, "DNS:nas.local");
	SET(c[0].sig_alg, "sha1WithRSAEncryption");
	sni(f, "nas.local");
	struct cert_findings out;
	certcheck_server(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_SELF_SIGNED, 0);
	expect_text(found, "CN=nas.local");
	/* self-signed is the whole story: not also "incomplete", nor a weak signature */
	expect_no_finding(&out, CHK_CHAIN_INCOMPLETE);
	expect_no_finding(&out, CHK_WEAK_SIGNATURE);
	assert_int_equal(out.n, 1);
}

static void test_server_leaf_alone_incomplete(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = chain(f, SIDE_SERVER, 1);
	good_cert(&c[0], "CN=www.example.com", "CN=Example TLS CA 1,O=Example Trust,C=US");
	SET(c[0].san, "DNS:www.example.com");
	sni(f, "www.example.com");
	struct cert_findings out;
	certcheck_server(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_CHAIN_INCOMPLETE, 0);
	expect_text(found, "CN=Example TLS CA 1");
	assert_int_equal(out.n, 1);

	/* another certificate sent that is not the issuer does not complete it */
	f->n_certs[SIDE_SERVER] = 2;
	good_cert(&c[1], "CN=Unrelated CA", "CN=Unrelated Root");
	certcheck_server(f, &out);
	expect_finding(&out, CHK_CHAIN_INCOMPLETE, 0);
}

static void test_server_complete_chain(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = server_pair(f);
	sni(f, "www.example.com");
	struct cert_findings out;

	/* leaf + intermediate, the root (not sent) is the client's */
	certcheck_server(f, &out);
	expect_no_finding(&out, CHK_CHAIN_INCOMPLETE);

	/* the issuer's DN written differently (case, spaces) is the same name */
	SET(c[0].issuer, "cn=example tls ca 1, o=example trust, c=us");
	certcheck_server(f, &out);
	expect_none(&out);

	/* with the root sent as well */
	f->n_certs[SIDE_SERVER] = 3;
	good_cert(&c[2], "CN=Example Root,O=Example Trust,C=US", "CN=Example Root,O=Example Trust,C=US");
	certcheck_server(f, &out);
	expect_none(&out);
}

static void test_server_chain_order(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = chain(f, SIDE_SERVER, 3);
	good_cert(&c[0], "CN=www.example.com", "CN=Example TLS CA 1");
	SET(c[0].san, "DNS:www.example.com");
	good_cert(&c[1], "CN=Example Root", "CN=Example Root");
	good_cert(&c[2], "CN=Example TLS CA 1", "CN=Example Root");
	sni(f, "www.example.com");
	struct cert_findings out;
	certcheck_server(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_CHAIN_ORDER, 0);
	expect_text(found, "certificate 2, not 1");
	expect_no_finding(&out, CHK_CHAIN_INCOMPLETE);
	assert_int_equal(out.n, 1);

	/* the same certificates in order */
	good_cert(&c[1], "CN=Example TLS CA 1", "CN=Example Root");
	good_cert(&c[2], "CN=Example Root", "CN=Example Root");
	certcheck_server(f, &out);
	expect_none(&out);
}

static void test_server_eku_without_server_auth(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = server_pair(f);
	SET(c[0].ext_key_usage, "clientAuth,emailProtection");
	sni(f, "www.example.com");
	struct cert_findings out;
	certcheck_server(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_NO_SERVER_AUTH, 0);
	expect_text(found, "clientAuth,emailProtection");
	assert_int_equal(out.n, 1);

	/* a server certificate needs no clientAuth */
	SET(c[0].ext_key_usage, "serverAuth");
	certcheck_server(f, &out);
	expect_none(&out);
}

static void test_server_explicit_curve(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = server_pair(f);
	SET(c[0].key_type, "EC");
	c[0].key_bits = 256;
	c[0].curve[0] = '\0';
	SET(c[0].sig_alg, "ecdsa-with-SHA256");
	sni(f, "www.example.com");
	struct cert_findings out;
	certcheck_server(f, &out);
	expect_finding(&out, CHK_EXPLICIT_CURVE, 0);
	expect_no_finding(&out, CHK_WEAK_KEY);
	assert_int_equal(out.n, 1);

	SET(c[0].curve, "prime256v1");
	certcheck_server(f, &out);
	expect_none(&out);
}

static void test_server_unparsable(void **state)
{
	struct facts *f = new_facts(state);
	struct cert_fact *c = server_pair(f);
	memset(&c[0], 0, sizeof c[0]);
	c[0].der_len = 1234;
	sni(f, "www.example.com");
	struct cert_findings out;
	certcheck_server(f, &out);
	const struct cert_finding *found = expect_finding(&out, CHK_UNPARSABLE, 0);
	expect_text(found, "1234 bytes");
	/* nothing else is judged about a leaf that does not parse */
	assert_int_equal(out.n, 1);
}

/* ---- 6. ids, certcheck_has, the cap ---- */

static void test_ids(void **state)
{
	(void)state;
	for (int i = 0; i < CHK__COUNT; i++) {
		const char *id = certcheck_id((enum cert_check)i);
		assert_non_null(id);
		assert_int_equal(strncmp(id, "cert.", 5), 0);
		assert_true(strlen(id) > 5);
		assert_string_not_equal(id, "cert.unknown");
		for (int k = 0; k < i; k++)
			assert_string_not_equal(id, certcheck_id((enum cert_check)k));
	}
	assert_string_equal(certcheck_id(CHK_EXPIRED), "cert.expired");
	assert_string_equal(certcheck_id(CHK_ISSUER_NOT_ACCEPTED), "cert.issuer_not_accepted");
	assert_string_equal(certcheck_id(CHK__COUNT), "cert.unknown");
}

static void test_has(void **state)
{
	(void)state;
	struct cert_findings fs;
	memset(&fs, 0, sizeof fs);
	assert_false(certcheck_has(&fs, CHK_EXPIRED, NULL));

	fs.items[0].check = CHK_WEAK_KEY;
	fs.items[1].check = CHK_EXPIRED;
	fs.items[1].index = 3;
	fs.items[2].check = CHK_EXPIRED;
	fs.items[3].check = CHK_SELF_SIGNED; /* beyond n: not a finding */
	fs.n = 3;
	const struct cert_finding *found = NULL;
	assert_true(certcheck_has(&fs, CHK_EXPIRED, &found));
	assert_ptr_equal(found, &fs.items[1]); /* the first one */
	assert_true(certcheck_has(&fs, CHK_WEAK_KEY, NULL));
	found = NULL;
	assert_false(certcheck_has(&fs, CHK_SELF_SIGNED, &found));
	assert_null(found);
	assert_false(certcheck_has(&fs, CHK_NAME_MISMATCH, NULL));
}

/* Ten certificates, each expired, not yet valid, with a weak explicit-curve key and a
 * SHA-1 signature, none issuing the next. */
static void bad_chain(struct facts *f, enum side s)
{
	struct cert_fact *c = chain(f, s, BOUND_CHAIN);
	for (unsigned i = 0; i < BOUND_CHAIN; i++) {
		char subject[32], issuer[32];
		snprintf(subject, sizeof subject, "CN=bad %u", i);
		snprintf(issuer, sizeof issuer, "CN=missing %u", i);
		good_cert(&c[i], subject, issuer);
		c[i].not_after_epoch = (int64_t)T_CAPTURE - DAY;
		c[i].not_before_epoch = (int64_t)T_CAPTURE + DAY;
		SET(c[i].key_type, "EC");
		c[i].key_bits = 160;
		c[i].curve[0] = '\0';
		SET(c[i].sig_alg, "ecdsa-with-SHA1");
		SET(c[i].ext_key_usage, "codeSigning");
		SET(c[i].key_usage, "keyCertSign");
		SET(c[i].san, "DNS:nothing.invalid");
	}
}

static void check_capped(const struct cert_findings *out)
{
	assert_int_equal(out->n, CERTCHECK_MAX);
	for (unsigned i = 0; i < out->n; i++) {
		assert_true(out->items[i].check < CHK__COUNT);
		assert_true(out->items[i].index < BOUND_CHAIN);
		assert_true(out->items[i].text[0] != '\0');
		assert_non_null(memchr(out->items[i].text, '\0', sizeof out->items[i].text));
	}
}

static void test_cap_server(void **state)
{
	struct facts *f = new_facts(state);
	bad_chain(f, SIDE_SERVER);
	sni(f, "www.example.com");
	/* heap-allocated to its exact size, so a write past the cap is an ASan error */
	struct cert_findings *out = malloc(sizeof *out);
	assert_non_null(out);
	memset(out, 0xa5, sizeof *out);
	certcheck_server(f, out);
	unsigned n = out->n;
	struct cert_findings copy = *out;
	free(out);
	assert_int_equal(n, CERTCHECK_MAX);
	check_capped(&copy);
}

static void test_cap_client(void **state)
{
	struct facts *f = new_facts(state);
	bad_chain(f, SIDE_CLIENT);
	ca_names(f, 1, 1, "CN=Corp Root CA");
	(void)accepted(f, "CN=alice,OU=Engineering,O=Corp", "CN=Corp CA");
	struct cert_findings *out = malloc(sizeof *out);
	assert_non_null(out);
	memset(out, 0xa5, sizeof *out);
	certcheck_client(f, out);
	struct cert_findings copy = *out;
	free(out);
	check_capped(&copy);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_dns_exact_and_case),
		T(test_dns_trailing_dot),
		T(test_dns_wildcard_one_label),
		T(test_dns_wildcard_too_broad),
		T(test_dns_partial_wildcards),
		T(test_dns_idna_literal),
		T(test_dns_lengths_and_nul),
		T(test_dns_empty),
		T(test_host_dns_sans_only),
		T(test_host_cn_fallback),
		T(test_host_ip_literals),
		T(test_host_ip_never_matches_dns),
		T(test_dn_equal),
		T(test_dn_not_equal),
		T(test_dn_escaped_separator_in_value),
		T(test_client_clean),
		T(test_client_issuer_not_accepted),
		T(test_client_issuer_accepted_via_chain),
		T(test_client_ca_names_truncated),
		T(test_client_ca_names_truncated_chain),
		T(test_client_validity),
		T(test_client_weak_key),
		T(test_client_weak_signature),
		T(test_client_eku_server_auth_only),
		T(test_client_key_usage),
		T(test_client_differs_from_accepted),
		T(test_client_differs_from_accepted_realistic_names),
		T(test_server_clean),
		T(test_server_name_mismatch),
		T(test_server_wildcard_san_matches),
		T(test_server_self_signed),
		T(test_server_leaf_alone_incomplete),
		T(test_server_complete_chain),
		T(test_server_interception),
		T(test_server_chain_order),
		T(test_server_eku_without_server_auth),
		T(test_server_explicit_curve),
		T(test_server_unparsable),
		T(test_ids),
		T(test_has),
		T(test_cap_server),
		T(test_cap_client),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
