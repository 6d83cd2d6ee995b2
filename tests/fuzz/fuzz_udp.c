/*
 * fuzz_udp.c — libFuzzer harness for the UDP transports: the QUIC stage (quic.h: packets,
 * Initial decryption, frames, CRYPTO reassembly) and the DTLS stage (dtls.h: records,
 * fragments, cookies), each handing handshake messages to the TLS stage; then, on the
 * facts they leave, the rules and the report (text and JSON).
 *
 * Input: datagrams [dir:1][len:2, big-endian][len bytes] in the order captured (len
 * larger than what is left is cut to it). dir bit 0: the side (0 client, 1 server); bits
 * 3-7: time since the previous datagram in steps of 50 ms. The conversation is QUIC when
 * its first datagram opens with a QUIC long header (quic_looks_like_long_header), DTLS
 * otherwise, as the flow stage decides.
 *
 * Checked: the bounds of facts.h and bounds.h hold (the packet trace, the versions of a
 * Version Negotiation, the stages' memory), the verdict is well formed, and the JSON
 * record is one object on one line.
 *
 * Seeds: the UDP datagrams of the captures in pcaps/ (tests/fuzz/seeds.c, OUTDIR/udp).
 */
#define _GNU_SOURCE /* open_memstream */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bounds.h"
#include "dtls.h"
#include "facts.h"
#include "quic.h"
#include "report.h"
#include "rules.h"
#include "tls.h"

#define FUZZ_NAME "fuzz_udp"
#include "fuzz_util.h"

static bool terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct facts *f = calloc(1, sizeof *f);
	if (f == NULL)
		return 0;
	f->t_first = 1700000000.0;
	f->t_client_hello = f->t_server_hello = -1;
	f->t_syn = f->t_syn_last = f->t_synack = f->t_ack = f->rtt = -1;
	for (int s = 0; s < 2; s++) {
		f->t_first_appdata[s] = -1;
		for (int k = 0; k < QUIC_KIND__COUNT; k++)
			f->quic.t_first[s][k] = -1;
	}
	f->quic.t_last_client_initial = -1;
	f->client.family = f->server.family = 4;
	f->client.port = 50000;
	f->server.port = 443;
	struct tls_conn tls;
	tls_init(&tls);
	struct quic_conn *q = NULL;
	struct dtls_conn *d = NULL;
	double t = 0;
	size_t at = 0;
	bool first = true;
	while (size - at >= 3) {
		uint8_t dir = data[at];
		size_t len = (size_t)data[at + 1] << 8 | data[at + 2];
		at += 3;
		if (len > size - at)
			len = size - at;
		enum side side = (dir & 1) ? SIDE_SERVER : SIDE_CLIENT;
		t += (double)(dir >> 3) * 0.05;
		if (first) {
			first = false;
			if (quic_looks_like_long_header(data + at, len, len, NULL)) {
				f->transport = TRANSPORT_QUIC;
				q = quic_new(NULL);
				tls.no_records = true;
			} else {
				f->transport = TRANSPORT_DTLS;
				d = dtls_new();
			}
			if (q == NULL && d == NULL)
				break;
		}
		f->packets[side]++;
		f->payload_bytes[side] += len;
		f->t_last = f->t_observed = t;
		if (!facts_outcome_known(f)) {
			if (q != NULL)
				quic_datagram(q, &tls, f, side, data + at, len, len, t);
			else
				dtls_datagram(d, &tls, f, side, data + at, len, t);
		}
		CHECK(quic_memory(q) <= sizeof(struct facts) + 4 * BOUND_QUIC_CRYPTO_HELD + 2 * 65536 + 4096);
		at += len;
	}
	quic_free(q);
	dtls_free(d);
	tls_free(&tls);

	CHECK(f->quic.n_trace <= BOUND_QUIC_TRACE && f->quic.n_vn_versions <= BOUND_QUIC_VERSIONS);
	CHECK(f->quic.dcid_len <= sizeof f->quic.dcid && f->quic.server_cid_len <= sizeof f->quic.server_cid);
	CHECK(f->n_alerts <= BOUND_ALERTS && f->stage < STAGE__COUNT);
	CHECK(f->ch.sni_len < BOUND_SNI && terminated(f->ch.sni, sizeof f->ch.sni));
	for (int s = 0; s < 2; s++) {
		CHECK(terminated(f->quic.close[s].reason, sizeof f->quic.close[s].reason));
		CHECK(terminated(f->quic.malformed_why[s], sizeof f->quic.malformed_why[s]));
		CHECK(f->n_certs[s] <= BOUND_CHAIN);
	}

	struct verdict v;
	rules_decide(f, &v);
	CHECK(v.cls < CLASS__COUNT && v.rule_id != NULL && v.n_evidence <= BOUND_EVIDENCE);
	CHECK(terminated(v.summary, sizeof v.summary) && terminated(v.fix, sizeof v.fix));

	struct report_opts text = { .out = null_out(), .all = true, .file_headers = true };
	report_attempt(&text, "fuzz.pcap", f, &v);
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);
	CHECK(fp != NULL);
	struct report_opts json = { .out = fp, .json = true };
	report_attempt(&json, "fuzz.pcap", f, &v);
	CHECK(fclose(fp) == 0);
	CHECK(n > 0 && s[n - 1] == '\n' && memchr(s, '\n', n) == s + n - 1);
	json_error_t err;
	json_t *root = json_loadb(s, n, JSON_ALLOW_NUL, &err); /* names from the wire may hold NUL */
	if (root == NULL)
		fprintf(stderr, FUZZ_NAME ": JSON record does not parse (%s at %d): %.*s", err.text, err.position, (int)n, s);
	CHECK(root != NULL && json_is_object(root));
	json_decref(root);
	free(s);
	facts_release(f);
	free(f);
	return 0;
}
