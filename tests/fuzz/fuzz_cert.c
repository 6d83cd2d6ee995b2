/*
 * fuzz_cert.c — libFuzzer harness for the certificate stage (cert.h) and the checks made
 * on what it extracts (certcheck.h), then the report of an attempt holding it.
 *
 * Input: DER bytes, taken both as a certificate (cert_describe, twice: the second answer
 * comes from the description cache and must be the same; cert_write_pem) and as a
 * DistinguishedName (cert_dn_string, also into output buffers too small for it, placed
 * at the end of their allocation so that AddressSanitizer sees a write past them). The
 * description then fills a server chain, a client chain, the CA names of a
 * CertificateRequest and "a client certificate this server accepted", and goes through
 * certcheck_server/certcheck_client, the rules and the report. The last input byte
 * chooses whether the DER is kept (cert_keep_der, as --extract-certs does).
 *
 * Seeds: certificates generated with openssl and those of the captures in pcaps/
 * (tests/fuzz/seeds.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "certcheck.h"
#include "facts.h"
#include "report.h"
#include "rules.h"

#define FUZZ_NAME "fuzz_cert"
#include "fuzz_util.h"

/* Capture time: between the seeds' notBefore and notAfter, so both sides of the
 * validity checks are reached by mutating the dates. */
#define T_FIRST 1700000000.0

static bool terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static void check_fact(const struct cert_fact *c, size_t len)
{
	CHECK(terminated(c->subject, sizeof c->subject) && terminated(c->issuer, sizeof c->issuer));
	CHECK(terminated(c->not_before, sizeof c->not_before) && terminated(c->not_after, sizeof c->not_after));
	CHECK(terminated(c->serial, sizeof c->serial) && terminated(c->key_type, sizeof c->key_type));
	CHECK(terminated(c->curve, sizeof c->curve) && terminated(c->sig_alg, sizeof c->sig_alg));
	CHECK(terminated(c->san, sizeof c->san) && terminated(c->key_usage, sizeof c->key_usage));
	CHECK(terminated(c->ext_key_usage, sizeof c->ext_key_usage) && terminated(c->sha256, sizeof c->sha256));
	CHECK(c->der_len == len);
}

static void check_findings(const struct cert_findings *fs)
{
	CHECK(fs->n <= CERTCHECK_MAX);
	for (unsigned i = 0; i < fs->n; i++) {
		CHECK(fs->items[i].check < CHK__COUNT);
		CHECK(terminated(fs->items[i].text, sizeof fs->items[i].text));
		CHECK(certcheck_info(fs->items[i].check) != NULL);
	}
}

/* The DistinguishedName reading of the input, into buffers of several sizes. */
static void dn_strings(const uint8_t *data, size_t size, char *full)
{
	bool ok = cert_dn_string(data, size, full, BOUND_DN);
	CHECK(terminated(full, BOUND_DN));
	if (!ok)
		CHECK(full[0] == '\0');
	static const size_t small[] = { 1, 2, 7, 33 };
	for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
		char *buf = malloc(small[i]);
		if (buf == NULL)
			continue;
		/* Cached or not, the answer is the same, cut to the buffer. */
		bool again = cert_dn_string(data, size, buf, small[i]);
		CHECK(again == ok);
		CHECK(terminated(buf, small[i]));
		CHECK(strncmp(buf, full, small[i] - 1) == 0);
		free(buf);
	}
}

/* The first DNS name of a SAN list ("DNS:a.example,IP:..."), else a name it lacks. */
static void sni_from(const struct cert_fact *c, struct tls_client_hello *ch)
{
	const char *name = "www.example.com";
	size_t len = strlen(name);
	const char *dns = strstr(c->san, "DNS:");
	if (dns != NULL) {
		name = dns + 4;
		len = strcspn(name, ",");
	}
	if (len > sizeof ch->sni - 1)
		len = sizeof ch->sni - 1;
	memcpy(ch->sni, name, len);
	ch->sni[len] = '\0';
	ch->sni_len = (uint16_t)len;
	ch->has_sni = true;
}

