/*
 * decide.c — rules applied as attempts end, with a per-server history in place of the
 * whole capture: the number of handshakes each server completed, the names they were
 * for, and one client certificate it accepted.
 */
#include "decide.h"

#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "classes.h"

struct name_count {
	uint32_t hash;
	uint32_t count;
};

struct server_history {
	struct endpoint server;
	uint32_t n_ok;
	uint32_t n_ok_sni;
	uint32_t n_names;                 /* distinct names kept in names[] */
	struct name_count names[BOUND_HISTORY_NAMES];
	struct cert_fact *accepted;       /* a client certificate it accepted (no DER), or NULL */
};

struct held {
	struct facts *f;
	struct flow_frame *frames;
};

struct decider {
	bool hold;
	decided_fn fn;
	void *ctx;
	struct server_history **slots;    /* open addressing by server */
	size_t n_slots, n_servers;
	struct held *held;                /* a ring of BOUND_HELD_ATTEMPTS */
	size_t held_first, n_held;
	unsigned long held_overflow;
};

struct decider *decider_new(bool hold, decided_fn fn, void *ctx)
{
	struct decider *d = calloc(1, sizeof *d);
	if (d == NULL)
		return NULL;
	d->hold = hold;
	d->fn = fn;
	d->ctx = ctx;
	return d;
}

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

static uint64_t server_hash(const struct endpoint *e)
{
	uint64_t h = hash_bytes(1469598103934665603ull, &e->family, 1);
	h = hash_bytes(h, e->addr, sizeof e->addr);
	return hash_bytes(h, &e->port, sizeof e->port);
}

static bool same_server(const struct endpoint *a, const struct endpoint *b)
{
	return a->family == b->family && a->port == b->port && memcmp(a->addr, b->addr, sizeof a->addr) == 0;
}

static uint32_t name_hash(const char *s)
{
	return (uint32_t)hash_bytes(2166136261u, s, strlen(s));
}

static bool grow(struct decider *d)
{
	size_t n = d->n_slots ? d->n_slots * 2 : 256;
	struct server_history **slots = calloc(n, sizeof *slots); // NOLINT(bugprone-sizeof-expression): an array of pointers
	if (slots == NULL)
		return false;
	for (size_t i = 0; i < d->n_slots; i++) {
		if (d->slots[i] == NULL)
			continue;
		size_t j = server_hash(&d->slots[i]->server) & (n - 1);
		while (slots[j] != NULL)
			j = (j + 1) & (n - 1);
		slots[j] = d->slots[i];
	}
	free(d->slots);
	d->slots = slots;
	d->n_slots = n;
	return true;
}

static struct server_history *find(struct decider *d, const struct endpoint *server, bool create)
{
	if (d->n_slots > 0) {
		size_t j = server_hash(server) & (d->n_slots - 1);
		for (; d->slots[j] != NULL; j = (j + 1) & (d->n_slots - 1))
			if (same_server(&d->slots[j]->server, server))
				return d->slots[j];
	}
	/* A capture with this many servers: newer ones have no history. */
	if (!create || d->n_servers >= BOUND_SERVER_HISTORY)
		return NULL;
	if ((d->n_servers + 1) * 2 > d->n_slots && !grow(d))
		return NULL;
	struct server_history *h = calloc(1, sizeof *h);
	if (h == NULL)
		return NULL;
	h->server = *server;
	size_t j = server_hash(server) & (d->n_slots - 1);
	while (d->slots[j] != NULL)
		j = (j + 1) & (d->n_slots - 1);
	d->slots[j] = h;
	d->n_servers++;
	return h;
}

/* A completed handshake joins its server's history. */
static void remember(struct decider *d, const struct facts *f)
{
	struct server_history *h = find(d, &f->server, true);
	if (h == NULL)
		return;
	h->n_ok++;
	if (f->ch.has_sni) {
		h->n_ok_sni++;
		uint32_t hash = name_hash(f->ch.sni);
		uint32_t i = 0;
		while (i < h->n_names && h->names[i].hash != hash)
			i++;
		if (i < h->n_names)
			h->names[i].count++;
		else if (h->n_names < BOUND_HISTORY_NAMES)
			h->names[h->n_names++] = (struct name_count){ hash, 1 };
		/* Beyond the bound a name counts only among the server's named handshakes. */
	}
	if (h->accepted == NULL && f->n_certs[SIDE_CLIENT] > 0 && f->certs[SIDE_CLIENT][0].parsed) {
		h->accepted = malloc(sizeof *h->accepted);
		if (h->accepted != NULL) {
			*h->accepted = f->certs[SIDE_CLIENT][0];
			h->accepted->der = NULL; /* the DER stays with its owner */
		}
	}
}

