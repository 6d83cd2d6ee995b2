/*
 * facts.h — everything observed about one connection attempt, as plain data.
 *
 * The flow and TLS stages fill a struct facts; facts_derive computes, once, what follows
 * from it (struct facts_derived); the rules read only these two and decide a class; the
 * report prints it. Nothing here points into packet buffers: names from the wire are
 * copied (bounded) when the message holding them is parsed.
 */
#ifndef TLSDIAG_FACTS_H
#define TLSDIAG_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bounds.h"

enum side { SIDE_CLIENT = 0, SIDE_SERVER = 1 };

struct keylog_entry;

struct endpoint {
	uint8_t family;     /* 4 or 6 */
	uint8_t addr[16];   /* IPv4 in the first 4 bytes */
	uint16_t port;
};

/*
 * Stages of the handshake, in the order a TLS 1.2 full handshake passes them. The
 * stage reached when something happened (an alert, a close) is what the rules read.
 */
enum stage {
	STAGE_NONE = 0,          /* nothing of TLS yet */
	STAGE_CLIENT_HELLO,      /* client sent its hello */
	STAGE_SERVER_HELLO,      /* server sent ServerHello (TLS 1.3: and its encrypted flight may follow) */
	STAGE_SERVER_CERT,       /* server sent Certificate (in clear, TLS <= 1.2) */
	STAGE_SERVER_DONE,       /* server finished its first flight (ServerHelloDone) */
	STAGE_CLIENT_CERT,       /* client sent Certificate */
	STAGE_CLIENT_KEX,        /* client sent ClientKeyExchange */
	STAGE_CLIENT_CCS,        /* client sent ChangeCipherSpec / its encrypted flight */
	STAGE_SERVER_CCS,        /* server sent ChangeCipherSpec */
	STAGE_APPDATA,           /* application data after the handshake */
	STAGE__COUNT
};

/* Why a connection was decided before it ended: a bound of the flow table was reached
 * and it was the least recently active. */
enum evict_reason {
	EVICT_NONE = 0,
	EVICT_FLOWS,             /* the table held its maximum of connections (--max-flows) */
	EVICT_MEMORY,            /* connection state reached --max-memory */
};

/* What a key log did for an attempt. */
enum keylog_status {
	KEYLOG_UNUSED = 0,       /* no key log given, or the handshake never reached its keys */
	KEYLOG_MATCHED,          /* the log holds this connection's secrets: records decrypted */
	KEYLOG_NO_ENTRY,         /* the log has no line for this client random */
	KEYLOG_NO_SECRET,        /* a line, but not the secret this version needs */
	KEYLOG_SUITE_UNSUPPORTED, /* a cipher suite that cannot be decrypted here */
	KEYLOG_CIPHER_UNAVAILABLE, /* a suite decrypted here, but libcrypto lacks its cipher */
};

struct tls_client_hello {
	uint16_t record_version;
	uint16_t legacy_version;
	bool sslv2_format;                 /* SSL 2.0-compatible CLIENT-HELLO */
	uint32_t length;                   /* handshake message body length */
	uint8_t random[32];
	uint8_t session_id_len;
	uint8_t session_id[32];
	uint16_t versions[BOUND_VERSIONS]; /* supported_versions, wire order, GREASE kept */
	uint8_t n_versions;
	bool has_supported_versions;
	uint16_t ciphers[BOUND_CIPHERS];   /* wire order, GREASE kept; SSLv2 kinds folded to 16 bits */
	uint16_t n_ciphers;
	uint16_t n_ciphers_total;
	uint8_t n_compression;
	bool compression_null_only;
	uint16_t exts[BOUND_EXTENSIONS];   /* extension types, wire order */
	uint16_t n_exts;
	uint16_t n_exts_total;
	uint16_t groups[BOUND_GROUPS];
	uint8_t n_groups;
	uint8_t point_formats[BOUND_POINT_FORMATS];
	uint8_t n_point_formats;
	uint16_t sigalgs[BOUND_SIGALGS];
	uint8_t n_sigalgs;
	uint16_t key_share_groups[BOUND_KEY_SHARES];
	uint8_t n_key_shares;
	uint32_t key_share_bytes;
	bool has_sni;
	char sni[BOUND_SNI];               /* bytes as sent, NUL-terminated; may hold anything */
	uint16_t sni_len;
	char alpn[BOUND_ALPN][BOUND_ALPN_NAME];
	uint8_t alpn_len[BOUND_ALPN];
	uint8_t n_alpn;
	bool has_session_ticket;
	bool session_ticket_nonempty;
	bool has_psk;
	bool has_early_data;
	bool has_ech;
	bool has_padding;
	bool has_renegotiation_info;
	bool has_status_request;
	bool offers_scsv_fallback;         /* TLS_FALLBACK_SCSV: a retry at a lower version */
};

