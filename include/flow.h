/*
 * flow.h — the TCP stage: a table of connections keyed by their 4-tuple; roles, timing,
 * TTL/IP-ID baselines, closes; each direction reassembled (reasm.h) and fed to the TLS
 * stage until the handshake's outcome is known. It knows nothing of TLS beyond that call.
 *
 * When an attempt ends (both sides closed, idle past the timeout, evicted, or the end of
 * the input), its facts are handed to the done callback, which owns them from then on
 * (release with facts_release + free).
 */
#ifndef TLSDIAG_FLOW_H
#define TLSDIAG_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode.h"
#include "facts.h"

struct flow_table;

typedef void (*flow_done_fn)(void *ctx, struct facts *f);

struct flow_config {
	const uint16_t *tls_ports;   /* a connection to one of these is an attempt even without TLS */
	size_t n_tls_ports;
	double idle_timeout;         /* seconds of capture time */
	size_t max_flows;
};

struct flow_stats {
	uint64_t flows;              /* connections tracked */
	uint64_t attempts;           /* handed to the done callback */
	uint64_t evicted;            /* decided early because the table was full */
	uint64_t cut_packets;        /* payload cut by the snap length */
	uint64_t first_cut_packet;   /* packet number of the first of them */
};

struct flow_table *flow_table_new(const struct flow_config *cfg, flow_done_fn done, void *ctx);

/* One decoded TCP segment seen at absolute time ts (seconds), packet number pkt_no. */
void flow_packet(struct flow_table *t, const struct decoded *pkt, double ts, uint64_t pkt_no);

/* Decides flows closed or idle before now (absolute seconds). */
void flow_expire(struct flow_table *t, double now);

/* Decides every flow still open (end of input). */
void flow_flush(struct flow_table *t);

const struct flow_stats *flow_table_stats(const struct flow_table *t);
void flow_table_free(struct flow_table *t);

/* true when port is one of the configured TLS ports. */
bool flow_is_tls_port(const struct flow_table *t, uint16_t port);

#endif
