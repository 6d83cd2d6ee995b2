/*
 * tls_names.c — registry code points to names: protocol versions, alerts, cipher suites,
 * named groups, signature schemes, extensions, handshake and record content types.
 *
 * Pipeline position: a leaf. tls, rules and report ask here for the words they print; no
 * list of names is repeated elsewhere. It reads no input and decides nothing: the cipher
 * flags record facts about each suite (its key exchange, its cipher's shape), and which of
 * those facts matter is the rules' business.
 *
 * Source: the IANA "TLS Parameters" registries (cipher suites, content types, alerts,
 * handshake types, supported groups, signature schemes) and "TLS ExtensionType Values",
 * with IANA's spelling. A few code points that were never registered but still turn up in
 * captures (pre-standard drafts, browser experiments, SSL 2.0) are included and marked.
 *
 * Look-ups that run per offered value (suites, groups, extensions, signature schemes) are
 * binary searches over tables sorted by code point; 8-bit registries are indexed directly.
 * tests/unit/test_names.c checks that every sorted table is strictly increasing.
 */
#include "tls_names.h"

#include <stdio.h>

#include "tls_wire.h"

#define TN_COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct tn_entry {
	uint16_t id;
	const char *name;
};

/* Binary search in a table sorted by id (strictly increasing). */
static const char *tn_find(const struct tn_entry *table, size_t n, uint16_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (table[mid].id < id)
			lo = mid + 1;
		else if (table[mid].id > id)
			hi = mid;
		else
			return table[mid].name;
	}
	return NULL;
}

/* ---- protocol versions -------------------------------------------------------------- */

const char *tls_version_name(uint16_t version, char *buf, size_t buf_len)
{
	if (buf == NULL || buf_len == 0)
		return "";
	const char *fixed = NULL;
	switch (version) {
	case TLS_VERSION_SSL2: fixed = "SSL2"; break;
	case TLS_VERSION_SSL3: fixed = "SSL3"; break;
	case TLS_VERSION_TLS10: fixed = "TLS1.0"; break;
	case TLS_VERSION_TLS11: fixed = "TLS1.1"; break;
	case TLS_VERSION_TLS12: fixed = "TLS1.2"; break;
	case TLS_VERSION_TLS13: fixed = "TLS1.3"; break;
	case TLS_VERSION_DTLS10: fixed = "DTLS1.0"; break;
	case TLS_VERSION_DTLS12: fixed = "DTLS1.2"; break;
	case TLS_VERSION_DTLS13: fixed = "DTLS1.3"; break;
	default: break;
	}
	unsigned low = version & 0xffu;
	if (fixed != NULL)
		snprintf(buf, buf_len, "%s", fixed);
	else if ((version & 0xff00u) == TLS_VERSION_TLS13_DRAFT)
		/* draft-ietf-tls-tls13-NN was on the wire as 0x7f00 + NN (drafts 0-28). */
		snprintf(buf, buf_len, "TLS1.3-draft%u", low);
	else if ((version & 0xff00u) == TLS_VERSION_TLS13_FB_DRAFT)
		/* Facebook's fizz marked its builds of draft NN as 0xfb00 + NN. */
		snprintf(buf, buf_len, "TLS1.3-fb-draft%u", low);
	else
		snprintf(buf, buf_len, "0x%04x", (unsigned)version);
	return buf;
}

const char *dtls_version_name(uint16_t wire_version)
{
	switch (wire_version) {
	case TLS_VERSION_DTLS10:
	case TLS_VERSION_DTLS10_OPENSSL: return "DTLS1.0";
	case TLS_VERSION_DTLS12: return "DTLS1.2";
	case TLS_VERSION_DTLS13: return "DTLS1.3";
	default: return NULL;
	}
}

/* RFC 8701 section 2: 0x0A0A, 0x1A1A, ... 0xFAFA — both bytes equal, low nibbles 0xA. */
bool tls_is_grease(uint16_t value)
{
	return (value & 0x0f0fu) == 0x0a0au && (value >> 8) == (value & 0xffu);
}

/* ---- alerts (TLS Alerts registry; RFC 8446 section 6, RFC 5246 section 7.2) ----------- */

/*
 * Values IANA now lists with a "_RESERVED" suffix (21, 41, 60, 100, 111, 114) keep their
 * protocol names here: old peers still send them and the name says what they meant.
 */
static const char *const tn_alerts[256] = {
	[TLS_ALERT_CLOSE_NOTIFY] = "close_notify",
	[TLS_ALERT_UNEXPECTED_MESSAGE] = "unexpected_message",
	[TLS_ALERT_BAD_RECORD_MAC] = "bad_record_mac",
	[TLS_ALERT_DECRYPTION_FAILED] = "decryption_failed",
	[TLS_ALERT_RECORD_OVERFLOW] = "record_overflow",
	[TLS_ALERT_DECOMPRESSION_FAILURE] = "decompression_failure",
	[TLS_ALERT_HANDSHAKE_FAILURE] = "handshake_failure",
	[TLS_ALERT_NO_CERTIFICATE] = "no_certificate",
	[TLS_ALERT_BAD_CERTIFICATE] = "bad_certificate",
	[TLS_ALERT_UNSUPPORTED_CERTIFICATE] = "unsupported_certificate",
	[TLS_ALERT_CERTIFICATE_REVOKED] = "certificate_revoked",
	[TLS_ALERT_CERTIFICATE_EXPIRED] = "certificate_expired",
	[TLS_ALERT_CERTIFICATE_UNKNOWN] = "certificate_unknown",
	[TLS_ALERT_ILLEGAL_PARAMETER] = "illegal_parameter",
	[TLS_ALERT_UNKNOWN_CA] = "unknown_ca",
	[TLS_ALERT_ACCESS_DENIED] = "access_denied",
	[TLS_ALERT_DECODE_ERROR] = "decode_error",
	[TLS_ALERT_DECRYPT_ERROR] = "decrypt_error",
	[TLS_ALERT_TOO_MANY_CIDS_REQUESTED] = "too_many_cids_requested",
	[TLS_ALERT_EXPORT_RESTRICTION] = "export_restriction",
	[TLS_ALERT_PROTOCOL_VERSION] = "protocol_version",
	[TLS_ALERT_INSUFFICIENT_SECURITY] = "insufficient_security",
	[TLS_ALERT_INTERNAL_ERROR] = "internal_error",
	[TLS_ALERT_INAPPROPRIATE_FALLBACK] = "inappropriate_fallback",
	[TLS_ALERT_USER_CANCELED] = "user_canceled",
	[TLS_ALERT_NO_RENEGOTIATION] = "no_renegotiation",
	[TLS_ALERT_MISSING_EXTENSION] = "missing_extension",
	[TLS_ALERT_UNSUPPORTED_EXTENSION] = "unsupported_extension",
	[TLS_ALERT_CERTIFICATE_UNOBTAINABLE] = "certificate_unobtainable",
	[TLS_ALERT_UNRECOGNIZED_NAME] = "unrecognized_name",
	[TLS_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE] = "bad_certificate_status_response",
	[TLS_ALERT_BAD_CERTIFICATE_HASH_VALUE] = "bad_certificate_hash_value",
	[TLS_ALERT_UNKNOWN_PSK_IDENTITY] = "unknown_psk_identity",
	[TLS_ALERT_CERTIFICATE_REQUIRED] = "certificate_required",
	[TLS_ALERT_NO_APPLICATION_PROTOCOL] = "no_application_protocol",
	[TLS_ALERT_ECH_REQUIRED] = "ech_required",
};

const char *tls_alert_name(uint8_t code)
{
	return tn_alerts[code];
}

/* ---- handshake types (TLS HandshakeType registry) ---------------------------------- */

static const char *const tn_handshakes[256] = {
	[TLS_HS_HELLO_REQUEST] = "hello_request",
	[TLS_HS_CLIENT_HELLO] = "client_hello",
	[TLS_HS_SERVER_HELLO] = "server_hello",
	[TLS_HS_HELLO_VERIFY_REQUEST] = "hello_verify_request",
	[TLS_HS_NEW_SESSION_TICKET] = "new_session_ticket",
	[TLS_HS_END_OF_EARLY_DATA] = "end_of_early_data",
	[TLS_HS_HELLO_RETRY_REQUEST] = "hello_retry_request",
	[TLS_HS_ENCRYPTED_EXTENSIONS] = "encrypted_extensions",
	[TLS_HS_REQUEST_CONNECTION_ID] = "request_connection_id",
	[TLS_HS_NEW_CONNECTION_ID] = "new_connection_id",
	[TLS_HS_CERTIFICATE] = "certificate",
	[TLS_HS_SERVER_KEY_EXCHANGE] = "server_key_exchange",
	[TLS_HS_CERTIFICATE_REQUEST] = "certificate_request",
	[TLS_HS_SERVER_HELLO_DONE] = "server_hello_done",
	[TLS_HS_CERTIFICATE_VERIFY] = "certificate_verify",
	[TLS_HS_CLIENT_KEY_EXCHANGE] = "client_key_exchange",
	[TLS_HS_CLIENT_CERTIFICATE_REQUEST] = "client_certificate_request",
	[TLS_HS_FINISHED] = "finished",
	[TLS_HS_CERTIFICATE_URL] = "certificate_url",
	[TLS_HS_CERTIFICATE_STATUS] = "certificate_status",
	[TLS_HS_SUPPLEMENTAL_DATA] = "supplemental_data",
	[TLS_HS_KEY_UPDATE] = "key_update",
	[TLS_HS_COMPRESSED_CERTIFICATE] = "compressed_certificate",
	[TLS_HS_EKT_KEY] = "ekt_key",
	/* Never registered: Next Protocol Negotiation's message (draft-agl-tls-nextprotoneg). */
	[TLS_HS_NEXT_PROTOCOL] = "next_protocol",
	[TLS_HS_MESSAGE_HASH] = "message_hash",
};

