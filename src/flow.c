/*
 * flow.c — connection table, roles, RTT, TTL/IP-ID baselines and closes.
 *
 * Pipeline position: decode → flow → (reasm → tls) → facts → done callback.
 * Roles: the SYN's sender is the client; without a SYN, the SYN-ACK's receiver; without
 * either, the sender of a ClientHello; failing all, the side not on a TLS port (said in
 * the facts as a guess). Once the TLS stage says the outcome is known, no payload is
 * reassembled, copied or parsed: only flags, timing and closes are kept.
 */
#include "flow.h"

#include <assert.h>
#include <stdlib.h>
#include <sys/random.h>
#include <string.h>

#include "bounds.h"
#include "dtls.h"
#include "quic.h"
#include "reasm.h"
#include "tls.h"
#include "upgrade.h"
#include "tls_wire.h"

/* A segment seen while the handshake is undecided, for recognising a mirror's second copy. */
struct recent_segment {
	uint64_t digest;             /* decode_segment_digest */
	double ts;                   /* absolute seconds */
	uint32_t seq;
	uint32_t ack;
	uint8_t side;                /* enum side */
	bool bare_ack;               /* no payload, no SYN, FIN or RST */
};

struct flow {
	struct flow *hash_next;
	struct flow *lru_prev, *lru_next;
	bool in_closing;             /* on the closing list (both sides closed, or a reset) */
	uint64_t hash;
	double last_seen;            /* absolute seconds */
	struct facts *f;
	struct reasm stream[2];      /* per side (TCP) */
	struct tls_conn tls;
	struct quic_conn *quic;      /* a QUIC conversation's state (UDP) */
	struct dtls_conn *dtls;      /* a DTLS conversation's state (UDP) */
	uint32_t syn_seq;
	uint32_t server_finished_seq;   /* server sequence number after the packet with its Finished */
	bool server_finished_seq_known;
	uint32_t ch_end_seq;         /* client sequence number after the ClientHello */
	bool ch_end_known;
	uint32_t first_client_ack;
	bool first_client_ack_known;
	bool released;               /* payload state freed once the outcome is known */
	size_t memory;               /* bytes accounted to this flow in the table's total */
	bool memory_final;           /* accounted after its payload state was freed: no change
					since, unless frames are kept */
	/* Live mode. */
	bool reported;               /* handed to the ready callback */
	bool waiting;                /* on the waiting list: reported, or not an attempt when
					its handshake time was up */
	bool pending;                /* on the pending list, to be reported at ready_at */
	double ready_at;
	struct flow *pend_prev, *pend_next;
	/* The last segments of both sides, a ring (recent_next: where the next one goes). */
	struct recent_segment recent[BOUND_DUP_RECENT];
	uint8_t n_recent;
	uint8_t recent_next;
	struct flow_frame *frames, *frames_tail; /* kept for -w */
	bool frames_settled;         /* the outcome is known: no more frames are kept */
	size_t frames_bytes;
	unsigned n_frames;
};

struct flow_list {
	struct flow *head, *tail;
};

struct flow_table {
	struct flow_config cfg;
	flow_done_fn done;
	void *ctx;
	struct flow **buckets;
	size_t n_buckets;
	size_t n_flows;
	/* Least recently active first: open connections, closed ones lingering for their
	 * last packets, and (live) open ones waiting for their end (already reported, or no
	 * attempt when their handshake time was up), apart so that each walk stops at its
	 * first flow not yet due. */
	struct flow_list open, closing, waiting;
	struct flow *pend_head;           /* live: attempts whose outcome is known */
	struct flow *reporting;           /* the flow whose attempt is being reported */
	struct flow_stats stats;
	uint64_t seed;                    /* of the flow hash */
};

struct flow_table *flow_table_new(const struct flow_config *cfg, flow_done_fn done, void *ctx)
{
	struct flow_table *t = calloc(1, sizeof *t);
	if (t == NULL)
		return NULL;
	t->cfg = *cfg;
	if (t->cfg.handshake_timeout <= 0)
		t->cfg.handshake_timeout = 5.0;
	if (t->cfg.decide_grace < 0)
		t->cfg.decide_grace = 0;
	if (t->cfg.max_flows == 0)
		t->cfg.max_flows = BOUND_FLOWS;
	if (t->cfg.idle_timeout <= 0)
		t->cfg.idle_timeout = BOUND_IDLE_TIMEOUT;
	t->n_buckets = 1u << 16;
	t->buckets = calloc(t->n_buckets, sizeof *t->buckets); // NOLINT(bugprone-sizeof-expression): an array of pointers
	if (t->buckets == NULL) {
		free(t);
		return NULL;
	}
	t->done = done;
	t->ctx = ctx;
	if (getrandom(&t->seed, sizeof t->seed, GRND_NONBLOCK) != (ssize_t)sizeof t->seed)
		t->seed = (uint64_t)(uintptr_t)t ^ 0x2545f4914f6cdd1dull;
	return t;
}

bool flow_is_tls_port(const struct flow_table *t, uint16_t port)
{
	for (size_t i = 0; i < t->cfg.n_tls_ports; i++)
		if (t->cfg.tls_ports[i] == port)
			return true;
	return false;
}

const struct flow_stats *flow_table_stats(const struct flow_table *t)
{
	return &t->stats;
}

static int endpoint_cmp(const struct endpoint *a, const struct endpoint *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	int c = memcmp(a->addr, b->addr, sizeof a->addr);
	if (c != 0)
		return c;
	return a->port == b->port ? 0 : a->port < b->port ? -1 : 1;
}

static bool endpoint_eq(const struct endpoint *a, const struct endpoint *b)
{
	return endpoint_cmp(a, b) == 0;
}

/* Mixed into a UDP conversation's hash: the same port pair over TCP is another flow. */
#define IPPROTO_NUM_UDP_HASH 17u

/* A 64-bit multiply-xorshift step (the finaliser of splitmix64's family). */
static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h *= 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

static uint64_t endpoint_hash(uint64_t seed, const struct endpoint *e)
{
	uint64_t w0, w1;
	memcpy(&w0, e->addr, sizeof w0);
	memcpy(&w1, e->addr + 8, sizeof w1);
	return mix(mix(mix(seed, w0), w1), (uint64_t)e->port | (uint64_t)e->family << 16);
}

