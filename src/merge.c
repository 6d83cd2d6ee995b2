/*
 * merge.c — capture streams joined by timestamp (merge.h).
 *
 * One mutex guards every queue; producers wait on `space` while their queue is full,
 * the consumer on `ready` while some source that has not ended has nothing queued. A
 * queue is a list of items, each holding a copy of its frame's or secrets' bytes.
 *
 * Pipeline position: capture (producers) → merge → pipeline (the consumer).
 */
#include "merge.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "bytes.h"

struct node {
	struct node *next;
	enum merge_kind kind;
	bool end;                /* the source ended: no more after this */
	struct capture_frame frame;
	uint32_t secrets_type;
	bool secrets_none;       /* secrets too large: none */
	void *payload;
	size_t len;              /* bytes in data */
	uint8_t data[];
};

struct source {
	struct node *head, *tail;
	size_t items, bytes;
	bool ended;              /* its end node has been taken */
};

struct merge_feed {
	struct merge *m;
	size_t index;
	pthread_t thread;
	bool started;
};

struct merge {
	pthread_mutex_t lock;
	pthread_cond_t space, ready;
	bool stopping;
	size_t n;
	struct source *sources;
	struct merge_feed *feeds;
	merge_produce_fn produce;
	void *ctx;
	void (*free_payload)(void *payload);
	struct node *current;    /* delivered: freed at the next merge_next */
};

static void *producer_main(void *arg)
{
	struct merge_feed *feed = arg;
	struct merge *m = feed->m;
	m->produce(m->ctx, feed->index, feed);
	/* The end of the source, queued whatever room there is: it holds no bytes. */
	struct node *end = calloc(1, sizeof *end);
	pthread_mutex_lock(&m->lock);
	struct source *s = &m->sources[feed->index];
	if (end != NULL) {
		end->end = true;
		if (s->tail != NULL)
			s->tail->next = end;
		else
			s->head = end;
		s->tail = end;
	} else {
		s->ended = true; /* out of memory: what is queued is dropped with it */
	}
	pthread_cond_broadcast(&m->ready);
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

static void free_node(struct merge *m, struct node *n)
{
	if (n != NULL && n->payload != NULL && m->free_payload != NULL)
		m->free_payload(n->payload);
	free(n);
}

struct merge *merge_start(size_t n_sources, merge_produce_fn fn, void *ctx, void (*free_payload)(void *payload))
{
	struct merge *m = calloc(1, sizeof *m);
	if (m == NULL)
		return NULL;
	m->sources = calloc(n_sources ? n_sources : 1, sizeof *m->sources);
	m->feeds = calloc(n_sources ? n_sources : 1, sizeof *m->feeds);
	if (m->sources == NULL || m->feeds == NULL) {
		free(m->sources);
		free(m->feeds);
		free(m);
		return NULL;
	}
	m->n = n_sources;
	m->produce = fn;
	m->ctx = ctx;
	m->free_payload = free_payload;
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->space, NULL);
	pthread_cond_init(&m->ready, NULL);
	for (size_t i = 0; i < n_sources; i++) {
		m->feeds[i] = (struct merge_feed){ .m = m, .index = i };
		if (pthread_create(&m->feeds[i].thread, NULL, producer_main, &m->feeds[i]) != 0) {
			merge_finish(m);
			return NULL;
		}
		m->feeds[i].started = true;
	}
	return m;
}

/* Queues n (its bytes already copied), waiting for room; false (n freed) when stopping. */
static bool enqueue(struct merge_feed *feed, struct node *n)
{
	struct merge *m = feed->m;
	struct source *s = &m->sources[feed->index];
	pthread_mutex_lock(&m->lock);
	/* An empty queue takes any item, so one larger than the byte bound still passes. */
	while (!m->stopping && s->items > 0 &&
	       (s->items >= BOUND_MERGE_QUEUE_ITEMS || s->bytes + n->len > BOUND_MERGE_QUEUE_BYTES))
		pthread_cond_wait(&m->space, &m->lock);
	if (m->stopping) {
		pthread_mutex_unlock(&m->lock);
		free_node(m, n);
		return false;
	}
	if (s->tail != NULL)
		s->tail->next = n;
	else
		s->head = n;
	s->tail = n;
	s->items++;
	s->bytes += n->len;
	pthread_cond_broadcast(&m->ready);
	pthread_mutex_unlock(&m->lock);
	return true;
}

