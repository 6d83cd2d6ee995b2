/*
 * decrypt.c — per-connection decryption with key log secrets (decrypt.h).
 *
 * Pipeline position: tls.c (protected records) → here → tls.c (plaintext, parsed as
 * clear text). The secrets come from keylog.c, the record protection from tls_crypto.c.
 */
#include "decrypt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "keylog.h"
#include "tls_crypto.h"
#include "tls_wire.h"

bool decrypt_may_come_later(const struct decrypt_keys *keys, const struct facts *f)
{
	return keys != NULL && keys->refresh != NULL && f->keylog_status == KEYLOG_NO_ENTRY;
}

static void refresh(const struct decrypt_keys *keys)
{
	if (keys->refresh != NULL)
		keys->refresh(keys->refresh_ctx);
}

struct side_keys {
	struct tls_record_cipher *active;  /* protects this side's records now */
	struct tls_record_cipher *next;    /* TLS 1.2: after CCS; TLS 1.3: after Finished */
	bool failed;                       /* a record did not authenticate: stop here */
	uint64_t passed;                   /* protected records gone by without keys */
	bool switched;                     /* next became active: no next any more */
};

struct conn_decrypt {
	bool tls13;
	const struct decrypt_keys *keys;   /* the pipeline's, which outlives the connection */
	/* Live, a client writes its secrets line by line as its handshake goes: the entry
	 * (which never moves) is read again for the secrets that were missing. */
	const struct keylog_entry *entry;
	const struct tls_suite_crypto *suite;
	struct side_keys side[2];
	uint8_t plain[BOUND_RECORD_LENGTH];
};

/* A capture without secrets (a pcapng with no Decryption Secrets Block) counts as none. */
static bool has_secrets(const struct keylog *kl)
{
	return kl != NULL && keylog_count(kl) > 0;
}

const struct keylog_entry *decrypt_keylog_entry(const struct decrypt_keys *keys, const uint8_t random[32])
{
	const struct keylog_entry *e = has_secrets(keys->capture) ? keylog_find(keys->capture, random) : NULL;
	if (e == NULL && keys->beside != NULL)
		e = keylog_find(keys->beside, random);
	if (e == NULL && keys->given != NULL)
		e = keylog_find(keys->given, random);
	return e;
}

static struct tls_record_cipher *cipher_from_secret(const struct tls_suite_crypto *s, const struct keylog_entry *e,
						     enum keylog_secret which)
{
	struct tls_record_keys k;
	if (e->secret_len[which] == 0 || !tls13_traffic_keys(s, e->secret[which], e->secret_len[which], &k))
		return NULL;
	struct tls_record_cipher *rc = tls_record_cipher_new(s, &k, TLS_VERSION_TLS13);
	memset(&k, 0, sizeof k);
	return rc;
}

/* RFC 7366: encrypt_then_mac echoed by the server, for CBC suites. */
static bool server_chose_etm(const struct facts *f)
{
	for (unsigned i = 0; i < f->sh.n_exts && i < BOUND_EXTENSIONS; i++)
		if (f->sh.exts[i] == TLS_EXT_ENCRYPT_THEN_MAC)
			return true;
	return false;
}

const struct keylog_entry *decrypt_connection_entry(struct facts *f, const struct decrypt_keys *keys)
{
	if (keys == NULL || (keys->given == NULL && keys->beside == NULL && !has_secrets(keys->capture)))
		return NULL;
	if (!f->client_hello_seen || !f->server_hello_seen)
		return NULL;
	const struct keylog_entry *e = decrypt_keylog_entry(keys, f->ch.random);
	if (e == NULL && keys->refresh != NULL) {
		refresh(keys);
		e = decrypt_keylog_entry(keys, f->ch.random);
	}
	if (e == NULL) {
		f->keylog_status = KEYLOG_NO_ENTRY;
		return NULL;
	}
	/* -w writes them beside the attempt's packets (a Decryption Secrets Block): a
	 * copy, since the key log may go before the attempt is written. */
	if (f->secrets == NULL && (f->secrets = malloc(sizeof *f->secrets)) != NULL)
		memcpy(f->secrets, e, sizeof *e); // reader-lint: secrets parsed by keylog.c
	return e;
}

