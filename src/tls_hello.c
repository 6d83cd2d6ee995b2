/*
 * tls_hello.c — ClientHello and ServerHello parsers (RFC 8446 4.1.2-4.1.4, RFC 5246 7.4.1,
 * RFC 6101 appendix E for the SSL 2.0-compatible hello), and the forms the TLS 1.3 drafts
 * gave the ServerHello and the HelloRetryRequest before draft 22 (captures of 2016-2018
 * still hold them).
 *
 * Pipeline position: tls.c (framer) → here → facts. Each parser runs on one whole
 * message; a sub-block must be consumed exactly (rd_close). Unknown extensions are
 * recorded by type and skipped.
 */
#include "tls_parse.h"

#include <string.h>

#include "tls_names.h"

bool tls_version_is_13(uint16_t v)
{
	return v == TLS_VERSION_TLS13 || (v & 0xff00) == TLS_VERSION_TLS13_DRAFT || (v & 0xff00) == TLS_VERSION_TLS13_FB_DRAFT;
}

bool tls_version_is_13_draft(uint16_t v)
{
	return (v & 0xff00) == TLS_VERSION_TLS13_DRAFT || (v & 0xff00) == TLS_VERSION_TLS13_FB_DRAFT;
}

/* Drafts 14 to 21 (and fizz's builds of 20 and 21, 0xfb14 and 0xfb15) put the version
 * in the ServerHello's first field and had neither session id nor compression method
 * there; draft 22 brought both back, behind legacy_version 0x0303 (middlebox
 * compatibility). */
static bool draft_before_22(uint16_t v)
{
	return tls_version_is_13_draft(v) && (v & 0xff) < TLS_VERSION_TLS13_DRAFT_COMPAT;
}

/* RFC 6066 section 3: ServerNameList; keeps the first host_name. */
static void parse_sni(struct reader *ext, struct tls_client_hello *ch)
{
	struct reader list;
	if (!rd_vec16(ext, &list))
		return;
	while (rd_left(&list) > 0) {
		uint8_t type;
		struct reader name;
		if (!rd_u8(&list, &type) || !rd_vec16(&list, &name))
			break;
		if (type == TLS_SNI_HOST_NAME && !ch->has_sni) {
			size_t n = rd_left(&name);
			size_t keep = n < sizeof ch->sni - 1 ? n : sizeof ch->sni - 1;
			if (!rd_copy(&name, ch->sni, keep))
				break;
			ch->sni[keep] = '\0';
			ch->sni_len = (uint16_t)keep;
			ch->has_sni = true;
		}
		if (!rd_skip(&name, rd_left(&name)))
			break;
	}
	if (!rd_close(ext, &list))
		return;
}

/* RFC 7301 section 3.1: ProtocolNameList. */
static void parse_alpn_list(struct reader *ext, struct tls_client_hello *ch)
{
	struct reader list;
	if (!rd_vec16(ext, &list))
		return;
	while (rd_left(&list) > 0) {
		struct reader name;
		if (!rd_vec8(&list, &name))
			break;
		size_t n = rd_left(&name);
		if (ch->n_alpn < BOUND_ALPN) {
			size_t keep = n < BOUND_ALPN_NAME ? n : BOUND_ALPN_NAME;
			if (!rd_copy(&name, ch->alpn[ch->n_alpn], keep))
				break;
			ch->alpn_len[ch->n_alpn] = (uint8_t)keep;
			ch->n_alpn++;
		}
		if (!rd_skip(&name, rd_left(&name)))
			break;
	}
	if (!rd_close(ext, &list))
		return;
}

static void parse_u16_list(struct reader *ext, bool len8, uint16_t *out, uint8_t *n_out, size_t cap)
{
	struct reader list;
	if (!(len8 ? rd_vec8(ext, &list) : rd_vec16(ext, &list)))
		return;
	while (rd_left(&list) >= 2) {
		uint16_t v;
		if (!rd_u16(&list, &v))
			break;
		if (*n_out < cap)
			out[(*n_out)++] = v;
	}
	if (!rd_close(ext, &list))
		return;
}

