/*
 * test_ladder.c — unit tests of an attempt's steps (facts_add_step) and of what is made
 * of them (include/ladder.h): repeats folded with their count and bytes, the bound and
 * the places it keeps for the ends, the histories' letters (Zeek's ssl_history for TLS,
 * its conn history for TCP), the ladder's rows, labels, failing step and silence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bounds.h"
#include "classes.h"
#include "facts.h"
#include "ladder.h"
#include "rules.h"
#include "tls_wire.h"

static struct facts *new_facts(void)
{
	struct facts *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->transport = TRANSPORT_TCP;
	return f;
}

static void test_repeats_fold(void **state)
{
	(void)state;
	struct facts *f = new_facts();
	facts_add_step(f, SIDE_CLIENT, STEP_SYN, 0, 0, 0, 0.0);
	facts_add_step(f, SIDE_CLIENT, STEP_SYN, 0, 0, 0, 1.0); /* a retransmitted SYN */
	facts_add_step(f, SIDE_SERVER, STEP_SYNACK, 0, 0, 0, 1.1);
	facts_add_step(f, SIDE_SERVER, STEP_APPDATA, TLS_CT_APPLICATION_DATA, 0, 100, 2.0);
	facts_add_step(f, SIDE_SERVER, STEP_APPDATA, TLS_CT_APPLICATION_DATA, 0, 50, 2.1);
	/* Another alert code is another step. */
	facts_add_step(f, SIDE_SERVER, STEP_ALERT, 40, STEP_FATAL, 2, 2.2);
	facts_add_step(f, SIDE_SERVER, STEP_ALERT, 0, STEP_WARNING, 2, 2.3);
	assert_int_equal(f->n_steps, 5);
	assert_int_equal(f->steps[0].count, 2);
	assert_true(f->steps[0].t == 0.0f);
	assert_int_equal(f->steps[2].count, 2);
	assert_int_equal(f->steps[2].size, 150);
	assert_int_equal(f->steps[3].detail, 40);
	assert_int_equal(f->steps[4].flags, STEP_WARNING);
	free(f);
}

static void test_bound_keeps_the_end(void **state)
{
	(void)state;
	struct facts *f = new_facts();
	/* Alternating sides never fold: the bound is reached. */
	for (int i = 0; i < 100; i++)
		facts_add_step(f, i % 2 ? SIDE_SERVER : SIDE_CLIENT, STEP_RECORD, TLS_CT_APPLICATION_DATA, 0, 30, i);
	assert_int_equal(f->n_steps, BOUND_STEPS - BOUND_STEPS_FOR_END);
	assert_int_equal(f->steps_dropped, 100 - (BOUND_STEPS - BOUND_STEPS_FOR_END));
	/* What ends the attempt still has its places. */
	facts_add_step(f, SIDE_SERVER, STEP_ALERT, 42, STEP_FATAL, 2, 101);
	facts_add_step(f, SIDE_SERVER, STEP_FIN, 0, 0, 0, 102);
	facts_add_step(f, SIDE_CLIENT, STEP_RST, 0, 0, 0, 103);
	assert_int_equal(f->n_steps, BOUND_STEPS - BOUND_STEPS_FOR_END + 3);
	assert_int_equal(f->steps[f->n_steps - 1].kind, STEP_RST);
	for (int i = 0; i < 20; i++)
		facts_add_step(f, i % 2 ? SIDE_SERVER : SIDE_CLIENT, STEP_FIN, 0, 0, 0, 200 + i);
	assert_int_equal(f->n_steps, BOUND_STEPS);
	/* Sizes and counts saturate. */
	struct facts *g = new_facts();
	for (int i = 0; i < 70000; i++)
		facts_add_step(g, SIDE_CLIENT, STEP_RETRANSMIT, 0, 0, SIZE_MAX / 2, i);
	assert_int_equal(g->n_steps, 1);
	assert_int_equal(g->steps[0].count, UINT16_MAX);
	assert_int_equal(g->steps[0].size, UINT32_MAX);
	free(f);
	free(g);
}

