/*
 * dsb.h — key log secrets carried inside a pcapng capture.
 *
 * pcapng's Decryption Secrets Block (type 0x0000000A; secrets type 0x544c534b, "TLSK":
 * an SSLKEYLOGFILE's lines), as `editcap --inject-secrets tls,KEYLOG` writes it, keeps
 * the keys with the packets. libpcap skips these blocks, so the capture's bytes are read
 * through a wrapper that picks them up on the way: the secrets arrive before the packets
 * that need them (editcap puts them at the front; a writer adding them later makes them
 * count from there on), with no second pass over the file and no seeking, so compressed
 * streams and standard input work too.
 */
#ifndef TLSDIAG_DSB_H
#define TLSDIAG_DSB_H

#include <stdio.h>

#include "keylog.h"

/* Counts of what the wrapper saw, for the capture's notes. */
struct dsb_stats {
	unsigned long blocks;        /* Decryption Secrets Blocks with TLS key log secrets */
	unsigned long other_blocks;  /* with other secrets (WireGuard, ZigBee, ...) */
	unsigned long too_large;     /* skipped: larger than the bound */
	struct keylog_stats lines;   /* the key log lines they held */
};

/*
 * A stream that reads fp's bytes (a pcapng) unchanged and adds the secrets of each
 * Decryption Secrets Block to kl as they pass. Closing it closes fp. NULL when out of
 * memory (fp is then left open). stats must outlive the stream.
 */
FILE *dsb_wrap(FILE *fp, struct keylog *kl, struct dsb_stats *stats);

#endif