/* RFC 8446 section 4.2.8: KeyShareClientHello. */
static void parse_key_shares(struct reader *ext, struct tls_client_hello *ch)
{
	struct reader list;
	if (!rd_vec16(ext, &list))
		return;
	while (rd_left(&list) > 0) {
		uint16_t group;
		struct reader key;
		if (!rd_u16(&list, &group) || !rd_vec16(&list, &key))
			break;
		ch->key_share_bytes += (uint32_t)rd_left(&key);
		if (ch->n_key_shares < BOUND_KEY_SHARES)
			ch->key_share_groups[ch->n_key_shares++] = group;
		if (!rd_skip(&key, rd_left(&key)))
			break;
	}
	if (!rd_close(ext, &list))
		return;
}

static void parse_client_extension(uint16_t type, struct reader *ext, struct tls_client_hello *ch)
{
	switch (type) {
	case TLS_EXT_SERVER_NAME:
		parse_sni(ext, ch);
		break;
	case TLS_EXT_ALPN:
		parse_alpn_list(ext, ch);
		break;
	case TLS_EXT_SUPPORTED_GROUPS:
		parse_u16_list(ext, false, ch->groups, &ch->n_groups, BOUND_GROUPS);
		break;
	case TLS_EXT_SIGNATURE_ALGORITHMS:
		parse_u16_list(ext, false, ch->sigalgs, &ch->n_sigalgs, BOUND_SIGALGS);
		break;
	case TLS_EXT_SUPPORTED_VERSIONS:
		ch->has_supported_versions = true;
		parse_u16_list(ext, true, ch->versions, &ch->n_versions, BOUND_VERSIONS);
		break;
	case TLS_EXT_EC_POINT_FORMATS: {
		struct reader list;
		if (!rd_vec8(ext, &list))
			break;
		while (rd_left(&list) > 0) {
			uint8_t v;
			if (!rd_u8(&list, &v))
				break;
			if (ch->n_point_formats < BOUND_POINT_FORMATS)
				ch->point_formats[ch->n_point_formats++] = v;
		}
		if (!rd_close(ext, &list))
		return;
		break;
	}
	case TLS_EXT_KEY_SHARE:
		parse_key_shares(ext, ch);
		break;
	case TLS_EXT_SESSION_TICKET:
		ch->has_session_ticket = true;
		ch->session_ticket_nonempty = rd_left(ext) > 0;
		break;
	case TLS_EXT_PRE_SHARED_KEY:
		ch->has_psk = true;
		break;
	case TLS_EXT_EARLY_DATA:
		ch->has_early_data = true;
		break;
	case TLS_EXT_ECH:
		ch->has_ech = true;
		break;
	case TLS_EXT_PADDING:
		ch->has_padding = true;
		break;
	case TLS_EXT_RENEGOTIATION_INFO:
		ch->has_renegotiation_info = true;
		break;
	case TLS_EXT_STATUS_REQUEST:
		ch->has_status_request = true;
		break;
	default:
		break;
	}
	/* The extensions parsed above must be consumed exactly (a length inside them lied);
	 * the others are skipped whole. */
	bool parsed = type == TLS_EXT_SERVER_NAME || type == TLS_EXT_ALPN || type == TLS_EXT_SUPPORTED_GROUPS ||
		      type == TLS_EXT_SIGNATURE_ALGORITHMS || type == TLS_EXT_SUPPORTED_VERSIONS ||
		      type == TLS_EXT_EC_POINT_FORMATS || type == TLS_EXT_KEY_SHARE;
	if (parsed && rd_left(ext) > 0) {
		rd_fail(ext, "trailing bytes inside an extension");
		return;
	}
	if (rd_ok(ext) && !rd_skip(ext, rd_left(ext)))
		return;
}

/*
 * RFC 8446 4.1.2:
 *   struct { ProtocolVersion legacy_version; Random random[32];
 *            opaque legacy_session_id<0..32>; CipherSuite cipher_suites<2..2^16-2>;
 *            opaque legacy_compression_methods<1..2^8-1>; Extension extensions<8..2^16-1>;
 *   } ClientHello;
 */