/*
 * Both endpoints hashed word by word and combined symmetrically, so either direction
 * finds the flow. The table's random seed keeps a capture from choosing colliding
 * 4-tuples (hash flooding); only bucket placement depends on it, never the output.
 */
/* Inline: once per packet, on the path every packet takes. */
static inline __attribute__((always_inline)) uint64_t flow_hash(const struct flow_table *t, const struct endpoint *a,
							     const struct endpoint *b)
{
	uint64_t ha = endpoint_hash(t->seed, a), hb = endpoint_hash(t->seed, b);
	return mix(ha + hb, ha ^ hb);
}

static struct flow_list *list_of(struct flow_table *t, const struct flow *fl)
{
	return fl->in_closing ? &t->closing : fl->waiting ? &t->waiting : &t->open;
}

static void lru_unlink(struct flow_table *t, struct flow *fl)
{
	struct flow_list *l = list_of(t, fl);
	if (fl->lru_prev)
		fl->lru_prev->lru_next = fl->lru_next;
	else
		l->head = fl->lru_next;
	if (fl->lru_next)
		fl->lru_next->lru_prev = fl->lru_prev;
	else
		l->tail = fl->lru_prev;
	fl->lru_prev = fl->lru_next = NULL;
}

static void lru_append(struct flow_table *t, struct flow *fl)
{
	struct flow_list *l = list_of(t, fl);
	fl->lru_prev = l->tail;
	fl->lru_next = NULL;
	if (l->tail)
		l->tail->lru_next = fl;
	else
		l->head = fl;
	l->tail = fl;
}

static struct flow *older(struct flow *a, struct flow *b)
{
	if (a == NULL || b == NULL)
		return a ? a : b;
	return b->last_seen <= a->last_seen ? b : a;
}

/* The least recently active flow of all lists. */
static struct flow *oldest(const struct flow_table *t)
{
	struct flow *a = t->open.head, *b = t->closing.head, *c = t->waiting.head;
	/* The head of each list is on that list, and first in it. */
	assert(a == NULL || (!a->in_closing && !a->waiting && a->lru_prev == NULL));
	assert(b == NULL || (b->in_closing && b->lru_prev == NULL));
	assert(c == NULL || (!c->in_closing && c->waiting && c->lru_prev == NULL));
	return older(older(a, b), c);
}

static void free_frames(struct flow *fl)
{
	while (fl->frames != NULL) {
		struct flow_frame *next = fl->frames->next;
		free(fl->frames);
		fl->frames = next;
	}
	fl->frames_tail = NULL;
	fl->frames_bytes = 0;
	fl->n_frames = 0;
}

static void keep_frame(struct flow_table *t, struct flow *fl, int linktype, double ts, const uint8_t *frame,
		       size_t caplen, size_t wirelen)
{
	if (frame == NULL || fl->reported)
		return;
	if (facts_outcome_known(fl->f)) {
		/* A completed handshake is not written, unless it is kept as context of its
		 * server: what comes after it is not needed either way. */
		if (!fl->frames_settled) {
			fl->frames_settled = true;
			if (t->cfg.keep_completed == NULL || !t->cfg.keep_completed(t->ctx, fl->f))
				free_frames(fl);
		}
		return;
	}
	if (fl->n_frames >= BOUND_KEPT_FRAMES || fl->frames_bytes + caplen > BOUND_KEPT_BYTES) {
		t->stats.frames_dropped++;
		return;
	}
	struct flow_frame *k = malloc(sizeof *k + caplen);
	if (k == NULL) {
		t->stats.frames_dropped++;
		return;
	}
	k->next = NULL;
	k->linktype = linktype;
	k->ts = ts;
	k->caplen = (uint32_t)caplen;
	k->wirelen = (uint32_t)wirelen;
	memcpy(k->data, frame, caplen);
	if (fl->frames_tail)
		fl->frames_tail->next = k;
	else
		fl->frames = k;
	fl->frames_tail = k;
	fl->frames_bytes += caplen;
	fl->n_frames++;
}

static void pending_unlink(struct flow_table *t, struct flow *fl)
{
	if (!fl->pending)
		return;
	if (fl->pend_prev)
		fl->pend_prev->pend_next = fl->pend_next;
	else
		t->pend_head = fl->pend_next;
	if (fl->pend_next)
		fl->pend_next->pend_prev = fl->pend_prev;
	fl->pend_prev = fl->pend_next = NULL;
	fl->pending = false;
}

static void release_payload_state(struct flow *fl)
{
	if (fl->released)
		return;
	tls_free(&fl->tls);
	quic_free(fl->quic);
	fl->quic = NULL;
	dtls_free(fl->dtls);
	fl->dtls = NULL;
	reasm_free(&fl->stream[0]);
	reasm_free(&fl->stream[1]);
	fl->released = true;
}

struct deliver_ctx {
	struct flow *fl;
	enum side side;
	double t;
};

static void deliver(void *vctx, const uint8_t *data, size_t len, bool gap_before)
{
	struct deliver_ctx *d = vctx;
	struct facts *f = d->fl->f;
	if (gap_before) {
		f->gap[d->side] = true;
		facts_add_step(f, d->side, STEP_GAP, 0, 0, 0, d->t);
	}
	tls_feed(&d->fl->tls, f, d->side, data, len, gap_before, d->t);
}

/* Did a clear-text dialogue before TLS make this an attempt? A client that asked to
 * upgrade (STARTTLS and its kin), or one that gave up on a server that does not offer
 * it; a tunnel request a proxy refused, to a TLS port (or to a destination not yet
 * named: a SOCKS 5 proxy refusing the client's methods). A request nothing answered is
 * not enough: binary protocols may open with bytes that look like SOCKS. */
static bool is_upgrade_attempt(const struct flow_table *t, const struct facts *f)
{
	const struct upgrade_fact *u = &f->upgrade;
	if (u->kind == UPGRADE_NONE)
		return false;
	if (upgrade_kind_is_proxy((enum upgrade_kind)u->kind))
		return u->requested && u->answer == UPGRADE_REFUSED &&
		       (u->target_port == 0 || flow_is_tls_port(t, u->target_port));
	return u->requested || (u->offers_seen && !u->offered && !u->client_went_on);
}

/* Is this connection worth a report? Any TLS, a connection to a TLS port, or a
 * clear-text upgrade that asked for TLS. */
