/*
 * bounds.h — every cap and timeout of the program, each with its reason and the
 * real-world maximum it allows for. Nothing else in the code hard-codes a limit.
 */
#ifndef TLSDIAG_BOUNDS_H
#define TLSDIAG_BOUNDS_H

#include <stddef.h>

/* Bounds on bytes held in memory are size_t, the type of the sizes they are compared
 * with, so their products are computed in that type. */

/* Snap length for live capture: a whole jumbo frame, so handshakes are never cut. */
#define BOUND_SNAPLEN 262144

/* A pcapng block read whole (pcapng.h): a packet block holds at most a frame of
 * BOUND_SNAPLEN plus its options, a Decryption Secrets Block the key log of tens of
 * thousands of connections (a few MB). libpcap refuses blocks past 16 MiB as well; a
 * larger block that is no packet is skipped, a larger packet block is an error. */
#define BOUND_PCAPNG_BLOCK ((size_t)16 * 1024 * 1024)

/* Interfaces (Interface Description Blocks) of one pcapng section: dumpcap records one
 * per interface it captures on, a few dozen at most on a big router. */
#define BOUND_PCAPNG_INTERFACES 4096

/* A pcapng with several interfaces: frames held to be put back in time order
 * (reorder.h). A capture tool writes each interface's packets in batches, as the kernel
 * hands them over, a fraction of a second apart; two seconds cover that with room, and
 * the frame and byte bounds a busy link's two seconds. */
#define BOUND_REORDER_SECONDS 2.0
#define BOUND_REORDER_FRAMES 65536
#define BOUND_REORDER_BYTES ((size_t)64 * 1024 * 1024)

/* Link types one capture's BPF filter is compiled for: a pcapng's interfaces are of one
 * or two kinds (Ethernet beside Linux cooked, a mirror beside a tunnel). */
#define BOUND_FILTER_LINKTYPES 32

/* --merge: frames read ahead per input while another input is behind in time, a few
 * seconds of a busy link's packets; past either bound that input's reader waits. */
#define BOUND_MERGE_QUEUE_ITEMS 4096
#define BOUND_MERGE_QUEUE_BYTES ((size_t)8 * 1024 * 1024)

/* --merge: captures read at once, each on a thread of its own (the two directions of a
 * mirror, the source ports of a SPAN port). */
#define BOUND_MERGE_INPUTS 64

/*
 * Out-of-order segments held per direction before the gap is given up on. Real
 * reordering spans a few segments; a capture that missed a packet never fills the gap.
 */
#define BOUND_OOO_SEGMENTS 64
#define BOUND_OOO_BYTES ((size_t)256 * 1024)

/* One handshake message (RFC 8446 allows 2^24-1; real chains stay under 64 KB). */
#define BOUND_HANDSHAKE_MESSAGE (128u * 1024u)

/* A TLS record: 2^14 plaintext + 2048 expansion (RFC 5246 6.2.3) + slack for broken stacks. */
#define BOUND_RECORD_LENGTH (16384u + 2048u + 256u)

/* Versions of a QUIC Version Negotiation packet kept (RFC 9000 17.2.1): servers list two
 * to five, GREASE included. */
#define BOUND_QUIC_VERSIONS 16

/* Steps of an attempt kept for its ladder and history (facts.steps): a full TLS 1.2
 * handshake with client certificates is about 22 (the TCP handshake, each message, the
 * closes), repeats of one kind are counted in one step. The last BOUND_STEPS_FOR_END are
 * kept for what ends a handshake (alerts, closes, ICMP), so that a long exchange never
 * hides its end; the steps past the bound are counted. */
#define BOUND_STEPS 32
#define BOUND_STEPS_FOR_END 6

/* QUIC packets noted per connection (facts.quic.trace): a handshake takes 10 to 30 (both
 * flights, the ACKs, the first requests); the packets after the bound are only counted. */
#define BOUND_QUIC_TRACE 64

/* CRYPTO frame data of one QUIC packet number space held out of order (RFC 9000 19.6),
 * per side: a ClientHello split over several Initials (Chrome sends its post-quantum
 * hello in two or three, shuffled), a server flight of tens of KB. Data past the bound,
 * or at offsets beyond it, is dropped and said. */
#define BOUND_QUIC_CRYPTO_HELD ((size_t)64 * 1024)
#define BOUND_QUIC_CRYPTO_PIECES 64
#define BOUND_QUIC_CRYPTO_OFFSET ((uint64_t)BOUND_HANDSHAKE_MESSAGE * 2)

