/*
 * test_decide.c — the per-capture decision stage, fed hand-made facts: what is handed on
 * at once, what waits for the end of the capture to be compared with its server's
 * history, the bound on what waits, and who frees the facts.
 *
 * Each attempt carries its number in the client port, so the callback can tell which
 * one it was handed and in what order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bounds.h"
#include "decide.h"
#include "facts.h"
#include "rules.h"
#include "tls_parse.h"

/* ---- what the callback saw ---- */

#define MAX_SEEN (BOUND_HELD_ATTEMPTS + 64)

struct seen {
	uint16_t id;
	enum tls_class cls;
	const char *rule_id;        /* a row of the static rule table */
	bool had_frames;
	bool owned;                 /* the decider offered the facts to keep */
	bool accepted_cert;         /* the decider gave it a certificate the server accepted */
	uint32_t ok_other_sni;
	bool other_issuer;          /* the decider found the name served by another issuer */
	const char *failing_check;
	uint32_t accepts;           /* handshakes in the server_accepts it was given, 0: none */
};

struct record {
	struct seen seen[MAX_SEEN];
	size_t n;
	/* When set, owned attempts are kept here (the callback returns true) and freed by
	 * the test, as a consumer that writes them later would. */
	bool keep;
	struct facts *kept_f[8];
	struct flow_frame *kept_frames[8];
	size_t n_kept;
};

static bool on_decided(void *ctx, struct facts *f, const struct verdict *v, struct flow_frame *frames, bool owned)
{
	struct record *r = ctx;
	assert_true(r->n < MAX_SEEN);
	r->seen[r->n++] = (struct seen){
		.id = f->client.port,
		.cls = v->cls,
		.rule_id = v->rule_id,
		.other_issuer = f->name_other_issuer != NULL,
		.failing_check = v->failing_check,
		.had_frames = frames != NULL,
		.owned = owned,
		.accepted_cert = f->accepted_client_cert != NULL,
		.ok_other_sni = f->same_server_ok_other_sni,
		.accepts = f->server_accepts ? f->server_accepts->handshakes : 0,
	};
	if (r->keep && owned) {
		assert_true(r->n_kept < 8);
		r->kept_f[r->n_kept] = f;
		r->kept_frames[r->n_kept++] = frames;
		return true;
	}
	return false;
}

static void free_kept(struct record *r)
{
	for (size_t i = 0; i < r->n_kept; i++) {
		facts_release(r->kept_f[i]);
		free(r->kept_f[i]);
		flow_frames_free(r->kept_frames[i]);
	}
	r->n_kept = 0;
}

/* ---- hand-made attempts ---- */

static uint64_t packet_no = 100;

/* A ClientHello for sni (NULL: none) from client port id to server 198.18.1.2:443;
 * SYN at 0, SYN-ACK (TTL 63) at 10 ms, hello at 21 ms. */
static struct facts *hello(uint16_t id, const char *sni)
{
	struct facts *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->client.family = f->server.family = 4;
	f->client.addr[0] = 198; f->client.addr[1] = 18; f->client.addr[3] = 2;
	f->server.addr[0] = 198; f->server.addr[1] = 18; f->server.addr[2] = 1; f->server.addr[3] = 2;
	f->client.port = id;
	f->server.port = 443;
	f->t_first = 1763784753.0 + id;
	f->syn_seen = f->synack_seen = true;
	f->roles_from_syn = true;
	f->t_synack = 0.010;
	f->t_ack = 0.020;
	f->rtt = 0.020;
	f->synack_ttl = 63;
	f->syn_ttl = 64;
	f->packets[0] = 3;
	f->packets[1] = 1;
	f->t_server_hello = -1;
	f->t_first_appdata[0] = f->t_first_appdata[1] = -1;
	f->client_hello_seen = true;
	f->tls_seen[SIDE_CLIENT] = true;
	f->t_client_hello = 0.021;
	f->client_hello_segments = 1;
	f->payload_bytes[SIDE_CLIENT] = 300;
	f->ch.legacy_version = TLS_VERSION_TLS12;
	f->ch.has_supported_versions = true;
	f->ch.versions[0] = TLS_VERSION_TLS13;
	f->ch.versions[1] = TLS_VERSION_TLS12;
	f->ch.n_versions = 2;
	f->ch.ciphers[0] = 0x1301;
	f->ch.ciphers[1] = 0xc02f;
	f->ch.n_ciphers = f->ch.n_ciphers_total = 2;
	if (sni != NULL) {
		f->ch.has_sni = true;
		snprintf(f->ch.sni, sizeof f->ch.sni, "%s", sni);
		f->ch.sni_len = (uint16_t)strlen(sni);
	}
	f->stage = STAGE_CLIENT_HELLO;
	f->t_last = 0.05;
	return f;
}

