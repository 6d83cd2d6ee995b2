/*
 * test_facts.c — the derived facts, from hand-made facts (no packets): when the outcome
 * is known, which alert ends a handshake, whose close came first, the signs of a forged
 * close, and what TLS 1.3 record sizes say of the client's flight and the server's
 * answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bounds.h"
#include "facts.h"
#include "facts_make.h"
#include "tls_parse.h"

/* SYN at 0, SYN-ACK (TTL 63) 10 ms later, a ClientHello at 21 ms. */
static struct facts *attempt(void)
{
	struct facts *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->syn_seen = f->synack_seen = true;
	f->t_syn = 0;
	f->t_synack = 0.010;
	f->syn_ttl = 64;
	f->synack_ttl = 63;
	f->client_hello_seen = true;
	f->t_client_hello = 0.021;
	f->packets[SIDE_CLIENT] = 3;
	f->packets[SIDE_SERVER] = 1;
	f->stage = STAGE_CLIENT_HELLO;
	return f;
}

static void tls13(struct facts *f)
{
	f->server_hello_seen = true;
	f->version = f->sh.selected_version = TLS_VERSION_TLS13;
	f->tls_seen[SIDE_SERVER] = true;
	f->stage = STAGE_SERVER_HELLO;
}

static void test_outcome_known(void **state)
{
	(void)state;
	struct facts *f = attempt();
	assert_false(facts_outcome_known(f));
	f->finished_seen[SIDE_CLIENT] = true;
	assert_false(facts_outcome_known(f));
	f->finished_seen[SIDE_SERVER] = true;
	/* Not before the client had the server's Finished: its alert may still come (NSS). */
	assert_false(facts_outcome_known(f));
	f->client_saw_server_finished = true;
	assert_true(facts_outcome_known(f));
	/* After a HelloRetryRequest the handshake is TLS 1.3: Finished records alone say nothing. */
	f->hrr_seen = true;
	assert_false(facts_outcome_known(f));
	/* TLS 1.3 decrypted: both Finished, and the server went on. */
	f->finished_decrypted[SIDE_CLIENT] = f->finished_decrypted[SIDE_SERVER] = true;
	assert_false(facts_outcome_known(f));
	f->new_session_ticket_seen = true;
	assert_true(facts_outcome_known(f));
	/* Once the framer stopped, it stays known. */
	memset(f, 0, sizeof *f);
	f->handshake_done = true;
	assert_true(facts_outcome_known(f));
	/* A trace's worth of records after the keys. */
	memset(f, 0, sizeof *f);
	f->enc_records[SIDE_CLIENT] = BOUND_RECORD_TRACE / 2;
	f->appdata_records[SIDE_SERVER] = BOUND_RECORD_TRACE - BOUND_RECORD_TRACE / 2 - 1;
	assert_false(facts_outcome_known(f));
	f->appdata_records[SIDE_SERVER]++;
	assert_true(facts_outcome_known(f));
	/* SSL 2.0: encrypted records both ways. */
	memset(f, 0, sizeof *f);
	f->sslv2_handshake = true;
	f->enc_records[SIDE_CLIENT] = f->enc_records[SIDE_SERVER] = 2;
	assert_true(facts_outcome_known(f));
	free(f);
}

static void test_failure_alert(void **state)
{
	(void)state;
	struct facts *f = attempt();
	struct facts_derived d;
	facts_make_alert(f, SIDE_SERVER, 1, 112, 0.03); /* warning unrecognized_name: benign */
	facts_make_alert(f, SIDE_SERVER, 1, 0, 0.03);   /* close_notify */
	facts_derive(f, &d);
	assert_null(d.failure_alert);
	/* After the server closed, the client's decode_error answers the close. */
	facts_make_close(f, SIDE_SERVER, false, 63, 0.031);
	facts_make_alert(f, SIDE_CLIENT, 2, 50, 0.032);
	facts_derive(f, &d);
	assert_null(d.failure_alert);
	/* A verdict on the peer's certificate counts even then. */
	facts_make_alert(f, SIDE_CLIENT, 2, 48, 0.033);
	facts_derive(f, &d);
	assert_ptr_equal(d.failure_alert, &f->alerts[3]);
	assert_true(facts_cert_verdict_alert(48));
	assert_true(facts_cert_verdict_alert(116));
	assert_false(facts_cert_verdict_alert(40));
	free(f);
}

