/*
 * dtls.c — DTLS datagrams to the record stream of the TLS stage.
 *
 * Pipeline position: flow (a UDP conversation) → dtls → tls (records) → facts.
 */
#include "dtls.h"

#include <stdlib.h>

#include "bytes.h"
#include "tls.h"

struct dtls_conn {
	int unused;
};

bool dtls_looks_like_record(const uint8_t *data, size_t len, bool *client_hello)
{
	(void)data;
	(void)len;
	if (client_hello != NULL)
		*client_hello = false;
	return false;
}

struct dtls_conn *dtls_new(void)
{
	return calloc(1, sizeof(struct dtls_conn));
}

void dtls_free(struct dtls_conn *d)
{
	free(d);
}

size_t dtls_memory(const struct dtls_conn *d)
{
	return d != NULL ? sizeof *d : 0;
}

void dtls_datagram(struct dtls_conn *d, struct tls_conn *tls, struct facts *f, enum side from, const uint8_t *data,
		   size_t len, double t)
{
	(void)d;
	(void)tls;
	(void)f;
	(void)from;
	(void)data;
	(void)len;
	(void)t;
}