static void server_hello(struct facts *f)
{
	f->server_hello_seen = true;
	f->tls_seen[SIDE_SERVER] = true;
	f->t_server_hello = 0.031;
	f->version = f->sh.selected_version = TLS_VERSION_TLS12;
	f->sh.cipher = 0xc02f;
	f->payload_bytes[SIDE_SERVER] = 2000;
	f->stage = STAGE_SERVER_HELLO;
}

static void finish_tls12(struct facts *f)
{
	f->ccs_seen[0] = f->ccs_seen[1] = true;
	f->finished_seen[0] = f->finished_seen[1] = true;
	f->stage = STAGE_SERVER_CCS;
}

/* A completed TLS 1.2 handshake. */
static struct facts *ok_attempt(uint16_t id, const char *sni)
{
	struct facts *f = hello(id, sni);
	server_hello(f);
	finish_tls12(f);
	return f;
}

/* The server closes (FIN, its own TTL, 24 ms after the hello) before any ServerHello:
 * a failure whose class depends on what else the server accepted. */
static struct facts *close_after_hello(uint16_t id, const char *sni)
{
	struct facts *f = hello(id, sni);
	struct close_fact *c = &f->fin[SIDE_SERVER];
	c->seen = true;
	c->ttl = 63;
	c->t = 0.045;
	c->stage = STAGE_CLIENT_HELLO;
	c->packet_no = packet_no++;
	return f;
}

/* The server refuses the client's protocol version with a fatal alert: decided on its
 * own facts. */
static struct facts *version_alert(uint16_t id)
{
	struct facts *f = hello(id, "a.example");
	struct alert_fact *a = &f->alerts[f->n_alerts++];
	a->from = SIDE_SERVER;
	a->level = 2;
	a->code = 70;
	a->stage = f->stage;
	a->t = 0.032;
	f->tls_seen[SIDE_SERVER] = true;
	return f;
}

/* A parsed client certificate chain of one (heap, as the certificate stage makes it). */
static void client_cert(struct facts *f, const char *subject)
{
	f->certs[SIDE_CLIENT] = calloc(BOUND_CHAIN, sizeof(struct cert_fact));
	assert_non_null(f->certs[SIDE_CLIENT]);
	struct cert_fact *c = &f->certs[SIDE_CLIENT][0];
	c->parsed = true;
	snprintf(c->subject, sizeof c->subject, "%s", subject);
	snprintf(c->issuer, sizeof c->issuer, "CN=Client CA");
	c->der_len = 16;
	c->der = calloc(1, 16);
	assert_non_null(c->der);
	f->n_certs[SIDE_CLIENT] = 1;
	f->client_cert_seen = true;
	f->n_client_certs = 1;
}

/* The server asked for a client certificate, got one and refused it (bad_certificate). */
static struct facts *cert_refused(uint16_t id)
{
	struct facts *f = hello(id, "a.example");
	server_hello(f);
	f->server_cert_seen = f->cert_request_seen = f->server_hello_done_seen = true;
	client_cert(f, "CN=refused client");
	f->client_kex_seen = true;
	f->stage = STAGE_CLIENT_CCS;
	struct alert_fact *a = &f->alerts[f->n_alerts++];
	a->from = SIDE_SERVER;
	a->level = 2;
	a->code = 42;
	a->stage = f->stage;
	a->t = 0.06;
	return f;
}