struct tls_server_hello {
	uint16_t legacy_version;
	uint16_t selected_version;         /* from supported_versions, else legacy_version */
	uint16_t cipher;
	uint8_t compression;
	uint8_t random[32];
	uint8_t session_id_len;
	uint8_t session_id[32];
	uint16_t exts[BOUND_EXTENSIONS];   /* extension types, wire order */
	uint16_t n_exts;
	uint16_t n_exts_total;             /* all of them, also past the bound */
	bool has_supported_versions;
	bool has_psk;                      /* TLS 1.3 resumption accepted */
	bool has_alpn;
	char alpn[BOUND_ALPN_NAME];
	uint8_t alpn_len;
	uint16_t key_share_group;
	bool sslv2;                        /* SSL 2.0 SERVER-HELLO */
};

struct alert_fact {
	uint8_t from;                      /* enum side */
	uint8_t level;                     /* 1 warning, 2 fatal, 0 unknown (encrypted) */
	uint8_t code;
	bool encrypted;                    /* inferred from size; code unknown */
	uint8_t stage;                     /* enum stage reached when it was sent */
	/* A client's alert sent before it had the server's Finished (TLS <= 1.2, after
	 * both Finished were seen): the client aborted a handshake the capture saw end. */
	bool before_peer_finished;
	double t;                          /* seconds since the attempt's first packet */
};

struct close_fact {
	bool seen;
	bool rst;
	double t;
	uint8_t stage;                     /* enum stage reached when it was sent */
	uint8_t ttl;                       /* TTL or hop limit of the closing packet */
	bool has_ip_id;
	uint16_t ip_id;
	bool had_payload_before;           /* this side had sent TLS bytes before closing */
	uint64_t packet_no;                /* orders closes captured at the same instant */
};

/* One record after the ServerHello, for the shape-based inferences of TLS 1.3. */
struct record_note {
	uint8_t from;
	uint8_t content_type;
	uint16_t length;
	double t;
};

/* What the certificate stage reports of one certificate. */
struct cert_fact {
	bool parsed;
	char subject[BOUND_DN];
	char issuer[BOUND_DN];
	char not_before[24];               /* RFC 3339 */
	char not_after[24];
	int64_t not_before_epoch;
	int64_t not_after_epoch;
	char serial[64];
	char key_type[16];                 /* RSA, EC, Ed25519, ... */
	int key_bits;
	char curve[64];
	char sig_alg[48];
	char san[512];                     /* comma separated DNS:/IP: entries */
	bool self_signed;
	bool is_ca;
	char key_usage[96];
	char ext_key_usage[96];
	char sha256[65];
	uint32_t der_len;
	uint8_t *der;                      /* owned copy, kept only when certificates are extracted */
};

/* A clear-text dialogue before the TLS handshake (upgrade.h): a STARTTLS-style upgrade
 * of a clear-text protocol, or a forward proxy's CONNECT / SOCKS request. */
enum upgrade_kind {
	UPGRADE_NONE = 0,
	UPGRADE_SMTP,            /* RFC 3207 STARTTLS */
	UPGRADE_IMAP,            /* RFC 3501 6.2.1 STARTTLS */
	UPGRADE_POP3,            /* RFC 2595 STLS */
	UPGRADE_FTP,             /* RFC 4217 AUTH TLS */
	UPGRADE_NNTP,            /* RFC 4642 STARTTLS */
	UPGRADE_LDAP,            /* RFC 4511 4.14 StartTLS extended operation */
	UPGRADE_XMPP,            /* RFC 6120 5 <starttls/> */
	UPGRADE_POSTGRESQL,      /* SSLRequest */
	UPGRADE_MYSQL,           /* the CLIENT_SSL capability and the SSL request */
	UPGRADE_HTTP_CONNECT,    /* RFC 9110 9.3.6 CONNECT through a forward proxy */
	UPGRADE_SOCKS4,          /* SOCKS 4 and 4a */
	UPGRADE_SOCKS5,          /* RFC 1928 */
	UPGRADE__COUNT
};

enum upgrade_answer {
	UPGRADE_NO_ANSWER = 0,   /* nothing answered the last request (yet) */
	UPGRADE_ACCEPTED,        /* the server (proxy) said go ahead */
	UPGRADE_REFUSED,         /* it refused */
};

struct upgrade_fact {
	uint8_t kind;            /* enum upgrade_kind; UPGRADE_NONE: no such dialogue */
	bool requested;          /* the client asked for TLS (STARTTLS, SSLRequest, ...) or for a tunnel */
	uint8_t answer;          /* enum upgrade_answer, to the last request */
	bool offers_seen;        /* the server listed what it offers (EHLO answer, CAPA, FEAT, features, greeting) */
	bool offered;            /* ...and the upgrade was among it */
	bool client_quit;        /* the client said goodbye in the protocol (QUIT, LOGOUT, </stream>) */
	bool client_went_on;     /* the client went on in clear text after a refusal or without asking */
	uint8_t refusals;        /* refusing answers over all requests (a proxy asking for credentials first) */
	bool credentials_sent;   /* the request carried proxy credentials */
	uint16_t code;           /* the answer's code: reply code, HTTP status, SOCKS reply, LDAP resultCode */
	double t_request;        /* seconds since t_first, of the last request (when requested) */
	double t_answer;         /* ...and of its answer (when answered) */
	char request[64];        /* the last request, printable ASCII */
	char reply[112];         /* the answer to it */
	char greeting[72];       /* the server's greeting, when it spoke first */
	char target[136];        /* a proxy's destination host:port (an XMPP stream's domain) */
	uint16_t target_port;
};

