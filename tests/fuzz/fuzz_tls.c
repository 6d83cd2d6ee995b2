/*
 * fuzz_tls.c — libFuzzer harness for the TLS stage (tls.h: records, handshake messages,
 * certificates through cert.c) and, on the facts it leaves, everything after it: the
 * rules, the certificate checks, the report (JSON and text), the fingerprints and the
 * batch view. The flow stage is left out so that every input reaches the parser.
 *
 * Input: chunks [dir:1][len:2, big-endian][len bytes], in the order the two sides sent
 * them (len larger than what is left is cut to it).
 *   dir bit 0: the side (0 client, 1 server);
 *   dir bits 3-7: time since the previous chunk, in steps of 50 ms (up to 1.55 s, so a
 *   few chunks cross the no-response and timing thresholds of the rules);
 *   len > 0: bytes of that side's stream; bit 1: bytes were lost before them (gap_before);
 *   len = 0: a TCP event of that side, bits 1-2: 0 FIN, 1 RST, 2 SYN (client) or SYN-ACK
 *   (server), 3 an earlier handshake to this server that worked (the history the decider
 *   fills in: client side "with this name", server side "with another name").
 * As in the flow stage, a connection whose first chunk is not a SYN started mid-stream.
 * A client chain of two or more certificates also stands in for "a client certificate
 * this server accepted" (its second one), which the decider would copy in.
 *
 * The JSON record of the attempt must parse (jansson) as one object on one line, and read
 * back by --summarize it must give the batch view the run itself gives (triage.h: "both
 * give the same row"): hostile names, versions and CA names included.
 *
 * Seeds: the TCP payloads of the captures in pcaps/, in this format (tests/fuzz/seeds.c).
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <jansson.h>

#include "cert.h"
#include "facts.h"
#include "fingerprint.h"
#include "report.h"
#include "rules.h"
#include "summarize.h"
#include "tls.h"
#include "triage.h"

#define FUZZ_NAME "fuzz_tls"
#include "fuzz_util.h"

/* Capture time of the connection: certificates' validity is judged against it. */
#define T_FIRST 1700000000.0

/* What a stream writer wrote, as a string (free it). */
struct text {
	char *s;
	size_t len;
	FILE *fp;
};

static void text_open(struct text *t)
{
	t->s = NULL;
	t->len = 0;
	t->fp = open_memstream(&t->s, &t->len);
	if (t->fp == NULL)
		abort();
}

static void text_close(struct text *t)
{
	if (fclose(t->fp) != 0)
		abort();
}

static bool terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

/* The facts the flow stage starts a connection with (flow.c create). */
static void facts_start(struct facts *f)
{
	memset(f, 0, sizeof *f);
	static const uint8_t client[4] = { 192, 0, 2, 1 }, server[4] = { 198, 51, 100, 1 };
	f->client.family = f->server.family = 4;
	memcpy(f->client.addr, client, 4);
	memcpy(f->server.addr, server, 4);
	f->client.port = 40000;
	f->server.port = 443;
	f->t_first = T_FIRST;
	f->first_packet_no = f->last_packet_no = 1;
	f->t_syn = f->t_synack = f->t_ack = f->rtt = -1;
	f->t_client_hello = f->t_server_hello = -1;
	f->t_first_appdata[0] = f->t_first_appdata[1] = -1;
	f->server_ttl_min = 255;
}