/* The facts the rules read from the rest of the capture. */
static void recall(struct decider *d, struct facts *f, bool failed)
{
	f->same_server_ok_any = f->same_server_ok_with_sni = f->same_server_ok_other_sni = 0;
	const struct server_history *h = find(d, &f->server, false);
	if (h == NULL)
		return;
	f->same_server_ok_any = h->n_ok;
	f->same_server_ok_with_sni = h->n_ok_sni;
	f->same_server_ok_other_sni = h->n_ok_sni;
	if (f->ch.has_sni) {
		uint32_t hash = name_hash(f->ch.sni);
		for (uint32_t i = 0; i < h->n_names; i++)
			if (h->names[i].hash == hash)
				f->same_server_ok_other_sni = h->n_ok_sni - h->names[i].count;
	}
	if (failed && h->accepted != NULL && f->n_certs[SIDE_CLIENT] > 0 && f->accepted_client_cert == NULL) {
		f->accepted_client_cert = malloc(sizeof *f->accepted_client_cert);
		if (f->accepted_client_cert != NULL)
			*f->accepted_client_cert = *h->accepted;
	}
}

static void release(struct facts *f, struct flow_frame *frames)
{
	facts_release(f);
	free(f);
	flow_frames_free(frames);
}

/* Decides a held attempt with the history as it is now, hands it on and frees it. */
static void decide_held(struct decider *d, struct held *h)
{
	struct verdict v;
	recall(d, h->f, true);
	rules_decide(h->f, &v);
	if (!d->fn(d->ctx, h->f, &v, h->frames, true))
		release(h->f, h->frames);
}

void decider_add(struct decider *d, struct facts *f, struct flow_frame *frames, bool owned)
{
	struct verdict v;
	recall(d, f, false);
	rules_decide(f, &v);
	if (class_outcome(v.cls) == CLASS_OUTCOME_OK) {
		remember(d, f);
	} else if (rules_reads_server_history(f, &v)) {
		if (owned && d->hold) {
			if (d->held == NULL) {
				d->held = calloc(BOUND_HELD_ATTEMPTS, sizeof *d->held);
				if (d->held == NULL)
					goto now;
			}
			if (d->n_held == BOUND_HELD_ATTEMPTS) {
				d->held_overflow++;
				struct held oldest = d->held[d->held_first];
				d->held_first = (d->held_first + 1) % BOUND_HELD_ATTEMPTS;
				d->n_held--;
				decide_held(d, &oldest);
			}
			d->held[(d->held_first + d->n_held) % BOUND_HELD_ATTEMPTS] = (struct held){ f, frames };
			d->n_held++;
			return;
		}
	now:
		/* Decided now, with the history so far. */
		recall(d, f, true);
		rules_decide(f, &v);
	}
	if (!d->fn(d->ctx, f, &v, frames, owned) && owned)
		release(f, frames);
}

void decider_finish(struct decider *d)
{
	while (d->n_held > 0) {
		struct held h = d->held[d->held_first];
		d->held_first = (d->held_first + 1) % BOUND_HELD_ATTEMPTS;
		d->n_held--;
		decide_held(d, &h);
	}
}

unsigned long decider_held_overflow(const struct decider *d)
{
	return d->held_overflow;
}

void decider_free(struct decider *d)
{
	if (d == NULL)
		return;
	while (d->n_held > 0) {
		struct held *h = &d->held[d->held_first];
		release(h->f, h->frames);
		d->held_first = (d->held_first + 1) % BOUND_HELD_ATTEMPTS;
		d->n_held--;
	}
	for (size_t i = 0; i < d->n_slots; i++) {
		if (d->slots[i] != NULL) {
			free(d->slots[i]->accepted);
			free(d->slots[i]);
		}
	}
	free(d->slots);
	free(d->held);
	free(d);
}
