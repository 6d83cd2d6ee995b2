/*
 * dsb.h — key log secrets carried inside a pcapng capture.
 *
 * pcapng's Decryption Secrets Block (type 0x0000000A; secrets type 0x544c534b, "TLSK":
 * an SSLKEYLOGFILE's lines), as `editcap --inject-secrets tls,KEYLOG` writes it, keeps
 * the keys with the packets. The pcapng reader (pcapng.h) hands each block's secrets on
 * as it passes them: they arrive before the packets that need them (editcap puts them
 * at the front; a writer adding them later makes them count from there on), with no
 * second pass over the file and no seeking, so compressed streams and standard input
 * work too. This module takes them into the capture's key log and counts them.
 */
#ifndef TLSDIAG_DSB_H
#define TLSDIAG_DSB_H

#include <stddef.h>
#include <stdint.h>

#include "keylog.h"

/* The secrets type of a TLS key log (NSS key log format). */
#define DSB_SECRETS_TLS_KEYLOG 0x544C534Bu /* "TLSK" */

/* Counts of what the capture carried, for the capture's notes. */
struct dsb_stats {
	unsigned long blocks;        /* Decryption Secrets Blocks with TLS key log secrets */
	unsigned long other_blocks;  /* with other secrets (WireGuard, ZigBee, ...) */
	unsigned long too_large;     /* passed over: larger than the bound (secrets NULL) */
	struct keylog_stats lines;   /* the key log lines they held */
};

/*
 * One Decryption Secrets Block's secrets (pcapng.h's pcapng_secrets): TLS key log lines
 * go into kl, other kinds are counted only; secrets NULL counts a block too large to
 * have been read.
 */
void dsb_take(struct keylog *kl, uint32_t secrets_type, const uint8_t *secrets, size_t len, struct dsb_stats *stats);

#endif
