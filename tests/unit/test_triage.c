/*
 * test_triage.c — the batch view: summary keys made from wire strings (triage_key),
 * version ranks, counts, a view that does not depend on the order rows arrive in, and
 * the two ways to a row — from an attempt's facts during a run, and from its JSON record
 * through summarize_file — giving the same view.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "facts.h"
#include "facts_make.h"
#include "report.h"
#include "rules.h"
#include "summarize.h"
#include "tls_parse.h"
#include "triage.h"

/* ---- helpers ---- */

/* triage_key over a C string literal that may hold NULs: n is given explicitly. */
static void key_of(const char *s, size_t n, char *out, size_t out_len)
{
	triage_key(s, n, out, out_len);
}

static char *text_of(const struct triage *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	triage_print_text(t, fp);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static char *json_of(const struct triage *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	triage_print_json(t, fp);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

/* The summary line parsed back (the caller decrefs). */
static json_t *summary_of(const struct triage *t)
{
	char *s = json_of(t);
	json_error_t err;
	json_t *j = json_loads(s, 0, &err);
	if (j == NULL)
		print_error("summary is not JSON (%s): %s\n", err.text, s);
	free(s);
	assert_non_null(j);
	return j;
}

static long long int_at(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

/* A temporary file path, created empty (the caller unlinks and frees). */
static char *temp_path(void)
{
	char *path = strdup("/tmp/test_triage.XXXXXX");
	assert_non_null(path);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	return path;
}

static void write_file(const char *path, const char *content)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(content, fp);
	assert_int_equal(fclose(fp), 0);
}

/* ---- triage_key ---- */

static void test_key_keeps_printable_ascii(void **state)
{
	(void)state;
	char out[64];
	const char *s = "www.example.test ~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}";
	key_of(s, strlen(s), out, sizeof out);
	assert_string_equal(out, s);
}

static void test_key_only_reads_n_bytes(void **state)
{
	(void)state;
	char out[16];
	key_of("abcdef", 3, out, sizeof out);
	assert_string_equal(out, "abc");
	key_of("abc", 0, out, sizeof out);
	assert_string_equal(out, "");
}

static void test_key_control_chars_become_question_marks(void **state)
{
	(void)state;
	char out[32];
	/* NUL inside the name (SNI bytes may hold anything), TAB, LF, ESC, DEL. */
	key_of("a\0b\tc\nd\x1b" "e\x7f", 10, out, sizeof out);
	assert_string_equal(out, "a?b?c?d?e?");
}

static void test_key_invalid_byte_becomes_its_code_point(void **state)
{
	(void)state;
	char out[32];
	/* A JSON reader of the record gets U+00FF for the escaped byte 0xff: C3 BF. */
	key_of("a\xff" "b", 3, out, sizeof out);
	assert_string_equal(out, "a\xc3\xbf" "b");
	/* The lowest byte that is not UTF-8 on its own: 0x80 → U+0080 (C2 80). */
	key_of("\x80", 1, out, sizeof out);
	assert_string_equal(out, "\xc2\x80");
	/* A lead byte with no continuation: 0xc3 then ASCII. */
	key_of("\xc3" "A", 2, out, sizeof out);
	assert_string_equal(out, "\xc3\x83" "A");
	/* A lead byte cut by the end of the input. */
	key_of("x\xe2\x82", 3, out, sizeof out);
	assert_string_equal(out, "x\xc3\xa2\xc2\x82");
}

static void test_key_keeps_valid_multibyte_utf8(void **state)
{
	(void)state;
	char out[64];
	/* U+00E9, U+20AC, U+1F600, U+10FFFF: 2, 3, 4 and the highest 4-byte sequence. */
	const char *s = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf";
	key_of(s, strlen(s), out, sizeof out);
	assert_string_equal(out, s);
}

static void test_key_surrogate_is_invalid_bytes(void **state)
{
	(void)state;
	char out[32];
	/* ED A0 80 would be U+D800, a UTF-16 surrogate: three invalid bytes. */
	key_of("\xed\xa0\x80", 3, out, sizeof out);
	assert_string_equal(out, "\xc3\xad\xc2\xa0\xc2\x80");
}

static void test_key_overlong_is_invalid_bytes(void **state)
{
	(void)state;
	char out[32];
	/* C0 AF: an overlong '/', the classic path-traversal trick. */
	key_of("\xc0\xaf", 2, out, sizeof out);
	assert_string_equal(out, "\xc3\x80\xc2\xaf");
	/* E0 80 AF: the same '/' in three bytes. */
	key_of("\xe0\x80\xaf", 3, out, sizeof out);
	assert_string_equal(out, "\xc3\xa0\xc2\x80\xc2\xaf");
	/* F4 90 80 80: past U+10FFFF. */
	key_of("\xf4\x90\x80\x80", 4, out, sizeof out);
	assert_string_equal(out, "\xc3\xb4\xc2\x90\xc2\x80\xc2\x80");
}

/* Writes through a buffer with a guard zone behind out_len: nothing past it changes. */
static void key_bounded(const char *s, size_t n, size_t out_len, const char *expect)
{
	char buf[64];
	assert_true(out_len + 8 <= sizeof buf);
	memset(buf, 'Z', sizeof buf);
	triage_key(s, n, buf, out_len);
	for (size_t i = out_len; i < sizeof buf; i++)
		assert_int_equal(buf[i], 'Z');
	if (out_len == 0)
		return;
	assert_non_null(memchr(buf, '\0', out_len));
	assert_string_equal(buf, expect);
}

static void test_key_truncates_within_out_len(void **state)
{
	(void)state;
	key_bounded("abcdef", 6, 0, NULL);
	key_bounded("abcdef", 6, 1, "");
	key_bounded("abcdef", 6, 4, "abc");
	key_bounded("abcdef", 6, 7, "abcdef");
	/* An escaped byte takes two: it is left out whole rather than cut. */
	key_bounded("ab\xff", 3, 4, "ab");
	key_bounded("ab\xff", 3, 5, "ab\xc3\xbf");
	/* A valid sequence is not cut either. */
	key_bounded("a\xe2\x82\xac", 4, 4, "a");
	key_bounded("a\xe2\x82\xac", 4, 5, "a\xe2\x82\xac");
	key_bounded("\xf0\x9f\x98\x80", 4, 4, "");
	/* A control character becomes one byte. */
	key_bounded("a\x01", 2, 2, "a");
	key_bounded("a\x01", 2, 3, "a?");
	/* Nothing follows an element that did not fit, even one that would. */
	key_bounded("\xff" "a", 2, 2, "");
}

static void test_key_long_invalid_input_fills_buffer_exactly(void **state)
{
	(void)state;
	/* 40 bytes of 0xff into 16: seven escapes (14 bytes) and the NUL. */
	char in[40];
	memset(in, 0xff, sizeof in);
	char expect[16] = "";
	for (int i = 0; i < 7; i++)
		strcat(expect, "\xc3\xbf");
	key_bounded(in, sizeof in, 16, expect);
}

/* ---- triage_version_rank ---- */

static void test_version_rank_orders_versions(void **state)
{
	(void)state;
	const char *order[] = { "SSL2", "SSL3", "TLS1.0", "TLS1.1", "TLS1.2", "TLS1.3" };
	for (size_t i = 0; i < 6; i++) {
		assert_true(triage_version_rank(order[i]) > 0);
		if (i > 0)
			assert_true(triage_version_rank(order[i - 1]) < triage_version_rank(order[i]));
	}
}

static void test_version_rank_unknown_is_zero(void **state)
{
	(void)state;
	assert_int_equal(triage_version_rank(""), 0);
	assert_int_equal(triage_version_rank("TLS1.4"), 0);
	assert_int_equal(triage_version_rank("tls1.2"), 0);
	assert_int_equal(triage_version_rank("TLS1.2 "), 0);
	assert_int_equal(triage_version_rank("0x7f1c"), 0);
}

/* ---- rows by hand ---- */

static const enum tls_class mix_classes[] = {
	CLASS_OK, CLASS_VERSION_MISMATCH, CLASS_OK, CLASS_UNKNOWN_SNI, CLASS_INCOMPLETE, CLASS_CLIENT_CERT_MISSING,
	CLASS_OK, CLASS_VERSION_MISMATCH, CLASS_SERVER_RESET, CLASS_OK, CLASS_NO_SHARED_CIPHER, CLASS_VERSION_MISMATCH,
};

/* Row i of a varied set: servers, clients, names, files and classes repeat with
 * different periods, so that many keys tie on their counts. */
static void mixed_row(struct triage_row *r, unsigned i)
{
	static const char *const versions[] = { "TLS1.2", "TLS1.3", "TLS1.0" };
	static const char *const ciphers[] = { "TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" };
	memset(r, 0, sizeof *r);
	snprintf(r->file_buf, sizeof r->file_buf, "caps/f%u.pcap", i % 4);
	r->file = r->file_buf;
	r->ts_us = 1700000000000000ll + (int64_t)((i * 7919u) % 100) * 1000003ll;
	snprintf(r->client, sizeof r->client, "10.0.0.%u", i % 5);
	snprintf(r->server, sizeof r->server, "198.18.1.%u:443", i % 3);
	r->has_sni = i % 6 != 5;
	if (r->has_sni)
		snprintf(r->sni, sizeof r->sni, "h%u.example", i % 4);
	r->cls = mix_classes[i % (sizeof mix_classes / sizeof mix_classes[0])];
	snprintf(r->max_offered, sizeof r->max_offered, "%s", i % 3 == 0 ? "TLS1.0" : "TLS1.3");
	if (r->cls == CLASS_OK) {
		snprintf(r->version, sizeof r->version, "%s", versions[i % 3]);
		snprintf(r->cipher, sizeof r->cipher, "%s", ciphers[i % 2]);
		snprintf(r->group, sizeof r->group, "%s", i % 2 ? "x25519" : "secp256r1");
		if (i % 3 == 1)
			snprintf(r->alpn, sizeof r->alpn, "%s", "h2");
	}
	if (i % 4 == 1) {
		r->cert_requested = true;
		r->n_ca_names = 2;
		snprintf(r->ca_names[0], BOUND_DN, "CN=Root %u", i % 2);
		snprintf(r->ca_names[1], BOUND_DN, "CN=Caf\xc3\xa9 CA");
	}
	snprintf(r->ja4, sizeof r->ja4, "t13d%02u10h2_000000000000_000000000000", i % 3);
}

#define N_MIXED 24 /* coprime with 7: i * 7 % N_MIXED is a permutation */

static struct triage *mixed_triage(unsigned (*order)(unsigned))
{
	struct triage *t = triage_new();
	assert_non_null(t);
	for (unsigned k = 0; k < N_MIXED; k++) {
		struct triage_row r;
		mixed_row(&r, order(k));
		triage_add(t, &r);
	}
	/* The same files read, in the same order as the rows. */
	for (unsigned k = 0; k < N_MIXED; k++) {
		char name[32];
		snprintf(name, sizeof name, "caps/f%u.pcap", order(k) % 5);
		triage_file_read(t, name);
	}
	return t;
}

static unsigned forward(unsigned k) { return k; }
static unsigned backward(unsigned k) { return N_MIXED - 1 - k; }
static unsigned strided(unsigned k) { return (k * 7) % N_MIXED; }

static void test_view_does_not_depend_on_row_order(void **state)
{
	(void)state;
	struct triage *t[3] = { mixed_triage(forward), mixed_triage(backward), mixed_triage(strided) };
	char *text0 = text_of(t[0]), *json0 = json_of(t[0]);
	/* The set covers every part of the text view. */
	assert_non_null(strstr(text0, "== where the failures are"));
	assert_non_null(strstr(text0, "== captures with failures"));
	assert_non_null(strstr(text0, "== servers with failures"));
	assert_non_null(strstr(text0, "CA names:"));
	for (int k = 1; k < 3; k++) {
		char *text = text_of(t[k]), *json = json_of(t[k]);
		assert_string_equal(text, text0);
		assert_string_equal(json, json0);
		free(text);
		free(json);
	}
	free(text0);
	free(json0);
	for (int k = 0; k < 3; k++)
		triage_free(t[k]);
}

/* ---- counts ---- */

static void add_class(struct triage *t, enum tls_class c, unsigned i)
{
	struct triage_row r;
	mixed_row(&r, i);
	r.cls = c;
	triage_add(t, &r);
}

static void test_counts_by_class(void **state)
{
	(void)state;
	struct triage *t = triage_new();
	assert_non_null(t);
	add_class(t, CLASS_OK, 0);
	add_class(t, CLASS_OK, 1);
	add_class(t, CLASS_OK, 2);
	add_class(t, CLASS_VERSION_MISMATCH, 3);
	add_class(t, CLASS_VERSION_MISMATCH, 4);
	add_class(t, CLASS_UNKNOWN_SNI, 5);
	add_class(t, CLASS_INCOMPLETE, 6);
	add_class(t, CLASS_INCOMPLETE, 7);
	assert_int_equal(triage_attempts(t), 8);
	/* Incomplete attempts are neither ok nor failed. */
	assert_int_equal(triage_failed(t), 3);

	json_t *j = summary_of(t);
	assert_string_equal(json_string_value(json_object_get(j, "type")), "summary");
	assert_int_equal(int_at(j, "attempts"), 8);
	assert_int_equal(int_at(j, "ok"), 3);
	assert_int_equal(int_at(j, "failed"), 3);
	assert_int_equal(int_at(j, "incomplete"), 2);
	json_t *by = json_object_get(j, "by_class");
	assert_true(json_is_object(by));
	assert_int_equal(json_object_size(by), 4);
	assert_int_equal(int_at(by, "ok"), 3);
	assert_int_equal(int_at(by, "version_mismatch"), 2);
	assert_int_equal(int_at(by, "unknown_sni"), 1);
	assert_int_equal(int_at(by, "incomplete"), 2);
	/* One "classes" entry per failed class, none for ok or incomplete. */
	json_t *classes = json_object_get(j, "classes");
	assert_true(json_is_array(classes));
	assert_int_equal(json_array_size(classes), 2);
	json_decref(j);

	char *text = text_of(t);
	assert_non_null(strstr(text, "== 8 attempt(s): 3 ok, 3 failed, 2 incomplete"));
	free(text);
	triage_free(t);
}

static void test_class_out_of_range_counts_as_unknown_failure(void **state)
{
	(void)state;
	struct triage *t = triage_new();
	assert_non_null(t);
	add_class(t, (enum tls_class)(CLASS__COUNT + 3), 0);
	assert_int_equal(triage_attempts(t), 1);
	assert_int_equal(triage_failed(t), 1);
	json_t *j = summary_of(t);
	assert_int_equal(int_at(json_object_get(j, "by_class"), "unknown_failure"), 1);
	json_decref(j);
	triage_free(t);
}

static void test_file_counters(void **state)
{
	(void)state;
	struct triage *t = triage_new();
	assert_non_null(t);
	triage_file_read(t, "a.pcap");
	triage_file_read(t, "b.pcap");
	triage_file_read(t, "bundle.zip:c.pcap");
	triage_file_error(t, "broken.pcap.gz");
	triage_file_skipped(t, "notes.txt");
	triage_file_skipped(t, "README");
	json_t *j = summary_of(t);
	json_t *files = json_object_get(j, "files");
	assert_true(json_is_object(files));
	assert_int_equal(int_at(files, "read"), 3);
	assert_int_equal(int_at(files, "unreadable"), 1);
	assert_int_equal(int_at(files, "not_captures"), 2);
	assert_int_equal(json_array_size(json_object_get(files, "with_failures")), 0);
	json_decref(j);
	char *text = text_of(t);
	assert_non_null(strstr(text, "3 capture(s) read, 1 unreadable, 2 file(s) skipped (not captures)"));
	free(text);
	triage_free(t);
}

static void test_empty_view(void **state)
{
	(void)state;
	struct triage *t = triage_new();
	assert_non_null(t);
	assert_int_equal(triage_attempts(t), 0);
	assert_int_equal(triage_failed(t), 0);
	json_t *j = summary_of(t);
	assert_int_equal(int_at(j, "attempts"), 0);
	json_t *span = json_object_get(j, "span");
	assert_true(json_is_null(json_object_get(span, "first")));
	assert_true(json_is_null(json_object_get(span, "last")));
	assert_int_equal(json_array_size(json_object_get(j, "servers")), 0);
	json_decref(j);
	char *text = text_of(t);
	assert_string_equal(text, "== 0 attempt(s): 0 ok, 0 failed, 0 incomplete\n");
	free(text);
	triage_free(t);
	triage_free(NULL);
}

static void test_wire_keys_escaped_in_text_and_kept_in_json(void **state)
{
	(void)state;
	struct triage *t = triage_new();
	assert_non_null(t);
	/* Two failures of a class against one server, so the "where" section lists the name. */
	for (unsigned i = 0; i < 2; i++) {
		struct triage_row r;
		mixed_row(&r, 0);
		r.cls = CLASS_UNKNOWN_SNI;
		r.has_sni = true;
		triage_key("b\xff\x1b[2J", 6, r.sni, sizeof r.sni);
		triage_add(t, &r);
	}
	char *text = text_of(t);
	/* Terminal escapes never reach the text: ESC became '?', the code point is \x-escaped. */
	assert_null(strchr(text, '\x1b'));
	assert_non_null(strstr(text, "b\\xc3\\xbf?[2J (2)"));
	free(text);
	json_t *j = summary_of(t);
	json_t *cls = json_array_get(json_object_get(j, "classes"), 0);
	json_t *sni = json_array_get(json_object_get(cls, "snis"), 0);
	assert_string_equal(json_string_value(json_object_get(sni, "sni")), "b\xc3\xbf?[2J");
	json_decref(j);
	triage_free(t);
}

/* ---- the same row from facts and from the JSON record ---- */

static struct facts *hello(uint8_t client_last, uint16_t client_port, const char *sni, size_t sni_len)
{
	struct facts *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->client.family = f->server.family = 4;
	f->client.addr[0] = 198; f->client.addr[1] = 18; f->client.addr[3] = client_last;
	f->server.addr[0] = 198; f->server.addr[1] = 18; f->server.addr[2] = 1; f->server.addr[3] = 2;
	f->client.port = client_port;
	f->server.port = 443;
	f->t_first = 1763784753.250125 + client_port * 0.5;
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
	f->ch.versions[0] = 0x0a0a; /* GREASE: not an offered version */
	f->ch.versions[1] = TLS_VERSION_TLS13;
	f->ch.versions[2] = TLS_VERSION_TLS12;
	f->ch.n_versions = 3;
	f->ch.ciphers[0] = 0x1301;
	f->ch.ciphers[1] = 0xc02f;
	f->ch.n_ciphers = f->ch.n_ciphers_total = 2;
	f->ch.exts[0] = 0x0000;
	f->ch.exts[1] = 0x002b;
	f->ch.n_exts = f->ch.n_exts_total = 2;
	if (sni != NULL) {
		f->ch.has_sni = true;
		memcpy(f->ch.sni, sni, sni_len);
		f->ch.sni_len = (uint16_t)sni_len;
	}
	f->ch.n_alpn = 1;
	memcpy(f->ch.alpn[0], "h2", 2);
	f->ch.alpn_len[0] = 2;
	f->stage = STAGE_CLIENT_HELLO;
	f->t_last = 0.05;
	return f;
}

static void tls12_server_hello(struct facts *f)
{
	f->server_hello_seen = true;
	f->tls_seen[SIDE_SERVER] = true;
	f->t_server_hello = 0.031;
	f->version = f->sh.selected_version = TLS_VERSION_TLS12;
	f->sh.cipher = 0xc02f;
	f->sh.key_share_group = 0x001d; /* x25519 */
	f->payload_bytes[SIDE_SERVER] = 2000;
	f->stage = STAGE_SERVER_HELLO;
}

/* A CertificateRequest naming two CAs, one with a Latin-1 byte and one with a control
 * character (facts hold the names as the certificate stage copied them). */
static void cert_request(struct facts *f)
{
	f->server_cert_seen = true;
	f->cert_request_seen = true;
	f->ca_names = calloc(BOUND_CA_NAMES, sizeof *f->ca_names);
	assert_non_null(f->ca_names);
	snprintf(f->ca_names[0], BOUND_DN, "CN=Caf\xe9 Root CA,O=Example");
	snprintf(f->ca_names[1], BOUND_DN, "CN=Ops\x01" "CA");
	f->n_ca_names = f->n_ca_names_total = 2;
}

/* A TLS 1.2 handshake with ALPN h2 and a client certificate request, completed. */
static struct facts *ok_attempt(void)
{
	struct facts *f = hello(2, 40000, "a.example", 9);
	tls12_server_hello(f);
	f->sh.has_alpn = true;
	memcpy(f->sh.alpn, "h2", 2);
	f->sh.alpn_len = 2;
	cert_request(f);
	f->server_hello_done_seen = true;
	f->client_cert_seen = true;
	f->n_client_certs = 1;
	f->client_kex_seen = true;
	f->ccs_seen[0] = f->ccs_seen[1] = true;
	f->finished_seen[0] = f->finished_seen[1] = true;
	f->stage = STAGE_SERVER_CCS;
	return f;
}

/* The server asked for a certificate, got an empty one and refused; the SNI holds an
 * invalid UTF-8 byte and a control character. */
static struct facts *cert_missing_attempt(uint16_t port)
{
	struct facts *f = hello(3, port, "b\xff\x01.example", 11);
	tls12_server_hello(f);
	cert_request(f);
	f->server_hello_done_seen = true;
	f->client_cert_seen = true;
	f->n_client_certs = 0;
	f->client_kex_seen = true;
	f->ccs_seen[SIDE_CLIENT] = f->finished_seen[SIDE_CLIENT] = true;
	f->stage = STAGE_CLIENT_CCS;
	struct alert_fact *a = &f->alerts[f->n_alerts++];
	a->from = SIDE_SERVER;
	a->level = 2;
	a->code = 40;
	a->stage = f->stage;
	a->t = 0.032;
	return f;
}

/* A server reset right after a ClientHello without SNI, to another server (missing_sni). */
static struct facts *reset_attempt(void)
{
	struct facts *f = hello(4, 40100, NULL, 0);
	f->server.addr[3] = 9;
	f->server.port = 8443;
	facts_make_close(f, SIDE_SERVER, true, 63, 0.045);
	return f;
}

/* The same attempt between IPv6 endpoints 2001:db8::N. */
static struct facts *over_ipv6(struct facts *f, uint8_t client_last)
{
	f->client.family = f->server.family = 6;
	memset(f->client.addr, 0, sizeof f->client.addr);
	memset(f->server.addr, 0, sizeof f->server.addr);
	memcpy(f->client.addr, "\x20\x01\x0d\xb8", 4);
	memcpy(f->server.addr, "\x20\x01\x0d\xb8", 4);
	f->client.addr[15] = client_last;
	f->server.addr[15] = 0x99;
	return f;
}

static void test_row_from_facts_equals_row_from_record(void **state)
{
	(void)state;
	struct facts *attempts[] = { ok_attempt(), cert_missing_attempt(40001), cert_missing_attempt(40002),
				     reset_attempt(), over_ipv6(reset_attempt(), 1), over_ipv6(reset_attempt(), 2) };
	const enum tls_class expect[] = { CLASS_OK, CLASS_CLIENT_CERT_MISSING, CLASS_CLIENT_CERT_MISSING,
					  CLASS_MISSING_SNI, CLASS_MISSING_SNI, CLASS_MISSING_SNI };
	const size_t n = sizeof attempts / sizeof attempts[0];
	/* A file name with a byte that is not UTF-8 goes through the same escaping. */
	const char *file = "caps/site\xe9/x.pcap";

	char *path = temp_path();
	FILE *rec = fopen(path, "w");
	assert_non_null(rec);
	struct report_opts o = { .out = rec, .json = true };
	struct triage *direct = triage_new();
	assert_non_null(direct);
	for (size_t i = 0; i < n; i++) {
		struct verdict v;
		rules_decide(attempts[i], &v);
		assert_int_equal(v.cls, expect[i]);
		struct triage_row r;
		triage_row_from_attempt(&r, file, attempts[i], &v);
		triage_add(direct, &r);
		report_attempt(&o, file, attempts[i], &v);
		facts_release(attempts[i]);
		free(attempts[i]);
	}
	assert_int_equal(fclose(rec), 0);

	struct triage *merged = triage_new();
	assert_non_null(merged);
	struct summarize_counts c = { 0 };
	char err[256] = "";
	assert_true(summarize_file(path, merged, &c, err, sizeof err));
	assert_int_equal(c.records, n);
	assert_int_equal(c.bad_lines, 0);

	char *text_d = text_of(direct), *text_m = text_of(merged);
	char *json_d = json_of(direct), *json_m = json_of(merged);
	assert_string_equal(text_m, text_d);
	assert_string_equal(json_m, json_d);
	/* The rows carried what the view shows: the server's policy and the escaped name. */
	assert_non_null(strstr(text_d, "ECDHE"));
	assert_non_null(strstr(text_d, "x25519"));
	assert_non_null(strstr(text_d, "h2 (1)"));
	assert_non_null(strstr(text_d, "CA names:"));
	assert_non_null(strstr(json_d, "b\xc3\xbf?.example"));
	assert_non_null(strstr(json_d, "CN=Caf\xc3\xa9 Root CA,O=Example"));
	assert_non_null(strstr(json_d, "CN=Ops?CA"));
	assert_non_null(strstr(json_d, "caps/site\xc3\xa9/x.pcap"));
	assert_non_null(strstr(json_d, "\"max_offered_version\":\"TLS1.3\""));
	assert_non_null(strstr(json_d, "\"client\":\"2001:db8::1\""));
	assert_non_null(strstr(json_d, "\"server\":\"[2001:db8::99]:8443\""));

	free(text_d);
	free(text_m);
	free(json_d);
	free(json_m);
	triage_free(direct);
	triage_free(merged);
	unlink(path);
	free(path);
}

/* Live mode has no file: the row has none, and neither has the record. */
static void test_row_without_file(void **state)
{
	(void)state;
	struct facts *f = reset_attempt();
	struct verdict v;
	rules_decide(f, &v);
	struct triage_row r;
	triage_row_from_attempt(&r, NULL, f, &v);
	assert_null(r.file);
	assert_false(r.has_sni);
	assert_string_equal(r.client, "198.18.0.4");
	assert_string_equal(r.server, "198.18.1.9:8443");
	assert_string_equal(r.max_offered, "TLS1.3");
	assert_string_equal(r.version, "");
	assert_string_equal(r.cipher, "");
	facts_release(f);
	free(f);
}

static void test_row_from_ipv6_attempt(void **state)
{
	(void)state;
	struct facts *f = reset_attempt();
	f->client.family = f->server.family = 6;
	memset(f->client.addr, 0, sizeof f->client.addr);
	memset(f->server.addr, 0, sizeof f->server.addr);
	f->client.addr[0] = 0x20; f->client.addr[1] = 0x01; f->client.addr[2] = 0x0d; f->client.addr[3] = 0xb8;
	f->client.addr[15] = 1;
	f->server.addr[0] = 0x20; f->server.addr[1] = 0x01; f->server.addr[2] = 0x0d; f->server.addr[3] = 0xb8;
	f->server.addr[15] = 2;
	struct verdict v;
	rules_decide(f, &v);
	struct triage_row r;
	triage_row_from_attempt(&r, NULL, f, &v);
	/* The client address without brackets or port; the server as "[ip]:port". */
	assert_string_equal(r.client, "2001:db8::1");
	assert_string_equal(r.server, "[2001:db8::2]:8443");
	facts_release(f);
	free(f);
}

/* ---- summarize_file ---- */

static const char good_record[] =
	"{\"type\":\"connection\",\"file\":\"x.pcap\",\"ts\":\"2025-11-22T04:12:33.123456Z\","
	"\"client\":\"198.18.0.2:40000\",\"server\":\"198.18.1.2:443\",\"class\":\"unknown_sni\","
	"\"tls\":{\"sni\":\"b.example\",\"client_versions\":[\"TLS1.3\",\"TLS1.2\"]}}\n";

static void test_summarize_counts_bad_lines(void **state)
{
	(void)state;
	char *path = temp_path();
	char content[4096];
	snprintf(content, sizeof content,
		 "%s"                                                               /* 1 good */
		 "not json at all\n"                                                /* 2 bad */
		 "\n"                                                               /* 3 blank: skipped */
		 "{\"type\":\"connection\",\"class\":\"ok\"}\n"                     /* 4 bad: no ts/client/server */
		 "[1,2,3]\n"                                                        /* 5 bad: not an object */
		 "{\"no_type\":1}\n"                                                /* 6 bad */
		 "{\"type\":\"summary\",\"attempts\":99,\"ok\":99}\n"              /* 7 left out */
		 "{\"type\":\"connection\",\"ts\":\"yesterday\",\"client\":\"a\",\"server\":\"b\",\"class\":\"ok\"}\n" /* 8 bad ts */
		 "{\"type\":\"connection\",\"ts\":\"2025-11-22T04:12:33.000000Z\",\"client\":\"a:1\",\"server\":\"b:2\",\"class\":\"bogus\"}\n" /* 9 bad class */
		 "{\"type\":\"file\"}\n"                                            /* 10 bad: no file */
		 "{\"type\":\"file\",\"file\":\"x.pcap\"}\n"                        /* 11 read */
		 "{\"type\":\"error\",\"file\":\"y.pcap\"}\n"                       /* 12 unreadable */
		 "{\"type\":\"error\",\"file\":\"n.txt\",\"not_capture\":true}\n"   /* 13 not a capture */
		 "{\"type\":\"skipped\",\"file\":\"s.txt\"}\n"                      /* 14 not a capture */
		 "{\"type\":\"connection\",\"ts\":\"2025-11-22T04:12:34.000000Z\",\"client\":\"198.18.0.3:1\",\"server\":\"198.18.1.2:443\",\"class\":\"ok\"}", /* 15 good, no newline */
		 good_record);
	write_file(path, content);

	struct triage *t = triage_new();
	assert_non_null(t);
	struct summarize_counts c = { 0 };
	char err[256] = "";
	assert_true(summarize_file(path, t, &c, err, sizeof err));
	assert_int_equal(c.bad_lines, 7);
	assert_int_equal(c.first_bad_line, 2);
	assert_int_equal(c.records, 7);
	/* The summary record is not rows: only the two connection records count. */
	assert_int_equal(triage_attempts(t), 2);
	assert_int_equal(triage_failed(t), 1);
	json_t *j = summary_of(t);
	json_t *files = json_object_get(j, "files");
	assert_int_equal(int_at(files, "read"), 1);
	assert_int_equal(int_at(files, "unreadable"), 1);
	assert_int_equal(int_at(files, "not_captures"), 2);
	json_decref(j);
	triage_free(t);
	unlink(path);
	free(path);
}

static void test_summarize_only_summary_records(void **state)
{
	(void)state;
	char *path = temp_path();
	write_file(path, "{\"type\":\"summary\",\"attempts\":5,\"ok\":5}\n{\"type\":\"summary\",\"attempts\":1}\n");
	struct triage *t = triage_new();
	assert_non_null(t);
	struct summarize_counts c = { 0 };
	char err[256] = "";
	assert_true(summarize_file(path, t, &c, err, sizeof err));
	assert_int_equal(c.bad_lines, 0);
	assert_int_equal(triage_attempts(t), 0);
	triage_free(t);
	unlink(path);
	free(path);
}

static void test_summarize_empty_file(void **state)
{
	(void)state;
	char *path = temp_path();
	struct triage *t = triage_new();
	assert_non_null(t);
	struct summarize_counts c = { 0 };
	char err[256] = "";
	assert_true(summarize_file(path, t, &c, err, sizeof err));
	assert_int_equal(c.records, 0);
	assert_int_equal(c.bad_lines, 0);
	assert_int_equal(c.first_bad_line, 0);
	triage_free(t);
	unlink(path);
	free(path);
}

static void test_summarize_missing_file(void **state)
{
	(void)state;
	struct triage *t = triage_new();
	assert_non_null(t);
	struct summarize_counts c = { 0 };
	char err[256] = "";
	const char *path = "/nonexistent/dir/records.ndjson";
	assert_false(summarize_file(path, t, &c, err, sizeof err));
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "No such file"));
	assert_int_equal(c.records, 0);
	assert_int_equal(triage_attempts(t), 0);
	triage_free(t);
}