/* A full TLS 1.2 handshake as its steps. */
static void tls12_handshake(struct facts *f)
{
	facts_add_step(f, SIDE_CLIENT, STEP_SYN, 0, 0, 0, 0);
	facts_add_step(f, SIDE_SERVER, STEP_SYNACK, 0, 0, 0, 0.01);
	facts_add_step(f, SIDE_CLIENT, STEP_ACK, 0, 0, 0, 0.02);
	facts_add_step(f, SIDE_CLIENT, STEP_MESSAGE, TLS_HS_CLIENT_HELLO, 0, 200, 0.03);
	facts_add_step(f, SIDE_SERVER, STEP_MESSAGE, TLS_HS_SERVER_HELLO, 0, 80, 0.04);
	facts_add_step(f, SIDE_SERVER, STEP_MESSAGE, TLS_HS_CERTIFICATE, 0, 900, 0.04);
	facts_add_step(f, SIDE_SERVER, STEP_MESSAGE, TLS_HS_SERVER_KEY_EXCHANGE, 0, 300, 0.04);
	facts_add_step(f, SIDE_SERVER, STEP_MESSAGE, TLS_HS_SERVER_HELLO_DONE, 0, 0, 0.04);
	facts_add_step(f, SIDE_CLIENT, STEP_MESSAGE, TLS_HS_CLIENT_KEY_EXCHANGE, 0, 33, 0.05);
	facts_add_step(f, SIDE_CLIENT, STEP_CCS, 0, 0, 1, 0.05);
	facts_add_step(f, SIDE_CLIENT, STEP_RECORD, TLS_CT_HANDSHAKE, 0, 40, 0.05);
	facts_add_step(f, SIDE_SERVER, STEP_CCS, 0, 0, 1, 0.06);
	facts_add_step(f, SIDE_SERVER, STEP_RECORD, TLS_CT_HANDSHAKE, 0, 40, 0.06);
	facts_add_step(f, SIDE_CLIENT, STEP_RETRANSMIT, 0, 0, 40, 0.2);
	facts_add_step(f, SIDE_CLIENT, STEP_FIN, 0, 0, 0, 0.3);
	facts_add_step(f, SIDE_SERVER, STEP_FIN, 0, 0, 0, 0.31);
}

static void test_histories(void **state)
{
	(void)state;
	struct facts *f = new_facts();
	tls12_handshake(f);
	char h[LADDER_HISTORY_MAX];
	ladder_history_tls(f, h, sizeof h);
	assert_string_equal(h, "CsxknGIFif");
	ladder_history_tcp(f, h, sizeof h);
	assert_string_equal(h, "ShADdTFf");
	/* A small buffer is cut, never overrun. */
	char small[4];
	ladder_history_tls(f, small, sizeof small);
	assert_string_equal(small, "Csx");
	/* Repeats count: three application data records are three letters. */
	facts_add_step(f, SIDE_SERVER, STEP_APPDATA, TLS_CT_APPLICATION_DATA, 0, 10, 0.4);
	facts_add_step(f, SIDE_SERVER, STEP_APPDATA, TLS_CT_APPLICATION_DATA, 0, 10, 0.4);
	facts_add_step(f, SIDE_SERVER, STEP_APPDATA, TLS_CT_APPLICATION_DATA, 0, 10, 0.4);
	ladder_history_tls(f, h, sizeof h);
	assert_string_equal(h, "CsxknGIFifddd");
	free(f);
	/* QUIC: one letter per run of packets of a kind, the crypto close as C. */
	struct facts *q = new_facts();
	q->transport = TRANSPORT_QUIC;
	facts_add_step(q, SIDE_CLIENT, STEP_QUIC_PACKET, QUIC_KIND_INITIAL, 0, 1200, 0);
	facts_add_step(q, SIDE_CLIENT, STEP_MESSAGE, TLS_HS_CLIENT_HELLO, 0, 300, 0);
	facts_add_step(q, SIDE_SERVER, STEP_QUIC_PACKET, QUIC_KIND_INITIAL, 0, 100, 0.1);
	facts_add_step(q, SIDE_SERVER, STEP_QUIC_PACKET, QUIC_KIND_HANDSHAKE, 0, 900, 0.1);
	facts_add_step(q, SIDE_SERVER, STEP_QUIC_PACKET, QUIC_KIND_HANDSHAKE, 0, 900, 0.1);
	facts_add_step(q, SIDE_CLIENT, STEP_ALERT, 42, STEP_FATAL, 2, 0.2);
	ladder_history_quic(q, h, sizeof h);
	assert_string_equal(h, "IihC");
	ladder_history_tls(q, h, sizeof h);
	assert_string_equal(h, "CL");
	free(q);
}

static struct verdict verdict_of(enum tls_class cls, const char *rule)
{
	struct verdict v;
	memset(&v, 0, sizeof v);
	v.cls = cls;
	v.rule_id = rule;
	return v;
}

static int failing_row(const struct ladder *l)
{
	int at = -1;
	for (unsigned i = 0; i < l->n_rows; i++)
		if (l->rows[i].failing) {
			assert_int_equal(at, -1); /* one at most */
			at = (int)i;
		}
	return at;
}