static bool is_attempt(const struct flow_table *t, const struct facts *f)
{
	if (f->transport != TRANSPORT_TCP)
		return true; /* a conversation is followed only once it is seen to be QUIC or DTLS */
	if (f->tls_seen[SIDE_CLIENT] || f->tls_seen[SIDE_SERVER] || f->client_hello_seen)
		return true;
	if (is_upgrade_attempt(t, f))
		return true;
	if (!flow_is_tls_port(t, f->server.port))
		return false;
	/* Bare ACKs, FINs or resets without a SYN are leftovers of a connection seen before. */
	return f->syn_seen || f->payload_bytes[SIDE_CLIENT] > 0 || f->payload_bytes[SIDE_SERVER] > 0;
}

/* The attempt is being decided: what is held past holes is delivered (the parser
 * re-synchronises where it can), the streams' anomalies go into the facts, and the
 * payload state is freed. Safe to call twice. */
static void settle_streams(struct flow *fl)
{
	struct facts *f = fl->f;
	if (!fl->released && !facts_outcome_known(f)) {
		for (int s = 0; s < 2; s++) {
			struct deliver_ctx dc = { fl, (enum side)s, f->t_last };
			if (reasm_flush(&fl->stream[s], deliver, &dc))
				f->gap[s] = true;
		}
	}
	for (int s = 0; s < 2; s++) {
		f->overlap_conflict[s] |= fl->stream[s].conflict;
		f->buffer_capped[s] |= fl->stream[s].capped;
		f->gap[s] |= fl->stream[s].gap;
	}
	release_payload_state(fl);
}

static void finish(struct flow_table *t, struct flow *fl)
{
	settle_streams(fl);
	pending_unlink(t, fl);
	/* Unlink from the table. */
	struct flow **at = &t->buckets[fl->hash & (t->n_buckets - 1)];
	while (*at != NULL && *at != fl)
		at = &(*at)->hash_next;
	if (*at == fl)
		*at = fl->hash_next;
	lru_unlink(t, fl);
	t->n_flows--;
	t->stats.memory -= fl->memory;
	struct facts *f = fl->f;
	if (!fl->reported && is_attempt(t, f)) {
		t->stats.attempts++;
		t->reporting = fl;
		t->done(t->ctx, f);
		t->reporting = NULL;
	} else {
		facts_release(f);
		free(f);
	}
	free_frames(fl);
	free(fl);
}

const struct flow_frame *flow_frames_of(const struct flow_table *t, const struct facts *f)
{
	return t->reporting != NULL && t->reporting->f == f ? t->reporting->frames : NULL;
}

struct flow_frame *flow_take_frames(struct flow_table *t, const struct facts *f)
{
	if (t->reporting == NULL || t->reporting->f != f)
		return NULL;
	struct flow_frame *list = t->reporting->frames;
	t->reporting->frames = t->reporting->frames_tail = NULL;
	t->reporting->frames_bytes = 0;
	t->reporting->n_frames = 0;
	return list;
}

void flow_frames_free(struct flow_frame *list)
{
	while (list != NULL) {
		struct flow_frame *next = list->next;
		free(list);
		list = next;
	}
}

size_t flow_frames_memory(const struct flow_frame *list)
{
	size_t n = 0;
	for (const struct flow_frame *fr = list; fr != NULL; fr = fr->next)
		n += sizeof *fr + fr->caplen;
	return n;
}

struct flow_frame *flow_frames_copy(const struct flow_frame *list)
{
	struct flow_frame *head = NULL, **tail = &head;
	for (const struct flow_frame *fr = list; fr != NULL; fr = fr->next) {
		struct flow_frame *k = malloc(sizeof *k + fr->caplen);
		if (k == NULL) {
			flow_frames_free(head);
			return NULL;
		}
		memcpy(k, fr, sizeof *k + fr->caplen);
		k->next = NULL;
		*tail = k;
		tail = &k->next;
	}
	return head;
}

size_t flow_table_size(const struct flow_table *t)
{
	return t->n_flows;
}

/* Bytes a flow holds: its structs, the facts' certificates, and the buffers of the
 * streams, the parser and -w. What a bound on memory counts. */
static size_t flow_memory(const struct flow *fl)
{
	size_t n = sizeof *fl + sizeof *fl->f + facts_memory(fl->f);
	if (!fl->released)
		n += reasm_memory(&fl->stream[0]) + reasm_memory(&fl->stream[1]) + tls_memory(&fl->tls) +
		     quic_memory(fl->quic) + dtls_memory(fl->dtls);
	return n + fl->frames_bytes + fl->n_frames * sizeof(struct flow_frame);
}

static void account(struct flow_table *t, struct flow *fl)
{
	size_t now = flow_memory(fl);
	t->stats.memory = t->stats.memory - fl->memory + now;
	fl->memory = now;
	if (t->stats.memory > t->stats.memory_peak)
		t->stats.memory_peak = t->stats.memory;
}

/* Live: an open connection whose handshake is decided, or that was no attempt when its
 * time was up, moves to the waiting list: there it waits for its end as a connection
 * read from a file does, absorbing its packets. */
static void wait_for_end(struct flow_table *t, struct flow *fl)
{
	if (fl->in_closing || fl->waiting)
		return;
	lru_unlink(t, fl);
	fl->waiting = true;
	lru_append(t, fl);
}

/* Live: hands the attempt to the ready callback now; the flow lives on to absorb its last
 * packets, without parsing them. */
static void report_now(struct flow_table *t, struct flow *fl, double now)
{
	pending_unlink(t, fl);
	if (fl->reported)
		return;
	struct facts *f = fl->f;
	double seen = now - f->t_first;
	if (seen > f->t_observed)
		f->t_observed = seen;
	settle_streams(fl);
	fl->reported = true;
	wait_for_end(t, fl);
	if (is_attempt(t, f)) {
		t->stats.attempts++;
		t->reporting = fl;
		t->cfg.ready(t->ctx, f);
		t->reporting = NULL;
	}
	free_frames(fl);
	account(t, fl);
}