const char *tls_handshake_name(uint8_t type)
{
	return tn_handshakes[type];
}

static const char *const tn_handshake_titles[256] = {
	[TLS_HS_HELLO_REQUEST] = "HelloRequest",
	[TLS_HS_CLIENT_HELLO] = "ClientHello",
	[TLS_HS_SERVER_HELLO] = "ServerHello",
	[TLS_HS_HELLO_VERIFY_REQUEST] = "HelloVerifyRequest",
	[TLS_HS_NEW_SESSION_TICKET] = "NewSessionTicket",
	[TLS_HS_END_OF_EARLY_DATA] = "EndOfEarlyData",
	[TLS_HS_HELLO_RETRY_REQUEST] = "HelloRetryRequest",
	[TLS_HS_ENCRYPTED_EXTENSIONS] = "EncryptedExtensions",
	[TLS_HS_REQUEST_CONNECTION_ID] = "RequestConnectionId",
	[TLS_HS_NEW_CONNECTION_ID] = "NewConnectionId",
	[TLS_HS_CERTIFICATE] = "Certificate",
	[TLS_HS_SERVER_KEY_EXCHANGE] = "ServerKeyExchange",
	[TLS_HS_CERTIFICATE_REQUEST] = "CertificateRequest",
	[TLS_HS_SERVER_HELLO_DONE] = "ServerHelloDone",
	[TLS_HS_CERTIFICATE_VERIFY] = "CertificateVerify",
	[TLS_HS_CLIENT_KEY_EXCHANGE] = "ClientKeyExchange",
	[TLS_HS_CLIENT_CERTIFICATE_REQUEST] = "ClientCertificateRequest",
	[TLS_HS_FINISHED] = "Finished",
	[TLS_HS_CERTIFICATE_URL] = "CertificateURL",
	[TLS_HS_CERTIFICATE_STATUS] = "CertificateStatus",
	[TLS_HS_SUPPLEMENTAL_DATA] = "SupplementalData",
	[TLS_HS_KEY_UPDATE] = "KeyUpdate",
	[TLS_HS_COMPRESSED_CERTIFICATE] = "CompressedCertificate",
	[TLS_HS_EKT_KEY] = "EktKey",
	[TLS_HS_NEXT_PROTOCOL] = "NextProtocol",
	[TLS_HS_MESSAGE_HASH] = "MessageHash",
};

const char *tls_handshake_title(uint8_t type)
{
	return tn_handshake_titles[type];
}

/* ---- record content types (TLS ContentType registry) ------------------------------- */

static const char *const tn_content_types[256] = {
	[TLS_CT_CHANGE_CIPHER_SPEC] = "change_cipher_spec",
	[TLS_CT_ALERT] = "alert",
	[TLS_CT_HANDSHAKE] = "handshake",
	[TLS_CT_APPLICATION_DATA] = "application_data",
	[TLS_CT_HEARTBEAT] = "heartbeat",
	[TLS_CT_TLS12_CID] = "tls12_cid",
	[TLS_CT_ACK] = "ack",
};

const char *tls_content_type_name(uint8_t type)
{
	return tn_content_types[type];
}

/* ---- supported groups (TLS Supported Groups registry; RFC 8422, RFC 7919, RFC 8446) --- */

static const struct tn_entry tn_groups[] = {
	{ 0x0001, "sect163k1" },
	{ 0x0002, "sect163r1" },
	{ 0x0003, "sect163r2" },
	{ 0x0004, "sect193r1" },
	{ 0x0005, "sect193r2" },
	{ 0x0006, "sect233k1" },
	{ 0x0007, "sect233r1" },
	{ 0x0008, "sect239k1" },
	{ 0x0009, "sect283k1" },
	{ 0x000a, "sect283r1" },
	{ 0x000b, "sect409k1" },
	{ 0x000c, "sect409r1" },
	{ 0x000d, "sect571k1" },
	{ 0x000e, "sect571r1" },
	{ 0x000f, "secp160k1" },
	{ 0x0010, "secp160r1" },
	{ 0x0011, "secp160r2" },
	{ 0x0012, "secp192k1" },
	{ 0x0013, "secp192r1" },
	{ 0x0014, "secp224k1" },
	{ 0x0015, "secp224r1" },
	{ 0x0016, "secp256k1" },
	{ 0x0017, "secp256r1" },
	{ 0x0018, "secp384r1" },
	{ 0x0019, "secp521r1" },
	{ 0x001a, "brainpoolP256r1" },
	{ 0x001b, "brainpoolP384r1" },
	{ 0x001c, "brainpoolP512r1" },
	{ 0x001d, "x25519" },
	{ 0x001e, "x448" },
	{ 0x001f, "brainpoolP256r1tls13" },
	{ 0x0020, "brainpoolP384r1tls13" },
	{ 0x0021, "brainpoolP512r1tls13" },
	{ 0x0022, "GC256A" },
	{ 0x0023, "GC256B" },
	{ 0x0024, "GC256C" },
	{ 0x0025, "GC256D" },
	{ 0x0026, "GC512A" },
	{ 0x0027, "GC512B" },
	{ 0x0028, "GC512C" },
	{ 0x0029, "curveSM2" },
	{ 0x0100, "ffdhe2048" },
	{ 0x0101, "ffdhe3072" },
	{ 0x0102, "ffdhe4096" },
	{ 0x0103, "ffdhe6144" },
	{ 0x0104, "ffdhe8192" },
	{ 0x0200, "MLKEM512" },
	{ 0x0201, "MLKEM768" },
	{ 0x0202, "MLKEM1024" },
	{ 0x11eb, "SecP256r1MLKEM768" },
	{ 0x11ec, "X25519MLKEM768" },
	{ 0x11ed, "SecP384r1MLKEM1024" },
	/* Pre-standard Kyber hybrids; IANA marks them obsolete. */
	{ 0x6399, "X25519Kyber768Draft00" },
	{ 0x639a, "SecP256r1Kyber768Draft00" },
	/* Never registered: Cloudflare's Kyber experiments before 0x6399 was assigned. */
	{ 0xfe30, "X25519Kyber512Draft00" },
	{ 0xfe31, "X25519Kyber768Draft00Old" },
	{ 0xfe32, "P256Kyber768Draft00" },
	{ 0xff01, "arbitrary_explicit_prime_curves" },
	{ 0xff02, "arbitrary_explicit_char2_curves" },
};

const char *tls_group_name(uint16_t id)
{
	return tn_find(tn_groups, TN_COUNT(tn_groups), id);
}

/* ---- signature schemes (TLS SignatureScheme registry; RFC 8446 4.2.3) --------------- */

/*
 * TLS 1.2 wrote (hash, signature) byte pairs (RFC 5246 7.4.1.4.1); TLS 1.3 kept the code
 * points of the pairs still in use. The pairs IANA only reserves (MD5, SHA-224, DSA) carry
 * the same hash_signature style of name, so a TLS 1.2 offer reads alike.
 */
static const struct tn_entry tn_sigalgs[] = {
	{ 0x0101, "rsa_pkcs1_md5" },
	{ 0x0102, "dsa_md5" },
	{ 0x0103, "ecdsa_md5" },
	{ 0x0201, "rsa_pkcs1_sha1" },
	{ 0x0202, "dsa_sha1" },
	{ 0x0203, "ecdsa_sha1" },
	{ 0x0301, "rsa_pkcs1_sha224" },
	{ 0x0302, "dsa_sha224" },
	{ 0x0303, "ecdsa_sha224" },
	{ 0x0401, "rsa_pkcs1_sha256" },
	{ 0x0402, "dsa_sha256" },
	{ 0x0403, "ecdsa_secp256r1_sha256" },
	{ 0x0420, "rsa_pkcs1_sha256_legacy" },
	{ 0x0501, "rsa_pkcs1_sha384" },
	{ 0x0502, "dsa_sha384" },
	{ 0x0503, "ecdsa_secp384r1_sha384" },
	{ 0x0520, "rsa_pkcs1_sha384_legacy" },
	{ 0x0601, "rsa_pkcs1_sha512" },
	{ 0x0602, "dsa_sha512" },
	{ 0x0603, "ecdsa_secp521r1_sha512" },
	{ 0x0620, "rsa_pkcs1_sha512_legacy" },
	{ 0x0704, "eccsi_sha256" },
	{ 0x0705, "iso_ibs1" },
	{ 0x0706, "iso_ibs2" },
	{ 0x0707, "iso_chinese_ibs" },
	{ 0x0708, "sm2sig_sm3" },
	{ 0x0709, "gostr34102012_256a" },
	{ 0x070a, "gostr34102012_256b" },
	{ 0x070b, "gostr34102012_256c" },
	{ 0x070c, "gostr34102012_256d" },
	{ 0x070d, "gostr34102012_512a" },
	{ 0x070e, "gostr34102012_512b" },
	{ 0x070f, "gostr34102012_512c" },
	{ 0x0804, "rsa_pss_rsae_sha256" },
	{ 0x0805, "rsa_pss_rsae_sha384" },
	{ 0x0806, "rsa_pss_rsae_sha512" },
	{ 0x0807, "ed25519" },
	{ 0x0808, "ed448" },
	{ 0x0809, "rsa_pss_pss_sha256" },
	{ 0x080a, "rsa_pss_pss_sha384" },
	{ 0x080b, "rsa_pss_pss_sha512" },
	{ 0x081a, "ecdsa_brainpoolP256r1tls13_sha256" },
	{ 0x081b, "ecdsa_brainpoolP384r1tls13_sha384" },
	{ 0x081c, "ecdsa_brainpoolP512r1tls13_sha512" },
	{ 0x0904, "mldsa44" },
	{ 0x0905, "mldsa65" },
	{ 0x0906, "mldsa87" },
	/* Never registered: GOST pairs of TLS 1.2 (RFC 9189 moved them to IANA values). */
	{ 0xeded, "gostr34102001_gostr3411" },
	{ 0xeeee, "gostr34102012_256_gostr34112012_256" },
	{ 0xefef, "gostr34102012_512_gostr34112012_512" },
};

