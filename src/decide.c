/*
 * decide.c — rules applied as attempts end, with a per-server history in place of the
 * whole capture: the number of handshakes each server completed, the names they were
 * for, and one client certificate it accepted.
 */
#include "decide.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "classes.h"
#include "negotiation.h"
#include "table.h"
#include "upgrade.h"
#include "tls_parse.h"
#include "tls_wire.h"

struct name_count {
	uint32_t hash;
	uint32_t count;
};

struct server_history {
	struct endpoint server;
	uint32_t n_ok;
	uint32_t n_ok_sni;
	uint32_t n_ok_without13;          /* a client offered TLS 1.3, the server chose older */
	uint32_t n_ok_tcp;                /* of n_ok, over TCP (the others QUIC or DTLS) */
	double t_first_ok_tcp;            /* absolute start of the first of them */
	uint16_t max_ok_version;          /* the highest version of its handshakes */
	uint16_t named_suites[BOUND_HISTORY_SUITES]; /* suites it chose for hellos with a name */
	uint8_t n_named_suites;
	uint32_t n_names;                 /* distinct names kept in names[] */
	struct name_count names[BOUND_HISTORY_NAMES];
	struct cert_fact *accepted;       /* a client certificate it accepted (no DER), or NULL */
	struct server_accepts accepts;    /* what its handshakes chose (the negotiation diff) */
	/* -w: frames of successful handshakes, for the failures that compare with them. */
	struct flow_frame *context[BOUND_HISTORY_CONTEXT];
	uint32_t context_name[BOUND_HISTORY_CONTEXT]; /* hash of each one's SNI (0: none) */
	uint8_t n_context;
	bool context_client_cert;         /* one of them carries a client certificate */
	bool context_written;             /* handed on: the -w file has them */
};

struct held {
	struct facts *f;
	struct flow_frame *frames;
};

/* The issuers a name's certificate was seen from, the first two that differ: a name
 * served by two issuers in one capture is re-signed on one of the paths (a proxy that
 * inspects TLS). */
struct name_issuers {
	uint64_t name;                    /* hash of the SNI */
	char issuer[2][BOUND_DN];
	bool via_proxy[2];
	uint8_t n;
};

struct decider {
	bool hold;
	decided_fn fn;
	void *ctx;
	struct table servers;             /* of struct server_history, by server */
	struct table names;               /* of struct name_issuers, by SNI */
	struct held *held;                /* a ring of BOUND_HELD_ATTEMPTS */
	size_t held_first, n_held;
	unsigned long held_overflow;
	context_fn context;               /* -w, or NULL */
	size_t context_bytes;
};

struct decider *decider_new(bool hold, decided_fn fn, void *ctx)
{
	struct decider *d = calloc(1, sizeof *d);
	if (d == NULL)
		return NULL;
	d->hold = hold;
	d->fn = fn;
	d->ctx = ctx;
	table_init(&d->servers);
	table_init(&d->names);
	return d;
}

static uint64_t server_hash(const struct endpoint *e)
{
	uint64_t h = hash_bytes(HASH_START, &e->family, 1);
	h = hash_bytes(h, e->addr, sizeof e->addr);
	return hash_bytes(h, &e->port, sizeof e->port);
}

static bool same_server(const void *entry, const void *key)
{
	const struct endpoint *a = &((const struct server_history *)entry)->server, *b = key;
	return a->family == b->family && a->port == b->port && memcmp(a->addr, b->addr, sizeof a->addr) == 0;
}

static uint32_t name_hash(const char *s)
{
	return (uint32_t)hash_string(s);
}

static struct server_history *find(struct decider *d, const struct endpoint *server, bool create)
{
	uint64_t hash = server_hash(server);
	struct server_history *h = table_find(&d->servers, hash, same_server, server);
	/* A capture with this many servers: newer ones have no history. */
	if (h != NULL || !create || d->servers.n_entries >= BOUND_SERVER_HISTORY)
		return h;
	if ((h = calloc(1, sizeof *h)) == NULL)
		return NULL;
	h->server = *server;
	if (!table_add(&d->servers, hash, h)) {
		free(h);
		return NULL;
	}
	return h;
}