/* How the handshake travelled. */
enum transport {
	TRANSPORT_TCP = 0,
	TRANSPORT_QUIC,          /* RFC 9000/9001: TLS 1.3 in CRYPTO frames of UDP datagrams */
	TRANSPORT_DTLS,          /* RFC 6347, RFC 9147: TLS records adapted to UDP datagrams */
};

/* QUIC packets as counted per side (RFC 9000 17). */
enum quic_kind {
	QUIC_KIND_INITIAL,
	QUIC_KIND_0RTT,
	QUIC_KIND_HANDSHAKE,
	QUIC_KIND_RETRY,
	QUIC_KIND_VERSION_NEGOTIATION,
	QUIC_KIND_SHORT,         /* 1-RTT, short header */
	QUIC_KIND__COUNT
};

/* A CONNECTION_CLOSE frame (RFC 9000 19.19). */
struct quic_close_fact {
	bool seen;
	bool application;        /* type 0x1d: an application error, not a transport one */
	uint8_t kind;            /* enum quic_kind of the packet that carried it */
	uint64_t error_code;     /* RFC 9000 20.1; 0x0100 + alert: a TLS alert (RFC 9001 4.8) */
	uint64_t frame_type;     /* the frame type that triggered it (0: none given) */
	double t;                /* seconds since t_first */
	char reason[64];         /* reason phrase as sent (bytes, NUL-terminated; may hold anything) */
};

/* One QUIC packet in the order captured, for the shape of the handshake (who sent what,
 * how large, when: rules.c reads the server's reaction to the client's flight from it). */
struct quic_packet_note {
	uint8_t from;                      /* enum side */
	uint8_t kind;                      /* enum quic_kind */
	uint16_t len;                      /* the long header's Length, or a short header packet's bytes */
	uint16_t datagram;                 /* the UDP payload of its datagram, on its first packet (else 0) */
	float t;                           /* seconds since t_first */
};

/*
 * One step of an attempt as the capture saw it, in capture order: a TCP event, a TLS
 * message, record or alert, a QUIC packet, an ICMP error. The ladder (ladder.h) draws
 * them and the JSON histories spell them. Consecutive repeats of one kind from one side
 * (retransmissions, application data records) are one step with a count.
 */
enum step_kind {
	STEP_SYN,                /* client SYN (count: with its retransmissions) */
	STEP_SYNACK,             /* server SYN-ACK */
	STEP_ACK,                /* the client's ACK of the SYN-ACK */
	STEP_FIN,
	STEP_RST,
	STEP_RETRANSMIT,         /* a segment whose bytes were all sent before (size: its payload) */
	STEP_GAP,                /* bytes of this side the capture lacks */
	STEP_CLEARTEXT,          /* bytes that are not TLS (a STARTTLS dialogue, an HTTP answer) */
	STEP_MESSAGE,            /* a handshake message (detail: its type; size: its body) */
	STEP_CCS,                /* ChangeCipherSpec */
	STEP_ALERT,              /* detail: the code, flags: the level; STEP_ENCRYPTED: code unknown */
	STEP_RECORD,             /* a protected record not read (detail: its outer content type) */
	STEP_APPDATA,            /* application data read (decrypted) */
	STEP_QUIC_PACKET,        /* detail: enum quic_kind; size: the packet's length */
	STEP_QUIC_CLOSE,         /* CONNECTION_CLOSE (size: the error code, saturated) */
	STEP_ICMP,               /* detail: the ICMP type, size: its code; flags: STEP_V6 for ICMPv6 */
	STEP__COUNT
};

enum step_flag {
	STEP_ENCRYPTED = 1u << 0,          /* an alert known only by its record (code unknown) */
	STEP_DECRYPTED = 1u << 1,          /* read with the key log */
	STEP_WARNING = 1u << 2,            /* alert level 1 */
	STEP_FATAL = 1u << 3,              /* alert level 2 */
	STEP_V6 = 1u << 4,                 /* ICMPv6 */
	STEP_APPLICATION = 1u << 5,        /* QUIC: an application CONNECTION_CLOSE (0x1d) */
	STEP_EARLY = 1u << 6,              /* 0-RTT data sent before any ServerHello */
	STEP_ALERT_SIZED = 1u << 7,        /* a TLS 1.3 protected record of an alert's size */
};

struct step {
	float t;                           /* seconds since t_first */
	uint32_t size;                     /* bytes (summed over count), or as the kind says */
	uint16_t count;                    /* repeats folded into this step, >= 1 */
	uint8_t from;                      /* enum side */
	uint8_t kind;                      /* enum step_kind */
	uint8_t detail;
	uint8_t flags;                     /* enum step_flag */
};

/* What the QUIC stage (quic.h) saw of one connection. Times are seconds since t_first,
 * < 0 when not seen. */