/* A record names what it needs; extra keys and types of later versions are tolerated. */
static void test_summarize_tolerates_unknown_types_and_keys(void **state)
{
	(void)state;
	char *path = temp_path();
	write_file(path, "{\"type\":\"stats\",\"x\":1}\n"
			 "{\"type\":\"connection\",\"ts\":\"2025-11-22T04:12:33.000000Z\",\"client\":\"[2001:db8::1]:5\","
			 "\"server\":\"[2001:db8::2]:443\",\"class\":\"ok\",\"new_key\":[1,{\"a\":null}],\"tls\":5}\n");
	struct triage *t = triage_new();
	assert_non_null(t);
	struct summarize_counts c = { 0 };
	char err[256] = "";
	assert_true(summarize_file(path, t, &c, err, sizeof err));
	assert_int_equal(c.bad_lines, 0);
	assert_int_equal(c.records, 2);
	assert_int_equal(triage_attempts(t), 1);
	triage_free(t);
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_keeps_printable_ascii),
		cmocka_unit_test(test_key_only_reads_n_bytes),
		cmocka_unit_test(test_key_control_chars_become_question_marks),
		cmocka_unit_test(test_key_invalid_byte_becomes_its_code_point),
		cmocka_unit_test(test_key_keeps_valid_multibyte_utf8),
		cmocka_unit_test(test_key_surrogate_is_invalid_bytes),
		cmocka_unit_test(test_key_overlong_is_invalid_bytes),
		cmocka_unit_test(test_key_truncates_within_out_len),
		cmocka_unit_test(test_key_long_invalid_input_fills_buffer_exactly),
		cmocka_unit_test(test_version_rank_orders_versions),
		cmocka_unit_test(test_version_rank_unknown_is_zero),
		cmocka_unit_test(test_view_does_not_depend_on_row_order),
		cmocka_unit_test(test_counts_by_class),
		cmocka_unit_test(test_class_out_of_range_counts_as_unknown_failure),
		cmocka_unit_test(test_file_counters),
		cmocka_unit_test(test_empty_view),
		cmocka_unit_test(test_wire_keys_escaped_in_text_and_kept_in_json),
		cmocka_unit_test(test_row_from_facts_equals_row_from_record),
		cmocka_unit_test(test_row_without_file),
		cmocka_unit_test(test_row_from_ipv6_attempt),
		cmocka_unit_test(test_summarize_counts_bad_lines),
		cmocka_unit_test(test_summarize_only_summary_records),
		cmocka_unit_test(test_summarize_empty_file),
		cmocka_unit_test(test_summarize_missing_file),
		cmocka_unit_test(test_summarize_tolerates_unknown_types_and_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
