/*
 * batch.c — items on worker threads, output in item order (batch.h).
 *
 * Each item's output is a list of chunks. The calling thread writes the chunks of the
 * first unfinished item as they come and moves to the next item when it is finished, so
 * the bytes written do not depend on which thread ran what, or when.
 */
#include "batch.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bounds.h"
#include "escape.h"

enum chunk_kind { CHUNK_OUT, CHUNK_ERR, CHUNK_RECORD };

struct chunk {
	struct chunk *next;
	enum chunk_kind kind;
	size_t len;                      /* bytes of data, or the weight of a record */
	void *record;                    /* CHUNK_RECORD */
	char data[];
};

struct item_output {
	struct chunk *head, *tail;
	size_t held_bytes;               /* in this item's chunks */
	bool done;
};

struct batch {
	const struct batch_config *cfg;
	batch_item_fn fn;
	void *ctx;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct item_output *items;
	size_t next_item;                /* the next item a worker takes */
	size_t writing;                  /* the item being written out */
	size_t held_bytes;               /* bytes in chunks not yet written */
	bool no_wait;                    /* no thread started: items run one after the other */
};

struct batch_sink {
	struct batch *b;
	size_t index;
	FILE *out;                       /* a memory stream */
	char *out_buf;
	size_t out_len;
	struct chunk *records, *records_tail; /* records not yet handed over */
	size_t n_records, records_weight;
};

/* Handing over this often keeps the first item streaming and the lock rarely taken. */
#define SINK_FLUSH_BYTES ((size_t)64 * 1024)
#define SINK_FLUSH_RECORDS 64

static struct chunk *chunk_new(enum chunk_kind kind, const void *data, size_t len)
{
	struct chunk *c = malloc(sizeof *c + len);
	if (c == NULL)
		return NULL;
	c->next = NULL;
	c->kind = kind;
	c->len = len;
	c->record = NULL;
	memcpy(c->data, data, len);
	return c;
}

/* Appends a chunk to the item's output (called with the lock held). */
static void append(struct batch *b, size_t index, struct chunk *c)
{
	struct item_output *it = &b->items[index];
	if (it->tail)
		it->tail->next = c;
	else
		it->head = c;
	it->tail = c;
	it->held_bytes += c->len;
	b->held_bytes += c->len;
}

/* Hands over what the sink gathered: the records, then the text written after them
 * (text written before a record was handed over when the record came). Threads of later
 * items wait while too much is held, until the writer reaches their item. */
static void publish(struct batch_sink *s)
{
	struct batch *b = s->b;
	struct chunk *out = NULL;
	if (s->out != NULL) {
		fflush(s->out);
		if (s->out_len > 0)
			out = chunk_new(CHUNK_OUT, s->out_buf, s->out_len);
		rewind(s->out);
		fflush(s->out);
	}
	if (out == NULL && s->records == NULL)
		return;
	pthread_mutex_lock(&b->lock);
	/* Later items wait while the batch holds too much; the item being written waits
	 * while its own output is ahead of a slow reader of standard output (the writer
	 * drains exactly that, so the wait ends). */
	while (!b->no_wait && (s->index != b->writing ? b->held_bytes > BOUND_BATCH_HELD_OUTPUT
						       : b->items[s->index].held_bytes > BOUND_BATCH_WRITING_OUTPUT))
		pthread_cond_wait(&b->changed, &b->lock);
	for (struct chunk *c = s->records, *next; c != NULL; c = next) {
		next = c->next;
		c->next = NULL;
		append(b, s->index, c);
	}
	s->records = s->records_tail = NULL;
	s->n_records = s->records_weight = 0;
	if (out)
		append(b, s->index, out);
	pthread_cond_broadcast(&b->changed);
	pthread_mutex_unlock(&b->lock);
}

FILE *batch_sink_out(struct batch_sink *s)
{
	return s->out;
}

void batch_sink_flush(struct batch_sink *s)
{
	if (s->out != NULL)
		fflush(s->out);
	if (s->out_len >= SINK_FLUSH_BYTES || s->n_records >= SINK_FLUSH_RECORDS || s->b->cfg->flush_output)
		publish(s);
}

void batch_sink_message(struct batch_sink *s, const char *text)
{
	/* Messages name inputs, and names of bundle members come from the bundle: anything
	 * but printable ASCII is written as \xNN, never sent to the terminal (C1 controls
	 * too), as in the reports. */
	size_t text_len = strlen(text);
	size_t n = escape_hex(text, text_len, 0, NULL, 0);
	struct chunk *c = malloc(sizeof *c + n + 1);
	if (c == NULL)
		return;
	c->next = NULL;
	c->kind = CHUNK_ERR;
	c->len = n + 1;
	c->record = NULL;
	(void)escape_hex(text, text_len, 0, c->data, n + 1);
	c->data[n] = '\n'; /* in place of escape_hex's NUL */
	publish(s); /* records written before the message stay before it */
	pthread_mutex_lock(&s->b->lock);
	append(s->b, s->index, c);
	pthread_cond_broadcast(&s->b->changed);
	pthread_mutex_unlock(&s->b->lock);
}