struct quic_fact {
	uint32_t version;                  /* of the client's first Initial, 0 unknown */
	uint32_t server_version;           /* of the server's first long header packet other than VN */
	bool version_known;                /* its Initial protection can be removed here */
	uint8_t dcid[20];                  /* the client's first Destination Connection ID (the Initial keys') */
	uint8_t dcid_len;
	uint8_t server_cid[20];            /* the server's Source Connection ID */
	uint8_t server_cid_len;
	uint32_t packets[2][QUIC_KIND__COUNT];
	double t_first[2][QUIC_KIND__COUNT];
	uint32_t datagrams[2];
	uint32_t coalesced[2];             /* datagrams that carried more than one packet */
	uint16_t first_datagram_len;       /* UDP payload of the client's first datagram */
	uint16_t min_initial_datagram;     /* the smallest and largest client datagram with an Initial */
	uint16_t max_initial_datagram;
	uint32_t initials_unanswered;      /* client datagrams with an Initial before any server packet */
	double t_last_client_initial;
	uint64_t server_bytes_unvalidated; /* server bytes sent before the client's first Handshake packet */
	uint64_t client_bytes_unvalidated; /* client bytes before it (the server's 3x budget, RFC 9000 8.1) */
	uint32_t vn_versions[BOUND_QUIC_VERSIONS]; /* a Version Negotiation packet's list (GREASE kept) */
	uint8_t n_vn_versions;
	bool retry_seen;
	bool retry_followed;               /* a client Initial to the Retry's connection ID came after */
	bool initial_token;                /* the client's first Initial carried a token (NEW_TOKEN) */
	uint32_t undecryptable[2];         /* Initial packets that did not authenticate */
	uint32_t decrypted_packets[2];     /* packets opened (Initial; Handshake, 1-RTT with a key log) */
	uint32_t malformed_packets[2];
	char malformed_why[2][80];         /* the first of them */
	uint32_t crypto_frames[2];
	bool crypto_capped[2];             /* CRYPTO data past the bounds was dropped */
	bool crypto_gap[2];                /* CRYPTO data was missing where the handshake stopped */
	bool handshake_keys[2];            /* Handshake packets opened with a key log */
	bool handshake_done;               /* a HANDSHAKE_DONE frame was read (RFC 9000 19.20) */
	struct quic_close_fact close[2];
	struct quic_packet_note trace[BOUND_QUIC_TRACE];
	uint8_t n_trace;                   /* when full, the stage stops reading: the handshake is in it */
};

/* What the DTLS stage (dtls.h) saw of one connection. */
struct dtls_fact {
	uint16_t record_version[2];        /* of each side's first record */
	uint32_t records[2];
	uint32_t datagrams[2];
	uint32_t handshake_fragments[2];   /* handshake message fragments read */
	uint32_t retransmitted[2];         /* handshake messages received again (a flight resent) */
	uint32_t replayed_records[2];      /* records whose epoch and sequence number were seen */
	uint16_t max_epoch[2];
	bool hello_verify_seen;            /* HelloVerifyRequest (RFC 6347 4.2.1) */
	uint8_t cookie_len;
	bool cookie_echoed;                /* a second ClientHello carried the cookie */
	uint32_t malformed_records[2];
	/* Wire versions (0xfeff DTLS 1.0, 0xfefd 1.2, 0xfefc 1.3, 0x0100 OpenSSL's pre-RFC
	 * DTLS); the TLS facts hold them mapped to the TLS versions they are built on. */
	uint16_t client_hello_version;     /* ClientHello.client_version, 0 none */
	uint16_t hello_verify_version;     /* HelloVerifyRequest.server_version */
	uint16_t server_hello_version;     /* ServerHello.server_version */
	uint16_t selected_version;         /* supported_versions of the ServerHello, else server_hello_version */
	uint8_t client_hellos;             /* ClientHellos read (the one answering a HelloVerifyRequest too) */
	uint8_t client_cookie_len;         /* the cookie of the last ClientHello */
	bool second_hello_differs;         /* it differs from the first in more than its cookie (RFC 6347 4.2.1) */
	uint32_t malformed_fragments[2];   /* handshake fragments beyond their message, or disagreeing with it */
	uint32_t dropped_fragments[2];     /* fragments past the holding bounds (message_seq too far ahead, too many held) */
	uint32_t oversized_messages[2];    /* handshake messages longer than BOUND_HANDSHAKE_MESSAGE, not read */
	uint32_t unified_records[2];       /* DTLS 1.3 unified header records (RFC 9147 4), protected */
	uint32_t ack_records[2];           /* DTLS 1.3 ACK records (RFC 9147 7) */
	uint32_t cid_records[2];           /* records with a connection ID of unknown length (RFC 9146, RFC 9147 4) */
	uint32_t protected_before_ccs[2];  /* epoch >= 1 handshake or alert records before this side's CCS was seen */
	uint32_t empty_datagrams[2];
	char malformed_why[2][80];         /* the first malformed record or fragment of each side */
};