static struct decider *new_decider(bool hold, struct record *r)
{
	memset(r, 0, sizeof *r);
	struct decider *d = decider_new(hold, on_decided, r);
	assert_non_null(d);
	return d;
}

/* ---- handed on at once ---- */

static void test_ok_is_handed_on_at_once(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	decider_add(d, ok_attempt(1, "a.example"), NULL, true);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.seen[0].id, 1);
	assert_int_equal(r.seen[0].cls, CLASS_OK);
	decider_finish(d);
	assert_int_equal(r.n, 1);
	assert_int_equal(decider_held_overflow(d), 0);
	decider_free(d);
}

static void test_failure_on_its_own_facts_is_handed_on_at_once(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	decider_add(d, ok_attempt(1, "a.example"), NULL, true);
	decider_add(d, version_alert(2), NULL, true);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.seen[1].cls, CLASS_VERSION_MISMATCH);
	assert_string_equal(r.seen[1].rule_id, "alert.protocol_version");
	decider_finish(d);
	assert_int_equal(r.n, 2);
	decider_free(d);
}

/* A negotiation failure of a server with no success yet waits for the capture's end: the
 * handshakes that show what the server accepts may come after it. */
static void test_negotiation_failure_waits_for_what_the_server_accepts(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	decider_add(d, version_alert(1), NULL, true);
	assert_int_equal(r.n, 0);
	decider_add(d, ok_attempt(2, "a.example"), NULL, true);
	assert_int_equal(r.n, 1);
	decider_finish(d);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.seen[1].id, 1);
	assert_int_equal(r.seen[1].cls, CLASS_VERSION_MISMATCH);
	assert_int_equal(r.seen[1].accepts, 1);
	decider_free(d);
	/* Live, nothing waits: decided with the history so far (none). */
	d = new_decider(false, &r);
	decider_add(d, version_alert(3), NULL, true);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.seen[0].accepts, 0);
	decider_free(d);
}

/* A close after a hello without SNI is missing_sni whatever the server accepted. */
static void test_close_without_sni_is_not_held(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	decider_add(d, close_after_hello(1, NULL), NULL, true);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.seen[0].cls, CLASS_MISSING_SNI);
	decider_free(d);
}

/* ---- held until the end of the capture ---- */

static void test_close_with_sni_waits_for_later_handshakes(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	/* The close for b.example comes first in the capture, the success for a.example after. */
	decider_add(d, close_after_hello(1, "b.example"), NULL, true);
	assert_int_equal(r.n, 0);
	decider_add(d, ok_attempt(2, "a.example"), NULL, true);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.seen[0].id, 2);
	decider_finish(d);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.seen[1].id, 1);
	assert_int_equal(r.seen[1].cls, CLASS_UNKNOWN_SNI);
	assert_string_equal(r.seen[1].rule_id, "close.unknown_sni");
	assert_int_equal(r.seen[1].ok_other_sni, 1);
	assert_int_equal(decider_held_overflow(d), 0);
	decider_free(d);
}

static void test_live_decides_close_at_once_with_history_so_far(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(false, &r);
	decider_add(d, close_after_hello(1, "b.example"), NULL, true);
	/* No handshake to the server yet: nothing says the name is the problem. */
	assert_int_equal(r.n, 1);
	assert_int_equal(r.seen[0].cls, CLASS_SERVER_RESET);
	assert_string_equal(r.seen[0].rule_id, "close.server");
	decider_add(d, ok_attempt(2, "a.example"), NULL, true);
	/* With a success for another name in the history, the next close reads it. */
	decider_add(d, close_after_hello(3, "b.example"), NULL, true);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.seen[2].cls, CLASS_UNKNOWN_SNI);
	decider_finish(d);
	assert_int_equal(r.n, 3);
	decider_free(d);
}

/* The name that worked is not "another name": a close for it stays a server close. */
static void test_success_for_the_same_name_is_not_unknown_sni(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	decider_add(d, close_after_hello(1, "a.example"), NULL, true);
	decider_add(d, ok_attempt(2, "a.example"), NULL, true);
	decider_finish(d);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.seen[1].id, 1);
	assert_int_equal(r.seen[1].ok_other_sni, 0);
	assert_int_equal(r.seen[1].cls, CLASS_SERVER_RESET);
	decider_free(d);
}

