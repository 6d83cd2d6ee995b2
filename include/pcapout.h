/*
 * pcapout.h — -w: the packets of failed attempts, written as pcapng files for handing to
 * a vendor. The same writer serves every mode. Each failed attempt's verdict rides as a
 * comment on its first packet (Wireshark shows it) and the key log secrets it was
 * decrypted with in a Decryption Secrets Block before it, so that Wireshark, and tlsdiag
 * reading the file back, tell the same story.
 *
 * One output per link type: the first link type written goes to the -w path itself,
 * each other one to the path with the link type's name before the extension
 * (failed.pcap, failed.LINUX_SLL2.pcap), because libpcap reads no pcapng whose
 * interfaces differ in link type. Errors are said once each, on standard error. Not
 * thread-safe: one thread writes.
 */
#ifndef TLSDIAG_PCAPOUT_H
#define TLSDIAG_PCAPOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "facts.h"
#include "flow.h"
#include "rules.h"

struct pcapout;

/* What -w writes with an attempt's packets: its verdict and its secrets. */
struct pcapout_note {
	char comment[1024];              /* "" when none */
	char *secrets;                   /* key log lines, or NULL (owned) */
	size_t secrets_len;
};

/* The note of a decided attempt. */
void pcapout_note_make(struct pcapout_note *n, const struct facts *f, const struct verdict *v);
void pcapout_note_free(struct pcapout_note *n);

/* An output set for path; nothing is opened yet. NULL when out of memory. quiet: no
 * notes (errors are still said). */
struct pcapout *pcapout_new(const char *path, bool quiet);

/* Opens the file for linktype now (live: before privileges are given up). False when it
 * could not be opened (said). */
bool pcapout_open(struct pcapout *o, int linktype);

/* Appends frames (a list kept by the flow table) of the given link type, with note (or
 * NULL: frames written for context, without a verdict of their own). */
void pcapout_frames(struct pcapout *o, int linktype, const struct flow_frame *frames, const struct pcapout_note *note);

/* Hands what was written to the files (live: after each attempt). */
void pcapout_flush(struct pcapout *o);

/* Closes and frees the set. With nothing written, the path is still created (empty, with
 * first_linktype, or Ethernet when < 0) so that a script can read it back. False when
 * something could not be opened or written (said). o may be NULL (true). */
bool pcapout_close(struct pcapout *o, int first_linktype);

#endif