bool tls_parse_client_hello(struct reader *r, struct tls_client_hello *ch)
{
	uint16_t record_version = ch->record_version;
	memset(ch, 0, sizeof *ch);
	ch->record_version = record_version;
	ch->length = (uint32_t)rd_left(r);
	struct reader sid, suites, comp;
	if (!rd_u16(r, &ch->legacy_version) || !rd_copy(r, ch->random, 32) || !rd_vec8(r, &sid))
		return false;
	if (rd_left(&sid) > 32) {
		rd_fail(r, "session id longer than 32 bytes");
		return false;
	}
	ch->session_id_len = (uint8_t)rd_left(&sid);
	if (!rd_copy(&sid, ch->session_id, ch->session_id_len) || !rd_close(r, &sid))
		return false;
	if (!rd_vec16(r, &suites))
		return false;
	if (rd_left(&suites) % 2 != 0) {
		rd_fail(r, "cipher suite list of odd length");
		return false;
	}
	while (rd_left(&suites) > 0) {
		uint16_t cs;
		if (!rd_u16(&suites, &cs))
			break;
		if (ch->n_ciphers < BOUND_CIPHERS)
			ch->ciphers[ch->n_ciphers++] = cs;
		if (cs == TLS_CIPHER_FALLBACK_SCSV)
			ch->offers_scsv_fallback = true;
		ch->n_ciphers_total++;
	}
	if (!rd_close(r, &suites) || !rd_vec8(r, &comp))
		return false;
	ch->n_compression = (uint8_t)rd_left(&comp);
	ch->compression_null_only = ch->n_compression == 1;
	while (rd_left(&comp) > 0) {
		uint8_t m;
		if (!rd_u8(&comp, &m))
			break;
		if (m != TLS_COMPRESSION_NULL)
			ch->compression_null_only = false;
	}
	if (!rd_close(r, &comp))
		return false;
	if (rd_left(r) == 0)
		return true; /* SSL 3.0 / early TLS hellos may carry no extensions block */
	struct reader exts;
	if (!rd_vec16(r, &exts))
		return false;
	while (rd_left(&exts) > 0) {
		uint16_t type;
		struct reader ext;
		if (!rd_u16(&exts, &type) || !rd_vec16(&exts, &ext))
			break;
		if (ch->n_exts < BOUND_EXTENSIONS)
			ch->exts[ch->n_exts++] = type;
		ch->n_exts_total++;
		parse_client_extension(type, &ext, ch);
		if (!rd_close(&exts, &ext))
			break;
	}
	if (!rd_close(r, &exts))
		return false;
	return rd_left(r) == 0 || (rd_fail(r, "bytes after the extensions"), false);
}

/*
 * RFC 6101 appendix E.1 / RFC 5246 appendix E.2: the SSL 2.0 CLIENT-HELLO, which r holds
 * from its msg_type byte on:
 *   uint8 msg_type(1); uint16 version; uint16 cipher_spec_length; uint16 session_id_length;
 *   uint16 challenge_length; V2CipherSpec cipher_specs[..]; session_id[..]; challenge[..]
 */
