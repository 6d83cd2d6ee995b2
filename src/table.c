/*
 * table.c — the shared hash and open-addressing table (table.h).
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

uint64_t hash_string(const char *s)
{
	return hash_bytes(HASH_START, s, strlen(s));
}

void table_init(struct table *t)
{
	*t = (struct table){ 0 };
	if (getrandom(&t->seed, sizeof t->seed, GRND_NONBLOCK) != (ssize_t)sizeof t->seed)
		t->seed = (uint64_t)(uintptr_t)t ^ 0x9e3779b97f4a7c15ull;
}

/* Where hash starts its probe: the seed mixed in, and the high bits folded down, so that
 * hashes alike in their low bits spread out. */
static size_t home(const struct table *t, uint64_t hash, size_t n_slots)
{
	uint64_t h = (hash ^ t->seed) * 0xff51afd7ed558ccdull;
	h ^= h >> 32;
	return (size_t)h & (n_slots - 1);
}

void *table_find(const struct table *t, uint64_t hash, bool (*same)(const void *entry, const void *key),
		 const void *key)
{
	if (t->n_slots == 0)
		return NULL;
	for (size_t j = home(t, hash, t->n_slots);; j = (j + 1) & (t->n_slots - 1)) {
		const struct table_slot *s = &t->slots[j];
		if (s->entry == NULL)
			return NULL;
		if (s->hash == hash && same(s->entry, key))
			return s->entry;
	}
}

static void place(const struct table *t, struct table_slot *slots, size_t n_slots, uint64_t hash, void *entry)
{
	size_t j = home(t, hash, n_slots);
	while (slots[j].entry != NULL)
		j = (j + 1) & (n_slots - 1);
	slots[j] = (struct table_slot){ hash, entry };
}

bool table_add(struct table *t, uint64_t hash, void *entry)
{
	if ((t->n_entries + 1) * 2 > t->n_slots) {
		size_t n = t->n_slots ? t->n_slots * 2 : 16;
		struct table_slot *slots = calloc(n, sizeof *slots);
		if (slots == NULL)
			return false;
		for (size_t i = 0; i < t->n_slots; i++)
			if (t->slots[i].entry != NULL)
				place(t, slots, n, t->slots[i].hash, t->slots[i].entry);
		free(t->slots);
		t->slots = slots;
		t->n_slots = n;
	}
	place(t, t->slots, t->n_slots, hash, entry);
	t->n_entries++;
	return true;
}

void table_free(struct table *t)
{
	free(t->slots);
	t->slots = NULL;
	t->n_slots = t->n_entries = 0;
}