/* History is per server: a success on another port of the same address does not count. */
static void test_history_of_another_server_does_not_count(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	decider_add(d, close_after_hello(1, "b.example"), NULL, true);
	struct facts *other = ok_attempt(2, "a.example");
	other->server.port = 8443;
	decider_add(d, other, NULL, true);
	decider_finish(d);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.seen[1].id, 1);
	assert_int_equal(r.seen[1].cls, CLASS_SERVER_RESET);
	decider_free(d);
}

/* Held attempts come out in the order they went in. */
static void test_held_attempts_keep_their_order(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	for (uint16_t id = 1; id <= 5; id++)
		decider_add(d, close_after_hello(id, "b.example"), NULL, true);
	decider_add(d, ok_attempt(100, "a.example"), NULL, true);
	decider_finish(d);
	assert_int_equal(r.n, 6);
	assert_int_equal(r.seen[0].id, 100);
	for (uint16_t k = 1; k <= 5; k++) {
		assert_int_equal(r.seen[k].id, k);
		assert_int_equal(r.seen[k].cls, CLASS_UNKNOWN_SNI);
	}
	decider_free(d);
}

/* A refused client certificate waits too, and is given one the server accepted later. */
static void test_refused_cert_meets_accepted_cert_of_later_handshake(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	decider_add(d, cert_refused(1), NULL, true);
	assert_int_equal(r.n, 0);
	struct facts *ok = ok_attempt(2, "a.example");
	ok->server_cert_seen = ok->cert_request_seen = true;
	client_cert(ok, "CN=accepted client");
	decider_add(d, ok, NULL, true);
	decider_finish(d);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.seen[0].id, 2);
	assert_false(r.seen[0].accepted_cert);
	assert_int_equal(r.seen[1].id, 1);
	assert_true(r.seen[1].accepted_cert);
	assert_int_equal(r.seen[1].cls, CLASS_CLIENT_CERT_REJECTED);
	decider_free(d);
}

/* The server's certificate, issued by issuer (TLS 1.2: seen in clear). */
static void server_cert(struct facts *f, const char *issuer)
{
	f->certs[SIDE_SERVER] = calloc(BOUND_CHAIN, sizeof(struct cert_fact));
	assert_non_null(f->certs[SIDE_SERVER]);
	struct cert_fact *c = &f->certs[SIDE_SERVER][0];
	c->parsed = true;
	snprintf(c->subject, sizeof c->subject, "CN=a.example");
	snprintf(c->issuer, sizeof c->issuer, "%s", issuer);
	snprintf(c->san, sizeof c->san, "DNS:a.example");
	f->n_certs[SIDE_SERVER] = 1;
	f->server_cert_seen = true;
	f->n_server_certs = 1;
}

/* Through an HTTP proxy, the client refuses the certificate with unknown_ca: the
 * decider holds it, and a direct handshake to the same name later in the capture,
 * with a certificate of another issuer, names the interception. */
static void test_proxied_refusal_meets_direct_issuer(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	struct facts *proxied = hello(1, "a.example");
	proxied->upgrade.kind = UPGRADE_HTTP_CONNECT;
	proxied->upgrade.requested = true;
	proxied->upgrade.answer = UPGRADE_ACCEPTED;
	server_hello(proxied);
	server_cert(proxied, "CN=Corp Proxy CA");
	proxied->stage = STAGE_SERVER_CERT;
	struct alert_fact *a = &proxied->alerts[proxied->n_alerts++];
	a->from = SIDE_CLIENT;
	a->level = 2;
	a->code = 48;
	a->stage = proxied->stage;
	a->t = 0.06;
	decider_add(d, proxied, NULL, true);
	assert_int_equal(r.n, 0); /* held for what the capture shows later */
	struct facts *direct = ok_attempt(2, "a.example");
	server_cert(direct, "CN=Real CA,O=Real Trust");
	decider_add(d, direct, NULL, true);
	decider_finish(d);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.seen[0].id, 2);
	/* The direct one meets the proxy's issuer too; beside a proxied one, the direct
	 * certificate is the real one: ok, no finding. */
	assert_true(r.seen[0].other_issuer);
	assert_int_equal(r.seen[0].cls, CLASS_OK);
	assert_int_equal(r.seen[1].id, 1);
	assert_int_equal(r.seen[1].cls, CLASS_SERVER_CERT_REJECTED);
	assert_true(r.seen[1].other_issuer);
	assert_non_null(r.seen[1].failing_check);
	assert_string_equal(r.seen[1].failing_check, "cert.interception");
	decider_free(d);
}