bool tls_parse_sslv2_client_hello(struct reader *r, struct tls_client_hello *ch)
{
	memset(ch, 0, sizeof *ch);
	ch->sslv2_format = true;
	ch->length = (uint32_t)rd_left(r);
	uint8_t type;
	uint16_t spec_len, sid_len, challenge_len;
	if (!rd_u8(r, &type) || !rd_u16(r, &ch->legacy_version) || !rd_u16(r, &spec_len) ||
	    !rd_u16(r, &sid_len) || !rd_u16(r, &challenge_len))
		return false;
	if (type != TLS_SSL2_MT_CLIENT_HELLO || spec_len % 3 != 0 || sid_len > 32 || challenge_len < 16 || challenge_len > 32) {
		rd_fail(r, "SSL 2.0 CLIENT-HELLO with impossible lengths");
		return false;
	}
	ch->record_version = TLS_VERSION_SSL2;
	struct reader specs;
	if (!rd_sub(r, spec_len, &specs))
		return false;
	while (rd_left(&specs) > 0) {
		uint8_t kind;
		uint16_t low;
		if (!rd_u8(&specs, &kind) || !rd_u16(&specs, &low))
			break;
		ch->n_ciphers_total++;
		/* Kinds with a zero first byte are TLS suites; true SSL 2.0 kinds keep their low bits. */
		if (ch->n_ciphers < BOUND_CIPHERS)
			ch->ciphers[ch->n_ciphers++] = kind == 0 ? low : (uint16_t)(0xff00 | kind);
		if (kind == 0 && low == TLS_CIPHER_FALLBACK_SCSV)
			ch->offers_scsv_fallback = true;
	}
	if (!rd_close(r, &specs))
		return false;
	ch->session_id_len = (uint8_t)sid_len;
	if (!rd_copy(r, ch->session_id, sid_len))
		return false;
	/* The challenge is right-aligned into the 32-byte random (RFC 5246 E.2). */
	if (!rd_copy(r, ch->random + (32 - challenge_len), challenge_len))
		return false;
	ch->n_compression = 1;
	ch->compression_null_only = true;
	return rd_left(r) == 0 || (rd_fail(r, "bytes after the SSL 2.0 challenge"), false);
}

/* RFC 8446 4.1.3: the HelloRetryRequest is a ServerHello with this special random. */
static const uint8_t hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

/*
 * RFC 8446 4.1.3:
 *   struct { ProtocolVersion legacy_version; Random random; opaque legacy_session_id_echo<0..32>;
 *            CipherSuite cipher_suite; uint8 legacy_compression_method; Extension extensions<6..2^16-1>;
 *   } ServerHello;
 * TLS 1.3 drafts 14 to 21 (draft-ietf-tls-tls13-18 4.1.3):
 *   struct { ProtocolVersion version; Random random; CipherSuite cipher_suite;
 *            Extension extensions<0..2^16-1>; } ServerHello;
 * recognised by their version in the first field (0x7f00 + draft, 0xfb00 + draft).
 */
bool tls_parse_server_hello(struct reader *r, struct tls_server_hello *sh, bool *is_hrr)
{
	memset(sh, 0, sizeof *sh);
	*is_hrr = false;
	if (!rd_u16(r, &sh->legacy_version) || !rd_copy(r, sh->random, 32))
		return false;
	bool early_draft = draft_before_22(sh->legacy_version);
	if (!early_draft) {
		struct reader sid;
		if (!rd_vec8(r, &sid))
			return false;
		if (rd_left(&sid) > 32) {
			rd_fail(r, "session id longer than 32 bytes");
			return false;
		}
		sh->session_id_len = (uint8_t)rd_left(&sid);
		if (!rd_copy(&sid, sh->session_id, sh->session_id_len) || !rd_close(r, &sid))
			return false;
	}
	if (!rd_u16(r, &sh->cipher))
		return false;
	if (!early_draft && !rd_u8(r, &sh->compression))
		return false;
	sh->selected_version = sh->legacy_version;
	*is_hrr = memcmp(sh->random, hrr_random, 32) == 0;
	if (rd_left(r) == 0)
		return true;
	struct reader exts;
	if (!rd_vec16(r, &exts))
		return false;
	while (rd_left(&exts) > 0) {
		uint16_t type;
		struct reader ext;
		if (!rd_u16(&exts, &type) || !rd_vec16(&exts, &ext))
			break;
		if (sh->n_exts < BOUND_EXTENSIONS)
			sh->exts[sh->n_exts++] = type;
		sh->n_exts_total++;
		switch (type) {
		case TLS_EXT_SUPPORTED_VERSIONS:
			/* RFC 8446 4.2.1: the ServerHello carries exactly one version. */
			if (rd_left(&ext) != 2)
				rd_fail(&ext, "supported_versions of a length other than 2");
			else if (rd_u16(&ext, &sh->selected_version))
				sh->has_supported_versions = true;
			break;
		case TLS_EXT_PRE_SHARED_KEY:
			sh->has_psk = true;
			break;
		case TLS_EXT_KEY_SHARE:
		case TLS_EXT_KEY_SHARE_DRAFT: {
			/* RFC 8446 4.2.8: a HelloRetryRequest names a group; a ServerHello adds the
			 * key_exchange<1..2^16-1>. */
			struct reader key;
			if (rd_u16(&ext, &sh->key_share_group) && !*is_hrr && rd_vec16(&ext, &key) &&
			    rd_skip(&key, rd_left(&key)) && !rd_close(&ext, &key))
				break;
			if (rd_ok(&ext) && rd_left(&ext) > 0)
				rd_fail(&ext, "trailing bytes inside key_share");
			break;
		}
		case TLS_EXT_ALPN: {
			/* RFC 7301 3.1: the server's list holds exactly one name. */
			struct reader list, name;
			if (!rd_vec16(&ext, &list))
				break;
			size_t n = 0;
			if (rd_vec8(&list, &name)) {
				size_t have = rd_left(&name);
				n = have < BOUND_ALPN_NAME ? have : BOUND_ALPN_NAME;
				if (!rd_copy(&name, sh->alpn, n) || !rd_skip(&name, have - n) || !rd_close(&list, &name))
					n = 0;
			}
			/* Closing the list fails the extension on a bad inner length or a second name. */
			if (rd_close(&ext, &list) && n > 0) {
				sh->alpn_len = (uint8_t)n;
				sh->has_alpn = true;
			}
			break;
		}
		default:
			break;
		}
		if (rd_ok(&ext) && !rd_skip(&ext, rd_left(&ext)))
			break;
		if (!rd_close(&exts, &ext))
			break;
	}
	if (!rd_close(r, &exts))
		return false;
	if (early_draft)
		sh->selected_version = sh->legacy_version; /* drafts carried the version here */
	return rd_left(r) == 0 || (rd_fail(r, "bytes after the extensions"), false);
}