static void tcp_event(struct facts *f, enum side side, unsigned kind, double t, uint64_t packet_no)
{
	struct close_fact *c = NULL;
	switch (kind) {
	case 0:
		c = &f->fin[side];
		break;
	case 1:
		c = &f->rst[side];
		if (f->n_rst[side] < UINT32_MAX)
			f->n_rst[side]++;
		break;
	case 2:
		if (side == SIDE_CLIENT && !f->syn_seen) {
			f->syn_seen = true;
			f->t_syn = t;
			f->syn_ttl = 64;
		} else if (side == SIDE_SERVER && !f->synack_seen) {
			f->synack_seen = true;
			f->t_synack = t;
			f->synack_ttl = 60;
			f->synack_has_ip_id = true;
			f->synack_ip_id = (uint16_t)packet_no;
		}
		f->roles_from_syn = true;
		return;
	case 3:
		if (side == SIDE_CLIENT) {
			f->same_server_ok_any++;
			f->same_server_ok_with_sni++;
		} else {
			f->same_server_ok_any++;
			f->same_server_ok_other_sni++;
		}
		return;
	}
	if (c->seen)
		return;
	c->seen = true;
	c->rst = kind == 1;
	c->t = t;
	c->stage = f->stage;
	c->ttl = side == SIDE_SERVER ? 60 : 64;
	c->has_ip_id = true;
	c->ip_id = (uint16_t)packet_no;
	c->had_payload_before = f->payload_bytes[side] > 0;
	c->packet_no = packet_no;
}

static void check_verdict(const struct verdict *v)
{
	CHECK(v->cls < CLASS__COUNT);
	CHECK(v->rule_id != NULL);
	CHECK(v->n_evidence <= BOUND_EVIDENCE);
	CHECK(terminated(v->summary, sizeof v->summary));
	CHECK(terminated(v->fix, sizeof v->fix));
	for (unsigned i = 0; i < v->n_evidence; i++)
		CHECK(terminated(v->evidence[i], sizeof v->evidence[i]));
}

