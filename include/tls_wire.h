/*
 * tls_wire.h — the numbers TLS puts on the wire, each with its value, in one place:
 * record content types, handshake types, alert levels and descriptions, extension types,
 * protocol versions, and the SSL 2.0 message and error codes a compatible hello brings.
 *
 * Code says TLS_ALERT_UNRECOGNIZED_NAME, never 112; comments and evidence may add the
 * number, as RFCs and peers' logs do ("unrecognized_name(112)"). The words printed for
 * these values come from tls_names.h. Values are those of the IANA "TLS Parameters"
 * registries unless marked otherwise; this header holds only numbers (no declarations),
 * so any module may include it.
 */
#ifndef TLSDIAG_TLS_WIRE_H
#define TLSDIAG_TLS_WIRE_H

/* ---- record layer (RFC 8446 5.1, RFC 5246 6.2.1) ---- */

#define TLS_RECORD_HEADER_LEN 5      /* type(1) legacy_record_version(2) length(2) */
#define TLS_RECORD_MAJOR 3           /* first version byte of SSL 3.0 and every TLS record */

/* ContentType */
#define TLS_CT_CHANGE_CIPHER_SPEC 20
#define TLS_CT_ALERT 21
#define TLS_CT_HANDSHAKE 22
#define TLS_CT_APPLICATION_DATA 23
#define TLS_CT_HEARTBEAT 24          /* RFC 6520 */
#define TLS_CT_TLS12_CID 25          /* RFC 9146 */
#define TLS_CT_ACK 26                /* RFC 9147, DTLS 1.3 */
/* The last value a record's type may take: RFC 7983 5 gives the record layer the first
 * bytes 20-63 when protocols share a port. Past 26 nothing is assigned, but such a
 * record is framed like any other. */
#define TLS_CT_LAST 63

/* ---- handshake messages (RFC 8446 4, RFC 5246 7.4) ---- */

#define TLS_HANDSHAKE_HEADER_LEN 4   /* msg_type(1) length(3) */

/* HandshakeType */
#define TLS_HS_HELLO_REQUEST 0
#define TLS_HS_CLIENT_HELLO 1
#define TLS_HS_SERVER_HELLO 2
#define TLS_HS_HELLO_VERIFY_REQUEST 3      /* RFC 6347, DTLS */
#define TLS_HS_NEW_SESSION_TICKET 4
#define TLS_HS_END_OF_EARLY_DATA 5
#define TLS_HS_HELLO_RETRY_REQUEST 6       /* TLS 1.3 drafts; now a ServerHello */
#define TLS_HS_ENCRYPTED_EXTENSIONS 8
#define TLS_HS_REQUEST_CONNECTION_ID 9     /* RFC 9147 */
#define TLS_HS_NEW_CONNECTION_ID 10        /* RFC 9147 */
#define TLS_HS_CERTIFICATE 11
#define TLS_HS_SERVER_KEY_EXCHANGE 12
#define TLS_HS_CERTIFICATE_REQUEST 13
#define TLS_HS_SERVER_HELLO_DONE 14
#define TLS_HS_CERTIFICATE_VERIFY 15
#define TLS_HS_CLIENT_KEY_EXCHANGE 16
#define TLS_HS_CLIENT_CERTIFICATE_REQUEST 17 /* RFC 9261 */
#define TLS_HS_FINISHED 20
#define TLS_HS_CERTIFICATE_URL 21          /* RFC 6066 */
#define TLS_HS_CERTIFICATE_STATUS 22       /* RFC 6066 */
#define TLS_HS_SUPPLEMENTAL_DATA 23        /* RFC 4680 */
#define TLS_HS_KEY_UPDATE 24
#define TLS_HS_COMPRESSED_CERTIFICATE 25   /* RFC 8879 */
#define TLS_HS_EKT_KEY 26                  /* RFC 8870 */
#define TLS_HS_NEXT_PROTOCOL 67            /* never registered: draft-agl-tls-nextprotoneg */
#define TLS_HS_MESSAGE_HASH 254            /* RFC 8446 4.4.1, never sent */