bool batch_sink_record(struct batch_sink *s, void *record, size_t weight)
{
	struct chunk *c = malloc(sizeof *c);
	if (c == NULL)
		return false;
	if (s->out != NULL && ftell(s->out) > 0)
		publish(s); /* text written before the record comes before it */
	c->next = NULL;
	c->kind = CHUNK_RECORD;
	c->len = weight;
	c->record = record;
	if (s->records_tail)
		s->records_tail->next = c;
	else
		s->records = c;
	s->records_tail = c;
	s->n_records++;
	s->records_weight += weight;
	return true;
}

static void *worker(void *arg)
{
	struct batch *b = arg;
	for (;;) {
		pthread_mutex_lock(&b->lock);
		size_t index = b->next_item < b->cfg->n_items ? b->next_item++ : b->cfg->n_items;
		pthread_mutex_unlock(&b->lock);
		if (index >= b->cfg->n_items)
			return NULL;
		struct batch_sink s = { .b = b, .index = index };
		s.out = open_memstream(&s.out_buf, &s.out_len);
		b->fn(b->ctx, index, &s);
		publish(&s);
		if (s.out != NULL)
			fclose(s.out);
		free(s.out_buf);
		pthread_mutex_lock(&b->lock);
		b->items[index].done = true;
		pthread_cond_broadcast(&b->changed);
		pthread_mutex_unlock(&b->lock);
	}
}

static void write_chunk(struct batch *b, const struct chunk *c)
{
	const struct batch_config *cfg = b->cfg;
	switch (c->kind) {
	case CHUNK_OUT:
		if (cfg->clear_progress)
			cfg->clear_progress(b->ctx);
		fwrite(c->data, 1, c->len, cfg->out);
		break;
	case CHUNK_ERR:
		if (cfg->clear_progress)
			cfg->clear_progress(b->ctx);
		fflush(cfg->out); /* a message follows the records before it on a shared terminal */
		fwrite(c->data, 1, c->len, cfg->err);
		break;
	case CHUNK_RECORD:
		if (cfg->clear_progress)
			cfg->clear_progress(b->ctx);
		cfg->render(b->ctx, c->record, cfg->out);
		break;
	}
	if (cfg->flush_output)
		fflush(cfg->out);
}

void batch_run(const struct batch_config *cfg, batch_item_fn fn, void *ctx)
{
	struct batch b = { .cfg = cfg, .fn = fn, .ctx = ctx };
	if (cfg->n_items == 0)
		return;
	unsigned n_threads = cfg->threads > 0 ? cfg->threads : 1;
	if (n_threads > cfg->n_items)
		n_threads = (unsigned)cfg->n_items;
	b.items = calloc(cfg->n_items, sizeof *b.items);
	if (b.items == NULL) {
		fprintf(cfg->err, "tlsdiag: out of memory\n");
		return;
	}
	pthread_mutex_init(&b.lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&b.changed, &ca);
	pthread_condattr_destroy(&ca);
	pthread_t *threads = calloc(n_threads, sizeof *threads);
	unsigned started = 0;
	for (unsigned i = 0; threads != NULL && i < n_threads; i++)
		if (pthread_create(&threads[i], NULL, worker, &b) == 0)
			started++;
	if (started == 0) {
		/* No thread could start: the calling thread does the work, then writes it. */
		b.no_wait = true;
		worker(&b);
	}
	bool show_progress = cfg->progress_interval > 0 && cfg->progress != NULL;
	/* The first progress line comes after one interval: short runs show none. */
	struct timespec next;
	clock_gettime(CLOCK_MONOTONIC, &next);
	next.tv_sec += 1;
	pthread_mutex_lock(&b.lock);
	while (b.writing < cfg->n_items) {
		struct item_output *it = &b.items[b.writing];
		if (show_progress) {
			struct timespec now;
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec > next.tv_sec || (now.tv_sec == next.tv_sec && now.tv_nsec >= next.tv_nsec)) {
				pthread_mutex_unlock(&b.lock);
				cfg->progress(ctx, false);
				pthread_mutex_lock(&b.lock);
				long step = (long)(cfg->progress_interval * 1e9);
				next = now;
				next.tv_sec += step / 1000000000L;
				next.tv_nsec += step % 1000000000L;
				if (next.tv_nsec >= 1000000000L) {
					next.tv_sec++;
					next.tv_nsec -= 1000000000L;
				}
			}
		}
		if (it->head == NULL && !it->done) {
			if (show_progress)
				pthread_cond_timedwait(&b.changed, &b.lock, &next);
			else
				pthread_cond_wait(&b.changed, &b.lock);
			continue;
		}
		struct chunk *list = it->head;
		it->head = it->tail = NULL;
		bool done = it->done;
		/* Counted as held until written: a slow standard output holds the producer. */
		size_t taken = it->held_bytes;
		pthread_mutex_unlock(&b.lock);
		while (list != NULL) {
			struct chunk *next_chunk = list->next;
			write_chunk(&b, list);
			free(list);
			list = next_chunk;
		}
		pthread_mutex_lock(&b.lock);
		it->held_bytes -= taken;
		b.held_bytes -= taken;
		pthread_cond_broadcast(&b.changed);
		if (done && it->head == NULL) {
			b.writing++;
			pthread_cond_broadcast(&b.changed);
		}
	}
	pthread_mutex_unlock(&b.lock);
	for (unsigned i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	if (cfg->progress != NULL && cfg->progress_interval > 0)
		cfg->progress(ctx, true);
	free(threads);
	pthread_cond_destroy(&b.changed);
	pthread_mutex_destroy(&b.lock);
	free(b.items);
}
