/*
 * certcheck.h — what is wrong with a certificate, judged from the facts the cert stage
 * extracted: validity at capture time, key and signature strength, key usages, the name
 * asked for (RFC 6125), the chain sent, and for client certificates the CA names the
 * server said it accepts (CertificateRequest).
 *
 * Pure functions over struct facts; no OpenSSL, no packets. The rules use the findings
 * as evidence and to name the failing check; the report lists them as warnings on
 * handshakes that worked anyway.
 */
#ifndef TLSDIAG_CERTCHECK_H
#define TLSDIAG_CERTCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"

enum cert_check {
	CHK_UNPARSABLE,          /* the certificate does not parse */
	CHK_EXPIRED,             /* notAfter before the capture */
	CHK_NOT_YET_VALID,       /* notBefore after the capture */
	CHK_WEAK_KEY,            /* RSA/DSA < 2048 bits, EC < 224 bits */
	CHK_WEAK_SIGNATURE,      /* MD5 or SHA-1 signature on a certificate that is not a root */
	CHK_NO_CLIENT_AUTH,      /* extendedKeyUsage present without clientAuth */
	CHK_NO_SERVER_AUTH,      /* extendedKeyUsage present without serverAuth */
	CHK_KEY_USAGE,           /* keyUsage present without digitalSignature */
	CHK_ISSUER_NOT_ACCEPTED, /* client: issuer not among the server's acceptable CA names */
	CHK_CHAIN_INCOMPLETE,    /* the leaf's issuer is neither sent nor (client) acceptable */
	CHK_CHAIN_ORDER,         /* the chain is sent out of order */
	CHK_NAME_MISMATCH,       /* server: no SAN (or CN) matches the SNI */
	CHK_SELF_SIGNED,         /* server: the leaf is self-signed */
	CHK_DIFFERS_FROM_ACCEPTED, /* client: differs from a certificate the same server accepted */
	CHK_EXPLICIT_CURVE,      /* EC key with explicit parameters instead of a named curve */
	CHK_INTERCEPTION,        /* server: re-signed by a TLS-inspecting proxy or product */
	CHK__COUNT
};

struct cert_finding {
	enum cert_check check;
	uint8_t index;           /* position in the chain */
	char text[480];
};

#define CERTCHECK_MAX 16

struct cert_findings {
	struct cert_finding items[CERTCHECK_MAX];
	unsigned n;
};

/* Stable id of a check: "cert.expired", "cert.issuer_not_accepted", ... */
const char *certcheck_id(enum cert_check c);

struct cert_check_info {
	const char *id;
	const char *what;        /* what the finding means, and the rule it rests on */
	const char *fix_server;  /* the fix for a server's certificate, or NULL */
	const char *fix_client;  /* the fix for a client's certificate, or NULL */
};

/* The check's row of the table (--list-rules prints it). */
const struct cert_check_info *certcheck_info(enum cert_check c);

/* Checks the chain the client sent (f->certs[SIDE_CLIENT]) against f. */
void certcheck_client(const struct facts *f, struct cert_findings *out);

/* Checks the chain the server sent (f->certs[SIDE_SERVER]) against f (SNI, capture time). */
void certcheck_server(const struct facts *f, struct cert_findings *out);

/* true when findings hold check c; *found (may be NULL) gets it. */
bool certcheck_has(const struct cert_findings *fs, enum cert_check c, const struct cert_finding **found);

/*
 * RFC 6125 section 6.4 matching of one DNS name pattern against a host name: ASCII
 * case-insensitive, a trailing dot ignored, a wildcard only as the whole left-most label
 * of a pattern with at least two more labels ("*.example.com"), matching exactly one
 * label. Internationalized names are compared as sent (A-labels), not converted.
 */
bool certcheck_dns_match(const char *pattern, size_t pattern_len, const char *host, size_t host_len);

/* Does the certificate name host? IP literals against IP SANs; names against DNS SANs,
 * and against the subject CN only when there is no DNS SAN (RFC 6125 6.4.4). */
bool certcheck_host_matches(const struct cert_fact *c, const char *host, size_t host_len);

/* Are two distinguished names (RFC 4514 strings as cert.c writes them) the same name?
 * Attribute types and values compare case-insensitively with white space folded. */
bool certcheck_dn_equal(const char *a, const char *b);

#endif