/* Live: when is this attempt's outcome known? */
static void schedule(struct flow_table *t, struct flow *fl, double ts)
{
	const struct facts *f = fl->f;
	double when = -1;
	if (facts_outcome_known(f)) {
		when = ts;
	} else {
		bool fatal = false;
		for (unsigned i = 0; i < f->n_alerts; i++)
			if (f->alerts[i].encrypted || f->alerts[i].level == TLS_ALERT_LEVEL_FATAL)
				fatal = true;
		if (fatal || f->fin[0].seen || f->fin[1].seen || f->rst[0].seen || f->rst[1].seen ||
		    f->quic.close[0].seen || f->quic.close[1].seen)
			when = ts + t->cfg.decide_grace;
	}
	if (when < 0 || (fl->pending && fl->ready_at <= when))
		return;
	fl->ready_at = when;
	if (!fl->pending) {
		fl->pending = true;
		fl->pend_prev = NULL;
		fl->pend_next = t->pend_head;
		if (t->pend_head)
			t->pend_head->pend_prev = fl;
		t->pend_head = fl;
	}
}

/* Live: attempts silent past the handshake timeout are decided, and open connections
 * that are no attempt (yet) wait for their end (both move to the waiting list); flows
 * reported, or no attempt, idle past `after` are freed. */
static void tick_list(struct flow_table *t, struct flow_list *l, double now, double after)
{
	for (struct flow *fl = l->head, *next; fl != NULL; fl = next) {
		next = fl->lru_next;
		double idle = now - fl->last_seen;
		if (idle < after && idle < t->cfg.handshake_timeout)
			break;
		bool attempt = is_attempt(t, fl->f);
		if (!fl->reported && !fl->waiting && idle >= t->cfg.handshake_timeout) {
			if (attempt) {
				fl->f->timed_out = true;
				report_now(t, fl, now);
			} else if (!fl->in_closing) {
				/* Not (yet) TLS: a STARTTLS dialogue may still come to it. */
				wait_for_end(t, fl);
				continue;
			}
		}
		if ((fl->reported || !attempt) && idle >= after)
			finish(t, fl);
	}
}

void flow_tick(struct flow_table *t, double now)
{
	for (struct flow *fl = t->pend_head, *next; fl != NULL; fl = next) {
		next = fl->pend_next;
		if (fl->ready_at <= now)
			report_now(t, fl, now);
	}
	/* Oldest activity first: silent attempts are decided, finished ones freed after the
	 * same times as when reading a file, so that late packets of a connection (its
	 * close, a retransmission) find it instead of starting an attempt of their own. */
	tick_list(t, &t->open, now, t->cfg.idle_timeout);
	tick_list(t, &t->closing, now, BOUND_CLOSED_LINGER);
	tick_list(t, &t->waiting, now, t->cfg.idle_timeout);
}

static inline __attribute__((always_inline)) struct flow *lookup(struct flow_table *t, const struct endpoint *src,
								  const struct endpoint *dst, uint64_t h, bool udp)
{
	for (struct flow *fl = t->buckets[h & (t->n_buckets - 1)]; fl != NULL; fl = fl->hash_next) {
		if (fl->hash != h)
			continue;
		const struct facts *f = fl->f;
		if ((f->transport != TRANSPORT_TCP) != udp)
			continue;
		if ((endpoint_eq(&f->client, src) && endpoint_eq(&f->server, dst)) ||
		    (endpoint_eq(&f->client, dst) && endpoint_eq(&f->server, src)))
			return fl;
	}
	return NULL;
}

/* Decides the least recently active connection before its end, to stay in a bound. */
static void evict_oldest(struct flow_table *t, enum evict_reason why)
{
	struct flow *old = oldest(t);
	if (why == EVICT_MEMORY)
		t->stats.evicted_memory++;
	else
		t->stats.evicted++;
	if (old->f->evicted == EVICT_NONE)
		old->f->evicted = (uint8_t)why;
	if (t->cfg.live)
		report_now(t, old, old->last_seen);
	finish(t, old);
}

/* Who is the client when nothing the client alone sends says so: the side not on a TLS
 * port, else the side with the higher (ephemeral) port. */
static bool guess_src_is_client(const struct flow_table *t, const struct decoded *pkt)
{
	bool dst_tls = flow_is_tls_port(t, pkt->dst.port), src_tls = flow_is_tls_port(t, pkt->src.port);
	if (dst_tls != src_tls)
		return dst_tls;
	return pkt->dst.port < pkt->src.port;
}

/* Which side of a UDP conversation's first datagram is the client (create's udp_role). */
enum udp_role {
	UDP_ROLE_GUESS = -1,         /* nothing in the datagram says: by the ports */
	UDP_ROLE_DST_CLIENT = 0,
	UDP_ROLE_SRC_CLIENT = 1,     /* a client's first packet (a QUIC Initial, a ClientHello) */
};

static struct flow *create(struct flow_table *t, const struct decoded *pkt, double ts, uint64_t pkt_no, uint64_t h,
			   enum transport transport, enum udp_role udp_role)
{
	if (t->n_flows >= t->cfg.max_flows && oldest(t) != NULL)
		evict_oldest(t, EVICT_FLOWS);
	struct flow *fl = calloc(1, sizeof *fl);
	struct facts *f = calloc(1, sizeof *f);
	if (fl == NULL || f == NULL) {
		free(fl);
		free(f);
		return NULL;
	}
	fl->f = f;
	fl->hash = h;
	reasm_init(&fl->stream[0]);
	reasm_init(&fl->stream[1]);
	tls_init(&fl->tls);
	fl->tls.keys = t->cfg.keys;
	f->t_first = ts;
	f->first_packet_no = pkt_no;
	f->last_packet_no = pkt_no;
	f->t_syn = f->t_syn_last = f->t_synack = f->t_ack = f->rtt = -1;
	f->t_client_hello = f->t_server_hello = -1;
	f->t_first_appdata[0] = f->t_first_appdata[1] = -1;
	f->server_ttl_min = 255;

	bool syn = pkt->flags & TCP_SYN, ack = pkt->flags & TCP_ACK;
	bool src_is_client;
	f->transport = (uint8_t)transport;
	if (transport != TRANSPORT_TCP) {
		for (int side = 0; side < 2; side++)
			for (int k = 0; k < QUIC_KIND__COUNT; k++)
				f->quic.t_first[side][k] = -1;
		f->quic.t_last_client_initial = -1;
		if (udp_role == UDP_ROLE_GUESS) {
			src_is_client = guess_src_is_client(t, pkt);
			f->roles_guessed = true;
		} else {
			src_is_client = udp_role == UDP_ROLE_SRC_CLIENT;
		}
	} else if (syn && !ack) {
		src_is_client = true;
		f->roles_from_syn = true;
	} else if (syn && ack) {
		src_is_client = false;
		f->roles_from_syn = true;
	} else {
		f->midstream = true;
		if (tls_looks_like_client_hello(pkt->payload, pkt->payload_len)) {
			src_is_client = true;
		} else {
			src_is_client = guess_src_is_client(t, pkt);
			f->roles_guessed = true;
		}
	}
	f->client = src_is_client ? pkt->src : pkt->dst;
	f->server = src_is_client ? pkt->dst : pkt->src;
	fl->hash_next = t->buckets[h & (t->n_buckets - 1)];
	t->buckets[h & (t->n_buckets - 1)] = fl;
	lru_append(t, fl);
	t->n_flows++;
	t->stats.flows++;
	account(t, fl);
	return fl;
}