/* DTLS (dtls.c), per side. Records whose epoch and sequence number are remembered, to
 * drop replays: a datagram the network or a mirror duplicated comes within a few
 * records of its first copy (DTLS's own anti-replay window, RFC 6347 4.1.2.6, is 64).
 * Handshake messages being put together or waiting for an earlier one: a flight is at
 * most eight (ServerHello, Certificate, CertificateStatus, ServerKeyExchange,
 * CertificateRequest, ServerHelloDone), and a message_seq further ahead of the next one
 * expected than a few flights is no handshake's. Their bytes held: a chain and the rest
 * of its flight. */
#define BOUND_DTLS_REPLAY_WINDOW 64
#define BOUND_DTLS_HELD_MESSAGES 16
#define BOUND_DTLS_SEQ_AHEAD 32
#define BOUND_DTLS_HELD_BYTES ((size_t)256 * 1024) /* twice BOUND_HANDSHAKE_MESSAGE */

/* Flows tracked at once (each a few KB); beyond it the oldest idle flow is decided. */
#define BOUND_FLOWS 200000

/* Memory for connection state (flows, their facts and buffers; --max-memory), all
 * inputs read at once together: past it the least recently active connection is decided
 * early. 512 MiB holds over 100,000 open handshakes; a SYN flood or thousands of
 * records that never complete must not take the machine's memory. The smallest bound
 * accepted is a few flows at their largest (their buffers' bounds, below). */
#define BOUND_MEMORY ((size_t)512 * 1024 * 1024)
#define BOUND_MEMORY_MIN ((size_t)4 * 1024 * 1024)

/* A flow silent this long (seconds) is decided: no real handshake pauses this long. */
#define BOUND_IDLE_TIMEOUT 120.0

/* A closed connection (FIN both ways, or a reset) is kept this long (seconds of capture
 * time) for its last packets before it is decided: late resets and retransmitted FINs
 * come within a few round trips. */
#define BOUND_CLOSED_LINGER 2.0

/* A frame this far (seconds) past the capture's clock moves it only when more frames
 * follow from there: real captures have pauses, not single frames from next year. */
#define BOUND_CLOCK_JUMP 3600.0

/*
 * Mirrored duplicates (a SPAN port copying both a port's ingress and its egress, two
 * mirror sessions, a routed mirror): a TCP segment seen again within this many seconds,
 * identical in what a retransmission would change or keep, is the same packet copied
 * twice and is dropped. A mirror's two copies are microseconds apart (a few
 * milliseconds behind a busy egress queue); a real retransmission is later: the
 * retransmission timer is at least 200 ms on Linux (RFC 6298 asks for 1 s), a tail loss
 * probe at least 10 ms, and a fast retransmission follows duplicate ACKs from the peer,
 * which void the match (flow.c).
 */
#define BOUND_DUP_WINDOW 0.005
/* Recent segments of a flow (both directions) a new one is compared with: a mirror's
 * second copy follows its first within a packet or two. */
#define BOUND_DUP_RECENT 8
/* Payload bytes hashed into a segment's digest, beside its length and the TCP checksum
 * (which covers all of it, unless the sender's capture saw it before checksum offload
 * filled it in): a TLS record header and its first bytes, cheap on every segment of a
 * handshake. */
#define BOUND_DUP_PAYLOAD_PREFIX 16

/* Client gave up: a ClientHello unanswered for this long counts as no response. */
#define BOUND_NO_RESPONSE_SECONDS 3.0

/* Frames kept per attempt for -w, until its handshake's outcome is known: a handshake is
 * a few dozen packets, one with a chain of a few hundred KB (seen in public captures) a
 * few hundred; what comes after the outcome is not needed by a vendor. The written file
 * must carry what decided the class (its close, its alert), so the bound is well above
 * BOUND_HANDSHAKE_MESSAGE. */
#define BOUND_KEPT_FRAMES 1024
#define BOUND_KEPT_BYTES ((size_t)1024 * 1024)

/* Facts kept per attempt: the first N alerts, closes and records worth telling. */
#define BOUND_ALERTS 8
#define BOUND_RECORD_TRACE 64
#define BOUND_EVIDENCE 16
#define BOUND_EVIDENCE_LEN 240

/* ClientHello lists kept for fingerprints and evidence; larger lists are counted. */
#define BOUND_CIPHERS 128
#define BOUND_EXTENSIONS 64
#define BOUND_GROUPS 48
#define BOUND_SIGALGS 64
#define BOUND_VERSIONS 16
#define BOUND_ALPN 16
#define BOUND_ALPN_NAME 48
#define BOUND_KEY_SHARES 8
#define BOUND_POINT_FORMATS 8
#define BOUND_SNI 256