const char *tls_sigalg_name(uint16_t id)
{
	return tn_find(tn_sigalgs, TN_COUNT(tn_sigalgs), id);
}

/* ---- extensions (TLS ExtensionType Values registry) -------------------------------- */

static const struct tn_entry tn_extensions[] = {
	{ 0, "server_name" },
	{ 1, "max_fragment_length" },
	{ 2, "client_certificate_url" },
	{ 3, "trusted_ca_keys" },
	{ 4, "truncated_hmac" },
	{ 5, "status_request" },
	{ 6, "user_mapping" },
	{ 7, "client_authz" },
	{ 8, "server_authz" },
	{ 9, "cert_type" },
	{ 10, "supported_groups" },
	{ 11, "ec_point_formats" },
	{ 12, "srp" },
	{ 13, "signature_algorithms" },
	{ 14, "use_srtp" },
	{ 15, "heartbeat" },
	{ 16, "application_layer_protocol_negotiation" },
	{ 17, "status_request_v2" },
	{ 18, "signed_certificate_timestamp" },
	{ 19, "client_certificate_type" },
	{ 20, "server_certificate_type" },
	{ 21, "padding" },
	{ 22, "encrypt_then_mac" },
	{ 23, "extended_master_secret" },
	{ 24, "token_binding" },
	{ 25, "cached_info" },
	{ 26, "tls_lts" },
	{ 27, "compress_certificate" },
	{ 28, "record_size_limit" },
	{ 29, "pwd_protect" },
	{ 30, "pwd_clear" },
	{ 31, "password_salt" },
	{ 32, "ticket_pinning" },
	{ 33, "tls_cert_with_extern_psk" },
	{ 34, "delegated_credential" },
	{ 35, "session_ticket" },
	{ 36, "TLMSP" },
	{ 37, "TLMSP_proxying" },
	{ 38, "TLMSP_delegate" },
	{ 39, "supported_ekt_ciphers" },
	{ 41, "pre_shared_key" },
	{ 42, "early_data" },
	{ 43, "supported_versions" },
	{ 44, "cookie" },
	{ 45, "psk_key_exchange_modes" },
	{ 47, "certificate_authorities" },
	{ 48, "oid_filters" },
	{ 49, "post_handshake_auth" },
	{ 50, "signature_algorithms_cert" },
	{ 51, "key_share" },
	{ 52, "transparency_info" },
	{ 53, "connection_id (deprecated)" },
	{ 54, "connection_id" },
	{ 55, "external_id_hash" },
	{ 56, "external_session_id" },
	{ 57, "quic_transport_parameters" },
	{ 58, "ticket_request" },
	{ 59, "dnssec_chain" },
	{ 60, "sequence_number_encryption_algorithms" },
	{ 61, "rrc" },
	/* Never registered: Next Protocol Negotiation, ALPS, Channel ID (Chrome), old QUIC. */
	{ 0x3374, "next_protocol_negotiation" },
	{ 0x4469, "application_settings_old" },
	{ 0x44cd, "application_settings" },
	{ 0x754f, "channel_id_old" },
	{ 0x7550, "channel_id" },
	{ 0xfd00, "ech_outer_extensions" },
	{ 0xfe0d, "encrypted_client_hello" },
	{ 0xff01, "renegotiation_info" },
	/* Never registered: QUIC before RFC 9001, and ESNI (the drafts before ECH). */
	{ 0xffa5, "quic_transport_parameters_legacy" },
	{ 0xffce, "encrypted_server_name" },
};

const char *tls_ext_name(uint16_t id)
{
	return tn_find(tn_extensions, TN_COUNT(tn_extensions), id);
}

/* ---- cipher suites (TLS Cipher Suites registry) ------------------------------------ */

/*
 * Columns: code point, IANA name, OpenSSL's name (as OpenSSL's headers and its GOST suites
 * spell it; NULL where OpenSSL never had the suite), key exchange, flags.
 *
 * Flags are facts read off the suite's definition:
 *   CF_ECDSA / CF_RSA_AUTH / CF_DSS: the key type the server certificate must hold (an EC,
 *     RSA or DSA key). Static DH suites (DH_DSS, DH_RSA) need a DH key and get none of
 *     them; static ECDH suites need an EC key, whatever signed it.
 *   CF_WEAK: no encryption, export strength, RC4, RC2, DES or 3DES, IDEA, Fortezza,
 *     anonymous key exchange, or SSL 2.0 — none of which OpenSSL 3 offers by default.
 */