void decider_keep_context(struct decider *d, context_fn fn)
{
	d->context = fn;
}

static bool has_client_cert(const struct facts *f)
{
	return f->n_certs[SIDE_CLIENT] > 0 && f->certs[SIDE_CLIENT][0].parsed;
}

/* Whether a successful handshake of f's server, with f's name and certificate, would
 * add to what its history keeps for -w. */
static bool context_wanted(const struct decider *d, const struct server_history *h, const struct facts *f)
{
	if (d->context == NULL || d->context_bytes >= BOUND_CONTEXT_BYTES)
		return false;
	if (h == NULL)
		return true;
	if (h->context_written || h->n_context >= BOUND_HISTORY_CONTEXT)
		return false;
	if (has_client_cert(f) && !h->context_client_cert)
		return true;
	/* Two names at most, so that one always differs from a name the server refuses;
	 * the third place is for a client certificate. */
	if (h->n_context >= BOUND_HISTORY_CONTEXT - 1)
		return false;
	uint32_t name = f->ch.has_sni ? name_hash(f->ch.sni) : 0;
	for (uint8_t i = 0; i < h->n_context; i++)
		if (h->context_name[i] == name)
			return false;
	return true;
}

bool decider_wants_context(const struct decider *d, const struct facts *f)
{
	const struct server_history *h = find((struct decider *)d, &f->server, false);
	return context_wanted(d, h, f);
}

/* Keeps a successful handshake's frames as context of its server when wanted: true when
 * they were taken (owned: the list itself; else a copy is kept). */
static bool keep_context(struct decider *d, struct server_history *h, const struct facts *f,
			 struct flow_frame *frames, bool owned)
{
	if (frames == NULL || !context_wanted(d, h, f))
		return false;
	struct flow_frame *kept = owned ? frames : flow_frames_copy(frames);
	if (kept == NULL)
		return false;
	h->context[h->n_context] = kept;
	h->context_name[h->n_context] = f->ch.has_sni ? name_hash(f->ch.sni) : 0;
	h->n_context++;
	h->context_client_cert |= has_client_cert(f);
	d->context_bytes += flow_frames_memory(kept);
	return owned;
}

/* A failure whose verdict read its server's history: the handshakes it compared with go
 * to -w first, once per server. */
static void hand_on_context(struct decider *d, const struct facts *f)
{
	if (d->context == NULL)
		return;
	struct server_history *h = find(d, &f->server, false);
	if (h == NULL || h->context_written)
		return;
	h->context_written = true;
	for (uint8_t i = 0; i < h->n_context; i++) {
		d->context_bytes -= flow_frames_memory(h->context[i]);
		d->context(d->ctx, h->context[i]);
		h->context[i] = NULL;
	}
	h->n_context = 0;
}

/* The client offered TLS 1.3 (or a draft of it) and the server chose an older version. */
static bool declined13(const struct facts *f)
{
	if (!f->server_hello_seen || tls_version_is_13(f->version) || !f->ch.has_supported_versions)
		return false;
	for (unsigned i = 0; i < f->ch.n_versions; i++)
		if (f->ch.versions[i] == TLS_VERSION_TLS13 || tls_version_is_13_draft(f->ch.versions[i]))
			return true;
	return false;
}

static void add_u16(uint16_t *set, uint8_t *n, unsigned max, uint16_t v)
{
	for (unsigned i = 0; i < *n; i++)
		if (set[i] == v)
			return;
	if (*n < max)
		set[(*n)++] = v;
}