/* An ICMP Destination Unreachable about the client's datagrams (UDP transports). */
struct icmp_fact {
	bool seen;
	uint8_t type;                      /* of the first one: ICMP 3, ICMPv6 1 */
	uint8_t code;
	bool v6;
	bool from_server;                  /* sent by the server's address (else a router's) */
	struct endpoint from;
	uint8_t ttl;                       /* its TTL or hop limit */
	uint32_t count;
	double t;                          /* seconds since t_first, of the first one */
};

/* What one server's successful handshakes chose, as far as the capture had shown them when
 * a failure of it was decided (decide.c): what the server is seen to accept. */
struct server_accepts {
	uint32_t handshakes;               /* successful handshakes counted */
	uint16_t versions[BOUND_ACCEPTS_VERSIONS];
	uint8_t n_versions;
	uint16_t suites[BOUND_ACCEPTS_SUITES];
	uint8_t n_suites;
	uint16_t groups[BOUND_ACCEPTS_GROUPS];   /* key_share groups (TLS 1.3), ECDHE curves (1.2) */
	uint8_t n_groups;
	uint16_t sigalgs[BOUND_ACCEPTS_SIGALGS]; /* the signature algorithms it signed with */
	uint8_t n_sigalgs;
	char alpn[BOUND_ACCEPTS_ALPN][BOUND_ALPN_NAME];
	uint8_t alpn_len[BOUND_ACCEPTS_ALPN];
	uint8_t n_alpn;
	uint32_t without_alpn;             /* handshakes where the server chose no protocol */
};

struct facts {
	/* How the handshake travelled: over TCP (every field below), QUIC or DTLS (their own
	 * facts, and the TLS ones; no SYN, FIN or RST). */
	uint8_t transport;                 /* enum transport */
	struct quic_fact quic;
	struct dtls_fact dtls;
	struct icmp_fact icmp;
	/* Who and when. */
	struct endpoint client;
	struct endpoint server;
	bool roles_from_syn;               /* else from the ClientHello, else port heuristic */
	/* Carried in IP in IP: the tunnel's outer addresses on each side, with the TCP
	 * ports (what a tool that shows the outer header names the connection by). */
	bool tunnelled;
	struct endpoint tunnel_client;
	struct endpoint tunnel_server;
	uint8_t encap[BOUND_ENCAP];        /* enum decode_encap (decode.h): what its packets were carried in */
	uint8_t n_encap;
	bool roles_guessed;                /* only the port heuristic said who is who */
	double t_first;                    /* absolute seconds (epoch) of the first packet */
	double t_last;                     /* seconds since t_first: the attempt's last packet */
	double t_observed;                 /* seconds since t_first: when watching it stopped (>= t_last) */
	bool timed_out;                    /* live: decided because it stayed silent past the handshake timeout */
	uint64_t last_packet_no;
	uint64_t first_packet_no;
	uint64_t packets[2];
	uint64_t payload_bytes[2];
	uint64_t payload_after_hello[2];   /* bytes sent after the whole ClientHello (not a STARTTLS preamble) */

	/* TCP. Times are seconds since t_first; < 0 when not seen. */
	bool syn_seen;
	bool synack_seen;
	double t_syn;
	double t_syn_last;                 /* the last SYN before the SYN-ACK: the one answered */
	double t_synack;
	double t_ack;                      /* client's ACK of the SYN-ACK */
	double rtt;                        /* t_ack - t_syn at the capture point, < 0 unknown */
	uint8_t syn_ttl;
	uint8_t synack_ttl;
	bool synack_has_ip_id;
	uint16_t synack_ip_id;
	uint16_t server_last_ip_id;        /* of the last server packet before any close */
	bool server_ip_id_seen;
	uint8_t server_ttl_min;            /* over server packets other than closes */
	uint8_t server_ttl_max;
	struct close_fact fin[2];
	struct close_fact rst[2];
	uint32_t n_rst[2];
	uint32_t duplicates;               /* mirrored copies of its segments, dropped (flow.c) */
	bool midstream;                    /* the capture starts inside the connection */
	bool gap[2];                       /* bytes missing from this direction's stream */
	bool gap_acked[2];                 /* ...and the peer acknowledged them: lost by the capture */
	bool overlap_conflict[2];          /* retransmitted bytes differing from the first copy */
	bool buffer_capped[2];             /* a buffer bound was reached */
	bool truncated_packets;            /* packets cut by the snap length */
	uint8_t evicted;                   /* enum evict_reason: decided early to stay in bounds */
	bool client_acked_server_data;     /* client ACKs cover server bytes (one-sided capture) */
	bool server_bytes_missed;          /* the client acknowledged server bytes the capture lacks */

	/* The clear-text dialogue before the handshake, when there was one. */
	struct upgrade_fact upgrade;

	/* The attempt step by step (struct step), and the steps past BOUND_STEPS. */
	uint16_t ske_group;                /* TLS <= 1.2 ECDHE: the ServerKeyExchange's named curve */
	uint16_t server_sigalg;            /* the server's signature algorithm (TLS 1.2 ServerKeyExchange,
					    * TLS 1.3 CertificateVerify decrypted), 0 unknown */