static void note_close(struct facts *f, struct close_fact *c, const struct decoded *pkt, double t, enum side side,
		       uint64_t pkt_no)
{
	if (c->seen)
		return;
	c->seen = true;
	c->rst = c == &f->rst[side];
	c->packet_no = pkt_no;
	c->t = t;
	c->stage = f->stage;
	c->ttl = pkt->ttl;
	c->has_ip_id = pkt->has_ip_id;
	c->ip_id = pkt->ip_id;
	c->had_payload_before = f->payload_bytes[side] > 0;
}

static bool closed(const struct facts *f)
{
	return f->rst[0].seen || f->rst[1].seen || (f->fin[0].seen && f->fin[1].seen);
}

/* The packet's flow, made when new. A SYN with a new sequence number on a known
 * 4-tuple opens a new connection when the old one had its own SYN, or was closed, or was
 * only seen from its middle. NULL when out of memory. */
static struct flow *flow_of(struct flow_table *t, const struct decoded *pkt, double ts, uint64_t pkt_no)
{
	uint64_t h = flow_hash(t, &pkt->src, &pkt->dst);
	struct flow *fl = lookup(t, &pkt->src, &pkt->dst, h, false);
	bool syn = pkt->flags & TCP_SYN, ack = pkt->flags & TCP_ACK;
	if (fl != NULL && syn && !ack && (fl->f->syn_seen ? pkt->seq != fl->syn_seq : true) &&
	    (fl->f->syn_seen || closed(fl->f) || fl->f->midstream)) {
		/* The 4-tuple is used again by a new connection. */
		finish(t, fl);
		fl = NULL;
	}
	return fl != NULL ? fl : create(t, pkt, ts, pkt_no, h, TRANSPORT_TCP, UDP_ROLE_GUESS);
}

/* A guessed role turned out wrong: the "server" sends the ClientHello before any data.
 * Returns the sender's side afterwards. */
static enum side correct_roles(struct facts *f, const struct decoded *pkt, enum side side)
{
	if (!f->roles_guessed || side != SIDE_SERVER || f->payload_bytes[0] != 0 || f->payload_bytes[1] != 0 ||
	    !tls_looks_like_client_hello(pkt->payload, pkt->payload_len))
		return side;
	struct endpoint e = f->client;
	f->client = f->server;
	f->server = e;
	e = f->tunnel_client;
	f->tunnel_client = f->tunnel_server;
	f->tunnel_server = e;
	uint64_t p = f->packets[0];
	f->packets[0] = f->packets[1];
	f->packets[1] = p;
	f->roles_guessed = false;
	return SIDE_CLIENT;
}

/* The TCP handshake's timing and baselines: the SYN, the SYN-ACK, the client's ACK (the
 * round trip at the capture point), and the TTL and IP ID of the server's packets other
 * than closes (what a forged close is compared with). */
static void note_tcp(struct flow *fl, const struct decoded *pkt, enum side side, double t_rel)
{
	struct facts *f = fl->f;
	bool syn = pkt->flags & TCP_SYN, ack = pkt->flags & TCP_ACK;
	if (syn && !ack && side == SIDE_CLIENT) {
		if (!fl->released)
			facts_add_step(f, SIDE_CLIENT, STEP_SYN, 0, 0, 0, t_rel);
		if (!f->syn_seen) {
			f->syn_seen = true;
			f->t_syn = t_rel;
			f->syn_ttl = pkt->ttl;
			fl->syn_seq = pkt->seq;
		}
		if (!f->synack_seen)
			f->t_syn_last = t_rel;
		reasm_start(&fl->stream[SIDE_CLIENT], pkt->seq + 1);
	} else if (syn && ack && side == SIDE_SERVER) {
		if (!fl->released)
			facts_add_step(f, SIDE_SERVER, STEP_SYNACK, 0, 0, 0, t_rel);
		if (!f->synack_seen) {
			f->synack_seen = true;
			f->t_synack = t_rel;
			f->synack_ttl = pkt->ttl;
			f->synack_has_ip_id = pkt->has_ip_id;
			f->synack_ip_id = pkt->ip_id;
		}
		reasm_start(&fl->stream[SIDE_SERVER], pkt->seq + 1);
	} else if (side == SIDE_CLIENT && ack && f->synack_seen && f->t_ack < 0) {
		f->t_ack = t_rel;
		facts_add_step(f, SIDE_CLIENT, STEP_ACK, 0, 0, 0, t_rel);
		if (f->t_syn >= 0)
			f->rtt = t_rel - f->t_syn;
	}
	if (side == SIDE_SERVER && !(pkt->flags & (TCP_RST | TCP_FIN))) {
		if (pkt->ttl < f->server_ttl_min)
			f->server_ttl_min = pkt->ttl;
		if (pkt->ttl > f->server_ttl_max)
			f->server_ttl_max = pkt->ttl;
		if (pkt->has_ip_id) {
			f->server_last_ip_id = pkt->ip_id;
			f->server_ip_id_seen = true;
		}
	}
}

/* The payload, counted, and reassembled for the TLS stage until the outcome is known. */
static void take_payload(struct flow *fl, const struct decoded *pkt, enum side side, double t_rel)
{
	struct facts *f = fl->f;
	f->payload_bytes[side] += pkt->payload_wire_len;
	if (f->client_hello_seen)
		f->payload_after_hello[side] += pkt->payload_wire_len;
	if (fl->released || facts_outcome_known(f))
		return;
	bool had_ch = f->client_hello_seen;
	struct deliver_ctx dc = { fl, side, t_rel };
	/* TCP Fast Open (RFC 7413): data in a SYN starts after its sequence number. */
	uint32_t seq = pkt->flags & TCP_SYN ? pkt->seq + 1 : pkt->seq;
	const struct reasm *stream = &fl->stream[side];
	if (stream->started && !seq_before(stream->next_seq, seq + (uint32_t)pkt->payload_wire_len))
		facts_add_step(f, side, STEP_RETRANSMIT, 0, 0, pkt->payload_wire_len, t_rel);
	reasm_segment(&fl->stream[side], seq, pkt->payload, pkt->payload_len, pkt->payload_wire_len, deliver, &dc);
	/* deliver() may have parsed the ClientHello into f. */
	// cppcheck-suppress knownConditionTrueFalse
	if (!had_ch && f->client_hello_seen && side == SIDE_CLIENT) {
		fl->ch_end_seq = fl->stream[SIDE_CLIENT].next_seq;
		fl->ch_end_known = true;
	}
}