static void test_closes(void **state)
{
	(void)state;
	struct facts *f = attempt();
	struct facts_derived d;
	facts_make_close(f, SIDE_CLIENT, false, 64, 0.05);
	facts_make_close(f, SIDE_SERVER, false, 63, 0.05);
	facts_derive(f, &d);
	assert_ptr_equal(d.first_close_any, &f->fin[SIDE_CLIENT]);
	assert_ptr_equal(d.first_close[SIDE_SERVER], &f->fin[SIDE_SERVER]);
	assert_null(d.server_close_first); /* the server answered the client's close */
	free(f);

	/* A reset 1 ms after the hello with TTL 50, on a 10 ms path: two signs of a forger. */
	f = attempt();
	facts_make_close(f, SIDE_SERVER, true, 50, 0.022);
	facts_derive(f, &d);
	assert_ptr_equal(d.server_close_first, &f->rst[SIDE_SERVER]);
	assert_int_equal(d.server_close_signs, FACTS_SIGN_TTL | FACTS_SIGN_TOO_SOON);
	assert_true(d.server_leg > 0.0099 && d.server_leg < 0.0101);
	free(f);

	/* The server's own reset: no sign. */
	f = attempt();
	facts_make_close(f, SIDE_SERVER, true, 63, 0.05);
	facts_derive(f, &d);
	assert_int_equal(d.server_close_signs, 0);
	free(f);

	/* A reset "from the client" with another TTL than its SYN, before anything from the server. */
	f = attempt();
	facts_make_close(f, SIDE_CLIENT, true, 50, 0.03);
	facts_derive(f, &d);
	assert_ptr_equal(d.forged_client_reset, &f->rst[SIDE_CLIENT]);
	free(f);
}

static void test_tls13_server_abort(void **state)
{
	(void)state;
	struct facts_derived d;
	/* Server flight, an empty Certificate and a Finished, one alert-sized record, a close. */
	struct facts *f = attempt();
	tls13(f);
	facts_make_tls13_exchange(f, 4, (const uint16_t[]){ 25, 53, 0 }, (const uint16_t[]){ 19, 0 });
	facts_make_close(f, SIDE_SERVER, false, 63, 0.07);
	facts_derive(f, &d);
	assert_true(d.tls13.after_server_hello);
	assert_int_equal(d.tls13.client_start, 4);
	assert_int_equal(d.tls13.server_flight, 4);
	assert_int_equal(d.tls13.client_records, 2);
	assert_true(d.tls13.client_empty_cert);
	assert_false(d.tls13.client_sent_cert);
	assert_true(d.tls13.server_only_alert);
	assert_true(d.tls13.server_aborted);
	assert_true(d.tls13.server_abort_is_alert);
	assert_false(d.tls13.client_empty_cert_one_record);
	free(f);

	/* The same flight in one record (NSS): an empty Certificate and a SHA-256 Finished. */
	f = attempt();
	tls13(f);
	f->sh.cipher = 0x1301;
	facts_make_tls13_exchange(f, 4, (const uint16_t[]){ 61, 0 }, (const uint16_t[]){ 19, 0 });
	facts_make_close(f, SIDE_SERVER, false, 63, 0.07);
	facts_derive(f, &d);
	assert_int_equal(d.tls13.client_records, 1);
	assert_true(d.tls13.client_empty_cert);
	assert_true(d.tls13.client_empty_cert_one_record);
	assert_false(d.tls13.client_sent_cert);
	assert_true(d.tls13.server_aborted);
	free(f);

	/* A certificate in the flight, then the client's close_notify: the server's lone
	 * alert-sized record may be its close_notify in reply. */
	f = attempt();
	tls13(f);
	facts_make_tls13_exchange(f, 4, (const uint16_t[]){ 900, 281, 53, 19, 0 }, (const uint16_t[]){ 19, 0 });
	facts_make_close(f, SIDE_CLIENT, false, 64, 0.06);
	facts_make_close(f, SIDE_SERVER, false, 63, 0.07);
	facts_derive(f, &d);
	assert_true(d.tls13.client_sent_cert);
	assert_false(d.tls13.server_aborted);
	free(f);

	/* The client closed before the server reacted at all: it ended the connection. */
	f = attempt();
	tls13(f);
	facts_make_tls13_exchange(f, 4, (const uint16_t[]){ 900, 281, 53, 0 }, NULL);
	facts_make_close(f, SIDE_CLIENT, false, 64, 0.046);
	facts_make_record(f, SIDE_SERVER, 19);
	facts_make_close(f, SIDE_SERVER, false, 63, 0.07);
	facts_derive(f, &d);
	assert_false(d.tls13.server_aborted);
	free(f);

	/* The client closed only after the server's lone alert-sized record (a server-side
	 * capture of curl): it reacted to the alert. */
	f = attempt();
	tls13(f);
	facts_make_tls13_exchange(f, 4, (const uint16_t[]){ 900, 281, 53, 0 }, (const uint16_t[]){ 19, 0 });
	facts_make_close(f, SIDE_CLIENT, false, 64, 0.06);
	facts_make_close(f, SIDE_SERVER, false, 63, 0.07);
	facts_derive(f, &d);
	assert_true(d.tls13.server_aborted);
	free(f);

	/* A request behind the flight, then the client's close_notify and FIN, all before the
	 * server's alert (openssl s_client seen from the server): a server that accepted would
	 * have answered the request. */
	f = attempt();
	tls13(f);
	facts_make_tls13_exchange(f, 4, (const uint16_t[]){ 900, 281, 53, 58, 19, 0 }, NULL);
	facts_make_close(f, SIDE_CLIENT, false, 64, 0.0495);
	facts_make_record(f, SIDE_SERVER, 19);
	facts_make_close(f, SIDE_SERVER, false, 63, 0.07);
	facts_derive(f, &d);
	assert_true(d.tls13.server_aborted);
	free(f);

	/* Not TLS 1.3: the shape is read but means nothing. */
	f = attempt();
	facts_make_record(f, SIDE_CLIENT, 19);
	facts_derive(f, &d);
	assert_false(d.tls13.after_server_hello);
	assert_false(d.tls13.server_aborted);
	assert_int_equal(d.tls13.client_first_len, 19);
	free(f);
}