static struct cert_fact *chain_of(const struct cert_fact *c, unsigned n)
{
	struct cert_fact *chain = calloc(n, sizeof *chain);
	if (chain == NULL)
		return NULL;
	for (unsigned i = 0; i < n; i++) {
		chain[i] = *c;
		chain[i].der = NULL; /* facts_release frees each DER: only one owner */
	}
	return chain;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool keep = size > 0 && (data[size - 1] & 1);
	cert_keep_der(keep);
	struct cert_fact c, again;
	bool parsed = cert_describe(data, size, &c);
	if (parsed) {
		CHECK(c.parsed);
		check_fact(&c, size);
		CHECK(!keep || c.der == NULL || memcmp(c.der, data, size) == 0);
		/* The cache answers the second time: the same description. */
		CHECK(cert_describe(data, size, &again));
		CHECK(again.parsed && strcmp(again.subject, c.subject) == 0 && strcmp(again.issuer, c.issuer) == 0);
		CHECK(strcmp(again.sha256, c.sha256) == 0 && strcmp(again.san, c.san) == 0);
		CHECK(again.key_bits == c.key_bits && again.not_after_epoch == c.not_after_epoch);
		free(again.der);
		(void)cert_write_pem(data, size, null_out());
	} else {
		/* The stage keeps a certificate that does not parse as "not parsed" (tls_msgs.c). */
		memset(&c, 0, sizeof c);
		c.der_len = (uint32_t)size;
	}

	char dn[BOUND_DN];
	dn_strings(data, size, dn);

	struct facts *f = calloc(1, sizeof *f);
	if (f == NULL) {
		free(c.der);
		cert_cache_clear();
		return 0;
	}
	f->client.family = f->server.family = 4;
	f->server.port = 443;
	f->t_first = T_FIRST;
	f->t_syn = f->t_synack = f->t_ack = f->rtt = -1;
	f->client_hello_seen = true;
	f->version = 0x0303;
	sni_from(&c, &f->ch);
	/* A server chain of the leaf and itself as "intermediate", a client chain of one. */
	f->certs[SIDE_SERVER] = chain_of(&c, 2);
	f->n_certs[SIDE_SERVER] = f->certs[SIDE_SERVER] != NULL ? 2 : 0;
	f->certs[SIDE_CLIENT] = chain_of(&c, 1);
	f->n_certs[SIDE_CLIENT] = f->certs[SIDE_CLIENT] != NULL ? 1 : 0;
	if (f->certs[SIDE_CLIENT] != NULL)
		f->certs[SIDE_CLIENT][0].der = c.der; /* owned by the facts from here */
	else
		free(c.der);
	f->server_cert_seen = f->client_cert_seen = true;
	f->n_server_certs = 2;
	f->n_client_certs = 1;
	f->cert_request_seen = true;
	f->ca_names = calloc(BOUND_CA_NAMES, sizeof *f->ca_names);
	if (f->ca_names != NULL) {
		snprintf(f->ca_names[0], BOUND_DN, "%s", dn);
		snprintf(f->ca_names[1], BOUND_DN, "%s", c.subject);
		f->n_ca_names = 2;
		f->n_ca_names_total = 3; /* the list was longer than what is kept */
	}
	/* Accepted earlier: the same certificate under another fingerprint, so that the
	 * comparison of fields runs. */
	f->accepted_client_cert = malloc(sizeof *f->accepted_client_cert);
	if (f->accepted_client_cert != NULL) {
		*f->accepted_client_cert = c;
		f->accepted_client_cert->der = NULL;
		snprintf(f->accepted_client_cert->sha256, sizeof f->accepted_client_cert->sha256, "%s", "0");
	}
	/* A fatal bad_certificate alert from the server after the client's Certificate: the
	 * rules then read the client checks to explain it. */
	f->alerts[0] = (struct alert_fact){ .from = SIDE_SERVER, .level = 2, .code = 42, .stage = STAGE_CLIENT_CERT, .t = 0.1 };
	f->n_alerts = 1;
	f->stage = STAGE_CLIENT_CERT;

	struct cert_findings server, client;
	certcheck_server(f, &server);
	check_findings(&server);
	certcheck_client(f, &client);
	check_findings(&client);
	(void)certcheck_host_matches(&c, f->ch.sni, f->ch.sni_len);
	(void)certcheck_dn_equal(c.subject, dn);

	struct verdict v;
	rules_decide(f, &v);
	CHECK(v.cls < CLASS__COUNT && v.n_evidence <= BOUND_EVIDENCE);
	FILE *out = null_out();
	struct report_opts text = { .out = out, .all = true };
	struct report_opts json = { .out = out, .json = true };
	report_attempt(&json, "fuzz.pcap", f, &v);
	report_attempt(&text, "fuzz.pcap", f, &v);
	facts_release(f);
	free(f);
	cert_keep_der(false);
	/* Each input replays the same way alone: nothing cached carries over. */
	cert_cache_clear();
	return 0;
}