/* What an ACK tells: the server acknowledged the whole ClientHello; the client
 * acknowledged server bytes (a one-sided capture); the peer's held bytes up to it can be
 * delivered (the hole before them was lost by the capture, not by the network). */
static void take_ack(struct flow *fl, const struct decoded *pkt, enum side side, double t_rel)
{
	struct facts *f = fl->f;
	if (side == SIDE_SERVER && fl->ch_end_known && !seq_before(pkt->ack, fl->ch_end_seq))
		f->client_hello_acked = true;
	if (side == SIDE_CLIENT) {
		if (!fl->first_client_ack_known) {
			fl->first_client_ack = pkt->ack;
			fl->first_client_ack_known = true;
		} else if (f->packets[SIDE_SERVER] == 0 && seq_before(fl->first_client_ack + 1, pkt->ack)) {
			f->client_acked_server_data = true;
		}
	}
	if (!fl->released && !facts_outcome_known(f)) {
		enum side other = side == SIDE_CLIENT ? SIDE_SERVER : SIDE_CLIENT;
		struct deliver_ctx dc = { fl, other, t_rel };
		if (reasm_acked(&fl->stream[other], pkt->ack, deliver, &dc)) {
			f->gap[other] = true;
			f->gap_acked[other] = true;
		}
	}
}

/* After the packet: payload state freed once the outcome is known, the closing list,
 * live scheduling, the memory account and its bound. */
static void settle_packet(struct flow_table *t, struct flow *fl, double ts)
{
	struct facts *f = fl->f;
	if (!fl->released && facts_outcome_known(f))
		release_payload_state(fl);
	if (!fl->in_closing && closed(f)) {
		lru_unlink(t, fl);
		fl->in_closing = true;
		lru_append(t, fl);
	}
	if (t->cfg.live && !fl->reported) {
		if (fl->waiting && is_attempt(t, f)) {
			/* It became an attempt after its handshake time was up: timed again. */
			lru_unlink(t, fl);
			fl->waiting = false;
			lru_append(t, fl);
		}
		schedule(t, fl, ts);
	}
	/* Once the payload state is freed a flow's memory no longer changes (bulk data after
	 * the handshake costs nothing here), except for the frames kept for -w. */
	if (!fl->memory_final || t->cfg.keep_frames) {
		account(t, fl);
		fl->memory_final = fl->released;
	}
	/* Over the memory bound: the least recently active connections go first (this one
	 * too, when it is the only one left). */
	while (t->cfg.max_memory > 0 && t->stats.memory > t->cfg.max_memory && oldest(t) != NULL)
		evict_oldest(t, EVICT_MEMORY);
}

/*
 * Is this segment a mirror's second copy of one just seen? The same digest from the same
 * side within BOUND_DUP_WINDOW — unless the peer sent, in between, a bare ACK asking for
 * this very segment: a duplicate ACK, which is what a fast retransmission (RFC 5681
 * section 3.2) answers, and a stack without timestamps may resend a segment with the very
 * same header. A segment that is no copy joins the recent ones.
 */
static bool mirrored_copy(const struct flow_table *t, struct flow *fl, const struct decoded *pkt, enum side side,
			  double ts)
{
	uint64_t digest = decode_segment_digest(pkt, t->seed);
	bool bare = pkt->payload_wire_len == 0 && !(pkt->flags & (TCP_SYN | TCP_FIN));
	/* A bare ACK or a reset with nothing in it that changes from one packet to the next
	 * (no IPv4 ID, no TCP option such as timestamps or SACK blocks) is one a stack sends
	 * several times over, identical: a reset for each segment that reached a closed
	 * connection, duplicate ACKs. Such a segment is never taken for a copy. */
	bool alike = bare && !(pkt->has_ip_id && pkt->ip_id != 0) && pkt->tcp_header_len <= 20;
	bool asked = false; /* the peer asked for this segment since the copy compared with */
	for (unsigned k = 0; !alike && k < fl->n_recent; k++) {
		/* Newest first. */
		const struct recent_segment *e = &fl->recent[(fl->recent_next + BOUND_DUP_RECENT - 1u - k) % BOUND_DUP_RECENT];
		double dt = ts - e->ts;
		if (dt > BOUND_DUP_WINDOW || dt < -BOUND_DUP_WINDOW)
			break;
		if (e->side != side) {
			asked |= e->bare_ack && e->ack == pkt->seq;
			continue;
		}
		if (e->digest == digest && !asked)
			return true;
	}
	struct recent_segment *n = &fl->recent[fl->recent_next];
	*n = (struct recent_segment){ .digest = digest, .ts = ts, .seq = pkt->seq, .ack = pkt->ack, .side = (uint8_t)side,
				      .bare_ack = bare && !(pkt->flags & TCP_RST) };
	fl->recent_next = (uint8_t)((fl->recent_next + 1u) % BOUND_DUP_RECENT);
	if (fl->n_recent < BOUND_DUP_RECENT)
		fl->n_recent++;
	return false;
}

/* What every packet of a flow updates, TCP or UDP: times, counts, the frames kept for
 * -w, the LRU position, cut payloads, what it was carried in. Returns its time since the
 * attempt's first packet. */