static void test_tls12_finished_refused(void **state)
{
	(void)state;
	struct facts_derived d;
	struct facts *f = attempt();
	f->server_hello_seen = true;
	f->version = TLS_VERSION_TLS12;
	f->ccs_seen[SIDE_CLIENT] = true;
	facts_derive(f, &d);
	assert_false(d.tls12_finished_refused); /* nothing yet from the server */
	facts_make_alert(f, SIDE_SERVER, 0, 0, 0.05);
	f->alerts[0].encrypted = true;
	facts_derive(f, &d);
	assert_true(d.tls12_finished_refused);
	assert_ptr_equal(d.server_encrypted_alert, &f->alerts[0]);
	f->ccs_seen[SIDE_SERVER] = true;
	facts_derive(f, &d);
	assert_false(d.tls12_finished_refused);
	free(f);
}

static void test_client_offer(void **state)
{
	(void)state;
	struct facts_derived d;
	struct facts *f = attempt();
	f->ch.legacy_version = TLS_VERSION_TLS12;
	f->ch.has_supported_versions = true;
	f->ch.versions[0] = 0x0a0a; /* GREASE */
	f->ch.versions[1] = 0x7f17; /* draft 23 */
	f->ch.versions[2] = TLS_VERSION_TLS12;
	f->ch.n_versions = 3;
	facts_derive(f, &d);
	assert_int_equal(d.client_max_version, 0x7f17);
	f->ch.versions[f->ch.n_versions++] = TLS_VERSION_TLS13;
	facts_derive(f, &d);
	assert_int_equal(d.client_max_version, TLS_VERSION_TLS13);
	f->ch.has_supported_versions = false;
	facts_derive(f, &d);
	assert_int_equal(d.client_max_version, TLS_VERSION_TLS12);
	/* An empty Certificate, and SSL 3.0's no_certificate alert instead of one. */
	f->client_cert_seen = true;
	facts_derive(f, &d);
	assert_true(d.client_cert_empty);
	assert_false(d.client_cert_sent);
	f->client_cert_seen = false;
	facts_make_alert(f, SIDE_CLIENT, 1, 41, 0.05);
	facts_derive(f, &d);
	assert_true(d.client_cert_empty);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outcome_known),
		cmocka_unit_test(test_failure_alert),
		cmocka_unit_test(test_closes),
		cmocka_unit_test(test_tls13_server_abort),
		cmocka_unit_test(test_tls12_finished_refused),
		cmocka_unit_test(test_client_offer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