/* Frames kept for -w travel with their attempt and are freed with it. */
static void test_frames_are_handed_on_and_freed(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	struct flow_frame *fr = calloc(1, sizeof *fr);
	assert_non_null(fr);
	decider_add(d, close_after_hello(1, "b.example"), fr, true);
	struct flow_frame *fr2 = calloc(1, sizeof *fr2);
	assert_non_null(fr2);
	decider_add(d, ok_attempt(2, "a.example"), fr2, true);
	decider_finish(d);
	assert_int_equal(r.n, 2);
	assert_true(r.seen[0].had_frames);
	assert_true(r.seen[1].had_frames);
	decider_free(d);
}

/* A consumer may keep what it is handed (returning true): the decider then frees nothing,
 * whether the attempt was handed on at once or after waiting. */
static void test_callee_may_keep_owned_attempts(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	r.keep = true;
	decider_add(d, close_after_hello(1, "b.example"), calloc(1, sizeof(struct flow_frame)), true);
	decider_add(d, ok_attempt(2, "a.example"), calloc(1, sizeof(struct flow_frame)), true);
	decider_add(d, version_alert(3), NULL, true);
	decider_finish(d);
	decider_free(d);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.n_kept, 3);
	for (size_t k = 0; k < r.n; k++)
		assert_true(r.seen[k].owned);
	/* Still readable after the decider is gone: they are the consumer's now. */
	assert_int_equal(r.kept_f[0]->client.port, 2);
	assert_int_equal(r.kept_f[2]->client.port, 1);
	assert_int_equal(r.seen[2].cls, CLASS_UNKNOWN_SNI);
	assert_non_null(r.kept_frames[2]);
	free_kept(&r);
}

/* ---- the bound on held attempts ---- */

static void test_held_bound_decides_oldest_early(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	const uint16_t n = BOUND_HELD_ATTEMPTS + 5;
	for (uint16_t id = 1; id <= n; id++)
		decider_add(d, close_after_hello(id, "b.example"), NULL, true);
	/* The five oldest were decided when the bound was reached, with no history yet. */
	assert_int_equal(decider_held_overflow(d), 5);
	assert_int_equal(r.n, 5);
	for (uint16_t k = 0; k < 5; k++) {
		assert_int_equal(r.seen[k].id, k + 1);
		assert_int_equal(r.seen[k].cls, CLASS_SERVER_RESET);
	}
	decider_add(d, ok_attempt(60000, "a.example"), NULL, true);
	decider_finish(d);
	assert_int_equal(r.n, (size_t)n + 1);
	/* Every attempt handed on exactly once; those that waited met the later success. */
	static unsigned char count[BOUND_HELD_ATTEMPTS + 6];
	memset(count, 0, sizeof count);
	for (size_t k = 0; k < r.n; k++) {
		if (r.seen[k].id == 60000)
			continue;
		assert_true(r.seen[k].id >= 1 && r.seen[k].id <= n);
		count[r.seen[k].id]++;
		if (r.seen[k].id > 5)
			assert_int_equal(r.seen[k].cls, CLASS_UNKNOWN_SNI);
	}
	for (uint16_t id = 1; id <= n; id++)
		assert_int_equal(count[id], 1);
	assert_int_equal(decider_held_overflow(d), 5);
	decider_free(d);
}

