/*
 * table.h — the one hash and the one hash table of tlsdiag's indexes that are not the
 * flow table: the per-server history (decide.c), the batch view's tallies (triage.c),
 * the certificate caches (cert.c) and the report's file names (report.c).
 *
 * The hash is FNV-1a over bytes, 64 bits; tables mix it with a seed of their own so that
 * where an entry lands depends on the process, never what the output says. The table is
 * open addressing with linear probing, at most half full, growing by doubling; it holds
 * pointers to the caller's entries with their hashes, and never owns the entries.
 */
#ifndef TLSDIAG_TABLE_H
#define TLSDIAG_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HASH_START 1469598103934665603ull /* FNV-1a 64 offset basis */

/* h extended by n bytes at p: hash_bytes(HASH_START, p, n) hashes one buffer, calls in
 * a row hash several fields. */
static inline uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull; /* FNV-1a 64 prime */
	return h;
}

/* A NUL-terminated string's hash. */
uint64_t hash_string(const char *s);

struct table_slot {
	uint64_t hash;
	void *entry;                     /* NULL: free */
};

struct table {
	struct table_slot *slots;
	size_t n_slots;                  /* a power of two, or 0 */
	size_t n_entries;
	uint64_t seed;
};

/* An empty table (no memory until the first add). */
void table_init(struct table *t);

/* The entry stored under hash for which same(entry, key) is true, or NULL. */
void *table_find(const struct table *t, uint64_t hash, bool (*same)(const void *entry, const void *key),
		 const void *key);

/* Stores entry under hash (the caller checked it is not there). False when out of
 * memory; the table is unchanged then. */
bool table_add(struct table *t, uint64_t hash, void *entry) __attribute__((warn_unused_result));

/* Frees the slots (not the entries); the table is empty again. Walk t->slots first to
 * free the entries. */
void table_free(struct table *t);

#endif