static const struct cipher_info tn_ciphers[] = {
	{ 0x0000, "TLS_NULL_WITH_NULL_NULL", NULL, KX_UNKNOWN, CF_NULL | CF_WEAK },
	{ 0x0001, "TLS_RSA_WITH_NULL_MD5", "NULL-MD5", KX_RSA, CF_NULL | CF_RSA_AUTH | CF_WEAK },
	{ 0x0002, "TLS_RSA_WITH_NULL_SHA", "NULL-SHA", KX_RSA, CF_NULL | CF_RSA_AUTH | CF_WEAK },
	{ 0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", "EXP-RC4-MD5", KX_RSA, CF_RC4 | CF_EXPORT | CF_RSA_AUTH | CF_WEAK },
	{ 0x0004, "TLS_RSA_WITH_RC4_128_MD5", "RC4-MD5", KX_RSA, CF_RC4 | CF_RSA_AUTH | CF_WEAK },
	{ 0x0005, "TLS_RSA_WITH_RC4_128_SHA", "RC4-SHA", KX_RSA, CF_RC4 | CF_RSA_AUTH | CF_WEAK },
	{ 0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", "EXP-RC2-CBC-MD5", KX_RSA, CF_CBC | CF_EXPORT | CF_RSA_AUTH | CF_WEAK },
	{ 0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA", "IDEA-CBC-SHA", KX_RSA, CF_CBC | CF_RSA_AUTH | CF_WEAK },
	{ 0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXP-DES-CBC-SHA", KX_RSA, CF_CBC | CF_DES | CF_EXPORT | CF_RSA_AUTH | CF_WEAK },
	{ 0x0009, "TLS_RSA_WITH_DES_CBC_SHA", "DES-CBC-SHA", KX_RSA, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK },
	{ 0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "DES-CBC3-SHA", KX_RSA, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK },
	{ 0x000B, "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA", "EXP-DH-DSS-DES-CBC-SHA", KX_DH_ECDH_STATIC, CF_CBC | CF_DES | CF_EXPORT | CF_WEAK },
	{ 0x000C, "TLS_DH_DSS_WITH_DES_CBC_SHA", "DH-DSS-DES-CBC-SHA", KX_DH_ECDH_STATIC, CF_CBC | CF_DES | CF_WEAK },
	{ 0x000D, "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA", "DH-DSS-DES-CBC3-SHA", KX_DH_ECDH_STATIC, CF_CBC | CF_DES | CF_WEAK },
	{ 0x000E, "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXP-DH-RSA-DES-CBC-SHA", KX_DH_ECDH_STATIC, CF_CBC | CF_DES | CF_EXPORT | CF_WEAK },
	{ 0x000F, "TLS_DH_RSA_WITH_DES_CBC_SHA", "DH-RSA-DES-CBC-SHA", KX_DH_ECDH_STATIC, CF_CBC | CF_DES | CF_WEAK },
	{ 0x0010, "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA", "DH-RSA-DES-CBC3-SHA", KX_DH_ECDH_STATIC, CF_CBC | CF_DES | CF_WEAK },
	{ 0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", "EXP-DHE-DSS-DES-CBC-SHA", KX_DHE, CF_CBC | CF_DES | CF_EXPORT | CF_DSS | CF_WEAK },
	{ 0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA", "DHE-DSS-DES-CBC-SHA", KX_DHE, CF_CBC | CF_DES | CF_DSS | CF_WEAK },
	{ 0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", "DHE-DSS-DES-CBC3-SHA", KX_DHE, CF_CBC | CF_DES | CF_DSS | CF_WEAK },
	{ 0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXP-DHE-RSA-DES-CBC-SHA", KX_DHE, CF_CBC | CF_DES | CF_EXPORT | CF_RSA_AUTH | CF_WEAK },
	{ 0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA", "DHE-RSA-DES-CBC-SHA", KX_DHE, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK },
	{ 0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", "DHE-RSA-DES-CBC3-SHA", KX_DHE, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK },
	{ 0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5", "EXP-ADH-RC4-MD5", KX_ANON, CF_RC4 | CF_EXPORT | CF_WEAK },
	{ 0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", "ADH-RC4-MD5", KX_ANON, CF_RC4 | CF_WEAK },
	{ 0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA", "EXP-ADH-DES-CBC-SHA", KX_ANON, CF_CBC | CF_DES | CF_EXPORT | CF_WEAK },
	{ 0x001A, "TLS_DH_anon_WITH_DES_CBC_SHA", "ADH-DES-CBC-SHA", KX_ANON, CF_CBC | CF_DES | CF_WEAK },
	{ 0x001B, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", "ADH-DES-CBC3-SHA", KX_ANON, CF_CBC | CF_DES | CF_WEAK },
	/* SSL 3.0 Fortezza; IANA keeps these reserved */
	{ 0x001C, "SSL_FORTEZZA_KEA_WITH_NULL_SHA", NULL, KX_UNKNOWN, CF_NULL | CF_WEAK },
	{ 0x001D, "SSL_FORTEZZA_KEA_WITH_FORTEZZA_CBC_SHA", NULL, KX_UNKNOWN, CF_CBC | CF_WEAK },
	{ 0x001E, "TLS_KRB5_WITH_DES_CBC_SHA", NULL, KX_UNKNOWN, CF_CBC | CF_DES | CF_WEAK },
	{ 0x001F, "TLS_KRB5_WITH_3DES_EDE_CBC_SHA", NULL, KX_UNKNOWN, CF_CBC | CF_DES | CF_WEAK },
	{ 0x0020, "TLS_KRB5_WITH_RC4_128_SHA", NULL, KX_UNKNOWN, CF_RC4 | CF_WEAK },
	{ 0x0021, "TLS_KRB5_WITH_IDEA_CBC_SHA", NULL, KX_UNKNOWN, CF_CBC | CF_WEAK },
	{ 0x0022, "TLS_KRB5_WITH_DES_CBC_MD5", NULL, KX_UNKNOWN, CF_CBC | CF_DES | CF_WEAK },
	{ 0x0023, "TLS_KRB5_WITH_3DES_EDE_CBC_MD5", NULL, KX_UNKNOWN, CF_CBC | CF_DES | CF_WEAK },
	{ 0x0024, "TLS_KRB5_WITH_RC4_128_MD5", NULL, KX_UNKNOWN, CF_RC4 | CF_WEAK },
	{ 0x0025, "TLS_KRB5_WITH_IDEA_CBC_MD5", NULL, KX_UNKNOWN, CF_CBC | CF_WEAK },
	{ 0x0026, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA", NULL, KX_UNKNOWN, CF_CBC | CF_DES | CF_EXPORT | CF_WEAK },
	{ 0x0027, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA", NULL, KX_UNKNOWN, CF_CBC | CF_EXPORT | CF_WEAK },
	{ 0x0028, "TLS_KRB5_EXPORT_WITH_RC4_40_SHA", NULL, KX_UNKNOWN, CF_RC4 | CF_EXPORT | CF_WEAK },
	{ 0x0029, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5", NULL, KX_UNKNOWN, CF_CBC | CF_DES | CF_EXPORT | CF_WEAK },
	{ 0x002A, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5", NULL, KX_UNKNOWN, CF_CBC | CF_EXPORT | CF_WEAK },
	{ 0x002B, "TLS_KRB5_EXPORT_WITH_RC4_40_MD5", NULL, KX_UNKNOWN, CF_RC4 | CF_EXPORT | CF_WEAK },
	{ 0x002C, "TLS_PSK_WITH_NULL_SHA", "PSK-NULL-SHA", KX_PSK, CF_NULL | CF_WEAK },
	{ 0x002D, "TLS_DHE_PSK_WITH_NULL_SHA", "DHE-PSK-NULL-SHA", KX_PSK, CF_NULL | CF_WEAK },
	{ 0x002E, "TLS_RSA_PSK_WITH_NULL_SHA", "RSA-PSK-NULL-SHA", KX_PSK, CF_NULL | CF_RSA_AUTH | CF_WEAK },
	{ 0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", KX_RSA, CF_CBC | CF_RSA_AUTH },
	{ 0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA", "DH-DSS-AES128-SHA", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA", "DH-RSA-AES128-SHA", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", "DHE-DSS-AES128-SHA", KX_DHE, CF_CBC | CF_DSS },
	{ 0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA", KX_DHE, CF_CBC | CF_RSA_AUTH },
	{ 0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", "ADH-AES128-SHA", KX_ANON, CF_CBC | CF_WEAK },
	{ 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA", KX_RSA, CF_CBC | CF_RSA_AUTH },
	{ 0x0036, "TLS_DH_DSS_WITH_AES_256_CBC_SHA", "DH-DSS-AES256-SHA", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA", "DH-RSA-AES256-SHA", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", "DHE-DSS-AES256-SHA", KX_DHE, CF_CBC | CF_DSS },
	{ 0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA", KX_DHE, CF_CBC | CF_RSA_AUTH },
	{ 0x003A, "TLS_DH_anon_WITH_AES_256_CBC_SHA", "ADH-AES256-SHA", KX_ANON, CF_CBC | CF_WEAK },
	{ 0x003B, "TLS_RSA_WITH_NULL_SHA256", "NULL-SHA256", KX_RSA, CF_NULL | CF_RSA_AUTH | CF_WEAK },
	{ 0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256", KX_RSA, CF_CBC | CF_RSA_AUTH },
	{ 0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256", KX_RSA, CF_CBC | CF_RSA_AUTH },
	{ 0x003E, "TLS_DH_DSS_WITH_AES_128_CBC_SHA256", "DH-DSS-AES128-SHA256", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x003F, "TLS_DH_RSA_WITH_AES_128_CBC_SHA256", "DH-RSA-AES128-SHA256", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", "DHE-DSS-AES128-SHA256", KX_DHE, CF_CBC | CF_DSS },
	{ 0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", "CAMELLIA128-SHA", KX_RSA, CF_CBC | CF_RSA_AUTH },
	{ 0x0042, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA", "DH-DSS-CAMELLIA128-SHA", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x0043, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA", "DH-RSA-CAMELLIA128-SHA", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", "DHE-DSS-CAMELLIA128-SHA", KX_DHE, CF_CBC | CF_DSS },
	{ 0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", "DHE-RSA-CAMELLIA128-SHA", KX_DHE, CF_CBC | CF_RSA_AUTH },
	{ 0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", "ADH-CAMELLIA128-SHA", KX_ANON, CF_CBC | CF_WEAK },
	/* 1024-bit export suites of an expired draft; IANA keeps these reserved */
	{ 0x0060, "TLS_RSA_EXPORT1024_WITH_RC4_56_MD5", NULL, KX_RSA, CF_RC4 | CF_EXPORT | CF_RSA_AUTH | CF_WEAK },
	{ 0x0061, "TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5", NULL, KX_RSA, CF_CBC | CF_EXPORT | CF_RSA_AUTH | CF_WEAK },
	{ 0x0062, "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA", NULL, KX_RSA, CF_CBC | CF_DES | CF_EXPORT | CF_RSA_AUTH | CF_WEAK },
	{ 0x0063, "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA", NULL, KX_DHE, CF_CBC | CF_DES | CF_EXPORT | CF_DSS | CF_WEAK },
	{ 0x0064, "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA", NULL, KX_RSA, CF_RC4 | CF_EXPORT | CF_RSA_AUTH | CF_WEAK },
	{ 0x0065, "TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA", NULL, KX_DHE, CF_RC4 | CF_EXPORT | CF_DSS | CF_WEAK },
	{ 0x0066, "TLS_DHE_DSS_WITH_RC4_128_SHA", NULL, KX_DHE, CF_RC4 | CF_DSS | CF_WEAK },
	{ 0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256", KX_DHE, CF_CBC | CF_RSA_AUTH },
	{ 0x0068, "TLS_DH_DSS_WITH_AES_256_CBC_SHA256", "DH-DSS-AES256-SHA256", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x0069, "TLS_DH_RSA_WITH_AES_256_CBC_SHA256", "DH-RSA-AES256-SHA256", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x006A, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", "DHE-DSS-AES256-SHA256", KX_DHE, CF_CBC | CF_DSS },
	{ 0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256", KX_DHE, CF_CBC | CF_RSA_AUTH },
	{ 0x006C, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", "ADH-AES128-SHA256", KX_ANON, CF_CBC | CF_WEAK },
	{ 0x006D, "TLS_DH_anon_WITH_AES_256_CBC_SHA256", "ADH-AES256-SHA256", KX_ANON, CF_CBC | CF_WEAK },
	/* CryptoPro GOST suites of an expired draft; never registered */
	{ 0x0080, "TLS_GOSTR341094_WITH_28147_CNT_IMIT", NULL, KX_UNKNOWN, 0 },
	{ 0x0081, "TLS_GOSTR341001_WITH_28147_CNT_IMIT", "GOST2001-GOST89-GOST89", KX_UNKNOWN, 0 },
	{ 0x0082, "TLS_GOSTR341094_WITH_NULL_GOSTR3411", NULL, KX_UNKNOWN, CF_NULL | CF_WEAK },
	{ 0x0083, "TLS_GOSTR341001_WITH_NULL_GOSTR3411", "GOST2001-NULL-GOST94", KX_UNKNOWN, CF_NULL | CF_WEAK },
	{ 0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", "CAMELLIA256-SHA", KX_RSA, CF_CBC | CF_RSA_AUTH },
	{ 0x0085, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA", "DH-DSS-CAMELLIA256-SHA", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x0086, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA", "DH-RSA-CAMELLIA256-SHA", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", "DHE-DSS-CAMELLIA256-SHA", KX_DHE, CF_CBC | CF_DSS },
	{ 0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", "DHE-RSA-CAMELLIA256-SHA", KX_DHE, CF_CBC | CF_RSA_AUTH },
	{ 0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", "ADH-CAMELLIA256-SHA", KX_ANON, CF_CBC | CF_WEAK },
	{ 0x008A, "TLS_PSK_WITH_RC4_128_SHA", "PSK-RC4-SHA", KX_PSK, CF_RC4 | CF_WEAK },
	{ 0x008B, "TLS_PSK_WITH_3DES_EDE_CBC_SHA", "PSK-3DES-EDE-CBC-SHA", KX_PSK, CF_CBC | CF_DES | CF_WEAK },
	{ 0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA", "PSK-AES128-CBC-SHA", KX_PSK, CF_CBC },
	{ 0x008D, "TLS_PSK_WITH_AES_256_CBC_SHA", "PSK-AES256-CBC-SHA", KX_PSK, CF_CBC },
	{ 0x008E, "TLS_DHE_PSK_WITH_RC4_128_SHA", "DHE-PSK-RC4-SHA", KX_PSK, CF_RC4 | CF_WEAK },
	{ 0x008F, "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", "DHE-PSK-3DES-EDE-CBC-SHA", KX_PSK, CF_CBC | CF_DES | CF_WEAK },
	{ 0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", "DHE-PSK-AES128-CBC-SHA", KX_PSK, CF_CBC },
	{ 0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", "DHE-PSK-AES256-CBC-SHA", KX_PSK, CF_CBC },
	{ 0x0092, "TLS_RSA_PSK_WITH_RC4_128_SHA", "RSA-PSK-RC4-SHA", KX_PSK, CF_RC4 | CF_RSA_AUTH | CF_WEAK },
	{ 0x0093, "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", "RSA-PSK-3DES-EDE-CBC-SHA", KX_PSK, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK },
	{ 0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", "RSA-PSK-AES128-CBC-SHA", KX_PSK, CF_CBC | CF_RSA_AUTH },
	{ 0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", "RSA-PSK-AES256-CBC-SHA", KX_PSK, CF_CBC | CF_RSA_AUTH },
	{ 0x0096, "TLS_RSA_WITH_SEED_CBC_SHA", "SEED-SHA", KX_RSA, CF_CBC | CF_RSA_AUTH },
	{ 0x0097, "TLS_DH_DSS_WITH_SEED_CBC_SHA", "DH-DSS-SEED-SHA", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x0098, "TLS_DH_RSA_WITH_SEED_CBC_SHA", "DH-RSA-SEED-SHA", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x0099, "TLS_DHE_DSS_WITH_SEED_CBC_SHA", "DHE-DSS-SEED-SHA", KX_DHE, CF_CBC | CF_DSS },
	{ 0x009A, "TLS_DHE_RSA_WITH_SEED_CBC_SHA", "DHE-RSA-SEED-SHA", KX_DHE, CF_CBC | CF_RSA_AUTH },
	{ 0x009B, "TLS_DH_anon_WITH_SEED_CBC_SHA", "ADH-SEED-SHA", KX_ANON, CF_CBC | CF_WEAK },
	{ 0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", KX_RSA, CF_AEAD | CF_RSA_AUTH },
	{ 0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384", KX_RSA, CF_AEAD | CF_RSA_AUTH },
	{ 0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", KX_DHE, CF_AEAD | CF_RSA_AUTH },
	{ 0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384", KX_DHE, CF_AEAD | CF_RSA_AUTH },
	{ 0x00A0, "TLS_DH_RSA_WITH_AES_128_GCM_SHA256", "DH-RSA-AES128-GCM-SHA256", KX_DH_ECDH_STATIC, CF_AEAD },
	{ 0x00A1, "TLS_DH_RSA_WITH_AES_256_GCM_SHA384", "DH-RSA-AES256-GCM-SHA384", KX_DH_ECDH_STATIC, CF_AEAD },
	{ 0x00A2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", "DHE-DSS-AES128-GCM-SHA256", KX_DHE, CF_AEAD | CF_DSS },
	{ 0x00A3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", "DHE-DSS-AES256-GCM-SHA384", KX_DHE, CF_AEAD | CF_DSS },
	{ 0x00A4, "TLS_DH_DSS_WITH_AES_128_GCM_SHA256", "DH-DSS-AES128-GCM-SHA256", KX_DH_ECDH_STATIC, CF_AEAD },
	{ 0x00A5, "TLS_DH_DSS_WITH_AES_256_GCM_SHA384", "DH-DSS-AES256-GCM-SHA384", KX_DH_ECDH_STATIC, CF_AEAD },
	{ 0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", "ADH-AES128-GCM-SHA256", KX_ANON, CF_AEAD | CF_WEAK },
	{ 0x00A7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384", "ADH-AES256-GCM-SHA384", KX_ANON, CF_AEAD | CF_WEAK },
	{ 0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256", "PSK-AES128-GCM-SHA256", KX_PSK, CF_AEAD },
	{ 0x00A9, "TLS_PSK_WITH_AES_256_GCM_SHA384", "PSK-AES256-GCM-SHA384", KX_PSK, CF_AEAD },
	{ 0x00AA, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", "DHE-PSK-AES128-GCM-SHA256", KX_PSK, CF_AEAD },
	{ 0x00AB, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", "DHE-PSK-AES256-GCM-SHA384", KX_PSK, CF_AEAD },
	{ 0x00AC, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", "RSA-PSK-AES128-GCM-SHA256", KX_PSK, CF_AEAD | CF_RSA_AUTH },
	{ 0x00AD, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", "RSA-PSK-AES256-GCM-SHA384", KX_PSK, CF_AEAD | CF_RSA_AUTH },
	{ 0x00AE, "TLS_PSK_WITH_AES_128_CBC_SHA256", "PSK-AES128-CBC-SHA256", KX_PSK, CF_CBC },
	{ 0x00AF, "TLS_PSK_WITH_AES_256_CBC_SHA384", "PSK-AES256-CBC-SHA384", KX_PSK, CF_CBC },
	{ 0x00B0, "TLS_PSK_WITH_NULL_SHA256", "PSK-NULL-SHA256", KX_PSK, CF_NULL | CF_WEAK },
	{ 0x00B1, "TLS_PSK_WITH_NULL_SHA384", "PSK-NULL-SHA384", KX_PSK, CF_NULL | CF_WEAK },
	{ 0x00B2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", "DHE-PSK-AES128-CBC-SHA256", KX_PSK, CF_CBC },
	{ 0x00B3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", "DHE-PSK-AES256-CBC-SHA384", KX_PSK, CF_CBC },
	{ 0x00B4, "TLS_DHE_PSK_WITH_NULL_SHA256", "DHE-PSK-NULL-SHA256", KX_PSK, CF_NULL | CF_WEAK },
	{ 0x00B5, "TLS_DHE_PSK_WITH_NULL_SHA384", "DHE-PSK-NULL-SHA384", KX_PSK, CF_NULL | CF_WEAK },
	{ 0x00B6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", "RSA-PSK-AES128-CBC-SHA256", KX_PSK, CF_CBC | CF_RSA_AUTH },
	{ 0x00B7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", "RSA-PSK-AES256-CBC-SHA384", KX_PSK, CF_CBC | CF_RSA_AUTH },
	{ 0x00B8, "TLS_RSA_PSK_WITH_NULL_SHA256", "RSA-PSK-NULL-SHA256", KX_PSK, CF_NULL | CF_RSA_AUTH | CF_WEAK },
	{ 0x00B9, "TLS_RSA_PSK_WITH_NULL_SHA384", "RSA-PSK-NULL-SHA384", KX_PSK, CF_NULL | CF_RSA_AUTH | CF_WEAK },
	{ 0x00BA, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", "CAMELLIA128-SHA256", KX_RSA, CF_CBC | CF_RSA_AUTH },
	{ 0x00BB, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA256", "DH-DSS-CAMELLIA128-SHA256", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x00BC, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA256", "DH-RSA-CAMELLIA128-SHA256", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x00BD, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", "DHE-DSS-CAMELLIA128-SHA256", KX_DHE, CF_CBC | CF_DSS },
	{ 0x00BE, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", "DHE-RSA-CAMELLIA128-SHA256", KX_DHE, CF_CBC | CF_RSA_AUTH },
	{ 0x00BF, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", "ADH-CAMELLIA128-SHA256", KX_ANON, CF_CBC | CF_WEAK },
	{ 0x00C0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", "CAMELLIA256-SHA256", KX_RSA, CF_CBC | CF_RSA_AUTH },
	{ 0x00C1, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA256", "DH-DSS-CAMELLIA256-SHA256", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x00C2, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA256", "DH-RSA-CAMELLIA256-SHA256", KX_DH_ECDH_STATIC, CF_CBC },
	{ 0x00C3, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", "DHE-DSS-CAMELLIA256-SHA256", KX_DHE, CF_CBC | CF_DSS },
	{ 0x00C4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", "DHE-RSA-CAMELLIA256-SHA256", KX_DHE, CF_CBC | CF_RSA_AUTH },
	{ 0x00C5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", "ADH-CAMELLIA256-SHA256", KX_ANON, CF_CBC | CF_WEAK },
	{ 0x00C6, "TLS_SM4_GCM_SM3", NULL, KX_TLS13, CF_AEAD },
	{ 0x00C7, "TLS_SM4_CCM_SM3", NULL, KX_TLS13, CF_AEAD },
	{ 0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", NULL, KX_SCSV, 0 },
	{ 0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", KX_TLS13, CF_AEAD },
	{ 0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", KX_TLS13, CF_AEAD },
	{ 0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", KX_TLS13, CF_AEAD },
	{ 0x1304, "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_SHA256", KX_TLS13, CF_AEAD },
	{ 0x1305, "TLS_AES_128_CCM_8_SHA256", "TLS_AES_128_CCM_8_SHA256", KX_TLS13, CF_AEAD },
	{ 0x1306, "TLS_AEGIS_256_SHA512", NULL, KX_TLS13, CF_AEAD },
	{ 0x1307, "TLS_AEGIS_128L_SHA256", NULL, KX_TLS13, CF_AEAD },
	{ 0x5600, "TLS_FALLBACK_SCSV", NULL, KX_SCSV, 0 },
	{ 0xC001, "TLS_ECDH_ECDSA_WITH_NULL_SHA", "ECDH-ECDSA-NULL-SHA", KX_DH_ECDH_STATIC, CF_NULL | CF_ECDSA | CF_WEAK },
	{ 0xC002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA", "ECDH-ECDSA-RC4-SHA", KX_DH_ECDH_STATIC, CF_RC4 | CF_ECDSA | CF_WEAK },
	{ 0xC003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA", "ECDH-ECDSA-DES-CBC3-SHA", KX_DH_ECDH_STATIC, CF_CBC | CF_DES | CF_ECDSA | CF_WEAK },
	{ 0xC004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", "ECDH-ECDSA-AES128-SHA", KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", "ECDH-ECDSA-AES256-SHA", KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", "ECDHE-ECDSA-NULL-SHA", KX_ECDHE, CF_NULL | CF_ECDSA | CF_WEAK },
	{ 0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "ECDHE-ECDSA-RC4-SHA", KX_ECDHE, CF_RC4 | CF_ECDSA | CF_WEAK },
	{ 0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-ECDSA-DES-CBC3-SHA", KX_ECDHE, CF_CBC | CF_DES | CF_ECDSA | CF_WEAK },
	{ 0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", KX_ECDHE, CF_CBC | CF_ECDSA },
	{ 0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA", KX_ECDHE, CF_CBC | CF_ECDSA },
	{ 0xC00B, "TLS_ECDH_RSA_WITH_NULL_SHA", "ECDH-RSA-NULL-SHA", KX_DH_ECDH_STATIC, CF_NULL | CF_ECDSA | CF_WEAK },
	{ 0xC00C, "TLS_ECDH_RSA_WITH_RC4_128_SHA", "ECDH-RSA-RC4-SHA", KX_DH_ECDH_STATIC, CF_RC4 | CF_ECDSA | CF_WEAK },
	{ 0xC00D, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA", "ECDH-RSA-DES-CBC3-SHA", KX_DH_ECDH_STATIC, CF_CBC | CF_DES | CF_ECDSA | CF_WEAK },
	{ 0xC00E, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", "ECDH-RSA-AES128-SHA", KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC00F, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA", "ECDH-RSA-AES256-SHA", KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA", "ECDHE-RSA-NULL-SHA", KX_ECDHE, CF_NULL | CF_RSA_AUTH | CF_WEAK },
	{ 0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "ECDHE-RSA-RC4-SHA", KX_ECDHE, CF_RC4 | CF_RSA_AUTH | CF_WEAK },
	{ 0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-RSA-DES-CBC3-SHA", KX_ECDHE, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK },
	{ 0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", KX_ECDHE, CF_CBC | CF_RSA_AUTH },
	{ 0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA", KX_ECDHE, CF_CBC | CF_RSA_AUTH },
	{ 0xC015, "TLS_ECDH_anon_WITH_NULL_SHA", "AECDH-NULL-SHA", KX_ANON, CF_NULL | CF_WEAK },
	{ 0xC016, "TLS_ECDH_anon_WITH_RC4_128_SHA", "AECDH-RC4-SHA", KX_ANON, CF_RC4 | CF_WEAK },
	{ 0xC017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", "AECDH-DES-CBC3-SHA", KX_ANON, CF_CBC | CF_DES | CF_WEAK },
	{ 0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "AECDH-AES128-SHA", KX_ANON, CF_CBC | CF_WEAK },
	{ 0xC019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", "AECDH-AES256-SHA", KX_ANON, CF_CBC | CF_WEAK },
	{ 0xC01A, "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA", "SRP-3DES-EDE-CBC-SHA", KX_SRP, CF_CBC | CF_DES | CF_WEAK },
	{ 0xC01B, "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", "SRP-RSA-3DES-EDE-CBC-SHA", KX_SRP, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK },
	{ 0xC01C, "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA", "SRP-DSS-3DES-EDE-CBC-SHA", KX_SRP, CF_CBC | CF_DES | CF_DSS | CF_WEAK },
	{ 0xC01D, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", "SRP-AES-128-CBC-SHA", KX_SRP, CF_CBC },
	{ 0xC01E, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", "SRP-RSA-AES-128-CBC-SHA", KX_SRP, CF_CBC | CF_RSA_AUTH },
	{ 0xC01F, "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA", "SRP-DSS-AES-128-CBC-SHA", KX_SRP, CF_CBC | CF_DSS },
	{ 0xC020, "TLS_SRP_SHA_WITH_AES_256_CBC_SHA", "SRP-AES-256-CBC-SHA", KX_SRP, CF_CBC },
	{ 0xC021, "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA", "SRP-RSA-AES-256-CBC-SHA", KX_SRP, CF_CBC | CF_RSA_AUTH },
	{ 0xC022, "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA", "SRP-DSS-AES-256-CBC-SHA", KX_SRP, CF_CBC | CF_DSS },
	{ 0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256", KX_ECDHE, CF_CBC | CF_ECDSA },
	{ 0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384", KX_ECDHE, CF_CBC | CF_ECDSA },
	{ 0xC025, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256", "ECDH-ECDSA-AES128-SHA256", KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC026, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384", "ECDH-ECDSA-AES256-SHA384", KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", KX_ECDHE, CF_CBC | CF_RSA_AUTH },
	{ 0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384", KX_ECDHE, CF_CBC | CF_RSA_AUTH },
	{ 0xC029, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256", "ECDH-RSA-AES128-SHA256", KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC02A, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384", "ECDH-RSA-AES256-SHA384", KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", KX_ECDHE, CF_AEAD | CF_ECDSA },
	{ 0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384", KX_ECDHE, CF_AEAD | CF_ECDSA },
	{ 0xC02D, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", "ECDH-ECDSA-AES128-GCM-SHA256", KX_DH_ECDH_STATIC, CF_AEAD | CF_ECDSA },
	{ 0xC02E, "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384", "ECDH-ECDSA-AES256-GCM-SHA384", KX_DH_ECDH_STATIC, CF_AEAD | CF_ECDSA },
	{ 0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", KX_ECDHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", KX_ECDHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256", "ECDH-RSA-AES128-GCM-SHA256", KX_DH_ECDH_STATIC, CF_AEAD | CF_ECDSA },
	{ 0xC032, "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384", "ECDH-RSA-AES256-GCM-SHA384", KX_DH_ECDH_STATIC, CF_AEAD | CF_ECDSA },
	{ 0xC033, "TLS_ECDHE_PSK_WITH_RC4_128_SHA", "ECDHE-PSK-RC4-SHA", KX_PSK, CF_RC4 | CF_WEAK },
	{ 0xC034, "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", "ECDHE-PSK-3DES-EDE-CBC-SHA", KX_PSK, CF_CBC | CF_DES | CF_WEAK },
	{ 0xC035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", "ECDHE-PSK-AES128-CBC-SHA", KX_PSK, CF_CBC },
	{ 0xC036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", "ECDHE-PSK-AES256-CBC-SHA", KX_PSK, CF_CBC },
	{ 0xC037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", "ECDHE-PSK-AES128-CBC-SHA256", KX_PSK, CF_CBC },
	{ 0xC038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", "ECDHE-PSK-AES256-CBC-SHA384", KX_PSK, CF_CBC },
	{ 0xC039, "TLS_ECDHE_PSK_WITH_NULL_SHA", "ECDHE-PSK-NULL-SHA", KX_PSK, CF_NULL | CF_WEAK },
	{ 0xC03A, "TLS_ECDHE_PSK_WITH_NULL_SHA256", "ECDHE-PSK-NULL-SHA256", KX_PSK, CF_NULL | CF_WEAK },
	{ 0xC03B, "TLS_ECDHE_PSK_WITH_NULL_SHA384", "ECDHE-PSK-NULL-SHA384", KX_PSK, CF_NULL | CF_WEAK },
	{ 0xC03C, "TLS_RSA_WITH_ARIA_128_CBC_SHA256", NULL, KX_RSA, CF_CBC | CF_RSA_AUTH },
	{ 0xC03D, "TLS_RSA_WITH_ARIA_256_CBC_SHA384", NULL, KX_RSA, CF_CBC | CF_RSA_AUTH },
	{ 0xC03E, "TLS_DH_DSS_WITH_ARIA_128_CBC_SHA256", NULL, KX_DH_ECDH_STATIC, CF_CBC },
	{ 0xC03F, "TLS_DH_DSS_WITH_ARIA_256_CBC_SHA384", NULL, KX_DH_ECDH_STATIC, CF_CBC },
	{ 0xC040, "TLS_DH_RSA_WITH_ARIA_128_CBC_SHA256", NULL, KX_DH_ECDH_STATIC, CF_CBC },
	{ 0xC041, "TLS_DH_RSA_WITH_ARIA_256_CBC_SHA384", NULL, KX_DH_ECDH_STATIC, CF_CBC },
	{ 0xC042, "TLS_DHE_DSS_WITH_ARIA_128_CBC_SHA256", NULL, KX_DHE, CF_CBC | CF_DSS },
	{ 0xC043, "TLS_DHE_DSS_WITH_ARIA_256_CBC_SHA384", NULL, KX_DHE, CF_CBC | CF_DSS },
	{ 0xC044, "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256", NULL, KX_DHE, CF_CBC | CF_RSA_AUTH },
	{ 0xC045, "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384", NULL, KX_DHE, CF_CBC | CF_RSA_AUTH },
	{ 0xC046, "TLS_DH_anon_WITH_ARIA_128_CBC_SHA256", NULL, KX_ANON, CF_CBC | CF_WEAK },
	{ 0xC047, "TLS_DH_anon_WITH_ARIA_256_CBC_SHA384", NULL, KX_ANON, CF_CBC | CF_WEAK },
	{ 0xC048, "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256", NULL, KX_ECDHE, CF_CBC | CF_ECDSA },
	{ 0xC049, "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384", NULL, KX_ECDHE, CF_CBC | CF_ECDSA },
	{ 0xC04A, "TLS_ECDH_ECDSA_WITH_ARIA_128_CBC_SHA256", NULL, KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC04B, "TLS_ECDH_ECDSA_WITH_ARIA_256_CBC_SHA384", NULL, KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC04C, "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256", NULL, KX_ECDHE, CF_CBC | CF_RSA_AUTH },
	{ 0xC04D, "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384", NULL, KX_ECDHE, CF_CBC | CF_RSA_AUTH },
	{ 0xC04E, "TLS_ECDH_RSA_WITH_ARIA_128_CBC_SHA256", NULL, KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC04F, "TLS_ECDH_RSA_WITH_ARIA_256_CBC_SHA384", NULL, KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256", "ARIA128-GCM-SHA256", KX_RSA, CF_AEAD | CF_RSA_AUTH },
	{ 0xC051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384", "ARIA256-GCM-SHA384", KX_RSA, CF_AEAD | CF_RSA_AUTH },
	{ 0xC052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", "DHE-RSA-ARIA128-GCM-SHA256", KX_DHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", "DHE-RSA-ARIA256-GCM-SHA384", KX_DHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC054, "TLS_DH_RSA_WITH_ARIA_128_GCM_SHA256", "DH-RSA-ARIA128-GCM-SHA256", KX_DH_ECDH_STATIC, CF_AEAD },
	{ 0xC055, "TLS_DH_RSA_WITH_ARIA_256_GCM_SHA384", "DH-RSA-ARIA256-GCM-SHA384", KX_DH_ECDH_STATIC, CF_AEAD },
	{ 0xC056, "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", "DHE-DSS-ARIA128-GCM-SHA256", KX_DHE, CF_AEAD | CF_DSS },
	{ 0xC057, "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", "DHE-DSS-ARIA256-GCM-SHA384", KX_DHE, CF_AEAD | CF_DSS },
	{ 0xC058, "TLS_DH_DSS_WITH_ARIA_128_GCM_SHA256", "DH-DSS-ARIA128-GCM-SHA256", KX_DH_ECDH_STATIC, CF_AEAD },
	{ 0xC059, "TLS_DH_DSS_WITH_ARIA_256_GCM_SHA384", "DH-DSS-ARIA256-GCM-SHA384", KX_DH_ECDH_STATIC, CF_AEAD },
	{ 0xC05A, "TLS_DH_anon_WITH_ARIA_128_GCM_SHA256", "ADH-ARIA128-GCM-SHA256", KX_ANON, CF_AEAD | CF_WEAK },
	{ 0xC05B, "TLS_DH_anon_WITH_ARIA_256_GCM_SHA384", "ADH-ARIA256-GCM-SHA384", KX_ANON, CF_AEAD | CF_WEAK },
	{ 0xC05C, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", "ECDHE-ECDSA-ARIA128-GCM-SHA256", KX_ECDHE, CF_AEAD | CF_ECDSA },
	{ 0xC05D, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", "ECDHE-ECDSA-ARIA256-GCM-SHA384", KX_ECDHE, CF_AEAD | CF_ECDSA },
	{ 0xC05E, "TLS_ECDH_ECDSA_WITH_ARIA_128_GCM_SHA256", "ECDH-ECDSA-ARIA128-GCM-SHA256", KX_DH_ECDH_STATIC, CF_AEAD | CF_ECDSA },
	{ 0xC05F, "TLS_ECDH_ECDSA_WITH_ARIA_256_GCM_SHA384", "ECDH-ECDSA-ARIA256-GCM-SHA384", KX_DH_ECDH_STATIC, CF_AEAD | CF_ECDSA },
	{ 0xC060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", "ECDHE-ARIA128-GCM-SHA256", KX_ECDHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", "ECDHE-ARIA256-GCM-SHA384", KX_ECDHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC062, "TLS_ECDH_RSA_WITH_ARIA_128_GCM_SHA256", "ECDH-ARIA128-GCM-SHA256", KX_DH_ECDH_STATIC, CF_AEAD | CF_ECDSA },
	{ 0xC063, "TLS_ECDH_RSA_WITH_ARIA_256_GCM_SHA384", "ECDH-ARIA256-GCM-SHA384", KX_DH_ECDH_STATIC, CF_AEAD | CF_ECDSA },
	{ 0xC064, "TLS_PSK_WITH_ARIA_128_CBC_SHA256", NULL, KX_PSK, CF_CBC },
	{ 0xC065, "TLS_PSK_WITH_ARIA_256_CBC_SHA384", NULL, KX_PSK, CF_CBC },
	{ 0xC066, "TLS_DHE_PSK_WITH_ARIA_128_CBC_SHA256", NULL, KX_PSK, CF_CBC },
	{ 0xC067, "TLS_DHE_PSK_WITH_ARIA_256_CBC_SHA384", NULL, KX_PSK, CF_CBC },
	{ 0xC068, "TLS_RSA_PSK_WITH_ARIA_128_CBC_SHA256", NULL, KX_PSK, CF_CBC | CF_RSA_AUTH },
	{ 0xC069, "TLS_RSA_PSK_WITH_ARIA_256_CBC_SHA384", NULL, KX_PSK, CF_CBC | CF_RSA_AUTH },
	{ 0xC06A, "TLS_PSK_WITH_ARIA_128_GCM_SHA256", "PSK-ARIA128-GCM-SHA256", KX_PSK, CF_AEAD },
	{ 0xC06B, "TLS_PSK_WITH_ARIA_256_GCM_SHA384", "PSK-ARIA256-GCM-SHA384", KX_PSK, CF_AEAD },
	{ 0xC06C, "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", "DHE-PSK-ARIA128-GCM-SHA256", KX_PSK, CF_AEAD },
	{ 0xC06D, "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", "DHE-PSK-ARIA256-GCM-SHA384", KX_PSK, CF_AEAD },
	{ 0xC06E, "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", "RSA-PSK-ARIA128-GCM-SHA256", KX_PSK, CF_AEAD | CF_RSA_AUTH },
	{ 0xC06F, "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", "RSA-PSK-ARIA256-GCM-SHA384", KX_PSK, CF_AEAD | CF_RSA_AUTH },
	{ 0xC070, "TLS_ECDHE_PSK_WITH_ARIA_128_CBC_SHA256", NULL, KX_PSK, CF_CBC },
	{ 0xC071, "TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384", NULL, KX_PSK, CF_CBC },
	{ 0xC072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-ECDSA-CAMELLIA128-SHA256", KX_ECDHE, CF_CBC | CF_ECDSA },
	{ 0xC073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-ECDSA-CAMELLIA256-SHA384", KX_ECDHE, CF_CBC | CF_ECDSA },
	{ 0xC074, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", "ECDH-ECDSA-CAMELLIA128-SHA256", KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC075, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", "ECDH-ECDSA-CAMELLIA256-SHA384", KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-RSA-CAMELLIA128-SHA256", KX_ECDHE, CF_CBC | CF_RSA_AUTH },
	{ 0xC077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-RSA-CAMELLIA256-SHA384", KX_ECDHE, CF_CBC | CF_RSA_AUTH },
	{ 0xC078, "TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256", "ECDH-RSA-CAMELLIA128-SHA256", KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC079, "TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384", "ECDH-RSA-CAMELLIA256-SHA384", KX_DH_ECDH_STATIC, CF_CBC | CF_ECDSA },
	{ 0xC07A, "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256", NULL, KX_RSA, CF_AEAD | CF_RSA_AUTH },
	{ 0xC07B, "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384", NULL, KX_RSA, CF_AEAD | CF_RSA_AUTH },
	{ 0xC07C, "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", NULL, KX_DHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC07D, "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", NULL, KX_DHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC07E, "TLS_DH_RSA_WITH_CAMELLIA_128_GCM_SHA256", NULL, KX_DH_ECDH_STATIC, CF_AEAD },
	{ 0xC07F, "TLS_DH_RSA_WITH_CAMELLIA_256_GCM_SHA384", NULL, KX_DH_ECDH_STATIC, CF_AEAD },
	{ 0xC080, "TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256", NULL, KX_DHE, CF_AEAD | CF_DSS },
	{ 0xC081, "TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384", NULL, KX_DHE, CF_AEAD | CF_DSS },
	{ 0xC082, "TLS_DH_DSS_WITH_CAMELLIA_128_GCM_SHA256", NULL, KX_DH_ECDH_STATIC, CF_AEAD },
	{ 0xC083, "TLS_DH_DSS_WITH_CAMELLIA_256_GCM_SHA384", NULL, KX_DH_ECDH_STATIC, CF_AEAD },
	{ 0xC084, "TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256", NULL, KX_ANON, CF_AEAD | CF_WEAK },
	{ 0xC085, "TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384", NULL, KX_ANON, CF_AEAD | CF_WEAK },
	{ 0xC086, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", NULL, KX_ECDHE, CF_AEAD | CF_ECDSA },
	{ 0xC087, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", NULL, KX_ECDHE, CF_AEAD | CF_ECDSA },
	{ 0xC088, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", NULL, KX_DH_ECDH_STATIC, CF_AEAD | CF_ECDSA },
	{ 0xC089, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", NULL, KX_DH_ECDH_STATIC, CF_AEAD | CF_ECDSA },
	{ 0xC08A, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", NULL, KX_ECDHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC08B, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", NULL, KX_ECDHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC08C, "TLS_ECDH_RSA_WITH_CAMELLIA_128_GCM_SHA256", NULL, KX_DH_ECDH_STATIC, CF_AEAD | CF_ECDSA },
	{ 0xC08D, "TLS_ECDH_RSA_WITH_CAMELLIA_256_GCM_SHA384", NULL, KX_DH_ECDH_STATIC, CF_AEAD | CF_ECDSA },
	{ 0xC08E, "TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256", NULL, KX_PSK, CF_AEAD },
	{ 0xC08F, "TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384", NULL, KX_PSK, CF_AEAD },
	{ 0xC090, "TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256", NULL, KX_PSK, CF_AEAD },
	{ 0xC091, "TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384", NULL, KX_PSK, CF_AEAD },
	{ 0xC092, "TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256", NULL, KX_PSK, CF_AEAD | CF_RSA_AUTH },
	{ 0xC093, "TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384", NULL, KX_PSK, CF_AEAD | CF_RSA_AUTH },
	{ 0xC094, "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", "PSK-CAMELLIA128-SHA256", KX_PSK, CF_CBC },
	{ 0xC095, "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", "PSK-CAMELLIA256-SHA384", KX_PSK, CF_CBC },
	{ 0xC096, "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", "DHE-PSK-CAMELLIA128-SHA256", KX_PSK, CF_CBC },
	{ 0xC097, "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", "DHE-PSK-CAMELLIA256-SHA384", KX_PSK, CF_CBC },
	{ 0xC098, "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", "RSA-PSK-CAMELLIA128-SHA256", KX_PSK, CF_CBC | CF_RSA_AUTH },
	{ 0xC099, "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", "RSA-PSK-CAMELLIA256-SHA384", KX_PSK, CF_CBC | CF_RSA_AUTH },
	{ 0xC09A, "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-PSK-CAMELLIA128-SHA256", KX_PSK, CF_CBC },
	{ 0xC09B, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-PSK-CAMELLIA256-SHA384", KX_PSK, CF_CBC },
	{ 0xC09C, "TLS_RSA_WITH_AES_128_CCM", "AES128-CCM", KX_RSA, CF_AEAD | CF_RSA_AUTH },
	{ 0xC09D, "TLS_RSA_WITH_AES_256_CCM", "AES256-CCM", KX_RSA, CF_AEAD | CF_RSA_AUTH },
	{ 0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM", "DHE-RSA-AES128-CCM", KX_DHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM", "DHE-RSA-AES256-CCM", KX_DHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8", "AES128-CCM8", KX_RSA, CF_AEAD | CF_RSA_AUTH },
	{ 0xC0A1, "TLS_RSA_WITH_AES_256_CCM_8", "AES256-CCM8", KX_RSA, CF_AEAD | CF_RSA_AUTH },
	{ 0xC0A2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", "DHE-RSA-AES128-CCM8", KX_DHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC0A3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", "DHE-RSA-AES256-CCM8", KX_DHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xC0A4, "TLS_PSK_WITH_AES_128_CCM", "PSK-AES128-CCM", KX_PSK, CF_AEAD },
	{ 0xC0A5, "TLS_PSK_WITH_AES_256_CCM", "PSK-AES256-CCM", KX_PSK, CF_AEAD },
	{ 0xC0A6, "TLS_DHE_PSK_WITH_AES_128_CCM", "DHE-PSK-AES128-CCM", KX_PSK, CF_AEAD },
	{ 0xC0A7, "TLS_DHE_PSK_WITH_AES_256_CCM", "DHE-PSK-AES256-CCM", KX_PSK, CF_AEAD },
	{ 0xC0A8, "TLS_PSK_WITH_AES_128_CCM_8", "PSK-AES128-CCM8", KX_PSK, CF_AEAD },
	{ 0xC0A9, "TLS_PSK_WITH_AES_256_CCM_8", "PSK-AES256-CCM8", KX_PSK, CF_AEAD },
	{ 0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8", "DHE-PSK-AES128-CCM8", KX_PSK, CF_AEAD },
	{ 0xC0AB, "TLS_PSK_DHE_WITH_AES_256_CCM_8", "DHE-PSK-AES256-CCM8", KX_PSK, CF_AEAD },
	{ 0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "ECDHE-ECDSA-AES128-CCM", KX_ECDHE, CF_AEAD | CF_ECDSA },
	{ 0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", "ECDHE-ECDSA-AES256-CCM", KX_ECDHE, CF_AEAD | CF_ECDSA },
	{ 0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "ECDHE-ECDSA-AES128-CCM8", KX_ECDHE, CF_AEAD | CF_ECDSA },
	{ 0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", "ECDHE-ECDSA-AES256-CCM8", KX_ECDHE, CF_AEAD | CF_ECDSA },
	{ 0xC0B0, "TLS_ECCPWD_WITH_AES_128_GCM_SHA256", NULL, KX_SRP, CF_AEAD },
	{ 0xC0B1, "TLS_ECCPWD_WITH_AES_256_GCM_SHA384", NULL, KX_SRP, CF_AEAD },
	{ 0xC0B2, "TLS_ECCPWD_WITH_AES_128_CCM_SHA256", NULL, KX_SRP, CF_AEAD },
	{ 0xC0B3, "TLS_ECCPWD_WITH_AES_256_CCM_SHA384", NULL, KX_SRP, CF_AEAD },
	{ 0xC0B4, "TLS_SHA256_SHA256", NULL, KX_TLS13, CF_NULL | CF_WEAK },
	{ 0xC0B5, "TLS_SHA384_SHA384", NULL, KX_TLS13, CF_NULL | CF_WEAK },
	{ 0xC100, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC", "GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", KX_UNKNOWN, 0 },
	{ 0xC101, "TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC", "GOST2012-MAGMA-MAGMAOMAC", KX_UNKNOWN, 0 },
	{ 0xC102, "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT", "IANA-GOST2012-GOST8912-GOST8912", KX_UNKNOWN, 0 },
	{ 0xC103, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L", NULL, KX_TLS13, CF_AEAD },
	{ 0xC104, "TLS_GOSTR341112_256_WITH_MAGMA_MGM_L", NULL, KX_TLS13, CF_AEAD },
	{ 0xC105, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_S", NULL, KX_TLS13, CF_AEAD },
	{ 0xC106, "TLS_GOSTR341112_256_WITH_MAGMA_MGM_S", NULL, KX_TLS13, CF_AEAD },
	/* ChaCha20-Poly1305 before RFC 7905 (Chrome 2014-2016); never registered */
	{ 0xCC13, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD", NULL, KX_ECDHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xCC14, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256_OLD", NULL, KX_ECDHE, CF_AEAD | CF_ECDSA },
	{ 0xCC15, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD", NULL, KX_DHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305", KX_ECDHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305", KX_ECDHE, CF_AEAD | CF_ECDSA },
	{ 0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305", KX_DHE, CF_AEAD | CF_RSA_AUTH },
	{ 0xCCAB, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", "PSK-CHACHA20-POLY1305", KX_PSK, CF_AEAD },
	{ 0xCCAC, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-PSK-CHACHA20-POLY1305", KX_PSK, CF_AEAD },
	{ 0xCCAD, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "DHE-PSK-CHACHA20-POLY1305", KX_PSK, CF_AEAD },
	{ 0xCCAE, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", "RSA-PSK-CHACHA20-POLY1305", KX_PSK, CF_AEAD | CF_RSA_AUTH },
	{ 0xD001, "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", NULL, KX_PSK, CF_AEAD },
	{ 0xD002, "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384", NULL, KX_PSK, CF_AEAD },
	{ 0xD003, "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256", NULL, KX_PSK, CF_AEAD },
	{ 0xD005, "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256", NULL, KX_PSK, CF_AEAD },
	/* Netscape FIPS suites; IANA keeps these reserved */
	{ 0xFEFE, "SSL_RSA_FIPS_WITH_DES_CBC_SHA", NULL, KX_RSA, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK },
	{ 0xFEFF, "SSL_RSA_FIPS_WITH_3DES_EDE_CBC_SHA", NULL, KX_RSA, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK },
	/* SSL 2.0 cipher kinds 0x01-0x08, folded by the parser to 0xff00 | kind */
	{ 0xFF01, "SSL_CK_RC4_128_WITH_MD5", NULL, KX_SSL2, CF_RC4 | CF_RSA_AUTH | CF_WEAK },
	{ 0xFF02, "SSL_CK_RC4_128_EXPORT40_WITH_MD5", NULL, KX_SSL2, CF_RC4 | CF_EXPORT | CF_RSA_AUTH | CF_WEAK },
	{ 0xFF03, "SSL_CK_RC2_128_CBC_WITH_MD5", NULL, KX_SSL2, CF_CBC | CF_RSA_AUTH | CF_WEAK },
	{ 0xFF04, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5", NULL, KX_SSL2, CF_CBC | CF_EXPORT | CF_RSA_AUTH | CF_WEAK },
	{ 0xFF05, "SSL_CK_IDEA_128_CBC_WITH_MD5", NULL, KX_SSL2, CF_CBC | CF_RSA_AUTH | CF_WEAK },
	{ 0xFF06, "SSL_CK_DES_64_CBC_WITH_MD5", NULL, KX_SSL2, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK },
	{ 0xFF07, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", NULL, KX_SSL2, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK },
	{ 0xFF08, "SSL_CK_RC4_64_WITH_MD5", NULL, KX_SSL2, CF_RC4 | CF_RSA_AUTH | CF_WEAK },
	/* GOST suites at their pre-registration private-use code points */
	{ 0xFF85, "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT_LEGACY", "LEGACY-GOST2012-GOST8912-GOST8912", KX_UNKNOWN, 0 },
	{ 0xFF87, "TLS_GOSTR341112_256_WITH_NULL_GOSTR3411", "GOST2012-NULL-GOST12", KX_UNKNOWN, CF_NULL | CF_WEAK },
	/* older Netscape FIPS suites, private-use code points */
	{ 0xFFE0, "SSL_RSA_OLDFIPS_WITH_3DES_EDE_CBC_SHA", NULL, KX_RSA, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK },
	{ 0xFFE1, "SSL_RSA_OLDFIPS_WITH_DES_CBC_SHA", NULL, KX_RSA, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK },
};

const struct cipher_info *tls_cipher_info(uint16_t id)
{
	size_t lo = 0, hi = TN_COUNT(tn_ciphers);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tn_ciphers[mid].id < id)
			lo = mid + 1;
		else if (tn_ciphers[mid].id > id)
			hi = mid;
		else
			return &tn_ciphers[mid];
	}
	return NULL;
}

const char *tls_cipher_name(uint16_t id, char *buf, size_t buf_len)
{
	const struct cipher_info *ci = tls_cipher_info(id);
	if (ci != NULL)
		return ci->name;
	if (buf == NULL || buf_len == 0)
		return "";
	snprintf(buf, buf_len, "0x%04X", (unsigned)id);
	return buf;
}