/* Freed without decider_finish (an aborted capture): what waits is released. */
static void test_free_releases_held_attempts(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	for (uint16_t id = 1; id <= 3; id++)
		decider_add(d, close_after_hello(id, "b.example"), calloc(1, sizeof(struct flow_frame)), true);
	decider_add(d, cert_refused(4), NULL, true);
	assert_int_equal(r.n, 0);
	decider_free(d);
	assert_int_equal(r.n, 0);
}

static void test_finish_twice_and_empty(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	decider_finish(d);
	decider_add(d, close_after_hello(1, "b.example"), NULL, true);
	decider_finish(d);
	decider_finish(d);
	assert_int_equal(r.n, 1);
	decider_free(d);
	decider_free(NULL);
}

/* ---- facts the caller keeps ---- */

static void test_not_owned_is_never_held_nor_freed(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	/* On the stack: freeing it would be caught by the sanitizer. */
	struct facts *proto = close_after_hello(1, "b.example");
	struct facts f = *proto;
	free(proto);
	decider_add(d, &f, NULL, false);
	/* Held only when owned: decided at once, with the history so far. */
	assert_int_equal(r.n, 1);
	assert_false(r.seen[0].owned);
	assert_int_equal(r.seen[0].cls, CLASS_SERVER_RESET);
	/* Still the caller's, intact. */
	assert_int_equal(f.client.port, 1);
	assert_string_equal(f.ch.sni, "b.example");
	decider_finish(d);
	assert_int_equal(r.n, 1);
	decider_free(d);
	facts_release(&f);
}

/* What the decider adds to caller-owned facts (a copy of an accepted certificate) is
 * released by the caller's facts_release, like the rest. */
static void test_not_owned_cert_refusal_gets_history_and_caller_frees(void **state)
{
	(void)state;
	struct record r;
	struct decider *d = new_decider(true, &r);
	struct facts *ok = ok_attempt(2, "a.example");
	ok->server_cert_seen = ok->cert_request_seen = true;
	client_cert(ok, "CN=accepted client");
	decider_add(d, ok, NULL, false);
	/* Not owned: the caller still has the facts, certificates and DER included. */
	assert_non_null(ok->certs[SIDE_CLIENT]);
	assert_non_null(ok->certs[SIDE_CLIENT][0].der);
	struct facts *bad = cert_refused(1);
	decider_add(d, bad, NULL, false);
	assert_int_equal(r.n, 2);
	assert_false(r.seen[0].owned);
	assert_false(r.seen[1].owned);
	assert_true(r.seen[1].accepted_cert);
	assert_int_equal(r.seen[1].cls, CLASS_CLIENT_CERT_REJECTED);
	decider_finish(d);
	assert_int_equal(r.n, 2);
	decider_free(d);
	facts_release(ok);
	free(ok);
	facts_release(bad);
	free(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_is_handed_on_at_once),
		cmocka_unit_test(test_failure_on_its_own_facts_is_handed_on_at_once),
		cmocka_unit_test(test_negotiation_failure_waits_for_what_the_server_accepts),
		cmocka_unit_test(test_close_without_sni_is_not_held),
		cmocka_unit_test(test_close_with_sni_waits_for_later_handshakes),
		cmocka_unit_test(test_live_decides_close_at_once_with_history_so_far),
		cmocka_unit_test(test_success_for_the_same_name_is_not_unknown_sni),
		cmocka_unit_test(test_history_of_another_server_does_not_count),
		cmocka_unit_test(test_held_attempts_keep_their_order),
		cmocka_unit_test(test_refused_cert_meets_accepted_cert_of_later_handshake),
		cmocka_unit_test(test_proxied_refusal_meets_direct_issuer),
		cmocka_unit_test(test_frames_are_handed_on_and_freed),
		cmocka_unit_test(test_callee_may_keep_owned_attempts),
		cmocka_unit_test(test_held_bound_decides_oldest_early),
		cmocka_unit_test(test_free_releases_held_attempts),
		cmocka_unit_test(test_finish_twice_and_empty),
		cmocka_unit_test(test_not_owned_is_never_held_nor_freed),
		cmocka_unit_test(test_not_owned_cert_refusal_gets_history_and_caller_frees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