/* ---- alerts (RFC 8446 6, RFC 5246 7.2) ---- */

#define TLS_ALERT_LEN 2              /* level(1) description(1) */

/* AlertLevel */
#define TLS_ALERT_LEVEL_WARNING 1
#define TLS_ALERT_LEVEL_FATAL 2

/* AlertDescription. IANA lists 21, 41, 60, 100, 111 and 114 as "_RESERVED" now; old
 * peers still send them, so they keep their protocol names. */
#define TLS_ALERT_CLOSE_NOTIFY 0
#define TLS_ALERT_UNEXPECTED_MESSAGE 10
#define TLS_ALERT_BAD_RECORD_MAC 20
#define TLS_ALERT_DECRYPTION_FAILED 21
#define TLS_ALERT_RECORD_OVERFLOW 22
#define TLS_ALERT_DECOMPRESSION_FAILURE 30
#define TLS_ALERT_HANDSHAKE_FAILURE 40
#define TLS_ALERT_NO_CERTIFICATE 41              /* SSL 3.0 */
#define TLS_ALERT_BAD_CERTIFICATE 42
#define TLS_ALERT_UNSUPPORTED_CERTIFICATE 43
#define TLS_ALERT_CERTIFICATE_REVOKED 44
#define TLS_ALERT_CERTIFICATE_EXPIRED 45
#define TLS_ALERT_CERTIFICATE_UNKNOWN 46
#define TLS_ALERT_ILLEGAL_PARAMETER 47
#define TLS_ALERT_UNKNOWN_CA 48
#define TLS_ALERT_ACCESS_DENIED 49
#define TLS_ALERT_DECODE_ERROR 50
#define TLS_ALERT_DECRYPT_ERROR 51
#define TLS_ALERT_TOO_MANY_CIDS_REQUESTED 52     /* RFC 9147 */
#define TLS_ALERT_EXPORT_RESTRICTION 60
#define TLS_ALERT_PROTOCOL_VERSION 70
#define TLS_ALERT_INSUFFICIENT_SECURITY 71
#define TLS_ALERT_INTERNAL_ERROR 80
#define TLS_ALERT_INAPPROPRIATE_FALLBACK 86      /* RFC 7507 */
#define TLS_ALERT_USER_CANCELED 90
#define TLS_ALERT_NO_RENEGOTIATION 100
#define TLS_ALERT_MISSING_EXTENSION 109
#define TLS_ALERT_UNSUPPORTED_EXTENSION 110
#define TLS_ALERT_CERTIFICATE_UNOBTAINABLE 111   /* RFC 6066 */
#define TLS_ALERT_UNRECOGNIZED_NAME 112          /* RFC 6066 */
#define TLS_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE 113 /* RFC 6066 */
#define TLS_ALERT_BAD_CERTIFICATE_HASH_VALUE 114 /* RFC 6066 */
#define TLS_ALERT_UNKNOWN_PSK_IDENTITY 115       /* RFC 4279 */
#define TLS_ALERT_CERTIFICATE_REQUIRED 116
#define TLS_ALERT_NO_APPLICATION_PROTOCOL 120    /* RFC 7301 */
#define TLS_ALERT_ECH_REQUIRED 121               /* draft-ietf-tls-esni */

/* ---- extensions (ExtensionType; RFC 8446 4.2 and the RFCs named) ---- */