	struct step steps[BOUND_STEPS];
	uint8_t n_steps;
	uint16_t steps_dropped;
	bool steps_cut;                    /* the last step offered was dropped */

	/* TLS, in order of appearance. */
	bool tls_seen[2];                  /* this side sent at least one well-formed record */
	bool client_hello_seen;
	double t_client_hello;             /* when the whole ClientHello had arrived */
	uint16_t client_hello_segments;
	bool client_hello_acked;           /* the server's ACK covered the whole hello */
	bool second_client_hello;          /* after a HelloRetryRequest */
	struct tls_client_hello ch;
	bool server_hello_seen;
	double t_server_hello;
	bool hrr_seen;
	struct tls_server_hello sh;
	uint16_t version;                  /* negotiated version, 0 unknown */
	bool version_inferred;             /* from record versions when ServerHello was missed */
	bool server_cert_seen;
	uint8_t n_server_certs;
	uint32_t server_cert_msg_len;      /* bytes of the server's Certificate message */
	bool server_kex_seen;
	bool cert_request_seen;
	uint8_t n_ca_names;                /* names kept in ca_names (heap, owned) */
	uint16_t n_ca_names_total;
	char (*ca_names)[BOUND_DN];
	bool server_hello_done_seen;
	bool client_cert_seen;
	uint8_t n_client_certs;            /* 0 with client_cert_seen: an empty Certificate */
	bool client_kex_seen;
	bool client_cert_verify_seen;
	bool ccs_seen[2];
	double t_ccs[2];
	bool finished_seen[2];             /* encrypted handshake record after CCS (TLS <= 1.2) */
	uint32_t enc_records[2];           /* encrypted records after the ServerHello / CCS */
	uint32_t appdata_records[2];
	uint32_t early_data_records;       /* client records before the ServerHello (0-RTT) */
	double t_first_appdata[2];
	bool new_session_ticket_seen;
	bool sslv2_handshake;              /* SSL 2.0 SERVER-HELLO answered an SSL 2.0 hello */
	struct alert_fact alerts[BOUND_ALERTS];
	uint8_t n_alerts;
	struct record_note trace[BOUND_RECORD_TRACE];
	uint8_t n_trace;
	uint8_t stage;                     /* enum stage reached */
	uint8_t stage_when_first_byte[2];  /* stage when each side sent its first payload byte */
	bool handshake_done;               /* the framer stopped reading: facts_outcome_known() held */
	/* The client acknowledged the packet that carried the server's Finished (TLS <= 1.2):
	 * from then on its alerts come after the handshake, not in it. */
	bool client_saw_server_finished;
	bool client_first_handshake_seen;  /* the client sent a whole clear-text handshake message */
	uint8_t client_first_handshake_type; /* ...of this type (a ClientHello, unless the client is broken) */
	/* Records of no handshake content type, counted but never read as part of the
	 * handshake (no trace entry, no stage): a peer's heartbeats say nothing about how
	 * its handshake went. */
	uint32_t heartbeat_records[2];     /* content type 24 (RFC 6520) */
	uint32_t other_records[2];         /* content types 25-63 (tls12_cid, ack, unassigned) */
	uint8_t other_record_type[2];      /* ...the first one's type */
	/* A handshake message whose length its records contradict was dropped (the reason is
	 * malformed_why) and reading went on at the next record. */
	bool hs_resynced[2];

	/* Decryption with a key log (decrypt.h). */
	uint8_t keylog_status;             /* enum keylog_status */
	bool keylog_cipher_legacy;         /* KEYLOG_CIPHER_UNAVAILABLE: it needs the legacy provider */
	bool decrypted;                    /* at least one record was decrypted */
	uint32_t decrypted_records[2];
	uint32_t undecrypted_records[2];   /* protected records the key log had no keys for */
	struct keylog_entry *secrets;      /* a copy of the secrets it was decrypted with (for -w), or NULL */
	bool decrypt_failed[2];            /* a record of this side did not authenticate */
	char decrypt_failed_why[2][64];
	bool finished_decrypted[2];        /* this side's Finished, decrypted */

	/* What did not parse. */
	bool not_tls[2];                   /* this side's first bytes are not TLS */
	uint8_t first_bytes[2][24];
	uint8_t first_bytes_len[2];
	bool malformed[2];
	char malformed_why[2][96];
	uint32_t malformed_offset[2];

	/* Certificates in clear (TLS <= 1.2): heap arrays of at least n_certs (at most
	 * BOUND_CHAIN), owned, NULL if none. */
	struct cert_fact *certs[2];
	uint8_t n_certs[2];