/*
 * The HelloRetryRequest of TLS 1.3 drafts, a message of its own (type 6) until draft 24
 * made it a ServerHello. draft-ietf-tls-tls13-18 4.1.4 (drafts 14 to 18):
 *   struct { ProtocolVersion server_version; Extension extensions<2..2^16-1>; } HelloRetryRequest;
 * drafts 19 to 21 add CipherSuite cipher_suite after the version. Its key_share holds the
 * selected NamedGroup alone. Later drafts' forms are not parsed (*parsed false): the
 * message type alone says that the server asked for another ClientHello.
 */
bool tls_parse_draft_hello_retry_request(struct reader *r, struct tls_server_hello *sh, bool *parsed)
{
	memset(sh, 0, sizeof *sh);
	*parsed = false;
	uint16_t version;
	if (!rd_peek_u16(r, 0, &version) || !draft_before_22(version))
		return true;
	if (!rd_u16(r, &sh->legacy_version))
		return false;
	sh->selected_version = sh->legacy_version;
	if ((version & 0xff) >= TLS_VERSION_TLS13_DRAFT_HRR_SUITE && !rd_u16(r, &sh->cipher))
		return false;
	struct reader exts;
	if (!rd_vec16(r, &exts))
		return false;
	while (rd_left(&exts) > 0) {
		uint16_t type;
		struct reader ext;
		if (!rd_u16(&exts, &type) || !rd_vec16(&exts, &ext))
			break;
		if (sh->n_exts < BOUND_EXTENSIONS)
			sh->exts[sh->n_exts++] = type;
		sh->n_exts_total++;
		if (type == TLS_EXT_KEY_SHARE_DRAFT || type == TLS_EXT_KEY_SHARE) {
			if (rd_left(&ext) != 2)
				rd_fail(&ext, "key_share of a HelloRetryRequest other than one group");
			else if (!rd_u16(&ext, &sh->key_share_group))
				break;
		}
		if (rd_ok(&ext) && !rd_skip(&ext, rd_left(&ext)))
			break;
		if (!rd_close(&exts, &ext))
			break;
	}
	if (!rd_close(r, &exts))
		return false;
	*parsed = true;
	return rd_left(r) == 0 || (rd_fail(r, "bytes after the extensions"), false);
}