struct conn_decrypt *decrypt_start(struct facts *f, bool tls13, const struct decrypt_keys *keys)
{
	const struct keylog_entry *e = decrypt_connection_entry(f, keys);
	if (e == NULL)
		return NULL;
	const struct tls_suite_crypto *s = tls_suite_crypto_find(f->sh.cipher);
	if (s == NULL || s->tls13 != tls13) {
		f->keylog_status = KEYLOG_SUITE_UNSUPPORTED;
		return NULL;
	}
	struct conn_decrypt *d = calloc(1, sizeof *d);
	if (d == NULL)
		return NULL;
	d->tls13 = tls13;
	d->keys = keys;
	d->entry = e;
	d->suite = s;
	if (tls13) {
		d->side[SIDE_CLIENT].active = cipher_from_secret(s, e, KEYLOG_CLIENT_HANDSHAKE);
		d->side[SIDE_SERVER].active = cipher_from_secret(s, e, KEYLOG_SERVER_HANDSHAKE);
		d->side[SIDE_CLIENT].next = cipher_from_secret(s, e, KEYLOG_CLIENT_TRAFFIC_0);
		d->side[SIDE_SERVER].next = cipher_from_secret(s, e, KEYLOG_SERVER_TRAFFIC_0);
	} else if (e->secret_len[KEYLOG_CLIENT_RANDOM] == TLS_CRYPTO_MASTER_SECRET_LEN) {
		struct tls_record_keys kc, ks;
		if (tls_key_block(s, f->version, e->secret[KEYLOG_CLIENT_RANDOM], f->ch.random, f->sh.random, &kc, &ks)) {
			d->side[SIDE_CLIENT].next = tls_record_cipher_new(s, &kc, f->version);
			d->side[SIDE_SERVER].next = tls_record_cipher_new(s, &ks, f->version);
			/* tls_record_cipher_set_etm applies it to CBC suites alone (RFC 7366 3). */
			bool etm = server_chose_etm(f);
			for (int i = 0; i < 2; i++)
				if (d->side[i].next != NULL)
					tls_record_cipher_set_etm(d->side[i].next, etm);
		}
		memset(&kc, 0, sizeof kc);
		memset(&ks, 0, sizeof ks);
	}
	bool any = false;
	for (int i = 0; i < 2; i++)
		any |= d->side[i].active != NULL || d->side[i].next != NULL;
	if (!any && !tls_suite_cipher_available(s)) {
		/* RC4, SEED, DES without OpenSSL's legacy provider, or a build without the
		 * cipher: the report says which, rather than blaming the log. */
		f->keylog_status = KEYLOG_CIPHER_UNAVAILABLE;
		f->keylog_cipher_legacy = tls_suite_needs_legacy(s);
		decrypt_free(d);
		return NULL;
	}
	if (!any) {
		f->keylog_status = KEYLOG_NO_SECRET;
		decrypt_free(d);
		return NULL;
	}
	/* Started late (the key log's line came after the ServerHello): the protected
	 * records that went by count in the sequence numbers. */
	for (int i = 0; i < 2; i++) {
		struct side_keys *k = &d->side[i];
		if (!tls13 && f->ccs_seen[i]) {
			tls_record_cipher_free(k->active);
			k->active = k->next;
			k->next = NULL;
		}
		if (k->active != NULL && f->enc_records[i] > 0)
			tls_record_cipher_skip(k->active, f->enc_records[i]);
	}
	f->keylog_status = KEYLOG_MATCHED;
	return d;
}

enum decrypt_result decrypt_record(struct conn_decrypt *d, struct facts *f, enum side from, const uint8_t hdr[5],
				   const uint8_t *body, size_t len, const uint8_t **plain, size_t *plain_len,
				   uint8_t *type)
{
	struct side_keys *k = &d->side[from];
	if (k->failed)
		return DECRYPT_NOT_KEYED;
	if (d->tls13 && (k->active == NULL || (k->next == NULL && !k->switched)) && d->keys->refresh != NULL) {
		/* Secrets still missing: the client may have written them since. */
		refresh(d->keys);
		if (k->active == NULL) {
			/* Before this side's Finished the handshake keys; after it (the
			 * application secret was not logged yet then) the application keys. */
			enum keylog_secret which = from == SIDE_CLIENT ? (k->switched ? KEYLOG_CLIENT_TRAFFIC_0 : KEYLOG_CLIENT_HANDSHAKE)
								       : (k->switched ? KEYLOG_SERVER_TRAFFIC_0 : KEYLOG_SERVER_HANDSHAKE);
			k->active = cipher_from_secret(d->suite, d->entry, which);
			if (k->active != NULL && k->passed > 0)
				tls_record_cipher_skip(k->active, k->passed);
		}
		if (k->next == NULL && !k->switched)
			k->next = cipher_from_secret(d->suite, d->entry,
						     from == SIDE_CLIENT ? KEYLOG_CLIENT_TRAFFIC_0 : KEYLOG_SERVER_TRAFFIC_0);
	}
	if (k->active == NULL) {
		k->passed++;
		return DECRYPT_NOT_KEYED;
	}
	const char *why = NULL;
	bool opened = tls_record_open(k->active, hdr, body, len, d->plain, sizeof d->plain, plain_len, type, &why);
	if (!opened && d->tls13 && k->next != NULL) {
		/* TLS 1.3: this side's Finished went by unseen (keys found late, a lost
		 * segment): its records may already use the application keys. */
		const char *why_next = NULL;
		if (tls_record_open(k->next, hdr, body, len, d->plain, sizeof d->plain, plain_len, type, &why_next)) {
			opened = true;
			tls_record_cipher_free(k->active);
			k->active = k->next;
			k->next = NULL;
			k->switched = true;
		}
	}
	if (!opened) {
		k->failed = true;
		f->decrypt_failed[from] = true;
		snprintf(f->decrypt_failed_why[from], sizeof f->decrypt_failed_why[from], "record %llu: %s",
			 (unsigned long long)tls_record_seq(k->active), why != NULL ? why : "did not decrypt");
		return DECRYPT_FAILED;
	}
	*plain = d->plain;
	f->decrypted = true;
	f->decrypted_records[from]++;
	return DECRYPT_OK;
}

static void switch_keys(struct side_keys *k)
{
	tls_record_cipher_free(k->active);
	k->active = k->next;
	k->next = NULL;
	k->switched = true;
	k->passed = 0; /* the next keys count their records from 0 */
}

void decrypt_change_cipher_spec(struct conn_decrypt *d, enum side from)
{
	if (!d->tls13)
		switch_keys(&d->side[from]);
}

void decrypt_finished(struct conn_decrypt *d, enum side from)
{
	if (d->tls13)
		switch_keys(&d->side[from]);
}

size_t decrypt_memory(const struct conn_decrypt *d)
{
	/* Cipher contexts are small next to the plaintext buffer; counted at a page each. */
	return d != NULL ? sizeof *d + (size_t)4 * 4096 : 0;
}

void decrypt_free(struct conn_decrypt *d)
{
	if (d == NULL)
		return;
	for (int i = 0; i < 2; i++) {
		tls_record_cipher_free(d->side[i].active);
		tls_record_cipher_free(d->side[i].next);
	}
	free(d);
}