	/* Filled from the whole capture before the rules run. */
	struct cert_fact *accepted_client_cert; /* owned copy: a client certificate this server accepted */
	/* A negotiation failure: owned copy of what its server accepted (decide.c), or NULL. */
	struct server_accepts *server_accepts;
	/* The same name (SNI) served in this capture with a certificate of another issuer:
	 * owned copy of that issuer, or NULL; and whether that connection went through a proxy. */
	char *name_other_issuer;
	bool name_other_issuer_via_proxy;
	uint32_t same_server_ok_other_sni;  /* handshakes to this server that worked with another SNI */
	uint32_t same_server_ok_with_sni;   /* ...that worked at all, with an SNI */
	uint32_t same_server_ok_any;
	/* ...of them over TCP, and when the first began (seconds from this attempt's start,
	 * negative before it): a QUIC attempt's fallback (browsers race or retry over TCP). */
	uint32_t same_server_ok_tcp;
	double same_server_tcp_ok_t;
	/* ...where the client offered TLS 1.3 and the server chose an older version: the
	 * server does not speak TLS 1.3 (RFC 8446 4.2.1: a server picks the highest version
	 * both support). */
	uint32_t same_server_ok_without13;
	uint16_t same_server_max_ok_version; /* the highest version of its handshakes that worked, 0 none */
	/* The hello offers a suite this server chose in a handshake that named a host: what
	 * the client offers suits the server, but for the name. */
	bool same_server_suite_offered;
};

/*
 * What the sizes of TLS 1.3's encrypted records say (RFC 8446 hides the messages, not
 * their lengths), read from the record trace after the ServerHello. The client's flight
 * is its encrypted records from the first one on, up to the server's first record after
 * them (the server's reaction).
 */
struct facts_tls13_shape {
	bool after_server_hello;     /* TLS 1.3 and its ServerHello seen: the rest means something */
	int client_start;            /* trace index of the client's first encrypted record, or -1 */
	unsigned server_flight;      /* server encrypted records before the client's flight */
	uint16_t server_last_len;    /* length of the server's last encrypted record, 0 when none */
	bool server_last_is_alert;   /* ...which has the size of an encrypted alert */
	unsigned client_records;     /* client encrypted records before the server's reaction */
	unsigned client_bytes;       /* ...and their bytes */
	uint16_t client_first_len;   /* length of the client's first encrypted record, 0 when none */
	bool client_first_is_alert;  /* ...which has the size of an encrypted alert */
	bool client_empty_cert;      /* a record of the flight has the size of an empty Certificate */
	bool client_empty_cert_one_record; /* ...together with the Finished, in one record (NSS) */
	bool client_sent_cert;       /* the flight is larger than a Finished alone: it carries a certificate */
	unsigned server_after;       /* server encrypted records after the client's flight */
	bool server_only_alert;      /* ...exactly one, of alert size */
	unsigned client_after;       /* client records after the server's reaction */
	double server_reaction_t;    /* when the server's first record after the flight came, < 0 none */
	bool client_last_is_alert;   /* the client's last record before it has an alert's size */
	/* The server answered the client's flight with an abort: one alert-sized record
	 * (followed by nothing from the client, or by the server's close), or a close of its
	 * own and no record. Not when the client closed before the server reacted, nor when
	 * the client's last record was alert-sized: its close_notify has the alert's size
	 * too, and the server's answer is then its own close_notify. A client that closes
	 * after the server's lone alert-sized record is reacting to the alert; a client that
	 * sent a request behind its flight gets an answer from a server that accepted it, so
	 * one alert-sized record and nothing more is an abort whoever closed first. */
	bool server_aborted;
	bool server_abort_is_alert;  /* ...by the alert-sized record (else by a close) */
};

/* Signs that a close did not come from the server (facts_derived.server_close_signs). */
enum facts_forged_sign {
	FACTS_SIGN_TTL = 1u << 0,          /* TTL/hop limit other than the server's SYN-ACK's */
	FACTS_SIGN_TOO_SOON = 1u << 1,     /* after the ClientHello sooner than the round trip to the server allows */
	FACTS_SIGN_IP_ID = 1u << 2,        /* IP ID out of the server's sequence */
	FACTS_SIGN_BOTH_RESETS = 1u << 3,  /* resets in both directions at the same moment */
};

/*
 * Where the capture was taken, read from the TCP handshake: the capture point sees the
 * SYN-ACK one "server leg" after the SYN (its round trip to the server) and the ACK one
 * "client leg" after the SYN-ACK (its round trip to the client). Near the client the
 * client leg is next to nothing, near the server the server leg is; both ends' ACKs of a
 * handshake are sent by the kernel at once, so the legs are the path's, not the hosts'.
 */
enum capture_point {
	CAPTURE_POINT_UNKNOWN = 0,         /* no whole TCP handshake in the capture */
	CAPTURE_POINT_CLIENT,              /* the client leg is under a fifth of the round trip */
	CAPTURE_POINT_SERVER,              /* the server leg is */
	CAPTURE_POINT_MIDDLE,              /* both legs count: a mirror port or tap on the path */
	CAPTURE_POINT_BOTH,                /* round trip under a millisecond: both ends are near */
};

/* The capture point of an attempt, and the two legs it is read from (seconds, < 0
 * unknown; either pointer may be NULL). */
enum capture_point facts_capture_point(const struct facts *f, double *server_leg, double *client_leg);