/* What a successful handshake shows its server accepts. */
static void note_accepts(struct server_accepts *a, const struct facts *f)
{
	a->handshakes++;
	if (!f->server_hello_seen || f->sslv2_handshake)
		return;
	if (f->version != 0)
		add_u16(a->versions, &a->n_versions, BOUND_ACCEPTS_VERSIONS, f->version);
	add_u16(a->suites, &a->n_suites, BOUND_ACCEPTS_SUITES, f->sh.cipher);
	uint16_t group = facts_server_group(f);
	if (group != 0)
		add_u16(a->groups, &a->n_groups, BOUND_ACCEPTS_GROUPS, group);
	if (f->server_sigalg != 0)
		add_u16(a->sigalgs, &a->n_sigalgs, BOUND_ACCEPTS_SIGALGS, f->server_sigalg);
	if (!f->sh.has_alpn) {
		a->without_alpn++;
		return;
	}
	for (unsigned i = 0; i < a->n_alpn; i++)
		if (a->alpn_len[i] == f->sh.alpn_len && memcmp(a->alpn[i], f->sh.alpn, f->sh.alpn_len) == 0)
			return;
	if (a->n_alpn < BOUND_ACCEPTS_ALPN) {
		memcpy(a->alpn[a->n_alpn], f->sh.alpn, f->sh.alpn_len);
		a->alpn_len[a->n_alpn++] = f->sh.alpn_len;
	}
}

/* A failure of negotiation gets what its server is seen to accept, for the diff the
 * report shows beside the client's offer. */
static void attach_accepts(struct decider *d, struct facts *f, const struct verdict *v)
{
	if (!negotiation_applies(v) || f == NULL || f->server_accepts != NULL)
		return;
	const struct server_history *h = find(d, &f->server, false);
	if (h == NULL || h->accepts.handshakes == 0)
		return;
	f->server_accepts = malloc(sizeof *f->server_accepts);
	if (f->server_accepts != NULL)
		*f->server_accepts = h->accepts;
}

/* Offline, a negotiation failure of a server with no success yet waits for the end of
 * the capture: the handshakes that show what the server accepts may come later. */
static bool awaits_accepts(struct decider *d, const struct facts *f, const struct verdict *v)
{
	if (!d->hold || !negotiation_applies(v))
		return false;
	const struct server_history *h = find(d, &f->server, false);
	return h == NULL || h->accepts.handshakes == 0;
}

/* A completed handshake joins its server's history. Returns true when its frames were
 * taken as context (owned frames only). */