/* Certificates described per chain, and bytes kept of one DN or name. */
#define BOUND_CHAIN 10
#define BOUND_CA_NAMES 16
#define BOUND_DN 256

/* Output of batch items held in memory while an earlier item is still being written
 * (-j): the threads of later items wait beyond it. */
#define BOUND_BATCH_HELD_OUTPUT ((size_t)32 * 1024 * 1024)
/* Output of the item being written held ahead of a writer slower than its reader (a
 * report written to a slow disk or pipe): the reader waits beyond it. A few thousand
 * attempts: enough that the two threads seldom wait for each other. */
#define BOUND_BATCH_WRITING_OUTPUT ((size_t)8 * 1024 * 1024)

/* Per-capture decisions (decide.h): failures waiting for the end of the capture to be
 * compared with their server's other handshakes, servers remembered, and distinct names
 * counted per server (a virtual host serves a handful; the rest count together). */
#define BOUND_HELD_ATTEMPTS 1024
#define BOUND_SERVER_HISTORY 100000
/* Names whose certificate issuers are remembered (decide.c), to see one name served
 * by two issuers in a capture (TLS interception on one path). */
#define BOUND_NAME_ISSUERS 4096
/* Encapsulations named per connection (tunnels and tags, outermost first). */
#define BOUND_ENCAP 8
/* IP fragment reassembly (frag.c): datagrams in progress at once, bytes held in all,
 * and how long a datagram may wait for its last fragment (Linux's ipfrag_time). */
#define BOUND_FRAG_DATAGRAMS 1024
#define BOUND_FRAG_BYTES ((size_t)16 * 1024 * 1024)
#define BOUND_FRAG_SECONDS 30.0
/* A clear-text dialogue before TLS (upgrade.c): one line or message held per side at a
 * time (longer lines are cut), and the bytes per side it is followed for before it is
 * taken to be no upgrade (STARTTLS comes right after the greeting and capabilities). */
#define BOUND_UPGRADE_MESSAGE 512
#define BOUND_UPGRADE_BYTES ((size_t)16 * 1024)

/* Suites a server chose in named handshakes, remembered per server (decide.c). */
#define BOUND_HISTORY_SUITES 8
/* What a server's successful handshakes chose, for the negotiation diff of a failure
 * (struct server_accepts): distinct versions, suites, groups and ALPN protocols. A server
 * chooses from a short preference list: a few of each cover what clients meet. */
#define BOUND_ACCEPTS_VERSIONS 6
#define BOUND_ACCEPTS_SUITES 16
#define BOUND_ACCEPTS_GROUPS 8
#define BOUND_ACCEPTS_ALPN 4
#define BOUND_ACCEPTS_SIGALGS 8

/* --metrics: distinct servers and SNI values with series of their own (the rest are
 * "other": a client chooses its SNI), the bytes kept of a label value, and scrapers
 * served at once. */
#define BOUND_METRICS_LABELS 100
#define BOUND_METRICS_LABEL_LEN 256
#define BOUND_METRICS_CONNECTIONS 4

/* --html: the failure cards written (each a few KB with its ladder: 2,000 make a file a
 * browser opens at once; the rest are counted and the filters narrow a run), the failures
 * kept for the timeline (16 bytes each), and how many are drawn one by one before the
 * timeline counts them per slice of the span. */
#define BOUND_HTML_CARDS 2000
#define BOUND_HTML_MARKS 1000000
#define BOUND_HTML_TIMELINE_MARKS 500
/* --html: servers in the policy table, most failed first (the whole summary follows it). */
#define BOUND_HTML_SERVERS 200
#define BOUND_HISTORY_NAMES 16
/* -w: successful handshakes kept per server for the failures that compared with them
 * (two distinct names, so one always differs from a refused name; one with a client
 * certificate), and their frames' bytes per capture (a handshake is 5-20 KB). */
#define BOUND_HISTORY_CONTEXT 3
#define BOUND_CONTEXT_BYTES ((size_t)16 * 1024 * 1024)

/* Distinct keys (servers, names, clients, files) per tally of the batch summary; past
 * it, known keys still count and new ones are left out of the top lists. */
#define BOUND_TRIAGE_KEYS 1000000

/* Batch input: directory depth walked, and bundles inside bundles opened (customers
 * send a zip of tarballs of compressed captures; deeper nesting is a zip bomb). */
#define BOUND_WALK_DEPTH 64
#define BOUND_NESTED_BUNDLES 4
/* Members opened from one input, all its nested bundles together: tens of thousands of
 * captures in one archive are real; millions from a few kilobytes are a bomb. */
#define BOUND_BUNDLE_MEMBERS 200000

#endif