/* "client", "server", "middle", "both", "unknown". */
const char *facts_capture_point_name(enum capture_point p);

/*
 * Facts derived from a struct facts, computed once before the rules run (facts_derive)
 * so that every rule reads the same answer. Pointers point into the struct facts they
 * were derived from, and are valid as long as it is neither changed nor released.
 */
struct facts_derived {
	/* The first clear-text alert that ends the handshake: fatal, or a warning that is
	 * not benign, not sent after the peer had closed (except a verdict on the peer's
	 * certificate). NULL when none. */
	const struct alert_fact *failure_alert;
	const struct alert_fact *server_encrypted_alert; /* the server's last encrypted alert, or NULL */
	const struct close_fact *first_close[2];  /* each side's first FIN or RST, or NULL */
	const struct close_fact *first_close_any; /* the first of both */
	/* The server's first close when it came before any close of the client (else the
	 * server only answered the client's), or NULL. */
	const struct close_fact *server_close_first;
	unsigned server_close_signs;      /* enum facts_forged_sign of server_close_first */
	double server_leg;                /* SYN to SYN-ACK at the capture point (s), < 0 unknown */
	double client_leg;                /* SYN-ACK to the client's ACK (s), < 0 unknown */
	enum capture_point capture_point;
	/* A reset claiming to come from the client with another TTL than the client's SYN,
	 * before any close of the server and with no TLS byte from it, or NULL. */
	const struct close_fact *forged_client_reset;
	bool syn_unanswered;              /* a SYN and nothing from the server, not even a reset */
	bool client_cert_sent;            /* a client Certificate with at least one certificate */
	bool client_cert_empty;           /* an empty client Certificate, or SSL 3.0's no_certificate alert */
	bool resumed;                     /* the server resumed a session (PSK, session ID or ticket) */
	uint16_t client_max_version;      /* highest version the client offered (GREASE left out) */
	bool server_answer_printable;     /* the server's first bytes are mostly printable: a clear-text protocol */
	/* TLS <= 1.2: the server answered the client's Finished flight with an encrypted
	 * alert or a close instead of its ChangeCipherSpec. */
	bool tls12_finished_refused;
	bool outcome_known;               /* facts_outcome_known(f) */
	struct facts_tls13_shape tls13;
};

/* Fills d from f (see struct facts_derived for the lifetime of its pointers). */
void facts_derive(const struct facts *f, struct facts_derived *d);

/* A verdict on a certificate the peer sent (RFC 8446 6.2): bad, unsupported, revoked,
 * expired or unknown certificate, unknown CA, access denied, certificate required. */
bool facts_cert_verdict_alert(uint8_t code);

/* Adds a step (folded into the last one when it repeats it: same side, kind, detail
 * and flags). Past BOUND_STEPS it is counted only; the
 * last BOUND_STEPS_FOR_END places are kept for alerts, closes and ICMP errors. */
void facts_add_step(struct facts *f, enum side from, enum step_kind kind, uint8_t detail, uint8_t flags,
		    size_t size, double t);

/* An ICMP or ICMPv6 destination unreachable code: is it a filter's refusal
 * (administratively prohibited), and its name ("port unreachable"). */
bool facts_icmp_prohibited(bool v6, uint8_t code);
const char *facts_icmp_name(bool v6, uint8_t code);

/* The group the server chose: its TLS 1.3 key share, or its TLS 1.2 ECDHE curve; 0 none. */
uint16_t facts_server_group(const struct facts *f);

/* A TLS 1.3 protected record of this length holds an alert (2 bytes, type, tag, padding). */
bool facts_alert_sized(uint32_t len);

/* Releases what a facts struct owns (certificates, CA names); the struct itself stays. */
void facts_release(struct facts *f);

/*
 * True once f shows how the handshake ended, so that nothing later in the connection can
 * change its verdict: Finished both ways (TLS <= 1.2), SSL 2.0 encrypted records both
 * ways, TLS 1.3 decrypted with both Finished and the server carrying on after the
 * client's, or more records after the keys than the record trace holds (the shapes the
 * rules read are all in it). Also true once handshake_done is set. It never turns false
 * again as facts are added. The one decision of it: the framer stops reading there
 * (handshake_done), the flow table frees the payload state and (live) reports the
 * attempt, the rules tell a close after the outcome from one during the handshake.
 */
bool facts_outcome_known(const struct facts *f);
/* TLS 1.3 decrypted: the server sent application data or a session ticket, which it
 * does only once it has accepted the client's Finished flight. */
bool facts_tls13_server_went_on(const struct facts *f);
/* Bytes allocated for f beyond its own struct (certificates, CA names). */
size_t facts_memory(const struct facts *f);

/* The first item of the given kind, or NULL (helpers for the rules). */
const struct alert_fact *facts_first_fatal_alert(const struct facts *f);
const struct alert_fact *facts_first_plain_alert(const struct facts *f, int from, bool fatal_only);
const struct close_fact *facts_first_close(const struct facts *f, int from);

/* Name of a stage for evidence ("after ServerHello"). */
const char *facts_stage_name(enum stage s);

#endif