static bool remember(struct decider *d, const struct facts *f, struct flow_frame *frames, bool owned)
{
	struct server_history *h = find(d, &f->server, true);
	if (h == NULL)
		return false;
	h->n_ok++;
	note_accepts(&h->accepts, f);
	if (f->transport == TRANSPORT_TCP && (h->n_ok_tcp++ == 0 || f->t_first < h->t_first_ok_tcp))
		h->t_first_ok_tcp = f->t_first;
	if (f->version > h->max_ok_version)
		h->max_ok_version = f->version;
	if (declined13(f))
		h->n_ok_without13++;
	if (f->ch.has_sni) {
		h->n_ok_sni++;
		if (f->server_hello_seen)
			add_u16(h->named_suites, &h->n_named_suites, BOUND_HISTORY_SUITES, f->sh.cipher);
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
	return keep_context(d, h, f, frames, owned);
}

static bool same_name(const void *entry, const void *key)
{
	return ((const struct name_issuers *)entry)->name == *(const uint64_t *)key;
}

/* The server certificate's issuer, when the capture shows it (TLS <= 1.2, or decrypted),
 * for a hello that named a host. */
static const char *leaf_issuer(const struct facts *f)
{
	if (!f->ch.has_sni || f->n_certs[SIDE_SERVER] == 0 || f->certs[SIDE_SERVER] == NULL ||
	    !f->certs[SIDE_SERVER][0].parsed || f->certs[SIDE_SERVER][0].issuer[0] == '\0')
		return NULL;
	return f->certs[SIDE_SERVER][0].issuer;
}

static void remember_issuer(struct decider *d, const struct facts *f)
{
	const char *issuer = leaf_issuer(f);
	if (issuer == NULL)
		return;
	uint64_t key = hash_string(f->ch.sni);
	struct name_issuers *e = table_find(&d->names, key, same_name, &key);
	if (e == NULL) {
		if (d->names.n_entries >= BOUND_NAME_ISSUERS || (e = calloc(1, sizeof *e)) == NULL)
			return;
		e->name = key;
		if (!table_add(&d->names, key, e)) {
			free(e);
			return;
		}
	}
	for (uint8_t i = 0; i < e->n; i++)
		if (strcmp(e->issuer[i], issuer) == 0)
			return;
	if (e->n == 2)
		return;
	snprintf(e->issuer[e->n], sizeof e->issuer[e->n], "%s", issuer);
	e->via_proxy[e->n] = upgrade_kind_is_proxy((enum upgrade_kind)f->upgrade.kind);
	e->n++;
}

/* Another issuer the attempt's name was served by, into f->name_other_issuer. */
static void recall_issuer(const struct decider *d, struct facts *f)
{
	const char *issuer = leaf_issuer(f);
	if (issuer == NULL || f->name_other_issuer != NULL)
		return;
	uint64_t key = hash_string(f->ch.sni);
	const struct name_issuers *e = table_find(&d->names, key, same_name, &key);
	for (uint8_t i = 0; e != NULL && i < e->n; i++) {
		if (strcmp(e->issuer[i], issuer) != 0) {
			f->name_other_issuer = strdup(e->issuer[i]);
			f->name_other_issuer_via_proxy = e->via_proxy[i];
			return;
		}
	}
}

/* The facts the rules read from the rest of the capture. */
static void recall(struct decider *d, struct facts *f, bool failed)
{
	f->same_server_ok_any = f->same_server_ok_with_sni = f->same_server_ok_other_sni = 0;
	f->same_server_ok_tcp = 0;
	f->same_server_ok_without13 = 0;
	f->same_server_max_ok_version = 0;
	f->same_server_suite_offered = false;
	recall_issuer(d, f);
	const struct server_history *h = find(d, &f->server, false);
	if (h == NULL)
		return;
	f->same_server_ok_any = h->n_ok;
	f->same_server_ok_tcp = h->n_ok_tcp;
	f->same_server_tcp_ok_t = h->n_ok_tcp > 0 ? h->t_first_ok_tcp - f->t_first : 0;
	f->same_server_ok_without13 = h->n_ok_without13;
	f->same_server_max_ok_version = h->max_ok_version;
	for (unsigned i = 0; i < h->n_named_suites && !f->same_server_suite_offered; i++)
		for (unsigned k = 0; k < f->ch.n_ciphers && !f->same_server_suite_offered; k++)
			f->same_server_suite_offered = f->ch.ciphers[k] == h->named_suites[i];
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
	attach_accepts(d, h->f, &v);
	hand_on_context(d, h->f);
	if (!d->fn(d->ctx, h->f, &v, h->frames, true))
		release(h->f, h->frames);
}

void decider_add(struct decider *d, struct facts *f, struct flow_frame *frames, bool owned)
{
	struct verdict v;
	remember_issuer(d, f);
	recall(d, f, false);
	rules_decide(f, &v);
	if (class_outcome(v.cls) == CLASS_OUTCOME_OK) {
		if (remember(d, f, frames, owned))
			frames = NULL;
	} else if (rules_reads_server_history(f, &v) || awaits_accepts(d, f, &v)) {
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
		hand_on_context(d, f);
	}
	if (class_outcome(v.cls) != CLASS_OUTCOME_OK)
		attach_accepts(d, f, &v);
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
	for (size_t i = 0; i < d->servers.n_slots; i++) {
		struct server_history *h = d->servers.slots[i].entry;
		if (h == NULL)
			continue;
		for (uint8_t k = 0; k < h->n_context; k++)
			flow_frames_free(h->context[k]);
		free(h->accepted);
		free(h);
	}
	table_free(&d->servers);
	for (size_t i = 0; i < d->names.n_slots; i++)
		free(d->names.slots[i].entry);
	table_free(&d->names);
	free(d->held);
	free(d);
}