static inline __attribute__((always_inline)) double take_packet(struct flow_table *t, struct flow *fl,
								 const struct decoded *pkt, enum side side, double ts,
								 uint64_t pkt_no, const struct flow_piece *pieces,
								 size_t n_pieces)
{
	struct facts *f = fl->f;
	double t_rel = ts - f->t_first;
	if (t_rel < 0)
		t_rel = 0; /* captures merged out of order */
	f->t_last = t_rel;
	if (t_rel > f->t_observed)
		f->t_observed = t_rel;
	f->last_packet_no = pkt_no;
	fl->last_seen = ts;
	if (t->cfg.keep_frames)
		for (size_t i = 0; i < n_pieces; i++)
			keep_frame(t, fl, pkt->linktype, pieces[i].ts, pieces[i].frame, pieces[i].caplen, pieces[i].wirelen);
	lru_unlink(t, fl);
	lru_append(t, fl);
	f->packets[side]++;
	if (pkt->cut) {
		f->truncated_packets = true;
		if (t->stats.cut_packets++ == 0)
			t->stats.first_cut_packet = pkt_no;
	}

	if (pkt->n_encap > 0 && f->n_encap == 0) {
		memcpy(f->encap, pkt->encap, pkt->n_encap);
		f->n_encap = pkt->n_encap;
	}
	if (pkt->tunnelled && !f->tunnelled) {
		f->tunnelled = true;
		f->tunnel_client = side == SIDE_CLIENT ? pkt->outer_src : pkt->outer_dst;
		f->tunnel_server = side == SIDE_CLIENT ? pkt->outer_dst : pkt->outer_src;
		f->tunnel_client.port = f->client.port;
		f->tunnel_server.port = f->server.port;
	}
	return t_rel;
}

void flow_packet(struct flow_table *t, const struct decoded *pkt, double ts, uint64_t pkt_no, const uint8_t *frame,
		 size_t caplen, size_t wirelen)
{
	struct flow_piece one = { .ts = ts, .frame = frame, .caplen = caplen, .wirelen = wirelen };
	flow_packet_pieces(t, pkt, ts, pkt_no, &one, 1);
}

void flow_packet_pieces(struct flow_table *t, const struct decoded *pkt, double ts, uint64_t pkt_no,
			const struct flow_piece *pieces, size_t n_pieces)
{
	struct flow *fl = flow_of(t, pkt, ts, pkt_no);
	if (fl == NULL)
		return;
	struct facts *f = fl->f;
	enum side side = correct_roles(f, pkt, endpoint_eq(&pkt->src, &f->client) ? SIDE_CLIENT : SIDE_SERVER);
	/* Mirrored copies are looked for only while the handshake is undecided: after it,
	 * nothing is parsed, and a copy changes no verdict. -w keeps the copy: the file
	 * written is the capture as it was. */
	if (!fl->released && mirrored_copy(t, fl, pkt, side, ts)) {
		f->duplicates++;
		if (t->stats.duplicates++ == 0)
			t->stats.first_duplicate = pkt_no;
		if (t->cfg.keep_frames)
			for (size_t i = 0; i < n_pieces; i++)
				keep_frame(t, fl, pkt->linktype, pieces[i].ts, pieces[i].frame, pieces[i].caplen,
					   pieces[i].wirelen);
		return;
	}

	double t_rel = take_packet(t, fl, pkt, side, ts, pkt_no, pieces, n_pieces);
	note_tcp(fl, pkt, side, t_rel);
	bool ack = pkt->flags & TCP_ACK;
	/* Before this packet's payload is read: its ACK may show server bytes the capture lost. */
	if (ack && side == SIDE_CLIENT && fl->stream[SIDE_SERVER].started &&
	    seq_before(fl->stream[SIDE_SERVER].next_seq, pkt->ack))
		f->server_bytes_missed = true;
	/* Whether the client had the server's Finished when it sent this packet: what it
	 * says now (an alert) it says after the handshake, or in the middle of it. The
	 * acknowledgement tells, wherever the capture is taken. */
	if (ack && side == SIDE_CLIENT && fl->server_finished_seq_known && !seq_before(pkt->ack, fl->server_finished_seq))
		f->client_saw_server_finished = true;
	if (pkt->payload_wire_len > 0)
		take_payload(fl, pkt, side, t_rel);
	if (side == SIDE_SERVER && f->finished_seen[SIDE_SERVER] && !fl->server_finished_seq_known &&
	    fl->stream[SIDE_SERVER].started) {
		fl->server_finished_seq = fl->stream[SIDE_SERVER].next_seq;
		fl->server_finished_seq_known = true;
	}
	if (ack)
		take_ack(fl, pkt, side, t_rel);
	if (pkt->flags & TCP_RST) {
		note_close(f, &f->rst[side], pkt, t_rel, side, pkt_no);
		f->n_rst[side]++;
		facts_add_step(f, side, STEP_RST, 0, 0, 0, t_rel);
	}
	if (pkt->flags & TCP_FIN) {
		note_close(f, &f->fin[side], pkt, t_rel, side, pkt_no);
		facts_add_step(f, side, STEP_FIN, 0, 0, 0, t_rel);
	}
	settle_packet(t, fl, ts);
}

/* A UDP conversation's hash: the same port pair over TCP is another flow. */
static uint64_t udp_hash(const struct flow_table *t, const struct endpoint *src, const struct endpoint *dst)
{
	return mix(flow_hash(t, src, dst), IPPROTO_NUM_UDP_HASH);
}

/* A UDP datagram's conversation, made when the datagram opens one (QUIC's long header;
 * DTLS's record header): the sender of a client Initial or ClientHello is the client.
 * NULL when the datagram is of no conversation followed here, or out of memory. */
static struct flow *udp_flow_of(struct flow_table *t, const struct decoded *pkt, double ts, uint64_t pkt_no)
{
	uint64_t h = udp_hash(t, &pkt->src, &pkt->dst);
	struct flow *fl = lookup(t, &pkt->src, &pkt->dst, h, true);
	/* A datagram of a known conversation is read as a QUIC long header only when it could
	 * open a new connection on the same ports: a client's, with the header form bit set
	 * (the short header packets of a connection's data are not parsed here). */
	if (fl != NULL && (fl->f->transport != TRANSPORT_QUIC || !endpoint_eq(&pkt->src, &fl->f->client) ||
			   !quic_long_header_form(pkt->payload, pkt->payload_len)))
		return fl;
	bool client_initial = false;
	bool quic = quic_looks_like_long_header(pkt->payload, pkt->payload_len, pkt->payload_wire_len, &client_initial);
	if (fl != NULL && quic && client_initial && quic_starts_new_connection(fl->f, pkt->payload, pkt->payload_len)) {
		/* A closed connection's port pair used again by a new one. */
		finish(t, fl);
		fl = NULL;
	}
	if (fl != NULL)
		return fl;
	/* Servers pad their Initials to 1200 bytes too (ngtcp2 does): from a TLS port to
	 * another port, an Initial is the server's. */
	if (client_initial && flow_is_tls_port(t, pkt->src.port) && !flow_is_tls_port(t, pkt->dst.port))
		client_initial = false;
	if (quic)
		return create(t, pkt, ts, pkt_no, h, TRANSPORT_QUIC, client_initial ? UDP_ROLE_SRC_CLIENT : UDP_ROLE_GUESS);
	bool client_hello = false;
	if (dtls_looks_like_record(pkt->payload, pkt->payload_len, &client_hello))
		return create(t, pkt, ts, pkt_no, h, TRANSPORT_DTLS, client_hello ? UDP_ROLE_SRC_CLIENT : UDP_ROLE_GUESS);
	return NULL;
}