/* A node holding a copy of len bytes from p (through the bounded reader). */
static struct node *node_with(enum merge_kind kind, const uint8_t *p, size_t len)
{
	struct node *n = calloc(1, sizeof *n + len);
	if (n == NULL)
		return NULL;
	n->kind = kind;
	n->len = len;
	struct reader r;
	rd_init(&r, p, len, 0);
	if (len > 0 && !rd_copy(&r, n->data, len)) {
		free(n);
		return NULL;
	}
	return n;
}

bool merge_feed_frame(struct merge_feed *feed, const struct capture_frame *fr)
{
	struct node *n = node_with(MERGE_FRAME, fr->data, fr->caplen);
	if (n == NULL)
		return !merge_feed_stopped(feed); /* out of memory: this frame is lost */
	n->frame = *fr;
	n->frame.data = n->data;
	return enqueue(feed, n);
}

bool merge_feed_secrets(struct merge_feed *feed, uint32_t secrets_type, const uint8_t *secrets, size_t len)
{
	struct node *n = node_with(MERGE_SECRETS, secrets, secrets != NULL ? len : 0);
	if (n == NULL)
		return !merge_feed_stopped(feed);
	n->secrets_type = secrets_type;
	n->secrets_none = secrets == NULL;
	return enqueue(feed, n);
}

bool merge_feed_event(struct merge_feed *feed, void *payload)
{
	struct node *n = calloc(1, sizeof *n);
	if (n == NULL) {
		if (feed->m->free_payload != NULL)
			feed->m->free_payload(payload);
		return !merge_feed_stopped(feed);
	}
	n->kind = MERGE_EVENT;
	n->payload = payload;
	return enqueue(feed, n);
}

bool merge_feed_stopped(const struct merge_feed *feed)
{
	struct merge *m = feed->m;
	pthread_mutex_lock(&m->lock);
	bool stopping = m->stopping;
	pthread_mutex_unlock(&m->lock);
	return stopping;
}

/* Takes the head of source i (the lock held). */
static struct node *take(struct merge *m, size_t i)
{
	struct source *s = &m->sources[i];
	struct node *n = s->head;
	s->head = n->next;
	if (s->head == NULL)
		s->tail = NULL;
	if (!n->end) {
		s->items--;
		s->bytes -= n->len;
	}
	pthread_cond_broadcast(&m->space);
	return n;
}

bool merge_next(struct merge *m, struct merge_item *out)
{
	free_node(m, m->current);
	m->current = NULL;
	pthread_mutex_lock(&m->lock);
	for (;;) {
		size_t best = m->n;
		bool all_queued = true, any = false, nonframe = false, ended = false;
		for (size_t i = 0; i < m->n && !nonframe && !ended; i++) {
			struct source *s = &m->sources[i];
			if (s->ended)
				continue;
			struct node *h = s->head;
			if (h == NULL) {
				any = true;
				all_queued = false; /* it may yet have an earlier frame */
			} else if (h->end) {
				free(take(m, i));
				s->ended = ended = true;
			} else if (h->kind != MERGE_FRAME) {
				best = i; /* secrets and events go as soon as they are at the head */
				nonframe = any = true;
			} else {
				any = true;
				if (best == m->n || h->frame.ts < m->sources[best].head->frame.ts)
					best = i;
			}
		}
		if (ended)
			continue; /* look again without it */
		if (nonframe || (best < m->n && all_queued)) {
			struct node *n = take(m, best);
			pthread_mutex_unlock(&m->lock);
			m->current = n;
			*out = (struct merge_item){ .kind = n->kind, .source = best, .frame = n->frame,
						    .secrets_type = n->secrets_type,
						    .secrets = n->secrets_none ? NULL : n->data, .secrets_len = n->len,
						    .payload = n->payload };
			n->payload = NULL; /* an event's is the consumer's now */
			return true;
		}
		if (!any)
			break;
		pthread_cond_wait(&m->ready, &m->lock);
	}
	pthread_mutex_unlock(&m->lock);
	return false;
}

void merge_finish(struct merge *m)
{
	if (m == NULL)
		return;
	pthread_mutex_lock(&m->lock);
	m->stopping = true;
	pthread_cond_broadcast(&m->space);
	pthread_mutex_unlock(&m->lock);
	for (size_t i = 0; i < m->n; i++)
		if (m->feeds[i].started)
			pthread_join(m->feeds[i].thread, NULL);
	for (size_t i = 0; i < m->n; i++) {
		struct node *n = m->sources[i].head;
		while (n != NULL) {
			struct node *next = n->next;
			free_node(m, n);
			n = next;
		}
	}
	free_node(m, m->current);
	pthread_cond_destroy(&m->space);
	pthread_cond_destroy(&m->ready);
	pthread_mutex_destroy(&m->lock);
	free(m->sources);
	free(m->feeds);
	free(m);
}