/* What the TLS stage leaves must stay within the bounds facts.h declares. */
static void check_facts(const struct facts *f)
{
	CHECK(f->n_alerts <= BOUND_ALERTS);
	CHECK(f->n_trace <= BOUND_RECORD_TRACE);
	CHECK(f->stage < STAGE__COUNT);
	CHECK(f->ch.n_ciphers <= BOUND_CIPHERS && f->ch.n_exts <= BOUND_EXTENSIONS);
	CHECK(f->ch.n_groups <= BOUND_GROUPS && f->ch.n_sigalgs <= BOUND_SIGALGS);
	CHECK(f->ch.n_versions <= BOUND_VERSIONS && f->ch.n_alpn <= BOUND_ALPN);
	CHECK(f->ch.n_key_shares <= BOUND_KEY_SHARES && f->ch.n_point_formats <= BOUND_POINT_FORMATS);
	CHECK(f->ch.sni_len < BOUND_SNI && terminated(f->ch.sni, sizeof f->ch.sni));
	CHECK(f->sh.n_exts <= BOUND_EXTENSIONS && f->sh.alpn_len <= BOUND_ALPN_NAME);
	CHECK(f->n_ca_names <= BOUND_CA_NAMES && (f->n_ca_names == 0 || f->ca_names != NULL));
	for (int s = 0; s < 2; s++) {
		CHECK(f->n_certs[s] <= BOUND_CHAIN && (f->n_certs[s] == 0 || f->certs[s] != NULL));
		CHECK(f->first_bytes_len[s] <= sizeof f->first_bytes[s]);
		CHECK(terminated(f->malformed_why[s], sizeof f->malformed_why[s]));
		for (unsigned i = 0; i < f->n_certs[s]; i++) {
			const struct cert_fact *c = &f->certs[s][i];
			CHECK(terminated(c->subject, sizeof c->subject) && terminated(c->issuer, sizeof c->issuer));
			CHECK(terminated(c->san, sizeof c->san) && terminated(c->sha256, sizeof c->sha256));
		}
	}
	for (unsigned i = 0; i < f->n_ca_names; i++)
		CHECK(terminated(f->ca_names[i], BOUND_DN));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct facts *f = malloc(sizeof *f);
	if (f == NULL)
		return 0;
	facts_start(f);
	struct tls_conn c;
	tls_init(&c);
	double t = 0;
	uint64_t packet_no = 1;
	size_t at = 0;
	while (size - at >= 3) {
		uint8_t dir = data[at];
		size_t len = (size_t)data[at + 1] << 8 | data[at + 2];
		at += 3;
		if (len > size - at)
			len = size - at;
		enum side side = (dir & 1) ? SIDE_SERVER : SIDE_CLIENT;
		t += (double)(dir >> 3) * 0.05;
		packet_no++;
		if (packet_no == 2 && !(len == 0 && ((dir >> 1) & 3) == 2))
			f->midstream = true;
		f->packets[side]++;
		f->last_packet_no = packet_no;
		f->t_last = f->t_observed = t;
		if (len == 0) {
			tcp_event(f, side, (dir >> 1) & 3, t, packet_no);
			continue;
		}
		f->payload_bytes[side] += len;
		tls_feed(&c, f, side, data + at, len, (dir & 2) != 0, t);
		at += len;
	}
	tls_free(&c);
	check_facts(f);

	if (f->n_certs[SIDE_CLIENT] >= 2 && f->certs[SIDE_CLIENT][1].parsed) {
		f->accepted_client_cert = malloc(sizeof *f->accepted_client_cert);
		if (f->accepted_client_cert != NULL) {
			*f->accepted_client_cert = f->certs[SIDE_CLIENT][1];
			f->accepted_client_cert->der = NULL; /* the DER stays with its owner */
		}
	}
	struct verdict v;
	rules_decide(f, &v);
	check_verdict(&v);
	(void)rules_reads_server_history(f, &v);

	FILE *out = null_out();
	struct report_opts text = { .out = out, .all = true, .file_headers = true };
	report_attempt(&text, "fuzz.pcap", f, &v);
	if (f->client_hello_seen) {
		char md5[33], ja4[40];
		(void)fp_ja3(&f->ch, md5, sizeof md5);
		(void)fp_ja4(&f->ch, ja4, sizeof ja4);
	}

	/* The record: one line, one JSON object. */
	struct text record;
	text_open(&record);
	struct report_opts json = { .out = record.fp, .json = true };
	report_attempt(&json, "fuzz.pcap", f, &v);
	text_close(&record);
	CHECK(record.len > 0 && record.s[record.len - 1] == '\n');
	CHECK(memchr(record.s, '\n', record.len - 1) == NULL);
	json_error_t jerr;
	json_t *parsed = json_loadb(record.s, record.len, JSON_ALLOW_NUL, &jerr);
	if (parsed == NULL)
		fprintf(stderr, "fuzz_tls: record is not JSON: %s at %d: %s", jerr.text, jerr.position, record.s);
	CHECK(json_is_object(parsed));
	json_decref(parsed);

	/* The batch view from the attempt and from its record read back. */
	struct triage *direct = triage_new(), *read_back = triage_new();
	struct triage_row *row = malloc(sizeof *row);
	if (direct != NULL && read_back != NULL && row != NULL) {
		triage_row_from_attempt(row, "fuzz.pcap", f, &v);
		triage_add(direct, row);
		struct summarize_counts counts = { 0 };
		char err[256];
		CHECK(summarize_file(fuzz_as_file(record.s, record.len), read_back, &counts, err, sizeof err));
		CHECK(counts.records == 1 && counts.bad_lines == 0);
		struct text a, b;
		text_open(&a);
		triage_print_json(direct, a.fp);
		triage_print_text(direct, a.fp);
		text_close(&a);
		text_open(&b);
		triage_print_json(read_back, b.fp);
		triage_print_text(read_back, b.fp);
		text_close(&b);
		if (a.len != b.len || memcmp(a.s, b.s, a.len) != 0)
			fprintf(stderr, "fuzz_tls: record: %sview of the run:\n%s\nview read back:\n%s\n", record.s, a.s, b.s);
		CHECK(a.len == b.len && memcmp(a.s, b.s, a.len) == 0);
		free(a.s);
		free(b.s);
	}
	free(row);
	triage_free(direct);
	triage_free(read_back);
	free(record.s);
	facts_release(f);
	free(f);
	/* Descriptions cached by one input must not change what the next one does: each input
	 * replays the same way alone. */
	cert_cache_clear();
	return 0;
}