/* An ICMP error about a conversation's datagram: noted on its attempt, not counted as a
 * packet of either side (the server sent nothing of the protocol). */
static bool icmp_error(struct flow_table *t, const struct decoded *pkt, double ts, uint64_t pkt_no,
		       const struct flow_piece *pieces, size_t n_pieces)
{
	struct flow *fl = lookup(t, &pkt->src, &pkt->dst, udp_hash(t, &pkt->src, &pkt->dst), true);
	if (fl == NULL)
		return false;
	struct facts *f = fl->f;
	struct icmp_fact *ic = &f->icmp;
	double t_rel = ts - f->t_first < 0 ? 0 : ts - f->t_first;
	if (!ic->seen) {
		ic->seen = true;
		ic->type = pkt->icmp_type;
		ic->code = pkt->icmp_code;
		ic->v6 = pkt->icmp_from.family == 6;
		ic->from = pkt->icmp_from;
		ic->from.port = 0;
		struct endpoint server = f->server;
		server.port = 0;
		ic->from_server = endpoint_eq(&ic->from, &server);
		ic->ttl = pkt->ttl;
		ic->t = t_rel;
	}
	ic->count++;
	facts_add_step(f, SIDE_SERVER, STEP_ICMP, pkt->icmp_type, pkt->icmp_from.family == 6 ? STEP_V6 : 0,
		       pkt->icmp_code, t_rel);
	f->last_packet_no = pkt_no;
	fl->last_seen = ts;
	if (t_rel > f->t_observed)
		f->t_observed = t_rel;
	if (t->cfg.keep_frames)
		for (size_t i = 0; i < n_pieces; i++)
			keep_frame(t, fl, pkt->linktype, pieces[i].ts, pieces[i].frame, pieces[i].caplen, pieces[i].wirelen);
	settle_packet(t, fl, ts);
	return true;
}

bool flow_datagram(struct flow_table *t, const struct decoded *pkt, double ts, uint64_t pkt_no,
		   const struct flow_piece *pieces, size_t n_pieces)
{
	if (pkt->icmp_error)
		return icmp_error(t, pkt, ts, pkt_no, pieces, n_pieces);
	struct flow *fl = udp_flow_of(t, pkt, ts, pkt_no);
	if (fl == NULL)
		return false;
	struct facts *f = fl->f;
	enum side side = endpoint_eq(&pkt->src, &f->client) ? SIDE_CLIENT : SIDE_SERVER;
	double t_rel = take_packet(t, fl, pkt, side, ts, pkt_no, pieces, n_pieces);
	f->payload_bytes[side] += pkt->payload_wire_len;
	if (f->client_hello_seen)
		f->payload_after_hello[side] += pkt->payload_wire_len;
	if (side == SIDE_SERVER) {
		if (pkt->ttl < f->server_ttl_min)
			f->server_ttl_min = pkt->ttl;
		if (pkt->ttl > f->server_ttl_max)
			f->server_ttl_max = pkt->ttl;
	}
	/* Once the outcome is known a datagram is only counted: no packet of it is read. */
	if (!fl->released && !facts_outcome_known(f)) {
		if (f->transport == TRANSPORT_QUIC) {
			if (fl->quic == NULL) {
				fl->quic = quic_new(t->cfg.keys);
				fl->tls.no_records = true;
			}
			if (fl->quic != NULL)
				quic_datagram(fl->quic, &fl->tls, f, side, pkt->payload, pkt->payload_len, pkt->payload_wire_len,
					      t_rel);
		} else {
			/* What a TCP ACK tells (flow.c's take_ack), a datagram tells over DTLS: the
			 * client's records after the server's Finished were sent once it had it. */
			if (side == SIDE_CLIENT && f->finished_seen[SIDE_SERVER])
				f->client_saw_server_finished = true;
			if (fl->dtls == NULL)
				fl->dtls = dtls_new();
			if (fl->dtls != NULL)
				dtls_datagram(fl->dtls, &fl->tls, f, side, pkt->payload, pkt->payload_len, t_rel);
		}
	}
	settle_packet(t, fl, ts);
	return true;
}

static void expire_list(struct flow_table *t, struct flow_list *l, double now, double after)
{
	for (struct flow *fl = l->head, *next; fl != NULL; fl = next) {
		next = fl->lru_next;
		if (now - fl->last_seen <= after)
			break; /* the rest is more recent */
		double seen = now - fl->f->t_first;
		if (seen > fl->f->t_observed)
			fl->f->t_observed = seen;
		finish(t, fl);
	}
}

void flow_expire(struct flow_table *t, double now)
{
	/* Closed connections linger a little for their last packets (late resets, ACKs,
	 * retransmissions); open ones are decided after the idle timeout. */
	expire_list(t, &t->closing, now, BOUND_CLOSED_LINGER);
	expire_list(t, &t->open, now, t->cfg.idle_timeout);
	expire_list(t, &t->waiting, now, t->cfg.idle_timeout);
}

void flow_flush_at(struct flow_table *t, double now)
{
	struct flow *fl;
	while ((fl = oldest(t)) != NULL) {
		/* Watching ended at now for every flow (end of the capture or of the run). */
		double seen = now - fl->f->t_first;
		if (now > 0 && seen > fl->f->t_observed)
			fl->f->t_observed = seen;
		if (t->cfg.live)
			report_now(t, fl, now > 0 ? now : fl->last_seen);
		finish(t, fl);
	}
}

void flow_flush(struct flow_table *t)
{
	flow_flush_at(t, 0);
}

void flow_table_free(struct flow_table *t)
{
	if (t == NULL)
		return;
	flow_flush(t);
	free(t->buckets);
	free(t);
}