static void test_ladder_rows(void **state)
{
	(void)state;
	struct facts *f = new_facts();
	/* The server refuses the certificate: its alert is the failing step. */
	facts_add_step(f, SIDE_CLIENT, STEP_SYN, 0, 0, 0, 0);
	facts_add_step(f, SIDE_SERVER, STEP_SYNACK, 0, 0, 0, 0.01);
	facts_add_step(f, SIDE_CLIENT, STEP_MESSAGE, TLS_HS_CLIENT_HELLO, 0, 200, 0.03);
	facts_add_step(f, SIDE_SERVER, STEP_ALERT, 40, STEP_FATAL, 2, 0.04);
	facts_add_step(f, SIDE_SERVER, STEP_FIN, 0, 0, 0, 0.05);
	f->alerts[0] = (struct alert_fact){ .from = SIDE_SERVER, .level = 2, .code = 40, .t = 0.04 };
	f->n_alerts = 1;
	struct verdict v = verdict_of(CLASS_NO_SHARED_CIPHER, "alert.handshake_failure");
	struct ladder l;
	ladder_build(f, &v, &l);
	assert_int_equal(l.n_rows, 5);
	assert_int_equal(failing_row(&l), 3);
	assert_string_equal(l.rows[3].label, "Alert fatal handshake_failure (40)");
	assert_int_equal(l.rows[3].from, SIDE_SERVER);
	assert_string_equal(l.rows[0].label, "SYN");
	/* An ok verdict marks nothing. */
	v = verdict_of(CLASS_OK, "handshake.complete");
	ladder_build(f, &v, &l);
	assert_int_equal(failing_row(&l), -1);
	free(f);

	/* A server that never answers: the silence is the failing row. */
	f = new_facts();
	facts_add_step(f, SIDE_CLIENT, STEP_SYN, 0, 0, 0, 0);
	facts_add_step(f, SIDE_SERVER, STEP_SYNACK, 0, 0, 0, 0.01);
	facts_add_step(f, SIDE_CLIENT, STEP_MESSAGE, TLS_HS_CLIENT_HELLO, 0, 200, 0.03);
	f->t_observed = 10.03;
	v = verdict_of(CLASS_NO_SERVER_RESPONSE, "silence.no_server_response");
	ladder_build(f, &v, &l);
	assert_int_equal(l.n_rows, 4);
	assert_int_equal(l.rows[3].kind, LADDER_SILENCE);
	assert_int_equal(failing_row(&l), 3);
	assert_string_equal(l.rows[3].label, "no answer for 10.0 s");
	free(f);

	/* Steps past the bound are said where they fell. */
	f = new_facts();
	for (int i = 0; i < 60; i++)
		facts_add_step(f, i % 2 ? SIDE_SERVER : SIDE_CLIENT, STEP_APPDATA, TLS_CT_APPLICATION_DATA, 0, 30, i);
	facts_add_step(f, SIDE_SERVER, STEP_RST, 0, 0, 0, 61);
	v = verdict_of(CLASS_SERVER_RESET, "close.server");
	ladder_build(f, &v, &l);
	unsigned dropped = 0;
	for (unsigned i = 0; i < l.n_rows; i++)
		if (l.rows[i].kind == LADDER_DROPPED) {
			dropped++;
			assert_int_equal(i, BOUND_STEPS - BOUND_STEPS_FOR_END);
			assert_int_equal(l.rows[i].count, 60 - (BOUND_STEPS - BOUND_STEPS_FOR_END));
		}
	assert_int_equal(dropped, 1);
	assert_int_equal(l.rows[l.n_rows - 1].kind, LADDER_ARROW);
	assert_string_equal(l.rows[l.n_rows - 1].label, "RST");
	free(f);
}

/* TLS 1.3 records nobody read: labelled by where they fall and their size. */
static void test_tls13_inference(void **state)
{
	(void)state;
	struct facts *f = new_facts();
	f->server_hello_seen = true;
	f->version = TLS_VERSION_TLS13;
	facts_add_step(f, SIDE_CLIENT, STEP_MESSAGE, TLS_HS_CLIENT_HELLO, 0, 300, 0);
	facts_add_step(f, SIDE_SERVER, STEP_MESSAGE, TLS_HS_SERVER_HELLO, 0, 90, 0.1);
	facts_add_step(f, SIDE_SERVER, STEP_CCS, 0, 0, 1, 0.1);
	facts_add_step(f, SIDE_SERVER, STEP_RECORD, TLS_CT_APPLICATION_DATA, 0, 1500, 0.1);
	facts_add_step(f, SIDE_SERVER, STEP_RECORD, TLS_CT_APPLICATION_DATA, 0, 500, 0.1);
	facts_add_step(f, SIDE_CLIENT, STEP_CCS, 0, 0, 1, 0.2);
	facts_add_step(f, SIDE_CLIENT, STEP_RECORD, TLS_CT_APPLICATION_DATA, STEP_ALERT_SIZED, 19, 0.2);
	struct verdict v = verdict_of(CLASS_SERVER_CERT_REJECTED, "tls13.client_abort");
	struct ladder l;
	ladder_build(f, &v, &l);
	assert_int_equal(l.n_rows, 7);
	assert_int_equal(l.rows[6].kind, LADDER_SILENCE);
	assert_string_equal(l.rows[2].label, "ChangeCipherSpec (compatibility)");
	assert_string_equal(l.rows[3].label, "EncryptedExtensions .. Finished");
	assert_true(l.rows[3].inferred);
	assert_non_null(strstr(l.rows[3].note, "2 records"));
	assert_string_equal(l.rows[5].label, "Alert? (encrypted)");
	assert_true(l.rows[5].inferred);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repeats_fold),
		cmocka_unit_test(test_bound_keeps_the_end),
		cmocka_unit_test(test_histories),
		cmocka_unit_test(test_ladder_rows),
		cmocka_unit_test(test_tls13_inference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
