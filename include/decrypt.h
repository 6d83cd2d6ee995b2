/*
 * decrypt.h — the records of one connection decrypted with the secrets of a key log.
 *
 * With an SSLKEYLOGFILE (--keylog, or the Decryption Secrets Blocks of a pcapng), the
 * TLS stage hands protected records here and gets their plaintext back, to be parsed
 * like clear text: TLS 1.3's encrypted handshake (certificates, CertificateRequest,
 * Finished) and alerts, TLS 1.2's Finished and alerts. The connection is matched to
 * the log by its ClientHello's random. Nothing here is fatal: a log without this
 * connection, a suite that cannot be decrypted, or a record that does not authenticate
 * is a fact (facts.keylog_status, facts.decrypt_failed_why) that the report shows.
 *
 * Keys, per side:
 *   TLS 1.3  the handshake traffic secret from the ServerHello on, the application
 *            traffic secret (_0) after that side's Finished (RFC 8446 7.1-7.3);
 *   SSL 3.0 to TLS 1.2  the key block from the master secret (CLIENT_RANDOM line) and
 *            both randoms, used after that side's ChangeCipherSpec (RFC 5246 6.3, RFC
 *            6101 6.2.2); whatever the key exchange (RSA, static or ephemeral (EC)DH,
 *            PSK), the master secret is all it takes.
 */
#ifndef TLSDIAG_DECRYPT_H
#define TLSDIAG_DECRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"

struct keylog;
struct conn_decrypt;

/*
 * The secrets the connections of one pipeline may be decrypted with: the capture's own
 * (pcapng Decryption Secrets Blocks), searched first, then those given with --keylog.
 * Either may be NULL. Live, refresh is called when a connection is not in the logs yet,
 * to read what clients appended since (a client writes its line as it reads the
 * ServerHello, a moment before or after tlsdiag sees it); the logs are then searched
 * again. A set with refresh belongs to one thread: its logs change.
 */
struct decrypt_keys {
	const struct keylog *capture;    /* the capture's own (pcapng DSB, its bundle's key logs) */
	const struct keylog *beside;     /* key logs found beside the capture (a directory walk) */
	const struct keylog *given;
	void (*refresh)(void *ctx);
	void *refresh_ctx;
};

/* The key log line of the connection whose ClientHello random is given: the capture's
 * own first, then those beside it, then --keylog's; NULL when none has it. */
const struct keylog_entry *decrypt_keylog_entry(const struct decrypt_keys *keys, const uint8_t random[32]);

/*
 * The key log line of a connection whose hellos are parsed (f->ch, f->sh), for a caller
 * that decrypts on its own (QUIC): NULL when no key log is given (keylog_status left
 * alone) or none has it (KEYLOG_NO_ENTRY; live, the logs are read again first). The line
 * is copied into f->secrets for -w.
 */
const struct keylog_entry *decrypt_connection_entry(struct facts *f, const struct decrypt_keys *keys);

/* Live: the connection was not in the key logs at its ServerHello, but may be now. */
bool decrypt_may_come_later(const struct decrypt_keys *keys, const struct facts *f);

/*
 * Called once the ServerHello is parsed (f->ch, f->sh, f->version known). Returns the
 * connection's decryption state, or NULL with f->keylog_status saying why not (no key
 * log given: KEYLOG_UNUSED and nothing to say). keys may be NULL (no key log); it must
 * outlive the returned state.
 */
struct conn_decrypt *decrypt_start(struct facts *f, bool tls13, const struct decrypt_keys *keys);

enum decrypt_result {
	DECRYPT_NOT_KEYED,     /* no keys for this side (yet, or any more): counted as encrypted */
	DECRYPT_OK,
	DECRYPT_FAILED,        /* did not authenticate: this side is not decrypted further */
};

/*
 * One protected record from `from` (hdr: its 5-byte header). On DECRYPT_OK *plain points
 * into the state's buffer (valid until the next call) and *type is the content type of
 * the plaintext (TLS 1.3: the inner type).
 */
enum decrypt_result decrypt_record(struct conn_decrypt *d, struct facts *f, enum side from, const uint8_t hdr[5],
				   const uint8_t *body, size_t len, const uint8_t **plain, size_t *plain_len,
				   uint8_t *type);

/* TLS 1.2: `from` sent ChangeCipherSpec; its next records are protected. */
void decrypt_change_cipher_spec(struct conn_decrypt *d, enum side from);

/* TLS 1.3: `from` sent its Finished; its next records use the application keys. */
void decrypt_finished(struct conn_decrypt *d, enum side from);

/* Bytes held (keys, cipher contexts, the plaintext buffer). */
size_t decrypt_memory(const struct conn_decrypt *d);

void decrypt_free(struct conn_decrypt *d);

#endif
