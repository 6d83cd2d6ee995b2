/*
 * decide.h — the decision stage of one capture (or of a live capture): the rules applied
 * to each attempt as it ends, with what the capture shows of the attempt's server — the
 * handshakes it completed, for which names, and a client certificate it accepted.
 *
 * Memory stays flat however long the capture: an attempt is decided and handed on when
 * its flow ends, except a failure whose verdict reads the server's history
 * (rules_reads_server_history), which waits for the end of the capture so that it is
 * compared with all of it; at most BOUND_HELD_ATTEMPTS wait, the oldest is decided with
 * what is known when the bound is reached. The history keeps a few counters per server.
 *
 * With -w, the history also keeps the frames of a few successful handshakes per server
 * (decider_keep_context): a failure whose verdict read the history is written with them,
 * so that the file, read back, gives the failure the same class.
 */
#ifndef TLSDIAG_DECIDE_H
#define TLSDIAG_DECIDE_H

#include <stdbool.h>

#include "facts.h"
#include "flow.h"
#include "rules.h"

struct decider;

/* An attempt decided: frames are those kept for -w (may be NULL). When owned, the callee
 * may keep f and frames (returning true; it frees them later with facts_release + free
 * and flow_frames_free); otherwise it only reads them during the call and returns false. */
typedef bool (*decided_fn)(void *ctx, struct facts *f, const struct verdict *v, struct flow_frame *frames,
			   bool owned);

/* hold: wait for the end of the capture where the verdict reads the server's history
 * (offline); live mode decides at once with the history so far. */
struct decider *decider_new(bool hold, decided_fn fn, void *ctx);

/* Decides f (now or at decider_finish). When owned, f and frames become the decider's
 * (freed after fn); otherwise they are only read during the call and nothing is held. */
void decider_add(struct decider *d, struct facts *f, struct flow_frame *frames, bool owned);

/* Successful handshakes of a server, kept for the failures that compared with them: the
 * callee owns frames (free with flow_frames_free). */
typedef void (*context_fn)(void *ctx, struct flow_frame *frames);

/* -w: keep the frames of up to BOUND_HISTORY_CONTEXT successful handshakes per server
 * (distinct names, one with a client certificate), BOUND_CONTEXT_BYTES in all, and hand
 * them to fn just before the first failure of that server whose verdict read them. */
void decider_keep_context(struct decider *d, context_fn fn);

/* -w: whether the frames of f, a handshake whose outcome is known, would be kept as
 * context if it is successful (the flow table then keeps them until it ends). */
bool decider_wants_context(const struct decider *d, const struct facts *f);

/* The capture ended: decides what was held. */
void decider_finish(struct decider *d);

void decider_free(struct decider *d);

/* Attempts decided early because the held bound was reached. */
unsigned long decider_held_overflow(const struct decider *d);

#endif
