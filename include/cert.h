/*
 * cert.h — X.509 facts through OpenSSL's libcrypto. The only module that uses the
 * X.509 API; no OpenSSL object outlives the call that made it.
 */
#ifndef TLSDIAG_CERT_H
#define TLSDIAG_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "facts.h"

/* Describes one DER certificate. false (out->parsed false) when it does not parse. */
bool cert_describe(const uint8_t *der, size_t len, struct cert_fact *out) __attribute__((warn_unused_result));

/* Frees the descriptions cert_describe keeps of recent certificates (at exit). */
void cert_cache_clear(void);

/* Whether cert_describe keeps a copy of the DER (for --extract-certs). Off by default. */
void cert_keep_der(bool keep);

/* Writes a DER certificate as PEM to out. */
bool cert_write_pem(const uint8_t *der, size_t len, FILE *out) __attribute__((warn_unused_result));

/* One DER-encoded DistinguishedName as an RFC 4514 string into out. */
bool cert_dn_string(const uint8_t *der, size_t len, char *out, size_t out_len) __attribute__((warn_unused_result));

#endif