#define TLS_EXT_SERVER_NAME 0x0000               /* RFC 6066 3 */
#define TLS_EXT_STATUS_REQUEST 0x0005            /* RFC 6066 8 */
#define TLS_EXT_SUPPORTED_GROUPS 0x000a          /* RFC 8422, RFC 7919 */
#define TLS_EXT_EC_POINT_FORMATS 0x000b          /* RFC 8422 */
#define TLS_EXT_SIGNATURE_ALGORITHMS 0x000d
#define TLS_EXT_ALPN 0x0010                      /* RFC 7301 */
#define TLS_EXT_PADDING 0x0015                   /* RFC 7685 */
#define TLS_EXT_ENCRYPT_THEN_MAC 0x0016          /* RFC 7366, 22 */
#define TLS_EXT_SESSION_TICKET 0x0023            /* RFC 5077, 35 */
#define TLS_EXT_KEY_SHARE_DRAFT 0x0028           /* key_share before TLS 1.3 draft 23, 40 */
#define TLS_EXT_PRE_SHARED_KEY 0x0029            /* 41 */
#define TLS_EXT_EARLY_DATA 0x002a                /* 42 */
#define TLS_EXT_SUPPORTED_VERSIONS 0x002b        /* 43 */
#define TLS_EXT_CERTIFICATE_AUTHORITIES 0x002f   /* RFC 8446 4.2.4, 47 */
#define TLS_EXT_KEY_SHARE 0x0033                 /* 51 */
#define TLS_EXT_ECH 0xfe0d                       /* draft-ietf-tls-esni */
#define TLS_EXT_RENEGOTIATION_INFO 0xff01        /* RFC 5746 */

/* ServerNameList's NameType (RFC 6066 3) */
#define TLS_SNI_HOST_NAME 0

/* CompressionMethod (RFC 5246 6.1): null, the only one TLS 1.3 allows */
#define TLS_COMPRESSION_NULL 0

/* ---- protocol versions (ProtocolVersion) ---- */

#define TLS_VERSION_SSL2 0x0002
#define TLS_VERSION_SSL3 0x0300
#define TLS_VERSION_TLS10 0x0301
#define TLS_VERSION_TLS11 0x0302
#define TLS_VERSION_TLS12 0x0303
#define TLS_VERSION_TLS13 0x0304
#define TLS_VERSION_DTLS10 0xfeff
#define TLS_VERSION_DTLS12 0xfefd
#define TLS_VERSION_DTLS13 0xfefc
#define TLS_VERSION_DTLS10_OPENSSL 0x0100 /* OpenSSL's DTLS1_BAD_VER: DTLS 1.0 before RFC 4347 (Cisco AnyConnect) */
#define TLS_VERSION_TLS13_DRAFT 0x7f00       /* + draft number: draft-ietf-tls-tls13-NN (0-28) */
#define TLS_VERSION_TLS13_FB_DRAFT 0xfb00    /* + draft number: Facebook fizz's builds of them */
#define TLS_VERSION_TLS13_DRAFT_COMPAT 22    /* draft 22: the ServerHello regains session id and compression */
#define TLS_VERSION_TLS13_DRAFT_HRR_SUITE 19 /* draft 19: the HelloRetryRequest names a cipher suite */

/* TLS_FALLBACK_SCSV (RFC 7507): a cipher suite value that signals a fallback retry. */
#define TLS_CIPHER_FALLBACK_SCSV 0x5600

/* ---- SSL 2.0, as far as SSL 2.0-compatible hellos and their answers need it ---- */

/* Message types (the SSL 2.0 draft, 2.6; RFC 6101 E) */
#define TLS_SSL2_MT_ERROR 0
#define TLS_SSL2_MT_CLIENT_HELLO 1
#define TLS_SSL2_MT_CLIENT_MASTER_KEY 2
#define TLS_SSL2_MT_SERVER_HELLO 4

/* ERROR message codes (the SSL 2.0 draft, 2.7) */
#define TLS_SSL2_ERROR_NO_CIPHER 0x0001
#define TLS_SSL2_ERROR_NO_CERTIFICATE 0x0002
#define TLS_SSL2_ERROR_BAD_CERTIFICATE 0x0004
#define TLS_SSL2_ERROR_UNSUPPORTED_CERTIFICATE_TYPE 0x0006

/* Record header (the SSL 2.0 draft, 1.2): 2 bytes when the first one has its high bit
 * set (no padding), else 3 (the third counts padding); the length is the low 15 or 14
 * bits of the first two, read as a word. */
#define TLS_SSL2_NO_PADDING 0x80
#define TLS_SSL2_LENGTH_MASK_2 0x7fff
#define TLS_SSL2_LENGTH_MASK_3 0x3fff

#endif
